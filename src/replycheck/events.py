"""Dated events in a reply's texts: when staff contacted, handled and replied, as time intervals.

A date as written (“3月5日”, “二〇二六年三月五日上午九时”, “当日下午3时许”) is turned into an interval
[lo, hi]: a day without an hour is the whole day, an hour without minutes is the whole hour. Two events
then disagree only when one *must* be after the other, so imprecise wording never raises a finding.

Only dates that start what staff did count as events. Left out: what the citizen said (after “反映人称”
or in quotes), the citizen's own report (“您于3月4日反映”), plans and deadlines (“预计4月30日前”,
“4月1日起”), and periods of fact (“3月9日至11日因…”). Relative days (当日、次日、同日…) count from the
nearest earlier event date in the same text, or from the receipt for “接单当日”.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any, Iterable

from replycheck import programs
from replycheck.clock import today
from replycheck.dates import AP as _AP
from replycheck.dates import PM_AFTER, PM_PARTS, DateMention, cn_number, find_dates
from replycheck.model import Draft
from replycheck.text import HARD_LINE_BREAK, SENTENCE_BREAK, LazyPattern, quoted_spans, simplified, unwrapped, without_markup

_N = r"[0-9０-９〇○零一二两三四五六七八九十]"
_TIME = rf"(?:(?P<h>{_N}{{1,3}})\s*(?:时|点|[:：])\s*(?:(?P<half>半)|(?P<mi>{_N}{{1,3}})\s*分?)?)"
_RELATIVE = LazyPattern(
    r"(?P<recv>接(?:单|到工单|到派单|到本工单)(?:的|后)?)?"
    r"(?P<rel>当天晚上|同一天|当日|当天|同日|当晚|次日|翌日|第二天|隔日)"
    r"(?:\s*[（(][^（）()]{0,14}[）)])?"
    rf"\s*(?P<ap>{_AP})?\s*{_TIME}?"
)
_WITHIN = LazyPattern(r"接(?:单|到工单|到派单)后(?P<n>\d+)\s*(?:个)?(?P<unit>小时|分钟)内")
_BARE_TIME = LazyPattern(rf"(?P<ap>{_AP})?\s*(?P<h>{_N}{{1,2}})\s*(?:时|点)\s*"
                        rf"(?:(?P<half>半)|(?P<mi>{_N}{{1,3}})\s*分)?(?:许|左右|多)?")
_RANGE_TAIL = LazyPattern(rf"\s*(?:至|到|—|－|-|~|～)\s*(?:{_N}{{1,4}}\s*[年月日号时点]|{_N}{{1,2}}\s*[:：])")
_FACT_AFTER_RANGE = LazyPattern(r"[^，。；]{0,12}?(?:期间|之间|因|由于|(?:为|是)[^，。；]{0,12}?(?:期|阶段|时段|时间))")  # 10月15日至11月15日为秋季集中免疫期: a period
_HAS_DAY = LazyPattern(r"[年月日号天]|\d\s*[./／\-－]\s*\d{1,2}(?!\d)|[今昨明次当同翌前后]")
_PLAN_TAIL = LazyPattern(r"\s*(?:前|之前|以前|起|以后|后|内|底|止|为止|期满|到期)")
# 12月5日开课, 报名时间11月18日-12月2日, 12月7日开工, 排期于12/15开庭: a timetable given as information, not an act of the office's.
_TIMETABLE = LazyPattern(r"\s*(?:正式)?(?:开课|开班|开学|开幕|开赛|开园|开馆|开业|开播|开工|动工|开庭|开标|听证)")
_TIMETABLE_LABEL = LazyPattern(r"(?:报名|开放|办公|营业|上课|培训|活动|受理|申报)(?:时间|日期|期限)\s*(?:为|是)?\s*[:：]?\s*$")
_PLAN_BEFORE = LazyPattern(r"(?:预计|计划|拟|将于|将在|将|力争|争取|确保|定于|要求|责令|限期|限|(?<!申)请[^，。；]{0,8}?|延期至|延长至|顺延至|延期到|"
                          r"延长到|推迟至|截止|最迟|最早|最快|最晚|最早于|最快于|最迟于|最晚于|最迟在|最晚在|不晚于|不迟于|须于|需于|应于|需在|须在|应在|"
                          # 第2场已经排好了，12.12（周六）下午2点在南村文化广场：排定的日子
                          r"(?:排好|排上|排定|定好)了?[，,])\s*[:：]?\s*$")
# A sentence that announces a plan (“初步解决方案：…”, “下一步…”, “预计…”, “节点：…”, “会议确定：…”): every
# date after it is planned.
_PLAN_HEAD = LazyPattern(r"(?:方案|计划|安排|打算|节点|时间节点|进度安排|时间表|会议确定|会议议定|会上确定|议定|商定)"
                         r"(?:(?:为|是|如下)?\s*[:：]|\t|[\]】］])|下一步|预计|(?<![按原已])计划(?=在|于|将|对|从|自|年内|今年|明年)"
                         r"|拟(?=于|在|对|将|从)|定于|将于")
_CLAUSE_MARKS = "，,。；;！？!?\n：:"
_AFTER_YU = LazyPattern(r"(?<!将)(?<!预计)(?<!计划)(?<!拟)(?<!定)(?<![关对由属至基等])"
                       r"(?:已于|并于|即于|均于|于|已在|在)\s*$")
_CELL_LABEL = LazyPattern(r"^[^\t\d，。；]{1,12}\t\s*$")  # one label cell (not a row of figures) before a tab
_DAY_PARTS = {"凌晨": (0, 6), "早上": (5, 9), "早晨": (5, 9), "上午": (0, 12), "中午": (11, 14), "下午": (12, 19),
              "傍晚": (16, 20), "晚上": (17, 24), "晚": (17, 24), "夜间": (18, 24), "夜里": (18, 24)}


@dataclass(frozen=True, slots=True)
class When:
    """A time as written: the interval it can mean, and where it was written."""

    lo: datetime
    hi: datetime
    start: int
    end: int
    text: str
    relative: bool = False
    year_written: bool = False  # 2026年3月5日; else the year was read from a day nearby or the order

    def before(self, other: "When | datetime") -> bool:
        """True only when this time is certainly earlier than ``other``."""
        other_lo = other.lo if isinstance(other, When) else other
        return self.hi < other_lo

    def day(self) -> tuple[int, int, int] | None:
        """The calendar day, when the time lies within one day."""
        return (self.lo.year, self.lo.month, self.lo.day) if self.lo.date() == self.hi.date() else None


@dataclass(slots=True)
class Episode:
    """What follows one event date up to the next one or the end of the sentence."""

    field: str
    when: When
    start: int
    end: int
    text: str
    citizen: bool = False  # the citizen's own act (their call, their report)
    sentence: str = ""  # the rest of the sentence: what came of the act

    def excerpt(self, limit: int = 36) -> str:
        text = self.text.strip().replace("\n", " ")
        return text if len(text) <= limit else text[:limit] + "…"


@dataclass(slots=True)
class Mention:
    when: When
    kind: str  # event | plan | range | speech | citizen


@dataclass
class Timeline:
    """Everything dated in one draft's two texts, with the year resolved once."""

    draft: Draft
    year_known: bool
    episodes: dict[str, list[Episode]] = field(default_factory=dict)
    mentions: dict[str, list[Mention]] = field(default_factory=dict)


