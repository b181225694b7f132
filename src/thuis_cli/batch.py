"""`thuis batch`: whole briefing packs, unattended, incremental, parallel and safe to interrupt.

Every document is an independent job in a process pool; the products of the registry say which
documents a plan asks for. A manifest in the output folder records per document a hash of everything
it depends on (its municipalities' slice of the data, the reference areas, the config files, the
templates, the thuis version); an unchanged document is skipped. One lock per output folder keeps a
second run out; a run whose owner died is taken over, even when stray processes of it remain.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import logging
import os
import resource
import time
from concurrent.futures import FIRST_COMPLETED, wait
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TextIO

from . import __version__, fmt, resources, workers
from .env import current
from .errors import ExitCode, InputError, NothingToPublish, ThuisError
from .gebieden import VLAANDEREN, Gebied
from .plan import LoadedPlan, PlanChecks
from .products import Target, get
from .workspace import Workspace
from .write import MANIFEST, SPENT, atomic_write

LOCK = ".thuis-batch.lock"
REPORT = "verslag.json"
JOBS_PER_WORKER = 100  # documents a worker makes before it is replaced by a fresh fork
MANIFEST_SHARE = 0.02  # at most this share of the run's time goes to saving the manifest in between

log = logging.getLogger("thuis.batch")


class BatchBusy(ThuisError):
    exit_code = ExitCode.BUSY


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


# --- planning ---------------------------------------------------------------------------------

def plan_targets(ws: Workspace, loaded: LoadedPlan) -> list[Target]:
    """Every document the plan asks for, from the products' own sections; all plan errors at once."""
    plan, gebieden = loaded.plan, ws.gebieden
    checks = PlanChecks(loaded.source)
    available = ws.dataset.codes | set(ws.refused)
    municipalities: list[Gebied] = []
    if plan.gemeenten == "alle":
        municipalities = [gebieden.gemeenten[c] for c in sorted(available & set(gebieden.gemeenten))]
    else:
        def resolve(name: str) -> Gebied:
            g = gebieden.resolve(name)
            if g.is_reference:
                raise InputError(f"{g.naam} is geen gemeente.")
            if not all(c in available for c in g.codes):
                raise InputError(f"geen gegevens voor {g.naam}.")
            return g

        for i, name in enumerate(plan.gemeenten):
            g = checks.within("")(f"gemeenten[{i}]", lambda name=name: resolve(name))
            if g is not None:
                municipalities.append(g)
    municipalities = list(dict.fromkeys(municipalities))
    targets: list[Target] = []
    for name, spec in loaded.sections.items():
        product = get(name)
        targets += product.targets(ws, spec, municipalities, checks.within(f"{product.plan_key}."))
    checks.raise_if_any()
    return list({t.id: t for t in targets}.values())


def static_parts(ws: Workspace, templates: Path | None) -> dict[str, str]:
    """What every document depends on, a hash per part: thuis itself, each config file, each template."""
    parts = {"thuis": __version__}
    for name, path in sorted(ws.config.files.items()):
        parts[f"configuratie: {name}"] = hashlib.sha256(path.read_bytes()).hexdigest()
    roots = [("sjabloon", resources.templates_dir())] + ([("eigen sjabloon", templates)] if templates else [])
    for label, root in roots:
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            parts[f"{label}: {path.relative_to(root)}"] = hashlib.sha256(path.read_bytes()).hexdigest()
    return parts


def area_states(ws: Workspace, target: Target) -> dict[str, str]:
    """Per area a document shows (its municipalities, their province, Flanders): the data's state."""
    areas = [ws.gebieden.get(c) for c in target.codes]
    refs = {VLAANDEREN} | {g.provincie for g in areas if g.provincie}
    states = {}
    for g in areas + [ws.gebieden.get(r) for r in sorted(refs)]:
        states[g.nis] = ws.refused.get(g.nis) or (ws.dataset.fingerprint(g) if ws.dataset.has(g) else "-")
    return states


def job_hash(target: Target, static: dict[str, str], areas: dict[str, str]) -> str:
    digest = hashlib.sha256(json.dumps([sorted(static.items()), target.id, repr(target.params),
                                        sorted(areas.items())]).encode())
    return digest.hexdigest()


def why_changed(ws: Workspace, previous: dict, static_now: dict[str, str], static_before: dict[str, str],
                areas: dict[str, str]) -> str:
    """In words a user can act on: which municipality's data, which config file or template changed."""
    changed_areas = [ws.gebieden.get(nis).naam for nis, state in areas.items()
                     if previous.get("gebieden", {}).get(nis) != state]
    changed_static = [k for k in static_now if static_before.get(k) != static_now[k]]
    changed_static += [k for k in static_before if k not in static_now]
    reasons = []
    if changed_areas:
        reasons.append("gegevens van " + ", ".join(changed_areas))
    if changed_static:
        more = len(changed_static) - 3
        shown = ", ".join(changed_static[:3]) + (f" en nog {more}" if more > 0 else "")
        reasons.append(shown)
    return "gewijzigd: " + "; ".join(reasons) if reasons else "gewijzigd (plan of instellingen van het document)"


