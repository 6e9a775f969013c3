"""A consent notice or a newsletter sign-up is never the article, even when no class name
says what it is (a build tool's hashed names) and it holds the page's only prose.

Pages written here in the shapes seen: a blog's index whose cards are all short lines and a
consent notice under hashed class names; a shop's category of products whose footer holds
most of the prose, a sign-up box among it.
"""

from __future__ import annotations

from tracker.extraction import extract
from tracker.extraction.notices import notice_kind, reads_as_notice
from tracker.model import StripReason

R = StripReason

CONSENT = (
    "To keep this reader running we record how it is used. By using Lantern, you agree to "
    "our privacy terms, including our cookie policy."
)
SIGN_UP = (
    "By pressing \u201cJoin the list\u201d you agree to receive our e-mail offers now and "
    "then. You can unsubscribe at any time with the link in each letter."
)
CARDS = [
    ("Tuning a queue for bursty writers", "By Ada Morel", "Mar 3, 2025"),
    ("What our pager taught us about sleep", "By Tomas Ilić", "Feb 20, 2025"),
    ("Moving search to a columnar store", "By Ada Morel", "Feb 2, 2025"),
    ("Three small fixes to our build cache", "By Rui Sato", "Jan 15, 2025"),
]
PRODUCTS = [
    ("Halden K-20 Studio", ["Closed-back", "Over-ear", "32 Ohm"]),
    ("Marrow HX-5 Monitor", ["Open-back", "Over-ear", "250 Ohm"]),
    ("Tessel 40 Pro", ["Semi-open", "On-ear", "64 Ohm"]),
    ("Quill DT-9", ["Closed-back", "Over-ear", "80 Ohm"]),
    ("Halden K-30 Mastering", ["Open-back", "Over-ear", "Detachable cable"]),
    ("Marrow HX-2 Tracking", ["Closed-back", "Noise isolation 32 dB", "Folding"]),
    ("Tessel 20 Go", ["Wireless", "On-ear", "40 hours of playback"]),
    ("Quill DT-7 Studio", ["Closed-back", "Over-ear", "Velour ear pads"]),
]


def blog_index(*, notice: bool) -> str:
    """A blog's index of short cards (title, byline, date: no sentence) under hashed names."""
    cards = "".join(
        f'<div class="k3 x9"><h2 class="q1"><a href="/p/{n}">{title}</a></h2>'
        f'<p class="q2">{author}</p><span class="q3">{date}</span></div>'
        for n, (title, author, date) in enumerate(CARDS)
    )
    box = f'<div class="z1 r7"><div class="r8"><p class="r9">{CONSENT}</p></div></div>'
    return f"""<!doctype html><html lang="en"><head><title>Lantern Engineering</title></head>
<body>{box if notice else ""}
<div class="a1 b2"><h1 class="t0">Lantern Engineering</h1><p class="t1">12K followers</p>
<div class="c5">{cards}</div></div></body></html>"""


def shop_category(*, sign_up: bool) -> str:
    """A shop's category: product cards of short lines in its ``<main>``, and a footer
    holding most of its prose."""
    items = "".join(
        f'<li class="product-card"><a href="/p/{n}">{name}</a><ul>'
        + "".join(f"<li>{feature}</li>" for feature in features)
        + "</ul></li>"
        for n, (name, features) in enumerate(PRODUCTS)
    )
    box = (
        '<div class="flex flex-col gap-2"><h3>The Halden letter</h3>'
        "<p>Subscribe to our newsletter and hear first about new arrivals and events.</p>"
        f'<p>{SIGN_UP}</p><form><input type="email"><button>Join the list</button></form></div>'
    )
    return f"""<!doctype html><html lang="en"><head><title>Studio headphones | Halden</title>
</head><body><header><nav><a href="/">Home</a> <a href="/audio">Audio</a></nav></header>
<main><h1>Studio headphones</h1><ul class="product-grid">{items}</ul></main>
<footer class="shop-footer"><div class="cols">{box if sign_up else ""}<div class="pay">
<p>Pay safely by bank transfer, card or invoice, and return anything within thirty days.</p>
<p>&copy; 2025 Halden Audio GmbH. Prices include VAT.</p></div></div></footer></body></html>"""


def test_a_consent_notice_under_hashed_names_is_not_the_article() -> None:
    doc = extract(blog_index(notice=True))
    assert "cookie policy" not in doc.text
    notice = [block for block in doc.stripped if block.text == CONSENT]
    assert [(block.reason, block.detail) for block in notice] == [
        (R.COOKIE_BANNER, "reads as a consent notice")
    ]
    # the page is read as it is read without the notice
    assert doc.text == extract(blog_index(notice=False)).text


def test_a_sign_up_box_in_a_footer_holding_most_prose_is_not_the_article() -> None:
    doc = extract(shop_category(sign_up=True))
    assert "unsubscribe" not in doc.text
    assert {block.reason for block in doc.stripped if block.text == SIGN_UP} == {R.NEWSLETTER}
    for name, features in PRODUCTS:
        assert name in doc.text
        assert all(feature in doc.text for feature in features)
    # the box coming and going does not move the main content
    assert doc.text == extract(shop_category(sign_up=False)).text


