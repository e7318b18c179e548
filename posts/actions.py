"""The verbs that change posts, shared by the editor, the calendar, the API and the demo seed."""

import datetime as dt
from dataclasses import dataclass, field

from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.timezone import now

from approvals.actions import content_changed, record_author
from approvals.content import current_hash
from platforms.models import SocialAccount
from policies.access import require_acknowledged
from policies.models import ConsentRecord
from posts import media as media_files
from posts.access import postable_account_ids
from posts.models import (
    DRAFT_STATES,
    EDITABLE_STATES,
    CalendarFeed,
    Campaign,
    ContentPillar,
    Language,
    Media,
    Observance,
    Post,
    PostState,
    Variant,
    hash_token,
)
from socialops import audit
from socialops.actions import ActionError
from socialops.models import Membership, Organization, User

# Moving a post in review or approved voids its sign-offs and sends it back to review.
RESCHEDULABLE_STATES = EDITABLE_STATES


class EditConflict(ActionError):
    """The post changed since the editor loaded it (another tab, another person)."""

    def __init__(self, post: Post, by: User):
        who = "You" if post.updated_by_id == by.pk else post.updated_by.get_full_name()
        where = " in another tab" if who == "You" else ""
        when = timezone.localtime(post.updated_at)
        super().__init__(
            f"{who} saved a newer version of this post{where} at {when:%H:%M}. Your text is "
            "still here: copy what you need, then reload to see the newer version.",
        )
        self.current = post


@dataclass
class PostChanges:
    """Everything the editor sends. Variant texts are keyed by account id; an account missing
    from `accounts` loses its variant."""

    body: str = ""
    accounts: list[SocialAccount] = field(default_factory=list)
    variant_texts: dict[int, str] = field(default_factory=dict)
    campaign: Campaign | None = None
    pillar: ContentPillar | None = None
    observance: str = ""
    language: str = Language.ENGLISH
    patient_story: bool = False
    consent: ConsentRecord | None = None
    consent_kinds: list[str] = field(default_factory=list)
    scheduled_at: dt.datetime | None = None
    # A crisis holding statement, approved in advance and sent during a pause: it has no time.
    crisis_template: bool = False

    @classmethod
    def of(cls, post: Post) -> "PostChanges":
        """The post as it stands, to change a few things and save or copy."""
        variants = list(post.variants.select_related("account"))
        return cls(
            accounts=[v.account for v in variants],
            variant_texts={v.account_id: v.text for v in variants if v.tailored},
            **{name: getattr(post, name) for name in POST_FIELDS},
        )

    def post_fields(self) -> dict:
        return {name: getattr(self, name) for name in POST_FIELDS}


# The Post columns the editor, the API and the copies write.
POST_FIELDS = (
    "body", "campaign", "pillar", "observance", "language", "patient_story", "consent",
    "consent_kinds", "scheduled_at", "crisis_template",
)  # fmt: skip


def _snapshot(post: Post) -> dict:
    return {
        "body": post.body,
        "scheduled_at": post.scheduled_at,
        "state": post.state,
        "accounts": sorted(v.account_id for v in post.variants.all()),
        "patient_story": post.patient_story,
        "consent": post.consent_id,
        "version": post.version,
    }


def check_schedule(when: dt.datetime | None, *, field_name: str = "scheduled_at") -> None:
    if when is not None and when <= now():
        raise ActionError("Pick a time in the future.", field=field_name)


def _membership(organization: Organization, user: User) -> Membership | None:
    return Membership.objects.filter(organization=organization, user=user).first()


def _require_policy(organization: Organization, by: User) -> None:
    """Drafting needs the current social-media policy acknowledged."""
    membership = _membership(organization, by)
    if membership is not None:
        require_acknowledged(membership)


def _check_template(changes: PostChanges) -> None:
    if changes.crisis_template and changes.scheduled_at is not None:
        raise ActionError(
            "A crisis template has no time of its own: clear the time.", field="scheduled_at"
        )


