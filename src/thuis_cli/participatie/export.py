"""Build every participation file in memory, then write them into `<uit>/<gemeente>/participatie/`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..config_residents import Deelname, GoVocal
from ..env import current
from . import agenda, formats
from .items import Onderwerp, words

PLATFORMS = ("decidim", "govocal", "csv", "alle")
ENV_PROJECT = "THUIS_GOVOCAL_PROJECT_ID"
ENV_TOPICS = "THUIS_GOVOCAL_TOPIC_IDS"
ENV_PHASES = "THUIS_GOVOCAL_PHASE_IDS"


@dataclass
class Export:
    files: dict[str, bytes] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    ideas: list[dict] = field(default_factory=list)  # Go Vocal request bodies, for --verstuur
    idea_keys: list[str] = field(default_factory=list)  # per idea what identifies it across runs (Onderwerp.key)
    revisions: dict[str, Callable[[bytes | None], bytes]] = field(default_factory=dict)  # file -> how it
    # becomes a new version of the file already in the output folder (the calendar's SEQUENCE)


def govocal_settings(config: GoVocal, environ=None) -> GoVocal:
    """The ids from plannen.yaml, overridden by the environment (comma-separated lists)."""
    env = current().environ if environ is None else environ
    update = {}
    if env.get(ENV_PROJECT, "").strip():
        update["project_id"] = env[ENV_PROJECT].strip()
    for key, name in (("topic_ids", ENV_TOPICS), ("phase_ids", ENV_PHASES)):
        if env.get(name, "").strip():
            update[key] = [x.strip() for x in env[name].split(",") if x.strip()]
    return GoVocal.model_validate({**config.model_dump(), **update}) if update else config


def build(items: list[Onderwerp], deelname: Deelname | None, gemeente: str, gemeente_slug: str,
          platform: str = "alle", min_n: float = 30, environ=None, templates: Path | None = None) -> Export:
    if platform not in PLATFORMS:
        raise ValueError(platform)
    result = Export()
    deelname = deelname or Deelname()
    shown = [item for item in items if item.publishable(min_n)]
    if len(shown) < len(items):
        result.notes.append(f"{len(items) - len(shown)} onderwerpen weggelaten: hun cijfer heeft te weinig "
                            f"antwoorden (minder dan {formats_number(min_n)}).")
    if platform in ("decidim", "alle"):
        d = deelname.decidim
        rows = formats.decidim_rows(shown, d.taal, d.scope, d.taxonomieen)
        result.files["decidim-voorstellen.csv"] = formats.decidim_csv(rows)
        result.files["decidim-voorstellen.xlsx"] = formats.decidim_xlsx(rows, words(templates)("blad"))
        guarded = formats.guarded_cells(rows)
        if guarded:
            result.notes.append(f"{guarded} cellen in decidim-voorstellen.csv begonnen met =, +, -, @ of een tab "
                                "en kregen een apostrof vooraan; Decidim neemt die letterlijk over. "
                                "Importeer liever decidim-voorstellen.xlsx.")
    if platform in ("govocal", "alle"):
        g = govocal_settings(deelname.govocal, environ)
        result.ideas = formats.govocal_ideas(shown, g.project_id, g.topic_ids, g.phase_ids, g.taal)
        seen: dict[str, int] = {}
        for item in shown:  # the same action written down twice is two ideas
            seen[item.key] = seen.get(item.key, 0) + 1
            result.idea_keys.append(item.key if seen[item.key] == 1 else f"{item.key}#{seen[item.key]}")
        result.files["govocal-ideeen.json"] = formats.govocal_json(result.ideas)
        if not g.project_id:
            result.notes.append("govocal-ideeen.json heeft nog geen project_id: zet deelname.govocal.project_id in "
                                f"plannen.yaml of {ENV_PROJECT} in de omgeving.")
    if platform in ("csv", "alle"):
        result.files["ideeen.csv"] = formats.generic_csv(formats.generic_rows(shown))
    avond = deelname.infoavond
    if avond is not None and avond.datum is not None:
        link = deelname.platform if deelname.platform and deelname.platform.startswith("https://") else None
        draft = agenda.infoavond_ics(avond, gemeente, gemeente_slug, link, templates=templates)
        result.files[agenda.FILE] = draft
        result.revisions[agenda.FILE] = lambda previous: agenda.revise_ics(draft, previous)
    elif avond is not None:
        result.notes.append("Geen infoavond.ics: de infoavond in plannen.yaml heeft geen datum "
                            "(deelname.infoavond.datum).")
    return result


def formats_number(value: float) -> str:
    from ..fmt import number

    return number(value)


def participation(ws, gebied, platform: str = "alle", verzameling: Path | None = None,
                  environ=None, templates: Path | None = None) -> Export:
    """Today's citizen messages (and optionally the intervision actions) as participation files, in the
    words of `templates` (a municipality's own folder; else the built-in woorden/participatie.html)."""
    from ..errors import NothingToPublish
    from ..products.infografiek import choose_messages, plans_for
    from .items import from_actions, from_messages
    from .verzameling import read_actions

    own = plans_for(ws, gebied)
    items = from_messages(choose_messages(ws, gebied), own, templates)
    if verzameling is not None:
        items += from_actions(read_actions(verzameling), templates)
    min_n = ws.config.instellingen.statistiek.min_n
    if not any(item.publishable(min_n) for item in items):
        raise NothingToPublish(f"Geen onderwerpen voor {gebied.naam}: geen enkel cijfer heeft genoeg antwoorden "
                               f"(minstens {formats_number(min_n)}) en er zijn geen acties.")
    return build(items, own.deelname if own else None, gebied.naam, gebied.slug, platform, min_n, environ,
                 templates)
