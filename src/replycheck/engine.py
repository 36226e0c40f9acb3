"""Drafts × compiled rules → findings. Pure: no printing, no files."""

from __future__ import annotations

from typing import Iterable

from replycheck.checks.base import Context
from replycheck.errors import InputError
from replycheck.model import Draft, Finding, Result, Severity

_FIELD_ORDER = {"category": 0, "order_id": 1, "internal_result": 2, "citizen_reply": 3, "attachments": 4}


def _order(f: Finding) -> tuple:
    return (_FIELD_ORDER.get(f.field or "", 9), f.start if f.start is not None else 10**9, f.clause, f.rule)


def check_draft(draft: Draft, rules: Iterable) -> list[Finding]:
    """Every finding of every rule that applies to ``draft``, in reading order."""
    return examine(draft, list(rules))[0]


def lexicon_of(rules: list):
    """The reading's vocabulary the rules were compiled with (every reading rule carries it)."""
    return next((r.lexicon for r in rules if getattr(r, "lexicon", None) is not None), None)


def examine(draft: Draft, rules: list, lexicon=None) -> tuple[list[Finding], list[dict]]:
    """The findings, and the checklist of elements as the reading saw them (docs: ``elements``)."""
    lexicon = lexicon or lexicon_of(rules)
    ctx = Context(draft, lexicon)
    findings = _run(draft, rules, ctx)
    elements = [e.as_dict() for e in ctx.reading(lexicon).elements.values()] if lexicon is not None else []
    return findings, _unsure_where_lowered(elements, findings, rules)


def _unsure_where_lowered(elements: list[dict], findings: list[Finding], rules: list) -> list[dict]:
    """An element (or part) whose rule lowered its error to a warning (unsure_when) is “?” in the
    checklist, with the warning's words as its note: the checklist and the findings tell one story."""
    warned = {f.rule: f.message for f in findings if f.severity == Severity.warning}
    if not warned:
        return elements
    lowered = {}
    for rule in rules:
        # __dict__, not getattr: most rules have no element, and a missing attribute is slow on a model.
        element = rule.__dict__.get("element")
        if element and rule.id in warned and rule.severity != Severity.warning:
            lowered[(element, rule.__dict__.get("part"))] = warned[rule.id]
    if not lowered:
        return elements
    for element in elements:
        for part in [None] + [p["key"] for p in element["parts"]]:
            message = lowered.get((element["key"], part))
            target = element if part is None else next(p for p in element["parts"] if p["key"] == part)
            if message and target["status"] == "missing":
                target.update(status="unsure", note=message)
    return elements


def _run(draft: Draft, rules: list, ctx: Context) -> list[Finding]:
    findings: list[Finding] = []
    for rule in rules:
        ctx.start_rule()
        try:
            if rule.applies_to(draft, ctx):
                findings.extend(rule.calibrated(rule.run(draft, ctx), draft, ctx))
        except TimeoutError:
            findings.append(Finding(
                rule=rule.id, title=rule.display_title, clause=rule.clause, severity=Severity.warning, field=None,
                message=f"规则 {rule.id} 匹配超时，本份草稿未完成该项检查",
                hint="请规则维护人员简化该规则的正则表达式"))
    findings.sort(key=_order)
    return findings


def check_loaded(items: Iterable[Draft | InputError], rules: list, path: str) -> list[Result]:
    """Results for what a loader returned: drafts are checked, load errors are carried through."""
    results: list[Result] = []
    lexicon = lexicon_of(rules)
    for i, item in enumerate(items):
        if isinstance(item, InputError):
            results.append(Result(path=path, index=i, error=item.line()))
        else:
            findings, elements = examine(item, rules, lexicon)
            result = Result.for_draft(item, findings)
            result.elements = elements
            results.append(result)
    return results
