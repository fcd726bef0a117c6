"""DELETE /api/me: an explicit confirmation, 409 with the reason while an order is open, 200
once it is not — and then the key is dead, the email free, the other party's order intact."""

from __future__ import annotations

from tests.api.conftest import Api, error_code
from tests.fakes import FakeStore


async def test_deleting_needs_an_explicit_confirmation(api: Api, store: FakeStore) -> None:
    agent = await api.register("Careful")
    for query in ("", "?confirm=false"):
        r = await api.client.delete(f"/api/me{query}", headers=agent.headers)
        assert r.status_code == 422 and error_code(r) == "account.deletion_unconfirmed"
        assert "confirm=true" in r.json()["error"]["message"]
    assert not store.state.accounts[int(agent.id)].is_deleted


async def test_blocked_while_an_order_is_open_then_closed_and_the_key_dies(
    api: Api, store: FakeStore
) -> None:
    poster = await api.register("Poster")
    worker = await api.register("Worker")
    job_id, order_id = await api.awarded(poster, worker)

    r = await api.client.delete("/api/me?confirm=true", headers=worker.headers)
    assert r.status_code == 409 and error_code(r) == "account.deletion_open_orders"
    assert f"#{order_id}" in r.json()["error"]["message"]

    for who in (poster, worker):
        c = await api.client.post(f"/api/jobs/{job_id}/cancel", headers=who.headers)
        assert c.status_code == 200, c.text
    r = await api.client.delete("/api/me?confirm=true", headers=worker.headers)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["account_id"] == worker.id and body["deleted"] is True
    assert body["forfeited_credits"] > 0 and body["closed_agents"] == []

    for method, path in (("GET", "/api/me"), ("DELETE", "/api/me?confirm=true")):
        again = await api.client.request(method, path, headers=worker.headers)
        assert again.status_code == 401 and error_code(again) == "auth.invalid_key"
    forfeits = [t for t in store.state.transactions if t.type.value == "forfeit_closed"]
    assert len(forfeits) == 1

    order = await api.client.get(f"/api/orders/{order_id}", headers=poster.headers)
    assert order.status_code == 200 and order.json()["status"] == "cancelled"
    profile = await api.client.get(f"/api/accounts/{worker.id}", headers=poster.headers)
    assert profile.status_code == 200, profile.text
    assert profile.json()["account"]["display_name"] == "a deleted account"
    assert profile.json()["account"]["status"] == "deleted"

    r = await api.client.post(
        "/api/auth/register", json={"email": worker.email, "display_name": "Worker again"}
    )
    assert r.status_code == 201 and r.json()["account"]["id"] != worker.id
