# ruff: noqa: E501 - page text and markup are data
"""More fixture pages: layouts of large English and Chinese news sites (built like fixture_builder.py).

The pages imitate the structures of widely used newspaper, news-agency, blog and government templates (hashed
class names, body split by ads, comment threads longer than the article, dates split over spans...), with the
ground truth written here, independent of the extractor.
"""

from __future__ import annotations

from fixture_builder import Para, Spec, esc, record

# --------------------------------------------------------------------------------------------------------------
# English
# --------------------------------------------------------------------------------------------------------------

RAIL: list[Para] = [
    (
        "p",
        "Train drivers at 14 rail companies will walk out for 48 hours next week after talks over pay broke down, their union has announced.",
    ),
    (
        "p",
        "The union said its members had not had a pay rise for three years while the cost of living had risen by more than 20%.",
    ),
    (
        "p",
        "\u201cNobody wants to strike, but our members have been left with no choice,\u201d the general secretary said in a statement on Tuesday.",
    ),
    ("h", "Talks collapse"),
    (
        "p",
        "Negotiations at the conciliation service ended without agreement on Monday evening. The employers said the offer on the table was \u201cfair and affordable\u201d.",
    ),
    (
        "p",
        "Passengers have been advised to check before they travel, with only a skeleton service expected on most routes.",
    ),
    ("p", "We are asking the government to let the companies make a better offer."),
    ("p", "The walkout is the ninth in the dispute, which began in the summer of 2022."),
]


