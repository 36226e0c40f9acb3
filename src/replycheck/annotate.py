"""An annotated copy of a .docx draft: every finding becomes a Word comment on the words it is about.

``replycheck 草稿.docx --annotate 批注.docx`` writes it. A finding that points at words is anchored on
exactly those words (runs are split where needed); a finding about something missing is anchored on
the label of its field (e.g. “办理结果（内部可见）”), or on the document's first line when the field is
not in the document at all. The draft itself is only read, never written.

Where a field's text is in the document comes from the loader (:class:`~replycheck.model.Location`:
a paragraph number or a table cell); the finding's excerpt and offset then pick the exact words.
"""

from __future__ import annotations

import copy
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from replycheck.errors import UsageError
from replycheck.loaders.docx_loader import body_blocks
from replycheck.model import Draft, Finding, Location, field_label

AUTHOR = "replycheck"
INITIALS = "RC"
_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _TBL, _TR, _TC, _R = _NS + "p", _NS + "tbl", _NS + "tr", _NS + "tc", _NS + "r"
_SPLITTABLE = {_NS + "t", _NS + "tab", _NS + "br", _NS + "cr", _NS + "rPr", _NS + "noBreakHyphen",
               _NS + "softHyphen"}


def check_package(source: Path, max_bytes: int) -> None:
    """Refuse, before python-docx opens it, a .docx that would take too much memory: python-docx reads
    every part (pictures included) into memory, so the parts' uncompressed sizes together must stay
    under the --max-size cap the checking already applies (a 446 KB zip bomb holding a 400 MB picture
    would otherwise take 862 MB). The sizes come from the zip's directory, and zipfile never inflates
    a part beyond its declared size."""
    import zipfile

    from replycheck.errors import InputError
    from replycheck.loaders.zipguard import check_entries

    what = f"批注副本未生成：{source}"
    try:
        with source.open("rb") as fh:
            check_entries(fh, str(source))
            with zipfile.ZipFile(fh) as zf:
                total = sum(info.file_size for info in zf.infolist())
    except InputError as exc:
        raise UsageError(f"批注副本未生成：{exc}") from None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise UsageError(f"{what} 不是有效的 .docx 文件（{type(exc).__name__}）；请用 Word 或 WPS 重新另存为 .docx") from None
    if total > max_bytes:
        raise UsageError(f"{what} 解压后共 {total / 1024 / 1024:,.0f} MB，超过上限 {max_bytes // 1024 // 1024} MB"
                         "（图片过多过大，或是压缩炸弹）；请确认文件来源，或用 --max-size 调大上限")


def check_target(paths: list[str], target: Path, max_bytes: int | None = None) -> Path:
    """The one .docx to annotate; a UsageError (exit 2) for anything else, before any work is done."""
    if len(paths) != 1 or paths[0] == "-":
        raise UsageError("--annotate 只能用于单个 .docx 草稿文件")
    source = Path(paths[0])
    if source.suffix.lower() != ".docx" or not source.is_file():
        raise UsageError(f"--annotate 只能用于 .docx 文件，{source} 不是")
    if target.suffix.lower() != ".docx":
        raise UsageError(f"批注副本 {target} 应以 .docx 结尾")
    same = target.resolve() == source.resolve() or (target.exists() and os.path.samefile(target, source))
    if same:
        raise UsageError("批注副本不能覆盖原草稿，请另指定一个文件名")
    if max_bytes is not None:
        check_package(source, max_bytes)
    return source


def comment_text(finding: Finding) -> str:
    text = f"【{finding.severity.label}】第{finding.clause}条：{finding.message}（{finding.rule}）"
    if finding.hint:
        text += f"\n修改建议：{finding.hint}"
    if finding.waived:
        text += f"\n（已豁免：{finding.waived}）"
    return text


# -- the document's blocks, numbered as the loader numbers them ---------------------------------------
def _paragraph_text(p) -> str:
    from docx.text.run import Run

    return "".join(Run(r, None).text for r in p.iter(_R))


def _cell(tbl, row_no: int, col_no: int):
    for r, tr in enumerate(tbl.iter(_TR), start=1):
        if tr.getparent() is not tbl and tr.getparent().getparent() is not tbl:
            continue
        if r != row_no:
            continue
        col = 0
        for tc in tr.iter(_TC):
            if tc.getparent() is not tr and tc.getparent().getparent() is not tr:
                continue
            if col + 1 == col_no:
                return tc
            span = tc.find(f"{_NS}tcPr/{_NS}gridSpan")
            width = span.get(_NS + "val", "1") if span is not None else "1"
            col += max(1, int(width)) if width.isdigit() else 1
    return None


