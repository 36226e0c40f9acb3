"""Dates and times as town staff write them: ISO, 2020年8月3日9时30分, 8月3日上午9时, 二〇二〇年八月三日."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Callable

from replycheck.text import LazyPattern

_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
           "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_N = r"[0-9０-９〇○零一二两三四五六七八九十]"
# Parts of the day written before a time (傍黑5点 is 17:00); _hour says which move the hour past noon.
# 晚9点30分接单: 晚 alone, right before a time, is the evening too.
AP = "凌晨|早上|早晨|上午|中午|下午|傍晚|傍黑|擦黑|晌午|头午|晚上|夜间|夜里|晚(?=\\s*[0-9０-９一二三四五六七八九十])"
# The parts of the day after noon: an hour under 12 written after one of them is p.m.
PM_PARTS = frozenset(("下午", "傍晚", "傍黑", "擦黑", "晚上", "晚", "夜间", "夜里"))

# Each date pattern opens with a look-ahead at the characters every match starts with: ``re`` tests that
# in C at each character and tries the whole pattern only there (its optional or looked-behind head would
# otherwise make it try everywhere). The same matches.
_ISO = LazyPattern(
    r"(?=\d)(?P<y>\d{4})\s*[-/.]\s*(?P<mo>\d{1,2})\s*[-/.]\s*(?P<d>\d{1,2})"
    r"(?:\s*[T ]?\s*(?P<h>\d{1,2})\s*[:：]\s*(?P<mi>\d{2})(?:\s*[:：]\s*\d{2})?)?"
)
# A time that may follow a numeric date (10.14上午9:30, 11-24 9:40, 26.10.28 9点); read by _clock.
_CLOCK_TAIL = (rf"(?:\s*(?P<ap>{AP}))?"
               r"(?:\s*(?P<h>\d{1,2})\s*(?:[:：点时])\s*(?:(?P<half>半)|(?P<mi>\d{1,2})\s*分?)?)?")
# 10/13、10.14上午9:30: month and day without the year, as staff type them. Not a fraction (2/3以上), an
# amount (12.6亩, 3.5%), a clause number (第3.2条, 3.3.3), an outline number at a line's start (1.2 基本情况) or
# one a bullet indents (- 1. 1至6层楼道: a space after the point). A month of 10–12 may open a line (11.9公孙磊电话告知):
# outlines seldom run to ten sections. A date may follow an item's number (；2.11.24下午复测).
_UNITS = r"米|亩|元|万|千|百|公里|公斤|千克|斤|吨|倍|个|条|项|款|分(?!钟)|度|℃|级|层|号楼|栋|平|户|人|次|小时|天|年|岁|月|[%％#A-Za-z]"
_SHORT = LazyPattern(
    r"(?=[0-9])(?:(?<![\d.．/／第A-Za-z\n])|(?<=\n)(?=1[0-2])|(?<=[；;。：:\n]\d[.．]))(?P<mo>1[0-2]|0?[1-9])\s?(?P<sep>[./／．])(?:(?<=[/／])\s)?(?P<d>3[01]|[12]\d|0?[1-9])"
    rf"(?![\d.．/／]|\s*(?:{_UNITS}))"
    + _CLOCK_TAIL
)
# 11-24 9:40、11-16王明电话告知: month and day joined by a hyphen, as staff type them. A hyphen far more often
# joins a range (3-5天, 8-10点, 9-12月, 7-8成, 2-3万元), so the day must be followed by a time, a punctuation
# mark or a word that is no count or measure.
# One character is enough to tell a count or a measure (公里, 小时, 分钟 start with 公, 小, 分): a class is
# cheap to match and to compile, and the pattern is copied into the vocabulary's {日期}.
_RANGE_UNITS = "[米亩元万千百公斤吨倍个条项款分度℃级层栋平户人次小天年岁月%％#成折点时周号期楼排组辆台件只头棵株盏根处家名所间套趟班路寸尺码瓶袋箱包两遍批轮场季届份张本门位道块段座眼口亿A-Za-z]"
_DASHED = LazyPattern(
    r"(?=[0-9])(?<![\d.．/／\-－—~～第A-Za-z])(?P<mo>1[0-2]|0?[1-9])(?P<sep>[-－])(?P<d>3[01]|[12]\d|0?[1-9])"
    rf"(?![\d.．/／\-－~～]|\s*(?:{_RANGE_UNITS}))(?=\s*(?:[\u4e00-\u9fff，,。；;:：、（(]|\d{{1,2}}\s*[:：点时]))"
    + _CLOCK_TAIL
)
# 26.10.28 09:00: a year of two digits, as a spreadsheet or a phone shows it. Points only (26/10/28 may be a
# day first), a year of this century's twenties or thirties, and no number or point around it (3.3.3, 第22.3.5条).
_YY = LazyPattern(
    r"(?=[23])(?<![\d.．/／\-－第A-Za-z])(?P<y>[23]\d)[.．](?P<mo>1[0-2]|0?[1-9])[.．](?P<d>3[01]|[12]\d|0?[1-9])"
    rf"(?![\d.．/／]|\s*(?:{_UNITS}))"
    + _CLOCK_TAIL
)
# 1014 0910 司马俊电话联系反映人: a phone log's month-day and hour-minute typed as two runs of four digits, at the
# head of a line (the reading keeps a · where a space stood between two numbers, see text.NormalText).
_PACKED = LazyPattern(
    r"(?:^|(?<=[\n；。]))(?P<mo>1[0-2]|0[1-9])(?P<d>0[1-9]|[12]\d|3[01])·(?P<h>[01]\d|2[0-3])(?P<mi>[0-5]\d)"
    r"(?=[\u4e00-\u9fff])"
)
_SHARE = LazyPattern(r"\s*(?:的|以上|以下|以内|左右|之|强|弱|多|比例)")
_CN = LazyPattern(
    rf"(?={_N})(?:(?P<y>{_N}{{2,4}})\s*年\s*)?(?P<mo>{_N}{{1,3}})\s*月\s*(?P<d>{_N}{{1,3}})\s*[日号]"
    rf"\s*(?P<ap>{AP})?"
    rf"\s*(?:(?P<h>{_N}{{1,3}})\s*(?:时|点|[:：])\s*(?:(?P<half>半)|(?P<mi>{_N}{{1,3}})\s*分?)?)?"
)


def cn_number(text: str) -> int | None:
    """Arabic or Chinese numerals to int: 12, 十二, 二十三, 二〇二〇."""
    text = text.strip().translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, units = text.partition("十")
        t = _DIGITS.get(tens, None) if tens else 1
        u = _DIGITS.get(units, None) if units else 0
        if t is None or u is None:
            return None
        return t * 10 + u
    value = 0
    for ch in text:
        if ch.isdigit():
            value = value * 10 + int(ch)
        elif ch in _DIGITS:
            value = value * 10 + _DIGITS[ch]
        else:
            return None
    return value


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date (and maybe a time of day) written in a text, with its span."""

    start: int
    end: int
    year: int | None
    month: int
    day: int
    hour: int | None = None
    minute: int | None = None

    def to_datetime(self, default_year: int) -> datetime | None:
        try:
            return datetime(self.year or default_year, self.month, self.day, self.hour or 0, self.minute or 0)
        except ValueError:
            return None


