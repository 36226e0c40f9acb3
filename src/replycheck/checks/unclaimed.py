"""``check: unclaimed`` — text of a form that no known label claims is reported, never silently dropped.

The loaders keep such text on the draft (``Draft.unclaimed``) with the place it was found and the fields
it probably belongs to; ``check: present`` does not call those fields missing.
"""

from __future__ import annotations

from typing import Literal

from replycheck.checks.base import Context, RuleBase
from replycheck.model import Draft, Finding, field_label

_SHOWN = 40  # characters of the loose text quoted in the message


class UnclaimedRule(RuleBase):
    check: Literal["unclaimed"]

    def run(self, draft: Draft, ctx: Context) -> list[Finding]:
        found = []
        for item in draft.unclaimed:
            text = " ".join(item.text.split())
            shown = text if len(text) <= _SHOWN else text[:_SHOWN] + "……"
            message = self.message
            if item.label:
                message = message.replace("这段文字", f"“{item.label}”下的文字", 1)
            hint = self.hint
            if len(item.fields) == 1:
                hint += f"看起来应写在“{field_label(item.fields[0])}”下。"
            # The text is in no field: the finding points at its place in the file, not at a field.
            found.append(Finding(rule=self.id, clause=self.clause, severity=self.severity, field=None,
                                 message=f"{message}：{shown}", hint=hint,
                                 location=item.location))
        return found
