"""Issue 17: speakers as people: one entity per person across the corpus, clean names, no junk."""

from __future__ import annotations

import json

import pytest

from quotes import corrections, queries, store
from quotes.attribution import attribute
from quotes.attribution.entities import EntityIndex, can_speak
from quotes.attribution.speakers import mention_at
from quotes.corrections import Speaker
from quotes.sources import Article


def speakers_of(analyze, text: str) -> list[tuple[str | None, str | None]]:
    return [(q.speaker_mention, q.speaker.name if q.speaker else None) for q in analyze(text)]


def entity_of(analyze, text: str, mention: str):
    found = [q.speaker for q in analyze(text) if q.speaker_mention == mention]
    assert found, [(q.speaker_mention, q.speaker) for q in analyze(text)]
    return found[0]


@pytest.mark.parametrize("mention, name, role", [
    ("Republican presidential nominee Donald J. Trump", "Donald J. Trump", "Republican presidential nominee"),
    ("Rival Hillary Clinton", "Hillary Clinton", "Rival"),
    ("House Speaker Paul Ryan", "Paul Ryan", "House Speaker"),
    ("Mayor Ann Hill", "Ann Hill", "Mayor"),
])
def test_canonical_name_drops_titles_and_roles_and_keeps_them_as_roles(analyze, mention, name, role):
    entity = entity_of(analyze, f"{mention} said the plan would fail.", mention)
    assert (entity.name, entity.type) == (name, "person")
    assert role in entity.roles and entity.aliases == {name}


def test_adverbs_and_determiners_are_never_part_of_a_name(analyze):
    text = ("Donald Trump spoke in Ohio on Monday. Meanwhile Trump said the polls were wrong. "
            "“A new Donald Trump will win,” a new Donald Trump said.")
    names = {name for _, name in speakers_of(analyze, text)}
    assert names == {"Donald Trump"}


def test_a_surname_resolves_to_the_full_name_in_the_article(analyze):
    text = ("Tom Clarke, a farmer, said the river had flooded his fields. "
            "Mr. Clarke said the water came at night. Clarke said he would rebuild.")
    quotes = analyze(text)
    assert {q.speaker.name for q in quotes} == {"Tom Clarke"}
    assert len({id(q.speaker) for q in quotes}) == 1
    assert quotes[0].speaker.aliases == {"Tom Clarke", "Clarke"}      # name forms, no pronouns


def test_mrs_is_not_the_man_of_the_same_surname(analyze):
    text = ("Donald Trump said the rally was huge. "
            "Mrs. Trump said the family was proud. Mr. Trump said he would win.")
    by_mention = {q.speaker_mention: q.speaker for q in analyze(text)}
    assert by_mention["Mr. Trump"] is by_mention["Donald Trump"]
    assert by_mention["Mrs. Trump"] is not by_mention["Donald Trump"]
    assert by_mention["Mrs. Trump"].surname_only and by_mention["Mrs. Trump"].gender == "female"


def test_two_clintons_in_one_article(analyze):
    text = ("Hillary Clinton said the economy needed help. Bill Clinton said his wife would win. "
            "Hillary Clinton said the plan was ready. Mrs. Clinton said taxes would rise. "
            "Mr. Clinton said the crowd was large. Clinton said the race was close.")
    by_mention = [(q.speaker_mention, q.speaker.name) for q in analyze(text)]
    assert ("Mrs. Clinton", "Hillary Clinton") in by_mention
    assert ("Mr. Clinton", "Bill Clinton") in by_mention
    assert ("Clinton", "Hillary Clinton") in by_mention      # the Clinton the article names most


def test_a_name_cut_by_the_sentence_splitter_is_one_name(analyze):
    # the splitter ends a sentence after `Peter` (no closing punctuation, same line)
    text = ("Former Air Force Gen. Peter Hale wants a bigger budget for the fleet. "
            "Hale said the ships were old. “The pilots are tired,” he said.")
    by_mention = {(q.speaker_mention, q.speaker.name) for q in analyze(text)}
    assert by_mention == {("Hale", "Peter Hale"), ("he", "Peter Hale")}


