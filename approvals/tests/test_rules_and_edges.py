"""The corners of review that test_actions.py leaves: required roles, stricter rules per account
and campaign, crisis bars, network pauses, the fast track's refusals, requests for changes on an
approved post, withdrawal, comment notifications and the PHI override."""

import datetime as dt

import pytest
from django.utils.timezone import now

from approvals import actions
from approvals.models import CommentKind, CrisisPause, Outcome, SignOff
from approvals.testing import second_reviewer, sign, submitted_post
from platforms import publishing
from policies.models import ApprovalRule
from posts import actions as post_actions
from posts.models import Post, PostState
from posts.testing import make_account, make_post
from socialops.actions import ActionError, change_role, remove_member
from socialops.audit import AuditEvent
from socialops.models import Notification, Organization, Role
from socialops.testing import make_member, make_org

PHI_TEXT = "Congrats to Maria Lopez (DOB 04/12/1961) on finishing her diabetes treatment!"
JUSTIFICATION = "Maria signed our release and asked us to share her milestone publicly."


def _state(post: Post) -> str:
    post.refresh_from_db()
    return post.state


def sign_with(post, member, content_hash):
    return actions.sign_off(post=post, by=member.user, content_hash=content_hash)


def _pause(people, by=None):
    return actions.pause_publishing(
        organization=people.org, by=(by or people.reviewer).user, reason="Shooting downtown"
    )


# Rules -------------------------------------------------------------------------------------------


def test_a_required_admin_is_waited_for_however_many_reviewers_sign(riverside):
    ApprovalRule.objects.create(organization=riverside.org, sign_offs=2, required_roles=["admin"])
    post, submission = submitted_post(riverside.author)
    assert submission.required_roles == ["admin"]
    sign(post, riverside.reviewer)
    sign(post, second_reviewer(riverside.reviewer))
    assert _state(post) == PostState.IN_REVIEW
    sign(post, riverside.admin)
    assert _state(post) == PostState.APPROVED


def test_a_stricter_rule_on_one_account_applies_to_posts_going_there(riverside):
    x = make_account(riverside.org, "x")
    facebook = make_account(riverside.org, "facebook")
    ApprovalRule.objects.create(organization=riverside.org, sign_offs=2, required_roles=[])
    ApprovalRule.objects.create(
        organization=riverside.org, social_account=facebook, sign_offs=3, required_roles=["admin"]
    )
    _, to_x = submitted_post(riverside.author, accounts=[x])
    post, to_both = submitted_post(riverside.author, accounts=[x, facebook])
    assert (to_x.required_count, to_x.required_roles) == (2, [])
    assert (to_both.required_count, to_both.required_roles) == (3, ["admin"])
    sign(post, riverside.reviewer)
    sign(post, second_reviewer(riverside.reviewer))
    assert _state(post) == PostState.IN_REVIEW  # two of three, and no admin yet
    sign(post, riverside.admin)
    assert _state(post) == PostState.APPROVED


def test_a_stricter_rule_on_a_campaign_applies_to_its_posts(riverside):
    campaign = post_actions.create_campaign(
        organization=riverside.org, by=riverside.admin.user, name="Flu season"
    )
    ApprovalRule.objects.create(organization=riverside.org, campaign=campaign, sign_offs=3)
    _, outside = submitted_post(riverside.author)
    post, inside = submitted_post(riverside.author, campaign=campaign)
    assert outside.required_count == 2 and inside.required_count == 3
    sign(post, riverside.reviewer)
    sign(post, riverside.admin)
    assert _state(post) == PostState.IN_REVIEW
    sign(post, second_reviewer(riverside.reviewer))
    assert _state(post) == PostState.APPROVED


# Crisis ------------------------------------------------------------------------------------------


def test_a_post_submitted_during_a_pause_needs_another_reviewer(riverside):
    _pause(riverside)
    _, submission = submitted_post(riverside.author)
    assert submission.crisis
    assert (submission.required_count, submission.required_reviewers) == (3, 2)


def test_signing_during_a_pause_raises_the_bar_of_a_post_submitted_before_it(riverside):
    post, submission = submitted_post(riverside.author)
    assert (submission.required_count, submission.crisis) == (2, False)
    sign(post, riverside.admin)
    _pause(riverside)
    # This would have approved it before the crisis; now it needs one reviewer more.
    sign(post, riverside.reviewer)
    submission.refresh_from_db()
    assert submission.crisis
    assert (submission.required_count, submission.required_reviewers) == (3, 2)
    assert _state(post) == PostState.IN_REVIEW
    assert AuditEvent.objects.filter(verb="post.bar_raised_for_crisis").count() == 1
    sign(post, second_reviewer(riverside.reviewer))
    assert _state(post) == PostState.APPROVED


