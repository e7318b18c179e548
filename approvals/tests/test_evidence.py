import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils.timezone import now

from approvals import actions, evidence
from approvals.models import Outcome
from approvals.testing import second_reviewer, sign, submitted_post
from policies.testing import acknowledge, make_consent, publish
from posts import actions as post_actions
from posts.models import Post, PostState
from posts.testing import make_account, make_post
from socialops.models import AuditEvent, Role
from socialops.testing import make_member


def _edit(post, member, body):
    changes = post_actions.PostChanges.of(post)
    changes.body = body
    return post_actions.save_post(
        post=post, by=member.user, expected_version=post.version, changes=changes
    )


@pytest.fixture
def approved(riverside):
    """A post through a whole review: sent back with a comment on its X variant, answered,
    edited and resubmitted, signed once, edited by an admin (sign-off voided), then approved by
    two reviewers who had acknowledged the policy."""
    publish(riverside.org, riverside.admin.user)
    second = second_reviewer(riverside.reviewer)
    for member in (riverside.admin, riverside.author, riverside.reviewer, second):
        acknowledge(member)
    post, _ = submitted_post(riverside.author)
    account = post.variants.get().account
    actions.request_changes(
        post=post, by=riverside.reviewer.user, comment="Say which clinic.",
        variant_comments={account.pk: "Add the clinic's hours on X."},
    )  # fmt: skip
    actions.add_comment(post=post, by=riverside.author.user, body="Added Main Street.")
    post.refresh_from_db()
    post = _edit(post, riverside.author, "Flu shots are free this Saturday at Main Street, 9-1.")
    actions.submit_post(post=post, by=riverside.author.user)
    sign(post, riverside.reviewer)
    post.refresh_from_db()
    post = _edit(post, riverside.admin, "Flu shots are free this Saturday at Main Street, 9 to 1.")
    sign(post, riverside.reviewer)
    sign(post, second)
    post.refresh_from_db()
    assert post.state == PostState.APPROVED
    return post, second


def test_the_evidence_holds_every_round_sign_off_comment_and_event(riverside, approved):
    post, second = approved
    document = evidence.build(post, by=riverside.admin.user)

    assert document["post"]["id"] == post.pk and document["post"]["state"] == "approved"
    assert document["exported_by"]["email"] == riverside.admin.user.email
    assert [r["outcome"] for r in document["rounds"]] == [
        Outcome.CHANGES_REQUESTED, Outcome.VOIDED, Outcome.APPROVED,
    ]  # fmt: skip
    first, voided, last = document["rounds"]
    assert first["closed_by"]["email"] == riverside.reviewer.user.email
    assert first["closed_reason"] == "Say which clinic."
    assert "9-1" in voided["content"]["variants"][0]["text"]
    assert voided["closed_reason"] == f"{riverside.admin.user.get_full_name()} changed the post"
    assert [s["signer"]["email"] for s in voided["sign_offs"]] == [riverside.reviewer.user.email]
    assert document["approved_content_hash"] == last["content_hash"]
    assert last["bar"]["sign_offs"] == 2 and last["bar"]["raised_by"] == []
    assert [s["signer"]["email"] for s in last["sign_offs"]] == [
        riverside.reviewer.user.email, second.user.email,
    ]  # fmt: skip
    for sign_off in last["sign_offs"]:
        assert sign_off["content_hash"] == last["content_hash"]
        assert sign_off["role"] == Role.REVIEWER and sign_off["fast_track"] is False
        acknowledged = sign_off["policy_acknowledged"]
        assert acknowledged["version"]["number"] == 1
        assert acknowledged["version"]["title"] == "Social media policy"
        assert acknowledged["network_version"] is None
    assert [(c["kind"], c["account_id"], c["round"]) for c in document["comments"]] == [
        ("changes_requested", None, 1),
        ("changes_requested", post.variants.get().account_id, 1),
        ("reply", None, 1),
    ]
    verbs = [e["verb"] for e in document["audit_events"]]
    assert verbs.count("post.submitted") == 2
    assert "post.changes_requested" in verbs and "post.sign_offs_voided" in verbs
    assert verbs[-1] == "post.approved"
    seqs = [e["seq"] for e in document["audit_events"]]
    assert seqs == sorted(seqs)
    stored = AuditEvent.objects.get(organization=riverside.org, seq=seqs[-1])
    assert document["audit_events"][-1]["hash"] == stored.hash
    # Approved and scheduled: its targets are there, and no platform was called yet.
    assert document["publishing"]["note"] == evidence.NOT_PUBLISHED
    assert all(not t["attempts"] for t in document["publishing"]["targets"])
    assert document["consent"] is None


