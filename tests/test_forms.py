"""Every form a reply really arrives in gives the verdict and the findings its JSON gives.

The Word shapes are built the way offices build them. Where each shape was seen (public pages):
- 来电人 / 来电号码 / 来电时间 rows above 问题概述 / 处理过程 / 处理结果 / 反馈意见 (a 市长热线 回复格式):
  http://bbs.weblaolv.com/jxfw/202506/255576.html
- 姓名、住址、联系电话、诉求内容、责任单位 recorded by the hotline, 办理结果 fed back by the 承办单位:
  http://www.fsou.com.cn/html/text/lar/171479/17147928_1.html
- 信访事项概述 / 调查核实情况 / 处理意见 / 答复单位及日期: http://renwen.czt.cc/jxfw/202507/613660.html
- a 台账 listing 序号 / 渠道 / 反馈描述 / 处理进度 / 处理反馈: http://www.lingxuyouxi.com/home/index/suggestList/state/3
- 退单理由、销单内容、延期申请 as the fields a department fills in:
  https://shanghai.baogaosu.com/xinwen/%E7%83%AD%E7%BA%BF%E5%8A%9E%E7%A7%AF%E6%9E%81%E8%90%BD%E5%AE%9E%E5%B8%82%E5%B8%82%E6%B0%B4%E5%8A%A1%E5%B1%80/32429681
- an export with 工单号 / 状态 / 工单内容 / 工单最新回复内容 columns: repository NeakHuang/Data_Handler,
  data_handler/ExcelObj.cs
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
from pathlib import Path

import pytest

import docx_builders as build
from conftest import EXAMPLES, run_subprocess
from replycheck.engine import check_draft
from replycheck.loaders import FORMATS, load_path
from replycheck.model import FIELD_LABELS, Draft

# One JSON per category (and the two other actions), each with findings of its own.
CASES = ["bad-zixun-no-document", "bad-banli-transferred", "bad-tousu-no-penalty", "bad-jubao-pii",
         "bad-jianyi-no-opinion", "ok-tuidan", "ok-yanqi"]
PRINTOUT = [("来电人", "张某"), ("来电号码", "138****0000"), ("事发地址", "西河筒村三街"),
            ("诉求内容", "市民反映村里路灯不亮，要求尽快维修，并说已经坏了一周了。"), ("工单状态", "待办结"),
            ("派发时间", "2026-03-01 08:00")]
EARLIER = [("办理结果", "已转城建科处理。"), ("回复市民时间及内容", "已办结。"), ("退回意见", "回复过于简单，请重新办理。")]


def _json(name: str) -> dict:
    return json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))


def rows_of(data: dict) -> list[tuple[str, str]]:
    """The draft as a form's rows: each field under its first label, as a clerk fills the form in."""
    rows = []
    for name in ("order_id", "category", "action", "department", "received_at", "deadline",
                 "internal_result", "citizen_reply", "attachments", "revisit_unsuitable"):
        value = data.get(name)
        if value in (None, "", [], False):
            continue
        if name == "attachments":
            value = "\n".join(a["name"] if isinstance(a, dict) else a for a in value)
        elif name == "revisit_unsuitable":
            value = "是"
        rows.append((FIELD_LABELS[name][0], str(value)))
    return rows


def signature(items: list) -> tuple:
    """What a user sees of a draft's check: verdict and findings (rule, field, words, offsets)."""
    assert len(items) == 1 and isinstance(items[0], Draft), items
    findings = check_draft(items[0], _RULES)
    return (not any(f.severity.value == "error" for f in findings),
            sorted((f.rule, f.field or "", f.excerpt or "", f.start or -1, f.end or -1) for f in findings))


_RULES: list = []


@pytest.fixture(autouse=True, scope="module")
def _rules(ruleset):
    _RULES[:] = ruleset.rules


def _word_forms(data: dict, folder: Path) -> dict[str, Path]:
    rows = rows_of(data)
    return {
        "label_right": build.label_right(folder / "label_right.docx", rows),
        "label_above": build.label_above(folder / "label_above.docx", rows),
        "four_columns": build.four_columns(folder / "four_columns.docx", rows),
        "inline_paragraphs": build.inline_paragraphs(folder / "inline.docx", rows),
        "heading_paragraphs": build.heading_paragraphs(folder / "heading.docx", rows),
        "spaced_labels": build.spaced_labels(folder / "spaced.docx", rows),
        "lenticular_brackets": build.bracket_paragraphs(folder / "brackets.docx", rows),
        "tortoise_brackets": build.bracket_paragraphs(folder / "tortoise.docx", rows, "〔", "〕"),
        "bold_runs_inline": build.bold_runs_inline(folder / "bold.docx", rows),
        "merged_cells": build.merged_label_cells(folder / "merged.docx", rows),
        "platform_printout": build.platform_printout(folder / "printout.docx", rows, PRINTOUT),
        "returned_and_current": build.returned_and_current(folder / "returned.docx", rows, EARLIER),
    }


