"""The policies API, with the three personas and the acknowledgement gate."""

import pytest
from django.urls import reverse

from policies.models import Acknowledgement, ConsentRecord, LexiconEntry, PolicyVersion
from policies.testing import acknowledge, make_consent, pdf_upload, publish
from posts.models import Campaign
from posts.testing import make_account


def api(name, org="riverside", **kwargs):
    return reverse(name, kwargs={"org_slug": org, **kwargs})


@pytest.fixture
def policy(riverside):
    version = publish(riverside.org, riverside.admin.user)
    for m in (riverside.admin, riverside.author, riverside.reviewer, riverside.viewer):
        acknowledge(m)
    return version


class TestPolicyVersions:
    def test_an_admin_publishes_and_everyone_reads(self, riverside, policy, client):
        client.force_login(riverside.admin.user)
        response = client.post(
            api("policy-version-list"),
            {"title": "v2", "body": "# Two", "effective_date": "2026-07-01"},
            content_type="application/json",
        )
        assert response.status_code == 201, response.json()
        assert response.json()["number"] == 2
        client.force_login(riverside.viewer.user)
        listed = client.get(api("policy-version-list")).json()["results"]
        assert [v["number"] for v in listed] == [2, 1]
        assert listed[0]["body_html"] == "<h1>Two</h1>"

    def test_a_reviewer_may_not_publish(self, riverside, policy, client):
        client.force_login(riverside.reviewer.user)
        response = client.post(
            api("policy-version-list"),
            {"title": "v2", "body": "x", "effective_date": "2026-07-01"},
            content_type="application/json",
        )
        assert response.status_code == 403
        assert PolicyVersion.objects.count() == 1

    def test_an_outsider_gets_404(self, riverside, harbor, policy, client):
        client.force_login(harbor.admin.user)
        assert client.get(api("policy-version-list")).status_code == 404
        assert client.get(api("policy-version-current")).status_code == 404

    def test_current_names_the_pending_version(self, riverside, policy, client):
        v2 = publish(riverside.org, riverside.admin.user, body="v2")
        client.force_login(riverside.author.user)
        body = client.get(api("policy-version-current")).json()
        assert body["local"]["number"] == 2
        assert body["network"] is None
        assert body["pending"] == v2.pk


class TestAcknowledgements:
    def test_a_member_acknowledges_over_the_api(self, riverside, client):
        publish(riverside.org, riverside.admin.user)
        client.force_login(riverside.viewer.user)
        response = client.post(
            api("acknowledgement-list"),
            {"typed_name": riverside.viewer.user.full_name.lower(), "confirmed": True},
            content_type="application/json",
        )
        assert response.status_code == 201, response.json()
        assert response.json()["version"] == 1

    def test_a_wrong_name_is_a_400_on_the_field(self, riverside, client):
        publish(riverside.org, riverside.admin.user)
        client.force_login(riverside.author.user)
        response = client.post(
            api("acknowledgement-list"),
            {"typed_name": "Nobody", "confirmed": True},
            content_type="application/json",
        )
        assert response.status_code == 400
        assert "typed_name" in response.json()
        assert not Acknowledgement.objects.exists()

    def test_reviewers_list_records_and_authors_may_not(self, riverside, policy, client):
        client.force_login(riverside.reviewer.user)
        response = client.get(api("acknowledgement-list"), {"user": riverside.author.user_id})
        assert [r["user_email"] for r in response.json()["results"]] == [
            riverside.author.user.email
        ]
        client.force_login(riverside.author.user)
        assert client.get(api("acknowledgement-list")).status_code == 403


