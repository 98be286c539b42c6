"""Noise families of article pages: breadcrumbs, widgets, footers, original-title lines, file-name captions,
disclaimers, pagination. Each is a plain predicate over one line of text."""

from __future__ import annotations

import re

BREADCRUMB = re.compile(
    r"^\s*(?:当前位置|您的位置|您现在的位置|你的位置|你现在的位置|您当前的位置|您所在的位置|所在位置|现在位置|当前页面|"
    r"Current location|Current position|Your location|Your position|You are here|Location)\s*[:：>\-—]?",
    re.I,
)
CRUMB_SEP = re.compile(r"\s*(?:>>|>|›|»|→|＞|/|-|—|－|–|\\)\s*")
HOME = re.compile(
    r"^(?:首页|首頁|网站首页|網站首頁|主页|主頁|返回首页|home|home ?page|homepage|index|\.\.\.|…|正文|详情|内容|"
    r"text|content|article)$",
    re.I,
)
_WIDGET_WORDS = re.compile(
    r"打印本页|打印此页|打印文章|打印|关闭本页|关闭窗口|关闭|返回顶部|回到顶部|返回列表|返回|收藏本页|加入收藏|收藏|分享到|分享|"
    r"字号|字体|大\s*中\s*小|默认|复制链接|扫一扫|微信|微博|QQ空间|QQ好友|朋友圈|豆瓣|人人网|推荐给朋友|我要纠错|纠错|"
    r"print this page|print|close window|close this window|close|back to top|back|share this|share|tweet|email|"
    r"facebook|twitter|linkedin|whatsapp|copy link|font size|reading times|views|bookmark|save|advertisement|"
    r"advertising|sponsored|skip to (?:main )?content|continue reading|read more|loading|广告|[a-z]?\+|[-+ ]?A[+-]?",
    re.I,
)
_FOOTER = re.compile(
    r"版[权權]所有|版[权權][归歸].{0,20}所有|Copyright|©|all rights reserved|ICP[备证]|公网安备|网安备|举报电话|"
    r"违法和不良信息举报|"
    r"不良信息举报|举报中心|技术支持[:：]|Produced By|Powered by|网站地图|联系我们|关于我们|About us|Contact us|"
    r"主办单位|承办单位|主办[:：]|承办[:：]|协办单位|网站标识码|建议使用.{0,20}浏览器|分辨率|媒体矩阵|Media Matrix|"
    r"扫码关注|扫描二维码|扫一扫|二维码|Scan (?:the )?(?:QR )?code|下载.{0,8}(?:APP|客户端)|(?:APP|客户端)下载|"
    r"Download (?:the|our) app|Experience now|Privacy Policy|Terms of (?:Use|Service)|Cookie|阅读原文|"
    r"关注(?:该|本|我们的)?公众号|长按(?:识别)?二维码|继续滑动看下一个|点击(?:上方|下方)?蓝字关注",
    re.I,
)
TAIL_START = re.compile(
    r"^\s*[【\[]?\s*(?:媒体矩阵|Media Matrix|相关新闻|相关阅读|相关文章|相关链接|延伸阅读|推荐阅读|热点推荐|热门文章|"
    r"猜你喜欢|更多精彩|网友评论|发表评论|我要评论|评论|Related (?:articles?|news|stories|posts|content)|"
    r"Recommended(?: for you)?|Read more|More from|Comments?|Leave a (?:reply|comment)|Most (?:read|popular)|"
    r"上一篇|下一篇|Previous (?:article|post)|Next (?:article|post)|"
    # a members-only notice: what follows is the sign-up offer, not the article
    r"この記事は(?:有料)?会員限定(?:記事)?です)\s*[】\]]?\s*[:：。]?",
    re.I,
)
ORIGINAL_TITLE = re.compile(
    r"^\s*[(（【\[]?\s*(?:原标题|原题|原文标题|Original title)\s*[:：]|"
    r"[(（](?:引题|主题|副题|肩题|眉题|introduction|theme|main title|subtitle|subheading)[)）]\s*$",
    re.I,
)
_FILE_CAPTION = re.compile(
    r"^(?:微信图片|微信截图|图片|IMG|DSC|DSCN|DCIM|mmexport|wx_camera|wx|image|截图|屏幕截图|Screenshot|"
    r"WeChat (?:Picture|Image|Screenshot)|Photo|Picture|pic)[\s_\-]*\d{3,}[\w\-]*$|"
    r"^[\w\-]+\.(?:jpe?g|png|gif|bmp|webp|tiff?)$|^\d{3,}$|^[0-9a-f]{16,}$",
    re.I,
)
_NUMBER_WORDS = frozenset(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand million billion and "
    "point".split()
)
DISCLAIMER = re.compile(
    r"(?:^|(?<=[。！？.!?\s]))\s*(?:[(（【\[]?(?:免责声明|版权声明|特别声明|声明|Statement|Disclaimer|"
    r"Copyright notice)\s*[:：]|"
    r"本文(?:来源于|转自|转载自|系转载)|转载请注明|本站(?:部分)?(?:文章|内容|信息)(?:来源于|均来自|转载)|如有侵权|"
    r"如涉及(?:版权|侵权)|The copyright of this article belongs|If there is (?:a source error|any infringement)|"
    r"This article is reprinted)",
    re.I,
)
_PAGE_TOKEN = re.compile(
    r"(?:首页|上一页|下一页|尾页|末页|共\d+页|第\d+页|\d{1,3}|[<>«»‹›]+|…|\.\.\.|prev(?:ious)?|next|first|last|page|of|"
    r"跳转|转到|go|共|页)",
    re.I,
)
# A photo caption or credit line ends with the credit: "Foto: AFP", "(Image: Getty)", "Credit: X", "/Getty Images".
PHOTO_CREDIT = re.compile(
    r"(?:\b(?:Fotos?|Photos?|Photograph|Images?|Bild|Credits?|Crédit|Kuva|Ljósmynd|Quelle|Picture|Illustration)"
    r"(?: by| credits?)?\s*[:：]\s*[^.!?:：]{2,80}|Getty(?: Images)?|Shutterstock|iStock(?:photo)?|"
    r"(?:©|\(c\))\s*[^.!?]{2,60}|"
    r"[/|]\s*(?-i:[A-Z][\w'’-]*\.?\s+){0,4}(?:via\s+)?"
    r"(?:Reuters|AP(?: Photo)?|AFP|dpa|EPA|Keystone|Imago|picture alliance|Xinhua|Bloomberg|ANP|NTB|PA(?: Wire)?)"
    r"(?:\.com)?|"
    # a caption whose credit follows the last sentence bare: "… for about an hour. AP"
    r"(?<=[.!?])\s+(?-i:AP|AFP|Reuters|dpa|EPA|Getty)|"
    # an agency's credit with the photographer in brackets: "… in Pittsburgh. (AP Photo/Jacquelyn Martin)"
    r"\((?-i:AP|AFP|Reuters|EPA|dpa|Xinhua)(?: Photo)?\s*/\s*[^()/]{2,60}|"
    # a Japanese caption's credit: "…＝13日（代表撮影）"
    r"[（(][^（()）]{0,20}撮影)\s*[)）]?\s*$",
    re.I,
)
# A caption labelled as such ("Legende: …", "Bildunterschrift: …", "Caption: …").
CAPTION_LABEL = re.compile(r"^\s*(?:Legende|Bildunterschrift|Bildtext|Caption|Bildlegende)\s*[:：]", re.I)
# A call to action of the site, not of the article: newsletter sign-ups, sign-in walls, "found an error? report
# it", paywall remainders, and a "read more about" label whose topic links are gone.
_CALL_TO_ACTION = re.compile(
    r"\b(?:sign(?:ing)? up|subscribe|register)\b.{0,80}\bnewsletters?\b|\bnewsletters?\b.{0,80}"
    r"\b(?:sign(?:ing)? up|subscribe|inbox|Postfach|abonnieren|hier entlang|richtig)\b|"
    r"^\s*(?:Sign up|Subscribe) (?:for|to|now)\b|"
    r"^\s*Follow [^.!?]{1,40} on (?:Google News|Facebook|Twitter|X|Instagram)\b|"
    r"Anmeldung zum Newsletter|^\s*Sign in or (?:create|register)|^\s*(?:Fehler|Tippfehler) gefunden\s*\?|"
    r"^\s*Mehr (?:lesen|erfahren|zum Thema) über\s*:?\s*$|réservée aux abonnés|"
    r"^\s*Il vous reste \d+(?:[.,]\d+)?\s*% de cet article|有料会員になると|有料記事(?:が|も)?読み放題|"
    # an appeal for the site's own support, under the article
    r"^\s*Hat Ihnen (?:dieser|der|unser) (?:Artikel|Beitrag|Text) gefallen\s*\?|"
    r"^\s*(?:Did you|Do you) (?:like|enjoy) (?:this|our) (?:article|story|journalism)\s*\?|"
    r"^\s*(?:Unabhängiger Journalismus|Independent journalism) (?:braucht|needs) (?:deine|Ihre|your) "
    r"(?:Unterstützung|support)|"
    r"\bnewsletters?\b.{0,80}\b(?:informiert Sie|keeps you (?:up to date|informed))\b",
    re.I,
)
# The placeholder a page shows for embedded third-party content (a post, a chart, a video) until the reader consents.
_CONSENT_NOTICE = re.compile(
    r"\bDaten (?:können|werden) (?:dabei |so )?an Drittplattformen übermittelt|"
    r"\bexternen? Inhalte?\b.{0,80}\b(?:mit einem Klick|einverstanden|angezeigt wird)|"
    r"\b(?:accept|enable|allow)\b.{0,40}\bcookies\b.{0,40}\bto (?:view|see|load|display) (?:this|the) content\b",
    re.I,
)
PREV_NEXT = re.compile(r"^\s*[【\[]?\s*(?:上一篇|下一篇|上一条|下一条|上篇|下篇|Previous|Next)\s*[】\]]?\s*[:：]", re.I)
VIEWS_ONLY = re.compile(r"^\s*(?:阅读|浏览|点击|访问)(?:次数|量|数)?\s*[:：]?\s*\d*\s*(?:次)?\s*$")


