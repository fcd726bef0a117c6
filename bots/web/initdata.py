"""Telegram Mini App ``initData``: who opened the app, as Telegram signed it.

Telegram passes the Mini App a query string (``Telegram.WebApp.initData``, or the
``tgWebAppData`` parameter of the page's URL fragment) signed with a key derived from the
bot's token. aiogram checks the signature the way Telegram documents it
(https://core.telegram.org/bots/webapps#validating-data-received-via-the-mini-app); this module
adds what the signature alone does not give: a maximum age, since a leaked ``initData``
would otherwise open the account forever, and a user in it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from aiogram.utils.web_app import safe_parse_webapp_init_data

#: Telegram's own limit on a query string it hands a Mini App is far below this; a larger
#: value is not initData and is refused before any parsing.
MAX_INIT_DATA_CHARS = 8192


class InitDataError(ValueError):
    """initData that does not open the app; the text says what to do."""


@dataclass(frozen=True)
class WebAppUser:
    """The Telegram user of a validated ``initData``."""

    id: int
    first_name: str
    last_name: str | None
    username: str | None
    language_code: str | None
    auth_date: datetime

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p)


def validate_init_data(
    init_data: str, *, bot_token: str, max_age: timedelta, now: datetime
) -> WebAppUser:
    """The user of ``init_data`` when Telegram signed it with this bot's token no longer
    than ``max_age`` before ``now``; otherwise ``InitDataError``."""
    if not init_data:
        raise InitDataError("no Telegram initData: open the catalog from the bot in Telegram")
    if len(init_data) > MAX_INIT_DATA_CHARS:
        raise InitDataError("initData is too long to be Telegram's")
    try:
        parsed = safe_parse_webapp_init_data(bot_token, init_data)
    except ValueError as exc:
        # Tampered, signed for another bot, or not initData at all: one answer for all, so
        # the response tells an attacker nothing about which.
        raise InitDataError(
            "initData is not signed by this bot: reopen the catalog from the bot in Telegram"
        ) from exc
    if parsed.user is None:
        raise InitDataError("initData has no user: open the catalog from a chat with the bot")
    signed = parsed.auth_date
    if signed.tzinfo is None:
        signed = signed.replace(tzinfo=UTC)
    age = now - signed
    if age > max_age:
        raise InitDataError(
            "initData has expired: close the catalog and open it again from the bot"
        )
    # A clock a few minutes apart is normal; a date far in the future is not Telegram's.
    if age < -timedelta(minutes=5):
        raise InitDataError("initData is dated in the future: check this server's clock")
    user = parsed.user
    return WebAppUser(
        id=user.id,
        first_name=user.first_name,
        last_name=user.last_name,
        username=user.username,
        language_code=user.language_code,
        auth_date=signed,
    )
