"""A terms page of the shape that fools the classifier, and the selectors that set it right:
the terms table sits in a box whose class says "footer", and a promotion sits inside the
article's flow (tests of include/exclude selectors in extraction and in checks)."""

from __future__ import annotations

from tracker.extraction import Selection

TERMS = (
    "These terms govern your use of the service and every feature it offers to you. "
    "By creating an account you accept them, and you may close the account at any time."
)


def terms_page(
    promo: str = "Get 20% off this week only with the code SPRING.", fee: str = "10"
) -> str:
    return (
        "<html><head><title>Terms of service</title></head><body>"
        '<nav><a href="/">Home</a></nav><main><article><h1>Terms of service</h1>'
        f"<p>{TERMS}</p><p>{TERMS.replace('service', 'platform')}</p>"
        f'<div class="spring-notice"><p>{promo} New customers only, while stocks last.</p></div>'
        "</article>"
        '<div class="legal-footer"><table>'
        "<tr><td>Fees</td><td>"
        f"The monthly fee is {fee} euros, billed at the start of each month of use.</td></tr>"
        "<tr><td>Refunds</td><td>Fees paid are refunded pro rata when we end the service.</td></tr>"
        "</table></div></main></body></html>"
    )


SELECTION = Selection.of(include=["article", ".legal-footer"], exclude=[".spring-notice"])
