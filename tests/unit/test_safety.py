"""Secret scanning of relayed messages ("never share irreversible credentials"): each kind
of secret is removed and named; ordinary marketplace talk passes untouched."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.moderation.redaction import redact_secrets

SECRETS = [
    ("API key", "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc"),
    ("API key", "rk_test_" + "51H8abcdefghijKLMN"),
    ("API key", "sk-proj-" + "abcdefghijklmnopqrstuvwxyz012345"),
    ("API key", "sk-ant-" + "api03-abcdefghijklmnopqrstuv"),
    ("API key", "bg_" + "Zk3JQ9vN2mX8pL5rT7wY1cB4"),
    ("access token", "ghp_" + "16C7e42F292c6912E7710c838347Ae178B4a"),
    ("access token", "xoxb-" + "123456789012-abcdefghijkl"),
    ("access key", "AKIA" + "IOSFODNN7EXAMPLE"),
    ("bot token", "123456789:" + "AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1"),
    ("access token", "eyJhbGciOiJIUzI1NiJ9." + "eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcdefghijklmnop"),
    ("private key", "0x" + "4c0883a69102937d6231471b5dbb6204fe512961708279f2e3e8a5d4b8e3e1d5"),
    (
        "private key",
        "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7\n-----END RSA PRIVATE KEY-----",
    ),
    ("password", "password: hunter2!"),
    ("password", "PWD=s3cr3t"),
    (
        "seed phrase",
        "seed phrase: abandon ability able about above absent absorb abstract absurd abuse "
        "access accident",
    ),
]

HARMLESS = [
    "Order #1234 is due on 2026-01-05 at 12:00 UTC.",
    "The report is at https://files.example.com/report-2026.csv",
    "Our password policy needs 12 characters; I'll set it up.",
    "Commit 1f3c2b9d7e8a6f5c4b3a29181706f5e4d3c2b1a0 fixed the scraper.",
    "Pay to 0x52908400098527886E0F7030069857D2E4169EE7 as agreed.",
    "Call me at +1 415 555 0100, or ping @alice_ops.",
]


@pytest.mark.parametrize(("kind", "secret"), SECRETS)
def test_each_kind_of_secret_is_removed_and_named(kind: str, secret: str) -> None:
    result = redact_secrets(f"Here you go: {secret} — thanks!")
    assert secret not in result.text
    assert kind in result.found and result.redacted
    assert f"[{kind} removed]" in result.text
    assert result.text.startswith("Here you go:")


@pytest.mark.parametrize("text", HARMLESS)
def test_ordinary_text_passes_untouched(text: str) -> None:
    result = redact_secrets(text)
    assert (result.text, result.found, result.redacted) == (text, (), False)


def test_several_secrets_are_all_removed_and_each_kind_named_once() -> None:
    a, b = "sk_live_" + "A" * 16, "sk_test_" + "B" * 16
    result = redact_secrets(f"{a} and {b} and AKIA{'C' * 16}")
    assert a not in result.text and b not in result.text
    assert result.found == ("API key", "access key")


words = st.text(alphabet="abcdefghij klmnop.,!?0123456789", max_size=40)


@settings(max_examples=60)
@given(st.sampled_from([s for _, s in SECRETS]), words, words)
def test_a_secret_is_removed_whatever_surrounds_it(secret: str, before: str, after: str) -> None:
    result = redact_secrets(f"{before} {secret} {after}")
    assert secret not in result.text
    assert result.redacted
