"""Word/WPS .docx drafts, read straight from the zip's XML.

python-docx's ``Document()`` parses every part of the package (images included); a draft needs only
``word/document.xml``, so we read that one part with a hardened lxml parser: no entities resolved,
no DTD or network access, and a cap on the uncompressed size checked before anything is inflated.
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Union

from replycheck.errors import InputError
from replycheck.loaders.common import DEFAULT_MAX_CHARS, max_chars_for
from replycheck.loaders.form import Block, Collected, FormReader, draft_from
from replycheck.loaders.labels import looks_like_label, match_label, unknown_label
from replycheck.loaders.zipguard import check_entries
from replycheck.model import Draft

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _TBL, _TR, _TC, _SDT, _SDTC = W + "p", W + "tbl", W + "tr", W + "tc", W + "sdt", W + "sdtContent"
_T, _TAB, _BR, _CR = W + "t", W + "tab", W + "br", W + "cr"
_R, _RPR, _B, _VAL = W + "r", W + "rPr", W + "b", W + "val"
_TCPR, _GRID_SPAN, _V_MERGE = W + "tcPr", W + "gridSpan", W + "vMerge"
_PICTURES = (W + "drawing", W + "pict")
_DEL, _MOVE_FROM = W + "del", W + "moveFrom"
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_REL_OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
MAX_PICTURES = 1_000
# Word and WPS never write a DTD; one in a part can only be an entity bomb or an external-entity probe.
# Written out: encoding them at import would load the UTF-16 codecs on every run.
_DTD_MARKS = (
    b'<!DOCTYPE',
    b'<\x00!\x00D\x00O\x00C\x00T\x00Y\x00P\x00E\x00',
    b'\x00<\x00!\x00D\x00O\x00C\x00T\x00Y\x00P\x00E',
    b'<!ENTITY',
    b'<\x00!\x00E\x00N\x00T\x00I\x00T\x00Y\x00',
    b'\x00<\x00!\x00E\x00N\x00T\x00I\x00T\x00Y',
)

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
    loc: tuple  # see form.location


def _own(parent, tag):
    """``parent``'s children with ``tag``, and its grandchildren with it (a row or cell wrapped in a content
    control or custom XML), in document order; a nested table's rows and cells lie deeper."""
    for child in parent:
        if child.tag == tag:
            yield child
        yield from child.iterchildren(tag)


def _cell_props(tc) -> tuple[int, bool]:
    """(columns spanned, whether it continues a vertical merge) from the cell's first properties."""
    pr = next(tc.iterchildren(_TCPR), None)
    if pr is None:
        return 1, False
    span, merge = None, None
    for prop in pr.iterchildren(_GRID_SPAN, _V_MERGE):
        if prop.tag == _GRID_SPAN:
            span = prop if span is None else span
        elif merge is None:
            merge = prop
    columns = 1
    if span is not None and (span.get(_VAL) or "1").isdigit():
        columns = max(1, int(span.get(_VAL)))
    return columns, merge is not None and merge.get(_VAL, "continue") == "continue"


def _cells(tbl, table_no: int) -> list[list[_Cell]]:
    rows: list[list[_Cell]] = []
    for r, tr in enumerate(_own(tbl, _TR), start=1):
        row: list[_Cell] = []
        col = 0
        for tc in _own(tr, _TC):
            span, continued = _cell_props(tc)
            text = "\n".join([_text(p) for p in tc.iter(_P)]).strip()
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


def _unknown_of(cell: _Cell) -> tuple[str, str] | None:
    """(label, inline value) for a cell that reads like a label nobody listed (「处理经过」)."""
    first, _, below = cell.text.partition("\n")
    if looks_like_label(first):
        return first.strip(" \u3000*#【】〔〕[]:："), below.strip()
    found = unknown_label(cell.text)
    return found


