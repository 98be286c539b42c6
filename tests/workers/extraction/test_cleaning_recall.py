"""Cleaning keeps the article's own text: lines after inline or centred images, tables whose cells hold words
like "Comment", and a later section that repeats a few lines of an earlier one."""

from __future__ import annotations

import pytest
from lxml import html

from workers.extraction import extract_record
from workers.extraction.blocks import segment
from workers.extraction.field_resolution import date_line
from workers.extraction.items import Item, _dedupe, to_items
from workers.extraction.metadata import read_head
from workers.extraction.noise import is_consent_notice, is_photo_credit
from workers.extraction.normalize import squash
from workers.extraction.paragraphs import CleanContext, clean_blocks

URL = "http://news.example.org/2024/05/strike.html"
LEAD = [
    "Workers at the regional depot voted on Tuesday to accept the new pay offer after talks that ran all night.",
    "The union said the agreement raises wages for every grade and restores the overtime rates cut last year.",
    "Management confirmed the deal and said deliveries would return to the normal timetable by the weekend.",
]


def page(body: str, title: str = "Depot workers accept pay offer") -> str:
    paras = "".join(f"<p>{p}</p>" for p in LEAD)
    return (
        f"<html><head><title>{title}</title></head><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>{title}</h1>{paras}{body}</article>"
        "<footer><p>Copyright 2024 Example News. All rights reserved.</p></footer></body></html>"
    )


def items_of(fragment: str) -> list[Item]:
    """The cleaning pass alone (no vote) over an article fragment: which lines become captions."""
    root = html.document_fromstring(f"<html><body><article>{fragment}</article></body></html>")
    blocks, _ = segment(root.find("body"))
    kept = clean_blocks(blocks, CleanContext())
    return to_items(kept, CleanContext(), lambda img: img.get("src"), lambda img: None)


def test_text_after_an_inline_image_continues_the_sentence() -> None:
    body = (
        "<p>The ballot result, where <img src='/math/f1.png' alt='x'> denotes the share of members voting, "
        "shows that turnout rose sharply compared with the previous ballot held in the spring.</p>"
    )
    text = extract_record(page(body), URL).body_text
    assert "denotes the share of members voting" in text


def test_centred_lines_after_images_are_paragraphs_when_the_article_centres_every_line() -> None:
    lines = [
        "The picket line formed before dawn at the main gate of the depot near the river",
        "By noon more than two hundred members had joined and the mood was calm and determined",
        "Drivers from the neighbouring site brought tea and sandwiches for everyone on the line",
        "In the evening the stewards read out the offer and members cheered the result together",
    ]
    body = "".join(
        f"<p style='text-align: center;'><img src='/photos/{n}.jpg'></p><p style='text-align: center;'>{line}</p>"
        for n, line in enumerate(lines)
    )
    centred = "".join(f"<p style='text-align: center;'>{p}</p>" for p in LEAD)
    html = page(body).replace("".join(f"<p>{p}</p>" for p in LEAD), centred)
    text = extract_record(html, URL).body_text
    for line in lines:
        assert line in text


def test_a_short_centred_line_after_an_image_is_still_its_caption_in_a_left_aligned_article() -> None:
    body = "<p><img src='/photos/gate.jpg'></p><p style='text-align: center;'>The main gate at dawn</p>"
    items = items_of("".join(f"<p>{p}</p>" for p in LEAD) + body)
    assert [(i.kind, i.caption) for i in items if i.kind == "img"] == [("img", "The main gate at dawn")]
    assert "The main gate at dawn" not in [i.text for i in items]


def test_a_table_cell_named_like_a_comments_heading_does_not_end_the_article() -> None:
    rows = "".join(
        f"<tr><td><p>{state}</p></td><td><p>Moved to {state} after the worker reported progress to the queue.</p></td>"
        "</tr>"
        for state in ("enqueued", "claimed", "processing", "success", "retriable failure")
    )
    body = (
        "<p>The table below lists every state of the task and what the controller does with it.</p>"
        f"<table><tr><th><p>State</p></th><th><p>Comment</p></th></tr>{rows}</table>"
    )
    text = extract_record(page(body), URL).body_text
    assert "Moved to retriable failure after the worker reported progress" in text


