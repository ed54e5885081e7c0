"""A party the question names by a clue: "the company behind the NVLink interconnect", "the maker of the A100".

The answer sentence names the party ("NVIDIA's $40 billion acquisition of ARM was blocked"), not the clue, so
every name check would count the clue's names as missing and the party's name as another party. The clue is
stated somewhere among the passages ("NVIDIA ... NVLink"): the party named there stands for the clue's names
(`with_spelled_names` then reads "NVIDIA" as also saying "NVLink"). Once it is known, retrieval searches for the
passages naming it (nothing else the question says may find them), and the reranker scores the party's sentences
against the question asked of it by name (`resolved_question`).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .evidence_checks import DEMONYMS, PARTY_KINDS, Evidence, new_names, term_overlap, terms_found
from .lexical import fold_numbers, query_terms

_MAKER_KINDS = "maker|developer|designer|builder|owner|operator|creator|backer|supplier|buyer|acquirer|seller"
# "the company behind ...", "the cloud provider that designed ...", "the country whose tech giants ...", "the
# maker of the A100", "the bloc behind the EuroHPC initiative"
# "the startup the guide pits against ...": a clause with no "that"; "SoftBank's strategic AI partner": a party named
# by its tie to another
_CLUE = re.compile(rf"\bthe (?:[\w-]+ ){{0,3}}?(?:{PARTY_KINDS})\b"
                   r"(?: (?:that|which|who|whose|behind|with|where|known for|among|"
                   r"the (?:guide|article|report|author)s?)\b|['’]s? |"
                   # a participle: "the company budgeting $80 billion", "the country launching a fund"
                   r" (?!(?:during|according|including|regarding|concerning|following|bring|thing)\b)[a-z]{3,}ing\b)|"
                   rf"\bthe (?:{_MAKER_KINDS})s? of\b|"
                   r"\b[A-Z][\w&-]*['’]s (?:[\w-]+ ){0,2}?(?:partner|backer|investor|rival|competitor|customer|"
                   r"acquirer|parent|ally)\b", re.I)
# the word saying what kind of party the clue describes: no word of what it says of the party
_KIND_WORD = re.compile(rf"(?:{PARTY_KINDS}|{_MAKER_KINDS}|nation|countries)s?")


def has_clue(question: str) -> bool:
    return _CLUE.search(question) is not None


def clue_names(question: str, named: list[str]) -> list[str]:
    """The names of `named` (the question's, lower-case) that describe a party the question names by a clue: those
    from the clue on ("How many GPUs ship in each P4d instance of the cloud provider that announced ... in
    Georgia?": Georgia describes the party; P4d is what is asked of it). Empty without a clue."""
    clue = _CLUE.search(question)
    if clue is None:
        return []
    after = question[clue.start():].lower()
    return [n for n in named if not n.isdigit() and re.search(rf"(?<!\w){re.escape(n)}(?!\w)", after)]


class ResolvedClue(NamedTuple):
    party: list[str]  # the party's name, then a brand of its own ("Amazone’s AWS") or its demonym
    stated_by: Evidence  # the unit stating the clue: what the question already knows, not its answer


def party_behind_clue(question: str, named: list[str], units: list[Evidence],
                      known_names: frozenset[str] = frozenset()) -> ResolvedClue | None:
    """The party the question describes, read from the unit that states the clue; None when none is found."""
    if not has_clue(question):
        return None
    names = clue_names(question, named)
    if not names and any(not n.isdigit() for n in named) and re.search(r"['’]s?\s*$", _CLUE.search(question).group()):
        # a possessive clue naming nothing after names refers back to them ("the EU's ... the bloc's AI push"); a
        # clause describes a party of its own ("the Strand-linked supercomputer built by the company budgeting
        # $41 billion")
        return None
    stated_by = _stating_clue(question, names, units)
    if stated_by is None:
        return None
    said = f"{stated_by.antecedent} {stated_by.text}".strip()
    # a sentence's first word is a name when it owns something ("Google’s Tensor Processing Units"), not an
    # adverb ("Similarly, the ... partnership"); or when the sentence names nothing else ("Nimbus recently
    # announced ...")
    opener = re.match(r"([A-Z][\w&.-]*)([’']s\b)?", said)
    # (or a place: "Europe also invests in HPC ...")
    owner = {opener.group(1).lower()} if opener and (opener.group(2) or opener.group(1) in DEMONYMS.values()) \
        else set()
    parties = new_names(question, said, known_names | owner)
    if not parties and opener:
        parties = new_names(question, said, known_names | {opener.group(1).lower()})
    # (the clue's names are not whose they are, nor their initials: "the Global AI Infrastructure Investment
    # Partnership (GAIIP)")
    spelled_out = "".join(w[0] for w in re.findall(r"\b[A-Z][\w-]*", question)).lower()
    parties = [p for p in parties if p.lower() not in names and not (len(p) > 2 and p.lower() in spelled_out)
               and not _spells_out(p, question, said)]
    if not parties:
        return None
    party = _whose(said, names, parties, _described_as_kind(question, parties, units))
    if country := DEMONYMS.get(party.lower()):
        return ResolvedClue([country, party], stated_by)  # "the country that built 40 AI parks": "The Chinese ..."
    if demonym := next((d for d, c in DEMONYMS.items() if c == party), None):
        return ResolvedClue([party, demonym.capitalize()], stated_by)  # "Europe" is named by "the European Commission"
    at = said.lower().find(party.lower())
    owned = re.match(r"[’']s\s+([A-Z][\w&-]*)", said[at + len(party):]) if at >= 0 else None
    brand = owned.group(1) if owned and owned.group(1) in parties and _CODE_LIKE.match(owned.group(1)) else None
    return ResolvedClue([party] + ([brand] if brand else []), stated_by)


def _spells_out(word: str, question: str, said: str) -> bool:
    """`word` is part of the full name of an acronym the question uses ("Global" in "the Global AI Infrastructure
    Investment Partnership (GAIIP)", asked of "GAIIP")."""
    for acronym in set(re.findall(r"\b[A-Z]{3,6}\b", question)):
        run = re.search(rf"((?:[A-Z][\w-]*\s+(?:of\s+|and\s+|&\s+)?){{2,6}})\(?{acronym}\b", said)
        if run and word in run.group(1).split():
            return True
    return False


# a brand written as a code ("AWS", "WhatsApp"), not a word of a title ("Nvidia’s Dominance")
_CODE_LIKE = re.compile(r"[A-Z]{2,}\b|[A-Z][a-z]+[A-Z]")


def _stating_clue(question: str, names: list[str], units: list[Evidence]) -> Evidence | None:
    """The unit (with the sentence it refers back to) stating the clue: the one naming most of its
    names (all where there are one or two), then most of the clue's other words ("the investor whose AI
    partnership with Oracle centres on automation and robotics": not any sentence naming Oracle). A clue
    naming nothing ("the country that has built more than 40 AI or robotics industrial parks") is stated by
    the unit holding most of its words, if that is most of them."""
    clue = _CLUE.search(question)
    described = [t for t in query_terms(question[clue.start():]) if t not in names and not _KIND_WORD.fullmatch(t)]
    # a name of several words is also named by its initials ("the Internet of Things": "IoT")
    initials = {"".join(w[0] for w in run.split()).lower(): {w.lower() for w in run.split()}
                for run in re.findall(r"[A-Z][\w-]*(?:\s+(?:of\s+|and\s+|&\s+)?[A-Z][\w-]*)+", question)}
    best, best_key = None, (0.0, 0.0, 0)
    for u in units:
        said = f"{u.antecedent} {u.text}".strip()
        # (names whole: "Inferentia" is not "inference"; a plural may name one: "Tensor Processing Units")
        words = {w.lower().removesuffix("'s").removesuffix("’s") for w in re.findall(r"[\w&'’]+", said)}
        words |= {w for short, spelled in initials.items() if short in words for w in spelled}
        share = sum(n in words or f"{n}s" in words for n in names) / len(names) if names else 1.0
        # (a tie goes to the tighter statement: "Azure has partnered deeply with OpenAI and NVIDIA", not a long
        # sentence about Microsoft's spending that mentions "partnerships with OpenAI and ... Azure" in passing)
        key = (share, term_overlap(described, fold_numbers(said)) if described else 0.0, -len(said.split()))
        if key > best_key:
            best, best_key = u, key
    if names:
        return best if best_key[0] >= (1.0 if len(names) <= 2 else 0.5) else None
    if best is None or len(described) < 2:
        return None
    # (the clue's words run on into what the question asks of the party, "... allocations aim to lead the
    # world in AI": a unit holding many of them states it, whatever their share)
    found = len(terms_found(described, fold_numbers(f"{best.antecedent} {best.text}")))
    return best if best_key[1] >= _NAMELESS_CLUE_SHARE or found >= _NAMELESS_CLUE_WORDS else None


# how much of a clue naming nothing a unit must state (a few common words would fit many sentences)
_NAMELESS_CLUE_SHARE, _NAMELESS_CLUE_WORDS = 0.6, 7


def _described_as_kind(question: str, parties: list[str], units: list[Evidence]) -> list[str]:
    """The names of `parties` some unit calls what the clue calls the party ("the private equity firm among
    GAIIP's backers": "Private equity firms are also making big moves, such as Blackstone’s ..."). Only a
    kind with a qualifier ("private equity firm", "cloud provider") tells anything: every backer is a company."""
    clue = _CLUE.search(question)
    kind = re.match(rf"the ((?:[\w-]+ ){{1,3}}?(?:{PARTY_KINDS})|{_TELLING_KINDS})\b", clue.group(), re.I) \
        if clue else None
    if kind is None:
        return []
    said_so = re.compile(rf"\b{re.escape(kind.group(1))}s?\b", re.I)
    return [p for p in parties if any(said_so.search(u.text) and re.search(rf"\b{re.escape(p)}", u.text, re.I)
                                      for u in units)]


# kinds that tell on their own ("the chipmaker that Azure partners with": "a chipmaker (like Oracle+Nvidia)")
_TELLING_KINDS = "chipmaker|hyperscaler|foundry|consultancy|bloc|startup|start-up"


def _whose(said: str, names: list[str], parties: list[str], of_kind: list[str] = ()) -> str:
    """Which of the new names in `said` the clue describes: the one name `of_kind`, which a unit calls what the
    clue calls the party ("the private equity firm among GAIIP's backers"); else one listed among the clue's
    own names ("backed by BlackRock, Blackstone, Microsoft, and Nvidia", asked of the one "alongside BlackRock,
    Microsoft and Nvidia"); else the first name of the statement stating them ("All the big providers are in an
    arms race here: AWS has developed custom AI chips like Inferentia"; "interconnects (like NVIDIA’s
    InfiniBand or NVLink"); else the first name there."""
    if len(of_kind) == 1:
        return of_kind[0]
    low = said.lower()
    spots = sorted(m.start() for n in names for m in re.finditer(rf"(?<!\w){re.escape(n)}", low))
    if not spots:
        return parties[0]
    first, last = spots[0], spots[-1]
    opening = max((m.end() for m in re.finditer(r"[.:;!?]\s", low[:first])), default=0)
    at = {p: low.find(p.lower(), opening) for p in parties}
    # (or ending that list: "backed by BlackRock, Blackstone, Microsoft, and Nvidia", asked "alongside
    # BlackRock, Blackstone and Microsoft")
    end_of_last = last + len(re.match(r"[\w&'’-]*", low[last:]).group())
    list_end = re.match(r"(?:,\s*(?:and\s+)?|\s+and\s+)", low[end_of_last:])
    among = [p for p in parties if len(spots) > 1 and (first < at[p] < last or (
        list_end is not None and at[p] == end_of_last + list_end.end()))]
    if among:
        return among[0]
    in_statement = [p for p in parties if 0 <= at[p] < first]
    return min(in_statement, key=at.get) if in_statement else parties[0]


# a clue that is the question's subject ("How much will the company that built ... spend", "The company behind
# the NVLink interconnect once tried ...") ends at its last name, where the question's own verb follows
_SUBJECT_BEFORE = re.compile(r"(?:^|[.;?!]\s*|\b(?:will|would|did|does|do|has|have|had|is|was|are|were|can|could|"
                             r"should|might|may)\s+"
                             # (the last of the subjects: "have Google, Microsoft and the buyer of Habana acquired")
                             r"(?-i:[A-Z][\w&-]*(?:\s+[A-Z][\w&-]*)*,?\s+)*(?:and\s+)?)$", re.I)


# a clue inside the subject of "What ... is the chip of <clue> especially efficient at?": the main clause's own
# predicate (an adjective and its preposition) follows the clue at the question's end
_AUX_BEFORE = re.compile(r"\b(?:is|are|was|were)\b", re.I)
_TRAILING_PREDICATE = re.compile(r"\s+(?:(?:especially|particularly|most|very|so|best|mainly|chiefly|primarily)\s+)?"
                                 r"(?:[a-z]+(?:ent|ant|ive|ble|ful|ous|ar|al))\s+"
                                 r"(?:at|for|with|to|on|in|about|from|of|by)$")
_NAMES_NOUN = re.compile(r"\s+([A-Z]{2,}s?|[A-Za-z][\w-]*[^s\W']s)\b(?![’'])")
_NOT_NOUNS = {"is", "was", "has", "does", "as", "its", "this", "thus", "plus", "versus", "us", "always", "perhaps"}


def clue_span(question: str, named: list[str]) -> tuple[int, int] | None:
    """Where the clue stands in the question: from "the company" to the end of its clause ("... for the investor
    whose AI partnership with Oracle centres on automation and robotics."), or, as the question's subject, to
    the end of the last of its names ("the company that built an InfiniBand-linked Azure supercomputer for
    OpenAI")."""
    clue = _CLUE.search(question)
    if clue is None:
        return None
    if not _SUBJECT_BEFORE.search(question[:clue.start()]):
        clause = re.match(r"[^?;]*", question[clue.start():]).group().rstrip(" .")
        if _AUX_BEFORE.search(question[:clue.start()]) and (tail := _TRAILING_PREDICATE.search(clause)):
            clause = clause[:tail.start()]  # "... of the company that guided $75 billion in capex | efficient at?"
        return clue.start(), clue.start() + len(clause)
    end = clue.end()
    for name in clue_names(question, named):
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", question[clue.start():], re.I):
            end = max(end, clue.start() + m.end())
    end += len(re.match(r"[\w’'-]*", question[end:]).group())
    # the things the names are ("the maker of the A100 and H100 GPUs try ..."): after an auxiliary the verb is
    # bare ("try", "plan"), so a plural or an acronym right after the names is theirs
    for _ in range(2):
        m = _NAMES_NOUN.match(question[end:])
        if not m or m.group(1).lower() in _NOT_NOUNS:
            break
        end += m.end()
    return clue.start(), end


def resolved_question(question: str, named: list[str], party: str) -> str | None:
    """The question asked of the party its clue describes: the clue replaced by the party's name ("What capex
    guidance is reported for the company that custom-designed the Tensor Processing Unit?" is "What capex
    guidance is reported for Google?"), as the party's own sentences answer it. None when too little of the
    question is left (a subject clue read too far: "In what year did SoftBank?")."""
    span = clue_span(question, named)
    if span is None:
        return None
    resolved = f"{question[:span[0]]}{party}{question[span[1]:]}"
    return resolved if len(query_terms(resolved)) - len(query_terms(party)) >= 2 else None


def written_forms(party: list[str]) -> list[str]:
    """How a passage may write the party's names, for a search that matches case as written: as read, in capitals,
    capitalised ("NVIDIA" is "Nvidia")."""
    return list(dict.fromkeys(form for name in party for form in (name, name.upper(), name.capitalize())))


def naming(party: list[str]) -> re.Pattern:
    """Any of the party's names, as whole words in any case ("NVIDIA" is "Nvidia")."""
    return re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, party))})(?!\w)", re.I)
