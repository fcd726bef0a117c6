"""Issue 16: every command a reply names exists on the platform where the reply is shown.

Each catalog message is rendered for Discord and for Telegram in every language, and each
``/word [word]`` in it must be a command of that platform: on Discord one of the app-command
tree the bot registers (a group's name must be followed by one of its subcommands), with the
names Discord shows in that language; on Telegram one of the handlers' commands.
"""

from __future__ import annotations

import re
from typing import Any

import discord

from bots.discord.app import DiscordFrontEnd
from bots.discord.localisation import CatalogTranslator
from core.shared.context import Context
from core.shared.events import DomainEvent
from handlers import i18n
from handlers.admin.app import AdminApp
from handlers.admin.commands import ADMIN_COMMANDS
from handlers.app import ChatApp
from handlers.commands import ROUTERS
from handlers.i18n import CATALOGS, Translator, message_placeholders, templates
from handlers.render.channels import ADMIN_KEYS as ADMIN_EVENTS
from tests.discord.conftest import ADMIN_CHANNEL
from tests.discord.fake_discord import DiscordTester, DUser, FakeDiscord

# A command: a slash not inside a path or a word, and the next word (a subcommand perhaps).
# ``/api/offers`` and ``/llms.txt`` are paths of the API, not commands.
COMMAND = re.compile(r"(?<![\w/<&;:.])/([^\W\d][\w-]*)(?![\w/-]|\.\w)(?: ([^\W\d][\w-]*))?")
_SUBCOMMAND = discord.AppCommandOptionType.subcommand.value
# The admin channel's texts name the admin app's commands, typed as ``/mod <command>`` on
# Discord: they have their own check.
ADMIN_KEYS = "admin."


def rendered(language: str, platform: str) -> dict[str, list[str]]:
    """Every message of ``language``'s catalog rendered for ``platform``, by key."""
    tr = Translator(language, platform)
    out: dict[str, list[str]] = {}
    for key, message in CATALOGS[language].items():
        values: dict[str, object] = {
            name: "7"
            for name in message_placeholders(message)
            if not name.startswith("cmd_")
        }
        texts = []
        for template in templates(message):
            texts.append(tr._format(template, "other", values))
        out[key] = texts
    return out


async def discord_commands(bot: Any, language: str) -> dict[str, set[str]]:
    """Top-level command names as Discord shows them in ``language`` → their subcommands
    (empty for a plain command)."""
    out: dict[str, set[str]] = {}

    def names(payload: dict[str, Any]) -> set[str]:
        shown = {
            name
            for locale, name in (payload.get("name_localizations") or {}).items()
            if i18n.resolve_language(locale.lower().replace("-", "_")) == language
        }
        return shown or {payload["name"]}

    for command in bot.tree.get_commands():
        payload = await command.get_translated_payload(bot.tree, CatalogTranslator())
        subs = {
            name
            for option in payload.get("options", [])
            if option["type"] == _SUBCOMMAND
            for name in names(option)
        }
        for name in names(payload):
            out[name] = subs
    return out


def missing_on_discord(texts: dict[str, list[str]], tree: dict[str, set[str]]) -> list[str]:
    wrong = []
    for key, variants in texts.items():
        if key.startswith(ADMIN_KEYS):
            continue
        for text in variants:
            for match in COMMAND.finditer(text):
                command, sub = match.group(1), match.group(2)
                if command not in tree or (tree[command] and sub not in tree[command]):
                    wrong.append(f"{key}: {match.group(0)!r}")
    return wrong


async def test_every_command_in_every_reply_exists_on_discord(
    discord_bot: DiscordTester,
) -> None:
    for language in CATALOGS:
        tree = await discord_commands(discord_bot.bot, language)
        assert "order" in tree or language != "en"
        wrong = missing_on_discord(rendered(language, "discord"), tree)
        assert wrong == [], f"{language}: commands Discord does not have: {wrong}"


def missing_in_admin_channel(texts: dict[str, list[str]], tree: dict[str, set[str]]) -> list[str]:
    """Commands an admin-channel text names that Discord lacks: admin commands must be lines
    of ``/mod``; user commands plain commands of the tree."""
    wrong = []
    for key, variants in texts.items():
        for text in variants:
            for match in COMMAND.finditer(text):
                command, sub = match.group(1), match.group(2)
                if command == "mod" and sub in ADMIN_COMMANDS:
                    continue
                if command in tree and not tree[command]:
                    continue  # a user command (``/history``)
                wrong.append(f"{key}: {match.group(0)!r}")
    return wrong


