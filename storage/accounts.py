"""Accounts on SQL: accounts with their linked identities and trust aggregates, the one-time
link codes, and programmatic access (API keys, email tokens, webhook endpoints with their
delivery queue, idempotent responses)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import String as SqlString
from sqlalchemy import (
    case,
    cast,
    delete,
    exists,
    func,
    insert,
    literal,
    or_,
    select,
    union_all,
    update,
)

from core.accounts.access import (
    ApiKey,
    DeliveryStatus,
    EmailToken,
    StoredResponse,
    WebhookDelivery,
    WebhookEndpoint,
)
from core.accounts.model import Account, Identity, TrustStats
from core.accounts.ports import LinkCode
from core.orders.model import TERMINAL_STATUSES, OrderStatus
from core.shared.errors import Conflict
from core.shared.ports import Page
from storage import tables as t
from storage.listings import rerank_seller
from storage.mapping import RowMapper
from storage.repository import Conflicts, _Repository
from storage.sql import conflicts_as, upsert_insert

ACCOUNT = RowMapper(Account)
_IDENTITY = RowMapper(Identity)
_LINK_CODE = RowMapper(LinkCode)
_API_KEY = RowMapper(ApiKey)
_EMAIL_TOKEN = RowMapper(EmailToken)
_ENDPOINT = RowMapper(WebhookEndpoint)
_DELIVERY = RowMapper(WebhookDelivery)
_STORED_RESPONSE = RowMapper(StoredResponse)

_ACCOUNT_CONFLICTS: Conflicts = {
    ("username",): lambda: Conflict("That @username is taken; pick another.",
                                    code="account.username_taken"),
    ("email",): lambda: Conflict("An account with that email exists already.",
                                 code="account.email_taken"),
}

_IDENTITY_CONFLICTS: Conflicts = {
    ("identity", "provider"): lambda: Conflict(
        "That identity is linked to an account already.", code="identity.taken"),
}


def _like_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class SqlAccountRepository(_Repository):
    """Accounts, their linked identities and the trust-score aggregates."""

    async def add(self, account: Account) -> Account:
        conn = await self._conn()
        async with conflicts_as(conn, _ACCOUNT_CONFLICTS):
            new_id = await self._insert_id(t.account, ACCOUNT.row(account))
        found = await self.get(new_id)
        assert found is not None
        return found

    async def get(self, account_id: int) -> Account | None:
        row = await self._one(select(t.account).where(t.account.c.id == account_id))
        return ACCOUNT.entity(row) if row else None

    async def get_many(self, account_ids: Sequence[int]) -> dict[int, Account]:
        ids = list(dict.fromkeys(account_ids))
        if not ids:
            return {}
        rows = await self._all(select(t.account).where(t.account.c.id.in_(ids)))
        return {r["id"]: ACCOUNT.entity(r) for r in rows}

    async def update(self, account: Account) -> None:
        conn = await self._conn()
        async with conflicts_as(conn, _ACCOUNT_CONFLICTS):
            await conn.execute(
                update(t.account).where(t.account.c.id == account.id).values(**ACCOUNT.row(account))
            )
        # The offers' browse key holds the seller's trust (storage/listings.py).
        await conn.execute(rerank_seller(account.id, account.trust_score))

    async def by_username(self, username: str) -> Account | None:
        row = await self._one(select(t.account).where(t.account.c.username == username))
        return ACCOUNT.entity(row) if row else None

    async def by_email(self, email: str) -> Account | None:
        row = await self._one(select(t.account).where(t.account.c.email == email))
        return ACCOUNT.entity(row) if row else None

    async def by_identity(self, provider: str, external_id: str) -> Account | None:
        row = await self._one(
            select(t.account)
            .join(t.identity, t.identity.c.account_id == t.account.c.id)
            .where(t.identity.c.provider == provider, t.identity.c.external_id == external_id)
        )
        return ACCOUNT.entity(row) if row else None

    async def add_identity(self, identity: Identity) -> None:
        conn = await self._conn()
        async with conflicts_as(conn, _IDENTITY_CONFLICTS):
            await conn.execute(insert(t.identity).values(**_IDENTITY.row(identity)))

    async def remove_identity(self, provider: str, external_id: str) -> None:
        await (await self._conn()).execute(
            delete(t.identity).where(
                t.identity.c.provider == provider, t.identity.c.external_id == external_id
            )
        )

    async def set_identity_username(
        self, provider: str, external_id: str, username: str | None
    ) -> None:
        i = t.identity
        conn = await self._conn()
        if username is not None:
            await conn.execute(
                update(i)
                .where(i.c.provider == provider, i.c.username == username,
                       i.c.external_id != external_id)
                .values(username=None)
            )
        await conn.execute(
            update(i)
            .where(i.c.provider == provider, i.c.external_id == external_id)
            .values(username=username)
        )

    async def by_platform_username(self, username: str) -> list[tuple[str, Account]]:
        rows = await self._all(
            select(t.identity.c.provider.label("identity_provider"), t.account)
            .join(t.identity, t.identity.c.account_id == t.account.c.id)
            .where(t.identity.c.username == username)
            .order_by(t.identity.c.id)
        )
        found = []
        for r in rows:
            row = dict(r)
            provider = str(row.pop("identity_provider"))
            found.append((provider, ACCOUNT.entity(row)))
        return found

    async def identities(self, account_id: int) -> list[Identity]:
        return (await self.identities_many([account_id])).get(account_id, [])

    async def identities_many(self, account_ids: Sequence[int]) -> dict[int, list[Identity]]:
        ids = list(dict.fromkeys(account_ids))
        if not ids:
            return {}
        rows = await self._all(
            select(t.identity).where(t.identity.c.account_id.in_(ids)).order_by(t.identity.c.id)
        )
        found: dict[int, list[Identity]] = {}
        for r in rows:
            found.setdefault(r["account_id"], []).append(_IDENTITY.entity(r))
        return found

    async def agents_of(self, supervisor_id: int) -> list[Account]:
        rows = await self._all(
            select(t.account)
            .where(t.account.c.supervisor_id == supervisor_id)
            .order_by(t.account.c.id)
        )
        return [ACCOUNT.entity(r) for r in rows]

    async def with_role(self, role: str) -> list[Account]:
        # Roles are a short JSON list of slugs: matching the quoted slug in its text is
        # portable and exact, and the list of privileged accounts is tiny.
        pattern = f'%"{_like_escape(role)}"%'
        rows = await self._all(
            select(t.account)
            .where(cast(t.account.c.roles, SqlString).like(pattern, escape="\\"))
            .order_by(t.account.c.id)
        )
        return [ACCOUNT.entity(r) for r in rows if role in (r["roles"] or ())]

    async def trust_stats(self, account_ids: Sequence[int]) -> dict[int, TrustStats]:
        ids = list(dict.fromkeys(account_ids))
        if not ids:
            return {}
        o, rv, d = t.marketplace_order, t.review, t.dispute
        completed = OrderStatus.COMPLETED.value
        terminal = [s.value for s in TERMINAL_STATUSES]

        def metric(name: str) -> Any:
            return literal(name, SqlString).label("metric")

        ratings = (
            select(rv.c.subject_id.label("account_id"), metric("rating"),
                   func.count().label("a"), func.coalesce(func.sum(rv.c.rating), 0).label("b"))
            .where(rv.c.subject_id.in_(ids), rv.c.revealed_at.is_not(None))
            .group_by(rv.c.subject_id)
        )
        as_seller = (
            select(o.c.seller_id.label("account_id"), metric("seller"),
                   func.sum(case((o.c.status == completed, 1), else_=0)).label("a"),
                   func.sum(case((o.c.status.in_(terminal), 1), else_=0)).label("b"))
            .where(o.c.seller_id.in_(ids))
            .group_by(o.c.seller_id)
        )
        as_buyer = (
            select(o.c.buyer_id.label("account_id"), metric("buyer"),
                   func.count().label("a"), literal(0).label("b"))
            .where(o.c.buyer_id.in_(ids), o.c.status == completed)
            .group_by(o.c.buyer_id)
        )
        disputed_orders = exists().where(d.c.order_id == o.c.id)
        party = union_all(
            select(o.c.seller_id.label("account_id"), o.c.id.label("order_id"))
            .where(o.c.seller_id.in_(ids), disputed_orders),
            select(o.c.buyer_id.label("account_id"), o.c.id.label("order_id"))
            .where(o.c.buyer_id.in_(ids), disputed_orders),
        ).subquery("party")
        disputes = (
            select(party.c.account_id, metric("disputed"),
                   func.count(party.c.order_id.distinct()).label("a"), literal(0).label("b"))
            .group_by(party.c.account_id)
        )
        pairs = (
            select(o.c.seller_id, o.c.buyer_id)
            .where(o.c.seller_id.in_(ids), o.c.status == completed)
            .group_by(o.c.seller_id, o.c.buyer_id)
            .having(func.count() > 1)
            .subquery("pairs")
        )
        repeats = (
            select(pairs.c.seller_id.label("account_id"), metric("repeat"),
                   func.count().label("a"), literal(0).label("b"))
            .group_by(pairs.c.seller_id)
        )
        rows = await self._all(union_all(ratings, as_seller, as_buyer, disputes, repeats))
        acc: dict[int, dict[str, int]] = {i: {} for i in ids}
        for r in rows:
            values = acc[r["account_id"]]
            a, b = int(r["a"] or 0), int(r["b"] or 0)
            match r["metric"]:
                case "rating":
                    values.update(rating_count=a, rating_sum=b)
                case "seller":
                    values.update(completed=a, finished=b)
                case "buyer":
                    values.update(completed_as_buyer=a)
                case "disputed":
                    values.update(disputed=a)
                case "repeat":
                    values.update(repeat_hires=a)
        return {i: TrustStats(account_id=i, **values) for i, values in acc.items()}


class SqlLinkCodeRepository(_Repository):
    """One-time codes that link a second chat platform to an account."""

    async def add(self, code: LinkCode) -> LinkCode:
        row = _LINK_CODE.row(code)
        return _LINK_CODE.entity(row | {"id": await self._insert_id(t.link_code, row)})

    async def by_hash(self, code_hash: str) -> LinkCode | None:
        row = await self._one(select(t.link_code).where(t.link_code.c.code_hash == code_hash))
        return _LINK_CODE.entity(row) if row else None

    async def mark_used(self, code_id: int, now: datetime) -> bool:
        c = t.link_code
        result = await (await self._conn()).execute(
            update(c).where(c.c.id == code_id, c.c.used_at.is_(None)).values(used_at=now)
        )
        return int(result.rowcount) == 1

    async def delete_unused(self, account_id: int) -> int:
        c = t.link_code
        result = await (await self._conn()).execute(
            delete(c).where(c.c.account_id == account_id, c.c.used_at.is_(None))
        )
        return int(result.rowcount)


# ---------------------------------------------------------------- programmatic access


class SqlApiKeyRepository(_Repository):
    async def add(self, key: ApiKey) -> ApiKey:
        row = _API_KEY.row(key)
        return _API_KEY.entity(row | {"id": await self._insert_id(t.api_key, row)})

    async def by_hash(self, key_hash: str) -> ApiKey | None:
        row = await self._one(select(t.api_key).where(t.api_key.c.key_hash == key_hash))
        return _API_KEY.entity(row) if row else None

    async def for_account(self, account_id: int) -> list[ApiKey]:
        rows = await self._all(
            select(t.api_key).where(t.api_key.c.account_id == account_id).order_by(t.api_key.c.id)
        )
        return [_API_KEY.entity(r) for r in rows]

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


class SqlEmailTokenRepository(_Repository):
    async def add(self, token: EmailToken) -> EmailToken:
        row = _EMAIL_TOKEN.row(token)
        return _EMAIL_TOKEN.entity(row | {"id": await self._insert_id(t.email_token, row)})

    async def by_hash(self, token_hash: str) -> EmailToken | None:
        e = t.email_token
        row = await self._one(select(e).where(e.c.token_hash == token_hash))
        return _EMAIL_TOKEN.entity(row) if row else None

    async def mark_used(self, token_id: int, now: datetime) -> bool:
        e = t.email_token
        result = await (await self._conn()).execute(
            update(e).where(e.c.id == token_id, e.c.used_at.is_(None)).values(used_at=now)
        )
        return bool(result.rowcount)


class SqlWebhookRepository(_Repository):
    async def add(self, endpoint: WebhookEndpoint) -> WebhookEndpoint:
        row = _ENDPOINT.row(endpoint)
        return _ENDPOINT.entity(row | {"id": await self._insert_id(t.webhook_endpoint, row)})

    async def get(self, endpoint_id: int) -> WebhookEndpoint | None:
        w = t.webhook_endpoint
        row = await self._one(select(w).where(w.c.id == endpoint_id))
        return _ENDPOINT.entity(row) if row else None

    async def for_account(self, account_id: int) -> list[WebhookEndpoint]:
        w = t.webhook_endpoint
        rows = await self._all(select(w).where(w.c.account_id == account_id).order_by(w.c.id))
        return [_ENDPOINT.entity(r) for r in rows]

    async def enabled_for(self, account_ids: Sequence[int]) -> list[WebhookEndpoint]:
        if not account_ids:
            return []
        w = t.webhook_endpoint
        rows = await self._all(
            select(w)
            .where(w.c.account_id.in_(list(account_ids)), w.c.enabled.is_(True))
            .order_by(w.c.id)
        )
        return [_ENDPOINT.entity(r) for r in rows]

    async def update(self, endpoint: WebhookEndpoint) -> None:
        w = t.webhook_endpoint
        await (await self._conn()).execute(
            update(w).where(w.c.id == endpoint.id).values(**_ENDPOINT.row(endpoint))
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
            .values(**_DELIVERY.row(delivery))
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
        return Page([_DELIVERY.entity(r) for r in rows[:limit]], has_more=len(rows) > limit)

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
        return [_DELIVERY.entity(r) for r in rows]

    async def update_delivery(self, delivery: WebhookDelivery) -> None:
        d = t.webhook_delivery
        outcome = _DELIVERY.row(delivery, without=("id", "endpoint_id", "event_id"))
        await (await self._conn()).execute(
            update(d).where(d.c.id == delivery.id).values(**outcome, locked_until=None)
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
        return _STORED_RESPONSE.entity(row) if row else None

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
            .values(**_STORED_RESPONSE.row(response))
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
