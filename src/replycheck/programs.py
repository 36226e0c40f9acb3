"""Compiled regular-expression programs, kept across processes.

``re`` compiles in Python, and slowly: checking one draft compiles some eighty fixed patterns of
replycheck's own (the reading's, the date and label finders', the loaders'), about 8 ms of a 200 ms run.
CPython's compiler ends by handing a program (a list of integers) to ``_sre.compile``, which checks it
before building the pattern. ``pattern(source, flags)`` keeps those programs in one disk-cache entry (see
diskcache.py) and replays them: the next process gets the same compiled pattern without compiling.

The entry is keyed by the exact interpreter, so a program is only replayed by the compiler that built
it, and each program is filed under its source and flags and checked against them when replayed.
Anything unexpected (another Python implementation, a changed internal signature, a damaged file) falls
back to ``re.compile``: the store can only make start-up faster. A pattern that was not in the store is
compiled as usual and the store is written again once, when the process ends.
"""

from __future__ import annotations

import atexit
import hashlib
import re
import sys
import threading
from array import array
from typing import Any

_MAX_ENTRIES = 4000  # patterns of earlier versions accumulate; past this the store starts again
_lock = threading.Lock()


class _Store:
    """The programs this process has read or built, and whether the disk entry lacks some of them."""

    def __init__(self) -> None:
        self.programs: dict[tuple[str, int], tuple] = {}
        self.loaded = False
        self.dirty = False
        self.path = None
        self.key = ""


_store = _Store()


def program(source: str, flags: int = 0) -> tuple | None:
    """The arguments with which ``re`` builds ``source``'s compiled pattern (None where that is not CPython's)."""
    try:
        import _sre

        try:
            from re import _compiler as compiler  # Python 3.11+
        except ImportError:  # Python 3.10
            import sre_compile as compiler
    except ImportError:
        return None
    me = threading.get_ident()
    seen: list[tuple] = []
    real = _sre.compile

    def spy(*args: Any):
        if threading.get_ident() == me:
            seen.append(args)
        return real(*args)

    with _lock:  # two threads spying at once would restore the other's spy
        _sre.compile = spy
        try:
            compiler.compile(source, flags)  # uncached, unlike re.compile
        except Exception:
            return None
        finally:
            _sre.compile = real
    if len(seen) != 1:
        return None
    args = seen[0]
    # The program is a list of ints, some of them named constants that do not pickle: make them plain.
    return tuple([int(op) for op in arg] if isinstance(arg, list) else arg for arg in args)


def packed(program_args: tuple | None) -> tuple | None:
    """``program_args`` with its list of ints as an unsigned array: pickled as bytes, it loads many times
    faster than a list pickled int by int (the rule set holds some seven hundred programs)."""
    if program_args is None:
        return None
    try:
        return tuple(array("I", arg) if isinstance(arg, list) else arg for arg in program_args)
    except (OverflowError, TypeError):  # a code word that does not fit: keep the list
        return program_args


def replay(source: str, program_args: tuple | None) -> "re.Pattern[str] | None":
    """The pattern ``program_args`` builds, if it is ``source``'s; else None (compile the source instead)."""
    if program_args is None:
        return None
    try:
        import _sre

        program_args = tuple(arg.tolist() if isinstance(arg, array) else arg for arg in program_args)
        compiled = _sre.compile(*program_args)
    except Exception:  # not a program this interpreter accepts
        return None
    return compiled if compiled.pattern == source else None


def _load() -> None:
    from replycheck import diskcache

    _store.loaded = True
    if diskcache.disabled():
        return
    h = hashlib.sha256(diskcache.FORMAT + b"\0programs\0")
    h.update(repr((sys.version, sys.implementation.name, getattr(sys, "abiflags", ""))).encode())
    _store.key = h.hexdigest()
    _store.path = diskcache.cache_dir() / f"programs-{_store.key[:32]}.pickle"
    found = diskcache.read(_store.path, _store.key)
    if isinstance(found, dict) and len(found) <= _MAX_ENTRIES:
        _store.programs = found


def _save() -> None:
    from replycheck import diskcache

    with _lock:
        if not _store.dirty or _store.path is None:
            return
        programs = dict(_store.programs)
        _store.dirty = False
    diskcache.write(_store.path.parent, _store.path, _store.key, programs)


def pattern(source: str, flags: int = 0) -> "re.Pattern[str]":
    """``re.compile(source, flags)``, replayed from the store when an earlier process compiled it."""
    with _lock:
        if not _store.loaded:
            _load()
        known = _store.programs.get((source, flags))
    compiled = replay(source, known)
    if compiled is not None:
        return compiled
    compiled = re.compile(source, flags)
    if _store.path is not None:
        built = program(source, flags)
        if built is not None:
            with _lock:
                if len(_store.programs) >= _MAX_ENTRIES:
                    _store.programs = {}
                if not _store.dirty:
                    atexit.register(_save)
                _store.programs[(source, flags)] = built
                _store.dirty = True
    return compiled
