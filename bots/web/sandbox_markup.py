"""Reply markup (``handlers.markup``: Telegram-flavoured HTML) as runs of plain text with
their styles, for the sandbox page to build with ``textContent``.

The page never parses HTML: the server reads the markup with the standard library's HTML
parser, keeps the allow-list the conversation layer writes (``b``, ``i``, ``code``,
``a href`` to http, https or tg), and hands the page text runs. User content was escaped by
the handlers, so it arrives here as entities and leaves as the characters themselves, which
the browser shows as text: a ``<img onerror=...>`` in a title stays a string. Anything
outside the allow-list (a tag the handlers never write) is shown literally, not dropped,
so a rendering bug is visible rather than silent.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

STYLES = ("b", "i", "code")
LINK_SCHEMES = ("http://", "https://", "tg://")


class _Runs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.runs: list[dict[str, Any]] = []
        self.open: list[str] = []
        self.href: list[str | None] = []

    def _text(self, text: str) -> None:
        if not text:
            return
        styles = sorted(set(self.open))
        href = next((h for h in reversed(self.href) if h), None)
        last = self.runs[-1] if self.runs else None
        if last is not None and last["s"] == styles and last.get("href") == href:
            last["t"] += text
            return
        run: dict[str, Any] = {"t": text, "s": styles}
        if href is not None:
            run["href"] = href
        self.runs.append(run)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in STYLES and not attrs:
            self.open.append(tag)
        elif tag == "a" and len(attrs) == 1 and attrs[0][0] == "href":
            href = attrs[0][1] or ""
            self.href.append(href if href.startswith(LINK_SCHEMES) else None)
        else:
            self._text(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in STYLES and tag in self.open:
            del self.open[len(self.open) - 1 - self.open[::-1].index(tag)]
        elif tag == "a" and self.href:
            self.href.pop()
        else:
            self._text(f"</{tag}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._text(self.get_starttag_text() or "")

    def handle_data(self, data: str) -> None:
        self._text(data)

    def handle_comment(self, data: str) -> None:
        self._text(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self._text(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self._text(f"<?{data}>")

    def unknown_decl(self, data: str) -> None:
        self._text(f"<![{data}]>")


def to_runs(markup: str) -> list[dict[str, Any]]:
    """``[{"t": text, "s": [styles], "href": url?}, ...]`` in reading order."""
    parser = _Runs()
    parser.feed(markup)
    parser.close()
    # Whatever the parser still holds (an unclosed "<" at the end) is text too.
    rest = parser.rawdata
    if rest:
        parser._text(rest)
    return parser.runs
