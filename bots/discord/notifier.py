"""Domain events to Discord: DMs to the accounts that get their notifications on Discord,
embeds with buttons in the job-board feed channel, and notices in the admin channel. The
outbox dispatcher (botgig.workers) calls ``deliver``.

Closed DMs (Discord answers 403) lose nothing: the notification is kept in the user's inbox
(``bots.discord.inbox``) and the user is mentioned in the fallback channel with a button that
shows it to them privately (and /inbox does the same); nothing private is posted there.
"""

from __future__ import annotations

import inspect
import logging
from collections import OrderedDict
from collections.abc import Collection, Sequence

import discord

from bots.discord.contract import ConversationApp
from bots.discord.conversation import INBOX_ACTION, NO_MENTIONS
from bots.discord.inbox import Inbox
from bots.discord.mapping import chat_ref
from bots.discord.render import Outgoing, card, plain, render_notification, views
from bots.discord.texts import say
from core.events import DomainEvent
from core.services.context import Context
from core.services.linking import CHAT_PLATFORMS, notification_platform
from handlers.markup import escape
from handlers.types import Button, Notification, Platform

log = logging.getLogger(__name__)

DISCORD = Platform.DISCORD.value


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


class DiscordNotifier:
    """``core.ports.EventSink`` for Discord.

    Delivery is at least once: a message that went out is remembered (in memory) for its
    event, so a retry of the event after another recipient failed does not repeat it.
    discord.py waits out Discord's rate limits (429) itself. Who is notified here is decided
    by ``core.services.linking.notification_platform`` — the same rule the Telegram notifier
    applies — so every notification goes to exactly one platform.
    """

    name = "discord"

    def __init__(
        self,
        ctx: Context,
        chat_app: ConversationApp,
        client: discord.Client,
        *,
        feed_channel_id: int | None = None,
        admin_channel_id: int | None = None,
        fallback_channel_id: int | None = None,
        platforms: Collection[str] = CHAT_PLATFORMS,
        inbox: Inbox | None = None,
        memory: int = 10_000,
    ) -> None:
        self.ctx = ctx
        self.chat_app = chat_app
        self.client = client
        self.feed_channel_id = feed_channel_id
        self.admin_channel_id = admin_channel_id
        #: Where a user whose DMs are closed is mentioned (default: the feed channel).
        self.fallback_channel_id = fallback_channel_id or feed_channel_id
        self.platforms = frozenset(platforms)
        self.inbox = inbox or Inbox(ctx)
        self._memory = memory
        self._sent: OrderedDict[str, None] = OrderedDict()

    async def deliver(self, event: DomainEvent) -> None:
        failures: list[str] = []
        rendered = await self.chat_app.render(event) if event.recipients or event.channels else []
        personal = [n for n in rendered if n.account_id != 0]
        posts = {n.extra.get("channel", ""): n for n in rendered if n.account_id == 0}
        users = await self.discord_users([n.account_id for n in personal])
        for notification in personal:
            target = users.get(notification.account_id)
            if target is not None:
                user_id, language = target
                await self._dm_once(failures, event, user_id, language, notification)
        if "feed" in event.channels and self.feed_channel_id is not None:
            post = posts.get("feed") or await self._feed_post(event)
            if post is not None:
                await self._post_once(
                    failures, event, self.feed_channel_id, render_notification(post)
                )
        if "admin" in event.channels and self.admin_channel_id is not None:
            admin = posts.get("admin")
            messages = (
                render_notification(admin) if admin is not None else card(admin_text(event))
            )
            await self._post_once(failures, event, self.admin_channel_id, messages)
        if failures:
            raise NotificationFailed(f"event {event.id} ({event.type}): " + "; ".join(failures))

    async def _feed_post(self, event: DomainEvent) -> Notification | None:
        post = self.chat_app.render_feed(event)
        if inspect.isawaitable(post):
            post = await post
        if post is None or post.extra.get("channel", "feed") != "feed":
            return None
        return post

    async def discord_users(self, account_ids: Sequence[int]) -> dict[int, tuple[int, str]]:
        """(Discord user id, language) of each account notified on Discord."""
        ids = list(dict.fromkeys(account_ids))
        if not ids:
            return {}
        async with self.ctx.uow() as uow:
            accounts = await uow.accounts.get_many(ids)
            identities = await uow.accounts.identities_many(ids)
        users: dict[int, tuple[int, str]] = {}
        for account_id in ids:
            account = accounts.get(account_id)
            linked = identities.get(account_id, [])
            discord_identity = next((i for i in linked if i.provider == DISCORD), None)
            if account is None or discord_identity is None:
                continue
            if notification_platform(account, linked, self.platforms) != DISCORD:
                continue
            users[account_id] = (int(discord_identity.external_id), account.language or "en")
        return users

    async def _dm_once(
        self,
        failures: list[str],
        event: DomainEvent,
        user_id: int,
        language: str,
        notification: Notification,
    ) -> None:
        key = f"{event.id}:user:{user_id}"
        if key in self._sent:
            return
        try:
            channel = await self.client.create_dm(discord.Object(id=user_id))
            for out in render_notification(notification, language):
                sent = await channel.send(**out.kwargs(), allowed_mentions=NO_MENTIONS)
                if notification.order_id is not None:
                    await self.chat_app.remember_relay(
                        DISCORD, chat_ref(user_id), str(sent.id), notification.order_id
                    )
        except (discord.Forbidden, discord.NotFound) as exc:
            log.info("event %s: no DM to discord user %s (%s); keeping it in the inbox",
                     event.id, user_id, exc.status)
            try:
                await self._fall_back(event, user_id, language, notification)
            except Exception as fallback_error:
                failures.append(f"user {user_id}: inbox: {fallback_error}")
                return
        except Exception as exc:
            failures.append(f"user {user_id}: {type(exc).__name__}: {exc}")
            return
        self._remember(key)

    async def _fall_back(
        self, event: DomainEvent, user_id: int, language: str, notification: Notification
    ) -> None:
        """Keep the notification for /inbox, then mention the user in the fallback channel
        (once per event; if that fails too, the inbox still has it)."""
        waiting = await self.inbox.add(notification)
        if self.fallback_channel_id is None:
            return
        # The mention is ours, not user text: put in front of the converted text, so it pings.
        [first, *rest] = plain(say(language, "front.dm_closed", count=waiting))
        content = f"<@{user_id}> {first.content or ''}"
        button = Button(say(language, "front.inbox_button"), action=INBOX_ACTION)
        message = Outgoing(content=content, view=views(((button,),))[0])
        channel = self.client.get_partial_messageable(self.fallback_channel_id)
        try:
            await channel.send(
                **message.kwargs(),
                allowed_mentions=discord.AllowedMentions(
                    everyone=False, roles=False, users=[discord.Object(id=user_id)]
                ),
            )
            for extra in rest:
                await channel.send(**extra.kwargs(), allowed_mentions=NO_MENTIONS)
        except discord.HTTPException as exc:
            log.warning("event %s: fallback mention for discord user %s failed: %s",
                        event.id, user_id, exc)

    async def _post_once(
        self, failures: list[str], event: DomainEvent, channel_id: int, messages: list[Outgoing]
    ) -> None:
        key = f"{event.id}:channel:{channel_id}"
        if key in self._sent:
            return
        channel = self.client.get_partial_messageable(channel_id)
        try:
            for out in messages:
                await channel.send(**out.kwargs(), allowed_mentions=NO_MENTIONS)
        except (discord.Forbidden, discord.NotFound) as exc:
            log.warning("event %s (%s) not posted in channel %s: %s", event.id, event.type,
                        channel_id, exc)
        except Exception as exc:
            failures.append(f"channel {channel_id}: {type(exc).__name__}: {exc}")
            return
        self._remember(key)

    def _remember(self, key: str) -> None:
        self._sent[key] = None
        while len(self._sent) > self._memory:
            self._sent.popitem(last=False)
