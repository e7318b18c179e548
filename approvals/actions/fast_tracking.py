"""During a crisis pause: a pre-approved template goes out on one reviewer's sign-off."""

import datetime as dt

from django.db import transaction
from django.utils.timezone import now

from approvals import content
from approvals.actions.core import (
    _membership,
    _open_round,
    _set_state,
    active_pause,
    author_ids,
    check_post,
    live_submission,
    lock,
)
from approvals.actions.signing import sign_off
from approvals.models import (
    PostAuthor,
)
from policies.access import require_acknowledged
from posts.models import Post, PostState
from socialops import audit
from socialops.actions import ActionError
from socialops.models import Role, User


@transaction.atomic
def fast_track(*, template: Post, by: User, when: dt.datetime) -> Post:
    """During a pause: a copy of a pre-approved crisis template goes out at `when` on this one
    reviewer's sign-off, recorded as a fast track of the template's full-quorum approval."""
    template = lock(template)
    organization = template.organization
    membership = _membership(organization, by)
    if membership is None or membership.role != Role.REVIEWER:
        raise ActionError("Only a reviewer can fast-track a crisis template.")
    require_acknowledged(membership)
    if active_pause(organization) is None:
        raise ActionError("Fast track is for crisis pauses: publishing is not paused.")
    approved = live_submission(template)
    if (
        not template.crisis_template
        or template.state != PostState.APPROVED
        or approved is None
        or approved.fast_track_of_id is not None
        or approved.content_hash != content.current_hash(template)
    ):
        raise ActionError("Only a crisis template approved by the full quorum can be fast-tracked.")
    if by.pk in author_ids(template):
        raise ActionError("You wrote this template, so your sign-off can't count for it.")
    if when <= now():
        raise ActionError("Pick a time in the future.", field="when")
    copy = Post.objects.create(
        organization=organization, body=template.body, campaign=template.campaign,
        pillar=template.pillar, language=template.language, scheduled_at=when,
        created_by=template.created_by, updated_by=by,
    )  # fmt: skip
    for variant in template.variants.all():
        variant.pk = None
        variant.post = copy
        variant.save()
    for item in template.media.all():
        item.pk = None
        item.post = copy
        item.save()
    PostAuthor.objects.bulk_create(
        PostAuthor(post=copy, user_id=user_id) for user_id in author_ids(template)
    )
    submission = _open_round(copy, by, check=check_post(copy), fast_track_of=template)
    _set_state(copy, PostState.IN_REVIEW)
    audit.record(
        organization=organization, actor=by, verb="post.fast_tracked", target=copy,
        after={"template": template.pk, "template_hash": approved.content_hash,
               "scheduled_at": when},
    )  # fmt: skip
    sign_off(post=copy, by=by, content_hash=submission.content_hash)
    copy.refresh_from_db()
    return copy