@pytest.mark.parametrize("text, mention", [
    ("Interim Chairwoman Donna Smith said on Sunday that the vote was fair.", "Interim Chairwoman Donna Smith"),
    ("“That was a good speech,” said Donna Smith, the chairwoman of the board.", "Donna Smith"),
])
def test_a_given_name_the_tokenizer_split_stays_whole(analyze, text, mention):
    # the tokenizer reads `Donna` as `Don` + `na` (like `gonna`); nlp.postprocess_tokens keeps it one word
    (quote,) = analyze(text)
    assert quote.speaker_mention == mention
    assert (quote.speaker.name, quote.speaker.gender) == ("Donna Smith", "female")


def test_an_initial_the_tagger_took_for_punctuation_stays_in_the_name(analyze):
    (quote,) = analyze("Ben Z. Roe argued that the plan was weak.")    # `Z.` tagged PUNCT, `Ben` and `Roe` siblings
    assert (quote.speaker_mention, quote.speaker.name, quote.speaker.key) == ("Ben Z. Roe", "Ben Z. Roe", "person:ben roe")


@pytest.mark.parametrize("text, name", [
    ("“We will fight on,” said Ann bin Hale, a rebel leader.", "Ann bin Hale"),
    ("Ann de la Hale said the deal was off.", "Ann de la Hale"),
])
def test_small_words_inside_a_name_stay_in_it(analyze, text, name):
    (quote,) = analyze(text)
    assert (quote.speaker.name, quote.speaker.key) == (name, "person:ann hale")


def test_the_name_under_a_title_with_of_is_the_persons(analyze):
    (quote,) = analyze("Secretary of State Ann Hale said the talks would go on.")
    assert (quote.speaker.name, quote.speaker.roles) == ("Ann Hale", {"Secretary of State"})


def test_pronouns_follow_the_gender_of_the_name(analyze):
    text = "Donald Trump met Hillary Clinton on Monday. She said the meeting went well."
    assert speakers_of(analyze, text) == [("She", "Hillary Clinton")]


@pytest.mark.parametrize("text, word", [
    ("Trump's lead shrank in the new poll on Monday.", "lead"),
    ("Voters in eastern Ohio feared the plant would close.", "Ohio"),
    ("The coming days will show what the council decides.", "days"),
    ("He said the plan would fail.", "He"),
])
def test_junk_mentions_cannot_speak(parse, text, word):
    doc = parse(text)
    head = next(w for w in doc.words if w.text == word)
    assert not can_speak(doc, mention_at(doc, head))
    assert EntityIndex(doc).entity_for(mention_at(doc, head)) is None


def test_a_place_that_speaks_is_a_government(analyze):
    (quote,) = analyze("Russia said the sanctions would not work.")
    assert (quote.speaker.name, quote.speaker.type) == ("Russia", "government")


@pytest.mark.parametrize("text, name, kind", [
    ("The Association of Retired Teachers said the plan would fail.", "Association of Retired Teachers",
     "organization"),                                   # an organisation word heads the name
    ("Bell & Van Hale, a law firm, said the case was closed.", "Bell & Van Hale", "organization"),  # `&`
    ("The Ledger reported that the mayor would resign.", "Ledger", "organization"),     # a name with `the`
])
def test_names_that_are_no_persons_are_typed_by_their_form(analyze, text, name, kind):
    (quote,) = analyze(text)
    assert (quote.speaker.name, quote.speaker.type) == (name, kind)


def test_a_name_joined_by_an_ampersand_is_part_of_a_firms_name(analyze):
    (quote,) = analyze("“The case is closed,” Bell & Van Hale said in a statement.")
    assert quote.speaker.type != "person"


