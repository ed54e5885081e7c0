"""Citation logic, table-driven: markers, unknown ids, support by numbers, attaching markers."""

from __future__ import annotations

import pytest

from infrascope.answer.citations import (check_answer, drop_unknown_markers, markers, numbers, renumber,
                                         split_sentences, unsupported_numbers)


@pytest.mark.parametrize("text, expected", [
    ("Revenue rose [1].", [1]),
    ("Revenue rose [1, 3]. Capex fell [2].", [1, 3, 2]),
    ("No markers here.", []),
    ("Repeated [2] and again [2].", [2]),
    ("Bracketed text [note] is not a marker.", []),
])
def test_markers(text, expected):
    assert markers(text) == expected


@pytest.mark.parametrize("text, valid, out, dropped", [
    ("A [1]. B [7].", {1}, "A [1]. B.", [7]),
    ("A [1, 7].", {1}, "A [1].", [7]),
    ("A [9].", set(), "A.", [9]),
    ("A [1].", {1}, "A [1].", []),
])
def test_unknown_markers_are_removed(text, valid, out, dropped):
    assert drop_unknown_markers(text, valid) == (out, dropped)


@pytest.mark.parametrize("text, expected", [
    ("$14,514 million", {"14514"}),
    ("grew 12.0% to 3.5", {"12", "3.5"}),
    ("(1,234) and 2023 [4]", {"1234", "2023"}),
    ("no figures", set()),
])
def test_numbers_are_normalised(text, expected):
    assert numbers(text) == expected


def test_sentence_split_keeps_trailing_markers():
    assert split_sentences("Revenue was $5 billion [1]. Capex rose 20% [2]. Done.") == [
        "Revenue was $5 billion [1].", "Capex rose 20% [2].", "Done."]
    # a marker after the full stop stays with its sentence, once; an initial does not end a sentence
    assert split_sentences("Revenue rose 5%. [3]") == ["Revenue rose 5%. [3]"]
    assert split_sentences("Revenue rose 5%. [3] Capex fell. [1]") == ["Revenue rose 5%. [3]", "Capex fell. [1]"]
    assert split_sentences("Plants in the U. S. grew 5%.") == ["Plants in the U. S. grew 5%."]


def test_unsupported_numbers():
    assert unsupported_numbers("Revenue was $14,514 million in 2023.", ["Data Center $ 14,514 ... 2023"]) == []
    assert unsupported_numbers("Revenue was $15,000 million.", ["Data Center $ 14,514"]) == ["15000"]


PASSAGES = {1: "Data Center revenue was $14,514 million in the third quarter of fiscal 2024.",
            2: "Capital expenditures were $1,150 million, mainly for new capacity in Malaysia."}


@pytest.mark.parametrize("answer, expected_text, dropped, added", [
    # a supported, cited sentence stays
    ("Data Center revenue was $14,514 million [1].", "Data Center revenue was $14,514 million [1].", 0, 0),
    # a figure the cited passage does not hold: the sentence is dropped
    ("Data Center revenue was $15,000 million [1].", "", 1, 0),
    # cited to the wrong passage: dropped (the number is not in passage 2), not re-cited
    ("Data Center revenue was $14,514 million [2].", "", 1, 0),
    # a small model's "source 2" is the marker [2], not a figure
    ("Capital expenditures were $1,150 million, as source 2 says.",
     "Capital expenditures were $1,150 million, as [2] says.", 0, 0),
    # uncited but clearly supported: a marker is attached
    ("Capital expenditures were $1,150 million for new capacity in Malaysia.",
     "Capital expenditures were $1,150 million for new capacity in Malaysia [2].", 0, 1),
    # uncited figure nobody supports: dropped
    ("Margins were 88%.", "", 1, 0),
    # unknown marker removed, the rest checked
    ("Data Center revenue was $14,514 million [1][5].", "Data Center revenue was $14,514 million [1].", 0, 0),
])
def test_check_answer(answer, expected_text, dropped, added):
    from infrascope.answer.generate import best_support_finder
    from infrascope.types import Hit

    hits = [Hit(str(n), "f.pdf", "t", n, str(n), text, 1.0) for n, text in PASSAGES.items()]
    result = check_answer(answer, PASSAGES, best_support_finder(hits))
    assert result.text == expected_text
    assert len(result.dropped_sentences) == dropped
    assert len(result.added_markers) == added


def test_renumber_maps_prompt_numbers_to_citation_numbers():
    assert renumber("A [3]. B [1, 3].", {3: 1, 1: 2}) == "A [1]. B [2, 1]."
