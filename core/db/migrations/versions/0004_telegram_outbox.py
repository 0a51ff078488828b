"""The Telegram outbox: messages FleetCrew sends on its own, queued with the change they report.

A row keeps what to say language-neutrally (a text key of the bot's catalogues, its values,
buttons the same way); one paced sender sends it after commit and records the outcome.

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import core.db.types

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_DATETIME = core.db.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "telegram_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("telegram_user_id", sa.BigInteger(), nullable=False),
        sa.Column("fleet_id", sa.Integer(), nullable=True),
        sa.Column("text_key", sa.String(length=64), nullable=False),
        sa.Column("text_values", sa.JSON(), nullable=False),
        sa.Column("buttons", sa.JSON(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UTC_DATETIME, nullable=False),
        sa.Column("claimed_until", UTC_DATETIME, nullable=True),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.Column("last_attempt_at", UTC_DATETIME, nullable=True),
        sa.Column("last_error", sa.String(length=255), nullable=True),
        sa.ForeignKeyConstraint(
            ["fleet_id"],
            ["fleets.id"],
            name=op.f("fk_telegram_outbox_fleet_id_fleets"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_telegram_outbox")),
    )
    with op.batch_alter_table("telegram_outbox", schema=None) as batch_op:
        batch_op.create_index("ix_telegram_outbox_due", ["status", "next_attempt_at"])
        batch_op.create_index("ix_telegram_outbox_chat", ["telegram_user_id", "last_attempt_at"])
        batch_op.create_index("ix_telegram_outbox_last_attempt_at", ["last_attempt_at"])
        batch_op.create_index("ix_telegram_outbox_fleet", ["fleet_id", "status"])


def downgrade() -> None:
    op.drop_table("telegram_outbox")