def _sheet_forms(data: dict, folder: Path) -> dict[str, Path]:
    import openpyxl

    rows = rows_of(data)
    # The platform's column order, with columns that are not the reply in between.
    header = ["序号", "来电人", "诉求内容"] + [label for label, _ in reversed(rows)] + ["工单状态"]
    values = [1, "张某", PRINTOUT[3][1]] + [value for _, value in reversed(rows)] + ["待办结"]
    wb = openpyxl.Workbook()
    wb.active.title = "说明"
    wb.active.append(["本表由平台导出"])
    ws = wb.create_sheet("工单明细")
    ws.append(["杨家泊镇便民专线工单导出"])
    ws.append(header)
    ws.append(values)
    wb.save(folder / "export.xlsx")
    out = {"xlsx_row": folder / "export.xlsx"}
    for name, encoding in (("csv_utf8_bom", "utf-8-sig"), ("csv_utf8", "utf-8"), ("csv_gb18030", "gb18030")):
        with open(folder / f"{name}.csv", "w", encoding=encoding, newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(header)
            writer.writerow(values)
        out[name] = folder / f"{name}.csv"
    return out


def _text_forms(data: dict, folder: Path) -> dict[str, Path]:
    rows = rows_of(data)
    txt = "\n".join(f"{label}：{value}" for label, value in rows)
    md = "\n\n".join(f"## {label}\n\n{value}" for label, value in rows)
    (folder / "pasted.txt").write_text(txt, encoding="utf-8")
    (folder / "pasted.md").write_text(md, encoding="utf-8")
    return {"txt": folder / "pasted.txt", "md": folder / "pasted.md"}


@pytest.mark.parametrize("case", CASES)
def test_every_form_gives_the_json_verdict_and_findings(tmp_path, case):
    data = _json(case)
    expected = signature(load_path(EXAMPLES / f"{case}.json"))
    forms = {**_word_forms(data, tmp_path), **_sheet_forms(data, tmp_path), **_text_forms(data, tmp_path)}
    got = {name: signature(load_path(path)) for name, path in forms.items()}
    different = {name: sig for name, sig in got.items() if sig != expected}
    assert not different, f"{case}: expected {expected}\n" + "\n".join(f"{k}: {v}" for k, v in different.items())


# -- .doc / .odt made by LibreOffice ---------------------------------------------------------------------

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) 未安装：.doc/.odt 转换测试跳过")


@pytest.fixture(scope="module")
def office_files(tmp_path_factory):
    """For each case a Word-built .docx (ending, as Word's do, with a paragraph), saved by LibreOffice as
    .doc and .odt — two LibreOffice runs for all cases."""
    folder = tmp_path_factory.mktemp("office")
    built = []
    for case in CASES:
        path = folder / f"{case}.docx"
        build.label_right(path, rows_of(_json(case)), trailing_paragraph=True)
        built.append(str(path))
    profile = tmp_path_factory.mktemp("profile")
    for target in ("doc", "odt"):
        subprocess.run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", target,
                        "--outdir", str(folder), *built], check=True, capture_output=True, timeout=300)
    return folder


@needs_soffice
@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("suffix", [".doc", ".odt"])
def test_doc_and_odt_converted_by_libreoffice_give_the_json_findings(office_files, case, suffix):
    path = office_files / f"{case}{suffix}"
    before = path.read_bytes()
    items = load_path(path)
    assert signature(items) == signature(load_path(EXAMPLES / f"{case}.json"))
    assert items[0].source == str(path) and any("LibreOffice" in n for n in items[0].notes)
    assert path.read_bytes() == before  # the input is never touched


