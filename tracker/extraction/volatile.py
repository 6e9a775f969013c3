"""Volatile furniture: page parts that change between two loads while the article does not.

View, comment, share and like counters, "today is ..." lines and clocks, carousels
and rotating testimonials, related and "more posts" boxes (their heading too), an
author's box under "About the author" (it follows the author's profile), the note
under an edited post, the site's copyright notice (its year) and build or
cache-busting tokens change from one capture to the next by design. Read
as article text, each of them would report an edit nobody made (and a silent one,
since the declared date does not move). ``relabel`` runs over the classifier's
decisions and strips them with a reason of their own, wherever they sit: inside the
main content as well as in chrome the classifier judged only generically
(``outside_main``, ``low_content``). A counter, clock or token known by its own
text is relabelled inside any chrome box too (a view count in a byline box);
hidden blocks, date lines, duplicates and site template keep their reason. A
picture's credit alone ("Photo: Ana Ruiz") is furniture by its own text too, though
it does not move: the rules that read a block's text alone live here.

Evidence is the block's own text (a counter is a number beside a counter word, a
clock a time of day) or the class and id names of its elements (``carousel``,
``swiper``, ``view-count``, ``clock``). A container that holds most of the article
is never furniture whatever its name, as with every other chrome mark.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from lxml import etree

from tracker.extraction.boilerplate import names_rotating
from tracker.extraction.cards import MIN_CARDS, prices_named
from tracker.extraction.dom import UNKNOWN, inside, tag_of, text_of, tokens, tokens_of
from tracker.extraction.patterns import CaseBlind, FirstWords, first_words, word_openings
from tracker.extraction.segment import RawBlock
from tracker.extraction.wrappers import declares_article
from tracker.memo import remembered
from tracker.model import BlockKind, StripReason

R: Final = StripReason
Decision = tuple[RawBlock, StripReason | None, str]

# Decisions a volatile reason may replace: kept text, and chrome judged only generically.
RELABELLED: Final = frozenset({None, R.OUTSIDE_MAIN, R.LOW_CONTENT})
# What a block's own text says it is (a counter, a clock) is more specific than the
# name of the box it sits in, except for what a reader never sees and what
# metadata or the site's template already claimed.
KEPT_REASONS: Final = frozenset({R.HIDDEN, R.DATE_LINE, R.DUPLICATE, R.SITE_TEMPLATE})
MAX_MARKED_CHARS: Final = 80  # a block this short whose text sits in a marked inline element
MAX_COUNTER_WORDS: Final = 12
MAX_FURNITURE_CHARS: Final = 160
MAX_RATING_CHARS: Final = 80  # five steps of "N of 5 stars"
MAX_CONTROL_WORDS: Final = 4  # "See details", "Show more", "Read the full story"
MAX_BESIDE_COUNTER: Final = 3  # "Posted in News · 1,203 views": a label or two, not a sentence
MAX_CLOCK_CHARS: Final = 80
MAX_TOKEN_WORDS: Final = 3
RELATED_BOX_PROSE: Final = 200  # a teaser excerpt longer than this, outside a box, ends the list
# a carousel or a "related" box holding this much of the article is the article's own
# content (a product's details in slides, a forum thread under "Recommended posts")
ARTICLE_SHARE: Final = 0.3
RELATED_LINK_SHARE: Final = 0.25  # a related box is mostly links to other pages

_COUNTER_WORD: Final = (
    r"views?|viewed|reads|visits|visitors|hits|comments?|replies|posts|shares|shared|likes?"
    r"|(?:helpful )?votes"
    r"|claps|reactions|downloads|vues|lectures|visites|commentaires?|partages|j'aime"
    r"|aufrufe|ansichten|kommentare|visitas|vistas|comentarios|compartidos|me gusta"
    r"|visualizzazioni|commenti|weergaven|reacties|bekeken"
)
# the run of a number's digits, separators and spaces is possessive: what may follow it (a
# suffix, a space, a word, a bracket) never opens with a digit or a separator, and a space
# the run gave back is one \s* takes again, so no shorter run matches where the longest does
# not; backtracking through every split of the run and the spaces after it cost two or three
# times as much on a line of figures ("score: 1,385,611, and 14,445 people voted")
_NUMBER: Final = r"\d[\d.,\u00a0\u202f ]*+(?:[kKmM]\b)?"
_COUNTER: Final = re.compile(
    rf"(?:{_NUMBER}\s*(?:{_COUNTER_WORD})\b"
    rf"|\b(?:number of |nombre de |anzahl der )?(?:{_COUNTER_WORD})\s*[:(]?\s*{_NUMBER}\)?"
    rf"|\b(?:viewed|read|seen|visited|downloaded|lu|vu)\s+{_NUMBER}\s*(?:times|fois|mal)\b)",
    re.IGNORECASE,
)
# a forum's line of who is reading it now, which board software prints under a thread or
# a board ("Users browsing this forum: No registered users and 4 guests", "Currently Active
# Users Viewing This Thread: 1 (0 members and 1 guests)", "3 users are viewing this topic",
# "In total there are 23 users online"): it changes with every visitor, never the thread's
_FORUM_READERS: Final = re.compile(
    r"\W*(?:(?:currently active )?(?:users?|members?|guests?|people) (?:who are )?"
    r"(?:browsing|viewing|reading) this (?:forum|board|topic|thread|discussion)"
    r"(?:\s*:[^.!?]{0,200})?"
    rf"|{_NUMBER}\s*(?:users?|members?|guests?|people)(?:\(s\))? (?:is |are )?"
    r"(?:browsing|viewing|reading) this (?:forum|board|topic|thread|discussion)"
    rf"|(?:in total )?there (?:is|are) (?:currently )?{_NUMBER}\s*users? online[^.!?]{{0,200}})\W*",
    re.IGNORECASE,
)
# a shop's live count of its shoppers, which a script rewrites on every visit ("16 people
# are viewing this right now", "23 sold in last 24 hours", "In 5 carts"); not a month's
# sales rounded ("10K+ bought in past month"), which a catalogue's truth keeps
_LIVE_SHOPPERS: Final = re.compile(
    rf"\W*(?:{_NUMBER}\s*(?:people|persons?|visitors?|customers?|shoppers?|others|users?)"
    r"\s+(?:are\s+|is\s+)?(?:viewing|looking at|watching|browsing)\s+(?:this|it)"
    r"(?:\s+(?:item|product|page))?(?:\s+right)?(?:\s+now)?"
    rf"|{_NUMBER}\+?\s*(?:sold|bought|purchased)\s+in\s+(?:the\s+)?(?:last|past)\s+"
    rf"(?:{_NUMBER}\s*)?(?:hours?|minutes?|days?)"
    rf"|in\s+{_NUMBER}\s*(?:carts|baskets))\W*",
    re.IGNORECASE,
)
# a listing's count of what it lists ("514 items", "1–30 of 338 products", "Showing 1–16 of
# 29 results", "84295 matches"): it moves with the shop's stock and the site's posts. Read in
# the text lower-cased (no case-blind pattern to compile and run), asked only of a line
# opening as it may (``_RESULT_OPENS``) that holds a word it counts by (``_RESULT_WORD``)
_RESULT_COUNT: Final = re.compile(
    rf"\W*(?:showing\s+(?:all\s+)?|loaded\s+)?(?:{_NUMBER}\s*[-–]\s*{_NUMBER}\s*of\s+)?"
    rf"{_NUMBER}\+?\s*(?:items?|results?|products?|matches|styles|listings|produits|résultats"
    r"|articles|artikel|produkte|ergebnisse|treffer|productos|resultados|artículos|prodotti"
    r"|risultati|articoli)(?:\s+found)?\W*"
)
_RESULT_WORD: Final = re.compile(
    "item|result|risultat|résultat|produ|prodott|match|style|listing|artic|artikel|artícul"
    "|ergebnis|treffer"
)
# a stem of each word _COUNTER reads a count by (its counter words, and "times" after a
# "read" or "viewed"), in lower case: a line whose letters hold none of them counts nothing
_COUNTER_STEMS: Final = (
    "view", "read", "visit", "hit", "comment", "repl", "post", "shar", "like", "vote", "clap",
    "reaction", "download", "vue", "lecture", "partage", "j'aime", "aufrufe", "ansicht",
    "kommentar", "vista", "comentario", "compartido", "me gusta", "visualizzazioni",
    "weergaven", "reacties", "bekeken", "times", "fois", "mal",
)  # fmt: skip
# whether a lower-cased text holds one of them: one search, where a look for each stem
# cost a step of a generator in Python
_ANY_COUNTER_STEM: Final = re.compile("|".join(map(re.escape, _COUNTER_STEMS)))
# a forum member's standing printed beside each of their posts: counts that grow with every
# post anywhere on the site ("Posts: 1,571", "Messages: 12 Likes Received: 4 Trophy Points: 8",
# "Join Date: Mar 2016"), the post's own number after them ("#7")
_MEMBER_STAT: Final = (
    r"(?:posts|messages|threads|topics|joined|join date|registered|member since|reputation"
    r"|reaction score|likes(?: received)?|(?:trophy )?points|best answers|solutions|karma"
    r"|credits|thanks(?: received)?)\s*:\s*"
    r"(?:\d[\d.,]*|[A-Z][a-z]{2,8}\.?(?: \d{1,2},?)? \d{4}|\d{4}-\d\d-\d\d"
    r"|\d{1,2}[./-]\d{1,2}[./-]\d{2,4})"
)
_MEMBER_STATS: Final = re.compile(rf"\W*(?:{_MEMBER_STAT}[\s,;|·]*)+(?:#\d+)?\s*", re.IGNORECASE)
_WORD: Final = re.compile(r"\w+")
_DIGIT: Final = re.compile(r"\d")
# a clock that ticks: the time to the second, nothing else (a date with a time is a date line)
_TICKING: Final = re.compile(r"[0-2]?\d:[0-5]\d:[0-5]\d(?:\s*[ap]\.?m\.?)?", re.IGNORECASE)
_TODAY: Final = re.compile(
    r"^\W*(?:today is|it is now|current (?:date|time)|local time|aujourd'hui|nous sommes le"
    r"|heute ist|hoy es|oggi è"
    # a forum's clock: vBulletin's "All times are GMT +1. The time now is 14:01.", phpBB's
    # "It is currently Mon Dec 07, 2026 2:01 am"
    r"|all times are (?:gmt|utc)\b[^.]*\.\s*the time now is"
    r"|it is currently (?:mon|tue|wed|thu|fri|sat|sun))\b",
    re.IGNORECASE,
)
# a shop's recommendation grids: other products, not the one on the page
_SHOP_RELATED: Final = (
    r"(?:customers|people|shoppers|others)(?: like you)?(?: who (?:viewed|bought) this"
    r"(?: item| product)?)?"
    r" also (?:viewed|bought|purchased|liked|read)\b.*"
    r"|(?:your )?recently viewed(?: items| products)?|(?:compare (?:with )?)?similar"
    r" (?:items|products)|(?:complete|shop|get) the look"
    # the box's subtitle or a shop's own words for it ("Ideas based on your recently viewed
    # products", "We know you'll love these too", "Seller's other items")
    r"|(?:ideas|picks|products) based on your (?:recently viewed (?:items|products)"
    r"|browsing history)"
    r"|(?:we (?:know|think) )?you(?:'ll|’ll| will| may| might) (?:also )?love"
    r" (?:these|them)(?: too)?"
    r"|(?:the )?seller(?:'s|’s) other items|ils vont bien ensemble"
    r"|pour compléter votre (?:achat|commande)"
    r"|(?:explore )?(?:related|similar|recommended|other|more|featured)"
    r" (?:products?|items?|accessories)"
    r"(?: (?:to consider|for you))?"
    # the shop's upsell under a product: other products to buy with it or instead of it
    # ("Better together", "Often viewed together", "Choose your add-ons", "Pairs well with")
    r"|better together|(?:often|frequently) (?:viewed|bought|purchased)"
    r" (?:together|with (?:each other|this(?: item| product)?))"
    r"|(?:choose|select|add) (?:your |some )?add-?ons|pairs? (?:well|perfectly) with(?: this)?"
    r"|(?:other |more )?variations of this (?:style|product|item)"
    # paid places for other products ("Sponsored products related to this item",
    # "Sponsored by our brands")
    r"|sponsored(?: (?:products?|items?|listings?)\b.*| by\b.*)?"
)
# a heading over other products: each card's description is the other product's, never
# the page's own prose, so the box goes whatever its share of links
_SHOP_HEADING: Final = re.compile(rf"^\W*(?:{_SHOP_RELATED})\W*$", re.IGNORECASE)
_RELATED_HEADING: Final = re.compile(
    r"^\W*(?:(?:explore\s+)?(?:more|other|similar|related|recent|latest|(?:most\s+)?popular"
    r"|recommended|suggested|trending)\s+(?:(?:related\s+)?(?:posts?|articles?|stories|news"
    r"|reading|content|reads|threads|topics|discussions|questions)"
    # whose they are or where they are from: "More articles by Ana Ruiz", "Related articles
    # on example.org", "Other posts you may enjoy"
    r"(?:\s+(?:by|from|on|in|about)\s.*|\s+you (?:may|might|will) (?:also )?(?:like|enjoy))?"
    r"|from\b.*)"
    r"|(?:you|we think you) (?:may|might|will) (?:also )?(?:like|enjoy|be interested in)"
    r"(?: the following\b.*)?"
    r"|read (?:next|more|also)|also read|keep reading|related|recommended for you"
    # a firm's or a service's box of teasers to its other pages ("Related Insights",
    # "Latest insights", "Related services", "From the blog"): each card another page's
    r"|(?:related|recent|latest|more|featured)\s+insights|related\s+services"
    r"|from (?:the|our) blog"
    r"|what to read next|(?:up|watch) next"
    # a post's pager to its neighbours ("Previous Post", "Next Article")
    r"|(?:previous|next|older|newer) (?:post|article|story)"
    # a thread's standings beside its posts, which move with every reply
    r"|top posters(?: in this (?:topic|thread))?|popular days"
    rf"|{_SHOP_RELATED}"
    r"|articles (?:similaires|récents|liés)|à lire aussi|lire aussi|derniers articles"
    r"|plus d'articles|autres articles|vous aimerez aussi|sur le même sujet"
    r"|ähnliche (?:artikel|beiträge)|weitere (?:artikel|beiträge)"
    r"|das könnte sie auch interessieren"
    r"|artículos relacionados|te puede interesar|más artículos|entradas recientes"
    r"|articoli correlati|potrebbe interessarti)\W*$",
    re.IGNORECASE,
)
# an author's box after the article: the bio and links the site prints under each of
# their posts, which change with the author's profile, not with the article
_AUTHOR_HEADING: Final = re.compile(
    r"^\W*(?:about|meet) (?:the|this|our) (?:author|writer|reviewer|contributor)s?\W*$"
    r"|^\W*(?:à propos de l'auteur|über (?:den autor|die autorin)|sobre el autor"
    r"|sull'autore|over de auteur)\W*$",
    re.IGNORECASE,
)
# the same label written as a paragraph among the last ones kept, alone over the bio or
# opening it ("About the Author:", "About the author: Ana Ruiz is a ..."): the author's box
# printed in the article's flow, its bio the site's, not the article's
_AUTHOR_LABEL: Final = re.compile(
    r"\W*(?:about|meet) (?:the|this|our) (?:author|writer|reviewer|contributor)s?\s*(?::|$)",
    re.IGNORECASE,
)
# the elements that print a heading's title and its tagline on lines of their own
_LINE_TAGS: Final = frozenset({"div", "span", "p", "small", "strong"})
_UUID: Final = re.compile(
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE
)
UUID_LOOKAHEAD: Final = 48  # a run of ids opens with one: only the block's head is searched
UUID_SHARE: Final = 0.8
_TOKEN: Final = re.compile(
    r"^(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}$"  # a hex hash
    r"|^(?=\S*\d)(?=\S*[a-z])(?=\S*[A-Z])[A-Za-z0-9+/]{20,}={0,2}$"  # base64
    r"|^\S*[?&](?:v|ver|version|cb|t|ts|_|hash|build|rev)=\S+$"  # a cache-busting parameter
)
# a control's label alone: it comes and goes with the widget's state or variant. A
# "show more" control opens the line and may name what it shows in the few words after it
# ("See all reviews", "Learn more about us": a line of MAX_CONTROL_WORDS at most); the way
# back to the top and "print this page" are the whole line ("Go to topic listing" is not one),
# and so are a shop's or a list's controls on each of its cards: "Quick shop", "Quick view",
# "Compare" (the box to tick for a comparison), a rating widget's "Clear rating", and a
# review's buttons to a shop's price, "Check price", "See price at Amazon" (the price is not
# printed: the shop's page has it); a caption's toggle ("Show caption") and a card's
# "Continue reading" are such controls too
_CONTROL: Final = re.compile(
    r"^\W*(?:(?:see|show|view|hide|read|learn|expand|collapse|load|display)"
    r"(?: (?:the|all|full))* (?:details?|more|less|all|text|article|story|description|captions?)"
    r"|continue reading"
    r"|voir (?:les détails|plus|moins|la suite)|en savoir plus"
    r"|lire la suite|afficher (?:plus|moins|les détails)|mehr (?:anzeigen|erfahren|lesen)"
    r"|weiterlesen|details anzeigen|ver (?:más|detalles|menos)|leer más|leggi (?:tutto|di più)"
    r"|(?:(?:back|return|go|scroll) to (?:the )?top(?: of (?:the )?page)?|print this page"
    r"|quick ?(?:shop|view|look|add)|(?:add to )?compare|clear rating"
    r"|(?:see|check|view) (?:the )?(?:latest |current |today's )?prices?"
    r"(?: (?:at|on) [^.!?]{1,30})?)\W*$)",
    re.IGNORECASE,
)
# what a script prints until its widget loads ("Loading...", "Loading recommendations",
# "Loading paragraph...", "Loading prices for your region…": what it loads, then the dots):
# gone once it has, or there on the next capture only when the widget failed
_PLACEHOLDER: Final = re.compile(
    r"\W*(?:loading(?: (?:recommendations|results|reviews|content|more))?|please wait"
    r"|chargement(?: en cours)?|wird geladen|cargando|caricamento)\W*"
    r"|\W*loading(?: \w+){1,4}(?:\.\.\.|…)\W*",
    re.IGNORECASE,
)
# a picture's credit alone, who took or lent it: "Photo: Ana Ruiz", "Image credit: Example
# Press", "Photo credit: ©iStock.com/ana", "Photo courtesy of the museum", "Photo by Ana
# Ruiz", "Photo by: 'Ana Ruiz'.", "Ana Ruiz / Getty Images", "Ben Ode via Getty Images",
# "Image used under license from Shutterstock", "Photographer: Ana Ruiz", "Icons by Ana
# Ruiz", "Courtesy of the brand",
# and the agency first, "Getty Images / Ana J. Ruiz" (an initial's dot, no sentence's; a
# CMS printing each picture's credit field under it); no caption's words ("Image 1: the
# pipeline", a chart's "Source: ..." stay), nor a feature that names an agency ("Supports
# Unsplash")
MAX_CREDIT_CHARS: Final = 120
MAX_CREDIT_WORDS: Final = (
    10  # a name or two; "Image: Ana Ruiz, left, has replaced ..." is a caption
)
_AGENCY: Final = (
    r"(?:getty images|shutterstock|istock(?:photo)?|unsplash|pexels|pixabay|adobe stock"
    r"|depositphotos|alamy|thinkstock|dreamstime)"
)
_CREDIT: Final = re.compile(
    r"\W*(?:(?:(?:photo|image|illustration|photograph|photographer"
    r"|(?:header|featured?|cover) image)s?"
    r"(?: (?:credits?|source|courtesy(?: of)?|by))?|credits?)\s*:"
    r"|(?:photo|image|picture|photograph|icon|illustration)s? (?:courtesy(?: of)?|by|via) "
    r"|courtesy of )"
    r"\s*(?:(?:©|\(c\))\s*)?['‘\"“]?[^\W\d_].*"
    rf"|(?:[^.!?:]{{0,60}}(?:[/|©]|\bvia\b|\bfor\b|\bfrom\b)\s*)?{_AGENCY}\b\W*"
    rf"|\W*{_AGENCY}\s*[/|]\s*(?:[^/|.!?]|(?<=\b\w)\.){{1,60}}",
    re.IGNORECASE | re.DOTALL,
)
# a form's consent to its terms under its button, "By signing up, you agree to receive ...",
# "By continuing, you agree to our User Agreement", "By clicking Sign Me Up, you confirm you
# are 16+": the sign-up or log-in box's fine print, the same under every page's form
MAX_CONSENT_CHARS: Final = 600
_FORM_CONSENT: Final = re.compile(
    r"by (?:signing up|subscribing|submitting|clicking|tapping|entering|providing|registering"
    r"|continuing|creating|checking|completing)\b[^.]{0,120}\b(?:you|i)(?: hereby)?"
    r" (?:agree|consent|acknowledge|confirm|accept|authorize|am consenting)",
    re.IGNORECASE,
)
# a newsletter's sign-up prompt written as a line of the page ("Sign up for our newsletter
# for tips and events", "Join our mailing list!", "Get news and updates delivered right to
# your inbox:"): the site asking for the reader's address, not the article's text. A line
# that tells of a newsletter ("I built my newsletter with two things") stays.
MAX_PROMPT_CHARS: Final = 240
_NEWSLETTER_PROMPT: Final = re.compile(
    r"(?:^|[.!?]\s+)(?:sign up|subscribe|join|register)\b[^.!?]{0,100}?"
    r"\b(?:newsletters?|mailing list|e-?mail list|inbox)\b"
    r"|\b(?:delivered|sent)(?: straight| right| directly)? (?:to|in|into) your inbox\b"
    r"|^get\b[^.!?]{0,80}\b(?:in|to|into) your inbox\b",
    re.IGNORECASE | re.ASCII,
)
# a forum post's own controls, printed under every post: "Reply With Quote" (its count of
# uses after it), "Multi-quote", "Report post", "Click to expand..." and "Expand" (a long
# quote's fold), phpBB's "Code: Select all" over a code box and its "Top" under each post
# (the way back to the page's top; "Top 10" is a title)
_POST_CONTROL: Final = re.compile(
    r"\W*(?:reply(?: with quote)?|(?:multi-?)?quote|share(?: post| this post)?|permalink"
    r"|report (?:post|this post|abuse|inappropriate content)|click to (?:expand|shrink)"
    r"|expand|(?:code:\s*)?select all)"
    r"\W*\d*\W*|\W*top\W*",
    re.IGNORECASE,
)
# a question-and-answer site's prompts under every question, to answer it or to ask one's
# own ("Your Answer" over the answer form, "You must log in to answer this question.",
# "Start asking to get answers", "Find the answer to your question by asking.", "Explore
# related questions" and "See similar questions with these tags." around the tag list):
# the same under every question, and not there for a reader who is signed in
_ASK_PROMPT: Final = re.compile(
    r"\W*(?:your answer|you must (?:log|sign) in to answer this question"
    r"|start asking to get answers|find the answer to your question by asking"
    r"|explore related questions|see similar questions with these tags)\W*",
    re.IGNORECASE,
)
# what a board lets the reader do, printed under every thread: vBulletin's "Posting Rules"
# box ("You may not post replies", "BB code is On", "Smilies are On"), phpBB's "You cannot
# reply to topics in this forum", XenForo's "Not open for further replies." on a locked
# thread: a signed-in reader's says otherwise, and a moderator's lock comes and goes
_POSTING_RULES: Final = re.compile(
    r"\W*(?:posting (?:rules|permissions)|not open for further replies"
    r"|you must log in or register to reply here"
    r"|you (?:may|may not|can|cannot|can not) (?:post new (?:threads|topics)|post replies"
    r"|reply to (?:this thread|topics)|post attachments|edit your posts|delete your posts"
    r"|vote in polls)(?: in this forum)?"
    r"|(?:bb ?code|smilies|\[img\] code|\[video\] code|html code) (?:is|are) (?:on|off)"
    r"|(?:trackbacks|pingbacks|refbacks) are (?:on|off))\W*",
    re.IGNORECASE,
)
# a prompt to sign in or join before the page shows a thing, printed where the thing would
# be ("Join to see EXIF info for this image (if available)" under each photo of a post,
# "Sign in to view additional items selected just for you."): a signed-in reader sees the
# thing instead, so the line is the page's word to guests, not its content (a clause after
# a comma makes it a sentence of a post's own: "Join to see the eclipse, we meet at six.");
# "Log in to ..." is left out: no other prompt opens with an "l", whose lines all would be
# asked (see OPENINGS)
_SIGN_IN_TO_SEE: Final = re.compile(
    r"\W*(?:please\s+)?(?:join|sign\s?in|sign\s?up|register)(?:\s+(?:now|free))?"
    r"\s+to\s+(?:see|view|download|access|unlock)\b[^.!?,;:]{0,60}[.!]?\W*",
    re.IGNORECASE,
)
# a prompt to sign in (or make an account) before taking part, printed where a signed-in
# reader has the control itself: a thread's "You must log in or register to comment.", a
# store's "Sign in to add this item to your wishlist, follow it, or mark it as ignored",
# "Log in to set a price alert on this product.", "Sign in or Create an Account to Save Your
# Cart!", a course's "Sign in to save your progress": the page's word to guests. One
# sentence that opens so, "to" and what the reader would do; an instruction signs in to a
# place ("Log in to your account", "Log in to the dashboard and open Settings") and stays
_SIGN_IN: Final = r"(?:log(?:ged)?\s?in|sign(?:ed)?\s?in)"
_MAKE_ACCOUNT: Final = r"(?:register|sign\s?up|create\s+(?:a|an|your)\s+(?:free\s+)?account)"
_SIGN_IN_TO_ACT: Final = re.compile(
    r"\W*(?:please\s+)?(?:you\s+(?:must|need\s+to|have\s+to)\s+(?:be\s+)?)?"
    rf"(?:{_SIGN_IN}(?:\s+or\s+(?:{_MAKE_ACCOUNT}|\W))?|{_MAKE_ACCOUNT}\s+or\s+{_SIGN_IN})"
    r"\s+to\s+(?:comment|reply|post|join|save|add|set|update|follow|like|vote|rate|participate"
    r"|continue|track|earn|write|leave|ask|answer|send|message|bookmark|keep|react|share"
    r"|report|edit|favou?rite|upload|receive|manage)\b[^.!?]{0,140}[.!]?\W*",
    re.IGNORECASE,
)
SIGN_IN_TO_ACT: Final = "a prompt to sign in to take part"
SIGN_IN_OPENING: Final = (
    40  # "Please create your free account or sign in": its sign-in words by here
)
# a prompt to follow the site or its author on a social network ("Follow us on Instagram",
# "Follow AP on Facebook, X, Instagram, YouTube and TikTok", "Join me on TikTok: @ana"),
# printed under every post; "Connect with Ana on Instagram" stays (a truth keeps it)
_FOLLOW_PROMPT: Final = re.compile(
    r"\W*(?:follow|join)\s+(?:\S+\s+){0,3}?on\s+(?:social media|facebook|instagram"
    r"|youtube|tiktok|linkedin|pinterest|threads|bluesky|mastodon|twitter|x)(?![\w-])[^.!?]{0,120}[.!]?\W*",
    re.IGNORECASE,
)
# a blog engine's word where its comment form was ("Comments are closed."): the thread's
# state, which the post's owner changes
_THREAD_CLOSED: Final = (
    r"\W*comments (?:are|have been) (?:now )?closed"
    r"(?: (?:for|on) this (?:post|article|story|page))?"
)
_COMMENTS_CLOSED: Final = re.compile(_THREAD_CLOSED + r"\W*", re.IGNORECASE)
# a message a theme writes for screen readers alone, in a list it hides and links' and
# controls' descriptions point to (Shopify's "Opens in a new window.", "Choosing a selection
# results in a full page refresh."): shown only by a reading that undoes the page's hiding
_SCREEN_READER_MESSAGE: Final = re.compile(
    r"\W*(?:opens (?:in )?(?:a )?new (?:window|tab)|opens (?:an )?external (?:website|site)"
    r"(?: in a new (?:window|tab))?|choosing a selection results in a full page refresh)\W*",
    re.IGNORECASE,
)
# a feedback widget's question over its Yes/No buttons ("Was this page helpful?", "Did this
# article help you?"), which its script swaps for a thank-you once a reader answers
_FEEDBACK_QUESTION: Final = re.compile(
    r"\W*(?:(?:was|is|did you find) this(?: (?:page|article|post|answer|guide|content|information"
    r"|doc|documentation|tutorial|topic|section|faq))? (?:helpful|useful)(?: (?:to|for) you)?"
    r"|did this (?:page|article|answer|guide|information) help(?: you)?"
    r"|how (?:helpful|useful) (?:was|is) this (?:page|article|answer|guide|content))\W*",
    re.IGNORECASE,
)
# a link to the form where a reader reports a mistake in the page, printed under every
# product or article of the site ("Report an issue with this product or seller", "See any
# errors on this page?", "Found a mistake? Let us know", "Report incorrect product
# information"): the site's, not the page's. A line that tells of reporting ("Report an
# error regarding a particular runtime event") names more, and stays
_REPORT_PROMPT: Final = re.compile(
    r"\W*(?:report (?:an? )?(?:issue|problem|error|mistake|incorrect (?:product )?information)"
    r"(?: (?:with|on|in|about) (?:this|the) (?:page|product|item|listing|article|story)"
    r"(?: or (?:seller|shop|store))?)?"
    r"|(?:see|spot(?:ted)?|found|notice(?:d)?) (?:any|an?) (?:errors?|mistakes?|issues?|typos?)"
    r"(?: (?:on|in) (?:this|the) (?:page|product|listing|article|story))?"
    r"(?:\W+(?:let us know|tell us|report it))?)\W*",
    re.IGNORECASE,
)
# a product's variant picker's prompt over its swatches or its sizes ("Select a size",
# "Choose your colour", "Select Color:", "Current selected color"): the picker's label, whose
# options are the form's; a guide's "Choosing the right size" says more, and stays
_PICKER_PROMPT: Final = re.compile(
    r"\W*(?:(?:please )?(?:select|choose|pick) (?:a |an |your )?(?:colou?r|size|style|width"
    r"|length|option|finish|model|capacity|material|fit|variant|quantity)s?"
    r"|current(?:ly)? selected (?:colou?r|size|style))\W*",
    re.IGNORECASE,
)
# a label over links to the product's other versions or to other products ("Also available
# in: Women's Sizes", "Also available at checkout:"): the other versions' own pages, which a
# shop adds and drops; a line without the label's colon ("Also available in black.") or a
# sentence that goes on tells of the product, and stays
_ALSO_AVAILABLE: Final = re.compile(
    r"\W*also available (?:in|at|as|on)\b[^.!?:]{0,20}:[^.!?:]{0,40}", re.IGNORECASE
)
# a rating widget's controls: its prompt alone ("Rate this book", "Rate this recipe") and its
# scale's steps, the labels of the stars a reader clicks ("1 of 5 stars2 of 5 stars…", "rate
# this product 5 stars"); a rating given ("4.9 of 5 stars from 3347 reviews") is no step
_RATING_CONTROL: Final = re.compile(
    r"\W*(?:rate this(?: [\w'’]+){0,2}?(?: [1-5] stars?)?|(?:[1-5] (?:of 5 )?stars?\W*){2,})\W*",
    re.IGNORECASE,
)
# skip links for keyboards and screen readers, one or several in a row ("Skip to main
# content", MediaWiki's "Jump to navigationJump to search"): ways around the page, no text
_SKIP_LINKS: Final = re.compile(
    r"(?:\W*(?:skip|jump) to (?:the )?(?:main )?(?:content|navigation|search|footer|menu))+\W*",
    re.IGNORECASE,
)
# an e-mail newsletter's link to its copy on the web, at the top of the issue its archive
# prints as a page ("View this email in your browser", "Is this email not displaying
# correctly? View it in your browser.", the issue's title then ":: View in Browser"): the
# mail's way out to the page, no text of the issue
_VIEW_IN_BROWSER: Final = re.compile(
    r"(?:.{1,120}?(?:::|\|)\s*)?"
    r"\W*(?:(?:is )?(?:this|the|your) (?:e-?mail|newsletter|message) not displaying"
    r" (?:correctly|properly)\W*|having trouble (?:viewing|reading) this"
    r" (?:e-?mail|newsletter|message)\W*)?"
    r"(?:(?:click|tap) here to )?view (?:it |this (?:e-?mail|newsletter|message|issue) )?"
    r"(?:online |as a web page )?in (?:your |a |the )?(?:web )?browser\W*",
    re.IGNORECASE,
)
# an audio player's label over the article it reads aloud ("Listen to this article",
# "Listen to this story (5 min)", "Listen to this article in summarized format"): the
# player's, which a script draws, no text of the story
_LISTEN_LABEL: Final = re.compile(
    r"\W*listen to (?:this|the) (?:article|story|post)(?: now)?"
    r"(?:\W+(?:in (?:a )?summari[sz]ed (?:format|version)|\d{1,2}(?::\d\d| ?min(?:ute)?s?)))?\W*",
    re.IGNORECASE,
)
# a notice of the post's age over it ("This post is over 3 years old. It could be out of
# date.", "This article was published more than a year ago"): worked out from the date on
# every view, it grows by itself with the clock
_AGE_NOTICE: Final = re.compile(
    r"\W*this (?:post|article|page|story|entry)"
    r" (?:is (?:more than |over |nearly |almost )?(?:\d{1,2}|an?|one|two|three|four|five|six"
    r"|seven|eight|nine|ten) (?:years?|months?) old"
    r"|was (?:written|published|posted) (?:more than |over |nearly |almost )?(?:\d{1,2}|an?"
    r"|one|two|three|four|five|six|seven|eight|nine|ten) (?:years?|months?) ago)"
    r"(?:[.!]\s.*|\W*)",  # its own sentence: "… ago by our founder" is the author's
    re.IGNORECASE | re.DOTALL,
)
# what a form or a widget says once it was sent or failed, printed hidden until then: "Oops!
# Something went wrong. Please try again.", "There was a problem calculating your shipping.
# Please try again.", "Your email is being processed." (a control's state, as a placeholder is)
_FORM_OUTCOME: Final = re.compile(
    r"(?:[^.!?]{1,80}[.!?]\s*){0,2}please try again(?: later)?\b[^.!?]{0,60}[.!]?\s*"
    r"|\W*(?:oops\W+)?(?:sorry,? )?something went wrong\W*"
    r"|\W*(?:thank you\W+)?your (?:e-?mail|message|submission|request|enquiry|inquiry|review)"
    r"(?: address)? (?:is being processed|(?:has been|was) (?:sent|received|submitted))\W*",
    re.IGNORECASE,
)
# an advertisement's label alone, the slot under it filled anew on each load: "Advertisement",
# "Sponsored", "Advertisement - Members don't see this ad", "Article continues below"
_AD_LABEL: Final = re.compile(
    r"\W*(?:advertisements?|sponsored(?: (?:content|post|story|listing))?|promoted"
    r"|paid (?:content|post|partnership)|(?:the )?(?:article|story) continues below)"
    r"\W*(?:(?<=\W)[-–—(][^()]{0,60}\)?\W*)?",
    re.IGNORECASE,
)
# a sponsor's label alone over its logo ("In partnership with", "Presented by", "Brought
# to you by:"): the name is a picture, the line the slot's, which the next sponsor fills;
# "Sponsored by the city council" names its sponsor in words and stays
_SPONSOR_LABEL: Final = re.compile(
    r"\W*(?:in (?:partnership|association|collaboration) with"
    r"|(?:sponsored|presented|brought to you|supported|underwritten|made possible) by)\W*",
    re.IGNORECASE,
)
# a heading that labels its section an advertisement, the label before or after its title
# ("Advertisement: New AI Book!", "Sponsor: Example", "Observability for CI (Sponsored)"):
# a newsletter's paid slot between its sections, whose text the advertiser wrote; a title's
# "(Partner)" names a person's rank at a firm as often as a paid slot, and says neither
_AD_HEADING: Final = re.compile(
    r"\W*(?:advertisement|sponsored(?: (?:content|post|message))?|sponsor|paid (?:content|post)"
    r"|partner content)\s*[:|–—]\s*\w.*"
    r"|\W*\w.*[(\[](?:sponsored|sponsor|advertisement|ad|paid post)[)\]]\W*",
    re.IGNORECASE,
)
# the title over a share bar or a social box: "Share this article", "Follow us on social media"
_SHARE_TITLE: Final = re.compile(
    r"\W*(?:share (?:this|on|via)(?: (?:article|post|story|page|recipe|guide))?"
    r"|follow us(?: on(?: social(?: media)?)?)?)\W*",
    re.IGNORECASE,
)
# a share bar's buttons read as a line of the networks' names, two or more and nothing else
# ("SMS Facebook Twitter Email", an author card's "LinkedInX"); names in a sentence or a
# list written with commas ("X, Facebook") are the article's
_SHARE_BUTTONS: Final = re.compile(
    r"\W*(?:share\W*)?(?:(?:facebook|twitter|x|linkedin|pinterest|reddit|whatsapp|tumblr"
    r"|flipboard|threads|bluesky|mastodon|telegram|messenger|instagram|youtube|tiktok|email"
    r"|e-mail|sms|print|copy link)[\s|/·•]*){2,}",
    re.IGNORECASE,
)
# the badge a forum prints beside each post of the thread's opener (Invision's "Author",
# "Original post" over the opener's post or on a link to it)
_OPENER_BADGE: Final = re.compile(
    r"\W*(?:original post(?:er)?|(?:thread|topic) (?:starter|author)|op|author)\W*",
    re.IGNORECASE,
)
# a member's rank printed under their name beside each post, as forum software names its
# default ranks ("Registered User", "Senior Member", "Super Moderator"); a bare
# "Moderator" or "Administrator" may be a person's role on a team's page, and stays
_MEMBER_RANK: Final = re.compile(
    r"\W*(?:registered user|(?:junior|senior|new|active|full|veteran|well-known|established"
    r"|former) member|(?:super|global|forum) moderator|forum admin(?:istrator)?|staff member"
    r"|former staff)\W*",
    re.IGNORECASE,
)
# a post's number in the thread as its permalink beside a separator ("#12 ·", vBulletin's
# "#2 | Link"): "#12" alone stays, a listing's rank
_POST_NUMBER: Final = re.compile(r"\W*#\d{1,6}\s*(?:·|\|\s*link)\W*", re.IGNORECASE)
# a product's stock level alone, on its card in a shop's grid ("In stock", "Low stock",
# "Sold out", "Back-order", "Only 3 left", "En stock"), or two of them on one line, the
# level and the count ("Low in stock, only 1 left"): it moves with every sale and delivery
_ONE_STOCK_LEVEL: Final = (
    r"(?:(?:in|low(?: in)?|limited|out of|temporarily out of) stock(?: online)?|sold out"
    r"|back-?order(?:ed)?|only \d+ left(?: in stock)?|en stock|en commande|rupture de stock"
    r"|(?:nicht )?auf lager|agotado)"
)
_STOCK_LEVEL: Final = re.compile(
    rf"\W*{_ONE_STOCK_LEVEL}(?:\s*[,;:\u00b7-]\s*{_ONE_STOCK_LEVEL})?\W*", re.IGNORECASE
)
MAX_STOCK_WORDS: Final = 8


# a word every stock level holds, looked for before the pattern
_STOCK_WORDS: Final = ("stock", "sold", "order", "left", "lager", "commande", "agotado")


def _holds_a_word(lowered: str, words: tuple[str, ...]) -> bool:
    """Whether a lower-cased line holds one of ``words``: each looked for in C, where a
    pattern's call costs ten times more (a loop, not any() over a generator: asked of
    most short lines, where making the generator cost more than the looks)."""
    for word in words:
        if word in lowered:
            break
    else:
        return False
    return True


# a card's count of the options it does not show beside its swatches ("+ More", "4 more
# colors", "+3 colours"; "+98" alone may be a figure's change) and a shop's badge over a
# card ("New arrival", "Best seller", "On sale"): they move with the shop's stock and
# season ("Best sellers", "New arrivals" name categories)
_MORE_OPTIONS: Final = re.compile(
    r"\s*(?:\+? ?\d{1,3} more(?: colou?rs?| options| styles| sizes)?|\+ more"
    r"|\+ ?\d{1,3} (?:more|colou?rs|options|styles|sizes))\s*"
    r"|\W*(?:new arrival|best ?seller|on sale|nouveau)\W*",
    re.IGNORECASE,
)
MAX_OPTION_CHARS: Final = 20
_OPTION_WORDS: Final = ("more", "sale", "seller", "arrival", "nouveau")


# a card's count of the swatches it does not show, a bare "+3" beside the ones it does:
# printed on three cards or more (``CARDS_PROMISING``) it is a grid's, where "+98" alone may
# be a figure's change; in a table's cell it stays a figure
_SWATCH_COUNT: Final = re.compile(r"\s*\+\s?\d{1,3}\s*")
MAX_SWATCH_CHARS: Final = 6


def _swatch_counts(
    decisions: Sequence[Decision], short: Sequence[tuple[int, str, str]]
) -> frozenset[int]:
    """Of the short kept lines (``_short_kept``), the bare counts of more swatches
    (``_SWATCH_COUNT``) outside tables, when the page prints three or more."""
    found = frozenset(
        index
        for index, text, _ in short
        if len(text) <= MAX_SWATCH_CHARS
        and "+" in text
        and _SWATCH_COUNT.fullmatch(text)
        and decisions[index][0].kind is not _TABLE_CELL
    )
    return found if len(found) >= CARDS_PROMISING else frozenset()


# the services a shop offers on every page, each a short title over one line ("Delivery"
# / "Shop from home and get it delivered", "Financing options", "Easy Returns", "Lifetime
# Warranty", "Apple Trade In", "Personal Setup"): its promotion of itself, not what the page
# sells or tells. Three different ones within ``SERVICES_SPAN`` blocks, so a manual's
# "Returns" over each function's result, a label and its value ("Shipping:"), and a
# service's one "Free delivery" stay
_SHOP_SERVICE: Final = re.compile(
    r"\W*(?:(?:free|fast|easy|hassle[- ]free)\s+)?(?:(?:\d{1,3}[- ]day\s+)?"
    r"(?:shipping|delivery|returns?|exchanges?)(?:\s+(?:and|&)\s+(?:pickup|returns?|exchanges?))?"
    r"|financing(?: options)?|(?:lifetime |limited |\d{1,2}[- ]year )?warranty"
    r"|price match(?: guarantee| promise)?|secure (?:checkout|payments?)|(?:\w+ )?assembly"
    r"|(?:\w+ )?trade[- ]in|personal setup|(?:in-store |curbside )?pickup)[^\w:]*",
    re.IGNORECASE,
)
_SERVICE_WORDS: Final = (
    "ship",
    "deliver",
    "return",
    "exchange",
    "financ",
    "warrant",
    "price match",
    "secure",
    "assembl",
    "trade",
    "setup",
    "pickup",
)
MAX_SERVICE_CHARS: Final = 30
MAX_SERVICE_LINE: Final = 160  # the one line under a service's title
SERVICES_SPAN: Final = 8
SHOP_SERVICES: Final = 3


def _shop_services(
    decisions: Sequence[Decision], short: Sequence[tuple[int, str, str]]
) -> frozenset[int]:
    """Of the short kept lines (``_short_kept``), the titles of a shop's services
    (``_SHOP_SERVICE``) with three different ones within ``SERVICES_SPAN`` blocks, and
    the one line under each."""
    titles = [
        (index, lowered.strip())
        for index, text, lowered in short
        if len(text) <= MAX_SERVICE_CHARS
        and decisions[index][0].kind is not _TABLE_CELL
        and _holds_a_word(lowered, _SERVICE_WORDS)
        and _SHOP_SERVICE.fullmatch(text)
    ]
    found: set[int] = set()
    for index, _ in titles:
        near = {title for other, title in titles if abs(other - index) <= SERVICES_SPAN}
        if len(near) < SHOP_SERVICES:
            continue
        found.add(index)
        line = index + 1
        if line < len(decisions):
            block, reason, _ = decisions[line]
            if (
                reason is None
                and block.kind is not _HEADING
                and len(block.text) <= MAX_SERVICE_LINE
                and all(other != line for other, _ in titles)
            ):
                found.add(line)
    return frozenset(found)


# a shop's one-word badge over a card, "New" or "Sale": moves with its season and stock;
# printed on two cards or more (``CARDS_BADGED``), where one alone may announce a service's
# new feature ("New" over "Automate repetitive tasks"); never a heading (a changelog's
# "New" over what was added) nor a table's cell
_CARD_BADGE: Final = re.compile(r"\W*(?:new|sale)\W*", re.IGNORECASE)
MAX_BADGE_CHARS: Final = 8
CARDS_BADGED: Final = 2


def _card_badges(
    decisions: Sequence[Decision], short: Sequence[tuple[int, str, str]]
) -> frozenset[int]:
    """Of the short kept lines (``_short_kept``), the one-word badges (``_CARD_BADGE``)
    that are no heading nor a table's cell, when the page prints two or more."""
    found = frozenset(
        index
        for index, text, _ in short
        if len(text) <= MAX_BADGE_CHARS
        and _CARD_BADGE.fullmatch(text)
        and decisions[index][0].kind not in (_HEADING, _TABLE_CELL)
    )
    return found if len(found) >= CARDS_BADGED else frozenset()


