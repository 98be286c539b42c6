"""`unionfeed migrate`: create or upgrade the database schema."""

from __future__ import annotations

from unionfeed.commands.options import DatabaseOption, build_settings, console


def migrate_command(database_url: DatabaseOption = None) -> None:
    """Create or upgrade the database schema (Alembic)."""
    from storage.migrate import upgrade

    settings = build_settings(database_url)
    upgrade(settings.database_url)
    console.print(f"Database at {settings.database_url} is at the latest schema.")
