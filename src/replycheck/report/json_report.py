"""The contract's JSON report: one array, one element per draft, plus provenance and positions."""

from __future__ import annotations

import json

from replycheck.privacy import mask


def element(result, meta) -> dict:
    show = (lambda t: t) if meta.show_pii else mask
    return {
        "path": result.path,
        "index": result.index,
        "order_id": result.order_id,
        "category": result.category,
        "action": result.action,
        "department": result.department,
        # null for a skipped file: it was not checked, so it neither passed nor failed.
        "ok": None if result.skipped else result.passes(meta.fail_on),
        "error": show(result.error),
        "skipped": result.skipped,
        "findings": [
            {
                "rule": f.rule,
                "clause": f.clause,
                "severity": f.severity.value,
                "field": f.field,
                "message": f.message,
                "excerpt": show(f.excerpt),
                "hint": f.hint,
                "start": f.start,
                "end": f.end,
                "location": f.location.describe() if f.location else None,
                "waived": f.waived,
            }
            for f in result.findings
        ],
        "notes": result.notes,
        "elements": [_shown(e, show) for e in result.elements],
        "tool": {"name": "replycheck", "version": meta.version, "rules": meta.rules_digest},
    }


def _shown(element: dict, show) -> dict:
    """An element with its quoted words masked like every other excerpt (unless --show-pii)."""
    return {**element, "evidence": [{**e, "text": show(e["text"])} for e in element["evidence"]],
            "parts": [_shown(p, show) for p in element["parts"]]}


_ELEMENTS_SLOT = '"elements": []'


def element_text(result, meta) -> str:
    """One element as it stands inside the report's array (indented by two spaces). The checklist
    (``elements``) is written one element a line: it is long, and json's indenting encoder is pure Python
    (a third of a batch's report time), while a line per element reads just as well."""
    data = element(result, meta)
    checklist = data["elements"]
    data["elements"] = []
    text = json.dumps([data], ensure_ascii=False, indent=2)[2:-2]
    if checklist:
        lines = ",\n      ".join(json.dumps(e, ensure_ascii=False, separators=(", ", ": ")) for e in checklist)
        # Only the key can hold these characters unescaped: any string value has its quotes escaped.
        text = text.replace(_ELEMENTS_SLOT, '"elements": [\n      ' + lines + "\n    ]", 1)
    return text


def render(results, meta) -> str:
    texts = [element_text(r, meta) for r in results]
    return "[\n" + ",\n".join(texts) + "\n]\n" if texts else "[]\n"
