"""In-memory fakes of the programmatic-access ports (API keys, email tokens, webhooks,
idempotency, rate limits). Their state lives in ``State.access`` of tests/fakes.py, so it
commits and rolls back with the rest of a ``FakeUnitOfWork``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from core.accounts.access import (
    ApiKey,
    DeliveryStatus,
    EmailToken,
    StoredResponse,
    WebhookDelivery,
    WebhookEndpoint,
)
from core.shared.ports import Page


class AccessState:
    """A typed view of ``State.access``: a plain dict of dicts, so both a deepcopy and the
    store's field-by-field clone copy it (a nested dataclass would be shared)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    @staticmethod
    def empty() -> dict[str, Any]:
        return {
            "next_id": 0,
            "api_keys": {},
            "email_tokens": {},
            "endpoints": {},
            "deliveries": {},
            "leases": {},
            "idempotency": {},
            "counters": {},
        }

    def new_id(self) -> int:
        self.data["next_id"] += 1
        value: int = self.data["next_id"]
        return value

    @property
    def api_keys(self) -> dict[int, ApiKey]:
        return self.data["api_keys"]  # type: ignore[no-any-return]

    @property
    def email_tokens(self) -> dict[int, EmailToken]:
        return self.data["email_tokens"]  # type: ignore[no-any-return]

    @property
    def endpoints(self) -> dict[int, WebhookEndpoint]:
        return self.data["endpoints"]  # type: ignore[no-any-return]

    @property
    def deliveries(self) -> dict[int, WebhookDelivery]:
        return self.data["deliveries"]  # type: ignore[no-any-return]

    @property
    def leases(self) -> dict[int, datetime]:
        return self.data["leases"]  # type: ignore[no-any-return]

    @property
    def idempotency(self) -> dict[tuple[str, str], StoredResponse]:
        return self.data["idempotency"]  # type: ignore[no-any-return]

    @property
    def counters(self) -> dict[tuple[str, datetime], int]:
        return self.data["counters"]  # type: ignore[no-any-return]


class _AccessRepo:
    def __init__(self, uow: Any) -> None:
        self.uow = uow

    @property
    def a(self) -> AccessState:
        return AccessState(self.uow.state.access)


class FakeApiKeys(_AccessRepo):
    async def add(self, key: ApiKey) -> ApiKey:
        key = replace(key, id=self.a.new_id())
        self.a.api_keys[key.id] = key
        return key

    async def by_hash(self, key_hash: str) -> ApiKey | None:
        return next((k for k in self.a.api_keys.values() if k.key_hash == key_hash), None)

    async def for_account(self, account_id: int) -> list[ApiKey]:
        return [k for k in self.a.api_keys.values() if k.account_id == account_id]

    async def revoke(self, key_id: int, now: datetime) -> None:
        key = self.a.api_keys.get(key_id)
        if key is not None and key.revoked_at is None:
            self.a.api_keys[key_id] = replace(key, revoked_at=now)

    async def revoke_all(self, account_id: int, now: datetime) -> int:
        ids = [k.id for k in await self.for_account(account_id) if k.revoked_at is None]
        for key_id in ids:
            await self.revoke(key_id, now)
        return len(ids)

    async def touch(self, key_id: int, now: datetime) -> None:
        if key_id in self.a.api_keys:
            self.a.api_keys[key_id] = replace(self.a.api_keys[key_id], last_used_at=now)


class FakeEmailTokens(_AccessRepo):
    async def add(self, token: EmailToken) -> EmailToken:
        token = replace(token, id=self.a.new_id())
        self.a.email_tokens[token.id] = token
        return token

    async def by_hash(self, token_hash: str) -> EmailToken | None:
        return next((t for t in self.a.email_tokens.values() if t.token_hash == token_hash), None)

    async def mark_used(self, token_id: int, now: datetime) -> bool:
        token = self.a.email_tokens.get(token_id)
        if token is None or token.used_at is not None:
            return False
        self.a.email_tokens[token_id] = replace(token, used_at=now)
        return True


