"""Verbs that change policies, acknowledgements, content and approval rules, and consent
records. Pages, the API, tasks and commands all call these; each is one transaction that writes
its own audit event. Audit events never carry a consent subject's name or contact."""

import datetime as dt
import logging
import re
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import KombuError

from platforms.models import Platform, SocialAccount, TargetState
from platforms.targets import hold_scheduled
from policies import consent as consent_checks
from policies.access import CurrentPolicy, acknowledgement_for, current_policy
from policies.models import (
    Acknowledgement,
    ApprovalRule,
    ConsentKind,
    ConsentRecord,
    ContactDetail,
    Disclaimer,
    LexiconEntry,
    LinkRule,
    PolicyReminder,
    PolicyVersion,
    StaffMember,
)
from policies.rules import compile_lexicon_rule, digits
from posts.actions import hold_posts_for_consent
from posts.models import Campaign, Post
from socialops import audit, crypto
from socialops.actions import ActionError
from socialops.models import Membership, Organization, Role, User
from socialops.notify import notify

log = logging.getLogger(__name__)


# Policies and acknowledgements -----------------------------------------------------------------


@transaction.atomic
def publish_policy_version(
    *, organization: Organization, by: User, title: str, body: str, effective_date: dt.date
) -> PolicyVersion:
    """Publish the organization's next policy version. Everyone who sees it (the organization's
    members and, for a network, its centers' members) is emailed once the transaction commits,
    and must acknowledge it again."""
    title, body = title.strip(), body.strip()
    if not title:
        raise ActionError("Give the policy a title.", field="title")
    if not body:
        raise ActionError("Write the policy.", field="body")
    # Lock the organization so two admins publishing at once get consecutive numbers.
    Organization.objects.select_for_update().only("id").get(pk=organization.pk)
    last = PolicyVersion.objects.for_org(organization).order_by("-number").first()
    version = PolicyVersion.objects.create(
        organization=organization,
        number=(last.number + 1) if last else 1,
        title=title,
        body=body,
        effective_date=effective_date,
        published_by=by,
        published_at=timezone.now(),
    )
    audit.record(
        organization=organization,
        actor=by,
        verb="policy.published",
        target=version,
        before={"number": last.number} if last else None,
        after={"number": version.number, "title": title, "effective_date": effective_date},
    )
    transaction.on_commit(lambda: _announce_later(version.pk))
    return version


def _announce_later(version_id: int) -> None:
    from policies import tasks  # tasks import these actions

    try:
        tasks.announce_policy_version.delay(version_id)
    except (OSError, KombuError):
        # The version is published; the daily reminder reaches everyone who has not
        # acknowledged it, so a broker hiccup costs a day at most, never the publication.
        log.exception("Could not queue the announcement of policy version %s", version_id)


def _same_name(typed: str, full_name: str) -> bool:
    return " ".join(typed.split()).casefold() == " ".join(full_name.split()).casefold()


@transaction.atomic
def acknowledge_policy(
    *, membership: Membership, typed_name: str, confirmed: bool
) -> Acknowledgement:
    """Record that the member read the policy they are shown, ticked and typed their full name
    (compared case-insensitively with the name on their account). Acknowledging the same
    versions again returns the existing record."""
    policy: CurrentPolicy = current_policy(membership.organization)
    if not policy:
        raise ActionError(f"{membership.organization} has not published a policy yet.")
    if not confirmed:
        raise ActionError("Tick the box to confirm you have read the policy.", field="confirmed")
    user = membership.user
    if not user.full_name.strip():
        raise ActionError(
            "Your account has no full name. Ask an admin to add it, then acknowledge.",
            field="typed_name",
        )
    if not _same_name(typed_name, user.full_name):
        raise ActionError(
            f"Type your full name exactly as on your account: {user.full_name}.",
            field="typed_name",
        )
    # Two tabs acknowledging at once take turns on the membership row: one record, not two.
    Membership.objects.select_for_update().only("id").get(pk=membership.pk)
    existing = acknowledgement_for(membership, policy)
    if existing is not None:
        return existing
    acknowledgement = Acknowledgement.objects.create(
        organization=membership.organization,
        user=user,
        version=policy.local,
        network_version=policy.network,
        typed_name=" ".join(typed_name.split()),
        user_email=user.email,
        role=membership.role,
        acknowledged_at=timezone.now(),
    )
    audit.record(
        organization=membership.organization,
        actor=user,
        verb="policy.acknowledged",
        target=acknowledgement,
        after={
            "version": policy.local.number if policy.local else None,
            "network_version": policy.network.number if policy.network else None,
            "typed_name": acknowledgement.typed_name,
        },
    )
    return acknowledgement


