"""Chinese wherever a user reads: help pages, usage errors, configuration and rule-file errors, JSON syntax."""

from __future__ import annotations

import json
import re

import pytest

from conftest import EXAMPLES, run_subprocess

# What typer and click print in English when left alone.
ENGLISH = ["Usage:", "Options", "Arguments", "Commands", "Show this message", "Install completion",
           "Show completion", "[default", "[required", "TEXT", "PATH", "INTEGER", "<list[", "<int", "<str>",
           "<path>", "range>", "x>=", "[OPTIONS]", "COMMAND", "[ARGS]"]
HELP_PAGES = [["--help"], ["-h"], ["check", "--help"], ["rules", "--help"], ["rules", "list", "--help"],
              ["rules", "check", "--help"], ["explain", "--help"], ["template", "--help"]]


@pytest.mark.parametrize("args", HELP_PAGES, ids=" ".join)
def test_help_pages_have_no_english_left(args):
    proc = run_subprocess(*args, env={"COLUMNS": "100"})
    out = proc.stdout.decode("utf-8")
    assert proc.returncode == 0 and out.startswith("用法：replycheck")
    for phrase in ENGLISH:
        assert phrase not in out, (args, phrase)
    assert "选项：" in out and "显示本帮助并退出。" in out


def test_main_help_names_completion_in_chinese_and_keeps_columns_aligned():
    out = run_subprocess("--help", env={"COLUMNS": "100"}).stdout.decode("utf-8")
    assert "安装自动补全" in out and "[默认：rich]" in out and "[必填]" in out and "<整数>" in out
    # Help texts start in one column, also after an option whose value is named in Chinese (--today 日期):
    # a Chinese character takes two columns of a terminal.
    from replycheck.cli_zh import display_width

    starts = set()
    for line in out.splitlines():
        m = re.match(r"(  (?:-\w, )?--(?:today|debug|quiet|exit-zero)\b\S*(?: \S+)?\s{2,})", line)
        if m:
            starts.add(display_width(m.group(1)))
    assert len(starts) == 1, out


def _usage_error(*args: str) -> str:
    proc = run_subprocess(*args)
    assert proc.returncode == 2
    err = proc.stderr.decode("utf-8").strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert not re.search(r"[A-Z][a-z]+ [a-z]+ [a-z]+", err), err  # no English sentence
    return err


def test_a_missing_option_is_named_cleanly():
    err = _usage_error("template", "-c", "投诉")
    assert "缺少选项 --output / -o" in err  # was “缺少选项 --output' / '-o”


def test_a_misspelt_option_gets_a_suggestion():
    # click offers every close option: --format, and --stdin-format since pasted text can be read.
    assert "没有选项 --fromat，是否要用 --format 或 --stdin-format？" in _usage_error(str(EXAMPLES / "ok-tousu.json"),
                                                                           "--fromat", "json")


def test_a_misspelt_command_is_no_missing_file():
    err = _usage_error("explian", "3.3")
    assert "explian" in err and "replycheck explain" in err and "文件不存在" not in err


def test_bad_option_values_are_said_in_chinese():
    from replycheck.report import FORMATS

    assert f"“xml”不是 {'、'.join(FORMATS)} 之一" in _usage_error(str(EXAMPLES), "-f", "xml")
    assert "xlsx" in FORMATS  # the choices come from the reporters' registry
    assert "应不小于 0" in _usage_error(str(EXAMPLES), "--jobs", "-1")
    assert "应为整数" in _usage_error(str(EXAMPLES), "--jobs", "x")


@pytest.mark.parametrize("toml,words", [
    ("max_size_mb = -1", ["max_size_mb", "应不小于 1", "-1"]),
    ('fail_on = "xml"', ["fail_on", "应为 error、warning 之一", "xml"]),
    ('select = "3.3"', ["select", "应为列表"]),
    ('ignroe = ["seal-reminder"]', ["ignroe", "未知的配置项", "是否应为“ignore”"]),
    ("fail_on = warning", ["第1行第11列", "英文双引号"]),
])
def test_configuration_errors_are_natural_chinese(tmp_path, toml, words):
    (tmp_path / "replycheck.toml").write_text(toml + "\n", encoding="utf-8")
    err = _config_error(tmp_path)
    for word in words:
        assert word in err, (word, err)


def _config_error(tmp_path) -> str:
    proc = run_subprocess(str(EXAMPLES / "ok-tousu.json"), cwd=tmp_path)
    err = proc.stderr.decode("utf-8").strip()
    assert proc.returncode == 2 and len(err.splitlines()) == 1, err
    assert "Input should" not in err and "Value error" not in err and "Traceback" not in err
    return err


def test_rule_file_errors_are_natural_chinese(tmp_path):
    (tmp_path / "r.yaml").write_text('id: my-rule\nclause: "3.3"\nseverity: xml\ncheck: present\n'
                                     "fields: [internal_result]\nmessage: 缺少\nhint: 写上\n", encoding="utf-8")
    proc = run_subprocess(str(EXAMPLES / "ok-tousu.json"), "--rules", str(tmp_path))
    err = proc.stderr.decode("utf-8")
    assert proc.returncode == 2 and "severity：应为 error、warning、info 之一（现为“xml”）" in err
    assert "Input should" not in err


@pytest.mark.parametrize("text,words", [
    ('{"工单编号": "BH1",\n "工单类型": "投诉",\n}', ["第3行第1列", "多余的逗号"]),
    ('{"工单编号"："BH1"}', ["第1行第8列", "全角", "冒号"]),
    ("{'工单编号': 'BH1'}", ["第1行第2列", "单引号"]),
    ('{"工单编号": "BH1"', ["意外结束"]),
    ('// 草稿\n{"工单编号": "BH1"}', ["注释"]),
])
def test_json_syntax_errors_name_the_real_problem(tmp_path, cli, text, words):
    (tmp_path / "d.json").write_text(text, encoding="utf-8")
    _, out, _ = cli(str(tmp_path / "d.json"), "--format", "json")
    error = json.loads(out)[0]["error"]
    for word in words:
        assert word in error, (word, error)
    assert "键名须用英文双引号" not in error or "单引号" in error


def test_every_command_is_recognised_as_a_command_not_a_file():
    # main() chooses between checking files and the other commands by SUBCOMMANDS: a command registered
    # but missing there would be taken for a file name (and a misspelling of it not recognised).
    import typer

    from replycheck import cli as cli_module
    from replycheck.commands import register

    registry = typer.Typer()
    register(registry)
    names = {c.name for c in registry.registered_commands} | {g.name for g in registry.registered_groups}
    assert cli_module.SUBCOMMANDS == {"check", *names}
