"""SARIF: valid against the OASIS 2.1.0 schema and carrying what a code-scanning page shows."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import unquote

import pytest

from conftest import EXAMPLES, ROOT

SCHEMA = Path(__file__).resolve().parent / "schemas" / "sarif-schema-2.1.0.json"


def mixed_folder(tmp_path: Path) -> Path:
    """A folder with a Chinese file name, a Word draft, JSON Lines, a corrupt file and a waiver."""
    folder = tmp_path / "回复"
    folder.mkdir()
    shutil.copy(EXAMPLES / "bad-jubao-pii.json", folder / "举报 回复.json")
    shutil.copy(EXAMPLES / "bad-banli-transferred.docx", folder / "transferred.docx")
    lines = [json.loads((EXAMPLES / name).read_text(encoding="utf-8")) for name in ("ok-tousu.json", "bad-jubao-pii.json")]
    (folder / "batch.jsonl").write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in lines) + "\n",
                                        encoding="utf-8")
    (folder / "corrupt.docx").write_bytes(b"PK\x03\x04 this is not a zip")
    (tmp_path / "replycheck.toml").write_text(
        '[[waivers]]\nrule = "forbidden-transfer-phrase"\norder_id = "BH2026030900233"\nreason = "次要问题另有工单跟进"\n'
        '[[waivers]]\nrule = "pii-id-card"\nfile = "无此文件.json"\nreason = "用不上的豁免"\n',
        encoding="utf-8")
    return folder


@pytest.fixture
def sarif(tmp_path, cli, monkeypatch):
    folder = mixed_folder(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, out, _ = cli(folder.name, "--format", "sarif")
    assert code == 1  # the corrupt file and the phone number
    code_json, out_json, _ = cli(folder.name, "--format", "json")
    return json.loads(out), json.loads(out_json)


def test_sarif_validates_against_the_oasis_schema(sarif):
    if not SCHEMA.is_file():
        pytest.fail(f"the vendored SARIF schema is missing: {SCHEMA}")
    import jsonschema

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    errors = sorted(validator_class(schema).iter_errors(sarif[0]), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


def test_sarif_names_tool_version_and_rules_digest(sarif):
    from replycheck import __version__

    doc, report = sarif
    assert doc["version"] == "2.1.0" and len(doc["runs"]) == 1
    run = doc["runs"][0]
    assert run["tool"]["driver"]["name"] == "replycheck"
    assert run["tool"]["driver"]["version"] == __version__
    assert run["properties"]["replycheckVersion"] == __version__
    assert run["properties"]["rulesDigest"] == report[0]["tool"]["rules"]


def test_every_finding_is_a_result_pointing_at_its_rule(sarif):
    doc, report = sarif
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    expected = sorted((e["path"], f["rule"]) for e in report for f in e["findings"])
    got = sorted((unquote(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]), r["ruleId"])
                 for r in run["results"])
    assert got == expected
    for r in run["results"]:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
        assert r["level"] in ("error", "warning", "note")
    pii = next(r for r in run["results"] if r["ruleId"] == "pii-mobile")
    assert pii["level"] == "error" and pii["properties"]["clause"] == "1.8"
    assert pii["locations"][0]["logicalLocations"][0]["name"] == "citizen_reply"
    assert any(r["level"] == "note" for r in run["results"])  # info findings (e.g. the seal reminder)


def test_rule_help_quotes_the_notice_clause_and_the_hint(sarif):
    from replycheck.clauses import CLAUSES

    rules = {r["id"]: r for r in sarif[0]["runs"][0]["tool"]["driver"]["rules"]}
    pii = rules["pii-mobile"]
    assert pii["shortDescription"]["text"] == "泄露完整手机号" and "市民可见内容中出现了完整的手机号码" in pii["fullDescription"]["text"]
    assert CLAUSES["1.8"].title in pii["help"]["text"] and CLAUSES["1.8"].text in pii["help"]["text"]
    assert "138****5678" in pii["help"]["text"]  # the hint
    assert pii["properties"] == {"clause": "1.8", "severity": "error", "tags": ["第1.8条"]}


def test_uris_are_relative_and_percent_encoded(sarif):
    uris = {loc["physicalLocation"]["artifactLocation"]["uri"]
            for r in sarif[0]["runs"][0]["results"] for loc in r["locations"]}
    assert "%E5%9B%9E%E5%A4%8D/%E4%B8%BE%E6%8A%A5%20%E5%9B%9E%E5%A4%8D.json" in uris  # 回复/举报 回复.json
    assert all(not u.startswith("/") and " " not in u for u in uris)


def test_json_lines_findings_have_a_region_with_a_masked_snippet(sarif):
    text = json.dumps(sarif[0], ensure_ascii=False)
    assert "13812345678" not in text
    pii = [r for r in sarif[0]["runs"][0]["results"] if r["ruleId"] == "pii-mobile"]
    regions = [r["locations"][0]["physicalLocation"].get("region") for r in pii]
    assert {"startLine": 2, "snippet": {"text": "138****5678"}} in regions
    assert None in regions  # the plain JSON file: no line is known, so none is invented


def test_unreadable_file_is_a_tool_execution_notification(sarif):
    invocation = sarif[0]["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    everything = invocation["toolExecutionNotifications"]
    # The same draft is in the folder twice (举报 回复.json and batch.jsonl): its duplicate-work-order note
    # is a draft-note (level warning) beside the one unreadable file.
    notes = [n for n in everything if n["descriptor"]["id"] == "unreadable-draft"]
    assert [n["descriptor"]["id"] for n in everything if n not in notes] == ["draft-note"]
    assert len(notes) == 1 and notes[0]["level"] == "error"
    assert notes[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("corrupt.docx")
    assert "corrupt.docx" in notes[0]["message"]["text"]


def test_waived_finding_is_suppressed_with_its_reason(sarif):
    waived = [r for r in sarif[0]["runs"][0]["results"] if r["ruleId"] == "forbidden-transfer-phrase"]
    assert waived and all(r["suppressions"] == [{"kind": "external", "status": "accepted",
                                                  "justification": "次要问题另有工单跟进"}] for r in waived)


def test_unused_waiver_is_a_configuration_notification(sarif):
    notes = sarif[0]["runs"][0]["invocations"][0]["toolConfigurationNotifications"]
    assert [n["message"]["text"] for n in notes] == ["豁免“pii-id-card @ 无此文件.json”没有匹配任何问题，可以删除"]
    assert notes[0]["level"] == "warning"
