"""Everyday words for the review's technical terms, so a reader's question finds the review's wording.

"How do cancer cells get into the bloodstream?" shares no word with "… invade into the
circulation", and the embedding model does not close that gap reliably. Each entry below is a
pattern for an everyday phrasing and the term a biomedical text uses for it; a question using
the phrasing is also searched for the term, as one concept (see `Retriever.query`). Entries are
general medical vocabulary, not the review's sentences; an entry whose term the review never
uses is dropped when the retriever loads.
"""

from __future__ import annotations

import re
import re._constants as sre
import re._parser as sre_parse
from collections.abc import Iterable
from dataclasses import dataclass

from .text import terms


def described(does: str, thing: str, within: int = 4) -> str:
    """A pattern for a thing named by what it does or is like: a word starting with one of `does`
    ("swallow", "gobbl") and `thing` ("cells") at most `within` words apart, either way round
    ("germ-swallowing white blood cells", "cells that gobble up debris").

    Readers describe a cell or a molecule rather than name it, in more orders and wordings than
    fixed phrasings list; the two words near each other are what such descriptions share."""
    gap = rf"(?:[\s,-]+[\w']+){{0,{within}}}?[\s,-]+"
    does = rf"(?:\w+-)?(?:{does})\w*"
    return rf"{does}{gap}(?:{thing})|(?:{thing}){gap}{does}"


