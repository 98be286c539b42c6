"""Extraction: page bytes -> clean, normalized ArticleRecord (pure functions, no I/O)."""

from workers.extraction.encoding import decode_html
from workers.extraction.models import (
    EXTRACTOR_VERSION,
    ArticleRecord,
    AttachmentRef,
    ExtractionError,
    ExtractionRules,
    ImageRef,
)
from workers.extraction.record import LOW_CONFIDENCE, extract_record
from workers.extraction.template import template_in_pages, template_lines

__all__ = [
    "EXTRACTOR_VERSION",
    "LOW_CONFIDENCE",
    "ArticleRecord",
    "AttachmentRef",
    "ExtractionError",
    "ExtractionRules",
    "ImageRef",
    "decode_html",
    "extract_record",
    "template_in_pages",
    "template_lines",
]
