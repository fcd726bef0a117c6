"""The sandbox: BotGig's chat side in a browser, with no chat token (docs/web.md, "Sandbox").

Five panes on one page: a buyer, a seller, an agent's supervisor and a moderator, each a
private chat with the bot, and the moderators' admin channel. Every pane speaks to the same
``ChatApp`` (and ``AdminApp`` for admin commands and the admin channel) as the Telegram bot
does, through a small JSON endpoint: an ``Incoming`` in, the ``Reply`` list out.

The sandbox is a Telegram-shaped front end. It runs only when no Telegram or Discord token is
set (``botgig.settings``), so it can use ``Platform.TELEGRAM``, its command table and texts,
with chat identities no Telegram user can have: ``sandbox-<persona>`` (Telegram ids are
numbers). The conversation layer needs no change for it. Each persona is a real account,
found or created by that identity on each request, so it is the same account across restarts
and processes; the moderator persona is given the moderator role the way
``BOTGIG_MODERATORS`` is (an operator grant).

Notifications are the outbox's: the sandbox's two sinks (``SandboxSinks``) run in the
workers' dispatcher like the chat bots' sinks, and write what they would send into the
database (``Mailbox``), where each pane polls for it. Nothing is kept in one process's memory,
so the page works with the API and the workers in different processes.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from bots.web.sandbox_markup import to_runs
from core.accounts.accounts import ensure_chat_account, set_role
from core.accounts.model import Account, Identity
from core.shared.context import Context
from handlers.admin.app import AdminApp
from handlers.app import ChatApp
from handlers.i18n import language_for
from handlers.markup import escape
from handlers.notifications import AdminPosts, Channel, Notifier, Unreachable
from handlers.types import (
    Button,
    Incoming,
    IncomingAttachment,
    Notification,
    OutgoingAttachment,
    Platform,
    Reply,
)

PROVIDER = "telegram"
#: The chat identities of the personas: never a number, so never a real Telegram user.
ID_PREFIX = "sandbox-"
ADMIN_PANE = "admin"
#: How many past deliveries a pane shows when it opens.
HISTORY = 100


@dataclass(frozen=True)
class Persona:
    key: str
    label: str
    display_name: str
    moderator: bool = False

    @property
    def external_id(self) -> str:
        return ID_PREFIX + self.key


PERSONAS: tuple[Persona, ...] = (
    Persona("buyer", "Buyer", "Sandbox Buyer"),
    Persona("seller", "Seller", "Sandbox Seller"),
    Persona("supervisor", "Agent's supervisor", "Sandbox Supervisor"),
    Persona("moderator", "Moderator", "Sandbox Moderator", moderator=True),
)
BY_KEY = {p.key: p for p in PERSONAS}
MODERATOR = BY_KEY["moderator"]
#: Every pane: one per persona, and the admin channel (where the moderator persona acts).
PANES: tuple[str, ...] = (*(p.key for p in PERSONAS), ADMIN_PANE)


class UnknownPane(LookupError):
    pass


def chat_key(pane: str) -> str:
    return f"{PROVIDER}:{ID_PREFIX}{pane}"


def pane_of(external_id: str) -> str | None:
    if not external_id.startswith(ID_PREFIX):
        return None
    pane = external_id[len(ID_PREFIX) :]
    return pane if pane in PANES else None


# -- what a pane is shown ---------------------------------------------------------------------


def _buttons(rows: Sequence[Sequence[Button]]) -> list[list[dict[str, Any]]]:
    return [
        [
            {"label": b.label, "action": b.action, "url": b.url}
            for b in row
            if b.action is not None or (b.url or "").startswith(("http://", "https://"))
        ]
        for row in rows
    ]


def _attachments(files: Sequence[OutgoingAttachment]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for f in files:
        item: dict[str, Any] = {"name": f.name, "kind": f.kind}
        if f.data is not None:
            item["data"] = base64.b64encode(f.data).decode("ascii")
        elif (digest := SandboxFiles.digest_of(f.ref)) is not None:
            item["url"] = f"/sandbox/api/files/{digest}?name={quote(f.name)}"
        out.append(item)
    return out


def reply_json(reply: Reply) -> dict[str, Any]:
    return {
        "text": to_runs(reply.text),
        "buttons": _buttons(reply.buttons),
        "attachments": _attachments(reply.attachments),
        "edit": reply.edit,
        "alert": reply.alert,
        "order_id": reply.order_id,
    }


def notification_json(notification: Notification) -> dict[str, Any]:
    return {
        "text": to_runs(notification.text),
        "buttons": _buttons(notification.buttons),
        "attachments": _attachments(notification.attachments),
        "order_id": notification.order_id,
        "event_id": notification.event_id,
    }


# -- files sent from a pane ------------------------------------------------------------------


class SandboxFiles:
    """Files uploaded in a pane, kept under the data folder by their SHA-256 (``sandbox:<hex>``
    is the reference the conversation layer stores, as a Telegram ``file_id`` would be). Every
    process of one BotGig shares the data folder, so any of them can serve a file back."""

    PREFIX = "sandbox:"
    _DIGEST = re.compile(r"[0-9a-f]{64}")

    def __init__(self, root: Path, max_bytes: int) -> None:
        self.root = root
        self.max_bytes = max_bytes

    @classmethod
    def digest_of(cls, ref: str) -> str | None:
        digest = ref[len(cls.PREFIX) :] if ref.startswith(cls.PREFIX) else ""
        return digest if cls._DIGEST.fullmatch(digest) else None

    def save(self, data: bytes) -> str:
        """Stores ``data``; returns its reference."""
        digest = hashlib.sha256(data).hexdigest()
        target = self.root / digest
        if not target.exists():
            self.root.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=self.root, delete=False) as part:
                part.write(data)
            os.replace(part.name, target)
        return self.PREFIX + digest

    def path(self, digest: str) -> Path | None:
        if not self._DIGEST.fullmatch(digest):
            return None
        target = self.root / digest
        return target if target.is_file() else None


# -- deliveries, in the database --------------------------------------------------------------


class Mailbox:
    """What the notification pipeline delivered to each pane, in the conversation store.

    A pane's messages are numbered slots (``sandbox:pane:<pane>:<n>``) after a head that
    remembers the next number. A writer claims a slot with a dedup key and writes it in the
    same transaction, so two dispatcher processes never take the same number and a reader
    never sees a claimed slot without its message; an event's message is written once per
    pane however often the dispatcher retries it.
    """

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    @staticmethod
    def _head(pane: str) -> str:
        return f"sandbox:pane:{pane}"

    async def add(self, pane: str, once: str, message: dict[str, Any]) -> bool:
        """Append ``message`` unless ``once`` (the event and message) is already there."""
        now = self.ctx.clock.now()
        async with self.ctx.uow() as uow:
            if not await uow.dedup.first_time(f"sandbox:sent:{pane}:{once}", now):
                return False
            head = await uow.conversations.get(self._head(pane)) or {}
            number = int(head.get("next", 0))
            while not await uow.dedup.first_time(f"sandbox:slot:{pane}:{number}", now):
                number += 1
            await uow.conversations.put(f"{self._head(pane)}:{number}", message, now)
            await uow.conversations.put(self._head(pane), {"next": number + 1}, now)
            await uow.commit()
        return True

    async def since(self, pane: str, after: int) -> tuple[list[dict[str, Any]], int]:
        """The messages numbered ``after`` and later (the last ``HISTORY`` at most) and the
        number to ask from next time."""
        async with self.ctx.uow() as uow:
            head = await uow.conversations.get(self._head(pane)) or {}
            upto = int(head.get("next", 0))
            found: list[dict[str, Any]] = []
            for number in range(max(after, upto - HISTORY, 0), upto):
                message = await uow.conversations.get(f"{self._head(pane)}:{number}")
                if message is not None:
                    found.append({**message, "seq": number})
        return found, max(upto, after)


class SandboxTransport:
    """``handlers.notifications.Transport`` into the panes' mailboxes. As the Telegram
    platform (the personas' identities are Telegram-shaped), with only the admin channel
    (the feed is not shown in the sandbox)."""

    platform = PROVIDER

    def __init__(self, mailbox: Mailbox, *, admin: bool) -> None:
        self.mailbox = mailbox
        self.admin = admin

    def has_channel(self, channel: Channel) -> bool:
        return self.admin and channel == "admin"

    async def send_direct(self, user_id: str, notification: Notification, language: str) -> None:
        pane = pane_of(user_id)
        if pane is None or pane == ADMIN_PANE:
            raise Unreachable(f"{user_id} is not a sandbox persona")
        once = notification.event_id or _digest(notification)
        await self.mailbox.add(pane, once, notification_json(notification))

    async def post(
        self, channel: Channel, notification: Notification, pings: tuple[str, ...] = ()
    ) -> None:
        if channel != "admin" or not self.admin:
            raise Unreachable(f"no {channel} channel in the sandbox")
        once = f"{notification.event_id}:{_digest(notification)}"
        await self.mailbox.add(ADMIN_PANE, once, notification_json(notification))


def _digest(notification: Notification) -> str:
    raw = repr((notification.text, notification.buttons)).encode()
    return hashlib.sha256(raw).hexdigest()[:16]


def sandbox_mention(account: Account, identities: Sequence[Identity]) -> str | None:
    return f"<b>{escape(account.handle)}</b>"


# -- the sandbox ------------------------------------------------------------------------------


class Sandbox:
    """The personas, the conversation layer they talk to and the sinks that feed their
    panes. One per process; every piece of state is in the database."""

    def __init__(
        self, ctx: Context, *, files: SandboxFiles | None = None, chart: Any = None
    ) -> None:
        self.ctx = ctx
        #: Where files sent from a pane go; None: panes cannot send files.
        self.files = files
        self.chat_app = ChatApp(ctx)
        self.admin_app = AdminApp(ctx, admin_chats=[chat_key(ADMIN_PANE)], chart=chart)
        self.mailbox = Mailbox(ctx)
        notifier = Notifier(
            ctx, self.chat_app, SandboxTransport(self.mailbox, admin=False),
            platforms=[PROVIDER],
        )
        notifier.name = "sandbox"
        admin_posts = AdminPosts(
            self.admin_app, SandboxTransport(self.mailbox, admin=True), sandbox_mention
        )
        admin_posts.name = "sandbox-admin"
        #: The outbox sinks (``core.shared.ports.EventSink``) to run in the dispatcher.
        self.sinks: list[Any] = [notifier, admin_posts]

    async def account(self, persona: Persona) -> Account:
        """The persona's account, created with its welcome grant on first use."""
        try:
            account, _ = await self._ensure(persona)
        except Exception:
            # Two processes creating the persona at once: the identity's unique key let the
            # other one win, and its account is the persona's from now on.
            account, _ = await self._ensure(persona)
        if persona.moderator and not account.is_moderator:
            account = await set_role(self.ctx, granted_by=None, account_id=account.id)
        return account

    async def _ensure(self, persona: Persona) -> tuple[Account, bool]:
        return await ensure_chat_account(
            self.ctx,
            provider=PROVIDER,
            external_id=persona.external_id,
            display_name=persona.display_name,
            client_language="en",
        )

    async def personas(self) -> list[dict[str, Any]]:
        out = []
        for persona in PERSONAS:
            account = await self.account(persona)
            out.append({"key": persona.key, "label": persona.label, "account_id": account.id,
                        "name": account.handle})
        out.append({"key": ADMIN_PANE, "label": "Admin channel", "account_id": None,
                    "name": "Moderators' channel (you act as the moderator)"})
        return out

    async def handle(
        self,
        pane: str,
        message: dict[str, Any],
        attachments: tuple[IncomingAttachment, ...] = (),
    ) -> list[Reply]:
        """One action typed or pressed in ``pane``, as that pane's persona: the admin
        channel's actor is the moderator persona, every other pane is its own persona's
        private chat. What the persona may do is the conversation layer's to decide."""
        if pane not in PANES:
            raise UnknownPane(pane)
        persona = MODERATOR if pane == ADMIN_PANE else BY_KEY[pane]
        account = await self.account(persona)
        incoming = Incoming(
            actor_id=account.id,
            platform=Platform.TELEGRAM,
            chat_key=chat_key(pane),
            text=message.get("text") or "",
            action=message.get("action") or None,
            language=language_for(account, "en"),
            is_private_chat=pane != ADMIN_PANE,
            form_values=tuple(message.get("form_values") or ()),
            attachments=attachments,
        )
        if self.admin_app.owns(incoming):
            return await self.admin_app.handle(incoming)
        if pane == ADMIN_PANE:
            return []
        return await self.chat_app.handle(incoming)
