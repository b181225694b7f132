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
        if artifact.format in PDF_FORMATS:
            return html_to_pdf(text, templates, forms=artifact.format == "pdf-form"), text
        return text.encode("utf-8"), None
    if artifact.make is None:
        raise ValueError(f"artifact {artifact.name} of format {artifact.format} has no maker")
    return artifact.make(), None


PDF_FORMATS = ("pdf", "pdf-form")


def render(document: Document, templates: Path | None = None, keep_html: bool = False) -> dict[str, bytes]:
    """Every file of the document, rendered completely before anything is written. With `keep_html`,
    a PDF's HTML is kept beside it (self-contained, so it opens styled in a browser)."""
    return render_many([document], templates, keep_html)[0]


def render_many(documents: list[Document], templates: Path | None = None, keep_html: bool = False,
                pdf_workers=None) -> list[dict[str, bytes]]:
    """`render` for every document. With a command's PDF workers (`workers.Ahead`), each PDF's HTML is
    made here and handed to them, all at once, while the other files are made here; the bytes are the
    same either way."""
    made, pdfs = [], []
    for document in documents:
        files = []
        for artifact in document.artifacts:
            if pdf_workers is not None and artifact.format in PDF_FORMATS:
                html = render_template(artifact.template, document.context_for(artifact), templates)
                pdfs.append((html, artifact.format == "pdf-form", len(made), len(files)))
                files.append((artifact.name, None, html))
            else:
                files.append((artifact.name, *render_artifact(document, artifact, templates)))
        made.append(files)
    # The longest first (a PDF takes about as long as its HTML is long): no long one left for the end.
    futures = {(d, f): pdf_workers.submit(html_to_pdf, html, templates, "", forms)
               for html, forms, d, f in sorted(pdfs, key=lambda p: -len(p[0]))}
    results = []
    for d, files in enumerate(made):
        out: dict[str, bytes] = {}
        for f, (name, content, html) in enumerate(files):
            out[name] = futures[d, f].result() if (d, f) in futures else content
            if keep_html and html is not None:
                out[Path(name).with_suffix(".html").name] = self_contained(html, templates).encode("utf-8")
        results.append(out)
    return results


def render_key_points(document: Document, templates: Path | None = None) -> list[str]:
    """The document's key points in words (for a message about it), from the sentence macros."""
    from ..render import macro

    return [macro("_zinnen.html", name, item, user_templates=templates) for name, item in document.key_points]
