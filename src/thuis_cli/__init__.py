"""thuis: woontest results in, briefing packs for a municipality out."""

__version__ = "0.1.0"
