"""Neutral replies and notifications to native Discord messages.

A reply becomes an embed (a card) whose description is the handlers' markup converted with
``to_discord_markdown`` (user text escaped, mentions neutralised); a text over 4096 characters
becomes several messages (never truncated), the buttons going on the last one. Short answers
to a button press (``alert``) and channel notices are plain content, split at 2000. Button
rows become components: action buttons as ``ActionButton`` dynamic items, links as link
buttons, at most 5 a row and 5 rows a message (more go on an extra message). A form question
whose answer is typed gets an "✏️ Answer" button that opens a modal (``modal_for``).
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import discord

from bots.discord.files import UPLOAD_LIMIT, is_stored, with_stored_files
from bots.discord.items import ActionButton, custom_id_for
from bots.discord.texts import say
from core.accounts.ports import FileContents
from handlers.actions import encode
from handlers.markup import escape, escape_attr, split_text, to_discord_markdown
from handlers.types import Button, FormInfo, Notification, OutgoingAttachment, Reply

log = logging.getLogger(__name__)

MESSAGE_LIMIT = 2000
EMBED_LIMIT = 4096
ROW_WIDTH = 5
ROWS_PER_MESSAGE = 5
MODAL_FIELDS = 5
MODAL_TITLE_LIMIT = 45
MODAL_LABEL_LIMIT = 45
PLACEHOLDER_LIMIT = 100
TEXT_INPUT_LIMIT = 4000
#: Form field kinds a modal's text input can answer.
TYPED_KINDS = frozenset({"text", "int", "money", "date", "work"})
COLOUR = discord.Colour(0x5865F2)

Rows = Sequence[Sequence[Button]]


@dataclass
class Outgoing:
    """One Discord message to send (or to edit into)."""

    content: str | None = None
    embeds: list[discord.Embed] = field(default_factory=list)
    view: discord.ui.View | None = None
    #: Files the conversation layer made (a data export), uploaded with this message.
    uploads: list[tuple[str, bytes]] = field(default_factory=list)

    def files(self) -> list[discord.File]:
        return [discord.File(io.BytesIO(data), filename=name) for name, data in self.uploads]

    def kwargs(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.uploads:
            out["files"] = self.files()
        if self.content is not None:
            out["content"] = self.content
        if self.embeds:
            out["embeds"] = self.embeds
        if self.view is not None:
            out["view"] = self.view
        return out


def _md_len(markup: str) -> int:
    return len(to_discord_markdown(markup))


def markdown_chunks(markup: str, limit: int) -> list[str]:
    """Markup as Discord markdown in parts of at most ``limit`` characters (as converted)."""
    return [to_discord_markdown(part) for part in split_text(markup, limit, measure=_md_len)]


def attachment_lines(
    attachments: Sequence[OutgoingAttachment], language: str, limit: int = UPLOAD_LIMIT
) -> list[str]:
    """Files as lines of markup: a link for a URL (a Discord upload), a note for an API file
    that was not uploaded (larger than ``limit``), else its name (a Telegram file id, which
    only the Telegram bot can send)."""
    lines = []
    for item in attachments:
        if item.data is not None:
            continue
        if item.ref.startswith(("https://", "http://")):
            lines.append(say(language, "front.file_link", url=escape_attr(item.ref),
                             name=escape(item.name)))
        elif is_stored(item):
            lines.append(say(language, "front.file_too_large", name=escape(item.name),
                             limit=limit // (1024 * 1024)))
        else:
            lines.append(say(language, "front.file_elsewhere", name=escape(item.name)))
    return lines


def _button_items(rows: Rows) -> list[list[discord.ui.Item[Any]]]:
    native: list[list[discord.ui.Item[Any]]] = []
    seen: dict[str, int] = {}
    for row in rows:
        items: list[discord.ui.Item[Any]] = []
        for button in row:
            label = (button.label or "…")[:80]
            if button.url:
                items.append(discord.ui.Button(label=label, url=button.url))
                continue
            if not button.action:
                # A web_app button (the Telegram Mini App) has no Discord form: a browser tab
                # without Telegram's initData could not sign in, so it is left out.
                continue
            n = seen.get(button.action, 0)
            seen[button.action] = n + 1
            if custom_id_for(button.action, n) is None:
                log.error("dropping a button Discord cannot carry: %r", button)
                continue
            items.append(ActionButton(button.action, label, n=n))
        for start in range(0, len(items), ROW_WIDTH):
            native.append(items[start : start + ROW_WIDTH])
    if len(native) > ROWS_PER_MESSAGE:
        # Narrow rows (a form's two-column choices) are packed five a row first, so a card
        # keeps its buttons on one message where they fit.
        flat = [item for row in native for item in row]
        native = [flat[i : i + ROW_WIDTH] for i in range(0, len(flat), ROW_WIDTH)]
    return native


def views(rows: Rows) -> list[discord.ui.View]:
    """Button rows as views of at most 5 rows each (usually one)."""
    native = _button_items(rows)
    out: list[discord.ui.View] = []
    for start in range(0, len(native), ROWS_PER_MESSAGE):
        view = discord.ui.View(timeout=None)
        for index, row in enumerate(native[start : start + ROWS_PER_MESSAGE]):
            for item in row:
                item.row = index
                view.add_item(item)
        # Not kept in memory: the dynamic items answer presses from the custom id alone.
        view.stop()
        out.append(view)
    return out


def answer_row(reply: Reply, language: str) -> tuple[Button, ...]:
    """An "✏️ Answer" button for a form question answered by typing (it opens a modal, so it
    works in a server channel, where the bot does not read messages)."""
    form = reply.form
    if form is None or not form.questions or form.questions[0].kind not in TYPED_KINDS:
        return ()
    return (Button(say(language, "front.answer"), action=encode("frm", "ask", form.token)),)


def card(
    markup: str,
    rows: Rows = (),
    attachments: Sequence[OutgoingAttachment] = (),
    *,
    language: str = "en",
    limit: int = UPLOAD_LIMIT,
) -> list[Outgoing]:
    """Markup as embeds (one per message, split at 4096), the buttons on the last one; files
    with their bytes are uploaded with the first."""
    lines = attachment_lines(attachments, language, limit)
    full = "\n".join([markup, *lines]) if lines else markup
    chunks = markdown_chunks(full, EMBED_LIMIT) if full.strip() else []
    messages = [Outgoing(embeds=[discord.Embed(description=c, colour=COLOUR)]) for c in chunks]
    uploads = [(a.name, a.data) for a in attachments if a.data is not None]
    if uploads:
        if not messages:
            messages.append(Outgoing())
        messages[0].uploads = uploads
    native = views(rows)
    if native:
        if not messages:
            messages.append(Outgoing(view=native[0]))
        else:
            messages[-1].view = native[0]
        messages += [Outgoing(view=v) for v in native[1:]]
    return messages


def plain(markup: str) -> list[Outgoing]:
    """Markup as plain content messages of at most 2000 characters."""
    return [Outgoing(content=c) for c in markdown_chunks(markup, MESSAGE_LIMIT)]


def render_reply(
    reply: Reply, language: str, files: FileContents | None = None, limit: int = UPLOAD_LIMIT
) -> list[Outgoing]:
    """A reply as messages; its API-stored files are read from ``files`` and uploaded."""
    if reply.alert:
        return plain(reply.text)
    extra = answer_row(reply, language)
    rows: list[Sequence[Button]] = [extra] if extra else []
    rows += list(reply.buttons)
    attachments = with_stored_files(reply.attachments, files, limit)
    return card(reply.text, rows, attachments, language=language, limit=limit)


def render_notification(
    notification: Notification,
    language: str = "en",
    files: FileContents | None = None,
    limit: int = UPLOAD_LIMIT,
) -> list[Outgoing]:
    attachments = with_stored_files(notification.attachments, files, limit)
    return card(notification.text, notification.buttons, attachments, language=language,
                limit=limit)


def modal_for(form: FormInfo) -> discord.ui.Modal | None:
    """A modal with the form's next typed questions (at most 5), when the current question
    is typed; its submit comes back as ``frm:fill:<token>`` with the values by field name.
    Choice questions stay buttons, asked by the form engine after the modal."""
    if not form.questions or form.questions[0].kind not in TYPED_KINDS:
        return None
    custom_id = custom_id_for(encode("frm", "fill", form.token))
    if custom_id is None:
        return None
    modal = discord.ui.Modal(title=(form.title or "BotGig")[:MODAL_TITLE_LIMIT],
                             custom_id=custom_id, timeout=None)
    typed = [q for q in form.questions if q.kind in TYPED_KINDS][:MODAL_FIELDS]
    for question in typed:
        long = question.kind == "work" or (question.kind == "text" and question.max_len > 200)
        maximum = max(1, min(question.max_len, TEXT_INPUT_LIMIT))
        modal.add_item(
            discord.ui.TextInput(
                label=question.label[:MODAL_LABEL_LIMIT] or question.name,
                custom_id=question.name,
                style=discord.TextStyle.paragraph if long else discord.TextStyle.short,
                required=not question.optional,
                min_length=min(question.min_len, maximum) if not question.optional else None,
                max_length=maximum,
                placeholder=question.hint[:PLACEHOLDER_LIMIT] or None,
            )
        )
    # Handled from the custom id by the bot's interaction listener, so a modal open across a
    # restart still submits; nothing is kept in memory.
    modal.stop()
    return modal
