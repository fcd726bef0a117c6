"""Ports: what the core needs from the outside world, as Protocols.

storage/ implements the repositories and the unit of work on SQLAlchemy; tests/fakes.py
implements them in memory. Repositories take and return copies of the entities in
core.model; ``add`` returns the entity with its id assigned.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from types import TracebackType
from typing import Any, Generic, Protocol, Self, TypeVar

from core.access import ApiKey, EmailToken, StoredResponse, WebhookDelivery, WebhookEndpoint
from core.analytics import PilotFacts
from core.deposits import (
    ChainCheckpoint,
    ChainDeposit,
    ChainTransfer,
    DepositAddress,
    DepositStatus,
)
from core.escrow.ports import PaymentRepository
from core.events import DomainEvent
from core.ledger import LedgerTransaction, PostedTransaction
from core.model import (
    Account,
    AuditEntry,
    Delivery,
    Dispute,
    Identity,
    Offer,
    Order,
    OrderEvent,
    OrderMessage,
    OrderStatus,
    Proposal,
    Request,
    Review,
    Timer,
    TrustStats,
)
from core.stars import StarsPayment, StarsPaymentStatus

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    has_more: bool

    @property
    def last_id(self) -> int | None:
        last = self.items[-1] if self.items else None
        return getattr(last, "id", None)


@dataclass(frozen=True)
class BrowseQuery:
    """Filters of /offers, /requests and the agents' job list.

    ``starting_after`` is the id of the last item of the previous page: the next page starts
    after that item's sort position, so items published meanwhile never shift a page.
    ``min_cents``/``max_cents`` select prices (offers) or overlapping budgets (requests).
    """

    now: datetime
    category: str | None = None
    words: str | None = None
    min_cents: int | None = None
    max_cents: int | None = None
    limit: int = 10
    starting_after: int | None = None
    exclude_owner_id: int | None = None
    #: Leave out requests this account already applied to (the agents' job list).
    exclude_applied_by: int | None = None
    owner_id: int | None = None
    statuses: Sequence[str] = field(default_factory=tuple)


class AccountRepository(Protocol):
    async def add(self, account: Account) -> Account:
        """Raises ``Conflict`` when the username or email is taken."""

    async def get(self, account_id: int) -> Account | None: ...
    async def get_many(self, account_ids: Sequence[int]) -> dict[int, Account]: ...
    async def update(self, account: Account) -> None:
        """Raises ``Conflict`` when the username or email is taken."""

    async def by_username(self, username: str) -> Account | None: ...
    async def by_email(self, email: str) -> Account | None: ...
    async def by_identity(self, provider: str, external_id: str) -> Account | None: ...
    async def add_identity(self, identity: Identity) -> None:
        """Raises ``Conflict`` when that identity already belongs to an account."""

    async def remove_identity(self, provider: str, external_id: str) -> None: ...
    async def identities(self, account_id: int) -> list[Identity]: ...
    async def identities_many(self, account_ids: Sequence[int]) -> dict[int, list[Identity]]: ...
    async def agents_of(self, supervisor_id: int) -> list[Account]: ...
    async def with_role(self, role: str) -> list[Account]: ...
    async def trust_stats(self, account_ids: Sequence[int]) -> dict[int, TrustStats]:
        """Aggregates for the trust score, in one query for all ids (no N+1)."""


class OfferRepository(Protocol):
    async def add(self, offer: Offer) -> Offer: ...
    async def get(self, offer_id: int) -> Offer | None: ...
    async def update(self, offer: Offer) -> None: ...
    async def by_seller(self, seller_id: int) -> list[Offer]: ...
    async def browse(self, query: BrowseQuery) -> Page[Offer]:
        """Active offers, boosted first, then by the seller's trust, then newest."""


class RequestRepository(Protocol):
    async def add(self, request: Request) -> Request: ...
    async def get(self, request_id: int) -> Request | None: ...
    async def update(self, request: Request) -> None: ...
    async def by_buyer(self, buyer_id: int) -> list[Request]: ...
    async def browse(self, query: BrowseQuery) -> Page[Request]:
        """Open requests, newest first."""


class ProposalRepository(Protocol):
    async def add(self, proposal: Proposal) -> Proposal:
        """Raises ``Conflict`` when the seller already has a pending proposal on the request."""

    async def get(self, proposal_id: int) -> Proposal | None: ...
    async def update(self, proposal: Proposal) -> None: ...
    async def for_request(self, request_id: int) -> list[Proposal]: ...
    async def by_seller(self, seller_id: int) -> list[Proposal]: ...
    async def count_for_requests(self, request_ids: Sequence[int]) -> dict[int, int]: ...


