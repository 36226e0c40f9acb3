"""The reading of a draft: every sentence split into clauses that say whose words they are, whether what
they report has happened, which act they report (contact, site visit, decision, hand-over …), when, by
whom and how; then the elements the notice asks for. Built once per draft; rules ask it questions.
"""

from __future__ import annotations

from replycheck.model import TEXT_FIELDS, Draft
from replycheck.reading.clauses import read_field
from replycheck.reading.elements import build_elements
from replycheck.reading.lexicon import Lexicon
from replycheck.reading.model import Reading

__all__ = ["Lexicon", "Reading", "read_draft"]


def read_draft(draft: Draft, lexicon: Lexicon) -> Reading:
    from replycheck.reading.elements import REQUEST_ELEMENTS

    # The acts only a return or an extension request is asked for are not looked for elsewhere.
    skip = frozenset(k for action, els in REQUEST_ELEMENTS.items() if action != draft.action
                     for _title, kinds in els.values() for k in kinds) - {"reply", "contact"}
    clauses = []
    texts = {}
    for field in TEXT_FIELDS:
        text = draft.text(field)
        if text.strip():
            texts[field] = text
            clauses.extend(read_field(field, text, lexicon, skip))
    reading = Reading(clauses=clauses, texts=texts)
    reading.elements = build_elements(reading, draft, lexicon)
    return reading
