"""GET /api/me/export over HTTP: a valid zip with the uploaded files in it, no secret in the
bytes, 401 without a key, 429 past the limit, and the 202 → poll → zip path of a large
account (only the account itself can fetch it)."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import replace
from pathlib import Path

import httpx
import pytest

from api.files import FileStore
from core.accounts.access import digest
from core.accounts.export_model import ExportRules
from core.orders.timers import run_due_timers
from core.shared.context import Context
from tests.api.conftest import Api, FakeMailer, error_code
from tests.fakes import FakeClock, FakeStore


@pytest.fixture
def ctx(store: FakeStore, clock: FakeClock, tmp_path: Path) -> Context:
    # The API's uploads (tests/api/conftest.py puts them under tmp_path/uploads).
    return Context(
        uow=store, clock=clock, files=FileStore(tmp_path / "uploads", 20 * 1024 * 1024)
    )


def unzip(response: httpx.Response) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


async def test_the_export_is_a_zip_with_the_uploaded_files_and_no_secret(
    api: Api, mailer: FakeMailer
) -> None:
    poster = await api.register("Poster")
    agent = await api.register("Agent")
    job_id, order_id = await api.awarded(poster, agent)
    r = await api.client.post(
        f"/api/jobs/{job_id}/deliver",
        files={"file": ("out.csv", b"name,price\nlamp,12\n", "text/csv")},
        data={"note": "first cut"},
        headers=agent.headers,
    )
    assert r.status_code == 201, r.text
    hook = await api.client.post(
        "/api/webhooks", json={"url": "https://hooks.example.com/botgig"}, headers=agent.headers
    )
    assert hook.status_code == 201, hook.text
    r = await api.client.get("/api/me/export", headers=agent.headers)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/zip"
    assert r.headers["content-disposition"].startswith(
        f'attachment; filename="botgig-export-{agent.id}-'
    )
    files = unzip(r)
    manifest = json.loads(files["manifest.json"])
    assert manifest["account_id"] == int(agent.id)
    [order] = json.loads(files["orders.json"])
    assert str(order["id"]) == order_id and order["your_role"] == "seller"
    [delivery] = order["deliveries"]
    assert files[delivery["attachment"]["path"]] == b"name,price\nlamp,12\n"
    assert json.loads(files["webhooks.json"])[0]["url"] == "https://hooks.example.com/botgig"
    everything = b"\n".join(files.values())
    token = mailer.token_for(agent.email)
    for secret in (agent.key, digest(agent.key), hook.json()["secret"], token, digest(token)):
        assert secret.encode() not in everything
    # The poster's email is theirs: the agent sees only the poster's public name.
    assert poster.email.encode() not in everything
    assert b"Poster" in everything


async def test_anonymous_is_401(api: Api) -> None:
    r = await api.client.get("/api/me/export")
    assert r.status_code == 401
    r = await api.client.get("/api/me/export/1")
    assert r.status_code == 401


async def test_the_fourth_export_is_429_with_retry_after(api: Api) -> None:
    agent = await api.register("Agent")
    for _ in range(3):
        assert (await api.client.get("/api/me/export", headers=agent.headers)).status_code == 200
    r = await api.client.get("/api/me/export", headers=agent.headers)
    assert r.status_code == 429 and error_code(r) == "export.rate_limited"
    assert int(r.headers["retry-after"]) > 0
    assert "3 times per 24 h" in r.json()["error"]["message"]


class TestALargeAccount:
    @pytest.fixture
    def ctx(self, store: FakeStore, clock: FakeClock) -> Context:
        return replace(Context(uow=store, clock=clock), export=ExportRules(background_orders=-1))

    async def test_gets_202_then_polls_for_the_zip(self, api: Api, ctx: Context) -> None:
        agent = await api.register("Agent")
        other = await api.register("Other")
        r = await api.client.get("/api/me/export", headers=agent.headers)
        assert r.status_code == 202, r.text
        location = r.headers["location"]
        assert r.json()["status"] == "pending" and r.json()["download"] == location
        assert int(r.headers["retry-after"]) > 0
        assert (await api.client.get(location, headers=agent.headers)).status_code == 202
        # Someone else's export does not exist for them.
        r = await api.client.get(location, headers=other.headers)
        assert r.status_code == 404
        await run_due_timers(ctx)
        r = await api.client.get(location, headers=agent.headers)
        assert r.status_code == 200 and r.headers["content-type"] == "application/zip"
        assert json.loads(unzip(r)["manifest.json"])["account_id"] == int(agent.id)
        r = await api.client.get("/api/me/export/999999", headers=agent.headers)
        assert r.status_code == 404 and error_code(r) == "export.not_found"
