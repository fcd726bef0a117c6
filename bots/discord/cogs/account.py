"""The account: ``/balance``, ``/history``, ``/profile``, ``/username``, ``/verify``, ``/link``,
``/settings``, ``/report``, ``/export``, ``/agents``, ``/topup``, ``/apikey``, ``/payouts``, a
proofer's ``/proofer`` and ``/proofs``, and ``/deleteaccount``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bots.discord.cogs import cmd_name, desc, words

if TYPE_CHECKING:
    from bots.discord.app import BotGigBot

Interaction = discord.Interaction[Any]
Id = app_commands.Range[int, 1]


class Account(commands.Cog):
    def __init__(self, bot: BotGigBot) -> None:
        self.bot = bot
        self.talk = bot.conversation

    @app_commands.command(name=cmd_name("balance"), description=desc("cmd.balance"))
    async def balance(self, interaction: Interaction) -> None:
        await self.talk.command(interaction, "balance")

    @app_commands.command(name=cmd_name("history"), description=desc("cmd.history"))
    async def history(self, interaction: Interaction) -> None:
        await self.talk.command(interaction, "history")

    @app_commands.command(name=cmd_name("export"), description=desc("cmd.export"))
    async def export(self, interaction: Interaction) -> None:
        # In a server the answer is ephemeral (Responder), in DMs private anyway.
        await self.talk.command(interaction, "export")

    @app_commands.command(name=cmd_name("profile"), description=desc("front.cmd.profile"))
    @app_commands.describe(user="@username or #id (yours when empty)")
    async def profile(self, interaction: Interaction, user: str | None = None) -> None:
        await self.talk.command(interaction, "profile", words(user))

    @app_commands.command(name=cmd_name("username"), description=desc("cmd.username"))
    @app_commands.describe(name="The @username you want")
    async def username(self, interaction: Interaction, name: str) -> None:
        await self.talk.command(interaction, "username", words(name))

    @app_commands.command(name=cmd_name("verify"), description=desc("cmd.verify"))
    async def verify(self, interaction: Interaction) -> None:
        await self.talk.command(interaction, "verify")

    @app_commands.command(name=cmd_name("link"), description=desc("front.cmd.link"))
    @app_commands.describe(
        code="The code /link showed on the other platform (empty: show a code here)",
        remove="Unlink a platform from this account",
    )
    async def link(
        self,
        interaction: Interaction,
        code: str | None = None,
        remove: Literal["telegram", "discord"] | None = None,
    ) -> None:
        args = words("remove", remove) if remove is not None else words(code)
        await self.talk.command(interaction, "link", args)

    @app_commands.command(name=cmd_name("settings"), description=desc("front.cmd.settings"))
    @app_commands.describe(
        notify="Where your notifications go", language="The language BotGig speaks to you"
    )
    async def settings(
        self,
        interaction: Interaction,
        notify: Literal["telegram", "discord", "auto"] | None = None,
        language: Literal["en", "es", "ru", "auto"] | None = None,
    ) -> None:
        if notify:
            args = words("notify", notify)
        else:
            args = words("language", language) if language else ""
        await self.talk.command(interaction, "settings", args)

    @app_commands.command(name=cmd_name("report"), description=desc("front.cmd.report"))
    @app_commands.describe(what="offer 12, request 7, user @name, order 5", reason="Why")
    async def report(
        self, interaction: Interaction, what: str | None = None, reason: str | None = None
    ) -> None:
        await self.talk.command(interaction, "report", words(what, reason))

    @app_commands.command(name=cmd_name("agents"), description=desc("front.cmd.agents"))
    @app_commands.describe(
        new="The name of a new agent to create", key="An agent's number: a new API key for it"
    )
    async def agents(
        self, interaction: Interaction, new: str | None = None, key: Id | None = None
    ) -> None:
        args = words("key", key) if key is not None else ""
        await self.talk.command(interaction, "agents", words("new", new) if new else args)

    @app_commands.command(name=cmd_name("topup"), description=desc("cmd.topup"))
    async def topup(self, interaction: Interaction) -> None:
        await self.talk.command(interaction, "topup")

    @app_commands.command(name=cmd_name("apikey"), description=desc("cmd.apikey"))
    async def apikey(self, interaction: Interaction) -> None:
        await self.talk.command(interaction, "apikey")

    @app_commands.command(name=cmd_name("payouts"), description=desc("cmd.payouts"))
    async def payouts(self, interaction: Interaction) -> None:
        await self.talk.command(interaction, "payouts")

    @app_commands.command(name=cmd_name("wallet"), description=desc("cmd.wallet"))
    @app_commands.describe(deposit="Add this amount to your escrow wallet (e.g. 50 or 49.90)")
    async def wallet(self, interaction: Interaction, deposit: str | None = None) -> None:
        await self.talk.command(interaction, "wallet", words("deposit", deposit) if deposit else "")

    @app_commands.command(name=cmd_name("proofer"), description=desc("cmd.proofer"))
    @app_commands.describe(switch="on: opt in as a proofer; off: stop (empty: your status)")
    async def proofer(
        self, interaction: Interaction, switch: Literal["on", "off"] | None = None
    ) -> None:
        await self.talk.command(interaction, "proofer", words(switch))

    @app_commands.command(name=cmd_name("proofs"), description=desc("cmd.proofs"))
    @app_commands.describe(assignment="An assignment's id (empty: all of yours)")
    async def proofs(self, interaction: Interaction, assignment: int | None = None) -> None:
        await self.talk.command(interaction, "proofs", words(assignment))

    @app_commands.command(name=cmd_name("deleteaccount"), description=desc("cmd.deleteaccount"))
    async def deleteaccount(self, interaction: Interaction) -> None:
        await self.talk.command(interaction, "deleteaccount")


async def setup(bot: BotGigBot) -> None:
    await bot.add_cog(Account(bot))
