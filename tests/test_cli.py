"""The command as users run it: verdicts, exit codes, the JSON contract, help and version."""

from __future__ import annotations

import json

import pytest

from conftest import EXAMPLES, ROOT, run_subprocess

# The contract's report element (docs/draft-format.md §3), as a JSON Schema.
CONTRACT = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["path", "order_id", "category", "action", "department", "ok", "error", "skipped", "findings"],
        "properties": {
            "path": {"type": "string"},
            "order_id": {"type": ["string", "null"]},
            "category": {"enum": ["咨询", "办理", "投诉", "举报", "建议", None]},
            "action": {"enum": ["办结", "退单", "延期", None]},
            "department": {"type": ["string", "null"]},
            "ok": {"type": ["boolean", "null"]},
            "error": {"type": ["string", "null"]},
            "skipped": {"type": ["string", "null"]},
            "findings": {"type": "array", "items": {
                "type": "object",
                "required": ["rule", "clause", "severity", "field", "message", "excerpt"],
                "properties": {
                    "rule": {"type": "string"}, "clause": {"type": "string", "pattern": r"^\d+(\.\d+)*$"},
                    "severity": {"enum": ["error", "warning", "info"]}, "field": {"type": ["string", "null"]},
                    "message": {"type": "string"}, "excerpt": {"type": ["string", "null"]},
                }}},
        },
        "allOf": [{"if": {"properties": {"error": {"type": "string"}}},
                   "then": {"properties": {"ok": {"const": False}, "findings": {"maxItems": 0}}}},
                  # A file left out (lock file, hidden, not a draft type) neither passes nor fails.
                  {"if": {"properties": {"skipped": {"type": "string"}}},
                   "then": {"properties": {"ok": {"const": None}, "error": {"const": None},
                                           "findings": {"maxItems": 0}}},
                   "else": {"properties": {"ok": {"type": "boolean"}}}}],
    },
}


def validate_contract(report):
    import jsonschema

    jsonschema.validate(report, CONTRACT)
    for element in report:
        errors = [f for f in element["findings"] if f["severity"] == "error"]
        if element["skipped"] is None:
            assert element["ok"] == (not errors and element["error"] is None)


def test_compliant_draft_passes_with_exit_0(cli):
    code, out, _ = cli(str(EXAMPLES / "ok-banli-repair.docx"))
    assert code == 0
    assert "✓ 通过" in out and "共检查 1 份草稿：通过 1 份" in out


def test_defective_draft_shows_clause_words_and_hint(cli):
    code, out, _ = cli(str(EXAMPLES / "bad-banli-transferred.json"))
    assert code == 1
    assert "第3.3条" in out and "办理结果不得出现“已转XX科室处理”" in out
    assert "【已转城建科处理】" in out  # the offending words, marked
    assert "→转交不等于办结" in out


def test_json_report_follows_the_contract(cli):
    code, out, _ = cli(str(EXAMPLES), "--format", "json")
    assert code == 1
    report = json.loads(out)
    validate_contract(report)
    by_name = {r["path"].rsplit("/", 1)[-1]: r for r in report}
    assert by_name["ok-zixun.json"]["ok"] is True
    bad = by_name["bad-banli-transferred.json"]
    hit = next(f for f in bad["findings"] if f["rule"] == "forbidden-transfer-phrase")
    assert (hit["clause"], hit["severity"], hit["excerpt"]) == ("3.3", "error", "已转城建科处理")
    assert report == sorted(report, key=lambda r: (r["path"], r["index"]))


def test_unreadable_file_is_an_element_with_error(cli, tmp_path):
    bad = tmp_path / "broken.json"
    bad.write_text("{oops", encoding="utf-8")
    code, out, _ = cli(str(bad), "--format", "json")
    report = json.loads(out)
    validate_contract(report)
    assert code == 1 and report[0]["error"] and "JSON 格式错误" in report[0]["error"]


@pytest.mark.parametrize("args,words", [
    (["--format", "xml", "x.json"], ["xml"]),
    (["/no/such/file.json"], ["不存在"]),
])
def test_command_that_cannot_run_exits_2(cli, args, words):
    code, out, err = cli(*args)
    assert code == 2
    assert all(w in out + err for w in words)
    assert "Traceback" not in out + err


def test_empty_folder_exits_2(cli, tmp_path):
    code, _, err = cli(str(tmp_path))
    assert code == 2 and "未找到可检查的草稿" in err


