"""Substring search over title and body that works for Chinese (no word segmentation needed).

`q` is split on whitespace; every term must occur (AND), case-insensitively, in the title or the body.
- SQLite: the FTS5 trigram table `articles_fts` (migration 0003). Terms of 3+ characters go through MATCH as quoted
  phrases (served by the index); shorter terms (two-character Chinese words are common) fall back to LIKE on it.
- PostgreSQL: `ILIKE '%term%'` on the expression the GIN trigram index covers. Terms under 3 characters cannot use
  trigrams and scan; combine them with other filters on large stores.
User text only ever travels as bound parameters; LIKE wildcards and FTS5 quotes in it are escaped.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, bindparam, column, func, literal_column, select, table, text
from sqlalchemy.orm import Session

from storage.models import Article

MAX_TERMS = 8
TRIGRAM = 3

# The exact expression of the PostgreSQL index ix_articles_search_trgm (literals, not parameters, so it matches).
SEARCH_DOCUMENT = (
    func.coalesce(Article.title, literal_column("''")).op("||")(literal_column("' '")).op("||")(Article.body_text)
)

_search_map = table("article_search", column("rowid"), column("article_id"))
_fts = table("articles_fts", column("rowid"), column("title"), column("body_text"))


def terms(q: str) -> list[str]:
    return [t for t in q.split() if t][:MAX_TERMS]


def like_pattern(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def matches(session: Session, q: str) -> ColumnElement[bool]:
    """A condition on `Article` that is true when every term of `q` occurs in its title or body."""
    words = terms(q)
    if not words:
        raise ValueError("empty search")
    if session.get_bind().dialect.name == "sqlite":
        return Article.id.in_(_sqlite_ids(words))
    return and_(*[SEARCH_DOCUMENT.ilike(like_pattern(w), escape="\\") for w in words])


def _sqlite_ids(words: list[str]):  # type: ignore[no-untyped-def]
    query = select(_search_map.c.article_id).join(_fts, _fts.c.rowid == _search_map.c.rowid)
    long_words = [w for w in words if len(w) >= TRIGRAM]
    if long_words:
        phrase = " AND ".join('"' + w.replace('"', '""') + '"' for w in long_words)
        query = query.where(text("articles_fts MATCH :fts_query").bindparams(bindparam("fts_query", phrase)))
    for i, word in enumerate(w for w in words if len(w) < TRIGRAM):
        pattern = bindparam(f"fts_like_{i}", like_pattern(word))
        query = query.where((_fts.c.title.like(pattern, escape="\\")) | (_fts.c.body_text.like(pattern, escape="\\")))
    return query
