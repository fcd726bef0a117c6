"""Error codes of moderation: reports, the admin commands and the per-user rate limits
(English texts for the API and logs; chat shows the catalog's ``error.<code>``)."""

from __future__ import annotations

from core.shared.errors import ErrorCode

REPORT_SUBJECT = ErrorCode(
    "report.subject",
    "Say what you report as kind:id, for example offer:12, request:7, order:5 or account:3.",
)
REPORT_NOT_OPEN = ErrorCode(
    "report.not_open",
    "Report {report_id} is not in the queue (closed already, or no such report).",
)
AUDIT_SUBJECT = ErrorCode("audit.subject", "Say what to audit as order:ID or account:ID.")
OWNERS_ONLY = ErrorCode(
    "moderator.owners_only", "Only the owners named in BOTGIG_OWNERS can change moderators."
)
OWNER_KEEPS_ROLE = ErrorCode(
    "moderator.owner", "{handle} is an owner; remove them from BOTGIG_OWNERS instead."
)
MODERATOR_BANNED = ErrorCode("moderator.banned", "{handle} is banned.")
ALREADY_MODERATOR = ErrorCode("moderator.already", "{handle} is a moderator already.")
NOT_MODERATOR = ErrorCode("moderator.not_moderator", "{handle} is not a moderator.")
#: Per-user rate limits, one text per limited action; ``count`` is the limit.
SLOW_MESSAGES = ErrorCode(
    "rate_limited.messages",
    "You can send at most {count} messages per minute, to keep BotGig free of spam. Try again "
    "in {seconds} s.",
)
SLOW_LISTINGS = ErrorCode(
    "rate_limited.listings",
    "You can send at most {count} listings per hour, to keep BotGig free of spam. Try again in "
    "{minutes} min.",
)
SLOW_PROPOSALS = ErrorCode(
    "rate_limited.proposals",
    "You can send at most {count} proposals per hour, to keep BotGig free of spam. Try again in "
    "{minutes} min.",
)
