"""The moderators' audit trail."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class AuditEntry:
    id: int
    actor_id: int | None
    action: str
    subject: str
    created_at: datetime
    note: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
