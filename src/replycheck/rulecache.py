"""A disk cache of the compiled rule set, so that a process starts without parsing YAML or compiling patterns.

Loading the rules parses ~80 YAML files, validates them and compiles ~340 regular expressions (~140
distinct); most of that time is the pattern compilers, which are written in Python. Built-in patterns
pickle as their compiled ``re`` programs (checks/patterns.py) and a user rule's ``regex`` pattern as its
compiled code, so unpickling the whole rule set takes a few milliseconds instead.

The cache entry's key is everything the rule set depends on: the contents of every rule and vocabulary
file (and the folders they are in), the versions of Python, replycheck, pydantic and regex, and the size
and modification time of each of replycheck's own source files. Any change is a miss; a miss loads and
validates the rules exactly as before (a broken rule file is still reported, and nothing is cached), then
writes the entry. A cache that cannot be read or written is ignored: it can only make start-up faster.

Where: ``$REPLYCHECK_CACHE_DIR``, else the user's cache folder (``~/.cache/replycheck`` on Linux,
``%LOCALAPPDATA%\\replycheck\\Cache`` on Windows, ``~/Library/Caches/replycheck`` on macOS).
``REPLYCHECK_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path

from replycheck import __version__
from replycheck.errors import RuleFileError
from replycheck.rulebook import read_rule_file

_FORMAT = b"replycheck-rules-1"
_KEEP = 4  # entries kept per cache folder: a few rule sets (e.g. with and without a town's extra rules)


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


def _versions() -> bytes:
    import importlib.util

    import pydantic.version

    # The regex package's own files, found without importing it (built-in rules do not need it).
    spec = importlib.util.find_spec("regex")
    native = spec.origin if spec and spec.origin else ""
    stamp = os.stat(native).st_mtime_ns if native and os.path.exists(native) else 0
    return repr((sys.version, __version__, pydantic.version.VERSION, native, stamp)).encode()


def _sources(h) -> None:
    """Sizes and times of replycheck's own modules: an edited rule type invalidates the cache."""
    package = Path(__file__).resolve().parent
    for root, dirs, names in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(names):
            if name.endswith(".py"):
                st = os.stat(os.path.join(root, name))
                h.update(f"{os.path.relpath(os.path.join(root, name), package)}\0{st.st_size}\0{st.st_mtime_ns}\0"
                         .encode())


def key(dirs: list[Path]) -> str | None:
    """The cache key for the rules in ``dirs``; None when a folder is missing (let the loader say so)."""
    h = hashlib.sha256(_FORMAT)
    h.update(_versions())
    _sources(h)
    for d in dirs:
        if not d.is_dir():
            return None
        h.update(b"\1" + str(d.resolve()).encode())
        found = []
        # os.walk (pathlib's rglob, which the loader uses, is several times slower), following links as it does.
        for root, folders, names in os.walk(d, followlinks=True):
            folders.sort()
            found.extend(os.path.join(root, name) for name in names if name.endswith(".yaml"))
        for path in sorted(found):
            try:  # bounded, and never a pipe: a file the loader would refuse is no cache hit either
                raw = read_rule_file(Path(path))
            except RuleFileError:
                return None
            h.update(b"\2" + os.path.relpath(path, d).encode() + b"\0" + raw)
    return h.hexdigest()


def _read(path: Path, expected: str):
    try:
        with path.open("rb") as fh:
            head = fh.read(len(_FORMAT) + 65)
            if head != _FORMAT + b"\0" + expected.encode():
                return None
            return pickle.load(fh)
    except Exception:  # a missing, partial or stale entry is a miss
        return None


def _write(folder: Path, path: Path, expected: str, ruleset) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = folder / f".{path.name}.{os.getpid()}.tmp"
        with tmp.open("wb") as fh:
            fh.write(_FORMAT + b"\0" + expected.encode())
            pickle.dump(ruleset, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)  # atomic: a concurrent reader sees the old entry or the new one
        entries = sorted(folder.glob("rules-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[_KEEP:]:
            old.unlink(missing_ok=True)
    except Exception:  # read-only home, full disk, an unpicklable rule: run without the cache
        try:
            tmp.unlink(missing_ok=True)  # type: ignore[possibly-undefined]
        except Exception:
            pass


def load_rules(extra_dirs: list[Path] | None = None):
    """Like ``rulebook.load_rules``, from the cache when nothing it depends on has changed."""
    from replycheck import rulebook

    if disabled():
        return rulebook.load_rules(extra_dirs)
    dirs = [rulebook.builtin_rules_dir(), *(extra_dirs or [])]
    try:
        expected = key(dirs)
    except OSError:
        expected = None
    if expected is None:
        return rulebook.load_rules(extra_dirs)
    folder = cache_dir()
    path = folder / f"rules-{expected[:32]}.pickle"
    ruleset = _read(path, expected)
    if ruleset is not None:
        return ruleset
    ruleset = rulebook.load_rules(extra_dirs)
    _write(folder, path, expected, ruleset)
    return ruleset
