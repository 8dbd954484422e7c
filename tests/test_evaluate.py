"""The evaluation harness: loading, scoring, and a broken retriever failing the comparison."""

import json
import random

import pytest

from qa_service.evaluate import (
    CaseError,
    CaseResult,
    EvalRun,
    baseline_from,
    compare,
    evaluate,
    load_cases,
    normalize,
    summarize,
)
from qa_service.retrieve import Fusion, Hit

EVAL = "eval/qa.jsonl"


@pytest.mark.parametrize(
    "a, b", [("TGF- β", "tgf-beta"), ("IL-10", "il 10"), ("NF- κ B", "NF-κB"), ("Tumor–Metastasis", "tumor metastasis")]
)
def test_normalize_folds_the_differences(a, b):
    assert normalize(a) == normalize(b)


def test_eval_set_is_complete():
    cases = load_cases(EVAL)
    kinds = {k: sum(c.kind == k for c in cases) for k in {c.kind for c in cases}}
    minimum = {
        "fact": 40,
        "list": 20,
        "number": 15,
        "table": 12,
        "figure": 5,
        "definition": 15,
        "paraphrase": 10,
        "acronym": 8,
        "followup": 20,
        "unanswerable": 20,
    }
    assert len(cases) >= 150 and all(kinds[k] >= n for k, n in minimum.items())
    assert sum(c.scope == "off-topic" for c in cases) >= 10 and sum(c.scope == "near-domain" for c in cases) >= 10
    assert {c.split for c in cases} == {"dev", "test"}
    assert all(c.history for c in cases if c.kind == "followup")


def test_evidence_is_quoted_from_the_review(review):
    corpus = normalize(" ".join(s.text for p in review.passages for s in p.sentences))
    for case in load_cases(EVAL):
        if case.answerable:
            assert normalize(case.evidence) in corpus, case.id


def test_malformed_case_names_its_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "x"}\n')
    with pytest.raises(CaseError, match="bad.jsonl:1"):
        load_cases(path)


def _subset():
    cases = load_cases(EVAL, "test")
    return [c for c in cases if c.kind in ("fact", "unanswerable", "followup")][:30]


@pytest.mark.model
def test_broken_retriever_fails_the_comparison(engine, monkeypatch):
    cases = _subset()
    good = evaluate(engine, cases, split="test", fusions=[Fusion.HYBRID], progress=False)
    baseline = json.loads(json.dumps(baseline_from(good)))
    assert not compare(good, baseline).failed(strict=True)

    chunks = engine.index.chunks
    rng = random.Random(0)

    def random_passages(query, k=8, **options):
        picks = rng.sample(range(len(chunks)), k)
        return [Hit(chunks[i], i, r, 1.0 / (r + 1), None, 0.0, None, 0.0) for r, i in enumerate(picks)]

    monkeypatch.setattr(engine.retriever, "search", random_passages)
    broken = evaluate(engine, cases, split="test", fusions=[Fusion.HYBRID], progress=False)
    comparison = compare(broken, baseline)
    assert comparison.failed(strict=False)
    assert any(r.startswith("evidence_cited") for r in comparison.regressions)
    assert comparison.worse_cases and comparison.newly_failing
    assert summarize(broken.results["hybrid"])["evidence_cited"] < summarize(good.results["hybrid"])["evidence_cited"]


def _result(case_id: str, answerable: bool, abstained: bool) -> CaseResult:
    return CaseResult(
        id=case_id,
        kind="fact" if answerable else "unanswerable",
        section="1",
        split="test",
        scope="",
        answerable=answerable,
        abstained=abstained,
        evidence_rank=1,
        evidence_cited=answerable and not abstained,
        citation_precision=None,
        facts_found=[not abstained] if answerable else [],
        words=10,
        latency_ms=1.0,
    )


def test_comparison_calls_an_abstention_worse_only_on_an_answerable_case():
    before = EvalRun("test", {"hybrid": [_result("answerable", True, False), _result("absent", False, False)]})
    after = EvalRun("test", {"hybrid": [_result("answerable", True, True), _result("absent", False, True)]})
    worse = compare(after, baseline_from(before)).worse_cases
    assert [line.split()[0] for line in worse] == ["answerable"]
    assert "newly abstained" in worse[0]
