"""Acceptance: the user's sample article yields the expected attributions."""

import pytest

from .conftest import SAMPLE


@pytest.fixture(scope="module")
def sample(analyze):
    return analyze(SAMPLE.read_text(encoding="utf-8"))


def find(sample, kind, starts):
    matches = [q for q in sample if q.kind == kind and q.text.startswith(starts)]
    assert matches, f"no {kind} quote starting {starts!r}: {[(q.kind, q.text[:40]) for q in sample]}"
    return matches[0]


def test_direct_quote_of_the_ministry(sample):
    quote = find(sample, "direct", "They were working under fire to help people")
    assert quote.speaker.name == "Ukraine's Interior Ministry"
    assert quote.speaker_mention == "the ministry" and quote.cue == "said"


def test_mixed_quote_in_trumps_reported_speech(sample):
    quote = find(sample, "mixed", "very strongly")
    assert quote.speaker.name == "Donald Trump" and quote.cue == "said"


def test_mixed_quote_with_pronoun_speaker(sample):
    quote = find(sample, "mixed", "was a good conversation, but not a conversation that will lead to immediate peace.")
    assert quote.speaker.name == "Donald Trump"
    assert quote.speaker_mention == "He" and quote.cue == "added"


@pytest.mark.parametrize("speaker, cue", [
    ("Ukraine's Interior Ministry", "said"),
    ("the Ukrainian military", "said"),
    ("Ukraine", "said"),
    ("Ukraine's Security Service", "claimed"),
    ("Russia", "saying"),
    ("Russia", "said"),
    ("Ukranian authorities", "according to"),
    ("Moscow", "told"),
])
def test_indirect_quotes(sample, speaker, cue):
    found = [(q.speaker.name if q.speaker else None, q.cue) for q in sample if q.kind == "indirect"]
    assert (speaker, cue) in found, found


def test_putins_reported_speech_inside_trumps(sample):
    quote = find(sample, "indirect", "he will respond to the attack")
    assert quote.speaker.name == "Vladimir Putin" and quote.cue == "told"


def test_moscows_whole_clause(sample):
    quote = find(sample, "indirect", "it would only agree to end the war")
    assert quote.speaker.name == "Moscow" and quote.cue == "told"
    assert quote.text.endswith("the size of its military")


@pytest.mark.parametrize("starts", ["both sides", "a 30-day ceasefire", "a truce"])
def test_offers_and_refusals_are_not_speech(sample, starts):
    classes = [q.cue_class for q in sample if q.text.startswith(starts)]
    assert "speech" not in classes, classes


def test_no_bare_object_or_nested_fragment_as_content(sample):
    assert not [q for q in sample if q.text == "the claims"]
    assert not [q for q in sample if q.text.startswith("to end the war")]
