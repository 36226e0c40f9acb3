"""What a reading is made of: clauses with their voice, modality and acts, and the draft's elements.

Offsets are in the field's original text (what the clerk wrote), so that a finding or the checklist
can quote exactly the words it read.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Optional

from replycheck.text import simplified

# Whose words a clause is.
DEPARTMENT, CITIZEN, OTHER = "department", "citizen", "other"
# Whether what a clause reports has happened.
DONE, STATEMENT, PROGRESS, PLANNED, CONDITIONAL, REQUESTED, NEGATED = (
    "done", "statement", "progress", "planned", "conditional", "requested", "negated")
SETTLED = (DONE, STATEMENT)


@dataclass(frozen=True, slots=True)
class Span:
    field: str
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Act:
    """Something a clause reports being done: contact, site visit, decision, hand-over …"""

    kind: str
    span: Span
    modality: str = STATEMENT
    cue: Optional[int] = None  # where the words that set the modality begin (正在, 将, 待…), original offset


@dataclass(slots=True)
class Person:
    """A member of staff, named (王明, 欧阳丽) or by title and surname (张科长)."""

    name: str
    span: Span


# A clause is itself, not its fields: finding it in its sentence (sentence.index(clause)) compares
# identities, where field-by-field equality made a sentence of thousands of clauses quadratic.
@dataclass(slots=True, eq=False)
class Clause:
    field: str
    sentence: int  # index of its sentence in the field
    span: Span
    voice: str = DEPARTMENT
    modality: str = STATEMENT
    acts: list[Act] = field(default_factory=list)
    times: list[Span] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    means: list[str] = field(default_factory=list)
    # What is planned for after the matter is settled (下一步将加强巡查): it leaves nothing open.
    followup: bool = False
    # It opens a numbered or 关于… item of a reply that answers several points: what follows answers that point.
    opens_item: bool = False
    # It stands after 负责人表示 / 物业称 in the same sentence: what the party told, not the department's account.
    party: bool = False
    # The clause as the vocabulary reads it (simplified characters, full-width forms): for asking whether
    # words occur; offsets into the original go by ``span``.
    plain: str = ""
    # The original in simplified characters, one for one (投訴人 → 投诉人): for vocabulary asked at an
    # offset taken from ``span``, which ``plain`` (spaces dropped) does not keep. Made once: the reading
    # asks it of every clause many times (and may hand it in, cut from its field's simplified text).
    words: Optional[str] = None

    def __post_init__(self) -> None:
        if self.words is None:
            self.words = simplified(self.span.text)

    @property
    def text(self) -> str:
        return self.span.text

    def words_of(self, span: "Span") -> str:
        """The words of ``span`` (inside this clause) as the vocabulary reads them."""
        return self.words[span.start - self.span.start:span.end - self.span.start]

    def has(self, *kinds: str, settled: bool = False) -> bool:
        # A loop, not any(…): rules ask this of every clause again and again, and most clauses have no act.
        for a in self.acts:
            if a.kind in kinds and (not settled or a.modality in SETTLED):
                return True
        return False

    @property
    def own(self) -> bool:
        """The department's own statement about this order."""
        return self.voice == DEPARTMENT


@dataclass
class Element:
    """One thing the notice asks a reply to state, as read: ✓ found, ✗ missing, ? not sure."""

    key: str
    title: str
    status: str  # "found" | "missing" | "unsure" | "not_needed"
    evidence: list[Span] = field(default_factory=list)
    parts: dict[str, "Element"] = field(default_factory=dict)
    note: str = ""

    @property
    def found(self) -> bool:
        return self.status == "found"

    def as_dict(self) -> dict:
        """The contract's form (docs/draft-format.md, ``elements``): plain data, stable keys."""
        return {
            "key": self.key, "title": self.title, "status": self.status, "note": self.note,
            "evidence": [{"field": e.field, "start": e.start, "end": e.end, "text": e.text} for e in self.evidence],
            "parts": [p.as_dict() for p in self.parts.values()],
        }


@dataclass
class Reading:
    clauses: list[Clause]
    # The draft-level reading, built from the clauses.
    verification: Optional[str] = None  # 属实 / 部分属实 / 不属实 / 无法核实
    outcome: Optional[str] = None  # solved / plan / decision / explained / … / open
    elements: dict[str, Element] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)  # each field's original text, for quoting spans
    memo: dict = field(default_factory=dict, repr=False)  # answers rules ask again and again (outcome_of)

    def quote(self, field_name: str, start: int, end: int) -> Span:
        return Span(field_name, start, end, self.texts.get(field_name, "")[start:end])

    def own(self, field: Optional[str] = None) -> list[Clause]:
        """The department's own clauses (of ``field``), in reading order; the reading is complete when
        rules ask, so the list is made once."""
        key = ("own", field)
        if key not in self.memo:
            self.memo[key] = [c for c in self.clauses if c.own and (field is None or c.field == field)]
        return self.memo[key]

    def about(self, field: Optional[str] = None) -> list[Clause]:
        """The clauses about this order (of ``field``): the department's and the citizen's, not another
        order's, an earlier matter's or another body's procedure."""
        key = ("about", field)
        if key not in self.memo:
            self.memo[key] = [c for c in self.clauses if c.voice != OTHER and (field is None or c.field == field)]
        return self.memo[key]

    def clause_at(self, field_name: str, offset: int) -> Optional[Clause]:
        """The clause of ``field_name`` that holds ``offset`` of the original text (None between clauses);
        a field's clauses follow one another, so their starts are searched, not every clause."""
        key = ("starts", field_name)
        if key not in self.memo:
            clauses = [c for c in self.clauses if c.field == field_name]
            self.memo[key] = (clauses, [c.span.start for c in clauses])
        clauses, starts = self.memo[key]
        i = bisect_right(starts, offset) - 1
        return clauses[i] if i >= 0 and offset < clauses[i].span.end else None

    def sentence_of(self, clause: Clause) -> list[Clause]:
        """The clauses of ``clause``'s sentence."""
        sentences = self.memo.get("sentences")
        if sentences is None:
            sentences = self.memo["sentences"] = {}
            for c in self.clauses:
                sentences.setdefault((c.field, c.sentence), []).append(c)
        return sentences[(clause.field, clause.sentence)]
