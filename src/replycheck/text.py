"""CJK-first text handling: NFKC normalisation with a map back to the original, quotes, sentences."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from replycheck import programs


class LazyPattern:
    """A regular expression compiled on first use: modules imported at start-up stay cheap (issue 5)."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._source = (pattern, flags)
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str):
        if self._compiled is None:
            self._compiled = programs.pattern(*self._source)
        return getattr(self._compiled, name)


_WRAP = "\x0b"  # a line break that only wraps a line (see hard_wraps): dropped like a space, never a number gap
_DROPPED = {" ", "\t", "\u3000", "\u00a0", "\u200b", "\ufeff", "\r", _WRAP}
_QUOTE_PAIRS = {"“": "”", "「": "」", "『": "』", "‘": "’", '"': '"', "﹁": "﹂"}
SENTENCE_ENDS = "。！？；!?;\n"
# A line break right after a comma is a wrapped line (text pasted from a form or a PDF), not the end of a
# sentence: the line breaks that end one, as a pattern, and the sentence ends with them.
HARD_LINE_BREAK = "(?<![，,、])\n"
SENTENCE_BREAK = "[。！？；!?;]|" + HARD_LINE_BREAK
_SEGMENT_MARKS = "，,。；;！？!?\n"
_OPENING = programs.pattern("[" + re.escape("".join(_QUOTE_PAIRS)) + "]")
_NUMBER_GAP = "·"  # kept between two numbers that only a space separated
_DIGIT_AFTER = programs.pattern(r"[ \t\u3000\u00a0\u200b\ufeff\r]*[0-9０-９]")
_DROPPED_RE = programs.pattern("[" + re.escape("".join(sorted(_DROPPED))) + "]")
_DROPPED_RUN = programs.pattern("[" + re.escape("".join(sorted(_DROPPED))) + "]+|\0$")  # \0 closes the last run
# ①10.12 1015 综治中心……: NFKC reads a circled number as its digit, which would run into the date after it
# (110.12). As an item's number it is read as one: ①…② become 1、…2、 (one original character each).
_ITEM_NUMBERS = {chr(0x2460 + i): f"{i + 1}、" for i in range(20)}
_ITEM_NUMBER_RE = programs.pattern("[\u2460-\u2473]")
_TRADITIONAL_FILE = Path(__file__).resolve().parent / "data" / "traditional.txt"
# Markup pasted from a chat assistant or a markdown editor: **联系时间**：, “## 二、联系群众”, “- ✔ 依据：”.
# Matched as if it were spaces (the words keep their offsets); 1390****427 keeps its stars.
_MARKUP = programs.pattern(r"(?m)^[ \t]*(?:(?:#{1,6}|[-*+>])[ \t]+|[■□◆◇●○★☆✔✓√•▪►▶][ \t]*)+|(?<![\d*])\*\*(?![\d*])")


@lru_cache(maxsize=1)
def _traditional():
    """Traditional characters and their simplified forms, one for one (data/traditional.txt): a reply
    copied from a traditional-character page is read with the same words, at the same offsets. The
    class of 2,500 characters is compiled once and kept in the disk cache (compiling it costs 3 ms)."""
    from replycheck import diskcache

    return diskcache.cached("traditional", [_TRADITIONAL_FILE], _read_traditional)


def _read_traditional():
    from replycheck.checks.patterns import compile_regex

    pairs = "".join(line.strip() for line in _TRADITIONAL_FILE.read_text(encoding="utf-8").splitlines()
                    if line.strip() and not line.startswith("#"))
    table = {ord(pairs[i]): pairs[i + 1] for i in range(0, len(pairs) - 1, 2)}
    return compile_regex("[" + "".join(pairs[0::2]) + "]", trusted=True), table


# After NFKC, clause punctuation is written the Chinese way, so that a rule written with ，；：（）
# matches text typed in either keyboard mode (NFKC alone would turn ， into ,).
_PUNCT = str.maketrans({",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？"})


