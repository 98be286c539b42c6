# ruff: noqa: E501 - page text and markup are data
"""Build the extraction fixture corpus in tests/fixtures/pages/ from ground truth.

Each page is written from its true content (title, metadata, paragraphs) wrapped in the chrome of its site
layout, so the expected record is known independently of the extractor. Run after editing a page here:

    uv run python tests/workers/extraction/fixture_builder.py

The English seed pages take their text from the seed transcripts copied into tests/fixtures/pages/_seeds/.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import nh3

ROOT = Path(__file__).resolve().parents[2] / "fixtures" / "pages"
SEEDS = ROOT / "_seeds"

Para = tuple[str, str]  # ("p" | "h", text)


@dataclass
class Spec:
    site: str
    name: str
    url: str
    html: str
    expected: dict
    paragraphs: list[Para]
    encoding: str = "utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    notes: str = ""
    rules: dict | None = None


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def p_tags(paras: list[Para], indent: str = "", style: str = "", strong_heads: bool = True) -> str:
    out = []
    for kind, text in paras:
        attr = f' style="{style}"' if style else ""
        if kind == "h" and strong_heads:
            out.append(f"<p{attr}><strong>{indent}{esc(text)}</strong></p>")
        elif kind == "h":
            out.append(f"<h3>{esc(text)}</h3>")
        else:
            out.append(f"<p{attr}>{indent}{esc(text)}</p>")
    return "\n".join(out)


def seed_lines(name: str) -> list[str]:
    path = next(SEEDS.glob(f"{name}_*.txt"))
    return path.read_text(encoding="utf-8").splitlines()


def body_of(paras: list[Para]) -> str:
    return "\n\n".join(re.sub(r"\s+", " ", t).strip() for _, t in paras)


def html_of(paras: list[Para]) -> str:
    parts = [f"<h3>{esc(t)}</h3>" if k == "h" else f"<p>{esc(t)}</p>" for k, t in paras]
    return nh3.clean("\n".join(parts))


def record(url: str, paras: list[Para], **fields: object) -> dict:
    """Expected record. Image captions live in ``images``, not in the body text (as in the sample sites)."""
    base = {
        "url": url,
        "title": None,
        "subtitle": None,
        "published_at": None,
        "source": None,
        "author": None,
        "editor": None,
        "category": None,
        "site_name": None,
        "language": None,
        "images": [],
        "attachments": [],
        "flags": [],
    }
    base.update(fields)
    base["body_text"] = body_of(paras)
    base["body_html"] = html_of(paras)
    base["flags"] = sorted(base["flags"])
    return base


# --------------------------------------------------------------------------------------------------------------
# Site chrome
# --------------------------------------------------------------------------------------------------------------


def weihai_page(title_tag: str, crumb: str, title: str, info: str, body: str, lang: str, charset: str) -> str:
    nav = "".join(
        f'<td><a href="/col/col{i}/index.html">{n}</a></td>'
        for i, n in enumerate(
            ["首页", "工会要闻", "工作动态", "基层风采", "通知公告", "政策法规", "职工服务", "网上信访"]
            if lang == "zh"
            else ["Home", "Union news", "Work trends", "Grassroots", "Notices", "Policies", "Services", "Petitions"]
        )
    )
    footer = (
        "主办单位：威海市总工会 地址：威海市统一路 电话：0631-5200000<br>鲁ICP备05012345号 网站标识码：3710000001<br>"
        if lang == "zh"
        else "Sponsored by: Weihai Federation of Trade Unions Address: Tongyi Road, Weihai<br>Lu ICP No. 05012345<br>"
    )
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}" />
<title>{esc(title_tag)}</title>
<meta name="keywords" content="威海,工会" />
<link href="/images/style.css" rel="stylesheet" type="text/css" />
<script type="text/javascript" src="/script/jquery.js"></script>
<script>var _hmt = _hmt || []; document.write('<span>' + new Date().getFullYear() + '</span>');</script>
<style>.bt_content p {{ text-indent: 2em; line-height: 200%; }}</style>
</head>
<body topmargin="0" leftmargin="0">
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0" class="top">
  <tr><td><a href="/"><img src="/images/logo.png" width="420" height="90" alt="logo" /></a></td>
  <td><form action="/search"><input type="text" name="q" /><input type="submit" value="搜索" /></form></td></tr>
</table>
<table width="1000" align="center" class="nav"><tr>{nav}</tr></table>
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0">
  <tr><td class="bt_link" height="35">{crumb}</td></tr>
</table>
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0" style="border:1px solid #ddd">
  <tr><td height="20"></td></tr>
  <tr><td align="center" class="title" style="font-size:22px;font-weight:bold;color:#c00">{esc(title)}</td></tr>
  <tr><td height="30" align="center" class="bt_time" style="border-bottom:1px dashed #ccc">{info}</td></tr>
  <tr><td class="bt_content" style="padding:20px 40px">
<!--<$[信息内容]>begin-->
<div id="zoom">
{body}
</div>
<!--<$[信息内容]>end-->
  </td></tr>
  <tr><td align="right"><a href="javascript:window.print()">【{"打印本页" if lang == "zh" else "Print this page"}】</a> <a href="javascript:window.close()">【{"关闭窗口" if lang == "zh" else "Close window"}】</a></td></tr>
</table>
<table width="1000" align="center" class="bottom"><tr><td align="center">{footer}
Produced By {"大汉网络 大汉版通发布系统" if lang == "zh" else "Dahan Network Dahan Version Communication Publishing System"}</td></tr></table>
<script>function getCount(){{ return 1; }}</script>
</body></html>
"""


def workercn_page(
    lang: str,
    title_tag: str,
    kicker: str | None,
    title: str,
    source: str,
    when: str,
    body: str,
    editor_line: str,
    og: bool = True,
) -> str:
    zh = lang == "zh"
    nav = " ".join(
        f'<a href="https://www.workercn.cn/{p}/">{n}</a>'
        for p, n in (
            [("news", "新闻"), ("gh", "工会"), ("wq", "维权"), ("jy", "就业"), ("ent", "中工娱乐"), ("video", "视频")]
            if zh
            else [
                ("news", "News"),
                ("gh", "Unions"),
                ("wq", "Rights"),
                ("jy", "Jobs"),
                ("ent", "Entertainment"),
                ("video", "Video"),
            ]
        )
    )
    kicker_html = f'<div class="yinti">{esc(kicker)}</div>\n' if kicker else ""
    og_meta = f'<meta property="og:title" content="{html.escape(title)}">' if og else ""
    hot = "".join(
        f'<li><a href="/c/2024/0{i}/0{i}/{i}.shtml">{t}</a></li>'
        for i, t in enumerate(
            (
                [
                    "全总部署开展2024年“工会十件实事”",
                    "劳动者港湾建设提质扩面",
                    "新就业形态劳动者入会集中行动",
                    "职工技能大赛总决赛开幕",
                ]
                if zh
                else [
                    "ACFTU plans ten practical things for 2024",
                    "Worker harbours expand",
                    "New-form workers join unions",
                    "Skills contest final opens",
                ]
            ),
            start=1,
        )
    )
    matrix = (
        """<div class="media-matrix"><h4>媒体矩阵</h4><ul><li>中工网客户端</li><li>中工网微信号</li><li>中工微博号</li><li>中工网抖音号</li></ul>
<div class="app"><p>中工网客户端</p><p>亿万职工的网上家园</p><a href="/app">马上体验</a></div></div>"""
        if zh
        else """<div class="media-matrix"><h4>Media Matrix</h4><ul><li>China Industrial Network Client</li><li>Microsignal of China Industrial Network</li><li>Zhonggong Weibo account</li><li>CAMCE voice signal</li></ul>
<div class="app"><p>China Industrial Network Client</p><p>The online home of hundreds of millions of employees</p><a href="/app">Experience now</a></div></div>"""
    )
    footer = (
        """<div class="footer"><p><a href="/about">关于我们</a> | <a href="/copyright">版权声明</a> |违法和不良信息举报电话：010-84151598 | 网络敲诈和有偿删帖举报电话：010-84151598</p>
<p>Copyright © 2008-2024 by www.workercn.cn. all rights reserved</p><div class="qr"><img src="/img/qr.png" width="90" height="90"><p>扫码关注</p></div><p>中工网微信</p><p>工人日报</p></div>"""
        if zh
        else """<div class="footer"><p><a href="/about">About us</a> | <a href="/copyright">Copyright Notice</a> |Illegal and bad information report hotline: 010-84151598 | Online extortion and paid deletion report hotline: 010-84151598</p>
<p>Copyright © 2008-2024 by www.workercn.cn. all rights reserved</p><div class="qr"><img src="/img/qr.png" width="90" height="90"><p>Scan code for attention</p></div><p>CAMCE Treble</p><p>Workers' Daily</p></div>"""
    )
    return f"""<!DOCTYPE html>
<html lang="{"zh-CN" if zh else "en"}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title_tag)}</title>
{og_meta}
<meta name="description" content="{html.escape(title)}">
<script src="https://www.workercn.cn/js/common.js"></script>
<script>window.__CONFIG__ = {{"channel": "ent", "html": "<p>not text</p>"}};</script>
</head>
<body>
<div class="topbar"><a href="https://www.workercn.cn/"><img class="logo" src="/img/logo.png" alt="{"中工网" if zh else "workercn"}"></a><div class="nav">{nav}</div></div>
<div class="channel-header"><a href="https://www.workercn.cn/ent/">{"中工娱乐" if zh else "Zhonggong Entertainment"}</a></div>
<div class="wrap">
 <div class="main-left">
  <div class="article-head">
   {kicker_html}<h1 class="title">{esc(title)}</h1>
   <div class="info"><span class="source">{esc(source)}</span><br><span class="time">{when}</span></div>
  </div>
  <div class="article-content" id="content">
{body}
  </div>
  <div class="editor">{esc(editor_line)}</div>
  <div class="share bdsharebuttonbox"><span>{"分享到：" if zh else "Share to:"}</span><a class="bds_weixin">{"微信" if zh else "WeChat"}</a><a class="bds_tsina">{"微博" if zh else "Weibo"}</a></div>
 </div>
 <div class="main-right"><h3>{"热点新闻" if zh else "Hot news"}</h3><ul class="hot-list">{hot}</ul></div>
</div>
{matrix}
{footer}
</body></html>
"""


