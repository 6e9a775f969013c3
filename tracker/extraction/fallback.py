"""The article a page carries for machines, read when its markup shows a reader none.

A page built by its scripts (a forum app, a shop's shell) can hold no article text in
its markup while the same text sits in the page for search engines and for the app:
schema.org JSON-LD (an article's ``articleBody``, a forum posting's or a question's
``text`` and those of its replies and answers, a review's ``reviewBody``) and the topic
JSON a Discourse forum preloads into ``#data-preloaded`` (each post's HTML). When the
page's own reading keeps less than an article's minimum, that text is read instead
(``structured_reading``): cut into blocks by the same segmenter, so a quoted earlier
post is still an ``<aside>`` and a list still list items, each block marked with where
it came from (``RawBlock.source``, ``Block.source`` in the Document). Nothing is guessed:
a description, a title or a teaser is not the article (but for the one a Discourse topic
writes from its opening post, when it preloads none: the thread's first words, rather
than an empty page on which no change is ever seen), and a page that carries no text
stays empty. The sources are read in a fixed order and each text once, so the same
page gives the same blocks on every capture. A product's declared description is read
too, never as text: it says where the page prints the product's own (``readings.py``).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any, Final

from lxml import etree

from tracker.extraction.clean import HiddenRules
from tracker.extraction.dom import parse
from tracker.extraction.metadata import json_ld_scripts
from tracker.extraction.segment import RawBlock, segment

# types whose ``text`` is the page's own writing (schema.org CreativeWork's ``text`` on any
# other type, a WebPage's or an Organization's, is not an article)
_WRITING_TYPES: Final = re.compile(r"(?:Article|Posting|Comment|Question|Answer|Review)$")
# the keys that hold such a node's body, and the nodes below it that are part of the page
# (a thread's replies, a question's answers; a product's "review"s are its customers' comments,
# not followed)
_BODY_KEYS: Final = ("articleBody", "text", "reviewBody")
_PART_KEYS: Final = ("@graph", "mainEntity", "comment", "acceptedAnswer", "suggestedAnswer")
_MARKUP: Final = re.compile(
    r"</?(?:p|div|br|ul|ol|li|h[1-6]|blockquote|pre|table|aside|a|em|strong)\b"
)
_PRODUCT_TYPES: Final = frozenset({"Product", "ProductGroup", "IndividualProduct", "ProductModel"})
# where a person stands in a page's JSON-LD: in the graph, or as a work's author
_PERSON_PART_KEYS: Final = ("@graph", "mainEntity", "author", "creator")
_PRODUCT_PART_KEYS: Final = ("@graph", "mainEntity", "hasVariant", "itemOffered")
MAX_NODES: Final = 5000  # JSON nodes visited per page: a catalogue's JSON-LD can be huge


def _types(node: dict[str, Any]) -> str:
    types = node.get("@type")
    return " ".join(map(str, types)) if isinstance(types, list) else str(types or "")


def _json_ld_nodes(texts: Iterable[str], parts: tuple[str, ...]) -> Iterator[dict[str, Any]]:
    """Each JSON-LD object of the page (its JSON-LD ``texts``) in document order, descending
    only through the keys in ``parts``; at most ``MAX_NODES`` nodes a script."""
    for data in json_ld_scripts(texts):
        stack: list[Any] = [data]
        visited = 0
        while stack and visited < MAX_NODES:
            node = stack.pop()
            visited += 1
            if isinstance(node, list):
                stack.extend(reversed(node))
            elif isinstance(node, dict):
                yield node
                stack.extend(
                    node[key] for key in reversed(parts) if isinstance(node.get(key), dict | list)
                )


def json_ld_texts(json_ld: list[str]) -> Iterator[tuple[str, str]]:
    """(text, where) of each body a JSON-LD node of a writing type declares, in order:
    a thread's opening post before its replies, a question before its answers."""
    for node in _json_ld_nodes(json_ld, _PART_KEYS):
        types = _types(node)
        writing = any(_WRITING_TYPES.search(name) for name in types.split())
        for key in _BODY_KEYS:
            value = node.get(key)
            if isinstance(value, str) and value.strip() and (writing or key == "articleBody"):
                yield value, f"JSON-LD {types or 'node'} {key}"
                break


