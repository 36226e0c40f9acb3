"""The clerk's week: one list per department, the Excel workbook, rule titles everywhere, duplicate work
orders, and this week against the last."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest

from conftest import EXAMPLES

OK = json.loads((EXAMPLES / "ok-tousu.json").read_text(encoding="utf-8"))
BAD = json.loads((EXAMPLES / "bad-tousu-no-penalty.json").read_text(encoding="utf-8"))


def _titles() -> dict[str, str]:
    from replycheck.rulebook import load_rules

    return {r.id: r.title for r in load_rules().rules}


@pytest.fixture
def week(tmp_path) -> Path:
    """Drafts of several departments (one with a name Windows cannot take), one without a department,
    one unreadable file."""
    folder = tmp_path / "本周"
    folder.mkdir()
    for name in ("ok-tousu.json", "bad-tousu-no-penalty.json", "ok-jubao.json", "bad-jubao-pii.json",
                 "ok-banli-repair.json", "bad-banli-in-progress.json", "bad-banli-transferred.json",
                 "ok-zixun.json", "bad-zixun-no-document.json"):
        shutil.copy(EXAMPLES / name, folder / name)
    (folder / "odd-dept.json").write_text(json.dumps({**BAD, "order_id": "BH2026110100001",
                                                      "department": "CON"}, ensure_ascii=False), "utf-8")
    (folder / "slash-dept.json").write_text(json.dumps({**OK, "order_id": "BH2026110100002",
                                                        "department": "城建科/规划股?"}, ensure_ascii=False), "utf-8")
    no_dept = {k: v for k, v in BAD.items() if k != "department"}
    (folder / "no-dept.json").write_text(json.dumps({**no_dept, "order_id": "BH2026110100003"},
                                                    ensure_ascii=False), "utf-8")
    (folder / "broken.json").write_text("{not json", encoding="utf-8")
    return folder


def _run_json(cli, folder) -> list[dict]:
    _, out, _ = cli(str(folder), "--format", "json")
    return json.loads(out)


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)


def _html_text(path: Path) -> str:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return "".join(parser.parts)


def _drafts_in(fmt: str, path: Path, candidates: list[str]) -> set[str]:
    """The drafts (paths) a per-department file lists."""
    if fmt == "json":
        return {e["path"] for e in json.loads(path.read_text(encoding="utf-8"))}
    if fmt == "csv":
        text = path.read_bytes().decode("utf-8-sig")
        return {row["文件 path"] for row in csv.DictReader(io.StringIO(text))}
    if fmt == "xlsx":
        ws = openpyxl.load_workbook(path)["问题清单"]
        header = [c.value for c in ws[1]]
        return {row[header.index("文件")] for row in ws.iter_rows(min_row=2, values_only=True)}
    text = _html_text(path)
    return {p for p in candidates if p in text}


@pytest.mark.parametrize("fmt", ["html", "xlsx", "csv", "json"])
def test_by_department_writes_one_file_per_department_and_their_union_is_the_run(cli, week, tmp_path, fmt):
    report = _run_json(cli, week)
    out = tmp_path / "各科室"
    code, stdout, stderr = cli(str(week), "--format", fmt, "--by-department", str(out))
    assert code == 1 and stdout == ""
    assert "各科室" in stderr and "汇总" in stderr
    expected: dict[str, set[str]] = {}
    for e in report:
        expected.setdefault((e["department"] or "").strip() or "未填承办科室", set()).add(e["path"])
    files = sorted(p.name for p in out.iterdir())
    names = {"城建科/规划股?": "城建科_规划股_", "CON": "_CON"}
    wanted = sorted([f"汇总.{fmt}"] + [f"{names.get(d, d)}.{fmt}" for d in expected])
    assert files == wanted
    all_paths = [e["path"] for e in report]
    union: list[str] = []
    for dept, paths in expected.items():
        got = _drafts_in(fmt, out / f"{names.get(dept, dept)}.{fmt}", all_paths)
        assert got == paths, dept
        union.extend(got)
    assert sorted(union) == sorted(all_paths)  # every draft in exactly one department's file
    assert _drafts_in(fmt, out / f"汇总.{fmt}", all_paths) == set(all_paths)
    assert "broken.json" in " ".join(expected["未填承办科室"])  # an unreadable file is not left out


def test_department_file_names_are_safe_on_windows():
    from replycheck.report.by_department import file_names, safe_name

    assert safe_name('城建科<>:"/\\|?*') == "城建科_________"
    assert safe_name("con") == "_con" and safe_name("LPT1.备份") == "_LPT1.备份" and safe_name("COM10") == "COM10"
    assert safe_name("司法所. . ") == "司法所" and safe_name("\x07\x1f") == "未命名科室" and safe_name("..") == "未命名科室"
    assert safe_name("社会\n事务办") == "社会 事务办"
    assert file_names(["城建科", "城建科?", "城建科*", "汇总"], ".csv") == {
        "城建科": "城建科.csv", "城建科?": "城建科_.csv", "城建科*": "城建科_-2.csv", "汇总": "汇总-2.csv"}


def test_xlsx_needs_an_output_file_and_other_usage_errors(cli, week, tmp_path):
    code, out, err = cli(str(week), "--format", "xlsx")
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1 and "-o" in err
    code, _, err = cli(str(week), "--format", "sarif", "--by-department", str(tmp_path / "x"))
    assert code == 2 and "--by-department" in err and len(err.strip().splitlines()) == 1
    (tmp_path / "file").write_text("x")
    code, _, err = cli(str(week), "--format", "csv", "--by-department", str(tmp_path / "file"))
    assert code == 2 and "文件夹" in err


def test_the_workbook_read_back(cli, week, tmp_path):
    report = _run_json(cli, week)
    book_path = tmp_path / "报告.xlsx"
    code, _, _ = cli(str(week), "--format", "xlsx", "-o", str(book_path))
    assert code == 1
    book = openpyxl.load_workbook(book_path)
    departments = sorted({(e["department"] or "").strip() or "未填承办科室" for e in report})
    assert book.sheetnames[:2] == ["汇总", "问题清单"]
    # One sheet per department; names Excel accepts ([]:*?/\ are not allowed, at most 31 characters).
    dept_sheets = book.sheetnames[2:]
    assert len(dept_sheets) == len(departments) and len(set(dept_sheets)) == len(dept_sheets)
    assert all(len(s) <= 31 and not re.search(r"[\[\]:*?/\\]", s) for s in dept_sheets)
    assert "城建科_规划股_" in dept_sheets
    findings = book["问题清单"]
    header = [c.value for c in findings[1]]
    assert header[:9] == ["工单编号", "承办科室", "类型", "办理类型", "结论", "条款", "规则", "问题", "级别"]
    for column in ("原文摘录", "修改建议", "文件", "位置"):
        assert column in header
    assert findings.freeze_panes == "A2" and findings.auto_filter.ref.startswith("A1:")
    rows = list(findings.iter_rows(min_row=2, values_only=True))
    n_findings = sum(max(1, len(e["findings"])) for e in report)
    assert len(rows) == n_findings
    assert {r[header.index("级别")] for r in rows} <= {"错误", "警告", "提示", None}
    # Each department sheet holds that department's rows only.
    for sheet in dept_sheets:
        depts = {r[1] for r in book[sheet].iter_rows(min_row=2, values_only=True)}
        assert len(depts) == 1
    # The 汇总 sheet: totals and each department's drafts and passes, as the JSON report has them.
    summary = {row[0]: row[1:] for row in book["汇总"].iter_rows(values_only=True) if row and row[0]}
    assert summary["共检查"][0] == len(report)
    assert summary["通过"][0] == sum(e["ok"] for e in report)
    assert summary["无法读取"][0] == sum(1 for e in report if e["error"])
    for dept in departments:
        own = [e for e in report if ((e["department"] or "").strip() or "未填承办科室") == dept and not e["error"]]
        if own:
            assert summary[dept][:2] == (sum(e["ok"] for e in own), len(own)), dept
    # Most frequent problems by clause, with the clause's and the rule's Chinese names.
    titles = _titles()
    top = [row for row in book["汇总"].iter_rows(values_only=True) if row[3] in titles]
    assert top and all(row[2] == titles[row[3]] and row[1] for row in top)
    # Wide enough for Chinese: the 问题 column fits its longest (capped) text, counted double.
    assert book["问题清单"].column_dimensions["H"].width >= 30


def test_formula_like_cells_stay_text():
    from replycheck.model import Finding, Result, Severity
    from replycheck.report import ReportMeta, render

    finding = Finding(rule="pii-mobile", title="泄露完整手机号", clause="1.8", severity=Severity.error,
                      field="citizen_reply", message="市民可见内容中出现了完整的手机号码", excerpt="=HYPERLINK(\"x\")",
                      hint="+1 改正")
    results = [Result(path="@a.json", order_id="=1+1", department="-城建科", category="投诉", action="办结",
                      findings=[finding])]
    data = render("xlsx", results, ReportMeta(version="t", rules_digest="d", rules=[]))
    book = openpyxl.load_workbook(io.BytesIO(data))
    cells = [c for ws in book for row in ws.iter_rows() for c in row
             if isinstance(c.value, str) and c.value[:1] in "=+-@"]
    assert {c.value for c in cells} >= {"=1+1", "-城建科", '=HYPERLINK("x")', "+1 改正", "@a.json"}
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)
    assert "-城建科" in book.sheetnames


def _assert_titled(text: str, titles: dict[str, str], where: str) -> None:
    """Every rule id in ``text`` has its Chinese title close by."""
    shown = 0
    for rule, title in titles.items():
        for m in re.finditer(rf"(?<![a-z-]){re.escape(rule)}(?![a-z-])", text):
            near = text[max(0, m.start() - 120):m.end() + 120]
            assert title in near, f"{where}: {rule} without its title “{title}”: …{near}…"
            shown += 1
    assert shown, f"{where}: no rule shown at all"


@pytest.mark.parametrize("fmt", ["rich", "statistics", "html", "csv", "xlsx", "junit", "github", "sarif"])
def test_no_human_facing_output_shows_a_bare_rule_id(cli, tmp_path, fmt):
    titles = _titles()
    args = ["--statistics"] if fmt == "statistics" else ["--format", fmt]
    out_file = tmp_path / "out"
    code, out, _ = cli(str(EXAMPLES), *args, "-o", str(out_file))
    if fmt == "xlsx":
        book = openpyxl.load_workbook(io.BytesIO(out_file.read_bytes()))
        rows = [" ".join(str(v) for v in row if v is not None) for ws in book for row in ws.iter_rows(values_only=True)]
        shown = 0
        for row in rows:  # a row naming a rule names its title too
            for rule in set(re.findall(r"(?<![a-z-])[a-z][a-z0-9]*(?:-[a-z0-9]+)+(?![a-z-])", row)) & set(titles):
                assert titles[rule] in row, row
                shown += 1
        assert shown
        return
    text = out_file.read_text(encoding="utf-8-sig")
    if fmt == "html":
        text = _html_text(out_file)
    if fmt == "sarif":
        rules = json.loads(text)["runs"][0]["tool"]["driver"]["rules"]
        assert all(r["shortDescription"]["text"] == titles[r["id"]] for r in rules)
        return
    _assert_titled(text, titles, fmt)


def test_every_builtin_rule_has_a_title_and_a_town_rule_without_one_is_warned(cli, tmp_path):
    titles = _titles()
    assert all(2 <= len(t) <= 30 for t in titles.values()) and len(set(titles.values())) == len(titles)
    rules = tmp_path / "我镇规则"
    rules.mkdir()
    own = (EXAMPLES.parent / "rules/3.3-result/forbidden-in-progress.yaml").read_text(encoding="utf-8")
    own = own.replace("id: forbidden-in-progress", "id: town-in-progress")
    own = "\n".join(line for line in own.splitlines() if not line.startswith("title:"))
    (rules / "town.yaml").write_text(own, encoding="utf-8")
    code, out, _ = cli("rules", "check", str(rules))
    assert code == 0 and "town-in-progress 没有 title" in out


def test_a_builtin_rule_without_a_title_is_an_error(tmp_path, monkeypatch):
    from replycheck import rulebook
    from replycheck.errors import RuleFileError

    copy = tmp_path / "rules"
    shutil.copytree(rulebook.builtin_rules_dir(), copy)
    path = copy / "3.3-result/forbidden-in-progress.yaml"
    path.write_text("\n".join(ln for ln in path.read_text(encoding="utf-8").splitlines()
                              if not ln.startswith("title:")), encoding="utf-8")
    monkeypatch.setattr(rulebook, "builtin_rules_dir", lambda: copy)
    with pytest.raises(RuleFileError, match="缺少 title"):
        rulebook.load_rules()


def test_csv_severity_is_chinese_and_json_keeps_english(cli):
    _, out, _ = cli(str(EXAMPLES / "bad-jubao-pii.json"), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
    assert {r["级别 severity"] for r in rows} <= {"错误", "警告", "提示"}
    _, out, _ = cli(str(EXAMPLES / "bad-jubao-pii.json"), "--format", "json")
    assert {f["severity"] for f in json.loads(out)[0]["findings"]} <= {"error", "warning", "info"}


def test_html_chart_labels_are_whole(cli, tmp_path):
    from replycheck.clauses import CLAUSES

    page = tmp_path / "r.html"
    cli(str(EXAMPLES), "--format", "html", "-o", str(page))
    html = page.read_text(encoding="utf-8")
    svg_text = "".join(re.findall(r"<text[^>]*>([^<]*)</text>", html))
    for number in ("3.3.2", "3.3.3", "1.2"):
        assert f"第{number}条 {CLAUSES[number].title}" in svg_text  # a label may wrap, never be cut


def test_eleven_drafts_with_one_work_order_are_reported_once(cli, tmp_path):
    folder = tmp_path / "w"
    folder.mkdir()
    for i in range(11):
        (folder / f"回复{i:02d}.json").write_text(json.dumps(OK, ensure_ascii=False), encoding="utf-8")
    code, out, _ = cli(str(folder), "--quiet")
    assert code == 0
    assert out.count("同一工单编号出现在多份草稿中（1 组") == 1
    line = next(ln for ln in out.splitlines() if ln.strip().startswith(OK["order_id"]))
    assert all(f"回复{i:02d}.json" in line for i in range(11))
    report = json.loads(cli(str(folder), "--format", "json")[1])
    assert report[0]["notes"] == []
    last = report[-1]["notes"]
    assert len(last) == 1 and all(f"回复{i:02d}.json" in last[0] for i in range(10))
    assert all(len(e["notes"]) == 1 and OK["order_id"] in e["notes"][0] for e in report[1:])
    page = tmp_path / "r.html"
    cli(str(folder), "--format", "html", "-o", str(page))
    assert "重复的工单编号" in _html_text(page)
    book = tmp_path / "r.xlsx"
    cli(str(folder), "--format", "xlsx", "-o", str(book))
    rows = list(openpyxl.load_workbook(book)["汇总"].iter_rows(values_only=True))
    assert [r[0] for r in rows].count(OK["order_id"]) == 1


def _draft(obj: dict, order: str, dept: str) -> str:
    return json.dumps({**obj, "order_id": order, "department": dept}, ensure_ascii=False)


@pytest.fixture
def two_weeks(tmp_path, cli):
    """Last week 城建科 passed 1 of 3 and 司法所 2 of 2; this week 城建科 passes 3 of 3 and 司法所 1 of 2."""
    last, this = tmp_path / "上周", tmp_path / "本周"
    last.mkdir()
    this.mkdir()
    plan = {  # order: (department, passed last week, passed this week)
        "BH2026110100011": ("城建科", False, True),
        "BH2026110100012": ("城建科", False, True),
        "BH2026110100013": ("城建科", True, True),
        "BH2026110100021": ("司法所", True, False),
        "BH2026110100022": ("司法所", True, True),
        "BH2026110100031": ("综合办", False, False),
    }
    for order, (dept, before, now) in plan.items():
        (last / f"{order}.json").write_text(_draft(OK if before else BAD, order, dept), encoding="utf-8")
        (this / f"{order}.json").write_text(_draft(OK if now else BAD, order, dept), encoding="utf-8")
    (this / "new.json").write_text(_draft(BAD, "BH2026110100023", "司法所"), encoding="utf-8")
    previous = tmp_path / "上周.json"
    cli(str(last), "--format", "json", "-o", str(previous))
    return this, previous


def test_compare_reports_an_improved_and_a_regressed_department(cli, two_weeks, tmp_path):
    this, previous = two_weeks
    code, out, _ = cli(str(this), "--compare", str(previous), "--quiet")
    assert code == 1
    lines = out.splitlines()
    row = {ln.split()[0]: ln.split()[1:] for ln in lines[lines.index("与上次对比（上周.json）："):] if ln.strip()}
    assert row["城建科"] == ["33%", "100%", "上升", "67", "个百分点"]
    assert row["司法所"] == ["100%", "33%", "下降", "67", "个百分点"]
    assert row["综合办"] == ["0%", "0%", "持平"]
    assert "城建科·已改正（2）：BH2026110100011、BH2026110100012" in out
    assert "司法所·新出现未通过（2）：BH2026110100021、BH2026110100023" in out
    assert "综合办·仍未通过（1）：BH2026110100031" in out
    assert "城建科·新出现未通过" not in out and "司法所·已改正" not in out

    page = tmp_path / "r.html"
    cli(str(this), "--compare", str(previous), "--format", "html", "-o", str(page))
    html = page.read_text(encoding="utf-8")
    section = html[html.index("与上次对比"):]
    city = section[section.index("城建科"):section.index("</tr>", section.index("城建科"))]
    assert "上升 67 个百分点" in city and "BH2026110100011、BH2026110100012" in city
    justice = section[section.index("司法所"):section.index("</tr>", section.index("司法所"))]
    assert "下降 67 个百分点" in justice and "BH2026110100021、BH2026110100023" in justice

    book = tmp_path / "r.xlsx"
    cli(str(this), "--compare", str(previous), "--format", "xlsx", "-o", str(book))
    rows = {r[0]: r for r in openpyxl.load_workbook(book)["汇总"].iter_rows(values_only=True) if r[0]}
    start = next(k for k in rows if str(k).startswith("与上次对比"))
    assert rows[start][1:4] == ("上次通过率", "本次通过率", "变化")
    compared = list(openpyxl.load_workbook(book)["汇总"].iter_rows(values_only=True))
    block = compared[[r[0] for r in compared].index(start):]
    city = next(r for r in block if r[0] == "城建科")
    justice = next(r for r in block if r[0] == "司法所")
    assert city[1:6] == ("33%", "100%", "上升 67 个百分点", None, "BH2026110100011、BH2026110100012")
    assert justice[1:5] == ("100%", "33%", "下降 67 个百分点", "BH2026110100021、BH2026110100023")

    # Per department, each file carries its own comparison.
    out_dir = tmp_path / "各科室"
    cli(str(this), "--compare", str(previous), "--format", "html", "--by-department", str(out_dir))
    assert "上升 67 个百分点" in _html_text(out_dir / "城建科.html")
    assert "下降 67 个百分点" not in _html_text(out_dir / "城建科.html")


@pytest.mark.parametrize("content, problem", [
    (None, "文件不存在"), ("{not json", "不是有效的 JSON"), ('{"a": 1}', "不是 replycheck 的 JSON 报告"),
    ("[1, 2]", "不是 replycheck 的 JSON 报告")])
def test_a_bad_compare_file_is_one_line_and_exit_2(cli, tmp_path, content, problem):
    previous = tmp_path / "上周.json"
    if content is not None:
        previous.write_text(content, encoding="utf-8")
    code, out, err = cli(str(EXAMPLES / "ok-tousu.json"), "--compare", str(previous))
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and problem in err and "上周.json" in err


def test_compare_is_refused_for_a_format_that_cannot_show_it(cli, two_weeks):
    this, previous = two_weeks
    code, _, err = cli(str(this), "--compare", str(previous), "--format", "sarif")
    assert code == 2 and "--compare" in err
