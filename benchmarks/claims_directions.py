"""Do claim tags say the right direction? Measured on edits written for each family.

Usage:
    .venv/bin/python benchmarks/claims_directions.py

A watchdog publishes "this claim was strengthened" and "this protection was weakened",
so each family of edit that moves a claim is written out as pairs of sentences (none
taken from the shared data) with the direction a reader takes from it: frequency words
("rare" -> "never"), quantifiers ("most" -> "all patients"), a harm's severity ("a
serious risk" -> "a small risk"), negations, hedges, certainty verbs, limitations ("in
mice", "a pilot study"), regulatory disclaimers and statuses ("FDA-registered" ->
"FDA-approved"), commitments ("we never sell" -> "we do not sell except"). Each pair is
read through the claim assessor and `claim_tags` / `significance` as a change report
reads a modified claim, and scored against what it must say:

  stronger / weaker     strengthened (weakened) and not the other
  stronger, high        strengthened and significance high (a warning softened: a harm
                        made rarer or milder is a stronger claim of safety)
  none / not weaker     neither direction / no weakened
  protection stronger / protection weaker / disclaimer removed: that tag

Two groups: pairs written while the rules were written (tuned on), and pairs written
after them (each scored once before any fix it then prompted; the fixes are in the
history, so the figure printed now is no longer held out). The baseline in the same run
compares the two sentences' strength levels (0-3) alone, the reading a strength model
gives without the rules.
"""

from __future__ import annotations

from collections import Counter

from tracker.comparison.claim_tags import claim_tags, significance
from tracker.comparison.claims import ClaimAssessment, assess
from tracker.model import ChangeKind, Significance

