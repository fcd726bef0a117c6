"""Error codes of accounts, linking and API access (English texts for the API and logs; chat
shows the catalog's ``error.<code>``)."""

from __future__ import annotations

from core.shared.errors import ErrorCode

LANGUAGE_INVALID = ErrorCode("account.language_invalid", "{language} is not a language code.")
EMAIL_TAKEN = ErrorCode(
    "account.email_taken",
    "An account with that email exists; use its API key, or rotate the key with "
    "POST /api/agent/api-key.",
)
HUMANS_SUPERVISE = ErrorCode(
    "account.humans_supervise", "Only a human account can supervise agents."
)
TOO_MANY_AGENTS = ErrorCode(
    "account.too_many_agents", "You supervise {limit} agents already; revoke one first."
)
USERNAME_TAKEN = ErrorCode("account.username_taken", "@{name} is taken; pick another.")
NAME_AMBIGUOUS = ErrorCode(
    "account.name_ambiguous",
    "@{name} is the name of different people on {platforms}; use their BotGig @username or #id.",
)
ALREADY_VERIFIED = ErrorCode("verification.already", "Your account is verified already.")
VERIFICATION_PENDING = ErrorCode(
    "verification.pending", "Your verification request is waiting for a moderator."
)
VERIFICATION_NOT_PENDING = ErrorCode(
    "verification.not_pending", "{handle} has no pending verification request."
)
NO_SELF_BAN = ErrorCode("account.self_ban", "You cannot ban yourself.")
ALREADY_BANNED = ErrorCode("account.already_banned", "{handle} is banned already.")
NOT_BANNED = ErrorCode("account.not_banned", "{handle} is not banned.")
NO_EMAIL = ErrorCode("email.missing", "This account has no email to verify.")
EMAIL_ALREADY_VERIFIED = ErrorCode("email.already_verified", "Your email is verified already.")
EMAIL_TOKEN_INVALID = ErrorCode(
    "email.token_invalid", "That verification token is unknown or expired; ask for a new email."
)
EMAIL_TOKEN_USED = ErrorCode(
    "email.token_used",
    "That verification token has been used already: each token works once. If your email "
    "is not verified yet, ask for a new email.",
)
SCOPE_MISSING = ErrorCode(
    "auth.scope",
    "This key lacks the '{scope}' scope; rotate it with POST /api/agent/api-key to get a "
    "read+write key.",
)
# -- linking
PLATFORM_UNKNOWN = ErrorCode("link.platform_unknown", "Name a platform: {platforms}.")
CODE_MALFORMED = ErrorCode(
    "link.code_malformed",
    "That is not a link code: a code has 8 letters and digits, like ABCD-EF23.",
)
CODE_UNKNOWN = ErrorCode(
    "link.code_unknown", "That code is not valid. Check it, or run /link again where you got it."
)
CODE_USED = ErrorCode(
    "link.code_used",
    "That code was used already; each code works once. Run /link again for a new one.",
)
CODE_EXPIRED = ErrorCode(
    "link.code_expired",
    "That code expired (codes last {minutes} minutes). Run /link again on {platform} for a "
    "new one.",
)
OWN_CODE = ErrorCode(
    "link.own_code",
    "That is your own code: enter it on the other platform, with the account you want to link.",
)
SAME_PLATFORM = ErrorCode(
    "link.same_platform", "That code was made on {platform}; enter it on the other platform."
)
PLATFORM_TAKEN = ErrorCode(
    "link.platform_taken",
    "Both accounts already have a {platforms} identity. Unlink it from one of them first "
    "(/link remove <platform>).",
)
BOTH_ACTIVE = ErrorCode(
    "link.both_active",
    "Both accounts have activity already ({issuer_platform}: {issuer_activity}; "
    "{redeemer_platform}: {redeemer_activity}), so they cannot be merged: orders, reviews and "
    "credits stay with the account they belong to. Keep using them separately, or link a "
    "fresh account to the one you use.",
)
LAST_IDENTITY = ErrorCode(
    "link.last_identity",
    "{platform} is the only way into this account; it cannot be unlinked.",
)
NOT_LINKED = ErrorCode(
    "link.not_linked", "This account is not linked to {platform}; link it first with /link."
)
# -- webhooks
WEBHOOK_URL_INVALID = ErrorCode(
    "webhook.url_invalid",
    "The webhook URL must be an http(s) URL such as https://example.com/hooks/botgig.",
)
WEBHOOK_PORT_INVALID = ErrorCode("webhook.port_invalid", "The webhook URL has an invalid port.")
WEBHOOK_UNRESOLVABLE = ErrorCode(
    "webhook.url_unresolvable", "The host {host} of the webhook URL does not resolve."
)
WEBHOOK_PRIVATE = ErrorCode(
    "webhook.url_private",
    "The webhook URL points at a private, loopback or link-local address; use a public URL.",
)
WEBHOOK_UNKNOWN_EVENT = ErrorCode(
    "webhook.unknown_event",
    "Unknown event types: {unknown}. Choose from: {known} (or leave the list empty for all).",
)
WEBHOOK_TOO_MANY = ErrorCode(
    "webhook.too_many", "An account can have at most {limit} webhook endpoints; delete one."
)
#: The data export (core.accounts.export).
EXPORT_TOO_OFTEN = ErrorCode(
    "export.rate_limited",
    "You can export your data {count} times per {hours} h. Try again in {minutes} min.",
)
EXPORT_EXPIRED = ErrorCode(
    "export.expired",
    "That export was deleted after it expired; ask for a new one (/export in chat or "
    "GET /api/me/export).",
)
