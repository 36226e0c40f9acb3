"""--by-department: one report file per 承办科室 (its drafts only) and one summary file for the whole run.

File names come from what departments typed, so they are made safe on every system the files may be
copied to (Windows forbids <>:"/\\|?*, control characters, names such as CON, and trailing dots/spaces).
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from pathlib import Path

from replycheck import programs
from replycheck.errors import UsageError
from replycheck.report import FORMATS, ReportMeta, render, write_file
from replycheck.report.week import Comparison, by_department

SUMMARY_NAME = "汇总"
_FORBIDDEN = programs.pattern(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
_MAX = 80  # characters: well inside every file system's limit, with room for the folder and a suffix


def safe_name(name: str) -> str:
    """A file name (without suffix) for a department, valid on Windows, macOS and Linux."""
    text = unicodedata.normalize("NFC", name)
    text = "".join(" " if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c for c in text)
    text = _FORBIDDEN.sub("_", text)
    text = re.sub(r"\s+", " ", text).strip()[:_MAX].rstrip(". ")
    text = text.lstrip(".")  # no hidden files, no “..”
    if not text:
        return "未命名科室"
    if text.split(".")[0].strip().upper() in _RESERVED:
        text = "_" + text
    return text


def file_names(departments: list[str], suffix: str) -> dict[str, str]:
    """Department → file name; distinct even where two names become alike (case-insensitive systems)."""
    taken = {f"{SUMMARY_NAME}{suffix}".casefold()}
    out: dict[str, str] = {}
    for dept in departments:
        base = safe_name(dept)
        name, n = f"{base}{suffix}", 2
        while name.casefold() in taken:
            name, n = f"{base}-{n}{suffix}", n + 1
        taken.add(name.casefold())
        out[dept] = name
    return out


def _for_department(meta: ReportMeta, dept: str) -> ReportMeta:
    comparison = meta.comparison
    if comparison is not None:
        own = next((c for c in comparison.departments if c.name == dept), None)
        comparison = Comparison(source=comparison.source, overall=own, departments=[]) if own else None
    # Unused waivers concern the whole run: they are told in the summary file only.
    return dataclasses.replace(meta, comparison=comparison, department=dept, waivers_unused=[])


def write_by_department(fmt: str, results: list, meta: ReportMeta, directory: Path) -> list[Path]:
    """Write the summary file and one file per department into ``directory``; return the files written."""
    spec = FORMATS[fmt]
    groups = by_department(results)
    names = file_names(list(groups), spec.suffix)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"无法创建文件夹 {directory}（{exc.strerror}）") from None
    written = []
    jobs = [(directory / f"{SUMMARY_NAME}{spec.suffix}", results, meta)]
    jobs += [(directory / names[d], drafts, _for_department(meta, d)) for d, drafts in groups.items()]
    for path, drafts, own_meta in jobs:
        try:
            write_file(fmt, render(fmt, drafts, own_meta), path)
        except OSError as exc:
            raise UsageError(f"无法写入报告文件 {path}（{exc.strerror}）") from None
        written.append(path)
    return written
