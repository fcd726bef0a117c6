"""The Mini App's JSON endpoints and the public offer pages over HTTP: initData is the one
credential; listings, ordering and bidding go through the chat's use cases; every page and
asset carries the one strict policy; user text is escaped and nothing private shows."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

import httpx
import pytest
from fastapi import FastAPI

from api.app import create_app
from api.config import ApiConfig
from bots.web import miniapp, pages
from bots.web.security import CONTENT_SECURITY_POLICY
from core.accounts.accounts import ban_account
from core.listings import offers
from core.orders import orders
from core.shared import events as ev
from core.shared.context import Context
from core.shared.ledger import PriceList
from tests.fakes import FakeClock, FakeStore
from tests.unit import builders as b
from tests.unit.web.signing import BOT_TOKEN, OTHER_BOT_TOKEN, sign_init_data

XSS = "<img src=x onerror=alert(1)>"
TESS = {"id": 4242, "first_name": "Tess", "username": "tess_tg", "language_code": "en"}


async def bot_username() -> str:
    return "BotGigBot"


def web_app(ctx: Context) -> FastAPI:
    app = FastAPI()
    app.include_router(miniapp.router(ctx, bot_token=BOT_TOKEN, bot_username=bot_username))
    app.include_router(
        pages.router(ctx, public_url="https://botgig.example", bot_username=bot_username)
    )
    return app


@pytest.fixture
async def client(ctx: Context) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=web_app(ctx))
    async with httpx.AsyncClient(transport=transport, base_url="http://app") as c:
        yield c


def tma(init_data: str) -> dict[str, str]:
    return {"Authorization": f"tma {init_data}"}


def signed(ctx: Context, **kwargs: object) -> dict[str, str]:
    return tma(sign_init_data(auth_date=ctx.clock.now(), user=TESS, **kwargs))  # type: ignore[arg-type]


# -- initData through the endpoint ------------------------------------------------------------


async def test_good_init_data_opens_the_app_as_the_telegram_users_account(
    ctx: Context, store: FakeStore, client: httpx.AsyncClient
) -> None:
    me = await client.get("/app/api/me", headers=signed(ctx))
    assert me.status_code == 200, me.text
    assert me.json()["handle"] == "Tess"
    # The same account the bot maps this Telegram user to: one identity, created once.
    again = await client.get("/app/api/me", headers=signed(ctx))
    assert again.json()["handle"] == "Tess"
    telegram = [key for key in store.state.identities if key == ("telegram", "4242")]
    assert telegram == [("telegram", "4242")]


@pytest.mark.parametrize("case", ["tampered", "expired", "other_bot", "missing", "api_key"])
async def test_anything_but_fresh_init_data_of_this_bot_is_refused(
    ctx: Context, clock: FakeClock, client: httpx.AsyncClient, case: str
) -> None:
    headers: dict[str, str]
    if case == "tampered":
        fields = dict(parse_qsl(sign_init_data(auth_date=clock.now(), user=TESS)))
        fields["user"] = fields["user"].replace("4242", "1")
        headers = tma(urlencode(fields))
    elif case == "expired":
        headers = tma(sign_init_data(auth_date=clock.now() - timedelta(hours=2), user=TESS))
    elif case == "other_bot":
        headers = tma(sign_init_data(token=OTHER_BOT_TOKEN, auth_date=clock.now(), user=TESS))
    elif case == "missing":
        headers = {}
    else:
        # An API key or a cookie is no credential here.
        headers = {"X-API-Key": "bg_whatever", "Cookie": "session=1"}
    for path in ("/app/api/me", "/app/api/offers", "/app/api/orders"):
        answer = await client.get(path, headers=headers)
        assert answer.status_code == 401, (case, path, answer.text)
        assert answer.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    refused = await client.post("/app/api/offers/1/order", headers=headers)
    assert refused.status_code == 401


async def test_the_maximum_age_is_configurable(ctx: Context, clock: FakeClock) -> None:
    app = FastAPI()
    app.include_router(miniapp.router(ctx, bot_token=BOT_TOKEN, max_age=timedelta(minutes=5)))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://app") as c:
        old = tma(sign_init_data(auth_date=clock.now() - timedelta(minutes=6), user=TESS))
        assert (await c.get("/app/api/me", headers=old)).status_code == 401
        fresh = tma(sign_init_data(auth_date=clock.now() - timedelta(minutes=4), user=TESS))
        assert (await c.get("/app/api/me", headers=fresh)).status_code == 200


async def test_without_a_bot_token_the_endpoints_say_what_is_missing(ctx: Context) -> None:
    app = FastAPI()
    app.include_router(miniapp.router(ctx, bot_token=None))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://app") as c:
        answer = await c.get("/app/api/me", headers=signed(ctx))
        assert answer.status_code == 503
        assert "BOTGIG_TELEGRAM_TOKEN" in answer.text
        assert (await c.get("/app/")).status_code == 200


# -- the catalog, ordering, bidding ------------------------------------------------------------


async def test_search_filters_and_pages_like_the_chat(ctx: Context, clock: FakeClock) -> None:
    ctx = replace(ctx, prices=PriceList(publish_offer=0))
    transport = httpx.ASGITransport(app=web_app(ctx))
    async with httpx.AsyncClient(transport=transport, base_url="http://app") as client:
        await _search_filters_and_pages(ctx, clock, client)


async def _search_filters_and_pages(
    ctx: Context, clock: FakeClock, client: httpx.AsyncClient
) -> None:
    seller = await b.human(ctx, "sam")
    for n in range(25):
        await b.publish(ctx, seller, title=f"Triage {n}", price_cents=1_000 + n * 100)
        clock.advance(timedelta(seconds=1))
    await b.publish(ctx, seller, title="Crawl the web", category="data-extraction")
    headers = signed(ctx)
    first = (await client.get("/app/api/offers", headers=headers)).json()
    assert len(first["items"]) == miniapp.PAGE_SIZE and first["next"]
    second = (await client.get(f"/app/api/offers?after={first['next']}", headers=headers)).json()
    seen = [i["id"] for i in first["items"] + second["items"]]
    assert len(seen) == len(set(seen)) == 26 and second["next"] is None
    crawl = (await client.get("/app/api/offers?q=crawl", headers=headers)).json()["items"]
    assert [i["title"] for i in crawl] == ["Crawl the web"]
    category = (
        await client.get("/app/api/offers?category=data-extraction", headers=headers)
    ).json()["items"]
    assert [i["title"] for i in category] == ["Crawl the web"]
    cheap = (
        await client.get("/app/api/offers?budget_min=1000&budget_max=1200", headers=headers)
    ).json()["items"]
    assert sorted(i["price_cents"] for i in cheap) == [1_000, 1_100, 1_200]
    card = first["items"][0]
    assert card["seller"] == {"handle": "Sam", "kind": "human", "trust": card["seller"]["trust"]}
    assert (card["bot_pct"], card["human_pct"]) == (80, 20)


async def test_ordering_runs_the_chats_use_case_and_tells_the_buyer(
    ctx: Context, store: FakeStore, client: httpx.AsyncClient
) -> None:
    seller = await b.human(ctx, "sam")
    offer = await b.publish(ctx, seller)
    placed = await client.post(f"/app/api/offers/{offer.id}/order", headers=signed(ctx))
    assert placed.status_code == 201, placed.text
    body = placed.json()
    assert body["status"] == "in_progress" and body["countdown_kind"] == "due"
    record = await orders.get_order(ctx, order_id=body["id"], viewer_id=seller.id)
    assert record.order.offer_id == offer.id and record.buyer.display_name == "Tess"
    created = [e for e in store.outbox if e.type == ev.ORDER_CREATED][-1]
    assert record.buyer.id in created.recipients and seller.id in created.recipients
    mine = (await client.get("/app/api/orders", headers=signed(ctx))).json()["items"]
    assert [(o["id"], o["role"]) for o in mine] == [(body["id"], "buyer")]
    sams = tma(sign_init_data(auth_date=ctx.clock.now(), user={"id": 77, "first_name": "Sam"}))
    other = await client.post(f"/app/api/offers/{offer.id}/order", headers=sams)
    assert other.status_code == 201  # a different Telegram user is a different buyer


async def test_a_banned_account_browses_but_cannot_order_or_bid(
    ctx: Context, client: httpx.AsyncClient
) -> None:
    seller = await b.human(ctx, "sam")
    offer = await b.publish(ctx, seller)
    request = await b.post(ctx, seller)
    me = (await client.get("/app/api/me", headers=signed(ctx))).json()
    assert me["banned"] is False
    mod = await b.moderator(ctx)
    tess_id = next(
        i.account_id for k, i in ctx.uow.state.identities.items()  # type: ignore[attr-defined]
        if k == ("telegram", "4242")
    )
    await ban_account(ctx, moderator_id=mod.id, account_id=tess_id, reason="spam spam")
    assert (await client.get("/app/api/offers", headers=signed(ctx))).status_code == 200
    refused = await client.post(f"/app/api/offers/{offer.id}/order", headers=signed(ctx))
    assert refused.status_code == 403 and "banned" in refused.text
    bid = await client.post(
        f"/app/api/requests/{request.id}/bid", headers=signed(ctx),
        json={"message": "I can do this well.", "price_cents": 20_000, "timeline_days": 3},
    )
    assert bid.status_code == 403


async def test_a_bid_runs_the_chats_use_case_and_tells_both_sides(
    ctx: Context, store: FakeStore, client: httpx.AsyncClient
) -> None:
    buyer = await b.human(ctx, "bea")
    request = await b.post(ctx, buyer)
    listed = (await client.get("/app/api/requests", headers=signed(ctx))).json()["items"]
    assert [r["id"] for r in listed] == [request.id]
    shown = (await client.get(f"/app/api/requests/{request.id}", headers=signed(ctx))).json()
    assert shown["biddable"] is True
    sent = await client.post(
        f"/app/api/requests/{request.id}/bid", headers=signed(ctx),
        json={"message": "I can do this well.", "price_cents": 20_000, "timeline_days": 3},
    )
    assert sent.status_code == 201, sent.text
    received = [e for e in store.outbox if e.type == ev.APPLICATION_RECEIVED][-1]
    assert buyer.id in received.recipients and len(received.recipients) == 2
    again = await client.post(
        f"/app/api/requests/{request.id}/bid", headers=signed(ctx),
        json={"message": "I can do this well.", "price_cents": 20_000, "timeline_days": 3},
    )
    assert again.status_code == 409  # one pending proposal per seller, as in chat


# -- public pages ------------------------------------------------------------------------------


async def test_an_active_offer_has_a_shareable_page(
    ctx: Context, client: httpx.AsyncClient
) -> None:
    seller = await b.human(ctx, "sam")
    offer = await b.publish(ctx, seller, title=XSS, description=f"Look: {XSS} and more text.")
    page = await client.get(f"/o/{offer.id}")
    assert page.status_code == 200
    html = page.text
    assert XSS not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert f'<meta property="og:url" content="https://botgig.example/o/{offer.id}">' in html
    assert '<meta property="og:title" content="&lt;img' in html
    assert "og:description" in html and "og:image" not in html
    assert f'href="https://t.me/BotGigBot?start=offer_{offer.id}"' in html
    assert "Sam" in html and "$150.00" in html


@pytest.mark.parametrize("state", ["paused", "expired", "hidden", "missing", "banned_seller"])
async def test_an_offer_not_active_answers_404(
    ctx: Context, clock: FakeClock, client: httpx.AsyncClient, state: str
) -> None:
    seller = await b.human(ctx, "sam")
    offer = await b.publish(ctx, seller)
    offer_id = offer.id
    mod = await b.moderator(ctx)
    if state == "paused":
        await offers.set_offer_paused(ctx, actor_id=seller.id, offer_id=offer.id, paused=True)
    elif state == "expired":
        clock.advance(timedelta(days=ctx.rules.listing_days + 1))
    elif state == "hidden":
        await offers.set_offer_hidden(
            ctx, moderator_id=mod.id, offer_id=offer.id, hidden=True, reason="internal note"
        )
    elif state == "missing":
        offer_id = 999_999
    else:
        await ban_account(ctx, moderator_id=mod.id, account_id=seller.id, reason="fraud here")
    page = await client.get(f"/o/{offer_id}")
    assert page.status_code == 404
    assert "internal note" not in page.text
    assert page.headers["content-security-policy"] == CONTENT_SECURITY_POLICY


async def test_a_public_page_shows_nothing_private(
    ctx: Context, client: httpx.AsyncClient
) -> None:
    seller = await b.human(ctx, "sam")
    offer = await b.publish(ctx, seller)
    await client.post(f"/app/api/offers/{offer.id}/order", headers=signed(ctx))
    html = (await client.get(f"/o/{offer.id}")).text
    assert "Tess" not in html and "tess_tg" not in html and "4242" not in html
    assert "email" not in html.lower()
    assert f"#{seller.id}" not in html


# -- the policy on every page and asset --------------------------------------------------------


async def test_every_page_and_asset_has_the_policy_and_no_inline_script_or_style(
    ctx: Context, client: httpx.AsyncClient
) -> None:
    seller = await b.human(ctx, "sam")
    offer = await b.publish(ctx, seller)
    for path in ("/app/", "/app/app.js", "/app/app.css", f"/o/{offer.id}", "/o/0", "/app/x"):
        answer = await client.get(path)
        policy = CONTENT_SECURITY_POLICY
        if path == "/app/":
            # Only the Mini App's page may be framed, and only by Telegram Web.
            policy = policy.replace(
                "frame-ancestors 'none'", "frame-ancestors https://web.telegram.org"
            )
            assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY
        assert answer.headers["content-security-policy"] == policy, path
        assert answer.headers["x-content-type-options"] == "nosniff", path
        if "text/html" in answer.headers["content-type"]:
            html = answer.text
            # Every <script> has a src and no body; no style attribute, no <style> block.
            for tag, body in re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.S | re.I):
                assert "src=" in tag and not body.strip(), (path, tag)
            assert not re.search(r"\sstyle\s*=", html, re.I), path
            assert "<style" not in html.lower(), path
            assert not re.search(r"\son[a-z]+\s*=", html, re.I), path


async def test_a_retried_order_with_its_idempotency_key_orders_once(
    ctx: Context, tmp_path: Path
) -> None:
    # On the API's app, whose idempotency middleware scopes a Mini App caller by its initData.
    app = create_app(
        ctx, health_check=_healthy,
        config=ApiConfig(public_url="http://test", upload_dir=tmp_path / "uploads"),
    )
    app.include_router(miniapp.router(ctx, bot_token=BOT_TOKEN))
    seller = await b.human(ctx, "sam")
    offer = await b.publish(ctx, seller)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://app") as client:
        headers = {**signed(ctx), "Idempotency-Key": "confirm-1"}
        first = await client.post(f"/app/api/offers/{offer.id}/order", headers=headers)
        again = await client.post(f"/app/api/offers/{offer.id}/order", headers=headers)
        assert first.status_code == again.status_code == 201, (first.text, again.text)
        assert first.json() == again.json()
        # Another Telegram user with the same key is another scope: their own order.
        other = {**tma(sign_init_data(auth_date=ctx.clock.now(),
                                      user={"id": 9, "first_name": "Ola"})),
                 "Idempotency-Key": "confirm-1"}
        theirs = await client.post(f"/app/api/offers/{offer.id}/order", headers=other)
        assert theirs.status_code == 201 and theirs.json()["id"] != first.json()["id"]
    placed = await orders.list_orders(ctx, account_id=seller.id)
    assert len(placed) == 2


async def _healthy() -> None:
    return None


async def test_an_id_out_of_range_is_a_clear_422(
    ctx: Context, client: httpx.AsyncClient
) -> None:
    for path in ("/app/api/offers/0", f"/app/api/offers/{2**63}", "/app/api/requests/x"):
        answer = await client.get(path, headers=signed(ctx))
        assert answer.status_code == 422, (path, answer.text)
        assert answer.json()["error"]["code"] == "validation.failed"
