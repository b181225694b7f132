"""The README's pictures (docs/beelden/, `make beelden`) show the current templates: bron.txt records
a hash of the sources of every picture, and it must match those files as they are now."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "docs" / "beelden"


def beelden_script():
    spec = importlib.util.spec_from_file_location("beelden_script", ROOT / "scripts" / "beelden.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_pictures_are_made_from_the_current_templates():
    script = beelden_script()
    recorded = (FOLDER / "bron.txt").read_text(encoding="utf-8")
    assert recorded == script.record(ROOT), ("een sjabloon veranderde na de beelden in docs/beelden: "
                                             "maak ze opnieuw met 'make beelden' en commit ze")


def test_every_picture_is_there_small_and_shown_near_the_top_of_the_readme():
    script = beelden_script()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    top = readme[:readme.index("## Commando's")]
    for picture in script.SOURCES:
        path = FOLDER / picture
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert path.stat().st_size < 60_000, picture
        assert f"docs/beelden/{picture}" in top, picture


def test_the_recorded_hash_changes_when_a_shown_template_changes(tmp_path):
    script = beelden_script()
    for name in {f for files in script.SOURCES.values() for f in files}:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes((ROOT / name).read_bytes())
    before = script.record(tmp_path)
    (tmp_path / "templates" / "brief.html").write_text("<p>anders</p>", encoding="utf-8")
    after = script.record(tmp_path)
    changed = [a for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
    assert [line.split()[0] for line in changed] == ["brief.png", "brief-klein.png"]  # both pages of a brief
