"""The data export on SQL: everything about one account in a fixed number of queries (each
table once, filtered by the account or by subqueries of its orders and requests — no N+1),
and the exports prepared in the background."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import String, cast, func, literal, or_, select, update
from sqlalchemy.sql.elements import ColumnElement

from core.accounts.access import ApiKey, WebhookEndpoint
from core.accounts.export_model import AccountExport, AccountRecords, ExportSize, ExportStatus
from core.accounts.model import Account, Identity
from core.credits.deposit_model import ChainDeposit, DepositAddress
from core.credits.stars_model import StarsPayment
from core.listings.model import Offer, Proposal, Request
from core.moderation.model import AuditEntry
from core.orders.model import Delivery, Dispute, Order, OrderEvent, OrderMessage, Review
from core.proofing.model import ProofAssignment, ProoferProfile, ProofRound
from core.shared.ledger import (
    CREDITS,
    Entry,
    LedgerTransaction,
    TxType,
    payable_account,
    user_account,
)
from storage import tables as t
from storage.mapping import RowMapper
from storage.repository import _Repository

_ACCOUNT = RowMapper(Account)
_IDENTITY = RowMapper(Identity)
_API_KEY = RowMapper(ApiKey)
_OFFER = RowMapper(Offer)
_REQUEST = RowMapper(Request)
_PROPOSAL = RowMapper(Proposal)
_ORDER = RowMapper(Order)
_ORDER_EVENT = RowMapper(OrderEvent)
_MESSAGE = RowMapper(OrderMessage)
_DELIVERY = RowMapper(Delivery)
_REVIEW = RowMapper(Review)
_DISPUTE = RowMapper(Dispute)
_ENDPOINT = RowMapper(WebhookEndpoint)
_AUDIT = RowMapper(AuditEntry)
_EXPORT = RowMapper(AccountExport)
_ADDRESS = RowMapper(DepositAddress)
_DEPOSIT = RowMapper(ChainDeposit, encoders={"amount": str})
_STARS = RowMapper(StarsPayment)
_PROOFER = RowMapper(ProoferProfile)
_ASSIGNMENT = RowMapper(ProofAssignment)
_ROUND = RowMapper(ProofRound)


def _refs(prefix: str, ids: Any) -> Any:
    """``'<prefix>:' || id`` for each id of the subquery ``ids`` (audit subjects, escrow
    ledger accounts), the same SQL on SQLite and PostgreSQL."""
    sub = ids.subquery()
    return select(literal(f"{prefix}:") + cast(next(iter(sub.c)), String))


class SqlAccountExportReader(_Repository):
    async def size(self, account_id: int) -> ExportSize:
        o, m = t.marketplace_order, t.order_message
        conn = await self._conn()
        orders = (
            await conn.execute(
                select(func.count()).select_from(o).where(self._party(account_id))
            )
        ).scalar_one()
        messages = (
            await conn.execute(
                select(func.count())
                .select_from(m)
                .where(m.c.order_id.in_(self._order_ids(account_id)))
            )
        ).scalar_one()
        return ExportSize(orders=int(orders), messages=int(messages))

    @staticmethod
    def _party(account_id: int) -> ColumnElement[bool]:
        o = t.marketplace_order
        return or_(o.c.buyer_id == account_id, o.c.seller_id == account_id)

    def _order_ids(self, account_id: int) -> Any:
        return select(t.marketplace_order.c.id).where(self._party(account_id))

    async def _rows(self, stmt: Any, mapper: RowMapper[Any]) -> list[Any]:
        return [mapper.entity(row) for row in await self._all(stmt)]

    async def load(self, account_id: int) -> AccountRecords | None:
        row = await self._one(select(t.account).where(t.account.c.id == account_id))
        if row is None:
            return None
        account = _ACCOUNT.entity(row)
        order_ids = self._order_ids(account_id)
        request_ids = select(t.request.c.id).where(t.request.c.buyer_id == account_id)
        o, p = t.marketplace_order, t.proposal
        orders: list[Order] = await self._rows(
            select(o).where(self._party(account_id)).order_by(o.c.id), _ORDER
        )
        proposals: list[Proposal] = await self._rows(
            select(p)
            .where(or_(p.c.seller_id == account_id, p.c.request_id.in_(request_ids)))
            .order_by(p.c.id),
            _PROPOSAL,
        )

        def of_orders(table: Any) -> Any:
            return select(table).where(table.c.order_id.in_(order_ids)).order_by(table.c.id)

        reviews: list[Review] = await self._rows(of_orders(t.review), _REVIEW)
        audit = await self._audit(account_id, order_ids, request_ids)
        records = AccountRecords(
            account=account,
            identities=await self._rows(
                select(t.identity).where(t.identity.c.account_id == account_id)
                .order_by(t.identity.c.id),
                _IDENTITY,
            ),
            api_keys=await self._rows(
                select(t.api_key).where(t.api_key.c.account_id == account_id)
                .order_by(t.api_key.c.id),
                _API_KEY,
            ),
            offers=await self._rows(
                select(t.offer).where(t.offer.c.seller_id == account_id).order_by(t.offer.c.id),
                _OFFER,
            ),
            requests=await self._rows(
                select(t.request).where(t.request.c.buyer_id == account_id)
                .order_by(t.request.c.id),
                _REQUEST,
            ),
            proposals=proposals,
            orders=orders,
            order_events=await self._rows(of_orders(t.order_event), _ORDER_EVENT),
            messages=await self._rows(of_orders(t.order_message), _MESSAGE),
            deliveries=await self._rows(of_orders(t.delivery), _DELIVERY),
            reviews=reviews,
            disputes=await self._rows(of_orders(t.dispute), _DISPUTE),
            credits_balance=await self._credits_balance(account_id),
            credit_transactions=await self._transactions(
                t.ledger_entry.c.ledger_account == user_account(account_id),
                t.ledger_transaction.c.asset == CREDITS,
            ),
            money_transactions=await self._transactions(
                or_(
                    t.ledger_entry.c.ledger_account.in_(
                        [user_account(account_id), payable_account(account_id)]
                    ),
                    t.ledger_entry.c.ledger_account.in_(_refs("escrow", order_ids)),
                ),
                t.ledger_transaction.c.asset != CREDITS,
            ),
            webhooks=await self._rows(
                select(t.webhook_endpoint)
                .where(t.webhook_endpoint.c.account_id == account_id)
                .order_by(t.webhook_endpoint.c.id),
                _ENDPOINT,
            ),
            audit=audit,
            deposit_address=next(iter(await self._rows(
                select(t.deposit_address).where(t.deposit_address.c.account_id == account_id),
                _ADDRESS,
            )), None),
            deposits=await self._rows(
                select(t.chain_deposit).where(t.chain_deposit.c.account_id == account_id)
                .order_by(t.chain_deposit.c.id),
                _DEPOSIT,
            ),
            stars_payments=await self._rows(
                select(t.stars_payment).where(t.stars_payment.c.account_id == account_id)
                .order_by(t.stars_payment.c.id),
                _STARS,
            ),
            proofer=next(iter(await self._rows(
                select(t.proofer).where(t.proofer.c.account_id == account_id), _PROOFER
            )), None),
            proof_assignments=await self._rows(
                select(t.proof_assignment)
                .where(t.proof_assignment.c.proofer_id == account_id)
                .order_by(t.proof_assignment.c.id),
                _ASSIGNMENT,
            ),
            proof_rounds=await self._rows(of_orders(t.proof_round), _ROUND),
        )
        named = {
            *(x.other_party(account_id) for x in orders),
            *(x.seller_id for x in proposals),
            *(v.author_id for v in reviews),
            *(v.subject_id for v in reviews),
            *(e.actor_id for e in audit if e.actor_id is not None),
        }
        if account.supervisor_id:
            named.add(account.supervisor_id)
        named.discard(account_id)
        records.people.update(await self._people(sorted(named)))
        return records

    async def _people(self, ids: Sequence[int]) -> dict[int, Account]:
        if not ids:
            return {}
        rows = await self._all(select(t.account).where(t.account.c.id.in_(ids)))
        return {a.id: a for a in (_ACCOUNT.entity(r) for r in rows)}

    async def _credits_balance(self, account_id: int) -> int:
        b = t.ledger_balance
        row = await self._one(
            select(b.c.balance).where(
                b.c.ledger_account == user_account(account_id), b.c.asset == CREDITS
            )
        )
        return int(row["balance"]) if row else 0

    async def _transactions(self, *where: Any) -> list[LedgerTransaction]:
        tx, entry = t.ledger_transaction, t.ledger_entry
        ids = (
            select(entry.c.transaction_id)
            .join(tx, tx.c.id == entry.c.transaction_id)
            .where(*where)
        )
        rows = await self._all(select(tx).where(tx.c.id.in_(ids)).order_by(tx.c.id))
        if not rows:
            return []
        entries: dict[int, list[Entry]] = defaultdict(list)
        for e in await self._all(
            select(entry).where(entry.c.transaction_id.in_(ids)).order_by(entry.c.id)
        ):
            entries[e["transaction_id"]].append(Entry(e["ledger_account"], int(e["amount"])))
        return [
            LedgerTransaction(
                type=TxType(r["type"]),
                asset=r["asset"],
                idempotency_key=r["idempotency_key"],
                entries=tuple(entries[r["id"]]),
                memo=r["memo"],
                account_id=r["account_id"],
                actor_id=r["actor_id"],
                created_at=r["created_at"],
                reference=r["reference"],
                id=r["id"],
            )
            for r in rows
        ]

    async def _audit(self, account_id: int, order_ids: Any, request_ids: Any) -> list[AuditEntry]:
        a = t.audit_entry
        mine: list[tuple[str, Any]] = [
            ("offer", select(t.offer.c.id).where(t.offer.c.seller_id == account_id)),
            ("request", request_ids),
            ("proposal", select(t.proposal.c.id).where(t.proposal.c.seller_id == account_id)),
            ("order", order_ids),
            (
                "message",
                select(t.order_message.c.id).where(t.order_message.c.author_id == account_id),
            ),
            ("delivery", select(t.delivery.c.id).where(t.delivery.c.author_id == account_id)),
        ]
        about = or_(
            a.c.subject == f"account:{account_id}",
            *(a.c.subject.in_(_refs(prefix, ids)) for prefix, ids in mine),
        )
        return await self._rows(select(a).where(about).order_by(a.c.id), _AUDIT)


class SqlAccountExportRepository(_Repository):
    async def add(self, export: AccountExport) -> AccountExport:
        new_id = await self._insert_id(t.account_export, _EXPORT.row(export))
        found = await self.get(new_id)
        assert found is not None
        return found

    async def get(self, export_id: int) -> AccountExport | None:
        row = await self._one(select(t.account_export).where(t.account_export.c.id == export_id))
        return _EXPORT.entity(row) if row else None

    async def pending_for(self, account_id: int) -> AccountExport | None:
        e = t.account_export
        row = await self._one(
            select(e)
            .where(e.c.account_id == account_id, e.c.status == ExportStatus.PENDING.value)
            .order_by(e.c.id.desc())
            .limit(1)
        )
        return _EXPORT.entity(row) if row else None

    async def update(self, export: AccountExport) -> None:
        e = t.account_export
        await (await self._conn()).execute(
            update(e).where(e.c.id == export.id).values(**_EXPORT.row(export))
        )
