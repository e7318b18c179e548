from django.core.management.base import BaseCommand

from socialops.crypto import generate_key


class Command(BaseCommand):
    help = "Print a new Fernet key for ENCRYPTION_KEYS (put it first in the list to rotate)."

    def handle(self, *args, **options) -> None:
        self.stdout.write(generate_key())
