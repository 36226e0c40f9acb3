"""Every rule's own examples behave as the rule file says: exact rule, exact span, no false alarm."""

from __future__ import annotations

import pytest

from replycheck.clauses import CLAUSES
from replycheck.rule_examples import run_rule_examples
from replycheck.rulebook import load_rules

RULES = load_rules().rules
# The contract's clause table (docs/draft-format.md §2): each must be enforced by a rule.
CONTRACT_CLAUSES = ["1.2", "1.4", "1.5", "1.6", "1.7", "1.8", "2", "3", "3.1", "3.2", "3.2.2", "3.2.3",
                    "3.2.4", "3.3", "3.3.1", "3.3.2", "3.3.3", "3.3.4"]


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_has_passing_and_failing_examples(rule):
    assert rule.examples.pass_, f"{rule.source}: 缺少通过示例"
    assert rule.examples.fail, f"{rule.source}: 缺少不通过示例"


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_examples_behave(rule):
    failures = [f"{o.kind}: {o.text[:50]} → {o.problem}" for o in run_rule_examples(rule) if not o.ok]
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("clause", CONTRACT_CLAUSES)
def test_every_contract_clause_is_enforced(clause):
    assert clause in CLAUSES
    assert any(r.clause == clause for r in RULES), f"第{clause}条没有任何规则"


def test_rule_messages_are_chinese():
    for rule in RULES:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in rule.message), rule.id
        assert any("\u4e00" <= ch <= "\u9fff" for ch in rule.hint), rule.id


def test_example_runner_catches_a_wrong_span(ruleset):
    """The example harness itself can fail: a span shifted by one character is reported."""
    from replycheck.checks.base import Examples

    rule = ruleset.by_id("forbidden-bare-closure").model_copy(deep=True)
    rule.examples = Examples.model_validate({"pass": ["问题已经解决。"], "fail": ["该工单已[[办结]]。"]})
    outcomes = run_rule_examples(rule)
    assert [o.ok for o in outcomes] == [True, False]
