"""The main-content vote: members' texts projected onto our blocks, confidence, bounds, and the record it yields."""

from __future__ import annotations

from lxml import html

from workers.extraction import extract_record
from workers.extraction.blocks import boilerplate_elements, segment
from workers.extraction.ensemble import Output, _furniture_of_others, _holes, standfirst, tokens
from workers.extraction.items import Item, _dedupe
from workers.extraction.members import MAX_CHARS, Member, PageInput, run_member

PARAS = [
    "The union and the hospital trust agreed a new contract on Monday after three months of talks.",
    "Nurses will get a pay rise of five percent this year and a further three percent next year.",
    "The agreement also limits compulsory overtime and funds two hundred new posts on the wards.",
    "Members will vote on the offer in a ballot that closes at the end of the month, the union said.",
]
COMMENTS = [f"Reader {n} wrote: I think this deal is not enough for the people who work nights." for n in range(6)]


def page(paras: list[str] = PARAS, comments: list[str] = COMMENTS) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paras)
    thread = "".join(f"<li><p>{c}</p></li>" for c in comments)
    return (
        f"<html><head><title>Nurses agree contract</title></head><body><nav><a href='/'>Home</a></nav>"
        f"<article><h1>Nurses agree contract</h1>{body}</article><section class='comments'><h2>Comments</h2>"
        f"<ol>{thread}</ol></section><footer>Copyright 2024</footer></body></html>"
    ).encode()


def test_tokens_count_every_cjk_character() -> None:
    assert tokens("工会 News, 2024!") == ["工", "会", "news", "2024"]


def test_a_block_is_in_a_member_output_by_most_of_its_shingles() -> None:
    out = Output.of("one two three four five six seven. Short line")
    toks = tokens("two three four five six eight")
    grams = [tuple(toks[i : i + 4]) for i in range(len(toks) - 3)]
    assert out.covers(toks, grams)  # 2 of 3 shingles
    assert out.covers(["short", "line"], []) and not out.covers(["line", "short"], [])


def test_members_agree_on_a_plain_article_and_the_record_is_confident() -> None:
    record = extract_record(page(), "http://news.example.test/a/1.html")
    assert record.body_text.split("\n\n") == PARAS
    assert record.confidence is not None and record.confidence >= 0.8
    assert "low_confidence" not in record.flags


def test_the_flag_follows_the_threshold() -> None:
    record = extract_record(page(), "http://news.example.test/a/1.html")
    flagged = extract_record(page(), "http://news.example.test/a/1.html", low_confidence_below=record.confidence + 0.01)
    assert "low_confidence" in flagged.flags and flagged.body_text == record.body_text


def test_a_failing_member_has_no_voice() -> None:
    def broken(_: PageInput) -> str:
        raise ValueError("member bug")

    root = html.document_fromstring(page().decode())
    assert run_member(Member("broken", broken), PageInput(page().decode(), root, "")) is None


def test_members_are_not_given_pages_beyond_their_bound() -> None:
    calls: list[int] = []
    member = Member("counting", lambda p: calls.append(1) or "text", reads_tree=False)
    big = PageInput("x" * (MAX_CHARS + 1), html.document_fromstring("<p>x</p>"), "")
    assert run_member(member, big) is None and not calls


def test_a_second_copy_of_the_text_goes_but_a_repeated_paragraph_stays() -> None:
    a, b, c = (Item("p", f"{w} paragraph that is long enough to count as text.") for w in ("First", "Second", "Third"))
    copy = [Item("p", i.text) for i in (a, b, c)]
    assert [i.text for i in _dedupe([a, b, c, *copy])] == [a.text, b.text, c.text]
    assert len(_dedupe([a, Item("p", a.text), Item("p", a.text)])) == 3


def test_the_standfirst_is_the_block_below_the_headline_the_page_description_repeats() -> None:
    lead = "Nurses at the city hospital have a new contract after three months of talks with the trust."
    teaser = "Nurses in the north of the county will vote on a similar offer from their trust next week."
    fragment = (
        "<header><h1>Nurses agree contract</h1><p>12 May 2024</p><p class='standfirst'>London. "
        f"{lead}</p></header>" + "".join(f"<p>{p}</p>" for p in PARAS) + f"<aside><p>{teaser}</p></aside>"
    )
    root = html.document_fromstring(f"<html><body><article>{fragment}</article></body></html>")
    blocks, _ = segment(root.find("body"))
    headline = next(b.index for b in blocks if b.text == "Nurses agree contract")
    kept = [b for b in blocks if b.text in PARAS]
    found = standfirst(blocks, kept, [lead], headline)
    assert found is not None and found.text == f"London. {lead}"
    assert standfirst(blocks, [found, *kept], [lead], headline) is found  # the vote kept it already
    edited = "Nurses at the city hospital have a new contract after three months of talks with the hospital trust."
    assert standfirst(blocks, kept, [edited], headline) is found  # the description as an editor reworded it
    # a description that repeats a teaser below the text, or is too short to be a summary, finds none
    assert standfirst(blocks, kept, [teaser], headline) is None
    assert standfirst(blocks, kept, ["Nurses at the city hospital"], headline) is None


