"""End to end through the real command: `thuis bezorg` killed between two messages, then run again,
delivers every document exactly once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import yaml
from bezorging_support import Handler, settings, start_server, write_output

SRC = Path(__file__).resolve().parents[1] / "src"


def test_a_run_killed_between_messages_and_run_again_delivers_each_document_once(tmp_path):
    out, cfg = tmp_path / "out", tmp_path / "cfg"
    write_output(out, {"brief/leuven/ruimte": {"bestanden": ["leuven/brief-ruimte.pdf"]},
                       "brief/leuven/wonen": {"bestanden": ["leuven/brief-wonen.pdf"]},
                       "intervisie/leuven-herent": {"bestanden": ["intervisie/leuven-herent.pdf"]}})
    handler = Handler()
    controller = start_server(handler)
    cfg.mkdir()
    raw = settings(controller.port, {"leuven": {"diensten": {"ruimte": "ruimte@example.org",
                                                             "wonen": "wonen@example.org"},
                                                "intervisie": "beleid@example.org"}})
    (cfg / "ontvangers.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    command = [sys.executable, "-m", "thuis_cli", "bezorg", "--uit", str(out), "--config", str(cfg)]
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    try:
        victim = subprocess.Popen(command, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

        def kill_at_second_message(number):
            if number == 2:  # the first message was accepted; the run dies before the second
                victim.send_signal(signal.SIGKILL)
                victim.wait()
                return "421 4.3.0 Closing"
            return None

        handler.on_mail = kill_at_second_message
        victim.communicate(timeout=60)
        assert victim.returncode == -signal.SIGKILL
        assert len(handler.received) == 1
        ledger = json.loads((out / ".thuis-bezorging.json").read_text(encoding="utf-8"))["bezorgd"]
        assert sum(len(v) for v in ledger.values()) == 1

        handler.on_mail = None
        again = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
        assert again.returncode == 0, again.stderr
        assert "Bezorging klaar: 2 verstuurd, 1 al bezorgd, 0 mislukt." in again.stdout
        delivered = sorted((r.recipients[0], r.message["Subject"]) for r in handler.received)
        assert [r for r, _ in delivered] == ["beleid@example.org", "ruimte@example.org", "wonen@example.org"]

        third = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
        assert third.returncode == 0 and len(handler.received) == 3
        report = json.loads((out / "bezorging.json").read_text(encoding="utf-8"))
        assert report["aantallen"] == {"verstuurd": 0, "al bezorgd": 3, "geen ontvanger": 0, "mislukt": 0}
    finally:
        controller.stop()
