"""Unit tests of the attribution stages on real parses from the bundled model."""

import pytest

from quotes.attribution.coref import named_mentions, resolve
from quotes.attribution.cues import find_cues
from quotes.attribution.entities import EntityIndex, name_of
from quotes.attribution.lexicon import load_lexicon
from quotes.attribution.link import content_candidates, link_quotes, reported_speech
from quotes.attribution.marks import find_quotes
from quotes.attribution.speakers import speaker_of



def cues_of(doc):
    return find_cues(doc, load_lexicon())


def cue_texts(doc):
    return sorted(c.text(doc) for c in cues_of(doc).values())


# -- lexicon and cues ----------------------------------------------------------

def test_lexicon_is_broad_and_kept_as_data():
    lexicon = load_lexicon()
    assert len(lexicon.verbs) >= 300 and len(lexicon.nouns) >= 50
    assert lexicon.verb_kind("say") == "speech" and lexicon.verb_kind("believe") == "cognition"
    assert lexicon.verb_kind("eat") is None


def test_cues_include_verbs_particles_according_to_and_nouns(parse):
    doc = parse("Ann Hill pointed out that his claim was false, according to the report.")
    assert cue_texts(doc) == ["according to", "claim", "pointed out"]


def test_a_noun_is_a_cue_only_when_it_reports_something(parse):
    doc = parse("The claim was false.")
    assert cue_texts(doc) == []


def test_cue_lemma(parse):
    doc = parse("She says the bridge is open.")
    (cue,) = cues_of(doc).values()
    assert cue.lemma(doc) == "say" and cue.kind == "speech"


# -- speakers --------------------------------------------------------------------

@pytest.mark.parametrize("text, cue_word, speaker", [
    ("The ministry said the roads were closed.", "said", "The ministry"),
    ("“The roads are closed,” said the minister of transport.", "said", "the minister of transport"),
    ("The roads are closed, according to the police.", "according", "the police"),
    ("The closure was announced by the ministry on Monday.", "announced", "the ministry"),
    ("Russia refuted the claims, saying the figures were exaggerated.", "saying", "Russia"),
    ("Jane Roe, who replaced John Doe, said the party would fight.", "said", "Jane Roe"),
])
def test_speaker_of_cue(parse, text, cue_word, speaker):
    doc = parse(text)
    cue = next(c for c in cues_of(doc).values() if doc.words[c.word].text == cue_word)
    assert speaker_of(doc, cue).text == speaker


def test_passive_without_agent_has_no_speaker(parse):
    doc = parse("It was announced that the factory would close.")
    (cue,) = cues_of(doc).values()
    assert speaker_of(doc, cue) is None


def test_apposition_is_kept_beside_the_mention(parse):
    doc = parse("Ann Hill, a surgeon, said the wards were full.")
    cue = next(c for c in cues_of(doc).values() if doc.words[c.word].text == "said")
    mention = speaker_of(doc, cue)
    assert mention.text == "Ann Hill" and mention.appositions == ("a surgeon",)


# -- links -----------------------------------------------------------------------

def test_link_rules(parse):
    text = ("“We will rebuild,” Ann Hill said. “It will take years.”\n\n"
            "The so-called “reform” failed.")
    doc = parse(text)
    links = link_quotes(doc, find_quotes(text), cues_of(doc))
    assert [text[l.start:l.end] for l in links] == ["We will rebuild,", "It will take years."]
    assert links[0].rule in ("complement", "sentence") and links[1].rule == "continuation"
    assert links[1].cue == links[0].cue


def test_reported_speech_skips_clauses_already_quoted(parse):
    text = "Ann Hill said “the bridge will reopen soon.” Bob Lee said the roads were fine."
    doc = parse(text)
    cues = cues_of(doc)
    quoted = link_quotes(doc, find_quotes(text), cues)
    reported = reported_speech(doc, cues, [(l.start, l.end) for l in quoted])
    assert [text[l.start:l.end] for l in reported] == ["the roads were fine"]


# -- coreference -----------------------------------------------------------------

def test_named_mentions(parse):
    doc = parse("US President Donald Trump met Ukraine's Interior Ministry in Kyiv.")
    # a possessor is a name of its own (`Ukraine` may speak later in the article)
    assert [m.text for m in named_mentions(doc)] == [
        "US President Donald Trump", "Ukraine", "Ukraine's Interior Ministry", "Kyiv"]


def test_pronoun_prefers_main_clause_subject(parse):
    text = ("Donald Trump said that Vladimir Putin told him about the attack. "
            "He added that the call went well.")
    doc = parse(text)
    he = next(w for w in doc.words if w.text == "He")
    from quotes.attribution.speakers import mention_at
    assert resolve(doc, mention_at(doc, he), named_mentions(doc)).text == "Donald Trump"


