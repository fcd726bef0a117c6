"""SQL repositories of programmatic access: API keys, email tokens, webhook endpoints and
their delivery queue, idempotent responses and rate-limit counters (core.ports)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, or_, select, update

from core.access import (
    ApiKey,
    ApiScope,
    DeliveryStatus,
    EmailToken,
    StoredResponse,
    WebhookDelivery,
    WebhookEndpoint,
)
from core.ports import Page
from storage import tables as t
from storage.repositories import RowLike, _Repository
from storage.sql import upsert_insert


def _api_key(r: RowLike) -> ApiKey:
    return ApiKey(
        id=r["id"],
        account_id=r["account_id"],
        key_hash=r["key_hash"],
        prefix=r["prefix"],
        scopes=frozenset(ApiScope(s) for s in r["scopes"]),
        created_at=r["created_at"],
        revoked_at=r["revoked_at"],
        last_used_at=r["last_used_at"],
    )


class SqlApiKeyRepository(_Repository):
    async def add(self, key: ApiKey) -> ApiKey:
        new_id = await self._insert_id(
            t.api_key,
            {
                "account_id": key.account_id,
                "key_hash": key.key_hash,
                "prefix": key.prefix,
                "scopes": sorted(s.value for s in key.scopes),
                "created_at": key.created_at,
                "revoked_at": key.revoked_at,
                "last_used_at": key.last_used_at,
            },
        )
        return ApiKey(**{**key.__dict__, "id": new_id})

    async def by_hash(self, key_hash: str) -> ApiKey | None:
        row = await self._one(select(t.api_key).where(t.api_key.c.key_hash == key_hash))
        return _api_key(row) if row else None

    async def for_account(self, account_id: int) -> list[ApiKey]:
        rows = await self._all(
            select(t.api_key).where(t.api_key.c.account_id == account_id).order_by(t.api_key.c.id)
        )
        return [_api_key(r) for r in rows]

    async def revoke(self, key_id: int, now: datetime) -> None:
        k = t.api_key
        await (await self._conn()).execute(
            update(k).where(k.c.id == key_id, k.c.revoked_at.is_(None)).values(revoked_at=now)
        )

    async def revoke_all(self, account_id: int, now: datetime) -> int:
        k = t.api_key
        result = await (await self._conn()).execute(
            update(k)
            .where(k.c.account_id == account_id, k.c.revoked_at.is_(None))
            .values(revoked_at=now)
        )
        return int(result.rowcount)

    async def touch(self, key_id: int, now: datetime) -> None:
        k = t.api_key
        await (await self._conn()).execute(
            update(k).where(k.c.id == key_id).values(last_used_at=now)
        )


def _email_token(r: RowLike) -> EmailToken:
    return EmailToken(
        id=r["id"],
        account_id=r["account_id"],
        email=r["email"],
        token_hash=r["token_hash"],
        created_at=r["created_at"],
        expires_at=r["expires_at"],
        used_at=r["used_at"],
    )


class SqlEmailTokenRepository(_Repository):
    async def add(self, token: EmailToken) -> EmailToken:
        new_id = await self._insert_id(
            t.email_token,
            {k: v for k, v in token.__dict__.items() if k != "id"},
        )
        return EmailToken(**{**token.__dict__, "id": new_id})

    async def by_hash(self, token_hash: str) -> EmailToken | None:
        e = t.email_token
        row = await self._one(select(e).where(e.c.token_hash == token_hash))
        return _email_token(row) if row else None

    async def mark_used(self, token_id: int, now: datetime) -> bool:
        e = t.email_token
        result = await (await self._conn()).execute(
            update(e).where(e.c.id == token_id, e.c.used_at.is_(None)).values(used_at=now)
        )
        return bool(result.rowcount)


def _endpoint(r: RowLike) -> WebhookEndpoint:
    return WebhookEndpoint(
        id=r["id"],
        account_id=r["account_id"],
        url=r["url"],
        events=frozenset(r["events"]),
        secret=r["secret"],
        enabled=bool(r["enabled"]),
        created_at=r["created_at"],
        disabled_reason=r["disabled_reason"],
    )


def _endpoint_row(e: WebhookEndpoint) -> dict[str, Any]:
    return {
        "account_id": e.account_id,
        "url": e.url,
        "events": sorted(e.events),
        "secret": e.secret,
        "enabled": e.enabled,
        "created_at": e.created_at,
        "disabled_reason": e.disabled_reason,
    }


def _delivery(r: RowLike) -> WebhookDelivery:
    return WebhookDelivery(
        id=r["id"],
        endpoint_id=r["endpoint_id"],
        event_id=r["event_id"],
        event_type=r["event_type"],
        payload=dict(r["payload"]),
        status=DeliveryStatus(r["status"]),
        attempts=r["attempts"],
        created_at=r["created_at"],
        next_attempt_at=r["next_attempt_at"],
        last_attempt_at=r["last_attempt_at"],
        response_code=r["response_code"],
        last_error=r["last_error"],
        delivered_at=r["delivered_at"],
    )


class SqlWebhookRepository(_Repository):
    async def add(self, endpoint: WebhookEndpoint) -> WebhookEndpoint:
        new_id = await self._insert_id(t.webhook_endpoint, _endpoint_row(endpoint))
        return WebhookEndpoint(**{**endpoint.__dict__, "id": new_id})

    async def get(self, endpoint_id: int) -> WebhookEndpoint | None:
        w = t.webhook_endpoint
        row = await self._one(select(w).where(w.c.id == endpoint_id))
        return _endpoint(row) if row else None

    async def for_account(self, account_id: int) -> list[WebhookEndpoint]:
        w = t.webhook_endpoint
        rows = await self._all(select(w).where(w.c.account_id == account_id).order_by(w.c.id))
        return [_endpoint(r) for r in rows]

    async def enabled_for(self, account_ids: Sequence[int]) -> list[WebhookEndpoint]:
        if not account_ids:
            return []
        w = t.webhook_endpoint
        rows = await self._all(
            select(w)
            .where(w.c.account_id.in_(list(account_ids)), w.c.enabled.is_(True))
            .order_by(w.c.id)
        )
        return [_endpoint(r) for r in rows]

    async def update(self, endpoint: WebhookEndpoint) -> None:
        w = t.webhook_endpoint
        await (await self._conn()).execute(
            update(w).where(w.c.id == endpoint.id).values(**_endpoint_row(endpoint))
        )

    async def delete(self, endpoint_id: int) -> None:
        conn = await self._conn()
        # Explicit, so it does not depend on the database enforcing ON DELETE CASCADE.
        await conn.execute(
            delete(t.webhook_delivery).where(t.webhook_delivery.c.endpoint_id == endpoint_id)
        )
        await conn.execute(delete(t.webhook_endpoint).where(t.webhook_endpoint.c.id == endpoint_id))

    async def add_delivery(self, delivery: WebhookDelivery) -> bool:
        d = t.webhook_delivery
        stmt = (
            upsert_insert(self._tx.dialect, d)
            .values(
                endpoint_id=delivery.endpoint_id,
                event_id=delivery.event_id,
                event_type=delivery.event_type,
                payload=delivery.payload,
                status=delivery.status.value,
                attempts=delivery.attempts,
                created_at=delivery.created_at,
                next_attempt_at=delivery.next_attempt_at,
            )
            .on_conflict_do_nothing(index_elements=[d.c.endpoint_id, d.c.event_id])
            .returning(d.c.id)
        )
        result = await (await self._conn()).execute(stmt)
        return result.first() is not None

    async def deliveries(
        self, endpoint_id: int, *, limit: int = 20, starting_after: int | None = None
    ) -> Page[WebhookDelivery]:
        d = t.webhook_delivery
        stmt = select(d).where(d.c.endpoint_id == endpoint_id)
        if starting_after is not None:
            stmt = stmt.where(d.c.id < starting_after)
        rows = await self._all(stmt.order_by(d.c.id.desc()).limit(limit + 1))
        return Page([_delivery(r) for r in rows[:limit]], has_more=len(rows) > limit)

    async def claim_due(
        self, now: datetime, *, limit: int, lease_until: datetime
    ) -> list[WebhookDelivery]:
        d, w = t.webhook_delivery, t.webhook_endpoint
        stmt = (
            select(d)
            .join(w, w.c.id == d.c.endpoint_id)
            .where(
                d.c.status == DeliveryStatus.PENDING.value,
                d.c.next_attempt_at <= now,
                or_(d.c.locked_until.is_(None), d.c.locked_until <= now),
                w.c.enabled.is_(True),
            )
            .order_by(d.c.next_attempt_at, d.c.id)
            .limit(limit)
        )
        if self._tx.dialect == "postgresql":
            stmt = stmt.with_for_update(skip_locked=True, of=d)
        rows = await self._all(stmt)
        if not rows:
            return []
        ids = [r["id"] for r in rows]
        await (await self._conn()).execute(
            update(d).where(d.c.id.in_(ids)).values(locked_until=lease_until)
        )
        return [_delivery(r) for r in rows]

    async def update_delivery(self, delivery: WebhookDelivery) -> None:
        d = t.webhook_delivery
        await (await self._conn()).execute(
            update(d)
            .where(d.c.id == delivery.id)
            .values(
                status=delivery.status.value,
                attempts=delivery.attempts,
                next_attempt_at=delivery.next_attempt_at,
                locked_until=None,
                last_attempt_at=delivery.last_attempt_at,
                response_code=delivery.response_code,
                last_error=delivery.last_error,
                delivered_at=delivery.delivered_at,
            )
        )

    async def fail_pending(self, endpoint_id: int, reason: str, now: datetime) -> int:
        d = t.webhook_delivery
        result = await (await self._conn()).execute(
            update(d)
            .where(d.c.endpoint_id == endpoint_id, d.c.status == DeliveryStatus.PENDING.value)
            .values(status=DeliveryStatus.FAILED.value, last_error=reason, locked_until=None)
        )
        return int(result.rowcount)


class SqlIdempotencyRepository(_Repository):
    async def get(self, scope: str, key_hash: str, now: datetime) -> StoredResponse | None:
        i = t.idempotency_record
        row = await self._one(
            select(i).where(i.c.scope == scope, i.c.key_hash == key_hash, i.c.expires_at > now)
        )
        if row is None:
            return None
        return StoredResponse(
            scope=row["scope"],
            key_hash=row["key_hash"],
            fingerprint=row["fingerprint"],
            status_code=row["status_code"],
            body=bytes(row["body"]),
            created_at=row["created_at"],
            expires_at=row["expires_at"],
        )

    async def put(self, response: StoredResponse) -> bool:
        i = t.idempotency_record
        conn = await self._conn()
        # An expired record with the same key makes way for the new one.
        await conn.execute(
            delete(i).where(
                i.c.scope == response.scope,
                i.c.key_hash == response.key_hash,
                i.c.expires_at <= response.created_at,
            )
        )
        stmt = (
            upsert_insert(self._tx.dialect, i)
            .values(**response.__dict__)
            .on_conflict_do_nothing(index_elements=[i.c.scope, i.c.key_hash])
            .returning(i.c.scope)
        )
        return (await conn.execute(stmt)).first() is not None

    async def finish(self, scope: str, key_hash: str, status_code: int, body: bytes) -> None:
        i = t.idempotency_record
        await (await self._conn()).execute(
            update(i)
            .where(i.c.scope == scope, i.c.key_hash == key_hash)
            .values(status_code=status_code, body=body)
        )

    async def release(self, scope: str, key_hash: str) -> None:
        i = t.idempotency_record
        await (await self._conn()).execute(
            delete(i).where(i.c.scope == scope, i.c.key_hash == key_hash)
        )

    async def purge(self, now: datetime) -> int:
        i = t.idempotency_record
        result = await (await self._conn()).execute(delete(i).where(i.c.expires_at <= now))
        return int(result.rowcount)


class SqlRateLimitStore(_Repository):
    async def hit(self, bucket: str, window_start: datetime) -> int:
        r = t.rate_limit_counter
        insert = upsert_insert(self._tx.dialect, r).values(
            bucket=bucket, window_start=window_start, count=1
        )
        stmt = insert.on_conflict_do_update(
            index_elements=[r.c.bucket, r.c.window_start],
            set_={"count": r.c.count + 1},
        ).returning(r.c.count)
        result = await (await self._conn()).execute(stmt)
        return int(result.scalar_one())

    async def purge(self, before: datetime) -> int:
        r = t.rate_limit_counter
        result = await (await self._conn()).execute(delete(r).where(r.c.window_start < before))
        return int(result.rowcount)
