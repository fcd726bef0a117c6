"""The text format of replies: a tiny, safe subset of markup every front end can render.

Telegram-HTML-like tags only: ``<b>``, ``<i>``, ``<code>`` and ``<a href="...">``, plus the
entities ``&amp; &lt; &gt; &quot;``. Telegram sends it as ``parse_mode=HTML`` as is; Discord
converts it with ``to_discord_markdown``; anything else uses ``to_plain``. User content is
always passed through ``escape`` before it is put into a reply, so a user can neither inject
tags nor (on Discord) markdown or mentions.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

TELEGRAM_LIMIT = 4096
DISCORD_LIMIT = 2000

_TOKEN = re.compile(
    r"<(?P<close>/?)(?P<tag>b|i|code)>"
    r'|<a href="(?P<href>[^"<>]*)">'
    r"|(?P<aclose></a>)"
    r"|(?P<entity>&(?:amp|lt|gt|quot|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});)"
)
_ZWSP = "\u200b"


def escape(text: str) -> str:
    """User text made safe to embed in reply markup."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_attr(text: str) -> str:
    return escape(text).replace('"', "&quot;")


def bold(markup: str) -> str:
    return f"<b>{markup}</b>"


def italic(markup: str) -> str:
    return f"<i>{markup}</i>"


def code(markup: str) -> str:
    return f"<code>{markup}</code>"


def link(url: str, label_markup: str) -> str:
    return f'<a href="{escape_attr(url)}">{label_markup}</a>'


@dataclass(frozen=True)
class _Tok:
    kind: str  # "text", "entity", "open", "close"
    raw: str
    name: str = ""
    href: str = ""


def _tokens(text: str) -> list[_Tok]:
    out: list[_Tok] = []
    pos = 0
    for match in _TOKEN.finditer(text):
        if match.start() > pos:
            out.append(_Tok("text", text[pos : match.start()]))
        if match.group("tag"):
            kind = "close" if match.group("close") else "open"
            out.append(_Tok(kind, match.group(0), match.group("tag")))
        elif match.group("href") is not None:
            out.append(_Tok("open", match.group(0), "a", html.unescape(match.group("href"))))
        elif match.group("aclose"):
            out.append(_Tok("close", match.group(0), "a"))
        else:
            out.append(_Tok("entity", match.group(0)))
        pos = match.end()
    if pos < len(text):
        out.append(_Tok("text", text[pos:]))
    return out


def _runs(text: str) -> list[_Tok]:
    """Tokens with adjacent text and entities merged into one unescaped text run."""
    out: list[_Tok] = []
    buffer: list[str] = []
    for tok in _tokens(text):
        if tok.kind == "text":
            buffer.append(tok.raw)
        elif tok.kind == "entity":
            buffer.append(html.unescape(tok.raw))
        else:
            if buffer:
                out.append(_Tok("text", "".join(buffer)))
                buffer = []
            out.append(tok)
    if buffer:
        out.append(_Tok("text", "".join(buffer)))
    return out


def to_plain(text: str) -> str:
    """Markup to plain text: tags dropped, a link's URL kept after its label."""
    out: list[str] = []
    links: list[tuple[str, int]] = []
    for tok in _runs(text):
        if tok.kind == "text":
            out.append(tok.raw)
        elif tok.kind == "open" and tok.name == "a":
            links.append((tok.href, len(out)))
        elif tok.kind == "close" and tok.name == "a" and links:
            href, start = links.pop()
            label = "".join(out[start:]).strip()
            if href and href != label:
                out.append(f" ({href})" if label else href)
    return "".join(out)


def _neutralize_mentions(text: str) -> str:
    text = re.sub(r"@(everyone|here)", "@" + _ZWSP + r"\1", text, flags=re.IGNORECASE)
    return re.sub(r"<([@#])", "<" + r"\1" + _ZWSP, text)


_URL = re.compile(r"(https?://[^\s<>]+)")
_MD_INLINE = re.compile(r"([\\*_~`|\[\]])")


def _escape_markdown(text: str, at_line_start: bool) -> str:
    pieces = _URL.split(text)
    escaped = "".join(
        piece if index % 2 else _MD_INLINE.sub(r"\\\1", piece) for index, piece in enumerate(pieces)
    )
    lines = escaped.split("\n")
    for index, line in enumerate(lines):
        if index == 0 and not at_line_start:
            continue
        line = re.sub(r"^([ \t]*)([#>+\-])", r"\1\\\2", line)
        lines[index] = re.sub(r"^([ \t]*[0-9]+)\.", r"\1\\.", line)
    return "\n".join(lines)


_MD_MARK = {"b": "**", "i": "*", "code": "`"}


def _discord_url(href: str) -> str:
    return href.replace(" ", "%20").replace(")", "%29").replace("<", "%3C").replace(">", "%3E")


