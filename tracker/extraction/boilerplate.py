"""Which parts of a page are chrome, decided from structure, never from sentences.

Two kinds of evidence, both structural:

* marks on elements (``chrome_mark``): semantic tags (nav, header, footer, aside,
  form), ARIA roles, and the class/id vocabularies of site builders and CMSs
  (Webflow ``w-form-done``, WordPress ``sharedaddy``/``widget``, Squarespace
  ``sqs-block-newsletter``, Wix, Ghost ``gh-``, news CMSs). A mark says why the
  whole subtree is chrome.
* the main content (``main_content.find_main``): the element that gathers the most
  prose. Blocks outside it are chrome by position; a mark on an element that
  *contains* the main content is ignored (a ``comments-open`` class on the <article>
  does not make the article a comment section), and so is a mark on an element that
  holds most of the page's prose (``wrappers.revoke_wrapping_marks``: it wraps the article).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import Enum
from itertools import islice
from typing import Final

from lxml import etree

from tracker.extraction.clean import hiding_modifier, is_question, names_panel
from tracker.extraction.dom import text_of, tokens_of
from tracker.extraction.patterns import EdgeVocabulary
from tracker.memo import Recent, remembered
from tracker.model import StripReason

# (reason, detail, element), innermost last
Mark = tuple[StripReason, str, etree._Element]

R: Final = StripReason

# the members the per-element questions below compare with, read once: an enum member read
# through its class costs ~0.4 µs on Python 3.11 (the hook of EnumType's __getattr__)
_HIDDEN: Final = R.HIDDEN
_HEADER: Final = R.HEADER
_CALL_TO_ACTION: Final = R.CALL_TO_ACTION
_NAVIGATION: Final = R.NAVIGATION
_ASIDE: Final = R.ASIDE
_LOW_CONTENT: Final = R.LOW_CONTENT
_RELATED: Final = R.RELATED
_NEWSLETTER: Final = R.NEWSLETTER
_FORM: Final = R.FORM
_DATE_LINE: Final = R.DATE_LINE

# Tags whose subtree is chrome by HTML semantics.
TAG_MARKS: Final[dict[str, StripReason]] = {
    "nav": R.NAVIGATION,
    "header": R.HEADER,
    "footer": R.FOOTER,
    "aside": R.ASIDE,
    "form": R.FORM,
    "button": R.CALL_TO_ACTION,
    "select": R.FORM,
    "label": R.FORM,
    "dialog": R.CALL_TO_ACTION,
    "menu": R.NAVIGATION,
}

# tags whose verdict a class or id name saying the same holds, not weakens to evidence: a
# shop's filters in a <form class="facets__form">, a <label class="form__label">, are a
# form as a bare <form> is (a <header> is read by its place, a <button> by what it opens)
_TAG_DECIDES: Final = frozenset(TAG_MARKS) - {"header", "button"}

ROLE_MARKS: Final[dict[str, StripReason]] = {
    "navigation": R.NAVIGATION,
    "menubar": R.NAVIGATION,
    "menu": R.NAVIGATION,
    "banner": R.HEADER,
    "contentinfo": R.FOOTER,
    "complementary": R.ASIDE,
    "search": R.FORM,
    "form": R.FORM,
    "dialog": R.CALL_TO_ACTION,
    "alertdialog": R.CALL_TO_ACTION,
    "button": R.CALL_TO_ACTION,
}
# roles whose verdict a name saying the same holds, as ``_TAG_DECIDES``: a wiki's table of
# contents, "toc" with role="navigation" (a banner is read by its place, a button by what
# it holds and opens)
_ROLE_DECIDES: Final = frozenset(ROLE_MARKS) - {"banner", "button"}

# Class/id vocabulary. Each pattern is matched against one class or id token, with
# word edges at the token's ends and at '-' / '_' (so "share-buttons" matches
# "share" but "shareholder" does not). Order matters: the first match wins.
_VOCABULARY: Final[list[tuple[StripReason, str]]] = [
    (
        R.COOKIE_BANNER,
        r"cookies?|cookie-?(banner|notice|consent|bar|law)|gdpr|consent"
        r"|cc-(banner|window)|onetrust|cookielaw|truste|qc-cmp2-container|osano"
        r"|cybotcookiebotdialog|didomi-host|didomi-popup|usercentrics-root|sp_message_container"
        # consent managers many French and German sites load: tarteaucitron.js (public
        # bodies, health sites), Axeptio, Borlabs Cookie, iubenda
        r"|tarteaucitronroot|tarteaucitronalertbig|axeptio|borlabscookie|borlabscookiebox"
        r"|iubenda-cs-banner",
    ),
    (
        R.NEWSLETTER,
        r"newsletters?|subscribe|subscribers?|subscription|subscriptions|sign-?up|signup-form"
        r"|mailchimp|mc4wp|mc_embed_signup|mc-embedded|optin|opt-in|email-capture"
        r"|email-signup|klaviyo|convertkit|ck_form|gh-subscribe|sqs-block-newsletter"
        r"|newsletter-form|ml-form|mailerlite|hubspot-form|hs-form|substack",
    ),
    (
        R.FORM,
        r"w-form|wpcf7|gform_wrapper|gform|contact-form|search-form|searchform|search-box"
        r"|searchbox|search-bar|wpforms|formkit|login|log-in|sign-in|register-form|form",
    ),
    # a post's count of reactions, votes or likes, or its number in the thread, as forum
    # engines name it (Invision's "ipsReact_reactCount", vBulletin's "postcounter", MyBB's
    # "reputation_positive", Lobsters' "upvoter"): it moves with every reader's click (a
    # rating's count of votes, IMDb's "ipc-rating-star--votecount", is the item's own fact)
    (
        R.COUNTER,
        r"reactcount|react-count|reactions?-count|likecount|likes?-count|upvoters?"
        r"|postcounter|post-counter|reputation-(positive|negative|neutral)",
    ),
    (
        R.COMMENTS,
        r"comments?|comment-(list|respond|form|section|area|body)|commentlist"
        r"|respond|disqus|disqus_thread|discussion|replies|reply-form|fb-comments"
        r"|reviews|customer-reviews?|product-reviews?|user-reviews?|review-list|yotpo|okendo"
        r"|jdgm|judgeme|stamped-reviews|trustpilot|bazaarvoice|bv-rr|loox",
    ),
    (
        R.LOW_CONTENT,
        r"credits?|image-credit|photo-credit|gallery|testimonials?|reviews-slider|marquee|ticker"
        # a forum post's author card: rank, join date, post count, badges, signature
        r"|user-?(info|details|extras|stats|title|banner)|usertitle|userbanner|postprofile"
        r"|post-?signature",
    ),
    # a carousel is evidence, not a verdict: a service's or a product's own text is often
    # in slides; rotating testimonials and teasers are furniture (volatile.py decides)
    (R.CAROUSEL, r"slideshow|carousel|slider|slides"),
    (R.EMBED, r"w-embed|w-script|sqs-block-code|wixui-html|html-embed|code-embed|global-css"),
    (
        R.SHARE,
        r"share|shares|sharing|sharedaddy|social-(share|links|icons|buttons|follow|bar)"
        r"|addthis|addtoany|sharethis|a2a_kit|share-buttons|jp-sharing|shariff|sociable",
    ),
    # boxes of other pages' teasers, a link's preview card among them: the title,
    # description and site name a forum fetches from the page a post links to (XenForo's
    # "bbCodeBlock--unfurl")
    (
        R.RELATED,
        r"related|related-(posts|articles|stories|content)|more-(stories|articles|posts)"
        r"|recommended|recommendations|read-next|read-more|you-may-like|also-like"
        r"|most-(read|popular|viewed)|popular-posts|trending|yarpp|jp-relatedposts"
        r"|further-reading|next-post|prev-post|post-navigation|nav-links|more-from|unfurl",
    ),
    (
        R.AD,
        r"ads?|advert|adverts|advertisement|advertising|ad-(slot|unit|container|wrapper|banner)"
        r"|adsbygoogle|dfp|gpt-ad|sponsored|sponsor|taboola|outbrain|promoted|native-ad"
        r"|banner-ad|google-ad|adunit|ad-placeholder|advertorial",
    ),
    (
        R.CALL_TO_ACTION,
        r"cta|ctas|call-to-action|calltoaction|w-button|btn|button|buttons"
        r"|onboarding|get-started|getstarted|sqs-block-button|wixui-button"
        r"|promo|promo-box|popup|pop-up|modal|lightbox|popover|tooltip|tool-tip|banner-cta|signup-cta"
        r"|book-now|booking|apply-now|free-consultation|consultation",
    ),
    (
        R.LOGO_STRIP,
        r"logos|logo-(strip|grid|wall|row|list|bar|carousel|slider|marquee)"
        r"|partners|partner-logos|clients|client-logos|as-seen-(in|on)"
        r"|featured-in|press-logos|trust-(bar|badges?|logos)|accreditations",
    ),
    (
        R.NAVIGATION,
        r"nav|navbar|navigation|menu|menus|main-menu|breadcrumbs?|pagination|pager"
        r"|skip-link|skip-to-content|w-nav|sqs-nav|wixui-dropdown-menu|toc"
        r"|table-of-contents|site-nav|tags|tag-list|post-tags|tag-links|categories"
        r"|cat-links|topics|tagcloud"
        # WooCommerce's product meta: the categories and tags a product is filed under
        r"|posted-in|tagged-as"
        # a category page's links to the categories beside it in the site's taxonomy
        # (Dotdash Meredith's "mntl-taxonomysc-sibling-nodes": "More In Condiments & Sauces")
        r"|sibling-nodes?|sibling-(?:pages|categories|links)"
        # table-of-contents plugins that spell "toc" inside a word (LuckyWP's, SimpleTOC's)
        r"|lwptoc|simpletoc",
    ),
    (
        R.HEADER,
        r"site-header|masthead|header|top-bar|topbar|page-header-bar|global-header"
        # MediaWiki's tagline under every page's title, its skins' "siteSub" ("From
        # Wikipedia, the free encyclopedia", "From ArchWiki")
        r"|sitesub",
    ),
    (R.FOOTER, r"footer|site-footer|colophon|page-footer|global-footer|copyright|legal"),
    (
        R.ASIDE,
        r"sidebar|side-bar|sidebars|widget|widgets|widget-area|rail|right-rail|left-rail"
        r"|sidenav|secondary",
    ),
    (
        R.BYLINE,
        r"byline|author|authors|author-(info|box|bio|name)|about-author|post-author"
        r"|entry-author|contributor|bio|entry-meta|post-meta|article-meta|byline-meta|story-meta"
        r"|meta-info|post-info|article-info|post-byline|article-byline|abh_box"
        # WordPress author-box plugins' names: Simple Author Box's bio box under each post
        r"|saboxplugin-wrap",
    ),
    (
        R.DATE_LINE,
        r"date|dates|dateline|timestamp|published|updated|post-date|entry-date"
        r"|posted-on|pubdate|publish-date|modified-date|article-date",
    ),
]

# Whole tokens only: "hidden-xs" hides on small screens, the text is still there.
_HIDDEN_TOKENS: Final = {
    "w-form-done",
    "w-form-fail",
    "w-condition-invisible",
    "sr-only",
    "visually-hidden",
    "screen-reader-text",
    "screen-reader-only",
    "d-none",
    "is-hidden",
    "hidden",
    "invisible",
    "u-hidden",
    "visuallyhidden",
    "offscreen",
    "hide",
    "js-hidden",
}

_TOKEN_PATTERNS: Final = EdgeVocabulary(_VOCABULARY)
# tokens that look like chrome words but describe content wrappers
_CONTENT_TOKEN: Final = re.compile(
    r"^(?:(?:single|main|page|the|td|tdb|c|l|js|o|m)[-_])?"
    r"(?:article|entry|post|story|blog|main|page|news)[-_]?"
    r"(?:content|body|text|inner|entry|main)$"
    r"|^(?:content|main-content|w-richtext|rich-text|richtext|prose|articlebody|storybody"
    r"|article|story|entry|post-body|article-body)$"
)
# how every token _CONTENT_TOKEN names ends (looked for in C before the pattern is tried)
_CONTENT_ENDINGS: Final = (
    "content", "body", "text", "inner", "entry", "main", "prose", "article", "story",
)  # fmt: skip
# '-' edges let "ad" match "ad-slot" but also "load-more", "head-ad"; these stay neutral
_NEUTRAL_TOKENS: Final = {
    "has-sidebar",
    "no-sidebar",
    "with-sidebar",
    "sidebar-left",
    "sidebar-right",
    "comments-open",
    "comments-closed",
    "ping-open",
    "has-post-thumbnail",
    "header-image",
    "has-header",
    "no-js",
    "js",
    "wf-loading",
    "hentry",
}
_LOGO_ALT: Final = re.compile(r"\blogo\b", re.IGNORECASE)


# a style utility names how text looks, not what the element is: "text-secondary",
# "a-color-secondary", "bg-body-secondary", "typography-site-modal-headline" (Bootstrap,
# Tailwind, Amazon's and Apple's design systems) carry no chrome word
_STYLE_NAMES: Final = (
    "text", "font", "color", "colour", "bg", "background", "fg", "typo", "typography",
    "textspan", "textspans",
)  # fmt: skip
_STYLE_WORDS: Final = frozenset(_STYLE_NAMES)
_STYLE_TOKEN: Final = re.compile(r"^(?:[a-z]{1,4}-)?(?:" + "|".join(_STYLE_NAMES) + r")[-_]")


def _styles(token: str, words: list[str]) -> bool:
    """Whether the token is a style utility (``_STYLE_TOKEN``), ``words`` its words between
    its edges: the style's word, a whole word, is the first or the second (after a prefix),
    looked up before the pattern is tried (~2,000 instructions a token)."""
    return (
        words[0] in _STYLE_WORDS or (len(words) > 1 and words[1] in _STYLE_WORDS)
    ) and _STYLE_TOKEN.match(token) is not None


# a state a script gives an element at its name's end ("menu-open", "header_sticky")
_STATES: Final = (
    "enabled",
    "disabled",
    "open",
    "opened",
    "closed",
    "active",
    "inactive",
    "loaded",
    "loading",
    "visible",
    "initialized",
    "ready",
    "sticky",
    "fixed",
    "expanded",
    "collapsed",
    "eligible",
)
_STATE_SET: Final = frozenset(_STATES)


def _ends_in_state(words: list[str]) -> bool:
    """Whether a token, ``words`` its words between its edges, ends with '-' or '_' and a
    state: no state holds either, so its last word is looked up, where ``endswith`` of the 34
    endings compared each (~3,000 instructions a token)."""
    return len(words) > 1 and words[-1] in _STATE_SET


def _words(token: str) -> list[str]:
    """A class or id token's words between its edges, '-' and '_' (``_EDGE``'s split, at a
    fifth of its cost), read once for the questions asked of them."""
    return token.replace("_", "-").split("-")


# a utility under a Tailwind variant ("dark:text-secondary-dark", "hover:bg-secondary-700",
# "lg:top-[var(--header-height)]"): how the element looks in a state or from a width, never
# what it is; React's generated ids ("carousel-:r9:") end with the colon, URLs hold "//"
_VARIANT_TOKEN: Final = re.compile(r"^[a-z0-9\[][^:\s]*[a-z0-9\]]:(?!.*(?://|:$))")


# page builders' names for every module of a page, whatever it holds: "widget" there is a
# block of the layout (Elementor's text editor, HubSpot's rich text), not a sidebar's box;
# what follows the prefix still names the module ("elementor-widget-nav-menu" is a menu),
# and a module that lists the site's posts is a box beside the article, as a widget is
_BUILDER_PREFIXES: Final = ("elementor-widget", "hs_cos_wrapper_widget")  # looked for in C first
_BUILDER_MODULE: Final = re.compile(r"^(?:" + "|".join(_BUILDER_PREFIXES) + r")(?:[-_]|$)")
_POST_LIST_MODULE: Final = re.compile(r"^(?:archive-)?(?:posts|loop-grid|loop-carousel|portfolio)$")
# one placed module of a page builder named by its instance's generated number or UUID
# ("widget_1755214676739", "widget_135f7097-4588-4575-a48c-727eee2c48e0"): a block of the
# layout like any other, not a sidebar's box, whose widgets a CMS names by their type
_MODULE_INSTANCE: Final = re.compile(
    r"widgets?[-_](?:\d{6,}|[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12})$"
)


# an accordion's or an FAQ's name ("accordion-button", "faq-button", "faq-list__label-button"):
# its button is the question or title of the panel it opens
_ACCORDION: Final = re.compile(r"(?:^|[-_])(?:accordion|faqs?)(?:$|[-_])")
# a forum post's signature ("signature", "message-signature", "postsignature",
# "signature-content-wrapper", vBulletin's "signaturecontainer" inside its quote-styled
# box): what the name ends with, so a product's "digital-signature-compatible" feature or a
# menu's "signature-dishes" is not one
_SIGNATURE: Final = re.compile(r"signatures?(?:container)?$|^signature-content")
# a picture drawn in markup, named by what the name ends with ("swimlane-graphic",
# "hero-graphic-container", a CSS module's "PageSection_illustration__P1Yb9"): a product's
# mock interface, its chat bubbles, file names and sample code the picture's, not the
# page's prose; not "graphic-list" or "category-graphic-design", which name a subject
DRAWN: Final = ", a picture drawn in markup"
# an option naming what a box has beside its text ("has-graphic", "with-illustration")
_HAVING: Final = ("has-", "with-", "no-")
# a box named with a part it holds or lacks after it ("product-card_title-container--with-
# reviews", "section-with-header", "fusion-no-lightbox"): the words before the option name
# the box, those after it a part, so a card's title beside its stars is not the reviews
_HAVING_INFIX: Final = re.compile(r"[-_]+(?:with|has|no)[-_]")
_DRAWING: Final = re.compile(
    r"(?:^|[-_])(?:graphics?|illustrations?)(?:[-_]+(?:container|wrapper|wrap))?"
    r"(?:__[a-z0-9]{5})?$"
)
# a "read more" fold: the long text a toggle unfolds ("product-details-read-more",
# "read-more__text", "read-more-content"), not a box of other pages named "read-more"
_FOLD: Final = re.compile(
    r"(?:description|details|content|text|toggle)[-_]+read-?more"
    r"|read-?more[-_]+(?:content|text|body|checkbox|label)"
)

# the head of a tab strip or of a tab's panel ("tabs-header", "minimog-tabs__header", a
# shop's "item-details-tab-header" over a listing's legal note and item number); a name
# going on ("tab_header_info") is a part of one tab's label
_TAB_HEAD: Final = re.compile(r"(?:^|[-_])tabs?[-_]+header$")
# the head of an accordion's or an FAQ's item ("accordion-header", "faq-item__header--title",
# "collapsible-content__header"): the question or title of the panel it opens (a header's
# own accordion, "header-accordion", a menu folded for phones, names "header" first); and a
# layout option saying how such heads are aligned ("kt-pane-header-alignment-left" on a
# whole accordion of questions and answers), no head at all
_PANEL_HEAD: Final = re.compile(
    r"(?:accordion|faqs?|collapsible)(?:[-_]+[a-z0-9]+)*?[-_]+header|header[-_]+align"
)
# the head of a section of the page ("section-header", "section__header", a CSS module's
# "SectionHeader_header__x1y2z", Apple's "section-header-intro"): that section's title and
# its line, the page's own, as a heading named so is (a site's banner is never a section);
# a post's "date-section-header" or "tag-section-header" is its date line or its tags
_SECTION_HEAD: Final = re.compile(r"(?:^|(?<!date)(?<!tag)(?<!tags)[-_])section[-_]*header")
# a strip of tabs ("tabs-nav", "w-tab-menu", "faq_tabs-menu-link"): its labels are the
# titles of the panels it shows, the page's own text; a site menu's tabs ("mega-nav-tabs-menu")
# name the menu first
_TAB_STRIP: Final = re.compile(
    r"^(?:(?!nav|menu)[a-z0-9]+[-_]+)*?tabs?[-_]+(?:menus?|navs?|navigation)"
)
# a subscription that is bought, named with the product, its purchase or its price
# ("product-subscription", "product-card-subscription_offer", "purchase_game_dropdown_
# subscription", "subscription-eligible"), not a sign-up for e-mails
_SOLD: Final = re.compile(
    r"(?:^|[-_])(?:products?|purchase|price|pricing|plans?|eligible)(?:$|[-_])"
)
# a line a design system styles second ("secondary-label", "secondary-intro", a pricing
# card's "pricing-card-secondary-title" over its price): a subtitle, a tagline, not the
# secondary column of a theme ("secondary", "site-secondary")
_SECONDARY_LINE: Final = re.compile(
    r"secondary[-_]+(?:label|intro|tagline|title|heading|subtitle|text|copy|description)$"
)
# a box named by the form it holds or sits by ("block-has-form", "below-form-blocks",
# "columns-form-with-speakers"): a section of the page around or beside a form, its own
# text with it, not the form
_BY_FORM: Final = re.compile(
    r"(?:has|with|below|above|after|beside|under)[-_]+form\b|\bform[-_]+with[-_]"
)


def _token_reason(token: str) -> StripReason | None:
    # the prefix looked for in C first: nearly every token is no builder's
    module = _BUILDER_MODULE.match(token) if token.startswith(_BUILDER_PREFIXES) else None
    if module:
        rest = token[module.end() :]
        if _POST_LIST_MODULE.match(rest):
            return _ASIDE
        return _token_reason(rest) if rest else None
    # a BEM modifier follows "--" or "__": most tokens hold neither, and skip the call
    if token in _HIDDEN_TOKENS or (("--" in token or "__" in token) and hiding_modifier(token)):
        return _HIDDEN
    words = _words(token)
    reason = _TOKEN_PATTERNS.first(token, words)
    if reason is None:
        # nearly every token: the names that name nothing after all are not asked
        if "signature" in token and _SIGNATURE.search(token):
            return _LOW_CONTENT
        if (
            ("graphic" in token or "illustration" in token)
            and _DRAWING.search(token)
            and not token.startswith(_HAVING)
        ):
            return _LOW_CONTENT
        return None
    if (
        token in _NEUTRAL_TOKENS
        or len(token) > 60
        or _ends_in_state(words)
        or _styles(token, words)
        or (":" in token and _VARIANT_TOKEN.match(token))
        # an option naming what the element leaves out ("hide-read-more-ad" on a listing's
        # cards, "hide-from-toc" on a heading), not what it is
        or token.startswith(
            ("wp-block-", "is-style-", "has-", "is-layout", "wp-container", "hide-")
        )
        or (token.startswith("widget") and _MODULE_INSTANCE.match(token))  # looked for in C first
    ):
        return None
    if reason is _ASIDE and "secondary" in token and _SECONDARY_LINE.search(token):
        return None  # a line styled second, not a sidebar
    if reason is _CALL_TO_ACTION and _ACCORDION.search(token):
        return None  # an accordion's button: the heading of the panel it opens
    if reason is _RELATED and _FOLD.search(token):
        return None  # the text a "read more" toggle unfolds is the article's
    if reason is _NEWSLETTER and _SOLD.search(token):
        return None  # a product sold by subscription ("subscribe & save"), not a sign-up
    if reason is _FORM and _BY_FORM.search(token):
        return None  # a section around or beside a form, named by it
    if reason is _NAVIGATION and _TAB_STRIP.search(token):
        return None  # a strip of tabs: its labels title the panels it shows
    if reason is _HEADER and (
        _TAB_HEAD.search(token) or _PANEL_HEAD.search(token) or _SECTION_HEAD.search(token)
    ):
        # the head of a tab strip, a tab's or an accordion's panel, or a section: not the banner
        return None
    # looked for in C first: few tokens say what their element has
    having = (
        _HAVING_INFIX.search(token) if "with" in token or "has" in token or "no" in token else None
    )
    if having:
        return _token_reason(token[: having.start()])  # the box, not the part it holds
    return reason


_DIGITS: Final = "0123456789"
_EDGES: Final = "-_"


@remembered(8192)  # a page repeats its tokens in many combinations
def _token_verdict(token: str) -> tuple[bool, StripReason | None]:
    """``_read_token``, remembered; a token whose last word is a number ("menu-item-553119",
    "tag-link-52022741", "cat-item-16272", an id "8812": a CMS numbers each item, a fifth of
    a news page's distinct tokens) read as its number's shape, its digits zeros: no rule
    tells one ASCII digit from another in a word of digits, so the items share one reading
    (``stem[-1:]``: a word's edge, or "" where the token is the number)."""
    if token[-1:] in _DIGITS:
        stem = token.rstrip(_DIGITS)
        shape = stem + "0" * (len(token) - len(stem))
        if shape != token and stem[-1:] in _EDGES:
            return _token_verdict(shape)
    return _read_token(token)


def _read_token(token: str) -> tuple[bool, StripReason | None]:
    """Whether the token names a content wrapper, and the chrome reason it names."""
    wrapper = token.endswith(_CONTENT_ENDINGS) and _CONTENT_TOKEN.match(token) is not None
    return wrapper, _token_reason(token)


# "hidden md:block" (Tailwind), "d-none d-lg-block" (Bootstrap): hidden on a phone only
_SHOWN_ON_WIDE_SCREENS: Final = re.compile(
    r"^(?:(?:sm|md|lg|xl|2xl|min-\[[\w.]+\]):(?:block|flex|grid|inline|inline-block|inline-flex"
    r"|table|contents|visible)|d-(?:sm|md|lg|xl|xxl)-(?:block|flex|grid|inline|inline-block"
    r"|inline-flex|table))$"
)


# a phone's copy, hidden from a desktop screen's width up ("md:hidden", "d-lg-none",
# Bootstrap 3's "visible-xs", Bootstrap 4's "hidden-md-up", "hide-on-desktop",
# "mobile-only"; the Webflow utilities "show-tablet", "show-mobile-landscape", shown below
# a desktop's width only), with the breakpoint it hides from when the class names one
_HIDDEN_ON_DESKTOP: Final = re.compile(
    r"^(?:(?P<tw>md|lg|xl):hidden|d-(?P<bs>md|lg|xl)-none|(?:hidden|hide)-lg"
    r"|visible-(?:xs|sm)(?:-block|-inline|-inline-block)?"
    r"|(?:hide|hidden)-(?:on-|for-)?desktop|desktop-(?:hide|hidden)|hide-for-large"
    r"|show-for-small-only|(?:mobile|tablet)-only|only-(?:mobile|tablet)|mobile-visible"
    r"|(?:show|visible)-(?:on-)?(?:mobile|tablet|laptop|mobile-landscape|mobile-portrait)"
    r"|hidden-(?:md|lg)-up"
    r"|mobile|tablet)$"
)
_BREAKPOINTS: Final = ("sm", "md", "lg", "xl")


@remembered(4096)
def for_phones(names: str | None) -> bool:
    """Whether an element whose class is ``names`` is hidden on a desktop screen, shown on
    a phone only, unless a wider breakpoint's class shows it again ("md:hidden xl:block")."""
    tokens = names.lower().split() if names else []
    for token in tokens:
        found = _HIDDEN_ON_DESKTOP.match(token)
        if found is None:
            continue
        point = found.group("tw") or found.group("bs")
        rank = _BREAKPOINTS.index(point) if point else -1
        for other in tokens:
            if other.startswith(("visible-md", "visible-lg")):
                return False
            if _SHOWN_ON_WIDE_SCREENS.match(other):
                wide = re.split(r"[:-]", other.removeprefix("d-"))[0]
                if wide in _BREAKPOINTS and _BREAKPOINTS.index(wide) > rank:
                    return False
        return True
    return False


@remembered(8192)  # by the attributes' values: a template prints one class on many elements
def _names_mark(names: str | None, ident: str | None) -> tuple[StripReason, str] | None:
    """``class_mark`` of an element whose class is ``names`` and id ``ident``."""
    class_tokens = tokens_of(names, ident)
    return class_mark(class_tokens) if class_tokens else None


def class_mark(class_tokens: Sequence[str]) -> tuple[StripReason, str] | None:
    """The chrome reason the class/id tokens name, with the token, or None.

    An element whose tokens also name a content wrapper ("post-content",
    "article-body") is not chrome by vocabulary: the content word decides. A
    hiding class beside a responsive "show from this width" class is what a desktop
    reader sees; beside a panel's name ("accordion-content hidden") it is a closed panel,
    the answer a click shows (``clean`` reads a hiding style on such a panel so too).
    """
    found: tuple[StripReason, str] | None = None
    for token in class_tokens:
        wrapper, reason = _token_verdict(token)
        if wrapper and reason is None:
            return None
        if reason is _HIDDEN:
            if any(_SHOWN_ON_WIDE_SCREENS.match(other) for other in class_tokens) or names_panel(
                " ".join(class_tokens)
            ):
                continue
            return reason, token  # a hidden element is hidden whatever else it is
        if reason is not None and found is None:
            found = (reason, token)
    return found


# a class that clips an element out of sight for screen readers alone (eBay's "clipped"):
# a marketplace prints a price or a label, then the same words clipped for screen readers,
# or a title hidden from screen readers (aria-hidden) beside its clipped copy
_CLIPPED: Final = "clipped"


def _repeats_before(element: etree._Element) -> bool:
    """Whether the element's words are the words its parent prints just before it
    ("EUR 20.99" and a clipped "EUR 20.99"): a copy, where the clipped words alone are
    the only text (a title whose shown copy is hidden from screen readers) stay."""
    parent, before = element.getparent(), element.getprevious()
    shown = before.tail if before is not None else parent.text if parent is not None else None
    if not shown or not shown.strip():
        return False
    return " ".join(shown.split()) == text_of(element)


# <header> is the page's banner only when it belongs to <body>; inside an article or a
# section it is that part's own: its title and lede (HTML-AAM; sites put their page header
# inside <main>, so <main> does not scope it). An article's <footer> stays chrome: author
# cards, promotions and tags
_SCOPED_TAGS: Final = frozenset({"header"})
# the boxes a collection's items are printed in; a date line is most often a <span>, a
# <time> or a <p>, its name settled once per page without the element
_BOXES: Final = frozenset({"div", "li", "article", "section"})
_SECTIONING: Final = frozenset({"article", "section"})
# a <header> inside these is theirs, not the site's banner (HTML maps a <header> to the
# banner landmark only outside them): an article's header, a landing page's hero in <main>;
# an element a role calls the banner stays one in <main>, where sites put their navigation
_HEADER_SCOPES: Final = _SECTIONING | {"main"}


def _in_section(element: etree._Element, scopes: frozenset[str] = _SECTIONING) -> bool:
    return any(ancestor.tag in scopes for ancestor in element.iterancestors())


def _heads_card(element: etree._Element) -> bool:
    """Whether a ``<header>`` heads one of a run of ``<article>``s (a blog index's posts,
    each under its linked title): that card's own header, whatever its class names say. An
    article alone keeps its header's name as evidence (its title and hero, apart from the
    text)."""
    article = next(element.iterancestors("article"), None)
    return article is not None and (
        next(article.itersiblings("article"), None) is not None
        or next(article.itersiblings("article", preceding=True), None) is not None
    )


# a grid item's head is its title and little else; the item is this many boxes up at most
ITEM_HEAD_CHARS: Final = 160
ITEM_DEPTH: Final = 6
ITEM_ELEMENTS: Final = 100


def _heads_item(element: etree._Element) -> bool:
    """Whether a box named a header (not a ``<header>``) is the head of one of a run of
    items: a short title, linked or a heading, in a box whose template (its first class
    name) repeats beside it with a head of the same name (a marketplace's "bsig--header"
    over each listing's title). The banner is printed once, and a box beside it (the main
    column) holds none."""
    title = next(element.iter("a", "h2", "h3", "h4", "h5", "h6"), None)
    if title is None or not _in_run(element):
        return False
    text = text_of(element)  # read last: a site's header box holds its whole menu
    if len(text) > ITEM_HEAD_CHARS:
        return False
    # not a row of links and words (a post's author, date and number)
    return title.tag != "a" or 2 * len(text_of(title)) >= len(text)


def _in_run(element: etree._Element) -> bool:
    """Whether a box up to ``ITEM_DEPTH`` above ``element`` has a sibling of its tag and
    first class name holding an element of ``element``'s tag and class names."""
    names = element.get("class")
    node = element
    for _ in range(ITEM_DEPTH):
        node = node.getparent()
        if node is None or node.tag in {"body", "main"}:
            return False
        template = _first_class(node)
        twin = next(node.itersiblings(node.tag), None)
        if twin is None:
            twin = next(node.itersiblings(node.tag, preceding=True), None)
        if template and twin is not None and _first_class(twin) == template:
            # an item is a small box: its head is among its first elements of the tag
            heads = islice(twin.iter(element.tag), ITEM_ELEMENTS)
            return any(other.get("class") == names for other in heads)
    return False


def _first_class(element: etree._Element) -> str:
    """The first class name, the template's ("card card--2" is a "card")."""
    names = element.get("class")
    return names.split(maxsplit=1)[0] if names and not names.isspace() else ""


# every attribute ``chrome_mark`` reads: without any of them, an element is chrome by its tag
# and place alone (``segment`` skips the question for such elements of other tags)
MARKING_ATTRIBUTES: Final = frozenset({"class", "id", "role"})


class Placed(Enum):
    """What ``chrome_mark`` answers, asked without the element, where the element's place
    or content would decide (an id that may be its heading's anchor, a button's label)."""

    PLACED = "placed"


PLACED: Final = Placed.PLACED
ChromeMark = tuple[StripReason, str] | None


def chrome_mark(element: etree._Element, tag: str, attributes: dict[str, str]) -> ChromeMark:
    """Why this element's subtree is chrome (reason, detail), or None. ``attributes`` are
    the element's, read once by the caller (``dict(element.items())``)."""
    mark = _chrome_mark(element, tag, attributes)
    assert mark is not PLACED  # the element was given: nothing is left to its place
    return mark


def placeless_mark(tag: str, attributes: dict[str, str]) -> ChromeMark | Placed:
    """``chrome_mark`` of any element with this tag and these attributes, or ``PLACED``
    where the element itself would be read: a page prints one template's elements many
    times, and the answer for its tag and names holds for each of them."""
    return _chrome_mark(None, tag, attributes)


def _chrome_mark(
    element: etree._Element | None, tag: str, attributes: dict[str, str]
) -> ChromeMark | Placed:
    """``chrome_mark``; without the element, ``PLACED`` at the first question about it."""
    if tag in {"html", "body", "main", "article", "blockquote"}:  # quotes: embedded posts
        role = (attributes.get("role") or "").lower()
        return None if tag != "article" or role not in ROLE_MARKS else (ROLE_MARKS[role], role)
    names, ident = attributes.get("class"), attributes.get("id")
    if names and _CLIPPED in names and _CLIPPED in names.split():
        if element is None:
            return PLACED
        if _repeats_before(element):
            return _HIDDEN, f'class/id "{_CLIPPED}", a screen reader\'s copy of the text before it'
    # the vocabulary is more specific than a role ("cookie" dialog)
    found = _names_mark(names, ident) if names or ident else None
    if found is not None and ident:
        if element is None:
            return PLACED
        if _anchored_section(element, ident) or (
            found[1] in ident.lower().split() and _anchors(element)
        ):
            # the id is its heading's anchor ("s-building-a-form-in-django", the target of
            # the heading's "¶"): it names the section's subject, not what the section is;
            # the class names alone decide
            found = _names_mark(names, None) if names else None
    if found is not None and found[0] is _CALL_TO_ACTION:
        if element is None:
            return PLACED
        if _opens_panel(element, None, None):
            found = None  # a question or a tab styled as a button, opening its answer or panel
        elif _BUBBLE.search(found[1]) and _in_place(element):
            found = None  # a glossary term in a sentence: the page's own text
    if found is not None and found[0] is _LOW_CONTENT and _TESTIMONIAL.search(found[1]):
        if element is None:
            return PLACED
        if not _rotates(element):
            return _LOW_CONTENT, f'class/id "{found[1]}"{STILL}'
    if found is not None and found[0] is _LOW_CONTENT and _DRAWING.search(found[1]):
        if element is None:
            return PLACED
        if any(True for _ in element.iter(*_TITLED_DRAWING)):
            # a hero's box named for its picture, holding the page's title; a picture
            # with its caption, which says what it shows in the page's words
            found = None
        else:
            return _LOW_CONTENT, f'class/id "{found[1]}"{DRAWN}'
    if found is not None and found[0] is _LOW_CONTENT and "gallery" in found[1]:
        if element is None:
            return PLACED
        if _titles_cards(element):
            return R.CAROUSEL, f'class/id "{found[1]}"'
    if found is not None and found[0] is _DATE_LINE and tag in _BOXES:
        if element is None:
            return PLACED
        if _titles_cards(element):
            found = None  # an item with its title (a collection's "date-item"), no date line
    # a pager's name looked for in C first: most navigation is named otherwise ("menu")
    if (
        found is not None
        and found[0] is _NAVIGATION
        and "pag" in found[1]
        and _PAGED.search(found[1])
    ):
        if element is None:
            return PLACED
        if _pages_items(element):
            found = None  # the list that is paged: its pager inside keeps its own name
    if found is not None and found[0] is _HEADER and tag in _SCOPED_TAGS:
        if element is None:
            return PLACED
        if _heads_card(element):
            found = None  # a card's <header class="entry-header">: its own, as the tag says
    elif found is not None and found[0] is _HEADER and tag not in _TITLED_BY_HEADER:
        if element is None:
            return PLACED
        if _heads_item(element) or _anchors_heading(element):
            # a grid item's title box ("bsig--header"): the item's, not the banner; a
            # heading's own link to itself (mdBook's <h2><a class="header">): the heading's
            found = None
    if found is not None and not (found[0] is _HEADER and tag in _TITLED_BY_HEADER):
        reason, token = found
        if tag in _TAG_DECIDES and reason is TAG_MARKS[tag]:
            return reason, f"<{tag}>"  # the name says what the tag says: the tag decides
        role = (attributes.get("role") or "").strip().lower()
        if role in _ROLE_DECIDES and reason is ROLE_MARKS[role]:
            return reason, f'role="{role}"'  # and so does a role saying the same
        return reason, f'class/id "{token}"'
    if names and _names_notice(names):  # few elements are named so
        if element is None:
            return PLACED
        if _DISMISSIBLE(element):
            return _CALL_TO_ACTION, DISMISSED_NOTICE
    role = (attributes.get("role") or "").strip().lower()
    if role in ROLE_MARKS:
        if role == "button":
            if element is None:
                return PLACED
            if _holds_text_parts(element) or _opens_panel(element, names, ident):
                return None  # a card made clickable, or an accordion's question: no label
        if role == "banner":
            if element is None:
                return PLACED
            if _in_section(element):
                return None  # a section's own banner (a product's feature), as <header> is
        return ROLE_MARKS[role], f'role="{role}"'
    if tag in TAG_MARKS:
        if tag == "aside":
            if element is None:
                return PLACED
            if _quotes_post(element):
                return None  # a post's quotation of another: a quote, as its <blockquote> says
        if tag in _SCOPED_TAGS or tag == "button":
            if element is None:
                return PLACED
            if tag in _SCOPED_TAGS and _in_section(element, _HEADER_SCOPES):
                return None  # an article's or a card's own header, not the page's
            if tag == "button" and _opens_panel(element, names, ident):
                return None  # an accordion's question: the heading of the answer it opens
        return TAG_MARKS[tag], f"<{tag}>"
    return None


# an <aside> that holds a <blockquote> under a short line naming whom it quotes is a forum
# post's quotation of another post (Discourse's "quote" box, XenForo's "bbCodeQuote"), not
# a sidebar: read as the quote it holds (one repeating a passage above is a duplicate)
QUOTE_CREDIT_CHARS: Final = 80


def _quotes_post(element: etree._Element) -> bool:
    """Whether an ``<aside>`` is a post's quotation: a ``<blockquote>`` among its children,
    beside it at most a credit line (``QUOTE_CREDIT_CHARS``)."""
    quotes = [child for child in element if child.tag == "blockquote"]
    if len(quotes) != 1:
        return False
    rest = sum(len(text_of(child)) for child in element if child is not quotes[0])
    return rest + len((element.text or "").strip()) <= QUOTE_CREDIT_CHARS


# a notice the reader may dismiss (a board's "Welcome to the forum", "Scam alert", "The
# results are in!" over every thread, XenForo's "notice" with its "notice-dismiss" link or
# named "DismissParent" itself, a Bootstrap "alert alert-dismissible" with its close button):
# the site's word to its visitors, gone once dismissed, never the page's own text; a notice
# without the control stays (a documentation page's "notice" box is its own warning)
_NOTICE: Final = re.compile(r"(?:^|\s)(?:notices?|alert|announcements?)(?:\s|$)", re.IGNORECASE)
_DISMISSIBLE: Final = etree.XPath(
    "boolean(descendant-or-self::*[contains(@class, 'dismiss') or contains(@class, 'Dismiss')"
    " or @data-dismiss or @data-bs-dismiss or @title = 'Dismiss' or @aria-label = 'Dismiss'])"
)
DISMISSED_NOTICE: Final = "a notice the reader dismisses"


def _names_notice(names: str) -> bool:
    """Whether a class attribute names a notice (``_NOTICE``): its words looked for in C
    first, where the case-blind pattern is tried at every character of the attribute;
    beyond ASCII the pattern decides (read case-blind, "ı" is an "i")."""
    if names.isascii():
        lowered = names.lower()
        if "notice" not in lowered and "alert" not in lowered and "announcement" not in lowered:
            return False
    return _NOTICE.search(names) is not None


# a box of testimonials that stands still (a service page's "What our patients say" grid)
# is the page's own claim, its name only evidence; one that is a carousel, sits in one or
# holds one rotates them, furniture (volatile.py)
_TESTIMONIAL: Final = re.compile(r"(?:^|[-_])testimonials?(?:$|[-_])")
STILL: Final = ", standing still"
# a carousel's names, as a library or a theme gives them ("owl-carousel", "swiper-slide")
_ROTATING_NAMES: Final = (
    "carousel", "slider", "slideshow", "slick", "swiper", "owl", "glide", "splide", "flickity",
    "rotator", "rotating", "ticker", "marquee",
)  # fmt: skip
ROTATING: Final = re.compile(r"(?:^|[-_])(?:" + "|".join(_ROTATING_NAMES) + r")(?:$|[-_])")
_ROTATING_PARTS: Final = frozenset(_ROTATING_NAMES)


def names_rotating(token: str) -> bool:
    """Whether a class or id token (no whitespace in it) names a carousel, as ``ROTATING``
    finds it: one of its parts between hyphens and underscores is a carousel's name, looked
    up in a set, where the search tried its alternatives at every character of the token."""
    return not _ROTATING_PARTS.isdisjoint(token.replace("_", "-").split("-"))


# a tooltip's or a popover's name: its bubble is a note that opens over the page (a shop's
# word on its policy, printed beside every product), unless the name sits in place
_BUBBLE: Final = re.compile(r"(?:^|[-_])(?:popover|tool-?tip)(?:$|[-_])")
MAX_TERM_WORDS: Final = 4  # "init containers", "API server": a term, not a note


def _in_place(element: etree._Element) -> bool:
    """Whether a tooltip's or popover's name is on a few words of a sentence, the term a
    hover explains (a documentation's glossary link): text runs on either side of it."""
    before, parent = element.getprevious(), element.getparent()
    text_before = before.tail if before is not None else parent.text if parent is not None else ""
    in_sentence = bool((element.tail or "").strip() or (text_before or "").strip())
    return in_sentence and len(text_of(element).split()) <= MAX_TERM_WORDS


def _titles_cards(element: etree._Element) -> bool:
    """Whether a gallery holds a heading: its items are feature cards, each a title over
    its text (a product's features), not photos and their captions."""
    return any(node.tag in _HEADINGS or node.get("role") == "heading" for node in element.iter())


# a name for pagination ("pagination", "pager", "et_pb_ajax_pagination_container")
_PAGED: Final = re.compile(r"(?:^|[-_])(?:pagination|pager)(?:$|[-_])")
PAGED_ITEMS: Final = 3  # titles: a post's pager holds two, the previous and the next post's


def _pages_items(element: etree._Element) -> bool:
    """Whether a box named for pagination is the paged list rather than its pager: a pager
    is a run of page links ("1 2 3 Next", or the previous and the next post's titles), a
    paged list holds items, several titles (headings) each over text that is not a link
    (a price, an excerpt): a third of its words or more."""
    if len(list(islice(element.iter(*_HEADINGS), PAGED_ITEMS))) < PAGED_ITEMS:
        return False
    linked = sum(len(text_of(link).split()) for link in element.iter("a"))
    return 3 * linked <= 2 * len(text_of(element).split())


def _rotates(element: etree._Element) -> bool:
    """Whether ``element`` is, sits in or holds a carousel."""
    for node in (*element.iterancestors(), *element.iter()):
        if isinstance(node.tag, str) and (
            any(names_rotating(token) for token in tokens_of(node.get("class"), node.get("id")))
            or (node.get("aria-roledescription") or "").lower() in {"carousel", "slide"}
        ):
            return True
    return False


# a heading named a "header" ("section-header", "card-header", a page builder's
# "et_pb_module_header") is the title of its own section or card, not the site's banner
_HEADINGS: Final = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_TITLED_DRAWING: Final = (*_HEADINGS, "figcaption")
# ... and a table named for its header ("sticky-header": its header row stays in view as the
# rows scroll by) is a table of data, the banner never a table
_TITLED_BY_HEADER: Final = _HEADINGS | {"table", "thead", "tbody", "tr", "th"}


def _anchors_heading(element: etree._Element) -> bool:
    """Whether the element is a heading's link to its own place on the page (mdBook's
    ``<h2 id="x"><a class="header" href="#x">``): a part of that heading, whatever its
    class says."""
    parent = element.getparent()
    return (
        element.tag == "a"
        and parent is not None
        and parent.tag in _HEADINGS
        and (element.get("href") or "").startswith("#")
    )


_WORDS: Final = re.compile(r"[^\W_]+")
# this share of a heading's words in an id makes the id that heading's anchor
ANCHOR_SHARE: Final = 0.75
ANCHOR_WORDS: Final = 3


def _anchors(element: etree._Element) -> bool:
    """Whether the element's id is the anchor a documentation generator or a CMS made of
    its first heading's words and nothing else ("displaying-the-date-time-in-messages" on
    the section under "Displaying the date/time in messages"; not "customer-reviews-div"
    over "Customer reviews")."""
    heading = next(element.iter("h1", "h2", "h3", "h4", "h5", "h6"), None)
    if heading is None:
        return False
    words = _WORDS.findall("".join(heading.itertext()).lower())
    named = {word for word in _WORDS.findall((element.get("id") or "").lower()) if len(word) > 1}
    return (
        len(words) >= ANCHOR_WORDS  # "Read more", "Shameless CTA": the heading is the name
        and named <= set(words)  # nothing but the heading's words ("s-" prefixes aside)
        and sum(word in named for word in words) >= ANCHOR_SHARE * len(words)
    )


def _anchored_section(element: etree._Element, ident: str) -> bool:
    """A section of a document whose heading links to itself (a "¶" permalink, as
    documentation generators print it): its id is the slug of that heading
    ("respond-to-review-comments", "s-the-form-class"), which says what the section is
    about, not what role the box plays."""
    heading = next((child for child in element[:3] if child.tag in _HEADINGS), None)
    if heading is None:
        return False
    targets = {ident, *(child.get("id") for child in element[:3])}
    return any(
        (link.get("href") or "")[1:] in targets
        for link in heading.iter("a")
        if (link.get("href") or "").startswith("#")
    )


def _opens_panel(element: etree._Element, names: str | None, ident: str | None) -> bool:
    """A control that opens an accordion's or a tab's panel: its label is that panel's
    heading."""
    return (
        any(_ACCORDION.search(token) for token in tokens_of(names, ident))
        or _asks(element)
        or _discloses(element)
    )


# how Bootstrap's controls say what they open: a folded panel or a tab's
_TOGGLED: Final = frozenset({"collapse", "tab", "pill"})


def _discloses(element: etree._Element) -> bool:
    """A tab, or a disclosure button that names the panel it shows (``aria-controls``
    beside ``aria-expanded``, or named back as the panel's label; Bootstrap's
    ``data-bs-toggle="collapse"``): "Pricing", "Key features", "Week one" are that panel's
    title, not a call to act. A menu's toggle is one too, but a menu is chrome by the
    landmark around it; a control that says it opens a pop-up (``aria-haspopup``: a menu,
    a dialog, a list to pick from) is none."""
    if (element.get("role") or "").lower() == "tab":
        return True
    if (element.get("aria-haspopup") or "false").lower() != "false":
        return False
    toggle = element.get("data-bs-toggle") or element.get("data-toggle")
    if toggle is not None:
        return toggle.lower() in _TOGGLED
    controls = element.get("aria-controls")
    if controls is None:
        return False
    panels = _controlled(element, controls.split())
    if element.get("aria-expanded") is None and not _labels(element, panels):
        return False
    return not any(_pops_up(panel) for panel in panels)


def _labels(element: etree._Element, panels: list[etree._Element]) -> bool:
    """Whether a panel the control opens names the control as its label
    (``aria-labelledby``): an accordion's item as WAI-ARIA writes it, whose script keeps the
    state elsewhere than ``aria-expanded`` ("data-expanded"), the button its title."""
    ident = element.get("id")
    return bool(ident) and any(
        ident in (panel.get("aria-labelledby") or "").split() for panel in panels
    )


# a page's elements by id, in document order, gathered in one pass when a control first
# asks what it opens (an XPath per control walked the whole tree each time: a page's menus
# and accordions have dozens); the tree is not changed once segmentation reads it. libxml2
# gathers attributes by name in its walk at a fifth of the cost of a predicate asked of every
# element (``//*[@id]``); the elements' attributes (``//*/@``), not every node's, text too
_WITH_ID: Final = etree.XPath("//*/@id/..")
_BY_ID: Final[Recent[etree._Element, dict[str, list[etree._Element]]]] = Recent(2)


def _controlled(element: etree._Element, ids: list[str]) -> list[etree._Element]:
    """The elements a control's ``aria-controls`` names, in its own document."""
    root = element.getroottree().getroot()
    by_id = _BY_ID.get(root)
    if by_id is None:
        by_id = {}
        for node in _WITH_ID(root):
            by_id.setdefault(node.get("id"), []).append(node)
        _BY_ID.put(root, by_id)
    return [panel for name in ids for panel in by_id.get(name, ())]


def _pops_up(panel: etree._Element) -> bool:
    """A panel that opens over the page, by its markup or its names ("modal d-none"): the
    button that opens it ("Book a visit") is a call to act, not its title."""
    names = tokens_of(panel.get("class"), panel.get("id"))
    return is_dialog(panel) or any(POP_UP.search(name) for name in names)


def is_dialog(element: etree._Element) -> bool:
    """A box that opens over the page by its markup (``<dialog>``, a dialog role,
    ``aria-modal``): a consent tool's settings, a modal."""
    role = (element.get("role") or "").strip().lower()
    return (
        element.tag == "dialog"
        or role in {"dialog", "alertdialog"}
        or element.get("aria-modal") == "true"
    )


def _asks(element: etree._Element) -> bool:
    """A control labelled with a question: an FAQ's question that opens its answer, not a
    box a click unfolds holding a whole post that ends with one (a reply's preview of the
    post it answers, NodeBB's button around the parent post's paragraphs)."""
    return _last_text(element).endswith("?") and is_question(element)


def _last_text(element: etree._Element) -> str:
    """The last of the element's texts (``itertext``) that is not blank, right-stripped:
    what ``"".join(element.itertext()).rstrip()`` ends with, read from the end rather than
    joined whole (a class names a pop-up or a modal a control, and it may hold a page of
    text)."""
    pending: list[etree._Element | str | None] = [element]
    while pending:
        item = pending.pop()
        if item is None or isinstance(item, str):
            text = (item or "").rstrip()
            if text:
                return text
            continue
        # pushed in page order, read back from the last: the text, then each child and
        # its tail (a comment's or a processing instruction's own text is none of it)
        if isinstance(item.tag, str):
            pending.append(item.text)
            for child in item:
                if isinstance(child.tag, str):
                    pending.append(child)
                pending.append(child.tail)
    return ""


def _holds_text_parts(element: etree._Element) -> bool:
    """A heading or a paragraph inside: a card, whatever role makes it clickable."""
    return any(True for _ in element.iter("h1", "h2", "h3", "h4", "h5", "h6", "p"))


# What a class or id name settles wherever the element sits: a consent panel, a newsletter
# box, an ad, a share bar, a related-links box, readers' comments, a carousel of rotating
# testimonials or a pop-up is never the article. Every other name ("footer", "widget",
# "legal-table", "header", testimonials that stand still) is evidence: inside the
# article's flow, the prose the element carries outweighs its name.
_VERDICT_REASONS: Final = frozenset(
    {
        R.HIDDEN,
        R.COOKIE_BANNER,
        R.NEWSLETTER,
        R.AD,
        R.SHARE,
        R.RELATED,
        R.COMMENTS,
        R.LOW_CONTENT,  # carousels, rotating testimonials, galleries: furniture that moves
        R.BYLINE,  # author boxes and bios
        R.DATE_LINE,
        R.COUNTER,  # a post's reactions or votes: they move with every reader's click
    }
)
# a box that opens over the page, a tooltip's or popover's bubble too ("star-seller-popover",
# "tooltip-bubble"): a site's note on its policy, printed beside every product
POP_UP: Final = re.compile(
    r"(?:^|[-_\"])(?:modal|popup|pop-up|lightbox|overlay|popover|tool-?tip)(?:$|[-_\"])"
)


def is_evidence(mark: tuple[StripReason, str, etree._Element]) -> bool:
    """True when a mark comes from a class or id name that does not decide by itself."""
    return _is_evidence(mark[0], mark[1])


@remembered(4096)  # asked for every mark of every block, several times; a page has few names
def _is_evidence(reason: StripReason, detail: str) -> bool:
    return (
        detail.startswith("class/id")
        and (reason not in _VERDICT_REASONS or detail.endswith(STILL))
        and not POP_UP.search(detail)
    )


def is_logo_alt(text: str) -> bool:
    return bool(_LOGO_ALT.search(text))


# a block shorter than this is a label, not a paragraph of prose
MIN_PARAGRAPH: Final = 25
