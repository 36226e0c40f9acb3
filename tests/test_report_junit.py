"""JUnit XML: one test case per draft, failures for drafts that do not pass, errors for unreadable files."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET

from conftest import EXAMPLES


def test_junit_counts_cases_failures_and_errors(tmp_path, cli):
    for name in ("ok-tousu.json", "ok-zixun.docx", "bad-jubao-pii.json", "bad-banli-no-photo.docx"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    (tmp_path / "corrupt.docx").write_bytes(b"not a zip at all")
    code, out, _ = cli(str(tmp_path), "--format", "junit")
    _, report, _ = cli(str(tmp_path), "--format", "json")
    report = json.loads(report)
    assert code == 1

    root = ET.fromstring(out.encode("utf-8"))
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    assert len(suites) == 1
    suite = suites[0]
    cases = suite.findall("testcase")
    assert suite.get("tests") == str(len(cases)) == "5"
    assert suite.get("failures") == "2" and suite.get("errors") == "1"
    assert len([c for c in cases if c.find("failure") is not None]) == 2
    assert len([c for c in cases if c.find("error") is not None]) == 1

    by_name = {c.get("name"): c for c in cases}
    pii = by_name[f"{tmp_path / 'bad-jubao-pii.json'} BH2026032300049"]
    assert pii.get("classname") == "市场监管所"
    failure = pii.find("failure")
    assert "pii-mobile" in failure.text and "第1.8条" in failure.text
    assert "138****5678" in failure.text and "13812345678" not in out
    corrupt = next(c for c in cases if c.find("error") is not None)
    assert corrupt.get("classname") == str(tmp_path / "corrupt.docx")
    assert "corrupt.docx" in corrupt.find("error").get("message")

    props = {p.get("name"): p.get("value") for p in suite.find("properties")}
    from replycheck import __version__

    assert props == {"replycheck.version": __version__, "replycheck.rules": report[0]["tool"]["rules"],
                     "replycheck.fail_on": "error"}


def test_junit_stays_well_formed_with_control_characters_in_a_draft(write_json, cli):
    draft = json.loads((EXAMPLES / "bad-banli-transferred.json").read_text(encoding="utf-8"))
    draft["department"] = "城建\x01科<&>"
    path = write_json(draft)
    code, out, _ = cli(str(path), "--format", "junit")
    assert code == 1
    case = ET.fromstring(out.encode("utf-8")).find("testsuite/testcase")
    assert case.get("classname").startswith("城建") and case.get("classname").endswith("科<&>")
    assert case.find("failure") is not None
