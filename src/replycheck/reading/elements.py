"""The draft as the notice asks for it: the six 明确 and their parts, read from the clauses.

Each element is ✓ found (with the words that satisfy it), ✗ missing, or ? unsure (what to confirm).
Only the department's own words about this order count: quotes, reported speech, other orders and
courtesy never satisfy an element and never make a defect.
"""

from __future__ import annotations

import itertools
from typing import Optional

from replycheck import programs
from replycheck.model import Action, Category, Draft
from replycheck.reading.model import (
    CONDITIONAL,
    DONE,
    NEGATED,
    PLANNED,
    PROGRESS,
    REQUESTED,
    SETTLED,
    Clause,
    Element,
    Reading,
    Span,
)
from replycheck.text import opens_section, quoted_spans, without_markup

# What the result says, strongest first: the first kind found is the outcome.
OUTCOMES = ("decision", "solved", "plan", "untrue", "policy", "explained", "measure", "repair")
# Outcomes that settle the matter whatever else the reply says; the others (an explanation, a measure, a
# repair) settle it only if nothing after them says the matter is still under way.
STRONG_OUTCOMES = ("decision", "solved", "plan", "untrue", "policy")
# Acts that, still under way or only promised, leave the matter open.
OPEN_ACTS = ("handling", "repair", "handover", "coordination", "solved", "mediation", "investigation", "site_visit",
              "measure", "decision", "reply", "party_promise")
UNSETTLED = (PROGRESS, PLANNED)


def _leading(reading: Reading, clause: Clause, after: int = 0) -> list[Clause]:
    """The clauses of ``clause``'s sentence up to it (and ``after`` more): where its time and people stand."""
    same = reading.sentence_of(clause)
    i = same.index(clause)
    return same[: i + 1 + after]


def own_acts(reading: Reading, *kinds: str, fields: Optional[tuple[str, ...]] = None, settled: bool = False):
    """(clause, act) for every act of ``kinds`` in the department's own words."""
    for c in reading.own():
        if fields and c.field not in fields:
            continue
        for a in c.acts:
            if a.kind in kinds and (not settled or a.modality in SETTLED):
                yield c, a


# A verdict clause about the citizen's report itself, or the line that states the finding.
_VERDICT_ON_REPORT = programs.pattern(r"反映|投诉|举报|诉求|所述|来电|^(?:认定|结论|核实结果|核查结果|调查结果|核实情况)[:：]")


# A time that names a day (3月5日, 12.5, 次日, 当天), not only an hour of some day (6点半).
_A_DAY = programs.pattern(r"[年月日号天底旬]|\d\s*[./／．\-－]\s*\d|[今昨明次当同翌隔]")


def outcome_of(reading: Reading, field: Optional[str] = None) -> tuple[Optional[str], Optional[Span]]:
    """The settled result of this order, if the department states one (in ``field``, or anywhere)."""
    key = ("outcome", field)
    if key not in reading.memo:
        reading.memo[key] = _outcome(reading, field)
    return reading.memo[key]


def _facts(reading: Reading, fields: Optional[tuple[str, ...]] = None) -> list[Span]:
    """What the department found: 未发现占用耕地、面积不超过15平方米、耕地仍在种植 — a fact may be
    negative or still so; only a planned, conditional or requested one is no fact."""
    return [a.span for _, a in own_acts(reading, "finding", fields=fields)
            if a.modality not in (PLANNED, CONDITIONAL, REQUESTED)]


def _outcome(reading: Reading, field: Optional[str]) -> tuple[Optional[str], Optional[Span]]:
    fields = (field,) if field else None
    for kind in OUTCOMES:
        if kind == "untrue":
            hit = next(own_acts(reading, "verdict_untrue", fields=fields, settled=True), None)
            if hit and _facts(reading, fields):
                return kind, hit[1].span
            continue
        if kind == "plan":
            hit = next(((c, a) for c, a in own_acts(reading, "plan", fields=fields)
                        if a.modality not in (NEGATED, CONDITIONAL)), None)
            # 将于12月5日进场施工；计划安排：7月20日至8月31日……: what is still to come, with its date.
            # (目前安排的活动时间为晚间6点半至8点钟 is a timetable: an hour with no day dates no plan.)
            hit = hit or next(((c, a) for c in reading.clauses if c.own and (not fields or c.field in fields)
                               and any(_A_DAY.search(t.text) for t in c.times)
                               and not c.followup for a in c.acts if a.modality in UNSETTLED), None)
        elif kind == "policy":
            hit = next(own_acts(reading, "policy_answer", fields=fields, settled=True), None)
        elif kind == "explained":
            hit = next(own_acts(reading, "explanation", fields=fields, settled=True), None)
        else:
            # “已处理完毕”, “已落实” say it is done without saying what: they settle nothing.
            hit = next(((c, a) for c, a in own_acts(reading, kind, fields=fields, settled=True)
                        if not c.followup and not _bare(c, a)), None)
        if hit:
            return kind, hit[1].span
    return None, None


