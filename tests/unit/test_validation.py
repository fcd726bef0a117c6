"""The shared input rules: each failure names its field and says what to change."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.shared import validation as v
from core.shared.errors import ValidationFailed

NOW = datetime(2026, 1, 5, tzinfo=UTC)


def test_text_is_trimmed_and_bounded() -> None:
    assert v.text("title", "  hello  ", min_len=5) == "hello"
    with pytest.raises(ValidationFailed, match="at least 6"):
        v.text("title", "hello", min_len=6)
    with pytest.raises(ValidationFailed, match="at most 3"):
        v.text("title", "four", max_len=3)
    with pytest.raises(ValidationFailed, match="required") as err:
        v.text("title", None)
    assert (err.value.field, err.value.code) == ("title", "validation.title")


@pytest.mark.parametrize("cents", [0, -1, 101, True, 1.5])
def test_a_price_is_positive_whole_cents_up_to_the_maximum(cents: int) -> None:
    with pytest.raises(ValidationFailed):
        v.price("price", cents, maximum=100)


def test_price_bounds_are_inclusive_at_the_top() -> None:
    assert v.price("price", 100, maximum=100) == 100
    assert v.price("price", 1, maximum=100) == 1


def test_future_needs_an_aware_time_after_now() -> None:
    assert v.future("deadline", NOW + timedelta(seconds=1), NOW)
    with pytest.raises(ValidationFailed):
        v.future("deadline", NOW, NOW)
    with pytest.raises(ValidationFailed):
        v.future("deadline", datetime(2030, 1, 1), NOW)


def test_category_slugs_are_case_insensitive_and_known() -> None:
    allowed = frozenset({"seo", "content"})
    assert v.category(" SEO ", allowed) == "seo"
    with pytest.raises(ValidationFailed, match="content, seo"):
        v.category("nope", allowed)


@pytest.mark.parametrize(
    ("cents", "currency", "text"),
    [
        (0, "usd", "$0.00"),
        (123456, "usd", "$1,234.56"),
        (-5, "eur", "-€0.05"),
        (7, "chf", "0.07 CHF"),
    ],
)
def test_money_is_formatted_from_cents(cents: int, currency: str, text: str) -> None:
    assert v.format_cents(cents, currency) == text
