"""The publisher's verbs: sweep, claim, publish, reconcile, retry, drop and take down.

The rules that make a post go out exactly once:

- The database says when a target is due (`PublishTarget.due_at`); Celery only carries target
  ids. The sweep hands due targets to workers and may do so twice (two beats, a lost message):
  that is harmless, because a worker publishes only a target it *claimed*.
- A claim is one transaction: lock the post and the target row (a second worker waits, then
  finds the target taken and walks on), check everything again (`release_for_publishing`),
  move it to "publishing" and write the attempt row. Only after that commits is the platform
  called, outside any transaction.
- A publish is never retried blindly. Only what surely did not post is tried again (a rate limit
  after its reset, a connection that was never made). A timeout, a dropped connection or a 5xx
  leaves the target "unconfirmed": the account's recent posts are read back and matched; found
  means published, not found within the reconcile window puts it in front of a person.
- A worker killed mid-call leaves a claim that outlives its lease: the sweep turns it into
  "unconfirmed", and reconciliation takes it from there.
"""

import datetime as dt
import hashlib
import logging
import os
import re
import socket
import threading
import time
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import OperationalError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils.timezone import now

from approvals import actions as review
from approvals import content
from approvals.quorum import Bar, quorum_met
from policies.models import ConsentRecord
from posts.access import postable_account_ids
from posts.models import MediaKind, Post, PostState, move_state
from posts.public_media import signed_url
from socialops import audit
from socialops.actions import ActionError
from socialops.models import Membership, Organization, User
from socialops.notify import notify

from .adapters import ImageUpload, PublishRequest, adapter_for
from .http import ErrorKind, PlatformError
from .models import (
    WAITING_TARGET_STATES,
    AttemptKind,
    AttemptOutcome,
    ConnectionState,
    PublishAttempt,
    PublishTarget,
    SocialAccount,
    TargetState,
)

log = logging.getLogger(__name__)

# PostgreSQL's SQLSTATE for a transaction it aborted to break a deadlock.
DEADLOCK_DETECTED = "40P01"
# Who may retry, drop or take down what went out: those who sign posts off.
PUBLISH_MANAGERS = review.SIGNER_ROLES
# A connection that was never made is tried again this many times, backing off, then it fails.
MAX_UNSENT_TRIES = 5


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


def _lease() -> dt.timedelta:
    return dt.timedelta(seconds=settings.PUBLISH_CLAIM_LEASE)


def _post_url(post: Post) -> str:
    return reverse("posts:edit", args=[post.organization.slug, post.pk])


# The last check ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Release:
    released: bool
    reason: str = ""
    # What the target becomes when it is not released: "held" (try again until the window
    # closes), "wait" (not yet: its time, a rate limit), "missed", or "gone" (not approved).
    verdict: str = ""


def _refuse(post: Post, reason: str, verdict: str, target: PublishTarget | None = None) -> Release:
    # A held target is checked again every minute until its window closes: the trail records
    # each new reason once, not every check.
    if target is None or target.reason != reason[:500]:
        audit.record(
            organization=post.organization, actor=None, verb="post.release_refused",
            target=post, after={"reason": reason, "account": str(target.account) if target else ""},
        )  # fmt: skip
    return Release(False, reason, verdict)


