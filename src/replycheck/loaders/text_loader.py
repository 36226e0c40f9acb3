"""Pasted text (.txt, .md, or standard input with --stdin-format text): `标签：内容` lines, or a label line
followed by paragraphs, read by the same form reader as a Word document's paragraphs."""

from __future__ import annotations

from pathlib import Path
from typing import Union

from replycheck.errors import InputError
from replycheck.loaders.common import DEFAULT_MAX_CHARS, max_chars_for, read_limited
from replycheck.loaders.form import Block, Collected, FormReader, draft_from
from replycheck.model import Draft

Loaded = Union[Draft, InputError]


def read_text(text: str, source: str = "", *, max_chars: int = DEFAULT_MAX_CHARS) -> Collected:
    """The fields of a pasted draft, each line a paragraph (its location is its line number)."""
    out = Collected(source, max_chars)
    reader = FormReader(out)
    reader.read(Block(line, ("line", n)) for n, line in enumerate(text.splitlines(), start=1))
    return out


def load(path: Path, *, max_bytes: int) -> list[Loaded]:
    source = str(path)
    raw = read_limited(path, source, max_bytes)
    return load_bytes(raw, source, max_bytes=max_bytes)


def load_bytes(raw: bytes, source: str, *, max_bytes: int, noun: str = "文件") -> list[Loaded]:
    """The draft in pasted text already read (a file, or standard input when ``noun`` is “输入”)."""
    from replycheck.loaders.json_loader import decode

    if len(raw) > max_bytes:
        raise InputError(source, f"{noun}过大（超过上限 {max_bytes // 1024 // 1024} MB）",
                         "请拆分成多个文件，或用 --max-size 调整上限")
    if not raw.strip():
        raise InputError(source, f"{noun}是空的", "请写入回复草稿，每栏一行“标签：内容”，如“办理结果：……”")
    text, encoding = decode(raw, source, "文本")
    if "\x00" in text:
        raise InputError(source, f"{noun}中含有空字节，不是文字", "请确认这是粘贴的回复文字，另存为 UTF-8 编码的 .txt")
    collected = read_text(text, source, max_chars=max_chars_for(max_bytes))
    if not any(collected.values.values()) and not collected.unclaimed_items():
        raise InputError(source, f"{noun}中没有认出任何栏目", "请每栏写一行“标签：内容”，标签用通知中的栏目名称，"
                         "如“工单类型：办理”“办理结果（内部可见）：……”")
    item = draft_from(collected, source=source, max_bytes=max_bytes)
    if isinstance(item, Draft) and encoding:
        item.notes.append(f"{noun}按 {encoding} 编码读取；建议另存为 UTF-8")
    return [item]