def _interval(day: datetime, hour: int | None, minute: int | None, ap: str | None = None) -> tuple[datetime, datetime]:
    start = day.replace(hour=0, minute=0, second=0, microsecond=0)
    if hour is None:
        if ap in _DAY_PARTS:
            a, b = _DAY_PARTS[ap]
            return start + timedelta(hours=a), start + timedelta(hours=b) - timedelta(seconds=1)
        return start, start + timedelta(days=1) - timedelta(seconds=1)
    if hour >= 24:
        hour = 23
    lo = start + timedelta(hours=hour, minutes=minute or 0)
    span = timedelta(minutes=1) if minute else timedelta(hours=1)
    return lo, lo + span - timedelta(seconds=1)


def _hour(raw: str | None, ap: str | None, evening: bool = False) -> int | None:
    if not raw:
        return None
    value = cn_number(raw)
    if value is None or value > 24:
        return None
    if (ap in PM_PARTS or evening) and value < 12:
        value += 12
    elif ap == "中午" and value < 6:
        value += 12
    return value


def _minute(m: re.Match[str]) -> int | None:
    if m.group("half"):
        return 30
    if m.group("mi"):
        return cn_number(m.group("mi"))
    return None


def base_year(draft: Draft, texts: Iterable[str]) -> tuple[int | None, datetime | None]:
    """The year for dates written without one, and the date to resolve a year change against."""
    if draft.received_at:
        return draft.received_at.year, draft.received_at
    for text in texts:
        for m in find_dates(text):
            if m.year:
                when = m.to_datetime(m.year)
                if when:
                    return m.year, when
    if draft.deadline:
        return draft.deadline.year, draft.deadline
    return None, None


