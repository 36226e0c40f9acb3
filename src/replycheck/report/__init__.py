"""Reporters: each output format is one module with ``render(results, meta) -> str`` (``bytes`` for a
binary format such as xlsx). None re-checks. ``FORMATS`` is the one list of formats: the command line's
``--format`` choices are made from it."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any, Optional

from replycheck.model import Severity
from replycheck.formats import FORMATS, FormatSpec  # noqa: F401  (the one list, re-exported)


@dataclass
class ReportMeta:
    """What a reporter may need besides the results."""

    version: str
    rules_digest: str
    rules: list[Any] = field(default_factory=list)  # the rules in force, for SARIF and explanations
    show_pii: bool = False
    color: bool = False
    width: int = 100
    statistics: bool = False
    quiet: bool = False
    waivers_unused: list[str] = field(default_factory=list)
    # The level at which a finding fails a draft (--fail-on / config fail_on): every format's verdict, its
    # summary and the exit code are decided by it (Result.passes), so they never disagree.
    fail_on: Severity = Severity.error
    comparison: Any = None  # report.week.Comparison, with --compare
    department: Optional[str] = None  # the one department this report is for (--by-department)


def render(fmt: str, results: list, meta: ReportMeta) -> "str | bytes":
    module = importlib.import_module(FORMATS[fmt].module)
    return module.render(results, meta)


def write_file(fmt: str, report: "str | bytes", path) -> None:
    """A rendered report to a file: bytes as they are; CSV with a byte-order mark (Excel) and its own CRLF
    line ends untranslated; other text as UTF-8."""
    from pathlib import Path

    path = Path(path)
    if isinstance(report, bytes):
        path.write_bytes(report)
        return
    bom = FORMATS[fmt].bom
    path.write_text(report, encoding="utf-8-sig" if bom else "utf-8", errors="replace", newline="" if bom else None)