async def test_admin_texts_name_lines_of_mod_on_discord(discord_bot: DiscordTester) -> None:
    # The admin channel's commands are typed as ``/mod <command>`` on Discord.
    for language in CATALOGS:
        tree = await discord_commands(discord_bot.bot, language)
        texts = {k: v for k, v in rendered(language, "discord").items() if k.startswith(ADMIN_KEYS)}
        wrong = missing_in_admin_channel(texts, tree)
        assert wrong == [], f"{language}: {wrong}"
    usage = Translator("en", "discord")("admin.usage.rule")
    assert usage.startswith("/mod rule &lt;id&gt;") and "e.g. /mod rule 4 split 30" in usage
    assert Translator("en", "telegram")("admin.usage.rule").startswith("/rule &lt;id&gt;")


def test_every_command_in_every_reply_exists_on_telegram() -> None:
    user_commands = {name for router in ROUTERS for name in router.commands}
    for language in CATALOGS:
        wrong = []
        for key, variants in rendered(language, "telegram").items():
            known = {*user_commands, *ADMIN_COMMANDS} if key.startswith(ADMIN_KEYS) else (
                user_commands
            )
            for text in variants:
                for match in COMMAND.finditer(text):
                    if match.group(1) not in known:
                        wrong.append(f"{key}: {match.group(0)!r}")
        assert wrong == [], f"{language}: commands Telegram does not have: {wrong}"


async def test_help_on_discord_lists_discords_commands(
    discord_bot: DiscordTester, dana: DUser
) -> None:
    result = await discord_bot.slash(dana, "help")
    text = result.text
    for command in ("/offer list", "/offer new", "/offer mine", "/request new", "/order msg",
                    "/order deliver", "/order cancel", "/order review", "/bid", "/topup"):
        assert command in text
    for telegram_only in ("/newoffer", "/myoffers", "/cancelorder", "/msg ", "/offers"):
        assert telegram_only not in text
    tree = await discord_commands(discord_bot.bot, "en")
    assert missing_on_discord({"help": [text]}, tree) == []


async def test_help_in_spanish_names_the_localised_commands(
    discord_bot: DiscordTester,
) -> None:
    ana = DUser(700_000_000_000_000_031, "Ana", locale="es-ES")
    text = (await discord_bot.slash(ana, "help")).text
    assert "/oferta nueva" in text and "/pedido mensaje" in text
    tree = await discord_commands(discord_bot.bot, "es")
    assert missing_on_discord({"help": [text]}, tree) == []


def test_the_scan_finds_commands_that_do_not_exist() -> None:
    tree = {"offer": {"new", "list"}, "help": set()}
    texts = {"a": ["Publish with /offer new or /help; see /api/offers and /llms.txt."],
             "b": ["Publish with /newoffer."], "c": ["Filter with /offer find."]}
    assert missing_on_discord(texts, tree) == ["b: '/newoffer'", "c: '/offer find'"]


def admin_events() -> list[DomainEvent]:
    """One event of every type the pipeline posts in the admin channel."""
    payload: dict[str, object] = {
        "order_id": 1, "title": "Scrape 500 pages", "actor_id": 2, "moderator_id": 3,
        "account_id": 4, "reporter_id": 5, "dispute_id": 6, "report_id": 7,
        "subject": "offer 8", "note": "Rows are missing", "reason": "spam",
        "ruling": "refund",
    }
    return [DomainEvent(kind, dict(payload), channels=("admin",)) for kind in ADMIN_EVENTS]


async def test_admin_notices_in_the_discord_admin_channel_name_discords_commands(
    ctx: Context,
) -> None:
    """The pipeline's admin notices, posted as Discord posts them — by the admin app's sink
    and, without an admin app, by the notifier — name only commands the Discord tree has."""
    admin_app = AdminApp(ctx, admin_chats=[f"discord:{ADMIN_CHANNEL}"])
    fronts = [
        DiscordFrontEnd(ctx, ChatApp(ctx), token="test-token", admin_channel_id=ADMIN_CHANNEL,
                        admin_app=admin_app, sync_commands=False),
        DiscordFrontEnd(ctx, ChatApp(ctx), token="test-token", admin_channel_id=ADMIN_CHANNEL,
                        sync_commands=False),
    ]
    posted: dict[str, list[str]] = {}
    for index, front in enumerate(fronts):
        tester = DiscordTester(front.bot, FakeDiscord())
        await tester.start()
        try:
            sink = front.admin_sink or front.notifier
            for event in admin_events():
                before = len(tester.fake.in_channel(ADMIN_CHANNEL))
                await sink.deliver(event)
                new = tester.fake.in_channel(ADMIN_CHANNEL)[before:]
                assert new, f"nothing posted for {event.type}"
                posted[f"{index}:{event.type}"] = [m.text for m in new]
            tree = await discord_commands(front.bot, "en")
        finally:
            await tester.close()
    assert missing_in_admin_channel(posted, tree) == []
    everything = "\n".join(t for texts in posted.values() for t in texts)
    assert "/mod disputes" in everything and "/mod reports" in everything
    assert "/mod verifications" in everything
