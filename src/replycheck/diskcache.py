"""A small disk cache of compiled data, so that a process starts without parsing YAML or compiling patterns.

Entries live in ``$REPLYCHECK_CACHE_DIR``, else the user's cache folder (``~/.cache/replycheck`` on Linux,
``%LOCALAPPDATA%\\replycheck\\Cache`` on Windows, ``~/Library/Caches/replycheck`` on macOS).
``REPLYCHECK_NO_CACHE=1`` turns it off. Each entry starts with its full key; anything unexpected is a miss,
and a cache that cannot be read or written is ignored: it can only make start-up faster. The rule set
(rulecache.py), the label list (loaders/labels.py, labelbook.py) and the compiled programs of the package's own
patterns (programs.py) are kept here.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path

from replycheck import __version__

FORMAT = b"replycheck-rules-1"
_KEEP = 4  # entries kept per kind: a few rule sets (e.g. with and without a town's extra rules)


def disabled() -> bool:
    return os.environ.get("REPLYCHECK_NO_CACHE", "") not in ("", "0")


def cache_dir() -> Path:
    explicit = os.environ.get("REPLYCHECK_CACHE_DIR")
    if explicit:
        return Path(explicit)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "replycheck" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "replycheck"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "replycheck"


def versions() -> bytes:
    import importlib.util

    import pydantic.version

    # The regex package's own files, found without importing it (built-in rules do not need it).
    spec = importlib.util.find_spec("regex")
    native = spec.origin if spec and spec.origin else ""
    stamp = os.stat(native).st_mtime_ns if native and os.path.exists(native) else 0
    return repr((sys.version, __version__, pydantic.version.VERSION, native, stamp)).encode()


def read(path: Path, expected: str):
    try:
        with path.open("rb") as fh:
            head = fh.read(len(FORMAT) + 65)
            if head != FORMAT + b"\0" + expected.encode():
                return None
            return pickle.load(fh)
    except Exception:  # a missing, partial or stale entry is a miss
        return None


def write(folder: Path, path: Path, expected: str, ruleset) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = folder / f".{path.name}.{os.getpid()}.tmp"
        with tmp.open("wb") as fh:
            fh.write(FORMAT + b"\0" + expected.encode())
            pickle.dump(ruleset, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)  # atomic: a concurrent reader sees the old entry or the new one
        prefix = path.name.split("-", 1)[0]
        entries = sorted(folder.glob(f"{prefix}-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[_KEEP:]:
            old.unlink(missing_ok=True)
    except Exception:  # read-only home, full disk, an unpicklable rule: run without the cache
        try:
            tmp.unlink(missing_ok=True)  # type: ignore[possibly-undefined]
        except Exception:
            pass


def cached(name: str, files: list[Path], build):
    """``build()``, from the cache when none of ``files`` (data and the code that compiles it) changed.

    For small compiled tables read on every run besides the rules (the label list of rules/labels.yaml):
    a hit skips importing the YAML parser and compiling the pattern."""
    if disabled():
        return build()
    try:
        h = hashlib.sha256(FORMAT + b"\0" + name.encode())
        h.update(versions())
        for f in files:
            h.update(b"\1" + f.read_bytes())
        expected = h.hexdigest()
    except OSError:
        return build()
    folder = cache_dir()
    path = folder / f"{name}-{expected[:32]}.pickle"
    value = read(path, expected)
    if value is None:
        value = build()
        write(folder, path, expected, value)
    return value
