"""Chinese field labels as people type them, matched against the one list in rules/labels.yaml.

A label may carry numbering (一、 1. （一）), brackets (【办理结果】 〔办理结果〕 [办理结果]), spaces inside
(办 理 结 果), a remark in parentheses (办理结果（2026年3月）), Markdown bold (**办理结果**), and is followed
by a colon (full- or half-width), by its closing bracket, or by nothing at all.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from replycheck import programs
from replycheck.labelbook import CURRENT, FOOTER, HISTORY, IGNORED, REQUEST, load

__all__ = ["CURRENT", "FOOTER", "HISTORY", "IGNORED", "REQUEST", "LabelMatch", "field_for_key", "label_length", "match_label",
           "split_label", "unknown_label", "NOT_REPLY"]

# Labels whose text is read but never judged as the department's reply.
NOT_REPLY = frozenset({REQUEST, IGNORED, HISTORY, FOOTER})

_NUM = "[一二三四五六七八九十]"
_LEAD = (r"^[\s\u3000*#>]*(?:[【\[〔（(]\s*)?"
         rf"(?:(?:{_NUM}+[、.．]|\d{{1,2}}[、.．)）]|[（(](?:{_NUM}+|\d{{1,2}})[）)])\s*)?"
         r"(?:[【\[〔]\s*)?")
_TAIL = r"(?:\s*[（(][^（）()\n:：]{1,12}[）)])?\s*(?P<close>[】\]〕]|\*\*)?[\s\u3000*]*(?P<sep>[:：])?"
_CLOSE_OR_PAREN = {"(": "[(（]", ")": "[)）]", ":": "[:：]"}


class LabelMatch(NamedTuple):
    name: str  # a field name, REQUEST, IGNORED, HISTORY or FOOTER
    rest: str  # the value written after the label on the same line ("" when none)
    length: int  # characters of the text taken by the label, its brackets and colon


def _label_pattern(label: str) -> str:
    import unicodedata

    chars = [c for c in unicodedata.normalize("NFKC", label) if not c.isspace()]
    return r"\s*".join(_CLOSE_OR_PAREN.get(c, re.escape(c)) for c in chars)


def _canon(label: str) -> str:
    import unicodedata

    return "".join(unicodedata.normalize("NFKC", label).split())


@lru_cache(maxsize=1)
def _compiled() -> tuple[Any, dict[str, str]]:
    """The label pattern and the field each label names; kept in the rule cache's folder, so that a run
    neither parses labels.yaml nor compiles the pattern (about 25 ms of every start)."""
    from replycheck import diskcache, labelbook

    return diskcache.cached("labels", [labelbook.labels_path(), Path(__file__), Path(labelbook.__file__)], _build)


def _build() -> tuple[Any, dict[str, str]]:
    from replycheck.checks.patterns import compile_regex

    by_canon = {_canon(label): name for label, name in load().targets}
    labels = sorted(by_canon, key=len, reverse=True)  # 办理结果（内部可见） before 办理结果
    body = "|".join(_label_pattern(label) for label in labels)
    return compile_regex(f"{_LEAD}(?P<label>{body}){_TAIL}", trusted=True), by_canon


def split_label(text: str) -> LabelMatch | None:
    """If ``text`` starts with a known label, what it names, the rest of the line, and the label's length.

    A label must stand alone or be followed by a colon or its closing bracket: 「办理结果已告知市民」 is
    content, not a label.
    """
    pattern, by_canon = _compiled()
    m = pattern.match(text)
    if m is None:
        return None
    name = by_canon[_canon(m.group("label"))]
    rest = text[m.end():]
    if m.group("sep") or (m.group("close") and m.group("close") != "**"):
        return LabelMatch(name, rest.strip(), m.end())
    if rest.strip():
        return None
    return LabelMatch(name, "", m.end())


def match_label(text: str) -> tuple[str, str] | None:
    """(what the label names, the rest after it) or None; see ``split_label``."""
    found = split_label(text)
    return (found.name, found.rest) if found else None


def label_length(text: str) -> int:
    """How many characters at the start of ``text`` are its label (0 when it does not start with one)."""
    found = split_label(text)
    return found.length if found else 0


# A label nobody listed: short, no sentence punctuation, no digits (a date is not a label), and
# followed by a colon or written in brackets. 「处理经过：……」「【整改措施】……」
_UNKNOWN = programs.pattern(
    r"^[\s\u3000*#]*(?:(?:[一二三四五六七八九十]+[、.．]|\d{1,2}[、.．)）])\s*)?"
    r"(?:[【〔\[]\s*(?P<b>[^\W\d_][^\n\d【】〔〕\[\]:：，。；,;！？!?]{1,13})\s*[】〕\]]"
    r"|(?P<c>[^\W\d_][^\n\d【】〔〕\[\]:：，。；,;！？!?、“”\"]{1,11})\s*[:：])"
)


def unknown_label(text: str) -> tuple[str, str] | None:
    """(label, rest) when ``text`` starts like a label that is not in the list, else None."""
    if split_label(text) is not None:
        return None
    m = _UNKNOWN.match(text)
    if m is None:
        return None
    label = (m.group("b") or m.group("c")).strip()
    return label, text[m.end():].strip()


_BARE = programs.pattern(r"^[\s\u3000*#]*[【〔\[]?\s*[^\W\d_][^\n\d【】〔〕\[\]:：，。；,;！？!?、“”\"]{1,11}?\s*[】〕\]]?\s*[:：]?\s*$")


def looks_like_label(text: str) -> bool:
    """A short cell or bold run that reads like a label nobody listed (「处理经过」「整改措施：」)."""
    return split_label(text) is None and bool(_BARE.match(text)) and len(text.strip()) <= 16


def field_for_key(key: str) -> str | None:
    """A JSON key's or a column header's field: the English name itself, or any label of the list."""
    if key in load().fields or key == REQUEST:
        return key
    found = split_label(key)
    if found and not found.rest and found.name not in (FOOTER, IGNORED, HISTORY, CURRENT):
        return found.name
    return None
