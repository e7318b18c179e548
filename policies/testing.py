"""Factories for tests that need policies, acknowledgements, rules and consents. They go
through the actions, so test data carries the same audit events real data does."""

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from platforms.models import Platform, SocialAccount
from policies import actions
from policies.models import ConsentRecord, PolicyVersion
from socialops.models import Membership, Organization, Role

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name: str = "signed.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def png_upload(name: str = "signed.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def publish(
    organization: Organization, by=None, *, title: str = "Social media policy", body: str = ""
) -> PolicyVersion:
    if by is None:
        by = organization.memberships.filter(role=Role.ADMIN).first()
        by = by.user if by else None
    return actions.publish_policy_version(
        organization=organization,
        by=by,
        title=title,
        body=body or "# Our policy\n\n- Never post about a patient without written consent.\n",
        effective_date=timezone.localdate(),
    )


def acknowledge(membership: Membership):
    return actions.acknowledge_policy(
        membership=membership, typed_name=membership.user.full_name, confirmed=True
    )


def make_consent(
    organization: Organization,
    by,
    *,
    platforms=(Platform.FACEBOOK,),
    kinds=("photo", "story"),
    valid_from: dt.date | None = None,
    valid_until: dt.date | None = None,
    subject_name: str = "Rosa Delgado",
) -> ConsentRecord:
    today = timezone.localdate()
    return actions.create_consent(
        organization=organization,
        by=by,
        title="Diabetes program story",
        subject_name=subject_name,
        subject_contact="555-0100",
        platforms=platforms,
        kinds=kinds,
        valid_from=valid_from or today - dt.timedelta(days=10),
        valid_until=valid_until or today + dt.timedelta(days=180),
        document=pdf_upload(),
    )


def seed_tenancy_sample(organization: Organization, *, admin: Membership) -> None:
    """One of each policies object for the tenancy walk. The admin acknowledges the policy so
    their walk reaches every page; the others have it pending."""
    publish(organization, admin.user)
    acknowledge(admin)
    actions.add_lexicon_entry(
        organization=organization, by=admin.user, kind="word", text="miracle", severity="block",
        reason="promises an outcome",
    )  # fmt: skip
    actions.add_disclaimer(
        organization=organization, by=admin.user, text="Not medical advice.",
        platforms=[Platform.FACEBOOK],
    )  # fmt: skip
    actions.add_link_rule(
        organization=organization, by=admin.user, kind="blocked_domain", value="bit.ly"
    )
    actions.add_contact_detail(
        organization=organization, by=admin.user, kind="phone", value="(555) 555-0142"
    )
    actions.add_staff_member(
        organization=organization, by=admin.user, name="Dr. Ana Ruiz", title="Medical director"
    )
    account = SocialAccount.objects.create(
        organization=organization, platform=Platform.FACEBOOK, handle=f"{organization.slug}-fb"
    )
    actions.save_approval_rule(
        organization=organization, by=admin.user, social_account=account, sign_offs=3,
        required_roles=[Role.REVIEWER],
    )  # fmt: skip
    make_consent(organization, admin.user)
