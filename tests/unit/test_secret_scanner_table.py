"""The secret scanner's table: what a well-kept detector (detect-secrets' plugin formats)
finds, the two credentials only context tells apart (AWS secret access keys, 64-hex private
keys), and the hashes a crypto marketplace's users paste all day, which must pass."""

from __future__ import annotations

import pytest

from core.moderation.redaction import redact_secrets

HEX = "4c0883a69102937d6231471b5dbb6204fe512961708279f2e3e8a5d4b8e3e1d5"
AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/" + "bPxRfiCYEXAMPLEKEY"

#: (text, the secret in it, the kind named)
TRUE_POSITIVES = [
    # The example: no "=" and no quotes, only the word before it.
    (f"secret {AWS_SECRET}", AWS_SECRET, "access key"),
    (f"my AWS secret key is {AWS_SECRET}", AWS_SECRET, "access key"),
    (f"AWS_SECRET_ACCESS_KEY={AWS_SECRET}", AWS_SECRET, "password"),
    (f'aws_key: "{AWS_SECRET}"', AWS_SECRET, "access key"),
    (f"id AKIAIOSFODNN7EXAMPLE\n{AWS_SECRET}", AWS_SECRET, "access key"),
    ("temporary id ASIA" + "Y34FZKBOKMUTVV7A", "ASIAY34FZKBOKMUTVV7A", "access key"),
    (f"private key: {HEX}", HEX, "private key"),
    (f"privkey 0x{HEX}", HEX, "private key"),
    (f"here it is {HEX} thanks", HEX, "private key"),
    # The nearest word decides: a hash mentioned earlier, then the key.
    (f"the tx hash is below; the wallet key: {HEX}", HEX, "private key"),
    ("glpat-" + "xYz12_abcdefghij-KLMNop", "glpat-xYz12_abcdefghij-KLMNop", "access token"),
    (
        "https://hooks.slack.com/services/" + "T0123ABCD/B0456EFGH/abcdEFGHijklMNOPqrst",
        "T0123ABCD/B0456EFGH/abcdEFGHijklMNOPqrst",
        "access token",
    ),
    (
        "SG." + "aBcDeFgHiJkLmNoPqRsTuV" + "." + "a" * 21 + "B" * 22,
        "aBcDeFgHiJkLmNoPqRsTuV",
        "API key",
    ),
    ("twilio " + "SK" + "0123456789abcdef0123456789abcdef", "0123456789abcdef0123456789abcdef",
     "API key"),
    ("mailchimp " + "0123456789abcdef0123456789abcdef" + "-us12", "-us12", "API key"),
    ("pypi-" + "AgEIcHlwaS5vcmc" + "A" * 70, "AgEIcHlwaS5vcmc", "API key"),
    ("//registry.npmjs.org/:_authToken=" + "npm_" + "a1" * 18, "npm_", "API key"),
    (
        "MTA0" + "NTU2Nzg5MDEyMzQ1Njc4OQ" + ".GhIjKl." + "abcdefghijklmnopqrstuvwxyz0",
        "abcdefghijklmnopqrstuvwxyz0",
        "bot token",
    ),
    (
        "PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nPrivate-Lines: 1\n"
        "AAAAIBWqkpFr\nPrivate-MAC: 8a9b",
        "AAAAIBWqkpFr",
        "private key",
    ),
    (
        "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAA\n"
        "-----END OPENSSH PRIVATE KEY-----",
        "b3BlbnNzaC1rZXktdjEAAAA",
        "private key",
    ),
    (
        "-----BEGIN PGP PRIVATE KEY BLOCK-----\nlQOYBF0\n-----END PGP PRIVATE KEY BLOCK-----",
        "lQOYBF0",
        "private key",
    ),
    ("AccountKey=" + "A1b2" * 22, "A1b2" * 22, "access key"),
]

#: Text that carries no credential and must arrive untouched.
FALSE_POSITIVES = [
    f"tx 0x{HEX}",
    f"Deposit sent, txid {HEX}",
    f"transaction hash: 0x{HEX}",
    f"See https://etherscan.io/tx/0x{HEX} for the transfer.",
    f"https://mempool.space/tx/{HEX}",
    f"SHA-256 of the delivery: {HEX}",
    f"sha256sum says {HEX}",
    f"{HEX}  dataset-2026.csv.gz",
    f"image digest sha256:{HEX}",
    f"checksum {HEX}",
    f"keccak256 {HEX}",
    f"block hash {HEX}",
    "Commit 1f3c2b9d7e8a6f5c4b3a29181706f5e4d3c2b1a0 fixed the scraper.",
    "The key point is that the report is at https://example.com/reports/weekly-2026.csv",
    "secret sauce: none, just good prompts",
    "My token of thanks is a five-star review.",
    "Pay to 0x52908400098527886E0F7030069857D2E4169EE7 as agreed.",
    "APACHEKAFKA and AKC are both fine words here.",
    # 40 base64 characters without a word saying they are secret: an id, a filename.
    "file " + "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcd" + ".png",
]


@pytest.mark.parametrize(("text", "secret", "kind"), TRUE_POSITIVES)
def test_credentials_are_removed_and_named(text: str, secret: str, kind: str) -> None:
    result = redact_secrets(text)
    assert secret not in result.text, result.text
    assert kind in result.found


@pytest.mark.parametrize("text", FALSE_POSITIVES)
def test_hashes_and_look_alikes_pass_untouched(text: str) -> None:
    result = redact_secrets(text)
    assert (result.text, result.found) == (text, ())
