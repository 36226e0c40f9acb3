"""Would a content-hash result cache pay? Measures, in one process, what a cache would cost and save per file.

    python bench/cache_probe.py FOLDER [LIMIT]

- check: what replycheck does today for a file (load + all rules), serially;
- miss overhead: what a cache adds on a cold run: hash the file's bytes, pickle its results, store them
  (in a SQLite table, one transaction per batch, as a real cache would);
- hit: what a warm run would do instead of checking: read and hash the file, fetch and unpickle its results.
Prints one JSON object (milliseconds per file).
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import sqlite3
import sys
import tempfile
import time


def main() -> None:
    from replycheck import runner

    folder = sys.argv[1]
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else 500
    files = sorted(os.path.join(folder, f) for f in os.listdir(folder) if f.endswith(".docx"))[:limit]
    runner._init(runner.Settings())
    for path in files[:5]:
        runner.check_file(path)

    started = time.process_time()
    results = {path: runner.check_file(path) for path in files}
    check = time.process_time() - started

    with tempfile.TemporaryDirectory() as tmp:
        db = sqlite3.connect(os.path.join(tmp, "results.sqlite"))
        db.execute("create table r (k text primary key, v blob)")
        started = time.process_time()
        rows = []
        for path in files:
            with open(path, "rb") as fh:
                digest = hashlib.sha256(fh.read()).hexdigest()
            rows.append((digest + path, pickle.dumps(results[path], protocol=pickle.HIGHEST_PROTOCOL)))
        with db:
            db.executemany("insert or replace into r values (?, ?)", rows)
        miss = time.process_time() - started

        started = time.process_time()
        found = 0
        for path in files:
            with open(path, "rb") as fh:
                digest = hashlib.sha256(fh.read()).hexdigest()
            row = db.execute("select v from r where k = ?", (digest + path,)).fetchone()
            found += len(pickle.loads(row[0]))
        hit = time.process_time() - started
        db.close()

    n = len(files)
    print(json.dumps({"files": n, "check_ms": 1000 * check / n, "miss_overhead_ms": 1000 * miss / n,
                      "hit_ms": 1000 * hit / n, "results": found}))


if __name__ == "__main__":
    main()
