"""Browsing: /offers and /requests with a category and words, paged with next-page buttons
that carry the id of the last item shown (``starting_after``)."""

from __future__ import annotations

import re
from typing import Any

from core.listings.ports import BrowseQuery
from handlers import cards, fmt
from handlers.actions import Action, encode
from handlers.commands.listings import BY_PLURAL, AnyPath
from handlers.markup import escape
from handlers.state import load_query, save_query
from handlers.turn import Notice, Router, Turn
from handlers.types import Button, Platform, Reply

router = Router()

PAGE_SIZE = 5
MAX_WORDS = 100


def split_query(turn: Turn, args: str) -> tuple[str | None, str | None]:
    """``[category] [words]``: the first word is a category when it names one."""
    parts = args.split(maxsplit=1)
    category = None
    if parts and parts[0].lower() in turn.ctx.rules.category_slugs:
        category = parts[0].lower()
        parts = parts[1:]
    words = " ".join(parts).strip()[:MAX_WORDS] or None
    return category, words


def _filter_text(turn: Turn, category: str | None, words: str | None) -> str:
    bits = []
    if category:
        bits.append(fmt.category_label(turn.tr, turn.ctx, category))
    if words:
        bits.append(f"“{escape(words)}”")
    return " · ".join(bits) if bits else turn.tr("browse.everything")


async def show_listings(
    turn: Turn,
    path: AnyPath,
    category: str | None,
    words: str | None,
    after: int | None,
    *,
    edit: bool,
) -> list[Reply]:
    page = await path.page(
        turn,
        BrowseQuery(
            now=turn.now(), category=category, words=words, limit=PAGE_SIZE, starting_after=after
        ),
    )
    if not page.lines:
        key = "browse.no_more" if after else f"{path.plural}.none"
        return turn.say(key, filter=_filter_text(turn, category, words))
    lines = [turn.tr(f"{path.plural}.header", filter=_filter_text(turn, category, words))]
    lines += page.lines
    if after is None and category is None and words is None:
        lines += ["", turn.tr("browse.hint", command=path.plural)]
    more = await _next_button(turn, path.plural, category, words, page.last_id, page.has_more)
    return [
        Reply(
            "\n".join(lines),
            buttons=cards.rows(page.buttons, 3) + more + _catalog_button(turn),
            edit=edit,
        )
    ]


def _catalog_button(turn: Turn) -> tuple[tuple[Button, ...], ...]:
    """The Mini App's catalog, one tap away, where Telegram can open it: an HTTPS address
    (ctx.web_app_url) and a private chat (Telegram refuses web_app buttons in groups)."""
    url = turn.ctx.web_app_url
    if url is None or turn.incoming.platform is not Platform.TELEGRAM:
        return ()
    if not turn.incoming.is_private_chat:
        return ()
    return ((Button(turn.tr("btn.catalog"), web_app=url),),)


async def _next_button(
    turn: Turn,
    kind: str,
    category: str | None,
    words: str | None,
    last_id: int | None,
    has_more: bool,
) -> tuple[tuple[Button, ...], ...]:
    if not has_more or last_id is None:
        return ()
    qid = inline_query(kind, category, words) or await save_query(
        turn.ctx, {"kind": kind, "category": category, "words": words}
    )
    return ((turn.button("btn.next_page", encode("brw", "next", qid, last_id)),),)


#: A query without words fits the button itself (``.o`` or ``.o.<category>``): browsing
#: writes nothing. One with words is stored (``save_query``) and the button carries its id.
_INLINE_KINDS = {"offers": "o", "requests": "r"}
_INLINE_CATEGORY = re.compile(r"[a-z0-9\-]{1,30}\Z")


def inline_query(kind: str, category: str | None, words: str | None) -> str | None:
    letter = _INLINE_KINDS.get(kind)
    if letter is None or words is not None:
        return None
    if category is None:
        return f".{letter}"
    return f".{letter}.{category}" if _INLINE_CATEGORY.match(category) else None


def parse_inline_query(qid: str) -> dict[str, Any] | None:
    _, letter, *rest = qid.split(".", 2) if qid.startswith(".") else ("", "", "")
    kind = next((k for k, v in _INLINE_KINDS.items() if v == letter), None)
    if kind is None or (rest and not _INLINE_CATEGORY.match(rest[0])):
        return None
    return {"kind": kind, "category": rest[0] if rest else None, "words": None}


@router.command("offers", "requests")
async def browse(turn: Turn) -> list[Reply]:
    category, words = split_query(turn, turn.args)
    path = BY_PLURAL[turn.command or ""]
    return await show_listings(turn, path, category, words, None, edit=False)


@router.action("brw", "next")
async def next_page(turn: Turn, action: Action) -> list[Reply]:
    qid, after = action.arg(0), action.int_arg(1)
    query: dict[str, Any] | None = None
    if qid and qid.startswith("."):
        query = parse_inline_query(qid)
    elif qid:
        query = await load_query(turn.ctx, qid)
    path = BY_PLURAL.get(str(query.get("kind"))) if query else None
    if query is None or path is None or after is None:
        raise Notice("browse.expired")
    return await show_listings(
        turn, path, query.get("category"), query.get("words"), after, edit=True
    )
