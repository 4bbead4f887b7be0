"""quotes: find quotations in news, attribute them to speakers and cues."""

__version__ = "0.1.0"
