"""Seed the demo: Riverside Community Health with one person per role, and Harbor Point Health
Center, a second organization none of Riverside's people can see. Safe to run again: what
exists is kept as it is."""

from django.core.management.base import BaseCommand
from django.db import transaction

import platforms.demo
from policies import demo as policies_demo
from posts import demo as posts_demo
from socialops import actions
from socialops.models import Membership, Organization, Role, User

DEMO_PASSWORD = "demo-pass-2026"  # noqa: S105 - printed on screen for the local demo

ORGANIZATIONS = [
    {
        "name": "Riverside Community Health",
        "slug": "riverside",
        "timezone": "America/New_York",
        "people": [
            ("maria.lopez@riverside.example", "Maria Lopez", Role.ADMIN),
            ("jamal.carter@riverside.example", "Jamal Carter", Role.AUTHOR),
            ("priya.shah@riverside.example", "Priya Shah", Role.REVIEWER),
            ("ellen.park@riverside.example", "Ellen Park", Role.VIEWER),
        ],
    },
    {
        "name": "Harbor Point Health Center",
        "slug": "harbor-point",
        "timezone": "America/Los_Angeles",
        "people": [
            ("sam.reed@harborpoint.example", "Sam Reed", Role.ADMIN),
            ("lena.ortiz@harborpoint.example", "Lena Ortiz", Role.AUTHOR),
        ],
    },
]


def demo_logins() -> list[tuple[str, str, str]]:
    """(organization, role, email) for every demo person, for the banner."""
    return [
        (org["name"], role.label, email)
        for org in ORGANIZATIONS
        for email, _name, role in org["people"]
    ]


class Command(BaseCommand):
    help = "Create the demo organizations and people (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        for spec in ORGANIZATIONS:
            organization = Organization.objects.filter(slug=spec["slug"]).first()
            if organization is None:
                organization = actions.create_organization(
                    name=spec["name"], slug=spec["slug"], timezone_name=spec["timezone"]
                )
                self.stdout.write(f"Created {organization}")
            for email, full_name, role in spec["people"]:
                user = User.objects.filter(email=email).first()
                if user is None:
                    user = User.objects.create_user(email, DEMO_PASSWORD, full_name=full_name)
                if not Membership.objects.filter(organization=organization, user=user).exists():
                    actions.add_member(organization=organization, user=user, role=role, by=None)
            for line in platforms.demo.seed(organization):
                self.stdout.write(line)
            if spec["slug"] == "riverside":
                # The policy first: everyone has acknowledged it before they write a post.
                policies_demo.seed(organization)
                author = organization.memberships.filter(role=Role.AUTHOR).first()
                posts_demo.seed(organization, author)
        if not User.objects.filter(email="staff@socialops.example").exists():
            User.objects.create_superuser(
                "staff@socialops.example", DEMO_PASSWORD, full_name="SocialOps Staff"
            )