def is_breadcrumb(text: str) -> bool:
    if BREADCRUMB.match(text):
        return True
    if len(text) >= 120:
        return False
    parts = [p for p in CRUMB_SEP.split(text) if p]
    return 2 <= len(parts) <= 8 and HOME.match(parts[0].strip()) is not None


def is_widget(text: str) -> bool:
    """A line made only of print/close/share/font-size controls."""
    if len(text) > 80:
        return False
    rest = _WIDGET_WORDS.sub("", text)
    rest = re.sub(r"[\s\[\]【】()（）|｜丨:：/·•,，.。:\-_>]+", "", rest)
    return len(rest) <= 1 and rest != text


def is_footer(text: str) -> bool:
    return len(text) < 160 and _FOOTER.search(text) is not None


def is_file_caption(text: str, image_stems: frozenset[str] = frozenset()) -> bool:
    stripped = text.strip()
    if len(stripped) > 80:
        return False
    if _FILE_CAPTION.match(stripped):
        return True
    words = re.split(r"[\s\-]+", stripped.lower())
    if len(words) >= 2 and all(w in _NUMBER_WORDS for w in words):
        return True
    return stripped.lower() in image_stems


def is_original_title(text: str) -> bool:
    return len(text) < 200 and ORIGINAL_TITLE.search(text) is not None


