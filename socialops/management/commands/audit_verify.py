from django.core.management.base import BaseCommand, CommandError

from socialops.audit import verify_chain
from socialops.models import Organization


class Command(BaseCommand):
    help = (
        "Recompute the audit chain of every organization (or one, with --org) and name the first "
        "broken event of each. Exits with status 1 if any chain is broken."
    )

    def add_arguments(self, parser):
        parser.add_argument("--org", metavar="SLUG", help="Check only this organization.")

    def handle(self, *args, org=None, **options):
        organizations = Organization.objects.order_by("slug")
        if org:
            organizations = organizations.filter(slug=org)
            if not organizations.exists():
                raise CommandError(f"No organization has the slug {org!r}.")
        broken = 0
        for organization in organizations:
            link = verify_chain(organization)
            count = organization.audit_events.count()
            if link:
                broken += 1
                self.stderr.write(self.style.ERROR(f"BROKEN {link}"))
            else:
                self.stdout.write(f"ok {organization.slug}: {count} events")
        if broken:
            raise CommandError(f"{broken} audit chain(s) broken.")
