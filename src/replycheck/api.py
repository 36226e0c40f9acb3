"""One call from paths to results: config, inputs, rules, checking, waivers. The CLI formats what it returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Optional

from replycheck import clock, programs
from replycheck.config import Config, Waiver
from replycheck.errors import UsageError, one_line
from replycheck.inputs import collect
from replycheck.model import Result, Severity
from replycheck.runner import Settings, active_rules, run

_SURROGATE = programs.pattern("[\ud800-\udfff]")


def _printable(text: str | None) -> str | None:
    """Undecodable bytes of a file name (Python keeps them as lone surrogates) shown as U+FFFD."""
    return _SURROGATE.sub("\ufffd", text) if text and _SURROGATE.search(text) else text


@dataclass
class Outcome:
    results: list[Result]
    rules: list
    rules_digest: str
    waivers_unused: list[str] = field(default_factory=list)

    def failed(self, fail_on: Severity) -> bool:
        # A skipped file (lock file, hidden, picture) fails nothing; everything else must pass.
        return any(r.skipped is None and not r.passes(fail_on) for r in self.results)


def apply_waivers(results: list[Result], waivers: list[Waiver]) -> list[str]:
    """Mark waived findings; return the waivers that matched nothing."""
    used: set[int] = set()
    for r in results:
        _waive(r, waivers, used)
    return _unused(waivers, used)


def _unused(waivers: list[Waiver], used: set[int]) -> list[str]:
    return [w.describe() for i, w in enumerate(waivers) if i not in used]


def _waive(r: Result, waivers: list[Waiver], used: set[int]) -> None:
    for f in r.findings:
        for i, w in enumerate(waivers):
            if w.rule != f.rule:
                continue
            if (w.order_id and w.order_id == r.order_id) or (
                    w.file and (Path(r.path).as_posix().endswith(Path(w.file).as_posix()))):
                f.waived = w.reason
                used.add(i)


def _prepare(paths: list[str], config: Config, extra_rule_dirs: list[str] | None, excludes: list[str] | None,
             stdin_format: str = "json"):
    """Settings, rules and inputs; every usage error is raised here, before any draft is checked."""
    from replycheck.loaders import supported

    settings = Settings(extra_rule_dirs=[*config.rules, *(extra_rule_dirs or [])], select=config.select,
                        ignore=config.ignore, severity=dict(config.severity),
                        max_bytes=config.max_size_mb * 1024 * 1024, today=clock.today(), stdin_format=stdin_format)
    ruleset = active_rules(settings)  # fails fast (exit 2) on a broken rule file, before any work
    inputs = collect(paths, [*config.exclude, *(excludes or [])])
    if not inputs.files and not inputs.problems:
        skipped = "；".join(f"{r.path}（{r.skipped}）" for r in inputs.skipped[:5])
        more = f"等 {len(inputs.skipped)} 个" if len(inputs.skipped) > 5 else ""
        raise UsageError(f"未找到可检查的草稿（支持 {supported()} 文件或包含它们的文件夹）"
                         + (f"；已跳过 {skipped}{more}" if skipped else ""))
    if not inputs.files and all(p.error and "不存在" in p.error for p in inputs.problems):
        raise UsageError(inputs.problems[0].error or "未找到可检查的草稿")
    return settings, ruleset, inputs


def _printable_result(r: Result) -> Result:
    # A file name that is not valid UTF-8 must not break a report (SARIF hashes it, HTML…).
    r.path, r.error = _printable(r.path), _printable(one_line(r.error) if r.error else r.error)
    return r


def check_paths(paths: list[str], config: Config, *, extra_rule_dirs: list[str] | None = None,
                excludes: list[str] | None = None, jobs: int = 0,
                progress_factory: Optional[Callable[[int], Callable[[int], None]]] = None,
                stdin_format: str = "json") -> Outcome:
    settings, ruleset, inputs = _prepare(paths, config, extra_rule_dirs, excludes, stdin_format)
    progress = progress_factory(len(inputs.files)) if progress_factory else None
    results = (run(inputs.files, settings, rules=ruleset.rules, jobs=jobs, progress=progress) + inputs.problems
               + inputs.skipped)
    for r in results:
        _printable_result(r)
    results.sort(key=lambda r: (r.path, r.index))
    if len(results) > 1:  # a single draft cannot repeat a work order: its check skips the import
        from replycheck.report.week import DuplicateNotes

        notes = DuplicateNotes()
        for r in results:
            notes.add(r)
    unused = apply_waivers(results, config.waivers)
    return Outcome(results=results, rules=ruleset.rules, rules_digest=ruleset.digest, waivers_unused=unused)


@dataclass
class Checking:
    """A check under way, for reports written while checking (memory stays flat for any batch size).

    ``results`` yields what ``check_paths`` would return, one by one and in the same order, waivers
    applied; ``failed`` and ``waivers_unused`` are complete once ``results`` is exhausted.
    """

    rules: list
    rules_digest: str
    results: Iterator[Result] = field(default_factory=lambda: iter(()))
    waivers_unused: list[str] = field(default_factory=list)
    _error: bool = False
    _ranks: set[int] = field(default_factory=set)

    def failed(self, fail_on: Severity) -> bool:
        return self._error or any(rank >= fail_on.rank for rank in self._ranks)


def iter_check(paths: list[str], config: Config, *, extra_rule_dirs: list[str] | None = None,
               excludes: list[str] | None = None, jobs: int = 0,
               progress_factory: Optional[Callable[[int], Callable[[int], None]]] = None,
               stdin_format: str = "json") -> Checking:
    """Like ``check_paths``, yielding results as they are ready instead of returning them all."""
    import heapq

    from replycheck import runner
    from replycheck.parallel import iter_results

    settings, ruleset, inputs = _prepare(paths, config, extra_rule_dirs, excludes, stdin_format)
    checking = Checking(rules=ruleset.rules, rules_digest=ruleset.digest)

    def results() -> Iterator[Result]:
        runner._RULES, runner._SETTINGS = ruleset.rules, settings
        progress = progress_factory(len(inputs.files)) if progress_factory else None
        files = [f for f in inputs.files if f != "-"]
        stdin = [_printable_result(r) for r in runner.check_file("-")] if "-" in inputs.files else []
        if stdin and progress:
            progress(1)
        checked = (_printable_result(r) for r in iter_results(files, settings, jobs=jobs, progress=progress))
        problems = sorted((_printable_result(r) for r in [*inputs.problems, *inputs.skipped]),
                          key=lambda r: (r.path, r.index))
        used: set[int] = set()
        # Made at the second result: a single draft cannot repeat a work order, so its check skips the import.
        notes, first = None, None
        for r in heapq.merge(sorted(stdin, key=lambda r: (r.path, r.index)), checked, problems,
                             key=lambda r: (r.path, r.index)):
            _waive(r, config.waivers, used)
            if first is None:
                first = r  # the first draft takes no note: none came before it
            else:
                if notes is None:
                    from replycheck.report.week import DuplicateNotes

                    notes = DuplicateNotes()
                    notes.add(first)
                notes.add(r)
            checking._error = checking._error or bool(r.error)
            checking._ranks.update(f.severity.rank for f in r.findings if f.waived is None)
            yield r
        checking.waivers_unused = _unused(config.waivers, used)

    checking.results = results()
    return checking
