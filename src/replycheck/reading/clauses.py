"""Sentences → clauses, each with whose words it is, whether what it says has happened, and its acts.

Works on the normalised text (text.NormalText) and reports spans in the original. The grammar is
small on purpose: a clause is the run between ，；。 (outside quotes); reported speech runs from
“市民称” to the end of its sentence unless the department speaks again (“，经核实”); the modality of
an act is read from the words just before it in its clause.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from replycheck import programs
from replycheck.reading.lexicon import Lexicon
from replycheck.reading.model import (
    CITIZEN,
    CONDITIONAL,
    DEPARTMENT,
    DONE,
    NEGATED,
    OTHER,
    PLANNED,
    PROGRESS,
    REQUESTED,
    STATEMENT,
    Act,
    Clause,
    Span,
)
from replycheck.reading.people import staff_in
from replycheck.text import NormalText, normal_text, simplified

_CLAUSE_MARKS = "，,；;。！？!?\n→"
# How far before an act its modality words may stand, within the clause.
_MODAL_REACH = 12
_NEGATION_REACH = 3
# 不再另行组织人民调解: a negation may stand a few light words before the act.
_NEGATION_THROUGH = 12
_NEGATION_HEADS = "未没不无并从"  # the first characters of modality.negated_through's negations
_ORDER = (NEGATED, CONDITIONAL, REQUESTED, PROGRESS, PLANNED, DONE)
# No real clause is this long; cutting longer runs keeps every pattern's work per clause bounded, so
# reading stays linear in the length of the text whatever it holds (a pasted table, a run of 《《《).
_MAX_CLAUSE = 300


_MARK_RE = programs.pattern("[" + re.escape(_CLAUSE_MARKS) + "]")
# 依据《噪声污染防治法》第七十条（基层群众性自治组织……应当及时劝阻、调解）: the bracket after an article
# gives the law's words, like a quotation; the acts named there are not the office's.
_LAW_ASIDE = programs.pattern(r"第[零一二三四五六七八九十百千\d]+条(?:第[零一二三四五六七八九十\d]+款)?（([^（）]{2,120})）")
# 现将答复意见回复如下：建设小学新校区目前正在进行拆迁工作: what follows 如下： is a clause of its own.
_AS_FOLLOWS = programs.pattern(r"如下\s*[:：]")


def _clause_ranges(norm: NormalText) -> list[tuple[int, int, int]]:
    """(start, end, sentence index) of every clause, never cutting inside a quotation."""
    out: list[tuple[int, int, int]] = []
    text = norm.norm
    inside = [(qs + 1, qe - 1) for qs, qe in norm.quoted]  # a mark at qs+1 … qe-2 is quoted
    for si, (s, e) in enumerate(norm.sentences):
        cuts = [(m.start(), 1) for m in _MARK_RE.finditer(text, s, e)
                if not inside or not any(a <= m.start() < b for a, b in inside)]
        if text.find("如下", s, e) >= 0:
            cuts += [(m.end() - 1, 1) for m in _AS_FOLLOWS.finditer(text, s, e)
                     if not any(a <= m.start() < b for a, b in inside)]
        cuts = sorted(cuts + _space_cuts(norm, s, e, [c for c, _ in cuts], inside))
        start = s
        for cut, width in cuts + [(e, 1)]:
            while cut - start > _MAX_CLAUSE:
                out.append((start, start + _MAX_CLAUSE, si))
                start += _MAX_CLAUSE
            if cut > start:
                out.append((start, cut, si))
            start = cut + width
    return out


# The check boxes of a form printed or typed in WPS, empty and ticked.
_EMPTY_BOX = "□☐"
_BOXES = _EMPTY_BOX + "☑☒■√✔✓"
_OPTION_REACH = 8  # an option's words follow its box closely (□部分属实)


def _unchosen(text: str, at: int) -> bool:
    """The words at ``at`` are an option of a form whose box was left empty."""
    for i in range(at - 1, max(-1, at - 1 - _OPTION_REACH), -1):
        ch = text[i]
        if ch in _BOXES:
            return ch in _EMPTY_BOX
        if ch in "，。；：\n":
            return False
    return False


# A space cuts a clause only between runs this long: 张 三, 城建科 王明 are a name and a label, not clauses.
_SPACED_RUN = 4


def _said(lex: Lexicon, norm: NormalText, at: int) -> bool:
    """钱先生表示：“这回下雨不怕了，挺满意。”: the quote at ``at`` is what someone said in answer (表示, 说), so
    the reaction in it is read; what a citizen 称 or 反映 in quotes is the complaint."""
    start = next((s for s, e in norm.quoted if s <= at < e), None)
    if start is None:
        return False
    # 陈先生说他刚跟他爸视频了，屋里暖和了，“这回满意”: the quote ends what the citizen said in that sentence.
    if lex.voice["says"].search(norm.norm, max(0, start - 8), start) is not None:
        return True
    lead = norm.norm[max(0, start - 40):start]
    lead = lead[max(lead.rfind(m) for m in "。！？") + 1:]
    return lex.voice["says_earlier"].search(lead) is not None


def _in_brackets(text: str, s: int, g: int) -> bool:
    """（北台村网格员 上官雪）: a space inside brackets separates a label from its name, not two clauses."""
    before = text[max(s, g - 40):g]
    return before.count("（") + before.count("(") > before.count("）") + before.count(")")


def _space_cuts(norm: NormalText, s: int, e: int, marks: list[int], inside) -> list[tuple[int, int]]:
    """Spaces that stand for commas (text typed without punctuation), as cuts of no width."""
    gaps = [g for g in norm.gaps if s < g < e and not any(a <= g < b for a, b in inside)
            and not _in_brackets(norm.norm, s, g)]
    if not gaps:
        return []
    # One walk over the sorted bounds (a sentence of many spaces must not make this quadratic).
    bounds = sorted([(s - 1, False), (e, False)] + [(m, False) for m in marks] + [(g, True) for g in gaps])
    return [(g, 0) for (before, _), (g, gap), (after, _) in zip(bounds, bounds[1:], bounds[2:])
            if gap and g - before - 1 >= _SPACED_RUN and after - g >= _SPACED_RUN]


_CUES = ("conditional", "requested", "progress", "planned", "done")


def _cues(lex: Lexicon, clause_text: str) -> dict[str, list[tuple[int, int]]]:
    """Where each kind of modality word stands in a clause: found once per clause, asked per act."""
    return {name: [m.span() for m in lex.modality[name].finditer(clause_text)] for name in _CUES}


# 了 saying a thing is done (not 为了, 除了, 了解, 了结, 了不起 …).
_LE = r"(?<![为除])了(?!解|结|却|不起|不得)"
_BA_DONE = programs.pattern(_LE)
_DONE_HERE = programs.pattern(r"已|过了|" + _LE)


def _modality(lex: Lexicon, clause_text: str, act_start: int, act_text: str,
              cues: dict[str, list[tuple[int, int]]], promise_inside: bool = True) -> tuple[str, int | None]:
    """The act's modality, read from the words before it (and the act itself: “维修中”, “已修复”), and
    where in the clause those words begin (None when nothing marks it)."""
    negated = lex.modality["negated"]
    reach = max(0, act_start - _MODAL_REACH)
    after = act_start + len(act_text)
    if negated.search(clause_text, max(0, act_start - _NEGATION_REACH), act_start):
        return NEGATED, None
    window = clause_text[max(0, act_start - _NEGATION_THROUGH):act_start]
    if any(ch in window for ch in _NEGATION_HEADS) and lex.modality["negated_through"].search(window):
        return NEGATED, None
    # “市民如有问题可拨打……”: the condition may stand inside the act's words.
    # (Each list is usually empty: test it before building a generator over it.)
    if cues["conditional"] and any(e <= after for _, e in cues["conditional"]):
        return CONDITIONAL, None
    if cues["requested"] and any(e <= act_start for _, e in cues["requested"]):
        return REQUESTED, None
    # 正在…, 维修中: before the act or in its words. 将 + 督促 is a promise, 将 + 该问题 is 把: the cue's own
    # test reads the words after it, so it is found in the whole clause and kept if it starts before the act.
    progress = next((s for s, e in cues["progress"] if e <= after + 4), None) if cues["progress"] else None
    # A promise reaches every act after it in its clause (镇政府将联合县环保局、供电、工商等部门对其进行强制关闭),
    # unless something is reported done in between.
    planned = next((s for s, _ in cues["planned"] if s >= reach or not any(s < d < act_start for d, _ in cues["done"])),
                   None) if cues["planned"] else None
    # The act's own words may begin with the promise (将继续加大监管力度); a plan's own 预计 is its statement.
    promised = planned is not None and (planned < act_start or (promise_inside and planned == act_start))
    # 升级改造工程正在有序推进、问题处理即将完成: the act named as the topic of its clause takes the state
    # that the comment right after it gives.
    if progress is None and not promised:
        topic = lex.modality["topic_gap"].match(clause_text, after)
        at = topic.end() if topic else -1
        if cues["progress"] and any(s == at for s, _ in cues["progress"]):
            progress = at
        elif clause_text.startswith("即将", at):  # only 即将: 争取了、确保、下一步工作 name no state
            planned, promised = at, True
    # 我们将调查落实情况向孙先生进行了反馈: 将 … V了 is 把, a thing done, not a promise.
    if promised and clause_text[planned:planned + 1] == "将" and _BA_DONE.search(clause_text, planned):
        return DONE, None
    for modality, cue in ((PROGRESS, progress), (PLANNED, planned if promised else None)):
        if cue is not None:
            # 不存在正在处理的情况: a negation before the cue negates the whole phrase.
            if negated.search(clause_text, max(0, cue - _NEGATION_REACH), cue):
                return NEGATED, None
            return modality, cue
    if cues["done"] and any(s >= reach and e <= after + 4 for s, e in cues["done"]):
        return DONE, None
    return STATEMENT, None


# 已安排施工单位进行路面维修、已组织人员开展整治、积雪已经开始清理: work set going is not work done, unless
# the clause says it finished (已安排人员进行了维修、已组织清理完毕).
_BEGUN_KINDS = ("repair", "handling", "measure")
_STARTED = ("开始", "启动", "着手")


def _begun(lex: Lexicon, clause_text: str, act_start: int, act_end: int, cues, modality: str, cue):
    """(PROGRESS, where it begins) for an act only set going since 已; else the modality as read."""
    done = [s for s, _ in cues["done"] if s < act_start and clause_text[s] == "已"]
    if not done:
        return modality, cue
    # 已安排处理: the act's own words may begin with the arranging (安排 is an act word too).
    begun = lex.modality["begun"].search(clause_text, done[-1], act_start + 2)
    if begun is None:
        return modality, cue
    if lex.voice["routine"].search(clause_text, begun.end()):
        return modality, cue  # 已安排骑警加强巡逻: routine work set going is the measure itself
    # 已安排警力进行了违停告知处理: when the act's own word is the arranging, what was set going follows it.
    reach = len(clause_text) if begun.start() >= act_start else act_end + 4
    finished = lex.modality["finished"].search(clause_text, begun.end(), reach)
    # 已经启动建设了: the 了 says it has started, not that it is finished.
    if finished is not None and not (finished.group() == "了" and begun.group() in _STARTED):
        return modality, cue
    return PROGRESS, done[-1]


def department_does(lex: Lexicon, clause_text: str, cue: int, planned: bool = False) -> bool:
    """Who is doing what the words at ``cue`` say is under way or promised: the department, named just
    before them (我们正在、社区将、镇里会) or left unsaid (目前正在完善资料). 正在进行打桩作业 after the site,
    近期降雨后 name something else."""
    return lex.voice["own_subject"].search(clause_text, max(0, cue - 12), cue) is not None \
        or _dropped_subject(lex, clause_text, cue, planned)


def _dropped_subject(lex: Lexicon, clause_text: str, cue: int, planned: bool) -> bool:
    """目前正在完善资料: nothing but 目前 / 现 stands before the cue, so the one doing it is the department.
    (现场正在打桩 names the site; a clause that is only 正在进行打桩作业 may describe what was found.)"""
    if cue == 0 and planned:  # 将向公交企业转达: a 将 opening its clause is the speaker's promise (近期 may be the past)
        return lex.voice["promise_opening"].match(clause_text) is not None
    now = lex.voice["status_now"].match(clause_text)
    return now is not None and now.end() >= cue


def _said_under_way(act: Act) -> bool:
    return act.modality == PROGRESS and act.cue is not None


def _mark_scenes(clauses: list[Clause], lex: Lexicon) -> None:
    """What was going on when staff looked (现场检查时，该单位正在生产; 夜查：工地正在进行浇筑) is the scene
    found, not work the department has still to finish."""
    if not any(_said_under_way(act) for clause in clauses for act in clause.acts):
        return  # the common case: nothing is said to be under way
    scene, opener, party = lex.voice["scene"], lex.voice["finding_opener"], lex.voice["third_party"]
    learned, arrived = lex.voice["learned"], lex.voice["arrived"]
    found, sentence = 0, None  # 经查，村民付某……，正在进行屋面施工: 1 after 经查, 2 once the party found is named
    for k, clause in enumerate(clauses):
        if (clause.field, clause.sentence) != sentence:
            found, sentence = 0, (clause.field, clause.sentence)
        if clause.voice != DEPARTMENT:
            continue
        opened = opener.match(clause.words)  # words, not plain: plain drops the space after 经查
        if opened:
            # 经查 村民付某…… (a space, not a comma, after 经查): the party may be named in the same clause.
            found = 2 if party.match(clause.words[opened.end():].lstrip()) else 1
        elif found and party.search(clause.plain):
            found = 2
        elif learned.match(clause.plain):
            # 了解到孩子户籍已于9月迁入该房产，房产证尚在办理: what was learned runs on through the sentence.
            found = 2
        if not any(_said_under_way(act) for act in clause.acts):
            continue
        before = clauses[k - 1] if k and clauses[k - 1].sentence == clause.sentence else None
        after_scene = before is not None and scene.search(before.plain.rstrip()) is not None
        # 孙晓东再次到现场，保洁员正在清扫作业: someone else, named, at work when staff arrived (a bare
        # 正在组织抢修 after 到现场 is still the department's)
        after_arrival = before is not None and arrived.search(before.plain.rstrip()) is not None
        if before is None and k and clauses[k - 1].field == clause.field and clauses[k - 1].voice == DEPARTMENT:
            # 韩立军、周建国到场。破碎锤（挖机加装）正在作业: what was going on is told in the next sentence.
            after_arrival = arrived.search(clauses[k - 1].plain.rstrip()) is not None
        # offsets of the original, like act.cue; 了解到一户装修时正在拆除墙体: what was learned, within its clause
        inside = [m.end() for p in (scene, learned) for m in p.finditer(clause.words)]
        for act in clause.acts:
            if not _said_under_way(act):
                continue
            at = act.cue - clause.span.start
            # a party found (经查，村民付某……) or someone named right after staff arrived, not the department
            named_other = found == 2 or (after_arrival and clause.words[:at].strip())
            if after_scene or any(end <= at for end in inside) \
                    or (named_other and not department_does(lex, clause.words, at)):
                act.modality, act.cue = STATEMENT, None


_VERDICTS = ("verdict_true", "verdict_partial", "verdict_untrue")
_FOUND = ("finding",) + _VERDICTS


def _carry_promises(clauses: list[Clause], lex: Lexicon) -> None:
    """A promise or a matter under way runs on through its sentence: in 将立即安排人员前往现场进行清理 and
    我处将督促施工方，尽快找出故障点并进行维修，恢复亮灯 nothing is done yet, though 清理 and 恢复亮灯 carry
    no word of their own. Words that say something is done (已, 完毕) or a negation stop it. A condition
    standing in a clause of its own (对违反者一经查实，将依法处理) makes what follows it conditional."""
    carry, sentence = None, None
    new_topic = lex.voice["new_topic"]
    wait_clause, conditional, planned, progress, done, no_plan = (lex.modality[k] for k in (
        "wait_clause", "conditional", "planned", "progress", "done", "no_plan"))
    for clause in clauses:
        if clause.sentence != sentence or clause.voice != DEPARTMENT:
            carry, sentence = None, clause.sentence
        if clause.voice != DEPARTMENT:
            continue
        if carry is not None and (clause.opens_item or new_topic.search(clause.plain)):
            carry = None  # 另外群众反映的消防等其他问题，建议向相关部门反映: another matter, not under the condition
        if carry is not None and carry.modality == REQUESTED and clause.times:
            carry = None  # 已通知供电部门，供电部门于30日恢复供电: the other unit's dated result
        if carry is not None and carry.modality == REQUESTED and any(a.kind == "decision" for a in clause.acts):
            carry = None  # 已责成施工单位按规定时间作业，并依法处以罚款: a penalty is the department's, never asked of the party
        # 该项目在施工前向县住建局递交了夜间施工的申请: a clause that says it is done, with no promise or work
        # under way of its own, ends what the clauses before it promised.
        if carry is not None and carry.modality in (PLANNED, PROGRESS) and _DONE_HERE.search(clause.plain) \
                and not planned.search(clause.plain) and not progress.search(clause.plain):
            carry = None
        if wait_clause.search(clause.plain):
            # 待审批通过后，将及时进行安装: the wait has not happened (its 通过, 完毕 are not done), and what
            # follows it in the sentence is to be done once it has, on no date.
            carry = Act("wait", clause.span, PLANNED, clause.span.start)
            for act in clause.acts:
                act.modality, act.cue = PLANNED, carry.cue
            continue
        asked_here = None  # a hand-over in this clause: what stands after it is its content, whatever its words
        for act in clause.acts:
            if asked_here is not None and act.span.start > asked_here.span.start:
                act.modality, act.cue = REQUESTED, None
                continue
            if carry is not None and carry.modality == CONDITIONAL and act.modality in (STATEMENT, PLANNED):
                act.modality, act.cue = CONDITIONAL, None
            elif act.kind == "handover" and act.modality in (DONE, STATEMENT):
                # 已要求物业企业与业主协商后，对电梯进行维修: what follows is what the other unit was asked to do.
                carry = asked_here = Act("asked", act.span, REQUESTED)
            elif act.kind in _FOUND and act.modality == PROGRESS:
                # 发现工地正在进行浇筑，未取得夜间施工证明: what was found is going on, not the handling.
                carry = None
            elif act.modality in (PLANNED, PROGRESS, CONDITIONAL):
                carry = act
            elif act.modality != STATEMENT:
                carry = None
            elif carry is not None and act.kind != "explanation" \
                    and not (carry.modality == PROGRESS and act.kind in _VERDICTS):
                # (周边仍有施工迹象，您举报的情况不属实: the verdict has its own subject and is given now)
                # (因此不再单独硬化 is the reason given now, not part of what was promised before it)
                act.modality, act.cue = carry.modality, carry.cue
        tail_at = (max([a.span.end for a in clause.acts]) if clause.acts else clause.span.start) - clause.span.start
        if conditional.search(clause.words, tail_at) if clause.acts else \
                conditional.search(clause.plain):
            # 反映人表示：“……理解。”如有疑问，可拨打……: a condition after the clause's last act governs what follows.
            carry = Act("condition", clause.span, CONDITIONAL)
        elif clause.acts and (carry is None or carry.modality != PLANNED):
            # 现要求硬化的诉求我镇将根据建设标准，积极向上级争取项目: the promise stands after this clause's
            # acts and runs on into the next ones.
            promise = planned.search(clause.words, tail_at)
            # 线路调整优化后暂无恢复计划: a plan said not to exist promises nothing to the clauses after it.
            if promise is not None and not done.search(clause.words, promise.end()) and not no_plan.search(
                    clause.words, max(0, promise.start() - _MODAL_REACH), promise.start()):
                carry = Act("promise", clause.span, PLANNED, clause.span.start + promise.start())


def _drop_advised_handovers(clauses: list[Clause]) -> None:
    """建议您向新市区路灯处反映: the hand-over the citizen is advised to make is not the department's own."""
    for clause in clauses:
        advised = [a.span for a in clause.acts if a.kind == "refer_elsewhere"]
        if advised:
            clause.acts = [a for a in clause.acts if a.kind != "handover"
                           or not any(s.start <= a.span.start and a.span.end <= s.end for s in advised)]