class FakeWebhooks(_AccessRepo):
    async def add(self, endpoint: WebhookEndpoint) -> WebhookEndpoint:
        endpoint = replace(endpoint, id=self.a.new_id())
        self.a.endpoints[endpoint.id] = endpoint
        return endpoint

    async def get(self, endpoint_id: int) -> WebhookEndpoint | None:
        return self.a.endpoints.get(endpoint_id)

    async def for_account(self, account_id: int) -> list[WebhookEndpoint]:
        return [e for e in self.a.endpoints.values() if e.account_id == account_id]

    async def enabled_for(self, account_ids: Sequence[int]) -> list[WebhookEndpoint]:
        return [e for e in self.a.endpoints.values() if e.account_id in account_ids and e.enabled]

    async def update(self, endpoint: WebhookEndpoint) -> None:
        self.a.endpoints[endpoint.id] = endpoint

    async def delete(self, endpoint_id: int) -> None:
        self.a.endpoints.pop(endpoint_id, None)
        for d in [d for d in self.a.deliveries.values() if d.endpoint_id == endpoint_id]:
            del self.a.deliveries[d.id]

    async def add_delivery(self, delivery: WebhookDelivery) -> bool:
        if any(
            d.endpoint_id == delivery.endpoint_id and d.event_id == delivery.event_id
            for d in self.a.deliveries.values()
        ):
            return False
        delivery = replace(delivery, id=self.a.new_id())
        self.a.deliveries[delivery.id] = delivery
        return True

    async def deliveries(
        self, endpoint_id: int, *, limit: int = 20, starting_after: int | None = None
    ) -> Page[WebhookDelivery]:
        items = sorted(
            (
                d
                for d in self.a.deliveries.values()
                if d.endpoint_id == endpoint_id
                and (starting_after is None or d.id < starting_after)
            ),
            key=lambda d: d.id,
            reverse=True,
        )
        return Page(items[:limit], len(items) > limit)

    async def claim_due(
        self, now: datetime, *, limit: int, lease_until: datetime
    ) -> list[WebhookDelivery]:
        due = sorted(
            (
                d
                for d in self.a.deliveries.values()
                if d.status is DeliveryStatus.PENDING
                and d.next_attempt_at <= now
                and self.a.leases.get(d.id, now) <= now
                and (e := self.a.endpoints.get(d.endpoint_id)) is not None
                and e.enabled
            ),
            key=lambda d: (d.next_attempt_at, d.id),
        )[:limit]
        for d in due:
            self.a.leases[d.id] = lease_until
        return due

    async def update_delivery(self, delivery: WebhookDelivery) -> None:
        self.a.deliveries[delivery.id] = delivery
        self.a.leases.pop(delivery.id, None)

    async def fail_pending(self, endpoint_id: int, reason: str, now: datetime) -> int:
        pending = [
            d
            for d in self.a.deliveries.values()
            if d.endpoint_id == endpoint_id and d.status is DeliveryStatus.PENDING
        ]
        for d in pending:
            self.a.deliveries[d.id] = replace(d, status=DeliveryStatus.FAILED, last_error=reason)
        return len(pending)


class FakeIdempotency(_AccessRepo):
    async def get(self, scope: str, key_hash: str, now: datetime) -> StoredResponse | None:
        found = self.a.idempotency.get((scope, key_hash))
        return found if found is not None and found.expires_at > now else None

    async def put(self, response: StoredResponse) -> bool:
        key = (response.scope, response.key_hash)
        existing = self.a.idempotency.get(key)
        if existing is not None and existing.expires_at > response.created_at:
            return False
        self.a.idempotency[key] = response
        return True

    async def finish(self, scope: str, key_hash: str, status_code: int, body: bytes) -> None:
        found = self.a.idempotency.get((scope, key_hash))
        if found is not None:
            self.a.idempotency[(scope, key_hash)] = replace(
                found, status_code=status_code, body=body
            )

    async def release(self, scope: str, key_hash: str) -> None:
        self.a.idempotency.pop((scope, key_hash), None)


class FakeRateLimits(_AccessRepo):
    async def hit(self, bucket: str, window_start: datetime) -> int:
        key = (bucket, window_start)
        self.a.counters[key] = self.a.counters.get(key, 0) + 1
        return self.a.counters[key]

    async def count(self, bucket: str, window_start: datetime) -> int:
        return self.a.counters.get((bucket, window_start), 0)
