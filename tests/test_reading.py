"""The reading layer: whose words, done or not, which act, when, who — on the hard cases."""

from __future__ import annotations

import pytest

from replycheck.model import Draft
from replycheck.reading import read_draft
from replycheck.reading.elements import outcome_of


@pytest.fixture(scope="module")
def read(ruleset):
    def run(text: str = "", citizen: str = "", **fields):
        draft = Draft.model_validate({"internal_result": text, "citizen_reply": citizen, **fields})
        return read_draft(draft, ruleset.lexicon)

    return run


def _clause(reading, words: str):
    return next(c for c in reading.clauses if words in c.text)


def _acts(reading, words: str) -> dict[str, str]:
    return {a.kind: a.modality for a in _clause(reading, words).acts}


# -- voice -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text,words,voice", [
    ("市民称平台上显示“办理中”，我科当日到场处理。", "市民称平台上显示", "citizen"),
    ("反映人称楼上每晚装修，要求我科立即制止，经核实，装修已于3日停止。", "要求我科立即制止", "citizen"),
    ("反映人称楼上每晚装修，经核实，装修已于3日停止。", "装修已于3日停止", "department"),
    ("该户此前几次来电的工单都已办结。", "此前几次来电", "other"),
    ("反映人8月份另打过一次便民专线（BH2026080300115，同一事项），该单8月6日已办结。", "该单8月6日已办结", "other"),
    ("另：其母亲去年已按同一办法享受津贴，该工单已办结。", "该工单已办结", "other"),
    ("公安机关对盗窃一事另行侦办中。", "另行侦办中", "other"),
    ("监察员赵晓东电话答复，反映人表示清楚了，说近期就去申请仲裁，满意。", "说近期就去申请仲裁", "citizen"),  # goes on speaking
    ("反映人想当面向镇领导反映自家宅基地的事，咨询镇领导哪天接待群众。", "想当面向镇领导反映", "citizen"),  # a wish
    ("网友反映情况属实，村委将于月底实施修复。", "村委将于月底实施修复", "department"),  # a verdict, not speech
    ("您反映的路灯问题，我科已于3月5日修复。", "我科已于3月5日修复", "department"),
    ("您咨询的低保申请问题，根据《社会救助暂行办法》第九条可以申请。", "您咨询的低保申请问题", "department"),
    # Receiving the complaint is the office's own step, not the start of the citizen's words.
    ("接到您反映的问题后，区水务局召开了专题会议进行研究。", "区水务局召开了专题会议", "department"),
    # A record that names the speaker by surname only, a third person's complaint, a chat line's speaker.
    ("10月15日16时电话联系投诉人。\n吕说：10月13日调解他和邻居的事，调解员偏向对方。", "10月13日调解", "citizen"),
    ("市民投诉滨河路工地每晚10点以后仍在施工。", "仍在施工", "citizen"),
    ("【10月20日 10:22】举报人：我看着就是要盖房，你们就是不管", "我看着就是要盖房", "citizen"),
    # An aside in brackets is not what the clause says: the call is the department's.
    ("10月12日10:20，应急办刘建军电话联系举报人（举报人要求对其身份保密），核实举报地点。", "刘建军电话联系举报人", "department"),
    # 关于您反映……的建议 names the matter; 由于您要求不需回电 is the citizen's request.
    ("关于您反映希望增加引导的建议已反馈至医院相关部门。", "已反馈至医院相关部门", "department"),
    ("由于您要求不需回电，故无回访记录。", "您要求不需回电", "citizen"),
    ("根据您反映的情况，青山区交通大队已对违停车辆粘贴违停告知单。", "已对违停车辆粘贴违停告知单", "department"),
    # After 回复：, 您反映……属实 is the reply addressing the citizen.
    ("2026年11月2日 1610 马主任电话回复：您反映10.24接待态度问题属实，已对当班调解员批评教育。", "马主任电话回复", "department"),
    # A call written down as reported dialogue: 他说…… and 人家说…… are the other side's words, 我跟他说 the writer's.
    ("我给反映人打电话。他说上礼拜去镇上问过，人家说材料还在办理中。", "人家说材料还在办理中", "citizen"),
    ("我跟他说材料还在办理中，让他再等等。", "我跟他说材料还在办理中", "department"),
    # 以前 after a date is a deadline, not the past; alone it is what happened before.
    ("经研究采纳该建议，2027年3月31日以前完成采购。", "2027年3月31日以前完成采购", "department"),
    ("以前村里也修过一回，没修好。", "以前村里也修过一回", "other"),
    # A name kept back as 某某 is the citizen's (or a party's): what they say is not the office's account.
    ("韩某某说9月份他来电问残疾证年审时，有人让他“建议联系区残联电话”。", "有人让他", "citizen"),
])
def test_whose_words(read, text, words, voice):
    assert _clause(read(text), words).voice == voice


# -- done, under way, promised, conditional, negated ------------------------------------------------
@pytest.mark.parametrize("text,words,kind,modality", [
    ("设备仍在检修。", "设备仍在检修", "repair", "progress"),
    ("我们会抓紧修好。", "我们会抓紧修好", "handling", "planned"),
    ("等区里审批后再落实。", "等区里审批后再落实", "handling", "progress"),
    ("若再犯将依法处以罚款。", "若再犯", "decision", "conditional"),
    ("10月12日组织双方调解，韩某同意分两次退还1,150元。", "同意分两次退还", "decision", "planned"),  # agreed, not yet paid
    ("没有转给其他单位处理。", "没有转给其他单位处理", "handover", "negated"),
    ("3月5日已更换灯泡。", "已更换灯泡", "repair", "done"),
    ("现将办理情况回复如下。", "现将办理情况回复如下", "handling", "statement"),  # 将 = 把: not a promise
    ("将破损木门拆除。", "将破损木门拆除", "repair", "statement"),
    ("执法队员会同村委会到场查看。", "会同村委会", "coordination", "statement"),  # 会同 is no promise
    ("我委将责成施工单位尽快补栽。", "我委将责成施工单位尽快补栽", "handling", "planned"),
    # What the department itself is still doing or only promises, though no act word names it.
    ("目前社区正在寻找合适的广场舞场地。", "正在寻找", "handling", "progress"),
    ("我们将尽快考虑增派人手。", "将尽快考虑增派人手", "handling", "planned"),
    # A promise reaches every act after it in its clause.
    ("镇政府将联合县环保局、供电、工商等部门对其进行强制关闭、拆除。", "强制关闭", "repair", "planned"),
    # A negation may stand a few light words before the act.
    ("该纠纷已进入诉讼程序，司法所不再另行组织人民调解。", "不再另行组织人民调解", "mediation", "negated"),
    ("正依照程序向上申报。", "正依照程序向上申报", "handling", "progress"),
    ("热线中心接件后已督促相关部门对燃气管道进行集中隐患排查。", "督促相关部门", "handover", "done"),
    ("1.查村调委会调解卷宗（杨家泊村调字〔2026〕第009号）", "查村调委会调解卷宗", "investigation", "statement"),
    ("本事项由我所直接答复，不存在需要转其他部门办理的情况。", "不存在需要转其他部门办理的情况", "handover", "negated"),
    # 办公会研究 is a meeting's study, not a promise; 业委会移交 is the committee, not 会 = will.
    ("经11月13日镇长办公会研究，现答复如下。", "经11月13日镇长办公会研究", "handling", "statement"),
    # 暂未发现 is what was found, not work still to do; a demand on the party is a measure.
    ("经排查，该公司厂界及周边暂未发现油漆异味情况。", "暂未发现油漆异味情况", "finding", "statement"),
    ("我分局执法人员现场要求该单位在生产时关闭门窗。", "现场要求该单位在生产时关闭门窗", "measure", "statement"),
    ("周宇与社区民警在楼道内蹲守，均未听到犬吠。", "均未听到犬吠", "finding", "statement"),
    ("执法人员立即下达现场监察通知书，责令该单位液氨设备操作间密闭作业。", "责令该单位液氨设备操作间密闭作业", "measure", "statement"),
    # “……后仍……的，……”: a case named as a condition, not work still under way.
    ("经物业劝阻后仍在夜间施工扰民的，公安机关可依据《治安管理处罚法》第八十八条处理。", "经物业劝阻后仍在夜间施工扰民的", "measure", "conditional"),
    ("10月20日上午九点陈国庆到户，给15只羊打了疫苗。", "到户", "site_visit", "statement"),
    # 已损坏 describes the lamps to be mended: the repair is promised, not done.
    ("工业专班近期将组织专业技术人员对已损坏路灯进行修复。", "修复", "repair", "planned"),
    # 如后续……: a condition in a clause of its own; what follows is done only if it comes true.
    ("如后续夜间客流明显增长，我司将重新评估并报区交通运输局。", "重新评估", "investigation", "conditional"),
    # What the party says is going on, in the clause of its 称 / 说, is the state of things; its promise stays one.
    ("检查发现未安装报警器，店主称正在办理燃气管道接入手续。", "正在办理", "handling", "statement"),
    ("会上张经理说他们之前正在联系施工队。", "正在联系施工队", "handling", "statement"),
    ("已将隐患清单交物业公司，物业表示会尽快安排更换。", "会尽快安排更换", "handling", "planned"),
    ("如与超市协商不成，可拨打12315或通过12315平台投诉。", "可拨打12315", "phone_deflect", "conditional"),
])
def test_done_or_not(read, text, words, kind, modality):
    assert _acts(read(text), words)[kind] == modality


# A promise, a matter under way or a condition runs on through its sentence; what is done stops it.
@pytest.mark.parametrize("text,words,kind,modality", [
    ("米东区建设局将督促施工方加快施工进度。", "将督促施工方", "measure", "planned"),  # 将 tested with 督促 after it
    ("相关部门已收到反馈，将立即安排人员前往现场进行清理。", "前往现场进行清理", "repair", "planned"),
    ("我处将进一步督促施工方，尽快找出故障点并进行维修，恢复亮灯。", "恢复亮灯", "solved", "planned"),
    ("对顶风违反者一经查实，将按照有关规定从严处理。", "将按照有关规定从严处理", "handling", "conditional"),
    ("我科将协调施工方，现已恢复亮灯。", "现已恢复亮灯", "solved", "done"),
    ("市城管局将继续加大监管力度。", "将继续加大监管力度", "followup", "planned"),  # the promise opens the act
])
def test_what_is_still_to_come_runs_through_the_sentence(read, text, words, kind, modality):
    assert _acts(read(text), words)[kind] == modality


# What the party found is doing, a thing named by what is going on in it, a wait that has not happened.
@pytest.mark.parametrize("text,words,kind,modality", [
    ("经查，村民付某在院外新搭建彩钢房一处，正在进行屋面施工，付某未能提供规划许可证。", "正在进行屋面施工",
     "handling", "statement"),
    ("经查，该路段路灯损坏属实，目前正在维修中。", "目前正在维修中", "repair", "progress"),  # no party: the handling
    ("经逐户排查，各户院外均无新建或正在施工的房屋，您举报的情况不属实。", "您举报的情况不属实",
     "verdict_untrue", "statement"),
    ("经查，该线路因道路施工临时改线，待道路施工完毕后，将及时恢复原线。", "待道路施工完毕后", "handling", "planned"),
    ("已申请更换线路，待审批通过后，将及时进行安装。", "将及时进行安装", "repair", "planned"),
    # 安排 is an act word as well: arranged, not done; started (启动……了) is not finished.
    ("您反映的问题已安排处理。", "已安排处理", "handling", "progress"),
    ("东山路延伸段拓宽工程已经启动建设了。", "已经启动建设了", "handling", "progress"),
    ("已安排巡逻骑警加强巡逻巡查。", "已安排巡逻骑警加强巡逻巡查", "handling", "done"),  # routine work set going
    # what was learned from the citizen runs on through the sentence
    ("了解到孩子户籍已于9月迁入该房产，房产证尚在办理。", "办理", "handling", "statement"),
])
def test_what_was_found_going_on_and_what_waits(read, text, words, kind, modality):
    assert _acts(read(text), words)[kind] == modality


