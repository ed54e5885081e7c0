"""An LLM's yes/no on the extractive answer's lead sentence.

The extractive answerer picks the sentence most like the question, and a sentence one qualifier away
("a 25% tariff on chips", asked about smartphones) looks as alike to it as the answer does. Reading
that qualifier takes a language model; asked only "does this sentence answer this question?" with four
worked examples, even a 1.5B model on a laptop CPU (about a second, a few tokens) tells most such
near misses from paraphrases (bench/RESULTS.md). A sentence it rejects makes the answer a refusal; the
LLM never writes the answer, so a check cannot add a figure the sources do not hold.
"""

from __future__ import annotations

import re

from .llm import OpenAICompatibleLLM

SYSTEM = ("You check whether a sentence answers a question. Different wording is fine (bought = paid for, "
          "worldwide = global). Answer NO only when the sentence is about something else than the question asks: "
          "another company, country, agency, product, industry or year.")

# Invented companies and figures (not from any corpus or question set): two paraphrases that answer,
# two sentences one qualifier away that do not.
EXAMPLES = (
    ("How much did Borealis pay for Nimbus?", "Borealis acquired Nimbus for $3 billion in 2021.", "YES"),
    ("How much did Borealis invest in steel plants?", "Borealis invested $5 billion in new chip plants.", "NO"),
    ("What share of global output comes from Europe?", "Europe accounts for 20 percent of worldwide production.",
     "YES"),
    ("How many engineers does Kestrel employ in Japan?", "Kestrel employs 4,000 engineers in Korea.", "NO"),
)

_VERDICT = re.compile(r"^\W*(yes|no)\b", re.I)


def _turn(question: str, sentence: str) -> str:
    return f"Sentence: {sentence}\nQuestion: {question}\nDoes the sentence answer the question? Reply YES or NO."


def check_messages(question: str, sentence: str, title: str) -> list[dict]:
    messages = [{"role": "system", "content": SYSTEM}]
    for q, s, verdict in EXAMPLES:
        messages += [{"role": "user", "content": _turn(q, s)}, {"role": "assistant", "content": verdict}]
    messages.append({"role": "user", "content": f"(from: {title})\n{_turn(question, sentence)}"})
    return messages


def parse_verdict(reply: str) -> bool | None:
    """True for yes, False for no, None for anything else (the check then has no say)."""
    m = _VERDICT.match(reply)
    return None if m is None else m.group(1).lower() == "yes"


def lead_answers(llm: OpenAICompatibleLLM, question: str, sentence: str, title: str) -> bool | None:
    """Whether the LLM reads `sentence` (from the document `title`) as answering `question`. Raises
    LLMError when the server fails."""
    return parse_verdict(llm.chat(check_messages(question, sentence, title), max_tokens=3))