def test_without_libreoffice_a_doc_says_how_to_go_on(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    path = tmp_path / "旧稿.wps"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    (item,) = load_path(path)
    text = str(item)
    assert "LibreOffice" in text and "另存为" in text and "apt-get install libreoffice-writer-nogui" in text


# -- what each shape must get right on its own -------------------------------------------------------------

INTERNAL = ("2026年3月5日9时30分，城建科工作人员王明通过电话联系反映人，了解到西河筒村三街路灯不亮。"
            "当日10时20分，电工李强到达现场，更换了损坏的灯泡，现已恢复照明，问题已经解决。")
CITIZEN = "2026年3月5日16时，王明电话回复市民：路灯已修复。市民表示满意。"


def one(path: Path) -> Draft:
    items = load_path(path)
    assert len(items) == 1 and isinstance(items[0], Draft), items
    return items[0]


def test_synonyms_seen_on_office_forms(tmp_path):
    d = one(build.label_right(tmp_path / "d.docx", [("诉求类别", "办理"), ("办理情况", INTERNAL),
                                                      ("答复市民情况", CITIZEN)]))
    assert (d.category.value, d.internal_result, d.citizen_reply) == ("办理", INTERNAL, CITIZEN)


def test_the_citizens_request_is_context_never_the_reply(tmp_path):
    rows = [("工单类型", "办理"), ("办理结果", INTERNAL), ("回复市民时间及内容", CITIZEN)]
    d = one(build.platform_printout(tmp_path / "p.docx", rows, PRINTOUT))
    assert d.request == PRINTOUT[3][1]
    assert "已经坏了一周" not in d.internal_result + d.citizen_reply
    assert not d.unclaimed  # caller, number, address, status and times are known rows, not loose text


def test_only_the_current_reply_is_judged(tmp_path, ruleset):
    rows = [("工单类型", "办理"), ("办理结果", INTERNAL), ("回复市民时间及内容", CITIZEN)]
    d = one(build.returned_and_current(tmp_path / "r.docx", rows, EARLIER))
    assert (d.internal_result, d.citizen_reply) == (INTERNAL, CITIZEN)
    rules = {f.rule for f in check_draft(d, ruleset.rules)}
    assert not rules & {"forbidden-transfer-phrase", "forbidden-bare-closure"}


def test_text_under_an_unknown_label_is_reported_and_its_field_not_called_missing(tmp_path, ruleset):
    path = tmp_path / "d.docx"
    build.label_right(path, [("工单类型", "办理"), ("处理经过", INTERNAL), ("回复市民时间及内容", CITIZEN)])
    d = one(path)
    findings = check_draft(d, ruleset.rules)
    loose = [f for f in findings if f.rule == "unlabelled-text"]
    assert len(loose) == 1 and loose[0].severity.value == "warning" and loose[0].clause == "3"
    assert loose[0].message.startswith("“处理经过”下的文字没有认出属于哪一栏：2026年3月5日")
    assert "办理结果（内部可见）" in loose[0].hint and loose[0].location.describe() == "表格1第2行第2列"
    assert "internal-result-missing" not in {f.rule for f in findings}


def test_an_unlabelled_citizen_reply_is_reported_not_called_missing(tmp_path, ruleset):
    d = one(build.free_paragraphs(tmp_path / "d.docx", [CITIZEN], rows=[("工单类型", "办理"), ("办理结果", INTERNAL)]))
    findings = check_draft(d, ruleset.rules)
    rules = {f.rule for f in findings}
    assert "unlabelled-text" in rules and "citizen-reply-missing" not in rules
    (loose,) = [f for f in findings if f.rule == "unlabelled-text"]
    assert "路灯已修复" in loose.message and loose.location.describe() == "第2段"


def test_a_bold_category_label_inside_its_paragraph(tmp_path):
    d = one(build.bold_runs_inline(tmp_path / "d.docx", [("工单类型", "投诉"), ("办理结果（内部可见）", INTERNAL)]))
    assert d.category.value == "投诉" and d.internal_result == INTERNAL


def test_a_titles_and_signatures_are_not_loose_text(tmp_path):
    d = one(build.free_paragraphs(tmp_path / "d.docx", ["承办人：王明", "2026年3月6日"],
                                  rows=[("工单类型", "办理"), ("办理结果", INTERNAL)]))
    assert not d.unclaimed


def test_pasted_text_points_at_its_lines(tmp_path, ruleset):
    path = tmp_path / "粘贴.txt"
    path.write_text(f"工单类型：办理\n\n办理结果（内部可见）\n{INTERNAL}\n回复市民时间及内容：已转城建科处理。\n",
                    encoding="utf-8")
    d = one(path)
    (f,) = [f for f in check_draft(d, ruleset.rules) if f.rule == "forbidden-transfer-phrase"]
    assert f.location.describe() == "第5行"


def test_spreadsheet_rows_are_drafts_located_by_sheet_and_row(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "三月"
    ws.append(["答复市民情况", "工单编号", "诉求类别", "办理情况", "来电号码"])
    ws.append([CITIZEN, "BH1", "办理", INTERNAL, "13800000000"])
    ws.append([None, None, None, None, None])
    ws.append(["已转城建科处理。", 2026030002, "办理", INTERNAL, None])
    other = wb.create_sheet("四月")
    other.append(["工单编号", "工单类型", "办理结果", "回复市民内容"])
    other.append(["BH3", "投拆", INTERNAL, CITIZEN])
    wb.save(tmp_path / "导出.xlsx")
    items = load_path(tmp_path / "导出.xlsx")
    assert [getattr(i, "order_id", None) for i in items] == ["BH1", "2026030002", None]
    assert items[0].request == "" and items[0].category.value == "办理"
    assert items[1].locations["citizen_reply"].describe() == "工作表“三月”第4行“答复市民情况”列"
    assert "工作表“四月”第2行" in str(items[2]) and "工单类型" in str(items[2])


def test_an_xlsx_zip_bomb_is_refused(tmp_path):
    import zipfile

    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", "<x/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"0" * (3 * 1024 * 1024))
    (item,) = load_path(path, max_bytes=1024 * 1024)
    assert "压缩炸弹" in str(item)


def test_the_suffix_registry_is_the_one_list():
    from replycheck.inputs import collect

    assert set(FORMATS) >= {".docx", ".json", ".jsonl", ".txt", ".md", ".xlsx", ".csv", ".doc", ".wps", ".rtf", ".odt"}
    for module in set(FORMATS.values()):
        assert callable(__import__(f"replycheck.loaders.{module}", fromlist=["load"]).load)
    assert collect.__doc__ and "FORMATS" in collect.__doc__


def test_labels_come_from_the_yaml_beside_the_vocabulary():
    import yaml

    from replycheck.labelbook import labels_path

    data = yaml.safe_load(labels_path().read_text(encoding="utf-8"))
    assert labels_path().parent.joinpath("vocabulary.yaml").is_file()
    assert {k: tuple(v) for k, v in data["fields"].items()} == FIELD_LABELS
    assert {"办理情况", "答复市民情况", "诉求类别"} <= {label for v in data["fields"].values() for label in v}


def test_a_folder_of_every_form_is_checked_in_one_run(tmp_path):
    data = _json("bad-banli-transferred")
    folder = tmp_path / "本周回复"
    folder.mkdir()
    (folder / "草稿.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    (folder / "批量.jsonl").write_text(json.dumps(data, ensure_ascii=False) + "\n", encoding="utf-8")
    files = {**_word_forms(data, folder), **_sheet_forms(data, folder), **_text_forms(data, folder)}
    if SOFFICE:
        shutil.copy(build.label_right(tmp_path / "x.docx", rows_of(data), trailing_paragraph=True), folder / "x.docx")
        subprocess.run([SOFFICE, f"-env:UserInstallation={(tmp_path / 'p').as_uri()}", "--headless", "--convert-to",
                        "doc", "--outdir", str(folder), str(folder / "x.docx")], check=True, capture_output=True,
                       timeout=300)
        files["doc"] = folder / "x.doc"
    proc = run_subprocess(str(folder), "--format", "json", "--jobs", "1", timeout=600)
    report = json.loads(proc.stdout)
    seen = {Path(r["path"]).name for r in report}
    expected = {p.name for p in files.values()} | {"草稿.json", "批量.jsonl"} | ({"x.docx"} if SOFFICE else set())
    assert seen == expected
    assert not [r for r in report if r["error"]]
    assert all("forbidden-transfer-phrase" in {f["rule"] for f in r["findings"]} for r in report)
    assert proc.returncode == 1


def test_stdin_text(tmp_path):
    text = f"工单类型：办理\n办理结果：{INTERNAL}\n回复市民时间及内容：{CITIZEN}\n"
    proc = run_subprocess("-", "--stdin-format", "text", "--format", "json", input=text.encode("utf-8"))
    (result,) = json.loads(proc.stdout)
    assert result["path"] == "<标准输入>" and result["category"] == "办理" and not result["error"]
    plain = run_subprocess("-", "--format", "json", input=text.encode("utf-8"))
    assert "JSON" in json.loads(plain.stdout)[0]["error"]  # the default stays JSON

