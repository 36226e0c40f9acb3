"""The README's sample outputs are what replycheck really prints: each is re-run and compared."""

from __future__ import annotations

import re

from conftest import ROOT, run_subprocess

README = ROOT / "README.md"


def _block_after(marker: str) -> str:
    """The fenced code block that follows the line containing ``marker``."""
    text = README.read_text(encoding="utf-8")
    at = text.index(marker)
    m = re.compile(r"```[a-z]*\n(.*?)```", re.S).search(text, at)
    assert m, f"no code block after {marker!r}"
    return m.group(1)


def _normal(text: str) -> list[str]:
    """Lines without trailing spaces, outer blank lines dropped, paths written with “/”."""
    lines = [line.rstrip().replace("\\", "/") for line in text.splitlines()]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _run(*args: str) -> str:
    proc = run_subprocess(*args, cwd=ROOT)
    assert proc.returncode in (0, 1), proc.stderr.decode("utf-8", "replace")
    return proc.stdout.decode("utf-8")


def test_the_sample_report_of_one_draft_is_real():
    shown = _block_after("输出示例（不合规草稿）")
    assert _normal(_run("examples/bad-banli-transferred.json")) == _normal(shown)


def test_the_sample_summary_of_the_examples_is_real():
    # examples/*.json: each example is also there as .docx with the same work order, and the whole folder's
    # summary would list those 30 duplicate groups; the shell's glob is expanded here as a shell would.
    shown = _block_after("汇总示例（`replycheck examples/*.json --quiet` 的最后部分）")
    out = _run(*sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "examples").glob("*.json")), "--quiet")
    assert _normal(out[out.index("\n汇总\n") + 1:]) == _normal(shown)
