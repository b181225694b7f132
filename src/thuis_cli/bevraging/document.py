"""The questionnaire as a document: its five files (LimeSurvey, XLSForm, the two mappings and the paper
version). Apart from `vragenlijst`, which the writers of the formats (`lss`, `xlsform`, `teksten`) read:
no import cycle."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .vragenlijst import FOLDER, Vragenlijst, mapping_yaml

if TYPE_CHECKING:
    from pathlib import Path

    from ..products.base import Document


def document(vl: Vragenlijst, templates: Path | None = None, builtin_catalogue: bool = False) -> Document:
    """The questionnaire as one document of five files, written by the folder sink into
    `<uit>/<gemeente>/vragenlijst/`."""
    from .. import __version__
    from ..products.base import Artifact, Document, Target
    from . import lss, xlsform

    target = Target("vragenlijst", f"{FOLDER}/{vl.gemeente_slug}", (vl.gemeente_nis,))
    context = {"vragenlijst": vl, "titel": vl.titel, "gemeente": vl.gemeente_naam, "versie": __version__}
    artifacts = [
        Artifact("vragenlijst.lss", "lss", make=lambda: lss.survey_xml(vl, templates)),
        Artifact("bevraging-limesurvey.yaml", "yaml", make=lambda: mapping_yaml(vl, "limesurvey")),
        Artifact("vragenlijst.xlsx", "xlsx", make=lambda: xlsform.workbook(vl, templates)),
        Artifact("bevraging-xlsform.yaml", "yaml", make=lambda: mapping_yaml(vl, "xlsform")),
        Artifact("vragenlijst.pdf", "pdf", "vragenlijst.html"),
    ]
    notes = []
    if not any(g.profiel for g in vl.groepen):
        notes.append("de indicatorencatalogus noemt geen groepen (leeftijd, huishouden, ... onder 'groepen:' in "
                     "indicatoren.yaml): de vragenlijst heeft geen profielvragen, en de antwoorden kunnen niet gewogen "
                     "worden.")
    if builtin_catalogue:
        notes.append("de vragen komen uit de ingebouwde indicatorencatalogus, een voorstel in de geest van de "
                     "woontest (de vragenlijst van 2020 is niet publiek). Vergelijk met 2020 alleen waar uw vraag "
                     "en antwoorden dezelfde zijn als toen.")
    return Document(target, (vl.gemeente_slug, FOLDER), context, artifacts, title=vl.titel, notes=notes)
