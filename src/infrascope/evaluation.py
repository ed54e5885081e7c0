"""Evaluation: how often the assistant finds the right page and gets the number right.

Owns the question formats (our JSONL, FinanceBench), the pure metric functions (number normalising,
page/document recall, MRR, answer correctness, citation precision), the runner that asks every
question and scores it (the report is `evaluation_report`). Any retriever can be scored:
the runner takes a function from question to `Response`, so the llama-index baseline in `bench/` is
measured by exactly the same code as infrascope.
"""

from __future__ import annotations

import json
import re
import statistics
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

NUMBER_TOLERANCE = 0.01  # relative: "within 1%"
KEY_TERM_SHARE = 0.6  # share of a text gold's key terms an answer must contain to count as correct
SHORT_GOLD_WORDS = 12  # a gold this short with a figure in it is judged on its figures alone

# ---- question formats --------------------------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    file: str  # relative to the corpus root, or a base name
    page: int | None = None  # 1-based physical page; None: anywhere in the file


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    gold_answer: str | None = None
    evidence: tuple[Evidence, ...] = ()
    answerable: bool = True
    tags: dict[str, str] = field(default_factory=dict)  # e.g. FinanceBench question_type, for slicing


def _our_question(rec: dict, n: int) -> Question:
    ev = tuple(Evidence(str(e["file"]), int(e["page"]) if e.get("page") not in (None, "") else None)
               for e in rec.get("evidence") or [])
    gold = rec.get("gold_answer")
    return Question(id=str(rec.get("id", n)), question=str(rec["question"]),
                    gold_answer=None if gold in (None, "") else str(gold), evidence=ev,
                    answerable=rec.get("answerable", True) is not False,
                    tags={k: str(v) for k, v in (rec.get("tags") or {}).items()})


def _financebench_question(rec: dict, n: int) -> Question:
    # FinanceBench counts pages from 0 and names documents without their extension.
    ev = tuple(Evidence(f"{e['doc_name']}.pdf", int(e["evidence_page_num"]) + 1) for e in rec.get("evidence") or [])
    tags = {k: str(rec[k]) for k in ("question_type", "question_reasoning", "company") if rec.get(k)}
    return Question(id=str(rec.get("financebench_id", n)), question=str(rec["question"]),
                    gold_answer=str(rec["answer"]) if rec.get("answer") else None, evidence=ev, tags=tags)


def load_questions(path: Path, fmt: str = "auto") -> list[Question]:
    """Reads a JSONL question set; `fmt` is "jsonl", "financebench" or "auto" (decided per line)."""
    questions = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
            fb = fmt == "financebench" or (fmt == "auto" and "financebench_id" in rec)
            questions.append(_financebench_question(rec, n) if fb else _our_question(rec, n))
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}:{n}: not a question record ({type(exc).__name__}: {exc})") from None
    if not questions:
        raise ValueError(f"{path}: no questions")
    return questions


# ---- numbers -----------------------------------------------------------------------------------

_SCALE = {"thousand": 1e3, "thousands": 1e3, "k": 1e3, "million": 1e6, "millions": 1e6, "mn": 1e6, "mm": 1e6,
          "m": 1e6, "billion": 1e9, "billions": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12}
_NUM = re.compile(r"(?<![\w.])\(?-?\$?\s?(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\)?\s?(%|percent\b|"
                  r"(?:thousands?|millions?|billions?|trillion|mn|mm|bn|tn|k|m|b)\b)?", re.IGNORECASE)


_MARKER = re.compile(r"\[\d+(?:\s*,\s*\d+)*\]")  # citation markers such as [1] or [1, 3] are not figures


@dataclass(frozen=True)
class Figure:
    value: float  # as written, sign dropped (filings show outflows in parentheses)
    unit: str  # "", "%", or a scale word
    text: str

    @property
    def is_year(self) -> bool:
        return not self.unit and self.value.is_integer() and 1900 <= self.value <= 2100 and "," not in self.text

    @property
    def coarse(self) -> bool:
        """One significant digit ("1", "300"): too common to match anything but exactly."""
        return len(re.sub(r"\D", "", self.text).strip("0")) <= 1

    def candidates(self) -> set[float]:
        """Every value this figure could stand for once units are normalised."""
        vals = {self.value}
        if self.unit == "%":
            vals.add(self.value / 100)  # 66% and 0.66 are the same ratio
        elif self.unit:
            base = self.value * _SCALE[self.unit]
            # Tables state "(in millions)" once in a header, so also try the figure in those units.
            vals |= {base, base / 1e3, base / 1e6, base / 1e9}
        return vals


