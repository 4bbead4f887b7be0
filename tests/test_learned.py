"""The learned attribution layer on real parses by the bundled models: content spans as PolNeAR marks
them, cue classes, learned cues and contents, and what the CLI does with classes and roles."""

import csv
import io

import pytest
from click.testing import CliRunner

from quotes.attribution.classes import SPEECH_LIKE
from quotes.cli import cli

from .conftest import SAMPLE


def rows_of(analyze, text):
    return [(a.kind, a.speaker_mention, a.cue, a.content, a.cue_class) for a in analyze(text)]


def test_reported_content_keeps_its_complementizer(analyze):
    (item,) = analyze("The mayor said that the bridge would reopen in May.")
    assert item.kind == "indirect" and item.text == "the bridge would reopen in May"
    assert item.content == "that the bridge would reopen in May"


def test_a_quotation_keeps_its_marks_in_the_content(analyze):
    (item,) = analyze("“We will win,” the mayor said.")
    assert (item.text, item.content) == ("We will win,", "“We will win,”")


@pytest.mark.parametrize("text, cue, cue_class", [
    ("The governor wrote on Twitter that the roads would stay closed.", "wrote", "writing"),
    ("According to the report, the river rose by two meters overnight.", "According to", "document"),
    ("A new poll shows that most voters oppose the plan.", "shows", "document"),
    ("The union rejected the offer.", "rejected", "intention"),
    ("Residents fear that the new tower will block the view.", "fear", "thought"),
    ("The mayor told reporters that the bridge would reopen.", "told", "speech"),
])
def test_cue_classes(analyze, text, cue, cue_class):
    found = [(a.cue, a.cue_class) for a in analyze(text)]
    assert (cue, cue_class) in found, found


def test_a_frame_verb_leaves_the_content_to_the_speech_verb_it_frames(analyze):
    found = rows_of(analyze, "Senator Ann Hill was quoted as saying the plan was dead.")
    assert [(cue, content) for _, _, cue, content, _ in found if cue in ("quoted", "saying")] == [
        ("saying", "the plan was dead")]


def test_sample_article_rows(tmp_path):
    db = tmp_path / "s.db"
    assert CliRunner().invoke(cli, ["analyze", str(SAMPLE), "--db", str(db)]).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(CliRunner().invoke(cli, ["dump", "--db", str(db)]).output)))
    by_cue = {(r["speaker"], r["cue"], r["kind"]) for r in rows}
    assert ("Vladimir Putin", "told", "indirect") in by_cue
    assert ("Moscow", "told", "indirect") in by_cue
    assert not any(r["content"].strip("“”\"") == "to end the war" for r in rows)
    for content in ("a 30-day ceasefire", "a truce"):
        assert all(r["class"] not in SPEECH_LIKE for r in rows if r["content"].startswith(content)), content
    speech = list(csv.DictReader(io.StringIO(
        CliRunner().invoke(cli, ["dump", "--db", str(db), "--class", "speech-like"]).output)))
    assert speech and all(r["class"] in SPEECH_LIKE for r in speech) and len(speech) < len(rows)


def test_speakers_count_speech_like_attributions_by_default(tmp_path):
    db = tmp_path / "s.db"
    CliRunner().invoke(cli, ["analyze", str(SAMPLE), "--db", str(db)])
    env = {"COLUMNS": "200"}
    default = CliRunner().invoke(cli, ["speakers", "--db", str(db)], env=env).output
    everything = CliRunner().invoke(cli, ["speakers", "--db", str(db), "--class", "all"], env=env).output
    ukraine = [line for line in everything.splitlines() if line.startswith("│ Ukraine ")]
    assert ukraine and ukraine[0] not in default   # `offered a ceasefire` counts only with --class all


def test_an_unknown_class_is_a_one_line_error(tmp_path):
    result = CliRunner().invoke(cli, ["dump", "--db", str(tmp_path / "x.db"), "--class", "gossip"])
    assert result.exit_code == 2 and "unknown class 'gossip'" in result.output


