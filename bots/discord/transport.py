"""Discord as a transport of the notification pipeline (``handlers.notifications``): DMs,
embeds with buttons in the job-board feed channel, and posts in the admin channel.
discord.py waits out Discord's rate limits (429) itself.

Closed DMs (Discord answers 403) lose nothing: the pipeline keeps the notification in the
user's inbox (``handlers.notifications.Inbox``) and ``tell_inbox`` mentions the user in the
fallback channel with a button that shows it to them privately (and /inbox does the same);
nothing private is posted there.
"""

from __future__ import annotations

import logging
from collections.abc import Collection

import discord

from bots.discord.conversation import INBOX_ACTION, NO_MENTIONS, ChannelTyping
from bots.discord.files import DiscordFiles
from bots.discord.mapping import chat_ref
from bots.discord.render import Outgoing, plain, render_notification, views
from bots.discord.texts import say
from core.accounts.linking import CHAT_PLATFORMS
from core.accounts.ports import FileContents
from core.shared.context import Context
from handlers.contract import ConversationApp
from handlers.notifications import Channel, Notifier, Unreachable
from handlers.types import Busy, Button, Notification, Platform

log = logging.getLogger(__name__)

DISCORD = Platform.DISCORD.value


def _pinging(user_ids: list[int]) -> discord.AllowedMentions:
    return discord.AllowedMentions(
        everyone=False, roles=False, users=[discord.Object(id=u) for u in user_ids]
    )


class DiscordTransport:
    """A user with closed DMs, or a channel the bot may not post in, is ``Unreachable``."""

    platform = DISCORD

    def __init__(
        self,
        client: discord.Client,
        chat_app: ConversationApp,
        *,
        feed_channel_id: int | None = None,
        admin_channel_id: int | None = None,
        fallback_channel_id: int | None = None,
        files: FileContents | None = None,
    ) -> None:
        self.client = client
        #: The API's stored files, uploaded with the notifications that carry them.
        self.files = files
        self.chat_app = chat_app
        self.feed_channel_id = feed_channel_id
        self.admin_channel_id = admin_channel_id
        #: Where a user whose DMs are closed is mentioned (default: the feed channel).
        self.fallback_channel_id = fallback_channel_id or feed_channel_id

    def has_channel(self, channel: Channel) -> bool:
        return self._channel(channel) is not None

    def _channel(self, channel: Channel) -> int | None:
        return self.feed_channel_id if channel == "feed" else self.admin_channel_id

    async def send_direct(self, user_id: str, notification: Notification, language: str) -> None:
        user = int(user_id)
        try:
            channel = await self.client.create_dm(discord.Object(id=user))
            messages = render_notification(notification, language, self.files)
            if any(out.uploads for out in messages):
                # A file goes up: "BotGig is typing…" meanwhile (best effort).
                await ChannelTyping(channel).busy(Busy.UPLOAD_DOCUMENT)
            for out in messages:
                sent = await channel.send(**out.kwargs(), allowed_mentions=NO_MENTIONS)
                if notification.order_id is not None:
                    await self.chat_app.remember_relay(
                        DISCORD, chat_ref(user), str(sent.id), notification.order_id
                    )
        except (discord.Forbidden, discord.NotFound) as exc:
            raise Unreachable(f"HTTP {exc.status}") from exc

    async def post(
        self, channel: Channel, notification: Notification, pings: tuple[str, ...] = ()
    ) -> None:
        channel_id = self._channel(channel)
        assert channel_id is not None
        target = self.client.get_partial_messageable(channel_id)
        try:
            if pings:
                # Markup neutralises mentions: the pings go as content of their own.
                users = [int(p) for p in pings]
                await target.send(
                    " ".join(f"<@{u}>" for u in users), allowed_mentions=_pinging(users)
                )
            for out in render_notification(notification, files=self.files):
                await target.send(**out.kwargs(), allowed_mentions=NO_MENTIONS)
        except (discord.Forbidden, discord.NotFound) as exc:
            raise Unreachable(f"channel {channel_id}: {exc}") from exc

    async def tell_inbox(self, user_id: str, waiting: int, language: str) -> None:
        """Mention the user in the fallback channel (if that fails too, the inbox still has
        the notification)."""
        if self.fallback_channel_id is None:
            return
        user = int(user_id)
        # The mention is ours, not user text: put in front of the converted text, so it pings.
        [first, *rest] = plain(say(language, "front.dm_closed", count=waiting))
        content = f"<@{user}> {first.content or ''}"
        button = Button(say(language, "front.inbox_button"), action=INBOX_ACTION)
        message = Outgoing(content=content, view=views(((button,),))[0])
        channel = self.client.get_partial_messageable(self.fallback_channel_id)
        try:
            await channel.send(**message.kwargs(), allowed_mentions=_pinging([user]))
            for extra in rest:
                await channel.send(**extra.kwargs(), allowed_mentions=NO_MENTIONS)
        except discord.HTTPException as exc:
            log.warning("fallback mention for discord user %s failed: %s", user, exc)


def discord_notifier(
    ctx: Context,
    chat_app: ConversationApp,
    transport: DiscordTransport,
    *,
    platforms: Collection[str] = CHAT_PLATFORMS,
) -> Notifier:
    """The notification pipeline sending through Discord (the outbox's EventSink); closed
    DMs go to the user's inbox."""
    # Its notifier retries the copy of a Discord upload delivered while the CDN did not answer.
    return Notifier(
        ctx, chat_app, transport, platforms=platforms, inbox_notice=transport.tell_inbox,
        files=DiscordFiles(transport.client),
    )