def _check_consent(organization: Organization, changes: PostChanges) -> None:
    if changes.consent is not None and changes.consent.organization_id != organization.id:
        raise ActionError("Pick a consent record of this organization.", field="consent")


def _check_accounts(
    organization: Organization, by: User, accounts: list[SocialAccount], post: Post | None = None
) -> None:
    for account in accounts:
        if account.organization_id != organization.id:
            # Never say whose it is: the same answer as an account that does not exist.
            raise ActionError("Pick accounts of this organization.", field="accounts")
    # Accounts already on the post stay when someone else edits it; adding one needs the
    # right to post to it.
    already = set(post.variants.values_list("account_id", flat=True)) if post else set()
    added = [a for a in accounts if a.pk not in already]
    if not added:
        return
    membership = _membership(organization, by)
    allowed = postable_account_ids(membership) if membership else set()
    refused = [a for a in added if a.pk not in allowed]
    if refused:
        names = ", ".join(str(a) for a in refused)
        raise ActionError(
            f"You may not post to {names}: an admin grants that under Settings, Social accounts.",
            field="accounts",
        )


def _require_editable(post: Post) -> None:
    if not post.is_editable:
        raise ActionError(
            f"This post is {post.get_state_display().lower()}: it can no longer be changed."
        )


@transaction.atomic
def create_post(
    *, organization: Organization, by: User, changes: PostChanges | None = None
) -> Post:
    changes = changes or PostChanges()
    _require_policy(organization, by)
    _check_accounts(organization, by, changes.accounts)
    _check_consent(organization, changes)
    _check_template(changes)
    check_schedule(changes.scheduled_at)
    post = Post.objects.create(
        organization=organization, created_by=by, updated_by=by, **changes.post_fields()
    )
    _set_variants(post, changes)
    record_author(post, by)
    audit.record(
        organization=organization, actor=by, verb="post.created", target=post,
        after=_snapshot(post),
    )  # fmt: skip
    return post


def _set_variants(post: Post, changes: PostChanges) -> None:
    wanted = {account.id: account for account in changes.accounts}
    post.variants.exclude(account_id__in=wanted).delete()
    existing = {v.account_id: v for v in post.variants.all()}
    for account_id, account in wanted.items():
        text = changes.variant_texts.get(account_id)
        tailored = text is not None and text != changes.body
        variant = existing.get(account_id) or Variant(post=post, account=account)
        variant.text = text if tailored else changes.body
        variant.tailored = tailored
        variant.save()


@transaction.atomic
def save_post(*, post: Post, by: User, expected_version: int, changes: PostChanges) -> Post:
    """Save the editor's state if nobody saved since `expected_version`, else EditConflict.

    The version check and bump is one UPDATE ... WHERE version = expected: of two tabs saving
    from the same version, exactly one wins and the other is told.
    """
    _require_editable(post)
    _require_policy(post.organization, by)
    _check_accounts(post.organization, by, changes.accounts, post)
    _check_consent(post.organization, changes)
    _check_template(changes)
    if changes.scheduled_at != post.scheduled_at:
        check_schedule(changes.scheduled_at)
    _lock_with_pair(post)
    before = _snapshot(post)
    before_text = (post.body, current_hash(post))
    won = Post.objects.filter(
        pk=post.pk, version=expected_version, state__in=EDITABLE_STATES
    ).update(version=F("version") + 1, updated_by=by, updated_at=now())
    if not won:
        raise EditConflict(Post.objects.select_related("updated_by").get(pk=post.pk), by)
    post.refresh_from_db(fields=["version", "updated_by", "updated_at"])
    for name, value in changes.post_fields().items():
        setattr(post, name, value)
    post.save(update_fields=list(POST_FIELDS))
    _set_variants(post, changes)
    if post.scheduled_at != before["scheduled_at"]:
        _move_pair(post, post.scheduled_at, by)
    after = _snapshot(post)
    if {k: v for k, v in before.items() if k != "version"} != {
        k: v for k, v in after.items() if k != "version"
    }:
        audit.record(
            organization=post.organization, actor=by, verb="post.edited", target=post,
            before=before, after=after,
        )  # fmt: skip
    if (post.body, current_hash(post)) != before_text:
        content_changed(post=post, by=by, what="the post")
        post.refresh_from_db(fields=["state"])
    return post


