"""Everything one command works with: config, areas and validated data, loaded once."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .config import Config, load_config
from .data import Dataset, load_dataset, load_gebieden
from .gebieden import Gebied, Gebieden
from .project import Project


@dataclass
class Session:
    config: Config
    gebieden: Gebieden
    dataset: Dataset
    project: Project
    _figures: dict = field(default_factory=dict, repr=False)

    @classmethod
    def open(cls, data: list[Path] | None, config_dir: Path | None, project: Project) -> Session:
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

    def figures(self, gebied: Gebied | None):
        """The area's headline figures (cached); None when the area has no data."""
        from .compute import headlines
        from .select import AreaFigures

        if gebied is None or not self.dataset.has(gebied):
            return None
        if gebied.nis not in self._figures:
            table = headlines(self.dataset.rows_for(gebied), self.config.catalogus,
                              self.config.instellingen.statistiek)
            self._figures[gebied.nis] = AreaFigures(gebied, table)
        return self._figures[gebied.nis]

    def references(self, gebied: Gebied) -> dict:
        """The reference areas a municipality is compared with: its province and Flanders."""
        from .gebieden import VLAANDEREN

        return {"provincie": self.figures(self.gebieden.province(gebied)),
                "vlaanderen": self.figures(self.gebieden.references[VLAANDEREN])}
