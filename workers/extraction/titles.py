"""Headline, kicker/subtitle, breadcrumb category and site name."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from workers.extraction.blocks import HEADING_TAGS, Block, element_class_id
from workers.extraction.class_hints import hint_match
from workers.extraction.dates import find_date
from workers.extraction.labels import parse_labels
from workers.extraction.metadata import HeadInfo, ld_text, title_segments
from workers.extraction.noise import BREADCRUMB, CRUMB_SEP, HOME, is_breadcrumb
from workers.extraction.normalize import clean_line, squash

_TITLE_HINT = re.compile(r"title|headline|(?:^|[-_\s])tit|biaoti|(?:^|[-_\s])bt(?:$|[-_\s\d])|heading", re.I)
_SUB_HINT = re.compile(
    r"sub|(?:^|[-_\s])fu|yinti|fubiao|futi|kicker|deck|(?:^|[-_\s])dek(?:$|[-_\s])|standfirst|strap|vice|intro|"
    r"(?:^|[-_\s])lead|(?:^|[-_\s])yt(?:$|[-_\s\d])|(?:^|[-_\s])pre(?:$|[-_\s])|summary|excerpt",
    re.I,
)
_CRUMB_HINT = re.compile(
    r"bread|crumb|location|position|weizhi|dqwz|curpos|(?:^|[-_\s])path|daohang|mianbao|where|place|route|guide", re.I
)
_STRONG_CRUMB = re.compile(r"bread|crumb", re.I)
_ARROWS = re.compile(r"\s*(?:>>|>|›|»|→|＞)\s*")


def title_refs(head: HeadInfo) -> list[tuple[str, float]]:
    refs: list[tuple[str, float]] = []
    for key in ("og:title", "twitter:title", "articletitle", "headline", "dc.title", "dcterms.title", "title"):
        value = head.first(key)
        if value:
            refs.append((value, 10.0))
    headline = ld_text(head.ld("headline"))
    if headline:
        refs.append((headline, 10.0))
    if head.title_tag:
        refs.append((head.title_tag, 10.0))
        segments = title_segments(head.title_tag)
        if len(segments) > 1:
            refs.append((segments[0], 9.0))
            refs.extend((s, 4.0) for s in segments[1:])
    return refs


def _match(text: str, refs: list[tuple[str, float]], fuzzy: bool) -> float:
    """How well a block matches the title metadata (0 = not at all); ``refs`` hold squashed titles."""
    key = squash(text)
    if len(key) < 2:
        return 0.0
    best = 0.0
    for r, weight in refs:
        if key == r:
            score = weight
        elif r.startswith(key) and len(key) >= 0.45 * len(r):
            score = weight * 0.8
        elif key.startswith(r) and len(r) >= 0.6 * len(key):
            score = weight * 0.7
        elif fuzzy and 0.6 < len(key) / len(r) < 1.6:
            matcher = SequenceMatcher(None, key, r, autojunk=False)
            if matcher.real_quick_ratio() < 0.75 or matcher.quick_ratio() < 0.75:
                continue
            ratio = matcher.ratio()
            score = weight * 0.6 * ratio if ratio >= 0.75 else 0.0
        else:
            continue
        best = max(best, score)
    return best


def _hinted(block: Block, pattern: re.Pattern[str]) -> bool:
    el = block.owner
    for _ in range(2):
        if el is None:
            return False
        if hint_match(pattern, element_class_id(el)):
            return True
        el = el.getparent()
    return False


def find_title(head: HeadInfo, blocks: list[Block], start: int, end: int) -> tuple[str | None, Block | None]:
    """The headline block: the heading that matches the page's title metadata, nearest the body start."""
    weights: dict[str, float] = {}
    for ref, weight in title_refs(head):
        key = squash(ref)
        if key:
            weights[key] = max(weights.get(key, 0.0), weight)
    refs = list(weights.items())
    best: tuple[float, Block] | None = None
    fallback: tuple[float, Block] | None = None
    for block in blocks:
        if block.image is not None or not 2 <= len(block.text) <= 200 or is_breadcrumb(block.text):
            continue
        tag = block.owner.tag
        bonus = {"h1": 3.0, "h2": 2.0}.get(tag, 1.0 if tag in HEADING_TAGS else 0.0)
        if _hinted(block, _TITLE_HINT):
            bonus += 1.5
        if block.boiler:
            bonus -= 4
        if block.link_density > 0.5:
            bonus -= 2.5
        if block.index > end:
            bonus -= 3
        elif block.index <= start + 3:
            bonus += 1
        if parse_labels(block.ltext or block.text):
            bonus -= 5
        match = _match(block.text, refs, fuzzy=bonus > 0 and len(block.text) <= 200)
        if match > 0:
            score = match + bonus
            if best is None or score > best[0]:
                best = (score, block)
        elif bonus >= 2 and len(block.text) >= 4 and block.index <= start + 3:
            near = bonus - abs(start - block.index) * 0.05
            if fallback is None or near > fallback[0]:
                fallback = (near, block)
    if best is not None and best[0] >= 6:
        return best[1].text, best[1]
    if fallback is not None:
        return fallback[1].text, fallback[1]
    emphasized = _emphasized_headline(blocks, start) if _names_a_section(head.title_tag, blocks) else None
    if emphasized is not None:
        return emphasized.text, emphasized
    if best is not None:
        return best[1].text, best[1]
    for ref, weight in title_refs(head):
        if weight >= 9:
            segments = title_segments(ref) if ref == head.title_tag else [ref]
            return (segments[0] if segments else ref), None
    return None, None


