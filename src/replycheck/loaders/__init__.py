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

_UNSUPPORTED = {
    ".pdf": ("PDF 文件无法检查", "请提交原始的 Word 草稿，或整理成 JSON"),
    ".xls": ("这是旧版 Excel 97-2003（.xls）文件，暂不支持", "请在 Excel 或 WPS 中“另存为” .xlsx 后再检查"),
}


def supported() -> str:
    """The supported suffixes for a message: “.docx、.json、…”."""
    return "、".join(SUFFIXES)


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
        problem, advice = _UNSUPPORTED.get(
            suffix, (f"不支持的文件类型“{suffix or '无扩展名'}”", f"支持 {supported()}")
        )
        return [InputError(str(path), problem, advice)]
    except InputError as exc:
        return [exc]
    except PermissionError:
        return [InputError(str(path), "没有读取权限", "请检查文件权限")]
    except IsADirectoryError:
        return [InputError(str(path), "这是一个文件夹，不是文件", "请直接给出文件夹路径，即可递归检查其中的草稿")]
    except OSError as exc:
        return [InputError(str(path), f"无法读取（{os_reason(exc)}）", "请确认文件存在且未被占用")]
