"""Chinese field labels as people type them: full- or half-width colons and brackets, numbering, bold marks."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from replycheck.model import FIELD_LABELS

_DECOR = re.compile(r"^[\s【\[（(]*(?:[一二三四五六七八九十]+[、.．]|\d+[、.．)]|[（(][一二三四五六七八九十\d]+[）)])?\s*")
_TRAIL = re.compile(r"[\s】\]]*$")


def _canon(text: str) -> str:
    """A label's comparable form: NFKC (so （ becomes ( and ： becomes :), no spaces or decoration."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"[\s\u3000]+", "", text)
    return text.strip("*#【】[]")


# Longest first, so that 办理结果(内部可见) wins over 办理结果.
_LABELS: list[tuple[str, str]] = sorted(
    ((_canon(label), name) for name, labels in FIELD_LABELS.items() for label in labels),
    key=lambda pair: -len(pair[0]),
)
# Common extra spellings seen in real forms.
_LABELS += [
    ("回复市民时间及内容", "citizen_reply"), ("回复市民", "citizen_reply"), ("市民回复内容", "citizen_reply"),
    ("办理结果(内部)", "internal_result"), ("工单类别", "category"), ("承办部门", "department"),
    ("佐证材料清单", "attachments"), ("附件清单", "attachments"), ("是否不适宜回访", "revisit_unsuitable"),
    ("工单编码", "order_id"), ("受理编号", "order_id"),
]
# Form footers: they end the field above them but carry no field of their own.
FOOTER = "_footer"
_LABELS += [(label, FOOTER) for label in (
    "填报人", "填表人", "审核人", "审批人", "签发人", "填报日期", "填表日期", "报送日期", "科室负责人",
    "分管领导签字", "分管领导签批", "承办科室盖章", "盖章", "签字", "签名")]
_LABELS.sort(key=lambda pair: -len(pair[0]))


_HEAD = 64
_FIRST_CHARS = {label[0] for label, _ in _LABELS}


def match_label(text: str) -> tuple[str, str] | None:
    """If ``text`` starts with a field label, return (field, the rest after the label and its colon).

    A label must stand alone or be followed by a colon: 「办理结果已告知市民」 is content, not a label.
    """
    # Labels are short: looking at the head of a long content paragraph is enough (and much cheaper).
    found = _label_at_head(text[:_HEAD], len(text) > _HEAD and not text[_HEAD:].isspace())
    if found is None:
        return None
    name, has_rest = found
    # Recover the rest from the original text so that its spacing and punctuation survive.
    return name, _rest_after_colon(text) if has_rest else ""


@lru_cache(maxsize=4096)  # a form's label cells recur in every draft of a batch
def _label_at_head(head: str, more: bool) -> tuple[str, bool] | None:
    canon = _canon(_DECOR.sub("", unicodedata.normalize("NFKC", head), count=1))
    if canon[:1] not in _FIRST_CHARS:
        return None
    for label, name in _LABELS:
        if not canon.startswith(label):
            continue
        rest = canon[len(label):]
        if (rest == "" and not more) or rest.startswith(":"):
            return name, bool(rest)
    return None


def _rest_after_colon(text: str) -> str:
    for i, ch in enumerate(text):
        if ch in ":：":
            return text[i + 1 :].strip()
    return ""


def field_for_key(key: str) -> str | None:
    """A JSON key's field: the English name itself, or any Chinese label variant."""
    if key in FIELD_LABELS:
        return key
    found = match_label(key)
    if found and not found[1] and found[0] != FOOTER:
        return found[0]
    return None