# a card's saving told as an amount alone ("Save $130.00", "Save: $150.00 (13%)", "-50,00 €"):
# the difference of the two prices the card prints, which moves with either; a percentage
# alone ("Save 16%", "-30%") is a plan's yearly discount as often, and stays, and so does a
# table's cell
_CARD_SAVING: Final = re.compile(
    r"\W*(?:you )?save:?\s*[$£€]\s?\d[\d,.]*(?:\s*\(\d{1,2}\s?%\))?\W*"
    r"|\W*-\s?(?:[$£€]\s?\d[\d,.]*|\d[\d,.]*\s?[$£€])\W*",
    re.IGNORECASE,
)
MAX_SAVING_CHARS: Final = 30
_CURRENCY_SIGNS: Final = ("$", "€", "£")


def _card_saving(block: RawBlock) -> bool:
    """A card's saving as an amount alone (``_CARD_SAVING``), not in a table's cell."""
    text = block.text
    if len(text) > MAX_SAVING_CHARS or block.kind is _TABLE_CELL:
        return False
    # every saving names its currency: the signs looked for in C before the pattern
    return _holds_a_word(text, _CURRENCY_SIGNS) and _CARD_SAVING.fullmatch(text) is not None


# a listing's control to filter or sort its cards, a label alone on its line ("Filters",
# "Filter By", "Filters (0)", "Sort by:", "Filter & Sort"): capitalised as a button is, and
# never a heading (a manual's section on filters)
_LISTING_CONTROL: Final = re.compile(
    r"\W*(?:filter\s+)?(?:filters?|sort)(?:\s+by|\s+(?:&|and)\s+(?:sort|filter))?"
    r"(?:\s*\(\d{1,3}\))?\W*",
    re.IGNORECASE,
)
MAX_LISTING_CONTROL_CHARS: Final = 24


