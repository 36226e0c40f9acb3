"""“Today” for the rules that compare a draft's dates with the day of the check.

The command line reads the real clock once (or takes ``--today`` / ``REPLYCHECK_TODAY`` to re-check an
old batch as of its own day) and fixes it for the whole run with :func:`fixed`; nothing else reads the
clock, so a check, and every test, gives the same answer on any day.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timedelta
from typing import Iterator, Optional

from replycheck.dates import parse_datetime

ENV = "REPLYCHECK_TODAY"
_today: ContextVar[Optional[datetime]] = ContextVar("replycheck_today", default=None)


def parse_today(value: str) -> datetime:
    """``2026-11-25`` (or any date form replycheck reads, with a year) as the end of that day."""
    when = parse_datetime(value) if value.strip() else None
    if when is None:
        raise ValueError(f"“{value.strip()[:30]}”不是带年份的日期，请写成 2026-11-25")
    if when.hour == 0 and when.minute == 0:  # a whole day: the check runs at its end
        when = when.replace(hour=23, minute=59)
    return when


def today() -> datetime:
    """The day of this check: the one fixed for the run, else ``REPLYCHECK_TODAY``, else the clock."""
    fixed_day = _today.get()
    if fixed_day is not None:
        return fixed_day
    if os.environ.get(ENV):
        try:
            return parse_today(os.environ[ENV])
        except ValueError:
            pass  # the command line reports a bad value; here the clock is the only sane fallback
    return datetime.now()


@contextmanager
def fixed(day: Optional[datetime]) -> Iterator[None]:
    """Within the block, :func:`today` is ``day`` (or unchanged when ``day`` is None)."""
    if day is None:
        yield
        return
    token = _today.set(day)
    try:
        yield
    finally:
        _today.reset(token)


def year_for(month: int, day: int) -> int:
    """The year of a date written without one (接单时间“11月19日”): the latest such day not more than
    about two months after today, so that a December order checked in January stays last year's."""
    now = today()
    for year in (now.year, now.year - 1):
        try:
            if datetime(year, month, day) <= now + timedelta(days=62):
                return year
        except ValueError:  # 2月29日 in a common year
            continue
    return now.year
