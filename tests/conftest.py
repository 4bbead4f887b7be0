"""Shared fixtures: the real bundled Stanza pipeline, parsed documents, databases."""

from __future__ import annotations

from pathlib import Path

import pytest

from quotes import nlp
from quotes.attribution import attribute, from_stanza

ROOT = Path(__file__).resolve().parent.parent

SAMPLE = ROOT / "samples" / "russia-ukraine-air-attacks.txt"


@pytest.fixture(scope="session")
def pipeline():
    return nlp.pipeline(None)


@pytest.fixture(scope="session")
def parse(pipeline):
    """Parse a text with the bundled models into the attribution Document."""
    cache = {}

    def run(text: str):
        if text not in cache:
            cache[text] = from_stanza(nlp.parse(text))
        return cache[text]
    return run


@pytest.fixture(scope="session")
def analyze(parse):
    """Attributions of a text, from a real parse."""
    def run(text: str):
        return attribute(parse(text))
    return run
