"""Discord offline: the real discord.py bot, fed raw gateway payloads, with every answer
recorded.

discord.py sends what a bot does through two doors, and both are replaced here:

* interaction responses and follow-ups go through ``discord.webhook.async_.async_context``
  (an ``AsyncWebhookAdapter``): ``RecordingAdapter.request`` records them and answers like
  Discord (the callback response with the created message, follow-up messages);
* everything else (creating a DM channel, sending to a channel) goes through ``bot.http``:
  ``FakeDiscordHTTP`` (an ``HTTPClient`` subclass) answers the few REST routes the bot uses,
  and answers 403 (code 50007) for a user whose DMs are closed.

``DiscordTester`` drives the bot like users would: a slash command, a button press and a
modal submit become raw interaction payloads for ``bot._connection.parse_interaction_create``
(type 2, 3, 5), a DM a ``MESSAGE_CREATE`` for ``parse_message_create``; it waits for the
tasks discord.py started and returns the messages the bot produced meanwhile. The command
tree is never synced (that would call Discord).
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Iterator, Mapping
from contextvars import Token
from dataclasses import dataclass, field
from typing import Any

import discord
from discord.http import HTTPClient, Route
from discord.types.user import User as UserPayload
from discord.webhook.async_ import AsyncWebhookAdapter, async_context

APP_ID = 900_000_000_000_000_001
GUILD_ID = 900_000_000_000_000_100
CHANNEL_ID = 900_000_000_000_000_200
EPHEMERAL = 64
BOT_USER: UserPayload = {
    "id": str(APP_ID),
    "username": "BotGig",
    "global_name": "BotGig",
    "discriminator": "0",
    "avatar": None,
    "bot": True,
}

_ids = itertools.count(910_000_000_000_000_000)


def next_id() -> int:
    return next(_ids)


@dataclass(frozen=True)
class DUser:
    id: int
    name: str
    locale: str = "en-US"

    def payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "username": self.name.lower(),
            "global_name": self.name,
            "discriminator": "0",
            "avatar": None,
        }


@dataclass
class Sent:
    """A message the bot created (and its later edits), as Discord would store it."""

    kind: str  # "response", "followup", "dm", "channel"
    message_id: int
    channel_id: int
    data: dict[str, Any]
    #: The user it was for: the interaction's user, or the DM's recipient.
    user_id: int | None = None
    edits: int = 0
    #: Files uploaded with the message (name, bytes), as Discord would attach them.
    files: list[tuple[str, bytes]] = field(default_factory=list)

    @property
    def ephemeral(self) -> bool:
        return bool(int(self.data.get("flags") or 0) & EPHEMERAL)

    @property
    def content(self) -> str:
        return str(self.data.get("content") or "")

    @property
    def embeds(self) -> list[dict[str, Any]]:
        return list(self.data.get("embeds") or [])

    @property
    def text(self) -> str:
        parts = [self.content] if self.content else []
        parts += [str(e.get("description") or "") for e in self.embeds]
        return "\n".join(parts)

    def buttons(self) -> list[dict[str, Any]]:
        return [
            c for row in self.data.get("components") or [] for c in row.get("components", [])
            if c.get("type") == 2
        ]

    def has_button(self, label: str) -> bool:
        return any(label in str(b.get("label", "")) for b in self.buttons())

    def button(self, label: str) -> dict[str, Any]:
        for b in self.buttons():
            if label in str(b.get("label", "")):
                return b
        raise AssertionError(f"no {label!r} button in {[b.get('label') for b in self.buttons()]}")

    def payload(self) -> dict[str, Any]:
        """The message as an interaction payload carries it."""
        return {
            "id": str(self.message_id),
            "channel_id": str(self.channel_id),
            "author": BOT_USER,
            "content": self.content,
            "embeds": self.embeds,
            "components": self.data.get("components") or [],
            "attachments": [],
            "mentions": [],
            "mention_roles": [],
            "mention_everyone": False,
            "pinned": False,
            "tts": False,
            "type": 0,
            "timestamp": "2026-01-05T12:00:00+00:00",
            "edited_timestamp": None,
            "flags": int(self.data.get("flags") or 0),
        }


@dataclass
class Modal:
    custom_id: str
    title: str
    inputs: list[dict[str, Any]]
    user_id: int

    def labels(self) -> list[str]:
        return [str(i.get("label")) for i in self.inputs]

    def ids(self) -> list[str]:
        return [str(i.get("custom_id")) for i in self.inputs]


@dataclass
class Call:
    kind: str
    path: str
    payload: Any


def _json_of(payload: Any, multipart: Any) -> dict[str, Any]:
    if payload is not None:
        return dict(payload)
    for part in multipart or []:
        if part.get("name") == "payload_json":
            return dict(json.loads(part["value"]))
    return {}


def _uploads(multipart: Any) -> list[tuple[str, bytes]]:
    """The file parts of a multipart body (``files[n]``), read like Discord stores them."""
    out = []
    for part in multipart or []:
        if str(part.get("name", "")).startswith("files[") and "filename" in part:
            value = part["value"]
            out.append((str(part["filename"]), value if isinstance(value, bytes) else value.read()))
    return out


def _text_inputs(components: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for node in components:
        if node.get("type") == 4:
            yield node
        yield from _text_inputs(list(node.get("components") or []))
        if isinstance(node.get("component"), dict):
            yield from _text_inputs([node["component"]])


class FakeDiscord:
    """The state of the fake: every message the bot sent (by id), modals, DM channels."""

    def __init__(self) -> None:
        self.messages: dict[int, Sent] = {}
        self.log: list[Sent] = []
        self.modals: list[Modal] = []
        self.calls: list[Call] = []
        self.closed_dms: set[int] = set()
        self.dm_channels: dict[int, int] = {}
        #: interaction token → (interaction id, user id, channel id, message id of the
        #: pressed message or None)
        self.interactions: dict[str, tuple[int, int, int, int | None]] = {}
        self.originals: dict[str, int] = {}
        #: The bytes behind attachment URLs (the CDN); an unknown URL serves its own name.
        self.cdn: dict[str, bytes] = {}
        #: CDN URLs that answer 404 (an expired or deleted attachment).
        self.cdn_gone: set[str] = set()
        #: Channels the bot showed "typing…" in.
        self.typing: list[int] = []

    def dm_channel(self, user_id: int) -> int:
        if user_id not in self.dm_channels:
            self.dm_channels[user_id] = next_id()
        return self.dm_channels[user_id]

    def record(self, sent: Sent) -> Sent:
        self.messages[sent.message_id] = sent
        self.log.append(sent)
        return sent

    def new_message(self, kind: str, channel_id: int, data: dict[str, Any],
                    user_id: int | None) -> Sent:
        return self.record(Sent(kind, next_id(), channel_id, dict(data), user_id))

    def edit(self, message_id: int, data: dict[str, Any]) -> Sent:
        sent = self.messages[message_id]
        for key in ("content", "embeds", "components", "flags"):
            if key in data:
                sent.data[key] = data[key]
        sent.edits += 1
        return sent

    def message_payload(self, sent: Sent) -> dict[str, Any]:
        return sent.payload()

    # -- views for assertions -------------------------------------------------------------------

    def to_user(self, user: DUser) -> list[Sent]:
        """Everything the bot sent for ``user``: interaction answers and DMs."""
        return [s for s in self.log if s.user_id == user.id]

    def in_channel(self, channel_id: int) -> list[Sent]:
        return [s for s in self.log if s.channel_id == channel_id and s.kind == "channel"]

    def dms(self, user: DUser) -> list[Sent]:
        return [s for s in self.log if s.kind == "dm" and s.user_id == user.id]


class RecordingAdapter(AsyncWebhookAdapter):
    """Interaction responses and follow-ups, answered like Discord and recorded."""

    def __init__(self, fake: FakeDiscord) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # discord.py leaves it unannotated
        self.fake = fake

    async def request(self, route: Any, session: Any, *, payload: Any = None,
                      multipart: Any = None, **kwargs: Any) -> Any:
        fake = self.fake
        data = _json_of(payload, multipart)
        uploads = _uploads(multipart)
        token = str(route.webhook_token)
        fake.calls.append(Call("webhook", f"{route.method} {route.path}", data))
        interaction_id, user_id, channel_id, pressed = fake.interactions[token]
        if route.path.endswith("/callback"):
            kind = int(data["type"])
            body = dict(data.get("data") or {})
            message: Sent | None = None
            if kind == 4:
                message = fake.new_message("response", channel_id, body, user_id)
                message.files += uploads
                fake.originals[token] = message.message_id
            elif kind == 5:
                message = fake.new_message("response", channel_id,
                                           {"content": "", "flags": body.get("flags", 0)}, user_id)
                fake.originals[token] = message.message_id
            elif kind == 7 and pressed is not None:
                message = fake.edit(pressed, body)
                fake.originals[token] = pressed
            elif kind == 6 and pressed is not None:
                fake.originals[token] = pressed
            elif kind == 9:
                fake.modals.append(Modal(str(body.get("custom_id")), str(body.get("title")),
                                         list(_text_inputs(body.get("components") or [])),
                                         user_id))
            out: dict[str, Any] = {
                "interaction": {
                    "id": str(interaction_id),
                    "type": 2,
                    "response_message_loading": kind == 5,
                    "response_message_ephemeral": bool(int(body.get("flags") or 0) & EPHEMERAL),
                }
            }
            if message is not None:
                out["interaction"]["response_message_id"] = str(message.message_id)
                out["resource"] = {"type": kind, "message": message.payload()}
            return out
        if route.method == "POST":
            followup = fake.new_message("followup", channel_id, data, user_id)
            followup.files += uploads
            return followup.payload()
        # discord.py names the original response in the path when the edit carries files.
        if route.method == "PATCH" and route.path.endswith(
            ("/messages/{message_id}", "/messages/@original")
        ):
            target = fake.originals.get(token)
            message_id = str(route.url).rsplit("/", 1)[-1].split("?")[0]
            if message_id != "@original":
                target = int(message_id)
            assert target is not None, "edit of an original response that does not exist"
            edited = fake.edit(target, data)
            edited.files += uploads
            return edited.payload()
        if route.method == "GET":
            target = fake.originals.get(token)
            return fake.messages[target].payload() if target else {}
        return {}


class _Response:
    def __init__(self, status: int, reason: str) -> None:
        self.status = status
        self.reason = reason


class FakeDiscordHTTP(HTTPClient):
    """The REST routes the bot uses (DM channels, channel messages), answered in memory."""

    def __init__(self, fake: FakeDiscord, loop: asyncio.AbstractEventLoop) -> None:
        super().__init__(loop)
        self.fake = fake
        self.token = "test-token"

    async def get_from_cdn(self, url: str) -> bytes:
        """An attachment's bytes, as ``discord.Attachment.read`` gets them."""
        if url in self.fake.cdn_gone:
            raise discord.NotFound(_Response(404, "Not Found"),  # type: ignore[arg-type]
                                   "asset not found")
        return self.fake.cdn.get(url, b"discord upload: " + url.encode())

    async def request(self, route: Route, *, files: Any = None, form: Any = None,
                      **kwargs: Any) -> Any:
        fake = self.fake
        body: Any = kwargs.get("json")  # the JSON payload discord.py sends
        if body is None and form:
            body = _json_of(None, form)
        fake.calls.append(Call("rest", f"{route.method} {route.path}", body))
        if route.method == "POST" and route.path == "/channels/{channel_id}/typing":
            fake.typing.append(int(route.channel_id))  # type: ignore[arg-type]
            return None
        if route.method == "POST" and route.path == "/users/@me/channels":
            user_id = int(body["recipient_id"])
            return {
                "id": str(fake.dm_channel(user_id)),
                "type": 1,
                "recipients": [{"id": str(user_id), "username": f"u{user_id}",
                                "discriminator": "0", "avatar": None}],
                "last_message_id": None,
            }
        if route.method == "POST" and route.path == "/channels/{channel_id}/messages":
            channel_id = int(route.channel_id)  # type: ignore[arg-type]
            recipient = next((u for u, c in fake.dm_channels.items() if c == channel_id), None)
            if recipient is not None and recipient in fake.closed_dms:
                raise discord.Forbidden(
                    _Response(403, "Forbidden"),  # type: ignore[arg-type]
                    {"code": 50007, "message": "Cannot send messages to this user"},
                )
            kind = "dm" if recipient is not None else "channel"
            sent = fake.new_message(kind, channel_id, body or {}, recipient)
            sent.files += [(f.filename, f.fp.read()) for f in files or []]
            return sent.payload()
        return {}