class OrderRepository(Protocol):
    async def add(self, order: Order) -> Order: ...
    async def get(self, order_id: int) -> Order | None: ...
    async def update(self, order: Order) -> None:
        """Raises ``ConcurrentUpdate`` when ``order.version`` is stale; bumps the version."""

    async def for_account(
        self, account_id: int, *, statuses: Sequence[OrderStatus] = (), limit: int = 50
    ) -> list[Order]: ...
    async def by_request(self, request_id: int) -> Order | None: ...
    async def add_event(self, event: OrderEvent) -> OrderEvent: ...
    async def events(self, order_id: int) -> list[OrderEvent]: ...
    async def add_message(self, message: OrderMessage) -> OrderMessage: ...
    async def messages(self, order_id: int, *, limit: int = 100) -> list[OrderMessage]: ...
    async def add_delivery(self, delivery: Delivery) -> Delivery: ...
    async def deliveries(self, order_id: int) -> list[Delivery]: ...
    async def update_delivery(self, delivery: Delivery) -> None: ...


class TimerRepository(Protocol):
    async def add(self, timer: Timer) -> Timer: ...
    async def for_subject(self, subject: str, subject_id: int) -> list[Timer]: ...
    async def cancel(self, subject: str, subject_id: int, kinds: Sequence[str] = ()) -> None:
        """Cancel pending or paused timers of a subject (all kinds when ``kinds`` is empty)."""

    async def pause(self, subject: str, subject_id: int, now: datetime) -> None: ...
    async def resume(self, subject: str, subject_id: int, now: datetime) -> None: ...
    async def claim_due(self, now: datetime, limit: int) -> list[Timer]:
        """Pending timers due by ``now``, locked for this transaction: a second scheduler
        process skips them (``FOR UPDATE SKIP LOCKED`` on PostgreSQL)."""

    async def mark(self, timer_id: int, status: str, now: datetime) -> None:
        """Set a timer's status (``fired_at`` = now for done)."""

    async def reschedule(self, timer_id: int, due_at: datetime) -> None:
        """Move a pending timer (used to back off a timer whose handler failed)."""


class ReviewRepository(Protocol):
    async def add(self, review: Review) -> Review:
        """Raises ``Conflict`` when the author already reviewed this order."""

    async def for_order(self, order_id: int) -> list[Review]: ...
    async def update(self, review: Review) -> None: ...
    async def revealed_about(self, account_id: int, *, limit: int = 20) -> list[Review]: ...


class DisputeRepository(Protocol):
    async def add(self, dispute: Dispute) -> Dispute: ...
    async def get(self, dispute_id: int) -> Dispute | None: ...
    async def open_for_order(self, order_id: int) -> Dispute | None: ...
    async def update(self, dispute: Dispute) -> None: ...
    async def claim(self, dispute_id: int, moderator_id: int, now: datetime) -> bool:
        """Atomically claim an open dispute; False when someone else claimed it first."""

    async def list_unresolved(self, *, limit: int = 50) -> list[Dispute]: ...


class LedgerRepository(Protocol):
    async def post(self, tx: LedgerTransaction) -> bool:
        """Apply ``tx`` atomically; False (and nothing changes) if its idempotency key was
        already posted. Raises ``InsufficientCredits`` when a non-``world:`` balance would
        go below zero — even under concurrent posts."""

    async def balance(self, ledger_account: str, asset: str) -> int: ...
    async def history(
        self, account_id: int, asset: str, *, limit: int = 20, before_id: int | None = None
    ) -> list[PostedTransaction]: ...
    async def exists(self, idempotency_key: str) -> bool: ...


class AuditRepository(Protocol):
    async def add(self, entry: AuditEntry) -> AuditEntry: ...
    async def for_subject(self, subject: str, *, limit: int = 100) -> list[AuditEntry]: ...


class ConversationStore(Protocol):
    """Half-filled forms and other per-chat state, kept in the database so a restart or a
    second process resumes them. ``key`` is e.g. ``telegram:42``; ``state`` is JSON-able."""

    async def get(self, key: str) -> dict[str, Any] | None: ...
    async def put(self, key: str, state: dict[str, Any], now: datetime) -> None: ...
    async def delete(self, key: str) -> None: ...


class DedupStore(Protocol):
    async def first_time(self, key: str, now: datetime) -> bool:
        """Record ``key``; True the first time it is seen, False ever after (even when two
        processes race: the database's unique key decides)."""


