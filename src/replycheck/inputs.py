"""Turning the paths a user gives into the files to check, without hanging on anything odd."""

from __future__ import annotations

import fnmatch
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from replycheck.errors import os_reason
from replycheck.loaders import SUFFIXES
from replycheck.model import Result

STDIN = "-"


@dataclass
class Inputs:
    files: list[str] = field(default_factory=list)  # sorted; "-" stands for standard input
    problems: list[Result] = field(default_factory=list)  # paths that cannot be checked at all


def _excluded(path: Path, patterns: list[str]) -> bool:
    text = path.as_posix()
    return any(fnmatch.fnmatch(text, p) or fnmatch.fnmatch(path.name, p) or fnmatch.fnmatch(text, f"*/{p}")
               for p in patterns)


def _lock_file(name: str) -> bool:
    return name.startswith("~$") or name.startswith(".~lock")


def _folder_notes(name: str) -> bool:
    """A folder's README (.md / .txt) describes the drafts; it is not one (a file named on the command
    line is always checked)."""
    return name.lower() in ("readme.md", "readme.txt")


def _problem(path: str, problem: str, advice: str) -> Result:
    return Result(path=path, error=f"{path}：{problem}；{advice}")


def _regular(path: Path) -> str | None:
    """Why ``path`` cannot be read as a draft, or None when it is a regular file."""
    try:
        st = path.stat()  # follows a symlink to its target; a loop raises OSError
    except FileNotFoundError:
        return "链接指向的文件不存在" if path.is_symlink() else "文件不存在"
    except OSError as exc:
        return f"无法访问（{os_reason(exc)}）"
    if not stat.S_ISREG(st.st_mode):
        return "不是普通文件（可能是管道或设备文件）"
    return None


def collect(paths: list[str], excludes: list[str] | None = None) -> Inputs:
    """Files under ``paths``: folders are searched recursively for every suffix in loaders.FORMATS."""
    excludes = excludes or []
    out = Inputs()
    seen: set[str] = set()
    for raw in paths:
        if raw == STDIN:
            out.files.append(STDIN)
            continue
        path = Path(raw)
        if path.is_dir():
            # Symlinked folders are not followed, so a link loop cannot make the walk endless.
            for root, dirs, names in os.walk(path, followlinks=False):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not _excluded(Path(root, d), excludes))
                for name in sorted(names):
                    candidate = Path(root, name)
                    if (_lock_file(name) or _folder_notes(name) or not name.lower().endswith(SUFFIXES)
                            or _excluded(candidate, excludes)):
                        continue
                    why = _regular(candidate)
                    if why:
                        out.problems.append(_problem(str(candidate), why, "已跳过该文件，请确认它是否应为草稿文件"))
                    elif str(candidate) not in seen:
                        seen.add(str(candidate))
                        out.files.append(str(candidate))
            continue
        if _excluded(path, excludes) or _lock_file(path.name):
            continue
        why = _regular(path)
        if why:
            out.problems.append(_problem(raw, why, "请检查路径是否正确"))
        elif raw not in seen:
            seen.add(raw)
            out.files.append(raw)
    out.files.sort()
    return out
