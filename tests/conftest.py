"""Shared fixtures: the built-in rule set, a draft factory, DOCX builders and a CLI runner."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

# "Today" for every check the suite runs, in this process and in the CLI processes it starts: the test
# drafts were written in November 2026, and no expectation may depend on the day the suite runs.
os.environ["REPLYCHECK_TODAY"] = "2026-11-25"

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def ruleset():
    from replycheck.rulebook import load_rules

    return load_rules()


@pytest.fixture(scope="session")
def check(ruleset):
    """check(**fields) -> findings of all built-in rules for a draft made of those fields."""
    from replycheck.engine import check_draft
    from replycheck.model import Draft

    def run(**fields):
        return check_draft(Draft.model_validate(fields), ruleset.rules)

    return run


def rule_ids(findings, severities=("error", "warning")) -> set[str]:
    return {f.rule for f in findings if f.severity.value in severities}


@pytest.fixture
def write_json(tmp_path):
    def write(obj, name="draft.json") -> Path:
        path = tmp_path / name
        path.write_text(json.dumps(obj, ensure_ascii=False), encoding="utf-8")
        return path

    return write


@pytest.fixture
def cli():
    """Run the CLI in-process through typer's runner: cli(args...) -> (exit_code, stdout, stderr)."""
    from typer.testing import CliRunner

    from replycheck import cli as cli_module

    def run(*args: str, input: str | None = None):
        argv = list(args)
        app = cli_module.app
        if argv and argv[0] in cli_module.SUBCOMMANDS:
            cli_module._subcommands()
            app = cli_module.tools
        result = CliRunner().invoke(app, argv, input=input, catch_exceptions=False)
        return result.exit_code, result.stdout, result.stderr

    return run


def run_subprocess(*args: str, cwd: Path | None = None, env: dict | None = None, input: bytes | None = None,
                   timeout: float = 120):
    """Run ``python -m replycheck`` as a user would; returns the CompletedProcess (bytes)."""
    full_env = {**os.environ, **(env or {})}
    full_env.pop("NO_COLOR", None)
    return subprocess.run([sys.executable, "-m", "replycheck", *args], cwd=cwd, env=full_env, input=input,
                          capture_output=True, timeout=timeout)
