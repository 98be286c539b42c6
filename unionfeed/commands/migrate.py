"""`unionfeed migrate`: create or upgrade the database schema."""

from __future__ import annotations

from unionfeed.commands.options import DatabaseOption, build_settings, console


def migrate_command(database_url: DatabaseOption = None) -> None:
    """Create or upgrade the database schema (Alembic)."""
    from unionfeed.commands.database import migrated, shown_url

    settings = build_settings(database_url)
    migrated(settings.database_url)
    console.print(f"Database at {shown_url(settings.database_url)} is at the latest schema.")
