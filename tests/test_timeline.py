"""Time logic: dates of contact, handling and reply must tell a possible story (check: timeline)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from replycheck import events as events_module
from replycheck.checks import timeline as timeline_module
from replycheck.engine import check_draft
from replycheck.model import Draft

ROOT = Path(__file__).resolve().parent.parent
TIME_RULES = ("date-before-received", "date-in-future", "reply-before-handling", "contact-after-handling",
              "first-contact-slow", "reply-after-deadline", "extension-date-not-later")


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(timeline_module, "today", lambda: datetime(2026, 4, 15, 12, 0))
    monkeypatch.setattr(events_module, "today", lambda: datetime(2026, 4, 15, 12, 0))


@pytest.fixture
def run(ruleset):
    def run(rule_id: str, **fields):
        rule = ruleset.by_id(rule_id)
        return [f for f in check_draft(Draft.model_validate(fields), [rule])]

    return run


# A compliant repair reply written the way clerks write: Chinese numerals, relative days, the citizen's
# own dates, a plan, a deadline imposed on someone else, a period of fact.
COMPLIANT = dict(
    category="办理", received_at="2026-03-05 08:40", deadline="2026-03-09",
    internal_result=(
        "二〇二六年三月五日上午九时十分，城建科工作人员张伟通过电话联系反映人，反映人称3月2日起路灯就不亮了，"
        "3月3日曾自行找村委会反映。当日10时20分，张伟带领维修人员到达现场处置，经排查为电缆接头进水短路，"
        "3月1日至3月4日期间因连续降雨接头受潮。维修人员于当日16时30分完成维修，并责令施工单位于3月8日前恢复绿化带。"
        "当晚18时10分，张伟到现场复查，路灯全部正常亮灯，问题已经解决。下一步计划于2026年4月30日前更换老化电缆。"),
    citizen_reply=(
        "您于3月4日来电反映的路灯问题，三月五日十八时三十分，城建科工作人员张伟电话回复您：路灯已于3月5日修复。"
        "您表示满意。"),
)


@pytest.mark.parametrize("rule_id", TIME_RULES)
def test_compliant_draft_with_chinese_numerals_and_relative_days_is_silent(run, rule_id):
    assert run(rule_id, **COMPLIANT) == []


def test_contact_before_receipt_is_an_error_quoting_both(run):
    draft = {**COMPLIANT, "internal_result": COMPLIANT["internal_result"].replace("二〇二六年三月五日", "二〇二六年三月四日")}
    [finding] = run("date-before-received", **draft)
    assert finding.severity.value == "error"
    assert finding.excerpt == "二〇二六年三月四日上午九时十分"
    assert "2026年3月5日8时40分" in finding.message and "通过电话联系反映人" in finding.message


def test_relative_day_counts_from_the_last_event_date(run):
    # 次日 after 3月4日 is 3月5日: on the day of receipt, not before it.
    draft = dict(received_at="2026-03-05 08:00", internal_result=(
        "3月5日9时，王明电话联系反映人。次日，王明会同村委会到现场查看。"))
    assert run("date-before-received", **draft) == []
    early = dict(received_at="2026-03-06 08:00", internal_result=(
        "3月6日9时，王明电话联系反映人。同日上午7时，王明到现场查看。"))
    [finding] = run("date-before-received", **early)
    assert finding.excerpt == "同日上午7时"


def test_a_time_written_the_western_way_keeps_its_half_of_the_day(run):
    draft = dict(received_at="2026-11-09 08:52", internal_result=(
        "2026/11/09 (Mon) 09:20 AM，李想电话联系反映人。当日 4:40 PM 更换电缆接头。11/10 (周二) 2:10 PM 回访。"))
    assert run("date-before-received", **draft) == []
    early = dict(draft, internal_result=draft["internal_result"].replace("当日 4:40 PM", "当日 4:40"))
    [finding] = run("date-before-received", **early)
    assert finding.excerpt.startswith("当日 4:40")


def test_evening_words_before_a_time_make_it_afternoon_or_evening(run):
    draft = dict(received_at="2026-11-07 21:30", internal_result="11月7日晚9点30分接单。9点45分苏敏电话联系举报人。")
    assert run("date-before-received", **draft) == []
    from replycheck.dates import find_dates

    assert [d.hour for d in find_dates("11月7日晚9点30分接单")] == [21]
    # A bare time of day read on its own (after a full stop) knows the same afternoon words as a date.
    late = dict(received_at="2026-11-05 16:00", internal_result="11月5日16时20分电话联系反映人。傍黑5点到现场查看。")
    assert run("date-before-received", **late) == []


def test_same_day_after_a_date_found_in_records_counts_from_the_handling(run):
    # 3月18日 is what the records showed; 同日 is the day of the handling told just before it.
    draft = dict(received_at="2026-04-12 09:20", internal_result=(
        "4月12日上午9点半，欧阳敏电话联系反映人。4月13日，欧阳敏到系统查询：补贴于3月18日随全镇批次发放，"
        "因账户长期未使用被退回。同日我办与农商银行协调，由银行上门为老人办理账户激活。"))
    assert run("date-before-received", **draft) == []


def test_a_date_after_a_word_tables_label_cell_is_the_act_not_a_date_inside_it(run):
    # 四、问题处置<tab>10月20日下午……：the cell's label is a label (as with a colon); 当日 counts from 10月20日.
    draft = dict(received_at="2026-10-19 17:10", internal_result=(
        "一、联系诉求人\t2026年10月20日8时40分，张建华电话联系诉求人。\n"
        "二、调查核实\t查阅网格事件登记台账，10月18日无该事件记录。\n"
        "四、问题处置\t10月20日下午，协调村委会疏通下水道，当日16时疏通完毕。"))
    assert run("date-before-received", **draft) == []


def test_a_later_day_in_a_list_of_plan_dates_is_planned_too(run):
    # 4月29日郭秀琴带人验收 follows 4月28日前安装完成 in the same sentence: one more step of the plan.
    draft = dict(category="建议", received_at="2026-04-08 10:00", internal_result=(
        "4月8日10时，郭秀琴电话联系反映人。居委会研究采纳。安排：给8号楼台阶两侧各装一道扶手。\n"
        "4月20日前签合同；4月28日前安装完成；4月29日郭秀琴带人验收。"))
    assert run("date-in-future", **draft) == []
    told = dict(draft, internal_result=draft["internal_result"].replace("4月20日前签合同；4月28日前安装完成；", ""))
    assert [f.excerpt for f in run("date-in-future", **told)] == ["4月29日"]


def test_a_letter_s_found_facts_follow_its_opening_colon(run):
    # 经查，现答复如下： opens the paragraph below it: the earlier date there is what was found.
    draft = dict(category="投诉", received_at="2026-04-12 09:15", citizen_reply=(
        "信访人：\n您反映拆棚时拉走物品未出具清单一事，经查，现答复如下：\n"
        "2026年3月24日拆除现场，执法人员对棚内物品逐件清点登记，由您儿子当场签字并领取清单第二联。您反映的情况不属实。"))
    assert run("date-before-received", **draft) == []
    # Without the opening that says it was looked into, the earlier date is a step of the handling.
    told = dict(draft, citizen_reply=draft["citizen_reply"].replace("经查，现答复如下", "答复如下").replace("您反映的情况不属实。", ""))
    assert [f.excerpt for f in run("date-before-received", **told)] == ["2026年3月24日"]


def test_days_to_come_before_a_plan_date_in_their_sentence_are_its_steps(run):
    # 4月20日到货，4月21日安装接电，4月28日前恢复照明: the days not yet come lead up to the plan's date.
    draft = dict(category="办理", action="延期", received_at="2026-04-08 08:50", internal_result=(
        "4月8日9:05张卫东电话联系反映人。新灯杆要厂家定做，等材料到了再换：4月20日到货，4月21日安装接电，4月28日前恢复照明。"))
    assert run("date-in-future", **draft) == []
    # The same days told as done, with no plan date after them, are acts dated in the future.
    told = dict(draft, internal_result=draft["internal_result"].replace("，4月28日前恢复照明", ""))
    assert [f.excerpt for f in run("date-in-future", **told)] == ["4月20日", "4月21日"]


def test_what_a_colon_introduces_runs_through_its_semicolons(run):
    # 王某反映：……；11月13日企业到窗口询问时…… is still what the complainant told: 王某 is never staff.
    draft = dict(category="投诉", received_at="2026-11-16 09:20", internal_result=(
        "11月16日10时05分，营商办赵主任电话联系投诉人王某。王某反映：工作人员吴某先后3次要求补交同一份发票复印件；"
        "11月13日企业到窗口询问进度时，吴某称“这个我们管不了”。11月17日，赵主任调阅申报材料流转记录。"))
    assert run("date-before-received", **draft) == []
    early = dict(draft, internal_result=draft["internal_result"].replace("11月16日10时05分", "11月15日10时05分"))
    [finding] = run("date-before-received", **early)
    assert finding.excerpt == "11月15日10时05分"


@pytest.mark.parametrize("text,day", [
    ("11-24 9:40东方宇电联反映人。", "11-24 9:40"),
    ("11-16王明电话告知反映人。", "11-16"),
    ("工单状态：办理中\n11.9公孙磊电话联系举报人。", "11.9"),
])
def test_month_and_day_in_more_forms_are_dates(run, text, day):
    draft = dict(received_at="2025-12-01 08:00", internal_result=text)  # each day is before this receipt
    [finding] = run("date-before-received", **draft)
    assert finding.excerpt.startswith(day)


@pytest.mark.parametrize("text", ["需3-5个工作日办结。", "每天8-10点开放。", "9-12月为汛期。", "已完成7-8成。",
                                  "1. 1至6层楼道未见杂物。", "2.9月水费多收38.5元。"])
def test_ranges_and_outline_numbers_are_no_dates(run, text):
    draft = dict(received_at="2026-04-01 08:00", internal_result="4月1日9时，王明电话联系反映人。" + text)
    assert run("date-before-received", **draft) == [] and run("date-in-future", **draft) == []


def test_receipt_day_relative_words_anchor_on_received_at(run):
    draft = dict(received_at="2026-03-06 08:40", internal_result="接单当日（3月6日）上午9时15分，执法队员郭建华电话联系举报人。")
    assert run("date-before-received", **draft) == []
    assert run("first-contact-slow", **draft) == []


def test_year_defaults_to_the_receipt_and_rolls_over_new_year(run):
    draft = dict(received_at="2025-12-30 16:00", deadline="2026-01-05", internal_result=(
        "12月30日16时30分，王明电话联系反映人。1月2日上午，王明到现场查看，问题已经解决。"),
        citizen_reply="1月3日10时，王明电话回复市民：问题已解决。市民表示满意。")
    for rule_id in TIME_RULES:
        assert run(rule_id, **draft) == [], rule_id


def test_year_falls_back_to_the_drafts_own_dates(run):
    # No 接单时间: “3月6日” takes the year 2099 written elsewhere in the draft, so it is in the future.
    draft = dict(internal_result="2099年3月5日9时，王明电话联系反映人。3月6日，王明到现场查看。")
    found = run("date-in-future", **draft)
    assert [f.excerpt for f in found] == ["2099年3月5日9时", "3月6日"]


def test_future_is_measured_against_an_injected_today(run, monkeypatch):
    draft = dict(received_at="2026-04-10 09:00",
                 internal_result="2026年4月10日9时30分，王明电话联系反映人。4月20日上午，王明到现场查看。")
    [finding] = run("date-in-future", **draft)
    assert finding.excerpt == "4月20日上午" and "2026年4月15日" in finding.message
    monkeypatch.setattr(timeline_module, "today", lambda: datetime(2026, 4, 21))
    assert run("date-in-future", **draft) == []


def test_the_dates_under_a_schedule_heading_are_plans(run):
    # 节点：……12月16日开标；12月23日签订施工合同 in an extension request: the schedule, not acts done.
    draft = dict(category="办理", action="延期", received_at="2026-03-20 09:30", internal_result=(
        "经镇党委会研究，该项目采用公开招标。节点：3月25日挂网发布招标公告；4月16日开标；4月23日签订施工合同。"))
    assert run("date-in-future", **draft) == []
    # 定于…前注射抑制剂；4月20日至5月20日飞絮期每周2次喷水: the whole sentence is what the station will do.
    planned = dict(category="建议", received_at="2026-03-20 09:30", internal_result=(
        "采纳治理建议：我站定于2026年4月10日前对8株雌株打孔注射抑制剂，2026年4月20日至5月20日飞絮期每周2次喷水压絮。"))
    assert run("date-in-future", **planned) == []


def test_plans_and_deadlines_are_not_in_the_future(run):
    draft = dict(received_at="2026-04-10 09:00", internal_result=(
        "2026年4月10日9时30分，王明电话联系反映人。预计5月30日前完成改造，6月1日起恢复通行，"
        "已责令其于5月10日前清理完毕。区人社局应自受理之日起60日内作出认定，认定结论最晚于2026年6月9日作出。"))
    assert run("date-in-future", **draft) == []


@pytest.mark.parametrize("draft", [
    # A date said to be another matter's: the bare time after it counts from the order's own day.
    dict(received_at="2026-10-11 07:52", internal_result=(
        "11号早上7点52接的单 二组的刘婶反映家里没水。8点半老李到的二组 中午12点二组来水了。"
        "9月28号二组也停过一回 那是管子检修 跟这回不是一个事。\n下午4点半老李又给刘婶打电话告诉处理结果 刘婶说满意。")),
    # The worker's own demand for pay, told back to him in the answer.
    dict(category="咨询", received_at="2026-10-26 10:00", citizen_reply=(
        "10.26 10:45 监察员赵晓东电话答复：您2025.02离职，2025.12.20微信催要时老板回复“过完年一起给”，"
        "时效自该日重新计算。市民表示清楚了。")),
])
def test_another_matters_day_and_the_workers_own_demand_are_no_steps_of_the_order(run, draft):
    assert run("date-before-received", **draft) == []


def test_a_date_without_its_year_goes_with_the_dated_account_before_it(run):
    # Today is 2026-04-15. 6月2日 follows 2025年5月10日 in a case history, so it is 2025's June, not the
    # coming one nearest the order; a plan date (计划2027年…) lends its year to nothing.
    draft = dict(received_at="2026-04-10 09:00", internal_result=(
        "4月11日9时，王明调阅案卷：镇政府于2025年5月10日作出限期拆除决定书并当日送达；6月2日在现场张贴强制拆除公告；"
        "9月15日实施拆除。"))
    assert run("date-in-future", **draft) == []
    planned = dict(received_at="2026-04-10 09:00", internal_result=(
        "该路段已列入计划，计划2027年5月31日前完工。4月12日下午王明电话回复市民。"))
    assert run("date-in-future", **planned) == []


def test_year_less_drafts_are_not_checked_for_the_future(run):
    assert run("date-in-future", internal_result="12月30日9时，王明电话联系反映人。") == []


def test_future_received_at(run):
    [finding] = run("date-in-future", received_at="2062-03-05 08:40", internal_result="王明电话联系反映人。")
    assert finding.field == "received_at"


def test_contact_after_handling(run):
    draft = dict(internal_result="3月5日10时，城建科王明到现场查看，更换了灯泡。3月6日9时，王明电话联系反映人告知结果。")
    [finding] = run("contact-after-handling", **draft)
    assert finding.severity.value == "warning" and finding.excerpt == "3月6日9时"
    assert "到现场查看" in finding.message and "电话联系反映人" in finding.message


def test_contact_after_handling_silent_when_contact_is_undated(run):
    # contact-time-missing reports the missing time; the order cannot be judged.
    draft = dict(internal_result="接单后，王明第一时间电话联系反映人。3月5日10时，王明到现场查看。")
    assert run("contact-after-handling", **draft) == []


def test_reply_before_the_fix_it_reports(run):
    draft = dict(internal_result="3月5日9时，王明电话联系反映人。3月5日10时，王明到现场查看。3月7日14时，维修人员更换电缆，路灯已修复。",
                 citizen_reply="三月六日上午十时，王明电话回复市民：路灯已修复。市民表示满意。")
    [finding] = run("reply-before-handling", **draft)
    assert finding.excerpt == "三月六日上午十时" and "3月7日14时" in finding.message


def test_reply_after_deadline_and_extension(run):
    late = dict(deadline="2026-03-09", citizen_reply="3月12日10时，王明电话回复市民：路灯已修复。市民表示满意。")
    [finding] = run("reply-after-deadline", **late, received_at="2026-03-05 08:00")
    assert finding.excerpt == "3月12日10时" and "2026年3月9日" in finding.message
    extended = {**late, "internal_result": "经分管领导批准，本工单已延期至3月20日。"}
    assert run("reply-after-deadline", **extended, received_at="2026-03-05 08:00") == []
    # Same day as the deadline: a bare date means the whole day.
    on_time = dict(deadline="2026-03-09", citizen_reply="3月9日17时，王明电话回复市民：已修复。市民表示满意。")
    assert run("reply-after-deadline", **on_time, received_at="2026-03-05 08:00") == []


def test_extension_must_be_later_than_the_deadline(run):
    draft = dict(action="延期", deadline="2026-03-20", internal_result="经分管领导批准，申请延期至3月18日。")
    [finding] = run("extension-date-not-later", **draft, received_at="2026-03-10 08:00")
    assert finding.excerpt == "3月18日"
    ok = dict(action="延期", deadline="2026-03-20", internal_result="经分管领导批准，申请延期至四月三十日。")
    assert run("extension-date-not-later", **ok, received_at="2026-03-10 08:00") == []


def test_first_contact_slow_uses_the_configured_hours(run, ruleset):
    draft = dict(received_at="2026-03-13 16:50", internal_result="3月16日9时10分，吴静电话联系举报人。")
    [finding] = run("first-contact-slow", **draft)
    assert finding.severity.value == "warning" and "24小时" in finding.message
    rule = ruleset.by_id("first-contact-slow").model_copy(update={"hours": 72})
    assert check_draft(Draft.model_validate(draft), [rule]) == []


def test_citizen_reports_and_quoted_dates_are_not_events(run):
    draft = dict(received_at="2026-03-11 10:20", internal_result=(
        "2026年3月11日10时45分，赵磊电话联系举报人，举报人称3月10日晚在超市购买的面包已过期。"
        "经调取监控，3月5日至3月10日期间有4次销售记录；3月10日售出的面包生产日期为3月8日。"),
        citizen_reply="“3月9日就打过电话”，您反映的问题已核实。2026年3月12日9时30分，赵磊电话回复您。您表示理解。")
    assert run("date-before-received", **draft) == []


@pytest.mark.parametrize("reply", [
    "关于3月4日来电反映的路灯问题，3月5日16时，王明电话回复您：路灯已修复。您表示满意。",
    "3月4日，您通过热线反映路灯不亮。3月5日16时，王明电话回复您：路灯已修复。您表示满意。",
    "针对您3月4日反映的问题，三月五日下午四时，王明电话回复您：路灯已修复。您表示满意。",
    "市民于3月4日晚来电反映路灯不亮，3月5日16时，王明电话回复市民：路灯已修复。市民表示满意。",
])
def test_the_citizens_own_report_may_predate_receipt(run, reply):
    draft = dict(received_at="2026-03-05 08:40", citizen_reply=reply,
                 internal_result="3月5日9时，王明电话联系反映人。当日10时，王明到现场更换灯泡，问题已经解决。")
    for rule_id in TIME_RULES:
        assert run(rule_id, **draft) == [], rule_id


@pytest.mark.parametrize("path", sorted((ROOT / "examples").glob("ok-*.json")) + sorted(
    (ROOT / "tests" / "data" / "natural").glob("*.json")), ids=lambda p: p.name)
def test_compliant_examples_have_no_time_findings(path, ruleset, monkeypatch):
    monkeypatch.setattr(timeline_module, "today", lambda: datetime(2026, 11, 25))
    draft = Draft.model_validate(json.loads(path.read_text(encoding="utf-8")))
    rules = [ruleset.by_id(r) for r in TIME_RULES]
    assert [(f.rule, f.excerpt) for f in check_draft(draft, rules)] == []


@pytest.mark.parametrize("name,rule_id", [
    ("bad-time-contact-before-received", "date-before-received"),
    ("bad-time-reply-after-deadline", "reply-after-deadline"),
    ("bad-time-extension-not-later", "extension-date-not-later"),
    ("bad-time-first-contact-slow", "first-contact-slow"),
])
def test_defective_examples_are_caught(name, rule_id, ruleset):
    from replycheck.loaders import load_path

    for suffix in (".json", ".docx"):
        [draft] = load_path(ROOT / "examples" / f"{name}{suffix}")
        found = check_draft(draft, ruleset.rules)
        assert rule_id in {f.rule for f in found}, suffix
        others = {f.rule for f in found if f.severity.value == "error"} - {rule_id}
        assert others == set(), suffix


def test_a_bare_hour_after_an_evening_one_is_evening_too(run):
    # “七点二十” after “晚上六点四十” on the same day is 19:20, not 7:20 before the order arrived.
    draft = dict(received_at="2026-04-10 18:20", internal_result=(
        "4月10号晚上六点四十，蒋涛给反映人回的电话。七点二十供电所的师傅和蒋涛一块到了现场，换了保险。"))
    assert run("date-before-received", **draft) == []
    morning = dict(received_at="2026-04-10 18:20", internal_result="4月10号七点二十，蒋涛到了现场。")
    assert [f.rule for f in run("date-before-received", **morning)] == ["date-before-received"]


def test_a_plan_announced_earlier_in_the_sentence_is_no_event(run):
    draft = dict(received_at="2026-04-10 09:00", internal_result=(
        "2026年4月10日9时30分，王明电话联系反映人。我镇计划在该路段安装路灯30盏，4月20日进场施工，4月30日前完成。"))
    assert run("date-in-future", **draft) == []


def test_a_date_the_citizen_is_asked_to_keep_is_no_act_in_the_future(run):
    # 请按通知于…参加开庭: what the citizen is asked to do later, not an act of the department.
    found = run("date-in-future", category="办理", action="办结", received_at="2026-04-10 09:00",
                internal_result="4月10日10时，马建军电话联系反映人。该案已由仲裁委受理，请按通知于5月8日参加开庭。")
    assert found == []
    assert run("date-in-future", category="办理", action="办结", received_at="2026-04-10 09:00",
               internal_result="5月8日，马建军电话联系反映人。")  # a contact dated later than today is one


def test_a_date_broken_by_a_pdf_wrap_is_no_future_date(ruleset):
    from replycheck.text import unwrapped

    text = ("11月12日9时40分，农业农村办杨春来电话联系反映人了解情况，经查其宅基地翻建\n申请已于11月5日通过村级审查，"
            "本工单时限内无法办结，申请延期至2026年1\n2月15日，经分管副镇长韩志刚批准同意，确认无误后\n"
            "杨春来电话告知反映人延期原因及目前办理进度，反映人表示理解。\n")
    assert "2026年 12月15日" in unwrapped(text) and len(unwrapped(text)) == len(text)


def test_a_day_without_its_year_that_was_past_in_the_orders_year_is_only_a_warning(run, monkeypatch):
    # November's order: “已于3月20日入账” is read as next March (the nearer), but this March is past: ask.
    monkeypatch.setattr(timeline_module, "today", lambda: datetime(2026, 12, 4, 12, 0))
    draft = dict(category="举报", received_at="2026-11-09 10:05", internal_result=(
        "11月9日11:20，经管站孙宝林电话联系举报人。经查，2026年承包费已于3月20日全额入村集体账户。"))
    [finding] = run("date-in-future", **draft)
    assert finding.excerpt == "3月20日" and finding.severity.value == "warning" and "补上年份" in finding.message
