"""``check: detector`` — the few checks a pattern cannot express, written in Python and named in YAML."""

from __future__ import annotations

from typing import Any, Callable, Literal

from pydantic import Field

from replycheck.checks.base import Context, RuleBase
from replycheck.checks.patterns import TrustedPattern
from replycheck.model import Draft, Finding, Severity

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_CANDIDATE = TrustedPattern(r"(?<![0-9A-Za-z])[1-9]\d{16}[\dXx](?![0-9A-Za-z])")
_PLACEHOLDER = TrustedPattern(r"【[^【】\n]{1,20}】")


def id_card_valid(number: str) -> bool:
    """GB 11643 resident ID: region, a real birth date, and the ISO 7064 MOD 11-2 check character."""
    number = number.upper()
    if len(number) != 18 or not number[:17].isdigit():
        return False
    year, month, day = int(number[6:10]), int(number[10:12]), int(number[12:14])
    if not (1900 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31):
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS))
    return _ID_CHECK[total % 11] == number[17]


def _id_cards(text: str) -> list[tuple[int, int]]:
    # A number that fails the check character is still an ID number when the text calls it one
    # (身份证号130984199205163516): a mistyped digit leaks the person as much as a right one.
    return [m.span() for m in _ID_CANDIDATE.finditer(text, timeout=0.5)
            if id_card_valid(m.group()) or "身份证" in text[max(0, m.start() - 8):m.start()]]


def _placeholders(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _PLACEHOLDER.finditer(text, timeout=0.5)]


DETECTORS: dict[str, Callable[[str], list[tuple[int, int]]]] = {
    "id-card": _id_cards,
    "placeholder": _placeholders,
}


class DetectorRule(RuleBase):
    check: Literal["detector"]
    detector: Literal["id-card", "placeholder"]
    exceptions: list[str] = Field(default=[], description="与命中重叠即不算（如“【办理结果】”这样的栏目标题）")
    not_needed: dict[str, list[str]] = Field(default={}, description=(
        "操作 → 该操作不审的字段：其中的命中（如退单的回复市民栏里留着的“【请填写】”）只报警告，说明用 not_needed_message"))
    not_needed_message: str = Field("", description="not_needed 字段中命中时的警告说明")

    compiled_exceptions: list[Any] = Field(default=[], exclude=True)

    def compile(self, compile_pattern) -> None:
        super().compile(compile_pattern)
        self.compiled_exceptions = [compile_pattern(p) for p in self.exceptions]

    def run(self, draft: Draft, ctx: Context) -> list[Finding]:
        found = []
        not_judged = self.not_needed.get(draft.action.value, ())
        for field in self.fields:
            text = ctx.norm(field)
            hits = DETECTORS[self.detector](text.norm)
            if not hits:
                continue  # the common case: nothing to excuse
            excused = [m.span() for p in self.compiled_exceptions for m in ctx.finditer(p, field)]
            for start, end in hits:
                if any(s < end and start < e for s, e in excused):
                    continue
                finding = self.finding(draft, field, text.span(start, end))
                if field in not_judged:
                    # The action is not judged by this field (a return request by 1.5 only): worth tidying, no defect.
                    finding.severity, finding.message = Severity.warning, self.not_needed_message or self.message
                found.append(finding)
        return found
