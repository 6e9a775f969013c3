"""Word lists for claim assessment, kept apart from the logic so linguists can edit them.

Entries are lowercase regular-expression fragments matched on word boundaries over
the lowercased sentence. Each hedge and booster carries a weight: how much it moves
the writer's certainty (hedges down, boosters up), so "some" -> "most" shows.
"""

from __future__ import annotations

# ----------------------------------------------------------------------------- relation cues

# Verbs and phrases that assert that one thing changes another (direct causal when bare).
CAUSAL = (
    r"reduc(?:e|es|ed|ing)",
    r"increas(?:e|es|ed|ing)",
    r"decreas(?:e|es|ed|ing)",
    r"lower(?:s|ed|ing)?",
    r"rais(?:e|es|ed|ing)",
    r"rais(?:e|es|ed|ing) the risk",
    r"boost(?:s|ed|ing)?",
    r"cut(?:s|ting)?",
    r"caus(?:e|es|ed|ing)",
    r"lead(?:s|ing)? to",
    r"led to",
    r"result(?:s|ed|ing)? in",
    r"improv(?:e|es|ed|ing)",
    r"worsen(?:s|ed|ing)?",
    r"prevent(?:s|ed|ing)?",
    r"protect(?:s|ed|ing)? (?:against|from)",
    r"protect(?:s|ed|ing)?",
    r"halt(?:s|ed|ing)?",
    r"cur(?:e|es|ed|ing)",
    r"revers(?:e|es|ed|ing)",
    r"eliminat(?:e|es|ed|ing)",
    r"heal(?:s|ed|ing)?",
    r"treat(?:s|ed)?",
    r"reliev(?:e|es|ed|ing)",
    r"eas(?:e|es|ed|ing)",
    r"restor(?:e|es|ed|ing)",
    r"repair(?:s|ed|ing)?",
    r"regenerat(?:e|es|ed|ing)",
    r"regrow(?:s|n|ing)?",
    # the verbs of mechanism that abstracts use where press releases say "reduces"
    r"activat(?:e|es|ed|ing)",
    r"(?:up|down)-?regulat(?:e|es|ed|ing)",
    r"regulat(?:e|es|ing)",
    r"repress(?:es|ed|ing)?",
    r"attenuat(?:e|es|ed|ing)",
    r"confer(?:s|red|ring)?",
    r"modulat(?:e|es|ed|ing)",
    r"mediat(?:e|es|ing)",
    r"excit(?:e|es|ed|ing)",
    r"potentiat(?:e|es|ed|ing)",
    r"abolish(?:es|ed|ing)?",
    r"abrogat(?:e|es|ed|ing)",
    r"augment(?:s|ed|ing)?",
    r"amplif(?:y|ies|ied|ying)",
    r"deplet(?:e|es|ing)",
    r"disrupt(?:s|ed|ing)?",
    r"facilitat(?:e|es|ed|ing)",
    r"hinder(?:s|ed|ing)?",
    r"imped(?:e|es|ed|ing)",
    r"rescu(?:e|es|ed|ing)",
    r"sensiti[sz](?:e|es|ed|ing)",
    # how abstracts name a mechanism: "this pathway underlies", "a key regulator of"
    r"underl(?:ie|ies|ay)",
    r"(?:key|central|critical|crucial|major|important|master) "
    r"(?:regulator|mediator|determinant|driver|modulator)s? of",
    r"(?:is|are|was|were|be) (?:\w+ )?protective",
    r"produc(?:e|es|ed|ing) (?:\w+ )?(?:improvements?|benefits?|effects?|changes?|gains?)",
    r"grow(?:s|n)? (?:back|new)",
    r"rebuild(?:s|ing)?",
    r"stimulat(?:e|es|ed|ing)",
    r"promot(?:e|es|ed|ing)",
    r"enhanc(?:e|es|ed|ing)",
    r"strengthen(?:s|ed|ing)?",
    r"weaken(?:s|ed|ing)?",
    r"impair(?:s|ed|ing)?",
    r"damag(?:e|es|ed|ing)",
    r"harm(?:s|ed|ing)?",
    r"kill(?:s|ed|ing)?",
    r"trigger(?:s|ed|ing)?",
    r"induc(?:e|es|ed|ing)",
    r"driv(?:e|es|ing)",
    r"drove",
    r"slow(?:s|ed|ing)?",
    r"speed(?:s|ed|ing)? up",
    r"accelerat(?:e|es|ed|ing)",
    r"delay(?:s|ed|ing)?",
    r"block(?:s|ed|ing)?",
    r"inhibit(?:s|ed|ing)?",
    r"suppress(?:es|ed|ing)?",
    r"stop(?:s|ped|ping)?",
    r"shrink(?:s|ing)?",
    r"shrank",
    r"extend(?:s|ed|ing)?",
    r"prolong(?:s|ed|ing)?",
    r"doubl(?:e|es|ed|ing)",
    r"tripl(?:e|es|ed|ing)",
    r"halv(?:e|es|ed|ing)",
    r"affect(?:s|ed|ing)?",
    r"impact(?:s|ed|ing)?",
    r"influenc(?:e|es|ed|ing)",
    r"alter(?:s|ed|ing)?",
    r"chang(?:e|es|ed|ing)",
    r"contribut(?:e|es|ed|ing) to",
    r"help(?:s|ed|ing)?",
    r"benefit(?:s|ed|ing|ted|ting)?",
    r"work(?:s|ed)? (?:for|against|in)",
    r"fight(?:s|ing)?",
    r"combat(?:s|ed|ing)?",
    r"counteract(?:s|ed|ing)?",
    r"mitigat(?:e|es|ed|ing)",
    r"alleviat(?:e|es|ed|ing)",
    r"ameliorat(?:e|es|ed|ing)",
    r"exacerbat(?:e|es|ed|ing)",
    r"aggravat(?:e|es|ed|ing)",
    r"spur(?:s|red|ring)?",
    r"fuel(?:s|ed|led|ing|ling)?",
    r"make(?:s)? .{0,30}(?:more|less) likely",
    r"put(?:s)? .{0,30}at (?:higher|greater|lower|increased) risk",
    r"is responsible for",
    r"are responsible for",
    r"responsible for",
    r"is due to",
    r"are due to",
    r"due to",
    r"because of",
    r"thanks to",
    r"(?:is|are|was|were) (?:an? )?(?:effective|efficacious|safe and effective)",
    r"effective (?:in|at|for|against)",
    r"play(?:s|ed|ing)? (?:an? |a key |a major |an important |a critical |a role)?(?:\w+ )?role",
    r"the effect of",
    r"effects? on",
    r"ensur(?:e|es|ed|ing)",
    r"enabl(?:e|es|ed|ing)",
    r"allow(?:s|ed|ing)?",
    r"optimi[sz](?:e|es|ed|ing)",
    r"transform(?:s|ed|ing)?",
    r"rejuvenat(?:e|es|ed|ing)",
    r"detoxif(?:y|ies|ied|ying)",
    r"counter(?:s|ed|ing)?",
    r"contribut(?:e|es|ed|ing)",
    r"sav(?:e|es|ed|ing) lives",
    r"outperform(?:s|ed|ing)?",
    r"(?:is|are|was|were|be) (?:good|bad|beneficial|harmful|protective|detrimental|toxic)"
    r" (?:for|to)",
    r"beneficial|harmful|detrimental",
    r"pos(?:e|es|ed|ing) (?:a |an )?(?:\w+ )?(?:risk|threat|danger|hazard)",
    r"predispos(?:e|es|ed|ing)",
    r"culprit",
    r"(?:a |the )?(?:major|main|leading|common|primary|key|top|chief|underlying) causes? of",
    r"causes? of",
    r"(?:an |the |most )?effective (?:way|method|means|treatment|therapy|tool) (?:to|for|of)",
    r"key to",
    r"provid(?:e|es|ed|ing) (?:\w+ )?(?:relief|protection|benefits?)",
    r"sav(?:e|es|ed|ing) (?:\w+ )?lives",
    r"spell(?:s|ed)?",
    r"backfir(?:e|es|ed)",
    r"lessen(?:s|ed|ing)?",
    r"diminish(?:es|ed|ing)?",
    r"lift(?:s|ed|ing)?",
    r"cure for",
    r"effect(?:s)? of",
    r"consequences? of",
    r"impact(?:s)? of",
    r"because",
    r"so that",
    r"curb(?:s|ed|ing)?",
    r"shorten(?:s|ed|ing)?",
    r"(?:as|more|less|most|equally|just as) (?:effective|efficacious|safe|beneficial)",
    r"safer|riskier|deadlier|healthier",
    r"ad(?:d|ds|ded|ding) (?:\w+ )?(?:risk|years|benefit)",
    r"(?:is|are|not) (?:okay|ok|good|bad|safe) for",
    r"(?:main|major|leading|common) (?:route|source|driver)s? of",
    r"source of",
    r"deadly",
    r"keep(?:s)? .{1,20}? away",
    r"stave(?:s|d)? off",
    r"ward(?:s|ed)? off",
    r"account(?:s|ed)? for",
    r"offer(?:s|ed)? (?:\w+ )?(?:relief|protection|benefits?|hope)",
    r"makes? (?:you|people|patients|children|women|men|it)",
    r"yield(?:s|ed|ing)?",
    r"produc(?:e|es|ed|ing)",
)