def _listing_control(block: RawBlock) -> bool:
    """A listing's filter or sort control alone (``_LISTING_CONTROL``), not a heading."""
    text = block.text
    if len(text) > MAX_LISTING_CONTROL_CHARS or block.kind is _HEADING:
        return False
    line = text.lstrip()
    return (
        line[:1] in ("F", "S")  # a button's label opens with its capital: looked at first
        and _LISTING_CONTROL.fullmatch(text) is not None
    )


def _card_option(block: RawBlock) -> bool:
    """A card's count of more options or its badge alone (``_MORE_OPTIONS``); in a table's
    cell, "Best seller" is a fact and "2 more" a figure, and stay."""
    text = block.text
    if len(text) > MAX_OPTION_CHARS or block.kind is _TABLE_CELL:
        return False
    lowered = text.lower()  # a word every such line has, looked for in C before the pattern
    return ("+" in text or _holds_a_word(lowered, _OPTION_WORDS)) and (
        _MORE_OPTIONS.fullmatch(text) is not None
    )


# a topic's ages in its summary box, its start and its last reply, told from now or by a
# day without its year (Invision's "Created 1 yr" and "Last Reply Sep 26", each printed
# twice, for wide and for narrow screens: "Created 1 yr1 yr"): another thing on each reply
# and with the time that passes; asked only of a line with a digit, apart from the labels
# (its openings, "c" and "l", would have every such line asked of them all)
_AGE: Final = (
    r"(?:\d{1,3}\s*(?:yrs?|years?|mos?|months?|wks?|weeks?|d|days?|h|hrs?|hours?|mins?"
    r"|minutes?)|[a-z]{3}\s+\d{1,2})"
)
_TOPIC_AGES: Final = re.compile(
    rf"\W*(?:created|last reply)\s+{_AGE}(?:\s*{_AGE})*\W*", re.IGNORECASE
)
# a post's or a question's time told from now, under its verb ("Asked 6 years, 9 months
# ago", "Modified 6 months ago", "posted 6 years ago"): it says another thing every day the
# page is read ("3 days ago" alone stays: a job board's truth keeps its cards' ages)
_AGO_UNIT: Final = r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|yrs?)"
_AGO_COUNT: Final = r"(?:\d{1,3}|an?|one)\s+" + _AGO_UNIT
_TOLD_FROM_NOW: Final = re.compile(
    r"\W*(?:asked|modified|active|answered|edited|posted|updated|commented|replied"
    rf"|last (?:seen|active|reply|post|activity))\s+(?:{_AGO_COUNT},?\s+(?:and\s+)?)*"
    rf"{_AGO_COUNT}\s+ago\W*",
    re.IGNORECASE,
)
# ... or beside the post's score or its number in the thread, the post's header line
# (Lemmy's "English 26 · 1 year ago": its language, votes and age; "2 years ago#2"), or
# beside its author's one-word name (lobste.rs's "ana 1 year ago", "ben edited 1 year ago",
# "chloe· 4 min ago"; "about 3 hours ago" is an age alone, and stays), or in the credit over
# a quotation of it (Invision's "16 minutes ago, ana said:", which reads "On 6/14/2024 at
# 3:18 PM, ana said:" once a day has passed, and stays then), or after a card's source or
# authors, six words at most, and a bar or a dot between them (a news river's "KGW • 21
# hours ago", a blog index's "Ana Ruiz and Ben Li | 3 days ago")
_SCORED_AGO: Final = re.compile(
    rf"\W*(?:(?:[^\W\d_]+\s+)?[-+]?\d[\d,.]*k?\s*·\s*{_AGO_COUNT}\s+ago"
    rf"|{_AGO_COUNT}\s+ago\s*·?\s*#\d{{1,6}}"
    rf"|{_AGO_COUNT}\s+ago,\s+\S.{{0,60}}\s(?:said|wrote):"
    rf"|(?!(?:about|over|almost|nearly|around|under|just)\s)[^\W\d_][\w.-]*\s*·?\s+"
    rf"(?:edited\s+)?{_AGO_COUNT}\s+ago"
    rf"|[^\W\d_][\w.'&-]*(?:\s+[\w.'&-]+){{0,5}}(?:\s*[|•·]\s*|\s+[-–—]\s+)"
    rf"{_AGO_COUNT}\s+ago)\W*",
    re.IGNORECASE,
)
# ... or alone ("17 hours ago"), which stays unless a <time> element holds it
MAX_AGO_CHARS: Final = 30
_AGO_ALONE: Final = re.compile(rf"\W*{_AGO_COUNT}\s+ago\W*", re.IGNORECASE)
# a byline's label alone, the name in the line after it ("Posted by", "Edited by:"); a
# shop's "This article was Written By" over its team's name is kept by its truth, and
# "Written by" alone stays
_BYLINE_LABEL: Final = re.compile(
    r"\W*(?:posted|edited|reviewed|fact[- ]?checked|authored)\s+by\W*",
    re.IGNORECASE,
)
# vBulletin's head over a quoted post, "Originally Posted by ana": the quote's credit, not
# the post's words (no dev truth keeps it; "ana wrote:" is kept by some truths and stays)
_QUOTE_CREDIT: Final = re.compile(r"\W*originally posted by\s+\S+(?:\s+\S+){0,4}\W*", re.IGNORECASE)
# whether a member is signed in now, printed beside each of their posts ("Online",
# "Offline"): it changes as they come and go
_PRESENCE: Final = re.compile(r"\W*(?:online|offline)(?: now)?\W*", re.IGNORECASE)
# a post's reading time alone ("5 min read", "13 MIN. READ", "Reading time: 8 minutes",
# "Estimated reading time:" over its figure): worked out from the text's length, printed
# by the byline; "5 mins" alone stays (a recipe's time)
_READING_TIME: Final = re.compile(
    r"\W*(?:(?:(?:estimated|approximate|average)\s+)?read(?:ing)?\s+time\W*"
    r"(?:\d+\s*(?:min(?:ute)?s?|mins?)\.?)?"
    r"|\d+\s*(?:min(?:ute)?s?|mins?)\.?\s+read(?:ing)?(?:\s+time)?)\W*",
    re.IGNORECASE,
)
# the site's copyright notice, a line opening with the sign and its year or saying "All
# rights reserved" ("© 2025 Example Inc.", "Copyright © 2019-2025 Example", "© Example Ltd.
# All rights reserved."): the footer's wherever a theme prints it, its year moving on every
# January; a news agency's longer terms under its story ("© 2019 Agency. All Rights
# Reserved. This material may not be published...") are the story's
MAX_COPYRIGHT_CHARS: Final = 100
_COPYRIGHT: Final = re.compile(
    r"\s*(?:copyright\s*)?(?:©|\(c\))\s*(?:(?:1[89]|20)\d\d\b|.*\ball rights reserved\b)",
    re.IGNORECASE | re.DOTALL,
)
# the note a forum prints under an edited post, who edited it and when ("Last edited by ana;
# Feb 17, 2026 at 9:17 am", "Edited April 18, 2024 by ana", MyBB's "(This post was last
# modified: ...)"): it changes with the next edit, and it is no one's writing
_EDIT_NOTE: Final = re.compile(
    r"\W*(?:last edited\b|edited (?:on )?(?:[a-z]+\.? \d{1,2}\b|\d{1,4}[-/.]\d)[^a-z]{0,12}"
    r"(?:\d\s*(?:yrs?|years?|mo|months?|wks?|weeks?|days?|hrs?|hours?|min)\s*)?by\s+\S)"
    r"|.*\(this post was last modified:",
    re.IGNORECASE | re.DOTALL,
)
# who reacted to a forum post ("Reactions: ana_r and 3 others"): it grows with every reader
_REACTIONS: Final = re.compile(r"\W*reactions?\s*:\s*\w.*", re.IGNORECASE)
_TOKEN_WORD: Final = re.compile(
    r"^(?:build|version|ver|rev|revision|commit|release|cache|hash|id)\W*$", re.IGNORECASE
)

