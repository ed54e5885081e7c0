"""How well a sentence fits what a question asks, beyond similarity: pure checks the reranker adds to
the model's score.

Answer types (a figure for "how much", a person for "who"), finance paraphrases ("spend" is
"Additions to property and equipment"), the names and years a question uses, and the near misses an
investor must not be handed: another company's figure, a group's or the world's figure for one
company's, another year's figure, another metric's.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from dataclasses import dataclass
from typing import NamedTuple

from .lexical import NAME_ALIASES, STOPWORDS, fold_numbers, query_terms
from .name_presentation import presented_names

_QUANT = re.compile(r"\b(how (much|many|large|big|fast|high)|by how much|what (price|percentage|portion|share|valuation)|"
                    r"what (was|were|is|are) the|amount|revenue|sales|capex|"
                    r"capital expenditures?|income|margin|percent|percentage|share|growth|cost|price|spend|"
                    r"invest|trillion|billion|million|number of|total|rate|pay|paid|minimum|maximum|threshold)\b", re.I)
# "which growth figure", "which trillion-dollar estimate": a figure asked by "which"
_WHICH_FIGURE_Q = re.compile(r"\bwhich (?:[\w-]+\s+){0,2}?(?:figure|estimate|forecast|projection|amount|sum)s?\b", re.I)


# asked for a name ("What is the name of the chip ...", "What is the chip called?"), not an amount ("whose GPUs
# are called the backbone of AI" describes them)
_NAME_Q = re.compile(r"\bwhat (?:is|was|are|were) (?:the |its |their )?(?:official |full |product |brand )?"
                     r"(?:names?|titles?) of\b|\b(?:is|was|are|were) (?:it |they )?called\b(?!\s+(?:the|a|an)\b)|"
                     r"^\s*what (?:is|was|are|were) [^?]*\bcalled\b(?!\s+(?:the|a|an)\b)|^\s*what does [^?]*\bcall\b|"
                     r"\bwhich (?:product )?(?:line|family|brand|series|model|make) of\b|^\s*name (?:the|a|an)\b", re.I)
_COMPARE_Q = re.compile(r"\bwhich\b[^?]*\b(highest|lowest|largest|biggest|smallest|most|least|worst|best|greatest|"
                        r"strongest|weakest)\b", re.I)
# "who", or "which" and a role: "Which National Economic Director co-chairs ..." asks for a person
_WHO_Q = re.compile(r"^\s*(who|which (person|executive|company|firm|supplier|partner)|which (?:[\w-]+\s+){0,3}?"
                    r"(director|secretary|official|adviser|advisor|minister|administrator|chair(?:man|woman)?|ceo))\b|"
                    r"\bwho\b", re.I)
# "who" asked of a post: a person holds it ("Who heads the agency ...", "who is the CEO of ..."); "who leads
# the market" may be a company
_WHO_HOLDS_Q = re.compile(r"^\s*who (?:heads|headed|chairs|chaired|founded|co-founded|(?:is|was) (?:the )?(?:ceo|"
                          r"chief executive|head|chair(?:man|woman)?|founder|co-founder|president|director)\b)", re.I)
# asked whose something is ("whose A100 GPUs are ...", "Which company's case study says ...")
ASKS_WHOSE = re.compile(r"(?:^|,\s*)whose\b|^\s*(?:in |for |at )?which (?:[\w-]+\s+){0,2}?(?:company|firm|chipmaker|"
                        r"provider|startup|investor|country|government)['’]s\b", re.I)
# a sentence referring back to its party ("The company’s A100 ...", "It has deployed ..."): the sentence
# before names it
REFERS_TO_OWNER = re.compile(r"^\W*(?:[Tt]he (?:company|firm|chipmaker|group|startup)|[Ii]t|[Tt]hey)(['’]s)?\b|"
                             r"^\W*(?:[Ii]ts|[Tt]heir)\b")
# "which" and a kind of party: the answer is a name the question does not know ("Which department is
# told to build ...": "the Department of Energy")
# (the kinds of party both lists share)
_NAMED_PARTIES = ("department|agency|office|company|companies|firm|country|countries|state|university|bank|investor|"
                  "partner|supplier|customer")
_WHICH_PARTY_Q = re.compile(rf"^\s*which (?:[\w-]+\s+){{0,3}}?({_NAMED_PARTIES}|council|committee|board|commission|"
                            r"government|laboratory|fund)\b", re.I)
# "which" and a class whose members are names (a company, a city, an agency): a sentence naming none the
# question does not know cannot answer ("Which Chinese GPU startup is Beijing backing?": "supporting
# domestic GPU startups")
_WHICH_NAMED_Q = re.compile(rf"^\s*(?:(?:in|at|from|to|for|by|with|on|of) )?which (?:[\w-]+\s+){{0,3}}?"
                            rf"(?:{_NAMED_PARTIES}|startup|start-up|city|cities|borough|operator|manufacturer|maker|"
                            r"foundry|chipmaker|provider)\b", re.I)
# a technology written in capitals, no party's name: a plural acronym ("FPGAs", "ASICs"), a practice ("MLOps")
_TECH_TERM = re.compile(r"[A-Z]{2,}s|[A-Z]{2,}[a-z]{2,}")
# "Which MLOps providers does the guide name ...": members of a class, asked by its plural (up to the verb)
_WHICH_MEMBERS_Q = re.compile(r"^\s*(?:(?:in|at|from|to|for|by|with|on|of) )?which "
                              r"((?:[\w-]+\s+){0,3}?[a-z][\w-]*[^s\W]s)"
                              r"\s+(?:does|do|did|are|is|was|were|will|would|has|have|had|can|could)\b", re.I)
def _plural(noun: str) -> str:
    """"leader" -> "leaders", "company" -> "companies", "fund" -> "funds"."""
    return f"{noun[:-1]}ies" if re.search(r"[^aeiou]y$", noun) else f"{noun}es" if re.search(r"(?:s|x|ch|sh)$", noun) \
        else f"{noun}s"


# ... or one member, the subject of a past-tense verb: "Which industry leader described AI as ..."
_WHICH_MEMBER_Q = re.compile(r"^\s*which ((?:[\w-]+\s+){0,3}?[a-z][\w-]*[^s\W])\s+(?!(?:was|were|did|had|used|need|"
                             r"based)\b)[a-z]{3,}ed\b(?!\s+by\b)", re.I)
# what introduces a class's members after it: "startups such as Nimbus", "tech giants (Baidu, Alibaba)"
_MEMBERS_FOLLOW = re.compile(r"^\W{0,3}(?:\(|like\b|such as\b|including\b|e\.g\.|for (?:example|instance)\b|"
                             r"namely\b|:|[–—]|[A-Z])")
# ... or later in the sentence: "Private equity firms are also making big moves, such as Blackstone's ..."
_MEMBERS_LATER = re.compile(r"\b(?:like|such as|including|e\.g\.|for (?:example|instance)|namely)\W+(?:\w+\W+){0,2}?"
                            r"[A-Z]")

# ... a class of its own, named after a break right before them ("..., contract fabs like TSMC")
_CLASS_BEFORE = re.compile(r"[,;:(–—-]\s*((?:[\w-]+\s+){1,3})$")


def members_unnamed(question: str, text: str) -> bool:
    """Asked which members of a class ("Which sovereign wealth funds are investing ...?"), the sentence
    speaks of the class itself ("sovereign wealth funds remain active ...") and names no member beside it
    (after it, or just before: "Europe, the Middle East, and other regions"): it says the class is there,
    not who is in it."""
    m = _WHICH_MEMBERS_Q.search(question)
    one = None if m else _WHICH_MEMBER_Q.search(question)
    if not m and not one:
        return False
    # (asked for one: "Which industry leader described AI as ...?" is not answered by "Industry leaders are
    # betting on AI as ...", the class in the plural)
    head = _plural(one.group(1).split()[-1].lower()) if one else m.group(1).split()[-1].lower()
    asked = {w.lower() for w in re.findall(r"[\w-]+", question)}
    # the asked place's people are no member named: "China's AI parks" asked, "The Chinese government and
    # state-affiliated funds" names no fund
    asked |= {demonym for demonym, place in DEMONYMS.items() if place.lower() in asked}

    def named_before(start: int) -> bool:  # "Europe, the Middle East, and other regions"
        before = list(re.finditer(r"[A-Za-z][\w&.-]*", text[:start]))[-7:]
        return any(w.start() > 0 and w.group()[0].isupper() and w.group().lower() not in asked for w in before)

    def named_later(after: str) -> bool:
        # members of another class named in between are not these ("AI memory manufacturers, contract fabs
        # like TSMC"): the class right before "like" is the one they belong to (", with firms like" is this one)
        return any(not ((other := _CLASS_BEFORE.search(after[:m.start()])) and head.rstrip("s") not in
                        other.group(1).lower()) for m in _MEMBERS_LATER.finditer(after))

    spots = list(re.finditer(rf"\b{re.escape(head)}\b", text, re.I))
    return bool(spots) and not any(_MEMBERS_FOLLOW.match(text[h.end():]) or named_later(text[h.end():])
                                   or named_before(h.start()) or _MEMBERS_ARE.search(text[:h.start()])
                                   for h in spots)


# members as the subject of the class: "power and cooling are major challenges", "latency, cost and power
# remain the key constraints" (common nouns, no names: asked "which two challenges", they are the answer)
_MEMBERS_ARE = re.compile(r"\b[\w-]+(?:,\s+[\w-]+)*,?\s+(?:and|or)\s+[\w-]+\s+(?:are|were|remain|remained|become|"
                          r"became)\s+(?:(?:the|some|two|three|its|their)\s+)?(?:[\w-]+\s+){0,2}$", re.I)


# asked for a country ("In which country is ...", "Which country's government ..."): the answer names one
_WHICH_COUNTRY_Q = re.compile(r"\b(?:which|what) (?:countr(?:y|ies)|nations?)\b", re.I)
_COUNTRY = re.compile(r"\b(United States|U\.S\.|USA|America|China|Chinese|Japan|Japanese|Korea|Korean|Taiwan|"
                      r"Taiwanese|India|Indian|United Kingdom|U\.K\.|UK|Britain|British|England|France|French|"
                      r"Germany|German|Netherlands|Dutch|Ireland|Irish|Israel|Israeli|Canada|Canadian|Australia|"
                      r"Australian|Singapore|Malaysia|Indonesia|Vietnam|Thailand|Philippines|Saudi Arabia|Saudi|"
                      r"United Arab Emirates|UAE|Qatar|Kuwait|Switzerland|Swiss|Sweden|Swedish|Norway|Norwegian|"
                      r"Finland|Finnish|Denmark|Danish|Spain|Spanish|Italy|Italian|Poland|Polish|Brazil|Mexico|"
                      r"Chile|Argentina|Russia|Russian|Ukraine|Turkey|Egypt|South Africa|Nigeria|Kenya|Belgium|"
                      r"Austria|Portugal|Greece|Czech Republic|Hungary|Romania|New Zealand|Pakistan|Bangladesh)\b")

# asked where: a place answers ("Where will investment stand by 2027?" asks a figure)
_WHERE_Q = re.compile(r"^\s*where (?:is|are|was|were|will|would|does|do|did|has|have|had|can)\b", re.I)
_WHERE_FIGURE_Q = re.compile(r"\bstand\b", re.I)
_PLACE_AFTER = re.compile(r"\b(?:in|at|near|outside|across|throughout|to)\s+(?:the\s+)?([A-Z][\w.’'-]*)")
_PLACE_WORDS = re.compile(r"\b(?:rural|urban|remote|suburban|coastal|offshore|locations?|areas?|regions?|cities|city|"
                          r"campus(?:es)?|towers?|county|counties|province|abroad|overseas|domestic(?:ally)?)\b", re.I)


def _unasked_countries(question: str, text: str) -> list[str]:
    asked = question.lower()
    return [c for c in _COUNTRY.findall(text) if c.lower() not in asked]


def _places(question: str, text: str) -> bool:
    """`text` says where: a country or a named place the question does not name, or a kind of place."""
    asked = question.lower()
    return bool(_PLACE_WORDS.search(text) or _unasked_countries(question, text)) or any(
        m.group(1).lower().removesuffix("’s").removesuffix("'s") not in asked for m in _PLACE_AFTER.finditer(text))


# "which" and a thing: its name ("Which orchestration tool", "Which European regulation"); not a time
# ("which year", "which quarter") nor a comparison (above)
# ("which trillion-dollar estimate", "which growth figure": a figure, asked below)
_WHICH_THING_Q = re.compile(r"^\s*(?:besides [^,]+,\s*|alongside [^,]+,\s*)?which (?!(?:[\w-]+\s+){0,2}?(?:year|quarter|"
                            r"month|day|date|period|percentage|share|portion|figure|estimate|forecast|projection|"
                            r"amount|sum|total|valuation)\b)", re.I)
_WHEN_Q = re.compile(r"^\s*(when|(?:by )?what date|by when|(?:what|which) (?:fiscal |calendar )?year)\b|\bwhen\b|"
                     r"\b(?:in|by) (?:what|which) (?:fiscal |calendar )?year\b", re.I)
# asked for a date and nothing else: a sentence with no date in it cannot answer
_DATE_ONLY_Q = re.compile(r"^\s*(when (did|does|do|is|was|were|will|would|has|have|had|are|can|could|should)|what date|"
                          r"by when|by what date|(?:(?:by|in|from) )?(?:what|which) (?:fiscal |calendar )?year)\b|"
                          r"[;,]\s*(?:in|by) (?:what|which) (?:fiscal |calendar )?year\b", re.I)
# ("what percent of X occurred in Q4" is often asked of two amounts to divide: not a share question)
_SHARE_Q = re.compile(r"\b(market share|what (share|portion|fraction|proportion)|how much of)\b", re.I)
# a figure asked of one side of a contrast: "How much ... as debt rather than equity?", "What share ... runs on
# cloud platforms as opposed to on-premises infrastructure?" (the question opens with the figure, one clause)
_FIGURE_OPENING = re.compile(r"^\s*(?:how (?:much|many)|what (?:share|percent(?:age)?|portion|proportion|fraction|"
                             r"part))\b[^;]*$", re.I)
_CONTRAST = re.compile(r"\s+(?:rather than|as opposed to|instead of)\b", re.I)


def contrasted_focus(question: str) -> str | None:
    """The word a figure question sets against another ("debt" in "as debt rather than equity"): the part
    asked for, which a passage giving the figure must name. None for other questions."""
    m = _CONTRAST.search(question)
    if not m or not _FIGURE_OPENING.search(question):
        return None
    before = [w for w in query_terms(question[:m.start()].rsplit(",", 1)[-1]) if not w.isdigit()]
    return before[-1] if before else None


# a share of a whole that goes to (or comes from) a part: "what share of VC funding went to AI startups",
# "what percentage of its revenue comes from AI workloads"
_SHARE_FLOW = re.compile(r"^\s*(?:what|how much) (?:(?:share|percent(?:age)?|portion|proportion|fraction|part) )?of\b"
                         r"[^;?]*?\b(?:went|go|goes|came|come|comes|flows?|flowed|(?:is|was|are|were|will be) "
                         r"(?:spent|used|earmarked|allocated|devoted))\s+(?:(specifically|exclusively|solely|only)\s+)?"
                         r"(?:to|from|on|for|into)\s+"
                         r"([^;?,]+?)(?=\s+(?:in|by|during|over|rather|as opposed|instead|versus|vs)\b|[?,;]|$)", re.I)


# words that tell no part from another ("goes to AI projects" is answered by "goes to AI")
_GENERIC_PART = {"ai", "projects", "project", "things", "areas", "uses", "purposes", "activities", "efforts"}


def share_destination(question: str) -> list[str]:
    """The words of the part a share question asks about ("consumer", "applications" in "went to consumer
    applications"): a sentence giving the share names one of them. Empty for other questions."""
    return _share_destination(question)[0]


@functools.lru_cache(maxsize=256)
def _share_destination(question: str) -> tuple[list[str], bool]:
    """(the part's words, whether it is asked "specifically"), read once per question."""
    m = _SHARE_FLOW.search(question)
    if not m:
        return [], False
    return [w for w in query_terms(m.group(2)) if not w.isdigit() and w not in _GENERIC_PART], bool(m.group(1))


def share_destination_missed(question: str, text: str) -> bool:
    """`text` names none of the part a share question asks about, or, asked "specifically" of it ("went
    specifically to AI chip startups"), not all of it ("50% of VC funding went to AI startups")."""
    part, specifically = _share_destination(question)
    if not part:
        return False
    found = terms_found(part, fold_numbers(text))
    return not found or (specifically and len(found) < len(part))


# a part of the party's own quantity ("what percentage of its AI accelerator sales", "what share of Nvidia's
# revenue"), which a market share is not
_OWN_PART_Q = re.compile(r"\b(?i:what|which) (?i:percent(?:age)?|share|portion|proportion|fraction) of "
                         r"(?:its|their|[A-Z][\w&-]*['’]s) (?:[\w-]+ ){0,3}?"
                         r"(?:sales|revenues?|income|earnings|spending|budget|capex|shipments|profits?)\b")
_MARKET_SHARE = re.compile(r"\bmarket share\b|%\s+(?:share )?of the (?:[\w-]+ ){0,3}?market\b", re.I)
# "what percentage of X ...": a percentage, or the amounts to divide; a sentence with no figure gives neither
_PERCENT_OF_Q = re.compile(r"\bwhat (?:percent|percentage) of\b", re.I)
_PERCENT_Q = re.compile(r"\bwhat (?:percent|percentage)\b|\bhow many percent", re.I)
# a sum in a currency ("$2 billion", "50 billion euros"), not "1.3 million GPUs"
_CURRENCY = re.compile(r"[$€£¥]\s?\d|\b(?:dollars?|euros?|yuan)\b", re.I)
# a part of a sum of money: "how much of the EU's own money", "how much of its $65 billion"
_OF_MONEY_Q = re.compile(r"\bhow much of\b[^?]*(?:[$€£¥]\s?\d|\b(?:money|funds?|budget|capital|commitment|"
                         r"spending|investment)\b)", re.I)
_PROPORTION = re.compile(r"\d\s?%|\bpercent\b|\bhalf\b|\bthirds?\b|\bquarter of\b|\bmajority\b|\bfraction\b", re.I)
# a percentage that is a change, not a part: "grew 41%", "decreased by 12%", "~10% annually", "up 5% year over year"
_CHANGE_PERCENT = re.compile(r"\b(?:gr[eo]w(?:s|n|ing)?|rose|ris(?:e|es|ing)|f[ae]ll(?:s|ing)?|"
                             r"(?:in|de)creas(?:e|es|ed|ing)|declin(?:e|es|ed|ing)|jump(?:s|ed|ing)?|"
                             r"surg(?:e|es|ed|ing)|dropp?(?:s|ed|ing)?|up|down)\s+(?:by\s+)?(?:about\s+|roughly\s+|nearly\s+|over\s+|~\s?)?\d+(?:\.\d+)?\s?%|"
                             r"\d+(?:\.\d+)?\s?%\s+(?:annually|a year|per year|each year|year[- ]over[- ]year|"
                             r"(?:annual\s+)?(?:growth|increase|decrease|decline|cagr))\b|"
                             r"\bcagr of (?:about |roughly |~\s?)?\d+(?:\.\d+)?\s?%", re.I)
_FAST_Q = re.compile(r"\bhow (fast|quickly)\b|\bat (?:roughly |about )?what (?:[\w-]+ ){0,3}?(rate|pace|speed)\b|"
                     r"\b(growth rate|cagr)\b", re.I)
_RATE = re.compile(r"\d\s?%|\bpercent\b|/\s?s\b|\bper (second|minute|hour|day|week|month|quarter|year|annum)\b|"
                   r"\b(annual(ly)?|a year|each year|every year|a month|cagr|[gtm]bps|[gtm]bit/s|mph|km/h)\b", re.I)
# asked for a multiple ("by what multiple will it grow", "how many times larger")
# ("how many times has X sold its inventory" asks for a turnover ratio, not a multiple)
_FACTOR_Q = re.compile(r"\b(?:by )?(?:roughly |about |approximately )?what (?:multiple|factor)\b|"
                       r"\bhow many times (?:larger|bigger|more|higher|greater|as)\b|\bhow many-fold\b", re.I)
_FACTOR = re.compile(r"\b(?:doubl|tripl|quadrupl|quintupl)(?:e|es|ed|ing)\b|\b(?:two|three|four|five|six|seven|eight|"
                     r"nine|ten|hundred|\d+)-?fold\b|\b\d+(?:\.\d+)?x\b|\b(?:twice|thrice)\b|\btimes (?:as|larger|"
                     r"bigger|more|higher|greater)\b|\borders? of magnitude\b", re.I)
# asked a return or a yield: a rate ("8% a year", "3x"), not the sum raised
_RETURN_Q = re.compile(r"^\s*(?:what|which)\s+(?:[\w-]+\s+){0,2}?(?:returns?|yields?|irr)\b", re.I)
# asked a measure in its unit ("what latency, in milliseconds"), or power ("how much power can it draw"):
# the unit with a number, not "ultra-low latency" or "$50 billion"
_MEASURE_Q = {
    re.compile(r"\bmilliseconds?\b", re.I): re.compile(r"\d\s*(?:ms|milliseconds?)\b", re.I),
    re.compile(r"\b(?:exa|peta|tera)?flops\b", re.I): re.compile(r"\d\s*(?:[eptg]?flops|(?:exa|peta|tera)flops)\b", re.I),
    re.compile(r"\b(?:giga|mega|tera|kilo)watts?\b|\bhow much (?:electric(?:al)? )?(?:power|electricity)\b(?! of\b)",
               re.I): re.compile(r"\d\s*(?:[kmgt]wh?|(?:giga|mega|tera|kilo)watt(?:-hour)?s?)\b", re.I),
    re.compile(r"\b(?:peta|tera|exa)bytes?\b", re.I): re.compile(r"\d\s*(?:[tpe]b|(?:peta|tera|exa)bytes?)\b", re.I),
    re.compile(r"\b(?:kilo)?met(?:re|er)s?\b|\bkm\b|\bmiles\b", re.I):
        re.compile(r"\d\s*(?:km|kilomet(?:re|er)s?|met(?:re|er)s?|miles?)\b", re.I),
}
# asked how much of a physical quantity (computing power, capacity, storage): a sum of money is none
_PHYSICAL_Q = re.compile(r"\bhow much (?:(?:computing|compute|processing|electric(?:al)?|generating|storage|network)\s+)?"
                         r"(?:power|capacity|electricity|energy|compute|storage|bandwidth|memory)\b(?! of\b)", re.I)
# ... asked as a quantity ("how much", "in milliseconds"), not a unit's name ("now measured in which unit?")
_MEASURE_ASKED = re.compile(r"\bhow (?:much|many|far|close)\b|,\s*in [a-z]+,|"
                            r"\bin (?:milliseconds|(?:exa|peta|tera)flops|(?:giga|mega|tera|kilo)watts|"
                            r"(?:peta|tera|exa)bytes|kilomet(?:re|er)s|km|miles)\s*\?", re.I)
# asked how many years (months, days) something runs: a duration, not any figure
_DURATION_Q = re.compile(r"\bhow many (years|months|weeks|days|hours)\b", re.I)
# "How long does it take to build ...", "for how long": some span of time, in any unit
_HOW_LONG_Q = re.compile(r"\bhow long\b(?!\s+(?:is|are|was|were)\s+(?:the|its|their|a|an)\s+[a-z-]+\s+"
                         r"(?:cable|line|link|fib(?:re|er)|runway|road|span)\b)", re.I)
_SPAN_OF_TIME = re.compile(r"(?:\b\d[\d,.]*|\b(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                           r"eighteen|twenty|thirty|several|few|many|couple of))[- ](?:years?|months?|weeks?|days?|"
                           r"hours?|minutes?|decades?|quarters?)\b|"
                           # "train complex models in days instead of months"
                           r"\b(?:in|within|for|takes?|took|over) (?:mere |just |only |a matter of )?(?:seconds|minutes|"
                           r"hours|days|weeks|months|years|decades)\b", re.I)
