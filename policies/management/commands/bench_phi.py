"""`manage.py bench_phi`: the PHI scanner measured on the labeled corpus: dev, held-out and every
other corpus file present (the blind sets), each scored and reported under its own name."""

import json

from django.core.management.base import BaseCommand

from policies.phi import benchmark


class Command(BaseCommand):
    help = "Measure the PHI scanner on the labeled corpus: recall, precision, span recall, speed."

    def add_arguments(self, parser):
        parser.add_argument("--passes", type=int, default=5, help="timed passes over the corpus")

    def handle(self, *args, passes: int, **options):
        parts = {name: benchmark.load(name) for name in benchmark.parts()}
        scores = {name: benchmark.score(posts) for name, posts in parts.items()}
        for name, s in scores.items():
            self.stdout.write(
                f"{name}: {s.posts} posts, recall {s.recall:.3f}, precision {s.precision:.3f}, "
                f"F1 {s.f1:.3f} (tp {s.tp}, fp {s.fp}, fn {s.fn})"
            )
            self.stdout.write(f"  false positives: {s.fp} {s.false_positive_ids}")
            self.stdout.write(f"  missed PHI posts: {s.false_negative_ids}")
        kinds = benchmark.per_kind_recall(scores["heldout"])
        dev_kinds = benchmark.per_kind_recall(scores["dev"])
        self.stdout.write("per-kind span recall    held-out         dev")
        for kind in benchmark.KINDS:
            cells = [
                f"{k.get(kind, 0):.3f} ({s.span_total.get(kind, 0):>3} spans)"
                for k, s in ((kinds, scores["heldout"]), (dev_kinds, scores["dev"]))
            ]
            self.stdout.write(f"  {kind:<14} {cells[0]:>18} {cells[1]:>18}")
        texts = [p["text"] for posts in parts.values() for p in posts]
        median_ms, p95_ms = benchmark.timing(texts, passes=passes)
        self.stdout.write(
            f"timing over {passes} warm passes: median {median_ms:.3f} ms, p95 {p95_ms:.3f} ms"
        )
        self.stdout.write(
            json.dumps(
                {
                    "heldout": _figures(scores["heldout"]),
                    "dev": _figures(scores["dev"]),
                    "median_ms": round(median_ms, 3),
                    "p95_ms": round(p95_ms, 3),
                    "per_kind_span_recall": kinds,
                    "dev_per_kind_span_recall": dev_kinds,
                    **{
                        name: _figures(s)
                        for name, s in scores.items()
                        if name not in ("dev", "heldout")
                    },
                }
            )
        )


def _figures(s: benchmark.PartScore) -> dict:
    return {
        "recall": round(s.recall, 4),
        "precision": round(s.precision, 4),
        "f1": round(s.f1, 4),
        "false_positives": s.fp,
        "posts": s.posts,
    }
