"""Re-encrypt every stored platform token and client secret under the newest key in
ENCRYPTION_KEYS. Put the new key first, run this, then drop the old key."""

from django.core.management.base import BaseCommand

from platforms.actions import rotate_token_keys


class Command(BaseCommand):
    help = "Re-encrypt stored platform secrets under the newest ENCRYPTION_KEYS key."

    def handle(self, *args, **options):
        rotated, unreadable = rotate_token_keys()
        self.stdout.write(f"Re-encrypted {rotated} stored secrets under the newest key.")
        if unreadable:
            self.stdout.write(
                f"{unreadable} could not be decrypted with any key: those accounts are marked "
                "needs_reauth."
            )
