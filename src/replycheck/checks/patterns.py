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

from replycheck.programs import packed, program, replay
from replycheck.text import LazyPattern


class TrustedPattern:
    """A built-in rule's pattern on ``re``; ``timeout`` is accepted and ignored, so that it is called
    exactly like a ``regex`` pattern of a user's rule.

    ``re`` tries a pattern at every position of the text unless the pattern starts with a literal or a
    plain set of characters. The reading's vocabulary starts with groups of alternatives (已经|已|现已 …),
    so each search would cost as much at a comma as at a verb. ``lead`` is the set of characters every
    match must start with (see ``lead_class``): a search then jumps from one of them to the next in C and
    tries the pattern only there, with the same matches as a plain search.

    Most patterns find nothing in most drafts. ``gate`` is a list of words one of which every match
    contains (see ``required_words``): where none of them occurs, the pattern is not tried at all.

    When the lead is a long list (the surnames, the words for the citizen), jumping from Python costs more
    than it saves: ``ahead`` is then the pattern behind a look-ahead at its lead, ``(?=[…])(?:…)``, which
    ``re`` tests in C at each character before trying the pattern. Same matches either way."""

    __slots__ = ("_source", "_re", "_lead", "_gate", "_ahead", "_lead_re", "_gate_re", "_run")

    def __init__(self, source: str, compiled: "re.Pattern[str] | None" = None,
                 lead: "TrustedPattern | None" = None, gate: "TrustedPattern | None" = None,
                 ahead: "TrustedPattern | None" = None) -> None:
        self._source = source
        self._re = compiled if compiled is not None else re.compile(source)
        self._lead, self._gate, self._ahead = lead, gate, ahead
        # The compiled programs each call uses, looked up once here: a search is called hundreds of
        # times per draft, often on a clause of a few characters, where Python's overhead is the cost.
        self._lead_re = lead._re if lead is not None else None
        self._gate_re = gate._re if gate is not None else None
        self._run = ahead._re if ahead is not None else self._re

    def __reduce__(self):
        return (_restore, (self._source, packed(program(self._source)), self._lead, self._gate, self._ahead))

    @property
    def pattern(self) -> str:
        return self._source

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize, timeout: float | None = None):
        gate = self._gate_re
        if gate is not None and gate.search(string, pos, endpos) is None:
            return None
        if self._lead_re is None:
            return self._run.search(string, pos, endpos)
        return next(self._scan(self._lead_re, string, pos, endpos), None)

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize, timeout: float | None = None):
        return self._re.match(string, pos, endpos)

    def finditer(self, string: str, pos: int = 0, endpos: int = sys.maxsize, timeout: float | None = None):
        gate = self._gate_re
        if gate is not None and gate.search(string, pos, endpos) is None:
            return iter(())
        if self._lead_re is None:
            return self._run.finditer(string, pos, endpos)
        return self._scan(self._lead_re, string, pos, endpos)

    def _scan(self, leader: "re.Pattern[str]", string: str, pos: int, endpos: int):
        find, match = leader.search, self._re.match
        while True:
            hit = find(string, pos, endpos)
            if hit is None:
                return
            at = hit.start()
            m = match(string, at, endpos)
            if m is None:
                pos = at + 1
                continue
            yield m
            pos = max(m.end(), at + 1)  # a lead pattern never matches empty; this only guards the loop


def _class_char(c: str) -> str:
    if c == _DIGIT:
        return "\\d"
    return "\\" + c if c in "\\]^-[" else c


# A lead set larger than this, or one that ``re`` finds on its own, gains nothing from jumping.
_MAX_LEAD = 400
# Stands for \d (every decimal digit) in a lead; a control character no pattern of ours starts with.
_DIGIT = "\x00"
# A long lead (measured on replies: a class source past about 30 characters) is tested in C instead.
_LONG_LEAD = 30
# A gate of more words than this costs about as much as the pattern it guards.
_MAX_GATE = 60


def _sre():
    """``re``'s constants and parser modules (renamed in Python 3.11)."""
    try:
        from re import _constants as C  # Python 3.11+
        from re import _parser as P
    except ImportError:  # Python 3.10
        import sre_constants as C  # type: ignore[no-redef]
        import sre_parse as P  # type: ignore[no-redef]
    return C, P


def first_chars(source: str) -> frozenset[str] | None:
    """The characters every match of ``source`` starts with (None: too many to list, or a digit)."""
    parsed = _parsed(source)
    chars = _lead_chars(parsed, even_if_re_scans=True) if parsed is not None else None
    return frozenset(chars) if chars and _DIGIT not in chars else None


