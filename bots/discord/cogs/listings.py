"""Offers, requests and proposals: ``/offer new|list|mine``, ``/request new|list|mine``,
``/bid`` and ``/proposals``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bots.discord.cogs import (
    MY_REQUEST_CHOICES,
    OPEN_REQUEST_CHOICES,
    category_choices,
    cmd_name,
    desc,
    words,
)

if TYPE_CHECKING:
    from bots.discord.app import BotGigBot

Interaction = discord.Interaction[Any]
Id = app_commands.Range[int, 1]


class Listings(commands.Cog):
    offer = app_commands.Group(name=cmd_name("offer"), description=desc("front.cmd.offer"))
    request = app_commands.Group(name=cmd_name("request"), description=desc("front.cmd.request"))

    def __init__(self, bot: BotGigBot) -> None:
        self.bot = bot
        self.talk = bot.conversation

    @offer.command(name=cmd_name("new"), description=desc("cmd.newoffer"))
    async def offer_new(self, interaction: Interaction) -> None:
        await self.talk.command(interaction, "newoffer")

    @offer.command(name=cmd_name("list"), description=desc("front.cmd.offer_list"))
    @app_commands.describe(category="A category", search="Words to look for")
    @app_commands.autocomplete(category=category_choices)
    async def offer_list(
        self, interaction: Interaction, category: str | None = None, search: str | None = None
    ) -> None:
        await self.talk.command(interaction, "offers", words(category, search))

    @offer.command(name=cmd_name("mine"), description=desc("cmd.myoffers"))
    async def offer_mine(self, interaction: Interaction) -> None:
        await self.talk.command(interaction, "myoffers")

    @request.command(name=cmd_name("new"), description=desc("cmd.newrequest"))
    async def request_new(self, interaction: Interaction) -> None:
        await self.talk.command(interaction, "newrequest")

    @request.command(name=cmd_name("list"), description=desc("front.cmd.request_list"))
    @app_commands.describe(category="A category", search="Words to look for")
    @app_commands.autocomplete(category=category_choices)
    async def request_list(
        self, interaction: Interaction, category: str | None = None, search: str | None = None
    ) -> None:
        await self.talk.command(interaction, "requests", words(category, search))

    @request.command(name=cmd_name("mine"), description=desc("cmd.myrequests"))
    async def request_mine(self, interaction: Interaction) -> None:
        await self.talk.command(interaction, "myrequests")

    @app_commands.command(name=cmd_name("bid"), description=desc("front.cmd.bid"))
    @app_commands.describe(request="The request's number")
    @app_commands.autocomplete(request=OPEN_REQUEST_CHOICES)
    async def bid(self, interaction: Interaction, request: Id) -> None:
        await self.talk.command(interaction, "bid", str(request))

    @app_commands.command(name=cmd_name("proposals"), description=desc("front.cmd.proposals"))
    @app_commands.describe(request="The request's number")
    @app_commands.autocomplete(request=MY_REQUEST_CHOICES)
    async def proposals(self, interaction: Interaction, request: Id) -> None:
        await self.talk.command(interaction, "proposals", str(request))


async def setup(bot: BotGigBot) -> None:
    await bot.add_cog(Listings(bot))