def release_for_publishing(
    *, post: Post, at: dt.datetime | None = None, target: PublishTarget | None = None
) -> Release:
    """The last-moment gate, right before a platform call, inside the claim's transaction: the
    post is approved on the content hash that was signed, within the time window it was signed
    for, not held or paused, and its sign-offs still make the quorum. For a target also: its
    account is connected and not rate limited, the author may still post to it, and the consent
    the post relies on is still valid. Moves an approved post to "publishing"."""
    at = at or now()
    # A claim has locked the post already (and read it with its target, after the lock).
    post = target.post if target is not None else _lock_post(post.pk)
    submission = review.live_submission(post)
    due = target.due_at if target is not None else post.scheduled_at
    if post.state not in (PostState.APPROVED, PostState.PUBLISHING) or submission is None:
        return _refuse(
            post, f"It is {post.get_state_display().lower()}, not approved.", "gone", target
        )
    if due is None or due > at:
        return Release(False, "Its time has not come.", "wait")
    if at > due + content.TIME_WINDOW:
        # Signed off for its time, not for whenever a pause or an outage ends.
        return _refuse(post, "It missed the time window it was approved for.", "missed", target)
    if post.held_reason:
        return _refuse(post, f"It is held: {post.held_reason}", "held", target)
    # The organization's row, as pause_publishing takes it: a pause committed before this is
    # seen, one started now waits for this claim. Taken after the post and the target, as the
    # audit trail and holding an account's targets take it.
    Organization.objects.select_for_update().only("id").get(pk=post.organization_id)
    pause = review.active_pause(post.organization)
    if submission.fast_track_of_id is None and pause is not None:
        return _refuse(post, f"Publishing is paused: {pause.reason}", "held", target)
    # Part of a post that already went out can't go back to review: what is left is held (and
    # missed past its window), in front of a person.
    started = post.state == PostState.PUBLISHING
    if content.current_hash(post) != submission.content_hash:
        if started:
            return _refuse(
                post, "Its content no longer matches what was signed off.", "held", target
            )
        review.content_changed(post=post, by=None, what="what goes out, outside SocialOps' verbs")
        return _refuse(
            post,
            "Its content no longer matches what was signed off: sent back to review.",
            "gone",
            target,
        )
    if not quorum_met(Bar.of(submission), review.counting_sign_offs(submission)):
        reason = "Its sign-offs no longer make the quorum: someone who signed no longer signs here."
        if started:
            return _refuse(post, reason, "held", target)
        review.start_over(post, submission, by=None, why=reason)
        return _refuse(post, reason, "gone", target)
    if target is not None:
        problem = _target_problem(post, target, at)
        if problem:
            return _refuse(post, problem, "held", target)
    if post.state == PostState.APPROVED:
        move_state(post, PostState.PUBLISHING)
        Post.objects.filter(pk=post.pk).update(version=F("version") + 1)
        audit.record(
            organization=post.organization, actor=None, verb="post.released", target=post,
            after={"round": submission.number, "content_hash": submission.content_hash},
        )  # fmt: skip
    return Release(True)


def _target_problem(post: Post, target: PublishTarget, at: dt.datetime) -> str:
    account = target.account
    if account.state != ConnectionState.CONNECTED:
        why = account.state_reason or account.get_state_display()
        return f"{account} can't publish: {why}"
    author = (
        Membership.objects.select_related("organization", "user")
        .filter(organization_id=post.organization_id, user_id=post.created_by_id)
        .first()
    )
    if author is None or account.pk not in postable_account_ids(author):
        return f"The post's author may no longer post to {account}."
    if post.patient_story:
        today = at.astimezone(ZoneInfo(post.organization.timezone)).date()
        if not ConsentRecord.objects.active(on=today).filter(pk=post.consent_id).exists():
            return "The patient's consent is no longer valid."
    return ""


# The sweep ---------------------------------------------------------------------------------------


def sweep(at: dt.datetime | None = None) -> list[int]:
    """Find what is due and answer the target ids to hand to workers. Also: claims that outlived
    their lease become unconfirmed (a worker died mid-call), and waiting targets past their
    window are missed. Safe to run from any number of beats at once."""
    at = at or now()
    _expire_stale_claims(at)
    _miss_overdue(at)
    requeue_before = at - dt.timedelta(seconds=settings.PUBLISH_REQUEUE_SECONDS)
    with transaction.atomic():
        due = list(
            PublishTarget.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(state__in=WAITING_TARGET_STATES, due_at__lte=at)
            .filter(Q(not_before__isnull=True) | Q(not_before__lte=at))
            .filter(Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=requeue_before))
            .exclude(account__rate_limited_until__gt=at)
            .order_by("due_at")
            .values_list("pk", flat=True)[: settings.PUBLISH_SWEEP_BATCH]
        )
        PublishTarget.objects.filter(pk__in=due).update(enqueued_at=at)
    return due


def _expire_stale_claims(at: dt.datetime) -> None:
    stale = PublishTarget.objects.filter(
        state=TargetState.PUBLISHING, claimed_at__lt=at - _lease()
    ).values_list("pk", flat=True)
    for pk in list(stale):
        with transaction.atomic():
            target = _lock_post_then_target(pk, TargetState.PUBLISHING)
            if target is None or target.claimed_at >= at - _lease():
                continue
            target.attempts.filter(outcome=AttemptOutcome.PENDING).update(
                outcome=AttemptOutcome.WORKER_LOST,
                finished_at=at,
                message="The worker stopped before it recorded an answer.",
            )
            _unconfirm(target, "The worker stopped mid-call: reading the account back.", at)
        roll_up(target.post_id)


