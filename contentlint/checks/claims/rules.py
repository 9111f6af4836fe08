"""The claim rules: documentation and the examples that must and must not fire."""

from __future__ import annotations

from ...model import Rule, Severity

_DATA = ("claims", "claims_phrases")  # rules/claims.toml (grammar), rules/claims_phrases.toml (phrases)
_SEVERITY = (
    " Severity follows the claim model: an unhedged disease or structure claim for a cosmetic, a supplement "
    "or an unknown product is an error; for a drug, a device or a clinician's procedure a warning; hedged "
    '("may help") one step lower; a quoted clinician one step lower again.'
)

CL401 = Rule(
    code="CL401",
    name="drug-claim",
    category="unsupported-claim",
    severity=Severity.ERROR,
    data_files=_DATA,
    summary="Finds uncited claims that a product or treatment heals, repairs, stimulates, reverses or otherwise "
    "changes the body's structure or function (collagen, cells, circulation, radiance, wrinkles).",
    why="For a cosmetic such a claim is a drug claim (US FDA: a product meant to change the body's structure or "
    "function is a drug); UK ASA/CAP and EU Regulation 655/2013 require evidence held before the claim is made. "
    'Appearance claims ("reduces the appearance of fine lines") and sensory ones ("leaves skin feeling '
    'smoother") are cosmetic claims and are not reported; a hedged body claim is a suggestion.' + _SEVERITY,
    fix='Cite the evidence next to the claim, or reword it as an appearance claim ("helps reduce the '
    'appearance of fine lines").',
    fix_safety="unsafe",
    must_fire=(
        "Microneedling boosts collagen production in weeks.",
        "The cream stimulates cell renewal overnight.",
        "This toner reduces inflammation.",
        "Our night oil reverses the signs of sun damage and ageing.",  # reversal is not softened by "signs of"
        "The mask increases your skin's natural radiance.",
        "This tonic helps your scalp detoxify.",
        "This serum reduces wrinkles.",  # a body claim: the fix inserts "the appearance of"
    ),
    must_not_fire=(
        "This serum reduces the appearance of fine lines.",
        "The cream leaves skin feeling smoother.",
        "Microneedling boosts collagen production (Fabbrocini et al., 2009).",
        "Does microneedling boost collagen? A 2009 study in the Journal of Dermatology found it did [2].",
        "Wear a hat when you garden.",
        "Exfoliation is the process of removing dead skin cells from the surface.",  # a definition
        "Smoking narrows the vessels in your face, reducing blood flow.",  # a cause, not a product
        "Exfoliating once a week removes dead skin cells.",
    ),
)

CL406 = Rule(
    code="CL406",
    name="disease-claim",
    category="unsupported-claim",
    severity=Severity.ERROR,
    data_files=_DATA,
    summary="Finds uncited claims that a product or treatment treats, cures, clears or removes a disease or "
    "condition (acne, eczema, rosacea, scars, stretch marks, hair loss, tooth decay).",
    why='Claiming to treat or prevent disease makes a product a drug under the US FD&C Act (FDA: "Is It a '
    'Cosmetic, a Drug, or Both?"); UK ASA/CAP advice treats such claims as medicinal, which cosmetics may '
    "not make." + _SEVERITY,
    fix='Remove the claim, or describe a cosmetic benefit ("helps reduce the appearance of blemishes") and '
    "cite evidence; a medicine needs its licence to make it.",
    must_fire=(
        "This serum heals acne scars.",
        "Our balm cures eczema in a week.",
        "Alternative remedies may aid this condition.",
    ),
    must_not_fire=(
        "Microneedling does not cure acne.",
        "Acne is a common skin condition that affects most teenagers.",
        "This balm clears acne (Smith et al., 2019).",
        "Join our charity walk to increase awareness of skin cancer.",  # a campaign
        "Heat and spicy food are factors that can trigger rosacea.",  # causes
        "We stock Bright & Clear Acne Pads in two sizes.",  # a product name
        "A biopsy can help experts work out whether a mole is cancer.",  # an idiom
        "This serum may help reduce the appearance of acne scars.",  # appearance wording
        "Tea tree oil treats acne and heals eczema. None of these claims has been proven in trials.",  # disclaimed
        "Botox is a prescription drug used to treat muscle spasms and chronic migraine.",  # an approved medicine
    ),
)

