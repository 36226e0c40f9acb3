"""Consistency: the internal result and the citizen reply tell the same story (check: consistency)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from replycheck.engine import check_draft
from replycheck.model import Draft

ROOT = Path(__file__).resolve().parent.parent
CONSISTENCY_RULES = ("outcome-mismatch", "verdict-mismatch", "date-mismatch", "category-consult-complaint",
                     "category-suggestion-penalty")


@pytest.fixture
def run(ruleset):
    def run(rule_id: str, **fields):
        return check_draft(Draft.model_validate(fields), [ruleset.by_id(rule_id)])

    return run


def test_solved_inside_but_only_planned_for_the_citizen(run):
    draft = dict(category="办理",
                 internal_result="3月25日9时30分，邓晨带领维修人员到达现场，当日14时更换井盖1个，问题已经解决。",
                 citizen_reply="三月二十五日十七时，邓晨电话回复市民：新井盖预计3月28日前更换到位。市民表示理解。")
    [finding] = run("outcome-mismatch", **draft)
    assert finding.severity.value == "warning" and finding.field == "citizen_reply"
    assert "问题已经解决" in finding.message and "预计3月28日前更换到位" in finding.message


def test_interim_fix_plus_plan_in_both_texts_is_consistent(run):
    draft = dict(category="办理",
                 internal_result="当日对3处坑洼临时填垫，该路段已列入提升改造工程，预计2026年4月30日前完成翻修。",
                 citizen_reply="3月17日16时，李建国电话回复市民：已对较深坑洼临时填垫，计划于4月30日前完成翻修。市民表示理解。")
    assert run("outcome-mismatch", **draft) == []


def test_citizens_words_do_not_count_as_an_outcome(run):
    draft = dict(category="办理", internal_result="3月5日10时到现场更换灯泡，问题已经解决。",
                 citizen_reply="您称“上次说预计3月1日修好”，3月5日16时，王明电话回复您：路灯已修复。您表示满意。")
    assert run("outcome-mismatch", **draft) == []


def test_adopted_vs_not_adopted(run):
    draft = dict(category="建议", internal_result="经研究，该建议暂不予采纳，原因是该坑塘承担汛期调蓄功能。",
                 citizen_reply="3月17日15:30，杜鹏当面答复您：您的建议已被采纳。您表示满意。")
    [finding] = run("outcome-mismatch", **draft)
    assert finding.excerpt == "采纳" and "暂不予采纳" in finding.message


def test_verdict_mismatch(run):
    draft = dict(category="举报", internal_result="经核实，举报情况属实，市场监管所当场责令其停止生产，并处罚款3000元。",
                 citizen_reply="4月1日10时，赵磊电话回复市民：经核查，您举报的问题不属实。市民表示认可。")
    [finding] = run("verdict-mismatch", **draft)
    assert finding.excerpt == "不属实" and "举报情况属实" in finding.message


@pytest.mark.parametrize("reply", [
    "3月15日10时，孙丽电话回复您：垃圾清运不及时问题属实，已整改；物业费上涨问题经核查不属实。您表示理解。",
    "3月15日10时，孙丽电话回复您：经核实，您反映的问题部分属实。您表示理解。",
    "3月15日10时，孙丽电话回复您：针对您提到的“物业说投诉不属实”的情况，经核实，您反映的问题属实。您表示满意。",
])
def test_partly_true_and_quoted_verdicts_agree(run, reply):
    draft = dict(category="投诉", internal_result="经调查核实，反映情况部分属实：垃圾清运不及时属实，擅自涨价不属实。",
                 citizen_reply=reply)
    assert run("verdict-mismatch", **draft) == []


def test_extension_dates_must_agree(run):
    draft = dict(action="延期", category="办理", internal_result="经分管领导批准，申请延期至2026年4月30日。",
                 citizen_reply="3月23日16时，许文博电话告知市民已申请延期至二〇二六年五月三十日，市民表示理解。")
    [finding] = run("date-mismatch", **draft)
    assert finding.excerpt == "二〇二六年五月三十日" and "2026年4月30日" in finding.message
    same = {**draft, "citizen_reply": "3月23日16时，许文博电话告知市民已申请延期至四月三十日，市民表示理解。"}
    assert run("date-mismatch", **same) == []


def test_reply_date_told_inside_must_match_the_reply(run):
    draft = dict(category="办理", internal_result="3月6日上午，王明将处理结果电话告知反映人，反映人表示满意。",
                 citizen_reply="3月7日10时，王明电话回复市民：路灯已修复。市民表示满意。")
    [finding] = run("date-mismatch", **draft)
    assert finding.excerpt == "3月7日10时"
    relative = dict(category="办理", internal_result="3月5日9时，王明电话联系反映人。次日上午，王明将处理结果电话告知反映人。",
                    citizen_reply="3月6日10时，王明电话回复市民：路灯已修复。市民表示满意。")
    assert run("date-mismatch", **relative) == []


def test_fix_date_in_the_reply_must_match_the_internal_result(run):
    draft = dict(category="办理", internal_result="3月5日，维修人员更换损坏灯头2个，路灯恢复照明。",
                 citizen_reply="3月6日18时，张伟电话回复您：路灯已于3月6日更换灯头。您表示满意。")
    [finding] = run("date-mismatch", **draft)
    assert finding.excerpt == "3月6日" and finding.start == draft["citizen_reply"].index("3月6日更换")


def test_consultation_that_is_a_complaint_about_a_neighbour(run):
    draft = dict(category="咨询", internal_result=(
        "3月17日10时30分，王海燕致电反映人，反映人称其楼下邻居养狗6条，夜间犬吠不断，要求镇里处理。"))
    [finding] = run("category-consult-complaint", **draft)
    assert "楼下邻居养狗" in finding.excerpt and "咨询" in finding.message
    question = dict(category="咨询", internal_result=(
        "3月17日10时30分，王海燕致电反映人，反映人咨询与邻居共用院墙漏水的维修费用如何分担。"))
    assert run("category-consult-complaint", **question) == []


def test_suggestion_answered_with_a_penalty(run):
    draft = dict(category="建议", internal_result="3月6日，执法队员张强到现场，对违停车主处以罚款200元。")
    [finding] = run("category-suggestion-penalty", **draft)
    assert finding.excerpt == "处以罚款"
    suggestion = dict(category="建议", internal_result=(
        "反映人建议对学校门前违停车辆罚款。经研究，城建科计划于2026年4月30日前施划禁停标线。"))
    assert run("category-suggestion-penalty", **suggestion) == []


@pytest.mark.parametrize("path", sorted((ROOT / "examples").glob("ok-*.json")) + sorted(
    (ROOT / "tests" / "data" / "natural").glob("*.json")), ids=lambda p: p.name)
def test_compliant_examples_are_consistent(path, ruleset):
    draft = Draft.model_validate(json.loads(path.read_text(encoding="utf-8")))
    rules = [ruleset.by_id(r) for r in CONSISTENCY_RULES]
    assert [(f.rule, f.message) for f in check_draft(draft, rules)] == []


@pytest.mark.parametrize("name,rule_id", [
    ("bad-consistency-outcome", "outcome-mismatch"),
    ("bad-consistency-verdict", "verdict-mismatch"),
    ("bad-consistency-dates", "date-mismatch"),
    ("bad-category-consult-complaint", "category-consult-complaint"),
])
def test_defective_examples_are_caught(name, rule_id, ruleset):
    from replycheck.loaders import load_path

    for suffix in (".json", ".docx"):
        [draft] = load_path(ROOT / "examples" / f"{name}{suffix}")
        found = check_draft(draft, ruleset.rules)
        assert rule_id in {f.rule for f in found}, suffix
        assert [f.rule for f in found if f.severity.value == "error"] == [], suffix
