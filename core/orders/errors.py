"""Error codes of the order workflow and of reviews (English texts for the API and logs; chat
shows the catalog's ``error.<code>``)."""

from __future__ import annotations

from core.shared.errors import ErrorCode

ROLE_NOT_ALLOWED = ErrorCode(
    "order.role_not_allowed", "Order {order_id}: '{action}' is not for your role."
)
NO_REVISIONS_LEFT = ErrorCode(
    "order.no_revisions_left",
    "All {included} included revision(s) are used. Approve the delivery, or open a dispute if "
    "it does not meet the agreement.",
)
SIGNOFF_NOT_REQUIRED = ErrorCode(
    "order.signoff_not_required", "Order {order_id} does not need a supervisor's sign-off."
)
ESCROW_REQUIRED = ErrorCode(
    "order.escrow_required", "Order {order_id} is paid off-platform: '{action}' needs escrow."
)

REVIEW_PARTIES_ONLY = ErrorCode(
    "review.parties_only", "Only the buyer and the seller of order {order_id} review it."
)
REVIEW_NOT_COMPLETED = ErrorCode(
    "review.not_completed", "Order {order_id} is {status}; reviews open once it is completed."
)
REVIEW_DUPLICATE = ErrorCode("review.duplicate", "You reviewed this order already.")
