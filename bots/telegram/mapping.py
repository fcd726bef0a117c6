"""Telegram updates to the neutral ``Incoming`` of the conversation layer."""

from __future__ import annotations

import re
from dataclasses import dataclass

from aiogram.enums import ChatType
from aiogram.types import CallbackQuery, Chat, Message

from handlers.types import Incoming, IncomingAttachment, Platform

_COMMAND = re.compile(r"/(?P<name>[A-Za-z0-9_]{1,32})(?:@(?P<bot>[A-Za-z0-9_]{3,64}))?(?=\s|$)")


@dataclass(frozen=True)
class CommandText:
    name: str
    args: str
    #: The bot named after ``@`` (``/offers@BotGigBot``), if any.
    addressee: str | None = None

    def is_for(self, bot_username: str | None) -> bool:
        if self.addressee is None or bot_username is None:
            return True
        return self.addressee.lower() == bot_username.lower()


def parse_command(text: str | None) -> CommandText | None:
    """``/start offer_12`` → ``CommandText("start", "offer_12")``; None for plain text."""
    if not text:
        return None
    match = _COMMAND.match(text)
    if match is None:
        return None
    return CommandText(
        name=match.group("name").lower(),
        args=text[match.end() :].strip(),
        addressee=match.group("bot"),
    )


def chat_key(chat_id: int) -> str:
    return f"{Platform.TELEGRAM.value}:{chat_id}"


def attachments_of(message: Message) -> tuple[IncomingAttachment, ...]:
    """The document or the largest size of the photo; the Telegram file_id is the reference,
    so delivering the file to the other party never downloads it."""
    if message.document is not None:
        doc = message.document
        return (
            IncomingAttachment(
                ref=doc.file_id,
                name=doc.file_name or f"file_{doc.file_unique_id}",
                size=doc.file_size or 0,
                content_type=doc.mime_type,
            ),
        )
    if message.photo:
        photo = max(message.photo, key=lambda p: p.width * p.height)
        return (
            IncomingAttachment(
                ref=photo.file_id,
                name=f"photo_{photo.file_unique_id}.jpg",
                size=photo.file_size or 0,
                content_type="image/jpeg",
            ),
        )
    return ()


def is_private(chat: Chat) -> bool:
    return chat.type == ChatType.PRIVATE


def incoming_from_message(
    message: Message, *, account_id: int, language: str, bot_username: str | None
) -> Incoming | None:
    """A text, a command (also as a file's caption) or a file; None for a command addressed
    to another bot in a group."""
    text = message.text if message.text is not None else (message.caption or "")
    command = parse_command(text)
    if command is not None and not command.is_for(bot_username):
        return None
    reply_to = message.reply_to_message
    return Incoming(
        actor_id=account_id,
        platform=Platform.TELEGRAM,
        chat_key=chat_key(message.chat.id),
        text=text,
        command=command.name if command else None,
        args=command.args if command else "",
        attachments=attachments_of(message),
        language=language,
        reply_to_ref=str(reply_to.message_id) if reply_to is not None else None,
        is_private_chat=is_private(message.chat),
    )


def callback_chat_id(callback: CallbackQuery) -> int:
    """The chat the pressed button was in (the user's private chat when it is unknown)."""
    if callback.message is not None:
        return callback.message.chat.id
    return callback.from_user.id


def incoming_from_callback(
    callback: CallbackQuery, *, account_id: int, language: str
) -> Incoming:
    chat_id = callback_chat_id(callback)
    private = callback.message.chat.type == ChatType.PRIVATE if callback.message else True
    return Incoming(
        actor_id=account_id,
        platform=Platform.TELEGRAM,
        chat_key=chat_key(chat_id),
        action=callback.data or "",
        language=language,
        is_private_chat=private,
    )