class AccountsUnit(Protocol):
    """Accounts and identities, link codes, and programmatic access (API keys, email
    verification, outbound webhooks, idempotent responses)."""

    @property
    def accounts(self) -> AccountRepository: ...
    @property
    def link_codes(self) -> LinkCodeRepository: ...
    @property
    def api_keys(self) -> ApiKeyRepository: ...
    @property
    def email_tokens(self) -> EmailTokenRepository: ...
    @property
    def webhooks(self) -> WebhookRepository: ...
    @property
    def idempotency(self) -> IdempotencyRepository: ...


class ListingsUnit(Protocol):
    """Offers, requests and the proposals on them."""

    @property
    def offers(self) -> OfferRepository: ...
    @property
    def requests(self) -> RequestRepository: ...
    @property
    def proposals(self) -> ProposalRepository: ...


class OrdersUnit(Protocol):
    """Orders with their timeline, the timers behind their deadlines, reviews, disputes."""

    @property
    def orders(self) -> OrderRepository: ...
    @property
    def timers(self) -> TimerRepository: ...
    @property
    def reviews(self) -> ReviewRepository: ...
    @property
    def disputes(self) -> DisputeRepository: ...


class CreditsUnit(Protocol):
    """The ledger, and the top-ups that credit it (crypto deposits, Telegram Stars)."""

    @property
    def ledger(self) -> LedgerRepository: ...
    @property
    def deposits(self) -> DepositRepository: ...
    @property
    def stars(self) -> StarsPaymentRepository: ...


class ModerationUnit(Protocol):
    """The audit log and the moderators' queues, audit views and pilot analytics."""

    @property
    def audit(self) -> AuditRepository: ...
    @property
    def admin(self) -> AdminQueries: ...


class ChatStateUnit(Protocol):
    """Per-chat state shared by every process: forms, seen update ids, rate-limit windows."""

    @property
    def conversations(self) -> ConversationStore: ...
    @property
    def dedup(self) -> DedupStore: ...
    @property
    def rate_limits(self) -> RateLimitStore: ...


class PaymentsUnit(Protocol):
    """Escrow (core.escrow)."""

    @property
    def payments(self) -> PaymentRepository: ...


class UnitOfWork(
    AccountsUnit,
    ListingsUnit,
    OrdersUnit,
    CreditsUnit,
    ModerationUnit,
    ChatStateUnit,
    PaymentsUnit,
    Protocol,
):
    """One transaction. ``async with uow:`` rolls back unless ``commit()`` was called.

    Events published during the transaction are written to the outbox by ``commit()``, in the
    same database transaction as the change they describe. The repositories are grouped by
    feature (``AccountsUnit``, ``OrdersUnit``, ...), so a use case or a fake can depend on
    the part it uses.
    """

    async def __aenter__(self) -> Self: ...
    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
    async def commit(self) -> None: ...
    async def rollback(self) -> None: ...
    def publish(self, event: DomainEvent) -> None: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self) -> UnitOfWork: ...


class EventSink(Protocol):
    """A consumer of outbox events (Telegram DMs, Discord DMs, the admin channel, webhooks).

    The dispatcher calls ``deliver`` at least once per event and sink, and again after a
    failure (any exception) with backoff; a sink must tolerate a repeat of the same event id.
    """

    name: str

    async def deliver(self, event: DomainEvent) -> None: ...


# ---------------------------------------------------------------- programmatic access
# (API keys, email verification, outbound webhooks, idempotency, rate limits)


class ApiKeyRepository(Protocol):
    async def add(self, key: ApiKey) -> ApiKey: ...
    async def by_hash(self, key_hash: str) -> ApiKey | None:
        """The key with that digest, revoked or not."""

    async def for_account(self, account_id: int) -> list[ApiKey]: ...
    async def revoke(self, key_id: int, now: datetime) -> None: ...
    async def revoke_all(self, account_id: int, now: datetime) -> int:
        """Revoke every active key of the account; returns how many."""

    async def touch(self, key_id: int, now: datetime) -> None:
        """Record the last use (callers may throttle this)."""


class EmailTokenRepository(Protocol):
    async def add(self, token: EmailToken) -> EmailToken: ...
    async def by_hash(self, token_hash: str) -> EmailToken | None: ...
    async def mark_used(self, token_id: int, now: datetime) -> bool:
        """Mark an unused token used; False when it was used already (even by a racing
        request: only one caller gets True)."""


