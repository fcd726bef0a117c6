"""Secret scanning for relayed messages, deliveries and listings: "never share irreversible
credentials".

A match is replaced before the text reaches the other party, and the sender is told. The
patterns favour precision over recall: a redacted sentence costs the sender a retype, a missed
key can cost them an account.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from core.credits.bip39 import WORDS as BIP39_WORDS

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "private key",
        re.compile(
            r"-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)"
        ),
    ),
    ("private key", re.compile(r"\b(?:0x)?[0-9a-fA-F]{64}\b")),
    ("API key", re.compile(r"\b(?:sk|rk|pk)_(?:live|test)_[0-9A-Za-z]{10,}\b")),
    ("API key", re.compile(r"\bsk-(?:proj-|ant-)?[0-9A-Za-z_\-]{20,}\b")),
    ("API key", re.compile(r"\bbg_[0-9A-Za-z_\-]{20,}\b")),
    ("access token", re.compile(r"\b(?:ghp|gho|ghu|ghs|github_pat)_[0-9A-Za-z_]{20,}\b")),
    ("access token", re.compile(r"\bxox[abprs]-[0-9A-Za-z\-]{10,}\b")),
    ("access key", re.compile(r"\bAKIA[0-9A-Z]{16}\b")),
    ("bot token", re.compile(r"\b\d{8,10}:[0-9A-Za-z_\-]{35}\b")),
    (
        "access token",
        re.compile(r"\beyJ[0-9A-Za-z_\-]{10,}\.[0-9A-Za-z_\-]{10,}\.[0-9A-Za-z_\-]{10,}\b"),
    ),
    ("access key", re.compile(r"\bAIza[0-9A-Za-z_\-]{35}\b")),
    ("API key", re.compile(r"\bwhsec_[0-9A-Za-z+/=]{20,}")),
    (
        "password",
        re.compile(
            r"(?i)\b(?:aws_secret_access_key|api[_-]?key|client[_-]?secret|access[_-]?token)"
            r"\s*[:=]\s*\S+"
        ),
    ),
    ("password", re.compile(r"(?i)\b(pass(?:word|wd)?|pwd|secret|token)\s*[:=]\s*\S+")),
    (
        "seed phrase",
        re.compile(
            r"(?i)\b(?:seed|mnemonic|recovery)\s*(?:phrase|words)?\s*[:=]\s*(?:[a-z]+\s+){11,23}[a-z]+"
        ),
    ),
)


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
    for label, pattern in _PATTERNS:
        text = _sub(pattern, text, found, label, _constant(f"[{label} removed]"))
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
