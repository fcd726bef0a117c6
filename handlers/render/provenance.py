"""A delivery's provenance as chat shows it: what the author declared (or that an agent
declared nothing), and whether a human reviewed it — signed off on BotGig by the supervisor,
or only declared by the author."""

from __future__ import annotations

from core.accounts.model import Authorship
from core.orders.model import Delivery
from handlers import fmt
from handlers.i18n import Translator
from handlers.markup import escape

AUTOMATED_LIMIT = 200


def provenance_lines(tr: Translator, delivery: Delivery) -> list[str]:
    """Card lines for the delivery's provenance; none for a human's undeclared work."""
    prov = delivery.provenance
    if prov is None:
        return []
    if not prov.declared:
        lines = [tr("card.order.provenance_undeclared")]
    else:
        lines = [
            tr(
                "card.order.provenance",
                automated=escape(fmt.shorten(prov.automated, AUTOMATED_LIMIT)),
                tools=escape(", ".join(prov.tools)) or "—",
            )
        ]
    if delivery.authorship is not Authorship.AGENT:
        return lines
    if prov.reviewed_at is not None:
        lines.append(tr("card.order.reviewed", when=fmt.day(prov.reviewed_at)))
    elif prov.human_reviewed:
        lines.append(tr("card.order.review_declared"))
    else:
        lines.append(tr("card.order.not_reviewed"))
    return lines


def provenance_summary(tr: Translator, delivery: Delivery) -> str:
    """One line for the moderators' evidence pack."""
    prov = delivery.provenance
    if prov is None:
        return ""
    reviewer = prov.reviewed_by
    reviewed = tr("admin.card.reviewed_by", id=reviewer) if reviewer else ""
    if not prov.declared:
        return tr("admin.card.undeclared", reviewed=reviewed)
    return tr("admin.card.automated", how=escape(fmt.shorten(prov.automated, 80)),
              reviewed=reviewed)
