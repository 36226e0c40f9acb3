"""What the speed work (issue 5) must not change: the same rules from the cache, the same report when it
is written while checking, the same results from the pool. Timings live in bench/run.py, not here."""

from __future__ import annotations

import io
import json
import shutil

import pytest

from conftest import EXAMPLES, run_subprocess
from replycheck import __version__, api, rulecache, runner
from replycheck.config import Config, Waiver
from replycheck.errors import RuleFileError
from replycheck.model import Severity
from replycheck.report import ReportMeta, render
from replycheck.rulebook import builtin_rules_dir, load_rules
from replycheck.streaming import write_json


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("REPLYCHECK_CACHE_DIR", str(folder))
    monkeypatch.delenv("REPLYCHECK_NO_CACHE", raising=False)
    return folder


def _summary(ruleset):
    return [(r.id, r.clause, r.severity, r.source, r.model_dump()) for r in ruleset.rules], ruleset.digest


def test_cached_rules_equal_freshly_loaded_ones(cache):
    fresh = load_rules()
    first = rulecache.load_rules()  # a miss: loads and writes the entry
    assert len(list(cache.glob("rules-*.pickle"))) == 1
    second = rulecache.load_rules()  # a hit
    assert _summary(first) == _summary(second) == _summary(fresh)
    # The compiled patterns come back compiled, and match as before.
    for a, b in zip(fresh.rules, second.rules):
        for name in ("compiled", "compiled_near"):
            patterns_a, patterns_b = getattr(a, name, None), getattr(b, name, None)
            if isinstance(patterns_a, list):
                assert [p.pattern for p in patterns_a] == [p.pattern for p in patterns_b]


def test_cached_rules_find_exactly_what_fresh_ones_find(cache):
    from replycheck.engine import check_loaded
    from replycheck.loaders import load_path

    rulecache.load_rules()
    cached, fresh = rulecache.load_rules(), load_rules()
    drafts = sorted(EXAMPLES.glob("*.json")) + sorted(EXAMPLES.glob("*.docx"))
    assert len(drafts) > 20
    for path in drafts:
        a = check_loaded(load_path(path), fresh.rules, str(path))
        b = check_loaded(load_path(path), cached.rules, str(path))
        assert [r.model_dump() for r in a] == [r.model_dump() for r in b], path


def test_a_pickled_builtin_pattern_arrives_compiled(monkeypatch):
    """The rule cache and spawned workers get built-in patterns without compiling them again."""
    import pickle
    import re

    from replycheck import programs
    from replycheck.checks import patterns

    pattern = patterns.compile_regex("(?<!未|尚未)(?:已|均)办结", trusted=True)
    blob = pickle.dumps(pattern)

    def no_compiling(*args, **kwargs):
        raise AssertionError("compiled again")

    with monkeypatch.context() as m:
        m.setattr(re, "compile", no_compiling)
        back = pickle.loads(blob)
        assert back.search("问题均已办结").group() == "已办结"
        assert back.search("尚未办结") is None and back.search("均办结").group() == "均办结"
    # The program travels as an array of code words (bytes in the pickle), not a list pickled int by int.
    from array import array

    packed = programs.packed(programs.program(back.pattern))
    assert any(isinstance(arg, array) for arg in packed)
    assert programs.replay(back.pattern, packed).search("均办结").group() == "均办结"
    # A program that is not this pattern's (or not valid at all) is not trusted: the source is compiled.
    for program in [(back.pattern, 0, [1, 2, 3], 0, {}, ()), programs.program("完全不同"), None]:
        again = patterns._restore(back.pattern, program)
        assert again.search("尚未办结") is None and again.search("均办结").group() == "均办结"


def test_a_changed_rule_file_is_a_miss_and_a_broken_one_still_stops(cache, tmp_path):
    town = tmp_path / "town"
    town.mkdir()
    rule = (builtin_rules_dir() / "3.3-result" / "forbidden-bare-closure.yaml").read_text(encoding="utf-8")
    (town / "mine.yaml").write_text(rule.replace("id: forbidden-bare-closure", "id: town-closure"), encoding="utf-8")
    assert rulecache.load_rules([town]).by_id("town-closure") is not None
    (town / "mine.yaml").write_text(rule.replace("id: forbidden-bare-closure", "id: town-closure-2"), encoding="utf-8")
    assert rulecache.load_rules([town]).by_id("town-closure-2") is not None
    (town / "mine.yaml").write_text(rule.replace("id: forbidden-bare-closure", "id: town-closure")
                                    .replace("check: reading", "check: magic"), encoding="utf-8")
    with pytest.raises(RuleFileError):
        rulecache.load_rules([town])
    with pytest.raises(RuleFileError):
        rulecache.load_rules([town / "nope"])