def _audience(organization: Organization):
    """Everyone shown this organization's policy: its members and its centers' members."""
    return Membership.objects.select_related("user", "organization").filter(
        models.Q(organization=organization) | models.Q(organization__parent=organization)
    )


def _acknowledge_link(organization: Organization) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("policies:acknowledge", args=[organization.slug])


def _send(subject: str, template: str, context: dict, email: str) -> None:
    try:
        send_mail(
            subject=subject,
            message=render_to_string(template, context),
            from_email=None,
            recipient_list=[email],
        )
    except OSError:
        log.exception("Could not email %s about the policy", email)


def announce_policy_version(*, version: PolicyVersion, today: dt.date | None = None) -> int:
    """Email everyone who must acknowledge the new version (the publishing organization's
    members and its centers'). It counts as the day's reminder for each of them."""
    today = today or timezone.localdate()
    sent = 0
    for membership in _audience(version.organization):
        policy = current_policy(membership.organization)
        if version not in policy.versions or acknowledgement_for(membership, policy):
            continue
        PolicyReminder.objects.get_or_create(user=membership.user, sent_on=today)
        context = {
            "membership": membership,
            "policy": policy,
            "link": _acknowledge_link(membership.organization),
        }
        _send(
            f"New social media policy at {membership.organization}: {version}",
            "policies/email/policy.txt",
            context,
            membership.user.email,
        )
        sent += 1
    return sent


def send_policy_reminders(*, today: dt.date | None = None) -> int:
    """Email each person who has not acknowledged the current policy of one or more of their
    organizations: one email a day at most, listing every organization waiting on them.
    Returns how many emails went out."""
    today = today or timezone.localdate()
    policies: dict[int, CurrentPolicy] = {}
    waiting: dict[int, list[tuple[Membership, CurrentPolicy]]] = {}
    memberships = Membership.objects.select_related("user", "organization").order_by("pk")
    for membership in memberships.iterator(chunk_size=500):
        org = membership.organization
        if org.pk not in policies:
            policies[org.pk] = current_policy(org)
        policy = policies[org.pk]
        if policy and not acknowledgement_for(membership, policy):
            waiting.setdefault(membership.user_id, []).append((membership, policy))
    sent = 0
    for items in waiting.values():
        user = items[0][0].user
        _, created = PolicyReminder.objects.get_or_create(user=user, sent_on=today)
        if not created:
            continue
        context = {
            "user": user,
            "items": [
                {"membership": m, "policy": p, "link": _acknowledge_link(m.organization)}
                for m, p in items
            ],
        }
        _send(
            "Reminder: acknowledge your organization's social media policy",
            "policies/email/reminder.txt",
            context,
            user.email,
        )
        sent += 1
    return sent


# Content rules ---------------------------------------------------------------------------------


def _create_rule(model, *, organization: Organization, by: User, verb: str, **fields):
    try:
        with transaction.atomic():
            rule = model.objects.create(organization=organization, **fields)
    except IntegrityError:
        raise ActionError("That rule is already there.", field=next(iter(fields))) from None
    # Related rows go into the trail by name, as a reader of the audit export would want them.
    after = {k: str(v) if isinstance(v, models.Model) else v for k, v in fields.items()}
    audit.record(organization=organization, actor=by, verb=verb, target=rule, after=after)
    return rule


@transaction.atomic
def add_lexicon_entry(
    *, organization: Organization, by: User, kind: str, text: str, severity: str, reason: str
) -> LexiconEntry:
    text, reason = text.strip(), reason.strip()
    if not text:
        raise ActionError("Enter a word, phrase or pattern.", field="text")
    if kind == LexiconEntry.Kind.WORD and len(text.split()) > 1:
        raise ActionError("A word has no spaces; choose Phrase for several words.", field="text")
    try:
        compile_lexicon_rule(kind, text)
    except re.error as error:
        raise ActionError(f"This pattern does not work: {error}.", field="text") from None
    if not reason:
        raise ActionError("Say why, in words the author will read.", field="reason")
    return _create_rule(
        LexiconEntry, organization=organization, by=by, verb="policy.lexicon_added",
        text=text, kind=kind, severity=severity, reason=reason,
    )  # fmt: skip