# A half-width full stop typed between Chinese sentences (投诉属实. 当事人……) ends a sentence like 。 does;
# so does one ending a line (自行撤离.↵处罚决定：); one in a number (2021.3.5) or a file name (照片.jpg) does
# not. (Spaces are gone by now: a date may follow it.)
_STOP = LazyPattern(r"(?<=[^\x00-\x7f]|\])\.(?=[^\x00-\x7f]|$|\n|\d{1,2}(?:月|日|号|时|点|[:：./-]\d)|\d{4}年)")


def simplified(text: str) -> str:
    """``text`` with traditional characters in their simplified form, one for one: offsets stay the same."""
    traditional, table = _traditional()
    if "." in text:
        text = _STOP.sub("。", text)
    return text.translate(table) if traditional.search(text) else text


_HARD_BREAK = re.compile(HARD_LINE_BREAK)
_SENTENCE_END = re.compile("[" + re.escape(SENTENCE_ENDS) + "]")


# 2.时间：11月17日10时20分；地点：…；人员：…；方式：到达现场踏勘；结果：…: one entry of a ledger, its fields
# parted by ； (or listed one per line, - 时间：… / - 人员：… / - 方式：…). The entry is one sentence, so that
# the time and people of its first fields belong to the act its 方式 or 结果 names.
# (联系时间：… / 联系人员：… lines are a contact record of their own: reading.contact_label.)
_LEDGER_FIELD = (r"(?:(?:检查|核查|复查|执法|处置|现场|巡查|出动|参加|参与|在场|经办|承办)?"
                 r"(?:时\s*间|日\s*期|地\s*点|地\s*址|人\s*员|方\s*式|结\s*果|内\s*容|措\s*施)"
                 r"|(?:处理|处置|核查|检查|复查|办理)(?:情况|结果)|(?:经办|承办|检查|执法)人)")
_BULLET = r"[ \t]*(?:[-*+•·●○▪]\s*)?"
# A field's name, then its colon (group 1) — or, copied out of a Word table (人员<tab>住建办工程师刘建华；时间：…),
# a tab that the normal text drops (NormalText._spaced_at tells where).
_FIELD_NAME = _LEDGER_FIELD + r"(\s*：)?"
# The first field of an entry may follow the entry's number; a later line opens with the field (a numbered
# line starts an entry of its own).
_LEDGER_ENTRY = LazyPattern(r"\s*(?:[（(]?[\d一二三四五六七八九十]{1,2}[.．、)）]\s*)?" + _BULLET + _FIELD_NAME)
_LEDGER_NEXT = LazyPattern(_BULLET + _FIELD_NAME)


