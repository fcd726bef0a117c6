"""Pilot analytics as a use case: ``/stats [days]`` in the admin channel and
``botgig stats --days N`` on the command line. The definitions are in
``core.moderation.analytics``."""

from __future__ import annotations

from datetime import timedelta

from core.accounts import actors
from core.moderation.analytics import PilotStats, compute_stats
from core.shared import validation as v
from core.shared.context import Context

MAX_DAYS = 366


async def pilot_stats(
    ctx: Context, *, days: int = 30, moderator_id: int | None = None
) -> PilotStats:
    """The figures of the last ``days`` days (1..366). ``moderator_id`` None is the
    operator (the CLI); otherwise it must be a moderator. Raises ``ValidationFailed`` for a
    bad ``days``, ``PermissionDenied`` for a non-moderator."""
    days = v.integer("days", days, minimum=1, maximum=MAX_DAYS)
    until = ctx.clock.now()
    since = until - timedelta(days=days)
    async with ctx.uow() as uow:
        if moderator_id is not None:
            await actors.load_moderator(uow, moderator_id)
        facts = await uow.admin.pilot_facts(since, until)
    return compute_stats(facts, since=since, until=until)
