"""Loaders: JSON, JSONL and every DOCX layout end at the same Draft, remembering where fields came from."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from docx_builders import four_columns, heading_paragraphs, inline_paragraphs, label_above, label_right
from replycheck.errors import InputError
from replycheck.loaders import load_path
from replycheck.model import AttachmentKind, Category, Draft

INTERNAL = ("2026年3月5日9时30分，城建科工作人员王明通过电话联系反映人，了解到西河筒村三街路灯不亮。\n"
            "当日10时20分，电工李强到达现场，更换了损坏的灯泡，现已恢复照明，问题已经解决。")
CITIZEN = "2026年3月5日16时，王明电话回复市民：路灯已修复。市民表示满意。"
ROWS = [("工单编号", "BH2026030500117"), ("工单类型", "办理"), ("承办科室", "城建科"),
        ("接单时间", "2026-03-05 09:10"), ("办理结果（内部可见）", INTERNAL),
        ("回复市民时间及内容（市民可见）", CITIZEN), ("附件", "1.路灯维修后照片.jpg\n2.维修记录.pdf")]


def one(path: Path) -> Draft:
    items = load_path(path)
    assert len(items) == 1 and isinstance(items[0], Draft), items
    return items[0]


def assert_fields(d: Draft) -> None:
    assert d.order_id == "BH2026030500117"
    assert d.category is Category.办理
    assert d.department == "城建科"
    assert d.received_at is not None and (d.received_at.month, d.received_at.day, d.received_at.hour) == (3, 5, 9)
    assert d.internal_result == INTERNAL
    assert d.citizen_reply == CITIZEN
    names = [a.name for a in d.attachments if not a.name.startswith("文中图片")]
    assert names == ["路灯维修后照片.jpg", "维修记录.pdf"]
    assert d.attachments[0].kind is AttachmentKind.photo


@pytest.mark.parametrize("layout", [label_right, label_above, four_columns, inline_paragraphs, heading_paragraphs],
                         ids=lambda f: f.__name__)
def test_every_docx_layout_reads_the_same_fields(tmp_path, layout):
    assert_fields(one(layout(tmp_path / "d.docx", ROWS)))


def test_half_width_colons_and_parentheses(tmp_path):
    rows = [(label.replace("（", "(").replace("）", ")"), value) for label, value in ROWS]
    assert_fields(one(inline_paragraphs(tmp_path / "d.docx", rows, colon=":")))
    assert_fields(one(heading_paragraphs(tmp_path / "h.docx", rows)))


def test_contract_label_variants(tmp_path):
    rows = [("工单号", "BH2026030500117"), ("问题类型", "办理"), ("承办单位", "城建科"), ("派单时间", "2026-03-05 09:10"),
            ("办理结果", INTERNAL), ("回复市民内容", CITIZEN), ("佐证材料", "路灯维修后照片.jpg\n维修记录.pdf")]
    assert_fields(one(label_right(tmp_path / "d.docx", rows)))


def test_embedded_pictures_count_as_photos(tmp_path):
    d = one(label_right(tmp_path / "d.docx", ROWS[:-1], picture=True))
    assert [a.kind for a in d.attachments] == [AttachmentKind.photo]


def test_field_locations_point_at_paragraph_or_cell(tmp_path):
    table = one(label_right(tmp_path / "t.docx", ROWS))
    assert table.locations["internal_result"].describe() == "表格1第5行第2列"
    paras = one(heading_paragraphs(tmp_path / "p.docx", ROWS))
    assert paras.locations["internal_result"].kind == "paragraph"
    assert paras.locations["internal_result"].paragraph > paras.locations["category"].paragraph


def test_a_sentence_starting_with_a_label_word_is_content(tmp_path):
    rows = ROWS[:4] + [("办理结果（内部可见）", "办理结果已于3月5日告知反映人。\n办理结果为路灯已修复。")] + ROWS[5:]
    d = one(heading_paragraphs(tmp_path / "d.docx", rows))
    assert d.internal_result == "办理结果已于3月5日告知反映人。\n办理结果为路灯已修复。"


@pytest.mark.parametrize("stem", sorted(p.stem for p in (Path(__file__).parent.parent / "examples").glob("*.json")))
def test_example_docx_reads_like_its_json_twin(stem):
    examples = Path(__file__).parent.parent / "examples"
    twin_json, twin_docx = one(examples / f"{stem}.json"), one(examples / f"{stem}.docx")
    for field in ("order_id", "category", "action", "department", "received_at", "deadline",
                  "internal_result", "citizen_reply", "revisit_unsuitable"):
        assert getattr(twin_docx, field) == getattr(twin_json, field), field
    docx_names = [a.name for a in twin_docx.attachments if not a.name.startswith("文中图片")]
    assert docx_names == [a.name for a in twin_json.attachments]


def test_tracked_changes_and_text_box_fallbacks_read_as_the_reader_sees_them(tmp_path):
    """Deleted and moved-away text is not part of the reply; a text box's fallback copy is not read twice."""
    import zipfile

    path = inline_paragraphs(tmp_path / "tracked.docx",
                             [(label, "MARK" if label == "回复市民时间及内容（市民可见）" else value) for label, value in ROWS])
    w = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    tracked = ('<w:r><w:t>2026年3月5日16时，王明电话回复市民：</w:t></w:r>'
               '<w:del w:id="1" w:author="x"><w:r><w:delText>目前正在办理中，</w:delText></w:r></w:del>'
               '<w:moveFrom w:id="2" w:author="x"><w:r><w:t>已办结。</w:t></w:r></w:moveFrom>'
               '<w:ins w:id="3" w:author="x"><w:r><w:t>路灯已修复。</w:t></w:r></w:ins>'
               f'<w:r><mc:AlternateContent {w}><mc:Choice Requires="wps"><w:t>市民表示满意。</w:t></mc:Choice>'
               '<mc:Fallback><w:t>市民表示满意。</w:t></mc:Fallback></mc:AlternateContent></w:r>')
    with zipfile.ZipFile(path) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    xml = parts["word/document.xml"].decode("utf-8")
    start = xml.rindex("<w:r>", 0, xml.index("MARK"))
    end = xml.index("</w:r>", xml.index("MARK")) + len("</w:r>")
    parts["word/document.xml"] = (xml[:start] + "<w:r><w:t>回复市民时间及内容（市民可见）：</w:t></w:r>" + tracked
                                  + xml[end:]).encode("utf-8")
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    assert one(path).citizen_reply == CITIZEN


