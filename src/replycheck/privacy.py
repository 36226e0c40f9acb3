"""Masking personal numbers in what reports show (notice clause 1.8): reports travel further than drafts."""

from __future__ import annotations

from replycheck import programs

# A mobile number as people write it: 13812345678, 138-1234-5678, 138 1234 5678, +86 138…, 8613812345678,
# full-width １３８… Masking keeps the length (reporters rely on offsets staying valid).
_MOBILE = programs.pattern(r"(?<![\d*])((?:\+?86[- ]?)?[1１][3-9３-９]\d)([- ]?)(\d{4})([- ]?)(\d{4})(?![\d*])")
_ID = programs.pattern(r"(?<![0-9A-Za-z])(\d{4})(\d{10})(\d{3}[\dXx])(?![0-9A-Za-z])")
# An excerpt is a rule's match, and a match may stop inside a number: “电话13812345” or “12345678。”.
# A run of digits cut by either end of the text is masked too, showing no more than a whole number would.
_CUT_END = programs.pattern(r"(?<![0-9A-Za-z*])([1１][3-9３-９]\d)(\d{4,7})$")
_CUT_START = programs.pattern(r"^(\d{3,14})(\d{4}[Xx]?)(?![0-9A-Za-z*])")


def mask(text: str | None) -> str | None:
    """138****5678 for a mobile number, 1201**********1234 for an 18-character ID number."""
    if not text:
        return text
    text = _ID.sub(lambda m: m.group(1) + "*" * 10 + m.group(3), text)
    text = _MOBILE.sub(lambda m: f"{m.group(1)}{m.group(2)}****{m.group(4)}{m.group(5)}", text)
    text = _CUT_END.sub(lambda m: m.group(1) + "*" * len(m.group(2)), text)
    return _CUT_START.sub(lambda m: "*" * len(m.group(1)) + m.group(2), text)
