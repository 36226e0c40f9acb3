"""Batch checking as a clerk or a pipeline does it: folders, odd files, parallel workers, summaries, config."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLES, run_subprocess

N_JSON, N_DOCX = 490, 10
SOURCES = sorted(EXAMPLES.glob("*.json"))


@pytest.fixture(scope="module")
def big_folder(tmp_path_factory):
    """500 drafts in nested folders, one corrupt .docx, one Word lock file and one symlink loop."""
    root = tmp_path_factory.mktemp("batch") / "本周回复"
    expected: list[str] = []
    order_ids: set[str] = set()
    for i in range(N_JSON):
        draft = json.loads(SOURCES[i % len(SOURCES)].read_text(encoding="utf-8"))
        draft["order_id"] = f"BT2026{i:06d}"
        order_ids.add(draft["order_id"])
        folder = root / ("城建科" if i % 3 == 0 else "sub" if i % 3 == 1 else "")
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{i:04d}.json"
        path.write_text(json.dumps(draft, ensure_ascii=False), encoding="utf-8")
        expected.append(str(path))
    for i, src in enumerate(sorted(EXAMPLES.glob("*.docx"))[:N_DOCX]):
        shutil.copy(src, root / f"word-{i:02d}.docx")
        expected.append(str(root / f"word-{i:02d}.docx"))
    (root / "corrupt.docx").write_bytes(b"PK\x03\x04 truncated")
    expected.append(str(root / "corrupt.docx"))
    (root / "~$x.docx").write_bytes(b"\x00lock file of an open document")
    try:
        os.symlink("..", root / "sub" / "loop", target_is_directory=True)  # a folder linking to its parent
    except (OSError, NotImplementedError):
        pass
    return root, expected, order_ids


def _check_report(report: list[dict], expected: list[str], order_ids: set[str]) -> None:
    assert [e["path"] for e in report] == sorted(e["path"] for e in report)
    # The lock file and the link loop are not checked, but named with the reason (and never “ok”).
    skipped = {Path(e["path"]).name: e for e in report if e["skipped"]}
    assert "锁文件" in skipped.pop("~$x.docx")["skipped"]
    if "loop" in skipped:
        assert "符号链接" in skipped.pop("loop")["skipped"]
    assert not skipped and all(e["ok"] is None for e in report if e["skipped"])
    report = [e for e in report if not e["skipped"]]
    paths = [e["path"] for e in report]
    assert paths == sorted(expected)  # every draft once, in path order: nothing lost, nothing extra
    errors = [e for e in report if e["error"]]
    assert [e["path"] for e in errors] == [p for p in paths if p.endswith("corrupt.docx")]
    assert "corrupt.docx" in errors[0]["error"] and errors[0]["ok"] is False and errors[0]["findings"] == []
    assert order_ids <= {e["order_id"] for e in report}


def test_500_drafts_serial_and_in_the_spawn_pool_give_the_same_report(big_folder):
    root, expected, order_ids = big_folder
    # The batch plumbing is under test, not the rules: the personal-information rules keep it quick.
    serial = run_subprocess(str(root), "--format", "json", "--jobs", "1", "--select", "1.8")
    pooled = run_subprocess(str(root), "--format", "json", "--jobs", "2", "--select", "1.8",
                            env={"REPLYCHECK_START_METHOD": "spawn"})
    forked = run_subprocess(str(root), "--format", "json", "--jobs", "2", "--select", "1.8",
                            env={"REPLYCHECK_START_METHOD": "fork"})
    assert json.loads(forked.stdout) == json.loads(pooled.stdout)
    for proc in (serial, pooled):
        assert proc.returncode == 1, proc.stderr.decode("utf-8", "replace")
        _check_report(json.loads(proc.stdout), expected, order_ids)
    assert json.loads(serial.stdout) == json.loads(pooled.stdout)
    assert any(f["rule"] == "pii-mobile" for e in json.loads(pooled.stdout) for f in e["findings"])


def test_pool_workers_are_started_with_spawn(big_folder, monkeypatch):
    import multiprocessing

    from replycheck import runner

    root, expected, _ = big_folder
    files = sorted(p for p in expected if p.endswith(".json"))[:runner.POOL_THRESHOLD + 10]
    asked: list[str | None] = []
    real = multiprocessing.get_context

    def spy(method=None):
        asked.append(method)
        return real(method)

    monkeypatch.setattr(multiprocessing, "get_context", spy)
    from replycheck import parallel

    monkeypatch.setattr(parallel, "START_METHOD", "spawn")  # what Windows and macOS do
    settings = runner.Settings(select=["1.8", "3.3"])
    pooled = runner.run(files, settings, jobs=2)
    assert asked == ["spawn"]
    serial = runner.run(files, settings, jobs=1)
    assert asked == ["spawn"]  # the serial run starts no pool
    assert [r.model_dump() for r in pooled] == [r.model_dump() for r in serial]
    assert [r.path for r in pooled] == files


def test_exclude_skips_files_and_folders(tmp_path, cli):
    shutil.copy(EXAMPLES / "ok-tousu.json", tmp_path / "a.json")
    shutil.copy(EXAMPLES / "ok-tousu.docx", tmp_path / "b.docx")
    (tmp_path / "旧稿").mkdir()
    shutil.copy(EXAMPLES / "bad-jubao-pii.json", tmp_path / "旧稿" / "c.json")
    code, out, _ = cli(str(tmp_path), "--format", "json", "--exclude", "*.docx", "--exclude", "旧稿")
    assert code == 0
    report = json.loads(out)
    assert [e["path"] for e in report if not e["skipped"]] == [str(tmp_path / "a.json")]
    # What was excluded is still named, with the reason, and fails nothing.
    assert {e["path"]: e["skipped"] for e in report if e["skipped"]} == {
        str(tmp_path / "b.docx"): "按 --exclude 或配置中的 exclude 跳过",
        str(tmp_path / "旧稿"): "按 --exclude 或配置中的 exclude 跳过"}


def test_statistics_counts_findings_per_rule(cli):
    code, out, _ = cli(str(EXAMPLES), "--statistics")
    _, report, _ = cli(str(EXAMPLES), "--format", "json")
    assert code == 1
    counts: dict[tuple[str, str], int] = {}
    from replycheck.rulebook import load_rules

    titles = {r.id: r.title for r in load_rules().rules}
    for element in json.loads(report):
        for f in element["findings"]:
            if f["severity"] != "info" and not f["waived"]:
                counts[(f["clause"], f["rule"])] = counts.get((f["clause"], f["rule"]), 0) + 1
    lines = out.strip().split("\n\n")[0].splitlines()  # then the skipped files (examples/README.md)
    assert "README.md：文件夹的说明文件（README），不是草稿" in out  # folder notes are named, not read
    shown = {}
    for line in lines:
        n, clause, rule, title = line.split()  # each rule with its Chinese title
        assert title == titles[rule]
        shown[(clause, rule)] = int(n)
    assert shown == counts
    assert [int(line.split()[0]) for line in lines] == sorted(counts.values(), reverse=True)
    drafts = len([p for p in EXAMPLES.iterdir() if p.suffix in (".json", ".docx")])
    assert out.strip().splitlines()[-1] == (
        f"共检查 {drafts} 份草稿：通过 {sum(1 for e in json.loads(report) if e['ok'])} 份，"
        f"未通过 {sum(1 for e in json.loads(report) if e['ok'] is False)} 份；另有 1 个文件已跳过。")
    assert "examples" not in out.replace(str(EXAMPLES / "README.md"), "")  # no per-draft listing


def test_rich_output_ends_with_a_summary_of_totals_and_departments(tmp_path, cli):
    names = ("ok-tousu.json", "bad-tousu-no-penalty.json", "ok-jubao.json", "bad-jubao-pii.json", "ok-banli-repair.json")
    for name in names:
        shutil.copy(EXAMPLES / name, tmp_path / name)
    (tmp_path / "坏.docx").write_bytes(b"broken")
    code, out, _ = cli(str(tmp_path))
    _, report, _ = cli(str(tmp_path), "--format", "json")
    report = json.loads(report)
    assert code == 1
    summary = out[out.index("汇总"):]
    passed = sum(1 for e in report if e["ok"])
    assert f"总通过率：{passed / len(report):.0%}（{passed}/{len(report)} 份通过，无法读取 1 份）" in summary
    assert "各科室通过率：" in summary
    departments: dict[str, list[int]] = {}
    for e in report:
        if not e["error"]:
            tally = departments.setdefault(e["department"], [0, 0])
            tally[0] += e["ok"]
            tally[1] += 1
    assert len(departments) >= 3
    for dept, (ok, total) in departments.items():
        assert re.search(rf"{dept}\s+{ok}/{total}\s+{ok / total:.0%}", summary), dept
    assert summary.rstrip().splitlines()[-1] == (
        f"共检查 {len(report)} 份草稿：通过 {passed} 份，未通过 {len(report) - passed - 1} 份，无法读取 1 份。")


def test_quiet_lists_only_drafts_that_fail(tmp_path, cli):
    shutil.copy(EXAMPLES / "ok-tousu.json", tmp_path / "ok.json")
    shutil.copy(EXAMPLES / "bad-jubao-pii.json", tmp_path / "bad.json")
    code, out, _ = cli(str(tmp_path), "--quiet")
    assert code == 1
    assert "bad.json" in out and "ok.json" not in out and not out.startswith("\n")


def test_exit_zero_reports_but_does_not_fail(cli):
    code, out, _ = cli(str(EXAMPLES / "bad-jubao-pii.json"), "--exit-zero")
    assert code == 0 and "pii-mobile" in out and "未通过 1 份" in out


def _config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "replycheck.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_fail_on_warning_from_option_or_config(tmp_path, cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(EXAMPLES / "bad-jubao-pii.json", tmp_path / "d.json")
    _config(tmp_path, '[severity]\npii-mobile = "warning"\n')
    code, out, _ = cli("d.json")
    assert code == 0 and "警告" in out and "pii-mobile" in out
    assert cli("d.json", "--fail-on", "warning")[0] == 1
    _config(tmp_path, 'fail_on = "warning"\n[severity]\n"1.8" = "warning"\n')
    assert cli("d.json")[0] == 1


def test_config_select_and_ignore(tmp_path, cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(EXAMPLES / "bad-jubao-pii.json", tmp_path / "pii.json")
    shutil.copy(EXAMPLES / "bad-banli-transferred.json", tmp_path / "transfer.json")
    _config(tmp_path, 'select = ["1.8"]\n')
    code, out, _ = cli(".", "--format", "json")
    findings = [f for e in json.loads(out) for f in e["findings"]]
    assert code == 1 and [f["rule"] for f in findings] == ["pii-mobile"]
    _config(tmp_path, 'ignore = ["pii-mobile", "3.3"]\n')
    code, out, _ = cli(".", "--format", "json")
    rules = {f["rule"] for e in json.loads(out) for f in e["findings"]}
    assert "pii-mobile" not in rules and not any(f["clause"].startswith("3.3") for e in json.loads(out)
                                                 for f in e["findings"])


def test_config_from_a_projects_pyproject_toml(tmp_path, cli, monkeypatch):
    """[tool.replycheck] in a pyproject.toml counts; a project's pyproject.toml without it is passed over."""
    project = tmp_path / "project"
    drafts = project / "drafts"
    drafts.mkdir(parents=True)
    shutil.copy(EXAMPLES / "bad-jubao-pii.json", drafts / "pii.json")
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n[tool.replycheck]\nignore = ["1.8"]\n',
                                            encoding="utf-8")
    (drafts / "pyproject.toml").write_text('[project]\nname = "other"\n', encoding="utf-8")
    monkeypatch.chdir(drafts)
    rules = {f["rule"] for e in json.loads(cli(".", "--format", "json")[1]) for f in e["findings"]}
    assert rules and "pii-mobile" not in rules
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    rules = {f["rule"] for e in json.loads(cli(".", "--format", "json")[1]) for f in e["findings"]}
    assert "pii-mobile" in rules


