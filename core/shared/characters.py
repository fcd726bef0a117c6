"""Which characters user text may hold, by the kind of field it fills.

Text is NFC-normalised first (so "é" typed two ways is one string), then scanned; the first
character a field refuses is reported with its code point and position, never removed
silently. Three kinds of field:

- ``NAME`` (display names): one line, no control, format, private-use or unassigned
  character, nor the blank Hangul fillers that render as nothing. Zero-width joiners are
  refused too, so emoji built from several joined emoji (👨‍👩‍👧) cannot be a name: a name
  is what others use to recognise someone, and an invisible character is how impersonators
  make "Admin" and "Ad‌min" look alike.
- ``LINE`` (titles, subjects): one line; bidi controls and invisible characters refused,
  except that ZWNJ/ZWJ may stand *between* two visible characters (Persian and Indic words,
  emoji sequences), and the direction marks LRM/RLM/ALM that right-to-left text needs.
  Emoji tag sequences (subdivision flags) keep their tag characters.
- ``PARAGRAPHS`` (descriptions, messages, notes): what ``LINE`` allows plus newlines and
  tabs, ZWNJ/ZWJ anywhere, and the line-breaking hints of Thai, Khmer or Burmese text (zero
  width space, word joiner, soft hyphen).

Every kind refuses the other control characters (NUL, BEL, ESC: terminal escapes, a 500 on
PostgreSQL), the explicit bidi embeddings, overrides and isolates (U+202A–U+202E,
U+2066–U+2069, which reorder what follows: ``"Mallory\\u202egnp.exe"`` shows as
"Malloryexe.png"), and lone surrogates.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import Enum


class TextRule(Enum):
    NAME = "name"
    LINE = "line"
    PARAGRAPHS = "paragraphs"


class Problem(Enum):
    LINE_BREAK = "line_break"
    CONTROL = "control"
    BIDI = "bidi"
    INVISIBLE = "invisible"


@dataclass(frozen=True)
class Finding:
    problem: Problem
    #: 1-based, in the normalised text.
    position: int
    char: str

    @property
    def described(self) -> str:
        """``U+202E RIGHT-TO-LEFT OVERRIDE``: what to look for, whatever the font shows."""
        name = unicodedata.name(self.char, "") or _CONTROL_NAMES.get(self.char, "")
        code = f"U+{ord(self.char):04X}"
        return f"{code} {name}" if name else code


_CONTROL_NAMES = {
    "\x00": "NULL",
    "\x07": "BELL",
    "\x08": "BACKSPACE",
    "\t": "TAB",
    "\n": "LINE FEED",
    "\r": "CARRIAGE RETURN",
    "\x1b": "ESCAPE",
    "\x7f": "DELETE",
    "\x85": "NEXT LINE",
}
_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x85\u2028\u2029")
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_BIDI_MARKS = frozenset("\u200e\u200f\u061c")
_JOINERS = frozenset("\u200c\u200d")
#: Zero width space, word joiner, soft hyphen: line-breaking hints some scripts rely on.
_BREAK_HINTS = frozenset("\u200b\u2060\u00ad")
#: Letters (category Lo) that render as nothing: the Hangul fillers, and the braille blank.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
_BLACK_FLAG = "\U0001f3f4"


def _is_tag(char: str) -> bool:
    return "\U000e0020" <= char <= "\U000e007f"


def _visible(char: str) -> bool:
    category = unicodedata.category(char)
    return not (char.isspace() or category.startswith("C") or category.startswith("Z"))


def normalise(value: str, rule: TextRule) -> str:
    """NFC, and in paragraphs one kind of line break (``\\r\\n`` and ``\\r`` become ``\\n``)."""
    value = unicodedata.normalize("NFC", value)
    if rule is TextRule.PARAGRAPHS:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value


def scan(value: str, rule: TextRule) -> Finding | None:
    """The first character of ``value`` (already normalised) that ``rule`` refuses."""
    for index, char in enumerate(value):
        problem = _problem(value, index, char, rule)
        if problem is not None:
            return Finding(problem, index + 1, char)
    return None


def _problem(value: str, index: int, char: str, rule: TextRule) -> Problem | None:
    if char.isascii() and char.isprintable():
        return None
    if rule is TextRule.PARAGRAPHS and char in "\n\t":
        return None
    if char in _LINE_BREAKS:
        return Problem.LINE_BREAK if rule is not TextRule.PARAGRAPHS else Problem.CONTROL
    category = unicodedata.category(char)
    if category in ("Cc", "Cs"):
        return Problem.CONTROL
    if char in _BIDI_CONTROLS:
        return Problem.BIDI
    if char in _BLANK_LETTERS:
        return Problem.INVISIBLE
    if rule is TextRule.NAME:
        if category in ("Cf", "Co", "Cn"):
            return Problem.INVISIBLE
        return None
    if category != "Cf" or char in _BIDI_MARKS:
        return None
    if char in _JOINERS:
        if rule is TextRule.PARAGRAPHS:
            return None
        inside = 0 < index < len(value) - 1
        if inside and _visible(value[index - 1]) and _visible(value[index + 1]):
            return None
        return Problem.INVISIBLE
    if char in _BREAK_HINTS and rule is TextRule.PARAGRAPHS:
        return None
    if _is_tag(char) and index > 0:
        before = value[index - 1]
        if before == _BLACK_FLAG or _is_tag(before):
            return None
    return Problem.INVISIBLE


def clean_platform_name(value: str) -> str:
    """A chat platform's name for a user, made acceptable as a display name: line breaks
    and controls become spaces, invisible and direction characters go (see ``v.platform_name``
    for why this one kind of text is cleaned instead of refused)."""
    value = normalise(value, TextRule.NAME)
    out: list[str] = []
    for index, char in enumerate(value):
        problem = _problem(value, index, char, TextRule.NAME)
        if problem in (Problem.LINE_BREAK, Problem.CONTROL):
            out.append(" ")
        elif problem is None:
            out.append(char)
    return " ".join("".join(out).split())
