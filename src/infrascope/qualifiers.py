"""A sentence about another kind of the thing asked for.

A common near miss is one qualifier away: "How big is the *edge* data center market?" against "the global
hyperscale data center market is expected to grow ...", or "What tax credit does the Act give for electric
*vehicle* plants?" against "... to build *fabrication* plants". The sentence repeats what the question
qualifies ("data center market", "plants") with another qualifier in its place.

Writers paraphrase qualifiers too ("worldwide spending" is "global spending"), so a swap only counts when
the two words mean different things: the reranker compares them with the embedding model
(`kind_swaps` only finds the candidates). A qualifier simply left out is not read as a swap: "AI startups"
asked of AI chip startups looks just like "global production" in a passage about chips.
"""

from __future__ import annotations

import functools
import re

from .lexical import STOPWORDS

_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9&-]*|\d[\d.,]*|[^\w\s]")
# question words, auxiliaries and quantities that qualify nothing
_NOT_QUALIFIERS = frozenset("""what which how whose where when who whom why does did do is are was were will would
can could should has have had been being be much many more most less least some several any each every all one two
three four five six seven eight nine ten roughly about approximately around nearly almost single new same other
own bold big huge large small vast major key top high low long short strong broad deep heavy fast quick hot prime
full great good bad main chief early late rapid""".split())  # (and adjectives of size or manner: "bold bets")
# a noun phrase starts after these: "the *edge* data center market", "to AI *chip* startups"
_PHRASE_START = frozenset("""the a an its their our his her this these those of on in for into from by with at about
per across ’s 's""".split())
# before a verb: "to meet", "shall develop" ("to" opens a noun phrase only before an acronym: "to AI chip startups")
_VERB_BEFORE = frozenset("to shall will must can could would should may might".split())
# adjective endings: adjectives are swapped for synonyms too freely ("worldwide" for "global") to tell a
# kind; nouns used as qualifiers name one ("edge", "chip", "vehicle")
_ADJECTIVE_END = re.compile(r"(?:al|ive|ous|ful|ic|able|ible|ary|ory|ate|ent|ant|ish|less|est|er|ed|ing|ly|wide)$")


def _stem(word: str) -> str:
    low = word.lower().replace("-", "")  # "start-ups" is "startups"
    return low[:-1] if low.endswith("s") and not low.endswith("ss") else low  # "centers" is "center"


def _content(word: str) -> bool:
    low = word.lower()
    return len(low) > 1 and low[0].isalpha() and low not in STOPWORDS and low not in _NOT_QUALIFIERS


def _qualifier(word: str) -> bool:
    """A word that may narrow the noun after it: a common word or an acronym ("AI"), not a name, and
    singular ("edge", "chip", "data"): a plural after a noun is its verb ("the guide cites ...")."""
    low = word.lower()
    if word.isupper():
        return _content(word)
    # not a name, not an adjective ("global", "top-tier": paraphrased too often to tell a kind)
    return _content(word) and not word[0].isupper() and "-" not in word and not _ADJECTIVE_END.search(low) \
        and (not low.endswith("s") or low.endswith("ss"))


def _common_noun(word: str) -> bool:
    return _content(word) and word.islower()


def _noun_phrase_qualifiers(tokens: list[str]) -> list[int]:
    """Positions of qualifiers inside a noun phrase, before another common noun of it: "the [edge] [data]
    center", "to [AI] [chip] startups", "for electric [vehicle] plants" (two words at most after the
    phrase opens: further on, a subject's verb follows: "the guide suggest(s) ...")."""
    found, depth = [], 0
    for i, word in enumerate(tokens[:-1]):
        before = tokens[i - 1].lower() if i else ""
        if before in _PHRASE_START or (before == "to" and word.isupper()):
            depth = 1
        elif depth and _content(tokens[i - 1]) and tokens[i - 1][:1].isalpha() and depth < 3:
            depth += 1
        else:
            depth = 0
        # (an acronym may stand between: "a typical [edge] AI data center")
        if depth and _qualifier(word) and (_common_noun(tokens[i + 1]) or (
                tokens[i + 1].isupper() and i + 2 < len(tokens) and _common_noun(tokens[i + 2]))):
            found.append(i)
    return found


_COMPARING = {"than", "unlike", "versus", "vs", "compared"}


def kind_swaps(question: str, text: str) -> list[tuple[str, str]]:
    """(the question's qualifier, the sentence's word in its place) for each compound of the question the
    sentence repeats with another qualifier: ("edge", "hyperscale") for "hyperscale data center market"
    asked of the edge one. (A dropped qualifier is no swap: "global production" in a passage on chips
    is chip production.)"""
    asked = _TOKEN.findall(question)
    words = _TOKEN.findall(text)
    stems = [_stem(w) for w in words]
    present = set(stems)
    asked_stems = {_stem(w) for w in asked}
    swaps: list[tuple[str, str]] = []
    for i in _noun_phrase_qualifiers(asked):
        qualifier = asked[i]
        if _stem(qualifier) in present:
            continue
        for length in (2, 1):  # what it qualifies: "data center", else the next word alone ("startups")
            rest = asked[i + 1:i + 1 + length]
            if len(rest) < length or not all(_common_noun(w) or w.isupper() for w in rest) or rest[-1].isupper():
                continue
            rest_stems = [_stem(w) for w in rest]
            found = [j for j in range(1, len(stems) - length + 1) if stems[j:j + length] == rest_stems]
            for j in found:
                before = words[j - 1]
                verb = j > 1 and words[j - 2].lower() in _VERB_BEFORE  # "shall develop guidance"
                # what it is compared with ("fewer servers than a hyperscale site"), not what it is
                compared = any(w.lower() in _COMPARING for w in words[max(0, j - 4):j - 1])
                if _qualifier(before) and _stem(before) not in asked_stems and not verb and not compared:
                    swaps.append((qualifier, before))  # "hyperscale data center" for "edge data center"
            if found:
                break
    return swaps


