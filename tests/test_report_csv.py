"""CSV: opens in Excel (UTF-8 with BOM), one row per finding, Chinese text intact, no formulas from drafts."""

from __future__ import annotations

import csv
import io
import json
import shutil

from conftest import EXAMPLES, run_subprocess


def _folder(tmp_path):
    tmp_path.mkdir()
    for name in ("bad-jubao-pii.json", "bad-banli-transferred.docx", "ok-tousu.json"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    (tmp_path / "corrupt.docx").write_bytes(b"broken")
    return tmp_path


def test_csv_file_round_trips_every_finding(tmp_path, cli):
    folder = _folder(tmp_path / "in")
    out_file = tmp_path / "报告.csv"
    code, _, err = cli(str(folder), "--format", "csv", "-o", str(out_file))
    assert code == 1 and "报告已写入" in err
    raw = out_file.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with out_file.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    _, report, _ = cli(str(folder), "--format", "json")
    report = json.loads(report)

    header = list(rows[0].keys())
    assert header[0] == "文件 path" and "问题 message" in header and "规则摘要 rules" in header
    expected = sorted((e["path"], f["rule"], f["message"], f["excerpt"] or "") for e in report for f in e["findings"])
    got = sorted((r["文件 path"], r["规则 rule"], r["问题 message"], r["原文摘录 excerpt"]) for r in rows if r["规则 rule"])
    assert got == expected  # Chinese text survives the round trip exactly
    unreadable = [r for r in rows if r["文件 path"].endswith("corrupt.docx")]
    assert len(unreadable) == 1 and "corrupt.docx" in unreadable[0]["问题 message"]
    assert unreadable[0]["是否通过 ok"] == "否"
    assert {r["replycheck版本 version"] for r in rows} == {report[0]["tool"]["version"]}
    assert {r["规则摘要 rules"] for r in rows} == {report[0]["tool"]["rules"]}
    pii = next(r for r in rows if r["规则 rule"] == "pii-mobile")
    assert pii["原文摘录 excerpt"] == "138****5678" and pii["承办科室 department"] == "市场监管所"
    assert pii["条款 clause"] == "1.8" and pii["级别 severity"] == "错误" and pii["规则名称 title"] == "泄露完整手机号"
    assert b"13812345678" not in raw


def test_csv_on_stdout_starts_with_a_bom(tmp_path):
    proc = run_subprocess(str(EXAMPLES / "bad-jubao-pii.json"), "--format", "csv")
    assert proc.returncode == 1
    assert proc.stdout.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(proc.stdout.decode("utf-8-sig"), newline="")))
    assert rows[0][0] == "文件 path" and any(r[6] == "pii-mobile" for r in rows[1:])


def test_draft_text_cannot_become_a_spreadsheet_formula(write_json, cli):
    draft = json.loads((EXAMPLES / "ok-tousu.json").read_text(encoding="utf-8"))
    draft["department"] = '=HYPERLINK("http://example.com","点我")'
    code, out, _ = cli(str(write_json(draft)), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"), newline="")))
    assert rows and all(r["承办科室 department"] == "'" + draft["department"] for r in rows)