def _miss_overdue(at: dt.datetime) -> None:
    overdue = PublishTarget.objects.filter(
        state__in=WAITING_TARGET_STATES, due_at__lt=at - content.TIME_WINDOW
    ).values_list("pk", flat=True)
    for pk in list(overdue):
        with transaction.atomic():
            target = _lock_post_then_target(pk, *WAITING_TARGET_STATES)
            if target is None:
                continue
            why = target.reason or "it was not sent within its time window"
            _miss(target, f"Missed its time: {why}")
        roll_up(target.post_id)


def _lock_post(pk: int) -> Post:
    """The post's row only. review.lock also locks its organization's row (FOR UPDATE over the
    join), and taking the organization before the target deadlocks with holding an account's
    targets (platforms.actions.mark_needs_reauth: targets, then the organization's audit row)."""
    return Post.objects.select_for_update(of=("self",)).select_related("organization").get(pk=pk)


def _lock_post_then_target(pk: int, *states: str) -> PublishTarget | None:
    """Lock the target's post, then the target if it is still in one of `states`. Post before
    target, as every verb locks them: review changing a post and a worker claiming its target
    take turns instead of deadlocking."""
    post_id = (
        PublishTarget.objects.filter(pk=pk, state__in=states).values_list("post_id", flat=True)
    ).first()
    if post_id is None:
        return None
    _lock_post(post_id)
    return (
        PublishTarget.objects.select_for_update(of=("self",))
        .select_related("account", "post", "post__organization")
        .filter(pk=pk, state__in=states)
        .first()
    )


def _set(target: PublishTarget, state: str, **fields) -> None:
    target.state = state
    for name, value in fields.items():
        setattr(target, name, value)
    target.updated_at = now()
    target.save(update_fields=["state", "updated_at", *fields])


def _audit_target(target: PublishTarget, verb: str, after: dict, actor: User | None = None) -> None:
    audit.record(
        organization=target.post.organization, actor=actor, verb=verb, target=target,
        after={"post": target.post_id, "account": str(target.account), **after},
    )  # fmt: skip


# Claim and publish -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Claim:
    target: PublishTarget
    attempt: PublishAttempt
    request: PublishRequest


def claim(target_id: int, *, worker: str, at: dt.datetime | None = None) -> Claim | None:
    """Take the target for this worker, if nobody else has and everything still allows it.
    Answers None when there is nothing to do (taken, not yet due, held, gone)."""
    at = at or now()
    with transaction.atomic():
        target = _lock_post_then_target(target_id, *WAITING_TARGET_STATES)
        if target is None:
            return None
        account = target.account
        if account.rate_limited_until and account.rate_limited_until > at:
            PublishTarget.objects.filter(pk=target.pk).update(
                not_before=account.rate_limited_until, enqueued_at=None
            )
            return None
        if target.not_before and target.not_before > at:
            return None
        release = release_for_publishing(post=target.post, at=at, target=target)
        if not release.released:
            _refused(target, release, at)
            return None
        try:
            request = _request_for(target)
        except OSError as exc:
            # The media store failed (a lost file, an outage) and nothing was sent. Raising here
            # rolled the claim back and failed the task on every sweep, unseen; held, it is
            # tried again within its window, with why, then missed in front of a person.
            log.warning("target %s: media unreadable: %s", target.pk, exc)
            _hold(target, f"Its media could not be read from storage ({exc.__class__.__name__}).")
            return None
        _set(target, TargetState.PUBLISHING, claimed_at=at, claimed_by=worker, reason="")
        attempt = PublishAttempt.objects.create(
            target=target, kind=AttemptKind.PUBLISH, started_at=at, worker=worker,
            sent=_summary(request),
        )  # fmt: skip
    return Claim(target, attempt, request)


def _refused(target: PublishTarget, release: Release, at: dt.datetime) -> None:
    if release.verdict == "wait":
        return
    if release.verdict == "gone":
        # The post went back to review or changed: the targets of its next approval replace it.
        if not target.attempts.exists():
            target.delete()
        return
    if release.verdict == "missed":
        _miss(target, release.reason)
        transaction.on_commit(lambda: roll_up(target.post_id))
        return
    _hold(target, release.reason)


def _hold(target: PublishTarget, reason: str) -> None:
    """Held, saying why; written only when the reason is new (it is checked every minute)."""
    if target.state != TargetState.HELD or target.reason != reason[:500]:
        _set(target, TargetState.HELD, reason=reason[:500])


