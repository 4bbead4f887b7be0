"""Stage: the class of each attribution's cue (PolNeAR's broad sense of attribution).

``speech`` (said, told), ``writing`` (wrote, tweeted), ``document`` (according to, a report
said, the poll shows), ``intention`` (plans to, offered, rejected) and ``thought`` (believes,
fears, and the other cognition and attitude cues). The first three are what people usually mean
by a quote; ``SPEECH_LIKE`` names them for the default views. PolNeAR does not label classes, so
they come from the cue lexicon and word lists, not from a learned model.
"""

from __future__ import annotations

from .cues import Cue
from .document import Document
from .speakers import is_source_document, speaker_word
from .wordlists import word_list

CLASSES = ("speech", "writing", "document", "thought", "intention")
SPEECH_LIKE = ("speech", "writing", "document")


def cue_class(doc: Document, cue: Cue | None) -> str:
    """The class of a cue; a quote without a cue is speech."""
    if cue is None or cue.kind in ("dash", "label", "headline"):
        return "speech"
    if cue.kind == "according":
        return "document"
    head = doc.words[cue.word]
    lemma = head.lemma.lower()
    if lemma in word_list("writing cues"):
        return "writing"
    if cue.kind == "noun":
        return "document" if is_source_document(head) else "intention" if lemma in word_list(
            "intention cues") else "speech"
    speaker = speaker_word(doc, cue)
    if speaker is not None and speaker.upos == "NOUN" and is_source_document(speaker):
        return "document"       # `the report says`, `a poll shows`
    if lemma in word_list("thought cues"):
        return "thought"
    if lemma in word_list("intention cues"):
        return "intention"
    return "speech" if cue.kind == "speech" else "thought"