# --------------------------------------------------------------------------------------------------------------
# Seeds, English (text exactly as the seed transcripts; values exactly as seeds README)
# --------------------------------------------------------------------------------------------------------------


def seed000_en() -> Spec:
    lines = seed_lines("000")
    title = lines[3].strip()
    end = next(i for i, ln in enumerate(lines) if ln.startswith("Produced By"))
    paras: list[Para] = [("h" if ln.startswith("   ") else "p", ln.strip()) for ln in lines[7:end] if ln.strip()]
    body = "\n".join(
        f'<p style="text-indent:2em">&nbsp;&nbsp;&nbsp;<strong>{esc(t)}</strong></p>'
        if k == "h"
        else f"<p>{esc(t)}</p>"
        for k, t in paras
    )
    crumb = (
        'Current location: <a href="/">home page</a><br>/ <a href="/col/col1/">...</a> / '
        '<a href="/col/col3/index.html">Work trends</a>'
    )
    info = (
        "Release time: 10:12, November 19, 2020 Source: Weihai Federation of Trade Unions Reading times: "
        '<span id="count"></span><a href="javascript:window.print()">Print this page</a> '
        '<a href="javascript:window.close()">close window</a>'
    )
    url = "http://www.whzgh.gov.cn/art/2020/11/19/art_3052_2683455.html"
    page = weihai_page(title, crumb, title, info, body, "en", "utf-8")
    exp = record(
        url,
        paras,
        title=title,
        published_at="2020-11-19T10:12:00+08:00",
        source="Weihai Federation of Trade Unions",
        category="Work trends",
        language="en",
    )
    return Spec("whzgh", "seed000_en", url, page, exp, paras, notes="seed 000, English transcript")


def seed001_en() -> Spec:
    lines = seed_lines("001")
    kicker, title = lines[2].strip(), lines[4].strip()
    start = next(i for i, ln in enumerate(lines) if ln.startswith("Beijing, May 24"))
    end = next(i for i, ln in enumerate(lines) if ln.startswith("Editor in charge"))
    raw = [ln for ln in lines[start:end] if ln.strip()]
    paras: list[Para] = [("p", ln.strip()) for ln in raw if not ln.startswith(" ")]
    imgs = {
        "WeChat Picture_20240525065653": "/c/2024-05/25/W020240525_001.jpg",
        "thirty-three thousand three hundred and thirty-four": "/c/2024-05/25/33334.jpg",
    }
    parts = [
        "<p>Original title: Keep in mind the ardent instructions to improve the ability to perform duties (introduction)</p>",
        "<p>Special training course for new members of the leading group of provincial trade unions was held in Beijing (theme)</p>",
    ]
    for ln in raw:
        if ln.startswith(" "):
            cap = ln.strip()
            parts.append(f'<p style="text-align: center"><img src="{imgs[cap]}" border="0"></p>')
            parts.append(f'<p style="text-align: center">{esc(cap)}</p>')
        else:
            parts.append(f"<p>{esc(ln.strip())}</p>")
    url = "https://www.workercn.cn/c/2024-05/25/8245611.shtml"
    page = workercn_page(
        "en",
        f"{title}-China Industrial Network",
        kicker,
        title,
        "Source: China Industrial Network - Workers' Daily",
        "2024-05-25 07:05",
        "\n".join(parts),
        "Editor in charge: Yu Xiaoshu",
    )
    exp = record(
        url,
        paras,
        title=title,
        subtitle=kicker,
        published_at="2024-05-25T07:05:00+08:00",
        source="China Industrial Network - Workers' Daily",
        author="Zheng Li Hao He",
        editor="Yu Xiaoshu",
        site_name="China Industrial Network",
        language="en",
        images=[
            {"url": "https://www.workercn.cn/c/2024-05/25/W020240525_001.jpg", "caption": None},
            {"url": "https://www.workercn.cn/c/2024-05/25/33334.jpg", "caption": None},
        ],
    )
    return Spec("workercn", "seed001_en", url, page, exp, paras, notes="seed 001, English transcript")


def seed002_en() -> Spec:
    lines = seed_lines("002")
    title = lines[1].strip()
    paras: list[Para] = [("p", ln.strip()) for ln in lines[2:] if ln.strip()]
    url = "http://www.peixun.sample-aggregator.cn/jiaoyu/38812.html"
    page = aggregator_page("en", title, paras)
    exp = record(
        url,
        paras,
        title=title,
        category="Education and training",
        site_name="Training Enrollment Network",
        language="en",
        flags=["masked_text", "no_date"],
    )
    return Spec("peixun", "seed002_en", url, page, exp, paras, notes="seed 002, English transcript")


def aggregator_page(lang: str, title: str, paras: list[Para], charset: str = "utf-8") -> str:
    zh = lang == "zh"
    site = "培训招生网" if zh else "Training Enrollment Network"
    column = "教育培训" if zh else "Education and training"
    loc = "当前位置" if zh else "Current location"
    body = "\n".join(f"<p>{esc(t)}</p>" for _, t in paras)
    links = "".join(
        f'<li><a href="/jiaoyu/2019041{i}/3880{i}.html">{t}</a><span>2019-04-1{i}</span></li>'
        for i, t in enumerate(
            [
                "如何做好新时代党员教育管理工作",
                "浅谈基层党风廉政建设的几点思考",
                "加强干部队伍作风建设的措施",
                "廉政文化进机关活动方案",
            ]
            if zh
            else [
                "How to educate party members in the new era",
                "Thoughts on grassroots clean government",
                "Measures to strengthen the style of cadres",
                "Plan for clean government culture in offices",
            ]
        )
    )
    return f"""<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{esc(title)}-{site}</title>
<meta name="keywords" content="{esc(title)}">
</head>
<body>
<div id="header"><div class="logo"><a href="/">{site}</a></div>
<ul id="menu"><li><a href="/">{"首页" if zh else "Home"}</a></li><li><a href="/jiaoyu/">{column}</a></li><li><a href="/kaoshi/">{"考试" if zh else "Exams"}</a></li><li><a href="/zhaosheng/">{"招生" if zh else "Enrollment"}</a></li></ul></div>
<div class="wrap">
<div class="left">
<div class="place">{loc} - <a href="/">{site}</a> - <a href="/jiaoyu/">{column}</a> - {esc(title)}</div>
<div class="article">
<h2>{esc(title)}</h2>
<div class="ad"><script>ads('top');</script></div>
<div class="content">
{body}
</div>
<div class="pre-next"><p>{"上一篇" if zh else "Previous"}：<a href="/jiaoyu/20190411/38811.html">{"如何做好党员教育" if zh else "How to educate party members"}</a></p><p>{"下一篇" if zh else "Next"}：<a href="/jiaoyu/20190413/38813.html">{"廉政文化建设" if zh else "Clean culture"}</a></p></div>
</div>
<div class="related"><h3>{"相关文章" if zh else "Related articles"}</h3><ul>{links}</ul></div>
</div>
<div class="right"><h3>{"热门推荐" if zh else "Popular"}</h3><ul>{links}</ul></div>
</div>
<div id="footer"><p>{"本站部分文章来源于网络，如有侵权请联系删除。" if zh else "Some articles on this site come from the Internet."}</p><p>Copyright © 2012-2019 {site} All Rights Reserved</p></div>
</body></html>
"""