def _miss(target: PublishTarget, reason: str) -> None:
    _set(target, TargetState.MISSED, reason=reason[:500])
    _audit_target(target, "publish_target.missed", {"reason": target.reason})


def _request_for(target: PublishTarget) -> PublishRequest:
    variant = target.post.variants.get(account_id=target.account_id)
    images = []
    for media in target.post.media.filter(kind=MediaKind.IMAGE).order_by("position", "id"):
        with media.file.open("rb") as handle:
            data = handle.read()
        images.append(
            ImageUpload(data, media.mime, media.alt_text, public_url=_public_url(media, target))
        )
    return PublishRequest(text=variant.text, images=images, idempotency_key=target.idempotency_key)


def _public_url(media, target: PublishTarget) -> str:
    """Instagram fetches images from a URL: a signed link that works for a day, only to it."""
    if target.account.platform != "instagram":
        return ""
    return signed_url(media)


def _summary(request: PublishRequest) -> dict:
    return {
        "text_sha256": hashlib.sha256(request.text.encode()).hexdigest(),
        "text_length": len(request.text),
        "text_start": request.text[:80],
        "images": [
            {"mime": i.mime_type, "bytes": len(i.content), "alt_text": bool(i.alt_text)}
            for i in request.images
        ],
        "idempotency_key": request.idempotency_key,
    }


def publish(target_id: int, *, worker: str | None = None, at: dt.datetime | None = None) -> str:
    """Claim the target and, if this worker won it, call the platform once and record the
    answer. Answers the target's state afterwards (or "skipped")."""
    worker = worker or worker_name()
    claimed = claim(target_id, worker=worker, at=at)
    if claimed is None:
        return "skipped"
    target, attempt = claimed.target, claimed.attempt
    started = time.monotonic()
    try:
        result = adapter_for(target.account).publish(claimed.request)
    except PlatformError as exc:
        state = _recording(_failed, target, attempt, exc, started)
    except Exception as exc:
        # A bug of ours or a library's, after the request may have gone out: never assume
        # nothing was posted.
        log.exception("publish of target %s raised", target.pk)
        error = PlatformError(ErrorKind.UNKNOWN_OUTCOME, f"Unexpected error: {exc!r}"[:900])
        state = _recording(_failed, target, attempt, error, started)
    else:
        state = _recording(_published, target, attempt, result.external_id, result.url, started)
    _recording(roll_up, target.post_id)
    return state


def _deadlocked(exc: OperationalError) -> bool:
    return getattr(exc.__cause__, "pgcode", "") == DEADLOCK_DETECTED


def _recording(record, *args):
    """Record what the platform answered, trying again if PostgreSQL broke a deadlock by
    aborting this transaction: the answer is known only to this worker, and recording it again
    is safe (each step checks the state it starts from). Should it still fail, the claim's lease
    runs out and the target is read back, never sent again."""
    for attempt in range(3):
        try:
            return record(*args)
        except OperationalError as exc:
            if not _deadlocked(exc) or attempt == 2:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


def _finish(
    attempt: PublishAttempt,
    outcome: str,
    started: float,
    error: PlatformError | None = None,
    **fields,
) -> None:
    """Complete an attempt row with the platform's answer (or `error`) and how long it took."""
    if error is not None:
        fields |= {
            "error_kind": error.kind, "http_status": error.status, "message": error.message[:1000],
        }  # fmt: skip
    duration_ms = int((time.monotonic() - started) * 1000)
    PublishAttempt.objects.filter(pk=attempt.pk).update(
        outcome=outcome, finished_at=now(), duration_ms=duration_ms, **fields
    )


@transaction.atomic
def _published(
    target: PublishTarget, attempt: PublishAttempt, external_id: str, url: str, started: float
) -> str:
    at = now()
    _finish(attempt, AttemptOutcome.ACCEPTED, started, external_id=external_id, url=url)
    # Recorded whatever happened meanwhile (a slow answer after the lease ran out): the platform
    # has the post, and that is the truth.
    target = _lock_any(target.pk)
    if target.state == TargetState.PUBLISHED:
        return target.state
    _set(
        target, TargetState.PUBLISHED, external_id=external_id, url=url, published_at=at,
        reason="", error_kind="", decision_needed=False, unconfirmed_since=None,
    )  # fmt: skip
    _audit_target(target, "publish_target.published", {"external_id": external_id, "url": url})
    return target.state


