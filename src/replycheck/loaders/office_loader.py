"""Old and other office formats (.doc, .wps, .rtf, .odt): converted to .docx by LibreOffice, then read as one.

The input is copied into a private temporary folder and converted there, so it is never touched; each
conversion runs with a fresh LibreOffice profile (no shared state, no lock on a user's running office)
whose settings forbid running macros, has a time limit, and is killed with everything it started when
that runs out. Without LibreOffice the file gets one line saying how to save it as .docx or install it.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path
from typing import Union

from replycheck.errors import InputError
from replycheck.model import Draft

Loaded = Union[Draft, InputError]
CONVERT_TIMEOUT = 120.0  # seconds; a first run with a fresh profile takes a few
KINDS = {
    ".doc": "旧版 Word 97-2003（.doc）文件",
    ".wps": "WPS 专有格式（.wps）文件",
    ".rtf": "RTF 文件",
    ".odt": "OpenDocument（.odt）文件",
}
INSTALL = ("或安装 LibreOffice 后 replycheck 会自动转换（Debian/Ubuntu：sudo apt-get install libreoffice-writer-nogui；"
           "Windows、macOS：从 LibreOffice 官网下载安装）")
# Macro security “very high” and macro execution disabled: a converted document never runs code.
_NO_MACROS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
</oor:items>
"""


# What each kind of file starts with (Word also saves RTF under .doc; a renamed .docx is a zip).
_MAGIC = {
    ".doc": (b"\xd0\xcf\x11\xe0", b"{\\rtf", b"PK\x03\x04"),
    ".wps": (b"\xd0\xcf\x11\xe0", b"{\\rtf", b"PK\x03\x04"),
    ".rtf": (b"{\\rtf",),
    ".odt": (b"PK\x03\x04",),
}


def soffice() -> str | None:
    """The LibreOffice program, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def _save_as(suffix: str) -> str:
    return "请在 WPS 中“另存为” .docx 后再检查" if suffix == ".wps" else "请在 Word 或 WPS 中“另存为” Word 文档（*.docx）后再检查"


def _run(command: list[str], timeout: float) -> bool:
    """Run LibreOffice in its own process group; False when it ran out of time (it is then killed)."""
    proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        proc.wait(timeout=timeout)
        return True
    except subprocess.TimeoutExpired:
        return False
    finally:  # also when the batch's own watchdog interrupts us: leave nothing running
        if proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                proc.kill()
            proc.wait()


def convert(path: Path, work: Path, *, timeout: float = CONVERT_TIMEOUT) -> Path | None:
    """``path`` converted to .docx inside ``work`` (a private folder), or None when LibreOffice could not."""
    program = soffice()
    assert program is not None
    source_dir, out_dir, profile = work / "in", work / "out", work / "profile"
    for folder in (source_dir, out_dir, profile / "user"):
        folder.mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(_NO_MACROS, encoding="utf-8")
    # A plain name: LibreOffice's command line misreads some file names, and the original stays untouched.
    copy = source_dir / f"draft{path.suffix.lower()}"
    shutil.copyfile(path, copy)
    command = [program, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible", "--norestore",
               "--nologo", "--nodefault", "--nolockcheck", "--convert-to", "docx:MS Word 2007 XML",
               "--outdir", str(out_dir), str(copy)]
    if not _run(command, timeout):
        raise TimeoutError
    result = out_dir / "draft.docx"
    return result if result.is_file() and result.stat().st_size else None


def load(path: Path, *, max_bytes: int) -> list[Loaded]:
    source = str(path)
    suffix = path.suffix.lower()
    kind = KINDS.get(suffix, f"{suffix} 文件")
    size = path.stat().st_size
    if size == 0:
        raise InputError(source, "文件是空的（0 字节）", "请重新保存该文档")
    if size > max_bytes:
        raise InputError(source, f"文件过大（{size // 1024 // 1024} MB，上限 {max_bytes // 1024 // 1024} MB）",
                         "请确认文件来源，或用 --max-size 调整上限")
    with path.open("rb") as fh:
        head = fh.read(8)
    if not head.startswith(_MAGIC[suffix]):
        raise InputError(source, f"文件内容不是{kind}（可能改了扩展名或已损坏）", _save_as(suffix))
    if soffice() is None:
        raise InputError(source, f"这是{kind}，本机没有安装 LibreOffice，无法转换", f"{_save_as(suffix)}，{INSTALL}")
    from replycheck.loaders import docx_loader

    with tempfile.TemporaryDirectory(prefix="replycheck-convert-") as tmp:
        try:
            converted = convert(path, Path(tmp))
        except TimeoutError:
            raise InputError(source, f"用 LibreOffice 转换这份{kind}超时（超过 {CONVERT_TIMEOUT:g} 秒）",
                             _save_as(suffix)) from None
        except OSError as exc:
            raise InputError(source, f"无法调用 LibreOffice 转换（{exc.strerror or type(exc).__name__}）",
                             _save_as(suffix)) from None
        if converted is None:
            raise InputError(source, f"LibreOffice 无法转换这份{kind}（可能已损坏、加密或并非此格式）", _save_as(suffix))
        try:
            items = docx_loader.load(converted, max_bytes=max_bytes)
        except InputError as exc:
            raise InputError(source, exc.problem, exc.advice) from None
    out: list[Loaded] = []
    for item in items:
        if isinstance(item, Draft):
            item.source = source
            item.notes.append(f"已用 LibreOffice 把{kind}转换为 .docx 后读取；段落、表格位置按转换后的文档计")
            out.append(item)
        else:
            out.append(InputError(source, item.problem, item.advice))
    return out