# the furniture a class or id token names: a counter of readers' acts or a clock
_COUNTER_TOKEN: Final = re.compile(
    r"^(?:post-?|page-?)?views?-?count(?:er)?s?$|^(?:post|page)-?views$|^pageviews$"
    r"|^hit-?counter$|^visit(?:or)?s?-?counter$|^counter$"
    r"|^(?:like|comment|share|vote|reply|reaction)s?-?(?:count|counter|number)s?$"
)
_CLOCK_TOKEN: Final = re.compile(r"^(?:live-?)?clock$|^current-?(?:date|time)$|^(?:date-?)?today$")
_TESTIMONIAL: Final = re.compile(r"(?:^|[-_])(?:testimonials?|reviews?|quotes?|ratings?)(?:$|[-_])")
_CAROUSEL_ATTRIBUTES: Final = frozenset(
    {"data-slick", "data-swiper", "data-flickity", "data-glide"}
)
# schema.org's counts of what readers did: a post's votes, its answers, its comments
_COUNT_PROPERTIES: Final = frozenset(
    {
        "upvoteCount",
        "downvoteCount",
        "answerCount",
        "commentCount",
        "interactionCount",
        "interactionStatistic",
        "userInteractionCount",
    }
)


# a shop's promise of how an order reaches the buyer, printed on each card of its grid
# ("Free Shipping", "FREE 2-Day Delivery", "Calculate Shipping", "Available for Shipping"):
# a term of the day's offer that the cards repeat, not what a card sells; asked only where
# such lines come three times or more, so one product's own buy box keeps its promise, and
# a free offer or a control only ("48-Hour Express Delivery" is a service's tier)
_SHIPPING_PROMISE: Final = re.compile(
    r"\W*(?:free\s+(?:(?:fast|express|standard|same[- ]day|next[- ]day|\d{1,2}[- ]day"
    r"|full[- ]service|international|ground)\s+)*(?:shipping|delivery)"
    r"|calculate shipping|available for (?:shipping|delivery|pickup))\W*",
    re.IGNORECASE,
)
MAX_PROMISE_CHARS: Final = 40
CARDS_PROMISING: Final = 3
_PROMISE_WORDS: Final = ("shipping", "delivery", "pickup")


def _card_promises(short: Sequence[tuple[int, str, str]]) -> frozenset[int]:
    """Of the short kept lines (``_short_kept``), those that are a shop's shipping promise
    (``_SHIPPING_PROMISE``), when the page prints such lines on three cards or more."""
    found = frozenset(
        index
        for index, text, lowered in short
        if len(text) <= MAX_PROMISE_CHARS
        and _holds_a_word(lowered, _PROMISE_WORDS)
        and _SHIPPING_PROMISE.fullmatch(text)
    )
    return found if len(found) >= CARDS_PROMISING else frozenset()


# a product's summary of its reviews on a line of its own: the stars its buyers gave and how
# many reviews or ratings ("4.4 stars out of 1935 reviews", "Rated 4.4 out of 5 stars.", "369
# Reviews"), or that there is none yet ("No reviews yet", "Be the first to review this
# item"); both move with every review, as a count of comments does. Asked only where such
# lines come once or twice: on each card of a list, a rating given is the entry's own
_REVIEW_COUNT: Final = rf"{_NUMBER}\s*(?:customer\s+|product\s+)?(?:reviews?|ratings?)"
_REVIEW_SUMMARY: Final = re.compile(
    r"\W*(?:rated\s+)?\d(?:[.,]\d+)?\s*(?:out of|of|/)\s*5(?:[.,]0)?\s*stars?"
    rf"(?:\s+(?:from|out of|based on)\s+{_REVIEW_COUNT})?\W*"
    rf"|\W*\d(?:[.,]\d+)?\s+stars?\s+(?:from|out of|based on)\s+{_REVIEW_COUNT}\W*"
    rf"|\W*{_REVIEW_COUNT}\W*"
    r"|\W*no (?:customer )?reviews yet\W*"
    r"|\W*be the first to (?:review|write a review)(?: (?:this|the) (?:item|product))?\W*",
    re.IGNORECASE,
)
MAX_REVIEW_SUMMARY_CHARS: Final = 60
_REVIEW_WORDS: Final = ("review", "rating", "star")


def _own_review_summaries(short: Sequence[tuple[int, str, str]]) -> frozenset[int]:
    """Of the short kept lines (``_short_kept``), those that summarise a product's reviews
    (``_REVIEW_SUMMARY``), when the page prints fewer than three: the product's own, not a
    list's entries'."""
    found = frozenset(
        index
        for index, text, lowered in short
        if _holds_a_word(lowered, _REVIEW_WORDS) and _REVIEW_SUMMARY.fullmatch(text)
    )
    return found if len(found) < CARDS_PROMISING else frozenset()


# a product's fit as its buyers' reviews tell it, on a line of its own ("Customers say it
# fits true to size", "Based on 279 reviews, customers recommend sizing down", "The Wool
# Runner fits true-to-size for most customers."): a review widget's tally read into words,
# which moves with the reviews as their count does, not what the shop says of its size.
# Only where the buyers are named (a shop's own "Runs small, size up" is its claim), and,
# as a review summary, where such lines come once or twice
_BUYERS: Final = r"(?:most\s+|many\s+)?(?:customers|reviewers|shoppers|buyers)"
_FIT: Final = (
    r"(?:fits?|runs?|is)\s+(?:true[- ]to[- ]size|small|large|big|narrow|wide)"
    r"|(?:sizing|going)\s+(?:up|down)(?:\s+a\s+size)?"
)
_FIT_VERDICT: Final = re.compile(
    rf"\W*(?:(?:based on|from)\s+{_REVIEW_COUNT},?\s+|on average,?\s+(?:\d[\d,]*\s+)?)?"
    rf"{_BUYERS}\s+(?:say|said|report|recommend|agree)\s+(?:that\s+)?"
    r"(?:(?:it|this(?:\s+(?:product|item|style))?|(?:the\s+)?product)\s+)?"
    rf"(?:{_FIT})\W*"
    r"|\W*[^.!?]{0,40}?\b(?:fits?|runs?)\s+(?:true[- ]to[- ]size|small|large|big)"
    rf"\s+for\s+{_BUYERS}\W*",
    re.IGNORECASE,
)
_BUYER_WORDS: Final = ("customer", "reviewer", "shopper", "buyer")


def _fit_verdicts(short: Sequence[tuple[int, str, str]]) -> frozenset[int]:
    """Of the short kept lines (``_short_kept``), those that tell a product's fit as its
    buyers' reviews do (``_FIT_VERDICT``), when the page prints fewer than three."""
    found = frozenset(
        index
        for index, text, lowered in short
        if _holds_a_word(lowered, _BUYER_WORDS) and _FIT_VERDICT.fullmatch(text)
    )
    return found if len(found) < CARDS_PROMISING else frozenset()