def test_a_quoted_reaction_after_the_answer_is_the_citizens_opinion(read):
    text = "10月17日已重新铺设防水卷材，闭水试验无渗漏。"
    said = "10月20日上午，住建办上官婷婷电话回复钱先生：屋面已修好。钱先生表示：“这回下雨不怕了，挺满意。”"
    assert read(text, said).elements["citizen_opinion"].status == "found"
    # Quoted before any answer, the citizen's words are the complaint.
    assert read("", "反映人表示：“物业一直不给修，很不满意。”").elements["citizen_opinion"].status != "found"


def test_a_reply_opening_with_the_citizens_name_and_a_colon_is_the_reply(read):
    said = "11-20 14:00 客服主管王海燕电话回复:邵先生您好,反映噪音超标的情况不属实.邵先生表示认可."
    reading = read("", said)
    assert reading.elements["reply_time"].found
    said = "11.19 20:00 网格员李思雨wx语音回复吴先生: 您反映的车位问题 小区内已无外来货车停放"
    assert [c.voice for c in read("", said).clauses][0] == "department"  # 您反映 is said to the citizen


def test_what_an_article_says_in_brackets_is_the_laws_words(read):
    reading = read("当晚王桂芬与饭店负责人面对面协调，依据《中华人民共和国噪声污染防治法》第七十条（基层群众性自治组织"
                   "对社会生活噪声扰民行为应当及时劝阻、调解），讲明情况。")
    kinds = [a.kind for c in reading.clauses for a in c.acts]
    assert "mediation" not in kinds and "policy_answer" in kinds  # the citation itself is still read


def test_a_forms_empty_check_boxes_are_options_not_chosen(read):
    reading = read("核实情况：□属实 □部分属实 ☑不属实\n意见：□满意 ☑基本满意 □不满意")
    acts = [(a.kind, a.span.text) for c in reading.clauses for a in c.acts]
    assert ("verdict_untrue", "不属实") in acts and ("opinion", "基本满意") in acts
    assert not any(kind in ("verdict_true", "verdict_partial") for kind, _ in acts)
    assert ("opinion", "不满意") not in acts


def test_typed_with_half_width_marks_the_reply_reads_the_same(read):
    # Straight quotes from a phone pair up like “”; a half-width full stop ending a line ends the sentence.
    said = '10月20日电话回复举报人:经核实,该户低保已停发.\n举报人说:"停了就对了,这样公平."'
    assert read("", said).elements["citizen_opinion"].status == "found"
    assert read("", '反映人表示:"物业一直不给修,很不满意."').elements["citizen_opinion"].status != "found"


def test_a_contact_in_a_row_pasted_from_excel(read):
    reading = read("接单时间\t联系时间\t联系人\t联系方式\t核实结论\n"
                   "2026-11-23 10:30\t2026-11-23 11:05\t城建科测温员徐晓峰\t电话\t不属实\n")
    assert reading.elements["contact"].status == "found"


def test_a_contact_told_on_the_line_after_its_heading(read):
    reading = read("2.联系群众\n10月28日14:30，塘润社区居委会工作人员韩梦瑶通过微信语音与投诉人沟通（投诉人此前已添加"
                   "社区工作微信），了解到其所指为东门桶站晚间情况。\n")
    assert reading.elements["contact"].status == "found"


def test_what_follows_as_follows_is_a_clause_of_its_own(read):
    reading = read("现回复如下：收到您反映的情况后，我队工作人员于5月13日致电您了解情况。")
    assert any(c.plain.startswith("收到您反映的情况后") for c in reading.clauses)


def test_planning_still_going_on_is_under_way(read):
    assert _acts(read("目前市级有关部门正在规划将这部分污水进行收集处理。"), "正在规划")["handling"] == "progress"


def test_what_the_site_is_doing_is_what_was_seen(read):
    assert _acts(read("经查，现场正在做旋挖桩施工，抖动过程中存在着噪音。"), "现场正在做旋挖桩施工")["handling"] == "statement"


def test_a_follow_up_may_open_with_zai_and_close_with_its_work(read):
    reading = read("3月5日已清理完毕。在下一步的工作中，我局将加大夜间巡查力度。")
    assert _clause(reading, "我局将加大夜间巡查力度").followup


def test_a_thing_named_by_the_work_going_on_in_it_is_not_work_under_way(read):
    reading = read("经逐户排查，各户院外均无新建或正在施工的房屋，您举报的情况不属实。")
    assert not any(a.modality == "progress" for c in reading.clauses for a in c.acts)


def test_a_call_that_got_no_answer_is_no_reply_time(read):
    reading = read(citizen="3月27日，工作人员向您反馈办理情况，电话未接通。")
    assert reading.elements["reply_time"].status != "found"
    answered = read(citizen="3月27日，王明将处理结果电话告知您，您表示满意。")  # 将 = 把 here: done
    assert [s.text for s in answered.elements["reply_time"].evidence] == ["3月27日"]


def test_a_date_at_the_head_of_the_reply_comes_after_the_greeting_only(read):
    assert read(citizen="尊敬的市民：您好！2026年3月6日10时，王明电话回复您……").elements["reply_time"].status == "found"
    narrative = read(citizen="经查，7月26日该小区因变压器闪爆导致停电，供电部门于30日恢复供电。")
    assert narrative.elements["reply_time"].status != "found"


@pytest.mark.parametrize("citizen", [
    "**回复时间**\t2026/11/01 16:40（城管科 周雨萱 电话）\n**处理结果**\t已罚款。\n**市民意见**\t满意。",
    "·回复时间\t2026/11/25 16:10（城管科 周雨萱 电话）\n·办理结果\t小广告已全部清除。\n·市民意见\t满意",
])
def test_the_reply_time_field_of_a_table_in_bold_or_after_a_bullet(read, citizen):
    assert [s.text for s in read(citizen=citizen).elements["reply_time"].evidence][:1] in (["2026/11/01"],
                                                                                           ["2026/11/25"])


def test_the_date_line_that_closes_a_letter_is_the_reply_time(read):
    signed = read(citizen="经查，油烟问题已整改。特此回复 2015年7月3日")
    assert [s.text for s in signed.elements["reply_time"].evidence] == ["2015年7月3日"]
    # The day the complaint came in, at the head of the reply, is not when it was answered.
    received = read(citizen="2021年8月31日16时31分，我中队接到投诉后立即安排执法队员到达现场。")
    assert received.elements["reply_time"].status != "found"


@pytest.mark.parametrize("citizen,found", [
    ("3月16日电话告知您，您表示满意并对镇里的答复表示感谢。", True),
    ("路灯已修复。感谢您对我镇工作的理解与支持。", False),  # courtesy, not the citizen's opinion
    ("也可直接致电市政办公室（电话8558555）感谢你对我们工作的支持与理解。", False),
    ("待7天公示期满且无异议后，补偿款统一发放到各农户账户。", False),  # a condition of a procedure
    ("乘客提出异议后驾驶员拒绝为其服务，经查属实。", False),  # someone else's objection
    ("刘女士表示听明白了，对答复满意。", True),  # the holder stands earlier in the sentence
    ("反映人仍不认可，表示将继续反映。", True),  # still disagreeing is an opinion
])
def test_the_citizens_opinion_is_not_the_offices_courtesy(read, citizen, found):
    assert (read(citizen=citizen).elements["citizen_opinion"].status == "found") is found


def test_the_platform_a_citizen_wrote_through_is_no_means_of_contact(read):
    reading = read(citizen='您在“市长短信平台”反映的噪声问题，经查属实。')
    assert reading.elements["contact"].status == "missing"


def test_what_another_unit_is_asked_to_do_is_not_done(read):
    reading = read("我中心已要求物业企业与业主协商应承担费用后，对电梯进行维修。")
    assert _acts(reading, "对电梯进行维修")["repair"] == "requested"
    assert outcome_of(reading)[0] is None
    # The other unit's own dated result still counts: the hand-over is then only the route.
    routed = read("已通知供电部门处理，供电部门于3月30日恢复供电。")
    assert _acts(routed, "于3月30日恢复供电")["solved"] != "requested"


def test_a_follow_up_runs_to_the_end_of_its_sentence_unless_work_is_done(read):
    reading = read("下一步，镇里将督促村委继续跟踪此事，并在村中加强宣传教育。同时对辖区设施进行了排查，"
                   "对需要维修的设施进行了修复。")
    assert _clause(reading, "并在村中加强宣传教育").followup
    assert not _clause(reading, "对需要维修的设施进行了修复").followup
    assert not _clause(reading, "同时对辖区设施进行了排查").followup


def test_an_event_dated_in_an_earlier_year_is_history(read):
    text = ("11月5日14时，孙浩到现场查看：邻居家排水管已于2025年6月经村委会调解改向村内排水沟。"
            "11月5日，孙浩组织双方调解，达成一致。")
    reading = read(text, received_at="2026-11-05 09:00")
    first = _clause(reading, "2025年6月")
    assert "mediation" not in {a.kind for a in first.acts} and "site_visit" in {a.kind for a in first.acts}
    assert "mediation" in _acts(reading, "组织双方调解")
    # Without the order's own date there is nothing to compare with: nothing is history.
    assert "mediation" in {a.kind for a in _clause(read(text), "2025年6月").acts}


