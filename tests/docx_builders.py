"""Build .docx drafts the way Word and WPS users lay them out (python-docx, as a real file)."""

from __future__ import annotations

import base64
from pathlib import Path

# A 1×1 PNG: enough for Word to embed a picture.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)



def _fill(cell, value: str) -> None:
    """A cell holding ``value``, one paragraph per line, as a person types it."""
    lines = value.split("\n")
    cell.text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)

def _doc(title: str = "杨家泊镇便民专线工单办理结果反馈单"):
    from docx import Document

    doc = Document()
    doc.add_heading(title, level=1)
    return doc


def label_right(path: Path, rows: list[tuple[str, str]], picture: bool = False,
                trailing_paragraph: bool = False) -> Path:
    """Two columns: label cell, value cell to its right (``trailing_paragraph``: an empty paragraph after
    the table, as Word always writes; LibreOffice's .doc export drops a table that ends the body)."""
    doc = _doc()
    table = doc.add_table(rows=0, cols=2)
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text = label
        _fill(cells[1], value)
    if picture:
        _picture(doc, path)
    if trailing_paragraph:
        doc.add_paragraph("")
    doc.save(path)
    return path


def label_above(path: Path, rows: list[tuple[str, str]]) -> Path:
    """Labels in one row, values in the row below (short fields), long fields as label row + value row."""
    doc = _doc()
    short = [r for r in rows if len(r[1]) < 30]
    long = [r for r in rows if len(r[1]) >= 30]
    table = doc.add_table(rows=2, cols=len(short))
    for i, (label, value) in enumerate(short):
        table.cell(0, i).text = label
        table.cell(1, i).text = value
    for label, value in long:
        a = table.add_row().cells
        merged = a[0].merge(a[-1])
        merged.text = label
        b = table.add_row().cells
        merged = b[0].merge(b[-1])
        merged.text = value
    doc.save(path)
    return path


def four_columns(path: Path, rows: list[tuple[str, str]]) -> Path:
    """Two label/value pairs per row for short fields; long fields span three cells."""
    doc = _doc()
    short = [r for r in rows if len(r[1]) < 30]
    long = [r for r in rows if len(r[1]) >= 30]
    table = doc.add_table(rows=0, cols=4)
    for i in range(0, len(short), 2):
        cells = table.add_row().cells
        for j, (label, value) in enumerate(short[i:i + 2]):
            cells[2 * j].text = label
            cells[2 * j + 1].text = value
    for label, value in long:
        cells = table.add_row().cells
        cells[0].text = label
        merged = cells[1].merge(cells[3])
        merged.text = value
    doc.save(path)
    return path


def inline_paragraphs(path: Path, rows: list[tuple[str, str]], colon: str = "：") -> Path:
    """`标签：内容` on one line each."""
    doc = _doc()
    for label, value in rows:
        lines = value.split("\n")
        doc.add_paragraph(f"{label}{colon}{lines[0]}")
        for line in lines[1:]:
            doc.add_paragraph(line)
    doc.save(path)
    return path


def heading_paragraphs(path: Path, rows: list[tuple[str, str]], picture: bool = False) -> Path:
    """A bold label paragraph, then several content paragraphs up to the next label."""
    doc = _doc()
    for label, value in rows:
        p = doc.add_paragraph()
        p.add_run(label).bold = True
        for line in value.split("\n"):
            doc.add_paragraph(line)
    if picture:
        _picture(doc, path)
    doc.save(path)
    return path


def _picture(doc, path: Path) -> None:
    from docx.shared import Cm

    png = path.with_suffix(".png")
    png.write_bytes(PNG)
    doc.add_paragraph().add_run().add_picture(str(png), width=Cm(1))
    png.unlink()


# -- shapes of forms offices make themselves (see tests/test_forms.py for where each was seen) ----------


def spaced_labels(path: Path, rows: list[tuple[str, str]]) -> Path:
    """A two-column table whose label cells are spread with spaces to fill the cell: 「办 理 结 果」."""
    return label_right(path, [(" ".join(label) if len(label) <= 6 else label.replace("（", " （"), value)
                              for label, value in rows])


def bracket_paragraphs(path: Path, rows: list[tuple[str, str]], open_: str = "【", close: str = "】") -> Path:
    """`【标签】内容` paragraphs, no colon; long values continue in the paragraphs below."""
    doc = _doc()
    for label, value in rows:
        lines = value.split("\n")
        doc.add_paragraph(f"{open_}{label}{close}{lines[0]}")
        for line in lines[1:]:
            doc.add_paragraph(line)
    doc.save(path)
    return path


def bold_runs_inline(path: Path, rows: list[tuple[str, str]]) -> Path:
    """The label as a bold run at the head of the paragraph, the value as plain runs after it, no colon."""
    doc = _doc()
    for label, value in rows:
        lines = value.split("\n")
        p = doc.add_paragraph()
        p.add_run(label).bold = True
        p.add_run("  ")
        p.add_run(lines[0])
        for line in lines[1:]:
            doc.add_paragraph(line)
    doc.save(path)
    return path


def merged_label_cells(path: Path, rows: list[tuple[str, str]]) -> Path:
    """A 台账-like grid: each label merged down over two rows on the left, its value split over two
    merged cells to the right (the way a form is drawn with the table tool)."""
    doc = _doc()
    table = doc.add_table(rows=0, cols=4)
    for label, value in rows:
        top = table.add_row().cells
        bottom = table.add_row().cells
        label_cell = top[0].merge(bottom[0])
        label_cell.text = label
        _fill(top[1].merge(bottom[3]), value)
    doc.save(path)
    return path


def platform_printout(path: Path, rows: list[tuple[str, str]], extra: list[tuple[str, str]]) -> Path:
    """The platform's work-order printout: caller, number, address, request, status and dispatch times in
    four-column rows above the department's own rows."""
    doc = _doc("便民服务热线工单（打印件）")
    table = doc.add_table(rows=0, cols=4)
    for i in range(0, len(extra), 2):
        cells = table.add_row().cells
        for j, (label, value) in enumerate(extra[i:i + 2]):
            cells[2 * j].text = label
            cells[2 * j + 1].text = value
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text = label
        _fill(cells[1].merge(cells[3]), value)
    doc.save(path)
    return path


def returned_and_current(path: Path, rows: list[tuple[str, str]], earlier: list[tuple[str, str]]) -> Path:
    """A 回复单 that keeps the earlier, returned reply (under its own heading, with the return note) above
    the current one, both written as `标签：内容` paragraphs."""
    doc = _doc("工单回复单（退回重办）")
    doc.add_paragraph("一、前次办理情况（已退回）")
    for label, value in earlier:
        doc.add_paragraph(f"{label}：{value}")
    doc.add_paragraph("二、本次办理情况")
    for label, value in rows:
        lines = value.split("\n")
        doc.add_paragraph(f"{label}：{lines[0]}")
        for line in lines[1:]:
            doc.add_paragraph(line)
    doc.save(path)
    return path


def free_paragraphs(path: Path, paragraphs: list[str], rows: list[tuple[str, str]] = ()) -> Path:
    """Labelled rows (if any) in a table, then paragraphs nobody labelled."""
    doc = _doc()
    if rows:
        table = doc.add_table(rows=0, cols=2)
        for label, value in rows:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = label, value
    for text in paragraphs:
        doc.add_paragraph(text)
    doc.save(path)
    return path