def test_it_does_not_resolve_to_a_person(parse):
    text = "Ann Hill visited the ministry. The Interior Ministry said it would help."
    doc = parse(text)
    it = next(w for w in doc.words if w.text == "it")
    from quotes.attribution.speakers import mention_at
    assert resolve(doc, mention_at(doc, it), named_mentions(doc)).text == "The Interior Ministry"


# -- entities --------------------------------------------------------------------

def test_name_of_drops_titles():
    assert name_of("US President Donald Trump") == ("Donald Trump", True)
    assert name_of("Mr. Trump") == ("Trump", True)
    assert name_of("Ukraine's Interior Ministry") == ("Ukraine's Interior Ministry", False)


def test_entity_index_merges_variants_and_keeps_anonymous_apart(parse):
    doc = parse("Donald Trump spoke. Mr. Trump spoke again. A source spoke. A source spoke.")
    from quotes.attribution.speakers import mention_at
    heads = [w for w in doc.words if w.relation == "nsubj"]      # the four subjects of `spoke`
    index = EntityIndex(doc)
    entities = [index.entity_for(mention_at(doc, h)) for h in heads]
    assert entities[0] is entities[1] and entities[0].name == "Donald Trump"
    assert entities[0].type == "person"
    assert entities[2].anonymous and entities[3].anonymous and entities[2] is not entities[3]


def test_nested_attribution_speaker_is_the_object_of_the_outer_verb(parse):
    doc = parse("Smith criticized Jones for saying that taxes were too high.")
    cue = next(c for c in cues_of(doc).values() if doc.words[c.word].text == "saying")
    assert speaker_of(doc, cue).text == "Jones"


def test_a_cue_quoted_in_another_quote_is_not_the_cue(parse):
    text = "“I think the debate will be fair,” Trump said, “but many people will be watching.”"
    doc = parse(text)
    links = link_quotes(doc, find_quotes(text), cues_of(doc))
    assert [(text[l.start:l.end], l.cue.text(doc)) for l in links] == [
        ("I think the debate will be fair,", "said"), ("but many people will be watching.", "said")]


@pytest.mark.parametrize("text, speaker", [
    ("Ann Hill, who runs the fund for veterans' families, said, “The help comes too late.”", "Ann Hill"),
    ("“The army is frustrated,” Flynn, a top Trump surrogate, said Thursday on Fox News.", "Flynn"),
])
def test_speaker_before_an_aside(parse, text, speaker):
    doc = parse(text)
    cue = next(c for c in cues_of(doc).values() if doc.words[c.word].text == "said")
    assert speaker_of(doc, cue, [(q.start, q.end) for q in find_quotes(text)]).text == speaker


@pytest.mark.parametrize("text, content", [
    ("The ministry announced the closure of the main bridge.", "the closure of the main bridge"),
    ("Ann Hill called the plan a disaster.", "the plan a disaster"),
    ("The mayor complained about the new parking rules.", "the new parking rules"),
])
def test_reported_content_of_objects_and_topics(parse, text, content):
    doc = parse(text)
    (link,) = reported_speech(doc, cues_of(doc), [])
    assert text[link.start:link.end] == content and link.kind == "indirect"


def test_the_person_told_is_not_content(parse):
    doc = parse("The mayor told reporters on Monday.")
    assert reported_speech(doc, cues_of(doc), []) == []


def test_attitude_cues_report_content_but_introduce_no_quote(parse):
    text = "The senator touted his “historic” plan."
    doc = parse(text)
    cues = cues_of(doc)
    assert [c.kind for c in cues.values()] == ["attitude"]
    assert link_quotes(doc, find_quotes(text), cues) == []
    (link,) = reported_speech(doc, cues, [])
    assert text[link.start:link.end] == "his “historic” plan"


def test_a_dateline_is_never_the_speaker(parse):
    text = "RENO, Nev. (AP) — Donald Trump says the league has gone “soft” like the country."
    doc = parse(text)
    cue = next(c for c in cues_of(doc).values() if doc.words[c.word].text == "says")
    assert speaker_of(doc, cue, [(q.start, q.end) for q in find_quotes(text)]).text == "Donald Trump"


def test_speaker_is_the_nearer_of_two_subjects(parse):
    # the parser gives `said` both `cashier` and `Warren` as subjects
    doc = parse("A cashier who “steals a handful of $20s” is held accountable, Warren said.")
    cue = next(c for c in cues_of(doc).values() if doc.words[c.word].text == "said")
    subjects = [w.text for w in doc.children(cue.word) if w.deprel == "nsubj"]
    assert speaker_of(doc, cue).text == "Warren"
    assert subjects == ["cashier", "Warren"] or subjects == ["Warren"]


