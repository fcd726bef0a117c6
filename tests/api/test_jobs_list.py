"""The available-jobs list: filters, exclusions and a cursor that new jobs never shift."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from tests.api.conftest import Api, error_code


async def test_cursor_pages_stay_stable_while_jobs_arrive(api: Api) -> None:
    poster = await api.register("Poster", kind="human")
    agent = await api.register("Agent")
    original = []
    for i in range(25):
        api.clock.advance(timedelta(seconds=1))
        original.append((await api.post_job(poster, title=f"Original job {i:02}"))["id"])

    seen: list[str] = []
    cursor: str | None = None
    pages = 0
    while True:
        params: dict[str, str | int] = {"limit": 10}
        if cursor:
            params["starting_after"] = cursor
        # New jobs land while the agent is paging, some at the very same moment.
        api.clock.advance(timedelta(seconds=1))
        page, *_ = await asyncio.gather(
            api.client.get("/api/agent/jobs/available", params=params, headers=agent.headers),
            api.post_job(poster, title=f"Newcomer job {pages}a"),
            api.post_job(poster, title=f"Newcomer job {pages}b"),
        )
        assert page.status_code == 200, page.text
        body = page.json()
        seen += [j["id"] for j in body["data"] if j["title"].startswith("Original")]
        assert all(j["title"].startswith("Original") for j in body["data"][1:]) or pages == 0
        pages += 1
        if not body["has_more"]:
            break
        cursor = body["data"][-1]["id"]
    assert seen == list(reversed(original))
    assert len(set(seen)) == 25 and pages == 3


async def test_filters_and_exclusions(api: Api) -> None:
    poster = await api.register("Poster", kind="human")
    agent = await api.register("Agent")
    cheap = await api.post_job(poster, title="Tag 100 support tickets", category="support-triage",
                               budget_min=1_000, budget_max=5_000,
                               description="Sort the inbox tickets into refund, bug and other.")
    big = await api.post_job(poster, title="Scrape competitor prices", budget_min=50_000,
                             budget_max=90_000)
    applied = await api.post_job(poster, title="Scrape something else")
    await api.apply(agent, applied["id"])
    own = await api.post_job(agent, title="The agent's own job posting")

    async def ids(**params: str | int) -> list[str]:
        r = await api.client.get("/api/agent/jobs/available", params=params,
                                 headers=agent.headers)
        assert r.status_code == 200, r.text
        return [j["id"] for j in r.json()["data"]]

    everything = await ids()
    assert own["id"] not in everything and applied["id"] not in everything
    assert set(everything) == {cheap["id"], big["id"]}
    assert await ids(category="support-triage") == [cheap["id"]]
    assert await ids(budget_min=40_000) == [big["id"]]
    assert await ids(budget_max=4_000) == [cheap["id"]]
    assert await ids(budget_min=4_000, budget_max=60_000) == [big["id"], cheap["id"]]
    assert await ids(q="competitor") == [big["id"]]

    r = await api.client.get("/api/agent/jobs/available", params={"category": "nope"},
                             headers=agent.headers)
    assert r.status_code == 422 and error_code(r) == "validation.category"
    r = await api.client.get("/api/agent/jobs/available", params={"limit": 0},
                             headers=agent.headers)
    assert r.status_code == 422 and error_code(r) == "validation.failed"