@dataclass
class Result:
    """What the bot produced for one user action."""

    messages: list[Sent] = field(default_factory=list)
    modals: list[Modal] = field(default_factory=list)
    edited: list[Sent] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n---\n".join(m.text for m in self.messages)

    def last_with(self, label: str) -> Sent:
        for message in reversed(self.messages + self.edited):
            if message.has_button(label):
                return message
        raise AssertionError(f"no {label!r} button in {[m.text for m in self.messages]}")

    @property
    def modal(self) -> Modal:
        assert self.modals, f"no modal; messages: {[m.text for m in self.messages]}"
        return self.modals[-1]


def _option(name: str, value: Any) -> dict[str, Any]:
    if isinstance(value, bool):
        raise TypeError("no boolean options")
    if isinstance(value, int):
        return {"name": name, "type": 4, "value": value}
    if isinstance(value, dict) and "filename" in value:
        return {"name": name, "type": 11, "value": value["id"]}
    return {"name": name, "type": 3, "value": str(value)}


def _in_channel(payload: dict[str, Any], channel_id: int | None) -> dict[str, Any]:
    """The interaction as coming from another server channel (the admin channel)."""
    if channel_id is not None and "guild_id" in payload:
        payload["channel_id"] = str(channel_id)
        payload["channel"] = {**payload["channel"], "id": str(channel_id)}
    return payload