def _resolve_year(m: DateMention, year: int, ref: datetime | None) -> datetime | None:
    if m.year:
        return m.to_datetime(m.year)
    candidates = [d for y in (year, year + 1, year - 1) if (d := m.to_datetime(y)) is not None]
    if not candidates:
        return None
    if ref is None:
        return candidates[0]
    return min(candidates, key=lambda d: abs((d - ref).total_seconds()))


# How far (in characters) a date written with its year lends that year to the dates after it, within
# its sentence.
_SAME_ACCOUNT = 120
_SENTENCE_END = re.compile("[。！？!?]|" + HARD_LINE_BREAK)
# A dated event this long after the order is a plan date in disguise: it lends no year.
_LENDS_UNTIL = timedelta(days=62)


def _last_mark(text: str, marks: str, pos: int) -> int:
    """Index of the last match of the pattern ``marks`` before ``pos``, or -1. Each text's marks are found
    once (every date of a field asks), so a long draft stays linear."""
    found = _mark_positions(text, marks)
    i = bisect_left(found, pos) - 1
    return found[i] if i >= 0 else -1


@lru_cache(maxsize=64)
def _mark_positions(text: str, marks: str) -> list[int]:
    return [m.start() for m in _marks_pattern(marks).finditer(text)]


@lru_cache(maxsize=8)
def _marks_pattern(marks: str) -> re.Pattern[str]:
    return programs.pattern(marks)


# What ends a clause, as a pattern for _last_mark; SENTENCE_BREAK ends a sentence.
_CLAUSE_BREAK = "[" + re.escape(_CLAUSE_MARKS) + "]"


def _sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    # Both ends from the text's mark positions, found once: a search forward from every date of a long
    # sentence would make the field quadratic. (Each mark is one character, so the first position at or
    # after ``pos`` is what a search from ``pos`` would find.)
    left = _last_mark(text, SENTENCE_BREAK, pos) + 1
    found = _mark_positions(text, SENTENCE_BREAK)
    i = bisect_left(found, pos)
    right = found[i] if i < len(found) else len(text)
    return left, min(len(text), right + 1)


def _clause_start(text: str, pos: int) -> int:
    return _last_mark(text, _CLAUSE_BREAK, pos) + 1


