"""What every loader shares: turning a mapping of fields into a validated Draft."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from replycheck.errors import InputError
from replycheck.loaders.labels import field_for_key
from replycheck.model import Draft, Location, field_label

# How much text one draft may hold: one character per BYTES_PER_CHAR bytes of the --max-size cap.
# A reply is a few thousand characters; the default 50 MB allows about 200,000 (a hundred pages).
# Beyond that checking one draft takes minutes and much memory (the engine keeps an offset map per
# character, the timeline rules re-read every sentence), so such a draft is refused.
BYTES_PER_CHAR = 256


def max_chars_for(max_bytes: int) -> int:
    return max(max_bytes // BYTES_PER_CHAR, 10_000)


DEFAULT_MAX_CHARS = max_chars_for(50 * 1024 * 1024)


def too_long(source: str, what: str, size: int, limit: int) -> InputError:
    return InputError(source, f"{what}文字过多（超过上限 {limit:,} 字），不像一份回复草稿",
                      "请确认文件内容，或用 --max-size 调大上限（每 1 MB 约 4000 字）")


def text_size(value: Any) -> int:
    """Characters in a field value and everything nested in it (iterative: nesting cannot overflow)."""
    total, stack = 0, [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            total += len(item)
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
            total += 1
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
            total += 1
        else:
            total += 1
    return total


_ENUM_HINT = {
    "category": "应为 咨询、办理、投诉、举报、建议 之一",
    "action": "应为 办结、退单、延期 之一",
    "kind": "应为 photo、agreement、minutes、document、other 之一",
}


def _describe(err: dict[str, Any]) -> str:
    loc = [str(p) for p in err.get("loc", ())]
    name = field_for_key(loc[0]) if loc else None
    where = f"字段“{field_label(name)}”" if name else f"字段“{'.'.join(loc)}”"
    if name == "attachments" and len(loc) > 1:
        where += f"第{int(loc[1]) + 1 if loc[1].isdigit() else loc[1]}项" if len(loc) > 1 else ""
    kind = err.get("type", "")
    value = err.get("input")
    shown = f"“{str(value)[:30]}”" if isinstance(value, (str, int, float)) else ""
    if kind == "value_error":
        return f"{where}{str(err.get('msg', '')).removeprefix('Value error, ')}"
    if kind == "enum":
        hint = _ENUM_HINT.get(loc[-1] if loc else "", "") or _ENUM_HINT.get(name or "", "")
        return f"{where}的值{shown}无法识别，{hint}"
    if kind in ("string_type", "str_type"):
        return f"{where}应为文字，而不是{type(value).__name__}"
    if kind == "list_type":
        return f"{where}应为列表"
    if kind in ("bool_parsing", "bool_type"):
        return f"{where}应为 是 或 否"
    if kind == "missing":
        return f"{where}缺失"
    if kind in ("model_type", "dict_type"):
        return f"{where}应为 {{\"name\": …, \"kind\": …}} 形式的对象"
    return f"{where}格式不正确"


def build_draft(data: dict[str, Any], *, source: str, index: int, locations: dict[str, Location],
                what: str, max_chars: int = DEFAULT_MAX_CHARS) -> Draft:
    """Validate ``data`` into a Draft; ``what`` names the draft in errors (e.g. 第2份草稿)."""
    size = text_size(data)
    if size > max_chars:
        raise too_long(source, what, size, max_chars)
    mapped: dict[str, Any] = {}
    for key, value in data.items():
        name = field_for_key(key) if isinstance(key, str) else None
        mapped[name or str(key)] = value
    try:
        draft = Draft.model_validate(mapped)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise InputError(source, f"{what}{_describe(first)}", "请改正后重新检查") from None
    draft.source = source
    draft.index = index
    draft.locations = locations
    return draft