# (everyday phrasing as a regular expression in lower case, matched on the lower-cased question on
# word boundaries; term)
PHRASINGS: tuple[tuple[str, str], ...] = (
    # Where cancer goes and how
    (r"blood[- ]?streams?", "circulation"),
    (r"(?:new|growing|grow|form|forming|sprouting) (?:new )?blood vessels?", "angiogenesis"),
    (r"blood vessel (?:growth|formation)|blood supply", "angiogenesis"),
    (r"(?:cells? )?lining (?:of )?(?:the )?(?:tumou?r )?(?:blood )?vessels?", "endothelial cells"),
    (r"vessel linings?|vessel walls?", "endothelial cells"),
    (r"lymph (?:vessels?|system|channels?)", "lymphatic vessels"),
    (r"(?:secondary|new|daughter) (?:tumou?rs|growths)", "metastases"),
    (r"(?:original|first|starting|initial) tumou?r|original cancer", "primary tumor"),
    (r"spread(?:s|ing)? (?:of )?(?:the )?(?:cancer|tumou?rs?)|cancer spread", "metastasis"),
    (r"(?:break|breaking|broke|broken) (?:away|off|loose)", "detachment"),
    (
        r"(?:get|gets|getting|enter|enters|entering|slip|slips) into (?:the )?(?:blood ?stream|blood vessels?|blood)",
        "intravasation",
    ),
    (
        r"(?:leave|leaves|leaving|exit|exits|exiting|squeeze out of) (?:the )?(?:blood ?stream|blood vessels?|blood)",
        "extravasation",
    ),
    (r"take root|takes root|taking root|set up home", "colonization"),
    (r"sleeping|asleep|inactive|hibernating|lying low", "dormant"),
    (r"(?:come|comes|coming) back|returns? of (?:the )?cancer", "recurrence"),
    (r"outlook|survival chances?|chances? of survival", "prognosis"),
    (r"cancer cells? (?:in|traveling in|travelling in|circulating in) the blood", "circulating tumor cells"),
    (r"clumps?(?: of (?:cancer )?cells)?", "clusters"),
    (r"belly|abdominal cavity|body cavity", "peritoneal"),
    # Cells and what surrounds a tumor
    (r"white blood cells?", "immune cells"),
    (r"(?:scavenger|cleanup|clean-up|cell-eating|garbage) (?:immune )?cells?|big eaters?", "macrophages"),
    (r"connective[- ]tissue cells?|support(?:ing)? cells?|scar[- ]forming cells?", "fibroblasts"),
    (r"(?:stem cells? from (?:the )?|bone[- ]marrow )(?:bone[- ]marrow|stem cells?)", "mesenchymal stem cells"),
    (r"(?:blood )?clotting cells?", "platelets"),
    (r"(?<!natural )killer cells?", "NK cells"),  # "natural killer" is already the NK abbreviation
    (r"killer T cells?", "cytotoxic T cells"),
    (r"suppressor T cells?", "regulatory T cells"),
    (r"(?:tumou?r|cancer)(?:'s)? (?:surroundings|neighbou?rhood|environment)", "tumor microenvironment"),
    (r"surroundings of (?:a|the) tumou?r", "tumor microenvironment"),
    (r"sheet[- ](?:like|forming) cells?|lining cells?|skin[- ]like cells?", "epithelial cells"),
    (r"scaffold(?:ing)?|mesh (?:around|between) cells", "extracellular matrix"),
    # Processes
    (r"self[- ]eating|self[- ]digestion|(?:cell|cellular) recycling", "autophagy"),
    # Not "programmed death ligand 1" nor "programmed cell death protein 1": PD-L1 and PD-1.
    (
        r"cell suicide|self[- ]destruct(?:ion)?|programmed (?:cell )?death(?![\s-]*(?:ligand|receptor|protein|l?1|one)\b)",
        "apoptosis",
    ),
    (r"(?:die|dies|dying|death) (?:when|after|once|from being) (?:detached|cut loose)", "anoikis"),
    (r"stick|sticks|sticking|stickiness|glue|gluing", "adhesion"),
    (r"crawl|crawling|wander|wandering|move|moving|movement", "migration"),
    (r"multiply|multiplies|multiplying", "proliferation"),
    (r"draws? in|brings? in|lures?|calls? in|summon", "recruit"),
    (
        r"(?:hid(?:e|es|ing)|dodg(?:e|es|ing)|evad(?:e|es|ing)|escap(?:e|es|ing)) (?:from )?(?:the )?immune",
        "immune escape",
    ),
    (r"(?:low|lack of|shortage of|starved of) oxygen", "hypoxia"),
    (r"(?:fat|fats|fatty) (?:metabolism|processing|use|burning)", "lipid metabolism"),
    (r"(?:processing|burning|use) of fats?", "lipid metabolism"),
    (r"sugar", "glucose"),
    (r"protein[- ]?(?:cutting|chopping|digesting|dissolving) enzymes?", "proteases"),
    (r"enzymes? that (?:cut|chop|digest|dissolve) proteins?", "proteases"),
    (r"(?:tiny|little|small) (?:bubbles|packages|sacs|parcels)", "extracellular vesicles"),
    (r"chemical (?:messengers?|signals?)|messenger (?:molecules|proteins)", "cytokines"),
    (r"growth signals?", "growth factors"),
    (r"(?:RNAs?|genes?) that (?:do not|don't) (?:code|make) (?:for )?proteins?", "non-coding RNA"),
    # Treatment
    (r"chemo", "chemotherapy"),
    (r"radiation(?: therapy| treatment)?", "radiotherapy"),
    (r"immune[- ](?:based )?(?:therapy|therapies|treatments?|drugs?)", "immunotherapy"),
    (r"brakes? on the immune system|immune brakes?|checkpoint drugs?", "immune checkpoint inhibitors"),
    (r"operations?|surgical removal|(?:cut|cutting|taken|removed) out", "surgery"),
    (r"(?:drug|treatment) trials?|tested in (?:people|patients|humans)", "clinical trials"),
    (r"starv\w* (?:the )?tumou?rs? of blood|blood[- ]vessel[- ]blocking", "anti-angiogenic"),
    # Organs and cancers
    (r"food ?pipe|gullet|o?esophag(?:us|eal)", "esophageal"),
    (r"liver cancer", "hepatocellular carcinoma"),
    (r"bowel cancer|colon cancer", "colorectal cancer"),
    (r"stomach cancer", "gastric cancer"),
    (r"skin cancer", "melanoma"),
    (r"pancreas", "pancreatic"),
    # Steps of metastasis: leaving the tumor, travelling, landing
    (
        r"(?:spread|spreads|spreading|push|pushes|pushing|grow|grows|growing|eat|eats|eating) into "
        r"(?:the )?(?:nearby|surrounding|neighbou?ring|adjacent|healthy|normal) (?:tissues?|organs?|areas?)",
        "invasion",
    ),
    (r"(?:nearby|neighbou?ring|adjacent|nearby healthy) tissues?", "surrounding tissues"),
    (
        r"(?:break|breaks|breaking|broke|bursts?|bursting|punch(?:es|ing)?) through (?:the )?(?:barrier|wall|lining|layer)",
        "basement membrane",
    ),
    (
        r"(?:thin )?(?:layer|sheet|mat) (?:under|beneath|underneath|below) (?:the )?(?:lining|skin cells|surface cells|cells)",
        "basement membrane",
    ),
    (
        r"(?:loosen|loosens|loosening|lose|loses|losing|lost) (?:their |its )?(?:grip|hold|connections?|attachments?|anchor(?:age|ing)?)",
        "adhesion",
    ),
    (r"(?:get|gets|getting|become|becomes|became) (?:stuck|lodged|trapped|wedged)", "adhere"),
    (
        r"other (?:parts|areas|places|organs) of the body|far[- ]away (?:organs?|parts|sites|places)|distant (?:parts|places|body parts)",
        "distant organs",
    ),
    (
        r"scatter(?:s|ed|ing)? (?:cancer |tumou?r )?cells|stray (?:cancer |tumou?r )?cells|(?:cancer|tumou?r) cells? (?:that|which) (?:have|has) (?:escaped|left|spread)",
        "disseminated tumor cells",
    ),
    (
        r"(?:travel(?:s|ling|ing)?|carried|spread(?:s|ing)?|moving|moves) (?:by|through|via|in) (?:the )?blood(?: route)?|blood[- ]borne",
        "hematogenous",
    ),
    (r"(?:through|across|within) (?:the )?(?:belly|abdomen|abdominal cavity|body cavities)", "transcoelomic"),
    (r"(?:tiny|smallest|small|hair[- ]like|microscopic) blood vessels?", "capillaries"),
    (r"walls? of (?:the )?(?:blood )?vessels?|blood vessel walls?", "vascular walls"),
    (r"inner lining of (?:the )?(?:blood )?vessels?|blood vessel lining", "endothelium"),
    (r"leak(?:s|ing|iness)|porous|porosity", "permeability"),
    (
        r"(?:main|functional|working) tissue of (?:an|the) organ|organ(?:'s)? (?:own|functional|working) tissue",
        "parenchyma",
    ),
    (
        r"(?:landing|arrival) (?:site|spot|place)|new (?:site|location|spot|organ) (?:where|that) (?:the )?(?:cancer|tumou?r)",
        "secondary site",
    ),
    (
        r"(?:prepare|prepares|prepared|preparing|prime|primes|primed|priming) (?:the )?(?:soil|ground|landing site|new site|organ)|"
        r"fertile (?:soil|ground)|welcoming (?:spot|place|environment|home)",
        "pre-metastatic niche",
    ),
    (
        r"(?:favou?rite|preferred|chosen) (?:organs?|destinations?|sites?)|organ preference|"
        r"(?:why|how) (?:do |does )?(?:some |certain )?cancers? (?:choose|pick|prefer|favou?r|target)",
        "organotropism",
    ),
    (
        r"(?:tiny|microscopic|invisible|small) (?:spread|secondaries|deposits|metastases|tumou?rs|growths)",
        "micrometastasis",
    ),
    (
        r"(?:grow|grows|growing|grew|develop|develops|developing) into (?:a |an )?(?:visible|detectable|full[- ]blown|large|big|real) (?:tumou?rs?|lumps?|masses|growths|cancer)",
        "metastatic growth",
    ),
    (r"secondaries", "metastases"),
    (
        r"(?:cancers?|tumou?rs?) (?:that|which) (?:has|have|had) (?:already )?spread|spread(?:-out)? cancer",
        "metastatic cancer",
    ),
    (
        r"where (?:the )?(?:cancer|tumou?r) (?:first )?(?:started|starts|began|begins|came from|originated)|site of origin",
        "primary tumor",
    ),
    (
        r"(?:stop|stops|stopping|prevent|prevents|preventing|block|blocks|blocking|halt|halts|halting) (?:the )?(?:cancer |tumou?r )?(?:from )?spread(?:ing)?",
        "anti-metastasis",
    ),
    # Where it spreads to
    (
        r"spread(?:s|ing)? to (?:the )?lungs?|lung (?:spread|secondaries|involvement)|cancer in (?:the )?lungs?",
        "lung metastasis",
    ),
    (
        r"spread(?:s|ing)? to (?:the )?liver|liver (?:spread|secondaries|involvement)|cancer in (?:the )?liver",
        "liver metastasis",
    ),
    (
        r"spread(?:s|ing)? to (?:the )?bones?|bone (?:spread|secondaries|involvement)|cancer in (?:the )?bones?",
        "bone metastasis",
    ),
    (
        r"spread(?:s|ing)? to (?:the )?brain|brain (?:spread|secondaries|involvement)|cancer in (?:the )?brain",
        "brain metastasis",
    ),
    (
        r"spread(?:s|ing)? to (?:the )?(?:lymph )?(?:nodes|glands)|(?:lymph )?(?:node|gland) (?:spread|involvement)|"
        r"(?:cancer|tumou?r) in (?:the )?(?:lymph )?(?:nodes|glands)",
        "lymph node metastasis",
    ),
    (r"lymph glands?|glands? in (?:the )?(?:neck|armpits?|groin)|swollen glands?", "lymph node"),
    (
        r"(?:inside|within) (?:the )?(?:belly|abdomen|abdominal cavity)|lining of the (?:belly|abdomen)",
        "intraperitoneal",
    ),
    (r"(?:behind|at the back of) (?:the )?(?:belly|abdomen|abdominal lining)", "retroperitoneal"),
    (r"(?:outside|beyond) (?:of )?(?:the )?liver", "extrahepatic"),
    (
        r"(?:destroy|destroys|destroying|eat(?:s|ing)? away|dissolv(?:e|es|ing)) (?:the )?bones?|bone (?:destruction|loss|damage|thinning|breakdown)",
        "osteolysis",
    ),
    (
        r"brain(?:'s)? (?:protective )?(?:barrier|shield|wall|filter)|(?:barrier|wall) (?:around|protecting|of) the brain",
        "blood-brain barrier",
    ),
    # Surviving the journey in the blood
    (
        r"(?:force|pressure|stress|turbulence|buffeting|battering|rush) (?:of|from|in) (?:the )?(?:blood ?flow|flowing blood|blood ?stream|circulation)|"
        r"turbulence|(?:torn|ripped|battered) apart",
        "shear force",
    ),
    (
        r"immune (?:patrols?|police|policing|watch|monitoring|checks)|immune system (?:patrols?|watches|monitors|checks)",
        "immune surveillance",
    ),
    (
        r"(?:harsh|hostile|rough|tough|dangerous) (?:journey|trip|ride) (?:through|in) (?:the )?(?:blood|body)",
        "circulation",
    ),
    (
        r"(?:floating|drifting|free[- ]floating|roaming|wandering|travel(?:l)?ing) (?:cancer|tumou?r) cells?|liquid biops(?:y|ies)",
        "circulating tumor cells",
    ),
    (r"shield(?:s|ed|ing)?|armou?r(?:ed)?|bodyguards?", "physical barrier"),
    (r"blood clots?|clotting", "platelets"),
    (r"(?:liquid|fluid) part of (?:the )?blood|blood (?:fluid|liquid)", "plasma"),
    (
        r"disguis(?:e|es|ed|ing)|camouflag(?:e|es|ed|ing)|cloak(?:s|ed|ing)?|invisible to (?:the )?immune(?: system)?|"
        r"(?:fool|fools|fooling|trick|tricks|tricking) (?:the )?immune(?: system)?",
        "immune escape",
    ),
    (
        r"(?:get|gets|getting|being|are|is) (?:killed|destroyed|attacked|eaten) by (?:the )?immune(?: system| cells)?|immune attack",
        "immune killing",
    ),
    # Dormancy, waking and coming back
    (
        r"(?:sleep|hibernation|resting|inactive|hidden) (?:state|phase|period|mode)|sleeps? for (?:years|months|decades|a long time)|"
        r"(?:stay|stays|staying|remain|remains|remaining|lie|lies|lying) (?:hidden|quiet|silent|in wait)|hidden cancer cells",
        "dormancy",
    ),
    (r"wakes? up|waking up|woken up|woke up|reawaken(?:s|ed)?|(?:get|gets|getting) reactivated", "awakening"),
    (r"non[- ]?dividing|not dividing|(?:cells?|tumou?r cells?) (?:idling|at rest)", "quiescent"),
    (
        r"flare[- ]?ups?|(?:cancer|tumou?r) (?:returning|returned|reappear(?:s|ed|ing)?|regrow(?:s|ing|th)?)|regrowth",
        "relapse",
    ),
    # How cancer cells change: EMT, stemness, plasticity
    (
        r"shape[- ]?shift(?:s|ing|er|ers)?|(?:change|changes|changing|changed) (?:their |its )?(?:shape|form|identity|character)|"
        r"(?:become|becomes|becoming) (?:more )?(?:mobile|loose|free to move)",
        "epithelial-mesenchymal transition",
    ),
    (
        r"(?:change|changes|changing|switch|switches|switching|turn|turns|turning) back (?:into|to) (?:sheet|lining|skin)[- ]?(?:like )?cells",
        "MET",
    ),
    (
        r"(?:cell|cells) (?:holding|sticking|stuck|held) together|hold(?:s|ing)? (?:the )?cells together|cell[- ]to[- ]cell glue",
        "E-cadherin",
    ),
    (
        r"ability to move|capacity to move|(?:moving|getting) around|how (?:fast|well) (?:cancer |tumou?r )?cells? move",
        "motility",
    ),
    (r"aggressive (?:cancer|tumou?r)s?|(?:cancer|tumou?r)s? (?:so |more |very )?aggressive", "invasiveness"),
    (r"cancerous", "malignant"),
    (
        r"(?:normal|healthy) cells? (?:turn|turns|turning|become|becomes|becoming) (?:into )?(?:cancer|cancerous|malignant)",
        "transformed",
    ),
    (
        r"cancer formation|how (?:a )?(?:cancer|tumou?r)s? (?:starts?|forms?|begins?|develops?|arises?)|"
        r"(?:start|beginning|birth|origin) of (?:a )?(?:cancer|tumou?r)",
        "tumorigenesis",
    ),
    (r"cancer[- ]causing|causes? of cancer", "carcinogenesis"),
    (
        r"cancer[- ]causing genes?|genes? that (?:cause|causes|drive|drives|promote|promotes) cancer|cancer genes?",
        "oncogene",
    ),
    (
        r"(?:cancer|tumou?r)[- ](?:protecting|protective|blocking|preventing|fighting) genes?|"
        r"genes? that (?:protect against|block|blocks|prevent|prevents|stop|stops|fight|fights) (?:cancer|tumou?rs)|guardian of the genome",
        "tumor suppressor",
    ),
    (
        r"mutations?|mutated|(?:gene|genetic|dna) (?:changes?|mistakes?|errors?|damage|typos?)|(?:changes?|mistakes?|errors?) in (?:the )?(?:genes?|dna)",
        "genetic alteration",
    ),
    (r"unstable (?:dna|genome|genes|chromosomes)|(?:dna|genome|chromosome) instability", "genomic instability"),
    (
        r"genes? (?:being )?(?:switched|turned|silenced) (?:on|off)|(?:switch|switches|switching|turn|turns|turning) (?:on|off) genes?|"
        r"chemical (?:tags?|marks?) on (?:the )?(?:dna|genes)|gene switches",
        "epigenetic",
    ),
    (r"dna (?:tags?|tagging|markings?)|tagging (?:of )?(?:the )?dna", "methylation"),
    (r"dna (?:packaging|spools?)|(?:proteins?|spools?) (?:that|which) (?:package|wrap|pack) (?:the )?dna", "histone"),
    (
        r"master (?:switches|switch|regulators?)|(?:proteins?|factors?) that (?:turn|switch) (?:on|off) genes",
        "transcription factors",
    ),
    (
        r"signal(?:l)?ing (?:chains?|routes?|relays?|circuits?)|signalling pathways?|chains? of signals|"
        r"(?:molecular|chemical) (?:relays?|circuits?|wiring|domino(?:es)?)",
        "signaling pathway",
    ),
    (r"(?:stem[- ]cell|stem)[- ]like (?:properties|qualities|traits|features|state|behaviou?r)", "stemness"),
    (
        r"(?:renew|renews|renewing|copy|copies|copying|regenerate|regenerates|regenerating) (?:itself|themselves)",
        "self-renewal",
    ),
    (
        r"(?:seed|founder|pioneer|ringleader) cells?|cells? that (?:start|starts|seed|seeds|begin|begins|launch|launches|kick off) "
        r"(?:the )?(?:spread|metastasis|metastases|new tumou?rs?)",
        "metastasis initiating cells",
    ),
    (
        r"(?:root|mother|parent|master) cells? of (?:the )?(?:cancer|tumou?r)|(?:cancer|tumou?r) (?:root|mother|parent|master) cells?",
        "cancer stem cells",
    ),
    (
        r"(?:flexible|adaptable|changeable|shape[- ]changing) (?:cancer |tumou?r )?cells?|(?:flexibility|adaptability) of (?:cancer |tumou?r )?cells",
        "plastic",
    ),
    (
        r"(?:differences|diversity|variety|variation) (?:between|among|within|in) (?:the )?(?:cancer |tumou?r )?cells|"
        r"(?:cells?|tumou?rs?) (?:are|being) (?:all )?different|mixed (?:bag|population)",
        "heterogeneity",
    ),
    (r"(?:old|ageing|aging|aged|worn[- ]out) cells?|cell(?:ular)? (?:ageing|aging)", "senescence"),
    (r"dead tissue|tissue death|(?:cells?|tissue) dying from (?:injury|damage|lack of blood)", "necrosis"),
    (
        r"specialis(?:e|es|ed|ing|ation)|(?:become|becomes|becoming) speciali[sz]ed|matur(?:e|es|ing|ation) into",
        "differentiation",
    ),
    (
        r"(?:cell(?:'s)?|cellular) (?:appearance|traits|character|identity|look|personality)|observable traits?",
        "phenotype",
    ),
    (
        r"(?:corrupted|rogue|turncoat|traitor|hijacked|bad|evil|tumou?r[- ]friendly) (?:macrophages|scavenger cells|immune cells|white blood cells)",
        "M2 macrophages",
    ),
    (
        r"(?:switch|switching|flip|flipping|turn|turning) (?:the )?(?:macrophages|scavenger cells) (?:from|into|to)",
        "polarization",
    ),
    # Cells and molecules around the tumor
    (
        r"(?:tumou?r|cancer)[- ](?:helping|supporting|supportive) (?:macrophages|scavenger cells|immune cells)",
        "tumor-associated macrophages",
    ),
    (
        r"(?:tumou?r|cancer)[- ](?:friendly|helping|supporting|supportive) (?:connective[- ]tissue |support(?:ing)? |scar[- ]forming )?cells?|"
        r"(?:corrupted|hijacked|rogue|reprogrammed) (?:connective[- ]tissue|support(?:ing)?|scar[- ]forming) cells?",
        "cancer-associated fibroblasts",
    ),
    (r"(?:tumou?r|cancer)(?:'s)? (?:own )?(?:blood )?vessel (?:cells|lining)", "tumor-associated endothelial cells"),
    (
        r"(?:background|structural|framework|non[- ]?cancer(?:ous)?|normal|healthy) cells (?:in|around|near|surrounding|of) (?:the )?tumou?r",
        "stromal cells",
    ),
    (r"first[- ]responders?|most common white blood cells?|pus[- ](?:forming )?cells?", "neutrophils"),
    (r"(?:dna|sticky) (?:nets?|webs?|traps?)|(?:nets?|webs?) (?:of|made of) (?:sticky )?dna|spider[- ]?webs?", "NETs"),
    (r"(?:immune )?(?:messenger|sentinel|scout|alarm) cells?|antigen[- ]presenting cells?", "dendritic cells"),
    (r"(?:soldier|fighter|warrior|attack|attacking) (?:immune )?(?:t[- ])?cells?", "effector T cells"),
    (r"lymph cells?|t and b cells|b and t cells", "lymphocytes"),
    (
        r"immune cells? (?:inside|within|in|invading|entering) (?:the )?tumou?rs?|tumou?r[- ](?:invading|entering) (?:immune |white blood )?cells?",
        "tumor-infiltrating lymphocytes",
    ),
    (r"immature (?:immune|white blood|myeloid) cells?", "myeloid-derived suppressor cells"),
    (
        r"(?:suppress|suppresses|suppressing|dampen|dampens|dampening|calm|calms|calming|weaken|weakens|weakening|"
        r"switch(?:es|ing)? off|turn(?:s|ing)? off) (?:the )?immune (?:system|response|responses|cells|attack)|immune[- ]suppress(?:ing|ion)",
        "immunosuppressive",
    ),
    (
        r"(?:tired|exhausted|worn[- ]out|burned[- ]out|burnt[- ]out) (?:t[- ]cells?|immune cells?)|"
        r"(?:t[- ]cells?|immune cells?) (?:get|gets|getting|become|becomes|becoming) (?:tired|exhausted|worn out)",
        "T-cell exhaustion",
    ),
    (r"(?:natural|built[- ]in|inborn|first[- ]line) immun(?:ity|e (?:defen[cs]es?|system|response|cells))", "innate"),
    (r"(?:learned|learnt|acquired) immun(?:ity|e (?:response|system|defen[cs]es?))", "adaptive"),
    (r"body(?:'s)? (?:own )?defen[cs]es?|(?:natural|own) defen[cs]e system", "immune system"),
    (
        r"(?:train|training|teach|teaching|boost|boosting|harness|harnessing|unleash|unleashing|arm|arming) (?:the )?(?:(?:patient's|body's|your|own) )?immune system",
        "anti-tumor immunity",
    ),
    (r"(?:attack|attacks|attacking) (?:its )?(?:own|itself|the body's own)|self[- ]attack", "autoimmune"),
    (r"germs?|microbes?|disease[- ]causing (?:organisms?|microbes?|bugs)", "pathogens"),
    (r"swelling|inflamed|redness and swelling", "inflammation"),
    (
        r"(?:alarm|alert|danger) (?:signals?|chemicals?|molecules?)|(?:swelling|inflammation)[- ](?:causing|inducing) (?:signals?|chemicals?|molecules?)",
        "inflammatory cytokines",
    ),
    (r"(?:anti[- ]?viral|virus[- ]fighting) (?:signals?|proteins?|messengers?)", "interferon"),
    (
        r"(?:molecular )?(?:flags?|tags?|badges?) (?:that|which) (?:the )?immune (?:system|cells) (?:recogni[sz]es?|sees?|spots?)|foreign (?:flags?|markers?)",
        "antigen",
    ),
    (
        r"(?:show|shows|showing|present|presents|presenting|display|displays|displaying) (?:flags?|tags?|antigens?|pieces) to (?:the )?(?:immune|t[- ]cells?)",
        "antigen presentation",
    ),
    (r"growth[- ](?:promoting|stimulating) (?:signals?|proteins?|hormones?|molecules?)", "growth factors"),
    (
        r"(?:blood[- ]vessel|vessel|vascular) (?:growth )?(?:factors?|signals?)|signals? (?:that|for) (?:grow(?:ing)?|mak(?:e|ing)|build(?:ing)?) (?:new )?blood vessels",
        "vascular endothelial growth factor",
    ),
    (
        r"(?:tumou?r|cancer)[- ]feeding (?:blood )?vessels?|(?:tumou?r|cancer)(?:'s)? own blood supply",
        "vascularization",
    ),
    (
        r"homing signals?|(?:chemical )?attractants?|(?:signals?|molecules?|chemicals?) that (?:attract|draw|guide|lure|pull) (?:immune |cancer |tumou?r )?cells",
        "chemokines",
    ),
    (r"follow(?:s|ing)? (?:a |the )?(?:chemical )?(?:trail|scent|gradient)", "chemotaxis"),
    (
        r"(?:docking|receiving|landing) (?:sites?|stations?|proteins?)|(?:locks?|keyholes?|antennas?|antennae) on (?:the )?cells?",
        "receptor",
    ),
    (r"(?:key|keys) (?:that|which|to) (?:fit|fits|bind|binds|unlock|unlocks)|binding partner molecules?", "ligand"),
    (
        r"(?:release|releases|releasing|pump|pumps|pumping|give off|gives off|giving off|send out|sends out|sending out|churn out|churns out) "
        r"(?:chemicals|substances|proteins|molecules|signals|factors|messengers)",
        "secrete",
    ),
    (
        r"(?:cells? )?(?:talk|talks|talking|chat|chats|chatting|communicat(?:e|es|ing)) (?:to|with) (?:each other|one another|other cells|neighbou?ring cells|nearby cells|surrounding cells)|"
        r"cell[- ](?:to[- ])?cell (?:talk|chat|messaging)",
        "intercellular communication",
    ),
    (
        r"(?:message|messenger|cargo) (?:bubbles|packages|parcels|sacs|capsules)|(?:bubbles|sacs|parcels) (?:released|shed|sent) by (?:cells|tumou?rs)",
        "exosomes",
    ),
    # The scaffold and its breakdown
    (
        r"(?:break|breaks|breaking|broke|broken) down|(?:chew|chews|chewing|eat|eats|eating) (?:away|through)|(?:digest|digests|digesting|dissolve|dissolves|dissolving)",
        "degrade",
    ),
    (r"breakdown|break[- ]down of|breaking[- ]down of|dissolving of|digestion of", "degradation"),
    (
        r"(?:matrix|tissue|collagen|scaffold)[- ](?:eating|chewing|dissolving|digesting|cutting|busting|degrading) enzymes?|"
        r"enzymes? that (?:eat|chew|dissolve|digest|cut|break down|breaks down|degrade) (?:the )?(?:matrix|tissue|collagen|scaffold(?:ing)?|surroundings|barriers?)|"
        r"molecular scissors",
        "matrix metalloproteinases",
    ),
    (
        r"rebuild(?:s|ing)?|reshap(?:e|es|ing)|restructur(?:e|es|ing)|remodell?ing of (?:the )?(?:tissue|scaffold|matrix)|remodelling",
        "remodeling",
    ),
    (
        r"(?:fibres?|fibers?) (?:in|of) (?:the )?(?:skin|tissue|matrix)|(?:main )?structural protein|connective tissue protein",
        "collagen",
    ),
    (
        r"(?:sticky|glue|anchor(?:ing)?|velcro)[- ]?(?:like )?(?:proteins?|molecules?)|molecular velcro",
        "cell adhesion molecules",
    ),
    (r"(?:cell(?:'s)?|internal|inner) skeleton|cytoskeleton", "actin"),
    (
        r"feelers|finger[- ]like (?:projections|extensions|bumps)|(?:cell )?(?:extensions|projections|outgrowths) (?:that|to) (?:push|reach|poke|crawl)",
        "protrusions",
    ),
    # Energy, sugar and fat
    (r"oxygen[- ](?:poor|starved|deprived|depleted)|(?:poorly|badly) oxygenated|suffocat(?:e|es|ed|ing)", "hypoxic"),
    (
        r"(?:burn|burns|burning|break down|breaks down|breaking down|ferment|ferments|fermenting|use|uses|using) (?:of )?(?:sugar|sugars|glucose)|"
        r"sugar[- ](?:burning|breakdown|fermentation|addiction)|(?:breakdown|burning|fermentation) of (?:sugar|glucose)|warburg effect",
        "glycolysis",
    ),
    (
        r"(?:burn|burns|burning|break down|breaks down|breaking down|breakdown of) (?:the )?(?:fats?|fatty acids)",
        "fatty acid oxidation",
    ),
    (
        r"(?:make|makes|making|build|builds|building|produce|produces|producing) (?:new )?(?:fats?|fatty acids)|fat (?:production|making|building)",
        "fatty acid synthesis",
    ),
    (
        r"fat[- ](?:making|producing|building) enzymes?|enzymes? that (?:make|makes|build|builds|produce|produces) fats?",
        "fatty acid synthase",
    ),
    (r"fats|fat molecules|fatty (?:molecules|substances)|oils and fats", "lipid"),
    (
        r"(?:take|takes|taking|suck|sucks|sucking|absorb|absorbs|absorbing) up fats?|fat (?:uptake|absorption|receptor|sensor)",
        "fatty acid receptor",
    ),
    (r"palm (?:oil|fat)", "palmitic acid"),
    (
        r"(?:make|makes|making|build|builds|building|produce|produces|producing) cholesterol|cholesterol (?:production|making|building)",
        "cholesterol biosynthesis",
    ),
    (
        r"(?:fatty|fat|cholesterol)[- ]?(?:rich )?(?:rafts?|patches|platforms|islands) (?:in|on) (?:the )?(?:cell )?membranes?|membrane (?:rafts?|patches|platforms)",
        "lipid rafts",
    ),
    (r"overweight|obese|excess (?:body )?(?:weight|fat)|too much body fat", "obesity"),
    (
        r"fatty (?:food|foods|diet|diets|meals)|(?:fat|fats)[- ](?:rich|heavy|laden) (?:food|foods|diet|diets)|(?:junk|greasy|fried) foods?",
        "high-fat diet",
    ),
    (
        r"(?:how|the way) (?:cancer |tumou?r )?cells? (?:make|get|use|produce) (?:their )?energy|(?:cell(?:ular)?|cancer) (?:energy|fuel) use",
        "metabolism",
    ),
    (
        r"rewir(?:e|es|ed|ing) (?:its |their )?(?:metabolism|energy use|fuel use)|switch(?:es|ing)? fuels?",
        "reprogramming",
    ),
    (r"fuel(?:s|ing|led|ling)?|energy supply|power supply", "energy"),
    (
        r"(?:starv(?:ed|ing|ation)|deprived|lack|shortage) (?:of )?(?:food|nutrients)|(?:food|nutrient) (?:shortage|starvation|scarcity)|starvation",
        "nutrient deprivation",
    ),
    (
        r"free radicals?|(?:damaging|harmful|toxic) (?:oxygen|oxygen molecules)|oxidative damage",
        "reactive oxygen species",
    ),
    (
        r"(?:cell(?:'s)?|cellular|internal|inner) balance|keep(?:s|ing)? (?:things |the cell )?(?:stable|in balance)",
        "homeostasis",
    ),
    (
        r"(?:cell(?:'s)?|cellular) (?:stomach|garbage (?:disposal|bin)|trash (?:can|bin)|recycling (?:bin|centre|center|plant))",
        "lysosome",
    ),
    (
        r"(?:recycle|recycles|recycling|reuse|reuses|reusing) (?:its|their|own) (?:own )?(?:parts|components|contents|proteins)",
        "recycling",
    ),
    (r"two[- ]sided|(?:both )?good and bad|friend (?:or|and) foe|helps? and hurts?", "double-edged sword"),
    # Genes, RNA and lab methods
    (
        r"gene activity|(?:genes?|proteins?) (?:being )?(?:made|produced|switched on|turned on)|(?:how much|how strongly) (?:a |the )?gene",
        "expression",
    ),
    (
        r"(?:ramp|ramps|ramped|ramping|crank|cranks|cranked|cranking|dial|dials|dialled|dialed) up|(?:turn|turns|turned|turning) up (?:the )?(?:activity|production|level|levels|volume)",
        "up-regulation",
    ),
    (
        r"(?:dial|dials|dialled|dialed|tone|tones|toned|toning) down|(?:turn|turns|turned|turning) down (?:the )?(?:activity|production|level|levels|volume)",
        "down-regulation",
    ),
    (
        r"(?:too much|excess|extra) (?:of (?:a |the )?)?(?:protein|gene product)|over[- ]?produc(?:ed|es|ing|tion)|overly active",
        "overexpression",
    ),
    (
        r"(?:silence|silences|silencing|shut down|shuts down|shutting down|switch off|switches off|switching off) (?:a |the )?genes?|gene silencing",
        "knockdown",
    ),
    (
        r"(?:knock|knocks|knocked|knocking) out (?:a |the )?genes?|(?:delete|deletes|deleted|deleting|remove|removes|removed|removing) (?:a |the )?genes?|gene (?:deletion|removal)",
        "knockout",
    ),
    (r"gene[- ]editing|gene scissors|genetic scissors|edit(?:s|ed|ing)? (?:the )?genes?", "CRISPR"),
    (r"(?:tiny|small|micro)[- ]?rnas?", "miR"),
    (r"(?:soak|soaks|soaking|mop|mops|mopping) up (?:micro[- ]?rnas?|small rnas?|tiny rnas?|rnas?)", "sponge"),
    (r"junk (?:dna|rna)|dark matter (?:of the genome|dna|rna)", "non-coding RNA"),
    (
        r"tag(?:s|ged|ging)? for (?:destruction|disposal|breakdown)|(?:destruction|disposal) tags?|kiss of death",
        "ubiquitination",
    ),
    (
        r"(?:read|reads|reading|sequence) (?:the )?(?:dna|genes|genome|rna)|gene (?:reading|profiling|testing)|genetic testing|dna testing",
        "sequencing",
    ),
    (r"biomarkers?|(?:tumou?r|cancer) markers?|tell[- ]?tale (?:signs?|molecules?)", "marker"),
    (r"(?:protein|proteins) (?:profiling|studies|analysis)|study of (?:all )?(?:the )?proteins", "proteomics"),
    (
        r"(?:metabolite|metabolism) (?:profiling|studies|analysis)|study of (?:all )?(?:the )?metabolites",
        "metabolomics",
    ),
    (
        r"(?:lab|laboratory|animal|rodent) (?:studies|study|experiments?|tests?|research|testing)|(?:tested|studied) in (?:mice|animals|the lab)|"
        r"not yet (?:tested )?in (?:humans|people|patients)",
        "preclinical",
    ),
    (r"(?:mouse|mice|rodent) (?:studies|study|experiments?|research)|rodent models?", "mouse model"),
    (
        r"in (?:a |the )?(?:lab dish|petri dish(?:es)?|test tubes?|culture dish(?:es)?)|test[- ]tube (?:studies|experiments)",
        "in vitro",
    ),
    (r"in (?:living|live) (?:animals|organisms|mice|creatures)", "in vivo"),
    # Treatment: drugs and how they are given
    (r"medications?|medicines|meds|pills|tablets", "drugs"),
    (r"(?:anti[- ]?cancer|cancer[- ]fighting|cancer) (?:drugs?|medicines?|medications?|pills?)", "anti-tumor drugs"),
    (r"chemo drugs?|chemotherapy drugs?|chemo medicines?", "chemotherapeutic agents"),
    (
        r"precision (?:medicine|drugs?|treatments?|therap(?:y|ies))|smart drugs?|"
        r"(?:drugs?|medicines?|treatments?) (?:that|which) (?:target|aim at|home in on|go after) (?:specific|particular) (?:genes?|proteins?|molecules?|mutations?)",
        "targeted therapy",
    ),
    (
        r"(?:enzyme|kinase|signal(?:ing)?)[- ]block(?:ing|er|ers) (?:drugs?|pills?|tablets?|medicines?)|"
        r"(?:drugs?|pills?|tablets?|medicines?) (?:that |which )?block(?:s|ing)? (?:enzymes?|kinases?|growth signals?)|kinase blockers?",
        "tyrosine kinase inhibitors",
    ),
    (
        r"(?:lab[- ]made|laboratory[- ]made|man[- ]made|engineered|designer|synthetic) antibod(?:y|ies)|"
        r"antibody (?:drugs?|treatments?|therapy|therapies|medicines?|infusions?)|mab drugs?",
        "monoclonal antibody",
    ),
    (r"blockers?", "inhibitor"),
    (
        r"(?:small|tiny) (?:drug )?molecules? (?:drugs?|pills?)|(?:oral|pill[- ]form|pill) (?:drugs?|medicines?|treatments?)",
        "small molecule",
    ),
    (
        r"(?:release|releases|releasing|lift|lifts|lifting|take off|taking off|remove|removes|removing) (?:the )?(?:immune )?brakes?|"
        r"off[- ]switch(?:es)? (?:on|of|for) (?:the )?(?:immune system|immune cells|t[- ]cells?)",
        "immune checkpoints",
    ),
    (
        r"herbal (?:remed(?:y|ies)|medicines?|treatments?|supplements?|extracts?)|herbs?|"
        r"plant[- ](?:based|derived) (?:compounds?|medicines?|drugs?|remed(?:y|ies)|extracts?)|natural (?:remed(?:y|ies)|medicines?|treatments?|supplements?)|"
        r"traditional (?:chinese )?medicines?|chinese herbs?",
        "natural herbal compounds",
    ),
    (r"thunder god vine|tripterygium", "triptolide"),
    (r"anthocyanins?|berry pigments?|(?:red|purple|blue) (?:plant )?pigments?", "anthocyanidins"),
    (r"orchids?|dendrobium", "gigantol"),
    (
        r"(?:tiny|microscopic|nano[- ]?sized|nanoscale|ultra[- ]?small) (?:particles?|carriers?|capsules?|drug carriers?|delivery vehicles?|robots?|spheres?)|"
        r"nano[- ]particles?",
        "nanoparticles",
    ),
    (r"nano[- ](?:drugs?|medicines?|therap(?:y|ies)|treatments?)|nanodrugs?", "nanomedicine"),
    (r"nanotech|nano[- ]technology", "nanotechnology"),
    (
        r"(?:drug|medicine) (?:delivery|carriers?|transport)|(?:deliver|delivers|delivering|carry|carries|carrying|ferry|ferrying) "
        r"(?:the )?(?:drugs?|medicines?|medication|treatment)|(?:get|gets|getting) (?:the )?(?:drugs?|medicines?) (?:to|into)",
        "delivered",
    ),
    (r"gels?|jelly[- ]like (?:drugs?|implants?|carriers?)|injectable (?:jelly|gels?)", "hydrogel"),
    (r"(?:tiny )?(?:fat|soap|oil)[- ]?(?:like )?(?:bubbles|droplets|balls|spheres)", "micelles"),
    (
        r"acid[- ]?(?:sensitive|triggered|activated)|(?:respond|responds|responding|react|reacts|reacting) to (?:acid|acidity|ph)",
        "pH-responsive",
    ),
    # Treatment: surgery, chemo and radiotherapy schedules
    (r"(?:before|prior to) (?:the )?(?:surgery|operation)|pre[- ]?(?:surgery|surgical|op)", "preoperative"),
    (r"after (?:the )?(?:surgery|operation)|post[- ]?(?:surgery|surgical|op)", "postoperative"),
    (
        r"chemo(?:therapy)? (?:before|prior to) (?:the )?(?:surgery|operation)|(?:shrink|shrinking) (?:the )?tumou?r before (?:surgery|the operation)",
        "neoadjuvant chemotherapy",
    ),
    (
        r"chemo(?:therapy)? after (?:the )?(?:surgery|operation)|(?:extra|follow[- ]up|additional|mop[- ]up|top[- ]up|preventive) (?:chemo(?:therapy)?|treatment) after",
        "adjuvant chemotherapy",
    ),
    (
        r"(?:low|small|lower|gentle)[- ]dose (?:chemo(?:therapy)?|treatment)|(?:frequent|regular|daily|continuous) (?:low[- ]dose )?chemo(?:therapy)?|"
        r"chemo(?:therapy)? little and often",
        "metronomic chemotherapy",
    ),
    (
        r"chemo(?:therapy)? (?:and|plus|with|together with) (?:radiation|radiotherapy|radio)|(?:radiation|radiotherapy) (?:and|plus|with|together with) chemo(?:therapy)?|"
        r"chemo[- ]?radiation",
        "chemoradiotherapy",
    ),
    (
        r"(?:combined|combining|mixed|multiple|several) (?:treatments?|therap(?:y|ies)|drugs|medicines)|(?:drug|treatment) (?:cocktails?|combos?)",
        "combination therapy",
    ),
    (
        r"single[- ](?:drug|agent) (?:treatment|therapy)|(?:one|a single) drug (?:alone|on its own|by itself)",
        "monotherapy",
    ),
    (
        r"(?:initial|go[- ]to|default|front[- ]?line|first[- ]choice) (?:treatments?|therap(?:y|ies)|drugs?|options?)",
        "first-line",
    ),
    (
        r"second[- ](?:choice|option|round)|backup (?:treatments?|drugs?|options?)|(?:after|when|if) (?:the )?first (?:treatment|drug) (?:fails|stops working)",
        "second-line",
    ),
    (r"standard (?:of )?care|usual (?:treatment|care)|routine (?:treatment|care)", "standard regimen"),
    (
        r"(?:comfort|symptom[- ]relief|supportive) (?:care|surgery|treatment)|(?:ease|eases|easing|relieve|relieves|relieving) (?:the )?symptoms|end[- ]of[- ]life care",
        "palliative",
    ),
    (
        r"(?:curative|cure[- ]aimed|cure[- ]intended) (?:surgery|operation)|"
        r"(?:remove|removes|removing|cut out|cutting out) (?:the )?(?:whole|entire|all (?:of )?the) (?:tumou?r|cancer)",
        "radical surgery",
    ),
    (r"(?:curative|cure[- ]aimed|cure[- ]intended) (?:treatment|radiation|radiotherapy)", "radical treatment"),
    (
        r"(?:shrink|shrinks|shrinking|shrank|shrunk) (?:the )?(?:tumou?rs?|cancer)|(?:reduce|reduces|reducing) the size of (?:the )?(?:tumou?rs?|cancer)|tumou?r shrinkage|"
        r"(?:how much|amount of) cancer(?: in the body)?|(?:cancer|tumou?r) (?:load|volume)",
        "tumor burden",
    ),
    (
        r"(?:shrank|shrink|shrinks|shrinking|shrinkage|smaller|response) (?:on|in) (?:the )?(?:ct |mri |pet )?scans?",
        "radiographic responses",
    ),
    (
        r"(?:long[- ]lasting|lasting|sustained|long[- ]term) (?:benefit|remission|control|effect)|(?:stay|stays|stayed|staying) in remission|remission",
        "durable response",
    ),
    (
        r"(?:partial|some) (?:remission|shrinkage)|(?:tumou?r|cancer) (?:partly|partially) (?:shrank|shrunk|shrinks)",
        "partial response",
    ),
    (
        r"(?:respond|responds|responded|responding) (?:well )?to (?:the )?(?:treatment|drugs?|therapy|chemo)|(?:treatment|drug|therapy) (?:worked|works|working)",
        "clinical response",
    ),
    (
        r"keep(?:s|ing)? (?:the )?(?:cancer|disease|tumou?rs?) (?:in check|under control)|(?:cancer|disease) control",
        "control rate",
    ),
    (
        r"(?:stop|stops|stopped|stopping|quit|quits|quitting) (?:working|responding)|"
        r"(?:no longer|doesn't|does not|didn't|did not) (?:work|respond)|(?:immune|unresponsive) to (?:the )?(?:drugs?|treatment|chemo(?:therapy)?)",
        "resistance",
    ),
    (r"(?:treatment|therapy|chemo) (?:fail(?:s|ed)?|(?:doesn't|does not|didn't|did not) work)", "treatment failure"),
    (
        r"(?:unwanted|nasty|harmful) (?:effects|reactions)|toxic (?:effects|reactions)|(?:treatment|drug|chemo)[- ](?:related )?(?:harm|damage)",
        "side effects",
    ),
    (r"poison(?:ous|ing)?|toxic", "toxicities"),
    (
        r"(?:handle|handles|cope with|copes with|put up with|bear|endure|endures) (?:the )?(?:side effects|drugs?|treatments?|chemo(?:therapy)?|doses?)",
        "tolerated",
    ),
    (
        r"team of (?:doctors|specialists)|(?:multiple|several) specialists|tumou?r boards?|several (?:kinds|types) of (?:doctors|specialists)",
        "multidisciplinary",
    ),
    # Drugs by brand or everyday name (generic name as the review spells it)
    (r"doxorubicin|red devil", "Adriamycin"),
    (r"(?:5[- ]?)?fluorouracil", "5-FU"),
    (r"cisplatin|oxaliplatin|platinum[- ]based (?:drugs?|chemo(?:therapy)?)", "platinum"),
    (r"taxol|abraxane", "paclitaxel"),
    (r"gemzar", "gemcitabine"),
    (r"avastin", "bevacizumab"),
    (r"keytruda", "pembrolizumab"),
    (r"opdivo", "nivolumab"),
    (r"tecentriq", "atezolizumab"),
    (r"yervoy", "ipilimumab"),
    (r"gleevec|glivec", "imatinib"),
    (r"nexavar", "sorafenib"),
    (r"iressa", "gefitinib"),
    (r"tarceva", "erlotinib"),
    (r"votrient", "pazopanib"),
    (r"sprycel", "dasatinib"),
    (r"bosulif", "bosutinib"),
    (r"tafinlar", "dabrafenib"),
    (r"mekinist", "trametinib"),
    (r"jakafi|jakavi", "ruxolitinib"),
    (r"actemra|roactemra", "tocilizumab"),
    (r"sylvant", "siltuximab"),
    (r"inlyta", "axitinib"),
    (r"lenvima", "lenvatinib"),
    (r"turalio", "pexidartinib"),
    (r"poteligeo", "mogamulizumab"),
    (r"cozaar|blood pressure (?:drugs?|medicines?|medications?|pills?)", "losartan"),
    # Outcomes, stages and diagnosis
    (
        r"(?:how long|how much longer) (?:do |does |will |can |would |could )?(?:patients? |people |someone |you |they |i )?(?:live|survive)|life expectancy|(?:live|living) longer|lifespan",
        "overall survival",
    ),
    (
        r"(?:time|months?|years?) (?:before|until|without) (?:the )?(?:cancer|disease|tumou?r) (?:grows|gets worse|progresses|worsens|comes back)|"
        r"without (?:the )?(?:cancer|disease) getting worse",
        "progression-free survival",
    ),
    (r"(?:cancer|disease|tumou?r) (?:getting|gets|got|gotten|gets any) worse|worsen(?:s|ing|ed)?", "progression"),
    (
        r"death rates?|(?:number|rate) of deaths|how many (?:people|patients) die|fatal(?:ity|ities)?|deadl(?:y|iness)|lethal(?:ity)?",
        "mortality",
    ),
    (r"(?:die|dies|died|dying|deaths?) (?:of|from|due to|caused by) cancer", "cancer-related deaths"),
    (r"poor (?:outcomes?|survival)|bad (?:outcomes?|sign|news)|worse (?:outcomes?|survival)", "poor prognosis"),
    (
        r"(?:found|detected|picked up|caught|diagnosed) (?:early|late)|(?:getting|being) diagnosed|early detection",
        "diagnosis",
    ),
    (
        r"(?:no|few|hidden|silent|without) (?:warning )?signs(?! of\b)|silent (?:cancer|disease|killer)|(?:no|without) (?:obvious|noticeable) symptoms",
        "insidious",
    ),
    (r"well[- ]?being|daily (?:life|living|functioning)|day[- ]to[- ]day life|living well", "quality of life"),
    (
        r"(?:hasn't|has not|haven't|have not|not yet) spread|still (?:contained|confined|local)|localised|contained (?:cancer|tumou?r)s?",
        "localized",
    ),
    (r"(?:final|terminal|end)[- ]stage|stage (?:4|iv|four)", "advanced"),
    (r"first[- ]stages? (?:cancer|disease|tumou?rs?)|stage (?:1|one)|caught early", "early-stage"),
    (
        r"incurable|untreatable|(?:can't|cannot|can not) be cured|hard to (?:cure|treat)|difficult to (?:cure|treat)",
        "cured",
    ),
    # Cancer types and body parts
    (r"blood cancers?|cancers? of the blood|leukaemia", "leukemia"),
    (r"cancers? of the lymph(?:atic)? (?:system|nodes|glands)|lymph (?:gland|system|node) cancers?", "lymphoma"),
    (
        r"soft[- ]tissue cancers?|connective[- ]tissue cancers?|cancers? of (?:the )?(?:muscle|connective tissue|soft tissue)",
        "sarcoma",
    ),
    (r"(?:aggressive|deadliest|deadly|most aggressive) brain (?:tumou?r|cancer)s?|gbm", "glioblastoma"),
    (r"kidney tumou?rs?|cancers? of the kidneys?", "renal cell carcinoma"),
    (r"cancers? of the (?:cervix|neck of the womb)|cervix cancers?", "cervical cancer"),
    (r"cancers? of the ovar(?:y|ies)|ovar(?:y|ies)", "ovarian"),
    (r"(?:mouth|tongue|gum|lip) cancers?|cancers? of the (?:mouth|tongue|gums?)", "oral cancer"),
    (r"throat cancers?|cancers? of the throat|mouth and throat cancers?", "head and neck"),
    (
        r"(?:nose|nasal|back of the nose) cancers?|cancers? (?:of|at|in|behind) the (?:back of the )?nose",
        "nasopharyngeal carcinoma",
    ),
    (r"(?:spit|saliva) glands?", "salivary"),
    (r"(?:butterfly|neck) gland|gland in the neck", "thyroid"),
    (r"milk (?:ducts?|glands?)|breast (?:ducts?|glands?|tissue)", "mammary"),
    (r"(?:glandular|gland) (?:cancers?|tumou?rs?)|cancers? of (?:a |the )?glands?", "adenocarcinoma"),
    (r"(?:flat|scale[- ]like|scaly) cells?", "squamous"),
    (r"(?:lining|surface|skin[- ]like) cancers?|cancers? of (?:the )?(?:lining|surface) cells", "carcinoma"),
    (r"(?:large|big) solid (?:tumou?rs?|lumps?)|solid (?:lumps?|masses|growths)", "solid tumors"),
    (r"artery (?:to|of) the lungs?|lung arter(?:y|ies)", "pulmonary artery"),
    (r"ldh|lactic acid enzyme", "lactate dehydrogenase"),
)