def ledger() -> Spec:
    title = "Rail workers to strike over pay as talks collapse"
    nav = "".join(
        f'<li><a href="/{s.lower()}">{s}</a></li>'
        for s in ["News", "Opinion", "Sport", "Culture", "Lifestyle", "UK", "World", "Business", "Climate", "Science"]
    )
    body = [
        f"<p>{esc(RAIL[0][1])}</p>",
        f"<p>{esc(RAIL[1][1])}</p>",
        '<aside class="element element-rich-link"><p><span>Related: </span><a href="/uk/2024/feb/01/tube-drivers-vote">Tube drivers vote to strike over new rotas</a></p></aside>',
        f"<p>{esc(RAIL[2][1])}</p>",
        f"<h2>{esc(RAIL[3][1])}</h2>",
        f"<p>{esc(RAIL[4][1])}</p>",
        '<div class="ad-slot ad-slot--inline"><p>Advertisement</p></div>',
        f"<p>{esc(RAIL[5][1])}</p>",
        f"<blockquote><p>{esc(RAIL[6][1])}</p></blockquote>",
        '<div class="newsletter-embed"><p>Sign up to First Edition, our free daily newsletter \u2013 every weekday morning at 7am</p><p>Privacy Notice: Newsletters may contain info about charities.</p></div>',
        f"<p>{esc(RAIL[7][1])}</p>",
    ]
    comments = "".join(
        f'<div class="comment"><p class="comment-author">reader{i}</p><p>{"I have been commuting on this line for twenty years and the service keeps getting worse while fares go up every single January, so I fully support the drivers in this dispute. " * 3}</p></div>'
        for i in range(6)
    )
    page = f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>{title} | UK news | The Daily Ledger</title>
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="The Daily Ledger">
<meta property="article:published_time" content="2024-03-12T13:05:00.000Z">
<meta property="article:modified_time" content="2024-03-12T15:30:00.000Z">
<meta name="author" content="Alex Smith">
<script>window.guardian = {{"config": {{"page": {{"headline": "x"}}}}}};</script>
</head>
<body>
<a href="#maincontent" class="skip">Skip to main content</a>
<header class="header"><div class="logo"><a href="/">The Daily Ledger</a></div><nav><ul>{nav}</ul></nav>
<div class="support">Support the Ledger. Fund independent journalism with $15 per month. <a href="/support">Support us</a></div></header>
<main id="maincontent">
<article class="article">
<div class="css-1v8h2c"><a href="/uk-news">UK news</a></div>
<div class="css-15ru6p1"><h1 class="css-1nupfq9">{title}</h1></div>
<div class="css-ayzhn standfirst"><p>Union says members will walk out for 48 hours after pay talks break down</p></div>
<aside class="css-byline"><address><a rel="author" href="/profile/alex-smith">Alex Smith</a> Transport correspondent</address></aside>
<details class="css-date"><summary>Tue 12 Mar 2024 13.05 GMT</summary><p>Last modified on Tue 12 Mar 2024 15.30 GMT</p></details>
<div class="share"><a href="#">Share on Facebook</a><a href="#">Share on X</a></div>
<figure class="element-image"><img src="https://i.ledger.test/img/2024/rail-picket.jpg" alt="Rail workers on a picket line" width="620">
<figcaption><span class="caption">Members on a picket line last year.</span> Photograph: Jo Bloggs/PA</figcaption></figure>
<div class="article-body-commercial-selector">
{chr(10).join(body)}
</div>
<div class="submeta"><ul><li><a href="/uk/rail">Rail strikes</a></li><li><a href="/politics/unions">Trade unions</a></li><li><a href="/uk/transport">Transport</a></li></ul><a href="/info/reuse">Reuse this content</a></div>
</article>
<section id="comments"><h2>Comments (6)</h2>{comments}</section>
<section class="onward"><h2>Most viewed</h2><ol>
<li><a href="/a1">Storm warning issued for the weekend</a></li><li><a href="/a2">House prices fall for third month</a></li>
<li><a href="/a3">Five things to do this weekend</a></li><li><a href="/a4">The best new novels of the spring</a></li></ol></section>
</main>
<footer><p>&copy; 2024 Ledger News &amp; Media Limited or its affiliated companies. All rights reserved.</p></footer>
</body></html>
"""
    url = "https://www.ledger.test/uk-news/2024/mar/12/rail-workers-strike-pay-talks-collapse"
    exp = record(
        url,
        RAIL,
        title=title,
        subtitle="Union says members will walk out for 48 hours after pay talks break down",
        published_at="2024-03-12T13:05:00+00:00",
        author="Alex Smith",
        category="UK news",
        site_name="The Daily Ledger",
        language="en",
        images=[
            {
                "url": "https://i.ledger.test/img/2024/rail-picket.jpg",
                "caption": "Members on a picket line last year. Photograph: Jo Bloggs/PA",
            }
        ],
    )
    return Spec(
        "ledger",
        "rail_strike",
        url,
        page,
        exp,
        RAIL,
        notes="national newspaper: hashed classes, standfirst, rel=author, inline related/ad/newsletter, comments longer than the article",
    )


WIRE: list[Para] = [
    (
        "p",
        "WASHINGTON (AP) \u2014 Federal mediators will join talks between the dockworkers\u2019 union and port operators next week, the Labor Department said Tuesday, as a strike deadline at East and Gulf Coast ports draws closer.",
    ),
    ("p", "The union represents about 45,000 workers who load and unload ships at 36 ports from Maine to Texas."),
    (
        "p",
        "Automation has been a sticking point. The union wants a ban on automated cranes and gates, while employers say technology is needed to keep ports competitive.",
    ),
    ("p", "A strike would be the first on the East and Gulf coasts since 1977."),
    (
        "p",
        "\u201cWe are prepared to stay at the table as long as it takes,\u201d a spokesperson for the employers said.",
    ),
]


def wire() -> Spec:
    title = "Mediators to join port talks as dockworkers' strike deadline nears"
    parts = []
    for i, (_, text) in enumerate(WIRE):
        parts.append(f"<p>{esc(text)}</p>")
        if i == 1:
            parts.append('<div class="Advertisement"><div class="ad-label">ADVERTISEMENT</div></div>')
        if i == 2:
            parts.append(
                '<div class="Enhancement"><div class="RelatedList"><h3>RELATED COVERAGE</h3>'
                '<div class="PageList-items-item"><a href="/article/ports-1">Dockworkers set strike date</a><span>Union says contract talks have stalled.</span></div>'
                '<div class="PageList-items-item"><a href="/article/ports-2">What a port strike would mean for prices</a><span>Economists warn of shortages.</span></div>'
                '<div class="PageList-items-item"><a href="/article/ports-3">Ports brace for walkout</a><span>Shippers reroute cargo to the West Coast.</span></div></div></div>'
            )
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<title>Mediators to join port talks as dockworkers&#39; strike deadline nears | AP News</title>
<meta property="og:title" content="{esc(title)}">
<meta property="og:site_name" content="AP News">
<meta property="article:published_time" content="2024-09-24T18:05:12Z">
<meta name="description" content="Federal mediators will join talks.">
</head>
<body class="Page-body">
<bsp-header class="Page-header"><nav class="Navigation"><ul><li><a href="/world-news">World</a></li><li><a href="/us-news">U.S.</a></li><li><a href="/politics">Politics</a></li><li><a href="/sports">Sports</a></li><li><a href="/business">Business</a></li></ul></nav></bsp-header>
<main class="Page-main">
<div class="Page-breadcrumbs"><a href="/business">Business</a></div>
<h1 class="Page-headline">{esc(title)}</h1>
<div class="Page-byline"><div class="Page-authors">By <a class="Link" href="/author/john-doe">JOHN DOE</a> and <a class="Link" href="/author/mary-roe">MARY ROE</a></div>
<div class="Page-dateModified"><bsp-timestamp data-timestamp="1727201112000"><span>Updated 6:05 PM UTC, September 24, 2024</span></bsp-timestamp></div></div>
<div class="Page-actions"><a href="#">Share</a><a href="#">Copy Link</a><a href="#">copied</a></div>
<div class="RichTextStoryBody RichTextBody">
{chr(10).join(parts)}
</div>
<div class="Page-footer-related"><h2>More from AP News</h2><ul>
<li><a href="/x1">Stocks rally as inflation cools</a></li><li><a href="/x2">Hurricane heads for Florida coast</a></li><li><a href="/x3">Election officials test voting machines</a></li></ul></div>
</main>
<footer class="Page-footer"><p>Copyright 2024 The Associated Press. All Rights Reserved.</p><a href="/terms">Terms of Use</a> <a href="/privacy">Privacy Policy</a></footer>
</body></html>
"""
    url = "https://apnews.sample.test/article/port-strike-dockworkers-mediators-2024"
    exp = record(
        url,
        WIRE,
        title=title,
        published_at="2024-09-24T18:05:12+00:00",
        author="JOHN DOE and MARY ROE",
        category="Business",
        site_name="AP News",
        language="en",
    )
    return Spec(
        "wire",
        "port_talks",
        url,
        page,
        exp,
        WIRE,
        notes="news agency: body paragraphs interleaved with ads and a related-coverage box, upper-case byline",
    )


BLOG: list[Para] = [
    (
        "p",
        "Last Saturday more than two hundred members gathered at the community hall for our annual general meeting, the largest turnout in a decade.",
    ),
    (
        "p",
        "Members approved the branch budget for the coming year and elected a new committee. Our thanks go to everyone who stood for election.",
    ),
    (
        "p",
        "The meeting also voted to affiliate to the regional trades council and to support the campaign for safe staffing in local care homes.",
    ),
    ("p", "Minutes of the meeting will be circulated to all members by email in the next two weeks."),
]