_YEAR_SPAN = re.compile(r"\b(?:19|20)\d\d\s*(?:[–-]|to|through|until)\s*(?:19|20)?\d\d\b", re.I)
# a figure as a question or a passage writes it: "$60–65 billion", "1 trillion-yuan", "40", "52%"
# (with the same sum in another currency after it: "1 trillion-yuan (~$138 billion)")
_FIGURE_SPAN = re.compile(r"(?<![A-Za-z\d.])([$€£¥~]?\d[\d,]*(?:\.\d+)?(?:\s*[–-]\s*\d[\d,]*(?:\.\d+)?)?"
                          r"(?:\s*(?:%|percent\b|million\b|billion\b|trillion\b|bn\b))?(?:[- ]?(?:yuan|dollars?|euros?)\b)?)"
                          r"(\s*\((?:~|about |approximately |roughly )?[$€£¥]\s?\d[^)]{0,20}\))?", re.I)
_HOW_MUCH = re.compile(r"^\s*(how much|by how much)\b", re.I)
# asked for a sum of money: a market's size, "in dollar terms", what was invested, spent or raised
# ("by how much" asks for a change, which a percentage gives)
_MONEY_Q = re.compile(r"\bin (?:dollar|euro|money|monetary) terms\b|\bhow much (?:money|capital|funding|cash)\b|"
                      r"\bin (?:[A-Z][a-z]+ )?(?:currency|dollars|euros|yuan)\b|"
                      r"\bhow (?:big|large) (?:is|was|will|would)\b[^?]*\bmarkets?\b(?! share)|"
                      r"\b(?:size|value) of\b[^?]*\b(?:fund|budget|deal|round|package)\b|"
                      r"(?<!by )\bhow much\b[^?]*\b(?:invest(?:ed|ing)?|spen[dt]|spending|rais(?:e|ed|ing)|"
                      r"cost|worth|paid|pay)\b|\bwhat (?:does|did|do|will|would) [^?]*\bcost\b|"
                      # "What record dollar level have revenues reached ...", "What dollar amount appears ..."
                      r"\b(?:dollar|euro)[- ](?:level|amount|figure|value|sum|total|size|number)s?\b|"
                      # "What is the maximum penalty ...", "What price per million tokens ..."
                      r"\bwhat (?:is |was |are |were |would be )?(?:the )?(?:maximum |minimum |largest |highest |"
                      r"lowest |typical |average )?(?:penalt(?:y|ies)|fines?|fees?|price|salary|wages?)\b|"
                      # "What sum has ...", "What capital expenditure range did ... announce"
                      # "What is the market value of ...", "What annual budget does ... give ..."
                      r"\bwhat (?:is|was|are|were) (?:the |its |their )?(?:market (?:value|cap(?:itali[sz]ation)?)|"
                      r"valuation)\b|\bwhat (?:(?:annual|yearly|total) )?budget\b|"
                      r"\bwhat (?:sum|dollar (?:amount|total|figure|value)|price tag|amount of (?:money|capital|funding)|"
                      r"(?:capital expenditures?|capex)(?: (?:range|guidance|budget|plan|figure|total))?\b"
                      r"(?! (?:growth|increase|decrease|change|ratio|margin|share|intensity)))\b", re.I)