def _lock_with_pair(post: Post) -> None:
    """Lock the post and its translation, lowest id first: a change to either moves both, and
    two people moving one each at once must queue, not deadlock."""
    ids = {post.pk, post.paired_with_id}
    ids.update(Post.objects.filter(paired_with=post).values_list("pk", flat=True))
    locking = Post.objects.select_for_update().filter(pk__in=ids - {None}).order_by("pk")
    list(locking.values_list("pk", flat=True))


def _pair_of(post: Post) -> Post | None:
    if post.paired_with_id:
        return post.paired_with
    return Post.objects.filter(paired_with=post).first()


def _move_pair(post: Post, when: dt.datetime | None, by: User) -> None:
    pair = _pair_of(post)
    if (
        pair is not None
        and pair.scheduled_at != when
        and pair.state in RESCHEDULABLE_STATES
        and not pair.crisis_template
    ):
        Post.objects.filter(pk=pair.pk).update(
            scheduled_at=when, version=F("version") + 1, updated_at=now()
        )
        content_changed(post=pair, by=by, what="the time, with its translation")


@transaction.atomic
def reschedule_post(*, post: Post, by: User, when: dt.datetime) -> Post:
    """Move a post (and its paired translation) to a new time: the calendar's drag and drop."""
    _lock_with_pair(post)
    post = Post.objects.get(pk=post.pk)
    if post.state not in RESCHEDULABLE_STATES:
        raise ActionError(
            f"This post is {post.get_state_display().lower()}: it can't be moved on the calendar.",
            field="scheduled_at",
        )
    if post.crisis_template:
        raise ActionError(
            "A crisis template has no time of its own: it goes out when a reviewer "
            "fast-tracks it during a crisis pause.",
            field="scheduled_at",
        )
    check_schedule(when)
    before = post.scheduled_at
    post.scheduled_at = when
    post.version = F("version") + 1
    post.updated_by = by
    post.updated_at = now()
    post.save(update_fields=["scheduled_at", "version", "updated_by", "updated_at"])
    _move_pair(post, when, by)
    audit.record(
        organization=post.organization, actor=by, verb="post.rescheduled", target=post,
        before={"scheduled_at": before}, after={"scheduled_at": when},
    )  # fmt: skip
    content_changed(post=post, by=by, what="the time")
    post.refresh_from_db()
    return post


@transaction.atomic
def duplicate_post(*, post: Post, by: User) -> Post:
    """A new draft with the same text, variants, media and labels, and no time. It goes through
    create_post, so the copier needs the right to post to its accounts."""
    changes = PostChanges.of(post)
    changes.scheduled_at = None
    copy = create_post(organization=post.organization, by=by, changes=changes)
    for item in post.media.all():
        # The file is content-addressed, so the copy shares it rather than storing it twice.
        item.pk = None
        item.post = copy
        item.uploaded_by = by
        item.save()
    audit.record(
        organization=post.organization, actor=by, verb="post.duplicated", target=copy,
        after={"from_post": post.pk},
    )  # fmt: skip
    return copy


@transaction.atomic
def add_translation(*, post: Post, by: User) -> Post:
    """The Spanish version of an English post (or the other way): same accounts, labels and
    time; the two travel together on the calendar."""
    if _pair_of(post) is not None:
        raise ActionError("This post already has its translation.")
    language = Language.SPANISH if post.language == Language.ENGLISH else Language.ENGLISH
    changes = PostChanges.of(post)
    # The other language starts empty; the time is set below, as the original's.
    changes.body, changes.variant_texts, changes.scheduled_at = "", {}, None
    changes.language = language
    translation = create_post(organization=post.organization, by=by, changes=changes)
    # The time is copied without re-checking: it is the original's, in the past or not.
    Post.objects.filter(pk=translation.pk).update(scheduled_at=post.scheduled_at)
    translation.scheduled_at = post.scheduled_at
    translation.paired_with = post
    translation.save(update_fields=["paired_with"])
    return translation


