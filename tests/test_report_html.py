"""HTML report: one self-contained page with totals, charts, every draft and the provenance footer."""

from __future__ import annotations

import json
import re
from pathlib import Path
import shutil
from html.parser import HTMLParser

from conftest import EXAMPLES


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def _parse(html: str) -> _Collector:
    parser = _Collector()
    parser.feed(html)
    return parser


def test_html_report_for_the_examples(tmp_path, cli):
    out = tmp_path / "报告.html"
    code, _, _ = cli(str(EXAMPLES), "--format", "html", "-o", str(out))
    assert code == 1
    html = out.read_text(encoding="utf-8")
    _, report, _ = cli(str(EXAMPLES), "--format", "json")
    report = json.loads(report)
    page = _parse(html)
    text = "".join(page.text)

    # Self-contained: nothing fetched, nothing run.
    tags = {t for t, _ in page.tags}
    assert "script" not in tags and "link" not in tags and "iframe" not in tags
    assert not any(k in ("src", "href") for _, attrs in page.tags for k in attrs)
    assert not re.search(r"url\(|@import", html)

    skipped = [e for e in report if e["skipped"]]
    assert [Path(e["path"]).name for e in skipped] == ["README.md"]  # listed, neither passed nor failed
    report = [e for e in report if not e["skipped"]]
    passed = sum(1 for e in report if e["ok"])
    assert (f"共检查 {len(report)} 份草稿：通过 {passed} 份，未通过 {len(report) - passed} 份；另有 1 个文件已跳过"
            in text)
    for element in report:
        assert element["path"] in text
    # Two bar charts; one bar per department with findings.
    assert len([t for t, _ in page.tags if t == "svg"]) == 2
    departments = {e["department"] for e in report
                   if any(f["severity"] != "info" and not f["waived"] for f in e["findings"])}
    dept_bars = [a for t, a in page.tags if t == "rect" and a.get("fill") == "#2f6fb0"]
    assert len(dept_bars) == len(departments)
    # Excerpts are highlighted, personal numbers masked.
    marks = [a for t, a in page.tags if t == "mark"]
    assert len(marks) == sum(1 for e in report for f in e["findings"] if f["excerpt"])
    assert "138****5678" in text and "13812345678" not in html
    # Provenance in the footer.
    footer = html[html.index("<footer>"):]
    assert report[0]["tool"]["version"] in footer and report[0]["tool"]["rules"] in footer


def test_html_escapes_draft_text(tmp_path, cli):
    draft = json.loads((EXAMPLES / "bad-banli-transferred.json").read_text(encoding="utf-8"))
    draft["department"] = "<script>alert(1)</script>"
    (tmp_path / "a.json").write_text(json.dumps(draft, ensure_ascii=False), encoding="utf-8")
    shutil.copy(EXAMPLES / "ok-tousu.json", tmp_path / "b.json")
    code, html, _ = cli(str(tmp_path), "--format", "html")
    assert code == 1
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