def _lock_any(pk: int) -> PublishTarget:
    # Only the target's row: FOR UPDATE over a join would also lock the account, the post and
    # the organization, making every recorded answer wait for every claim of the organization
    # (and lock the post after the target, the wrong way round).
    return (
        PublishTarget.objects.select_for_update(of=("self",))
        .select_related("account", "post", "post__organization")
        .get(pk=pk)
    )


@transaction.atomic
def _failed(
    target: PublishTarget, attempt: PublishAttempt, exc: PlatformError, started: float
) -> str:
    at = now()
    _finish(attempt, AttemptOutcome.ERROR, started, exc, external_id=exc.existing_id)
    target = _lock_any(target.pk)
    if target.state != TargetState.PUBLISHING:
        return target.state  # settled meanwhile (the lease ran out and it was read back)
    kind = exc.kind
    if kind == ErrorKind.RATE_LIMITED:
        # Nothing was created. The account's queue waits for the platform's reset.
        until = at + dt.timedelta(seconds=max(1.0, exc.retry_after or 60.0))
        SocialAccount.objects.filter(pk=target.account_id).update(rate_limited_until=until)
        _set(
            target, TargetState.SCHEDULED, not_before=until, enqueued_at=None, error_kind=kind,
            reason=f"Rate limited by the platform until {until:%H:%M:%S} UTC.",
        )  # fmt: skip
    elif kind == ErrorKind.TRANSIENT and exc.status is None:
        # The connection was never made: the platform cannot have the post.
        tries = _unsent_tries(target)
        if tries >= MAX_UNSENT_TRIES:
            _fail(target, f"Could not reach the platform after {tries} tries: {exc.message}", kind)
        else:
            backoff = dt.timedelta(seconds=min(60, 2**tries))
            _set(target, TargetState.SCHEDULED, not_before=at + backoff, enqueued_at=None,
                 reason=f"Could not reach the platform; trying again: {exc.message}"[:500],
                 error_kind=kind)  # fmt: skip
    elif kind == ErrorKind.AUTH_EXPIRED:
        # Refused before acting; the adapter marked the account (which holds its targets and
        # tells the admins). This one waits for a reconnection within its window.
        _set(target, TargetState.HELD, enqueued_at=None, error_kind=kind,
             reason=f"{target.account} needs reconnecting: {exc.message}"[:500])  # fmt: skip
    elif kind in (ErrorKind.VALIDATION, ErrorKind.PERMANENT):
        _fail(target, exc.message, kind)
    else:
        # unknown_outcome, a 5xx (Meta can create the post and still answer 500), a duplicate:
        # the post may exist. Read back, never re-send. A duplicate that names the existing post
        # (LinkedIn) is read back too: that post may be an older one with the same text, not
        # this target's, and only a recent match of what we sent counts.
        _unconfirm(target, exc.message, at, error_kind=kind)
    return target.state


def _unsent_tries(target: PublishTarget) -> int:
    """Refused connections in a row (this one included), since a person last asked to retry:
    every publish attempt of the target's life counted, a person's retry failed at once."""
    attempts = target.attempts.filter(kind=AttemptKind.PUBLISH)
    if target.retried_at:
        attempts = attempts.filter(started_at__gte=target.retried_at)
    tries = 0
    for kind, status in attempts.order_by("-started_at", "-id").values_list(
        "error_kind", "http_status"
    ):
        if kind != ErrorKind.TRANSIENT or status is not None:
            break
        tries += 1
    return tries


def _fail(target: PublishTarget, reason: str, kind: str) -> None:
    _set(target, TargetState.FAILED, reason=reason[:500], error_kind=kind)
    _audit_target(target, "publish_target.failed", {"reason": target.reason, "kind": kind})


def _unconfirm(target: PublishTarget, reason: str, at: dt.datetime, error_kind: str = "") -> None:
    _set(
        target, TargetState.UNCONFIRMED, reason=reason[:500], unconfirmed_since=at,
        decision_needed=False, error_kind=error_kind or target.error_kind, enqueued_at=None,
    )  # fmt: skip
    _audit_target(target, "publish_target.unconfirmed", {"reason": target.reason})


# Reconcile ---------------------------------------------------------------------------------------


def to_reconcile(at: dt.datetime | None = None) -> list[int]:
    """Unconfirmed targets due a read-back (not handed out in the last interval)."""
    at = at or now()
    recently = at - dt.timedelta(seconds=settings.PUBLISH_RECONCILE_EVERY)
    with transaction.atomic():
        due = list(
            PublishTarget.objects.select_for_update(skip_locked=True)
            .filter(state=TargetState.UNCONFIRMED, decision_needed=False)
            .filter(Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=recently))
            .values_list("pk", flat=True)[: settings.PUBLISH_SWEEP_BATCH]
        )
        PublishTarget.objects.filter(pk__in=due).update(enqueued_at=at)
    return due


