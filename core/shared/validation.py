"""Input rules shared by the use cases; each failure says what to change."""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urlparse

from core.shared import input_errors as E
from core.shared.characters import Problem, TextRule, clean_platform_name, normalise, scan
from core.shared.errors import ErrorCode, ValidationFailed
from core.shared.money import major_text

USERNAME_RE = re.compile(r"^[a-z][a-z0-9_]{2,31}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _failed(error: ErrorCode, *, field: str, **params: object) -> ValidationFailed:
    # The API code stays ``validation.<field>``; the catalog key is the rule's.
    return ValidationFailed(error, field=field, code=f"validation.{field}", **params)


_PROBLEMS = {
    Problem.LINE_BREAK: E.TEXT_LINE_BREAK,
    Problem.CONTROL: E.TEXT_CONTROL,
    Problem.BIDI: E.TEXT_BIDI,
    Problem.INVISIBLE: E.TEXT_INVISIBLE,
}


def characters(field: str, value: str, rule: TextRule = TextRule.PARAGRAPHS) -> str:
    """``value`` NFC-normalised, or ``ValidationFailed`` naming the first character the
    field refuses (its code point and position): the one check of user text's characters,
    for chat and API alike (``core.shared.characters`` says what each rule allows)."""
    value = normalise(value, rule)
    found = scan(value, rule)
    if found is None:
        return value
    error = _PROBLEMS[found.problem]
    if rule is TextRule.NAME and found.problem is Problem.INVISIBLE:
        error = E.NAME_INVISIBLE
    raise _failed(
        error,
        field=field,
        label=field.replace("_", " "),
        char=found.described,
        position=found.position,
    )


def text(
    field: str,
    value: str | None,
    *,
    min_len: int = 1,
    max_len: int = 2000,
    rule: TextRule = TextRule.LINE,
) -> str:
    """Stripped, NFC-normalised text of ``rule``'s characters (one line unless the rule is
    ``PARAGRAPHS``) and between ``min_len`` and ``max_len`` characters."""
    value = characters(field, (value or "").strip(), rule)
    label = field.replace("_", " ")
    if len(value) < min_len:
        if min_len <= 1:
            raise _failed(E.TEXT_REQUIRED, field=field, label=label)
        raise _failed(
            E.TEXT_SHORT, field=field, label=label, minimum=min_len, length=len(value)
        )
    if len(value) > max_len:
        raise _failed(
            E.TEXT_LONG, field=field, label=label, maximum=max_len, length=len(value)
        )
    return value


def paragraphs(
    field: str, value: str | None, *, min_len: int = 1, max_len: int = 2000
) -> str:
    """``text`` of several lines: descriptions, messages, notes, reasons."""
    return text(field, value, min_len=min_len, max_len=max_len, rule=TextRule.PARAGRAPHS)


def name(field: str, value: str | None, *, max_len: int = 64) -> str:
    """A display name: one line, no invisible character (``TextRule.NAME``)."""
    return text(field, value, max_len=max_len, rule=TextRule.NAME)


def platform_name(value: str | None, *, max_len: int = 64, fallback: str = "user") -> str:
    """The display name for a chat user's first contact, from Telegram's or Discord's name.
    The user did not type it to BotGig and there is nobody to ask yet (refusing would lock
    them out of the bot), so this one kind of text is cleaned rather than refused: line
    breaks and controls become spaces, invisible and direction characters are dropped."""
    cleaned = clean_platform_name(value or "")[:max_len].strip()
    return name("display_name", cleaned or fallback, max_len=max_len)


def integer(field: str, value: int, *, minimum: int, maximum: int) -> int:
    label = field.replace("_", " ")
    if isinstance(value, bool) or not isinstance(value, int):
        raise _failed(E.NOT_WHOLE, field=field, label=label)
    if not minimum <= value <= maximum:
        raise _failed(
            E.OUT_OF_RANGE, field=field, label=label, minimum=minimum, maximum=maximum, value=value
        )
    return value


def price(field: str, cents: int, *, maximum: int) -> int:
    label = field.replace("_", " ")
    if isinstance(cents, bool) or not isinstance(cents, int):
        raise _failed(E.CENTS_NOT_WHOLE, field=field, label=label)
    if cents <= 0:
        raise _failed(E.NOT_POSITIVE, field=field, label=label)
    if cents > maximum:
        raise _failed(
            E.PRICE_TOO_HIGH,
            field=field,
            label=label,
            maximum=format_cents(maximum),
            value=format_cents(cents),
        )
    return cents


def category(slug: str | None, allowed: frozenset[str]) -> str:
    slug = (slug or "").strip().lower()
    if slug not in allowed:
        raise _failed(
            E.UNKNOWN_CATEGORY, field="category", slug=slug, allowed=", ".join(sorted(allowed))
        )
    return slug


def future(field: str, when: datetime, now: datetime) -> datetime:
    if when.tzinfo is None:
        raise _failed(E.NEEDS_TIMEZONE, field=field, label=field)
    if when <= now:
        raise _failed(E.NOT_FUTURE, field=field, label=field)
    return when


def http_url(field: str, value: str) -> str:
    value = value.strip()
    parsed = urlparse(value)
    hidden = any(c.isspace() or not c.isprintable() for c in value)
    if (
        parsed.scheme not in ("http", "https")
        or not parsed.netloc
        or len(value) > 2000
        or hidden
    ):
        raise _failed(E.NOT_URL, field=field, label=field)
    return value


def username(value: str) -> str:
    value = value.strip().lstrip("@").lower()
    if not USERNAME_RE.match(value):
        raise _failed(E.BAD_USERNAME, field="username")
    return value


def email(value: str) -> str:
    value = value.strip().lower()
    if not EMAIL_RE.match(value) or len(value) > 254:
        raise _failed(E.BAD_EMAIL, field="email")
    return value


def format_cents(cents: int, currency: str = "usd") -> str:
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    symbol = {"usd": "$", "eur": "€", "gbp": "£"}.get(currency.lower())
    amount = major_text(cents, currency, grouping=True)
    return f"{sign}{symbol}{amount}" if symbol else f"{sign}{amount} {currency.upper()}"
