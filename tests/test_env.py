"""The environment a command runs in is one value (thuis_cli.env): notices reach every listener, the
batch's --log file hears every notice, and a command writes to the streams of its environment."""

from __future__ import annotations

import io

from clirunner import thuis

from thuis_cli import notices
from thuis_cli.env import Environment, listening, using


def test_a_notice_goes_to_the_environment_s_stderr_and_every_listener():
    err = io.StringIO()
    heard_a, heard_b = [], []
    with using(Environment(stdout=io.StringIO(), stderr=err)), listening(heard_a.append), listening(heard_b.append):
        notices.warn("het bestand is oud.")
        notices.info("Standaarden uit thuis.yaml")
    assert err.getvalue() == "Let op: het bestand is oud.\nStandaarden uit thuis.yaml\n"
    assert heard_a == heard_b == ["Let op: het bestand is oud.", "Standaarden uit thuis.yaml"]


def test_a_warning_printed_by_a_batch_reaches_its_log_file(tmp_path):
    """A misspelt file in the config folder is a 'Let op' notice of the config loader, not a log line
    of the batch: cron users read the log file, so it must be there too."""
    config = tmp_path / "cfg"
    config.mkdir()
    (config / "dienstn.yaml").write_text("diensten: {}\n", encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    plan.write_text(f"config: {config}\ngemeenten: [leuven]\nbriefs: {{diensten: [ruimte]}}\n", encoding="utf-8")
    log = tmp_path / "batch.log"
    result = thuis("batch", plan, "--droog", "--uit", tmp_path / "uit", "--log", log)
    assert result.returncode == 0, result.stderr
    assert "Let op: " in result.stderr and "dienstn.yaml: onbekend bestand" in result.stderr
    logged = log.read_text(encoding="utf-8")
    assert "Let op: " in logged and "dienstn.yaml: onbekend bestand in de configuratiemap" in logged


def test_a_command_writes_to_the_streams_of_its_environment(tmp_path):
    result = thuis("lijst", "diensten")
    assert result.returncode == 0 and "ruimte" in result.stdout
    assert result.environment.stdout.getvalue() == result.stdout
