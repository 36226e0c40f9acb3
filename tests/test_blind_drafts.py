"""Forty drafts written from the notice alone, by someone who never saw the rules: the closest thing
to the drafts replycheck will meet. Their author's labels stand, except where we adjudicated (below)."""

from __future__ import annotations

import json

import pytest

from conftest import DATA, rule_ids
from replycheck.engine import check_draft
from replycheck.loaders import load_path

# Where the author's labels and the notice disagree, with the reason. Everything else must match exactly.
ADJUDICATED = {
    "12-bbq-smoke-report": ({"enforcement-basis-missing"}, set(),
                            "罚款只写“依据相关法律法规”，没有具体名称：执法依据也缺"),
    "14-back-street-paving": ({"handling-result-missing"}, set(), "既未解决，也没有带日期的方案"),
    "20-wage-arrears-farm": ({"reply-after-deadline"}, set(), "办理时限3月7日，3月10日才回访"),
    "30-eaves-dripping": ({"reply-after-deadline"}, {"coordination-process-missing"},
                          "时限已过；协调过程写了会同村委会查看、双方达成一致"),
    "35-ditch-guardrail-suggestion": ({"reply-after-deadline"}, set(), "办理时限4月4日，4月10日才回复"),
}
BLIND = sorted((DATA / "blind").glob("*.json"))


@pytest.mark.parametrize("path", BLIND, ids=[p.stem for p in BLIND])
def test_blind_draft(path, ruleset):
    expected = set(json.loads(path.read_text(encoding="utf-8"))["expect"])
    added, removed, _why = ADJUDICATED.get(path.stem, (set(), set(), ""))
    (draft,) = load_path(path)
    assert rule_ids(check_draft(draft, ruleset.rules)) == (expected | added) - removed


def test_blind_set_is_mostly_compliant_and_covers_every_category():
    drafts = [json.loads(p.read_text(encoding="utf-8")) for p in BLIND]
    assert len(drafts) == 40
    assert sum(not d["expect"] for d in drafts) >= 20
    assert {d["category"] for d in drafts} == {"咨询", "办理", "投诉", "举报", "建议"}
