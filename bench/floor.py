"""The floor for batch throughput: the least work any .docx linter must do, in one process.

For each draft: open the zip, parse word/document.xml with lxml, walk the paragraphs and the table cells
collecting their text, count the pictures, then search the text with 80 compiled regexes (the rule set's
own patterns, pinned in floor_patterns.json so that editing a rule does not move the floor). They are compiled with ``regex``: replycheck's built-in rules run on ``re``, but on these
patterns and raw text ``regex`` is as fast or a little faster (0.56 vs 0.62 ms per draft measured), so
this is the stricter floor. Usage: ``python floor.py FOLDER PATTERNS.json``.
"""

from __future__ import annotations

import json
import os
import sys
import zipfile

import regex
from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
P, TC, T = W + "p", W + "tc", W + "t"
PICTURES = (W + "drawing", W + "pict")


def text_of(el) -> str:
    return "".join(t.text or "" for t in el.iter(T))


def main() -> None:
    folder, patterns_file = sys.argv[1], sys.argv[2]
    with open(patterns_file, encoding="utf-8") as fh:
        patterns = [regex.compile(p, regex.V0) for p in json.load(fh)]
    files = sorted(e.path for e in os.scandir(folder) if e.name.endswith(".docx"))
    hits = pictures = ncells = 0
    for path in files:
        with zipfile.ZipFile(path) as zf:
            xml = zf.read("word/document.xml")
        body = etree.fromstring(xml).find(W + "body")
        parts = [text_of(p) for p in body.iter(P)]  # paragraphs, including those inside table cells
        ncells += len([text_of(tc) for tc in body.iter(TC)])
        pictures += sum(1 for _ in body.iter(*PICTURES))
        text = "\n".join(parts)
        hits += sum(1 for p in patterns if p.search(text))
    print(json.dumps({"files": len(files), "hits": hits, "pictures": pictures, "cells": ncells}))


if __name__ == "__main__":
    main()
