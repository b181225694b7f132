"""Issue 27, eighteenth blind reading of the department brief: the short brief's steps on page 1 are a title
sentence and one line 'wie · wanneer · beslist'; what they take for granted is said once on page 2."""

import copy
import re

import pytest

SHORT = (("lendelede", "wonen"), ("lendelede", "ruimte"), ("spiere-helkijn", "ruimte"))
STEP_WORDS = 48   # ~45; words (tokens with a letter), the labels 'wie:', 'wanneer:', 'beslist:' and 'uw deel:' included
PAGE_ONE_WORDS = 420   # page 1 leaves visible white space (round 17's page 1 of Lendelede ruimte held 518 words)


def _steps(first: str) -> list[str]:
    """The numbered steps on page 1, each up to the next step's number or the end of its block."""
    block = first[first.index("Volgende stappen"):]
    return [m.group(0) for m in re.finditer(r"\b\d\. .+?(?= \d\. |Verder: meer te weten komen|synthetische "
                                            r"voorbeeldgegevens Pagina|$)", block)]


@pytest.mark.parametrize("gemeente,dienst", SHORT)
def test_a_step_on_page_one_of_a_short_brief_is_its_title_and_who_when_decides(samples, gemeente, dienst):
    pages = samples.brief_pages(gemeente, dienst)
    assert len(pages) == 2
    steps = _steps(pages[0])
    assert len(steps) >= 3, steps
    for step in steps:
        assert len(re.findall(r"\w*[^\W\d_]\w*", step)) <= STEP_WORDS, step
        assert " · wie: " in step and " · wanneer: " in step, step
    # the explanations went to page 2, once: no step explains a monitor, a sample or a margin
    assert "procentpunt bij" not in pages[0] and "representatief" not in pages[0]
    assert len(pages[0].split()) <= PAGE_ONE_WORDS


@pytest.mark.parametrize("gemeente,dienst", SHORT)
def test_what_the_steps_take_for_granted_is_said_once_on_page_two(samples, gemeente, dienst):
    text = " ".join(samples.brief_pages(gemeente, dienst))
    second = samples.brief_pages(gemeente, dienst)[1]
    over = second[second.index("Over deze cijfers"):]
    if gemeente == "spiere-helkijn":   # no sample survey among its steps: no margin of one either
        assert "De monitor is representatief voor wat hij meet" in over
        assert "procentpunt bij" not in text
    else:
        assert re.search(r"toevalssteekproef, zoals die van de monitor: alleen daar klopt de "
                         r"foutenmarge \(±\d+ procentpunt bij \d+ antwoorden\)", over), over
        assert text.count("procentpunt bij") == 1 and text.count("toevalssteekproef") == 1
    assert text.count("wie meedeed, koos daar zelf voor") == 1
    assert "de woontest en een eigen bevraging" in over.lower()


def test_merelbeke_melle_s_evidence_opens_with_a_finding_and_keeps_its_caveat_for_a_box_at_the_end(samples):
    """Round 18: page 2 opened with a wall of statistical caveats; now the charts come first and what the
    figures cannot show stands once, in a box after the last chart."""
    text = " ".join(samples.brief_pages("merelbeke-melle", "ruimte"))
    section = text[text.index("De cijfers achter de bevindingen"):text.index("Bijlage: alle cijfers")]
    opening = section[:section.index("Vraag:")]
    assert "niet betekenisvol van" not in opening and "toeval groter" not in opening
    box = section[section.index("Over de cijfers hierboven"):]
    assert "verschilt Merelbeke-Melle niet betekenisvol van" in box and "Vraag:" not in box
    assert section.count("niet betekenisvol van vergelijkbare gemeenten") == 1


def test_the_briefs_of_one_municipality_compute_each_department_s_page_one_once(samples, monkeypatch):
    """Review finding: `page_one` rebuilt the leading department's page 1 inside every brief (N×N in a batch). Now
    each department's own page 1 is computed once per municipality and configuration, however many briefs ask."""
    from thuis_cli.products import brief

    ws = samples.ws
    gebied = ws.municipality("leuven")
    monkeypatch.setattr(ws, "_page_ones", {})
    made: list[str] = []
    compute = brief.compute_own_page_one
    monkeypatch.setattr(brief, "compute_own_page_one",
                        lambda w, g, d: made.append(d) or compute(w, g, d))
    first = {d: brief.page_one(ws, gebied, d) for d in ("ruimte", "wonen")}
    again = {d: brief.page_one(ws, gebied, d) for d in ("ruimte", "wonen")}
    assert sorted(made) == sorted(set(made)) and {"ruimte", "wonen"} <= set(made)
    assert again == first
    # another configuration is another page 1
    monkeypatch.setattr(ws, "config", copy.copy(ws.config))
    brief.page_one(ws, gebied, "wonen")
    assert made.count("wonen") == 2


def test_a_line_not_special_for_leuven_follows_the_findings_under_its_own_label(samples):
    """Round 18: 'Ook van belang: … geen eigenheid van Leuven' stood between the numbered findings of Leuven wonen,
    against the rule that context is not a finding. It now follows the last finding, labelled as what it is."""
    first = samples.brief_pages("leuven", "wonen")[0]
    label = "Ook belangrijk voor uw dienst, maar niet eigen aan Leuven:"
    assert first.count(label) == 1 and "Ook van belang:" not in first
    numbered = [m.start() for m in re.finditer(r"\b\d\. Een (?:kleiner|groter) deel", first)]
    assert numbered and max(numbered) < first.index(label) < first.index("Over deze cijfers")
    assert "geen eigenheid van Leuven" in first[first.index(label):]