def test_broken_rule_folder_exits_2_naming_file_and_line(cli, tmp_path):
    (tmp_path / "bad.yaml").write_text("id: my-rule\nclause: '3.3'\nseverity: error\ncheck: forbidden\n"
                                       "patterns: ['已转(']\nmessage: 测试规则\nhint: 测试提示\n"
                                       "examples: {pass: [好], fail: [坏]}\n", encoding="utf-8")
    code, _, err = cli(str(EXAMPLES / "ok-zixun.json"), "--rules", str(tmp_path))
    assert code == 2
    assert "bad.yaml:5" in err and "my-rule" in err and "已转(" in err


def test_user_rule_folder_adds_a_rule(cli, tmp_path):
    (tmp_path / "no-courtesy.yaml").write_text(
        "id: town-no-gaodu\nclause: '3.3'\nseverity: warning\ncheck: forbidden\npatterns: ['高度重视']\n"
        "message: 本镇要求不写套话“高度重视”\nhint: 直接写办理经过。\n"
        "examples: {pass: [已修复。], fail: ['我科[[高度重视]]。']}\n", encoding="utf-8")
    draft = tmp_path / "d.json"
    draft.write_text(json.dumps({"category": "咨询", "internal_result": "我科高度重视。"}, ensure_ascii=False), encoding="utf-8")
    _, out, _ = cli(str(draft), "--rules", str(tmp_path), "--format", "json")
    assert "town-no-gaodu" in {f["rule"] for f in json.loads(out)[0]["findings"]}


def test_version_and_help_in_chinese(cli):
    code, out, _ = cli("--version")
    assert code == 0 and out.startswith("replycheck ")
    code, out, _ = cli("--help")
    assert code == 0 and "检查工单回复草稿" in out and "示例" in out


def test_rules_list_and_explain(cli):
    code, out, _ = cli("rules")
    assert code == 0 and "forbidden-transfer-phrase" in out
    code, out, _ = cli("explain", "3.1")
    assert code == 0 and "联系群众的时间、人员和方式" in out and "contact-time-missing" in out
    code, out, _ = cli("explain", "contact-staff-missing")
    assert code == 0 and "✗" in out and "✓" in out
    code, _, err = cli("explain", "9.9")
    assert code == 2 and "没有规则或条款" in err


def test_rules_check_passes_on_builtin_rules(cli):
    code, out, _ = cli("rules", "check")
    assert code == 0 and "全部正常" in out


def test_rules_check_reports_an_example_that_lies(cli, tmp_path):
    (tmp_path / "liar.yaml").write_text(
        "id: liar\nclause: '3.3'\nseverity: error\ncheck: forbidden\npatterns: ['已办结']\nmessage: 测试规则\nhint: 测试提示\n"
        "examples: {pass: ['该工单已办结'], fail: ['[[已经]]好了']}\n", encoding="utf-8")
    code, out, _ = cli("rules", "check", str(tmp_path))
    assert code == 1 and "liar" in out and "不应报告却报告了" in out


def test_subprocess_python_m_and_exit_codes():
    ok = run_subprocess(str(EXAMPLES / "ok-jubao.json"))
    bad = run_subprocess(str(EXAMPLES / "bad-jubao-pii.json"), "--format", "json")
    assert ok.returncode == 0 and "通过" in ok.stdout.decode("utf-8")
    assert bad.returncode == 1
    report = json.loads(bad.stdout.decode("utf-8"))
    validate_contract(report)
    assert b"Traceback" not in ok.stderr + bad.stderr


def test_personal_numbers_are_masked_in_reports_unless_asked(cli):
    _, out, _ = cli(str(EXAMPLES / "bad-jubao-pii.json"), "--format", "json")
    assert "13812345678" not in out and "138****5678" in out
    _, out, _ = cli(str(EXAMPLES / "bad-jubao-pii.json"), "--format", "json", "--show-pii")
    assert "13812345678" in out


def test_rules_ship_inside_the_package_build(tmp_path):
    """The wheel carries rules/: hatch's force-include maps it to replycheck/rules."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"rules" = "replycheck/rules"' in text


def test_plain_and_colour_reports_say_the_same_things():
    """Piped output skips rich (start-up time) but must carry the same words as the colour report."""
    import re

    from replycheck import api
    from replycheck.config import Config
    from replycheck.report import ReportMeta, render

    outcome = api.check_paths([str(EXAMPLES / "bad-jubao-pii.json"), str(EXAMPLES / "ok-zixun.json")], Config())
    plain = render("rich", outcome.results, ReportMeta(version="x", rules_digest="d", color=False, width=100))
    colour = render("rich", outcome.results, ReportMeta(version="x", rules_digest="d", color=True, width=100))
    strip = re.sub(r"\x1b\[[0-9;]*m", "", colour)
    words = lambda text: re.sub(r"[\s【】]", "", text)  # noqa: E731 - line breaks may differ
    assert "\x1b[" in colour and "\x1b[" not in plain
    assert words(plain) == words(strip)
