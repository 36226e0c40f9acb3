"""The one list of output formats. Kept apart from the reporters and the model so that the command
line can offer ``--format`` choices (and ``replycheck --help`` can show them) without importing either."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FormatSpec:
    module: str
    suffix: str  # of the files --by-department writes
    binary: bool = False  # bytes, written only to a file (-o)
    bom: bool = False  # a UTF-8 byte-order mark, so that Excel reads the Chinese text right
    per_department: bool = False  # --by-department can write one file per department
    comparison: bool = False  # shows --compare (the week against an earlier run)


FORMATS = {
    "rich": FormatSpec("replycheck.report.terminal", ".txt", comparison=True),
    "json": FormatSpec("replycheck.report.json_report", ".json", per_department=True),
    "sarif": FormatSpec("replycheck.report.sarif", ".sarif"),
    "junit": FormatSpec("replycheck.report.junit", ".xml"),
    "github": FormatSpec("replycheck.report.github", ".txt"),
    "csv": FormatSpec("replycheck.report.csv_report", ".csv", bom=True, per_department=True),
    "html": FormatSpec("replycheck.report.html", ".html", per_department=True, comparison=True),
    "xlsx": FormatSpec("replycheck.report.xlsx", ".xlsx", binary=True, per_department=True, comparison=True),
}
