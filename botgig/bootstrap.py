"""The composition root: the one place that knows every piece and wires adapters to ports.

``bootstrap(settings)`` returns a ``Container`` with the core ``Context`` and the adapters the
settings ask for. Tests call it too, with fakes swapped in (``uow_factory``, ``clock``).
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

from botgig.crypto import chain_reader_from, crypto_from, watcher_for
from botgig.settings import Settings
from botgig.stripe import gateway_from
from core.accounts.export_model import ExportRules
from core.escrow.risk_model import PayoutRiskRules
from core.proofing.model import ProofingRules
from core.shared.clock import Clock, SystemClock
from core.shared.context import Context, MarketRules
from core.shared.delivery import record_on_commit
from core.shared.ledger import PriceList
from core.shared.ports import EventSink
from core.shared.ratelimit import InProcessLimiter, Limiter
from core.shared.uow import UnitOfWorkFactory

log = logging.getLogger(__name__)


@dataclass
class Container:
    settings: Settings
    ctx: Context
    engine: Any = None
    sinks: list[EventSink] = field(default_factory=list)
    #: Crypto top-ups (botgig/crypto.py); None when they are off.
    chain_reader: Any = None
    chain_watcher: Any = None
    #: The Stripe adapter built from the settings (closed with the container); None when
    #: escrow is off or a test passed its own.
    stripe: Any = None
    #: The sandbox (bots.web.sandbox), built once by ``sandbox()`` when it is on.
    _sandbox: Any = None
    #: The Telegram bot the web pages ask their username of (getMe); None until asked.
    web_bot: Any = None
    #: The Redis rate limiter (closed with the container) when BOTGIG_REDIS_URL is used.
    redis_limiter: Any = None

    async def health_check(self) -> None:
        """A round trip to the database through the same unit of work the services use."""
        async with self.ctx.uow() as uow:
            await uow.accounts.get(0)

    def telegram(self) -> Any:
        """The Telegram front end, built on demand (only when a token is configured)."""
        from botgig.charts import chart_renderer
        from bots.telegram.admin import admin_router, telegram_mention
        from bots.telegram.app import TelegramFrontEnd
        from bots.telegram.transport import TelegramTransport
        from handlers.admin.app import AdminApp
        from handlers.app import ChatApp
        from handlers.notifications import AdminPosts

        settings = self.settings
        assert settings.telegram_token is not None
        admin_chat = settings.telegram_admin_chat_id
        # The admin router refuses admin commands outside the admin chat even when none is set.
        admin_app = AdminApp(
            self.ctx,
            admin_chats=[f"telegram:{admin_chat}"] if admin_chat is not None else [],
            owners=settings.owner_identities(),
            chart=chart_renderer(),
        )
        front = TelegramFrontEnd(
            self.ctx,
            ChatApp(self.ctx),
            token=settings.telegram_token.get_secret_value(),
            api_base=settings.telegram_api_base,
            feed_chat_id=settings.telegram_feed_chat_id,
            # The admin sink below posts to the admin chat: one post per admin event.
            admin_chat_id=None,
            webhook_url=settings.telegram_webhook_url,
            webhook_secret=(
                settings.telegram_webhook_secret.get_secret_value()
                if settings.telegram_webhook_secret
                else None
            ),
            webhook_host=settings.telegram_webhook_host,
            webhook_port=settings.telegram_webhook_port,
            extra_routers=[admin_router(admin_app)],
        )
        from botgig.observability import instrument_telegram

        instrument_telegram(front.bot)
        # One platform per notification: only running chat front ends count.
        front.notifier.platforms = self.chat_platforms()
        self.sinks.append(front.notifier)
        if admin_chat is not None:
            transport = TelegramTransport(
                front.bot, front.chat_app, admin_chat_id=admin_chat, pacer=front.pacer,
                files=self.ctx.files,
            )
            self.sinks.append(AdminPosts(admin_app, transport, telegram_mention))
        return front

    def sandbox(self) -> Any:
        """The sandbox (``/sandbox``), built once: its outbox sinks join ``sinks`` (the
        workers deliver them, into the database) and the API mounts its routes."""
        if self._sandbox is None:
            from botgig.charts import chart_renderer
            from bots.web.sandbox import Sandbox, SandboxFiles

            settings = self.settings
            assert settings.sandbox_on
            files = SandboxFiles(
                settings.data_dir / "sandbox-files", api_config_from(settings).max_upload_bytes
            )
            self._sandbox = Sandbox(self.ctx, files=files, chart=chart_renderer())
            self.sinks.extend(self._sandbox.sinks)
        return self._sandbox

    def chat_platforms(self) -> frozenset[str]:
        """The chat front ends configured to run (a token is set): notifications go to one of
        them per account (core.accounts.linking.notification_platform)."""
        settings = self.settings
        return frozenset(
            name
            for name, token in (
                ("telegram", settings.telegram_token),
                ("discord", settings.discord_token),
            )
            if token is not None
        )

    def discord(self) -> Any:
        """The Discord front end, built on demand (only when a token is configured)."""
        from botgig.charts import chart_renderer
        from bots.discord.app import DiscordFrontEnd
        from handlers.admin.app import AdminApp
        from handlers.app import ChatApp

        settings = self.settings
        assert settings.discord_token is not None
        admin_channel = settings.discord_admin_channel_id
        # /mod and adm: buttons are refused outside the admin channel even when none is set.
        admin_app = AdminApp(
            self.ctx,
            admin_chats=[f"discord:{admin_channel}"] if admin_channel is not None else [],
            owners=settings.owner_identities(),
            chart=chart_renderer(),
        )
        front = DiscordFrontEnd(
            self.ctx,
            ChatApp(self.ctx),
            token=settings.discord_token.get_secret_value(),
            guild_id=settings.discord_guild_id,
            feed_channel_id=settings.discord_feed_channel_id,
            admin_channel_id=settings.discord_admin_channel_id,
            fallback_channel_id=settings.discord_notice_channel_id,
            platforms=self.chat_platforms(),
            # With the admin app the front end gives the notifier no admin channel: the
            # admin sink posts each admin event there once.
            admin_app=admin_app,
        )
        from botgig.observability import instrument_discord

        instrument_discord(front.bot)
        self.sinks.append(front.notifier)
        if front.admin_sink is not None:
            self.sinks.append(front.admin_sink)
        return front

    async def close(self) -> None:
        if self.stripe is not None:
            await self.stripe.aclose()
        if self.chain_reader is not None:
            from botgig.crypto import close_reader

            await close_reader(self.chain_reader)
        if self.web_bot is not None:
            await self.web_bot.session.close()
        if self.redis_limiter is not None:
            await self.redis_limiter.aclose()
        if self.engine is not None:
            await self.engine.dispose()


def prices_from(settings: Settings) -> PriceList:
    return PriceList(
        publish_offer=settings.price_publish_offer,
        renew_offer=settings.price_renew_offer,
        boost_per_day=settings.price_boost_per_day,
        post_request=settings.price_post_request,
        verification=settings.price_verification,
        username_change=settings.price_username_change,
        api_access=settings.price_api_access,
        welcome_grant=settings.welcome_grant,
    )


def export_rules_from(settings: Settings) -> ExportRules:
    return ExportRules(
        per_window=settings.export_per_window,
        window=settings.export_window,
        max_file_bytes=settings.export_max_file_bytes,
        max_total_file_bytes=settings.export_max_total_file_bytes,
        background_orders=settings.export_background_orders,
        background_messages=settings.export_background_messages,
        keep=settings.export_keep,
        chat_max_bytes=(
            ("telegram", settings.export_telegram_max_bytes),
            ("discord", settings.export_discord_max_bytes),
        ),
    )


def rules_from(settings: Settings) -> MarketRules:
    return MarketRules(
        currency=settings.currency,
        max_price_cents=settings.max_price_cents,
        listing_days=settings.listing_days,
        api_access_days=settings.api_access_days,
        auto_approve_days=settings.auto_approve_days,
        seller_grace_hours=settings.seller_grace_hours,
        funding_timeout_hours=settings.funding_timeout_hours,
        review_reveal_days=settings.review_reveal_days,
        release_cooldown=settings.release_cooldown,
        payout_risk=PayoutRiskRules(
            low_cooldown=settings.cooldown_of("low"),
            high_cooldown=settings.cooldown_of("high"),
            high_amount_cents=settings.risk_high_amount_cents,
            new_buyer_age=settings.risk_new_buyer_age,
            trusted_seller_completed=settings.risk_trusted_seller_completed,
        ),
        payout_failing_after=settings.payout_failing_after,
        platform_fee_bps=settings.platform_fee_bps,
        escrow_minimums=MappingProxyType(dict(settings.escrow_minimum_amounts)),
        dispute_repost_after=settings.dispute_repost_after,
        flag_contact_details=settings.flag_contact_details,
        messages_per_minute=settings.rate_limit_messages_per_minute,
        listings_per_hour=settings.rate_limit_listings_per_hour,
        proposals_per_hour=settings.rate_limit_proposals_per_hour,
        proofing=ProofingRules(
            min_completed=settings.proofer_min_completed,
            min_rating_x100=round(settings.proofer_min_rating * 100),
            min_account_age=settings.proofer_min_account_age,
            window=settings.proofing_window,
            reward_credits=settings.proofer_reward_credits,
            fee_cents=settings.proofer_fee_cents,
        ),
    )


def bootstrap(
    settings: Settings,
    *,
    uow_factory: UnitOfWorkFactory | None = None,
    clock: Clock | None = None,
    chain_reader: Any = None,
    escrow_gateway: Any = None,
    deployment_id: str | None = None,
) -> Container:
    """Raises ``botgig.crypto.ConfigurationError`` for settings that cannot work (an invalid
    xpub, escrow on a database never migrated). ``chain_reader`` replaces the RPC (tests give
    an in-process chain). With escrow on, the database's deployment id is read here, once, for
    the idempotency keys sent to Stripe; tests on in-memory fakes pass ``deployment_id``."""
    crypto = crypto_from(settings, have_reader=chain_reader is not None)
    engine = None
    clock = clock or SystemClock()
    if uow_factory is None:
        from storage.db import create_engine
        from storage.uow import make_uow_factory

        engine = create_engine(settings.database_url)
        uow_factory = make_uow_factory(engine, clock)
    files = uploaded_files(settings)
    limiter = limiter_from(settings, engine)
    ctx = Context(
        # A chat update's id is recorded by the first transaction that commits while
        # handling it, not by a write of its own (core.shared.delivery).
        uow=record_on_commit(uow_factory),
        rate_limiter=limiter,
        clock=clock,
        prices=prices_from(settings),
        rules=rules_from(settings),
        crypto=crypto,
        stars_packs=settings.stars_pack_list(),
        export=export_rules_from(settings),
        files=files,
        file_copies=files,
        web_app_url=(
            web_app_url_of(settings.public_url) if settings.telegram_token is not None else None
        ),
    )
    escrow = escrow_gateway if escrow_gateway is not None else gateway_from(settings)
    if escrow is not None:
        if deployment_id is None and engine is not None:
            deployment_id = read_deployment_id(settings)
        ctx = replace(ctx, escrow=escrow, deployment_id=deployment_id)
    container = Container(settings=settings, ctx=ctx, engine=engine)
    if settings.rate_limiter_kind() == "redis":
        container.redis_limiter = limiter
    if escrow is not None and escrow_gateway is None:
        container.stripe = escrow
    from api.webhooks import WebhookSink

    container.sinks.append(WebhookSink(ctx))
    if ctx.crypto is not None:
        container.chain_reader = chain_reader or chain_reader_from(settings)
        container.chain_watcher = watcher_for(settings, ctx, container.chain_reader)
    return container


def limiter_from(settings: Settings, engine: Any) -> Limiter | None:
    """The per-request rate limiter (``BOTGIG_RATE_LIMITER``, ``BOTGIG_REDIS_URL``): Redis,
    this process's memory, or the database. None (the unit of work's counters) for the
    database when a test passed its own unit of work and so there is no engine."""
    kind = settings.rate_limiter_kind()
    if kind == "redis":
        from storage.limits import RedisLimiter

        assert settings.redis_url is not None
        return RedisLimiter.from_url(settings.redis_url.get_secret_value())
    if kind == "memory":
        return InProcessLimiter()
    if engine is None:
        return None
    from storage.limits import SqlLimiter

    return SqlLimiter(engine)


def read_deployment_id(settings: Settings) -> str:
    """The database's deployment id (migration 0018). Read on a thread with a loop and an
    engine of its own: ``bootstrap`` is synchronous and may run inside a running loop."""
    from botgig.crypto import ConfigurationError
    from storage.deployment import NoDeploymentId, deployment_id_at

    with ThreadPoolExecutor(1) as pool:
        try:
            return pool.submit(asyncio.run, deployment_id_at(settings.database_url)).result()
        except NoDeploymentId as exc:
            raise ConfigurationError(f"escrow needs the deployment id: {exc}") from exc


async def sync_moderators(container: Container) -> None:
    """Give the moderator role to the identities named in ``BOTGIG_MODERATORS`` and
    ``BOTGIG_OWNERS`` (their accounts are created if they never wrote to the bot)."""
    from core.accounts.accounts import ensure_chat_account, set_role

    settings = container.settings
    for provider, external_id in [*settings.moderator_identities(), *settings.owner_identities()]:
        account, _ = await ensure_chat_account(
            container.ctx,
            provider=provider,
            external_id=external_id,
            display_name=f"{provider} {external_id}",
        )
        if not account.is_moderator:
            await set_role(container.ctx, granted_by=None, account_id=account.id)
            log.info(
                "moderator role granted to %s:%s (account %s)", provider, external_id, account.id
            )


def uploaded_files(settings: Settings) -> Any:
    """The files uploaded through the API, for the data export to copy."""
    from api.files import FileStore

    return FileStore(settings.data_dir / "uploads", api_config_from(settings).max_upload_bytes)


def api_config_from(settings: Settings) -> Any:
    """The HTTP API's view of the settings (api/ never reads them itself)."""
    from api.config import ApiConfig

    return ApiConfig(
        public_url=settings.public_url,
        upload_dir=settings.data_dir / "uploads",
        webhook_allow_private=settings.webhook_allow_private,
        smtp_configured=settings.smtp_url is not None,
        idempotency_secret=(
            settings.idempotency_secret.get_secret_value().encode()
            if settings.idempotency_secret is not None
            else None
        ),
    )