def test_a_corrupt_or_unwritable_cache_is_ignored(cache, monkeypatch):
    rulecache.load_rules()
    for entry in cache.glob("rules-*.pickle"):
        entry.write_bytes(entry.read_bytes()[:200])
    assert len(rulecache.load_rules().rules) == len(load_rules().rules)
    shutil.rmtree(cache)
    cache.write_text("a file where the folder should be")
    assert len(rulecache.load_rules().rules) == len(load_rules().rules)
    monkeypatch.setenv("REPLYCHECK_NO_CACHE", "1")
    assert len(rulecache.load_rules().rules) == len(load_rules().rules)


@pytest.mark.parametrize("paths", [[str(EXAMPLES)], [str(EXAMPLES / "ok-zixun.json"), "missing.json", str(EXAMPLES)]])
def test_streamed_json_report_is_the_rendered_one(paths):
    config = Config(waivers=[Waiver(rule="seal-reminder", file="ok-zixun.json", reason="测试豁免"),
                             Waiver(rule="nope", order_id="x", reason="未用到的豁免")])
    outcome = api.check_paths(paths, config)
    meta = ReportMeta(version=__version__, rules_digest=outcome.rules_digest)
    checking = api.iter_check(paths, config)
    out = io.StringIO()
    write_json(checking.results, meta, out.write)
    assert out.getvalue() == render("json", outcome.results, meta)
    assert checking.waivers_unused == outcome.waivers_unused == ["nope @ x"]
    assert all(checking.failed(level) == outcome.failed(level) for level in Severity)
    empty = io.StringIO()
    write_json([], meta, empty.write)
    assert empty.getvalue() == render("json", [], meta)


def test_the_pool_with_the_main_process_working_gives_the_serial_results(tmp_path):
    sources = sorted(EXAMPLES.glob("*.json")) + sorted(EXAMPLES.glob("*.docx"))
    files = []
    for i in range(runner.POOL_THRESHOLD + 60):
        src = sources[i % len(sources)]
        dst = tmp_path / f"{i:03d}{src.suffix}"
        shutil.copy(src, dst)
        files.append(str(dst))
    settings = runner.Settings()
    pooled = runner.run(files, settings, jobs=3)  # the main process and two workers
    serial = runner.run(files, settings, jobs=1)
    assert [r.model_dump() for r in pooled] == [r.model_dump() for r in serial]


def test_cli_json_to_a_file_is_the_same_report(tmp_path):
    out = tmp_path / "report.json"
    to_file = run_subprocess(str(EXAMPLES), "--format", "json", "-o", str(out))
    to_stdout = run_subprocess(str(EXAMPLES), "--format", "json")
    assert to_file.returncode == to_stdout.returncode == 1
    assert json.loads(out.read_text(encoding="utf-8")) == json.loads(to_stdout.stdout)
    bad = run_subprocess(str(EXAMPLES), "--format", "json", "-o", str(tmp_path / "no" / "such" / "r.json"))
    assert bad.returncode == 2 and "无法写入报告文件" in bad.stderr.decode("utf-8")


def _trusted_patterns(obj, seen=None):
    """Every built-in pattern reachable from ``obj`` (rules, the reading's lexicon)."""
    from replycheck.checks.patterns import TrustedPattern

    seen = set() if seen is None else seen
    if id(obj) in seen:
        return
    seen.add(id(obj))
    if isinstance(obj, TrustedPattern):
        yield obj
    elif isinstance(obj, dict):
        for value in obj.values():
            yield from _trusted_patterns(value, seen)
    elif isinstance(obj, (list, tuple, set, frozenset)):
        for value in obj:
            yield from _trusted_patterns(value, seen)
    elif hasattr(obj, "__dict__") and type(obj).__module__.startswith("replycheck"):
        yield from _trusted_patterns(vars(obj), seen)


