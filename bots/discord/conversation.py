"""One user action on Discord, from the interaction (or DM) to the answer.

The identity is resolved once, at the edge (``discord:<user id>`` → an account, created on
first contact with the welcome grant). The action goes to the conversation layer as an
``Incoming``; its replies come back as embeds with buttons — private (ephemeral) in a server,
plain messages in a DM. A form question answered by typing opens a modal directly when a
slash command (or the "✏️ Answer" button) asked for it. Discord wants an answer within three
seconds: a slow turn is deferred first and answered with follow-ups.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

import discord

from bots.discord.files import UPLOAD_LIMIT
from bots.discord.mapping import attachment, chat_ref, incoming, language_of, modal_values
from bots.discord.render import Outgoing, modal_for, plain, render_notification, render_reply
from bots.discord.texts import say
from core.accounts.accounts import ensure_chat_account
from core.shared.context import Context
from handlers.contract import ConversationApp
from handlers.i18n import Translator, language_for
from handlers.markup import escape
from handlers.notifications import Inbox
from handlers.types import Busy, Incoming, IncomingAttachment, Platform, PlatformFiles, Reply

log = logging.getLogger(__name__)

NO_MENTIONS = discord.AllowedMentions.none()
INBOX_ACTION = "dsc:inbox"
FORM_ASK = "frm:ask:"
FORM_FILL = "frm:fill:"

Interaction = discord.Interaction[Any]


class Responder:
    """Answers one interaction: the first message is the interaction response, the others
    are follow-ups; after a deferral the first one replaces the "thinking" placeholder."""

    def __init__(self, interaction: Interaction) -> None:
        self.interaction = interaction
        self.in_server = interaction.guild_id is not None
        self._thinking = False
        self.sent = 0
        # The turn's busy indicator and the three-second deferral may both defer.
        self._deferring = asyncio.Lock()

    @property
    def done(self) -> bool:
        return self.interaction.response.is_done()

    async def defer(self, *, pressed: bool) -> None:
        """A deferred update for a button (the message stays), else "thinking…"."""
        async with self._deferring:
            if self.done:
                return
            if pressed:
                await self.interaction.response.defer()
            else:
                await self.interaction.response.defer(ephemeral=self.in_server, thinking=True)
                self._thinking = True

    async def busy(self, kind: Busy) -> None:
        """``handlers.types.ChatActions``: a slow reply is on its way (a file, a picture):
        "thinking…" at once, for a button press too, instead of waiting for the deferral.
        Best effort: a failed indicator never costs the reply."""
        try:
            await self.defer(pressed=False)
        except discord.HTTPException as error:
            log.info("thinking indicator for interaction %s failed: %s", self.interaction.id,
                     error)


    async def send(self, out: Outgoing, *, ephemeral: bool) -> None:
        self.sent += 1
        if not self.done:
            await self.interaction.response.send_message(
                **out.kwargs(), ephemeral=ephemeral, allowed_mentions=NO_MENTIONS
            )
        elif self._thinking:
            self._thinking = False
            # The "thinking" placeholder becomes the message, files included.
            if out.uploads:
                await self.interaction.edit_original_response(
                    content=out.content, embeds=out.embeds, view=out.view,
                    attachments=out.files(), allowed_mentions=NO_MENTIONS,
                )
            else:
                await self.interaction.edit_original_response(
                    content=out.content, embeds=out.embeds, view=out.view,
                    allowed_mentions=NO_MENTIONS,
                )
        else:
            await self.interaction.followup.send(
                **out.kwargs(), ephemeral=ephemeral, allowed_mentions=NO_MENTIONS
            )

    async def edit(self, out: Outgoing) -> bool:
        """Replace the message the pressed button was on; False when that is not possible."""
        if self.interaction.message is None or self._thinking:
            return False
        self.sent += 1
        if not self.done:
            await self.interaction.response.edit_message(
                content=out.content, embeds=out.embeds, view=out.view,
                allowed_mentions=NO_MENTIONS,
            )
        else:
            await self.interaction.edit_original_response(
                content=out.content, embeds=out.embeds, view=out.view,
                allowed_mentions=NO_MENTIONS,
            )
        return True

    async def finish(self, language: str, *, pressed: bool) -> None:
        """Acknowledge an action that produced no message (Discord insists on an answer)."""
        if self.sent:
            return
        if not self.done:
            if pressed:
                await self.interaction.response.defer()
            else:
                await self.interaction.response.send_message(
                    plain(say(language, "front.done"))[0].content, ephemeral=True
                )
        elif self._thinking:
            self._thinking = False
            await self.interaction.edit_original_response(
                content=plain(say(language, "front.done"))[0].content
            )


class ChannelTyping:
    """``handlers.types.ChatActions`` in a DM: "BotGig is typing…" (Discord shows it for ten
    seconds or until the bot's next message)."""

    def __init__(self, channel: discord.abc.Messageable) -> None:
        self.channel = channel

    async def busy(self, kind: Busy) -> None:
        try:
            await self.channel.typing()
        except discord.HTTPException as error:
            log.info("typing indicator failed: %s", error)


class DiscordConversation:
    def __init__(
        self,
        ctx: Context,
        chat_app: ConversationApp,
        *,
        defer_after: float = 2.0,
    ) -> None:
        self.ctx = ctx
        self.chat_app = chat_app
        #: Where the notifier keeps what it could not DM (``handlers.notifications.Notifier``).
        self.inbox = Inbox(ctx, Platform.DISCORD.value)
        self.defer_after = defer_after
        #: Fetches Discord uploads, so deliveries are copied into BotGig's store (set by
        #: the front end once the bot exists: ``bots.discord.files.DiscordFiles``).
        self.files: PlatformFiles | None = None

    async def identify(self, user: discord.abc.User, locale: object = None) -> tuple[int, str]:
        """The account of a Discord user (created on first contact) and their language."""
        client_language = language_of(locale) if locale is not None else "en"
        account, created = await ensure_chat_account(
            self.ctx,
            provider=Platform.DISCORD.value,
            external_id=str(user.id),
            display_name=getattr(user, "global_name", None) or user.name,
            client_language=language_of(locale) if locale is not None else None,
            username=user.name,
        )
        if created:
            log.info("new account %s for discord user %s", account.id, user.id)
        return account.id, language_for(account, client_language)

    # -- interactions ---------------------------------------------------------------------------

    async def command(
        self,
        interaction: Interaction,
        command: str,
        args: str = "",
        *,
        files: tuple[discord.Attachment, ...] = (),
        form_text: str = "",
    ) -> None:
        """A slash command as ``/<command> <args>``. ``files`` go with it (``/order msg``), or,
        when the command opens a form (``/order deliver``), answer its first question
        together with ``form_text``."""
        account_id, language = await self.identify(interaction.user, interaction.locale)
        uploads = tuple(attachment(f) for f in files)
        user_id = interaction.user.id
        relay = command == "msg"
        first = incoming(
            user_id, account_id, language, command=command, args=args,
            attachments=uploads if relay else (),
        )
        follow = None
        if uploads and not relay:
            follow = incoming(user_id, account_id, language, text=form_text, attachments=uploads)
        await self._run(interaction, first, account_id, language, modal_ok=follow is None,
                        pressed=False, follow=follow)

    async def press(self, interaction: Interaction, action: str) -> None:
        """A button (an ``ActionButton``): the conversation layer re-checks who may press it."""
        if action == INBOX_ACTION:
            await self.show_inbox(interaction)
            return
        account_id, language = await self.identify(interaction.user, interaction.locale)
        event = incoming(interaction.user.id, account_id, language, action=action)
        await self._run(interaction, event, account_id, language,
                        modal_ok=action.startswith(FORM_ASK), pressed=True)

    async def unknown_component(self, interaction: Interaction) -> None:
        """A button or modal whose id is none of ours (a message of an older version, a forged
        id): answered privately, so Discord never shows "This interaction failed"."""
        if interaction.response.is_done():
            return
        tr = Translator(language_for(None, language_of(interaction.locale)), "discord")
        await Responder(interaction).send(plain(tr("button.invalid"))[0], ephemeral=True)

    async def modal_submit(self, interaction: Interaction) -> bool:
        """A form modal's values (``frm:fill:<token>``); False for a modal that is not ours."""
        data: dict[str, Any] = dict(interaction.data or {})
        custom_id = str(data.get("custom_id", ""))
        if not custom_id.startswith(FORM_FILL):
            return False
        account_id, language = await self.identify(interaction.user, interaction.locale)
        event = incoming(interaction.user.id, account_id, language, action=custom_id,
                         form_values=modal_values(data))
        await self._run(interaction, event, account_id, language, modal_ok=False, pressed=False)
        return True

    async def _handle(
        self, first: Incoming, follow: Incoming | None, responder: Responder | None = None
    ) -> list[Reply]:
        replies = await self.chat_app.handle(first, responder, self.files)
        if follow is not None and any(r.form is not None for r in replies):
            replies = await self.chat_app.handle(follow, responder, self.files)
        return replies

    async def _run(
        self,
        interaction: Interaction,
        event: Incoming,
        account_id: int,
        language: str,
        *,
        modal_ok: bool,
        pressed: bool,
        follow: Incoming | None = None,
    ) -> None:
        responder = Responder(interaction)
        task = asyncio.ensure_future(self._handle(event, follow, responder))
        try:
            try:
                replies = await asyncio.wait_for(asyncio.shield(task), self.defer_after)
            except TimeoutError:
                await responder.defer(pressed=pressed)
                modal_ok = False
                replies = await task
        except Exception:
            log.exception(
                "discord %s from user %s (account %s) failed",
                event.command or event.action or "message", interaction.user.id, account_id,
            )
            replies = [Reply(say(language, "front.internal_error"), alert=True)]
        if not await self.respond(
            responder, replies, language, modal_ok=modal_ok, pressed=pressed
        ):
            await self._remind(responder, account_id, language)

    async def respond(
        self,
        responder: Responder,
        replies: list[Reply],
        language: str,
        *,
        modal_ok: bool,
        pressed: bool,
        public: bool = False,
    ) -> bool:
        """Send the replies; True when a modal was opened instead (nothing else may follow).
        In a server they are private unless ``public`` (the admin channel), where only
        alerts and ``ephemeral`` replies are."""
        if modal_ok and len(replies) == 1 and replies[0].form is not None and not responder.done:
            modal = modal_for(replies[0].form)
            if modal is not None:
                await responder.interaction.response.send_modal(modal)
                return True
        edited = False
        # Discord tells each interaction how large an upload it takes (boosted servers more).
        limit = int(getattr(responder.interaction, "filesize_limit", 0) or UPLOAD_LIMIT)
        for reply in replies:
            messages = render_reply(reply, language, self.ctx.files, limit)
            for index, out in enumerate(messages):
                if (
                    reply.edit and pressed and index == 0 and not edited and not reply.alert
                    and await responder.edit(out)
                ):
                    edited = True
                    continue
                private = (reply.ephemeral or reply.alert) if public else responder.in_server
                await responder.send(out, ephemeral=private or reply.alert)
        await responder.finish(language, pressed=pressed)
        return False

    async def _remind(self, responder: Responder, account_id: int, language: str) -> None:
        """Point at /inbox while notifications wait there (the user's DMs were closed)."""
        try:
            waiting = await self.inbox.count(account_id)
            if waiting and responder.done:
                await responder.interaction.followup.send(
                    plain(say(language, "front.inbox_waiting", count=waiting))[0].content or "",
                    ephemeral=True,
                )
        except Exception:
            log.exception("inbox reminder for account %s failed", account_id)

    async def show_inbox(self, interaction: Interaction) -> None:
        """The notifications that waited because the user's DMs were closed, privately; they
        are forgotten once shown."""
        account_id, language = await self.identify(interaction.user, interaction.locale)
        responder = Responder(interaction)
        waiting = await self.inbox.pending(account_id)
        if not waiting:
            await responder.send(plain(say(language, "front.inbox_empty"))[0], ephemeral=True)
            return
        header = say(language, "front.inbox_header", count=len(waiting))
        await responder.send(plain(header)[0], ephemeral=True)
        for notification in waiting:
            for out in render_notification(notification, language, self.ctx.files):
                await responder.send(out, ephemeral=True)
        await self.inbox.remove(account_id, waiting)

    # -- direct messages ------------------------------------------------------------------------

    async def direct_message(self, message: discord.Message) -> None:
        """Text and files in a DM: form answers, messages for an order (also by replying to a
        relayed message), or commands typed as text."""
        if message.author.bot or message.guild is not None:
            return
        account_id, language = await self.identify(message.author)
        uploads: tuple[IncomingAttachment, ...] = tuple(attachment(a) for a in message.attachments)
        reply_to = message.reference.message_id if message.reference is not None else None
        event = incoming(message.author.id, account_id, language, text=message.content,
                         attachments=uploads, reply_to=reply_to)
        try:
            replies = await self.chat_app.handle(
                event, ChannelTyping(message.channel), self.files
            )
        except Exception:
            log.exception("discord DM from user %s (account %s) failed", message.author.id,
                          account_id)
            replies = [Reply(escape(say(language, "front.internal_error")))]
        for reply in replies:
            for out in render_reply(reply, language, self.ctx.files, UPLOAD_LIMIT):
                sent = await message.channel.send(**out.kwargs(), allowed_mentions=NO_MENTIONS)
                if reply.order_id is not None:
                    with contextlib.suppress(Exception):
                        await self.chat_app.remember_relay(
                            Platform.DISCORD.value, chat_ref(message.author.id), str(sent.id),
                            reply.order_id,
                        )
