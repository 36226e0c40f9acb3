"""A good reply stays good however it is typed, and whatever else it mentions.

Staff write the same day as 11月3日, 11月3号, 十一月三日, 11.3 or 11/3, the time as 9:20 or 9点20分, type
half-width punctuation from a phone or an English keyboard, paste text whose lines wrap after commas,
call the reporter 来电人, reach them by 微信, open with the office's set phrases, paste the platform's
status row above the text, paste a chat assistant's markdown or a Word table's rows, leave a number for further questions at its end, record an unhappy citizen
honestly, and mention what is not the result: the citizen's words, another order, a negation.
Each compliant draft of the development split (tests/data/voices) is rewritten in each of these ways;
none may gain an error that the draft as written does not have. Labels are not needed for this: the
draft itself is the expectation.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys

import pytest

from conftest import ROOT

# 11月3日 → 11.3 / 11/3 / 11月3号: only a month and day without its year; a time right after it keeps
# the space staff type between them (11.3 9:20).
_MONTH_DAY = re.compile(r"(?<!年)(?<!\d)(\d{1,2})月(\d{1,2})日(?=(\d)?)")


def _month_day(sep: str):
    def rewrite(text: str) -> str:
        return _MONTH_DAY.sub(lambda m: f"{m.group(1)}{sep}{m.group(2)}" + (" " if m.group(3) else ""), text)

    return rewrite


_DIGITS = "〇一二三四五六七八九"


def _chinese(number: str) -> str:
    n = int(number)
    if n < 10:
        return _DIGITS[n]
    return ("" if n < 20 else _DIGITS[n // 10]) + "十" + (_DIGITS[n % 10] if n % 10 else "")


_CLOCK = re.compile(r"(?<!\d)(\d{1,2})[:：](\d{2})(?!\d)")
# A phone or an English keyboard: every mark half-width (the 、 key stays 、 in a Chinese input method).
_HALF_WIDTH = str.maketrans({"，": ",", "：": ":", "；": ";", "（": "(", "）": ")", "。": ".", "？": "?", "！": "!",
                             "“": '"', "”": '"'})
_TRADITIONAL = str.maketrans("经联系处理时间办电话问题据镇将会对于报发现态门业产为该这说话议与无关应还进过员东实见单网县区规费书设计场达长",
                              "經聯係處理時間辦電話問題據鎮將會對於報發現態門業產為該這說話議與無關應還進過員東實見單網縣區規費書設計場達長")
REWRITES = {
    "11.3": _month_day("."),
    "11/3": _month_day("/"),
    "11月3号": lambda text: _MONTH_DAY.sub(lambda m: f"{m.group(1)}月{m.group(2)}号", text),
    "十一月三日": lambda text: _MONTH_DAY.sub(lambda m: f"{_chinese(m.group(1))}月{_chinese(m.group(2))}日", text),
    "9点20分": lambda text: _CLOCK.sub(lambda m: m.group(1) + "点" + (m.group(2) + "分" if m.group(2) != "00" else ""),
                                      text),
    "半角标点": lambda text: text.translate(_HALF_WIDTH),
    # The reporter called by another of the names staff use; the office's set phrases before it all.
    "来电人": lambda text: text.replace("反映人", "来电人"),
    "微信联系": lambda text: text.replace("电话联系", "微信联系").replace("电话回复", "微信回复"),
    "开头套话": lambda text: "接到工单后，我单位高度重视，第一时间安排专人办理。" + text if text else text,
    # Pasted from a form or a PDF that wrapped its lines: a line break after every comma.
    "逗号后换行": lambda text: text.replace("，", "，\n"),
    "不满意": lambda text: re.sub(r"(表示|对答复|对处理结果|对办理结果)满意", r"\1不满意", text),
    # Typed with a traditional-character input method (or pasted from a Hong Kong / Taiwan page).
    "繁体字": lambda text: text.translate(_TRADITIONAL),
    # A number left for further questions at the end of the text, after the reaction or the date line.
    "留咨询电话": lambda text: text + "如有疑问，可拨打镇城建科电话022-12345678。" if text else text,
    # Drafted with a chat assistant and pasted with its markdown: every line a bullet, a field's name in bold.
    "AI排版": lambda text: "\n".join("- " + re.sub(r"^([^：:，。\n\d]{1,8})([：:])", r"**\1**\2", line) if line.strip()
                                     else line for line in text.split("\n")),
    # Copied out of a Word table: a field's name and its value separated by a tab, not a colon.
    "Word表格": lambda text: re.sub(r"(?m)^([^：:，。\n\d]{2,8})[：:]", "\\1\t", text),
    # The platform's status row pasted above the text, as it shows on the screen staff copy from.
    "平台状态行": lambda text: "工单状态：办理中\n" + text if text else text,
}
# Words that are not the department's result, put before its account (the internal result only).
TRAPS = {
    "市民的话": "市民称平台上一直显示“办理中”，之前打过电话说已转给别的科室了。",
    "别的工单": "该户此前几次来电的工单都已办结。",
    "否定": "本件由我单位直接办理，没有转给其他单位，不存在办理中的情况。",
}


@pytest.fixture(scope="module")
def compliant_drafts(ruleset):
    spec = importlib.util.spec_from_file_location("judgement", ROOT / "bench" / "judgement.py")
    judgement = importlib.util.module_from_spec(spec)
    sys.modules["judgement"] = judgement
    spec.loader.exec_module(judgement)
    drafts = []
    for path in judgement.chosen(sorted((judgement.DATA / "voices").glob("*.json")), "dev"):
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("defects"):
            continue
        errors = {f.rule for f in judgement.check(data, ruleset.rules) if f.severity.value == "error"}
        drafts.append((path.stem, data, errors))
    assert len(drafts) > 500  # the whole compliant development split, not a sample
    return judgement, drafts


def _gained(judgement, ruleset, drafts, change) -> list[str]:
    gained = []
    for stem, data, errors in drafts:
        new = {f.rule for f in judgement.check(change(data), ruleset.rules) if f.severity.value == "error"} - errors
        if new:
            gained.append(f"{stem}: {sorted(new)}")
    return gained


@pytest.mark.parametrize("way", list(REWRITES))
def test_a_compliant_draft_gains_no_error_when_typed_another_way(ruleset, compliant_drafts, way):
    judgement, drafts = compliant_drafts
    rewrite = REWRITES[way]
    assert _gained(judgement, ruleset, drafts, lambda data: dict(
        data, internal_result=rewrite(data.get("internal_result") or ""),
        citizen_reply=rewrite(data.get("citizen_reply") or ""))) == []


@pytest.mark.parametrize("trap", list(TRAPS))
def test_words_that_are_not_the_result_give_no_error(ruleset, compliant_drafts, trap):
    judgement, drafts = compliant_drafts
    assert _gained(judgement, ruleset, drafts, lambda data: dict(
        data, internal_result=TRAPS[trap] + (data.get("internal_result") or ""))) == []
