"""Record and rules models of the extraction stage (no I/O, importable standalone)."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

# The per-source rules are part of the sources file's model; the extractor reads them from there.
from common.sources import ExtractionRules
from workers.extraction.normalize import safe_text

__all__ = ["ArticleRecord", "AttachmentRef", "ExtractionError", "ExtractionRules", "ImageRef", "RECORD_FIELDS"]

EXTRACTOR_VERSION = "unionfeed-extract/3.2"  # 3.2: linked headlines, writer boxes, Chinese credit/editor tails

RECORD_FIELDS = (
    "url",
    "title",
    "subtitle",
    "published_at",
    "source",
    "author",
    "authors",
    "editor",
    "category",
    "site_name",
    "language",
    "body_text",
    "body_html",
    "images",
    "attachments",
    "flags",
    "confidence",
    "extractor_version",
)


class ExtractionError(ValueError):
    """Raised only for input that is not a page at all (empty, or binary such as PDF/PNG/NUL-filled bytes).

    Every other defect (bad markup, wrong charset, truncation, huge or deep documents) yields a record with
    ``flags`` instead. Callers record the error against the page and move on.
    """


def _one_line(value: str | None) -> str | None:
    return safe_text(value) if isinstance(value, str) else value


class ImageRef(BaseModel):
    model_config = ConfigDict(extra="forbid")
    url: str
    caption: str | None = None

    _clean = field_validator("url", "caption")(_one_line)


class AttachmentRef(BaseModel):
    model_config = ConfigDict(extra="forbid")
    url: str
    title: str | None = None

    _clean = field_validator("url", "title")(_one_line)


class ArticleRecord(BaseModel):
    """One clean article. ``model_dump(mode="json")`` is the shape used by fixtures, the CLI and the API."""

    model_config = ConfigDict(extra="forbid")
    url: str
    title: str | None = None
    subtitle: str | None = None
    published_at: datetime | date | None = None
    source: str | None = None
    author: str | None = None
    # every author named, one name per item (``author`` keeps them as one string, as it always has)
    authors: list[str] = Field(default_factory=list)
    editor: str | None = None
    category: str | None = None
    site_name: str | None = None
    language: str | None = None
    body_text: str = ""
    body_html: str = ""
    images: list[ImageRef] = Field(default_factory=list)
    attachments: list[AttachmentRef] = Field(default_factory=list)
    flags: list[str] = Field(default_factory=list)
    # how far the main-content vote agreed on the body (0-1); below the deployment's threshold: flag low_confidence
    confidence: float | None = Field(None, ge=0, le=1)
    extractor_version: str = EXTRACTOR_VERSION

    # Every text field is safe for line-based readers of JSON Lines, whichever stage or override produced it.
    _one_line = field_validator(
        "url", "title", "subtitle", "source", "author", "editor", "category", "site_name", "language"
    )(_one_line)

    @field_validator("body_text", "body_html")
    @classmethod
    def _multiline(cls, value: str) -> str:
        return safe_text(value, multiline=True)

    @field_validator("authors")
    @classmethod
    def _names(cls, value: list[str]) -> list[str]:
        return [name for name in (safe_text(v).strip() for v in value) if name]
