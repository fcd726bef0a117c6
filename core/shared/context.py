"""What every use case is given: the unit of work factory, the clock, the price list and the
marketplace rules. Built once by botgig.bootstrap() (and by the tests with fakes)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from types import MappingProxyType

from core.accounts.export_model import ExportRules
from core.accounts.ports import FileContents, FileKeeper
from core.credits.deposit_model import CryptoTopUps
from core.credits.stars_model import StarsPack
from core.escrow.minimums import DEFAULT_ESCROW_MINIMUMS
from core.escrow.ports import PaymentProcessor
from core.escrow.risk_model import PayoutRiskRules
from core.listings.categories import DEFAULT_CATEGORIES, Category
from core.proofing.model import ProofingRules
from core.shared.clock import Clock
from core.shared.ledger import PriceList
from core.shared.ratelimit import Limiter, UnitLimiter
from core.shared.uow import UnitOfWorkFactory


@dataclass(frozen=True)
class MarketRules:
    currency: str = "usd"
    max_price_cents: int = 10_000_000
    listing_days: int = 30
    api_access_days: int = 30
    auto_approve_days: int = 3
    seller_grace_hours: int = 24
    funding_timeout_hours: int = 48
    review_reveal_days: int = 14
    #: The standard tier's payout cooldown (BOTGIG_RELEASE_COOLDOWN); ``payout_risk`` has
    #: the others and what chooses them (core.escrow.risk).
    release_cooldown: timedelta = timedelta(hours=24)
    payout_risk: PayoutRiskRules = field(default_factory=PayoutRiskRules)
    #: A payout or refund still failing this long after it was queued is flagged by
    #: reconciliation (BOTGIG_PAYOUT_FAILING_AFTER).
    payout_failing_after: timedelta = timedelta(hours=24)
    proofing: ProofingRules = field(default_factory=ProofingRules)
    reminder_lead_hours: int = 24
    platform_fee_bps: int = 1000
    #: The smallest escrow order per currency (minor units; BOTGIG_ESCROW_MINIMUM_AMOUNTS).
    escrow_minimums: Mapping[str, int] = field(
        default_factory=lambda: MappingProxyType(dict(DEFAULT_ESCROW_MINIMUMS))
    )
    #: Revisions included when an order comes from a proposal (offers state their own).
    default_revisions: int = 1
    max_boost_days: int = 30
    categories: tuple[Category, ...] = DEFAULT_CATEGORIES
    #: An unclaimed dispute is posted to the admin channel again, with a mention, this often.
    dispute_repost_after: timedelta = timedelta(hours=4)
    #: Flag contact details and off-platform payment talk to the moderators (nothing removed).
    flag_contact_details: bool = False
    #: Per-user limits against spam, counted in the database; 0 is off (the settings turn
    #: them on: BOTGIG_RATE_LIMIT_*).
    messages_per_minute: int = 0
    listings_per_hour: int = 0
    proposals_per_hour: int = 0

    @property
    def proofing_phase(self) -> timedelta:
        """How long an order stays in proofing at most (the order's proofing timer)."""
        return self.proofing.phase

    @property
    def category_slugs(self) -> frozenset[str]:
        return frozenset(c.slug for c in self.categories)


@dataclass(frozen=True)
class Context:
    uow: UnitOfWorkFactory
    clock: Clock
    prices: PriceList = field(default_factory=PriceList)
    rules: MarketRules = field(default_factory=MarketRules)
    #: The payment processor behind escrow; None in pilot mode (orders paid off-platform).
    escrow: PaymentProcessor | None = None
    #: This database's deployment id (migration 0018), read once at start-up: it prefixes
    #: every idempotency key sent to the processor (``core.escrow.model.processor_key``).
    deployment_id: str | None = None
    #: Deposit addresses and their rules; None when crypto top-ups are not configured.
    crypto: CryptoTopUps | None = None
    #: Credit packs sold for Telegram Stars (BOTGIG_STARS_PACKS); empty when none are.
    stars_packs: tuple[StarsPack, ...] = ()
    #: The data export's limits (BOTGIG_EXPORT_*) and the uploaded files it copies.
    export: ExportRules = field(default_factory=ExportRules)
    files: FileContents | None = None
    #: Where the chat front ends copy files delivered on a chat platform (the same store as
    #: ``files``); None: files stay with the platform they were sent on.
    file_copies: FileKeeper | None = None
    #: The Telegram Mini App's address (``{BOTGIG_PUBLIC_URL}/app/``) when a Telegram bot is
    #: configured and the public URL is HTTPS, the only scheme Telegram opens web apps from;
    #: None otherwise.
    web_app_url: str | None = None
    #: Where the per-request limits (API keys and addresses, the chat flood guard) are
    #: counted: chosen by the composition root (Redis, this process, or the database);
    #: None counts them in the unit of work's ``rate_limits``.
    rate_limiter: Limiter | None = None

    @property
    def limiter(self) -> Limiter:
        return self.rate_limiter if self.rate_limiter is not None else UnitLimiter(self.uow)
