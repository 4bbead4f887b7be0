"""Score quote attributions against brat-standoff gold annotations (PolNeAR layout).

Gold folder
    ``DIR/text/NAME.txt`` holds an article, ``DIR/attributions/NAME_ANNOTATOR.ann``
    its attributions in brat standoff. Offsets are character offsets into the
    text decoded as UTF-8 (no newline translation). Where several annotators'
    files exist for one article, the alphabetically first is used; an article
    without any file has no attributions.

    A ``T`` line is a text span (``T3<TAB>Content 115 290;300 310<TAB>...``;
    discontinuous spans are joined by ``;``), an ``E`` line one attribution
    (``E1<TAB>Attribution:T4 Content:T3 Cue:T2 Source:T1``). Roles are read
    without trailing digits (``Content2`` is more content); an attribution
    without Content is skipped. The pieces of each role are sorted and pieces
    that overlap or touch are merged.

Gold items
    ``direct`` (default): the quotations inside each content piece. A region
    runs from an opening mark (“ or ") to the next closing mark (” or "), the
    marks and the whitespace at either end left out. A straight " opens at the
    start of the text or after whitespace, a bracket or a dash, and closes
    anywhere else. An opening mark never closed runs to the end of the piece; a
    closing mark seen before any other mark in the piece closes a region that
    began at the start of the piece (content cut out of a longer quote); any
    other mark is plain text. Regions without a letter or digit are dropped.
    ``all``: one item per attribution, its content from the first to the last
    character of all its pieces. Every item keeps its attribution's Source and
    Cue, either of which may be absent.

System items
    Rows with ``article, quote_start, quote_end, speaker_start, speaker_end,
    cue_start, cue_end`` (end exclusive; speaker and cue may both be empty),
    from a CSV such as ``quotes dump`` writes or straight from the database. In
    direct mode, rows whose ``kind`` is ``indirect`` are left out and counted.

Scoring, per threshold t (0.3 and 0.8)
    A system item S and a gold item G of the same article are a candidate pair
    when they share at least t of G's characters and at least t of S's. Pairs
    are fixed one to one, largest shared length first; ties go to the gold item
    that starts first, then the system item that starts first, then file
    order. Among the pairs, the speaker is right when it overlaps the gold
    Source by at least one character, or when both are absent; the cue
    likewise with Cue. Precision and recall count pairs over system and gold
    items; end-to-end figures count only pairs with speaker and cue right.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Iterable, Iterator, Mapping

Span = tuple[int, int]
Spans = tuple[Span, ...]  # sorted, disjoint; () when absent

MODES = ("direct", "all")
THRESHOLDS = (Fraction(3, 10), Fraction(8, 10))
REQUIRED_COLUMNS = ("article", "quote_start", "quote_end", "speaker_start", "speaker_end",
                    "cue_start", "cue_end")
ROLES = ("Content", "Source", "Cue")

OPEN_MARKS = {"“"}
CLOSE_MARKS = {"”"}
STRAIGHT = '"'
OPENS_STRAIGHT_AFTER = "([{—–-"

_TEXT_BOUND = re.compile(r"(T\d+)\t\S+ ([^\t]*)")
_EVENT = re.compile(r"(E\d+)\t(.*)")
_OFFSETS = re.compile(r"\d+ \d+(;\d+ \d+)*")


class EvalError(ValueError):
    """Bad input: the gold folder, the predictions or the database."""


@dataclass(frozen=True)
class Annotation:
    """One gold attribution."""

    content: Spans
    source: Spans
    cue: Spans


@dataclass
class GoldArticle:
    name: str
    text: str
    annotations: list[Annotation]
    annotation_file: str | None = None


@dataclass(frozen=True)
class Item:
    """A gold or system quote with its speaker and cue."""

    article: str
    quote: Spans
    speaker: Spans
    cue: Spans
    origin: str = ""  # where a system item came from (CSV line, database row)


@dataclass
class Predictions:
    items: dict[str, list[Item]]
    left_out: int = 0  # rows of kind "indirect" left out in direct mode

    @property
    def count(self) -> int:
        return sum(len(items) for items in self.items.values())


@dataclass(frozen=True)
class Scores:
    threshold: Fraction
    gold: int
    system: int
    matched: int
    speaker_correct: int
    cue_correct: int
    both_correct: int

    @staticmethod
    def _ratio(part: int, whole: int) -> float:
        return part / whole if whole else 0.0

    @property
    def precision(self) -> float:
        return self._ratio(self.matched, self.system)

    @property
    def recall(self) -> float:
        return self._ratio(self.matched, self.gold)

    @property
    def f1(self) -> float:
        return self._ratio(2 * self.matched, self.system + self.gold)

    @property
    def speaker_accuracy(self) -> float:
        return self._ratio(self.speaker_correct, self.matched)

    @property
    def cue_accuracy(self) -> float:
        return self._ratio(self.cue_correct, self.matched)

    @property
    def e2e_precision(self) -> float:
        return self._ratio(self.both_correct, self.system)

    @property
    def e2e_recall(self) -> float:
        return self._ratio(self.both_correct, self.gold)

    @property
    def e2e_f1(self) -> float:
        return self._ratio(2 * self.both_correct, self.system + self.gold)

    FIGURES = ("precision", "recall", "f1", "speaker_accuracy", "cue_accuracy",
               "e2e_precision", "e2e_recall", "e2e_f1")

    def as_dict(self) -> dict:
        counts = {name: getattr(self, name) for name in
                  ("gold", "system", "matched", "speaker_correct", "cue_correct", "both_correct")}
        return {"threshold": float(self.threshold), **counts,
                **{name: getattr(self, name) for name in self.FIGURES}}


@dataclass(frozen=True)
class Pair:
    gold: Item
    system: Item
    speaker_ok: bool
    cue_ok: bool


@dataclass
class Outcome:
    """Scores at one threshold, with the pairs and the unmatched items behind them."""

    scores: Scores
    pairs: list[Pair] = field(default_factory=list)
    false_positives: list[Item] = field(default_factory=list)
    false_negatives: list[Item] = field(default_factory=list)


# ------------------------------------------------------------------ gold ----

def merge_spans(pieces: Iterable[Span]) -> Spans:
    """Sort spans and merge those that overlap or touch."""
    merged: list[Span] = []
    for start, end in sorted(pieces):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


def parse_standoff(source: str, where: str = "<ann>") -> list[Annotation]:
    """Attributions of one brat .ann file, in the order of its E lines."""
    spans: dict[str, list[Span]] = {}
    events: list[tuple[int, str, list[str]]] = []
    for number, line in enumerate(source.split("\n"), start=1):
        line = line.rstrip("\r")
        if bound := _TEXT_BOUND.match(line):
            ident, offsets = bound.groups()
            if not _OFFSETS.fullmatch(offsets):
                raise EvalError(f"{where}:{number}: bad offsets {offsets!r} for {ident}")
            spans[ident] = [(int(a), int(b)) for a, b in (p.split() for p in offsets.split(";"))]
        elif event := _EVENT.match(line):
            events.append((number, event.group(1), event.group(2).split()))
    annotations = []
    for number, ident, arguments in events:  # an E line may name T lines that follow it
        roles: dict[str, list[Span]] = {role: [] for role in ROLES}
        for argument in arguments:
            role, _, target = argument.partition(":")
            role = role.rstrip("0123456789")
            if role not in roles:
                continue
            if target not in spans:
                raise EvalError(f"{where}:{number}: {ident} names {target!r}, which is not a T line")
            roles[role].extend(spans[target])
        if roles["Content"]:
            annotations.append(Annotation(*(merge_spans(roles[role]) for role in ROLES)))
    return annotations


def _check_offsets(article: str, text: str, annotations: list[Annotation], where: str) -> None:
    for annotation in annotations:
        for start, end in (*annotation.content, *annotation.source, *annotation.cue):
            if not 0 <= start <= end <= len(text):
                raise EvalError(f"{where}: span {start}-{end} out of range for article {article!r} "
                                f"(text length {len(text)})")


def load_gold(directory: str | Path) -> dict[str, GoldArticle]:
    """Every article of a gold folder (text/ and attributions/), by name."""
    root = Path(directory)
    if not root.is_dir():
        raise EvalError(f"gold folder {root} does not exist")
    text_dir, ann_dir = root / "text", root / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise EvalError(f"gold folder {root} must hold text/ and attributions/")
    texts = sorted(text_dir.glob("*.txt"))
    if not texts:
        raise EvalError(f"no .txt files in {text_dir}")
    first_file: dict[str, Path] = {}
    for path in sorted(ann_dir.glob("*.ann"), key=lambda p: p.name):
        first_file.setdefault(path.stem.rsplit("_", 1)[0], path)
    articles = {}
    for path in texts:
        name = path.stem
        try:
            text = path.read_bytes().decode("utf-8")
            ann_path = first_file.get(name)
            annotations = parse_standoff(ann_path.read_text(encoding="utf-8"), ann_path.name) \
                if ann_path else []
        except (OSError, UnicodeDecodeError) as error:
            raise EvalError(f"cannot read gold article {name!r}: {error}") from None
        if ann_path:
            _check_offsets(name, text, annotations, ann_path.name)
        articles[name] = GoldArticle(name, text, annotations, ann_path.name if ann_path else None)
    return articles


def _mark(text: str, index: int) -> str | None:
    """'open', 'close' or None for the character at index."""
    char = text[index]
    if char in OPEN_MARKS:
        return "open"
    if char in CLOSE_MARKS:
        return "close"
    if char == STRAIGHT:
        before = text[index - 1] if index else " "
        return "open" if before.isspace() or before in OPENS_STRAIGHT_AFTER else "close"
    return None


def _trimmed(text: str, start: int, end: int) -> Span | None:
    """The span without whitespace at either end; None if it has no letter or digit."""
    chunk = text[start:end]
    start += len(chunk) - len(chunk.lstrip())
    end -= len(chunk) - len(chunk.rstrip())
    return (start, end) if any(c.isalnum() for c in text[start:end]) else None


def quoted_regions(text: str, start: int, end: int) -> list[Span]:
    """The quotations inside text[start:end], one content piece (see the module doc)."""
    raw: list[Span] = []
    inside_since: int | None = None
    any_mark = False
    for index in range(start, end):
        mark = _mark(text, index)
        if mark is None:
            continue
        if inside_since is None:
            if mark == "open":
                inside_since = index + 1
            elif not any_mark:  # the piece begins inside a quotation
                raw.append((start, index))
        elif mark == "close":
            raw.append((inside_since, index))
            inside_since = None
        any_mark = True
    if inside_since is not None:
        raw.append((inside_since, end))
    return [span for span in (_trimmed(text, *r) for r in raw) if span]


def gold_items(article: GoldArticle, mode: str = "direct") -> list[Item]:
    """The gold items of one article in the given mode."""
    if mode not in MODES:
        raise EvalError(f"unknown mode {mode!r}")
    items = []
    for annotation in article.annotations:
        if mode == "all":
            extent = (annotation.content[0][0], annotation.content[-1][1])
            items.append(Item(article.name, (extent,), annotation.source, annotation.cue))
            continue
        for piece_start, piece_end in annotation.content:
            for region in quoted_regions(article.text, piece_start, piece_end):
                items.append(Item(article.name, (region,), annotation.source, annotation.cue))
    return items


# ---------------------------------------------------------- predictions ----

def _cell(value) -> str:
    return "" if value is None else str(value).strip()


def _span(row: Mapping, role: str, text: str, where: str, optional: bool) -> Spans:
    raw_start, raw_end = _cell(row.get(f"{role}_start")), _cell(row.get(f"{role}_end"))
    if optional and not raw_start and not raw_end:
        return ()
    try:
        start, end = int(raw_start), int(raw_end)
    except ValueError:
        raise EvalError(f"{where}: {role}_start and {role}_end must be integers, "
                        f"got {raw_start!r} and {raw_end!r}") from None
    if not 0 <= start < end <= len(text):
        raise EvalError(f"{where}: {role} span {start}-{end} out of range for article "
                        f"{_cell(row.get('article'))!r} (text length {len(text)}, need start < end)")
    return ((start, end),)


def predictions_from_rows(rows: Iterable[tuple[str, Mapping]], gold: Mapping[str, GoldArticle],
                          mode: str = "direct") -> Predictions:
    """System items from (where, row) pairs; every row is checked, indirect ones left out in direct mode."""
    predictions = Predictions({name: [] for name in gold})
    for where, row in rows:
        name = _cell(row.get("article"))
        if name not in gold:
            raise EvalError(f"{where}: unknown article {name!r} (not in the gold folder's text/)")
        text = gold[name].text
        item = Item(name, _span(row, "quote", text, where, optional=False),
                    _span(row, "speaker", text, where, optional=True),
                    _span(row, "cue", text, where, optional=True), origin=where)
        if mode == "direct" and _cell(row.get("kind")).lower() == "indirect":
            predictions.left_out += 1
            continue
        predictions.items[name].append(item)
    return predictions


def read_csv_rows(path: str | Path) -> Iterator[tuple[str, dict]]:
    """(where, row) for each row of a predictions CSV, after checking its columns."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or ())]
            if missing:
                raise EvalError(f"{path}: missing column(s) {', '.join(missing)}")
            for row in reader:
                yield f"{path}:{reader.line_num}", row
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise EvalError(f"cannot read {path}: {error}") from None


