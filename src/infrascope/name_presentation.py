"""Whether a sentence gives the name a question asks for, or only mentions names.

Asked "What is the name of the chip made by the startup valued at $5B?", a sentence naming the startup
("SambaNova Systems (valued at $5B)") holds new names but not the chip's. A name answers a name question
when the sentence presents it as the thing asked about:
- with a naming verb: "a project dubbed “Stargate”";
- as (part of) a name whose words include the asked kind: "8 Tesla GPUs", "OCI Superclusters", "the CHIPS
  and Science Act" (a law);
- as a member of the asked kind: "custom AI chips like Inferentia (for inference) and Trainium";
- in apposition to the asked kind: "the EU AI Act, the first comprehensive AI regulation";
- owned by a party the question names: "Hugging Face’s BigCode", "Azure’s ND-series GPU VMs";
- spelled out before an abbreviation the question gives: "Global AI Infrastructure Investment Partnership
  (GAIIP)".
"""

from __future__ import annotations

import functools
import re

# the asked kind after the naming cue: "name of the <in-house chip>", "What does Graphcore call <its AI
# processor>", "What is <the successor to Google's TPU v5> called", "Name <the U.S. ... project> backed by"
_CUES = (
    re.compile(r"\bnames? of (.+)", re.I),
    re.compile(r"\btitles? of (.+)", re.I),
    re.compile(r"^\s*what does [^?]*?\bcall (.+)", re.I),
    re.compile(r"^\s*what (?:is|was|are|were) (.+?)\bcalled\b", re.I),
    re.compile(r"\bwhich (.+?)\s+(?:is|are|was|were) (?:it |they )?called\b", re.I),
    re.compile(r"\bwhich ((?:product )?(?:line|family|brand|series|model|make) of .+)", re.I),
    re.compile(r"^\s*name (.+)", re.I),
)
_DETERMINERS = {"the", "a", "an", "its", "their", "this", "that", "these", "those"}
# words that end the noun phrase naming the kind: a preposition, a relative pronoun, a participle
_PHRASE_END = re.compile(r"^(?:of|from|by|for|that|which|who|whose|at|in|on|with|to|under|behind|between|among|"
                         r"is|are|was|were|does|do|did|has|have|had|will|would|can|could|set|run|runs|sold|built|"
                         r"made|[a-z]+ed|[a-z]+ing|called|and|or)$", re.I)
# "family of GPU virtual machines": the kind is the machines
_GROUPINGS = {"line", "family", "brand", "series", "model", "make", "range", "type", "kind", "class", "product"}
# kinds written with other words: a law is an act, a chip a processor
_KINDS = [
    {"law", "act", "bill", "regulation", "legislation", "rulebook", "statute"},
    {"chip", "processor", "accelerator", "gpu", "asic", "superchip", "silicon"},
    {"supercomputer", "cluster", "supercluster", "system"},
    {"machine", "vm", "instance", "server"},
    {"fund", "vehicle", "partnership", "programme", "program", "initiative", "facility"},
    {"project", "build-out", "buildout", "initiative", "venture", "programme", "program", "plan"},
    {"platform", "effort", "project", "initiative", "service", "cloud"},
]
_NAMING_VERB = r"(?:dubbed|called|named|known as|branded(?: as)?|codenamed|code-named)"
_LISTING = r"(?:like|such as|including|e\.g\.,?|namely|:|,|\(|–|—)"
_WORD = re.compile(r"[A-Za-z][\w&’'-]*")


def asked_kind(question: str) -> str | None:
    """The head noun of what a name question asks the name of: "chip", "law", "machines"."""
    for cue in _CUES:
        if m := cue.search(question):
            phrase = _head_phrase(m.group(1))
            if phrase:
                return phrase[-1].lower()
    return None


def _head_phrase(text: str) -> list[str]:
    words: list[str] = []
    seen_lower = False
    for token in re.findall(r"[\w’'&.-]+|[,?;:()]", text):
        token = token.rstrip(".")
        if not token or not token[0].isalnum():
            break
        low = token.lower()
        if not words and low in _DETERMINERS:
            continue
        if words and (_PHRASE_END.match(token) and not (low == "of" and words[-1].lower() in _GROUPINGS)):
            break
        if words and seen_lower and token[0].isupper() and any(c.islower() for c in token[1:]):
            break  # "the in-house chip Amazon Web Services designed": a clause starts (not "AI", "U.S.")
        if low == "of":
            words = []  # "family of GPU virtual machines": start again after "of"
            continue
        if low in _DETERMINERS:
            continue
        words.append(token.removesuffix("'s").removesuffix("’s"))
        seen_lower = seen_lower or token[0].islower()
    return words


def _kind_forms(kind: str) -> set[str]:
    base = _singular(kind)
    forms = {base}
    for family in _KINDS:
        if base in family:
            forms |= family
    return forms


