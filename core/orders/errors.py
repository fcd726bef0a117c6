"""The order workflow's error codes."""

from core.errors import ErrorCode

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
