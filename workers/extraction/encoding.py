"""Bytes -> text: BOM, HTTP header, <meta> charset, and detection when they disagree or lie."""

from __future__ import annotations

import codecs
import re
from collections.abc import Mapping

_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([a-zA-Z0-9_:.\-]{2,40})""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?\s*([a-zA-Z0-9_:.\-]{2,40})", re.IGNORECASE)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Labels mapped the way browsers do (WHATWG): GB2312/GBK decode as GB18030, Latin-1 as windows-1252.
_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "euc-cn": "gb18030",
    "gb_2312-80": "gb18030",
    "chinese": "gb18030",
    "csgb2312": "gb18030",
    "hz-gb-2312": "gb18030",
    "big5": "big5hkscs",
    "big5-hkscs": "big5hkscs",
    "x-x-big5": "big5hkscs",
    "cp950": "big5hkscs",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "utf8": "utf-8",
    "unicode": "utf-8",
    "utf-16": "utf-8",
    "utf-16le": "utf-8",
    "utf-16be": "utf-8",
}
_SINGLE_BYTE = {"cp1252", "iso8859-15", "cp1251", "cp1250", "koi8-r"}
_SAMPLE = 200_000
_HIGH = bytes(range(0x80, 0x100))
# Most frequent Chinese characters (simplified and traditional forms): real CJK text is dense in them,
# a page decoded with the wrong CJK codec is not.
_COMMON_CJK = frozenset(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定"
    "行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些"
    "然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公"
    "无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将"
    "组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金"
    "增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类"
    "八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非"
    "验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往历市克何除消构府称太准精值号率族维划选标写存候亲快效院查"
    "江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞"
    "這個們國時來會對說過動產種發後麼學實體現當點業還經進開關於從應與間樣條將歷專導區長強問題黨結員總構設計義處隊"
    "廣東們華電車書記認識團員舉辦會議報導興務經濟參與為際範圍區縣鎮鄉單組織幹部積極"
)


def _norm(label: str | None) -> str | None:
    if not label:
        return None
    name = label.strip().strip("\"'").lower()
    name = _ALIASES.get(name, name)
    try:
        name = codecs.lookup(name).name
    except LookupError:
        return None
    return _ALIASES.get(name, name)


def header_charset(headers: Mapping[str, str] | None) -> str | None:
    """Charset named by a Content-Type header (case-insensitive lookup)."""
    if not headers:
        return None
    for key, value in headers.items():
        if str(key).lower() == "content-type" and value:
            found = _HEADER_CHARSET.search(str(value))
            return found.group(1) if found else None
    return None


def meta_charset(body: bytes) -> str | None:
    found = _META_CHARSET.search(body[:32_768])
    return found.group(1).decode("ascii", "ignore") if found else None


def _errors(text: str) -> int:
    return text.count("\ufffd")


def _cjk_quality(text: str) -> float:
    """Share of CJK ideographs that are common characters (1.0 when there are none)."""
    cjk = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    if len(cjk) < 20:
        return 1.0 if not cjk else 0.5
    return sum(c in _COMMON_CJK for c in cjk) / len(cjk)


def _is_utf8(sample: bytes) -> bool:
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as err:
        # a multi-byte character cut at the end of the sample is still UTF-8
        return err.start >= len(sample) - 3 and err.reason == "unexpected end of data"
    return True


def _plausible(body: bytes, sample: bytes, encoding: str) -> str | None:
    text = body.decode(encoding, errors="replace")
    non_ascii = len(sample) - len(sample.translate(None, _HIGH))
    bad = _errors(text)
    if bad > max(3, non_ascii // 500):
        return None
    if encoding in _SINGLE_BYTE and non_ascii > 40:
        # mojibake: high-bit bytes that read better as UTF-8 or a CJK codec
        return None
    if encoding in ("gb18030", "big5hkscs") and _cjk_quality(text[:_SAMPLE]) < 0.25:
        return None
    return text


def decode_html(
    body: bytes, headers: Mapping[str, str] | None = None, override: str | None = None
) -> tuple[str, str, bool]:
    """Decode page bytes. Returns (text, encoding used, guessed?).

    Order: BOM; a per-source override; then the declared charsets (header, then <meta>) when the bytes
    agree with them; otherwise detection. A body that is valid UTF-8 with non-ASCII bytes is UTF-8 whatever
    it claims. Never raises: the last resort is UTF-8 with replacement characters.
    """
    for bom, name in _BOMS:
        if body.startswith(bom):
            return body.decode(name, errors="replace"), "utf-8" if name == "utf-8-sig" else name, False
    sample = body[:_SAMPLE]
    has_high = not sample.isascii() or not body[-4096:].isascii()
    declared = [_norm(override), _norm(header_charset(headers)), _norm(meta_charset(body))]
    declared = list(dict.fromkeys(d for d in declared if d))
    if not has_high:
        enc = declared[0] if declared and declared[0] not in ("utf-16", "utf-32") else "utf-8"
        return body.decode(enc, errors="replace"), enc, False
    if _is_utf8(sample):
        guessed = bool(declared) and declared[0] != "utf-8"
        return body.decode("utf-8", errors="replace"), "utf-8", guessed
    for enc in declared:
        if enc == "utf-8":
            continue
        text = _plausible(body, sample, enc)
        if text is not None:
            return text, enc, False
    return _detect(body, sample, declared)


def _detect(body: bytes, sample: bytes, declared: list[str]) -> tuple[str, str, bool]:
    best: tuple[float, str] | None = None
    for enc in ("gb18030", "big5hkscs", "shift_jis", "euc-kr"):
        text = sample.decode(enc, errors="replace")
        bad = _errors(text)
        cjk = sum(1 for c in text if "\u4e00" <= c <= "\u9fff")
        score = _cjk_quality(text) * (1.0 if enc in ("gb18030", "big5hkscs") else 0.6) - bad / max(1, cjk)
        if best is None or score > best[0]:
            best = (score, enc)
    if best and best[0] > 0.35:
        return body.decode(best[1], errors="replace"), best[1], True
    try:
        from charset_normalizer import from_bytes

        match = from_bytes(sample[:65_536]).best()
        if match is not None and match.encoding:
            enc = _norm(match.encoding) or "utf-8"
            return body.decode(enc, errors="replace"), enc, True
    except Exception:  # noqa: BLE001 - detection is best effort
        pass
    enc = next((d for d in declared if d in _SINGLE_BYTE), "cp1252")
    return body.decode(enc, errors="replace"), enc, True
