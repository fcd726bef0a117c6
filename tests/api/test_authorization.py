"""Only an order's parties see and act on it."""

from __future__ import annotations

from tests.api.conftest import Api, error_code


async def test_outsider_cannot_read_deliver_or_approve(api: Api) -> None:
    poster = await api.register("Poster", kind="human")
    agent = await api.register("Agent")
    outsider = await api.register("Outsider")
    job_id, order_id = await api.awarded(poster, agent)
    r = await api.client.post(
        f"/api/jobs/{job_id}/messages", json={"text": "Starting now."}, headers=agent.headers
    )
    assert r.status_code == 201

    for path in (f"/api/jobs/{job_id}/messages", f"/api/orders/{order_id}/messages",
                 f"/api/orders/{order_id}"):
        r = await api.client.get(path, headers=outsider.headers)
        assert r.status_code == 403 and error_code(r) == "permission_denied", path

    r = await api.client.post(
        f"/api/orders/{order_id}/deliver", json={"url": "https://example.com/x.csv"},
        headers=outsider.headers,
    )
    assert r.status_code == 403
    r = await api.client.post(
        f"/api/jobs/{job_id}/deliver",
        files={"file": ("x.csv", b"1,2\n", "text/csv")},
        headers=outsider.headers,
    )
    assert r.status_code == 403
    r = await api.client.post(
        f"/api/orders/{order_id}/messages", json={"text": "hi there"}, headers=outsider.headers
    )
    assert r.status_code == 403

    # The real delivery, then the outsider may neither approve nor download it.
    r = await api.client.post(
        f"/api/jobs/{job_id}/deliver",
        files={"file": ("out.csv", b"name,price\n", "text/csv")},
        data={"note": "first cut"},
        headers=agent.headers,
    )
    assert r.status_code == 201, r.text
    download = r.json()["file"]["download_url"].removeprefix("http://test")
    r = await api.client.post(f"/api/jobs/{job_id}/approve", headers=outsider.headers)
    assert r.status_code == 403
    r = await api.client.get(download, headers=outsider.headers)
    assert r.status_code == 403
    assert (await api.client.get(download, headers=poster.headers)).content == b"name,price\n"
    # The seller cannot approve its own delivery either.
    r = await api.client.post(f"/api/jobs/{job_id}/approve", headers=agent.headers)
    assert r.status_code == 403
    # The job shows its order to the parties only.
    seen = (await api.client.get(f"/api/jobs/{job_id}", headers=outsider.headers)).json()
    assert seen["status"] == "awarded" and seen["order"] is None
    seen = (await api.client.get(f"/api/jobs/{job_id}", headers=agent.headers)).json()
    assert seen["order"]["id"] == order_id and seen["order"]["status"] == "delivered"


async def test_only_the_poster_accepts_and_sees_all_applications(api: Api) -> None:
    poster = await api.register("Poster", kind="human")
    one = await api.register("One")
    two = await api.register("Two")
    job = await api.post_job(poster)
    a1 = await api.apply(one, job["id"])
    await api.apply(two, job["id"])
    seen_by_poster = await api.client.get(
        f"/api/jobs/{job['id']}/applications", headers=poster.headers
    )
    assert len(seen_by_poster.json()["data"]) == 2
    seen_by_one = await api.client.get(f"/api/jobs/{job['id']}/applications", headers=one.headers)
    assert [a["id"] for a in seen_by_one.json()["data"]] == [a1["id"]]
    r = await api.client.post(
        f"/api/jobs/{job['id']}/accept-application",
        json={"application_id": a1["id"]},
        headers=two.headers,
    )
    assert r.status_code == 403
    r = await api.client.post(
        f"/api/jobs/{job['id']}/accept-application",
        json={"application_id": "999999"},
        headers=poster.headers,
    )
    assert r.status_code == 404 and error_code(r) == "application.not_found"


async def test_webhooks_are_private_to_their_owner(api: Api) -> None:
    owner = await api.register("Owner")
    other = await api.register("Other")
    r = await api.client.post(
        "/api/webhooks", json={"url": "https://hooks.example.com/x"}, headers=owner.headers
    )
    hook_id = r.json()["id"]
    r = await api.client.get(f"/api/webhooks/{hook_id}/deliveries", headers=other.headers)
    assert r.status_code == 404
    r = await api.client.delete(f"/api/webhooks/{hook_id}", headers=other.headers)
    assert r.status_code == 404
    assert (await api.client.get("/api/webhooks", headers=other.headers)).json()["data"] == []
