"""Export my data (issue 18, part 1): one zip of everything BotGig holds about an account.

A small account gets its archive at once. A large one (more orders or messages than
``ExportRules.background_*``) gets an ``AccountExport`` row and a timer: the scheduler of any
process builds the archive, keeps it for ``ExportRules.keep`` and publishes
``account.export_ready``, whose notice carries the file. Exports are counted per account in the
database (``ExportRules.per_window``); only the account itself can export it — an agent's
supervisor cannot, the agent exports with its own key.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from core.accounts import errors as E
from core.accounts.export_archive import build_archive
from core.accounts.export_model import AccountExport, Archive, ExportOutcome, ExportStatus
from core.orders.model import Timer, TimerKind, TimerStatus
from core.shared import ratelimit
from core.shared.context import Context
from core.shared.errors import MarketplaceError, NotFound, RateLimited
from core.shared.events import DomainEvent
from core.shared.uow import UnitOfWork

#: The timer subject of a background export.
EXPORT = "export"
#: Published when a background export is ready; chat-only (no webhook event type).
EXPORT_READY = "account.export_ready"


class ExportTooOften(RateLimited):
    """The account asked for more exports than ``ExportRules.per_window`` allows."""

    code = E.EXPORT_TOO_OFTEN.code

    def __init__(self, count: int, hours: int, retry_after: float) -> None:
        self.retry_after = retry_after
        MarketplaceError.__init__(
            self,
            E.EXPORT_TOO_OFTEN,
            count=count,
            hours=hours,
            minutes=max(1, round(retry_after / 60)),
        )


class ExportExpired(MarketplaceError):
    code = E.EXPORT_EXPIRED.code
    status = 410

    def __init__(self) -> None:
        super().__init__(E.EXPORT_EXPIRED)


async def request_export(ctx: Context, *, account_id: int, platform: str) -> ExportOutcome:
    """Export the account: the archive now, or an ``AccountExport`` being prepared.

    ``platform`` is where it was asked (``telegram``, ``discord``, ``api``): the ready notice
    attaches the file within that platform's limit. Banned accounts may export (their data is
    still theirs). While a background export is pending, asking again returns it. Raises
    ``NotFound`` for an unknown account, ``ExportTooOften`` past the limit (the refused
    attempt is not counted)."""
    rules = ctx.export
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        if await uow.accounts.get(account_id) is None:
            raise NotFound("account", account_id)
        # Asking again while one is prepared gets that one, and is not counted.
        waiting = await uow.exports.pending_for(account_id)
        if waiting is not None:
            return ExportOutcome(pending=waiting)
        verdict = await ratelimit.hit(
            uow.rate_limits, f"export:{account_id}",
            ratelimit.Limit(rules.per_window, rules.window), now,
        )
        if not verdict.allowed:
            hours = max(1, round(rules.window.total_seconds() / 3600))
            raise ExportTooOften(rules.per_window, hours, verdict.retry_after)
        size = await uow.export_reader.size(account_id)
        if size.orders > rules.background_orders or size.messages > rules.background_messages:
            pending = await uow.exports.add(
                AccountExport(
                    id=0,
                    account_id=account_id,
                    status=ExportStatus.PENDING,
                    platform=platform,
                    requested_at=now,
                )
            )
            await _arm(uow, TimerKind.ACCOUNT_EXPORT, pending, now, ctx)
            await uow.commit()
            return ExportOutcome(pending=pending)
        # The count commits before the long read, so no write lock is held while the
        # archive is built (SQLite has one writer); a failed build still counts.
        await uow.commit()
    async with ctx.uow() as uow:
        records = await uow.export_reader.load(account_id)
    if records is None:
        raise NotFound("account", account_id)
    return ExportOutcome(archive=build_archive(records, now=now, rules=rules, files=ctx.files))


async def get_export(ctx: Context, *, account_id: int, export_id: int) -> AccountExport:
    """A background export of the account (pending or ready, with its archive). Another
    account's export is ``NotFound``, like a missing one; an expired one ``ExportExpired``."""
    async with ctx.uow() as uow:
        export = await uow.exports.get(export_id)
    if export is None or export.account_id != account_id:
        raise NotFound("export", export_id)
    if export.status is ExportStatus.EXPIRED:
        raise ExportExpired()
    return export


def archive_of(export: AccountExport) -> Archive | None:
    """A ready export's archive, named like one built at once."""
    if export.archive is None or export.ready_at is None:
        return None
    name = f"botgig-export-{export.account_id}-{export.ready_at.strftime('%Y%m%d-%H%M%S')}.zip"
    return Archive(data=export.archive, name=name, manifest={})


async def fire_export_timer(ctx: Context, uow: UnitOfWork, timer: Timer) -> bool:
    """The scheduler's handler of ``export`` timers: build a pending export (and arm its
    expiry), or drop an expired archive. False when there is nothing to do."""
    export = await uow.exports.get(timer.subject_id)
    if export is None:
        return False
    now = ctx.clock.now()
    if timer.kind is TimerKind.EXPORT_EXPIRY:
        if export.status is not ExportStatus.READY:
            return False
        await uow.exports.update(replace(export, status=ExportStatus.EXPIRED, archive=None))
        return True
    if timer.kind is not TimerKind.ACCOUNT_EXPORT or export.status is not ExportStatus.PENDING:
        return False
    records = await uow.export_reader.load(export.account_id)
    if records is None:
        return False
    archive = build_archive(records, now=now, rules=ctx.export, files=ctx.files)
    ready = replace(
        export,
        status=ExportStatus.READY,
        ready_at=now,
        expires_at=now + ctx.export.keep,
        size=len(archive.data),
        archive=archive.data,
    )
    await uow.exports.update(ready)
    await _arm(uow, TimerKind.EXPORT_EXPIRY, ready, ready.expires_at or now, ctx)
    uow.publish(
        DomainEvent(
            type=EXPORT_READY,
            payload={
                "export_id": ready.id,
                "account_id": ready.account_id,
                "size": ready.size,
                "platform": ready.platform,
                "expires_at": ready.expires_at.isoformat() if ready.expires_at else None,
            },
            recipients=(ready.account_id,),
            occurred_at=now,
        )
    )
    return True


async def _arm(
    uow: UnitOfWork, kind: TimerKind, export: AccountExport, due: datetime, ctx: Context
) -> None:
    await uow.timers.add(
        Timer(
            id=0,
            kind=kind,
            subject=EXPORT,
            subject_id=export.id,
            due_at=due,
            status=TimerStatus.PENDING,
            created_at=ctx.clock.now(),
        )
    )


#: Registered with the scheduler (core.orders.timers) by timer subject.
TIMER_HANDLERS = {EXPORT: fire_export_timer}
