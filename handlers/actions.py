"""Button actions as short strings: ``domain:verb[:arg...]`` such as ``ord:approve:12``.

One encoder and one parser for every front end. The result fits Telegram's 64-byte
``callback_data`` and is what a Discord ``DynamicItem`` carries in its ``custom_id``, so a
button still works after a restart. The ids inside are user-controlled (anyone can forge a
callback), so every handler re-checks authorization; the codec only guarantees the shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_BYTES = 64
SEPARATOR = ":"

_NAME = re.compile(r"[a-z][a-z0-9_]{0,15}\Z")
_ARG = re.compile(r"[A-Za-z0-9_\-.]{1,40}\Z")
_INT = re.compile(r"[0-9]{1,18}\Z")


@dataclass(frozen=True)
class Action:
    domain: str
    verb: str
    args: tuple[str, ...] = ()

    def int_arg(self, index: int = 0) -> int | None:
        """The argument at ``index`` as a non-negative int, or None when absent or not one."""
        if index >= len(self.args) or not _INT.match(self.args[index]):
            return None
        return int(self.args[index])

    def arg(self, index: int) -> str | None:
        return self.args[index] if index < len(self.args) else None

    def encode(self) -> str:
        return encode(self.domain, self.verb, *self.args)


def encode(domain: str, verb: str, *args: int | str) -> str:
    """``encode("ord", "approve", 12) == "ord:approve:12"``; raises ``ValueError`` for a part
    that would not parse back, or a result longer than 64 bytes."""
    if not _NAME.match(domain) or not _NAME.match(verb):
        raise ValueError(f"bad action name {domain!r}/{verb!r}")
    parts = [domain, verb]
    for arg in args:
        if isinstance(arg, bool):
            raise ValueError("an action argument cannot be a bool")
        text = str(arg)
        if not _ARG.match(text):
            raise ValueError(f"bad action argument {text!r}")
        parts.append(text)
    data = SEPARATOR.join(parts)
    if len(data.encode()) > MAX_BYTES:
        raise ValueError(f"action {data!r} is longer than {MAX_BYTES} bytes")
    return data


def parse(data: str | None) -> Action | None:
    """The action in ``data``, or None when it is malformed (the caller answers that the
    button is no longer valid)."""
    if not data or len(data.encode("utf-8", "replace")) > MAX_BYTES:
        return None
    parts = data.split(SEPARATOR)
    if len(parts) < 2:
        return None
    domain, verb, *args = parts
    if not _NAME.match(domain) or not _NAME.match(verb):
        return None
    if any(not _ARG.match(arg) for arg in args):
        return None
    return Action(domain, verb, tuple(args))
