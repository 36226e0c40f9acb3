"""Every input accounted for, one verdict in every format, and files that are not drafts said as much."""

from __future__ import annotations

import csv
import io
import json
import shutil
import xml.etree.ElementTree as ET

import pytest

from conftest import EXAMPLES

FORMATS = ["rich", "json", "sarif", "junit", "github", "csv", "html"]
# Files that cannot be checked, each for its own reason: .pdf and .xls have no loader (the types in
# replycheck.loaders.FORMATS do); the .doc, .txt and .xlsx have loaders but hold no draft.
UNSUPPORTED = ["旧稿.doc", "扫描件.pdf", "说明.txt", "台账.xlsx", "旧表.xls"]
SKIPPED = ["~$回复.docx", "现场照片.jpg"]


@pytest.fixture
def week(tmp_path):
    """One good Word draft, five files that are no draft (two of them in types no loader reads), a lock file,
    a photo, a hidden folder."""
    folder = tmp_path / "本周回复"
    folder.mkdir()
    shutil.copy(EXAMPLES / "ok-tousu.docx", folder / "回复.docx")
    for name in UNSUPPORTED + SKIPPED:
        (folder / name).write_bytes(b"not a draft")
    (folder / ".git").mkdir()
    (folder / ".git" / "x.json").write_text("{}", encoding="utf-8")
    return folder


def test_a_folder_run_names_every_file_it_did_not_check(week, cli, monkeypatch):
    monkeypatch.chdir(week.parent)  # short paths: each named file stays on one line of the report
    week = week.relative_to(week.parent)
    code, out, _ = cli(str(week))
    # Before: “共检查 1 份草稿：通过 1 份” and exit 0, the four documents silently left out.
    assert code == 1
    for name in UNSUPPORTED:
        assert f"{week / name}：" in out
    assert f"{week / '旧稿.doc'}：文件内容不是旧版 Word 97-2003（.doc）文件" in out  # seen before LibreOffice runs
    assert f"{week / '扫描件.pdf'}：PDF 文件无法检查" in out
    assert f"{week / '说明.txt'}：文件中没有认出任何栏目" in out
    assert f"{week / '台账.xlsx'}：文件不是 .xlsx 格式" in out
    assert f"{week / '旧表.xls'}：这是旧版 Excel 97-2003（.xls）文件，暂不支持" in out
    assert "已跳过 3 个文件" in out
    assert f"{week / '~$回复.docx'}：Word/WPS 打开文档时留下的锁文件" in out
    assert f"{week / '现场照片.jpg'}：不是草稿文件（.jpg）" in out
    assert f"{week / '.git'}：隐藏文件夹" in out
    assert out.strip().splitlines()[-1] == "共检查 6 份草稿：通过 1 份，未通过 0 份，无法读取 5 份；另有 3 个文件已跳过。"