# a sum asked in dollars, which a sum in another currency does not give (a table's bare amounts "in USD
# millions" are dollars already)
_IN_DOLLARS_Q = re.compile(r"\bin (?:U\.?S\.? |US |American )?dollars?\b|\bdollar terms\b", re.I)
_DOLLARS = re.compile(r"\$|\bdollars?\b|\bUSD\b", re.I)
_OTHER_CURRENCY = re.compile(r"[€£¥]|\b(?:euros?|yuan|renminbi|RMB|pounds? sterling|yen|won|rupees?)\b", re.I)
# a rate that is a proportion: occupancy, vacancy, utilisation, default
_RATE_OF_Q = re.compile(r"\b(?:occupancy|vacancy|utili[sz]ation|default|churn|attrition|adoption|failure|"
                        r"unemployment|penetration)\s+rates?\b", re.I)
# a price asked per unit: "price per million tokens", "cost per kilowatt-hour" (the unit is the thing priced;
# not a period, "cost per year", which "$2 billion annually" gives)
_PER_UNIT_Q = re.compile(r"\b(?:prices?|costs?|fees?|charges?)\b[^?]{0,20}?\bper (?:million |thousand |billion |"
                         r"hundred )?(?!(?:year|annum|quarter|month|week|day)s?\b)([a-z][a-z-]+)", re.I)
# a sentence pricing something per unit: "per kWh", "$2/hr"
_PER_SOMETHING = re.compile(r"\bper\s+\w|\d\s?/\s?[a-z]", re.I)
# a sum of money as written in prose ("$500 billion", "1 trillion-yuan", "€50 billions") or in a table
# (amounts in millions stand bare: "1,577", "12.5", "(389)", "462")
_MONEY = re.compile(r"[$€£¥]\s?\d|\b(?:million|billion|trillion)s?\b(?!\s+of\s+(?!dollars|euros|yuan)[a-z])|"
                    r"\byuan\b|\bdollars?\b|\beuros?\b|"
                    r"\b\d{1,3}(?:,\d{3})+\b|\b\d+\.\d+\b|\(\d+\)|\b(?!(?:19|20)\d\d\b)\d{3,}\b", re.I)
_MAGNITUDE = re.compile(r"\b(hundreds|thousands|millions|billions|trillions|dozens|doubled|tripled|twice|half|"
                        r"none|no|zero|one|two|three|four|five|six|seven|eight|nine|ten)\b", re.I)
# an amount in words, for "how much": "billions", "doubled", "two billion" (not a bare "two": "two
# compelling alternatives" is no price)
_AMOUNT_WORDS = re.compile(r"\b(hundreds|thousands|millions|billions|trillions|dozens|doubled|tripled|twice|half|"
                           r"none|zero|(?:[a-z]+ )?(?:hundred|thousand|million|billion|trillion))\b", re.I)
# ("how many of China's more than 40 parks": what follows "of" and its owner)
_COUNT_OF = re.compile(r"\bhow many (?:of (?:the |its |their |these |those |[A-Za-z][\w.-]*['’]s )?(?:more than |over )?\d*\s*)?"
                       r"((?:[a-z][\w-]*\s+){0,5}[a-z][\w-]*)|\bnumber of ((?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*)",
                       re.I)
_COUNT_STOP = {"does", "do", "did", "is", "are", "was", "were", "has", "have", "had", "will", "would", "can", "could",
               "in", "of", "for", "at", "on", "by", "to", "that", "which", "the", "a", "an", "and", "or", "across",
               "from", "with", "into", "within", "among", "between", "through", "during", "under", "over", "per",
               "plus", "versus", "its", "this", "these", "those"}
# units counted as their symbols ("how many gigawatts" is answered by "5 GW")
_UNIT_SYMBOLS = {"gigawatts": "gw", "megawatts": "mw", "terawatts": "tw", "kilowatts": "kw"}
# a count as written before the thing counted: "3 sites", "six primary priorities", "a dozen plants"
_COUNT_WORDS = (r"(?<![$€£\d.,])(?!(?:19|20)\d\d\b)\d[\d,.]*(?!\s*(?:%|percent))|one(?!\s+of\b)|two|three|four|five|"
                r"six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|"
                r"nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|dozen")
# a count in words and what it counts: "hundreds of thousands of processors", "two broad categories"
_MANY_OF = re.compile(r"\b(?:(?:hundreds|thousands|millions|billions|dozens|tens)\s+of\s+"
                      r"(?:(?:hundreds|thousands|millions|billions)\s+of\s+)?|"
                      r"(?:two|three|four|five|six|seven|eight|nine|ten|twelve|dozen)\s+)((?:[A-Za-z-]+\s*){1,3})", re.I)
# a one-digit number standing alone ("3 sites"), not a reference ("section 4(k)", "(a)(i)", "1.5")
_LONE_DIGIT = re.compile(r"(?<![\w.(§/-])\d(?![\w.)(%/-])")
# counted things any figure may count ("how many people" is answered by "12,000 employees")
_GENERIC_COUNTS = {"people", "persons", "times", "units", "years", "months", "days", "hours", "shares", "items"}
_PERSON = re.compile(r"\b(chief executive|ceo|cfo|founder|president|chair(man|woman)?|director|led by|"
                     r"managing partner|head of|runs?|secretary)\b", re.I)
_NAMED_PERSON = re.compile(r"\b(?:CEO|CFO|Director|Secretary|Chair(?:man|woman)?|President|Advis[eo]r|Administrator|"
                           r"Minister|Founder)\s+[A-Z][a-z]+(?:\s+[A-Z]\.)?\s+[A-Z][a-z]+|"
                           r"\b[A-Z][a-z]+\s+[A-Z][a-z]+,\s+(?:the\s+)?(?:CEO|CFO|President|Chair|Director|Secretary|"
                           r"Founder)\b")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
_DATE = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|"
                   r"\b(19|20)\d{2}\b|\b(q[1-4]|quarter|year-end|by the end of|spring|summer|autumn|fall|winter|"
                   r"(next|last|this) (year|month|week)|today|yesterday|decade|century|(first|second) half|"
                   r"(early|mid|late)[- ](year|month|\d{4}s?)|"
                   rf"{'|'.join(m for m in MONTHS if m != 'may')}|"  # (a bare "may" is the modal)
                   r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)


# Finance paraphrases: a question's word counts as present when any of its stand-ins is (by stem).
SYNONYMS = {
    "buy": ("acquisit", "acquire", "bought", "purchas", "takeov"), "purchase": ("acquisit", "acquire", "bought"),
    "acquire": ("acquisit", "bought", "purchas", "takeov"), "takeover": ("acquisit", "acquire"),
    "pay": ("paid", "price", "acquisit", "cost"), "price": ("paid", "valued", "acquisit", "cost"),
    "spend": ("spent", "spendin", "capital", "capex", "invest", "expend", "additio", "purchas"),
    "capex": ("capital", "expend", "spendin", "purchas", "propert"),
    # filings' cash-flow statements print capital expenditure as "Purchases of property and equipment"
    "expenditure": ("capex", "purchas", "propert"), "expenditures": ("capex", "purchas", "propert"),
    "raise": ("raised", "funded", "funding"), "raised": ("funded", "funding"), "funding": ("funded", "raised"),
    "valuation": ("valued", "worth"), "worth": ("valued", "valuat"), "revenue": ("sales", "revenu"),
    "sales": ("revenu",), "control": ("share",), "runs": ("led", "chief", "ceo"), "lead": ("led", "chief"),
    "households": ("home", "house"), "homes": ("househo", "house"),  # "enough to power 300,000 homes"
    "companies": ("firm", "corpora"), "firms": ("compan", "corpora"),
    "agm": ("annual", "meetin"),  # an 8-K reports the "Annual Meeting of Shareholders"
    "stock": ("share", "equity"),  # "stock repurchases" are the "share repurchase program"
    "calculations": ("operati", "computa"), "operations": ("calcula", "computa"),  # "matrix operations"
}
# Metrics a question can ask for; a sentence naming none of a metric's forms answers another question
# (the adjacent-metric near miss: Cerebras's funding is not its valuation).
METRICS = {
    "share": ("share", "%", "percent"),  # "over 50% of all VC funding went to AI" states a share
    "valuation": ("valued", "valuat", "worth"), "valued": ("valued", "valuat", "worth"),
    "margin": ("margin",), "employees": ("employe", "headcou", "workfor"), "dividend": ("dividen",),
    "headcount": ("employe", "headcou"), "capex": ("capital", "capex", "expend", "spendin"),
    "revenue": ("revenu", "sales", "turnover"),
    # a market's size is not one deal's price ("Blackstone's $16 billion acquisition of AirTrunk")
    "market": ("market", "industr", "sector"), "markets": ("market", "industr", "sector"),
    # what a "which company did X buy / is backing Y" question asks about: a sentence on the company that
    # says nothing of a purchase or a backer answers something else
    **dict.fromkeys(("buy", "bought", "acquire", "acquired"), ("buy", "bought", "acquisit", "acquir", "purchas",
                                                            "takeover")),
    **dict.fromkeys(("backing", "backed", "backs", "backer"), ("back", "invest", "fund", "stake")),
    **dict.fromkeys(("return", "returns"), ("return", "yield", "irr")),  # a return is not the sum raised
    # a cash flow ("hundreds of billions in cash flow") is not what is spent ("$315 billion in capital
    # spending"); its rows say "cash" ("Net cash provided by operating activities")
    **dict.fromkeys(("flow", "flows"), ("cash", "flow")),
    # a measure asked in its unit: "thousands of GPUs" gives no exaflops, "$500 billion" no gigawatts
    **dict.fromkeys(("exaflops", "petaflops", "teraflops", "flops"), ("flop",)),
    **dict.fromkeys(("gigawatts", "megawatts", "gw", "mw"), ("gw", "mw", "watt")),
    **dict.fromkeys(("petabytes", "terabytes", "exabytes"), ("byte",)),
    **dict.fromkeys(("milliseconds", "microseconds"), ("second", " ms", "μs")),
}


