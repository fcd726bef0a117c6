"""Notifications that could not be sent as a DM (the user closed their DMs), kept in the
conversation store until the user reads them (Discord's /inbox, or the button on the fallback
mention). Nothing is lost and nothing private is posted in a channel."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.shared.context import Context
from handlers.types import Button, Notification, OutgoingAttachment

#: Beyond this, the oldest waiting notifications are dropped (and the count says so).
LIMIT = 200


def _key(platform: str, account_id: int) -> str:
    return f"{platform}:inbox:{account_id}"


def _dump(n: Notification) -> dict[str, Any]:
    return {
        "event_id": n.event_id,
        "text": n.text,
        "order_id": n.order_id,
        "buttons": [[{"label": b.label, "action": b.action, "url": b.url} for b in row]
                    for row in n.buttons],
        "attachments": [{"ref": a.ref, "name": a.name, "kind": a.kind} for a in n.attachments],
    }


def _load(account_id: int, raw: dict[str, Any]) -> Notification:
    order_id = raw.get("order_id")
    return Notification(
        account_id=account_id,
        text=str(raw.get("text", "")),
        order_id=order_id if isinstance(order_id, int) else None,
        event_id=str(raw.get("event_id", "")),
        buttons=tuple(
            tuple(Button(str(b.get("label", "")), action=b.get("action"), url=b.get("url"))
                  for b in row)
            for row in raw.get("buttons", [])
        ),
        attachments=tuple(
            OutgoingAttachment(str(a["ref"]), str(a["name"]), str(a.get("kind", "document")))
            for a in raw.get("attachments", [])
        ),
    )


@dataclass
class Inbox:
    ctx: Context
    #: The platform whose DMs were closed (one inbox per platform and account).
    platform: str

    async def add(self, notification: Notification) -> int:
        """Keep ``notification`` (once per event); returns how many are waiting."""
        key = _key(self.platform, notification.account_id)
        async with self.ctx.uow() as uow:
            state = await uow.conversations.get(key) or {"items": []}
            items = list(state.get("items", []))
            if not any(i.get("event_id") == notification.event_id and notification.event_id
                       for i in items):
                items.append(_dump(notification))
            dropped = int(state.get("dropped", 0)) + max(0, len(items) - LIMIT)
            items = items[-LIMIT:]
            await uow.conversations.put(
                key, {"items": items, "dropped": dropped}, self.ctx.clock.now()
            )
            await uow.commit()
        return len(items)

    async def count(self, account_id: int) -> int:
        async with self.ctx.uow() as uow:
            state = await uow.conversations.get(_key(self.platform, account_id))
        return len(state.get("items", [])) if state else 0

    async def pending(self, account_id: int) -> list[Notification]:
        """The waiting notifications, oldest first (``remove`` them once shown)."""
        async with self.ctx.uow() as uow:
            state = await uow.conversations.get(_key(self.platform, account_id))
        return [_load(account_id, raw) for raw in (state or {}).get("items", [])]

    async def remove(self, account_id: int, shown: list[Notification]) -> None:
        """Forget the notifications that were shown (others may have arrived meanwhile)."""
        ids = {n.event_id for n in shown}
        key = _key(self.platform, account_id)
        async with self.ctx.uow() as uow:
            state = await uow.conversations.get(key)
            if not state:
                return
            items = [i for i in state.get("items", []) if i.get("event_id") not in ids]
            if items:
                await uow.conversations.put(key, {**state, "items": items}, self.ctx.clock.now())
            else:
                await uow.conversations.delete(key)
            await uow.commit()
