"""Fields every log record of the current task carries (request id, account id).

An edge opens a scope per request or update; whoever resolves the account binds it, and the
log formatter (botgig's logging set-up) adds the fields to each record. A scope holds one
mutable dict so a field bound deep inside (the API-key dependency) is seen by the scope's
owner too (the request log line written when the response is sent).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar

_fields: ContextVar[dict[str, str] | None] = ContextVar("botgig_log_fields", default=None)


@contextmanager
def log_scope(**fields: str) -> Iterator[dict[str, str]]:
    """Bind ``fields`` (on top of the enclosing scope's) until the block ends."""
    token = _fields.set({**(_fields.get() or {}), **fields})
    try:
        yield _fields.get() or {}
    finally:
        _fields.reset(token)


def bind(**fields: str | int) -> None:
    """Add fields to the current scope (or start one for the rest of this task)."""
    current = _fields.get()
    values = {name: str(value) for name, value in fields.items()}
    if current is None:
        _fields.set(values)
    else:
        current.update(values)


def log_fields() -> Mapping[str, str]:
    return _fields.get() or {}
