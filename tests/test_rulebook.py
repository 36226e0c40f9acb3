"""Rule files a clerk or another town writes: every mistake stops the run with file, line and problem."""

from __future__ import annotations

import pytest

from replycheck.errors import RuleFileError
from replycheck.rulebook import builtin_rules_dir, load_rules

GOOD = """id: town-rule
clause: '3.3'
severity: warning
check: forbidden
patterns: ['高度重视']
message: 不写套话
hint: 直接写办理经过。
examples:
  pass: [已修复。]
  fail: ['我科[[高度重视]]。']
"""


def load_with(tmp_path, text, name="rule.yaml"):
    (tmp_path / name).write_text(text, encoding="utf-8")
    return load_rules([tmp_path])


def test_a_good_user_rule_loads_beside_the_builtin_ones(tmp_path):
    ruleset = load_with(tmp_path, GOOD)
    assert ruleset.by_id("town-rule") is not None
    assert ruleset.by_id("forbidden-transfer-phrase") is not None


def test_the_rule_set_digest_changes_with_the_rules(tmp_path):
    before = load_rules().digest
    after = load_with(tmp_path, GOOD).digest
    assert before != after and len(after) == 16


@pytest.mark.parametrize("text,line,words", [
    (GOOD.replace("severity: warning", "severity: warning\n  bad: [indent"), 4, ["YAML 格式错误", "缩进"]),
    (GOOD.replace("hint:", "hnit:"), 7, ["hnit", "未知的键"]),
    (GOOD.replace("patterns: ['高度重视']", "patterns: ['高度(重视']"), 5, ["正则", "高度(重视", "town-rule"]),
    (GOOD.replace("clause: '3.3'", "clause: '9.9'"), 2, ["9.9", "不在通知中"]),
    (GOOD.replace("check: forbidden", "check: magic"), None, ["check"]),
    (GOOD.replace("patterns: ['高度重视']", "patterns: ['{不存在的词}']"), 5, ["词表中没有"]),
    (GOOD.replace("severity: warning", "severity: fatal"), 3, ["severity"]),
    (GOOD.replace("id: town-rule", "id: forbidden-bare-closure"), 1, ["重复"]),
    (GOOD.replace("severity: warning", "clause_for: {延期: '9.9'}\nseverity: warning"), 3, ["9.9", "不在通知中"]),
    (GOOD.replace("severity: warning", "clause_for: {加急: '2'}\nseverity: warning"), 3, ["加急", "办理类型或工单类型"]),
])
def test_broken_rule_file_names_file_line_and_problem(tmp_path, text, line, words):
    with pytest.raises(RuleFileError) as err:
        load_with(tmp_path, text)
    message = str(err.value)
    assert "rule.yaml" in message
    if line:
        assert f"rule.yaml:{line}" in message
    for word in words:
        assert word in message


def test_python_object_tags_are_refused_and_nothing_runs(tmp_path):
    marker = tmp_path / "ran"
    evil = GOOD + f"payload: !!python/object/apply:os.system ['touch {marker}']\n"
    with pytest.raises(RuleFileError) as err:
        load_with(tmp_path, evil)
    assert "不允许的 YAML 标签" in str(err.value)
    assert not marker.exists()


def test_missing_rule_folder(tmp_path):
    with pytest.raises(RuleFileError) as err:
        load_rules([tmp_path / "nope"])
    assert "规则文件夹不存在" in str(err.value)


def test_builtin_rules_are_found():
    assert (builtin_rules_dir() / "vocabulary.yaml").is_file()


def test_yaml_alias_bomb_is_refused_quickly(tmp_path):
    import time

    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    started = time.monotonic()
    with pytest.raises(RuleFileError) as err:
        load_with(tmp_path, GOOD + "\n".join(lines) + "\n")
    assert "别名" in str(err.value) and time.monotonic() - started < 5


@pytest.mark.parametrize("action,category,clause", [
    ("延期", "办理", "2"),       # the basis an extension request must give
    ("办结", "办理", "3.2.2"),   # the basis of enforcement in a handling report
    ("办结", "咨询", "3.3.1"),   # the policy document of an answer
    ("办结", "投诉", "1.2"),     # everywhere else: the notice's general standard
])
def test_a_finding_names_the_clause_it_falls_under_for_that_order(check, action, category, clause):
    findings = check(category=category, action=action, internal_result="执法队员依据相关法律法规，责令其限期整改。")
    assert [f.clause for f in findings if f.rule == "vague-legal-basis"] == [clause]
