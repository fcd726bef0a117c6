"""Safety around what users show each other: secrets redacted before anyone sees them (and
the redaction kept on the record), contact details optionally flagged to the moderators, and
per-user rate limits on messages, listings and proposals.

The helpers run inside the use case's unit of work, so the audit entry, the warning to the
sender and the rate-limit count commit (or roll back) with the action itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import timedelta
from typing import Any, TypeVar

from core.moderation import errors as E
from core.moderation.model import AuditEntry
from core.moderation.redaction import find_contact_details, redact_secrets
from core.shared import ratelimit
from core.shared.context import Context
from core.shared.errors import MarketplaceError, RateLimited
from core.shared.events import DomainEvent
from core.shared.uow import UnitOfWork

#: Sent to the author: something in their text was removed before anyone saw it.
SECRET_REDACTED = "safety.secret_redacted"
#: Sent to the admin channel: contact details or off-platform payment talk (a setting).
CONTACT_FLAGGED = "safety.contact_flagged"

MESSAGE = "message"
LISTING = "listing"
PROPOSAL = "proposal"

_TEXTS = {MESSAGE: E.SLOW_MESSAGES, LISTING: E.SLOW_LISTINGS, PROPOSAL: E.SLOW_PROPOSALS}

T = TypeVar("T")


class SlowDown(RateLimited):
    """A per-user limit was reached; the message says which and for how long."""

    code = "rate_limited.user"

    def __init__(self, action: str, limit: int, retry_after: float) -> None:
        self.retry_after = retry_after
        wait = max(1, round(retry_after))
        MarketplaceError.__init__(
            self,
            _TEXTS[action],
            code=SlowDown.code,
            count=limit,
            seconds=wait,
            minutes=max(1, round(wait / 60)),
        )


def limit_of(ctx: Context, action: str) -> tuple[int, timedelta]:
    rules = ctx.rules
    if action == MESSAGE:
        return rules.messages_per_minute, timedelta(minutes=1)
    if action == LISTING:
        return rules.listings_per_hour, timedelta(hours=1)
    if action == PROPOSAL:
        return rules.proposals_per_hour, timedelta(hours=1)
    raise ValueError(f"no rate limit for {action!r}")


async def check_rate(ctx: Context, uow: UnitOfWork, *, actor_id: int, action: str) -> None:
    """Count one ``action`` of ``actor_id`` in its fixed window (shared by every process
    through the database). Raises ``SlowDown`` past the limit; the count rolls back with
    the action, so refused or failed actions do not use up the allowance."""
    limit, window = limit_of(ctx, action)
    verdict = await ratelimit.hit(
        uow.rate_limits, f"user:{action}:{actor_id}", ratelimit.Limit(limit, window),
        ctx.clock.now(),
    )
    if not verdict.allowed:
        raise SlowDown(action, limit, verdict.retry_after)


def redact_fields(obj: T, names: Sequence[str]) -> tuple[T, tuple[str, ...]]:
    """``obj`` (a dataclass) with secrets removed from its text fields ``names``, and the
    kinds of secret found."""
    changes: dict[str, Any] = {}
    found: list[str] = []
    for name in names:
        value = getattr(obj, name)
        if isinstance(value, str) and value:
            scan = redact_secrets(value)
            if scan.redacted:
                changes[name] = scan.text
                found.extend(scan.found)
    if not changes:
        return obj, ()
    return replace(obj, **changes), tuple(dict.fromkeys(found))  # type: ignore[type-var]


async def screen(
    ctx: Context,
    uow: UnitOfWork,
    *,
    actor_id: int,
    subject: str,
    redacted: Sequence[str],
    texts: Sequence[str],
    warn: bool = True,
) -> None:
    """After storing ``subject`` (``offer:12``, ``delivery:5``): record what the scanner
    removed and warn the author (``warn``; the chat relay warns inline instead), and flag
    contact details in ``texts`` to the moderators when the setting asks for it."""
    now = ctx.clock.now()
    if redacted:
        await uow.audit.add(
            AuditEntry(
                id=0,
                actor_id=actor_id,
                action="safety.redacted",
                subject=subject,
                created_at=now,
                data={"kinds": list(redacted)},
            )
        )
        if warn:
            uow.publish(
                DomainEvent(
                    type=SECRET_REDACTED,
                    payload={"account_id": actor_id, "subject": subject, "kinds": list(redacted)},
                    recipients=(actor_id,),
                    occurred_at=now,
                )
            )
    if not ctx.rules.flag_contact_details:
        return
    kinds = tuple(dict.fromkeys(k for text in texts for k in find_contact_details(text)))
    if not kinds:
        return
    excerpt = " / ".join(t.strip() for t in texts if t.strip())[:300]
    await uow.audit.add(
        AuditEntry(
            id=0,
            actor_id=actor_id,
            action="safety.flagged",
            subject=subject,
            created_at=now,
            note=excerpt,
            data={"kinds": list(kinds)},
        )
    )
    uow.publish(
        DomainEvent(
            type=CONTACT_FLAGGED,
            payload={
                "account_id": actor_id,
                "subject": subject,
                "kinds": list(kinds),
                "excerpt": excerpt,
            },
            channels=("admin",),
            occurred_at=now,
        )
    )