def read_predictions(path: str | Path, gold: Mapping[str, GoldArticle], mode: str = "direct") -> Predictions:
    return predictions_from_rows(read_csv_rows(path), gold, mode)


# -------------------------------------------------------------- scoring ----

def _shared(a: Spans, b: Spans) -> int:
    return sum(max(0, min(a_end, b_end) - max(a_start, b_start))
               for a_start, a_end in a for b_start, b_end in b)


def _length(spans: Spans) -> int:
    return sum(end - start for start, end in spans)


def _role_ok(gold: Spans, system: Spans) -> bool:
    return _shared(gold, system) > 0 if gold else not system


def align(gold: list[Item], system: list[Item], threshold: Fraction) -> list[tuple[int, int]]:
    """One-to-one (gold index, system index) pairs of one article at a threshold."""
    need, scale = threshold.numerator, threshold.denominator
    candidates = []
    for g, gold_item in enumerate(gold):
        gold_length = _length(gold_item.quote)
        for s, system_item in enumerate(system):
            shared = _shared(gold_item.quote, system_item.quote)
            if shared and shared * scale >= need * gold_length \
                    and shared * scale >= need * _length(system_item.quote):
                candidates.append((-shared, gold_item.quote[0][0], system_item.quote[0][0], g, s))
    taken_gold: set[int] = set()
    taken_system: set[int] = set()
    pairs = []
    for *_, g, s in sorted(candidates):
        if g not in taken_gold and s not in taken_system:
            taken_gold.add(g)
            taken_system.add(s)
            pairs.append((g, s))
    return pairs