def test_a_label_wrapped_by_hand_in_a_narrow_column(tmp_path):
    rows = [(label.replace("（", "\n（").replace("及内容", "\n及内容"), value) for label, value in ROWS]
    assert any("\n" in label for label, _ in rows)
    assert_fields(one(label_right(tmp_path / "narrow.docx", rows)))


def test_json_object_array_and_chinese_keys(write_json):
    obj = {"工单编号": "A1", "工单类型": "咨询", "办理结果（内部可见）": "x"}
    assert one(write_json(obj)).order_id == "A1"
    items = load_path(write_json([obj, {**obj, "工单编号": "A2"}], "many.json"))
    assert [d.order_id for d in items] == ["A1", "A2"]
    assert items[1].locations["internal_result"].pointer == "/1/internal_result"


def test_json_with_bom(tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"order_id": "B1"}).encode())
    assert one(path).order_id == "B1"


def test_gbk_json_is_decoded_and_said(tmp_path):
    path = tmp_path / "gbk.json"
    path.write_bytes(json.dumps({"order_id": "G1", "internal_result": "经核实，问题已解决"}, ensure_ascii=False).encode("gbk"))
    d = one(path)
    assert d.internal_result == "经核实，问题已解决"
    assert any("GB18030" in note for note in d.notes)


def test_a_quoted_value_with_a_line_break_keeps_the_error_on_one_line(write_json):
    (item,) = load_path(write_json({"工单编号": "A1", "工单类型": "咨\n询"}))
    assert isinstance(item, InputError)
    assert "“咨↵询”" in item.problem and "\n" not in item.problem + item.advice + str(item)


def test_a_lone_surrogate_handed_in_by_a_caller_is_replaced_not_raised():
    from replycheck.loaders.json_loader import load_text

    (bad_date,) = load_text('{"received_at": "\ud800"}', "x.json", lines=False)
    assert isinstance(bad_date, InputError) and "接单时间" in bad_date.problem
    (draft,) = load_text('{"internal_result": "a\ud800b"}', "x.json", lines=False)
    assert draft.internal_result == "a\ufffdb"


def test_jsonl_bad_line_keeps_the_good_ones(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text('{"order_id": "L1"}\n{oops\n\n{"order_id": "L3", "category": "投拆"}\n{"order_id": "L4"}\n',
                    encoding="utf-8")
    items = load_path(path)
    assert [type(i).__name__ for i in items] == ["Draft", "InputError", "InputError", "Draft"]
    assert "第2行" in str(items[1]) and "第4行" in str(items[2])
    assert items[3].locations["internal_result"].line == 5


@pytest.mark.parametrize("suffix,words", [(".xls", ["97-2003", "另存为", ".xlsx"]), (".pdf", ["PDF"]),
                                          (".pages", ["不支持", ".docx", ".xlsx", ".txt", ".doc"])])
def test_unsupported_files_say_what_is_supported(tmp_path, suffix, words):
    path = tmp_path / f"x{suffix}"
    path.write_bytes(b"whatever")
    (item,) = load_path(path)
    assert isinstance(item, InputError)
    assert all(w in str(item) for w in words)


def test_ole_file_named_docx(tmp_path):
    path = tmp_path / "old.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    (item,) = load_path(path)
    assert isinstance(item, InputError) and ".doc" in str(item) and "另存为" in str(item)
