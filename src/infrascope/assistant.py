"""The Python API: `Assistant.from_settings().ask("...")` returns an `Answer`.

Orchestrates retrieval and answering; backends (embedder, reranker, LLM) are built from settings
unless passed in, so tests inject fakes through the same door. Heavy models load once per Assistant
and are shared by every request (the app keeps one Assistant for all its browser tabs).
"""

from __future__ import annotations

import ctypes
import itertools
import re
import threading
import time
import uuid
from collections.abc import Iterator

from .answer.extractive import QUOTE_JOINER, REFUSAL, compose, compose_metric_inputs
from .answer.generate import finish, stream_answer
from .answer.llm import LLMError, OpenAICompatibleLLM
from .answer.llm_check import lead_answers
from .config import Settings
from .conversation import Turn, condense
from .index_reader import IndexReader
from .retrieval import Filters, Retriever
from .rerank import SentenceReranker
from .types import Answer, IndexReport

MAX_QUESTION_CHARS = 2000
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _release_freed_memory() -> None:
    """glibc keeps the model's freed activation buffers (~2 MiB a question, measured in bench/load.py);
    handing them back keeps a long-running app flat. A no-op where glibc is not the allocator."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


class QuestionError(ValueError):
    pass


def clean_question(question: str) -> tuple[str, list[str]]:
    notes = []
    if not isinstance(question, str):
        raise QuestionError("the question must be text")
    # Lone surrogates (undecodable bytes in argv, "\ud800" escapes in JSON) crash the tokenizer and SQLite.
    question = question.encode("utf-8", "replace").decode("utf-8")
    q = " ".join(_CONTROL.sub(" ", question).split())
    if not q or not re.search(r"\w", q):
        raise QuestionError("the question is empty (or only punctuation); ask something about the documents")
    if len(q) > MAX_QUESTION_CHARS:
        q = q[:MAX_QUESTION_CHARS]
        notes.append(f"the question was cut to its first {MAX_QUESTION_CHARS} characters")
    return q, notes


class Assistant:
    def __init__(self, settings: Settings, embedder=None, reranker=None, llm=None) -> None:
        self.settings = settings
        if embedder is None:
            from .embedding import make_embedder

            embedder = make_embedder(settings)
        self.embedder = embedder
        self.reader = IndexReader(settings)
        if reranker is None and settings.retrieval.rerank:
            reranker = SentenceReranker(embedder)
        self.reranker = reranker
        if llm is None and settings.llm_configured:
            key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
            llm = OpenAICompatibleLLM(settings.llm_base_url, settings.llm_model, key, settings.llm_timeout)
        self.llm = llm
        self.retriever = Retriever(settings, embedder, self.reader, reranker)
        self._build_lock = threading.Lock()
        self._asked = itertools.count(1)

    @classmethod
    def from_settings(cls, settings: Settings | None = None, **backends) -> Assistant:
        return cls(settings or Settings(), **backends)

    # -- index -------------------------------------------------------------------------------------
    def index(self, **kwargs) -> IndexReport:
        """Incremental build with this assistant's embedder (one model in memory, not two), then the reranker's
        sentences of what it added (`sentence_vectors.py`; the new generation answers meanwhile)."""
        from .indexer import build_index
        from .sentence_vectors import prepare_sentence_vectors

        with self._build_lock:
            report = build_index(self.settings, self.embedder, **kwargs)
            prepare_sentence_vectors(self.settings, self.embedder, progress=kwargs.get("progress", False))
        return report

    # -- ask ---------------------------------------------------------------------------------------
    def ask(self, question: str, *, k: int | None = None, filters: Filters | None = None, mode: str | None = None,
            id: str | None = None, history: list[Turn] | None = None) -> Answer:
        answer = None
        for item in self.ask_stream(question, k=k, filters=filters, mode=mode, id=id, history=history):
            if isinstance(item, Answer):
                answer = item
        assert answer is not None
        return answer

    def ask_stream(self, question: str, *, k: int | None = None, filters: Filters | None = None,
                   mode: str | None = None, id: str | None = None,
                   history: list[Turn] | None = None) -> Iterator[str | Answer]:
        """Yields text as it is produced (LLM mode streams), then the final, checked Answer."""
        started = time.perf_counter()
        q, notes = clean_question(question)
        mode = mode or self.settings.answer.mode
        standalone, prefer = q, None
        if history:
            c = condense(q, history, self.reader.current().files)
            if c.rewritten:
                standalone, prefer = c.question, c.prefer
        retrieval = self.retriever.retrieve(standalone, k=k, filters=filters, prefer=prefer)
        hits = retrieval.hits
        # the extractive answer is scored on the question proper; an LLM sees the whole question,
        # instructions ("answer in USD millions") included
        scored_on = retrieval.focus.question if retrieval.focus else standalone
        timings = {f"retrieve_{k_}": v for k_, v in retrieval.timings.items()}
        answer = Answer(id=id or uuid.uuid4().hex[:12], question=q, answer="", refused=True, mode=mode,
                        citations=[], sources=hits, timings=timings, index_generation=retrieval.generation,
                        notes=notes, standalone_question=standalone if standalone != q else None)
        if not hits:
            answer.answer = REFUSAL if filters is None or filters.empty else \
                "No indexed passage matches these filters; widen them and ask again."
            answer.timings["total"] = time.perf_counter() - started
            yield answer.answer
            yield answer
            return

        if isinstance(self.reranker, SentenceReranker) and not any(h.metadata.get("evidence") for h in hits[:3]):
            # reranking was off or another reranker ran: the extractive answer still needs sentence scores
            self.reranker.score_evidence(scored_on, hits[: self.settings.retrieval.rerank_candidates],
                                         self.retriever.term_weights(self.reader.current(), scored_on))

        t = time.perf_counter()
        if mode == "openai":
            if self.llm is None:
                answer.notes.append("no LLM server configured (INFRASCOPE_LLM_BASE_URL, INFRASCOPE_LLM_MODEL): "
                                    "extractive answer instead")
                mode = answer.mode = "extractive"
            else:
                raw = ""
                try:
                    for delta in stream_answer(self.llm, standalone, hits):
                        raw += delta
                        yield delta
                    text, citations, refused, check_notes = finish(standalone, raw, hits)
                    answer.answer, answer.citations, answer.refused = text, citations, refused
                    answer.notes.extend(check_notes)
                    if refused and not text:
                        answer.answer = REFUSAL
                except LLMError as exc:
                    answer.notes.append(f"{exc}: extractive answer instead")
                    mode = "extractive"
                    answer.mode = "extractive (LLM fallback)"
        if mode == "extractive":
            cfg = self.settings.answer
            text, citations, refused = compose(scored_on, hits, cfg.refuse_below, cfg.max_sentences,
                                               cfg.lexical_floor, cfg.lexical_margin, cfg.displaced_margin)
            computed = bool(retrieval.focus and retrieval.focus.metrics)
            if computed:
                text, citations, refused = compose_metric_inputs(
                    scored_on, retrieval.focus.metrics[0], retrieval.focus.items, hits, text, citations, refused)
            answer.answer, answer.citations, answer.refused = text, citations, refused
            if self._checks(answer) and not computed:  # a computed metric's rows answer no question alone
                self._check_lead(scored_on, answer)
            yield answer.answer
        answer.timings["answer"] = time.perf_counter() - t
        answer.timings["total"] = time.perf_counter() - started
        if next(self._asked) % 50 == 0:
            _release_freed_memory()
        yield answer

    def _checks(self, answer: Answer) -> bool:
        # not after a fallback: the server just failed
        return (self.llm is not None and self.settings.answer.llm_check and not answer.refused
                and answer.mode == "extractive" and bool(answer.citations))

    def _check_lead(self, question: str, answer: Answer) -> None:
        """The LLM's yes/no on the lead sentence (answer/llm_check.py): no makes the answer a refusal;
        a failed server leaves it as it is, unchecked, and says so."""
        t = time.perf_counter()
        lead = answer.citations[0]
        sentence = lead.quote.split(QUOTE_JOINER)[0]  # the first unit cited to that passage is the lead
        try:
            verdict = lead_answers(self.llm, question, sentence, lead.title)
        except LLMError as exc:
            answer.notes.append(f"{exc}: the extractive answer is not checked by the LLM")
            verdict = None
        answer.timings["llm_check"] = time.perf_counter() - t
        if verdict is False:
            answer.notes.append(f"the LLM ({self.llm.model}) read the closest sentence, \"{sentence}\" "
                                f"({lead.path}), as not answering this question")
            answer.answer, answer.citations, answer.refused = REFUSAL, [], True

    def warm_up(self) -> dict[str, float]:
        """Load the model and open the index before the first question, which would otherwise pay for
        both (about 5 s on 2 cores, most of it the weights and the first bf16 kernels). Safe to call in
        a background thread; a missing index is not an error here. Returns seconds per step."""
        timings: dict[str, float] = {}
        t = time.perf_counter()
        bare = getattr(self.embedder, "inner", self.embedder)  # nothing of this goes into the cache
        bare.embed(["warm up", "a longer sentence so that more than one input shape has run through the "
                    "model before the first real question arrives", "revenue"])
        timings["model"] = time.perf_counter() - t
        t = time.perf_counter()
        try:
            self.retriever.retrieve("What was revenue in the most recent quarter?")
        except Exception:  # no index yet (the first build is still running): the question will tell
            pass
        timings["index"] = time.perf_counter() - t
        return timings

    def close(self) -> None:
        self.reader.close()
