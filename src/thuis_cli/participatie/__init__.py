"""Participation hand-off: discussion items for residents as files Decidim and Go Vocal import, a
generic CSV and the information evening as a calendar file (issue 16).

Self-contained on purpose: `Onderwerp` items in, bytes out (`export.build`); the product registry can
wrap `export.participation` without changes here.
"""

from .items import Onderwerp, PlanRef, from_actions, from_messages, short_title

__all__ = ["Onderwerp", "PlanRef", "from_actions", "from_messages", "short_title"]
