"""One routes module per resource; ``ROUTERS`` is the order they are mounted in."""