class TestContentRules:
    def test_an_admin_creates_and_deletes_a_lexicon_entry(self, riverside, policy, client):
        client.force_login(riverside.admin.user)
        response = client.post(
            api("lexicon-entry-list"),
            {"kind": "word", "text": "cure", "severity": "block", "reason": "promises"},
            content_type="application/json",
        )
        assert response.status_code == 201, response.json()
        entry_id = response.json()["id"]
        assert client.delete(api("lexicon-entry-detail", pk=entry_id)).status_code == 204
        assert not LexiconEntry.objects.exists()

    def test_bad_input_is_a_400_with_the_field(self, riverside, policy, client):
        client.force_login(riverside.admin.user)
        response = client.post(
            api("disclaimer-list"), {"text": "Not advice", "platforms": ["myspace"]},
            content_type="application/json",
        )  # fmt: skip
        assert response.status_code == 400
        assert "platforms" in response.json()

    def test_an_author_reads_but_may_not_write(self, riverside, policy, client):
        client.force_login(riverside.author.user)
        assert client.get(api("link-rule-list")).status_code == 200
        response = client.post(
            api("staff-member-list"), {"name": "A B"}, content_type="application/json"
        )
        assert response.status_code == 403

    def test_a_write_waits_for_the_acknowledgement_and_names_the_version(
        self, riverside, policy, client
    ):
        publish(riverside.org, riverside.admin.user, title="Policy 2026")
        client.force_login(riverside.admin.user)
        response = client.post(
            api("contact-detail-list"), {"kind": "phone", "value": "(555) 555-0142"},
            content_type="application/json",
        )  # fmt: skip
        assert response.status_code == 403
        assert 'Acknowledge "Policy 2026" (version 2)' in response.json()["detail"]
        # Reading is not held.
        assert client.get(api("contact-detail-list")).status_code == 200


class TestApprovalRules:
    def test_an_admin_sets_the_rule_and_a_reviewer_reads_it(self, riverside, policy, client):
        client.force_login(riverside.admin.user)
        response = client.post(
            api("approval-rule-list"),
            {"sign_offs": 3, "required_roles": ["reviewer"]},
            content_type="application/json",
        )
        assert response.status_code == 201, response.json()
        client.force_login(riverside.reviewer.user)
        [rule] = client.get(api("approval-rule-list")).json()["results"]
        assert (rule["sign_offs"], rule["social_account"]) == (3, None)
        client.force_login(riverside.author.user)
        assert client.get(api("approval-rule-list")).status_code == 403

    def test_two_or_three_only(self, riverside, policy, client):
        client.force_login(riverside.admin.user)
        response = client.post(
            api("approval-rule-list"), {"sign_offs": 5}, content_type="application/json"
        )
        assert response.status_code == 400
        assert "sign_offs" in response.json()


class TestApprovalRuleTargetsAndCampaigns:
    def test_an_admin_sets_the_review_target_on_the_organizations_rule(
        self, riverside, policy, client
    ):
        client.force_login(riverside.admin.user)
        response = client.post(
            api("approval-rule-list"),
            {"sign_offs": 2, "required_roles": ["reviewer"], "review_target_hours": 6},
            content_type="application/json",
        )
        assert response.status_code == 201, response.json()
        assert response.json()["review_target_hours"] == 6
        assert response.json()["campaign"] is None

    @pytest.mark.parametrize("hours", [0, 500, -1, "soon"])
    def test_a_bad_review_target_is_a_field_error(self, riverside, policy, client, hours):
        client.force_login(riverside.admin.user)
        response = client.post(
            api("approval-rule-list"),
            {"sign_offs": 2, "review_target_hours": hours},
            content_type="application/json",
        )
        assert response.status_code == 400
        assert "review_target_hours" in response.json()

    def test_an_admin_sets_a_campaigns_stricter_rule(self, riverside, policy, client):
        campaign = Campaign.objects.create(organization=riverside.org, name="Flu season")
        client.force_login(riverside.admin.user)
        response = client.post(
            api("approval-rule-list"),
            {"campaign": campaign.pk, "sign_offs": 3, "required_roles": ["reviewer"]},
            content_type="application/json",
        )
        assert response.status_code == 201, response.json()
        assert (response.json()["campaign"], response.json()["sign_offs"]) == (campaign.pk, 3)

    def test_a_rule_is_for_one_of_the_organizations_campaigns_and_not_also_an_account(
        self, riverside, harbor, policy, client
    ):
        theirs = Campaign.objects.create(organization=harbor.org, name="Theirs")
        ours = Campaign.objects.create(organization=riverside.org, name="Ours")
        account = make_account(riverside.org)
        client.force_login(riverside.admin.user)
        response = client.post(
            api("approval-rule-list"), {"campaign": theirs.pk, "sign_offs": 3},
            content_type="application/json",
        )  # fmt: skip
        assert response.status_code == 400 and "campaign" in response.json()
        response = client.post(
            api("approval-rule-list"),
            {"campaign": ours.pk, "social_account": account.pk, "sign_offs": 3},
            content_type="application/json",
        )
        assert response.status_code == 400
        assert "non_field_errors" in response.json()
        client.force_login(riverside.reviewer.user)
        response = client.post(
            api("approval-rule-list"), {"campaign": ours.pk, "sign_offs": 3},
            content_type="application/json",
        )  # fmt: skip
        assert response.status_code == 403
        client.force_login(harbor.admin.user)
        response = client.post(
            api("approval-rule-list"), {"campaign": ours.pk, "sign_offs": 3},
            content_type="application/json",
        )  # fmt: skip
        assert response.status_code == 404