def _bare(clause: Clause, act) -> bool:
    return any(b.kind == "bare_closure" and b.span.start < act.span.end and act.span.start < b.span.end
               for b in clause.acts)


def follows(reading: Reading, clause: Clause, kinds: tuple[str, ...], done_only: tuple[str, ...] = (),
            empty=None) -> bool:
    """Some settled act of ``kinds`` stands after ``clause`` in its field (the result after a route); an
    act of ``done_only`` counts only when it is said to be done (已责令整改, not 督促其抓紧清扫); a clause
    that ``empty`` matches whole (经了解，目前该问题已解决) tells no result."""
    seen = in_item = False
    steps = _numbered_steps(reading, clause.field)
    for c in reading.clauses:
        if c is clause:
            seen = True
            continue
        if not seen and c.field == clause.field and c.opens_item:
            in_item = True  # (a hand-over before the first point is answered by the points that follow)
        if seen and in_item and c.field == clause.field and c.opens_item and not steps:
            return False  # 2、关于……: the next point of the reply, not this one's result
        if seen and c.field == clause.field and c.voice != "citizen" and not (empty and empty.search(c.plain)) and any(
                a.kind in kinds and (a.modality == DONE if a.kind in done_only else a.modality in SETTLED)
                for a in c.acts):
            return True
    return False


# ①11.16 09:40 电话联系……②11.17 10:00 受理……: an item whose first words, after its mark, are the day it
# names (the mark is reading.yaml's item_start; at most this many characters: （一）, 1. ).
_ITEM_MARK_REACH = 4


def _numbered_steps(reading: Reading, field: str) -> bool:
    """The field's numbered items are the dated steps of one account (most open with a date), not the
    points of an answer: a step's hand-over is followed by its result in a later step."""
    key = ("numbered_steps", field)
    if key not in reading.memo:
        items = [c for c in reading.clauses if c.field == field and c.opens_item]
        dated = sum(1 for c in items if c.times and c.times[0].start - c.span.start <= _ITEM_MARK_REACH
                    and _A_DAY.search(c.times[0].text))
        reading.memo[key] = len(items) >= 3 and 2 * dated > len(items)
    return reading.memo[key]


def _element(key: str, title: str, evidence: list[Span], *, missing_note: str = "", needed: bool = True,
             unsure: bool = False, note: str = "") -> Element:
    evidence = list(dict.fromkeys(evidence))
    if not needed:
        return Element(key, title, "not_needed", evidence)
    if evidence and not unsure:
        return Element(key, title, "found", evidence, note=note)
    if unsure:
        return Element(key, title, "unsure", evidence, note=note or missing_note)
    return Element(key, title, "missing", [], note=missing_note)


# 2.联系群众 / 二、联系反映人 / （一）联系群众情况: a numbered heading standing alone on its line.
_HEADING_LINE = programs.pattern(r"(?:[（(]?[一二三四五六七八九十\d０-９]{1,2}[)）、.．。]\s*)?联系(?:(?:群众|反映人|投诉人|举报人|来电人|市民|诉求人|建议人)(?:情况)?|情况|记录)")
_CELL = programs.pattern("[|｜\t]")  # 联系时间\t联系人: a row pasted from Excel keeps its tabs


def _labelled(label, clause: Clause) -> bool:
    """The clause opens with a contact field's name: 联系时间：…, or 联系时间<tab>… copied from a Word table
    (the words keep the tab that the plain text drops)."""
    words = clause.words
    # The field names all contain one of these (联系时间, 回访人, 【处置人】): skip the search where none stands.
    if "联系" not in words and "回访" not in words and "】" not in words and "]" not in words:
        return False
    return label.search(clause.plain) is not None or label.search(words) is not None


def _record_lines(reading: Reading, clause: Clause, label) -> list[Clause]:
    """联系时间：…／联系人员：…／联系方式：电话: a contact written as labelled lines, one line each, read
    as one record (the lines next to this one that carry such a label)."""
    near = [c for c in reading.clauses if c.field == clause.field and abs(c.sentence - clause.sentence) <= 3
            and c.sentence != clause.sentence]
    # 联系人：见下 / （城管办诸葛文斌电话联系反映人……）: the contact told in words just after (or before) the
    # labelled lines belongs to the same record.
    lines = [c for c in near if _labelled(label, reading.sentence_of(c)[0])]  # a field's row, whatever it quotes
    # 联系人：辜洁 / 联系电话：… under a letter names whom to call: without a dated line it is no record.
    if not _labelled(label, clause) and not any(c.times for c in lines):
        return []
    return lines


def _label_record(reading: Reading, label) -> Optional[tuple[Span, dict[str, Element]]]:
    """联系时间：2026年10月12日上午9点半 / 联系人：农业农村办 欧阳丽娜 / 联系方式：电话 — a form's contact
    fields with no contact verb at all: the first block of such lines is the contact."""
    first = next((c for c in reading.own() if _labelled(label, c) and reading.sentence_of(c)[0] is c), None)
    if first is None:
        return None
    block = [first] + [c for c in _record_lines(reading, first, label) if c.sentence > first.sentence]
    block += [c for c in reading.sentence_of(first) if c is not first]
    block.sort(key=lambda c: c.span.start)
    sentence, parts = _sentence_parts(reading, block)
    # 联系人：王利君 / 联系电话：0919-5988166 under a letter is who to call, not a contact made: a record has its time.
    return (sentence, parts) if parts["time"].found else None


