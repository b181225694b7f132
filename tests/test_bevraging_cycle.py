"""The whole cycle of an own follow-up survey: the mapping that `thuis vragenlijst` writes reads the exports
of that questionnaire (LimeSurvey CSV, KoboToolbox CSV with group prefixes) exactly like the sample
mappings, so a municipality that follows docs/bevraging.md step by step gets the same brief figures."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from thuis_cli.bevraging.antwoorden import read_antwoorden
from thuis_cli.bevraging.mapping import load_koppeling
from thuis_cli.bevraging.opvolging import cells

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_data" / "bevraging"


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> Path:
    uit = tmp_path_factory.mktemp("vragenlijst")
    result = subprocess.run([sys.executable, "-m", "thuis_cli", "vragenlijst", "--gemeente", "leuven", "--uit", uit],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return uit / "leuven" / "vragenlijst"


@pytest.mark.parametrize(("export", "ours", "sample"), [
    ("bevraging-leuven-limesurvey.csv", "bevraging-limesurvey.yaml", "bevraging-leuven-limesurvey.yaml"),
    ("bevraging-leuven-kobo.csv", "bevraging-xlsform.yaml", "bevraging-leuven-kobo.yaml"),
])
def test_the_mapping_of_the_questionnaire_reads_its_export_like_the_sample_mapping(written, config, export, ours,
                                                                                   sample):
    cat = config.catalogus
    with_ours = read_antwoorden(SAMPLES / export, load_koppeling(written / ours, cat), cat)
    with_sample = read_antwoorden(SAMPLES / export, load_koppeling(SAMPLES / sample, cat), cat)
    assert with_ours.n == with_sample.n > 300
    a = cells(with_ours, [1.0] * with_ours.n, cat).reset_index(drop=True)
    b = cells(with_sample, [1.0] * with_sample.n, cat).reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b)
    assert set(a["indicator"]) >= {i.id for i in cat.indicatoren}  # every question of the export was read
