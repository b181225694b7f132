"""`thuis batch`: whole briefing packs, unattended, incremental, parallel and safe to interrupt.

Every output is an independent job in a process pool. A manifest in the output folder records per
output a hash of everything it depends on (its municipalities' slice of the data, the reference
areas, the config files, the templates, the thuis version); an unchanged output is skipped. One lock
per output folder keeps a second run out; the kernel releases it when a run dies, so a killed run
never blocks the next one.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import multiprocessing
import os
import resource
import sys
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import __version__, resources
from .errors import ExitCode, InputError, NothingToPublish, ThuisError
from .gebieden import VLAANDEREN, Gebied
from .plan import LoadedPlan, collect_plan_problems
from .session import Session
from .write import atomic_write

MANIFEST = ".thuis-manifest.json"
LOCK = ".thuis-batch.lock"
REPORT = "verslag.json"
JOBS_PER_WORKER = 100  # documents a worker makes before it is replaced by a fresh fork
EXPECTED_SECONDS = {"infografiek": 3.5, "intervisie": 3.0, "brief": 0.9}  # longest first: a short tail


class BatchBusy(ThuisError):
    exit_code = ExitCode.BUSY


@dataclass(frozen=True)
class Job:
    id: str
    kind: str  # brief | infografiek | intervisie
    codes: tuple[str, ...]
    dienst: str | None = None
    max: int | None = None


@dataclass
class Outcome:
    id: str
    status: str  # gemaakt | overgeslagen | leeg (nothing publishable) | mislukt | onderbroken
    seconds: float = 0.0
    files: list[str] = field(default_factory=list)
    error: str = ""
    rss_mb: float = 0.0


# --- planning ---------------------------------------------------------------------------------

def plan_jobs(session: Session, loaded: LoadedPlan, broken: dict[str, str]) -> list[Job]:
    from .brief import resolve_dienst
    from .intervisie import resolve_group

    plan, gebieden = loaded.plan, session.gebieden
    municipalities: list[Gebied] = []
    checks = []
    if plan.gemeenten == "alle":
        codes = sorted((session.dataset.codes | set(broken)) & set(gebieden.gemeenten))
        municipalities = [gebieden.gemeenten[c] for c in codes]
    else:
        for i, name in enumerate(plan.gemeenten):
            def check(name=name):
                g = gebieden.resolve(name)
                if g.is_reference:
                    raise InputError(f"{g.naam} is geen gemeente.")
                if not session.dataset.has(g) and not any(c in broken for c in g.codes):
                    raise InputError(f"geen gegevens voor {g.naam}.")
                municipalities.append(g)
            checks.append((f"gemeenten[{i}]", check))
    diensten: list[str] = []
    if plan.briefs:
        wanted = ["alle"] if plan.briefs.diensten == "alle" else plan.briefs.diensten
        for i, name in enumerate(wanted):
            checks.append((f"briefs.diensten[{i}]" if plan.briefs.diensten != "alle" else "briefs.diensten",
                           lambda name=name: diensten.extend(resolve_dienst(session.config, name))))
    groups: list[list[Gebied]] = []
    if plan.intervisie:
        for i, names in enumerate(plan.intervisie.groepen):
            checks.append((f"intervisie.groepen[{i}]",
                           lambda names=names: groups.append(resolve_group(session, names))))
        for i, buren in enumerate(plan.intervisie.buren):
            checks.append((f"intervisie.buren[{i}]", lambda b=buren: groups.append(
                resolve_group(session, [b.gemeente], True, b.ook_onzeker, b.max))))
    collect_plan_problems(checks, loaded.source)

    jobs = []
    for g in dict.fromkeys(municipalities):
        for dienst in dict.fromkeys(diensten):
            jobs.append(Job(f"brief/{g.slug}/{dienst}", "brief", (g.nis,), dienst=dienst))
        if plan.infografiek:
            jobs.append(Job(f"infografiek/{g.slug}", "infografiek", (g.nis,), max=plan.infografiek.max))
    for group in groups:
        jobs.append(Job("intervisie/" + "-".join(g.slug for g in group), "intervisie", tuple(g.nis for g in group)))
    return list({j.id: j for j in jobs}.values())


def static_hash(session: Session, templates: Path | None) -> str:
    """Everything all outputs depend on: thuis itself, the config files and the templates."""
    digest = hashlib.sha256(f"thuis {__version__}".encode())
    for name, path in sorted(session.config.files.items()):
        digest.update(name.encode())
        digest.update(path.read_bytes())
    for root in [resources.templates_dir()] + ([templates] if templates else []):
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def job_hash(session: Session, job: Job, base: str, broken: dict[str, str]) -> str:
    digest = hashlib.sha256(f"{base}|{job.id}|{job.dienst}|{job.max}".encode())
    areas = [session.gebieden.get(c) for c in job.codes]
    refs = {VLAANDEREN} | {g.provincie for g in areas if g.provincie}
    for g in areas + [session.gebieden.get(r) for r in sorted(refs)]:
        state = broken.get(g.nis) or (session.dataset.fingerprint(g) if session.dataset.has(g) else "-")
        digest.update(f"{g.nis}:{state}".encode())
    return digest.hexdigest()


# --- the worker -------------------------------------------------------------------------------

_WORKER: dict = {}


def _run(job: Job) -> Outcome:
    """In a worker process: make one output. Errors become a Dutch message, never a crash of the run."""
    session, out, templates = _WORKER["session"], _WORKER["out"], _WORKER["templates"]
    start = time.perf_counter()
    try:
        if job.kind == "brief":
            from .brief import write_brief

            paths = [write_brief(session, session.gebieden.get(job.codes[0]), job.dienst, out, templates)]
        elif job.kind == "infografiek":
            from .infografiek import write_infographics

            paths = write_infographics(session, session.gebieden.get(job.codes[0]), out, job.max, templates)
        else:
            from .intervisie import write_workbook

            paths = [write_workbook(session, [session.gebieden.get(c) for c in job.codes], out, templates)]
        files = [str(p.relative_to(out)) for p in paths]
        outcome = Outcome(job.id, "gemaakt", files=files)
    except NothingToPublish as exc:
        outcome = Outcome(job.id, "leeg", error=str(exc).splitlines()[0])
    except ThuisError as exc:
        outcome = Outcome(job.id, "mislukt", error=str(exc).splitlines()[0])
    except Exception as exc:  # noqa: BLE001 - one broken output must not end the run
        outcome = Outcome(job.id, "mislukt", error=f"onverwachte fout ({type(exc).__name__}: {str(exc)[:200]})")
    outcome.seconds = time.perf_counter() - start
    outcome.rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return outcome


# --- lock, manifest, log ----------------------------------------------------------------------

class OutputLock:
    """An exclusive flock on <uit>/.thuis-batch.lock. Released by the kernel when the process ends,
    so a killed run leaves no lock that blocks; its note is read and reported as taken over."""

    def __init__(self, folder: Path):
        self.path = folder / LOCK
        self.handle = None
        self.previous: dict | None = None

    def __enter__(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.handle = self.path.open("a+")
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.handle.seek(0)
            note = self.handle.read().strip()
            self.handle.close()
            try:
                info = json.loads(note)
                who = f" (proces {info.get('pid')}, gestart {info.get('gestart')})"
            except (json.JSONDecodeError, AttributeError):
                who = ""
            raise BatchBusy(f"Er loopt al een batch op {self.path.parent}{who}. Wacht tot die klaar is.") from None
        self.handle.seek(0)
        note = self.handle.read().strip()
        if note:
            try:
                self.previous = json.loads(note)
            except json.JSONDecodeError:
                self.previous = {}
        self.handle.seek(0)
        self.handle.truncate()
        self.handle.write(json.dumps({"pid": os.getpid(), "gestart": _now()}))
        self.handle.flush()
        return self

    def __exit__(self, *exc):
        self.handle.seek(0)
        self.handle.truncate()
        self.handle.close()
        return False


def _now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


def load_manifest(folder: Path) -> dict:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        return data if isinstance(data, dict) and isinstance(data.get("uitvoer"), dict) else {"uitvoer": {}}
    except (OSError, json.JSONDecodeError):
        return {"uitvoer": {}}


def save_manifest(folder: Path, manifest: dict) -> None:
    atomic_write(folder / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode("utf-8"))


def remove_leftovers(folder: Path) -> int:
    """Temporary files of a run that was killed mid-write (only ever named .<name>.<random>.tmp)."""
    count = 0
    for path in folder.rglob(".*.tmp"):
        path.unlink(missing_ok=True)
        count += 1
    return count


class Log:
    def __init__(self, quiet: bool, log_file: Path | None):
        self.quiet = quiet
        self.file = log_file.open("a", encoding="utf-8") if log_file else None

    def line(self, text: str, always: bool = False) -> None:
        stamped = self.to_file(text)
        if always or not self.quiet:
            print(stamped, flush=True)

    def to_file(self, text: str) -> str:
        stamped = f"{dt.datetime.now():%Y-%m-%d %H:%M:%S} {text}"
        if self.file:
            self.file.write(stamped + "\n")
            self.file.flush()
        return stamped

    def close(self):
        if self.file:
            self.file.close()


# --- the run ----------------------------------------------------------------------------------

@dataclass
class RunResult:
    outcomes: list[Outcome]
    seconds: float
    interrupted: bool = False

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def exit_code(self) -> ExitCode:
        if self.interrupted:
            return ExitCode.INTERRUPTED
        return ExitCode.PARTIAL_FAILURE if self.count("mislukt") else ExitCode.OK


def decide(session, jobs, out, manifest, base, broken, force) -> list[tuple[Job, str, str]]:
    """(job, hash, reason) per job; reason 'ongewijzigd' means skip."""
    decisions = []
    for job in jobs:
        digest = job_hash(session, job, base, broken)
        previous = manifest["uitvoer"].get(job.id)
        bad = [broken[c] for c in job.codes if c in broken]
        if bad:
            reason = f"mislukt: ongeldige gegevens ({bad[0]})"
        elif force:
            reason = "geforceerd"
        elif previous is None:
            reason = "nieuw"
        elif previous.get("hash") != digest:
            reason = "gewijzigd (gegevens, configuratie, sjablonen of versie)"
        elif not all((out / f).is_file() for f in previous.get("bestanden", [])):
            reason = "bestand ontbreekt"
        else:
            reason = "ongewijzigd"
        decisions.append((job, digest, reason))
    return decisions


def run_batch(session: Session, loaded: LoadedPlan, broken: dict[str, str], out: Path, jobs_n: int,
              force: bool, dry: bool, quiet: bool, log_file: Path | None, templates: Path | None) -> RunResult:
    start = time.perf_counter()
    jobs = plan_jobs(session, loaded, broken)
    base = static_hash(session, templates)
    log = Log(quiet, log_file)
    if dry:
        manifest = load_manifest(out)
        for job, _digest, reason in decide(session, jobs, out, manifest, base, broken, force):
            print(f"{'overslaan' if reason == 'ongewijzigd' else 'maken'}  {job.id}  ({reason})")
        print(f"Droge run: {len(jobs)} documenten in het plan; er werd niets gemaakt.")
        log.close()
        return RunResult([], time.perf_counter() - start)

    with OutputLock(out) as lock:
        if lock.previous and lock.previous.get("pid"):
            log.line(f"De vorige batch (proces {lock.previous['pid']}) stopte onverwacht; deze run neemt over.")
        leftovers = remove_leftovers(out)
        if leftovers:
            log.line(f"{leftovers} half geschreven tijdelijke bestanden van een onderbroken run opgeruimd.")
        manifest = load_manifest(out)
        manifest["thuis"] = __version__
        decisions = decide(session, jobs, out, manifest, base, broken, force)
        outcomes = {}
        todo = []
        for job, digest, reason in decisions:
            if reason == "ongewijzigd":
                previous = manifest["uitvoer"][job.id]
                outcomes[job.id] = Outcome(job.id, "leeg" if previous.get("leeg") else "overgeslagen",
                                           files=previous["bestanden"])
            elif reason.startswith("mislukt"):
                outcomes[job.id] = Outcome(job.id, "mislukt", error=reason.removeprefix("mislukt: "))
            else:
                todo.append((job, digest))
        log.line(f"Plan {loaded.source}: {len(jobs)} documenten, {len(todo)} te maken, "
                 f"{sum(o.status == 'overgeslagen' for o in outcomes.values())} ongewijzigd, "
                 f"{jobs_n} parallelle taken.")
        interrupted = False
        progress = _progress(len(todo)) if (sys.stderr.isatty() and not quiet and todo) else None
        _WORKER.update(session=session, out=out, templates=templates)
        try:
            def record(job: Job, digest: str, outcome: Outcome) -> None:
                outcomes[job.id] = outcome
                if outcome.status in ("gemaakt", "leeg"):
                    manifest["uitvoer"][job.id] = {"hash": digest, "bestanden": outcome.files,
                                                   "leeg": outcome.status == "leeg"}
                    save_manifest(out, manifest)
                    text = (f"gemaakt   {job.id} ({outcome.seconds:.1f} s)" if outcome.status == "gemaakt"
                            else f"leeg      {job.id}: {outcome.error}")
                else:
                    text = f"MISLUKT   {job.id}: {outcome.error}"
                if progress:  # a terminal: the bar, failures above it, every line in the log file
                    progress[0].update(progress[1], advance=1)
                    if outcome.status != "gemaakt":
                        progress[0].console.print(text)
                    log.to_file(text)
                else:  # cron: plain timestamped lines
                    log.line(text)

            generation = jobs_n * JOBS_PER_WORKER
            for first in range(0, len(todo), generation):
                _run_generation(todo[first:first + generation], jobs_n, record)
        except KeyboardInterrupt:
            interrupted = True
            log.line("Onderbroken: de documenten die al af waren blijven staan; de rest volgt bij de volgende run.",
                     always=True)
        finally:
            if progress:
                progress[0].stop()
        for job, _digest in todo:
            outcomes.setdefault(job.id, Outcome(job.id, "onderbroken"))
        result = RunResult([outcomes[j.id] for j in jobs], time.perf_counter() - start, interrupted)
        save_manifest(out, manifest)
        write_report(out, loaded, result)
    # --- e-mail delivery (issue 15), kept apart so it can become a publishing sink -------------
    if loaded.plan.bezorging and not interrupted:
        from .bezorging import deliver_after_build

        delivery = deliver_after_build(out, loaded, session, templates, echo=log.line)
        if delivery.exit_code:
            result.outcomes.append(Outcome("bezorging", "mislukt", error=delivery.headline))
    summary(result, out, log, quiet)
    log.close()
    return result


def _run_generation(todo: list[tuple[Job, str]], jobs_n: int, record) -> None:
    """One pool of fresh forked workers for a slice of the jobs; what a renderer keeps between
    documents cannot pile up over a long run."""
    todo = sorted(todo, key=lambda item: -EXPECTED_SECONDS[item[0].kind])  # stable: plan order otherwise
    with ProcessPoolExecutor(max_workers=jobs_n, mp_context=multiprocessing.get_context("fork")) as pool:
        pending = {pool.submit(_run, job): (job, digest) for job, digest in todo}
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                job, digest = pending.pop(future)
                try:
                    outcome = future.result()
                except Exception as exc:  # noqa: BLE001 - a worker that died
                    outcome = Outcome(job.id, "mislukt", error=f"het werkproces stopte ({type(exc).__name__})")
                record(job, digest, outcome)


def _progress(total: int):
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    progress = Progress(TextColumn("thuis batch"), BarColumn(), MofNCompleteColumn(),
                        TextColumn("nog"), TimeRemainingColumn(), transient=False, console=Console(stderr=True))
    progress.start()
    return progress, progress.add_task("documenten", total=total)


def write_report(out: Path, loaded: LoadedPlan, result: RunResult) -> None:
    report = {
        "thuis": __version__, "plan": loaded.source, "klaar": _now(), "seconden": round(result.seconds, 2),
        "onderbroken": result.interrupted,
        "aantallen": {s: result.count(s) for s in ("gemaakt", "overgeslagen", "leeg", "mislukt", "onderbroken")},
        "documenten": [{**asdict(o), "seconds": round(o.seconds, 3), "rss_mb": round(o.rss_mb, 1)}
                       for o in result.outcomes],
    }
    atomic_write(out / REPORT, json.dumps(report, indent=1, ensure_ascii=False).encode("utf-8"))


def summary(result: RunResult, out: Path, log: Log, quiet: bool) -> None:
    failed = [o for o in result.outcomes if o.status == "mislukt"]
    minutes, seconds = divmod(round(result.seconds), 60)
    took = f"{minutes} min {seconds} s" if minutes else f"{seconds} s"
    lines = [f"Batch {'onderbroken' if result.interrupted else 'klaar'} na {took}: "
             f"{result.count('gemaakt')} gemaakt, {result.count('overgeslagen')} ongewijzigd, "
             f"{len(failed)} mislukt" + (f", {result.count('onderbroken')} niet gemaakt" if result.interrupted else "") + "."]
    empty = [o for o in result.outcomes if o.status == "leeg"]
    if empty:
        lines.append(f"Zonder publiceerbaar cijfer (geen fout): {', '.join(o.id for o in empty)}.")
    if failed:
        lines.append("Mislukt:")
        lines += [f"  - {o.id}: {o.error}" for o in failed]
    lines.append(f"Verslag: {out / REPORT}")
    if not (quiet and not failed and not result.interrupted):
        print("\n".join(lines), flush=True)
    if log.file:
        for line in lines:
            log.file.write(line + "\n")
