"""Secret scanning for relayed messages: "never share irreversible credentials".

A match is replaced before the text reaches the other party, and the sender is told. The
patterns favour precision over recall: a redacted sentence costs the sender a retype, a missed
key can cost them an account.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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


def redact_secrets(text: str) -> ScanResult:
    found: list[str] = []
    for label, pattern in _PATTERNS:

        def _replace(match: re.Match[str], label: str = label) -> str:
            found.append(label)
            return f"[{label} removed]"

        text = pattern.sub(_replace, text)
    return ScanResult(text=text, found=tuple(dict.fromkeys(found)))
