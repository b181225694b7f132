"""Citizen infographics: key messages in plain Dutch as images, an A3 poster, 16:9 slides, a web page
and the texts for the communication department."""

from __future__ import annotations

import base64
import io
import textwrap
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import __version__, chart, fmt, palette, plain
from .compute import compare
from .config import GemeentePlannen, Plan
from .gebieden import Gebied
from .render import html_to_pdf, render_html
from .select import evaluate_rules
from .session import Session
from .write import atomic_write, safe_join

SIZE_PX = 1080


@dataclass(frozen=True)
class Boodschap:
    nr: int
    indicator: str
    label: str
    thema: str
    share: float
    n: float
    zin: str  # the plain-language sentence
    vergelijking: str  # '' unless a real difference with Flanders
    plannen: tuple[Plan, ...]
    opvallend: bool

    @property
    def percentage(self) -> str:
        return fmt.pct(self.share)

    @property
    def deelnemers(self) -> str:
        return f"{fmt.count(self.n)} deelnemers aan de woontest beantwoordden deze vraag"

    @property
    def alt(self) -> str:
        parts = [self.zin, f"Dat is {self.percentage} van {fmt.count(self.n)} deelnemers aan de woontest."]
        if self.vergelijking:
            parts.append(self.vergelijking)
        return " ".join(parts)

    @property
    def beeld_alt(self) -> str:
        """Alt text where the sentence, the percentage and n are visible beside the image (web page,
        slide, poster): only what the image adds, the dot grid."""
        return f"Beeld: {round(self.share * 100)} van de 100 bolletjes ingekleurd."

    @property
    def slug(self) -> str:
        return f"boodschap-{self.nr}-{self.indicator.replace('_', '-')}"


def plans_for(session: Session, gebied: Gebied) -> GemeentePlannen | None:
    """The municipality's own plans (by slug or NIS), else the example plans with the sample data."""
    plannen = session.config.plannen
    for key in (gebied.slug, gebied.nis):
        if key in plannen.gemeenten:
            return plannen.gemeenten[key]
    return plannen.voorbeeld if session.dataset.synthetic else None


def choose_messages(session: Session, gebied: Gebied, most: int | None = None) -> list[Boodschap]:
    """Where the municipality stands out first, then (if configured) the other candidates; never a
    suppressed figure, never more than `most`."""
    config = session.config
    rules = config.infografiek
    most = most or rules.max
    area = session.figures(gebied)
    refs = session.references(gebied)
    candidates = [config.catalogus.by_id[i] for i in rules.kandidaten]
    points = evaluate_rules(config, candidates, rules.signalen, area, refs)
    ranked = list(dict.fromkeys(p.indicator for p in points))
    if rules.aanvullen:
        ranked += [i.id for i in candidates if i.id not in ranked]
    stat = config.instellingen.statistiek
    flanders = refs.get("vlaanderen")
    own_plans = plans_for(session, gebied)
    messages = []
    for ind_id in ranked:
        ind = config.catalogus.by_id[ind_id]
        fig = area.get(ind_id)
        if fig is None or fig.suppressed:
            continue
        ref = flanders.get(ind_id) if flanders else None
        cmp = compare(fig, ref, stat)
        plans = tuple(p for p in (own_plans.plannen if own_plans else [])
                      if p.indicator == ind_id or p.thema == ind.thema)
        messages.append(Boodschap(
            nr=len(messages) + 1, indicator=ind_id, label=ind.label,
            thema=config.catalogus.themas[ind.thema].titel, share=fig.share, n=fig.n,
            zin=plain.sentence(fig.share, gebied.naam, ind.zin_inwoners or ind.kernlabel),
            vergelijking=plain.comparison(cmp.diff, ref.share) if cmp.real else "",
            plannen=plans, opvallend=ind_id in {p.indicator for p in points}))
        if len(messages) == most:
            break
    return messages


# --- the visual -------------------------------------------------------------------------------

FORMATS = ("png", "svg", "svg-tekst")


