"""The policies pages through HTTP, with the three personas: a member who may act, a member who
may only look, and an outsider who gets 404."""

import csv
import datetime as dt
import io

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from policies.models import (
    Acknowledgement,
    ApprovalRule,
    ConsentRecord,
    LexiconEntry,
    PolicyReminder,
    PolicyVersion,
)
from policies.rules import approval_requirement, review_target_hours
from policies.tasks import announce_consent_lapses, send_policy_reminders
from policies.testing import acknowledge, make_consent, pdf_upload, publish
from posts.models import Campaign
from socialops.actions import add_member, create_organization
from socialops.models import AuditEvent, Role
from socialops.navigation import home_url
from socialops.testing import PASSWORD, make_member, make_user


def url(name, org="riverside", *args):
    return reverse(f"policies:{name}", args=[org, *args])


@pytest.fixture
def policy(riverside):
    """Version 1, acknowledged by everyone."""
    version = publish(riverside.org, riverside.admin.user, body="# Policy\n\nBe kind.\n")
    for m in (riverside.admin, riverside.author, riverside.reviewer, riverside.viewer):
        acknowledge(m)
    return version


class TestReadingThePolicy:
    def test_every_member_reads_the_rendered_policy(self, riverside, policy, client):
        for m in (riverside.viewer, riverside.author):
            client.force_login(m.user)
            response = client.get(url("index"))
            assert response.status_code == 200
            assert b"<h1>Policy</h1>" in response.content
            assert b"Acknowledged" in response.content

    def test_an_outsider_gets_404(self, riverside, harbor, policy, client):
        client.force_login(harbor.admin.user)
        assert client.get(url("index")).status_code == 404
        assert client.get(url("version", "riverside", policy.pk)).status_code == 404
        # Nor through their own organization's address.
        assert client.get(url("version", "harbor-point", policy.pk)).status_code == 404

    def test_a_center_shows_its_networks_policy_and_its_local_additions(self, riverside, client):
        network = create_organization(name="River Network", slug="river-network")
        riverside.org.parent = network
        riverside.org.save(update_fields=["parent"])
        publish(network, riverside.admin.user, title="Network policy", body="Network rules")
        publish(riverside.org, riverside.admin.user, title="Riverside additions", body="Local")
        client.force_login(riverside.viewer.user)
        page = client.get(url("index")).content.decode()
        assert page.index("Network policy") < page.index("Riverside additions")
        assert "From River Network (your network)" in page


class TestPublishing:
    def test_an_admin_publishes_a_new_version_and_everyone_is_emailed(
        self, riverside, policy, client, django_capture_on_commit_callbacks, eager_celery
    ):
        client.force_login(riverside.admin.user)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                url("publish"),
                {"title": "Policy 2026", "effective_date": "2026-06-01", "body": "# New\n\nText"},
            )
        assert response.status_code == 302
        version = PolicyVersion.objects.for_org(riverside.org).get(number=2)
        assert version.published_by == riverside.admin.user
        assert sorted(m.to[0] for m in mail.outbox) == sorted(
            m.user.email for m in riverside.org.memberships.all()
        )
        assert "Policy 2026" in mail.outbox[0].subject
        assert AuditEvent.objects.filter(
            verb="policy.published", target_id=str(version.pk)
        ).exists()

    def test_a_missing_body_is_shown_next_to_the_field(self, riverside, client):
        client.force_login(riverside.admin.user)
        response = client.post(url("publish"), {"title": "T", "effective_date": "2026-06-01"})
        assert response.status_code == 400
        assert b'id="id_body_error"' in response.content
        assert not PolicyVersion.objects.exists()

    def test_a_reviewer_may_not_publish(self, riverside, policy, client):
        client.force_login(riverside.reviewer.user)
        assert client.get(url("publish")).status_code == 403
        response = client.post(
            url("publish"), {"title": "T", "effective_date": "2026-06-01", "body": "x"}
        )
        assert response.status_code == 403