def product_descriptions(json_ld: list[str]) -> list[str]:
    """The ``description`` of each product the page's JSON-LD (``Metadata.json_ld``)
    declares (``Product``, ``ProductGroup``, a variant under ``hasVariant``): what the shop
    says its product is, printed on the page as its own text."""
    found = []
    for node in _json_ld_nodes(json_ld, _PRODUCT_PART_KEYS):
        if _PRODUCT_TYPES.intersection(_types(node).split()):
            description = node.get("description")
            if isinstance(description, str) and description.strip():
                found.append(description)
    return found


def declares_product(json_ld: list[str]) -> bool:
    """Whether the page's JSON-LD declares a product (``Product``, ``ProductGroup``…): a
    shop's page for one product, which prints its lines once per layout or tab."""
    return any(
        _PRODUCT_TYPES.intersection(_types(node).split())
        for node in _json_ld_nodes(json_ld, _PRODUCT_PART_KEYS)
    )


def author_descriptions(json_ld: list[str]) -> list[str]:
    """The ``description`` of each person the page's JSON-LD (``Metadata.json_ld``)
    declares (a work's author, a Person of an SEO plugin's graph), its markup as written:
    the site's bio of its author, which the page prints in the author's box, not in the
    article."""
    found = []
    for node in _json_ld_nodes(json_ld, _PERSON_PART_KEYS):
        if "Person" in _types(node).split():
            description = node.get("description")
            if isinstance(description, str) and description.strip():
                found.append(description)
    return found


def discourse_texts(root: etree._Element) -> Iterator[tuple[str, str]]:
    """Each post's HTML from the topic JSON a Discourse forum preloads for its app (the
    page's markup then holds no post)."""
    for holder in root.iterfind('.//*[@id="data-preloaded"]'):
        try:
            preloaded = json.loads(holder.get("data-preloaded") or "")
        except ValueError:
            continue
        if not isinstance(preloaded, dict):
            continue
        for key in sorted(name for name in preloaded if name.startswith("topic_")):
            try:
                posts = json.loads(preloaded[key])["post_stream"]["posts"]
            except (ValueError, TypeError, KeyError):
                continue
            for post in posts if isinstance(posts, list) else ():
                cooked = post.get("cooked") if isinstance(post, dict) else None
                if isinstance(cooked, str) and cooked.strip():
                    yield cooked, "Discourse preloaded post"


def discourse_excerpt(root: etree._Element) -> Iterator[tuple[str, str]]:
    """The opening post's first words that Discourse writes as a topic page's description,
    when the page preloads no posts (a view served without them): all the thread the page
    carries. Only a Discourse topic (its generator, a publish time) says so; any other
    page's description is its teaser, not its text."""
    generator = _meta(root, "generator")
    if not generator.startswith("Discourse") or not _meta(root, "article:published_time"):
        return
    excerpt = _meta(root, "og:description") or _meta(root, "description")
    if excerpt:
        yield excerpt, "Discourse topic excerpt (og:description)"


def _meta(root: etree._Element, name: str) -> str:
    for meta in root.iterfind(".//meta"):
        if name in (meta.get("name"), meta.get("property")):
            return (meta.get("content") or "").strip()
    return ""


def _as_html(text: str) -> str:
    """A body as markup: HTML as written (some sites escape it once more), plain text one
    paragraph a line."""
    if "&lt;" in text and not _MARKUP.search(text):
        text = html.unescape(text)
    if _MARKUP.search(text):
        return text
    return "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip())


def structured_reading(root: etree._Element, json_ld: list[str]) -> list[RawBlock]:
    """The blocks of the article text the page carries for machines, each with its
    source; the first source that holds any text is the reading (JSON-LD, its texts as
    ``Metadata.json_ld`` keeps them, then Discourse's preloaded posts, then its excerpt of
    the opening post)."""
    for texts in (json_ld_texts(json_ld), discourse_texts(root), discourse_excerpt(root)):
        seen: set[str] = set()
        parts: list[tuple[str, str]] = []
        for text, where in texts:
            key = " ".join(text.split())
            if key not in seen:  # themes and SEO plugins print the same JSON-LD twice
                seen.add(key)
                parts.append((text, where))
        if not parts:
            continue
        markup = "".join(f"<article>{_as_html(text)}</article>" for text, _ in parts)
        tree = parse(f"<html><body>{markup}</body></html>")
        body = tree.find("body")
        owner = {child: where for child, (_, where) in zip(body, parts, strict=False)}
        blocks = []
        for block in segment(tree, HiddenRules()):
            element = block.element
            while element is not None and element not in owner:
                element = element.getparent()
            blocks.append(replace(block, source=owner.get(element, parts[0][1])))
        if blocks:
            return blocks
    return []
