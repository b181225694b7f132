"""thuis.yaml: found like git finds its repository, paths relative to the file, `~` is home."""

from thuis_cli.project import load_project


def test_thuis_yaml_is_found_from_a_subfolder_and_named(tmp_path, capsys):
    (tmp_path / "thuis.yaml").write_text("gemeente: leuven\nuit: briefings\n")
    deeper = tmp_path / "gegevens" / "2020"
    deeper.mkdir(parents=True)
    project = load_project(deeper)
    assert project.gemeente == "leuven"
    assert project.uit == tmp_path.resolve() / "briefings"  # relative to the file, not to the subfolder
    assert f"Standaarden uit {tmp_path.resolve() / 'thuis.yaml'}" in capsys.readouterr().err


def test_the_nearest_thuis_yaml_wins(tmp_path):
    (tmp_path / "thuis.yaml").write_text("gemeente: leuven\n")
    (tmp_path / "herent").mkdir()
    (tmp_path / "herent" / "thuis.yaml").write_text("gemeente: herent\n")
    assert load_project(tmp_path / "herent").gemeente == "herent"


def test_tilde_is_the_home_folder_for_every_path(tmp_path, monkeypatch):
    home = tmp_path / "thuismap"
    monkeypatch.setenv("HOME", str(home))
    (tmp_path / "thuis.yaml").write_text(
        "uit: ~/briefings\ndata: [~/gegevens/r.csv]\nconfig: ~/cfg\nsjablonen: ~/sjablonen\n")
    project = load_project(tmp_path)
    assert project.uit == home / "briefings"
    assert project.data == [home / "gegevens" / "r.csv"]
    assert (project.config, project.sjablonen) == (home / "cfg", home / "sjablonen")


def test_without_thuis_yaml_nothing_is_said(tmp_path, capsys):
    assert load_project(tmp_path).source is None
    assert "Standaarden" not in capsys.readouterr().err