def _sentence_parts(reading: Reading, row: list[Clause]) -> tuple[Span, dict[str, Element]]:
    """A contact told in one sentence or table row as a whole: its times, people and means, wherever they stand."""
    sentence = reading.quote(row[0].field, row[0].span.start, row[-1].span.end)
    return sentence, {
        "time": _element("time", "联系时间", [t for c in row for t in c.times]),
        "staff": _element("staff", "联系人员", [p.span for c in row for p in c.people]),
        "means": _element("means", "联系方式", [sentence] if any(c.means for c in row) else []),
    }


def _contact_parts(reading: Reading, clause: Clause, act, label, rounds) -> tuple[Span, dict[str, Element]]:
    # 一、联系投诉人：11月16日下午2点，王主任到投诉人家中……: a heading names the contact and the next
    # clause tells who made it and how.
    heading = without_markup(reading.quote(clause.field, act.span.end, clause.span.end).text).lstrip()[:1] in ("：", ":")
    if _HEADING_LINE.fullmatch(clause.words.strip()):
        # 2.联系群众 on a line of its own: the contact is told in the sentence on the next line, or in the
        # section's rows (一、联系群众 / 时间<tab>… / 人员<tab>… / 方式<tab>电话) up to the next heading.
        later = [c for c in reading.clauses if c.field == clause.field and c.span.start > clause.span.end]
        if later:
            section = list(reading.sentence_of(later[0]))  # a copy: the reading keeps its sentences for every rule
            for c in later[len(section):]:
                if c.sentence - later[0].sentence > _SECTION_ROWS or (
                        reading.sentence_of(c)[0] is c and opens_section(c.words)):
                    break
                section.append(c)
            first = _sentence_parts(reading, reading.sentence_of(later[0]))
            if all(e.found for e in first[1].values()):
                return first
            return _sentence_parts(reading, section)
    around = _leading(reading, clause, after=1 if heading else 0)
    if heading and around[-1] is not clause:
        clause = around[-1]
    sentence = reading.quote(clause.field, around[0].span.start, clause.span.end)
    # A time belongs to the contact when it stands before the contact verb or right after it; what
    # follows further on in the sentence is what the citizen said (“了解到其7月20日起……”).
    times = [t for c in around[:-1] for t in c.times] + [t for t in clause.times if t.start <= act.span.end + 2]
    record = _record_lines(reading, around[0], label) if label is not None else []
    # 【11月17日 10:12】农业农村办-皇甫丽：大爷您好……给您打个语音 / [语音通话 5分33秒]: a call in a pasted chat
    # belongs to the message just before it, which says when and who.
    if _CHAT_CALL.fullmatch(clause.words.strip()):
        for back in (1, 2, 3):  # the staff member's message, past the citizen's replies (反映人：方便)
            earlier = [c for c in reading.clauses if c.field == clause.field and c.sentence == clause.sentence - back]
            if earlier and earlier[0].voice != "citizen":
                record += earlier
                break
    times += [t for c in record for t in c.times]
    around = around + record
    # 11/2 15:10 | 电话联系反映人 | 服务站皇甫站长 | …: a row of a pasted table is one record, whose
    # columns after the contact name who made it.
    row = reading.sentence_of(clause)
    if any(_CELL.search(c.text) for c in row):
        around = around + [c for c in row if c not in around]
        times = [t for c in row for t in c.times]  # | 联系举报人 | 2026年10月16日10:20 | …: any column
    parts = {
        "time": _element("time", "联系时间", times),
        "staff": _element("staff", "联系人员", [p.span for c in around for p in c.people]),
        "means": _element("means", "联系方式", [act.span] if clause.means or any(c.means for c in around)
                          or _means_next(reading, clause, rounds) else []),
    }
    return sentence, parts


def _means_next(reading: Reading, clause: Clause, rounds) -> bool:
    """与你联系，上门了解实际情况 / 向您反馈办理情况，电话未接通: the clause right after the contact says how;
    not a number offered (可拨打值班电话) nor a round of the neighbourhood (并对该小区开展走访调查)."""
    row = reading.sentence_of(clause)
    k = row.index(clause)
    if k + 1 >= len(row):
        return False
    nxt = row[k + 1]
    return bool(nxt.means) and nxt.voice != "citizen" and not nxt.has("phone_deflect", "refer_elsewhere", "suggest_transfer") \
        and not rounds.search(nxt.words)


_SECTION_ROWS = 4  # the rows of a contact section read with its heading: 时间 / 人员 / 方式, and one more
# [语音通话 5分33秒], with the chat's time stamp or nothing before it.
_CHAT_CALL = programs.pattern(r"(?:[【\[][^】\]]{0,24}[】\]])?\s*[\[【](?:微信)?(?:语音|视频)通话[^\]】]{0,12}[\]】]")
# 联系时间 | 联系人 | 方式: the header of a pasted table whose rows are contacts.
_CONTACT_TABLE = programs.pattern("联系(?:时间|日期)[^|｜\t]*[|｜\t]|[|｜\t][^|｜\t]*联系(?:时间|日期)")


