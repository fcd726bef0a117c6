"""The admin channel on Discord: ``/mod <command line>``, the case cards' buttons, the ruling
note modal, and the sink that posts admin events (dispute case cards, notices) there.

The admin app (``admin_bot.app.AdminApp``) is platform-neutral; this module maps interactions
to ``Incoming`` (chat key ``discord:<channel id>``, listed in ``AdminApp(admin_chats=...)``)
and the ``Reply`` list back to messages, as ``bots.telegram.admin`` does for Telegram. The
admin app decides: a command or ``adm:`` button outside the admin channel, or from someone
who is not a moderator, is refused there and logged. The bot reads no server messages, so a
prompt of the admin app (a ruling's note, a refusal's reason) is answered in a modal opened by
the button that asked for it, or with ``/mod`` followed by the text.

``DiscordAdminSink`` owns the admin channel: the user notifier is built without one, so an
admin event is posted once per platform.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any, Protocol

import discord

from bots.discord.conversation import NO_MENTIONS, DiscordConversation, Responder
from bots.discord.mapping import modal_values
from bots.discord.render import render_reply
from bots.discord.texts import say
from core.events import DomainEvent
from core.model import Account, Identity
from handlers import fmt
from handlers.markup import escape
from handlers.types import Incoming, Platform, Reply

log = logging.getLogger(__name__)

Interaction = discord.Interaction[Any]
DISCORD = Platform.DISCORD
#: Buttons whose answer is a prompt for text (a ruling's note, a refusal's reason).
PROMPTING = ("adm:rule:", "adm:vno:")
NOTE_MODAL = "adm:note"
NOTE_FIELD = "note"


class Mention(Protocol):
    def __call__(self, account: Account, identities: Sequence[Identity]) -> str | None: ...


class AdminConversation(Protocol):
    """What the Discord admin channel needs from ``admin_bot.app.AdminApp``."""

    async def handle(self, incoming: Incoming) -> list[Reply]: ...

    async def render(self, event: DomainEvent, *, mention: Mention | None = None) -> list[Reply]:
        """The admin channel's post for an event (empty when none)."""


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


class DiscordAdminSink:
    """``core.ports.EventSink`` posting admin-channel events to the Discord admin channel.

    A post that went out is remembered for its event, so a retry does not repeat it. An
    unclaimed case is re-posted with real mentions of the moderators on Discord.
    """

    name = "discord-admin"

    def __init__(
        self,
        admin_app: AdminConversation,
        client: discord.Client,
        channel_id: int,
        *,
        memory: int = 10_000,
    ) -> None:
        self.admin_app = admin_app
        self.client = client
        self.channel_id = channel_id
        self._memory = memory
        self._sent: OrderedDict[str, None] = OrderedDict()

    async def deliver(self, event: DomainEvent) -> None:
        if "admin" not in event.channels:
            return
        called: list[int] = []

        def mention(account: Account, identities: Sequence[Identity]) -> str | None:
            user = next((i for i in identities if i.provider == DISCORD.value), None)
            if user is None:
                return None
            called.append(int(user.external_id))
            return escape("@" + fmt.handle(account).lstrip("@"))

        replies = await self.admin_app.render(event, mention=mention)
        channel = self.client.get_partial_messageable(self.channel_id)
        for index, reply in enumerate(replies):
            key = f"{event.id}:{index}"
            if key in self._sent:
                continue
            if called:
                # Markup neutralises mentions: the pings go as content of their own.
                await channel.send(
                    " ".join(f"<@{user_id}>" for user_id in dict.fromkeys(called)),
                    allowed_mentions=discord.AllowedMentions(
                        everyone=False, roles=False,
                        users=[discord.Object(id=u) for u in called],
                    ),
                )
            for out in render_reply(reply, "en"):
                await channel.send(**out.kwargs(), allowed_mentions=NO_MENTIONS)
            self._sent[key] = None
            while len(self._sent) > self._memory:
                self._sent.popitem(last=False)