def test_the_standfirst_is_found_above_the_text_when_the_headline_found_is_a_copy_in_a_menu() -> None:
    lead = "Nurses at the city hospital have a new contract after three months of talks with the trust."
    menu = "".join(f"<li><a href='/{n}'>{n}</a></li>" for n in ("News", "Health", "Sport", "Jobs", "Weather"))
    fragment = (
        f"<nav><p>Nurses agree contract</p><ul>{menu}{menu.replace('/', '/more/')}</ul></nav>"
        f"<article><h2>Nurses agree contract</h2><p>{lead}</p>" + "".join(f"<p>{p}</p>" for p in PARAS) + "</article>"
    )
    root = html.document_fromstring(f"<html><body>{fragment}</body></html>")
    blocks, _ = segment(root.find("body"))
    menu_copy = next(b.index for b in blocks if b.text == "Nurses agree contract")
    kept = [b for b in blocks if b.text in PARAS]
    found = standfirst(blocks, kept, [lead], menu_copy)
    assert found is not None and found.text == lead
    # a line that restates the description far from both the headline and the text is not the standfirst
    far = html.document_fromstring(
        f"<html><body><nav><p>Nurses agree contract</p><ul>{menu}{menu}</ul></nav><aside><p>{lead}</p></aside>"
        f"<ul>{menu}{menu}</ul><article><h2>Nurses agree contract</h2>"
        + "".join(f"<p>{p}</p>" for p in PARAS)
        + "</article></body></html>"
    )
    blocks, _ = segment(far.find("body"))
    kept = [b for b in blocks if b.text in PARAS]
    assert standfirst(blocks, kept, [lead], 0) is None


def test_a_deck_that_is_the_standfirst_stays_in_the_text_and_is_the_subtitle_too() -> None:
    deck = "Nurses at the city hospital have a new contract after three months of talks with the trust."
    body = "".join(f"<p>{p}</p>" for p in PARAS)
    doc = (
        "<html><head><title>Nurses agree contract</title><meta name='description' content='{d}'></head><body>"
        "<article><h1>Nurses agree contract</h1><h2>{deck}</h2>{body}</article></body></html>"
    )
    record = extract_record(doc.format(d=deck, deck=deck, body=body).encode(), "http://news.example.org/a.html")
    assert record.subtitle == deck and record.body_text.startswith(deck)
    # a deck the description does not repeat is the subtitle alone
    other = "The hospital trust confirmed the agreement on Monday and thanked the union negotiators."
    record = extract_record(doc.format(d=other, deck=deck, body=body).encode(), "http://news.example.org/a.html")
    assert record.subtitle == deck and deck not in record.body_text


def test_a_line_our_pass_took_between_two_kept_sibling_paragraphs_is_kept_but_not_one_in_another_box() -> None:
    fragment = (
        f"<div class='text'><p>{PARAS[0]}</p><p>Tariffs by region:</p><p>{PARAS[1]}</p>"
        f"<div class='promo'><p>Our newsletter</p></div><p>{PARAS[2]}</p><p>Share this</p><p>{PARAS[3]}</p></div>"
    )
    root = html.document_fromstring(f"<html><body>{fragment}</body></html>")
    blocks, _ = segment(root.find("body"))
    index = {b.text: b.index for b in blocks}
    kept = {index[p] for p in PARAS}
    ours = kept | {index["Tariffs by region:"], index["Our newsletter"]}
    assert _holes(blocks, kept, ours) == {index["Tariffs by region:"]}


def test_list_furniture_only_the_other_voices_took_goes_once_ours_is_confirmed() -> None:
    teaser = "金融委召开会议，部署了一系列金融领域下一步的重点工作。"
    fragment = (
        f"<div class='txt_con'><p>{PARAS[0]}</p></div>"
        f"<div class='tuijian'><h2>为你推荐</h2><dl><dd class='exp'>{teaser}</dd>"
        "<dd class='sj'>2019-09-30 07:42</dd></dl>"
        f"<p>{PARAS[1]}</p></div>"
    )
    root = html.document_fromstring(f"<html><body>{fragment}</body></html>")
    body = root.find("body")
    blocks, _ = segment(body, boilerplate_elements(body, 10_000))
    index = {b.text: b.index for b in blocks}
    ours = {index[PARAS[0]]}
    kept = ours | {index[teaser], index["2019-09-30 07:42"], index[PARAS[1]]}
    # the teaser list goes; a paragraph in the same box stays the model's decision
    assert _furniture_of_others(blocks, kept, ours) == {index[teaser], index["2019-09-30 07:42"]}
    # when the model did not keep all of ours, ours is not trusted to say what the article is
    assert _furniture_of_others(blocks, kept - ours, ours) == set()
    assert _furniture_of_others(blocks, kept, set()) == set()
    # a list inside the element that holds our text may be the article's own: it stays
    ours_wide = ours | {index[PARAS[1]]}
    assert _furniture_of_others(blocks, kept, ours_wide) == set()
