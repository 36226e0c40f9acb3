"""Issue 6: hostile and broken input — a clear error, nothing lost, nothing leaked, nothing hung.

Every case is built in tmp_path and run through the real command in a child process with a time limit
(subprocess timeout) and a memory limit (RLIMIT_AS). Each run also checks that there is no traceback,
that the input files are unchanged (sha256) and that nothing was written next to them.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import resource
import stat
import struct
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
MEMORY_LIMIT = 1536 * 1024 * 1024  # bytes of address space a run may use
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
SECRET = "SECRET-4f1c9e-不应出现在任何输出中"
ID_NUMBER = "11010519491231002X"  # a valid (sample) resident ID number
MOBILE = "13812345678"


# ---------------------------------------------------------------- running the command as a user would
@dataclass
class Run:
    code: int
    out: str
    err: str
    seconds: float

    @property
    def both(self) -> str:
        return self.out + self.err

    def report(self) -> list[dict]:
        return json.loads(self.out)

    def errors(self) -> list[str]:
        return [e["error"] for e in self.report() if e["error"]]


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def snapshot(folder: Path) -> dict[str, str]:
    """Every entry under ``folder`` (links not followed): content hash for files, type for the rest."""
    state: dict[str, str] = {}
    for root, dirs, files in os.walk(folder, followlinks=False):
        for name in dirs + files:
            path = Path(root, name)
            st = os.lstat(path)
            key = str(path.relative_to(folder))
            if stat.S_ISREG(st.st_mode):
                try:
                    state[key] = hashlib.sha256(path.read_bytes()).hexdigest() + stat.filemode(st.st_mode)
                except PermissionError:
                    state[key] = "unreadable" + stat.filemode(st.st_mode)
            else:
                state[key] = stat.filemode(st.st_mode) + (os.readlink(path) if stat.S_ISLNK(st.st_mode) else "")
    return state


def run(*args: str, cwd: Path, env: dict | None = None, timeout: float = 60, stdin: bytes | None = None,
        encoding: str = "utf-8", preexec=_limit_memory, internal_ok: bool = False) -> Run:
    before = snapshot(cwd)
    full_env = {**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})}
    full_env.pop("NO_COLOR", None)
    full_env.pop("REPLYCHECK_DEBUG", None)
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "replycheck", *args], cwd=cwd, env=full_env, input=stdin,
                          capture_output=True, timeout=timeout, preexec_fn=preexec)
    result = Run(proc.returncode, proc.stdout.decode(encoding, errors="replace"),
                 proc.stderr.decode(encoding, errors="replace"), time.monotonic() - start)
    assert snapshot(cwd) == before, "an input changed, or something was written next to the inputs"
    assert "Traceback" not in result.both, result.both[-3000:]
    if not internal_ok:
        assert "内部错误" not in result.both, result.both[-3000:]
    return result


def assert_clear(line: str, name: str, *words: str) -> None:
    """One line, in Chinese, naming the file, what is wrong and (after ；) what to do."""
    assert "\n" not in line, line
    assert name in line, line
    assert re.search(r"[\u4e00-\u9fff]", line), line
    assert "；" in line and "请" in line.split("；", 1)[1], line
    for word in words:
        assert word in line, line


def only_error(r: Run, name: str, *words: str) -> str:
    errors = r.errors()
    assert len(errors) == 1, r.out
    assert_clear(errors[0], name, *words)
    return errors[0]


@pytest.fixture
def work(tmp_path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    return folder


# ---------------------------------------------------------------- building .docx files by hand
def paragraphs(*texts: str) -> str:
    return "".join(f"<w:p><w:r><w:t xml:space=\"preserve\">{t}</w:t></w:r></w:p>" for t in texts)


GOOD_BODY = paragraphs("工单编号：BH2026030400213", "工单类型：咨询", "承办科室：社会事务办",
                       "办理结果（内部可见）：", "2026年3月4日9时30分，社会事务办工作人员王明电话联系反映人，解答了咨询。",
                       "回复市民时间及内容（市民可见）：", "2026年3月4日10时，王明电话回复市民，市民表示满意。")


def document_xml(body: str = GOOD_BODY, prolog: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
            f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>').encode("utf-8")


CONTENT_TYPES = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                 b'content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
                 b'officedocument.wordprocessingml.document.main+xml"/></Types>')
RELS = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/officeDocument" Target="word/document.xml"/></Relationships>')


def make_docx(path: Path, document: bytes | None = None, *, extra: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", RELS)
        if document is not None:
            zf.writestr("word/document.xml", document)
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return path


def patch_zip_entry(path: Path, name: str, *, flags: int = 0, size: int | None = None) -> None:
    """Rewrite a member's headers in place: OR ``flags`` into its bit flags, or claim another size."""
    data = bytearray(path.read_bytes())
    info = zipfile.ZipFile(path).getinfo(name)
    local = info.header_offset
    data[local + 6] |= flags
    if size is not None:
        struct.pack_into("<I", data, local + 22, size)
    pos = data.find(b"PK\x01\x02")
    while pos != -1:
        n = struct.unpack_from("<H", data, pos + 28)[0]
        if data[pos + 46: pos + 46 + n] == name.encode():
            data[pos + 8] |= flags
            if size is not None:
                struct.pack_into("<I", data, pos + 24, size)
        pos = data.find(b"PK\x01\x02", pos + 4)
    path.write_bytes(bytes(data))


