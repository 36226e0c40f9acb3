"""``check: forbidden`` — phrases the notice bans, with exceptions for negation, quotation and reported speech."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from replycheck.checks.base import Context, RuleBase
from replycheck.model import Draft, Finding
from replycheck.reading.model import DEPARTMENT


class ForbiddenRule(RuleBase):
    check: Literal["forbidden"]
    patterns: list[str] = Field(min_length=1)
    exceptions: list[str] = Field(default=[], description="与命中重叠即不算（如“不存在办理中情况”）")
    not_after: list[str] = Field(default=[], description="同一句中命中之前出现即不算（转述市民的话）")
    speech_ends: list[str] = Field(default=[], description="转述与命中之间出现这些，说明已是本方表述")
    skip_quotes: bool = True
    skip_not_own: bool = Field(False, description=(
        "读句子读出不是承办科室就本工单说的话时不算：市民的话（咨询人……，称营业执照正在办理中）、"
        "别的工单（此前的工单……被以办理中退回）、另一机关自己的程序"))

    compiled: list[Any] = Field(default=[], exclude=True)
    compiled_exceptions: list[Any] = Field(default=[], exclude=True)
    compiled_not_after: list[Any] = Field(default=[], exclude=True)
    compiled_speech_ends: list[Any] = Field(default=[], exclude=True)

    def compile(self, compile_pattern) -> None:
        super().compile(compile_pattern)
        self.compiled = [compile_pattern(p) for p in self.patterns]
        self.compiled_exceptions = [compile_pattern(p) for p in self.exceptions]
        self.compiled_not_after = [compile_pattern(p) for p in self.not_after]
        self.compiled_speech_ends = [compile_pattern(p) for p in self.speech_ends]

    def _excused(self, ctx: Context, field: str, start: int, end: int) -> bool:
        text = ctx.norm(field)
        if self.skip_quotes and text.in_quote(start, end):
            return True
        if self.skip_not_own and self._not_own(ctx, field, start):
            return True
        for exc in self.compiled_exceptions:
            for m in ctx.finditer(exc, field):
                if m.start() < end and start < m.end():
                    return True
        if self.compiled_not_after:
            # Reported speech can run over several comma segments, until our own voice resumes.
            sentence = next((s for s, e in text.sentences if s <= start < e), text.segment_start(start))
            for p in self.compiled_not_after:
                speech = ctx.search(p, field, sentence, start)
                if speech and not any(ctx.search(q, field, speech.end(), start) for q in self.compiled_speech_ends):
                    return True
        return False

    def _not_own(self, ctx: Context, field: str, start: int) -> bool:
        """The hit stands in a clause the reading gives to someone else: the citizen's words running on,
        another order, another body's procedure."""
        if self.lexicon is None:
            return False
        clause = ctx.reading(self.lexicon).clause_at(field, ctx.norm(field).span(start, start + 1)[0])
        return clause is not None and clause.voice != DEPARTMENT

    def run(self, draft: Draft, ctx: Context) -> list[Finding]:
        found: list[Finding] = []
        for field in self.fields:
            text = ctx.norm(field)
            taken: list[tuple[int, int]] = []
            for pattern in self.compiled:
                for m in ctx.finditer(pattern, field):
                    start, end = m.span()
                    if end == start or any(s < end and start < e for s, e in taken):
                        continue
                    if self._excused(ctx, field, start, end):
                        continue
                    taken.append((start, end))
                    found.append(self.finding(draft, field, text.span(start, end)))
        return found
