"""Property tests: whatever bytes, text or JSON arrive, the loaders and the engine either work or say why.

The documented contract: ``decode``, ``load_text`` and ``parse_document`` raise nothing but InputError;
``load_path`` never raises (a file-level problem is an InputError item); ``check_draft`` never raises,
and its findings point at real text. Masking never changes a text's length.
"""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from replycheck.errors import InputError
from replycheck.model import Draft, Finding

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

LABELS = ["工单编号", "工单类型", "办理类型", "承办科室", "接单时间", "办理时限", "办理结果（内部可见）", "办理结果",
          "回复市民时间及内容（市民可见）", "附件", "佐证材料", "不适宜回访", "工单号：", "办理结果:"]
WORDS = ["咨询", "办理", "投诉", "举报", "建议", "办结", "退单", "延期", "已转城管科处理", "办理中", "建议联系",
         "电话", "13812345678", "11010519491231002X", "2026年3月4日9时30分", "3月5日", "市民表示满意", "经核实",
         "“", "”", "。", "，", "\n", "【", "】", "　", "\u200b", "Ａ", "𠮷", "😀", "\ud800", "\x00", "\u2028"]

# Texts that look like drafts: labels, hot words, dates and numbers, mixed with arbitrary characters.
draft_text = st.lists(st.one_of(st.sampled_from(LABELS + WORDS), st.text(max_size=12)), max_size=30).map("".join)
json_scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), draft_text)
json_value = st.recursive(json_scalar, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.one_of(st.sampled_from(LABELS), st.text(max_size=8)), inner,
                                                 max_size=5)), max_leaves=20)
field_names = st.sampled_from(["order_id", "category", "action", "department", "received_at", "deadline",
                               "internal_result", "citizen_reply", "attachments", "revisit_unsuitable", "工单类型",
                               "附件", "extra"])
draft_like = st.dictionaries(field_names, json_value, max_size=8)


def _only_drafts_or_errors(items) -> None:
    assert isinstance(items, list)
    for item in items:
        assert isinstance(item, (Draft, InputError)), item
        if isinstance(item, InputError):
            assert "\n" not in item.problem, item.problem


# ---------------------------------------------------------------- JSON
@SETTINGS
@given(st.binary(max_size=2000))
def test_decode_takes_any_bytes(raw):
    from replycheck.loaders.json_loader import decode

    try:
        text, encoding = decode(raw, "x.json")
    except InputError:
        return
    assert isinstance(text, str) and (encoding is None or isinstance(encoding, str))


@SETTINGS
@given(st.text(max_size=2000), st.booleans())
def test_load_text_takes_any_text(text, lines):
    from replycheck.loaders.json_loader import load_text

    try:
        items = load_text(text, "x.json", lines=lines)
    except InputError:
        return
    _only_drafts_or_errors(items)


@SETTINGS
@given(st.one_of(draft_like, st.lists(draft_like, max_size=4), json_value), st.booleans())
def test_load_text_takes_any_json_value(value, lines):
    from replycheck.loaders.json_loader import load_text

    text = json.dumps(value, ensure_ascii=False)
    if lines and isinstance(value, list):
        text = "\n".join(json.dumps(v, ensure_ascii=False) for v in value)
    try:
        items = load_text(text, "x.jsonl" if lines else "x.json", lines=lines)
    except InputError:
        return
    _only_drafts_or_errors(items)


# ---------------------------------------------------------------- DOCX
@SETTINGS
@given(st.binary(max_size=3000))
def test_parse_document_takes_any_bytes(raw):
    from replycheck.loaders.docx_loader import parse_document

    try:
        values, locations, pictures = parse_document(raw, "x.docx")
    except InputError:
        return
    assert isinstance(values, dict) and isinstance(pictures, int)


def _xml_text(text: str) -> str:
    from xml.sax.saxutils import escape

    # XML 1.0 cannot carry these at all; a real document cannot hold them either.
    return escape("".join(c for c in text if c in "\t\n\r" or (" " <= c <= "\ud7ff") or ("\ue000" <= c <= "\ufffd")
                          or c > "\uffff"))


block = st.one_of(
    draft_text.map(lambda t: f"<w:p><w:r><w:t>{_xml_text(t)}</w:t></w:r></w:p>"),
    st.lists(st.lists(draft_text, min_size=1, max_size=3), min_size=1, max_size=4).map(
        lambda rows: "<w:tbl>" + "".join(
            "<w:tr>" + "".join(f"<w:tc><w:p><w:r><w:t>{_xml_text(c)}</w:t></w:r></w:p></w:tc>" for c in row) + "</w:tr>"
            for row in rows) + "</w:tbl>"),
    st.just("<w:p><w:r><w:drawing/></w:r></w:p>"),
    st.just('<w:tbl><w:tr><w:tc><w:tcPr><w:vMerge/><w:gridSpan w:val="x"/></w:tcPr></w:tc></w:tr></w:tbl>'),
)


