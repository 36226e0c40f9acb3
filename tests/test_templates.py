"""Reply templates: every blank filled with real facts passes; left blank, each one is a finding."""

from __future__ import annotations

import json

import pytest

from replycheck.engine import check_draft
from replycheck.loaders import load_path
from replycheck.model import Action, Category, Draft
from replycheck.templates import Kind, fill, placeholders, skeleton, to_docx, to_json

BASE = {
    "编号": "BH2026030500117", "接单日期": "2026-03-05 08:40", "截止日期": "2026-03-10",
    "联系时间": "2026年3月5日9时10分", "承办人员": "王明", "联系方式": "电话",
    "回复时间": "2026年3月6日10时", "市民意见": "表示满意",
}

# What a clerk would write in each blank, by category (and kind for 办理).
FILLS: dict[str, dict[str, str]] = {
    "咨询": {
        "科室名称": "社会事务办", "诉求内容": "其儿子为二级肢体残疾，想了解能否申领重度残疾人护理补贴",
        "政策文件名称": "国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见",
        "条款": "（国发〔2015〕52号）",
        "政策文件相应内容": "残疾等级被评定为一级、二级且需要长期照护的重度残疾人可以申领重度残疾人护理补贴",
        "答复结论": "反映人之子残疾等级为二级，符合申领条件，可持残疾人证、户口簿到镇社会事务办提出申请",
        "办理结果": "您儿子符合重度残疾人护理补贴申领条件，可持残疾人证、户口簿到镇社会事务办申请",
    },
    "办理": {
        "科室名称": "综合办", "诉求内容": "其孩子在镇中心小学就读需开具居住证明，村委会一直未开具",
        "调查时间": "当日10时",
        "办理过程": "经核实，反映人一家在杨家泊村实际居住已满三年，符合开具条件，当即督促村委会为其开具居住证明",
        "复查情况": "当日下午，反映人已到村委会领取居住证明",
        "办理结果": "村委会已为您开具居住证明，您已于3月5日领取",
    },
    "协调": {
        "科室名称": "农业农村办", "诉求内容": "东河筒村与西河筒村交界处排水渠淤堵，其大棚地块积水",
        "调查时间": "3月5日14时", "协办单位": "镇水务站工作人员",
        "现场情况": "该渠段长约300米，淤积严重，两村对清淤责任存在争议",
        "协调时间": "3月6日上午", "参会各方": "两村两委负责人和镇水务站",
        "协调结果": "两村以村界为限分段清淤，3月8日两段清淤全部完成",
        "复查情况": "3月8日16时，王明到现场复查，渠道过水通畅，大棚积水已排除",
        "回复时间": "2026年3月9日10时", "办理结果": "两村已分段完成排水渠清淤，渠道过水通畅",
        "附件名称": "排水渠清淤专题协调会会议纪要.docx",
    },
    "执法": {
        "科室名称": "综合执法大队", "诉求内容": "馨园小区3号楼东侧消防车通道被装修建材长期占用",
        "执法时间": "当日9时30分", "执法人员": "陈宇、刘思远",
        "检查情况": "该通道被某装饰公司堆放的沙子、水泥占用，长约15米，消防车无法通行",
        "法律法规名称": "中华人民共和国消防法", "条款": "第二十八条、第六十条第一款第（五）项",
        "执法措施": "向该装饰公司下达《责令限期改正通知书》，责令其于3月6日12时前清理完毕",
        "复查情况": "3月6日11时，陈宇到现场复查，堆放物已全部清走，通道恢复畅通",
        "回复时间": "2026年3月6日14时", "办理结果": "消防车通道内堆放的建材已全部清理，通道恢复畅通",
        "附件名称": "消防通道现场检查照片.jpg",
    },
    "报修": {
        "科室名称": "城建科", "诉求内容": "西河筒村南大街6盏路灯连续一周夜间不亮",
        "到达现场时间": "当日10时20分", "维修人员": "路灯维护单位维修人员2人",
        "故障原因": "南大街3号灯杆处地埋电缆接头老化进水造成线路短路",
        "维修措施": "维修人员重新制作电缆接头并做防水处理，更换损坏灯头2个", "修复时间": "当日16时30分",
        "复查情况": "当晚18时10分，王明到现场复查，6盏路灯全部正常亮灯",
        "回复时间": "2026年3月5日18时30分", "办理结果": "6盏路灯已全部恢复照明",
        "附件名称": "南大街路灯维修前后照片.jpg",
    },
    "调解": {
        "科室名称": "司法所", "诉求内容": "在付庄村某蔬菜种植合作社务工，被拖欠工资8600元",
        "调解时间": "3月6日14时", "调解组织": "杨家泊镇人民调解委员会",
        "调解协议内容": "合作社当场支付工资5000元，剩余3600元于3月8日前一次性支付",
        "复查情况": "3月8日10时，合作社通过银行转账支付剩余3600元，反映人确认已全额收到",
        "回复时间": "2026年3月8日11时", "办理结果": "所欠工资8600元已全部支付到位",
        "附件名称": "人民调解协议书.pdf",
    },
    "投诉": {
        "科室名称": "综合执法大队", "诉求内容": "付庄村北侧一处废品收购站夜间焚烧废旧电线外皮，气味刺鼻",
        "调查时间": "当日9时30分", "核实结论": "属实",
        "调查情况": "收购站院内有焚烧残留的塑料、电线外皮灰烬约0.5立方米，经营者孙某承认夜间焚烧电线外皮",
        "处罚决定或事实依据": "执法队员周海涛、郑凯当场责令其立即停止焚烧，综合执法大队依据《中华人民共和国大气污染防治法》"
                     "第一百一十九条第二款，于3月6日对其作出罚款人民币1500元的行政处罚决定",
        "回复时间": "2026年3月6日16时",
        "办理结果": "经核实，您反映的废品收购站夜间焚烧问题属实，已责令其停止焚烧，并对经营者处以罚款1500元",
        "附件名称": "焚烧现场照片.jpg",
    },
    "举报": {
        "科室名称": "市场监管所", "诉求内容": "杨家泊村中心街某便民超市销售过期面包",
        "调查时间": "当日14时", "核实结论": "不属实",
        "调查情况": "共检查在售食品126个品种，未发现超过保质期的食品",
        "处罚决定或事实依据": "经调取收银系统销售记录，反映人所购面包批次均在保质期内，进货查验记录完整",
        "办理结果": "经核实，您举报的超市销售过期食品问题不属实，在售食品均在保质期内",
        "附件名称": "超市现场检查照片.jpg",
    },
    "建议": {
        "科室名称": "城建科", "诉求内容": "建议在西河筒村小学门前设置减速带",
        "研究时间": "3月6日上午", "是否采纳": "予以采纳",
        "计划安排或不采纳原因": "计划于2026年3月31日前在学校门前东西两侧各安装减速带1条，同步设置警示标志牌2块",
        "回复时间": "2026年3月6日16时",
        "办理结果": "您提出的设置减速带的建议已被采纳，我镇计划于2026年3月31日前安装减速带2条",
    },
}
EXTENSION = {
    "延期原因": "彻底解决需更换老化设施，涉及施工方案编制和询价，无法在原定时限内完成",
    "解决方案及时间节点": "3月25日前完成施工方案编制及询价，4月25日前完成施工",
    "延期后日期": "2026年4月30日", "审批时间": "2026年3月8日", "分管领导": "分管领导（副镇长刘刚）",
    "回复时间": "2026年3月8日16时", "市民意见": "表示理解",
    "延期原因及目前处置情况": "彻底解决需更换老化设施，工程量较大，目前已完成现场勘查",
    "附件名称": "延期情况说明.docx",
}
RETURN = {
    "科室名称": "城建科", "诉求内容": "近一周家中电压不稳，灯光忽明忽暗",
    "退单理由": "该片区低压线路及入户电表属供电企业资产，电压质量问题不属于城建科职责范围",
    "政策文件名称": "杨家泊镇人民政府权责清单", "条款": "",
    "不属本单位职责的依据": "城建科职责不包括农村低压电网运行维护和居民用电故障处置",
    "建议承办单位": "国网天津市电力公司滨海供电分公司", "建议处理事项": "派员检测该片区电压",
    "退单原因说明": "您反映的电压不稳问题由供电企业负责处理", "市民意见": "表示理解",
}