def seed003_en() -> Spec:
    lines = seed_lines("003")
    title = lines[0].strip()
    glued = lines[4].strip()
    expected = glued[: glued.index("Statement:")]
    expected = re.sub(r"(?:(?<=[a-z]{2}[.!?])|(?<=\d[.!?]))(?=[A-Z][a-z]|[AI] )", " ", expected)
    expected = re.sub(r"(?<=[a-z],)(?=[A-Z][a-z])", " ", expected).strip()
    paras: list[Para] = [("p", expected)]
    url = "https://www.townblog.sample-blog.com/2022/05/08/meixian-changxing-party-building-review/"
    page = blog_page("en", title, "2022-05-08", f"<p>{esc(glued)}</p>")
    exp = record(url, paras, title=title, published_at="2022-05-08", language="en", site_name="Town Notes")
    return Spec("townblog", "seed003_en", url, page, exp, paras, notes="seed 003, English transcript, glued sentences")


def blog_page(lang: str, title: str, day: str, body: str) -> str:
    zh = lang == "zh"
    site = "乡镇笔记" if zh else "Town Notes"
    recent = "".join(
        f'<li><a href="/2022/05/0{i}/post-{i}/">{t}</a></li>'
        for i, t in enumerate(
            (
                ["长兴镇召开安全生产工作会议", "梅县区开展志愿服务活动", "乡村振兴工作推进会召开"]
                if zh
                else [
                    "Changxing holds work safety meeting",
                    "Meixian volunteers serve the elderly",
                    "Rural revitalization meeting held",
                ]
            ),
            1,
        )
    )
    return f"""<!DOCTYPE html>
<html lang="{"zh-CN" if zh else "en-US"}">
<head>
<meta charset="UTF-8">
<title>{esc(title)} &#8211; {site}</title>
<meta property="og:site_name" content="{site}">
<meta property="og:type" content="article">
<link rel="stylesheet" href="/wp-content/themes/x/style.css">
</head>
<body class="post-template-default single single-post">
<header id="masthead" class="site-header"><p class="site-title"><a href="/" rel="home">{site}</a></p>
<nav class="main-navigation"><ul><li><a href="/">{"首页" if zh else "Home"}</a></li><li><a href="/category/news/">{"新闻" if zh else "News"}</a></li><li><a href="/about/">{"关于" if zh else "About"}</a></li></ul></nav></header>
<div id="content" class="site-content"><div id="primary" class="content-area"><main id="main" class="site-main">
<article id="post-1024" class="post-1024 post type-post status-publish">
<header class="entry-header"><h1 class="entry-title">{esc(title)}</h1>
<div class="entry-meta"><span class="posted-on">{day}</span> <span class="comments-link">0</span> <span class="byline">{"作者" if zh else "By"} <span class="author vcard"></span></span></div></header>
<div class="entry-content">
{body}
</div>
<footer class="entry-footer"><span class="cat-links"><a href="/category/news/">{"新闻" if zh else "News"}</a></span></footer>
</article>
<nav class="post-navigation"><a href="/2022/05/07/prev/">{"上一篇：乡村振兴工作推进会召开" if zh else "Previous: Rural revitalization meeting held"}</a></nav>
<div id="comments" class="comments-area"><h3>{"发表评论" if zh else "Leave a Reply"}</h3><form><textarea></textarea></form></div>
</main></div>
<aside id="secondary" class="widget-area"><section class="widget"><h2>{"近期文章" if zh else "Recent Posts"}</h2><ul>{recent}</ul></section></aside></div>
<footer id="colophon" class="site-footer"><div class="site-info">{"自豪地采用WordPress" if zh else "Proudly powered by WordPress"}</div></footer>
</body></html>
"""


def seed004_en() -> Spec:
    lines = seed_lines("004")
    title = lines[2].strip()
    start = next(i for i, ln in enumerate(lines) if ln.startswith("CAMCEN has changed"))
    end = next(i for i, ln in enumerate(lines) if ln.startswith("(Zhejiang Workers Daily"))
    paras: list[Para] = [("p", ln.strip()) for ln in lines[start:end] if ln.strip()]
    body = "\n".join(f"<p>{esc(t)}</p>" for _, t in paras) + "\n<p>(Zhejiang Workers Daily Reporter Li Guofeng)</p>"
    url = "https://www.workercn.cn/c/2023-07/03/7896543.shtml"
    page = workercn_page(
        "en",
        f"{title}-China Industrial Network",
        None,
        title,
        "Source: China Industrial Network",
        "2023-07-03 16:51",
        body,
        "Editor in charge: Li Fang",
    )
    exp = record(
        url,
        paras,
        title=title,
        published_at="2023-07-03T16:51:00+08:00",
        source="China Industrial Network",
        author="Li Guofeng",
        editor="Li Fang",
        site_name="China Industrial Network",
        language="en",
    )
    return Spec("workercn", "seed004_en", url, page, exp, paras, notes="seed 004, English transcript")


# --------------------------------------------------------------------------------------------------------------
# Seeds, Chinese (the pages as the live sites serve them)
# --------------------------------------------------------------------------------------------------------------

WEIHAI_ZH: list[Para] = [
    (
        "p",
        "根据《市总工会2020年党风廉政建设工作要点》，结合正在开展的干部作风能力提升行动，威海市总工会近期开展了廉政教育月活动，聚焦党员干部政治建设，通过加强党的创新理论学习、研读家风故事集、打卡“清廉之路”、开展廉政专题党课等形式，在思想建设上下功夫，不断增强自我革命和斗争精神，努力打造一支政治过硬、作风扎实、敢于担当、奋发有为的工会干部队伍。",
    ),
    ("h", "强化理论学习 坚定理想信念"),
    (
        "p",
        "“要聚焦形式主义、官僚主义问题进行全面排查、靶向治疗，切实为基层减负，让干部有更多时间和精力抓落实。”近日，威海市总工会党员干部围绕“习近平关于力戒形式主义官僚主义的重要论述”开展大讨论，拉开了市总工会党风廉政教育月活动序幕。",
    ),
    (
        "p",
        "威海市总工会将党风廉政教育月与周五集体学习日制度相结合，集中学习与自主学习相结合，通过深入学习党的十九大和十九届二中、三中、四中、五中全会精神，及时跟进学习习近平总书记最新重要论述，引导党员干部学懂弄通做实新时代中国特色社会主义思想。",
    ),
    ("h", "学习先进典型 涵养清风正气"),
    (
        "p",
        "“一、晚辈不准丢下工作专程来看望他，只能在出差时顺道来看看；二、来者一律住国务院招待所；三、不许请客送礼；四、不许用公家的汽车……”在党小组会上，第三党支部党小组长正在诵读周恩来的《十条家规》。",
    ),
    (
        "p",
        "为贯彻落实习近平总书记关于家风建设的重要讲话精神，进一步深化党风廉政教育，威海市总工会还组织党员干部到“清廉之路”反腐倡廉教育基地——“谷牧旧居清廉家风馆”参观学习。",
    ),
    ("h", "开展专题党课 筑牢思想防线"),
    (
        "p",
        "“加强工会组织党风廉政建设，是落实党中央全面从严治党要求的题中之义，是增强工会组织政治性的必然要求，是推动工会工作创新发展、走在前列的根本保证。”本月，威海市总工会党组成员、常务副主席吴洪飞以《持续加强党风廉政建设 不断推动全面从严治党向纵深发展》为题，为全体机关干部讲授专题党课。",
    ),
    (
        "p",
        "威海市总工会以党风廉政教育月活动为契机，一体推进不敢腐、不能腐、不想腐，扎实落实全面从严治党要求。下一步，将按照《干部作风能力大提升实施方案》，立足工会工作实际，持续抓好干部作风建设，以作风提升的新成效推动全市工会工作大提升、大突破。",
    ),
]


def seed000_zh() -> Spec:
    title = "威海市总工会以廉政教育月活动推动干部作风大提升"
    body = "\n".join(
        f"<p><strong>　　{esc(t)}</strong></p>" if k == "h" else f"<p>　　{esc(t)}</p>" for k, t in WEIHAI_ZH
    )
    crumb = (
        '当前位置：<a href="/">首页</a> &gt;&gt; <a href="/col/col1/">工会要闻</a> &gt;&gt; '
        '<a href="/col/col3/index.html">工作动态</a>'
    )
    info = (
        "发布时间：2020年11月19日 10:12&nbsp;&nbsp;&nbsp;来源：威海市总工会&nbsp;&nbsp;&nbsp;浏览次数："
        '<span id="count">128</span>&nbsp;&nbsp;'
    )
    url = "http://www.whzgh.gov.cn/art/2020/11/19/art_3052_2683455.html"
    page = weihai_page("威海市总工会", crumb, title, info, body, "zh", "gb2312")
    exp = record(
        url,
        WEIHAI_ZH,
        title=title,
        published_at="2020-11-19T10:12:00+08:00",
        source="威海市总工会",
        category="工作动态",
        site_name="威海市总工会",
        language="zh",
    )
    return Spec(
        "whzgh",
        "seed000_zh",
        url,
        page,
        exp,
        WEIHAI_ZH,
        encoding="gb18030",
        headers={"Content-Type": "text/html"},
        notes="seed 000 in Chinese; GB2312 declared in <meta>, no header charset; <title> is only the site name",
    )


