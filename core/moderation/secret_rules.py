"""The secret scanner's rules: which strings are credentials.

The provider formats follow Yelp's detect-secrets (Apache-2.0, https://github.com/Yelp/
detect-secrets, ``detect_secrets/plugins/*.py``): its published regular expressions are
re-stated here, each marked with the plugin it comes from, because the package itself
(a scanner for repositories, with its own file walkers and plugins loader) has no place in
core. Where BotGig's rule is wider than the plugin's (payment test keys, newer OpenAI
formats, BotGig's own keys) the wider one is kept; the rules that need context (AWS secret
access keys, 64-hex keys) are ours, and live in ``redaction.py``.
"""

from __future__ import annotations

import re

#: A base64-ish credential must not continue into neighbouring characters of its alphabet.
_B64_EDGE_BEFORE = r"(?<![A-Za-z0-9/+=])"
_B64_EDGE_AFTER = r"(?![A-Za-z0-9/+=])"

#: (label, pattern): a match is replaced by ``[<label> removed]``. Labels are the kinds the
#: chat names (the ``secret.*`` catalog keys).
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # detect-secrets PrivateKeyDetector (PEM blocks of DSA, EC, OPENSSH, PGP, RSA, SSH2
    # ENCRYPTED and plain PKCS#8 keys), up to the END line or the end of the text.
    (
        "private key",
        re.compile(
            r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?"
            r"(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|$)"
        ),
    ),
    # detect-secrets PrivateKeyDetector: PuTTY key files (v2 and v3), through the MAC line.
    (
        "private key",
        re.compile(r"PuTTY-User-Key-File-[23]:[\s\S]*?(?:Private-MAC:\s*[0-9a-fA-F]+|$)"),
    ),
    # detect-secrets' payment-processor plugin: ``(?:r|s)k_live_[0-9a-zA-Z]{24}``; test keys and
    # publishable keys too here (a test key still opens someone's dashboard data).
    ("API key", re.compile(r"\b(?:sk|rk|pk)_(?:live|test)_[0-9A-Za-z]{10,}\b")),
    ("API key", re.compile(r"\bwhsec_[0-9A-Za-z+/=]{20,}")),
    # detect-secrets OpenAIDetector is ``sk-...T3BlbkFJ...``; project and Anthropic keys
    # (``sk-proj-``, ``sk-ant-``) do not carry that marker.
    ("API key", re.compile(r"\bsk-(?:proj-|ant-)?[0-9A-Za-z_\-]{20,}\b")),
    ("API key", re.compile(r"\bbg_[0-9A-Za-z_\-]{20,}\b")),
    # detect-secrets SendGridDetector.
    ("API key", re.compile(r"\bSG\.[a-zA-Z0-9_\-]{22}\.[a-zA-Z0-9_\-]{43}\b")),
    # detect-secrets TwilioKeyDetector (account SID and API key SID).
    ("API key", re.compile(r"\b(?:AC|SK)[a-z0-9]{32}\b")),
    # detect-secrets MailchimpDetector.
    ("API key", re.compile(r"\b[0-9a-z]{32}-us[0-9]{1,2}\b")),
    # detect-secrets PypiTokenDetector (pypi.org and test.pypi.org macaroons).
    (
        "API key",
        re.compile(r"\bpypi-(?:AgEIcHlwaS5vcmc|AgENdGVzdC5weXBpLm9yZw)[A-Za-z0-9_\-]{70,}"),
    ),
    # detect-secrets NpmDetector (an ``.npmrc`` auth line) and npm's own token format.
    ("API key", re.compile(r"//\S+/:_authToken=\s*\S+")),
    ("API key", re.compile(r"\bnpm_[A-Za-z0-9]{36}\b")),
    # detect-secrets ArtifactoryDetector (its ``AP[0-9A-F]...`` form left out: it matches
    # ordinary capitalised words such as APACHEKAFKA).
    ("API key", re.compile(r"(?<![\w/])AKC[a-zA-Z0-9]{10,}\b")),
    # detect-secrets AzureStorageKeyDetector.
    ("access key", re.compile(r"AccountKey=[a-zA-Z0-9+/=]{88}")),
    # detect-secrets GitHubTokenDetector (and fine-grained ``github_pat_`` tokens).
    (
        "access token",
        re.compile(r"\b(?:ghp|gho|ghu|ghs|ghr|github_pat)_[0-9A-Za-z_]{20,}\b"),
    ),
    # detect-secrets GitLabTokenDetector.
    (
        "access token",
        re.compile(
            r"\b(?:glpat|gloas|gldt|glrt|glcbt|glptt|glft|glimt|glagent|glsoat)-"
            r"[A-Za-z0-9_\-]{20,50}(?!\w)"
        ),
    ),
    # detect-secrets SlackDetector: tokens and incoming-webhook URLs.
    ("access token", re.compile(r"(?i)\bxox[abposr]-(?:\d+-)+[a-z0-9]+")),
    ("access token", re.compile(r"\bxox[abprs]-[0-9A-Za-z\-]{10,}\b")),
    (
        "access token",
        re.compile(
            r"(?i)https://hooks\.slack\.com/services/T[a-zA-Z0-9_]+/B[a-zA-Z0-9_]+/[a-zA-Z0-9_]+"
        ),
    ),
    # detect-secrets SquareOAuthDetector.
    ("access token", re.compile(r"\bsq0csp-[0-9A-Za-z\\\-_]{43}")),
    # detect-secrets AWSKeyDetector, its first rule: access key ids.
    ("access key", re.compile(r"\b(?:A3T[A-Z0-9]|ABIA|ACCA|AKIA|ASIA)[0-9A-Z]{16}\b")),
    # detect-secrets TelegramBotTokenDetector.
    ("bot token", re.compile(r"\b\d{8,10}:[0-9A-Za-z_\-]{35}\b")),
    # detect-secrets DiscordBotTokenDetector.
    (
        "bot token",
        re.compile(r"\b[MNO][a-zA-Z\d_\-]{23,25}\.[a-zA-Z\d_\-]{6}\.[a-zA-Z\d_\-]{27}\b"),
    ),
    # detect-secrets JwtTokenDetector (three base64url parts, the first a JSON header).
    (
        "access token",
        re.compile(r"\beyJ[0-9A-Za-z_\-]{10,}\.[0-9A-Za-z_\-]{10,}\.[0-9A-Za-z_\-]{10,}\b"),
    ),
    # Google API keys (detect-secrets GcpKeyDetector looks for service-account files;
    # the ``AIza`` browser/API key is the form pasted into chats).
    ("access key", re.compile(r"\bAIza[0-9A-Za-z_\-]{35}\b")),
    # detect-secrets KeywordDetector, reduced to the assignment forms people type in chat.
    (
        "password",
        re.compile(
            r"(?i)\b(?:aws_secret_access_key|api[_-]?key|client[_-]?secret|access[_-]?token)"
            r"\s*[:=]\s*\S+"
        ),
    ),
    ("password", re.compile(r"(?i)\b(pass(?:word|wd)?|pwd|secret|token)\s*[:=]\s*\S+")),
    # detect-secrets AWSKeyDetector, its second rule (after the assignment forms above,
    # which name it a password): a 40-character secret after
    # ``aws ... key/pwd/password/pass/token``.
    (
        "access key",
        re.compile(
            r"(?i)\baws.{0,20}?(?:key|pwd|pw|password|pass|token).{0,20}?"
            + _B64_EDGE_BEFORE
            + r"[0-9a-zA-Z/+]{40}"
            + _B64_EDGE_AFTER
        ),
    ),
    (
        "seed phrase",
        re.compile(
            r"(?i)\b(?:seed|mnemonic|recovery)\s*(?:phrase|words)?\s*[:=]\s*(?:[a-z]+\s+){11,23}[a-z]+"
        ),
    ),
)

