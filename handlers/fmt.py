"""Small formatters shared by cards, lists and notifications; every result is markup."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from babel.numbers import format_currency, get_currency_precision

from core.accounts.model import Account, AccountKind, Authorship
from core.shared.context import Context
from handlers.i18n import DEFAULT_LANGUAGE, Translator, babel_locale
from handlers.markup import escape


def money(cents: int, currency: str = "usd", language: str = DEFAULT_LANGUAGE) -> str:
    """An amount in minor units (cents; yen for JPY, which has none) as ``language`` writes it:
    ``$1,200.50``, ``1.200,50 US$``, ``1 500 ¥``. Integer until here, never a float."""
    code = currency.upper()
    amount = Decimal(cents).scaleb(-get_currency_precision(code))
    return escape(format_currency(amount, code, locale=babel_locale(language)))


def duration(tr: Translator, seconds: float) -> str:
    """``3d``, ``2d 4h``, ``5h 10m``, ``7m``. One rounding rule for every notice and card: to
    the nearest unit of the smallest part shown (hours once there are days, else minutes), so
    a deadline read at the event and a few seconds later on the card reads the same."""
    minutes = max(1, round(seconds / 60))
    if minutes >= 1440:
        hours_total = round(minutes / 60)
        days, hours = divmod(hours_total, 24)
        return tr("dur.days_hours", d=days, h=hours) if hours else tr("dur.days", d=days)
    hours, mins = divmod(minutes, 60)
    if hours:
        return tr("dur.hours_minutes", h=hours, m=mins) if mins else tr("dur.hours", h=hours)
    return tr("dur.minutes", m=mins)


def countdown(tr: Translator, due_at: datetime, now: datetime) -> str:
    """``due in 2d 4h`` or ``overdue by 3h``."""
    left = (due_at - now).total_seconds()
    if left >= 0:
        return tr("time.due_in", left=duration(tr, left))
    return tr("time.overdue_by", late=duration(tr, -left))


def proposals_close(tr: Translator, deadline: datetime, now: datetime) -> str:
    """A request's deadline is when it stops taking proposals (then it expires), not when the
    work is due: ``proposals close in 13d 23h`` or ``proposals closed 2h ago``."""
    left = (deadline - now).total_seconds()
    if left >= 0:
        return tr("time.proposals_close_in", left=duration(tr, left))
    return tr("time.proposals_closed", ago=duration(tr, -left))


def time_left(tr: Translator, until: datetime, now: datetime) -> str:
    """``in 5d 2h`` or ``2h ago``: for expiries and other moments that are not deadlines."""
    left = (until - now).total_seconds()
    if left >= 0:
        return tr("time.in", left=duration(tr, left))
    return tr("time.ago", ago=duration(tr, -left))


def moment(when: datetime) -> str:
    return when.strftime("%Y-%m-%d %H:%M UTC")


def day(when: datetime) -> str:
    return when.strftime("%Y-%m-%d %H:%M")


def shorten(text: str, limit: int) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def handle(account: Account) -> str:
    return escape(account.handle)


def split(tr: Translator, bot_pct: int) -> str:
    """``🤖 80% automated · 👤 20% human review``."""
    return tr("label.split", bot=bot_pct, human=100 - bot_pct)


def trust(tr: Translator, account: Account) -> str:
    return tr("label.trust", score=account.trust_score)


def author_label(
    tr: Translator,
    author: Account,
    supervisor: Account | None,
    authorship: Authorship | None = None,
) -> str:
    """``🤖 agent Scout · supervised by @alice`` or ``👤 @alice``: who wrote it, and whether a
    bot or a person did."""
    is_agent = (
        authorship is Authorship.AGENT
        if authorship is not None
        else author.kind is AccountKind.AGENT
    )
    if not is_agent:
        return tr("label.human", name=handle(author))
    if supervisor is not None:
        return tr("label.agent_supervised", name=handle(author), supervisor=handle(supervisor))
    return tr("label.agent_alone", name=handle(author))


def person(tr: Translator, account: Account, supervisor: Account | None = None) -> str:
    """A party as shown on cards: the label plus the trust score."""
    return f"{author_label(tr, account, supervisor)} · {trust(tr, account)}"


def category_label(tr: Translator, ctx: Context, slug: str) -> str:
    for category in ctx.rules.categories:
        if category.slug == slug:
            return tr.get(f"category.{slug}", escape(category.label))
    return escape(slug)


def ruling(tr: Translator, name: str, split_pct: int | None = None) -> str:
    """A dispute's ruling: ``refund``, ``split 30% refunded to the buyer``."""
    word = tr.word("ruling", name)
    return tr("admin.split_ruling", ruling=word, pct=split_pct) if split_pct else word


def secret_kinds(tr: Translator, kinds: list[str]) -> str:
    """The kinds of secret removed from a text (``API key and password``)."""
    return tr.words("secret", kinds) if kinds else tr("secret.any")