def mailer_from(settings: Settings) -> Any:
    """SMTP when ``BOTGIG_SMTP_URL`` is set, else the log."""
    from api.mail import LogMailer, SmtpMailer

    if settings.smtp_url is None:
        return LogMailer()
    return SmtpMailer(settings.smtp_url.get_secret_value(), settings.smtp_from)


def webhook_sender_for(container: Container) -> Any:
    from datetime import timedelta

    from api.webhooks import WebhookSender

    settings = container.settings
    return WebhookSender(
        container.ctx,
        allow_private=settings.webhook_allow_private,
        lease=timedelta(seconds=settings.worker_lease_seconds),
    )


def web_app_url_of(public_url: str) -> str | None:
    """The Mini App's address, only over HTTPS: Telegram refuses web_app buttons to http.
    (``bootstrap`` sets it only with a Telegram token too: nothing else can sign initData.)"""
    if not public_url.lower().startswith("https://"):
        return None
    return public_url.rstrip("/") + "/app/"


def bot_username_for(container: Container) -> Any:
    """An async callable giving the Telegram bot's username (asked once with getMe, then
    remembered), or None without a token; the public pages build their deep links with it."""
    settings = container.settings
    if settings.telegram_token is None:
        return None
    known: list[str | None] = []

    async def username() -> str | None:
        if known:
            return known[0]
        from bots.telegram.app import build_bot

        if container.web_bot is None:
            assert settings.telegram_token is not None
            container.web_bot = build_bot(
                settings.telegram_token.get_secret_value(), settings.telegram_api_base
            )
        try:
            me = await container.web_bot.me()
        except Exception as exc:  # a page without its deep link beats no page
            log.warning("getMe failed, pages go without the Telegram link: %s", exc)
            return None
        known.append(me.username)
        return known[0]

    return username


def mount_web(app: Any, container: Container) -> None:
    """The web front end's routes on the API's app: the Mini App (/app/) and the public
    offer pages (/o/{id}). The api package never imports bots.web; this root joins them."""
    from bots.web import miniapp, pages

    settings = container.settings
    username = bot_username_for(container)
    token = settings.telegram_token.get_secret_value() if settings.telegram_token else None
    app.include_router(
        miniapp.router(
            container.ctx,
            bot_token=token,
            max_age=settings.miniapp_init_data_max_age,
            bot_username=username,
        )
    )
    app.include_router(
        pages.router(container.ctx, public_url=settings.public_url, bot_username=username)
    )
