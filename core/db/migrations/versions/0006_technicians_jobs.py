"""The technician's job: checklist progress, stored photos, grant warnings, box commands' purpose.

- jobs learn what the current checklist step is in the middle of (step_state).
- job_photos keep where the stored copy of a photo is, its size and type.
- access_grants remember when the technician was warned that the window is about to end.
- box_commands say why they were sent (a test, a button, the follow-up), for which step, and
  what the box reported.
- managers may link their own Telegram account (mgr_ deep link, only its hash kept) and ask
  for a daily summary.
- telegram_chats know the job whose checklist the chat is at (a typed answer goes there).
- telegram_updates: the updates taken in, so that one delivered twice is processed once.

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import core.db.types

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_DATETIME = core.db.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "telegram_updates",
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("received_at", UTC_DATETIME, nullable=False),
        sa.PrimaryKeyConstraint("update_id", name=op.f("pk_telegram_updates")),
    )
    with op.batch_alter_table("telegram_updates", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_telegram_updates_received_at"), ["received_at"], unique=False
        )
    with op.batch_alter_table("access_grants", schema=None) as batch_op:
        batch_op.add_column(sa.Column("warned_at", UTC_DATETIME, nullable=True))
    with op.batch_alter_table("box_commands", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("purpose", sa.String(length=16), nullable=False, server_default="vehicle")
        )
        batch_op.add_column(sa.Column("step", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("observed", sa.JSON(), nullable=True))
    with op.batch_alter_table("job_photos", schema=None) as batch_op:
        batch_op.add_column(sa.Column("stored_key", sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column("size_bytes", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("mime_type", sa.String(length=40), nullable=True))
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("step_state", sa.JSON(), nullable=True))
    with op.batch_alter_table("telegram_chats", schema=None) as batch_op:
        batch_op.add_column(sa.Column("job_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_telegram_chats_job_id_jobs"),
            "jobs",
            ["job_id"],
            ["id"],
            ondelete="SET NULL",
        )
    with op.batch_alter_table("managers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("telegram_user_id", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("telegram_link_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("telegram_link_expires_at", UTC_DATETIME, nullable=True))
        batch_op.add_column(
            sa.Column("daily_summary", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("summary_sent_on", sa.Date(), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_managers_telegram_link_hash"), ["telegram_link_hash"]
        )
        batch_op.create_unique_constraint(
            batch_op.f("uq_managers_telegram_user_id"), ["telegram_user_id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("managers", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_managers_telegram_user_id"), type_="unique")
        batch_op.drop_constraint(batch_op.f("uq_managers_telegram_link_hash"), type_="unique")
        batch_op.drop_column("summary_sent_on")
        batch_op.drop_column("daily_summary")
        batch_op.drop_column("telegram_link_expires_at")
        batch_op.drop_column("telegram_link_hash")
        batch_op.drop_column("telegram_user_id")
    with op.batch_alter_table("telegram_chats", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_telegram_chats_job_id_jobs"), type_="foreignkey")
        batch_op.drop_column("job_id")
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_column("step_state")
    with op.batch_alter_table("job_photos", schema=None) as batch_op:
        batch_op.drop_column("mime_type")
        batch_op.drop_column("size_bytes")
        batch_op.drop_column("stored_key")
    with op.batch_alter_table("box_commands", schema=None) as batch_op:
        batch_op.drop_column("observed")
        batch_op.drop_column("step")
        batch_op.drop_column("purpose")
    with op.batch_alter_table("access_grants", schema=None) as batch_op:
        batch_op.drop_column("warned_at")
    with op.batch_alter_table("telegram_updates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_telegram_updates_received_at"))
    op.drop_table("telegram_updates")