def test_a_network_pause_holds_every_center_until_the_network_lifts_it(riverside):
    network = make_org(name="Valley Health Network", slug="valley")
    network_admin = make_member(network, Role.ADMIN)
    Organization.objects.filter(pk=riverside.org.pk).update(parent=network)
    # Only an admin of the network pauses all of it.
    network_reviewer = make_member(network, Role.REVIEWER)
    with pytest.raises(ActionError, match="Only an admin of a network"):
        actions.pause_publishing(
            organization=network, by=network_reviewer.user, reason="Cyber attack",
            whole_network=True,
        )  # fmt: skip

    pause = actions.pause_publishing(
        organization=network, by=network_admin.user, reason="Cyber attack", whole_network=True
    )
    center_pause = actions.active_pause(riverside.org)
    assert center_pause.network_pause == pause and center_pause.reason == "Cyber attack"
    assert Notification.objects.filter(
        user=riverside.viewer.user, message__startswith="Publishing paused"
    ).exists()
    with pytest.raises(ActionError, match="The network Valley Health Network paused"):
        actions.resume_publishing(organization=riverside.org, by=riverside.admin.user)

    actions.resume_publishing(organization=network, by=network_admin.user, note="Systems back")
    assert actions.active_pause(network) is None
    assert actions.active_pause(riverside.org) is None
    center_pause.refresh_from_db()
    assert center_pause.lifted_by == network_admin.user and center_pause.lift_note == "Systems back"


def test_a_center_already_paused_keeps_its_own_pause_when_the_network_pauses(riverside):
    network = make_org(name="Valley Health Network", slug="valley")
    network_admin = make_member(network, Role.ADMIN)
    Organization.objects.filter(pk=riverside.org.pk).update(parent=network)
    own = _pause(riverside)
    actions.pause_publishing(
        organization=network, by=network_admin.user, reason="Cyber attack", whole_network=True
    )
    assert actions.active_pause(riverside.org) == own
    actions.resume_publishing(organization=network, by=network_admin.user)
    assert actions.active_pause(riverside.org) == own  # the center lifts its own


def test_a_center_without_a_network_cannot_pause_a_network(riverside):
    with pytest.raises(ActionError, match="Only an admin of a network"):
        actions.pause_publishing(
            organization=riverside.org, by=riverside.admin.user, reason="Storm",
            whole_network=True,
        )  # fmt: skip
    assert not CrisisPause.objects.exists()


# Fast track --------------------------------------------------------------------------------------


def _template(people) -> Post:
    """A crisis template: a holding statement with no time of its own."""
    return post_actions.create_post(
        organization=people.org,
        by=people.author.user,
        changes=post_actions.PostChanges(
            body="We are aware of the situation. Our clinics are open.",
            accounts=[make_account(people.org)],
            crisis_template=True,
        ),
    )


def _approved_template(people):
    template = _template(people)
    actions.submit_post(post=template, by=people.author.user)
    sign(template, people.reviewer)
    sign(template, people.admin)
    template.refresh_from_db()
    assert template.state == PostState.APPROVED
    return template


def test_a_fast_tracked_template_goes_out_during_the_pause_on_one_reviewers_sign_off(riverside):
    template = _approved_template(riverside)
    _pause(riverside)
    fast = second_reviewer(riverside.reviewer)
    when = now() + dt.timedelta(minutes=30)
    copy = actions.fast_track(template=template, by=fast.user, when=when)
    assert copy.state == PostState.APPROVED
    signed = SignOff.objects.get(post=copy)
    assert signed.fast_track and signed.signer == fast.user and signed.role == Role.REVIEWER
    assert actions.live_submission(copy).fast_track_of == template
    assert publishing.release_for_publishing(post=copy, at=when).released
    # The template, with no time of its own, never goes out itself.
    assert not publishing.release_for_publishing(post=template, at=now()).released
    assert _state(template) == PostState.APPROVED


def test_fast_track_is_refused_outside_a_pause(riverside):
    template = _approved_template(riverside)
    with pytest.raises(ActionError, match="publishing is not paused"):
        actions.fast_track(
            template=template, by=second_reviewer(riverside.reviewer).user,
            when=now() + dt.timedelta(minutes=30),
        )  # fmt: skip


def test_fast_track_is_refused_for_a_template_not_approved_by_the_full_quorum(riverside):
    template = _template(riverside)
    actions.submit_post(post=template, by=riverside.author.user)
    sign(template, riverside.reviewer)  # one of two
    _pause(riverside)
    with pytest.raises(ActionError, match="approved by the full quorum"):
        actions.fast_track(
            template=template, by=second_reviewer(riverside.reviewer).user,
            when=now() + dt.timedelta(minutes=30),
        )  # fmt: skip


