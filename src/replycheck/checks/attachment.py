"""``check: attachment`` — evidence the notice asks for: photos, a mediation agreement, meeting minutes."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from replycheck.checks.base import Context, RuleBase
from replycheck.model import AttachmentKind, Draft, Finding


class AttachmentRule(RuleBase):
    check: Literal["attachment"]
    kinds: list[AttachmentKind] = Field(min_length=1)
    names: list[str] = Field(default=[], description="附件名称含这些词也算")
    or_text: list[str] = Field(default=[], description="正文写明这些情况（如“不接受调解”）也算")

    compiled_names: list[Any] = Field(default=[], exclude=True)
    compiled_or_text: list[Any] = Field(default=[], exclude=True)

    def compile(self, compile_pattern) -> None:
        super().compile(compile_pattern)
        self.compiled_names = [compile_pattern(p) for p in self.names]
        self.compiled_or_text = [compile_pattern(p) for p in self.or_text]

    def run(self, draft: Draft, ctx: Context) -> list[Finding]:
        for att in draft.attachments:
            if att.kind in self.kinds or any(p.search(att.name, timeout=ctx.timeout()) for p in self.compiled_names):
                return []
        if any(ctx.search(p, f) for p in self.compiled_or_text for f in self.fields):
            return []
        return [self.finding(draft, "attachments")]
