"""Compiling rule patterns, and keeping built-in ones compiled across processes.

Built-in rules run on the standard ``re`` engine: their patterns are reviewed and tested (rule examples,
fuzzing, a hang guard on adversarial drafts), so they need no timeout, and ``re`` matches several times
faster than ``regex``. Rules from other folders (``--rules``) run on ``regex`` with a timeout per call.

``re`` compiles in Python and slowly (~45 ms for the built-in rule set), and a pickled ``re.Pattern``
is compiled again when unpickled. So a ``TrustedPattern`` pickles the compiled program itself: the
arguments CPython's compiler passes to ``_sre.compile``. Unpickling hands them straight back to
``_sre.compile``, which checks the program before accepting it (~1.5 ms for the whole rule set). That
is what lets the rule cache (rulecache.py) and spawned workers start without compiling anything. The
rule cache is keyed by the exact Python version, so a program is only ever replayed by the interpreter
that produced it; anything unexpected (another Python implementation, a changed internal signature)
falls back to compiling the source.
"""

from __future__ import annotations

import re
import sys
import threading
from typing import Any


class TrustedPattern:
    """A built-in rule's pattern on ``re``; ``timeout`` is accepted and ignored, so that it is called
    exactly like a ``regex`` pattern of a user's rule."""

    __slots__ = ("_source", "_re")

    def __init__(self, source: str, compiled: "re.Pattern[str] | None" = None) -> None:
        self._source = source
        self._re = compiled

    def __reduce__(self):
        return (_restore, (self._source, _program(self._source)))

    def _engine(self) -> "re.Pattern[str]":
        if self._re is None:
            self._re = re.compile(self._source)
        return self._re

    @property
    def pattern(self) -> str:
        return self._source

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize, timeout: float | None = None):
        return self._engine().search(string, pos, endpos)

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize, timeout: float | None = None):
        return self._engine().match(string, pos, endpos)

    def finditer(self, string: str, pos: int = 0, endpos: int = sys.maxsize, timeout: float | None = None):
        return self._engine().finditer(string, pos, endpos)


def _program(source: str) -> tuple | None:
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

    _sre.compile = spy
    try:
        compiler.compile(source, 0)  # uncached, unlike re.compile
    except Exception:
        return None
    finally:
        _sre.compile = real
    if len(seen) != 1:
        return None
    args = seen[0]
    # The program is a list of ints, some of them named constants that do not pickle: make them plain.
    return tuple([int(op) for op in arg] if isinstance(arg, list) else arg for arg in args)


def _restore(source: str, program: tuple | None) -> TrustedPattern:
    compiled = None
    if program is not None:
        try:
            import _sre

            compiled = _sre.compile(*program)
            if compiled.pattern != source:
                compiled = None
        except Exception:  # not the program this interpreter would build: compile the source
            compiled = None
    return TrustedPattern(source, compiled if compiled is not None else re.compile(source))


_LOOKBEHIND = re.compile(r"\(\?<([!=])((?:[^()|\\]|\\.)+(?:\|(?:[^()|\\]|\\.)+)+)\)")


def _fixed_lookbehinds(source: str) -> str:
    """``(?<!未|尚未)`` → ``(?<!未)(?<!尚未)``: the same test, in the fixed-width form ``re`` accepts."""

    def split(m: re.Match[str]) -> str:
        sign, alternatives = m.group(1), m.group(2).split("|")
        parts = [f"(?<{sign}{alt})" for alt in alternatives]
        return "".join(parts) if sign == "!" else "(?:" + "|".join(parts) + ")"

    return _LOOKBEHIND.sub(split, source)


def _trusted(source: str) -> TrustedPattern:
    try:
        return TrustedPattern(source, re.compile(source))
    except re.error:
        fixed = _fixed_lookbehinds(source)
        return TrustedPattern(fixed, re.compile(fixed))


def compile_regex(pattern: str, trusted: bool = False):
    """Compile a rule pattern: ``re`` for built-in rules when it can express it, else ``regex`` with timeouts."""
    if trusted:
        try:
            return _trusted(pattern)
        except re.error:  # e.g. a variable-width look-behind, which only ``regex`` supports
            pass
    import regex  # only rules from other folders need it: importing it costs start-up time

    return regex.compile(pattern, regex.V0)
