"""`replycheck … | head`: when the reader of the report goes away, replycheck stops quietly, as Unix tools do."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import EXAMPLES, ROOT

FORMATS = ["rich", "json", "sarif", "junit", "github", "csv", "html"]


def _with_closed_reader(*args: str) -> tuple[int, str]:
    """Run replycheck with its stdout a pipe whose reading end is already closed (the reader is gone)."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.Popen([sys.executable, "-m", "replycheck", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env, cwd=ROOT)
    proc.stdout.close()
    err = proc.stderr.read().decode("utf-8", "replace")
    return proc.wait(timeout=120), err


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_stops_quietly_when_the_reader_goes_away(fmt):
    code, err = _with_closed_reader(str(EXAMPLES), "--format", fmt, "--jobs", "1")
    assert err == ""  # no traceback, no “内部错误”, no “Exception ignored”
    assert code == 1


@pytest.mark.parametrize("args", [["--help"], ["rules"], ["explain", "3.3"], ["check", "--help"]])
def test_other_commands_stop_quietly_too(args):
    code, err = _with_closed_reader(*args)
    assert err == "" and code == 1


def test_head_on_a_json_report_of_a_folder():
    # The real thing: a shell pipeline whose reader stops after 100 bytes.
    proc = subprocess.run(f'"{sys.executable}" -m replycheck examples/ -f json | head -c 100', shell=True,
                          cwd=ROOT, capture_output=True, timeout=120,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert proc.stdout.decode("utf-8", "replace").startswith('[\n  {\n    "path": "examples/')
    assert len(proc.stdout) == 100
    assert proc.stderr == b""
