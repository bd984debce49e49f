"""The milestone a clause is about, from its words (kb.model.milestones lists them): one reader for `kb extract`
(a draft's milestone) and `kb track --suggest` (a claim written before claims named milestones, read from its
`claim` and `quote`).

Each milestone has the words news uses for it; where a clause names several, the most specific
wins, in the order of RULES: "start construction" is construction-start although the clause
also says "build a $2 billion plant" (investment); "sample cells" is sample-production, not the
mass production the same sentence may mention later. A knowledge base's own milestones
(claims/registry/milestones.yaml) are found by their `aliases` first.

Passing: "Construction is scheduled to be completed at the end of 2025" -> construction-complete;
"will reach full production of 27 GWh a year" -> full-production; "Halden has hired 1,150 workers"
-> hiring; "The suspended Kessler project will resume" -> construction-start.
Failing (no milestone): "Sales of electric vehicles grew 4 % last year"; "The plant will make
16 GWh of LFP cells a year and employ 900 people" (a plant described, nothing dated to happen).
"""

from __future__ import annotations

import re

_I = re.IGNORECASE
_PRODUCE = r"(?:produc\w*|production|output|mak(?:e|es|ing)|manufactur\w*)"

# (milestone, pattern), most specific first.
# "[^.;]" in a rule is any character of the clause: a decimal point ("1.2 million square feet") too.
RULES: tuple[tuple[str, re.Pattern], ...] = tuple((name, re.compile(pattern.replace("[^.;]", r"(?:[^.;]|(?<=\d)\.(?=\d))"),
                                                                    _I)) for name, pattern in (
    ("groundbreaking", r"\bbr(?:eak|eaks|oke|eaking)\s+ground\b|\bground[- ]?breaking\b"
                       r"|\bla(?:y|ys|id|ying)\s+the\s+(?:first|foundation|corner)\s*stone\b|\bfoundation[- ]stone\b"
                       r"|\bground\s+(?:will\s+be\s+|was\s+|is\s+(?:to\s+be\s+)?|has\s+been\s+|to\s+be\s+)broken\b"),
    ("construction-complete", r"\bconstruction\b[^.;]{0,100}?\b(?:complet\w*|finish\w*|halfway|done)\b"
                              r"|\b(?:complet\w*|finish\w*)\s+(?:the\s+)?construction\b"
                              r"|\b(?:complet\w*|finish\w*)\s+(?:building|the\s+(?:plant|factory|building|site))\b"
                              r"|\b(?:plant|factory|building|phase|site|facility)\s+(?:will\s+be\s+|is\s+|was\s+|has\s+been\s+)?"
                              r"(?:completed|finished)\b"
                              r"|\bconstruction\b[^.;]{0,60}\b\d+\s*(?:%|percent|per\s+cent)\s+(?:complete|done|finished)\b"
                              r"|\btopping[- ]out\b|\btop(?:ped|s)?\s+out\b|\bcompletion\b|\bhalfway\s+(?:point|mark|built)\b|\bconstruction\b[^.;]{0,60}\bhalf\s+"
                              r"(?:done|built|complete|finished)\b|\b(?:building|shell|structure|buildings)\b[^.;]{0,25}\b"
                              r"(?:was|is|were|are|has\s+been)\s+(?:now\s+)?(?:finished|complete|completed)\b"
                              r"|\b(?:building|hall|plant|factory|phase|facility|shell|structure)\b[^.;]{0,70}?\b(?:to\s+be|be|been|was|were)\s+"
                              r"(?:now\s+)?(?:completed|finished)\b"
                              r"|\bconstruction\b[^.;]{0,40}\b(?:suspend\w*|halt\w*|paus\w*|stopp\w*)\b"
                              r"|\b(?:suspend\w*|halt\w*|paus\w*|stopp\w*)\s+(?:the\s+)?construction\b"),
    ("construction-start", r"\bsite\s+(?:preparation|work|clearing|works)\b|\bclear(?:s|ed|ing)?\s+the\s+site\b"
                           r"|\b(?:start\w*|begin\w*|began|begun|commenc\w*|launch\w*)\s+(?:of\s+)?construction\b"
                           r"|\bconstruction\b[^.;]{0,100}?\b(?:start\w*|begin\w*|began|begun|commenc\w*|restart\w*|resum\w*)\b"
                           r"|\b(?:work|works|earthworks|building\s+work)\s+on\s+(?:the|its|their)\s+(?:[\w-]+\s+){0,2}?(?:plant|"
                           r"factory|site|building|gigafactory|facility)\b[^.;]{0,100}?\b(?:began|begun|started|starts?|begins?|"
                           r"commenc\w*|got\s+under\s*way)\b|\b(?:began|begun|started|start|begin|commenc\w*)\s+work\s+on\s+"
                           r"(?:the|its|their)\s+(?:[\w-]+\s+){0,2}?(?:plant|factory|site|gigafactory|facility)\b"),
    ("equipment-installation", r"\bcommissioning\b|\benergi[sz](?:e|es|ed|ing)\s+(?:the|its)\s+(?:[\w-]+\s+){0,2}?lines?\b|\bcommission(?:s|ed)?\s+(?:the|its)\s+(?:[\w-]+\s+){0,3}?(?:lines?|"
                               r"equipment|phase)\b|"
                               r"\b(?:equipment|machinery|production\s+lines?|tools?)\b[^.;]{0,50}\b(?:install\w*|"
                               r"mov(?:e|ed|es|ing)\s+in(?:to)?\b|arriv\w*|deliver\w*)"
                               r"|\binstall\w*\s+(?:of\s+)?(?:[\w-]+\s+){0,4}?(?:equipment|machinery|lines?|tools?)\b"
                               r"|\blines?\s+(?:is|are|was|were|will\s+be|has\s+been|have\s+been)\s+(?:now\s+)?(?:being\s+)?"
                               r"install\w*"),
    # a second phase, capacity doubled: more capacity at the site
    ("capacity-expansion", r"\b(?:doubl\w*|tripl\w*)\s+(?:the\s+|its\s+|their\s+)?(?:[\w’'-]+\s+){0,2}?capacity\b"
                           r"|\b(?:second|third|next|new)\s+phase\b|\bphase\s+(?:2|two|II|3|three)\b"
                           r"|\b(?:new|additional|extra|more)\s+(?:production\s+)?lines\b|\b(?:second|third|another|additional)\s+"
                           r"(?:building|hall|production\s+hall)\b|\bbring(?:s|ing)?\s+(?:the\s+(?:site|plant|factory)(?:[’']s)?|"
                           r"(?:its|the|total)\s+(?:annual\s+|total\s+)?capacity)\s+(?:capacity\s+)?(?:up\s+)?to\s+\d"),
    # people hired, when the clause is about hiring ("Hiring for production jobs will begin in 2024")
    ("hiring", r"\bhir(?:e|es|ed|ing)\b|\brecruit\w*|\bheadcount\b|\b(?:have|has)\s+(?:about\s+|some\s+|around\s+)?"
               r"[\d,]+\s+(?:people|workers|staff|employees)\s+(?:today|now)\b|\b(?:people|workers|staff|employees)\s+(?:now\s+|"
               r"currently\s+)work\b|\b(?:now|currently)\s+employs?\b|\bemploys\s+(?:about\s+|some\s+|roughly\s+|"
               r"around\s+|nearly\s+|more\s+than\s+)?[\d,]+\s+(?:people|workers|staff|employees)\b"),
    ("sample-production", r"\bsamples?\b|\bsample\s+cells\b|\b[abc]-samples?\b|\b(?:pilot|prototype|test)\s+cells\b"
                          r"|\bcells?\b[^.;]{0,60}\bfor\s+(?:testing|validation|qualification)\b"),
    ("trial-production", r"\b(?:trial|pilot|test)\s+(?:production|runs?|output|operations?)\b"),
    ("full-production", r"(?<!-)(?<!at\s)\bfull\s+(?:production|output|operations?|utili[sz]ation)\b"
                        r"|(?<!at\s)\bfull\s+(?:annual\s+)?(?:\d[\d,.]*\s*[kMGT]Wh(?:/yr|/year|\s+a\s+year)?\s+)?(?:annual\s+)?capacity\b"
                        r"|\bfull\s+speed\b|\b(?:run|operate)\w*\s+at\s+full\s+(?:capacity|speed|output)\b"
                        r"|\b(?:output|production|capacity)\s+(?:\w+\s+){0,2}?(?:to\s+)?reach\w*\s+\d"
                        r"|\bramp\w*\s+(?:up\s+)?to\s+(?:about\s+|its\s+full\s+)?\d[\d,.]*\s*[kMGT]Wh"
                        r"|\breach\w*\s+(?:its|the|a|their)?\s*(?:full\s+)?(?:\d[\d,.]*\s*[kMGT]Wh\s+)?(?:a\s+year\s+)?"
                        r"(?:target|capacity|output)\b|\breach\w*\s+\d[\d,.]*\s*[kMGT]Wh"),
    # a customer to receive its first cells: deliveries from the plant start
    ("supply-start", r"\breceiv\w*\s+(?:its|their|the)\s+first\s+(?:[\w-]+\s+){0,2}?(?:cells|batteries|deliveries|shipments|"
                     r"packs|modules)\b|\b(?:has|have|had)\s+been\s+receiving\s+(?:[\w-]+\s+){0,3}?(?:cells|batteries|packs|"
                     r"modules|deliveries|shipments)\b"),
    ("supply-start", r"(?<!to\s)\b(?:take|takes|taking|receive|receives)\s+(?:[\w-]+\s+){0,3}?(?:cells|batteries|packs|"
                     r"modules)\s+from\b"),  # (a deal "to buy cells from" a plant is no supply begun)
    ("mass-production", r"\b(?:mass|volume|commercial|series)[- ](?:production|produc\w+|output|manufactur\w*)\b"
                        r"|\bfull[- ]scale\s+(?:commercial\s+)?(?:production|output|manufacturing|operations?)\b"
                        r"|\bproduc(?:e|es|ing)\s+(?:[\w()-]+\s+){0,5}?cells\b(?!\s+for\s+(?:testing|validation))"
                        r"|\bcommercial\s+(?:stage|phase)\b|\bcell\s+(?:production\s+)?project\b"
                        r"|\bmass-produc\w+"
                        r"|\b(?:start\w*|begin\w*|began|begun|commenc\w*|launch\w*|kick(?:s|ed|ing)?\s+off)\s+(?:\w+\s+){0,3}?" + _PRODUCE
                        + r"|\b(?:production|output)\b[^.;]{0,40}\b(?:start\w*|begin\w*|began|begun|planned|scheduled|"
                          r"expected|due|commenc\w*|set)\b"
                        r"|\balready\s+(?:produces|makes|manufactures|builds)\b"
                        r"|\bfirst\s+(?:[\w-]+\s+){0,2}?cells\b(?![^.;]{0,30}\b(?:shipped|delivered|supplied|sent)\b)"
                        r"|\b(?:roll\w*|came|come|comes)\s+off\s+the\s+(?:production\s+)?line\b"
                        r"|\bstart\s+of\s+(?:\w+\s+)?production\b"
                        r"|\b(?:be(?:come)?|is|are|was|were|go|goes|went|come|comes|came)\s+(?:now\s+)?(?:fully\s+)?(?:operational|"
                        r"online|on\s+line|on\s+stream|into\s+(?:operation|production|service))\b"
                        r"|\b(?:start|begin|began|begun|commence)\w*\s+operations?\b|\bfirst\s+output\b"
                        r"|\b(?:plant|factory|gigafactory|facility)\b[^.;]{0,40}\b(?:aims?|plans?|expects?|intends?|hopes?)"
                        r"\s+to\s+open\b"
                        r"|\binaugurat\w*\s+(?:a|an|the|its|their)\s+(?:[\w$€£.,-]+\s+){0,4}?(?:plant|factory|gigafactory|facility)\b"
                        r"|\bopen(?:s|ed|ing)?\s+(?:a|an|the|its|their)\s+(?:[\w$€£.,-]+\s+){0,4}?(?:plant|factory|"
                        r"gigafactory|facility)\b|\bopening\s+of\s+(?:the|its|their)\s+(?:[\w-]+\s+){0,3}?(?:plant|"
                        r"factory|gigafactory|facility)\b"
                        r"|\b(?:is|are)\s+to\s+produce\b|\bproduce\b[^.;]{0,50}\bfrom\s+(?:19|20)\d\d\b"
                        r"|\bproduction\b[^.;]{0,40}\b(?:go\s+ahead|proceed)\b|\bcells\s+(?:(?:will|would|could|to)\s+be\s+)?(?:made|produced|manufactured)\s+(?:at|in)\b"
                        r"|\b(?:to|for)\s+start-?up\s+(?:in|by|from|at)\b"),
    ("supply-start", r"\bsuppl(?:y|ied|ies|ying)\s+(?:\w+\s+){0,4}?to\b|\bbe\s+supplied\b|\bdeliver\w*\s+to\b"
                     r"|\bship(?:ped|s|ping)?\s+(?:[\w’'-]+\s+){0,8}?to\b|\bfirst\s+(?:commercial\s+)?(?:deliveries|shipments)\b"
                     r"|\b(?:shipments|deliveries)\s+(?:\w+\s+){0,3}?(?:to|from|for)\b"
                     r"|\b(?:shipped|delivered|supplied|sent)\s+(?:from\s+)?(?:[\w’'-]+\s+){0,6}?to\b"),
    ("capacity-expansion", r"\bexpan(?:d|ds|ded|ding|sion)\b|\badd(?:s|ed|ing)?\s+(?:\w+\s+){0,2}capacity\b"
                           r"|\b(?:second|third|new|another)\s+(?:production\s+)?line\b|\braise\w*\s+capacity\b"
                           r"|\bincreas\w+\s+capacity\b"),
    ("closure", r"\bw(?:ou|i)nd(?:s|ing)?\s+down\b|\bclos(?:e|es|ed|ing)\s+(?:down\s+)?(?:the|its|their|a|an)\s+(?:[\w-]+\s+){0,2}(?:plant|factory|site|"
                r"line|facility|operations?|works)\b|\b(?:plant|factory|site|line|facility)\b,?\s+(?:will\s+|would\s+)?"
                r"(?:be\s+)?clos\w*|\bclosure\b|\bshut(?:s|ting)?\s+down\b|\bshut\b|\b(?:site|plant|factory)\s+"
                r"(?:was|were|has\s+been|will\s+be)\s+sold\b|\bsold\s+(?:the|its|their)\s+(?:[\w-]+\s+){0,2}?(?:site|plant|factory)\b"),
    ("investment", r"\binvest(?!ors?\b)\w*|\bcapital\s+(?:spending|expenditures?)\b|\bcapex\b|\bspend(?:s|ing)?\b|\bloan\b|"
                   r"\bfinanc(?:e|es|ing)\s+(?:the|its|a|an)\s+(?:[\w-]+\s+){0,3}?(?:plant|factory|project|gigafactory|"
                   r"construction)\b|\d[\d,.]*\s*(?:billion|million|trillion)\s+(?:zlot\w*|won|yuan|yen|euros?|dollars|"
                   r"crowns|kronor|kroner|rupees|pounds)\b|\bcost\s+(?:about\s+|some\s+|around\s+|roughly\s+)?[$€£¥]|\bcost\s+(?:about\s+)?"
                   r"(?:\w+\s+)?\d|[$€£¥₩]\s?\d[\d,.]*\s*(?:billion|million|trillion)|\b(?:SEK|EUR|USD|KRW|NOK|"
                   r"PLN|JPY|CNY)\s?\d[\d,.]*\s*(?:billion|million|trillion)"),
    ("hiring", r"\bhir(?:e|es|ed|ing)\b|\brecruit\w*|\d[\d,]*(?:-odd)?\s+(?:[\w-]+\s+){0,2}?(?:jobs|positions|workers)\b"
               r"|\bemploy\s+(?:about\s+|some\s+|roughly\s+|around\s+|up\s+to\s+|more\s+than\s+|nearly\s+)?\d"),
    # taking up again what was stopped, when the clause names no other step ("the project will resume")
    ("construction-start", r"\bresum\w+\b|\brestart\w*\b"),
))
# A new line for a kind of cell ("add a line for LFP cells", "a sodium-ion line"): that product's production.
PRODUCT_LINE = re.compile(r"\bline\s+(?:for|to\s+make|making|producing)\s+(?:[\w()-]+\s+){0,4}?cells\b"
                          r"|\b(?:[\w-]+-ion|lfp|lmfp|ncm|nmc|nca|solid-state|\d{4})\s+(?:cell\s+)?line\b", _I)


