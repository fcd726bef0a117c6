"""Outbound webhooks (the Standard Webhooks scheme): endpoints with event filters and a
``whsec_`` secret, a per-endpoint queue filled from the outbox, signing, and the retry rules.

The HTTP side (posting, DNS) lives in the API package; the rules live here so every sender
process applies the same ones.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import random
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlparse

from core.accounts import actors
from core.accounts import errors as E
from core.accounts.access import (
    WEBHOOK_SECRET_PREFIX,
    DeliveryStatus,
    WebhookDelivery,
    WebhookEndpoint,
)
from core.accounts.ports import HostResolver
from core.shared import events as ev
from core.shared.backoff import Backoff
from core.shared.context import Context
from core.shared.errors import NotFound, ValidationFailed
from core.shared.events import DomainEvent
from core.shared.ports import Page
from core.shared.uow import UnitOfWork

#: The event types an endpoint can subscribe to (DESIGN §4), in the documented order.
PUBLIC_EVENT_TYPES: tuple[str, ...] = (
    ev.APPLICATION_RECEIVED,
    ev.APPLICATION_ACCEPTED,
    ev.APPLICATION_REJECTED,
    ev.ORDER_FUNDED,
    ev.ORDER_DELIVERED,
    ev.ORDER_REVISION_REQUESTED,
    ev.ORDER_APPROVED,
    ev.ORDER_COMPLETED,
    ev.ORDER_CANCELLED,
    ev.ORDER_DISPUTED,
    ev.DISPUTE_RESOLVED,
    ev.PAYMENT_RELEASED,
    ev.PAYMENT_REFUNDED,
    ev.MESSAGE_RECEIVED,
    ev.REVIEW_RECEIVED,
    ev.PROOF_ASSIGNED,
    ev.PROOF_SUBMITTED,
    ev.PROOF_CONSENSUS,
    ev.CREDITS_TOPPED_UP,
)
#: Internal events that reach webhooks under a public type.
_ALIASES: dict[str, str] = {}
MAX_ENDPOINTS = 10


def public_type(internal: str) -> str | None:
    """The webhook type of a domain event, or None when webhooks do not carry it."""
    if internal in PUBLIC_EVENT_TYPES:
        return internal
    return _ALIASES.get(internal)


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with jitter, for about a day: 5 s, 10 s, 20 s ... capped at 2 h,
    until ``give_up_after`` from the event's first attempt."""

    base: timedelta = timedelta(seconds=5)
    cap: timedelta = timedelta(hours=2)
    give_up_after: timedelta = timedelta(hours=24)

    def delay(self, attempts: int, jitter: float) -> timedelta:
        """Delay before attempt ``attempts + 1``, jittered (``core.shared.backoff``)."""
        return Backoff(self.base, self.cap).delay(attempts, jitter)


@dataclass(frozen=True)
class OutgoingWebhook:
    delivery: WebhookDelivery
    endpoint: WebhookEndpoint


def new_secret() -> str:
    return WEBHOOK_SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def signing_key(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix(WEBHOOK_SECRET_PREFIX))


