"""Renderers: one per format. Template formats (html, md, pdf, pdf-form) go through Jinja with the
user's templates first; code formats (png, svg, xlsx, ...) are made by the artifact itself."""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

from ..products.base import Artifact, Document
from ..assets import self_contained
from ..pdf import html_to_pdf
from ..templating import render_html

TEMPLATE_FORMATS = ("html", "md", "txt", "pdf", "pdf-form")


def render_template(template: str, context: dict, templates: Path | None = None) -> str:
    return render_html(template, context, templates)


def render_text(document: Document, artifact: Artifact, templates: Path | None = None) -> str:
    """The text (HTML, Markdown) of an artifact made from a template, before it becomes a PDF."""
    assert artifact.template is not None, "render_text is for an artifact made from a template"
    return render_template(artifact.template, document.context_for(artifact), templates)


def render_artifact(document: Document, artifact: Artifact, templates: Path | None) -> tuple[bytes, str | None]:
    """The artifact's bytes, and for a PDF the HTML it was made from."""
    if artifact.format in TEMPLATE_FORMATS:
        text = render_template(_template(artifact), document.context_for(artifact), templates)
        if artifact.format in PDF_FORMATS:
            return html_to_pdf(text, templates, forms=artifact.format == "pdf-form"), text
        return text.encode("utf-8"), None
    if artifact.make is None:
        raise ValueError(f"artifact {artifact.name} of format {artifact.format} has no maker")
    return artifact.make(), None


PDF_FORMATS = ("pdf", "pdf-form")


def _template(artifact: Artifact) -> str:
    """The template of an artifact in a template format (every product names one for those)."""
    if artifact.template is None:
        raise ValueError(f"artifact {artifact.name} of format {artifact.format} has no template")
    return artifact.template


def render(document: Document, templates: Path | None = None, keep_html: bool = False) -> dict[str, bytes]:
    """Every file of the document, rendered completely before anything is written. With `keep_html`,
    a PDF's HTML is kept beside it (self-contained, so it opens styled in a browser)."""
    return render_many([document], templates, keep_html)[0]


@dataclass
class _File:
    name: str
    html: str | None  # a PDF's HTML: for --html, and what a PDF worker gets
    content: bytes | Future | None = None  # None: waiting for a PDF worker
    forms: bool = False


def render_many(documents: list[Document], templates: Path | None = None, keep_html: bool = False,
                pdf_workers=None) -> list[dict[str, bytes]]:
    """`render` for every document. With a command's PDF workers (`workers.Ahead`), each PDF's HTML is
    made here and handed to them, all at once, while the other files are made here; the bytes are the
    same either way."""
    made = [[_prepare(document, artifact, templates, pdf_workers is not None) for artifact in document.artifacts]
            for document in documents]
    waiting = [f for files in made for f in files if f.content is None]
    for f in sorted(waiting, key=_longest_first):
        f.content = pdf_workers.submit(html_to_pdf, f.html, templates, "", f.forms)
    results = []
    for files in made:
        out: dict[str, bytes] = {}
        for f in files:
            content = f.content.result() if isinstance(f.content, Future) else f.content
            assert content is not None, "each file waiting for a worker was handed to one above"
            out[f.name] = content
            if keep_html and f.html is not None:
                out[Path(f.name).with_suffix(".html").name] = self_contained(f.html, templates).encode("utf-8")
        results.append(out)
    return results


def _longest_first(f: _File) -> int:
    """Sort key of the PDFs left to the workers: the longest first, so none is left alone at the end."""
    assert f.html is not None, "_prepare makes the HTML of every PDF it leaves to a worker"
    return -len(f.html)


def _prepare(document: Document, artifact: Artifact, templates: Path | None, defer_pdfs: bool) -> _File:
    """The file made here, or for a PDF with `defer_pdfs` only its HTML (a worker makes the PDF)."""
    if defer_pdfs and artifact.format in PDF_FORMATS:
        text = render_template(_template(artifact), document.context_for(artifact), templates)
        return _File(artifact.name, text, forms=artifact.format == "pdf-form")
    content, html = render_artifact(document, artifact, templates)
    return _File(artifact.name, html, content)


def render_key_points(document: Document, templates: Path | None = None) -> list[str]:
    """The document's key points in words (for a message about it), from the sentence macros."""
    from ..templating import macro

    return [macro("_zinnen.html", name, item, user_templates=templates) for name, item in document.key_points]
