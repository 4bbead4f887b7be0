"""Issue 7, item 6: property-based tests of the attribution stages (hypothesis).

For arbitrary and for mutated article text, on real parses by the bundled
models: no exception, every offset in range, ``text[start:end]`` equal to the
stored quote (and cue, and speaker mention), and the same result when the text
is analysed again. Nothing here depends on what a particular model finds.

Examples per property: ``find_quotes`` (pure, fast) 500 arbitrary and 500
mutated texts; the cutting of long paragraphs 300; the whole chain on a real
parse 50 arbitrary texts (each parsed twice, to check determinism) and 60
mutations of a paragraph of the sample article; bounded parsing of long runs 20; the span
lookup of `dump --unit attribution` 300.
"""

from __future__ import annotations

import bisect
import re

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from quotes import nlp
from quotes.attribution import attribute, from_stanza
from quotes.attribution.coref import named_mentions, resolve
from quotes.attribution.entities import can_speak
from quotes.attribution.speakers import mention_at
from quotes.attribution.marks import find_quotes
from quotes.bounded import _back, _long_paragraph_cuts, _with_breaks, parse_article
from quotes.analysis import check_attributions

from .conftest import SAMPLE

KINDS = {"direct", "mixed", "indirect"}
SAMPLE_TEXT = SAMPLE.read_text(encoding="utf-8")
SAMPLE_PARAGRAPHS = [p for p in SAMPLE_TEXT.split("\n\n") if p.strip()]
MARKS = ["“", "”", "\"", "'", "‘", "’", "«", "»", "„", "‚"]
PIECES = MARKS + [
    "the minister", "said", "told reporters", "according to", "Ann Hill", "He", "she", "they", "claimed",
    "added", "that", "the plan", "was", "is good", "on Monday", "the police", "a spokesman", "warned",
    ",", ".", "!", "?", ":", ";", "—", "-", "(", ")", "[b]", "[/b]", "\n", "\n\n", "\t", "\x1b[31m", "…",
    "don't", "it's", "'90s", "rock 'n' roll", "Dr.", "U.S.", "3.5", "e.g.", "😀", "é", "ß",
]
FAST = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PARSED = settings(max_examples=50, deadline=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
MUTATED = settings(max_examples=60, deadline=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

news_like = st.lists(st.tuples(st.sampled_from(PIECES) | st.text(max_size=4), st.sampled_from([" ", " ", "", "\n"])),
                     min_size=1, max_size=40).map(lambda parts: "".join(a + b for a, b in parts))
any_text = st.text(max_size=200) | news_like


@st.composite
def mutated(draw, base: list[str] = SAMPLE_PARAGRAPHS) -> str:
    """A piece of the sample article with random edits: marks and text inserted, deleted, swapped, cut."""
    first = draw(st.integers(0, len(base) - 1))
    text = base[first]
    for _ in range(draw(st.integers(1, 6))):
        where = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert_mark", "insert_piece", "delete", "duplicate", "swap_marks",
                                       "truncate", "control"]))
        if action == "insert_mark":
            text = text[:where] + draw(st.sampled_from(MARKS)) + text[where:]
        elif action == "insert_piece":
            text = text[:where] + draw(st.sampled_from(PIECES) | st.text(max_size=8)) + text[where:]
        elif action == "delete":
            text = text[:where] + text[where + draw(st.integers(1, 30)):]
        elif action == "duplicate":
            text = text[:where] + text[where:where + draw(st.integers(1, 80))] + text[where:]
        elif action == "swap_marks":
            old, new = draw(st.sampled_from(MARKS)), draw(st.sampled_from(MARKS))
            text = text.replace(old, new)
        elif action == "truncate":
            text = text[:max(where, 1)]
        else:
            text = text[:where] + draw(st.sampled_from(["\x00", "\x07", "\x1b", "\r", "\u202e", "\ufeff"])) \
                + text[where:]
    return text


def speaker_heads(doc, start: int, end: int) -> list:
    """The words of a speaker mention whose syntactic head lies outside it."""
    inside = [w for w in doc.words if start <= w.start and w.end <= end]
    indexes = {w.index for w in inside}
    return [w for w in inside if w.head not in indexes]


def check_spans(text: str, attributions, doc) -> None:
    """The invariants every stored attribution must keep, and that a mention is left
    without a speaker only when it names no one who can speak (an unresolved `she`)."""
    check_attributions(text, attributions)          # offsets in range and text[start:end] == value
    for item in attributions:
        assert item.kind in KINDS
        assert 0 <= item.start <= item.end <= len(text) and text[item.start:item.end] == item.text
        if item.cue_start is not None:
            assert 0 <= item.cue_start <= item.cue_end <= len(text) and text[item.cue_start:item.cue_end] == item.cue
        if item.speaker_start is not None:
            assert text[item.speaker_start:item.speaker_end] == item.speaker_mention
            if item.speaker is not None:
                assert item.speaker.name
            else:
                named = named_mentions(doc)
                assert not any(can_speak(doc, resolve(doc, mention_at(doc, head), named))
                               for head in speaker_heads(doc, item.speaker_start, item.speaker_end))
    assert [a.start for a in attributions] == sorted(a.start for a in attributions)


