"""Reporters: each output format is one module with ``render(results, meta) -> str``. None re-checks."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any

from replycheck.model import Severity

FORMATS = {
    "rich": "replycheck.report.terminal",
    "json": "replycheck.report.json_report",
    "sarif": "replycheck.report.sarif",
    "junit": "replycheck.report.junit",
    "github": "replycheck.report.github",
    "csv": "replycheck.report.csv_report",
    "html": "replycheck.report.html",
}


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


def render(fmt: str, results: list, meta: ReportMeta) -> str:
    module = importlib.import_module(FORMATS[fmt])
    return module.render(results, meta)