# -- people ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("text,names", [
    ("城建科欧阳明10点15分给反映人打的电话。", ["欧阳明"]),  # a name right before a time
    ("3月5日9时，城建科王科长电话联系反映人。", ["王科长"]),
    ("11月5日，综合办诸葛明珠通过微信联系反映人吕女士。", ["诸葛明珠"]),
    ("司法所上官文静电话联系反映人。", ["上官文静"]),
    ("执法队员张强、李伟上门走访反映人。", ["张强", "李伟"]),
    ("11.26 下午陈磊电话回复。", ["陈磊"]),
    ("社会事务办小王电话联系反映人杨先生。", ["小王"]),
    ("劳动保障协理员孙晓电话联系反映人王先生。", ["孙晓"]),
    ("城建科值班的蒋涛给反映人回的电话。", ["蒋涛"]),
    ("我科马上联系反映人。", []),               # 马上 is no name
    ("工作人员电话联系了刘某。", []),            # 工作人员 alone; 刘某 is a citizen
    ("反映人张某称王先生家漏水。", []),          # citizens are not staff
    ("当晚七点十分我（刘建军）给反映人打电话确认了位置。", ["刘建军"]),  # the writer names himself
    ("镇综合执法大队副大队长淳于海涛通过电话联系反映人。", ["淳于海涛"]),  # 淳于, a compound surname
    # 柏 is a rare surname and an everyday character: a name only right after a role or before a title
    ("11月6日上午9点半，南台村网格长柏春生电话联系举报人。", ["柏春生"]),
    ("11月6日，柏科长电话联系举报人。", ["柏科长"]),
    ("院内有柏树两棵。", []),
    ("网格员手记（北台村网格员 上官雪）：", ["上官雪"]),  # a space inside brackets cuts no clause
    ("一、我办副主任冷秀梅电话联系建议人。", ["冷秀梅"]),
    ("十一月九日上午九点半 宇文博到投诉人家中当面回复。", ["宇文博"]),  # a name after a typed space
    ("11月3日，社会事务办王明微信联系反映人。", ["王明"]),
    ("已于2022年1月13日11时01分许通过电话联系市民。", []),  # 许 after a time is “about”, not a surname
    ("以上情况已于2021年1月18日12:00左右与您联系。", []),
    ("反映人来所，户籍内勤司马静当面接待。", ["司马静"]),  # a post (内勤), a compound surname, then 当面
    ("十月十五日上午九点半，残联司马卫东理事长给孙先生回了电话。", ["司马卫东理事长"]),
    ("11月16日上午9点半，残联陆海涛给投诉人打电话。", ["陆海涛"]),  # 残联 is a unit like 民政办
    ("11月12日上午，镇武装部皇甫参谋电话联系宋先生。", ["皇甫参谋"]),
    ("联系：10月22日上午9点40分，村文书周文静电话联系建议人。", ["周文静"]),
    ("11月3日 16:10\t电话\t周海波\t联系反映人", ["周海波"]),  # a headerless row pasted with tabs
    ("(1) 2026/10/15 上午9:05, 我办规划岗欧阳晓峰电话联系咨询人", ["欧阳晓峰"]),  # a post (规划岗) before the name
    ("二〇二六年十月十九日下午二时，我办科员司马文涛赴张家村反映人刘先生家中。", ["司马文涛"]),  # 赴 after the name
    ("11.2上午9:30，我办司马文静科员通过手机联系咨询人。", ["司马文静科员"]),  # 科员 after the name
    ("10月12日上午10:40，公用办工程师欧阳建国用办公座机联系反映人孙女士。", ["欧阳建国"]),  # a post (工程师) before the name
    ("11.16号下午4点左右 小张当面告诉您结果。", ["小张"]),  # a colleague's 小张 after a typed space
    ("2026年11月3日9时，我所消保组赵宏伟电话联系投诉人陈先生。", ["赵宏伟"]),  # a team (组) before the name
    ("执法人员=陈宇航（12011603047）、赵凯（12011603040）", ["陈宇航", "赵凯"]),  # a ledger's 字段=内容 row
    ("10/22 16:20 营业班王雪电话联系反映人。", ["王雪"]),  # a team (班) before the name
    ("我镇工作人员已通过电话联系的方式将核实结果告知您。", []),  # 方式 (a surname and a character) is no name
    ("10月13日10:05 运检主管田野电话联系反映人孙先生。", ["田野"]),  # a post (主管) before the name
    ("11月2日10:35，文化站李 娜电话联系反映人。", ["李 娜"]),
    ("11月23日上午九点半左右张立新电话联系反映人。", ["张立新"]),  # a name right after 左右
    ("10月12日10:20，公卫科徐晓东医生电话联系反映人孙女士。", ["徐晓东医生"]),  # a doctor's post after the name
    ("11月23日9:30，赵敏护士长电话联系反映人。", ["赵敏护士长"]),
    ("2026-11-20 08:40 窗口人员孙浩第一次电话联系市民。", ["孙浩"]),  # a window clerk, then 第一次
    ("10.16 8:35 服务站客服刘晓燕电话联系用户。", ["刘晓燕"]),  # a scan's space inside the name, as written
    ("10.12 上午9:40 网格员李思雨tel联系市民王阿姨", ["李思雨"]),  # a phone's tel right after the name
    ("11.9下午3点 辅警小赵电话联系反应人王先生", ["小赵"]),  # 辅警 before a colleague's 小赵
    ("11-20 14:00 客服主管王海燕电话回复:邵先生您好", ["王海燕"]),
    ("11月3号上午十点五十我王树林给反映人打了电话", ["王树林"]),  # the writer names himself after 我
    ("10月23号头晌八点，俺王德山给反映人打的电话", ["王德山"]),  # 俺 is 我 in the north
    ("11月2号上午8点40，综合执法大队陈立伟坐机电话联係反应人", ["陈立伟"]),  # 坐机: a slip for 座机
    ("俺王德山给反应人大脚婶（马秀英）打电话", ["王德山"]),  # the villager's name in brackets is no staff
    ("然后呢社会事务办的刘美玲十月二十号下午三点多就打电话给反应人了", ["刘美玲"]),  # a date in numerals after the name
    ("十一月五号下午三点多钱志刚电话里给反应人说清楚了", ["钱志刚"]),  # 三点多, then the name
    ("11月24日14时，我办主任韩国栋电话联系反映人。", ["韩国栋"]),  # a given name that begins like a country's
    ("11月10号上午十点半，我付庆山上他家当面说的。", ["付庆山"]),  # a visit: 上他家 after the name
    ("10.12 09:40 韩立伟协理员电话联系反映人", ["韩立伟"]),  # a post (协理员) after the name
    ("2026年10月12日上午，接待员王某某电话联系信访人。", ["王某某"]),  # a post, then a name hidden as 某某
    ("2026年10月12日上午，被投诉人王某某电话联系了信访人。", []),  # the party complained of is no staff
    ("11月2日上午，向村干部了解了情况。", []),  # 向 is a surname's character, but 向村 is no name
])
def test_staff_named(read, text, names):
    reading = read(text)
    assert [p.name for c in reading.clauses for p in c.people] == names


# -- the elements ----------------------------------------------------------------------------------
def test_a_citizen_named_in_full_who_speaks_after_the_reply_gives_the_opinion(read):
    e = read("王德山电话回复马秀英：排水沟已清通，问题已经解决。马秀英说这回可得劲儿了，满意。").elements["citizen_opinion"]
    assert e.found and e.evidence[0].text == "满意"
    # The same words from a member of staff are no citizen's opinion.
    e = read("王德山电话回复马秀英：排水沟已清通，问题已经解决。王德山说这回可得劲儿了，满意。").elements["citizen_opinion"]
    assert not e.found


def test_the_writer_who_names_himself_after_wo_made_the_calls_told_with_wo(read):
    text = "11月10号上午十点半，我付庆山上他家当面说的。\n11月12号下午四点，我又给反映人打电话，把方案跟他说清楚了。"
    e = read(text).elements["contact"]
    assert e.found and e.parts["staff"].found
    # 我（居委会主任周桂兰）: the name in brackets after 我; 刘奶奶 is the citizen, as 王先生 would be.
    e = read("十一月四日下午四点来钟，我（居委会主任周桂兰）给十四号楼的刘奶奶打了电话。").elements["contact"]
    assert e.found and [s.text for s in e.parts["staff"].evidence] == ["周桂兰"]
    e = read("十月十七日上午九点半左右，我（居委会主任周桂兰）到助餐点门口量了尺寸。\n"
             "十月二十日上午十点来钟，我上门把研究的结果跟韩大爷说了。").elements["contact"]
    assert e.found and [s.text for s in e.parts["staff"].evidence] == ["周桂兰"]
    # 我付庆山和村委会主任付德旺: two names, and only the one after 我 is the writer.
    e = read("我付庆山和村委会主任付德旺上门核实。\n11月12号下午四点，我又给反映人打电话。").elements["contact"]
    assert e.parts["staff"].found and [s.text for s in e.parts["staff"].evidence] == ["付庆山"]


def test_a_letter_signed_by_one_person_was_written_by_her(read):
    # The letter's 我跟您把话说明白 is told to the citizen; its sign-off line names who wrote it.
    reading = read(citizen="赵大姐您好！十月十九日上午十一点左右我给您打电话，跟您把话说明白了：临时救助由镇社会事务办受理。\n"
                           "杨家泊镇社会事务办 孙秀兰\n十月二十日下午")
    e = reading.elements["contact"]
    assert e.found and [s.text for s in e.parts["staff"].evidence] == ["孙秀兰"]
    # A name closing a sentence that reports an act is no signature.
    reading = read(citizen="十月十九日上午十一点左右我给您打电话，说明了临时救助由镇社会事务办受理。\n材料已转交社会事务办孙秀兰")
    assert not reading.elements["contact"].parts["staff"].found


def test_not_involving_mediation_is_no_mediation(read):
    assert _acts(read("厂方与反映人之间没有劳资争议，不涉及调解，情况说明附后。"), "不涉及调解") == {"mediation": "negated"}


def test_a_clause_opening_with_cheng_goes_on_with_the_citizen_s_words(read):
    reading = read("咨询人准备在镇上开一家小吃店，称营业执照正在办理中，想问还要办什么证。")
    assert _clause(reading, "称营业执照").voice == "citizen"
    # The department reporting a finding after a clause about the citizen is its own voice.
    reading = read("咨询人准备在镇上开一家小吃店，经查询营业执照正在审核中。")
    assert _clause(reading, "经查询").voice == "department"


def test_a_heading_that_names_the_check_is_no_finding(read):
    e = read("三、核查情况：11月23日14时，城建科到东尹村主街进行了实地查看，约谈了保洁公司负责人。\n"
             "四、核查结论：经核实，反映情况不属实。", category="投诉").elements
    assert not e["untrue_facts"].found


def test_visiting_him_at_home_is_a_contact(read):
    assert "contact" in _acts(read("16号上午9点网格员孙立强和马主任上门见的他，他还是这么说。"), "上门见的他")


def test_a_passive_clause_goes_on_about_the_other_order(read):
    reading = read("此前同一事项工单（BH2026101300562）的回复写“正在协调中”，被网格中心以办理中退回。")
    assert _clause(reading, "被网格中心").voice == "other"


def test_telling_the_citizen_a_hotline_number_explains_nothing(read):
    assert "explanation" not in _acts(read("同时已告知反映人本局举报热线:0311-88167567。"), "举报热线")


def test_a_cause_that_happens_lately_is_no_plan(read):
    acts = _acts(read("经核实，因近期廉西路供热管道改造，疑似为围挡内施工产生的噪音。"), "因近期")
    assert "planned" not in acts.values()
    acts = _acts(read("近期经街道与社区与区有关部门协调，已纳入2018年老旧小区改造计划。"), "近期经街道")
    assert "planned" not in acts.values()


def test_what_a_notice_tells_the_village_to_do_well_is_not_done(read):
    acts = _acts(read("我区已通知村街加强清理工作，同时做好及时清运工作。"), "做好及时清运")
    assert acts.get("repair") == "requested"


def test_a_place_restored_to_order_is_solved(read):
    assert "solved" in _acts(read("经现场处置，巷道环境迅速恢复整洁。"), "恢复整洁")


def test_a_surname_and_dajie_is_the_citizen(read):
    acts = _acts(read("十月十九日上午十一点左右，我（孙秀兰）给魏庄村赵大姐打电话。"), "打电话")
    assert acts.get("contact") == "statement"


def test_calling_the_citizen_who_made_a_suggestion_sends_nobody_elsewhere(read):
    acts = _acts(read("十月十六日下午四点来钟，周桂兰给提建议的韩大爷打了电话。"), "打了电话")
    assert "contact" in acts and "phone_deflect" not in acts


def test_talking_with_the_reporter_is_a_contact_that_may_lack_its_means(read):
    e = read("10月15号上午八点，我付庆山跟反映人说了，问清了是每天天擦黑的时候来倒。").elements["contact"]
    assert e.parts["time"].found and e.parts["staff"].found and not e.parts["means"].found


@pytest.mark.parametrize("found", [
    "开泵记录本上每天早晚两回都有记录，跟一天开四个钟头对得上",
    "两家地亩数跟确权登记的一样，没有占地的情况",
    "老四家房基没出自家宗地界",
    "泵开着，东邻家水龙头出水正常",
    "打开饭店门口及上下游雨水井共3座查看：井内水清",  # what a look showed, after its colon
    "调取对面超市门口监控录像，没有人往雨水井倒东西",
])
def test_what_checking_records_and_measuring_found_are_facts(read, found):
    e = read(f"11月11号下午两点，付庆山到现场查了：{found}。经核实，反映情况不属实。", category="投诉").elements
    assert e["untrue_facts"].found, found


def test_a_verdict_that_the_report_does_not_match_is_no_fact(read):
    e = read("11月11号下午两点，付庆山到现场查了。该户情况与反映内容不符，反映情况不属实。", category="投诉").elements
    assert not e["untrue_facts"].found


def test_a_paper_dated_years_ago_does_not_make_what_follows_history(read):
    text = ("10月9号上午九点，付庆山到现场，拿着两家1998年发的宅基地使用证，用钢尺量了，跟宗地图对得上。"
            "经核实，反映情况不属实。")
    reading = read(text, received_at="2026-10-08 09:00", category="投诉")
    assert _clause(reading, "跟宗地图对得上").voice == "department" and reading.elements["untrue_facts"].found


def test_a_deadline_is_a_plan_unless_it_was_due_or_set_for_the_other_party(read):
    plan = "当天跟李主任定下方案：12月4号前镇政府作出审批决定，村里12月10号前给他放线定位。"
    assert outcome_of(read(plan))[0] == "plan"
    assert outcome_of(read("2026年度流转费应于10月31日前发放，目前正在沟通。"))[0] is None
    assert "plan" not in _acts(read("已下达通知书，限10月26日前自行拆除。"), "自行拆除")


