"""Counts every batch report shares: totals, most frequent findings, pass rate per department."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from replycheck.model import Severity


NO_DEPARTMENT = "未填承办科室"


def department_of(r) -> str:
    """The department a draft's list goes to; unreadable files and drafts without one share a list."""
    return (r.department or "").strip() or NO_DEPARTMENT


@dataclass
class Summary:
    checked: int = 0
    passed: int = 0
    failed: int = 0
    unreadable: int = 0
    skipped: list = field(default_factory=list)  # the results of files left out, each with its reason
    by_rule: Counter = field(default_factory=Counter)  # (rule, clause) -> count
    by_clause: Counter = field(default_factory=Counter)
    by_department: Counter = field(default_factory=Counter)  # department -> findings (errors and warnings)
    departments: dict[str, list[int]] = field(default_factory=dict)  # name -> [passed, total]

    @property
    def pass_rate(self) -> float:
        return self.passed / self.checked if self.checked else 0.0


def summarize(results, fail_on: Severity = Severity.error) -> Summary:
    s = Summary()
    for r in results:
        if r.skipped:
            s.skipped.append(r)
            continue
        s.checked += 1
        if r.error:
            s.unreadable += 1
            continue
        ok = r.passes(fail_on)
        if ok:
            s.passed += 1
        else:
            s.failed += 1
        dept = department_of(r)
        tally = s.departments.setdefault(dept, [0, 0])
        tally[0] += 1 if ok else 0
        tally[1] += 1
        for f in r.findings:
            if f.waived is None and f.severity.value != "info":
                s.by_rule[(f.rule, f.clause)] += 1
                s.by_clause[f.clause] += 1
                s.by_department[dept] += 1
    return s