@pytest.mark.parametrize("text, speaker", [
    # the parser heads `Donald Trump` on `Donald`: `Trump` alone is still a person's surname
    ("Donald Trump spoke on Monday. Ben Roe, a senator, was not there. Trump talked about trade "
     "with Canada. He also said the plan would work.", "Donald Trump"),
    # a name under a title noun (`nominee` heading `Ann Hale`) is a named mention
    ("On the radio, Republican nominee Ann Hale sounded calm. "
     "Although she called the plan weak, she said it could pass.", "Ann Hale"),
    # a city and its state (`Hilltown, Okla.`) is no person's name
    ("Ann Roe grew up there. Hilltown, Okla., is a small town. She said the plant would stay open.", "Ann Roe"),
    # a party-and-state tag (`D-Ore.`) is no person's name
    ("Sen. Ben Roe (D-Ore.) and Sen. Ann Hale spoke on Monday. “It is over,” she said.", "Ann Hale"),
])
def test_pronouns_find_the_person_not_a_name_like_phrase(analyze, text, speaker):
    assert {q.speaker.name for q in analyze(text) if q.speaker_mention.lower() in ("he", "she")} == {speaker}


def test_a_given_name_alone_is_a_person_unless_the_article_makes_it_a_place(analyze):
    (quote,) = analyze("“We will be there,” Renata said.")
    assert (quote.speaker.name, quote.speaker.type, quote.speaker.surname_only) == ("Renata", "person", True)
    for text in ("FLORENCE - The storm hit the coast on Monday.\n\nFlorence said it would reopen the park.",
                 "Officials in Victoria, Texas, met on Monday. Victoria said it would reopen the park."):
        assert [q.speaker.type for q in analyze(text) if q.text == "it would reopen the park"] == ["unknown"]


@pytest.mark.parametrize("text, name", [
    ("Staff at the New Haven Courier were told on Monday. The Courier said the paper would close.",
     "New Haven Courier"),              # `the New Haven Courier` is no person
    ("The members read Article 5 of the Gazette on Monday. The Gazette said the rule was old.", "Gazette"),
])
def test_a_short_name_is_the_one_longer_name_it_ends(analyze, text, name):
    quote = next(q for q in analyze(text) if q.speaker_mention == "The " + name.split()[-1])
    assert (quote.speaker.name, quote.speaker.type) == (name, "organization")


def test_a_name_an_aside_calls_an_organisation_is_one_and_so_is_its_short_form(analyze):
    text = ("Acme Steel, one of the region's biggest firms, sold the mill in May. "
            "Acme said it would close the plant.")
    (quote,) = [q for q in analyze(text) if q.speaker_mention == "Acme"]
    assert (quote.speaker.name, quote.speaker.type) == ("Acme Steel", "organization")
    (quote,) = analyze("Ann Hale, a spokeswoman for the company, said the mill would close.")
    assert (quote.speaker.name, quote.speaker.type) == ("Ann Hale", "person")     # the aside's head is a person
    (quote,) = analyze("Ben Roe bought a mill in May. Acme Steel, a steel company, sold it to him. "
                       "“It was cheap,” he said.")
    assert quote.speaker.name == "Ben Roe"          # `he` is no company


def test_a_headline_is_no_persons_name(analyze):
    # the headline is an attribution of its own (Ann Roe calls Ben Hale unfit), but its names are
    # no antecedent for the quote's `she`
    (quote,) = [q for q in analyze("Ann Roe Calls Ben Hale Unfit\n\n“It is over,” she said.") if q.kind == "direct"]
    assert quote.speaker is None


def test_an_unresolved_pronoun_keeps_its_mention_but_is_no_speaker(analyze):
    (quote,) = analyze("“It is over,” she said.")
    assert quote.speaker_mention == "she" and quote.speaker is None


def save(db, parse, name: str, text: str) -> None:
    store.save_article(db, Article(name, f"/corpus/{name}.txt", text, f"/corpus/{name}.txt"), attribute(parse(text)))


def speaker_rows(db) -> dict[str, int]:
    """Quotes per speaker row; `Donald J. Trump` and `Donald Trump` are one row, shown as either."""
    return {entry.name.replace("Donald J. Trump", "Donald Trump"): entry.quotes
            for entry in queries.leaderboard(db, ())}


FIRST = ("Barack Obama said the treaty was a step forward. "
         "President Obama said the climate could not wait. Donald J. Trump said it was a bad deal.")
SECOND = ("Mr. Obama said on Friday that the deal would hold. "
          "Republican Donald Trump said the deal would cost jobs.")


