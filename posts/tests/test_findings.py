"""Policy, PHI and consent findings in the editor and the API; the policy gate on drafting; a
lapsed consent holding the posts that use it."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from policies import actions as policy_actions
from policies.testing import acknowledge, make_consent, publish
from posts.models import Post
from posts.testing import make_account, make_post
from socialops.actions import ActionError


def _check(client, post, body, **extra):
    data = {
        "body": body,
        "accounts": [v.account_id for v in post.variants.all()],
        "language": "en",
        "version": post.version,
    } | extra
    return client.post(reverse("posts:check", args=["riverside", post.pk]), data)


def test_a_draft_naming_a_patient_shows_the_phi_finding_while_typing(client, riverside):
    post = make_post(riverside.author, [make_account(riverside.org, "facebook")])
    client.force_login(riverside.author.user)
    body = _check(client, post, "Get well soon Maria Gonzalez after your knee surgery!").content
    text = body.decode()
    assert "Must fix" in text
    assert "knee surgery" in text or "surgery" in text
    assert "names" in text.lower()


def test_the_organization_s_own_phone_and_staff_are_not_phi(client, riverside):
    post = make_post(riverside.author, [make_account(riverside.org, "facebook")])
    by = riverside.admin.user
    policy_actions.add_contact_detail(
        organization=riverside.org, by=by, kind="phone", value="(555) 010-4400"
    )
    policy_actions.add_staff_member(organization=riverside.org, by=by, name="Dr. Ana Ruiz")
    client.force_login(riverside.author.user)
    text = _check(
        client, post, "Meet Dr. Ana Ruiz, our new pediatrician! Call (555) 010-4400 to book."
    ).content.decode()
    assert "Must fix" not in text
    assert "Fits Facebook" in text


def test_a_lexicon_entry_shows_its_reason(client, riverside):
    post = make_post(riverside.author, [make_account(riverside.org, "x")])
    policy_actions.add_lexicon_entry(
        organization=riverside.org, by=riverside.admin.user, kind="word", text="cure",
        severity="block", reason="We never promise a cure.",
    )  # fmt: skip
    client.force_login(riverside.author.user)
    text = _check(client, post, "This tea will cure your flu").content.decode()
    assert "We never promise a cure." in text


def test_a_consent_covering_facebook_but_not_instagram_blocks_the_instagram_variant(
    client, riverside
):
    facebook = make_account(riverside.org, "facebook")
    instagram = make_account(riverside.org, "instagram")
    post = make_post(riverside.author, [facebook, instagram])
    consent = make_consent(riverside.org, riverside.reviewer.user, platforms=["facebook"])
    client.force_login(riverside.author.user)
    response = _check(
        client, post, "Rosa's journey with our diabetes program.",
        patient_story="on", consent=consent.pk, consent_kinds=["photo"],
    )  # fmt: skip
    text = response.content.decode()
    facebook_part, instagram_part = text.split('class="variant platform-instagram"')
    assert "The consent does not cover" not in facebook_part
    assert "The consent does not cover Instagram." in instagram_part


def test_a_patient_story_without_consent_is_a_blocking_finding(client, riverside):
    post = make_post(riverside.author, [make_account(riverside.org, "facebook")])
    client.force_login(riverside.author.user)
    text = _check(client, post, "A story.", patient_story="on").content.decode()
    assert "needs the patient&#x27;s signed consent" in text


def test_revoking_a_consent_holds_the_posts_that_use_it_and_tells_the_author(
    riverside, django_capture_on_commit_callbacks
):
    consent = make_consent(riverside.org, riverside.reviewer.user)
    post = make_post(
        riverside.author, [make_account(riverside.org, "facebook")], patient_story=True,
        consent=consent, consent_kinds=["photo"],
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        policy_actions.revoke_consent(
            consent=consent, by=riverside.reviewer.user, reason="The patient asked us to stop."
        )
    post.refresh_from_db()
    assert "was revoked" in post.held_reason
    assert any(riverside.author.user.email in m.to for m in mail.outbox)


class TestPolicyGate:
    def test_drafting_waits_for_the_current_policy_to_be_acknowledged(self, riverside):
        publish(riverside.org)
        with pytest.raises(ActionError, match="Acknowledge"):
            make_post(riverside.author)
        acknowledge(riverside.author)
        assert make_post(riverside.author).pk

    def test_the_editor_sends_an_author_with_a_pending_policy_to_acknowledge(
        self, client, riverside
    ):
        post = make_post(riverside.author)
        publish(riverside.org)
        client.force_login(riverside.author.user)
        response = client.get(reverse("posts:edit", args=["riverside", post.pk]))
        assert response.status_code == 302
        assert "/policies/acknowledge/" in response["Location"]

    def test_the_api_refuses_writes_with_403_until_acknowledged(self, riverside):
        publish(riverside.org)
        api = APIClient()
        api.force_authenticate(riverside.author.user)
        url = "/api/v1/orgs/riverside/posts/"
        refused = api.post(url, {"body": "Hi"}, format="json")
        assert refused.status_code == 403
        assert "policy" in refused.json()["detail"].lower()
        assert api.get(url).status_code == 200  # reading is not gated
        acknowledge(riverside.author)
        assert api.post(url, {"body": "Hi"}, format="json").status_code == 201
        assert Post.objects.count() == 1


def test_phi_scan_uses_the_organization_s_allow_list_with_org(tmp_path, riverside):
    policy_actions.add_contact_detail(
        organization=riverside.org, by=riverside.admin.user, kind="phone", value="555-010-4400"
    )
    source = tmp_path / "in.jsonl"
    text = "Our patient Mr. Lee can call 555-010-4400 about his chemo results."
    source.write_text(json.dumps({"id": 1, "text": text}))
    plain, scoped = StringIO(), StringIO()
    call_command("phi_scan", str(source), stdout=plain)
    call_command("phi_scan", str(source), "--org", "riverside", stdout=scoped)
    labels = lambda out: {f["label"] for f in json.loads(out.getvalue())["findings"]}  # noqa: E731
    assert json.loads(scoped.getvalue())["phi"] is True  # still a patient and his results
    assert "phi.contact" in labels(plain)
    assert "phi.contact" not in labels(scoped)


def test_phi_scan_names_an_unknown_organization(tmp_path, db):
    source = tmp_path / "in.jsonl"
    source.write_text("")
    with pytest.raises(Exception, match="nowhere"):
        call_command("phi_scan", str(source), "--org", "nowhere")


def test_the_window_of_a_consent_must_cover_the_post(client, riverside):
    consent = make_consent(
        riverside.org, riverside.reviewer.user, platforms=["facebook"],
        valid_until=timezone.localdate() + dt.timedelta(days=1),
    )  # fmt: skip
    post = make_post(
        riverside.author, [make_account(riverside.org, "facebook")], patient_story=True,
        consent=consent,
    )  # fmt: skip
    Post.objects.filter(pk=post.pk).update(scheduled_at=post.scheduled_at + dt.timedelta(days=30))
    client.force_login(riverside.author.user)
    text = client.get(reverse("posts:edit", args=["riverside", post.pk])).content.decode()
    assert "before the post&#x27;s window ends" in text


def test_a_disclaimer_for_one_campaign_is_asked_only_of_that_campaign_s_posts(client, riverside):
    from posts.actions import create_campaign

    flu = create_campaign(organization=riverside.org, by=riverside.admin.user, name="Flu 2026")
    policy_actions.add_disclaimer(
        organization=riverside.org, by=riverside.admin.user, text="Paid for by HRSA grant 42.",
        platforms=["facebook"], campaign=flu,
    )  # fmt: skip
    post = make_post(riverside.author, [make_account(riverside.org, "facebook")])
    client.force_login(riverside.author.user)
    without = _check(client, post, "Flu shots Saturday.").content.decode()
    assert "Paid for by HRSA grant 42." not in without
    within = _check(client, post, "Flu shots Saturday.", campaign=flu.pk).content.decode()
    assert "Paid for by HRSA grant 42." in within


def test_the_disclaimer_page_offers_only_this_organization_s_campaigns(client, riverside, harbor):
    from posts.actions import create_campaign

    create_campaign(organization=harbor.org, by=harbor.admin.user, name="Harbor secret")
    create_campaign(organization=riverside.org, by=riverside.admin.user, name="Flu 2026")
    client.force_login(riverside.admin.user)
    page = client.get(reverse("policies:content_rules", args=["riverside"])).content.decode()
    assert "Flu 2026" in page and "Harbor secret" not in page


def test_the_scanner_reads_video_captions_too(client, riverside):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from posts.testing import MP4_HEAD

    post = make_post(riverside.author, [make_account(riverside.org, "facebook")])
    client.force_login(riverside.author.user)
    upload = reverse("posts:upload_media", args=["riverside", post.pk])
    client.post(upload, {"file": SimpleUploadedFile("tour.mp4", MP4_HEAD)})
    item = post.media.get()
    captions = SimpleUploadedFile(
        "tour.vtt",
        b"WEBVTT\n\n1\n00:00.000 --> 00:03.000\nOur patient Maria Gonzalez after her chemo today\n",
    )
    client.post(
        reverse("posts:describe_media", args=["riverside", post.pk, item.pk]),
        {"captions": captions},
    )
    item.refresh_from_db()
    assert item.captions_text == "Our patient Maria Gonzalez after her chemo today"
    text = _check(client, post, "Take a tour of our new clinic!").content.decode()
    assert "In the captions of tour.mp4" in text
