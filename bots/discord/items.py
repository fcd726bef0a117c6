"""Buttons as ``DynamicItem``s: the ``custom_id`` is the handlers' action string
(``ord:approve:12``), so a button on any message, however old, still works after a restart
— no view has to be kept in memory. The press is handed to the conversation layer, which
re-checks who may press it (the id inside is user-controlled)."""

from __future__ import annotations

import re
from typing import Any, Protocol

import discord

#: A handlers action (``domain:verb[:arg...]``, see handlers.actions), optionally made unique
#: within one message with ``~<n>`` (Discord refuses two equal custom ids on a message).
ACTION_TEMPLATE = (
    r"(?P<action>[a-z][a-z0-9_]{0,15}:[a-z][a-z0-9_]{0,15}(?::[A-Za-z0-9_\-.]{1,40}){0,8})"
    r"(?:~(?P<n>[0-9]{1,3}))?"
)
ACTION_PATTERN = re.compile(ACTION_TEMPLATE)
CUSTOM_ID_LIMIT = 100
LABEL_LIMIT = 80


class Presses(Protocol):
    async def press(self, interaction: discord.Interaction[Any], action: str) -> None: ...


def custom_id_for(action: str, n: int = 0) -> str | None:
    """The custom id carrying ``action``; None when it cannot be one."""
    custom_id = action if not n else f"{action}~{n}"
    if len(custom_id) > CUSTOM_ID_LIMIT or not ACTION_PATTERN.fullmatch(custom_id):
        return None
    return custom_id


class ActionButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=ACTION_TEMPLATE):
    def __init__(
        self,
        action: str,
        label: str = "…",
        *,
        n: int = 0,
        style: discord.ButtonStyle = discord.ButtonStyle.secondary,
    ) -> None:
        custom_id = custom_id_for(action, n)
        if custom_id is None:
            raise ValueError(f"not a button action: {action!r}")
        super().__init__(
            discord.ui.Button(label=label[:LABEL_LIMIT] or "…", custom_id=custom_id, style=style)
        )
        self.action = action

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> ActionButton:
        label = getattr(item, "label", None) or "…"
        return cls(match["action"], label, n=int(match["n"] or 0))

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        # ``adm:`` buttons go to the admin channel's handler when the bot has one.
        admin: Any = getattr(interaction.client, "admin", None)
        if admin is not None and admin.owns_press(self.action):
            await admin.press(interaction, self.action)
            return
        conversation: Presses = interaction.client.conversation
        await conversation.press(interaction, self.action)