# Phrases that assert that two things go together without saying one changes the other.
ASSOCIATION = (
    r"associat(?:e|ed|ion|ions)",
    r"link(?:s|ed|ing)?",
    r"correlat(?:e|es|ed|ion|ions)",
    r"relat(?:ed|ionship|ionships) (?:to|with|between)",
    r"related",
    r"relationship",
    r"connect(?:ed|ion|ions) (?:to|with|between)",
    r"tied to",
    r"tie between",
    r"ties? to",
    r"(?:more|less|most|least) likely",
    r"(?:twice|three times|four times|half) as likely",
    r"likelihood",
    r"(?:higher|lower|greater|increased|decreased|reduced|elevated) "
    r"(?:risk|risks|odds|rates?|levels?|chances?|incidence|prevalence|mortality)",
    r"(?:at|at an|at a) (?:higher|greater|increased|lower|reduced|elevated) risk",
    r"risk factors?",
    r"predict(?:s|ed|ing|or|ors|ive)?",
    r"marker(?:s)? (?:of|for)",
    r"(?:is|are|was|were) (?:more|less) (?:common|prevalent|frequent)",
    r"more (?:common|prevalent|frequent)",
    r"less (?:common|prevalent|frequent)",
    r"coincid(?:e|es|ed|ing)",
    r"go(?:es)? hand in hand",
    r"accompan(?:y|ies|ied)",
    r"in tandem",
    r"(?:tend|tends|tended) to",
    r"odds",
    r"hazard ratio",
    r"compared (?:to|with)",
    r"than (?:those|people|patients|women|men|children|adults|non)",
    r"differences?",
    r"disparit(?:y|ies)",
    r"gap",
    r"pattern(?:s)?",
    r"trend(?:s)?",
    r"vary|varies|varied",
    r"depend(?:s|ed|ing)? on",
    r"fare(?:d|s)? (?:worse|better)",
    r"(?:higher|lower|greater|fewer|more) (?:in|among)",
    r"ti(?:e|es|ed) .{1,40}? to",
    r"(?:worse|better|poorer|higher|lower|greater) (?:\w+ )?"
    r"(?:survival|outcomes?|function|rates?|scores?)",
    r"(?:worse|better|higher|lower|greater|fewer|more|less|larger|smaller) than",
    r"(?:twice|three times|half) as (?:\w+)",
    r"(?:double|triple|twice|half) the (?:risk|rate|odds|chance)",
    r"at (?:\w+ )?risk (?:of|for)",
    r"(?:common|prevalent|widespread|frequent) (?:among|in)",
    r"equals?",
    r"mirror(?:s|ed)?",
    r"parallel(?:s|ed)?",
    r"signal(?:s|ed)?",
    r"sign of",
    r"indicator(?:s)? of",
    r"connected",
    r"relationship between",
    r"link between",
    r"on the rise",
    r"(?:faster|slower|shorter|longer|earlier|later|better|worse|higher|lower) than",
    r"(?:times|percent|per cent|%) (?:higher|lower|more|less|greater|as)",
    r"rates? (?:\w+ ){0,3}(?:unusually |significantly |much )?(?:high|higher|low|lower)",
    r"at (?:a |an )?(?:high|higher|low|lower|increased|elevated) rates?",
    r"(?:proportion|percentage|share|third|half|quarter) of",
    r"prone to",
    r"clue",
    # two measures that move together: "weight and blood pressure moved in the same direction"
    r"(?:point(?:s|ed|ing)?|mov(?:e|es|ed|ing)|go(?:es|ing)?|went|trend(?:s|ed|ing)?)"
    r" in (?:the )?(?:same|opposite) directions?",
    r"identif(?:y|ies|ied) (?:\w+ )?(?:risk|who|those|patients)",
)

# Modal and epistemic cues that turn a causal claim into a conditional or hedged one.
CONDITIONAL = (
    r"may",
    r"might",
    r"could",
    r"can",
    r"would",
    r"possibl(?:y|e)",
    r"potential(?:ly)?",
    r"perhaps",
    r"likely to",
    r"appear(?:s|ed)? to",
    r"seem(?:s|ed)? to",
    r"suggest(?:s|ed|ing)?",
    r"indicat(?:e|es|ed|ing)",
    r"hint(?:s|ed)?",
    r"hypothesi[sz](?:e|es|ed)",
    r"promis(?:e|es|ing)",
    r"help(?:s|ed)? (?:to )?explain",
    r"propos(?:e|es|ed)",
)

# ----------------------------------------------------------------------------- hedges & boosters

