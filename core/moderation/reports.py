"""Reports: any user flags a listing, a user, an order or a message for the moderators.

A report is recorded in the audit log (action ``report``, the subject as ``kind:id``) and
announced to the admin channel; moderators act on it with their own commands."""

from __future__ import annotations

import re

from core.accounts import actors
from core.moderation import errors as E
from core.moderation.model import AuditEntry
from core.shared import validation as v
from core.shared.context import Context
from core.shared.errors import NotFound, ValidationFailed
from core.shared.events import DomainEvent

REPORT_FILED = "report.filed"
REPORT_KINDS = ("offer", "request", "proposal", "order", "account", "message")
_SUBJECT = re.compile(rf"^({'|'.join(REPORT_KINDS)}):([1-9][0-9]{{0,17}})$")


async def report(ctx: Context, *, reporter_id: int, subject: str, reason: str) -> AuditEntry:
    """File a report about ``subject`` (``offer:12``, ``account:5``, ``message:9`` ...).

    Raises ``ValidationFailed`` for a malformed subject or a reason under 5 characters,
    ``NotFound`` when the listing, account or order does not exist (or, for an order, when
    the reporter is not a party to it), ``AccountBanned`` for a banned reporter."""
    reason = v.paragraphs("reason", reason, min_len=5, max_len=1000)
    match = _SUBJECT.match(subject.strip().lower())
    if match is None:
        raise ValidationFailed(E.REPORT_SUBJECT, field="subject", code="validation.subject")
    kind, ident = match.group(1), int(match.group(2))
    async with ctx.uow() as uow:
        reporter = await actors.load_actor(uow, reporter_id)
        found: object | None = True
        if kind == "offer":
            found = await uow.offers.get(ident)
        elif kind == "request":
            found = await uow.requests.get(ident)
        elif kind == "proposal":
            found = await uow.proposals.get(ident)
        elif kind == "account":
            found = await uow.accounts.get(ident)
        elif kind == "order":
            order = await uow.orders.get(ident)
            found = order if order and order.party_role(reporter.id) else None
        if found is None:
            raise NotFound(kind, ident)
        now = ctx.clock.now()
        entry = await uow.audit.add(
            AuditEntry(
                id=0,
                actor_id=reporter.id,
                action="report",
                subject=f"{kind}:{ident}",
                created_at=now,
                note=reason,
            )
        )
        uow.publish(
            DomainEvent(
                type=REPORT_FILED,
                payload={
                    "report_id": entry.id,
                    "reporter_id": reporter.id,
                    "subject": f"{kind}:{ident}",
                    "reason": reason,
                },
                channels=("admin",),
                occurred_at=now,
            )
        )
        await uow.commit()
        return entry
