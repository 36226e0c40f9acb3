"""Sentences → clauses, each with whose words it is, whether what it says has happened, and its acts.

Works on the normalised text (text.NormalText) and reports spans in the original. The grammar is
small on purpose: a clause is the run between ，；。 (outside quotes); reported speech runs from
“市民称” to the end of its sentence unless the department speaks again (“，经核实”); the modality of
an act is read from the words just before it in its clause.
"""

from __future__ import annotations

from replycheck.reading.lexicon import Lexicon
from replycheck.reading.model import (CITIZEN, CONDITIONAL, DEPARTMENT, DONE, NEGATED, OTHER, PLANNED, PROGRESS,
                                      REQUESTED, STATEMENT, Act, Clause, Span)
from replycheck.reading.people import staff_in
from replycheck.text import NormalText

_CLAUSE_MARKS = "，,；;。！？!?\n"
# How far before an act its modality words may stand, within the clause.
_MODAL_REACH = 12
_NEGATION_REACH = 3
# Act kinds whose mere mention inside a quote still counts (a document's title is quoted too).
_ORDER = (NEGATED, CONDITIONAL, REQUESTED, PROGRESS, PLANNED, DONE)


def _clause_ranges(norm: NormalText) -> list[tuple[int, int, int]]:
    """(start, end, sentence index) of every clause, never cutting inside a quotation."""
    out: list[tuple[int, int, int]] = []
    text = norm.norm
    quoted = norm.quoted
    for si, (s, e) in enumerate(norm.sentences):
        start = s
        for i in range(s, e):
            if text[i] in _CLAUSE_MARKS and not any(qs < i < qe - 1 for qs, qe in quoted):
                if i > start:
                    out.append((start, i, si))
                start = i + 1
        if start < e:
            out.append((start, e, si))
    return out


def _modality(lex: Lexicon, clause_text: str, act_start: int, act_text: str) -> str:
    """Read from the words before the act (and the act itself: “维修中”, “已修复”)."""
    before = clause_text[max(0, act_start - _MODAL_REACH):act_start]
    near = clause_text[max(0, act_start - _NEGATION_REACH):act_start]
    whole_before = clause_text[:act_start]
    if lex.modality["negated"].search(near):
        return NEGATED
    if lex.modality["conditional"].search(whole_before):
        return CONDITIONAL
    if lex.modality["requested"].search(whole_before):
        return REQUESTED
    around = before + act_text + clause_text[act_start + len(act_text): act_start + len(act_text) + 4]
    if lex.modality["progress"].search(before + act_text) or lex.modality["progress"].search(around):
        return PROGRESS
    if lex.modality["planned"].search(before):
        return PLANNED
    if lex.modality["done"].search(around):
        return DONE
    return STATEMENT


def read_field(field: str, original: str, lex: Lexicon) -> list[Clause]:
    norm = NormalText(original)
    text = norm.norm
    clauses: list[Clause] = []
    speech_sentence = -1  # the sentence in which reported speech is running
    for start, end, si in _clause_ranges(norm):
        piece = text[start:end]
        o_start, o_end = norm.span(start, end)
        clause = Clause(field=field, sentence=si, span=Span(field, o_start, o_end, original[o_start:o_end]))
        # -- voice ---------------------------------------------------------------------------------
        if si != speech_sentence:
            speech_sentence = -1
        elif lex.voice["resume"].search(piece):
            speech_sentence = -1
        if norm.in_quote(start, end):
            clause.voice = CITIZEN
        elif speech_sentence == si:
            clause.voice = CITIZEN
        else:
            speech = lex.voice["speech"].search(piece)
            if speech:
                clause.voice = CITIZEN
                speech_sentence = si
            elif lex.voice["other"].search(piece):
                clause.voice = OTHER
        # -- acts ----------------------------------------------------------------------------------
        for kind, pattern in lex.acts.items():
            for m in pattern.finditer(piece):
                if m.end() == m.start() or norm.in_quote(start + m.start(), start + m.end()):
                    continue
                a_start, a_end = norm.span(start + m.start(), start + m.end())
                modality = _modality(lex, piece, m.start(), m.group())
                clause.acts.append(Act(kind, Span(field, a_start, a_end, original[a_start:a_end]), modality))
                break  # one act of a kind per clause is enough to read it
        clause.modality = next((m for m in _ORDER if any(a.modality == m for a in clause.acts)), STATEMENT)
        # -- time, people, means --------------------------------------------------------------------
        for m in lex.times["when"].finditer(piece):
            s2, e2 = norm.span(start + m.start(), start + m.end())
            clause.times.append(Span(field, s2, e2, original[s2:e2]))
        clause.people = staff_in(lex, piece, lambda s, e: norm.span(start + s, start + e), original, field)
        clause.means = [name for name, p in lex.means.items() if p.search(piece)]
        clauses.append(clause)
    return clauses
