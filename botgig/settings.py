"""BotGig's one settings object.

Every knob is read here, from the environment or a ``.env`` file, each name prefixed
``BOTGIG_``; nothing else in the project reads ``os.environ``. ``.env.example`` lists every
setting with a comment. Empty values (``BOTGIG_TELEGRAM_TOKEN=``) count as unset, so a copy of
``.env.example`` runs as is.
"""

from __future__ import annotations

import difflib
import ipaddress
import os
import re
from collections.abc import Iterator, Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any, Literal, Self

from dotenv import dotenv_values
from pydantic import Field, SecretStr, ValidationInfo, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.credits.stars_model import StarsPack, parse_packs
from core.escrow.minimums import DEFAULT_ESCROW_MINIMUMS
from core.shared import durations

IDENTITY_PLATFORMS = ("telegram", "discord")

_IDENTITY_HELP = (
    "use platform:user_id pairs separated by commas, e.g. telegram:123,discord:456 "
    f"(platforms: {', '.join(IDENTITY_PLATFORMS)}; ids are the numeric user ids)"
)
_LOG_LEVELS = ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG")
_URL_PASSWORD = re.compile(r"(://[^/@:]*:)[^/@]*@")
_WILDCARD_HOSTS = ("0.0.0.0", "::", "")
#: BOTGIG_* names that are not settings: the test suite's own switches.
_NOT_SETTINGS_PREFIXES = ("BOTGIG_TEST_",)


def default_data_dir() -> Path:
    """Where files and the default database live when ``BOTGIG_DATA_DIR`` is unset.

    In a source checkout (``make run`` installs BotGig editable) that is the checkout's
    ``data/``, whatever the working directory; an installed BotGig uses the user's data
    directory (``$XDG_DATA_HOME/botgig``, else ``~/.local/share/botgig``).
    """
    checkout = Path(__file__).resolve().parents[1]
    if (checkout / "pyproject.toml").is_file() and (checkout / "botgig").is_dir():
        return checkout / "data"
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "botgig"


def parse_duration(value: object) -> timedelta:
    """Read a duration: a ``timedelta``, whole seconds (``90``, ``"90"``) or ``"24h"``-style text
    (the grammar of ``core.shared.durations``).

    Raises ``ValueError`` with the accepted forms when the value is none of these or negative.
    """
    if isinstance(value, timedelta):
        duration: timedelta | None = value
    elif isinstance(value, int) and not isinstance(value, bool):
        try:
            duration = timedelta(seconds=value)
        except OverflowError:
            raise ValueError(f"invalid duration {value!r}: too long") from None
    elif isinstance(value, str):
        duration = durations.parse_duration(value, bare_seconds=True)
    else:
        duration = None
    if duration is None:
        raise ValueError(f"invalid duration {value!r}: {durations.HELP}")
    if duration < timedelta(0):
        raise ValueError(f"invalid duration {value!r}: it must not be negative")
    return duration


def parse_identities(value: str, *, setting: str = "identities") -> list[tuple[str, str]]:
    """Read ``telegram:123,discord:456`` into ``[("telegram", "123"), ("discord", "456")]``.

    Whitespace and empty items (a trailing comma) are ignored and duplicates dropped, order kept.
    Raises ``ValueError`` naming ``setting`` and the bad item.
    """
    identities: list[tuple[str, str]] = []
    for raw in value.split(","):
        item = raw.strip()
        if not item:
            continue
        platform, sep, user_id = (part.strip() for part in item.partition(":"))
        platform = platform.lower()
        if not sep or platform not in IDENTITY_PLATFORMS or not re.fullmatch(r"[0-9]+", user_id):
            raise ValueError(f"{setting}: {item!r} is not an identity; {_IDENTITY_HELP}")
        if (platform, user_id) not in identities:
            identities.append((platform, user_id))
    return identities


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def parse_trusted_proxies(value: str) -> list[str]:
    """``BOTGIG_TRUSTED_PROXIES`` as the list uvicorn takes; raises ``ValueError`` naming a
    malformed entry (uvicorn itself would keep it as a literal that matches nothing)."""
    entries = [part.strip() for part in value.split(",") if part.strip()]
    if entries == ["*"]:
        return entries
    for entry in entries:
        try:
            if "/" in entry:
                ipaddress.ip_network(entry, strict=False)
            else:
                ipaddress.ip_address(entry)
        except ValueError:
            raise ValueError(
                f"BOTGIG_TRUSTED_PROXIES: {entry!r} is not an IP address or network; give "
                "comma-separated addresses or networks (10.0.0.1, 10.0.0.0/8), * for any, or "
                "leave it empty to trust no proxy"
            ) from None
    return entries