class TestAcknowledging:
    def test_a_member_ticks_types_their_name_in_any_case_and_goes_on(self, riverside, client):
        publish(riverside.org, riverside.admin.user)
        client.force_login(riverside.author.user)
        name = riverside.author.user.full_name.upper()
        response = client.post(
            url("acknowledge"),
            {"confirmed": "on", "typed_name": f"  {name} ", "next": "/o/riverside/drafts/"},
        )
        assert response.status_code == 302
        assert response["Location"] == "/o/riverside/drafts/"
        record = Acknowledgement.objects.get(user=riverside.author.user)
        assert record.typed_name == name
        assert record.role == Role.AUTHOR

    def test_a_wrong_name_is_refused_with_a_clear_error(self, riverside, client):
        publish(riverside.org, riverside.admin.user)
        client.force_login(riverside.author.user)
        response = client.post(
            url("acknowledge"), {"confirmed": "on", "typed_name": "Someone Else"}
        )
        assert response.status_code == 400
        assert b"Type your full name exactly as on your account" in response.content
        assert not Acknowledgement.objects.exists()

    def test_without_the_tick_nothing_is_recorded(self, riverside, client):
        publish(riverside.org, riverside.admin.user)
        client.force_login(riverside.author.user)
        response = client.post(url("acknowledge"), {"typed_name": riverside.author.user.full_name})
        assert response.status_code == 400
        assert b"Tick the box" in response.content

    def test_an_offsite_next_is_ignored(self, riverside, client):
        publish(riverside.org, riverside.admin.user)
        client.force_login(riverside.author.user)
        response = client.post(
            url("acknowledge"),
            {
                "confirmed": "on",
                "typed_name": riverside.author.user.full_name,
                "next": "https://evil.example/",
            },
        )
        assert response["Location"] == home_url(riverside.author)

    def test_records_are_kept_when_the_member_is_removed(self, riverside, policy, client):
        from socialops.actions import remove_member

        remove_member(membership=riverside.author, by=riverside.admin.user)
        assert Acknowledgement.objects.filter(user=riverside.author.user).count() == 1


class TestGating:
    def test_a_new_version_sends_an_author_to_acknowledge_at_login(self, riverside, policy, client):
        publish(riverside.org, riverside.admin.user, body="# Version 2")
        response = client.post(
            reverse("login"),
            {"username": riverside.author.user.email, "password": PASSWORD},
            follow=True,
        )
        path, _ = response.redirect_chain[-1]
        assert path.startswith(url("acknowledge"))
        assert "next=%2Fo%2Friverside%2Fdrafts%2F" in path
        assert b"Acknowledge" in response.content
        assert b"version 2" in response.content

    def test_any_organization_page_sends_them_back_until_they_acknowledge(
        self, riverside, policy, client
    ):
        publish(riverside.org, riverside.admin.user, body="# Version 2")
        client.force_login(riverside.reviewer.user)
        response = client.get(reverse("audit", args=["riverside"]))
        assert response.status_code == 302
        assert response["Location"].startswith(url("acknowledge"))
        # The policy pages themselves stay open.
        assert client.get(url("index")).status_code == 200
        assert client.get(url("history")).status_code == 200
        acknowledge(riverside.reviewer)
        assert client.get(reverse("audit", args=["riverside"])).status_code == 200

    def test_an_htmx_request_is_redirected_as_a_whole_page(self, riverside, policy, client):
        publish(riverside.org, riverside.admin.user, body="# Version 2")
        client.force_login(riverside.admin.user)
        response = client.post(
            url("content_rule_add"),
            {"rule_kind": "staff", "name": "Dr. Ana Ruiz"},
            headers={"HX-Request": "true"},
        )
        assert response.status_code == 200
        assert response["HX-Redirect"] == url("acknowledge")

    def test_a_viewer_only_reads_and_is_not_held(self, riverside, client):
        publish(riverside.org, riverside.admin.user)
        client.force_login(riverside.viewer.user)
        assert client.get(reverse("analytics:dashboard", args=["riverside"])).status_code == 200

    def test_the_decorator_refuses_a_gated_write_even_without_the_middleware(
        self, riverside, policy, client, settings
    ):
        settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "PolicyGate" not in m]
        publish(riverside.org, riverside.admin.user, body="# Version 2")
        client.force_login(riverside.admin.user)
        response = client.post(
            url("content_rule_add"),
            {"rule_kind": "staff", "name": "Dr. Ana Ruiz", "title": "Director"},
        )
        assert response.status_code == 302
        assert response["Location"].startswith(url("acknowledge"))
        assert not riverside.org.audit_events.filter(verb="policy.staff_added").exists()

    def test_an_organization_without_a_policy_holds_nobody(self, riverside, client):
        client.force_login(riverside.author.user)
        assert client.get(reverse("posts:drafts", args=["riverside"])).status_code == 200


