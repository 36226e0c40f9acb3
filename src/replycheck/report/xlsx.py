"""An Excel workbook for the clerk: a 汇总 sheet, a sheet of every finding, and one sheet per department.

Each sheet has a frozen header row and auto filters, so a department's list is one filter away; columns
are as wide as their Chinese text (a CJK character counts as two). Text from drafts is only ever text:
a cell beginning with = + - @ is stored as a string with Excel's quote prefix, so Excel and WPS表格 never
evaluate it. openpyxl is imported here only: no other command pays for it.
"""

from __future__ import annotations

import io
import unicodedata

from replycheck.clauses import CLAUSES, clause_sort_key
from replycheck.model import Severity
from replycheck.report.common import provenance, shower, where, xml_safe
from replycheck.report.summary import summarize
from replycheck.report.week import by_department, department_of, draft_name, duplicates

SUMMARY_SHEET = "汇总"
FINDINGS_SHEET = "问题清单"
FINDING_COLUMNS = ["工单编号", "承办科室", "类型", "办理类型", "结论", "条款", "规则", "问题", "级别", "原文摘录",
                   "修改建议", "豁免理由", "文件", "位置", "规则编号"]
_FORMULA = ("=", "+", "-", "@")
_MAX_CELL = 32767  # Excel's limit on the characters of one cell
_MAX_WIDTH = 60  # a wider column wraps its text instead
_BAD_SHEET = str.maketrans({c: "_" for c in "[]:*?/\\"})


def text_width(text: str) -> int:
    """Columns a text needs: CJK and other wide characters count as two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def sheet_title(name: str, taken: set[str]) -> str:
    """A valid, unique sheet name: at most 31 characters, none of []:*?/\\, not starting or ending with '."""
    base = xml_safe(name).translate(_BAD_SHEET).strip().strip("'") or "未命名"
    if base.casefold() == "history":  # reserved by Excel
        base += "_"
    title, n = base[:31], 2
    while title.casefold() in taken:
        tail = f"({n})"
        title, n = base[:31 - len(tail)] + tail, n + 1
    taken.add(title.casefold())
    return title


def _verdict(r, fail_on: Severity) -> str:
    return "已跳过" if r.skipped else "无法读取" if r.error else "通过" if r.passes(fail_on) else "未通过"


def finding_rows(results, meta) -> list[list]:
    """One row per finding; a draft without findings, an unreadable file and a skipped file get one row each."""
    show = shower(meta)
    rows = []
    for r in results:
        name = draft_name(r)
        if r.skipped:  # listed like every other input, but it belongs to no department
            rows.append([None, "", None, None, _verdict(r, meta.fail_on), "", "已跳过", f"已跳过（未检查，不影响结果）：{r.skipped}",
                         "", "", "", "", name, "", ""])
            continue
        base = [r.order_id, department_of(r), r.category, r.action, _verdict(r, meta.fail_on)]
        if r.error:
            rows.append(base + ["", "无法读取", show(r.error), Severity.error.label, "", "", "", name, "", ""])
            continue
        for note in r.notes:  # how the file was read, unknown keys, duplicates: remarks that fail nothing
            rows.append(base + ["", "提示", show(note), Severity.info.label, "", "", "", name, "", ""])
        if not r.findings and not r.notes:
            rows.append(base + ["", "", "没有发现问题", "", "", "", "", name, "", ""])
        for f in r.findings:
            rows.append(base + [f"第{f.clause}条", f.title or f.rule, f.message, f.severity.label, show(f.excerpt),
                                f.hint, f.waived, name, where(f) if f.field else "", f.rule])
    return rows


def _sheet(wb, title: str, header: list[str], rows: list[list], first: bool = False):
    from openpyxl.styles import Alignment, Font, PatternFill

    ws = wb.active if first else wb.create_sheet()
    ws.title = title
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE6F0")
    columns = max([len(header), *(len(r) for r in rows)])
    widths = [text_width(h) if len(header) > 1 else 0 for h in header] + [0] * (columns - len(header))
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        ws.append([None] * max(1, len(row)))
        alone = len(row) == 1  # a note on a row of its own runs on into the empty cells beside it
        for i, value in enumerate(row):
            cell = ws.cell(row=ws.max_row, column=i + 1)
            if isinstance(value, str):
                value = xml_safe(value)[:_MAX_CELL]
                cell.value = value
                if value.startswith(_FORMULA):  # words from a draft, never a formula
                    cell.data_type = "s"
                    cell.quotePrefix = True
                width = max((text_width(line) for line in value.splitlines()), default=0)
                if alone:
                    continue
                if width > _MAX_WIDTH or "\n" in value:
                    cell.alignment = wrap
                widths[i] = max(widths[i], min(width, _MAX_WIDTH))
            elif value is not None:
                cell.value = value
                widths[i] = max(widths[i], len(str(value)))
    from openpyxl.utils import get_column_letter

    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = max(w, 6) + 2
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(columns)}{ws.max_row}"
    return ws