def test_fast_track_is_refused_for_an_approved_post_that_is_not_a_template(riverside):
    post, _ = submitted_post(riverside.author)
    sign(post, riverside.reviewer)
    sign(post, riverside.admin)
    _pause(riverside)
    with pytest.raises(ActionError, match="approved by the full quorum"):
        actions.fast_track(
            template=post, by=second_reviewer(riverside.reviewer).user,
            when=now() + dt.timedelta(minutes=30),
        )  # fmt: skip


def test_fast_track_is_refused_to_an_author_of_the_template_and_to_admins(riverside):
    template = _approved_template(riverside)
    # A reviewer who edited the template is one of its authors.
    editor = second_reviewer(riverside.reviewer)
    changes = post_actions.PostChanges.of(template)
    changes.body = "We are aware of the situation. All our clinics are open."
    template = post_actions.save_post(
        post=template, by=editor.user, expected_version=template.version, changes=changes
    )
    sign(template, riverside.reviewer)
    sign(template, riverside.admin)
    template.refresh_from_db()
    assert template.state == PostState.APPROVED
    _pause(riverside)
    when = now() + dt.timedelta(minutes=30)
    with pytest.raises(ActionError, match="You wrote this template"):
        actions.fast_track(template=template, by=editor.user, when=when)
    with pytest.raises(ActionError, match="Only a reviewer can fast-track"):
        actions.fast_track(template=template, by=riverside.admin.user, when=when)
    assert not Post.objects.filter(crisis_template=False, body=template.body).exists()


# Send back, withdraw, comments -------------------------------------------------------------------


def test_a_reviewer_sends_back_an_approved_post(riverside):
    post, submission = submitted_post(riverside.author)
    sign(post, riverside.reviewer)
    sign(post, riverside.admin)
    actions.request_changes(
        post=post, by=riverside.reviewer.user, comment="The clinic moved: fix the address."
    )
    submission.refresh_from_db()
    assert _state(post) == PostState.CHANGES_REQUESTED
    assert submission.outcome == Outcome.CHANGES_REQUESTED
    assert submission.sign_offs.count() == 2  # kept as the record, counting no more
    assert not publishing.release_for_publishing(post=post, at=post.scheduled_at).released
    assert Notification.objects.filter(
        user=riverside.author.user, message__contains="asked for changes"
    ).exists()
    second = actions.submit_post(post=post, by=riverside.author.user)
    assert second.number == 2 and second.sign_offs.count() == 0


def test_request_changes_is_refused_to_authors_and_on_drafts(riverside):
    post, _ = submitted_post(riverside.author)
    with pytest.raises(ActionError, match="Only reviewers and admins"):
        actions.request_changes(post=post, by=riverside.author.user, comment="Shorter")
    actions.withdraw(post=post, by=riverside.author.user)
    with pytest.raises(ActionError, match="nothing to send back"):
        actions.request_changes(post=post, by=riverside.reviewer.user, comment="Shorter")


def test_the_author_withdraws_a_post_and_its_sign_offs_stop_counting(riverside):
    post, submission = submitted_post(riverside.author)
    sign(post, riverside.reviewer)
    with pytest.raises(ActionError, match="Only the post's authors"):
        actions.withdraw(post=post, by=riverside.reviewer.user)
    actions.withdraw(post=post, by=riverside.author.user)
    submission.refresh_from_db()
    assert _state(post) == PostState.DRAFT
    assert submission.outcome == Outcome.WITHDRAWN
    assert actions.live_submission(post) is None
    with pytest.raises(ActionError, match="not in review"):
        actions.withdraw(post=post, by=riverside.author.user)
    with pytest.raises(ActionError, match="nothing to sign off"):
        sign_with(post, riverside.admin, submission.content_hash)
    again = actions.submit_post(post=post, by=riverside.author.user)
    assert again.number == 2 and again.sign_offs.count() == 0


def test_an_approved_post_withdrawn_by_its_author_does_not_go_out(riverside):
    post, _ = submitted_post(riverside.author)
    sign(post, riverside.reviewer)
    sign(post, riverside.admin)
    actions.withdraw(post=post, by=riverside.author.user)
    assert _state(post) == PostState.DRAFT
    assert not publishing.release_for_publishing(post=post, at=post.scheduled_at).released