def test_a_few_repeated_lines_in_a_later_section_stay() -> None:
    first = [Item("p", f"Line {n} of the first section, long enough to count as text.") for n in range(6)]
    repeated = [Item("p", first[n].text) for n in (3, 4)]
    later = [Item("p", f"Line {n} of the second section, long enough to count as text.") for n in range(6)]
    items = [*first, *later[:3], *repeated, *later[3:]]
    assert _dedupe(items) == items


def test_a_sentence_that_links_most_of_its_words_stays_but_teasers_and_read_also_lines_go() -> None:
    body = (
        "<p><a href='/2024/04/ballot.html'>Members had rejected two earlier offers in ballots held in March and"
        " April, saying they did</a> not keep pace with prices.</p>"
        "<p>Read also: <a href='/2024/03/talks.html'>Talks resume at the depot as the union sets a new deadline</a></p>"
        "<p><a href='/2024/02/other.html'>Council cuts bus routes across the county after budget vote</a></p>"
    )
    body += (
        "<p><a href='/wiki/ballot'>The first national ballot under the new law</a> was held in"
        " <a href='/wiki/1984'>the spring of 1984</a>.[4]</p>"
    )
    text = extract_record(page(body), URL).body_text
    assert "Members had rejected two earlier offers" in text
    assert "The first national ballot under the new law was held in the spring of 1984" in text
    assert "Talks resume at the depot" not in text
    assert "Council cuts bus routes" not in text


def test_a_short_label_repeated_between_paragraphs_goes_but_repeated_table_values_stay() -> None:
    more = [
        "Stewards said the strike fund had covered every member who lost pay during the three days of action.",
        "The regional secretary thanked drivers from the other sites who had refused to cross the picket line.",
        "A final meeting on the new rota is planned for next month, when the two sides will review the overtime.",
        "Members at the second depot will vote on a matching offer later in the year, the union confirmed today.",
    ]
    body = "".join(f"<div class='label'>Article content</div><p>{p}</p>" for p in more)
    rows = "".join(f"<tr><td><p>Depot {n}</p></td><td><p>accepted</p></td></tr>" for n in range(5))
    body += f"<p>The results by depot were as follows for every site that balloted.</p><table>{rows}</table>"
    text = extract_record(page(body), URL).body_text
    assert "Article content" not in text
    assert all(p in text for p in more)
    assert text.count("accepted") == 5


def test_photo_credit_lines() -> None:
    for line in (
        "Members on the picket line at dawn. Photo: Jane Doe/PA",
        "Union leaders met the minister on Monday (Image: Getty)",
        "Andrea Verdelli/Getty Images",
        "Foto: AFP",
        "Der Streik dauerte drei Tage. Foto: dpa",
        "Ammar Awad / Reuters",
        "Legende: Streikende vor dem Werkstor. SRF",
        "The general secretary only stayed at the rally for about an hour. AP",
        "集会で発言する組合の委員長＝13日、東京都千代田区で（代表撮影）",
        "Members cheer the result at the depot, Monday, Sept. 2, 2024, in Pittsburgh. (AP Photo/Jane Doe)",
    ):
        assert is_photo_credit(line), line
    for line in (
        "The union said the photo was taken at the rally: it shows thousands of members marching.",
        "Workers told Reuters the offer was the best in a decade.",
        "The vote was 60/40 in favour, the union told AP",
        "The result was confirmed to AP.",
        "組合は写真の撮影を許可した。",
        "市总工会近日召开职工代表座谈会。（图：记者 张三 摄）",
        "A photo (AP Photo/Jane Doe) of the rally went round the world, and the union printed it on its banners.",
    ):
        assert not is_photo_credit(line), line