def wp_blog() -> Spec:
    title = "Record turnout at our annual general meeting"
    body = "\n".join(f"<p>{esc(t)}</p>" for _, t in BLOG)
    comments = "".join(
        f'<li class="comment even thread-even depth-1" id="comment-{i}"><article class="comment-body"><footer class="comment-meta">'
        f'<div class="comment-author vcard"><b class="fn">Member {i}</b> <span class="says">says:</span></div>'
        f'<div class="comment-metadata"><a href="#comment-{i}"><time datetime="2023-09-0{5 + i % 3}T09:00:00+01:00">September {5 + i % 3}, 2023 at 9:00 am</time></a></div></footer>'
        f'<div class="comment-content"><p>{"Great meeting, thank you to the committee for all the work that went into organising it and for the food afterwards, which was excellent. " * 4}</p></div>'
        f'<div class="reply"><a class="comment-reply-link" href="#">Reply</a></div></article></li>'
        for i in range(7)
    )
    page = f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} &#8211; Northfield Branch</title>
<link rel="canonical" href="https://northfield-branch.sample.org/2023/09/04/record-turnout-agm/">
<meta name="generator" content="WordPress 6.3.1">
</head>
<body class="post-template-default single single-post postid-812 single-format-standard">
<div id="page" class="site">
<header id="masthead" class="site-header"><div class="site-branding"><p class="site-title"><a href="/" rel="home">Northfield Branch</a></p><p class="site-description">Your union in Northfield</p></div>
<nav id="site-navigation" class="main-navigation"><div class="menu-main-container"><ul id="primary-menu" class="menu"><li><a href="/">Home</a></li><li><a href="/join/">Join</a></li><li><a href="/news/">News</a></li><li><a href="/contact/">Contact</a></li></ul></div></nav></header>
<div id="content" class="site-content">
<div id="primary" class="content-area"><main id="main" class="site-main">
<article id="post-812" class="post-812 post type-post status-publish format-standard hentry category-branch-news">
<header class="entry-header"><h1 class="entry-title">{title}</h1>
<div class="entry-meta"><span class="posted-on">Posted on <a href="/2023/09/04/record-turnout-agm/" rel="bookmark"><time class="entry-date published" datetime="2023-09-04T10:12:00+01:00">September 4, 2023</time><time class="updated" datetime="2023-09-06T08:00:00+01:00">September 6, 2023</time></a></span><span class="byline"> by <span class="author vcard"><a class="url fn n" href="/author/mgarcia/">Maria Garcia</a></span></span></div></header>
<div class="entry-content">
{body}
<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Share this:</h3><ul><li><a class="share-twitter" href="#">Twitter</a></li><li><a class="share-facebook" href="#">Facebook</a></li></ul></div>
<div class="sharedaddy sd-block sd-like"><h3 class="sd-title">Like this:</h3><p>Like Loading...</p></div>
<div id="jp-relatedposts" class="jp-relatedposts"><h3 class="jp-relatedposts-headline"><em>Related</em></h3></div>
</div>
<footer class="entry-footer"><span class="cat-links">Posted in <a href="/category/branch-news/" rel="category tag">Branch news</a></span></footer>
</article>
<nav class="navigation post-navigation"><h2 class="screen-reader-text">Post navigation</h2><div class="nav-links"><div class="nav-previous"><a href="/2023/08/20/summer-social/" rel="prev">Summer social raises funds for hardship fund</a></div></div></nav>
<div id="comments" class="comments-area"><h2 class="comments-title">7 thoughts on &ldquo;{title}&rdquo;</h2><ol class="comment-list">{comments}</ol>
<div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">Leave a Reply</h3><form><p class="comment-notes">Your email address will not be published.</p><textarea></textarea></form></div></div>
</main></div>
<aside id="secondary" class="widget-area"><section class="widget widget_recent_entries"><h2 class="widget-title">Recent Posts</h2><ul><li><a href="/a/">Summer social raises funds</a></li><li><a href="/b/">New rep training dates</a></li></ul></section></aside>
</div>
<footer id="colophon" class="site-footer"><div class="site-info"><a href="https://wordpress.org/">Proudly powered by WordPress</a></div></footer>
</div>
</body></html>
"""
    url = "https://northfield-branch.sample.org/2023/09/04/record-turnout-agm/"
    exp = record(
        url,
        BLOG,
        title=title,
        published_at="2023-09-04T10:12:00+01:00",
        author="Maria Garcia",
        site_name="Northfield Branch",
        language="en",
    )
    return Spec(
        "wpblog",
        "agm",
        url,
        page,
        exp,
        BLOG,
        notes="WordPress branch blog: <time datetime>, vcard author, Jetpack share/like/related, comment thread longer than the post",
    )


# --------------------------------------------------------------------------------------------------------------
# Chinese
# --------------------------------------------------------------------------------------------------------------

PEOPLE: list[Para] = [
    ("p", "本报北京5月24日电 （记者王明）全国总工会24日召开新闻发布会，介绍2024年“工会十件实事”进展情况。"),
    (
        "p",
        "据介绍，今年以来全国各级工会共建成户外劳动者服务站点13.5万个，为新就业形态劳动者提供休息、饮水、充电等服务。",
    ),
    ("p", "全总有关负责人表示，下一步将推动服务阵地向县乡延伸，让更多劳动者就近享受服务。"),
]


def people() -> Spec:
    kicker = "全总发布“工会十件实事”进展"
    title = "户外劳动者服务站点达13.5万个"
    sub = "覆盖全国所有地级市"
    body = (
        f'<p style="text-indent: 2em;">{esc(PEOPLE[0][1])}</p>\n'
        '<p style="text-align: center;"><img src="/NMediaFile/2024/0525/MAIN1716592.jpg" width="600"></p>\n'
        '<p class="pictext" style="text-align: center;">图为北京市一处户外劳动者服务站。（记者 李华摄）</p>\n'
        + "\n".join(f'<p style="text-indent: 2em;">{esc(t)}</p>' for _, t in PEOPLE[1:])
    )
    page = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{kicker} {title}--社会·法治--人民网</title>
<meta name="keywords" content="工会,劳动者">
<meta name="description" content="全国总工会24日召开新闻发布会">
<meta name="publishdate" content="2024-05-25">
<meta name="source" content="来源：人民网－人民日报">
<meta name="author" content="王明">
</head>
<body>
<div class="header"><div class="w1200"><a href="http://www.people.com.cn/" class="logo"><img src="/img/logo.png" alt="人民网"></a>
<div class="nav"><a href="/">首页</a>|<a href="/politics/">时政</a>|<a href="/world/">国际</a>|<a href="/finance/">财经</a>|<a href="/society/">社会</a>|<a href="/culture/">文化</a></div></div></div>
<div class="route-nav w1200"><a href="http://www.people.com.cn/">人民网</a>&gt;&gt;<a href="http://society.people.com.cn/">社会·法治</a></div>
<div class="layout rm_txt cf">
<div class="col col-1 fl">
<div class="rm_txt_con_title"><h3 class="pre">{kicker}</h3><h1>{title}</h1><h4 class="sub">{sub}</h4></div>
<div class="channel cf"><div class="col-1-1 fl">2024年05月25日07:05 | 来源：<a href="http://paper.people.com.cn/" target="_blank">人民网－人民日报</a></div>
<div class="col-1-2 fr"><a href="#" class="share">分享到：</a></div></div>
<div class="rm_txt_con cf">
{body}
<div class="edit cf">(责编：张三、李四)</div>
</div>
<div class="box_news"><h2>相关新闻</h2><ul><li><a href="/n1.html">全总：持续推进工会驿站建设</a></li><li><a href="/n2.html">多地工会为户外劳动者送清凉</a></li><li><a href="/n3.html">新就业形态劳动者入会人数持续增长</a></li></ul></div>
</div>
<div class="col col-2 fr"><div class="ph_list"><h2>24小时排行</h2><ol><li><a href="/r1.html">排行新闻一</a></li><li><a href="/r2.html">排行新闻二</a></li><li><a href="/r3.html">排行新闻三</a></li></ol></div></div>
</div>
<div class="footer">人民日报社概况|关于人民网|报社招聘|招聘英才|广告服务|合作加盟|供稿服务|网站声明|网站律师|信息保护|联系我们<br>人 民 网 股 份 有 限 公 司 版 权 所 有 ，未 经 书 面 授 权 禁 止 使 用<br>Copyright &copy; 1997-2024 by www.people.com.cn. all rights reserved</div>
</body></html>
"""
    url = "http://society.people.com.cn/n1/2024/0525/c1008-40243817.html"
    exp = record(
        url,
        PEOPLE,
        title=title,
        subtitle=kicker,
        published_at="2024-05-25T07:05:00+08:00",
        source="人民网－人民日报",
        author="王明",
        editor="张三、李四",
        category="社会·法治",
        site_name="人民网",
        language="zh",
        images=[
            {
                "url": "http://society.people.com.cn/NMediaFile/2024/0525/MAIN1716592.jpg",
                "caption": "图为北京市一处户外劳动者服务站。（记者 李华摄）",
            }
        ],
    )
    return Spec(
        "people",
        "service_stations",
        url,
        page,
        exp,
        PEOPLE,
        notes="national paper: kicker + title + deck, glued date, (责编：…) line, photo caption with photographer",
    )


