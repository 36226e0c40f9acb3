"""``check: consistency`` — the internal result and the citizen reply must tell the same story.

``test`` names the check:

- ``outcome``: solved in one text, only planned or not solved in the other; adopted vs not adopted;
- ``verdict``: 属实 in one text, 不属实 in the other (部分属实 agrees with both);
- ``dates``: the two texts give different dates for the same thing (the extension, the reply to the
  citizen, a fix “已于…完成”);
- ``category``: the text contradicts the order's category, e.g. a 咨询 that is a complaint about a
  neighbour, a 建议 answered with a penalty: ``patterns`` say what, ``also`` what must be there too.

A text counts for a side only when it says so outside quotation marks and reported speech, and only
when it is unambiguous (a text that says both 属实 and 不属实 takes no side). Findings point at the
citizen-visible words and quote both places.
"""

from __future__ import annotations

import re
from typing import Any, Literal, Optional

from pydantic import Field

from replycheck.checks.base import Context, RuleBase
from replycheck.events import TIMELINE_WORDS, shared_timeline
from replycheck.model import Draft, Finding, field_label

IR, CR = "internal_result", "citizen_reply"
_PATTERN_FIELDS = ("solved", "future", "plan", "unsolved", "adopted", "rejected", "true", "false", "partial", "speech",
                   "patterns", "also", "not_after", "reply", "contact", "extension", "done", "assigned", "citizen_after",
                   "citizen_before", "other", "timeline_speech")


