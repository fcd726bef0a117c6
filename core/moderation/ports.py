"""Ports of the audit log and the moderators' queries."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from core.accounts.model import Account
from core.moderation.analytics import PilotFacts
from core.moderation.model import AuditEntry


class AuditRepository(Protocol):
    async def add(self, entry: AuditEntry) -> AuditEntry: ...
    async def for_subject(self, subject: str, *, limit: int = 100) -> list[AuditEntry]: ...


class ModerationUnit(Protocol):
    """The audit log and the moderators' queues, audit views and pilot analytics."""

    @property
    def audit(self) -> AuditRepository: ...
    @property
    def admin(self) -> AdminQueries: ...


# -- the admin channel (handlers.admin) --------------------------------------------------------


class AdminQueries(Protocol):
    """What the moderators look at: the reports queue, verification requests, audit trails
    and the facts behind the pilot analytics."""

    async def open_reports(self, *, limit: int = 20) -> list[AuditEntry]:
        """Reports (audit entries with action ``report``) that no moderator closed yet (no
        ``report.close`` entry with subject ``report:<id>``), oldest first."""

    async def pending_verifications(self, *, limit: int = 20) -> list[Account]:
        """Accounts waiting for a verification decision, oldest first."""

    async def audit_by_actor(self, actor_id: int, *, limit: int = 50) -> list[AuditEntry]:
        """What ``actor_id`` did, the latest ``limit`` entries, oldest first."""

    async def pilot_facts(self, since: datetime, until: datetime) -> PilotFacts:
        """One fact row per request, published offer and order created in
        ``[since, until)``; ``core.moderation.analytics`` turns them into the pilot's figures."""
