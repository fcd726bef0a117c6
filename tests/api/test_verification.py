"""Email verification: a token works once and only before it expires; the emailed link opens
a page whose button POSTs the token, so the token is in no URL a server or proxy logs."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncIterator, Callable
from datetime import timedelta

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from tests.api.conftest import Api, FakeMailer, error_code
from tests.fakes import FakeClock, FakeStore
from tests.net import free_port

LINK_RE = re.compile(r"(http://\S+/verify-email\S*)")


def link_in(mailer: FakeMailer, email: str) -> str:
    for message in reversed(mailer.sent):
        if message["to"] == email:
            found = LINK_RE.search(message["body"])
            assert found, message["body"]
            return found.group(1)
    raise AssertionError(f"no mail to {email}")


async def test_a_token_works_once(api: Api) -> None:
    agent = await api.register("Once", verify=False)
    token = api.mailer.token_for(agent.email)
    first = await api.client.post("/api/auth/verify-email", json={"token": token})
    assert first.status_code == 200 and first.json()["email_verified"] is True
    again = await api.client.post("/api/auth/verify-email", json={"token": token})
    assert again.status_code == 409 and error_code(again) == "email.token_used"
    assert "once" in again.json()["error"]["message"]


async def test_expiry_is_checked_before_anything_else(api: Api, clock: FakeClock) -> None:
    agent = await api.register("Expired", verify=False)
    token = api.mailer.token_for(agent.email)
    assert (await api.client.post("/api/auth/verify-email", json={"token": token})).is_success
    clock.advance(timedelta(days=3))
    # Used, and the account verified: an expired token still answers "expired".
    r = await api.client.post("/api/auth/verify-email", json={"token": token})
    assert r.status_code == 422 and error_code(r) == "email.token_invalid"


async def test_a_spare_token_is_spent_once_the_email_is_verified(api: Api) -> None:
    agent = await api.register("Spare", verify=False)
    first = api.mailer.token_for(agent.email)
    r = await api.client.post("/api/auth/resend-verification", headers=agent.headers)
    assert r.status_code == 200
    second = api.mailer.token_for(agent.email)
    assert first != second
    assert (await api.client.post("/api/auth/verify-email", json={"token": second})).is_success
    r = await api.client.post("/api/auth/verify-email", json={"token": first})
    assert r.status_code == 200
    r = await api.client.post("/api/auth/verify-email", json={"token": first})
    assert r.status_code == 409 and error_code(r) == "email.token_used"


async def test_the_link_opens_a_page_whose_button_posts_the_token(
    api: Api, store: FakeStore
) -> None:
    agent = await api.register("Pager", verify=False)
    token = api.mailer.token_for(agent.email)
    link = link_in(api.mailer, agent.email)
    url, _, fragment = link.partition("#")
    assert "?" not in link and token not in url and fragment == f"token={token}"

    opened = await api.client.get(url)
    assert opened.status_code == 200 and opened.headers["content-type"].startswith("text/html")
    csp = opened.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "default-src 'none'" in csp
    assert "unsafe-inline" not in csp and "form-action 'self'" in csp
    assert opened.headers["referrer-policy"] == "no-referrer"
    # No inline script: every script tag loads a file of this origin.
    assert re.findall(r"<script[^>]*>", opened.text) == ['<script src="verify-email.js">']
    assert "</script>" in opened.text and not re.search(r"<script[^>]*>[^<]+</script>", opened.text)
    assert '<form method="post">' in opened.text and 'name="token"' in opened.text
    assert not next(a for a in store.state.accounts.values() if a.email == agent.email
                    ).email_verified

    script = await api.client.get(url.rsplit("/", 1)[0] + "/verify-email.js")
    assert script.status_code == 200 and "location.hash" in script.text
    assert "replaceState" in script.text

    pressed = await api.client.post(url, data={"token": token})
    assert pressed.status_code == 200 and f"{agent.email} is verified" in pressed.text
    assert pressed.headers["content-security-policy"] == csp
    r = await api.client.post("/api/jobs", json=api.job_body(), headers=agent.headers)
    assert r.status_code == 201

    again = await api.client.post(url, data={"token": token})
    assert again.status_code == 409 and "used already" in again.text


async def test_the_page_escapes_what_it_shows_and_refuses_a_bad_token(api: Api) -> None:
    r = await api.client.post("/verify-email", data={"token": "<script>alert(1)</script>"})
    assert r.status_code == 422 and "<script>alert" not in r.text
    assert "unknown or expired" in r.text


async def test_an_old_get_link_is_sent_to_the_page_without_using_its_token(api: Api) -> None:
    agent = await api.register("Old", verify=False)
    token = api.mailer.token_for(agent.email)
    r = await api.client.get("/api/auth/verify-email", params={"token": token})
    assert r.status_code == 303 and r.headers["location"] == "/verify-email"
    # The token was not spent: it still verifies through the page.
    r = await api.client.post("/verify-email", data={"token": token})
    assert r.status_code == 200


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.name} {record.getMessage()}")


@pytest.fixture
async def served(make_app: Callable[..., FastAPI]) -> AsyncIterator[tuple[str, _Lines]]:
    """The API on a real uvicorn with its access log on (what a proxy's log would show too:
    the request line with its query string), every logger captured at DEBUG."""
    lines = _Lines()
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(lines)
    root.setLevel(logging.DEBUG)
    # botgig's logging setup (run by other tests in this process) turns the access log off.
    access = logging.getLogger("uvicorn.access")
    old_access = (access.disabled, access.propagate, access.level)
    access.disabled, access.propagate = False, True
    access.setLevel(logging.NOTSET)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(
        make_app(), host="127.0.0.1", port=port, access_log=True, log_config=None,
        log_level="debug", lifespan="off",
    ))
    task = asyncio.ensure_future(server.serve())
    for _ in range(200):
        if server.started:
            break
        await asyncio.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}", lines
    finally:
        server.should_exit = True
        await task
        root.removeHandler(lines)
        root.setLevel(old_level)
        access.disabled, access.propagate = old_access[:2]
        access.setLevel(old_access[2])


async def test_no_access_log_line_of_the_flow_shows_the_token(
    served: tuple[str, _Lines], mailer: FakeMailer
) -> None:
    base, lines = served
    email = "logged@example.com"
    async with httpx.AsyncClient(base_url=base) as client:
        r = await client.post(
            "/api/auth/register", json={"email": email, "display_name": "Logged"}
        )
        assert r.status_code == 201
        token = mailer.token_for(email)
        # A browser opening the link sends the URL without its fragment.
        url = link_in(mailer, email).replace("http://test", base).partition("#")[0]
        assert (await client.get(url)).status_code == 200
        assert (await client.get(f"{base}/verify-email.js")).status_code == 200
        pressed = await client.post(url, data={"token": token})
        assert pressed.status_code == 200 and "is verified" in pressed.text
    access = [line for line in lines.lines if line.startswith("uvicorn.access")]
    assert any("POST /verify-email" in line for line in access), lines.lines
    assert any("GET /verify-email " in line for line in access), access
    assert not [line for line in lines.lines if token in line]