CL402 = Rule(
    code="CL402",
    name="exaggerated-claim",
    category="unsupported-claim",
    severity=Severity.WARNING,
    data_files=_DATA,
    summary="Finds efficacy claims made absolute or exaggerated: intensifiers on an efficacy verb "
    '("considerably improve", "dramatically reduces"), permanence and guarantees ("permanent", "everlasting", '
    '"guaranteed", "miracle", "100%") and timed or instant results ("visible results in 7 days").',
    why="EU Regulation 655/2013 (honesty) and the UK CAP Code forbid presenting a product's performance beyond "
    "its evidence; absolutes are the first thing a regulator or a sceptical reader challenges.",
    fix="Drop the intensifier or absolute, or state the measured effect with its source.",
    must_fire=(
        "Microneedling can considerably improve your skin's healing.",
        "Results are permanent and guaranteed: smoother skin in 7 days.",
        "Book a course for permanent hair reduction.",
        "Visible results in 7 days.",
        "The glow it gives is everlasting.",
    ),
    must_not_fire=(
        "Microneedling can improve the look of your skin.",
        "The clinic is permanently closed on Sundays.",
        "Semi-permanent fillers give natural-looking results.",  # a product category
        "Apply the cream immediately after cleansing.",
    ),
)

CL403 = Rule(
    code="CL403",
    name="unsourced-authority",
    category="unsupported-claim",
    severity=Severity.WARNING,
    data_files=_DATA,
    summary='Finds appeals to authority with no source: "clinically proven", "studies show", "has been shown '
    'to", "dermatologist recommended".',
    why="CAP Code 3.7 and the FTC require the evidence to exist and be competent and reliable; an appeal to "
    "unnamed studies is unverifiable. Regulatory status (FDA-approved) is a different claim, see CL409.",
    fix="Cite the study or guidance (a link, a reference, an author and year), or remove the appeal.",
    must_fire=(
        "Our peptide cream is clinically proven to firm skin.",
        "Studies show that retinol works for everyone.",
        "Green tea has been shown to increase fat burning.",
    ),
    must_not_fire=(
        "Studies show that retinol increases epidermal thickness (Kafi et al., 2007).",
        "Ask a dermatologist which cleanser suits you.",
        "The new serum has not been clinically tested.",  # negated
        "Botox is FDA-approved for frown lines.",  # regulatory status, not an appeal to authority
    ),
)

CL404 = Rule(
    code="CL404",
    name="unsourced-number",
    category="unsupported-claim",
    severity=Severity.WARNING,
    data_files=_DATA,
    summary='Finds percentages and multipliers attached to results ("reduces wrinkles by 47%", "90% of users '
    'saw firmer skin", "60 percent of new mothers get stretch marks") with no source.',
    why="A number makes a claim look measured; the ASA rejects figures without documentary evidence, and "
    "figures from customer surveys presented as objective results.",
    fix="Give the study, its size and method next to the number, or remove the number.",
    must_fire=(
        "This serum reduces wrinkles by 47% in four weeks.",
        "92% of users saw firmer skin.",
        "Nearly 60 percent of new mothers develop stretch marks.",
    ),
    must_not_fire=(
        "Use a sunscreen of SPF 30 or higher.",
        "In a trial of 40 adults, wrinkle depth fell by 12% [3].",
        "Our wash clears breakouts with at least 2 percent salicylic acid.",  # a concentration
    ),
)

