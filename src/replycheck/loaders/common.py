"""What every loader shares: turning a mapping of fields into a validated Draft."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from replycheck.errors import InputError
from replycheck.loaders.labels import field_for_key
from replycheck.model import Draft, Location, field_label

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
                what: str) -> Draft:
    """Validate ``data`` into a Draft; ``what`` names the draft in errors (e.g. 第2份草稿)."""
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
