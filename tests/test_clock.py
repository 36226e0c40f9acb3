"""“Today” is injected: the day of a check is the one the user (or the test) names, never the clock's."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from replycheck import clock
from replycheck.model import Draft

DRAFT = {
    "order_id": "BH2026111900135", "category": "咨询", "department": "社会事务办",
    "received_at": "2026-11-19 08:50",
    "internal_result": "2026年11月19日9时30分，社会事务办彭亮电话联系反映人。",
    "citizen_reply": "2026年11月26日10时，彭亮电话回复您：依据《天津市城乡居民基本养老保险实施办法》第十条，"
                     "缴费档次可在每年缴费前调整。您表示满意。",
}


def _future(cli, path, *extra) -> list[str]:
    code, out, _ = cli(str(path), "--format", "json", *extra)
    return [f["excerpt"] for r in json.loads(out) for f in r["findings"] if f["rule"] == "date-in-future"]


def test_the_day_of_the_check_is_the_one_given(cli, write_json):
    path = write_json(DRAFT)
    assert _future(cli, path, "--today", "2026-11-25") == ["2026年11月26日10时"]
    assert _future(cli, path, "--today", "2026年12月1日") == []


def test_the_environment_names_the_day_when_no_option_does(cli, write_json, monkeypatch):
    path = write_json(DRAFT)
    monkeypatch.setenv(clock.ENV, "2026-12-01")
    assert _future(cli, path) == []
    monkeypatch.setenv(clock.ENV, "2026-11-20")
    assert _future(cli, path) == ["2026年11月26日10时"]


def test_a_day_without_a_year_is_one_clear_line(cli, write_json):
    code, out, err = cli(str(write_json(DRAFT)), "--today", "11月25日")
    assert code == 2 and "--today" in err and "2026-11-25" in err and "Traceback" not in err


@pytest.mark.parametrize("today,expected", [
    (datetime(2026, 11, 25), 2026),
    (datetime(2027, 1, 3), 2026),   # a December order checked in early January is last year's
    (datetime(2025, 1, 15), 2024),
])
def test_a_received_date_without_a_year_takes_the_year_of_the_check(today, expected):
    with clock.fixed(today):
        draft = Draft.model_validate({"received_at": "12月20日 9时", "internal_result": "x"})
    assert draft.received_at == datetime(expected, 12, 20, 9, 0)