def _region(body, loc: Location) -> list:
    """The paragraphs holding a field's text: its cell, or its paragraph and those after it up to the next label."""
    from replycheck.loaders.labels import match_label

    blocks = list(body_blocks(body))
    if loc.kind == "cell" and loc.table:
        tables = [b for b in blocks if b.tag == _TBL]
        if loc.table <= len(tables):
            tc = _cell(tables[loc.table - 1], loc.row or 0, loc.col or 0)
            if tc is not None:
                return list(tc.iter(_P))
        return []
    if loc.kind == "paragraph" and loc.paragraph:
        out, n = [], 0
        for block in blocks:
            if block.tag == _TBL:
                if out:
                    break
                continue
            n += 1
            if n < loc.paragraph:
                continue
            text = _paragraph_text(block)
            if out and text.strip() and match_label(text.strip()):
                break
            out.append(block)
        return out
    return []


# -- finding the words ---------------------------------------------------------------------------------
@dataclass
class _Char:
    run: object  # the w:r element
    offset: int  # in that run's text


def _chars(paragraphs: list, skip_label: bool) -> list[_Char]:
    """Every non-space character of the region with the run it lives in (the field label left out)."""
    from docx.text.run import Run

    from replycheck.loaders.labels import match_label

    out: list[_Char] = []
    for i, p in enumerate(paragraphs):
        text = _paragraph_text(p)
        skip = _label_length(text) if (i == 0 and skip_label and match_label(text.strip())) else 0
        pos = 0
        for r in p.iter(_R):
            run_text = Run(r, None).text
            for k, ch in enumerate(run_text):
                if pos + k >= skip and not ch.isspace():
                    out.append(_Char(r, k))
            pos += len(run_text)
    return out


def _label_length(text: str) -> int:
    from replycheck.loaders.labels import label_length

    return label_length(text) or len(text)


def _squeeze(text: str) -> tuple[str, list[int]]:
    kept = [(i, ch) for i, ch in enumerate(text) if not ch.isspace()]
    return "".join(ch for _, ch in kept), [i for i, _ in kept]


def _occurrence(haystack: str, needle: str, nth: int) -> int:
    pos = -1
    for _ in range(nth + 1):
        pos = haystack.find(needle, pos + 1)
        if pos == -1:
            return -1
    return pos


def _split(r, at: int):
    """Split run ``r`` before character ``at``; return the right half (or None when it cannot be split)."""
    from docx.text.run import Run

    text = Run(r, None).text
    if at <= 0 or at >= len(text) or any(child.tag not in _SPLITTABLE for child in r):
        return None
    right = copy.deepcopy(r)
    r.addnext(right)
    Run(r, None).text = text[:at]
    Run(right, None).text = text[at:]
    return right


def _runs_for_excerpt(paragraphs: list, draft: Draft, finding: Finding) -> Optional[tuple]:
    field_text, _ = _squeeze(draft.text(finding.field or ""))
    excerpt, _ = _squeeze(finding.excerpt or "")
    if not excerpt:
        return None
    # Which occurrence of the excerpt the finding means: the same one in the document.
    before, _ = _squeeze(draft.text(finding.field or "")[: finding.start or 0])
    nth = sum(1 for i in range(len(before)) if field_text.startswith(excerpt, i))
    chars = _chars(paragraphs, skip_label=True)
    region = "".join(_char_text(c) for c in chars)
    pos = _occurrence(region, excerpt, nth)
    if pos == -1:
        pos = region.find(excerpt)
    if pos == -1:
        return None
    first, last = chars[pos], chars[pos + len(excerpt) - 1]
    # Split the last run first, so that the first run's offsets still hold when first and last coincide.
    _split(last.run, last.offset + 1)
    right = _split(first.run, first.offset)
    start_run = right if right is not None else first.run
    end_run = last.run if last.run is not first.run else (right if right is not None else first.run)
    return start_run, end_run


def _char_text(c: _Char) -> str:
    from docx.text.run import Run

    return Run(c.run, None).text[c.offset]


def _runs_for_label(body, paragraphs: list, finding: Finding) -> Optional[tuple]:
    """The runs of the field's label: in its own paragraph, or the table cell naming it."""
    from replycheck.loaders.labels import match_label

    candidates = list(paragraphs[:1]) + [p for p in body.iter(_P)]
    for p in candidates:
        text = _paragraph_text(p)
        found = match_label(text.strip()) if text.strip() else None
        if found and found[0] == finding.field:
            runs = list(p.iter(_R))
            if not runs:
                continue
            length = _label_length(text)
            chars = [_Char(r, k) for r in runs for k in range(len(_run_text(r)))]
            if length < len(chars):
                _split(chars[length - 1].run, chars[length - 1].offset + 1)
            runs = list(p.iter(_R))
            last = _run_at(runs, length - 1)
            return runs[0], last
    return None


def _run_text(r) -> str:
    from docx.text.run import Run

    return Run(r, None).text


def _run_at(runs: list, index: int):
    pos = 0
    for r in runs:
        pos += len(_run_text(r))
        if index < pos:
            return r
    return runs[-1]


