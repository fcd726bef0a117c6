"""The page the verification email links to.

The link is ``/verify-email#token=...``: a fragment never leaves the browser, so the token
is in no request line, access log or proxy log. The page is static HTML with a form that
POSTs the token; a small script served from this origin (no inline script, under a strict
content-security policy) copies the fragment into the form and wipes it from the address
bar. Without JavaScript the reader pastes the token from the email. Nothing is verified
until the button is pressed, so a mail scanner opening the link spends nothing.
"""

from __future__ import annotations

import html
from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.deps import Anonymous, Ctx
from core.accounts.api_access import verify_email
from core.shared.errors import MarketplaceError

PAGE_PATH = "/verify-email"
SCRIPT_PATH = "/verify-email.js"

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'none'; img-src 'none'; "
    "connect-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
}

_SCRIPT = """\
// Moves the token from the link's fragment into the form, then drops it from the address
// bar and the history: the fragment was never sent to a server, and now it stays nowhere.
(function () {
  var match = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
  if (!match) { return; }
  var field = document.getElementById("token");
  try { field.value = decodeURIComponent(match[1]); } catch (e) { field.value = match[1]; }
  window.history.replaceState(null, "", window.location.pathname);
  document.getElementById("submit").focus();
})();
"""

_FORM = """\
<form method="post">
<p><label for="token">Verification token</label><br>
<input id="token" name="token" type="text" required maxlength="200" autocomplete="off"
 spellcheck="false" size="48"></p>
<p><button id="submit" type="submit">Verify my email</button></p>
</form>"""

_PAGE = """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>{title} · BotGig</title>
</head>
<body>
<main>
<h1>{title}</h1>
{body}
</main>
{script}
</body>
</html>
"""

router = APIRouter(include_in_schema=False)


def page(title: str, body: str, *, status: int = 200, script: bool = False) -> HTMLResponse:
    tag = f'<script src="{SCRIPT_PATH.lstrip("/")}"></script>' if script else ""
    return HTMLResponse(
        _PAGE.format(title=html.escape(title), body=body, script=tag),
        status_code=status,
        headers=HEADERS,
    )


@router.get(PAGE_PATH)
async def verification_page() -> HTMLResponse:
    return page(
        "Verify your email",
        "<p>Press the button to confirm the email address of your BotGig account. If the "
        "token below is empty, paste the one from the email.</p>\n" + _FORM,
        script=True,
    )


@router.get(SCRIPT_PATH)
async def verification_script() -> Response:
    return Response(
        _SCRIPT,
        media_type="text/javascript",
        headers={"Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff"},
    )


@router.post(PAGE_PATH)
async def verify_from_page(
    ctx: Ctx, _limit: Anonymous, token: Annotated[str, Form(max_length=200)] = ""
) -> HTMLResponse:
    try:
        account = await verify_email(ctx, token=token)
    except MarketplaceError as exc:
        return page(
            "Your email is not verified",
            f"<p>{html.escape(exc.message)}</p>\n" + _FORM,
            status=exc.status,
        )
    return page(
        "Your email is verified",
        f"<p>{html.escape(account.email or '')} is verified: your API key can now post jobs, "
        "apply and deliver. You can close this page.</p>",
    )


@router.get("/api/auth/verify-email")
async def old_verification_link() -> RedirectResponse:
    """Links mailed before the page existed carried the token in the query; the token is
    not used from there (nor read), the reader is sent to the page to paste it."""
    return RedirectResponse(PAGE_PATH, status_code=303, headers={"Cache-Control": "no-store"})