def figures(text: str) -> list[Figure]:
    """The numbers in `text`, with $, commas, parentheses, % and scale words normalised away."""
    out = []
    for m in _NUM.finditer(_MARKER.sub(" ", text or "")):
        unit = (m.group(2) or "").lower()
        unit = "%" if unit in ("%", "percent") else unit
        out.append(Figure(float(m.group(1).replace(",", "")), unit, m.group(0).strip()))
    return out


def numbers_match(a: Figure, b: Figure, tol: float = NUMBER_TOLERANCE) -> bool:
    if a.coarse or b.coarse:
        tol = 0.0
    for x in a.candidates():
        for y in b.candidates():
            if x == y or (max(abs(x), abs(y)) > 0 and abs(x - y) <= tol * max(abs(x), abs(y))):
                return True
    return False


def contains_figure(text: str, gold: Figure) -> bool:
    return any(numbers_match(gold, f) for f in figures(text))


def gold_figures(gold: str) -> list[Figure]:
    """The figures a gold answer is judged on: its numbers, years excepted (they name periods)."""
    return [f for f in figures(gold) if not f.is_year]


# ---- answer correctness ------------------------------------------------------------------------

_STOP = frozenset("""a an the of and or to in on for by with from at as is are was were be been being it its this
that these those which who whom than then there their they them he she his her we our us you your not no yes
but if so such into over under about per also has have had do does did can could would should will may might
fiscal year years fy usd dollars dollar million millions billion billions thousand thousands percent""".split())
_WORD = re.compile(r"[a-z][a-z0-9&'-]+")


def _words(text: str) -> list[str]:
    # "company's" and "company" are one term; trailing quotes and hyphens are punctuation.
    return [w.strip("'-").removesuffix("'s") for w in _WORD.findall(text.lower())]


def key_terms(gold: str) -> list[str]:
    seen: dict[str, None] = {}
    for w in _words(gold):
        if len(w) >= 3 and w not in _STOP:
            seen.setdefault(w, None)
    return list(seen)


def _polarity(text: str) -> str | None:
    m = re.match(r"\W*(yes|no)\b", text.lower())
    return m.group(1) if m else None


def is_correct(answer: str, gold: str) -> bool:
    """Numbers equal after normalising (within 1%); otherwise most of the gold's key terms present."""
    golds = gold_figures(gold)
    if golds and len(gold.split()) <= SHORT_GOLD_WORDS:
        return all(contains_figure(answer, g) for g in golds)
    pol = _polarity(gold)
    if pol and _polarity(answer) not in (None, pol):
        return False
    terms = key_terms(gold)
    if not terms and not golds:
        return gold.strip().lower() in answer.lower()
    answer_words = set(_words(answer))
    found = sum(t in answer_words for t in terms) + sum(contains_figure(answer, g) for g in golds)
    return found / (len(terms) + len(golds)) >= KEY_TERM_SHARE


# ---- retrieval metrics -------------------------------------------------------------------------


@dataclass(frozen=True)
class Passage:
    """What the metrics need from a retrieved or cited passage (ours or a baseline's)."""

    path: str
    page: int | None
    text: str = ""


def same_file(path: str, gold_file: str) -> bool:
    """A gold file matches by relative path, or by base name when the gold gives no folder."""
    p, g = PurePosixPath(path.replace("\\", "/")), PurePosixPath(gold_file.replace("\\", "/"))
    if len(g.parts) > 1:
        return p.as_posix().lower() == g.as_posix().lower() or p.as_posix().lower().endswith("/" + g.as_posix().lower())
    return p.name.lower() == g.name.lower()


def on_gold_page(p: Passage, evidence: Sequence[Evidence]) -> bool:
    return any(same_file(p.path, e.file) and (e.page is None or p.page == e.page) for e in evidence)


def in_gold_doc(p: Passage, evidence: Sequence[Evidence]) -> bool:
    return any(same_file(p.path, e.file) for e in evidence)


def first_rank(passages: Sequence[Passage], evidence: Sequence[Evidence], match=on_gold_page) -> int | None:
    """1-based rank of the first relevant passage, or None."""
    return next((i for i, p in enumerate(passages, start=1) if match(p, evidence)), None)


def hit_at(rank: int | None, k: int) -> bool:
    return rank is not None and rank <= k


def reciprocal_rank(rank: int | None, k: int) -> float:
    return 1.0 / rank if hit_at(rank, k) else 0.0