# (pattern, weight): weight is the fall in certainty this hedge expresses.
HEDGES: tuple[tuple[str, float], ...] = (
    (r"may", 0.18),
    (r"might", 0.22),
    (r"could", 0.18),
    (r"can", 0.06),
    (r"would", 0.10),
    (r"possibly", 0.2),
    (r"possible", 0.15),
    (r"potentially", 0.18),
    (r"potential", 0.12),
    (r"perhaps", 0.2),
    (r"maybe", 0.2),
    (r"probably", 0.12),
    (r"likely", 0.1),
    (r"unlikely", 0.15),
    (r"suggest(?:s|ed|ing)?", 0.15),
    (r"indicat(?:e|es|ed|ing)", 0.08),
    (r"appear(?:s|ed)? to", 0.15),
    (r"seem(?:s|ed)? to", 0.15),
    (r"tend(?:s|ed)? to", 0.1),
    (r"some studies", 0.15),
    (r"some research", 0.15),
    (r"some evidence", 0.15),
    (r"some patients", 0.12),
    (r"some people", 0.12),
    (r"some", 0.1),
    (r"in some cases", 0.15),
    (r"several", 0.05),
    (r"a few", 0.1),
    (r"preliminary", 0.15),
    (r"early (?:evidence|results|research|studies|data)", 0.12),
    (r"promising", 0.1),
    (r"believed to", 0.15),
    (r"thought to", 0.15),
    (r"it is (?:thought|believed|hoped|assumed) that", 0.15),
    (r"(?:we|i) (?:believe|think|suspect)", 0.12),
    (r"hypothesi[sz]ed", 0.15),
    (r"partly|partially|in part", 0.1),
    (r"somewhat", 0.1),
    (r"relatively", 0.05),
    (r"often", 0.05),
    (r"sometimes", 0.1),
    (r"generally", 0.05),
    (r"usually", 0.05),
    (r"typically", 0.05),
    (r"approximately|about|around|roughly|nearly|almost", 0.03),
    (r"it is (?:possible|plausible|conceivable)", 0.2),
    (r"not (?:yet )?(?:clear|known|proven)", 0.2),
    (r"unclear", 0.15),
    (r"limited evidence", 0.2),
    (r"more research is needed", 0.2),
    (r"further (?:research|studies|study) (?:is|are) needed", 0.2),
    (r"one of the", 0.08),
    (r"among the", 0.05),
)

# (pattern, weight): weight is the rise in certainty this booster expresses.
BOOSTERS: tuple[tuple[str, float], ...] = (
    (r"significantly", 0.12),
    (r"significant", 0.08),
    (r"proven", 0.2),
    (r"clinically proven", 0.25),
    (r"scientifically proven", 0.25),
    (r"prov(?:e|es|ed)", 0.15),
    (r"clearly", 0.15),
    (r"clear", 0.08),
    (r"definitely|definitively|definitive", 0.2),
    (r"certainly", 0.18),
    (r"undoubtedly|without (?:a )?doubt|no doubt", 0.2),
    (r"always", 0.15),
    (r"never", 0.12),
    (r"guarantee(?:d|s)?", 0.22),
    (r"most", 0.1),
    (r"all", 0.08),
    (r"every", 0.08),
    (r"strongly", 0.12),
    (r"strong", 0.08),
    (r"dramatically|dramatic", 0.12),
    (r"substantially|substantial", 0.1),
    (r"markedly|marked", 0.08),
    (r"greatly", 0.1),
    (r"highly", 0.08),
    (r"very", 0.05),
    (r"extremely", 0.1),
    (r"completely|fully|entirely|totally", 0.12),
    (r"remarkabl(?:e|y)", 0.1),
    (r"confirm(?:s|ed)?", 0.12),
    (r"demonstrat(?:e|es|ed)", 0.1),
    (r"show(?:s|ed|n)", 0.06),
    (r"established|well-established", 0.12),
    (r"conclusive(?:ly)?", 0.18),
    (r"consistently", 0.1),
    (r"indeed|in fact", 0.08),
    (r"truly", 0.08),
    (r"absolutely", 0.15),
    (r"100 ?%|100 percent", 0.15),
    (r"breakthrough", 0.15),
    (r"miracle", 0.2),
    (r"revolutionary", 0.12),
    (r"powerful", 0.08),
    (r"permanent(?:ly)?", 0.1),
    (r"major", 0.05),
    (r"first-ever|first ever", 0.1),
)

# ----------------------------------------------------------------------------- negation

NEGATION = (
    r"not",
    r"n't",
    r"no",
    r"never",
    r"neither",
    r"nor",
    r"none",
    r"nothing",
    r"cannot",
    r"without",
    r"fail(?:s|ed)? to",
    r"lack(?:s|ed)? (?:of )?(?:any )?(?:evidence|effect|benefit|association|link)",
    r"no longer",
    r"did not|does not|do not|is not|are not|was not|were not",
)

# Negation words that do not negate the claim ("not only ... but", "no doubt").
NEGATION_EXCEPTIONS = (
    r"not only",
    r"not just",
    r"no doubt",
    r"whether or not",
    r"not least",
    r"no matter",
    r"nothing but",
    r"no longer than",
    r"none other",
)

# ----------------------------------------------------------------------------- categories

