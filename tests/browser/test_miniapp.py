"""The Mini App in a real browser, opened the way Telegram opens it: the page at /app/ with
the launch parameters in the URL fragment (``#tgWebAppData=<signed initData>&...``). It
searches, filters, opens an offer and orders it, and the order is in the database."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from api.app import create_app
from bots.web import miniapp, pages
from core.accounts.accounts import ensure_chat_account
from core.orders import orders
from core.shared.context import Context
from tests.browser.conftest import serve
from tests.unit import builders as b
from tests.unit.web.signing import BOT_TOKEN, sign_init_data

XSS = "<img src=x onerror=alert(1)>"
TESS = {"id": 4242, "first_name": "Tess", "username": "tess_tg", "language_code": "en"}
DARK = {"bg_color": "#17212b", "text_color": "#f5f5f5", "button_color": "#5288c1",
        "button_text_color": "#ffffff", "secondary_bg_color": "#232e3c"}


async def _healthy() -> None:
    return None


def app_for(ctx: Context, tmp_path: Path) -> Any:
    from api.config import ApiConfig

    app = create_app(
        ctx, health_check=_healthy,
        config=ApiConfig(public_url="http://test", upload_dir=tmp_path / "uploads"),
    )
    app.include_router(miniapp.router(ctx, bot_token=BOT_TOKEN))
    app.include_router(pages.router(ctx, public_url="http://test"))
    return app


def launch_url(base: str, init_data: str, theme: dict[str, str]) -> str:
    # What Telegram appends to the Mini App's URL when it opens it.
    return (
        f"{base}/app/#tgWebAppData={quote(init_data, safe='')}&tgWebAppVersion=8.0"
        f"&tgWebAppPlatform=tdesktop&tgWebAppThemeParams={quote(json.dumps(theme), safe='')}"
    )


def on_dialog(alerts: list[str], dialog: Any) -> Any:
    # An alert() would mean injected script ran: recorded, dismissed, and the test fails.
    alerts.append(dialog.message)
    return dialog.dismiss()


async def cards(page: Any) -> list[str]:
    return list(await page.locator("#results li.card h2").all_inner_texts())


async def wait_cards(page: Any, count: int) -> None:
    await page.wait_for_function(
        "n => document.querySelectorAll('#results li.card').length === n", arg=count
    )


async def test_search_filter_open_and_order_an_offer(
    ctx: Context, page: Any, tmp_path: Path
) -> None:
    seller = await b.human(ctx, "sam")
    await b.publish(ctx, seller, title="Support inbox triage", price_cents=15_000)
    await b.publish(ctx, seller, title=XSS, price_cents=9_000)
    crawl = await b.publish(
        ctx, seller, title="Crawl product pages", category="data-extraction", price_cents=5_000
    )
    await b.publish(
        ctx, seller, title="Crawl news sites", category="data-extraction", price_cents=50_000
    )
    alerts: list[str] = []
    page.on("dialog", lambda dialog: on_dialog(alerts, dialog))
    init_data = sign_init_data(auth_date=ctx.clock.now(), user=TESS)

    async with serve(app_for(ctx, tmp_path)) as base:
        await page.goto(launch_url(base, init_data, DARK))
        await wait_cards(page, 4)
        # The hostile title is text on the card, not an element (and nothing ran).
        assert XSS in await cards(page)
        assert await page.locator("#results img").count() == 0
        # Telegram's theme parameters are the page's colours.
        background = await page.evaluate(
            "getComputedStyle(document.body).backgroundColor"
        )
        assert background == "rgb(23, 33, 43)"

        await page.fill("#q", "crawl")
        await page.click("#search")
        await wait_cards(page, 2)
        assert sorted(await cards(page)) == ["Crawl news sites", "Crawl product pages"]

        await page.select_option("#category", "data-extraction")
        await page.fill("#budget-max", "100")
        await page.click("#search")
        await wait_cards(page, 1)
        assert await cards(page) == ["Crawl product pages"]

        await page.click("#results li.card")
        await page.wait_for_selector("#detail:not([hidden]) #order")
        card = await page.inner_text("#card")
        assert "Crawl product pages" in card and "$50.00" in card and "Sam" in card
        assert "automated" in card and "human" in card

        await page.click("#order")
        # The page asks before it orders: nothing exists until the confirmation.
        await page.wait_for_selector("#confirm")
        tess, _ = await ensure_chat_account(
            ctx, provider="telegram", external_id="4242", display_name="Tess"
        )
        assert await orders.list_orders(ctx, account_id=tess.id) == []
        await page.click("#confirm")
        await page.wait_for_function(
            "() => document.getElementById('notice').textContent.includes('placed')"
        )

        placed = await orders.list_orders(ctx, account_id=tess.id)
        assert [(o.offer_id, o.buyer_id, o.price_cents) for o in placed] == [
            (crawl.id, tess.id, 5_000)
        ]
        assert f"Order #{placed[0].id} placed" in await page.inner_text("#notice")

        await page.click("#tab-orders")
        await page.wait_for_selector("body[data-loaded=orders] #order-list li.card")
        listed = await page.inner_text("#order-list")
        assert f"#{placed[0].id} Crawl product pages" in listed
        assert "in progress" in listed and "Due:" in listed and "left" in listed
    assert alerts == []


async def test_the_catalog_refuses_to_run_without_telegrams_init_data(
    ctx: Context, page: Any, tmp_path: Path
) -> None:
    async with serve(app_for(ctx, tmp_path)) as base:
        await page.goto(f"{base}/app/")
        await page.wait_for_selector("#notice:not([hidden])")
        assert "from the BotGig bot in Telegram" in await page.inner_text("#notice")
        # A forged initData is refused by the server, and the page says so.
        await page.goto(launch_url(base, "user=%7B%22id%22%3A1%7D&hash=00", {}))
        await page.reload()
        await page.wait_for_function(
            "() => document.getElementById('notice').textContent.includes('not signed')"
        )


async def test_the_public_page_shows_a_hostile_title_as_text(
    ctx: Context, page: Any, tmp_path: Path
) -> None:
    seller = await b.human(ctx, "sam")
    offer = await b.publish(ctx, seller, title=XSS)
    alerts: list[str] = []
    page.on("dialog", lambda dialog: on_dialog(alerts, dialog))
    async with serve(app_for(ctx, tmp_path)) as base:
        await page.goto(f"{base}/o/{offer.id}")
        assert await page.inner_text("h1") == XSS
        assert await page.locator("img").count() == 0
        assert XSS in await page.title()
    assert alerts == []


async def test_the_page_speaks_the_users_language(
    ctx: Context, page: Any, tmp_path: Path
) -> None:
    seller = await b.human(ctx, "sam")
    await b.publish(ctx, seller)
    spanish = {**TESS, "language_code": "es"}
    init_data = sign_init_data(auth_date=ctx.clock.now(), user=spanish)
    async with serve(app_for(ctx, tmp_path)) as base:
        await page.goto(launch_url(base, init_data, {}))
        await wait_cards(page, 1)
        assert await page.inner_text("#tab-offers") == "Ofertas"
        assert await page.get_attribute("#q", "placeholder") == "Buscar palabras"
        assert "Vendedor Sam" in await page.inner_text("#results")
        assert await page.get_attribute("html", "lang") == "es"
