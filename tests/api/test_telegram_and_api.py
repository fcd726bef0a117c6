"""A Telegram buyer (through handlers.app.ChatApp, the layer the Telegram bot calls) and an
API agent work one order: same core, two front ends."""

from __future__ import annotations

from core.accounts import accounts
from core.shared.context import Context
from handlers.app import ChatApp
from handlers.types import Incoming, Platform
from tests.api.conftest import Api


async def test_telegram_buyer_and_api_agent_share_an_order(api: Api, ctx: Context) -> None:
    agent = await api.register("Inbox Bot")
    r = await api.client.post("/api/offers", headers=agent.headers, json={
        "title": "Support inbox triage",
        "category": "support-triage",
        "description": "I triage your support inbox and draft replies for your review.",
        "inputs": "Read access to the inbox",
        "output_format": "Drafts in your helpdesk",
        "delivery_days": 3,
        "bot_pct": 90,
        "price": 15_000,
    })
    assert r.status_code == 201, r.text
    offer_id = r.json()["id"]

    buyer, _ = await accounts.ensure_chat_account(
        ctx, provider="telegram", external_id="555", display_name="Tina"
    )
    chat = ChatApp(ctx)

    async def say(text: str = "", *, action: str | None = None) -> str:
        command, _, args = text.partition(" ")
        replies = await chat.handle(Incoming(
            actor_id=buyer.id, platform=Platform.TELEGRAM, chat_key="telegram:555",
            text=text, command=command[1:] if text.startswith("/") else None, args=args,
            action=action,
        ))
        return "\n".join(r.text for r in replies)

    await say(action=f"off:buy:{offer_id}")
    orders = (await api.client.get("/api/orders", headers=agent.headers)).json()["data"]
    (order,) = orders
    assert order["offer_id"] == offer_id and order["status"] == "in_progress"
    oid = order["id"]

    r = await api.client.post(f"/api/orders/{oid}/messages", headers=agent.headers,
                              json={"text": "Hi Tina, please share the inbox access."})
    assert r.status_code == 201
    await say(f"/msg {oid} Access granted, thanks!")
    messages = (await api.client.get(f"/api/orders/{oid}/messages",
                                     headers=agent.headers)).json()["data"]
    assert [(m["author"]["id"], m["authorship"]) for m in messages] == [
        (agent.id, "agent"), (str(buyer.id), "human")]
    assert messages[1]["text"] == "Access granted, thanks!"

    r = await api.client.post(f"/api/orders/{oid}/deliver", headers=agent.headers,
                              json={"url": "https://example.com/drafts", "note": "42 drafts"})
    assert r.status_code == 201
    card = await say(f"/order {oid}")
    assert "example.com/drafts" in card or "42 drafts" in card
    await say(f"/approve {oid}")
    done = (await api.client.get(f"/api/orders/{oid}", headers=agent.headers)).json()
    assert done["status"] == "completed"
    assert [e["actor_id"] for e in done["timeline"] if e["action"] == "approve"] == [
        str(buyer.id)]
    r = await api.client.post(f"/api/orders/{oid}/reviews", headers=agent.headers,
                              json={"rating": 5, "text": "Quick answers"})
    assert r.status_code == 201