WORKERCN_001: list[Para] = [
    (
        "p",
        "本报北京5月24日电（记者郑莉 郝赫）5月20日至24日，全国总工会举办省级工会领导班子新任成员专题培训班，深入学习贯彻习近平总书记同全总新一届领导班子成员集体谈话时的重要讲话精神和中国工会十八大精神，聚焦落实全总“559”工作安排，进一步提升工会领导干部履职能力。全总党组书记、副主席、书记处第一书记徐留平作辅导报告并与大家座谈交流。",
    ),
    (
        "p",
        "徐留平以《牢记领袖殷殷嘱托 大力提升领导力 团结动员亿万职工为全面推进强国建设民族复兴伟业不懈奋斗》为题，从“学习贯彻习近平总书记关于干部队伍能力建设的重要论述”“工会领导干部卓越能力”等方面作了深入解读。",
    ),
    (
        "p",
        "徐留平提出了工会领导干部卓越能力模型，从政治力、领导力、管理力、专业力、沟通力、执行力、创新力、团队力、规范力、数智力10个方面作了详细阐释。",
    ),
    (
        "p",
        "此次培训班是全总2024年干部培训计划中的重要一项。全总党组、书记处成员杨宇栋、李金莹、朱建平、张心舞、潘健等围绕贯彻落实中国工会十八大精神、深入开展党纪学习教育、做好新就业形态劳动者权益维护工作、加强新时代基层工会工作、推进工会数字化智能化建设等作专题辅导。",
    ),
    (
        "p",
        "各省（区、市）总工会、新疆生产建设兵团总工会，铁路、民航、金融工会，中央和国家机关工会联合会新任领导班子成员等参加学习。",
    ),
]


def seed001_zh() -> Spec:
    kicker = "牢记殷殷嘱托 提升履职能力"
    title = "省级工会领导班子新任成员专题培训班在京举办"
    p = WORKERCN_001
    parts = [
        "<p>原标题：牢记殷殷嘱托 提升履职能力（引题）</p>",
        "<p>省级工会领导班子新任成员专题培训班在京举办（主题）</p>",
        f"<p>{esc(p[0][1])}</p>",
        '<p style="text-align: center"><img src="/c/2024-05/25/W020240525_001.jpg" border="0"></p>',
        '<p style="text-align: center">微信图片_20240525065653</p>',
        f"<p>{esc(p[1][1])}</p>",
        '<p style="text-align: center"><img src="/c/2024-05/25/33334.jpg" border="0"></p>',
        '<p style="text-align: center">33334</p>',
        *(f"<p>{esc(t)}</p>" for _, t in p[2:]),
    ]
    url = "https://www.workercn.cn/c/2024-05/25/8245611.shtml"
    page = workercn_page(
        "zh",
        f"{title}-中工网",
        kicker,
        title,
        "来源：中工网－工人日报",
        "2024-05-25 07:05",
        "\n".join(parts),
        "责任编辑：于晓舒",
    )
    exp = record(
        url,
        p,
        title=title,
        subtitle=kicker,
        published_at="2024-05-25T07:05:00+08:00",
        source="中工网－工人日报",
        author="郑莉 郝赫",
        editor="于晓舒",
        site_name="中工网",
        language="zh",
        images=[
            {"url": "https://www.workercn.cn/c/2024-05/25/W020240525_001.jpg", "caption": None},
            {"url": "https://www.workercn.cn/c/2024-05/25/33334.jpg", "caption": None},
        ],
    )
    return Spec("workercn", "seed001_zh", url, page, exp, p, notes="seed 001 in Chinese")


PEIXUN_ZH: list[Para] = [
    ("p", "一、立足工作实际，强化党性锻炼，注重针对性基础教育。"),
    (
        "p",
        "胡锦涛总书记在中央纪委第五次全会上强调：“要以党性党风党纪教育为重点，加强对党员干部特别是领导干部的理想信念教育，大力发扬党的优良作风，密切联系群众，求真务实，艰苦奋斗。”领导干部在党员中的重要地位和关键作用，决定了其思想面貌、政治倾向和日常行为具有很大的辐射作用。",
    ),
    (
        "p",
        "（一）突出重点教育。领导干部是党风廉政教育的重点。要经常教育和督促党政“一把手”亲自抓、负总责，领导班子成员各负其责，齐抓共管，对党风廉政建设的各项任务抓好落实。",
    ),
    (
        "p",
        "（二）抓住关键时机教育。坚持学习教育活动，充分结合党支部活动日、各种节庆假日、干部婚丧嫁娶和直系亲属生日庆典等时机，适时开展廉政提醒教育。",
    ),
    ("p", "二、加强组织协调，有效整合宣传教育资源，逐步建立“大宣教”工作机制。"),
    (
        "p",
        "（二）完善教育机制。一是完善教育协调机制。通过定期召开协调会议，组织、宣传、文化等部门和有关单位全力支持配合，形成＊＊＊齐抓共管、发挥大宣教优势的局面。二是完善教育通报机制。",
    ),
    ("p", "三、创新宣传教育载体，增强教育的针对性和实效性，形成多方互动的大宣教平台。"),
    (
        "p",
        "（一）创新集中教育与日常教育相结合的平台，增强党风廉政教育的影响力。近年来开展的“廉政文化六进”活动，在领导干部及其配偶中开展的“树岗位形象”“助家庭清廉”等活动，是集中教育与日常教育有机结合、相互促进的最好实践。朱镕基同志曾指出，廉洁是干部的立身之本。",
    ),
]


def seed002_zh() -> Spec:
    title = "如何加强党员干部党风廉政教育"
    url = "http://www.peixun.sample-aggregator.cn/jiaoyu/38812.html"
    page = aggregator_page("zh", title, PEIXUN_ZH, charset="gb2312")
    exp = record(
        url,
        PEIXUN_ZH,
        title=title,
        category="教育培训",
        site_name="培训招生网",
        language="zh",
        flags=["masked_text", "no_date"],
    )
    return Spec(
        "peixun",
        "seed002_zh",
        url,
        page,
        exp,
        PEIXUN_ZH,
        encoding="gb18030",
        headers={"Content-Type": "text/html; charset=gb2312"},
        notes="seed 002 in Chinese; declared GB2312 but uses GBK-only characters (镕, ＊)",
    )


TOWN_ZH = (
    "2月16日下午，长兴镇召开2021年度基层党组织书记抓党建工作述职评议会暨2022年“亮旗帜讲政治、坚信念担使命、守廉洁作表率”纪律作风整顿大会。"
    "镇领导班子成员，各村、社区、非公企业党（总）支部书记、副书记及机关全体党员干部参加会议。"
    "会议由镇党委副书记、镇长李晓波主持。"
    "会上，镇党委副书记左进对全镇纪律作风整顿相关活动进行了部署，围绕强化六个意识，以“学习+调研”的方式，结合工作实际，分组调研，深入查找突出问题，切实推动干部作风转变，在全镇形成书记抓创业的良好氛围。"
    "最后，镇党委书记冯伟就贯彻落实会议精神强调了三点，以更加优异的成绩迎接党的二十大胜利召开！"
)


def seed003_zh() -> Spec:
    title = "梅县区长兴镇召开2021年度基层党组织书记抓党建工作述职评议会"
    glued = (
        TOWN_ZH
        + "声明：本文版权归原作者所有，如有来源错误或者侵犯您的合法权益，您可通过邮箱与我们取得联系，我们将及时进行处理。邮箱地址："
    )
    paras: list[Para] = [("p", TOWN_ZH)]
    url = "https://www.townblog.sample-blog.com/2022/05/08/changxing-review-zh/"
    page = blog_page("zh", title, "2022-05-08", f"<p>{esc(glued)}</p>")
    exp = record(
        url,
        paras,
        title=title,
        published_at="2022-05-08",
        language="zh",
        site_name="乡镇笔记",
        flags=["short_body"] if len(TOWN_ZH) < 125 else [],
    )
    return Spec(
        "townblog", "seed003_zh", url, page, exp, paras, notes="seed 003 in Chinese; disclaimer glued to the text"
    )