def _contact_rows(reading: Reading) -> list[list[Clause]]:
    """The rows (clauses of each sentence) of a contact table, in order: the first is the first contact."""
    rows: list[list[Clause]] = []
    if not any(_CELL.search(text) for text in reading.texts.values()):
        return rows  # no table at all: the common case, decided once
    header = None
    for c in reading.clauses:
        if c.voice == "citizen":
            continue
        if header is None:
            if _CONTACT_TABLE.search(c.words) and not c.times:  # words, not plain: plain drops the tabs
                header = (c.field, c.sentence)
            continue
        if c.field != header[0] or c.sentence == header[1]:
            continue
        row = reading.sentence_of(c)
        if not any(_CELL.search(x.text) for x in row):
            break
        if row[0] is c:
            rows.append(row)
    return rows


def contact_element(reading: Reading, lex) -> Element:
    """The first contact with the reporter; a reply that is the only contact stands in for it."""
    rows = _contact_rows(reading)
    if rows:
        return _contact(*_sentence_parts(reading, rows[0]), "联系记录表")
    reporter, letter_head, offered = lex.voice["reporter"], lex.voice["letter_head"], lex.voice["not_contact"]
    # 您也可以拨打……热线: a number offered to the citizen, not a contact made.
    sends_away = ("phone_deflect", "refer_elsewhere", "suggest_transfer")
    # 走访居民进行核实: a round of the neighbours is an investigation; visiting the reporter is a contact.
    rounds = lex.voice["visit_round"]
    hits = [(c, a) for c, a in own_acts(reading, "contact") if a.modality not in (NEGATED, CONDITIONAL, PLANNED)
            and not c.has(*sends_away) and not offered.search(c.plain)
            and not (rounds.search(c.words_of(a.span)) and not reporter.search(c.words_of(a.span)))]
    # The form's contact fields are read only when no sentence tells the contact completely (most drafts do).
    if not hits and (record := _label_record(reading, lex.voice["contact_label"])) is not None:
        return _contact(*record, "联系记录栏")
    if not hits:  # 将处理结果向刘先生进行了反馈, 经回访群众: telling the citizen is contacting them
        hits = [(c, a) for c, a in own_acts(reading, "reply", settled=True)
                if reporter.search(c.words_of(a.span)) and not letter_head.search(c.words) and not c.has(*sends_away)
                and not offered.search(c.plain)]
    if not hits:
        return _element("contact", "联系反映人", [], missing_note="没有读到承办人员联系反映人的句子")
    # 陈思琪当面回复：……新卡已当面交给您: a contact told after a reply in its sentence is the reply, not the first contact.
    first = [(c, a) for c, a in hits
             if not any(s.has("reply") and s.span.start <= c.span.start for s in reading.sentence_of(c))] \
        or [(c, a) for c, a in hits if not c.has("reply")] or hits
    read = [(_contact_parts(reading, c, a, lex.voice["contact_label"], rounds)) for c, a in first]
    authors: dict[str, list[Span]] = {}  # the writer of each field, looked up when first needed
    for (c, a), (_, parts) in zip(first, read):
        if not parts["staff"].found and not lex.voice["unnamed_actor"].search(c.plain):
            if c.field not in authors:
                authors[c.field] = _author(reading, c.field, lex)
            if authors[c.field]:
                parts["staff"] = _element("staff", "联系人员", authors[c.field], note="句中没有主语，按记录人读")
    sentence, parts = next(((s, p) for s, p in read if all(e.found for e in p.values())), read[0])
    if not all(e.found for e in parts.values()):  # the form's contact fields, when the sentences lack a part
        record = _label_record(reading, lex.voice["contact_label"])
        if record is not None and all(e.found for e in record[1].values()):
            return _contact(*record, "联系记录栏")
    return _contact(sentence, parts, "联系的句子")


def _author(reading: Reading, field: str, lex) -> list[Span]:
    """The one person who wrote ``field``: named in its heading (网格员手记（北台村网格员 上官雪）), on a
    writer's line (记录人：王明) or after 我 (我付庆山上他家). A contact told without a subject (11.2 上午给反映人打电话) is theirs."""
    line = lex.voice["author_line"]
    people = {p.name: p.span for c in reading.clauses if c.field == field and (m := line.search(c.plain))
              # 我付庆山和村委会主任付德旺: after 我 only the name that follows it is the writer's
              for p in c.people if not m.group().endswith("我") or c.plain.startswith(p.name, m.end())}
    if not people:
        people = {p.name: p.span for p in _signed_by(reading, field)}
    return list(people.values()) if len(people) == 1 else []