class Extractor:
    """Turns one field's text into dated mentions and episodes, given compiled patterns from a rule."""

    def __init__(self, speech: list[Any], citizen_after: list[Any], citizen_before: list[Any],
                 other: list[Any] = ()) -> None:
        self.speech = speech
        self.citizen_after = citizen_after
        self.citizen_before = citizen_before
        self.other = list(other)  # a sentence about another order: its dates are that order's

    def _speech_spans(self, text: str) -> list[tuple[int, int]]:
        spans = list(quoted_spans(text))
        for pattern in self.speech:
            for m in pattern.finditer(text, timeout=0.5):
                _, end = _sentence_bounds(text, m.start())
                if text[m.end():m.end() + 1] in ("：", ":"):
                    # 王某反映：……复印件；11月13日企业到窗口询问时……。 What a colon introduces runs on through
                    # its semicolons to the full stop.
                    stop = _SENTENCE_END.search(text, m.end())
                    end = stop.start() + 1 if stop else len(text)
                spans.append((m.end(), end))
        return spans

    def _times(self, text: str) -> list[tuple[int, int, str, Any]]:
        """Every time expression in reading order: absolute dates, relative days, bare times."""
        found: list[tuple[int, int, str, Any]] = []
        taken = bytearray(len(text) + 1)  # characters already part of a time (linear, unlike pairwise checks)

        def add(start: int, end: int, how: str, obj: Any) -> None:
            if not any(taken[start:end]):
                taken[start:end] = b"\1" * (end - start)
                found.append((start, end, how, obj))

        for m in _RELATIVE.finditer(text):
            add(m.start(), m.end(), "relative", m)
        for m in _WITHIN.finditer(text):
            add(m.start(), m.end(), "within", m)
        for dm in find_dates(text):
            add(dm.start, dm.end, "date", dm)
        for m in _BARE_TIME.finditer(text):
            if not m.group("h") or (m.start() > 0 and text[m.start() - 1] not in _CLAUSE_MARKS):
                continue
            add(m.start(), m.end(), "bare", m)
        found.sort(key=lambda item: item[0])
        return found

    def _kind(self, text: str, when: When, speech: list[tuple[int, int]],
              other_sentences: dict[tuple[int, int], bool]) -> str:
        """``other_sentences``: whether a sentence speaks of another order or body, asked once per sentence
        (a sentence of thousands of dates is not searched for each of them)."""
        if any(s <= when.start < e for s, e in speech):
            return "speech"
        # The words just before a date tell what it is; a clause with no punctuation must not make this quadratic.
        clause = max(_clause_start(text, when.start), when.start - 40)
        before = text[clause : when.start]
        after = text[when.end : when.end + 24]
        # 申请延期至：2026年12月25日 — the label before a colon says what the date is.
        label = text[max(0, when.start - 12):when.start]
        if _PLAN_TAIL.match(after) or _PLAN_BEFORE.search(before) or _PLAN_BEFORE.search(label):
            return "plan"
        if _TIMETABLE.match(after) or _TIMETABLE_LABEL.search(label):
            return "inline"
        # A plan section runs to its full stop: “初步解决方案：12月1日发布公告；2027年3月15日进场施工。”
        # Searched within the window only: from the text's start, a mark that never occurs (！) made a long
        # draft quadratic.
        floor = max(0, when.start - 120)
        ends = [m.end() for m in _SENTENCE_END.finditer(text, floor, when.start)]
        section = max(ends[-1] if ends else floor, when.start - 120)
        if _PLAN_HEAD.search(text, section, when.start):
            return "plan"
        if any(p.search(before, timeout=0.5) for p in self.citizen_before):
            return "citizen"
        if self.other:
            bounds = _sentence_bounds(text, when.start)
            if bounds not in other_sentences:
                other_sentences[bounds] = any(p.search(text, *bounds, timeout=0.5) for p in self.other)
            if other_sentences[bounds]:
                return "other"
        if any(p.match(after, timeout=0.5) for p in self.citizen_after):
            return "citizen"
        tail = _RANGE_TAIL.match(after)
        if tail and (_FACT_AFTER_RANGE.match(after[tail.end():]) or not _HAS_DAY.search(when.text)):
            return "range"  # 12点—13点30分由李红霞轮流值守: hours with no day are a timetable, not an act
        # [2026-11-12 14:00] 执法队员……: a log line's time stamp in brackets opens its line like a bare date.
        # 四、问题处置<tab>10月20日下午……: a Word table's label cell before the date, as a label with a colon.
        if before.strip(" \t[［【") and not _AFTER_YU.search(before) \
                and not (_CELL_LABEL.match(before) and "月" in when.text):  # (4.5 in a row of figures is no date)
            return "inline"  # a date inside a clause (“生产日期为3月8日”), not the time of an act
        return "event"

    def mentions(self, text: str, year: int, ref: datetime | None, received: datetime | None,
                 speech: list[tuple[int, int]] | None = None) -> list[Mention]:
        """Every time in ``text`` with its kind; relative days count from the last event date before them."""
        speech = self._speech_spans(text) if speech is None else speech
        out: list[Mention] = []
        anchor: datetime | None = None
        dated: tuple[int, datetime] | None = None  # the last date written with its year: (end, day)
        planned_until = -1  # the end of the sentence of the last plan date
        other_sentences: dict[tuple[int, int], bool] = {}
        for start, end, how, obj in self._times(text):
            if how == "date":
                day = _resolve_year(obj, year, ref)
                if day is None:
                    continue
                if not obj.year and dated is not None and start - dated[0] <= _SAME_ACCOUNT \
                        and not _SENTENCE_END.search(text, dated[0], start):
                    # 2026年2月10日作出决定书……；3月2日张贴公告: a date without its year right after one
                    # with it is read near that date, not near the order.
                    day = _resolve_year(obj, dated[1].year, dated[1]) or day
                lo, hi = _interval(day, obj.hour, obj.minute or None)
                when = When(lo, hi, start, end, text[start:end], year_written=bool(obj.year))
            elif how == "within":
                if received is None:
                    continue
                n = int(obj.group("n"))
                delta = timedelta(hours=n) if obj.group("unit") == "小时" else timedelta(minutes=n)
                when = When(received, received + delta, start, end, text[start:end], relative=True)
            else:
                rel = obj.group("rel") if how == "relative" else None
                base = received if how == "relative" and obj.group("recv") else anchor
                if base is None:
                    continue
                day = base + timedelta(days=1) if rel in ("次日", "翌日", "第二天", "隔日") else base
                evening = rel in ("当晚", "当天晚上")
                ap = obj.group("ap") or ("晚上" if evening else None)
                hour = _hour(obj.group("h"), ap, evening)
                if hour is not None and hour < 12 and PM_AFTER.match(text, obj.end()):
                    hour += 12  # 当日 4:40 PM
                # “晚上六点四十……七点二十到了现场”: a bare hour after an afternoon one on the same day is
                # afternoon too, not the morning before it.
                if (hour is not None and hour < 12 and ap is None and rel is None and base is anchor
                        and anchor.hour >= 12 and hour + 12 >= anchor.hour):
                    hour += 12
                lo, hi = _interval(day, hour, _minute(obj) if hour is not None else None, ap)
                when = When(lo, hi, start, end, text[start:end], relative=True)
            kind = self._kind(text, when, speech, other_sentences)
            # 11月30日前定好施工队；12月10日前安装完成；12月11日郭秀琴带人验收: a later day in a sentence that
            # lists plan dates is one more step of the plan, not a day already past.
            if kind == "event" and how == "date" and planned_until > start and ref is not None and when.lo > ref:
                kind = "plan"
            if kind == "plan" and how == "date":
                stop = _SENTENCE_END.search(text, end)
                planned_until = stop.start() if stop else len(text)
            if how == "date" and obj.year and kind == "event" and (ref is None or when.lo <= ref + _LENDS_UNTIL):
                dated = (end, when.lo)  # an account's date, not a plan's (计划2027年5月31日前完工)
            out.append(Mention(when, kind))
            # 10月13日查询：补贴于9月18日发放……同日我办与银行协调: a date before the order was received,
            # told after the handling began, is history found; 同日 still counts from the handling's day.
            flashback = (received is not None and anchor is not None and when.lo < _day_start(received) <= anchor)
            if kind == "event" and not flashback:
                anchor = when.lo
        # 12月8号到货，12月9号安装接电，12月10号前恢复照明: a day not yet come, before a plan date in its
        # sentence, is a step of that plan too.
        # (Walked backwards with the nearest plan date after each mention: one pass, however many dates.)
        now, next_plan = today(), None
        for i in range(len(out) - 1, -1, -1):
            m = out[i]
            if m.kind == "plan":
                next_plan = m.when.start
            elif m.kind == "event" and m.when.lo > now and next_plan is not None \
                    and next_plan < _sentence_bounds(text, m.when.start)[1]:
                out[i] = Mention(m.when, "plan")
        return out

    def run(self, field_name: str, text: str, year: int, ref: datetime | None,
            received: datetime | None) -> tuple[list[Mention], list[Episode]]:
        speech = self._speech_spans(text)
        mentions = self.mentions(text, year, ref, received, speech)
        events = [m for m in mentions if m.kind in ("event", "citizen")]
        episodes: list[Episode] = []
        for i, m in enumerate(events):
            _, sentence_end = _sentence_bounds(text, m.when.start)
            nxt = events[i + 1].when.start if i + 1 < len(events) else len(text)
            end = min(sentence_end, nxt)
            # An act's description may not run into what the citizen said.
            for s, _ in speech:
                if m.when.end <= s < end:
                    end = s
            act_end = _act_end(text, m.when.end, end)
            episodes.append(Episode(field_name, m.when, m.when.start, act_end, text[m.when.start:act_end],
                                    citizen=m.kind == "citizen", sentence=text[m.when.start:end]))
        return mentions, episodes


