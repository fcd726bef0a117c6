"""Per-chat state kept in storage (``uow.conversations``), so a restart or a second process
continues where the user left off: the open form, the order the user is "in", the relay map
of forwarded messages, and saved list queries for next-page buttons."""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from core.shared.context import Context
from handlers.types import Incoming


def chat_state_key(incoming: Incoming) -> str:
    """The chat itself in a private chat; one slot per member in a group, so members of a
    group never fill in each other's forms."""
    if incoming.is_private_chat:
        return incoming.chat_key
    return f"{incoming.chat_key}:member:{incoming.actor_id}"


def chat_ref_of(incoming: Incoming) -> str:
    """The platform's chat reference: ``chat_key`` is ``<platform>:<chat ref>``."""
    prefix = f"{incoming.platform.value}:"
    key = incoming.chat_key
    return key[len(prefix) :] if key.startswith(prefix) else key


def relay_key(platform: str, chat_ref: str, message_ref: str) -> str:
    return f"relay:{platform}:{chat_ref}:{message_ref}"


@dataclass
class ChatState:
    actor_id: int
    form: dict[str, Any] | None = None
    in_order: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    #: What storage holds for this chat (as loaded, or as last saved): a save that would
    #: write the same again writes nothing, so a read-only command costs no write.
    stored: dict[str, Any] | None = field(default=None, repr=False, compare=False)

    @property
    def empty(self) -> bool:
        return self.form is None and self.in_order is None and not self.extra

    def to_json(self) -> dict[str, Any]:
        return {
            "actor_id": self.actor_id,
            "form": self.form,
            "in_order": self.in_order,
            "extra": self.extra,
        }


async def load_chat(ctx: Context, incoming: Incoming) -> ChatState:
    async with ctx.uow() as uow:
        raw = await uow.conversations.get(chat_state_key(incoming))
    # A copy: handlers change the form's nested dicts in place, which must not change what
    # storage is thought to hold.
    stored = copy.deepcopy(raw)
    if not raw or raw.get("actor_id") != incoming.actor_id:
        return ChatState(actor_id=incoming.actor_id, stored=stored)
    in_order = raw.get("in_order")
    return ChatState(
        actor_id=incoming.actor_id,
        form=raw.get("form") or None,
        in_order=in_order if isinstance(in_order, int) else None,
        extra=dict(raw.get("extra") or {}),
        stored=stored,
    )


async def save_chat(ctx: Context, incoming: Incoming, state: ChatState) -> None:
    key = chat_state_key(incoming)
    wanted = None if state.empty else state.to_json()
    if wanted == state.stored:
        return
    async with ctx.uow() as uow:
        if wanted is None:
            await uow.conversations.delete(key)
        else:
            await uow.conversations.put(key, wanted, ctx.clock.now())
        await uow.commit()
    state.stored = copy.deepcopy(wanted)


async def remember_relay(
    ctx: Context, platform: str, chat_ref: str, message_ref: str, order_id: int
) -> None:
    async with ctx.uow() as uow:
        await uow.conversations.put(
            relay_key(platform, chat_ref, message_ref), {"order_id": order_id}, ctx.clock.now()
        )
        await uow.commit()


async def relayed_order(ctx: Context, incoming: Incoming) -> int | None:
    """The order of the message the user replied to, if it was a relayed one."""
    if not incoming.reply_to_ref:
        return None
    key = relay_key(incoming.platform.value, chat_ref_of(incoming), incoming.reply_to_ref)
    async with ctx.uow() as uow:
        raw = await uow.conversations.get(key)
    order_id = raw.get("order_id") if raw else None
    return order_id if isinstance(order_id, int) else None


def _query_id(query: dict[str, Any]) -> str:
    digest = hashlib.sha256(json.dumps(query, sort_keys=True).encode()).hexdigest()
    return digest[:12]


async def save_query(ctx: Context, query: dict[str, Any]) -> str:
    """Store a list query for its next-page buttons; the id is derived from the query, so the
    same search always maps to the same stored entry."""
    qid = _query_id(query)
    async with ctx.uow() as uow:
        if await uow.conversations.get(f"query:{qid}") is None:
            await uow.conversations.put(f"query:{qid}", query, ctx.clock.now())
            await uow.commit()
    return qid


async def load_query(ctx: Context, qid: str) -> dict[str, Any] | None:
    async with ctx.uow() as uow:
        return await uow.conversations.get(f"query:{qid}")
