"""The reading of a draft: every sentence split into clauses that say whose words they are, whether what
they report has happened, which act they report (contact, site visit, decision, hand-over …), when, by
whom and how; then the elements the notice asks for. Built once per draft; rules ask it questions.
"""

from __future__ import annotations

import re
from typing import Callable

from replycheck import programs
from replycheck.model import TEXT_FIELDS, Draft
from replycheck.reading.clauses import read_field
from replycheck.reading.elements import build_elements
from replycheck.reading.lexicon import Lexicon
from replycheck.reading.model import DEPARTMENT, OTHER, Act, Reading, Span
from replycheck.text import NormalText

__all__ = ["Lexicon", "Reading", "read_draft"]


# 2025年度义务兵家庭优待金已补发: a year the money is for (年度) dates nothing done.
_YEAR = programs.pattern(r"((?:19|20)\d{2})\s*年(?!度)")
# 拿着两家1998年发的宅基地使用证和2024年确权登记的宗地图: the year dates a paper looked at now, not the story.
_DATED_PAPER = programs.pattern(r"年[^，。；]{0,14}的[^，。；]{0,14}(?:证|图|书|合同|协议|文件|记录|档案|台账|照片|凭证|"
                                r"票据|收据|发票|账|表|册|本)$")
# What a clause may say and still be history when its year is past: events, not rules or answers.
_TIMELESS = ("policy_answer", "explanation", "named_basis", "plan")


def _mark_history(clauses: list, draft: Draft) -> None:
    """An event the department dates in an earlier year than this order (现场查看：邻居家排水管已于2025年6月经
    村委会调解改向) is the matter's history, not something done for this order: from that year on, the acts
    of the clause are dropped, and a clause left with none is another time's story (OTHER)."""
    if draft.received_at is None:
        return  # no year of its own to compare with (the day of the check may be years later)
    this_year = draft.received_at.year
    # 2025年至2026年，村调委会、镇司法所先后6次组织双方调解: a past year standing in a clause of its own dates
    # the rest of its sentence.
    sentence, carried = None, False
    for clause in clauses:
        if (clause.field, clause.sentence) != sentence:
            sentence, carried = (clause.field, clause.sentence), False
        years = [(m.start(), int(m.group(1))) for m in _YEAR.finditer(clause.text)] if "年" in clause.text else []
        if years and not clause.acts:
            carried = years[0][1] < this_year and not _DATED_PAPER.search(clause.text)
            continue
        if years and years[0][1] >= this_year:
            # 公司自您2025年3月入职起……，2026年7月至10月缴费记录完整，不存在未缴的情况: a clause dated this
            # year ends the history carried from the one before, whatever it reports.
            carried = False
        if clause.voice != DEPARTMENT or not clause.acts or clause.has(*_TIMELESS):
            continue
        past = next((at for at, year in years if year < this_year), None)
        if past is None:
            if not carried or years:
                continue
            past = 0
        at = clause.span.start + past
        kept = [a for a in clause.acts if a.span.end <= at]
        if len(kept) < len(clause.acts):
            clause.acts = kept
            if not kept:
                clause.voice = OTHER


def _mark_named_citizens(clauses: list, lexicon: Lexicon) -> None:
    """来电人刘某……2026年10月13日14时，信访办主任郝建军在接待室与刘某当面谈话: a citizen the draft has named (刘某,
    王某某) is the citizen again when the department talks with them; only names the draft itself gives the
    citizen count, for 刘某 may as well be the party complained of."""
    # Read in the simplified words (劉某 is 刘某), one character for one, so offsets stay the original's.
    named = {m.group(1) for c in clauses if c.voice != OTHER
             for m in lexicon.voice["citizen_named"].finditer(c.words)}
    if not named:
        return
    names = "|".join(re.escape(n) for n in sorted(named, key=len, reverse=True))
    talk = lexicon.voice["talk_with"].pattern
    with_citizen = re.compile(f"(?:与|和|同|跟|给)\\s*(?:{names})(?!某)[^，,。；;]{{0,8}}?(?:{talk})")
    for clause in clauses:
        if clause.voice != DEPARTMENT or clause.has("contact"):
            continue
        m = with_citizen.search(clause.words)
        if m is not None:
            start = clause.span.start + m.start()
            end = start + len(m.group())
            clause.acts.append(Act("contact", Span(clause.field, start, end, clause.text[m.start():m.end()])))


def read_draft(draft: Draft, lexicon: Lexicon, normal: Callable[[str], NormalText] | None = None) -> Reading:
    """The draft's reading; ``normal`` gives a field's normalised text when the caller has made it already."""
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
            clauses.extend(read_field(field, text, lexicon, skip, normal(field) if normal else None))
    _mark_history(clauses, draft)
    _mark_named_citizens(clauses, lexicon)
    reading = Reading(clauses=clauses, texts=texts)
    reading.elements = build_elements(reading, draft, lexicon)
    return reading