def find_subtitle(
    head: HeadInfo, blocks: list[Block], title: Block | None, title_text: str | None
) -> Block | str | None:
    """A kicker (引题) right above the headline or a deck (副题) right below it, in the same header container."""
    for key in ("subtitle", "og:subtitle", "articlesubtitle", "subheadline"):
        value = head.first(key)
        if value and value != title_text:
            return value
    alt = ld_text(head.ld("alternativeHeadline"))
    if alt and alt != title_text:
        return alt
    if title is None:
        return None
    container = title.owner.getparent()
    for index in (title.index - 1, title.index + 1):
        if not 0 <= index < len(blocks):
            continue
        block = blocks[index]
        text = block.text
        if block.image is not None or not 4 <= len(text) <= 150 or block.link_density > 0.3:
            continue
        if parse_labels(block.ltext or text) or is_breadcrumb(text) or find_date(text):
            continue
        if squash(text) == squash(title.text):
            continue
        heading = block.owner.tag in HEADING_TAGS or _hinted(block, _SUB_HINT)
        near = container is not None and _related(block.owner, title.owner, 3)
        if heading and near:
            return block
    return None


def _related(a, b, levels: int) -> bool:
    """Whether two elements share an ancestor within ``levels`` steps of each."""
    mine = set()
    for _ in range(levels + 1):
        if a is None:
            break
        mine.add(a)
        a = a.getparent()
    for _ in range(levels + 1):
        if b is None or b.tag == "body":
            return False
        if b in mine:
            return True
        b = b.getparent()
    return False


def breadcrumb(
    blocks: list[Block], title: str | None, title_index: int | None = None
) -> tuple[list[str], bool, Block | None]:
    """Breadcrumb items (label and home stripped) and whether the first item names the site (links to '/')."""
    for block in blocks:
        if block.image is not None or len(block.text) > 300:
            continue
        labelled = BREADCRUMB.match(block.text) is not None
        hinted = _hinted(block, _CRUMB_HINT) and (CRUMB_SEP.search(block.text) or _hinted(block, _STRONG_CRUMB))
        if not labelled and not hinted and not _arrow_links(block, title_index):
            continue
        items, rooted = _crumb_items(block, labelled)
        items = [i for i in items if i and not HOME.match(i)]
        if title:
            key = squash(title)
            items = [i for i in items if squash(i) != key and not (len(i) > 12 and key.startswith(squash(i)))]
        if items or labelled:
            return items, rooted, block
    return [], False, None


def _arrow_links(block: Block, title_index: int | None) -> bool:
    """An unlabelled trail before the headline: 2-6 short linked items joined by arrows."""
    if title_index is None or block.index >= title_index or len(block.text) > 80 or block.link_density < 0.7:
        return False
    parts = [p for p in _ARROWS.split(block.text) if p.strip()]
    return 2 <= len(parts) <= 6 and len(_ARROWS.findall(block.text)) == len(parts) - 1


def _crumb_items(block: Block, labelled: bool) -> tuple[list[str], bool]:
    text = block.text
    whole = clean_line(block.owner.text_content())
    if len(whole) <= 300 and whole.startswith(text):
        text = whole
    if labelled:
        text = BREADCRUMB.sub("", text, count=1)
    links = [a for a in block.owner.iter("a") if clean_line(a.text_content())]
    rooted = False
    if links and not HOME.match(clean_line(links[0].text_content())):
        href = (links[0].get("href") or "").strip()
        rooted = bool(re.fullmatch(r"(?:https?://[^/]+)?/?(?:index\.\w+)?|(?:\.\./)+|\./?", href))
    items = [clean_line(p) for p in CRUMB_SEP.split(text)]
    return [i for i in items if i and len(i) <= 80], rooted


def site_name(head: HeadInfo, crumbs: list[str], rooted: bool, title: str | None) -> str | None:
    value = head.first("og:site_name", "sitename", "site_name", "application-name", "apple-mobile-web-app-title")
    if value:
        return value
    publisher = ld_text(head.ld("publisher", "sourceOrganization"))
    if publisher:
        return publisher
    if crumbs and rooted and len(crumbs) >= 2:
        return crumbs[0]
    rest = title_rest(head.title_tag, title)
    if rest:
        return rest[-1]
    segments = title_segments(head.title_tag)
    if len(segments) >= 2 and title and squash(title) in squash(segments[0]):
        return segments[-1]
    if len(segments) == 1 and title and squash(segments[0]) != squash(title) and len(segments[0]) <= 30:
        return segments[0]
    return None


