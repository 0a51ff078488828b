"""Telegram chats: each user's language and the reply the bot awaits, out of the team table.

The language moves from technicians to telegram_chats, so that someone who is in no team yet
(a partner admin about to accept an invitation) has one too.

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import core.db.types

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "telegram_chats",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("first_seen_at", core.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("awaiting", sa.String(length=32), nullable=True),
        sa.Column("awaiting_connection_id", sa.Integer(), nullable=True),
        sa.Column("awaiting_until", core.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["awaiting_connection_id"],
            ["fleet_connections.id"],
            name=op.f("fk_telegram_chats_awaiting_connection_id_fleet_connections"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_telegram_chats")),
    )
    op.execute(
        "INSERT INTO telegram_chats (id, name, language, first_seen_at) "
        "SELECT telegram_user_id, display_name, language, joined_at FROM technicians"
    )
    with op.batch_alter_table("technicians", schema=None) as batch_op:
        batch_op.drop_column("language")


def downgrade() -> None:
    with op.batch_alter_table("technicians", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("language", sa.String(length=8), nullable=False, server_default="en")
        )
    op.execute(
        "UPDATE technicians SET language = (SELECT language FROM telegram_chats "
        "WHERE telegram_chats.id = technicians.telegram_user_id) "
        "WHERE telegram_user_id IN (SELECT id FROM telegram_chats)"
    )
    op.drop_table("telegram_chats")
