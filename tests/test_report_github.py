"""GitHub workflow commands: one annotation per finding, escaped so that no draft text can forge a command."""

from __future__ import annotations

import json
import shutil

from conftest import EXAMPLES


def test_escaping_follows_the_actions_toolkit():
    from replycheck.report.github import command, escape_data, escape_property

    assert escape_data("100%\r\n下一行") == "100%25%0D%0A下一行"
    assert escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"
    assert command("error", "行一\n::set-env name=X::1", file="a,b.json", line=None, title="t:1") == \
        "::error file=a%2Cb.json,title=t%3A1::行一%0A::set-env name=X::1"


def test_one_annotation_per_finding_at_its_level(tmp_path, cli):
    from replycheck.report.github import escape_property

    for name in ("bad-jubao-pii.json", "bad-banli-no-photo.json", "ok-tousu.json"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    (tmp_path / "odd, name: 1.json").write_text("{broken", encoding="utf-8")
    code, out, _ = cli(str(tmp_path), "--format", "github")
    _, report, _ = cli(str(tmp_path), "--format", "json")
    report = json.loads(report)
    assert code == 1

    annotations = [line for line in out.splitlines() if line.startswith("::")]
    expected = {"error": 0, "warning": 0, "notice": 0}
    for element in report:
        expected["error"] += 1 if element["error"] else 0
        for f in element["findings"]:
            expected[{"error": "error", "warning": "warning", "info": "notice"}[f["severity"]]] += 1
    for kind, n in expected.items():
        assert sum(1 for a in annotations if a.startswith(f"::{kind} ")) == n, kind
    assert len(annotations) == sum(expected.values())
    assert all("\n" not in a and "\r" not in a for a in annotations)

    pii = next(a for a in annotations if "pii-mobile" in a)
    where = escape_property(str(tmp_path / "bad-jubao-pii.json"))
    assert pii.startswith(f"::error file={where},title=replycheck 第1.8条 泄露完整手机号（pii-mobile）::")
    assert "138****5678" in pii and "13812345678" not in out
    broken = next(a for a in annotations if "odd" in a)
    assert broken.startswith("::error file=") and "odd%2C name%3A 1.json" in broken.split("::")[1]
    assert "无法读取" in broken
    assert out.rstrip().splitlines()[-1].startswith("共检查 4 份草稿")


def test_jsonl_annotation_carries_the_line(tmp_path, cli):
    from replycheck.report.github import escape_property

    drafts = [json.loads((EXAMPLES / n).read_text(encoding="utf-8")) for n in ("ok-tousu.json", "bad-jubao-pii.json")]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in drafts), encoding="utf-8")
    _, out, _ = cli(str(path), "--format", "github")
    pii = next(line for line in out.splitlines() if "pii-mobile" in line)
    assert f"file={escape_property(str(path))},line=2," in pii


def test_unused_waiver_is_a_warning_annotation(tmp_path, cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(EXAMPLES / "ok-tousu.json", tmp_path / "ok.json")
    (tmp_path / "replycheck.toml").write_text(
        '[[waivers]]\nrule = "pii-mobile"\norder_id = "BH0000"\nreason = "已不需要"\n', encoding="utf-8")
    code, out, _ = cli("ok.json", "--format", "github")
    assert code == 0
    assert "::warning title=replycheck：豁免未使用::豁免“pii-mobile @ BH0000”没有匹配任何问题，可以删除" in out.splitlines()