class TestTrainingRecords:
    def test_reviewers_see_who_has_acknowledged_per_person_and_version(
        self, riverside, policy, client
    ):
        late = make_member(riverside.org, Role.AUTHOR, full_name="Late Larry")
        client.force_login(riverside.reviewer.user)
        page = client.get(url("training")).content.decode()
        assert "1 member still to acknowledge" in page
        assert "Late Larry" in page
        response = client.get(url("training"), {"person": riverside.author.user_id})
        assert response.context["records"].count() == 1
        response = client.get(url("training"), {"version": policy.pk})
        assert response.context["records"].count() == 4
        assert late.user.email in page

    def test_the_csv_export_parses_and_has_one_row_per_record(self, riverside, policy, client):
        client.force_login(riverside.admin.user)
        response = client.get(url("training_export"))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
        assert len(rows) == 4
        author = next(r for r in rows if r["email"] == riverside.author.user.email)
        assert author["typed_name"] == riverside.author.user.full_name
        assert author["policy_version"] == "1"
        assert author["role"] == "author"

    def test_authors_and_viewers_may_not_see_others_records(self, riverside, policy, client):
        for m in (riverside.author, riverside.viewer):
            client.force_login(m.user)
            assert client.get(url("training")).status_code == 403
            assert client.get(url("training_export")).status_code == 403

    def test_reminders_go_once_a_day_to_those_who_have_not_acknowledged(
        self, riverside, policy, client
    ):
        late = make_member(riverside.org, Role.AUTHOR)
        mail.outbox.clear()
        assert send_policy_reminders() == 1
        assert send_policy_reminders() == 0
        assert [m.to for m in mail.outbox] == [[late.user.email]]
        assert "Reminder" in mail.outbox[0].subject
        assert PolicyReminder.objects.filter(user=late.user).count() == 1

    def test_a_person_in_two_organizations_gets_one_reminder_listing_both(
        self, riverside, harbor, policy
    ):
        publish(harbor.org, harbor.admin.user, title="Harbor policy")
        both = make_member(riverside.org, Role.AUTHOR)
        add_member(organization=harbor.org, user=both.user, role=Role.REVIEWER, by=None)
        mail.outbox.clear()
        send_policy_reminders()
        to_both = [m for m in mail.outbox if m.to == [both.user.email]]
        assert len(to_both) == 1
        assert "Riverside Community Health" in to_both[0].body
        assert "Harbor Point Health Center" in to_both[0].body
        assert "/o/harbor-point/policies/acknowledge/" in to_both[0].body


