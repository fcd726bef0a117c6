"""The sandbox's page, assets and JSON endpoints (``/sandbox``), mounted on the API's app by
the composition root only when ``BOTGIG_SANDBOX`` is on: otherwise none of these routes
exists and every ``/sandbox`` address answers 404.

``POST /sandbox/api/panes/{pane}/send`` takes what the pane's persona typed or pressed and
answers the ``Reply`` list; ``GET /sandbox/api/panes/{pane}/messages?after=n`` the
notifications delivered to the pane since ``n`` (the page polls it). A POST must carry the
``X-BotGig-Sandbox`` header: a custom header cannot be sent across origins without a CORS
preflight this app never grants, so another web page open in the same browser cannot act as
a persona.
"""

from __future__ import annotations

import asyncio
from importlib import resources
from typing import Annotated

from fastapi import APIRouter, File, Form, Header, HTTPException, Query, UploadFile
from fastapi.responses import FileResponse, JSONResponse, Response
from pydantic import BaseModel, Field

from bots.web.sandbox import PANES, Sandbox, reply_json
from bots.web.security import page_headers
from handlers.types import IncomingAttachment

CSRF_HEADER = "X-BotGig-Sandbox"
ASSETS = {
    "sandbox.js": "text/javascript; charset=utf-8",
    "sandbox.css": "text/css; charset=utf-8",
}


class PaneInput(BaseModel):
    """One thing typed or pressed in a pane: text (a command starting with ``/``, a form's
    answer, a message in an order), or a button's action, or a form's answers at once."""

    text: str = Field(default="", max_length=4096)
    action: str | None = Field(default=None, max_length=256)
    form_values: list[tuple[str, str]] = Field(default_factory=list, max_length=20)


def _asset(name: str) -> bytes:
    return resources.files("bots.web").joinpath("static", "sandbox", name).read_bytes()


def _require_marker(marker: str | None) -> None:
    if marker != "1":
        raise HTTPException(403, f"send the {CSRF_HEADER}: 1 header (the sandbox page does)")


def _pane(pane: str) -> str:
    if pane not in PANES:
        raise HTTPException(404, f"no pane {pane!r}: the panes are {', '.join(PANES)}")
    return pane


def sandbox_router(sandbox: Sandbox) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/sandbox")
    async def sandbox_page() -> Response:
        return Response(_asset("index.html"), media_type="text/html; charset=utf-8",
                        headers=page_headers())

    @router.get("/sandbox/static/{name}")
    async def sandbox_asset(name: str) -> Response:
        media_type = ASSETS.get(name)
        if media_type is None:
            raise HTTPException(404, "no such file")
        return Response(_asset(name), media_type=media_type,
                        headers=page_headers(cache="no-cache"))

    @router.get("/sandbox/api/personas")
    async def sandbox_personas() -> JSONResponse:
        return JSONResponse({"panes": await sandbox.personas()}, headers=page_headers())

    @router.post("/sandbox/api/panes/{pane}/send")
    async def sandbox_send(
        pane: str,
        body: PaneInput,
        marker: Annotated[str | None, Header(alias=CSRF_HEADER)] = None,
    ) -> JSONResponse:
        _require_marker(marker)
        replies = await sandbox.handle(_pane(pane), body.model_dump())
        return JSONResponse({"replies": [reply_json(r) for r in replies]},
                            headers=page_headers())

    @router.post("/sandbox/api/panes/{pane}/upload")
    async def sandbox_upload(
        pane: str,
        file: Annotated[UploadFile, File()],
        text: Annotated[str, Form(max_length=4096)] = "",
        marker: Annotated[str | None, Header(alias=CSRF_HEADER)] = None,
    ) -> JSONResponse:
        """A file sent in the pane (with ``text`` as its caption), as a chat file would be:
        a delivery's work, an order message's attachment."""
        _require_marker(marker)
        pane = _pane(pane)
        files = sandbox.files
        if files is None:
            raise HTTPException(404, "this sandbox takes no files")
        data = await file.read(files.max_bytes + 1)
        if len(data) > files.max_bytes:
            raise HTTPException(
                413, f"the file is larger than {files.max_bytes} bytes: send a smaller one "
                "or a link"
            )
        attachment = IncomingAttachment(
            ref=await asyncio.to_thread(files.save, data),
            name=(file.filename or "file")[:200],
            size=len(data),
            content_type=file.content_type,
        )
        replies = await sandbox.handle(pane, {"text": text}, (attachment,))
        return JSONResponse({"replies": [reply_json(r) for r in replies]},
                            headers=page_headers())

    @router.get("/sandbox/api/files/{digest}")
    async def sandbox_file(digest: str, name: str = "file") -> Response:
        """A file sent in a pane, always as a download: served as bytes, never as a page of
        this origin, whatever its name or content says."""
        path = sandbox.files.path(digest) if sandbox.files is not None else None
        if path is None:
            raise HTTPException(404, "no such file")
        return FileResponse(
            path,
            media_type="application/octet-stream",
            filename=name[:200] or "file",
            headers=page_headers(cache="private, max-age=3600"),
        )

    @router.get("/sandbox/api/panes/{pane}/messages")
    async def sandbox_messages(
        pane: str, after: Annotated[int, Query(ge=0)] = 0
    ) -> JSONResponse:
        messages, upto = await sandbox.mailbox.since(_pane(pane), after)
        return JSONResponse({"messages": messages, "next": upto}, headers=page_headers())

    return router