WORKERCN_004: list[Para] = [
    (
        "p",
        "中工网讯 转作风、提能力、求实效。6月30日上午，浙江省总工会召开干部下基层蹲点工作汇报会，交流省总工会干部下基层蹲点工作情况。会议强调，要做实蹲点调研“后半篇文章”，用调研成果推动工会工作破难题、提实效。",
    ),
    (
        "p",
        "省总工会党组成员、副主席，直属机关党委书记董建伟主持会议并讲话。省委主题教育第十四巡回指导组副组长沈土忠到会指导。省总工会领导陆颖、陆伟、何永浩、孙桂忠、周晓兵出席会议。会上，6个蹲点组结合各自基层蹲点工作开展情况作了交流发言。",
    ),
    (
        "p",
        "省总工会干部下基层蹲点工作自2021年开展以来，经过持续深化推进，已经成为浙江工会有辨识度、社会各界广泛认可的“浙工”品牌，有效推动工会干部切实转变作风，走基层、到职工群众中去。",
    ),
    (
        "p",
        "会议要求，各组要跟进做好相关问题解决和工作推进，推动调研成果转化，真正取得实效；相关处室要做好统计、调研报告、工作总结报送等工作，及时做好“最佳成果奖”和“优秀个人”评选。",
    ),
    ("p", "省总工会各部门、驻会产业工会、技协和网络中心负责人，直属单位班子成员参加会议。"),
]


def seed004_zh() -> Spec:
    title = "浙江省总工会召开干部下基层蹲点工作汇报会"
    body = "\n".join(f"<p>{esc(t)}</p>" for _, t in WORKERCN_004) + "\n<p>（浙江工人日报记者 李国锋）</p>"
    url = "https://www.workercn.cn/c/2023-07/03/7896543.shtml"
    page = workercn_page(
        "zh", f"{title}-中工网", None, title, "来源：中工网", "2023-07-03 16:51", body, "责任编辑：李芳"
    )
    exp = record(
        url,
        WORKERCN_004,
        title=title,
        published_at="2023-07-03T16:51:00+08:00",
        source="中工网",
        author="李国锋",
        editor="李芳",
        site_name="中工网",
        language="zh",
    )
    return Spec("workercn", "seed004_zh", url, page, exp, WORKERCN_004, notes="seed 004 in Chinese")


# --------------------------------------------------------------------------------------------------------------
# Hand-made layouts the union and government sites use
# --------------------------------------------------------------------------------------------------------------

TRS_PARAS: list[Para] = [
    (
        "p",
        "3月14日，省总工会召开2024年全省工会劳动和经济工作会议，总结2023年工作，部署2024年重点任务。省总工会党组成员、副主席王建国出席会议并讲话。",
    ),
    (
        "p",
        "会议指出，2023年全省各级工会深入开展劳动和技能竞赛，广泛开展职工技术创新活动，全年共组织各类竞赛1.2万余场次，参赛职工超过300万人次。",
    ),
    ("p", "各市参赛情况如下："),
    ("p", "序号 单位 参赛人数（万人次）"),
    ("p", "1 石家庄市总工会 42.5"),
    ("p", "2 唐山市总工会 38.1"),
    (
        "p",
        "会议要求，2024年要聚焦全省重大战略、重大工程、重大项目，深化“建功‘十四五’、奋进新征程”主题劳动和技能竞赛，推动职工技能素质整体提升。",
    ),
]


def trs_wcm() -> Spec:
    title = "省总工会召开2024年全省工会劳动和经济工作会议"
    rows = "".join(f"<tr>{''.join(f'<td>{c}</td>' for c in t.split(' '))}</tr>" for _, t in TRS_PARAS[3:6])
    body = "\n".join(f"<p>{esc(t)}</p>" for _, t in TRS_PARAS[:3])
    body += f'\n<table class="MsoNormalTable" border="1" cellspacing="0">{rows}</table>\n'
    body += "\n".join(f"<p>{esc(t)}</p>" for _, t in TRS_PARAS[6:])
    page = f"""<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<meta name="SiteName" content="河北省总工会">
<meta name="SiteDomain" content="www.hebgh.gov.cn">
<meta name="ColumnName" content="工作动态">
<meta name="ArticleTitle" content="{title}">
<meta name="PubDate" content="2024-03-15 09:30">
<meta name="ContentSource" content="河北省总工会劳动和经济工作部">
<meta name="Keywords" content="劳动竞赛">
<title>河北省总工会</title>
<script language="javascript" src="/common/js/jquery.min.js"></script>
</head>
<body>
<div class="head"><div class="logo"><img src="/images/logo.png" alt="河北省总工会"></div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/ghyw/">工会要闻</a></li><li><a href="/gzdt/">工作动态</a></li><li><a href="/tzgg/">通知公告</a></li><li><a href="/zcfg/">政策法规</a></li></ul></div></div>
<div class="container">
<div class="position">您现在的位置：<a href="../../" title="首页">首页</a>&nbsp;&gt;&nbsp;<a href="../" title="工作动态">工作动态</a></div>
<div class="xl_box">
<div class="xl_title"><h2>{title}</h2></div>
<div class="xl_info"><span>发布日期：2024-03-15</span><span>来源：河北省总工会劳动和经济工作部</span><span>【字体：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】</span></div>
<div class="xl_con">
<div class="TRS_Editor"><div class="Custom_UnionStyle">
{body}
</div></div>
<div class="fujian"><p>附件：</p>
<p><a href="/module/download/downfile.jsp?classid=0&amp;filename=2403151030123.pdf">1.2024年劳动竞赛工作要点.pdf</a></p>
<p><a href="./P020240315555123456.xlsx">2.全省劳动竞赛统计表.xlsx</a></p></div>
</div>
<div class="xl_tool"><a href="javascript:window.print()">【打印本页】</a><a href="javascript:window.close()">【关闭窗口】</a></div>
</div>
<div class="xgxw"><h4>相关新闻</h4><ul><li><a href="./t20240301_1.html">全省职工技能大赛启动</a></li><li><a href="./t20240210_2.html">省总工会开展春送岗位活动</a></li></ul></div>
</div>
<div class="foot"><p>版权所有：河北省总工会 地址：石家庄市 邮编：050000</p><p>冀ICP备10001234号 冀公网安备13010202000001号 网站标识码：1300000001</p></div>
</body></html>
"""
    url = "http://www.hebgh.gov.cn/gzdt/202403/t20240315_123456.html"
    paras = TRS_PARAS + [("p", "附件："), ("p", "1.2024年劳动竞赛工作要点.pdf"), ("p", "2.全省劳动竞赛统计表.xlsx")]
    exp = record(
        url,
        paras,
        title=title,
        published_at="2024-03-15T09:30:00+08:00",
        source="河北省总工会劳动和经济工作部",
        category="工作动态",
        site_name="河北省总工会",
        language="zh",
        attachments=[
            {
                "url": "http://www.hebgh.gov.cn/module/download/downfile.jsp?classid=0&filename=2403151030123.pdf",
                "title": "1.2024年劳动竞赛工作要点.pdf",
            },
            {
                "url": "http://www.hebgh.gov.cn/gzdt/202403/P020240315555123456.xlsx",
                "title": "2.全省劳动竞赛统计表.xlsx",
            },
        ],
    )
    return Spec(
        "govtrs",
        "trs_wcm",
        url,
        page,
        exp,
        paras,
        notes="TRS WCM-style government page: meta ArticleTitle/PubDate/ContentSource, TRS_Editor body, data table, attachments",
    )


TABLE_PARAS: list[Para] = [
    (
        "p",
        "为切实维护农民工合法权益，确保农民工工资按时足额发放，县总工会联合县人社局、住建局于9月上旬开展根治欠薪专项检查行动。",
    ),
    (
        "p",
        "检查组深入全县12个在建工程项目，重点检查劳动合同签订、实名制管理、工资专用账户和工资保证金落实情况，现场发放维权宣传资料800余份，解答职工咨询60余人次。",
    ),
    ("p", "对检查中发现的问题，检查组当场下达整改通知书，要求相关企业限期整改，并将持续跟踪整改落实情况。"),
    ("p", "下一步，县总工会将进一步畅通农民工维权渠道，加大法律援助力度，切实让农民工“流汗不流泪”。"),
]


