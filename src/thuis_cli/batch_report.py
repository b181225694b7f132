"""What a batch says: the outcome of each document, the log (timestamped lines for cron, a progress
bar on a terminal, every line in the `--log` file), the closing summary and `verslag.json`."""

from __future__ import annotations

import datetime as dt
import json
import logging
import resource
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from . import __version__
from .batch_output import timestamp
from .env import current
from .errors import ExitCode
from .plan import LoadedPlan
from .write import atomic_write

REPORT = "verslag.json"
log = logging.getLogger("thuis.batch")


class Status(str, Enum):
    GEMAAKT = "gemaakt"
    OVERGESLAGEN = "overgeslagen"  # unchanged since the last run
    LEEG = "leeg"  # nothing publishable: not an error
    MISLUKT = "mislukt"
    ONDERBROKEN = "onderbroken"


@dataclass
class Outcome:
    document: str
    status: Status
    seconds: float = 0.0
    files: list[str] = field(default_factory=list)
    error: str = ""
    rss_mb: float = 0.0
    title: str = ""
    key_points: list[str] = field(default_factory=list)
    copies: dict[str, str] = field(default_factory=dict)  # file -> whose copy it is (Artifact.copy_of)
    cpu_seconds: float = 0.0  # CPU time of the process that made it, for the same stretch
    io_seconds: dict[str, float] = field(default_factory=dict)  # writing, fsync, renaming (write.SPENT)
    worker: int = 0  # the process id that made it

    def report(self) -> dict:
        return {"document": self.document, "status": self.status.value, "seconden": round(self.seconds, 3),
                "bestanden": self.files, "fout": self.error, "geheugen_mb": round(self.rss_mb, 1),
                "cpu_seconden": round(self.cpu_seconds, 3), "werkproces": self.worker,
                **{f"{step}_seconden": round(s, 4) for step, s in self.io_seconds.items()}}


@dataclass
class RunResult:
    outcomes: list[Outcome]
    seconds: float
    interrupted: bool = False

    def count(self, status: Status) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def exit_code(self) -> ExitCode:
        if self.interrupted:
            return ExitCode.INTERRUPTED
        return ExitCode.PARTIAL_FAILURE if self.count(Status.MISLUKT) else ExitCode.OK


def progress_bar(total: int):
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    progress = Progress(TextColumn("thuis batch"), BarColumn(), MofNCompleteColumn(),
                        TextColumn("nog"), TimeRemainingColumn(), transient=False, console=Console(stderr=True))
    progress.start()
    return progress, progress.add_task("documenten", total=total)


def write_report(out: Path, loaded: LoadedPlan, result: RunResult, extra: dict | None = None) -> None:
    """`verslag.json`; `extra` holds what sinks add after the build (e-mail: what went to whom)."""
    report = {
        "thuis": __version__, "plan": loaded.source, "klaar": timestamp(), "seconden": round(result.seconds, 2),
        "onderbroken": result.interrupted,
        "aantallen": {s.value: result.count(s) for s in Status},
        "documenten": [o.report() for o in result.outcomes],
        # CPU seconds of the batch's own process (planning, manifest, log) and of its finished workers
        "cpu_hoofdproces": round(resource.getrusage(resource.RUSAGE_SELF).ru_utime
                                 + resource.getrusage(resource.RUSAGE_SELF).ru_stime, 2),
        "cpu_werkprocessen": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
                                   + resource.getrusage(resource.RUSAGE_CHILDREN).ru_stime, 2),
        **(extra or {}),
    }
    atomic_write(out / REPORT, json.dumps(report, indent=1, ensure_ascii=False).encode("utf-8"))


def summary_lines(result: RunResult, out: Path) -> list[str]:
    failed = [o for o in result.outcomes if o.status == Status.MISLUKT]
    minutes, seconds = divmod(round(result.seconds), 60)
    took = f"{minutes} min {seconds} s" if minutes else f"{seconds} s"
    lines = [f"Batch {'onderbroken' if result.interrupted else 'klaar'} na {took}: "
             f"{result.count(Status.GEMAAKT)} gemaakt, {result.count(Status.OVERGESLAGEN)} ongewijzigd, "
             f"{len(failed)} mislukt"
             + (f", {result.count(Status.ONDERBROKEN)} niet gemaakt" if result.interrupted else "") + "."]
    empty = [o for o in result.outcomes if o.status == Status.LEEG]
    if empty:
        lines.append(f"Zonder publiceerbaar cijfer (geen fout): {', '.join(o.document for o in empty)}.")
    if failed:
        lines.append("Mislukt:")
        lines += [f"  - {o.document}: {o.error}" for o in failed]
    lines.append(f"Verslag: {out / REPORT}")
    return lines


# --- the log ----------------------------------------------------------------------------------

PROGRESS = 15  # between DEBUG and INFO: one line per document, hidden by --stil and behind a progress bar
SUMMARY = 25  # between INFO and WARNING: the closing summary, shown unless --stil and all went well


class _Stamped(logging.Formatter):
    def format(self, record):
        return f"{dt.datetime.fromtimestamp(record.created):%Y-%m-%d %H:%M:%S} {record.getMessage()}"


def configure_log(quiet: bool, log_file: Path | None, terminal: bool, stream=None) -> list[logging.Handler]:
    """The batch log: timestamped lines on stdout (cron), or nothing but warnings behind a progress
    bar or with --stil; every line also in the log file. Returns the handlers to remove afterwards."""
    logging.addLevelName(PROGRESS, "VOORTGANG")
    logging.addLevelName(SUMMARY, "SAMENVATTING")
    log.setLevel(PROGRESS)
    log.propagate = False
    handlers: list[logging.Handler] = []
    console = logging.StreamHandler(stream or current().stdout)
    console.setFormatter(_Stamped())
    console.setLevel(logging.ERROR if quiet else (SUMMARY if terminal else PROGRESS))
    handlers.append(console)
    if log_file is not None:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        to_file = logging.FileHandler(log_file, encoding="utf-8")
        to_file.setFormatter(_Stamped())
        to_file.setLevel(PROGRESS)
        handlers.append(to_file)
    for h in handlers:
        log.addHandler(h)
    return handlers


def log_summary(result: RunResult, out: Path) -> None:
    trouble = result.interrupted or result.count(Status.MISLUKT) > 0
    for line in summary_lines(result, out):
        log.log(logging.ERROR if trouble else SUMMARY, line)


def log_to_file_only(handlers: list[logging.Handler], text: str, level: int = logging.ERROR) -> None:
    """What the CLI printed itself (a fatal error, a notice): the log file must have it too (cron users
    look there)."""
    record = log.makeRecord(log.name, level, __file__, 0, text, (), None)
    for h in handlers:
        if isinstance(h, logging.FileHandler):
            h.handle(record)


def close_log(handlers: list[logging.Handler]) -> None:
    for h in handlers:
        h.flush()
        log.removeHandler(h)
        if isinstance(h, logging.FileHandler):
            h.close()