CATEGORY_CUES: dict[str, tuple[str, ...]] = {
    "efficacy": (
        r"effective(?:ness)?(?! (?:as of|from|on|immediately|date|tax|interest|\d|january|february"
        r"|march|april|may|june|july|august|september|october|november|december))",
        r"efficac(?:y|ious)",
        r"works?",
        r"success(?:ful|fully)?(?: rate)?",
        r"results?",
        r"outcomes?",
        r"recover(?:y|ed|s)?",
        r"remission",
        r"relief",
        r"reliev(?:e|es|ed|ing)",
        r"pain",
        r"cartilage|tissue|joints?",
        r"regenerat(?:e|es|ed|ion|ive)",
        r"improvement",
        r"benefits?",
        r"treat(?:s|ed|ing|ment|ments)?",
        r"therap(?:y|ies|eutic)",
        r"cur(?:e|es|ed)",
        r"symptoms?",
        r"reduc(?:e|es|ed|tion)",
        r"improv(?:e|es|ed)",
        r"heal(?:s|ed|ing)?",
        r"respon(?:se|d|ded|ders?)",
        r"surviv(?:al|e|ed|ors?)",
        r"mortality",
        r"risk",
    ),
    # a claim of safety, not any "safe" or "safety": "is safe", "safe for children",
    # "microwave-safe", "no side effects" (a denied warning), "well tolerated"
    "safety": (
        r"(?:is|are|was|were|be|been|being|proven|considered|very|completely|totally|perfectly"
        r"|generally|extremely|remarkably|clinically|found) (?:\w+ )?safe(?:r|st)?"
        r"(?! (?:space|place|spot|way|environment|bet|side|distance|to say|zone|harbou?r))",
        r"safe (?:and (?:effective|well|gentle|natural|painless)|for (?:use|children|kids|adults"
        r"|pregnant|women|men|patients|you|your|everyone|all|daily|long-term|the environment)"
        r"|during pregnancy|treatment|procedure|option|alternative|to (?:use|take|eat|consume))",
        r"(?:microwave|oven|dishwasher|freezer|food|skin|pet|child|kid|baby|reef)[- ]safe",
        r"safety (?:profile|record|data|of (?:the|this|our|these|a)"
        r"|and (?:efficacy|effectiveness))",
        r"side[- ]effects?",
        r"adverse (?:events?|effects?|reactions?)",
        r"complications?",
        r"toxic(?:ity)?|non-?toxic",
        r"harm(?:ful|less)",
        r"dangerous",
        r"well[- ]tolerated|tolerab(?:le|ility)",
        r"non-?invasive|minimally invasive",
        r"contraindicat(?:ed|ions?)",
    ),
    # an appeal to research, data or a named source as support: "studies show", "a 2021
    # systematic review found", "according to the CDC"; not any "data" or "research"
    "evidence": (
        r"(?:stud(?:y|ies)|research|trials?|evidence|data|analys[ie]s|surveys?|experiments?"
        r"|findings|scientists|researchers|reviews?|literature|reports?|statistics|polls?"
        r"|results)(?: (?!that |which |who |to )\w+){0,3} (?:(?:has|have|had|was|were) (?:also )?"
        r"(?:been )?)?"
        r"(?:show(?:s|ed|n)?|found|finds?|suggest(?:s|ed)?|indicate[sd]?|reveal(?:s|ed)?"
        r"|demonstrate[sd]?|prove[sdn]?|confirm(?:s|ed)?|support(?:s|ed)?|report(?:s|ed)?"
        r"|conclude[sd]?|link(?:s|ed)?|observed|estimate[sd]?|documented)",
        r"(?:clinical|randomi[sz]ed|controlled|double[- ]blind|placebo[- ]controlled"
        r"|peer[- ]reviewed|published|observational|cohort|longitudinal|pilot|landmark)"
        r" (?:\w+ )?(?:trials?|stud(?:y|ies)|research|evidence|papers?|data)",
        r"meta-analys[ie]s",
        r"systematic reviews?",
        r"(?:clinically|scientifically|medically) (?:proven|tested|shown|validated|backed)",
        r"(?:evidence|research|science)[- ]based",
        r"proven to",
        r"(?:in|from|by) (?:a|an|one|the|this|that|our|their|two|three|several|recent|new)"
        r" (?:\w+ ){0,3}(?:stud(?:y|ies)|trials?|surveys?|meta-analys[ie]s)",
        r"published in",
        r"peer[- ]reviewed",
        r"according to (?:the |a |an )?(?:new |recent |latest |\d{4} )?(?:researchers|scientists"
        r"|authors|experts|investigators|stud(?:y|ies)|surveys?"
        r"|research|data|reports?|statistics|estimates|figures|analys[ie]s|polls?|census"
        r"|(?:[\w-]+ ){0,3}(?:institute|association|foundation|organi[sz]ation|bureau|agency"
        r"|cent(?:er|re)s?|expo|university|department|ministry|council|society|journal))",
    ),
    # a regulatory status: a regulator named, or approved / cleared / licensed by or for
    # something; not any "approval", "legal" or "compliance"
    "approval": (
        r"fda|ema|mhra|cofepris|tga|health canada|anvisa|pmda|nmpa",
        r"(?:fda|ema|ce)-(?:approved|cleared|registered|authori[sz]ed|marked)",
        r"(?:approv(?:ed|al)|clear(?:ed|ance)|authori[sz](?:ed|ation)|licen[sc]ed|registered"
        r"|certified|regulated) (?:by|with|for (?:use|the treatment|treating|sale|marketing"
        r"|human))",
        r"regulatory (?:approval|clearance|status|authori[sz]ation)",
        r"marketing authori[sz]ation",
        r"ce[- ]mark(?:ed)?",
        r"gmp|cgmp|good manufacturing practices?",
        r"iso \d{4,5}",
        r"(?:hipaa|gdpr|fda|gmp|soc ?2|pci(?:[- ]dss)?)[- ](?:compliant|compliance|certified)",
        r"compliant with (?:the )?(?:\w+ )?(?:regulations?|laws?|act|standards?|hipaa|gdpr)",
    ),
    # a named qualification: board certification, accreditation, a degree, a fellowship,
    # an award; not "expert", "specialist" or "experienced" (degrees: CREDENTIAL_DEGREES)
    "credential": (
        r"board[- ]certified|board certification",
        r"(?:is|are|am|was|were|be|been|being|become|became|fully|nationally|internationally"
        r"|state|double|dual|triple) certified",
        r"certified (?:by|in|as|through|with)",
        r"certified (?:\w+ )?(?:surgeon|physician|doctor|nurse|practitioner|therapist"
        r"|trainer|dietitian|nutritionist|counsel(?:l)?or|specialist|technician|instructor"
        r"|coach|professional|public accountant|financial planner|organic)s?",
        r"(?:hold|holds|held|earned|earns|received|achieved|has|have|with) (?:\w+ ){0,3}"
        r"(?:certifications?|accreditations?|licen[cs]es?|degrees?|diplomas?)",
        r"accredit(?:ed|ation)",
        r"fellowship[- ]trained|fellowship (?:in|at)|completed (?:a |(?:his|her|their) )?"
        r"(?:fellowship|residency)",
        r"residency (?:at|in)",
        r"(?:fellow|diplomate|member) of the (?:\w+ ){0,5}(?:association|academy|college"
        r"|society|board|institute|federation|council)",
        r"diplomate",
        r"(?:associate |assistant |clinical |full )?professor (?:of|at|emeritus)",
        r"graduated (?:\w+ )?from",
        r"award[- ]winning|(?:won|received|awarded|earned|recipient of) (?:\w+ ){0,5}awards?",
        r"licensed (?:\w+ )?(?:physician|doctor|nurse|therapist|psychologist|counsel(?:l)?or"
        r"|pharmacist|dentist|practitioner|acupuncturist|chiropractor|contractor|electrician"
        r"|plumber|attorney|lawyer|professional)s?",
        r"registered (?:nurse|dietitian|pharmacist|psychologist|architect|engineer)s?",
    ),
    # what something costs: a word cue here, or an amount in a currency (claims.py)
    "price": (
        r"free of charge",
        r"(?:at|for|with) no (?:additional |extra |added |hidden )?(?:cost|charge|fees?)",
        r"no (?:additional |extra |hidden )(?:costs?|charges?|fees?)",
        r"(?:for|is|are|completely|totally|always) free\b(?! (?:to (?:choose|decide|ask|leave|use"
        r" any)|from|of))",
        r"free (?:consultations?|shipping|delivery|trial|plan|evaluation|assessment|estimates?"
        r"|quotes?)",
        r"\d+% off",
        r"(?:a|an|the|our|\d+%?) (?:\w+ ){0,2}discount|discounts? (?:offered|available|applies"
        r"|of \d)",
        r"(?:lower|higher|low|high|competitive|reasonable|fair|great|affordable|better|best"
        r"|unbeatable|discounted|reduced|sale|list|retail) (?:[\w-]+ )?(?:prices?|costs?|rates?)",
        r"costs? (?:as low as|less|more|nothing|extra|\$|€|£|¥|\d)",
        r"(?:in)?expensive|costly|cost[- ]effective|affordable|affordability|cheap(?:er|est)?",
        r"(?:covered|paid) by (?:\w+ ){0,2}insurance|insurance (?:\w+ ){0,3}(?:cover(?:s|ed)?"
        r"|pays?|reimburse[sd]?)|(?:accept|accepts|take|takes|bill|bills) (?:\w+ ){0,2}insurance",
        r"(?:offer|offers|with|available) financing|financing (?:is )?available|payment plans?",
    ),
}

# Degrees and post-nominal letters, matched on the sentence as written (case kept), so a
# file named "README.md" is no doctor: "Jane Doe, MD", "a PhD in biology", "M.D."
CREDENTIAL_DEGREES = (
    r"M\.D\.|MD|Ph\.D\.|PhD|D\.O\.|DO|DDS|DMD|DPT|DNP|DC|ND|PharmD|MBBS|FACS|FACP|FRCS"
    r"|FRCP|FAAOS|MPH|MSN|RN|NP|PA-C|CRNA|LCSW|LPC|RD|CPT|CSCS|CPA|CFA|CFP|PMP|MBA"
)

