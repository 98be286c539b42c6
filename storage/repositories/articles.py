"""Queries on articles. The feed shows canonical members only (`cluster_id == id`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Article, ArticleRevision, RawPage


def get_article(session: Session, article_id: str) -> Article | None:
    return session.get(Article, article_id)


def get_article_by_url(session: Session, canonical_url: str) -> Article | None:
    return session.scalar(select(Article).where(Article.canonical_url == canonical_url))


def article_of_page(session: Session, source: str, url: str) -> Article | None:
    """The article stored from the latest processed raw page of `source` requested at `url` (a page's record may
    live under another URL of its site: the rel=canonical it declared)."""
    query = (
        select(Article)
        .join(RawPage, RawPage.article_id == Article.id)
        .where(RawPage.source == source, RawPage.url == url)
        .order_by(RawPage.id.desc())
    )
    return session.scalars(query.limit(1)).first()


def find_by_content_hash(session: Session, content_hash: str, *, exclude_id: str | None = None) -> Article | None:
    """The earliest stored article with this exact normalized body, if any."""
    query = select(Article).where(Article.content_hash == content_hash).order_by(Article.first_seen_at, Article.id)
    if exclude_id is not None:
        query = query.where(Article.id != exclude_id)
    return session.scalars(query.limit(1)).first()


def add_article(session: Session, **fields: Any) -> Article:
    article = Article(**fields)
    session.add(article)
    session.flush()
    return article


def add_revision(session: Session, article: Article, *, raw_page_id: int | None) -> ArticleRevision:
    """Keep the article's current text as a revision before it is overwritten."""
    revision = ArticleRevision(
        article_id=article.id,
        revision=article.revision,
        title=article.title,
        body_text=article.body_text,
        content_hash=article.content_hash,
        raw_page_id=raw_page_id,
    )
    session.add(revision)
    return revision


def list_revisions(session: Session, article_id: str) -> list[ArticleRevision]:
    query = select(ArticleRevision).where(ArticleRevision.article_id == article_id).order_by(ArticleRevision.revision)
    return list(session.scalars(query))


def stored_page_ids(session: Session, *, source: str | None = None, since: datetime | None = None) -> list[int]:
    """The raw page behind each stored article (the last one that set it), optionally by source / fetch time."""
    query = select(Article.raw_page_id).join(RawPage, RawPage.id == Article.raw_page_id).order_by(Article.raw_page_id)
    if source is not None:
        query = query.where(Article.source == source)
    if since is not None:
        query = query.where(RawPage.fetched_at >= since)
    return list(session.scalars(query))