XINHUA: list[Para] = [
    ("p", "新华社北京5月25日电 记者从中华全国总工会获悉，全总近日印发通知，部署开展2024年“安康杯”竞赛活动。"),
    (
        "p",
        "通知要求，各级工会要聚焦重点行业领域，广泛开展隐患排查、应急演练、安全培训等活动，推动企业落实安全生产主体责任。",
    ),
    ("p", "据统计，2023年全国共有约26万家企业、3600万名职工参加“安康杯”竞赛。"),
]


def xinhua() -> Spec:
    title = "全总部署开展2024年“安康杯”竞赛活动"
    body = "\n".join(f"<p>{esc(t)}</p>" for _, t in XINHUA)
    page = f"""<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{title}-新华网</title>
<meta name="keywords" content="安康杯" />
</head>
<body>
<div class="topBar"><a href="http://www.news.cn/">新华网</a> <a href="#">客户端</a> <a href="#">登录</a></div>
<div class="header domPC"><div class="header-top clearfix"><div class="header-time left">
<span class="year"><em> 2024</em></span><span class="day"><em> 05</em>/<em>25</em></span><span class="time"> 18:22:07</span></div>
<div class="source">来源：新华网</div>
<div class="head-line clearfix"><h1><span class="title">{title}</span></h1></div></div></div>
<div class="main clearfix"><div class="main-left left">
<div id="detail"><span id="detailContent">
{body}
</span></div>
<div id="articleEdit"><span class="tiyi1"><a href="javascript:void(0);" class="advise">【纠错】</a></span><span class="editor">【责任编辑:赵文】</span></div>
</div>
<div class="main-right right"><div class="columBox"><h3>新闻</h3><ul><li><a href="/a.htm">第一条新闻</a></li><li><a href="/b.htm">第二条新闻</a></li></ul></div></div></div>
<div class="foot">Copyright &copy; 2000-2024 XINHUANET.com All rights reserved.<br>制作单位：新华网股份有限公司 版权所有：新华通讯社</div>
</body></html>
"""
    url = "http://www.news.cn/politics/2024-05/25/c_1130152234.htm"
    exp = record(
        url,
        XINHUA,
        title=title,
        published_at="2024-05-25T18:22:07+08:00",
        source="新华网",
        editor="赵文",
        site_name="新华网",
        language="zh",
    )
    return Spec(
        "xinhua",
        "ankang_cup",
        url,
        page,
        exp,
        XINHUA,
        notes="news agency: date split over spans, source in a div, editor in brackets",
    )