def paragraph_start(text: str, pos: int) -> int:
    """Where the paragraph holding ``pos`` begins: after the last line break that is not a wrapped line
    (HARD_LINE_BREAK), looked for backwards from ``pos``."""
    i = text.rfind("\n", 0, pos)
    while i > 0 and text[i - 1] in "，,、":
        i = text.rfind("\n", 0, i)
    return i + 1


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Ranges of ``text`` inside quotation marks; an unclosed quote or one running past a line is a typo
    (a line wrapped after a comma goes on)."""
    ranges: list[tuple[int, int]] = []
    # Jump from one opening mark to the next (a per-character loop was a hot spot: issue 5).
    m = _OPENING.search(text)
    while m is not None:
        i = m.start()
        j = text.find(_QUOTE_PAIRS[text[i]], i + 1)
        if j != -1 and not _HARD_BREAK.search(text, i + 1, j):
            ranges.append((i, j + 1))
            m = _OPENING.search(text, j + 1)
        else:
            m = _OPENING.search(text, i + 1)
    return ranges


def without_markup(text: str) -> str:
    """``text`` with its markdown markup (_MARKUP) turned into spaces: one for one, so every offset holds."""
    return _MARKUP.sub(lambda m: " " * len(m.group()), text) if _MARKUP.search(text) else text


# A line's successor that begins an item of its own: 一、, 2、, （三）, 【…】, [10-12 09:31], a page line, a bullet,
# a clock time or a date (10:40 王立新到站台看; 11.13 09:30), a label (反映人：, 联系人：王明). Table rows (tabs, an
# indented continuation) are never wrapped.
_RECORD_START = LazyPattern(r"\s*(?:[一二三四五六七八九十]+[、.．，,]|\d{1,2}\s*[、．.)）](?!\d)|[（(][一二三四五六七八九十\d]{1,2}[）)]|[【\[]"
                            r"|第\s*\d+\s*页|[-*+•·#>|]|\d{1,2}\s*[:：]\s*\d{2}|\d{1,4}\s*[./／\-年月]\s*\d{1,2}"
                            r"|[\u4e00-\u9fff]{1,10}\s*[:：])")
# What ends a line that is not wrapped: the end of a sentence, a label's colon, a closing bracket or quote.
_LINE_END = frozenset("。！？!?；;：:…」』”\"'）)】].")
# 10月1⏎2日: a number broken across the lines (not a phone number, not before a line that opens with a year).
_SPLIT_NUMBER = LazyPattern(r"(?<!\d)\d{1,4}$")
_YEAR_START = LazyPattern(r"\d{4}\s*[年./\-]")
_TABLE_ROW = LazyPattern(r"\t|\S[ \u3000]{2,}\S|[|｜]")  # 联系时间<tab>…, 联系人    孙浩然: a row of a pasted table
_INDENTED = LazyPattern(r"\t|[ \u3000]{3,}")  # a table's continuation row (a markdown bullet leaves two spaces)
_LABEL_LINE = LazyPattern(r"\s*[\u4e00-\u9fff]{1,10}\s*[:：].{0,12}$")  # 工单状态：办理中: a field on its own line
_WRAP_LINE = 8  # a shorter line is a heading or a name (调查核实, 杨家泊镇城建科), not a wrapped one


def hard_wraps(text: str) -> str:
    """``text`` with the line breaks that only wrap a line turned into _WRAP (one character for one).

    Text copied out of a PDF or a scan, and notes typed in from handwriting, break lines in the middle of a
    sentence or a date (10月1⏎2日). A break is such a wrap when the line before it ends with no mark that ends
    a sentence and the line after it opens no item of its own; a number broken across the lines always is.
    A draft shows this at least twice before any break is read as a wrap, so that one heading or name
    standing above its text (杨家泊镇城建科⏎……) stays on its own line."""
    if text.count("\n") < 2:
        return text
    lines = text.split("\n")
    wraps = []
    at = 0
    wrapped_before = False  # the break before this line was a wrap
    for i, line in enumerate(lines[:-1]):
        at += len(line)
        if at in wraps:  # the blank line after a comma, already read across
            at += 1
            continue
        body, after = line.rstrip(), lines[i + 1].lstrip()
        # 11月10日10时，⏎⏎农业农村办……: no paragraph ends at a comma, so a blank line after one is a wrap too
        skip = not after and body[-1:] in ("，", ",") and i + 2 < len(lines) and lines[i + 2].strip()
        if skip:
            after = lines[i + 2].lstrip()
        # A short line is a heading or a name (调查核实, 杨家泊镇城建科) unless the line before it was wrapped too.
        long_enough = len(body.strip()) >= _WRAP_LINE or (wrapped_before and body.strip())
        wrapped_before = bool(
            long_enough and after and body[-1] not in _LINE_END and not _TABLE_ROW.search(line)
            and not _INDENTED.match(lines[i + 2 if skip else i + 1]) and not _LABEL_LINE.match(body)
            and (_SPLIT_NUMBER.search(body) and after[0].isdigit() and not _YEAR_START.match(after)
                 or not _RECORD_START.match(after)))
        if wrapped_before:
            wraps.append(at)
            if skip:
                wraps.append(at + 1)
        at += 1
    if len(wraps) < 2:
        return text
    chars = list(text)
    for at in wraps:
        chars[at] = _WRAP
    return "".join(chars)


def unwrapped(text: str) -> str:
    """``text`` with its wraps (hard_wraps) read across, one character for one: a number broken by a wrap is
    closed up (2026年1⏎2月 → 2026年 12月) and any other wrap becomes a space."""
    wrapped = hard_wraps(text)
    if _WRAP not in wrapped:
        return text
    chars = list(wrapped)
    for at, ch in enumerate(wrapped):
        if ch != _WRAP:
            continue
        chars[at] = " "
        if at and chars[at - 1].isdigit() and at + 1 < len(chars) and chars[at + 1].isdigit():
            start = at
            while start and chars[start - 1].isdigit():
                start -= 1
            chars[start + 1:at + 1] = chars[start:at]  # the digits move one place on, next to the rest
            chars[start] = " "
    return "".join(chars)


# 11月2曰: notes typed in from handwriting (or scanned) put 曰 for 日 after a day's number; one character for one.
_OCR_DAY = LazyPattern(r"(?<=[\d〇零一二三四五六七八九十])曰")


def _ocr_day(norm: str) -> str:
    return _OCR_DAY.sub("日", norm) if "曰" in norm else norm


# 86,400元: the comma groups an amount's digits; read as a clause mark it cut 已将86 from 400元. It becomes the
# Arabic thousands separator, which no pattern reads as punctuation (one character for one).
_THOUSANDS = LazyPattern(r"(?<=\d)(?<!\d\d\d\d)，(?=\d{3}(?!\d))")


def _grouped_digits(norm: str) -> str:
    return _THOUSANDS.sub("\u066c", norm) if "，" in norm else norm


# 举报人说:"停了就对了,这样公平.": straight quotes typed on a phone or an English keyboard. Line by line they
# pair up, opening then closing, and are read as “ and ” (one for one), so that what the vocabulary says of
# quoted words holds however the quotes were typed; an unpaired one stays as it is.
# <天津市物业服务收费管理办法> typed for 《》 on an English keyboard is a document's title; a < or > alone
# (室温<16℃) is not.
_STRAIGHT_QUOTE = LazyPattern(r'"([^"\n]*)"')
_ANGLE_TITLE = LazyPattern(r"<([^<>\n]{0,40}[\u4e00-\u9fff][^<>\n]{0,40})>")


def _curly(norm: str) -> str:
    if '"' in norm:
        norm = _STRAIGHT_QUOTE.sub(lambda m: "\u201c" + m.group(1) + "\u201d", norm)
    if "<" in norm:
        norm = _ANGLE_TITLE.sub(lambda m: "《" + m.group(1) + "》", norm)
    return norm


@dataclass
class NormalText:
    """A field's text normalised for matching (NFKC, no spaces), remembering original offsets.

    Rules match against ``norm``; ``span()`` turns a match back into offsets of ``original``
    so that reports quote exactly what the clerk wrote.
    """

    original: str
    norm: str = field(init=False)
    _map: list[int] | None = field(init=False, repr=False)  # None: offsets are the same in both

    def __post_init__(self) -> None:
        text = hard_wraps(without_markup(self.original))
        items = _ITEM_NUMBER_RE.search(text) is not None
        if not items and not _DROPPED_RE.search(text):
            whole = unicodedata.normalize("NFKC", text)
            if len(whole) == len(text):  # the common case: one character for one, offsets unchanged
                self.norm = _grouped_digits(_ocr_day(simplified(_curly(whole.translate(_PUNCT)))))
                self._map = None
                return
        pieces: list[str] = []
        offsets: list[int] = []
        # Run by run between the dropped characters; a run NFKC leaves one for one is copied whole.
        at = 0
        for gap in _DROPPED_RUN.finditer(text + "\0"):
            run = text[at:gap.start()]
            whole = unicodedata.normalize("NFKC", run)
            if len(whole) == len(run) and not _DROPPED_RE.search(whole) and not (items and _ITEM_NUMBER_RE.search(run)):
                if run:
                    pieces.append(whole)
                    offsets.extend(range(at, gap.start()))
            else:
                for i in range(at, gap.start()):
                    for c in _ITEM_NUMBERS.get(text[i]) or unicodedata.normalize("NFKC", text[i]):
                        if c not in _DROPPED:
                            pieces.append(c)
                            offsets.append(i)
            # “11.25 15:30”: spaces go, but two numbers must not run together into “11.2515:30”.
            if gap.start() < len(text) and pieces and pieces[-1][-1:].isdigit() \
                    and _DIGIT_AFTER.match(text, gap.start()) and pieces[-1] != _NUMBER_GAP:
                pieces.append(_NUMBER_GAP)
                offsets.append(gap.start())
            at = gap.end()
        self.norm = _grouped_digits(_ocr_day(simplified(_curly("".join(pieces).translate(_PUNCT)))))
        offsets.append(len(self.original))
        self._map = offsets

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of the normalised range [start, end)."""
        if self._map is None:
            return start, max(start, end)
        if end <= start:
            o = self._map[start]
            return o, o
        return self._map[start], self._map[end - 1] + 1

    @cached_property
    def gaps(self) -> list[int]:
        """Positions of ``norm`` where the clerk left a space between two Chinese characters (起居 马上 处理,
        text typed on a phone or by voice input without punctuation), or after a closing bracket or quote
        （福康里小区居民） 反映人称…: where a comma would stand."""
        if self._map is None:
            return []
        text, offsets, norm = self.original, self._map, self.norm
        return [i for i in range(1, len(norm))
                if offsets[i] - offsets[i - 1] > 1 and (_IDEOGRAPH(norm[i - 1]) or norm[i - 1] in "）)”」")
                and _IDEOGRAPH(norm[i])
                and not text[offsets[i - 1] + 1:offsets[i]].strip()
                and "\n" not in text[offsets[i - 1] + 1:offsets[i]]]  # a wrapped line's break is no space

    @cached_property
    def quoted(self) -> list[tuple[int, int]]:
        """Ranges of ``norm`` inside quotation marks: what the citizen or a document said, not our words."""
        return quoted_spans(self.norm)

    def in_quote(self, start: int, end: int) -> bool:
        quoted = self.quoted
        return bool(quoted) and any(s <= start and end <= e for s, e in quoted)

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        """Sentence ranges of ``norm``, cut at 。！？； and line breaks (not inside quotes)."""
        out: list[tuple[int, int]] = []
        start = 0
        quoted = self.quoted
        norm = self.norm
        for m in _SENTENCE_END.finditer(norm):  # jump from mark to mark: a loop over characters was a hot spot
            i = m.start()
            if not any(s < i < e - 1 for s, e in quoted) and not (m.group() == "\n" and _soft_wrap(norm, i)) \
                    and not (m.group() in "；\n" and i > start and self._inside_ledger_entry(start, i)):
                if i > start:
                    out.append((start, i + 1))
                start = i + 1
        if start < len(self.norm):
            out.append((start, len(self.norm)))
        return out

    def _inside_ledger_entry(self, start: int, at: int) -> bool:
        """The ； or line break at ``at`` stands inside one ledger entry that began at ``start``: a ； parts its
        fields or the items of one field (人员：孟祥宇、黄立新；执法队员王建国), a line break only comes before
        the entry's next field."""
        return (self.norm[at] == "；" or self._ledger_field_at(at + 1, _LEDGER_NEXT)) \
            and self._ledger_field_at(start, _LEDGER_ENTRY)

    def _ledger_field_at(self, pos: int, field_name) -> bool:
        """A ledger field opens at ``pos``: its name and a colon, or its name and a tab (as a table's cell)."""
        m = field_name.match(self.norm, pos)
        return m is not None and (m.group(1) is not None or self._spaced_at(m.end()))

    def _spaced_at(self, i: int) -> bool:
        """A space or tab of the original stood just before ``norm[i]`` (and was dropped)."""
        offsets = self._map
        if offsets is None or not 0 < i < len(offsets):
            return False
        dropped = self.original[offsets[i - 1] + 1:offsets[i]]
        return bool(dropped) and not dropped.strip() and "\n" not in dropped

    def segment_start(self, pos: int) -> int:
        """Start of the comma-delimited segment holding ``pos`` (for reported speech)."""
        i = pos
        while i > 0 and self.norm[i - 1] not in _SEGMENT_MARKS:
            i -= 1
        return i

    def segment_end(self, pos: int) -> int:
        """End of the comma-delimited segment holding ``pos``."""
        i = pos
        while i < len(self.norm) and self.norm[i] not in _SEGMENT_MARKS:
            i += 1
        return i