def _mark_party_words(clauses: list[Clause]) -> None:
    """施工负责人表示该处主体施工已经结束，目前还有部分配套施工正在进行，将严格管控施工时间: what the party
    tells after 表示 is its account: work it says is going on is the state of things, not the department's
    unfinished handling, and what it says it will do is its promise (open only when nothing else settles
    the matter)."""
    for clause in clauses:
        if not clause.party:
            continue
        for k, act in enumerate(clause.acts):
            if act.modality == PROGRESS:
                act.modality, act.cue = STATEMENT, None
            elif act.modality == PLANNED and act.kind != "party_promise":
                clause.acts[k] = Act("party_promise", act.span, PLANNED, act.cue)


def _mark_reasons(clauses: list[Clause], lex: Lexicon) -> None:
    """由于室内天然气管道还未完善，县住建局还未对该处公厕进行验收，因此仅开放了一侧: what a sentence gives as
    the reason (由于 … up to 因此) is the state of things that explains the result, not work the department
    still has to finish."""
    opener, consequence = lex.voice["reason_open"], lex.voice["consequence"]
    by_sentence: dict[tuple[str, int], list[Clause]] = {}
    for clause in clauses:
        by_sentence.setdefault((clause.field, clause.sentence), []).append(clause)
    for row in by_sentence.values():
        if row[0].voice != DEPARTMENT or not opener.match(row[0].plain):
            continue
        then = next((k for k, c in enumerate(row) if k and consequence.match(c.plain)), None)
        if then is None:
            continue
        for clause in row[:then]:
            for act in clause.acts:
                if act.modality == PROGRESS:
                    act.modality, act.cue = STATEMENT, None


