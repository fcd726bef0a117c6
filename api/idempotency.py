"""``Idempotency-Key`` on every POST: the first answer is stored for 24 h and replayed for a
retry with the same key and the same request; the same key with a different request is
refused (422 ``idempotency.key_reused``); a retry while the first is still running gets 409.

Records are scoped to the API key that sent them (or to anonymous callers), keyed by a hash
of the Idempotency-Key, and their body is sealed with AES-256-GCM (``cryptography``) under a
key derived by HKDF-SHA256 from the Idempotency-Key itself, salted with the deployment's
``BOTGIG_IDEMPOTENCY_SECRET``: answers carrying one-time secrets (a new API key, a webhook
secret) cannot be read from the database, only replayed by whoever knows the Idempotency-Key
(and, with the secret set, only by this deployment). The record's owner, key hash, request
fingerprint and status are the associated data, so a record edited or moved in the database
fails to open instead of replaying something else.

The record is complete before the response's last byte leaves: a client that retries the
moment it has its answer gets the replay, never ``409 idempotency.in_progress``.
Answers that a retry should redo are not stored: 401, 429 and 5xx.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Awaitable, Callable, MutableMapping
from datetime import timedelta
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from starlette.datastructures import Headers

from core.accounts.access import StoredResponse
from core.shared.context import Context

log = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

IN_PROGRESS = 0
MAX_KEY_LENGTH = 255
#: Bodies above this are not buffered for idempotency (uploads); the key is then ignored.
MAX_BODY = 64 * 1024 * 1024
NOT_STORED = frozenset({401, 429})
ABANDONED_AFTER = timedelta(minutes=2)
#: Paths with their own exactly-once rule: Stripe's webhook is deduplicated by event id.
EXEMPT = frozenset({"/api/stripe/webhook"})


#: The first byte of a sealed body: the format. Records of the old XOR format (no such byte)
#: cannot be opened; they expire within a day of the upgrade (docs/decisions.md).
SEAL_FORMAT = b"\x02"
NONCE_BYTES = 12


class Sealer:
    """AES-256-GCM over a stored answer, keyed per Idempotency-Key."""

    def __init__(self, secret: bytes | None) -> None:
        self.secret = secret

    def _aead(self, raw_key: str, scope: str) -> AESGCM:
        kdf = HKDF(
            algorithm=hashes.SHA256(),
            length=32,
            salt=self.secret,
            info=b"botgig idempotency v2\0" + scope.encode(),
        )
        return AESGCM(kdf.derive(raw_key.encode()))

    def seal(self, raw_key: str, scope: str, associated: bytes, body: bytes) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._aead(raw_key, scope).encrypt(nonce, body, associated)
        return SEAL_FORMAT + nonce + sealed

    def open(self, raw_key: str, scope: str, associated: bytes, sealed: bytes) -> bytes | None:
        """The body, or None when it was not sealed by this format, this key and this
        deployment's secret, or was changed since."""
        if not sealed.startswith(SEAL_FORMAT) or len(sealed) < 1 + NONCE_BYTES + 16:
            return None
        nonce, data = sealed[1 : 1 + NONCE_BYTES], sealed[1 + NONCE_BYTES :]
        try:
            return self._aead(raw_key, scope).decrypt(nonce, data, associated)
        except InvalidTag:
            return None


def _associated(owner: str, key_hash: str, fingerprint: str, status: int) -> bytes:
    return f"{owner}\0{key_hash}\0{fingerprint}\0{status}".encode()


def _key_hash(raw_key: str, scope: str) -> str:
    return hashlib.sha256(f"lookup\0{scope}\0{raw_key}".encode()).hexdigest()


def _scope_of(headers: Headers) -> str:
    api_key = headers.get("x-api-key")
    auth = headers.get("authorization", "")
    if not api_key and auth.lower().startswith("bearer "):
        api_key = auth[7:].strip()
    if not api_key and auth.lower().startswith("tma "):
        # The Mini App (bots/web) sends Telegram's signed initData instead of a key: its
        # records are scoped to that initData, so two Telegram users never share one (the
        # route itself still checks the signature).
        return "tma:" + hashlib.sha256(auth[4:].strip().encode()).hexdigest()[:40]
    if not api_key:
        return "anonymous"
    return "key:" + hashlib.sha256(api_key.encode()).hexdigest()[:40]


def _fingerprint(scope: Scope, headers: Headers, body: bytes) -> str:
    h = hashlib.sha256()
    h.update(scope["method"].encode() + b" " + scope["path"].encode() + b"?")
    h.update(scope.get("query_string", b"") + b"\n")
    h.update(headers.get("content-type", "").split(";")[0].encode() + b"\n")
    h.update(body)
    return h.hexdigest()


