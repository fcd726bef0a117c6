"""The admin channel: ``/mod <command line>`` (``/mod disputes``, ``/mod claim 3``,
``/mod note <text>``) for the admin app; and the ruling note modal's submit. Loaded only when
the front end has an admin app (``BotGigBot.admin``); the admin app refuses other channels
and non-moderators, and logs the attempt."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bots.discord.admin import NOTE_FIELD
from handlers.admin.commands import ADMIN_COMMANDS

if TYPE_CHECKING:
    from bots.discord.app import BotGigBot


class Admin(commands.Cog):
    def __init__(self, bot: BotGigBot) -> None:
        assert bot.admin is not None
        self.admin = bot.admin

    @app_commands.command(name="mod", description="Moderators: an admin command (admin channel)")
    @app_commands.describe(command="e.g. disputes, case 3, claim 3, help, note <text>")
    # Hidden from members without Manage Messages (a server can grant it to its moderator
    # role under Integrations); the admin app still checks the moderator role on every use.
    @app_commands.default_permissions(manage_messages=True)
    @app_commands.guild_only()
    async def mod(self, interaction: discord.Interaction[Any], command: str) -> None:
        await self.admin.command(interaction, command)

    @mod.autocomplete("command")
    async def mod_commands(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        wanted = current.strip().lower()
        return [
            app_commands.Choice(name=name, value=name)
            for name in (*ADMIN_COMMANDS, NOTE_FIELD)
            if name.startswith(wanted.split(" ", 1)[0])
        ][:25]

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction[Any]) -> None:
        if interaction.type is discord.InteractionType.modal_submit:
            await self.admin.modal_submit(interaction)


async def setup(bot: BotGigBot) -> None:
    await bot.add_cog(Admin(bot))