def _mark_followups(clauses: list[Clause], lex: Lexicon) -> None:
    """A follow-up (下一步将加强巡查) runs to the end of its sentence: in 下一步，镇里将督促村委继续跟踪，并在村中
    加强宣传教育 every clause after 下一步 is the long-term plan, not this order's result."""
    marker = lex.voice.get("followup_start")
    sentence, on = None, False
    for clause in clauses:
        if clause.sentence != sentence:
            sentence, on = clause.sentence, False
        if any(a.modality == DONE for a in clause.acts):  # 同时对设施进行了排查: work done, not a plan
            on = False
            continue
        on = on or clause.has("followup", "purpose") or bool(marker is not None and marker.search(clause.plain))
        clause.followup = on


_BRACKETED = programs.pattern(r"[（(][^（）()]*[）)]")


def _outside_brackets(pattern, piece: str) -> bool:
    """``pattern`` matches ``piece`` outside a bracketed aside: 刘建军电话联系举报人（举报人要求对其身份保密） is the
    department's call; the aside does not make the clause the citizen's words."""
    m = pattern.search(piece)
    if m is None or "（" not in piece and "(" not in piece:
        return m is not None
    asides = [b.span() for b in _BRACKETED.finditer(piece)]
    while m is not None:
        inside = next((e for s, e in asides if s < m.start() < e), None)
        if inside is None:
            return True
        m = pattern.search(piece, inside)
    return False


