"""The initial schema: accounts, listings, orders, timers, reviews, disputes, the ledger,
the outbox and chat state; plus full-text search (FTS5 tables kept in sync by triggers on
SQLite, GIN expression indexes on PostgreSQL).

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TIME = sa.DateTime(timezone=True)

#: Listings searchable by words; the columns must match storage.listings.word_match.
SEARCHABLE = ("offer", "request")


def upgrade() -> None:
    op.create_table('account',
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('display_name', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('created_at', TIME, nullable=False),
    sa.Column('username', sa.String(length=64), nullable=True),
    sa.Column('supervisor_id', ID, nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('verification', sa.String(length=16), nullable=False),
    sa.Column('roles', sa.JSON(), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=True),
    sa.Column('email_verified', sa.Boolean(), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('api_access_until', TIME, nullable=True),
    sa.Column('username_changes', sa.Integer(), nullable=False),
    sa.Column('trust_score', sa.Integer(), nullable=False),
    sa.Column('ban_reason', sa.Text(), nullable=True),
    sa.Column('notify_platform', sa.String(length=16), nullable=True),
    sa.Column('last_platform', sa.String(length=16), nullable=True),
    sa.ForeignKeyConstraint(['supervisor_id'], ['account.id'], name=op.f('fk_account_supervisor_id_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account')),
    sa.UniqueConstraint('email', name=op.f('uq_account_email')),
    sa.UniqueConstraint('username', name=op.f('uq_account_username'))
    )
    op.create_index('ix_account_supervisor_id', 'account', ['supervisor_id'], unique=False)
    op.create_index('ix_account_trust_score', 'account', ['trust_score'], unique=False)

    op.create_table('audit_entry',
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('actor_id', ID, nullable=True),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('subject', sa.String(length=64), nullable=False),
    sa.Column('created_at', TIME, nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entry'))
    )
    op.create_index('ix_audit_entry_subject', 'audit_entry', ['subject'], unique=False)

    op.create_table('conversation_state',
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('state', sa.JSON(), nullable=False),
    sa.Column('updated_at', TIME, nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_conversation_state'))
    )
    op.create_table('dedup_key',
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('created_at', TIME, nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_dedup_key'))
    )
    op.create_index('ix_dedup_key_created_at', 'dedup_key', ['created_at'], unique=False)

    op.create_table('ledger_balance',
    sa.Column('ledger_account', sa.String(length=64), nullable=False),
    sa.Column('asset', sa.String(length=16), nullable=False),
    sa.Column('balance', sa.BigInteger(), nullable=False),
    sa.CheckConstraint("balance >= 0 OR ledger_account LIKE 'world:%'", name=op.f('ck_ledger_balance_non_negative')),
    sa.PrimaryKeyConstraint('ledger_account', 'asset', name=op.f('pk_ledger_balance'))
    )
    op.create_table('ledger_transaction',
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('type', sa.String(length=32), nullable=False),
    sa.Column('asset', sa.String(length=16), nullable=False),
    sa.Column('idempotency_key', sa.String(length=200), nullable=False),
    sa.Column('memo', sa.Text(), nullable=False),
    sa.Column('account_id', ID, nullable=True),
    sa.Column('actor_id', ID, nullable=True),
    sa.Column('reference', sa.String(length=200), nullable=True),
    sa.Column('created_at', TIME, nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ledger_transaction')),
    sa.UniqueConstraint('idempotency_key', name=op.f('uq_ledger_transaction_idempotency_key'))
    )
    op.create_table('outbox_event',
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('event_id', sa.String(length=64), nullable=False),
    sa.Column('type', sa.String(length=64), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('recipients', sa.JSON(), nullable=False),
    sa.Column('channels', sa.JSON(), nullable=False),
    sa.Column('occurred_at', TIME, nullable=False),
    sa.Column('created_at', TIME, nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', TIME, nullable=False),
    sa.Column('locked_until', TIME, nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('done_at', TIME, nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_event')),
    sa.UniqueConstraint('event_id', name=op.f('uq_outbox_event_event_id'))
    )
    op.create_index('ix_outbox_event_status_next_attempt_at', 'outbox_event', ['status', 'next_attempt_at'], unique=False)

    op.create_table('timer',
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('subject', sa.String(length=16), nullable=False),
    sa.Column('subject_id', ID, nullable=False),
    sa.Column('due_at', TIME, nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', TIME, nullable=False),
    sa.Column('for_status', sa.String(length=32), nullable=True),
    sa.Column('remaining_seconds', sa.BigInteger(), nullable=True),
    sa.Column('fired_at', TIME, nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_timer'))
    )
    op.create_index('ix_timer_status_due_at', 'timer', ['status', 'due_at'], unique=False)
    op.create_index('ix_timer_subject_subject_id', 'timer', ['subject', 'subject_id'], unique=False)

    op.create_table('identity',
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('provider', sa.String(length=32), nullable=False),
    sa.Column('external_id', sa.String(length=320), nullable=False),
    sa.Column('account_id', ID, nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_identity_account_id_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_identity')),
    sa.UniqueConstraint('provider', 'external_id', name=op.f('uq_identity_provider_external_id'))
    )
    op.create_index('ix_identity_account_id', 'identity', ['account_id'], unique=False)

    op.create_table('ledger_entry',
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('transaction_id', ID, nullable=False),
    sa.Column('ledger_account', sa.String(length=64), nullable=False),
    sa.Column('asset', sa.String(length=16), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['transaction_id'], ['ledger_transaction.id'], name=op.f('fk_ledger_entry_transaction_id_ledger_transaction')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ledger_entry'))
    )
    op.create_index('ix_ledger_entry_account_asset_tx', 'ledger_entry', ['ledger_account', 'asset', 'transaction_id'], unique=False)

    op.create_table('offer',
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('seller_id', ID, nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('category', sa.String(length=64), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('inputs', sa.Text(), nullable=False),
    sa.Column('output_format', sa.Text(), nullable=False),
    sa.Column('delivery_days', sa.Integer(), nullable=False),
    sa.Column('bot_pct', sa.Integer(), nullable=False),
    sa.Column('price_cents', sa.BigInteger(), nullable=False),
    sa.Column('currency', sa.String(length=8), nullable=False),
    sa.Column('revisions_included', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', TIME, nullable=False),
    sa.Column('updated_at', TIME, nullable=False),
    sa.Column('expires_at', TIME, nullable=True),
    sa.Column('boosted_until', TIME, nullable=True),
    sa.Column('requires_signoff', sa.Boolean(), nullable=False),
    sa.Column('hidden_reason', sa.Text(), nullable=True),
    sa.Column('status_before_hidden', sa.String(length=16), nullable=True),
    sa.ForeignKeyConstraint(['seller_id'], ['account.id'], name=op.f('fk_offer_seller_id_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_offer'))
    )
    op.create_index('ix_offer_expires_at', 'offer', ['expires_at'], unique=False)
    op.create_index('ix_offer_seller_id', 'offer', ['seller_id'], unique=False)
    op.create_index('ix_offer_status_boosted_until', 'offer', ['status', 'boosted_until'], unique=False)
    op.create_index('ix_offer_status_category', 'offer', ['status', 'category'], unique=False)
    op.create_index('ix_offer_status_created_at', 'offer', ['status', 'created_at'], unique=False)
    op.create_index('ix_offer_status_price', 'offer', ['status', 'price_cents'], unique=False)

    op.create_table('outbox_delivery',
    sa.Column('event_id', sa.String(length=64), nullable=False),
    sa.Column('sink', sa.String(length=64), nullable=False),
    sa.Column('delivered_at', TIME, nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['outbox_event.event_id'], name=op.f('fk_outbox_delivery_event_id_outbox_event'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', 'sink', name=op.f('pk_outbox_delivery'))
    )
    op.create_table('request',
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('buyer_id', ID, nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('category', sa.String(length=64), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('inputs', sa.Text(), nullable=False),
    sa.Column('budget_min_cents', sa.BigInteger(), nullable=False),
    sa.Column('budget_max_cents', sa.BigInteger(), nullable=False),
    sa.Column('currency', sa.String(length=8), nullable=False),
    sa.Column('deadline', TIME, nullable=False),
    sa.Column('proofers_wanted', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', TIME, nullable=False),
    sa.Column('updated_at', TIME, nullable=False),
    sa.Column('hidden_reason', sa.Text(), nullable=True),
    sa.Column('status_before_hidden', sa.String(length=16), nullable=True),
    sa.ForeignKeyConstraint(['buyer_id'], ['account.id'], name=op.f('fk_request_buyer_id_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_request'))
    )
    op.create_index('ix_request_buyer_id', 'request', ['buyer_id'], unique=False)
    op.create_index('ix_request_deadline', 'request', ['deadline'], unique=False)
    op.create_index('ix_request_status_budget', 'request', ['status', 'budget_min_cents', 'budget_max_cents'], unique=False)
    op.create_index('ix_request_status_category', 'request', ['status', 'category'], unique=False)
    op.create_index('ix_request_status_created_at', 'request', ['status', 'created_at'], unique=False)

    op.create_table('proposal',
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('request_id', ID, nullable=False),
    sa.Column('seller_id', ID, nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('price_cents', sa.BigInteger(), nullable=False),
    sa.Column('timeline_days', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', TIME, nullable=False),
    sa.Column('updated_at', TIME, nullable=False),
    sa.ForeignKeyConstraint(['request_id'], ['request.id'], name=op.f('fk_proposal_request_id_request')),
    sa.ForeignKeyConstraint(['seller_id'], ['account.id'], name=op.f('fk_proposal_seller_id_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal'))
    )
    op.create_index('ix_proposal_request_id', 'proposal', ['request_id'], unique=False)
    op.create_index('ix_proposal_seller_id_request_id', 'proposal', ['seller_id', 'request_id'], unique=False)
    op.create_index('uq_proposal_one_pending', 'proposal', ['request_id', 'seller_id'], unique=True, sqlite_where=sa.text("status = 'pending'"), postgresql_where=sa.text("status = 'pending'"))

    op.create_table('marketplace_order',
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('buyer_id', ID, nullable=False),
    sa.Column('seller_id', ID, nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('price_cents', sa.BigInteger(), nullable=False),
    sa.Column('currency', sa.String(length=8), nullable=False),
    sa.Column('payment_mode', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('revisions_included', sa.Integer(), nullable=False),
    sa.Column('delivery_days', sa.Integer(), nullable=False),
    sa.Column('due_at', TIME, nullable=False),
    sa.Column('created_at', TIME, nullable=False),
    sa.Column('updated_at', TIME, nullable=False),
    sa.Column('offer_id', ID, nullable=True),
    sa.Column('request_id', ID, nullable=True),
    sa.Column('proposal_id', ID, nullable=True),
    sa.Column('revisions_used', sa.Integer(), nullable=False),
    sa.Column('requires_signoff', sa.Boolean(), nullable=False),
    sa.Column('proofers_wanted', sa.Integer(), nullable=False),
    sa.Column('resume_status', sa.String(length=32), nullable=True),
    sa.Column('cancel_requested_by', ID, nullable=True),
    sa.Column('delivered_at', TIME, nullable=True),
    sa.Column('completed_at', TIME, nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['buyer_id'], ['account.id'], name=op.f('fk_marketplace_order_buyer_id_account')),
    sa.ForeignKeyConstraint(['offer_id'], ['offer.id'], name=op.f('fk_marketplace_order_offer_id_offer')),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposal.id'], name=op.f('fk_marketplace_order_proposal_id_proposal')),
    sa.ForeignKeyConstraint(['request_id'], ['request.id'], name=op.f('fk_marketplace_order_request_id_request')),
    sa.ForeignKeyConstraint(['seller_id'], ['account.id'], name=op.f('fk_marketplace_order_seller_id_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_marketplace_order'))
    )
    op.create_index('ix_marketplace_order_buyer_id_status', 'marketplace_order', ['buyer_id', 'status'], unique=False)
    op.create_index('ix_marketplace_order_offer_id', 'marketplace_order', ['offer_id'], unique=False)
    op.create_index('ix_marketplace_order_request_id', 'marketplace_order', ['request_id'], unique=False)
    op.create_index('ix_marketplace_order_seller_id_status', 'marketplace_order', ['seller_id', 'status'], unique=False)

    op.create_table('delivery',
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('order_id', ID, nullable=False),
    sa.Column('author_id', ID, nullable=False),
    sa.Column('authorship', sa.String(length=16), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', TIME, nullable=False),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('attachment', sa.JSON(), nullable=True),
    sa.Column('provenance', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['account.id'], name=op.f('fk_delivery_author_id_account')),
    sa.ForeignKeyConstraint(['order_id'], ['marketplace_order.id'], name=op.f('fk_delivery_order_id_marketplace_order')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_delivery'))
    )
    op.create_index('ix_delivery_order_id', 'delivery', ['order_id'], unique=False)

    op.create_table('dispute',
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('order_id', ID, nullable=False),
    sa.Column('opened_by', ID, nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', TIME, nullable=False),
    sa.Column('claimed_by', ID, nullable=True),
    sa.Column('claimed_at', TIME, nullable=True),
    sa.Column('ruling', sa.String(length=16), nullable=True),
    sa.Column('split_pct', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('resolved_at', TIME, nullable=True),
    sa.Column('resolved_by', ID, nullable=True),
    sa.ForeignKeyConstraint(['opened_by'], ['account.id'], name=op.f('fk_dispute_opened_by_account')),
    sa.ForeignKeyConstraint(['order_id'], ['marketplace_order.id'], name=op.f('fk_dispute_order_id_marketplace_order')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dispute'))
    )
    op.create_index('ix_dispute_order_id', 'dispute', ['order_id'], unique=False)
    op.create_index('ix_dispute_status_created_at', 'dispute', ['status', 'created_at'], unique=False)

    op.create_table('order_event',
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('order_id', ID, nullable=False),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('from_status', sa.String(length=32), nullable=True),
    sa.Column('to_status', sa.String(length=32), nullable=False),
    sa.Column('actor_id', ID, nullable=True),
    sa.Column('actor_role', sa.String(length=64), nullable=False),
    sa.Column('created_at', TIME, nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['order_id'], ['marketplace_order.id'], name=op.f('fk_order_event_order_id_marketplace_order')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_order_event'))
    )
    op.create_index('ix_order_event_order_id', 'order_event', ['order_id'], unique=False)

    op.create_table('order_message',
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('order_id', ID, nullable=False),
    sa.Column('author_id', ID, nullable=False),
    sa.Column('authorship', sa.String(length=16), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', TIME, nullable=False),
    sa.Column('attachment', sa.JSON(), nullable=True),
    sa.Column('redacted', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['account.id'], name=op.f('fk_order_message_author_id_account')),
    sa.ForeignKeyConstraint(['order_id'], ['marketplace_order.id'], name=op.f('fk_order_message_order_id_marketplace_order')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_order_message'))
    )
    op.create_index('ix_order_message_order_id', 'order_message', ['order_id'], unique=False)

    op.create_table('review',
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('order_id', ID, nullable=False),
    sa.Column('author_id', ID, nullable=False),
    sa.Column('subject_id', ID, nullable=False),
    sa.Column('rating', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', TIME, nullable=False),
    sa.Column('revealed_at', TIME, nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['account.id'], name=op.f('fk_review_author_id_account')),
    sa.ForeignKeyConstraint(['order_id'], ['marketplace_order.id'], name=op.f('fk_review_order_id_marketplace_order')),
    sa.ForeignKeyConstraint(['subject_id'], ['account.id'], name=op.f('fk_review_subject_id_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review')),
    sa.UniqueConstraint('order_id', 'author_id', name=op.f('uq_review_order_id_author_id'))
    )
    op.create_index('ix_review_subject_id', 'review', ['subject_id'], unique=False)
    _create_search()



def _create_search() -> None:
    dialect = op.get_bind().dialect.name
    for table in SEARCHABLE:
        if dialect == "sqlite":
            # External-content FTS5: the index stores only tokens, read from the table.
            op.execute(
                f"CREATE VIRTUAL TABLE {table}_fts USING fts5("
                f"title, description, inputs, content='{table}', content_rowid='id')"
            )
            new = "new.id, new.title, new.description, new.inputs"
            old = "'delete', old.id, old.title, old.description, old.inputs"
            columns = f"{table}_fts(rowid, title, description, inputs)"
            removal = f"{table}_fts({table}_fts, rowid, title, description, inputs)"
            op.execute(
                f"CREATE TRIGGER {table}_fts_insert AFTER INSERT ON {table} BEGIN "
                f"INSERT INTO {columns} VALUES ({new}); END"
            )
            op.execute(
                f"CREATE TRIGGER {table}_fts_delete AFTER DELETE ON {table} BEGIN "
                f"INSERT INTO {removal} VALUES ({old}); END"
            )
            op.execute(
                f"CREATE TRIGGER {table}_fts_update AFTER UPDATE OF title, description, inputs "
                f"ON {table} BEGIN "
                f"INSERT INTO {removal} VALUES ({old}); "
                f"INSERT INTO {columns} VALUES ({new}); END"
            )
        elif dialect == "postgresql":
            op.execute(
                f"CREATE INDEX ix_{table}_search ON {table} USING gin ("
                f"to_tsvector('simple', title || ' ' || description || ' ' || inputs))"
            )


def _drop_search() -> None:
    dialect = op.get_bind().dialect.name
    for table in SEARCHABLE:
        if dialect == "sqlite":
            for trigger in ("insert", "delete", "update"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_fts_{trigger}")
            op.execute(f"DROP TABLE IF EXISTS {table}_fts")
        elif dialect == "postgresql":
            op.execute(f"DROP INDEX IF EXISTS ix_{table}_search")


def downgrade() -> None:
    _drop_search()
    # Dependents first; a table's indexes and constraints go with it.
    op.drop_table("review")
    op.drop_table("order_message")
    op.drop_table("order_event")
    op.drop_table("dispute")
    op.drop_table("delivery")
    op.drop_table("marketplace_order")
    op.drop_table("proposal")
    op.drop_table("request")
    op.drop_table("outbox_delivery")
    op.drop_table("offer")
    op.drop_table("ledger_entry")
    op.drop_table("identity")
    op.drop_table("timer")
    op.drop_table("outbox_event")
    op.drop_table("ledger_transaction")
    op.drop_table("ledger_balance")
    op.drop_table("dedup_key")
    op.drop_table("conversation_state")
    op.drop_table("audit_entry")
    op.drop_table("account")
