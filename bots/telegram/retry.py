"""Waiting out Telegram's flood control.

aiogram turns a 429 into ``TelegramRetryAfter`` and does not retry it (only getUpdates has its
own backoff, which ignores ``retry_after``). This request middleware sleeps the time Telegram
asks for and sends the same request again, a bounded number of times, so a reply or a
notification is delayed rather than dropped. Telegram refuses a 429'd request entirely, so
sending it again never duplicates a message.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import TelegramRetryAfter
from aiogram.methods import Response, TelegramMethod
from aiogram.methods.base import TelegramType

if TYPE_CHECKING:
    from aiogram import Bot

log = logging.getLogger(__name__)


class RetryAfterMiddleware(BaseRequestMiddleware):
    """Retry a request refused with 429 after ``retry_after`` seconds.

    Gives up (re-raises) after ``max_attempts`` tries or when Telegram asks for more than
    ``max_delay`` seconds: a handler should not hang for minutes, and the notifier's caller
    (the outbox dispatcher) retries later with its own backoff.
    """

    def __init__(
        self,
        *,
        max_attempts: int = 5,
        max_delay: float = 60.0,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        on_retry_after: Callable[[float], None] | None = None,
    ) -> None:
        self.max_attempts = max_attempts
        self.max_delay = max_delay
        self._sleep = sleep
        self._listeners: list[Callable[[float], None]] = []
        if on_retry_after is not None:
            self._listeners.append(on_retry_after)

    def add_listener(self, listener: Callable[[float], None]) -> None:
        """Call ``listener(seconds)`` on every 429 (the notifier's pacer holds for as long)."""
        self._listeners.append(listener)

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        attempt = 1
        while True:
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as exc:
                if attempt >= self.max_attempts or exc.retry_after > self.max_delay:
                    log.warning(
                        "%s refused with retry_after=%s after %d attempts; giving up",
                        method.__api_method__, exc.retry_after, attempt,
                    )
                    raise
                log.info(
                    "%s refused with retry_after=%s (attempt %d); waiting",
                    method.__api_method__, exc.retry_after, attempt,
                )
                for listener in self._listeners:
                    listener(float(exc.retry_after))
                await self._sleep(float(exc.retry_after))
                attempt += 1