# A line that opens a numbered section: 2.现场核查与执法, 三、处理决定, （一）, ## 二、…
_SECTION_START = programs.pattern(r"[ \t]*(?:#|【|[一二三四五六七八九十]+[、.．，,]|\d{1,2}[.．、](?!\d)|[（(][一二三四五六七八九十\d]{1,2}[)）])")
_HEADING_MAX, _SECTION_MAX = 20, 400


# 执法人员<tab>皇甫振东、尉迟晓东 / 联系时间    2026年…: a row of a Word table flattened into text (a short field
# name, then a tab or two spaces), or its continuation line (starting with a tab). A colon is not enough:
# 经查：… and 处理结果：… open lines of running text.
# 执法时间<tab>…, or 【检查人员】刘建军、孙立国 (a 现场检查记录 pasted field by field)
_FORM_ROW = programs.pattern(r"[ \u3000]*(?:[-*+•]\s+)?[\u4e00-\u9fff]{2,6}(?:\t|[ \u3000]{2,}|[=＝])|\t|[ \u3000]*(?:[-*+•]\s+)?(?:\*\*)?【[\u4e00-\u9fff]{2,8}】")
_FORM_REACH = 4  # rows of one record read together, either way


def form_record(norm: NormalText, sentences: list[tuple[int, int]], k: int) -> tuple[int, int] | None:
    """When sentence ``k`` (a line) is a row of a flattened form, the normalised range of the rows around it:
    执法时间 / 执法人员 / 执法过程 are one record, whichever row names the act. None when it is no row."""
    original = norm.original
    if "\t" not in original and "  " not in original and "\u3000\u3000" not in original and "【" not in original \
            and "=" not in original and "＝" not in original:
        return None  # no tab, no run of spaces, no 字段=内容: no flattened form at all (the common case)

    def row(i: int) -> bool:
        start = norm.span(sentences[i][0], sentences[i][0] + 1)[0]
        line = norm.original.rfind("\n", 0, start) + 1
        return _FORM_ROW.match(norm.original, line) is not None
    if not row(k):
        return None
    lo = hi = k
    while lo > 0 and k - lo < _FORM_REACH and row(lo - 1):
        lo -= 1
    while hi + 1 < len(sentences) and hi - k < _FORM_REACH and row(hi + 1):
        hi += 1
    return sentences[lo][0], sentences[hi][1]