# ================================================================ DOCX
def test_a_well_formed_hand_built_docx_is_read(work):
    make_docx(work / "ok.docx", document_xml())
    r = run("--format", "json", "ok.docx", cwd=work)
    assert r.code == 0 and r.errors() == [], r.out


def test_entity_bomb_is_refused_not_expanded(work):
    levels = '<!ENTITY a0 "ha">' + "".join(f'<!ENTITY a{i} "{("&a%d;" % (i - 1)) * 10}">' for i in range(1, 10))
    body = paragraphs("工单类型：咨询", "办理结果（内部可见）：&a9;")
    make_docx(work / "bomb.docx", document_xml(body, f"<!DOCTYPE w:document [{levels}]>"))
    r = run("--format", "json", "bomb.docx", cwd=work, timeout=30)
    assert r.code == 1
    only_error(r, "bomb.docx", "DTD")
    assert "hahaha" not in r.both


@pytest.mark.parametrize("target", ["secret", "/etc/passwd"])
def test_external_entity_never_reaches_any_output(work, tmp_path, target):
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    url = secret.as_uri() if target == "secret" else "file:///etc/passwd"
    body = paragraphs("工单类型：咨询", "办理结果（内部可见）：已核实&xxe;", "回复市民时间及内容（市民可见）：&xxe;")
    make_docx(work / "xxe.docx", document_xml(body, f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{url}">]>'))
    for fmt in ("json", "rich"):
        r = run("--format", fmt, "xxe.docx", cwd=work, timeout=30)
        assert r.code == 1
        assert SECRET not in r.both and "root:x:" not in r.both
        if fmt == "json":
            only_error(r, "xxe.docx", "DTD")


def test_the_xml_parser_itself_resolves_no_entity(tmp_path):
    """Second line of defence, below the DTD refusal: the parser neither expands nor fetches entities."""
    from lxml import etree

    from replycheck.loaders.docx_loader import _parser

    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    xml = (f'<!DOCTYPE r [<!ENTITY inner "EXPANDED-INTERNAL"><!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
           f'<r>&inner;&xxe;</r>').encode()
    shown = etree.tostring(etree.fromstring(xml, _parser())).decode()
    assert "EXPANDED-INTERNAL" not in shown and SECRET not in shown


def test_parse_document_without_the_dtd_gate_still_leaks_nothing(tmp_path, monkeypatch):
    from replycheck.errors import InputError
    from replycheck.loaders import docx_loader

    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    monkeypatch.setattr(docx_loader, "_refuse_dtd", lambda xml, source: None)
    body = paragraphs("工单类型：咨询", "办理结果（内部可见）：开头&xxe;结尾")
    xml = document_xml(body, f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>')
    try:
        values, _, _ = docx_loader.parse_document(xml, "x.docx")
    except InputError:
        return
    assert SECRET not in json.dumps(values, ensure_ascii=False)


def _bomb_docx(path: Path, megabytes: int) -> Path:
    """A real zip bomb: ``megabytes`` MB of XML whitespace, streamed (about 1000:1 compressed)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", RELS)
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            head, tail = document_xml().split(b"<w:body>")
            fh.write(head + b"<w:body>")
            chunk = b" " * (1 << 20)
            for _ in range(megabytes):
                fh.write(chunk)
            fh.write(tail)
    return path


def test_zip_bomb_is_refused_with_a_clear_message(work):
    _bomb_docx(work / "bomb.docx", 200)
    assert (work / "bomb.docx").stat().st_size < 2 * 1024 * 1024
    r = run("--format", "json", "bomb.docx", cwd=work, timeout=60)
    assert r.code == 1
    only_error(r, "bomb.docx", "解压后", "--max-size")


def test_the_size_cap_is_configurable(work):
    _bomb_docx(work / "padded.docx", 3)
    small = run("--format", "json", "--max-size", "1", "padded.docx", cwd=work)
    only_error(small, "padded.docx", "解压后")
    default = run("--format", "json", "padded.docx", cwd=work)
    assert default.errors() == [] and default.code == 0


def test_a_member_lying_about_its_size_is_refused(work):
    make_docx(work / "liar.docx", document_xml(GOOD_BODY + " " * 200_000))
    patch_zip_entry(work / "liar.docx", "word/document.xml", size=1000)
    r = run("--format", "json", "liar.docx", cwd=work)
    only_error(r, "liar.docx")


def test_an_archive_with_absurdly_many_entries_is_refused(work):
    with zipfile.ZipFile(work / "many.docx", "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("word/document.xml", document_xml())
        for i in range(10_001):
            zf.writestr(f"x/{i}", b"")
    r = run("--format", "json", "many.docx", cwd=work)
    only_error(r, "many.docx", "个文件")


def _broken_docx(kind: str, path: Path) -> None:
    if kind == "ole":
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096)
    elif kind == "text":
        path.write_text("这其实是一段文字，不是 Word 文档", encoding="utf-8")
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "truncated":
        whole = make_docx(path, document_xml(GOOD_BODY * 20)).read_bytes()
        path.write_bytes(whole[: len(whole) // 2])
    elif kind == "no-document":
        make_docx(path, None, extra={"word/styles.xml": b"<w:styles/>"})
    elif kind == "bad-xml":
        make_docx(path, b"<w:document><w:body><w:p>")
    elif kind == "corrupt-deflate":
        data = bytearray(make_docx(path, document_xml(GOOD_BODY * 20)).read_bytes())
        info = zipfile.ZipFile(path).getinfo("word/document.xml")
        start = info.header_offset + 30 + len(info.filename) + len(info.extra)
        for i in range(start + 10, start + 60):
            data[i] ^= 0x5A
        path.write_bytes(bytes(data))
    elif kind == "encrypted":
        make_docx(path, document_xml())
        patch_zip_entry(path, "word/document.xml", flags=0x1)
    elif kind == "no-body":
        make_docx(path, f'<w:document xmlns:w="{W_NS}"/>'.encode())


BROKEN_DOCX = {
    "ole": "97-2003", "text": "不是 zip", "empty": "0 字节", "truncated": "损坏或不完整",
    "no-document": "word/document.xml", "bad-xml": "已损坏", "corrupt-deflate": "损坏",
    "encrypted": "加密", "no-body": "正文为空",
}


@pytest.mark.parametrize("kind", list(BROKEN_DOCX))
def test_broken_docx_gives_one_clear_line_and_the_batch_goes_on(work, kind):
    _broken_docx(kind, work / "broken.docx")
    make_docx(work / "fine.docx", document_xml())
    r = run("--format", "json", "broken.docx", "fine.docx", cwd=work)
    assert r.code == 1
    only_error(r, "broken.docx", BROKEN_DOCX[kind])
    fine = [e for e in r.report() if e["path"] == "fine.docx"]
    assert fine and fine[0]["ok"] and fine[0]["error"] is None


def _long_docx(path: Path, count: int) -> Path:
    lines = [f"2026年3月4日9时30分，工作人员王明电话联系反映人，说明情况第{i}段。" for i in range(count)]
    body = paragraphs("工单编号：BH1", "工单类型：咨询", "办理结果（内部可见）：", *lines,
                      "回复市民时间及内容（市民可见）：", "已电话回复市民，市民表示满意。")
    return make_docx(path, document_xml(body))


def test_a_huge_legitimate_document_is_refused_by_size_without_eating_memory(work):
    _long_docx(work / "huge.docx", 300_000)  # 43 MB of XML, 13 million characters
    r = run("--format", "json", "huge.docx", cwd=work, timeout=90)
    assert r.code == 1
    only_error(r, "huge.docx", "文字过多", "--max-size")


def test_a_long_but_ordinary_draft_is_checked_not_refused(work):
    # 300,000 characters (a 0.5 MB .docx): long, but nothing like a bomb. Checking time grows linearly
    # with the text (bench/ for numbers), so it is checked like any other draft.
    _long_docx(work / "long.docx", 7_500)
    r = run("--format", "json", "long.docx", cwd=work, timeout=90)
    assert r.errors() == []
    element = r.report()[0]
    assert element["order_id"] == "BH1" and element["error"] is None
    assert "文字过多" not in r.err


def test_a_long_but_plausible_document_is_read(work):
    _long_docx(work / "long.docx", 1_500)  # about 60,000 characters
    r = run("--format", "json", "long.docx", cwd=work, timeout=90)
    assert r.errors() == []
    assert r.report()[0]["order_id"] == "BH1"


# ================================================================ JSON
DRAFT = json.loads((EXAMPLES / "ok-zixun.json").read_text(encoding="utf-8"))
DRAFT_TEXT = json.dumps({**DRAFT, "department": "社会事务办𠮷"}, ensure_ascii=False)

READABLE = {  # name → (bytes, the encoding the note must name, or None for no note)
    "utf8.json": (DRAFT_TEXT.encode("utf-8"), None),
    "utf8-bom.json": (b"\xef\xbb\xbf" + DRAFT_TEXT.encode("utf-8"), None),
    "gbk.json": (json.dumps(DRAFT, ensure_ascii=False).encode("gbk"), "GB18030"),
    "gb18030.json": (DRAFT_TEXT.encode("gb18030"), "GB18030"),
    "utf16-le-bom.json": (DRAFT_TEXT.encode("utf-16"), "UTF-16"),
    "utf16-be-bom.json": (b"\xfe\xff" + DRAFT_TEXT.encode("utf-16-be"), "UTF-16"),
    "utf16-le-nobom.json": (DRAFT_TEXT.encode("utf-16-le"), "UTF-16"),
    "utf16-be-nobom.json": (DRAFT_TEXT.encode("utf-16-be"), "UTF-16"),
    "utf32.json": (DRAFT_TEXT.encode("utf-32"), "UTF-32"),
}


@pytest.mark.parametrize("name", list(READABLE))
def test_json_encodings_are_decoded_and_said(work, name):
    data, encoding = READABLE[name]
    (work / name).write_bytes(data)
    r = run("--format", "json", name, cwd=work)
    assert r.code == 0 and r.errors() == [], r.out
    notes = r.report()[0]["notes"]
    if encoding is None:
        assert notes == []
    else:
        assert any(encoding in n and "UTF-8" in n for n in notes), notes
    assert r.report()[0]["department"] in ("社会事务办", "社会事务办𠮷")


UNREADABLE = {  # name → (bytes, words the one line must hold)
    "binary.json": (bytes(range(256)) * 8, ("UTF-8",)),
    "bad-bom.json": (b"\xef\xbb\xbf{\"internal_result\": \"\xff\xfe\"}", ("UTF-8",)),
    "number.json": (b"42", ("JSON 对象", "数字")),
    "string.json": (b'"hello"', ("JSON 对象", "字符串")),
    "null.json": (b"null", ("JSON 对象", "空值")),
    "bool.json": (b"true", ("JSON 对象", "布尔值")),
    "empty.json": (b"", ("空的",)),
    "blank.json": (b"  \n\t ", ("空的",)),
    "empty-array.json": (b"[]", ("没有草稿",)),
    "syntax.json": (b'{"internal_result": "x",}', ("JSON 格式错误", "第1行")),
    "int-text.json": (json.dumps({**DRAFT, "internal_result": 5}).encode(), ("应为文字",)),
    "dict-text.json": (json.dumps({**DRAFT, "citizen_reply": {"a": 1}}).encode(), ("应为文字",)),
    "attachments.json": (json.dumps({**DRAFT, "attachments": 5}).encode(), ("附件",)),
    "attachment-item.json": (json.dumps({**DRAFT, "attachments": [5]}).encode(), ("附件",)),
    "flag.json": (json.dumps({**DRAFT, "revisit_unsuitable": "maybe"}).encode(), ("不适宜回访",)),
    "date.json": (json.dumps({**DRAFT, "received_at": "昨天下午"}, ensure_ascii=False).encode(), ("日期",)),
    "category.json": (json.dumps({**DRAFT, "category": "外星"}, ensure_ascii=False).encode(), ("无法识别", "咨询")),
    "nesting.json": (b"[" * 100_000 + b"]" * 100_000, ("嵌套",)),
    "nesting-object.json": (b'{"a":' * 100_000 + b"1" + b"}" * 100_000, ("嵌套",)),
    "big-integer.json": (b'{"order_id": ' + b"9" * 5000 + b"}", ("数字",)),
}


@pytest.mark.parametrize("name", list(UNREADABLE))
def test_broken_json_gives_one_clear_line(work, name):
    data, words = UNREADABLE[name]
    (work / name).write_bytes(data)
    (work / "fine.json").write_text(DRAFT_TEXT, encoding="utf-8")
    r = run("--format", "json", name, "fine.json", cwd=work)
    assert r.code == 1
    only_error(r, name, *words)
    assert [e["ok"] for e in r.report() if e["path"] == "fine.json"] == [True]


def test_jsonl_bad_lines_are_reported_by_number_and_good_lines_still_checked(work):
    good = json.dumps(DRAFT, ensure_ascii=False)
    separator = json.dumps({**DRAFT, "order_id": "L7", "internal_result": DRAFT["internal_result"] + "\u2028补充"},
                           ensure_ascii=False)
    lines = [good, "{broken", "42", json.dumps({**DRAFT, "category": "外星"}, ensure_ascii=False), "", good,
             separator]
    (work / "mixed.jsonl").write_text("\n".join(lines), encoding="utf-8")
    r = run("--format", "json", "mixed.jsonl", cwd=work)
    assert r.code == 1
    errors = r.errors()
    assert len(errors) == 3
    for err, line in zip(errors, ("第2行", "第3行", "第4行")):
        assert_clear(err, "mixed.jsonl", line)
    checked = [e for e in r.report() if e["error"] is None]
    assert len(checked) == 3 and all(e["ok"] for e in checked)
    assert "L7" in [e["order_id"] for e in checked]  # a U+2028 inside a string does not cut the line


def test_a_huge_json_file_is_refused_by_the_size_cap(work):
    (work / "huge.json").write_text(json.dumps({**DRAFT, "internal_result": "很长" * 1_100_000}, ensure_ascii=False),
                                    encoding="utf-8")
    r = run("--format", "json", "--max-size", "1", "huge.json", cwd=work)
    only_error(r, "huge.json", "过大", "--max-size")
    r = run("--format", "json", "huge.json", cwd=work)
    only_error(r, "huge.json", "文字过多", "--max-size")


def test_standard_input_is_decoded_and_capped(work):
    r = run("--format", "json", "-", cwd=work, stdin=json.dumps(DRAFT, ensure_ascii=False).encode("gbk"))
    assert r.code == 0 and any("GB18030" in n for n in r.report()[0]["notes"])
    r = run("--format", "json", "--max-size", "1", "-", cwd=work, stdin=b" " * (2 * 1024 * 1024))
    only_error(r, "标准输入", "过大")


# ================================================================ rules
RULE = """\
id: {id}
clause: "3.3"
severity: warning
check: {check}
fields: [internal_result]
{body}
message: 测试规则
hint: 测试提示
examples: {{pass: [], fail: []}}
"""


def test_yaml_python_tags_are_an_error_and_nothing_runs(work, tmp_path):
    marker = tmp_path / "PWNED"
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "evil.yaml").write_text(RULE.format(
        id="evil", check="forbidden",
        body=f'patterns: !!python/object/apply:os.system ["touch {marker}"]'), encoding="utf-8")
    (work / "fine.json").write_text(DRAFT_TEXT, encoding="utf-8")
    r = run("--rules", str(rules), "fine.json", cwd=work)
    assert r.code == 2 and not marker.exists()
    line = r.err.strip()
    assert "\n" not in line and "evil.yaml:6" in line and "标签" in line


def test_an_invalid_regex_stops_the_command_naming_file_rule_and_line(work, tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "bad.yaml").write_text(RULE.format(id="bad-regex", check="forbidden", body="patterns:\n  - '已转(城管'"),
                                    encoding="utf-8")
    (work / "fine.json").write_text(DRAFT_TEXT, encoding="utf-8")
    r = run("--rules", str(rules), "fine.json", cwd=work)
    assert r.code == 2
    line = r.err.strip()
    assert "\n" not in line and "bad.yaml:7" in line and "bad-regex" in line and "已转(城管" in line


def test_a_catastrophic_pattern_times_out_for_that_draft_only(work, tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "slow.yaml").write_text(RULE.format(id="slow-rule", check="forbidden", body="patterns:\n  - '(a+)+$'"),
                                     encoding="utf-8")
    (work / "slow.json").write_text(json.dumps({**DRAFT, "internal_result": DRAFT["internal_result"] + "a" * 5000 + "b"},
                                               ensure_ascii=False), encoding="utf-8")
    (work / "fine.json").write_text(DRAFT_TEXT, encoding="utf-8")
    r = run("--format", "json", "--rules", str(rules), "slow.json", "fine.json", cwd=work, timeout=30)
    by_path = {e["path"]: e for e in r.report()}
    timeouts = [f for f in by_path["slow.json"]["findings"] if f["rule"] == "slow-rule"]
    assert len(timeouts) == 1 and timeouts[0]["severity"] == "warning" and "超时" in timeouts[0]["message"]
    assert not [f for f in by_path["fine.json"]["findings"] if f["rule"] == "slow-rule"]
    assert r.code == 0  # a timeout is a warning: the drafts themselves are fine


def test_a_merely_slow_pattern_run_per_sentence_is_bounded_per_rule(tmp_path):
    """Each call stays under MATCH_TIMEOUT, but hundreds of them would take minutes: the rule's budget stops it."""
    from replycheck.checks.base import RULE_BUDGET
    from replycheck.engine import check_draft
    from replycheck.model import Draft
    from replycheck.rulebook import load_rules

    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "near.yaml").write_text(RULE.format(id="slow-near", check="required",
                                                 body="near: ['(a|aa)+b']\nany_of: ['zzz']"), encoding="utf-8")
    rule = load_rules([rules]).by_id("slow-near")
    draft = Draft(category="咨询", internal_result=("a" * 24 + "。") * 600)
    start = time.monotonic()
    findings = check_draft(draft, [rule])
    assert time.monotonic() - start < RULE_BUDGET + 5
    assert [f.message for f in findings] == ["规则 slow-near 匹配超时，本份草稿未完成该项检查"]


# ================================================================ consoles
def _emoji_files(work: Path) -> None:
    reply = "2026年3月4日10时，王明电话回复市民😀，已转城管科处理𠮷，联系电话" + MOBILE + "。"
    (work / "草稿 😀𠮷.json").write_text(json.dumps({**DRAFT, "department": "社会事务办😀𠮷", "citizen_reply": reply},
                                                   ensure_ascii=False), encoding="utf-8")
    (work / "坏 😀.json").write_text('{"category": "外星😀𠮷"}', encoding="utf-8")


def test_a_gbk_console_never_crashes_on_unencodable_characters(work):
    _emoji_files(work)
    r = run("草稿 😀𠮷.json", "坏 😀.json", cwd=work, env={"PYTHONIOENCODING": "gbk"}, encoding="gbk")
    assert r.code == 1
    assert "已转城管科处理" in r.out and "外星" in r.out and "138****5678" in r.out


def test_json_and_output_files_are_always_utf8(work, tmp_path):
    _emoji_files(work)
    r = run("--format", "json", "草稿 😀𠮷.json", cwd=work, env={"PYTHONIOENCODING": "gbk"})
    assert "社会事务办😀𠮷" in r.out
    report = tmp_path / "报告 😀.txt"
    r = run("-o", str(report), "草稿 😀𠮷.json", cwd=work, env={"PYTHONIOENCODING": "gbk"}, encoding="gbk")
    assert "社会事务办😀𠮷" in report.read_text(encoding="utf-8")


def _existing_formats() -> list[str]:
    import importlib.util

    from replycheck.report import FORMATS

    return [fmt for fmt, spec in FORMATS.items() if importlib.util.find_spec(spec.module) is not None]


@pytest.mark.parametrize("fmt", _existing_formats())
def test_a_lone_surrogate_or_an_undecodable_file_name_breaks_no_report(work, tmp_path, fmt):
    """``"\\ud800"`` is valid JSON but cannot be written as UTF-8; nor can a file name that is not UTF-8."""
    (work / "s.json").write_text('{"category": "办理", "internal_result": "已转城\\ud800管科处理。"}', encoding="utf-8")
    (work / os.fsdecode(b"bad-\xff\xfe.json")).write_text(DRAFT_TEXT, encoding="utf-8")
    report = tmp_path / "report.out"
    r = run("--format", fmt, "-o", str(report), ".", cwd=work)
    assert r.code == 1
    from replycheck.report import FORMATS

    if FORMATS[fmt].binary:  # a workbook: every cell's text, as Excel would read it
        import io

        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(report.read_bytes()))
        written = "\n".join(str(v) for ws in book for row in ws.iter_rows(values_only=True) for v in row if v)
        written.encode("utf-8")  # strictly UTF-8
        assert "s.json" in written and "bad-" in written
        return
    written = report.read_bytes().decode("utf-8")  # strictly UTF-8
    assert "s.json" in written and "bad-" in written
    r = run("--format", fmt, ".", cwd=work)
    assert r.code == 1 and "bad-" in r.out


def test_rule_listing_and_explain_survive_a_gbk_console(work, tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "emoji.yaml").write_text(RULE.format(id="emoji-rule", check="forbidden", body="patterns: ['😀𠮷']")
                                      .replace("测试规则", "测试规则😀𠮷"), encoding="utf-8")
    for args in (("rules", "--rules", str(rules)), ("explain", "emoji-rule", "--rules", str(rules))):
        r = run(*args, cwd=work, env={"PYTHONIOENCODING": "gbk"}, encoding="gbk")
        assert r.code == 0 and "测试规则" in r.out


# ================================================================ files
def test_awkward_names_work(work):
    for name in ("-x.json", "a b 草稿.json", "回复 (1).json"):
        (work / name).write_text(DRAFT_TEXT, encoding="utf-8")
    for args in (["--", "-x.json"], ["./-x.json"], ["a b 草稿.json"], ["回复 (1).json"]):
        r = run("--format", "json", *args, cwd=work)
        assert r.code == 0 and len(r.report()) == 1, (args, r.both)


def test_line_breaks_in_a_file_name_or_a_value_keep_the_message_on_one_line(work):
    (work / "a\nb.json").write_text('{"category": "外\\n星\\u2028球"}', encoding="utf-8")
    r = run("--format", "json", ".", cwd=work)
    only_error(r, "a↵b.json", "外↵星↵球")


def test_symlink_loops_and_dangling_links_are_reported(work):
    os.symlink("loop2.json", work / "loop1.json")
    os.symlink("loop1.json", work / "loop2.json")
    os.symlink("nowhere.json", work / "dangling.json")
    os.symlink("..", work / "up", target_is_directory=True)  # a folder loop for the walk
    (work / "fine.json").write_text(DRAFT_TEXT, encoding="utf-8")
    r = run("--format", "json", "loop1.json", "fine.json", cwd=work, timeout=30)
    assert r.code == 1
    only_error(r, "loop1.json", "符号链接循环")
    r = run("--format", "json", ".", cwd=work, timeout=30)
    errors = r.errors()
    assert any("loop1.json" in e and "符号链接循环" in e for e in errors)
    assert any("dangling.json" in e and "不存在" in e for e in errors)
    assert [e["path"] for e in r.report() if e["ok"]] == ["fine.json"]


def test_a_fifo_is_reported_not_waited_on(work):
    os.mkfifo(work / "pipe.json")
    (work / "sub").mkdir()
    os.mkfifo(work / "sub" / "pipe.docx")
    (work / "fine.json").write_text(DRAFT_TEXT, encoding="utf-8")
    r = run("--format", "json", "pipe.json", "sub", "fine.json", cwd=work, timeout=30)
    assert r.code == 1
    errors = r.errors()
    assert len(errors) == 2 and all("管道" in e for e in errors)
    for e in errors:
        assert_clear(e, "pipe.")


def test_load_path_refuses_a_fifo_directly(tmp_path):
    """The library entry point too: opening a FIFO would wait for a writer forever (hence a child process)."""
    os.mkfifo(tmp_path / "pipe.json")
    code = ("import sys; from pathlib import Path; from replycheck.loaders import load_path; "
            "print(load_path(Path(sys.argv[1]))[0].line())")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "pipe.json")], capture_output=True, timeout=30)
    assert "管道" in out.stdout.decode("utf-8")


