"""A fake Telegram Bot API server speaking the real wire protocol, for end-to-end tests.

The real aiogram bot talks to it over HTTP (``build_bot(token, api_base=fake.base_url)``):
``POST {base}/bot{token}/{method}`` with form-encoded (or multipart) bodies, nested objects
such as ``reply_markup`` as JSON strings, and ``{"ok": true, "result": ...}`` answers.

It serves scripted user updates through ``getUpdates`` (honouring ``offset``: updates below
it are confirmed and never served again; a short long-poll), keeps the messages the bot
sent per chat (with edits applied), records every call, and checks what real Telegram
checks and a bug would break: text and caption limits, parseable HTML, callback data size,
one answer per callback query. ``fail_next`` injects 429s with ``retry_after``.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import itertools
import json
import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from aiohttp import web

#: Telegram lets a bot download 20 MB (getFile) and upload 50 MB.
DOWNLOAD_LIMIT = 20 * 1024 * 1024
UPLOAD_LIMIT = 50 * 1024 * 1024
JSON_FIELDS = {
    "reply_markup",
    "menu_button",
    "allowed_updates",
    "commands",
    "entities",
    "caption_entities",
    "link_preview_options",
    "reply_parameters",
    "prices",
    "scope",
    "media",
}
ALLOWED_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "code", "pre", "a",
                "tg-spoiler", "blockquote", "span"}


class ApiError(Exception):
    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after


@dataclass(frozen=True)
class TgUser:
    id: int
    first_name: str
    username: str | None = None
    language_code: str | None = "en"

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.username:
            data["username"] = self.username
        if self.language_code:
            data["language_code"] = self.language_code
        return data


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float
    files: dict[str, bytes] = field(default_factory=dict)


@dataclass
class BotMessage:
    """A message the bot sent, as the chat shows it now (edits applied)."""

    chat_id: int
    message_id: int
    html: str
    text: str
    reply_markup: dict[str, Any] | None = None
    document: dict[str, Any] | None = None
    photo: list[dict[str, Any]] | None = None
    edits: int = 0

    @property
    def buttons(self) -> list[dict[str, Any]]:
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [button for row in rows for button in row]

    def button(self, label_part: str) -> dict[str, Any]:
        """The first button whose label contains ``label_part`` (case-insensitive)."""
        for button in self.buttons:
            if label_part.lower() in button["text"].lower():
                return button
        labels = [b["text"] for b in self.buttons]
        raise AssertionError(f"no button with {label_part!r} in {labels} on {self.text!r}")

    def has_button(self, label_part: str) -> bool:
        return any(label_part.lower() in b["text"].lower() for b in self.buttons)


class _HtmlChecker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.error: str | None = None
        self.plain: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.error = f"Unsupported start tag \"{tag}\""
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.error = f"Unexpected end tag \"{tag}\""
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.plain.append(data)


def html_to_plain(markup: str) -> str:
    """What Telegram shows for ``parse_mode=HTML`` text; raises ApiError like Telegram does."""
    if re.search(r"<(?![a-zA-Z/])", markup):
        raise ApiError(400, "Bad Request: can't parse entities: unexpected \"<\"")
    checker = _HtmlChecker()
    checker.feed(markup)
    checker.close()
    if checker.error is None and checker.stack:
        checker.error = f"Can't find end tag corresponding to start tag \"{checker.stack[-1]}\""
    if checker.error:
        raise ApiError(400, f"Bad Request: can't parse entities: {checker.error}")
    return html.unescape("".join(checker.plain))


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class FakeTelegram:
    def __init__(
        self,
        token: str = "123456:TEST-token",
        *,
        bot_id: int = 123456,
        bot_username: str = "botgig_test_bot",
        long_poll: float = 0.3,
    ) -> None:
        self.token = token
        self.bot_user = {"id": bot_id, "is_bot": True, "first_name": "BotGig",
                         "username": bot_username, "can_join_groups": True,
                         "can_read_all_group_messages": False, "supports_inline_queries": False}
        self.long_poll = long_poll
        self.calls: list[Call] = []
        #: Stamps each call's ``at``; a test of pacing swaps in the pacer's virtual clock.
        self.clock: Callable[[], float] = time.monotonic
        self.updates: list[dict[str, Any]] = []
        #: Updates with a lower id are confirmed and never served again.
        self.confirmed_offset = 0
        #: The highest offset any getUpdates asked for (even while acks are held).
        self.requested_offset = 0
        #: Simulates a bot that dies before Telegram received its acknowledgement.
        self.hold_acks = False
        #: How many times each update was served by getUpdates.
        self.served: Counter[int] = Counter()
        self.messages: dict[tuple[int, int], BotMessage] = {}
        self.chat_log: dict[int, list[BotMessage]] = {}
        self.chat_types: dict[int, str] = {}
        #: The bytes of every file the bot uploaded, by the file id the server gave it.
        self.uploads: dict[str, bytes] = {}
        self.blocked: set[int] = set()
        self.webhook: dict[str, Any] | None = None
        self.commands: dict[str, list[dict[str, Any]]] = {}
        self.menu_button: dict[str, Any] | None = None
        self.callback_answers: dict[str, dict[str, Any]] = {}
        #: Telegram Stars: pre-checkout answers by query id, payments by charge id.
        self.pre_checkout_answers: dict[str, dict[str, Any]] = {}
        self._open_pre_checkouts: set[str] = set()
        self.star_payments: dict[str, dict[str, Any]] = {}
        self._open_callbacks: set[str] = set()
        self._failures: dict[str, list[int]] = {}
        self._update_ids = itertools.count(1000)
        self._message_ids: dict[int, itertools.count[int]] = {}
        self._file_ids = itertools.count(1)
        self._callback_ids = itertools.count(1)
        self.files: dict[str, dict[str, Any]] = {}
        self._changed = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.port = 0

    # ---- server ----------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        runner = self._runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        self.port = runner.addresses[0][1]

    async def close(self) -> None:
        self._changed.set()  # wake a pending long poll
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        method = request.match_info["method"]
        params, files = await self._params(request)
        call = Call(method, params, self.clock(), files)
        self.calls.append(call)
        try:
            self._maybe_fail(method)
            handler = getattr(self, f"api_{method}", None)
            if handler is None:
                raise ApiError(404, "Not Found: method not found")
            result = await handler(params, files)
        except ApiError as exc:
            body: dict[str, Any] = {"ok": False, "error_code": exc.code,
                                    "description": exc.description}
            if exc.retry_after is not None:
                body["parameters"] = {"retry_after": exc.retry_after}
            return web.json_response(body, status=exc.code)
        return web.json_response({"ok": True, "result": result})

    async def _download(self, request: web.Request) -> web.Response:
        path = request.match_info["path"]
        file_id = path.rsplit("/", 1)[-1]
        if file_id in self.uploads:
            return web.Response(body=self.uploads[file_id])
        return web.Response(body=b"fake file content: " + path.encode())

    async def _params(self, request: web.Request) -> tuple[dict[str, Any], dict[str, bytes]]:
        params: dict[str, Any] = {}
        files: dict[str, bytes] = {}
        if request.content_type == "application/json":
            params = await request.json()
            return params, files
        form = await request.post()
        for key, value in form.items():
            if isinstance(value, web.FileField):
                files[key] = value.file.read()
                continue
            text = str(value)
            if key in JSON_FIELDS:
                params[key] = json.loads(text)
            else:
                params[key] = text
        for key, value in request.query.items():
            params.setdefault(key, value)
        return params, files

    def fail_next(self, method: str, times: int = 1, *, retry_after: int = 1) -> None:
        """The next ``times`` calls of ``method`` answer 429 with ``retry_after``."""
        self._failures.setdefault(method, []).extend([retry_after] * times)

    def _maybe_fail(self, method: str) -> None:
        pending = self._failures.get(method)
        if pending:
            retry_after = pending.pop(0)
            raise ApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after)

    # ---- scripted users ----------------------------------------------------------------

    def _next_message_id(self, chat_id: int) -> int:
        counter = self._message_ids.setdefault(chat_id, itertools.count(1))
        return next(counter)

    def _chat(self, chat_id: int, user: TgUser | None = None) -> dict[str, Any]:
        kind = self.chat_types.get(chat_id, "private" if chat_id > 0 else "supergroup")
        chat: dict[str, Any] = {"id": chat_id, "type": kind}
        if kind == "private" and user is not None:
            chat["first_name"] = user.first_name
            if user.username:
                chat["username"] = user.username
        elif kind != "private":
            chat["title"] = f"chat {chat_id}"
        return chat

    def _push(self, update: dict[str, Any]) -> int:
        update_id = next(self._update_ids)
        update["update_id"] = update_id
        self.updates.append(update)
        self._changed.set()
        return update_id

    def user_message(
        self,
        user: TgUser,
        text: str | None = None,
        *,
        chat_id: int | None = None,
        reply_to: BotMessage | None = None,
        document: dict[str, Any] | None = None,
        photo: list[dict[str, Any]] | None = None,
        caption: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> int:
        """Queue a message from ``user`` (in their private chat unless ``chat_id``)."""
        chat = chat_id if chat_id is not None else user.id
        message: dict[str, Any] = {
            "message_id": self._next_message_id(chat),
            "date": int(time.time()),
            "chat": self._chat(chat, user),
            "from": user.as_json(),
        }
        if text is not None:
            message["text"] = text
            command = re.match(r"/[A-Za-z0-9_@]+", text)
            if command:
                message["entities"] = [
                    {"type": "bot_command", "offset": 0, "length": utf16_len(command.group(0))}
                ]
        if document is not None:
            message["document"] = document
        if photo is not None:
            message["photo"] = photo
        if caption is not None:
            message["caption"] = caption
        if reply_to is not None:
            message["reply_to_message"] = self._message_json(reply_to)
        if extra:
            message.update(extra)
        return self._push({"message": message})

    def new_file(
        self, name: str, size: int = 1234, mime: str = "application/pdf"
    ) -> dict[str, Any]:
        """A document as a user's upload carries it (with a fresh file_id)."""
        n = next(self._file_ids)
        doc: dict[str, Any] = {"file_id": f"BQACAgFile{n}", "file_unique_id": f"uniq{n}",
                               "file_name": name, "mime_type": mime, "file_size": size}
        self.files[doc["file_id"]] = doc
        return doc

    def new_photo(self) -> list[dict[str, Any]]:
        n = next(self._file_ids)
        sizes: list[dict[str, Any]] = [
            {"file_id": f"AgACPhoto{n}s", "file_unique_id": f"ph{n}s", "width": 90,
             "height": 60, "file_size": 900},
            {"file_id": f"AgACPhoto{n}", "file_unique_id": f"ph{n}", "width": 1280,
             "height": 853, "file_size": 99_000},
        ]
        for size in sizes:
            self.files[size["file_id"]] = size
        return sizes

    def press(self, user: TgUser, message: BotMessage, data: str) -> int:
        """Queue a press of a button carrying ``data`` on ``message`` (the data need not be
        one of its buttons': clients can forge callback data)."""
        query_id = f"cq{next(self._callback_ids)}"
        self._open_callbacks.add(query_id)
        return self._push(
            {
                "callback_query": {
                    "id": query_id,
                    "from": user.as_json(),
                    "message": self._message_json(message),
                    "chat_instance": f"ci{message.chat_id}",
                    "data": data,
                }
            }
        )

    def pre_checkout(
        self, user: TgUser, *, payload: str, total_amount: int, currency: str = "XTR"
    ) -> int:
        """Queue the ``pre_checkout_query`` Telegram sends when ``user`` confirms paying an
        invoice; the bot must answer it (``pre_checkout_answers``)."""
        query_id = f"pcq{next(self._callback_ids)}"
        self._open_pre_checkouts.add(query_id)
        return self._push(
            {
                "pre_checkout_query": {
                    "id": query_id,
                    "from": user.as_json(),
                    "currency": currency,
                    "total_amount": total_amount,
                    "invoice_payload": payload,
                }
            }
        )

    def pre_checkout_id_of(self, update_id: int) -> str:
        for update in self.updates:
            if update["update_id"] == update_id:
                return str(update["pre_checkout_query"]["id"])
        raise KeyError(update_id)

    def successful_payment(
        self,
        user: TgUser,
        *,
        payload: str,
        total_amount: int,
        charge_id: str,
        currency: str = "XTR",
    ) -> int:
        """Queue the ``successful_payment`` service message of a paid invoice (call it again
        with the same ``charge_id`` to deliver the payment twice)."""
        self.star_payments.setdefault(
            charge_id, {"user_id": user.id, "amount": total_amount, "refunded": False}
        )
        return self.user_message(
            user,
            extra={
                "successful_payment": {
                    "currency": currency,
                    "total_amount": total_amount,
                    "invoice_payload": payload,
                    "telegram_payment_charge_id": charge_id,
                    "provider_payment_charge_id": "",
                }
            },
        )

    def callback_id_of(self, update_id: int) -> str:
        for update in self.updates:
            if update["update_id"] == update_id:
                return str(update["callback_query"]["id"])
        raise KeyError(update_id)

    def _message_json(self, message: BotMessage) -> dict[str, Any]:
        data: dict[str, Any] = {
            "message_id": message.message_id,
            "date": int(time.time()),
            "chat": self._chat(message.chat_id),
            "from": self.bot_user,
        }
        if message.document is not None:
            data["document"] = message.document
            data["caption"] = message.text
        elif message.photo is not None:
            data["photo"] = message.photo
            data["caption"] = message.text
        else:
            data["text"] = message.text
        if message.reply_markup:
            data["reply_markup"] = message.reply_markup
        return data

    async def wait_handled(self, update_id: int, within: float = 5.0) -> None:
        """Until the bot asked getUpdates for an offset past ``update_id``: our polling loop
        does that only after the batch holding it was handled."""
        deadline = time.monotonic() + within
        while self.requested_offset <= update_id:
            if time.monotonic() > deadline:
                raise TimeoutError(f"update {update_id} was not handled in {within} s")
            await asyncio.sleep(0.005)

    async def wait_for_call(self, method: str, since: int = 0, within: float = 5.0) -> Call:
        deadline = time.monotonic() + within
        while True:
            for call in self.calls[since:]:
                if call.method == method:
                    return call
            if time.monotonic() > deadline:
                raise TimeoutError(f"no {method} call in {within} s")
            await asyncio.sleep(0.005)

    # ---- what the bot sent -------------------------------------------------------------

    def chat(self, chat_id: int) -> list[BotMessage]:
        return list(self.chat_log.get(chat_id, []))

    def calls_of(self, method: str, since: int = 0) -> list[Call]:
        return [c for c in self.calls[since:] if c.method == method]

    def _store(self, chat_id: int, message: BotMessage) -> dict[str, Any]:
        self.messages[(chat_id, message.message_id)] = message
        self.chat_log.setdefault(chat_id, []).append(message)
        return self._message_json(message)

    def _target_chat(self, params: dict[str, Any]) -> int:
        try:
            chat_id = int(params["chat_id"])
        except (KeyError, ValueError):
            raise ApiError(400, "Bad Request: chat not found") from None
        if chat_id in self.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        return chat_id

    @staticmethod
    def _check_markup(params: dict[str, Any]) -> dict[str, Any] | None:
        markup = params.get("reply_markup")
        if markup is None:
            return None
        for row in markup.get("inline_keyboard", []):
            for button in row:
                data = button.get("callback_data")
                if data is not None and not 1 <= len(data.encode()) <= 64:
                    raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
                web_app = button.get("web_app")
                if web_app is not None and not str(web_app.get("url", "")).startswith("https://"):
                    # Telegram opens Mini Apps only over HTTPS.
                    raise ApiError(400, "Bad Request: BUTTON_URL_INVALID")
                if data is None and "url" not in button and web_app is None:
                    raise ApiError(400, "Bad Request: can't parse inline keyboard button")
                if not button.get("text"):
                    raise ApiError(400, "Bad Request: inline keyboard button text is empty")
        return dict(markup)

    @staticmethod
    def _render(text: str, params: dict[str, Any], limit: int, what: str) -> str:
        plain = html_to_plain(text) if params.get("parse_mode") == "HTML" else text
        if not plain.strip() and what == "message":
            raise ApiError(400, "Bad Request: message text is empty")
        if utf16_len(plain) > limit:
            raise ApiError(400, f"Bad Request: {what} is too long")
        return plain

    # ---- Bot API methods ---------------------------------------------------------------

    async def api_getMe(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        return self.bot_user

    async def api_getUpdates(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        offset = int(params.get("offset", 0) or 0)
        if offset:
            self.requested_offset = max(self.requested_offset, offset)
            if not self.hold_acks:
                self.confirmed_offset = max(self.confirmed_offset, offset)
        limit = int(params.get("limit", 100) or 100)
        timeout = float(params.get("timeout", 0) or 0)

        def pending() -> list[dict[str, Any]]:
            floor = max(self.confirmed_offset, offset)
            return [u for u in self.updates if u["update_id"] >= floor][:limit]

        ready = pending()
        if not ready and timeout > 0:
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), min(timeout, self.long_poll))
            ready = pending()
        self.served.update(u["update_id"] for u in ready)
        return ready

    async def api_deleteWebhook(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        self.webhook = None
        return True

    async def api_setWebhook(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        self.webhook = dict(params)
        return True

    async def api_setChatMenuButton(
        self, params: dict[str, Any], files: dict[str, bytes]
    ) -> Any:
        button = params.get("menu_button") or {"type": "default"}
        if button.get("type") == "web_app":
            url = str((button.get("web_app") or {}).get("url", ""))
            # Telegram opens Mini Apps only over HTTPS.
            if not url.startswith("https://"):
                raise ApiError(400, "Bad Request: BUTTON_URL_INVALID")
        self.menu_button = dict(button)
        return True

    async def api_setMyCommands(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        for command in params.get("commands", []):
            if not re.fullmatch(r"[a-z0-9_]{1,32}", command["command"]):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(command["description"]) <= 256:
                raise ApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        self.commands[str(params.get("language_code", ""))] = list(params.get("commands", []))
        return True

    async def api_sendMessage(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        chat_id = self._target_chat(params)
        text = str(params.get("text", ""))
        plain = self._render(text, params, 4096, "message")
        message = BotMessage(chat_id, self._next_message_id(chat_id), text, plain,
                             self._check_markup(params))
        return self._store(chat_id, message)

    def _edited(self, params: dict[str, Any]) -> BotMessage:
        if "inline_message_id" in params:
            raise ApiError(400, "Bad Request: inline messages are not used")
        key = (int(params["chat_id"]), int(params["message_id"]))
        message = self.messages.get(key)
        if message is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        return message

    async def api_editMessageText(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        message = self._edited(params)
        if message.document is not None or message.photo is not None:
            raise ApiError(400, "Bad Request: there is no text in the message to edit")
        text = str(params.get("text", ""))
        plain = self._render(text, params, 4096, "message")
        markup = self._check_markup(params)
        if plain == message.text and markup == message.reply_markup:
            raise ApiError(
                400,
                "Bad Request: message is not modified: specified new message content and "
                "reply markup are exactly the same as a current content and reply markup "
                "of the message",
            )
        message.html, message.text, message.reply_markup = text, plain, markup
        message.edits += 1
        return self._message_json(message)

    async def api_editMessageCaption(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        message = self._edited(params)
        caption = str(params.get("caption", ""))
        plain = self._render(caption, params, 1024, "message caption")
        message.html, message.text = caption, plain
        message.reply_markup = self._check_markup(params)
        message.edits += 1
        return self._message_json(message)

    async def api_editMessageReplyMarkup(
        self, params: dict[str, Any], files: dict[str, bytes]
    ) -> Any:
        message = self._edited(params)
        markup = self._check_markup(params)
        if markup == message.reply_markup:
            raise ApiError(400, "Bad Request: message is not modified")
        message.reply_markup = markup
        message.edits += 1
        return self._message_json(message)

    async def api_sendChatAction(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        # Telegram's documented actions; anything else is a 400 there too.
        actions = {
            "typing", "upload_photo", "record_video", "upload_video", "record_voice",
            "upload_voice", "upload_document", "choose_sticker", "find_location",
            "record_video_note", "upload_video_note",
        }
        if params.get("action") not in actions:
            raise ApiError(400, "Bad Request: wrong parameter action in request")
        if "chat_id" not in params:
            raise ApiError(400, "Bad Request: chat_id is empty")
        return True

    async def api_answerCallbackQuery(
        self, params: dict[str, Any], files: dict[str, bytes]
    ) -> Any:
        query_id = str(params.get("callback_query_id"))
        if query_id not in self._open_callbacks:
            raise ApiError(
                400,
                "Bad Request: query is too old and response timeout expired or query ID is "
                "invalid",
            )
        text = params.get("text")
        if text is not None and len(str(text)) > 200:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        self._open_callbacks.discard(query_id)
        self.callback_answers[query_id] = dict(params)
        return True

    def _file_from(self, params: dict[str, Any], files: dict[str, bytes], key: str) -> str:
        ref = str(params.get(key, ""))
        if ref.startswith("attach://") and len(files.get(ref[9:], b"")) > UPLOAD_LIMIT:
            raise ApiError(413, "Request Entity Too Large")
        if ref.startswith("attach://"):
            n = next(self._file_ids)
            file_id = f"BQACAgUpload{n}"
            self.files[file_id] = {"file_id": file_id, "file_unique_id": f"up{n}",
                                   "file_size": len(files.get(ref[9:], b""))}
            self.uploads[file_id] = files.get(ref[9:], b"")
            return file_id
        if ref.startswith(("http://", "https://")):
            return ref
        if ref not in self.files:
            raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        return ref

    async def api_sendDocument(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        chat_id = self._target_chat(params)
        file_id = self._file_from(params, files, "document")
        caption = str(params.get("caption", ""))
        plain = self._render(caption, params, 1024, "message caption") if caption else ""
        known = self.files.get(file_id, {})
        document = {"file_id": file_id, "file_unique_id": known.get("file_unique_id", "u"),
                    "file_name": known.get("file_name", "file")}
        message = BotMessage(chat_id, self._next_message_id(chat_id), caption, plain,
                             self._check_markup(params), document=document)
        return self._store(chat_id, message)

    async def api_sendPhoto(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        chat_id = self._target_chat(params)
        file_id = self._file_from(params, files, "photo")
        caption = str(params.get("caption", ""))
        plain = self._render(caption, params, 1024, "message caption") if caption else ""
        photo = [{"file_id": file_id, "file_unique_id": "p", "width": 1280, "height": 853}]
        message = BotMessage(chat_id, self._next_message_id(chat_id), caption, plain,
                             self._check_markup(params), photo=photo)
        return self._store(chat_id, message)

    async def api_getFile(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        file_id = str(params.get("file_id"))
        known = self.files.get(file_id)
        if known is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        if int(known.get("file_size") or 0) > DOWNLOAD_LIMIT:
            raise ApiError(400, "Bad Request: file is too big")
        return {"file_id": file_id, "file_unique_id": known.get("file_unique_id", "u"),
                "file_size": known.get("file_size", 0), "file_path": f"documents/{file_id}"}

    async def api_sendInvoice(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        chat_id = self._target_chat(params)
        if params.get("currency") == "XTR" and params.get("provider_token"):
            raise ApiError(400, "Bad Request: provider_token must be empty for XTR")
        message = BotMessage(chat_id, self._next_message_id(chat_id), "", "")
        data = self._store(chat_id, message)
        data["invoice"] = {
            "title": params.get("title", ""),
            "description": params.get("description", ""),
            "start_parameter": params.get("start_parameter", ""),
            "currency": params.get("currency", ""),
            "total_amount": sum(int(p["amount"]) for p in params.get("prices", [])),
        }
        return data

    async def api_answerPreCheckoutQuery(
        self, params: dict[str, Any], files: dict[str, bytes]
    ) -> Any:
        query_id = str(params.get("pre_checkout_query_id"))
        if query_id not in self._open_pre_checkouts:
            raise ApiError(400, "Bad Request: QUERY_ID_INVALID")
        ok = params.get("ok") in (True, "true", "True", "1")
        if not ok and not params.get("error_message"):
            raise ApiError(400, "Bad Request: error_message is required when ok is false")
        self._open_pre_checkouts.discard(query_id)
        self.pre_checkout_answers[query_id] = {**params, "ok": ok}
        return True

    async def api_refundStarPayment(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        charge_id = str(params.get("telegram_payment_charge_id", ""))
        payment = self.star_payments.get(charge_id)
        if payment is None or str(payment["user_id"]) != str(params.get("user_id")):
            raise ApiError(400, "Bad Request: CHARGE_NOT_FOUND")
        if payment["refunded"]:
            raise ApiError(400, "Bad Request: CHARGE_ALREADY_REFUNDED")
        payment["refunded"] = True
        return True