def test_comments_tell_everyone_in_the_conversation_but_the_writer(riverside):
    post, _ = submitted_post(riverside.author)
    account = post.variants.get().account
    question = actions.add_comment(
        post=post, by=riverside.reviewer.user, body="Which clinic?", account=account
    )
    assert question.kind == CommentKind.COMMENT and question.account == account
    told = Notification.objects.filter(message__contains="commented on")
    assert set(told.values_list("user", flat=True)) == {riverside.author.user.pk}

    answer = actions.add_comment(post=post, by=riverside.author.user, body="Main Street.")
    assert answer.kind == CommentKind.REPLY
    assert set(told.values_list("user", flat=True)) == {
        riverside.author.user.pk,
        riverside.reviewer.user.pk,
    }
    # An admin joining is told of what comes next, not of what came before.
    actions.add_comment(post=post, by=riverside.admin.user, body="Add the hours too.")
    actions.add_comment(post=post, by=riverside.author.user, body="Added.")
    assert told.filter(user=riverside.admin.user).count() == 1
    assert told.filter(user=riverside.author.user).count() == 2
    assert not told.filter(user=riverside.viewer.user).exists()


def test_comments_are_refused_to_viewers_empty_or_on_another_account(riverside):
    post, _ = submitted_post(riverside.author)
    with pytest.raises(ActionError, match="Viewers can't comment"):
        actions.add_comment(post=post, by=riverside.viewer.user, body="Nice")
    with pytest.raises(ActionError, match="Write something first") as refused:
        actions.add_comment(post=post, by=riverside.reviewer.user, body="   ")
    assert refused.value.field == "body"
    elsewhere = make_account(riverside.org, "facebook")
    with pytest.raises(ActionError, match="an account this post goes to"):
        actions.add_comment(post=post, by=riverside.reviewer.user, body="Here?", account=elsewhere)


# PHI ---------------------------------------------------------------------------------------------


def test_phi_without_a_justification_is_refused_at_the_justification_field(riverside):
    post = make_post(riverside.author, [make_account(riverside.org)], body=PHI_TEXT)
    for justification in ("", "ok"):
        with pytest.raises(ActionError, match="PHI scanner found") as refused:
            actions.submit_post(
                post=post, by=riverside.author.user, phi_justification=justification
            )
        assert refused.value.field == "phi_justification"
    assert _state(post) == PostState.DRAFT


def test_overriding_phi_with_a_justification_needs_another_reviewer(riverside):
    post = make_post(riverside.author, [make_account(riverside.org)], body=PHI_TEXT)
    submission = actions.submit_post(
        post=post, by=riverside.author.user, phi_justification=JUSTIFICATION
    )
    assert submission.phi_override and submission.phi_justification == JUSTIFICATION
    assert (submission.required_count, submission.required_reviewers) == (3, 2)
    sign(post, riverside.reviewer)
    sign(post, riverside.admin)
    assert _state(post) == PostState.IN_REVIEW
    sign(post, second_reviewer(riverside.reviewer))
    assert _state(post) == PostState.APPROVED


def test_a_justification_without_phi_raises_nothing(riverside):
    _, submission = submitted_post(riverside.author)
    assert not submission.phi_override
    post = make_post(riverside.author, [make_account(riverside.org)])
    submission = actions.submit_post(
        post=post, by=riverside.author.user, phi_justification=JUSTIFICATION
    )
    assert not submission.phi_override and submission.phi_justification == ""
    assert submission.required_count == 2


# Signers who no longer sign ----------------------------------------------------------------------


def test_a_sign_off_by_someone_who_no_longer_signs_does_not_complete_the_quorum(riverside):
    post, _ = submitted_post(riverside.author)
    sign(post, riverside.reviewer)
    change_role(membership=riverside.reviewer, role=Role.AUTHOR, by=riverside.admin.user)
    sign(post, riverside.admin)
    # The admin's is the only sign-off that still counts: one more, from a reviewer.
    assert _state(post) == PostState.IN_REVIEW
    sign(post, second_reviewer(riverside.reviewer))
    assert _state(post) == PostState.APPROVED


def test_an_approved_post_whose_signer_left_is_not_released_but_sent_back_to_review(riverside):
    post, approved = submitted_post(riverside.author)
    sign(post, riverside.reviewer)
    sign(post, riverside.admin)
    remove_member(membership=riverside.reviewer, by=riverside.admin.user)
    release = publishing.release_for_publishing(post=post, at=post.scheduled_at)
    assert not release.released
    assert "no longer make the quorum" in release.reason
    assert _state(post) == PostState.IN_REVIEW
    approved.refresh_from_db()
    assert approved.outcome == Outcome.VOIDED
    assert "no longer make the quorum" in approved.closed_reason


def test_a_reviewer_promoted_to_admin_still_counts_as_the_reviewer_who_signed(riverside):
    post, _ = submitted_post(riverside.author)
    sign(post, riverside.reviewer)
    sign(post, riverside.admin)
    change_role(membership=riverside.reviewer, role=Role.ADMIN, by=riverside.admin.user)
    assert publishing.release_for_publishing(post=post, at=post.scheduled_at).released