def opens_section(line: str) -> bool:
    """The line begins a numbered section (三、处理决定, 2., （一）, 【…】, # …)."""
    return _SECTION_START.match(line) is not None


def heading_section(norm: str, start: int, end: int) -> int | None:
    """When norm[start:end] is a numbered heading alone on its line (2.现场核查与执法, 【调查核实】), where the section it
    heads ends: at the next numbered heading, or _SECTION_MAX characters on. None when it is no heading."""
    line = norm[start:end].strip()
    if not line or len(line) > _HEADING_MAX or any(ch in line for ch in "，。；,;") or not _SECTION_START.match(line) \
            or not (end >= len(norm) or norm[end - 1] == "\n" or norm[end:end + 1] == "\n"):
        return None
    limit = min(len(norm), end + _SECTION_MAX)
    pos = end
    while pos < limit:
        nl = norm.find("\n", pos, limit)
        if nl == -1:
            return limit
        if _SECTION_START.match(norm, nl + 1):
            return nl + 1
        pos = nl + 1
    return limit


def _soft_wrap(norm: str, i: int) -> bool:
    """A line break after a comma (HARD_LINE_BREAK): the sentence goes on in the next line."""
    return _HARD_BREAK.match(norm, i) is None


def _IDEOGRAPH(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def sentence_around(text: str, start: int, end: int, limit: int = 60) -> tuple[int, str]:
    """The sentence holding text[start:end], cut to ``limit`` characters either side."""
    left = start
    while left > 0 and text[left - 1] not in SENTENCE_ENDS and start - left < limit:
        left -= 1
    right = end
    while right < len(text) and right - end < limit:
        right += 1
        if text[right - 1] in SENTENCE_ENDS:
            break
    while left < start and text[left] in " \t\u3000\n":
        left += 1
    return left, text[left:right].rstrip("\n")


@lru_cache(maxsize=16)
def normal_text(text: str) -> NormalText:
    """The normalised text of ``text``, shared: the rules and the reading normalise the same fields of the
    draft in hand (a NormalText never changes once built, so sharing it is safe)."""
    return NormalText(text)
