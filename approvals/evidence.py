"""The evidence of one post: everything a regulator or an auditor asks about how it was approved,
as one plain dict. The printable page and the JSON download (page and API) are both made from
it, so they can never disagree.

What it holds: the post; every round of review with exactly what was submitted (and its hash),
the bar and what raised it, the findings the reviewers were shown, and how the round ended;
every sign-off with the role the signer had and the policy version(s) they had acknowledged;
every review comment; the consent record a patient story relies on (never the patient's name);
the post's audit events with their chain position and hash, to check against
`manage.py audit_verify`; and each publish target with every call made to its platform and
what the platform answered.

Datetimes stay datetimes here (the page shows them on the organization's clock); `as_json`
turns the dict into the JSON both downloads send.
"""

import json
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils.timezone import now

from approvals import actions, content
from approvals.models import CommentKind, Outcome, ReviewComment, SignOff, Submission
from approvals.quorum import Bar, shortfall
from policies.models import Acknowledgement, PolicyVersion
from posts.models import Post
from socialops import audit
from socialops.models import AuditEvent, Membership, Role, User

FORMAT = "socialops.evidence/1"
NOT_PUBLISHED = "Not published yet: SocialOps has not sent this post to any platform."
PUBLISHED_NOTE = (
    "One target per account the post goes to, with every call SocialOps made to the platform "
    "for it (publish, read back, take down), in order, and what the platform answered."
)


def can_read(membership: Membership, post: Post) -> bool:
    """Admins and reviewers read every post's evidence; an author reads the posts they wrote."""
    if membership.role in (Role.ADMIN, Role.REVIEWER):
        return True
    return membership.role == Role.AUTHOR and membership.user_id in actions.author_ids(post)


def require_readable(membership: Membership, post: Post) -> None:
    if not can_read(membership, post):
        raise PermissionDenied("Only admins, reviewers and the post's authors see its evidence.")


@transaction.atomic
def export(*, post: Post, by: User, fmt: str) -> dict:
    """Record that `by` exported the evidence (as "html", "json" or "api"), then build it, so
    the document lists its own export among the post's audit events."""
    audit.record(
        organization=post.organization, actor=by, verb="post.evidence_exported", target=post,
        after={"format": fmt},
    )  # fmt: skip
    return build(post, by=by)


def as_json(document: dict) -> str:
    return json.dumps(document, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)


def jsonable(document: dict) -> dict:
    """The dict exactly as the JSON download carries it (datetimes as ISO 8601 strings)."""
    return json.loads(as_json(document))


def build(post: Post, *, by: User) -> dict:
    organization = post.organization
    variants = list(post.variants.select_related("account").order_by("account_id"))
    submissions = list(
        Submission.objects.filter(post=post)
        .select_related("submitted_by", "closed_by", "fast_track_of")
        .order_by("number")
    )
    sign_offs = list(
        SignOff.objects.filter(post=post)
        .select_related(
            "signer",
            "acknowledgement__version__organization",
            "acknowledgement__network_version__organization",
        )
        .order_by("signed_at", "id")
    )
    comments = list(
        ReviewComment.objects.filter(post=post)
        .select_related("author", "account", "submission")
        .order_by("created_at", "id")
    )
    tz = ZoneInfo(organization.timezone)
    live = next((s for s in submissions if s.is_live), None)
    approved = live if live is not None and live.outcome == Outcome.APPROVED else None
    return {
        "format": FORMAT,
        "generated_at": now(),
        "exported_by": _person(by),
        "organization": {
            "name": organization.name,
            "slug": organization.slug,
            "timezone": organization.timezone,
        },
        "post": {
            "id": post.pk,
            "title": post.title,
            "state": post.state,
            "state_label": post.get_state_display(),
            "held_reason": post.held_reason,
            "scheduled_at": post.scheduled_at,
            "campaign": post.campaign.name if post.campaign_id else None,
            "patient_story": post.patient_story,
            "crisis_template": post.crisis_template,
            "created_by": _person(post.created_by),
            "created_at": post.created_at,
            "accounts": [
                {
                    "id": v.account_id,
                    "platform": v.account.platform,
                    "platform_label": v.account.get_platform_display(),
                    "handle": v.account.handle,
                    "name": str(v.account),
                }
                for v in variants
            ],
            "authors": [
                _person(user)
                for user in User.objects.filter(pk__in=actions.author_ids(post)).order_by("pk")
            ],
        },
        "approved_content_hash": approved.content_hash if approved else None,
        "rounds": [
            _round(submission, [s for s in sign_offs if s.submission_id == submission.pk], tz)
            for submission in submissions
        ],
        "comments": [_comment(comment) for comment in comments],
        "consent": _consent(post),
        "audit_events": _audit_events(post),
        "audit_chain": {
            "organization": organization.slug,
            "note": "Each event's hash covers the previous event's hash in the organization's "
            "chain; the command manage.py audit_verify recomputes the whole chain.",
        },
        "publishing": _publishing(post),
    }


def _publishing(post: Post) -> dict:
    targets = list(
        post.targets.select_related("account", "retried_by")
        .prefetch_related("attempts__by")
        .order_by("account_id")
    )
    sent = any(target.attempts.all() for target in targets)
    return {
        "targets": [_target(target) for target in targets],
        "note": PUBLISHED_NOTE if sent else NOT_PUBLISHED,
    }


