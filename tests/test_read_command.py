"""``replycheck read`` and the ``elements`` of the JSON report: what replycheck read, as a user sees it."""

from __future__ import annotations

import json

from conftest import EXAMPLES, run_subprocess


def _elements(report: list, i: int = 0) -> dict:
    return {e["key"]: e for e in report[i]["elements"]}


def test_read_shows_each_field_and_the_checklist(cli):
    code, out, _ = cli("read", str(EXAMPLES / "ok-tousu.json"))
    assert code == 0
    assert "办理结果（内部可见）" in out and "回复市民时间及内容（市民可见）" in out
    assert "✓ 联系反映人：“2026年3月10日8时15分，综合执法大队队员周海涛电话联系投诉人”" in out
    assert "✓ 联系人员：“周海涛”" in out
    assert "✓ 核实结果（事实认定）：“情况属实”（属实）" in out
    assert "✓ 最终处理决定" in out and "✗" not in out


def test_read_marks_what_is_missing(cli, write_json):
    path = write_json({"category": "投诉", "internal_result": "3月5日9时，我科电话联系了反映人。经核实，反映情况属实，已责令整改。",
                       "citizen_reply": "您反映的问题已处理。感谢您的理解与支持。"})
    code, out, _ = cli("read", str(path))
    assert code == 0
    assert "? 联系反映人：请确认：联系的句子缺少：联系人员" in out
    assert "✗ 最终处理决定" in out and "✗ 市民对结果的意见" in out and "✗ 回复市民时间" in out


def test_what_a_rule_is_unsure_of_is_a_question_in_the_checklist_too(cli, write_json):
    # 晌午 may be the contact's time in words the reading does not know: a warning, and “?” in the checklist.
    path = write_json({"category": "办理", "internal_result": "上礼拜三晌午，城建科王明电话联系反映人。路灯已修复。",
                       "citizen_reply": "3月6日10时王明电话回复反映人：路灯已修复，反映人表示满意。"})
    _, out, _ = cli(str(path), "--format", "json")
    report = json.loads(out)
    lowered = [f for f in report[0]["findings"] if f["rule"] == "contact-time-missing"]
    assert [f["severity"] for f in lowered] == ["warning"] and "“晌午”" in lowered[0]["message"]
    time = next(p for p in _elements(report)["contact"]["parts"] if p["key"] == "time")
    assert time["status"] == "unsure" and "晌午" in time["note"]
    _, read_out, _ = cli("read", str(path))
    assert "? 联系时间" in read_out and "✗ 联系时间" not in read_out


def test_read_json_and_the_check_report_carry_the_same_elements(cli):
    path = str(EXAMPLES / "ok-tuidan.json")
    _, read_out, _ = cli("read", path, "--format", "json")
    _, check_out, _ = cli(path, "--format", "json")
    read_elements, check_elements = _elements(json.loads(read_out)), _elements(json.loads(check_out))
    assert read_elements == check_elements
    # A return request is judged by 1.5 only: its own three elements, no contact or reply.
    assert set(check_elements) == {"return_reason", "return_basis", "return_transfer"}
    assert all(e["status"] == "found" for e in check_elements.values())
    assert json.loads(read_out)[0]["fields"][0]["location"] == "/internal_result"


def test_elements_quote_the_words_at_their_offsets(cli):
    path = EXAMPLES / "ok-tousu.json"
    draft = json.loads(path.read_text(encoding="utf-8"))
    _, out, _ = cli(str(path), "--format", "json")
    for element in json.loads(out)[0]["elements"]:
        for e in element["evidence"] + [x for p in element["parts"] for x in p["evidence"]]:
            assert draft[e["field"]][e["start"]:e["end"]] == e["text"]


def test_read_of_an_unreadable_file_is_one_line_and_exit_1(tmp_path):
    bad = tmp_path / "坏.json"
    bad.write_text("{不是 JSON", encoding="utf-8")
    r = run_subprocess("read", str(bad))
    assert r.returncode == 1 and b"Traceback" not in r.stderr + r.stdout
    assert "坏.json" in r.stdout.decode("utf-8")


def test_read_help_is_chinese():
    r = run_subprocess("read", "--help")
    assert r.returncode == 0 and "通知要求的每一项" in r.stdout.decode("utf-8")


def test_the_html_report_shows_the_checklist(cli, tmp_path):
    out = tmp_path / "报告.html"
    cli(str(EXAMPLES / "bad-banli-in-progress.json"), "--format", "html", "-o", str(out))
    html = out.read_text(encoding="utf-8")
    assert "读到的内容（通知要求写明的各项）" in html
    assert '<li class="el-missing">✗ <b>办理结果</b>' in html and '<li class="el-found">✓ <b>联系反映人</b>' in html


def test_read_lists_skipped_and_unreadable_files_and_counts_only_drafts(cli, tmp_path):
    import shutil

    shutil.copy(EXAMPLES / "ok-tousu.json", tmp_path / "ok.json")
    (tmp_path / "~$锁.docx").write_bytes(b"")
    (tmp_path / "坏.docx").write_bytes(b"not a zip")
    code, out, _ = cli("read", str(tmp_path))
    assert code == 1
    assert "已跳过：Word/WPS 打开文档时留下的锁文件" in out
    assert "共读了 1 份草稿" in out and "无法读取 1 个文件" in out and "跳过 1 个文件" in out
