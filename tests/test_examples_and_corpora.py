"""What users see on real-looking drafts: examples/ as its README promises, varied compliant drafts,
one-defect drafts, and traps a naive linter falls into."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from conftest import DATA, EXAMPLES, rule_ids
from replycheck.engine import check_draft
from replycheck.loaders import load_path
from replycheck.model import Draft

_LINE = re.compile(r"^- `(?P<file>[^`]+)` (?P<verdict>合规|不合规)(?:：(?P<rules>.*?)。)?")


def _promises():
    for line in (EXAMPLES / "README.md").read_text(encoding="utf-8").splitlines():
        m = _LINE.match(line)
        if m:
            rules = re.findall(r"`([a-z0-9-]+)`（条款 ([\d.]+)）", m["rules"] or "")
            yield m["file"], m["verdict"] == "合规", rules


PROMISES = list(_promises())


def _findings(path: Path, ruleset):
    items = load_path(path)
    assert all(isinstance(i, Draft) for i in items), items
    return [f for d in items for f in check_draft(d, ruleset.rules)]


def test_readme_lists_every_example():
    listed = {name for name, _, _ in PROMISES}
    on_disk = {p.name for p in EXAMPLES.iterdir() if p.suffix in (".json", ".docx", ".jsonl")}
    assert listed == on_disk
    categories = {json.loads(p.read_text(encoding="utf-8"))["category"]
                  for p in EXAMPLES.glob("*.json")}
    assert {"咨询", "办理", "投诉", "举报", "建议"} <= categories


@pytest.mark.parametrize("name,compliant,rules", PROMISES, ids=[p[0] for p in PROMISES])
def test_example_does_what_its_readme_line_says(name, compliant, rules, ruleset):
    findings = _findings(EXAMPLES / name, ruleset)
    errors = [(f.rule, f.excerpt) for f in findings if f.severity.value == "error"]
    if compliant:
        assert not errors, errors
    else:
        assert rules, f"{name}: README 未写明应命中的规则"
        for rule, clause in rules:
            hits = [f for f in findings if f.rule == rule]
            assert hits, f"{name}: 应命中 {rule}"
            assert all(f.clause == clause for f in hits), f"{name}: {rule} 的条款应为 {clause}"


NATURAL = sorted((DATA / "natural").glob("*.json"))
DEFECTS = sorted((DATA / "defects").glob("*.json"))


# Written as compliant, but as the reading conventions read them they fall short (with the reason).
NATURAL_OVERRULED = {
    "07-complaint-partly-true-property-service": (
        {"penalty-decision-missing"},
        "部分属实的部分只下达了《整改通知书》、责令限期清运，整改已到位：责令整改不是最终处理决定"
        "（见 docs/reading-the-notice.md 第六节）"),
}


@pytest.mark.parametrize("path", NATURAL, ids=[p.stem for p in NATURAL])
def test_compliant_drafts_in_varied_wording_pass(path, ruleset):
    findings = _findings(path, ruleset)
    expected, _why = NATURAL_OVERRULED.get(path.stem, (set(), ""))
    assert {f.rule for f in findings if f.severity.value in ("error", "warning")} == expected


# Drafts written to show one defect whose label the reading conventions (docs/reading-the-notice.md)
# overrule: the words are there, but as the conventions read them they are no defect.
OVERRULED = {
    "forbidden-bare-closure-suggestion-bus-route":
        "“该工单已办结”跟在完整的结果（不采纳及其理由、已解释）之后，不是用“已办结”代替结果",
    "forbidden-suggest-phone-consult-farmland-subsidy":
        "补贴已发放、政策已答复之后留的咨询电话是服务信息，不是“建议联系XX电话”",
    "forbidden-transfer-phrase-report-waste-burning":
        "“已转综合执法大队处理”之后写了该大队的核实和处罚结果：转交只是途径，不是结果",
}


@pytest.mark.parametrize("path", DEFECTS, ids=[p.stem for p in DEFECTS])
def test_one_defect_drafts_get_exactly_that_defect(path, ruleset):
    expected = set() if path.stem in OVERRULED else set(json.loads(path.read_text(encoding="utf-8"))["expect"])
    assert rule_ids(_findings(path, ruleset)) == expected


TRAPS = yaml.safe_load((DATA / "traps.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("trap", TRAPS, ids=[t["text"][:16] for t in TRAPS])
def test_traps_do_not_fire(trap, check):
    findings = check(**{trap["field"]: trap["text"], "category": trap["category"]})
    fired = {f.rule for f in findings} & set(trap["must_not_fire"])
    assert not fired, [(f.rule, f.excerpt) for f in findings if f.rule in fired]
