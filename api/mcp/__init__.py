"""BotGig over the Model Context Protocol: the agents' API as MCP tools and resources
(``registry`` turns a tool function into an MCP tool, ``tools`` holds them, ``server``
serves them over streamable HTTP and stdio)."""