def test_eval_roles_scores_each_role(tmp_path):
    gold = SAMPLE.parent.parent / "tests" / "fixtures" / "train"
    db = tmp_path / "t.db"
    CliRunner().invoke(cli, ["analyze", str(gold / "text"), "--db", str(db)])
    result = CliRunner().invoke(cli, ["eval", "--gold", str(gold), "--db", str(db), "--mode", "all", "--roles"],
                                env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    lines = {line.split()[0]: line.split() for line in result.output.splitlines()
             if line.strip().split()[:1] in (["source"], ["cue"], ["content"])}
    assert set(lines) == {"source", "cue", "content"}
    assert lines["cue"][1] == "15"                  # gold cue spans of the fixture
    assert float(lines["cue"][5]) > 50              # exact F1: most cues of the fixture are found


def test_a_content_that_only_points_back_at_speech_is_not_an_attribution(analyze):
    found = rows_of(analyze, "Russia refuted the claims, saying the figures were exaggerated.")
    assert not any(content == "the claims" for _, _, _, content, _ in found), found
    assert ("Russia", "saying", "the figures were exaggerated") in [(s, c, t) for _, s, c, t, _ in found]


@pytest.mark.parametrize("text, cue, content", [
    ("The ministry said in a statement that three workers were killed.", "said", "that three workers were killed"),
    ("Putin told Trump in a phone call that he will respond to the attack.", "told",
     "that he will respond to the attack"),
])
def test_a_clause_hung_on_the_occasion_is_reported_once_by_the_verb(analyze, text, cue, content):
    found = rows_of(analyze, text)
    assert [(c, t) for _, _, c, t, _ in found] == [(cue, content)]


def test_a_content_ends_with_the_marks_it_opens(analyze):
    found = rows_of(analyze, 'She said that Americans were "sick and tired of it."')
    assert ("indirect", 'that Americans were "sick and tired of it."') in [(k, t) for k, _, _, t, _ in found]


@pytest.mark.parametrize("text, content", [
    ("China was ''provocative and expansionist,'' the minister said.", "China was ''provocative and expansionist,''"),
    ("''We will win the state,'' the senator said on Monday.", "''We will win the state,''"),
    ("The senator said the deal was ''dead and buried.''", "the deal was ''dead and buried.''"),
])
def test_a_content_takes_the_two_apostrophes_that_quote_in_it(analyze, text, content):
    """Quotations set in two apostrophes, as some wire and archive text has them: a content keeps
    their marks as it keeps curly ones."""
    found = rows_of(analyze, text)
    assert content in [t for _, _, _, t, _ in found], found


def test_a_quotation_that_is_a_clause_keeps_its_complementizer(analyze):
    (item,) = analyze('He said that "we will win the state."')
    assert (item.kind, item.text, item.content) == ("direct", "we will win the state.", 'that "we will win the state."')


def test_the_learned_speaker_of_a_participle_is_who_tells_not_who_is_told(analyze):
    found = rows_of(analyze, "Trump has praised the vote as “fantastic,” telling reporters on Friday that "
                             "the result is “a great thing.”")
    assert {speaker for _, speaker, cue, _, _ in found if cue == "telling"} == {"Trump"}, found


def test_a_content_set_in_two_apostrophes_goes_on_with_the_next_quoted_sentence(analyze):
    """`''A,'' said X, who ... . ''B.''`: one attribution, whose content runs from the first quotation
    to the last, and whose source keeps the speaker's relative clause."""
    text = ("''We are not going to give up,'' said Maria Lopez, who sent a letter to the council last week. "
            "''The families deserve an answer.''\nThe council met on Friday.")
    (item,) = [a for a in analyze(text) if a.cue == "said"]
    assert item.content == text[:text.index("\n")]
    assert item.speaker_mention == "Maria Lopez"
    assert text[item.source_start:item.source_end] == "Maria Lopez, who sent a letter to the council last week"


def test_a_content_that_opens_a_quotation_ends_with_it(analyze):
    text = 'She said Carson was "losing strength. He will not win Iowa." Aides disagreed.'
    contents = [t for _, _, cue, t, _ in rows_of(analyze, text) if cue == "said"]
    assert 'Carson was "losing strength. He will not win Iowa."' in contents, contents


@pytest.mark.parametrize("text, clause", [
    # the poll is the source of the whole clause, its own cue included (PolNeAR's content of `according to`)
    ("Most voters say they prefer lower prices, according to a new poll.", "Most voters say they prefer lower prices"),
    ("The senator told reporters that the bill would pass, according to two aides.", "that the bill would pass"),
])
def test_a_content_ends_before_the_according_to_that_attributes_its_sentence(analyze, text, clause):
    found = rows_of(analyze, text)
    assert not any("according" in content for _, _, cue, content, _ in found if cue != "according to"), found
    assert clause in [content for _, _, _, content, _ in found], found
    assert "according to" in [cue for _, _, cue, _, _ in found], found


def test_a_headline_names_its_speaker_before_a_colon(analyze):
    text = ("Lynch: No outside influence on FBI probe into Clinton emails.\n"
            "WASHINGTON -- The attorney general said on Tuesday that the inquiry was independent.\n")
    found = [(a.kind, a.speaker_mention, a.cue, a.content, a.cue_class) for a in analyze(text) if a.cue == ":"]
    assert found == [("indirect", "Lynch", ":", "No outside influence on FBI probe into Clinton emails", "speech")]


@pytest.mark.parametrize("headline", [
    "BREAKING: Senate passes the budget bill.",          # a label, not a speaker
    "Revealed: What the budget bill really costs.",
    "Ted Cruz: Conservative or career politician?",      # a question about him, not his claim
])
def test_a_headline_label_that_is_no_speaker_attributes_nothing(analyze, headline):
    assert not [a for a in analyze(headline + "\nThe vote was close.\n") if a.cue == ":"]