@functools.lru_cache(maxsize=8192)
def _forms(term: str) -> frozenset[str]:
    # inflections too: "acquiring" takes the stand-ins of "acquire" ("acquisition", "bought"), "spending"
    # those of "spend" (keys of four letters or more, so "payable" is not "pay")
    inflected = [f for key, stand_ins in SYNONYMS.items() if len(key) >= 4 and key != term
                 and term.startswith(stem(key)) for f in stand_ins]
    return frozenset(stem(f) for f in (term, *SYNONYMS.get(term, ()), *inflected))


def stands_in_for(word: str, asked: str) -> bool:
    """`word` may be written for `asked` (or the other way round): "share" for "stock"."""
    return stem(word) in _forms(asked) or stem(asked) in _forms(word)


_FIGURE = re.compile(r"\$\s?\d|\d\s?%|\d\s*(percent|million|billion|trillion|thousand|gw|mw|gigawatts?|megawatts?)\b|"
                     r"\b\d{1,3}(,\d{3})+\b|\b\d+\.\d+\b|\b(?!(19|20)\d{2}\b)\d{2,}\b|"
                     # a factor in words: "by an order of magnitude", "tenfold", "3x"
                     r"\borders? of magnitude\b|\b(?:two|three|four|five|six|seven|eight|nine|ten|hundred|\d+)-?fold\b|"
                     r"\b\d+(?:\.\d+)?x\b", re.I)
_NUMBER_RUN = re.compile(r"\d[\d,]*(?:\.\d+)?")
# an amount of money or a percentage, with its scale word ("$500 billion", "1 trillion-yuan (~$138 billion)", "52%")
_AMOUNTS = re.compile(r"[$€£¥]\s?\d[\d,.]*(?:\s*(?:million|billion|trillion|[mbk])\b)?|"
                      r"\b\d[\d,.]*\s*(?:%|percent\b|(?:million|billion|trillion)[- ](?:dollars?|yuan|euros?)\b|"
                      r"(?:million|billion|trillion)?-?yuan\b)", re.I)
# a quantity in a unit of measure: "1 GW", "100 megawatts", "2 exaflops", "400 Gbps"
_MEASURES = re.compile(r"\b\d[\d,.]*\s*(?:[kmgt]w|[kmgt]wh|gigawatts?|megawatts?|kilowatts?|terawatts?|[tpe]b|"
                       r"terabytes?|petabytes?|exabytes?|[tpe]flops|exaflops|petaflops|teraflops|[gmt]bps|ghz|mhz|"
                       r"nm|nanometers?)\b", re.I)
_PERCENTAGES = re.compile(r"\(?-?\d+(?:\.\d+)?\)?\s?(?:%|percent\b)", re.I)
_DATE_NUMBERS = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b", re.I)


# a number that labels rather than measures: "Executive Order 14141", "Note 12", "Public Law 114-94"
_LABEL_NUMBER = re.compile(r"\b(?:Order|Orders|Section|Sec\.|No\.|Law|Proclamation|Note|Item|Part|Title|Stat\.|"
                           r"U\.S\.C\.|H\.R\.)\s+\d[\d()a-z–-]*(?:\s*(?:,|and|or)\s*\d[\d()a-z–-]*)*|"
                           r"\b\d+\s+(?=U\.S\.C\.)", re.I)  # "42 U.S.C. 4336 and 4336c"


def has_figure(text: str) -> bool:
    """A quantity a "how much" question could be answered with: not a year, not a day of the month, not
    the number of an order, a section or a note."""
    return bool(_FIGURE.search(_LABEL_NUMBER.sub(" ", _DATE_NUMBERS.sub(" ", text))))


class TypeFit(NamedTuple):
    """How a sentence fits the kind of answer a question asks for: `bonus` is added to its score;
    `missing` marks a sentence with nothing of that kind in it (no number for "how many", no sum for
    "how much money", no date for "when did"), which cannot lead an answer however close its words."""

    bonus: float
    missing: bool = False


def answer_type_bonus(question: str, text: str, known_names: frozenset[str] = frozenset()) -> float:
    """The score adjustment alone of `answer_type_fit`."""
    return answer_type_fit(question, text, known_names).bonus


def answer_type_fit(question: str, text: str, known_names: frozenset[str] = frozenset()) -> TypeFit:
    """Credit for sentences holding the kind of thing asked for (a person or role for "who", a date for
    "when", several figures side by side for "which segment had the highest"), and a penalty for a
    figure question answered by a sentence with no figure in it. `known_names`: words the passages
    capitalise mid-sentence, so a name opening a sentence ("SoftBank's investment focus ...") counts.
    A figure the question itself gives ("how many of China's more than 40 parks", "what share of the $1.4
    trillion") answers nothing: only the sentence's other figures count."""
    given = text
    text = without_asked_figures(question, text)
    if _NAME_Q.search(question):
        # a name the question does not know ("Trainium"): a sentence naming only what the question names
        # ("Meta has committed over $65 billion") gives none
        # presented as the thing asked about ("chips like Trainium"), not a name beside it ("SambaNova
        # Systems (valued at $5B)" asked the name of its chip)
        return TypeFit(0.05) if presented_names(question, text, new_names(question, text, known_names)) \
            else TypeFit(-0.3, True)
    if _WHERE_Q.search(question) and not _WHERE_FIGURE_Q.search(question):
        # "Where is the supercomputer located?": a place the question does not name ("in Georgia", "rural or
        # remote locations"), not "Microsoft invested in OpenAI"
        return TypeFit(0.05) if _places(question, text) else TypeFit(-0.3, True)
    if _COMPARE_Q.search(question) and not _DATE_ONLY_Q.search(question):
        # ("In which year did Cerebras unveil the world's largest AI chip?" asks a date, not a comparison)
        # the answer is a comparison: a row (or sentence) giving each segment's figure, not one
        # segment's "Net revenue was $4.1 billion"
        amounts = [n for n in _NUMBER_RUN.findall(_PERCENTAGES.sub(" ", _DATE_NUMBERS.sub(" ", text)))
                   if not _YEAR_IN_Q.fullmatch(n)]
        return TypeFit(0.1 if len(amounts) >= 4 else 0.0)  # (this year and last, with the change: not yet one)
    if _WHICH_COUNTRY_Q.search(question):
        # "In which country is Graphcore based?": a country the question does not name, not any name
        return TypeFit(0.05) if _unasked_countries(question, without_asked_figures(question, text)) \
            else TypeFit(-0.3, True)
    if members_unnamed(question, text):
        return TypeFit(-0.3, True)
    if _WHICH_NAMED_Q.search(question):
        # a party's name, not a technology's ("AI FPGAs and ASICs", "MLOps providers"), nor a peer listed with
        # the party the question names ("Which startup did Google acquire?": "Google, Microsoft, and Intel have
        # all purchased ..." names fellow buyers)
        peers = peers_of_asked(question, text)
        parties = [n for n in new_names(question, text, known_names) if not _TECH_TERM.fullmatch(n) and n not in peers]
        return TypeFit(0.05) if parties else TypeFit(-0.3, True)
    if _WHO_HOLDS_Q.search(question) and not _PERSON.search(text):
        # "Who heads the institution contributing €50 billion?": a person, or at least a role; "the
        # European Commission is contributing" names the institution only
        return TypeFit(-0.3, True)
    if _WHO_Q.search(question):
        # a role, and more for a person named in it ("National Economic Director Brian Deese") than for
        # roles alone ("the Secretary of State; the Secretary of the Treasury")
        return TypeFit((0.15 if _PERSON.search(text) else 0.0) + (0.1 if _NAMED_PERSON.search(text) else 0.0))
    if _WHICH_THING_Q.search(question) and not _WHEN_Q.search(question):
        # "Which orchestration tool ...": a name the question does not know ("Kubernetes"), not a sentence
        # repeating the question's own words (a soft penalty only: "which technique" may be answered by
        # a phrase, "liquid cooling", that is no name)
        return TypeFit(0.05 if new_names(question, text, known_names) else -0.2)
    if _DATE_ONLY_Q.search(question) and _threshold_unmet(question, given):
        # "In which year will spending first pass $1 trillion?": the year "$1.4 trillion by 2027" gives is
        # when it passes another mark
        return TypeFit(-0.3, True)
    if _WHEN_Q.search(question) or _DATE_ONLY_Q.search(question):
        if _DATE.search(text):
            return TypeFit(0.06)
        # asked only when, a sentence with no date in it is no answer however close its words
        return TypeFit(-1.0, True) if _DATE_ONLY_Q.search(question) else TypeFit(0.0)
    if _FACTOR_Q.search(question):
        # a multiple: "projected to quadruple", "tenfold", "3x"; two sizes leave the division to the reader
        return TypeFit(0.1) if _FACTOR.search(text) else TypeFit(-0.1, not has_figure(text))
    if _RETURN_Q.search(question):
        # "offering steady returns", "aims to raise $80-100 billion": no return stated
        return TypeFit(0.05) if _PROPORTION.search(text) or _FACTOR.search(text) else TypeFit(-0.2, True)
    for asked, given in _MEASURE_Q.items():
        if asked.search(question) and _MEASURE_ASKED.search(question):
            return TypeFit(0.05) if given.search(text) else TypeFit(-0.2, True)
    if _PHYSICAL_Q.search(question) and has_figure(text) and \
            not has_figure(_PERCENTAGES.sub(" ", _AMOUNTS.sub(" ", text))):
        # "How much computing power will the four gigafactories provide?": "€50 billions of EU funds" is
        # what they cost
        return TypeFit(-0.3, True)
    if _HOW_LONG_Q.search(question) and not _DURATION_Q.search(question):
        # "How long does it take to build a hyperscale data center?": "18 months", "two to three years";
        # "$1.4 trillion by 2029" gives a size and a year, no span
        return TypeFit(0.05) if _SPAN_OF_TIME.search(text) or _YEAR_SPAN.search(text) else TypeFit(-0.2, True)
    if m := _DURATION_Q.search(question):
        # "over how many years": "a ten-year fund", "from 2024 to 2030"; not "a 1 trillion-yuan fund"
        return TypeFit(0.05) if counts(text, m.group(1)) or _YEAR_SPAN.search(text) else TypeFit(-0.2, True)
    if _FAST_Q.search(question):
        # a speed or a growth rate: "over 100 Gbit/s", "~10% annually"; a size ("$1.44 trillion by 2029")
        # says how big, not how fast
        return TypeFit(0.1) if _RATE.search(text) else TypeFit(-0.15, True)
    if (m := _PER_UNIT_Q.search(question)) and not _PER_SOMETHING.search(text) and \
            not re.search(rf"\b{re.escape(stem(m.group(1)))}", text, re.I):
        # "What price per million tokens ...": a price per token (or per a unit written another way: "per
        # kWh"), not "Cost of revenue increased $528 million"
        return TypeFit(-0.3, True)
    if _IN_DOLLARS_Q.search(question) and _OTHER_CURRENCY.search(text) and not _DOLLARS.search(text):
        # "What is the EU's plan worth in U.S. dollars?": "€200 billion" leaves the conversion undone
        return TypeFit(-0.3, True)
    if _RATE_OF_Q.search(question) and not _PROPORTION.search(text):
        # "What is the average occupancy rate of hyperscale data centers?": a share, not "over 1 GW of power"
        return TypeFit(-0.3, True)
    if _MONEY_Q.search(question) and not _MONEY.search(_PERCENTAGES.sub(" ", text)):
        # a sum asked, no sum given: "the edge market is growing ~10% annually" is no size, "over 40
        # industrial parks" no fund's
        return TypeFit(-0.4 if _HOW_MUCH.search(question) or not has_figure(text) else -0.3, True)
    if share_destination_missed(question, text):
        # "What share of the venture money went to consumer applications?": "50% of VC funding went to AI
        # startups" is the share of another part
        return TypeFit(-0.3, True)
    if (focus := contrasted_focus(question)) and not terms_found([focus], fold_numbers(text)):
        # "How much of the target will be raised as debt rather than equity?": a figure for the part asked
        # names that part; "aims to raise $80–100 billion" is the whole
        return TypeFit(-0.3, True)
    if _OWN_PART_Q.search(question) and _MARKET_SHARE.search(text) and "market" not in question.lower():
        # "What percentage of its AI accelerator sales comes from inference?": a part of the party's own sales,
        # not its share of a market ("commanding over 80% market share in AI accelerators")
        return TypeFit(-0.3, True)
    if _SHARE_Q.search(question):
        # a share is a proportion: "AMD acquired Xilinx for $35 billion" has a figure, not a share; "how
        # much of the EU's own money" is answered by a sum too; a change is no share ("the edge market is
        # growing ~10% annually", "server volume decreased 41%")
        if _PROPORTION.search(_CHANGE_PERCENT.sub(" ", text)):
            return TypeFit(0.05)
        if _PROPORTION.search(text) and not _OF_MONEY_Q.search(question):
            return TypeFit(-0.3, True)
        if _OF_MONEY_Q.search(question):
            # a part of a sum is a sum or a share: not "over 40 industrial parks", "1.3 million GPUs"
            return TypeFit(0.0) if _CURRENCY.search(text) else TypeFit(-0.3, True)
        return TypeFit(-0.15, not has_figure(text))
    if _PERCENT_OF_Q.search(question) and _CURRENCY.search(question):
        # "what percentage of Meta's $60-65 billion budget": a percentage or a part of the sum, not "1.3
        # million GPUs"
        if _PROPORTION.search(text):
            return TypeFit(0.05)
        return TypeFit(0.0) if _CURRENCY.search(text) else TypeFit(-0.15, True)
    if m := _COUNT_OF.search(question):
        # "how many GPUs": a count of GPUs, not "$80 billion on data centers"; a sentence that does not
        # mention what is counted ("how many AI gigafactories", a sentence about a fund) counts
        # something else
        counted = counted_noun(m.group(1) or m.group(2))
        if counted is None:
            return TypeFit(0.05) if has_figure(text) else TypeFit(-0.15)
        lowered = text.lower()
        forms = _noun_forms(counted)
        if not any(f in lowered for f in forms) and not _as_symbol(text, counted):
            return TypeFit(-0.5, True)
        if counts(text, counted):
            return TypeFit(0.1)  # "a minimum of 3 sites", "six primary priorities": the count itself
        if has_figure(_MEASURES.sub(" ", _AMOUNTS.sub(" ", text))):
            if counts_only_others(text, forms):
                return TypeFit(-0.3, True)  # "over 1.3 million GPUs" is no number of data centers
            return TypeFit(0.05)
        if has_figure(text):
            # only money, percentages or measures: "$500 billion" is no number of data centers, "over 1 GW
            # of power" none of hyperscale sites
            return TypeFit(-0.3, True)
        if any(not any(stem(w.lower().rstrip("s")) in forms or stem(w.lower()) in forms for w in m.group(1).split())
               for m in _MANY_OF.finditer(text)):
            return TypeFit(-0.5, True)  # "hundreds of thousands of processors" counts no data centers
        # asked how many, a sentence with no number in it ("any such sites identified include ...") is
        # no answer (though less wrong than a count of something else); "dozens" or a lone "3" may be one
        if _MAGNITUDE.search(text) or _LONE_DIGIT.search(_DATE_NUMBERS.sub(" ", text)):
            return TypeFit(-0.15)
        return TypeFit(-0.25, True)
    asked_figure = _WHICH_FIGURE_Q.search(question)
    if asked_figure or _QUANT.search(_FIGURE_SPAN.sub(" ", question)):  # ("the ~$138 billion fund" is given)
        if has_figure(text):
            if _PERCENT_Q.search(question) and not _PROPORTION.search(text) and len(
                    [n for n in _NUMBER_RUN.findall(_DATE_NUMBERS.sub(" ", text)) if not _YEAR_IN_Q.fullmatch(n)]) < 2:
                # a percentage asked: "$1.4 trillion by 2027" is none, nor two amounts to divide
                return TypeFit(0.0, True)
            return TypeFit(0.05)
        # asked "how much", a sentence with no amount in it, not even "billions" or "doubled", is no answer
        if (_HOW_MUCH.search(question) or asked_figure) and not _AMOUNT_WORDS.search(text):
            return TypeFit(-0.4, True)
        # "by what percentage does X cut costs": "reducing operational costs" gives none
        return TypeFit(-0.15, bool(_PERCENT_Q.search(question)))
    return TypeFit(0.0)


