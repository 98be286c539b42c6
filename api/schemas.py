"""Response schemas: what the HTTP API promises, kept apart from the ORM models so storage can change freely.

Datetimes are ISO 8601 in UTC (`Z`). `published_precision` says whether the page gave a full time or a date only.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from storage.models import Article as ArticleRow
from storage.models import ArticleRevision as RevisionRow
from storage.models import CrawlRun as RunRow


class Schema(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Image(Schema):
    url: str
    caption: str | None = None


class Attachment(Schema):
    url: str
    title: str | None = None


class ClusterMember(Schema):
    """Another record of the same story (the same article published elsewhere)."""

    id: str
    url: str
    source: str
    published_at: datetime | None


class ArticleSummary(Schema):
    """A feed entry: everything but the bodies."""

    id: str
    url: str = Field(description="The canonical URL of the article.")
    source: str = Field(description="The crawl source key (see /sources).")
    origin: str | None = Field(description="The source named on the page itself (来源).")
    title: str | None
    subtitle: str | None
    published_at: datetime | None
    published_precision: Literal["datetime", "date"] | None
    author: str | None
    editor: str | None
    category: str | None
    site_name: str | None
    language: str | None
    images: list[Image]
    attachments: list[Attachment]
    flags: list[str]
    confidence: float | None = Field(
        description="How far the extractors' vote agreed on the body (0-1); below the deployment's threshold the "
        "record carries the flag `low_confidence`. Null for records from an extractor before 2.0."
    )
    content_hash: str
    revision: int
    first_seen_at: datetime
    last_seen_at: datetime
    updated_at: datetime
    crawl_run_id: int | None
    cluster_id: str = Field(description="Id of the story's canonical record; equal to `id` for canonical records.")
    is_canonical: bool
    removed_at: datetime | None = Field(
        None, description="When the publisher took the page down (404/410); null while it is published."
    )
    declared_canonical: str | None = Field(
        None, description="A canonical URL the page declared outside its source's domains (not the record's URL)."
    )
    also_published_at: list[ClusterMember] = Field(description="The other members of this record's cluster.")


class Article(ArticleSummary):
    """The full record, as kept in sync through /changes and exports."""

    body_text: str
    body_html: str
    extractor_version: str


class Revision(Schema):
    """An earlier text of the article, kept when the page changed at the same URL."""

    revision: int
    title: str | None
    body_text: str
    content_hash: str
    recorded_at: datetime


class ArticleDetail(Article):
    revisions: list[Revision]


class ArticlePage(Schema):
    items: list[ArticleSummary]
    next: str | None = Field(description="URL of the next page; null on the last page.")
    cursor: str | None = Field(description="Opaque cursor of the next page (the `cursor` parameter of `next`).")


class Run(Schema):
    id: int
    source: str
    trigger: str
    status: str
    started_at: datetime
    finished_at: datetime | None
    stats: dict[str, Any]
    errors: list[dict[str, Any]]


class RunPage(Schema):
    items: list[Run]
    next: str | None
    cursor: str | None


class Health(Schema):
    """Every check passed (a failed one answers 503 with the error shape, each check in `details`)."""

    status: Literal["ok"]
    database: str = Field(description="`ok`: the database answers.")
    migrations: str = Field(description="`ok`: the database is migrated to the revision this code needs.")
    redis: str = Field(description="`ok`: the broker answers; `not configured` in the embedded mode.")


class ErrorBody(Schema):
    status: int
    code: str
    message: str
    details: list[dict[str, Any]] = Field(default_factory=list)


class Error(Schema):
    error: ErrorBody


def member(row: Any) -> ClusterMember:
    """From an Article or a light row with id, canonical_url, source, published_at."""
    return ClusterMember(id=row.id, url=row.canonical_url, source=row.source, published_at=row.published_at)


def _article_fields(row: ArticleRow | Any, members: list[Any]) -> dict[str, Any]:
    """From an `Article` or a row of the articles table (the list routes read rows: cheaper to load)."""
    return {
        "id": row.id,
        "url": row.canonical_url,
        "source": row.source,
        "origin": row.origin,
        "title": row.title,
        "subtitle": row.subtitle,
        "published_at": row.published_at,
        "published_precision": row.published_precision,
        "author": row.author,
        "editor": row.editor,
        "category": row.category,
        "site_name": row.site_name,
        "language": row.language,
        "images": row.images or [],
        "attachments": row.attachments or [],
        "flags": row.flags or [],
        "confidence": row.confidence,
        "content_hash": row.content_hash,
        "revision": row.revision,
        "first_seen_at": row.first_seen_at,
        "last_seen_at": row.last_seen_at,
        "updated_at": row.updated_at,
        "crawl_run_id": row.crawl_run_id,
        "cluster_id": row.cluster_id,
        "is_canonical": row.cluster_id == row.id,
        "removed_at": row.removed_at,
        "declared_canonical": row.declared_canonical,
        "also_published_at": [member(m) for m in members],
    }


def article_summary(row: ArticleRow, members: list[Any]) -> ArticleSummary:
    return ArticleSummary.model_validate(_article_fields(row, members))


def article(row: ArticleRow, members: list[Any]) -> Article:
    fields = _article_fields(row, members)
    fields.update(body_text=row.body_text, body_html=row.body_html, extractor_version=row.extractor_version)
    return Article.model_validate(fields)


def article_detail(row: ArticleRow, members: list[Any], revisions: list[RevisionRow]) -> ArticleDetail:
    fields = article(row, members).model_dump()
    fields["revisions"] = [Revision.model_validate(r, from_attributes=True) for r in revisions]
    return ArticleDetail.model_validate(fields)


def run(row: RunRow) -> Run:
    return Run.model_validate(row, from_attributes=True)


class Change(Schema):
    """One created/updated/merged/deleted record. `article` is the record as it is now (null if it no longer exists);
    after `deleted` it carries `removed_at`: delete your copy."""

    seq: int = Field(description="Commit-ordered change number; pass the last one you processed as `cursor`.")
    kind: Literal["created", "updated", "merged", "deleted"]
    article_id: str
    changed_at: datetime
    article: Article | None


class ChangePage(Schema):
    items: list[Change]
    cursor: int = Field(description="The `seq` of the last item (or the cursor you sent, when there is none).")
    has_more: bool = Field(description="True when more changes follow right away; otherwise poll `next` later.")
    next: str


class SourceStatus(Schema):
    key: str
    name: str | None
    language: str | None
    enabled: bool | None
    schedule: str | None
    articles: int
    canonical_articles: int
    health: Literal["ok", "degraded", "failing", "blocked", "running", "never_run"]
    consecutive_failures: int
    challenge: str | None = None  # signature of the cookie challenge the last finished run met
    last_run: Run | None
    last_success_at: datetime | None


class SourceList(Schema):
    items: list[SourceStatus]