# Investor classes (and acquisitions, a kind of deal): a question about one ("How much did private equity
# firms invest ...") is not answered by another's figure ("over 50% of all global VC funding ..., totaling
# $131.5 billion"). These are common nouns, so the name checks do not see them, and no noun qualifier is
# swapped for `kind_swaps` to find.
_INVESTOR_CLASSES = {
    "venture capital": re.compile(r"(?<!joint )\bventure(?:[- ](?:capital\w*|investors?|funding|firms?|backed|"
                                  r"funds?))?\b|\bVCs?\b", re.I),
    "private equity": re.compile(r"\bprivate[- ]equity\b|\bPE (?:firms?|funds?)\b|\bbuyout", re.I),
    "sovereign wealth": re.compile(r"\bsovereign(?:[- ]wealth)? funds?\b|\bsovereign wealth\b|\bSWFs?\b", re.I),
    "pension funds": re.compile(r"\bpension (?:funds?|plans?)\b", re.I),
    "hedge funds": re.compile(r"\bhedge funds?\b", re.I),
    "angel investors": re.compile(r"\bangel investors?\b", re.I),
    "family offices": re.compile(r"\bfamily offices?\b", re.I),
    # not an investor but a kind of deal: the value of acquisitions is not what venture funds put in
    "mergers and acquisitions": re.compile(r"\bmergers?\b|\bM&A\b|\bacquisitions?\b|\bacquired\b|\bbought\b|"
                                           r"\btakeovers?\b", re.I),
}


@functools.lru_cache(maxsize=256)
def _investor_classes_in(question: str) -> frozenset[str]:
    """Read once per question, not once per sentence checked against it."""
    return frozenset(c for c, pattern in _INVESTOR_CLASSES.items() if pattern.search(question))


def other_investor_class(question: str, text: str) -> bool:
    """The question asks about one class of investor and `text` speaks of another, never of it."""
    asked = _investor_classes_in(question)
    if not asked:
        return False
    named = {c for c, pattern in _INVESTOR_CLASSES.items() if pattern.search(text)}
    return bool(named) and not named & asked


# Scopes that exclude each other: "for every dollar of state investment" is not answered by "for every $1 of
# federal investment". (Adjectives are left out of `kind_swaps`, as writers swap "global" for "worldwide";
# these are never paraphrases of one another.)
_OPPOSED_SCOPES = (
    ("federal", "state", "local", "municipal", "provincial", "county"),
    ("public", "private"),
    ("domestic", "foreign"),
)


def opposed_scope(question: str, text: str) -> bool:
    """The question qualifies a noun by one scope ("state investment") and `text` qualifies the same noun by
    another ("federal investment"), never by the one asked."""
    asked = _scoped_nouns(question)
    if not asked:
        return False
    said = [w.lower() for w in _TOKEN.findall(text)]
    said_pairs = {(said[i], _stem(said[i + 1])) for i in range(len(said) - 1)}
    return any(word not in said and any((other, noun) in said_pairs for other in scopes if other != word)
               for word, noun, scopes in asked)


@functools.lru_cache(maxsize=256)
def _scoped_nouns(question: str) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """(scope, the stem of the noun it qualifies, its opposed scopes) for each scoped noun of the question,
    read once per question, not once per sentence checked against it."""
    asked = [w.lower() for w in _TOKEN.findall(question)]
    return tuple((word, _stem(asked[i + 1]), scopes) for scopes in _OPPOSED_SCOPES
                 for i, word in enumerate(asked[:-1]) if word in scopes)


# "the market for data center liquid cooling": the market's own words, less those every market here shares
_MARKET_FOR = re.compile(r"\bmarkets? for ((?:[\w-]+\s+){0,4}?[\w-]+)(?=\s+(?:expected|projected|forecast|set|"
                         r"likely|to|in|by|be|is|was|will|grow|reach|become|worth|over|between|from)\b|\s*[?,.;]|$)",
                         re.I)
# ... or before it: "the liquid cooling market" (not "its market share", "Nvidia's market value")
_MARKET_AFTER = re.compile(r"\b(?:the|a|an)\s+((?:[a-z][\w-]*\s+){1,3}?)markets?\b(?!\s+(?:share|cap|value|"
                           r"capitali[sz]ation|leader|position)\b)")