def _singular(word: str) -> str:
    word = word.lower()
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def _is_kind(word: str, forms: frozenset[str]) -> bool:
    # "Superclusters" is a cluster, "VMs" machines, "GPUs" a chip
    low = _singular(word)
    return low in forms or any(len(f) >= 4 and f in low for f in forms)


def presented_names(question: str, text: str, names: list[str]) -> list[str]:
    """Those of `names` (new names the sentence holds) that `text` presents as the kind `question` asks
    the name of; all of them when the kind cannot be read from the question."""
    asked = _asked(question)
    if asked is None:
        return names
    forms, parties, acronyms = asked
    kept = []
    for name in names:
        if any(_presents(text, m.start(), m.end(), forms, parties, acronyms)
               for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text)):
            kept.append(name)
    return kept


@functools.lru_cache(maxsize=256)
def _asked(question: str) -> tuple[frozenset[str], frozenset[str], frozenset[str]] | None:
    """(the words for the asked kind, the parties the question names, its abbreviations), read once per
    question; None when it asks no name of a kind."""
    kind = asked_kind(question)
    if kind is None:
        return None
    parties = {w.removesuffix("'s").removesuffix("’s") for w in _WORD.findall(question) if w[0].isupper()}
    return frozenset(_kind_forms(kind)), frozenset(parties), frozenset(re.findall(r"\b[A-Z]{3,}\b", question))


def _presents(text: str, start: int, end: int, forms: frozenset[str], parties: frozenset[str],
              acronyms: frozenset[str]) -> bool:
    before, after = text[:start], text[end:]
    if re.search(rf"\b{_NAMING_VERB}\s+[“\"‘']?$", before, re.I):
        return True
    # "calls its AI processor the Vexa IPU"
    m = re.search(rf"\b(?:{_NAMING_VERB}|calls?|names?)\s+((?:[\w-]+\s+){{1,5}}?)(?:the\s+)?[“\"‘']?$", before,
                  re.I)
    if m and any(_is_kind(w, forms) for w in m.group(1).split()):
        return True
    if any(_is_kind(w, forms) for w in [text[start:end], *_name_run(after)]):
        return True
    if _listed_after_kind(before, forms):
        return True
    if any(_is_kind(w, forms) for w in _apposition_words(after)):
        return True
    # owned by a party the question names: "Hugging Face’s BigCode"
    owner = re.search(r"([A-Z][\w&-]*)['’]s\s+(?:[\w-]+\s+)?$", before)
    if owner and owner.group(1) in parties:
        return True
    # spelled out before an abbreviation the question gives: "... Investment Partnership (GAIIP)"
    return any(re.match(rf"[\w\s-]{{0,80}}?\(\s*{a}\s*\)", after) for a in acronyms)


def _name_run(after: str) -> list[str]:
    """The capitalised or coded words running on from a name, up to and including a common noun that ends
    it: "Tesla| GPUs", "ND-series| GPU VMs", "CHIPS| and Science Act"."""
    words = []
    for m in re.finditer(r"\s+([\w&’'-]+)|.", after):
        word = m.group(1)
        if word is None or len(words) >= 5:
            break
        words.append(word)
        if not (word[0].isupper() or any(c.isdigit() for c in word) or word.lower() in {"and", "of", "&"}):
            break  # a common noun ends the name ("Tesla GPUs"); kept, as it may be the kind
    return words


def _listed_after_kind(before: str, forms: frozenset[str]) -> bool:
    """The name follows a word for the asked kind and a listing cue: "custom AI chips like Inferentia (for
    inference) and Trainium", "the regulation, the EU AI Act"."""
    words = list(re.finditer(r"[A-Za-z][\w-]*", before))
    for w in reversed(words[-12:]):
        if not _is_kind(w.group(), forms):
            continue
        between = before[w.end():]
        if re.search(r"[.;!?]", between.replace("e.g.", "")):
            return False  # another sentence
        if re.match(r"\s*(?:like|such as|including|e\.g\.,?|namely|:|\(|–|—)", between, re.I) or \
                re.fullmatch(r"\s*,\s*(?:the\s+|a\s+|an\s+)?", between):
            return True
    return False


def _apposition_words(after: str) -> list[str]:
    """The words of an apposition right after a name, up to its first "of", verb or break: "the first
    comprehensive AI regulation" (not "developer of the world's largest AI chip")."""
    m = re.match(r"(?:\s*[\w-]+){0,3}?\s*(?:,|\()\s*((?:[\w-]+\s*){1,6})", after)
    if not m:
        return []
    words = []
    for word in m.group(1).split():
        if word.lower() in {"of", "which", "that", "who", "with", "for", "and", "to", "in"}:
            break
        words.append(word)
    return words