# Relations that link two facts without one producing the other ("because", "works in",
# "depends on", "allows"): no efficacy claim rests on them alone.
NON_EFFECT_RELATIONS = (
    r"because",
    r"since",
    r"due to",
    r"key to",
    r"works? (?:in|for|at|with|on|as)",
    r"depends? on",
    r"allows?|allowing|enables?|enabling",
    r"stop(?:s|ped)?",
    r"changes?",
    r"impacted",
    r"cut",
    r"ensur(?:e|es|ed|ing)",
    r"restores?",
    r"produce[sd]?",
    r"drives?|drive",
)

# Conjunctions that open a subordinate clause ("if it reduces", "because it lowers"): a
# relation inside one is a condition or a reason, not what the sentence claims.
SUBORDINATORS = (
    "if",
    "when",
    "whether",
    "although",
    "though",
    "while",
    "because",
    "since",
    "unless",
)

# Words before "to" that make "<word> to <relation verb>" a claim ("helps to reduce", "shown
# to improve") rather than an infinitive of purpose ("in order to reduce", "a plan to cut").
CLAIM_BEFORE_TO = (
    "help",
    "helps",
    "helped",
    "shown",
    "proven",
    "able",
    "likely",
    "used",
    "found",
    "known",
    "seems",
    "appears",
    "tends",
)

# Verbs that report a finding ("the study showed", "according to"), matched in this order.
REPORTING = (
    r"found",
    r"find",
    r"finds",
    r"finding",
    r"findings",
    r"show",
    r"shows",
    r"showed",
    r"shown",
    r"reveal(?:s|ed)?",
    r"report(?:s|ed)?",
    r"conclude(?:s|d)?",
    r"confirm(?:s|ed)?",
    r"demonstrate(?:s|d)?",
    r"say(?:s)?",
    r"said",
    r"according to",
    r"suggest(?:s|ed)?",
    r"indicate(?:s|d)?",
    r"propose(?:s|d)?",
)

# A claim that its subject is the best, first, only, leading...: a superlative said of the
# subject ("is the first", "one of the best", "the world's largest", "industry-leading"),
# not any "first" or "best" ("first, apply ice", "best practices", "the first step").
_RANKS = (
    r"(?:best|first|only|leading|largest|biggest|greatest|highest|safest|fastest|strongest"
    r"|finest|foremost|premier|top|most (?:advanced|effective|experienced|successful|trusted"
    r"|innovative|comprehensive|respected|qualified|recognized|renowned|popular|reliable"
    r"|accurate|affordable|powerful|complete|sought-after|awarded|prestigious|promising)"
    r"|least (?:invasive|expensive|painful|risky))"
)
_NOT_A_BOAST = (
    r"(?! (?:ways?|practices?|bets?|things?|times?|steps?|places?|parts?|approach|of luck"
    r"|of all|few|couple|half|page|impressions?|questions?|thing|one|ones|of (?:my|our|your)"
    r"|choice for you|option for you|to (?:do|try|start|ask|know|use|consider)))"
)
SUPERLATIVES = (
    r"(?:is|are|was|were|be|been|being|become|becomes|became|remains?|considered|recogni[sz]ed"
    r" as|known as|ranked|rated|voted|named) (?:\w+ly )?(?:(?:considered|recogni[sz]ed as"
    r"|known as|ranked|rated|voted|named) )?(?:one of )?(?:the|our|their|its) (?:world's |nation's"
    r" |country's |region's |state's |city's )?" + _RANKS + r"(?:-\w+)?" + _NOT_A_BOAST,
    r"one of the " + _RANKS + _NOT_A_BOAST,
    r"(?:the|our|its|their) (?:world's|nation's|country's|region's|state's|city's|america's"
    r"|europe's|industry's|market's) " + _RANKS,
    r"(?:world|industry|nation|market|country|category|award)[- ](?:leading|class|renowned"
    r"|famous|first|recogni[sz]ed|winning)",
    r"(?:globally|internationally|nationally) (?:recogni[sz]ed|renowned|acclaimed)",
    r"best[- ](?:in[- ]class|selling|rated|reviewed)|top[- ](?:rated|ranked|notch|tier)",
    r"(?:ranked|rated|voted|named) (?:as )?(?:the )?(?:#|no\.? ?|number )(?:1|one)",
    r"#\s?1(?![\d)])|(?:the )?number one",
    r"first[- ](?:of[- ]its[- ]kind|and only|ever)|only (?:one )?of its kind",
    r"(?:a|an|the|our) leading(?! (?:to|up|cause|causes|the way|role|edge))",
    r"(?:the|our) (?:highest|finest|best|utmost) (?:possible )?(?:quality|standards?|level of care"
    r"|care|service|results)",
    r"unmatched|unparalleled|unrivall?ed|unprecedented|unsurpassed|second to none",
    r"state[- ]of[- ]the[- ]art|cutting[- ]edge",
    r"groundbreaking|ground-breaking|revolutionary|breakthrough|miracle|game[- ]chang(?:ing|er)",
    r"pioneer(?:s|ed|ing)?",
)
# A ranking's label: "Best EV Overall: <name>" (its first words, before a colon)
# or after a name and a dash: "<name> - Best Cruise Insurance"
RANKING_LABEL = (
    r"^best (?!for\b)[^:.]{2,40}:\s*\S|^[^.:]{2,40} - best (?!for\b|of luck)[^.:]{2,40}$"
)

# ----------------------------------------------------------------------------- non-claims

GREETINGS = (
    r"hi",
    r"hello",
    r"welcome",
    r"thank(?:s| you)",
    r"dear",
    r"greetings",
    r"good (?:morning|afternoon|evening)",
    r"congratulations",
)

NAVIGATION = (
    r"read more",
    r"learn more",
    r"click here",
    r"contact us",
    r"call us",
    r"book (?:a|an|your)",
    r"schedule (?:a|an|your)",
    r"subscribe",
    r"sign up",
    r"log ?in",
    r"share (?:this|on)",
    r"next|previous|back to top|home|menu|skip to content",
    r"see (?:also|more|all)",
    r"related (?:posts|articles)",
    r"follow us",
    r"download",
    r"apply now",
    r"get started",
    r"request (?:a|an|your)",
)

# Nouns that make a number a count of something checkable.
COUNT_NOUNS = (
    r"patients?",
    r"participants?",
    r"people",
    r"persons?",
    r"subjects?",
    r"individuals?",
    r"adults?",
    r"children",
    r"kids",
    r"women",
    r"men",
    r"cases?",
    r"studies",
    r"trials?",
    r"papers?",
    r"articles?",
    r"publications?",
    r"procedures?",
    r"treatments?",
    r"surgeries",
    # what a clinic counts when it counts treatments: "2,300 treated knees", "312 eyes"
    r"knees?|hips?|eyes?|shoulders?|spines?|ankles?|elbows?|wrists?",
    r"replacements?|implants?|grafts?",
    r"operations?",
    r"clinics?",
    r"hospitals?",
    r"centers?|centres?",
    r"countries",
    r"doctors?|physicians?|surgeons?",
    r"volunteers?",
    r"respondents?",
    r"infusions?",
    r"injections?",
    r"sessions?",
    r"reviews?",
    r"customers?|clients?",
    r"deaths?",
    r"births?",
    r"visits?",
    r"americans|britons|residents",
)