class TestDiff:
    def test_the_diff_page_marks_added_and_removed_lines_in_words(self, riverside, policy, client):
        v2 = publish(riverside.org, riverside.admin.user, body="# Policy\n\nBe kind and brief.\n")
        acknowledge(riverside.viewer)
        client.force_login(riverside.viewer.user)
        response = client.get(url("diff"), {"old": policy.pk, "new": v2.pk})
        page = response.content.decode()
        assert response.status_code == 200
        assert "+ Added" in page and "\u2212 Removed" in page
        assert "<del>Be kind.</del>" in page
        assert "<ins>Be kind and brief.</ins>" in page

    def test_a_version_of_another_organization_is_404(self, riverside, harbor, policy, client):
        theirs = publish(harbor.org, harbor.admin.user)
        client.force_login(riverside.admin.user)
        assert client.get(url("diff"), {"old": policy.pk, "new": theirs.pk}).status_code == 404


class TestContentRules:
    def test_an_admin_adds_and_removes_a_lexicon_entry_over_htmx(self, riverside, policy, client):
        client.force_login(riverside.admin.user)
        response = client.post(
            url("content_rule_add"),
            {"rule_kind": "lexicon", "kind": "word", "text": "miracle", "severity": "block",
             "reason": "overstates"},
            headers={"HX-Request": "true"},
        )  # fmt: skip
        assert response.status_code == 200
        assert b'id="rules-lexicon"' in response.content
        assert b"miracle" in response.content
        entry = LexiconEntry.objects.get(organization=riverside.org)
        response = client.post(
            url("content_rule_remove", "riverside", "lexicon", entry.pk),
            headers={"HX-Request": "true"},
        )
        assert response.status_code == 200
        assert not LexiconEntry.objects.exists()
        verbs = riverside.org.audit_events.values_list("verb", flat=True)
        assert {"policy.lexicon_added", "policy.lexiconentry_removed"} <= set(verbs)

    def test_a_bad_entry_comes_back_with_the_error_by_its_field(self, riverside, policy, client):
        client.force_login(riverside.admin.user)
        response = client.post(
            url("content_rule_add"),
            {"rule_kind": "link", "kind": "blocked_domain", "value": "not a domain"},
        )
        assert response.status_code == 400
        assert b'id="id_link_value_error"' in response.content

    def test_an_author_reads_the_rules_but_may_not_change_them(self, riverside, policy, client):
        client.force_login(riverside.author.user)
        response = client.get(url("content_rules"))
        assert response.status_code == 200
        assert b"Only admins change them" in response.content
        response = client.post(
            url("content_rule_add"), {"rule_kind": "staff", "name": "X Y", "title": ""}
        )
        assert response.status_code == 403

    def test_a_viewer_and_an_outsider_cannot_open_them(self, riverside, harbor, policy, client):
        client.force_login(riverside.viewer.user)
        assert client.get(url("content_rules")).status_code == 403
        client.force_login(harbor.admin.user)
        assert client.get(url("content_rules")).status_code == 404


class TestApprovalRulesPage:
    def test_an_admin_saves_the_organizations_rule(self, riverside, policy, client):
        client.force_login(riverside.admin.user)
        response = client.post(
            url("approval_rules"),
            {"sign_offs": "3", "required_roles": ["reviewer", "admin"], "crisis_raises": "on"},
        )
        assert response.status_code == 302
        rule = ApprovalRule.objects.get(organization=riverside.org)
        assert (rule.sign_offs, rule.required_roles) == (3, ["admin", "reviewer"])
        assert (rule.patient_story_raises, rule.crisis_raises) == (False, True)

    def test_an_impossible_rule_is_refused_next_to_its_field(self, riverside, policy, client):
        client.force_login(riverside.admin.user)
        response = client.post(url("approval_rules"), {"sign_offs": "4"})
        assert response.status_code == 400
        assert b'id="id_sign_offs_error"' in response.content

    def test_a_reviewer_reads_and_may_not_change(self, riverside, policy, client):
        client.force_login(riverside.reviewer.user)
        assert client.get(url("approval_rules")).status_code == 200
        assert client.post(url("approval_rules"), {"sign_offs": "2"}).status_code == 403
        client.force_login(riverside.author.user)
        assert client.get(url("approval_rules")).status_code == 403


