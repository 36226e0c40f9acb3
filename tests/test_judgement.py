"""Judgement on drafts and replies this team did not write (tests/data/voices, tests/data/real): the
development split must not fall below what it scores today. The held-out split is scored by hand, once
(python bench/judgement.py --split test), and reported in the closing notes; it is never tuned on."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from conftest import ROOT


@pytest.fixture(scope="module")
def scores():
    spec = importlib.util.spec_from_file_location("judgement", ROOT / "bench" / "judgement.py")
    judgement = importlib.util.module_from_spec(spec)
    sys.modules["judgement"] = judgement
    spec.loader.exec_module(judgement)
    from replycheck.rulebook import load_rules

    ruleset = load_rules()
    voices = judgement.chosen(sorted((judgement.DATA / "voices").glob("*.json")), "dev")
    real = judgement.chosen(sorted((judgement.DATA / "real").glob("*.json")), "dev")
    return judgement.score_voices(voices, ruleset.rules, False), judgement.score_real(real, ruleset, False)


def _ratio(text: str) -> tuple[int, int]:
    a, b = text.split("/")
    return int(a), int(b)


def test_drafts_in_other_voices(scores):
    voices, _ = scores
    assert voices["drafts"] == 9784
    assert voices["verdict_rate"] >= 0.975
    assert voices["clause_recall"] >= 0.935
    false_errors, compliant = _ratio(voices["compliant_false_error"])
    assert false_errors <= 15 and compliant == 4892


def test_real_published_replies(scores):
    _, real = scores
    assert real["replies"] == 1809
    assert real["element_precision"] >= 0.95 and real["element_recall"] >= 0.935
    caught, evasions = _ratio(real["evasions_caught"])
    assert caught / evasions >= 0.55
    assert real["replies_with_false_alarm"] <= 213


def test_the_split_is_fixed_and_names_real_files():
    import json

    split = json.loads((ROOT / "tests" / "data" / "split.json").read_text(encoding="utf-8"))
    stems = {p.stem for folder in ("voices", "real") for p in (ROOT / "tests" / "data" / folder).glob("*.json")}
    assert set(split["test"]) <= stems and len(split["test"]) == 115
    for retired in split["retired"]:  # splits that were scored and so joined the development data
        assert set(retired["ids"]) <= stems and not set(retired["ids"]) & set(split["test"])
    # A split written for the next round: real files, held out of development, never scored yet.
    upcoming = set(split.get("next", []))
    assert upcoming <= stems and not upcoming & set(split["test"])
    assert not any(upcoming & set(r["ids"]) for r in split["retired"])
