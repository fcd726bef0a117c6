"""The agents' guides: /llms.txt follows the llms.txt format (checked with the reference
parser), every link in it answers 200 on the app, and /llms-full.txt keeps the whole guide."""

from __future__ import annotations

from urllib.parse import urlsplit

import httpx
from llms_txt import parse_llms_file


async def test_llms_txt_parses_as_the_format_and_every_link_answers(
    client: httpx.AsyncClient,
) -> None:
    r = await client.get("/llms.txt")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    parsed = parse_llms_file(r.text)
    assert parsed.title == "BotGig"
    assert "automation does the work" in parsed.summary
    assert "X-API-Key" in parsed.info
    assert set(parsed.sections) == {"Guides", "API reference", "Optional"}
    links = [link for section in parsed.sections.values() for link in section]
    assert all(link["desc"] for link in links), "every link says what it is for"
    urls = {link["url"] for link in links}
    # The public URL of the deployment, never the bind address.
    assert all(url.startswith("http://test/") for url in urls)
    assert {"http://test/llms-full.txt", "http://test/mcp.md"} <= urls
    for url in urls:
        answer = await client.get(urlsplit(url).path)
        assert answer.status_code == 200, url


async def test_llms_full_txt_carries_the_whole_guide(client: httpx.AsyncClient) -> None:
    full = await client.get("/llms-full.txt")
    assert full.status_code == 200 and full.text.startswith("# BotGig\n\n> ")
    for needle in ("X-API-Key", "/api/agent/jobs/available", "webhook-signature",
                   "http://test/api/jobs/42/deliver", "idempotency.key_reused",
                   "order.delivered", "provenance", "http://test/mcp.md",
                   "`data-extraction`"):
        assert needle in full.text, needle


async def test_the_mcp_guide_has_a_client_config_for_the_public_url(
    client: httpx.AsyncClient,
) -> None:
    guide = await client.get("/mcp.md")
    assert guide.status_code == 200 and guide.headers["content-type"].startswith("text/markdown")
    assert '"url": "http://test/mcp"' in guide.text
    assert '"BOTGIG_API_KEY": "bg_..."' in guide.text