def _visuals(b: Boodschap, gemeente: str, synthetic: bool) -> dict[str, bytes]:
    """1080 x 1080 px: the words, a 10 x 10 dot grid with the exact number filled, the sentence.
    One figure, saved three ways: PNG, portable SVG (text as paths) and SVG with text kept as text
    (for the documents thuis renders itself with its own font)."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.backends.backend_svg import FigureCanvasSVG

    fig = chart._figure(SIZE_PX / 100 * 2.54, SIZE_PX / 100 * 2.54)
    fig.patch.set_facecolor(palette.BACKGROUND)
    filled = round(b.share * 100)
    ax = fig.add_axes((0.07, 0.30, 0.40, 0.40))
    for k in range(100):
        row, col = divmod(k, 10)
        if k < filled:
            ax.add_patch(matplotlib.patches.Circle((col + 0.5, 9.5 - row), 0.38, color=palette.AREA, lw=0))
        else:  # an outlined dot: 3:1 against the page and clearly not filled
            ax.add_patch(matplotlib.patches.Circle((col + 0.5, 9.5 - row), 0.33, fill=False,
                                                   edgecolor=palette.OUTLINE, lw=2.2))
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 10)
    ax.set_aspect("equal")
    ax.axis("off")
    words = plain.fraction_words(b.share)
    fig.text(0.07, 0.93, "Woontest Thuis in de Toekomst · " + gemeente, fontsize=22, color=palette.TEXT_MUTED,
             va="top")
    fig.text(0.07, 0.86, words[0].upper() + words[1:], fontsize=58, fontweight="bold", color=palette.ACCENT,
             va="top")
    fig.text(0.52, 0.67, b.percentage, fontsize=64, fontweight="bold", color=palette.AREA, va="top")
    side = b.deelnemers + "." + (" " + b.vergelijking if b.vergelijking else "")
    fig.text(0.52, 0.56, "\n".join(textwrap.wrap(side, 26)), fontsize=21, color=palette.TEXT,
             va="top", linespacing=1.3)
    fig.text(0.07, 0.25, "\n".join(textwrap.wrap(b.zin, 44)), fontsize=28, color=palette.TEXT, va="top",
             linespacing=1.25)
    footer = "Open online bevraging (2020), geen representatieve steekproef."
    if synthetic:
        footer = "Voorbeeld met verzonnen cijfers. " + footer
    fig.text(0.07, 0.035, "\n".join(textwrap.wrap(footer, 62)), fontsize=17, color=palette.TEXT_MUTED,
             va="bottom", linespacing=1.3)
    out = {}
    buffer = io.BytesIO()
    fig.set_dpi(100)
    FigureCanvasAgg(fig).print_png(buffer, metadata={"Software": None})
    out["png"] = buffer.getvalue()
    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "path"}):  # portable: no font needed to view it
        FigureCanvasSVG(fig).print_svg(buffer, metadata={"Date": None, "Creator": None})
    out["svg"] = buffer.getvalue()
    buffer = io.BytesIO()
    FigureCanvasSVG(fig).print_svg(buffer, metadata={"Date": None, "Creator": None})
    out["svg-tekst"] = buffer.getvalue()
    return out


def visual(b: Boodschap, gemeente: str, synthetic: bool, fmt_name: str) -> bytes:
    """One format of a message's visual."""
    return _all_visuals(b, gemeente, synthetic)[fmt_name]


@lru_cache(maxsize=128)
def _all_visuals(b: Boodschap, gemeente: str, synthetic: bool) -> dict[str, bytes]:
    """Every format, drawn from one figure at most once per process, kept in the chart cache."""
    key = (b.zin, b.percentage, b.deelnemers, b.vergelijking, gemeente, synthetic)
    drawn: dict[str, bytes] = {}

    def draw(name: str):
        def make() -> bytes:
            if not drawn:
                drawn.update(_visuals(b, gemeente, synthetic))
            return drawn[name]
        return make

    return {name: chart._cached(f"infografiek-{name}", key, draw(name)) for name in FORMATS}


def waffle_svg(share: float, label: str) -> bytes:
    """A 10 x 10 grid of dots with round(share x 100) filled: small, exact, no fonts needed."""
    filled = round(share * 100)
    dots = []
    for k in range(100):
        row, col = divmod(k, 10)
        if k < filled:
            dots.append(f'<circle cx="{col * 10 + 5}" cy="{row * 10 + 5}" r="3.9" fill="{palette.AREA}"/>')
        else:
            dots.append(f'<circle cx="{col * 10 + 5}" cy="{row * 10 + 5}" r="3.4" fill="none" '
                        f'stroke="{palette.OUTLINE}" stroke-width="1"/>')
    title = label.replace("&", "&amp;").replace("<", "&lt;")
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" width="100" height="100">'
            f'<title>{title}</title>{"".join(dots)}</svg>').encode()


def _data_uri(svg: bytes) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


