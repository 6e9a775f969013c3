"""A 20,000-word article page, generated, with hand-written landmark sections to edit.

Long pages are where alignment could go quadratic or lose its place; the filler
is varied enough that no two sentences repeat, and the landmarks give the corpus
fixed text to move and rewrite.
"""

from __future__ import annotations

import html
import random

SUBJECTS = [
    "Physical therapy",
    "A structured walking programme",
    "Weight loss of five percent",
    "Brace use during flare-ups",
    "Anti-inflammatory gel",
    "Hydrotherapy",
    "Strength training twice a week",
    "Sleep of seven hours or more",
    "Early referral to a specialist",
    "Tai chi",
]
EFFECTS = [
    "was followed by less reported stiffness",
    "coincided with better scores on the walking test",
    "showed no clear difference from usual care",
    "was linked with fewer missed work days",
    "made little difference to night pain",
    "improved grip strength in older participants",
    "was rated as helpful by most participants",
    "reduced the number of clinic visits",
]
SETTINGS = [
    "in a community cohort",
    "among retired teachers",
    "in a rural practice",
    "in the hospital outpatient group",
    "among office workers",
    "in the pilot programme",
    "among amateur runners",
    "in the follow-up survey",
]
CLOSERS = [
    "The authors called for longer follow-up.",
    "Adherence dropped after the third month.",
    "Participants were mostly women over fifty.",
    "The comparison group received written advice only.",
    "Outcomes were measured by a blinded assessor.",
    "Several participants also changed their diet.",
]

LANDMARKS = {
    "quarter": (
        "Dosing schedules",
        [
            "Most protocols start with one session a week for six weeks. After that, "
            "sessions are spaced out to once a month for as long as the benefit lasts.",
            "Patients who miss more than two sessions in a row usually restart the "
            "initial schedule.",
        ],
    ),
    "half": (
        "Results in our registry",
        [
            "Our registry now follows 4,812 patients across nine sites. Among them, "
            "the treatment may reduce pain scores by a third within a year.",
            "Registry data are self-reported and have not been independently audited.",
        ],
    ),
    "three_quarters": (
        "Contraindications",
        [
            "The treatment is not suitable during pregnancy or for people with an active "
            "infection in the joint.",
            "People taking blood thinners should tell the clinic before the first visit.",
        ],
    ),
}


def _section(rng: random.Random, number: int) -> tuple[str, list[str]]:
    subject = rng.choice(SUBJECTS)
    title = f"Study {number}: {subject.lower()}"
    paragraphs = []
    for part in range(3):
        sentences = []
        for _ in range(4):
            year = rng.randint(2001, 2023)
            size = rng.randint(12, 4000)
            sentences.append(
                f"In a {year} study of {size} adults {rng.choice(SETTINGS)}, "
                f"{rng.choice(SUBJECTS).lower()} {rng.choice(EFFECTS)} "
                f"(report {number}.{part})."
            )
        sentences.append(rng.choice(CLOSERS))
        paragraphs.append(" ".join(sentences))
    return title, paragraphs


def long_article(words: int = 20_000, seed: int = 20) -> str:
    """The HTML page: a site header, the long article, landmarks at 1/4, 1/2, 3/4, a footer."""
    rng = random.Random(seed)
    sections: list[tuple[str, list[str]]] = []
    count = 0
    number = 1
    while count < words:
        title, paragraphs = _section(rng, number)
        sections.append((title, paragraphs))
        count += sum(len(p.split()) for p in paragraphs) + len(title.split())
        number += 1
    for key, fraction in (("three_quarters", 0.75), ("half", 0.5), ("quarter", 0.25)):
        sections.insert(int(len(sections) * fraction), LANDMARKS[key])
    body = []
    for title, paragraphs in sections:
        body.append(f"<h2>{html.escape(title)}</h2>")
        body.extend(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        "<title>Everything we know about joint care: a long review</title>"
        '<meta property="article:modified_time" content="2024-02-10">'
        "</head><body>"
        '<header class="site-header"><a href="/">Joint Care Review</a>'
        '<nav><a href="/topics">Topics</a> <a href="/about">About</a></nav></header>'
        "<main><article><h1>Everything we know about joint care: a long review</h1>"
        '<p class="byline">By Noor Haddad</p>' + "\n".join(body) + "</article></main>"
        '<footer class="site-footer"><p>© 2024 Joint Care Review</p></footer>'
        "</body></html>\n"
    )
