"""What a chat front end supplies to the notification pipeline: its transport."""

from __future__ import annotations

from typing import Literal, Protocol

from handlers.types import Notification

#: The shared channels a platform may have: the job-board feed and the moderators' room.
Channel = Literal["feed", "admin"]


class Unreachable(Exception):
    """The platform refuses for good (the user blocked the bot or closed their DMs, the chat
    is gone): the pipeline logs it and does not retry the event for it."""


class Transport(Protocol):
    """Sends on one platform. Anything raised other than ``Unreachable`` is a failure the
    outbox dispatcher retries (the pipeline's dedup keeps a retry from repeating what went
    out)."""

    #: The identity provider of the platform's users ("telegram", "discord").
    platform: str

    def has_channel(self, channel: Channel) -> bool:
        """Whether this transport posts in that channel (it is configured)."""

    async def send_direct(self, user_id: str, notification: Notification, language: str) -> None:
        """DM ``notification`` to the platform user ``user_id``, the front end's own texts in
        ``language``. A message of an order (``notification.order_id``) is remembered for the
        relay (``ConversationApp.remember_relay``), so a reply to it goes back to the order."""

    async def post(
        self, channel: Channel, notification: Notification, pings: tuple[str, ...] = ()
    ) -> None:
        """Post ``notification`` (``account_id`` 0) in ``channel``, pinging the platform users
        ``pings`` (moderators called to an unclaimed case) where the text alone does not."""


class InboxNotice(Protocol):
    """Tells a user whose DMs are closed that ``waiting`` notifications wait in their inbox
    (Discord: a mention in the fallback channel). Failing to tell is the notice's to log."""

    async def __call__(self, user_id: str, waiting: int, language: str) -> None: ...
