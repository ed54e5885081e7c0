"""A name question is answered by a name presented as the thing asked about, not by any name nearby."""

import pytest

from infrascope.evidence_checks import answer_type_fit
from infrascope.name_presentation import asked_kind, presented_names


@pytest.mark.parametrize("question, kind", [
    ("What is the name of the in-house chip Borealis Cloud designed for training?", "chip"),
    ("What does Quillon call its AI processor?", "processor"),
    ("What is the successor to Quillon's Q7 pods called?", "successor"),
    ("What is the name of Borealis Cloud's family of GPU virtual machines?", "machines"),
    ("Which line of GPUs is fitted in the K9 instances?", "gpus"),
    ("Name the U.S. private-sector AI data-center project backed by Tamsin Capital.", "project"),
    ("What is the official name of the €20 billion AI investment initiative of the bloc?", "initiative"),
    ("What is the Nordic law, billed as the first rulebook for robots, called?", "law"),
    ("What is the name of Hollis Labs's open AI platform effort?", "effort"),
])
def test_the_asked_kind_is_the_head_of_the_noun_phrase_after_the_naming_cue(question, kind):
    assert asked_kind(question) == kind


def test_a_question_that_asks_no_name_has_no_kind_and_keeps_every_name():
    assert asked_kind("How much did Quillon raise?") is None
    assert presented_names("How much did Quillon raise?", "Quillon and Pemberly raised $9M.", ["Pemberly"]) == \
        ["Pemberly"]


@pytest.mark.parametrize("question, text, names, kept", [
    # a member of the asked kind, after a listing cue
    ("What is the name of the in-house chip Borealis Cloud designed for training?",
     "Borealis Cloud has built custom chips like Fennic (for inference) and Torvel (for training).",
     ["Fennic", "Torvel"], ["Fennic", "Torvel"]),
    # a naming verb, whatever the noun before it
    ("What is the name of the AI data-center build-out backed by Tamsin Capital?",
     "Tamsin Capital backs a project dubbed “Meridian,” aiming to build data centers.", ["Meridian"], ["Meridian"]),
    # the kind inside the name, or right after it
    ("What is the name of the semiconductor law of the republic?",
     "The republic passed the Wafer and Science Act to fund fabs.", ["Wafer", "Science", "Act"],
     ["Wafer", "Science", "Act"]),
    ("Which line of GPUs is fitted in the K9 instances?", "K9 instances carry 8 Orla GPUs each.", ["Orla"], ["Orla"]),
    # in apposition
    ("What is the Nordic law, billed as the first rulebook for robots, called?",
     "Parliament is finalising the Robot Code Act, the first comprehensive robotics regulation, this year.",
     ["Robot", "Code", "Act"], ["Robot", "Code", "Act"]),
    # owned by a party the question names
    ("What is the name of Hollis Labs's open AI platform effort?",
     "Startups like Trevane (backed by Osgood) and Hollis Labs’s OpenQuill are gaining traction.",
     ["Trevane", "Osgood", "OpenQuill"], ["OpenQuill"]),
    # spelled out before the abbreviation the question gives
    ("What is the full name of the investment vehicle abbreviated as NCIF?",
     "The Nordic Compute Infrastructure Fund (NCIF) aims to raise $9 billion.", ["Nordic", "Compute"],
     ["Nordic", "Compute"]),
])
def test_names_presented_as_the_asked_thing_are_kept(question, text, names, kept):
    assert presented_names(question, text, names) == kept


@pytest.mark.parametrize("question, text, names", [
    # the startup named, not its chip; the apposition is about the startup ("developer of ...")
    ("What is the name of the chip made by the startup funded with $90M?",
     "Hardware startups include Quillon (raised $80M, competing with Pemberly in AI chips), Arlo Systems "
     "(developer of the largest AI chip, funded with $90M).", ["Quillon", "Pemberly", "Arlo", "Systems"]),
    # the buyer bought a company, the question asks for that company's chip
    ("What is the name of the accelerator chip made by the startup Quillon acquired?",
     "- Quillon bought Fenwick Labs for $2 billion to expand AI accelerator chip capabilities.", ["Fenwick", "Labs"]),
    # a product beside the asked one, with no word for the kind
    ("What is the successor to Quillon's Q7 pods called?", "Quillon has its Q7 pods and Marl ecosystem.", ["Marl"]),
    # the class named, not a member ("initiatives like X" when a supercomputer is asked)
    ("What is the name of the most powerful supercomputer built under the Hexa initiative?",
     "The region invests in HPC (with initiatives like Hexa building supercomputers for research).", ["HPC"]),
])
def test_names_beside_the_asked_thing_are_dropped(question, text, names):
    assert presented_names(question, text, names) == []


def test_a_name_question_answered_by_another_names_sentence_cannot_lead_the_answer():
    question = "What does Quillon call its AI processor?"
    assert answer_type_fit(question, "Quillon (raised $80M, competing with Pemberly in AI chips) leads.").missing
    assert not answer_type_fit(question, "Quillon calls its AI processor the Vexa IPU, built for graph compute.")\
        .missing
