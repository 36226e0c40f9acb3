"""``check: reading`` — a rule that asks the draft's reading a question instead of searching for words.

The reading (replycheck.reading) is built once per draft: clauses with their voice (the department's
own words, the citizen's, another order's), modality (done, under way, promised, conditional, negated)
and acts. ``ask`` names the question:

- ``unsettled-result``: the result is still under way or only promised (办理中 in any wording), and
  no settled outcome (solved, decision, dated plan, explanation) is stated;
- ``handover-result``: the matter was passed to another unit (已转/已交由/已通知/已上报 XX) and nothing
  about its outcome follows;
- ``bare-closure``: “已办结/已处理” stands for the result, with no content of what was done;
- ``phone-instead-of-answer``: the citizen is sent to a telephone number instead of an answer;
- ``transfer-suggested``: the citizen is sent to another unit (建议转XX科室, 请向XX反映);
- ``vague-plan``: something still to be done is given a time like 近期/尽快/早日 (``patterns``) and no date;
- ``element-missing``: an element of the checklist (``element``, optionally one ``part``) is missing.

``patterns`` narrow a question to clauses whose words match (e.g. the literal 办理中 family);
``unless`` excuses a clause.
"""

from __future__ import annotations

from typing import Any, Literal, Optional

from pydantic import Field

from replycheck import programs
from replycheck.checks.base import Context, RuleBase
from replycheck.model import Category, Draft, Finding
from replycheck.reading.clauses import department_does
from replycheck.reading.elements import OPEN_ACTS, STRONG_OUTCOMES, UNSETTLED, follows, outcome_of, own_acts
from replycheck.reading.model import CONDITIONAL, NEGATED, PLANNED, PROGRESS, REQUESTED, SETTLED, Clause, Reading, Span

# What a route is followed by when it is not the result: the other unit's own settled outcome.
_OUTCOME_ACTS = ("solved", "decision", "plan", "repair", "explanation", "verdict_untrue", "verdict_true",
                 "verdict_partial", "finding", "measure", "mediation")


def _quoted(plain: str, at: int) -> bool:
    """``at`` stands inside someone's words quoted earlier in the clause (答复为：“……”); a term in quotation
    marks (“十四五期间”将对……) is the writer's own."""
    opened = plain.rfind("\u201c", 0, at)
    inside = plain.count("\u201c", 0, at) > plain.count("\u201d", 0, at)
    return opened > 0 and inside and plain[opened - 1] in "：:说称道"


# Words that point back to a time given just before them.
_BACK_REFERENCES = ("届时", "到时候", "到时")
_YEAR = programs.pattern(r"\d{4}\s*年|今年|明年|本年度")
# What makes a date one to plan by: a month or a day (3月, 3月5日, 3.5, 次日), or a year's end (2027年底 is a
# time node), not a year alone.
_PRECISE = programs.pattern(r"[月日号]|\d[./]\d|[今明后次当翌]天|周[一二三四五六日]|星期|年\s*(?:底|末)")
# 计划2025年8月完工, 11月底前: a month to plan by, which the reading does not count as a time of day.
_MONTH = programs.pattern(r"(?:\d{4}|[〇零一二]{4})\s*年\s*[\d一二三四五六七八九十]{1,3}\s*月|[\d一二三四五六七八九十]{1,3}\s*月(?:底|末|份|中旬|上旬|下旬|中下旬|上中旬|前|内)")


