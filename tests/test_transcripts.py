"""Interview transcripts: a turn (`NAME: text`) is a quote said by the person its label names (turns.py)."""

from __future__ import annotations

from quotes.attribution.turns import labelled_lines, speaker_turns

PLAIN = """Sen. Ann Hale spoke to the host of a Sunday program about the budget.

Partial transcript as follows:

ROE: Senator, will the bill pass this week?

HALE: I think it will. We have the votes, and the leaders know it.

ROE: And if it does not?

HALE: Then we will come back in the spring and try again.
"""

# every paragraph opens a quote that runs on to the next (the newspaper convention), with a title
# quoted inside a turn and a stage direction between two turns
MARKED = """Gov. Ann Hale said on a Sunday program that the budget would pass.

Partial transcript as follows:

"ROE: Will the bill pass? The paper called it “a long shot.” What do you say?

"HALE: It will pass. We have the votes.

"(CROSSTALK.)

"ROE: And if it fails?

"HALE: Then we try again in the spring. The leaders know it.

"And the voters know it too."
"""


def turns_of(analyze, text: str, kind: str) -> list[tuple[str, str, str | None, str | None]]:
    return [(q.text, q.cue, q.speaker_mention, q.speaker.name if q.speaker else None)
            for q in analyze(text) if q.kind == kind and q.cue == ":"]


def test_each_turn_is_a_quote_of_its_labels_speaker(analyze):
    # without quote marks, as the kinds go, a turn is `indirect`
    assert turns_of(analyze, PLAIN, "indirect") == [
        ("Senator, will the bill pass this week?", ":", "ROE", "Roe"),
        ("I think it will. We have the votes, and the leaders know it.", ":", "HALE", "Ann Hale"),
        ("And if it does not?", ":", "ROE", "Roe"),
        ("Then we will come back in the spring and try again.", ":", "HALE", "Ann Hale"),
    ]


def test_a_label_with_the_full_name_gives_it_in_name_case(analyze):
    text = ("Partial transcript as follows:\n\nBEN ROE: Will the bill pass?\n\nANN HALE: It will pass.\n\n"
            "BEN ROE: And if it fails?\n\nANN HALE: Then we try again.\n\nSen. Ann Hale spoke on Sunday.\n")
    assert {q.speaker.name for q in analyze(text) if q.cue == ":"} == {"Ben Roe", "Ann Hale"}


def test_a_label_the_article_names_nowhere_else_is_a_person_known_by_the_surname(analyze):
    roe = next(q.speaker for q in analyze(PLAIN) if q.speaker_mention == "ROE")
    assert (roe.name, roe.type, roe.surname_only) == ("Roe", "person", True)
    hale = next(q.speaker for q in analyze(PLAIN) if q.speaker_mention == "HALE")
    assert (hale.key, hale.surname_only) == ("person:ann hale", False)


def test_turns_in_quote_marks_are_whole_and_stage_directions_are_not_speech(analyze):
    assert turns_of(analyze, MARKED, "direct") == [
        ("Will the bill pass? The paper called it “a long shot.” What do you say?", ":", "ROE", "Roe"),
        ("It will pass. We have the votes.", ":", "HALE", "Ann Hale"),
        ("And if it fails?", ":", "ROE", "Roe"),
        ("Then we try again in the spring. The leaders know it.", ":", "HALE", "Ann Hale"),
        ("And the voters know it too.", ":", "HALE", "Ann Hale"),      # the turn goes on
    ]


def test_a_turns_content_leaves_out_the_label_and_its_class_is_speech(analyze):
    quote = next(q for q in analyze(PLAIN) if q.speaker_mention == "HALE")
    assert quote.content == "I think it will. We have the votes, and the leaders know it."
    assert quote.cue_class == "speech" and quote.rule == "label"


EDITORIAL = """The council approved the budget on Monday, the mayor said.

UPDATE: The vote was moved to Tuesday, officials said.

CORRECTION: An earlier version of this article misstated the day of the vote.

UPDATE: The mayor, Ann Hale, said she would sign it.
"""


def test_editorial_labels_are_no_speakers(parse, analyze):
    assert len(labelled_lines(EDITORIAL)) == 3
    assert speaker_turns(parse(EDITORIAL)) == []
    assert not [q for q in analyze(EDITORIAL) if q.rule == "label"]


def test_a_label_in_mixed_case_or_of_one_letter_is_not_a_turn():
    assert labelled_lines("Hale: The plan is good.\n\nQ: Will it pass?\n\nA: It will.\n") == []