class WebhookRepository(Protocol):
    async def add(self, endpoint: WebhookEndpoint) -> WebhookEndpoint: ...
    async def get(self, endpoint_id: int) -> WebhookEndpoint | None: ...
    async def for_account(self, account_id: int) -> list[WebhookEndpoint]: ...
    async def enabled_for(self, account_ids: Sequence[int]) -> list[WebhookEndpoint]: ...
    async def update(self, endpoint: WebhookEndpoint) -> None: ...
    async def delete(self, endpoint_id: int) -> None:
        """Delete the endpoint with its delivery log."""

    async def add_delivery(self, delivery: WebhookDelivery) -> bool:
        """Queue an event for an endpoint; False (nothing changes) when that endpoint has
        that event already — the dispatcher may hand the same event over twice."""

    async def deliveries(
        self, endpoint_id: int, *, limit: int = 20, starting_after: int | None = None
    ) -> Page[WebhookDelivery]:
        """The delivery log, newest first, keyset-paged by delivery id."""

    async def claim_due(
        self, now: datetime, *, limit: int, lease_until: datetime
    ) -> list[WebhookDelivery]:
        """Pending deliveries of enabled endpoints due by ``now``, leased until
        ``lease_until`` so another sender process skips them (``SKIP LOCKED`` on
        PostgreSQL)."""

    async def update_delivery(self, delivery: WebhookDelivery) -> None:
        """Store the outcome of an attempt (and release the lease)."""

    async def fail_pending(self, endpoint_id: int, reason: str, now: datetime) -> int:
        """Give up the pending deliveries of an endpoint (disabled or deleted)."""


class IdempotencyRepository(Protocol):
    async def get(self, scope: str, key_hash: str, now: datetime) -> StoredResponse | None:
        """The unexpired stored answer, if any."""

    async def put(self, response: StoredResponse) -> bool:
        """Store an answer (or a placeholder with ``status_code`` 0 while the request runs);
        False when an unexpired one is stored for that scope and key already (a racing
        request won): the caller should read and replay that one."""

    async def finish(self, scope: str, key_hash: str, status_code: int, body: bytes) -> None:
        """Fill in the answer of a placeholder."""

    async def release(self, scope: str, key_hash: str) -> None:
        """Drop a placeholder (the request failed in a way a retry should redo)."""

    async def purge(self, now: datetime) -> int:
        """Delete expired answers; returns how many."""


class RateLimitStore(Protocol):
    async def hit(self, bucket: str, window_start: datetime) -> int:
        """Count one request in the fixed window starting at ``window_start`` and return the
        window's count so far, atomically across processes (an upsert in the database)."""

    async def purge(self, before: datetime) -> int: ...


class HostResolver(Protocol):
    """DNS as the webhook rules need it: the IP addresses a host name resolves to."""

    async def resolve(self, host: str) -> list[str]: ...


class Mailer(Protocol):
    """Outbound email (SMTP in production; the log when none is configured)."""

    async def send(self, *, to: str, subject: str, body: str) -> None: ...


# -- crypto top-ups (core.deposits) ------------------------------------------------------------


class DepositRepository(Protocol):
    """Deposit addresses, on-chain deposits and the chain watcher's checkpoint."""

    async def address_for(self, account_id: int) -> DepositAddress | None: ...
    async def next_index(self) -> int:
        """One past the highest derivation index assigned (0 when none is). Concurrent
        assignments wait here until this transaction ends (a lock), so they do not collide."""

    async def add_address(self, address: DepositAddress) -> bool:
        """Store an assignment; False (and nothing changes) when the account, the index or the
        address is taken already — e.g. by a concurrent assignment."""

    async def watched_addresses(self) -> dict[str, int]:
        """Every deposit address, lower-cased, to its account id."""

    async def get(self, deposit_id: int) -> ChainDeposit | None: ...
    async def find(self, chain_id: int, tx_hash: str, log_index: int) -> ChainDeposit | None: ...
    async def add(self, deposit: ChainDeposit) -> ChainDeposit | None:
        """Record a deposit; None when (chain, tx hash, log index) is recorded already."""

    async def update(
        self, deposit: ChainDeposit, *, expected_status: DepositStatus | None = None
    ) -> bool:
        """Save ``deposit``; with ``expected_status``, only if the stored status still is that
        (False otherwise: another watcher decided it first)."""

    async def pending(self, chain_id: int, *, limit: int = 500) -> list[ChainDeposit]:
        """Deposits still ``seen`` on ``chain_id``, oldest block first."""

    async def with_status(
        self, status: DepositStatus, *, limit: int = 100
    ) -> list[ChainDeposit]: ...
    async def for_account(self, account_id: int, *, limit: int = 20) -> list[ChainDeposit]:
        """The account's deposits, newest first."""

    async def checkpoint(self, chain_id: int) -> ChainCheckpoint | None: ...
    async def save_checkpoint(self, checkpoint: ChainCheckpoint) -> None: ...


