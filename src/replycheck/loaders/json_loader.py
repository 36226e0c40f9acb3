"""JSON and JSON Lines drafts: one object, an array of objects, or one object per line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Union

from replycheck.errors import InputError
from replycheck.loaders.common import build_draft
from replycheck.model import Draft, Location, TEXT_FIELDS

Loaded = Union[Draft, InputError]


def decode(raw: bytes, source: str) -> tuple[str, str | None]:
    """Text and, when it was not UTF-8, the encoding that was detected (to tell the user)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="strict"), None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            raise InputError(source, "文件以 UTF-16 标记开头但内容无法解码", "请用记事本另存为 UTF-8 编码") from None
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030"), "GB18030（GBK）"
    except UnicodeDecodeError:
        raise InputError(source, "文件不是 UTF-8 或 GBK 编码的文字", "请用记事本或 WPS 另存为 UTF-8 编码的 JSON") from None


def _locations(kind: str, *, pointer: str = "", line: int | None = None) -> dict[str, Location]:
    return {f: Location(kind=kind, pointer=f"{pointer}/{f}", line=line) for f in TEXT_FIELDS}


def _one(obj: Any, source: str, index: int, what: str, locations: dict[str, Location]) -> Loaded:
    if not isinstance(obj, dict):
        kind = {list: "数组", str: "字符串", int: "数字", float: "数字", bool: "布尔值"}.get(type(obj), "空值")
        return InputError(source, f"{what}应为 JSON 对象（{{…}}），实际是{kind}", "每份草稿写成一个 {\"工单编号\": …} 对象")
    try:
        return build_draft(obj, source=source, index=index, locations=locations, what=what)
    except InputError as exc:
        return exc


def _parse(text: str, source: str, where: str = "") -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(source, f"{where}JSON 格式错误（第{exc.lineno}行第{exc.colno}列：{_reason(exc.msg)}）",
                         "请检查引号、逗号和括号是否成对") from None
    except RecursionError:
        raise InputError(source, f"{where}JSON 嵌套层数过深", "草稿应为扁平的字段对象") from None


def _reason(msg: str) -> str:
    known = {
        "Expecting value": "缺少值", "Expecting property name enclosed in double quotes": "键名须用英文双引号",
        "Expecting ',' delimiter": "缺少逗号", "Expecting ':' delimiter": "缺少冒号",
        "Unterminated string starting at": "字符串没有结束引号", "Extra data": "多余的内容",
        "Invalid control character at": "字符串中有控制字符",
    }
    for en, zh in known.items():
        if msg.startswith(en):
            return zh
    return msg


def load_text(text: str, source: str, *, lines: bool, notes: list[str] | None = None) -> list[Loaded]:
    out: list[Loaded] = []
    if lines:
        for lineno, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            what = f"第{lineno}行"
            try:
                obj = _parse(line, source, f"{what}")
            except InputError as exc:
                out.append(exc)
                continue
            out.append(_one(obj, source, len(out), f"{what}草稿", _locations("jsonl", line=lineno)))
    else:
        if not text.strip():
            raise InputError(source, "文件是空的", "请写入一份 JSON 草稿")
        data = _parse(text, source)
        if isinstance(data, list):
            if not data:
                raise InputError(source, "JSON 数组中没有草稿", "数组中至少放一个草稿对象")
            for i, obj in enumerate(data):
                out.append(_one(obj, source, i, f"第{i + 1}份草稿", _locations("json", pointer=f"/{i}")))
        else:
            out.append(_one(data, source, 0, "草稿", _locations("json")))
    for item in out:
        if isinstance(item, Draft) and notes:
            item.notes.extend(notes)
    return out


def load(path: Path, *, max_bytes: int) -> list[Loaded]:
    source = str(path)
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(source, f"文件过大（{size // 1024 // 1024} MB，上限 {max_bytes // 1024 // 1024} MB）",
                         "请拆分成多个文件，或用 --max-size 调整上限")
    with path.open("rb") as fh:
        raw = fh.read(max_bytes + 1)
    if not raw.strip():
        raise InputError(source, "文件是空的", "请写入一份 JSON 草稿")
    text, encoding = decode(raw, source)
    notes = [f"文件按 {encoding} 编码读取；建议另存为 UTF-8"] if encoding else None
    return load_text(text, source, lines=path.suffix.lower() == ".jsonl", notes=notes)
