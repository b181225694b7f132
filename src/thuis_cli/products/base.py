"""What every product shares: targets (what to make), documents (what was made, as plain data) and
the product protocol."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, ClassVar, Protocol

if TYPE_CHECKING:
    from pathlib import Path

    from pydantic import BaseModel

    from ..gebieden import Gebied
    from ..workspace import Workspace


@dataclass(frozen=True)
class Target:
    """One document to make: the product, a stable id (also the batch job id and the manifest key),
    the NIS codes of the areas whose data it shows, and the product's own parameters."""

    product: str
    id: str
    codes: tuple[str, ...]
    params: tuple[tuple[str, Any], ...] = ()

    def param(self, name: str, default: Any = None) -> Any:
        return dict(self.params).get(name, default)

    @property
    def department(self) -> str | None:
        """The department the document is for (a brief's `dienst`), if any."""
        return self.param("dienst")


@dataclass(frozen=True)
class Artifact:
    """One file of a document. Formats rendered from a template: html, pdf, pdf-form (fillable PDF)
    and md; formats made in code (png, svg, xlsx, csv, json, ics) give `make`, called at render time."""

    name: str
    format: str
    template: str | None = None
    make: Callable[[], bytes] | None = None
    keep: bool = True  # False: an intermediate kept only on request (--html)
    context: dict | None = None  # what this file adds to the document's context (one copy of several)
    copy_of: str | None = None  # whose copy this file is: a municipality's slug or 'facilitator'; None: everyone's
    revise: Callable[[bytes | None], bytes] | None = None  # a file that carries its own version (a calendar
    # event's SEQUENCE): given the bytes already at its destination (None: none), the bytes to write there


@dataclass
class Document:
    """A product's result as plain data: where it goes, its context and the artifacts to render."""

    target: Target
    folder: tuple[str, ...]  # output folder parts, relative to the output root
    context: dict
    artifacts: list[Artifact]
    title: str = ""
    notes: list[str] = field(default_factory=list)  # things the user should know, said when it is made
    key_points: list[tuple[str, Any]] = field(default_factory=list)  # (macro of _zinnen.html, its argument):
    # up to three findings, written as sentences for messages about the document (e-mail)

    @property
    def id(self) -> str:
        return self.target.id

    def context_for(self, artifact: Artifact) -> dict:
        return {**self.context, **artifact.context} if artifact.context else self.context


DEPARTMENT = "dienst"  # About.recipients: to the addresses of the document's department


@dataclass(frozen=True)
class About:
    """What the rest of thuis knows of a product before (or without) importing its module, written in
    the module as `ABOUT = About(...)` with literal arguments only: the registry reads it from the
    source (`products.about`), so that `thuis --help` and the early PDF workers cost no import of
    pandas; a test checks that what it reads equals the imported value.

    - order: where the product comes in the help, in plans and in reports (lowest first);
    - help: the command's help text (its first sentence is the line in `thuis --help`);
    - plan_help: the description of its section in a batch plan (the plan's JSON Schema);
    - pdf_templates: the templates its PDFs are made from, compiled by the early PDF workers; empty:
      the command makes no PDF and gets no PDF workers;
    - several: whether the product's command writes several PDFs (one worker per core) or one (one
      worker); or the argument value that makes it write several (brief `--dienst alle`);
    - recipients: who receives its documents by e-mail: `DEPARTMENT` (the addresses of the document's
      department), or the key in a municipality's entry of ontvangers.yaml whose addresses receive it;
      None: it is never mailed;
    - recipients_help: the description of that key in ontvangers.yaml's schema;
    - facilitator_copy: a document has a copy for the facilitator (`Artifact.copy_of`), mailed to the
      `facilitator` addresses of ontvangers.yaml.
    """

    order: int
    help: str
    plan_help: str
    pdf_templates: tuple[str, ...] = ()
    several: bool | str = True
    recipients: str | None = None
    recipients_help: str = ""
    facilitator_copy: bool = False


class Product(Protocol):
    """What every product module's `PRODUCT` implements (tests/test_products.py checks each one). The
    module also declares `ABOUT` (an `About`) and `command`, the function of its CLI command (typer
    options in its signature; `thuis_cli.commands` has the common ones)."""

    name: ClassVar[str]  # the module's name, also its CLI command and the `product` of its targets
    plan_key: ClassVar[str]  # the section of a batch plan
    Spec: ClassVar[type[BaseModel]]  # that section's typed spec
    expected_seconds: ClassVar[float]  # for scheduling: longest first

    def targets(self, ws: Workspace, spec: Any, municipalities: list[Gebied],
                check: Callable[[str, Callable[[], Any]], Any]) -> list[Target]:
        """The documents a plan section (`spec`, an instance of `Spec`) asks for. Each entry is
        resolved through `check(where, fn)` (PlanChecks.within): a ThuisError of `fn` is reported with
        the section's key path, and `check` returns None for it."""

    def target(self, *args: Any, **kwargs: Any) -> Target:
        """One target from command-line arguments (each product takes its own)."""

    def build(self, ws: Workspace, target: Target, templates: Path | None = None) -> Document:
        """The document, as plain data. Raises NothingToPublish when every figure is suppressed.
        `templates` is the user's template folder, for products that write words into images."""

    def load(self) -> None:
        """What the product's documents need besides WeasyPrint (matplotlib, fonts), loaded once by a
        batch before it forks its workers; nothing for most products."""
