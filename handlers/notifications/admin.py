"""The admin app's posts (dispute case cards, notices) in one platform's admin channel."""

from __future__ import annotations

from collections.abc import Sequence

from core.accounts.model import Account, Identity
from core.shared.events import DomainEvent
from handlers.contract import AdminConversation, Mention
from handlers.notifications.dedup import SentMemory
from handlers.notifications.transport import Transport
from handlers.types import Notification


class AdminPosts:
    """``core.shared.ports.EventSink`` posting admin-channel events through ``transport``.

    It owns the admin channel: the platform's ``Notifier`` gets a transport without one, so
    an admin event is posted once per platform. A post that went out is remembered for its
    event, so a retry does not repeat it. An unclaimed case calls the moderators with the
    platform's ``mention``; those on this platform are pinged.
    """

    def __init__(
        self,
        admin_app: AdminConversation,
        transport: Transport,
        mention: Mention,
        *,
        memory: int = 10_000,
    ) -> None:
        self.admin_app = admin_app
        self.transport = transport
        self.mention = mention
        self.name = f"{transport.platform}-admin"
        self.sent = SentMemory(memory)

    async def deliver(self, event: DomainEvent) -> None:
        if "admin" not in event.channels:
            return
        called: list[str] = []

        def mention(account: Account, identities: Sequence[Identity]) -> str | None:
            text = self.mention(account, identities)
            user = next((i for i in identities if i.provider == self.transport.platform), None)
            if text is not None and user is not None:
                called.append(user.external_id)
            return text

        replies = await self.admin_app.render(
            event, mention=mention, platform=self.transport.platform
        )
        pings = tuple(dict.fromkeys(called))
        for index, reply in enumerate(replies):
            key = f"{event.id}:{index}"
            if key in self.sent:
                continue
            post = Notification(
                account_id=0,
                text=reply.text,
                buttons=reply.buttons,
                attachments=reply.attachments,
                event_id=event.id,
                extra={"channel": "admin"},
            )
            await self.transport.post("admin", post, pings)
            self.sent.add(key)
