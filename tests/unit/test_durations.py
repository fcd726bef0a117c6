"""The one duration grammar (settings and chat forms)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.shared.durations import parse_duration


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("90s", timedelta(seconds=90)),
        ("1h30m", timedelta(hours=1, minutes=30)),
        ("1h 30m", timedelta(hours=1, minutes=30)),
        ("7 days", timedelta(days=7)),
        ("1 day", timedelta(days=1)),
        ("2 weeks", timedelta(weeks=2)),
        ("3 hrs", timedelta(hours=3)),
        ("1 month", timedelta(days=30)),
        (" 2D ", timedelta(days=2)),
    ],
)
def test_number_unit_parts(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["", "7", "soon", "24x", "h", "1.5h", "-5", "24h x", "2 dayz"])
def test_what_is_not_a_duration(text: str) -> None:
    assert parse_duration(text) is None


def test_bare_seconds_only_where_the_caller_allows_them() -> None:
    assert parse_duration("90", bare_seconds=True) == timedelta(seconds=90)
    assert parse_duration("90") is None


def test_too_long_for_a_timedelta_is_not_a_crash() -> None:
    assert parse_duration("999999999999 weeks") is None