def _parsed(source: str):
    """The parse tree that ``lead_class`` and ``required_words`` read; None for flags they cannot read."""
    _, P = _sre()
    try:
        parsed = P.parse(source)
    except (RecursionError, re.error):
        return None
    return None if parsed.state.flags & (re.IGNORECASE | re.VERBOSE) else parsed


def lead_class(parsed) -> str | None:
    """A character class of the characters every match of the parsed pattern starts with, when that is a
    short list and ``re`` does not scan for them on its own; else None."""
    chars = _lead_chars(parsed)
    return "[" + "".join(_class_char(c) for c in sorted(chars)) + "]" if chars else None


def _lead_chars(parsed, *, even_if_re_scans: bool = False) -> set[str] | None:
    """The characters every match of the parsed pattern starts with, when that is a short list; else None
    (also when ``re`` scans for them on its own, unless ``even_if_re_scans``).

    Read from the parsed pattern: a literal or a set of characters is its own lead; a group, the leads
    of its alternatives; an optional item, its lead plus what may follow; a look-around or an anchor
    adds nothing. Anything else (any character, \\d, a negated set, a wide range) has no short lead."""
    C, _ = _sre()

    class Wide(Exception):
        pass

    def first(items) -> tuple[set[str], bool]:
        out: set[str] = set()
        for op, av in items:
            chars, empty = first_of(op, av)
            out |= chars
            if not empty:
                return out, False
        return out, True

    def first_of(op, av) -> tuple[set[str], bool]:
        if op is C.LITERAL:
            return {chr(av)}, False
        if op is C.IN:
            chars: set[str] = set()
            for kind, value in av:
                if kind is C.LITERAL:
                    chars.add(chr(value))
                elif kind is C.RANGE and value[1] - value[0] < _MAX_LEAD:
                    chars.update(chr(c) for c in range(value[0], value[1] + 1))
                elif kind is C.CATEGORY and value is C.CATEGORY_DIGIT:
                    chars.add(_DIGIT)
                else:
                    raise Wide
            return chars, False
        if op is C.SUBPATTERN:
            return first(av[-1].data)
        if op is C.BRANCH:
            chars, empty = set(), False
            for alternative in av[1]:
                more, none = first(alternative.data)
                chars |= more
                empty |= none
            return chars, empty
        if op in (C.MAX_REPEAT, C.MIN_REPEAT) or op is getattr(C, "POSSESSIVE_REPEAT", None):
            low, _high, item = av
            chars, empty = first(item.data)
            return chars, empty or low == 0
        if op in (C.ASSERT, C.ASSERT_NOT, C.AT):
            return set(), True
        if op is C.CATEGORY and av is C.CATEGORY_DIGIT:
            return {_DIGIT}, False
        raise Wide

    try:
        data = parsed.data
        # ``re`` scans on its own for a leading literal or a plain set (see re._compiler._compile_info).
        head = data[0] if data else (None, None)
        while head[0] is C.SUBPATTERN and head[1][-1].data:
            head = head[1][-1].data[0]
        # A pattern anchored at the start (^) is tried at one place only: nothing to jump over.
        if not even_if_re_scans and (head[0] in (C.LITERAL, C.IN, C.AT) or (head[0] is C.BRANCH and all(
                alt.data and alt.data[0][0] is C.LITERAL for alt in head[1][1]))):
            return None
        chars, empty = first(data)
    except (Wide, RecursionError, IndexError, TypeError, AttributeError):
        return None
    if empty or not chars or len(chars) > _MAX_LEAD:
        return None
    return chars


class _PendingPattern(TrustedPattern):
    """A ``TrustedPattern`` restored from the rule cache whose program is replayed on first use: one draft
    asks for a fraction of the rule set's seven hundred patterns (those of its category and action, and
    of the acts its action needs), and replaying them all took about a third of loading the rules. Its
    first search turns it into a plain ``TrustedPattern`` (same slots), so later calls cost nothing more.
    Until then ``_re`` holds the packed program."""

    __slots__ = ()

    def __init__(self, source: str, program: tuple | None, lead: TrustedPattern | None,
                 gate: TrustedPattern | None, ahead: TrustedPattern | None) -> None:
        self._source, self._re = source, program
        self._lead, self._gate, self._ahead = lead, gate, ahead

    def __reduce__(self):
        return (_restore, (self._source, self._re, self._lead, self._gate, self._ahead))

    def _ready(self) -> None:
        # None when the program is not one this interpreter would build: the source is compiled instead.
        TrustedPattern.__init__(self, self._source, replay(self._source, self._re), *(
            _ready(p) for p in (self._lead, self._gate, self._ahead)))
        self.__class__ = TrustedPattern

    def search(self, *args, **kwargs):
        self._ready()
        return self.search(*args, **kwargs)

    def match(self, *args, **kwargs):
        self._ready()
        return self.match(*args, **kwargs)

    def finditer(self, *args, **kwargs):
        self._ready()
        return self.finditer(*args, **kwargs)


