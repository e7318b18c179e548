"""Demo data for the policies app: Riverside's policy (acknowledged by everyone, so the demo
logins land on their home pages), content rules, contact details and staff, approval rules,
and two consent records. Idempotent: an organization that has a policy is left as it is."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from platforms.models import Platform
from policies import actions
from policies.models import PolicyVersion
from policies.testing import PDF_BYTES
from socialops.models import Organization, Role

POLICY = """\
Riverside Community Health shares health information, events and good news with our
neighbors. Everyone who drafts, reviews or approves posts follows this policy.

## 1. Patient privacy comes first

- **Never** post anything that could identify a patient or a patient's relative — a name,
  initials, a photo, a date of a visit, a room number, a condition — without a signed
  authorization on file in SocialOps (a *consent record*) that covers the platform, the
  content and the dates.
- Do not confirm that anyone is or was our patient, even when they post about us first.
- Reply to questions about someone's care with: *"Please call us at (555) 555-0142 so we can
  help privately."*

## 2. Accurate health information

- Link to trustworthy sources (CDC, HRSA, state health department) for clinical facts.
- No promises of outcomes: avoid "cure", "guaranteed", "miracle" and similar words.
- Posts with clinical advice carry the line *"Not medical advice. Talk to your care team."*

## 3. Review before publishing

- Every post is signed off by two people, at least one of them from compliance.
- Patient stories, PHI overrides and crisis posts need one more compliance sign-off.

## 4. Our voice

Warm, plain language, in English and Spanish. No politics, no endorsements of products.

## 5. When something goes wrong

Tell the compliance officer at once (compliance@riverside.example). A post that exposes
patient information is taken down and reported under our breach procedure.
"""

LEXICON = [
    ("word", "cure", "block", "promises an outcome no clinic can promise"),
    ("word", "guaranteed", "block", "promises an outcome no clinic can promise"),
    ("word", "miracle", "block", "overstates what treatment does"),
    ("word", "milagro", "block", "overstates what treatment does (Spanish)"),
    ("phrase", "risk free", "warn", "every treatment has some risk; say what it is"),
    ("phrase", "100% effective", "block", "no treatment is 100% effective"),
    ("word", "cura", "block", "promises an outcome (Spanish)"),
]
DISCLAIMERS = [
    ("Not medical advice. Talk to your care team.", [Platform.FACEBOOK, Platform.INSTAGRAM]),
    (
        "Riverside Community Health is a HRSA-supported health center and an FTCA deemed facility.",
        [Platform.LINKEDIN],
    ),
]
LINKS = [
    ("blocked_domain", "bit.ly", "shortened links hide where they go"),
    ("blocked_domain", "tinyurl.com", "shortened links hide where they go"),
    ("tracking_parameter", "utm_source", ""),
]
CONTACTS = [
    ("phone", "(555) 555-0142", "Main clinic"),
    ("phone", "(555) 555-0199", "Appointments fax"),
    ("email", "info@riverside.example", "General questions"),
    ("email", "compliance@riverside.example", "Compliance"),
    ("address", "1200 River Rd, Springfield", "Main clinic"),
    ("domain", "riverside.example", "Website"),
]
STAFF = [
    ("Dr. Ana Ruiz", "Medical Director"),
    ("Tom Nguyen", "Community Health Worker"),
    ("Grace Obi", "Director of Nursing"),
]


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def seed(organization: Organization) -> None:
    if PolicyVersion.objects.for_org(organization).exists():
        return
    admin = organization.memberships.select_related("user").filter(role=Role.ADMIN).first()
    by = admin.user if admin else None
    today = timezone.localdate()
    actions.publish_policy_version(
        organization=organization,
        by=by,
        title="Riverside social media policy",
        body=POLICY,
        effective_date=today - dt.timedelta(days=30),
    )
    for membership in organization.memberships.select_related("user"):
        actions.acknowledge_policy(
            membership=membership, typed_name=membership.user.full_name, confirmed=True
        )
    for kind, text, severity, reason in LEXICON:
        actions.add_lexicon_entry(
            organization=organization, by=by, kind=kind, text=text, severity=severity,
            reason=reason,
        )  # fmt: skip
    for text, platforms in DISCLAIMERS:
        actions.add_disclaimer(organization=organization, by=by, text=text, platforms=platforms)
    for kind, value, reason in LINKS:
        actions.add_link_rule(
            organization=organization, by=by, kind=kind, value=value, reason=reason
        )
    for kind, value, label in CONTACTS:
        actions.add_contact_detail(
            organization=organization, by=by, kind=kind, value=value, label=label
        )
    for name, title in STAFF:
        actions.add_staff_member(organization=organization, by=by, name=name, title=title)
    actions.save_approval_rule(
        organization=organization, by=by, sign_offs=2, required_roles=[Role.REVIEWER]
    )
    actions.create_consent(
        organization=organization, by=by, title="Diabetes program success story",
        subject_name="Rosa Delgado", subject_contact="rosa.d@example.net",
        platforms=[Platform.FACEBOOK, Platform.INSTAGRAM], kinds=["name", "photo", "story"],
        valid_from=today - dt.timedelta(days=60), valid_until=today + dt.timedelta(days=300),
        document=_pdf("delgado.pdf"),
    )  # fmt: skip
    actions.create_consent(
        organization=organization, by=by, title="Prenatal class testimonial video",
        subject_name="Keisha Monroe", subject_contact="(555) 555-0177",
        platforms=[Platform.FACEBOOK], kinds=["video", "quote"],
        valid_from=today - dt.timedelta(days=150), valid_until=today + dt.timedelta(days=18),
        document=_pdf("monroe.pdf"),
    )  # fmt: skip
