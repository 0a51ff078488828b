"""CSV import: the files of jobs a fleet imported or checked and kept; open jobs by VIN and QNR.

- job_imports: a file checked without a problem is kept (its bytes and options) until Import
  writes it; then its counts stay as the fleet's import history.
- telegram_chats by job: deleting 10,000 jobs sets the chats at them to NULL without a scan of
  every chat per job.
- jobs are found by fleet and VIN, and by fleet and QNR: the import refuses a VIN or QNR that
  an open job of the fleet has already.

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import core.db.types

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_DATETIME = core.db.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "job_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fleet_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=True),
        sa.Column("template_id", sa.Integer(), nullable=True),
        sa.Column("template_name", sa.String(length=80), nullable=True),
        sa.Column("prefer_template", sa.Boolean(), nullable=False),
        sa.Column("partner_code", sa.String(length=5), nullable=True),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("manager_id", sa.Integer(), nullable=True),
        sa.Column("by", sa.String(length=254), nullable=False),
        sa.Column("checked_at", UTC_DATETIME, nullable=False),
        sa.Column("imported_at", UTC_DATETIME, nullable=True),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("assigned", sa.Integer(), nullable=False),
        sa.Column("pending", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["fleet_id"],
            ["fleets.id"],
            name=op.f("fk_job_imports_fleet_id_fleets"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["manager_id"],
            ["managers.id"],
            name=op.f("fk_job_imports_manager_id_managers"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_imports")),
    )
    with op.batch_alter_table("job_imports", schema=None) as batch_op:
        batch_op.create_index("ix_job_imports_fleet", ["fleet_id", "id"], unique=False)
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.create_index("ix_jobs_vin", ["fleet_id", "vin"], unique=False)
        batch_op.create_index("ix_jobs_qnr", ["fleet_id", "qnr"], unique=False)
    with op.batch_alter_table("telegram_chats", schema=None) as batch_op:
        batch_op.create_index("ix_telegram_chats_job_id", ["job_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("telegram_chats", schema=None) as batch_op:
        batch_op.drop_index("ix_telegram_chats_job_id")
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_index("ix_jobs_qnr")
        batch_op.drop_index("ix_jobs_vin")
    with op.batch_alter_table("job_imports", schema=None) as batch_op:
        batch_op.drop_index("ix_job_imports_fleet")
    op.drop_table("job_imports")