def _act_end(text: str, pos: int, limit: int) -> int:
    """End of the clause a date belongs to: “3月5日，王明到现场查看，…” → through “查看”.

    A date standing alone before a comma takes the next clause; a date inside a clause keeps its own
    (“3月10日售出的面包…” is about bread, not an act of the staff).
    """
    tail = _RANGE_TAIL.match(text, pos)
    if tail:
        pos = tail.end()
        while pos < limit and text[pos] not in _CLAUSE_MARKS:
            pos += 1
    while pos < limit and text[pos] in " \t\u3000":
        pos += 1
    if pos < limit and text[pos] in "，,":
        pos += 1
    while pos < limit and text[pos] not in _CLAUSE_MARKS:
        pos += 1
    return pos


def build_timeline(draft: Draft, extractor: Extractor, fields: tuple[str, ...] = ("internal_result", "citizen_reply")
                   ) -> Timeline:
    # Read in simplified characters, without markdown markup (one for one, so every offset is the draft's):
    # 計劃 is 计划, **初步解决方案**： is 初步解决方案：.
    # A text wrapped out of a PDF (2026年1⏎2月15日) is read across its wraps, still one character for one.
    texts = [unwrapped(simplified(without_markup(draft.text(f)))) for f in fields]
    year, ref = base_year(draft, texts)
    timeline = Timeline(draft=draft, year_known=year is not None)
    for name, text in zip(fields, texts):
        mentions, episodes = extractor.run(name, text, year or 2000, ref, draft.received_at)
        timeline.mentions[name] = mentions
        timeline.episodes[name] = episodes
    return timeline


