"""Staff named in a clause: 王明, 欧阳丽 (compound surnames), 张科长 (title and surname), 联系人：王明.

A citizen is never staff: 刘某, 王先生, 反映人张某, and a name right after 反映人/村民/被投诉人 belong to
the people the order is about. 马上, 高度 and the like look like a surname and a given name and are
listed in reading.yaml (people.not_names).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Callable, Sequence

from replycheck.reading.model import Person, Span

if TYPE_CHECKING:
    from replycheck.reading.lexicon import Lexicon

_HAN = "[\u4e00-\u9fa5]"
# What may follow a name: a list mark, a title, a verb of the department's work, punctuation, the bracket
# that closes it ([欧阳振东] in a system's log line, 电话回复(欧阳振东)), a visit (我付庆山上他家: 上 alone is too common).
_AFTER = ("(?=\\d{1,2}(?:点|时|[:：]|月|号|日)|[〇零一二三四五六七八九十两]{1,3}(?:点|时|月|号)|、|和|与|及|同志|通过|于|在|以|电话|致电|电联|微信|短信|视频|手机|座机|坐机|语音|上门|前往|到|赶|等|对|向|联系|入户|走访|带领|会同|给|打|拨|跟|为"
          "|约|带|陪|接|将|，|,|。|；|：|[|｜]|\\s|$|（|\\(|[\\]］】）)]|的|现场|一行|二人|两人|三人|共同|一同|立即|随即|及时|当即|第一时间|负责"
          "|回复|答复|告知|反馈|回访|回电|回拨|去电|核实|核查|查看|调查|检查|处理|协调|组织|再次|又|也|已|即|马上|赶赴|抵达|进行|开展|按|根据|依据"
          "|去|来|就|把|让|讲|上(?=[他她您其]|[^，。；]{0,5}家)|说明|解释|做|同|随|陪同|驾车|带队|牵头|主持|召集|及其|二位|俩|均|分别|先后|两名|会|用|使用|以|带着|拿着|当面|接待|赴|第[一二三四五六七八九十\\d]次|[Tt][Ee][Ll](?![A-Za-z0-9])|[WwVv][Xx](?![A-Za-z0-9]))")


# Where a bare name may start: after no Han character, or after a time (上午九点半左右张立新), 由/派/经, 我/俺.
_NAME_STARTS = "(?:(?<![\u4e00-\u9fa5])|(?<=[午时分日号许由派经后晚早半点我俺多钟])|(?<=左右))"

# 接待员王某某: a surname and 某某, as a published reply hides a member of staff's name.
_MASKED = re.compile(f"{_HAN}某某")

# 执法队员王明、村主任李强: a role word just before the name, itself after some Han character.
_ROLE_SUFFIXES = ("员", "长", "主任", "书记", "干部", "专干", "会计")
_ROLE_BEHIND = "|".join(f"(?<={_HAN}{suffix})" for suffix in _ROLE_SUFFIXES)


def name_sources(surnames: str, titles: str, roles: str, citizen_before: str, rare: str) -> tuple[str, ...]:
    """The patterns that find staff, built from the words in reading.yaml (people.*). They are compiled
    with the rest of the lexicon, once, and kept in the rule cache. ``rare`` surnames (柏, 卫, 项…) are
    also everyday words, so they count only where a title or a role anchors the name."""
    from replycheck.checks.patterns import first_chars

    name = f"(?:{surnames}){_HAN}{{1,2}}?"
    anchored = f"(?:{surnames}|{rare}){_HAN}{{1,2}}?"
    return tuple(p.pattern for p in (
        # 张科长, 欧阳副主任, 王明科长, 柏科长
        # 康宁苑社区书记: a place ending in a surname's character, then the unit's title, is no name
        re.compile(f"((?:{surnames}|{rare})(?!社区|村委|居委|党委|党支|支部|总支|工委){_HAN}{{0,2}}?)(?:副)?(?:{titles})"),
        # 工作人员王明、执法队员张强、劳动保障协理员孙晓；联系人：王明
        # (The role words are looked behind, not matched: a pattern that starts with any Han character would be
        # tried at every character of the text.)
        re.compile(f"(?:{roles}|{_ROLE_BEHIND})[:：=＝]?[ \\t\\n\u3000]*({anchored})(?:{_AFTER}|(?=[（(）)]))"),
        # 小王、老李：同事之间的称呼，也是具体的人
        re.compile(f"(?<![\u4e00-\u9fa5])((?:小|老)(?:{surnames})){_AFTER}"),
        # 王明同志 / 王明（网格员）; 我（刘建军）: the writer names himself in brackets; 10.12 09:40 韩立伟协理员电话
        # 联系: a name before a role word where a name may start (as in the pattern below: 向村干部 is no name)
        re.compile(f"({name})(?:同志|（(?:{roles})）|\\((?:{roles})\\))|(?<=我[（(])({name})(?=[）)])"
                   f"|{_NAME_STARTS}({name})(?=(?:{roles}){_AFTER})"),
        # 王明电话联系、王明、李伟上门；上午九点半左右张立新电话联系；我王树林给反映人打的电话
        re.compile(f"{_NAME_STARTS}({name}){_AFTER}"),
        # 城建科王明、综合办诸葛明珠、司法所上官文静、纪检监察室王振宇、营业班王雪
        re.compile(f"(?:科|办|所|站|队|中心|局|委|室|股|组|班|馆|窗口|村委会|居委会|社区|网格|的|综执|执法|残联|妇联|工会|岗)({name}){_AFTER}"),
        re.compile(f"(?:科|办|所|站|队|中心|局|委|村委会|居委会|社区|网格|的|员|长|任|警)((?:小|老)(?:{surnames})){_AFTER}"),  # 辅警小赵
        # 反映人铁蛋（王铁蛋）、反应人老柴头（柴广田）: the citizen's name in brackets after what the village calls them
        re.compile(f"(?:(?:{citizen_before})$|(?:{citizen_before})[\u4e00-\u9fa5]{{1,4}}[（(]$)"),
        # 11月3日 16:10<tab>电话<tab>周海波<tab>联系反映人: a name standing after a space or tab (the reading drops
        # the space, so the name now follows a Han character); tried only where a space stood.
        re.compile(f"({name}|(?:小|老)(?:{surnames})){_AFTER}"),  # also 小张 after a space (下午4点左右 小张当面告诉您)
    )) + (_role_anchor(first_chars(f"(?:{roles})")),)


def _role_anchor(role_firsts: frozenset[str] | None) -> str:
    """Where a match of the after-role pattern may start: at a character that only starts a role word (group
    2), just after one that only ends a role word looked behind (no group), or at and after one that does both
    (group 1)."""
    lasts = {suffix[-1] for suffix in _ROLE_SUFFIXES}
    if role_firsts is None:  # roles nobody can list by their first characters: try everywhere
        return "([\\s\\S])"

    def chars(found: set[str]) -> str:
        return "[" + "".join(sorted(found)) + "]" if found else "(?!)"

    return f"({chars(role_firsts & lasts)})|({chars(role_firsts - lasts)})|{chars(lasts - role_firsts)}"


def after_role(pattern, anchor, text: str):
    """``pattern.finditer(text)`` for the after-role pattern, tried only where ``anchor`` says a match may
    start: the pattern's role words are partly looked behind, so ``re`` cannot find such places itself
    and would try the whole pattern at every character."""
    pos = last = -1
    for hit in anchor.finditer(text):
        h, group = hit.start(), hit.lastindex
        for at in ((h, h + 1) if group == 1 else (h,) if group == 2 else (h + 1,)):
            if at < pos or at <= last:
                continue
            last = at
            m = pattern.match(text, at)
            if m is not None:
                yield m
                pos = m.end()


def source_of(pattern) -> str:
    return getattr(pattern, "pattern", None) or getattr(pattern, "_source", "")


def staff_in(lex: "Lexicon", text: str, span_of: Callable[[int, int], tuple[int, int]], original: str,
             field: str, gaps: Sequence[int] = ()) -> list[tuple[int, int, Person]]:
    """Every member of staff named in ``text`` (normalised): (start, end in ``text``, the person). ``gaps``:
    where the original had a space or tab between two characters."""
    titled, role_named, familiar, with_mark, bare, after_unit, familiar_unit, citizen_end, at_gap, role_anchor = lex.names
    not_names: frozenset = lex.people["not_names_set"]
    not_given: frozenset = lex.people.get("not_given_set", frozenset())
    place_ends: frozenset = lex.people.get("place_ends_set", frozenset())
    found: list[tuple[int, int, Person]] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, masked: bool = False) -> None:
        """``masked``: the name follows a post (接待员王某某), so a name hidden as 某某 is still staff's."""
        cand = text[start:end]
        if any(s < end and start < e for s, e in taken) or cand[:2] in not_names or cand in not_names \
                or cand[1:] in not_given or cand[2:] in not_given or cand[-1] in place_ends:
            return
        if citizen_end.search(text[max(0, start - 10):start]):
            return
        if not (masked and _MASKED.fullmatch(cand)):
            if text[end:end + 1] == "某" or "某" in cand:
                return
            citizen = lex.voice["citizen_name"].match(text, start)
            if citizen is not None and citizen.end() >= end:  # 王先生, 刘某某, 反映人
                return
        taken.append((start, end))
        s, e = span_of(start, end)
        found.append((start, end, Person(original[s:e], Span(field, s, e, original[s:e]))))

    for m in titled.finditer(text):
        add(m.start(), m.end())  # the whole “张科长”
    for pattern in (role_named, familiar, with_mark, bare, after_unit, familiar_unit):
        for m in (after_role(pattern, role_anchor, text) if pattern is role_named else pattern.finditer(text)):
            group = m.lastindex or 1  # a pattern's alternatives may each have their own group
            add(m.start(group), m.end(group), masked=pattern is role_named)
    for g in gaps:
        if (m := at_gap.match(text, g)) is not None:
            add(m.start(1), m.end(1))
    found.sort(key=lambda p: p[0])
    return found
