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

Where the entries live and how to turn the cache off: diskcache.py.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from replycheck.diskcache import FORMAT as _FORMAT, cache_dir, disabled, read as _read, versions as _versions
from replycheck.diskcache import write as _write
from replycheck.errors import RuleFileError
from replycheck.rulebook import read_rule_file


def _sources(h) -> None:
    """Sizes and times of replycheck's own modules: an edited rule type invalidates the cache."""
    package = str(Path(__file__).resolve().parent)
    cut = len(package) + 1  # os.walk's paths start with the folder given: slicing is os.path.relpath, cheaper
    for root, dirs, names in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(names):
            if name.endswith(".py"):
                path = os.path.join(root, name)
                st = os.stat(path)
                h.update(f"{path[cut:]}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())


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
        cut = len(str(d).rstrip(os.sep)) + 1  # the walk's paths start with the folder: slicing is relpath
        # os.walk (pathlib's rglob, which the loader uses, is several times slower), following links as it does.
        for root, folders, names in os.walk(d, followlinks=True):
            folders.sort()
            found.extend(os.path.join(root, name) for name in names if name.endswith(".yaml"))
        for path in sorted(found):
            try:  # bounded, and never a pipe: a file the loader would refuse is no cache hit either
                raw = read_rule_file(path)
            except RuleFileError:
                return None
            h.update(b"\2" + path[cut:].encode() + b"\0" + raw)
    return h.hexdigest()


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