class DepositAddressDeriver(Protocol):
    """Deposit addresses from the platform's account-level extended public key (no private
    key involved)."""

    def address_at(self, index: int) -> str:
        """The EIP-55 checksummed address at external-chain index ``index`` (…/0/index)."""


class ChainReader(Protocol):
    """What the chain watcher reads from an EVM chain. Every method raises
    ``core.deposits.ChainUnavailable`` when the RPC fails."""

    async def chain_id(self) -> int: ...
    async def latest_block(self) -> int: ...
    async def block_hash(self, number: int) -> str | None:
        """The canonical block hash at ``number`` (``0x`` hex), None past the chain's head."""

    async def token_transfers(
        self, token: str, recipients: Sequence[str], from_block: int, to_block: int
    ) -> list[ChainTransfer]:
        """ERC-20 ``Transfer`` logs of ``token`` to any of ``recipients`` in the inclusive
        block range."""

    async def native_transfers(
        self, recipients: Sequence[str], from_block: int, to_block: int
    ) -> list[ChainTransfer]:
        """Successful top-level transactions paying native coin to any of ``recipients``."""

    async def token_decimals(self, token: str) -> int: ...


# -- one account on several chat platforms (core.services.linking) -----------------------------


@dataclass(frozen=True)
class LinkCode:
    """A one-time code that links a second chat platform to ``account_id``.

    Only the SHA-256 digest of the code is stored; ``platform`` is where it was shown.
    """

    id: int
    account_id: int
    code_hash: str
    platform: str
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None


class LinkCodeRepository(Protocol):
    async def add(self, code: LinkCode) -> LinkCode: ...
    async def by_hash(self, code_hash: str) -> LinkCode | None:
        """The code with that digest, used, expired or not."""

    async def mark_used(self, code_id: int, now: datetime) -> bool:
        """Mark an unused code used; False when it was used already (a racing redemption:
        only one caller gets True)."""

    async def delete_unused(self, account_id: int) -> int:
        """Drop the account's codes that were never used (a new code replaces them)."""

    async def purge(self, before: datetime) -> int:
        """Delete codes that expired before ``before``; returns how many."""


# -- the admin channel (handlers.admin) --------------------------------------------------------


class AdminQueries(Protocol):
    """What the moderators look at: the reports queue, verification requests, audit trails
    and the facts behind the pilot analytics."""

    async def open_reports(self, *, limit: int = 20) -> list[AuditEntry]:
        """Reports (audit entries with action ``report``) that no moderator closed yet (no
        ``report.close`` entry with subject ``report:<id>``), oldest first."""

    async def pending_verifications(self, *, limit: int = 20) -> list[Account]:
        """Accounts waiting for a verification decision, oldest first."""

    async def audit_by_actor(self, actor_id: int, *, limit: int = 50) -> list[AuditEntry]:
        """What ``actor_id`` did, the latest ``limit`` entries, oldest first."""

    async def pilot_facts(self, since: datetime, until: datetime) -> PilotFacts:
        """One fact row per request, published offer and order created in
        ``[since, until)``; ``core.analytics`` turns them into the pilot's figures."""


# -- Telegram Stars top-ups (core.stars) -------------------------------------------------------


class StarsPaymentRepository(Protocol):
    """Successful Stars payments, one per Telegram charge id."""

    async def add(self, payment: StarsPayment) -> StarsPayment | None:
        """Record a payment; None (and nothing changes) when its charge id is recorded
        already — Telegram delivered the successful payment twice."""

    async def get(self, charge_id: str) -> StarsPayment | None: ...
    async def update(
        self, payment: StarsPayment, *, expected_status: StarsPaymentStatus
    ) -> bool:
        """Save ``payment`` only if the stored status still is ``expected_status`` (False
        otherwise: a concurrent refund got there first)."""

    async def for_account(self, account_id: int, *, limit: int = 20) -> list[StarsPayment]:
        """The account's Stars payments, newest first."""


class StarsRefunder(Protocol):
    """Giving Stars back (Telegram's ``refundStarPayment``), implemented by the Telegram
    front end."""

    async def refund_star_payment(self, *, telegram_user_id: int, charge_id: str) -> None:
        """Refund the payment (a charge Telegram reports as refunded already counts as done).
        Raises ``core.stars.StarsRefundFailed`` when Telegram refuses or cannot be reached."""