def _drop_file_capabilities():
    """For root: drop CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH, so that file modes apply as to anyone."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")
    _limit_memory()


def _can_drop_capabilities() -> bool:
    probe = subprocess.run([sys.executable, "-c", "pass"], preexec_fn=_drop_file_capabilities, capture_output=True)
    return probe.returncode == 0


def test_an_unreadable_file_is_reported(work):
    preexec = _limit_memory
    if os.geteuid() == 0:
        # Root reads a chmod-000 file anyway; without the two capabilities it cannot.
        try:
            if not _can_drop_capabilities():
                pytest.skip("running as root without CAP_SETPCAP: cannot make a file unreadable")
        except (OSError, subprocess.SubprocessError):
            pytest.skip("running as root without CAP_SETPCAP: cannot make a file unreadable")
        preexec = _drop_file_capabilities
    (work / "locked.json").write_text(DRAFT_TEXT, encoding="utf-8")
    (work / "locked.docx").write_bytes(make_docx(work.parent / "l.docx", document_xml()).read_bytes())
    (work / "fine.json").write_text(DRAFT_TEXT, encoding="utf-8")
    os.chmod(work / "locked.json", 0)
    os.chmod(work / "locked.docx", 0)
    try:
        r = run("--format", "json", "locked.json", "locked.docx", "fine.json", cwd=work, preexec=preexec)
    finally:
        os.chmod(work / "locked.json", 0o644)
        os.chmod(work / "locked.docx", 0o644)
    assert r.code == 1
    errors = r.errors()
    assert len(errors) == 2 and all("权限" in e for e in errors), errors
    for e in errors:
        assert_clear(e, "locked.")


def test_inputs_are_opened_read_only(work, monkeypatch):
    """Every open of an input file is for reading (the snapshot in run() shows nothing is written)."""
    import builtins
    import io

    from replycheck.loaders import load_path

    make_docx(work / "d.docx", document_xml())
    (work / "d.json").write_text(DRAFT_TEXT, encoding="utf-8")
    modes: list[str] = []
    real_open = io.open

    def spy(file, mode="r", *args, **kwargs):
        if str(work) in str(file):
            modes.append(mode)
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", spy)
    monkeypatch.setattr(io, "open", spy)
    for name in ("d.docx", "d.json"):
        load_path(work / name)
    assert modes and all(set(m) <= {"r", "b", "t"} for m in modes), modes


# ================================================================ no leaks
def _pii_results():
    from replycheck.model import Finding, Result, Severity

    text = f"举报人张某，身份证号{ID_NUMBER}，电话{MOBILE}，建议联系{MOBILE}处理。"
    start = text.index(MOBILE)
    finding = Finding(rule="pii-mobile", clause="1.8", severity=Severity.error, field="citizen_reply",
                      message="回复中出现了反映人的手机号", hint="删去号码", excerpt=text[start - 3: start + 8],
                      start=start - 3, end=start + 8, context=text, context_start=0)
    id_start = text.index(ID_NUMBER)
    id_finding = Finding(rule="pii-id-card", clause="1.8", severity=Severity.error, field="internal_result",
                         message="出现了身份证号", hint="删去号码", excerpt=ID_NUMBER, start=id_start,
                         end=id_start + len(ID_NUMBER), context=text, context_start=0)
    long_finding = Finding(rule="long", clause="3.3", severity=Severity.warning, field="internal_result",
                           message="长摘录", hint="无", excerpt="甲" * 112 + MOBILE, start=0, end=123,
                           context="甲" * 112 + MOBILE, context_start=0)
    return [
        Result(path="pii.json", order_id="BH1", category="举报", action="办结", department="市场监管所",
               findings=[finding, id_finding, long_finding]),
        Result(path="err.json", error=f"err.json：草稿字段“接单时间”“{MOBILE}”无法识别为日期；请改正后重新检查"),
    ]


@pytest.mark.parametrize("fmt", _existing_formats())
def test_every_report_format_masks_personal_numbers_unless_asked(fmt):
    from replycheck.report import ReportMeta

    def render(fmt, results, meta):
        from replycheck.report import render

        out = render(fmt, results, meta)
        if isinstance(out, bytes):  # xlsx: the text of every part of the workbook
            import io
            import zipfile

            with zipfile.ZipFile(io.BytesIO(out)) as z:
                return "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
        return out

    results = _pii_results()
    masked = render(fmt, results, ReportMeta(version="t", rules_digest="d", rules=[]))
    assert MOBILE not in masked and ID_NUMBER not in masked and "1381234" not in masked
    assert "138****5678" in masked
    shown = render(fmt, results, ReportMeta(version="t", rules_digest="d", rules=[], show_pii=True))
    assert MOBILE in shown


def test_masking_covers_the_usual_ways_of_writing_a_number():
    from replycheck.privacy import mask

    for raw, masked in [(MOBILE, "138****5678"), ("138-1234-5678", "138-****-5678"), ("138 1234 5678", "138 **** 5678"),
                        ("+86 13812345678", "+86 138****5678"), ("8613812345678", "86138****5678"),
                        ("１３８１２３４５６７８", "１３８****５６７８"), (ID_NUMBER, "1101**********002X")]:
        out = mask(f"电话{raw}。")
        assert out == f"电话{masked}。" and len(out) == len(raw) + 3


def test_the_command_masks_by_default_and_shows_when_asked(work):
    (work / "pii.json").write_text(json.dumps({**DRAFT, "citizen_reply": f"已电话回复市民（{MOBILE}）。"},
                                              ensure_ascii=False), encoding="utf-8")
    for fmt in ("rich", "json"):
        r = run("--format", fmt, "pii.json", cwd=work)
        assert MOBILE not in r.both
    r = run("--format", "json", "--show-pii", "pii.json", cwd=work)
    assert MOBILE in r.out


# ================================================================ errors
HOOK = """\
import replycheck.engine as engine

