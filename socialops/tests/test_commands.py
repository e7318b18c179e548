import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from socialops.models import AuditEvent, Invitation, Organization, Role, User


def test_onboarding_creates_the_organization_and_invites_its_first_admin(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "create_organization", name="Lakeside Clinic", slug="lakeside",
            timezone="America/Chicago", admin_email="Director@Lakeside.example",
        )  # fmt: skip
    org = Organization.objects.get(slug="lakeside")
    assert org.timezone == "America/Chicago"
    invitation = Invitation.objects.get(organization=org)
    assert (invitation.email, invitation.role) == ("director@lakeside.example", Role.ADMIN)
    assert mail.outbox[-1].to == ["director@lakeside.example"]
    assert list(AuditEvent.objects.for_org(org).values_list("verb", flat=True)) == [
        "organization.created",
        "invitation.sent",
    ]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"slug": "has spaces"}, "slug"),
        ({"timezone": "Mars/Olympus"}, "time zone"),
        ({"admin_email": "nope"}, "email"),
        ({"parent": "no-such-network"}, "No organization"),
    ],
)
def test_onboarding_refuses_bad_input_and_creates_nothing(db, options, message):
    arguments = {
        "name": "Lakeside Clinic", "slug": "lakeside", "timezone": "America/Chicago",
        "admin_email": "director@lakeside.example", **options,
    }  # fmt: skip
    with pytest.raises(CommandError, match=message):
        call_command("create_organization", **arguments)
    assert not Organization.objects.exists()


def test_staff_create_and_rename_organizations_in_the_admin_with_audit_events(db, client):
    staff = User.objects.create_superuser("staff@socialops.example", "x-Staff-pass-2026")
    client.force_login(staff)
    response = client.post(
        reverse("admin:socialops_organization_add"),
        {
            "name": "Hillside Health",
            "slug": "hillside",
            "timezone": "America/Denver",
            "parent": "",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    org = Organization.objects.get(slug="hillside")
    client.post(
        reverse("admin:socialops_organization_change", args=[org.pk]),
        {
            "name": "Hillside Community Health",
            "timezone": "America/Denver",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    org.refresh_from_db()
    assert org.name == "Hillside Community Health"
    verbs = list(AuditEvent.objects.for_org(org).values_list("verb", "actor"))
    assert verbs == [("organization.created", None), ("organization.updated", staff.pk)]