class TestReviewTargetAndCampaignRules:
    def test_an_admin_sets_the_review_target_with_the_rule(self, riverside, policy, client):
        client.force_login(riverside.admin.user)
        response = client.post(
            url("approval_rules"),
            {"sign_offs": "2", "required_roles": ["reviewer"], "review_target_hours": "8"},
        )
        assert response.status_code == 302
        rule = ApprovalRule.objects.get(organization=riverside.org)
        assert rule.review_target_hours == 8
        assert review_target_hours(riverside.org) == 8
        page = client.get(url("approval_rules")).content.decode()
        assert 'name="review_target_hours" value="8"' in page

    @pytest.mark.parametrize("hours", ["0", "200", "soon"])
    def test_a_bad_review_target_is_refused_next_to_its_field(
        self, riverside, policy, client, hours
    ):
        client.force_login(riverside.admin.user)
        response = client.post(
            url("approval_rules"), {"sign_offs": "2", "review_target_hours": hours}
        )
        assert response.status_code == 400
        assert b'id="id_review_target_hours_error"' in response.content
        assert not ApprovalRule.objects.filter(organization=riverside.org).exists()

    def test_leaving_the_review_target_out_keeps_it(self, riverside, policy, client):
        client.force_login(riverside.admin.user)
        client.post(url("approval_rules"), {"sign_offs": "2", "review_target_hours": "12"})
        client.post(url("approval_rules"), {"sign_offs": "3", "review_target_hours": ""})
        rule = ApprovalRule.objects.get(organization=riverside.org)
        assert (rule.sign_offs, rule.review_target_hours) == (3, 12)

    def test_a_reviewer_reads_the_review_target(self, riverside, policy, client):
        client.force_login(riverside.reviewer.user)
        assert "Review target: 24 hours" in client.get(url("approval_rules")).content.decode()

    def test_an_admin_gives_a_campaign_a_stricter_rule_and_removes_it(
        self, riverside, policy, client
    ):
        campaign = Campaign.objects.create(organization=riverside.org, name="Flu season")
        client.force_login(riverside.admin.user)
        page = client.get(url("approval_rules")).content.decode()
        assert "Add or change a campaign's rule" in page and "Flu season" in page
        response = client.post(
            url("approval_rule_campaign"),
            {"campaign": campaign.pk, "sign_offs": "3", "required_roles": ["admin"]},
        )
        assert response.status_code == 302
        rule = ApprovalRule.objects.get(organization=riverside.org, campaign=campaign)
        assert (rule.sign_offs, rule.required_roles, rule.social_account) == (3, ["admin"], None)
        requirement = approval_requirement(
            riverside.org, accounts=[], campaign=campaign.pk, patient_story=False,
            phi_override=False, crisis=False,
        )  # fmt: skip
        assert requirement.count == 3
        page = client.get(url("approval_rules")).content.decode()
        assert "the rule for Flu season" in page
        # The organization's own rule is still the default, not the campaign's.
        assert 'name="sign_offs"' in page and "No campaign has a rule" not in page
        client.post(url("approval_rule_remove", "riverside", rule.pk))
        assert not ApprovalRule.objects.filter(campaign=campaign).exists()

    def test_a_campaign_rule_needs_a_campaign_of_the_organization(
        self, riverside, harbor, policy, client
    ):
        theirs = Campaign.objects.create(organization=harbor.org, name="Theirs")
        Campaign.objects.create(organization=riverside.org, name="Ours")
        client.force_login(riverside.admin.user)
        for campaign in ("", theirs.pk):
            response = client.post(
                url("approval_rule_campaign"), {"campaign": campaign, "sign_offs": "2"}
            )
            assert response.status_code == 400
            assert b'id="id_campaign_campaign_error"' in response.content
        assert not ApprovalRule.objects.exists()

    def test_reviewers_may_not_set_a_campaign_rule_and_outsiders_find_nothing(
        self, riverside, harbor, policy, client
    ):
        campaign = Campaign.objects.create(organization=riverside.org, name="Flu season")
        data = {"campaign": campaign.pk, "sign_offs": "3"}
        client.force_login(riverside.reviewer.user)
        assert client.post(url("approval_rule_campaign"), data).status_code == 403
        client.force_login(harbor.admin.user)
        assert client.post(url("approval_rule_campaign"), data).status_code == 404
        assert not ApprovalRule.objects.exists()