@SETTINGS
@given(st.lists(block, max_size=12))
def test_parse_document_takes_any_word_body(blocks):
    from replycheck.loaders.docx_loader import parse_document

    xml = f'<w:document xmlns:w="{W_NS}"><w:body>{"".join(blocks)}</w:body></w:document>'.encode()
    try:
        values, _, _ = parse_document(xml, "x.docx")
    except InputError:
        return
    assert all(isinstance(v, str) for v in values.values())


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buffer.getvalue()


member_names = st.sampled_from(["word/document.xml", "_rels/.rels", "[Content_Types].xml", "word/x.xml", "a"])
random_file = st.one_of(
    st.binary(max_size=3000),
    st.dictionaries(member_names, st.binary(max_size=500), max_size=4).map(_zip),
    st.lists(block, max_size=6).map(lambda blocks: _zip({"word/document.xml": (
        f'<w:document xmlns:w="{W_NS}"><w:body>{"".join(blocks)}</w:body></w:document>').encode()})),
    st.tuples(st.lists(block, max_size=4), st.integers(0, 400)).map(lambda t: _zip({"word/document.xml": (
        f'<w:document xmlns:w="{W_NS}"><w:body>{"".join(t[0])}</w:body></w:document>').encode()})[: t[1]]),
    st.one_of(draft_like, json_value).map(lambda v: json.dumps(v, ensure_ascii=False).encode(
        "utf-8", errors="surrogatepass")),
)


@SETTINGS
@given(random_file, st.sampled_from([".docx", ".json", ".jsonl", ".doc", ".txt", ""]), st.sampled_from([1, 50]))
def test_load_path_never_raises(data, suffix, max_mb):
    from replycheck.loaders import load_path

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"草稿 -x{suffix}"
        path.write_bytes(data)
        items = load_path(path, max_bytes=max_mb * 1024 * 1024 if max_mb > 1 else 1024)
        _only_drafts_or_errors(items)
        assert path.read_bytes() == data


# ---------------------------------------------------------------- the engine and the reports
@SETTINGS
@given(draft_text, draft_text, st.sampled_from([None, "咨询", "办理", "投诉", "举报", "建议"]),
       st.sampled_from(["办结", "退单", "延期"]), st.booleans(),
       st.lists(st.tuples(draft_text, st.sampled_from(["photo", "agreement", "minutes", "document", "other"])),
                max_size=3))
def test_the_engine_takes_any_texts_and_points_at_real_words(internal, citizen, category, action, revisit, attachments):
    from replycheck.engine import check_draft
    from replycheck.rulebook import load_rules

    draft = Draft.model_validate({"internal_result": internal, "citizen_reply": citizen, "category": category,
                                  "action": action, "revisit_unsuitable": revisit,
                                  "attachments": [{"name": n, "kind": k} for n, k in attachments]})
    findings = check_draft(draft, _rules(load_rules))
    for f in findings:
        assert isinstance(f, Finding)
        if f.start is not None and f.field in ("internal_result", "citizen_reply"):
            text = draft.text(f.field)
            assert 0 <= f.start <= f.end <= len(text) and f.excerpt == text[f.start:f.end]


_RULES: list = []


def _rules(load_rules) -> list:
    if not _RULES:
        _RULES.extend(load_rules().rules)
    return _RULES


@SETTINGS
@given(draft_text, draft_text)
def test_reports_render_whatever_a_draft_holds(internal, citizen):
    import importlib.util

    from replycheck.engine import check_loaded
    from replycheck.report import FORMATS, ReportMeta, render
    from replycheck.rulebook import load_rules

    from replycheck.loaders.json_loader import load_text

    # Through the loader, as a file would come: it is what makes any text fit to be written out.
    text = json.dumps({"internal_result": internal, "citizen_reply": citizen, "category": "办理"})
    items = load_text(text, "草稿.json", lines=False) + load_text(json.dumps({"category": internal}), "坏.json",
                                                                 lines=False)
    results = check_loaded(items, _rules(load_rules), "草稿.json")
    for fmt, spec in FORMATS.items():
        if importlib.util.find_spec(spec.module) is None:
            continue
        for show in (False, True):
            out = render(fmt, results, ReportMeta(version="t", rules_digest="d", rules=_rules(load_rules),
                                                  show_pii=show))
            assert isinstance(out, bytes if spec.binary else str)


@SETTINGS
@given(draft_text)
def test_masking_keeps_the_length_and_leaves_no_whole_mobile_number(text):
    import re

    from replycheck.privacy import mask

    masked = mask(text)
    assert len(masked) == len(text)
    assume("*" not in text)
    assert not re.search(r"(?<!\d)1[3-9]\d{9}(?!\d)", masked)