class ReadingRule(RuleBase):
    check: Literal["reading"]
    ask: Literal["unsettled-result", "handover-result", "bare-closure", "phone-instead-of-answer",
                 "transfer-suggested", "vague-plan", "element-missing"]
    element: Optional[str] = Field(None, description="element-missing：清单中的要素（contact、reply_time……）")
    part: Optional[str] = Field(None, description="element-missing：要素的一部分（time、staff、means……）")
    patterns: list[str] = Field(default=[], description="只看含这些说法的分句")
    unless: list[str] = Field(default=[], description="含这些说法的分句不算")
    unless_settled: list[str] = Field(default=[], description=(
        "handover-result：结果已经明确时，含这些说法的分句不算（要求被反映的施工方整改是附带的措施；"
        "别的什么结果都没有时，它就是把事情交了出去）"))
    open_anywhere: list[str] = Field(default=[],
                                     description="unsettled-result：以这些说法开头的“还在办”（正在、仍未……）不论写在哪里都算没办完")
    plans_allowed: list[str] = Field(default=[], description=(
        "unsettled-result：这些工单类型（如建议）已说明原因时，“将……”是方案，不是办理中；"
        "handover-result：这些工单类型已经答复之后，把建议向上级反映是附带的，不是转交"))
    policy_settles: list[str] = Field(default=[], description=(
        "unsettled-result：引用政策法规作答算结果的工单类型（如咨询）；列出时，其他类型里引了法规仍要有结果"))
    open_after_handover: list[str] = Field(default=[], description=(
        "unsettled-result：已交给别的单位而没有下文时，只有这些说法（正在施工）仍另报办理中；"
        "“尚未完成”多半是在说对方的进度"))
    defer_to: list[str] = Field(default=[],
                                description="承办科室自己的话里出现这些说法时不报告（由报告它们的规则说，不重复）")
    absent_unless: list[str] = Field(default=[], description=(
        "element-missing（带 part）：一句这样的话都没读到时，文中也没有这些说法才报告"
        "（读法不认识的写法不被当成没写）"))

    compiled: list[Any] = Field(default=[], exclude=True)
    compiled_unless: list[Any] = Field(default=[], exclude=True)
    compiled_unless_settled: list[Any] = Field(default=[], exclude=True)
    compiled_defer: list[Any] = Field(default=[], exclude=True)
    compiled_open: list[Any] = Field(default=[], exclude=True)
    compiled_open_after_handover: list[Any] = Field(default=[], exclude=True)
    compiled_absent_unless: list[Any] = Field(default=[], exclude=True)

    def compile(self, compile_pattern) -> None:
        super().compile(compile_pattern)
        self.compiled_open = [compile_pattern(p) for p in self.open_anywhere]
        self.compiled_open_after_handover = [compile_pattern(p) for p in self.open_after_handover]
        self.compiled = [compile_pattern(p) for p in self.patterns]
        self.compiled_unless = [compile_pattern(p) for p in self.unless]
        self.compiled_unless_settled = [compile_pattern(p) for p in self.unless_settled]
        self.compiled_defer = [compile_pattern(p) for p in self.defer_to]
        self.compiled_absent_unless = [compile_pattern(p) for p in self.absent_unless]

    # -- helpers -----------------------------------------------------------------------------------
    def _chosen(self, clause: Clause) -> bool:
        text = clause.words  # simplified: 到時候我們會通知社區 is read as 到时候我们会通知社区
        if self.compiled and not any(p.search(text) for p in self.compiled):
            return False
        return not any(p.search(text) for p in self.compiled_unless)

    def _at(self, draft: Draft, span: Span, message: str | None = None) -> Finding:
        """A finding on ``span``, without the punctuation that ends its clause."""
        text = draft.text(span.field)
        end = span.end
        while end > span.start and text[end - 1] in "。；，,;！!？? \n":
            end -= 1
        return self.finding(draft, span.field, (span.start, end), message)

    def _settled(self, reading: Reading, field: str | None = None) -> bool:
        """The result is stated: in ``field`` (what that text tells its reader), or anywhere."""
        if field is None:
            return reading.outcome not in (None, "open")
        # 您的建议已被采纳，自12月1日起……: a suggestion taken up is the answer that text gives its reader.
        return outcome_of(reading, field)[0] is not None \
            or next(own_acts(reading, "adopted", fields=(field,), settled=True), None) is not None

    def _deferred(self, reading: Reading) -> bool:
        return any(p.search(c.plain) for c in reading.own() for p in self.compiled_defer)

    # -- the questions ---------------------------------------------------------------------------
    def run(self, draft: Draft, ctx: Context) -> list[Finding]:
        reading = ctx.reading(self.lexicon)
        if self._deferred(reading):
            return []
        return getattr(self, "_" + self.ask.replace("-", "_"))(draft, reading)

    def _text_fields(self) -> tuple[str, ...]:
        return tuple(f for f in self.fields if f in ("internal_result", "citizen_reply"))

    def _unsettled_result(self, draft: Draft, reading: Reading) -> list[Finding]:
        # A result stated (solved, decided) settles the matter; only what is said to be still under way
        # (正在推进中, 仍未修复) can leave it open then. A dated plan is carried out by work under way.
        if reading.outcome in ("plan", "untrue"):
            return []  # 不属实: what is found still going on (耕地仍在种植) is a fact, not the handling
        # 目前正在进行表面铺装，力争在12月底前完成: the work under way is the dated plan being carried out,
        # whatever else was done before it.
        if any(a.modality not in (NEGATED, CONDITIONAL, REQUESTED) for _, a in own_acts(reading, "plan")):
            return []
        strong = reading.outcome in STRONG_OUTCOMES
        # 根据《噪音防治法》规定……，社区将安排工作人员进行告诫: quoting the law answers a question (3.3.1), not
        # a complaint or a request to get something done.
        if reading.outcome == "policy" and self.policy_settles and draft.category is not None \
                and draft.category.value not in self.policy_settles:
            strong = False
        if strong and not any(a.modality == PROGRESS and a.cue is not None for c in reading.own() for a in c.acts):
            return []
        # Handed on and nothing after: the hand-over rules say so, once; what the other unit is to do, in
        # the same sentence, is theirs to report, not a second finding here.
        handed_on = {(c.field, c.sentence) for c, a in own_acts(reading, "handover")
                     if a.modality in SETTLED and not self._result_follows(reading, c)}
        # 下一步将加强巡查 is a long-term intention; 下一步将持续跟进此事, with nothing settled, is all the
        # reply offers.
        settled, routine = self._settled(reading), self.lexicon.voice["routine"]
        routine_sentences = {(c.field, c.sentence) for c in reading.own() if c.followup and routine.search(c.plain)}
        # Once the matter is settled, 会加强对公园设施的巡查维护 is long-term care, with or without 下一步.
        clauses = [c for c in reading.own() if c.field in self._text_fields() and not c.has("purpose")
                   and (c.field, c.sentence) not in handed_on
                   and not (c.followup and (settled or (c.field, c.sentence) in routine_sentences))
                   and not (settled and c.has("followup"))]
        # Only what comes after the last thing actually done can leave the matter open.
        last_done = max((i for i, c in enumerate(clauses) if c.has(*_OUTCOME_ACTS, "explanation", settled=True)),
                        default=-1)
        # What is said to be still under way (正在研究, 仍未修复) leaves it open wherever it stands; a promise
        # or a step begun (将……, 已安排……) only when nothing was done after it.
        text = {f: draft.text(f) for f in self._text_fields()}

        citizen_subject = self.lexicon.voice["citizen_subject"]

        def still_open(act) -> bool:
            # 您尚未办理就业困难人员认定: what the citizen has not done yet is the reason, not open work.
            return act.modality == PROGRESS and act.cue is not None and any(
                p.match(text[act.span.field], act.cue)
                for p in (self.compiled_open_after_handover if handed_on else self.compiled_open)) \
                and not citizen_subject.search(text[act.span.field], max(0, act.cue - 10), act.cue)

        # A suggestion adopted, or answered with the reasons it cannot be taken up now (暂不具备条件), is
        # answered (notice 3.3.4); what it adds about the future is a plan, judged by the suggestion and
        # plan-date rules.
        explained = draft.category is not None and draft.category.value in self.plans_allowed and any(
            True for _ in own_acts(reading, "explanation", "adopted", fields=self._text_fields(), settled=True))
        open_modalities = (PROGRESS,) if explained else UNSETTLED

        def by_department(clause, act) -> bool:
            """待领导批示后再作答复 (no one named) or 我们正在…: the department's own work is unfinished;
            部分路段仍在施工中, beside the reason a suggestion waits, is that reason."""
            if not explained or act.cue is None or act.cue < clause.span.start:
                return True
            cue = act.cue - clause.span.start
            return not clause.words[:cue].strip() or department_does(self.lexicon, clause.words, cue)
        for i, clause in enumerate(clauses):
            if not self._chosen(clause) or clause.times or _MONTH.search(clause.plain):  # a date: a plan, judged by plan-date rules
                continue
            # 该户已答应重新堆放: the party's promise leaves the matter open only when nothing else settles it.
            act = next((a for a in clause.acts if a.kind in OPEN_ACTS and (a.kind != "party_promise" or not settled) and (
                (not strong and i > last_done and a.modality in open_modalities
                 and not (handed_on and a.modality == PROGRESS))
                or still_open(a))), None)
            if act is not None and by_department(clause, act):
                # From the words that say it is not done (正在, 将, 待…) to the end of the clause.
                start = act.cue if act.cue is not None and act.cue >= clause.span.start else clause.span.start
                return [self._at(draft, Span(clause.field, start, clause.span.end, ""))]
        return []

    def _handover_result(self, draft: Draft, reading: Reading) -> list[Finding]:
        # Once the matter is settled, 督促物业加强维护保养 is the long-term care that follows, not the result.
        if reading.outcome == "untrue":
            return []  # 不属实 is the answer; asking the property company to wash the bins is an extra
        settled, routine = self._settled(reading), self.lexicon.voice["routine"]
        for clause, act in own_acts(reading, "handover", fields=self._text_fields()):
            # 我们会转给责任人员: a hand-over promised, with nothing settled, is the same hand-over.
            if act.modality not in SETTLED + ((PLANNED,) if not settled else ()) \
                    or not self._chosen(clause) or clause.followup or clause.party \
                    or clause.has("suggest_transfer"):  # 建议转交XX: the suggestion rule says so
                continue  # (赵经理表示满意，会通知其他企业: the party's words, not a hand-over of ours)
            if settled and (routine.search(clause.plain)
                            or any(p.search(clause.words) for p in self.compiled_unless_settled)):
                continue
            # 您的建议暂不能采纳（原因……）；您的建议我们已通过月报向区民政局反映: once the suggestion is
            # answered (or said to be beyond the town's power: 镇政府不能自行开设线路), passing it up as well is an
            # extra, not the answer.
            # (Whether the reasons are given is the suggestion rules' question.)
            if draft.category is not None and draft.category.value in self.plans_allowed \
                    and any(self.lexicon.voice["suggestion_answered"].search(c.plain)
                            or self.lexicon.voice["beyond_power"].search(c.plain) for c in reading.own()) \
                    and self.lexicon.voice["relayed_up"].search(
                        "，".join(c.plain for c in reading.sentence_of(clause) if c.span.start <= clause.span.start)):
                continue
            if self._result_follows(reading, clause) or self._reply_follows(reading, clause):
                continue
            # 您可将困难向当地社区反映: the citizen is sent elsewhere (the suggestion rules judge that).
            before = reading.quote(clause.field, clause.span.start, act.span.start).text
            if self.lexicon.voice["citizen_goes"].search(before):
                continue
            return [self._at(draft, act.span)]
        return []

    def _result_follows(self, reading: Reading, clause: Clause) -> bool:
        """The other unit's result follows a hand-over: a settled outcome, or work it reports done (已组织…整治;
        a mere 督促 or 处理 without 已 is not one); 经了解，目前该问题已解决 says no result."""
        return follows(reading, clause, _OUTCOME_ACTS + ("handling",), ("measure", "handling"),
                       empty=self.lexicon.voice["empty_result"])

    def _reply_follows(self, reading: Reading, clause: Clause) -> bool:
        """立即责成有关单位进行处理，现将有关情况回复如下：…… — what that unit found is the reply that follows."""
        opening = self.lexicon.voice["reply_follows"]
        rest = [c for c in reading.sentence_of(clause) if c.span.start > clause.span.start]
        return any(opening.search(c.plain) for c in rest)

    def _unanswered(self, draft: Draft, reading: Reading, kinds: tuple[str, ...], always: tuple[str, ...] = (),
                    elsewhere=None, said_by: tuple[str, ...] = (), for_later: bool = False):
        """The first act of ``kinds`` standing in a text that gives no result (``always``: whatever it gives;
        ``elsewhere``: whatever it gives, when the act's own words pass that test (the citizen sent to another
        unit) and are not offered for further questions; never in a clause with an act of ``said_by``, which
        another rule reports; with ``for_later``, never where the act is offered for further questions)."""
        for clause, act in own_acts(reading, *kinds, *always, fields=self._text_fields()):
            # A condition (“如有疑问请拨打……”, “如再遇……建议联系”) offers a number for later, not instead
            # of an answer.
            if not self._chosen(clause) or act.modality in ("negated", "conditional") \
                    or (act.kind not in always and clause.has(*said_by)):
                continue
            if act.kind in always:
                return [self._at(draft, act.span)]
            # 以后有啥不懂的也可以打社事办座机: with ``for_later``, a number offered for later questions is no
            # answer given in place of one, settled or not (whether a result is given is the result rules'
            # question); without it, sending the citizen to another unit (建议您直接向区纪委反映) with nothing
            # settled is still sending them away.
            if for_later and self._for_further_questions(reading, clause, act):
                continue
            # 如对补贴面积仍有疑问，可联系区农业农村委电话: beside a settled result, a number or unit offered for
            # questions still to come sends no one away, whoever's it is (with ``for_later`` that was asked above).
            if not self._settled(reading, clause.field) \
                    or (elsewhere is not None and (for_later or not self._for_further_questions(reading, clause, act))
                        and elsewhere(clause.words_of(act.span))):
                return [self._at(draft, act.span)]
        return []

    def _bare_closure(self, draft: Draft, reading: Reading) -> list[Finding]:
        return self._unanswered(draft, reading, ("bare_closure",))

    def _phone_instead_of_answer(self, draft: Draft, reading: Reading) -> list[Finding]:
        # 具体补贴标准请您拨打区农业农村委电话咨询: beside an answer, a part of the question is sent to another
        # unit's number; the office's own number (可拨打镇社会事务办电话) is service information.
        def elsewhere(words: str) -> bool:
            owner = self.lexicon.voice["phone_owner"].search(words)
            return owner is not None and self._another_unit(owner.group())

        return self._unanswered(draft, reading, ("phone_deflect",), elsewhere=elsewhere, for_later=True)

    def _another_unit(self, words: str) -> bool:
        """区残联, 区农业农村委, 12333: not the office's own (镇社会事务办, 我科). ``words`` are a clause's words, in
        the simplified form the vocabulary reads (社區辦公室 is 社区办公室)."""
        voice = self.lexicon.voice
        return voice["other_unit"].search(words) is not None and voice["own_unit"].search(words) is None

    def _for_further_questions(self, reading: Reading, clause: Clause, act) -> bool:
        """如对补贴面积仍有疑问，可联系……: the number or the unit is offered for questions still to come, in the
        sentence before the act or in its own clause."""
        before = [c.words for c in reading.sentence_of(clause) if c.span.start < clause.span.start]
        before.append(clause.words[:max(0, act.span.start - clause.span.start)])
        return self.lexicon.voice["further_questions"].search("，".join(before)) is not None

    def _transfer_suggested(self, draft: Draft, reading: Reading) -> list[Finding]:
        # 建议转XX科室 is the notice's own words: always a defect; 请向XX反映 only where no answer is given.
        def elsewhere(words: str) -> bool:
            # 对邻居养犬扰民问题，您可以向属地派出所反映: to a question, where to complain is the answer.
            if draft.category == Category.咨询 and not self.lexicon.voice["go_ask"].search(words):
                return False
            return self._another_unit(words)

        # 请与市交通运输局联系（电话……）: the phone rule says it, once.
        return self._unanswered(draft, reading, ("refer_elsewhere",), always=("suggest_transfer",), elsewhere=elsewhere,
                                said_by=("phone_deflect",))

    def _vague_plan(self, draft: Draft, reading: Reading) -> list[Finding]:
        # 下一步将加强巡查 after a settled result is a long-term intention; with nothing settled it is the plan.
        settled = self._settled(reading)
        promise, routine = self.lexicon.modality["planned"], self.lexicon.voice["routine"]
        aftercare = self.lexicon.voice["aftercare"]
        by_itself, wish = self.lexicon.modality["future_by_itself"], self.lexicon.modality["wish_before"]
        for clause in reading.own():
            if clause.field not in self._text_fields():
                continue
            if clause.has("purpose"):
                continue  # 为尽早解决出行问题: why something is done, not when
            # 下一步将加强巡查 after a settled result is long-term care; 后续将……尽快进行路灯安装 is the
            # plan for this very matter.
            if clause.followup and settled and any(c.has("followup") or routine.search(c.plain)
                                                   or aftercare.search(c.plain)
                                                   for c in reading.sentence_of(clause) if c.own):
                continue
            hit = next((m for p in self.compiled if (m := p.search(clause.plain))), None)
            if hit is None or any(p.search(clause.plain) for p in self.compiled_unless):
                continue
            if _quoted(clause.plain, hit.start()):
                continue  # 当时我办答复为：“……待资金到位后发放”: an earlier reply quoted, not this one's plan
            # Offsets of the plain text are the original's unless normalising dropped characters (spaces).
            aligned = len(clause.plain) == len(clause.text)
            if self._dated(clause, hit if aligned else None):
                continue
            # What is still to be done may follow in the sentence: 待上级资金到位后，我们将组织实施.
            sentence = [c for c in reading.sentence_of(clause) if c.own]
            k = sentence.index(clause)
            rest, before = sentence[k:k + 3], sentence[max(0, k - 2):k]
            if any(self._dated(c) for c in sentence[k + 1:]):
                continue  # 待……后，于12月5日进场: the date is there
            if hit.group() in _BACK_REFERENCES and any(c.times or _YEAR.search(c.text) for c in before):
                continue  # 纳入2027年计划，届时……: 届时 is the date just given
            if clause.followup and any(c.has("followup") or routine.search(c.plain) for c in rest):
                continue  # 下一步，将加强巡查: a routine intention, not the plan for this matter
            if any(a.modality == REQUESTED for c in rest for a in c.acts) \
                    or any(self._asks_citizen(c) for c in sentence[max(0, k - 1):k + 1]):
                continue  # 力请农户加大自筹资金力度，尽快实现……: what the citizens are asked to do
            # 如您遇到超时施工可直接拨打值班电话，届时分局将第一时间派员: a promise for if it happens again
            # (一旦施工结束、条件成熟立即安装 is still the department's vague plan).
            conditional, reporter = self.lexicon.modality["conditional"], self.lexicon.voice["reporter"]
            if any(conditional.search(c.plain) and reporter.search(c.plain) for c in sentence[:k + 1]):
                continue
            # Still to be done: a promise other than the vague words themselves (近期的多雨天气 is no plan).
            promised = any(not (m.start() < hit.end() and hit.start() < m.end())
                           for m in promise.finditer(clause.plain))
            # 适时增开班次、春节后即派专人: words that only ever speak of what is still to come are the promise.
            promised = promised or (by_itself.match(clause.plain, hit.start()) is not None
                                    and not wish.search(clause.plain, 0, hit.start()))
            if not (promised or any(a.modality in UNSETTLED or a.kind == "plan" for c in rest for a in c.acts)):
                continue
            start = clause.span.start + (hit.start() if aligned else 0)
            return [self._at(draft, Span(clause.field, start, clause.span.end, ""))]
        return []

    def _dated(self, clause: Clause, hit=None) -> bool:
        """A date precise enough to plan by: a month or a day. 2025年, 年内, 十四五期间 are not, nor the
        vague words themselves when the reading took them for a time."""
        for t in clause.times:
            if hit is not None and clause.span.start + hit.start() < t.end and t.start < clause.span.start + hit.end():
                continue
            if _PRECISE.search(t.text):
                return True
        return False

    def _asks_citizen(self, clause: Clause) -> bool:
        return bool(self.lexicon.modality["requested"].search(clause.plain))

    def _element_missing(self, draft: Draft, reading: Reading) -> list[Finding]:
        element = reading.elements.get(self.element or "")
        if element is None or element.status in ("found", "not_needed"):
            return []
        if self.part:
            part = element.parts.get(self.part)
            if part is None and self.compiled_absent_unless and not any(
                    p.search(draft.text(f)) for f in self._text_fields() for p in self.compiled_absent_unless):
                present = [f for f in self.fields if draft.text(f).strip()]
                return [self.finding(draft, (present or self.fields)[0])]
            if part is None or part.found:
                return []  # no such sentence at all: the element's own rule speaks for it
            anchor = element.evidence[0] if element.evidence else None
        else:
            if element.status != "missing":
                return []
            anchor = None
        present = [f for f in self.fields if draft.text(f).strip()]
        if anchor is not None:
            return [self._at(draft, anchor)]
        return [self.finding(draft, (present or self.fields)[0])]
