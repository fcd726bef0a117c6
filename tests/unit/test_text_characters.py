"""User text: NFC-normalised, and the characters a field refuses are refused with the code
point and position, never stripped; legitimate scripts and emoji pass where they belong."""

from __future__ import annotations

import unicodedata

import pytest

from core.shared import validation as v
from core.shared.characters import TextRule
from core.shared.errors import ValidationFailed

FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # 👨‍👩‍👧
PERSIAN = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # می‌خواهم (ZWNJ inside)
HINDI = "\u0915\u094d\u200d\u0937"  # क्‍ष (ZWJ inside a conjunct)
SCOTLAND = "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"


def refusal(field: str, value: str, rule: TextRule) -> ValidationFailed:
    with pytest.raises(ValidationFailed) as caught:
        v.text(field, value, max_len=200, rule=rule)
    return caught.value


@pytest.mark.parametrize(
    ("value", "code", "char", "position"),
    [
        ("Mallory\u202egnp.exe", "validation.text_bidi", "U+202E RIGHT-TO-LEFT OVERRIDE", 8),
        ("Eve\x00Admin", "validation.text_control", "U+0000 NULL", 4),
        ("Eve\x07\x1b[31mred", "validation.text_control", "U+0007 BELL", 4),
        ("Ad\u200bmin", "validation.name_invisible", "U+200B ZERO WIDTH SPACE", 3),
        ("Eve\nModerator: ok", "validation.text_line_break", "U+000A LINE FEED", 4),
        ("Eve\u2066Admin\u2069", "validation.text_bidi", "U+2066 LEFT-TO-RIGHT ISOLATE", 4),
        ("Ad\u00admin", "validation.name_invisible", "U+00AD SOFT HYPHEN", 3),
        ("Ad\u200dmin", "validation.name_invisible", "U+200D ZERO WIDTH JOINER", 3),
        (f"Dad {FAMILY}", "validation.name_invisible", "U+200D ZERO WIDTH JOINER", 6),
        ("\u3164", "validation.name_invisible", "U+3164 HANGUL FILLER", 1),
        ("Eve\u2028Mod", "validation.text_line_break", "U+2028 LINE SEPARATOR", 4),
    ],
)
def test_display_names_refuse_controls_bidi_and_invisible_characters(
    value: str, code: str, char: str, position: int
) -> None:
    failed = refusal("display_name", value, TextRule.NAME)
    assert failed.error_code is not None and failed.error_code.code == code
    assert failed.code == "validation.display_name" and failed.field == "display_name"
    assert char in failed.message and f"position {position}" in failed.message
    assert "display name" in failed.message


@pytest.mark.parametrize(
    "value", ["Zoë", "José Ñúñez", "山田　太郎", "Алиса 🚀", "O'Brien-Smith", "👍🏽 Sam", "Ω"]
)
def test_ordinary_names_pass(value: str) -> None:
    assert v.name("display_name", value) == unicodedata.normalize("NFC", value)


def test_names_are_nfc_normalised() -> None:
    decomposed = "Jose\u0301"
    assert v.name("display_name", decomposed) == "Jos\u00e9"
    assert len(v.name("display_name", decomposed)) == 4


@pytest.mark.parametrize("value", [PERSIAN, HINDI, f"Family plan {FAMILY}", SCOTLAND + " tour",
                                   "\u05e9\u05dc\u05d5\u05dd\u200f 123"])
def test_titles_keep_joiners_inside_words_flags_and_direction_marks(value: str) -> None:
    assert v.text("title", value, max_len=200) == value


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("\u200cleading joiner", "validation.text_invisible"),
        ("trailing joiner\u200d", "validation.text_invisible"),
        ("Ad\u200bmin panel", "validation.text_invisible"),
        ("Two\nlines", "validation.text_line_break"),
        ("Tab\there", "validation.text_control"),
        ("evil\u202dtitle", "validation.text_bidi"),
        ("bom\ufeffhere", "validation.text_invisible"),
    ],
)
def test_titles_refuse_line_breaks_and_stray_invisible_characters(value: str, code: str) -> None:
    failed = refusal("title", value, TextRule.LINE)
    assert failed.error_code is not None and failed.error_code.code == code
    assert failed.code == "validation.title"


def test_paragraphs_keep_newlines_tabs_joiners_and_break_hints() -> None:
    thai = "\u0e2a\u0e27\u0e31\u0e2a\u0e14\u0e35\u200b\u0e04\u0e23\u0e31\u0e1a"  # with ZWSP
    text = f"Line one\r\n\tindented {FAMILY}\r{PERSIAN} {thai}"
    assert v.paragraphs("description", text, max_len=500) == text.replace("\r\n", "\n").replace(
        "\r", "\n"
    )


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("Looks fine\x00 but", "validation.text_control"),
        ("colour \x1b[31mred\x1b[0m", "validation.text_control"),
        ("order \u202egnp.exe", "validation.text_bidi"),
        ("para\u2029graph", "validation.text_control"),
    ],
)
def test_paragraphs_refuse_other_controls_nul_and_bidi_overrides(value: str, code: str) -> None:
    failed = refusal("description", value, TextRule.PARAGRAPHS)
    assert failed.error_code is not None and failed.error_code.code == code


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("Eve\nModerator: ok", "Eve Moderator: ok"),
        ("Mallory\u202egnp.exe", "Mallorygnp.exe"),
        ("Eve\x07\x1b[31mred", "Eve [31mred"),
        ("\u200b\u3164", "user"),
        ("Jose\u0301", "Jos\u00e9"),
    ],
)
def test_a_chat_platforms_name_is_cleaned_not_refused(given: str, stored: str) -> None:
    assert v.platform_name(given) == stored