# The counts a watchdog checks: of patients, people treated, studies and procedures, not
# of reviews, articles or countries (those stay numbers that can change).
COUNTED_PEOPLE_AND_STUDIES = tuple(
    noun
    for noun in COUNT_NOUNS
    if noun
    not in (
        r"reviews?",
        r"articles?",
        r"papers?",
        r"countries",
        r"kids",
        r"clinics?",
        r"hospitals?",
        r"centers?|centres?",
        r"customers?|clients?",
    )
)

# Spelled-out numbers that count as numbers.
NUMBER_WORDS: dict[str, int] = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "dozen": 12,
}

SCALE_WORDS: dict[str, int] = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
    "k": 1_000,
    "m": 1_000_000,
    "bn": 1_000_000_000,
}

# Currency symbols and codes, mapped to ISO 4217 codes.
CURRENCIES: dict[str, str] = {
    "$": "USD",
    "us$": "USD",
    "usd": "USD",
    "€": "EUR",
    "eur": "EUR",
    "euros": "EUR",
    "euro": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "pounds": "GBP",
    "¥": "JPY",
    "jpy": "JPY",
    "dollars": "USD",
    "dollar": "USD",
    "cad": "CAD",
    "c$": "CAD",
    "aud": "AUD",
    "a$": "AUD",
    "mxn": "MXN",
    "pesos": "MXN",
    "chf": "CHF",
    "inr": "INR",
    "₹": "INR",
}

# Units written after a number, mapped to their normal spelling.
UNITS: dict[str, str] = {
    "%": "%",
    "percent": "%",
    "per cent": "%",
    "percentage points": "percentage points",
    "mg": "mg",
    "milligrams": "mg",
    "milligram": "mg",
    "g": "g",
    "grams": "g",
    "gram": "g",
    "kg": "kg",
    "kilograms": "kg",
    "kilos": "kg",
    "lb": "lb",
    "lbs": "lb",
    "pounds": "lb",
    "mcg": "mcg",
    "µg": "mcg",
    "μg": "mcg",
    "micrograms": "mcg",
    "ml": "ml",
    "millilitres": "ml",
    "milliliters": "ml",
    "l": "l",
    "litres": "l",
    "liters": "l",
    "iu": "IU",
    "units": "units",
    "mmol": "mmol",
    "mmol/l": "mmol/L",
    "mg/dl": "mg/dL",
    "mg/kg": "mg/kg",
    "mmhg": "mmHg",
    "cm": "cm",
    "mm": "mm",
    "km": "km",
    "miles": "miles",
    "cells": "cells",
    "million cells": "cells",
    "years": "years",
    "year": "years",
    "yrs": "years",
    "months": "months",
    "month": "months",
    "weeks": "weeks",
    "week": "weeks",
    "days": "days",
    "day": "days",
    "hours": "hours",
    "hour": "hours",
    "hrs": "hours",
    "minutes": "minutes",
    "minute": "minutes",
    "mins": "minutes",
    "seconds": "seconds",
    "times": "times",
    "fold": "fold",
    "x": "times",
}

# Words that carry no content: articles, prepositions, conjunctions, pronouns, auxiliaries.
FUNCTION_WORDS = frozenset(
    [
        "a",
        "about",
        "also",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "for",
        "from",
        "had",
        "has",
        "have",
        "how",
        "in",
        "into",
        "is",
        "it",
        "its",
        "may",
        "might",
        "more",
        "most",
        "of",
        "on",
        "or",
        "over",
        "should",
        "than",
        "that",
        "the",
        "then",
        "these",
        "this",
        "those",
        "to",
        "under",
        "was",
        "were",
        "what",
        "when",
        "where",
        "which",
        "who",
        "will",
        "with",
        "would",
    ]
)
# Words after a number that are not its unit.
NOT_UNITS = FUNCTION_WORDS | frozenset(
    [
        "ago",
        "down",
        "each",
        "least",
        "less",
        "must",
        "new",
        "now",
        "off",
        "onto",
        "out",
        "per",
        "today",
        "tomorrow",
        "up",
        "versus",
        "via",
        "vs",
        "yesterday",
    ]
)

# --------------------------------------------------------------------- non-relation sentences

# Where and how a study appears: announcing a publication asserts no relation.
PUBLICATION = (
    r"publish(?:ed|es|ing)?",
    r"journal",
    r"issue of",
    r"online (?:edition|issue|version)",
    r"present(?:s|ed|ing)? (?:at|in|today|this)",
    r"appear(?:s|ed)? in",
    r"conference",
    r"(?:annual|scientific) (?:meeting|sessions?)",
    r"congress",
)

# The study's purpose: what was set out to be learned is not what was found.
AIM = (
    r"aim(?:s|ed)? (?:to|at)",
    r"sought to",
    r"set out to",
    r"wanted to",
    r"designed to",
    r"(?:the )?(?:goal|purpose|objective|aim) (?:of|was|is)",
    r"in order to",
    r"to (?:determine|examine|investigate|assess|evaluate|test|find out|learn|understand|see"
    r"|explore|identify|compare|measure|study)",
    r"will (?:examine|investigate|assess|evaluate|test|study|explore|look|compare|follow|track)",
    r"plan(?:s|ned)? to",
)

# Deontic modality: what ought to be done is a recommendation, not a relation.
DEONTIC = (
    r"should",
    r"must",
    r"ought to",
    r"need(?:s|ed)? to",
    r"recommend(?:s|ed|ing|ation|ations)?",
    r"call(?:s|ed)? for",
    r"urg(?:e|es|ed)",
    r"advis(?:e|es|ed)",
)

# How common something is or how it changed over time: a rate, not a relation between two things.
PREVALENCE = (
    r"prevalence",
    r"incidence",
    r"percent of",
    r"% of",
    r"(?:one|two|three|\d+) (?:in|out of) (?:every )?[\d,]+",
    r"(?:one|two|three|\d+) (?:in|out of) (?:every )?"
    r"(?:three|four|five|ten|\w+ (?:hundred|thousand))",
    r"(?:most|more|less|least) common",
    r"number of",
    r"rates? of",
    r"(?:million|thousands|hundreds) of",
)

# What follows a change verb when it reports a trend ("increased 37% between 1995 and 2008").
TREND_AFTER = (
    r"by \d",
    r"\d",
    r"from \d",
    r"between (?:\d|19|20)",
    r"since",
    r"over (?:the )?(?:past|last|time|\d)",
    r"in recent (?:years|decades)",
    r"steadily",
    r"sharply",
    r"dramatically",
    r"significantly over",
)

# Relations attributed to earlier knowledge: background to the finding, not the finding.
PRIOR_KNOWLEDGE = (
    r"previous(?:ly)?",
    r"prior (?:research|studies|work)",
    r"earlier (?:research|studies|work)",
    r"past (?:research|studies)",
    r"(?:well|long|widely) (?:established|known|recognized|accepted)",
    r"(?:has|have) long been",
    r"it is (?:known|well known|thought|believed)",
    r"(?:has|have) been (?:reported|shown|linked|associated|found|known|thought)",
    r"(?:was|were|is|are) (?:long )?(?:thought|believed) to",
    r"growing (?:body of )?evidence",
    r"common wisdom",
    r"conventional wisdom",
)

# --------------------------------------------------------------------- what a watchdog watches