class TestConsentPages:
    def test_a_reviewer_keeps_a_consent_with_its_signed_form(self, riverside, policy, client):
        client.force_login(riverside.reviewer.user)
        response = client.post(
            url("consent_new"),
            {"title": "Story", "subject_name": "Rosa Delgado", "platforms": ["facebook"],
             "kinds": ["story"], "valid_from": "2026-01-01", "valid_until": "2026-12-31",
             "document": pdf_upload()},
        )  # fmt: skip
        assert response.status_code == 302
        consent = ConsentRecord.objects.get()
        page = client.get(url("consent", "riverside", consent.pk)).content.decode()
        assert "Rosa Delgado" in page
        document = client.get(url("consent_document", "riverside", consent.pk))
        assert document.status_code == 200
        assert document["Content-Type"] == "application/pdf"
        assert b"".join(document.streaming_content).startswith(b"%PDF-")

    def test_a_fake_document_is_refused_and_nothing_is_kept(self, riverside, policy, client):
        from django.core.files.uploadedfile import SimpleUploadedFile

        client.force_login(riverside.reviewer.user)
        response = client.post(
            url("consent_new"),
            {"title": "Story", "subject_name": "Rosa Delgado", "platforms": ["facebook"],
             "kinds": ["story"], "valid_from": "2026-01-01", "valid_until": "2026-12-31",
             "document": SimpleUploadedFile("x.pdf", b"MZ executable")},
        )  # fmt: skip
        assert response.status_code == 400
        assert b'id="id_document_error"' in response.content
        assert not ConsentRecord.objects.exists()

    def test_an_author_sees_the_list_but_not_the_patient_or_the_form(
        self, riverside, policy, client
    ):
        consent = make_consent(riverside.org, riverside.reviewer.user)
        client.force_login(riverside.author.user)
        assert client.get(url("consents")).status_code == 200
        page = client.get(url("consent", "riverside", consent.pk)).content.decode()
        assert "Rosa" not in page
        assert "Shown to reviewers and admins only" in page
        assert client.get(url("consent_document", "riverside", consent.pk)).status_code == 403
        assert (
            client.post(url("consent_revoke", "riverside", consent.pk), {"reason": "x"}).status_code
            == 403
        )

    def test_an_outsider_cannot_reach_the_signed_form(self, riverside, harbor, policy, client):
        consent = make_consent(riverside.org, riverside.reviewer.user)
        client.force_login(harbor.admin.user)
        assert client.get(url("consent_document", "riverside", consent.pk)).status_code == 404
        assert client.get(url("consent_document", "harbor-point", consent.pk)).status_code == 404

    def test_a_reviewer_revokes_with_a_reason(self, riverside, policy, client):
        consent = make_consent(riverside.org, riverside.reviewer.user)
        client.force_login(riverside.reviewer.user)
        response = client.post(url("consent_revoke", "riverside", consent.pk), {"reason": ""})
        assert response.status_code == 400
        response = client.post(
            url("consent_revoke", "riverside", consent.pk), {"reason": "Patient withdrew"}
        )
        assert response.status_code == 302
        consent.refresh_from_db()
        assert consent.revoked_reason == "Patient withdrew"

    def test_the_expiring_page_lists_consents_ending_within_30_days(
        self, riverside, policy, client
    ):
        today = timezone.localdate()
        make_consent(riverside.org, riverside.admin.user, valid_until=today + dt.timedelta(days=5))
        client.force_login(riverside.author.user)
        response = client.get(url("consents_expiring"))
        assert len(response.context["consents"]) == 1
        assert b"Ends soon" in response.content

    def test_lapsed_consents_are_announced_once_to_reviewers_and_admins(
        self, riverside, policy, django_capture_on_commit_callbacks
    ):
        today = timezone.localdate()
        expired = make_consent(
            riverside.org, riverside.admin.user, valid_from=today - dt.timedelta(days=30),
            valid_until=today - dt.timedelta(days=1),
        )  # fmt: skip
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            assert announce_consent_lapses() == 1
            assert announce_consent_lapses() == 0
        assert len(mail.outbox) == 1
        assert sorted(mail.outbox[0].to) == sorted(
            [riverside.admin.user.email, riverside.reviewer.user.email]
        )
        assert "has expired" in mail.outbox[0].subject
        assert riverside.org.audit_events.filter(
            verb="consent.expired", target_id=str(expired.pk)
        ).exists()


