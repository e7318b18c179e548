"""`phi_scan` and `bench_phi` through call_command."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command


def test_phi_scan_writes_one_verdict_per_line_and_reports_bad_lines(tmp_path):
    source = tmp_path / "posts.jsonl"
    source.write_text(
        "\n".join(
            [
                json.dumps({"id": "a", "text": "Get well soon Mr. Petrakis after your bypass!"}),
                "{not json",
                json.dumps({"id": "b", "text": "Flu shots Saturday 9am at 300 Main St."}),
                json.dumps({"id": "c"}),
            ]
        ),
        encoding="utf-8",
    )
    out, err = StringIO(), StringIO()
    call_command("phi_scan", str(source), stdout=out, stderr=err)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [line["id"] for line in lines] == ["a", "b"]
    assert lines[0]["phi"] is True
    assert lines[1] == {"id": "b", "phi": False, "findings": []}
    finding = next(f for f in lines[0]["findings"] if f["label"] == "phi.name")
    assert set(finding) == {"start", "end", "label", "severity", "reason"}
    assert finding["severity"] == "block"
    assert "line 2" in err.getvalue() and "line 4" in err.getvalue()


def test_phi_scan_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        call_command("phi_scan", str(tmp_path / "nope.jsonl"))


def test_bench_phi_ends_with_a_json_summary():
    out = StringIO()
    call_command("bench_phi", passes=1, stdout=out)
    summary = json.loads(out.getvalue().splitlines()[-1])
    assert set(summary) >= {"heldout", "dev", "median_ms", "p95_ms", "per_kind_span_recall"}
    assert {"recall", "precision"} <= set(summary["heldout"])
    assert summary["median_ms"] > 0


def test_bench_phi_scores_every_other_corpus_file_under_its_name(tmp_path, monkeypatch):
    from policies.phi import benchmark

    post = {"id": "x", "text": "Get well soon Mr. Petrakis after your bypass!", "phi": True}
    safe = {"id": "y", "text": "Flu shots Saturday 9am at 300 Main St.", "phi": False}
    for name in ("dev", "heldout", "extra"):
        lines = [json.dumps({**p, "lang": "en", "spans": []}) for p in (post, safe)]
        (tmp_path / f"{name}.jsonl").write_text("\n".join(lines), encoding="utf-8")
    monkeypatch.setattr(benchmark, "CORPUS_DIR", tmp_path)
    out = StringIO()
    call_command("bench_phi", passes=1, stdout=out)
    assert "extra: 2 posts, recall 1.000, precision 1.000" in out.getvalue()
    summary = json.loads(out.getvalue().splitlines()[-1])
    assert summary["extra"]["posts"] == 2
    assert summary["extra"]["recall"] == 1.0
