"""Record output: body text (blank-line separated paragraphs) and sanitized body HTML."""

from __future__ import annotations

from html import escape

import nh3

from workers.extraction.items import Item

_TAGS = {"p", "h3", "figure", "img", "figcaption"}
_ATTRS = {"img": {"src", "alt"}}


def body_text(items: list[Item]) -> str:
    return "\n\n".join(i.text for i in items if i.kind != "img" and i.text)


def body_html(items: list[Item]) -> str:
    """HTML built from the cleaned items, then passed through a real sanitizer (nh3/ammonia)."""
    parts: list[str] = []
    for item in items:
        if item.kind == "img" and item.url:
            caption = f"<figcaption>{escape(item.caption)}</figcaption>" if item.caption else ""
            parts.append(f'<figure><img src="{escape(item.url, quote=True)}" alt="">{caption}</figure>')
        elif item.kind == "h":
            parts.append(f"<h3>{escape(item.text)}</h3>")
        elif item.text:
            parts.append(f"<p>{escape(item.text)}</p>")
    return sanitize("\n".join(parts))


def sanitize(fragment: str) -> str:
    return nh3.clean(fragment, tags=_TAGS, attributes=_ATTRS, url_schemes={"http", "https"}, link_rel=None)
