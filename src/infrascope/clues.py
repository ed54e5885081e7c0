"""A party the question names by a clue: "the company behind the NVLink interconnect", "the maker of the A100".

The answer sentence names the party ("NVIDIA's $40 billion acquisition of ARM was blocked"), not the clue, so
every name check would count the clue's names as missing and the party's name as another party. The clue is
stated somewhere among the passages ("NVIDIA ... NVLink"): the party named there stands for the clue's names
(`with_spelled_names` then reads "NVIDIA" as also saying "NVLink").
"""

from __future__ import annotations

import re

from .evidence_checks import Evidence, new_names, stem

# "the company behind ...", "the cloud provider that designed ...", "the country whose tech giants ...", "the
# maker of the A100", "the bloc behind the EuroHPC initiative"
_CLUE = re.compile(r"\bthe (?:[\w-]+ ){0,3}?(?:company|firm|country|nation|bloc|maker|provider|investor|startup|"
                   r"developer|operator|chipmaker|manufacturer|designer|giant|vendor|supplier|group|partner|fund)\b"
                   r"(?: (?:that|which|who|whose|behind|building|offering|with|where|known for)\b|['’]s? )|"
                   r"\bthe (?:maker|developer|designer|builder|owner|operator|creator|backer|supplier)s? of\b", re.I)


def party_behind_clue(question: str, named: list[str], units: list[Evidence],
                      known_names: frozenset[str] = frozenset()) -> str | None:
    """The name of the party the question describes, read from the unit stating most of the question's names
    (all of them where there are one or two): the first name there the question does not use, in the
    sentence it refers back to first ("The company's A100 and H100 GPUs ..." after "Nvidia has ...")."""
    clue = _CLUE.search(question)
    if clue is None:
        return None
    # the names from the clue on ("How many GPUs ship in each P4d instance of the cloud provider that announced
    # ... in Georgia?": Georgia describes the party; P4d is what is asked of it)
    after = question[clue.start():].lower()
    clue_names = [n for n in named if not n.isdigit() and re.search(rf"(?<!\w){re.escape(n)}(?!\w)", after)]
    if not clue_names:
        return None
    best, best_share = None, 0.0
    for u in units:
        words = {stem(w.lower().removesuffix("'s").removesuffix("’s"))
                 for w in re.findall(r"[\w&'’-]+", f"{u.antecedent} {u.text}")}
        share = sum(stem(n) in words for n in clue_names) / len(clue_names)
        if share > best_share:
            best, best_share = u, share
    if best is None or best_share < (1.0 if len(clue_names) <= 2 else 0.5):
        return None
    names = new_names(question, f"{best.antecedent} {best.text}", known_names)
    return names[0] if names else None
