"""The corpus benchmark, shared by `manage.py bench_phi` and the corpus test: post-level recall
and precision, per-kind span recall, and warm timing."""

import json
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

from .scanner import scan

CORPUS_DIR = Path(__file__).parent / "corpus"
KINDS = (
    "name", "date", "age", "contact", "address", "record_number", "ssn", "device", "url",
    "photo", "health",
)  # fmt: skip


def parts() -> list[str]:
    """Every corpus file present: dev and held-out first, then any other (blind) set by name."""
    names = sorted(p.stem for p in CORPUS_DIR.glob("*.jsonl"))
    return [n for n in ("dev", "heldout") if n in names] + [
        n for n in names if n not in ("dev", "heldout")
    ]


def load(part: str) -> list[dict]:
    with open(CORPUS_DIR / f"{part}.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@dataclass
class PartScore:
    posts: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    span_total: dict[str, int] = field(default_factory=dict)
    span_found: dict[str, int] = field(default_factory=dict)
    false_positive_ids: list[str] = field(default_factory=list)
    false_negative_ids: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def f1(self) -> float:
        r, p = self.recall, self.precision
        return 2 * r * p / (r + p) if r + p else 0.0


def score(posts: list[dict]) -> PartScore:
    s = PartScore(posts=len(posts))
    for post in posts:
        result = scan(post["text"])
        if result.phi and post["phi"]:
            s.tp += 1
        elif result.phi:
            s.fp += 1
            s.false_positive_ids.append(post["id"])
        elif post["phi"]:
            s.fn += 1
            s.false_negative_ids.append(post["id"])
        for gold in post["spans"]:
            kind = gold["kind"]
            s.span_total[kind] = s.span_total.get(kind, 0) + 1
            if any(
                f.label == f"phi.{kind}" and f.start < gold["end"] and gold["start"] < f.end
                for f in result.findings
            ):
                s.span_found[kind] = s.span_found.get(kind, 0) + 1
    return s


def per_kind_recall(*scores: PartScore) -> dict[str, float]:
    out = {}
    for kind in KINDS:
        total = sum(s.span_total.get(kind, 0) for s in scores)
        found = sum(s.span_found.get(kind, 0) for s in scores)
        if total:
            out[kind] = round(found / total, 3)
    return out


def timing(texts: list[str], passes: int = 5) -> tuple[float, float]:
    """Median and 95th-percentile milliseconds per post, warm (one untimed pass first)."""
    for text in texts:
        scan(text)
    samples = []
    for _ in range(passes):
        for text in texts:
            t0 = time.perf_counter()
            scan(text)
            samples.append((time.perf_counter() - t0) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(0.95 * (len(samples) - 1))]
