"""The translated catalogs are complete: every English key, the same placeholders, the same
markup tags, emojis and commands, and markup every front end renders."""

from __future__ import annotations

import importlib
import re
import string
import unicodedata
from collections import Counter

import pytest

from handlers.i18n import CATALOGS, ENGLISH
from handlers.markup import to_discord_markdown, to_plain

LANGUAGES = ("es", "ru")
# CLDR plural categories a plural value (a dict instead of a string) must have.
PLURAL_CATEGORIES = {
    "en": {"one", "other"},
    "es": {"one", "many", "other"},
    "ru": {"one", "few", "many", "other"},
}
# Command descriptions go to setMyCommands and slash-command registration as plain text.
PLAIN_TEXT = ("cmd.",)
_TAG = re.compile(r'</?(?:b|i|code)>|<a href="[^"<>]*">|</a>')
_ENTITY = re.compile(r"&(?:amp|lt|gt|quot|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});")
_COMMAND = re.compile(r"(?<![\w/])/[a-z_]+")


def _forms(language: str, key: str, value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    assert isinstance(value, dict), (language, key)
    assert set(value) == PLURAL_CATEGORIES[language], (language, key)
    assert all(isinstance(form, str) for form in value.values()), (language, key)
    return [str(form) for form in value.values()]


def _fields(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}


def _tags(template: str) -> Counter[str]:
    return Counter(tag.split(" ", 1)[0].strip("<>") for tag in _TAG.findall(template))


def _emojis(template: str) -> set[str]:
    return {ch for ch in template if unicodedata.category(ch) == "So"}


def _commands(template: str) -> set[str]:
    return set(_COMMAND.findall(to_plain(template)))


def _check_markup(language: str, key: str, template: str) -> None:
    stack: list[str] = []
    for tag in _TAG.findall(template):
        name = tag.split(" ", 1)[0].strip("</>")
        if tag.startswith("</"):
            assert stack and stack.pop() == name, (language, key, "unbalanced", tag)
        else:
            stack.append(name)
    assert not stack, (language, key, "unclosed", stack)
    bare = _ENTITY.sub("", _TAG.sub("", template))
    assert not set("<>&") & set(bare), (language, key, "raw < > or & outside markup")
    to_plain(template)
    to_discord_markdown(template)


def test_english_passes_the_same_checks() -> None:
    for key, value in ENGLISH.items():
        for form in _forms("en", key, value):
            if not key.startswith(PLAIN_TEXT):
                _check_markup("en", key, form)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalog_is_discovered(language: str) -> None:
    module = importlib.import_module(f"handlers.locales.{language}")
    assert CATALOGS[language] is module.MESSAGES


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_english_key_and_no_other(language: str) -> None:
    catalog = CATALOGS[language]
    assert sorted(set(ENGLISH) - set(catalog)) == []
    assert sorted(set(catalog) - set(ENGLISH)) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_same_placeholders_markup_emojis_and_commands(language: str) -> None:
    catalog: dict[str, object] = dict(CATALOGS[language])
    problems = []
    for key, english_value in ENGLISH.items():
        english = _forms("en", key, english_value)
        forms = _forms(language, key, catalog[key])
        for form in forms:
            if not key.startswith(PLAIN_TEXT):
                _check_markup(language, key, form)
            assert form.strip(), (language, key, "empty")
        checks = {
            "placeholders": _fields,
            "emojis": _emojis,
            "commands": _commands,
        }
        for what, found in checks.items():
            theirs = set().union(*map(found, forms))
            ours = set().union(*map(found, english))
            if theirs != ours:
                problems.append((key, what, sorted(theirs ^ ours)))
        tags = _tags(english[-1])
        problems.extend(
            (key, "tags", sorted(_tags(form).elements())) for form in forms if _tags(form) != tags
        )
    assert problems == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_command_descriptions_fit_the_clients(language: str) -> None:
    # Discord limits a slash command's description to 100 characters.
    catalog = CATALOGS[language]
    assert [key for key in catalog if key.startswith("cmd.") and len(catalog[key]) > 100] == []
