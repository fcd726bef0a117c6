"""Erasing a closed account on SQL (``AccountEraser``): the rows that only identified it go,
the texts it wrote and the payloads still queued lose its personal strings. Orders, reviews,
ledgers and the audit log keep their rows (core.accounts.closing decides what stays)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import String, Table, cast, delete, or_, select, update
from sqlalchemy.sql.elements import ColumnElement

from core.shared.ledger import TxType
from storage import tables as t
from storage.repository import _Repository

#: What an erased personal string becomes inside a text that stays.
ERASED = "[deleted]"
USERNAME_TX = TxType.SPEND_USERNAME.value
USERNAME_MEMO = "Username change"


def _escaped(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _like(value: str) -> str:
    return f"%{_escaped(value)}%"


def _contains_any(column: Any, personal: Sequence[str]) -> ColumnElement[bool]:
    return or_(*(column.like(_like(p), escape="\\") for p in personal))


def scrub(value: Any, personal: Sequence[str]) -> Any:
    """``value`` (text or JSON) with every string of ``personal`` replaced, longest first, so
    an email goes before the name inside it."""
    if isinstance(value, str):
        for word in sorted(personal, key=len, reverse=True):
            value = value.replace(word, ERASED)
        return value
    if isinstance(value, dict):
        return {scrub(k, personal): scrub(v, personal) for k, v in value.items()}
    if isinstance(value, list):
        return [scrub(v, personal) for v in value]
    return value


class SqlAccountEraser(_Repository):
    async def erase_account(self, account_id: int, *, personal: Sequence[str]) -> None:
        conn = await self._conn()
        identities = (
            await conn.execute(
                select(t.identity.c.provider, t.identity.c.external_id).where(
                    t.identity.c.account_id == account_id
                )
            )
        ).all()
        await self._forget_chats(account_id, [e for p, e in identities if p == "telegram"])
        await self._forget_access(account_id)
        # Exports hold a copy of everything about the account: they go with it.
        for table in (t.identity, t.link_code, t.email_token, t.proofer, t.payout_account,
                      t.account_export):
            await conn.execute(delete(table).where(table.c.account_id == account_id))
        # Telegram's payer id is only needed to refund Stars to that user, who is gone.
        await conn.execute(
            update(t.stars_payment)
            .where(t.stars_payment.c.account_id == account_id)
            .values(telegram_user_id=0)
        )
        # Their memos name earlier usernames too, which ``personal`` does not know.
        await conn.execute(
            update(t.ledger_transaction)
            .where(
                t.ledger_transaction.c.account_id == account_id,
                t.ledger_transaction.c.type == USERNAME_TX,
            )
            .values(memo=USERNAME_MEMO)
        )
        if personal:
            await self._scrub_texts(account_id, personal)

    async def _forget_chats(self, account_id: int, telegram_ids: Sequence[str]) -> None:
        conn = await self._conn()
        state = t.conversation_state
        actor = state.c.state["actor_id"].as_integer()
        await conn.execute(delete(state).where(actor == account_id))
        # In a private Telegram chat the chat id is the user id: the relay map keys name it.
        for external_id in telegram_ids:
            await conn.execute(
                delete(state).where(
                    or_(
                        state.c.key == f"telegram:{external_id}",
                        state.c.key.like(
                            _escaped(f"relay:telegram:{external_id}:") + "%", escape="\\"
                        ),
                    )
                )
            )

    async def _forget_access(self, account_id: int) -> None:
        conn = await self._conn()
        key_hashes = (
            await conn.execute(
                select(t.api_key.c.key_hash).where(t.api_key.c.account_id == account_id)
            )
        ).scalars().all()
        # Idempotent responses are stored per key (api.idempotency) and hold the account's data.
        scopes = ["key:" + h[:40] for h in key_hashes]
        if scopes:
            await conn.execute(
                delete(t.idempotency_record).where(t.idempotency_record.c.scope.in_(scopes))
            )
        await conn.execute(delete(t.api_key).where(t.api_key.c.account_id == account_id))
        endpoints = select(t.webhook_endpoint.c.id).where(
            t.webhook_endpoint.c.account_id == account_id
        )
        await conn.execute(
            delete(t.webhook_delivery).where(t.webhook_delivery.c.endpoint_id.in_(endpoints))
        )
        await conn.execute(
            delete(t.webhook_endpoint).where(t.webhook_endpoint.c.account_id == account_id)
        )

    async def _scrub_texts(self, account_id: int, personal: Sequence[str]) -> None:
        owned: list[tuple[Table, str, Any]] = [
            (t.ledger_transaction, "memo", t.ledger_transaction.c.account_id == account_id),
            (t.order_message, "text", t.order_message.c.author_id == account_id),
            (t.delivery, "note", t.delivery.c.author_id == account_id),
            (t.review, "text", t.review.c.author_id == account_id),
            (t.dispute, "reason", t.dispute.c.opened_by == account_id),
            (t.proposal, "message", t.proposal.c.seller_id == account_id),
        ]
        for table, name, mine in owned:
            column = table.c[name]
            await self._scrub(table, column, mine & _contains_any(column, personal), personal)
        # Events still queued (or kept for a while after delivery) may carry a name anywhere.
        for table in (t.outbox_event, t.webhook_delivery):
            column = table.c.payload
            found = _contains_any(cast(column, String), personal)
            await self._scrub(table, column, found, personal)

    async def _scrub(
        self, table: Table, column: Any, where: ColumnElement[bool], personal: Sequence[str]
    ) -> None:
        conn = await self._conn()
        rows = (await conn.execute(select(table.c.id, column).where(where))).all()
        for row_id, value in rows:
            values = {column.name: scrub(value, personal)}
            await conn.execute(update(table).where(table.c.id == row_id).values(values))
