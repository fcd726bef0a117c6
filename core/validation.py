"""Input rules shared by the use cases; each failure says what to change."""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urlparse

from core.errors import ValidationFailed

USERNAME_RE = re.compile(r"^[a-z][a-z0-9_]{2,31}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def text(field: str, value: str | None, *, min_len: int = 1, max_len: int = 2000) -> str:
    value = (value or "").strip()
    label = field.replace("_", " ")
    if len(value) < min_len:
        if min_len <= 1:
            raise ValidationFailed(f"The {label} is required.", field=field)
        raise ValidationFailed(
            f"The {label} needs at least {min_len} characters (got {len(value)}).", field=field
        )
    if len(value) > max_len:
        raise ValidationFailed(
            f"The {label} can have at most {max_len} characters (got {len(value)}).", field=field
        )
    return value


def integer(field: str, value: int, *, minimum: int, maximum: int) -> int:
    label = field.replace("_", " ")
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationFailed(f"The {label} must be a whole number.", field=field)
    if not minimum <= value <= maximum:
        raise ValidationFailed(
            f"The {label} must be between {minimum} and {maximum} (got {value}).", field=field
        )
    return value


def price(field: str, cents: int, *, maximum: int) -> int:
    label = field.replace("_", " ")
    if isinstance(cents, bool) or not isinstance(cents, int):
        raise ValidationFailed(f"The {label} must be a whole number of cents.", field=field)
    if cents <= 0:
        raise ValidationFailed(f"The {label} must be more than 0.", field=field)
    if cents > maximum:
        raise ValidationFailed(
            f"The {label} can be at most {format_cents(maximum)} (got {format_cents(cents)}).",
            field=field,
        )
    return cents


def category(slug: str | None, allowed: frozenset[str]) -> str:
    slug = (slug or "").strip().lower()
    if slug not in allowed:
        raise ValidationFailed(
            f"Unknown category '{slug}'. Choose one of: {', '.join(sorted(allowed))}.",
            field="category",
        )
    return slug


def future(field: str, when: datetime, now: datetime) -> datetime:
    if when.tzinfo is None:
        raise ValidationFailed(f"The {field} needs a timezone (UTC).", field=field)
    if when <= now:
        raise ValidationFailed(f"The {field} must be in the future.", field=field)
    return when


def http_url(field: str, value: str) -> str:
    value = value.strip()
    parsed = urlparse(value)
    if parsed.scheme not in ("http", "https") or not parsed.netloc or len(value) > 2000:
        raise ValidationFailed(
            f"The {field} must be an http(s) URL such as https://example.com/report.csv.",
            field=field,
        )
    return value


def username(value: str) -> str:
    value = value.strip().lstrip("@").lower()
    if not USERNAME_RE.match(value):
        raise ValidationFailed(
            "A username has 3–32 characters: a letter first, then letters, digits or _ "
            "(for example alice_ops).",
            field="username",
        )
    return value


def email(value: str) -> str:
    value = value.strip().lower()
    if not EMAIL_RE.match(value) or len(value) > 254:
        raise ValidationFailed("That is not an email address (name@example.com).", field="email")
    return value


def format_cents(cents: int, currency: str = "usd") -> str:
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    symbol = {"usd": "$", "eur": "€", "gbp": "£"}.get(currency.lower())
    amount = f"{cents // 100:,}.{cents % 100:02d}"
    return f"{sign}{symbol}{amount}" if symbol else f"{sign}{amount} {currency.upper()}"