def _platforms(values: Iterable[str]) -> list[str]:
    chosen = [p for p in Platform.values if p in set(values)]
    if not chosen:
        raise ActionError("Choose at least one platform.", field="platforms")
    return chosen


@transaction.atomic
def add_disclaimer(
    *, organization: Organization, by: User, text: str, platforms: Iterable[str], campaign=None
) -> Disclaimer:
    text = " ".join(text.split())
    if not text:
        raise ActionError("Enter the disclaimer's text.", field="text")
    if campaign is not None and campaign.organization_id != organization.id:
        raise ActionError("Pick a campaign of this organization.", field="campaign")
    return _create_rule(
        Disclaimer, organization=organization, by=by, verb="policy.disclaimer_added",
        text=text, platforms=_platforms(platforms), campaign=campaign,
    )  # fmt: skip


DOMAIN_RE = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def _domain(value: str) -> str:
    value = value.strip().lower()
    value = re.sub(r"^[a-z]+://", "", value).split("/")[0].removeprefix("www.").strip(".")
    if not DOMAIN_RE.match(value):
        raise ActionError("Enter a domain such as example.com.", field="value")
    return value


@transaction.atomic
def add_link_rule(
    *, organization: Organization, by: User, kind: str, value: str, reason: str = ""
) -> LinkRule:
    if kind == LinkRule.Kind.BLOCKED_DOMAIN:
        value = _domain(value)
    elif kind == LinkRule.Kind.TRACKING_PARAMETER:
        value = value.strip()
        if not re.fullmatch(r"[A-Za-z0-9_.-]{1,100}", value):
            raise ActionError("Enter a parameter name such as utm_source.", field="value")
    else:
        raise ActionError("Choose what kind of link rule this is.", field="kind")
    return _create_rule(
        LinkRule, organization=organization, by=by, verb="policy.link_rule_added",
        value=value, kind=kind, reason=reason.strip(),
    )  # fmt: skip


@transaction.atomic
def add_contact_detail(
    *, organization: Organization, by: User, kind: str, value: str, label: str = ""
) -> ContactDetail:
    value = " ".join(value.split())
    if kind == ContactDetail.Kind.PHONE:
        if not 7 <= len(digits(value)) <= 15:
            raise ActionError("Enter a phone number with its area code.", field="value")
    elif kind == ContactDetail.Kind.EMAIL:
        try:
            validate_email(value)
        except ValidationError:
            raise ActionError("Enter an email address.", field="value") from None
        value = value.lower()
    elif kind == ContactDetail.Kind.DOMAIN:
        value = _domain(value)
    elif kind == ContactDetail.Kind.ADDRESS:
        if len(value) < 5:
            raise ActionError("Enter the street address.", field="value")
    else:
        raise ActionError("Choose what kind of contact detail this is.", field="kind")
    return _create_rule(
        ContactDetail, organization=organization, by=by, verb="policy.contact_added",
        value=value, kind=kind, label=label.strip(),
    )  # fmt: skip


@transaction.atomic
def add_staff_member(
    *, organization: Organization, by: User, name: str, title: str = ""
) -> StaffMember:
    name = " ".join(name.split())
    if not name:
        raise ActionError("Enter the person's name.", field="name")
    return _create_rule(
        StaffMember, organization=organization, by=by, verb="policy.staff_added",
        name=name, title=title.strip(),
    )  # fmt: skip


CONTENT_RULE_MODELS = (LexiconEntry, Disclaimer, LinkRule, ContactDetail, StaffMember)


@transaction.atomic
def remove_content_rule(*, rule: models.Model, by: User) -> None:
    if not isinstance(rule, CONTENT_RULE_MODELS):
        raise TypeError(f"{type(rule).__name__} is not a content rule")
    audit.record(
        organization=rule.organization,
        actor=by,
        verb=f"policy.{rule._meta.model_name}_removed",
        target=rule,
        before={"rule": str(rule)},
    )
    rule.delete()


# Approval rules --------------------------------------------------------------------------------


def _rule_state(rule: ApprovalRule) -> dict:
    return {
        "social_account": str(rule.social_account) if rule.social_account_id else None,
        "campaign": str(rule.campaign) if rule.campaign_id else None,
        "sign_offs": rule.sign_offs,
        "required_roles": rule.required_roles,
        "patient_story_raises": rule.patient_story_raises,
        "phi_override_raises": rule.phi_override_raises,
        "crisis_raises": rule.crisis_raises,
        "review_target_hours": rule.review_target_hours,
    }