def test_skipped_files_alone_do_not_fail_the_run(week, cli):
    for name in UNSUPPORTED:
        (week / name).unlink()
    code, out, _ = cli(str(week), "--quiet")
    assert code == 0  # a lock file, a photo and a hidden folder fail nothing…
    assert "已跳过 3 个文件" in out  # …but are still named, --quiet or not
    assert "~$回复.docx" in out


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_lists_unchecked_and_skipped_files(week, cli, fmt):
    code, out, _ = cli(str(week), "--format", fmt)
    assert code == 1
    for name in UNSUPPORTED + SKIPPED + [".git"]:
        assert name in out, (fmt, name)
    if fmt == "json":
        report = {e["path"].rsplit("/", 1)[-1]: e for e in json.loads(out)}
        assert report["回复.docx"]["ok"] is True
        assert all(report[n]["ok"] is False and report[n]["error"] for n in UNSUPPORTED)
        assert all(report[n]["ok"] is None and report[n]["skipped"] for n in SKIPPED + [".git"])
    if fmt == "junit":
        suite = ET.fromstring(out.split("\n", 1)[1]).find("testsuite")
        assert (suite.get("tests"), suite.get("errors"), suite.get("skipped"), suite.get("failures")) == ("9", "5", "3", "0")
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
        assert {r["文件 path"].rsplit("/", 1)[-1]: r["是否通过 ok"] for r in rows}["~$回复.docx"] == "已跳过"
    if fmt == "sarif":
        notes = json.loads(out)["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        assert sorted(n["descriptor"]["id"] for n in notes) == ["skipped-file"] * 3 + ["unreadable-draft"] * 5


def test_a_json_object_that_is_no_draft_is_one_clear_line(tmp_path, cli):
    (tmp_path / "package.json").write_text('{"a": 1}', encoding="utf-8")
    code, out, _ = cli(str(tmp_path / "package.json"), "--format", "json")
    [element] = json.loads(out)
    assert code == 1 and element["findings"] == []  # not five “missing field” findings
    assert "不是工单回复草稿" in element["error"] and "--exclude" in element["error"]
    assert "\n" not in element["error"]


def test_a_draft_with_every_key_misspelt_is_told_the_nearest_key(tmp_path, cli):
    (tmp_path / "d.json").write_text('{"catgory": "投诉", "办里结果": "已处理"}', encoding="utf-8")
    _, out, _ = cli(str(tmp_path / "d.json"), "--format", "json")
    assert "“catgory”是否应为“category”" in json.loads(out)[0]["error"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_unknown_keys_are_named_with_the_nearest_known_key_in_every_format(tmp_path, cli, fmt):
    draft = json.loads((EXAMPLES / "ok-tousu.json").read_text(encoding="utf-8"))
    draft["catgory"] = draft.pop("category")
    draft["办里结果"] = "补充说明"
    (tmp_path / "d.json").write_text(json.dumps(draft, ensure_ascii=False), encoding="utf-8")
    _, out, _ = cli(str(tmp_path / "d.json"), "--format", fmt)
    assert "catgory" in out and "category" in out, fmt
    assert "办里结果" in out and "“办理结果”" in out, fmt


# -- one verdict: --fail-on warning decides “ok” everywhere ---------------------------------------------
@pytest.fixture
def warning_only(tmp_path, cli):
    """A draft whose only blocking-at-warning finding is a warning (found among the examples)."""
    for path in sorted(EXAMPLES.glob("*.json")):
        _, out, _ = cli(str(path), "--format", "json")
        [element] = json.loads(out)
        severities = {f["severity"] for f in element["findings"] if not f["waived"]}
        if element["ok"] and "warning" in severities:
            shutil.copy(path, tmp_path / "draft.json")
            return tmp_path / "draft.json"
    draft = json.loads((EXAMPLES / "ok-tousu.json").read_text(encoding="utf-8"))
    (tmp_path / "draft.json").write_text(json.dumps(draft, ensure_ascii=False), encoding="utf-8")
    config = tmp_path / "replycheck.toml"
    config.write_text('[severity]\n"seal-reminder" = "warning"\n', encoding="utf-8")
    return tmp_path / "draft.json"


def _config_args(path):
    config = path.parent / "replycheck.toml"
    return ["--config", str(config)] if config.exists() else []


def test_fail_on_warning_gives_one_verdict_in_every_format(warning_only, cli):
    args = [str(warning_only), *_config_args(warning_only)]
    code, out, _ = cli(*args)
    assert code == 0 and "✓ 通过" in out  # at the default level the warning does not fail
    code, out, _ = cli(*args, "--fail-on", "warning")
    assert code == 1 and "✗ 未通过" in out and "通过 0 份，未通过 1 份" in out
    _, out, _ = cli(*args, "--fail-on", "warning", "--format", "json")
    assert json.loads(out)[0]["ok"] is False
    _, out, _ = cli(*args, "--fail-on", "warning", "--format", "junit")
    suite = ET.fromstring(out.split("\n", 1)[1]).find("testsuite")
    assert suite.get("failures") == "1" and suite.find("testcase/failure") is not None
    _, out, _ = cli(*args, "--fail-on", "warning", "--format", "sarif")
    run = json.loads(out)["runs"][0]
    assert run["properties"]["failOn"] == "warning" and run["properties"]["draftsPassed"] == 0
    warned = [r for r in run["results"] if r["properties"]["severity"] == "warning"]
    assert warned and all(r["level"] == "error" and r["properties"]["failsDraft"] for r in warned)
    _, out, _ = cli(*args, "--fail-on", "warning", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
    assert {r["是否通过 ok"] for r in rows} == {"否"}
    _, out, _ = cli(*args, "--fail-on", "warning", "--format", "html")
    assert "✗ 未通过" in out and "✓ 通过" not in out
    _, out, _ = cli(*args, "--fail-on", "warning", "--format", "github")
    assert "::error" in out and "通过 0 份，未通过 1 份" in out


def test_fail_on_in_the_config_gives_the_same_verdict(warning_only, cli):
    config = warning_only.parent / "replycheck.toml"
    text = config.read_text(encoding="utf-8") if config.exists() else ""
    config.write_text('fail_on = "warning"\n' + text, encoding="utf-8")
    code, out, _ = cli(str(warning_only), "--config", str(config), "--format", "json")
    assert code == 1 and json.loads(out)[0]["ok"] is False


def test_the_workbook_lists_unchecked_and_skipped_files_too(week, cli, tmp_path):
    # xlsx joined the formats on main (issue 14); it accounts for every input like the others, and a
    # skipped file belongs to no department (no “未填承办科室” sheet made of lock files and photos).
    from openpyxl import load_workbook

    target = tmp_path / "报告.xlsx"
    code, _, err = cli(str(week), "--format", "xlsx", "-o", str(target))
    assert code == 1, err
    wb = load_workbook(target, read_only=True)
    rows = list(wb["问题清单"].iter_rows(values_only=True))
    header = rows[0]
    verdicts = {str(r[header.index("文件")]).rsplit("/", 1)[-1]: r[header.index("结论")] for r in rows[1:]}
    assert {n: verdicts[n] for n in SKIPPED + [".git"]} == {n: "已跳过" for n in SKIPPED + [".git"]}
    assert all(verdicts[n] == "无法读取" for n in UNSUPPORTED) and verdicts["回复.docx"] == "通过"
    summary = list(wb["汇总"].iter_rows(values_only=True))
    assert ("已跳过", 3) in [tuple(r[:2]) for r in summary]
    skipped_at = [r[0] for r in summary].index("已跳过的文件（未检查，不影响结果）")
    assert {str(r[0]).rsplit("/", 1)[-1] for r in summary[skipped_at + 1:skipped_at + 4]} == {*SKIPPED, ".git"}
    department_sheets = [ws.title for ws in wb.worksheets][2:]
    assert department_sheets == ["综合执法大队", "未填承办科室"]  # the draft's, and the unreadable files'
    unreadable = list(wb["未填承办科室"].iter_rows(values_only=True))[1:]
    assert all(r[header.index("结论")] == "无法读取" for r in unreadable) and len(unreadable) == len(UNSUPPORTED)


def test_the_workbook_judges_at_the_fail_level(tmp_path, cli):
    from openpyxl import load_workbook

    target = tmp_path / "报告.xlsx"
    draft = EXAMPLES / "bad-category-consult-complaint.json"  # a warning only: passes unless --fail-on warning
    verdicts = {}
    for level in ("error", "warning"):
        code, _, err = cli(str(draft), "--format", "xlsx", "-o", str(target), "--fail-on", level)
        rows = list(load_workbook(target, read_only=True)["问题清单"].iter_rows(values_only=True))
        verdicts[level] = (code, {r[rows[0].index("结论")] for r in rows[1:]})
    assert verdicts == {"error": (0, {"通过"}), "warning": (1, {"未通过"})}
