"""Orders: ``/order view|list|msg|deliver|pay|approve|revise|dispute|cancel|review``. Without the
optional text, revise, dispute and review open the same forms as on Telegram (as a modal
where the answers are typed)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bots.discord.cogs import ORDER_CHOICES, cmd_name, desc, words

if TYPE_CHECKING:
    from bots.discord.app import BotGigBot

Interaction = discord.Interaction[Any]
Id = app_commands.Range[int, 1]
Rating = app_commands.Range[int, 1, 5]


class Orders(commands.Cog):
    order = app_commands.Group(name=cmd_name("order"), description=desc("front.cmd.order"))

    def __init__(self, bot: BotGigBot) -> None:
        self.bot = bot
        self.talk = bot.conversation

    @order.command(name=cmd_name("list"), description=desc("cmd.orders"))
    async def order_list(self, interaction: Interaction) -> None:
        await self.talk.command(interaction, "orders")

    @order.command(name=cmd_name("view"), description=desc("front.cmd.order_view"))
    @app_commands.autocomplete(order=ORDER_CHOICES)
    @app_commands.describe(order="The order's number")
    async def order_view(self, interaction: Interaction, order: Id) -> None:
        await self.talk.command(interaction, "order", str(order))

    @order.command(name=cmd_name("msg"), description=desc("front.cmd.order_msg"))
    @app_commands.autocomplete(order=ORDER_CHOICES)
    @app_commands.describe(order="The order's number", text="Your message", file="A file")
    async def order_msg(
        self,
        interaction: Interaction,
        order: Id,
        text: str | None = None,
        file: discord.Attachment | None = None,
    ) -> None:
        files = (file,) if file is not None else ()
        await self.talk.command(interaction, "msg", words(order, text), files=files)

    @order.command(name=cmd_name("deliver"), description=desc("front.cmd.order_deliver"))
    @app_commands.autocomplete(order=ORDER_CHOICES)
    @app_commands.describe(
        order="The order's number", file="The work as a file", note="A note for the buyer"
    )
    async def order_deliver(
        self,
        interaction: Interaction,
        order: Id,
        file: discord.Attachment | None = None,
        note: str | None = None,
    ) -> None:
        files = (file,) if file is not None else ()
        await self.talk.command(
            interaction, "deliver", str(order), files=files, form_text=note or ""
        )

    @order.command(name=cmd_name("pay"), description=desc("cmd.pay"))
    @app_commands.autocomplete(order=ORDER_CHOICES)
    @app_commands.describe(order="The order's number")
    async def order_pay(self, interaction: Interaction, order: Id) -> None:
        await self.talk.command(interaction, "pay", str(order))

    @order.command(name=cmd_name("approve"), description=desc("cmd.approve"))
    @app_commands.autocomplete(order=ORDER_CHOICES)
    @app_commands.describe(order="The order's number")
    async def order_approve(self, interaction: Interaction, order: Id) -> None:
        await self.talk.command(interaction, "approve", str(order))

    @order.command(name=cmd_name("revise"), description=desc("cmd.revise"))
    @app_commands.autocomplete(order=ORDER_CHOICES)
    @app_commands.describe(order="The order's number", what="What to change")
    async def order_revise(
        self, interaction: Interaction, order: Id, what: str | None = None
    ) -> None:
        await self.talk.command(interaction, "revise", words(order, what))

    @order.command(name=cmd_name("dispute"), description=desc("cmd.dispute"))
    @app_commands.autocomplete(order=ORDER_CHOICES)
    @app_commands.describe(order="The order's number", reason="What went wrong")
    async def order_dispute(
        self, interaction: Interaction, order: Id, reason: str | None = None
    ) -> None:
        await self.talk.command(interaction, "dispute", words(order, reason))

    @order.command(name=cmd_name("cancel"), description=desc("front.cmd.order_cancel"))
    @app_commands.autocomplete(order=ORDER_CHOICES)
    @app_commands.describe(order="The order's number", reason="Why (optional)")
    async def order_cancel(
        self, interaction: Interaction, order: Id, reason: str | None = None
    ) -> None:
        await self.talk.command(interaction, "cancelorder", words(order, reason))

    @order.command(name=cmd_name("review"), description=desc("front.cmd.review"))
    @app_commands.autocomplete(order=ORDER_CHOICES)
    @app_commands.describe(order="The order's number", rating="1 to 5 stars", text="Your review")
    async def order_review(
        self,
        interaction: Interaction,
        order: Id,
        rating: Rating | None = None,
        text: str | None = None,
    ) -> None:
        args = words(order, rating, text) if rating is not None else str(order)
        await self.talk.command(interaction, "review", args)


async def setup(bot: BotGigBot) -> None:
    await bot.add_cog(Orders(bot))
