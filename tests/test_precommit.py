"""The pre-commit hook as a team uses it: a commit with a defective draft is refused, a good one goes in.

The working tree may hold uncommitted changes, so the checkout is copied into a git repository of its
own (fixed author and dates, so the same files give the same commit and pre-commit reuses its hook
environment between runs) and a second repository points its .pre-commit-config.yaml at that copy.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT

IGNORE = shutil.ignore_patterns(".git", "__pycache__", ".pytest_cache", "*.egg-info", ".hypothesis", "build",
                                "dist", ".venv", "tests", "docs", "*.pyc")
FIXED = {"GIT_AUTHOR_NAME": "replycheck-test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
         "GIT_COMMITTER_NAME": "replycheck-test", "GIT_COMMITTER_EMAIL": "test@example.invalid",
         "GIT_AUTHOR_DATE": "2020-08-03T09:30:00+0800", "GIT_COMMITTER_DATE": "2020-08-03T09:30:00+0800",
         "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}


def _git(cwd: Path, *args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture
def hook_repo(request, tmp_path):
    """A committed copy of the checkout and the PRE_COMMIT_HOME to use; both stable between runs."""
    try:
        import pre_commit  # noqa: F401
    except ImportError:
        pytest.skip("pre-commit is not installed (pip install -e '.[test]')")
    if shutil.which("git") is None:
        pytest.skip("git is not installed, and pre-commit needs it")
    try:
        base = Path(request.config.cache.mkdir("precommit"))
    except (AttributeError, ValueError):  # pytest run with -p no:cacheprovider
        base = tmp_path
    env = {**os.environ, **FIXED}
    repo = base / "replycheck-hook"
    shutil.rmtree(repo, ignore_errors=True)
    shutil.copytree(ROOT, repo, ignore=IGNORE)
    for step in (("init", "-q"), ("add", "-A"), ("commit", "-q", "-m", "replycheck snapshot")):
        proc = _git(repo, *step, env=env)
        assert proc.returncode == 0, proc.stderr
    rev = _git(repo, "rev-parse", "HEAD", env=env).stdout.strip()
    # Keep only the hook environment of this snapshot: an older one (62 MB) would never be used again.
    last = base / "rev"
    if not last.is_file() or last.read_text() != rev:
        shutil.rmtree(base / "home", ignore_errors=True)
        last.write_text(rev)
    return repo, rev, {**env, "PRE_COMMIT_HOME": str(base / "home")}


def test_precommit_refuses_a_defective_draft_and_accepts_a_good_one(hook_repo, tmp_path):
    repo, rev, env = hook_repo
    target = tmp_path / "回复草稿库"
    target.mkdir()
    assert _git(target, "init", "-q", env=env).returncode == 0
    (target / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {repo.as_posix()}\n    rev: {rev}\n    hooks:\n      - id: replycheck\n",
        encoding="utf-8")
    pre_commit = [sys.executable, "-m", "pre_commit"]
    install = subprocess.run([*pre_commit, "install"], cwd=target, env=env, capture_output=True, text=True)
    assert install.returncode == 0, install.stdout + install.stderr

    def commit(*files: str) -> subprocess.CompletedProcess:
        assert _git(target, "add", *files, env=env).returncode == 0
        return subprocess.run(["git", "-c", "commit.gpgsign=false", "commit", "-m", "回复"], cwd=target, env=env,
                              capture_output=True, text=True, timeout=900)

    shutil.copy(EXAMPLES / "bad-jubao-pii.json", target / "举报回复.json")
    refused = commit(".pre-commit-config.yaml", "举报回复.json")
    shown = refused.stdout + refused.stderr  # git shows the hook's output on either stream
    assert refused.returncode != 0, shown
    assert "pii-mobile" in shown and "第1.8条" in shown and "13812345678" not in shown
    assert _git(target, "rev-parse", "--verify", "-q", "HEAD", env=env).returncode != 0  # nothing committed

    assert _git(target, "rm", "-q", "--cached", "举报回复.json", env=env).returncode == 0
    (target / "举报回复.json").unlink()
    shutil.copy(EXAMPLES / "ok-tousu.docx", target / "投诉回复.docx")
    accepted = commit(".pre-commit-config.yaml", "投诉回复.docx")
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert "Passed" in accepted.stdout + accepted.stderr

    # A Word lock file alone is not a draft: the hook is skipped, the commit goes in.
    (target / "~$投诉回复.docx").write_bytes(b"\x00lock")
    locked = commit("~$投诉回复.docx")
    assert locked.returncode == 0, locked.stdout + locked.stderr
    assert "Skipped" in locked.stdout + locked.stderr
