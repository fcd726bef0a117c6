"""The Discord front end (discord.py 2): slash commands, buttons, modals and DM
notifications over the shared conversation layer (``handlers``)."""

from bots.discord.app import BotGigBot, DiscordFrontEnd
from bots.discord.transport import DiscordTransport

__all__ = ["BotGigBot", "DiscordFrontEnd", "DiscordTransport"]