def _signed_by(reading: Reading, field: str) -> list:
    """The person a letter is signed by (杨家泊镇社会事务办 孙秀兰, then its date line): among the field's last
    lines, one that is only an office's name and a person's."""
    for c in [c for c in reading.clauses if c.field == field][-3:]:
        if len(c.people) == 1 and not c.acts and len(c.plain) <= 30 and c.plain.endswith(c.people[0].name):
            before = c.plain[:len(c.plain) - len(c.people[0].name)]
            if not before or _OFFICE_NAME.search(before):
                return list(c.people)
    return []


def _contact(sentence: Span, parts: dict[str, Element], where: str) -> Element:
    """The contact as read from ``sentence`` (or a table row): found when all its parts are, else unsure
    with what ``where`` lacks."""
    lacking = [p.title for p in parts.values() if not p.found]
    return Element("contact", "联系反映人", "unsure" if lacking else "found", [sentence], parts,
                   note=f"{where}缺少：" + "、".join(lacking) if lacking else "")


# 2021年1月16日后停止一切线下授课, 9月底完工: a deadline or a plan's date closing the letter, not its date line.
_DEADLINE_AFTER = programs.pattern(r"\s*(?:后|前|起|底|末|内|以前|以后|之前|之后|完工|完成|开工|竣工|正式|将|再)")


def reply_time_element(reading: Reading, draft: Draft, lex) -> Element:
    title = "回复市民时间"
    visible = [c for c in reading.clauses if c.field == "citizen_reply" and c.voice != "citizen"]
    failed, received, reported = lex.voice["failed_call"], lex.voice["received"], lex.voice["reported"]
    letter_head = lex.voice["letter_head"]

    def sentence_says(c: Clause, *patterns) -> bool:
        return any(p.search(s.plain) for s in reading.sentence_of(c) for p in patterns)

    def told(c: Clause) -> bool:
        """The result reached the citizen here: a reply made, or a contact in a sentence that tells them
        something (电话联系反映人，告知…); not a call that got no answer, nor one made to ask (与您取得联系，
        了解具体位置)."""
        made = [a.kind for a in c.acts if a.kind in ("reply", "contact")
                and a.modality not in (NEGATED, CONDITIONAL, PLANNED, "requested")]
        if not made or sentence_says(c, failed) or (made == ["reply"] and letter_head.search(c.plain)):
            return False  # 现处理答复如下: the letter opening itself, not a reply made at some time
        return "reply" in made or any(s.has("reply", "explanation", "opinion") for s in reading.sentence_of(c))

    for c in visible:
        if told(c):
            times = [t for cc in _leading(reading, c) for t in _times_before_plan(cc)]
            if times:
                return _element("reply_time", title, times[:1])
    # | 回复时间 | 2026/10/13 10:20 | in a table, 回复时间：… on a form's line: the field that names it, wherever it stands.
    for c in reading.clauses:
        if c.voice == "citizen" or not c.times:
            continue
        before = c.words[:c.times[0].start - c.span.start]
        if not before.strip():  # 回复时间<tab>二〇二六年……: the field's name may stand as a clause of its own
            row = reading.sentence_of(c)
            k = row.index(c)
            before = row[k - 1].words if k else ""
        if _REPLY_FIELD.match(before):
            return _element("reply_time", title, c.times[:1])
    # A date at the very head of the citizen-visible reply (“2026年3月6日10时，……”), after the greeting.
    greeting, sign_off = lex.voice["greeting"], lex.voice["sign_off"]
    # 接到工单后，我单位高度重视，第一时间安排专人办理。吴女士您好！: set phrases may come before the greeting.
    formula = lex.voice["opening_formula"]
    # 工单状态：办理中 pasted above the reply is the platform's row, not the reply's head.
    opening = list(itertools.takewhile(
        lambda c: (not c.acts and greeting.search(c.plain)) or formula.search(c.plain)
        or (c.voice == "other" and c.sentence == visible[0].sentence), visible))
    head = next((c for c in visible[len(opening):len(opening) + 1]
                 if c.times and _HEAD_LABEL.match(c.words[:c.times[0].start - c.span.start])
                 and c.times[0] in _times_before_plan(c) and not sentence_says(c, failed, received)
                 # 4月26日网民反映的……: the day the citizen wrote in
                 and not reported.match(c.words, c.times[0].end - c.span.start)), None)
    # 7月16日上午，裴营村无塔供水恢复 / 2019年5月23日上午城管局法规专班对……: the head date is when something
    # else happened, unless its sentence tells the citizen something.
    if head is not None and not _REPLY_LABEL.search(head.words[:head.times[0].start - head.span.start]):
        sentence = reading.sentence_of(head)
        events = [a.span.start for c in sentence for a in c.acts if a.kind in _EVENT_ACTS and a.modality in SETTLED]
        tells = any(c.has("reply", "contact", "explanation", "policy_answer", "opinion") and not letter_head.search(c.plain)
                    for c in sentence)  # 现回复如下：2024年8月1日我局……排查: the letter's opening tells nothing yet
        # 11月27日 您好 您举报的……: the letter's date, with its greeting after it (a greeting before the date,
        # 网友你好，2012年11月1日下午，我局执法人员到达现场, leaves it the date of the visit).
        greeted = bool(events) and any(greeting.search(c.words) or "您" in c.words[:max(0, min(events) - c.span.start)]
                                       for c in sentence if head.span.start <= c.span.start < min(events))
        # 7月29日晚上，受台风天气影响……造成积水: a head date with neither the citizen nor a date line in view
        # dates what happened, not the reply.
        addressed = any("您" in c.text or "你" in c.text for c in sentence)
        alone = len(sentence) == 1 and len(head.plain) - len(head.times[0].text) <= 4  # a date line
        if not tells and not greeted and (events or not (addressed or alone)):
            head = None
    if head is not None:
        return _element("reply_time", title, head.times[:1])
    # The date line that closes a reply letter (“此复。杨家泊镇城建科 2026年11月20日”).
    # The letter may end with its contact line after the date (县水利局 2014年6月14日 联系人:刘志轩 …, 抄送：…).
    tail = [c for c in reading.clauses if c.field == "citizen_reply"][-3:]
    for last in reversed(tail):
        if not last.times and (_CONTACT_LINE.search(last.plain) or last.has("phone_deflect")
                               or lex.voice["further_questions"].search(last.plain)):
            continue  # 联系人:刘志轩 / 联系电话:… / 如有疑问，可拨打…… after the date line
        if last.voice == "citizen" or not last.times:
            break
        # What stands before its date is a sign-off (特此回复, 调查负责人：康振宇) or the office's name
        # (岳阳市住房和城乡建设局), not an act with its date.
        before = last.text[:last.times[-1].start - last.span.start]
        after = last.text[last.times[-1].end - last.span.start:]
        if len(last.text) <= 40 and last.span.end - last.times[-1].end <= 12 and not _DEADLINE_AFTER.match(after) and (
                not last.acts or sign_off.search(before) or _OFFICE_NAME.search(before)):
            return _element("reply_time", title, last.times[-1:])
        break
    for c in reading.clauses:
        if c.field == "internal_result" and c.voice != "citizen" and c.has("reply") and told(c):
            times = [t for cc in _leading(reading, c) for t in cc.times if not _is_plan_time(cc)]
            if times:
                return _element("reply_time", title, times[:1], unsure=True,
                                note="回复时间只写在内部办理结果中，请同时写进“回复市民时间及内容”")
    return _element("reply_time", title, [], missing_note="没有读到何时把结果告诉了市民")