class TestConsents:
    def test_a_reviewer_creates_one_with_a_document_and_sees_the_subject(
        self, riverside, policy, client
    ):
        client.force_login(riverside.reviewer.user)
        response = client.post(
            api("consent-list"),
            {"title": "Story", "subject_name": "Rosa Delgado", "platforms": ["facebook"],
             "kinds": ["story"], "valid_from": "2026-01-01", "valid_until": "2026-12-31",
             "document": pdf_upload()},
        )  # fmt: skip
        assert response.status_code == 201, response.json()
        assert response.json()["subject"] == {"name": "Rosa Delgado", "contact": ""}
        assert "document" not in response.json()

    def test_an_author_lists_them_without_the_subject_and_may_not_create(
        self, riverside, policy, client
    ):
        make_consent(riverside.org, riverside.reviewer.user)
        client.force_login(riverside.author.user)
        [listed] = client.get(api("consent-list")).json()["results"]
        assert listed["subject"] is None
        assert "Rosa" not in str(listed)
        response = client.post(api("consent-list"), {"title": "x"})
        assert response.status_code == 403

    def test_revoke_needs_a_reason_and_a_keeper(self, riverside, policy, client):
        consent = make_consent(riverside.org, riverside.reviewer.user)
        url = api("consent-revoke", pk=consent.pk)
        client.force_login(riverside.author.user)
        assert client.post(url, {"reason": "x"}, content_type="application/json").status_code == 403
        client.force_login(riverside.admin.user)
        assert client.post(url, {}, content_type="application/json").status_code == 400
        response = client.post(url, {"reason": "Withdrew"}, content_type="application/json")
        assert response.status_code == 200
        assert response.json()["status"] == "revoked"

    def test_another_organizations_consent_is_404(self, riverside, harbor, policy, client):
        consent = make_consent(riverside.org, riverside.reviewer.user)
        client.force_login(harbor.admin.user)
        url = api("consent-detail", org="harbor-point", pk=consent.pk)
        assert client.get(url).status_code == 404
        assert ConsentRecord.objects.count() == 1


def test_the_schema_renders_with_the_policies_endpoints(riverside, client):
    client.force_login(riverside.admin.user)
    response = client.get(reverse("schema"))
    assert response.status_code == 200
    assert b"/api/v1/orgs/{org_slug}/consents/{id}/revoke/" in response.content


def test_an_admin_with_a_pending_version_acknowledges_before_publishing(riverside, policy, client):
    publish(riverside.org, riverside.admin.user, body="v2")
    client.force_login(riverside.admin.user)
    body = {"title": "v3", "body": "x", "effective_date": "2026-07-01"}
    response = client.post(api("policy-version-list"), body, content_type="application/json")
    assert response.status_code == 403
    assert "(version 2)" in response.json()["detail"]
    acknowledge(riverside.admin)
    response = client.post(api("policy-version-list"), body, content_type="application/json")
    assert response.status_code == 201