def _day_start(value: datetime) -> datetime:
    return value.replace(hour=0, minute=0, second=0, microsecond=0)


def whole_day(value: datetime) -> tuple[datetime, datetime]:
    """A date field's interval: a bare date (00:00) stands for the whole day."""
    if value.hour == 0 and value.minute == 0 and value.second == 0:
        return value, value + timedelta(days=1) - timedelta(seconds=1)
    return value, value


def fmt(value: datetime) -> str:
    text = f"{value.year}年{value.month}月{value.day}日"
    if value.hour or value.minute:
        text += f"{value.hour}时" + (f"{value.minute}分" if value.minute else "")
    return text


# Which vocabulary tells the dates that are not the department's own acts (the citizen's words, what the
# citizen did, another body's procedure, another order): one list, so that the timeline rules and the
# consistency rule read a draft the same way and share one timeline (two lists drift apart, and each
# difference builds the timeline once more).
TIMELINE_WORDS: dict[str, tuple[str, ...]] = {
    "speech": ("{转述日期}",), "citizen_after": ("{市民行为}",), "citizen_before": ("{市民于}", "{他机关于}"),
    "other": ("{别的工单}",),
}


def shared_timeline(cache: dict, draft: Draft, sources: tuple[tuple[str, ...], ...], compiled: tuple[list, ...]
                    ) -> Timeline:
    """The draft's timeline read with these patterns (speech, citizen_after, citizen_before, other), built once
    per draft in ``cache`` and shared by every rule that reads dates the same way."""
    if sources not in cache:
        cache[sources] = build_timeline(draft, Extractor(*compiled))
    return cache[sources]