_real = engine.examine


def examine(draft, rules, lexicon=None):
    if draft.order_id == "BOOM":
        raise ZeroDivisionError("a bug in a rule")
    return _real(draft, rules, lexicon)


engine.examine = examine
"""


def test_an_internal_bug_in_one_draft_is_reported_and_the_batch_goes_on(work, tmp_path):
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(HOOK, encoding="utf-8")
    for name, order in (("a.json", "A1"), ("b.json", "BOOM"), ("c.json", "C1")):
        (work / name).write_text(json.dumps({**DRAFT, "order_id": order}, ensure_ascii=False), encoding="utf-8")
    env = {"PYTHONPATH": str(hook)}
    r = run("--format", "json", ".", cwd=work, env=env, internal_ok=True)
    assert r.code == 1
    by_path = {e["path"]: e for e in r.report()}
    assert by_path["a.json"]["ok"] and by_path["c.json"]["ok"]
    error = by_path["b.json"]["error"]
    assert "\n" not in error and "b.json" in error and "内部错误" in error and "ZeroDivisionError" in error
    debug = subprocess.run([sys.executable, "-m", "replycheck", "--debug", "--format", "json", "."], cwd=work,
                           env={**os.environ, **env}, capture_output=True, timeout=60)
    assert b"Traceback" in debug.stderr and b"ZeroDivisionError" in debug.stderr
    assert debug.returncode == 1 and json.loads(debug.stdout)  # still a full report


def test_a_file_that_takes_too_long_is_reported_and_the_batch_goes_on(tmp_path, monkeypatch):
    """The per-file watchdog: whatever hangs in one file (not a regex: those have their own timeout)."""
    from replycheck import engine, runner
    from replycheck.rulebook import load_rules

    for name, order in (("a.json", "A1"), ("b.json", "HANG"), ("c.json", "C1")):
        (tmp_path / name).write_text(json.dumps({**DRAFT, "order_id": order}, ensure_ascii=False), encoding="utf-8")
    real = engine.examine

    def hang(draft, rules, lexicon=None):
        until = time.monotonic() + 30  # “forever”, bounded so that a missing watchdog fails the test, not hangs it
        while draft.order_id == "HANG" and time.monotonic() < until:
            time.sleep(0.01)
        return real(draft, rules, lexicon)

    monkeypatch.setattr(engine, "examine", hang)
    settings = runner.Settings(file_timeout=1.0)
    start = time.monotonic()
    results = runner.run([str(tmp_path / n) for n in ("a.json", "b.json", "c.json")], settings,
                         rules=load_rules().rules, jobs=1)
    assert time.monotonic() - start < 20
    by_name = {Path(r.path).name: r for r in results}
    assert by_name["a.json"].ok and by_name["c.json"].ok
    assert_clear(by_name["b.json"].error, "b.json", "超时")


def test_user_errors_are_one_chinese_line_and_debug_shows_the_traceback(work, tmp_path):
    (work / "fine.json").write_text(DRAFT_TEXT, encoding="utf-8")
    bad_config = tmp_path / "replycheck.toml"
    bad_config.write_text("max_size_mb = 'lots'\n", encoding="utf-8")
    for args in (["nothing-here.json"], ["--config", str(bad_config), "fine.json"], ["--rules", "no-such-dir", "fine.json"]):
        r = run(*args, cwd=work)
        assert r.code == 2 and r.out == ""
        lines = r.err.strip().splitlines()
        assert len(lines) == 1 and re.search(r"[\u4e00-\u9fff]", lines[0]), r.err
    for args in (["--foo", "fine.json"], ["--format", "xml", "fine.json"], ["--max-size"], []):
        r = run(*args, cwd=work)
        assert r.code == 2 and r.out == "" and "Usage" not in r.err
        assert r.err.count("\n") == 1 and "命令行有误" in r.err and "replycheck -h" in r.err, r.err
    debug = subprocess.run([sys.executable, "-m", "replycheck", "--debug", "--rules", "no-such-dir", "fine.json"],
                           cwd=work, capture_output=True, timeout=60)
    assert debug.returncode != 0 and b"Traceback" in debug.stderr
