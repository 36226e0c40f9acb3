"""Spreading a batch over processes: the main process works too, and results come back in file order.

- Small batches never start a pool (fewer than ``runner.POOL_THRESHOLD`` files). With ``--jobs 0`` (the
  default) the main process also times its first files and starts a pool only when the rest would take
  at least ``POOL_MIN_SECONDS`` alone: a spawned worker needs a few tenths of a second to start.
- ``--jobs N`` means N processes in all: the main process and N−1 workers, forked on Linux and spawned
  elsewhere (as on Windows; ``REPLYCHECK_START_METHOD`` chooses). A worker gets the main process's
  compiled rules: a forked one inherits them as they are, a spawned one gets them pickled (built-in
  patterns pickle as their compiled programs, see checks/patterns.py), so it neither reads YAML nor
  compiles a pattern.
- Files go out in chunks. Workers take the lowest-numbered chunk still waiting, and so does the main
  process, instead of idling while the workers start; chunks therefore finish roughly in order, and the
  results are yielded in file order while only a few chunks' worth wait in memory. That keeps the main
  process's memory flat however many files there are, when the caller streams the report.
"""

from __future__ import annotations

import gc
import os
import pickle
import sys
import time
from typing import Callable, Iterator, Optional

from replycheck import runner
from replycheck.model import Result

# With --jobs 0: start a pool only when the files left would take this long in the main process alone.
# A spawned worker needs about 0.3 s (CPU) to start, while the main process goes on checking; measured
# break-even is near 0.4 s of work (bench/run.py, “small batches”).
POOL_MIN_SECONDS = 0.5
# How long the main process times its first files before deciding (the first file carries one-off costs).
SAMPLE_SECONDS = 0.015
# Linux forks workers in milliseconds; Windows and macOS spawn them (a few tenths of a second each).
# The spawn path is what most users' desktops run, so tests run it too (REPLYCHECK_START_METHOD=spawn).
START_METHOD = os.environ.get("REPLYCHECK_START_METHOD") or ("fork" if sys.platform == "linux" else "spawn")
# Files per chunk at most: small enough to keep the processes evenly busy and little waiting in memory.
MAX_CHUNK = 16


def _worker_init(settings: runner.Settings, rules) -> None:
    """What runner._init does, with the rule set handed over instead of loaded again."""
    runner._SETTINGS = settings
    runner._RULES = pickle.loads(rules) if isinstance(rules, bytes) else rules


def _check_chunk(paths: list[str]) -> list[Result]:
    out: list[Result] = []
    for path in paths:
        out.extend(runner.check_file(path))
    return out


def iter_results(files: list[str], settings: runner.Settings, *, jobs: int = 0,
                 progress: Optional[Callable[[int], None]] = None) -> Iterator[Result]:
    """The results of ``files`` in their order (standard input, “-”, first); rules must be set up
    in ``runner`` (``runner._init`` or ``runner.run``)."""
    procs = jobs or os.cpu_count() or 1
    pooled = [f for f in files if f != "-"]
    for path in files:
        if path == "-":
            yield from _one(path, progress)
    n = len(pooled)
    if procs <= 1 or n < runner.POOL_THRESHOLD:
        for path in pooled:
            yield from _one(path, progress)
        return
    done = 0
    if jobs == 0:
        yield from _one(pooled[0], progress)  # not timed: the first file pays for lazy imports
        done = 1
        started = time.perf_counter()
        while done < n and time.perf_counter() - started < SAMPLE_SECONDS:
            yield from _one(pooled[done], progress)
            done += 1
        per_file = (time.perf_counter() - started) / max(1, done - 1)
        # A forked worker starts in milliseconds, so a pool pays off much sooner than a spawned one.
        if (n - done) * per_file < (POOL_MIN_SECONDS if START_METHOD == "spawn" else POOL_MIN_SECONDS / 4):
            for path in pooled[done:]:
                yield from _one(path, progress)
            return
    yield from _pooled(pooled[done:], settings, procs, progress)


def _one(path: str, progress: Optional[Callable[[int], None]]) -> list[Result]:
    results = runner.check_file(path)
    if progress:
        progress(1)
    return results


def _pooled(paths: list[str], settings: runner.Settings, procs: int,
            progress: Optional[Callable[[int], None]]) -> Iterator[Result]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    size = max(1, min(MAX_CHUNK, len(paths) // (procs * 24)))
    chunks = [paths[i:i + size] for i in range(0, len(paths), size)]
    # Spawned workers are sent the rules pickled once, not once per worker; forked ones share memory.
    rules = runner._RULES if START_METHOD == "fork" else pickle.dumps(runner._RULES, pickle.HIGHEST_PROTOCOL)
    # Everything alive now (modules, the rule set) lives as long as the batch: keep the cyclic garbage
    # collector from walking it again and again, in this process and in forked workers, where walking
    # it would also copy every page it touches (about 40 ms of a 200-draft batch).
    frozen_by_caller = gc.get_freeze_count() > 0  # the command line freezes for the whole run
    gc.freeze()
    pool = ProcessPoolExecutor(max_workers=max(1, procs - 1), mp_context=multiprocessing.get_context(START_METHOD),
                               initializer=_worker_init, initargs=(settings, rules))
    try:
        futures: list = [pool.submit(_check_chunk, chunk) for chunk in chunks]
        local: dict[int, list[Result]] = {}
        claim = 0
        for i, chunk in enumerate(chunks):
            # Rather than wait for chunk i, check the next chunk that no worker has taken yet.
            while i not in local and not futures[i].done():
                claim = max(claim, i)
                while claim < len(chunks) and not futures[claim].cancel():
                    claim += 1
                if claim >= len(chunks):
                    break
                local[claim] = _check_chunk(chunks[claim])
                claim += 1
            if i in local:
                batch = local.pop(i)
            else:
                try:
                    batch = futures[i].result()
                except BrokenProcessPool:  # a worker died (killed, out of memory): go on without it
                    batch = _check_chunk(chunk)
            futures[i] = None  # let the results go once they are handed on
            if progress:
                progress(len(chunk))
            yield from batch
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        if not frozen_by_caller:
            gc.unfreeze()  # a long-lived caller (the library API) gets its collector back