def shop_collection() -> str:
    """A shop's collection of names and prices, and its cart drawer hidden until opened."""
    items = "".join(
        f'<li class="tile"><a href="/p/{n}">{name}</a><span>Sale price &euro;{40 + n}</span></li>'
        for n, (name, _) in enumerate(PRODUCTS[:4])
    )
    drawer = "".join(
        f"<p>{line}</p>"
        for line in (
            "Subtotal",
            "&euro;0.00",
            "Taxes and shipping calculated at checkout.",
            "The tax shown at checkout is an estimate and may differ from the amount charged "
            "on your order confirmation.",
            "Delivery times shown at checkout depend on the carrier and your address.",
        )
    )
    return f"""<!doctype html><html lang="en"><head><title>Headphones | Halden</title>
<style>.drawer {{ display: none }}</style></head><body>
<main><h1>Headphones</h1><ul class="grid">{items}</ul></main>
<div class="drawer">{drawer}</div></body></html>"""


def test_a_cart_drawer_read_when_the_page_shows_little_is_not_the_article() -> None:
    doc = extract(shop_collection())
    assert "checkout" not in doc.text
    assert {block.detail for block in doc.stripped if "checkout" in block.text} == {
        "reads as a shopping cart"
    }
    assert all(name in doc.text for name, _ in PRODUCTS[:4])


SCREENING = [
    "Screen every renter before the keys change hands: a valid licence, two years of "
    "driving and no serious offence in the last five.",
    "Check the licence against the national register on the day of the rental, not "
    "the day of the booking.",
]
DISCLAIMERS = [
    "This material is general information only and is not intended to replace the advice "
    "of a qualified professional. Products and services named here may not be available "
    "in every state, and their terms may change without notice to the reader.",
    "Insurance is offered through Harbour Mutual and its affiliates, each responsible for "
    "its own products; neither guarantees the obligations of the other, and a policy's "
    "own wording decides what it covers, whatever a summary on this site says.",
]


def test_a_footer_holding_most_of_the_prose_is_not_the_article() -> None:
    page = f"""<html><head><title>Renter screening</title></head><body>
<header><nav><a href="/">Home</a> <a href="/risk">Risk</a></nav></header>
<div class="wrap"><h1>Renter screening</h1>{"".join(f"<p>{t}</p>" for t in SCREENING)}</div>
<footer><div class="legal">{"".join(f"<p>{t}</p>" for t in DISCLAIMERS)}</div>
<p>&copy; 2025 Harbour Mutual. All rights reserved.</p></footer></body></html>"""
    doc = extract(page)
    assert all(text in doc.text for text in SCREENING)
    assert not any(text[:40] in doc.text for text in DISCLAIMERS)
    assert {b.reason for b in doc.stripped if b.text in DISCLAIMERS} == {R.FOOTER}


CATEGORIES = [
    ("Strictly necessary", "Necessary cookies make the site work: they remember your session, "
     "keep the checkout secure and store the choices you make in this panel."),
    ("Statistics", "Statistics cookies help us understand how visitors move through the site, "
     "which pages are read and where people leave, by collecting information anonymously."),
    ("Marketing", "Marketing cookies follow visitors across websites so that partners can show "
     "ads that are relevant to each user, and measure how often they are seen."),
]  # fmt: skip
COOKIE_ROWS = [
    ("_sid", "Session", "Keeps you signed in while you browse"),
    ("_st", "1 year", "Counts visits and the pages read on each"),
]


def test_a_consent_panel_with_its_cookie_list_is_not_the_article() -> None:
    """The panel outweighs a short notice of the library's: its categories and its list of
    cookies (which changes whenever a partner does) go whole, the article is read."""
    categories = "".join(f'<div class="q8"><h3>{t}</h3><p>{d}</p></div>' for t, d in CATEGORIES)
    rows = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in COOKIE_ROWS)
    article = (
        "<p>From March the central library opens at nine on weekdays, an hour earlier.</p>"
        "<p>Weekend hours stay as they are, and the reading room keeps its late Thursday.</p>"
    )
    page = f"""<html><head><title>Library hours change</title></head><body>
<nav><a href="/">Home</a></nav><div class="a3"><h1>Library hours change</h1>{article}</div>
<div class="q7"><h2>Your privacy choices</h2>{categories}<table>{rows}</table>
<button>Save choices</button></div></body></html>"""
    doc = extract(page)
    assert "central library opens at nine" in doc.text
    assert "cookies" not in doc.text and "Keeps you signed in" not in doc.text
    assert {b.reason for b in doc.stripped if b.text in {"_sid", "1 year"}} == {R.COOKIE_BANNER}