def test_the_comma_in_an_amount_does_not_cut_the_clause(read):
    reading = read("11.21店主已退还货款1,150元，反映人工资23，650元已到账。")
    clause = _clause(reading, "退还货款")
    assert clause.text == "11.21店主已退还货款1,150元"  # quoted as written
    assert _acts(reading, "退还货款").get("decision") == "done"
    assert "23，650元已到账" in _clause(reading, "已到账").text


def test_what_a_court_does_is_the_courts_procedure(read):
    reading = read("执行法官称，法院已于11月12日查封该公司冲压设备2台，定于12月15日拍卖。")
    assert _clause(reading, "查封该公司").voice == "other"


def test_money_paid_into_the_householders_account_is_no_home_visit(read):
    reading = read("一、经镇农业农村办核对，您家补贴资金1200元已于2026年5月18日转入户主名下惠民一卡通账户。")
    assert "contact" not in _acts(reading, "转入户主") and "investigation" in _acts(reading, "经镇农业农村办核对")


def test_a_platform_entry_headed_by_its_contact_person_names_who_called(read):
    # 联系人:周婷 heads the entry; the call below it without a subject is hers (also from a Word table's cells).
    for head in ("联系人:周婷", "联系人\t周婷"):
        e = read(head + "\n11/19 10:30am 电话联系反应人").elements["contact"]
        assert e.found and e.parts["staff"].found, head


def test_contact_has_time_staff_and_means_from_its_own_sentence(read):
    e = read("11.3 9:20 社会事务办赵婷电联反映人，询问养老保险补缴。").elements["contact"]
    assert e.found and {k: p.found for k, p in e.parts.items()} == {"time": True, "staff": True, "means": True}


@pytest.mark.parametrize("text", [
    "2. 联系：10/13 傍黑5点多，农业农村办欧阳晓峰电话联系来电人。",  # 10/13, and 傍黑 (dusk) with 5点多
    "10.14上午9:30，农业农村办欧阳晓峰电话联系来电人。",
    "①10.12 1015 综治中心刘主任电话联系反映人（小王庄村）。",  # a circled item number before the date
    "1014 0910 司马俊电话联系反映人，核实位置。",  # a phone log's month-day and hour-minute, four digits each
    # A heading names the contact; the clause after it says who made it and how.
    "一、联系投诉人：11月16日下午2点，社区建设科王主任（王振东）到投诉人家中当面了解情况。",
    # A contact written as labelled lines, one line each.
    "联系时间：2026年10月12日 上午10:15\n联系人员：劳动保障所 公孙丽\n联系方式：电话（来电人留存号码）\n咨询内容：……",
    # A Word table's rows: a field's name, a tab (or spaces), its value.
    "项目\t内容\n联系时间\t十一月二日上午10时50分\n联系人员\t综合执法大队 皇甫队长（皇甫振东）\n联系方式\t电话",
    "联系时间    2026年11月10日14时05分\n联系人员    城建科副科长 公孙毅\n联系方式    电话",
    # A numbered heading on its own line, its rows under it.
    "一、联系群众\n时间\t2026年11月4日10时15分\n人员\t诸葛文（执法队员）\n方式\t电话\n二、调查处理\n时间\t2026年11月5日8时",
    "12 Nov (Thu) 10点 AM，执法大队王磊电话联系举报人。",  # a date and a time written the English way
    # One entry of a ledger, its fields parted by ；: the time and the person of the entry are the contact's.
    "1.时间：2026年11月17日9时10分；人员：城建办技术员孙立强；方式：电话联系反映人；结果：反映人称井盖裂了。",
    "时  间：2026年10月12日10时40分；经办人：城建办技术员孙立强；方式：电话联系反映人；结果：反映人称雨水篦子堵了。",
    # The same fields listed one per line under a heading, as a Markdown list.
    "**联系情况**\n- 时间：2026/11/17 11:30\n- 人员：城管科 周雨萱\n- 方式：电话联系反映人\n- 结果：反映人建议划停放区。",
    # Copied out of a Word table: the first field's name and its value parted by a tab.
    "人员\t住建办工程师刘建华；时间：2026年10月20日14时50分；方式：电话联系反映人李女士；结果：李女士称外墙砖往下掉。",
    "●联系情况\n·时间\t2026/11/20 10:25\n·人员\t城管科 周雨萱\n·方式\t电话\n·结果\t反映人称外墙贴满小广告。",
    # A report pasted from WeChat Work: the handler and the time in bracketed fields above the account.
    "【处置时间】昨天上午9点20\n【处置人】网格员小韩（韩雪）\n【处置过程】昨天上午9点20电话联系反映人（15号楼住户），说井盖松了。",
    # The heading alone says it is the contact; the rows under it say when, who and how.
    "**联系情况**\n- 时间：2026/10/20 09:05\n- 人员：城管科 周雨萱\n- 方式：电话\n- 结果：反映人称盲道上停满单车。\n"
    "**反映人情况**\n- 网格员两次上门沟通，均拒绝见面。",
])
def test_contact_in_every_date_form_and_layout(read, text):
    e = read(text).elements["contact"]
    assert e.found, e.note


def test_a_forms_contact_fields_are_the_contact_when_no_sentence_tells_it(read):
    # The reply call lacks a name; the form's fields above have time, name and means.
    e = read("来电人：刘女士\n诉求内容：市民来电咨询耕地补贴。\n联系时间：2026年10月12日上午9点半\n"
             "联系人：农业农村办 欧阳丽娜\n联系方式：电话\n办理结果：依据实施方案第三条，可正常领取。",
             citizen="10.14 电话回复：刘女士您好，可正常领取。").elements["contact"]
    assert e.found and e.parts["staff"].evidence[0].text == "欧阳丽娜", e.note
    # 联系人：见下, and the contact told in words on the next line takes the form's time.
    e = read("联系时间：2026年11月3日9时20分\n联系方式：电话\n联系人：见下\n"
             "（城管办诸葛文斌电话联系反映人，了解到土路两旁被倾倒建筑垃圾。）").elements["contact"]
    assert e.found, e.note


def test_a_call_in_a_pasted_chat_is_dated_and_named_by_the_message_before_it(read):
    e = read("【11月10日 09:50】社会事务办-万俟红：阿姨您好，我是社会事务办的万俟红，方便接电话吗\n"
             "【11月10日 09:51】反映人：方便\n【11月10日 09:52】[语音通话 6分14秒]\n反映人询问残疾人补贴。").elements["contact"]
    assert e.found and e.parts["staff"].evidence[0].text == "万俟红", e.note


def test_markdown_from_a_chat_assistant_reads_as_plain_text(read):
    r = read("## 二、联系群众\n- **联系时间**：2026年10月8日上午9点50分\n- **联系人员**：社会事务办 欧阳明辉\n"
             "- **联系方式**：电话\n\n## 三、答复内容\n依据《天津市基本医疗保险规定》第十二条答复。")
    assert r.elements["contact"].found, r.elements["contact"].note


def test_a_reaction_in_a_pasted_chat_is_the_citizens_opinion(read):
    r = read(citizen="10月22日下午3:40，韩志强微信语音回复反映人：您的建议我们采纳了，11月20日前装好护栏。\n"
                     "【10月22日 15:46】反映人：太好了，这下放心了，谢谢韩主任")
    assert r.elements["citizen_opinion"].found


@pytest.mark.parametrize("text,words", [
    ("原物业已向业委会移交物业用房和设备间钥匙及电梯维保合同等资料。", "移交物业用房"),
    ("1200元修复费也已经转给您，问题已经解决。", "已经转给您"),
    # 其 is the party ordered; the bureau named after it guides the work
    ("区执法支队作出警告的行政处罚决定，并责令其在文物部门指导下于11月30日前将砖雕原样归安。", "责令其在文物部门指导下"),
    ("已告知可携户口簿到服务站营业厅办理。", "已告知可携户口簿"),  # how the citizen goes about it
    ("死鱼打捞后交由镇环卫所无害化处理。", "交由镇环卫所无害化处理"),  # a thing disposed of, not the matter
])
def test_things_handed_over_are_no_hand_over_of_the_matter(read, text, words):
    assert "handover" not in _acts(read(text), words)


def test_a_citizen_the_draft_names_is_the_citizen_when_talked_with_again(read):
    reading = read("来电人刘某系付庄村村民，反映征地补偿偏低。2026年10月13日14时，信访办主任郝建军在镇信访接待室"
                   "与刘某当面谈话，告知补偿标准。")
    assert reading.elements["contact"].found
    # 王某 is the party complained of, not the citizen: talking with him is no contact with the reporter.
    assert not read("反映人称邻居王某夜间施工。10月13日14时，执法队员郝建军与王某谈话，责令其停止夜间施工。"
                    ).elements["contact"].evidence


def test_money_paid_to_a_card_is_no_hand_over(read):
    assert "handover" not in _acts(read("11月2日头午孙二哥已经转到您卡上4800元，问题已经解决。"), "已经转到您卡上")


def test_a_villager_called_by_kinship_gives_the_opinion(read):
    r = read(citizen="十一月四号头午，孙书记上二婶家当面告诉她：村委会门口的井盖已经换了新的。二婶说这下放心了，满意。")
    assert r.elements["citizen_opinion"].found


def test_who_to_call_under_a_letter_is_no_contact_record(read):
    e = read(citizen="您反映的问题已整改。\n分管领导：刘思凡\n联系人：王利君\n联系电话：0919-5988166").elements["contact"]
    assert not e.found


@pytest.mark.parametrize("text,words,kind,modality", [
    ("近期我局安排工作人员对重点企业进行了检查。", "进行了检查", "handling", "statement"),  # 近期 looking back
    ("将调查处理情况告知举报人。", "告知举报人", "reply", "statement"),  # 将 as 把
    ("住建局正督促建设单位筹集资金完成道路建设。", "完成道路建设", "measure", "progress"),
    ("物业承诺维修小区大门。", "维修", "repair", "planned"),  # the other party's promise
])
def test_time_words_that_look_back_or_forward(read, text, words, kind, modality):
    assert _acts(read(text), words)[kind] == modality


def test_another_order_told_in_passing_is_not_this_verdict(read):
    reading = read("投诉不属实：现场垃圾桶未满溢。另，该点位9月份有一件同类工单，当时属实，已对保洁公司扣减考核费用。",
                   category="投诉")
    assert reading.verification == "不属实"


def test_in_a_survey_is_not_under_way(read):
    reading = read("经比对，该地块在第三次全国国土调查中地类为坑塘水面，未占用耕地，举报不属实。")
    assert _acts(reading, "调查中地类")["investigation"] != "progress" and outcome_of(reading)[0] == "untrue"


def test_a_negative_fact_still_so_shows_a_complaint_untrue(read):
    reading = read("经核实，举报情况不属实：周边耕地仍在种植蔬菜，未发现占用耕地建设住宅的情况。", category="举报")
    assert outcome_of(reading)[0] == "untrue" and reading.elements["untrue_facts"].found


def test_a_name_with_the_character_for_if_is_no_condition(read):
    reading = read(citizen="工作人员杜若彤于12月1日上午电话向您说明了上述情况，您表示“能理解”，对答复无异议。")
    assert _acts(reading, "杜若彤")["reply"] == "done" and reading.elements["citizen_opinion"].found


def test_the_opinion_of_an_elder_addressed_by_kinship(read):
    assert read(citizen="阿姨电话里说这下听明白了，对我们的答复挺满意的。").elements["citizen_opinion"].found


@pytest.mark.parametrize("text", [
    "感謝您的來電，路燈已修復。",          # the citizen's call, in traditional characters
    "大队已通过电话联系到车主，车辆已移走。",  # the other party, not the reporter
    "您的留言已收悉，区住建局给您回复",       # the head of the letter
    "近日，有网民发布短视频反映该店后厨脏乱。",  # the citizen's own channel
    "举报需提交以下材料：（一）举报人的姓名、电话。",  # what a report must contain
    "来电人的姐姐说来电人最近自己停药了。",      # 来电人 names the reporter, no call made
    "接到您的来电后，我局高度重视。",            # the citizen's call
    "依照规定，处理情况应当及时告知举报投诉人。",  # what the rules require
    "您对我们的答复有何意见和建议？",            # a question
])
def test_no_contact_with_the_reporter(read, text):
    assert not read(citizen=text).elements["contact"].evidence