def _table(rows: list[list[_Cell]], out: Collected) -> None:
    used: set[tuple] = set()
    labels: dict[tuple, tuple[str, str] | None] = {}

    def label_of(cell: _Cell) -> tuple[str, str] | None:  # a cell is asked again as its neighbours' value
        if cell.loc not in labels:
            labels[cell.loc] = _label_of(cell)
        return labels[cell.loc]

    def value_for(r: int, i: int, cell: _Cell) -> _Cell | None:
        row = rows[r]
        right = next((c for c in row[i + 1 :] if not c.continued), None)
        if right is not None and right.loc not in used and label_of(right) is None:
            return right
        below = next((c for c in rows[r + 1] if c.col == cell.col), None) if r + 1 < len(rows) else None
        if below is not None and not below.continued and below.loc not in used and label_of(below) is None:
            return below
        return None

    for r, row in enumerate(rows):
        for i, cell in enumerate(row):
            if cell.continued or cell.loc in used:
                continue
            found = label_of(cell)
            if not found:
                continue
            used.add(cell.loc)
            name, inline = found
            if inline:
                out.add(name, inline, cell.loc)
                continue
            value = value_for(r, i, cell)
            if value is not None:
                used.add(value.loc)
                out.add(name, value.text, value.loc)
            else:
                out.add(name, "", cell.loc)
    # What no known label claimed: a label nobody listed with its value, or loose text.
    for r, row in enumerate(rows):
        for i, cell in enumerate(row):
            if cell.continued or cell.loc in used or not cell.text.strip():
                continue
            used.add(cell.loc)
            unknown = _unknown_of(cell)
            if unknown is not None:
                label, inline = unknown
                value = None if inline else value_for(r, i, cell)
                if value is not None:
                    used.add(value.loc)
                out.unclaimed(inline or (value.text if value else ""), value.loc if value else cell.loc, label=label)
            else:
                out.unclaimed(cell.text, cell.loc)


def _lead(p) -> str:
    """The text of the bold runs a paragraph starts with (a label set in bold: 「工单类型 咨询」)."""
    if next(p.iter(_B), None) is None:
        return ""  # most paragraphs have no bold at all (what blank runs lead them is never read)
    parts: list[str] = []
    for r in p.iter(_R):
        text = _text(r)
        if not text.strip():
            parts.append(text)
            continue
        pr = r.find(_RPR)
        b = pr.find(_B) if pr is not None else None
        if b is None or b.get(_VAL, "true") in ("0", "false"):
            break
        parts.append(text)
    return "".join(parts)


def parse_document(xml: bytes, source: str, *, max_chars: int = DEFAULT_MAX_CHARS
                   ) -> tuple[dict[str, str], dict, int]:
    """Field values, where each came from, and the number of embedded pictures."""
    collected, pictures = read_document(xml, source, max_chars=max_chars)
    return collected.joined(), collected.locations, pictures


def read_document(xml: bytes, source: str, *, max_chars: int = DEFAULT_MAX_CHARS) -> tuple[Collected, int]:
    """What the form reader collected from the document, and the number of embedded pictures."""
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
    out = Collected(source, max_chars)
    reader = FormReader(out)
    paragraph_no = table_no = 0
    for block in body_blocks(body):
        if block.tag == _TBL:
            table_no += 1
            reader.reset()
            _table(_cells(block, table_no), out)
            continue
        paragraph_no += 1
        text = _text(block)
        if text.strip():
            reader.paragraph(Block(text, ("paragraph", paragraph_no), _lead(block)))
    pictures = sum(1 for _ in body.iter(*_PICTURES))
    return out, pictures


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
    collected, pictures = read_document(xml, source, max_chars=max_chars_for(max_bytes))
    pictures = min(pictures, MAX_PICTURES)  # rules only ask whether there are photos, not how many
    return [draft_from(collected, source=source, max_bytes=max_bytes,
                       pictures=[{"name": f"文中图片{i}", "kind": "photo"} for i in range(1, pictures + 1)])]