def deletion_refusal(post: Post) -> str:
    """Why the post can't be deleted ("" if it can): a post that has been through review keeps
    its record (the rounds, sign-offs and comments point at it)."""
    if post.state not in DRAFT_STATES or post.submissions.exists() or post.review_comments.exists():
        return (
            "This post has been through review: its record is kept. Take it off the calendar "
            "by letting it expire, or withdraw it from review."
        )
    return ""


@transaction.atomic
def delete_draft(*, post: Post, by: User) -> None:
    post = Post.objects.select_for_update().get(pk=post.pk)
    refusal = deletion_refusal(post)
    if refusal:
        raise ActionError(refusal)
    audit.record(
        organization=post.organization, actor=by, verb="post.deleted", target=post,
        before=_snapshot(post),
    )  # fmt: skip
    post.delete()


def _touch(post: Post, by: User, what: str) -> None:
    # Media are their own rows with their own forms: changing them does not change the version
    # the text editor saves against, so an upload never makes the open editor's save stale.
    # They are part of what goes out, though, so a post in review goes back to review.
    Post.objects.filter(pk=post.pk).update(updated_by=by, updated_at=now())
    content_changed(post=post, by=by, what=what)


@transaction.atomic
def add_media(*, post: Post, by: User, upload: UploadedFile, alt_text: str = "") -> Media:
    _require_editable(post)
    found = media_files.inspect(upload)
    position = (post.media.aggregate(last=Max("position"))["last"] or 0) + 1
    item = Media(
        organization=post.organization,
        post=post,
        position=position,
        original_name=upload.name[:255],
        kind=found.kind,
        mime=found.mime,
        size=found.size,
        width=found.width,
        height=found.height,
        sha256=found.sha256,
        alt_text=alt_text.strip(),
        uploaded_by=by,
    )
    item.file.save(item.original_name, upload, save=False)
    item.save()
    _touch(post, by, f"the media (added {item.original_name})")
    audit.record(
        organization=post.organization, actor=by, verb="post.media_added", target=post,
        after={"media": item.original_name, "sha256": item.sha256, "alt_text": item.alt_text},
    )  # fmt: skip
    return item


@transaction.atomic
def describe_media(
    *, item: Media, by: User, alt_text: str, captions: UploadedFile | None = None
) -> Media:
    _require_editable(item.post)
    before = {"alt_text": item.alt_text, "captions": bool(item.captions)}
    if captions is not None:
        if item.kind != "video":
            raise ActionError("Only videos take a captions file.", field="captions")
        media_files.check_captions(captions)
        item.captions_text = media_files.captions_text(captions)
        item.captions.save(f"{item.sha256}.vtt", captions, save=False)
    item.alt_text = alt_text.strip()
    item.save(update_fields=["alt_text", "captions", "captions_text"])
    _touch(item.post, by, f"the alt text or captions of {item.original_name}")
    audit.record(
        organization=item.organization, actor=by, verb="post.media_described", target=item.post,
        before=before, after={"alt_text": item.alt_text, "captions": bool(item.captions)},
    )  # fmt: skip
    return item


@transaction.atomic
def remove_media(*, item: Media, by: User) -> None:
    _require_editable(item.post)
    audit.record(
        organization=item.organization, actor=by, verb="post.media_removed", target=item.post,
        before={"media": item.original_name, "sha256": item.sha256},
    )  # fmt: skip
    item.delete()
    _touch(item.post, by, f"the media (removed {item.original_name})")