GOVCN: list[Para] = [
    ("p", "国务院办公厅日前印发《关于进一步做好稳就业工作的意见》，部署多措并举稳定和扩大就业岗位。"),
    ("p", "《意见》提出，要支持企业稳岗扩岗，落实稳岗返还、就业补贴等政策，鼓励企业吸纳高校毕业生等青年就业。"),
    ("h", "一、加大政策支持力度"),
    ("p", "对吸纳就业能力强的行业企业，加大金融支持，用好稳岗扩岗专项贷款。"),
    ("h", "二、强化就业服务保障"),
    ("p", "各地要持续开展公共就业服务进校园、进社区活动，为劳动者提供精准就业服务。"),
]


def govcn() -> Spec:
    title = "国务院办公厅印发《关于进一步做好稳就业工作的意见》"
    body = "\n".join(
        f'<p style="text-indent: 2em;"><strong>{esc(t)}</strong></p>'
        if k == "h"
        else f'<p style="text-indent: 2em;">{esc(t)}</p>'
        for k, t in GOVCN
    )
    page = f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{title}_滚动新闻_中国政府网</title>
<meta name="firstpublishedtime" content="2024-05-25-07:05:00">
<meta name="lastmodifiedtime" content="2024-05-25-09:10:00">
<meta name="source" content="新华社">
<meta name="manuscriptId" content="1234567">
</head>
<body>
<div class="header_nav"><ul><li><a href="/">首页</a></li><li><a href="/zhengce/">政策</a></li><li><a href="/hudong/">互动</a></li><li><a href="/fuwu/">服务</a></li></ul></div>
<div class="BreadcrumbNav"><a href="/">首页</a> &gt; <a href="/xinwen/gundong.htm">滚动新闻</a></div>
<div class="article oneColumn pub_border">
<h1>{title}</h1>
<div class="pages-date">2024-05-25 07:05<span class="font">来源： 新华社</span><span class="font index_switchsize">【字体：<span>大</span><span>中</span><span>小</span>】</span><span class="font"><a href="javascript:void(0)" onclick="window.print()">打印</a></span></div>
<div class="pages_content" id="UCAP-CONTENT">
{body}
</div>
<div class="editor">【我要纠错】 责任编辑：王萌</div>
<div class="related"><div class="related-title">相关稿件</div><ul><li><a href="/a.htm">人社部：多措并举促进高校毕业生就业</a></li><li><a href="/b.htm">各地出台稳就业政策措施</a></li></ul></div>
</div>
<div class="footer"><p><a href="#">网站说明</a> | <a href="#">网站地图</a> | <a href="#">联系我们</a></p><p>版权所有：中国政府网 中文域名：中国政府网.政务</p><p>京ICP备05070218号 京公网安备11010202000001号</p></div>
</body></html>
"""
    url = "https://www.gov.cn/zhengce/content/202405/content_6953211.htm"
    exp = record(
        url,
        GOVCN,
        title=title,
        published_at="2024-05-25T07:05:00+08:00",
        source="新华社",
        editor="王萌",
        category="滚动新闻",
        site_name="中国政府网",
        language="zh",
    )
    return Spec(
        "govcn",
        "jobs_opinion",
        url,
        page,
        exp,
        GOVCN,
        notes="central government portal: date + source + font widget in one line, bold numbered sub-headings",
    )


SINA: list[Para] = [
    ("p", "记者25日从市总工会获悉，今年全市将新建职工书屋200家，进一步丰富职工精神文化生活。"),
    ("p", "据了解，职工书屋将优先建在一线职工集中的企业和产业园区，配备图书、电子阅读设备等。"),
    ("p", "市总工会还将开展“书香工会”系列读书活动，组织读书分享会、征文比赛等。"),
]


def sina() -> Spec:
    title = "今年将新建职工书屋200家"
    body = (
        "<p>原标题：新建职工书屋200家 丰富职工文化生活</p>\n"
        + "\n".join(f"<p>{esc(t)}</p>" for _, t in SINA)
        + '\n<p class="show_author">责任编辑：刘洋 </p>'
    )
    page = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{title}|职工书屋_新浪新闻</title>
<meta property="og:type" content="news">
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="2024-05-25T08:40:00+08:00">
<meta property="article:author" content="新浪网">
<meta name="mediaid" content="新京报">
</head>
<body>
<div class="top-nav"><a href="https://www.sina.com.cn/">新浪首页</a> <a href="https://news.sina.com.cn/">新闻</a> <a href="#">体育</a> <a href="#">财经</a> <a href="#">娱乐</a></div>
<div class="main-content w1240">
<h1 class="main-title">{title}</h1>
<div class="top-bar-wrap"><div class="date-source"><span class="date">2024年05月25日 08:40</span><a href="https://www.bjnews.com.cn/" class="source" target="_blank">新京报</a></div>
<div class="share-wrap">分享到：<a>微博</a><a>微信</a></div></div>
<div class="article" id="article">
{body}
</div>
<div class="article-bottom"><div class="keywords">文章关键词：<a href="#">职工书屋</a> <a href="#">工会</a></div></div>
<div class="feed-card"><h3>猜你喜欢</h3><ul>
<li><a href="/f1.html">全国职工阅读活动启动</a><p>活动将持续至年底。</p></li>
<li><a href="/f2.html">工会为职工送书上门</a><p>首批图书已送达。</p></li>
<li><a href="/f3.html">职工书屋成为“充电站”</a><p>一线职工纷纷点赞。</p></li></ul></div>
</div>
<div class="footer">新浪简介 | About Sina | 广告营销 | 联系我们 | 招聘信息 | 网站律师 | SINA English | 通行证注册 | 产品答疑<br>Copyright &copy; 1996-2024 SINA Corporation, All Rights Reserved</div>
</body></html>
"""
    url = "https://news.sina.com.cn/c/2024-05-25/doc-inavqxyz1234567.shtml"
    exp = record(
        url,
        SINA,
        title=title,
        published_at="2024-05-25T08:40:00+08:00",
        source="新京报",
        editor="刘洋",
        category="职工书屋",
        site_name="新浪新闻",
        language="zh",
    )
    return Spec(
        "sina",
        "reading_rooms",
        url,
        page,
        exp,
        SINA,
        notes="portal: unlabelled source link in the date line, original-title line, meta author is the portal",
    )