def _first_text_runs(body) -> Optional[tuple]:
    for p in body.iter(_P):
        runs = [r for r in p.iter(_R) if _run_text(r).strip()]
        if runs:
            return runs[0], runs[-1]
    return None


def checklist_text(elements: list[dict]) -> str:
    """The checklist as one comment: what replycheck read, ✓ ✗ ? per element the notice asks for."""
    from replycheck.report.checklist import MARKS

    lines = ["replycheck 读到的内容（通知要求写明的各项）："]
    for e in elements:
        if e["status"] == "not_needed":
            continue
        words = "、".join(f"“{x['text'][:30]}”" for x in e["evidence"][:1] if x["text"].strip())
        lines.append(f"{MARKS.get(e['status'], '?')} {e['title']}：{words if e['status'] == 'found' else e.get('note', '')}")
    return "\n".join(lines)


def annotate(source: Path, draft: Draft, findings: list[Finding], target: Path,
             elements: Optional[list[dict]] = None) -> int:
    """Write ``target``: a copy of ``source`` with one comment per finding, and (given ``elements``) one
    more at the start with the checklist. Returns the number of comments."""
    import docx
    from docx.text.run import Run

    document = docx.Document(str(source))
    body = document.element.body
    count = 0
    for finding in findings:
        # A finding about no field (text no label claims) carries its own place in the document.
        loc = draft.locations.get(finding.field) if finding.field else finding.location
        paragraphs = _region(body, loc) if loc and loc.kind in ("paragraph", "cell") else []
        anchor = None
        if finding.start is not None and finding.excerpt and paragraphs:
            anchor = _runs_for_excerpt(paragraphs, draft, finding)
        if anchor is None and finding.field:
            anchor = _runs_for_label(body, paragraphs, finding)
        if anchor is None and not finding.field and paragraphs:
            runs = [r for p in paragraphs for r in p.iter(_R) if _run_text(r).strip()]
            anchor = (runs[0], runs[-1]) if runs else None
        if anchor is None:
            anchor = _first_text_runs(body)
        if anchor is None:
            continue
        text = comment_text(finding)
        if finding.field and (finding.start is None or not finding.excerpt) and not paragraphs:
            text = f"（缺少“{field_label(finding.field)}”）" + text
        document.add_comment([Run(anchor[0], None), Run(anchor[1], None)], text=text, author=AUTHOR,
                             initials=INITIALS)
        count += 1
    first = _first_text_runs(body) if elements else None
    if first is not None:
        document.add_comment([Run(first[0], None), Run(first[1], None)], text=checklist_text(elements),
                             author=AUTHOR, initials=INITIALS)
        count += 1
    document.save(str(target))
    return count


def write_annotated(path: str, results: list, target: Path, max_bytes: int | None = None) -> int:
    """The CLI's entry: annotate the one checked .docx with its findings; errors are UsageErrors (exit 2)."""
    from replycheck.loaders import DEFAULT_MAX_BYTES, load_path

    max_bytes = max_bytes or DEFAULT_MAX_BYTES
    check_package(Path(path), max_bytes)  # again: the file may have changed while it was checked
    result = next((r for r in results if r.path == path), None)
    if result is None or result.error:
        raise UsageError(f"草稿无法读取，未生成批注副本（{result.error if result else path}）")
    items = load_path(Path(path), max_bytes=max_bytes)
    draft = items[0] if items and isinstance(items[0], Draft) else None
    if draft is None:
        raise UsageError(f"草稿无法读取，未生成批注副本（{path}）")
    try:
        return annotate(Path(path), draft, result.findings, target, result.elements)
    except OSError as exc:
        raise UsageError(f"无法写入批注副本 {target}（{exc.strerror}）") from None


@dataclass
class ReadComment:
    text: str  # the comment
    anchor: str  # the words it is anchored on
    before: str  # the text of the anchor's paragraph before it (to tell repeated words apart)


def read_comments(path: Path) -> list[ReadComment]:
    """Every comment in a .docx with the words it is anchored on, in comment order."""
    import docx

    document = docx.Document(str(path))
    body = document.element.body
    anchored: dict[str, list[str]] = {}
    before: dict[str, str] = {}
    open_ids: set[str] = set()
    for p in body.iter(_P):
        seen: list[str] = []
        for el in p.iter(_NS + "commentRangeStart", _NS + "commentRangeEnd", _NS + "t"):
            cid = el.get(_NS + "id")
            if el.tag == _NS + "commentRangeStart":
                open_ids.add(cid)
                anchored.setdefault(cid, [])
                before[cid] = "".join(seen)
            elif el.tag == _NS + "commentRangeEnd":
                open_ids.discard(cid)
            else:
                seen.append(el.text or "")
                for open_id in open_ids:
                    anchored[open_id].append(el.text or "")
    return [ReadComment(c.text, "".join(anchored.get(str(c.comment_id), [])), before.get(str(c.comment_id), ""))
            for c in document.comments]
