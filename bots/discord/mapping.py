"""Discord interactions and direct messages to the neutral ``Incoming`` of the conversation
layer.

One conversation per Discord user (``chat_key`` ``discord:<user id>``), whether they use a
slash command in a server (answered privately, as ephemeral messages) or write to the bot
in a DM: a form started in the server can be finished in the DM and the other way round.
Relayed order messages are remembered under the same chat reference.
"""

from __future__ import annotations

import discord

from handlers.types import Incoming, IncomingAttachment, Platform

DISCORD = Platform.DISCORD


def chat_ref(user_id: int) -> str:
    return str(user_id)


def chat_key(user_id: int) -> str:
    return f"{DISCORD.value}:{chat_ref(user_id)}"


def language_of(locale: object) -> str:
    """Discord's locale (``en-US``, ``pt-BR``, ``de``) as a catalog language code."""
    value = getattr(locale, "value", locale)
    return str(value or "en").lower().replace("-", "_")


def attachment(item: discord.Attachment) -> IncomingAttachment:
    """A Discord upload; its CDN URL is the reference, so it is never downloaded here and the
    other party (on Telegram too) can fetch it."""
    return IncomingAttachment(
        ref=item.url,
        name=item.filename,
        size=item.size,
        content_type=item.content_type,
    )


def incoming(
    user_id: int,
    account_id: int,
    language: str,
    *,
    command: str | None = None,
    args: str = "",
    action: str | None = None,
    text: str = "",
    attachments: tuple[IncomingAttachment, ...] = (),
    reply_to: int | None = None,
    form_values: tuple[tuple[str, str], ...] = (),
) -> Incoming:
    return Incoming(
        actor_id=account_id,
        platform=DISCORD,
        chat_key=chat_key(user_id),
        text=text,
        command=command,
        args=args.strip(),
        action=action,
        attachments=attachments,
        language=language,
        reply_to_ref=str(reply_to) if reply_to is not None else None,
        is_private_chat=True,
        form_values=form_values,
    )


def modal_values(data: object) -> tuple[tuple[str, str], ...]:
    """The text inputs of a modal submit (``interaction.data``), by custom id; they arrive in
    action rows, or in labels (the newer modal layout)."""
    found: list[tuple[str, str]] = []

    def walk(node: object) -> None:
        if isinstance(node, list):
            for child in node:
                walk(child)
        elif isinstance(node, dict):
            if node.get("type") == 4 and "custom_id" in node:
                found.append((str(node["custom_id"]), str(node.get("value") or "")))
            for key in ("components", "component"):
                if key in node:
                    walk(node[key])

    if isinstance(data, dict):
        walk(data.get("components", []))
    return tuple(found)
