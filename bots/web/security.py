"""The headers every page of the web front end is served with.

One strict policy for all of them: scripts, styles and images only from this origin, no
inline script or style (so user content that slipped through escaping still cannot run),
JSON and server-sent events only back to this origin, no plugins, no framing except where a
page says so (the Mini App is shown inside Telegram's own web view, not in a frame of ours).
"""

from __future__ import annotations

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'; object-src 'none'"
)


def page_headers(*, cache: str = "no-store") -> dict[str, str]:
    """Headers for an HTML page or a static asset of the web front end."""
    return {
        "Content-Security-Policy": CONTENT_SECURITY_POLICY,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cache-Control": cache,
    }
