"""Programmatic access: API keys, email verification tokens, webhook endpoints and their
delivery queue, stored idempotent responses and rate-limit counters.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table('api_key',
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('account_id', ID, nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('prefix', sa.String(length=16), nullable=False),
    sa.Column('scopes', sa.JSON(), nullable=False),
    sa.Column('created_at', TIME, nullable=False),
    sa.Column('revoked_at', TIME, nullable=True),
    sa.Column('last_used_at', TIME, nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_api_key_account_id_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_key')),
    sa.UniqueConstraint('key_hash', name=op.f('uq_api_key_key_hash'))
    )
    op.create_index('ix_api_key_account_id', 'api_key', ['account_id'], unique=False)

    op.create_table('email_token',
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('account_id', ID, nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', TIME, nullable=False),
    sa.Column('expires_at', TIME, nullable=False),
    sa.Column('used_at', TIME, nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_email_token_account_id_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_email_token')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_email_token_token_hash'))
    )
    op.create_index('ix_email_token_account_id', 'email_token', ['account_id'], unique=False)

    op.create_table('webhook_endpoint',
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('account_id', ID, nullable=False),
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('events', sa.JSON(), nullable=False),
    sa.Column('secret', sa.String(length=100), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('created_at', TIME, nullable=False),
    sa.Column('disabled_reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_webhook_endpoint_account_id_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_webhook_endpoint'))
    )
    op.create_index('ix_webhook_endpoint_account_id', 'webhook_endpoint', ['account_id'], unique=False)

    op.create_table('webhook_delivery',
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('endpoint_id', ID, nullable=False),
    sa.Column('event_id', sa.String(length=64), nullable=False),
    sa.Column('event_type', sa.String(length=64), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('created_at', TIME, nullable=False),
    sa.Column('next_attempt_at', TIME, nullable=False),
    sa.Column('locked_until', TIME, nullable=True),
    sa.Column('last_attempt_at', TIME, nullable=True),
    sa.Column('response_code', sa.Integer(), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('delivered_at', TIME, nullable=True),
    sa.ForeignKeyConstraint(['endpoint_id'], ['webhook_endpoint.id'], name=op.f('fk_webhook_delivery_endpoint_id_webhook_endpoint'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_webhook_delivery')),
    sa.UniqueConstraint('endpoint_id', 'event_id', name=op.f('uq_webhook_delivery_endpoint_id_event_id'))
    )
    op.create_index('ix_webhook_delivery_status_next_attempt_at', 'webhook_delivery', ['status', 'next_attempt_at'], unique=False)

    op.create_table('idempotency_record',
    sa.Column('scope', sa.String(length=64), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('status_code', sa.Integer(), nullable=False),
    sa.Column('body', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', TIME, nullable=False),
    sa.Column('expires_at', TIME, nullable=False),
    sa.PrimaryKeyConstraint('scope', 'key_hash', name=op.f('pk_idempotency_record'))
    )
    op.create_index('ix_idempotency_record_expires_at', 'idempotency_record', ['expires_at'], unique=False)

    op.create_table('rate_limit_counter',
    sa.Column('bucket', sa.String(length=200), nullable=False),
    sa.Column('window_start', TIME, nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('bucket', 'window_start', name=op.f('pk_rate_limit_counter'))
    )
    op.create_index('ix_rate_limit_counter_window_start', 'rate_limit_counter', ['window_start'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_rate_limit_counter_window_start', table_name='rate_limit_counter')
    op.drop_table('rate_limit_counter')
    op.drop_index('ix_idempotency_record_expires_at', table_name='idempotency_record')
    op.drop_table('idempotency_record')
    op.drop_index('ix_webhook_delivery_status_next_attempt_at', table_name='webhook_delivery')
    op.drop_table('webhook_delivery')
    op.drop_index('ix_webhook_endpoint_account_id', table_name='webhook_endpoint')
    op.drop_table('webhook_endpoint')
    op.drop_index('ix_email_token_account_id', table_name='email_token')
    op.drop_table('email_token')
    op.drop_index('ix_api_key_account_id', table_name='api_key')
    op.drop_table('api_key')