# A relative or participle clause (", which agreed last year ...,", ", founded in 2019,"): it tells of something else
# than the clause's claim, unless it carries the subject's aim (", which it aims to open in 2027").
RELATIVE = re.compile(r",\s+(?:which|who|whose|where|founded|established|based|headquartered|formed|created|once|"
                      r"(?:of|in|for|by|from|with)\s+wh(?:ich|om))\b"
                      r"(?!\s+(?:it|they|the\s+company)\s+(?:now\s+|still\s+)?(?:aims?|plans?|expects?|intends?|"
                      r"hopes?|will|wants?)\b)[^,;]*(?:,|$)", _I)


def main_clause(text: str) -> str:
    """text with relative and participle clauses (", which ...,", ", founded in 2019,") taken out."""
    return RELATIVE.sub(",", text)


# Money that is not the plan's investment: paid back, fined, or a public body's incentives and grants.
_NOT_SPENT = re.compile(r"\b(?:pay(?:s|ing)?\s+back|paid\s+back|repa(?:y|ys|id|ying)|refund\w*|return\w*)\s+[^.;]*"
                        r"|\b(?:state|government|federal|public|council|ministry|bank)(?:[’']s)?\s+(?:[\w$€£.,-]+\s+){0,4}?"
                        r"(?:loan|grant|subsidy)\b[^.;]*"
                        r"|(?:[$€£¥₩]\s?)?\d[\d,.]*\s*(?:billion|million|trillion)?\s+(?:[\w-]+\s+)?in\s+(?:state\s+|federal\s+|"
                        r"public\s+|government\s+|tax\s+)?(?:incentives|subsidies|grants|tax\s+credits|aid|fines?)\b", _I)


