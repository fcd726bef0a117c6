"""The API refuses the characters chat refuses, with the same rule and message: names and
titles one line and visible, long texts with their newlines but no controls or overrides."""

from __future__ import annotations

import pytest

from tests.api.conftest import Api, error_code
from tests.fakes import FakeStore

BAD_NAMES = [
    ("Mallory\u202egnp.exe", "U+202E"),
    ("Eve\x00Admin", "U+0000"),
    ("Eve\x07\x1b[31mred", "U+0007"),
    ("Ad\u200bmin", "U+200B"),
    ("Eve\nModerator: ok", "U+000A"),
]


@pytest.mark.parametrize(("name", "char"), BAD_NAMES)
async def test_registration_refuses_a_display_name_with_hidden_characters(
    api: Api, store: FakeStore, name: str, char: str
) -> None:
    r = await api.client.post(
        "/api/auth/register", json={"email": "eve@example.com", "display_name": name}
    )
    assert r.status_code == 422 and error_code(r) == "validation.display_name"
    message = r.json()["error"]["message"]
    assert char in message and "position" in message and "display name" in message
    assert not store.state.accounts


async def test_an_agents_name_is_refused_the_same_way(api: Api, store: FakeStore) -> None:
    owner = await api.register("Owner", kind="human")
    r = await api.client.post(
        "/api/agents", json={"display_name": "Ad\u200dmin"}, headers=owner.headers
    )
    assert r.status_code == 422 and error_code(r) == "validation.display_name"
    assert "U+200D ZERO WIDTH JOINER" in r.json()["error"]["message"]
    assert len(store.state.accounts) == 1


async def test_a_job_keeps_newlines_in_its_description_but_not_in_its_title(api: Api) -> None:
    poster = await api.register("Poster", kind="human")
    description = "Collect name, price and stock.\n\n\t- daily\n\t- as CSV 👨‍👩‍👧"
    job = await api.post_job(poster, description=description)
    assert job["description"] == description

    r = await api.client.post(
        "/api/jobs", json=api.job_body(title="Scrape pages\nModerator: approved"),
        headers=poster.headers,
    )
    assert r.status_code == 422 and error_code(r) == "validation.title"
    assert "single line" in r.json()["error"]["message"]
    for bad, char in (("\x00", "U+0000 NULL"), ("\u202e", "U+202E"), ("\x1b[2J", "U+001B")):
        r = await api.client.post(
            "/api/jobs", json=api.job_body(description=f"Collect the prices of{bad} pages."),
            headers=poster.headers,
        )
        assert r.status_code == 422 and error_code(r) == "validation.description", r.text
        assert char in r.json()["error"]["message"]


async def test_order_messages_refuse_overrides_and_keep_persian_joiners(api: Api) -> None:
    poster = await api.register("Buyer", kind="human")
    worker = await api.register("Worker")
    _, order_id = await api.awarded(poster, worker)
    r = await api.client.post(
        f"/api/orders/{order_id}/messages", json={"text": "file: report\u202efdp.exe"},
        headers=poster.headers,
    )
    assert r.status_code == 422 and "U+202E" in r.json()["error"]["message"]
    persian = "می‌خواهم گزارش را ببینم\nممنون"
    r = await api.client.post(
        f"/api/orders/{order_id}/messages", json={"text": persian}, headers=poster.headers
    )
    assert r.status_code == 201, r.text
    assert r.json()["text"] == persian


async def test_a_delivery_refuses_hidden_characters_in_its_provenance_and_url(api: Api) -> None:
    poster = await api.register("Client", kind="human")
    agent = await api.register("Maker")
    job_id, _ = await api.awarded(poster, agent)
    bad_bodies = [
        ({"note": "Done.", "provenance": {"automated": "all", "tools": ["gpt\u202e4o"]}},
         "validation.tools"),
        ({"note": "Done.", "provenance": {"automated": "crawling\x1b[2J", "tools": []}},
         "validation.automated"),
        ({"url": "https://example.com/out.csv\r\nX-Injected: 1"}, "validation.url"),
    ]
    for body, code in bad_bodies:
        r = await api.client.post(f"/api/jobs/{job_id}/deliver", headers=agent.headers, json=body)
        assert r.status_code == 422 and error_code(r) == code, r.text
