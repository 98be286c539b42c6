"""feed: substring search that works for Chinese (SQLite FTS5 trigram; PostgreSQL pg_trgm)

Revision ID: 0003_fts
Revises: 0002_feed_changes

SQLite: `articles_fts` (FTS5, trigram tokenizer) holds title and body; `article_search` gives each article a stable
integer rowid for it (the articles key is a string, and SQLite may renumber implicit rowids on VACUUM). Triggers keep
both in step with `articles`, whoever writes.
PostgreSQL: a GIN trigram index on `coalesce(title, '') || ' ' || body_text` serves `ILIKE '%term%'`.
"""

from __future__ import annotations

from alembic import op

revision = "0003_fts"
down_revision = "0002_feed_changes"
branch_labels = None
depends_on = None

SQLITE_UP = [
    "CREATE TABLE article_search (rowid INTEGER PRIMARY KEY, article_id VARCHAR(32) NOT NULL UNIQUE)",
    "CREATE VIRTUAL TABLE articles_fts USING fts5(title, body_text, tokenize='trigram')",
    """CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
         INSERT INTO article_search (article_id) VALUES (new.id);
         INSERT INTO articles_fts (rowid, title, body_text)
           VALUES ((SELECT rowid FROM article_search WHERE article_id = new.id), coalesce(new.title, ''), new.body_text);
       END""",
    """CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, body_text ON articles BEGIN
         DELETE FROM articles_fts WHERE rowid = (SELECT rowid FROM article_search WHERE article_id = old.id);
         INSERT INTO articles_fts (rowid, title, body_text)
           VALUES ((SELECT rowid FROM article_search WHERE article_id = new.id), coalesce(new.title, ''), new.body_text);
       END""",
    """CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
         DELETE FROM articles_fts WHERE rowid = (SELECT rowid FROM article_search WHERE article_id = old.id);
         DELETE FROM article_search WHERE article_id = old.id;
       END""",
    "INSERT INTO article_search (article_id) SELECT id FROM articles ORDER BY first_seen_at, id",
    """INSERT INTO articles_fts (rowid, title, body_text)
         SELECT s.rowid, coalesce(a.title, ''), a.body_text FROM articles a JOIN article_search s ON s.article_id = a.id""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS articles_fts_delete",
    "DROP TRIGGER IF EXISTS articles_fts_update",
    "DROP TRIGGER IF EXISTS articles_fts_insert",
    "DROP TABLE IF EXISTS articles_fts",
    "DROP TABLE IF EXISTS article_search",
]
PG_UP = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX ix_articles_search_trgm ON articles "
    "USING gin ((coalesce(title, '') || ' ' || body_text) gin_trgm_ops)",
]
PG_DOWN = ["DROP INDEX IF EXISTS ix_articles_search_trgm"]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for statement in SQLITE_UP if dialect == "sqlite" else PG_UP if dialect == "postgresql" else []:
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for statement in SQLITE_DOWN if dialect == "sqlite" else PG_DOWN if dialect == "postgresql" else []:
        op.execute(statement)