def _target(target) -> dict:
    account = target.account
    return {
        "account": {
            "id": account.pk,
            "platform": account.platform,
            "platform_label": account.get_platform_display(),
            "handle": account.handle,
            "name": str(account),
        },
        "state": target.state,
        "state_label": target.get_state_display(),
        "due_at": target.due_at,
        "published_at": target.published_at,
        "external_id": target.external_id,
        "url": target.url,
        "reason": target.reason,
        "error_kind": target.error_kind,
        "decision_needed": target.decision_needed,
        "retried_by": _person(target.retried_by),
        "retried_at": target.retried_at,
        "taken_down_at": target.taken_down_at,
        "attempts": [
            {
                "kind": attempt.kind,
                "kind_label": attempt.get_kind_display(),
                "started_at": attempt.started_at,
                "finished_at": attempt.finished_at,
                "duration_ms": attempt.duration_ms,
                "worker": attempt.worker,
                "by": _person(attempt.by),
                "sent": attempt.sent,
                "outcome": attempt.outcome,
                "outcome_label": attempt.get_outcome_display(),
                "error_kind": attempt.error_kind,
                "http_status": attempt.http_status,
                "message": attempt.message,
                "external_id": attempt.external_id,
                "url": attempt.url,
            }
            for attempt in target.attempts.all()
        ],
    }


def _person(user: User | None) -> dict | None:
    if user is None:
        return None
    return {"id": user.pk, "name": user.get_full_name(), "email": user.email}


def _raised_by(submission: Submission) -> list[str]:
    reasons = []
    if submission.fast_track_of_id:
        template = submission.fast_track_of
        reasons.append(
            f"Fast track of crisis template {template.pk} (“{template.title}”), approved in "
            "advance by the full quorum: one reviewer's sign-off"
        )
    if submission.patient_story:
        reasons.append("Patient story")
    if submission.phi_override:
        reasons.append("PHI finding overridden with a justification")
    if submission.crisis:
        reasons.append("Crisis pause")
    return reasons


def _round(submission: Submission, sign_offs: list[SignOff], tz: ZoneInfo) -> dict:
    bar = Bar.of(submission)
    return {
        "number": submission.number,
        "submitted_by": _person(submission.submitted_by),
        "submitted_at": submission.submitted_at,
        "content": submission.content,
        "content_hash": submission.content_hash,
        # The same content as a person reads it (account names, the local time).
        "content_readable": content.readable(submission.content, tz=tz),
        "bar": {
            "sign_offs": submission.required_count,
            "required_roles": list(submission.required_roles),
            "reviewers": submission.required_reviewers,
            "described": shortfall(bar, []).describe().replace(" more", ""),
            "raised_by": _raised_by(submission),
        },
        "patient_story": submission.patient_story,
        "phi_override": submission.phi_override,
        "phi_justification": submission.phi_justification,
        "crisis": submission.crisis,
        "fast_track_of": (
            {"id": submission.fast_track_of_id, "title": submission.fast_track_of.title}
            if submission.fast_track_of_id
            else None
        ),
        "findings": submission.findings,
        "finding_count": sum(len(entry["findings"]) for entry in submission.findings),
        "outcome": submission.outcome,
        "outcome_label": submission.get_outcome_display(),
        "closed_by": _person(submission.closed_by),
        "closed_at": submission.closed_at,
        "closed_reason": submission.closed_reason,
        "sign_offs": [_sign_off(s) for s in sign_offs],
    }


def _version(version: PolicyVersion | None) -> dict | None:
    if version is None:
        return None
    return {
        "id": version.pk,
        "organization": version.organization.name,
        "number": version.number,
        "title": version.title,
        "effective_date": version.effective_date,
    }


def _acknowledgement(acknowledgement: Acknowledgement | None) -> dict | None:
    if acknowledgement is None:
        return None
    return {
        "version": _version(acknowledgement.version),
        "network_version": _version(acknowledgement.network_version),
        "acknowledged_at": acknowledgement.acknowledged_at,
    }


def _sign_off(sign_off: SignOff) -> dict:
    return {
        "signer": _person(sign_off.signer),
        "role": sign_off.role,
        "role_label": sign_off.get_role_display(),
        "signed_at": sign_off.signed_at,
        "content_hash": sign_off.content_hash,
        "fast_track": sign_off.fast_track,
        # None when the organization had no policy to acknowledge when they signed.
        "policy_acknowledged": _acknowledgement(sign_off.acknowledgement),
    }


def _comment(comment: ReviewComment) -> dict:
    return {
        "round": comment.submission.number if comment.submission_id else None,
        "author": _person(comment.author),
        "kind": comment.kind,
        "kind_label": CommentKind(comment.kind).label,
        "account": str(comment.account) if comment.account_id else None,
        "account_id": comment.account_id,
        "body": comment.body,
        "created_at": comment.created_at,
    }


def _consent(post: Post) -> dict | None:
    """The consent record as the post relies on it, without the patient's name or contact."""
    if post.consent_id is None:
        return None
    record = post.consent
    return {
        "reference": record.reference,
        "title": record.title,
        "kinds": list(record.kinds),
        "kinds_used_by_post": list(post.consent_kinds),
        "platforms": list(record.platforms),
        "valid_from": record.valid_from,
        "valid_until": record.valid_until,
        "status": record.status(),
        "revoked": record.revoked_at is not None,
        "revoked_at": record.revoked_at,
        "revoked_reason": record.revoked_reason,
    }


def _audit_events(post: Post) -> list[dict]:
    events = AuditEvent.objects.filter(
        organization=post.organization, target_type=Post._meta.label_lower, target_id=str(post.pk)
    ).order_by("seq")
    return [
        {
            "seq": event.seq,
            "verb": event.verb,
            "actor_email": event.actor_email,
            "created_at": event.created_at,
            "before": event.before,
            "after": event.after,
            "prev_hash": event.prev_hash,
            "hash": event.hash,
        }
        for event in events
    ]
