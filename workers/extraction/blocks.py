"""Parsing with guards, pre-cleaning, and segmentation of the DOM into text blocks."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import islice

from lxml import etree, html

from workers.extraction.class_hints import hint_match
from workers.extraction.normalize import clean_line, weighted_len

MAX_CHARS = 2_000_000
BIG_PAGE = 500_000
MAX_BLOCKS = 30_000
MAX_DEPTH = 200
_RAW_TAG = re.compile(r"<(/?)(script|style)\b([^>]{0,500})>|<!--", re.I)
BLOCK_TAGS = frozenset(
    "address article aside blockquote body center dd details dialog dir div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main menu nav ol p pre section summary table "
    "tbody thead tfoot tr td th ul caption legend option".split()
)
HEADING_TAGS = frozenset("h1 h2 h3 h4 h5 h6".split())
_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "object",
    "embed",
    "canvas",
    "svg",
    "math",
    "select",
    "textarea",
    "button",
    "input",
    "link",
    "audio",
    "video",
    "source",
    "map",
    "area",
    "dialog",
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_BOILER_TAGS = frozenset({"nav", "aside", "footer", "header", "menu"})
_NEGATIVE = re.compile(
    r"comment|footer|(?:^|[-_\s])foot|sidebar|(?:^|[-_\s])side(?:$|[-_\s\d])|related|relevant|recommend|share|"
    r"social|breadcrumb|crumb|(?:^|[-_\s])nav|menu|copyright|banner|advert|(?:^|[-_\s])ads?(?:$|[-_\s\d])|"
    r"sponsor|popup|modal|cookie|login|subscribe|newsletter|pagination|pager|toolbar|qrcode|erweima|(?:^|[-_\s])ewm|"
    r"bdshare|jiathis|xgxw|xgwz|xglj|tuijian|xiangguan|fenxiang|(?:^|[-_\s])hot|rank|paihang|bottom|"
    r"(?:^|[-_\s])top(?:$|[-_\s\d])|logo|search|masthead|(?:^|[-_\s])header|friend-?link|yqlj|links?(?:$|[-_\s\d])|"
    r"print|dayin|guanbi|tags?(?:$|[-_\s\d])|(?:^|[-_\s])tool|qr[-_]?code|(?:^|[-_\s])bio(?:$|[-_\s])|"
    r"author-?(?:box|bio|info|card|profile)|about-?(?:the-?)?author|promo|widget|signup|paywall|(?:^|[-_\s])cta(?:$|[-_\s])",
    re.I,
)
_POSITIVE = re.compile(
    r"article|content|(?:^|[-_\s])main|post|entry|(?:^|[-_\s])text|(?:^|[-_\s])body|detail|story|zoom|"
    r"trs_editor|custom_unionstyle|neirong|zhengwen|wenzhang|xiangqing|(?:^|[-_\s])con(?:$|[-_\s\d])|(?:^|[-_\s])nr|"
    r"(?:^|[-_\s])zw|(?:^|[-_\s])txt|newsinfo|news_?con|(?:^|[-_\s])cont",
    re.I,
)


@dataclass(slots=True)
class Block:
    """A run of text between block boundaries (or an image), in document order."""

    text: str
    owner: html.HtmlElement
    ltext: str = ""  # text with inline element boundaries as spaces (for labelled lines)
    link_len: int = 0
    bold_len: int = 0
    boiler: bool = False
    image: html.HtmlElement | None = None
    index: int = 0
    wlen: int = 0
    extra: dict = field(default_factory=dict)

    @property
    def link_density(self) -> float:
        return self.link_len / len(self.text) if self.text else 0.0

    @property
    def heading(self) -> bool:
        tag = self.owner.tag
        if tag in HEADING_TAGS:
            return True
        return bool(self.text) and len(self.text) <= 60 and self.bold_len >= 0.9 * len(self.text)


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
# The same control characters in UTF-8: each is one byte there, and no other character's encoding holds that byte.
_CONTROL_UTF8 = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_INLINE_TAGS = re.compile(
    r"</?(?:font|span|b|i|u|em|strong|small|big|sup|sub|s|strike|tt|abbr|label|ins|del|mark)\b[^>]*>", re.I
)
_NESTING_TAGS = re.compile(
    r"<(/?)(?:div|section|article|aside|main|header|footer|nav|table|tbody|thead|tr|td|th|ul|ol|li|dl|dd|dt|"
    r"blockquote|center|form|fieldset|figure|span|font|b|i|a)\b[^>]*>",
    re.I,
)


def strip_scripts(text: str) -> str:
    """Drop <script>/<style> bodies (keeping JSON-LD) and comments in one linear pass, for huge pages."""
    out: list[str] = []
    pos = 0
    for match in _RAW_TAG.finditer(text):
        if match.start() < pos:
            continue
        if match.group(0) == "<!--":
            close = text.find("-->", match.end())
            out.append(text[pos : match.start()])
            pos = len(text) if close < 0 else close + 3
        elif not match.group(1) and "ld+json" not in (match.group(3) or "").lower():
            close = _find_close(text, match.group(2), match.end())
            out.append(text[pos : match.start()])
            pos = len(text) if close < 0 else close
    out.append(text[pos:])
    return "".join(out)


def _find_close(text: str, tag: str, start: int) -> int:
    for candidate in (f"</{tag}>", f"</{tag.upper()}>", f"</{tag.capitalize()}>"):
        found = text.find(candidate, start)
        if found >= 0:
            return found + len(candidate)
    return -1


def parse_html(text: str) -> tuple[html.HtmlElement, list[str]]:
    """Parse (recovering) with guards; returns the root and any guard flags.

    libxml2 stops at 256 levels of nesting and drops the rest of the document, so a page that hits the limit
    is parsed again without inline formatting tags, and if still too deep, with every container made a <p>.
    """
    flags: list[str] = []
    if len(text) > BIG_PAGE:
        text = strip_scripts(text)
    if len(text) > MAX_CHARS:
        text = text[:MAX_CHARS]
        flags.append("truncated_input")
    text = _drop_controls(text)
    root, deep = _parse(text)
    if deep:
        flags.append("deep_nesting")
        root, deep = _parse(_INLINE_TAGS.sub("", text))
        if deep:
            root, _ = _parse(_NESTING_TAGS.sub(lambda m: "</p>" if m.group(1) else "<p>", text))
    return root, flags


def _drop_controls(text: str) -> str:
    """The text without the characters an XML tree cannot hold. Deleting their bytes from the UTF-8 encoding is
    one pass in C, twice as fast over a page as the pattern; U+FFFE, U+FFFF and lone surrogates, which that cannot
    express, are left to the pattern."""
    if "\ufffe" in text or "\uffff" in text:
        return _CONTROL.sub("", text)
    try:
        encoded = text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return _CONTROL.sub("", text)
    return encoded.translate(None, _CONTROL_UTF8).decode("utf-8")


_LOOKUP = etree.ElementDefaultClassLookup(
    element=html.HtmlElement, comment=html.HtmlComment, pi=html.HtmlProcessingInstruction, entity=html.HtmlEntity
)


def _parse(text: str) -> tuple[html.HtmlElement, bool]:
    parser = html.HTMLParser(recover=True, remove_comments=True, remove_pis=True, default_doctype=False)
    # lxml.html's own lookup is Python code run for every element object made (and trafilatura's copies make them
    # all again); ours is lxml's C lookup. What it leaves out: the form-field classes (<form>, <input>, <label>, ...),
    # whose methods nothing here uses.
    parser.set_element_class_lookup(_LOOKUP)
    try:
        root = html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError):
        return html.document_fromstring("<html><body></body></html>"), False
    deep = any("Excessive depth" in (e.message or "") for e in parser.error_log)
    _adopt_stray_content(root)
    return root, deep


def _adopt_stray_content(root: html.HtmlElement) -> None:
    """Move into <body> what libxml2 left outside it. A page that includes a whole header file closing with
    ``</html>`` has the rest of its markup, the article too, parsed after <body> or into a second <html> beside the
    document's; a browser puts content after ``</body>``/``</html>`` in the body (HTML's "after body" insertion
    mode), so do we."""
    body = root.find("body")
    if body is None:
        return
    stray = [el for el in body.itersiblings() if isinstance(el.tag, str) and el.tag != "head"]
    for other in root.itersiblings():
        if isinstance(other.tag, str):
            for el in other:
                if el.tag == "body":
                    stray.extend(el)
                elif isinstance(el.tag, str) and el.tag != "head":
                    stray.append(el)
    for el in stray:
        body.append(el)


def element_class_id(el: html.HtmlElement) -> str:
    return f"{el.get('class', '')} {el.get('id', '')}".strip()


def preclean(root: html.HtmlElement) -> None:
    """Drop non-content elements (scripts, styles, forms controls, hidden elements) in place."""
    etree.strip_elements(root, *_DROP_TAGS, with_tail=False)
    etree.strip_elements(root, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    hidden = []
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag in ("html", "body"):
            continue
        style = el.get("style")
        if el.get("hidden") is not None or (style and _HIDDEN_STYLE.search(style)):
            hidden.append(el)
        overlay = _overlay_of(el)
        if overlay is not None:
            hidden.append(overlay)
    if not hidden:
        return
    body = root.find("body")
    total = len((body if body is not None else root).text_content())
    prose = None
    for el in hidden:
        if el.getparent() is None:
            continue
        # pages that reveal their article by script (hidden until loaded) keep it: only small parts are dropped,
        # or a large part beside an article that is shown
        if len(el.text_content()) >= total * 0.4:
            if prose is None:
                prose = {p for p in root.iter("p") if _prose(p)}
            inner = set(el.iter("p"))
            if sum(1 for p in prose if p not in inner) < 2:
                continue
        _remove_keep_tail(el)


def _remove_keep_tail(el: html.HtmlElement) -> None:
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def is_negative(el: html.HtmlElement) -> bool:
    return hint_match(_NEGATIVE, element_class_id(el))


def is_positive(el: html.HtmlElement) -> bool:
    return hint_match(_POSITIVE, element_class_id(el))


def is_comments(el: html.HtmlElement) -> bool:
    return hint_match(COMMENTS, element_class_id(el))


COMMENTS = re.compile(r"comment|disqus|respond|(?:^|[-_\s])repl(?:y|ies)|pinglun|(?:^|[-_\s])pl(?:$|[-_\s\d])", re.I)


def boilerplate_elements(body: html.HtmlElement, total_len: int) -> set[html.HtmlElement]:
    """Navigation, headers, footers, sidebars, comments, share/related widgets and teaser lists that hold a
    small part of the page's text."""
    found: set[html.HtmlElement] = set()
    limit = max(200, int(total_len * 0.35))
    prose: set[html.HtmlElement] | None = None
    for el in body.iter():
        tag = el.tag
        if not isinstance(tag, str) or tag in ("html", "body"):
            continue
        if tag == "header" and el.find(".//h1") is not None:
            continue  # an article's own header (headline, byline, date), not the site's
        block = tag in BLOCK_TAGS
        names = element_class_id(el) if block else ""  # empty: no hint can match
        size = -1  # the subtree's text length, measured once and only when a rule asks
        if tag in _BOILER_TAGS:
            size = len(el.text_content())
            if size < limit:
                found.add(el)
        elif names and hint_match(_NEGATIVE, names):
            prose = prose if prose is not None else {p for p in body.iter("p") if _prose(p)}
            size = len(el.text_content())
            bound = limit * 0.5 if hint_match(_POSITIVE, names) else limit
            if size < bound and not _holds_article(el, size, prose):
                found.add(el)
        if names and hint_match(COMMENTS, names) and el.find(".//h1") is None:
            if (size if size >= 0 else len(el.text_content())) < total_len * 0.8:
                found.add(el)
        elif block and len(el) >= 3 and _teaser_list(el):
            if (size if size >= 0 else len(el.text_content())) < limit:
                found.add(el)
    return found


