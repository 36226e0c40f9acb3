"""Bounds on every file replycheck opens besides drafts: configuration, rule files, template outputs."""

from __future__ import annotations

import os

import pytest

from conftest import EXAMPLES, run_subprocess


def _one_line_error(proc) -> str:
    err = proc.stderr.decode("utf-8").strip()
    assert proc.returncode == 2 and len(err.splitlines()) == 1 and "Traceback" not in err, err
    return err


def test_a_huge_configuration_file_is_refused_before_it_is_parsed(tmp_path):
    (tmp_path / "replycheck.toml").write_text("# 注释\n" * 400_000, encoding="utf-8")  # 3.6 MB
    err = _one_line_error(run_subprocess(str(EXAMPLES / "ok-tousu.json"), cwd=tmp_path))
    assert "replycheck.toml" in err and "过大" in err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a Unix thing")
def test_a_pipe_as_configuration_or_rule_file_is_refused_without_waiting(tmp_path):
    os.mkfifo(tmp_path / "pipe.toml")
    err = _one_line_error(run_subprocess(str(EXAMPLES / "ok-tousu.json"), "--config", str(tmp_path / "pipe.toml"),
                                         timeout=30))
    assert "pipe.toml" in err
    rules = tmp_path / "rules"
    rules.mkdir()
    os.mkfifo(rules / "r.yaml")
    err = _one_line_error(run_subprocess(str(EXAMPLES / "ok-tousu.json"), "--rules", str(rules), timeout=30))
    assert "r.yaml" in err and "不是普通文件" in err


def test_a_huge_rule_file_is_refused_by_its_size(tmp_path):
    (tmp_path / "r.yaml").write_text("id: x\n" + "# 很长的注释\n" * 100_000, encoding="utf-8")
    err = _one_line_error(run_subprocess(str(EXAMPLES / "ok-tousu.json"), "--rules", str(tmp_path)))
    assert "r.yaml" in err and "文件过大" in err and "256 KB" in err


@pytest.mark.parametrize("make,words", [
    (lambda p: p.mkdir(), ["是一个文件夹"]),
    (lambda p: os.mkfifo(p), ["不是普通文件"]),
    (lambda p: None, []),
])
def test_template_output_paths_are_checked_before_writing(tmp_path, make, words):
    target = tmp_path / "模板.docx"
    if make is not None:
        if make is not None and words and "不是普通文件" in words and not hasattr(os, "mkfifo"):
            pytest.skip("named pipes are a Unix thing")
        make(target)
    proc = run_subprocess("template", "-c", "投诉", "-o", str(target), "--force", timeout=30)
    if not words:
        assert proc.returncode == 0 and target.is_file()
        return
    err = _one_line_error(proc)
    for word in words:
        assert word in err


def test_a_template_into_a_missing_folder_is_one_line(tmp_path):
    err = _one_line_error(run_subprocess("template", "-c", "投诉", "-o", str(tmp_path / "没有" / "模板.docx")))
    assert "所在的文件夹" in err and "不存在" in err
