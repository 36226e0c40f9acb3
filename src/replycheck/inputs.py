"""Turning the paths a user gives into the files to check, without hanging on anything odd."""

from __future__ import annotations

import fnmatch
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from replycheck.errors import os_reason
from replycheck.loaders import may_be_draft, readable, unsupported_reason
from replycheck.model import Result

STDIN = "-"


@dataclass
class Inputs:
    files: list[str] = field(default_factory=list)  # sorted; "-" stands for standard input
    problems: list[Result] = field(default_factory=list)  # paths that cannot be checked at all (they fail)
    skipped: list[Result] = field(default_factory=list)  # paths left out on purpose, each with the reason


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


def _skip(path: Path | str, why: str) -> Result:
    return Result(path=str(path), skipped=why)


LOCK_FILE = "Word/WPS 打开文档时留下的锁文件"
EXCLUDED = "按 --exclude 或配置中的 exclude 跳过"
FOLDER_NOTES = "文件夹的说明文件（README），不是草稿；如确是草稿，请直接指定该文件"


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


def _in_folder(candidate: Path, out: Inputs, seen: set[str]) -> None:
    """One file met while walking a folder: checked, reported as not checkable, or skipped with a reason."""
    name = candidate.name
    if _lock_file(name):
        out.skipped.append(_skip(candidate, LOCK_FILE))
    elif _folder_notes(name):
        out.skipped.append(_skip(candidate, FOLDER_NOTES))
    elif readable(name):
        why = _regular(candidate)
        if why:
            out.problems.append(_problem(str(candidate), why, "已跳过该文件，请确认它是否应为草稿文件"))
        elif str(candidate) not in seen:
            seen.add(str(candidate))
            out.files.append(str(candidate))
    elif name.startswith("."):
        out.skipped.append(_skip(candidate, "隐藏文件"))
    elif may_be_draft(name):
        problem, advice = unsupported_reason(name)
        out.problems.append(_problem(str(candidate), problem, advice))
    else:
        suffix = candidate.suffix.lower()
        out.skipped.append(_skip(candidate, f"不是草稿文件（{suffix or '无扩展名'}），未检查"))


def collect(paths: list[str], excludes: list[str] | None = None) -> Inputs:
    """Files under ``paths``: folders are searched recursively for every suffix in loaders.FORMATS; every
    file met is accounted for, either checked, or listed as a problem (fails the run) or as skipped (with
    the reason)."""
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
                kept = []
                for d in sorted(dirs):
                    if d.startswith("."):
                        out.skipped.append(_skip(Path(root, d), "隐藏文件夹，其中的文件未检查"))
                    elif Path(root, d).is_symlink():
                        out.skipped.append(_skip(Path(root, d), "指向文件夹的快捷方式（符号链接），未跟进"))
                    elif _excluded(Path(root, d), excludes):
                        out.skipped.append(_skip(Path(root, d), EXCLUDED))
                    else:
                        kept.append(d)
                dirs[:] = kept
                for name in sorted(names):
                    candidate = Path(root, name)
                    if _excluded(candidate, excludes):
                        out.skipped.append(_skip(candidate, EXCLUDED))
                    else:
                        _in_folder(candidate, out, seen)
            continue
        if _excluded(path, excludes) or _lock_file(path.name):
            out.skipped.append(_skip(raw, EXCLUDED if _excluded(path, excludes) else LOCK_FILE))
            continue
        why = _regular(path)
        if why:
            out.problems.append(_problem(raw, why, "请检查路径是否正确"))
        elif raw not in seen:
            seen.add(raw)
            out.files.append(raw)
    out.files.sort()
    return out
