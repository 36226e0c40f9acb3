"""``check: timeline`` — the dates of one reply must tell a possible story.

``test`` names the check:

- ``before-received``: contact, handling or reply dated before the order was received (接单时间);
- ``contact-after-handling``: the first contact with the reporter comes after handling had started;
- ``reply-before-handling``: the citizen was replied to before the handling (or the fix) it reports;
- ``future-date``: an act dated after today (plans and deadlines are not acts);
- ``after-deadline``: a closing reply later than 办理时限, with no extension (延期至…) cited;
- ``extension-not-later``: an extension whose new date is not after the current 办理时限;
- ``first-contact-slow``: the first contact more than ``hours`` hours after receipt.

Dates are read by :mod:`replycheck.events`: each is an interval, so “3月5日” never contradicts
“3月5日9时”. Which sentences are contact, handling and reply is said by patterns (defaults come from
the vocabulary: ``{联系句}``, ``{办理动作}``, ``{回复句}``). Every finding quotes both places.
"""

from __future__ import annotations

from typing import Any, Literal, Optional

from pydantic import Field

from replycheck.checks.base import Context, RuleBase
from replycheck.clock import today
from replycheck.events import TIMELINE_WORDS, Episode, Timeline, When, fmt, shared_timeline, whole_day
from replycheck.model import Draft, Finding, Severity, field_label
from replycheck.reading.model import NEGATED
from replycheck.text import paragraph_start, simplified


