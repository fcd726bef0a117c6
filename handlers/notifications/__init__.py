"""One notification pipeline for every chat front end: render → route → dedup → send.

``Notifier`` is the ``core.shared.ports.EventSink``; a front end supplies only a ``Transport``
(send a DM to a platform user, post in a channel, remember the relay mapping of what it sent).
"""

from handlers.notifications.admin import AdminPosts
from handlers.notifications.inbox import Inbox
from handlers.notifications.pipeline import NotificationFailed, Notifier
from handlers.notifications.transport import Channel, InboxNotice, Transport, Unreachable

__all__ = [
    "AdminPosts",
    "Channel",
    "Inbox",
    "InboxNotice",
    "NotificationFailed",
    "Notifier",
    "Transport",
    "Unreachable",
]
