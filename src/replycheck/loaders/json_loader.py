"""JSON and JSON Lines drafts: one object, an array of objects, or one object per line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Union

from replycheck import programs
from replycheck.errors import InputError
from replycheck.loaders.common import DEFAULT_MAX_CHARS, build_draft, max_chars_for, read_limited
from replycheck.model import TEXT_FIELDS, Draft, Location

Loaded = Union[Draft, InputError]


def decode(raw: bytes, source: str, kind: str = "JSON") -> tuple[str, str | None]:
    """Text and, when it was not UTF-8, the encoding that was detected (to tell the user); ``kind`` names
    the file in the advice (JSON, 文本, CSV)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        try:
            return raw[3:].decode("utf-8", errors="strict"), None
        except UnicodeDecodeError as exc:
            raise InputError(source, f"文件标明为 UTF-8（带 BOM），但第 {exc.start + 3} 字节处不是有效的 UTF-8",
                             f"请用记事本或 WPS 重新另存为 UTF-8 编码的 {kind}") from None
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        try:
            return raw.decode("utf-32"), "UTF-32"
        except UnicodeDecodeError:
            raise InputError(source, "文件以 UTF-32 标记开头但内容无法解码", "请用记事本另存为 UTF-8 编码") from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            raise InputError(source, "文件以 UTF-16 标记开头但内容无法解码", "请用记事本另存为 UTF-8 编码") from None
    if b"\x00" in raw:
        return _utf16_without_bom(raw, source, kind)
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030"), "GB18030（GBK）"
    except UnicodeDecodeError:
        raise InputError(source, "文件不是 UTF-8 或 GBK 编码的文字", f"请用记事本或 WPS 另存为 UTF-8 编码的 {kind}") from None


