"""The reading's vocabulary: ``rules/reading.yaml`` (a clerk edits words there), compiled once.

Python holds the grammar of reading (clauses.py, people.py, elements.py); every word it looks for
comes from here, so that a new way of writing “还在修” is a line of YAML, not a code change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from replycheck.errors import RuleFileError

READING_FILE = "reading.yaml"
SECTIONS = ("voice", "modality", "acts", "times", "means", "people")


@dataclass
class Lexicon:
    """Compiled patterns by section and name: ``lexicon.acts["handover"]`` is one pattern."""

    voice: dict[str, Any] = field(default_factory=dict)
    modality: dict[str, Any] = field(default_factory=dict)
    acts: dict[str, Any] = field(default_factory=dict)
    times: dict[str, Any] = field(default_factory=dict)
    means: dict[str, Any] = field(default_factory=dict)
    people: dict[str, Any] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)
    names: tuple = ()  # compiled patterns that find staff (people.name_sources)


def _alternatives(entry: dict) -> str:
    import re

    words = [re.escape(str(w)) for w in entry.get("words") or []]
    # Longer words first: “副科长” before “科长”, so a match takes the whole title.
    words.sort(key=len, reverse=True)
    return "|".join(words + [f"(?:{p})" for p in entry.get("patterns") or []])


def load_lexicon(paths: list[Path], compile_pattern: Callable[[str, Path, str], Any], yaml_load) -> Lexicon:
    """Every ``reading.yaml`` in ``paths`` (built-in first; a town's own adds words to an entry)."""
    merged: dict[str, dict[str, dict]] = {s: {} for s in SECTIONS}
    texts: dict[tuple[str, str], tuple[Path, str]] = {}
    for path in paths:
        data, text = yaml_load(path)
        if not isinstance(data, dict):
            raise RuleFileError(str(path), "读句子词表应为“部分: {名称: {words/patterns: […]}}”的映射")
        for section, entries in data.items():
            if section not in SECTIONS:
                raise RuleFileError(str(path), f"未知的部分“{section}”，可用：{'、'.join(SECTIONS)}")
            if not isinstance(entries, dict):
                raise RuleFileError(str(path), f"“{section}”下应为词条映射")
            for name, entry in entries.items():
                if not isinstance(entry, dict) or not (entry.get("words") or entry.get("patterns")):
                    raise RuleFileError(str(path), f"词条“{section}.{name}”需要 words 或 patterns 列表")
                unknown = set(entry) - {"words", "patterns", "description"}
                if unknown:
                    raise RuleFileError(str(path), f"词条“{section}.{name}”有未知键 {sorted(unknown)}")
                slot = merged[section].setdefault(str(name), {"words": [], "patterns": [], "description": ""})
                slot["words"] += list(entry.get("words") or [])
                slot["patterns"] += list(entry.get("patterns") or [])
                slot["description"] = slot["description"] or str(entry.get("description") or "")
                texts[section, str(name)] = (path, text)
    lexicon = Lexicon()
    for section, entries in merged.items():
        target = getattr(lexicon, section)
        for name, entry in entries.items():
            path, text = texts[section, name]
            target[name] = compile_pattern(_alternatives(entry), path, text)
            lexicon.descriptions[f"{section}.{name}"] = entry["description"]
    from replycheck.reading.people import name_sources, source_of

    people = lexicon.people
    sources = name_sources(f"{source_of(people['compound_surnames'])}|{source_of(people['surnames'])}",
                           source_of(people["titles"]), source_of(people["roles"]), source_of(people["citizen_before"]),
                           source_of(people["rare_surnames"]))
    path, text = texts["people", "surnames"]
    lexicon.names = tuple(compile_pattern(src, path, text) for src in sources)
    for entry, key in (("not_names", "not_names_set"), ("not_given_names", "not_given_set"),
                       ("place_ends", "place_ends_set")):
        lexicon.people[key] = frozenset(  # a set, not a pattern: looked up per candidate
            str(w) for w in merged["people"].get(entry, {}).get("words", []))
    return lexicon
