"""Ports every feature shares: the clock, paging, conversation state, dedup, rate limits, the
event sink."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, Protocol, TypeVar

from core.shared.events import DomainEvent

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    has_more: bool

    @property
    def last_id(self) -> int | None:
        last = self.items[-1] if self.items else None
        return getattr(last, "id", None)


class ConversationStore(Protocol):
    """Half-filled forms and other per-chat state, kept in the database so a restart or a
    second process resumes them. ``key`` is e.g. ``telegram:42``; ``state`` is JSON-able."""

    async def get(self, key: str) -> dict[str, Any] | None: ...
    async def put(self, key: str, state: dict[str, Any], now: datetime) -> None: ...
    async def delete(self, key: str) -> None: ...


class DedupStore(Protocol):
    async def first_time(self, key: str, now: datetime) -> bool:
        """Record ``key``; True the first time it is seen, False ever after (even when two
        processes race: the database's unique key decides)."""

    async def seen(self, key: str) -> bool:
        """Whether ``key`` was recorded (by a committed ``first_time``), recording nothing."""


class ChatStateUnit(Protocol):
    """Per-chat state shared by every process: forms, seen update ids, rate-limit windows."""

    @property
    def conversations(self) -> ConversationStore: ...
    @property
    def dedup(self) -> DedupStore: ...
    @property
    def rate_limits(self) -> RateLimitStore: ...


class EventSink(Protocol):
    """A consumer of outbox events (Telegram DMs, Discord DMs, the admin channel, webhooks).

    The dispatcher calls ``deliver`` at least once per event and sink, and again after a
    failure (any exception) with backoff; a sink must tolerate a repeat of the same event id.
    """

    name: str

    async def deliver(self, event: DomainEvent) -> None: ...


class RateLimitStore(Protocol):
    async def hit(self, bucket: str, window_start: datetime) -> int:
        """Count one request in the fixed window starting at ``window_start`` and return the
        window's count so far, atomically across processes (an upsert in the database)."""

    async def count(self, bucket: str, window_start: datetime) -> int:
        """The window's count so far (0 for a window nobody hit), counting nothing."""