# What a clause gives as a cause or a circumstance ("because equipment deliveries were delayed", "citing
# weak demand"): not the step the clause is about.
_CAUSE = re.compile(r"[,\s]+(?:because|citing|saying|due\s+to(?!\s+(?:start|begin|open|be|complete|launch|resume|reach|"
                    r"produce|finish|arrive|ship|close|come|go|end|enter|deliver|take|hire|break|install|restart|run)\b)|owing\s+to|as\s+it|as\s+the(?!\s+[\w-]+\s+of\b)|after\s+(?:the|a|an|it|its|\w+ing)|"
                    r"following)\b.*$",
                    _I | re.S)


# A condition ("subject to funding", "and only if the phase two lines are running well") or the plant's state a
# figure is counted at ("when it runs at full capacity", "at full operation"): not the step the clause is about.
_CONDITION = re.compile(r"(?:,\s+(?:and\s+)?(?:only\s+)?if|\s+only\s+if|,?\s+unless|,?\s+provided(?:\s+that)?|,?\s+subject\s+to)"
                        r"\b[^;]*$"
                        r"|\b(?:when|once|after)\s+(?:it|they|the\s+(?:[\w-]+\s+)?(?:plant|factory|site|lines?|facility))\s+"
                        r"(?:\w+\s+)?(?:runs?|is|are|operates?|reach(?:es)?|gets?)\s+(?:at\s+|to\s+)?(?:full|peak)\s+"
                        r"(?:capacity|production|operations?|output|speed)\b|\bwhen\s+fully\s+operational\b", _I)
