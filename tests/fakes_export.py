"""In-memory fakes of the data export's ports: the reader over a ``FakeUnitOfWork``'s state
(the same selection rules as storage/export.py) and the background exports, kept in
``State.exports`` so they commit and roll back with the rest."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from core.accounts.export_model import AccountExport, AccountRecords, ExportSize, ExportStatus
from core.shared.ledger import CREDITS, payable_account, user_account
from tests.fakes_access import AccessState


class FakeExportReader:
    def __init__(self, uow: Any) -> None:
        self.uow = uow

    @property
    def s(self) -> Any:
        return self.uow.state

    def _order_ids(self, account_id: int) -> set[int]:
        return {
            o.id for o in self.s.orders.values() if account_id in (o.buyer_id, o.seller_id)
        }

    async def size(self, account_id: int) -> ExportSize:
        ids = self._order_ids(account_id)
        return ExportSize(
            orders=len(ids), messages=sum(1 for m in self.s.messages if m.order_id in ids)
        )

    async def load(self, account_id: int) -> AccountRecords | None:
        s = self.s
        account = s.accounts.get(account_id)
        if account is None:
            return None
        access = AccessState(s.access)
        order_ids = self._order_ids(account_id)
        orders = [replace(o) for i, o in sorted(s.orders.items()) if i in order_ids]
        requests = [replace(r) for r in s.requests.values() if r.buyer_id == account_id]
        request_ids = {r.id for r in requests}
        proposals = [
            replace(p) for p in s.proposals.values()
            if p.seller_id == account_id or p.request_id in request_ids
        ]
        messages = [m for m in s.messages if m.order_id in order_ids]
        deliveries = [replace(d) for d in s.deliveries.values() if d.order_id in order_ids]
        offers = [replace(o) for o in s.offers.values() if o.seller_id == account_id]
        escrow = {f"escrow:{i}" for i in order_ids}
        mine = {user_account(account_id), payable_account(account_id)}
        subjects = {f"account:{account_id}"}
        subjects |= {f"offer:{o.id}" for o in offers} | {f"request:{i}" for i in request_ids}
        subjects |= {f"order:{i}" for i in order_ids}
        subjects |= {f"proposal:{p.id}" for p in proposals if p.seller_id == account_id}
        subjects |= {f"message:{m.id}" for m in messages if m.author_id == account_id}
        subjects |= {f"delivery:{d.id}" for d in deliveries if d.author_id == account_id}
        reviews = [replace(v) for v in s.reviews.values() if v.order_id in order_ids]
        audit = [e for e in s.audit if e.subject in subjects]
        records = AccountRecords(
            account=replace(account),
            identities=[i for i in s.identities.values() if i.account_id == account_id],
            api_keys=[k for k in access.api_keys.values() if k.account_id == account_id],
            offers=offers,
            requests=requests,
            proposals=proposals,
            orders=orders,
            order_events=[e for e in s.order_events if e.order_id in order_ids],
            messages=messages,
            deliveries=deliveries,
            reviews=reviews,
            disputes=[replace(d) for d in s.disputes.values() if d.order_id in order_ids],
            credits_balance=s.balances.get((user_account(account_id), CREDITS), 0),
            credit_transactions=[
                t for t in s.transactions
                if t.asset == CREDITS
                and any(e.ledger_account == user_account(account_id) for e in t.entries)
            ],
            money_transactions=[
                t for t in s.transactions
                if t.asset != CREDITS
                and any(e.ledger_account in mine | escrow for e in t.entries)
            ],
            webhooks=[w for w in access.endpoints.values() if w.account_id == account_id],
            audit=audit,
            deposit_address=s.deposit_addresses.get(account_id),
            deposits=[d for d in s.chain_deposits.values() if d.account_id == account_id],
            stars_payments=[p for p in s.stars_payments.values() if p.account_id == account_id],
            proofer=s.proofing["proofers"].get(account_id),
            proof_assignments=[
                a for a in s.proofing["assignments"].values() if a.proofer_id == account_id
            ],
            proof_rounds=[r for r in s.proofing["rounds"].values() if r.order_id in order_ids],
        )
        named = {o.other_party(account_id) for o in orders} | {p.seller_id for p in proposals}
        named |= {v.author_id for v in reviews} | {v.subject_id for v in reviews}
        named |= {e.actor_id for e in audit if e.actor_id is not None}
        if account.supervisor_id:
            named.add(account.supervisor_id)
        named.discard(account_id)
        records.people.update({i: replace(s.accounts[i]) for i in named if i in s.accounts})
        return records


class FakeExports:
    def __init__(self, uow: Any) -> None:
        self.uow = uow

    @property
    def rows(self) -> dict[int, AccountExport]:
        exports: dict[int, AccountExport] = self.uow.state.exports
        return exports

    async def add(self, export: AccountExport) -> AccountExport:
        export = replace(export, id=self.uow.state.new_id())
        self.rows[export.id] = export
        return replace(export)

    async def get(self, export_id: int) -> AccountExport | None:
        found = self.rows.get(export_id)
        return replace(found) if found else None

    async def pending_for(self, account_id: int) -> AccountExport | None:
        waiting = [
            e for e in self.rows.values()
            if e.account_id == account_id and e.status is ExportStatus.PENDING
        ]
        return replace(max(waiting, key=lambda e: e.id)) if waiting else None

    async def update(self, export: AccountExport) -> None:
        self.rows[export.id] = replace(export)
