"""The draft model: English and Chinese keys, category/action aliases, the date forms people write."""

from __future__ import annotations

from datetime import datetime

import pytest

from replycheck.dates import cn_number, find_dates, parse_datetime
from replycheck.errors import InputError
from replycheck.loaders.common import build_draft
from replycheck.model import Action, AttachmentKind, Category, Draft


def draft(**data):
    return build_draft(data, source="x.json", index=0, locations={}, what="草稿")


@pytest.mark.parametrize("word,expected", [
    ("咨询", Category.咨询), ("consultation", Category.咨询), ("办理类", Category.办理), ("handling", Category.办理),
    ("投诉", Category.投诉), ("complaint", Category.投诉), ("举报类问题", Category.举报), ("report", Category.举报),
    ("建议", Category.建议), ("suggestion", Category.建议),
])
def test_category_accepts_chinese_and_english(word, expected):
    assert draft(category=word).category is expected


@pytest.mark.parametrize("word,expected", [(None, Action.办结), ("办结", Action.办结), ("reply", Action.办结),
                                           ("退单", Action.退单), ("return", Action.退单),
                                           ("延期", Action.延期), ("extension", Action.延期)])
def test_action_accepts_chinese_and_english(word, expected):
    assert draft(action=word).action is expected


def test_chinese_labels_as_keys():
    d = draft(**{"工单编号": "BH1", "工单类型": "办理", "承办科室": "城建科", "办理结果（内部可见）": "内部",
                 "回复市民时间及内容（市民可见）": "市民", "附件": [{"name": "a.jpg", "kind": "照片"}],
                 "不适宜回访": "否", "接单时间": "2020年8月3日9时10分"})
    assert (d.order_id, d.category, d.department, d.internal_result, d.citizen_reply) == ("BH1", Category.办理, "城建科", "内部", "市民")
    assert d.attachments[0].kind is AttachmentKind.photo
    assert d.revisit_unsuitable is False
    assert d.received_at == datetime(2020, 8, 3, 9, 10)


def test_half_width_label_variant_as_key():
    assert draft(**{"办理结果(内部可见)": "内部"}).internal_result == "内部"


def test_unknown_keys_are_kept_and_ignored():
    d = draft(order_id="1", 备注="随便写")
    assert d.model_extra == {"备注": "随便写"}


def test_attachment_kind_from_name():
    d = draft(attachments=["路灯维修后照片.jpg", "协调会会议纪要.docx", "人民调解协议书.pdf"])
    assert [a.kind for a in d.attachments] == [AttachmentKind.photo, AttachmentKind.minutes, AttachmentKind.agreement]


@pytest.mark.parametrize("text,expected", [
    ("2020-08-03 09:30", datetime(2020, 8, 3, 9, 30)),
    ("2020/8/3", datetime(2020, 8, 3)),
    ("2020年8月3日9时30分", datetime(2020, 8, 3, 9, 30)),
    ("8月3日上午9时", datetime(2026, 8, 3, 9, 0)),
    ("8月3日下午3时半", datetime(2026, 8, 3, 15, 30)),
    ("二〇二〇年八月三日", datetime(2020, 8, 3)),
    ("二〇二六年十二月二十一日上午十时", datetime(2026, 12, 21, 10, 0)),
    ("26.10.28 09:00 城建办-王工电话回复", datetime(2026, 10, 28, 9, 0)),  # a spreadsheet's two-digit year
    ("26.10.28 9点 城建办", datetime(2026, 10, 28, 9, 0)),
])
def test_dates_people_write(text, expected):
    assert parse_datetime(text, lambda month, day: 2026) == expected


@pytest.mark.parametrize("text", ["依据第3.3.3条", "面积26.10.5亩", "版本1.26.10.28", "26.13.40", "第22.3.5条"])
def test_numbers_with_points_are_no_two_digit_year_dates(text):
    assert find_dates(text) == []


def test_cn_numbers():
    assert [cn_number(x) for x in ("十", "十二", "二十三", "三十一", "二〇二〇", "12")] == [10, 12, 23, 31, 2020, 12]


def test_find_dates_positions():
    text = "3月5日9时电话联系，次日上午到现场，二〇二六年三月七日回复。"
    found = find_dates(text)
    assert [(d.month, d.day) for d in found] == [(3, 5), (3, 7)]
    assert text[found[1].start:found[1].end].startswith("二〇二六年三月七日")


@pytest.mark.parametrize("data,words", [
    ({"category": "投拆"}, ["工单类型", "投拆", "咨询、办理、投诉、举报、建议"]),
    ({"received_at": "上周"}, ["接单时间", "上周", "无法识别为日期"]),
    ({"internal_result": 123}, ["办理结果（内部可见）", "应为文字"]),
    ({"order_id": "BH1", "attachments": [{"name": "x", "kind": "视频"}]}, ["附件", "photo"]),
    ({"revisit_unsuitable": "也许"}, ["不适宜回访", "是 或 否"]),
])
def test_validation_error_is_one_chinese_line_naming_the_field(data, words):
    with pytest.raises(InputError) as err:
        draft(**data)
    line = str(err.value)
    assert "\n" not in line and "Traceback" not in line
    for word in words:
        assert word in line


def test_draft_text_helper():
    d = Draft(internal_result="a")
    assert d.text("internal_result") == "a" and d.text("citizen_reply") == ""