def to_discord_markdown(text: str) -> str:
    """Markup to Discord markdown: **bold**, *italic*, `code`, [label](url). User text is
    escaped for markdown and mentions (@everyone, @here, <@id>, <#id>) cannot ping."""
    out: list[str] = []
    stack: list[_Tok] = []
    links: list[tuple[str, int]] = []
    for tok in _runs(text):
        if tok.kind == "text":
            body = _neutralize_mentions(tok.raw)
            if any(t.name == "code" for t in stack):
                out.append(body.replace("`", "ˋ"))
            else:
                joined = "".join(out)
                out.append(_escape_markdown(body, not joined or joined.endswith("\n")))
        elif tok.kind == "open":
            stack.append(tok)
            if tok.name == "a":
                links.append((tok.href, len(out)))
            else:
                out.append(_MD_MARK[tok.name])
        else:
            if not any(t.name == tok.name for t in stack):
                continue
            while stack:
                top = stack.pop()
                out.extend(_close_markdown(top, out, links))
                if top.name == tok.name:
                    break
    while stack:
        out.extend(_close_markdown(stack.pop(), out, links))
    return "".join(out)


def _close_markdown(tok: _Tok, out: list[str], links: list[tuple[str, int]]) -> list[str]:
    if tok.name != "a":
        return [_MD_MARK[tok.name]]
    href, start = links.pop()
    label = "".join(out[start:])
    del out[start:]
    url = _discord_url(href)
    if not href:
        return [label]
    if not label.strip() or label == _escape_markdown(href, False) or label == href:
        return [url]
    return [f"[{label}]({url})"]


def utf16_len(text: str) -> int:
    """Telegram counts message length in UTF-16 code units (an emoji can be two)."""
    return len(text.encode("utf-16-le")) // 2


def _atoms(text: str) -> list[_Tok]:
    atoms: list[_Tok] = []
    for tok in _tokens(text):
        if tok.kind == "text":
            atoms.extend(_Tok("text", ch) for ch in tok.raw)
        else:
            atoms.append(tok)
    return atoms


def _closing(stack: tuple[_Tok, ...]) -> str:
    return "".join(f"</{t.name}>" for t in reversed(stack))


def _push(stack: tuple[_Tok, ...], tok: _Tok) -> tuple[_Tok, ...]:
    if tok.kind == "open":
        return (*stack, tok)
    if tok.kind == "close":
        names = [t.name for t in stack]
        if tok.name in names:
            return stack[: len(names) - 1 - names[::-1].index(tok.name)]
    return stack


def split_text(
    text: str, limit: int = TELEGRAM_LIMIT, *, measure: Callable[[str], int] = utf16_len
) -> list[str]:
    """Split markup into messages of at most ``limit`` (by ``measure``), never truncating.

    Splits at a paragraph break, else a line break, else a space, else anywhere outside a tag
    or entity. Tags open at a split are closed at the end of one part and reopened at the
    start of the next, so every part is valid markup on its own. The separator at a split
    (the blank line, newline or space) is dropped; every other character is kept in order.
    """
    if limit < 32:
        raise ValueError("limit must be at least 32")
    if measure(text) <= limit:
        return [text] if text else []
    atoms = _atoms(text)
    raws = [a.raw for a in atoms]
    stacks: list[tuple[_Tok, ...]] = [()]
    for atom in atoms:
        stacks.append(_push(stacks[-1], atom))
    n = len(atoms)
    chunks: list[str] = []
    start = 0
    while start < n:
        prefix = "".join(t.raw for t in stacks[start])

        def render(end: int, start: int = start, prefix: str = prefix) -> str:
            return prefix + "".join(raws[start:end]) + _closing(stacks[end])

        if measure(render(n)) <= limit:
            chunks.append(render(n))
            break
        if measure(render(start + 1)) > limit:
            # A link too long to fit even around one character: this part shows its label
            # as plain text rather than breaking the limit.
            prefix = "".join(t.raw for t in stacks[start] if t.name != "a")

            def render(end: int, start: int = start, prefix: str = prefix) -> str:
                body = []
                for index in range(start, end):
                    atom = atoms[index]
                    popped = stacks[index][len(stacks[index + 1]) :]
                    if atom.name == "a" or any(t.name == "a" for t in popped):
                        continue
                    body.append(atom.raw)
                stack = tuple(t for t in stacks[end] if t.name != "a")
                return prefix + "".join(body) + _closing(stack)

        end = _longest_fit(render, start, n, limit, measure)
        cut, resume = _boundary(raws, start, end)
        if any(a.kind in ("text", "entity") and a.raw.strip() for a in atoms[start:cut]):
            chunks.append(render(cut))
        start = resume
    return chunks


def _longest_fit(
    render: Callable[[int], str], start: int, n: int, limit: int, measure: Callable[[str], int]
) -> int:
    """The largest end in (start, n) whose rendering fits; at least start + 1 (progress)."""
    good, size = start + 1, 64
    bad = n
    while start + size < n:
        if measure(render(start + size)) <= limit:
            good = start + size
            size *= 2
        else:
            bad = start + size
            break
    if not measure(render(good)) <= limit:
        return start + 1
    while bad - good > 1:
        mid = (good + bad) // 2
        if measure(render(mid)) <= limit:
            good = mid
        else:
            bad = mid
    return good


def _boundary(raws: list[str], start: int, end: int) -> tuple[int, int]:
    """Where to cut inside [start, end): (end of this part, start of the next)."""
    floor = start + (end - start) // 3
    for separator in ("\n\n", "\n", " "):
        width = len(separator)
        for index in range(end - width, start, -1):
            if "".join(raws[index : index + width]) == separator:
                if index > floor or separator == " ":
                    return index, index + width
                break
    return end, end
