"""Migrations carry existing data forward: a database from before each change keeps its rows."""

from __future__ import annotations

import sqlite3

from alembic import command

from core.db.migrate import alembic_config


def test_team_members_keep_their_language_when_it_moves_to_their_chat(tmp_path):
    path = tmp_path / "old.sqlite3"
    config = alembic_config(f"sqlite+aiosqlite:///{path}")
    command.upgrade(config, "0001")
    with sqlite3.connect(path) as db:
        db.execute(
            "INSERT INTO service_partners (id, partner_code, name, created_at) "
            "VALUES (1, 'DEMO1', 'Demo Installers', '2026-11-01 08:00:00.000000')"
        )
        db.execute(
            "INSERT INTO technicians (telegram_user_id, partner_id, role, display_name, "
            "language, joined_at) VALUES (700001, 1, 'PARTNER_ADMIN', 'Petra Admin', 'de', "
            "'2026-11-01 08:00:00.000000')"
        )

    command.upgrade(config, "head")

    with sqlite3.connect(path) as db:
        chats = db.execute("SELECT id, name, language FROM telegram_chats").fetchall()
        columns = [row[1] for row in db.execute("PRAGMA table_info(technicians)")]
    assert chats == [(700001, "Petra Admin", "de")]
    assert "language" not in columns

    command.downgrade(config, "0001")
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT language FROM technicians").fetchall() == [("de",)]
