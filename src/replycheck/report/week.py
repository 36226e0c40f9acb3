"""The clerk's view of a week's batch: drafts grouped by department, duplicate work orders, and how this
week compares with an earlier run. Pure: results in, plain data out; reporters only format it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from replycheck.model import Severity
from replycheck.report.summary import NO_DEPARTMENT, department_of

__all__ = ["NO_DEPARTMENT", "department_of"]  # re-exported: the week's views share the summary's grouping


def draft_name(r) -> str:
    """How a report names one draft: its file, and which one for a JSON Lines file."""
    return r.path + (f" 第{r.index + 1}份" if r.index or r.path.endswith(".jsonl") else "")


def by_department(results) -> dict[str, list]:
    """Department → its drafts in report order; departments by name, the one without a name last."""
    groups: dict[str, list] = {}
    for r in results:
        if r.skipped:  # a file left out belongs to no department: the run's summary lists it
            continue
        groups.setdefault(department_of(r), []).append(r)
    return dict(sorted(groups.items(), key=lambda kv: (kv[0] == NO_DEPARTMENT, kv[0])))


# --- the same work order in more than one draft ---------------------------------------------------------

@dataclass
class DuplicateGroup:
    order_id: str
    drafts: list[str]  # draft names, in report order


def _order_key(r) -> Optional[str]:
    if r.error:
        return None
    return (r.order_id or "").strip() or None


def duplicates(results) -> list[DuplicateGroup]:
    """Each work-order number found in more than one draft of the run, once, with every draft naming it."""
    seen: dict[str, list[str]] = {}
    for r in results:
        key = _order_key(r)
        if key:
            seen.setdefault(key, []).append(draft_name(r))
    return [DuplicateGroup(k, names) for k, names in seen.items() if len(names) > 1]


class DuplicateNotes:
    """Adds, while results stream past in report order, a note to each draft whose work-order number an
    earlier draft of the run already had, naming those drafts. Earlier drafts cannot be amended once a
    streamed report has written them, so the note sits on the later ones; the last names all the others."""

    def __init__(self) -> None:
        self._seen: dict[str, list[str]] = {}

    def add(self, r):
        key = _order_key(r)
        if key:
            earlier = self._seen.setdefault(key, [])
            if earlier:
                r.notes.append(duplicate_note(key, earlier))
            earlier.append(draft_name(r))
        return r


def duplicate_note(order_id: str, others: list[str]) -> str:
    return f"工单编号 {order_id} 与本批中的 {'、'.join(others)} 重复，请确认是否重复报送"


# --- this week against an earlier run -------------------------------------------------------------------

@dataclass
class Entry:
    """One draft of either run, as far as a comparison needs it."""

    key: str  # the work-order number, or the file when it has none
    department: str
    ok: bool
    counted: bool  # readable: only readable drafts count in a department's pass rate


@dataclass
class Rate:
    passed: int = 0
    total: int = 0

    @property
    def value(self) -> Optional[float]:
        return self.passed / self.total if self.total else None


@dataclass
class Change:
    """One department's (or the whole run's) week against the earlier one."""

    name: str
    before: Rate = field(default_factory=Rate)
    after: Rate = field(default_factory=Rate)
    newly_failing: list[str] = field(default_factory=list)  # work orders failing now, not failing before
    fixed: list[str] = field(default_factory=list)  # failing before, passing now
    still_failing: list[str] = field(default_factory=list)

    @property
    def delta(self) -> Optional[float]:
        """The change of pass rate in percentage points, when both runs had drafts here."""
        if self.before.value is None or self.after.value is None:
            return None
        return (self.after.value - self.before.value) * 100

    def describe_delta(self) -> str:
        if self.delta is None:
            return "上次无此科室" if self.before.value is None else "本次无此科室"
        return "持平" if round(self.delta) == 0 else f"{'上升' if self.delta > 0 else '下降'} {abs(self.delta):.0f} 个百分点"


@dataclass
class Comparison:
    source: str  # the earlier report's file name
    overall: Change
    departments: list[Change]


def entries(results, fail_on: Severity = Severity.error) -> list[Entry]:
    """The drafts of this run, judged at the run's fail level; skipped files were never drafts of it."""
    return [Entry(key=_order_key(r) or draft_name(r), department=department_of(r), ok=r.passes(fail_on),
                  counted=not r.error) for r in results if not r.skipped]


