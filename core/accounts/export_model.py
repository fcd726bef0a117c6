"""The data export of an account (issue 18, part 1): what storage loads for it, the rules that
bound it, and the record of an export prepared in the background."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from core.accounts.access import ApiKey, WebhookEndpoint
from core.accounts.model import Account, Identity
from core.credits.deposit_model import ChainDeposit, DepositAddress
from core.credits.stars_model import StarsPayment
from core.listings.model import Offer, Proposal, Request
from core.moderation.model import AuditEntry
from core.orders.model import Delivery, Dispute, Order, OrderEvent, OrderMessage, Review
from core.proofing.model import ProofAssignment, ProoferProfile, ProofRound
from core.shared.ledger import LedgerTransaction

MB = 1024 * 1024


@dataclass(frozen=True)
class ExportRules:
    """BOTGIG_EXPORT_*: how often, how large, and when an export is prepared in the
    background instead of answered at once."""

    #: Exports an account may ask for per ``window`` (0: unlimited).
    per_window: int = 3
    window: timedelta = timedelta(hours=24)
    #: Uploaded files are copied into the archive up to these sizes; bigger ones (and any
    #: beyond the total) are listed with the endpoint that serves them.
    max_file_bytes: int = 5 * MB
    max_total_file_bytes: int = 25 * MB
    #: An account with more orders or messages than this is exported in the background.
    background_orders: int = 50
    background_messages: int = 1000
    #: How long a prepared archive can be downloaded again.
    keep: timedelta = timedelta(days=7)
    #: The largest file each chat platform lets a bot send, by platform name.
    chat_max_bytes: tuple[tuple[str, int], ...] = (("telegram", 50 * MB), ("discord", 10 * MB))

    def chat_limit(self, platform: str) -> int:
        return dict(self.chat_max_bytes).get(platform, 10 * MB)


@dataclass(frozen=True)
class ExportSize:
    """What decides between answering at once and preparing in the background."""

    orders: int
    messages: int


@dataclass(frozen=True)
class AccountRecords:
    """Everything stored about one account, as ``AccountExportReader.load`` returns it. The
    export use case decides what of it goes into the archive (hidden reviews, secrets and
    other people's private data stay out)."""

    account: Account
    identities: list[Identity]
    api_keys: list[ApiKey]
    offers: list[Offer]
    requests: list[Request]
    #: The account's own proposals and those others made on its requests.
    proposals: list[Proposal]
    #: Orders where the account is the buyer or the seller, with what happened on them.
    orders: list[Order]
    order_events: list[OrderEvent]
    messages: list[OrderMessage]
    deliveries: list[Delivery]
    reviews: list[Review]
    disputes: list[Dispute]
    credits_balance: int
    credit_transactions: list[LedgerTransaction]
    #: Money transactions touching the account's orders, wallet or payable balance.
    money_transactions: list[LedgerTransaction]
    webhooks: list[WebhookEndpoint]
    audit: list[AuditEntry]
    #: The other accounts these records name (order counterparts, proposal authors).
    people: dict[int, Account] = field(default_factory=dict)
    #: Top-ups: the crypto deposit address and deposits, Telegram Stars payments.
    deposit_address: DepositAddress | None = None
    deposits: list[ChainDeposit] = field(default_factory=list)
    stars_payments: list[StarsPayment] = field(default_factory=list)
    #: Proofing: the account as a proofer (its record and assignments), and the proofing
    #: rounds on its orders (their consensus; the proofers stay anonymous).
    proofer: ProoferProfile | None = None
    proof_assignments: list[ProofAssignment] = field(default_factory=list)
    proof_rounds: list[ProofRound] = field(default_factory=list)


class ExportStatus(StrEnum):
    PENDING = "pending"
    READY = "ready"
    #: The archive was dropped after ``ExportRules.keep``.
    EXPIRED = "expired"


@dataclass
class AccountExport:
    """An export prepared in the background: a row, fired by a timer, so any scheduler
    process builds it and a restart loses nothing."""

    id: int
    account_id: int
    status: ExportStatus
    #: Where it was asked for (``telegram``, ``discord``, ``api``): the notice's file limit.
    platform: str
    requested_at: datetime
    ready_at: datetime | None = None
    expires_at: datetime | None = None
    size: int = 0
    archive: bytes | None = None


@dataclass(frozen=True)
class Archive:
    """A built export: the zip, its file name and its manifest (counts per section)."""

    data: bytes
    name: str
    manifest: dict[str, object]


@dataclass(frozen=True)
class ExportOutcome:
    """What ``request_export`` did: built the archive now, or queued ``pending``."""

    archive: Archive | None = None
    pending: AccountExport | None = None