@dataclass(frozen=True)
class Decision:
    target: Target
    hash: str
    areas: dict
    reason: str

    @property
    def skip(self) -> bool:
        return self.reason == "ongewijzigd"

    @property
    def refused(self) -> bool:
        return self.reason.startswith("mislukt")


def decide(ws: Workspace, targets: list[Target], out: Path, manifest: dict, static: dict[str, str],
           force: bool) -> list[Decision]:
    """Per document: make it or skip it, and why."""
    decisions = []
    static_before = manifest.get("vast", {})
    for target in targets:
        areas = area_states(ws, target)
        digest = job_hash(target, static, areas)
        previous = manifest["uitvoer"].get(target.id)
        codes = [c for nis in target.codes for c in ws.gebieden.get(nis).codes]
        bad = [ws.refused[c] for c in codes if c in ws.refused]
        if bad:
            reason = f"mislukt: ongeldige gegevens ({bad[0]})"
        elif force:
            reason = "geforceerd"
        elif previous is None:
            reason = "nieuw"
        elif previous.get("hash") != digest:
            reason = why_changed(ws, previous, static, static_before, areas)
        elif not previous.get("leeg") and "exemplaren" not in previous:
            reason = "gemaakt door een oudere versie van thuis (het manifest mist de gemeenten en exemplaren)"
        elif not all((out / f).is_file() for f in previous.get("bestanden", [])):
            reason = "bestand ontbreekt"
        else:
            reason = "ongewijzigd"
        decisions.append(Decision(target, digest, areas, reason))
    return decisions


# --- the worker -------------------------------------------------------------------------------

_WORKER: dict = {}


def make_document(ws: Workspace, target: Target, out: Path, templates: Path | None) -> Outcome:
    """Build, render and write one document. Errors become a Dutch message, never a crash of the run."""
    from .publish.folder import FolderSink
    from .publish.render import render, render_key_points

    start, cpu, io = time.perf_counter(), time.process_time(), dict(SPENT)
    try:
        product = get(target.product)
        document = product.build(ws, target, templates)
        files = render(document, templates)
        paths = FolderSink(out).publish(document, files)
        owners = {a.name: a.copy_of for a in document.artifacts if a.copy_of}
        outcome = Outcome(target.id, Status.GEMAAKT, files=[str(p.relative_to(out)) for p in paths],
                          title=document.title, key_points=render_key_points(document, templates),
                          copies={str(p.relative_to(out)): owners[p.name] for p in paths if p.name in owners})
    except NothingToPublish as exc:
        outcome = Outcome(target.id, Status.LEEG, error=str(exc).splitlines()[0])
    except ThuisError as exc:
        outcome = Outcome(target.id, Status.MISLUKT, error=str(exc).splitlines()[0])
    except Exception as exc:  # noqa: BLE001 - one broken document must not end the run
        outcome = Outcome(target.id, Status.MISLUKT, error=f"onverwachte fout ({type(exc).__name__}: {str(exc)[:200]})")
    outcome.seconds = time.perf_counter() - start
    outcome.cpu_seconds = time.process_time() - cpu
    outcome.io_seconds = {step: SPENT[step] - io[step] for step in SPENT}
    outcome.worker = os.getpid()
    outcome.rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return outcome


def _run(target: Target) -> Outcome:
    return make_document(_WORKER["ws"], target, _WORKER["out"], _WORKER["templates"])


# --- lock, manifest ---------------------------------------------------------------------------

