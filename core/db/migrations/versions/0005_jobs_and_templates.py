"""Jobs and templates: extra checklist items, override diffs, planned fields, the job table.

- extra_items: the manager's own checklist items on a job or a template.
- override_diffs: a value a technician used instead of the planned one (override allowed).
- jobs learn which fields the manager filled in (planned_fields) and a lower-case search text
  over VIN, plate, custom name and QNR; the job table's indexes replace (fleet_id, status).
- job_table_columns: the columns each manager chose for each job table.
- jobs and templates never hand out a deleted row's id again (SQLite's AUTOINCREMENT), and
  audit events are found by their subject (a job's timeline).

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import core.db.types

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_DATETIME = core.db.types.UTCDateTime(timezone=True)
SEARCH_TEXT = (
    "lower(trim(coalesce(vin, '') || ' ' || coalesce(license_plate, '') || ' ' || "
    "coalesce(custom_name, '') || ' ' || coalesce(qnr, '')))"
)


def upgrade() -> None:
    op.create_table(
        "job_table_columns",
        sa.Column("manager_id", sa.Integer(), nullable=False),
        sa.Column("job_type", sa.String(length=16), nullable=False),
        sa.Column("columns", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["manager_id"],
            ["managers.id"],
            name=op.f("fk_job_table_columns_manager_id_managers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("manager_id", "job_type", name=op.f("pk_job_table_columns")),
    )
    op.create_table(
        "extra_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=True),
        sa.Column("template_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_extra_items_job_id_jobs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["templates.id"],
            name=op.f("fk_extra_items_template_id_templates"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_extra_items")),
    )
    with op.batch_alter_table("extra_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_extra_items_job_id"), ["job_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_extra_items_template_id"), ["template_id"], unique=False
        )

    op.create_table(
        "override_diffs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=40), nullable=False),
        sa.Column("planned_value", sa.Text(), nullable=True),
        sa.Column("used_value", sa.Text(), nullable=True),
        sa.Column("technician_id", sa.Integer(), nullable=True),
        sa.Column("at", UTC_DATETIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_override_diffs_job_id_jobs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["technician_id"],
            ["technicians.id"],
            name=op.f("fk_override_diffs_technician_id_technicians"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_override_diffs")),
    )
    with op.batch_alter_table("override_diffs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_override_diffs_job_id"), ["job_id"], unique=False)

    # On SQLite the jobs and templates tables are rebuilt with AUTOINCREMENT: a deleted row's
    # id is never handed out again, since audit events (a job's timeline) name rows by id.
    on_sqlite = op.get_bind().dialect.name == "sqlite"
    with op.batch_alter_table(
        "templates",
        recreate="always" if on_sqlite else "auto",
        table_kwargs={"sqlite_autoincrement": True},
    ):
        pass
    with op.batch_alter_table(
        "jobs",
        recreate="always" if on_sqlite else "auto",
        table_kwargs={"sqlite_autoincrement": True},
    ) as batch_op:
        batch_op.add_column(
            sa.Column("planned_fields", sa.JSON(), nullable=False, server_default="[]")
        )
        batch_op.add_column(
            sa.Column("search_text", sa.String(length=240), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("creation_key", sa.String(length=32), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_jobs_fleet_id_creation_key"), ["fleet_id", "creation_key"]
        )
        batch_op.drop_index("ix_jobs_fleet_status")
        batch_op.create_index("ix_jobs_list", ["fleet_id", "job_type", "id"], unique=False)
        batch_op.create_index(
            "ix_jobs_list_status", ["fleet_id", "job_type", "status", "id"], unique=False
        )
        batch_op.create_index(
            "ix_jobs_list_service_date",
            ["fleet_id", "job_type", "service_date", "id"],
            unique=False,
        )
        batch_op.create_index(
            "ix_jobs_finished", ["fleet_id", "finished_at", "status"], unique=False
        )
        batch_op.create_index(
            "ix_jobs_overdue", ["fleet_id", "status", "service_date"], unique=False
        )
        batch_op.create_index(
            "ix_jobs_list_search",
            ["fleet_id", "job_type", "status", "search_text"],
            unique=False,
        )
    op.execute(f"UPDATE jobs SET search_text = substr({SEARCH_TEXT}, 1, 240)")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index("ix_audit_events_subject_at", ["subject", "at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_events_subject_at")
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_index("ix_jobs_list_search")
        batch_op.drop_index("ix_jobs_overdue")
        batch_op.drop_index("ix_jobs_finished")
        batch_op.drop_index("ix_jobs_list_service_date")
        batch_op.drop_index("ix_jobs_list_status")
        batch_op.drop_index("ix_jobs_list")
        batch_op.create_index("ix_jobs_fleet_status", ["fleet_id", "status"], unique=False)
        batch_op.drop_constraint(batch_op.f("uq_jobs_fleet_id_creation_key"), type_="unique")
        batch_op.drop_column("creation_key")
        batch_op.drop_column("search_text")
        batch_op.drop_column("planned_fields")
    op.drop_table("override_diffs")
    op.drop_table("extra_items")
    op.drop_table("job_table_columns")
