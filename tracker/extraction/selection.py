"""The user's word over the automatic decision: per-watch include and exclude CSS selectors.

When the classifier gets one site wrong (a terms table judged "footer", a promo box
judged article), a watch can say which parts of its page are the article
(``include``) and which never are (``exclude``). The overridden blocks say so in the
Document: a block outside every included element or inside an excluded one is
stripped as ``excluded_by_selector`` with the selector in its detail; a block that
the classifier had stripped and an include brought back carries the selector in
``Block.selected``. Exclusion wins over inclusion. An include that matches nothing
on a page (a redesign) leaves the automatic decision alone.

The Document records the selection it was read through (``Document.selection``), so
a version stored under other settings is read again through the current ones
before it is compared (check.py): changing a watch's selectors never reads as an
article change.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from cssselect import SelectorError
from lxml import etree
from lxml.cssselect import CSSSelector

from tracker.extraction.segment import RawBlock
from tracker.memo import once
from tracker.model import StripReason

Decision = tuple[RawBlock, StripReason | None, str]


@dataclass(frozen=True, slots=True)
class Selection:
    """CSS selectors naming what is (``include``) and is never (``exclude``) the article."""

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.include or self.exclude)

    def describe(self) -> list[str]:
        """How a Document records the selection it was read through."""
        return [f"include {s}" for s in self.include] + [f"exclude {s}" for s in self.exclude]

    @classmethod
    def of(cls, include: Iterable[str] = (), exclude: Iterable[str] = ()) -> Selection:
        """A selection from user input; raises ValueError naming a selector that is not CSS."""
        selection = cls(tuple(include), tuple(exclude))
        for selector in (*selection.include, *selection.exclude):
            compiled(selector)
        return selection


@once(256)  # a daemon has as many selectors as its watchlists name
def compiled(selector: str) -> CSSSelector:
    """The selector compiled once; ValueError when it is not a CSS selector."""
    if not selector.strip():
        raise ValueError("expected a CSS selector, got an empty string")
    try:
        return CSSSelector(selector)
    except SelectorError as error:
        raise ValueError(f"not a CSS selector: {selector!r} ({error})") from None


def apply(decisions: list[Decision], root: etree._Element, selection: Selection) -> list[Decision]:
    """``decisions`` with the user's include and exclude selectors overriding them.

    A kept decision of a block an include brought back has the detail
    ``selected by "..."`` (its reason was None: it is article).
    """
    included = _matches(root, selection.include)
    excluded = _matches(root, selection.exclude)
    if not included and not excluded:
        return decisions
    result: list[Decision] = []
    for block, reason, detail in decisions:
        inside = _nearest(block.element, excluded)
        if inside is not None:
            result.append((block, StripReason.EXCLUDED_BY_SELECTOR, f'matches "{inside}"'))
            continue
        if not included:
            result.append((block, reason, detail))
            continue
        chosen = _nearest(block.element, included)
        if chosen is None:
            outside = f'outside "{", ".join(selection.include)}"'
            result.append((block, StripReason.EXCLUDED_BY_SELECTOR, outside))
        elif reason is None or reason is StripReason.HIDDEN:
            result.append((block, reason, detail))  # hidden stays hidden: no reader sees it
        else:
            result.append((block, None, f'selected by "{chosen}" (was {reason.value})'))
    return result


def _matches(root: etree._Element, selectors: tuple[str, ...]) -> dict[etree._Element, str]:
    found: dict[etree._Element, str] = {}
    for selector in selectors:
        for element in compiled(selector)(root):
            found.setdefault(element, selector)
    return found


def _nearest(element: etree._Element, matched: dict[etree._Element, str]) -> str | None:
    if not matched:
        return None
    if element in matched:
        return matched[element]
    for ancestor in element.iterancestors():
        if ancestor in matched:
            return matched[ancestor]
    return None