@pytest.mark.parametrize("text,day", [("12/3前张贴公告。", "12/3"), ("10/15立案调查。", "10/15"),
                                      ("10/12（周一）上午电话回复。", "10/12")])
def test_a_month_and_day_with_a_slash(read, text, day):
    assert day in [t.text for c in read(text).clauses for t in c.times]


@pytest.mark.parametrize("text", ["受助家庭占2/3以上。", "补贴面积12.6亩。", "依据第3.2条办理。", "约3/4的居民同意。",
                                  "报修电话 2233 4455 全天有人。"])
def test_numbers_that_are_no_dates(read, text):
    assert not [t for c in read(text).clauses for t in c.times]


# Unfinished handling, though no word of the act vocabulary names what is being done.
@pytest.mark.parametrize("text,unsettled", [
    ("目前正在进行资料完善工作。", True),        # the subject dropped after 目前
    ("现正在申办征用土地手续。", True),
    ("村一直在跟踪。", True),
    ("目前街道也在积极寻找其他放置箱体的位置。", True),
    ("将向公交企业转达市民的意见。", True),      # a promise opening its clause is the speaker's
    ("经现场查看，目前该工地正在进行打桩作业。", False),  # what the site visit found
    ("近期降雨后农田积水。", False),             # 近期 looking back
])
def test_handling_left_open_without_an_act_word(read, text, unsettled):
    acts = [a.modality for c in read(text).clauses for a in c.acts if a.kind == "handling"]
    assert (any(m in ("progress", "planned") for m in acts)) == unsettled


def test_a_contact_told_without_a_subject_is_the_writers(read):
    # Field notes headed by their writer: the call with no subject was made by her.
    e = read("网格员手记（北台村网格员 上官雪）：\n11.2 上午10:20 给反映人张大爷打电话，没接；11:05 再打通了。"
             ).elements["contact"]
    assert e.found and e.parts["staff"].evidence[0].text == "上官雪"
    # A unit named as the one who called is not the writer: still no staff member.
    e = read("记录人：上官雪\n11月2日10时，社区电话联系反映人。").elements["contact"]
    assert not e.parts["staff"].found


def test_a_unit_alone_is_no_contact_staff(read):
    e = read("3月5日9时，我科电话联系了反映人。").elements["contact"]
    assert e.status == "unsure" and not e.parts["staff"].found and e.parts["time"].found


def test_the_contact_time_is_not_what_the_citizen_said(read):
    e = read("工作人员刘洋电话联系了反映人，了解到有住户连续多日在晚间22时后装修。").elements["contact"]
    assert not e.parts["time"].found


@pytest.mark.parametrize("citizen,found", [
    ("2026年3月6日10时，王明电话回复市民：路灯已修复。市民表示满意。", True),
    ("您反映的路灯问题已修复，预计3月30日前完成全线检修。", False),  # a plan date is no reply time
    ("尊敬的市民：路灯已修复。\n特此回复。\n杨家泊镇城建科\n二〇二六年十一月二十日", True),  # the letter's date line
    ("工作人员于9月30日通过电话与您取得联系，了解具体位置。经查，路灯已修复。", False),  # a call made to ask
    ("3月6日10时，王明电话联系反映人，告知路灯已修复。", True),  # a call that tells the result
    ("网友你好，2012年11月1日下午，我局执法人员到达现场进行调查，工地已停工。", False),  # the visit's date
    ("路灯已修复。工作人员于5月21日多次拨打您的电话，但未能接通。", False),  # the call never got through
    ("刘阿姨您好哈～10月13日上午已经电话跟您说过啦，这里再发个文字版。", True),  # 跟您说过: told, not her words
])
def test_reply_time(read, citizen, found):
    assert read("", citizen).elements["reply_time"].found is found


@pytest.mark.parametrize("citizen,found", [
    ("路灯已修复。市民表示满意。", True),
    ("路灯已修复。市民对结果不认可，认为修得太慢。", True),  # a negative opinion is an opinion
    ("路灯已修复。感谢您的理解与支持。", False),            # courtesy is not an opinion
])
def test_citizen_opinion(read, citizen, found):
    assert read("", citizen).elements["citizen_opinion"].found is found


@pytest.mark.parametrize("text,decided", [
    ("经核实，反映情况属实。执法队员依法对该店处以罚款500元。", True),
    ("经核实，反映情况属实。执法队员责令其停止施工，若再犯将依法从重处罚。", False),
    ("经核实，反映情况属实。市民要求对店主罚款，执法队员对店主进行了批评教育。", False),
])
def test_final_decision_after_verified_true(read, text, decided):
    reading = read(text, category="投诉")
    assert reading.verification == "属实"
    assert reading.elements["final_decision"].found is decided


def test_untrue_needs_facts_not_only_steps(read):
    steps = read("3月5日查看了现场，查阅了记录，反映情况不属实。", category="举报")
    facts = read("3月5日到现场查看，现场未见杂物堆放，测得噪声低于限值，反映情况不属实。", category="举报")
    assert steps.elements["untrue_facts"].found is False or steps.outcome != "untrue"
    assert facts.elements["untrue_facts"].found and facts.outcome == "untrue"


@pytest.mark.parametrize("text,outcome", [
    ("3月5日更换了损坏的灯泡，当晚恢复照明，问题已经解决。", "solved"),
    ("预计2026年4月30日前完成管网改造。", "plan"),
    ("我镇计划在该路段安装路灯30盏，将于12月5日进场施工。", "plan"),
    ("目前正在协调施工单位。", None),
    ("已转交区水务局处理。", None),
])
def test_the_outcome_read(read, text, outcome):
    assert outcome_of(read(text))[0] == outcome


def test_reading_is_linear_in_text_length(read):
    """No clause grows without bound: a 60,000-character run is read in bounded pieces."""
    reading = read("《" * 60_000)
    assert max(c.span.end - c.span.start for c in reading.clauses) <= 300


def test_the_matter_named_is_not_a_thing_done(read):
    """“您反映的垃圾清运问题已收悉” names the matter; “已处理完毕” says nothing of what was done."""
    reading = read("您反映的北坨子村西侧垃圾长期无人清运问题已收悉。当日下午，王强到现场查看。该问题已处理完毕。")
    assert not _clause(reading, "您反映的").acts
    assert outcome_of(reading)[0] is None


@pytest.mark.parametrize("text,words", [
    ("对该户加盖问题已反馈济川街道城管中队。", "已反馈济川街道城管中队"),
    ("并将嘉禾园门禁问题上报相关部门。", "上报相关部门"),
    ("立即责成区环保局了解情况。", "责成区环保局了解"),
    ("缺少公办幼儿园问题已告知规划国土部门。", "已告知规划国土部门"),
    ("我们已经通知孟津县供电公司了，他们会安排人员核实。", "已经通知孟津县供电公司了"),
    ("对于您提出的意见建议我们也及时向上级部门进行了反映。", "及时向上级部门进行了反映"),
    ("胥家桥村已将此情况反映到上级部门。", "已将此情况反映到上级部门"),
    ("已向区市政绿化环卫中心进行反馈。", "已向区市政绿化环卫中心进行反馈"),
])
def test_passing_the_matter_on_in_other_words(read, text, words):
    assert "handover" in _acts(read(text), words)


def test_a_request_to_another_unit_is_a_hand_over_until_its_result(read):
    asked = read("经查，该路段绿化均在施工质保期内。我局已责成六里山环卫所对该垃圾大箱加强保洁。")
    assert _acts(asked, "已责成六里山环卫所")["handover"] in ("done", "statement")
    urged = read("洛北办事处已经督促轨道公司尽快复工、完成地下污水管的敷设工程。")
    assert "handover" in _acts(urged, "已经督促轨道公司")


def test_an_adopted_suggestion_is_answered_and_its_plan_judged_by_the_plan_rules(check):
    from conftest import rule_ids

    findings = check(category="建议", action="办结", internal_result=(
        "3月11日下午3时，蒋楠电话联系建议人。经研究，采纳市民建议，将在广场增设一批健身器材。"))
    assert "pending-wording" not in rule_ids(findings)


@pytest.mark.parametrize("text,found", [
    ("社区工作人员将处理结果向刘先生进行了反馈。", True),   # telling the reporter is contacting them
    ("我司已向您解释。", True),
    ("您反映的问题已收悉，现将办理情况回复如下：路灯已修复。", False),  # a letter's head is no contact
    ("现已告知跳广场舞的居民把音量调小。", False),            # residents told are not the reporter
])
def test_telling_the_reporter_is_a_contact(read, text, found):
    assert bool(read(text).elements["contact"].evidence) is found


def test_a_half_width_full_stop_between_chinese_sentences_ends_the_sentence(read):
    reading = read("执法人员责令其建立台账，若再次发现将依法从重处罚. 11月13日16:20,诸葛文博电话回复投诉人,投诉人表示满意.")
    assert reading.elements["citizen_opinion"].found  # not read as part of the condition before it
    numbers = read("2021.3.5，照片.jpg已上传。")
    assert len({c.sentence for c in numbers.clauses}) == 1


@pytest.mark.parametrize("text,name", [
    ("社会事务办于洪波电话联系举报人。", "于洪波"),   # 于 is a surname as well as a preposition
    ("队员江涛电话联系举报人。", "江涛"),
    ("市场监管所工作人员肖丽电话联系投诉人。", "肖丽"),
])
def test_more_surnames(read, text, name):
    assert name in [p.name for c in read(text).clauses for p in c.people]


def test_yu_before_a_time_is_no_name(read):
    assert not [p for c in read("工作人员于当日到现场查看，于次日再次复查。").clauses for p in c.people]


def test_a_past_year_in_a_clause_of_its_own_dates_the_rest_of_its_sentence(read):
    reading = read("2025年至2026年，村调委会、镇司法所先后6次组织双方调解，均出具书面说明。", received_at="2026-11-01 09:00")
    assert not [a for c in reading.own() for a in c.acts if a.kind == "mediation"]
    this_year = read("2026年11月2日，平安办组织双方调解，达成调解协议。", received_at="2026-11-01 09:00")
    assert [a for c in this_year.own() for a in c.acts if a.kind == "mediation"]


@pytest.mark.parametrize("text", [
    "感谢您的来电，路灯已修复。",
    "如您仍有其他疑问，欢迎您致电029-83887304咨询。",
    "承办单位：城管局，联系电话：86780660。",
    "区教育局表示将电话与您联系，解释相关问题。",  # a call promised is no contact made
])
def test_a_number_offered_or_a_call_promised_is_no_contact(read, text):
    assert not read(text).elements["contact"].evidence


@pytest.mark.parametrize("citizen,found", [
    ("7月16日上午，裴营村无塔供水设备已修复，恢复供水。", False),  # the head date dates the repair
    ("4月26日网民反映的占道经营问题，城管中队已清理。", False),     # the day the citizen wrote in
    ("11月27日 您好 您举报的无证酿酒问题经我所现场检查，举报情况不属实。", True),  # a letter's date and greeting
    ("回复时间 | 2026-11-04 10:00\n回复内容 | 路灯已全部恢复照明。", True),  # a table's label
    # what happened on the day, with neither the citizen nor a date line in view
    ("7月29日晚上，受台风天气影响，平均降水56mm以上，造成部分低洼地带积水，村干部连夜排水。", False),
    ("8月23日，省林业厅督查组赴林业局现场督查督办。", False),
    ("2026年11月6日\n您反映的路灯问题已修复。", True),  # a date line
    ("2026年11月6日，您反映的路灯问题已修复。", True),   # said to the citizen
    # a call that did not get through tells no one anything
    ("2025年3月18日9时1分，中心通过电话向您反馈办理情况，您未接。", False),
])
def test_the_date_at_the_head_of_a_reply(read, citizen, found):
    assert read("", citizen).elements["reply_time"].found is found