_MARKET_Q = re.compile(r"\bmarkets?\b(?!\s+(?:share|cap|capitali[sz]ation|value)\b)", re.I)


# a mark reached: "first pass $1 trillion", "hit $521 billion" (not the figure of a clue: "the country launching a
# 1 trillion-yuan fund")
_MARK_BEFORE = re.compile(r"\b(?:pass|passes|passing|exceed|exceeds|exceeding|top|tops|topping|reach|reaches|reaching|"
                          r"hit|hits|surpass|surpasses|cross|crosses|break|breaks|worth|total|totals|climb to|"
                          r"rise to|grow to)\s+(?:(?:about|roughly|around|nearly|some|over|more than|the)\s+)?$", re.I)


def _threshold_unmet(question: str, text: str) -> bool:
    """A sum or share the question gives (the mark whose date it asks) that `text` does not give."""
    marks = {n.replace(",", "") for m in _AMOUNTS.finditer(question) for n in _NUMBER_RUN.findall(m.group())
             if _MARK_BEFORE.search(question[:m.start()])}
    said = {n.replace(",", "") for n in _NUMBER_RUN.findall(text)}
    return bool(marks) and not marks <= said


def asks_about_a_market(question: str, named: list[str]) -> bool:
    """A question on a market ("How fast is the hyperscale data center market growing?") that names no
    company: a company's filing reports its own segments ("Data Center compute grew 324%"), not the
    market's size or growth."""
    return bool(_MARKET_Q.search(question)) and not any(not _YEAR_IN_Q.fullmatch(n) for n in named)


@functools.lru_cache(maxsize=256)
def _numbers_in_question(question: str) -> frozenset[str]:
    """The question's numbers, read once for all the sentences checked against it (not "H100")."""
    return frozenset(n.replace(",", "") for n in re.findall(r"(?<![A-Za-z\d.])\d[\d,]*(?:\.\d+)?", question))


def without_asked_figures(question: str, text: str) -> str:
    """`text` less the figures whose every number the question gives: "over 40 industrial parks" asked
    "how many of the more than 40 parks", "$65 billion" asked "how much of Meta's $65 billion"."""
    asked = _numbers_in_question(question)
    if not asked:
        return text

    def drop(m: re.Match) -> str:
        numbers = {n.replace(",", "") for n in re.findall(r"\d[\d,]*(?:\.\d+)?", m.group(1))}
        return " " if numbers and numbers <= asked else m.group(0)

    return _FIGURE_SPAN.sub(drop, text)


def new_names(question: str, text: str, known_names: frozenset[str] = frozenset()) -> list[str]:
    """Names in `text` the question does not use; none in a title-cased heading ("Meta's $65 Billion AI
    Infrastructure Plan"), where capitals mark no names, nor codes ("GPUs"). A sentence's first word is a
    name when capitals inside it say so ("SoftBank") or the passages use it mid-sentence (`known_names`)."""
    asked = {w.lower() for w in re.findall(r"[A-Za-z][\w&-]*", question)}
    asked |= {part for w in asked if "-" in w for part in w.split("-")}  # ("Manhattan-scale" uses Manhattan)
    asked |= {DEMONYMS[w].lower() for w in asked if w in DEMONYMS}  # ("Chinese" asked: "China" is no new name)
    if _title_cased(text):
        # a heading: only its acronyms are sure to be names ("IDC: Worldwide AI Spending to Reach ...")
        return [a for a in _ACRONYM.findall(text) if a.lower() not in asked and a.lower() not in FINANCE_CODES]
    codes = [c for c in _VERSION.findall(text) if c not in asked and c not in _NOT_NAMES]
    starts = {m.start(1) for m in _SENTENCE_START.finditer(text)
              if not _CAMEL.search(m.group(1)) and m.group(1).lower().removesuffix("'s").removesuffix("’s")
              not in known_names}
    return [m.group(1) for m in _PROPER.finditer(text)
            if m.start(1) not in starts and (low := m.group(1).lower().removesuffix("'s").removesuffix("’s")
                                             .split("-")[0]) not in asked  # ("AI-driven": the question's AI)
            and low not in FINANCE_CODES and low not in _NOT_NAMES] + codes


# a run of names listed together: "Google, Microsoft, and Intel", "BlackRock and Blackstone"
_NAME_LIST = re.compile(r"[A-Z][\w&.’'-]*(?:\s+[A-Z][\w&.’'-]*)?(?:(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)"
                        r"[A-Z][\w&.’'-]*(?:\s+[A-Z][\w&.’'-]*)?)+")
_NAME_IN_LIST = re.compile(r"[A-Z][\w&.’'-]*(?:\s+[A-Z][\w&.’'-]*)?")
# what a question sets aside, to ask what comes with it: "Besides Google, which ...", "alongside BlackRock"
_SET_ASIDE = r"besides|alongside|apart from|other than|along with|together with|in addition to"
# asked for the party's peers
_PEERS_ASKED = re.compile(rf"\b(?:{_SET_ASIDE}|as well as|like|joined|joins|partners?|co-?backers?|rivals?|"
                          r"competitors?)\b", re.I)


def peers_of_asked(question: str, text: str) -> set[str]:
    """The names `text` lists together with a party the question names, when the question does not ask for such
    peers: they share that party's role in the sentence, not the one asked about."""
    if _PEERS_ASKED.search(question):
        return set()
    asked = {w.lower() for w in re.findall(r"[A-Za-z][\w&-]*", question)}
    peers: set[str] = set()
    for run in _NAME_LIST.finditer(text):
        names = [n.group() for n in _NAME_IN_LIST.finditer(run.group()) if n.group() not in ("And", "Or")]
        if any(w.lower() in asked for n in names for w in n.split()):
            peers |= {w for n in names for w in n.split() if w.lower() not in asked}
    return peers


def counts(text: str, noun: str) -> bool:
    """`text` gives a number of `noun`: a figure or number word at most two words before it ("a minimum
    of 3 sites"); not an amount ("a $2 billion plant"), a share ("40 percent of sites"), a day ("March 3")."""
    undated = _DATE_NUMBERS.sub(" ", text)
    nouns = "|".join(re.escape(f) for f in sorted(_noun_forms(noun)))  # "four tech firms"
    # ("billions of matrix calculations" counts; "a $2 billion plant" does not)
    # ("four of the world's largest tech firms", "four new AI “gigafactories” (large AI compute centers)";
    # not "two broad categories of data centers" nor "thousands of jobs Meta data centers are creating",
    # which count categories and jobs: no "of" and no other plural in between)
    return bool(re.search(rf"\b(?:(?:{_COUNT_WORDS})s?\s*|(?:million|billion|trillion)s\s+)(?:of\s+)?"
                          rf"(?:(?!of\b)(?!(?=[A-Za-z-]{{4,}}\b)[A-Za-z-]*[a-rt-z]s\b)[\w'’“”\"(-]+\s+){{0,6}}"
                          rf"[“\"‘'(]?(?:{nouns})", undated, re.I)) or \
        _as_symbol(text, noun)


# a number and the words after it: "1.3 million GPUs", "40 industrial parks"
_NUMBER_AND_NOUN = re.compile(r"(?<![\w$€£¥.,])(?!(?:19|20)\d\d\b)\d[\d,.]*(?:\s*(?:thousand|million|billion))?"
                              r"((?:\s+[A-Za-z][\w-]*){1,3})", re.I)


def counts_only_others(text: str, forms: set[str]) -> bool:
    """Every number in `text` counts some other thing: "over 1.3 million GPUs" asked how many data
    centers. False when a number is followed by no word (a table's figures) or by the thing counted."""
    undated = _DATE_NUMBERS.sub(" ", _MEASURES.sub(" ", _AMOUNTS.sub(" ", text)))
    found = list(_NUMBER_AND_NOUN.finditer(undated))
    return bool(found) and not any(any(f in m.group(1).lower() for f in forms) for m in found)


def _noun_forms(noun: str) -> set[str]:
    """How a passage may write a counted noun: its singular stem and its stand-ins ("firm" for companies),
    in either spelling ("centres" asked, "centers" written)."""
    forms = {stem(noun.rstrip("s")), *_forms(noun)}
    return forms | {re.sub(r"re$", "er", f) for f in forms}


def _as_symbol(text: str, noun: str) -> bool:
    """`text` gives the unit counted by its symbol: "5 GW" for gigawatts."""
    unit = _UNIT_SYMBOLS.get(noun)
    return bool(unit and re.search(rf"\d\s?{unit}\b", text, re.I))


