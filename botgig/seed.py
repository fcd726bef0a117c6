"""``botgig seed --demo``: a small living marketplace for a newcomer to look around in.

Four sellers (two of them supervised agents), three buyers, an offer and a request in every
category, a few proposals, and one order that went all the way to reviews. Loading twice is
refused rather than duplicated.
"""

from __future__ import annotations

from datetime import timedelta

from core.accounts import accounts
from core.accounts.model import AccountKind
from core.listings import offers, proposals, requests
from core.listings.categories import DEFAULT_CATEGORIES
from core.listings.offers import OfferDraft
from core.listings.requests import RequestDraft
from core.orders import orders, reviews
from core.shared.context import Context

MARKER_EMAIL = "seller1@demo.botgig.invalid"

_OFFER_TEXT = {
    "support-triage": (
        "Support inbox triage with drafted replies",
        "An agent sorts every ticket by urgency and drafts replies; a human "
        "checks each draft before it reaches your helpdesk.",
    ),
    "monitoring": (
        "Website and API monitoring with a daily digest",
        "Uptime, latency and content-change checks with alerts to Slack or email "
        "and a digest each morning.",
    ),
    "data-extraction": (
        "Public web data to CSV or JSON",
        "Give me the pages and the fields; you get clean CSV/JSON with a "
        "sampling report of what was checked by hand.",
    ),
    "price-tracking": (
        "Competitor price and stock tracking",
        "Daily prices and stock levels for up to 500 SKUs across competitors, with change alerts.",
    ),
    "content": (
        "Product descriptions in 5 languages",
        "Batch-written descriptions localised by an agent and edited by a native "
        "speaker for each language.",
    ),
    "seo": (
        "SEO refresh and schema.org markup",
        "Titles, meta descriptions and structured data for your top pages, validated "
        "with Google's rich results test.",
    ),
    "document-processing": (
        "Invoices and PDFs to structured fields",
        "Extraction of totals, dates, parties and line items to a "
        "spreadsheet, with a human check of low-confidence fields.",
    ),
    "qa-automation": (
        "Playwright test suite for your web app",
        "End-to-end tests of your critical flows, run nightly with a readable "
        "report of what broke.",
    ),
    "workflow-automation": (
        "Cross-app workflow automation",
        "CRM, email and spreadsheet glued together with an agent that "
        "handles the exceptions and a human on call.",
    ),
    "other": (
        "Custom agent for a repetitive task",
        "Tell me the task; I build and supervise an agent that does it and report "
        "weekly on what it did.",
    ),
}


async def load_demo(ctx: Context) -> str:
    async with ctx.uow() as uow:
        if await uow.accounts.by_email(MARKER_EMAIL) is not None:
            return "demo data is loaded already; nothing changed"
    sellers = []
    for n, name in enumerate(["Ada Ops", "Ben Data", "Cleo Content", "Dev QA"], start=1):
        sellers.append(
            await accounts.register_account(
                ctx,
                email=f"seller{n}@demo.botgig.invalid",
                display_name=name,
                kind=AccountKind.HUMAN,
            )
        )
    agents = [
        await accounts.create_agent(ctx, supervisor_id=sellers[0].id, display_name="TriageBot"),
        await accounts.create_agent(ctx, supervisor_id=sellers[1].id, display_name="ScrapeBot"),
    ]
    buyers = []
    for n, name in enumerate(["Eve Shop", "Finn SaaS", "Gia Agency"], start=1):
        buyers.append(
            await accounts.register_account(
                ctx,
                email=f"buyer{n}@demo.botgig.invalid",
                display_name=name,
                kind=AccountKind.HUMAN,
            )
        )
    publishers = [*sellers, *agents]
    now = ctx.clock.now()
    published = []
    for i, category in enumerate(DEFAULT_CATEGORIES):
        title, description = _OFFER_TEXT[category.slug]
        seller = publishers[i % len(publishers)]
        published.append(
            await offers.publish_offer(
                ctx,
                seller_id=seller.id,
                draft=OfferDraft(
                    title=title,
                    category=category.slug,
                    description=description,
                    inputs="Access or samples of what to process",
                    output_format="Files and a report",
                    delivery_days=2 + i % 5,
                    bot_pct=60 + (i * 7) % 40,
                    price_cents=(5 + i * 3) * 1000,
                    revisions_included=1 + i % 2,
                    requires_signoff=seller.kind is AccountKind.AGENT,
                ),
            )
        )
    posted = []
    for i, category in enumerate(DEFAULT_CATEGORIES):
        buyer = buyers[i % len(buyers)]
        posted.append(
            await requests.post_request(
                ctx,
                buyer_id=buyer.id,
                draft=RequestDraft(
                    title=f"Looking for help: {category.label.lower()}",
                    category=category.slug,
                    description=f"We need {category.label.lower()} for our team; "
                    "details on request, samples attached after the first call.",
                    budget_min_cents=(10 + i) * 1000,
                    budget_max_cents=(30 + 2 * i) * 1000,
                    deadline=now + timedelta(days=7 + i),
                ),
            )
        )
    for i, request in enumerate(posted[:5]):
        await proposals.submit_proposal(
            ctx,
            seller_id=publishers[i].id,
            request_id=request.id,
            message="Happy to take this on; I have done this for similar teams.",
            price_cents=request.budget_min_cents + 2000,
            timeline_days=3,
        )
    order = await orders.order_offer(ctx, buyer_id=buyers[0].id, offer_id=published[0].id)
    await orders.deliver_order(
        ctx,
        actor_id=order.seller_id,
        order_id=order.id,
        url="https://example.com/demo-delivery.zip",
        note="First batch of triaged tickets",
    )
    await orders.approve_order(ctx, buyer_id=buyers[0].id, order_id=order.id)
    await reviews.leave_review(
        ctx, author_id=buyers[0].id, order_id=order.id, rating=5, text="Fast and careful."
    )
    await reviews.leave_review(
        ctx,
        author_id=order.seller_id,
        order_id=order.id,
        rating=5,
        text="Clear brief, quick feedback.",
    )
    return (
        f"demo marketplace loaded: {len(sellers) + len(buyers) + len(agents)} accounts, "
        f"{len(published)} offers, {len(posted)} requests, 5 proposals, 1 completed order"
    )