class ConsistencyRule(RuleBase):
    check: Literal["consistency"]
    test: Literal["outcome", "verdict", "dates", "category"]
    solved: list[str] = Field(default_factory=lambda: ["{已解决}"])
    plan: list[str] = Field(default_factory=lambda: [
        "(?<!已)(?:预计|计划|拟|将于|将在|力争|争取|定于)[^。；]{0,15}?{日期}"])
    future: list[str] = Field(default_factory=lambda: ["预计|计划|拟|将|争取|力争|确保|定于|[日月]前|之前|以前"],
                              description="outcome：同一分句中“已解决”说法之前出现这些，说的是计划而不是结果")
    unsolved: list[str] = Field(default_factory=lambda: ["(?:未能|未|尚未|仍未|没有|无法)(?:彻底|完全)?解决"])
    adopted: list[str] = Field(default_factory=lambda: ["(?<!不予|暂不|无法|不能|未能|未予|未|不|是否|暂不予)采纳"])
    rejected: list[str] = Field(default_factory=lambda: ["(?:不予|暂不|无法|不能|未予|暂不予|不)采纳"])
    true: list[str] = Field(default_factory=lambda: ["(?<!不|部分|基本|是否|核实)属实(?!与否)", "确实存在", "确系"])
    false: list[str] = Field(default_factory=lambda: ["不属实", "与事实不符", "不符合事实", "查无此事", "查无实据"])
    partial: list[str] = Field(default_factory=lambda: ["部分属实", "基本属实", "部分情况属实"])
    speech: list[str] = Field(default_factory=lambda: ["(?:{反映人})[^，。；]{0,6}?(?:称|说(?!明)|诉称|提到|认为|怀疑)"])
    patterns: list[str] = Field(default=[], description="category：出现即与工单类型不符")
    also: list[str] = Field(default=[], description="category：同时须出现其一")
    not_after: list[str] = Field(default=[], description="category：同一句中命中之前出现即不算")
    reply: list[str] = Field(default_factory=lambda: ["{回复句}"])
    contact: list[str] = Field(default_factory=lambda: ["{联系句}"])
    extension: list[str] = Field(default_factory=lambda: ["{延期至}"])
    done: list[str] = Field(default_factory=lambda: [
        "已(?:经)?于$", "修复|维修|清运|清理|疏通|拆除|安装|更换|支付|发放|补发|签订|验收|恢复|整改"])
    assigned: list[str] = Field(default_factory=lambda: [
        "明确由|要求|责令|督促|负责|计划|预计|拟|将|应当|须|需要|限期"],
        description="dates：同一分句中动词之前出现这些，说的是布置的任务而不是已做的事（“明确由施工单位恢复排水沟”）")
    citizen_after: list[str] = Field(default_factory=lambda: list(TIMELINE_WORDS["citizen_after"]))
    citizen_before: list[str] = Field(default_factory=lambda: list(TIMELINE_WORDS["citizen_before"]))
    other: list[str] = Field(default_factory=lambda: list(TIMELINE_WORDS["other"]), description="说的是另一张工单的句子（其中的日期不算）")
    timeline_speech: list[str] = Field(default_factory=lambda: list(TIMELINE_WORDS["speech"]),
                                       description="dates：转述市民的话（其后的日期不比较），与时间线规则一致")

    compiled: dict[str, list[Any]] = Field(default={}, exclude=True)

    def compile(self, compile_pattern) -> None:
        super().compile(compile_pattern)
        for name in _PATTERN_FIELDS:
            self.compiled[name] = [compile_pattern(p) for p in getattr(self, name)]

    # -- matching outside quotes and reported speech -------------------------------------------
    def _hits(self, ctx: Context, field: str, name: str, skip_speech: bool = True) -> list[tuple[int, int]]:
        # A side's words are asked for again as another side's exclusions: work each list out once per draft.
        memo = vars(ctx).setdefault("_consistency_hits", {})
        key = (id(self), field, name, skip_speech)
        if key not in memo:
            memo[key] = self._find_hits(ctx, field, name, skip_speech)
        return memo[key]

    def _find_hits(self, ctx: Context, field: str, name: str, skip_speech: bool) -> list[tuple[int, int]]:
        text = ctx.norm(field)
        hits = []
        for pattern in self.compiled[name]:
            for m in ctx.finditer(pattern, field):
                if m.end() == m.start() or text.in_quote(*m.span()):
                    continue
                sentence = next((s for s, e in text.sentences if s <= m.start() < e), 0)
                if skip_speech and any(ctx.search(p, field, sentence, m.start()) for p in self.compiled["speech"]):
                    continue
                clause = text.segment_start(m.start())
                if name == "solved" and any(ctx.search(p, field, clause, m.start()) for p in self.compiled["future"]):
                    continue
                hits.append(m.span())
        return sorted(hits)

    def _side(self, ctx: Context, field: str,
              sides: dict[str, tuple[str, ...]]) -> tuple[Optional[str], Optional[tuple[int, int]]]:
        """The one side a text takes, and where it says so; (None, None) when none or several."""
        for side, names in sides.items():
            found = self._hits(ctx, field, names[0])
            if found and not any(self._hits(ctx, field, b) for b in names[1:]):
                return side, found[0]
        return None, None

    def _quote(self, draft: Draft, ctx: Context, field: str, span: tuple[int, int]) -> tuple[tuple[int, int], str]:
        """The original span of a hit, and the clause around it as evidence."""
        start, end = ctx.norm(field).span(*span)
        text = draft.text(field)
        left, right = start, end
        while left > 0 and text[left - 1] not in "。；，,：:\n" and start - left < 30:
            left -= 1
        while right < len(text) and text[right] not in "。；，,\n" and right - end < 30:
            right += 1
        return (start, end), text[left:right].strip()

    def _disagree(self, draft: Draft, ctx: Context, sides: dict[str, tuple[str, ...]],
                  clash: set[frozenset[str]]) -> list[Finding]:
        a_side, a_span = self._side(ctx, IR, sides)
        b_side, b_span = self._side(ctx, CR, sides)
        if a_side is None or b_side is None or frozenset((a_side, b_side)) not in clash:
            return []
        _, a_text = self._quote(draft, ctx, IR, a_span)
        span, b_text = self._quote(draft, ctx, CR, b_span)
        return [self.finding(draft, CR, span, message=f"{self.message}：{field_label(IR)}写“{a_text}”，"
                                                        f"{field_label(CR)}却写“{b_text}”")]

    def run(self, draft: Draft, ctx: Context) -> list[Finding]:
        return getattr(self, "_" + self.test)(draft, ctx)

    def _outcome(self, draft: Draft, ctx: Context) -> list[Finding]:
        solved = {"solved": ("solved", "plan", "unsolved"), "plan": ("plan", "solved"),
                  "unsolved": ("unsolved", "solved")}
        found = self._disagree(draft, ctx, solved, {frozenset(("solved", "plan")), frozenset(("solved", "unsolved"))})
        adoption = {"adopted": ("adopted", "rejected"), "rejected": ("rejected", "adopted")}
        return found + self._disagree(draft, ctx, adoption, {frozenset(("adopted", "rejected"))})

    def _verdict(self, draft: Draft, ctx: Context) -> list[Finding]:
        sides = {"true": ("true", "false", "partial"), "false": ("false", "true", "partial")}
        return self._disagree(draft, ctx, sides, {frozenset(("true", "false"))})

    def _category(self, draft: Draft, ctx: Context) -> list[Finding]:
        if self.compiled["also"] and not any(self._hits(ctx, f, "also", skip_speech=False) for f in self.fields):
            return []
        for field in self.fields:
            text = ctx.norm(field)
            for span in self._hits(ctx, field, "patterns", skip_speech=False):
                sentence = next((s for s, e in text.sentences if s <= span[0] < e), 0)
                if any(ctx.search(p, field, sentence, span[0]) for p in self.compiled["not_after"]):
                    continue
                original, quote = self._quote(draft, ctx, field, span)
                category = draft.category.value if draft.category else "未填"
                return [self.finding(draft, field, original,
                                     message=f"{self.message}：工单类型为“{category}”，{field_label(field)}却写有“{quote}”")]
        return []

    # -- dates -----------------------------------------------------------------------------------
    def _has(self, name: str, text: str) -> bool:
        return any(p.search(text, timeout=0.5) for p in self.compiled[name])

    def _dates(self, draft: Draft, ctx: Context) -> list[Finding]:
        # Built once per draft and shared with the timeline rules when they read the draft the same way.
        names = ("timeline_speech", "citizen_after", "citizen_before", "other")
        tl = shared_timeline(vars(ctx).setdefault("_timelines", {}), draft,
                             tuple(tuple(getattr(self, n)) for n in names), tuple(self.compiled[n] for n in names))
        found = self._extension_dates(draft, tl) or self._reply_dates(draft, tl) or self._done_dates(draft, tl)
        return found[:1]

    def _clash(self, draft: Draft, b_field: str, b_when, a_text: str, b_text: str) -> Finding:
        return self.finding(draft, b_field, (b_when.start, b_when.end),
                            message=f"{self.message}：{field_label(IR)}写“{a_text}”，{field_label(b_field)}却写“{b_text}”")

    def _extension_dates(self, draft: Draft, tl) -> list[Finding]:
        def dates(field: str):
            text = draft.text(field)
            return [m.when for m in tl.mentions[field]
                    if self._has("extension", text[max(0, m.when.start - 16): m.when.start])]

        a, b = dates(IR), dates(CR)
        if a and b and not {w.day() for w in a} & {w.day() for w in b}:
            a_text = draft.text(IR)[max(0, a[0].start - 5): a[0].end]
            b_text = draft.text(CR)[max(0, b[0].start - 5): b[0].end]
            return [self._clash(draft, CR, b[0], a_text, b_text)]
        return []

    def _reply_dates(self, draft: Draft, tl) -> list[Finding]:
        acts = [e for e in tl.episodes[CR] if not e.citizen]
        reply = next((e for e in acts if self._has("reply", e.text) or self._has("contact", e.text)), None)
        told = [e for e in tl.episodes[IR] if not e.citizen and self._has("reply", e.text)
                and "结果" in e.text and not self._has("contact", e.text.split("结果")[0])]
        if reply is None or not told or reply.when.day() is None:
            return []
        if all(e.when.day() is not None and e.when.day() != reply.when.day() for e in told):
            return [self._clash(draft, CR, reply.when, told[0].excerpt(30), reply.excerpt(30))]
        return []

    def _did(self, sentence: str, verb: str) -> bool:
        """The sentence says the act was done, not assigned or planned: some use of the verb has none of
        the ``assigned`` words earlier in its clause."""
        start = sentence.find(verb)
        while start != -1:
            clause = re.split("[，,。；;：:]", sentence[:start])[-1]
            if not self._has("assigned", clause):
                return True
            start = sentence.find(verb, start + 1)
        return False

    def _done_dates(self, draft: Draft, tl) -> list[Finding]:
        """“已于3月6日修复” in the reply against the day the internal result gives for the same verb."""
        marker, verbs = self.compiled["done"][0], self.compiled["done"][1]
        text = draft.text(CR)
        mentions = tl.mentions[CR]
        for i, m in enumerate(mentions):
            if not marker.search(text[max(0, m.when.start - 4): m.when.start], timeout=0.5) or m.when.day() is None:
                continue
            # “已于3月11日、3月13日分两次支付”: every date of the list counts.
            days, end = {m.when.day()}, m.when.end
            for nxt in mentions[i + 1:]:
                if text[end:nxt.when.start].strip() not in ("、", "和", "及", "与"):
                    break
                days.add(nxt.when.day())
                end = nxt.when.end
            # The verb of this date's own clause, right after it: “已于3月6日更换灯头”.
            limit = min([n.when.start for n in mentions if n.when.start >= end] + [end + 10])
            tail = text[end: limit]
            for mark in "，,。；;：:":
                tail = tail.split(mark)[0]
            verb = verbs.search(tail, timeout=0.5)
            if verb is None:
                continue
            same = [e for e in tl.episodes[IR] if not e.citizen and e.when.day() is not None
                    and self._did(e.sentence, verb.group())]
            if same and not days & {e.when.day() for e in same}:
                return [self._clash(draft, CR, m.when, same[0].excerpt(30),
                                    text[max(0, m.when.start - 2): end] + tail[: verb.end()])]
        return []