# A regulatory disclaimer or a stated limit on what a product is for: removing one lets
# the rest of the page claim more. Matched on the lowercased sentence.
DISCLAIMERS = (
    r"not (?:been )?(?:yet )?(?:approved|cleared|authori[sz]ed|licen[sc]ed|evaluated|reviewed)",
    r"(?:has|have) not been (?:approved|cleared|evaluated|reviewed|authori[sz]ed)",
    r"(?:is|are) not (?:fda|ema|mhra)[- ](?:approved|cleared)",
    r"(?:un|non-?)approved",
    r"not intended to (?:diagnose|treat|cure|prevent|replace|be)",
    r"not (?:a substitute|a replacement|meant|intended) for",
    r"(?:for )?research (?:use )?(?:purposes )?only",
    r"for (?:investigational|laboratory|informational|educational) (?:use|purposes) only",
    r"(?:is|are|remains?|considered|still) (?:\w+ )?(?:experimental|investigational)",
    r"(?:experimental|investigational) (?:use|products?|drugs?|devices?|treatments?|therap(?:y|ies)"
    r"|procedures?|medicines?|stem cells?)",
    r"off-label",
    r"results (?:may|can) vary",
    r"individual results",
    r"no guarantee",
    r"not guaranteed",
    r"(?:does|do) not constitute (?:medical )?advice",
    r"not medical advice",
    r"consult (?:your|a|with a) (?:doctor|physician|healthcare|health care|medical)",
)

# A stated risk or warning: what can go wrong, and who must not take it.
WARNINGS = (
    r"side[- ]effects?",
    r"adverse (?:events?|effects?|reactions?)",
    r"complications?",
    r"risks? (?:of|include|includes|associated)",
    r"(?:serious|small|rare|possible|potential|known) risks?",
    r"^\W*(?:warning|caution)\b|(?:a|the|this|our) warning|warnings? (?:about|against|that|for|:)"
    r"|(?:boxed|black[- ]box|health|safety) warnings?",
    r"caution",
    r"contraindicat(?:ed|ions?)",
    r"(?:should|must) not (?:be )?(?:used|taken|use|take|receive)",
    r"do not (?:use|take)",
    r"(?:can|may|might|could) cause",
    r"allerg(?:y|ies|ic reactions?)",
    r"infections?",
    r"bleeding",
    r"death|deaths|fatal",
    r"pregnan(?:t|cy)",
)

# The regulatory status a sentence about a regulator claims, weakest first: under review,
# registered or listed (a facility's paperwork), cleared or authorised (a device's
# 510(k), an emergency use), approved or licensed. "FDA-registered" -> "FDA-approved"
# claims more.
REGULATORY_STATUS: tuple[tuple[str, int], ...] = (
    (r"(?:under|in) (?:\w+ )?review|pending|submitted|awaiting|applied for", 1),
    (r"registered|registration|listed", 2),
    (r"cleared|clearance|authori[sz]ed|authori[sz]ation|ce[- ]mark(?:ed)?", 3),
    (r"approved|approval|licen[sc]ed", 4),
)

# Commitments: what a company says it does or will not do with its users and their data.
# A commitment needs an undertaking (a modal, a negated or restricted action) over an
# action on something of the reader's.
COMMITMENT_ACTIONS = (
    r"access(?:es|ed)?",
    r"use[sd]?",
    r"sell(?:s)?",
    r"sold",
    r"rent(?:s)?",
    r"shar(?:e|es|ed)",
    r"disclos(?:e|es|ed)",
    r"collect(?:s|ed)?",
    r"stor(?:e|es|ed)",
    r"retain(?:s|ed)?",
    r"keep(?:s)?",
    r"transfer(?:s|red)?",
    r"process(?:es|ed)?",
    r"track(?:s|ed)?",
    r"monitor(?:s|ed)?",
    r"delet(?:e|es|ed)",
    r"send(?:s)?",
    r"provid(?:e|es|ed)",
    r"notify|notifies|notified",
    r"inform(?:s|ed)?",
    r"encrypt(?:s|ed)?",
    r"protect(?:s|ed)?",
    r"refund(?:s|ed)?",
    r"charg(?:e|es|ed)",
    r"contact(?:s|ed)?",
    r"ask(?:s|ed)? for",
    r"obtain(?:s|ed)?",
)
COMMITMENT_UNDERTAKINGS = (
    r"will(?: not| never)?",
    r"won't",
    r"shall(?: not)?",
    r"(?:may|can|will|shall) only",
    r"only",
    r"solely",
    r"exclusively",
    r"never",
    r"(?:do|does|did) not",
    r"don't|doesn't",
    r"(?:is|are) not (?:permitted|allowed)",
    r"(?:commit(?:s|ted)?|promise[sd]?|pledge[sd]?|undertake[sd]?|guarantee[sd]?) to",
    r"(?:is|are) committed to",
    r"(?:we|you) may",
    r"we",  # "we delete your data within 30 days": a practice stated is a practice promised
)
# A right the reader is granted over their data or account is a promise too: "you can
# opt out at any time", "you have the right to request deletion".
READER_RIGHTS = (
    r"you (?:can|may|have the right to|are (?:free|entitled|able) to) (?:\w+ )?"
    r"(?:opt(?:-| )out|unsubscribe|withdraw (?:your )?consent|object to"
    r"|request (?:the )?(?:deletion|erasure|a copy|access|correction))",
)
COMMITMENT_OBJECTS = (
    r"your",
    # the reader watched, profiled or billed: "we do not track you"
    r"(?:track(?:s|ed)?|monitor(?:s|ed)?|profil(?:e|es|ed)|target(?:s|ed)?|charg(?:e|es|ed)"
    r"|bill(?:s|ed)?|sell(?:s)?|spam(?:s|med)?) you",
    r"(?:personal|private|customer|user|patient|health|medical) (?:data|information|details)",
    r"data",
    r"information",
    r"privacy",
    r"consent",
    r"permission",
    r"third[- ]part(?:y|ies)",
    r"advertis(?:ers|ing)",
    r"partners",
    r"cookies",
    r"customers?",
    r"users?",
    r"accounts?",
    r"e-?mail addresses",
)
# Words that bind a commitment (each makes the promise protect the reader more) and the
# exceptions that loosen it; the balance of the two is how much a commitment protects.
COMMITMENT_RESTRICTIONS = (
    r"only",
    r"solely",
    r"exclusively",
    r"never",
    r"not",
    r"(?:do|does|did|wo|ca|is|are|was|were|should|would|could|has|have|had)n['’]t",  # "don't"
    r"no",
    r"strictly",
    r"limited to",
    r"prohibit(?:s|ed)?",
    # a right granted binds the writer to honour it: "you can opt out"
    r"you (?:can|may|have the right to|are (?:free|entitled|able) to) (?:\w+ )?"
    r"(?:opt(?:-| )out|unsubscribe|withdraw|request|object)",
    # "only with your consent" is one condition, not two
    r"(?:only )?(?:with|upon|after) your (?:\w+ )?(?:consent|permission|approval|authori[sz]ation)",
    r"(?:ask|asks|obtain|obtains|request|requests) (?:for )?your (?:\w+ )?(?:consent|permission)",
)
COMMITMENT_EXCEPTIONS = (
    r"except(?: as| when| where| for| that)?",
    r"unless",
    r"other than",
    r"without (?:your )?(?:\w+ )?(?:consent|permission|notice|notification)",
    r"at (?:our|its) (?:sole )?discretion",
    r"from time to time",
    r"as (?:permitted|required) by (?:applicable )?law",
    r"for any (?:purpose|reason)",
    r"including but not limited to",
    # a promise kept for now only: "we do not currently sell your data"
    r"currently|for now|at present|at (?:this|the present) time|at the moment",
)

