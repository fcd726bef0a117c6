"""Help, the menu, leaving a form, the inbox of undeliverable DMs; and the listeners for
direct messages and form modals."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bots.discord.admin import NOTE_MODAL
from bots.discord.cogs import cmd_name, desc
from bots.discord.items import ACTION_PATTERN

if TYPE_CHECKING:
    from bots.discord.app import BotGigBot


class General(commands.Cog):
    def __init__(self, bot: BotGigBot) -> None:
        self.bot = bot
        self.talk = bot.conversation

    @app_commands.command(name=cmd_name("help"), description=desc("cmd.help"))
    async def help(self, interaction: discord.Interaction[Any]) -> None:
        await self.talk.command(interaction, "help")

    @app_commands.command(name=cmd_name("menu"), description=desc("cmd.menu"))
    async def menu(self, interaction: discord.Interaction[Any]) -> None:
        await self.talk.command(interaction, "menu")

    @app_commands.command(name=cmd_name("cancel"), description=desc("cmd.cancel"))
    async def cancel(self, interaction: discord.Interaction[Any]) -> None:
        await self.talk.command(interaction, "cancel")

    @app_commands.command(name=cmd_name("inbox"), description=desc("front.cmd.inbox"))
    async def inbox(self, interaction: discord.Interaction[Any]) -> None:
        await self.talk.show_inbox(interaction)

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if message.guild is None and not message.author.bot:
            await self.talk.direct_message(message)

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction[Any]) -> None:
        # Form modals are not kept in memory (so one open across a restart still submits):
        # their submits are recognised here by the custom id.
        if interaction.type is discord.InteractionType.modal_submit:
            handled = await self.talk.modal_submit(interaction)
            if not handled and not _admin_owns(self.bot, interaction):
                await self.talk.unknown_component(interaction)
        elif interaction.type is discord.InteractionType.component and not (
            ACTION_PATTERN.fullmatch(_custom_id(interaction))
        ):
            await self.talk.unknown_component(interaction)


def _admin_owns(bot: BotGigBot, interaction: discord.Interaction[Any]) -> bool:
    # The admin cog's own listener answers its note modal.
    return bot.admin is not None and _custom_id(interaction) == NOTE_MODAL


def _custom_id(interaction: discord.Interaction[Any]) -> str:
    data: dict[str, Any] = dict(interaction.data or {})
    return str(data.get("custom_id", ""))


async def setup(bot: BotGigBot) -> None:
    await bot.add_cog(General(bot))