def table_layout() -> Spec:
    title = "县总工会开展根治欠薪专项检查行动"
    body = "<br>\n".join(f"&nbsp;&nbsp;&nbsp;&nbsp;{esc(t)}" for _, t in TABLE_PARAS)
    page = f"""<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gbk">
<title>{title}--县总工会</title>
</head>
<body bgcolor="#FFFFFF">
<table width="980" border="0" cellspacing="0" cellpadding="0" align="center">
<tr><td><img src="/images/top.jpg" width="980" height="120"></td></tr>
<tr><td bgcolor="#B40000" height="32"><a href="/">网站首页</a> | <a href="/news/">工会动态</a> | <a href="/wq/">维权服务</a> | <a href="/zc/">政策法规</a> | <a href="/ly/">留言板</a></td></tr>
</table>
<table width="980" border="0" cellspacing="0" cellpadding="0" align="center">
<tr>
<td width="230" valign="top">
  <table width="100%"><tr><td class="lm">栏目导航</td></tr>
  <tr><td><a href="/news/">工会动态</a></td></tr><tr><td><a href="/tz/">通知公告</a></td></tr><tr><td><a href="/jc/">基层风采</a></td></tr></table>
</td>
<td width="750" valign="top">
  <table width="100%" border="0"><tr><td height="30">您的位置：<a href="/">首页</a> &gt; <a href="/news/">工会动态</a></td></tr></table>
  <table width="96%" border="0" align="center" cellpadding="0" cellspacing="0">
    <tr><td height="50" align="center"><font size="5" color="#B40000"><b>{title}</b></font></td></tr>
    <tr><td height="25" align="center"><font color="#666666">作者：县总工会办公室　　日期：2023年9月8日　　点击数：356</font></td></tr>
    <tr><td><hr size="1" color="#CCCCCC"></td></tr>
    <tr><td class="content" style="font-size:14px;line-height:28px"><font face="宋体">{body}</font></td></tr>
    <tr><td align="right"><a href="javascript:window.print()">[打印]</a> <a href="javascript:window.close()">[关闭]</a></td></tr>
  </table>
</td></tr></table>
<table width="980" border="0" align="center"><tr><td align="center" style="font-size:12px">县总工会 版权所有 技术支持：某某网络 联系电话：0311-1234567</td></tr></table>
</body></html>
"""
    url = "http://www.xzgh.sample.cn/news/2023/0908/1234.html"
    exp = record(
        url,
        TABLE_PARAS,
        title=title,
        published_at="2023-09-08",
        author="县总工会办公室",
        category="工会动态",
        site_name="县总工会",
        language="zh",
    )
    return Spec(
        "govtable",
        "table_layout",
        url,
        page,
        exp,
        TABLE_PARAS,
        encoding="gb18030",
        headers={"Content-Type": "text/html; charset=utf-8"},
        notes="article inside layout tables, <br>-separated paragraphs; HTTP header claims UTF-8, bytes are GBK (meta says gbk)",
    )


PAGED_1: list[Para] = [
    ("p", "5月11日，市总工会在市工人文化宫举行2023年“最美职工”发布仪式，10名来自生产一线的职工获此殊荣。"),
    (
        "p",
        "他们中，有扎根车间二十年、带出30多名技术骨干的高级技师，有坚守城市道路、风雨无阻的环卫工人，也有攻克关键技术难题的青年工程师。",
    ),
    ("p", "发布仪式上，主办方通过视频短片、现场访谈等形式，讲述了“最美职工”的感人故事。"),
]
PAGED_2: list[Para] = [
    (
        "p",
        "市总工会主要负责同志表示，“最美职工”是全市广大职工的优秀代表，要在全社会大力弘扬劳模精神、劳动精神、工匠精神。",
    ),
    ("p", "据悉，市总工会还将组织“最美职工”宣讲团，深入企业、社区、学校开展巡回宣讲，让榜样的力量感染更多人。"),
]


def paged_page(n: int) -> str:
    title = "市总工会发布2023年“最美职工”"
    paras = PAGED_1 if n == 1 else PAGED_2
    body = "\n".join(f"<p>{esc(t)}</p>" for _, t in paras)
    pager = (
        '<div class="page"><span>共2页</span> <a href="content_5521.htm">上一页</a> <a href="content_5521.htm">1</a> '
        '<a href="content_5521_2.htm">2</a> <a href="content_5521_2.htm">下一页</a></div>'
    )
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{title}{"(2)" if n == 2 else ""}_市总工会</title>
<meta name="publishdate" content="2023-05-12 08:30:00"></head>
<body>
<div class="header"><a href="/" class="logo">市总工会</a><ul class="menu"><li><a href="/">首页</a></li><li><a href="/xwzx/">新闻中心</a></li></ul></div>
<div class="crumbs"><a href="/">首页</a> &gt; <a href="/xwzx/">新闻中心</a> &gt; 正文</div>
<div class="detail">
<h1>{title}</h1>
<div class="meta">2023-05-12 08:30　来源：市总工会宣传部</div>
<div class="detail-body">
{body}
</div>
<div class="pages">上一页 1 2 下一页</div>
{pager}
</div>
<div class="footer">版权所有 © 市总工会</div>
</body></html>
"""


def paged() -> list[Spec]:
    out = []
    for n, paras in ((1, PAGED_1), (2, PAGED_2)):
        suffix = "" if n == 1 else "_2"
        url = f"http://www.szgh.sample.cn/xwzx/2023-05/12/content_5521{suffix}.htm"
        exp = record(
            url,
            paras,
            title="市总工会发布2023年“最美职工”",
            published_at="2023-05-12T08:30:00+08:00",
            source="市总工会宣传部",
            category="新闻中心",
            site_name="市总工会",
            language="zh",
            flags=["paginated"] + (["short_body"] if n == 2 else []),
        )
        out.append(
            Spec(
                "paged",
                f"content_5521{suffix}",
                url,
                paged_page(n),
                exp,
                paras,
                notes=f"paginated article, page {n} of 2",
            )
        )
    return out


GALLERY = [
    ("/uploads/2023/10/img_01.jpg", "图为参赛选手在焊接项目比赛中。"),
    ("/uploads/2023/10/img_02.jpg", "图为裁判员对参赛作品进行评分。"),
    ("/uploads/2023/10/img_03.jpg", "图为电工项目比赛现场。"),
    ("/uploads/2023/10/img_04.jpg", "图为获奖选手合影留念。"),
]


def gallery() -> Spec:
    title = "图片新闻：全市职工职业技能大赛决赛举行"
    intro = "10月18日，全市职工职业技能大赛决赛在市技师学院举行，来自全市各行业的156名选手参加焊工、电工、车工等6个工种的比赛。"
    figs = []
    for i, (src, cap) in enumerate(GALLERY):
        if i == 3:
            figs.append(f'<figure class="img"><img src="{src}" alt="获奖选手"><figcaption>{cap}</figcaption></figure>')
        else:
            figs.append(
                f'<p style="text-align:center"><img src="{src}" width="600" alt=""></p>\n<p style="text-align:center">{cap}</p>'
            )
    page = f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{title} - 市总工会</title>
<meta property="og:title" content="{title}"><meta property="og:site_name" content="市总工会">
<meta property="article:published_time" content="2023-10-19T10:00:00+08:00"></head>
<body>
<header class="site-header"><nav><a href="/">首页</a><a href="/tp/">图片新闻</a><a href="/sp/">视频</a></nav></header>
<main>
<article class="photo-article">
<h1>{title}</h1>
<p class="meta">发布时间：2023-10-19 10:00 &nbsp; 摄影：王强</p>
<p>{intro}</p>
{chr(10).join(figs)}
<p class="share">分享到：<a href="#">微信</a> <a href="#">微博</a></p>
</article>
</main>
<aside class="sidebar"><h3>热门图片</h3><ul><li><a href="/tp/1.html"><img src="/uploads/thumb1.jpg" width="120">劳模风采</a></li></ul></aside>
<footer>Copyright © 市总工会 All Rights Reserved</footer>
</body></html>
"""
    paras: list[Para] = [("p", intro)]
    url = "https://www.gh.sample.cn/tp/2023/10/19/8812.html"
    exp = record(
        url,
        paras,
        title=title,
        published_at="2023-10-19T10:00:00+08:00",
        site_name="市总工会",
        language="zh",
        images=[{"url": "https://www.gh.sample.cn" + s, "caption": c} for s, c in GALLERY],
    )
    return Spec(
        "photos",
        "gallery",
        url,
        page,
        exp,
        paras,
        notes="body mostly images with captions (<p> after the image, and <figure>)",
    )


BIG5_PARAS: list[Para] = [
    (
        "p",
        "港九勞工社團聯會今日（十二月五日）舉行記者會，公布「2023年僱員工作狀況」問卷調查結果，並就最低工資水平及標準工時立法提出建議。",
    ),
    (
        "p",
        "調查於十一月以網上問卷形式進行，共收回有效問卷一千二百份。結果顯示，近六成受訪者每周工作超過四十四小時，逾三成表示經常無償加班。",
    ),
    ("p", "聯會認為，政府應盡快檢討最低工資水平，並研究分階段推行標準工時，保障僱員身心健康。"),
    ("p", "聯會亦呼籲僱主改善工作環境，落實家庭友善措施，讓僱員可以兼顧工作與家庭。"),
]