def score(gold: Mapping[str, list[Item]], system: Mapping[str, list[Item]],
          threshold: Fraction) -> Outcome:
    """Compare gold and system items (by article) at one overlap threshold."""
    pairs: list[Pair] = []
    false_positives: list[Item] = []
    false_negatives: list[Item] = []
    for name in sorted(set(gold) | set(system)):
        gold_list, system_list = gold.get(name, []), system.get(name, [])
        matched = align(gold_list, system_list, threshold)
        for g, s in sorted(matched):
            gold_item, system_item = gold_list[g], system_list[s]
            pairs.append(Pair(gold_item, system_item, _role_ok(gold_item.speaker, system_item.speaker),
                              _role_ok(gold_item.cue, system_item.cue)))
        matched_gold, matched_system = {g for g, _ in matched}, {s for _, s in matched}
        false_negatives += [item for g, item in enumerate(gold_list) if g not in matched_gold]
        false_positives += [item for s, item in enumerate(system_list) if s not in matched_system]
    scores = Scores(threshold=threshold,
                    gold=sum(len(items) for items in gold.values()),
                    system=sum(len(items) for items in system.values()),
                    matched=len(pairs),
                    speaker_correct=sum(p.speaker_ok for p in pairs),
                    cue_correct=sum(p.cue_ok for p in pairs),
                    both_correct=sum(p.speaker_ok and p.cue_ok for p in pairs))
    return Outcome(scores, pairs, false_positives, false_negatives)


