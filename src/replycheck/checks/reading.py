"""``check: reading`` — a rule that asks the draft's reading a question instead of searching for words.

The reading (replycheck.reading) is built once per draft: clauses with their voice (the department's
own words, the citizen's, another order's), modality (done, under way, promised, conditional, negated)
and acts. ``ask`` names the question:

- ``unsettled-result``: the result is still under way or only promised (办理中 in any wording), and
  no settled outcome (solved, decision, dated plan, explanation) is stated;
- ``handover-result``: the matter was passed to another unit (已转/已交由/已通知/已上报 XX) and nothing
  about its outcome follows;
- ``bare-closure``: “已办结/已处理” stands for the result, with no content of what was done;
- ``phone-instead-of-answer``: the citizen is sent to a telephone number instead of an answer;
- ``transfer-suggested``: the citizen is sent to another unit (建议转XX科室, 请向XX反映);
- ``element-missing``: an element of the checklist (``element``, optionally one ``part``) is missing.

``patterns`` narrow a question to clauses whose words match (e.g. the literal 办理中 family);
``unless`` excuses a clause.
"""

from __future__ import annotations

from typing import Any, Literal, Optional

from pydantic import Field

from replycheck.checks.base import Context, RuleBase
from replycheck.model import Draft, Finding
from replycheck.reading.elements import UNSETTLED, _OPEN_ACTS, follows, own_acts
from replycheck.reading.model import SETTLED, Clause, Reading, Span

# What a route is followed by when it is not the result: the other unit's own settled outcome.
_OUTCOME_ACTS = ("solved", "decision", "plan", "repair", "explanation", "verdict_untrue", "verdict_true",
                 "verdict_partial", "finding", "measure", "mediation")


class ReadingRule(RuleBase):
    check: Literal["reading"]
    ask: Literal["unsettled-result", "handover-result", "bare-closure", "phone-instead-of-answer",
                 "transfer-suggested", "element-missing"]
    element: Optional[str] = Field(None, description="element-missing：清单中的要素（contact、reply_time……）")
    part: Optional[str] = Field(None, description="element-missing：要素的一部分（time、staff、means……）")
    patterns: list[str] = Field(default_factory=list, description="只看含这些说法的分句")
    unless: list[str] = Field(default_factory=list, description="含这些说法的分句不算")

    lexicon: Any = Field(None, exclude=True)
    compiled: list[Any] = Field(default_factory=list, exclude=True)
    compiled_unless: list[Any] = Field(default_factory=list, exclude=True)

    def compile(self, compile_pattern) -> None:
        super().compile(compile_pattern)
        self.compiled = [compile_pattern(p) for p in self.patterns]
        self.compiled_unless = [compile_pattern(p) for p in self.unless]

    # -- helpers -----------------------------------------------------------------------------------
    def _chosen(self, clause: Clause) -> bool:
        text = clause.text
        if self.compiled and not any(p.search(text) for p in self.compiled):
            return False
        return not any(p.search(text) for p in self.compiled_unless)

    def _at(self, draft: Draft, span: Span, message: str | None = None) -> Finding:
        return self.finding(draft, span.field, (span.start, span.end), message)

    def _settled(self, reading: Reading) -> bool:
        return reading.outcome not in (None, "open")

    # -- the questions ---------------------------------------------------------------------------
    def run(self, draft: Draft, ctx: Context) -> list[Finding]:
        reading = ctx.reading(self.lexicon)
        return getattr(self, "_" + self.ask.replace("-", "_"))(draft, reading)

    def _fields(self) -> tuple[str, ...]:
        return tuple(f for f in self.fields if f in ("internal_result", "citizen_reply"))

    def _unsettled_result(self, draft: Draft, reading: Reading) -> list[Finding]:
        if self._settled(reading):
            return []
        for clause in reading.own():
            if clause.field not in self._fields() or not self._chosen(clause):
                continue
            act = next((a for a in clause.acts if a.kind in _OPEN_ACTS and a.modality in UNSETTLED), None)
            if act is not None:
                return [self._at(draft, clause.span)]
        return []

    def _handover_result(self, draft: Draft, reading: Reading) -> list[Finding]:
        for clause, act in own_acts(reading, "handover", fields=self._fields()):
            if act.modality not in SETTLED or not self._chosen(clause):
                continue
            if follows(reading, clause, _OUTCOME_ACTS):
                continue
            return [self._at(draft, act.span)]
        return []

    def _bare_closure(self, draft: Draft, reading: Reading) -> list[Finding]:
        if self._settled(reading):
            return []
        for clause, act in own_acts(reading, "bare_closure", fields=self._fields()):
            if self._chosen(clause) and act.modality != "negated":
                return [self._at(draft, act.span)]
        return []

    def _phone_instead_of_answer(self, draft: Draft, reading: Reading) -> list[Finding]:
        if self._settled(reading):
            return []
        for clause, act in own_acts(reading, "phone_deflect", fields=self._fields()):
            if self._chosen(clause) and act.modality != "negated":
                return [self._at(draft, act.span)]
        return []

    def _transfer_suggested(self, draft: Draft, reading: Reading) -> list[Finding]:
        if self._settled(reading):
            return []
        for clause, act in own_acts(reading, "suggest_transfer", fields=self._fields()):
            if self._chosen(clause) and act.modality != "negated":
                return [self._at(draft, act.span)]
        return []

    def _element_missing(self, draft: Draft, reading: Reading) -> list[Finding]:
        element = reading.elements.get(self.element or "")
        if element is None or element.status in ("found", "not_needed"):
            return []
        if self.part:
            part = element.parts.get(self.part)
            if part is None or part.found:
                return []  # no such sentence at all: the element's own rule speaks for it
            anchor = element.evidence[0] if element.evidence else None
        else:
            if element.status != "missing":
                return []
            anchor = None
        present = [f for f in self.fields if draft.text(f).strip()]
        if anchor is not None:
            return [self._at(draft, anchor)]
        return [self.finding(draft, (present or self.fields)[0])]