def big5_page() -> Spec:
    title = "勞聯公布僱員工作狀況調查結果"
    body = "\n".join(f"<p>{esc(t)}</p>" for _, t in BIG5_PARAS)
    page = f"""<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=big5">
<title>{title} | 港九勞工社團聯會</title>
</head>
<body>
<div id="top"><a href="/"><img src="/img/logo.gif" alt="港九勞工社團聯會"></a>
<ul id="nav"><li><a href="/">主頁</a></li><li><a href="/news/">最新消息</a></li><li><a href="/about/">關於我們</a></li></ul></div>
<div id="main">
<div class="path"><a href="/">主頁</a> &gt; <a href="/news/">最新消息</a></div>
<h1 class="news-title">{title}</h1>
<div class="date">發佈日期：2023年12月5日</div>
<div class="news-content">
{body}
</div>
<div class="back"><a href="/news/">返回</a> <a href="#top">返回頂部</a></div>
</div>
<div id="footer">版權所有 2023 港九勞工社團聯會</div>
</body></html>
"""
    url = "http://www.hkflu.sample.hk/news/2023/1205.htm"
    exp = record(
        url,
        BIG5_PARAS,
        title=title,
        published_at="2023-12-05",
        category="最新消息",
        site_name="港九勞工社團聯會",
        language="zh",
    )
    return Spec(
        "big5",
        "hk_survey",
        url,
        page,
        exp,
        BIG5_PARAS,
        encoding="big5hkscs",
        notes="Traditional Chinese in Big5 (declared in <meta> only)",
    )


UNDECLARED_PARAS: list[Para] = [
    ("p", "近日，区总工会组织开展“送清凉”活动，为高温下坚守岗位的环卫工人、快递员、建筑工人送去防暑降温物资。"),
    (
        "p",
        "活动中，工会干部走进施工现场、环卫站点和快递网点，为一线职工送上矿泉水、藿香正气水、毛巾等物品，叮嘱大家做好防暑措施。",
    ),
    ("p", "今年以来，区总工会已累计投入资金20万元，慰问一线职工3000余人次。"),
]


def gbk_undeclared() -> Spec:
    title = "区总工会开展夏季“送清凉”活动"
    body = "\n".join(f"<p>{esc(t)}</p>" for _, t in UNDECLARED_PARAS)
    page = f"""<html><head><title>{title}</title></head>
<body><div class="nav"><a href="/">首页</a> <a href="/gh/">工会动态</a></div>
<div class="art"><h1>{title}</h1><div class="info">发布时间：2023-07-21 15:20 编辑：陈静</div>
<div class="txt">{body}</div></div>
<div class="foot">区总工会 版权所有</div></body></html>
"""
    url = "http://qzgh.sample.cn/gh/20230721/558.html"
    exp = record(
        url,
        UNDECLARED_PARAS,
        title=title,
        published_at="2023-07-21T15:20:00+08:00",
        editor="陈静",
        language="zh",
        flags=["encoding_guessed"],
    )
    return Spec(
        "undeclared",
        "gbk_no_charset",
        url,
        page,
        exp,
        UNDECLARED_PARAS,
        encoding="gb18030",
        notes="GBK bytes, no charset anywhere: detected",
    )


EN_NEWS: list[Para] = [
    (
        "p",
        "Nurses across the region voted overwhelmingly to accept a new three-year contract on Monday, ending months of negotiations over staffing levels and pay.",
    ),
    (
        "p",
        "The agreement raises wages by 14 percent over the life of the contract and sets enforceable nurse-to-patient ratios in intensive care and emergency departments.",
    ),
    ("h", "Safe staffing at the centre"),
    (
        "p",
        "\u201cThis is a win for every patient who walks through our doors,\u201d said Maria Lopez, a critical care nurse and member of the bargaining team. \u201cWe held together and it paid off.\u201d",
    ),
    ("p", "Hospital management said the deal would help recruit and retain staff at a time of national shortages."),
    ("p", "The contract also includes:"),
    ("p", "Paid parental leave of 12 weeks."),
    ("p", "A new committee to review workplace violence incidents."),
    ("p", "Tuition support for nurses pursuing advanced degrees."),
    ("h", "What comes next"),
    (
        "p",
        "The new terms take effect on April 1. Union leaders said they would monitor compliance closely and report back to members in the autumn.",
    ),
]


def en_news() -> Spec:
    title = "Nurses ratify contract with safe staffing ratios"
    paras = EN_NEWS
    body_parts = []
    for kind, text in paras:
        if kind == "h":
            body_parts.append(f"<h2>{esc(text)}</h2>")
        elif text.startswith(("Paid parental", "A new committee", "Tuition")):
            body_parts.append(f"<li>{esc(text)}</li>")
        else:
            body_parts.append(f"<p>{esc(text)}</p>")
    body_html = "\n".join(body_parts)
    body_html = body_html.replace("<li>Paid", "<ul><li>Paid", 1).replace("degrees.</li>", "degrees.</li></ul>", 1)
    figure = (
        '<figure class="lead-image"><img src="https://cdn.unionnews.sample.org/img/2024/03/nurses-vote.jpg" '
        'alt="Nurses vote"><figcaption>Nurses cast their ballots at the union hall on Monday.</figcaption></figure>'
    )
    ld = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": title,
            "datePublished": "2024-03-11T18:45:00-05:00",
            "dateModified": "2024-03-12T08:00:00-05:00",
            "author": [{"@type": "Person", "name": "Jane Doe"}, {"@type": "Person", "name": "Sam Lee"}],
            "publisher": {"@type": "Organization", "name": "Union News Network"},
        }
    )
    page = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title} | Union News Network</title>
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="Union News Network">
<meta property="og:url" content="https://unionnews.sample.org/news/2024/03/11/nurses-ratify-contract">
<meta name="author" content="Union News Network">
<link rel="canonical" href="https://unionnews.sample.org/news/2024/03/11/nurses-ratify-contract">
<script type="application/ld+json">{ld}</script>
<style>.hidden{{display:none}}</style>
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header"><div class="logo"><a href="/">Union News Network</a></div>
<nav><ul><li><a href="/news">News</a></li><li><a href="/campaigns">Campaigns</a></li><li><a href="/join">Join a union</a></li></ul></nav></header>
<div class="cookie-banner">We use cookies to improve your experience. <a href="/privacy">Privacy Policy</a> <button>Accept</button></div>
<main id="main">
<article class="story">
<nav class="breadcrumb"><a href="/">Home</a> / <a href="/news">News</a> / <a href="/news/health">Health care</a></nav>
<h1 class="story-title">{title}</h1>
<p class="dek">Deal sets enforceable nurse-to-patient ratios</p>
<div class="byline">By Jane Doe and Sam Lee &middot; <time datetime="2024-03-11T18:45:00-05:00">March 11, 2024</time></div>
<div class="share-tools"><a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">Email</a> <a href="#">Print</a></div>
{figure}
<div class="story-body">
{body_html}
<div class="newsletter-signup"><p>Get the latest labor news in your inbox. Sign up for our newsletter.</p><input type="email"></div>
</div>
<div class="tags"><a href="/tag/nurses">Nurses</a> <a href="/tag/health">Health care</a></div>
</article>
<section class="related"><h2>Related stories</h2><ul>
<li><a href="/news/2024/02/20/teachers-strike">Teachers strike enters second week as talks stall</a></li>
<li><a href="/news/2024/01/15/warehouse-union">Warehouse workers file for union election in three states</a></li></ul></section>
</main>
<footer class="site-footer"><p>&copy; 2024 Union News Network. All rights reserved.</p><p><a href="/about">About us</a> | <a href="/contact">Contact us</a></p></footer>
</body></html>
"""
    url = "https://unionnews.sample.org/news/2024/03/11/nurses-ratify-contract?utm_source=rss"
    exp = record(
        "https://unionnews.sample.org/news/2024/03/11/nurses-ratify-contract",
        paras,
        title=title,
        subtitle="Deal sets enforceable nurse-to-patient ratios",
        published_at="2024-03-11T18:45:00-05:00",
        author="Jane Doe and Sam Lee",
        category="Health care",
        site_name="Union News Network",
        language="en",
        images=[
            {
                "url": "https://cdn.unionnews.sample.org/img/2024/03/nurses-vote.jpg",
                "caption": "Nurses cast their ballots at the union hall on Monday.",
            }
        ],
    )
    return Spec(
        "ennews",
        "nurses_contract",
        url,
        page,
        exp,
        paras,
        notes="English news site: JSON-LD, canonical, byline, figure, list, share/related/newsletter/cookie chrome",
    )


EN_REPORT: list[Para] = [
    (
        "p",
        "A new report published today shows that one in five workers in the care sector is paid below the real living wage, despite record demand for care services.",
    ),
    (
        "p",
        "The research, based on a survey of 2,400 care workers, found that many rely on second jobs or food banks to make ends meet.",
    ),
    (
        "p",
        "General secretary Paul Novak said the findings were a wake-up call for ministers and called for a national fair pay agreement covering the whole sector.",
    ),
    (
        "p",
        "The report recommends a minimum rate of \u00a315 an hour, sick pay from day one and paid travel time between visits.",
    ),
]


def en_report() -> Spec:
    title = "One in five care workers paid below the living wage, report finds"
    body = "\n".join(f"<p>{esc(t)}</p>" for _, t in EN_REPORT)
    page = f"""<!DOCTYPE html>