# a shop's estimate of when an order arrives or ships, told by the calendar ("Get it by Thu,
# Mar 12", "Order today to get by Mar 17-27", "Ships by March 10th", "Estimated delivery: Mon,
# Mar 9 - Wed, Mar 11", "Arrives by Today") or by a countdown to the day's cut-off ("Order
# within 3 hr 52 min"): the date moves with the day the page is read, so each capture would
# report a change the shop never made. A standing promise ("Same day shipping if ordered by
# 4PM Eastern", "Free 2-day delivery") names no date, and stays
_WEEKDAY: Final = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?"
_MONTH_DAY: Final = (
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s*\d{1,2}(?:st|nd|rd|th)?"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
    r"|\d{1,2}/\d{1,2}(?:/\d{2,4})?"
)
_DAY: Final = rf"(?:{_WEEKDAY},?\s*)?(?:{_MONTH_DAY})|{_WEEKDAY}|today|tomorrow"
_DELIVERY_DATE: Final = re.compile(
    r"\W*(?:[\w ]{1,30}:\s*|(?:shipping|delivery|pickup)\s+)?"
    r"(?:order (?:today|now)\s+(?:to|and)\s+get(?: it)?|get it|receive it|arrives?|delivered"
    r"|delivery|ships?|dispatched"
    r"|estimated (?:delivery|arrival)(?: date)?)\s*(?:by|on|between|:)?\s*"
    rf"(?:{_DAY})(?:\s*(?:-|\u2013|to|and)\s*(?:{_DAY}|\d{{1,2}}(?:st|nd|rd|th)?))?\W*"
    r"|\W*order within \d+\s*(?:hrs?|hours?)(?:\s*\d+\s*(?:mins?|minutes?))?\W*",
    re.IGNORECASE,
)
_DELIVERY_WORDS: Final = ("get", "receive", "arrive", "deliver", "ship", "dispatch", "order within")


def _delivery_dates(short: Sequence[tuple[int, str, str]]) -> frozenset[int]:
    """Of the short kept lines (``_short_kept``), those that tell when an order arrives or
    ships by a date or a countdown (``_DELIVERY_DATE``)."""
    return frozenset(
        index
        for index, text, lowered in short
        if _holds_a_word(lowered, _DELIVERY_WORDS) and _DELIVERY_DATE.fullmatch(text)
    )


def _short_kept(decisions: Sequence[Decision]) -> list[tuple[int, str, str]]:
    """The index, text and lower-cased text of each kept line short enough to be a card's
    shipping promise or a product's review summary (the longer bound,
    ``MAX_REVIEW_SUMMARY_CHARS``): one pass over the page's blocks for both."""
    return [
        (index, block.text, block.text.lower())
        for index, (block, reason, _) in enumerate(decisions)
        if reason is None and len(block.text) <= MAX_REVIEW_SUMMARY_CHARS
    ]


_HEADING: Final = BlockKind.HEADING  # read once: through its class, ~0.4 µs a read on Python 3.11
_PARAGRAPH: Final = BlockKind.PARAGRAPH
_TABLE_CELL: Final = BlockKind.TABLE_CELL
MAX_RELATED_LABEL: Final = 60  # "Related Articles from the Trash Talk blog:" is 42


_KEPT: Final = frozenset({None})


def _boxed(
    box: list[Decision],
    reason: StripReason,
    detail: str,
    changeable: frozenset[StripReason | None] = RELABELLED,
) -> list[Decision]:
    """A box's blocks stripped for ``reason``, those whose reason is ``changeable``; the
    others as they were (hidden text, a date line: more specific than the box)."""
    return [
        (block, reason, detail) if old in changeable else (block, old, old_detail)
        for block, old, old_detail in box
    ]


def _under(heading: RawBlock) -> str:
    return f'under the heading "{heading.text[:40]}"'


def relabel(decisions: list[Decision]) -> list[Decision]:
    """``decisions`` with volatile furniture stripped under its own reason."""
    marks = _ElementMarks(decisions)
    kept = [index for index, (_, reason, _) in enumerate(decisions) if reason is None]
    last_kept = kept[-1] if kept else -1
    tail = frozenset(kept[-TAIL_BLOCKS:])
    short = _short_kept(decisions)
    promises = _card_promises(short)
    summaries = _own_review_summaries(short)
    fits = _fit_verdicts(short)
    deliveries = _delivery_dates(short)
    swatches = _swatch_counts(decisions, short)
    services = _shop_services(decisions, short)
    badges = _card_badges(decisions, short)
    # what a shop's lines are by the page's other lines, the first set holding the index
    # giving the reason: one lookup a block, where each set was asked in turn
    by_page: dict[int, tuple[StripReason, str]] = {}
    for indices, given in (
        (services, (R.CALL_TO_ACTION, "a shop's services, offered on its every page")),
        (swatches | badges, (R.COUNTER, "a card's count of more options, or its badge")),
        (deliveries, (R.CLOCK, "an order's delivery date, which moves with the day")),
        (fits, (R.COUNTER, "a product's fit as its reviews tell it")),
        (summaries, (R.COUNTER, "a product's rating and count of reviews")),
        (promises, (R.COUNTER, "a shipping promise printed on each card")),
    ):  # the last asked first: an earlier set's reason is written over it
        by_page.update(dict.fromkeys(indices, given))
    result: list[Decision] = []
    index = 0
    while index < len(decisions):
        block, reason, _ = decisions[index]
        by_text = text_reason(block.text) if reason not in KEPT_REASONS else None
        if (shop := by_page.get(index)) is not None:
            by_text = shop
        elif by_text is None and index in tail:
            by_text = _tail_reason(block, last=index == last_kept)
        if by_text is None and reason in RELABELLED:
            if _told_from_now_over_date(block):
                by_text = R.DATE_LINE, "a time told from now over its date"
            elif _jump_in_page(block):
                by_text = R.NAVIGATION, "a link to a place on this page"
            elif _labelled_teaser(block):
                by_text = R.RELATED, "a labelled link to another story in the article's flow"
            elif (
                len(block.text) <= MAX_CONTENTS_TITLE_CHARS
                and _CONTENTS_TITLE.fullmatch(block.text)
                and (index + 1 == len(decisions) or decisions[index + 1][1] is not None)
            ):
                by_text = R.NAVIGATION, "a table of contents' title, its entries stripped"
            elif _card_option(block):
                by_text = R.COUNTER, "a card's count of more options, or its badge"
            elif _listing_control(block):
                by_text = R.CALL_TO_ACTION, "a listing's filter or sort control"
            elif _card_saving(block):
                by_text = R.COUNTER, "a card's saving, the difference of its prices"
        if by_text is not None or reason not in RELABELLED:
            result.append((block, *by_text) if by_text else decisions[index])
            index += 1
            continue
        if index == last_kept and _related_label(block):
            result.append((block, R.RELATED, "titles a box of other pages, nothing kept under it"))
            index += 1
            continue
        if reason is None and _shop_label(block):
            result.append((block, R.RELATED, "titles a shop's box of other products"))
            index += 1
            continue
        if (
            index in tail
            and reason is None
            and block.kind is _PARAGRAPH
            and _AUTHOR_LABEL.match(block.text)
            and (end := _label_end(decisions, index, last_kept))
        ):
            result.extend(
                _boxed(
                    decisions[index:end],
                    R.BYLINE,
                    "an author's bio after the article, by its label",
                    _KEPT,
                )
            )
            index = end
            continue
        if block.kind is _HEADING and _AD_HEADING.fullmatch(block.text):
            end = _section_end(decisions, index)
            result.extend(_boxed(decisions[index:end], R.AD, _under(block)))
            index = end
            continue
        if block.kind is _HEADING and _AUTHOR_HEADING.match(block.text):
            end = _related_box_end(decisions, index)
            if marks.is_small(decisions[index:end]):
                result.extend(_boxed(decisions[index:end], R.BYLINE, _under(block)))
                index = end
                continue
        if block.kind is _HEADING and _names_related(block):
            end = _related_box_end(decisions, index)
            box = decisions[index:end]
            if not marks.is_furniture(box, any_size=_names_threads(block.text)) and not (
                (_SHOP_HEADING.match(block.text) or _cut_excerpts(box)) and marks.is_small(box)
            ):
                # a title over nothing the page keeps (other products in a carousel, a
                # box a script fills in, a panel holding the title and an empty loader
                # alone) names other pages and goes alone
                under = decisions[index + 1 : end]
                empty = reason is None and (
                    (
                        not any(marks.kept(boxed) for boxed in under)
                        and not _over_prose(block, under, decisions, end)
                    )
                    or _titles_nothing(block.element)
                )
                result.append(
                    (block, R.RELATED, "titles a box of other pages, nothing kept under it")
                    if empty
                    else decisions[index]
                )
                index += 1
                continue
            result.extend(_boxed(decisions[index:end], R.RELATED, _under(block)))
            index = end
            continue
        found = marks.reason(block.element, in_article=reason is None) or marks.inner(block)
        result.append((block, *found) if found else decisions[index])
        index += 1
    _strip_by_neighbours(result)
    return result


# what a page says last that every page of its site says: its copyright notice with the
# year after the name ("© Shop, 2026"; with the year first, ``_COPYRIGHT`` finds it
# anywhere), the licence of the site's pages ("Except as otherwise noted, the content of
# this page is licensed under…"; an article's own "This work is licensed under…" stays) and
# a label whose list was stripped, nothing kept under it (MediaWiki's "Hidden categories:",
# "More to explore:"); asked of the last blocks kept
TAIL_BLOCKS: Final = 3
MAX_NOTICE_CHARS: Final = 400
MAX_LABEL_CHARS: Final = 30
MAX_LABEL_WORDS: Final = 3
_SITE_NOTICE: Final = re.compile(
    r"\W*(?:copyright\s*)?©\s*[^.!?\d]{1,60}?\b(?:1[89]|20)\d\d\W*"
    r"|\W*(?:except as otherwise noted,\s*)?the content of this (?:page|site|website)"
    r" is licensed under\b.*",
    re.IGNORECASE | re.DOTALL,
)


# a closing paragraph that asks the reader to follow the site on a social network, the ask
# its own sentence or joined to one ("Follow Reviewed on Facebook, Twitter or TikTok for the
# latest deals", "… and follow us on LinkedIn to stay up to date", "Be sure to follow me on
# social media"), printed under every post: too long for ``_FOLLOW_PROMPT``'s one line. A
# story's "runners began to follow her on Instagram" asks nothing of the reader
MAX_FOLLOW_WORDS: Final = 80
MAX_SIGN_OFF_CHARS: Final = 40
_FOLLOW_ASK: Final = re.compile(
    r"(?:^\W*|[.!?,;:]\W*\s|\b(?:and|also|please|(?:sure|forget|remember) to)\s)"
    r"follow\s+(?:\S+\s+){0,3}?on\s+"
    r"(?:social media|facebook|instagram|youtube|tiktok|linkedin|pinterest|threads|bluesky"
    r"|mastodon|twitter|x)(?![\w-])",
    re.IGNORECASE,
)
# a closing appeal for the reader's money to keep the site's reporting free ("please consider
# pitching in what you can", "Support CNX Software! Donate via …", "Your one-off or monthly
# donations play a crucial role…", "This story is funded by readers like you"): a
# newsroom's campaign after every story, as long as ``_FOLLOW_ASK``'s paragraphs; a
# story about giving ("Viewers support streamers with donations") asks nothing
_DONATION_ASK: Final = re.compile(
    r"\bplease consider (?:pitching in|donating|making a donation|a donation)\b"
    r"|\bdonate via\b|\bdonations? (?:play|help|keep|make|allow)s? (?:a |us |our |it )"
    r"|\b(?:funded|supported) by readers like you\b",
    re.IGNORECASE,
)
# a sign-off line of its own after the post, the site's box of its author under it ("Thanks
# for visiting!", "Thank you for reading!"); one closing a paragraph of the post stays
_SIGN_OFF: Final = re.compile(
    r"\W*(?:thanks|thank you)(?: so much)? for (?:reading|visiting|stopping by|watching)\W*",
    re.IGNORECASE,
)

# what a blog engine prints over or in place of its comment form, under every post: the
# thread's closed state with what follows it ("Comments are closed for this post, but if
# you have spotted an error, contact us"), a pointer to its rules ("Read our Comment Policy
# before posting") and the form's consent ("By posting a comment, you consent to ...").
# A post's closing question to its readers ("Tell us in the comments") is the author's
_COMMENT_NOTICE: Final = re.compile(
    _THREAD_CLOSED + r"\s*[.,;!]"
    r"|.*\b(?:read|see|review) (?:our|the) comment(?:ing|s)? (?:policy|guidelines|rules)\b"
    r"|\W*by (?:posting|leaving|submitting|adding) (?:a |your )?(?:comment|reply)\b",
    re.IGNORECASE | re.DOTALL,
)


def _tail_reason(block: RawBlock, *, last: bool) -> tuple[StripReason, str] | None:
    """Why a block among the last ones kept is the site's, not the article's: its copyright
    notice, a prompt to follow it on a social network, an appeal for donations, a sign-off
    line, its comment section's notice; the last one, a label over nothing kept (a short
    line that ends with a colon)."""
    text = block.text
    if len(text) <= MAX_NOTICE_CHARS and _SITE_NOTICE.fullmatch(text):
        return R.FOOTER, "a site's copyright or licence notice"
    if block.kind in (_PARAGRAPH, _HEADING) and len(text.split()) <= MAX_FOLLOW_WORDS:
        lowered = text.lower()  # each ask's word looked for in C before its pattern
        if block.kind is _PARAGRAPH and "follow" in lowered and _FOLLOW_ASK.search(text):
            return R.CALL_TO_ACTION, "a closing prompt to follow on a social network"
        if (
            "donat" in lowered or "pitching in" in lowered or "readers like you" in lowered
        ) and _DONATION_ASK.search(text):
            return R.CALL_TO_ACTION, "an appeal for donations after the article"
    if len(text) <= MAX_SIGN_OFF_CHARS and _SIGN_OFF.fullmatch(text):
        return R.LOW_CONTENT, "a sign-off line after the post"
    if (
        block.kind is _PARAGRAPH
        and len(text) <= MAX_NOTICE_CHARS
        and "comment" in text.lower()
        and _COMMENT_NOTICE.match(text)
    ):
        return R.COMMENTS, "the comment section's notice after the article"
    if (
        last
        and block.kind in (_PARAGRAPH, _HEADING)
        and len(text) <= MAX_LABEL_CHARS
        and text.rstrip().endswith(":")
        and len(_WORD.findall(text)) <= MAX_LABEL_WORDS
        and not _related_label(block)  # titles other pages: stripped as related below
    ):
        return R.LOW_CONTENT, "a label over nothing kept"
    return None


def _related_label(block: RawBlock) -> bool:
    """A related box's title written as a paragraph ("Related Posts:", "You might also
    like:"), asked of the last block kept: the links it titled were stripped, and it names
    other pages. One with kept lines under it may be a list the article's truth keeps."""
    return (
        block.kind is _PARAGRAPH
        and len(block.text) <= MAX_RELATED_LABEL
        and related_heading(block.text)
    )


def _shop_label(block: RawBlock) -> bool:
    """A shop's recommendation box titled by a paragraph ("You may also like", "Your
    recently viewed items", "Pairs well with"): its cards are other products, stripped or
    drawn by a script, and the title names them wherever it stands."""
    return (
        block.kind is _PARAGRAPH
        and len(block.text) <= MAX_RELATED_LABEL
        and _SHOP_HEADING.match(block.text) is not None
    )


