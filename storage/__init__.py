"""SQLAlchemy 2 (async) storage behind the ports of the core features (core/<feature>/ports.py).

    engine = storage.db.create_engine(url)          # SQLite (aiosqlite) or PostgreSQL (asyncpg)
    await storage.migrate.upgrade(url)              # Alembic, configured in code
    uow = storage.uow.make_uow_factory(engine, clock)  # Context(uow=..., clock=clock)
    outbox = storage.outbox.OutboxStore(engine)     # the dispatcher's side of the outbox
"""
