"""The repositories of programmatic access on SQLite and PostgreSQL: API keys, email
tokens, the webhook queue, idempotent responses and rate-limit counters."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Any

from core.accounts import api_access, webhooks
from core.accounts.access import (
    ApiKey,
    ApiScope,
    DeliveryStatus,
    EmailToken,
    StoredResponse,
    WebhookDelivery,
    WebhookEndpoint,
    digest,
)
from core.shared.context import Context
from core.shared.events import DomainEvent
from core.shared.uow import UnitOfWorkFactory
from tests.integration.builders import add_accounts
from tests.integration.conftest import FakeClock


async def test_api_keys_hashed_rotated_and_touched(
    uow_factory: UnitOfWorkFactory, clock: FakeClock
) -> None:
    now = clock.now()
    async with uow_factory() as uow:
        (alice,) = await add_accounts(uow, now, "alice")
        first = await uow.api_keys.add(ApiKey(0, alice.id, digest("bg_one"), "bg_one",
                                              frozenset(ApiScope), now))
        await uow.api_keys.add(ApiKey(0, alice.id, digest("bg_two"), "bg_two",
                                      frozenset({ApiScope.READ}), now))
        await uow.commit()
    async with uow_factory() as uow:
        found = await uow.api_keys.by_hash(digest("bg_one"))
        assert found == first and found.allows(ApiScope.WRITE)
        assert await uow.api_keys.by_hash(digest("bg_nope")) is None
        assert await uow.api_keys.revoke_all(alice.id, now) == 2
        await uow.api_keys.touch(first.id, now + timedelta(minutes=1))
        await uow.commit()
    async with uow_factory() as uow:
        keys = await uow.api_keys.for_account(alice.id)
        assert [k.active for k in keys] == [False, False]
        assert keys[0].last_used_at == now + timedelta(minutes=1)
        assert keys[1].scopes == frozenset({ApiScope.READ})


async def test_email_token_is_used_once(uow_factory: UnitOfWorkFactory, clock: FakeClock) -> None:
    now = clock.now()
    async with uow_factory() as uow:
        (alice,) = await add_accounts(uow, now, "alice")
        token = await uow.email_tokens.add(EmailToken(
            0, alice.id, "a@example.com", digest("tok"), now, now + timedelta(hours=1)))
        await uow.commit()
    async with uow_factory() as uow:
        assert (await uow.email_tokens.by_hash(digest("tok"))) == token
        assert await uow.email_tokens.mark_used(token.id, now) is True
        assert await uow.email_tokens.mark_used(token.id, now) is False
        await uow.commit()


async def test_registration_and_verification_on_storage(
    uow_factory: UnitOfWorkFactory, clock: FakeClock
) -> None:
    ctx = Context(uow=uow_factory, clock=clock)
    registration = await api_access.register_via_api(
        ctx, email="agent@example.com", display_name="Agent"
    )
    principal = await api_access.authenticate(ctx, plaintext=registration.api_key.plaintext)
    assert principal.account.id == registration.account.id
    assert registration.email_token is not None
    account = await api_access.verify_email(ctx, token=registration.email_token)
    assert account.email_verified


async def test_webhook_queue_is_idempotent_leased_and_logged(
    uow_factory: UnitOfWorkFactory, clock: FakeClock
) -> None:
    now = clock.now()
    async with uow_factory() as uow:
        alice, bob = await add_accounts(uow, now, "alice", "bob")
        hook = await uow.webhooks.add(WebhookEndpoint(
            0, alice.id, "https://h.example/x", frozenset({"order.delivered"}), "whsec_AAAA",
            True, now))
        off = await uow.webhooks.add(WebhookEndpoint(
            0, bob.id, "https://h.example/y", frozenset(), "whsec_BBBB", False, now))
        await uow.commit()
    ctx = Context(uow=uow_factory, clock=clock)
    event = DomainEvent("order.delivered", {"order_id": 1}, recipients=(alice.id, bob.id))

    def body(e: DomainEvent, public: str, now: datetime) -> dict[str, Any]:
        return {"id": e.id, "type": public}

    assert await webhooks.enqueue_event(ctx, event=event, body=body) == 1
    # At-least-once dispatcher: a second hand-over queues nothing.
    assert await webhooks.enqueue_event(ctx, event=event, body=body) == 0
    other = DomainEvent("message.received", {"order_id": 1}, recipients=(alice.id,))
    assert await webhooks.enqueue_event(ctx, event=other, body=body) == 0  # not subscribed

    async with uow_factory() as uow:
        claimed = await uow.webhooks.claim_due(now, limit=10, lease_until=now + timedelta(
            seconds=60))
        assert [d.event_id for d in claimed] == [event.id]
        assert await uow.webhooks.claim_due(now, limit=10, lease_until=now) == []  # leased
        assert await uow.webhooks.enabled_for([alice.id, bob.id]) == [hook]
        assert off.enabled is False
        await uow.commit()
    delivered = await webhooks.record_attempt(ctx, delivery=claimed[0], status_code=204)
    assert delivered.status is DeliveryStatus.DELIVERED
    async with uow_factory() as uow:
        page = await uow.webhooks.deliveries(hook.id, limit=1)
        assert page.items[0].status is DeliveryStatus.DELIVERED and not page.has_more
        assert page.items[0].response_code == 204 and page.items[0].attempts == 1
        await uow.webhooks.add_delivery(WebhookDelivery(
            0, hook.id, "evt-2", "order.delivered", {"x": 1}, DeliveryStatus.PENDING, 0, now,
            now))
        assert await uow.webhooks.fail_pending(hook.id, "gone", now) == 1
        await uow.webhooks.delete(hook.id)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.webhooks.get(hook.id) is None
        assert (await uow.webhooks.deliveries(hook.id)).items == []


async def test_idempotency_records(uow_factory: UnitOfWorkFactory, clock: FakeClock) -> None:
    now = clock.now()
    record = StoredResponse("key:abc", "h1", "fp", 0, b"", now, now + timedelta(hours=24))
    async with uow_factory() as uow:
        assert await uow.idempotency.put(record) is True
        assert await uow.idempotency.put(record) is False
        await uow.idempotency.finish("key:abc", "h1", 201, b"\x00\xffsealed")
        await uow.commit()
    async with uow_factory() as uow:
        stored = await uow.idempotency.get("key:abc", "h1", now)
        assert stored is not None and stored.status_code == 201 and stored.body == b"\x00\xffsealed"
        assert await uow.idempotency.get("key:abc", "h1", now + timedelta(hours=25)) is None
        # An expired record makes way for a new one with the same key.
        later = now + timedelta(hours=25)
        fresh = StoredResponse("key:abc", "h1", "fp2", 0, b"", later, later + timedelta(days=1))
        assert await uow.idempotency.put(fresh) is True
        await uow.idempotency.release("key:abc", "h1")
        assert await uow.idempotency.get("key:abc", "h1", later) is None
        await uow.commit()


async def test_rate_limit_counter_is_atomic_across_transactions(
    uow_factory: UnitOfWorkFactory, clock: FakeClock
) -> None:
    window = clock.now().replace(second=0, microsecond=0)

    async def hit() -> int:
        async with uow_factory() as uow:
            count = await uow.rate_limits.hit("key:1", window)
            await uow.commit()
            return count

    counts = await asyncio.gather(*(hit() for _ in range(20)))
    assert sorted(counts) == list(range(1, 21))
    async with uow_factory() as uow:
        assert await uow.rate_limits.hit("key:1", window + timedelta(minutes=1)) == 1
        await uow.commit()


async def test_rate_limit_count_reads_a_window_without_counting(
    uow_factory: UnitOfWorkFactory, clock: FakeClock
) -> None:
    window = clock.now().replace(second=0, microsecond=0)
    async with uow_factory() as uow:
        assert await uow.rate_limits.count("authfail:203.0.113.9", window) == 0
        for _ in range(3):
            await uow.rate_limits.hit("authfail:203.0.113.9", window)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.rate_limits.count("authfail:203.0.113.9", window) == 3
        assert await uow.rate_limits.count("authfail:203.0.113.9", window) == 3
        assert await uow.rate_limits.count("authfail:203.0.113.10", window) == 0
        assert await uow.rate_limits.count(
            "authfail:203.0.113.9", window + timedelta(minutes=1)
        ) == 0