def test_a_credit_line_without_its_image_leaves_the_body_but_a_credit_after_an_image_is_its_caption() -> None:
    body = (
        "<p>Members on the picket line at dawn outside the main gate. Photo: Jane Doe/PA</p>"
        "<p>The regional secretary said members had shown how strong they are when they stand together.</p>"
        "<figure><img src='/photos/rally.jpg'>"
        "<figcaption>The rally in the square. Photo: John Roe/PA</figcaption></figure>"
    )
    items = items_of("".join(f"<p>{p}</p>" for p in LEAD) + body)
    texts = " ".join(i.text for i in items)
    assert "Jane Doe" not in texts and "John Roe" not in texts and "stand together" in texts
    assert [i.caption for i in items if i.kind == "img"] == ["The rally in the square. Photo: John Roe/PA"]


def test_a_most_read_box_in_the_middle_does_not_end_the_article_but_a_related_section_at_the_end_does() -> None:
    box = "".join(
        f"<li><a href='/2024/05/{n}.html'>Another story number {n} from the sports desk</a></li>" for n in range(5)
    )
    after = [
        "Speaking after the vote, the branch secretary said members had stood firm for the whole of the dispute.",
        "She added that the union would now turn to the pension scheme, which closes to new members next year.",
    ]
    before = [
        "The ballot closed at noon on Friday and the count was overseen by an independent scrutineer.",
        "Turnout was the highest the branch has recorded, with more than four in five members taking part.",
        "Officials from both sides met again on Monday to agree how the new rates will be introduced.",
    ]
    body = (
        "".join(f"<p>{p}</p>" for p in before)
        + f"<div class='most-read'><h2>Most read in Sport</h2><ul>{box}</ul></div>"
        + "".join(f"<p>{p}</p>" for p in after)
        + "<div class='more'><h3>Related articles</h3>"
        "<p>Bus drivers in the north of the county will also be balloted over pay, their union said.</p></div>"
    )
    text = extract_record(page(body), URL).body_text
    assert all(p in text for p in after)
    assert "Bus drivers in the north" not in text


@pytest.mark.parametrize(
    "line",
    ["Stand: 22.04.2024, 06:00 Uhr", "Publicerad 23 okt 2025 kl 10.23", "Published November 18, 2024 9:26pm"],
)
def test_a_publication_line_in_any_language_above_the_article_is_not_text(line: str) -> None:
    body = page("").replace(
        "<article><h1>Depot workers accept pay offer</h1>",
        f"<article><h1>Depot workers accept pay offer</h1><div>{line}</div>",
    )
    assert line not in extract_record(body, URL).body_text


def test_a_short_dated_sentence_in_the_article_stays() -> None:
    body = "<p>Talks resume on 12.06.2024 at 10:00.</p>"
    assert "Talks resume on 12.06.2024 at 10:00." in extract_record(page(body), URL).body_text


@pytest.mark.parametrize(
    "line",
    [
        "Sign up for our weekly politics newsletter to get it in your inbox every Monday.",
        "Für den täglichen Newsletter sind Sie hier richtig – hier entlang.",
        "Mit meiner Anmeldung zum Newsletter stimme ich der Werbevereinbarung zu.",
        "Sign In or Create an Account",
        "Sign up for breaking news, reviews, opinion and more.",
        "Follow Example News on Google News to get our reporting in your feeds.",
        "Fehler gefunden? Jetzt melden.",
        "Mehr lesen über",
        "Il vous reste 57.09% de cet article à lire. La suite est réservée aux abonnés.",
        "有料会員になると会員限定の有料記事もお読みいただけます。",
        "【キャンペーン】有料記事読み放題！今なら2カ月間月額100円！詳しくはこちら",
        "Hat Ihnen dieser Artikel gefallen? Dann unterstützen Sie uns bitte mit einer Spende.",
        "Did you enjoy this article? Support our reporting with a monthly gift.",
        "Unabhängiger Journalismus braucht deine Unterstützung.",
        "Der Morgen-Newsletter informiert Sie montags bis freitags über das Wichtigste vom Tag.",
    ],
)
def test_a_call_to_action_of_the_site_in_the_article_is_not_text(line: str) -> None:
    text = extract_record(page(f"<p>{line}</p>"), URL).body_text
    assert line not in text and LEAD[-1] in text