@transaction.atomic
def save_approval_rule(
    *,
    organization: Organization,
    by: User,
    social_account: SocialAccount | None = None,
    campaign: Campaign | None = None,
    sign_offs: int,
    required_roles: Iterable[str],
    patient_story_raises: bool = True,
    phi_override_raises: bool = True,
    crisis_raises: bool = True,
    review_target_hours: int | None = None,
) -> ApprovalRule:
    """Set the organization's rule, or a social account's or a campaign's stricter one (created
    if missing). The review target belongs to the organization's rule only."""
    if sign_offs not in (2, 3):
        raise ActionError("A post needs 2 or 3 sign-offs.", field="sign_offs")
    roles = [r for r in (Role.ADMIN, Role.REVIEWER) if r in set(required_roles)]
    if len(set(required_roles) - set(roles)):
        raise ActionError("Only admins and reviewers sign off.", field="required_roles")
    if len(roles) > sign_offs:
        raise ActionError("More roles are required than there are sign-offs.", field="sign_offs")
    if social_account is not None and social_account.organization_id != organization.pk:
        raise ActionError("Choose one of this organization's accounts.", field="social_account")
    if campaign is not None and campaign.organization_id != organization.pk:
        raise ActionError("Choose one of this organization's campaigns.", field="campaign")
    if social_account is not None and campaign is not None:
        raise ActionError("A rule is for one account or one campaign, not both.")
    if review_target_hours is not None and not 1 <= review_target_hours <= 168:
        raise ActionError(
            "Set a review target between 1 and 168 hours.", field="review_target_hours"
        )
    rule = (
        ApprovalRule.objects.select_for_update()
        .filter(organization=organization, social_account=social_account, campaign=campaign)
        .first()
    )
    before = _rule_state(rule) if rule else None
    rule = rule or ApprovalRule(
        organization=organization, social_account=social_account, campaign=campaign
    )
    if review_target_hours is not None and social_account is None and campaign is None:
        rule.review_target_hours = review_target_hours
    rule.sign_offs = sign_offs
    rule.required_roles = roles
    rule.patient_story_raises = patient_story_raises
    rule.phi_override_raises = phi_override_raises
    rule.crisis_raises = crisis_raises
    rule.updated_at = timezone.now()
    rule.save()
    audit.record(
        organization=organization,
        actor=by,
        verb="policy.approval_rule_saved",
        target=rule,
        before=before,
        after=_rule_state(rule),
    )
    return rule


@transaction.atomic
def remove_approval_rule(*, rule: ApprovalRule, by: User) -> None:
    audit.record(
        organization=rule.organization,
        actor=by,
        verb="policy.approval_rule_removed",
        target=rule,
        before=_rule_state(rule),
    )
    rule.delete()


# Consent records -------------------------------------------------------------------------------


@transaction.atomic
def create_consent(
    *,
    organization: Organization,
    by: User,
    title: str,
    subject_name: str,
    subject_contact: str = "",
    platforms: Iterable[str],
    kinds: Iterable[str],
    valid_from: dt.date,
    valid_until: dt.date,
    document,
) -> ConsentRecord:
    """Keep a patient's signed authorization. The subject's name and contact are encrypted; the
    document must be a PDF, JPEG or PNG by its content."""
    title, subject_name = title.strip(), " ".join(subject_name.split())
    if not title:
        raise ActionError("Say what the consent is for.", field="title")
    if not subject_name:
        raise ActionError("Enter the patient's name as signed.", field="subject_name")
    kinds = [k for k in ConsentKind.values if k in set(kinds)]
    if not kinds:
        raise ActionError("Choose what the patient agreed to.", field="kinds")
    if valid_until < valid_from:
        raise ActionError("The end date is before the start date.", field="valid_until")
    if document is None:
        raise ActionError("Upload the signed form.", field="document")
    try:
        document_type = consent_checks.sniff_document(document)
    except consent_checks.DocumentError as error:
        raise ActionError(str(error), field="document") from None
    consent = ConsentRecord(
        organization=organization,
        title=title,
        subject_name_encrypted=crypto.encrypt(subject_name),
        subject_contact_encrypted=crypto.encrypt(subject_contact.strip()),
        platforms=_platforms(platforms),
        kinds=kinds,
        valid_from=valid_from,
        valid_until=valid_until,
        document_type=document_type,
        created_by=by,
    )
    consent.document.save("signed", document, save=False)
    try:
        consent.save()
    except Exception:
        consent.document.delete(save=False)  # no orphan file for a row that was never written
        raise
    audit.record(
        organization=organization,
        actor=by,
        verb="consent.created",
        target=consent,
        after={
            "title": title,
            "platforms": consent.platforms,
            "kinds": kinds,
            "valid_from": valid_from,
            "valid_until": valid_until,
            "document_type": document_type,
        },
    )
    return consent