@dataclass
class Evaluation:
    mode: str
    articles: dict[str, GoldArticle]
    gold: dict[str, list[Item]]
    predictions: Predictions
    outcomes: dict[Fraction, Outcome]

    @property
    def gold_count(self) -> int:
        return sum(len(items) for items in self.gold.values())

    @property
    def attribution_count(self) -> int:
        return sum(len(a.annotations) for a in self.articles.values())

    def as_dict(self) -> dict:
        return {"mode": self.mode, "articles": len(self.articles),
                "attributions": self.attribution_count, "gold_items": self.gold_count,
                "system_items": self.predictions.count, "rows_left_out": self.predictions.left_out,
                "thresholds": {str(float(t)): o.scores.as_dict() for t, o in self.outcomes.items()}}


def evaluate(articles: Mapping[str, GoldArticle], predictions: Predictions, mode: str = "direct",
             thresholds: Iterable[Fraction] = THRESHOLDS) -> Evaluation:
    """Score predictions (read in the same mode) against the gold articles."""
    gold = {name: gold_items(article, mode) for name, article in articles.items()}
    outcomes = {Fraction(t): score(gold, predictions.items, Fraction(t)) for t in thresholds}
    return Evaluation(mode, dict(articles), gold, predictions, outcomes)


# -------------------------------------------------------- error classes ----