<html lang="en" dir="ltr">
<head><meta charset="utf-8"><title>{title} | Care Workers Union</title>
<meta property="og:site_name" content="Care Workers Union"></head>
<body class="path-node page-node-type-news">
<div class="region region-header"><a href="/" class="site-logo">Care Workers Union</a>
<ul class="menu"><li><a href="/about">About</a></li><li><a href="/news">News</a></li><li><a href="/join">Join</a></li><li><a href="/contact">Contact</a></li></ul></div>
<div class="region region-content">
<div class="block-page-title-block"><h1 class="page-title"><span>{title}</span></h1></div>
<div class="node__meta">Published: 12 January 2024</div>
<div class="field field--name-body field--type-text-with-summary">
{body}
<p><a href="/sites/default/files/2024-01/care-pay-report.pdf">Download the full report (PDF, 2MB)</a></p>
</div>
<div class="field field--name-field-tags"><div class="field__label">Topics</div><a href="/topics/pay">Pay</a> <a href="/topics/care">Care</a></div>
</div>
<div class="region region-footer"><p>Care Workers Union, 1 Union Street, London</p><p>&copy; Care Workers Union 2024</p></div>
</body></html>
"""
    url = "https://www.careunion.sample.org.uk/news/one-five-care-workers-paid-below-living-wage"
    paras = EN_REPORT + [("p", "Download the full report (PDF, 2MB)")]
    exp = record(
        url,
        paras,
        title=title,
        published_at="2024-01-12",
        site_name="Care Workers Union",
        language="en",
        attachments=[
            {
                "url": "https://www.careunion.sample.org.uk/sites/default/files/2024-01/care-pay-report.pdf",
                "title": "Download the full report (PDF, 2MB)",
            }
        ],
    )
    return Spec(
        "enunion",
        "care_report",
        url,
        page,
        exp,
        paras,
        notes="English union site (Drupal-like), date-only, PDF attachment",
    )


ZH_LABELS: list[Para] = [
    (
        "p",
        "日前，市总工会举办2023年新就业形态劳动者入会集中行动启动仪式，现场为200余名快递员、外卖配送员、网约车司机办理入会手续。",
    ),
    ("p", "启动仪式上，市总工会为新入会会员发放了会员服务卡和“暖心礼包”，并介绍了工会会员可享受的各项普惠服务。"),
    ("p", "“以前觉得工会离我们很远，现在加入了工会，感觉有了‘娘家’。”外卖配送员小刘说。"),
    ("p", "据了解，今年市总工会将持续推进新就业形态劳动者建会入会，力争全年新发展会员1万人以上。"),
]


def zh_labels_end() -> Spec:
    title = "新就业形态劳动者入会集中行动启动"
    body = "<p>文/张明 图/刘洋</p>\n" + "\n".join(f"<p>{esc(t)}</p>" for _, t in ZH_LABELS)
    body += "\n<p>（来源：工人日报）</p>\n<p>【责任编辑：王晓燕】</p>"
    related = "".join(
        f'<li><a href="/news/2023/0{i}/{i}.html">{t}</a></li>'
        for i, t in enumerate(
            ["全市工会系统开展“送温暖”活动", "市总工会召开十三届三次全委会议", "劳模工匠进校园活动启动"], 1
        )
    )
    page = f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{title} - 工会要闻 - 某市总工会网</title>
<meta name="author" content="某市总工会网">
</head>
<body>
<div class="top"><a href="/">某市总工会网</a> | <a href="/login">登录</a></div>
<div class="main">
<div class="article">
<h1>{title}</h1>
<div class="info">2023-06-02 09:15 | 阅读：1024</div>
<div class="artcon">
{body}
</div>
<div class="bdsharebuttonbox">分享到：<a class="bds_weixin">微信</a><a class="bds_tsina">新浪微博</a><a class="bds_qzone">QQ空间</a></div>
<div class="updown"><p>上一篇：<a href="/news/2023/05/31.html">市总工会慰问一线职工</a></p><p>下一篇：<a href="/news/2023/06/05.html">职工书屋建设推进会召开</a></p></div>
<div class="about"><h3>相关新闻</h3><ul>{related}</ul></div>
</div></div>
<div class="copyright">Copyright © 某市总工会网 版权所有 未经许可不得转载</div>
</body></html>
"""
    url = "http://www.smgh.sample.cn/news/2023/06/02/9876.html"
    exp = record(
        url,
        ZH_LABELS,
        title=title,
        published_at="2023-06-02T09:15:00+08:00",
        source="工人日报",
        author="张明",
        editor="王晓燕",
        site_name="某市总工会网",
        category="工会要闻",
        language="zh",
        flags=["encoding_guessed"],
    )
    return Spec(
        "zhnews",
        "labels_at_end",
        url,
        page,
        exp,
        ZH_LABELS,
        notes="UTF-8 bytes declared gb2312; byline '文/…' first, source and editor lines at the end; meta author is the site",
    )


OVERRIDE_PARAS: list[Para] = [
    (
        "p",
        "6月18日，省总工会“工会驿站”地图上线仪式举行。职工可通过手机一键查找身边的工会驿站，享受休息、饮水、热饭、充电等服务。",
    ),
    ("p", "目前，全省已建成工会驿站4500余家，覆盖城乡主要街道和交通干线，年服务户外劳动者超过千万人次。"),
]


def override_page() -> Spec:
    title = "全省“工会驿站”地图正式上线"
    body = "\n".join(f"<p>{esc(t)}</p>" for _, t in OVERRIDE_PARAS)
    body += "\n<p>欢迎关注省总工会微信公众号，获取更多工会资讯。</p>"
    page = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>省总工会</title></head>
<body>
<div class="hd"><a href="/">省总工会</a></div>
<div class="bd">
<div class="t-hd">{title}</div>
<div class="t-info"><span class="pub" data-time="2023-06-18 16:40:00">2天前</span> <span>省总工会</span></div>
<div class="t-bd">{body}</div>
</div>
<div class="ft">省总工会</div>
</body></html>
"""
    rules = {
        "selectors": {"title": "div.t-hd", "published_at": "//span[@class='pub']/@data-time"},
        "noise_patterns": ["^欢迎关注.{0,20}公众号"],
    }
    url = "https://m.szgh.sample.cn/app/detail/88123"
    exp = record(
        url,
        OVERRIDE_PARAS,
        title=title,
        published_at="2023-06-18T16:40:00+08:00",
        site_name="省总工会",
        language="zh",
        flags=["short_body"],
    )
    return Spec(
        "override",
        "app_detail",
        url,
        page,
        exp,
        OVERRIDE_PARAS,
        rules=rules,
        notes="per-source override (ExtractionRules): title in a div, date only in a data attribute, promo line",
    )


def all_specs() -> list[Spec]:
    return [
        seed000_en(),
        seed001_en(),
        seed002_en(),
        seed003_en(),
        seed004_en(),
        seed000_zh(),
        seed001_zh(),
        seed002_zh(),
        seed003_zh(),
        seed004_zh(),
        trs_wcm(),
        table_layout(),
        *paged(),
        gallery(),
        big5_page(),
        gbk_undeclared(),
        en_news(),
        en_report(),
        zh_labels_end(),
        override_page(),
    ]


def short(text: str) -> bool:
    return len(text) + len(re.findall(r"[\u3400-\u9fff]", text)) < 250


def write(spec: Spec) -> None:
    folder = ROOT / spec.site
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{spec.name}.html").write_bytes(spec.html.encode(spec.encoding))
    expected = dict(spec.expected)
    flags = set(expected["flags"])
    if short(expected["body_text"]):
        flags.add("short_body")
    if expected["published_at"] is None:
        flags.add("no_date")
    expected["flags"] = sorted(flags)
    (folder / f"{spec.name}.json").write_text(
        json.dumps(expected, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    meta = {"url": spec.url, "headers": spec.headers, "encoding": spec.encoding, "notes": spec.notes}
    if spec.rules:
        meta["rules"] = spec.rules
    (folder / f"{spec.name}.meta.json").write_text(
        json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from fixture_builder_web import web_specs

    specs = all_specs() + web_specs()
    for spec in specs:
        write(spec)
    print(f"wrote {len(specs)} pages under {ROOT}")
