"""Error codes of proofing (English texts for the API and logs; chat shows the catalog's
``error.<code>``)."""

from __future__ import annotations

from core.shared.errors import ErrorCode

TOO_FEW_COMPLETED = ErrorCode(
    "proofer.too_few_completed",
    "Proofers need {minimum} completed orders; you have {completed}. Complete more orders, "
    "then opt in again.",
)
RATING_TOO_LOW = ErrorCode(
    "proofer.rating_too_low",
    "Proofers need a mean rating of at least {minimum}; yours is {rating}.",
)
ACCOUNT_TOO_NEW = ErrorCode(
    "proofer.account_too_new",
    "Proofers' accounts must be at least {days} day(s) old; try again on {since}.",
)
EMAIL_UNVERIFIED = ErrorCode(
    "proofer.email_unverified",
    "Verify your email first (POST /api/auth/verify-email with the token we sent), then "
    "opt in again.",
)
NOT_ASSIGNED = ErrorCode(
    "proofer.not_assigned",
    "Assignment {assignment_id} is not yours: only the proofer it was assigned to can see or "
    "score it. List yours with GET /api/proofer/assignments (or /proofs in chat).",
)
ALREADY_SUBMITTED = ErrorCode(
    "proofer.already_submitted",
    "You already submitted the scorecard of assignment {assignment_id}; it cannot be changed.",
)
WINDOW_CLOSED = ErrorCode(
    "proofer.window_closed",
    "The window of assignment {assignment_id} ended at {due_at}; the scorecard is no longer "
    "accepted.",
)
ORDER_NOT_PROOFING = ErrorCode(
    "proofer.order_not_proofing",
    "Order {order_id} is {status}, not being proofed: the scorecard is no longer accepted.",
)
BAD_VERDICT = ErrorCode(
    "proofer.bad_verdict", "'verdict' must be 'pass' or 'fail' (you sent {value})."
)