# 岳阳市住房和城乡建设局, 通江县民河乡人民政府: an office signing its letter.
_OFFICE_NAME = programs.pattern(r"(?:局|办|委|政府|中心|所|站|队|处|科|院|公司|街道|镇|乡|村委会|居委会|办事处|管委会)\s*$")
_CONTACT_LINE = programs.pattern(r"^[（(]?\s*(?:单位)?(?:联系人|联系电话|电话|联系方式|地址|邮编|邮箱|传真|抄送|抄报|附件)")
_REPLY_LABEL = programs.pattern("回复|答复|反馈|告知|回访")
# Acts whose date a reply's head may give instead of the reply's own.
_EVENT_ACTS = ("site_visit", "investigation", "repair", "measure", "decision", "handling", "coordination",
               "mediation", "finding", "solved", "arrival")
# What may stand before the date at the head of a reply: nothing, or a label such as “回复时间：”.
# **回复时间**<tab>2026/11/01 16:40: the field's name in bold (markdown pasted into a Word table).
_REPLY_FIELD = programs.pattern(r"^[\s|｜]*(?:[-*+•·●○▪]\s*)?\**(?:回复|答复|反馈|回访)(?:市民)?(?:时间|日期)\**\s*[:：|｜\t]?\s*$")
_HEAD_LABEL = programs.pattern(r"^\s*(?:[^\s\d:：，。；,;|｜]{0,6}\s*[:：|｜]\s*)?$")  # 回复时间：/ 回复时间 |


def _is_plan_time(clause: Clause) -> bool:
    return clause.has("plan") or any(a.modality in (PLANNED, CONDITIONAL) for a in clause.acts)


def _times_before_plan(clause: Clause) -> list[Span]:
    """The clause's times that stand before any plan in it: 11.30 端木磊回电话：……12月8日前装好 (one clause,
    typed without commas) was replied on 11.30; 12月8日 is the plan's."""
    if not _is_plan_time(clause):
        return clause.times
    plan_at = min(a.span.start for a in clause.acts if a.kind == "plan" or a.modality in (PLANNED, CONDITIONAL))
    return [t for t in clause.times if t.end <= plan_at]


