"""The neutral language between the chat front ends and the conversation layer.

A front end turns a platform update into an ``Incoming`` (who, what they typed or pressed,
what they attached), calls ``handlers.app.ChatApp.handle`` and renders the ``Reply`` list
natively: inline keyboards on Telegram, embeds and buttons on Discord. Text in replies is a
small, safe subset of markup (see ``handlers.markup``) that every front end can render, with
user content already escaped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from core.accounts.model import Account


class Platform(StrEnum):
    TELEGRAM = "telegram"
    DISCORD = "discord"


@dataclass(frozen=True)
class IncomingAttachment:
    """A file the user sent: the platform's own file reference, its name and size."""

    ref: str
    name: str
    size: int = 0
    content_type: str | None = None


@dataclass(frozen=True)
class Incoming:
    """One user action: a command with arguments, plain text, or a button press.

    ``actor_id`` is the account id, resolved once at the edge. ``chat_key`` identifies the
    conversation (``telegram:<chat id>``) for form state. ``command`` is without the slash
    (``"offers"``); ``action`` is a button's encoded action string; ``reply_to_ref`` is the
    platform reference of the message the user replied to (for the order relay).
    """

    actor_id: int
    platform: Platform
    chat_key: str
    text: str = ""
    command: str | None = None
    args: str = ""
    action: str | None = None
    attachments: tuple[IncomingAttachment, ...] = ()
    language: str = "en"
    reply_to_ref: str | None = None
    is_private_chat: bool = True
    #: Several form answers at once, by field name (a Discord modal's text inputs); sent
    #: with the action ``frm:fill:<token>`` of the open form.
    form_values: tuple[tuple[str, str], ...] = ()
    #: The actor's account as the front end read it for this action, if it did: the
    #: conversation layer then reads it no second time (its language, the ban check).
    account: Account | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Button:
    label: str
    action: str | None = None
    url: str | None = None
    #: An HTTPS page Telegram opens as a Mini App (a ``web_app`` button) with the user's
    #: signed initData; front ends without Mini Apps (Discord) leave the button out.
    web_app: str | None = None


@dataclass(frozen=True)
class OutgoingAttachment:
    ref: str
    name: str
    #: "document" or "photo"
    kind: str = "document"
    #: The file's bytes when the conversation layer made it (a QR code); ``ref`` is then
    #: ignored and front ends upload ``data`` under ``name``.
    data: bytes | None = None


@dataclass(frozen=True)
class FormQuestion:
    """One question of an open form, for front ends that can ask several at once (a Discord
    modal). ``kind`` is the form engine's field kind (``text``, ``int``, ``money``,
    ``date``, ``choice``, ``yesno``, ``work``); ``hint`` is the rule in plain text."""

    name: str
    label: str
    kind: str
    optional: bool = False
    min_len: int = 0
    max_len: int = 4000
    hint: str = ""


@dataclass(frozen=True)
class FormInfo:
    """The open form a reply asks a question of: its token (for ``frm:fill:<token>``), its
    title in plain text, and the questions still to answer, the current one first."""

    token: str
    title: str
    questions: tuple[FormQuestion, ...] = ()


@dataclass(frozen=True)
class Reply:
    """One message to show. ``buttons`` are rows; ``edit`` asks to replace the message the
    button was on; ``ephemeral`` asks for a private reply where the platform can;
    ``alert`` asks for a popup answer to a button press (stale or foreign buttons)."""

    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    attachments: tuple[OutgoingAttachment, ...] = ()
    ephemeral: bool = False
    edit: bool = False
    alert: bool = False
    #: Set by the relay: the order this message belongs to, so a reply to it goes back there.
    order_id: int | None = None
    #: Set on a form's question: the form and its open questions (front ends may ignore it).
    form: FormInfo | None = None


@dataclass(frozen=True)
class Notification:
    """A rendered domain event for one account, ready for any front end to send."""

    account_id: int
    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    attachments: tuple[OutgoingAttachment, ...] = ()
    order_id: int | None = None
    event_id: str = ""
    extra: dict[str, str] = field(default_factory=dict)


class Busy(StrEnum):
    """What a slow reply is preparing, for the client's indicator ("sending a photo…"); the
    values are Telegram's chat actions, which other front ends map to their own."""

    TYPING = "typing"
    UPLOAD_PHOTO = "upload_photo"
    UPLOAD_DOCUMENT = "upload_document"


class ChatActions(Protocol):
    """A front end's way to show that a reply is on its way (Telegram ``sendChatAction``).
    Best effort: an implementation never raises, a failed indicator must not cost the
    reply."""

    async def busy(self, kind: Busy) -> None: ...


class PlatformFiles(Protocol):
    """A front end's way to fetch the bytes of a file a user sent on its platform (a
    Telegram file id, a Discord attachment URL), so the conversation layer can copy a
    delivery into BotGig's own store (``Context.file_copies``) for the other platforms."""

    #: The platform whose references it fetches (``Platform`` value).
    platform: str
    #: The largest file it can fetch (Telegram lets a bot download 20 MB).
    limit: int

    async def fetch(self, ref: str) -> bytes:
        """The file's bytes; raises when they cannot be fetched (the caller keeps the
        platform's reference then)."""
