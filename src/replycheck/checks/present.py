"""``check: present`` — a field must not be empty (e.g. both the internal result and the citizen reply)."""

from __future__ import annotations

from typing import Literal

from replycheck.checks.base import Context, RuleBase
from replycheck.model import Draft, Finding


class PresentRule(RuleBase):
    check: Literal["present"]

    def run(self, draft: Draft, ctx: Context) -> list[Finding]:
        if any(self.fields[0] in item.fields for item in draft.unclaimed):
            return []  # the text is there under a label we did not know: unlabelled-text says so instead
        for name in self.fields:
            value = getattr(draft, name, None)
            if value not in (None, "", []) and not (isinstance(value, str) and not value.strip()):
                return []
        return [self.finding(draft, self.fields[0])]
