"""pydantic's validation errors (configuration and rule files) in the Chinese of the person who wrote the file.

pydantic words its errors in English (“Input should be greater than or equal to 0”); a user of replycheck
reads one Chinese line naming the key, what is wrong, and the value found.
"""

from __future__ import annotations

import re
from typing import Any, Iterable


def _choices(expected: str) -> str:
    """“'error', 'warning' or 'info'” → “error、warning、info”."""
    words = re.findall(r"'([^']*)'", expected)
    return "、".join(words) if words else expected


def _shown(value: Any) -> str:
    if isinstance(value, (str, int, float, bool)) and not isinstance(value, dict):
        text = str(value).replace("\n", " ")
        return f"（现为“{text[:30]}”）"
    return ""


def nearest(word: str, known: Iterable[str]) -> str | None:
    import difflib

    found = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return found[0] if found else None


def problem(err: dict[str, Any], known_keys: Iterable[str] = ()) -> str:
    """One pydantic error (an item of ``ValidationError.errors()``) as a short Chinese phrase."""
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    value = err.get("input")
    shown = _shown(value)
    if kind == "extra_forbidden":
        key = str(err["loc"][-1]) if err.get("loc") else ""
        near = nearest(key, known_keys) if key else None
        if near == key:  # a key of another kind of rule (check), not a misspelling
            return "这一类规则（check）不用这个键"
        return "未知的键（请检查拼写）" + (f"，是否应为“{near}”？" if near else "")
    if kind == "missing":
        return "缺少必填项"
    if kind in ("literal_error", "enum"):
        return f"应为 {_choices(str(ctx.get('expected', '')))} 之一{shown}"
    if kind == "greater_than_equal":
        return f"应不小于 {ctx.get('ge')}{shown}"
    if kind == "greater_than":
        return f"应大于 {ctx.get('gt')}{shown}"
    if kind == "less_than_equal":
        return f"应不大于 {ctx.get('le')}{shown}"
    if kind == "less_than":
        return f"应小于 {ctx.get('lt')}{shown}"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"应为整数{shown}"
    if kind in ("float_parsing", "float_type"):
        return f"应为数字{shown}"
    if kind in ("string_type", "str_type"):
        return f"应为文字（加英文引号）{shown}"
    if kind in ("bool_parsing", "bool_type"):
        return f"应为 true 或 false{shown}"
    if kind == "list_type":
        return f"应为列表，如 [\"a\", \"b\"]{shown}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return "应为键值对（映射/表）"
    if kind == "string_too_short":
        return "不能为空" if ctx.get("min_length", 1) <= 1 else f"至少 {ctx.get('min_length')} 个字"
    if kind == "string_too_long":
        return f"最多 {ctx.get('max_length')} 个字"
    if kind == "too_short":
        return f"至少要有 {ctx.get('min_length')} 项"
    if kind == "too_long":
        return f"最多 {ctx.get('max_length')} 项"
    if kind == "string_pattern_mismatch":
        return f"格式不对{shown}"
    if kind == "value_error":
        message = str(err.get("msg", "")).removeprefix("Value error, ")
        if message.isascii():  # a library's English message: say what pydantic's context knows instead
            return f"值无效{shown}"
        return message
    return f"值无效{shown}"