_URL = re.compile(r"https?://\S+")


def _same_text(ours: str, theirs: str) -> bool:
    """Platforms rewrite links (X's t.co) and whitespace; the words must be the same."""

    def norm(text: str) -> str:
        return " ".join(_URL.sub("<link>", text or "").split())

    return norm(ours) == norm(theirs)


def reconcile(target_id: int, *, worker: str | None = None) -> str:
    """Read the account's recent posts back and look for what an unconfirmed target sent. Found:
    published, with the real id and link. Not found past the reconcile window: a person decides."""
    worker = worker or worker_name()
    target = (
        PublishTarget.objects.select_related("account", "post", "post__organization")
        .filter(pk=target_id, state=TargetState.UNCONFIRMED, decision_needed=False)
        .first()
    )
    if target is None:
        return "skipped"
    sent = target.post.variants.get(account_id=target.account_id).text
    first_try = target.attempts.filter(kind=AttemptKind.PUBLISH).order_by("started_at").first()
    since = (first_try.started_at if first_try else target.due_at) - dt.timedelta(minutes=5)
    attempt = PublishAttempt.objects.create(
        target=target, kind=AttemptKind.RECONCILE, worker=worker,
        sent={"text_start": sent[:80], "since": since.isoformat()},
    )  # fmt: skip
    started = time.monotonic()
    try:
        recent = adapter_for(target.account).recent_posts(limit=50)
    except PlatformError as exc:
        _finish(attempt, AttemptOutcome.ERROR, started, exc)
        return _not_found(target.pk)
    candidates = [
        remote
        for remote in recent
        if _same_text(sent, remote.text)
        and (remote.created_at is None or remote.created_at >= since)
    ]
    with transaction.atomic():
        # One platform post is one target's. Two unconfirmed targets with the same words on one
        # account (a copy of a post) read back at once must not both claim it: the account's
        # row lock makes them take turns, and the second sees what the first took.
        SocialAccount.objects.select_for_update().filter(pk=target.account_id).first()
        # Only the ids just read back are looked up: an account's history grows without bound.
        taken = set(
            PublishTarget.objects.filter(
                account_id=target.account_id,
                external_id__in=[c.external_id for c in candidates],
            )
            .exclude(pk=target.pk)
            .values_list("external_id", flat=True)
        )
        match = next((c for c in candidates if c.external_id not in taken), None)
        if match is None:
            _finish(
                attempt, AttemptOutcome.NOT_FOUND, started,
                message=f"Not among the account's {len(recent)} most recent posts.",
            )  # fmt: skip
        else:
            _finish(
                attempt, AttemptOutcome.FOUND, started,
                external_id=match.external_id, url=match.url,
            )  # fmt: skip
            target = _lock_any(target.pk)
            if target.state == TargetState.UNCONFIRMED:
                _set(
                    target, TargetState.PUBLISHED, external_id=match.external_id, url=match.url,
                    published_at=match.created_at or now(), reason="", decision_needed=False,
                )  # fmt: skip
                _audit_target(
                    target, "publish_target.reconciled",
                    {"external_id": match.external_id, "url": match.url},
                )  # fmt: skip
    if match is None:
        return _not_found(target.pk)
    roll_up(target.post_id)
    return TargetState.PUBLISHED


def _not_found(target_id: int) -> str:
    window = dt.timedelta(seconds=settings.PUBLISH_RECONCILE_WINDOW)
    with transaction.atomic():
        target = _lock_any(target_id)
        if target.state != TargetState.UNCONFIRMED or target.decision_needed:
            return target.state
        if target.unconfirmed_since and now() - target.unconfirmed_since < window:
            return target.state
        _set(
            target, TargetState.UNCONFIRMED, decision_needed=True,
            reason=f"Not found on {target.account.get_platform_display()} after reading it back "
            f"for {int(window.total_seconds() // 60)} minutes: send it again or drop it.",
        )  # fmt: skip
        _audit_target(target, "publish_target.needs_decision", {"reason": target.reason})
        # Now, not when it became unconfirmed, there is something for a person to decide.
        _tell(
            target.post, PostState.UNCONFIRMED, list(target.post.targets.select_related("account"))
        )
    roll_up(target.post_id)
    return target.state


# Roll-up -----------------------------------------------------------------------------------------