def cut_disclaimer(text: str) -> str:
    """Remove a copyright/republication disclaimer glued to the end of a paragraph (keeps what precedes)."""
    match = DISCLAIMER.search(text)
    if not match:
        return text
    return text[: match.start()].rstrip()


def is_pagination(text: str) -> bool:
    """A pager line: only page numbers and prev/next/first/last words (tokens checked one by one)."""
    if len(text) >= 200:
        return False
    tokens = re.findall(r"[\w.…<>«»‹›]+", text)
    return len(tokens) >= 2 and all(_PAGE_TOKEN.fullmatch(t) for t in tokens)


def is_photo_credit(text: str) -> bool:
    """A caption or credit line of a photo (the article's text does not end on a photo agency)."""
    return len(text) < 300 and (PHOTO_CREDIT.search(text) is not None or CAPTION_LABEL.match(text) is not None)


def is_call_to_action(text: str) -> bool:
    return len(text) < 250 and _CALL_TO_ACTION.search(text) is not None


def is_consent_notice(text: str) -> bool:
    return len(text) < 400 and _CONSENT_NOTICE.search(text) is not None


def is_prev_next(text: str) -> bool:
    return len(text) < 200 and PREV_NEXT.match(text) is not None


def is_punctuation_only(text: str) -> bool:
    return not re.search(r"[^\W_]", text)