#: An AWS secret access key: 40 characters of base64's alphabet.
AWS_SECRET = re.compile(_B64_EDGE_BEFORE + r"[A-Za-z0-9/+]{40}" + _B64_EDGE_AFTER)
#: Words that, shortly before a 40-character string, say it is a secret (not a SHA-1).
AWS_SECRET_CONTEXT = re.compile(
    r"(?i)\b(?:aws|secret|secret[_ \-]?(?:access[_ \-]?)?key|access[_ \-]?key|"
    r"key|password|pass|pwd|token|credentials?)\b"
)

#: 64 hex digits, with or without 0x: an Ethereum/secp256k1 private key, or a transaction
#: hash, a SHA-256 digest, a block hash... the words around it decide (see redaction.py).
HEX64 = re.compile(r"(?<![0-9A-Za-z])(?:0x)?[0-9a-fA-F]{64}(?![0-9A-Za-z])")
#: Words saying the hex is a key.
HEX_KEY_CONTEXT = re.compile(
    r"(?i)\b(?:priv(?:ate)?[_ \-]?key|privkey|secret(?:[_ \-]?key)?|wallet[_ \-]?key|"
    r"signing[_ \-]?key|key|pk|seed)\b"
)
#: Words saying the hex is a hash: transactions, digests, checksums, blocks.
HEX_HASH_CONTEXT = re.compile(
    r"(?i)(?:\b(?:txid|txn|tx|transaction|hash|digest|checksum|sha[_\-]?256(?:sum)?|"
    r"sha3|keccak(?:256)?|blake2b?|commit)\b|/(?:tx|txs|transaction|block)/)"
)
#: ``sha256sum`` output after the digest: two spaces (or `` *``) and a file name.
HEX_CHECKSUM_LINE = re.compile(r"(?:[ ]{2}|[ ]\*)\S*[A-Za-z._]\S*")