def counted_noun(phrase: str) -> str | None:
    """The thing a "how many" question counts: "AI gigafactories is China" -> "gigafactories",
    "industrial parks devoted" -> "parks", "GPUs does" -> "gpus", "AI or robotics industrial parks are" ->
    "parks" (the last plural of the phrase: the ones before qualify it), "GPUs Meta plans" -> "gpus" (a name
    starts the clause after it); None for a generic count ("people")."""
    words, joined = [], []  # (a plural before "or": "GPUs or specialised chips" counts the GPUs too)
    for w in phrase.split():
        if w[:1].isupper() and w[1:].islower() and words:  # "Meta", not "GPUs"
            break
        w = w.lower()
        if w in ("and", "or") and words:
            joined.append(words[-1])
            continue  # "construction and manufacturing jobs": the jobs are counted
        if w in _COUNT_STOP:
            break
        words.append(w)
    if not words:
        return None
    plurals = [w for w in joined + words[::-1] if w.endswith("s") and len(w) > 3]
    noun = plurals[0] if plurals else words[-1]
    return None if noun in _GENERIC_COUNTS else noun


@dataclass
class Evidence:
    """A sentence or table row of a passage, scored against the question."""

    text: str  # verbatim from the passage
    score: float
    kind: str  # "sent" | "row"
    header: str | None = None
    # the sentence before, when this one refers back to it ("The company has deployed ..."): the names
    # it carries are this sentence's too
    antecedent: str = ""
    # nothing of the kind the question asks for (no number for "how many"): it may support, not lead
    lacks_asked_type: bool = False
    # how much closer the question comes to this unit without its least supported term (0: none)
    unsupported_shift: float = 0.0
    # the question as this unit answers it, where that differs: asked of the party a clue describes, by name
    # (clues.py), of a sentence naming that party
    asked_as: str = ""
    # what `score` holds for the answer's kind (`TypeFit.bonus`): the score less it is how close the unit's
    # subject comes to the question's
    type_bonus: float = 0.0


def stem(word: str) -> str:
    return word[:6]


_PROPER = re.compile(r"\b([A-Z][A-Za-z0-9&.\-]*[A-Za-z0-9]|[A-Z]{2,}|[a-z]+[A-Z][A-Za-z0-9]*)\b")
_VERSION = re.compile(r"\b[a-z]\d{1,3}[a-z]?\b")  # a version or model code: "TPU v5 pods"
_YEAR_IN_Q = re.compile(r"\b((?:19|20)\d{2})\b")
_NOT_NAMES = {"what", "how", "which", "who", "when", "where", "why", "did", "does", "do", "is", "was", "were", "are",
              "the", "in", "for", "of", "and", "give", "tell", "list", "according", "q1", "q2", "q3", "q4", "fy",
              "i", "a", "an", "its", "their", "can", "could", "should", "would", "will", "has", "have", "had"}


FINANCE_CODES = {"usd", "eur", "gbp", "gaap", "non-gaap", "eps", "ppne", "pp&e", "ttm", "yoy", "qoq", "ebitda", "ebit",
                 "cagr", "capex", "opex", "r&d", "sg&a", "fy", "ceo", "cfo", "ai", "us", "u.s", "gpu", "gpus", "cpu",
                 "cpus", "tpu", "tpus", "m&a", "agm"}
_FISCAL = re.compile(r"^(?:fy|cy)'?(\d{2}|\d{4})$", re.I)
# "SoftBank", "OpenAI", "AWS": a name wherever it stands (a sentence's first word included)
_CAMEL = re.compile(r"^(?:[A-Z][a-z]+[A-Z]|[A-Z]{2,}(?![a-z]))")
_SENTENCE_START = re.compile(r"(?:^|[.?!:]\s+)([A-Za-z][\w&.\-]*)")


# a question's first word is no name ("Assume ...", "Using ..."), unless it owns something ("Oracle's new
# data centers")
_POSSESSIVE = re.compile(r"['’]s\b")


def _name_part(word: str) -> str:
    """ "AWS-designed" -> "AWS", "Nvidia-backed" -> "Nvidia": a name made an adjective is the name; a name
    of two capitalised parts ("Coca-Cola") is kept whole."""
    return re.sub(r"-[a-z][a-z-]*$", "", word)


def named_terms(question: str) -> list[str]:
    """Proper nouns and years a question names: an answer from a passage lacking them is off target
    (an adjacent company or year is the commonest near miss). Sentence-initial words ("Assume",
    "Answer"), finance codes (USD, EPS) and fiscal tags (FY2018 -> 2018) are not names."""
    starts = {m.start(1) for m in _SENTENCE_START.finditer(question)}
    source = cited_source_spans(question)
    names = []
    for m in _PROPER.finditer(question):
        word = m.group(1)
        low = _name_part(word).lower().removesuffix("'s")
        if low in _NOT_NAMES or low in FINANCE_CODES or (m.start(1) in starts and not word.isupper()
                                                         and not _POSSESSIVE.match(question, m.end(1))):
            continue
        if any(a <= m.start(1) < b for a, b in source):
            continue  # "according to the White House": who says it, not what it is about
        if _DATE_NUMBERS.match(question, m.start(1)):
            continue  # "May 3" is a date (its year is kept), not a name: "may" is in every filing
        if f := _FISCAL.match(low):
            year = f.group(1)
            names.append(year if len(year) == 4 else f"20{year}")
            continue
        names.append(low)
    names += [m.group(1).lower() for m in re.finditer(r"\b(\d+[A-Za-z][\w&]*)\b", question)]  # 3M, 5G
    years = _YEAR_IN_Q.findall(question)
    return list(dict.fromkeys(names + years))


_NAME_RUN = re.compile(r"\b[A-Z][a-z]+(?:\s+(?:of\s+|and\s+|for\s+)?[A-Z][a-z]+)+")


def name_initials(question: str) -> dict[str, str]:
    """{"EU": "European Union"} for the names of several words a question spells out: a passage
    saying "the EU" names the European Union."""
    out = {}
    for m in _NAME_RUN.finditer(question):
        words = [w for w in m.group(0).split() if w[0].isupper() and w.lower() not in _NOT_NAMES]
        if len(words) >= 2:
            out["".join(w[0] for w in words)] = " ".join(words)
    return out


def name_aliases(named: list[str]) -> dict[str, str]:
    """{"AWS": "Amazon"} for the names a question uses (lowercased, as `named_terms` gives them); a
    people's adjective is named by its country too ("Chinese law" asked, "China's cybersecurity laws")."""
    return {**{alias: name.capitalize() for name in named for alias in NAME_ALIASES.get(name, ())},
            **{DEMONYMS[name]: name.capitalize() for name in named if name in DEMONYMS}}


DEMONYMS = {"chinese": "China", "american": "America", "european": "Europe", "japanese": "Japan",
            "indian": "India", "korean": "Korea", "taiwanese": "Taiwan", "british": "Britain", "french": "France",
            "german": "Germany", "canadian": "Canada", "israeli": "Israel", "saudi": "Saudi Arabia"}
_DEMONYM = re.compile(rf"\b({'|'.join(DEMONYMS)})\b", re.I)


_ACRONYM = re.compile(r"(?<![\w.-])([A-Z]{2,6})(?![\w-])")


def acronyms_in(question: str) -> frozenset[str]:
    """The question's all-capital short names ("EPA", "OMB"), which a passage may spell out."""
    return frozenset(m.group(1) for m in _ACRONYM.finditer(question))


def with_spelled_names(text: str, initials: dict[str, str], acronyms: frozenset[str] = frozenset()) -> str:
    """The text with the names its short forms stand for: initials the question spells out ("the EU"
    is the European Union), countries named by their people's adjective ("the Chinese government"
    is China's), and the question's acronyms the text spells out ("the Environmental Protection
    Agency" is the EPA a question names)."""
    # written with or without dots: "US" and "U.S." both name the United States
    found = [name for short, name in initials.items()
             if re.search(r"(?<![\w-])" + r"\.?".join(map(re.escape, short)) + r"\.?(?![\w-])", text)]
    found += dict.fromkeys(DEMONYMS[m.group(1).lower()] for m in _DEMONYM.finditer(text))
    if acronyms:
        spelled = {"".join(w[0] for w in m.group(0).split() if w[0].isupper()) for m in _NAME_RUN.finditer(text)}
        found += sorted(acronyms & spelled)
    return f"{text} {' '.join(found)}" if found else text


_ROLE_BEFORE = re.compile(r"\b(ceo|cfo|cto|chief (executive|financial|technology|operating)( officer)?|founder|"
                          r"co-founder|president|chair(man|woman)?|director|executive|minister|secretary|analyst|"
                          r"said|says|mr\.?|ms\.?|dr\.?)\s+([A-Z][\w'’.-]*\s+)?$", re.I)


_MID_SENTENCE_NAME = re.compile(r"(?<=[a-z,;:(] )([A-Z][a-z][\w&-]*)")


def names_used_mid_sentence(texts: list[str]) -> frozenset[str]:
    """Capitalised words the passages use in the middle of a sentence ("competing with Nvidia"): names,
    where a capitalised first word ("Investors are ...", "Nvidia has ...") may be either."""
    # (not in a title-cased heading: "AI Startups & Innovators: Emerging AI Infrastructure Providers")
    return frozenset(m.group(1).lower() for t in texts for line in t.splitlines() if not _title_cased(line)
                     for m in _MID_SENTENCE_NAME.finditer(line))


# the small words a title leaves in lower case ("Spending to Reach $154 Billion in 2027", "Investing with Purpose")
_TITLE_SMALL_WORDS = frozenset("""with from into onto over than that this their about after before under between
amid upon across through without within versus while when where your what how and for the""".split())


def _title_cased(line: str) -> bool:
    """A heading in title case: every longer word capitalised but a title's small words (a sentence naming two
    parties, "Borealis acquired Graphcore in 2024.", is none)."""
    longer = [w for w in re.findall(r"[A-Za-z][\w'’-]*", line) if len(w) > 3]
    return len(longer) >= 2 and all(w[0].isupper() or w.lower() in _TITLE_SMALL_WORDS for w in longer)


def other_party_instead(named: list[str], question: str, text: str, known_names: frozenset[str] = frozenset()
                        ) -> bool:
    """The sentence leaves out the party the question is about (its first name) and names another
    ("AMD acquired Xilinx", asked what Intel paid for Xilinx; "Meta aims to have 1.3 million GPUs",
    asked about Microsoft). The sentence's first word is taken for a name when it is written like one
    (AMD, OpenAI) or the passages use it mid-sentence (`known_names`): "Investors are seeing ..." names
    nobody."""
    # (a month names when, not who: "the July 2025 order")
    parties = [n for n in named if not _YEAR_IN_Q.fullmatch(n) and not n[:1].isdigit() and n not in MONTHS]
    if not parties or parties[0][:6] in text.lower() or _WHO_Q.search(question) or _WHICH_PARTY_Q.search(question) \
            or _NAME_Q.search(question):
        return False  # (a "who", "which agency" or "what is the name" question's answer is a name it does not know)
    asked = question.lower()
    for m in _PROPER.finditer(text):
        word = m.group(1)
        low = word.lower().removesuffix("'s").removesuffix("’s")
        if low in _NOT_NAMES or low in FINANCE_CODES or low.split("-")[0] in FINANCE_CODES or low[:6] in asked:
            continue  # (an "AI-driven" service is no party)
        first = m.start(1) == len(text) - len(text.lstrip(" -•·*–—"))
        if first and not (word.isupper() or any(c.isupper() for c in word[1:]) or low in known_names):
            continue  # a capitalised first word is just a sentence's start
        if _ROLE_BEFORE.search(text[max(0, m.start(1) - 40):m.start(1)]):
            continue  # a person in a role ("led by chief executive Hélène Marchetti") is no other party
        return True
    return False


_PARTY_RUN = re.compile(r"(?<![\w-])(?:[A-Z][\w&.'’-]*)(?:\s+(?:[A-Z][\w&.'’-]*))*")


_SOURCE_OF = re.compile(r"\baccording to (the )?$", re.I)


def cited_source_spans(question: str) -> list[tuple[int, int]]:
    """Where the source a question cites stands ("according to the White House"): its words there are
    who says it; the same words elsewhere in the question ("According to Nvidia's 10-K, what was Nvidia's
    revenue?") still name what it is about."""
    return [(m.start(), m.end()) for m in _PARTY_RUN.finditer(question) if _SOURCE_OF.search(question[:m.start()])]