_CLOSE = re.compile(r"(?:^|[-_\s])close(?:$|[-_\s])", re.I)


def _overlay_of(control: html.HtmlElement) -> html.HtmlElement | None:
    """The lightbox or slideshow shown over the page on demand (hidden until opened) that this element closes: an
    empty control named or titled "close" that opens (first or second child) its parent."""
    # "lose" finds "close" and "Close" in one cheap test (most elements have neither); the regex then asks for the word
    named, titled = control.get("class", ""), control.get("title", "")
    if "lose" not in named and "lose" not in titled:
        return None
    if not _CLOSE.search(f"{named} {titled}") or control.text_content().strip():
        return None
    parent = control.getparent()
    if parent is None or parent.tag in ("html", "body") or control not in parent[:2]:
        return None
    return parent


def _holds_article(el: html.HtmlElement, size: int, prose: set[html.HtmlElement]) -> bool:
    """Runs of sibling prose paragraphs make most of its text (or some of it, under the page's headline), or it is
    a paragraph of such a run: a part of the article itself, whatever its class says (a layout class such as
    "sidebar-grid__container" names what stands beside the text; "paywall" on a paragraph marks the article's
    text behind the paywall). Teaser cards and widgets hold one excerpt paragraph each, not runs of them.
    ``size``: the length of its text; ``prose``: the page's prose paragraphs."""
    if el.tag == "p":
        parent = el.getparent()
        return el in prose and parent is not None and _at_least(3, (p for p in parent.iterchildren("p") if p in prose))
    if size < 400:
        return False
    runs: dict[html.HtmlElement, list[int]] = {}
    for p in el.iter("p"):
        if p in prose:
            runs.setdefault(p.getparent(), []).append(len(p.text_content()))
    found = sum(sum(run) for run in runs.values() if len(run) >= 3)
    # with the headline, the article's header (byline, share links, lead image) comes along with the text
    return found >= 0.6 * size or (found > 0 and el.find(".//h1") is not None)


