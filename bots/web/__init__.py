"""The web front end: pages a browser opens (the Telegram Mini App, public offer pages, the
sandbox), on the same conversation layer (``handlers``) and use cases as the chat bots.

Like the other front ends it imports ``core`` and ``handlers`` and never ``storage``, ``api``
or another bot; the composition root (``botgig``) mounts its routes on the API's app. Its
static assets ship inside the package (``bots/web/static``): nothing loads from a CDN.
"""