_REST_SEP = re.compile(r"\s*(?:-{2,}|[_|｜–—－»]|\s[-:·•]\s|-)\s*")


def title_rest(title_tag: str, title: str | None) -> list[str]:
    """Segments after the headline in the <title> ('Headline_Column_Site' -> ['Column', 'Site'])."""
    if not title or not title_tag:
        return []
    tag, head = clean_line(title_tag), clean_line(title)
    at = tag.find(head)
    if at < 0 or len(tag) == at + len(head):
        return []
    rest = tag[at + len(head) :]
    if not _REST_SEP.match(rest):
        return []
    return [s.strip() for s in _REST_SEP.split(rest) if 0 < len(s.strip()) <= 40]


def title_category(title_tag: str, title: str | None) -> str | None:
    rest = title_rest(title_tag, title)
    return rest[0] if len(rest) >= 2 else None


# Title metadata in order of trust; the <title> element and the headline block are weighed against these.
_META_TITLES = ("og:title", "articletitle", "twitter:title", "dc.title", "dcterms.title", "parsely-title", "headline")
_EDGE_SEP = re.compile(r"^\s*(?:[-–—|·•:»_｜]{1,2}|::)\s*|\s*(?:[-–—|·•:»_｜]{1,2}|::)\s*$")


def headline(head: HeadInfo, found: str | None, site: str | None) -> str | None:
    """The article's headline, chosen by agreement between the headline block (``found``, usually the h1) and
    the title metadata (JSON-LD headline, og:title, ArticleTitle, twitter:title, Dublin Core, <title>), each
    without its site-name prefix or suffix.

    The metadata's wording wins where it names the same headline (it carries no kicker glued on by layout); a
    headline block that shares nothing with metadata that agrees with itself loses to it."""
    sites = _site_names(head, site)
    voices = [v for v in (_strip_site(v, sites) for v in _title_voices(head)) if v and squash(v) not in sites]
    if not voices:
        return found
    keys = [squash(v) for v in voices]
    if found is None:
        return voices[0]
    mine = squash(found)
    if mine in keys:
        return voices[keys.index(mine)]
    best = max(range(len(keys)), key=lambda i: (keys.count(keys[i]), -i))
    if keys[best] and (keys[best] in mine or mine in keys[best]):
        return voices[best]
    near = [v for v, k in zip(voices, keys, strict=True) if _similar(mine, k)]
    if near:
        return near[0]  # the same headline, worded a little differently in the metadata (an apostrophe, a colon)
    tag = squash(title_segments(head.title_tag)[0]) if head.title_tag and title_segments(head.title_tag) else ""
    votes = keys.count(keys[best]) + (tag == keys[best])
    return voices[best] if votes >= 2 else found


def _title_voices(head: HeadInfo) -> list[str]:
    ld = ld_text(head.ld("headline"))
    return [v for v in (ld, *(head.first(k) for k in _META_TITLES)) if v]


def _site_names(head: HeadInfo, site: str | None) -> set[str]:
    names = {
        site,
        head.first("og:site_name", "sitename", "site_name", "application-name"),
        ld_text(head.ld("publisher")),
        head.first("columnname"),
    }
    return {squash(n) for n in names if n and squash(n)}


def _strip_site(text: str, sites: set[str]) -> str:
    """'Headline | Site' and 'Site: Headline' -> 'Headline' when 'Site' names the site."""
    parts = [p for p in _REST_SEP.split(text) if p.strip()]
    if len(parts) < 2 or not sites:
        return text
    if squash(parts[-1]) in sites:
        cut = text[: text.rfind(parts[-1])]
        return _EDGE_SEP.sub("", cut).strip() or text
    if squash(parts[0]) in sites:
        cut = text[text.find(parts[0]) + len(parts[0]) :]
        return _EDGE_SEP.sub("", cut).strip() or text
    return text


def _similar(a: str, b: str) -> bool:
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= 0.9


def _names_a_section(title_tag: str, blocks: list[Block]) -> bool:
    """No <title>, or one that only names the site or a section: it stands as a link in the navigation."""
    key = squash(title_tag)
    return not key or any(b.link_density > 0.5 and key in squash(b.text) for b in blocks[:40])


def _emphasized_headline(blocks: list[Block], start: int) -> Block | None:
    """Table-layout pages without headings set the headline in <b> or a large <font>: the first such short line
    by the start of the body, when nothing else names the headline."""
    for block in blocks[max(0, start - 3) : start + 4]:
        if block.image is None and not block.boiler and 4 <= len(block.text) <= 80 and block.link_density < 0.3:
            if not parse_labels(block.ltext or block.text) and _emphasized(block):
                return block
    return None


def _emphasized(block: Block) -> bool:
    """The whole line is bold or set in a large font (<font size="4">)."""
    for el in block.owner.iter("b", "strong", "font"):
        if el.tag == "font" and not (el.get("size") or "").strip().lstrip("+").isdigit():
            continue
        if el.tag == "font" and int((el.get("size") or "0").strip().lstrip("+")) < 4:
            continue
        if clean_line(el.text_content()) == block.text:
            return True
    return False
