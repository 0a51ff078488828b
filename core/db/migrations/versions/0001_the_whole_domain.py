"""The whole domain: providers, partners and teams, jobs and templates, grants, audit, outbox.

Revision ID: 0001
Revises:
Create Date: 2026-11-27 04:56:00.246782
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import core.db.types

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("at", core.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_failures")),
    )
    with op.batch_alter_table("login_failures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_login_failures_email"), ["email"], unique=False)

    op.create_table(
        "organizations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("created_at", core.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organizations")),
        sa.UniqueConstraint("name", name=op.f("uq_organizations_name")),
    )
    op.create_table(
        "service_partners",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("partner_code", sa.String(length=5), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("created_at", core.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_partners")),
        sa.UniqueConstraint("partner_code", name=op.f("uq_service_partners_partner_code")),
    )
    op.create_table(
        "fleets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("time_zone", sa.String(length=64), nullable=False),
        sa.Column("created_at", core.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_fleets_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fleets")),
        sa.UniqueConstraint("organization_id", "name", name=op.f("uq_fleets_organization_id_name")),
    )
    op.create_table(
        "managers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("created_at", core.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_managers_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_managers")),
        sa.UniqueConstraint("email", name=op.f("uq_managers_email")),
    )
    op.create_table(
        "technicians",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("telegram_user_id", sa.BigInteger(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("display_name", sa.String(length=128), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("joined_at", core.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["service_partners.id"],
            name=op.f("fk_technicians_partner_id_service_partners"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_technicians")),
        sa.UniqueConstraint("telegram_user_id", name=op.f("uq_technicians_telegram_user_id")),
    )
    with op.batch_alter_table("technicians", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_technicians_partner_id"), ["partner_id"], unique=False)

    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", core.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("fleet_id", sa.Integer(), nullable=True),
        sa.Column("subject", sa.String(length=64), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("flow_id", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["fleet_id"],
            ["fleets.id"],
            name=op.f("fk_audit_events_fleet_id_fleets"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index("ix_audit_events_fleet_at", ["fleet_id", "at"], unique=False)

    op.create_table(
        "fleet_connections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fleet_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("allow_override", sa.Boolean(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=True),
        sa.Column("link_nonce", sa.String(length=64), nullable=True),
        sa.Column("token_hash", sa.String(length=64), nullable=True),
        sa.Column("expires_at", core.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("invited_by_id", sa.Integer(), nullable=True),
        sa.Column("invited_at", core.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("answered_at", core.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["fleet_id"],
            ["fleets.id"],
            name=op.f("fk_fleet_connections_fleet_id_fleets"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["invited_by_id"],
            ["managers.id"],
            name=op.f("fk_fleet_connections_invited_by_id_managers"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["service_partners.id"],
            name=op.f("fk_fleet_connections_partner_id_service_partners"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fleet_connections")),
        sa.UniqueConstraint("fleet_id", "email", name=op.f("uq_fleet_connections_fleet_id_email")),
        sa.UniqueConstraint(
            "fleet_id", "partner_id", name=op.f("uq_fleet_connections_fleet_id_partner_id")
        ),
        sa.UniqueConstraint("token_hash", name=op.f("uq_fleet_connections_token_hash")),
    )
    with op.batch_alter_table("fleet_connections", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_fleet_connections_fleet_id"), ["fleet_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_fleet_connections_partner_id"), ["partner_id"], unique=False
        )

    op.create_table(
        "manager_fleets",
        sa.Column("manager_id", sa.Integer(), nullable=False),
        sa.Column("fleet_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["fleet_id"],
            ["fleets.id"],
            name=op.f("fk_manager_fleets_fleet_id_fleets"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["manager_id"],
            ["managers.id"],
            name=op.f("fk_manager_fleets_manager_id_managers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("manager_id", "fleet_id", name=op.f("pk_manager_fleets")),
    )
    op.create_table(
        "outbox_mails",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fleet_id", sa.Integer(), nullable=True),
        sa.Column("recipient", sa.String(length=254), nullable=False),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("text_body", sa.Text(), nullable=False),
        sa.Column("message", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", core.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["fleet_id"],
            ["fleets.id"],
            name=op.f("fk_outbox_mails_fleet_id_fleets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_mails")),
    )
    with op.batch_alter_table("outbox_mails", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outbox_mails_fleet_id"), ["fleet_id"], unique=False)

    op.create_table(
        "team_invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("link_nonce", sa.String(length=64), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", core.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", core.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("used_at", core.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("used_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["technicians.id"],
            name=op.f("fk_team_invitations_created_by_id_technicians"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["service_partners.id"],
            name=op.f("fk_team_invitations_partner_id_service_partners"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["used_by_id"],
            ["technicians.id"],
            name=op.f("fk_team_invitations_used_by_id_technicians"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team_invitations")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_team_invitations_token_hash")),
    )
    with op.batch_alter_table("team_invitations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_team_invitations_partner_id"), ["partner_id"], unique=False
        )

    op.create_table(
        "templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fleet_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("created_at", core.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", core.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("job_type", sa.String(length=16), nullable=False),
        sa.Column("vin", sa.String(length=17), nullable=True),
        sa.Column("license_plate", sa.String(length=20), nullable=True),
        sa.Column("custom_name", sa.String(length=120), nullable=True),
        sa.Column("brand", sa.String(length=60), nullable=True),
        sa.Column("model", sa.String(length=60), nullable=True),
        sa.Column("fuel_type", sa.String(length=20), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("vehicle_model_id", sa.String(length=64), nullable=True),
        sa.Column("installation_variant", sa.String(length=20), nullable=True),
        sa.Column("central_lock_connection_type", sa.String(length=20), nullable=True),
        sa.Column("configuration_preset", sa.String(length=64), nullable=True),
        sa.Column("qnr", sa.String(length=16), nullable=True),
        sa.Column("service_date", sa.Date(), nullable=True),
        sa.Column("instructions", sa.Text(), nullable=True),
        sa.Column("access_from", core.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("access_until", core.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("maintenance_type", sa.String(length=20), nullable=True),
        sa.Column("problem_description", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["fleet_id"],
            ["fleets.id"],
            name=op.f("fk_templates_fleet_id_fleets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_templates")),
        sa.UniqueConstraint("fleet_id", "name", name=op.f("uq_templates_fleet_id_name")),
    )
    with op.batch_alter_table("templates", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_templates_fleet_id"), ["fleet_id"], unique=False)

    op.create_table(
        "web_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("manager_id", sa.Integer(), nullable=False),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.Column("created_at", core.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", core.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", core.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["manager_id"],
            ["managers.id"],
            name=op.f("fk_web_sessions_manager_id_managers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_sessions")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_web_sessions_token_hash")),
    )
    with op.batch_alter_table("web_sessions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_web_sessions_manager_id"), ["manager_id"], unique=False
        )

    op.create_table(
        "jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fleet_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=True),
        sa.Column("technician_id", sa.Integer(), nullable=True),
        sa.Column("template_id", sa.Integer(), nullable=True),
        sa.Column("current_step", sa.String(length=40), nullable=True),
        sa.Column("failure_reason", sa.String(length=40), nullable=True),
        sa.Column("failure_note", sa.Text(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", core.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", core.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("started_at", core.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("finished_at", core.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("job_type", sa.String(length=16), nullable=False),
        sa.Column("vin", sa.String(length=17), nullable=True),
        sa.Column("license_plate", sa.String(length=20), nullable=True),
        sa.Column("custom_name", sa.String(length=120), nullable=True),
        sa.Column("brand", sa.String(length=60), nullable=True),
        sa.Column("model", sa.String(length=60), nullable=True),
        sa.Column("fuel_type", sa.String(length=20), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("vehicle_model_id", sa.String(length=64), nullable=True),
        sa.Column("installation_variant", sa.String(length=20), nullable=True),
        sa.Column("central_lock_connection_type", sa.String(length=20), nullable=True),
        sa.Column("configuration_preset", sa.String(length=64), nullable=True),
        sa.Column("qnr", sa.String(length=16), nullable=True),
        sa.Column("service_date", sa.Date(), nullable=True),
        sa.Column("instructions", sa.Text(), nullable=True),
        sa.Column("access_from", core.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("access_until", core.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("maintenance_type", sa.String(length=20), nullable=True),
        sa.Column("problem_description", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["managers.id"],
            name=op.f("fk_jobs_created_by_id_managers"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["fleet_id"], ["fleets.id"], name=op.f("fk_jobs_fleet_id_fleets"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["service_partners.id"],
            name=op.f("fk_jobs_partner_id_service_partners"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["technician_id"],
            ["technicians.id"],
            name=op.f("fk_jobs_technician_id_technicians"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["templates.id"],
            name=op.f("fk_jobs_template_id_templates"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
    )
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.create_index("ix_jobs_fleet_status", ["fleet_id", "status"], unique=False)
        batch_op.create_index(batch_op.f("ix_jobs_partner_id"), ["partner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_jobs_technician_id"), ["technician_id"], unique=False)

    op.create_table(
        "access_grants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("technician_id", sa.Integer(), nullable=True),
        sa.Column("qnr", sa.String(length=16), nullable=True),
        sa.Column("starts_at", core.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("ends_at", core.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("ended_at", core.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("end_reason", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_access_grants_job_id_jobs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["technician_id"],
            ["technicians.id"],
            name=op.f("fk_access_grants_technician_id_technicians"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_grants")),
    )
    with op.batch_alter_table("access_grants", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_access_grants_job_id"), ["job_id"], unique=False)
        batch_op.create_index("ix_access_grants_open", ["ended_at", "ends_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_access_grants_technician_id"), ["technician_id"], unique=False
        )

    op.create_table(
        "checklist_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=40), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("technician_id", sa.Integer(), nullable=True),
        sa.Column("answered_at", core.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"],
            ["jobs.id"],
            name=op.f("fk_checklist_answers_job_id_jobs"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["technician_id"],
            ["technicians.id"],
            name=op.f("fk_checklist_answers_technician_id_technicians"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checklist_answers")),
        sa.UniqueConstraint("job_id", "step", name=op.f("uq_checklist_answers_job_id_step")),
    )
    op.create_table(
        "job_photos",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=40), nullable=False),
        sa.Column("telegram_file_id", sa.String(length=255), nullable=False),
        sa.Column("telegram_file_unique_id", sa.String(length=64), nullable=False),
        sa.Column("technician_id", sa.Integer(), nullable=True),
        sa.Column("taken_at", core.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_job_photos_job_id_jobs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["technician_id"],
            ["technicians.id"],
            name=op.f("fk_job_photos_technician_id_technicians"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_photos")),
    )
    with op.batch_alter_table("job_photos", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_job_photos_job_id"), ["job_id"], unique=False)

    op.create_table(
        "box_commands",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=True),
        sa.Column("grant_id", sa.Integer(), nullable=True),
        sa.Column("technician_id", sa.Integer(), nullable=True),
        sa.Column("qnr", sa.String(length=16), nullable=False),
        sa.Column("command", sa.String(length=40), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("flow_id", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("requested_at", core.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("next_attempt_at", core.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("finished_at", core.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["grant_id"],
            ["access_grants.id"],
            name=op.f("fk_box_commands_grant_id_access_grants"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_box_commands_job_id_jobs"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["technician_id"],
            ["technicians.id"],
            name=op.f("fk_box_commands_technician_id_technicians"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_box_commands")),
        sa.UniqueConstraint("flow_id", name=op.f("uq_box_commands_flow_id")),
    )
    with op.batch_alter_table("box_commands", schema=None) as batch_op:
        batch_op.create_index("ix_box_commands_due", ["status", "next_attempt_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_box_commands_job_id"), ["job_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("box_commands", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_box_commands_job_id"))
        batch_op.drop_index("ix_box_commands_due")

    op.drop_table("box_commands")
    with op.batch_alter_table("job_photos", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_job_photos_job_id"))

    op.drop_table("job_photos")
    op.drop_table("checklist_answers")
    with op.batch_alter_table("access_grants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_access_grants_technician_id"))
        batch_op.drop_index("ix_access_grants_open")
        batch_op.drop_index(batch_op.f("ix_access_grants_job_id"))

    op.drop_table("access_grants")
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_jobs_technician_id"))
        batch_op.drop_index(batch_op.f("ix_jobs_partner_id"))
        batch_op.drop_index("ix_jobs_fleet_status")

    op.drop_table("jobs")
    with op.batch_alter_table("web_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_web_sessions_manager_id"))

    op.drop_table("web_sessions")
    with op.batch_alter_table("templates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_templates_fleet_id"))

    op.drop_table("templates")
    with op.batch_alter_table("team_invitations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_team_invitations_partner_id"))

    op.drop_table("team_invitations")
    with op.batch_alter_table("outbox_mails", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_mails_fleet_id"))

    op.drop_table("outbox_mails")
    op.drop_table("manager_fleets")
    with op.batch_alter_table("fleet_connections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fleet_connections_partner_id"))
        batch_op.drop_index(batch_op.f("ix_fleet_connections_fleet_id"))

    op.drop_table("fleet_connections")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_events_fleet_at")

    op.drop_table("audit_events")
    with op.batch_alter_table("technicians", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_technicians_partner_id"))

    op.drop_table("technicians")
    op.drop_table("managers")
    op.drop_table("fleets")
    op.drop_table("service_partners")
    op.drop_table("organizations")
    with op.batch_alter_table("login_failures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_login_failures_email"))

    op.drop_table("login_failures")