@pytest.mark.parametrize(
    "line",
    [
        "The branch newsletter reported last month that membership had grown by a third since the strike began.",
        "The editor asked readers whether independent journalism needs your support, and hundreds wrote back.",
    ],
)
def test_an_article_sentence_about_a_newsletter_or_support_stays(line: str) -> None:
    assert line in extract_record(page(f"<p>{line}</p>"), URL).body_text


def test_an_article_without_punctuation_leaves_the_header_and_keeps_its_relative_date_lines() -> None:
    lines = [
        "一波波低温寒流报到 山区一带层层山峦披上嫣红的彩衣",
        "道路一路上云气山岚滞留山头 顺路下切蜿蜒道路后不久即抵达小学",
        "偌大枫香树早已呈现金黄 泛红色彩也是爱摄人士所喜爱造访之地",
        "第二次造访发现营区变了 印象中以前生冷招牌换成了原木招牌",
        "熏黑原木加上金黄色醒目字体 加上了猫头鹰原木创作也充分发挥了装饰功力",
        "营区内除了露营民宿餐饮赏枫项目多了许多原木饰品",
        "昨天细雨纷飞依然打落了不少落叶中间这株整个都快变成枯枝了",
        "枫红时期枫香树由绿转黄转红到枫红层层 很多游客专程前来",
    ]
    items = items_of("".join(f"<p>{line}</p>" for line in lines))
    assert [i.text for i in items] == lines


def test_a_members_only_notice_ends_the_article_with_the_sign_up_offer_after_it() -> None:
    article = [
        "労働組合は１３日、賃上げ交渉の結果を発表した。組合員の基本給は平均で５％引き上げられる。",
        "委員長は記者会見で「組合員の団結が成果につながった」と述べ、来年の交渉にも意欲を示した。",
        "会社側も合意を確認し、新しい賃金は来月から適用されると説明した。",
    ]
    offer = ["この記事は会員限定です。", "無料で会員登録できます。", "会員向け記事が読み放題", "最新情報をお届け"]
    items = items_of("".join(f"<p>{line}</p>" for line in article + offer))
    assert [i.text for i in items] == article


def test_a_caption_the_structured_data_gives_a_picture_leaves_the_body_unless_it_captions_the_image() -> None:
    caption = "Members gather outside the depot gate at dawn on the first day of the strike"
    # the photo is lazy-loaded (no src), so its caption would otherwise stand alone between paragraphs
    body = (
        f"<p>{LEAD[0]}</p><div class='media'><picture><img data-src='/p/1.jpg'></picture><p>{caption}</p></div>"
        f"<p>{LEAD[1]}</p><figure><img src='/p/2.jpg'><figcaption>{caption}</figcaption></figure><p>{LEAD[2]}</p>"
    )
    root = html.document_fromstring(f"<html><body><article>{body}</article></body></html>")
    blocks, _ = segment(root.find("body"))
    ctx = CleanContext(image_captions=frozenset({squash(caption)}))
    items = to_items(clean_blocks(blocks, ctx), ctx, lambda img: img.get("src"), lambda img: None)
    assert [i.text for i in items if i.kind == "p"] == LEAD
    assert [i.caption for i in items if i.kind == "img"] == [caption]


