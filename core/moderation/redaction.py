"""Secret scanning for relayed messages, deliveries and listings: "never share irreversible
credentials".

A match is replaced before the text reaches the other party, and the sender is told. The
patterns favour precision over recall: a redacted sentence costs the sender a retype, a missed
key can cost them an account. The provider formats are detect-secrets' (``secret_rules.py``);
two kinds of credential have no format of their own and are told by the words before them:
AWS secret access keys (40 base64 characters) and 64-hex private keys, which look exactly like
transaction hashes and SHA-256 digests.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from core.credits.bip39 import WORDS as BIP39_WORDS
from core.moderation.secret_rules import (
    AWS_SECRET,
    AWS_SECRET_CONTEXT,
    HEX64,
    HEX_CHECKSUM_LINE,
    HEX_HASH_CONTEXT,
    HEX_KEY_CONTEXT,
    PATTERNS,
)

#: Every kind of secret the scanner names (the chat's ``secret.*`` words).
KINDS: tuple[str, ...] = tuple(
    dict.fromkeys([label for label, _ in PATTERNS] + ["connection string", "access token"])
)

#: How far before a candidate its context words are looked for (same line only).
CONTEXT_CHARS = 40


@dataclass(frozen=True)
class ScanResult:
    text: str
    found: tuple[str, ...]

    @property
    def redacted(self) -> bool:
        return bool(self.found)


#: Credentials inside a URL (``postgres://user:pass@host``): the host stays readable.
_URL_CREDENTIALS = re.compile(
    r"(?i)\b(?P<scheme>[a-z][a-z0-9+.\-]{1,20}://)[^\s:/@]+:[^\s@/]+@"
)
#: ``Authorization: Bearer <token>`` and the like.
_BEARER = re.compile(r"(?i)\b(?P<scheme>bearer)\s+[A-Za-z0-9\-._~+/]{16,}=*")
_WORD = re.compile(r"[A-Za-z]+")
#: What may stand between the words of a seed phrase: spaces, commas, list numbering.
_SEED_GAP = re.compile(r"[\s,;.)(\-0-9]+")
SEED_MIN_WORDS = 12


def _seed_phrases(text: str) -> list[tuple[int, int]]:
    """Spans of 12 or more consecutive BIP-39 words (a wallet's 12/24-word seed phrase),
    possibly numbered or comma-separated. Ordinary prose never gets there: "the", "a", "to",
    "is" and most small words are not in the list."""
    spans: list[tuple[int, int]] = []
    run: list[re.Match[str]] = []

    def close() -> None:
        if len(run) >= SEED_MIN_WORDS:
            spans.append((run[0].start(), run[-1].end()))
        run.clear()

    for match in _WORD.finditer(text):
        if match.group(0).lower() not in BIP39_WORDS:
            close()
            continue
        if run and not _SEED_GAP.fullmatch(text, run[-1].end(), match.start()):
            close()
        run.append(match)
    close()
    return spans


def _before(text: str, start: int) -> str:
    """The words shortly before ``start`` on its line."""
    line_start = text.rfind("\n", 0, start) + 1
    return text[max(line_start, start - CONTEXT_CHARS):start]


def _last(pattern: re.Pattern[str], text: str) -> int:
    """Where the last match of ``pattern`` in ``text`` ends (-1: none)."""
    end = -1
    for match in pattern.finditer(text):
        end = match.end()
    return end


def _hex_is_key(text: str, match: re.Match[str]) -> bool:
    """A 64-hex string is a key unless the words before it say it is a hash (the nearest
    word wins: "tx hash of the key import: <hex>" is a hash, "hash ... private key: <hex>"
    a key), it is a path segment of an explorer URL, or it starts a ``sha256sum`` line. A
    bare one is treated as a key: missing a key costs more than a retyped checksum."""
    before = _before(text, match.start())
    if before.endswith("/") and HEX_HASH_CONTEXT.search(before[-14:]):
        return False
    at_line_start = not before.strip() and not match.group(0).startswith("0x")
    if at_line_start and HEX_CHECKSUM_LINE.match(text, match.end()):
        return False
    key_at, hash_at = _last(HEX_KEY_CONTEXT, before), _last(HEX_HASH_CONTEXT, before)
    return hash_at < 0 or key_at > hash_at


def _aws_secret(text: str, match: re.Match[str], access_key_nearby: bool) -> bool:
    """A 40-character base64 string is an AWS secret access key after a word such as
    "secret", "aws" or "key", or anywhere in a text that also carries an access key id;
    a bare 40-hex string is a SHA-1 (a git commit), not a key."""
    value = match.group(0)
    if all(c in "0123456789abcdefABCDEF" for c in value):
        return False
    mixed = any(c.isupper() for c in value) and any(c.islower() for c in value)
    if not mixed or not any(c.isdigit() or c in "/+" for c in value):
        return False
    return access_key_nearby or AWS_SECRET_CONTEXT.search(_before(text, match.start())) is not None


def _contextual(
    pattern: re.Pattern[str], text: str, found: list[str], label: str,
    is_secret: Callable[[re.Match[str]], bool],
) -> str:
    def _replace(match: re.Match[str]) -> str:
        if not is_secret(match):
            return match.group(0)
        found.append(label)
        return f"[{label} removed]"

    return pattern.sub(_replace, text)


def _sub(
    pattern: re.Pattern[str], text: str, found: list[str], label: str,
    replacement: Callable[[re.Match[str]], str],
) -> str:
    def _replace(match: re.Match[str]) -> str:
        found.append(label)
        return replacement(match)

    return pattern.sub(_replace, text)


def _constant(value: str) -> Callable[[re.Match[str]], str]:
    return lambda _match: value


def redact_secrets(text: str) -> ScanResult:
    """``text`` with every secret replaced by ``[<kind> removed]``, and the kinds found
    (each once, in the order of the patterns)."""
    found: list[str] = []
    for label, pattern in PATTERNS:
        text = _sub(pattern, text, found, label, _constant(f"[{label} removed]"))
    # The contextual rules read the words around a candidate in the text as it was before
    # their own pass (a replaced neighbour must not change what the next one means).
    access_key_nearby = "access key" in found
    scanned = text
    text = _contextual(
        AWS_SECRET, text, found, "access key", lambda m: _aws_secret(scanned, m, access_key_nearby)
    )
    hex_scanned = text
    text = _contextual(
        HEX64, text, found, "private key", lambda m: _hex_is_key(hex_scanned, m)
    )
    text = _sub(
        _URL_CREDENTIALS, text, found, "connection string",
        lambda m: f"{m.group('scheme')}[credentials removed]@",
    )
    text = _sub(
        _BEARER, text, found, "access token",
        lambda m: f"{m.group('scheme')} [access token removed]",
    )
    for start, end in reversed(_seed_phrases(text)):
        found.append("seed phrase")
        text = f"{text[:start]}[seed phrase removed]{text[end:]}"
    return ScanResult(text=text, found=tuple(dict.fromkeys(found)))


#: Ways to take a deal off the platform: contact details and outside payment.
_CONTACT_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("email address", re.compile(r"\b[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)*\.[a-z]{2,}\b", re.I)),
    ("phone number", re.compile(r"(?<![\w+])\+?\d[\d \-().]{7,}\d\b")),
    (
        "messenger contact",
        re.compile(
            r"(?i)\b(?:t\.me/|wa\.me/|telegram\.me/|discord\.gg/|signal\.me/)\S+"
            r"|\b(?:whatsapp|signal|skype|wechat)\b"
        ),
    ),
    (
        "payment outside BotGig",
        re.compile(
            r"(?i)\b(?:paypal|venmo|cash\s?app|zelle|western\s+union|wise\.com|revolut"
            r"|iban|swift\s+code|bank\s+transfer|wire\s+transfer|pay\s+(?:me\s+)?directly"
            r"|outside\s+(?:of\s+)?(?:the\s+)?(?:platform|botgig))\b"
        ),
    ),
)


def find_contact_details(text: str) -> tuple[str, ...]:
    """The kinds of contact details or off-platform payment talk in ``text`` (for the
    optional moderator flag; nothing is removed)."""
    found: list[str] = []
    for label, pattern in _CONTACT_PATTERNS:
        for match in pattern.finditer(text):
            digits = sum(c.isdigit() for c in match.group(0))
            # A phone number has 9 to 15 digits; dates, amounts and ids have fewer or no +.
            if label != "phone number" or 9 <= digits <= 15:
                found.append(label)
                break
    return tuple(found)