def _utf16_without_bom(raw: bytes, source: str, kind: str = "JSON") -> tuple[str, str | None]:
    """Text holds no NUL byte; UTF-16 without a byte-order mark has one in every ASCII character."""
    head = raw[:4096]
    zeros_even, zeros_odd, half = head[0::2].count(0), head[1::2].count(0), max(1, len(head) // 2)
    # ASCII (keys, quotes, braces) leaves a zero in every other byte, on one side only.
    guess = ("utf-16-le" if zeros_odd >= half // 20 and zeros_even * 10 <= zeros_odd else
             "utf-16-be" if zeros_even >= half // 20 and zeros_odd * 10 <= zeros_even else None)
    if guess and len(raw) % 2 == 0:
        try:
            text = raw.decode(guess)
        except UnicodeDecodeError:
            text = None
        if text is not None and "\x00" not in text:
            return text, f"UTF-16（{'LE' if guess.endswith('le') else 'BE'}，无 BOM）"
    raise InputError(source, "文件中含有空字节（\\0），不是 UTF-8 文本（可能是无 BOM 的 UTF-16/UTF-32 或二进制文件）",
                     f"请用记事本或 WPS 另存为 UTF-8 编码的 {kind}")


def _locations(kind: str, *, pointer: str = "", line: int | None = None) -> dict[str, Location]:
    return {f: Location(kind=kind, pointer=f"{pointer}/{f}", line=line) for f in TEXT_FIELDS}


def _one(obj: Any, source: str, index: int, what: str, locations: dict[str, Location],
         max_chars: int = DEFAULT_MAX_CHARS) -> Loaded:
    if not isinstance(obj, dict):
        kind = {list: "数组", str: "字符串", int: "数字", float: "数字", bool: "布尔值"}.get(type(obj), "空值")
        return InputError(source, f"{what}应为 JSON 对象（{{…}}），实际是{kind}", "请把每份草稿写成一个 {\"工单编号\": …} 对象")
    try:
        return build_draft(obj, source=source, index=index, locations=locations, what=what, max_chars=max_chars)
    except InputError as exc:
        return exc


# A \ud800 escape is valid JSON but not a character: it cannot be written out as UTF-8 (reports,
# fingerprints, files), so such halves of a surrogate pair become U+FFFD as they are read.
_SURROGATE_ESCAPE = programs.pattern(r"\\u[dD][89a-fA-F]")
_SURROGATE = programs.pattern("[\ud800-\udfff]")


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def _clean_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    return {_clean(k): _clean(v) for k, v in pairs}


def _parse(text: str, source: str, where: str = "") -> Any:
    try:
        if _SURROGATE_ESCAPE.search(text) or _SURROGATE.search(text):  # the latter only from a caller's str
            return _clean(json.loads(text, object_pairs_hook=_clean_object))
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(source, f"{where}JSON 格式错误（第{exc.lineno}行第{exc.colno}列：{syntax_problem(exc)}）",
                         "请改正后重新检查（用记事本或 WPS 打开，按行号、列号找到该处）") from None
    except RecursionError:
        raise InputError(source, f"{where}JSON 嵌套层数过深", "请把草稿写成扁平的字段对象") from None
    except ValueError:  # e.g. an integer of more than 4300 digits
        raise InputError(source, f"{where}JSON 中有无法读取的值（如位数过多的数字）",
                         "数字过长时请写成带引号的文字") from None


_FULL_WIDTH = {"，": "逗号", "：": "冒号", "“": "引号", "”": "引号", "‘": "引号", "’": "引号", "｛": "花括号",
               "｝": "花括号", "［": "方括号", "］": "方括号"}


def syntax_problem(exc: json.JSONDecodeError) -> str:
    """What is really wrong at the error's position, in the words of someone writing a draft by hand.

    json's message names what it expected next (“Expecting property name enclosed in double quotes”),
    which for a trailing comma or a Chinese quote says nothing useful; the character found says more."""
    doc, pos, msg = exc.doc, exc.pos, exc.msg
    here = doc[pos:pos + 1]
    before = doc[:pos].rstrip()
    last = before[-1:]
    rest_empty = not doc[pos:].strip()
    if here in _FULL_WIDTH:
        return f"这里是中文（全角）{_FULL_WIDTH[here]}“{here}”，JSON 的符号须用英文（半角）"
    if here in ("}", "]") and last == "," and msg.startswith(("Expecting property name", "Expecting value")):
        return f"多余的逗号：“{here}”前的最后一项后面不能有逗号"
    if doc.startswith(("//", "/*"), pos) or here == "#":
        return "JSON 中不能写注释"
    if msg.startswith("Expecting property name"):
        if rest_empty:
            return "内容不完整：文件在这里意外结束，缺少右花括号 }"
        if here == "'":
            return "键名须用英文双引号（\"），不能用单引号"
        return "键名须用英文双引号括起来，如 \"工单编号\""
    if msg.startswith("Expecting value"):
        if rest_empty:
            return "内容不完整：文件在这里意外结束，缺少值或右括号"
        if here == "'":
            return "文字须用英文双引号（\"），不能用单引号"
        if here in (",", "]", "}"):
            return "缺少值：逗号或冒号后面什么也没写"
        return "缺少值，或文字没有加英文双引号"
    if msg.startswith("Expecting ',' delimiter"):
        if rest_empty:
            return "内容不完整：文件在这里意外结束，缺少右括号 } 或 ]"
        return "缺少逗号：前后两项之间须用英文逗号隔开"
    if msg.startswith("Expecting ':' delimiter"):
        return "缺少冒号：键名后须有英文冒号"
    if msg.startswith("Unterminated string"):
        return "引号没有配对：这段文字缺少结束的英文双引号"
    if msg.startswith("Invalid control character"):
        return "文字中有换行或控制字符（换行须写成 \\n）"
    if msg.startswith("Invalid \\escape") or msg.startswith("Invalid \\u"):
        return "文字中的反斜杠（\\）后面不是合法的转义；反斜杠本身须写成 \\\\"
    if msg.startswith("Extra data"):
        return "一份草稿结束后还有多余的内容（多份草稿请放进 [ ] 数组并用逗号隔开，或改用 .jsonl 每行一份）"
    return msg


def load_text(text: str, source: str, *, lines: bool, notes: list[str] | None = None,
              max_chars: int = DEFAULT_MAX_CHARS) -> list[Loaded]:
    out: list[Loaded] = []
    if lines:
        # Only "\n" ends a line: str.splitlines() would also cut at U+2028 and the like, which JSON
        # strings may hold.
        for lineno, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            what = f"第{lineno}行"
            try:
                obj = _parse(line, source, f"{what}")
            except InputError as exc:
                out.append(exc)
                continue
            out.append(_one(obj, source, len(out), f"{what}草稿", _locations("jsonl", line=lineno), max_chars))
    else:
        if not text.strip():
            raise InputError(source, "文件是空的", "请写入一份 JSON 草稿")
        data = _parse(text, source)
        if isinstance(data, list):
            if not data:
                raise InputError(source, "JSON 数组中没有草稿", "请在数组中至少放一个草稿对象")
            for i, obj in enumerate(data):
                out.append(_one(obj, source, i, f"第{i + 1}份草稿", _locations("json", pointer=f"/{i}"), max_chars))
        else:
            out.append(_one(data, source, 0, "草稿", _locations("json"), max_chars))
    for item in out:
        if isinstance(item, Draft) and notes:
            item.notes.extend(notes)
    return out


def load(path: Path, *, max_bytes: int) -> list[Loaded]:
    source = str(path)
    raw = read_limited(path, source, max_bytes)
    return load_bytes(raw, source, lines=path.suffix.lower() == ".jsonl", max_bytes=max_bytes)


def load_bytes(raw: bytes, source: str, *, lines: bool, max_bytes: int, noun: str = "文件") -> list[Loaded]:
    """Drafts from bytes already read (a file, or standard input when ``noun`` is “输入”)."""
    if len(raw) > max_bytes:  # grew since stat, or a stream whose size cannot be known beforehand
        raise InputError(source, f"{noun}过大（超过上限 {max_bytes // 1024 // 1024} MB）",
                         "请拆分成多个文件，或用 --max-size 调整上限")
    if not raw.strip():
        raise InputError(source, f"{noun}是空的", "请写入一份 JSON 草稿")
    text, encoding = decode(raw, source)
    notes = [f"{noun}按 {encoding} 编码读取；建议另存为 UTF-8"] if encoding else None
    return load_text(text, source, lines=lines, notes=notes, max_chars=max_chars_for(max_bytes))
