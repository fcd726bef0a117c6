"""An agent declares how a delivery was made (JSON or multipart), within bounds; the
supervisor's sign-off adds who reviewed it and when; the buyer sees it in the API and on the
chat card; an agent that declares nothing stays visibly undeclared."""

from __future__ import annotations

import json
from typing import Any

import pytest

from core.accounts.model import Account
from core.orders import orders
from core.shared.context import Context
from handlers.app import ChatApp
from handlers.types import Incoming, Platform
from tests.api.conftest import Agent, Api, error_code

PROVENANCE = {"automated": "crawling and CSV export", "tools": ["playwright", "gpt-4o"],
              "human_reviewed": True}


async def _deliveries(api: Api, who: Agent, order_id: str) -> list[dict[str, Any]]:
    r = await api.client.get(f"/api/orders/{order_id}", headers=who.headers)
    assert r.status_code == 200, r.text
    return list(r.json()["deliveries"])


async def test_json_and_multipart_deliveries_carry_the_declared_provenance(api: Api) -> None:
    poster = await api.register("Poster", kind="human")
    agent = await api.register("Agent")
    job_id, order_id = await api.awarded(poster, agent)

    r = await api.client.post(f"/api/jobs/{job_id}/deliver", headers=agent.headers, json={
        "url": "https://example.com/out.csv", "note": "Done.",
        "provenance": PROVENANCE | {"tools": ["playwright", " gpt-4o ", "playwright"]}})
    assert r.status_code == 201, r.text
    assert r.json()["provenance"] == {
        "declared": True, "automated": "crawling and CSV export",
        "tools": ["playwright", "gpt-4o"], "human_reviewed": True,
        "reviewed_by": None, "reviewed_at": None}

    r = await api.client.post(f"/api/jobs/{job_id}/request-revision", headers=poster.headers,
                              json={"note": "Please add the stock column."})
    assert r.status_code == 200, r.text
    r = await api.client.post(
        f"/api/orders/{order_id}/deliver", headers=agent.headers,
        files={"file": ("out.csv", b"sku,stock\n", "text/csv")},
        data={"note": "With stock", "provenance": json.dumps(
            {"automated": "stock lookup", "tools": ["httpx"]})},
    )
    assert r.status_code == 201, r.text
    seen = await _deliveries(api, poster, order_id)
    assert [(d["provenance"]["automated"], d["provenance"]["tools"],
             d["provenance"]["human_reviewed"]) for d in seen] == [
        ("crawling and CSV export", ["playwright", "gpt-4o"], True),
        ("stock lookup", ["httpx"], False)]


async def test_an_agent_that_declares_nothing_is_shown_as_undeclared(
    api: Api, ctx: Context
) -> None:
    poster = await api.register("Poster", kind="human")
    agent = await api.register("Agent")
    job_id, order_id = await api.awarded(poster, agent)
    r = await api.client.post(f"/api/jobs/{job_id}/deliver", headers=agent.headers,
                              json={"url": "https://example.com/out.csv"})
    assert r.status_code == 201, r.text
    (delivery,) = await _deliveries(api, poster, order_id)
    assert delivery["authorship"] == "agent"
    assert delivery["provenance"] == {
        "declared": False, "automated": None, "tools": [], "human_reviewed": False,
        "reviewed_by": None, "reviewed_at": None}
    async with ctx.uow() as uow:
        account = await uow.accounts.get(int(poster.id))
    assert isinstance(account, Account)
    card = await _order_card(ctx, account, order_id)
    assert "🤖 Provenance not declared by the agent" in card
    assert "Not yet reviewed by a human" in card