def _alive(pid: object) -> bool:
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class OutputLock:
    """An exclusive flock on <uit>/.thuis-batch.lock, with a note naming the run that holds it.

    The kernel releases the lock when the run ends. When the lock is still held although the run
    named in the note is gone (stray processes of a killed run keep the file open), the lock file is
    replaced by a fresh one: the strays hold the old file, the new run the new one."""

    def __init__(self, folder: Path):
        self.path = folder / LOCK
        self.handle: TextIO | None = None
        self.previous: dict | None = None
        self.taken_over_from: object = None

    def __enter__(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        for _attempt in range(3):
            handle = self.path.open("a+")
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.seek(0)
                info = _note(handle.read())
                handle.close()
                if info.get("pid") and not _alive(info.get("pid")):
                    self.taken_over_from = info.get("pid")
                    self.path.unlink(missing_ok=True)  # strays keep the old file; we take a new one
                    continue
                who = f" (proces {info.get('pid')}, gestart {info.get('gestart')})" if info else ""
                raise BatchBusy(f"Er loopt al een batch op {self.path.parent}{who}. Wacht tot die klaar is.") from None
            if not self.path.exists() or os.stat(self.path).st_ino != os.fstat(handle.fileno()).st_ino:
                handle.close()  # another run replaced the file meanwhile: try again
                continue
            self.handle = handle
            break
        else:
            raise BatchBusy(f"Het slot van {self.path.parent} kon niet genomen worden.")
        self.handle.seek(0)
        note = self.handle.read().strip()
        if note:
            self.previous = _note(note)
        self.handle.seek(0)
        self.handle.truncate()
        self.handle.write(json.dumps({"pid": os.getpid(), "gestart": _now()}))
        self.handle.flush()
        return self

    def fileno(self) -> int:
        assert self.handle is not None, "the lock is held only inside `with`"
        return self.handle.fileno()

    def __exit__(self, *exc):
        self.handle.seek(0)
        self.handle.truncate()
        self.handle.close()
        return False


def _note(text: str) -> dict:
    try:
        info = json.loads(text.strip())
        return info if isinstance(info, dict) else {}
    except json.JSONDecodeError:
        return {}


def _now() -> str:
    return current().now().isoformat(timespec="seconds")


def load_manifest(folder: Path) -> dict:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        return data if isinstance(data, dict) and isinstance(data.get("uitvoer"), dict) else {"uitvoer": {}}
    except (OSError, json.JSONDecodeError):
        return {"uitvoer": {}}


def save_manifest(folder: Path, manifest: dict) -> None:
    atomic_write(folder / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True, ensure_ascii=False).encode("utf-8"))


class ManifestKeeper:
    """Saves the manifest during a run: after a document, unless the last save was very recent compared
    with what a save costs, so that at most MANIFEST_SHARE of the run goes to saving. With 3,000
    documents the manifest is megabytes; saved after every document, it cost the parent more than a
    worker's share of the machine. A run killed in between rebuilds only its last moments' documents."""

    def __init__(self, folder: Path, manifest: dict, clock=time.monotonic, share: float = MANIFEST_SHARE):
        self.folder, self.manifest, self.clock, self.share = folder, manifest, clock, share
        self.saved_at, self.cost = float("-inf"), 0.0

    def changed(self) -> None:
        if self.clock() - self.saved_at >= self.cost / self.share:
            self.save()

    def save(self) -> None:
        start = self.clock()
        save_manifest(self.folder, self.manifest)
        self.saved_at = self.clock()
        self.cost = self.saved_at - start


def remove_leftovers(folder: Path) -> int:
    """Temporary files of a run that was killed mid-write (only ever named .<name>.<random>.tmp)."""
    count = 0
    for path in folder.rglob(".*.tmp"):
        path.unlink(missing_ok=True)
        count += 1
    return count


# --- the run ----------------------------------------------------------------------------------

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


def dry_run(ws: Workspace, targets: list[Target], out: Path, force: bool, templates: Path | None) -> list[str]:
    """What a run would do and why, one line per document."""
    decisions = decide(ws, targets, out, load_manifest(out), static_parts(ws, templates), force)
    lines = [f"{'overslaan' if d.skip else 'maken'}  {d.target.id}  ({d.reason})" for d in decisions]
    lines.append(f"Droge run: {fmt.aantal(len(targets), 'document', 'documenten')} in het plan; er werd niets "
                 "gemaakt.")
    return lines


