"""Hand-made analysed articles for the UI tests: real Article and Attribution objects, true offsets.

No NLP runs: each attribution is written out as the analysis would produce it,
and stored with ``quotes.store.save_article`` into a real SQLite file.
"""

from __future__ import annotations

from pathlib import Path

from quotes import store
from quotes.attribution import Attribution
from quotes.attribution.entities import Entity
from quotes.sources import Article

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "russia-ukraine-air-attacks.txt"

HOSTILE_TEXT = (
    "[blink]Markup[/blink] test: [bold red]Breaking[/bold red] news [link=https://evil.example]click[/link].\n\n"
    "“[b]We[/b] will never \x1b[31mstop\x1b[0m the [the minister] plan\x07,” said [i]Evil[/i] Corp.\n\n"
    "A bell \x07, a backspace \x08 and a tab\there; \x1b]0;pwned\x07 a title escape.\n"
)
COUNCIL_TEXT = (
    "Bridge to reopen\n\n"
    "“The bridge will reopen on Monday,” Ann Hill said.\n\n"
    "Ann Hill told reporters that the repairs had cost two million pounds.\n\n"
    "A source said the contract was late.\n"
)


def _near(text: str, needle: str, start: int, end: int, before: bool = False) -> tuple[int, int]:
    """The occurrence of needle closest to text[start:end] (outside it; before it if asked)."""
    best = None
    at = text.find(needle)
    while at >= 0:
        stop = at + len(needle)
        if stop <= start or (at >= end and not before):
            distance = start - stop if stop <= start else at - end
            if best is None or distance < best[0]:
                best = (distance, at)
        at = text.find(needle, at + 1)
    assert best is not None, f"{needle!r} not found near {start}"
    return best[1], best[1] + len(needle)


def attribution(text: str, kind: str, quote: str, cue: str | None, lemma: str | None, mention: str | None,
                speaker: Entity | None, after: str = "", mention_before: bool = False) -> Attribution:
    start = text.index(quote, text.index(after) if after else 0)
    end = start + len(quote)
    result = Attribution(kind, start, end, quote, rule="hand-made")
    if cue:
        result.cue_start, result.cue_end = _near(text, cue, start, end)
        result.cue, result.cue_lemma = cue, lemma
    if mention:
        result.speaker_start, result.speaker_end = _near(text, mention, start, end, mention_before)
        result.speaker_mention = mention
        result.speaker = Entity(speaker.name, speaker.type, speaker.anonymous, {mention} | speaker.aliases)
    return result


def entity(name: str, type_: str, anonymous: bool = False) -> Entity:
    return Entity(name, type_, anonymous, {name})


MINISTRY = entity("Ukraine's Interior Ministry", "organization")
TRUMP = entity("Donald Trump", "person")
PUTIN = entity("Vladimir Putin", "person")
MILITARY = entity("Ukrainian military", "organization")
UKRAINE = entity("Ukraine", "place")
RUSSIA = entity("Russia", "place")
SECURITY = entity("Ukraine's Security Service", "organization")
AUTHORITIES = entity("Ukranian authorities", "group")
EVIL = entity("[i]Evil[/i] Corp", "organization")
HILL = entity("Ann Hill", "person")
SOURCE = entity("a source", "anonymous", anonymous=True)


def news_article() -> tuple[Article, list[Attribution]]:
    text = SAMPLE.read_text(encoding="utf-8")
    article = Article(name=SAMPLE.stem, source="samples/russia-ukraine-air-attacks.txt", text=text,
                      path="samples/russia-ukraine-air-attacks.txt",
                      title="Russia hits back at Ukraine with deadly air attacks after devastating drone blitz")
    a = lambda *args, **kw: attribution(text, *args, **kw)  # noqa: E731
    return article, [
        a("indirect", "Russian forces struck six regions of Ukraine with over 400 drones and more than 40 "
          "ballistic and cruise missiles", "according to", "according to", "Ukranian authorities", AUTHORITIES),
        a("indirect", "it shot down about 30 cruise missiles and up to 200 drones", "said", "say",
          "The Ukrainian military", MILITARY),
        a("indirect", "three emergency responders were killed in the capital Kyiv", "said", "say",
          "Ukraine's Interior Ministry", MINISTRY),
        a("direct", "They were working under fire to help people,", "said", "say", "the ministry", MINISTRY),
        a("indirect", "41 Russian warplanes were damaged or destroyed", "said", "say", "Ukraine", UKRAINE,
          after="Ukraine said 41", mention_before=True),
        a("indirect", "it destroyed 34 percent of Russia's strategic cruise missile carriers worth around $7 "
          "billion in the attack", "claimed", "claim", "Ukraine's Security Service", SECURITY),
        a("indirect", "Ukraine’s figures were exaggerated", "saying", "say", "Russia", RUSSIA,
          after="Russia refuted", mention_before=True),
        a("indirect", "air defenses downed 174 Ukrainian drones over 13 regions on Friday", "said", "say",
          "Russia", RUSSIA, after="Russia said that"),
        a("indirect", "Russian President Vladimir Putin told him “very strongly” in a phone call that he will "
          "respond to the attack", "said", "say", "US President Donald Trump", TRUMP),
        a("mixed", "very strongly", "told", "tell", "Russian President Vladimir Putin", PUTIN),
        a("mixed", "was a good conversation, but not a conversation that will lead to immediate peace.", "added",
          "add", "He", TRUMP),
    ]


def hostile_article() -> tuple[Article, list[Attribution]]:
    text = HOSTILE_TEXT
    article = Article(name="hostile[red]", source="samples/hostile.txt", text=text, path="samples/hostile.txt",
                      title="[blink]Hostile[/blink] \x1b[2J title")
    quote = "[b]We[/b] will never \x1b[31mstop\x1b[0m the [the minister] plan\x07,"
    return article, [attribution(text, "direct", quote, "said", "say", "[i]Evil[/i] Corp", EVIL)]


def council_article() -> tuple[Article, list[Attribution]]:
    text = COUNCIL_TEXT
    article = Article(name="council", source="samples/council.txt", text=text, path="samples/council.txt",
                      title="Bridge to reopen")
    return article, [
        attribution(text, "direct", "The bridge will reopen on Monday,", "said", "say", "Ann Hill", HILL),
        attribution(text, "indirect", "the repairs had cost two million pounds", "told", "tell", "Ann Hill", HILL),
        attribution(text, "indirect", "the contract was late", "said", "say", "A source", SOURCE),
    ]


ARTICLES = (news_article, council_article, hostile_article)


def build_db(path: str | Path, articles=ARTICLES) -> Path:
    """A database with the hand-made articles (all three: 15 quotes, 11 speakers)."""
    db = store.open_db(path)
    for make in articles:
        store.save_article(db, *make())
    db.close()
    return Path(path)