SOUP: list[Para] = [
    (
        "p",
        "Members at the distribution centre have voted by 87% to accept the improved pay offer, ending a dispute that lasted almost four months.",
    ),
    ("p", "The deal includes a 9% increase backdated to January and a one-off payment of 500 pounds for all staff."),
    ("p", "Our rep at the site said the result showed what workers can win when they stick together."),
    ("p", "The branch will hold a celebration event for members on Friday evening at the usual venue."),
]


def div_soup() -> Spec:
    title = "Distribution centre workers accept improved pay offer"
    body = "".join(f'<div style="margin-bottom:12px">{esc(t)}</div>' for _, t in SOUP)
    side = "".join(f'<div><a href="/news/{i}">Older news item number {i} about the branch</a></div>' for i in range(12))
    page = f"""<html><head><title>{title}</title></head>
<body><div id="wrap"><div id="top"><div><a href="/">Eastside Union Branch</a></div><div><a href="/">Home</a> | <a href="/news">News</a> | <a href="/join">Join</a> | <a href="/contact">Contact</a></div></div>
<div id="cols"><div id="c1">
<div style="font-size:26px;font-weight:bold">{title}</div>
<div style="color:#777">Posted March 3rd, 2023 &middot; Written by Tom Hardy</div>
{body}
<div><a href="/news">&laquo; Back to news</a></div>
</div><div id="c2"><div><b>Latest news</b></div>{side}</div></div>
<div id="bottom">Eastside Union Branch &middot; 12 High Street &middot; Registered in England</div></div></body></html>
"""
    url = "http://eastside-branch.sample.org/news/distribution-centre-pay-offer"
    exp = record(url, SOUP, title=title, published_at="2023-03-03", author="Tom Hardy", language="en")
    return Spec(
        "soup", "pay_offer", url, page, exp, SOUP, notes="div soup: no semantic tags or classes; title is a styled div"
    )


COUNTY: list[Para] = [
    (
        "p",
        "为深入推进产业工人队伍建设改革，近日，县总工会联合县人社局举办2023年职工职业技能竞赛，来自全县42家企业的186名职工参赛。",
    ),
    ("p", "本次竞赛设置电工、焊工、数控车工三个项目，分理论考试和实际操作两部分进行。"),
    ("p", "经过激烈角逐，共有15名选手获得一、二、三等奖，其中一等奖获得者将按程序申报县级“五一劳动奖章”。"),
]


def county() -> Spec:
    title = "县总工会举办2023年职工职业技能竞赛"
    body = "\n".join(f'<p style="text-indent:2em;">{esc(t)}</p>' for _, t in COUNTY)
    body += '\n<p style="text-align:center"><img src="/picture/0/2310161532098765432.jpg" border="0"></p>'
    page = f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><title>{title}</title>
