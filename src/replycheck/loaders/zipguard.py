"""The checks every zip-based office file (.docx, .xlsx) passes before any part of it is inflated."""

from __future__ import annotations

import zipfile

from replycheck.errors import InputError

# An office file holds a few dozen parts; zipfile keeps an object per entry, so a crafted archive with
# millions of empty entries would eat memory before a single part is read.
MAX_ZIP_ENTRIES = 10_000


def check_entries(fh, source: str, what: str = ".docx", fix: str = "请确认文件来源，用 Word 或 WPS 重新另存为 .docx") -> None:
    """Refuse an archive with an absurd number of entries by reading only its end record."""
    end_record = getattr(zipfile, "_EndRecData", None)  # private but stable; without it, skip the check
    if end_record is None:
        return
    record = end_record(fh)
    fh.seek(0)
    entries = record[getattr(zipfile, "_ECD_ENTRIES_TOTAL", 4)] if record else 0
    if entries > MAX_ZIP_ENTRIES:
        raise InputError(source, f"压缩包内有 {entries:,} 个文件，远超正常 {what}"
                         f"（上限 {MAX_ZIP_ENTRIES:,}），可能是恶意构造的文件", fix)


def check_sizes(zf: zipfile.ZipFile, source: str, max_bytes: int) -> None:
    """Refuse an archive whose parts together would inflate past the size limit (a zip bomb)."""
    total = sum(info.file_size for info in zf.infolist())
    if total > max_bytes:
        raise InputError(source, f"文件内容解压后过大（{total // 1024 // 1024} MB，上限 {max_bytes // 1024 // 1024} MB），"
                         "可能是压缩炸弹或超大文件", "请确认文件来源，或用 --max-size 调整上限")
