"""In-memory fakes of BotGig's file store (``FileKeeper`` + ``FileContents``) and of a
front end's file fetcher (``handlers.types.PlatformFiles``)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class MemoryFiles:
    """BotGig's file store in a dict: ``file:order-<id>/<n>-<name>`` → bytes."""

    max_bytes: int = 1024 * 1024
    stored: dict[str, bytes] = field(default_factory=dict)

    def keep(self, order_id: int, name: str, data: bytes) -> str | None:
        if len(data) > self.max_bytes:
            return None
        ref = f"file:order-{order_id}/{len(self.stored)}-{name}"
        self.stored[ref] = data
        return ref

    def read(self, ref: str, max_bytes: int) -> bytes | None:
        data = self.stored.get(ref)
        return data if data is not None and len(data) <= max_bytes else None


@dataclass
class PlatformFilesFake:
    """A platform's files by reference; ``down`` makes every fetch fail (the platform does
    not answer)."""

    platform: str = "telegram"
    limit: int = 20 * 1024 * 1024
    contents: dict[str, bytes] = field(default_factory=dict)
    down: bool = False
    fetched: list[str] = field(default_factory=list)

    async def fetch(self, ref: str) -> bytes:
        self.fetched.append(ref)
        if self.down:
            raise ConnectionError("the platform did not answer")
        return self.contents.get(ref, b"bytes of " + ref.encode())