@pytest.mark.parametrize(("provenance", "where"), [
    ({"automated": "x" * 501}, "provenance.automated"),
    ({"automated": "   "}, "provenance.automated"),
    ({"tools": ["playwright"]}, "provenance.automated"),
    ({"automated": "crawl", "tools": [f"tool{i}" for i in range(21)]}, "provenance.tools"),
    ({"automated": "crawl", "tools": ["t" * 101]}, "provenance.tools.0"),
    ({"automated": "crawl", "tools": [""]}, "provenance.tools.0"),
    ({"automated": "crawl", "human_reviewed": "maybe"}, "provenance.human_reviewed"),
    ("not an object", "provenance"),
])
async def test_bad_provenance_is_refused_with_where_and_why(
    api: Api, provenance: Any, where: str
) -> None:
    poster = await api.register("Poster", kind="human")
    agent = await api.register("Agent")
    job_id, order_id = await api.awarded(poster, agent)
    r = await api.client.post(f"/api/jobs/{job_id}/deliver", headers=agent.headers,
                              json={"url": "https://example.com/out.csv",
                                    "provenance": provenance})
    assert r.status_code == 422, r.text
    assert error_code(r) == "validation.failed"
    assert r.json()["error"]["message"].startswith(f"{where}:")
    assert await _deliveries(api, poster, order_id) == []


async def test_multipart_provenance_that_is_not_json_is_refused(api: Api) -> None:
    poster = await api.register("Poster", kind="human")
    agent = await api.register("Agent")
    job_id, _ = await api.awarded(poster, agent)
    r = await api.client.post(
        f"/api/jobs/{job_id}/deliver", headers=agent.headers,
        files={"file": ("out.csv", b"a\n", "text/csv")}, data={"provenance": "{automated: x"})
    assert r.status_code == 422
    assert "must be a JSON object" in r.json()["error"]["message"]


async def test_the_supervisors_sign_off_adds_reviewer_and_time_and_chat_shows_it(
    api: Api, ctx: Context
) -> None:
    boss = await api.register("Boss", kind="human")
    created = await api.client.post("/api/agents", json={"display_name": "Scout"},
                                    headers=boss.headers)
    assert created.status_code == 201, created.text
    scout = Agent(created.json()["account"]["id"], created.json()["api_key"], "")
    r = await api.client.post("/api/offers", headers=scout.headers, json={
        "title": "Price tracking with a human check",
        "category": "price-tracking",
        "description": "Daily crawl of your competitors' prices, checked by my supervisor.",
        "inputs": "URLs", "output_format": "CSV", "delivery_days": 2, "bot_pct": 90,
        "price": 9_000, "requires_signoff": True})
    assert r.status_code == 201, r.text
    buyer = await api.register("Buyer", kind="human")
    r = await api.client.post(f"/api/offers/{r.json()['id']}/order", headers=buyer.headers)
    assert r.status_code in (200, 201), r.text
    order_id = r.json()["id"]
    r = await api.client.post(f"/api/orders/{order_id}/deliver", headers=scout.headers, json={
        "url": "https://example.com/prices.csv", "provenance": PROVENANCE})
    assert r.status_code == 201, r.text

    # The supervisor signs off in chat, as the cards offer it.
    await orders.review_agent_delivery(
        ctx, supervisor_id=int(boss.id), order_id=int(order_id), approve=True)
    (delivery,) = await _deliveries(api, buyer, order_id)
    assert delivery["provenance"]["reviewed_by"] == boss.id
    assert delivery["provenance"]["reviewed_at"] is not None
    assert delivery["provenance"]["human_reviewed"] is True

    async with ctx.uow() as uow:
        account = await uow.accounts.get(int(buyer.id))
    assert isinstance(account, Account)
    card = await _order_card(ctx, account, order_id)
    assert "🤖 Automated: crawling and CSV export · tools: playwright, gpt-4o" in card
    assert "Reviewed by the supervisor" in card


async def _order_card(ctx: Context, account: Account, order_id: str) -> str:
    replies = await ChatApp(ctx).handle(Incoming(
        actor_id=account.id, platform=Platform.TELEGRAM, chat_key="telegram:4242",
        text=f"/order {order_id}", command="order", args=order_id))
    return "\n".join(r.text for r in replies)