class Settings(BaseSettings):
    """Every setting of one BotGig deployment (``BOTGIG_<NAME>`` in the environment or ``.env``)."""

    model_config = SettingsConfigDict(
        env_prefix="BOTGIG_",
        env_file=".env",
        env_file_encoding="utf-8",
        env_ignore_empty=True,
        extra="ignore",
    )

    """Storage and files. SQLite is the embedded default so one process runs with nothing
    else installed; PostgreSQL (``postgresql+asyncpg://...``) is the same code at scale.
    ``data_dir`` is made absolute once, here, so every command run from any folder finds the
    same files; unset, the SQLite database lives in it (``database_url`` empty means that)."""
    database_url: str = ""
    data_dir: Path = Field(default_factory=lambda: default_data_dir())
    #: Redis (``redis://host:6379/0``) for the per-request limits (API keys and addresses,
    #: the chat flood guard), shared by every process without a database write per request.
    redis_url: SecretStr | None = None
    #: Where those limits are counted: ``auto`` is Redis when ``redis_url`` is set, else this
    #: process's memory on SQLite (``botgig run`` is the one process) and the database on
    #: PostgreSQL (several processes share it); ``redis``, ``memory`` or ``database`` force one.
    rate_limiter: Literal["auto", "redis", "memory", "database"] = "auto"

    """HTTP API. Bound to loopback by default: exposing it is a deliberate choice.
    ``public_url`` is how users and agents reach it (links in chat, webhook registration,
    ``/llms.txt``), which differs from the bind address behind a proxy."""
    api_host: str = "127.0.0.1"
    api_port: int = Field(default=8000, ge=1, le=65535)
    #: Empty: ``http://{api_host}:{api_port}`` (loopback for a wildcard bind).
    public_url: str = ""
    #: ``botgig mcp`` acts as the account of this key (``bg_...``); the server never needs it.
    api_key: SecretStr | None = None
    #: Proxies whose ``X-Forwarded-For``/``X-Forwarded-Proto`` the API believes (uvicorn's
    #: ``forwarded_allow_ips``): comma-separated addresses or networks (``10.0.0.1``,
    #: ``10.0.0.0/8``), ``*`` for any. Empty (the default): none, not even loopback, so the
    #: per-address limits count the connecting address and a header cannot dodge them.
    trusted_proxies: str = ""
    #: Salts the key that seals stored idempotent answers (HKDF with the Idempotency-Key):
    #: with it, a database dump and a guessable Idempotency-Key still open nothing. Any long
    #: random string, the same on every API process; changing it makes the answers stored in
    #: the last 24 h unreplayable (a retry gets 409 ``idempotency.unreadable``).
    idempotency_secret: SecretStr | None = None

    """Telegram. No token, no Telegram front end (``botgig run`` says so). The API base can
    point at a local Bot API server or a test fake; without a webhook URL the bot polls."""
    telegram_token: SecretStr | None = None
    telegram_api_base: str = "https://api.telegram.org"
    telegram_admin_chat_id: int | None = None
    telegram_feed_chat_id: int | None = None
    telegram_webhook_url: str | None = None
    telegram_webhook_secret: SecretStr | None = None
    telegram_webhook_host: str = "127.0.0.1"
    telegram_webhook_port: int = Field(default=8081, ge=1, le=65535)
    #: The Mini App (``/app/``) accepts a Telegram initData signed no longer ago than this;
    #: Telegram signs a fresh one each time the app is opened (docs/web.md).
    miniapp_init_data_max_age: timedelta = timedelta(hours=1)
    #: Credit packs sold for Telegram Stars, ``credits:stars`` pairs; ``off`` sells none.
    stars_packs: str = "100:50,500:225,1000:400"

    """Discord. No token, no Discord front end. The guild id scopes slash commands so they
    register at once instead of propagating globally."""
    discord_token: SecretStr | None = None
    discord_guild_id: int | None = None
    discord_admin_channel_id: int | None = None
    discord_feed_channel_id: int | None = None
    #: Where a user whose DMs are closed is mentioned (default: the feed channel).
    discord_notice_channel_id: int | None = None

    """The sandbox (``/sandbox``, docs/web.md): buyer, seller, an agent's supervisor and a
    moderator side by side in a browser, on this database, with no chat token. Anyone who
    reaches it acts as any of them, the moderator included, so it is only for a machine of
    one's own: unset, it is on only for SQLite with neither chat token and the API bound to
    loopback (``make run`` out of the box); ``true`` with a Telegram or Discord token is
    refused at start-up, since those mean real users share the database."""
    sandbox: bool | None = None

    """People. Roles are granted by configuration, not by a command anyone could call, so the
    first moderator cannot be self-appointed. Format: ``telegram:123,discord:456``."""
    moderators: str = ""
    owners: str = ""

    """The admin channel and safety. An unclaimed dispute is posted again, mentioning the
    moderators, this often. Contact details and off-platform payment talk in messages and
    listings can be flagged to the moderators (nothing is removed; secrets always are). The
    per-user limits stop spam; 0 turns one off."""
    dispute_repost_after: timedelta = timedelta(hours=4)
    flag_contact_details: bool = False
    rate_limit_messages_per_minute: int = Field(default=20, ge=0)
    rate_limit_listings_per_hour: int = Field(default=10, ge=0)
    rate_limit_proposals_per_hour: int = Field(default=30, ge=0)

    """The data export (/export, GET /api/me/export): exports per account per window (0:
    unlimited); uploaded files copied into the archive up to a size each and in total (larger
    ones are listed with their download endpoint); accounts with more orders or messages than
    the thresholds are exported in the background, kept for ``export_keep``; the largest file
    the bots may send on Telegram and on Discord."""
    export_per_window: int = Field(default=3, ge=0)
    export_window: timedelta = timedelta(hours=24)
    export_max_file_bytes: int = Field(default=5 * 1024 * 1024, ge=0)
    export_max_total_file_bytes: int = Field(default=25 * 1024 * 1024, ge=0)
    export_background_orders: int = Field(default=50, ge=0)
    export_background_messages: int = Field(default=1000, ge=0)
    export_keep: timedelta = timedelta(days=7)
    export_telegram_max_bytes: int = Field(default=50 * 1024 * 1024, ge=1)
    export_discord_max_bytes: int = Field(default=10 * 1024 * 1024, ge=1)

    """Money. Prices are integer cents in ``currency``, capped so a typo cannot list a
    million-dollar job. Escrow runs through Stripe only when a secret key is set; otherwise
    orders are ``off_platform``. The fee is in basis points (1000 = 10%) so it stays an
    integer; the cooldown is the window in which a moderator can still reverse an approval
    before the payout is transferred."""
    stripe_secret_key: SecretStr | None = None
    stripe_webhook_secret: SecretStr | None = None
    stripe_api_base: str | None = None
    platform_fee_bps: int = 1000
    #: The payout cooldown per risk tier (docs/escrow.md "Payout cooldown per risk"): the
    #: standard one, a shorter or equal one for a trusted seller and an established buyer,
    #: a longer or equal one for a large order or a card payment by a new account. Unset,
    #: the low and high tiers wait the standard cooldown (24 h; the tier is still chosen and
    #: shown); e.g. BOTGIG_RELEASE_COOLDOWN_HIGH=72h.
    release_cooldown: timedelta = timedelta(hours=24)
    release_cooldown_low: timedelta | None = None
    release_cooldown_high: timedelta | None = None
    #: An escrow order of at least this many cents is high risk (0: no amount threshold).
    risk_high_amount_cents: int = Field(default=50_000, ge=0)
    #: A card payment by a buyer account younger than this is high risk.
    risk_new_buyer_age: timedelta = timedelta(days=7)
    #: Completed orders a seller needs for the low tier (with a buyer older than above).
    risk_trusted_seller_completed: int = Field(default=5, ge=0)
    #: ``botgig payments reconcile`` flags a payout or refund failing longer than this.
    payout_failing_after: timedelta = timedelta(hours=24)
    currency: str = "usd"
    max_price_cents: int = Field(default=10_000_000, ge=1)
    #: The smallest escrow order per currency, in its minor unit (JSON, e.g.
    #: ``{"usd": 100, "jpy": 100}``). The defaults are Stripe's own minimum charges; an
    #: unlisted currency has no BotGig minimum (Stripe's refusal is then a 422).
    escrow_minimum_amounts: dict[str, int] = Field(
        default_factory=lambda: dict(DEFAULT_ESCROW_MINIMUMS)
    )

    """Crypto top-ups. The server holds only the extended public key (m/44'/60'/0') and
    derives deposit addresses from it, so no private key sits on the server. The RPC URL is a
    secret because hosted providers put the API key in it. No token address means deposits
    in the chain's native coin."""
    chain_rpc_url: SecretStr | None = None
    chain_id: int = Field(default=1, ge=1)
    deposit_xpub: str | None = None
    deposit_token_address: str | None = None
    deposit_confirmations: int = Field(default=12, ge=0)
    credits_per_token: int = Field(default=100, ge=1)
    #: The smallest deposit credited, in credits; smaller ones are recorded, not credited.
    deposit_min_credits: int = Field(default=100, ge=1)
    deposit_token_symbol: str = "USDC"
    #: Accept native-coin deposits too, at this many credits per coin, when a token is set.
    deposit_native_credits_per_coin: int | None = Field(default=None, ge=1)
    chain_name: str = ""
    chain_native_symbol: str = "ETH"
    chain_poll_seconds: float = Field(default=5.0, gt=0)
    chain_scan_batch_blocks: int = Field(default=500, ge=1)

    """Credits price list, in whole credits. Configurable because the right prices are found
    by running the marketplace, not by guessing them in code."""
    welcome_grant: int = Field(default=100, ge=0)
    price_publish_offer: int = Field(default=10, ge=0)
    price_renew_offer: int = Field(default=5, ge=0)
    price_boost_per_day: int = Field(default=5, ge=0)
    price_post_request: int = Field(default=0, ge=0)
    price_verification: int = Field(default=50, ge=0)
    price_username_change: int = Field(default=20, ge=0)
    price_api_access: int = Field(default=20, ge=0)
    listing_days: int = Field(default=30, ge=1)
    api_access_days: int = Field(default=30, ge=1)

    """Order timers. They are rows in the database polled by the scheduler, so changing these
    affects timers created afterwards, not those already running."""
    auto_approve_days: int = Field(default=3, ge=1)
    seller_grace_hours: int = Field(default=24, ge=0)
    funding_timeout_hours: int = Field(default=48, ge=1)
    review_reveal_days: int = Field(default=14, ge=1)

    """Independent proofers. An account opts in when it meets the thresholds (0 turns one
    off): completed orders, mean rating received, account age. Each assignment has the
    window for its scorecard; a late one is re-assigned once within a second window. Escrow
    orders add the fee per proofer to the checkout; off-platform orders reward each
    in-time scorecard with platform credits."""
    proofer_min_completed: int = Field(default=1, ge=0)
    proofer_min_rating: float = Field(default=4.0, ge=0, le=5)
    proofer_min_account_age: timedelta = timedelta(days=7)
    proofing_window: timedelta = timedelta(hours=48)
    proofer_fee_cents: int = Field(default=500, ge=0)
    proofer_reward_credits: int = Field(default=5, ge=0)

    """Workers. How often the scheduler looks for due timers and the dispatcher for undelivered
    outbox events: lower means snappier notifications, more database polling."""
    scheduler_interval_seconds: float = Field(default=2.0, gt=0)
    dispatcher_interval_seconds: float = Field(default=1.0, gt=0)
    #: How long a worker holds the outbox events and webhook deliveries it claimed: a killed
    #: worker's share goes to another after that.
    worker_lease_seconds: float = Field(default=60.0, gt=0)

    """Retention: how long operational rows are kept before the worker's retention job
    deletes them (0 keeps them forever). Only rows that have done their job are purged:
    pending outbox events, webhook deliveries and timers stay whatever their age. Ledgers,
    orders, reviews, disputes, payments and the audit trail are never purged (docs/data.md)."""
    retention_dedup_hours: int = Field(default=48, ge=0)
    retention_counters_hours: int = Field(default=24, ge=0)
    retention_relay_days: int = Field(default=30, ge=0)
    retention_chat_state_days: int = Field(default=90, ge=0)
    retention_idempotency_days: int = Field(default=1, ge=0)
    retention_tokens_days: int = Field(default=7, ge=0)
    retention_webhook_deliveries_weeks: int = Field(default=4, ge=0)
    retention_outbox_weeks: int = Field(default=2, ge=0)
    retention_timers_weeks: int = Field(default=4, ge=0)
    retention_processor_events_days: int = Field(default=30, ge=0)
    retention_exports_days: int = Field(default=30, ge=0)
    #: How often the job runs, and how many rows one delete takes (one short transaction).
    retention_interval_seconds: float = Field(default=3600.0, gt=0)
    retention_batch: int = Field(default=1000, ge=1, le=10_000)

    """Email and outbound webhooks. Webhook URLs may not point at loopback or private
    addresses unless allowed, so an API user cannot make the server probe its own network."""
    smtp_url: SecretStr | None = None
    smtp_from: str = "botgig@localhost"
    webhook_allow_private: bool = False

    """Operations. A standard level name; secrets are secret types so no level prints them.
    ``text`` logs are for people, ``json`` (one object per line) for log shippers. /metrics
    asks for ``Authorization: Bearer <metrics_token>`` when one is set. With several
    processes on one host, ``metrics_dir`` is where they share their counters (empty it when
    the whole deployment restarts). Each process writes a heartbeat per part it runs this
    often; /health/ready calls a part down after three missed beats."""
    log_level: str = "INFO"
    log_format: Literal["text", "json"] = "text"
    metrics_token: SecretStr | None = None
    metrics_dir: Path | None = None
    heartbeat_seconds: float = Field(default=10.0, gt=0)

    @field_validator(
        "release_cooldown",
        "release_cooldown_low",
        "release_cooldown_high",
        "risk_new_buyer_age",
        "payout_failing_after",
        "dispute_repost_after",
        "proofer_min_account_age",
        "proofing_window",
        "export_window",
        "export_keep",
        "miniapp_init_data_max_age",
        mode="before",
    )
    @classmethod
    def _parse_cooldown(cls, value: Any) -> timedelta | None:
        return None if value is None else parse_duration(value)

    @field_validator("stars_packs")
    @classmethod
    def _check_stars_packs(cls, value: str) -> str:
        # An empty value falls back to the default (env_ignore_empty): "off" sells none.
        if value.strip().lower() in ("off", "none"):
            return ""
        try:
            parse_packs(value)
        except (ValueError, TypeError) as exc:
            raise ValueError(f"BOTGIG_STARS_PACKS: {exc}") from None
        return value

    @field_validator("moderators", "owners")
    @classmethod
    def _check_identities(cls, value: str, info: ValidationInfo) -> str:
        parse_identities(value, setting=f"BOTGIG_{(info.field_name or '').upper()}")
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _check_trusted_proxies(cls, value: str) -> str:
        parse_trusted_proxies(value)
        return value

    @field_validator("escrow_minimum_amounts")
    @classmethod
    def _check_minimums(cls, value: dict[str, int]) -> dict[str, int]:
        checked = {}
        for currency, amount in value.items():
            if len(currency) != 3 or not currency.isalpha() or amount < 0:
                raise ValueError(
                    "escrow_minimum_amounts maps 3-letter currency codes to amounts of 0 or "
                    f"more in the minor unit, e.g. {{\"usd\": 50}}; got {currency!r}: {amount}"
                )
            checked[currency.lower()] = amount
        return checked

    @field_validator("platform_fee_bps")
    @classmethod
    def _check_fee(cls, value: int) -> int:
        if not 0 <= value <= 10_000:
            raise ValueError(
                f"platform fee must be between 0 and 10000 basis points "
                f"(1000 = 10%, 10000 = 100%), got {value}"
            )
        return value

    @field_validator("currency")
    @classmethod
    def _check_currency(cls, value: str) -> str:
        code = value.strip().lower()
        if not re.fullmatch(r"[a-z]{3}", code):
            raise ValueError(
                f"currency must be a 3-letter ISO 4217 code such as usd, got {value!r}"
            )
        return code

    @field_validator("log_format", mode="before")
    @classmethod
    def _check_log_format(cls, value: Any) -> Any:
        if isinstance(value, str):
            fmt = value.strip().lower()
            if fmt not in ("text", "json"):
                raise ValueError(f"log format must be text or json, got {value!r}")
            return fmt
        return value

    @field_validator("log_level")
    @classmethod
    def _check_log_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in _LOG_LEVELS:
            raise ValueError(f"log level must be one of {', '.join(_LOG_LEVELS)}, got {value!r}")
        return level

    @field_validator("public_url", "telegram_api_base")
    @classmethod
    def _strip_trailing_slash(cls, value: str) -> str:
        # Callers join paths onto these; one canonical form avoids "//" in links.
        return value.rstrip("/")

    @field_validator("data_dir")
    @classmethod
    def _absolute_data_dir(cls, value: Path) -> Path:
        # Resolved against the working directory once, at start-up: a relative path must not
        # mean another folder for a CLI command started elsewhere.
        return value.expanduser().resolve()

    @model_validator(mode="after")
    def _check_cooldowns(self) -> Self:
        low, standard, high = self.cooldown_of("low"), self.release_cooldown, self.cooldown_of(
            "high"
        )
        # Negative durations are refused by the parser already.
        if not low <= standard <= high:
            raise ValueError(
                "the payout cooldowns must grow with the risk: BOTGIG_RELEASE_COOLDOWN_LOW "
                f"({low}) <= BOTGIG_RELEASE_COOLDOWN ({standard}) <= "
                f"BOTGIG_RELEASE_COOLDOWN_HIGH ({high}); raise the higher one or lower the "
                "other"
            )
        return self

    @model_validator(mode="after")
    def _follow_each_other(self) -> Self:
        if not self.database_url:
            self.database_url = f"sqlite+aiosqlite:///{(self.data_dir / 'botgig.db').as_posix()}"
        if not self.public_url:
            host = self.api_host
            if host in _WILDCARD_HOSTS:
                # Bound to every interface: loopback is the one address sure to reach it.
                host = "127.0.0.1"
            elif ":" in host:
                host = f"[{host}]"
            self.public_url = f"http://{host}:{self.api_port}"
        if self.rate_limiter == "redis" and self.redis_url is None:
            raise ValueError(
                "BOTGIG_RATE_LIMITER=redis needs BOTGIG_REDIS_URL (e.g. redis://127.0.0.1:6379/0);"
                " set it, or use auto, memory or database"
            )
        return self

    @field_validator("sandbox")
    @classmethod
    def _sandbox_only_without_chat_tokens(
        cls, value: bool | None, info: ValidationInfo
    ) -> bool | None:
        tokens = [
            f"BOTGIG_{name.upper()}"
            for name in ("telegram_token", "discord_token")
            if info.data.get(name) is not None
        ]
        if value and tokens:
            raise ValueError(
                f"BOTGIG_SANDBOX=true cannot be used with {' or '.join(tokens)}: the sandbox "
                "lets anyone act as any persona, a moderator included, so it never runs "
                "beside a real chat bot; unset BOTGIG_SANDBOX (or set it to false), or unset "
                + " and ".join(tokens)
            )
        return value

    @model_validator(mode="after")
    def _sandbox_default(self) -> Self:
        if self.sandbox is None:
            # Out of the box only: SQLite, no chat token, the API on loopback.
            self.sandbox = (
                (self.database_url or "sqlite").startswith("sqlite")
                and self.telegram_token is None
                and self.discord_token is None
                and _is_loopback(self.api_host)
            )
        return self

    @property
    def sandbox_on(self) -> bool:
        """Whether ``/sandbox`` is served (the computed default applied)."""
        return bool(self.sandbox)

    def rate_limiter_kind(self) -> Literal["redis", "memory", "database"]:
        """Where the per-request limits are counted (``rate_limiter`` with ``auto`` resolved)."""
        if self.rate_limiter != "auto":
            return self.rate_limiter
        if self.redis_url is not None:
            return "redis"
        return "memory" if self.database_url.startswith("sqlite") else "database"

    def cooldown_of(self, tier: Literal["low", "high"]) -> timedelta:
        """The payout cooldown of a risk tier: its own setting, or the standard one."""
        value = self.release_cooldown_low if tier == "low" else self.release_cooldown_high
        return self.release_cooldown if value is None else value

    def masked_database_url(self) -> str:
        """``database_url`` with any password replaced by ``***``, fit to print."""
        return _URL_PASSWORD.sub(r"\1***@", self.database_url)

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        # The URL is a plain str for the engine, but a PostgreSQL one can carry a password.
        for name, value in super().__repr_args__():
            if name == "database_url" and isinstance(value, str):
                value = self.masked_database_url()
            yield name, value

    def moderator_identities(self) -> list[tuple[str, str]]:
        """The configured moderators as ``(platform, user_id)`` pairs."""
        return parse_identities(self.moderators, setting="BOTGIG_MODERATORS")

    def stars_pack_list(self) -> tuple[StarsPack, ...]:
        """The Telegram Stars credit packs, ordered by credits."""
        return parse_packs(self.stars_packs)

    def owner_identities(self) -> list[tuple[str, str]]:
        """The configured owners as ``(platform, user_id)`` pairs."""
        return parse_identities(self.owners, setting="BOTGIG_OWNERS")


def unknown_setting_warnings(
    environ: Mapping[str, str] | None = None, env_file: Path | str | None = ".env"
) -> list[str]:
    """One warning per ``BOTGIG_*`` name in the environment or ``env_file`` that is no
    setting (a typo such as ``BOTGIG_API_PROT`` is otherwise ignored without a word), naming
    the closest known setting."""
    known = sorted(f"BOTGIG_{name.upper()}" for name in Settings.model_fields)
    sources: list[tuple[str, Mapping[str, Any]]] = [
        ("the environment", os.environ if environ is None else environ)
    ]
    if env_file is not None and Path(env_file).is_file():
        sources.append((str(env_file), dotenv_values(env_file)))
    warnings: list[str] = []
    for where, names in sources:
        for raw in names:
            name = raw.upper()
            if (
                not name.startswith("BOTGIG_")
                or name in known
                or name.startswith(_NOT_SETTINGS_PREFIXES)
            ):
                continue
            close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
            hint = f"did you mean {close[0]}?" if close else "see .env.example for the settings"
            warnings.append(f"{raw} (in {where}) is not a BotGig setting and is ignored; {hint}")
    return warnings
