"""Outbound webhooks, the HTTP side: the outbox sink that queues events for the subscribed
endpoints, rendered in the API's words (``api.webhook_payloads``), and the sender that posts
them signed (Standard Webhooks), with retries.

Both keep their state in the database (the ``webhook_delivery`` queue, leased per sender),
so any number of processes can run them.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random
import socket
from collections.abc import Callable
from datetime import timedelta
from urllib.parse import urlparse

import httpx

from api.webhook_payloads import message_body
from core.accounts.webhooks import (
    OutgoingWebhook,
    RetryPolicy,
    check_url,
    claim_deliveries,
    enqueue_event,
    record_attempt,
    sign,
)
from core.shared.context import Context
from core.shared.events import DomainEvent

log = logging.getLogger(__name__)

USER_AGENT = "BotGig-Webhooks/1"


class DnsResolver:
    async def resolve(self, host: str) -> list[str]:
        loop = asyncio.get_running_loop()
        infos = await loop.getaddrinfo(host, None, type=socket.SOCK_STREAM)
        return sorted({str(info[4][0]) for info in infos})


class WebhookSink:
    """The dispatcher's ``webhooks`` sink: turns an outbox event into deliveries for the
    endpoints of its recipients that subscribed to its type (idempotent per event). The body
    is rendered here, once, so every retry sends what the delivery log holds."""

    name = "webhooks"

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    async def deliver(self, event: DomainEvent) -> None:
        await enqueue_event(self.ctx, event=event, body=message_body)


class WebhookSender:
    def __init__(
        self,
        ctx: Context,
        *,
        client: httpx.AsyncClient | None = None,
        policy: RetryPolicy | None = None,
        allow_private: bool = False,
        resolver: DnsResolver | None = None,
        batch: int = 50,
        timeout: float = 10.0,
        lease: timedelta = timedelta(seconds=60),
        jitter: Callable[[], float] = random.random,
    ) -> None:
        self.ctx = ctx
        self.client = client or httpx.AsyncClient(
            timeout=timeout, follow_redirects=False, headers={"user-agent": USER_AGENT}
        )
        self._own_client = client is None
        self.policy = policy or RetryPolicy()
        self.allow_private = allow_private
        self.resolver = resolver or DnsResolver()
        self.batch = batch
        self.lease = lease
        self.jitter = jitter

    async def close(self) -> None:
        if self._own_client:
            await self.client.aclose()

    async def run_once(self) -> int:
        """Send one batch of due deliveries; returns how many were attempted."""
        claimed = await claim_deliveries(self.ctx, limit=self.batch, lease=self.lease)
        if claimed:
            await asyncio.gather(*(self._send(item) for item in claimed))
        return len(claimed)

    async def _send(self, item: OutgoingWebhook) -> None:
        delivery, endpoint = item.delivery, item.endpoint
        body = json.dumps(delivery.payload, separators=(",", ":")).encode()
        timestamp = int(self.ctx.clock.now().timestamp())
        status: int | None = None
        error: str | None = None
        try:
            if not self.allow_private:
                # Checked again at send time: DNS may have changed since registration.
                await check_url(endpoint.url, resolver=self.resolver, allow_private=False)
            response = await self.client.post(
                endpoint.url,
                content=body,
                headers={
                    "content-type": "application/json",
                    "webhook-id": delivery.event_id,
                    "webhook-timestamp": str(timestamp),
                    "webhook-signature": sign(
                        endpoint.secret, delivery.event_id, timestamp, body
                    ),
                },
            )
            status = response.status_code
            if not 200 <= status < 300:
                error = f"HTTP {status}"
        except Exception as exc:
            error = f"{type(exc).__name__}: {exc}"[:500]
        try:
            result = await record_attempt(
                self.ctx,
                delivery=delivery,
                status_code=status,
                error=error,
                policy=self.policy,
                jitter=self.jitter,
            )
        except Exception:
            log.exception("could not record webhook attempt %s", delivery.id)
            return
        if error:
            log.info(
                "webhook %s to %s failed (%s); status %s, attempt %d",
                delivery.event_id,
                urlparse(endpoint.url).netloc,
                error,
                result.status.value,
                result.attempts,
            )

    async def run(self, *, interval: float, stop: asyncio.Event) -> None:
        """Send until ``stop`` is set."""
        try:
            while not stop.is_set():
                try:
                    sent = await self.run_once()
                except Exception:
                    log.exception("webhook sender iteration failed")
                    sent = 0
                if sent < self.batch:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(stop.wait(), timeout=interval)
        finally:
            await self.close()