def test_the_evidence_of_a_patient_story_names_the_consent_but_never_the_patient(riverside):
    publish(riverside.org, riverside.admin.user)
    acknowledge(riverside.author)
    consent = make_consent(riverside.org, riverside.admin.user, subject_name="Rosa Delgado")
    post = make_post(
        riverside.author, [make_account(riverside.org, "facebook")],
        body="Maria's story: how our diabetes program helped.",
        patient_story=True, consent=consent, consent_kinds=["story"],
    )  # fmt: skip
    actions.submit_post(post=post, by=riverside.author.user)

    document = evidence.build(post, by=riverside.admin.user)

    assert document["consent"]["reference"] == consent.reference
    assert document["consent"]["kinds_used_by_post"] == ["story"]
    assert document["consent"]["revoked"] is False
    assert "Patient story" in document["rounds"][0]["bar"]["raised_by"]
    assert "Rosa Delgado" not in evidence.as_json(document)


def test_a_fast_tracked_copy_says_which_template_it_came_from(riverside):
    second = second_reviewer(riverside.reviewer)
    # A holding statement approved in advance (no page makes templates here; the flag is set
    # on the row as the template pages would).
    template = make_post(riverside.author, [make_account(riverside.org)])
    Post.objects.filter(pk=template.pk).update(crisis_template=True, scheduled_at=None)
    template.refresh_from_db()
    actions.submit_post(post=template, by=riverside.author.user)
    sign(template, riverside.reviewer)
    sign(template, riverside.admin)
    actions.pause_publishing(organization=riverside.org, by=riverside.admin.user, reason="Fire")
    copy = actions.fast_track(template=template, by=second.user, when=now() + dt.timedelta(hours=1))

    document = evidence.build(copy, by=riverside.admin.user)
    round_ = document["rounds"][0]
    assert round_["fast_track_of"]["id"] == template.pk
    assert round_["bar"]["raised_by"][0].startswith(f"Fast track of crisis template {template.pk}")
    assert round_["sign_offs"][0]["fast_track"] is True


# The page and the download ------------------------------------------------------------------------


def _url(name, post):
    return reverse(f"approvals:{name}", args=[post.organization.slug, post.pk])


def test_the_page_shows_the_evidence_and_records_the_export(client, riverside, approved):
    post, second = approved
    client.force_login(riverside.reviewer.user)
    response = client.get(_url("evidence", post))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Round 3: Approved" in page and "Round 2: Voided by a change" in page
    assert "Social media policy (version 1)" in page
    assert second.user.email in page
    assert "Not published yet" in page
    assert _url("evidence_json", post) in page
    event = AuditEvent.objects.filter(verb="post.evidence_exported").get()
    assert event.actor == riverside.reviewer.user and event.after == {"format": "html"}


def test_the_posts_author_may_read_its_evidence(client, riverside, approved):
    post, _ = approved
    client.force_login(riverside.author.user)
    assert client.get(_url("evidence", post)).status_code == 200


def test_a_viewer_and_another_author_may_not(client, riverside, approved):
    post, _ = approved
    other_author = make_member(riverside.org, Role.AUTHOR, full_name="Other Author")
    acknowledge(other_author)
    for member in (riverside.viewer, other_author):
        client.force_login(member.user)
        assert client.get(_url("evidence", post)).status_code == 403
        assert client.get(_url("evidence_json", post)).status_code == 403
    assert not AuditEvent.objects.filter(verb="post.evidence_exported").exists()


def test_an_outsider_gets_404(client, riverside, harbor, approved):
    post, _ = approved
    client.force_login(harbor.admin.user)
    assert client.get(_url("evidence", post)).status_code == 404
    assert client.get(_url("evidence_json", post)).status_code == 404


def test_the_json_download_is_an_attachment_with_the_same_document(client, riverside, approved):
    post, _ = approved
    client.force_login(riverside.admin.user)
    response = client.get(_url("evidence_json", post))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == (
        f'attachment; filename="evidence-riverside-post-{post.pk}.json"'
    )
    document = json.loads(response.content)
    assert document["format"] == evidence.FORMAT
    assert len(document["rounds"]) == 3
    assert document["audit_events"][-1]["verb"] == "post.evidence_exported"
    assert document["audit_events"][-1]["after"] == {"format": "json"}
    assert document == evidence.jsonable(evidence.build(post, by=riverside.admin.user)) | {
        "generated_at": document["generated_at"]
    }


def test_a_draft_has_evidence_with_no_rounds_yet(client, riverside):
    post = make_post(riverside.author, [make_account(riverside.org)])
    client.force_login(riverside.author.user)
    response = client.get(_url("evidence", post))
    assert response.status_code == 200
    assert "never been submitted for review" in response.content.decode()
    document = evidence.build(post, by=riverside.author.user)
    assert document["rounds"] == [] and document["approved_content_hash"] is None
    assert [e["verb"] for e in document["audit_events"]] == [
        "post.created", "post.evidence_exported",
    ]  # fmt: skip