@pytest.mark.parametrize("text, speaker", [
    ("“They are trying to slap us in the face,” Quina Jones, 25, said as she and hundreds of "
     "other demonstrators moved through the city.", "Quina Jones, 25"),
    ("“We will not stop,” in a statement on Monday, Ann Hill said.", "Ann Hill"),
])
def test_speaker_between_quote_and_cue(parse, text, speaker):
    doc = parse(text)
    cue = next(c for c in cues_of(doc).values() if doc.words[c.word].text == "said")
    quotes = [(q.start, q.end) for q in find_quotes(doc.text)]
    assert speaker_of(doc, cue, quotes).text == speaker


def test_offset_lookups_agree_with_a_scan_of_the_words(parse):
    doc = parse("“We will rebuild,” Ann Hill said. Bob Lee, the mayor, added: “Not soon.”\n\nIt rained.")
    for start in range(0, len(doc.text) + 1, 3):
        for end in range(start, len(doc.text) + 1, 7):
            assert doc.words_between(start, end) == [w for w in doc.words if w.start >= start and w.end <= end]
            assert doc.sentences_overlapping(start, end) == [
                s for s in doc.sentences if doc.words[s.first].start < end and doc.words[s.last].end > start]
        before = [w for w in doc.words if w.end <= start]
        assert doc.last_word_before(start) == (before[-1] if before else None)
        assert doc.word_starting_at(start) == next((w for w in doc.words if w.start == start), None)


# -- PolNeAR spans of cue and source ---------------------------------------------

def _attribution_with_cue(analyze, text, head):
    return next(a for a in analyze(text) if a.cue_lemma is not None and a.cue_lemma.split()[0] == head)


@pytest.mark.parametrize("text, head, cue", [
    # the verb group: auxiliaries, negation and adverbs before the verb
    ("The senator has repeatedly said that the bill would fail.", "say", "has repeatedly said"),
    ("The company did not deny that it had closed the plant.", "deny", "did not deny"),
    # up to a following content, but not the person told
    ("The mayor said in a statement that the bridge would reopen.", "say", "said in a statement"),
    ("The mayor told reporters that the bridge would reopen.", "tell", "told"),
    # a content before the cue: the verb alone
    ("“The bridge will reopen,” the mayor said in a statement on Monday.", "say", "said"),
])
def test_cue_phrase_is_the_verb_group(analyze, text, head, cue):
    found = _attribution_with_cue(analyze, text, head)
    assert text[found.cue_phrase_start:found.cue_phrase_end] == cue
    assert found.cue_lemma == head        # the cue itself stays the reporting word


@pytest.mark.parametrize("text, head, mention, source", [
    ("Brian Jack, a delegate strategist, said the vote was rigged.", "say",
     "Brian Jack", "Brian Jack, a delegate strategist,"),
    ("The government in Beijing said the talks had failed.", "say", "The government", "The government in Beijing"),
    ("The bridge will reopen, the mayor said.", "say", "the mayor", "the mayor"),
    ("Mary Hill, who runs the lobbying arm, said the vote was rigged.", "say",
     "Mary Hill", "Mary Hill, who runs the lobbying arm,"),
])
def test_source_span_takes_the_speakers_modifiers(analyze, text, head, mention, source):
    """With the comma that closes an apposition or relative clause, as PolNeAR's sources have it."""
    found = _attribution_with_cue(analyze, text, head)
    assert found.speaker_mention == mention
    assert text[found.source_start:found.source_end] == source


# -- content candidates of reported speech ---------------------------------------

@pytest.mark.parametrize("text, head, candidate", [
    # the clause a dependent of the cue takes
    ("Critics expressed concern that the plan would raise taxes.", "expressed", "that the plan would raise taxes"),
    # a raising cue: its subject with its infinitive
    ("The senator is expected to announce her run on Monday.", "expected", "The senator is expected to announce her run on Monday"),
    # cut short before a comma inside the clause (the content span then takes the closing mark)
    ('The mayor said the budget was "about right," though voters disagree.', "said", 'the budget was "about right'),
])
def test_content_candidates(parse, text, head, candidate):
    doc = parse(text)
    (cue,) = [c for c in cues_of(doc).values() if doc.words[c.word].text == head]
    spans = [doc.text[slice(*doc.span_of(words))] for _, words in content_candidates(doc, cue)]
    assert candidate in spans, spans