def test_a_page_about_its_newsletter_keeps_the_sign_up_as_its_article() -> None:
    page = f"""<html><head><title>The Halden newsletter</title></head><body>
<nav><a href="/">Home</a></nav><div class="m4"><h1>The Halden newsletter</h1>
<p>Once a month: new arrivals, a workshop near you and one listening tip.</p>
<p>{SIGN_UP}</p></div><footer><p>&copy; 2025 Halden Audio GmbH</p></footer></body></html>"""
    assert "unsubscribe at any time" in extract(page).text
    renamed = page.replace("The Halden newsletter", "Halden")
    assert "unsubscribe at any time" not in extract(renamed).text  # what the title decides


def test_a_notice_that_is_all_the_page_shows_is_kept_rather_than_nothing() -> None:
    page = f"<html><head><title>Lantern</title></head><body><p>{CONSENT}</p></body></html>"
    assert CONSENT in extract(page).text


def test_a_notice_is_known_by_its_words_and_a_policy_is_not_one() -> None:
    assert notice_kind(CONSENT) is R.COOKIE_BANNER
    assert notice_kind(SIGN_UP) is R.NEWSLETTER
    german = "Wir verwenden Cookies, um die Seite zu verbessern. Alle akzeptieren?"
    assert notice_kind(german) is R.COOKIE_BANNER
    french = (
        "Nous utilisons des cookies pour mesurer l'audience. G\u00e9rer mes pr\u00e9f\u00e9rences"
    )
    assert notice_kind(french) is R.COOKIE_BANNER
    assert notice_kind("Sign up for our weekly e-mail and get new recipes first.") is R.NEWSLETTER
    consenting = "By providing my email, I am consenting to receive Halden emails and offers."
    assert notice_kind(consenting) is R.NEWSLETTER
    assert notice_kind("Taxes and shipping calculated at checkout.") is R.CALL_TO_ACTION
    assert notice_kind("Our newsletter, four years on: what we learned") is None
    policy = (
        "We use cookies, small files stored by your browser, for three purposes. "
        "Strictly necessary cookies keep you signed in and remember your basket; "
        "analytics cookies count visits so that we can see which pages are read; "
        "advertising cookies are set by partners we list below, each with its duration. "
        "You can refuse the last two kinds at any time in your browser's settings, "
        "and the site will keep working without them."
    )
    assert notice_kind(policy) is None  # a policy's own paragraph is longer than a notice
    assert notice_kind("Our cookies are baked fresh every morning in the shop.") is None
    assert reads_as_notice([CONSENT, "Latest"], "Lantern Engineering") is R.COOKIE_BANNER
    assert reads_as_notice([CONSENT], "Our cookie policy") is None
    assert reads_as_notice([CONSENT, *[title for title, _, _ in CARDS] * 2], "Lantern") is None


def privacy_page(title: str) -> str:
    """A clinic's privacy page in French whose short cookie section is most of its text,
    under the two consent managers' panels French sites load (tarteaucitron, Axeptio)."""
    return f"""<!doctype html><html lang="fr"><head><title>{title} - Cabinet Lys</title></head>
<body><nav><a href="/">Accueil</a> <a href="/rdv">Prendre rendez-vous</a></nav>
<main><h1>{title}</h1><h2>Cookies</h2>
<p>Nous utilisons des cookies de mesure d'audience pour savoir quelles pages sont lues.</p>
<p>Les cookies n\u00e9cessaires au site ne peuvent pas \u00eatre refus\u00e9s.</p>
<p>Vous pouvez changer vos pr\u00e9f\u00e9rences de cookies depuis le pied de page.</p>
<p>Les cookies publicitaires ne sont d\u00e9pos\u00e9s qu'avec votre consentement.</p>
<h2>Vos droits</h2><p>Vous pouvez demander l'acc\u00e8s \u00e0 vos donn\u00e9es.</p></main>
<div id="tarteaucitronRoot"><div id="tarteaucitronAlertBig">
<span>En poursuivant, vous acceptez l'utilisation de cookies de statistiques.</span>
<button>Tout accepter</button><button>Tout refuser</button></div></div>
<div id="axeptio_overlay"><div class="axeptio_widget">
<p>Ce site utilise des cookies pour am\u00e9liorer votre visite.</p><button>OK</button></div></div>
</body></html>"""


def test_a_privacy_page_in_another_language_keeps_its_cookie_section() -> None:
    for title in ("Politique de confidentialit\u00e9", "Donn\u00e9es personnelles"):
        document = extract(privacy_page(title))
        assert "Nous utilisons des cookies de mesure" in document.text
        assert "Les cookies publicitaires" in document.text


def test_consent_managers_panels_are_cookie_banners_by_their_names() -> None:
    document = extract(privacy_page("Politique de confidentialit\u00e9"))
    assert "En poursuivant" not in document.text
    assert "Ce site utilise des cookies" not in document.text
    reasons = {block.text[:13]: block.reason for block in document.stripped}
    assert reasons["En poursuivan"] is R.COOKIE_BANNER
    assert reasons["Ce site utili"] is R.COOKIE_BANNER
    assert reads_as_notice([CONSENT], "Datenschutzerkl\u00e4rung") is None
