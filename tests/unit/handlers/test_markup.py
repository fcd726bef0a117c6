"""The reply markup: escaping, plain and Discord conversions, and splitting long texts."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handlers.markup import (
    DISCORD_LIMIT,
    TELEGRAM_LIMIT,
    bold,
    escape,
    link,
    split_text,
    to_discord_markdown,
    to_plain,
    utf16_len,
)

TAG = re.compile(r"</?(?:b|i|code)>|<a href=\"[^\"]*\">|</a>")


def text_of(markup: str) -> str:
    """The visible characters of markup: tags removed, entities decoded."""
    return html.unescape(TAG.sub("", markup))


def test_escape_neutralises_tags_and_entities() -> None:
    assert escape("<b>x</b> & <script>") == "&lt;b&gt;x&lt;/b&gt; &amp; &lt;script&gt;"
    assert to_plain(bold(escape("a < b & c"))) == "a < b & c"


def test_to_plain_keeps_link_targets() -> None:
    text = bold("Offer") + " " + link("https://x.io/a?b=1&c=2", "the file")
    assert to_plain(text) == "Offer the file (https://x.io/a?b=1&c=2)"
    assert to_plain(link("https://x.io", "https://x.io")) == "https://x.io"


def test_to_discord_markdown_converts_tags() -> None:
    text = f"{bold('Title')} <i>note</i> <code>a_b</code> {link('https://x.io/a)', 'file')}"
    assert to_discord_markdown(text) == "**Title** *note* `a_b` [file](https://x.io/a%29)"


@pytest.mark.parametrize(
    ("user", "forbidden"),
    [
        ("@everyone look", "@everyone"),
        ("@here now", "@here"),
        ("hi <@123456>", "<@1"),
        ("role <@&42>", "<@&"),
        ("chan <#99>", "<#9"),
    ],
)
def test_discord_mentions_in_user_text_cannot_ping(user: str, forbidden: str) -> None:
    out = to_discord_markdown("Message: " + escape(user))
    assert forbidden not in out
    assert out.replace("\u200b", "").endswith(user)


def test_discord_markdown_in_user_text_is_escaped() -> None:
    out = to_discord_markdown(escape("**bold** _it_ `code` ~~s~~ ||spoiler|| [x](y)"))
    assert "\\*\\*bold\\*\\*" in out
    assert "\\_it\\_" in out
    assert "\\`code\\`" in out
    assert "\\|\\|spoiler\\|\\|" in out
    assert "\\[x\\](y)" in out
    assert to_discord_markdown(escape("# heading\n> quote\n- item\n1. first")) == (
        "\\# heading\n\\> quote\n\\- item\n1\\. first"
    )


def test_discord_keeps_urls_intact() -> None:
    assert to_discord_markdown("see https://x.io/a_b*c") == "see https://x.io/a_b*c"


def test_discord_code_cannot_break_out() -> None:
    assert to_discord_markdown("<code>" + escape("a`b") + "</code>") == "`aˋb`"


def test_unbalanced_markup_is_closed() -> None:
    assert to_discord_markdown("<b>open") == "**open**"
    assert to_plain("<b>open") == "open"


def test_short_text_is_one_part() -> None:
    assert split_text("hello", 100) == ["hello"]
    assert split_text("", 100) == []


def test_split_prefers_paragraphs_then_lines_then_spaces() -> None:
    paragraphs = "\n\n".join(["a" * 40, "b" * 40, "c" * 40])
    assert split_text(paragraphs, 90) == ["a" * 40 + "\n\n" + "b" * 40, "c" * 40]
    lines = "\n".join(["a" * 40, "b" * 40, "c" * 40])
    assert split_text(lines, 90) == ["a" * 40 + "\n" + "b" * 40, "c" * 40]
    words = " ".join(["word"] * 30)
    parts = split_text(words, 50)
    assert all(len(p) <= 50 for p in parts)
    assert " ".join(parts) == words


def test_split_never_breaks_tags_or_entities() -> None:
    text = "<b>" + "x &amp; y " * 40 + "</b>" + link("https://x.io", "z" * 80)
    parts = split_text(text, 64)
    for part in parts:
        assert len(part) <= 64
        # every part is balanced markup on its own
        assert part.count("<b>") == part.count("</b>")
        assert part.count("<a ") == part.count("</a>")
        assert not re.search(r"&[a-z]*$", part)
        assert not re.search(r"<[^>]*$", part)
    assert text_of("".join(parts)).replace(" ", "") == text_of(text).replace(" ", "")


def test_split_hard_cuts_a_long_word_without_losing_it() -> None:
    word = "x" * 250
    parts = split_text(word, 100)
    assert "".join(parts) == word
    assert all(len(p) <= 100 for p in parts)


def test_split_counts_utf16_like_telegram() -> None:
    emoji = "😀" * 3000
    parts = split_text(emoji, TELEGRAM_LIMIT)
    assert all(utf16_len(p) <= TELEGRAM_LIMIT for p in parts)
    assert "".join(parts) == emoji


def test_split_with_a_discord_measure() -> None:
    text = escape("*_" * 1500)
    parts = split_text(text, DISCORD_LIMIT, measure=lambda s: len(to_discord_markdown(s)))
    assert all(len(to_discord_markdown(p)) <= DISCORD_LIMIT for p in parts)
    assert text_of("".join(parts)) == "*_" * 1500


def test_split_rejects_a_silly_limit() -> None:
    with pytest.raises(ValueError):
        split_text("x" * 100, 5)


_pieces = st.one_of(
    st.text(alphabet="ab \n", min_size=1, max_size=30),
    st.text(min_size=1, max_size=10).map(escape),
    st.text(alphabet="xyz ", min_size=1, max_size=20).map(bold),
    st.just("\n\n"),
    st.text(alphabet="pq", min_size=1, max_size=15).map(lambda s: link("https://e.io/" + s, s)),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_pieces, max_size=40), st.integers(min_value=40, max_value=200))
def test_split_never_truncates(pieces: list[str], limit: int) -> None:
    text = "".join(pieces)
    parts = split_text(text, limit)
    for part in parts:
        assert utf16_len(part) <= limit
    # Only the separator at each cut (a space or newline) may be dropped, nothing else.
    kept = re.sub(r"\s", "", text_of("".join(parts)))
    assert kept == re.sub(r"\s", "", text_of(text))