ERROR_CATEGORIES = {
    "missed quote": "a gold item no system item overlaps",
    "quote boundary": "a gold item that system items overlap, none enough to match",
    "scare quote or non-speech": "a system item that overlaps no gold item",
    "missed cue": "matched, the gold has a cue, the system none",
    "wrong cue": "matched, the system cue is another word (a nested or nearby cue)",
    "missed speaker": "matched, the gold has a source, the system none",
    "speaker-less attribution": "matched, the gold has no source, the system gives one",
    "wrong speaker, pronoun": "matched, the system speaker is a pronoun other than the gold source",
    "wrong speaker, other": "matched, the system speaker is another phrase",
}
_PRONOUNS = {"he", "she", "they", "it", "i", "we", "you", "his", "her", "their", "its", "him", "them",
             "who", "which", "that", "this", "these", "those"}


def error_categories(evaluation: Evaluation, threshold: Fraction = THRESHOLDS[-1]) -> dict[str, int]:
    """Counts of the errors behind the figures at one threshold, by ERROR_CATEGORIES."""
    outcome = evaluation.outcomes[threshold]
    counts = dict.fromkeys(ERROR_CATEGORIES, 0)
    systems = evaluation.predictions.items
    for item in outcome.false_negatives:
        overlapped = any(_shared(item.quote, other.quote) for other in systems.get(item.article, []))
        counts["quote boundary" if overlapped else "missed quote"] += 1
    for item in outcome.false_positives:
        overlapped = any(_shared(item.quote, gold.quote) for gold in evaluation.gold.get(item.article, []))
        if not overlapped:
            counts["scare quote or non-speech"] += 1
    for pair in outcome.pairs:
        gold, system = pair.gold, pair.system
        if not pair.cue_ok:
            counts["missed cue" if gold.cue and not system.cue else "wrong cue"] += 1
        if pair.speaker_ok:
            continue
        if not system.speaker:
            counts["missed speaker"] += 1
        elif not gold.speaker:
            counts["speaker-less attribution"] += 1
        else:
            text = evaluation.articles[gold.article].text
            said = " ".join(text[start:end] for start, end in system.speaker).strip().lower()
            counts["wrong speaker, pronoun" if said in _PRONOUNS else "wrong speaker, other"] += 1
    return counts


# ------------------------------------------------------------ role spans ----

ROLE_NAMES = {"content": "quote", "source": "speaker", "cue": "cue"}
_EDGE = " \t\r\n.,;:"


@dataclass(frozen=True)
class RoleScores:
    """Exact and first-token span matches of one role, over every attribution of the articles."""

    role: str
    gold: int
    system: int
    exact: int
    begin: int

    def prf(self, matched: int) -> tuple[float, float, float]:
        p = matched / self.system if self.system else 0.0
        r = matched / self.gold if self.gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _trimmed_extent(text: str, spans: Spans) -> Span | None:
    """A role's extent (first to last character of its pieces) without edge spaces and . , ; :"""
    if not spans:
        return None
    start, end = spans[0][0], spans[-1][1]
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    return (start, end) if start < end else None


def role_scores(articles: Mapping[str, GoldArticle], predictions: Predictions) -> list[RoleScores]:
    """Per-role span scores of attribution-unit predictions (read in mode all): a system span matches
    exactly when it has the gold span's extent, and at its beginning when it starts where the gold
    span starts (both trimmed of edge spaces and . , ; :). Each distinct span counts once per article;
    matches are one to one."""
    results = []
    for role, field in (("source", "speaker"), ("cue", "cue"), ("content", "quote")):
        gold_total = system_total = exact = begin = 0
        for name, article in articles.items():
            gold_spans = {s for a in article.annotations
                          if (s := _trimmed_extent(article.text, getattr(a, role))) is not None}
            system_spans = {s for item in predictions.items.get(name, [])
                            if (s := _trimmed_extent(article.text, getattr(item, field))) is not None}
            gold_total, system_total = gold_total + len(gold_spans), system_total + len(system_spans)
            exact += len(gold_spans & system_spans)
            begin += min(len({s for s, _ in gold_spans} & {s for s, _ in system_spans}),
                         len(gold_spans), len(system_spans))
        results.append(RoleScores(role, gold_total, system_total, exact, begin))
    return results