def _at_least(n: int, items: Iterable[html.HtmlElement]) -> bool:
    return len(list(islice(items, n))) >= n


def _prose(p: html.HtmlElement) -> bool:
    """A paragraph of running text: >= 120 characters, less than 35% of them in links."""
    text = len(p.text_content())
    return text >= 120 and sum(len(a.text_content()) for a in p.iter("a")) < 0.35 * text


def _teaser_list(el: html.HtmlElement) -> bool:
    """A list of links to other articles: >= 3 like children, each one opening with a link."""
    kids = [c for c in el if isinstance(c.tag, str)]
    if len(kids) < 3:
        return False
    signature = {}
    for kid in kids:
        key = (kid.tag, kid.get("class"))
        signature[key] = signature.get(key, 0) + 1
    (tag, _), count = max(signature.items(), key=lambda kv: kv[1])
    if count < 3 or count < 0.7 * len(kids) or tag in ("p", "br", "span", "a", "img", "strong", "b", "em", "td"):
        return False
    opening = sum(1 for kid in kids if _opens_with_link(kid))
    return opening >= 3 and opening >= 0.7 * len(kids)


def _opens_with_link(el: html.HtmlElement) -> bool:
    if el.tag == "a":
        return True
    if el.text and el.text.strip():
        return False
    for n, node in enumerate(el.iterdescendants()):
        if n > 12 or not isinstance(node.tag, str):
            return False
        if node.tag == "a" and node.get("href"):
            return bool(node.text_content().strip())
        if node.text and node.text.strip():
            return False
    return False


