"""`manage.py phi_scan INPUT.jsonl [--org SLUG]`: one JSON verdict per input line on stdout."""

import json

from django.core.management.base import BaseCommand, CommandError

from policies.phi import EMPTY, AllowList, scan


class Command(BaseCommand):
    help = (
        'Scan posts for PHI. INPUT.jsonl has one {"id": ..., "text": ...} per line; writes '
        '{"id", "phi", "findings"} per line to stdout. Bad lines are reported on stderr.'
    )

    def add_arguments(self, parser):
        parser.add_argument("input", help="path to a JSONL file")
        parser.add_argument("--org", help="organization slug whose allow-lists apply")

    def handle(self, *args, input: str, org: str | None, **options):
        allow = self._allow_list(org) if org else EMPTY
        try:
            f = open(input, encoding="utf-8")  # noqa: SIM115 - closed below, read line by line
        except OSError as exc:
            raise CommandError(f"cannot read {input}: {exc.strerror}") from exc
        with f:
            for number, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    item = json.loads(line)
                except json.JSONDecodeError as exc:
                    self.stderr.write(f"line {number}: not valid JSON ({exc.msg})")
                    continue
                if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                    self.stderr.write(f'line {number}: needs a "text" string')
                    continue
                result = scan(item["text"], allow)
                out = {
                    "id": item.get("id"),
                    "phi": result.phi,
                    "findings": [f.as_dict() for f in result.findings],
                }
                self.stdout.write(json.dumps(out, ensure_ascii=False))

    def _allow_list(self, slug: str) -> AllowList:
        from socialops.models import Organization

        organization = Organization.objects.filter(slug=slug).first()
        if organization is None:
            raise CommandError(f'no organization with slug "{slug}"')
        # Written on the policies branch (content rules: the org's own contacts and roster).
        from policies.rules import allow_list_for

        return allow_list_for(organization)
