"""The LLM's yes/no on an extractive answer's lead sentence, against a real OpenAI-compatible HTTP server
on loopback: a "no" makes the answer a refusal, a "yes" leaves it as it was, and a server that errors,
hangs or is down leaves it as it was with the reason in the notes."""

from __future__ import annotations

import socket
import time

import pytest

from infrascope.answer.llm_check import EXAMPLES, parse_verdict
from infrascope.assistant import Assistant

from .openai_server import FakeOpenAIServer
from .test_llm_mode import CAPEX_Q, SECRET, assistant_for

pytestmark = pytest.mark.model


def test_a_verdict_is_a_leading_yes_or_no_and_nothing_else_counts():
    assert parse_verdict("YES") is True and parse_verdict(" Yes, it does.") is True
    assert parse_verdict("no.") is False and parse_verdict("NO") is False
    for reply in ["", "Maybe", "NOTE: unclear", "The sentence says yes"]:
        assert parse_verdict(reply) is None


@pytest.fixture()
def unchecked(fixture_index, model_embedder):
    return Assistant(fixture_index, embedder=model_embedder).ask(CAPEX_Q)


def test_a_no_makes_the_answer_a_refusal_with_the_sentence_named(fixture_index, model_embedder, unchecked):
    assert not unchecked.refused and "$1,150 million" in unchecked.answer
    with FakeOpenAIServer(lambda messages: "NO") as srv:
        answer = assistant_for(fixture_index, model_embedder, srv.base_url).ask(CAPEX_Q)
    assert answer.refused and answer.citations == [] and answer.sources  # the passages are still shown
    assert answer.mode == "extractive" and "llm_check" in answer.timings
    lead = unchecked.citations[0].quote.split(" … ")[0]
    assert any(lead in n and "not answering" in n for n in answer.notes), answer.notes
    # one short request: the question and the lead sentence after the worked examples
    (req,) = srv.requests
    body = req["body"]
    assert body["max_tokens"] <= 3 and not body.get("stream")
    last = body["messages"][-1]["content"]
    assert CAPEX_Q in last and lead in last and unchecked.citations[0].title in last
    assert len(body["messages"]) == 2 + 2 * len(EXAMPLES)


def test_a_yes_or_no_verdict_leaves_the_answer_as_it_was(fixture_index, model_embedder, unchecked):
    for reply in ["YES", "I cannot tell."]:
        with FakeOpenAIServer(lambda messages, r=reply: r) as srv:
            answer = assistant_for(fixture_index, model_embedder, srv.base_url).ask(CAPEX_Q)
        assert len(srv.requests) == 1
        assert answer.answer == unchecked.answer and answer.citations == unchecked.citations
        assert not answer.refused and not answer.notes


@pytest.mark.parametrize("mode, hang, expect", [("error", 0.0, "HTTP 500"), ("ok", 5.0, "timed out")])
def test_a_failing_server_leaves_the_answer_unchecked_and_says_so(fixture_index, model_embedder, unchecked,
                                                                  mode, hang, expect):
    with FakeOpenAIServer(lambda messages: "NO", mode=mode, hang=hang) as srv:
        started = time.monotonic()
        answer = assistant_for(fixture_index, model_embedder, srv.base_url, timeout=1.0).ask(CAPEX_Q)
        assert time.monotonic() - started < 4.0
    assert answer.answer == unchecked.answer and not answer.refused
    assert any(expect in n and "not checked by the LLM" in n for n in answer.notes), answer.notes
    assert SECRET not in answer.to_json()


def test_a_server_that_is_down_leaves_the_answer_unchecked(fixture_index, model_embedder, unchecked):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # a port nobody listens on
    answer = assistant_for(fixture_index, model_embedder, f"http://127.0.0.1:{port}/v1").ask(CAPEX_Q)
    assert answer.answer == unchecked.answer
    assert any("unreachable" in n for n in answer.notes), answer.notes


def test_no_request_when_the_check_is_off_or_there_is_nothing_to_check(fixture_index, model_embedder):
    with FakeOpenAIServer(lambda messages: "NO") as srv:
        off = assistant_for(fixture_index, model_embedder, srv.base_url)
        off.settings = off.settings.model_copy(update={"answer": off.settings.answer.model_copy(
            update={"llm_check": False})})
        assert not off.ask(CAPEX_Q).refused
        # refused already: the closest passages are shown and no sentence is put forward
        refused = assistant_for(fixture_index, model_embedder, srv.base_url).ask(
            "What is the airspeed velocity of an unladen swallow?")
        assert refused.refused
        assert srv.requests == []