MARK = "\x1f"
_MARKED = frozenset("span a em strong b i font label small time cite u".split())
_CELL_BLOCKS = frozenset(BLOCK_TAGS - {"td", "th"}) | {"br", "img"}


def _only_cell(cell: html.HtmlElement) -> bool:
    row = cell.getparent()
    return row is not None and sum(1 for c in row if c.tag in ("td", "th")) == 1


def _has_blocks(cell: html.HtmlElement) -> bool:
    """A table cell holding paragraphs (layout table) rather than a short value (data table)."""
    for n, el in enumerate(cell.iterdescendants()):
        if el.tag in _CELL_BLOCKS or n > 400:
            return True
    return len(cell.text_content()) > 200


def segment(root: html.HtmlElement, boiler: set[html.HtmlElement] | None = None) -> tuple[list[Block], bool]:
    """Split the tree into text blocks at block-level elements and <br>; images become their own blocks.

    Iterative (no recursion), so deep documents cannot exhaust the stack. Returns (blocks, deep?).
    """
    boiler = boiler or set()
    blocks: list[Block] = []
    parts: list[str] = []
    state = {"link": 0, "bold": 0, "boiler": 0, "link_len": 0, "bold_len": 0}
    owners: list[html.HtmlElement] = [root]
    deep = False
    cells_open: set[html.HtmlElement] = set()

    def flush() -> None:
        if parts:
            joined = "".join(parts)
            text = clean_line(joined.replace(MARK, ""))
            parts.clear()
            if text:
                blocks.append(
                    Block(
                        text,
                        owners[-1],
                        clean_line(joined.replace(MARK, " ")),
                        state["link_len"],
                        state["bold_len"],
                        state["boiler"] > 0,
                    )
                )
        state["link_len"] = state["bold_len"] = 0

    def add(text: str | None) -> None:
        if text:
            parts.append(text)
            if state["link"]:
                state["link_len"] += len(text.strip())
            if state["bold"]:
                state["bold_len"] += len(text.strip())

    # lxml walks the tree in C (start and end of each element, in document order); it yields elements only, and a
    # pre-cleaned tree holds nothing else
    walk = etree.iterwalk(root, events=("start", "end"))
    depth = -1
    for event, el in walk:
        if len(blocks) >= MAX_BLOCKS:
            break
        tag = el.tag
        if event == "end":
            depth -= 1
            if tag in ("td", "th") and el not in cells_open:
                tag = "cell"
            if tag in BLOCK_TAGS:
                flush()
                owners.pop()
            if tag == "a" and el.get("href") is not None:
                state["link"] -= 1
            elif tag in ("b", "strong"):
                state["bold"] -= 1
            if el in boiler:
                state["boiler"] -= 1
            if tag in _MARKED:
                parts.append(MARK)
            add(el.tail)
            continue
        depth += 1
        if depth > MAX_DEPTH:
            deep = True
            add(el.text_content())
            add(el.tail)
            walk.skip_subtree()
            next(walk)  # its own end: a subtree read as one text opened nothing to close
            depth -= 1
            continue
        if el in boiler:
            state["boiler"] += 1
        if tag in ("td", "th"):
            if _has_blocks(el) or _only_cell(el):
                cells_open.add(el)
            else:
                tag = "cell"
        if tag in BLOCK_TAGS:
            flush()
            owners.append(el)
        elif tag == "br" or tag == "hr":
            flush()
        elif tag == "img":
            flush()
            blocks.append(Block("", owners[-1], boiler=state["boiler"] > 0, image=el))
        if tag == "a" and el.get("href") is not None:
            state["link"] += 1
        elif tag in ("b", "strong"):
            state["bold"] += 1
        if tag == "cell":
            parts.append(" ")
        elif tag in _MARKED:
            parts.append(MARK)
        add(el.text)
    flush()
    for i, block in enumerate(blocks):
        block.index = i
        block.wlen = weighted_len(block.text)
    return blocks, deep
