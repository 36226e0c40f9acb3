"""Masking personal numbers in what reports show (notice clause 1.8): reports travel further than drafts."""

from __future__ import annotations

import re

_MOBILE = re.compile(r"(?<![\d*])(1[3-9]\d)(-?)(\d{4})(-?)(\d{4})(?![\d*])")
_ID = re.compile(r"(?<![0-9A-Za-z])(\d{4})(\d{10})(\d{3}[\dXx])(?![0-9A-Za-z])")


def mask(text: str | None) -> str | None:
    """138****5678 for a mobile number, 1201**********1234 for an 18-character ID number."""
    if not text:
        return text
    text = _ID.sub(lambda m: m.group(1) + "*" * 10 + m.group(3), text)
    return _MOBILE.sub(lambda m: f"{m.group(1)}{m.group(2)}****{m.group(4)}{m.group(5)}", text)