def test_the_subnavigation_follows_the_role(riverside, policy, client):
    expected = {
        Role.ADMIN: ["Policy", "Training records", "Content rules", "Approval rules", "Consents"],
        Role.REVIEWER: [
            "Policy",
            "Training records",
            "Content rules",
            "Approval rules",
            "Consents",
        ],
        Role.AUTHOR: ["Policy", "Content rules", "Consents"],
        Role.VIEWER: ["Policy"],
    }
    for role, labels in expected.items():
        client.force_login(getattr(riverside, role).user)
        response = client.get(url("index"))
        assert [item["label"] for item in response.context["subnav"]] == labels


def test_a_person_new_to_a_center_of_a_network_acknowledges_both_halves(riverside, client):
    network = create_organization(name="River Network", slug="river-network")
    riverside.org.parent = network
    riverside.org.save(update_fields=["parent"])
    network_v1 = publish(network, riverside.admin.user, title="Network policy")
    user = make_user(full_name="Nia Brooks")
    membership = add_member(organization=riverside.org, user=user, role=Role.AUTHOR, by=None)
    from policies.access import pending_policy

    assert pending_policy(membership) == network_v1
    record = acknowledge(membership)
    assert (record.version, record.network_version) == (None, network_v1)
    assert pending_policy(membership) is None
    local = publish(riverside.org, riverside.admin.user, title="Local additions")
    assert pending_policy(membership) == local


class TestQueryBudgets:
    """The lists stay flat as the organization grows: no query per row."""

    def test_training_consents_and_their_api_lists_stay_within_budget(
        self, riverside, policy, client, django_assert_max_num_queries
    ):
        for _ in range(20):
            acknowledge(make_member(riverside.org, Role.AUTHOR))
            make_consent(riverside.org, riverside.reviewer.user)
        client.force_login(riverside.admin.user)
        # Each page's budget includes the header's two: the notification bell and the crisis
        # pause banner.
        for name, budget in [("training", 18), ("consents", 16), ("content_rules", 20)]:
            with django_assert_max_num_queries(budget):
                assert client.get(url(name)).status_code == 200
        for name in ("acknowledgement-list", "consent-list"):
            with django_assert_max_num_queries(10):
                assert client.get(reverse(name, args=["riverside"])).status_code == 200


def test_a_network_version_is_announced_to_its_centers_members(
    riverside, django_capture_on_commit_callbacks, eager_celery
):
    network = create_organization(name="River Network", slug="river-network")
    riverside.org.parent = network
    riverside.org.save(update_fields=["parent"])
    network_admin = make_member(network, Role.ADMIN)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        publish(network, network_admin.user, title="Network policy")
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [network_admin.user.email]
        + [m.user.email for m in riverside.org.memberships.select_related("user")]
    )
