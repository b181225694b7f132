"""Renderers: one per format. Template formats (html, md, pdf, pdf-form) go through Jinja with the
user's templates first; code formats (png, svg, xlsx, ...) are made by the artifact itself."""

from __future__ import annotations

from pathlib import Path

from ..products.base import Artifact, Document
from ..render import html_to_pdf, render_html, self_contained

TEMPLATE_FORMATS = ("html", "md", "txt", "pdf", "pdf-form")


def render_template(template: str, context: dict, templates: Path | None = None) -> str:
    return render_html(template, context, templates)


def render_artifact(document: Document, artifact: Artifact, templates: Path | None) -> tuple[bytes, str | None]:
    """The artifact's bytes, and for a PDF the HTML it was made from."""
    if artifact.format in TEMPLATE_FORMATS:
        text = render_template(artifact.template, document.context_for(artifact), templates)
        if artifact.format == "pdf":
            return html_to_pdf(text, templates), text
        if artifact.format == "pdf-form":
            return html_to_pdf(text, templates, forms=True), text
        return text.encode("utf-8"), None
    if artifact.make is None:
        raise ValueError(f"artifact {artifact.name} of format {artifact.format} has no maker")
    return artifact.make(), None


PDF_FORMATS = ("pdf", "pdf-form")


def render(document: Document, templates: Path | None = None, keep_html: bool = False) -> dict[str, bytes]:
    """Every file of the document, rendered completely before anything is written. With `keep_html`,
    a PDF's HTML is kept beside it (self-contained, so it opens styled in a browser)."""
    return render_many([document], templates, keep_html, jobs=1)[0]


def render_many(documents: list[Document], templates: Path | None = None, keep_html: bool = False,
                jobs: int | None = None) -> list[dict[str, bytes]]:
    """`render` for every document. The PDFs, most of a command's time, are made `jobs` at a time in
    forked processes (default: one per core) when there are several; the bytes are the same either way."""
    from .. import workers

    slow = [(i, j) for i, d in enumerate(documents) for j, a in enumerate(d.artifacts) if a.format in PDF_FORMATS]
    jobs = min(workers.cores() if jobs is None else jobs, len(slow))
    made = {}
    if jobs > 1:
        made = dict(zip(slow, workers.map_forked(_render_one, slow, jobs, (documents, templates))))
    results = []
    for i, document in enumerate(documents):
        files: dict[str, bytes] = {}
        for j, artifact in enumerate(document.artifacts):
            content, html = made[i, j] if (i, j) in made else render_artifact(document, artifact, templates)
            files[artifact.name] = content
            if keep_html and html is not None:
                files[Path(artifact.name).with_suffix(".html").name] = self_contained(html, templates).encode("utf-8")
        results.append(files)
    return results


def _render_one(state, item: tuple[int, int]) -> tuple[bytes, str | None]:
    documents, templates = state
    document = documents[item[0]]
    return render_artifact(document, document.artifacts[item[1]], templates)


def render_key_points(document: Document, templates: Path | None = None) -> list[str]:
    """The document's key points in words (for a message about it), from the sentence macros."""
    from ..render import macro

    return [macro("_zinnen.html", name, item, user_templates=templates) for name, item in document.key_points]