def _combos():
    for category in Category:
        kinds = [None, *Kind] if category == Category.办理 else [None]
        for action in Action:
            for kind in (kinds if action != Action.退单 else [None]):
                yield category, action, kind


COMBOS = list(_combos())


def _id(combo) -> str:
    category, action, kind = combo
    return f"{category.value}-{action.value}" + (f"-{kind.value}" if kind else "")


def values_for(category: Category, action: Action, kind: Kind | None) -> dict[str, str]:
    if action == Action.退单:
        return {**BASE, **RETURN}
    values = {**BASE, **FILLS[category.value]}
    if kind:
        values.update(FILLS[kind.value])
    if action == Action.延期:
        values.update(EXTENSION)
    return values


def _errors(findings):
    return [(f.rule, f.excerpt, f.message) for f in findings if f.severity.value == "error"]


def _placeholder_findings(findings):
    return [f for f in findings if f.rule == "placeholder-unfilled"]


@pytest.mark.parametrize("combo", COMBOS, ids=_id)
def test_filled_json_template_passes(combo, ruleset, tmp_path):
    data = fill(skeleton(*combo), values_for(*combo))
    assert placeholders(data) == [], "every blank has a value"
    path = tmp_path / "reply.json"
    path.write_text(to_json(data), encoding="utf-8")
    [draft] = load_path(path)
    assert isinstance(draft, Draft)
    assert _errors(check_draft(draft, ruleset.rules)) == []


