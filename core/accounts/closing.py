"""Closing an account at its owner's request (issue 18, part 2): what would block it, and the
deletion itself — one unit of work that leaves a tombstone for the records others need.

Blocking states, in the order they are reported: a ban (a moderator hold), open orders, open
disputes, money held in escrow, queued payouts or refunds, money owed and not yet paid out,
money in the wallet, proofing assignments still due, and any of these on an agent the account
supervises. Pending proposals and listings do not block: the deletion withdraws and removes
them. The remaining credits are forfeited (credits are never moved to anyone).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from core.accounts import actors
from core.accounts.model import (
    DELETED_NAME,
    Account,
    AccountStatus,
    VerificationStatus,
)
from core.escrow.model import JobKind, JobStatus
from core.listings.kinds import OFFERS, REQUESTS
from core.listings.model import (
    Offer,
    OfferStatus,
    ProposalStatus,
    Request,
    RequestStatus,
)
from core.listings.proposals import end_bidding
from core.moderation.model import AuditEntry
from core.orders.model import Order, OrderStatus, PaymentMode
from core.proofing.model import AssignmentStatus
from core.shared import events as ev
from core.shared import ledger
from core.shared.context import Context
from core.shared.errors import Conflict, ErrorCode, MarketplaceError, NotFound
from core.shared.events import DomainEvent
from core.shared.ledger import CREDITS, TxType
from core.shared.money import plain_amount
from core.shared.uow import UnitOfWork

BANNED = ErrorCode(
    "account.deletion_banned",
    "A banned account cannot close itself: ask the moderators to review the ban first.",
)
OPEN_ORDERS = ErrorCode(
    "account.deletion_open_orders",
    "Orders {orders} are still open: finish, cancel or hand them over first (/orders), "
    "then close the account.",
)
OPEN_DISPUTES = ErrorCode(
    "account.deletion_open_disputes",
    "Orders {orders} have an open dispute: wait for the moderators' ruling, then close the "
    "account.",
)
ESCROW_HELD = ErrorCode(
    "account.deletion_escrow_held",
    "Orders {orders} still hold money in escrow: wait until it is released or refunded.",
)
PAYMENT_QUEUED = ErrorCode(
    "account.deletion_payment_queued",
    "A payout or refund of orders {orders} is still queued: wait until it has been sent.",
)
PAYOUT_PENDING = ErrorCode(
    "account.deletion_payout_pending",
    "{amount} owed to you has not been paid out yet: finish payout setup (/payouts) and wait "
    "for the transfer.",
)
WALLET_MONEY = ErrorCode(
    "account.deletion_wallet_money",
    "Your wallet holds {amount}: spend it on an order or ask the moderators to refund it first.",
)
PROOFING_DUE = ErrorCode(
    "account.deletion_proofing_due",
    "You are a proofer on orders {orders}: submit those scorecards first (/proofs).",
)
AGENT_BUSY = ErrorCode(
    "account.deletion_agent_busy",
    "Your agent #{agent_id} is closed with your account, and it cannot be yet: {work}",
)
UNCONFIRMED = ErrorCode(
    "account.deletion_unconfirmed",
    "Closing an account cannot be undone: confirm it explicitly (DELETE /api/me?confirm=true).",
)

#: A listing of a closed account keeps its row (orders point at it) but none of its text.
REMOVED_TITLE = "Removed listing"

@dataclass(frozen=True)
class DeletionBlocker:
    """One reason the account cannot be closed now, with the orders it concerns."""

    reason: ErrorCode
    order_ids: tuple[int, ...] = ()
    #: The agent this concerns, when it is one of the account's agents, and the reason it
    #: has of its own (``reason`` is then ``AGENT_BUSY``).
    agent_id: int | None = None
    agent_reason: ErrorCode | None = None
    #: Money amounts, in minor units, for the wallet and payout reasons.
    amount_cents: int = 0
    currency: str = ""

    @property
    def code(self) -> str:
        return self.reason.code

    @property
    def own_params(self) -> dict[str, object]:
        """The parameters of the reason itself (an agent's own reason for ``AGENT_BUSY``)."""
        params: dict[str, object] = {"orders": ", ".join(f"#{i}" for i in self.order_ids)}
        if self.currency:
            params["amount"] = _amount(self.amount_cents, self.currency)
        return params

    @property
    def params(self) -> dict[str, object]:
        if self.agent_reason is None:
            return self.own_params
        work = self.agent_reason.format(self.own_params)
        return {"agent_id": self.agent_id, "work": work}

    @property
    def message(self) -> str:
        return self.reason.format(self.params)


@dataclass(frozen=True)
class DeletionCheck:
    """What closing ``account`` would do now, or what stops it."""

    account: Account
    blockers: tuple[DeletionBlocker, ...]
    #: Credits of the account and its agents that the deletion forfeits.
    credits: int
    #: Listings (offers and requests) it removes, and pending proposals it withdraws.
    listings: int
    proposals: int
    agents: tuple[Account, ...]
    #: The platforms and email that stop being linked (``telegram``, ``discord``, ``email``).
    providers: tuple[str, ...]

    @property
    def allowed(self) -> bool:
        return not self.blockers


@dataclass(frozen=True)
class DeletionResult:
    account_id: int
    forfeited: int
    closed_agents: tuple[int, ...]
    #: The account was closed already (a repeated request): nothing changed.
    already_deleted: bool = False


class DeletionBlocked(Conflict):
    """The account cannot be closed now; ``blockers`` says why, each with what to do. The
    code is the first reason's; the message lists every reason."""

    def __init__(self, blockers: Sequence[DeletionBlocker]) -> None:
        self.blockers = tuple(blockers)
        first = self.blockers[0]
        super().__init__(" ".join(b.message for b in self.blockers), code=first.code)
        # Chat shows the first reason from the catalog (``error.<code>`` with these params).
        self.error_code = first.reason
        self.params = first.params


class DeletionUnconfirmed(MarketplaceError):
    code = UNCONFIRMED.code
    status = 422

    def __init__(self) -> None:
        super().__init__(UNCONFIRMED)


def _amount(cents: int, currency: str) -> str:
    return plain_amount(cents, currency)


async def check_deletion(ctx: Context, *, account_id: int) -> DeletionCheck:
    """What ``/deleteaccount`` shows before asking to confirm. Raises ``NotFound`` for an
    unknown or already closed account."""
    async with ctx.uow() as uow:
        account = await actors.load_account(uow, account_id)
        if account.is_deleted:
            raise NotFound("account", account_id)
        return await _check(ctx, uow, account)


async def delete_account(ctx: Context, *, account_id: int) -> DeletionResult:
    """Close the account and the agents it supervises, in one transaction: re-checks every
    blocking state (raises ``DeletionBlocked``), withdraws pending proposals, removes
    listings, forfeits credits, erases personal data and keeps a tombstone. A repeated call
    on a closed account changes nothing and says so (``already_deleted``)."""
    async with ctx.uow() as uow:
        account = await actors.load_account(uow, account_id)
        if account.is_deleted:
            return DeletionResult(account.id, 0, (), already_deleted=True)
        check = await _check(ctx, uow, account)
        if check.blockers:
            raise DeletionBlocked(check.blockers)
        forfeited = 0
        for agent in check.agents:
            forfeited += await _close(ctx, uow, agent, requested_by=account.id)
        forfeited += await _close(ctx, uow, account, requested_by=account.id)
        await uow.commit()
        return DeletionResult(account.id, forfeited, tuple(a.id for a in check.agents))


async def _check(ctx: Context, uow: UnitOfWork, account: Account) -> DeletionCheck:
    blockers: list[DeletionBlocker] = []
    if account.is_banned:
        blockers.append(DeletionBlocker(BANNED))
    blockers += await _blockers_of(ctx, uow, account)
    agents = tuple(a for a in await uow.accounts.agents_of(account.id) if not a.is_deleted)
    for agent in agents:
        for blocker in await _blockers_of(ctx, uow, agent):
            blockers.append(
                replace(blocker, reason=AGENT_BUSY, agent_id=agent.id, agent_reason=blocker.reason)
            )
    credits = listings = proposals = 0
    for target in (account, *agents):
        credits += await uow.ledger.balance(ledger.user_account(target.id), CREDITS)
        listings += len(await _live_offers(uow, target)) + len(await _live_requests(uow, target))
        proposals += len(await _pending_proposals(uow, target))
    providers = tuple(dict.fromkeys(i.provider for i in await uow.accounts.identities(account.id)))
    return DeletionCheck(
        account=account,
        blockers=tuple(blockers),
        credits=credits,
        listings=listings,
        proposals=proposals,
        agents=agents,
        providers=providers,
    )


async def _blockers_of(ctx: Context, uow: UnitOfWork, account: Account) -> list[DeletionBlocker]:
    """The open work and money of one account (not its agents)."""
    # Every order, also finished ones: a refund after release queues a job on a completed one.
    orders = await uow.orders.for_account(account.id, limit=1_000_000)
    open_orders = [o.id for o in orders if not o.status.is_terminal]
    disputed = [o.id for o in orders if o.status is OrderStatus.DISPUTED]
    open_orders = [i for i in open_orders if i not in disputed]
    escrow = await _escrow_orders(uow, orders)
    queued = await _queued_payments(uow, orders)
    blockers: list[DeletionBlocker] = []
    if open_orders:
        blockers.append(DeletionBlocker(OPEN_ORDERS, tuple(sorted(open_orders))))
    if disputed:
        blockers.append(DeletionBlocker(OPEN_DISPUTES, tuple(sorted(disputed))))
    if escrow:
        blockers.append(DeletionBlocker(ESCROW_HELD, tuple(escrow)))
    if queued:
        blockers.append(DeletionBlocker(PAYMENT_QUEUED, tuple(queued)))
    currencies = sorted({ctx.rules.currency, *(o.currency for o in orders)})
    for currency in currencies:
        owed = await uow.ledger.balance(ledger.payable_account(account.id), currency)
        if owed > 0:
            blockers.append(
                DeletionBlocker(PAYOUT_PENDING, amount_cents=owed, currency=currency)
            )
    for currency in currencies:
        wallet = await uow.ledger.balance(ledger.user_account(account.id), currency)
        if wallet > 0:
            blockers.append(DeletionBlocker(WALLET_MONEY, amount_cents=wallet, currency=currency))
    due = sorted(
        {
            a.order_id
            for a in await uow.proofs.for_proofer(account.id, limit=1_000_000)
            if a.status is AssignmentStatus.ASSIGNED
        }
    )
    if due:
        blockers.append(DeletionBlocker(PROOFING_DUE, tuple(due)))
    return blockers


async def _escrow_orders(uow: UnitOfWork, orders: Sequence[Order]) -> list[int]:
    held = []
    for order in orders:
        if order.payment_mode is not PaymentMode.ESCROW:
            continue
        if await uow.ledger.balance(ledger.escrow_account(order.id), order.currency) > 0:
            held.append(order.id)
    return sorted(held)


_QUEUED = frozenset({JobStatus.PENDING, JobStatus.SENDING, JobStatus.FAILED, JobStatus.HELD})


async def _queued_payments(uow: UnitOfWork, orders: Sequence[Order]) -> list[int]:
    queued = []
    for order in orders:
        if order.payment_mode is not PaymentMode.ESCROW:
            continue
        jobs = await uow.payments.jobs_for_order(order.id)
        # Reading the processor's fee moves nobody's money: it does not hold a deletion up.
        if any(j.status in _QUEUED and j.kind is not JobKind.PROCESSING_FEE for j in jobs):
            queued.append(order.id)
    return sorted(queued)


_LIVE_OFFERS = frozenset({OfferStatus.DRAFT, OfferStatus.ACTIVE, OfferStatus.PAUSED,
                          OfferStatus.HIDDEN})
_LIVE_REQUESTS = frozenset({RequestStatus.OPEN, RequestStatus.HIDDEN})


async def _live_offers(uow: UnitOfWork, account: Account) -> list[Offer]:
    return [o for o in await uow.offers.by_seller(account.id) if o.status in _LIVE_OFFERS]


async def _live_requests(uow: UnitOfWork, account: Account) -> list[Request]:
    return [r for r in await uow.requests.by_buyer(account.id) if r.status in _LIVE_REQUESTS]


async def _pending_proposals(uow: UnitOfWork, account: Account) -> list[int]:
    return [
        p.id for p in await uow.proposals.by_seller(account.id)
        if p.status is ProposalStatus.PENDING
    ]


async def _close(ctx: Context, uow: UnitOfWork, account: Account, *, requested_by: int) -> int:
    """Close one account inside the caller's unit of work; returns the credits forfeited."""
    now = ctx.clock.now()
    await _withdraw_proposals(ctx, uow, account)
    await _remove_listings(ctx, uow, account)
    forfeited = await _forfeit_credits(uow, account)
    identities = await uow.accounts.identities(account.id)
    personal = {account.display_name, account.email or "", account.username or ""}
    personal |= {i.external_id for i in identities}
    # A name of one or two letters would garble every text it occurs in, and names nobody.
    await uow.erasure.erase_account(
        account.id, personal=sorted(p for p in personal if len(p) >= 3)
    )
    await uow.accounts.update(
        replace(
            account,
            display_name=DELETED_NAME,
            username=None,
            email=None,
            email_verified=False,
            language=None,
            client_language=None,
            roles=frozenset(),
            status=AccountStatus.DELETED,
            verification=VerificationStatus.NONE,
            ban_reason=None,
            notify_platform=None,
            last_platform=None,
            api_access_until=None,
        )
    )
    await uow.audit.add(
        AuditEntry(
            id=0,
            actor_id=requested_by,
            action="account.deleted",
            subject=f"account:{account.id}",
            created_at=now,
            data={
                "forfeited_credits": forfeited,
                "roles_removed": sorted(account.roles),
                "supervisor_id": account.supervisor_id,
                "providers": sorted({i.provider for i in identities}),
            },
        )
    )
    return forfeited


async def _withdraw_proposals(ctx: Context, uow: UnitOfWork, account: Account) -> None:
    """Withdrawn the usual way: the buyer hears it, as if the seller had withdrawn it."""
    now = ctx.clock.now()
    for proposal in await uow.proposals.by_seller(account.id):
        if proposal.status is not ProposalStatus.PENDING:
            continue
        await uow.proposals.update(
            replace(proposal, status=ProposalStatus.WITHDRAWN, updated_at=now)
        )
        request = await uow.requests.get(proposal.request_id)
        if request is None:
            continue
        uow.publish(
            DomainEvent(
                type=ev.APPLICATION_WITHDRAWN,
                payload={
                    "request_id": request.id,
                    "proposal_id": proposal.id,
                    "seller_id": proposal.seller_id,
                    "title": request.title,
                },
                recipients=(request.buyer_id,),
                occurred_at=now,
            )
        )


async def _remove_listings(ctx: Context, uow: UnitOfWork, account: Account) -> None:
    """Listings lose their text and leave every listing view; the rows stay, since orders
    made from them point at them. Open requests end their bidding the usual way (each
    pending bidder hears the rejection); no other notice goes out."""
    now = ctx.clock.now()
    for request in await uow.requests.by_buyer(account.id):
        if request.status is RequestStatus.OPEN:
            request = await end_bidding(ctx, uow, request, RequestStatus.CLOSED)
        status = RequestStatus.CLOSED if request.status is RequestStatus.HIDDEN else request.status
        await uow.timers.cancel(REQUESTS.name, request.id)
        await uow.requests.update(
            replace(
                request,
                title=REMOVED_TITLE,
                description="",
                inputs="",
                status=status,
                status_before_hidden=None,
                hidden_reason=None,
                updated_at=now,
            )
        )
    for offer in await uow.offers.by_seller(account.id):
        await uow.timers.cancel(OFFERS.name, offer.id)
        await uow.offers.update(
            replace(
                offer,
                title=REMOVED_TITLE,
                description="",
                inputs="",
                output_format="",
                status=OfferStatus.EXPIRED if offer.status in _LIVE_OFFERS else offer.status,
                status_before_hidden=None,
                hidden_reason=None,
                boosted_until=None,
                updated_at=now,
            )
        )


async def _forfeit_credits(uow: UnitOfWork, account: Account) -> int:
    balance = await uow.ledger.balance(ledger.user_account(account.id), CREDITS)
    if balance <= 0:
        return 0
    # One key per account: a retried deletion cannot forfeit twice.
    posted = await uow.ledger.post(
        ledger.transfer(
            type=TxType.FORFEIT_CLOSED,
            asset=CREDITS,
            source=ledger.user_account(account.id),
            destination=ledger.WORLD_FORFEITED,
            amount=balance,
            idempotency_key=f"forfeit:{account.id}",
            memo="Credits forfeited: account closed",
            account_id=account.id,
        )
    )
    return balance if posted else 0
