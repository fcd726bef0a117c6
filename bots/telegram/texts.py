"""The few texts the Telegram front end says on its own (not replies of the handlers).

They are looked up in the handlers' message catalog under these keys, so a translation
added there wins; the English defaults here keep the front end working without one.
"""

from __future__ import annotations

from handlers.i18n import Translator

DEFAULTS: dict[str, str] = {
    "front.internal_error": "Something went wrong on our side; try again.",
    "front.flood": "You are sending messages too fast. Wait a few seconds, then go on.",
    "front.unsupported": (
        "I can read text, commands, documents and photos; send other media as a file. "
        "Send /help to see what I can do."
    ),
    "front.open_in_bot": "Open in the bot",
    "front.tg_file_too_large": (
        "📎 {name} is larger than the {limit} MB Telegram lets me send or is no longer "
        "stored: download it through the API (the order's file, with an API key)."
    ),
    #: The chat's menu button when it opens the Mini App (a few characters: it is a button).
    "front.menu_catalog": "Catalog",
}


def say(language: str | None, key: str) -> str:
    return Translator(language).get(key, DEFAULTS[key])


def say_values(language: str | None, key: str, **values: object) -> str:
    """Handlers-style markup with ``values`` (escaped by the caller)."""
    return Translator(language).get(key, DEFAULTS[key].format(**values), **values)