# Cells, molecules and processes described by what they do or are like ("germ-swallowing white
# blood cells", "the proteins that hold cells together"), mostly as `described` pairs of words.
# Reusable pieces (plain strings, lower case).
_MAC = r"(?:macrophages?|scavenger cells?|big eaters?)"
_TC = r"t[- ](?:cells?|lymphocytes?)"
_CANCER_CELLS = r"(?:cancer|tumou?r) cells?"
_FIBRO = r"(?:fibroblasts?|connective[- ]tissue cells?|support(?:ing)? cells?|scar[- ]forming cells?)"
_BUBBLES = r"(?:tiny |little |small |membrane |fatty |fat |lipid )?(?:bubbles?|blebs?|pouches?|pods?|blobs?|sacs?|envelopes?|packets?|balloons?)"
_GLUE = r"glue|hold|held|bind|stick|stuck|tether|join|fasten|zip|lock|knit|clasp|weld|cement|connect|keep|kept"
_BLOOD_VESSELS = r"(?:blood ?vessels?|blood ?stream|circulation|capillar(?:y|ies)|veins?)"

DESCRIBED: tuple[tuple[str, str], ...] = (
    # Macrophages and their kinds
    (described(r"swallow|engulf|gobbl|devour|phagocyt|gulp", r"(?:white blood |immune )?cells?"), "macrophages"),
    (described(r"eat|swallow|engulf|gobbl|devour|munch|chomp", r"(?:white blood|immune) cells?"), "macrophages"),
    (r"(?:big|large|giant|huge) (?:white blood|immune) cells?", "macrophages"),
    (
        described(
            r"clean|clear|tidy|tidi|mop|sweep|remov|dispos",
            r"debris|dead (?:cells|tissue)|dying cells|cell corpses|cellular (?:debris|waste|garbage|trash)",
            3,
        ),
        "macrophages",
    ),
    (
        rf"(?:(?:tumou?r|cancer)[- ])?(?:pro[- ]?inflammatory|inflammatory|fighting|fighter|killer|killing|attack(?:ing)?|warrior|activated|classically activated|good) (?:type )?{_MAC}|"
        rf"{_MAC} (?:that|which) (?:\w+ ){{0,2}}(?:fight|fights|attack|attacks|kill|kills|destroy|destroys|eat|eats) (?:the )?(?:cancer|tumou?r)",
        "M1 macrophages",
    ),
    (
        rf"(?:wound[- ]healing|healing|repair|tissue[- ]repair|calming|soothing|anti[- ]inflammatory|suppressive|immune[- ]suppressing|peaceful|tolerant) (?:type )?{_MAC}|"
        rf"{_MAC} (?:that|which) (?:\w+ ){{0,2}}(?:heal|heals|repair|repairs|calm|calms|soothe|soothes|dampen|dampens|suppress|suppresses|quiet|quiets)",
        "M2 macrophages",
    ),
    (
        rf"{_MAC} (?:found |living |sitting |lurking )?(?:in|inside|within|around|near|surrounding|infiltrating) (?:the |a )?(?:tumou?rs?|cancers?)",
        "tumor-associated macrophages",
    ),
    (
        rf"{_MAC} (?:that|which) (?:\w+ ){{0,2}}(?:help|helps|support|supports|protect|protects|feed|feeds|aid|aids|assist|assists|nurture|nurtures|serve|serves|side with|sides with|work for|works for) "
        r"(?:the )?(?:tumou?rs?|cancers?|cancer cells|tumou?r cells)",
        "tumor-associated macrophages",
    ),
    (
        rf"(?:signals?|factors?|proteins?|messengers?|molecules?) (?:that|which) (?:\w+ ){{0,2}}(?:recruit|recruits|attract|attracts|summon|summons|call in|calls in|feed|feeds|sustain|sustains|multiply|multiplies|breed|breeds) (?:more )?{_MAC}",
        "CSF1",
    ),
    # Neutrophils and their traps
    (
        described(
            r"rush|race|swarm|flock|flood|hurr|first to arriv|first on the scene|first to respond|arriv",
            r"(?:an |the )?(?:infections?|wounds?|injur(?:y|ies)|cuts?|site of (?:an )?(?:infection|injury))",
            4,
        ),
        "neutrophils",
    ),
    (
        described(r"most common|most abundant|most numerous|commonest", r"(?:white blood|immune) cells?", 3),
        "neutrophils",
    ),
    (described(r"kill|fight|destroy|attack|hunt", r"bacteri(?:a|um)|germs|microbes", 3), "neutrophils"),
    (
        described(
            r"throw|cast|spit|shoot|eject|expel|spew|releas|launch|spray|fling|extrud|unleash",
            r"(?:sticky |dna |web[- ]like |net[- ]like )?(?:nets|webs?)|(?:net|web)[- ]like (?:structures?|traps?)",
            4,
        ),
        "neutrophil extracellular traps",
    ),
    (
        r"(?:neutrophil|white blood cell|immune cell) (?:nets|webs|traps)|(?:nets|webs|traps) (?:made|cast|thrown|released|spun) by (?:neutrophils|white blood cells|immune cells)",
        "neutrophil extracellular traps",
    ),
    (
        described(
            r"trap|snar|ensnar|entangl|wrap",
            r"(?:strands|threads|webs|fibe?res) of dna|dna (?:strands|threads|fibe?res)",
            3,
        ),
        "neutrophil extracellular traps",
    ),
    (described(r"enzymes?|proteases?", r"neutrophils?|pus cells|first[- ]responder cells", 4), "neutrophil elastase"),
    # T cells, NK cells, dendritic cells, MDSCs
    (
        described(
            r"calm|dampen|quiet|restrain|suppress|rein|tame|tami|hold(?:s|ing)? back|police|polici|switch(?:es|ing)? off|turn(?:s|ing)? off|shut(?:s|ting)? down|brak",
            r"(?:other|fellow) (?:immune |t[- ]|white blood )?cells",
            3,
        ),
        "regulatory T cells",
    ),
    (
        r"(?:peace[- ]?keep(?:er|ers|ing)|brake|braking|calming|restraining|dampening|regulating|regulator) (?:t[- ]cells?|t[- ]lymphocytes?|immune cells?|white blood cells?)|"
        r"immune (?:system(?:'s)? )?peace[- ]?keepers?",
        "regulatory T cells",
    ),
    (
        rf"(?:kill(?:er|ing)|cell[- ]killing|cancer[- ]killing|tumou?r[- ]killing|assassin|hit ?man|hunter|destroyer) {_TC}|"
        rf"{_TC} (?:that |which |who )?(?:\w+ ){{0,2}}(?:kill|kills|destroy|destroys|attack|attacks|hunt|hunts|eliminate|eliminates|murder|murders|wipe out|wipes out)",
        "CD8+ T cells",
    ),
    (
        r"(?:immune|white blood|nk) cells? (?:that |which )?(?:\w+ ){0,2}(?:kill|kills|destroy|destroys|poison|poisons|eliminate|eliminates|wipe out|wipes out)|"
        r"(?:cell|cancer|tumou?r)[- ]killing (?:ability|power|capacity|activity|function)|killing (?:power|ability|capacity) of (?:the )?(?:immune|white blood|killer|t|nk)",
        "cytotoxicity",
    ),
    (
        r"(?:innate|inborn|built[- ]in|ready[- ]made|natural[- ]born|first[- ]line) (?:killers?|killer (?:immune )?cells?|assassins?|hit ?men)|"
        r"(?:kill|kills|killing|attack|attacks|attacking|destroy|destroys) (?:\w+ ){0,3}(?:without|with no) (?:\w+ ){0,2}(?:training|priming|prior (?:exposure|contact|sensiti[sz]ation)|being (?:trained|taught|primed|activated)|instructions?)|"
        r"missing[- ]self|(?:missing|lacking|without) (?:their )?(?:id|identity|self) (?:tags?|badges?|cards?|markers?)",
        "NK cells",
    ),
    (
        r"helper t[- ]cells?|(?:t[- ]cells?|immune cells?) (?:that|which) (?:coordinate|coordinates|direct|directs|orchestrate|orchestrates|organi[sz]e|organi[sz]es|boss|bosses|help|helps) (?:the )?(?:other|rest of the) (?:immune |t[- ]|white blood )?cells",
        "CD4",
    ),
    (
        described(
            r"teach|educat|instruct|tutor|alert|warn|tip off|tips off",
            rf"{_TC}|(?:the )?immune system|(?:other )?immune cells|killer cells",
            3,
        ),
        "dendritic cells",
    ),
    (
        rf"(?:show|shows|showing|present|presents|presenting|display|displays|displaying|hand|hands|handing) (?:\w+ ){{0,4}}(?:to|for) (?:the )?(?:{_TC}|killer cells)|"
        r"(?:branch(?:ed|ing|y)|tree[- ]like|star[- ]shaped|spiky|tentacled) (?:immune|white blood) cells?",
        "dendritic cells",
    ),
    (
        described(
            r"immature|unripe|undeveloped|half[- ]?formed|half[- ]?mature",
            r"(?:bone[- ]marrow|myeloid)(?: cells?)?|(?:immune|white blood) cells?",
            4,
        ),
        "myeloid-derived suppressor cells",
    ),
    (
        described(
            r"suppress|dampen|restrain|block|calm|quiet|silenc|weaken|sabotag|disarm",
            r"(?:bone[- ]marrow|myeloid)(?:[- ]derived)? cells?",
            4,
        ),
        "myeloid-derived suppressor cells",
    ),
    (r"t[- ]cell growth (?:factor|signals?|hormone)|growth (?:factor|signals?|hormone) for t[- ]cells", "IL-2"),
    (
        described(
            r"inject|squirt|fire|shoot|spray|deliver",
            r"(?:poison|poisons|toxins?|toxic enzymes?|deadly enzymes?|killing enzymes?|death enzymes?|toxic granules)",
            3,
        ),
        "granzymes",
    ),
    (
        r"(?:hole|pore)[- ](?:punching|poking|forming|making|drilling) (?:proteins?|molecules?)|(?:punch|punches|punching|poke|pokes|poking|drill|drills|drilling) holes",
        "perforin",
    ),
    (
        r"(?:danger|germ|microbe|pathogen|bacteria|infection)[- ](?:sensing|detecting) (?:receptors?|proteins?)|(?:danger|germ|microbe|pathogen) (?:sensors?|detectors?)|"
        r"receptors? (?:that|which) (?:sense|senses|detect|detects|recogni[sz]e|recogni[sz]es) (?:germs|microbes|bacteria|pathogens|danger)",
        "toll-like receptors",
    ),
    # Stem cells, fibroblasts and other stromal cells
    (
        r"(?:stem|adult stem|repair|multipotent|progenitor) cells? (?:that|which) (?:can )?(?:\w+ ){0,2}(?:bone|cartilage|fat|muscle|connective tissue)\b|"
        r"(?:adult|tissue[- ]repair|repair|connective[- ]tissue|stromal|fat[- ]derived|umbilical(?: cord)?) stem cells?",
        "mesenchymal stem cells",
    ),
    (
        described(r"repair|heal|mend|patch", r"(?<!cancer )(?<!tumor )(?<!tumour )stem cells?", 3),
        "mesenchymal stem cells",
    ),
    (
        described(
            r"hijack|corrupt|recruit|reprogram|co[- ]?opt|enslav|activat|brainwash|convert|turn(?:s|ed|ing)? into|groom",
            _FIBRO,
            4,
        ),
        "cancer-associated fibroblasts",
    ),
    (
        rf"{_FIBRO} (?:found |living |sitting )?(?:in|inside|within|around|near|surrounding|infiltrating) (?:the |a )?(?:tumou?rs?|cancers?)",
        "cancer-associated fibroblasts",
    ),
    (
        rf"{_FIBRO} (?:found |living |sitting )?(?:at|in|around|near) (?:the )?(?:metastatic|secondary|new|distant|landing) (?:sites?|tumou?rs?|organs?|growths|deposits)",
        "metastasis-associated fibroblasts",
    ),
    (
        described(
            r"mak|produc|lay|build|spin|deposit|weav|knit|manufactur",
            r"collagen|scar tissue|connective tissue|(?:the )?(?:matrix|scaffold(?:ing)?)",
            2,
        ),
        "fibroblasts",
    ),
    # Platelets
    (described(r"clot|plug|seal|stop|stem|staunch|stanch", r"bleed(?:ing|s)?|wounds?", 3), "platelets"),
    (
        r"(?:tiny|small|little) (?:blood )?(?:cell )?fragments|cell fragments (?:in|of) (?:the )?blood|blood (?:cell )?fragments",
        "platelets",
    ),
    # Vessel linings
    (
        described(
            r"line(?=[sd]?\b)|lining|coat|pave",
            r"(?:the )?(?:inside of (?:the )?)?(?<!lymph )(?<!lymphatic )(?:blood )?(?:vessels?|arter(?:y|ies)|veins?|capillar(?:y|ies))",
            3,
        ),
        "endothelial cells",
    ),
    (
        described(
            r"line(?=[sd]?\b)|lining|coat|pave|form|wall",
            r"lymph(?:atic)? (?:vessels?|channels?|ducts?|capillar(?:y|ies))",
            3,
        ),
        "lymphatic endothelial cells",
    ),
    (
        r"lymph(?:atic)? vessel (?:cells|walls?|linings?)|cells of (?:the )?lymph(?:atic)? (?:vessels?|channels?)",
        "lymphatic endothelial cells",
    ),
    # Cancer cells: stem cells, circulating cells, clusters
    (
        r"stem[- ]like (?:cancer |tumou?r )?cells?|(?:cancer|tumou?r) cells? with stem[- ](?:cell[- ])?like (?:properties|features|traits|qualities)|"
        r"cells? (?:that|which) (?:can )?(?:regrow|re-grow|rebuild|regenerate|repopulate|give rise to) (?:a |the )?(?:whole |entire |new )?(?:tumou?rs?|cancers?)",
        "cancer stem cells",
    ),
    (
        described(r"circulat|travel|float|drift|swim|roam|ride|riding|surf|shed|tumbl|hitchhik", _CANCER_CELLS, 4),
        "circulating tumor cells",
    ),
    (
        described(
            r"travel|mov|circulat|migrat|float|swim|drift|spread|invad|journey|roam",
            r"(?:in )?(?:packs|gangs|teams|bunches|herds|swarms|convoys|rafts|flocks|balls|groups of cells|clumps)",
            3,
        ),
        "clusters",
    ),
    # Epithelial and mesenchymal cells and their markers
    (
        r"cells? (?:that|which) (?:line|lines|cover|covers|coat|coats|form the (?:lining|surface) of) (?:the |our )?(?:organs?|surfaces?|body|skin|glands?|ducts?|gut|intestines?|airways?|breast ducts|milk ducts|insides?)|"
        r"(?:tightly[- ]packed|neatly arranged|orderly|cobblestone|brick[- ]like|well[- ]behaved|stationary|settled|anchored) cells",
        "epithelial cells",
    ),
    (
        r"(?:spindle|spindle[- ]shaped|elongated|stretched[- ]out|loose|loosely (?:packed|connected)|free[- ]moving|free[- ]roaming) cells?",
        "mesenchymal cells",
    ),
    (
        described(
            r"switch|transform|conver|turn|chang|flip|morph",
            r"(?:into |to )?(?:a )?(?:mobile|moving|motile|migratory|roaming|wandering|free[- ]moving|travel(?:l)?ing|invasive|crawling) (?:form|state|type|cells?|mode|phenotype|kind)",
            3,
        ),
        "epithelial-mesenchymal transition",
    ),
    (
        r"(?:from )?(?:stationary|static|settled|fixed|immobile|sedentary|stay[- ]at[- ]home|anchored|sheet[- ]like|well[- ]organi[sz]ed|orderly) (?:cells? )?(?:to|into) (?:mobile|moving|motile|migratory|wandering|roaming|invasive|free[- ]moving|travel(?:l)?ing)",
        "epithelial-mesenchymal transition",
    ),
    (
        described(
            r"revert|switch(?:es|ed|ing)? back|turn(?:s|ed|ing)? back|chang(?:e|es|ed|ing) back|go(?:es|ing)? back|went back|return|revers|flip(?:s|ped|ping)? back|transform(?:s|ed|ing)? back",
            r"(?:their |its )?(?:original|former|old|earlier|previous|initial|stationary|settled|epithelial|sheet[- ]like|lining) (?:form|state|shape|identity|type|selves|self|character)|(?:a |the )?(?:stationary|settled|sheet[- ]like|lining|skin[- ]like) (?:cells?|form|state)",
            3,
        ),
        "MET",
    ),
    (
        r"(?:from )?(?:mobile|moving|motile|migratory|wandering|roaming|invasive|free[- ]moving|travel(?:l)?ing) (?:cells? )?(?:back )?(?:to|into) (?:stationary|static|settled|fixed|immobile|sedentary|anchored|sheet[- ]like|orderly)",
        "MET",
    ),
    (
        r"partial (?:emt|shape[- ]?shift(?:ing)?|transition)|half[- ]?way (?:between|through) (?:the )?(?:two (?:states|forms|types)|shape[- ]?shift(?:ing)?|transition)|"
        r"(?:in[- ]between|hybrid|intermediate) (?:cell )?(?:states?|forms?|phenotypes?) between",
        "hybrid epithelial/mesenchymal",
    ),
    (
        described(
            r"switch|regulator|controller|driver|trigger|conductor|orchestrat|master|mastermind",
            r"(?:the )?shape[- ]?shift(?:ing)?|(?:the )?(?:switch|change|transformation) (?:to|into) (?:a )?(?:mobile|moving|invasive|migratory) (?:form|state|cells?)",
            3,
        ),
        "EMT-TFs",
    ),
    (
        described(_GLUE, r"(?:neighbou?ring|adjacent|nearby) cells", 3)
        + rf"|(?:{_GLUE})\w* (?:\w+ ){{0,2}}cells? (?:\w+ )?(?:together|to each other|to one another|to their neighbou?rs)"
        + rf"|cells? (?:\w+ ){{0,2}}(?:{_GLUE})\w* (?:\w+ )?(?:together|to each other|to one another|to their neighbou?rs)",
        "E-cadherin",
    ),
    (
        described(
            r"los|lost|drop|shed|ditch|switch(?:es|ing)? off|turn(?:s|ing)? off|giv(?:e|es|ing) up|gave up|abandon",
            r"(?:their |its )?(?:cell[- ])?(?:glue|stickiness|velcro)",
            2,
        ),
        "E-cadherin",
    ),
    (
        described(
            r"switch|swap|trad|exchang|replac|chang",
            r"(?:their |its |the )?(?:cell[- ])?(?:glue|adhesion (?:proteins?|molecules?)|sticky (?:proteins?|molecules?))",
            3,
        ),
        "N-cadherin",
    ),
    (r"neural[- ](?:type )?cadherin|nerve[- ]type (?:cadherin|glue)", "N-cadherin"),
    (
        r"intermediate filaments?|(?:skeleton|scaffold(?:ing)?|cytoskeleton|cytoskeletal|framework) proteins? (?:of|in) (?:mesenchymal|moving|mobile|migrating|connective[- ]tissue) cells",
        "vimentin",
    ),
    (
        described(
            r"marker|sign|flag|label|tag|badge|signature|hallmark|telltale",
            r"(?:lining|sheet[- ]like|skin[- ]like|surface|stationary) cells|(?:a |the )?(?:lining|sheet[- ]like|stationary) (?:state|identity|character)",
            3,
        ),
        "epithelial markers",
    ),
    (
        described(
            r"marker|sign|flag|label|tag|badge|signature|hallmark|telltale",
            r"(?:mobile|moving|migrating|roaming|wandering|shape[- ]?shifted|shape[- ]?shifting) (?:cells|state|identity|character)|shape[- ]?shift(?:ing)?",
            3,
        ),
        "mesenchymal markers",
    ),
    # The cell's skeleton, motors and grip
    (
        described(
            r"filament|fibe?r|strand|cable|rope|strut|girder|skeleton|framework|rod",
            r"(?:inside|within) (?:the |a |each )?cells?",
            2,
        ),
        "actin",
    ),
    (
        r"(?:molecular|cell(?:'s)?|cellular|tiny|protein) (?:motors?|engines?|muscles?)|motor proteins?|muscle[- ]like (?:proteins?|fibe?res?|filaments?)|"
        r"(?:contractile|pulling) (?:proteins?|fibe?res?|filaments?|machinery)",
        "myosin",
    ),
    (
        described(
            r"anchor|attach|grip|grab|tether|stick|bind|hook|fasten|dock|latch|clasp|cling|hold",
            r"(?:the )?(?:scaffold(?:ing)?|(?:surrounding |tissue )?matrix|surroundings|tissue scaffold|framework|basement membrane|mesh (?:around|between) (?:the )?cells)",
            4,
        ),
        "integrin",
    ),
    (
        r"(?:molecular|cell(?:'s)?|cellular) (?:feet|hands|hooks|grappling hooks|anchors|grips?|suction cups)",
        "integrin",
    ),
    (
        described(
            r"reach|push|pok|extend|crawl|grab|feel|probe|sprout|stick(?:s|ing)? out",
            r"(?:little |tiny )?(?:arms|legs|feet|fingers|tentacles|spikes|whiskers|antennae)",
            3,
        ),
        "protrusions",
    ),
    (
        r"(?:front|leading edge) and (?:a )?(?:back|rear)(?: end)?|front[- ](?:to[- ])?(?:back|rear) (?:polarity|axis|orientation)",
        "polarization",
    ),
    # Matrix, its proteins and enzymes
    (
        r"(?:cut|cuts|cutting|carve|carves|carving|bore|bores|boring|tunnel|tunnels|tunnell?ing|chew|chews|chewing|dig|digs|digging|blaze|blazes|blazing|clear|clears|clearing) "
        r"(?:a |their |its )?(?:path|way|route|tunnel|passage)s? (?:through|into|out)",
        "matrix metalloproteinases",
    ),
    (
        r"gelatinases?|collagenases?|zinc[- ](?:dependent|containing|based) (?:enzymes?|proteases?)",
        "matrix metalloproteinases",
    ),
    (
        r"(?:rope|cable|cord|string|thread)[- ]like (?:proteins?|fibe?res?|molecules?)|(?:tough|strong|stiff|sturdy|tensile) (?:protein )?(?:fibe?res|ropes|cables|strands)|(?:protein|tissue) (?:ropes|cables|cords)",
        "collagen",
    ),
    (
        described(
            r"proteins?|molecules?|components?|ingredients?|building blocks?",
            r"(?:the )?(?:thin )?(?:sheet|layer|mat|membrane|barrier) (?:under|beneath|below|underneath) (?:the )?(?:lining|skin cells|surface cells|cells|epithelium)",
            4,
        ),
        "laminin",
    ),
    (r"cross[- ]shaped (?:proteins?|molecules?)", "laminin"),
    (r"(?:matrix|scaffold|tissue) glue|glue (?:proteins? )?(?:of|in) the (?:matrix|scaffold)", "fibronectin"),
    (
        r"(?:barrier|wall|fence|floor|foundation|carpet|film|base) (?:that )?(?:sits |lies |lying |sitting )?(?:beneath|under|underneath|below) (?:the |a )?(?:lining|surface layer|skin cells|epithelium|epithelial cells|tissue lining|sheet of cells|layer of cells)|"
        r"(?:first|outer|thin) barrier (?:around|surrounding|holding in|containing) (?:the )?(?:tumou?r|cancer)",
        "basement membrane",
    ),
    (
        described(
            r"mesh|web|network|framework|jelly|gel|goo|filler|cement|latticework|lattice",
            r"(?:between|around|surrounding|outside(?: of)?) (?:the )?cells",
            2,
        ),
        "extracellular matrix",
    ),
    (
        r"(?:material|stuff|substance|goo|jelly|gel|filling|packing|proteins?) (?:between|around|surrounding|outside(?: of)?) (?:the )?cells",
        "extracellular matrix",
    ),
    (
        r"(?:seals?|zippers?|rivets?|stitches|spot welds?) between (?:neighbou?ring |adjacent )?cells|cell[- ](?:to[- ]cell )?(?:seals?|zippers?|junctions?)",
        "tight junction",
    ),
    (
        r"sugar[- ](?:binding|grabbing|sensing) (?:proteins?|molecules?)|proteins? (?:that|which) (?:bind|binds|grab|grabs|stick to|sticks to|recogni[sz]e|recogni[sz]es) sugars?",
        "galectin",
    ),
    # Cytokines, chemokines, growth factors
    (
        r"(?:calming|soothing|anti[- ]?inflammatory|inflammation[- ](?:calming|dampening|reducing|quenching|resolving)|peace[- ]making) (?:signals?|messengers?|molecules?|proteins?|chemicals?|cytokines?)|"
        r"(?:signals?|messengers?|molecules?|proteins?|chemicals?) (?:that|which) (?:calm|calms|dampen|dampens|quiet|quiets|soothe|soothes|reduce|reduces|turn down|turns down|damp down|damps down) (?:the )?(?:inflammation|swelling)",
        "anti-inflammatory cytokines",
    ),
    (
        r"(?:immune[- ])?(?:suppress(?:ing|ive|or)|inhibitory|silencing|stand[- ]down|switch[- ]off|off) (?:signals?|messengers?|chemicals?|messages?)|"
        r"(?:signals?|messengers?|molecules?|proteins?|chemicals?) (?:that|which) (?:calm|calms|dampen|dampens|quiet|quiets|suppress|suppresses|switch off|switches off|turn off|turns off|shut down|shuts down) (?:the )?(?:immune|t[- ]cells?|killer cells)",
        "inhibitory cytokines",
    ),
    (
        r"(?:signals?|messengers?|molecules?|proteins?|chemicals?) (?:that|which) (?:trigger|triggers|cause|causes|drive|drives|fuel|fuels|stoke|stokes|promote|promotes|spark|sparks|ramp up|ramps up|fan|fans) (?:the )?(?:inflammation|swelling|fever)|"
        r"(?:fever|inflammation)[- ](?:causing|inducing|driving|triggering|promoting) (?:signals?|messengers?|molecules?|proteins?|chemicals?)",
        "inflammatory cytokines",
    ),
    (
        r"messag(?:e|ing)[- ](?:carrying )?(?:proteins?|molecules?|chemicals?)|(?:proteins?|molecules?|chemicals?) (?:that|which) (?:carry|carries|send|sends|pass|passes|relay|relays|deliver|delivers) messages?",
        "cytokines",
    ),
    (
        described(
            r"signal|messag|communicat|talk|chat|whisper|gossip",
            r"(?:between|among) (?:the )?(?:immune|white blood) cells",
            4,
        )
        + r"|(?:immune|white blood) cells? (?:talk|communicate|signal|chat)\w*",
        "cytokines",
    ),
    (
        r"(?:tumou?r|cancer)[- ](?:killing|killer|destroying|melting) (?:factor|protein|signal|cytokine|molecule)",
        "tumor necrosis factor",
    ),
    (
        described(
            r"attract|lure|guide|guiding|steer|beckon|summon|draw|pull|luring",
            r"(?:chemical )?(?:signals?|scents?|beacons?|signposts?|messengers?|trails?|smells?)",
            3,
        ),
        "chemokines",
    ),
    (
        r"(?:chemical )?(?:beacons?|signposts?|breadcrumbs?|scent trails?|gps signals?)|(?:come[- ]here|follow[- ]me|this[- ]way) signals?",
        "chemokines",
    ),
    (
        described(
            r"sens|detect|read|receiv|smell|sniff|catch",
            r"(?:homing|guidance|attractant|beacon|come[- ]here) signals?",
            3,
        ),
        "chemokine receptor",
    ),
    (
        r"(?:proteins?|molecules?|signals?|hormones?|chemicals?) (?:that|which) (?:\w+ ){0,2}(?:make|makes|tell|tells|help|helps|spur|spurs|trigger|triggers|stimulate|stimulates|drive|drives|boost|boosts) (?:the )?cells? (?:to )?(?:grow|divide|multiply)|"
        r"(?:cell )?growth (?:hormones?|fertili[sz]ers?|boosters?|stimulants?)",
        "growth factors",
    ),
    (
        r"(?:receptors?|antennas?|antennae|docking (?:sites?|stations?)|locks?) (?:for|that (?:catch|receive|sense|bind|detect)) (?:the )?growth (?:signals?|factors?|hormones?)|"
        r"growth (?:signal|factor) (?:receptors?|antennas?|antennae|sensors?|detectors?)",
        "growth factor receptor",
    ),
    (
        r"(?:proteins?|molecules?|factors?|chemicals?|hormones?) (?:that|which) (?:\w+ ){0,2}(?:make|makes|build|builds|grow|grows|sprout|sprouts|form|forms|trigger|triggers|stimulate|stimulates|call in|calls in|attract|attracts) (?:new )?(?:blood )?vessels?",
        "VEGF",
    ),
    (
        r"(?:signals?|proteins?|molecules?|factors?|chemicals?) (?:that|which) (?:\w+ ){0,2}(?:make|makes|build|builds|grow|grows|sprout|sprouts|form|forms|trigger|triggers|stimulate|stimulates) (?:new )?lymph(?:atic)? (?:vessels?|channels?)",
        "VEGF-C",
    ),
    # Vesicles and RNA
    (
        described(r"shed|releas|pinch|bud|spit|spew|send|sent|secret|eject|puff|emit|blebb|fir", _BUBBLES, 4),
        "extracellular vesicles",
    ),
    (
        described(
            r"carry|carri|ferr|deliver|ship|smuggl|transport|shuttl",
            r"(?:tiny |little |small |membrane |fatty )?(?:bubbles?|blebs?|sacs?|pouches?|balloons?)",
            3,
        ),
        "extracellular vesicles",
    ),
    (
        r"(?:carry|carries|carrying|ferry|ferries|ferrying|shuttle|shuttles|shuttling|transfer|transfers|transferring|pass|passes|passing|smuggle|smuggles|smuggling|ship|ships|shipping|send|sends|sending) "
        r"(?:rna|dna|genetic material|micro ?rnas?|cargo|proteins and rna|rna and proteins) (?:\w+ )?(?:between cells|to (?:other|distant|nearby|neighbou?ring|faraway|far[- ]away) (?:cells|organs|tissues))",
        "extracellular vesicles",
    ),
    (r"(?:smallest|tiniest|very small|nano[- ]?sized) (?:bubbles|vesicles|sacs|packages|parcels)", "exosomes"),
    (
        r"(?:long|lengthy|large|big)(?:[- ]\w+){0,2} rnas? (?:molecules? |strands? |transcripts? )?(?:that|which) (?:do not|don't|never|can't|cannot|are not|aren't) (?:\w+ )?(?:code|make|encode|translated|become|produce)|"
        r"(?:long|lengthy|large|big) (?:non[- ]?coding|noncoding|junk|regulatory|non[- ]protein[- ]coding) rnas?",
        "long non-coding RNA",
    ),
    # Death, survival and self-eating
    (
        described(
            r"die|death|dying|dead|kill|suicid|self[- ]destruct|perish",
            r"(?:detach\w*|unanchored|unattached|homeless|adrift|(?:cut|come|came|coming|broken|break|breaking|broke) (?:loose|free|away|off)|"
            r"loss of (?:anchorage|attachment|contact|grip)|(?:losing|lose|loses|lost|without) (?:their |its |an? )?(?:anchor\w*|attachments?|grip|footing|moorings?|contact with (?:the )?(?:matrix|scaffold|surroundings|neighbou?rs)))",
            4,
        ),
        "anoikis",
    ),
    (
        described(
            r"surviv|resist|withstand|endur|cheat|escap|avoid|outlast|cope|stay(?:s|ing)? alive|keep(?:s|ing)? alive",
            r"(?:detach\w*|unanchored|unattached|homeless|adrift|(?:cut|come|came|coming|broken|break|breaking|broke) (?:loose|free|away|off)|"
            r"loss of (?:anchorage|attachment|contact|grip)|(?:losing|lose|loses|lost|without) (?:their |its |an? )?(?:anchor\w*|attachments?|grip|footing|moorings?))",
            4,
        ),
        "anoikis resistance",
    ),
    (
        described(
            r"eat|digest|consum|cannibali|devour|chew|dismantl|scrap",
            r"(?:its|their) own (?:parts|insides|innards|components|contents|proteins|organelles|machinery|bits|pieces|body)|itself|themselves",
            2,
        ),
        "autophagy",
    ),
    (
        r"cell(?:ular)? (?:clean[- ]?up|housekeeping|spring[- ]cleaning|garbage collection|waste disposal|trash collection)",
        "autophagy",
    ),
    (
        r"(?:bubbles?|bags?|sacs?|vesicles?|membranes?|pouches?) (?:that|which) (?:wrap|wraps|engulf|engulfs|swallow|swallows|enclose|encloses|surround|surrounds|package|packages|bag|bags) "
        r"(?:up )?(?:the )?(?:cell(?:'s)? )?(?:waste|garbage|junk|trash|rubbish|old parts|damaged parts|worn[- ]out parts|debris)",
        "autophagosomes",
    ),
    (r"(?:cell(?:'s|ular)? )?(?:energy|fuel) (?:sensors?|gauges?|meters?)", "AMPK"),
    (
        r"(?:cell(?:'s|ular)? )?(?:nutrient|food|growth) (?:sensors?|gauges?)|master growth (?:controller|regulator|switch)",
        "mTOR",
    ),
    (
        r"(?:enzymes?|proteins?) (?:that|which) (?:add|adds|attach|attaches|stick|sticks|put|puts) phosphates?|phosphate[- ](?:adding|tagging) enzymes?",
        "kinase",
    ),
    # Vessels: new blood and lymph vessels
    (
        described(
            r"grow|build|sprout|creat|form|mak|develop|recruit|tap|hijack|lay",
            r"(?:its |their )?(?:own )?(?:plumbing|pipework|pipes|supply lines?|vessel network|network of (?:blood )?vessels|vascular network)",
            3,
        ),
        "angiogenesis",
    ),
    (
        r"(?:blood[- ]vessel|vessel) (?:sprouting|branching|budding)|(?:sprouting|branching|budding) of (?:new )?(?:blood )?vessels",
        "angiogenesis",
    ),
    (
        r"(?:grow|grows|growing|growth of|sprout|sprouts|sprouting|build|builds|building|form|forms|forming|formation of|make|makes|making|creat\w*|generat\w*|develop\w*) (?:of )?(?:new|more|extra|additional) lymph(?:atic)? (?:vessels?|channels?|networks?)|"
        r"new lymph(?:atic)? vessel (?:growth|formation)|lymph(?:atic)? vessel (?:growth|formation|sprouting)|lymph(?:atic)? vessels (?:grow|sprout|form|multiply)(?:ing)? (?:in|inside|around|within|near)",
        "lymphatic formation",
    ),
    (
        described(
            r"spread|travel|mov|carried|disseminat|migrat|escap|drain",
            r"(?:through|via|by|in|along) (?:the )?lymph(?:atic)?(?: (?:system|vessels?|channels?|fluid|route|drainage))?",
            3,
        ),
        "lymphatic metastasis",
    ),
    # Steps of the cascade
    (
        described(
            r"squeez|push|slip|forc|bore|burrow|wriggl|penetrat|crawl|sneak|worm|breach|pierc|invad|leak|escap|break|burst|tunnel|seep",
            rf"into (?:the |a )?(?:nearby )?(?:{_BLOOD_VESSELS}|lymph(?:atic)? vessels?)",
            3,
        ),
        "intravasation",
    ),
    (
        described(
            r"squeez|push|slip|forc|bore|burrow|wriggl|penetrat|crawl|sneak|worm|breach|pierc|escap|break|burst|tunnel|seep|climb|leak|exit|leav|migrat|cross|pass|get|got",
            rf"out (?:of|through) (?:the |a )?(?:{_BLOOD_VESSELS}|vessel walls?)",
            3,
        ),
        "extravasation",
    ),
    (
        r"(?:from|out of) (?:the )?(?:blood ?stream|blood|circulation|blood vessels?) (?:into|to) (?:the )?(?:tissues?|organs?|lungs?|liver|bones?|surrounding tissue)",
        "extravasation",
    ),
    (
        described(
            r"settl|colon|establish|set(?:s|ting)? up|found|grow|thriv|build|plant|seed|flourish",
            r"(?:(?:a |the |their )?new (?:home|site|organ|location|place|tissue|territory)|new colon(?:y|ies)|foreign (?:organs?|tissues?|soil|territory|environments?|land)|(?:after|once) (?:they |it )?(?:arrive|arrives|arriving|land|lands|landing))",
            4,
        ),
        "colonization",
    ),
    (
        described(
            r"prepar|prime[sd]?(?!\w)|priming|readi|groom|condition|furnish|fertili|set(?:s|ting)? the stage|lay(?:s|ing)? the groundwork|get(?:s|ting)? ready|mak(?:e|es|ing) ready",
            r"(?:(?:distant|far[- ]away|other|future|new|target|destination) (?:organs?|sites?|tissues?|homes?|destinations?)|(?:the |a )?(?:landing|arrival|destination) (?:site|spot|zone|pad)|(?:the |a )?(?:soil|ground|welcome mat|home))",
            4,
        ),
        "pre-metastatic niche",
    ),
    (
        r"before (?:the )?(?:cancer |tumou?r )?cells? (?:even )?(?:arrive|get there|land|reach)|ahead of (?:the )?(?:cancer |tumou?r )?(?:cells'? )?arrival|"
        r"(?:in advance|ahead of time) of (?:the )?(?:cancer|tumou?r) cells|pav(?:e|es|ed|ing) the way for (?:the )?(?:cancer|tumou?r|spread|metastas[ie]s|incoming|arriving)",
        "pre-metastatic niche",
    ),
    (
        r"seeds? (?:in|on|needing|need|needs|and|landing in|falling on) (?:the )?(?:right |fertile |good |suitable )?(?:soil|ground|garden)|gardening (?:analogy|metaphor|theory)",
        "seed and soil",
    ),
    (
        r"(?:blood flow|circulation|plumbing|anatomy|blood supply) (?:alone )?(?:decide[sd]?|determine[sd]?|dictate[sd]?|explain(?:s|ed)?|predict(?:s|ed)?) (?:where|which organs?)",
        "mechanical metastasis",
    ),
    # Dormancy and awakening
    (
        described(
            r"sleep|slumber|hibernat|nap(?!\w)|naps|napping|lurk|idl|dormant|quiescen|snooz|lie low|lying low|lay low|lie in wait|lying in wait",
            rf"{_CANCER_CELLS}|(?:stray|leftover|left[- ]over|remaining|residual|lingering) (?:cancer |tumou?r )?cells",
            3,
        ),
        "dormancy",
    ),
    (
        described(
            r"(?:come|comes|coming|came) back|reappear|resurfac|return|recur|flare|relaps",
            r"(?:many |several |\d+ |ten |twenty )?(?:years|decades) (?:later|after)",
            5,
        ),
        "dormant",
    ),
    (
        described(
            r"wak|rous|reactivat|stir|reviv|jolt|trigger|kick|spark|rekindl|activat",
            r"(?:sleeping|dormant|resting|quiet|hidden|hibernating|inactive|slumbering) (?:cancer |tumou?r )?cells?",
            4,
        ),
        "awakening",
    ),
    # Immune escape and checkpoints
    (
        described(
            r"hid|dodg|evad|escap|fool|trick|outwit|slip(?:s|ping)? past|sneak(?:s|ing)? past|avoid|elud|blind|deceiv|dupe|outsmart|bypass|get(?:s|ting)? past|disarm|sabotag|slip(?:s|ping)? under",
            rf"(?:the )?(?:immune|body's) (?:defen[cs]es?|cells|attacks?|patrols?|police|radar|guards?|soldiers?|responses?)|(?:the )?(?:killer|white blood|nk) cells|(?:the )?(?:body's )?defen[cs]es|{_TC}",
            4,
        ),
        "immune escape",
    ),
    (
        r"(?:under|below|off) (?:the )?(?:immune )?radar|(?:invisible|unseen|undetected|unnoticed) (?:by|to) (?:the )?(?:immune|body|t[- ]cells|killer)|"
        r"(?:immune system|immune cells?|t[- ]cells?|killer cells?|white blood cells?|body(?:'s)? defen[cs]es?) (?:\w+ ){0,2}(?:doesn't|does not|don't|do not|didn't|did not|fails? to|failed to|can't|cannot|can not|is unable to|are unable to|never) (?:\w+ )?(?:notice|recogni[sz]e|detect|spot|see|find|sense|catch|attack|kill|destroy|eliminate)|"
        r"(?:why|how) (?:doesn't|does not|don't|do not|can't|cannot) (?:the )?(?:immune system|body|t[- ]cells?|immune cells?) (?:\w+ )?(?:notice|recogni[sz]e|detect|spot|see|find|sense|catch|attack|kill|destroy|eliminate|fight)",
        "immune escape",
    ),
    (
        described(
            r"brak|handbrak|off[- ]?switch|off[- ]buttons?|stop signals?|kill[- ]?switch|safety (?:catch|switch|lock)|dimmer|switch(?:es|ing)? off|turn(?:s|ing)? off|shut(?:s|ting)? down|disarm|deactivat|paraly[sz]|tame|taming",
            rf"(?:the )?(?:attacking |killer |tumou?r[- ]fighting )?(?:{_TC}|killer cells|immune cells|immune (?:system|responses?|attack))",
            3,
        ),
        "immune checkpoint",
    ),
    (
        r"(?:do ?n[o']t|please don't|stop|never) (?:attack|kill|eat|shoot|hurt|harm) me|(?:stand[- ]down|back[- ]off|leave[- ]me[- ]alone|i'm[- ]a[- ]friend|i am a friend|friendly) (?:signals?|messages?|flags?|badges?|proteins?|molecules?)|"
        r"pdl1|pd l1|pdl-1|pd-l 1",
        "PD-L1",
    ),
    (r"pd1|pd 1|programmed death (?:receptor|1|one)", "PD-1"),
    (r"ctla4|ctla 4|(?:first|early|earlier|initial|lymph node) (?:brake|checkpoint|off[- ]switch)", "CTLA-4"),
    (
        described(
            r"cut|disabl|jam|break|unlock|unshackl|disengag|releas|lift|remov",
            r"(?:the )?(?:immune |t[- ]cells?'? |cell )?(?:brakes?|handbrakes?)",
            3,
        ),
        "immune checkpoint inhibitors",
    ),
    (
        described(
            r"unleash|unshackl|unblock|reawaken|reinvigorat|rejuvenat|recharg|revitali[sz]|reviv|wak|free(?:s|d|ing)? up|unmuzzl|take(?:s)? the muzzle off",
            r"(?:tired |exhausted |worn[- ]out |sleepy |silenced )?(?:t[- ]cells?|killer cells|immune cells|(?:the )?immune system)",
            3,
        ),
        "immune checkpoint inhibitors",
    ),
    # Treatments
    (
        described(
            r"target|aim|zero(?:s|ing)? in|hom(?:e|es|ing) in|hon(?:e|es|ing) in|lock(?:s|ing)? onto|seek(?:s|ing)? out|hit|pinpoint|go(?:es)? after|going after",
            r"(?:specific|particular|one|a single|exact|faulty|mutated|broken|abnormal|cancer[- ]specific|rogue|overactive) (?:genes?|proteins?|molecules?|mutations?|targets?|faults?|weak (?:spots?|points?)|weaknesses|pathways?)",
            3,
        ),
        "targeted therapy",
    ),
    (
        r"magic bullets?|(?:guided|homing|smart|heat[- ]seeking) missiles?|sniper (?:drugs?|treatments?|therap(?:y|ies))",
        "targeted therapy",
    ),
    (
        r"tinibs?|\w*tinib[- ](?:type |class |family )?drugs?|(?:drugs?|medicines?) (?:ending|that end) in (?:-)?tinib",
        "tyrosine kinase inhibitors",
    ),
    (
        r"(?:drugs?|medicines?) (?:ending|that end) in (?:-)?mab|mabs|(?:cloned|identical|mass[- ]produced|factory[- ]made) antibod(?:y|ies)|(?:identical )?copies of (?:a |one |the same )?(?:single )?antibody",
        "monoclonal antibody",
    ),
    (r"y[- ]shaped (?:proteins?|molecules?)", "antibody"),
)

