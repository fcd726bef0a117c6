"""Neutral replies and notifications to native Telegram messages.

Text is the handlers' markup, which is Telegram HTML already (the bot's default parse mode);
button rows become inline keyboards; files go out by their Telegram ``file_id`` (or URL), so
a delivery is never downloaded and uploaded again. Texts over Telegram's limits are split by
``handlers.markup.split_text``, never truncated.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    WebAppInfo,
)

from bots.telegram.files import MB, UPLOAD_LIMIT, is_stored, stored_upload
from bots.telegram.mapping import is_private
from bots.telegram.pacing import Pacer
from bots.telegram.texts import say_values
from core.accounts.ports import FileContents
from handlers.contract import ConversationApp
from handlers.markup import TELEGRAM_LIMIT, escape, split_text, to_plain, utf16_len
from handlers.types import Button, OutgoingAttachment, Platform, Reply

log = logging.getLogger(__name__)

CAPTION_LIMIT = 1024
ALERT_LIMIT = 200
CALLBACK_DATA_LIMIT = 64


def keyboard(rows: Sequence[Sequence[Button]]) -> InlineKeyboardMarkup | None:
    """Button rows as an inline keyboard; None when there is no button."""
    out: list[list[InlineKeyboardButton]] = []
    for row in rows:
        native: list[InlineKeyboardButton] = []
        for button in row:
            if button.web_app:
                native.append(
                    InlineKeyboardButton(text=button.label, web_app=WebAppInfo(url=button.web_app))
                )
            elif button.url:
                native.append(InlineKeyboardButton(text=button.label, url=button.url))
            elif button.action and len(button.action.encode()) <= CALLBACK_DATA_LIMIT:
                native.append(InlineKeyboardButton(text=button.label, callback_data=button.action))
            else:
                log.error("dropping a button Telegram cannot carry: %r", button)
        if native:
            out.append(native)
    return InlineKeyboardMarkup(inline_keyboard=out) if out else None


def alert_text(replies: Sequence[Reply]) -> str:
    return "\n".join(to_plain(r.text).strip() for r in replies if r.alert).strip()


def shorten(text: str, limit: int = ALERT_LIMIT) -> str:
    """``text`` cut to ``limit`` UTF-16 units (how Telegram counts) with an ellipsis."""
    if utf16_len(text) <= limit:
        return text
    cut = text[:limit]
    while utf16_len(cut) > limit - 1:
        cut = cut[:-1]
    return cut.rstrip() + "…"


class TelegramSender:
    """Sends texts, keyboards and files to one chat at a time.

    With a ``pacer`` every API call waits for its turn under Telegram's limits (the notifier);
    without one, replies to a user's own action go out at once and a rare 429 is waited out
    by the retry middleware. Messages that belong to an order are remembered for the relay,
    so the user can answer one by replying to it.
    """

    def __init__(
        self,
        bot: Bot,
        chat_app: ConversationApp,
        *,
        pacer: Pacer | None = None,
        files: FileContents | None = None,
    ):
        self.bot = bot
        self.chat_app = chat_app
        self.pacer = pacer
        #: BotGig's file store, for ``file:`` references (API uploads, copies from Discord).
        self.files = files

    async def _turn(self, chat_id: int) -> None:
        if self.pacer is not None:
            await self.pacer.wait(chat_id)

    async def send(
        self,
        chat_id: int,
        text: str,
        buttons: Sequence[Sequence[Button]] = (),
        attachments: Sequence[OutgoingAttachment] = (),
        *,
        order_id: int | None = None,
    ) -> list[Message]:
        """Text (split over 4096), then files; the keyboard goes on the last text part, or on
        the file when a single file carries the text as its caption."""
        markup = keyboard(buttons)
        sent: list[Message] = []
        if len(attachments) == 1 and text and utf16_len(text) <= CAPTION_LIMIT:
            sent.append(await self._send_file(chat_id, attachments[0], caption=text, markup=markup))
        else:
            chunks = split_text(text, TELEGRAM_LIMIT) if text else []
            for index, chunk in enumerate(chunks):
                last = index == len(chunks) - 1
                await self._turn(chat_id)
                sent.append(
                    await self.bot.send_message(
                        chat_id=chat_id, text=chunk, reply_markup=markup if last else None
                    )
                )
            for index, attachment in enumerate(attachments):
                file_markup = markup if not chunks and index == len(attachments) - 1 else None
                sent.append(await self._send_file(chat_id, attachment, markup=file_markup))
        await self._remember(sent, order_id)
        return sent

    async def send_reply(self, chat_id: int, reply: Reply) -> list[Message]:
        return await self.send(
            chat_id, reply.text, reply.buttons, reply.attachments, order_id=reply.order_id
        )

    async def _send_file(
        self,
        chat_id: int,
        attachment: OutgoingAttachment,
        *,
        caption: str | None = None,
        markup: InlineKeyboardMarkup | None = None,
    ) -> Message:
        await self._turn(chat_id)
        # Bytes the conversation layer made (a QR code) are uploaded, and the files of
        # BotGig's store; else the reference (a Telegram file id, a URL).
        file: str | BufferedInputFile = attachment.ref
        if attachment.data is not None:
            file = BufferedInputFile(attachment.data, filename=attachment.name)
        elif is_stored(attachment):
            # Up to 50 MB read from disk: off the event loop.
            upload = await asyncio.to_thread(stored_upload, attachment, self.files)
            if upload is None:
                note = say_values(
                    None, "front.tg_file_too_large", name=escape(attachment.name),
                    limit=UPLOAD_LIMIT // MB,
                )
                return await self.bot.send_message(
                    chat_id=chat_id,
                    text=f"{caption}\n\n{note}" if caption else note,
                    reply_markup=markup,
                )
            file = upload
        try:
            if attachment.kind == "photo":
                return await self.bot.send_photo(
                    chat_id=chat_id, photo=file, caption=caption, reply_markup=markup
                )
            return await self.bot.send_document(
                chat_id=chat_id, document=file, caption=caption, reply_markup=markup
            )
        except TelegramBadRequest as exc:
            # A reference Telegram does not know (a file received on another platform):
            # say which file it was instead of losing the message.
            log.warning("cannot send file %r to %s: %s", attachment.name, chat_id, exc.message)
            note = f"📎 {escape(attachment.name)}"
            await self._turn(chat_id)
            return await self.bot.send_message(
                chat_id=chat_id,
                text=f"{caption}\n\n{note}" if caption else note,
                reply_markup=markup,
            )

    async def edit(self, message: Message, reply: Reply) -> list[Message] | None:
        """Replace the message a button was on; None when it cannot be edited (then the
        caller sends the reply as a new message)."""
        chunks = split_text(reply.text, TELEGRAM_LIMIT)
        if not chunks:
            return None
        markup = keyboard(reply.buttons)
        first_markup = markup if len(chunks) == 1 else None
        chat_id = message.chat.id
        try:
            if message.text is not None:
                result = await self.bot.edit_message_text(
                    text=chunks[0],
                    chat_id=chat_id,
                    message_id=message.message_id,
                    reply_markup=first_markup,
                )
            elif (
                message.caption is not None or message.document or message.photo
            ) and utf16_len(chunks[0]) <= CAPTION_LIMIT:
                result = await self.bot.edit_message_caption(
                    caption=chunks[0],
                    chat_id=chat_id,
                    message_id=message.message_id,
                    reply_markup=first_markup,
                )
            else:
                return None
        except TelegramBadRequest as exc:
            if "not modified" not in exc.message:
                log.info("cannot edit message %s in %s: %s", message.message_id, chat_id,
                         exc.message)
                return None
            result = message
        edited = result if isinstance(result, Message) else message
        sent = [edited]
        rest = chunks[1:]
        for index, chunk in enumerate(rest):
            await self._turn(chat_id)
            sent.append(
                await self.bot.send_message(
                    chat_id=chat_id,
                    text=chunk,
                    reply_markup=markup if index == len(rest) - 1 else None,
                )
            )
        for attachment in reply.attachments:
            sent.append(await self._send_file(chat_id, attachment))
        await self._remember(sent, reply.order_id)
        return sent

    async def _remember(self, messages: Sequence[Message], order_id: int | None) -> None:
        if order_id is None:
            return
        for message in messages:
            await self.chat_app.remember_relay(
                Platform.TELEGRAM, str(message.chat.id), str(message.message_id), order_id
            )

    async def answer_message(self, message: Message, replies: Sequence[Reply]) -> None:
        """Replies to a message. An ``ephemeral`` reply to a command in a group goes to the
        user's private chat when the bot may write there (Telegram has no ephemeral
        messages), else to the group."""
        for reply in replies:
            if reply.ephemeral and not is_private(message.chat) and message.from_user:
                try:
                    await self.send_reply(message.from_user.id, reply)
                    continue
                except (TelegramForbiddenError, TelegramBadRequest):
                    pass
            await self.send_reply(message.chat.id, reply)

    async def answer_callback(self, callback: CallbackQuery, replies: Sequence[Reply]) -> None:
        """Answer the button press (always, so the client stops its spinner; with a popup for
        ``alert`` replies), then edit the card or send the other replies."""
        popup = alert_text(replies)
        short = shorten(popup)
        try:
            await self.bot.answer_callback_query(
                callback_query_id=callback.id, text=short or None, show_alert=bool(short)
            )
        except TelegramBadRequest as exc:
            # "query is too old": pressed long ago, or answered before a restart.
            log.info("cannot answer callback %s: %s", callback.id, exc.message)
        message = callback.message if isinstance(callback.message, Message) else None
        chat_id = message.chat.id if message is not None else callback.from_user.id
        if short != popup:
            await self.send(chat_id, escape(popup))
        for reply in replies:
            if reply.alert:
                continue
            if reply.edit and message is not None and await self.edit(message, reply):
                continue
            await self.send_reply(chat_id, reply)
