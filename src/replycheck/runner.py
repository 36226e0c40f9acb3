"""Checking many files: load rules once per process, spread files over a process pool, keep order.

Worker processes are started with ``spawn`` (as on Windows), so everything a worker needs travels in
``Settings`` and is rebuilt by ``_init``; results come back as findings, never as draft texts.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

from replycheck.errors import InputError
from replycheck.loaders import DEFAULT_MAX_BYTES
from replycheck.model import Result

# Below this many files a pool costs more to start than it saves.
POOL_THRESHOLD = 40


@dataclass
class Settings:
    """What a worker needs to rebuild the rule set; plain data so that it pickles under spawn."""

    extra_rule_dirs: list[str] = field(default_factory=list)
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    max_bytes: int = DEFAULT_MAX_BYTES


_RULES: Optional[list] = None
_SETTINGS = Settings()


def active_rules(settings: Settings):
    """The rule set after the config's select, ignore and severity overrides."""
    from replycheck.model import Severity
    from replycheck.rulebook import load_rules

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
    from replycheck.engine import check_loaded
    from replycheck.loaders import load_path

    assert _RULES is not None, "worker not initialised"
    try:
        if path == "-":
            from replycheck.loaders.json_loader import decode, load_text

            raw = sys.stdin.buffer.read(_SETTINGS.max_bytes + 1)
            try:
                text, _ = decode(raw, "<标准输入>")
                items = load_text(text, "<标准输入>", lines=False)
            except InputError as exc:
                items = [exc]
            # The same name as the drafts read from it, so that a report names standard input one way.
            return check_loaded(items, _RULES, "<标准输入>")
        return check_loaded(load_path(Path(path), max_bytes=_SETTINGS.max_bytes), _RULES, path)
    except Exception as exc:  # a replycheck bug: report it for this file and let the batch go on
        return [Result(path=path, error=f"{path}：replycheck 内部错误（{type(exc).__name__}: {exc}）；"
                                         "请将该文件反馈给维护人员")]


def run(files: list[str], settings: Settings, *, rules: list | None = None, jobs: int = 0,
        progress: Callable[[int], None] | None = None) -> list[Result]:
    """Results for ``files`` sorted by path; ``jobs`` 0 means one worker per core."""
    global _RULES, _SETTINGS
    if rules is None:
        _init(settings)
    else:
        _RULES, _SETTINGS = rules, settings
    workers = jobs or os.cpu_count() or 1
    pooled = [f for f in files if f != "-"]
    results: list[Result] = []
    if workers <= 1 or len(pooled) < POOL_THRESHOLD or (jobs == 0 and len(pooled) < POOL_THRESHOLD):
        for path in files:
            results.extend(check_file(path))
            if progress:
                progress(1)
    else:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        if "-" in files:
            results.extend(check_file("-"))
        chunk = max(1, min(64, len(pooled) // (workers * 8) or 1))
        ctx = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init,
                                 initargs=(settings,)) as pool:
            for batch in pool.map(check_file, pooled, chunksize=chunk):
                results.extend(batch)
                if progress:
                    progress(1)
    results.sort(key=lambda r: (r.path, r.index))
    return results