# (family, old, new, what a reader takes from it, written after the rules)
PAIRS: tuple[tuple[str, str, str, str, bool], ...] = (
    # written with the rules (audit)
    (
        "frequency",
        "Serious adverse events were rare in the treated group.",
        "Serious adverse events were never seen in the treated group.",
        "stronger",
        False,
    ),
    (
        "frequency",
        "Headaches were uncommon after the injection.",
        "Headaches never occurred after the injection.",
        "stronger",
        False,
    ),
    (
        "frequency",
        "The cream occasionally relieves itching.",
        "The cream always relieves itching.",
        "stronger",
        False,
    ),
    (
        "frequency",
        "The cream always relieves itching.",
        "The cream occasionally relieves itching.",
        "weaker",
        False,
    ),
    (
        "frequency",
        "The patch sometimes lowers blood pressure.",
        "The patch lowers blood pressure.",
        "stronger",
        False,
    ),
    (
        "frequency",
        "Swelling is rare after the procedure.",
        "Swelling is common after the procedure.",
        "weaker",
        False,
    ),
    (
        "frequency",
        "Most patients report less pain after the therapy.",
        "All patients report less pain after the therapy.",
        "stronger",
        False,
    ),
    (
        "frequency",
        "Bruising was never reported with this device.",
        "Bruising was rarely reported with this device.",
        "weaker",
        False,
    ),
    (
        "quantifier",
        "Some patients improved after the stem cell injection.",
        "Most patients improved after the stem cell injection.",
        "stronger",
        False,
    ),
    (
        "quantifier",
        "Most patients improved after the stem cell injection.",
        "All patients improved after the stem cell injection.",
        "stronger",
        False,
    ),
    (
        "quantifier",
        "All patients improved after the stem cell injection.",
        "Some patients improved after the stem cell injection.",
        "weaker",
        False,
    ),
    (
        "quantifier",
        "The treatment helps many patients with arthritis.",
        "The treatment helps a few patients with arthritis.",
        "weaker",
        False,
    ),
    (
        "quantifier",
        "The supplement reduces fatigue in some people.",
        "The supplement reduces fatigue in everyone.",
        "stronger",
        False,
    ),
    (
        "limitation",
        "The drug may only reduce symptoms in mild cases.",
        "The drug reduces symptoms.",
        "stronger",
        False,
    ),
    (
        "limitation",
        "The therapy is not approved by the FDA and may help joint pain.",
        "The therapy may help joint pain.",
        "stronger",
        False,
    ),
    (
        "limitation",
        "The therapy reduced pain in some patients.",
        "The therapy reduced pain.",
        "stronger",
        False,
    ),
    (
        "limitation",
        "The therapy reduced pain.",
        "The therapy reduced pain in some patients.",
        "weaker",
        False,
    ),
    (
        "limitation",
        "The compound reversed memory loss in mice.",
        "The compound reversed memory loss.",
        "stronger",
        False,
    ),
    (
        "limitation",
        "The compound reversed memory loss.",
        "The compound reversed memory loss in mice.",
        "weaker",
        False,
    ),
    (
        "limitation",
        "The injection reduced swelling in a small study.",
        "The injection reduced swelling.",
        "stronger",
        False,
    ),
    (
        "limitation",
        "The injection provides temporary relief from knee pain.",
        "The injection provides relief from knee pain.",
        "stronger",
        False,
    ),
    (
        "hedge",
        "Stem cells may repair damaged cartilage.",
        "Stem cells repair damaged cartilage.",
        "stronger",
        False,
    ),
    (
        "hedge",
        "Stem cells repair damaged cartilage.",
        "Stem cells might repair damaged cartilage.",
        "weaker",
        False,
    ),
    (
        "hedge",
        "Acupuncture probably reduces back pain.",
        "Acupuncture reduces back pain.",
        "stronger",
        False,
    ),
    (
        "hedge",
        "Acupuncture appears to reduce back pain.",
        "Acupuncture reduces back pain.",
        "stronger",
        False,
    ),
    (
        "certainty",
        "The trial suggests that the vaccine prevents infection.",
        "The trial shows that the vaccine prevents infection.",
        "stronger",
        False,
    ),
    (
        "certainty",
        "The trial shows that the vaccine prevents infection.",
        "The trial proves that the vaccine prevents infection.",
        "stronger",
        False,
    ),
    (
        "certainty",
        "The trial proves that the vaccine prevents infection.",
        "The trial suggests that the vaccine prevents infection.",
        "weaker",
        False,
    ),
    (
        "certainty",
        "Our data indicate that the diet lowers cholesterol.",
        "Our data demonstrate that the diet lowers cholesterol.",
        "stronger",
        False,
    ),
    (
        "certainty",
        "The study confirms that the diet lowers cholesterol.",
        "The study suggests that the diet lowers cholesterol.",
        "weaker",
        False,
    ),
    (
        "commitment",
        "We never sell your personal data.",
        "We do not sell your personal data except to our partners.",
        "protection weaker",
        False,
    ),
    (
        "commitment",
        "We do not sell your personal data except to our partners.",
        "We never sell your personal data.",
        "protection stronger",
        False,
    ),
    (
        "commitment",
        "We may only use your data to provide the service.",
        "We may use your data to provide the service.",
        "protection weaker",
        False,
    ),
    (
        "commitment",
        "We will not share your information with third parties.",
        "We will not share your information with third parties unless required by law.",
        "protection weaker",
        False,
    ),
    (
        "commitment",
        "We share your information with third parties only with your consent.",
        "We share your information with third parties.",
        "protection weaker",
        False,
    ),
    (
        "commitment",
        "We will not share your information with third parties without your consent.",
        "We will not share your information with third parties.",
        "protection stronger",
        False,
    ),
    (
        "commitment",
        "We delete your data within 30 days.",
        "We may delete your data within 30 days.",
        "protection weaker",
        False,
    ),
    (
        "commitment",
        "We will always notify you before we share your data.",
        "We may notify you before we share your data.",
        "protection weaker",
        False,
    ),
    ("commitment", "We will never sell your data.", "We will not sell your data.", "none", False),
    (
        "commitment",
        "We do not sell your personal data.",
        "We do not currently sell your personal data.",
        "protection weaker",
        False,
    ),
    (
        "disclaimer",
        "These statements have not been evaluated by the FDA. The product supports joint health.",
        "The product supports joint health.",
        "disclaimer removed",
        False,
    ),
    (
        "disclaimer",
        "This treatment is not approved by the FDA for knee arthritis.",
        "This treatment is approved by the FDA for knee arthritis.",
        "stronger",
        False,
    ),
    (
        "disclaimer",
        "Stem cell therapy is experimental and may help some patients.",
        "Stem cell therapy helps patients.",
        "stronger",
        False,
    ),
    (
        "disclaimer",
        "Results may vary and the treatment reduces pain.",
        "The treatment reduces pain.",
        "stronger",
        False,
    ),
    (
        "warning",
        "The drug can cause serious bleeding.",
        "The drug may rarely cause mild bleeding.",
        "stronger, high",
        False,
    ),
    (
        "warning",
        "Do not use this product if you are pregnant.",
        "Ask your doctor before using this product if you are pregnant.",
        "stronger, high",
        False,
    ),
    (
        "warning",
        "The injection may cause infection.",
        "The injection may rarely cause infection.",
        "stronger, high",
        False,
    ),
    (
        "warning",
        "Side effects are common and include nausea.",
        "Side effects are rare and include nausea.",
        "stronger, high",
        False,
    ),
    (
        "warning",
        "The procedure carries a serious risk of infection.",
        "The procedure carries a small risk of infection.",
        "stronger, high",
        False,
    ),
    (
        "frequency",
        "The treatment is generally safe.",
        "The treatment is completely safe.",
        "stronger",
        False,
    ),
    (
        "frequency",
        "The treatment has few side effects.",
        "The treatment has no side effects.",
        "stronger",
        False,
    ),
    (
        "warning",
        "Side effects are rare and include nausea.",
        "Side effects are common and include nausea.",
        "weaker",
        False,
    ),
    (
        "neutral",
        "The rare disease affects the liver.",
        "The common disease affects the liver.",
        "none",
        False,
    ),
    (
        "neutral",
        "All of our clinics accept walk-ins.",
        "All of our clinics accept new walk-ins.",
        "none",
        False,
    ),
    (
        "frequency",
        "The cream rarely relieves pain.",
        "The cream often relieves pain.",
        "stronger",
        False,
    ),
    (
        "frequency",
        "Symptoms rarely improve after the surgery.",
        "Symptoms usually improve after the surgery.",
        "stronger",
        False,
    ),
    (
        "frequency",
        "Pain often returns after the surgery.",
        "Pain rarely returns after the surgery.",
        "stronger",
        False,
    ),
    (
        "frequency",
        "All patients developed infections.",
        "Some patients developed infections.",
        "stronger",
        False,
    ),
    (
        "frequency",
        "All patients report less pain after the therapy.",
        "Some patients report less pain after the therapy.",
        "weaker",
        False,
    ),
    # written with the rules (audit2)
    (
        "limitation",
        "Only 2% of patients had side effects.",
        "2% of patients had side effects.",
        "weaker",
        False,
    ),
    (
        "limitation",
        "Only a few patients responded to the injection.",
        "A few patients responded to the injection.",
        "stronger",
        False,
    ),
    (
        "limitation",
        "The injection only helps patients with mild arthritis.",
        "The injection helps patients with arthritis.",
        "stronger",
        False,
    ),
    ("negation", "The cream does not cure eczema.", "The cream cures eczema.", "stronger", False),
    (
        "negation",
        "There is no evidence that the diet prevents cancer.",
        "There is evidence that the diet prevents cancer.",
        "stronger",
        False,
    ),
    ("negation", "The diet prevents cancer.", "The diet does not prevent cancer.", "weaker", False),
    (
        "relation",
        "Coffee intake is associated with lower liver cancer risk.",
        "Coffee intake lowers liver cancer risk.",
        "stronger",
        False,
    ),
    (
        "relation",
        "Coffee lowers liver cancer risk.",
        "Coffee is linked to lower liver cancer risk.",
        "weaker",
        False,
    ),
    (
        "hedge",
        "Studies show that yoga reduces anxiety.",
        "Some studies show that yoga reduces anxiety.",
        "weaker",
        False,
    ),
    (
        "hedge",
        "Preliminary results suggest that yoga reduces anxiety.",
        "Results show that yoga reduces anxiety.",
        "stronger",
        False,
    ),
    (
        "hedge",
        "It is thought that yoga reduces anxiety.",
        "Yoga reduces anxiety.",
        "stronger",
        False,
    ),
    (
        "hedge",
        "We believe the implant improves hearing.",
        "The implant improves hearing.",
        "stronger",
        False,
    ),
    (
        "hedge",
        "The implant is likely to improve hearing.",
        "The implant will improve hearing.",
        "stronger",
        False,
    ),
    (
        "hedge",
        "The implant can improve hearing in some children.",
        "The implant improves hearing in children.",
        "stronger",
        False,
    ),
    (
        "limitation",
        "The laser reduced wrinkles in early-stage skin aging.",
        "The laser reduced wrinkles.",
        "stronger",
        False,
    ),
    (
        "limitation",
        "The laser reduced wrinkles in a pilot study of 12 women.",
        "The laser reduced wrinkles in women.",
        "stronger",
        False,
    ),
    (
        "limitation",
        "The drug slowed tumour growth in cell cultures.",
        "The drug slowed tumour growth.",
        "stronger",
        False,
    ),
    (
        "limitation",
        "The drug slowed tumour growth in animal studies.",
        "The drug slowed tumour growth in patients.",
        "stronger",
        False,
    ),
    (
        "limitation",
        "The brace can reduce pain when used with physical therapy.",
        "The brace can reduce pain.",
        "stronger",
        False,
    ),
    (
        "limitation",
        "The brace reduces pain for up to six weeks.",
        "The brace reduces pain.",
        "stronger",
        False,
    ),
    (
        "disclaimer",
        "Individual results may vary, but most clients lose weight.",
        "Most clients lose weight.",
        "stronger",
        False,
    ),
    (
        "disclaimer",
        "The device is FDA-cleared for temporary relief of minor pain.",
        "The device is FDA-approved for relief of pain.",
        "stronger",
        False,
    ),
    (
        "disclaimer",
        "The test is for research use only and detects the virus.",
        "The test detects the virus.",
        "stronger",
        False,
    ),
    (
        "certainty",
        "Our results are consistent with the idea that sleep protects memory.",
        "Our results prove that sleep protects memory.",
        "stronger",
        False,
    ),
    (
        "certainty",
        "The findings strongly suggest that sleep protects memory.",
        "The findings suggest that sleep protects memory.",
        "weaker",
        False,
    ),
    ("certainty", "Sleep clearly protects memory.", "Sleep protects memory.", "weaker", False),
    (
        "commitment",
        "We will never share your data with advertisers.",
        "We will not share your data with advertisers without your consent.",
        "protection weaker",
        False,
    ),
    (
        "commitment",
        "We only share your data with your consent.",
        "We share your data with your consent.",
        "protection weaker",
        False,
    ),
    (
        "commitment",
        "We will not sell your email address.",
        "We will not sell your email address for any purpose.",
        "none",
        False,
    ),
    (
        "commitment",
        "We will not share your data with anyone.",
        "We will not share your data except with our affiliates.",
        "protection weaker",
        False,
    ),
    (
        "commitment",
        "We delete your records within 30 days of a request.",
        "We delete your records within 30 days of a request, unless the law requires otherwise.",
        "protection weaker",
        False,
    ),
    (
        "commitment",
        "You can opt out of tracking at any time.",
        "You cannot opt out of tracking.",
        "protection weaker",
        False,
    ),
    (
        "commitment",
        "We never track your location.",
        "We rarely track your location.",
        "protection weaker",
        False,
    ),
    (
        "warning",
        "Do not take this supplement if you are pregnant.",
        "This supplement is suitable during pregnancy.",
        "stronger",
        False,
    ),
    (
        "warning",
        "Rare side effects include bleeding.",
        "Common side effects include bleeding.",
        "weaker",
        False,
    ),
    (
        "warning",
        "The vaccine can cause severe allergic reactions.",
        "The vaccine can cause mild allergic reactions.",
        "stronger, high",
        False,
    ),
    (
        "frequency",
        "The procedure is generally safe.",
        "The procedure is always safe.",
        "stronger",
        False,
    ),
    (
        "frequency",
        "The procedure is safe for most patients.",
        "The procedure is safe for all patients.",
        "stronger",
        False,
    ),
    # written after the rules, judged before the fixes they prompted (audit3)
    (
        "frequency",
        "Nausea was uncommon in the first week of the diet.",
        "Nausea was absent in the first week of the diet.",
        "stronger",
        True,
    ),
    (
        "frequency",
        "Blisters seldom form after the cryotherapy session.",
        "Blisters often form after the cryotherapy session.",
        "weaker",
        True,
    ),
    (
        "frequency",
        "The spray usually stops a nosebleed within minutes.",
        "The spray always stops a nosebleed within minutes.",
        "stronger",
        True,
    ),
    (
        "frequency",
        "The spray always stops a nosebleed within minutes.",
        "The spray sometimes stops a nosebleed within minutes.",
        "weaker",
        True,
    ),
    (
        "quantifier",
        "Many participants lost weight on the program.",
        "Most participants lost weight on the program.",
        "stronger",
        True,
    ),
    (
        "quantifier",
        "Every patient in the trial regained mobility.",
        "Several patients in the trial regained mobility.",
        "weaker",
        True,
    ),
    (
        "quantifier",
        "No patients developed complications after the implant.",
        "Few patients developed complications after the implant.",
        "weaker",
        True,
    ),
    (
        "quantifier",
        "Most users reported fewer migraines with the headband.",
        "Some users reported fewer migraines with the headband.",
        "weaker",
        True,
    ),
    (
        "severity",
        "The filler can cause severe swelling.",
        "The filler can cause mild swelling.",
        "stronger, high",
        True,
    ),
    (
        "severity",
        "Patients face a minor risk of bleeding after the biopsy.",
        "Patients face a major risk of bleeding after the biopsy.",
        "weaker",
        True,
    ),
    (
        "negation",
        "The vaccine does not prevent infection in older adults.",
        "The vaccine prevents infection in older adults.",
        "stronger",
        True,
    ),
    (
        "negation",
        "The supplement causes liver damage.",
        "The supplement does not cause liver damage.",
        "stronger",
        True,
    ),
    (
        "negation",
        "Acupuncture relieves migraine.",
        "Acupuncture does not relieve migraine.",
        "weaker",
        True,
    ),
    (
        "limitation",
        "The laser removes tattoos in light skin only.",
        "The laser removes tattoos.",
        "stronger",
        True,
    ),
    (
        "limitation",
        "In rats, the compound reversed hair loss.",
        "The compound reversed hair loss.",
        "stronger",
        True,
    ),
    (
        "limitation",
        "The shots reduce allergy symptoms in some children.",
        "The shots reduce allergy symptoms in children.",
        "stronger",
        True,
    ),
    ("hedge", "The tea might lower blood sugar.", "The tea lowers blood sugar.", "stronger", True),
    (
        "hedge",
        "The tea lowers blood sugar.",
        "The tea appears to lower blood sugar.",
        "weaker",
        True,
    ),
    (
        "certainty",
        "The trial suggests the patch eases hot flashes.",
        "The trial proves the patch eases hot flashes.",
        "stronger",
        True,
    ),
    (
        "commitment",
        "We will not disclose your health information to employers.",
        "We will not disclose your health information to employers unless you agree.",
        "protection weaker",
        True,
    ),
    (
        "commitment",
        "We only collect the data needed to run the service.",
        "We collect data to run the service.",
        "protection weaker",
        True,
    ),
    (
        "commitment",
        "We may share your details with partners.",
        "We never share your details with partners.",
        "protection stronger",
        True,
    ),
    (
        "commitment",
        "We will inform you of any breach of your data within 72 hours.",
        "We will try to inform you of any breach of your data.",
        "protection weaker",
        True,
    ),
    (
        "commitment",
        "We won't sell your browsing history.",
        "We sell your browsing history.",
        "protection weaker",
        True,
    ),
    (
        "disclaimer",
        "The serum is not FDA approved and may reduce wrinkles.",
        "The serum reduces wrinkles.",
        "stronger",
        True,
    ),
    (
        "warning",
        "Side effects include frequent headaches.",
        "Side effects include occasional headaches.",
        "stronger, high",
        True,
    ),
    # written with the rules (audit4)
    (
        "regulatory",
        "Our lab is FDA-registered and the test detects Lyme disease.",
        "Our lab is FDA-approved and the test detects Lyme disease.",
        "stronger, high",
        False,
    ),
    (
        "regulatory",
        "The laser is FDA-cleared for hair removal.",
        "The laser is FDA-approved for hair removal.",
        "stronger",
        False,
    ),
    (
        "regulatory",
        "The device is FDA-approved for knee pain.",
        "The device is FDA-cleared for knee pain.",
        "weaker",
        False,
    ),
    (
        "regulatory",
        "The device is approved for adults with knee pain.",
        "The device is approved for knee pain.",
        "stronger",
        False,
    ),
    (
        "regulatory",
        "The stem cell product is approved in Mexico.",
        "The stem cell product is approved.",
        "stronger",
        False,
    ),
    (
        "regulatory",
        "The therapy is under FDA review.",
        "The therapy is FDA approved.",
        "stronger, high",
        False,
    ),
    # written after the rules, judged before the fixes they prompted (audit5)
    (
        "frequency",
        "Complications are infrequent after laser eye surgery.",
        "Complications are common after laser eye surgery.",
        "weaker",
        True,
    ),
    (
        "frequency",
        "Patients occasionally feel dizzy after the infusion.",
        "Patients rarely feel dizzy after the infusion.",
        "stronger",
        True,
    ),
    (
        "frequency",
        "The device generally detects atrial fibrillation.",
        "The device always detects atrial fibrillation.",
        "stronger",
        True,
    ),
    (
        "frequency",
        "Relapse is rare after the full course.",
        "Relapse never happens after the full course.",
        "stronger",
        True,
    ),
    (
        "quantifier",
        "Some users saw clearer skin within a week.",
        "All users saw clearer skin within a week.",
        "stronger",
        True,
    ),
    (
        "quantifier",
        "Nearly all patients tolerated the drug well.",
        "Many patients tolerated the drug well.",
        "weaker",
        True,
    ),
    (
        "quantifier",
        "Several children had allergic reactions to the vaccine.",
        "No children had allergic reactions to the vaccine.",
        "stronger",
        True,
    ),
    (
        "severity",
        "Mild bruising may occur at the injection site.",
        "Severe bruising may occur at the injection site.",
        "weaker",
        True,
    ),
    ("negation", "The cream does not fade scars.", "The cream fades scars.", "stronger", True),
    (
        "negation",
        "Fasting does not raise the risk of gallstones.",
        "Fasting raises the risk of gallstones.",
        "weaker",
        True,
    ),
    (
        "hedge",
        "Magnesium could improve sleep quality.",
        "Magnesium improves sleep quality.",
        "stronger",
        True,
    ),
    (
        "hedge",
        "Magnesium improves sleep quality.",
        "Magnesium possibly improves sleep quality.",
        "weaker",
        True,
    ),
    (
        "limitation",
        "The drops slowed myopia in children under ten.",
        "The drops slowed myopia.",
        "not weaker",
        True,
    ),
    (
        "limitation",
        "The implant restored hearing in a small trial.",
        "The implant restored hearing.",
        "stronger",
        True,
    ),
    (
        "limitation",
        "In lab tests, the extract killed cancer cells.",
        "The extract killed cancer cells.",
        "stronger",
        True,
    ),
    (
        "certainty",
        "The data indicate the vaccine prevents shingles.",
        "The data prove the vaccine prevents shingles.",
        "stronger",
        True,
    ),
    (
        "commitment",
        "We never share your location with advertisers.",
        "We share your location with advertisers only with your consent.",
        "protection weaker",
        True,
    ),
    (
        "commitment",
        "We will refund your payment within 14 days.",
        "We may refund your payment within 14 days.",
        "protection weaker",
        True,
    ),
    (
        "commitment",
        "We don't track you across other websites.",
        "We track you across other websites.",
        "protection weaker",
        True,
    ),
    (
        "commitment",
        "We keep your data only as long as needed.",
        "We keep your data as long as needed.",
        "protection weaker",
        True,
    ),
    (
        "commitment",
        "We will ask for your permission before sharing your health data.",
        "We will share your health data.",
        "protection weaker",
        True,
    ),
    (
        "regulatory",
        "The scanner is CE-marked for use in clinics.",
        "The scanner is FDA-approved for use in clinics.",
        "stronger",
        True,
    ),
    (
        "regulatory",
        "The app is FDA-approved for insomnia.",
        "The app is not FDA-approved for insomnia.",
        "weaker",
        True,
    ),
    (
        "disclaimer",
        "This product is not intended to diagnose or treat any disease, and it supports joint "
        "comfort.",
        "This product supports joint comfort.",
        "stronger",
        True,
    ),
    (
        "warning",
        "Severe side effects are possible.",
        "Mild side effects are possible.",
        "stronger, high",
        True,
    ),
    (
        "warning",
        "Serious infections occurred in some patients.",
        "Serious infections occurred rarely.",
        "stronger, high",
        True,
    ),
)