<meta name="SiteName" content="某某县人民政府"><meta name="ColumnName" content="部门动态"><meta name="PubDate" content="2023-10-16 15:32">
<meta name="ContentSource" content="县总工会"></head>
<body>
<div class="top"><a href="/">某某县人民政府</a> <a href="/zwgk/">政务公开</a> <a href="/bsfw/">办事服务</a> <a href="/hdjl/">互动交流</a></div>
<div class="dqwz">当前位置：<a href="/">首页</a> &gt; <a href="/xwzx/">新闻中心</a> &gt; <a href="/xwzx/bmdt/">部门动态</a></div>
<div class="main_con">
<table width="100%" class="xxgk_table"><tr><td>信息来源：县总工会</td><td>发布日期：2023-10-16 15:32</td><td>浏览次数：<span id="c">86</span></td></tr></table>
<div class="title"><h1>{title}</h1></div>
<div id="zoom">
{body}
</div>
<div class="fj"><p>相关附件：</p></div>
<div class="tools"><span>【<a href="javascript:window.print()">我要打印</a>】</span> <span>【<a href="javascript:window.close()">关闭</a>】</span></div>
<div class="ewm"><img src="/images/ewm.png" width="100"><p>扫一扫在手机打开当前页</p></div>
</div>
<div class="bottom"><p>主办单位：某某县人民政府办公室</p><p>网站标识码：4400000001 粤ICP备12345678号</p></div>
</body></html>
"""
    url = "http://www.mouxian.gov.cn/xwzx/bmdt/content/post_1234567.html"
    exp = record(
        url,
        COUNTY,
        title=title,
        published_at="2023-10-16T15:32:00+08:00",
        source="县总工会",
        category="部门动态",
        site_name="某某县人民政府",
        language="zh",
        images=[{"url": "http://www.mouxian.gov.cn/picture/0/2310161532098765432.jpg", "caption": None}],
    )
    return Spec(
        "county",
        "skills_contest",
        url,
        page,
        exp,
        COUNTY,
        notes="county government (Hanweb-like): metadata table above the title, empty attachments block, QR box",
    )


EXTEND: list[Para] = [
    ("p", "近日，省总工会召开新闻发布会，发布全省职工生活状况调查结果。调查显示，职工对工作的总体满意度达到86.3%。"),
    ("p", "调查覆盖全省11个设区市，共回收有效问卷3.2万份。职工最关心的问题依次是收入水平、子女教育和住房。"),
    ("p", "省总工会有关负责人表示，将根据调查结果，有针对性地做好职工服务工作。"),
]


def extended_reading() -> Spec:
    title = "全省职工生活状况调查结果发布"
    body = "\n".join(f"<p>{esc(t)}</p>" for _, t in EXTEND)
    teasers = "".join(
        f'<div class="item"><h4><a href="/news/{i}.html">{h}</a></h4><p>{s}</p></div>'
        for i, (h, s) in enumerate(
            [
                (
                    "职工满意度调查连续三年上升",
                    "近三年来，全省职工对工作的满意度持续提高，收入和保障水平稳步增长，职工获得感进一步增强。",
                ),
                (
                    "工会服务职工实事清单发布",
                    "省总工会发布年度服务职工实事清单，涵盖就业、维权、帮扶、文化等多个方面共十项内容。",
                ),
                (
                    "新就业形态劳动者权益保障工作推进会召开",
                    "会议要求各级工会聚焦快递员、外卖配送员等群体，切实维护其合法权益。",
                ),
            ]
        )
    )
    page = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{title}_省工会新闻网</title></head>
<body>
<div class="nav"><a href="/">首页</a> <a href="/news/">要闻</a> <a href="/wq/">维权</a></div>
<div class="content">
<h1>{title}</h1>
<div class="info">来源：省工会新闻网　时间：2024-01-09 16:20</div>
<div class="TRS_Editor">
{body}
</div>
<div>
<h3>延伸阅读</h3>
{teasers}
</div>
</div>
<div class="foot">省工会新闻网 版权所有</div>
</body></html>
"""
    url = "http://www.shengonghui.sample.cn/news/2024/0109/5521.html"
    exp = record(
        url,
        EXTEND,
        title=title,
        published_at="2024-01-09T16:20:00+08:00",
        source="省工会新闻网",
        site_name="省工会新闻网",
        language="zh",
    )
    return Spec(
        "extend",
        "survey",
        url,
        page,
        exp,
        EXTEND,
        notes="teaser list with summaries (延伸阅读) inside the article container, no identifying classes",
    )


INTERVIEW: list[Para] = [
    ("p", "近日，本报记者专访了全国劳动模范、某汽车公司高级技师陈伟，听他讲述三十年来扎根一线的故事。"),
    ("p", "记者：您当初为什么选择当一名技术工人？"),
    ("p", "陈伟：我父亲就是钳工，从小看他在车间里忙碌，觉得能亲手把东西做出来很了不起。"),
    ("p", "记者：对年轻职工有什么建议？"),
    ("p", "陈伟：沉下心来，把每一道工序做到极致。技术没有捷径，只有一遍遍地练。"),
]


def interview() -> Spec:
    title = "专访全国劳动模范陈伟：技术没有捷径"
    body = "\n".join(f"<p>{esc(t)}</p>" for _, t in INTERVIEW)
    page = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{title}-职工之家</title></head>
