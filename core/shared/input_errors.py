"""Error codes of the shared input rules (``core.shared.validation``, ``core.shared.ledger``)
and of the loaders every feature uses. A ``label`` parameter is the field's name in English;
chat shows the catalog's ``field.<field>`` instead (see ``handlers.i18n.error_text``)."""

from __future__ import annotations

from core.shared.errors import ErrorCode

TEXT_REQUIRED = ErrorCode("validation.text_required", "The {label} is required.")
TEXT_SHORT = ErrorCode(
    "validation.text_short", "The {label} needs at least {minimum} characters (got {length})."
)
TEXT_LONG = ErrorCode(
    "validation.text_long", "The {label} can have at most {maximum} characters (got {length})."
)
TEXT_LINE_BREAK = ErrorCode(
    "validation.text_line_break",
    "The {label} must be a single line: remove the line break ({char}) at position {position}.",
)
TEXT_CONTROL = ErrorCode(
    "validation.text_control",
    "The {label} contains a control character ({char}) at position {position}; remove it and "
    "send the text again.",
)
TEXT_BIDI = ErrorCode(
    "validation.text_bidi",
    "The {label} contains a text-direction override ({char}) at position {position}, which "
    "can make text read in a misleading order; remove it and send the text again.",
)
TEXT_INVISIBLE = ErrorCode(
    "validation.text_invisible",
    "The {label} contains an invisible character ({char}) at position {position}; remove it "
    "and send the text again.",
)
NAME_INVISIBLE = ErrorCode(
    "validation.name_invisible",
    "The {label} contains an invisible character ({char}) at position {position}. Names "
    "cannot hold invisible characters, nor emoji joined from several emoji; remove it.",
)
NOT_WHOLE = ErrorCode("validation.not_whole", "The {label} must be a whole number.")
OUT_OF_RANGE = ErrorCode(
    "validation.out_of_range", "The {label} must be between {minimum} and {maximum} (got {value})."
)
CENTS_NOT_WHOLE = ErrorCode(
    "validation.cents_not_whole", "The {label} must be a whole number of cents."
)
NOT_POSITIVE = ErrorCode("validation.not_positive", "The {label} must be more than 0.")
PRICE_TOO_HIGH = ErrorCode(
    "validation.price_too_high", "The {label} can be at most {maximum} (got {value})."
)
UNKNOWN_CATEGORY = ErrorCode(
    "validation.unknown_category", "Unknown category '{slug}'. Choose one of: {allowed}."
)
NEEDS_TIMEZONE = ErrorCode("validation.needs_timezone", "The {label} needs a timezone (UTC).")
NOT_FUTURE = ErrorCode("validation.not_future", "The {label} must be in the future.")
NOT_URL = ErrorCode(
    "validation.not_url", "The {label} must be an http(s) URL such as https://example.com/report.csv."
)
BAD_USERNAME = ErrorCode(
    "validation.username",
    "A username has 3–32 characters: a letter first, then letters, digits or _ "
    "(for example alice_ops).",
)
BAD_EMAIL = ErrorCode("validation.email", "That is not an email address (name@example.com).")
BAD_AMOUNT = ErrorCode("validation.amount", "An amount must be a positive whole number.")
MODERATORS_ONLY = ErrorCode("permission.moderators_only", "Only moderators can do that.")
NOT_A_PARTY = ErrorCode("permission.not_a_party", "You are not a party to order {order_id}.")