def test_a_head_date_of_an_event_leaves_the_reply_time_to_the_internal_result(read):
    reading = read("3月6日10时，王明电话回复反映人。", "7月16日上午，裴营村无塔供水设备已修复，恢复供水。")
    assert reading.elements["reply_time"].status == "unsure"  # told only in the internal result


# -- forms and grammar met on drafts and replies nobody here wrote --------------------------------------
def test_spaces_typed_for_commas_cut_clauses_but_not_names(read):
    reading = read("", "10月20号上午魏科长电话回复建议人：您的建议我们采纳了 太平村文化广场列入2027年村庄环境提升项目"
                       " 计划2027年3月31号前完成设计采购。建议人说挺满意。")
    assert reading.elements["reply_time"].found  # the plan dates stand in a clause of their own
    assert [p.name for c in read("3月5日9时，城建科 王明 电话联系反映人。").clauses for p in c.people] == ["王明"]


def test_jiang_before_a_verb_with_le_is_ba_not_a_promise(read):
    reading = read("", "我们将调查落实情况向孙先生进行了反馈，孙先生表示理解。")
    assert _acts(reading, "进行了反馈")["reply"] == "done"
    assert _acts(read("我们将尽快向孙先生反馈。"), "尽快向孙先生反馈")["reply"] == "planned"


def test_a_match_that_runs_over_a_comma_leaves_the_next_clause_readable(read):
    reading = read("", "3月21日已与反映人电话联系，就其咨询问题进行答复，反映人表示认可。")
    assert reading.elements["citizen_opinion"].found


def test_a_pasted_contact_table_is_the_contact_record(read):
    table = ("联系时间 | 联系人 | 方式\n2026-11-02 09:05 | 城建科 韩文博 | 电话\n"
             "2026-11-03 14:20 | 城建科 韩文博 | 现场见面\n处置时间 | 处置单位 | 处置内容")
    contact = read(table).elements["contact"]
    assert contact.found and contact.parts["staff"].evidence[0].text == "韩文博"
    row = "日期 | 事项 | 人员\n11/2 15:10 | 电话联系反映人，了解诉求 | 服务站皇甫站长"
    assert read(row).elements["contact"].parts["staff"].found  # the 人员 column of the contact's row


def test_a_period_named_by_a_date_range_is_no_step_before_the_order(ruleset):
    from replycheck.engine import check_draft

    draft = Draft.model_validate({
        "category": "咨询", "action": "办结", "received_at": "2026-10-26 11:02",
        "internal_result": "2026年10月26日下午2点，站长上官文杰电话联系反映人。依据工作方案，10月15日至11月15日为秋季集中免疫期，农村地区犬只由各村防疫员上门免费接种狂犬病疫苗。"})
    assert not [f for f in check_draft(draft, ruleset.rules) if f.rule in ("date-before-received", "contact-after-handling")]


@pytest.mark.parametrize("citizen,found", [
    ("同时我局工作人员已向您致电，并告知详细情况。", True),  # 向您致电: the office called, not “您可致电”
    ("经回访群众，群众表示满意。", True),
    ("仲村镇工作人员立即与网民取得联系。", True),
    ("欢迎你们拨打我们的业务电话0668—5539108提出意见。", False),  # a number offered, no contact made
    ("如有疑问，您可致电12345。", False),
])
def test_contact_in_the_words_offices_use(read, citizen, found):
    assert (read("", citizen).elements["contact"].status != "missing") == found


@pytest.mark.parametrize("citizen,found", [
    ("路灯已修复。特此回复。\n岳阳市住房和城乡建设局 2015年3月20日", True),  # the office signs its letter
    ("路灯已修复。\n县水利局 2014年6月14日\n联系人:刘志轩 联系电话:13509153045", True),  # contact line after it
    ("10月8日天气转晴后，维修人员已将路面修复完毕。钱先生对此表示满意。", False),  # a date in the story
])
def test_the_date_line_that_closes_a_letter_may_follow_the_office_name(read, citizen, found):
    assert read("", citizen).elements["reply_time"].found == found


@pytest.mark.parametrize("citizen,found", [
    ("路灯已修复。您对我们的处理结果满意吗？", False),  # a question put to the citizen
    ("路灯已修复。感謝您對河北區工作的支持與理解！", False),  # courtesy, in traditional characters too
    ("路灯已修复，王明电话告知反映人，反映人表示满意。", True),
    ("路灯已修复。感谢您的来电，如您仍有异议，请与大队联系。", False),  # a condition put to the citizen
    # the reaction to the problem, before the answer was given
    ("王明打电话联系了杨先生，杨先生对下午不接种疫苗的规定很不理解，我们向他解释了其中缘由。", False),
])
def test_what_is_not_the_citizens_opinion(read, citizen, found):
    assert read("", citizen).elements["citizen_opinion"].found == found


@pytest.mark.parametrize("citizen", [
    "接到群众反映的“草场扬尘问题”，泗县县政府现办理答复如下：已和反映人沟通解释相关情况。",
    "5月24日15:38，恩来社区工作人员将处理结果告知服务对象本人。",
    "12345热线工作人员拨通了某先生的电话进行回访。",
])
def test_contact_with_the_reporter_named_as_offices_name_them(read, citizen):
    assert read("", citizen).elements["contact"].status != "missing"


# -- the fifth session's cases: another body's procedure, the scene found, the points of a reply -----
@pytest.mark.parametrize("text,words", [
    ("区人社局劳动保障监察支队对该公司另行立案调查中，属区局独立的执法程序。", "另行立案调查中"),
    ("区信访联席会议办公室已受理，将依法作出复查意见。", "将依法作出复查意见"),
])
def test_another_bodys_own_procedure_is_not_this_orders_handling(read, text, words):
    assert _clause(read(text), words).voice == "other"


@pytest.mark.parametrize("text,words", [
    ("分局工作人员现场检查时，该单位正在生产，已责令其停产整改。", "该单位正在生产"),
    ("执法队员到现场夜查：工地正在进行混凝土浇筑，已依法处以罚款。", "工地正在进行混凝土浇筑"),
    ("次日6:40孙晓东再次到现场，保洁员正在清扫作业，清扫后路面符合保洁标准。", "保洁员正在清扫作业"),
])
def test_what_was_going_on_when_staff_looked_is_the_scene(read, text, words):
    assert all(a.modality != "progress" for a in _clause(read(text), words).acts)


def test_the_departments_own_work_going_on_after_arriving_is_still_under_way(read):
    reading = read("3月5日工作人员到现场，正在组织抢修。")
    assert any(a.modality == "progress" for a in _clause(reading, "正在组织抢修").acts)


def test_what_was_found_going_on_does_not_run_on_through_the_sentence(read):
    reading = read("执法队员到现场核查，发现工地正在进行混凝土浇筑，未取得夜间施工证明，属实。")
    assert all(a.modality != "progress" for a in _clause(reading, "未取得夜间施工证明").acts)


def test_a_transfer_of_an_insurance_relationship_is_no_hand_over(read):
    assert "handover" not in _acts(read("您的医保关系转移已于10月27日办理完毕。"), "医保关系转移")


@pytest.mark.parametrize("text,words,modality", [
    ("我们会转给责任人员，让他们到实地查看处理。", "我们会转给责任人员", "planned"),
    ("我镇已向旗农牧业科技局申请2022年度春季休牧补贴资金。", "已向旗农牧业科技局申请", "done"),
])
def test_handing_on_promised_or_applied_for(read, text, words, modality):
    assert _acts(read(text), words).get("handover") in (modality, "statement")


def test_the_next_point_of_a_reply_is_not_the_result_of_this_one(read):
    reading = read("1、关于路面破损问题，我们已上报县交通局。2、关于路灯问题，供电所已于3月5日更换灯泡。")
    item = _clause(reading, "2、关于路灯问题")
    assert item.opens_item and not _clause(reading, "我们已上报县交通局").opens_item


@pytest.mark.parametrize("text,words", [
    ("村委会在积极协调上报县住建部门。", "村委会在积极协调"),
    ("目前未形成监测报告。", "目前未形成监测报告"),
    # The act named as the topic takes the state the comment after it gives.
    ("南区医院现址升级改造正有序推进中。", "升级改造正有序推进中"),
])
def test_still_under_way_in_other_words(read, text, words):
    assert "progress" in _acts(read(text), words).values()


@pytest.mark.parametrize("text,words,modality", [
    ("您反映的问题路段已安排施工单位进行路面维修。", "已安排施工单位进行路面维修", "progress"),
    ("积雪于昨天晚上已经开始清理。", "已经开始清理", "progress"),
    ("已安排人员对路面进行了维修。", "已安排人员对路面进行了维修", "done"),  # 进行了: it finished
    ("已组织人员清理完毕。", "已组织人员清理完毕", "done"),
])
def test_work_set_going_is_not_work_done(read, text, words, modality):
    assert _acts(read(text), words)["repair"] == modality


def test_a_condition_does_not_run_on_into_another_matter(read):
    reading = read("如群众发现该片区企业仍存在环境问题，可拨打分局电话，另外群众反映的消防等其他问题，建议向相关部门反映。")
    assert "conditional" not in _acts(reading, "建议向相关部门反映").values()


@pytest.mark.parametrize("text,words", [
    ("广大群众可自行预约前往接种，届时请务必带上身份证。", "届时请务必带上身份证"),
    ("具体的派位方案在六月初公开，届时家长可登陆教育网查阅。", "届时家长可登陆教育网查阅"),
])
def test_what_the_citizen_is_asked_to_do_is_no_unfinished_work(read, text, words):
    assert not {"progress", "planned"} & set(_acts(read(text), words).values())


def test_a_line_wrapped_after_a_comma_goes_on_in_the_next_line(read):
    reading = read("11月3日9时，\n城建科王明电话联系反映人，\n了解具体位置。")
    assert len({c.sentence for c in reading.clauses}) == 1
    assert reading.elements["contact"].found


def test_a_reply_in_traditional_characters_reads_the_same(read):
    citizen = ("回復時間 | 2026-11-04 10:00\n回復內容 | 您反映的路燈不亮問題，維護班組已於11月3日到場，已全部恢復照明。"
               "投訴人表示錢已收到，對處理結果滿意。")
    elements = read("", citizen).elements
    assert elements["reply_time"].found and elements["citizen_opinion"].found


def test_about_to_be_done_is_not_done(read):
    assert _acts(read("目前问题处理即将完成。"), "问题处理即将完成") == {"handling": "planned"}


def test_a_round_of_the_neighbours_is_no_contact_with_the_reporter(read):
    reading = read(citizen="市生态环境局值班人员迅速对相关区域进行巡查，并走访居民进行核实。")
    assert reading.elements["contact"].status == "missing"
    assert read(citizen="11月3日，王明上门走访反映人，了解情况。").elements["contact"].status == "found"


def test_the_offices_own_understanding_is_not_the_citizens_opinion(read):
    citizen = "当前没有相关政策，我们对群众不等不靠，出力出汗主动改变家乡出行困难的行为表示理解。"
    assert read(citizen=citizen).elements["citizen_opinion"].status == "missing"


def test_the_day_the_citizen_wrote_in_is_no_reply_time(read):
    citizen = "您好，您于2019年11月5日反映的信访事项，经我单位调查核实，现处理答复如下：路灯已修复。"
    assert read(citizen=citizen).elements["reply_time"].status != "found"


@pytest.mark.parametrize("text,words", [
    ("目前还没有拆迁计划。", "还没有拆迁计划"),  # there is no such plan: an explanation
    ("我局尚未有对油烟排放指标检测的职能。", "尚未有对油烟排放指标检测的职能"),
    ("要求该场负责人立即将沉淀池井盖进行更换。", "立即将沉淀池井盖进行更换"),  # 立即将 is no 即将
])
def test_no_such_plan_and_at_once_are_not_unfinished(read, text, words):
    assert all(a.modality not in ("progress", "planned") for a in _clause(read(text), words).acts)


