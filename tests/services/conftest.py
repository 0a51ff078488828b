"""The service suite runs on SQLite always, and on PostgreSQL too when CI provides one."""

from tests.backends import database_url

__all__ = ["database_url"]
