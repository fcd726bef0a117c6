"""The proofing story over HTTP against a real ``botgig run``: a job wants three proofers,
one of them is late and re-assigned by the scheduler, the poster sees the consensus on the
job, each in-time proofer earns the reward once, bad scorecards are refused, and the
webhooks announce it."""

from __future__ import annotations

import asyncio
import json
import os
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.api.conftest import Receiver
from tests.api.test_story_server import Mailbox, mailbox, server

__all__ = ["mailbox", "server"]

WINDOW_SECONDS = 6
REWARD = 5

pytestmark = pytest.mark.server_env(
    BOTGIG_PROOFER_MIN_COMPLETED="0",
    BOTGIG_PROOFER_MIN_RATING="0",
    BOTGIG_PROOFER_MIN_ACCOUNT_AGE="0",
    BOTGIG_PROOFING_WINDOW=f"{WINDOW_SECONDS}s",
    BOTGIG_PROOFER_REWARD_CREDITS=str(REWARD),
    BOTGIG_SCHEDULER_INTERVAL_SECONDS="0.2",
)


async def test_proofing_story(
    server: str, mailbox: tuple[Mailbox, int], receiver: tuple[Receiver, str]
) -> None:
    box, _ = mailbox
    got, hook_url = receiver
    async with httpx.AsyncClient(base_url=server, timeout=10) as http:

        async def call(method: str, path: str, key: str | None, **kw: Any) -> httpx.Response:
            headers = {"Idempotency-Key": os.urandom(8).hex()}
            if key:
                headers["X-API-Key"] = key
            return await http.request(method, path, headers=headers, **kw)

        async def post(path: str, key: str | None = None, **kw: Any) -> Any:
            r = await call("POST", path, key, **kw)
            assert r.status_code in (200, 201), (path, r.text)
            return r.json()

        async def get(path: str, key: str) -> Any:
            r = await call("GET", path, key)
            assert r.status_code == 200, (path, r.text)
            return r.json()

        async def register(name: str, kind: str = "human") -> tuple[str, str]:
            email = f"{name}@example.com"
            made = await post("/api/auth/register", json={
                "email": email, "display_name": name.capitalize(), "kind": kind})
            await post("/api/auth/verify-email", json={"token": box.token_for(email)})
            return made["api_key"], made["account"]["id"]

        pk, _ = await register("poster")
        ak, _ = await register("scraper", "agent")
        proofers = [await register(n) for n in ("ann", "bob", "cid", "dee")]
        for key, _ in proofers:
            opted = await post("/api/me/proofer", key, json={"enabled": True})
            assert opted["enabled"] is True and opted["agreement_pct"] is None
        await post("/api/webhooks", pk, json={"url": hook_url, "events": []})
        start = {k: (await get("/api/me/credits", k))["balance"] for k, _ in proofers}

        deadline = (datetime.now(UTC) + timedelta(days=7)).isoformat()
        job = await post("/api/jobs", pk, json={
            "title": "Extract 300 invoices to JSON",
            "category": "document-processing",
            "description": "Turn 300 PDF invoices into JSON with totals and line items.",
            "budget_min": 10_000, "budget_max": 20_000, "deadline": deadline, "proofers": 3})
        assert job["proofers"] == 3
        application = await post(f"/api/jobs/{job['id']}/apply", ak, json={
            "message": "Parsed with a layout model, every total checked.",
            "proposed_price": 15_000, "timeline_days": 3})
        await post(f"/api/jobs/{job['id']}/accept-application", pk,
                   json={"application_id": application["id"]})
        await post(f"/api/jobs/{job['id']}/deliver", ak,
                   files={"file": ("invoices.json", b'[{"total": 10}]', "application/json")},
                   data={"note": "All 300 invoices"})
        assert (await get(f"/api/jobs/{job['id']}", pk))["order"]["status"] == "proofing"

        async def assignment_of(key: str) -> dict[str, Any] | None:
            found = (await get("/api/proofer/assignments", key))["data"]
            return found[0] if found else None

        mine = [await assignment_of(k) for k, _ in proofers]
        assert [m is not None for m in mine] == [True, True, True, False]
        first = [m for m in mine if m is not None]
        (ann, _), (bob, _), (cid, _), (dee, _) = proofers

        # The assigned proofer sees the requirements and downloads the file; nobody else does.
        detail = await get(f"/api/proofer/assignments/{first[0]['id']}", ann)
        assert detail["requirements"]["title"] == "Extract 300 invoices to JSON"
        url = detail["deliveries"][0]["file"]["download_url"]
        assert (await http.get(url, headers={"X-API-Key": ann})).content == b'[{"total": 10}]'
        assert (await http.get(url, headers={"X-API-Key": dee})).status_code == 403

        card = {"completeness": 5, "accuracy": 4, "methodology": 4, "quality": 5,
                "verdict": "pass", "evidence": "Spot-checked 30 invoices against the PDFs."}
        path = f"/api/proofer/assignments/{first[0]['id']}/scorecard"
        bad = await call("POST", path, ann, json=card | {"accuracy": 6})
        assert bad.status_code == 422, bad.text
        stranger = await call("POST", path, dee, json=card)
        assert stranger.status_code == 403
        assert stranger.json()["error"]["code"] == "proofer.not_assigned"
        await post(path, ann, json=card)
        again = await call("POST", path, ann, json=card)
        assert again.status_code == 409
        assert again.json()["error"]["code"] == "proofer.already_submitted"
        await post(f"/api/proofer/assignments/{first[1]['id']}/scorecard", bob,
                   files={"file": ("notes.txt", b"checked", "text/plain")},
                   data={k: str(v) for k, v in card.items()})

        # cid misses the window: the scheduler gives the slot to dee.
        for _ in range(WINDOW_SECONDS * 10 + 100):
            reassigned = await assignment_of(dee)
            if reassigned is not None:
                break
            await asyncio.sleep(0.1)
        assert reassigned is not None, "the late assignment was not re-assigned"
        late = await call("POST", f"/api/proofer/assignments/{first[2]['id']}/scorecard", cid,
                          json=card)
        assert late.status_code == 409
        assert late.json()["error"]["code"] == "proofer.window_closed"
        await post(f"/api/proofer/assignments/{reassigned['id']}/scorecard", dee,
                   json=card | {"verdict": "fail", "completeness": 2})

        shown = await get(f"/api/jobs/{job['id']}", pk)
        assert shown["order"]["status"] == "delivered"
        proofing = shown["proofing"]
        assert proofing["status"] == "closed" and len(proofing["scorecards"]) == 3
        assert proofing["consensus"]["verdict"] == "pass"
        assert proofing["consensus"]["scores"]["completeness"] == 4.0
        # The job page is public; its proofing is for the order's parties.
        assert (await get(f"/api/jobs/{job['id']}", cid))["proofing"] is None

        earned = {k: (await get("/api/me/credits", k))["balance"] - start[k] for k, _ in proofers}
        assert earned == {ann: REWARD, bob: REWARD, cid: 0, dee: REWARD}

        expected = {"proof.submitted": 3, "proof.consensus": 1}
        for _ in range(100):
            types = [json.loads(b)["type"] for _, b in got.calls]
            if all(types.count(t) >= n for t, n in expected.items()):
                break
            await asyncio.sleep(0.1)
        unique = {h["webhook-id"]: json.loads(b)["type"] for h, b in got.calls}
        proof_events = sorted(t for t in unique.values() if t.startswith("proof."))
        assert proof_events == ["proof.consensus"] + ["proof.submitted"] * 3

        # Each proofer's agreement with the consensus is on their public profile.
        records = {
            name: (await get(f"/api/accounts/{ident}", pk))["proofer"]
            for name, (_, ident) in zip(("ann", "bob", "cid", "dee"), proofers, strict=True)
        }
        assert records["ann"] == {"scorecards": 1, "agreement_pct": 100}
        assert records["dee"] == {"scorecards": 1, "agreement_pct": 0}
        assert records["cid"] == {"scorecards": 0, "agreement_pct": None}
        poster = (await get("/api/me", pk))["id"]
        assert (await get(f"/api/accounts/{poster}", ak))["proofer"] is None
