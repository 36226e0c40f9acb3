"""Each rule's own examples, run the way LanguageTool runs its rules: exact rule, exact span.

A failing example marks the words the finding must point at with [[…]]; an unmarked failing example
expects a finding that points at no words (something missing). A passing example must produce no
finding of that rule. ``replycheck rules check`` and the test suite both use this.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from replycheck import programs
from replycheck.checks.base import Context, Example
from replycheck.engine import check_draft
from replycheck.model import Action, Draft, Severity

_MARK = programs.pattern(r"\[\[(.*?)\]\]", re.S)


@dataclass
class ExampleOutcome:
    rule: str
    kind: str  # pass | fail
    text: str
    ok: bool
    problem: str = ""


def _unmark(text: str) -> tuple[str, list[tuple[int, int]]]:
    spans: list[tuple[int, int]] = []
    out: list[str] = []
    pos = 0
    length = 0
    for m in _MARK.finditer(text):
        before = text[pos : m.start()]
        out.append(before)
        length += len(before)
        out.append(m.group(1))
        spans.append((length, length + len(m.group(1))))
        length += len(m.group(1))
        pos = m.end()
    out.append(text[pos:])
    return "".join(out), spans


def example_draft(rule, example: str | Example) -> tuple[Draft, dict[str, list[tuple[int, int]]]]:
    """The draft an example stands for, and the marked spans per field."""
    if isinstance(example, str):
        example = Example(**{rule.fields[0] if rule.fields[0] in ("internal_result", "citizen_reply")
                             else "internal_result": example})
    data: dict = {
        "category": example.category or (rule.categories[0] if rule.categories else None),
        "action": example.action or (rule.actions[0] if rule.actions else Action.办结),
        "attachments": example.attachments,
    }
    if example.revisit_unsuitable is not None:
        data["revisit_unsuitable"] = example.revisit_unsuitable
    for name in ("received_at", "deadline"):
        if getattr(example, name):
            data[name] = getattr(example, name)
    spans: dict[str, list[tuple[int, int]]] = {}
    for field in ("internal_result", "citizen_reply"):
        raw = getattr(example, field)
        if raw is not None:
            data[field], spans[field] = _unmark(raw)
    if rule.fields == ["category"] and "category" not in example.model_fields_set:
        data["category"] = example.category
    draft = Draft.model_validate(data)
    if example.unlabelled:
        from replycheck.loaders.text_loader import read_text

        draft.unclaimed = read_text("\n".join(example.unlabelled)).unclaimed_items()
    return draft, spans


def _due_severity(rule, draft) -> Severity:
    """The rule's severity, or an error where the example states the rule's signal plainly (error_when)."""
    return Severity.error if rule.compiled_sure and rule.states_signal(Context(draft)) else rule.severity


def run_rule_examples(rule) -> list[ExampleOutcome]:
    outcomes: list[ExampleOutcome] = []
    for kind, examples in (("pass", rule.examples.pass_), ("fail", rule.examples.fail),
                           ("unsure", rule.examples.unsure)):
        for example in examples:
            label = example if isinstance(example, str) else (example.internal_result or example.citizen_reply or "")
            draft, spans = example_draft(rule, example)
            mine = [f for f in check_draft(draft, [rule])]
            if kind == "pass":
                ok = not mine
                problem = "" if ok else f"不应报告却报告了：{[f.excerpt or f.message for f in mine]}"
            elif kind == "unsure":
                ok = bool(mine) and all(f.severity == Severity.warning for f in mine)
                problem = "" if ok else f"应只报警告（请确认），实际 {[(f.severity.value, f.excerpt) for f in mine] or '未报告'}"
            else:
                expected = {(f, s) for f, ss in spans.items() for s in ss}
                got = {(f.field, (f.start, f.end)) for f in mine if f.start is not None}
                if expected:
                    ok = expected == got
                    problem = "" if ok else f"应标出 {sorted(expected)}，实际 {sorted(got)}"
                else:
                    ok = any(f.start is None for f in mine)
                    problem = "" if ok else f"应报告缺失（不指向具体文字），实际 {[(f.excerpt, f.start) for f in mine] or '未报告'}"
                due = _due_severity(rule, draft)
                if ok and not any(f.severity == due for f in mine):  # unsure_when took it down
                    ok, problem = False, f"应报{due.value}，实际只有 {[f.severity.value for f in mine]}"
            outcomes.append(ExampleOutcome(rule.id, kind, label, ok, problem))
    return outcomes