LAY_TERMS = PHRASINGS + DESCRIBED


@dataclass(frozen=True)
class LayTerm:
    pattern: re.Pattern
    term: str
    # Strings one of which every match contains; None when the pattern gives none.
    anchors: tuple[str, ...] | None = None


def anchors(pattern: str) -> tuple[str, ...] | None:
    """Literal strings one of which every match of `pattern` contains ("break", "broke", "broken"
    for "(?:break|broke|broken) down" would do; " down" is chosen, being in every match). Patterns
    are lower case without inline flags: a case-insensitive group's letters would be no anchors.

    With hundreds of entries, searching each through a question cost half a millisecond, most of
    it on entries that cannot match; a substring test first skips those (see LayVocabulary.found)."""

    def of(items) -> set[str] | None:
        best: set[str] | None = None
        run = ""

        def consider(candidate: set[str] | None) -> None:
            nonlocal best
            if candidate and (best is None or min(map(len, candidate)) > min(map(len, best))):
                best = candidate

        for op, value in list(items) + [(None, None)]:
            if op is sre.LITERAL:
                run += chr(value)
                continue
            consider({run} if run else None)
            run = ""
            if op is sre.SUBPATTERN:
                consider(of(value[3]))
            elif op is sre.BRANCH:
                branches = [of(branch) for branch in value[1]]
                consider(None if any(b is None for b in branches) else set().union(*branches))
            elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and value[0] >= 1:
                consider(of(value[2]))
        return best

    found = of(sre_parse.parse(pattern))
    return tuple(sorted(found)) if found else None