_SHARED_MARKET_WORDS = {"data", "center", "centers", "centre", "centres", "ai", "infrastructure", "global", "the",
                        "worldwide", "market", "markets", "artificial", "intelligence", "a", "an", "of", "and"}


def other_market(question: str, text: str) -> bool:
    """Asked the size of the market for something ("the market for synthetic data generation"), `text` speaks
    of a market and names none of that something's own words ("the global hyperscale data center market ...")."""
    own = _market_words(question)
    if not own or "market" not in text.lower():
        return False
    return not own & {_stem(w) for w in _TOKEN.findall(text)}


@functools.lru_cache(maxsize=256)
def _market_words(question: str) -> frozenset[str]:
    """The stems of the asked market's own words ("liquid", "cooling"), read once per question."""
    m = _MARKET_FOR.search(question) or _MARKET_AFTER.search(question)
    if not m:
        return frozenset()
    return frozenset(_stem(w) for w in _TOKEN.findall(m.group(1)) if w.lower() not in _SHARED_MARKET_WORDS)


# "Which Middle Eastern investor has joined ...?": the place the asked kind is from, and the ways a passage names it
# (a short name in capitals only: "EU", "UAE")
_PLACES = {
    "middle eastern": ("middle east", "gulf", "saudi", "emirat", "UAE", "qatar", "abu dhabi", "dubai", "kuwait"),
    "gulf": ("gulf", "saudi", "emirat", "UAE", "qatar", "abu dhabi", "dubai", "kuwait"),
    "emirati": ("emirat", "UAE", "abu dhabi", "dubai"),
    "chinese": ("china", "chinese", "beijing"),
    "european": ("europe", "EU"), "eu": ("europe", "EU"),
    "japanese": ("japan",), "korean": ("korea",), "taiwanese": ("taiwan",), "indian": ("india",),
    "british": ("britain", "british", "UK", "U.K.", "united kingdom"), "french": ("france", "french"),
    "german": ("germany", "german"), "canadian": ("canada",), "israeli": ("israel",), "saudi": ("saudi",),
    "asian": ("asia",), "african": ("africa",),
}
_WHICH_PLACE_Q = re.compile(rf"\bwhich ({'|'.join(_PLACES)})\b", re.I)


def place_unmet(question: str, text: str) -> bool:
    """Asked which party of a place ("Which Middle Eastern investor", "Which Chinese tech giant"), `text` (with
    its title and the sentence it refers back to) never names that place: the parties it names are from
    elsewhere, or from nowhere it says."""
    m = _WHICH_PLACE_Q.search(question)
    if not m:
        return False
    forms = _PLACES[m.group(1).lower()]
    return not any(re.search(rf"\b{re.escape(f)}" if f.isupper() else rf"(?i)\b{re.escape(f)}", text) for f in forms)


# what a sum is for: "for quantum computing research", "allocate to AI startups", "dedicate to cryptocurrency mining"
_FOR_WHAT = re.compile(r"(?:\b(?:for|on|into)|\b(?:allocat\w*|allott?\w*|dedicat\w*|devot\w*|earmark\w*|channel\w*|"
                       r"direct\w*|award\w*|grant\w*|give|gave|given)\s+(?:\w+\s+){0,2}?to)\s+((?:(?:[a-z][\w-]*|[A-Z]{2,})\s+){1,3}"
                       r"[a-z][\w-]*)(?=\s*(?:[?,;:.]|$)|\s+(?:in|by|from|to|at|under|for|on|of|during|over|with|and|"
                       r"or|that|which|rather|than|is|are|was|were|used)\b)")


def purpose_swaps(question: str, text: str) -> list[tuple[str, str]]:
    """Like `kind_swaps`, for what a sum is for: the question asks it for one kind of a thing ("for quantum
    computing research") and `text` gives the thing's noun with another word before it ("$52.7 billion for American
    semiconductor research") and none of the asked ones anywhere: (the asked words, the word written instead) for
    the reranker to compare ("stock repurchases" may be written "share repurchases")."""
    said = [w for w in _TOKEN.findall(text)]
    stems = {_stem(w) for w in said}
    found = []
    for head, qualifiers, phrase in _asked_purposes(question):
        if head not in stems or qualifiers & stems:
            continue
        found += [(phrase, said[i - 1]) for i in range(1, len(said)) if _stem(said[i]) == head and
                  _qualifier(said[i - 1]) and _stem(said[i - 1]) not in qualifiers]
    return found


@functools.lru_cache(maxsize=256)
def _asked_purposes(question: str) -> tuple[tuple[str, frozenset[str], str], ...]:
    """(the stem of each asked purpose's noun, the stems of the words qualifying it, those words), read once per
    question."""
    found = []
    for m in _FOR_WHAT.finditer(question):
        if re.search(r"\b(?:and|or)\b", m.group(1)):
            continue  # a list ("on property and equipment"), not one thing qualified
        words = [w for w in _TOKEN.findall(m.group(1)) if w.lower() not in STOPWORDS and _content(w)]
        if len(words) >= 2:
            found.append((_stem(words[-1]), frozenset(_stem(w) for w in words[:-1]), " ".join(words[:-1])))
    return tuple(found)
