"""Public offer pages: ``/o/{id}``, a shareable page for each active offer.

Server-rendered HTML with Open Graph tags (link previews in chats and social sites) and an
"Open in Telegram" deep link to the offer's card in the bot. Only what the chat card shows
anyone: no buyer, no email, no internal note, no moderation reason. An offer that is not
active (draft, paused, expired, hidden, or gone) answers 404, the same for every case, so
the page tells nothing about why. Every value is escaped; the page runs no script.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from html import escape

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from bots.web.security import page_headers
from bots.web.views import offer_detail
from core.listings import offers
from core.listings.model import OfferStatus
from core.shared.context import Context
from core.shared.errors import NotFound
from handlers import fmt
from handlers.i18n import Translator
from handlers.render.base import deep_link_payload

MAX_ID = 2**53
DESCRIPTION_CHARS = 200

_NOT_FOUND = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Offer not found · BotGig</title>
<link rel="stylesheet" href="/app/app.css"></head>
<body><main><h1>Offer not found</h1>
<p>This offer is not available: it may be paused, expired or removed.</p></main></body></html>
"""


def _page(*, title: str, description: str, url: str, body: str) -> str:
    e = escape
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(title)} · BotGig</title>
<meta name="description" content="{e(description)}">
<meta property="og:type" content="website">
<meta property="og:site_name" content="BotGig">
<meta property="og:title" content="{e(title)}">
<meta property="og:description" content="{e(description)}">
<meta property="og:url" content="{e(url)}">
<meta name="twitter:card" content="summary">
<link rel="canonical" href="{e(url)}">
<link rel="stylesheet" href="/app/app.css">
</head>
<body>
<main>
{body}
</main>
</body>
</html>
"""


def router(
    ctx: Context,
    *,
    public_url: str,
    bot_username: Callable[[], Awaitable[str | None]] | None = None,
) -> APIRouter:
    pages = APIRouter(include_in_schema=False)
    base = public_url.rstrip("/")

    def not_found() -> HTMLResponse:
        return HTMLResponse(_NOT_FOUND, status_code=404, headers=page_headers())

    @pages.get("/o/{offer_id}", response_class=HTMLResponse)
    async def offer_page(offer_id: int) -> HTMLResponse:
        if not 1 <= offer_id <= MAX_ID:
            return not_found()
        try:
            view = await offers.get_offer(ctx, offer_id=offer_id, viewer_id=None)
        except NotFound:
            return not_found()
        offer, now = view.offer, ctx.clock.now()
        expired = offer.expires_at is not None and offer.expires_at <= now
        if offer.status is not OfferStatus.ACTIVE or expired or view.seller.is_banned:
            return not_found()
        tr = Translator("en", "telegram")
        facts = offer_detail(ctx, tr, view, now, viewer_id=None)
        url = f"{base}/o/{offer.id}"
        summary = f"{facts['price']} · {facts['delivery']} · {facts['split']}"
        description = f"{summary}. {fmt.shorten(offer.description, DESCRIPTION_CHARS)}"
        username = await bot_username() if bot_username else None
        e = escape
        seller = facts["seller"]
        lines = [
            '<article class="card big">',
            f"<h1>{e(offer.title)}</h1>",
            f'<div class="facts">{e(facts["category_label"])}</div>',
            f'<div class="facts"><span class="price">{e(facts["price"])}</span> · '
            f"{e(facts['delivery'])} · {e(facts['revisions'])}</div>",
            f'<div class="facts">{e(facts["split"])}</div>',
            f'<div class="facts">Seller {e(seller["handle"])} · {e(seller["kind"])} · '
            f"trust {int(seller['trust'])}</div>",
            "<h2>Description</h2>",
            f'<p class="body">{e(facts["description"])}</p>',
            "<h2>What the seller needs</h2>",
            f'<p class="body">{e(offer.inputs)}</p>',
            "<h2>What you get</h2>",
            f'<p class="body">{e(offer.output_format)}</p>',
            "</article>",
        ]
        if username:
            link = f"https://t.me/{username}?start={deep_link_payload('offer', offer.id)}"
            lines.append(f'<p><a class="open" href="{e(link)}">Open in Telegram</a></p>')
        return HTMLResponse(
            _page(title=offer.title, description=description, url=url, body="\n".join(lines)),
            headers=page_headers(),
        )

    return pages