def test_jumping_to_lead_characters_finds_exactly_what_re_finds():
    """A built-in pattern searched from its lead characters, and not tried where none of its required words
    occurs (patterns.TrustedPattern), finds the same matches, in the same places, as ``re`` trying every
    position: on every draft and reply in the test data."""
    import re

    from conftest import DATA

    ruleset = load_rules()
    patterns = {p.pattern: p for p in _trusted_patterns([ruleset.rules, ruleset.lexicon])}
    led = [p for p in patterns.values() if p._lead is not None or p._gate is not None or p._ahead is not None]
    assert sum(p._lead is not None for p in led) > 40  # the reading's vocabulary and many rule patterns
    assert sum(p._ahead is not None for p in led) > 10  # the long leads: surnames, words for the citizen
    assert sum(p._gate is not None for p in led) > 50
    texts = []
    for path in sorted(DATA.glob("*/*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict):
            texts += [v for k, v in data.items() if k in ("internal_result", "citizen_reply", "reply")
                      and isinstance(v, str)]
    texts += ["已已已已已", "2026年11月3日14时30分2026.11.3", "１２月３日，", ""]
    assert len(texts) > 300
    for pattern in led:
        plain = re.compile(pattern.pattern)
        for text in texts:
            assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in plain.finditer(text)]
            for pos, end in ((0, len(text)), (3, len(text) - 2)):
                got, want = pattern.search(text, pos, end), plain.search(text, pos, end)
                assert (got and got.span()) == (want and want.span()), (pattern.pattern, text)


def test_small_tables_come_from_the_disk_cache_and_follow_their_files(cache, tmp_path):
    """diskcache.cached: a miss builds and writes, a hit returns the same without building, and a changed
    file (or REPLYCHECK_NO_CACHE) builds again. The label list and the traditional characters use it."""
    from replycheck import diskcache

    data = tmp_path / "table.txt"
    data.write_text("甲", encoding="utf-8")
    built = []

    def build():
        built.append(data.read_text(encoding="utf-8"))
        return {"value": built[-1]}

    assert diskcache.cached("table", [data], build) == {"value": "甲"}
    assert diskcache.cached("table", [data], build) == {"value": "甲"} and built == ["甲"]
    assert len(list(cache.glob("table-*.pickle"))) == 1
    data.write_text("乙", encoding="utf-8")
    assert diskcache.cached("table", [data], build) == {"value": "乙"} and built == ["甲", "乙"]


def test_a_run_reads_labels_without_the_yaml_parser(cache):
    """Start-up: once cached, the label list and its pattern load without importing yaml (checked in a fresh
    process, where nothing else has imported it)."""
    code = ("import sys; from replycheck.loaders.labels import split_label; "
            "assert split_label('办理结果：已修复').name == 'internal_result'; print('yaml' in sys.modules)")
    import subprocess
    import sys

    first, second = (subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
                     for _ in range(2))
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    assert second.stdout.strip() == "False"


def test_the_package_patterns_are_replayed_from_the_disk_cache(cache, monkeypatch):
    """programs.pattern: a miss compiles and is written when the process ends; the next process replays
    the program without compiling; a damaged entry or a program filed under another source is ignored."""
    import re

    from replycheck import programs

    monkeypatch.setattr(programs, "_store", programs._Store())
    source = r"(?:已|已经)(?:修复|清理)完毕"
    first = programs.pattern(source)
    assert first.search("道路已经清理完毕").group() == "已经清理完毕"
    programs._save()  # what the process does at exit
    assert len(list(cache.glob("programs-*.pickle"))) == 1

    monkeypatch.setattr(programs, "_store", programs._Store())
    from re import _compiler

    def no_compiling(*args):
        raise AssertionError("compiled again instead of replayed")

    with monkeypatch.context() as m:
        m.setattr(_compiler, "compile", no_compiling)
        again = programs.pattern(source)
    assert again.pattern == source and again.search("道路已修复完毕").group() == "已修复完毕"
    assert programs.replay("别的", programs.program(source)) is None
    assert programs.replay(source, ("not", "a", "program")) is None

    for entry in cache.glob("programs-*.pickle"):
        entry.write_bytes(entry.read_bytes()[:40])
    monkeypatch.setattr(programs, "_store", programs._Store())
    assert programs.pattern(source, re.I).search("已清理完毕")


def test_the_builtin_rules_need_no_regex_module():
    """Every built-in pattern compiles with ``re``: one that needs the ``regex`` module (a variable-width
    look-behind) makes every single-draft check import it, some 10 ms of start-up."""
    import subprocess
    import sys

    code = ("import sys\nfrom replycheck.rulebook import load_rules\nload_rules()\n"
            "print('regex' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
