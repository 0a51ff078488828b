"""Links kept only as hashes; reusable team links whose joins wait for the partner admin.

- fleet_connections loses link_nonce: the database keeps a link's hash only, nothing that
  could rebuild it.
- team_invitations (single-use links) become team_links (one live, reusable link per partner,
  replaced by the next). A used single-use link counts as replaced when it was used, and the
  join it brought becomes an approved join request; of several unused links of a partner, each
  counts as replaced by the next one made.
- join_requests: who asked to join through a team link, and the partner admin's answer.
- outbox_mails learn which link a mail holds, so the link is blanked once it ends.
- telegram_chats remember the message of the question the bot awaits an answer to.

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import core.db.types

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_DATETIME = core.db.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("fleet_connections", schema=None) as batch_op:
        batch_op.drop_column("link_nonce")

    with op.batch_alter_table("telegram_chats", schema=None) as batch_op:
        batch_op.add_column(sa.Column("awaiting_message_id", sa.BigInteger(), nullable=True))

    with op.batch_alter_table("outbox_mails", schema=None) as batch_op:
        batch_op.add_column(sa.Column("link_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("link_expires_at", UTC_DATETIME, nullable=True))
        batch_op.add_column(sa.Column("link_ended_at", UTC_DATETIME, nullable=True))
        batch_op.add_column(sa.Column("link_end_reason", sa.String(length=16), nullable=True))
        batch_op.create_index(batch_op.f("ix_outbox_mails_link_hash"), ["link_hash"], unique=False)

    op.create_table(
        "team_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.Column("expires_at", UTC_DATETIME, nullable=False),
        sa.Column("replaced_at", UTC_DATETIME, nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["technicians.id"],
            name=op.f("fk_team_links_created_by_id_technicians"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["service_partners.id"],
            name=op.f("fk_team_links_partner_id_service_partners"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team_links")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_team_links_token_hash")),
    )
    with op.batch_alter_table("team_links", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_team_links_partner_id"), ["partner_id"], unique=False)
        batch_op.create_index(
            "uq_team_links_live",
            ["partner_id"],
            unique=True,
            sqlite_where=sa.text("replaced_at IS NULL"),
            postgresql_where=sa.text("replaced_at IS NULL"),
        )

    op.create_table(
        "join_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("team_link_id", sa.Integer(), nullable=True),
        sa.Column("telegram_user_id", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("requested_at", UTC_DATETIME, nullable=False),
        sa.Column("answered_at", UTC_DATETIME, nullable=True),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.Column("technician_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["answered_by_id"],
            ["technicians.id"],
            name=op.f("fk_join_requests_answered_by_id_technicians"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["service_partners.id"],
            name=op.f("fk_join_requests_partner_id_service_partners"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["team_link_id"],
            ["team_links.id"],
            name=op.f("fk_join_requests_team_link_id_team_links"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["technician_id"],
            ["technicians.id"],
            name=op.f("fk_join_requests_technician_id_technicians"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_join_requests")),
    )
    with op.batch_alter_table("join_requests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_join_requests_partner_id"), ["partner_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_join_requests_team_link_id"), ["team_link_id"], unique=False
        )
        batch_op.create_index(
            "uq_join_requests_open",
            ["partner_id", "telegram_user_id"],
            unique=True,
            sqlite_where=sa.text("status = 'PENDING'"),
            postgresql_where=sa.text("status = 'PENDING'"),
        )

    op.execute(
        "INSERT INTO team_links "
        "(id, partner_id, token_hash, created_by_id, created_at, expires_at, replaced_at) "
        "SELECT t.id, t.partner_id, t.token_hash, t.created_by_id, t.created_at, t.expires_at, "
        "COALESCE(t.used_at, (SELECT MIN(n.created_at) FROM team_invitations n "
        "WHERE n.partner_id = t.partner_id AND n.used_at IS NULL "
        "AND (n.created_at > t.created_at OR (n.created_at = t.created_at AND n.id > t.id)))) "
        "FROM team_invitations t"
    )
    op.execute(
        "INSERT INTO join_requests (partner_id, team_link_id, telegram_user_id, name, status, "
        "requested_at, answered_at, technician_id) "
        "SELECT t.partner_id, t.id, m.telegram_user_id, m.display_name, 'APPROVED', "
        "t.used_at, t.used_at, m.id "
        "FROM team_invitations t JOIN technicians m ON m.id = t.used_by_id "
        "WHERE t.used_at IS NOT NULL"
    )
    _continue_ids("team_links")
    op.drop_table("team_invitations")


def downgrade() -> None:
    op.create_table(
        "team_invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("link_nonce", sa.String(length=64), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.Column("expires_at", UTC_DATETIME, nullable=False),
        sa.Column("used_at", UTC_DATETIME, nullable=True),
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
    # A link's nonce is gone for good: the old code finds the link by its hash and shows it
    # again by its nonce, which no longer rebuilds it (an empty nonce). A link replaced without
    # a join through it counts as used when it was replaced, so the old code refuses it.
    op.execute(
        "INSERT INTO team_invitations (id, partner_id, link_nonce, token_hash, created_by_id, "
        "created_at, expires_at, used_at, used_by_id) "
        "SELECT l.id, l.partner_id, '', l.token_hash, l.created_by_id, l.created_at, "
        "l.expires_at, COALESCE(j.answered_at, l.replaced_at), j.technician_id "
        "FROM team_links l LEFT JOIN join_requests j ON j.id = (SELECT MIN(a.id) "
        "FROM join_requests a WHERE a.team_link_id = l.id AND a.status = 'APPROVED')"
    )
    _continue_ids("team_invitations")
    op.drop_table("join_requests")
    op.drop_table("team_links")

    with op.batch_alter_table("outbox_mails", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_mails_link_hash"))
        batch_op.drop_column("link_end_reason")
        batch_op.drop_column("link_ended_at")
        batch_op.drop_column("link_expires_at")
        batch_op.drop_column("link_hash")

    with op.batch_alter_table("telegram_chats", schema=None) as batch_op:
        batch_op.drop_column("awaiting_message_id")

    with op.batch_alter_table("fleet_connections", schema=None) as batch_op:
        batch_op.add_column(sa.Column("link_nonce", sa.String(length=64), nullable=True))
    # The old code shows a pending invitation's link by its nonce: an empty one gives a link
    # that no longer works (the manager resends), instead of no link at all.
    op.execute("UPDATE fleet_connections SET link_nonce = '' WHERE status = 'PENDING'")


def _continue_ids(table: str) -> None:
    # Rows were copied with their ids; on PostgreSQL the id sequence must continue after them.
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
        )
