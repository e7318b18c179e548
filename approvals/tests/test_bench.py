import io
import json

from django.core.management import call_command

from approvals.models import Submission
from posts.models import Post


def test_the_review_queue_bench_times_both_pages_and_leaves_nothing_behind(db):
    out = io.StringIO()
    call_command("bench_review_queue", orgs=2, per_org=5, runs=2, stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert lines[0].startswith("seeded 2 organizations, 5 posts")
    last = json.loads(lines[-1])
    assert last["page"] in ("review queue", "review page")
    assert last["items"] == 10
    assert last["queries"] > 0 and last["median_ms"] > 0 and last["p95_ms"] > 0
    # Both pages are reported, and the rows it made are rolled back.
    assert any(line.startswith("review queue ") for line in lines)
    assert any(line.startswith("review page ") for line in lines)
    assert not Post.objects.exists() and not Submission.objects.exists()