class TimelineRule(RuleBase):
    check: Literal["timeline"]
    test: Literal["before-received", "contact-after-handling", "reply-before-handling", "future-date",
                  "after-deadline", "extension-not-later", "first-contact-slow"]
    contact: list[str] = Field(default_factory=lambda: ["{联系句}"], description="联系反映人的句子")
    handling: list[str] = Field(default_factory=lambda: ["{办理动作}"], description="调查处理的句子")
    reply: list[str] = Field(default_factory=lambda: ["{回复句}"], description="回复市民的句子")
    solved: list[str] = Field(default_factory=lambda: ["{已解决}"], description="写明问题已解决的句子")
    speech: list[str] = Field(default_factory=lambda: list(TIMELINE_WORDS["speech"]), description="转述市民的话（其后的日期不算）")
    citizen_after: list[str] = Field(default_factory=lambda: list(TIMELINE_WORDS["citizen_after"]))
    citizen_before: list[str] = Field(default_factory=lambda: list(TIMELINE_WORDS["citizen_before"]))
    other: list[str] = Field(default_factory=lambda: list(TIMELINE_WORDS["other"]), description="说的是另一张工单的句子（其中的日期不算）")
    extension: list[str] = Field(default_factory=lambda: ["{延期至}"], description="写在新日期前的延期说法")
    hours: int = Field(24, ge=1, le=720, description="first-contact-slow：接单后多少小时内应联系反映人")

    compiled: dict[str, list[Any]] = Field(default={}, exclude=True)

    def compile(self, compile_pattern) -> None:
        super().compile(compile_pattern)
        for name in ("contact", "handling", "reply", "solved", "speech", "citizen_after", "citizen_before",
                     "other", "extension"):
            self.compiled[name] = [compile_pattern(p) for p in getattr(self, name)]

    # -- reading the draft -------------------------------------------------------------------
    def _has(self, name: str, text: str) -> bool:
        return any(p.search(text, timeout=0.5) for p in self.compiled[name])

    def timeline(self, draft: Draft, ctx: Context | None = None) -> Timeline:
        """The draft's dated events, read once per draft for all timeline rules with the same patterns."""
        names = ("speech", "citizen_after", "citizen_before", "other")
        cache = vars(ctx).setdefault("_timelines", {}) if ctx is not None else {}
        return shared_timeline(cache, draft, tuple(tuple(getattr(self, n)) for n in names),
                               tuple(self.compiled[n] for n in names))

    def acts(self, tl: Timeline, field: str) -> list[Episode]:
        return [e for e in tl.episodes.get(field, []) if not e.citizen]

    def first_contact(self, tl: Timeline, fields: tuple[str, ...] = ("internal_result", "citizen_reply")
                      ) -> Optional[Episode]:
        """The first contact with the reporter, when it is dated; None when it is not.

        The internal result is where the contact is told; the citizen reply counts only when the
        internal result mentions no contact at all (then the reply is the first contact).
        """
        for field in fields:
            text = tl.draft.text(field)
            first = min((m.start() for p in self.compiled["contact"] if (m := p.search(text, timeout=0.5))),
                        default=None)
            if first is None:
                continue
            return next((ep for ep in self.acts(tl, field) if ep.start <= first < ep.end), None)
        return None

    def reply_act(self, tl: Timeline) -> Optional[Episode]:
        return next((ep for ep in self.acts(tl, "citizen_reply")
                     if self._has("reply", ep.text) or self._has("contact", ep.text)), None)

    def handling_acts(self, tl: Timeline) -> list[Episode]:
        return [ep for ep in self.acts(tl, "internal_result") if self._has("handling", ep.text)
                and not self._has("contact", ep.text) and not self._has("reply", ep.text)]

    def extensions(self, tl: Timeline) -> list[tuple[str, When]]:
        out = []
        for field, mentions in tl.mentions.items():
            text = tl.draft.text(field)
            for m in mentions:
                before = text[max(0, m.when.start - 16): m.when.start]
                if self._has("extension", before):
                    out.append((field, m.when))
        return out

    # -- findings ------------------------------------------------------------------------------
    def _at(self, draft: Draft, field: str, when: When, message: str) -> Finding:
        return self.finding(draft, field, (when.start, when.end), message=message)

    def _quote(self, ep: Episode) -> str:
        return f"{field_label(ep.field)}中的“{ep.excerpt()}”"

    def run(self, draft: Draft, ctx: Context) -> list[Finding]:
        tl = self.timeline(draft, ctx)
        return getattr(self, "_" + self.test.replace("-", "_"))(draft, tl, ctx)

    def _background(self, draft: Draft, ep: Episode) -> bool:
        """“材料已于2月26日由村委会受理”: handling told in the perfect is history, not this order's work."""
        before = simplified(draft.text(ep.field)[max(0, ep.start - 3):ep.start])  # 已於 is 已于
        return "已于" in before + simplified(ep.text[:3]) and not any(self._has(k, ep.text) for k in ("contact", "reply"))

    def _found_earlier(self, ctx: Context | None, ep: Episode) -> bool:
        """The date is part of what the investigation found (经查，于女士于9月3日提交申请；监控显示11月9日
        15时…): facts from before the order, not a step of its handling."""
        if ctx is None or self.lexicon is None:
            return False
        reading = ctx.reading(self.lexicon)
        text = ctx.draft.text(ep.field)
        at = ep.start
        while at < len(text) and text[at] in " \t\n\u3000":  # “，\n12时50分”: a wrapped line's time
            at += 1
        clause = reading.clause_at(ep.field, at)
        if clause is None:
            return False
        # 吕说：10月13日调解……: a date in the citizen's words, or in another order's or body's, is not this
        # order's handling.
        if not clause.own:
            return True
        # 10月28日老人住院后不再需要上门护理: what no longer happens is no step of the handling.
        if clause.acts and all(a.modality == NEGATED for a in clause.acts):
            return True
        if any(c.has("finding", "verdict_true", "verdict_partial", "verdict_untrue")
               for c in reading.sentence_of(clause)):
            return True
        # 经查……反映情况属实。该处10月24日已发现……\n10月30日，执法大队作出决定书: once a verdict has been
        # given, an earlier date told after it is what the case file showed, in whatever paragraph.
        verdict_end = self._first_verdict_end(ctx, reading, ep.field)
        if verdict_end is not None and verdict_end <= ep.start:
            return True
        # 调查核实：10月30日查阅了档案。……村委会已于10月16日将结果告知其子: once the paragraph tells of looking
        # into records, the earlier dates after it are what was found there.
        start = paragraph_start(text, ep.start)
        # 经查，现答复如下：\n2026年9月24日拆除现场……: a paragraph ending in a colon opens the one below it.
        # (Looked for backwards over the blanks, not by copying the text before it: a field may hold many dates.)
        while (end := _before_blanks(text, start)) > 0 and text[end - 1] in "：:":
            start = paragraph_start(text, end - 1)
        # (The act's own place counts: a wrapped line may join 查档 to the clause of the line before.)
        looked = ("investigation", "finding", "verdict_true", "verdict_partial", "verdict_untrue")
        return any(c.field == ep.field and c.span.start < ep.start and c.span.end > start
                   and (c.has(*looked) if c.span.start >= start
                        else any(a.kind in looked and start <= a.span.start < ep.start for a in c.acts))
                   for c in reading.clauses)

    @staticmethod
    def _first_verdict_end(ctx: Context, reading, field: str) -> int | None:
        """Where the field's first verdict (属实, 不属实 …) ends; found once per draft and field (a field of
        thousands of dates asks it for each)."""
        found = vars(ctx).setdefault("_first_verdict_end", {})
        if field not in found:
            verdicts = ("verdict_true", "verdict_partial", "verdict_untrue")
            found[field] = next((c.span.end for c in reading.clauses if c.field == field and c.has(*verdicts)), None)
        return found[field]

    def _before_received(self, draft: Draft, tl: Timeline, ctx: Context | None = None) -> list[Finding]:
        if draft.received_at is None:
            return []
        received = whole_day(draft.received_at)[0]
        found = []
        for field in ("internal_result", "citizen_reply"):
            for ep in self.acts(tl, field):
                if not any(self._has(k, ep.text) for k in ("contact", "handling", "reply")):
                    continue
                # “材料已于2月26日由村委会受理”: handling told in the perfect is background, not this order's work.
                if self._background(draft, ep):
                    continue
                if ep.when.before(received) and not self._found_earlier(ctx, ep):
                    found.append(self._at(draft, field, ep.when,
                                          f"{self.message}：{self._quote(ep)}早于接单时间“{fmt(draft.received_at)}”"))
                    break  # later dates (当日、次日…) often count from this one: one finding a field
        return found

    def _contact_after_handling(self, draft: Draft, tl: Timeline, ctx: Context | None = None) -> list[Finding]:
        contact = self.first_contact(tl, ("internal_result",))
        handling = [ep for ep in self.handling_acts(tl) if ep is not contact and not self._background(draft, ep)
                    and not self._found_earlier(ctx, ep)]
        if contact is None or not handling:
            return []
        earliest = min(handling, key=lambda ep: ep.when.lo)
        if earliest.when.before(contact.when):
            return [self._at(draft, contact.field, contact.when,
                             f"{self.message}：{self._quote(contact)}晚于{self._quote(earliest)}")]
        return []

    def _reply_before_handling(self, draft: Draft, tl: Timeline, ctx: Context | None = None) -> list[Finding]:
        reply = self.reply_act(tl)
        handling = self.handling_acts(tl)
        if reply is None or not handling:
            return []
        candidates = [min(handling, key=lambda ep: ep.when.lo)] + [ep for ep in handling
                                                                   if self._has("solved", ep.sentence)]
        for ep in candidates:
            if reply.when.before(ep.when):
                return [self._at(draft, reply.field, reply.when,
                                 f"{self.message}：{self._quote(reply)}早于{self._quote(ep)}")]
        return []

    def _future_date(self, draft: Draft, tl: Timeline, ctx: Context | None = None) -> list[Finding]:
        now = today()
        found = []
        if draft.received_at and draft.received_at > now:
            found.append(self.finding(draft, "received_at",
                                      message=f"{self.message}：接单时间“{fmt(draft.received_at)}”晚于今天（{fmt(now)}）"))
        if not tl.year_known:
            return found
        # 首次坐班时间为2026年12月9日 in the plan, and “12月9日上午……首次到村里坐班” told to the citizen: a future
        # day the draft names elsewhere as a plan, or inside a clause that is not an act, is not an act's date.
        planned = {m.when.lo.date() for mentions in tl.mentions.values() for m in mentions
                   if m.kind in ("plan", "inline")}
        for field, mentions in tl.mentions.items():
            text = draft.text(field)
            for m in mentions:
                if m.kind == "event" and m.when.lo > now and m.when.lo.date() not in planned:
                    excerpt = text[m.when.start: m.when.start + 30].split("\n")[0]
                    finding = self._at(draft, field, m.when,
                                       f"{self.message}：{field_label(field)}中的“{excerpt}”晚于今天（{fmt(now)}）")
                    if _year_left_out(m.when, now, draft.received_at):
                        # 已于3月20日入账 in a reply of November: read as next March (the nearer), it may well be
                        # this year's March. Not sure: ask.
                        finding = finding.model_copy(update={
                            "severity": Severity.warning,
                            "message": finding.message + "；日期没写年份，如指的是已经过去的那天，请补上年份"})
                    found.append(finding)
        return found

    def _after_deadline(self, draft: Draft, tl: Timeline, ctx: Context | None = None) -> list[Finding]:
        reply = self.reply_act(tl)
        if draft.deadline is None or reply is None:
            return []
        limit = whole_day(draft.deadline)[1]
        cited = [w for _, w in self.extensions(tl)]
        if cited:
            limit = max([limit] + [w.hi for w in cited])
        if limit < reply.when.lo:
            extra = f"（已写明延期至“{cited[-1].text}”）" if cited else "，且未写明经批准延期（延期至…）"
            return [self._at(draft, reply.field, reply.when,
                             f"{self.message}：{self._quote(reply)}晚于办理时限“{fmt(draft.deadline)}”{extra}")]
        return []

    def _extension_not_later(self, draft: Draft, tl: Timeline, ctx: Context | None = None) -> list[Finding]:
        if draft.deadline is None:
            return []
        limit = whole_day(draft.deadline)[1]
        found = []
        for field, when in self.extensions(tl):
            if when.lo <= limit:
                found.append(self._at(draft, field, when,
                                      f"{self.message}：延期至“{when.text}”不晚于原办理时限“{fmt(draft.deadline)}”"))
        return found

    def _first_contact_slow(self, draft: Draft, tl: Timeline, ctx: Context | None = None) -> list[Finding]:
        contact = self.first_contact(tl)
        if draft.received_at is None or contact is None:
            return []
        hours = (contact.when.lo - draft.received_at).total_seconds() / 3600
        if hours > self.hours:
            return [self._at(draft, contact.field, contact.when,
                             f"{self.message}：{self._quote(contact)}距接单时间“{fmt(draft.received_at)}”"
                             f"已超过{self.hours}小时")]
        return []


def _before_blanks(text: str, pos: int) -> int:
    """Where the text before ``pos`` ends once trailing blanks and line breaks are left out."""
    while pos > 0 and text[pos - 1].isspace():
        pos -= 1
    return pos


def _year_left_out(when: When, now, received) -> bool:
    """The date is written without its year, and read in the order's own year it is not in the future
    (the reading took a later year, the nearer to the order)."""
    if received is None or when.year_written or when.lo.year == received.year:
        return False
    try:
        return when.lo.replace(year=received.year) <= now
    except ValueError:  # 2月29日
        return False
