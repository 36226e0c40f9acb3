"""CSV for spreadsheets: one row per finding and per note (e.g. an unknown key), one row for each draft
with neither, each unreadable file and each skipped file.

The CLI adds a UTF-8 byte-order mark so that Excel opens the Chinese text correctly. Every row carries
the replycheck version and rules digest, so a sheet copied elsewhere still says what produced it.
"""

from __future__ import annotations

import csv
import io

from replycheck.model import Severity
from replycheck.report.common import shower, where

COLUMNS = [
    ("path", "文件"), ("order_id", "工单编号"), ("department", "承办科室"), ("category", "工单类型"),
    ("action", "办理类型"), ("ok", "是否通过"), ("rule", "规则"), ("title", "规则名称"), ("clause", "条款"), ("severity", "级别"),
    ("field", "字段"), ("message", "问题"), ("excerpt", "原文摘录"), ("hint", "修改建议"),
    ("waived", "豁免理由"), ("version", "replycheck版本"), ("rules", "规则摘要"),
]
HEADER = [f"{zh} {en}" for en, zh in COLUMNS]
# A cell starting with one of these is a formula to Excel/WPS; a draft's words must never run as one.
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    text = str(value)
    return "'" + text if text.startswith(_FORMULA) else text


def rows(results, meta):
    show = shower(meta)
    for r in results:
        base = {"path": r.path, "order_id": r.order_id, "department": r.department, "category": r.category,
                "action": r.action, "ok": r.passes(meta.fail_on), "version": meta.version, "rules": meta.rules_digest}
        if r.skipped:
            yield {**base, "ok": "已跳过", "message": f"已跳过：{r.skipped}"}
            continue
        if r.error:
            yield {**base, "severity": Severity.error.label, "message": show(r.error)}
            continue
        for note in r.notes:
            yield {**base, "severity": "note", "message": f"提示：{note}"}
        if not r.findings and not r.notes:
            yield base
        for f in r.findings:
            yield {**base, "rule": f.rule, "title": f.title, "clause": f.clause, "severity": f.severity.label,
                   "field": where(f) if f.field else "", "message": f.message,
                   "excerpt": show(f.excerpt), "hint": f.hint, "waived": f.waived}


def render(results, meta) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for row in rows(results, meta):
        writer.writerow([cell(row.get(key)) for key, _ in COLUMNS])
    return out.getvalue()