def test_one_person_named_differently_in_two_articles_is_one_speaker(tmp_path, parse):
    db = store.open_db(tmp_path / "q.db")
    save(db, parse, "first", FIRST)
    save(db, parse, "second", SECOND)
    rows = speaker_rows(db)
    assert rows == {"Barack Obama": 3, "Donald Trump": 2}
    roles = json.loads(db.execute("SELECT roles FROM speakers WHERE key = 'person:donald trump'").fetchone()[0])
    assert "Republican" in roles


def test_a_lone_surname_stored_first_joins_the_person_once_named(tmp_path, parse):
    db = store.open_db(tmp_path / "q.db")
    save(db, parse, "second", SECOND)
    assert "Mr. Obama" in speaker_rows(db)
    save(db, parse, "first", FIRST)
    assert speaker_rows(db) == {"Barack Obama": 3, "Donald Trump": 2}


def test_a_brand_name_is_an_organisation():
    from quotes.attribution.entities import _BRAND
    assert [w for w in ("ClaimCheck", "WikiLeaks", "McCain", "MacArthur", "DuVernay", "VandeHei", "Claimcheck")
            if _BRAND.match(w)] == ["ClaimCheck", "WikiLeaks"]


@pytest.mark.parametrize("order", [("plain", "brand"), ("brand", "plain")])
def test_a_name_of_unknown_type_joins_the_organisation_of_that_name(tmp_path, parse, order):
    texts = {"plain": "Claimcheck said the claim was false.", "brand": "ClaimCheck said the claim was mostly true."}
    db = store.open_db(tmp_path / "q.db")
    for name in order:
        save(db, parse, name, texts[name])
    assert db.execute("SELECT key, COUNT(*) FROM quotes q JOIN speakers s ON s.id = q.speaker_id "
                      "GROUP BY s.id").fetchall() == [("organization:claimcheck", 2)]


def test_a_lone_surname_of_two_people_stays_its_own_speaker(tmp_path, parse):
    db = store.open_db(tmp_path / "q.db")
    save(db, parse, "a", "Ann Hill said the bridge would open.")
    save(db, parse, "b", "Tom Hill said the bridge would close.")
    save(db, parse, "c", "Hill said the bridge was safe.")
    rows = speaker_rows(db)
    assert rows == {"Ann Hill": 1, "Tom Hill": 1, "Hill": 1}
    assert db.execute("SELECT surname_only FROM speakers WHERE name = 'Hill'").fetchone()[0] == 1


def test_speaker_ids_are_stable_when_articles_are_analyzed_again(tmp_path, parse):
    db = store.open_db(tmp_path / "q.db")
    save(db, parse, "first", FIRST)
    save(db, parse, "second", SECOND)
    before = dict(db.execute("SELECT key, id FROM speakers").fetchall())
    save(db, parse, "second", "Update: a new paragraph.\n\n" + SECOND)
    save(db, parse, "first", FIRST + " More later.")
    assert dict(db.execute("SELECT key, id FROM speakers").fetchall()) == before


def test_merge_and_split_corrections_survive_reanalysis(tmp_path, parse):
    db = store.open_db(tmp_path / "q.db")
    save(db, parse, "a", "Ann Hill said the bridge would open. Tom Clarke said the river was high.")
    save(db, parse, "b", "Ann Hill said the bridge would close.")
    clarke = next(e for e in queries.leaderboard(db, ()) if e.name == "Tom Clarke")
    hill = next(e for e in queries.leaderboard(db, ()) if e.name == "Ann Hill")
    assert corrections.merge_speakers(db, clarke.key, Speaker(hill.name, hill.type, hill.key)) == 1
    article_b = db.execute("SELECT id FROM articles WHERE name = 'b'").fetchone()[0]
    assert corrections.split_speaker(db, corrections.speaker_quotes(db, hill.key, article_b),
                                     Speaker("Ann Hill Jr.")) == 1
    expected = {"Ann Hill": 2, "Ann Hill Jr.": 1}
    assert speaker_rows(db) == expected
    save(db, parse, "a", "Ann Hill said the bridge would open. Tom Clarke said the river was high. More later.")
    save(db, parse, "b", "Ann Hill said the bridge would close. More later.")
    assert speaker_rows(db) == expected
    assert {row[0] for row in db.execute("SELECT action FROM corrections")} == {"merge", "split"}
