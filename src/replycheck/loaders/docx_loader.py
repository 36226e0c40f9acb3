"""Word/WPS .docx drafts, read straight from the zip's XML.

python-docx's ``Document()`` parses every part of the package (images included); a draft needs only
``word/document.xml``, so we read that one part with a hardened lxml parser: no entities resolved,
no DTD or network access, and a cap on the uncompressed size checked before anything is inflated.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Union

from replycheck.errors import InputError
from replycheck.loaders.common import DEFAULT_MAX_CHARS, build_draft, max_chars_for, too_long
from replycheck.loaders.labels import FOOTER, match_label
from replycheck.model import Draft, Location, attachment_kind_from_name

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _TBL, _TR, _TC, _SDT, _SDTC = W + "p", W + "tbl", W + "tr", W + "tc", W + "sdt", W + "sdtContent"
_T, _TAB, _BR, _CR = W + "t", W + "tab", W + "br", W + "cr"
_PICTURES = (W + "drawing", W + "pict")
_DEL, _MOVE_FROM = W + "del", W + "moveFrom"
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_REL_OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_NUMBERING = re.compile(r"^\s*(?:[（(]?\d+[)）.、．]|[①-⑳]|[一二三四五六七八九十]+[、.．]|[-•·●▪]\s*)\s*")
SHORT_FIELDS = {"order_id", "category", "action", "department", "received_at", "deadline", "revisit_unsuitable"}
# A .docx holds a few dozen parts; zipfile keeps an object per entry, so a crafted archive with millions
# of empty entries would eat memory before a single part is read.
MAX_ZIP_ENTRIES = 10_000
MAX_PICTURES = 1_000
# Word and WPS never write a DTD; one in a part can only be an entity bomb or an external-entity probe.
_DTD_MARKS = tuple(m.encode(enc) for m in ("<!DOCTYPE", "<!ENTITY") for enc in ("utf-8", "utf-16-le", "utf-16-be"))

Loaded = Union[Draft, InputError]


def _parser():
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=False, remove_comments=True, remove_pis=True)


def _refuse_dtd(xml: bytes, source: str) -> None:
    if any(mark in xml for mark in _DTD_MARKS):
        raise InputError(source, "文档的 XML 中含有 DTD/实体声明（Word、WPS 从不写入），可能是恶意构造的文件，已拒绝读取",
                         "请确认文件来源，用 Word 或 WPS 打开后重新另存为 .docx")


def _read_part(zf: zipfile.ZipFile, name: str, source: str, max_bytes: int) -> bytes:
    info = zf.getinfo(name)
    if info.file_size > max_bytes:
        raise InputError(source, f"文档内容解压后过大（{info.file_size // 1024 // 1024} MB，上限 {max_bytes // 1024 // 1024} MB），"
                         "可能是压缩炸弹或超大文档", "请确认文件来源，或用 --max-size 调整上限")
    with zf.open(info) as fh:
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(source, "文档内容解压后超过大小上限，可能是压缩炸弹", "请确认文件来源，或用 --max-size 调整上限")
    return data


def check_entries(fh, source: str) -> None:
    """Refuse an archive with an absurd number of entries by reading only its end record."""
    end_record = getattr(zipfile, "_EndRecData", None)  # private but stable; without it, skip the check
    if end_record is None:
        return
    record = end_record(fh)
    fh.seek(0)
    entries = record[getattr(zipfile, "_ECD_ENTRIES_TOTAL", 4)] if record else 0
    if entries > MAX_ZIP_ENTRIES:
        raise InputError(source, f"压缩包内有 {entries:,} 个文件，远超正常 .docx"
                         f"（上限 {MAX_ZIP_ENTRIES:,}），可能是恶意构造的文件", "请确认文件来源，用 Word 或 WPS 重新另存为 .docx")


def _main_part(zf: zipfile.ZipFile, source: str, max_bytes: int) -> str:
    names = set(zf.namelist())
    if "_rels/.rels" in names:
        from lxml import etree

        try:
            rels = etree.fromstring(_read_part(zf, "_rels/.rels", source, max_bytes), _parser())
            for rel in rels:
                if rel.get("Type") == _REL_OFFICE:
                    target = rel.get("Target", "").lstrip("/")
                    if target in names:
                        return target
        except etree.XMLSyntaxError:
            pass
    if "word/document.xml" in names:
        return "word/document.xml"
    raise InputError(source, "压缩包中没有 Word 正文（word/document.xml），不是有效的 .docx 文件",
                     "请用 Word 或 WPS 打开后重新另存为 .docx")


def _drop_unseen(body) -> None:
    """Remove what the reader of the draft does not see as its text: deletions and the old place of moved
    text under tracked changes (the reply is what is left once they are accepted), and the fallback copy
    Word keeps of a text box for older readers (otherwise its text would be read twice)."""
    unseen = list(body.iter(_DEL, _MOVE_FROM, _FALLBACK))
    for el in unseen:
        parent = el.getparent()
        if parent is not None:
            parent.remove(el)


def _text(el) -> str:
    parts: list[str] = []
    for node in el.iter(_T, _TAB, _BR, _CR):
        if node.tag == _T:
            parts.append(node.text or "")
        elif node.tag == _TAB:
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)


def body_blocks(parent):
    """Paragraphs and tables of the body in order, looking through content controls."""
    for child in parent:
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag == _SDT:
            content = child.find(_SDTC)
            if content is not None:
                yield from body_blocks(content)


@dataclass
class _Cell:
    text: str
    col: int
    continued: bool  # a vertically merged continuation: the text lives in the cell above
    loc: tuple  # see _location


def _cells(tbl, table_no: int) -> list[list[_Cell]]:
    rows: list[list[_Cell]] = []
    for r, tr in enumerate(tbl.iter(_TR), start=1):
        if tr.getparent() is not tbl and tr.getparent().getparent() is not tbl:
            continue  # rows of a nested table belong to that table's cell text
        row: list[_Cell] = []
        col = 0
        for tc in tr.iter(_TC):
            if tc.getparent() is not tr and tc.getparent().getparent() is not tr:
                continue
            pr = tc.find(W + "tcPr")
            span, continued = 1, False
            if pr is not None:
                gs = pr.find(W + "gridSpan")
                if gs is not None and (gs.get(W + "val") or "1").isdigit():
                    span = max(1, int(gs.get(W + "val")))
                vm = pr.find(W + "vMerge")
                continued = vm is not None and vm.get(W + "val", "continue") == "continue"
            text = "\n".join(_text(p) for p in tc.iter(_P)).strip()
            row.append(_Cell(text, col, continued, ("cell", table_no, r, col + 1)))
            col += span
        rows.append(row)
    return rows


def _label_of(cell: _Cell) -> tuple[str, str] | None:
    """(field, inline value) if the cell starts with a label; a label alone on its first line may
    have its value on the lines below it inside the same cell."""
    first, _, below = cell.text.partition("\n")
    if below and len(cell.text) <= 40:
        # A narrow label column wraps a long label by hand: “办理结果↵（内部可见）”.
        whole = match_label("".join(cell.text.split()))
        if whole is not None and not whole[1]:
            return whole[0], ""
    found = match_label(first)
    if not found:
        return None
    name, rest = found
    return name, "\n".join(x for x in (rest, below.strip()) if x)


def _location(where: tuple) -> Location:
    """("paragraph", n) or ("cell", table, row, col) as a Location, built only for the cells and
    paragraphs a field actually comes from (a form has dozens of cells)."""
    if where[0] == "paragraph":
        return Location(kind="paragraph", paragraph=where[1])
    _, table, row, col = where
    return Location(kind="cell", table=table, row=row, col=col)


class _Collector:
    def __init__(self, source: str = "", max_chars: int = DEFAULT_MAX_CHARS) -> None:
        self.values: dict[str, list[str]] = {}
        self.locations: dict[str, Location] = {}
        self.source = source
        self.max_chars = max_chars
        self.size = 0

    def add(self, name: str, text: str, loc: tuple) -> None:
        if name == FOOTER:
            return
        if name in SHORT_FIELDS and self.values.get(name):
            return  # the first value of a short field wins; a repeat is usually a header row
        self.values.setdefault(name, [])
        if text.strip():
            self.size += len(text)
            if self.size > self.max_chars:  # refuse while reading, before the texts are joined
                raise too_long(self.source, "", self.size, self.max_chars)
            self.values[name].append(text.strip())
        if name not in self.locations:
            self.locations[name] = _location(loc)


def _table(rows: list[list[_Cell]], out: _Collector) -> None:
    for r, row in enumerate(rows):
        for i, cell in enumerate(row):
            if cell.continued:
                continue
            found = _label_of(cell)
            if not found:
                continue
            name, inline = found
            if inline:
                out.add(name, inline, cell.loc)
                continue
            right = next((c for c in row[i + 1 :] if not c.continued), None)
            if right is not None and _label_of(right) is None:
                out.add(name, right.text, right.loc)
                continue
            below = next((c for c in rows[r + 1] if c.col == cell.col), None) if r + 1 < len(rows) else None
            if below is not None and not below.continued and _label_of(below) is None:
                out.add(name, below.text, below.loc)
            else:
                out.add(name, "", cell.loc)


def parse_document(xml: bytes, source: str, *, max_chars: int = DEFAULT_MAX_CHARS
                   ) -> tuple[dict[str, str], dict[str, Location], int]:
    """Field values, where each came from, and the number of embedded pictures."""
    from lxml import etree

    _refuse_dtd(xml, source)
    try:
        root = etree.fromstring(xml, _parser())
    except etree.XMLSyntaxError as exc:
        raise InputError(source, f"Word 正文 XML 已损坏（{str(exc)[:60]}）", "请用 Word 或 WPS 打开后重新另存为 .docx") from None
    body = root.find(W + "body")
    if body is None:
        raise InputError(source, "Word 正文为空", "请确认文件内容后重新保存")
    _drop_unseen(body)
    out = _Collector(source, max_chars)
    current: str | None = None
    paragraph_no = table_no = 0
    for block in body_blocks(body):
        if block.tag == _TBL:
            table_no += 1
            current = None
            _table(_cells(block, table_no), out)
            continue
        paragraph_no += 1
        text = _text(block)
        if not text.strip():
            continue
        loc = ("paragraph", paragraph_no)
        found = match_label(text.strip())
        if found:
            current, inline = found
            out.add(current, inline, loc)
        elif current:
            out.add(current, text, loc)
    pictures = sum(1 for _ in body.iter(*_PICTURES))
    values = {name: "\n".join(parts) for name, parts in out.values.items()}
    return values, out.locations, pictures


def load(path: Path, *, max_bytes: int) -> list[Loaded]:
    source = str(path)
    with path.open("rb") as fh:
        head = fh.read(8)
    if not head:
        raise InputError(source, "文件是空的（0 字节）", "请重新保存或重新导出该文档")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(source, "这是旧版 Word 97-2003（.doc）或加密文档，不是 .docx",
                         "请在 Word 或 WPS 中“另存为” Word 文档（*.docx）后再检查")
    if not head.startswith(b"PK"):
        raise InputError(source, "文件不是 .docx 格式（不是 zip 压缩包）", "请在 Word 或 WPS 中另存为 .docx")
    try:
        with path.open("rb") as fh:
            check_entries(fh, source)
            with zipfile.ZipFile(fh) as zf:
                xml = _read_part(zf, _main_part(zf, source, max_bytes), source, max_bytes)
    except RuntimeError as exc:  # zipfile: "File … is encrypted, password required"
        if "encrypted" not in str(exc):
            raise
        raise InputError(source, "文档已加密（设置了打开密码），无法读取",
                         "请取消密码后另存为 .docx 再检查") from None
    except (zipfile.BadZipFile, EOFError, zipfile.LargeZipFile, NotImplementedError, ValueError,
            zlib.error) as exc:
        why = "压缩数据损坏" if isinstance(exc, zlib.error) else type(exc).__name__
        raise InputError(source, f"文件已损坏或不完整，无法解压（{why}）",
                         "请重新从 Word 或 WPS 另存为 .docx") from None
    values, locations, pictures = parse_document(xml, source, max_chars=max_chars_for(max_bytes))
    pictures = min(pictures, MAX_PICTURES)  # rules only ask whether there are photos, not how many
    data: dict[str, object] = {k: v for k, v in values.items() if k != "attachments"}
    attachments = [
        {"name": name, "kind": attachment_kind_from_name(name)}
        for line in values.get("attachments", "").splitlines()
        if (name := _NUMBERING.sub("", line).strip()) and name not in ("无", "暂无")
    ]
    attachments += [{"name": f"文中图片{i}", "kind": "photo"} for i in range(1, pictures + 1)]
    if values:  # a document with no label at all is no draft, whatever pictures it holds
        data["attachments"] = attachments
    try:
        return [build_draft(data, source=source, index=0, locations=locations, what="",
                            max_chars=max_chars_for(max_bytes))]
    except InputError as exc:
        return [exc]