# What a plant will make, said with no date ("The plant will make 46-series cells"): the plant described, no step.
PLANT_PRODUCT = re.compile(r"\b(?:will|would|to|is\s+to|are\s+to)\s+(?:make|produce|manufacture)\s+(?:[\w()-]+\s+){0,6}?"
                           r"(?:cells|batteries|packs)\b", _I)


def milestone_of(words: str, declared: dict[str, tuple[str, ...]] | None = None,
                 capacity_only: bool = False, undated: bool = False) -> str | None:
    """The milestone the words are about, or None. declared: a knowledge base's own milestones and
    their words; capacity_only: the clause states a capacity and no date (a plant described); undated: the
    clause gives no date (what a plant will make, undated, is no step)."""
    words = _CAUSE.sub("", words) or words
    words = _CONDITION.sub(" ", words) or words
    words = _NOT_SPENT.sub(" ", words)  # money paid back or given as incentives is no investment of the plan
    main = main_clause(words)
    if main.strip(" ,") and main != words:
        found = milestone_of(main, declared, capacity_only, undated)  # what a relative clause tells is of something else
        if found is not None:
            return found
    for name, phrases in (declared or {}).items():
        for phrase in phrases:
            if phrase and re.search(r"\b" + re.escape(phrase) + r"\b", words, _I):
                return name
    for name, pattern in RULES:
        if name == "hiring" and capacity_only:
            continue
        if pattern.search(words):
            if name == "mass-production" and capacity_only and not re.search(
                    r"\b(?:start|begin|began|begun|from|mass|already)\b", words, _I):
                continue
            if name == "mass-production" and undated and not pattern.search(PLANT_PRODUCT.sub(" ", words)):
                continue  # "will make LFP cells", undated: what the plant makes
            return name
    if PRODUCT_LINE.search(words) and not re.search(r"\b(?:second|third|another|new|more)\s+(?:production\s+)?lines?\b",
                                                     words, _I):
        return "mass-production"  # "add a line for LFP cells": that product's production
    return None