def post_state_from(states: list[str]) -> str | None:
    """The post's state from its targets' states (None: nothing to say yet)."""
    if not states:
        return None
    if any(s in (*WAITING_TARGET_STATES, TargetState.PUBLISHING) for s in states):
        return PostState.PUBLISHING
    if TargetState.UNCONFIRMED in states:
        return PostState.UNCONFIRMED
    out = sum(s == TargetState.PUBLISHED for s in states)
    down = sum(s == TargetState.TAKEN_DOWN for s in states)
    bad = sum(s in (TargetState.FAILED, TargetState.MISSED) for s in states)
    if out + down == 0:
        return (
            PostState.MISSED if all(s == TargetState.MISSED for s in states) else PostState.FAILED
        )
    if bad:
        return PostState.PARTLY_PUBLISHED
    return PostState.PUBLISHED if out else PostState.TAKEN_DOWN


def roll_up(post_id: int) -> str:
    """Move the post to the state its targets add up to, and tell its people when that is an
    outcome: published, partly published, failed, unconfirmed, missed."""
    with transaction.atomic():
        post = (
            Post.objects.select_for_update(of=("self",))
            .select_related("organization")
            .get(pk=post_id)
        )
        targets = list(post.targets.select_related("account"))
        state = post_state_from([t.state for t in targets])
        if state is None or state == post.state:
            return post.state
        if post.state == PostState.APPROVED and state == PostState.PUBLISHING:
            return post.state  # nothing was released yet (held targets wait for their time)
        if state == PostState.MISSED:
            review.mark_missed(post, why=_reasons(targets, TargetState.MISSED))
            return post.state
        move_state(post, state)
        audit.record(
            organization=post.organization, actor=None, verb=f"post.{state}", target=post,
            after={str(t.account): t.state for t in targets},
        )  # fmt: skip
        _tell(post, state, targets)
    return state


def _reasons(targets: list[PublishTarget], state: str) -> str:
    return "; ".join(f"{t.account}: {t.reason}" for t in targets if t.state == state and t.reason)


def _tell(post: Post, state: str, targets: list[PublishTarget]) -> None:
    authors = User.objects.filter(pk__in=review.author_ids(post))
    where = ", ".join(str(t.account) for t in targets if t.state == TargetState.PUBLISHED)
    if state == PostState.PUBLISHED:
        message, details = f"Published: “{post.title}” on {where}", ""
    elif state == PostState.PARTLY_PUBLISHED:
        message = f"Partly published: “{post.title}” went out on {where}, not everywhere"
        details = _reasons(targets, TargetState.FAILED) or _reasons(targets, TargetState.MISSED)
    elif state == PostState.FAILED:
        message, details = f"Not published: “{post.title}”", _reasons(targets, TargetState.FAILED)
    elif state == PostState.UNCONFIRMED:
        if not any(t.decision_needed for t in targets):
            # Still being read back, and most are found: telling people now would be a false
            # alarm. They are told when it is not found (_not_found).
            return
        message = f"Unconfirmed: “{post.title}” may not have gone out; a person must decide"
        details = _reasons(targets, TargetState.UNCONFIRMED)
    else:
        return
    people = list(authors)
    if state != PostState.PUBLISHED:
        # What a person must act on reaches those who may act.
        people += list(
            User.objects.filter(
                memberships__organization=post.organization,
                memberships__role__in=PUBLISH_MANAGERS,
            )
        )
    notify(
        organization=post.organization, users=people, message=message, url=_post_url(post),
        details=details, email_setting="publishing_emails",
    )  # fmt: skip


# What a person does ------------------------------------------------------------------------------


def _manager(post: Post, by: User) -> Membership:
    membership = Membership.objects.filter(organization=post.organization, user=by).first()
    if membership is None or membership.role not in PUBLISH_MANAGERS:
        raise ActionError("Only reviewers and admins can do this.")
    return membership


def retry_target(*, target: PublishTarget, by: User) -> PublishTarget:
    """Send a failed, missed or unconfirmed-and-not-found target again, now. The post's approval
    is checked again at the call; the retry is audited. Targets that went out are never
    touched."""
    with transaction.atomic():
        _lock_post(target.post_id)
        target = _lock_any(target.pk)
        _manager(target.post, by)
        if not target.awaits_decision:
            raise ActionError(f"It is {target.get_state_display().lower()}: nothing to retry.")
        if review.live_submission(target.post) is None:
            raise ActionError(
                "Its approval ended (the whole post missed its time): pick a new time and submit "
                "it for approval again."
            )
        before = target.state
        at = now()
        _set(
            target, TargetState.SCHEDULED, due_at=at, not_before=None, enqueued_at=None,
            reason="", decision_needed=False, dismissed_at=None, retried_by=by, retried_at=at,
        )  # fmt: skip
        _audit_target(target, "publish_target.retried", {"from": before}, actor=by)
        post = target.post
        if post.state != PostState.PUBLISHING:
            move_state(post, PostState.PUBLISHING)
    return target


