"""Domain events to one chat platform: DMs to the accounts that get their notifications
there, posts in the feed channel, and plain notices in the admin channel. The outbox
dispatcher (botgig.workers) calls ``deliver``."""

from __future__ import annotations

import inspect
import logging
from collections.abc import Collection, Sequence

from core.accounts.linking import CHAT_PLATFORMS, notification_platform
from core.shared.context import Context
from core.shared.events import DomainEvent
from handlers.contract import EventRenderer
from handlers.files import copy_delivered_file
from handlers.markup import escape
from handlers.notifications.dedup import SentMemory
from handlers.notifications.inbox import Inbox
from handlers.notifications.transport import Channel, InboxNotice, Transport, Unreachable
from handlers.render import translator_for
from handlers.types import Notification, PlatformFiles

log = logging.getLogger(__name__)


class NotificationFailed(Exception):
    """Some messages of an event could not be sent; the dispatcher retries the event."""


def admin_text(event: DomainEvent) -> str:
    """A plain rendering for the moderators' channel when the handlers render none."""
    lines = [f"🛡 <b>{escape(event.type)}</b>"]
    for key, value in sorted(event.payload.items()):
        if value is None or value == "":
            continue
        lines.append(f"{escape(str(key))}: {escape(str(value))}")
    return "\n".join(lines)


class Notifier:
    """``core.shared.ports.EventSink`` for one platform, sending through its ``transport``.

    Who is notified here is decided by ``core.accounts.linking.notification_platform``
    among the running front ends (``platforms``), so every notification goes to exactly one
    platform. A message that went out is remembered for its event (``SentMemory``), so when
    one recipient fails and the dispatcher retries the event, the others are not messaged
    again. A recipient the platform refuses for good (``Unreachable``) is logged and skipped
    — or, with an ``inbox_notice``, the notification is kept in their ``Inbox`` and they
    are told; anything else raises ``NotificationFailed`` after the others were tried.
    """

    def __init__(
        self,
        ctx: Context,
        renderer: EventRenderer,
        transport: Transport,
        *,
        platforms: Collection[str] = CHAT_PLATFORMS,
        inbox_notice: InboxNotice | None = None,
        memory: int = 10_000,
        files: PlatformFiles | None = None,
    ) -> None:
        self.ctx = ctx
        self.renderer = renderer
        self.transport = transport
        self.name = transport.platform
        #: The chat front ends that run (notifications go to one of them per account).
        self.platforms = frozenset(platforms)
        self.inbox_notice = inbox_notice
        self.inbox = Inbox(ctx, transport.platform)
        self.sent = SentMemory(memory)
        #: Fetches this platform's files: a delivery whose copy failed is copied again here.
        self.files = files

    async def deliver(self, event: DomainEvent) -> None:
        # Before the notices: a file this platform holds becomes reachable everywhere.
        await copy_delivered_file(self.ctx, self.files, event)
        failures: list[str] = []
        wanted = event.recipients or event.channels
        rendered = await self.renderer.render(event, self.name) if wanted else []
        personal = [n for n in rendered if n.account_id != 0]
        posts = {n.extra.get("channel", ""): n for n in rendered if n.account_id == 0}
        users = await self.platform_users([n.account_id for n in personal])
        for notification in personal:
            target = users.get(notification.account_id)
            if target is not None:
                await self._direct(failures, event, *target, notification)
        if "feed" in event.channels and self.transport.has_channel("feed"):
            post = posts.get("feed") or await self._feed_post(event)
            if post is not None:
                await self._post(failures, event, "feed", post)
        if "admin" in event.channels and self.transport.has_channel("admin"):
            admin = posts.get("admin") or Notification(
                account_id=0, text=admin_text(event), event_id=event.id,
                extra={"channel": "admin"},
            )
            await self._post(failures, event, "admin", admin)
        if failures:
            raise NotificationFailed(f"event {event.id} ({event.type}): " + "; ".join(failures))

    async def platform_users(self, account_ids: Sequence[int]) -> dict[int, tuple[str, str]]:
        """(platform user id, language) of each account to notify on this platform."""
        ids = list(dict.fromkeys(account_ids))
        if not ids:
            return {}
        async with self.ctx.uow() as uow:
            accounts = await uow.accounts.get_many(ids)
            identities = await uow.accounts.identities_many(ids)
        platform = self.transport.platform
        users: dict[int, tuple[str, str]] = {}
        for account_id in ids:
            account = accounts.get(account_id)
            linked = identities.get(account_id, [])
            identity = next((i for i in linked if i.provider == platform), None)
            if account is None or identity is None:
                continue
            if notification_platform(account, linked, self.platforms) != platform:
                continue
            users[account_id] = (identity.external_id, translator_for(account).language)
        return users

    async def _feed_post(self, event: DomainEvent) -> Notification | None:
        post = self.renderer.render_feed(event, platform=self.name)
        if inspect.isawaitable(post):
            post = await post
        if post is None or post.extra.get("channel", "feed") != "feed":
            return None
        return post

    async def _direct(
        self,
        failures: list[str],
        event: DomainEvent,
        user_id: str,
        language: str,
        notification: Notification,
    ) -> None:
        key = f"{event.id}:user:{user_id}"
        if key in self.sent:
            return
        try:
            await self.transport.send_direct(user_id, notification, language)
        except Unreachable as exc:
            if self.inbox_notice is None:
                log.warning("event %s (%s) not delivered to %s user %s: %s", event.id,
                            event.type, self.transport.platform, user_id, exc)
            else:
                log.info("event %s: no DM to %s user %s (%s); keeping it in the inbox",
                         event.id, self.transport.platform, user_id, exc)
                try:
                    waiting = await self.inbox.add(notification)
                    await self.inbox_notice(user_id, waiting, language)
                except Exception as inbox_error:
                    failures.append(f"user {user_id}: inbox: {inbox_error}")
                    return
        except Exception as exc:
            failures.append(f"user {user_id}: {type(exc).__name__}: {exc}")
            return
        self.sent.add(key)

    async def _post(
        self, failures: list[str], event: DomainEvent, channel: Channel, post: Notification
    ) -> None:
        key = f"{event.id}:channel:{channel}"
        if key in self.sent:
            return
        try:
            await self.transport.post(channel, post)
        except Unreachable as exc:
            log.warning("event %s (%s) not posted in the %s channel: %s", event.id, event.type,
                        channel, exc)
        except Exception as exc:
            failures.append(f"{channel} channel: {type(exc).__name__}: {exc}")
            return
        self.sent.add(key)
