"""The few texts the Discord front end says on its own (not replies of the handlers).

They are looked up in the handlers' message catalog under these keys, so a translation
added there wins; the English defaults here keep the front end working without one.
"""

from __future__ import annotations

from handlers.i18n import Translator

DEFAULTS: dict[str, str] = {
    "front.internal_error": "Something went wrong on our side; try again.",
    "front.answer": "✏️ Answer",
    "front.done": "✓",
    "front.file_link": "📎 <a href=\"{url}\">{name}</a>",
    "front.file_elsewhere": "📎 {name} (sent on another platform; open the order there to get it)",
    "front.file_too_large": (
        "📎 {name} is larger than the {limit} MB Discord lets me upload: download it through "
        "the API (the order's file, with an API key) or open the order on Telegram."
    ),
    "front.dm_closed": (
        "I could not send you a direct message (your DMs are closed), so your "
        "BotGig notifications wait for you: {count} now. Press the button or use /inbox to "
        "read them privately, and allow direct messages from server members to get them "
        "directly."
    ),
    "front.inbox_button": "📬 Show my notifications",
    "front.inbox_empty": "📭 No notifications are waiting for you.",
    "front.inbox_header": "📬 {count} notification(s) that could not be sent as a DM:",
    "front.inbox_waiting": "📬 {count} notification(s) wait for you: /inbox shows them.",
}


def say(language: str | None, key: str, **values: object) -> str:
    """Handlers-style markup (``handlers.markup``) in ``language``."""
    return Translator(language).get(key, DEFAULTS[key].format(**values), **values)
