"""Checking many files: load rules once per process, spread files over a process pool, keep order.

Worker processes are started with ``spawn`` (as on Windows), so everything a worker needs travels in
``Settings`` and the pickled rule set (``parallel._worker_init``, which does what ``_init`` does without
loading the rules again); results come back as findings, never as draft texts. The pool itself, and when
to start one, is in ``parallel.py``.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable, Optional

from replycheck import clock
from replycheck.errors import InputError
from replycheck.loaders import DEFAULT_MAX_BYTES
from replycheck.model import Result

# Below this many files a pool is never started (it costs more to start than it saves); above it,
# --jobs 0 also asks whether the files would take long enough alone (parallel.POOL_MIN_SECONDS).
POOL_THRESHOLD = 40
# Seconds one file may take before it is reported as timed out and the batch moves on (0: no limit).
# Regex calls have their own, much shorter, timeouts; this catches everything else.
FILE_TIMEOUT = 300.0


@dataclass
class Settings:
    """What a worker needs to rebuild the rule set; plain data so that it pickles under spawn."""

    extra_rule_dirs: list[str] = field(default_factory=list)
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    max_bytes: int = DEFAULT_MAX_BYTES
    file_timeout: float = FILE_TIMEOUT
    # The day of the check, read once for the whole run (clock.today) so that every worker agrees.
    today: Optional[datetime] = None
    stdin_format: str = "json"  # how “-” (standard input) is read: json, or text (pasted 标签：内容 lines)


class FileTimeout(BaseException):
    """Raised by the watchdog; a BaseException so that no ``except Exception`` on the way swallows it."""


@contextmanager
def _watchdog(seconds: float):
    """Interrupt the work on one file after ``seconds`` (SIGALRM: Unix, main thread only)."""
    if not seconds or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def alarm(signum, frame):
        raise FileTimeout()

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


_RULES: Optional[list] = None
_SETTINGS = Settings()


def active_rules(settings: Settings):
    """The rule set after the config's select, ignore and severity overrides."""
    from replycheck.model import Severity
    from replycheck.rulecache import load_rules  # rulebook.load_rules, cached on disk (see rulecache)

    ruleset = load_rules([Path(d) for d in settings.extra_rule_dirs])

    def chosen(rule) -> bool:
        keys = {rule.id, rule.clause}
        # A clause selects its sub-clauses too: “3.3” covers 3.3.1 … 3.3.4.
        prefixes = {rule.clause[: i] for i in range(1, len(rule.clause) + 1) if rule.clause[i:i + 1] in ("", ".")}
        if settings.select and not (keys | prefixes) & set(settings.select):
            return False
        return not (keys | prefixes) & set(settings.ignore)

    ruleset.rules = [r for r in ruleset.rules if chosen(r)]
    for rule in ruleset.rules:
        override = settings.severity.get(rule.id) or settings.severity.get(rule.clause)
        if override:
            rule.severity = Severity(override)
    return ruleset


def _init(settings: Settings) -> None:
    global _RULES, _SETTINGS
    _SETTINGS = settings
    _RULES = active_rules(settings).rules


def check_file(path: str) -> list[Result]:
    """All results for one file; never raises, so that one file cannot stop a batch."""
    assert _RULES is not None, "worker not initialised"
    with clock.fixed(_SETTINGS.today):
        return _check_file(path)


def _check_file(path: str) -> list[Result]:
    from replycheck.engine import check_loaded
    from replycheck.loaders import load_path

    try:
        if path == "-":
            raw = sys.stdin.buffer.read(_SETTINGS.max_bytes + 1)
            try:
                if _SETTINGS.stdin_format == "text":
                    from replycheck.loaders.text_loader import load_bytes as load_text

                    items = load_text(raw, "<标准输入>", max_bytes=_SETTINGS.max_bytes, noun="输入")
                else:
                    from replycheck.loaders.json_loader import load_bytes

                    items = load_bytes(raw, "<标准输入>", lines=False, max_bytes=_SETTINGS.max_bytes, noun="输入")
            except InputError as exc:
                items = [exc]
            # The same name as the drafts read from it, so that a report names standard input one way.
            return check_loaded(items, _RULES, "<标准输入>")
        with _watchdog(_SETTINGS.file_timeout):
            return check_loaded(load_path(Path(path), max_bytes=_SETTINGS.max_bytes), _RULES, path)
    except FileTimeout:
        return [Result(path=path, error=f"{path}：检查超时（超过 {_SETTINGS.file_timeout:g} 秒），已跳过该文件；"
                                         "请确认文件是否异常庞大，或将该文件反馈给维护人员")]
    except Exception as exc:  # a replycheck bug: report it for this file and let the batch go on
        if os.environ.get("REPLYCHECK_DEBUG"):  # set by --debug, inherited by worker processes
            import traceback

            traceback.print_exc(file=sys.stderr)
        detail = (str(exc).splitlines() or [""])[0][:200]
        return [Result(path=path, error=f"{path}：replycheck 内部错误（{type(exc).__name__}: {detail}）；"
                                         "请将该文件反馈给维护人员（加 --debug 可查看详情）")]


def run(files: list[str], settings: Settings, *, rules: list | None = None, jobs: int = 0,
        progress: Callable[[int], None] | None = None) -> list[Result]:
    """Results for ``files`` sorted by path; ``jobs`` 0 means one worker per core."""
    global _RULES, _SETTINGS
    if rules is None:
        _init(settings)
    else:
        _RULES, _SETTINGS = rules, settings
    # The pool, and when to start one, live in parallel.py; it yields results in file order.
    from replycheck.parallel import iter_results

    results = list(iter_results(files, settings, jobs=jobs, progress=progress))
    results.sort(key=lambda r: (r.path, r.index))
    return results
