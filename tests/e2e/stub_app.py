"""A small stand-in for ``handlers.app.ChatApp``: enough behaviour to exercise the Telegram
plumbing (commands, a form kept in the conversation store, buttons checked against their
owner, files, the relay, long texts, failures) without the real conversation layer."""

from __future__ import annotations

from typing import Any

from core.shared.context import Context
from core.shared.errors import PermissionDenied
from core.shared.events import DomainEvent
from handlers.markup import escape
from handlers.types import (
    Button,
    ChatActions,
    Incoming,
    Notification,
    OutgoingAttachment,
    PlatformFiles,
    Reply,
)


class StubChatApp:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.seen: list[Incoming] = []
        self.relays: dict[tuple[str, str], int] = {}

    async def handle(
        self,
        incoming: Incoming,
        actions: ChatActions | None = None,
        files: PlatformFiles | None = None,
    ) -> list[Reply]:
        self.seen.append(incoming)
        if incoming.action is not None:
            return await self._press(incoming)
        command = incoming.command
        if command == "card":
            return [self._card(incoming.actor_id, 0)]
        if command == "long":
            return [Reply("\n".join(f"line {i}: " + "x" * 60 for i in range(200)))]
        if command == "boom":
            raise RuntimeError("boom")
        if command == "denied":
            raise PermissionDenied("Only <moderators> can do that.")
        if command == "file":
            return [Reply("Your file", attachments=(OutgoingAttachment(incoming.args, "a.pdf"),),
                          order_id=7)]
        if command == "form":
            await self._put(incoming.chat_key, {"step": "title"})
            return [Reply("Form: what is the title?")]
        if command is not None:
            return [Reply(f"command {escape(command)} args {escape(incoming.args)}")]
        form = await self._get(incoming.chat_key)
        if form is not None:
            return await self._form_step(incoming, form)
        if incoming.attachments:
            names = ", ".join(escape(a.name) for a in incoming.attachments)
            return [Reply(f"got file {names}")]
        relayed = f" (reply to {incoming.reply_to_ref})" if incoming.reply_to_ref else ""
        return [Reply(f"echo: {escape(incoming.text)}{relayed}", order_id=7)]

    def _card(self, owner: int, bumps: int) -> Reply:
        return Reply(
            f"Card of #{owner}: <b>{bumps}</b> bumps",
            buttons=(
                (Button("Bump", action=f"card:bump:{owner}:{bumps}"),
                 Button("Docs", url="https://example.com/docs")),
            ),
        )

    async def _press(self, incoming: Incoming) -> list[Reply]:
        if incoming.action == "boom":
            raise RuntimeError("a button broke")
        if incoming.action == "essay":
            return [Reply("A very long alert. " * 20, alert=True)]
        parts = (incoming.action or "").split(":")
        if parts[:2] != ["card", "bump"] or len(parts) != 4:
            return [Reply("That button is no longer valid.", alert=True)]
        owner, bumps = int(parts[2]), int(parts[3])
        if owner != incoming.actor_id:
            return [Reply("That card is not yours.", alert=True)]
        key = f"bumps:{owner}"
        current = (await self._get(key) or {"n": 0})["n"]
        if bumps != current:
            return [Reply("This card is out of date.", alert=True)]
        await self._put(key, {"n": current + 1})
        return [self._edit(owner, current + 1)]

    def _edit(self, owner: int, bumps: int) -> Reply:
        card = self._card(owner, bumps)
        return Reply(card.text, buttons=card.buttons, edit=True)

    async def _form_step(self, incoming: Incoming, form: dict[str, Any]) -> list[Reply]:
        if form["step"] == "title":
            await self._put(incoming.chat_key, {"step": "budget", "title": incoming.text})
            return [Reply("Form: what is the budget?")]
        async with self.ctx.uow() as uow:
            await uow.conversations.delete(incoming.chat_key)
            await uow.commit()
        return [Reply(f"Form done: {escape(form['title'])} for {escape(incoming.text)}")]

    async def _get(self, key: str) -> dict[str, Any] | None:
        async with self.ctx.uow() as uow:
            return await uow.conversations.get(key)

    async def _put(self, key: str, state: dict[str, Any]) -> None:
        async with self.ctx.uow() as uow:
            await uow.conversations.put(key, state, self.ctx.clock.now())
            await uow.commit()

    async def render(
        self, event: DomainEvent, platform: str | None = None
    ) -> list[Notification]:
        order_id = event.payload.get("order_id")
        return [
            Notification(account_id=r, text=f"Event <b>{escape(event.type)}</b> for #{r}",
                         order_id=order_id, event_id=event.id)
            for r in event.recipients
        ]

    async def render_feed(
        self, event: DomainEvent, platform: str | None = None
    ) -> Notification | None:
        offer_id = event.payload.get("offer_id")
        if offer_id is None:
            return None
        return Notification(account_id=0, text=f"New offer #{offer_id}",
                            extra={"deep_link": f"offer_{offer_id}"})

    async def remember_relay(
        self, platform: str, chat_ref: str, message_ref: str, order_id: int
    ) -> None:
        self.relays[(chat_ref, message_ref)] = order_id

    def command_menu(self, language: str) -> list[tuple[str, str]]:
        return [("start", "Start here"), ("help", "What I can do"), ("offers", "Browse offers")]
