"""The admin channel on Discord: ``/mod <command line>``, the case cards' buttons, the ruling
note modal, and the mention its posts (dispute case cards, notices) call moderators with.

The admin app (``handlers.admin.AdminApp``) is platform-neutral; this module maps interactions
to ``Incoming`` (chat key ``discord:<channel id>``, listed in ``AdminApp(admin_chats=...)``)
and the ``Reply`` list back to messages, as ``bots.telegram.admin`` does for Telegram. The
admin app decides: a command or ``adm:`` button outside the admin channel, or from someone
who is not a moderator, is refused there and logged. The bot reads no server messages, so a
prompt of the admin app (a ruling's note, a refusal's reason) is answered in a modal opened by
the button that asked for it, or with ``/mod`` followed by the text.

The admin channel's posts go out through ``handlers.notifications.AdminPosts`` with a
``DiscordTransport`` (``discord_mention`` names the moderators it calls); the user notifier is
built without an admin channel, so an admin event is posted once per platform.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Any

import discord

from bots.discord.conversation import DiscordConversation, Responder
from bots.discord.mapping import modal_values
from bots.discord.texts import say
from core.accounts.model import Account, Identity
from handlers import fmt
from handlers.contract import AdminConversation
from handlers.markup import escape
from handlers.types import Incoming, Platform, Reply

log = logging.getLogger(__name__)

Interaction = discord.Interaction[Any]
DISCORD = Platform.DISCORD
#: Buttons whose answer is a prompt for text (a ruling's note, a refusal's reason).
PROMPTING = ("adm:rule:", "adm:vno:")
NOTE_MODAL = "adm:note"
NOTE_FIELD = "note"


def admin_chat_key(channel_id: int | None) -> str:
    return f"{DISCORD.value}:{channel_id}"


class DiscordAdmin:
    """Interactions for the admin app: ``/mod`` lines, ``adm:`` buttons, note modals."""

    def __init__(
        self, admin_app: AdminConversation, conversation: DiscordConversation
    ) -> None:
        self.admin_app = admin_app
        self.conversation = conversation

    @staticmethod
    def owns_press(action: str) -> bool:
        """``adm:`` buttons are the admin app's wherever pressed (elsewhere it refuses them)."""
        return action.startswith("adm:")

    async def command(self, interaction: Interaction, line: str) -> None:
        """``/mod disputes``, ``/mod claim 3``; ``/mod note <text>`` answers an open prompt."""
        line = line.strip()
        head, _, rest = line.partition(" ")
        if head.lower() == NOTE_FIELD:
            await self._run(interaction, text=rest.strip(), pressed=False)
            return
        await self._run(interaction, text=line if line.startswith("/") else f"/{line}",
                        pressed=False)

    async def press(self, interaction: Interaction, action: str) -> None:
        await self._run(interaction, action=action, pressed=True,
                        modal_ok=action.startswith(PROMPTING))

    async def modal_submit(self, interaction: Interaction) -> bool:
        """The note modal's text as the answer to the prompt; False for another modal."""
        data: dict[str, Any] = dict(interaction.data or {})
        if data.get("custom_id") != NOTE_MODAL:
            return False
        values = dict(modal_values(data))
        await self._run(interaction, text=values.get(NOTE_FIELD, "").strip(), pressed=False)
        return True

    async def _run(
        self,
        interaction: Interaction,
        *,
        text: str = "",
        action: str | None = None,
        pressed: bool,
        modal_ok: bool = False,
    ) -> None:
        talk = self.conversation
        account_id, language = await talk.identify(interaction.user, interaction.locale)
        incoming = Incoming(
            actor_id=account_id,
            platform=DISCORD,
            chat_key=admin_chat_key(interaction.channel_id),
            text=text,
            action=action,
            language=language,
            is_private_chat=interaction.guild_id is None,
        )
        responder = Responder(interaction)
        task = asyncio.ensure_future(self.admin_app.handle(incoming))
        try:
            try:
                replies = await asyncio.wait_for(asyncio.shield(task), talk.defer_after)
            except TimeoutError:
                await responder.defer(pressed=pressed)
                modal_ok = False
                replies = await task
        except Exception:
            log.exception("discord admin action %r from user %s failed",
                          action or text[:40], interaction.user.id)
            replies = [Reply(say(language, "front.internal_error"), alert=True)]
        if modal_ok and len(replies) == 1 and not replies[0].alert and not responder.done:
            split = action is not None and action.endswith(":split")
            await interaction.response.send_modal(note_modal(split=split))
            return
        await talk.respond(responder, replies, language, modal_ok=False, pressed=pressed,
                           public=True)


def note_modal(*, split: bool = False) -> discord.ui.Modal:
    """The prompt's answer as a modal (the bot does not read the channel's messages)."""
    modal = discord.ui.Modal(title="Moderator note", custom_id=NOTE_MODAL, timeout=None)
    modal.add_item(
        discord.ui.TextInput(
            label="Percent to the buyer, then the note" if split else "Note both parties read",
            custom_id=NOTE_FIELD,
            style=discord.TextStyle.paragraph,
            max_length=2000,
            placeholder="30 Half of the rows were missing" if split else None,
        )
    )
    modal.stop()
    return modal


def discord_mention(account: Account, identities: Sequence[Identity]) -> str | None:
    """A moderator's name in a case card; the admin sink pings them in a message of its own
    (markup neutralises mentions)."""
    if not any(i.provider == DISCORD.value for i in identities):
        return None
    return escape("@" + fmt.handle(account).lstrip("@"))