def snapshot(attributions) -> list[tuple]:
    return [(a.kind, a.start, a.end, a.text, a.cue, a.cue_start, a.cue_end, a.cue_lemma, a.speaker_mention,
             a.speaker_start, a.speaker_end, a.speaker.key if a.speaker else None, a.rule) for a in attributions]


# -- stage 1, pure: quote marks ------------------------------------------------------------

def check_quote_spans(text: str) -> None:
    spans = find_quotes(text)
    for span in spans:
        assert 0 <= span.start <= span.end <= len(text)
        assert span.text(text) == text[span.start:span.end]
        assert span.style in ("double", "single")
    assert [s.start for s in spans] == sorted(s.start for s in spans)
    assert find_quotes(text) == spans


@FAST
@given(text=any_text)
def test_find_quotes_on_arbitrary_text(text):
    check_quote_spans(text)


@FAST
@given(text=mutated())
def test_find_quotes_on_mutated_articles(text):
    check_quote_spans(text)


# -- the cutting of long paragraphs (bounded parsing) --------------------------------------

@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("ab .,\n\t'“”")), max_size=600), limit=st.integers(4, 80))
def test_long_paragraphs_are_cut_without_losing_a_character(text, limit):
    cuts = _long_paragraph_cuts(text, limit)
    assert cuts == sorted(set(cuts)) and all(0 < cut < len(text) for cut in cuts)
    cut_text = _with_breaks(text, cuts)
    back = _back(cuts)
    for offset in range(len(text) + 1):             # every character is where the mapping says, and back
        moved = offset + 2 * bisect.bisect_right(cuts, offset)
        assert back(moved) == offset
        assert offset == len(text) or cut_text[moved] == text[offset]
    assert len(cut_text) == len(text) + 2 * len(cuts)
    bounds = [m.span() for m in re.finditer(r"\n\s*\n", text)] + [(len(text), len(text))]
    start = 0
    for end, next_start in bounds:                  # no paragraph piece is longer than the limit
        edges = [start, *[cut for cut in cuts if start < cut < end], end]
        assert all(b - a <= limit for a, b in zip(edges, edges[1:]))
        start = next_start


# -- the whole chain on real parses --------------------------------------------------------

@PARSED
@given(text=any_text)
def test_attribution_of_arbitrary_text(text, pipeline):
    assume(text.strip())                            # `quotes analyze` refuses empty articles
    first = from_stanza(nlp.parse(text))
    attributions = attribute(first)
    check_spans(text, attributions, first)
    again = attribute(from_stanza(nlp.parse(text)))   # a fresh parse: re-analysis gives the same
    assert snapshot(again) == snapshot(attributions)


@MUTATED
@given(text=mutated())
@example(text="“On Wednesday, US President Donald Trump said that Russian President Vladimir Putin told him "
              "“very strongly” in auti”n told““ him “very strongly” in a phone call that he will respond.")
def test_attribution_of_mutated_articles(text, parse):
    assume(text.strip())
    doc = parse(text)
    attributions = attribute(doc)
    check_spans(text, attributions, doc)
    assert snapshot(attribute(doc)) == snapshot(attributions)


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=news_like.map(lambda t: t.replace(".", " ").replace("\n", " ")))
def test_bounded_parsing_keeps_offsets_exact(text, pipeline):
    """`quotes analyze` parses within bounded memory by cutting long paragraphs and sentences; with tiny
    limits every text is cut, and every offset must still point into the original text."""
    assume(text.strip())
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("quotes.bounded.MAX_PIECE_CHARS", 40)
        patch.setattr("quotes.bounded.MAX_SENTENCE_WORDS", 6)
        doc = parse_article(text)
    assert doc.text == text
    starts = [word.start for word in doc.words]
    assert starts == sorted(starts)
    for word in doc.words:
        assert 0 <= word.start <= word.end <= len(text) and text[word.start:word.end].strip()
    for sentence in doc.sentences:
        assert sentence.last - sentence.first + 1 <= 6
    check_spans(text, attribute(doc), doc)


def test_bounded_parsing_is_the_plain_parse_for_ordinary_articles(pipeline):
    plain = from_stanza(nlp.parse(SAMPLE_TEXT))
    bounded = parse_article(SAMPLE_TEXT)
    assert bounded.words == plain.words and bounded.sentences == plain.sentences


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 60), st.integers(0, 20)), max_size=12), st.integers(-1, 85))
def test_covering_spans_agree_with_a_plain_scan(pieces, offset):
    """The lookup that folds nested reported speech in `dump --unit attribution` (bisection, so a
    book-length article is not quadratic) finds what a scan of every other span finds."""
    from quotes.store import _CoveringSpans

    spans = [(start, start + length) for start, length in pieces]
    covering = _CoveringSpans(spans)
    for leave_out in range(len(spans)):
        scan = any(number != leave_out and start <= offset < end for number, (start, end) in enumerate(spans))
        assert covering.covers(offset, leave_out) == scan