def _ready(pattern: TrustedPattern | None) -> TrustedPattern | None:
    if isinstance(pattern, _PendingPattern):
        pattern._ready()
    return pattern


def _restore(source: str, program: tuple | None, lead: TrustedPattern | None = None,
             gate: TrustedPattern | None = None, ahead: TrustedPattern | None = None) -> TrustedPattern:
    return _PendingPattern(source, program, lead, gate, ahead)


_LOOKBEHIND = LazyPattern(r"\(\?<([!=])((?:[^()|\\]|\\.)+(?:\|(?:[^()|\\]|\\.)+)+)\)")


def _fixed_lookbehinds(source: str) -> str:
    """``(?<!未|尚未)`` → ``(?<!未)(?<!尚未)``: the same test, in the fixed-width form ``re`` accepts."""

    def split(m: re.Match[str]) -> str:
        sign, alternatives = m.group(1), m.group(2).split("|")
        parts = [f"(?<{sign}{alt})" for alt in alternatives]
        return "".join(parts) if sign == "!" else "(?:" + "|".join(parts) + ")"

    return _LOOKBEHIND.sub(split, source)


def _trusted(source: str) -> TrustedPattern:
    try:
        compiled = re.compile(source)
    except re.error:
        source = _fixed_lookbehinds(source)
        compiled = re.compile(source)
    parsed = _parsed(source)
    lead, words = (lead_class(parsed), required_words(parsed)) if parsed is not None else (None, None)
    gate = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) if words else None
    ahead = f"(?={lead})(?:{source})" if lead and len(lead) > _LONG_LEAD else None
    return TrustedPattern(source, compiled, TrustedPattern(lead, re.compile(lead)) if lead and not ahead else None,
                          TrustedPattern(gate, re.compile(gate)) if gate else None,
                          TrustedPattern(ahead, re.compile(ahead)) if ahead else None)


def required_words(parsed) -> list[str] | None:
    """Words one of which every match of the parsed pattern contains, when it says so; else None.

    A run of literal characters is a word; a group or an alternation needs a word in each alternative;
    an item repeated at least once, its own words; a short set of characters, each of them. Of the
    items in a row, the one with the longest shortest word is taken. A pattern whose matches begin with
    a literal is left alone (``re`` finds those quickly itself)."""
    C, _ = _sre()

    def in_row(items) -> set[str] | None:
        options: list[set[str]] = []
        run = ""
        for op, av in items:
            if op is C.LITERAL:
                run += chr(av)
                continue
            if run:
                options.append({run})
                run = ""
            found = one(op, av)
            if found:
                options.append(found)
        if run:
            options.append({run})
        return max(options, key=lambda words: (min(map(len, words)), -len(words))) if options else None

    def one(op, av) -> set[str] | None:
        if op is C.SUBPATTERN:
            return in_row(av[-1].data)
        if op is C.BRANCH:
            words: set[str] = set()
            for alternative in av[1]:
                found = in_row(alternative.data)
                if not found:
                    return None
                words |= found
            return words
        if op in (C.MAX_REPEAT, C.MIN_REPEAT) or op is getattr(C, "POSSESSIVE_REPEAT", None):
            return in_row(av[2].data) if av[0] >= 1 else None
        if op is C.IN and all(kind is C.LITERAL for kind, _ in av) and len(av) <= 20:
            return {chr(value) for _, value in av}
        return None

    try:
        if not parsed.data or parsed.data[0][0] is C.LITERAL:
            return None
        words = in_row(parsed.data)
    except (RecursionError, IndexError, TypeError, AttributeError):
        return None
    if not words or len(words) > _MAX_GATE:
        return None
    return sorted(words)


def compile_regex(pattern: str, trusted: bool = False):
    """Compile a rule pattern: ``re`` for built-in rules when it can express it, else ``regex`` with timeouts."""
    if trusted:
        try:
            return _trusted(pattern)
        except re.error:  # e.g. a variable-width look-behind, which only ``regex`` supports
            pass
    import regex  # only rules from other folders need it: importing it costs start-up time

    return regex.compile(pattern, regex.V0)
