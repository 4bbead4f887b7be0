"""Review a quote: change its speaker (an existing entity or a typed name), its cue, or reject it;
merge its speaker into another one, or split the speaker's quotes in this article off to a new one."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Footer, Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from quotes import corrections, queries
from quotes.corrections import UNCHANGED, Speaker, SPEAKER_TYPES
from quotes.queries import SpeakerEntry

from ..data import connect
from ..text import clean, literal, plural

MAX_ENTITIES = 100


class ReviewScreen(ModalScreen):
    """Dismisses with True when a correction was stored."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="review.cancel"),
        Binding("ctrl+s", "save", "Save", id="review.save", priority=True),
        Binding("ctrl+n", "toggle_not_quote", "Not a quote", id="review.not_quote", priority=True),
        Binding("ctrl+r", "revert", "Revert all", id="review.revert", priority=True),
        Binding("ctrl+g", "merge", "Merge", id="review.merge", priority=True),
        Binding("ctrl+t", "split", "Split", id="review.split", priority=True),
    ]
    HELP = {
        "ctrl+s": "Save the correction",
        "ctrl+n": "Toggle ‘not a quote’",
        "ctrl+r": "Revert every correction of this quote",
        "ctrl+g": "Merge: every quote of this quote's speaker goes to the speaker picked from the list",
        "ctrl+t": "Split: this speaker's quotes in this article go to the speaker typed (a new one by default)",
        "escape": "Cancel",
        "down": "From the speaker box, go to the list of existing speakers (Enter picks one)",
        "tip": "Type a new name to create a speaker; empty the box to go back to the analysis' speaker. "
               "The Gender box corrects the speaker's gender (as the text presents it) for all its quotes",
    }

    def __init__(self, quote_id: int) -> None:
        super().__init__(classes="dialog-screen")
        self.quote_id = quote_id
        self.quote: queries.Quote | None = None
        self.entities: list[SpeakerEntry] = []
        self.shown: list[SpeakerEntry] = []
        self.entity: SpeakerEntry | None = None
        self.initial_speaker = ("", "unknown")
        self.initial_cue = ""
        self.initial_gender: str | None = None
        self._auto_type = "person"

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog review"):
            yield Static(Text("Review quote", style="bold"), classes="dialog-title")
            yield Static(id="review-quote")
            yield Static(id="review-analysis")
            with Horizontal(classes="field"):
                yield Static("Speaker", classes="field-label")
                yield Input(placeholder="name, or empty for the analysis' speaker", id="review-speaker",
                            compact=True)
            yield OptionList(id="review-entities", markup=False, compact=True)
            with Horizontal(classes="field"):
                yield Static("Type", classes="field-label")
                yield Select([(kind, kind) for kind in SPEAKER_TYPES], allow_blank=False, value="person",
                             id="review-type", compact=True)
                yield Static("Gender", classes="field-label gender-label")
                yield Select([(gender, gender) for gender in corrections.GENDERS], allow_blank=True,
                             prompt="–", id="review-gender", compact=True)
            with Horizontal(classes="field"):
                yield Static("Cue", classes="field-label")
                yield Input(placeholder="reporting verb as written (said, told…)", id="review-cue", compact=True)
            yield Checkbox("Not a quote", id="review-not-quote", compact=True)
            yield Static(id="review-history")
            with Horizontal(classes="buttons"):
                yield Button("Save", id="review-save", variant="primary", compact=True)
                yield Button("Revert all", id="review-revert", compact=True)
                yield Button("Merge", id="review-merge", compact=True)
                yield Button("Split", id="review-split", compact=True)
                yield Button("Cancel", id="review-cancel", compact=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        db = self.app.db
        quote = self.quote = queries.quote(db, self.quote_id)
        if quote is None:
            self.dismiss(False)
            return
        self.query_one("#review-quote", Static).update(Text.assemble(
            literal(f"“{quote.text}”", "italic"), Text(f"  {quote.kind} · ", style="dim"),
            literal(quote.article, "dim")))
        gender, evidence = (corrections.speaker_gender(db, quote.speaker_key) if quote.speaker_key
                            else (None, None))
        self.initial_gender = gender
        self.query_one("#review-analysis", Static).update(Text.assemble(
            Text("now: ", style="dim"), literal(quote.speaker or "no speaker", "bold"),
            Text(" · cue ", style="dim"), literal(quote.cue or "none", "bold"),
            *((Text(" · gender ", style="dim"), literal(gender, "bold"), literal(f" ({evidence})", "dim"))
              if gender else ())))
        self.query_one("#review-gender", Select).value = gender if gender else Select.NULL
        speaker_type = quote.speaker_type if quote.speaker_type in SPEAKER_TYPES else "unknown"
        self.initial_speaker = (quote.speaker or "", speaker_type if quote.speaker else "person")
        self.initial_cue = quote.cue or ""
        self.query_one("#review-speaker", Input).value = self.initial_speaker[0]
        self._set_type(self.initial_speaker[1], force=True)
        self.query_one("#review-cue", Input).value = self.initial_cue
        self.query_one("#review-not-quote", Checkbox).value = quote.not_quote
        self._not_quote_label(quote.not_quote)
        self.show_history()
        speaker = self.query_one("#review-speaker", Input)
        speaker.focus()
        self.call_after_refresh(speaker.select_all)     # typing replaces the name, and filters the list
        self._load_entities()

    def show_history(self) -> None:
        rows = corrections.history(self.app.db, self.quote_id)
        if not rows:
            text = Text("No corrections yet", style="dim")
        else:
            lines = []
            for row in rows[:3]:
                what = []
                if row["speaker_name"]:
                    what.append(f"speaker {row['speaker_name']}")
                if row["cue"]:
                    what.append(f"cue {row['cue']}")
                if row["not_quote"]:
                    what.append("not a quote")
                lines.append(literal(f"{row['created_at']}  {row['action']}: {', '.join(what) or 'as analysed'}",
                                     "dim"))
            text = Text("\n").join(lines)
        self.query_one("#review-history", Static).update(text)

    @work(thread=True, group="review-entities")
    def _load_entities(self) -> None:
        conn = connect(self.app.db_path)
        try:
            entities = [e for e in queries.leaderboard(conn, classes=()) if not e.anonymous]
        finally:
            conn.close()
        self.app.call_from_thread(self._entities_loaded, entities)

    def _entities_loaded(self, entities: list[SpeakerEntry]) -> None:
        self.entities = entities
        self._refill(self.query_one("#review-speaker", Input).value)

    def _refill(self, typed: str) -> None:
        """List the existing speakers matching what is typed (all of them while the box is untouched)."""
        words = clean(typed, one_line=True).lower().split()
        if typed.strip() == self.initial_speaker[0]:
            words = []
        self.shown = [e for e in self.entities
                      if all(w in " ".join([e.name, *e.aliases]).lower() for w in words)][:MAX_ENTITIES]
        options = self.query_one("#review-entities", OptionList)
        options.clear_options()
        options.add_options([Option(Text.assemble(literal(e.name, "bold"), literal(f"  {e.type}"),
                                                  Text(f"  {plural(e.quotes, 'quote')}", style="dim")))
                             for e in self.shown])
        if not self.shown:      # a new name
            options.add_option(Option(Text.assemble(Text("No speaker matches: Ctrl+S saves “", style="dim"),
                                                    literal(typed.strip()), Text("” as a new one", style="dim")),
                                      disabled=True))
        exact = [e for e in self.entities if e.name.lower() == typed.strip().lower()]
        self.entity = exact[0] if exact else None

    def _set_type(self, speaker_type: str, force: bool = False) -> None:
        """Suggest a type; one the reviewer chose (not the last suggestion) is kept unless forced."""
        select = self.query_one("#review-type", Select)
        if force or select.value == self._auto_type:
            self._auto_type = speaker_type if speaker_type in SPEAKER_TYPES else "unknown"
            select.value = self._auto_type

    @on(Input.Changed, "#review-speaker")
    def _speaker_typed(self, event: Input.Changed) -> None:
        if self.entities:
            self._refill(event.value)
        if self.entity is not None:
            self._set_type(self.entity.type)
        elif event.value.strip() == self.initial_speaker[0]:
            self._set_type(self.initial_speaker[1])
        else:
            self._set_type("person")        # a new name: most speakers are people

    @on(Input.Submitted, "#review-speaker")
    def _speaker_submitted(self) -> None:
        self.query_one("#review-cue", Input).focus()

    @on(Input.Submitted, "#review-cue")
    def _cue_submitted(self) -> None:
        self.action_save()

    def on_key(self, event) -> None:
        if event.key == "down" and self.focused is self.query_one("#review-speaker", Input) and self.shown:
            options = self.query_one("#review-entities", OptionList)
            options.focus()
            options.highlighted = 0
            event.stop()

    @on(OptionList.OptionSelected, "#review-entities")
    def _entity_chosen(self, event: OptionList.OptionSelected) -> None:
        entity = self.shown[event.option_index]
        self.query_one("#review-speaker", Input).value = entity.name
        self.entity = entity
        self._set_type(entity.type, force=True)     # picking an entity picks its type
        self.query_one("#review-cue", Input).focus()

    @on(Button.Pressed, "#review-save")
    def action_save(self) -> None:
        name = self.query_one("#review-speaker", Input).value.strip()
        speaker_type = str(self.query_one("#review-type", Select).value)
        if (name, speaker_type) == self.initial_speaker or (not name and not self.initial_speaker[0]):
            speaker = UNCHANGED
        elif not name:
            speaker = None
        elif self.entity is not None and self.entity.name == name and self.entity.type == speaker_type:
            speaker = Speaker(self.entity.name, self.entity.type, self.entity.key, self.entity.anonymous)
        else:
            speaker = Speaker(name, speaker_type)
        cue_text = self.query_one("#review-cue", Input).value.strip()
        cue = UNCHANGED if cue_text == self.initial_cue else (cue_text or None)
        not_quote = self.query_one("#review-not-quote", Checkbox).value
        row = corrections.correct(self.app.db, self.quote_id, speaker=speaker, cue=cue, not_quote=not_quote)
        gender_row = self._save_gender(speaker)
        changed = row is not None or gender_row is not None
        self._done(changed, "Correction saved" if changed else "Nothing changed")

    def _save_gender(self, speaker: Speaker | None | object) -> int | None:
        """A gender chosen in the box corrects the speaker the quote has after the save (a person)."""
        value = self.query_one("#review-gender", Select).value
        gender = None if value is Select.NULL else str(value)
        if gender == self.initial_gender or gender is None:
            return None
        key = speaker.resolved_key if isinstance(speaker, Speaker) else (
            self.quote.speaker_key if speaker is UNCHANGED else None)
        return corrections.set_gender(self.app.db, key, gender) if key else None

    def _target(self) -> Speaker | None:
        """The speaker named in the box: the existing entity picked or typed, else a new one of the chosen type."""
        name = self.query_one("#review-speaker", Input).value.strip()
        speaker_type = str(self.query_one("#review-type", Select).value)
        if not name:
            return None
        if self.entity is not None and self.entity.name == name and self.entity.type == speaker_type:
            return Speaker(self.entity.name, self.entity.type, self.entity.key, self.entity.anonymous)
        return Speaker(name, speaker_type)

    @on(Button.Pressed, "#review-merge")
    def action_merge(self) -> None:
        """Every quote of this quote's speaker (all articles) goes to an existing speaker."""
        quote, into = self.quote, self._target()
        if quote is None or not quote.speaker_key:
            self.app.notify("This quote has no speaker to merge", severity="warning", timeout=3)
            return
        if into is None or into.key is None or into.resolved_key == quote.speaker_key:
            self.app.notify("Merge: pick another existing speaker from the list first", severity="warning",
                            timeout=3)
            return
        changed = corrections.merge_speakers(self.app.db, quote.speaker_key, into)
        self._done(changed > 0, f"Merged {plural(changed, 'quote')} into {clean(into.name, one_line=True)}"
                   if changed else "Nothing changed")

    @on(Button.Pressed, "#review-split")
    def action_split(self) -> None:
        """This speaker's quotes in this article go to the speaker typed (a new one unless picked)."""
        quote, into = self.quote, self._target()
        if quote is None:
            return
        if into is None or (quote.speaker_key and into.resolved_key == quote.speaker_key):
            self.app.notify("Split: type the name of the new speaker first", severity="warning", timeout=3)
            return
        ids = (corrections.speaker_quotes(self.app.db, quote.speaker_key, quote.article_id)
               if quote.speaker_key else [self.quote_id])
        changed = corrections.split_speaker(self.app.db, ids, into)
        self._done(changed > 0, f"Split {plural(changed, 'quote')} off to {clean(into.name, one_line=True)}"
                   if changed else "Nothing changed")

    @on(Button.Pressed, "#review-revert")
    def action_revert(self) -> None:
        row = corrections.revert(self.app.db, self.quote_id)
        self._done(row is not None, "Corrections reverted" if row is not None else "Nothing to revert")

    def _done(self, changed: bool, message: str) -> None:
        if changed:
            self.app.data_changed()
        self.app.notify(message, timeout=3, markup=False)
        self.dismiss(changed)

    def action_toggle_not_quote(self) -> None:
        box = self.query_one("#review-not-quote", Checkbox)
        box.value = not box.value

    @on(Checkbox.Changed, "#review-not-quote")
    def _not_quote_changed(self, event: Checkbox.Changed) -> None:
        self._not_quote_label(event.value)

    def _not_quote_label(self, checked: bool) -> None:
        """The box says its state in words: a compact checkbox looks alike checked or not."""
        box = self.query_one("#review-not-quote", Checkbox)
        box.label = ("Not a quote: yes (left out of the table and the dump)" if checked
                     else "Not a quote: no (Ctrl+N to mark it)")

    @on(Button.Pressed, "#review-cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)