def opinion_element(reading: Reading, lex) -> Element:
    courtesy, holder, citizen = lex.voice["courtesy"], lex.voice["opinion_holder"], lex.voice["citizen_name"]
    waiting = lex.voice["waiting"]
    for c in reading.clauses:
        if c.voice == "other" or not c.has("opinion"):
            continue
        # Courtesy (感谢您的理解与支持) opens the department's own clause and is not the citizen's opinion;
        # 您表示满意并表示感谢 is.
        act = next(a for a in c.acts if a.kind == "opinion")
        if act.modality in (CONDITIONAL, REQUESTED) or (act.modality == PROGRESS and waiting.search(c.plain)):
            continue  # 待公示期满无异议后: a condition, not a reaction (仍不认可 is one)
        # Whose reaction: the citizen's (您、市民、反映人 …), or said where the result was told to them.
        # 公示无异议, 乘客提出异议 are someone else's.
        sentence = reading.sentence_of(c)
        before = [s.words for s in sentence if s.span.start < c.span.start] + [
            c.words[:act.span.start - c.span.start + 1]]
        if not any(p.search(t) for t in before for p in (holder, citizen)) and not any(
                s.has("reply", "contact") for s in sentence) and not _citizen_speaks(reading, before, lex):
            continue
        if lex.voice["not_opinion"].search(c.plain):
            continue
        # 钱先生表示：“这回下雨不怕了，挺满意。” is a reaction once the answer has come; quoted before it, the
        # citizen's words are the complaint.
        opened = reading.texts[c.field][sentence[0].span.start:act.span.start]
        unclosed = opened.count("“") > opened.count("”") or opened.count('"') % 2 == 1  # "…" typed on a phone
        if unclosed and not any(s.field == c.field and s.span.start < c.span.start
                                            and s.has("reply", "contact", "solved", "explanation", "decision", "repair",
                                                      "handling", "measure", "mediation", "policy_answer")
                                            for s in reading.clauses):
            continue
        # 杨先生对……规定很不理解，我们向他解释了其中缘由: a reaction to the problem, before the answer came.
        if any(s.span.start > c.span.start and s.own and s.has("explanation", "reply")
               for s in sentence):
            continue
        # 我们对群众……的行为表示理解: the office's own attitude, though its subject stands clauses before.
        upto = [s.plain for s in sentence if s.span.start <= c.span.start]
        if any(lex.voice["office_attitude"].search("，".join(upto[k:])) for k in range(len(upto))):
            continue
        if _courtesy(c, sentence, act, courtesy):
            continue
        return _element("citizen_opinion", "市民对结果的意见", [c.span])
    reaction = _reaction(reading, lex)
    if reaction is not None:
        return _element("citizen_opinion", "市民对结果的意见", [reaction.span])
    return _element("citizen_opinion", "市民对结果的意见", [], missing_note="没有读到市民对办理结果的态度（客套话不算）")


def _courtesy(c: Clause, sentence: list[Clause], act, courtesy) -> bool:
    """The opinion words of ``c`` are the office's courtesy (感谢您的理解与支持), not the citizen's reaction.

    The vocabulary is simplified (感谢); 感謝您對…的支持與理解 is read in its simplified form, whose offsets are
    the original's when normalising dropped nothing."""
    said = c.words
    # 感谢广大市民朋友对……的关注，对水务集团供水工作的理解和支持: the thanks run on into the next 对…… clause.
    k = sentence.index(c)
    if k and said.startswith("对") and sentence[k - 1].own and courtesy.match(sentence[k - 1].words):
        return True
    polite = courtesy.search(said)
    if polite is None or polite.start() >= act.span.start - c.span.start:
        return False
    lead = said[:polite.start()]
    # 您表示满意并表示感谢 is the citizen's; 并衷心希望……继续得到您的支持 opening a clause is the office's.
    if lead.endswith("表示") or (len(lead) > 1 and lead.endswith("并")):
        return False
    # 孙先生说：「这下明白了，谢谢司马理事长。」对答复满意: thanks inside the citizen's own words are theirs.
    return not any(s <= polite.start() < e for s, e in quoted_spans(said))


def _citizen_speaks(reading: Reading, before: list[str], lex) -> bool:
    """马秀英说这回可得劲儿了，满意: someone named by full name speaks, and the reading found no staff of that
    name, so it is the citizen the result was told to. (Asked only where nothing else names the speaker, so
    the staff are gathered here, not for every draft.)"""
    names = [m.group() for t in before for m in lex.voice["named_speaker"].finditer(t)]
    if not names:
        return False
    staff = {p.name for c in reading.clauses for p in c.people}
    return any(not any(name.startswith(n) for name in staff) for n in names)  # (王德山 or 周建国主任 is staff)


def _reaction(reading: Reading, lex) -> Optional[Clause]:
    """举报人说：“停了就对了，这样公平。”: what the citizen says once told the result is the reaction to it,
    in whatever words; said before the department's answer, the same words are the complaint."""
    told = ("reply", "contact", "explanation")
    answer = told + ("solved", "decision", "repair", "measure", "policy_answer", "finding")
    own = [s for s in reading.clauses if s.own]
    for c in reading.clauses:
        if c.voice != "citizen" or not lex.voice["reaction"].search(c.plain) or lex.voice["not_opinion"].search(c.plain):
            continue
        same = [s for s in own if s.field == c.field]
        if any(s.span.start < c.span.start and s.has(*told) for s in same) \
                and not any(s.span.start > c.span.start and s.has(*answer) for s in same):
            return c
    return None


