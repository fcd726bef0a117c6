"""Building and running the Discord bot.

``BotGigBot`` is an ``AutoShardedBot`` (one process runs every shard Discord recommends) with
one cog per feature, loaded in ``setup_hook`` (RoboDanny's layout). Cogs only map slash
commands to ``/<command> <args>`` of the conversation layer; no rule lives in them. Buttons
are ``ActionButton`` dynamic items, registered once, so they work on any message after a
restart. ``DiscordFrontEnd`` is what the composition root starts.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Collection, Sequence
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bots.discord.admin import DiscordAdmin, discord_mention
from bots.discord.conversation import NO_MENTIONS, DiscordConversation
from bots.discord.files import DiscordFiles
from bots.discord.items import ActionButton
from bots.discord.localisation import CatalogTranslator
from bots.discord.render import plain
from bots.discord.texts import say
from bots.discord.transport import DiscordTransport, discord_notifier
from core.accounts.linking import CHAT_PLATFORMS
from core.shared.context import Context
from core.shared.errors import MarketplaceError
from handlers.contract import AdminConversation, ConversationApp
from handlers.markup import escape
from handlers.notifications import AdminPosts

log = logging.getLogger(__name__)

EXTENSIONS: tuple[str, ...] = (
    "bots.discord.cogs.general",
    "bots.discord.cogs.listings",
    "bots.discord.cogs.orders",
    "bots.discord.cogs.account",
)
#: Loaded when the bot has an admin app.
ADMIN_EXTENSION = "bots.discord.cogs.admin"


def intents() -> discord.Intents:
    """Servers (for slash commands and channels) and direct messages. DM text reaches a bot
    without the privileged message-content intent; server messages are never read."""
    wanted = discord.Intents.none()
    wanted.guilds = True
    wanted.dm_messages = True
    return wanted


class BotGigBot(commands.AutoShardedBot):
    def __init__(
        self,
        conversation: DiscordConversation,
        *,
        guild_id: int | None = None,
        sync_commands: bool = True,
        extensions: Sequence[str] = EXTENSIONS,
        admin: DiscordAdmin | None = None,
        **options: Any,
    ) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents(),
            allowed_mentions=NO_MENTIONS,
            help_command=None,
            **options,
        )
        self.conversation = conversation
        self.guild_id = guild_id
        self.sync_commands = sync_commands
        #: The admin channel's handler (``/mod``, ``adm:`` buttons); None without one.
        self.admin = admin
        self.initial_extensions = tuple(extensions) + ((ADMIN_EXTENSION,) if admin else ())
        self.tree.error(self.on_app_command_error)

    async def setup_hook(self) -> None:
        await self.tree.set_translator(CatalogTranslator())
        self.add_dynamic_items(ActionButton)
        for extension in self.initial_extensions:
            await self.load_extension(extension)
        if self.sync_commands:
            await self.sync_tree()

    async def sync_tree(self) -> list[app_commands.AppCommand]:
        """Register the slash commands: in the configured guild (instant, for a private
        server or development) or globally (every server and DMs; Discord may take a while
        to show changes)."""
        if self.guild_id is not None:
            guild = discord.Object(id=self.guild_id)
            self.tree.copy_global_to(guild=guild)
            return await self.tree.sync(guild=guild)
        return await self.tree.sync()

    async def on_message(self, message: discord.Message) -> None:
        # No prefix commands: DMs are handled by the general cog's listener.
        return

    async def on_app_command_error(
        self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError
    ) -> None:
        """The one place a failing slash command becomes an answer."""
        cause = getattr(error, "original", error)
        if isinstance(cause, MarketplaceError):
            text = "⚠️ " + escape(cause.message)
        else:
            log.error("slash command %s from user %s failed",
                      interaction.command.qualified_name if interaction.command else "?",
                      interaction.user.id, exc_info=cause)
            text = say(None, "front.internal_error")
        content = plain(text)[0].content or ""
        with contextlib.suppress(discord.HTTPException):
            if interaction.response.is_done():
                await interaction.followup.send(content, ephemeral=True)
            else:
                await interaction.response.send_message(content, ephemeral=True)


class DiscordFrontEnd:
    """The Discord bot as one part of ``botgig run``.

    ``start()`` logs in, registers the slash commands (in ``guild_id`` when set, else
    globally) and runs the gateway until ``close()``. ``notifier`` is the EventSink the outbox
    dispatcher feeds. With an ``admin_app`` (``handlers.admin.AdminApp``) the admin channel is
    its: ``/mod`` and ``adm:`` buttons go to it, and ``admin_sink`` (an EventSink too, None
    without an admin channel) posts admin events there instead of the notifier.
    """

    def __init__(
        self,
        ctx: Context,
        chat_app: ConversationApp,
        token: str,
        guild_id: int | None = None,
        feed_channel_id: int | None = None,
        admin_channel_id: int | None = None,
        *,
        fallback_channel_id: int | None = None,
        platforms: Collection[str] = CHAT_PLATFORMS,
        admin_app: AdminConversation | None = None,
        sync_commands: bool = True,
        **options: Any,
    ) -> None:
        self.ctx = ctx
        self.chat_app = chat_app
        self._token = token
        self.conversation = DiscordConversation(ctx, chat_app)
        admin = DiscordAdmin(admin_app, self.conversation) if admin_app is not None else None
        self.bot = BotGigBot(
            self.conversation, guild_id=guild_id, sync_commands=sync_commands, admin=admin,
            **options,
        )
        self.conversation.files = DiscordFiles(self.bot)
        self.admin_sink: AdminPosts | None = None
        if admin_app is not None and admin_channel_id is not None:
            self.admin_sink = AdminPosts(
                admin_app,
                DiscordTransport(self.bot, chat_app, admin_channel_id=admin_channel_id),
                discord_mention,
            )
            # The admin sink posts admin events: one post per event on Discord.
            admin_channel_id = None
        self.notifier = discord_notifier(
            ctx,
            chat_app,
            DiscordTransport(
                self.bot,
                chat_app,
                feed_channel_id=feed_channel_id,
                admin_channel_id=admin_channel_id,
                fallback_channel_id=fallback_channel_id,
                files=ctx.files,
            ),
            platforms=platforms,
        )
        self._started = False

    async def start(self) -> None:
        self._started = True
        try:
            await self.bot.start(self._token)
        except asyncio.CancelledError:
            await self.close()
            raise

    async def close(self) -> None:
        # A bot that never logged in has no gateway or HTTP session to close.
        if self._started and not self.bot.is_closed():
            await self.bot.close()
