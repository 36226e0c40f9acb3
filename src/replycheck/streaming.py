"""The JSON report written while checking: byte for byte what ``report.json_report.render`` returns for
the whole list, one element at a time, so that a batch of any size needs no more memory than a small one."""

from __future__ import annotations

from typing import Callable, Iterable


def write_json(results: Iterable, meta, write: Callable[[str], object]) -> None:
    """Write ``json_report.render(list(results), meta)`` through ``write``, element by element."""
    from replycheck.report.json_report import element_text

    first = True
    for result in results:
        write(("[\n" if first else ",\n") + element_text(result, meta))
        first = False
    write("[]\n" if first else "\n]\n")