def question_parties(question: str) -> list[list[str]]:
    """The parties a question names, each as its words ("SambaNova Systems" is one party, "Intel" and
    "Xilinx" two); a question's first word and finance codes are not parties."""
    starts = {m.start(1) for m in _SENTENCE_START.finditer(question)}
    parties = []
    for m in _PARTY_RUN.finditer(question):
        written = m.group(0).split()
        words = [_name_part(w).lower().removesuffix("'s").removesuffix("’s") for w in written]
        if m.start() in starts:
            words = words[1:] if not (written[0].isupper() or _POSSESSIVE.search(written[0])) else words
        groups = [words]
        if len(written) >= 2 and re.search(r"['’]s$", written[-2]):
            # "Amazon's Kuiper", "Nvidia's ARM": the owner and what it owns are two parties (a passage
            # on Amazon's AWS says nothing of Kuiper); "America's AI Action Plan" stays one name
            groups = [words[:-1], words[-1:]]
        for group in groups:
            group = [w for w in group if len(w) > 1 and w not in _NOT_NAMES and w not in FINANCE_CODES
                     and not _FISCAL.match(w) and not _YEAR_IN_Q.fullmatch(w)
                     and not re.fullmatch(r"q[1-4](?:['’]?(?:19|20)?\d{2})?", w)
                     and w not in MONTHS]
            if group:
                parties.append(group)
    return parties


def missing_party(question: str, text: str) -> bool:
    """The question is about several parties (an acquirer and its target, an investor and a company)
    and the sentence names one but leaves another out: "Intel bought Habana Labs" does not say what
    Intel paid for Xilinx. Not for "A or B" questions, where either will do."""
    parties = question_parties(question)
    if len(parties) < 2 or re.search(r"\bor\b", question, re.I):
        return False
    low = text.lower()
    # (by an alias too: "Beijing" is named by "China's ...", "Amazon" by "AWS")
    named = [any(w[:6] in low or any(a.lower() in low for a in NAME_ALIASES.get(w, ())) for w in party)
             for party in parties]
    # one named, another left out; naming none may be a sentence referring back ("The company said ...")
    return any(named) and not all(named)


def missing_named(question: str, named: list[str], text: str) -> int:
    """How many of the parties and years the question names `text` leaves out. A party of several words
    ("Micron Technology") is named by any of them; a party `named` leaves out (the source a question
    cites: "according to the White House") is not counted."""
    lowered = text.lower()
    missing = sum(1 for n in named if _YEAR_IN_Q.fullmatch(n) and n not in lowered)
    words_of_parties = set()
    for party in question_parties(question):
        if not set(party) & set(named):
            continue  # (the names are `named`'s; the parties only group them)
        words_of_parties.update(party)
        missing += not any(w[:6] in lowered for w in party)
    # names the party grouping does not see ("3M", "nd-series")
    missing += sum(1 for n in named if not _YEAR_IN_Q.fullmatch(n) and n not in words_of_parties
                   and n[:6] not in lowered)
    return missing


def term_overlap(question_terms: list[str], text: str, weights: dict[str, float] | None = None) -> float:
    """Share of the question's terms found in `text` (or a finance synonym of them), each weighted by
    its rarity when weights are given."""
    if not question_terms:
        return 0.0
    found = terms_found(question_terms, text)
    weight = (lambda t: weights.get(t, 1.0)) if weights else (lambda t: 1.0)
    total = sum(weight(t) for t in question_terms)
    return sum(weight(t) for t in question_terms if t in found) / total if total else 0.0


def terms_found(question_terms: list[str], text: str) -> set[str]:
    """The question's terms `text` contains (or a finance synonym of them); `text` is read once."""
    if not question_terms:
        return set()
    terms = query_terms(text)
    # "data-center" and "data center" are the same words: hyphenated words count whole and in parts
    words = {stem(w) for w in terms} | {stem(p) for w in terms if "-" in w for p in w.split("-") if p}
    return {t for t in question_terms if any(f in words for f in _forms(t)) or
            ("-" in t and all(stem(p) in words for p in t.split("-") if p))}


_GROUP_FIGURE = re.compile(r"\b(together|combined|collectively|jointly|in aggregate|altogether)\b", re.I)
_GROUP_QUESTION = re.compile(r"\b(together|combined|collectively|jointly|aggregate|altogether|total|all|each|both)\b",
                             re.I)


_WIDE_SCOPE = re.compile(r"\b(global|worldwide|industry[- ]wide|across the industry|world's)\b", re.I)
# ... not a word of a name: "the Global AI Infrastructure Investment Partnership" is one partnership
_IN_NAMES = re.compile(r"(?<=[a-z,;:(] )(?:Global|Worldwide)(?=\s+[A-Z])")


def group_figure_for_one(question: str, named: list[str], text: str) -> bool:
    """The sentence gives a group's figure ("the four firms together planned $315 billion", "global
    spending on AI data centers ... $1.4 trillion" without the company) while the question asks about
    one party: the adjacent-scope near miss, which no single number check catches."""
    parties = [n for n in named if not _YEAR_IN_Q.fullmatch(n)]
    if len(parties) != 1 or _GROUP_QUESTION.search(question) or _WIDE_SCOPE.search(_IN_NAMES.sub(" ", question)):
        return False
    return bool(_GROUP_FIGURE.search(text)) or (bool(_WIDE_SCOPE.search(_IN_NAMES.sub(" ", text)))
                                                and parties[0][:6] not in text.lower())


# what introduces a group's members: "backed by companies like SoftBank, Oracle, and OpenAI"
_MEMBERS_CUE = re.compile(r"\b(?:backed by|led by|funded by|joined by|including|such as|like|alongside)\s+"
                          r"(?:(?:companies|firms|investors|partners|players)\s+)?(?:(?:like|such as|including)\s+)?")
_LIST_END = re.compile(r"[.;:()]|\s[–—]\s|,\s+(?!and\b|or\b)[a-z]")  # "..., aiming to build", "..., while"


def member_figure_for_one(question: str, named: list[str], text: str) -> bool:
    """The party asked about is one member of a group the sentence lists ("a $500 billion investment ...
    led by OpenAI, Oracle, and Softbank"), no member has a figure of its own, and the question names no
    other member: the figure is the group's, not what that member put in."""
    # (the backer in "the BlackRock-backed GAIIP" is not what the question asks about)
    parties = [n for n in named if not _YEAR_IN_Q.fullmatch(n)
               and not re.search(rf"(?<![\w-]){re.escape(n)}-[a-z]", question.lower())]
    if not parties or _GROUP_QUESTION.search(question) or _NAME_Q.search(question) or not has_figure(text):
        return False  # (asked its name, the group's project is the member's too)
    for cue in _MEMBERS_CUE.finditer(text):
        tail = text[cue.end():]
        members = tail[:m.start()] if (m := _LIST_END.search(tail)) else tail
        names = [w.lower() for w in re.findall(r"[A-Z][\w&.'’-]*", members)]
        if len(names) < 2 or has_figure(members) or not any(n.startswith(parties[0][:6]) for n in names):
            continue
        if not any(n.startswith(p[:6]) for p in parties[1:] for n in names):
            return True
    return False


def spelled_date(iso: str | None) -> str:
    """"2023-10-29" -> "2023-10-29 October 29, 2023": a question names the period the way filings do."""
    try:
        d = _dt.date.fromisoformat(str(iso))
    except ValueError:
        return str(iso or "")
    return f"{iso} {d.strftime('%B')} {d.day}, {d.year}"


def other_year_only(named: list[str], unit: Evidence, doc_period: str = "") -> bool:
    """The sentence (or the row with its table header) is dated, but not with any year the question
    names: an adjacent-year figure ("1.3 million GPUs by end of 2025" for a question about 2022).
    `doc_period` is the passage's document period ("2023-10-29 Q3 FY2024"): when it falls in a year the
    question names, the fiscal year it carries is the same period under another name ("the quarter
    ended October 29, 2023" is NVIDIA's "third quarter of fiscal year 2024")."""
    asked = {n for n in named if _YEAR_IN_Q.fullmatch(n)}
    if not asked:
        return False
    period_years = set(_YEAR_IN_Q.findall(doc_period))
    if period_years & asked:
        asked |= {str(y) for y in period_years_of(doc_period)}
    stated = set(_YEAR_IN_Q.findall(f"{unit.text} {unit.header or ''}"))
    return bool(stated) and not (stated & asked)


def period_years_of(doc_period: str) -> set[int]:
    """The years a document's period names: calendar ("2023-10-29") and fiscal ("FY2024", "FY'24")."""
    fiscal = re.findall(r"\bFY'?((?:19|20)?\d{2})\b", doc_period)
    return {int(y) for y in _YEAR_IN_Q.findall(doc_period)} | {int(y) if len(y) == 4 else 2000 + int(y)
                                                                for y in fiscal}


# what a document may say of later years: its plans ("will invest $10 billion over the next six years";
# not a bare "will", which releases use for what is decided: "the Council will be co-chaired by ...")
_FORWARD = re.compile(r"\b(plans?|planned|expects?|expected|aims?|intends?|targets?|projected|"
                      r"forecasts?|over the next|by the end of|going forward)\b", re.I)


def predates_year(named: list[str], unit: Evidence, doc_period: str) -> bool:
    """The question names a year after every year its document is dated with ("2022-08-25", "Q3 FY2024")
    and the sentence names none of the years asked, nor looks ahead: a 2022 release cannot say who
    co-chaired a council in 2025, but may say what a company will invest by then."""
    asked = {int(n) for n in named if _YEAR_IN_Q.fullmatch(n)}
    dated = period_years_of(doc_period)
    if not asked or not dated or min(asked) <= max(dated) or _FORWARD.search(unit.text):
        return False
    return not {int(y) for y in _YEAR_IN_Q.findall(_with_context(unit))} & asked


def year_unattested(named: list[str], unit: Evidence, doc_period: str) -> bool:
    """The question names a year, and neither the sentence (with the one it refers back to) nor its
    document is dated: an undated article's "has deployed 1.3 million GPUs" does not say it was so at
    the end of 2022."""
    if not any(_YEAR_IN_Q.fullmatch(n) for n in named) or doc_period.strip():
        return False
    return not _YEAR_IN_Q.search(_with_context(unit))


def _with_context(unit: Evidence) -> str:
    """The sentence with the one it refers back to, or the row with its table header: where its year is."""
    return f"{unit.antecedent} {unit.text} {unit.header or ''}"


# the kinds of party a question may name a party by ("the chipmaker whose ...", "the bloc behind ..."): "for the
# company" is whose figure it is, not what it is for
PARTY_KINDS = ("company|firm|country|nation|bloc|maker|provider|investor|startup|developer|operator|chipmaker|"
               "manufacturer|designer|giant|vendor|supplier|group|partner|fund|jurisdiction|region|economy|"
               "consultancy|hyperscaler|lab")
_PARTY_KIND = re.compile(rf"(?:{PARTY_KINDS})", re.I)

# what a figure is for or about: "a tax credit for electric vehicle plants", "a tariff on smartphones",
# "an Executive Order on quantum computing", "venture capital put into AI startups"; up to four words, ended
# by punctuation, another preposition or a verb
_PURPOSE = re.compile(r"(?<!based )(?<!depending )\b(?:for|on|into)\s+((?:[\w-]+\s+){0,3}?[\w-]+?)"
                      r"(?=\s*(?:[?,;:]|$|\b(?:in|by|from|to|at|under|for|on|into|of|during|over|with|and|or|that|"
                      r"which|when|as|since|through|than|is|are|was|were|be|been|will|would|must|can|could|should|"
                      r"did|does|do|has|have|had|together|alone|only|also|so|now|each|per|occurred|used)\b))")
_COMPARED = re.compile(r"\b(?:compared (?:with|to)|instead of|rather than|versus|vs\.?)\b", re.I)
# (and words of mere size, which writers paraphrase freely: "for huge volumes" is "vast amounts")
_PURPOSE_FILLER = {"the", "a", "an", "its", "their", "his", "her", "this", "these", "those", "each", "every", "per",
                   "all", "any", "new", "such", "other", "own", "huge", "vast", "large", "massive", "enormous",
                   "big", "volume", "volumes", "amount", "amounts", "quantities", "lots"}


_TIME_WORDS = {"year", "years", "prior", "previous", "preceding", "last", "quarter", "quarters", "month", "months",
               "period", "periods", "annual", "basis", "week", "weeks", "day", "days", "decade", "earlier", "before"}