def drop_target(*, target: PublishTarget, by: User, reason: str) -> PublishTarget:
    """A person decides a target will not go out (a failure let be, an unconfirmed one not
    found): it leaves the queue, with why."""
    reason = " ".join(reason.split())
    if not reason:
        raise ActionError("Say why it is dropped.", field="reason")
    with transaction.atomic():
        target = _lock_any(target.pk)
        _manager(target.post, by)
        if not target.awaits_decision:
            raise ActionError(f"It is {target.get_state_display().lower()}: nothing to drop.")
        state = TargetState.MISSED if target.state == TargetState.MISSED else TargetState.FAILED
        _set(
            target, state, dismissed_at=now(), decision_needed=False,
            reason=f"Dropped by {by.get_full_name()}: {reason}"[:500],
        )  # fmt: skip
        _audit_target(target, "publish_target.dropped", {"reason": reason}, actor=by)
    roll_up(target.post_id)
    return target


def take_down(*, post: Post, by: User, reason: str, accounts=None) -> list[PublishTarget]:
    """Delete what went out from the platforms (a mistake seen after publishing, a consent
    revoked), through each adapter; every outcome is an attempt row and an audit event. A
    platform whose API cannot delete says so, and the target stays published."""
    reason = " ".join(reason.split())
    if not reason:
        raise ActionError("Say why the post is taken down.", field="reason")
    _manager(post, by)
    live = post.targets.filter(state=TargetState.PUBLISHED).select_related("account")
    if accounts is not None:
        live = live.filter(account__in=accounts)
    live = list(live)
    if not live:
        raise ActionError("Nothing of this post is live on a platform.")
    done = []
    for target in live:
        attempt = PublishAttempt.objects.create(
            target=target, kind=AttemptKind.TAKE_DOWN, worker=worker_name(), by=by,
            sent={"external_id": target.external_id, "reason": reason},
        )  # fmt: skip
        started = time.monotonic()
        error = None
        try:
            adapter = adapter_for(target.account)
            if not adapter.capabilities.delete:
                raise PlatformError(
                    ErrorKind.PERMANENT,
                    f"{target.account.get_platform_display()}'s API cannot delete posts: "
                    "delete it in the platform's own app.",
                )
            adapter.delete(target.external_id)
        except PlatformError as exc:
            error = exc
        with transaction.atomic():
            _finish(
                attempt, AttemptOutcome.ERROR if error else AttemptOutcome.DELETED, started, error
            )
            target = _lock_any(target.pk)
            if error is None:
                _set(target, TargetState.TAKEN_DOWN, taken_down_at=now(),
                     reason=f"Taken down by {by.get_full_name()}: {reason}"[:500])  # fmt: skip
                _audit_target(target, "publish_target.taken_down", {"reason": reason}, actor=by)
            else:
                _audit_target(
                    target, "publish_target.take_down_failed",
                    {"reason": reason, "error": error.message[:300]}, actor=by,
                )  # fmt: skip
        done.append(target)
    roll_up(post.pk)
    return done


# Before the due time -----------------------------------------------------------------------------


def to_prepare(at: dt.datetime | None = None) -> list[int]:
    """Accounts with targets due soon: their tokens are renewed ahead, so at the due time only
    the check and the call remain."""
    at = at or now()
    ahead = at + dt.timedelta(seconds=settings.PUBLISH_PREPARE_AHEAD)
    return list(
        PublishTarget.objects.filter(
            state=TargetState.SCHEDULED,
            due_at__gt=at,
            due_at__lte=ahead,
            account__state=ConnectionState.CONNECTED,
        )
        .values_list("account_id", flat=True)
        .distinct()
    )


def prepare_account(account_id: int) -> None:
    account = SocialAccount.objects.get(pk=account_id)
    try:
        adapter_for(account).tokens()
    except PlatformError as exc:
        # A refused renewal already marked the account (and held its targets).
        log.warning("preparing %s: %s", account, exc)
