"""Everything one command works with: config, areas and validated data, loaded once, and the findings
computed from them (once per area, kept for every product that asks)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config import Config, load_config
from .data import Dataset, load_dataset, load_gebieden
from .gebieden import Gebied, Gebieden
from .project import Project


@dataclass
class Workspace:
    config: Config
    gebieden: Gebieden
    dataset: Dataset
    project: Project = field(default_factory=Project)
    refused: dict[str, str] = field(default_factory=dict)  # NIS code -> why its data file was refused
    bevraging: Any = None  # a follow-up survey as one municipality's results (bevraging.opvolging.Opvolging)
    _areas: dict = field(default_factory=dict, repr=False)
    _hidden: dict = field(default_factory=dict, repr=False)
    _page_ones: dict = field(default_factory=dict, repr=False)  # products.brief.own_page_one, per area and dienst

    @classmethod
    def open(cls, data: list[Path] | None, config_dir: Path | None, project: Project | None = None) -> Workspace:
        project = project or Project()
        config = load_config(config_dir or project.config)
        gebieden = load_gebieden(config)
        dataset = load_dataset(data or project.data or None, config, gebieden)
        return cls(config, gebieden, dataset, project)

    def municipality(self, name: str | None) -> Gebied:
        """The named municipality, else thuis.yaml's, else the configured default."""
        chosen = name or self.project.gemeente or self.config.instellingen.standaard_gemeente
        gebied = self.gebieden.resolve(chosen)
        self.dataset.rows_for(gebied)  # raises a clear error when it has no data
        return gebied

    def municipalities_in_data(self) -> list[Gebied]:
        return [self.gebieden.gemeenten[c] for c in sorted(self.dataset.codes) if c in self.gebieden.gemeenten]

    def missing_references(self) -> str | None:
        """Which reference figures the data lacks, for the warning of every command that makes a
        document: 'alle' (no Flanders, no province), 'vlaanderen', or None."""
        if not self.dataset.codes & set(self.gebieden.references):
            return "alle"
        return "vlaanderen" if "02000" not in self.dataset.codes else None

    def respondents(self, gebied: Gebied) -> float:
        return self.dataset.respondents(gebied, self.config.catalogus)

    def area(self, gebied: Gebied | None):
        """The area's findings (figures, comparisons, signals), computed once; None without data.
        Cached by `findings.area_key`: merged Antwerpen (2025) keeps NIS 11002 like its 2020 part."""
        from .findings import AreaFindings, area_key
        from .comparison_groups import comparison_group

        if gebied is None or not self.dataset.has(gebied):
            return None
        key = area_key(gebied)
        if key not in self._areas:
            refs = {"provincie": self.gebieden.province(gebied),
                    "vergelijking": comparison_group(self, gebied),
                    "vlaanderen": self.gebieden.references.get("02000")}
            self._areas[key] = AreaFindings(self, gebied, refs)
        return self._areas[key]

    def hidden_cells(self, gebied: Gebied) -> frozenset:
        """The cells (area key, indicator, group) no product may publish, for the areas tied to this
        one by addition (its 2025 merger and the merger's 2020 parts): primary and secondary
        suppression, computed once per group of tied areas, so every product of a run (a batch or a
        single command) hides the same cells."""
        from .findings import hidden_cells
        from .comparison_groups import related_areas

        related = related_areas(self, gebied)
        key = tuple(sorted(g.nis + ":" + g.soort for g in related))
        if key not in self._hidden:
            self._hidden[key] = hidden_cells(self, related)
        return self._hidden[key]