@transaction.atomic
def revoke_consent(*, consent: ConsentRecord, by: User, reason: str) -> ConsentRecord:
    reason = " ".join(reason.split())
    if not reason:
        raise ActionError("Say why the consent is revoked.", field="reason")
    consent = ConsentRecord.objects.select_for_update().get(pk=consent.pk)
    if consent.revoked_at:
        raise ActionError("This consent was already revoked.")
    consent.revoked_at = timezone.now()
    consent.revoked_by = by
    consent.revoked_reason = reason[:500]
    consent.save(update_fields=["revoked_at", "revoked_by", "revoked_reason"])
    audit.record(
        organization=consent.organization,
        actor=by,
        verb="consent.revoked",
        target=consent,
        after={"reason": consent.revoked_reason},
    )
    # Revoked means now: the posts that use it are held at once, not at the nightly check.
    announce_consent_lapse(consent=consent)
    _announce_live_posts(consent)
    return consent


def _announce_live_posts(consent: ConsentRecord) -> None:
    """What already went out on the consent stays up until a person takes it down: each admin
    is told, per post, with a link to the post page where Take down is one click."""
    live = (
        Post.objects.filter(consent=consent, targets__state=TargetState.PUBLISHED)
        .distinct()
        .prefetch_related("targets__account")
    )
    admins = [
        m.user
        for m in Membership.objects.filter(
            organization=consent.organization, role=Role.ADMIN
        ).select_related("user")
    ]
    for post in live:
        where = ", ".join(
            str(t.account) for t in post.targets.all() if t.state == TargetState.PUBLISHED
        )
        notify(
            organization=consent.organization,
            users=admins,
            message=f"Consent {consent.reference} was revoked: “{post.title}” is still live on "
            f"{where}. Take it down?",
            url=reverse("posts:edit", args=[consent.organization.slug, post.pk]) + "#publishing",
            details=f"Why it was revoked: {consent.revoked_reason}",
        )


@transaction.atomic
def announce_consent_lapse(*, consent: ConsentRecord, today: dt.date | None = None) -> bool:
    """Tell the organization's reviewers and admins, once, that a consent expired or was
    revoked; an expiry is written to the audit trail here. Returns False if already told."""
    today = today or timezone.localdate()
    consent = ConsentRecord.objects.select_for_update().get(pk=consent.pk)
    if consent.lapse_notified_at or not (consent.revoked_at or consent.valid_until < today):
        return False
    consent.lapse_notified_at = timezone.now()
    consent.save(update_fields=["lapse_notified_at"])
    for post in hold_posts_for_consent(consent=consent):
        # Its scheduled targets say so at once (the publisher checks the consent again anyway).
        hold_scheduled(post.held_reason, post=post)
    if not consent.revoked_at:
        audit.record(
            organization=consent.organization,
            actor=None,
            verb="consent.expired",
            target=consent,
            after={"valid_until": consent.valid_until},
        )
    recipients = list(
        Membership.objects.filter(
            organization=consent.organization, role__in=(Role.REVIEWER, Role.ADMIN)
        ).values_list("user__email", flat=True)
    )
    link = settings.SITE_URL.rstrip("/") + reverse(
        "policies:consent", args=[consent.organization.slug, consent.pk]
    )
    context = {"consent": consent, "link": link}
    transaction.on_commit(lambda: _send_lapse_email(consent, recipients, context))
    return True


def _send_lapse_email(consent: ConsentRecord, recipients: list[str], context: dict) -> None:
    what = "was revoked" if consent.revoked_at else "has expired"
    try:
        send_mail(
            subject=f"Consent {consent.reference} {what}",
            message=render_to_string("policies/email/consent_lapsed.txt", context),
            from_email=None,
            recipient_list=recipients,
        )
    except OSError:
        log.exception("Could not email about consent %s", consent.pk)