def load_previous(path: str | Path) -> list[Entry]:
    """The drafts of an earlier run from its JSON report (``--format json``); ValueError says what is wrong."""
    import json

    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ValueError("文件不存在") from None
    except IsADirectoryError:
        raise ValueError("这是文件夹，请给出上次用 --format json 生成的报告文件") from None
    except UnicodeDecodeError:
        raise ValueError("不是 UTF-8 编码的 JSON 报告") from None
    except OSError as exc:
        raise ValueError(f"无法读取（{exc.strerror}）") from None
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        line = f"第 {exc.lineno} 行" if isinstance(exc, json.JSONDecodeError) else ""
        raise ValueError(f"不是有效的 JSON{line}") from None
    if not isinstance(data, list) or not all(isinstance(e, dict) and "path" in e and "ok" in e for e in data):
        raise ValueError("不是 replycheck 的 JSON 报告（应为 replycheck … --format json 生成的数组）")
    out = []
    for e in data:
        if e.get("skipped"):  # listed in that report but never checked (ok: null)
            continue
        order = str(e.get("order_id") or "").strip()
        name = str(e.get("path"))
        index = e.get("index") if isinstance(e.get("index"), int) else 0
        if not order:
            name += f" 第{index + 1}份" if index or name.endswith(".jsonl") else ""
        out.append(Entry(key=order or name, department=str(e.get("department") or "").strip() or NO_DEPARTMENT,
                         ok=e.get("ok") is True, counted=not e.get("error")))
    return out


def _orders(items: Iterable[Entry]) -> dict[str, Entry]:
    """Work order → whether it passed (all its drafts passed) and its department (its first draft's)."""
    orders: dict[str, Entry] = {}
    for e in items:
        if e.key in orders:
            orders[e.key].ok = orders[e.key].ok and e.ok
        else:
            orders[e.key] = Entry(e.key, e.department, e.ok, e.counted)
    return orders


def _rate(rate: Rate, items: Iterable[Entry], overall: bool) -> None:
    for e in items:
        if overall or e.counted:  # the overall rate counts unreadable files, as the summary does
            rate.total += 1
            rate.passed += e.ok


def compare(results, previous: list[Entry], source: str = "", fail_on: Severity = Severity.error) -> Comparison:
    """Pass rates of both runs, per department and overall, and which work orders changed state.

    A work order is judged by all its drafts of a run (it passes when they all pass) and is listed under
    the department handling it in this run."""
    now = entries(results, fail_on)
    names = sorted({e.department for e in now} | {e.department for e in previous},
                   key=lambda n: (n == NO_DEPARTMENT, n))
    changes = {n: Change(n) for n in names}
    overall = Change("全部")
    for n, change in changes.items():
        _rate(change.before, (e for e in previous if e.department == n), overall=False)
        _rate(change.after, (e for e in now if e.department == n), overall=False)
    _rate(overall.before, previous, overall=True)
    _rate(overall.after, now, overall=True)
    was = _orders(previous)
    for key, e in sorted(_orders(now).items()):
        old = was.get(key)
        if not e.ok:
            kind = "still_failing" if old is not None and not old.ok else "newly_failing"
        elif old is not None and not old.ok:
            kind = "fixed"
        else:
            continue
        getattr(overall, kind).append(key)
        getattr(changes[e.department], kind).append(key)
    return Comparison(source=source, overall=overall, departments=list(changes.values()))
