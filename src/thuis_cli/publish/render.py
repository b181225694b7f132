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


def render(document: Document, templates: Path | None = None, keep_html: bool = False) -> dict[str, bytes]:
    """Every file of the document, rendered completely before anything is written. With `keep_html`,
    a PDF's HTML is kept beside it (self-contained, so it opens styled in a browser)."""
    files: dict[str, bytes] = {}
    for artifact in document.artifacts:
        content, html = render_artifact(document, artifact, templates)
        files[artifact.name] = content
        if keep_html and html is not None:
            files[Path(artifact.name).with_suffix(".html").name] = self_contained(html, templates).encode("utf-8")
    return files


def render_key_points(document: Document, templates: Path | None = None) -> list[str]:
    """The document's key points in words (for a message about it), from the sentence macros."""
    from ..render import macro

    return [macro("_zinnen.html", name, item, user_templates=templates) for name, item in document.key_points]