<body><div class="header"><a href="/">职工之家</a></div>
<div class="article"><h1>{title}</h1>
<p class="meta">2023-04-28 10:00 来源：职工之家 作者：周敏</p>
<div class="text">{body}</div>
<p class="editor">责任编辑：吴磊</p></div>
<div class="footer">职工之家 版权所有</div></body></html>
"""
    url = "http://www.zgzj.sample.cn/rw/2023/0428/771.html"
    exp = record(
        url,
        INTERVIEW,
        title=title,
        published_at="2023-04-28T10:00:00+08:00",
        source="职工之家",
        author="周敏",
        editor="吴磊",
        site_name="职工之家",
        language="zh",
    )
    return Spec(
        "interview",
        "model_worker",
        url,
        page,
        exp,
        INTERVIEW,
        notes="interview: '记者：' question lines are body text, not bylines",
    )


WECHAT: list[Para] = [
    (
        "p",
        "为进一步关心关爱一线职工，5月24日，区总工会联合区卫健委开展“职工健康行”义诊活动，为辖区150余名环卫工人、快递员提供免费体检。",
    ),
    ("p", "活动现场，医护人员为职工测量血压、血糖，开展心电图检查，并就常见病、慢性病预防进行健康咨询。"),
    ("p", "区总工会相关负责人表示，今年将在全区开展20场次义诊活动，覆盖更多户外劳动者。"),
]


def wechat() -> Spec:
    title = "区总工会开展“职工健康行”义诊活动"
    body = "".join(
        f'<section style="margin-bottom:16px;"><p><span style="font-size:15px;">{esc(t)}</span></p></section>'
        for _, t in WECHAT
    )
    body += '<p style="text-align:center"><img data-src="https://mmbiz.qpic.sample.cn/mmbiz_jpg/abc123/640?wx_fmt=jpeg" class="rich_pages wxw-img" data-ratio="0.75" data-w="1080"></p>'
    body += '<p style="text-align:center"><span style="color:#888;font-size:12px;">来源：区总工会</span></p>'
    body += "<p><span>编辑：孙悦</span></p><p><span>审核：赵强</span></p>"
    page = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8">
<meta property="og:title" content="{title}">
<meta property="og:type" content="article">
<meta property="og:site_name" content="微信公众平台">
<title>{title}</title>
<script>var ct = "1716548400"; var nickname = "某区总工会"; var msg_title = '{title}'.html(false);</script>
</head>
<body id="activity-detail" class="zh_CN wx_wap_page">
<div class="rich_media_wrp">
<div class="rich_media_inner"><div id="page-content" class="rich_media_area_primary">
<h1 class="rich_media_title" id="activity-name">{title}</h1>
<div id="meta_content" class="rich_media_meta_list"><span class="rich_media_meta rich_media_meta_nickname" id="profileBt"><a href="javascript:void(0);" id="js_name">某区总工会</a></span>
<em id="publish_time" class="rich_media_meta rich_media_meta_text"></em></div>
<div class="rich_media_content js_underline_content" id="js_content" style="visibility: hidden;">
{body}
</div>
<div class="qr_code_pc"><img class="qr_code_pc_img" src="/mp/qrcode?scene=1"><p>微信扫一扫<br>关注该公众号</p></div>
<div id="js_pc_qr_code"><p>继续滑动看下一个</p><p>轻触阅读原文</p></div>
</div></div></div>
</body></html>
"""
    url = "https://mp.weixin.qq.com/s/AbCdEfGhIjKlMnOp"
    exp = record(
        url,
        WECHAT,
        title=title,
        published_at="2024-05-24T19:00:00+08:00",
        source="区总工会",
        editor="孙悦",
        site_name="微信公众平台",
        language="zh",
        images=[{"url": "https://mmbiz.qpic.sample.cn/mmbiz_jpg/abc123/640?wx_fmt=jpeg", "caption": None}],
    )
    return Spec(
        "wechat",
        "health_checks",
        url,
        page,
        exp,
        WECHAT,
        notes="WeChat official-account article: body hidden until script runs, date only in a script variable",
    )


PRESS: list[Para] = [
    (
        "p",
        "WASHINGTON, D.C. \u2014 Today, the National Federation of Teachers released the following statement after the Senate passed legislation to expand public service loan forgiveness:",
    ),
    (
        "p",
        "\u201cThis vote is a victory for the millions of educators, nurses and public servants who were promised relief and then left waiting for years.",
    ),
    (
        "p",
        "\u201cWe thank the senators who stood with working people, and we urge the House to act quickly so that this promise is finally kept.\u201d",
    ),
    (
        "p",
        "The National Federation of Teachers represents 1.7 million members in more than 3,000 local affiliates nationwide.",
    ),
]


def press_release() -> Spec:
    title = "Teachers Union Applauds Senate Vote on Loan Forgiveness"
    body = "\n".join(f"<p>{esc(t)}</p>" for _, t in PRESS)
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | National Federation of Teachers</title>
<meta name="description" content="Statement on the Senate vote.">
<meta property="og:site_name" content="National Federation of Teachers"></head>
<body class="node-type-press-release">
<div id="header"><a class="logo" href="/">National Federation of Teachers</a>
<ul class="menu"><li><a href="/about">About</a></li><li><a href="/news">Newsroom</a></li><li><a href="/join">Join</a></li><li><a href="/donate">Donate</a></li></ul></div>
<div id="main-content">
<div class="press-release">
<p class="release-type">FOR IMMEDIATE RELEASE</p>
<h1 class="title">{title}</h1>
<div class="release-meta"><p>Contact: Pat Jones, 202-555-0147</p><p class="date">November 14, 2023</p></div>
<div class="field-body">
{body}
<p style="text-align:center">###</p>
</div>
</div>
</div>
<div id="footer"><p>National Federation of Teachers, 555 New Jersey Ave. NW, Washington, DC 20001</p><p>&copy; 2023 All rights reserved</p></div>
</body></html>
"""
    url = "https://www.nft.sample.org/press-releases/teachers-union-applauds-senate-vote-loan-forgiveness"
    exp = record(
        url, PRESS, title=title, published_at="2023-11-14", site_name="National Federation of Teachers", language="en"
    )
    return Spec(
        "press",
        "loan_forgiveness",
        url,
        page,
        exp,
        PRESS,
        notes="union press release: release-type line, contact line, ### end mark",
    )


def web_specs() -> list[Spec]:
    return [
        ledger(),
        wire(),
        wp_blog(),
        people(),
        xinhua(),
        govcn(),
        sina(),
        div_soup(),
        county(),
        extended_reading(),
        interview(),
        wechat(),
        press_release(),
    ]