# --- outputs ----------------------------------------------------------------------------------

def infographic_context(session: Session, gebied: Gebied, messages: list[Boodschap]) -> dict:
    own = plans_for(session, gebied)
    deelname = own.deelname if own else None
    all_plans = []
    for p in (own.plannen if own else []):
        target = (session.config.catalogus.by_id[p.indicator].label if p.indicator
                  else session.config.catalogus.themas[p.thema].titel)
        all_plans.append({"onderwerp": target, "tekst": p.tekst, "meerjarenplan": p.meerjarenplan})
    synthetic = session.dataset.synthetic
    return {
        "titel": f"Woontest: wat zeggen de deelnemers in {gebied.naam}?",
        "gemeente": gebied.naam,
        "boodschappen": [{"b": m, "beeld": _data_uri(visual(m, gebied.naam, synthetic, "svg")),
                          "dia": _data_uri(visual(m, gebied.naam, synthetic, "svg-tekst")),
                          "woorden": plain.fraction_words(m.share)[0].upper() + plain.fraction_words(m.share)[1:],
                          "raster": _data_uri(waffle_svg(m.share, f"{m.percentage} van de deelnemers"))}
                         for m in messages],
        "plannen": all_plans,
        "plannen_voorbeeld": synthetic and own is session.config.plannen.voorbeeld,
        "deelname": deelname,
        "deelnemers": fmt.count(session.dataset.respondents(gebied, session.config.catalogus)),
        "synthetisch": synthetic,
        "peildatum": fmt.date(session.config.instellingen.gegevens.peildatum),
        "min_n": fmt.number(session.config.instellingen.statistiek.min_n),
        "versie": __version__,
    }


def _markdown(context: dict) -> str:
    lines = [f"# {context['titel']}", ""]
    if context["synthetisch"]:
        lines += ["> Voorbeeld met synthetische (verzonnen) cijfers, geen resultaten van de woontest.", ""]
    for item in context["boodschappen"]:
        b = item["b"]
        lines += [f"## {b.nr}. {b.label}", "", f"**Boodschap:** {b.zin}", "",
                  f"**Cijfer:** {b.percentage} van {fmt.count(b.n)} deelnemers."]
        if b.vergelijking:
            lines += ["", f"**Vergelijking:** {b.vergelijking}"]
        lines += ["", f"**Alt-tekst:** {b.alt}", "", f"**Beeld:** {b.slug}.png, {b.slug}.svg"]
        for p in b.plannen:
            lines += ["", f"**Wat doet de gemeente?** {p.tekst}" + (f" ({p.meerjarenplan})" if p.meerjarenplan else "")]
        lines.append("")
    lines += ["## Hoe lees je dit?", "",
              "De cijfers komen uit de woontest 'Thuis in de Toekomst' (2020), een open online bevraging: ze "
              "tonen wat de deelnemers antwoordden, niet wat alle inwoners denken. Een cijfer op minder dan "
              f"{context['min_n']} antwoorden tonen we niet.", ""]
    return "\n".join(lines).replace("\u00a0", " ")


def write_infographics(session: Session, gebied: Gebied, out: Path, most: int | None = None,
                       templates: Path | None = None) -> list[Path]:
    messages = choose_messages(session, gebied, most)
    if not messages:
        from .errors import NothingToPublish

        raise NothingToPublish(f"Geen infografiek voor {gebied.naam}: geen enkel cijfer heeft genoeg antwoorden "
                         f"(minstens {fmt.number(session.config.instellingen.statistiek.min_n)}) om te publiceren.")
    folder = safe_join(out, gebied.slug, "infografiek")
    synthetic = session.dataset.synthetic
    context = infographic_context(session, gebied, messages)
    # Render everything first, then write: a failure leaves the previous set untouched.
    files: dict[str, bytes] = {}
    for b in messages:
        files[f"{b.slug}.png"] = visual(b, gebied.naam, synthetic, "png")
        files[f"{b.slug}.svg"] = visual(b, gebied.naam, synthetic, "svg")
    files["affiche.pdf"] = html_to_pdf(render_html("affiche.html", context, templates), templates)
    files["presentatie.pdf"] = html_to_pdf(render_html("presentatie.html", context, templates), templates)
    files["index.html"] = render_html("infografiek.html", context, templates).encode("utf-8")
    files["teksten.md"] = _markdown(context).encode("utf-8")
    return [atomic_write(safe_join(folder, name), content) for name, content in files.items()]
