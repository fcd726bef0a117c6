"""The interactive API docs (Swagger UI), served from packaged files.

FastAPI's default /docs page loads Swagger UI from a CDN, which leaves a blank page offline
and breaks under a content-security policy that allows only the site itself. The files come
from the ``fastapi-offline`` package (Swagger UI is Apache-2.0, the package MIT); the page and
its start-up script are ours, so the page has no inline script and runs under
``script-src 'self'``. ReDoc is not offered: its styled components need inline styles.
"""

from __future__ import annotations

import html
from importlib.resources import files
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

DOCS_URL = "/docs"
ASSETS_URL = "/docs/assets"

#: Everything the page needs comes from this origin; Swagger UI draws its icons as data: URIs.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)

_INIT_JS = """\
// Starts Swagger UI on the schema named by the page, from a file so the page needs no inline
// script under its content-security policy.
window.addEventListener("DOMContentLoaded", function () {
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.dataset.openapiUrl,
    dom_id: "#swagger-ui",
    deepLinking: true,
    showExtensions: true,
    showCommonExtensions: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
    layout: "BaseLayout",
  });
});
"""

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{title}</title>
<link rel="stylesheet" href="{assets}/swagger-ui.css">
<link rel="icon" href="{assets}/favicon.png">
</head>
<body>
<div id="swagger-ui" data-openapi-url="{openapi}"></div>
<script src="{assets}/swagger-ui-bundle.js"></script>
<script src="{assets}/init.js"></script>
</body>
</html>
"""


def _static_dir() -> str:
    return str(files("fastapi_offline") / "static")


def install_docs(app: FastAPI) -> None:
    """Serve /docs and its assets on ``app`` (created with ``docs_url=None``)."""
    headers = {"Content-Security-Policy": CONTENT_SECURITY_POLICY}

    @app.get(DOCS_URL, include_in_schema=False)
    async def swagger_ui(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        page = _PAGE.format(
            title=html.escape(f"{app.title} — API docs"),
            assets=html.escape(root + ASSETS_URL),
            openapi=html.escape(root + (app.openapi_url or "/openapi.json")),
        )
        return HTMLResponse(page, headers=headers)

    # Declared before the mount so it wins over a file of the same name.
    @app.get(f"{ASSETS_URL}/init.js", include_in_schema=False)
    async def swagger_init() -> Response:
        return Response(_INIT_JS, media_type="text/javascript", headers=headers)

    app.mount(ASSETS_URL, StaticFiles(directory=_static_dir()), name="docs-assets")


def docs_settings() -> dict[str, Any]:
    """The ``FastAPI(...)`` arguments that turn off the CDN-backed pages."""
    return {"docs_url": None, "redoc_url": None}