def run_batch(ws: Workspace, loaded: LoadedPlan, targets: list[Target], out: Path, jobs_n: int, force: bool,
              quiet: bool, templates: Path | None) -> RunResult:
    start = time.perf_counter()
    static = static_parts(ws, templates)
    with OutputLock(out) as lock:
        if lock.taken_over_from or (lock.previous and lock.previous.get("pid")):
            pid = lock.taken_over_from or lock.previous["pid"]
            log.warning(f"De vorige batch (proces {pid}) stopte onverwacht; deze run neemt over.")
        leftovers = remove_leftovers(out)
        if leftovers:
            log.warning(f"{leftovers} half geschreven tijdelijke bestanden van een onderbroken run opgeruimd.")
        manifest = load_manifest(out)
        manifest["thuis"] = __version__
        decisions = decide(ws, targets, out, manifest, static, force)
        manifest["vast"] = static
        outcomes: dict[str, Outcome] = {}
        todo = []
        for d in decisions:
            if d.skip:
                previous = manifest["uitvoer"][d.target.id]
                status = Status.LEEG if previous.get("leeg") else Status.OVERGESLAGEN
                outcomes[d.target.id] = Outcome(d.target.id, status,
                                                files=previous["bestanden"])
            elif d.refused:
                outcomes[d.target.id] = Outcome(d.target.id, Status.MISLUKT, error=d.reason.removeprefix("mislukt: "))
            else:
                todo.append(d)
        log.info(f"Plan {loaded.source}: {fmt.aantal(len(targets), 'document', 'documenten')}, {len(todo)} te maken, "
                 f"{sum(o.status == Status.OVERGESLAGEN for o in outcomes.values())} ongewijzigd, "
                 f"{jobs_n} parallelle taken.")
        interrupted = False
        progress = _progress(len(todo)) if (current().stderr_isatty and not quiet and todo) else None
        _WORKER.update(ws=ws, out=out, templates=templates)
        keeper = ManifestKeeper(out, manifest)
        try:
            def record(d: Decision, outcome: Outcome) -> None:
                outcomes[d.target.id] = outcome
                if outcome.status in (Status.GEMAAKT, Status.LEEG):
                    manifest["uitvoer"][d.target.id] = {
                        "hash": d.hash, "gebieden": d.areas, "bestanden": outcome.files,
                        "leeg": outcome.status == Status.LEEG, "product": d.target.product,
                        **document_entry(ws, d.target), "titel": outcome.title,
                        "kernpunten": outcome.key_points, "exemplaren": outcome.copies}
                    keeper.changed()
                if outcome.status == Status.GEMAAKT:
                    log.log(PROGRESS, f"gemaakt   {d.target.id} ({outcome.seconds:.1f} s)")
                elif outcome.status == Status.LEEG:
                    log.warning(f"leeg      {d.target.id}: {outcome.error}")
                else:
                    log.error(f"MISLUKT   {d.target.id}: {outcome.error}")
                if progress:
                    progress[0].update(progress[1], advance=1)

            if todo:
                load_for_workers({d.target.product for d in todo})
            generation = jobs_n * JOBS_PER_WORKER
            for first in range(0, len(todo), generation):
                _run_generation(todo[first:first + generation], jobs_n, record, lock.fileno())
        except KeyboardInterrupt:
            interrupted = True
            log.error("Onderbroken: de documenten die al af waren blijven staan; de rest volgt bij de volgende run.")
        finally:
            keeper.save()  # whatever ended the run: what was made stays known
            if progress:
                progress[0].stop()
        for d in todo:
            outcomes.setdefault(d.target.id, Outcome(d.target.id, Status.ONDERBROKEN))
        result = RunResult([outcomes[t.id] for t in targets], time.perf_counter() - start, interrupted)
        write_report(out, loaded, result)
    return result


def document_entry(ws: Workspace, target: Target) -> dict:
    """What a sink needs to know about a document without parsing its id: the municipalities it is
    for (slug, NIS code, name) and the department, if any."""
    areas = [ws.gebieden.get(nis) for nis in target.codes]
    return {"gemeenten": [{"slug": g.slug, "nis": g.nis, "naam": g.naam} for g in areas],
            "dienst": target.department}


def load_for_workers(products: set[str]) -> None:
    """What every worker would otherwise load for itself, once per generation: WeasyPrint with the
    fonts and the built-in stylesheets, and what each product's `load` names (matplotlib and the web
    fonts of the infographics); then frozen (workers.settle).
    Loaded here, before the workers are forked, they start with it (1-2 s per pair of workers, which a
    run of 3,000 documents forks 15 times)."""
    from . import workers
    from .pdf import warm_up

    warm_up()
    for name in sorted(products):
        load = getattr(get(name), "load", None)
        if load is not None:
            load()
    workers.settle()  # frozen: the forks share these pages, and their collectors skip them


def _run_generation(todo: list[Decision], jobs_n: int, record, lock_fd: int) -> None:
    """One pool of fresh forked workers for a slice of the jobs; what a renderer keeps between
    documents cannot pile up over a long run. Longest documents first: a short tail."""
    todo = sorted(todo, key=lambda d: -get(d.target.product).expected_seconds)  # stable: plan order otherwise
    with workers.pool(jobs_n, initargs=(lock_fd,)) as pool:
        pending = {pool.submit(_run, d.target): d for d in todo}
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                d = pending.pop(future)
                try:
                    outcome = future.result()
                except Exception as exc:  # noqa: BLE001 - a worker that died
                    outcome = Outcome(d.target.id, Status.MISLUKT,
                                      error=f"het werkproces stopte ({type(exc).__name__})")
                record(d, outcome)


def _progress(total: int):
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    progress = Progress(TextColumn("thuis batch"), BarColumn(), MofNCompleteColumn(),
                        TextColumn("nog"), TimeRemainingColumn(), transient=False, console=Console(stderr=True))
    progress.start()
    return progress, progress.add_task("documenten", total=total)


def write_report(out: Path, loaded: LoadedPlan, result: RunResult, extra: dict | None = None) -> None:
    """`verslag.json`; `extra` holds what sinks add after the build (e-mail: what went to whom)."""
    report = {
        "thuis": __version__, "plan": loaded.source, "klaar": _now(), "seconden": round(result.seconds, 2),
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