# ---- the runner --------------------------------------------------------------------------------


@dataclass
class Response:
    """One system's reply to one question, in the shape the metrics read."""

    answer: str
    refused: bool
    passages: list[Passage]  # retrieved, best first
    citations: list[Passage]  # cited passages, in citation order (the full passage text)
    timings: dict[str, float] = field(default_factory=dict)
    composed: bool = True  # False for a retrieval-only system: no answer to judge, only passages


@dataclass
class QuestionResult:
    id: str
    question: str
    gold_answer: str | None
    answerable: bool
    tags: dict[str, str]
    evidence: list[dict]
    verdict: str
    answer: str = ""
    refused: bool = False
    page_rank: int | None = None
    doc_rank: int | None = None
    figure_rank: int | None = None  # first retrieved passage holding the gold figure: the answerable ceiling
    correct: bool | None = None
    citation_precision: float | None = None
    first_citation_on_gold_page: bool | None = None
    citations: list[dict] = field(default_factory=list)
    retrieved: list[dict] = field(default_factory=list)
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)
    error: str | None = None


def score(q: Question, r: Response) -> QuestionResult:
    """Every per-question number for one reply (pure: no index, no model)."""
    page_rank = first_rank(r.passages, q.evidence) if q.evidence else None
    doc_rank = first_rank(r.passages, q.evidence, in_gold_doc) if q.evidence else None
    res = QuestionResult(
        id=q.id, question=q.question, gold_answer=q.gold_answer, answerable=q.answerable, tags=q.tags,
        evidence=[asdict(e) for e in q.evidence], verdict="", answer=r.answer, refused=r.refused,
        page_rank=page_rank, doc_rank=doc_rank,
        citations=[{"path": c.path, "page": c.page} for c in r.citations],
        retrieved=[{"path": p.path, "page": p.page} for p in r.passages], timings=r.timings)
    if q.evidence and any(e.page is not None for e in q.evidence):
        res.first_citation_on_gold_page = bool(r.citations) and on_gold_page(r.citations[0], q.evidence)
    golds = gold_figures(q.gold_answer or "")
    if golds:
        res.figure_rank = next((i for i, p in enumerate(r.passages, start=1) if contains_figure(p.text, golds[0])),
                               None)
    if golds and r.citations:
        # The gold's headline figure (its first) is the one a citation has to show.
        res.citation_precision = sum(contains_figure(c.text, golds[0]) for c in r.citations) / len(r.citations)
    if not r.composed:
        res.verdict = "retrieval only"
    elif not q.answerable:
        res.verdict = "correct refusal" if r.refused else "answered unanswerable"
    elif r.refused:
        res.verdict = "refused"
    elif q.gold_answer:
        res.correct = is_correct(r.answer, q.gold_answer)
        res.verdict = "correct" if res.correct else "wrong"
    else:
        res.verdict = "answered"
    return res


def _mean(xs: Iterable[float]) -> float | None:
    xs = list(xs)
    return round(sum(xs) / len(xs), 4) if xs else None


def summarise(results: Sequence[QuestionResult], at: Sequence[int]) -> dict[str, Any]:
    """Aggregate metrics; each is over the questions it applies to, with that count beside it."""
    ok = [r for r in results if r.error is None]
    with_pages = [r for r in ok if any(e["page"] is not None for e in r.evidence)]
    with_docs = [r for r in ok if r.evidence]
    # A refusal of an answerable question is not a correct answer (as in the FinanceBench paper).
    judged = [r for r in ok if r.answerable and r.gold_answer and r.verdict != "retrieval only"]
    answered = [r for r in judged if r.correct is not None]
    unans = [r for r in ok if not r.answerable]
    composed = [r for r in ok if r.verdict != "retrieval only"]
    cp = [r.citation_precision for r in ok if r.citation_precision is not None]
    with_figure = [r for r in ok if r.answerable and gold_figures(r.gold_answer or "")]
    secs = sorted(r.seconds for r in ok)
    s: dict[str, Any] = {"questions": len(results), "errors": len(results) - len(ok),
                         "with_page_evidence": len(with_pages), "with_doc_evidence": len(with_docs)}
    for k in at:
        s[f"page_recall@{k}"] = _mean(hit_at(r.page_rank, k) for r in with_pages)
        s[f"doc_recall@{k}"] = _mean(hit_at(r.doc_rank, k) for r in with_docs)
        s[f"mrr@{k}"] = _mean(reciprocal_rank(r.page_rank, k) for r in with_pages)
        s[f"gold_figure_in_passages@{k}"] = _mean(hit_at(r.figure_rank, k) for r in with_figure)
    s["with_gold_figure"] = len(with_figure)
    s.update({
        "answer_correct": _mean(bool(r.correct) for r in judged), "answer_judged": len(judged),
        "answer_correct_when_answered": _mean(r.correct for r in answered),
        "citation_precision": _mean(cp), "citation_precision_n": len(cp),
        "first_citation_on_gold_page": _mean(bool(r.first_citation_on_gold_page) for r in with_pages),
        "refusal_rate": _mean(r.refused for r in composed),
        "refusal_rate_answerable": _mean(r.refused for r in composed if r.answerable),
        "correct_refusals": _mean(r.refused for r in unans if r.verdict != "retrieval only"),
        "unanswerable": len(unans),
        "seconds_median": round(statistics.median(secs), 3) if secs else None,
        "seconds_p95": round(secs[min(len(secs) - 1, int(0.95 * len(secs)))], 3) if secs else None,
    })
    return s


