"""The Telegram Mini App: a catalog of offers and open requests, offer and request pages,
ordering and bidding, and the user's orders, on the same use cases as the chat.

``router`` is mounted on the API's app by the composition root. The page and its assets are
static files (``static/app``); the page asks the JSON endpoints below for everything, and
those accept one credential only: Telegram's signed ``initData``, sent as
``Authorization: tma <initData>``. No API key, no cookie: the app acts for the Telegram user
who opened it, exactly as the bot would (first contact registers, a banned account reads
but cannot act).
"""


import re
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from datetime import timedelta
from importlib import resources
from typing import Annotated, Any

from babel.numbers import get_currency_precision
from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute
from pydantic import BaseModel, Field

from bots.web.initdata import InitDataError, WebAppUser, validate_init_data
from bots.web.security import page_headers
from bots.web.views import (
    offer_detail,
    offer_summary,
    order_summary,
    plain,
    request_detail,
    request_summary,
)
from core.accounts.accounts import ensure_chat_account
from core.accounts.model import Account
from core.listings import offers, proposals, requests
from core.listings.ports import BrowseQuery
from core.orders import orders
from core.shared.context import Context
from core.shared.errors import AccountBanned, MarketplaceError
from handlers.i18n import ENGLISH, Translator, language_for

PAGE_SIZE = 20
MAX_WORDS = 100
MAX_ID = 2**53
#: The static files of the app, by the name the page links them with.
ASSETS = {
    "app.js": "text/javascript; charset=utf-8",
    "app.css": "text/css; charset=utf-8",
}
DEFAULT_MAX_AGE = timedelta(hours=1)


@dataclass(frozen=True)
class Viewer:
    """The account behind a request's initData, in its language."""

    account: Account
    tr: Translator


class BidBody(BaseModel):
    message: str = Field(min_length=1, max_length=4000)
    price_cents: int = Field(ge=1, le=10**12)
    timeline_days: int = Field(ge=1, le=365)