def test_thanking_the_citizen_for_the_report_does_not_start_their_words(read):
    reading = read("您好，感谢您的反映，按照规划，该村将进行户户通工程，因此不再单独进行硬化。目前路面已进行平整。")
    assert _clause(reading, "按照规划").voice == "department"
    assert _acts(reading, "因此不再单独进行硬化").get("explanation") != "planned"
    assert _acts(reading, "目前路面已进行平整").get("repair") == "done"


def test_a_visitor_received_face_to_face_is_a_contact(read):
    e = read("十月十四日上午十时，反映人来所，户籍内勤司马静当面接待。").elements["contact"]
    assert e.found and all(p.found for p in e.parts.values())


@pytest.mark.parametrize("citizen", [
    # thanks inside the citizen's own words are theirs, not the office's courtesy
    "10/15 镇残联司马卫东电话答复孙先生：可直接到镇残联申请。孙先生说：「这下明白了，谢谢司马理事长，没有别的问题。」对答复满意。",
    # the citizen said a few things first; the quote closes what he said
    "11.2 下午三点，皇甫主任给陈先生打电话告知：暖气片已放气，问题已经解决。陈先生说他刚跟他爸视频了，屋里暖和了，“这回满意”。",
    # told the result, whatever the citizen then says is the reaction
    "11.21 下午4点，公孙静电话回复举报人：已决定自12月起停发其低保。举报人说：“停了就对了，这样公平。”",
])
def test_what_the_citizen_says_once_told_is_the_opinion(read, citizen):
    assert read(citizen=citizen).elements["citizen_opinion"].found


def test_words_quoted_before_the_answer_stay_the_complaint(read):
    r = read(citizen="反映人说：“院里说报修了，问了两回都说办理中。”11月2日，皇甫主任电话告知：暖气片已修好。")
    assert not r.elements["citizen_opinion"].found


def test_what_a_regulation_requires_is_no_hand_over(read):
    r = read("依据《城市生活垃圾管理办法》第十六条，装修垃圾应当交由有资质的单位处理。")
    assert _acts(r, "应当交由")["handover"] == "requested"


def test_a_call_followed_by_what_was_said_is_the_reply(read):
    r = read(citizen="十一月十六日下午，上官海燕给刘奶奶的孙女打电话：九、十月津贴已补发到新卡。孙女说钱到了，对办理结果满意。")
    assert r.elements["reply_time"].found


def test_goods_moved_to_a_place_are_no_hand_over(read):
    assert "handover" not in _acts(read("村委会已将玉米转至晾晒场，路面已清理。"), "转至晾晒场")


def test_the_year_money_is_for_dates_nothing_done(read):
    r = read("11/5，该户2025年度义务兵家庭优待金已足额补发至高女士本人社保卡，问题已经解决。", received_at="2026-11-02 09:40")
    assert _clause(r, "问题已经解决").voice == "department"
    assert outcome_of(read(citizen="优待金已于11月5日足额补发到您本人社保卡。"))[0] == "solved"


@pytest.mark.parametrize("citizen", [
    "经查，收费符合规定。因您未留下联系电话，无法与您取得联系，特此回复。",  # no phone left: no call made
    "市生态环境局通过移动、联通、电信向广大市民发送公益短信，征集噪音扰民线索。",  # the public, not this citizen
])
def test_words_about_the_citizens_phone_are_no_contact(read, citizen):
    assert not read(citizen=citizen).elements["contact"].found


def test_a_call_returned_with_what_was_said_dates_the_reply(read):
    r = read(citizen="十一月四日头午，网格员上官婷给老孙头回的电话：\n依据《噪声污染防治法》第六十五条，家里活动应当控制音量。\n老孙头说：“闹明白了，挺好。”")
    assert r.elements["reply_time"].found


def test_hearing_the_request_face_to_face_is_a_contact(read):
    e = read("10月16日上午10:15，服务站站长秦卫东与镇武装部冉干事一同到邹某家中当面了解诉求。").elements["contact"]
    assert e.found


def test_the_writer_who_names_himself_made_the_contact(read):
    e = read(citizen="2026年10月24日 您好，我是社区赵立新。快递柜已于昨天下午挪到自行车棚旁边。"
                     "今天上午我在楼门口碰见您，跟您当面说了结果，您对结果表示满意。").elements["contact"]
    assert e.parts["staff"].found


def test_the_workers_representative_gives_the_opinion(read):
    r = read(citizen="11月20日下午4时，劳动保障所孔所长电话回复工人代表：拖欠的工资已全部转入工人工资卡。"
                     "工人代表表示钱已到账，对处理结果满意。")
    assert r.elements["citizen_opinion"].found


def test_a_numbered_heading_naming_the_question_reports_nothing(read):
    r = read(citizen="2、关于市民咨询的浦西村是否计划拆迁改造。经查，浦西村目前没有拆迁改造计划。")
    assert not any(a.modality == "planned" for c in r.clauses for a in c.acts if "计划拆迁" in c.text)


def test_an_order_sent_to_us_is_no_hand_over(read):
    r = read("县人民政府办公室以信箱[2016]43号《县长信箱办件交办单》的形式送交我局办理。")
    assert "handover" not in {a.kind for c in r.clauses for a in c.acts}


def test_money_returned_for_days_not_stayed_is_no_work_left(read):
    r = read("11月10日组织双方调解，院方同意按合同退还未入住天数费用和全部押金，共计9600元，双方签订调解协议。")
    assert not any(a.modality == "progress" for c in r.clauses for a in c.acts)


def test_meeting_at_the_reporters_home_is_a_contact(read):
    e = read("11月5日上午10点40分我（刘振海）到反映人家里见的面，她说胡同口有人私搭了一个彩钢棚。").elements["contact"]
    assert e.found


def test_a_contact_told_after_the_reply_in_its_sentence_is_not_the_first_contact(read):
    # 新卡已当面交给您 belongs to the reply on 11月4日; the first contact (电话联系) has no time.
    reading = read("陈思琪电话联系了反映人韩先生，韩先生问优待证怎么补办。10月20日上午，陈思琪在系统内做了挂失。",
                   "11月4日，服务站陈思琪当面回复：您的优待证已补办完成，新卡已当面交给您并激活。您表示满意。")
    contact = reading.elements["contact"]
    assert not contact.parts["time"].found and "电话联系了反映人" in contact.evidence[0].text


def test_a_machine_stopped_is_no_failed_call(read):
    reading = read("", "2026年11月10日下午三点半，生态环境办东方亮电话回复投诉人：监控录像显示该厂每日21:30前停机，"
                       "投诉反映的夜间生产问题不属实。投诉人表示不认可。", category="投诉")
    assert reading.elements["reply_time"].status == "found"
    unanswered = read("", "11月10日，东方亮电话回复投诉人，对方手机停机，未能告知结果。", category="投诉")
    assert unanswered.elements["reply_time"].status != "found"


def test_a_citizen_named_with_any_surname_and_mou_mou_holds_an_opinion(read):
    reading = read("", "十月九日下午五时，社会事务办王立群电话回复：救助金已转入您的一卡通账户。卫某某表示已收到钱款，十分满意。")
    assert reading.elements["citizen_opinion"].status == "found"


@pytest.mark.parametrize("citizen", [
    "经协调，该商户已停止占道，但并没有得到这对夫妻的理解。",
    "因部分居民不同意，加装电梯项目暂缓实施。",
    "统一调整作息时间无法保证得到全体家长的认同，暂不采纳。",
])
def test_understanding_not_won_is_no_opinion(read, citizen):
    assert read("", citizen, category="投诉").elements["citizen_opinion"].status == "missing"


@pytest.mark.parametrize("citizen", [
    "我区教育局已与睿德学校沟通，责成睿德学校停止收费，要求睿德学校2021年1月16日后停止一切线下授课行为。",
    "排水处督促水务将下湖路纳入第三批管网改造项目，预计近期开工，9月底完工。",
])
def test_a_deadline_closing_the_reply_is_no_date_line(read, citizen):
    assert read("", citizen, category="办理").elements["reply_time"].status == "missing"


def test_a_signature_line_names_who_made_the_call(read):
    reading = read("接到工单后我给投诉人回了电话，她说物业把树砍了。\n——康宁苑社区书记上官丽娟", category="投诉")
    contact = reading.elements["contact"]
    assert contact.parts["staff"].found and not contact.parts["time"].found
    assert [p.name for c in reading.clauses for p in c.people] == ["上官丽娟"]  # 苑社区书记 is no one


@pytest.mark.parametrize("text", [
    "我中心在接到转办单后立即与反映人联系，了解具体情况。",  # receiving the order, then our own call
    "经查，该路段已修复。以上情况已告知您。",  # the letter says the above was told: a contact made
])
def test_the_departments_own_contact_is_read(read, text):
    reading = read(text)
    assert reading.elements["contact"].status != "missing"
    assert all(c.voice == "department" for c in reading.clauses)


@pytest.mark.parametrize("text,means", [
    ("8月19日，镇联包村干部李强通过与你联系，上门了解实际情况。", True),
    ("3月27日，工作人员王明向您反馈办理情况，电话未接通。", True),
    ("3月27日，民警王明已与您取得联系，并对该小区开展走访调查。", False),  # a round of the neighbourhood
    ("3月27日，执法人员王明告知反映人，可及时拨打值班电话5470157反映。", False),  # a number offered
])
def test_the_clause_after_a_contact_may_say_how(read, text, means):
    assert read(text).elements["contact"].parts["means"].found is means


def test_staff_after_an_office_named_room(read):
    reading = read("11月19日15:20，纪检监察室王振宇电话联系投诉人。", category="投诉")
    assert reading.elements["contact"].parts["staff"].found


def test_a_handwritten_day_typed_as_yue_is_a_date(read):
    reading = read("11月2曰上午10点40 社保窗口张丽萍打电话联系诉求人，问医保怎么交。")
    contact = reading.elements["contact"]
    assert contact.parts["time"].found and contact.parts["staff"].found


def test_what_was_not_seen_is_a_fact(read):
    reading = read("10月28日下午3点，赵永刚到现场查看，场外排水沟里是干的，沟边没见粪渍。经核实反映情况不属实。",
                   category="举报")
    assert reading.elements["untrue_facts"].status == "found"


@pytest.mark.parametrize("text", [
    "经查，执法过程中岳峰与投诉人有推搡，无击打动作；派出所出警记录载明双方均无伤。投诉所称打人不属实。",
    "核查：刘海涛调取该件登记档案：反映人8月12日申请首次登记，9月20日我所出具不予登记告知书。投诉不属实。",
])
def test_facts_from_records_back_an_untrue_verdict(read, text):
    assert read(text, category="投诉").elements["untrue_facts"].status == "found"


def test_not_submitting_is_an_opinion(read):
    reading = read("", "2026年11月9日10时，刘国栋电话回复举报人：您反映的问题不属实。举报人表示不服，称等复议结果。",
                   category="举报")
    assert reading.elements["citizen_opinion"].status == "found"


def _wrapped(text: str, width: int = 26) -> str:
    return "\n".join(text[i:i + width] for i in range(0, len(text), width))


def test_a_text_wrapped_by_a_pdf_reads_as_one(read):
    # Copied out of a PDF: broken every 26 characters, in the middle of a date and a name.
    text = _wrapped("经查，您反映的杨家泊村东路灯不亮问题，城建科王明于10月12日上午9时电话联系反映人，了解具体位置。"
                    "当日10时20分电工李强到达现场，更换了损坏的灯泡和一段老化的线路，当日11时恢复照明。")
    assert text.count("\n") >= 3
    contact = read(text).elements["contact"]
    assert all(part.found for part in contact.parts.values())


def test_a_pdf_page_with_lines_of_uneven_width_and_a_name_broken_across_them(read):
    text = ("太平镇人民政府便民专线办理单\n办理结果（内部可见）：\n2026年11月2日10时40分，镇农业农村办周振\n"
            "华主任电话联系反映人，反映人称其承包的崔庄子村东1.8亩\n耕地被某光伏项目施工临时占用。11\n"
            "月3日上午9时，周振华会同村两委到现场实地测量。")
    reading = read(text)
    assert all(part.found for part in reading.elements["contact"].parts.values())
    dated = next(c for c in reading.clauses if "月3日上午9时" in c.text)
    assert dated.times and dated.times[0].text.startswith("11")  # 11⏎月3日 is one date