# a picture's caption printed as a line of the page, no <figcaption> nor caption class, told
# by the credit that closes it: "Guests pick their pastries. | Photo by Ana Ruiz", "The new
# model on sale this week Credit: Apple", "The winning car. Image by Ana Ruiz". The credit
# opens after the caption's sentence or a separator ("by" or "courtesy" inside a sentence,
# "photographs by experimenting", "features courtesy of a partner", is no credit) or with
# its colon, and the line stands right after a picture (in its box, or the box before it)
MAX_CREDITED_CAPTION_CHARS: Final = 300
_CREDIT_OPENING: Final = re.compile(
    r"(?:(?:(?<=[.!?…)\]])|(?<=\s[|/–—-]))\s*|(?<=[\s(]))"
    r"(?=(?:photo|image|picture|photograph|illustration)s?\b|credits?\s*:|courtesy\b)",
    re.IGNORECASE,
)
_PICTURES: Final = ("img", "picture")
# a word the credit's opening needs, looked for in C first: that pattern's look-behinds are
# tried at every character, which a line in other scripts than Latin paid in full
_CREDIT_OPENING_WORDS: Final = ("photo", "image", "picture", "illustration", "credit", "courtesy")


def _credited_caption(block: RawBlock) -> bool:
    """A short paragraph closed by a picture's credit, right after a picture."""
    text = block.text
    if block.kind is not _PARAGRAPH or len(text) > MAX_CREDITED_CAPTION_CHARS:
        return False
    lowered = text.lower()
    if not any(word in lowered for word in _CREDIT_OPENING_WORDS):
        return False
    for opening in _CREDIT_OPENING.finditer(text):
        credit = text[opening.end() :]
        if (
            len(text[: opening.start()].split()) >= 2
            and len(credit) <= MAX_CREDIT_CHARS
            and len(credit.split()) <= MAX_CREDIT_WORDS
            and (
                credit.split(None, 1)[0].endswith(":")
                or text[: opening.start()].rstrip()[-1:] in ".!?…)]|/–—-("
            )
            and _CREDIT.fullmatch(credit)
        ):
            return _after_picture(block.element)
    return False


def _after_picture(element: etree._Element) -> bool:
    """Whether a picture stands in the element or is, or ends, the element before it."""
    if next(element.iter(*_PICTURES), None) is not None:
        return True
    before = element.getprevious()
    while before is not None and not isinstance(before.tag, str):
        before = before.getprevious()  # a comment between them
    return before is not None and next(before.iter(*_PICTURES), None) is not None


def credited_captions(decisions: list[Decision]) -> list[Decision]:
    """``decisions`` with each kept paragraph that is a picture's caption closed by its
    credit (``_credited_caption``) made a caption: the page's content still, as a
    <figcaption> is, and no line of the article's prose."""
    result = list(decisions)
    for index, (block, reason, detail) in enumerate(decisions):
        if reason is None and _credited_caption(block):
            caption = RawBlock(
                BlockKind.CAPTION,
                block.text,
                block.element,
                block.marks,
                block.link_chars,
                block.level,
                block.ordinal,
                block.image_alt,
                block.order,
                block.source,
            )
            result[index] = (caption, None, detail)
    return result


def without_closing_heading(decisions: list[Decision], *, dated: bool) -> list[Decision]:
    """``decisions`` without a heading left as the last block kept of an article: a heading
    titles what stands under it, and nothing under it was kept, so it is the title of a box
    after the story that was stripped (a related box's "More Home Decor", "Comments", a
    newsletter's name, a call to action's "Request a Demo"). It goes with the reason of the
    first block stripped under it, or as a title over nothing when none follows. Asked only
    of a page that declares itself a dated article: a landing page or a listing ends on a
    grid whose cards are headings."""
    if not dated:
        return decisions
    kept = [index for index, (_, reason, _) in enumerate(decisions) if reason is None]
    if len(kept) < 2:
        return decisions
    last = kept[-1]
    block = decisions[last][0]
    if block.kind is not _HEADING or not declares_article(block.element):
        return decisions
    under = next(
        (reason for _, reason, _ in decisions[last + 1 :] if reason not in KEPT_REASONS), None
    )
    result = list(decisions)
    if under is None or under is R.OUTSIDE_MAIN:
        result[last] = (block, R.LOW_CONTENT, "a heading left over nothing kept")
    else:
        result[last] = (block, under, f"titles a box stripped as {under.value}, nothing kept")
    return result


# a field of a forum member's card, a label of three letters or more and a short value
# ("Location: Kooskia, ID", FlyerTalk's "Programs: BA Gold", SMF's "From: Brisbane"), known
# by the member's standing printed beside it; a reply's "Re: <subject>" is no field
MAX_BESIDE_CHARS: Final = 80
_CARD_FIELD: Final = re.compile(r"[^\W\d_][\w'-]{2,}(?: [\w'-]+){0,2}\s*:\s*\S.*")
# the label XenForo prints over a locked thread's "Not open for further replies."
_STATUS_LABEL: Final = re.compile(r"\W*status\W*", re.IGNORECASE)
POSTING_RULES: Final = "what a board lets the reader do"
# a byline's "By" alone, its name printed apart
MAX_BY_CHARS: Final = 4
_BY_ALONE: Final = re.compile(r"\W*by\W*", re.IGNORECASE)


def _strip_by_neighbours(result: list[Decision]) -> None:
    """Strip the short kept lines that are furniture by the line beside them: the
    label-and-value lines right beside a member's standing ("Join Date: Aug 2008",
    "Location: SIN", "Posts: 1,077"), fields of the card vBulletin and others print beside
    each post, whose counts go by their text (a "Location:" line elsewhere, a job's or an
    event's, stays); the "Status" label over a thread's lock notice; and a byline's "By"
    alone whose name, the line after it, was stripped (a link to the author's page):
    where the name is kept beside it ("By" over each card's author) it stays."""
    for index, (block, reason, _) in enumerate(result):
        text = block.text
        if reason is not None or len(text) > MAX_BESIDE_CHARS:
            continue
        if ":" in text and _CARD_FIELD.fullmatch(text):  # ":" looked for in C first
            if any(
                0 <= near < len(result) and _MEMBER_STATS.fullmatch(result[near][0].text)
                for near in (index - 1, index + 1)
            ):
                result[index] = (block, R.BYLINE, "a field of a member's card beside a post")
        elif (
            index + 1 < len(result)
            and result[index + 1][2] == POSTING_RULES
            and _STATUS_LABEL.fullmatch(text)
        ):
            result[index] = (block, R.CALL_TO_ACTION, POSTING_RULES)
        elif (
            len(text) <= MAX_BY_CHARS
            and _BY_ALONE.fullmatch(text)
            and (index + 1 == len(result) or result[index + 1][1] is not None)
        ):
            result[index] = (block, R.BYLINE, "a byline's label, its name stripped")


def _told_from_now_over_date(block: RawBlock) -> bool:
    """A time told from now alone ("17 hours ago", "5 days ago") written in a ``<time>``
    element, whose ``datetime`` holds the date it tells: a post's or a story's time that
    says another thing every day the page is read; without the element it stays (a job
    board's truth keeps its cards' ages)."""
    text = block.text
    if len(text) > MAX_AGO_CHARS or "ago" not in text or not _AGO_ALONE.fullmatch(text):
        return False  # nearly every block: "ago" looked for in C
    element = block.element
    return (
        element.tag == "time"
        or next(element.iter("time"), None) is not None
        or next(element.iterancestors("time"), None) is not None
    )


# a line worded as a way to another place ("Back to Project", "Jump to Review", "Return to
# the list"): read as the page's navigation when its one link leads into the page itself
MAX_JUMP_CHARS: Final = 50
_JUMP: Final = re.compile(r"\W*(?:(?:go )?back|return|jump|skip|scroll) to\b[^.!?]+", re.IGNORECASE)
# Moodle's link past each block of its page, named by the block's title ("Skip Course
# introduction and Topic navigation block", "Skip Navigation block")
MAX_SKIP_BLOCK_CHARS: Final = 120
_SKIP_BLOCK: Final = re.compile(r"\W*skip [^.!?]+ block\W*", re.IGNORECASE)


def _jump_in_page(block: RawBlock) -> bool:
    """A line that is one link to a place on the page, worded as a way there: "Back to
    Project" under every entry of a long list, a review's "Jump to Review" button, a
    block's "Skip Navigation block". A title that reads so ("Back to School") links to
    another page, or to none."""
    text = block.text
    if not (
        (len(text) <= MAX_JUMP_CHARS and " to" in text and _JUMP.fullmatch(text))
        or (len(text) <= MAX_SKIP_BLOCK_CHARS and " block" in text and _SKIP_BLOCK.fullmatch(text))
    ):
        return False  # nearly every block: " to" and " block" looked for in C
    line = text.strip()
    return any(
        len(href := link.get("href") or "") > 1 and href[0] == "#" and text_of(link) == line
        for link in block.element.iter("a")
    )


# the title of a table of contents alone ("Table of Contents", "In this article", "On this
# page") over entries stripped as the theme's navigation ("toc" box): left over, it titles
# nothing kept. Over entries kept it stays with them, the article's own (a contents list
# added to a terms page is a change its readers see)
MAX_CONTENTS_TITLE_CHARS: Final = 30
_CONTENTS_TITLE: Final = re.compile(
    r"\W*(?:table of contents|contents|in this (?:article|post|guide)|on this page)\W*",
    re.IGNORECASE,
)


# a link to another story set between the article's paragraphs under a label that names it
# something else to read ("See also: Film vs Digital Cameras", "Read more: Gotrax G4 review",
# "Don't Miss: …", "Related: …"): the site's teaser, chosen anew as its stories come, not the
# article's words; the title after the label is one link's whole text. "More: … Full Review"
# and "Learn more: …" name the page's own item as often as another story, and stay
MAX_TEASER_CHARS: Final = 160
_TEASER_LABEL: Final = re.compile(
    r"\W*(?:see also|read (?:more|also|next|this)|also read|read|don['’]t miss|check out"
    r"|related(?: (?:articles?|posts?|stories|story|reading|reads?|content))?|must read"
    r"|recommended(?: reading)?|you (?:may|might) also like|further reading)\s*:\s*(\S.*)",
    re.IGNORECASE | re.DOTALL,
)


def _labelled_teaser(block: RawBlock) -> bool:
    """A line "See also: <title>" whose title is one link's whole text: a teaser for
    another page the site sets between the article's paragraphs."""
    text = block.text
    if len(text) > MAX_TEASER_CHARS or ":" not in text:
        return False  # nearly every block: ":" looked for in C
    found = _TEASER_LABEL.fullmatch(text)
    if found is None:
        return False
    title = found.group(1).strip()
    return any(text_of(link) == title for link in block.element.iter("a"))


# a cache-busting parameter inside a link written in the text ("terms.pdf?v=1712345678")
_INLINE_BUSTER: Final = re.compile(
    r"(?<=[\w/])([?&])(?:v|ver|version|cb|t|ts|_|hash|build|rev)=[\w.-]+(&?)"
)


def without_cache_busters(text: str) -> tuple[str, list[str]]:
    """``text`` without the cache-busting parameters of the links written in it, and the
    parameters removed: a new token on each response is no change of the sentence."""
    if "=" not in text:
        return text, []
    removed: list[str] = []

    def drop(match: re.Match[str]) -> str:
        removed.append(match.group().rstrip("&"))
        return match.group(1) if match.group(1) == "?" and match.group(2) else ""

    return _INLINE_BUSTER.sub(drop, text), removed


@remembered(4096)  # asked of each heading by the date reader and by relabel, on every version
def related_heading(text: str) -> bool:
    """A heading that opens a box of other posts ("Related Articles", "You may also like"):
    what stands under it speaks of other pages (the date reader's question)."""
    return bool(_RELATED_HEADING.match(text))


def text_reason(text: str) -> tuple[StripReason, str] | None:
    """The volatile reason a block's text alone gives, or None."""
    if len(text) <= MAX_FURNITURE_CHARS:
        return _short_text_reason(text)
    # prose is never furniture by its short lines' rules, nor worth remembering by its text
    return _any_text_reason(text, text.lower() if len(text) <= MAX_PROMPT_CHARS else "")


def _any_text_reason(text: str, lowered: str) -> tuple[StripReason, str] | None:
    """What a text of any length is by its text: a run of generated ids, a marquee, a
    form's consent, a newsletter's prompt (``lowered``: the text lower-cased, when it is
    short enough to be a prompt)."""
    if (
        text.count("-", 0, UUID_LOOKAHEAD) >= 4  # a UUID's four hyphens: counted in C first
        and _UUID.search(text, 0, UUID_LOOKAHEAD)
        and _uuid_share(text) >= UUID_SHARE
    ):
        return R.TOKEN, "a run of generated identifiers"
    if len(text) >= MARQUEE_CHARS and _marquee(text):
        return R.LOW_CONTENT, "a marquee's line, printed again and again"
    if text[:3].lower() == "by " and len(text) <= MAX_CONSENT_CHARS and _FORM_CONSENT.match(text):
        return R.FORM, "a form's consent to its terms"
    # the pattern asked only of a text holding a word all it reads hold (found in C; the
    # pattern folds ASCII letters alone, so a word it reads is one the gate finds)
    if len(text) <= MAX_PROMPT_CHARS and _may_prompt(lowered) and _NEWSLETTER_PROMPT.search(text):
        return R.NEWSLETTER, "a newsletter's sign-up prompt"
    if (
        len(text) <= MAX_OFFER_CHARS
        and _may_end_offer(lowered)
        and _OFFER_VERB.search(lowered)
        and _OFFER_ENDS.search(lowered)
    ):
        return R.CALL_TO_ACTION, "a sale's or an offer's end date"
    opening = lowered[:SIGN_IN_OPENING]  # the sign-in words stand at its start: looked for in C
    if ("log" in opening or "sign" in opening) and _SIGN_IN_TO_ACT.fullmatch(text):
        return R.CALL_TO_ACTION, SIGN_IN_TO_ACT
    return None


# a sale's or an offer's end date, opening a sentence of a promotion's short terms ("Sale ends
# 03/31/2026. While supplies last.", "Offer ends Mar 09 at 5:59 AM", "Ends Dec 26", "this
# Family offer is valid thru 3/15"): the shop prints another with its next promotion
MAX_OFFER_CHARS: Final = 240
_OFFER_DAY: Final = (
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?\b"
    r"|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b"
    r"|\d{1,2}/\d{1,2}\b|(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|today\b|tonight\b"
)
# read in the text lower-cased, as _RESULT_COUNT is; the end date alone (``_OFFER_VERB``,
# which every match holds) is looked for before the sentence's opening, sought at every
# sentence's start, and a word it holds before both (``_may_end_offer``)
_OFFER_VERB_DAY: Final = (
    rf"\b(?:ends|expires?|valid(?:\s+(?:thru|through|until|till))?)\s+(?:{_OFFER_DAY})"
)
_OFFER_ENDS: Final = re.compile(
    r"(?:^|[.!?]\s)\W*(?:[^.!?]{0,80}?\b(?:sale|offer|deal|promotion|promo|savings|discount"
    rf"|coupon)s?\s+(?:is\s+|are\s+)?)?{_OFFER_VERB_DAY}"
)
_OFFER_VERB: Final = re.compile(_OFFER_VERB_DAY)


def _may_end_offer(lowered: str) -> bool:
    """Whether a lower-cased text holds a verb of ``_OFFER_VERB``: each looked for in C,
    where a pattern's search cost more than the rules' other gates on every short line."""
    return "ends" in lowered or "expire" in lowered or "valid" in lowered


# a marquee prints its line again and again so that it scrolls without a gap ("Book now *
# Book now * Book now * ..."): a short line, four times or more
MARQUEE_CHARS: Final = 80
MARQUEE_LINE: Final = 60
MARQUEE_TIMES: Final = 4


