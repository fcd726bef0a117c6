"""One account on Telegram and Discord: /link (show a code, enter a code, unlink) and
/settings (where notifications go, which language BotGig speaks). The rules live in
core.accounts.linking and core.accounts.language."""

from __future__ import annotations

from collections.abc import Sequence

from core.accounts import accounts, linking
from core.accounts.language import set_language
from core.accounts.model import Identity
from handlers import i18n
from handlers.actions import Action, encode
from handlers.markup import code
from handlers.turn import Notice, Router, Turn, Usage
from handlers.types import Button, Reply

router = Router()

NOTIFY_CHOICES = ("telegram", "discord", "auto")


def _platform(turn: Turn, name: str) -> str:
    return turn.tr(f"platform.{name}") if name in linking.CHAT_PLATFORMS else name


def _platforms(turn: Turn, identities: Sequence[Identity]) -> str:
    names = [i.provider for i in identities if i.provider in linking.CHAT_PLATFORMS]
    if not names:
        return turn.tr("link.none")
    return ", ".join(_platform(turn, n) for n in dict.fromkeys(names))


def _other(platform: str) -> str:
    return next(p for p in linking.CHAT_PLATFORMS if p != platform)


@router.command("link")
async def link(turn: Turn) -> list[Reply]:
    words = turn.args.split()
    here = turn.incoming.platform.value
    if not words:
        return await _show_code(turn, here)
    if words[0].lower() in ("remove", "unlink"):
        if len(words) != 2 or words[1].lower() not in linking.CHAT_PLATFORMS:
            raise Usage("link")
        platform = words[1].lower()
        await turn.require_active()
        await linking.unlink_platform(turn.ctx, account_id=turn.actor_id, platform=platform)
        identities = await linking.linked_identities(turn.ctx, account_id=turn.actor_id)
        key = "link.removed_here" if platform == here else "link.removed"
        return [
            Reply(
                turn.tr(key, platform=_platform(turn, platform),
                        platforms=_platforms(turn, identities)),
                ephemeral=True,
            )
        ]
    if len(words) > 2:
        raise Usage("link")
    result = await linking.redeem_link_code(
        turn.ctx, account_id=turn.actor_id, platform=here, code="".join(words)
    )
    lines = [
        turn.tr(
            "link.done",
            platforms=_platforms(turn, result.identities),
            id=result.account_id,
        )
    ]
    if result.absorbed_id is not None:
        absorbed_here = result.absorbed_id == turn.actor_id
        other = here if absorbed_here else _other(here)
        lines.append(
            turn.tr(
                "link.merged",
                platform=_platform(turn, other),
                absorbed=result.absorbed_id,
                id=result.account_id,
            )
        )
        if result.dropped_credits > 0:
            lines.append(turn.tr("link.grant_dropped", credits=result.dropped_credits))
    lines.append(turn.tr("link.notify_hint"))
    return [Reply("\n".join(lines), ephemeral=True)]


async def _show_code(turn: Turn, here: str) -> list[Reply]:
    await turn.require_active()
    issued = await linking.issue_link_code(turn.ctx, account_id=turn.actor_id, platform=here)
    identities = await linking.linked_identities(turn.ctx, account_id=turn.actor_id)
    other = _other(here)
    minutes = int(linking.LINK_CODE_TTL.total_seconds() // 60)
    text = turn.tr(
        "link.code",
        code=code(issued.code),
        minutes=minutes,
        platform=_platform(turn, other),
        how=turn.tr(f"link.how.{other}", code=issued.code),
        platforms=_platforms(turn, identities),
    )
    return [Reply(text, ephemeral=True)]


# -- settings ----------------------------------------------------------------------------------


async def _settings_card(turn: Turn, *, edit: bool = False, note: str = "") -> list[Reply]:
    account = await accounts.find_account(turn.ctx, reference=f"#{turn.actor_id}")
    identities = await linking.linked_identities(turn.ctx, account_id=turn.actor_id)
    target = linking.notification_platform(account, identities)
    where = _platform(turn, target) if target else turn.tr("settings.nowhere")
    choice = (
        turn.tr("settings.chosen", platform=_platform(turn, account.notify_platform))
        if account.notify_platform
        else turn.tr("settings.auto")
    )
    lines = [note, ""] if note else []
    lines.append(
        turn.tr("settings.text", where=where, choice=choice, platforms=_platforms(turn, identities))
    )
    lines.append(
        turn.tr(
            "settings.language",
            language=language_name(turn.tr.language),
            choice=turn.tr("settings.language_chosen")
            if account.language
            else turn.tr("settings.language_auto"),
        )
    )
    linked = {i.provider for i in identities}
    buttons = tuple(
        turn.button(f"btn.notify_{name}", encode("set", "notify", name))
        for name in NOTIFY_CHOICES
        if name == "auto" or name in linked
    )
    languages = tuple(
        Button("🌐 " + language_name(name), action=encode("set", "lang", name))
        for name in sorted(i18n.CATALOGS)
        if name != turn.tr.language
    )
    rows = (buttons, languages) if languages else (buttons,)
    return [Reply("\n".join(lines), buttons=rows, ephemeral=True, edit=edit)]


def language_name(language: str) -> str:
    """A language in its own words (``Español``), the same in every catalog."""
    name = i18n.babel_locale(language).get_display_name(language) or language
    return name[:1].upper() + name[1:]


async def _set_notify(turn: Turn, choice: str, *, edit: bool) -> list[Reply]:
    await linking.set_notify_platform(
        turn.ctx, account_id=turn.actor_id, platform=None if choice == "auto" else choice
    )
    return await _settings_card(turn, edit=edit, note=turn.tr("settings.saved"))


async def _set_language(turn: Turn, choice: str, *, edit: bool) -> list[Reply]:
    await set_language(
        turn.ctx, account_id=turn.actor_id, language=None if choice == "auto" else choice
    )
    turn.speak(i18n.resolve_language(choice if choice != "auto" else turn.incoming.language))
    return await _settings_card(turn, edit=edit, note=turn.tr("settings.saved"))


def _language_choice(word: str) -> str | None:
    """``es``, ``ES``, ``es-ES`` or ``auto`` as a catalog language (or auto); None otherwise."""
    code = word.replace("-", "_")
    for candidate in (code, code.split("_", 1)[0]):
        if candidate == "auto" or candidate in i18n.CATALOGS:
            return candidate
    return None


@router.command("settings")
async def settings(turn: Turn) -> list[Reply]:
    words = turn.args.lower().split()
    if not words:
        return await _settings_card(turn)
    if len(words) == 2 and words[0] == "notify" and words[1] in NOTIFY_CHOICES:
        return await _set_notify(turn, words[1], edit=False)
    if len(words) == 2 and words[0] == "language":
        choice = _language_choice(words[1])
        if choice is not None:
            return await _set_language(turn, choice, edit=False)
    raise Usage("settings")


@router.action("set", "lang")
async def language_button(turn: Turn, action: Action) -> list[Reply]:
    choice = _language_choice(action.arg(0) or "")
    if choice is None:
        raise Notice("button.invalid")
    return await _set_language(turn, choice, edit=True)


@router.action("set", "notify")
async def notify_button(turn: Turn, action: Action) -> list[Reply]:
    choice = action.arg(0)
    if choice not in NOTIFY_CHOICES:
        raise Notice("button.invalid")
    return await _set_notify(turn, choice, edit=True)
