"""What every loader shares: turning a mapping of fields into a validated Draft."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from pydantic import ValidationError

from replycheck.errors import InputError
from replycheck.loaders.labels import field_for_key
from replycheck.model import FIELD_LABELS, Draft, Location, field_label

# How much text one draft may hold, tied to the --max-size cap: one character per BYTES_PER_CHAR bytes.
# The limit only protects memory (checking keeps an offset map and the dated events of every sentence,
# about 80 bytes a character): checking time grows linearly with the text, so a long but ordinary draft
# (hundreds of pages pasted in) is checked, not refused. The default 50 MB allows about 2 million
# characters (some 200 MB of memory, about 10 s).
BYTES_PER_CHAR = 25


def read_limited(path, source: str, max_bytes: int) -> bytes:
    """A file's bytes, refused in one line when it is larger than the limit (read no further than it)."""
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(source, f"文件过大（{size // 1024 // 1024} MB，上限 {max_bytes // 1024 // 1024} MB）",
                         "请拆分成多个文件，或用 --max-size 调整上限")
    with path.open("rb") as fh:
        return fh.read(max_bytes + 1)


def max_chars_for(max_bytes: int) -> int:
    return max(max_bytes // BYTES_PER_CHAR, 10_000)


DEFAULT_MAX_CHARS = max_chars_for(50 * 1024 * 1024)


def too_long(source: str, what: str, size: int, limit: int) -> InputError:
    return InputError(source, f"{what}正文文字过多（超过上限 {limit:,} 字，检查它会占用过多内存）",
                      "请确认文件内容，或用 --max-size 调大上限（每 1 MB 约 4 万字）")


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


@lru_cache(maxsize=1)
def _known_keys() -> dict[str, str]:
    """Every key a draft may use (English name or Chinese label) → its field."""
    known = {name: name for name in FIELD_LABELS}
    known.update((label, name) for name, labels in FIELD_LABELS.items() for label in labels)
    return known


def nearest_key(key: str) -> str | None:
    """The known key closest to a misspelt one (“catgory” → category, “办里结果” → 办理结果), if any is close."""
    import difflib  # only when a key is unknown

    known = _known_keys()
    ascii_key = key.isascii()
    candidates = [k for k in known if k.isascii() == ascii_key]
    found = difflib.get_close_matches(key.lower() if ascii_key else key, candidates, n=1, cutoff=0.6)
    return found[0] if found else None


def unknown_key_note(key: str) -> str:
    near = nearest_key(key)
    if near is None:
        return f"未知字段“{key}”：内容不会被检查"
    label = field_label(_known_keys()[near])
    shown = f"“{near}”" + (f"（{label}）" if near.isascii() else "")
    return f"未知字段“{key}”：内容不会被检查；是否应为{shown}？"


def _not_a_draft(source: str, what: str, unknown: list[str]) -> InputError:
    subject = "这" if what in ("", "草稿") else what
    hints = [f"“{k}”是否应为“{near}”" for k in unknown if (near := nearest_key(k))][:3]
    problem = (f"{subject}不是工单回复草稿（没有工单编号、工单类型、办理结果等任何草稿字段"
               + (f"；{'，'.join(hints)}？）" if hints else "）"))
    return InputError(source, problem, "若它不是草稿，请移出文件夹或用 --exclude 跳过；若是草稿，请按 docs/draft-format.md 写字段名")


def build_draft(data: dict[str, Any], *, source: str, index: int, locations: dict[str, Location],
                what: str, max_chars: int = DEFAULT_MAX_CHARS) -> Draft:
    """Validate ``data`` into a Draft; ``what`` names the draft in errors (e.g. 第2份草稿)."""
    size = text_size(data)
    if size > max_chars:
        raise too_long(source, what, size, max_chars)
    mapped: dict[str, Any] = {}
    unknown: list[str] = []
    for key, value in data.items():
        name = field_for_key(key) if isinstance(key, str) else None
        if name is None:
            unknown.append(str(key))
        mapped[name or str(key)] = value
    if not any(name in FIELD_LABELS for name in mapped):
        raise _not_a_draft(source, what, unknown)
    try:
        draft = Draft.model_validate(mapped)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise InputError(source, f"{what}{_describe(first)}", "请改正后重新检查") from None
    draft.source = source
    draft.index = index
    draft.locations = locations
    draft.notes.extend(unknown_key_note(k) for k in unknown)
    return draft
