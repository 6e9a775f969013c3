"""Hand-written revisions of one clinic article, shaped like a Webflow clinic blog post.

Each revision is a real edit a researcher would care about: a hedge dropped, a patient
count raised, a reference added, the declared "Updated on" date moved.
"""

from __future__ import annotations

from html import escape

URL = "https://harbourjoint.example/blog/prp-knee-osteoarthritis"

_PARAGRAPHS = {
    1: [
        "Platelet-rich plasma (PRP) is prepared from a small sample of your own blood, "
        "spun so that the platelets are concentrated before they are injected into the knee.",
        "Several small trials suggest PRP may reduce knee pain for some patients with mild "
        "osteoarthritis for up to six months (1).",
        "Our clinic has offered PRP injections since 2016 and has treated more than 300 "
        "patients with knee pain.",
        "PRP is not a cure, and the evidence for moderate or severe osteoarthritis remains "
        "limited (2).",
    ],
    2: [
        "Platelet-rich plasma (PRP) is prepared from a small sample of your own blood, "
        "spun so that the platelets are concentrated before they are injected into the knee.",
        "Clinical trials show PRP reduces knee pain for patients with osteoarthritis for up "
        "to twelve months (1).",
        "Our clinic has offered PRP injections since 2016 and has treated more than 900 "
        "patients with knee pain.",
        "PRP is not a cure, and the evidence for moderate or severe osteoarthritis remains "
        "limited (2).",
    ],
    3: [
        "Platelet-rich plasma (PRP) is prepared from a small sample of your own blood, "
        "spun so that the platelets are concentrated before they are injected into the knee.",
        "Clinical trials show PRP reduces knee pain for patients with osteoarthritis for up "
        "to twelve months (1)(3).",
        "Our clinic has offered PRP injections since 2016 and has treated more than 1500 "
        "patients with knee pain.",
        "PRP is one of the most effective non-surgical treatments available for knee "
        "osteoarthritis today.",
    ],
}

_REFERENCES = {
    1: [
        "Marston K, Oduya T. Platelet-rich plasma for early knee osteoarthritis: a pilot "
        "trial. Knee Res. 2018;12(3):101-9.",
        "Ferreira L, et al. Injection therapies in knee osteoarthritis: a review. "
        "Orthop Rev Lett. 2017;8:44-52.",
    ],
    3: [
        "Marston K, Oduya T. Platelet-rich plasma for early knee osteoarthritis: a pilot "
        "trial. Knee Res. 2018;12(3):101-9.",
        "Ferreira L, et al. Injection therapies in knee osteoarthritis: a review. "
        "Orthop Rev Lett. 2017;8:44-52.",
        "Nakamura S, Biel R. Twelve-month outcomes of PRP in knee osteoarthritis. "
        "J Sports Regen Med. 2022;5(1):12-20.",
    ],
}
_REFERENCES[2] = _REFERENCES[1]

UPDATED = {1: "Dec 2, 2019", 2: "Jun 15, 2021", 3: "Apr 11, 2024"}


def article(version: int, *, banner: str = "Book a free consultation today") -> bytes:
    """Revision ``version`` (1-3) as the clinic served it; ``banner`` is chrome that rotates."""
    paragraphs = "".join(f"<p>{escape(text)}</p>" for text in _PARAGRAPHS[version])
    references = "".join(f"<li>{escape(text)}</li>" for text in _REFERENCES[version])
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        "<title>PRP injections for knee osteoarthritis | Harbour Joint Clinic</title>"
        '<meta name="author" content="Dr. Amira Castell"></head><body>'
        '<div class="navbar w-nav"><a href="/">Harbour Joint Clinic</a>'
        '<nav class="w-nav-menu"><a href="/treatments">Treatments</a>'
        '<a href="/blog">Blog</a><a href="/contact">Contact</a></nav></div>'
        '<main><article class="blog-post">'
        "<h1>PRP injections for knee osteoarthritis: what to expect</h1>"
        f'<div class="post-meta"><p>Updated on {UPDATED[version]}</p>'
        "<p>Written by Dr. Amira Castell</p></div>"
        f'<div class="rich-text w-richtext">{paragraphs}'
        f"<h2>References</h2><ol>{references}</ol></div></article></main>"
        f'<section class="cta-section"><h3>{escape(banner)}</h3>'
        '<a class="button w-button" href="/contact">Contact us</a></section>'
        '<div class="newsletter w-form"><form><input type="email" name="email">'
        '<input type="submit" value="Subscribe"></form>'
        '<div class="w-form-done">Thank you! Your submission has been received!</div>'
        '<div class="w-form-fail">Oops! Something went wrong.</div></div>'
        '<footer class="footer">Harbour Joint Clinic, 4 Quay Street</footer>'
        "</body></html>"
    ).encode()


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