def _marquee(text: str) -> bool:
    """Whether the text is one short line printed again and again (looked for in C: the
    line's first characters found again, then the text compared with the line repeated)."""
    period = text.find(text[:8], 1, MARQUEE_LINE + 8)  # (a longer line is no marquee's)
    if period <= 0 or len(text) < MARQUEE_TIMES * period:
        return False
    line = text[:period]
    return (line * (len(text) // period + 1)).startswith(text)


def _uuid_share(text: str) -> float:
    """The share of the text written by UUIDs: a shop's scrambled "Sponsored" label
    hides its letters among generated ids, new on every load."""
    return sum(len(found) for found in _UUID.findall(text)) / len(text)


# whole lines that are furniture by their words alone, each with its reason, asked in order
# (a "Share this post" is a share bar's title before a post's control)
LineRules = tuple[tuple[re.Pattern[str], StripReason, str], ...]
# a line rule as asked: its pattern, the first words its lines may open with, its reason and detail
_LineRule = tuple[CaseBlind, FirstWords | None, StripReason, str]
# the row of a post's tags or categories written as a line of text ("Tags: Employment,
# Health & Fitness", "Category: Top Picks", "Filed Under:" over its links): the site's
# filing of the post, which moves as its editors file it anew, not the article's words; a
# line of code that names a field so ('{ category: "Fruits", price: "$1" }') is none
_FILED_UNDER: Final = re.compile(
    r"\s*(?:filed under|tags|tagged(?: with| as| in)?|categor(?:y|ies)|posted in)\s*:"
    r"(?:\s+[^.!?{}\[\]\"=;]{1,200})?",
    re.IGNORECASE,
)
_LABELS: Final[LineRules] = (
    (_AD_LABEL, R.AD, "an advertisement's label"),
    (_SPONSOR_LABEL, R.AD, "a sponsor's label over its logo"),
    (_SHARE_TITLE, R.SHARE, "a share bar's title"),
    (_SHARE_BUTTONS, R.SHARE, "a share bar's buttons"),
    (_OPENER_BADGE, R.BYLINE, "the badge of the thread's opener"),
    (_MEMBER_RANK, R.BYLINE, "a member's rank beside their post"),
    (_POST_NUMBER, R.COUNTER, "a post's number in the thread"),
    (_PRESENCE, R.BYLINE, "whether a member is signed in now"),
    (_BYLINE_LABEL, R.BYLINE, "a byline's label alone"),
    (_QUOTE_CREDIT, R.BYLINE, "a quoted post's credit"),
    (_READING_TIME, R.BYLINE, "a post's reading time"),
    (_COMMENTS_CLOSED, R.COMMENTS, "a comment thread's closed notice"),
    (_FILED_UNDER, R.NAVIGATION, "a post's tags or categories"),
)
# a shop's standing offer of free shipping above an amount ("Free Shipping on Domestic Orders
# $75+", "Members Get Free Shipping on orders over $49", "Free Standard Delivery for orders
# over $75"): its banner's term of the season, not what the page sells or tells
_FREE_SHIPPING_OVER: Final = re.compile(
    r"\W*(?:members get |enjoy |get )?free (?:standard |ground |express |domestic )?"
    r"(?:shipping|delivery)(?: (?:&|and) (?:free |easy )?returns)?"
    r" (?:(?:on|for) (?:all |any |domestic |eligible )?(?:orders?|purchases?) )?"
    r"(?:over |above |of )?[$£€]\s?\d[\d,.]*\+?(?: ?(?:usd|gbp|eur))?\W*"
    r"(?:[a-z][^.!?]{0,60}[.!]?\W*)?",
    re.IGNORECASE,
)
_PROMPTS: Final[LineRules] = (
    (_FEEDBACK_QUESTION, R.CALL_TO_ACTION, "a feedback widget's question"),
    (_REPORT_PROMPT, R.CALL_TO_ACTION, "a prompt to report a mistake in the page"),
    (_PICKER_PROMPT, R.CALL_TO_ACTION, "a variant picker's prompt"),
    (_ALSO_AVAILABLE, R.RELATED, "a link to the product's other versions"),
    (_ASK_PROMPT, R.CALL_TO_ACTION, "a question-and-answer site's prompt to ask or answer"),
    (_POSTING_RULES, R.CALL_TO_ACTION, POSTING_RULES),
    (_SKIP_LINKS, R.NAVIGATION, "skip links"),
    (_SIGN_IN_TO_SEE, R.CALL_TO_ACTION, "a prompt to sign in to see a thing"),
    (_FOLLOW_PROMPT, R.CALL_TO_ACTION, "a prompt to follow on a social network"),
    (_FREE_SHIPPING_OVER, R.CALL_TO_ACTION, "a shop's offer of free shipping over an amount"),
)


class OpeningRules:
    """A line's rules, each asked only of a line whose opening it may read (``word_openings``,
    read from the rule's own pattern), in their order: the first whose pattern matches the
    whole line gives its reason. A line's opening rules out most of them: their patterns
    joined in one, its alternatives tried in turn, cost about ten thousand instructions a
    line, and compiled for each set of rules an opening asks, more than they saved. Each is
    matched as ``CaseBlind``: the share buttons' twenty names cost most ignoring case. Of
    an ASCII line, a rule is asked only where the line's first word is one its pattern may
    open with (``first_words``): a line of prose opens with a word no rule spells."""

    def __init__(self, rules: LineRules) -> None:
        every: set[str] = set()
        openings: list[frozenset[str]] = []
        for pattern, _, _ in rules:
            opens = word_openings(pattern)
            openings.append(opens)
            every |= opens
        blind = [
            (CaseBlind(pattern), first_words(pattern), reason, detail)
            for pattern, reason, detail in rules
        ]
        # the rules that may read a line of each opening, in their order
        self.chosen: dict[str, list[_LineRule]] = {
            opening: [rule for rule, opens in zip(blind, openings, strict=True) if opening in opens]
            for opening in every
        }

    def reason(
        self, text: str, lowered: str, opening: str, word: str | None
    ) -> tuple[StripReason, str] | None:
        """The reason and detail of the first rule whose pattern matches the whole text
        (``lowered``: the text lower-cased; ``opening``: its ``_opening``; ``word``: its
        ``_first_word``)."""
        chosen = self.chosen.get(opening)
        if chosen is None:
            return None
        for pattern, words, reason, detail in chosen:
            if _may_open(words, word) and pattern.fullmatch(text, lowered):
                return reason, detail
        return None


_LABEL_RULES: Final = OpeningRules(_LABELS)
_PROMPT_RULES: Final = OpeningRules(_PROMPTS)

# The first word character (lower-cased) of every line each pattern below matches ("Asked",
# "Rate", "Today is", "Show more", "Reply", "Loading", each after what \W* skips), read from
# the pattern itself, so an edit of the pattern moves its gate (and so for each line rule,
# ``OpeningRules``). A line opening with another word character is not asked: the
# character is looked up in a set, where a pattern's call cost ten times more.
OPENINGS: Final[tuple[tuple[re.Pattern[str], frozenset[str]], ...]] = tuple(
    (pattern, word_openings(pattern))
    for pattern in (
        _TOLD_FROM_NOW,
        _RATING_CONTROL,
        _TODAY,
        _CONTROL,
        _POST_CONTROL,
        _PLACEHOLDER,
        _TOPIC_AGES,
        _LIVE_SHOPPERS,
        _RESULT_COUNT,
    )
)
(
    _TOLD_OPENS,
    _RATING_OPENS,
    _TODAY_OPENS,
    _CONTROL_OPENS,
    _POST_CONTROL_OPENS,
    _PLACEHOLDER_OPENS,
    _TOPIC_AGES_OPENS,
    _LIVE_OPENS,
    _RESULT_OPENS,
) = (opens for _, opens in OPENINGS)
# and the first words of a line each may read (see OpeningRules), where its words are many
_TODAY_WORDS: Final = first_words(_TODAY, whole=False)
_CONTROL_WORDS: Final = first_words(_CONTROL, whole=False)
_POST_CONTROL_WORDS: Final = first_words(_POST_CONTROL)
_PLACEHOLDER_WORDS: Final = first_words(_PLACEHOLDER)
_WORD_CHARACTER: Final = re.compile(r"\w")
_ASCII_WORD: Final = re.compile(r"[a-z0-9_]+")


def _opening(text: str) -> str:
    """The text's first word character, lower-cased, where it is ASCII; "" beyond ASCII,
    which every opening admits (read case-blind, "ſ" is an "s" and the Kelvin sign a "k");
    a space, which none admits, for a text without a word character."""
    first = text[:1]
    if first.isascii() and (first.isalnum() or first == "_"):
        return first.lower()  # most lines open with a word character: no pattern asked
    found = _WORD_CHARACTER.search(text)
    if found is None:
        return " "
    character = found.group()
    return character.lower() if character.isascii() else ""


def _may_open(words: FirstWords | None, word: str | None) -> bool:
    """Whether a line of first word ``word`` (``_first_word``) may open as read by a pattern
    of first words ``words`` (``first_words``: None for any)."""
    return words is None or words.admits(word)


def _first_word(text: str, lowered: str, words: list[str]) -> str | None:
    """The first word of an ASCII text (its first run of word characters, lower-cased; ""
    for none), as ``first_words`` reads a pattern's; None beyond ASCII, which every rule
    is asked (read case-blind, "ſ" is an "s"). ``words``: the text split at its spaces,
    whose first is most often the word whole (looked at in C, where the search costs
    ten times more)."""
    if not text.isascii():
        return None
    if words and words[0].isalnum():
        return words[0].lower()
    found = _ASCII_WORD.search(lowered)
    return "" if found is None else found.group()


# a picture's credit names the picture or the agency: an ASCII line without one of these
# words, lower-cased, is not asked (the credit's pattern backtracks through sixty characters);
# the words that share a first letter share a branch, so that at a letter the engine tries
# the few words it opens, not all seventeen
_CREDIT_WORDS: Final = re.compile(
    r"p(?:hoto|icture|exels|ixabay)|i(?:mage|llustration|con|stock)|c(?:redit|ourtesy)"
    r"|a(?:dobe stock|lamy)|getty|shutterstock|unsplash|thinkstock|dreamstime"
)


def _may_credit(text: str, lowered: str) -> bool:
    return not text.isascii() or _CREDIT_WORDS.search(lowered) is not None


@remembered(16384)
def _short_text_reason(text: str) -> tuple[StripReason, str] | None:
    """``text_reason`` of a short text (by text: a page's new version repeats almost
    every block of the last, and a page its menus' and buttons' labels)."""
    lowered = text.lower()  # for the looks in C that spare a pattern's call
    found = _any_text_reason(text, lowered)
    if found is not None:
        return found
    # each pattern below that needs a character no case changes ("©" or "(", ":") is asked
    # only of a text holding it: looked for in C, where a pattern's call costs ten times more
    if len(text) <= MAX_COPYRIGHT_CHARS and ("©" in text or "(" in text) and _COPYRIGHT.match(text):
        return R.FOOTER, "a copyright notice"
    if _may_note_edit(text, lowered) and _EDIT_NOTE.match(text):
        return R.DATE_LINE, "a post's edit note"
    if "browser" in lowered and _VIEW_IN_BROWSER.fullmatch(text):
        return R.NAVIGATION, "a newsletter's link to its copy in a browser"
    if "listen" in lowered and _LISTEN_LABEL.fullmatch(text):
        return R.CALL_TO_ACTION, "an audio player's label"
    if (" old" in lowered or " ago" in lowered) and _AGE_NOTICE.fullmatch(text):
        return R.CLOCK, "a notice of the post's age, growing with the clock"
    if ("brows" in lowered or "viewing" in lowered or " online" in lowered) and (
        _FORUM_READERS.fullmatch(text)
    ):
        return R.COUNTER, "a forum's count of who is reading it now"
    opening = _opening(text)  # each pattern of a line's opening asked only of a line so opening
    # every time told from now ends in "ago" (its letters fold to no other): looked for in C
    if (opening in _TOLD_OPENS and "ago" in lowered and _TOLD_FROM_NOW.fullmatch(text)) or (
        "ago" in text and _SCORED_AGO.fullmatch(text)
    ):
        return R.DATE_LINE, "a post's time told from now"
    if (
        len(text) <= MAX_RATING_CHARS
        and opening in _RATING_OPENS
        and _RATING_CONTROL.fullmatch(text)
    ):
        return R.CALL_TO_ACTION, "a rating widget's control"
    words = text.split()
    if not words or len(words) > MAX_COUNTER_WORDS:
        return None
    digit = _DIGIT.search(text) is not None  # every count and token has one
    if (
        digit  # far cheaper to look for than a count
        and _may_count(text, lowered)
        and _COUNTER.search(text)
        and len(_WORD.findall(_COUNTER.sub(" ", text))) <= MAX_BESIDE_COUNTER
    ):
        return R.COUNTER, "a count of views, comments, shares or likes"
    if digit and len(words) > 2 and opening in _LIVE_OPENS and _LIVE_SHOPPERS.fullmatch(text):
        return R.COUNTER, "a live count of shoppers"
    if (
        digit
        and opening in _RESULT_OPENS
        and _RESULT_WORD.search(lowered)
        and _RESULT_COUNT.fullmatch(lowered)
    ):
        return R.COUNTER, "a listing's count of its results"
    if digit and opening in _TOPIC_AGES_OPENS and _TOPIC_AGES.fullmatch(text):
        return R.DATE_LINE, "a topic's ages, its start and its last reply"
    if ":" in text and digit and _MEMBER_STATS.fullmatch(text):
        return R.COUNTER, "a member's post count and standing"
    if ":" in text and _REACTIONS.fullmatch(text):
        return R.COUNTER, "who reacted to a post"
    word = _first_word(text, lowered, words)  # one look that spares most rules' patterns
    if found := _LABEL_RULES.reason(text, lowered, opening, word):
        return found
    if (
        len(words) <= MAX_STOCK_WORDS
        and _holds_a_word(lowered, _STOCK_WORDS)
        and _STOCK_LEVEL.fullmatch(text)
    ):
        return R.COUNTER, "a product's stock level"
    if len(text) <= MAX_CLOCK_CHARS and (
        (opening in _TODAY_OPENS and _may_open(_TODAY_WORDS, word) and _TODAY.match(text))
        or (":" in text and _TICKING.fullmatch(text.strip()))
    ):
        return R.CLOCK, "today's date or the time now"
    if len(words) <= MAX_CONTROL_WORDS and (
        (opening in _CONTROL_OPENS and _may_open(_CONTROL_WORDS, word) and _CONTROL.match(text))
        or (
            opening in _POST_CONTROL_OPENS
            and _may_open(_POST_CONTROL_WORDS, word)
            and _POST_CONTROL.fullmatch(text)
        )
    ):
        return R.CALL_TO_ACTION, "a control's label"
    if found := _PROMPT_RULES.reason(text, lowered, opening, word):
        return found
    if _may_tell_outcome(text, lowered) and _FORM_OUTCOME.fullmatch(text):
        return R.CALL_TO_ACTION, "a form's message once it is sent or fails"
    if (
        len(words) <= MAX_CONTROL_WORDS + 2
        and opening in _PLACEHOLDER_OPENS
        and _may_open(_PLACEHOLDER_WORDS, word)
        and _PLACEHOLDER.fullmatch(text)
    ):
        return R.CALL_TO_ACTION, "a widget's placeholder until its script loads"
    if (
        len(words) <= MAX_CREDIT_WORDS
        and len(text) <= MAX_CREDIT_CHARS
        and _may_credit(text, lowered)
        and _CREDIT.fullmatch(text)
    ):
        return R.LOW_CONTENT, "a picture's credit"
    # a word one of those messages holds, looked for in C: the lines opening with "o" or
    # "c" are too many to ask the pattern of by their opening
    if (
        "new" in lowered or "external" in lowered or "refresh" in lowered
    ) and _SCREEN_READER_MESSAGE.fullmatch(text):
        return R.HIDDEN, "a message written for screen readers"
    if (
        len(words) <= MAX_TOKEN_WORDS
        and (digit or "=" in text)  # a hash, base64 or a parameter's value: a digit or "="
        and all(_TOKEN.match(word) or _TOKEN_WORD.match(word) for word in words)
        and any(_TOKEN.match(word) for word in words)
    ):
        return R.TOKEN, "a build or cache-busting token"
    return None


def _may_note_edit(text: str, lowered: str) -> bool:
    """Whether ``text`` may be an edit note: it says "edit", or holds MyBB's "(" (looked for
    in C, where the pattern's ".*" runs the length of every line). Beyond ASCII the pattern
    decides: read case-blind, "ı" is an "i"."""
    return not text.isascii() or "edit" in lowered or "(" in text


def _may_prompt(lowered: str) -> bool:
    """Whether a lower-cased text holds a word every sign-up prompt holds."""
    return (
        "newsletter" in lowered
        or "inbox" in lowered
        or "mailing list" in lowered
        or "mail list" in lowered
    )


def _may_tell_outcome(text: str, lowered: str) -> bool:
    """Whether ``text`` holds a word every form's message holds: looked for in C, where
    its pattern costs twice as much on a line of a shop's buy box. Beyond ASCII the
    pattern decides (read case-blind, "İ" is an "i")."""
    if not text.isascii():
        return True
    return "again" in lowered or "wrong" in lowered or "your " in lowered


def _may_count(text: str, lowered: str) -> bool:
    """Whether ``text`` may hold a count: an ASCII text holds one of ``_COUNTER_STEMS``
    (looked for in C, where _COUNTER, case-blind, backtracks through runs of digits and
    spaces: ~50 us on a line of numbers). Beyond ASCII the pattern decides: read case-blind,
    "ſ" is an "s" and the Kelvin sign a "k"."""
    if not text.isascii():
        return True
    return _ANY_COUNTER_STEM.search(lowered) is not None


def _names_related(heading: RawBlock) -> bool:
    """A heading that names a related box, whole or by its first line: shops and
    magazines print a box's title over a tagline in one heading ("Complete the look"
    over "Outfit inspiration")."""
    if related_heading(heading.text):
        return True
    element = heading.element
    if (element.text or "").strip():
        return False
    lines = [child for child in element if tag_of(child) in _LINE_TAGS]
    return len(lines) > 1 and related_heading(text_of(lines[0]))


# a related heading that names other threads or questions ("Similar threads", "Related
# questions", "Popular topics"): the box under it is never the page's own thread, however
# short that thread is (an opening post of two lines under a long list of other threads)
_THREADS: Final = re.compile(r"\b(?:threads|topics|discussions|questions)\b", re.IGNORECASE)


def _names_threads(heading: str) -> bool:
    return _THREADS.search(heading) is not None


# a teaser's excerpt, cut by the site where its room ends ("…this whitepaper holds the key
# for..."): a box under a related heading whose excerpts are all cut is a box of teasers,
# however few of its lines link (a card's title and excerpt not links, "Read more" apart)
MIN_EXCERPT_CHARS: Final = 60
MIN_EXCERPTS: Final = 2
_CUT_OFF: Final = ("...", "…", "[…]", "[...]")


def _cut_excerpts(box: Sequence[Decision]) -> bool:
    """Whether the paragraphs kept in a related heading's box, its title row's tagline
    aside, are teasers' excerpts, two or more, each cut off by an ellipsis: the page's own
    text is never cut mid-sentence."""
    cards = 1
    while cards < len(box) and _in_title_row(box[cards][0]):
        cards += 1
    excerpts = [
        block.text.rstrip()
        for block, reason, _ in box[cards:]
        if reason is None and block.kind is _PARAGRAPH and len(block.text) >= MIN_EXCERPT_CHARS
    ]
    return len(excerpts) >= MIN_EXCERPTS and all(text.endswith(_CUT_OFF) for text in excerpts)


def _titles_nothing(heading: etree._Element) -> bool:
    """Whether the box a related heading titles is empty (a shop's "Similar items" that a
    script fills in): nothing follows the heading, or the element after it (after the
    boxes that hold the heading and nothing else) holds no text."""
    title = text_of(heading)
    box = heading
    parent = box.getparent()
    while parent is not None and text_of(parent) == title:
        box, parent = parent, parent.getparent()
    after = box.getnext()
    while after is not None and not isinstance(after.tag, str):
        after = after.getnext()
    return after is None or not text_of(after)


def _over_prose(
    heading: RawBlock, under: Sequence[Decision], decisions: Sequence[Decision], end: int
) -> bool:
    """Whether a related heading's box ends at once on prose: the heading stands over the
    page's own paragraph ("More posts on this are coming soon" over the post), not over an
    empty box."""
    if under or end >= len(decisions):
        return False
    after = decisions[end][0]
    return after.kind is not _HEADING and _ends_box(after, heading)


def _related_box_end(decisions: Sequence[Decision], start: int) -> int:
    """Where the box a related-posts heading opens ends (exclusive).

    When the heading opens its own container, the box is that container; when it
    sits in the article's flow, it runs to the next heading of its level or above, or
    to a paragraph of prose that is not a link.
    """
    heading = decisions[start][0]
    box = _own_container(heading, decisions, start)
    end = start + 1
    while end < len(decisions):
        block = decisions[end][0]
        if box is not None:
            if not inside(block.element, box):
                break
        elif _ends_box(block, heading):
            break
        end += 1
    return end


def _ends_box(block: RawBlock, heading: RawBlock) -> bool:
    """A heading of the box's level or above, or prose that is not a teaser's link."""
    if block.kind is BlockKind.HEADING:
        return (block.level or 6) <= (heading.level or 6)
    return block.link_chars * 2 < len(block.text) and len(block.text) > RELATED_BOX_PROSE


def _label_end(decisions: Sequence[Decision], start: int, last_kept: int) -> int:
    """Where the bio an author's label opens ends (exclusive): the label's own line when
    it runs on into the bio; the one paragraph under it when that is the last kept (a
    label over more than one kept block may title a part of the article); else 0."""
    label = decisions[start][0]
    if _WORD.search(_AUTHOR_LABEL.sub("", label.text, count=1)):
        return start + 1
    under = next((i for i in range(start + 1, last_kept + 1) if decisions[i][1] is None), None)
    if under != last_kept or decisions[under][0].kind is not _PARAGRAPH:
        return 0
    return under + 1


def _section_end(decisions: Sequence[Decision], start: int) -> int:
    """Where the section a heading opens ends (exclusive): its own container, else the
    next heading of its level or above. An advertiser's text is prose: it ends nothing."""
    heading = decisions[start][0]
    box = _own_container(heading, decisions, start)
    end = start + 1
    while end < len(decisions):
        block = decisions[end][0]
        if box is not None:
            if not inside(block.element, box):
                break
        elif block.kind is _HEADING and (block.level or 6) <= (heading.level or 6):
            break
        end += 1
    return end


def _own_container(
    heading: RawBlock, decisions: Sequence[Decision], start: int
) -> etree._Element | None:
    """The smallest element holding the heading and what follows it, if the heading opens it.

    A title row, the heading beside its "View all" link or its "Sponsored" label in a box
    of their own, opens the box that holds the row and what follows it."""
    element = heading.element.getparent()
    after = start + 1  # the first block after the heading, then after its title row
    row_passed = False
    while element is not None and tag_of(element) not in {"body", "html", "main", "article"}:
        before = start > 0 and inside(decisions[start - 1][0].element, element)
        if before:
            return None  # the heading is inside the flow of something larger
        if after < len(decisions) and inside(decisions[after][0].element, element):
            end = after
            while end < len(decisions) and inside(decisions[end][0].element, element):
                end += 1
            if row_passed or end == len(decisions):
                return element
            if not all(_in_title_row(block) for block, _, _ in decisions[after:end]):
                return element
            row_passed, after = True, end
        element = element.getparent()
    return None


# a box's tagline under its title, a phrase ("Explore other services that complement your
# plan"), not a label ("Articles")
MIN_TAGLINE_WORDS: Final = 4
MAX_TAGLINE_WORDS: Final = 20


def _in_title_row(block: RawBlock) -> bool:
    """A block a box's title row holds beside its heading: a control's link ("View all",
    "See more"), a picture, a label that is furniture by its text, or the box's tagline
    (a short paragraph of no link, printed in the row with its title)."""
    if block.image_alt or text_reason(block.text) is not None:
        return True
    words = len(block.text.split())
    if (
        block.kind is _PARAGRAPH
        and not block.link_chars
        and MIN_TAGLINE_WORDS <= words <= MAX_TAGLINE_WORDS
    ):
        return True
    return block.link_chars >= len(block.text) and words <= MAX_CONTROL_WORDS


_Own = tuple[StripReason, str]  # reason, detail
_Found = tuple[StripReason, str, etree._Element]  # reason, detail, the element named so


class _ElementMarks:
    """Volatile class/id names of each block's elements, memoised up the tree (and
    each element's own name, which the blocks above and below it ask for again)."""

    def __init__(self, decisions: Sequence[Decision]) -> None:
        self._memo: dict[etree._Element, _Found | None] = {}
        self._own: dict[etree._Element, _Own | None] = {}
        self._named_inside: dict[etree._Element, list[tuple[etree._Element, _Own]]] = {}
        kept = [block for block, reason, _ in decisions if reason is None]
        self._rotating: dict[etree._Element, bool] = {}
        total = self._total = sum(len(block.text) for block in kept)
        under: dict[etree._Element, int] = {}
        for block in kept:
            found = self._mark(block.element)
            if found is not None:
                under[found[2]] = under.get(found[2], 0) + len(block.text)
        self._wrappers = {
            element for element, chars in under.items() if chars > ARTICLE_SHARE * total
        }

    def is_small(self, box: Sequence[Decision]) -> bool:
        """A box that is not a large part of the article."""
        return sum(len(block.text) for block, reason, _ in box if reason is None) <= (
            ARTICLE_SHARE * self._total
        )

    def is_furniture(self, box: Sequence[Decision], *, any_size: bool = False) -> bool:
        """A related box: mostly links, its pictures' descriptions aside (the alt text
        of a shop's or a magazine's teaser images is no prose of the page), and not a
        large part of the article, unless ``any_size`` (a box titled as other threads)."""
        chars = sum(len(block.text) for block, _, _ in box if not block.image_alt)
        links = sum(block.link_chars for block, _, _ in box if not block.image_alt)
        return links >= RELATED_LINK_SHARE * chars and (any_size or self.is_small(box))

    def kept(self, decision: Decision) -> bool:
        """Whether a block is kept, volatile furniture (a carousel of other products, a
        label or a token by its text) aside."""
        block, reason, _ = decision
        return (
            reason is None
            and text_reason(block.text) is None
            and self.reason(block.element, in_article=True) is None
        )

    def reason(
        self, element: etree._Element, *, in_article: bool
    ) -> tuple[StripReason, str] | None:
        """The furniture ``element`` sits in. Inside the article a carousel counts only
        when it rotates testimonials or teasers: a product's features in slides are
        the product page's own text."""
        found = self._mark(element)
        if found is None or found[2] in self._wrappers:
            return None
        reason, detail, container = found
        if in_article and reason is R.CAROUSEL:
            if container not in self._rotating:
                self._rotating[container] = _rotates_furniture(container)
            if not self._rotating[container]:
                return None
        return reason, detail

    def _mark(
        self, element: etree._Element | None
    ) -> tuple[StripReason, str, etree._Element] | None:
        path: list[etree._Element] = []
        found = None
        while element is not None:
            earlier = self._memo.get(element, UNKNOWN)  # one lookup: most elements are known
            if earlier is not UNKNOWN:
                found = earlier
                break
            path.append(element)
            own = self._own_mark(element)
            if own is not None:
                found = (*own, self._outermost(element, own[0]))
                break
            element = element.getparent()
        for visited in path:
            self._memo[visited] = found
        return found

    def _own_mark(self, element: etree._Element) -> _Own | None:
        # looked up, not a KeyError caught: raising is dear, and each element misses once
        own = self._own.get(element, UNKNOWN)
        if own is UNKNOWN:
            own = self._own[element] = _own_mark(element)
        return own

    def _outermost(self, element: etree._Element, reason: StripReason) -> etree._Element:
        """The outermost element named as the same furniture: a whole carousel, not one slide."""
        outermost = element
        for ancestor in element.iterancestors():
            own = self._own_mark(ancestor)
            if own is not None and own[0] is reason:
                outermost = ancestor
        return outermost

    def inner(self, block: RawBlock) -> _Own | None:
        """A short block whose text is an inline element named as furniture (a like-count
        span)."""
        if len(block.text) > MAX_MARKED_CHARS:
            return None
        named = self._named_inside.get(block.element)
        if named is None:
            # a leaf (most blocks) holds nothing: its children are counted in C
            inside = block.element.iterdescendants() if len(block.element) else ()
            named = self._named_inside[block.element] = [
                (element, own) for element in inside if (own := self._own_mark(element)) is not None
            ]
        for element, own in named:
            if (inner := text_of(element)) and inner in block.text:
                return own
        return None


def _rotates_furniture(carousel: etree._Element) -> bool:
    """Testimonials, reviews or quotes, slides that are mostly links to elsewhere, or a
    shop's other products (a price on each slide: "similar items", "also viewed")."""
    for element in carousel.iter():
        if element.tag == "blockquote" or (
            isinstance(element.tag, str) and any(_TESTIMONIAL.search(t) for t in tokens(element))
        ):
            return True
    return (
        _link_share(carousel) >= 2 * RELATED_LINK_SHARE
        or prices_named(text_of(carousel)) >= MIN_CARDS
    )


def _link_share(element: etree._Element) -> float:
    text = len(text_of(element))
    links = sum(len(text_of(link)) for link in element.iter("a"))
    return links / text if text else 0.0


def _own_mark(element: etree._Element) -> _Own | None:
    names = element.keys()  # one call, where a get per attribute asked is one each
    if not names:
        return None
    if not _CAROUSEL_ATTRIBUTES.isdisjoint(names):
        return R.CAROUSEL, "a carousel's slides"
    role = element.get("aria-roledescription") if "aria-roledescription" in names else None
    if role and role.lower() in {"carousel", "slide"}:
        return R.CAROUSEL, "a carousel's slides"
    if "itemprop" in names and element.get("itemprop") in _COUNT_PROPERTIES:
        return R.COUNTER, f'itemprop="{element.get("itemprop")}"'
    if "class" not in names and "id" not in names:
        return None
    return _names_mark(element.get("class"), element.get("id"))


@remembered(8192)
def _names_mark(names: str | None, ident: str | None) -> _Own | None:
    """The furniture an element's class and id name (by their values: a template prints
    one class on many elements)."""
    for token in tokens_of(names, ident):
        reason = _token_reason(token)
        if reason is not None:
            return reason, f'class/id "{token}"'
    return None


@remembered(8192)
def _token_reason(token: str) -> StripReason | None:
    """The furniture a class or id token (``tokens_of``: no whitespace in it) names: a
    carousel's name looked up among its parts (``names_rotating``, as ``ROTATING`` reads
    it), and each pattern asked only of a token holding a word every match of it holds,
    looked for in C (the patterns' searches cost about ten thousand instructions a token)."""
    if names_rotating(token):
        return R.CAROUSEL
    if ("count" in token or "view" in token or "number" in token) and _COUNTER_TOKEN.search(token):
        return R.COUNTER
    if ("clock" in token or "current" in token or "today" in token) and _CLOCK_TOKEN.search(token):
        return R.CLOCK
    return None