def test_waivers_used_unused_and_without_reason(tmp_path, cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(EXAMPLES / "bad-jubao-pii.json", tmp_path / "pii.json")
    _config(tmp_path, '[[waivers]]\nrule = "pii-mobile"\norder_id = "BH2026032300049"\nreason = "市民本人要求回拨号码"\n'
                      '[[waivers]]\nrule = "forbidden-transfer-phrase"\nfile = "其他.json"\nreason = "历史工单"\n')
    code, out, _ = cli(".")
    assert code == 0
    assert "已豁免：市民本人要求回拨号码" in out
    assert "豁免“forbidden-transfer-phrase @ 其他.json”没有匹配任何问题" in out
    _, report, _ = cli(".", "--format", "json")
    pii = [f for e in json.loads(report) for f in e["findings"] if f["rule"] == "pii-mobile"]
    assert pii[0]["waived"] == "市民本人要求回拨号码"

    _config(tmp_path, '[[waivers]]\nrule = "pii-mobile"\norder_id = "BH2026032300049"\n')
    code, out, err = cli(".")
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "理由" in err and "replycheck.toml" in err


def test_stdin_dash(cli):
    text = (EXAMPLES / "bad-jubao-pii.json").read_text(encoding="utf-8")
    code, out, _ = cli("-", "--format", "json", input=text)
    report = json.loads(out)
    assert code == 1 and len(report) == 1
    assert report[0]["path"] == "<标准输入>" and report[0]["findings"]
    code, out, _ = cli("-", "--format", "json", input="{broken")
    report = json.loads(out)
    assert code == 1 and report[0]["path"] == "<标准输入>" and "JSON" in report[0]["error"]