# What a return (退单, 1.5) and an extension request (延期, 2) must state: element → (title, act kinds).
REQUEST_ELEMENTS = {
    Action.退单: {"return_reason": ("退单理由", ("return_reason",)), "return_basis": ("政策依据", ("named_basis",)),
                 "return_transfer": ("转派意见", ("transfer_opinion",))},
    Action.延期: {"extension_reason": ("延期原因", ("extension_reason",)), "extension_date": ("延期后的完成时间", ("extension_date",)),
                 "extension_approval": ("分管领导批准", ("approval",)),
                 "extension_informed": ("告知市民延期原因和目前进展", ("reply", "contact"))},
}


def _request_elements(reading: Reading, action: Action) -> dict[str, Element]:
    out = {}
    for key, (title, kinds) in REQUEST_ELEMENTS[action].items():
        spans = [a.span for c in reading.clauses if c.voice != "citizen" for a in c.acts if a.kind in kinds]
        out[key] = _element(key, title, spans[:2], missing_note=f"没有读到{title}")
    return out


def build_elements(reading: Reading, draft: Draft, lex) -> dict[str, Element]:
    if draft.action == Action.退单:
        return _request_elements(reading, draft.action)
    closing = draft.action == Action.办结
    consult = draft.category == Category.咨询
    complaint = draft.category in (Category.投诉, Category.举报)
    out: dict[str, Element] = {}
    out["contact"] = contact_element(reading, lex)
    process_hits = [c for c, _ in own_acts(reading, "site_visit", "investigation", "repair", "coordination",
                                           "mediation", "measure", "decision", "handling", settled=True)
                    if not c.has("handover")]  # passing the matter on is no handling of it
    if process_hits:
        around = [cc for c in process_hits for cc in _leading(reading, c)]
        parts = {
            "time": _element("time", "办理时间", [t for c in around for t in c.times]),
            "actor": _element("actor", "承办单位或人员", [p.span for c in around for p in c.people]
                              or [process_hits[0].span]),
        }
        unique = list(dict.fromkeys(c.span for c in process_hits))
        out["process"] = Element("process", "办理过程", "found" if parts["time"].found else "unsure",
                                 unique[:3], parts,
                                 note="" if parts["time"].found else "办理过程没有读到时间")
    else:
        out["process"] = _element("process", "办理过程", [], needed=not consult,
                                  missing_note="没有读到调查、处理的经过")
    verdicts = {"verdict_true": "属实", "verdict_partial": "部分属实", "verdict_untrue": "不属实",
                "verdict_unknown": "无法核实"}
    # 分拣厂夜间21:00后停机，现场核实属实 …… 认定：反映分拣厂噪声超标问题不属实: a verdict on what the citizen
    # reported (or on the 认定 line) outweighs one on a single fact found on the way.
    hits = [(word, clause, act) for kind, word in verdicts.items()
            for clause, act in own_acts(reading, kind) if act.modality != NEGATED]
    on_report = [h for h in hits if _VERDICT_ON_REPORT.search(h[1].plain)]
    chosen = next(iter(on_report or hits), None)
    found_verdict = (chosen[0], chosen[2].span) if chosen else None
    reading.verification = found_verdict[0] if found_verdict else None
    out["verification"] = _element("verification", "核实结果（事实认定）",
                                   [found_verdict[1]] if found_verdict else [], needed=complaint,
                                   missing_note="没有读到属实、部分属实或不属实的认定",
                                   note=found_verdict[0] if found_verdict else "")
    if complaint and reading.verification in ("属实", "部分属实"):
        decisions = [a.span for _, a in own_acts(reading, "decision", settled=True)]
        measures = [a.span for _, a in own_acts(reading, "measure", settled=True)]
        # An order to rectify, even one carried out, is no final decision (docs/reading-the-notice.md).
        out["final_decision"] = _element(
            "final_decision", "最终处理决定", decisions,
            missing_note="核实属实，但没有读到最终的处罚或处理决定" + (
                "：责令整改、约谈、批评教育一类措施不是最终决定" if measures else ""))
    if complaint and reading.verification == "不属实":
        out["untrue_facts"] = _element("untrue_facts", "不属实的事实依据", _facts(reading),
                                       missing_note="认定不属实，但没有读到看到、测得、查明的事实")
    outcome, span = outcome_of(reading)
    reading.outcome = outcome or "open"
    out["result"] = _element("result", "办理结果", [span] if span else [], needed=closing,
                             missing_note="没有读到明确的办理结果（已解决、处理决定、带日期的方案或解释说明）",
                             note={"decision": "处理决定", "solved": "问题已解决", "plan": "带日期的方案",
                                   "untrue": "不属实及事实", "policy": "政策答复", "explained": "解释说明", "measure": "采取的措施",
                                   "repair": "已维修处理"}.get(outcome or "", ""))
    out["reply_time"] = reply_time_element(reading, draft, lex)
    if not closing:
        out["reply_time"].status = "not_needed"
    out["citizen_opinion"] = opinion_element(reading, lex)
    if not closing or draft.revisit_unsuitable:
        out["citizen_opinion"].status = "not_needed"
    if draft.action == Action.延期:
        out.update(_request_elements(reading, draft.action))
    return out