# Actions done for the reader: a promise to do them binds when it says "will" or
# "always" and loosens when it says "may", "try to" or "not" ("we may notify you").
PROTECTIVE_ACTIONS = (
    r"notify|notifies|notified",
    r"inform(?:s|ed)?",
    r"delet(?:e|es|ed)",
    r"erase[sd]?",
    r"anonymi[sz]e[sd]?",
    r"encrypt(?:s|ed)?",
    r"protect(?:s|ed)?",
    r"safeguard(?:s|ed)?",
    r"refund(?:s|ed)?",
    r"(?:ask|asks|asked|obtain|obtains|obtained|seek|seeks) (?:for )?your (?:\w+ )?"
    r"(?:consent|permission)",
)
BINDING_MODALS = (r"will", r"shall", r"must", r"always")
PERMISSIVE_MODALS = (
    r"may",
    r"might",
    r"can",
    r"could",
    r"(?:try|tries|aim|aims|strive|strives|endeavou?rs?|seeks?) to",
)

# Qualifiers that narrow a claim's reach: dropping one makes the claim say more.
LIMITATIONS = (
    r"only",
    r"in (?:some|certain|selected|a few) \w+",  # "in some patients", "in certain cases"
    r"some (?:\w+ )?(?:patients|people|cases|individuals|users)",
    r"(?:small|limited) numbers? of",
    r"(?:may|might|could) (?:help|contain|support|reduce|improve)",
    r"(?:in|at) (?:an )?early stages?",
    r"(?:in|at) (?:the )?(?:lab|laboratory|animals?|mice|rats|cell cultures?|vitro)",
    r"in (?:mouse|animal|rodent) (?:models?|studies)",
    r"preliminary",
    r"small (?:study|trial|sample)",
    r"pilot (?:study|trial)",
    r"early[- ]stage",
    r"when (?:used|combined|taken) (?:with|alongside)",
    r"in combination with",
    # a regulator's decision for some people or some place: "approved for adults with",
    # "approved in Mexico"
    r"(?:approved|cleared|licen[sc]ed|authori[sz]ed) for (?:use in )?(?:adults|children"
    r"|adolescents|women|men|people|patients|use) (?:with|over|under|aged|who|in)",
    r"(?:approved|cleared|licen[sc]ed|authori[sz]ed) in (?!the\b|\d)[a-z]+",
    r"for up to",
    r"temporar(?:y|ily)",
    r"short[- ]term",
)

# ------------------------------------------------------------------------ how often, how many

# Words that place a claim on the scale from none (0) to all (5): how often it happens or
# how many it happens to. "rare" -> "never" and "most" -> "all" claim more; a claim about a
# harm claims more the lower its place ("adverse events were never seen").
FREQUENCY_ADVERBS: tuple[tuple[str, int], ...] = (
    (r"never|not once|at no time", 0),
    (r"hardly ever|rarely|seldom|infrequently|uncommonly", 1),
    (r"occasionally|sometimes|at times|now and then", 2),
    (r"often|frequently|commonly|regularly|repeatedly", 3),
    (r"usually|mostly|generally|typically|normally|in most cases", 4),
    (r"always|invariably|without exception|in (?:all|every) cases?", 5),
)
# adjectives that say how often, read after a copula ("were rare") or before a harm
# ("rare side effects"), never in "a rare disease"
FREQUENCY_ADJECTIVES: tuple[tuple[str, int], ...] = (
    (r"absent|non-?existent", 0),
    (r"(?:very |extremely )?rare|uncommon|infrequent", 1),
    (r"occasional", 2),
    (r"common|frequent", 3),
    (r"universal", 5),
)
# "only" before a harm counted ("only 2% had side effects"): it says few, not a limit
ONLY_BEFORE_HARM: tuple[tuple[str, int], ...] = ((r"only", 1),)
# determiners that say how many, read before people or cases counted or a harm
QUANTIFIERS: tuple[tuple[str, int], ...] = (
    (r"no|none of|not a single|zero", 0),
    (r"(?:very )?few|hardly any|almost no", 1),
    (r"a few|some|several|a minority of|a small number of", 2),
    (r"many|numerous|a lot of", 3),
    (r"most(?: of)?|the majority of|nearly all|almost all|nearly every|almost every", 4),
    (r"all|every|each|all of", 5),
)
# how bad a harm is, read right before it ("a small risk", "serious bleeding"), on the
# same scale: a milder harm, like a rarer one, is a stronger claim of safety
SEVERITIES: tuple[tuple[str, int], ...] = (
    (r"minimal|negligible|slight|mild|minor|small|low", 1),
    (r"moderate", 3),
    (r"serious|severe|major|significant|high|grave|life-threatening|fatal", 4),
)
# people who stand for a whole quantified group on their own
QUANTIFIED_PEOPLE: tuple[tuple[str, int], ...] = (
    (r"no one|nobody|no patient", 0),
    (r"everyone|everybody|every patient", 5),
)
# What can go wrong for the reader: the subject or object of a frequency that makes a
# rarer harm a stronger claim of safety.
HARMS = (
    r"side[- ]effects?",
    r"adverse (?:events?|effects?|reactions?|outcomes?)",
    r"complications?",
    r"infections?",
    r"bleeding",
    r"bruising",
    r"swelling",
    r"scarring",
    r"headaches?",
    r"nausea",
    r"vomiting",
    r"dizziness",
    r"rash(?:es)?",
    r"(?:allergic )?reactions?",
    r"deaths?",
    r"relapses?",
    r"recurrences?",
    r"toxicity",
    r"harms?",
    r"injur(?:y|ies)",
    r"pain",
    r"blisters?|burns|irritation|redness|itching|soreness|discomfort|numbness|cramps?",
    r"fever|insomnia|damage",
    r"dangers?|dying|mortality|fatalit(?:y|ies)",
    r"dangerous|harmful|unsafe|toxic|unhealthy|lethal|deadly",
    r"dizzy|nauseous|nauseated|drowsy|sick|unwell",
    r"risks?(?! factors?)",  # "a small risk", not "common risk factors"
)
# Words that turn a harm into a benefit ("fewer headaches", "relieves pain"): a frequency
# next to them counts the benefit, not the harm.
HARM_REDUCERS = (
    r"less|fewer|lower|reduced|decreased|without|free of|relief",
    r"improv\w*|reliev\w*|resolv\w*|heal\w*|disappear\w*|subsid\w*|eas(?:e|es|ed|ing)",
    r"reduc\w*|decreas\w*|prevent\w*|cur(?:e|es|ed)|treat(?:s|ed|ing)?|eliminat\w*|stop\w*",
    r"help(?:s|ed|ing)?|protect(?:s|ed|ing)?|clear(?:s|ed)?",
    r"slow\w*|halt\w*|limit\w*|control\w*|manag\w*|avoid\w*|minimi[sz]\w*|lessen\w*",
    r"combat\w*|fight\w*|tackl\w*|counter\w*|revers\w*",
    # a remedy's licence names the harm it is for: "approved for insomnia"
    r"(?:\w+-)?(?:approved|cleared|indicated|prescribed|licen[sc]ed)",
    # finding a harm is a benefit too: "cannot predict the risk of complications"
    r"predict\w*|detect\w*|diagnos\w*|identif\w*|screen\w*|spot\w*",
)
