"""The moderators' admin channel (``AdminApp``), on the same router, catalog and usage
errors as the user commands."""