def unmatched_purpose(question: str, text: str) -> str | None:
    """What the question's figure is for ("for rural broadband") when `text` (a passage) names none of it:
    its figures are for something else ("$10 billion to invest in regional innovation hubs"). None when it
    names a word of it (or its initials: "AI" for "artificial intelligence")."""
    low = text.lower().replace("-", "")
    words = {stem(w) for w in re.findall(r"[a-z0-9][\w]*", low)}
    acronyms = {w.lower() for w in re.findall(r"\b[A-Z]{2,5}\b", text)}
    # (not what the asked thing is compared with: "in days, compared with months on older setups")
    asked = _COMPARED.split(question, maxsplit=1)[0]
    for m in _PURPOSE.finditer(asked):
        if re.search(r"\b[A-Z][a-z]|\d", m.group(1)):
            continue  # a name ("on AI Datacenter Infrastructure") or a period ("for FY 2023"): checked on their own
        if re.match(r"\s+of\s+(?:the\s+)?[A-Z]", asked[m.end():]):
            continue  # named parties ("for the quartet of Alphabet, Amazon, ..."): the names are checked
        content = [w.replace("-", "") for w in re.findall(r"\b[a-z][a-z-]*\b", m.group(1))]
        content = [w for w in content if w not in STOPWORDS and w not in _PURPOSE_FILLER and len(w) > 2]
        if not content or all(_PARTY_KIND.fullmatch(w) or w in _TIME_WORDS for w in content):
            continue  # (a period is no purpose: "rose 52% on the prior year")
        if any(stem(f) in words for w in content for f in _forms(w)):
            continue
        if "".join(w[0] for w in content) in acronyms:
            continue
        return m.group(1)
    return None


# "backing" as a noun ("win regulatory backing and customer preference") asks for no backer
_BACKING_NOUN = re.compile(r"\bbacking\b(?=\s*(?:and|or|of|from|for|to|in|[,.?;:]|$))", re.I)


# "Besides subsidies and land, what does the government provide ...?": what the answer is listed with
_BESIDES = re.compile(rf"^\s*(?:{_SET_ASIDE}|aside from|beyond)\s+([^,?]+),", re.I)
_POSSESSIVES = {"its", "their", "his", "her", "the"}


@functools.lru_cache(maxsize=256)
def _listed_with(question: str) -> tuple[str, ...]:
    m = _BESIDES.search(question)
    return tuple(t for t in query_terms(m.group(1)) if t not in _POSSESSIVES) if m else ()


def besides_unmentioned(question: str, text: str) -> bool:
    """Asked what comes "besides" something ("Besides subsidies and land, what does Beijing provide for data
    center projects?"), `text` mentions none of it: the answer is listed with what the question sets aside, and
    a sentence that never names that is about something else ("China is launching a 1 trillion-yuan fund")."""
    listed = list(_listed_with(question))
    return bool(listed) and not terms_found(listed, fold_numbers(text))


def missing_metric(question_terms: list[str], text: str, question: str = "") -> bool:
    asked = [t for t in question_terms if t in METRICS and not (t == "backing" and _BACKING_NOUN.search(question))]
    if not asked:
        return False
    lowered = text.lower()
    if "share" in asked and "market" in question_terms:
        # a market share is not any percentage ("we expect to own 94% of their common stock")
        return not ("share" in lowered or re.search(r"\d\s?%[^.]{0,40}\bmarket\b", lowered))
    # each metric asked must be named: "What annual revenue was Xilinx generating when AMD agreed to buy
    # it?" is not answered by "AMD acquired Xilinx for $35 billion"
    return _unwritten(asked, text, METRICS)


def _unwritten(asked: list[str], text: str, forms: dict[str, tuple[str, ...]]) -> bool:
    """Some term of `asked` appears in `text` in none of its `forms`."""
    lowered = text.lower()
    return not all(any(form in lowered for form in forms[t]) for t in asked)


# the deals a "which"/"who" question asks a party of: "Which company acquired Graphcore?", "Who backs GAIIP?"
_RELATIONS = {
    **{t: METRICS[t] for t in ("buy", "bought", "acquire", "acquired", "backing", "backed", "backs", "backer")},
    **dict.fromkeys(("sold", "sell", "sells", "seller"), ("sold", "sell", "sale", "divest")),
    **dict.fromkeys(("manufactures", "manufactured", "manufacture", "fabricates", "fabricated"),
                    ("manufactur", "fabricat", "foundr", " fab", "produc", "made by", "makes", "built by")),
    **dict.fromkeys(("operates", "operated"), ("operat", " run", "manag", "led by")),  # ("runs" also executes)
}
_ASKS_PARTY = re.compile(r"^\s*(?:(?:[\w-]+\s+){0,2}?(?:which|whom?|whose))\b", re.I)


def missing_relation(question_terms: list[str], text: str, question: str) -> bool:
    """Asked which party took part in a deal ("Which company acquired Graphcore?"), a sentence that tells of
    no such deal ("Graphcore (raised $700M, competing with Nvidia in AI chips)") names parties, but none in
    that part: it cannot lead the answer however close its words (`missing_metric` only weighs it down)."""
    if not _ASKS_PARTY.search(question):
        return False
    return _unwritten([t for t in question_terms if t in _RELATIONS], text, _RELATIONS)


# "Which regulator blocked ...?", "Who produced the estimate ...?": the party asked for is the subject of a
# past-tense verb (not an auxiliary: "Which company did ...", "Which fund was ...")
_ASKS_AGENT = re.compile(r"^\s*(?:which\s+(?:[\w-]+\s+){0,3}?|who\s+)(?!(?:was|were|did|had|used|need|based)\b)"
                         r"([a-z]{3,}ed)\b(?!\s+by\b)", re.I)
_PASSIVE_AUX = r"(?:was|were|is|are|been|being|be|got|gets|get)\s+(?:[a-z]+ly\s+)?"


def agent_unsaid(question: str, text: str) -> bool:
    """Asked who did something ("Which regulator blocked Nvidia's acquisition of ARM?"), `text` says it was done
    but not by whom ("NVIDIA’s $40 billion acquisition of ARM was blocked"): a passive with no "by", and the
    verb nowhere else."""
    m = _ASKS_AGENT.search(question)
    if not m:
        return False
    verb = re.escape(m.group(1).lower())
    uses = list(re.finditer(rf"\b{verb}\b", text, re.I))
    return bool(uses) and all(re.search(rf"{_PASSIVE_AUX}$", text[:u.start()], re.I) and
                              not re.match(r"\s+by\b", text[u.end():], re.I) for u in uses)


# asked who a claim comes from: "Which research firm compiled the $131.5 billion figure?", "Who is quoted defining
# distributed training?", "Which tech executive made the observation that ...?", "Who is the source of the quote ...?"
_SOURCE_Q = re.compile(
    r"^\s*(?:which|what) (?:[\w-]+\s+){0,3}?(?:firm|organi[sz]ation|provider|source|analyst|consultancy|report|study|"
    r"survey|publication|executive|leader|person|official|expert|researcher|economist|outlet)s?\b[^?]*\b(?:compiled|"
    r"produced|estimated?|forecasts?|predicts?|projects?|said|says|stated|described|defined|observed|coined|quoted|"
    r"reported|published|made the (?:observation|estimate|forecast|claim|prediction)|came up with)\b|"
    r"^\s*who\s+(?:is|was)\s+(?:quoted|cited|credited|the source)\b|"
    r"^\s*who\s+(?:said|says|described|observed|defined|coined|estimated|forecast|predicted|made the)\b|"
    r"\bsource of the (?:quote|quotation|estimate|figure|forecast|data|claim|statistic)\b", re.I)
# ... and a sentence saying whose it is: "(Economist Impact, 2025)", "as OpenAI's CEO observed", "according to IDC",
# "IDC estimates", "said Director Michael Kratsios"
_ATTRIBUTION = re.compile(
    r"\([A-Z][\w&.’' -]+,\s*(?:19|20)\d{2}\)|\b(?i:according to)\s+(?:the\s+)?[A-Z]|"
    # ("as OpenAI's CEO observed", not "such as Nvidia", "known as Stargate")
    r"\b(?i:as)\s+(?:the\s+)?[A-Z][\w&.’'-]*(?:\s+[A-Z][\w&.’'-]*)*(?:[’']s(?:\s+[\w-]+){1,3})?\s+(?:observed|"
    r"noted|notes|said|says|put it|wrote|writes|argued|argues|reported|reports|estimated|estimates|found|explained|"
    r"explains|warned|warns|predicted|predicts)\b|"
    r"\b[A-Z][\w&.’'-]+\s+(?:said|says|noted|notes|observed|observes|estimates|estimated|forecasts|predicts|"
    r"reported|reports|wrote|writes|told|argues|found)\b|"
    r"\b(?:said|says|noted|observed|wrote|told|per)\s+(?:[a-z]+\s+){0,3}?[A-Z]|"
    # a source's name before a colon: a report's headline ("IDC: Worldwide AI ... to Reach $154 Billion"), a speaker
    r"\b[A-Z][\w&.’'-]*(?:\s+[A-Z][\w&.’'-]*){0,4}:\s")


def source_unsaid(question: str, text: str) -> bool:
    """Asked who a claim comes from, `text` states the claim and says nobody's it is ("In 2024, over 50% of all
    global VC funding went to AI startups, totaling $131.5 billion"): the sources repeat the claim, not its
    source."""
    return bool(_SOURCE_Q.search(question)) and not _ATTRIBUTION.search(text)


_PARENTHESES = re.compile(r"\([^()]*\)")
_LIST_BREAK = re.compile(r",\s+(?:and\s+|or\s+|while\s+|whereas\s+)?|;\s+")


def list_item_of(text: str, named: list[str]) -> str | None:
    """In a sentence listing several parties with a figure each ("Graphcore (raised $700M, ...),
    Cerebras Systems (funded with $720M), and SambaNova Systems (valued at $5B)"), the one item about
    the party the question names; None when the sentence is no such list."""
    parties = [n for n in named if not _YEAR_IN_Q.fullmatch(n)]
    if not parties:
        return None
    # commas inside parentheses do not separate items
    masked = _PARENTHESES.sub(lambda m: m.group(0).replace(",", "\x00").replace(";", "\x01"), text)
    items = [i.replace("\x00", ",").replace("\x01", ";") for i in _LIST_BREAK.split(masked) if i.strip()]
    # a list of parties: items after the first start with a name ("..., Cerebras Systems (...), and
    # SambaNova ..."); "The EU, for example, is mobilizing ..." is one clause with asides
    if len(items) < 2 or not any(i.lstrip()[:1].isupper() for i in items[1:]):
        return None
    # the item naming most of the question's names ("SambaNova Systems" over "Cerebras Systems")
    count = [sum(1 for p in parties if re.search(rf"(?<![\w-]){re.escape(p)}", i.lower())) for i in items]
    best = max(count)
    if not best or count.count(best) > 1:
        return None
    item = items[count.index(best)]
    # a list entry carries its own figure; a run-on passage naming the company in passing does not
    return item if has_figure(item) else None


@dataclass(frozen=True)
class Parties:
    """The one company a question asks about and the corpus's other companies: a sentence naming only
    another company ("Microsoft plans to spend $80 billion") answers about that company, not the one
    asked about (the adjacent-company near miss)."""

    asked: frozenset[str]  # the asked company's canonical name(s), as in passage metadata
    asked_aliases: re.Pattern[str]  # lower-case: name, ticker, first word of the name
    others: re.Pattern[str]  # the other companies' full names and tickers

    def other_only(self, text: str) -> bool:
        low = text.lower()
        if self.asked_aliases.search(low):
            return False
        return bool(self.others.search(low))

    def names_asked(self, text: str) -> bool:
        return bool(self.asked_aliases.search(text.lower()))


def parties_for(asked: set[str], files: dict) -> Parties | None:
    """`Parties` when a question names exactly one of the corpus's companies, else None."""
    if len(asked) != 1:
        return None
    aliases, others = set(), set()
    for meta in files.values():
        company, ticker = meta.get("company"), meta.get("ticker")
        if not company:
            continue
        names = {company.lower()} | ({ticker.lower()} if ticker and len(ticker) >= 3 else set())
        if company in asked:
            aliases |= names | ({company.split()[0].lower()} if len(company.split()[0]) > 2 else set())
        else:
            others |= names
    others -= aliases
    if not others:
        return None
    return Parties(frozenset(asked), _any_of(aliases), _any_of(others, r"(?:'s)?(?![\w-])"))


def _any_of(words: set[str], tail: str = "") -> re.Pattern[str]:
    """One of `words` starting a word (longest first), followed by `tail`; matches nothing when empty."""
    if not words:
        return re.compile(r"(?!)")
    return re.compile(r"(?<![\w-])(" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + ")" + tail)