class DiscordTester:
    """Drives a ``BotGigBot`` with raw interaction payloads and records its answers."""

    def __init__(self, bot: Any, fake: FakeDiscord | None = None) -> None:
        self.bot = bot
        self.fake = fake or FakeDiscord()
        self._token: Token[AsyncWebhookAdapter] | None = None

    async def start(self) -> None:
        bot = self.bot
        await bot._async_setup_hook()
        bot.http = FakeDiscordHTTP(self.fake, asyncio.get_running_loop())
        bot._connection.http = bot.http
        bot._connection.application_id = APP_ID
        bot._connection.user = discord.ClientUser(state=bot._connection, data=BOT_USER)
        self._token = async_context.set(RecordingAdapter(self.fake))
        await bot.setup_hook()

    async def close(self) -> None:
        if self._token is not None:
            async_context.reset(self._token)

    # -- plumbing --------------------------------------------------------------------------------

    async def _settle(self, before: set[asyncio.Task[Any]]) -> None:
        """Wait for the tasks discord.py started for this input (and those they started)."""
        me = asyncio.current_task()
        for _ in range(100):
            pending = [
                t for t in asyncio.all_tasks()
                if t is not me and t not in before and not t.done()
                and (t.get_name().startswith(("discord", "CommandTree")))
            ]
            if not pending:
                return
            await asyncio.wait(pending, timeout=10)
        raise AssertionError("discord tasks did not settle")

    async def _feed(self, payload: dict[str, Any], user: DUser,
                    pressed: int | None = None) -> Result:
        fake = self.fake
        token = f"tok{next_id()}"
        payload["token"] = token
        channel_id = int(payload["channel_id"])
        fake.interactions[token] = (int(payload["id"]), user.id, channel_id, pressed)
        log_before, modals_before = len(fake.log), len(fake.modals)
        edits_before = {m.message_id: m.edits for m in fake.log}
        before = set(asyncio.all_tasks())
        self.bot._connection.parse_interaction_create(payload)
        await asyncio.sleep(0)
        await self._settle(before)
        edited = [m for m in fake.log[:log_before] if m.edits != edits_before.get(m.message_id)]
        return Result(fake.log[log_before:], fake.modals[modals_before:], edited)

    def _base(self, user: DUser, kind: int, data: dict[str, Any], *,
              in_guild: bool = True) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "id": str(next_id()),
            "application_id": str(APP_ID),
            "type": kind,
            "version": 1,
            "data": data,
            "locale": user.locale,
            "app_permissions": "0",
            "attachment_size_limit": 8_388_608,
            "entitlements": [],
            "authorizing_integration_owners": {},
        }
        if in_guild:
            payload.update({
                "guild_id": str(GUILD_ID),
                "channel_id": str(CHANNEL_ID),
                "channel": {"id": str(CHANNEL_ID), "type": 0, "guild_id": str(GUILD_ID),
                            "name": "marketplace", "position": 0, "permission_overwrites": [],
                            "nsfw": False, "parent_id": None},
                "guild_locale": "en-US",
                "member": {"user": user.payload(), "roles": [], "joined_at":
                           "2026-01-01T00:00:00+00:00", "deaf": False, "mute": False,
                           "permissions": "0", "flags": 0},
                "context": 0,
            })
        else:
            dm = self.fake.dm_channel(user.id)
            payload.update({
                "channel_id": str(dm),
                "channel": {"id": str(dm), "type": 1},
                "user": user.payload(),
                "context": 1,
            })
        return payload

    # -- users -----------------------------------------------------------------------------------

    async def slash(self, user: DUser, command: str, /, *, in_guild: bool = True,
                    channel_id: int | None = None, **options: Any) -> Result:
        """``slash(user, "offer list", category="seo")`` runs ``/offer list category:seo``."""
        names = command.split()
        opts = [_option(k, v) for k, v in options.items() if v is not None]
        resolved: dict[str, Any] = {}
        files = {v["id"]: v for v in options.values() if isinstance(v, dict)}
        if files:
            resolved["attachments"] = files
        if len(names) == 1:
            data = {"id": str(next_id()), "name": names[0], "type": 1, "options": opts}
        else:
            data = {"id": str(next_id()), "name": names[0], "type": 1,
                    "options": [{"name": names[1], "type": 1, "options": opts}]}
        if resolved:
            data["resolved"] = resolved
        payload = self._base(user, 2, data, in_guild=in_guild)
        return await self._feed(_in_channel(payload, channel_id), user)

    async def autocomplete(self, user: DUser, command: str, /, *, focused: str,
                           current: str = "", kind: int = 3) -> list[dict[str, Any]]:
        """The choices Discord would list while ``user`` types ``current`` into the option
        ``focused`` (of type ``kind``: 3 text, 4 integer) of ``command``."""
        names = command.split()
        opts = [{"name": focused, "type": kind, "value": current, "focused": True}]
        data: dict[str, Any] = {"id": str(next_id()), "name": names[0], "type": 1,
                                "options": opts}
        if len(names) > 1:
            data["options"] = [{"name": names[1], "type": 1, "options": opts}]
        calls_before = len(self.fake.calls)
        await self._feed(self._base(user, 4, data), user)
        [answer] = [c for c in self.fake.calls[calls_before:] if c.path.endswith("/callback")]
        assert answer.payload["type"] == 8
        return list(answer.payload["data"]["choices"])

    async def press(self, user: DUser, message: Sent, label: str) -> Result:
        return await self.press_id(user, message, str(message.button(label)["custom_id"]))

    async def press_id(self, user: DUser, message: Sent, custom_id: str) -> Result:
        data = {"custom_id": custom_id, "component_type": 2}
        payload = self._base(user, 3, data, in_guild=message.kind != "dm")
        payload["channel_id"] = str(message.channel_id)
        _in_channel(payload, message.channel_id)
        payload["message"] = message.payload()
        if not any(b.get("custom_id") == custom_id for b in message.buttons()):
            # A button the message had once (stale) or a client made up (forged).
            payload["message"]["components"] = [*payload["message"]["components"], {
                "type": 1,
                "components": [{"type": 2, "style": 2, "label": "?", "custom_id": custom_id}],
            }]
        return await self._feed(payload, user, pressed=message.message_id)

    async def submit(self, user: DUser, modal: Modal, *, in_guild: bool = True,
                     channel_id: int | None = None, **values: str) -> Result:
        return await self.submit_values(user, modal, values, in_guild=in_guild,
                                        channel_id=channel_id)

    async def submit_values(self, user: DUser, modal: Modal, values: Mapping[str, str], *,
                            in_guild: bool = True, channel_id: int | None = None) -> Result:
        """``submit`` for fields chosen at run time (a ``**dict`` could fill the options)."""
        rows = [
            {"type": 1, "components": [{"type": 4, "custom_id": k, "value": v}]}
            for k, v in values.items()
        ]
        data = {"custom_id": modal.custom_id, "components": rows}
        payload = self._base(user, 5, data, in_guild=in_guild)
        return await self._feed(_in_channel(payload, channel_id), user)

    async def dm(self, user: DUser, text: str = "", *, reply_to: Sent | None = None,
                 files: tuple[dict[str, Any], ...] = ()) -> Result:
        fake = self.fake
        channel = fake.dm_channel(user.id)
        data: dict[str, Any] = {
            "id": str(next_id()),
            "channel_id": str(channel),
            "author": user.payload(),
            "content": text,
            "embeds": [],
            "components": [],
            "attachments": list(files),
            "mentions": [],
            "mention_roles": [],
            "mention_everyone": False,
            "pinned": False,
            "tts": False,
            "type": 19 if reply_to else 0,
            "timestamp": "2026-01-05T12:00:00+00:00",
            "edited_timestamp": None,
            "flags": 0,
        }
        if reply_to is not None:
            data["message_reference"] = {"message_id": str(reply_to.message_id),
                                         "channel_id": str(channel)}
        log_before = len(fake.log)
        before = set(asyncio.all_tasks())
        self.bot._connection.parse_message_create(data)
        await asyncio.sleep(0)
        await self._settle(before)
        return Result(fake.log[log_before:])


def upload(name: str, *, size: int = 1234) -> dict[str, Any]:
    """An attachment as Discord describes it (a slash command option or a DM file)."""
    ident = str(next_id())
    return {
        "id": ident,
        "filename": name,
        "size": size,
        "url": f"https://cdn.discordapp.com/attachments/1/{ident}/{name}",
        "proxy_url": f"https://media.discordapp.net/attachments/1/{ident}/{name}",
        "content_type": "text/csv",
    }
