"""The span tagger stage: gold labels, the bundled model's spans on real parses, its file's errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from quotes.attribution import attribute
from quotes.attribution.spans import LABELS, SpanModelError, best_labels, decode, load_span_tagger
from quotes.evaluate import load_gold
from quotes.training.corpus import CorpusArticle
from quotes.training.spans import gold_labels

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "train"


def test_gold_labels_follow_the_roles_of_the_gold_spans(parse):
    article = next(a for a in load_gold(FIXTURE).values() if "harbor" in a.name)
    doc = parse(article.text)
    labels = [LABELS[label] for label in gold_labels(CorpusArticle(article.name, article, doc))]
    by_word = {w.text: label for w, label in zip(doc.words, labels)}
    assert by_word["argued"] == "B-cue"
    assert by_word["Fishermen"] == "B-source"
    first = next(i for i, w in enumerate(doc.words) if w.text == "that" and labels[i] != "O")
    assert labels[first] == "B-content" and labels[first + 1] == "I-content"


def test_reported_speech_gets_its_content_with_the_complementizer(parse):
    doc = parse("The harbor chair said on Monday that the pier would close for repairs in the spring.")
    [row] = [a for a in attribute(doc) if a.cue == "said"]
    assert row.content.startswith("that the pier would close")
    assert doc.text[row.source_start:row.source_end] == "The harbor chair"


def test_a_direct_quote_keeps_its_text_and_gets_its_marks_as_content(parse):
    doc = parse("“We have no other choice,” said Mara Quill, the chair of the board.")
    [row] = [a for a in attribute(doc) if a.kind == "direct"]
    assert row.text == "We have no other choice,"
    assert row.content == "“We have no other choice,”"


def test_a_clause_the_tagger_adds_quotes_the_clause_and_keeps_that_in_its_content(parse):
    """A cue the rules did not link, found by the tagger with its content: the attribution's quote
    is the clause (as the rules give reported speech), its content starts at `that`."""
    from quotes.attribution.spans import TaggedSpan, extra_links

    doc = parse("The board hinted on Monday that the plant would close.")
    index = {w.text: w.index for w in doc.words}
    tagged = [TaggedSpan("cue", index["hinted"], index["hinted"]),
              TaggedSpan("content", index["that"], index["close"])]
    (link,) = extra_links(doc, tagged, [], [])
    assert doc.text[link.start:link.end] == "the plant would close"
    assert doc.text[link.content[0]:link.content[1]] == "that the plant would close"
    assert doc.words[link.cue.word].text == "hinted"


@pytest.mark.parametrize("text, cue, content, linked", [
    ("The mayor decried the decision on Monday.", "decried", "decision", True),   # a lexicon cue
    ("The mayor met the governor on Monday.", "met", "governor", False),          # no reporting word
])
def test_a_bare_noun_phrase_is_reported_only_by_a_word_of_the_lexicon(parse, text, cue, content, linked):
    from quotes.attribution.spans import TaggedSpan, extra_links

    doc = parse(text)
    index = {w.text: w.index for w in doc.words}
    tagged = [TaggedSpan("cue", index[cue], index[cue]), TaggedSpan("content", index[content] - 1, index[content])]
    assert bool(extra_links(doc, tagged, [], [])) is linked


def test_the_tagger_must_back_a_reported_clause_in_each_role_asked(parse):
    from quotes.attribution.spans import TaggedSpan, confirmed

    doc = parse("The mayor said the bridge would reopen in May.")
    [row] = [a for a in attribute(doc) if a.cue == "said"]
    index = {w.text: w.index for w in doc.words}
    cue = TaggedSpan("cue", index["said"], index["said"])
    content = TaggedSpan("content", index["bridge"], index["May"])
    elsewhere = TaggedSpan("cue", index["reopen"], index["reopen"])
    assert confirmed(doc, row, "verb", [cue], ["cue"])
    assert not confirmed(doc, row, "verb", [elsewhere], ["cue"])
    assert not confirmed(doc, row, "verb", [cue], ["content", "cue"])
    assert confirmed(doc, row, "verb", [cue, content], ["content", "cue"])


def test_a_quotation_in_marks_needs_no_backing_by_the_tagger(parse):
    from quotes.attribution.spans import confirmed

    doc = parse("“The bridge will reopen in May,” the mayor said.")
    [row] = [a for a in attribute(doc) if a.kind == "direct"]
    assert confirmed(doc, row, "verb", [], ["content", "cue"])


def test_decoding_keeps_a_span_whole_across_one_uncertain_word():
    import torch

    def probabilities(*rows):
        """One line's scores: each word's likeliest label, its runner-up and the runner-up's odds."""
        return torch.tensor([[[0.9 if label == first else odds if label == second else 0.01 for label in LABELS]
                              for first, second, odds in rows]]).log()

    # the third word leans to O (0.9 against 0.85): taken alone, the content would break in two
    logits = probabilities(("B-content", "O", 0.05), ("I-content", "O", 0.05), ("O", "I-content", 0.85),
                           ("I-content", "O", 0.05), ("O", "B-cue", 0.05))
    labels = best_labels(logits, torch.tensor([5]))[0]
    assert [(s.role, s.first, s.last) for s in decode(labels, list(range(5)))] == [("content", 0, 3)]
    assert decode(logits.argmax(-1)[0].tolist(), list(range(5)))[0].last == 1


def test_decoding_never_starts_a_span_with_an_inside_label():
    import torch

    torch.manual_seed(3)
    logits = torch.randn(6, 9, len(LABELS)) * 3
    lengths = torch.tensor([9, 1, 4, 7, 2, 9])
    for row, length in zip(best_labels(logits, lengths), lengths.tolist()):
        for position, label in enumerate(row[:length]):
            name = LABELS[label]
            if name.startswith("I-"):
                assert position > 0 and LABELS[row[position - 1]][2:] == name[2:]


def test_a_missing_span_model_is_a_clear_error(tmp_path):
    with pytest.raises(SpanModelError, match="missing"):
        load_span_tagger(tmp_path / "absent.pt")


@pytest.mark.parametrize("content", [b"not a torch file", b""])
def test_a_corrupt_span_model_is_a_clear_error(tmp_path, content):
    path = tmp_path / "span.pt"
    path.write_bytes(content)
    with pytest.raises(SpanModelError, match="unreadable"):
        load_span_tagger(path)


def test_a_truncated_span_model_is_a_clear_error(tmp_path):
    from quotes.attribution.spans import MODEL_FILE

    path = tmp_path / "span.pt"
    path.write_bytes(MODEL_FILE.read_bytes()[:50_000])
    with pytest.raises(SpanModelError):
        load_span_tagger(path)


def test_analyze_stops_with_one_line_for_a_corrupt_span_model(tmp_path):
    (tmp_path / "span.pt").write_bytes(b"broken")
    article = tmp_path / "a.txt"
    article.write_text("“We are ready,” the mayor said.\n")
    result = subprocess.run([sys.executable, "-m", "quotes", "analyze", str(article), "--db", str(tmp_path / "t.db")],
                            capture_output=True, text=True,
                            env={**os.environ, "QUOTES_SPAN_MODEL": str(tmp_path / "span.pt")})
    assert result.returncode != 0
    assert "span tagger model" in result.stderr and "Traceback" not in result.stderr
