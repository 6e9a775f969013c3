"""Forum threads, written here in the shapes forum software prints them in: each post a
container of its author's card and its body, the bodies printed by one template. When
the opening post is long and the replies short, the opening post's body wins the main
content alone; the replies are printed by the same template and are the thread too."""

from __future__ import annotations

from tracker.extraction import extract, page_blocks
from tracker.model import Document, StripReason

OPENING = [
    "I am choosing between two closed headphones for editing audio at home, and I would "
    "like to hear from people who have used either of them for long sessions, of six "
    "hours or more, since comfort matters to me as much as the sound itself.",
    "The first is lighter, with softer pads, but reviews say its bass is loose; the second "
    "is heavier and clamps harder, though everybody praises how flat and honest it sounds, "
    "which is what I need for mixing dialogue and music for small video projects.",
    "My budget is about three hundred, I wear glasses, and the room is quiet, so isolation "
    "is less important than accuracy and comfort. Any experience with either is welcome.",
]
TITLE = "Closed headphones for editing"
REPLIES = [
    "I have the heavier pair: the clamp eases after a month and the sound is worth it.",
    "With glasses, try them in a shop first; the lighter pads were kinder to my temples.",
]


def _post(author: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    return (
        '<article class="message"><div class="message-cell message-cell--user">'
        f'<a href="/members/{author}">{author}</a></div>'
        '<div class="message-cell message-cell--main">'
        f'<div class="message-content"><div class="message-body js-quote">{body}</div></div>'
        '<footer class="message-footer"><a href="#">Like</a> <a href="#">Reply</a></footer>'
        "</div></article>"
    )


def _thread_page(posts: str, before: str = "", after: str = "") -> str:
    """The thread's page: its title, then ``posts`` under the heading in ``<main>``, with
    ``before`` and ``after`` the main content (a menu, a footer)."""
    return (
        f"<html><head><title>{TITLE}</title></head><body>{before}"
        f"<main><h1>{TITLE}</h1>{posts}</main>{after}</body></html>"
    )


def _every_post_kept(doc: Document) -> str:
    """The text ``doc`` keeps, which must hold the opening post and both replies."""
    kept = "\n".join(block.text for block in doc.blocks)
    assert all(text in kept for text in OPENING + REPLIES)
    return kept


def test_a_threads_short_replies_printed_by_the_opening_posts_template_are_kept() -> None:
    posts = _post("ana", OPENING) + "".join(
        _post(author, [text]) for author, text in zip(("ben", "chloe"), REPLIES, strict=True)
    )
    page = _thread_page(
        f'<div class="block-body">{posts}</div>',
        before='<nav><a href="/">Forums</a> <a href="/audio">Audio</a></nav>',
        after="<footer>© Audio forum</footer>",
    )
    doc = extract(page)
    kept = _every_post_kept(doc)
    assert "Forums" not in kept and "Audio forum" not in kept


def test_a_threads_replies_too_short_for_prose_are_kept_with_the_long_ones() -> None:
    """A reply of a few words ("Thanks, the heavier pair it is.") holds no prose to score,
    but the template that printed the thread's longer posts printed it, framed as they are:
    it is a post too; a line of the bodies' class framed otherwise (a page builder's text
    box in another widget) stays out."""
    short = "Thanks both, the heavier pair it is."
    posts = (
        _post("ana", OPENING)
        + "".join(
            _post(author, [text]) for author, text in zip(("ben", "chloe"), REPLIES, strict=True)
        )
        + _post("ana", [short])
    )
    online = (
        '<div class="block-footer"><div class="message-content">'
        '<div class="message-body js-quote"><p>3 members online now.</p></div></div></div>'
    )
    doc = extract(_thread_page(f'<div class="block-body">{posts}</div>{online}'))
    kept = _every_post_kept(doc).split("\n")
    assert short in kept
    assert "3 members online now." not in kept


def test_a_sidebar_printed_by_another_template_stays_out() -> None:
    """Only the same tag and class attribute is the same template: a sidebar's teaser of
    another thread is not a reply."""
    teaser = (
        "Which open headphones for a small studio? A long discussion of open designs, "
        "their sound stage, and why they leak too much for recording vocals in the room."
    )
    page = (
        "<html><body><main>"
        f'<div class="posts">{_post("ana", OPENING)}</div>'
        f'<div class="sidebar-block"><div class="teaser-body"><p>{teaser}</p></div></div>'
        "</main></body></html>"
    )
    doc = extract(page)
    assert teaser not in "\n".join(block.text for block in doc.blocks)
    assert any(item.text == teaser and item.reason is not None for item in doc.stripped)


def test_a_posts_author_card_stays_out_of_the_thread() -> None:
    """A poster's rank, join date, post count, badges and signature are printed beside
    every post by the forum's template: the author's card, not what the post says."""

    def post(author: str, paragraphs: list[str]) -> str:
        body = "".join(f"<p>{text}</p>" for text in paragraphs)
        return (
            '<article class="message"><div class="message-cell">'
            f'<div class="message-userDetails"><h4>{author}</h4>'
            '<h5 class="userTitle">Senior member</h5></div>'
            '<div class="message-userExtras"><dl><dt>Joined</dt><dd>Mar 3, 2014</dd></dl>'
            "<dl><dt>Messages</dt><dd>4,812</dd></dl></div></div>"
            f'<div class="message-body">{body}</div>'
            '<div class="post-signature"><span>12.4k reputation</span>'
            "<span>3 gold badges</span></div></article>"
        )

    posts = post("ana", OPENING) + post("ben", REPLIES)
    page = _thread_page(f'<div class="posts">{posts}</div>')
    doc = extract(page)
    kept = _every_post_kept(doc)
    for chrome in ("Senior member", "Joined", "4,812", "reputation", "gold badges"):
        assert chrome not in kept
        assert any(chrome in item.text for item in doc.stripped)


def test_a_signature_in_a_quote_styled_box_stays_out_of_the_thread() -> None:
    """vBulletin prints a post's signature in a quotation's box ("signature restore") around
    a "signaturecontainer": a quote is kept as the post's, its container names it a
    signature, the same motto under every post of its author."""

    def post(author: str, paragraphs: list[str], signature: str) -> str:
        body = "".join(f"<p>{text}</p>" for text in paragraphs)
        return (
            f'<li class="postbit"><div class="username">{author}</div>'
            f'<div class="postbody"><div class="content">{body}</div>'
            '<blockquote class="signature restore"><div class="signaturecontainer">'
            f"{signature}</div></blockquote></div></li>"
        )

    signatures = [
        "Kiln logs since 1998, firing notes for every glaze",
        "Studio hours: by appointment",
    ]
    posts = post("ana", OPENING, signatures[0]) + post("ben", REPLIES, signatures[1])
    doc = extract(_thread_page(f'<ol class="posts">{posts}</ol>'))
    kept = _every_post_kept(doc)
    for signature in signatures:
        assert signature not in kept
        assert any(signature in item.text for item in doc.stripped)


def test_replies_whose_bodies_are_known_by_numbered_ids_are_kept() -> None:
    """Some forum engines give a post's body no class, only an id numbering it
    ("body_5012"), and nest each reply under the post it answers: the numbered ids name
    one template, so the replies are the thread too; a numbered id of another name is not."""

    def post(number: int, paragraphs: list[str], replies: str = "") -> str:
        body = "".join(f"<p>{text}</p>" for text in paragraphs)
        return (
            f'<li id="tree_{number}" class="comment"><div id="comment_{number}">'
            f'<div class="byline"><a href="/u/{number}">member</a></div>'
            f'<div class="comment-body"><div id="text_{number}">{body}</div></div></div>'
            f"<ul>{replies}</ul></li>"
        )

    answers = [
        "Closed backs are the right choice for a quiet room only if you also record there; "
        "for mixing alone, comfort over many hours should decide it, as you say.",
        "Mine clamp hard too, and stretching the headband over a stack of books for a night "
        "or two made them bearable with glasses, without hurting the seal much.",
    ]
    advert = (
        "Subscribe to our printed magazine today and get three issues for the price of one, "
        "delivered to your door with free postage for the whole first year."
    )
    thread = post(5012, [answers[0]], post(5013, OPENING, post(5014, [answers[1]])))
    page = (
        "<html><body><main><h1>Closed headphones for editing</h1>"
        f'<div class="wrap"><div class="listing"><ul id="comments">{thread}</ul></div></div>'
        f'<div id="note_2024"><p>{advert}</p></div></main></body></html>'
    )
    doc = extract(page)
    kept = "\n".join(block.text for block in doc.blocks)
    assert all(text in kept for text in OPENING + answers)
    assert advert not in kept


def test_a_page_declared_a_discussion_keeps_replies_marked_as_comments() -> None:
    """A question page whose long opening post stands apart and whose answers the
    theme marks as comments: the page says in its JSON-LD it is a question with its
    answers, so the answers are its content; without that they are readers' comments."""
    opening = "".join(f"<p>{text} {text} {text}</p>" for text in OPENING)
    answers = [
        "I mixed on the heavier pair for two years and never regretted it; the clamp is "
        "firm for a month, then it settles, and the flat sound keeps my mixes honest.",
        "The lighter pair is kinder with glasses, but I always had to check my low end on "
        "speakers afterwards, which costs more time than the comfort saves.",
        "Try both in a shop with your glasses on for half an hour each before you decide; "
        "comfort in the first minute tells you very little about the sixth hour.",
    ]
    replies = "".join(
        f'<div class="comment"><div class="comment-body"><p>{text}</p></div></div>'
        for text in answers * 9
    )

    def page(declared: str) -> str:
        return (
            f'<html><head><script type="application/ld+json">{declared}</script></head>'
            "<body><main><h1>Closed headphones for editing</h1>"
            f'<div class="question">{opening}</div><section id="comments">{replies}</section>'
            "</main></body></html>"
        )

    question = '{"@context": "https://schema.org", "@type": "QAPage"}'
    kept = "\n".join(block.text for block in extract(page(question)).blocks)
    assert all(text in kept for text in answers)
    plain = '{"@context": "https://schema.org", "@type": "WebPage"}'
    kept = "\n".join(block.text for block in extract(page(plain)).blocks)
    assert not any(text in kept for text in answers)


def test_a_reply_quoting_an_earlier_post_word_for_word_keeps_only_its_own_words() -> None:
    """A reply that quotes a passage of an earlier post: the passage is read where it was
    written, once; the reply's own words and a quotation of text found nowhere above (a
    manual's sentence) stay."""
    manual = (
        "Clamping force is measured at the ear cups with a 150 mm head width; values above "
        "5 N are considered firm for long listening sessions."
    )
    reply = (
        f"<blockquote>{OPENING[1]}</blockquote>"
        "<p>That is the one I bought: the clamp eases after a month and it is honest.</p>"
        f"<blockquote>{manual}</blockquote>"
    )
    posts = _post("ana", OPENING) + (
        '<article class="message"><div class="message-cell message-cell--main">'
        f'<div class="message-content"><div class="message-body js-quote">{reply}</div></div>'
        "</div></article>"
    )
    page = _thread_page(f'<div class="block-body">{posts}</div>')
    doc = extract(page)
    kept = [block.text for block in doc.blocks]
    assert kept.count(OPENING[1]) == 1
    assert manual in kept
    assert any(text.startswith("That is the one I bought") for text in kept)
    assert any(s.text == OPENING[1] and s.detail == "quotes a passage above" for s in doc.stripped)


def test_a_quote_that_drops_the_post_s_emoji_and_line_breaks_is_still_the_post() -> None:
    """The forum prints the opening post's smiley as a picture and its line break as a
    break, and its quote of the post without either: the same words, read once."""
    opening = [*OPENING[:2], OPENING[2] + ' <img class="smilie" alt="🙂">']
    quoted = OPENING[2].replace("accuracy and comfort.", "accuracy\nand comfort")
    posts = _post("ana", opening) + _post(
        "ben", [f"<blockquote>{quoted}</blockquote>", REPLIES[0]]
    ).replace("<p><blockquote>", "<blockquote>").replace("</blockquote></p>", "</blockquote>")
    doc = extract(_thread_page(f'<div class="block-body">{posts}</div>'))
    kept = "\n".join(block.text for block in doc.blocks)
    assert kept.count("My budget is about three hundred") == 1
    assert REPLIES[0] in kept
    assert any(
        s.text.startswith("My budget") and s.detail == "quotes a passage above"
        for s in doc.stripped
    )


def test_a_posts_quotation_box_is_a_quote_kept_unless_it_repeats_a_passage_above() -> None:
    """Discourse and XenForo print a reply's quotation in an ``<aside>``: a credit line and
    a ``<blockquote>``. It is no sidebar: a quotation of a post that is not on the page is
    the only print of its words, and stays; one of a passage above (short, and with the
    words it leaves out elided) is read where it was written, once; a sidebar stays out."""
    elsewhere = "Open-back pairs leak too much sound for a shared flat, in my experience."
    passage = "the second is heavier and clamps harder"
    elided = "My budget is about three hundred … isolation is less important than accuracy"

    def box(text: str) -> str:
        credit = '<div class="title">ana:</div>'
        return f'<aside class="quote">{credit}<blockquote><p>{text}</p></blockquote></aside>'

    posts = _posts(
        [
            ("", OPENING),
            (box(elsewhere) + box(passage) + box(elided), [REPLIES[0]]),
            ("", [REPLIES[1]]),
        ]
    )
    sidebar = (
        "<aside><h3>Popular topics</h3><p>" + REPLIES[0].replace("heavier", "open") + "</p></aside>"
    )
    doc = extract(_thread_page(posts + sidebar))
    kept = _every_post_kept(doc).split("\n")
    assert elsewhere in kept
    for quote in (passage, elided):
        assert quote not in kept
        assert any(s.text == quote and s.detail == "quotes a passage above" for s in doc.stripped)
    assert "Popular topics" not in kept


def test_a_threads_posts_inside_forms_are_kept_and_a_reply_box_is_not() -> None:
    """Forum software wraps posts in forms of its own: each post's text in the form that
    edits it, the whole list in a moderation form. A form whose prose is the thread's posts
    is no form to fill in; the reply box under the thread still is one."""

    def post(number: int, paragraphs: list[str]) -> str:
        body = "".join(f"<p>{text}</p>" for text in paragraphs)
        return (
            f'<div class="comment" id="post-{number}"><a href="/u/{number}">member</a>'
            f'<form action="/edit/{number}"><input type="hidden" name="id" value="{number}">'
            f'<div class="post-text">{body}</div></form></div>'
        )

    reply_box = (
        "Please be kind and stay on topic: replies that insult other members or advertise "
        "anything are removed by the moderators without notice."
    )
    posts = post(1, OPENING) + post(2, [REPLIES[0]]) + post(3, [REPLIES[1]])
    page = (
        "<html><body><main><h1>Closed headphones for editing</h1>"
        f'<div class="comments">{posts}</div>'
        f'<form action="/reply"><p>{reply_box}</p><textarea name="text"></textarea></form>'
        "</main></body></html>"
    )
    kept = _every_post_kept(extract(page))
    assert reply_box not in kept


def test_replies_whose_bodies_have_no_name_are_known_by_their_parents() -> None:
    """Some themes print each post's body as a bare element (no class, no id) inside a
    named box: the box's name and the body's tag are the template, so a short reply
    joins the long opening post; a bare element in a box of another name does not."""

    def post(author: str, paragraphs: list[str]) -> str:
        body = "".join(f"<p>{text}</p>" for text in paragraphs)
        return (
            f'<div class="message {author}-post"><div class="user-card"><h3>{author}</h3>'
            f'<p>Member since 2015</p></div><div class="message-content"><div>{body}</div></div>'
            "</div>"
        )

    teaser = (
        "Our partner shop sells both pairs with free returns for a month, so you can try "
        "them at home with your glasses on before you decide which one suits you."
    )
    opening = post("ana", OPENING + [f"{text} {text}" for text in OPENING])
    posts = opening + post("ben", [" ".join(REPLIES)])  # two posts: no run of cards
    page = (
        "<html><body><h1>Closed headphones for editing</h1>"
        f'<div class="messages">{posts}<div class="partner"><div class="partner-note"><div>'
        f"<p>{teaser}</p></div></div></div></div>"
        "</body></html>"
    )
    kept = _every_post_kept(extract(page))
    assert teaser not in kept


def test_a_replys_subject_repeating_the_threads_title_is_stripped() -> None:
    """Board software prints "Re: <the thread's subject>" over every reply: the title
    again, not the reply's text; a reply that opens with "Re:" on a subject of its own
    stays."""

    def post(subject: str, paragraphs: list[str]) -> str:
        body = "".join(f"<p>{text}</p>" for text in paragraphs)
        return f'<div class="post"><h3>{subject}</h3><div class="postbody">{body}</div></div>'

    own = "Re: the glasses question, which nobody answered yet"
    posts = (
        post("Closed headphones for editing", OPENING)
        + post("Re: Closed headphones for editing", [REPLIES[0]])
        + post("RE: closed headphones for editing!", [REPLIES[1]])
        + post(own, [REPLIES[1]])
    )
    page = (
        "<html><head><title>Closed headphones for editing / Audio / Forums</title></head>"
        f'<body><div class="thread">{posts}</div></body></html>'
    )
    doc = extract(page)
    kept = [block.text for block in doc.blocks]
    assert not any(text.lower().startswith("re: closed") for text in kept)
    assert own in kept
    assert all(text in "\n".join(kept) for text in OPENING + REPLIES)
    assert any(block.detail == "the title in a reply" for block in doc.stripped)


def test_a_posts_controls_and_who_reacted_are_not_the_post() -> None:
    """The links under each post ("Reply With Quote" and its count, "Report post"), the
    fold of a long quote ("Click to expand...") and the list of who reacted, which grows
    with every reader, are the forum's furniture; a post that says "quote" stays."""

    def post(author: str, text: str, reactions: str) -> str:
        return (
            f'<div class="post"><div class="post-author">{author}</div><p>Thread starter</p>'
            f'<div class="post-text"><blockquote>{OPENING[0]}<div>Click to expand...</div>'
            f"</blockquote><p>{text}</p></div>"
            f"<p>Reactions: {reactions}</p>"
            '<ul class="post-tools"><li><a href="#r">Reply With Quote 2</a></li>'
            '<li><a href="#q">Quote</a></li><li><a href="#p">Report post</a></li></ul></div>'
        )

    quoting = "Quote the exact model numbers next time, please: the two pairs share a name."
    posts = post("ben", REPLIES[0], "ana") + post("chloe", quoting, "ana and ben")
    page = _thread_page(f"<p>{' '.join(OPENING)}</p>{posts}")
    doc = extract(page)
    kept = [block.text for block in doc.blocks]
    assert REPLIES[0] in kept and quoting in kept
    for label in ("Reply With Quote 2", "Quote", "Report post", "Click to expand..."):
        assert label not in kept
        assert any(b.text == label and b.reason.value == "call_to_action" for b in doc.stripped)
    assert not [text for text in kept if text.startswith("Reactions")]
    assert "Thread starter" not in kept  # the opener's badge, printed beside each post
    assert any(
        b.text == "Reactions: ana and ben" and b.reason.value == "counter" for b in doc.stripped
    )


def test_a_question_sites_prompts_to_answer_or_ask_are_not_the_thread() -> None:
    """Under every question a Q&A site prints the answer form's title and its prompts to
    ask or browse ("Your Answer", "Start asking to get answers", "See similar questions
    with these tags."): the same on every question; an answer that speaks of them stays."""
    answer = "Your answer is in the manual: see similar questions with these tags first."
    prompts = [
        "Your Answer",
        "You must log in to answer this question.",
        "Start asking to get answers",
        "Find the answer to your question by asking.",
        "Explore related questions",
        "See similar questions with these tags.",
    ]
    posts = "".join(
        f'<div class="answer"><div class="post-text"><p>{text}</p></div></div>'
        for text in [*REPLIES, answer]
    )
    notice = (
        f'<h2 class="space">{prompts[0]}</h2><p class="notice">{prompts[1]}</p>'
        f'<div class="bottom-notice"><p class="fw-bold">{prompts[2]}</p><p>{prompts[3]}</p>'
        f'<p class="fw-bold">{prompts[4]}</p><p>{prompts[5]}</p></div>'
    )
    question = "".join(f"<p>{text}</p>" for text in OPENING)
    doc = extract(_thread_page(f'<div class="question">{question}</div>{posts}{notice}'))
    kept = _every_post_kept(doc).split("\n")
    assert answer in kept
    for prompt in prompts:
        assert prompt not in kept
        assert any(b.text == prompt and b.reason.value == "call_to_action" for b in doc.stripped)


def test_a_replys_preview_of_the_post_it_answers_is_no_question_label() -> None:
    """NodeBB prints over a reply the post it answers, folded to a line inside a button a
    click unfolds: a whole post, not a question labelling a panel, though the post ends
    with a question, so the button's name still marks it a control; a button labelled
    with a short question is the title of the answer it opens and carries no mark."""
    asked = "Has anybody here worn either pair with glasses for a whole working day?"
    preview = "".join(f"<p>{text}</p>" for text in [*OPENING, asked])
    answer = "Yes: the heavier pair, after a month, once the headband had eased."
    page = _thread_page(
        f'<ul class="posts"><li class="post"><div class="btn btn-ghost parent">{preview}</div>'
        f'<div class="content"><p>{REPLIES[0]}</p></div></li></ul>'
        f'<div class="btn faq-toggle">{asked}</div><div><p>{answer}</p></div>'
    )
    marks = {block.text: {mark[0] for mark in block.marks} for block in page_blocks(page)}
    assert all(StripReason.CALL_TO_ACTION in marks[text] for text in OPENING)
    assert StripReason.CALL_TO_ACTION not in marks[asked]


def test_a_posts_code_box_label_attachment_count_and_presence_are_not_the_post() -> None:
    """phpBB prints "Code: Select all" over a code box and how often an attachment was
    downloaded under it, and many boards print beside each post whether its author is
    signed in now: a control's label, a count that grows with every reader and a state
    that changes as members come and go; the code itself and a post about being offline
    stay."""
    code = "dtoverlay=disable-bt\ngpu_mem=128"
    offline = "I was offline all week, so here is the config I ended up with."

    def post(author: str, text: str, presence: str, extra: str = "") -> str:
        return (
            f'<div class="post"><dl class="postprofile"><dt><a href="/u/{author}">{author}</a>'
            f"</dt></dl><p>{presence}</p>"
            f'<div class="postbody"><p>{text}</p>{extra}</div></div>'
        )

    attachment = (
        f'<div class="codebox"><p>Code: <a href="#">Select all</a></p><pre><code>{code}'
        '</code></pre></div><dl class="file"><dt><a href="/f/1">config.txt</a></dt>'
        "<dd>(1.35 KiB) Downloaded 458 times</dd></dl>"
    )
    posts = (
        post("ana", " ".join(OPENING), "Offline")
        + post("ben", REPLIES[0], "Online")
        + post("chloe", offline, "Offline", attachment)
        + post("dan", REPLIES[1], "Offline")
    )
    doc = extract(_thread_page(posts))
    kept = _every_post_kept(doc)
    assert offline in kept and code in kept
    for furniture in ("Code: Select all", "Downloaded 458 times", "Online", "Offline"):
        assert furniture not in kept.replace(offline, "")
    assert any(
        b.text == "(1.35 KiB) Downloaded 458 times" and b.reason.value == "counter"
        for b in doc.stripped
    )


def test_what_a_board_lets_the_reader_do_is_not_the_thread() -> None:
    """vBulletin prints its "Posting Rules" under every thread, what the reader may do and
    which codes are on, and a locked thread says it is "Not open for further replies.": a
    signed-in reader's page says otherwise and a moderator's lock comes and goes; a reply
    that says what it may not do stays."""
    rules = [
        "Posting Rules",
        "You may not post new threads",
        "You may not post replies",
        "BB code is On",
        "Smilies are On",
        "HTML code is Off",
    ]
    reply = "You may not like the clamp at first, but it eases within a month of daily use."
    posts = _post("ana", OPENING) + _post("ben", REPLIES) + _post("chloe", [reply])
    box = "".join(f"<div>{rule}</div>" for rule in rules)
    page = _thread_page(
        f'<div class="notice">Not open for further replies.</div>{posts}'
        f'<table class="rules"><tr><td>{box}</td></tr></table>'
    )
    doc = extract(page)
    kept = _every_post_kept(doc).split("\n")
    assert reply in kept
    for rule in [*rules, "Not open for further replies."]:
        assert rule not in kept
        assert any(b.text == rule and b.reason.value == "call_to_action" for b in doc.stripped)


def test_a_posts_time_told_from_now_is_not_the_thread() -> None:
    """A question's "Asked 6 years, 9 months ago" and a reply's "posted 2 years ago" say
    another thing every day the page is read: date lines, not the posts; a reply that
    says when it was first asked stays."""
    stamps = ["Asked 6 years, 9 months ago", "Modified 6 months ago", "posted 2 years ago"]
    reply = "I asked the same thing 2 years ago and ended up with the heavier pair."
    page = _thread_page(
        _post("ana", [stamps[0], stamps[1], *OPENING]) + _post("ben", [stamps[2], *REPLIES, reply])
    )
    doc = extract(page)
    kept = _every_post_kept(doc).split("\n")
    assert reply in kept
    for stamp in stamps:
        assert stamp not in kept
        assert any(b.text == stamp and b.reason.value == "date_line" for b in doc.stripped)


def test_other_threads_under_a_short_thread_are_not_the_thread() -> None:
    """A thread of one short post over a long "Similar threads" box: the box lists other
    threads, never this one, however much it outweighs the post."""
    post = "Is the interview thread for this year up yet? I could not find it."
    titles = [
        f"Official {year} fellowship application thread for {field}"
        for year in (2021, 2022, 2023, 2024)
        for field in ("nephrology", "endocrinology", "allergy and immunology")
    ]
    cards = "".join(
        f'<li><a href="/threads/{n}">{title}</a><p>Replies {n + 3} · started by member{n}</p></li>'
        for n, title in enumerate(titles)
    )
    page = _thread_page(
        f'<div class="post"><p>{post}</p></div>'
        f'<section class="similar"><h3>Similar threads</h3><ul>{cards}</ul></section>'
    )
    doc = extract(page)
    kept = "\n".join(block.text for block in doc.blocks)
    assert post in kept
    assert not any(title in kept for title in titles)
    assert any(b.text == "Similar threads" and b.reason.value == "related" for b in doc.stripped)


def _headed_posts(rows: list[tuple[str, str, str]]) -> str:
    """Posts, each under a head line (its number or its age) and a badge."""
    return "".join(
        f'<div class="post"><div class="post-head"><p>{head}</p><p>{badge}</p></div>'
        f'<div class="post-text"><p>{text}</p></div></div>'
        for head, badge, text in rows
    )


def test_a_posts_number_and_the_openers_badge_are_not_the_post() -> None:
    """Beside each post a forum prints its number in the thread as a permalink ("#2 ·",
    "#3 | Link") and, on the opener's posts, an "OP" badge; a reply that cites a post by
    its number stays."""
    cites = "As #2 says, try them in a shop first: OP, that settles it for you."
    posts = _headed_posts(
        [
            ("#1 ·", "OP", " ".join(OPENING)),
            ("#2 ·", "", REPLIES[0]),
            ("#3 | Link", "OP", REPLIES[1]),
            ("#4 ·", "", cites),
        ]
    )
    doc = extract(_thread_page(posts))
    kept = _every_post_kept(doc).split("\n")
    assert cites in kept
    for furniture in ("#1 ·", "#2 ·", "#3 | Link", "OP"):
        assert furniture not in kept
        assert any(b.text == furniture for b in doc.stripped)


def test_a_declared_threads_posts_are_no_listing_cards() -> None:
    """Posts printed by one template are a run of cards, and a listing's cards keep their
    linked author and date lines; on a page that declares itself a discussion the run is
    the thread's posts, whose author and date links are the forum's chrome."""
    texts = [
        " ".join(OPENING),
        *REPLIES,
        "A third pair is worth a look too: the open-backed one sounds wider, if it is quiet.",
    ]
    posts = "".join(
        f'<article class="post"><div><a href="/members/m{n}">member{n}</a></div>'
        f'<div><a href="/posts/{n}"><time datetime="2024-03-0{n + 1}">Mar {n + 1}, 2024</time>'
        f'</a></div><div class="post-body"><p>{text}</p></div></article>'
        for n, text in enumerate(texts)
    )
    declared = (
        '<script type="application/ld+json">{"@context": "https://schema.org", '
        f'"@type": "DiscussionForumPosting", "headline": "{TITLE}"}}</script>'
    )
    page = (
        f"<html><head><title>{TITLE}</title>{declared}</head><body><main><h1>{TITLE}</h1>"
        f'<div class="posts">{posts}</div></main></body></html>'
    )
    kept = "\n".join(block.text for block in extract(page).blocks)
    assert all(text in kept for text in texts)
    assert "member1" not in kept and "Mar 2, 2024" not in kept
    listing = "\n".join(block.text for block in extract(page.replace(declared, "")).blocks)
    assert "member1" in listing and "Mar 2, 2024" in listing


def test_an_opening_post_in_a_card_of_its_own_above_the_replies_is_kept() -> None:
    """The opening post printed in a card of its own, above the box of replies that wins
    the main content, is the thread too: its body is printed by the replies' template."""
    opener = (
        "Which of the two closed headphones would you pick for long editing sessions at home? "
        "I wear glasses and my budget is about three hundred."
    )
    replies = [
        "I wore the heavier pair for a whole season of mixing, and after the first month the "
        "clamp eased enough that six hour sessions were fine, even with my glasses on.",
        "The lighter pair suited my temples better, but the bass was loose, as the reviews "
        "say, and I ended up checking every mix on speakers before sending it out.",
        "Both are fine for dialogue; for music I would take the heavier pair, since its flat "
        "sound told me more about the low end than the lighter pair ever did, at any volume.",
        "I returned the lighter pair after a week: the pads are soft, but the sound changed "
        "with every small move of my head, which made judging a mix of voices impossible.",
        "Whichever you take, buy spare pads now; both makers change their pads every other "
        "year, and the old ones get hard to find just when yours start to crack and flake.",
    ]

    def card(text: str) -> str:
        return (
            '<div class="card"><div class="cell"><article class="body">'
            f'<div class="wrapper">{text}</div></article></div></div>'
        )

    others = "".join(
        f'<li><a href="/threads/{n}">Which studio headphones for a small home studio, '
        f"part {n}?</a></li>"
        for n in range(12)
    )
    box = "".join(
        f'<article class="reply"><a href="/members/m{n}">member{n}</a>{card(text)}</article>'
        for n, text in enumerate(replies)
    )
    page = (
        f"<html><head><title>{TITLE}</title></head><body><div class='thread'>"
        f"<div class='opening'><header><h1>{TITLE}</h1></header>{card(opener)}</div>"
        f"<div class='messages'><div class='container'><div class='list'>{box}</div></div></div>"
        f"<div class='recommended'><h2>Recommended reading</h2><ol>{others}</ol></div>"
        "</div></body></html>"
    )
    kept = "\n".join(block.text for block in extract(page).blocks)
    assert all(text in kept for text in [opener, *replies])


def test_a_post_printed_again_in_parts_over_a_reply_is_read_once() -> None:
    """A forum that prints over each reply a preview of the post it answers, paragraph by
    paragraph, where the post itself was one block: the preview is a copy, read once."""
    paragraphs = [
        "I am choosing between two closed headphones for editing audio at home, and comfort "
        "over long sessions matters to me as much as the sound.",
        "My budget is about three hundred, I wear glasses, and the room is quiet.",
    ]
    preview = "".join(f"<p>{text}</p>" for text in paragraphs)
    reply = (
        "I wore the heavier pair for a whole season of mixing; after a month the clamp eased "
        "and six hour sessions were fine, glasses and all."
    )
    posts = (
        f'<div class="post"><div class="content">{" ".join(paragraphs)}</div></div>'
        f'<div class="post"><div class="parent-preview">{preview}</div>'
        f'<div class="content"><p>{reply}</p></div></div>'
    )
    page = (
        f"<html><head><title>{TITLE}</title></head><body><main><h1>{TITLE}</h1>"
        f'<div class="posts">{posts}</div></main></body></html>'
    )
    doc = extract(page)
    kept = [block.text for block in doc.blocks]
    assert " ".join(paragraphs) in kept and reply in kept
    assert not any(text in kept for text in paragraphs)
    assert any(b.text == paragraphs[0] and b.reason is StripReason.DUPLICATE for b in doc.stripped)


def test_a_post_printed_again_from_a_short_first_line_is_read_once_to_its_end() -> None:
    """The preview of the post a reply answers prints it whole: its first line, short,
    then the rest of what was one block, then the post's link and last line, which it
    printed apart as well; the whole preview is the copy, and the post is read once."""
    first = "Which release will the distribution ship?"
    rest = "Mine says 6.4 for now, which is older than the one I build against at work."
    link, last = "https://packages.example/search?release=next", "Would 6.5 be any better?"
    tail = f'<ul><li><a href="{link}">{link}</a></li></ul><p>{last}</p>'
    reply = (
        "I checked the package list this morning: the next release moves to 6.6, so the "
        "long wait for the newer version ends with it, whatever the current one ships."
    )
    posts = (
        f'<div class="post"><div class="content">{first} {rest}</div>{tail}</div>'
        f'<div class="post"><div class="parent-preview"><p>{first}</p><p>{rest}</p>{tail}'
        f'</div><div class="content"><p>{reply}</p></div></div>'
    )
    page = (
        f"<html><head><title>{TITLE}</title></head><body><main><h1>{TITLE}</h1>"
        f'<div class="posts">{posts}</div></main></body></html>'
    )
    doc = extract(page)
    kept = [block.text for block in doc.blocks]
    assert f"{first} {rest}" in kept and reply in kept
    assert first not in kept and kept.count(last) == 1
    for copy in (first, rest, last):
        assert any(b.text == copy and b.reason is StripReason.DUPLICATE for b in doc.stripped)


def test_an_opening_post_printed_as_its_replies_makes_a_thread() -> None:
    """A post whose body is printed in the box its comments' bodies are printed in (a link
    aggregator's markdown box) opens a thread: its comments are the content, though they
    hold little more than half of its text. A blog prints its article apart from them."""
    comments = [
        "I wore the heavier pair for a whole season of mixing, and after the first month the "
        "clamp eased enough that six hour sessions were fine, even with my glasses on.",
        "The lighter pair suited my temples better, but the bass was loose, as the reviews "
        "say, and I ended up checking every mix on speakers before sending it out.",
        "Both are fine for dialogue; for music I would take the heavier pair, since its flat "
        "sound told me more about the low end than the lighter pair ever did.",
        "I returned the lighter pair after a week: the pads are soft, but the sound changed "
        "with every small move of my head, which made judging a mix of voices impossible.",
        "Whichever you take, buy spare pads now; both makers change their pads every other "
        "year, and the old ones get hard to find just when yours start to crack and flake.",
    ]

    def page(body_box: str) -> str:
        post = "".join(f'<div class="{body_box}"><p>{text}</p></div>' for text in OPENING)
        replies = "".join(
            f'<div class="comment"><a href="/u/m{n}">m{n}</a><div class="md"><p>{text}</p></div>'
            "</div>"
            for n, text in enumerate(comments)
        )
        return (
            f"<html><head><title>{TITLE}</title></head><body><main><h1>{TITLE}</h1>"
            f'<article class="post">{post}</article><div class="comments">{replies}</div>'
            "</main></body></html>"
        )

    thread = "\n".join(block.text for block in extract(page("md")).blocks)
    assert all(text in thread for text in OPENING + comments)
    blog = extract(page("entry-content"))
    assert not any(text in block.text for block in blog.blocks for text in comments)
    assert any(b.text == comments[0] and b.reason is StripReason.COMMENTS for b in blog.stripped)


def test_a_boards_notice_the_reader_dismisses_is_not_the_thread() -> None:
    """A board prints its notice over every thread ("Welcome to the forum", a scam alert)
    in a box with a control to dismiss it or named dismissible itself: the site's word to
    its visitors, gone once dismissed; a notice box without that control (a post's own
    "notice") stays."""
    welcome = (
        "Welcome to the oldest forum about headphones on the web: before you post, please "
        "read the rules and introduce yourself in the new members' section."
    )
    advert = (
        "Advertise anything here, with banner ads and contextual links shown to the members "
        "of the forum in the areas of the site you choose."
    )
    own = "Notice that the heavier pair comes with a second cable, which the shop forgot."
    notices = (
        '<ul class="notices js-notices"><li class="notice js-notice notice--primary">'
        f'<div class="notice-content"><a href="/dismiss" class="notice-dismiss js-noticeDismiss"'
        f' title="Dismiss"></a><p>{welcome}</p></div></li></ul>'
        f'<div class="alert alert-info alert-dismissible"><p>{advert}</p></div>'
    )
    posts = _post("ana", OPENING) + _post("ben", REPLIES) + _post("chloe", [own])
    page = _thread_page(notices + posts.replace(f"<p>{own}</p>", f'<p class="notice">{own}</p>'))
    doc = extract(page)
    kept = _every_post_kept(doc).split("\n")
    assert own in kept
    for notice in (welcome, advert):
        assert notice not in kept
        assert any(
            b.text == notice and b.detail == "a notice the reader dismisses" for b in doc.stripped
        )


def test_a_posts_age_beside_its_score_or_number_and_the_author_badge_are_not_the_post() -> None:
    """A post's header line, its votes and age ("English 26 · 1 year ago") or its age and
    number ("2 years ago#2"), says another thing every day the page is read; the badge a
    board prints on the opener's posts ("Author") is a byline; a reply that says how long
    ago something happened stays."""
    reply = "I bought the heavier pair 2 years ago and the pads are still fine."
    posts = _headed_posts(
        [
            ("English 26 · 1 year ago", "Author", " ".join(OPENING)),
            ("2 years ago#2", "", REPLIES[0]),
            ("-3 · 5 months ago", "Author", REPLIES[1]),
            ("English 4 · 3 days ago", "", reply),
        ]
    )
    doc = extract(_thread_page(posts))
    kept = _every_post_kept(doc).split("\n")
    assert reply in kept
    for head in ("English 26 · 1 year ago", "2 years ago#2", "-3 · 5 months ago"):
        assert head not in kept
        assert any(b.text == head and b.reason.value == "date_line" for b in doc.stripped)
    assert "Author" not in kept
    assert any(b.text == "Author" and b.reason.value == "byline" for b in doc.stripped)


def test_a_members_card_fields_beside_their_standing_are_not_the_post() -> None:
    """vBulletin prints each member's card beside their post: "Join Date", "Posts", and
    between them fields such as "Location: Lisbon"; the standing goes by its text, the
    fields beside it with it; a label-and-value line in a post stays."""
    meetup = "Location: the shop on the river road, Saturday at ten"
    posts = "".join(
        f'<div class="post"><div class="card"><p>{author}</p><p>Join Date: Mar 2016</p>'
        f"<p>Location: {place}</p><p>Programs: {program}</p><p>Posts: 701</p></div>"
        f'<div class="post-text">{"".join(f"<p>{text}</p>" for text in texts)}</div></div>'
        for author, place, program, texts in [
            ("ana", "Lisbon", "Gold member", OPENING),
            ("ben", "Porto", "Silver", [REPLIES[0], meetup]),
            ("chloe", "Braga", "None", [REPLIES[1]]),
        ]
    )
    doc = extract(_thread_page(posts))
    kept = _every_post_kept(doc).split("\n")
    assert meetup in kept
    for field in ("Location: Lisbon", "Location: Porto", "Programs: Silver"):
        assert field not in kept
        assert any(b.text == field and b.reason.value == "byline" for b in doc.stripped)


def test_the_way_back_to_the_top_under_each_post_is_not_the_post() -> None:
    """phpBB prints "Top" under each post, and pages "Return to Top": the way back to the
    page's head, no text of the post; a list's title "Top 10" stays, and so does a line
    that only opens like the way back ("Go to Topsham instead.")."""
    ranking = ["Top 10", "1. The heavier pair, for its flat sound.", "Go to Topsham instead."]
    posts = "".join(
        f'<div class="post"><div class="postbody">{"".join(f"<p>{t}</p>" for t in texts)}'
        '</div><p><a href="#top">Top</a></p></div>'
        for texts in (OPENING, [REPLIES[0], *ranking], [REPLIES[1]])
    )
    doc = extract(_thread_page(posts + '<p><a href="#top">Return to Top</a></p>'))
    kept = _every_post_kept(doc).split("\n")
    assert all(line in kept for line in ranking)
    for control in ("Top", "Return to Top"):
        assert control not in kept
        assert any(b.text == control and b.reason.value == "call_to_action" for b in doc.stripped)


def test_a_members_rank_the_openers_post_label_and_a_locks_status_are_not_the_post() -> None:
    """Under each member's name a board prints their rank ("Registered User", "Senior
    Member"), over the opener's post "Original post", and over a locked thread "Status"
    and "Not open for further replies.": furniture; a "Status" line over a reply's own
    text stays, as does a sentence that names a senior member."""
    reply = "Status of my order: the senior member who sold them shipped it yesterday."
    lock = "Not open for further replies."
    posts = "".join(
        f'<div class="post"><div class="card"><p>{author}</p><p>{rank}</p></div>'
        f'<div class="post-text">{"".join(f"<p>{text}</p>" for text in texts)}</div></div>'
        for author, rank, texts in [
            ("ana", "Registered User", ["Original post", *OPENING, "Status", lock]),
            ("ben", "Senior Member", [REPLIES[0], "Status", reply]),
            ("chloe", "Super Moderator", [REPLIES[1]]),
        ]
    )
    doc = extract(_thread_page(posts))
    kept = _every_post_kept(doc).split("\n")
    assert reply in kept and "Status" in kept  # the one over a reply's own line
    assert kept.count("Status") == 1
    for furniture in ("Registered User", "Senior Member", "Super Moderator", "Original post"):
        assert furniture not in kept
        assert any(b.text == furniture and b.reason.value == "byline" for b in doc.stripped)
    assert any(b.text == "Status" and b.reason.value == "call_to_action" for b in doc.stripped)


def test_a_posts_time_from_now_in_a_time_element_is_not_the_post() -> None:
    """A post's "17 hours ago" written in a <time> whose datetime holds the date says
    another thing every day the page is read; the same words without the element stay
    (a job board's cards keep their ages)."""
    posts = "".join(
        f'<div class="post"><p><time datetime="2026-03-0{day}T10:00:00Z">{ago}</time></p>'
        f'<div class="post-text">{"".join(f"<p>{text}</p>" for text in texts)}</div></div>'
        for day, ago, texts in [
            (1, "17 hours ago", OPENING),
            (2, "15 hours ago", [REPLIES[0]]),
            (3, "2 hours ago", [REPLIES[1], "3 days ago"]),
        ]
    )
    doc = extract(_thread_page(posts))
    kept = _every_post_kept(doc).split("\n")
    assert "3 days ago" in kept
    for ago in ("17 hours ago", "15 hours ago", "2 hours ago"):
        assert ago not in kept
        assert any(b.text == ago and b.reason.value == "date_line" for b in doc.stripped)


def _posts(rows: list[tuple[str, list[str]]]) -> str:
    """Posts, each its ``head`` (markup before the body: a header line, a quote) and its
    paragraphs."""
    return "".join(
        f'<div class="post">{head}<div class="post-text">'
        f"{''.join(f'<p>{text}</p>' for text in texts)}</div></div>"
        for head, texts in rows
    )


def test_a_topics_ages_in_its_summary_box_are_not_the_post() -> None:
    """A topic's summary box prints its start and its last reply told from now or by a day
    without its year, each twice (for wide and for narrow screens: "Created 1 yr1 yr",
    "Last Reply Sep 26Sep 26"): date lines; a reply's own line opening "Created" stays."""
    ages = ["Created 1 yr1 yr", "Last Reply Sep 26Sep 26"]
    own = ["Created by ana", "Created a playlist of test tracks for both pairs."]
    summary = "".join(f'<li class="summary-item">{age}</li>' for age in ages)
    posts = _posts([("", OPENING), ("", [REPLIES[0], *own]), ("", [REPLIES[1]])])
    doc = extract(_thread_page(f"<ul>{summary}</ul>{posts}"))
    kept = _every_post_kept(doc).split("\n")
    assert all(line in kept for line in own)
    for age in ages:
        assert age not in kept
        assert any(b.text == age and b.reason.value == "date_line" for b in doc.stripped)


def test_a_prompt_to_sign_in_to_see_a_thing_is_not_the_post() -> None:
    """Under each photo of a post a board prints "Join to see EXIF info for this image (if
    available)" for guests, where a member sees the photo's details: a prompt, not the
    post; a reply's sentence that opens alike but goes on after a comma stays."""
    prompt = "Join to see EXIF info for this image (if available)"
    own = "Join to see the eclipse from the hill, we meet at six by the gate."
    photo = f'<figure><img src="/a.jpg" alt=""><figcaption>{prompt}</figcaption></figure>'
    posts = _posts([(photo, OPENING), (photo, [REPLIES[0], own]), (photo, [REPLIES[1]])])
    doc = extract(_thread_page(posts))
    kept = _every_post_kept(doc).split("\n")
    assert own in kept
    assert prompt not in kept
    assert any(b.text == prompt and b.reason.value == "call_to_action" for b in doc.stripped)


def test_a_prompt_to_sign_in_to_take_part_is_not_the_post() -> None:
    """Under a thread a board prints "You must log in or register to comment." for guests,
    and a store "Sign in to add this item to your wishlist, follow it, or mark it as
    ignored", where a member has the control itself: prompts, not the post; a reply's
    instruction that signs in to a place, or goes on in a second sentence, stays."""
    prompts = [
        "You must log in or register to comment.",
        "Sign in to add this item to your wishlist, follow it, or mark it as ignored",
    ]
    own = [
        "Log in to your dealer's site and look for the trade-in form.",
        "Sign in to reply first. Then the shop sends you the returns label.",
    ]
    posts = _posts([("", OPENING), ("", [REPLIES[0], *own]), ("", [REPLIES[1]])])
    under = "".join(f"<p>{text}</p>" for text in prompts)
    doc = extract(
        _thread_page(f'{posts}<div class="post"><div class="post-text">{under}</div></div>')
    )
    kept = _every_post_kept(doc).split("\n")
    assert all(line in kept for line in own)
    for prompt in prompts:
        assert prompt not in kept
        assert any(b.text == prompt and b.reason.value == "call_to_action" for b in doc.stripped)


def test_an_authors_name_and_age_and_a_bylines_label_alone_are_not_the_post() -> None:
    """Over each post a board prints its author's one-word name and the post's age told
    from now ("ana 1 year ago", "ben edited 1 year ago"), or a byline's label alone over
    the name ("Posted by"): a date line that says another thing every day, and a label;
    an age alone ("about 3 hours ago") and a reply's own line stay."""
    own = ["about 3 hours ago", "Posted by courier, both pairs arrived on Monday."]
    posts = _posts(
        [
            ("<p>ana 1 year ago</p>", OPENING),
            ("<p>ben edited 1 year ago</p>", [REPLIES[0], *own]),
            ("<p>Posted by</p>", [REPLIES[1]]),
        ]
    )
    doc = extract(_thread_page(posts))
    kept = _every_post_kept(doc).split("\n")
    assert all(line in kept for line in own)
    for head, reason in [
        ("ana 1 year ago", "date_line"),
        ("ben edited 1 year ago", "date_line"),
        ("Posted by", "byline"),
    ]:
        assert head not in kept
        assert any(b.text == head and b.reason.value == reason for b in doc.stripped)


def test_a_quotations_credit_told_from_now_is_a_date_line() -> None:
    """Invision heads a quoted post with its age told from now and its author ("16 minutes
    ago, ben said:"), which reads "On 6/14/2024 at 3:18 PM, ben said:" the next day: a date
    line, stripped, the quoted words kept; a credit with its date stays."""
    quoted = "Both pairs leak a little sound, so mind the microphone when you record."

    def quote(credit: str) -> str:
        return (
            f'<blockquote class="ipsQuote"><div class="ipsQuote_citation">{credit}</div>'
            f'<div class="ipsQuote_contents"><p>{quoted}</p></div></blockquote>'
        )

    told, dated = "16 minutes ago, ben said:", "On 6/14/2024 at 3:18 PM, ben said:"
    posts = _posts([("", OPENING), (quote(told), [REPLIES[0]]), (quote(dated), [REPLIES[1]])])
    doc = extract(_thread_page(posts))
    kept = _every_post_kept(doc).split("\n")
    assert quoted in kept and dated in kept and told not in kept
    assert any(b.text == told and b.reason is StripReason.DATE_LINE for b in doc.stripped)


def test_a_quoted_posts_credit_is_not_the_post() -> None:
    """vBulletin heads a quoted post with "Originally Posted by ben": the quote's credit,
    stripped, while the quoted words stay with the reply; a sentence that opens alike and
    goes on stays too."""
    quoted = "Both pairs leak a little sound, so mind the microphone when you record."
    own = "Originally posted by my cousin in a group chat, this tip saved my recordings."
    quote = (
        '<div class="bbcode_container"><div class="bbcode_quote"><div class="quote_container">'
        '<div class="bbcode_postedby">Originally Posted by <strong>ben</strong></div>'
        f'<div class="message">{quoted}</div></div></div></div>'
    )
    posts = _posts([("", OPENING), (quote, [REPLIES[0], own]), ("", [REPLIES[1]])])
    doc = extract(_thread_page(posts))
    kept = _every_post_kept(doc)
    assert quoted in kept and own in kept
    assert "Originally Posted by ben" not in kept.split("\n")
    assert any(
        b.text == "Originally Posted by ben" and b.reason.value == "byline" for b in doc.stripped
    )


def test_a_posts_reaction_count_and_number_named_by_the_forum_engine_are_counters() -> None:
    """A bare number beside each post, its count of reactions (Invision's
    "ipsReact_reactCount") or its number in the thread (vBulletin's "postcounter"), grows
    or moves with readers' clicks: a counter, whatever the number; a number a post writes
    stays."""
    written = "I counted 12 complaints about the clamp, and 3 about the pads, in 40 reviews."

    def post(number: int, text: str, reactions: int) -> str:
        return (
            f'<article class="post"><a class="postcounter" href="#p{number}">#{number}</a>'
            f'<div class="post-text"><p>{text}</p></div>'
            f'<ul class="reactions"><li class="ipsReact_reactCount"><span><span>{reactions}'
            "</span></span></li></ul></article>"
        )

    posts = post(1, " ".join(OPENING), 7) + post(2, REPLIES[0], 12) + post(3, written, 3)
    doc = extract(_thread_page(f'<div class="posts">{posts}</div>'))
    kept = [block.text for block in doc.blocks]
    assert written in kept and REPLIES[0] in kept
    for counter in ("#1", "#2", "#3", "7", "12"):
        assert counter not in kept
        assert any(b.text == counter and b.reason.value == "counter" for b in doc.stripped)


def test_a_sign_up_aside_a_stylesheet_hides_beside_a_link_post_stays_a_sidebar() -> None:
    """A link post says little under its title, so the sidebar's sign-up box, which the
    stylesheet hides until a wider screen shows it ("hidden xs:flex"), holds most of the
    page's words: it is still an ``<aside>`` once its hiding is undone, never the post."""
    line = "Regulators say that new barriers are emerging for operators working abroad."
    sign_up = [
        "New to the board?",
        "Create your account and connect with people who discuss every topic here.",
        "By continuing, you agree to the board's terms of use and acknowledge that you "
        "understand its privacy policy, which says how your messages are kept and shared.",
    ]
    page = (
        "<html><head><title>Board</title><style>.hidden{display:none}</style></head><body>"
        f"<main><h1>Satellite rules tighten abroad</h1><p>{line}</p></main>"
        f'<div class="rail"><aside class="hidden xs:flex">'
        f"{''.join(f'<p>{text}</p>' for text in sign_up)}</aside></div></body></html>"
    )
    doc = extract(page)
    kept = [block.text for block in doc.blocks]
    assert line in kept
    for text in sign_up[:2]:
        assert text not in kept
        assert any(b.text == text and b.reason is StripReason.ASIDE for b in doc.stripped)


def test_a_links_preview_card_in_a_post_is_another_pages_teaser() -> None:
    """A post that links a page gets the forum's preview card of it (XenForo's
    "bbCodeBlock--unfurl"): that page's title, its description and its site's name, fetched
    from the linked page, not written by the poster; the post's own line about it stays,
    however long the description."""
    own = "This review measured both pairs on a head simulator; the charts settle it for me."
    description = (
        "We measured the frequency response, isolation and clamping force of twelve closed "
        "headphones under three hundred, and we wore each of them for a full working day to "
        "judge their comfort for people who wear glasses, which changed our ranking twice."
    )
    card = (
        '<div class="bbCodeBlock bbCodeBlock--unfurl js-unfurl fauxBlockLink">'
        '<div class="contentRow"><div class="contentRow-main">'
        '<h3 class="contentRow-header js-unfurl-title">'
        '<a href="https://reviews.example/closed">Best closed headphones of the year</a></h3>'
        f'<div class="contentRow-snippet js-unfurl-desc">{description}</div>'
        '<div class="contentRow-minor"><span class="js-unfurl-favicon"></span>'
        "reviews.example</div></div></div></div>"
    )
    posts = _post("ana", OPENING) + _post("ben", [REPLIES[0]]) + _post("chloe", [REPLIES[1]])
    posts += _post("dan", [own]).replace("</p></div>", f"</p>{card}</div>", 1)
    doc = extract(_thread_page(f'<div class="block-body">{posts}</div>'))
    kept = _every_post_kept(doc)
    assert own in kept
    for text in (description, "reviews.example"):
        assert text not in kept.split("\n")
        assert any(b.text == text and b.reason is StripReason.RELATED for b in doc.stripped)
