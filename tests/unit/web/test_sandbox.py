"""The sandbox at the HTTP level: its settings rule, the JSON endpoint's reply shape, who a
pane acts as, the admin channel, and the notifications each pane reads from the database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import SecretStr, ValidationError

from botgig.bootstrap import bootstrap
from botgig.run import api_app, sink_names
from botgig.settings import Settings
from bots.web.sandbox import Sandbox, SandboxFiles
from bots.web.sandbox_http import CSRF_HEADER
from bots.web.sandbox_markup import to_runs
from core.orders.model import OrderStatus
from core.shared.context import Context
from tests.fakes import FakeClock, FakeStore

HEADERS = {CSRF_HEADER: "1"}
XSS = "<img src=x onerror=alert(1)>"


def settings(tmp_path: Path, **values: Any) -> Settings:
    return Settings(_env_file=None, data_dir=tmp_path, **values)


# -- the setting ------------------------------------------------------------------------------


def test_on_by_default_for_sqlite_on_loopback_without_chat_tokens(tmp_path: Path) -> None:
    assert settings(tmp_path).sandbox_on is True
    assert settings(tmp_path, api_host="localhost").sandbox_on is True


@pytest.mark.parametrize(
    "values",
    [
        {"telegram_token": SecretStr("123:abc")},
        {"discord_token": SecretStr("discord")},
        {"database_url": "postgresql+asyncpg://postgres@127.0.0.1:5432/test"},
        {"api_host": "0.0.0.0"},
    ],
    ids=["telegram token", "discord token", "postgresql", "public bind"],
)
def test_off_by_default_otherwise(tmp_path: Path, values: dict[str, Any]) -> None:
    assert settings(tmp_path, **values).sandbox_on is False


def test_an_explicit_false_wins(tmp_path: Path) -> None:
    assert settings(tmp_path, sandbox=False).sandbox_on is False


def test_explicitly_on_beside_a_chat_token_is_refused_naming_both_settings(
    tmp_path: Path,
) -> None:
    for token, name in (("telegram_token", "BOTGIG_TELEGRAM_TOKEN"),
                        ("discord_token", "BOTGIG_DISCORD_TOKEN")):
        with pytest.raises(ValidationError) as raised:
            settings(tmp_path, sandbox=True, **{token: SecretStr("123:abc")})
        message = str(raised.value)
        assert "BOTGIG_SANDBOX" in message and name in message


def test_explicitly_on_elsewhere_is_the_operators_choice(tmp_path: Path) -> None:
    on = settings(tmp_path, sandbox=True, api_host="0.0.0.0")
    assert on.sandbox_on is True
    assert {"sandbox", "sandbox-admin"} <= sink_names(on)


async def test_off_means_404_for_the_page_and_its_endpoints(tmp_path: Path) -> None:
    store, clock = FakeStore(), FakeClock()
    for on in (False, True):
        container = bootstrap(settings(tmp_path, sandbox=on), uow_factory=store, clock=clock)
        transport = httpx.ASGITransport(app=api_app(container))
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            page = await client.get("/sandbox")
            personas = await client.get("/sandbox/api/personas")
            send = await client.post(
                "/sandbox/api/panes/buyer/send", json={"text": "/start"}, headers=HEADERS
            )
            polled = await client.get("/sandbox/api/panes/buyer/messages")
        codes = {page.status_code, personas.status_code, send.status_code, polled.status_code}
        assert codes == ({200} if on else {404}), (on, codes)
        await container.close()


# -- the endpoints ----------------------------------------------------------------------------


@pytest.fixture
async def client(ctx: Context, tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    from fastapi import FastAPI

    from bots.web.sandbox_http import sandbox_router

    app = FastAPI()
    sandbox = Sandbox(ctx, files=SandboxFiles(tmp_path / "files", max_bytes=1000))
    app.include_router(sandbox_router(sandbox))
    app.state.sandbox = sandbox
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
        c.sandbox = sandbox  # type: ignore[attr-defined]
        yield c


async def send(client: httpx.AsyncClient, pane: str, **body: Any) -> list[dict[str, Any]]:
    response = await client.post(f"/sandbox/api/panes/{pane}/send", json=body, headers=HEADERS)
    assert response.status_code == 200, response.text
    replies: list[dict[str, Any]] = response.json()["replies"]
    return replies


def plain(message: dict[str, Any]) -> str:
    return "".join(run["t"] for run in message["text"])


def button(messages: list[dict[str, Any]], label: str) -> str:
    for message in reversed(messages):
        for row in message["buttons"]:
            for b in row:
                if label in b["label"]:
                    action: str = b["action"]
                    return action
    raise AssertionError(f"no {label!r} button in {[plain(m) for m in messages]}")


async def test_the_page_and_its_assets_carry_the_strict_policy(
    client: httpx.AsyncClient,
) -> None:
    page = await client.get("/sandbox")
    assert page.status_code == 200 and "Sandbox" in page.text
    assert "<script src=\"/sandbox/static/sandbox.js\"" in page.text
    assert "<script>" not in page.text and "style=" not in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    for name in ("sandbox.js", "sandbox.css"):
        asset = await client.get(f"/sandbox/static/{name}")
        assert asset.status_code == 200 and asset.headers["content-security-policy"]
    assert (await client.get("/sandbox/static/..%2Fsandbox.py")).status_code == 404
    assert (await client.get("/sandbox/static/index.html")).status_code == 404


async def test_a_command_answers_replies_with_runs_and_buttons(
    client: httpx.AsyncClient, store: FakeStore
) -> None:
    [welcome] = await send(client, "buyer", text="/start")
    assert set(welcome) >= {"text", "buttons", "attachments", "edit", "alert"}
    assert "Welcome to BotGig, Sandbox Buyer" in plain(welcome)
    assert all(set(run) <= {"t", "s", "href"} for run in welcome["text"])
    assert {"label": "❓ Help", "action": "cmd:help", "url": None} in [
        b for row in welcome["buttons"] for b in row
    ]
    # A button press is an action; the persona is the same account every time.
    pressed = await send(client, "buyer", action="cmd:help")
    assert pressed and not pressed[0]["alert"]
    assert len([a for a in store.state.accounts.values() if "Sandbox Buyer" in a.display_name]) == 1


async def test_a_post_without_the_sandbox_header_is_refused(client: httpx.AsyncClient) -> None:
    refused = await client.post("/sandbox/api/panes/buyer/send", json={"text": "/start"})
    assert refused.status_code == 403 and CSRF_HEADER in refused.text
    assert (await client.post(
        "/sandbox/api/panes/nobody/send", json={"text": "/start"}, headers=HEADERS
    )).status_code == 404


async def test_personas_are_real_accounts_and_the_moderator_has_the_role(
    client: httpx.AsyncClient, store: FakeStore
) -> None:
    listed = (await client.get("/sandbox/api/personas")).json()["panes"]
    assert [p["key"] for p in listed] == ["buyer", "seller", "supervisor", "moderator", "admin"]
    again = (await client.get("/sandbox/api/personas")).json()["panes"]
    assert [p["account_id"] for p in again] == [p["account_id"] for p in listed]
    accounts = {p["key"]: store.state.accounts[p["account_id"]] for p in listed[:4]}
    assert accounts["moderator"].is_moderator
    assert not any(accounts[k].is_moderator for k in ("buyer", "seller", "supervisor"))


async def post_request(client: httpx.AsyncClient, title: str) -> list[dict[str, Any]]:
    replies: list[dict[str, Any]] = []
    for answer in ("/newrequest", title, "3",
                   "Extract price and stock from 500 public product pages to CSV.",
                   "A list of URLs", "100", "300", "in 10 days", "0"):
        replies = await send(client, "buyer", text=answer)
        assert "⚠️" not in plain(replies[0]), plain(replies[0])
    return await send(client, "buyer", action=button(replies, "Post"))


async def test_user_content_arrives_as_text_runs_never_as_markup(
    client: httpx.AsyncClient,
) -> None:
    posted = await post_request(client, f"Scrape {XSS}")
    card = next(m for m in posted if "request #" in plain(m) and XSS in plain(m))
    assert any(XSS in run["t"] for run in card["text"])
    assert any("b" in run["s"] for run in card["text"])  # the handlers' own markup is kept


async def test_a_pane_acts_only_as_its_own_persona(
    client: httpx.AsyncClient, store: FakeStore
) -> None:
    posted = await post_request(client, "Scrape 500 product pages")
    close = button(posted, "Close request")
    # The seller's pane presses the buyer's button: refused as the seller, nothing closes.
    [refused] = await send(client, "seller", action=close)
    assert refused["alert"] is True and "⚠️" in plain(refused)
    request = next(iter(store.state.requests.values()))
    assert request.status.value == "open"
    # Admin commands outside the admin channel are refused, even for the moderator.
    [outside] = await send(client, "moderator", text="/stats")
    assert "admin" in plain(outside).lower()
    inside = await send(client, "admin", text="/stats")
    assert inside and "refused" not in plain(inside[0]).lower()


def test_markup_runs_keep_the_allow_list_and_show_anything_else_as_text() -> None:
    assert to_runs('<b>Hi</b> &lt;img&gt; <a href="https://x.example/">x</a>') == [
        {"t": "Hi", "s": ["b"]},
        {"t": " <img> ", "s": []},
        {"t": "x", "s": [], "href": "https://x.example/"},
    ]
    assert to_runs('<a href="javascript:alert(1)">x</a>') == [{"t": "x", "s": []}]
    assert to_runs("<script>alert(1)</script>") == [{"t": "<script>alert(1)</script>", "s": []}]


async def test_notifications_reach_the_pane_once_through_the_database(
    client: httpx.AsyncClient, store: FakeStore
) -> None:
    sandbox: Sandbox = client.sandbox  # type: ignore[attr-defined]
    posted = await post_request(client, "Scrape 500 product pages")
    request_id = next(iter(store.state.requests))
    card = await send(client, "seller", action=f"req:bid:{request_id}")
    replies = card
    for answer in ("I can do this in two days with a scraper.", "200", "2"):
        replies = await send(client, "seller", text=answer)
    await send(client, "seller", action=button(replies, "Send proposal"))
    events = list(store.outbox)
    store.outbox.clear()
    for _ in range(2):  # the dispatcher may deliver an event twice: the pane shows it once
        for event in events:
            for sink in sandbox.sinks:
                await sink.deliver(event)
    polled = (await client.get("/sandbox/api/panes/buyer/messages")).json()
    [told] = polled["messages"]
    assert "New proposal" in plain(told) and told["buttons"]
    assert polled["next"] == told["seq"] + 1
    later = (await client.get(f"/sandbox/api/panes/buyer/messages?after={polled['next']}"))
    assert later.json()["messages"] == []
    assert (await client.get("/sandbox/api/panes/seller/messages")).json()["messages"] == []
    assert posted  # the request itself was posted by the buyer's pane


async def test_the_whole_order_through_the_endpoint(
    client: httpx.AsyncClient, store: FakeStore
) -> None:
    sandbox: Sandbox = client.sandbox  # type: ignore[attr-defined]

    async def deliver() -> None:
        events = list(store.outbox)
        store.outbox.clear()
        for event in events:
            for sink in sandbox.sinks:
                await sink.deliver(event)

    async def inbox(pane: str) -> list[dict[str, Any]]:
        messages: list[dict[str, Any]] = (
            await client.get(f"/sandbox/api/panes/{pane}/messages")
        ).json()["messages"]
        return messages

    await post_request(client, "Scrape 500 product pages")
    request_id = next(iter(store.state.requests))
    replies = await send(client, "seller", action=f"req:bid:{request_id}")
    for answer in ("I can do this in two days with a scraper.", "200", "2"):
        replies = await send(client, "seller", text=answer)
    await send(client, "seller", action=button(replies, "Send proposal"))
    await deliver()
    proposals = await send(client, "buyer", action=button(await inbox("buyer"), "proposals"))
    asked = await send(client, "buyer", action=button(proposals, "Accept"))
    accepted = await send(client, "buyer", action=button(asked, "Yes, accept"))
    assert accepted[0]["edit"] is True
    order_id = next(iter(store.state.orders))
    await deliver()
    assert any(f"#{order_id}" in plain(m) for m in await inbox("seller"))
    await send(client, "seller", text=f"/deliver {order_id}")
    replies = await send(client, "seller", text="https://example.com/prices.csv")
    replies = await send(client, "seller", action=button(replies, "Skip"))
    await send(client, "seller", action=button(replies, "Deliver"))
    await deliver()
    await send(client, "buyer", action=button(await inbox("buyer"), "Approve"))
    assert store.state.orders[order_id].status is OrderStatus.COMPLETED


async def test_a_file_sent_in_a_pane_is_the_work_and_comes_back_as_a_download(
    client: httpx.AsyncClient, store: FakeStore
) -> None:
    upload = {"file": ("notes.html", b"<script>alert(1)</script>", "text/html")}
    refused = await client.post("/sandbox/api/panes/buyer/upload", files=upload)
    assert refused.status_code == 403
    too_big = await client.post(
        "/sandbox/api/panes/buyer/upload", headers=HEADERS,
        files={"file": ("big.bin", b"x" * 1001, "application/octet-stream")},
    )
    assert too_big.status_code == 413 and "1000 bytes" in too_big.text

    # A file in an order's chat goes to the order as an attachment: here, to a form answer.
    await send(client, "buyer", text="/newoffer")
    sent = await client.post(
        "/sandbox/api/panes/buyer/upload", headers=HEADERS, files=upload,
        data={"text": "a caption"},
    )
    assert sent.status_code == 200, sent.text
    assert sent.json()["replies"]  # the form answers, whatever it makes of a file
    [stored] = list((client.sandbox.files.root).iterdir())  # type: ignore[attr-defined]
    digest = stored.name
    got = await client.get(f"/sandbox/api/files/{digest}?name=notes.html")
    assert got.status_code == 200 and got.content == upload["file"][1]
    assert got.headers["content-type"] == "application/octet-stream"
    assert got.headers["content-disposition"].startswith("attachment")
    assert got.headers["x-content-type-options"] == "nosniff"
    assert (await client.get("/sandbox/api/files/../etc")).status_code == 404
    assert (await client.get(f"/sandbox/api/files/{'0' * 64}")).status_code == 404


def test_a_sandbox_file_reference_becomes_a_download_link() -> None:
    from bots.web.sandbox import reply_json
    from handlers.types import OutgoingAttachment, Reply

    digest = "a" * 64
    shown = reply_json(Reply("x", attachments=(
        OutgoingAttachment(f"sandbox:{digest}", "a b.csv"),
        OutgoingAttachment("AgADBAAD-telegram-file-id", "other.pdf"),
        OutgoingAttachment("", "qr.png", kind="photo", data=b"png"),
    )))
    assert shown["attachments"] == [
        {"name": "a b.csv", "kind": "document",
         "url": f"/sandbox/api/files/{digest}?name=a%20b.csv"},
        {"name": "other.pdf", "kind": "document"},
        {"name": "qr.png", "kind": "photo", "data": "cG5n"},
    ]


async def test_the_admin_channel_pane_gets_the_moderators_posts_and_acts_on_them(
    client: httpx.AsyncClient, store: FakeStore
) -> None:
    sandbox: Sandbox = client.sandbox  # type: ignore[attr-defined]
    await post_request(client, "Scrape 500 product pages")
    request_id = next(iter(store.state.requests))
    reported = await send(client, "seller", text=f"/report request:{request_id} spam, a scam")
    assert "⚠️" not in plain(reported[0]), plain(reported[0])
    events = list(store.outbox)
    store.outbox.clear()
    for event in events:
        for sink in sandbox.sinks:
            await sink.deliver(event)
    posts = (await client.get("/sandbox/api/panes/admin/messages")).json()["messages"]
    assert posts, [e.type for e in events]
    assert any("spam" in plain(p) for p in posts)
    # The personas' own panes never get the admin channel's posts.
    for pane in ("buyer", "seller", "moderator"):
        mine = (await client.get(f"/sandbox/api/panes/{pane}/messages")).json()["messages"]
        assert not any("spam, a scam" in plain(m) for m in mine)
    reports = await send(client, "admin", text="/reports")
    assert reports and "⚠️" not in plain(reports[0]) and "refused" not in plain(reports[0])
