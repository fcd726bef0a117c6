"""One module per language, each defining ``MESSAGES: dict[str, str]`` (see handlers.i18n)."""