class WebRoute(APIRoute):
    """A route answering errors itself, as JSON ``{"error": {"code", "message"}}`` like the
    API, and with the web front end's headers on every answer (errors and JSON included:
    no caching of a user's orders, no sniffing), whatever app the router is mounted on."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handle = super().get_route_handler()

        async def guarded(request: Request) -> Response:
            try:
                response = await handle(request)
            except MarketplaceError as exc:
                response = _error(exc.status, exc.code, exc.message)
            except HTTPException as exc:
                response = _error(exc.status_code, _HTTP_CODES.get(exc.status_code, "http"),
                                  str(exc.detail))
            except RequestValidationError as exc:
                first = exc.errors()[0] if exc.errors() else {}
                where = ".".join(str(p) for p in first.get("loc", ()))
                response = _error(422, "validation.failed", f"{where}: {first.get('msg', '')}")
            for name, value in page_headers().items():
                response.headers.setdefault(name, value)
            return response

        return guarded


_HTTP_CODES = {401: "auth.init_data", 503: "miniapp.unavailable"}


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


#: Telegram Web shows a Mini App in an iframe of its own origin (the phone and desktop apps
#: use a web view, no frame); that one origin may frame the app's page, nothing else may.
TELEGRAM_WEB = "https://web.telegram.org"


def app_page_headers() -> dict[str, str]:
    headers = page_headers()
    policy = headers["Content-Security-Policy"]
    headers["Content-Security-Policy"] = policy.replace(
        "frame-ancestors 'none'", f"frame-ancestors {TELEGRAM_WEB}"
    )
    return headers


_PLACEHOLDER = re.compile(r"{(\w+)}")


def page_texts(tr: Translator) -> dict[str, str]:
    """The page's own labels (``web.*`` in the message catalog) in the user's language, as
    plain text with their placeholders left for the page to fill (``{id}`` stays ``{id}``)."""
    texts: dict[str, str] = {}
    for key, english in ENGLISH.items():
        if not key.startswith("web.") or not isinstance(english, str):
            continue
        fields = {name: "{" + name + "}" for name in _PLACEHOLDER.findall(english)}
        texts[key.removeprefix("web.")] = plain(tr, key, **fields)
    return texts


def static_text(name: str) -> str:
    return resources.files("bots.web").joinpath("static", "app", name).read_text("utf-8")


def _unauthorized(reason: str) -> HTTPException:
    return HTTPException(status_code=401, detail=reason)


def router(
    ctx: Context,
    *,
    bot_token: str | None,
    max_age: timedelta = DEFAULT_MAX_AGE,
    bot_username: Callable[[], Awaitable[str | None]] | None = None,
) -> APIRouter:
    """The Mini App's page, assets and JSON endpoints. Without a bot token the page still
    loads but every endpoint answers 503: nothing could sign an initData for it."""
    api = APIRouter(include_in_schema=False, route_class=WebRoute)

    async def viewer(request: Request) -> Viewer:
        if bot_token is None:
            raise HTTPException(
                status_code=503,
                detail="the Mini App needs the Telegram bot: set BOTGIG_TELEGRAM_TOKEN",
            )
        scheme, _, init_data = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "tma" or not init_data:
            raise _unauthorized(
                "send Telegram's initData as 'Authorization: tma <initData>'; "
                "open the catalog from the bot in Telegram"
            )
        try:
            user: WebAppUser = validate_init_data(
                init_data.strip(), bot_token=bot_token, max_age=max_age, now=ctx.clock.now()
            )
        except InitDataError as exc:
            raise _unauthorized(str(exc)) from exc
        # The same mapping as the bot's IdentityMiddleware: first contact registers.
        account, _ = await ensure_chat_account(
            ctx,
            provider="telegram",
            external_id=str(user.id),
            display_name=user.full_name,
            client_language=user.language_code,
            username=user.username or "",
        )
        return Viewer(account, Translator(language_for(account, user.language_code), "telegram"))

    Me = Annotated[Viewer, Depends(viewer)]

    def active(me: Viewer) -> Account:
        if me.account.is_banned:
            raise AccountBanned()
        return me.account

    @api.get("/app", response_class=Response)
    @api.get("/app/", response_class=Response)
    async def page() -> Response:
        return Response(static_text("index.html"), media_type="text/html; charset=utf-8",
                        headers=app_page_headers())

    @api.get("/app/{name}", response_class=Response)
    async def asset(name: str) -> Response:
        media = ASSETS.get(name)
        if media is None:
            return Response("not found", status_code=404, media_type="text/plain",
                            headers=page_headers())
        return Response(static_text(name), media_type=media,
                        headers=page_headers(cache="public, max-age=300"))

    def query(
        q: str | None, category: str | None, budget_min: int | None, budget_max: int | None,
        after: int | None,
    ) -> BrowseQuery:
        return BrowseQuery(
            now=ctx.clock.now(),
            category=(category or None) if category in ctx.rules.category_slugs else None,
            words=(q or "").strip()[:MAX_WORDS] or None,
            min_cents=budget_min,
            max_cents=budget_max,
            limit=PAGE_SIZE,
            starting_after=after,
        )

    ItemId = Annotated[int, Path(ge=1, le=MAX_ID)]
    Words = Annotated[str | None, Query(max_length=200)]
    Category = Annotated[str | None, Query(max_length=64)]
    Cents = Annotated[int | None, Query(ge=0, le=10**12)]
    After = Annotated[int | None, Query(ge=1, le=MAX_ID)]

    @api.get("/app/api/me")
    async def me(me: Me) -> dict[str, Any]:
        username = await bot_username() if bot_username else None
        return {
            "handle": me.account.handle,
            "trust": me.account.trust_score,
            "banned": me.account.is_banned,
            "language": me.tr.language,
            "bot_username": username,
            # Prices are typed in whole units and sent in minor ones (cents; yen have none).
            "currency": ctx.rules.currency,
            "minor_per_unit": 10 ** get_currency_precision(ctx.rules.currency.upper()),
            "texts": page_texts(me.tr),
            "categories": [
                {"slug": c.slug, "label": me.tr.get(f"category.{c.slug}", c.label)}
                for c in ctx.rules.categories
            ],
        }

    @api.get("/app/api/offers")
    async def list_offers(
        me: Me, q: Words = None, category: Category = None, budget_min: Cents = None,
        budget_max: Cents = None, after: After = None,
    ) -> dict[str, Any]:
        found = await offers.browse_offers(
            ctx, query=query(q, category, budget_min, budget_max, after)
        )
        now = ctx.clock.now()
        return {
            "items": [offer_summary(ctx, me.tr, view, now) for view in found.items],
            "next": found.last_id if found.has_more else None,
        }

    @api.get("/app/api/requests")
    async def list_requests(
        me: Me, q: Words = None, category: Category = None, budget_min: Cents = None,
        budget_max: Cents = None, after: After = None,
    ) -> dict[str, Any]:
        found = await requests.browse_requests(
            ctx, query=query(q, category, budget_min, budget_max, after)
        )
        now = ctx.clock.now()
        return {
            "items": [request_summary(ctx, me.tr, view, now) for view in found.items],
            "next": found.last_id if found.has_more else None,
        }

    @api.get("/app/api/offers/{offer_id}")
    async def get_offer(offer_id: ItemId, me: Me) -> dict[str, Any]:
        view = await offers.get_offer(ctx, offer_id=offer_id, viewer_id=me.account.id)
        return offer_detail(ctx, me.tr, view, ctx.clock.now(), viewer_id=me.account.id)

    @api.get("/app/api/requests/{request_id}")
    async def get_request(request_id: ItemId, me: Me) -> dict[str, Any]:
        view = await requests.get_request(ctx, request_id=request_id, viewer_id=me.account.id)
        return request_detail(ctx, me.tr, view, ctx.clock.now(), viewer_id=me.account.id)

    @api.post("/app/api/offers/{offer_id}/order", status_code=201)
    async def order_offer(offer_id: ItemId, me: Me) -> dict[str, Any]:
        buyer = active(me)
        # The chat's "Place order" (off:buy): the same use case, and the confirmation goes
        # to the buyer's chat through the outbox, as the page is not a chat.
        order = await orders.order_offer(
            ctx, buyer_id=buyer.id, offer_id=offer_id, confirm_to_buyer=True
        )
        return order_summary(ctx, me.tr, order, buyer.id)

    @api.post("/app/api/requests/{request_id}/bid", status_code=201)
    async def bid(request_id: ItemId, body: BidBody, me: Me) -> dict[str, Any]:
        seller = active(me)
        proposal = await proposals.submit_proposal(
            ctx,
            seller_id=seller.id,
            request_id=request_id,
            message=body.message,
            price_cents=body.price_cents,
            timeline_days=body.timeline_days,
            confirm_to_seller=True,
        )
        return {"id": proposal.id, "request_id": proposal.request_id,
                "status": proposal.status.value}

    @api.get("/app/api/orders")
    async def my_orders(me: Me) -> dict[str, Any]:
        found = await orders.list_orders(ctx, account_id=me.account.id, limit=50)
        return {
            "items": [order_summary(ctx, me.tr, order, me.account.id) for order in found],
            "now": ctx.clock.now().isoformat(),
        }

    return api