def test_a_table_pasted_with_spaces_keeps_its_rows(read):
    table = "联系时间    2026年10月12日15时10分\n联系人    执法队员 孙浩然\n联系方式    电话\n咨询内容    市民咨询搭建彩钢板房是否需要办理手续"
    contact = read(table, category="咨询").elements["contact"]
    assert all(part.found for part in contact.parts.values())


def test_a_log_of_short_lines_is_not_rejoined(read):
    log = "10:05 王立新电话联系反映人\n10:40 王立新到站台看\n11.13 09:30 司机张金海放好分类桶\n11.13 15:00 王立新电话回复反映人"
    assert len({c.sentence for c in read(log).clauses}) == 4


# -- the eleventh session's cases ------------------------------------------------------------------
def test_the_organiser_of_a_group_is_no_work_set_going(read):
    reading = read("我局民警已与广场舞组织人沟通协调，负责人表示将降低音量。")
    assert all(a.modality != "progress" for a in _clause(reading, "已与广场舞组织人沟通协调").acts)


def test_what_a_sentence_gives_as_the_reason_is_no_work_under_way(read):
    reading = read("由于室内天然气管道还未完善，县住建局还未对该处公厕进行验收，因此仅开放了幼儿园内的一侧。")
    assert all(a.modality != "progress" for a in _clause(reading, "县住建局还未对该处公厕进行验收").acts)
    # without the consequence it is not a reason given for a result
    reading = read("由于资金紧张，该路段目前正在施工。")
    assert any(a.modality == "progress" for a in _clause(reading, "该路段目前正在施工").acts)


def test_recently_done_is_no_plan(read):
    reading = read("道路未硬化是因修建小学涉及的问题未得到解决，近期已协调处理妥当。")
    assert _acts(reading, "近期已协调处理妥当")["coordination"] == "done"
    reading = read("近期将协调施工单位进场。")
    assert _acts(reading, "近期将协调施工单位进场")["coordination"] == "planned"


@pytest.mark.parametrize("text,words,planned", [
    # a plan said not to exist promises nothing to the clauses after it; one that exists runs on
    ("线路调整优化后暂无恢复计划，82路调整一方面有利于车班调度，一方面是为了配合公交线网的整体规划。", "82路调整一方面有利于车班调度", False),
    ("线路调整优化后有恢复计划，调整线路走向。", "调整线路走向", True),
    # what would be done if it happened again is no promise
    ("经查，该公司抽排湖水时少量污泥外溢，已责令其清理完毕。今后如果再遇到湖水上涨影响清淤工程，与泵站协商外排。",
     "今后如果再遇到湖水上涨影响清淤工程", False),
    # seeking the residents' understanding is no plan; seeking to finish early is
    ("要求其调整作业时间，并积极与周边居民进行沟通，争取居民的理解。", "争取居民的理解", False),
    ("争取早日完成改造。", "争取早日完成改造", True),
])
def test_words_that_promise_nothing(read, text, words, planned):
    assert any(a.modality == "planned" for a in _clause(read(text), words).acts) is planned


def test_what_a_party_tells_after_biaoshi_is_its_account(read):
    reading = read("中队约谈了施工负责人，施工负责人表示主体施工已经结束，目前还有部分配套施工正在进行，将严格管控施工时间。")
    assert all(a.modality != "progress" for a in _clause(reading, "目前还有部分配套施工正在进行").acts)
    # what the party says it will do is its promise, not the department's plan
    assert [a.kind for a in _clause(reading, "将严格管控施工时间").acts] == ["party_promise"]
    # the department speaking again is its own account
    reading = read("施工负责人表示主体施工已经结束，中队正在协调施工方。")
    assert any(a.modality == "progress" for a in _clause(reading, "中队正在协调施工方").acts)


def test_passing_on_the_result_is_no_explanation(read):
    reading = read("10月16日已电话告知反映人上述情况，反映人表示同意。")
    assert "explanation" not in _acts(reading, "已电话告知反映人上述情况")
    reading = read("10月16日已电话告知反映人补缴的政策规定。")
    assert "explanation" in _acts(reading, "已电话告知反映人补缴的政策规定")


@pytest.mark.parametrize("text,words", [
    ("收到反映情况我局领导高度重视，责令辖区管理分局组织专班立行立改。", "责令辖区管理分局组织专班立行立改"),
    ("收到您的留言後我辦領導十分重視，已責成漢沽客運管理所加強檢查工作。", "已責成漢沽客運管理所加強檢查工作"),
    ("已要求环卫作业部门将原来的多功能洗扫车更换为单一的扫路车。", "已要求环卫作业部门将原来的多功能洗扫车更换为单一的扫路车"),
])
def test_passing_the_matter_to_a_lower_office_is_a_handover(read, text, words):
    clause = _clause(read(text), words)
    assert clause.voice == "department" and "handover" in [a.kind for a in clause.acts]


def test_an_order_to_the_party_is_no_handover(read):
    # 责令 a business is a measure against it; 部门 inside what the kindergarten is told is no unit asked
    assert "handover" not in _acts(read("执法队员责令该公司立即停止施工。"), "执法队员责令该公司立即停止施工")
    assert "handover" not in _acts(read("我局已要求幼儿园严格按照在物价部门备案的价格进行收费。"),
                                   "我局已要求幼儿园严格按照在物价部门备案的价格进行收费")


def test_a_hand_over_the_citizen_is_advised_to_make_is_not_the_departments(read):
    acts = _acts(read("该路段一直由新市区路灯处进行管理，建议您向新市区路灯处反映。"), "建议您向新市区路灯处反映")
    assert "refer_elsewhere" in acts and "handover" not in acts
    acts = _acts(read("建议你通过政府网站向合肥市体育局反映情况。"), "建议你通过政府网站向合肥市体育局反映情况")
    assert "refer_elsewhere" in acts and "handover" not in acts
    # the department's own report upwards, after 意见建议, is its hand-over
    acts = _acts(read("对于您提出的意见建议我们也及时向上级部门进行了反映。"), "对于您提出的意见建议我们也及时向上级部门进行了反映")
    assert "handover" in acts and "refer_elsewhere" not in acts


def test_coordinated_and_solved_is_no_mediation(read):
    # 协调解决 holds the characters 调解; a meeting that sorted out a permit mediated no dispute.
    reading = read("10月22日营商办组织召开政企座谈会，协调解决了外线电缆穿越绿化带的手续问题。")
    assert not any(a.kind == "mediation" for c in reading.clauses for a in c.acts)


def test_a_clause_dated_this_year_ends_the_history_before_it(read):
    # 2025年3月入职 is history; 2026年7月至10月缴费记录完整 is what was found now, and so is what follows it.
    reading = read("经查询，公司自您2025年3月入职起按月为您缴纳社会保险，2026年7月至10月缴费记录完整，不存在未缴的情况。",
                   received_at="2026-11-11 09:00")
    last = reading.clauses[-1]
    assert last.text == "不存在未缴的情况" and last.voice == "department" and last.has("verdict_untrue")


@pytest.mark.parametrize("text,words", [
    ("10月31号上午十点，刘书记到二柱子家当面跟她说了：接水槽已经装上了。", "刘书记到二柱子家当面跟她说了：接水槽已经装上了"),
    ("10月12号晚上六点多，刘书记给三胖子媳妇打电话说了，路灯下午就修好了。", "刘书记给三胖子媳妇打电话说了"),
])
def test_telling_the_citizen_in_dictation_is_a_reply(read, text, words):
    assert "reply" in _acts(read(text), words)
    # telling the party off is no reply to the citizen
    assert "reply" not in _acts(read("跟老钱说了这个不行。"), "跟老钱说了这个不行")


def test_work_set_going_and_reported_done(read):
    # the act's own word is the arranging: 进行了 after it says the work was done
    assert _acts(read("市交警支队已安排警力进行了违停告知处理。"), "已安排警力")["handling"] == "done"
    # 做好 is what is to be done well, not done
    assert _acts(read("已安排公交公司做好与地铁无缝对接工作。"), "已安排公交公司")["handling"] == "progress"


@pytest.mark.parametrize("text,words", [
    ("目前还没有明文规定禁止带宠物进入公共场所的行为。", "还没有明文规定"),  # what the law says, not work unfinished
    ("信号灯杆容易下沉造成杆具倾斜，会给通过该路段车辆造成危险，此路口不适合安装信号灯。",
     "会给通过该路段车辆造成危险"),  # a consequence foreseen
])
def test_states_and_consequences_are_no_unfinished_work(read, text, words):
    assert not {"progress", "planned"} & set(_acts(read(text), words).values())


def test_unceasing_patrols_are_a_followup(read):
    reading = read("4月1日以来已对违停车辆贴单取证30余辆次。我队将不断加大巡查管控力度。")
    assert _clause(reading, "不断加大巡查").followup


def test_solved_the_problem_with_le_is_solved(read):
    reading = read("11路公交线路也调整途经北湖大道，解决了北湖片区居民的公共交通出行问题。")
    assert _acts(reading, "解决了北湖片区")["solved"] == "done"


def test_a_village_or_a_crop_in_brackets_is_no_one(read):
    reading = read("2026-11-10 10:15财政所电话联系反映人（高庄村），了解诉求：咨询种植业保险（小麦）个人自缴保费是多少。")
    assert not [p for c in reading.clauses for p in c.people]


@pytest.mark.parametrize("citizen", [
    "感谢广大市民朋友对自来水水质问题的关注，对水务集团供水工作的理解和支持。",
    "再次感谢您的关注，并衷心希望在今后的工作中继续得到您的监督、关心和支持。",
])
def test_thanks_running_on_are_no_opinion(read, citizen):
    reading = read("3月5日王明电话告知反映人：管网已冲洗完毕，水质检测合格。", citizen)
    assert reading.elements["citizen_opinion"].status == "missing"


def test_thanks_inside_the_citizens_words_stay_theirs(read):
    reading = read("", "3月5日王明电话回访反映人：欠款已付清。反映人讲“钱到了，谢谢你们”，对处理结果表示满意。")
    assert reading.elements["citizen_opinion"].status == "found"


def test_a_ledger_entry_is_one_sentence_and_a_sentence_ends_after_it(read):
    reading = read("2.时间：2026年11月17日10时20分；地点：幸福路人行道；人员：技术员孙立强；方式：到达现场踏勘；结果：井座完好。\n"
                   "养护班清掏；时间：次日。")
    entry = reading.sentence_of(_clause(reading, "2026年11月17日"))
    assert [c.text for c in entry] == ["2.时间：2026年11月17日10时20分", "地点：幸福路人行道", "人员：技术员孙立强",
                                       "方式：到达现场踏勘", "结果：井座完好"]
    # A line break after a ledger line that opens with no field still ends the sentence, and so does one
    # before a line that opens with none.
    listed = read("- 时间：11月18日8时\n- 人员：李科长\n- 方式：现场查看\n下午科室研究。\n下一步：施划白线")
    assert len(listed.sentence_of(_clause(listed, "11月18日"))) == 3
    # A numbered line opens an entry of its own, with a colon or with a table's tab.
    for sep in ("：", "\t"):
        numbered = read(f"1.时间{sep}11月3日9时；人员：孙立强\n2.时间{sep}11月4日9时；人员：郭海涛")
        assert _clause(numbered, "11月3日").sentence != _clause(numbered, "11月4日").sentence
    # A ； after words that open with no ledger field still ends the sentence.
    assert _clause(reading, "养护班清掏").sentence != _clause(reading, "次日").sentence


def test_calling_the_other_party_is_no_contact_with_the_reporter(read):
    reading = read("核查时间：2026年10月23日9时；核查方式：电话联系前夫、查看法院文书；核查经过：前夫称已起诉。")
    assert "contact" not in _acts(reading, "电话联系前夫")

