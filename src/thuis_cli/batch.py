"""`thuis batch`: whole briefing packs, unattended, incremental, parallel and safe to interrupt.

Every document is an independent job in a process pool; the products of the registry say which
documents a plan asks for. A manifest in the output folder records per document a hash of everything
it depends on (its municipalities' slice of the data, the reference areas, the config files, the
templates, the thuis version); an unchanged document is skipped. One lock per output folder keeps a
second run out; a run whose owner died is taken over, even when stray processes of it remain.

This module runs the documents; `batch_planning` says which to make, `batch_output` keeps the lock and
the manifest of the output folder, `batch_report` the log, the summary and `verslag.json`.
"""

from __future__ import annotations

import os
import resource
import time
from concurrent.futures import FIRST_COMPLETED, wait
from pathlib import Path

from . import __version__, fmt, workers
from .batch_output import ManifestKeeper, OutputLock, load_manifest, remove_leftovers
from .batch_planning import Decision, decide, static_parts
from .batch_report import PROGRESS, Outcome, RunResult, Status, log, progress_bar, write_report
from .env import current
from .errors import NothingToPublish, ThuisError
from .plan import LoadedPlan
from .products import Target, get
from .workspace import Workspace
from .write import SPENT

JOBS_PER_WORKER = 100  # documents a worker makes before it is replaced by a fresh fork


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
        progress = progress_bar(len(todo)) if (current().stderr_isatty and not quiet and todo) else None
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