def _told(lex: Lexicon, speech, piece: str) -> bool:
    """马主任电话回复：您反映10.24接待态度问题属实……: after the department opens its reply with a colon, 您反映
    is how it addresses the citizen, not the citizen's words reported."""
    if "：" not in piece and ":" not in piece:
        return False
    m = speech.search(piece)
    return m is not None and lex.voice["told_opening"].search(piece, 0, m.start()) is not None


def _each(pattern, text: str, windows: list[tuple[int, int]]):
    """The matches of ``pattern`` in each window (a short text is one window: its own iterator, no wrapping)."""
    if len(windows) == 1:
        return pattern.finditer(text, *windows[0])
    return (m for a, b in windows for m in pattern.finditer(text, a, b))


def _windows(ranges: list[tuple[int, int, int]], limit: int = 2 * _MAX_CLAUSE) -> list[tuple[int, int]]:
    """Runs of whole clauses of one sentence, each at most ``limit`` long: a pattern is searched once per
    window (not once per clause, not once over a text that may be megabytes long with no full stop)."""
    out: list[tuple[int, int]] = []
    for start, end, si in ranges:
        if out and out[-1][2] == si and end - out[-1][0] <= limit:
            out[-1] = (out[-1][0], end, si)
        else:
            out.append((start, end, si))
    return [(a, b) for a, b, _ in out]


