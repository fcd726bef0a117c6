"""Pacing of outgoing messages under Telegram's flood limits.

Telegram allows a bot about 30 messages per second overall, about one per second in one
private chat and 20 per minute in a group; beyond that it answers 429 with ``retry_after``.
The notifier paces itself with a ``Pacer`` so a burst of notifications is spread out instead
of being refused, and the retry middleware (``bots.telegram.retry``) waits out any 429 that
still happens, telling the pacer to hold everything for that long.

The pacer's state is in-process. One process per bot token is the normal deployment (Telegram
serves updates to one consumer); if several processes send notifications through the same
bot, each must get a share of the limits (divide ``per_second``) or a limiter shared through
Redis must replace this one (DESIGN §5).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

#: Chat ids below zero are groups, supergroups and channels.
GROUP_INTERVAL = 3.0


class Pacer:
    """Waits until a message to ``chat_id`` may go out, then reserves that moment.

    No reservation is held while sleeping: a waiter re-checks after each sleep, so a slow
    chat never holds up messages to other chats (no head-of-line blocking).
    """

    def __init__(
        self,
        *,
        per_second: float = 30.0,
        per_chat_interval: float = 1.0,
        group_interval: float = GROUP_INTERVAL,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if per_second <= 0:
            raise ValueError("per_second must be positive")
        self.spacing = 1.0 / per_second
        self.per_chat_interval = per_chat_interval
        self.group_interval = group_interval
        self._clock = clock
        self._sleep = sleep
        self._next_any = 0.0
        self._next_chat: dict[int, float] = {}

    def _interval(self, chat_id: int) -> float:
        return self.group_interval if chat_id < 0 else self.per_chat_interval

    async def wait(self, chat_id: int) -> None:
        while True:
            now = self._clock()
            ready_at = max(now, self._next_any, self._next_chat.get(chat_id, 0.0))
            if ready_at <= now:
                self._next_any = now + self.spacing
                self._next_chat[chat_id] = now + self._interval(chat_id)
                self._forget_old(now)
                return
            await self._sleep(ready_at - now)

    def hold(self, seconds: float) -> None:
        """Send nothing for ``seconds`` (Telegram said ``retry_after``)."""
        self._next_any = max(self._next_any, self._clock() + seconds)

    def _forget_old(self, now: float) -> None:
        if len(self._next_chat) > 1024:
            self._next_chat = {c: t for c, t in self._next_chat.items() if t > now}