@transaction.atomic
def create_campaign(
    *, organization: Organization, by: User, name: str,
    starts_on: dt.date | None = None, ends_on: dt.date | None = None,
) -> Campaign:  # fmt: skip
    name = name.strip()
    if Campaign.objects.filter(organization=organization, name__iexact=name).exists():
        raise ActionError("There is already a campaign with this name.", field="name")
    if starts_on and ends_on and ends_on < starts_on:
        raise ActionError("The campaign must end on or after its start.", field="ends_on")
    campaign = Campaign.objects.create(
        organization=organization, name=name, starts_on=starts_on, ends_on=ends_on
    )
    audit.record(
        organization=organization, actor=by, verb="campaign.created", target=campaign,
        after={"name": name, "starts_on": starts_on, "ends_on": ends_on},
    )  # fmt: skip
    return campaign


@transaction.atomic
def create_pillar(*, organization: Organization, by: User, name: str) -> ContentPillar:
    name = name.strip()
    if ContentPillar.objects.filter(organization=organization, name__iexact=name).exists():
        raise ActionError("There is already a pillar with this name.", field="name")
    last = ContentPillar.objects.filter(organization=organization).aggregate(p=Max("position"))
    pillar = ContentPillar.objects.create(
        organization=organization, name=name, position=(last["p"] or 0) + 1
    )
    audit.record(
        organization=organization, actor=by, verb="pillar.created", target=pillar,
        after={"name": name},
    )  # fmt: skip
    return pillar


@transaction.atomic
def add_observance(
    *, organization: Organization, by: User, name: str, starts_on: dt.date, ends_on: dt.date
) -> Observance:
    if ends_on < starts_on:
        raise ActionError("The observance must end on or after its start.", field="ends_on")
    observance = Observance.objects.create(
        organization=organization, name=name.strip(), starts_on=starts_on, ends_on=ends_on
    )
    audit.record(
        organization=organization, actor=by, verb="observance.added", target=observance,
        after={"name": observance.name, "starts_on": starts_on, "ends_on": ends_on},
    )  # fmt: skip
    return observance


@transaction.atomic
def issue_calendar_feed(*, organization: Organization, user: User) -> str:
    """A new private feed URL token for this person; any earlier one stops working."""
    CalendarFeed.objects.filter(organization=organization, user=user).active().update(
        revoked_at=now()
    )
    token = CalendarFeed.new_token()
    CalendarFeed.objects.create(organization=organization, user=user, token_hash=hash_token(token))
    audit.record(organization=organization, actor=user, verb="calendar_feed.issued")
    return token


@transaction.atomic
def revoke_calendar_feed(*, organization: Organization, user: User) -> None:
    revoked = (
        CalendarFeed.objects.filter(organization=organization, user=user)
        .active()
        .update(revoked_at=now())
    )
    if revoked:
        audit.record(organization=organization, actor=user, verb="calendar_feed.revoked")


# Posts still to go out: a held one keeps its place on the calendar but does not go out.
UPCOMING_STATES = (
    PostState.DRAFT, PostState.CHANGES_REQUESTED, PostState.IN_REVIEW, PostState.APPROVED,
)  # fmt: skip


def hold_posts_for_consent(*, consent: ConsentRecord) -> list[Post]:
    """A consent expired or was revoked: every upcoming post that relies on it is held, and its
    author told. Called inside the transaction that records the lapse."""
    what = "was revoked" if consent.revoked_at else "expired"
    reason = f"The patient's consent {consent.reference} {what}."
    held = list(
        Post.objects.select_for_update()
        .filter(consent=consent, state__in=UPCOMING_STATES, held_reason="")
        .select_related("created_by")
    )
    for post in held:
        post.held_reason = reason
        post.save(update_fields=["held_reason"])
        audit.record(
            organization=post.organization, actor=None, verb="post.held", target=post,
            after={"reason": reason},
        )  # fmt: skip
    authors = sorted({post.created_by.email for post in held})
    if authors:
        lines = "\n".join(f"- {post.title}" for post in held)
        transaction.on_commit(
            lambda: send_mail(
                subject=f"Posts held: the patient's consent {what}",
                message=f"{reason} These posts will not go out until a valid consent is "
                f"linked:\n{lines}\n",
                from_email=None,
                recipient_list=authors,
                fail_silently=True,
            )
        )
    return held