def evaluate(questions: Sequence[Question], respond: Callable[[Question], Response], at: Sequence[int],
             progress: bool = True) -> list[QuestionResult]:
    """Asks every question through `respond` and scores it; one failing question never stops the run."""
    results = []
    for n, q in enumerate(questions, start=1):
        t = time.perf_counter()
        try:
            res = score(q, respond(q))
        except Exception as exc:  # noqa: BLE001 - a bad question is reported in its row, not fatal
            res = QuestionResult(id=q.id, question=q.question, gold_answer=q.gold_answer, answerable=q.answerable,
                                 tags=q.tags, evidence=[asdict(e) for e in q.evidence], verdict="error",
                                 error=f"{type(exc).__name__}: {exc}")
        res.seconds = round(time.perf_counter() - t, 4)
        results.append(res)
        if progress:
            print(f"\r[{n}/{len(questions)}] {res.verdict:<22}", end="", file=sys.stderr, flush=True)
    if progress:
        print(file=sys.stderr)
    return results


def assistant_responder(assistant, k: int) -> Callable[[Question], Response]:
    """Adapts `Assistant.ask` to the runner: sources become passages, citations their full passages."""
    def respond(q: Question) -> Response:
        a = assistant.ask(q.question, k=k, id=q.id)
        by_id = {h.chunk_id: h for h in a.sources}
        cited = [Passage(c.path, c.page, by_id[c.chunk_id].text if c.chunk_id in by_id else c.quote)
                 for c in a.citations]
        return Response(answer=a.answer, refused=a.refused,
                        passages=[Passage(h.path, h.page, h.text) for h in a.sources], citations=cited,
                        timings={k_: round(v, 4) for k_, v in a.timings.items()})
    return respond


@dataclass
class EvalRun:
    """Everything `results.json` holds."""

    system: str
    questions_file: str
    at: list[int]
    k: int
    summary: dict[str, Any]
    results: list[QuestionResult]
    index: dict[str, Any] = field(default_factory=dict)
    date: str = field(default_factory=lambda: time.strftime("%Y-%m-%d %H:%M:%S%z"))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def run_eval(settings, questions_file: Path, *, fmt: str = "auto", at: Sequence[int] = (5, 10),
             k: int | None = None, build: bool = True, assistant=None, progress: bool = True) -> EvalRun:
    """Updates the index of `settings.corpus_dir` (incrementally), then asks and scores every question."""
    from .assistant import Assistant

    questions = load_questions(questions_file, fmt)
    k = max(k or settings.retrieval.k, max(at))  # retrieve at least the deepest cut-off measured
    assistant = assistant or Assistant.from_settings(settings)
    index_info: dict[str, Any] = {"index_dir": str(settings.index_dir), "corpus_dir": str(settings.corpus_dir)}
    if build:
        report = assistant.index(progress=progress)
        index_info.update(generation=report.generation, total_chunks=report.total_chunks,
                          build_seconds=round(report.seconds, 1), failed=[asdict(f) for f in report.failed])
    else:  # an index used as it is: still say which build answered and how big it is
        og = assistant.reader.current()
        index_info.update(generation=og.name, total_chunks=og.table.count())
    results = evaluate(questions, assistant_responder(assistant, k), at, progress)
    return EvalRun(system="infrascope", questions_file=str(questions_file), at=list(at), k=k,
                   summary=summarise(results, at), results=results, index=index_info)
