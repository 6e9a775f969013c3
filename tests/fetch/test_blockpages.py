"""Block-page recognition: hand-written walls are caught; real articles that merely talk
about captchas, logins or access are not."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.fetch.blockpages import detect_block

HTML = [("Content-Type", "text/html; charset=utf-8")]

ARTICLE_PARAGRAPHS = "".join(
    f"<p>Paragraph {n}: patients in the programme reported how their morning routine, "
    f"sleep and diet changed over twelve weeks, and the clinic summarised the findings "
    f"for readers who want to discuss them with their own doctor.</p>"
    for n in range(20)
)


def page(title: str, body: str, head: str = "") -> bytes:
    return (
        f"<!doctype html><html><head><title>{title}</title>{head}</head><body>{body}</body></html>"
    ).encode()


@pytest.mark.parametrize(
    ("status", "headers", "body", "label"),
    [
        (
            403,
            [("cf-mitigated", "challenge"), ("Server", "cloudflare")],
            page("Just a moment...", "<p>Checking your browser</p>"),
            "Cloudflare challenge page",
        ),
        (
            503,
            [("Server", "cloudflare")],
            page(
                "Just a moment...",
                "<h1>example.org</h1><p>Verifying you are human.</p>",
                '<script src="/cdn-cgi/challenge-platform/h/g/orchestrate/chl_page/v1"></script>',
            ),
            "Cloudflare challenge page",
        ),
        (
            403,
            [("Server", "cloudflare")],
            page(
                "Attention Required! | Cloudflare",
                '<div id="cf-error-details"><h1>Sorry, you have been blocked</h1></div>',
            ),
            "Cloudflare block page",
        ),
        (
            403,
            [("Server", "AkamaiGHost")],
            page(
                "Access Denied",
                "<h1>Access Denied</h1>You don't have permission to access "
                '"http://www.example.com/health/" on this server.<p>Reference #18.2f3e1002'
                ".1732481234.9a1b2c3<p>https://errors.edgesuite.net/18.2f3e1002</p>",
            ),
            "Akamai access-denied page",
        ),
        (
            403,
            [],
            page(
                "example.com",
                '<div id="ddv1"></div><script src="https://ct.captcha-delivery.com/c.js"></script>',
            ),
            "DataDome captcha wall",
        ),
        (
            200,
            [],
            page(
                "Request unsuccessful",
                "<iframe src=/_Incapsula_Resource?SWUDNSAI=31></iframe>"
                "Request unsuccessful. Incapsula incident ID: 1234-5678",
            ),
            "Imperva/Incapsula block page",
        ),
        (
            200,
            [],
            page(
                "Security check",
                '<form><div class="g-recaptcha" data-sitekey="6Lc"></div></form>',
            ),
            "challenge page (Security check)",
        ),
        (
            200,
            [],
            page(
                "Clinic blog",
                '<p>Please confirm you are not a robot.</p><div class="h-captcha"></div>',
            ),
            "captcha wall",
        ),
        (
            200,
            [],
            page(
                "Members area",
                '<form action="/login"><input name="user"><input type="password" name="pw"></form>',
            ),
            "login wall",
        ),
        (
            200,
            [],
            page(
                "Log in | Health Journal",
                ARTICLE_PARAGRAPHS[:900] + '<input name=password type="password">',
            ),
            "login wall",
        ),
        (401, [], page("Unauthorized", "<p>401</p>"), "login required (HTTP 401)"),
        (403, [], page("Error", "<p>Go away</p>"), "access denied (HTTP 403)"),
        (200, [("x-amzn-waf-action", "captcha")], page("x", ""), "AWS WAF captcha"),
        (451, [], page("Unavailable", ""), "unavailable for legal reasons (HTTP 451)"),
    ],
)
def test_walls_are_recognised(status, headers, body, label):
    assert detect_block(status, HTML + headers, body) == label


def test_login_form_on_a_login_url_is_a_wall():
    body = page(
        "Welcome",
        ARTICLE_PARAGRAPHS + '<form><input type="password" name="pwd"></form>',
    )
    assert detect_block(200, HTML, body, url="https://news.example/account/login?next=/a") == (
        "login wall"
    )


@pytest.mark.parametrize(
    "body",
    [
        # An article about captchas and access-denied errors is still an article.
        page(
            "Why your patient portal says Access Denied",
            "<h1>Why your patient portal says Access Denied</h1>"
            + ARTICLE_PARAGRAPHS
            + "<p>A captcha or a login page is not a diagnosis.</p>",
        ),
        # A news article with a hidden sign-in modal in its header.
        page(
            "Study links walking to lower blood pressure",
            '<div class="modal" hidden><form><input type="email">'
            '<input type="password"></form></div>' + ARTICLE_PARAGRAPHS,
        ),
        # A Cloudflare-served article: the bot-management script is on every page.
        page(
            "Just a moment of calm: breathing exercises that help",
            ARTICLE_PARAGRAPHS,
            '<script src="/cdn-cgi/challenge-platform/scripts/jsd/main.js"></script>',
        ),
        # A contact form protected by reCAPTCHA below a long article.
        page(
            "Our approach to chronic fatigue",
            ARTICLE_PARAGRAPHS + '<form><div class="g-recaptcha"></div></form>',
        ),
    ],
)
def test_articles_are_not_walls(body):
    assert detect_block(200, [*HTML, ("Server", "cloudflare")], body) is None


@settings(deadline=None)  # no per-example time limit on a loaded machine
@given(status=st.integers(100, 599), body=st.binary(max_size=4000), url=st.text(max_size=80))
def test_never_crashes_on_random_bytes(status, body, url):
    result = detect_block(status, HTML, body, url=url)
    assert result is None or isinstance(result, str)


@settings(deadline=None)  # no per-example time limit on a loaded machine
@given(st.text(max_size=3000))
def test_never_crashes_on_random_markup(text):
    body = f"<html><head><title>{text[:50]}</title></head><body>{text}</body></html>".encode(
        "utf-8", errors="surrogatepass"
    )
    detect_block(200, HTML, body)