def read_field(field: str, original: str, lex: Lexicon, skip: frozenset = frozenset(),
               norm: NormalText | None = None) -> list[Clause]:
    """The clauses of one field (``norm``: its normalised text, when made already); acts named in ``skip``
    are not looked for (the draft's action does not ask for them: a closing reply has no 延期 or 退单
    elements)."""
    if norm is None or norm.original != original:
        norm = normal_text(original)
    text = norm.norm
    ranges = _clause_ranges(norm)
    starts = [r[0] for r in ranges]
    clauses: list[Clause] = []

    # One for one, so a clause's words are a cut of the field's; a half-width full stop is read by its
    # neighbours (simplified), so a clause holding one is simplified on its own, as it always was.
    simple = simplified(original)

    def span(a: int, b: int) -> Span:
        s2, e2 = norm.span(a, b)
        return Span(field, s2, e2, original[s2:e2])

    def owner(a: int, b: int) -> int | None:
        i = bisect_right(starts, a) - 1
        return i if i >= 0 and b <= ranges[i][1] else None

    # -- voice, clause by clause: reported speech runs on until the department speaks again ----------
    speech_sentence = party_sentence = -1
    resume, speech, other, item_start = (lex.voice[k] for k in ("resume", "speech", "other", "item_start"))
    party_speech, party_resume = lex.voice["party_speech"], lex.voice["party_resume"]
    other_anaphora = lex.voice["other_anaphora"]
    quoted = norm.quoted
    told_from: dict[int, int] = {}  # clause → where the party's words start inside it (张经理说|他们……)
    for start, end, si in ranges:
        piece = text[start:end]
        where = span(start, end)
        clause = Clause(field=field, sentence=si, span=where, plain=piece,
                        words=None if "." in where.text else simple[where.start:where.end])
        if si != speech_sentence or resume.search(piece):
            speech_sentence = -1
        if si != party_sentence or party_resume.search(piece):
            party_sentence = -1
        if (quoted and norm.in_quote(start, end)) or speech_sentence == si:
            clause.voice = CITIZEN
        elif _outside_brackets(speech, piece) and not _told(lex, speech, piece):
            clause.voice = CITIZEN
            speech_sentence = si
        elif clauses and clauses[-1].sentence == si and lex.voice["says_on"].match(piece) and (
                clauses[-1].voice == CITIZEN or lex.voice["opinion_holder"].match(clauses[-1].plain)):
            # 反映人表示清楚了，说近期就去申请仲裁: the citizen who gave an opinion goes on speaking
            clause.voice = CITIZEN
            speech_sentence = si
        elif other.search(piece) or (other_anaphora.match(piece) and any(
                c.sentence == si and c.voice == OTHER for c in clauses[-3:])):
            # 另打过一次专线（BH…，同一事项），该单8月6日已办结: 该单 goes on about that other order.
            clause.voice = OTHER
        if clause.voice == DEPARTMENT and party_sentence == si:
            clause.party = True
        elif clause.voice == DEPARTMENT and (said := party_speech.search(piece)):
            party_sentence = si  # what follows in the sentence is what the party said
            if said.end() < len(piece):
                told_from[len(clauses)] = start + said.end()
        clause.opens_item = (not clauses or clauses[-1].sentence != si) and item_start.match(piece) is not None
        clauses.append(clause)
    # -- acts: each pattern runs once over the field; a match belongs to the clause it stands in ----
    # A short text is searched whole; a long one in bounded windows (see _windows).
    windows = [(0, len(text))] if len(text) <= 2000 else _windows(ranges)
    # Verbs inside “您反映的垃圾清运问题” name the matter; they report nothing done.
    topics = [m.span() for m in _each(lex.voice["topic"], text, windows)]
    cues: dict[int, dict[str, list[tuple[int, int]]]] = {}
    law_words = [m.span(1) for m in _LAW_ASIDE.finditer(text)] if "条（" in text else []
    boxed = any(box in text for box in _EMPTY_BOX)  # most fields are no form: skip the look back per match
    for kind, pattern in lex.acts.items():
        if kind in skip:
            continue
        seen: set[int] = set()
        for m in _each(pattern, text, windows):
            a, b = m.span()
            i = owner(a, b)
            if i is not None:
                found = [(i, m)]
            else:
                # Ran over a clause mark (就其咨询问题进行答复，反映人表示认可): look again inside the clause
                # where it began and the one where it ended; the match swallowed what they say.
                first, last = owner(a, a), owner(b - 1, b - 1)
                ends = [j for j in dict.fromkeys((first, last)) if j is not None and j not in seen]
                found = [(j, mm) for j in ends for mm in [pattern.search(text, ranges[j][0], ranges[j][1])]
                         if mm is not None]
            for i, m in found:
                a, b = m.span()
                # □属实 □部分属实 ☑不属实: a box left empty on a form says the option after it was not chosen.
                if (boxed and _unchosen(text, a)) or (law_words and any(s0 <= a and b <= e0 for s0, e0 in law_words)):
                    continue
                if i in seen or a == b or (norm.in_quote(a, b) and not (kind == "opinion" and _said(lex, norm, a))) \
                        or (topics and any(t0 <= a and b <= t1 for t0, t1 in topics)):
                    continue
                seen.add(i)
                start = ranges[i][0]
                clause_text = text[start:ranges[i][1]]
                if i not in cues:
                    cues[i] = _cues(lex, clause_text)
                modality, cue = _modality(lex, clause_text, a - start, m.group(), cues[i],
                                          promise_inside=kind != "plan")
                if modality == DONE and kind in _BEGUN_KINDS:
                    modality, cue = _begun(lex, clause_text, a - start, b - start, cues[i], modality, cue)
                cue_at = norm.span(start + cue, start + cue + 1)[0] if cue is not None else None
                clauses[i].acts.append(Act(kind, span(a, b), modality, cue_at))
    # 目前社区正在寻找合适的场地，我们将尽快考虑增派人手: still under way or only promised, though no word of
    # the act vocabulary names what is being done. Such a clause reports unfinished handling.
    routine = lex.voice["routine"]
    for i, clause in enumerate(clauses):
        if clause.voice != DEPARTMENT:
            continue
        if clause.acts:  # the common case: no cue at all, or each act already read with its own modality
            found = cues.get(i)
            if found is None or not (found["progress"] or found["planned"]) or \
                    any(a.modality != STATEMENT for a in clause.acts):
                continue
        start, end = ranges[i][0], ranges[i][1]
        # 建设小学新校区目前正在进行拆迁工作: an act word before the cue (here in a school's name) does not say
        # what the cue is about; one after it does, with its own modality.
        last_act_at = max((a.span.start for a in clause.acts), default=None)
        clause_text = text[start:end]
        # 村一直在跟踪 is work under way; 会加强巡查 is the long-term care a settled reply may add.
        routine_here = routine.search(clause_text) is not None
        if lex.modality["requested"].search(clause_text):
            continue  # 届时请务必带上身份证: what the citizen is asked to do
        if (cues[i]["conditional"] if i in cues else lex.modality["conditional"].search(clause_text)):
            continue  # 今后如果再遇到湖水上涨: what would be done if it happens again
        for modality, name in ((PROGRESS, "progress"), (PLANNED, "planned")):
            if modality == PLANNED and routine_here:
                continue
            spans = cues[i][name] if i in cues else [m.span() for m in lex.modality[name].finditer(clause_text)]
            if quoted:  # 当时我办答复为：“……待资金到位后发放”: a cue inside quotation marks is someone's words
                spans = [sp for sp in spans if not norm.in_quote(start + sp[0], start + sp[1])]
            # Only where the department is the one doing it (确保… says something else).
            if spans and department_does(lex, clause_text, spans[0][0], modality == PLANNED) \
                    and not lex.modality["negated"].search(clause_text, max(0, spans[0][0] - _NEGATION_REACH),
                                                           spans[0][0]) and spans[0][1] < len(clause_text):
                cue_at = norm.span(start + spans[0][0], start + spans[0][0] + 1)[0]
                if last_act_at is not None and last_act_at >= cue_at:
                    break
                clause.acts.append(Act("handling", span(start + spans[0][0], end), modality, cue_at))
                break
    _drop_advised_handovers(clauses)
    # 会上张经理说他们之前正在联系施工队: work the party says is going on, told in the clause of its 说, is the
    # state of things (what the party promises there stays a promise: 物业表示会尽快安排更换).
    for i, at in told_from.items():
        told = norm.span(at, at + 1)[0]  # in the original's offsets, as the acts' spans are
        for act in clauses[i].acts:
            if act.modality == PROGRESS and act.span.start >= told:
                act.modality, act.cue = STATEMENT, None
    # -- time, people, means ---------------------------------------------------------------------------
    for m in _each(lex.times["when"], text, windows):
        i = owner(*m.span())
        if i is not None:
            clauses[i].times.append(span(*m.span()))
    for a, b, person in staff_in(lex, text, norm.span, original, field, norm.gaps):
        i = owner(a, b)
        if i is None and any(a < g < b for g in norm.gaps):
            # 文化站李 娜电话联系 (text copied from a scan): the space that cut the clause stood inside the
            # name; the name belongs with what follows it.
            i = owner(b - 1, b)
        if i is not None:
            clauses[i].people.append(person)
    for name, pattern in lex.means.items():
        for m in _each(pattern, text, windows):
            i = owner(*m.span())
            if i is not None and name not in clauses[i].means:
                clauses[i].means.append(name)
    # -- what runs on through a sentence (needs the times: a dated clause is another unit's result) ------
    for clause in clauses:
        clause.acts.sort(key=lambda act: act.span.start)
    _mark_scenes(clauses, lex)
    _carry_promises(clauses, lex)
    _mark_followups(clauses, lex)
    _mark_reasons(clauses, lex)
    _mark_party_words(clauses)
    for clause in clauses:
        modalities = {a.modality for a in clause.acts}
        clause.modality = next((m for m in _ORDER if m in modalities), STATEMENT)
    return clauses