def hyphens_too(pattern: str) -> str:
    """`pattern` with each space outside a character class also matching a hyphen: everyday
    writing joins a phrase's words when it qualifies a noun ("blood-clotting cells", "cancer-fighting
    cells"), and the entries are written with spaces."""
    out, in_class, escaped = [], False, False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == " ":
            char = "[ -]"
        out.append(char)
    return "".join(out)


class LayVocabulary:
    """The entries of LAY_TERMS whose term the review uses, ready to match questions."""

    def __init__(self, known_terms: set[str] | dict[str, float]):
        self.known_terms = known_terms
        patterns = [(hyphens_too(pattern.lower()), term) for pattern, term in LAY_TERMS]
        self.entries = [
            LayTerm(re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])"), term, anchors(pattern))
            for pattern, term in patterns
            if all(t in known_terms for t in terms(term))
        ]
        # Each anchor string, and the entries it is an anchor of; entries without any are always tried.
        self._by_anchor: dict[str, list[int]] = {}
        self._always = [i for i, entry in enumerate(self.entries) if entry.anchors is None]
        for i, entry in enumerate(self.entries):
            for anchor in entry.anchors or ():
                self._by_anchor.setdefault(anchor, []).append(i)

    def phrasings(self, question: str) -> list[tuple[str, str]]:
        """(phrase as the question writes it, the review's term) for each everyday phrasing in it,
        needed or not (see `found` and `glossed`)."""
        folded = fold_quotes(question.lower())
        tried = set(self._always).union(*(ids for anchor, ids in self._by_anchor.items() if anchor in folded))
        out = []
        for entry in (self.entries[i] for i in sorted(tried)):
            match = entry.pattern.search(folded)
            if match:
                out.append((match.group(), entry.term))
        return out

    @staticmethod
    def glossed(question: str, phrasings: list[tuple[str, str]]) -> list[str]:
        """Phrases the question writes as a gloss of their term, "pembrolizumab (Keytruda)" or the
        other way round: the same thing named twice, so the phrase is no word foreign to the review."""
        folded = fold_quotes(question.lower())
        return [
            phrase
            for phrase, term in phrasings
            if re.search(rf"{re.escape(term.lower())}\s*\(\s*{re.escape(phrase)}\s*\)", folded)
            or re.search(rf"{re.escape(phrase)}\s*\(\s*{re.escape(term.lower())}\s*\)", folded)
        ]

    def found(self, question: str, phrasings: list[tuple[str, str]] | None = None) -> list[tuple[str, str]]:
        """The phrasings (see `phrasings`, found again unless given) whose term the question needs.

        A question that already uses the term gets nothing for it, nor does a single word the
        review uses itself: the question's word finds the review's as it is, and the term would
        pull in every passage about it ("fatty" and the review's "high-fat diet")."""
        have = set(terms(question))
        out: list[tuple[str, str]] = []
        for phrase, term in self.phrasings(question) if phrasings is None else phrasings:
            if set(terms(term)) <= have or term in (t for _, t in out):
                continue
            words = phrase.split()
            if len(words) == 1 and all(t in self.known_terms for t in terms(words[0])):
                continue
            out.append((phrase, term))
        return out


def fold_quotes(text: str) -> str:
    """Typographic apostrophes as plain ones, as the phrasings are written."""
    return text.replace("’", "'")


def without_phrases(text: str, phrases: Iterable[str]) -> str:
    """The text with each phrase (matched as whole words, ignoring case) taken out."""
    text = fold_quotes(text)
    for phrase in phrases:
        text = re.sub(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", " ", text, flags=re.I)
    return text
