#!/usr/bin/env python3
"""Writes referentie.html: the lean reference document whose WeasyPrint time is the per-brief floor.

Same kind of content as a department brief (cover block, five key findings, ten questions each with a
bar chart, an area table and the groups as a list, running headers and page numbers, the same Lato fonts),
built the cheap way: block layout only, no flex or grid, fixed-layout tables, charts as small inline
SVGs (a handful of nodes each). The text is filler of the brief's length. Run it again only when the
brief's page count changes (benchmarks/briefs.py prints both page counts).
"""

from pathlib import Path

AREAS = [("Leuven", 54, 1495), ("Vlaams-Brabant", 34, 7571), ("Vlaanderen", 34, 38532)]
GROUPS = [("16 tot 34 jaar", 61, 489), ("35 tot 49 jaar", 52, 402), ("50 tot 64 jaar", 47, 351),
          ("65 jaar of ouder", 44, 209), ("huurder", 63, 556)]
SENTENCE = ("Deelnemers die in de stad wonen kiezen vaker voor een compacte woning dicht bij winkels, school en "
            "openbaar vervoer, terwijl wie in een dorp woont vaker een tuin en een rustige straat belangrijk vindt. ")


def chart(values: list[tuple[str, int, int]]) -> str:
    rows = []
    for i, (name, share, _) in enumerate(values):
        y = 4 + i * 16
        colour = "#005A8C" if i == 0 else "#8FA9BF"
        rows.append(f'<text x="98" y="{y + 10}" text-anchor="end" font-size="8">{name}</text>'
                    f'<rect x="102" y="{y}" width="{share * 2}" height="11" fill="{colour}"/>'
                    f'<text x="{106 + share * 2}" y="{y + 10}" font-size="8">{share} %</text>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="290" height="54" viewBox="0 0 330 54" role="img" '
            f'aria-label="{values[0][0]} {values[0][1]} %">{"".join(rows)}</svg>')


def table(head: list[str], rows: list[list[str]], caption: str) -> str:
    cells = "".join(f"<th>{h}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><caption>{caption}</caption><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>"


def question(number: int) -> str:
    areas = [(n, s - number % 3, k) for n, s, k in AREAS]
    area_rows = [[n, f"{s} %", f"{k:,}".replace(",", "."), "" if i == 0 else f"+{areas[0][1] - s},0 pp"]
                 for i, (n, s, k) in enumerate(areas)]
    group_rows = [[g, f"{s} %", str(k), f"{s - 4}–{s + 4} %", f"{s - areas[0][1]:+d} pp",
                   "ja" if abs(s - areas[0][1]) > 6 else "nee"] for g, s, k in GROUPS]
    return (f'<section class="vraag"><h3>Vraag {number}: wil een compacte woning</h3>'
            f"<p class=\"vraagtekst\">Vraag: In welk type woning zou u in de toekomst het liefst wonen?</p>"
            f'<div class="grafiek">{chart(areas)}</div>'
            + table(["Gebied", "Aandeel", "n", "Verschil"], area_rows,
                    "Aandeel dat het liefst in een rijwoning of appartement wil wonen.")
            + f"<p>{SENTENCE}</p>"
            + "<p class=\"vraagtekst\">Naar groep, in Leuven (verschil: de groep min alle deelnemers):</p><ul>"
            + "".join(f"<li>{g}: {a} (n = {k}; {i}), {d}, {b}etekenisvol</li>"
                      for g, a, k, i, d, b in ([*row[:5], "b" if row[5] == "ja" else "niet b"] for row in group_rows))
            + "</ul>"
            + "</section>")


def document() -> str:
    findings = "".join(f"<li>{54 - i} % van de deelnemers in Leuven wil het liefst in een rijwoning of appartement "
                       f"wonen (n = 1.495), tegenover 34 % in Vlaanderen: {20 - i} procentpunt meer.</li>"
                       for i in range(5))
    themes = []
    for theme in range(3):
        questions = "".join(question(theme * 4 + k + 1) for k in range(4 if theme < 2 else 2))
        themes.append(f"<h2>Thema {theme + 1}: meer mensen wonen op minder ruimte</h2><p>{SENTENCE}</p>{questions}")
    return f"""<!DOCTYPE html>
<html lang="nl-BE"><head><meta charset="utf-8"><title>Referentiedocument</title>
<link rel="stylesheet" href="referentie.css"></head>
<body>
<header class="omslag"><p class="kicker">Woontest Thuis in de Toekomst · briefing per dienst</p>
<h1>Omgeving en ruimtelijke ordening</h1><p class="ondertitel">Wat de woontest betekent voor uw dienst in Leuven</p>
<p class="kern">Gemeente <b>Leuven</b> · deelnemers <b>1.530</b> · antwoorden tot <b>31 maart 2020</b> ·
vergeleken met de provincie Vlaams-Brabant en Vlaanderen</p></header>
<section class="oogopslag"><h2>In een oogopslag</h2><ul>{findings}</ul><p>{SENTENCE}</p></section>
{"".join(themes)}
<section class="lezen"><h2>Zo leest u deze cijfers</h2><p>{SENTENCE}</p></section>
</body></html>
"""


if __name__ == "__main__":
    Path(__file__).with_name("referentie.html").write_text(document(), encoding="utf-8")