def test_image_captions_come_from_every_image_object_but_not_from_the_page_description() -> None:
    lead = "Workers at the regional depot voted on Tuesday to accept the new pay offer after talks that ran all night"
    ld = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Depot workers accept pay offer",'
        f' "image": [{{"@type": "ImageObject", "url": "/p/1.jpg", "caption": "The picket line at dawn"}},'
        f' {{"@type": "ImageObject", "url": "/p/2.jpg", "description": "{lead}."}}]}}</script>'
        '<script type="application/ld+json">{"@type": "ImageObject", "name": "Stewards count the ballots"}</script>'
    )
    head = read_head(html.document_fromstring(f"<html><head>{ld}</head><body></body></html>"), URL)
    assert set(head.image_captions) == {"The picket line at dawn", f"{lead}.", "Stewards count the ballots"}
    # a page that describes its lead picture with its own lead paragraph keeps that paragraph
    page_html = page("").replace("<head>", f"<head><meta name='description' content='{lead}.'>{ld}")
    assert LEAD[0] in extract_record(page_html, URL).body_text


def test_a_figcaption_whose_picture_is_gone_leaves_the_body_but_a_quote_set_in_a_figure_stays() -> None:
    quote = "We have shown what members can win when they stand together, and we will do it again."
    body = (
        f"<p>{LEAD[0]}</p><figure><img data-src='/p/1.jpg'><figcaption>Members at the gate on Monday. "
        "The picket lasted three days and ended with the vote.</figcaption></figure>"
        f"<p>{LEAD[1]}</p><figure><img src='/p/2.jpg'><figcaption>The count</figcaption></figure>"
        f"<p>{LEAD[2]}</p><figure class='quote'><blockquote><p>{quote}</p></blockquote></figure>"
    )
    items = items_of(body)
    assert [i.text for i in items if i.kind != "img"] == [*LEAD, quote]
    assert [i.caption for i in items if i.kind == "img"] == ["The count"]


def test_a_paragraph_that_opens_with_a_picture_keeps_its_text_but_a_line_after_a_break_is_the_caption() -> None:
    opening = "Depot workers voted on Tuesday to accept the offer, the union's regional office said."
    items = items_of(
        f"<p><img src='/p/1.jpg'><strong>Depot workers</strong>{opening[13:]}</p>"
        "<p><img src='/p/2.jpg'><br>The count at the depot</p>"
        "<p style='text-align: center'><img src='/p/3.jpg'><span>图为计票现场</span></p>"
    )
    assert [i.text for i in items if i.kind == "p"] == [opening]
    assert [i.caption for i in items if i.kind == "img"] == [None, "The count at the depot", "图为计票现场"]


@pytest.mark.parametrize(
    "line", ["2025年1月14日 01時28分 (1月14日 01時40分更新)", "2024年5月3日 08时15分（更新于5月3日 09时02分）"]
)
def test_a_cjk_date_line_with_its_update_stamp_above_the_article_is_not_text(line: str) -> None:
    assert date_line(line)


@pytest.mark.parametrize("line", ["1月14日に発表した計画を見直す。", "2025年1月14日，国务院召开常务会议部署工作。"])
def test_a_cjk_sentence_that_opens_with_a_date_is_not_a_date_line(line: str) -> None:
    assert not date_line(line)


def test_an_embedded_social_post_is_not_the_article_s_text_but_a_quotation_is() -> None:
    post = "Proud of every member who stood on the picket line this week. Solidarity wins!"
    quote = "We have shown what members can win when they stand together, and we will do it again."
    items = items_of(
        f"<p>{LEAD[0]}</p><blockquote class='twitter-tweet'><p lang='en'>{post}</p>"
        "— Depot Union (@depotunion) <a href='https://twitter.com/x/status/1'>May 3, 2024</a></blockquote>"
        f"<p>{LEAD[1]}</p><blockquote><p>{quote}</p></blockquote><p>{LEAD[2]}</p>"
    )
    assert [i.text for i in items] == [LEAD[0], LEAD[1], quote, LEAD[2]]


