"""Loaders: every supported file type ends at the same Draft model; nothing downstream knows the type."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Union

from replycheck.errors import InputError, os_reason
from replycheck.model import Draft

Loaded = Union[Draft, InputError]
DEFAULT_MAX_BYTES = 50 * 1024 * 1024

# THE list of supported files: suffix → the loader module (in replycheck.loaders) that reads it. Folder
# runs, messages and the docs name what is here; every module has ``load(path, *, max_bytes)``.
FORMATS: dict[str, str] = {
    ".docx": "docx_loader",
    ".json": "json_loader",
    ".jsonl": "json_loader",
    ".txt": "text_loader",
    ".md": "text_loader",
    ".xlsx": "sheet_loader",
    ".csv": "sheet_loader",
    ".doc": "office_loader",
    ".wps": "office_loader",
    ".rtf": "office_loader",
    ".odt": "office_loader",
}
SUFFIXES = tuple(FORMATS)

# Types a reply draft may well have been written in but that no loader reads. Met in a folder, such a file is
# reported as not checked (it fails the run, exit 1): it is probably a draft in the wrong format. Any other
# unsupported file (a picture, an archive, a system file) is listed as skipped and fails nothing. FORMATS is
# asked first, so a type that gets a loader stops being reported here without touching these lists.
_UNSUPPORTED = {
    ".pdf": ("PDF 文件无法检查", "请提交原始的 Word 草稿，或整理成 JSON"),
    ".xls": ("这是旧版 Excel 97-2003（.xls）文件，暂不支持", "请在 Excel 或 WPS 中“另存为” .xlsx 后再检查"),
}
# Word processors and spreadsheets a department might write or export replies in (a web page or a picture
# beside the drafts is not one of them).
_DOCUMENT_LIKE = (".et", ".docm", ".dotx", ".dot", ".wpt", ".pages")


def supported() -> str:
    """The supported suffixes for a message: “.docx、.json、…”."""
    return "、".join(SUFFIXES)


def readable(name: str) -> bool:
    """Whether a loader reads files of this name (decided by suffix, from FORMATS and nowhere else)."""
    return name.lower().endswith(SUFFIXES)


def unsupported_reason(name: str) -> tuple[str, str]:
    """Why a file of this name cannot be checked, and what to do (for a type no loader reads)."""
    suffix = Path(name).suffix.lower()
    return _UNSUPPORTED.get(suffix, (f"不支持的文件类型“{suffix or '无扩展名'}”，未检查", f"支持 {supported()}"))


def may_be_draft(name: str) -> bool:
    """An unsupported file that nonetheless looks like a document a draft could be written in."""
    suffix = Path(name).suffix.lower()
    return not readable(name) and (suffix in _UNSUPPORTED or suffix in _DOCUMENT_LIKE)


def load_path(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Loaded]:
    """All drafts in one file; a file-level problem becomes a single InputError item."""
    suffix = path.suffix.lower()
    try:
        mode = path.stat().st_mode if suffix in SUFFIXES else stat.S_IFREG
        if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
            # Opening a FIFO would wait for a writer forever; a device may never end.
            return [InputError(str(path), "不是普通文件（可能是管道或设备文件）", "请给出草稿文件本身")]
        if suffix in FORMATS:
            import importlib

            module = importlib.import_module(f"replycheck.loaders.{FORMATS[suffix]}")
            return module.load(path, max_bytes=max_bytes)
        return [InputError(str(path), *unsupported_reason(path.name))]
    except InputError as exc:
        return [exc]
    except PermissionError:
        return [InputError(str(path), "没有读取权限", "请检查文件权限")]
    except IsADirectoryError:
        return [InputError(str(path), "这是一个文件夹，不是文件", "请直接给出文件夹路径，即可递归检查其中的草稿")]
    except OSError as exc:
        return [InputError(str(path), f"无法读取（{os_reason(exc)}）", "请确认文件存在且未被占用")]
