"""Onboard a health center: create the organization and invite its first admin by email."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email, validate_slug
from django.db import transaction

from socialops import actions
from socialops.models import Organization, Role, validate_timezone


class Command(BaseCommand):
    help = "Create an organization and email an invitation to its first admin."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True)
        parser.add_argument("--slug", required=True, help="Its address: /o/<slug>/")
        parser.add_argument("--timezone", default="America/New_York")
        parser.add_argument("--parent", metavar="SLUG", help="The network it belongs to.")
        parser.add_argument("--admin-email", required=True)

    def handle(self, *args, name, slug, timezone, parent, admin_email, **options):
        try:
            validate_slug(slug)
            validate_timezone(timezone)
            validate_email(admin_email)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        if Organization.objects.filter(slug=slug).exists():
            raise CommandError(f"An organization with the slug {slug!r} already exists.")
        network = None
        if parent:
            network = Organization.objects.filter(slug=parent).first()
            if network is None:
                raise CommandError(f"No organization has the slug {parent!r}.")
        with transaction.atomic():
            organization = actions.create_organization(
                name=name, slug=slug, timezone_name=timezone, parent=network
            )
            actions.invite_member(
                organization=organization, email=admin_email, role=Role.ADMIN, by=None
            )
        self.stdout.write(f"Created {organization} at /o/{slug}/ and invited {admin_email}.")