@pytest.mark.parametrize(
    "line",
    [
        "Personenbezogene Daten können an Drittplattformen übermittelt werden. Mehr dazu im Datenschutz.",
        "An dieser Stelle finden Sie einen externen Inhalt. Sie können ihn mit einem Klick anzeigen lassen.",
        "Please accept all cookies to view this content from our partners.",
    ],
)
def test_the_placeholder_of_embedded_content_waiting_for_consent_is_not_text(line: str) -> None:
    assert is_consent_notice(line)


@pytest.mark.parametrize(
    "line",
    [
        "Die Aufsicht verlangt, dass Anbieter externe Inhalte nur nach Zustimmung laden.",
        "The regulator said sites must ask readers to accept cookies before tracking them.",
    ],
)
def test_an_article_sentence_about_consent_stays(line: str) -> None:
    assert not is_consent_notice(line)


def kept_text(fragment: str) -> list[str]:
    """The cleaning pass alone (no vote) over an article fragment: the text lines it keeps."""
    return [i.text for i in items_of(fragment) if i.kind != "img"]


def test_a_linked_headline_above_its_own_summary_stays() -> None:
    teaser = (
        "<div class='card'><h3>Guest essay</h3><h2><a href='/2024/05/ballot.html'>Why the ballot went our way</a></h2>"
        "<img src='/thumbs/ballot.jpg'><p>Members at the depot explain what changed their minds in the last week of "
        "talks, and what they expect from the next round.</p></div>"
    )
    assert kept_text(teaser) == [
        "Guest essay",
        "Why the ballot went our way",
        "Members at the depot explain what changed their minds in the last week of talks, and what they expect "
        "from the next round.",
    ]


@pytest.mark.parametrize(
    "fragment",
    [
        # a bold link line between the article's paragraphs is a promotion, not a headline
        "<div><p>The strike began at dawn and lasted until the evening shift arrived.</p>"
        "<p><strong><a href='/app'>GET THE NEWS APP</a></strong></p>"
        "<p>Pickets said they would return on Monday if no offer was made.</p></div>",
        # a linked heading over a list of links heads nothing the article says
        "<div><h2><a href='/more'>More from the union</a></h2><ul><li><a href='/a'>Pay talks resume today</a></li>"
        "<li><a href='/b'>Depot ballot opens soon</a></li></ul></div>"
        "<p>The strike began at dawn and lasted until the evening shift arrived.</p>",
        # the text after it stands in another container: a link list's last line, not a headline over it
        "<div><h2><a href='/more'>More from the union</a></h2></div>"
        "<div><p>The strike began at dawn and lasted until the evening shift arrived.</p></div>",
    ],
)
def test_a_link_line_that_heads_no_text_of_its_own_goes(fragment: str) -> None:
    kept = kept_text(fragment)
    assert not any(line in kept for line in ("GET THE NEWS APP", "More from the union"))
    assert "The strike began at dawn and lasted until the evening shift arrived." in kept


def test_the_box_about_the_writer_under_the_article_is_not_its_text() -> None:
    fragment = "".join(f"<p>{p}</p>" for p in LEAD) + (
        "<div class='author__bio-wrapper'><div class='author__biography'><p>Sam Reed covers labour and the "
        "transport unions for Example News. Follow Sam on Twitter @samreed.</p></div></div>"
    )
    assert kept_text(fragment) == LEAD


def test_a_byline_in_an_author_box_still_names_the_author() -> None:
    body = "<div class='author-info'><span>By Sam Reed</span></div>"
    record = extract_record(page(body), URL)
    assert record.authors == ["Sam Reed"]


def test_a_profile_whose_whole_text_is_named_bio_stays() -> None:
    long_bio = " ".join(LEAD * 6)
    fragment = f"<div class='bio'><p>{long_bio}</p><p>She was elected general secretary in 2019.</p></div>"
    assert "She was elected general secretary in 2019." in kept_text(fragment)