def sign(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    """The ``webhook-signature`` value: ``v1,`` + base64 HMAC-SHA256 of ``id.timestamp.body``
    under the base64-decoded part of the secret after ``whsec_``."""
    signed = f"{msg_id}.{timestamp}.".encode() + body
    mac = hmac.new(signing_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(mac).decode()


def verify(
    secret: str, msg_id: str, timestamp: str, body: bytes, header: str, *, now: int,
    tolerance: int = 300,
) -> bool:
    """What a receiver does: the timestamp is recent and one of the space-separated
    signatures matches (constant-time compare)."""
    try:
        ts = int(timestamp)
    except ValueError:
        return False
    if abs(now - ts) > tolerance:
        return False
    expected = sign(secret, msg_id, ts, body)
    return any(hmac.compare_digest(expected, s) for s in header.split())


def is_public_address(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not (ip.is_multicast or ip.is_reserved)


async def check_url(
    url: str, *, resolver: HostResolver, allow_private: bool
) -> str:
    """Validate a webhook URL: http(s), a host, and — unless ``allow_private`` — only public
    addresses behind it, so nobody makes the server call into its own network.
    Raises ``ValidationFailed`` (``webhook.url_private``, ``webhook.url_invalid``)."""
    url = (url or "").strip()
    parsed = urlparse(url)
    host = parsed.hostname
    if parsed.scheme not in ("http", "https") or not host or len(url) > 2000:
        raise ValidationFailed(E.WEBHOOK_URL_INVALID, field="url")
    try:
        parsed.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        raise ValidationFailed(
            E.WEBHOOK_PORT_INVALID, field="url", code="webhook.url_invalid"
        ) from None
    if allow_private:
        return url
    try:
        addresses = [host] if _is_ip(host) else await resolver.resolve(host)
    except OSError:
        addresses = []
    if not addresses:
        raise ValidationFailed(E.WEBHOOK_UNRESOLVABLE, field="url", host=host)
    if not all(is_public_address(a) for a in addresses):
        raise ValidationFailed(E.WEBHOOK_PRIVATE, field="url")
    return url


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def _event_filter(events: Iterable[str] | None) -> frozenset[str]:
    chosen = frozenset(e.strip() for e in (events or ()) if e and e.strip())
    unknown = sorted(chosen - set(PUBLIC_EVENT_TYPES) - {"*"})
    if unknown:
        raise ValidationFailed(
            E.WEBHOOK_UNKNOWN_EVENT,
            field="events",
            unknown=", ".join(unknown),
            known=", ".join(PUBLIC_EVENT_TYPES),
        )
    return frozenset() if "*" in chosen else chosen


async def register_webhook(
    ctx: Context,
    *,
    account_id: int,
    url: str,
    events: Iterable[str] | None,
    resolver: HostResolver,
    allow_private: bool = False,
) -> WebhookEndpoint:
    """Register an endpoint for the account's events (an empty filter means all types)."""
    chosen = _event_filter(events)
    checked = await check_url(url, resolver=resolver, allow_private=allow_private)
    async with ctx.uow() as uow:
        account = await actors.load_actor(uow, account_id)
        existing = await uow.webhooks.for_account(account.id)
        if len(existing) >= MAX_ENDPOINTS:
            raise ValidationFailed(E.WEBHOOK_TOO_MANY, field="url", limit=MAX_ENDPOINTS)
        endpoint = await uow.webhooks.add(
            WebhookEndpoint(
                id=0,
                account_id=account.id,
                url=checked,
                events=chosen,
                secret=new_secret(),
                enabled=True,
                created_at=ctx.clock.now(),
            )
        )
        await uow.commit()
        return endpoint


async def list_webhooks(ctx: Context, *, account_id: int) -> list[WebhookEndpoint]:
    async with ctx.uow(read_only=True) as uow:
        return await uow.webhooks.for_account(account_id)


async def _own_endpoint(
    ctx: Context, uow: UnitOfWork, account_id: int, endpoint_id: int
) -> WebhookEndpoint:
    endpoint = await uow.webhooks.get(endpoint_id)
    # Someone else's endpoint is "not found": its existence is nobody else's business.
    if endpoint is None or endpoint.account_id != account_id:
        raise NotFound("webhook", endpoint_id)
    return endpoint


async def delete_webhook(ctx: Context, *, account_id: int, endpoint_id: int) -> None:
    async with ctx.uow() as uow:
        endpoint = await _own_endpoint(ctx, uow, account_id, endpoint_id)
        await uow.webhooks.delete(endpoint.id)
        await uow.commit()


async def list_deliveries(
    ctx: Context,
    *,
    account_id: int,
    endpoint_id: int,
    limit: int = 20,
    starting_after: int | None = None,
) -> Page[WebhookDelivery]:
    async with ctx.uow(read_only=True) as uow:
        endpoint = await _own_endpoint(ctx, uow, account_id, endpoint_id)
        return await uow.webhooks.deliveries(
            endpoint.id, limit=limit, starting_after=starting_after
        )


#: Renders the JSON body an endpoint receives for an event under its public type. The edge
#: that speaks to subscribers supplies it: the words of the body are its API's, not the core's.
MessageBody = Callable[[DomainEvent, str, datetime], dict[str, Any]]


async def enqueue_event(ctx: Context, *, event: DomainEvent, body: MessageBody) -> int:
    """Queue a domain event, rendered by ``body``, for the subscribed endpoints of its
    recipients; returns how many deliveries were queued. Handing the same event over again
    queues nothing new."""
    public = public_type(event.type)
    if public is None or not event.recipients:
        return 0
    now = ctx.clock.now()
    queued = 0
    rendered: dict[str, Any] | None = None
    async with ctx.uow() as uow:
        for endpoint in await uow.webhooks.enabled_for(list(event.recipients)):
            if not endpoint.wants(public):
                continue
            if rendered is None:
                rendered = body(event, public, now)
            added = await uow.webhooks.add_delivery(
                WebhookDelivery(
                    id=0,
                    endpoint_id=endpoint.id,
                    event_id=event.id,
                    event_type=public,
                    payload=rendered,
                    status=DeliveryStatus.PENDING,
                    attempts=0,
                    created_at=now,
                    next_attempt_at=now,
                )
            )
            queued += int(added)
        await uow.commit()
    return queued


async def claim_deliveries(
    ctx: Context, *, limit: int = 50, lease: timedelta = timedelta(seconds=60)
) -> list[OutgoingWebhook]:
    """Due deliveries with their endpoints, leased to this sender."""
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        claimed = await uow.webhooks.claim_due(now, limit=limit, lease_until=now + lease)
        endpoints: dict[int, WebhookEndpoint] = {}
        for d in claimed:
            if d.endpoint_id not in endpoints:
                found = await uow.webhooks.get(d.endpoint_id)
                if found is not None:
                    endpoints[found.id] = found
        await uow.commit()
    return [OutgoingWebhook(d, endpoints[d.endpoint_id]) for d in claimed
            if d.endpoint_id in endpoints]


async def record_attempt(
    ctx: Context,
    *,
    delivery: WebhookDelivery,
    status_code: int | None,
    error: str | None = None,
    policy: RetryPolicy = RetryPolicy(),
    jitter: Callable[[], float] = random.random,
) -> WebhookDelivery:
    """Apply the outcome of one POST: 2xx delivered; 410 Gone disables the endpoint (and
    gives up its queue); anything else retries with backoff until the policy gives up."""
    now = ctx.clock.now()
    attempts = delivery.attempts + 1
    async with ctx.uow() as uow:
        updated = replace(
            delivery,
            attempts=attempts,
            last_attempt_at=now,
            response_code=status_code,
            last_error=(error or None) and error[:1000],
        )
        if status_code is not None and 200 <= status_code < 300:
            updated = replace(
                updated, status=DeliveryStatus.DELIVERED, delivered_at=now, last_error=None
            )
        elif status_code == 410:
            updated = replace(updated, status=DeliveryStatus.FAILED,
                              last_error="410 Gone: endpoint disabled")
            endpoint = await uow.webhooks.get(delivery.endpoint_id)
            if endpoint is not None and endpoint.enabled:
                await uow.webhooks.update(
                    replace(endpoint, enabled=False,
                            disabled_reason=f"answered 410 Gone at {now.isoformat()}")
                )
            await uow.webhooks.update_delivery(updated)
            await uow.webhooks.fail_pending(delivery.endpoint_id, "endpoint disabled (410)", now)
            await uow.commit()
            return updated
        elif now - delivery.created_at >= policy.give_up_after:
            updated = replace(updated, status=DeliveryStatus.FAILED)
        else:
            updated = replace(
                updated, next_attempt_at=now + policy.delay(attempts, jitter())
            )
        await uow.webhooks.update_delivery(updated)
        await uow.commit()
        return updated