CL405 = Rule(
    code="CL405",
    name="testimonial-evidence",
    category="unsupported-claim",
    severity=Severity.WARNING,
    data_files=_DATA,
    summary='Finds customer experience offered as proof of efficacy ("many customers see improvement", '
    '"our clients report clearer skin", before-and-after photos).',
    why="Testimonials are not evidence of efficacy: the FTC treats them as claims the advertiser must "
    "substantiate, and the ASA does not accept subjective feedback as support for objective claims.",
    fix="Support the result with a study, or present the quote as one person's experience.",
    must_fire=(
        "Many customers see improvement after a few sessions.",
        "See our before and after photos from real clients.",
    ),
    must_not_fire=("Many customers ask how often to exfoliate.",),
)

CL407 = Rule(
    code="CL407",
    name="safety-claim",
    category="unsupported-claim",
    severity=Severity.WARNING,
    data_files=_DATA,
    summary='Finds claims that a product or procedure cannot harm: "safe and effective", "no side effects", '
    '"painless", "harm free", "without damaging the surrounding tissue", "chemical-free", "natural, so it is '
    'safe".',
    why="A safety claim is an objective claim like any other: the FTC and CAP Code 3.7 and 12 want evidence "
    'for it, and "natural" or "free from" does not mean safe (EU 655/2013 on free-from claims).',
    fix="Cite the safety data, or state the known side effects, the downtime and who should not use it.",
    must_fire=(
        "Our chemical peel is safe and effective for every skin type.",
        "The treatment is harm free.",
        "This cream has no side effects.",
        "The laser targets the follicle without damaging the surrounding tissue.",
        "Our chemical-free balm suits the whole family.",
        "It is all natural, so it is completely safe.",
        "Injections are practically painless.",
    ),
    must_not_fire=(
        "Ask your doctor about side effects before you start.",
        "No laser treatment is free of risk, so read the consent form.",
        "There is no such thing as a safe tan.",
    ),
)

CL408 = Rule(
    code="CL408",
    name="superlative-claim",
    category="unsupported-claim",
    severity=Severity.WARNING,
    data_files=_DATA,
    summary='Finds comparatives and superlatives about performance: "the most effective", "No. 1", "world\'s '
    'first", "superior to", "the best products for".',
    why="A comparison or a superlative is an objective claim that must be verifiable: CAP Code 3.33-3.38 and the "
    "FTC want evidence of what it is compared with.",
    fix="Name what it is compared with and the evidence, or drop the superlative.",
    must_fire=(
        "Our serum is the most effective on the market.",
        "Britain's #1 hair oil.",
        "Rated the number one hair oil in Britain.",
        "Voted the No. 1 serum by our readers.",
        "Laser removal is superior to waxing.",
    ),
    must_not_fire=(
        "The best way to protect your skin is to stay in the shade.",
        "Our clinic is the first on the left after the bridge.",
        "Shade is the most effective way to protect your skin.",
        "Heart disease is the number one cause of death.",
    ),
)

CL409 = Rule(
    code="CL409",
    name="regulatory-claim",
    category="unsupported-claim",
    severity=Severity.WARNING,
    data_files=_DATA,
    summary='Finds regulatory status claims ("FDA-approved", "FDA-cleared", "US-FDA authorized") that do not say '
    "what the approval covers.",
    why="The FDA approves drugs and clears or authorises devices for named uses, and approves no cosmetic: a "
    "cosmetic called FDA-approved is a false claim (an error), and a device's status must be true for the use "
    "advertised (a suggestion to name it).",
    fix="Name the approval or clearance and what it covers (the indication, a 510(k) number), or remove it.",
    must_fire=(
        "Visit us for a US-FDA authorized treatment.",
        "Our FDA-approved moisturizer hydrates all day.",
    ),
    must_not_fire=(
        "Botox is FDA-approved for frown lines.",
        "The serum is not FDA approved.",
    ),
)

CLAIM_RULES = (CL401, CL406, CL402, CL403, CL404, CL405, CL407, CL408, CL409)