async def _json(send: Send, status: int, payload: dict[str, Any], extra: list[Any]) -> None:
    body = json.dumps(payload).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                *extra,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _error(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


class IdempotencyMiddleware:
    def __init__(
        self, app: ASGIApp, *, ctx: Context, ttl: timedelta, secret: bytes | None = None
    ) -> None:
        self.app = app
        self.ctx = ctx
        self.ttl = ttl
        self.sealer = Sealer(secret)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or scope["path"] in EXEMPT:
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        raw_key = headers.get("idempotency-key")
        if raw_key is None:
            await self.app(scope, receive, send)
            return
        if not raw_key.strip() or len(raw_key) > MAX_KEY_LENGTH:
            await _json(send, 422, _error(
                "idempotency.key_invalid",
                f"The Idempotency-Key must have 1 to {MAX_KEY_LENGTH} characters "
                "(a UUID is a good choice).",
            ), [])
            return
        declared = headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > MAX_BODY:
            await self.app(scope, receive, send)
            return

        chunks: list[bytes] = []
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunks.append(message.get("body", b""))
            more = message.get("more_body", False)
        body = b"".join(chunks)

        owner = _scope_of(headers)
        key_hash = _key_hash(raw_key, owner)
        fingerprint = _fingerprint(scope, headers, body)
        now = self.ctx.clock.now()
        placeholder = StoredResponse(
            scope=owner,
            key_hash=key_hash,
            fingerprint=fingerprint,
            status_code=IN_PROGRESS,
            body=b"",
            created_at=now,
            expires_at=now + self.ttl,
        )
        async with self.ctx.uow() as uow:
            claimed = await uow.idempotency.put(placeholder)
            stored = None if claimed else await uow.idempotency.get(owner, key_hash, now)
            await uow.commit()
        if not claimed:
            if (
                stored is not None
                and stored.status_code == IN_PROGRESS
                and now - stored.created_at > ABANDONED_AFTER
            ):
                # The first attempt died with its process; let this retry redo it next time.
                await self._release(owner, key_hash)
            await self._answer_repeat(send, stored, fingerprint, raw_key, owner)
            return

        sent_body = False

        async def replay_receive() -> Message:
            nonlocal sent_body
            if not sent_body:
                sent_body = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        status = 500
        response_headers: list[Any] = []
        captured: list[bytes] = []
        recorded = False

        async def capture_send(message: Message) -> None:
            nonlocal status, response_headers, recorded
            if message["type"] == "http.response.start":
                status = message["status"]
                response_headers = list(message.get("headers", []))
            elif message["type"] == "http.response.body":
                captured.append(message.get("body", b""))
                if not message.get("more_body", False) and not recorded:
                    # Before the last byte goes: a client retrying the moment it has its
                    # answer must find the record complete.
                    recorded = True
                    await self._record(
                        raw_key, owner, key_hash, fingerprint, status, response_headers,
                        b"".join(captured),
                    )
            await send(message)

        try:
            await self.app(scope, replay_receive, capture_send)
        except BaseException:
            if not recorded:
                await self._release(owner, key_hash)
            raise
        if not recorded:
            await self._release(owner, key_hash)

    async def _record(
        self,
        raw_key: str,
        owner: str,
        key_hash: str,
        fingerprint: str,
        status: int,
        response_headers: list[Any],
        body: bytes,
    ) -> None:
        content_type = dict(
            (k.decode().lower(), v.decode()) for k, v in response_headers
        ).get("content-type", "")
        if status >= 500 or status in NOT_STORED or "json" not in content_type:
            await self._release(owner, key_hash)
            return
        sealed = self.sealer.seal(
            raw_key, owner, _associated(owner, key_hash, fingerprint, status), body
        )
        try:
            async with self.ctx.uow() as uow:
                await uow.idempotency.finish(owner, key_hash, status, sealed)
                await uow.commit()
        except Exception:
            # The answer still goes out; a retry meets the placeholder until it is abandoned.
            log.exception("could not store an idempotent answer")

    async def _release(self, owner: str, key_hash: str) -> None:
        try:
            async with self.ctx.uow() as uow:
                await uow.idempotency.release(owner, key_hash)
                await uow.commit()
        except Exception:
            log.exception("could not release an idempotency placeholder")

    async def _answer_repeat(
        self,
        send: Send,
        stored: StoredResponse | None,
        fingerprint: str,
        raw_key: str,
        owner: str,
    ) -> None:
        if stored is None or stored.status_code == IN_PROGRESS:
            if stored is not None and stored.fingerprint != fingerprint:
                await _json(send, 422, _reused(), [])
                return
            await _json(send, 409, _error(
                "idempotency.in_progress",
                "A request with this Idempotency-Key is still being processed; retry shortly.",
            ), [(b"retry-after", b"1")])
            return
        if stored.fingerprint != fingerprint:
            await _json(send, 422, _reused(), [])
            return
        body = self.sealer.open(
            raw_key,
            owner,
            _associated(owner, stored.key_hash, stored.fingerprint, stored.status_code),
            stored.body,
        )
        if body is None:
            log.warning("an idempotency record could not be opened (older format or altered)")
            await _json(send, 409, _error(
                "idempotency.unreadable",
                "The stored answer for this Idempotency-Key cannot be replayed (it was stored "
                "before an upgrade or has been altered); check the outcome with a GET and use "
                "a new key for a new attempt.",
            ), [])
            return
        await send(
            {
                "type": "http.response.start",
                "status": stored.status_code,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"idempotent-replayed", b"true"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


def _reused() -> dict[str, Any]:
    return _error(
        "idempotency.key_reused",
        "This Idempotency-Key was used with a different request in the last 24 hours; "
        "use a new key for a new request.",
    )
