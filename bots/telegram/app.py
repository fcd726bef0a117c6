"""Building and running the Telegram bot.

``TelegramFrontEnd`` is what the composition root starts: it bundles the bot (with the
retry middleware), the dispatcher (middlewares and routers), the notifier (an EventSink for
the outbox dispatcher) and the choice between long polling and a webhook.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections.abc import Iterable, Sequence
from urllib.parse import urlsplit

from aiogram import Bot, Dispatcher, Router
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import BotCommand, MenuButtonDefault, MenuButtonWebApp, WebAppInfo
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web

from bots.telegram.middlewares import (
    FloodGuard,
    FloodGuardMiddleware,
    IdentityMiddleware,
    UpdateDedupMiddleware,
)
from bots.telegram.pacing import Pacer
from bots.telegram.polling import run_polling
from bots.telegram.retry import RetryAfterMiddleware
from bots.telegram.routers import build_routers
from bots.telegram.texts import say
from bots.telegram.transport import telegram_notifier
from core.shared.context import Context
from handlers.contract import ConversationApp
from handlers.i18n import CATALOGS, DEFAULT_LANGUAGE

log = logging.getLogger(__name__)

__all__ = [
    "TelegramFrontEnd",
    "build_bot",
    "build_dispatcher",
    "run_polling",
    "run_webhook",
    "set_commands",
]

_COMMAND_NAME = re.compile(r"[a-z0-9_]{1,32}\Z")


def build_bot(
    token: str, api_base: str | None = None, *, retry: RetryAfterMiddleware | None = None
) -> Bot:
    """A bot speaking HTML by default, against ``api_base`` (a local Bot API server or a
    test fake) when given, that waits out 429s instead of failing."""
    if api_base:
        session = AiohttpSession(api=TelegramAPIServer.from_base(api_base.rstrip("/")))
    else:
        session = AiohttpSession()
    session.middleware(retry or RetryAfterMiddleware())
    return Bot(
        token,
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
    )


def retry_middleware_of(bot: Bot) -> RetryAfterMiddleware | None:
    return next(
        (m for m in bot.session.middleware if isinstance(m, RetryAfterMiddleware)), None
    )


def build_dispatcher(
    chat_app: ConversationApp,
    ctx: Context,
    *,
    flood_limit: int = 20,
    flood_window: float = 10.0,
    extra_routers: Iterable[Router] = (),
) -> Dispatcher:
    """The dispatcher with its middlewares and routers.

    ``extra_routers`` (the admin bot's, the Stars top-up's) are tried before the user
    routers, so they can claim their commands and updates first.
    """
    dp = Dispatcher()
    dp["chat_app"] = chat_app
    dp["ctx"] = ctx
    dp.update.outer_middleware(UpdateDedupMiddleware(ctx))
    flood = FloodGuardMiddleware(FloodGuard(ctx, limit=flood_limit, window=flood_window))
    identity = IdentityMiddleware(ctx)
    for observer in (dp.message, dp.callback_query):
        observer.outer_middleware(flood)
        observer.outer_middleware(identity)
    dp.include_routers(*extra_routers, *build_routers())
    return dp


def menu_languages() -> tuple[str, ...]:
    """The catalog's languages besides English that Telegram can name (ISO 639-1, two
    letters): each gets its own command menu."""
    return tuple(name for name in sorted(CATALOGS) if len(name) == 2 and name != DEFAULT_LANGUAGE)


async def set_commands(
    bot: Bot, chat_app: ConversationApp, languages: Sequence[str] = ()
) -> None:
    """The client's command menu (setMyCommands): English as the default, plus one menu per
    extra language code (``de``) the catalog has."""
    for language in ("", *languages):
        commands = [
            BotCommand(command=name, description=description[:256])
            for name, description in chat_app.command_menu(language or "en")
            if _COMMAND_NAME.match(name) and description.strip()
        ]
        try:
            await bot.set_my_commands(commands=commands, language_code=language or None)
        except TelegramBadRequest as exc:
            # A menu Telegram refuses is no reason not to run the bot.
            log.warning("setMyCommands (%s) refused: %s", language or "default", exc.message)


async def set_menu_button(bot: Bot, web_app_url: str | None) -> None:
    """The chat's menu button (setChatMenuButton, for every private chat): the Mini App's
    catalog when it has an HTTPS address, else Telegram's default (the command list), so a
    button left by an earlier configuration never opens an address that is gone."""
    button: MenuButtonWebApp | MenuButtonDefault = (
        MenuButtonWebApp(text=say(None, "front.menu_catalog"), web_app=WebAppInfo(url=web_app_url))
        if web_app_url
        else MenuButtonDefault()
    )
    try:
        await bot.set_chat_menu_button(menu_button=button)
    except TelegramBadRequest as exc:
        log.warning("setChatMenuButton refused: %s", exc.message)


async def run_webhook(
    bot: Bot,
    dp: Dispatcher,
    url: str,
    secret: str | None,
    host: str,
    port: int,
    *,
    stop: asyncio.Event | None = None,
) -> None:
    """Serve Telegram's webhook calls at ``url``'s path on ``host:port`` (behind a TLS proxy)
    until ``stop`` is set.

    An update is answered after it was handled, so Telegram re-sends it if the process dies
    half-way (and ``UpdateDedupMiddleware`` skips the ones already handled). Requests
    without the ``secret`` token are refused.
    """
    stop = stop or asyncio.Event()
    app = web.Application()
    path = urlsplit(url).path or "/"
    SimpleRequestHandler(
        dispatcher=dp, bot=bot, secret_token=secret, handle_in_background=False
    ).register(app, path=path)
    runner = web.AppRunner(app)
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port).start()
        await bot.set_webhook(
            url=url,
            secret_token=secret,
            allowed_updates=dp.resolve_used_update_types(),
            drop_pending_updates=False,
        )
        log.info("webhook at %s, listening on %s:%s%s", url, host, port, path)
        await stop.wait()
    finally:
        await runner.cleanup()


class TelegramFrontEnd:
    """The Telegram bot as one part of ``botgig run``.

    ``start()`` sets the command menu, then polls (or serves the webhook when
    ``webhook_url`` is given) until ``close()``; cancelling it lets the batch in hand finish
    for up to ``grace`` seconds. ``notifier`` is the EventSink the outbox dispatcher feeds.
    """

    def __init__(
        self,
        ctx: Context,
        chat_app: ConversationApp,
        token: str,
        api_base: str | None,
        feed_chat_id: int | None,
        admin_chat_id: int | None,
        webhook_url: str | None = None,
        webhook_secret: str | None = None,
        *,
        webhook_host: str = "127.0.0.1",
        webhook_port: int = 8081,
        polling_timeout: int = 25,
        pacer: Pacer | None = None,
        flood_limit: int = 20,
        flood_window: float = 10.0,
        languages: Sequence[str] = (),
        extra_routers: Iterable[Router] = (),
        grace: float = 10.0,
    ) -> None:
        self.ctx = ctx
        self.chat_app = chat_app
        self.webhook_url = webhook_url
        self.webhook_secret = webhook_secret
        self.webhook_host = webhook_host
        self.webhook_port = webhook_port
        self.polling_timeout = polling_timeout
        self.languages = tuple(languages) or menu_languages()
        self.grace = grace
        self.bot = build_bot(token, api_base)
        self.dp = build_dispatcher(
            chat_app,
            ctx,
            flood_limit=flood_limit,
            flood_window=flood_window,
            extra_routers=extra_routers,
        )
        #: Paces everything this process sends unasked (notifications, admin posts).
        self.pacer = pacer or Pacer()
        self.notifier = telegram_notifier(
            ctx,
            chat_app,
            self.bot,
            feed_chat_id=feed_chat_id,
            admin_chat_id=admin_chat_id,
            pacer=self.pacer,
        )
        retry = retry_middleware_of(self.bot)
        if retry is not None:
            retry.add_listener(self.pacer.hold)
        self._stop = asyncio.Event()
        self._running: asyncio.Future[None] | None = None

    @property
    def mode(self) -> str:
        return "webhook" if self.webhook_url else "polling"

    async def start(self) -> None:
        run = self._running = asyncio.ensure_future(self._run())
        try:
            await asyncio.shield(run)
        except asyncio.CancelledError:
            self._stop.set()
            with contextlib.suppress(Exception, asyncio.CancelledError):
                await asyncio.wait_for(run, timeout=self.grace)
            raise

    async def _run(self) -> None:
        await set_commands(self.bot, self.chat_app, self.languages)
        await set_menu_button(self.bot, self.ctx.web_app_url)
        if self.webhook_url:
            await run_webhook(
                self.bot,
                self.dp,
                self.webhook_url,
                self.webhook_secret,
                self.webhook_host,
                self.webhook_port,
                stop=self._stop,
            )
        else:
            await run_polling(
                self.bot, self.dp, polling_timeout=self.polling_timeout, stop=self._stop
            )

    async def stop(self) -> None:
        """Ask ``start()`` to return after the batch in hand."""
        self._stop.set()

    async def close(self) -> None:
        """Stop (letting the batch in hand finish, for up to ``grace`` seconds) and close
        the bot's HTTP session."""
        self._stop.set()
        if self._running is not None and not self._running.done():
            with contextlib.suppress(Exception, asyncio.CancelledError):
                await asyncio.wait_for(asyncio.shield(self._running), timeout=self.grace)
        await self.bot.session.close()
