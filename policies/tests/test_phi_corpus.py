"""The labeled corpus is well formed, and the scanner meets the quality bar on its held-out part."""

import pytest

from policies.phi import benchmark

PARTS = ("dev", "heldout")


@pytest.mark.parametrize("part", PARTS)
def test_every_span_lies_inside_its_text_and_has_a_known_kind(part):
    for post in benchmark.load(part):
        assert set(post) == {"id", "text", "lang", "phi", "spans"}, post["id"]
        assert post["lang"] in ("en", "es"), post["id"]
        assert post["phi"] == bool(post["spans"]), post["id"]
        for span in post["spans"]:
            assert 0 <= span["start"] < span["end"] <= len(post["text"]), post["id"]
            assert span["kind"] in benchmark.KINDS, post["id"]
            assert post["text"][span["start"] : span["end"]].strip(), post["id"]


def test_the_corpus_has_the_promised_shape():
    dev, heldout = benchmark.load("dev"), benchmark.load("heldout")
    posts = dev + heldout
    assert len(posts) >= 400
    assert len(heldout) >= 0.4 * len(posts)
    assert 0.40 <= sum(p["phi"] for p in posts) / len(posts) <= 0.50
    assert sum(p["lang"] == "es" for p in posts) >= 0.10 * len(posts)
    kinds = {s["kind"] for p in posts for s in p["spans"]}
    assert kinds == set(benchmark.KINDS)
    assert len({p["id"] for p in posts}) == len(posts)


def test_held_out_post_level_recall_and_precision_meet_the_bar():
    score = benchmark.score(benchmark.load("heldout"))
    assert score.recall >= 0.98, (score.recall, score.false_negative_ids)
    assert score.precision >= 0.90, (score.precision, score.false_positive_ids)