@pytest.mark.parametrize("combo", COMBOS, ids=_id)
def test_unfilled_json_template_fails_once_per_blank(combo, ruleset, tmp_path):
    data = skeleton(*combo)
    path = tmp_path / "reply.json"
    path.write_text(to_json(data), encoding="utf-8")
    [draft] = load_path(path)
    found = _placeholder_findings(check_draft(draft, ruleset.rules))
    assert sorted(f.excerpt for f in found) == sorted(f"【{p}】" for p in placeholders(data))


def _fill_docx(path, values):
    import docx

    document = docx.Document(str(path))
    from replycheck.templates import fill_text

    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        run.text = fill_text(run.text, values)
    document.save(str(path))


@pytest.mark.parametrize("combo", COMBOS, ids=_id)
def test_docx_template_filled_in_word_passes_and_blank_fails(combo, ruleset, tmp_path):
    data = skeleton(*combo)
    path = tmp_path / "reply.docx"
    to_docx(data, path)
    [blank] = load_path(path)
    assert isinstance(blank, Draft), blank
    assert blank.category == combo[0] and blank.action == combo[1]
    found = _placeholder_findings(check_draft(blank, ruleset.rules))
    assert sorted(f.excerpt for f in found) == sorted(f"【{p}】" for p in placeholders(data))
    assert all(f.location is not None for f in found if f.field != "attachments")

    _fill_docx(path, values_for(*combo))
    [filled] = load_path(path)
    assert isinstance(filled, Draft), filled
    assert _errors(check_draft(filled, ruleset.rules)) == []


def test_template_follows_the_notice_order():
    text = skeleton(Category.办理, Action.办结, Kind.报修)["办理结果（内部可见）"]
    order = ["【联系时间】", "【到达现场时间】", "【维修措施】", "问题已经解决", "印章"]
    positions = [text.index(p) for p in order]
    assert positions == sorted(positions)


def test_template_command_writes_json_and_docx(cli, tmp_path):
    out = tmp_path / "t.json"
    code, _, err = cli("template", "--category", "建议", "--action", "办结", "-o", str(out))
    assert code == 0, err
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["工单类型"] == "建议" and "【计划安排或不采纳原因】" in data["办理结果（内部可见）"]
    docx_out = tmp_path / "t.docx"
    code, _, err = cli("template", "-c", "办理", "-k", "报修", "--format", "docx", "-o", str(docx_out))
    assert code == 0, err
    assert docx_out.read_bytes().startswith(b"PK")
    code, _, err = cli("template", "-c", "办理", "-k", "报修", "-o", str(docx_out))
    assert code == 2 and "已存在" in err
    code, _, err = cli("template", "-c", "咨询", "-k", "报修", "-o", str(tmp_path / "x.json"))
    assert code == 2
