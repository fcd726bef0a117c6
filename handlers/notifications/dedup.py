"""What went out, per event, so a retried event repeats nothing."""

from __future__ import annotations

from collections import OrderedDict


class SentMemory:
    """The keys of messages that went out, in memory, the oldest forgotten beyond ``size``.

    Delivery is at least once: only a crash between sending and remembering repeats one."""

    def __init__(self, size: int = 10_000) -> None:
        self.size = size
        self._keys: OrderedDict[str, None] = OrderedDict()

    def __contains__(self, key: str) -> bool:
        return key in self._keys

    def add(self, key: str) -> None:
        self._keys[key] = None
        while len(self._keys) > self.size:
            self._keys.popitem(last=False)
