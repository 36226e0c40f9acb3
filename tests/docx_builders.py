"""Build .docx drafts the way Word and WPS users lay them out (python-docx, as a real file)."""

from __future__ import annotations

import base64
from pathlib import Path

# A 1×1 PNG: enough for Word to embed a picture.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def _doc(title: str = "杨家泊镇便民专线工单办理结果反馈单"):
    from docx import Document

    doc = Document()
    doc.add_heading(title, level=1)
    return doc


def label_right(path: Path, rows: list[tuple[str, str]], picture: bool = False) -> Path:
    """Two columns: label cell, value cell to its right."""
    doc = _doc()
    table = doc.add_table(rows=0, cols=2)
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text = label
        lines = value.split("\n")
        cells[1].text = lines[0]
        for line in lines[1:]:
            cells[1].add_paragraph(line)
    if picture:
        _picture(doc, path)
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
