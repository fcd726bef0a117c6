"""The Telegram front end (aiogram 3).

It only translates: Telegram updates become ``handlers.types.Incoming``, the conversation
layer's ``Reply`` and ``Notification`` objects become native messages with inline keyboards.
Every rule lives in core and every text in handlers. Start with ``bots.telegram.app``.
"""