def _percent(value) -> str:
    return "—" if value is None else f"{value:.0%}"


def summary_rows(results, meta) -> list[list]:
    """The 汇总 sheet: blocks of [label, values…] separated by empty rows."""
    s = summarize(results, meta.fail_on)
    rows: list[list] = [["工单回复草稿检查报告" + (f"：{meta.department}" if meta.department else "")],
                        [provenance(meta)], [], ["共检查", s.checked], ["通过", s.passed], ["未通过", s.failed], ["无法读取", s.unreadable],
                        *([["已跳过", len(s.skipped)]] if s.skipped else []),
                        ["通过率", _percent(s.pass_rate if s.checked else None)], []]
    if s.departments:
        rows.append(["各科室通过率", "通过", "总数", "通过率", "问题数"])
        for d, (ok, total) in sorted(s.departments.items(), key=lambda kv: (kv[1][0] / kv[1][1], kv[0])):
            rows.append([d, ok, total, _percent(ok / total), s.by_department.get(d, 0)])
        rows.append([])
    if s.by_rule:
        rows.append(["最常见的问题", "条款名称", "问题", "规则编号", "次数"])
        titles = {f.rule: f.title for r in results for f in r.findings}
        ranked = sorted(s.by_rule.items(), key=lambda kv: (-kv[1], clause_sort_key(kv[0][1]), kv[0][0]))
        for (rule, clause), n in ranked:
            rows.append([f"第{clause}条", CLAUSES[clause].title if clause in CLAUSES else "", titles.get(rule) or rule,
                         rule, n])
        rows.append(["（问题次数只计错误和警告，不含提示和已豁免的问题）"])
        rows.append([])
    groups = duplicates(results)
    if groups:
        rows.append(["重复的工单编号", "出现在这些草稿中"])
        rows.extend([g.order_id, "、".join(g.drafts)] for g in groups)
        rows.append([])
    comparison = meta.comparison
    if comparison is not None and comparison.overall is not None:
        rows.append([f"与上次对比（{comparison.source}）", "上次通过率", "本次通过率", "变化", "新出现未通过", "已改正",
                     "仍未通过"])
        for c in [comparison.overall, *comparison.departments]:
            rows.append([c.name, _percent(c.before.value), _percent(c.after.value), c.describe_delta(),
                         "、".join(c.newly_failing), "、".join(c.fixed), "、".join(c.still_failing)])
        rows.append([])
    if s.skipped:
        rows.append(["已跳过的文件（未检查，不影响结果）", "原因"])
        rows.extend([r.path, r.skipped] for r in s.skipped)
        rows.append([])
    for waiver in meta.waivers_unused:
        rows.append([f"提示：豁免“{waiver}”没有匹配任何问题，可以删除"])
    return rows


def render(results, meta) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    taken = {SUMMARY_SHEET.casefold(), FINDINGS_SHEET.casefold()}
    head, *rest = summary_rows(results, meta)
    summary = _sheet(wb, SUMMARY_SHEET, head, rest, first=True)
    summary.auto_filter.ref = None  # blocks of different tables: a filter would mix them
    for row in summary.iter_rows(min_row=2):
        if row[0].value and row[1].value in ("通过", "条款名称", "出现在这些草稿中", "上次通过率", "原因"):
            for cell in row:
                cell.font = Font(bold=True)
    rows = finding_rows(results, meta)
    _sheet(wb, FINDINGS_SHEET, FINDING_COLUMNS, rows)
    for dept, drafts in by_department(results).items():
        _sheet(wb, sheet_title(dept, taken), FINDING_COLUMNS, finding_rows(drafts, meta))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