# 当日 4:40 PM, 11/12 (周四) 2:30 PM: a time written the Western way, its half of the day after it.
PM_AFTER = LazyPattern(r"\s*[Pp]\.?\s?[Mm]\b\.?")


# 12 Nov, Nov 12, 12 November 2026: a date written the English way (a staffer back from abroad, a pasted email).
_MONTHS = {m: i + 1 for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                           "nov", "dec"))}
_MONTH_NAME = (r"(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
               r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_ENGLISH_HINT = LazyPattern(r"(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)")
_ENGLISH = LazyPattern(r"(?i:(?<![\dA-Za-z])(?:(?P<d>\d{1,2})\s*" + _MONTH_NAME + r"|" + _MONTH_NAME.replace("mon", "mon2")
                       + r"\s*(?P<d2>\d{1,2})(?!\d))(?![A-Za-z])(?:,?\s*(?P<y>20\d\d))?)")


def _hour(raw: int, ap: str | None, pm: bool = False) -> int:
    if (ap in PM_PARTS or pm) and raw < 12:
        return raw + 12
    if ap in ("中午", "晌午") and raw < 6:
        return raw + 12
    return raw


def find_dates(text: str) -> list[DateMention]:
    """Every plausible date in ``text``, in order of appearance."""
    return list(_find_dates(text))


def _clock(m) -> tuple[int | None, int | None]:
    """(hour, minute) of a match of a numeric date pattern that may carry a time (groups h, mi, half, ap)."""
    if m["h"] and int(m["h"]) <= 24:
        return _hour(int(m["h"]), m["ap"], PM_AFTER.match(m.string, m.end()) is not None), \
            30 if m["half"] else (int(m["mi"]) if m["mi"] else 0)
    return None, None


@lru_cache(maxsize=256)
def _find_dates(text: str) -> tuple[DateMention, ...]:
    # Several checks read the dates of the same field text: parse each text once.
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for m in _ISO.finditer(text):
        y, mo, d = int(m["y"]), int(m["mo"]), int(m["d"])
        h = int(m["h"]) if m["h"] else None
        mi = int(m["mi"]) if m["mi"] else None
        if 1 <= mo <= 12 and 1 <= d <= 31:
            found.append(DateMention(m.start(), m.end(), y, mo, d, h, mi))
            taken.append((m.start(), m.end()))
    if "·" in text:
        for m in _PACKED.finditer(text):
            found.append(DateMention(m.start(), m.end(), None, int(m["mo"]), int(m["d"]), int(m["h"]), int(m["mi"])))
            taken.append((m.start(), m.end()))
    if "." in text or "．" in text:
        for m in _YY.finditer(text):
            found.append(DateMention(m.start(), m.end(), 2000 + int(m["y"]), int(m["mo"]), int(m["d"]), *_clock(m)))
            taken.append((m.start(), m.end()))
    for m in _CN.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        mo, d = cn_number(m["mo"]), cn_number(m["d"])
        y = cn_number(m["y"]) if m["y"] else None
        if mo is None or d is None or not (1 <= mo <= 12 and 1 <= d <= 31):
            continue
        if y is not None and y < 100:
            y += 2000
        h = mi = None
        if m["h"]:
            raw = cn_number(m["h"])
            if raw is not None and raw <= 24:
                h = _hour(raw, m["ap"], PM_AFTER.match(text, m.end()) is not None)
                mi = 30 if m["half"] else (cn_number(m["mi"]) if m["mi"] else 0)
        found.append(DateMention(m.start(), m.end(), y, mo, d, h, mi))
    # Most texts have no full-width or half-width point, slash or hyphen at all: skip the scan there.
    shorts = list(_SHORT.finditer(text)) if any(mark in text for mark in "./．／") else []
    if "-" in text or "－" in text:
        shorts += list(_DASHED.finditer(text))
    spans = taken + [(f.start, f.end) for f in found]
    for m in shorts:
        if m.start() == 0 and m["sep"] in ".．" or any(s < m.end() and m.start() < e for s, e in spans):
            continue
        # A slash is a fraction when a share follows it (2/3以上, 3/4的居民); 12/3前张贴公告, 10/15立案 are days.
        if m["sep"] in "/／" and not (m["h"] or m["ap"]) and _SHARE.match(text, m.end()):
            continue
        found.append(DateMention(m.start(), m.end(), None, int(m["mo"]), int(m["d"]), *_clock(m)))
    if _ENGLISH_HINT.search(text):
        spans = taken + [(f.start, f.end) for f in found]
        for m in _ENGLISH.finditer(text):
            if not any(s < m.end() and m.start() < e for s, e in spans):
                d = int(m["d"] or m["d2"])
                if 1 <= d <= 31:
                    found.append(DateMention(m.start(), m.end(), int(m["y"]) if m["y"] else None,
                                             _MONTHS[(m["mon"] or m["mon2"])[:3].lower()], d, None, None))
    found.sort(key=lambda dm: dm.start)
    return tuple(found)


def parse_datetime(value: str, year_for: Callable[[int, int], int] | None = None) -> datetime | None:
    """The first date in a field value such as 接单时间, or None when there is none (or when it has no
    year and no ``year_for(month, day)`` is given to supply one)."""
    mentions = find_dates(value)
    if not mentions:
        return None
    first = mentions[0]
    if first.year is None and year_for is None:
        return None
    return first.to_datetime(first.year or year_for(first.month, first.day))