def tracker_says(old: ClaimAssessment, new: ClaimAssessment) -> tuple[set[str], Significance]:
    tags, _ = claim_tags(old, new)
    categories = tuple(dict.fromkeys((*old.categories, *new.categories)))
    return {str(tag) for tag in tags}, significance(
        ChangeKind.MODIFIED, tags, categories, old, new, orphaned=False
    )


def levels_say(old: ClaimAssessment, new: ClaimAssessment) -> tuple[set[str], Significance]:
    """The baseline: the sign of the strength levels' difference, for claims and promises."""
    if new.strength == old.strength:
        return set(), Significance.LOW
    up = new.strength > old.strength
    promise = old.protection is not None or new.protection is not None
    name = ("protection_strengthened" if up else "protection_weakened") if promise else ""
    return {"strengthened" if up else "weakened", name} - {""}, Significance.MEDIUM


def right(expected: str, tags: set[str], level: Significance) -> bool:
    if expected == "stronger":
        return "strengthened" in tags and "weakened" not in tags
    if expected == "weaker":
        return "weakened" in tags and "strengthened" not in tags
    if expected == "stronger, high":
        return "strengthened" in tags and level == Significance.HIGH
    if expected == "none":
        return not {"strengthened", "weakened"} & tags
    if expected == "not weaker":
        return "weakened" not in tags
    return {
        "protection stronger": "protection_strengthened",
        "protection weaker": "protection_weakened",
        "disclaimer removed": "disclaimer_removed",
    }[expected] in tags


def main() -> None:
    readers = {"tracker": tracker_says, "levels": levels_say}
    scores: dict[tuple[str, str], Counter[str]] = {}
    for family, old_text, new_text, expected, later in PAIRS:
        old, new = assess(old_text), assess(new_text)
        group = "written after" if later else "written with"
        for key in ((family, group), ("all", group)):
            counts = scores.setdefault(key, Counter())
            counts["pairs"] += 1
            for name, reader in readers.items():
                counts[name] += right(expected, *reader(old, new))
    print(f"claim directions on {len(PAIRS)} written pairs: right direction")
    print(f"{'family':<10} {'group':<14} {'pairs':>5} {'tracker':>8} {'levels':>7}")
    for (family, group), counts in sorted(
        scores.items(), key=lambda item: (item[0][1], item[0][0] == "all", item[0][0])
    ):
        pairs = counts["pairs"]
        print(
            f"{family:<10} {group:<14} {pairs:>5} {counts['tracker'] / pairs:>8.1%} "
            f"{counts['levels'] / pairs:>7.1%}"
        )


if __name__ == "__main__":
    main()
