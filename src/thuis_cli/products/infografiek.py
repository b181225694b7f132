"""Citizen infographics: key messages in plain Dutch as images, an A3 poster, 16:9 slides, a web page
and the texts for the communication department."""

from __future__ import annotations

import base64
import hashlib
import io
import math
import re
from dataclasses import dataclass, replace
from functools import cache, partial
from pathlib import Path
from typing import Annotated, Any, Callable, ClassVar, Optional, Sequence

import typer
from pydantic import BaseModel, ConfigDict, Field

from .. import __version__, beelden, fmt, plain, resources
from ..commands import (AntwoordenOpt, ConfigOpt, DataOpt, FollowUp, GemeenteOpt, KoppelingOpt, MargesOpt, OngewogenOpt,
                       SjablonenOpt, UitOpt, make_documents)
from ..config_residents import Actie, Deelname, GemeentePlannen
from ..errors import NothingToPublish
from ..gebieden import Gebied
from ..templating import macro
from .base import About, Artifact, Document, Target

ABOUT = About(
    order=20,
    help="Maak infografieken voor inwoners: beelden, een affiche (A3), dia's (16:9), een webpagina en teksten.",
    plan_help="Infografieken voor inwoners; false: geen.",
    pdf_templates=("affiche.html", "paneel.html", "presentatie.html", "infografiek.html", "teksten.md"),
    recipients="infografiek", recipients_help="Adressen voor het affiche en de dia's voor inwoners (communicatie).")


@dataclass(frozen=True)
class Referentie:
    """An area a message's figure really differs from: Flanders ('vlaanderen') or the municipality's
    comparison group ('vergelijking', with its name in a table and in a sentence)."""

    sleutel: str
    naam: str
    zin: str
    share: float
    diff: float  # the municipality's share minus this one
    woorden: plain.Fraction | None = None  # the share in words
    echt: bool = True  # a real (betekenisvol) difference; Flanders is drawn as a grey reference bar even without one
    n: float = 0  # how many answered the question in that area (the bar's base)
    oordeel: str = "betekenisvol"  # what residents are told about the gap: see `verdict`
    leden: tuple[str, ...] = ()  # a comparison group's members (its bar is named by them when 2 or 3)
    regel: str = ""  # how a comparison group's members were chosen: 'centrumsteden', 'klasse' or 'eigen'
    klasse: tuple[int, int] = (0, 0)  # 'klasse': the population bounds it was taken from (from, below; 0: open)
    provincie: str = ""  # 'klasse': the province its members lie in ('West-Vlaanderen')


def verdict(share: float, other: float, real: bool, min_pp: float) -> str:
    """The one comparison rule of every resident text (docs/methode.md, 'Hoe leest u dit?'), on the
    printed percentages: a betekenisvol gap is said ('betekenisvol': 'meer dan in Vlaanderen'); a gap
    under the least difference that counts (`min_pp`) is no difference ('gelijk': 'ongeveer evenveel als
    in Vlaanderen', no caveat); a larger gap that is not betekenisvol (few answers) only seems one
    ('onzeker': 'lijkt lager ..., maar met 30 antwoorden is dat niet zeker')."""
    if real:
        return "betekenisvol"
    return "gelijk" if fmt.gap(share, other).below(min_pp) else "onzeker"


FEW = 0.25  # under a quarter of the participants is 'weinig deelnemers' beside a plan that brings their choice
SMALL_N = 100  # under this many answers a resident reads a count ('4 van de 31'): a share of few people misleads


@dataclass(frozen=True)
class Boodschap:
    """One message for residents: the numbers and what the sentence needs, no words of its own."""

    nr: int
    indicator: str
    label: str
    thema: str
    gemeente: str
    share: float
    n: float
    zin_inwoners: str  # the indicator's resident phrase: 'wonen liever in ...'
    woorden: plain.Fraction
    verschil_vlaanderen: float | None  # only a real difference with Flanders
    woorden_vlaanderen: plain.Fraction | None
    plannen: tuple[Actie, ...]
    opvallend: bool
    kop_inwoners: str = ""  # the headline's phrase, verb first: 'willen compacter wonen'
    share_vlaanderen: float | None = None  # Flanders' share, only with a real difference
    thema_id: str = ""
    referenties: tuple[Referentie, ...] = ()  # Flanders, then the comparison group: only a real difference
    vlaanderen: Referentie | None = None  # Flanders always (the grey reference bar), `echt` with a real difference
    groep: Referentie | None = None  # the comparison group always (its bar), `echt` with a real difference
    andere_kant: str = ""  # a two-sided choice: what the other side chooses ('kiezen een rustige buurt')
    kern_kort: str = ""  # and the headline's own side, short after it ('kiezen meer groen')
    andere_share: float = 0.0  # the share of the other side's answers (the middle answer on neither side)
    andere_shares: tuple[tuple[str, float], ...] = ()  # that side's share in each reference area, by key
    min_pp: float = 0.0  # the least difference that counts (the one rule, `verdict`)
    anderen: str = ""  # what those on neither side chose ('kiezen een andere woonvorm'); '': no preference

    @property
    def andere_kant_groter(self) -> bool:
        """A two-sided choice where more participants chose the other side: every headline says that
        side first ('De meeste deelnemers (18 van de 30) kiezen een parkeerplaats ...; 7 kiezen meer
        groen'), so a minority's choice never reads as what residents want."""
        return bool(self.andere_kant) and self.andere_share > self.share

    @property
    def getoond_share(self) -> float:
        """The share the big number and the municipality's bar show: the side the headline states first
        (the other side where more chose it, `andere_kant_groter`), so number, bar and headline agree."""
        return self.andere_share if self.andere_kant_groter else self.share

    @property
    def getoond_aantal(self) -> int:
        return self.andere_aantal if self.andere_kant_groter else self.aantal

    @property
    def getoond_percentage(self) -> str:
        return fmt.pct(self.getoond_share)

    def getoond_in(self, r: Referentie) -> float:
        """A reference area's share on the side the bars show (`getoond_share`)."""
        return dict(self.andere_shares).get(r.sleutel, r.share) if self.andere_kant_groter else r.share

    def getoond_vergelijk(self, refs: Sequence[Referentie] | None = None) -> tuple[Referentie, ...]:
        """The bars drawn beside the municipality's (`refs`, default `vergelijk`) on the side they show
        (`getoond_in`), each with its verdict by the one rule (`verdict`) on the drawn shares: a real
        difference where the question's own difference is real and this side's gap counts too
        ('52 % kiezen een rustige buurt: minder dan in Vlaanderen'), so the sentence under the bars is
        about what they draw."""
        out = []
        for r in (self.vergelijk if refs is None else refs):
            s = self.getoond_in(r)
            real = r.echt and not fmt.gap(self.getoond_share, s).below(self.min_pp)
            out.append(replace(r, share=s, diff=self.getoond_share - s, woorden=plain.fraction(s), echt=real,
                               oordeel=verdict(self.getoond_share, s, real, self.min_pp)))
        return tuple(out)

    @property
    def plan_tegen(self) -> bool:
        """A plan beside it goes the way few participants chose (under `FEW`): what the plan brings was
        the core answer and few gave it, or the plan goes the other way and few chose that side; never
        where the share is about Flanders' (the one rule's 'gelijk': 23 % beside 22 % is not few). The
        material says so plainly and asks what residents think (`plan_tegen` in _zinnen.html)."""
        if self.oordeel == "gelijk":  # about as many as in Flanders: not 'few', whatever the share
            return False
        return any(self.share < FEW if p.voor_kernantwoord else
                   (self.andere_share < FEW if self.andere_kant else 1 - self.share < FEW) for p in self.plannen)

    @property
    def andere_aantal(self) -> int:
        return int(fmt.round_half_away(self.andere_share * self.n))

    @property
    def andere_woorden(self) -> plain.Fraction:
        return plain.fraction(self.andere_share)

    @property
    def oordeel(self) -> str | None:
        """How Flanders compares, by the one rule (`verdict`); None without a Flanders figure."""
        return self.vlaanderen.oordeel if self.vlaanderen is not None else None

    @property
    def hoofdvergelijking(self) -> Referentie | None:
        """The comparison a headline states first: the comparison group (a municipality's primary
        comparison where it has one, findings.PRIMARY_ORDER) when it really differs, else Flanders when
        that does; the bars show the rest. (Round 16b: Leuven's headline led with 'meer dan in
        Vlaanderen' while its primary comparison, Gent and Kortrijk, was about the same.)"""
        real = {r.sleutel: r for r in self.referenties}
        return real.get("vergelijking") or (self.referenties[0] if self.referenties else None)

    @property
    def kop_ook(self) -> Referentie | None:
        """The primary comparison a headline that states Flanders names beside it when that group is
        about the same by the one rule ('meer dan in Vlaanderen, ongeveer evenveel als in Gent en
        Kortrijk'), so a headline never claims only the flattering comparison; None otherwise (a choice
        most made the other way says its comparison under the bars)."""
        first, group = self.hoofdvergelijking, self.groep
        if first is None or first.sleutel != "vlaanderen" or group is None or self.andere_kant_groter:
            return None
        return group if not group.echt and group.oordeel == "gelijk" else None

    @property
    def klein(self) -> bool:
        """Few participants answered: the texts give a count ('4 van de 31 deelnemers'), not a share."""
        return self.n < SMALL_N

    @property
    def aantal(self) -> int:
        """How many of the participants who answered: the share of n, rounded."""
        return int(fmt.round_half_away(self.share * self.n))

    @property
    def vergelijk(self) -> tuple[Referentie, ...]:
        """The areas drawn beside the municipality: Flanders, then the comparison group, whenever they have
        a figure, so that every block of every medium (poster, panels, slides, images, page) draws the
        same comparison set (the headline only says the real differences, `referenties`)."""
        real = {r.sleutel: r for r in self.referenties}
        return tuple(r for r in (real.get("vlaanderen", self.vlaanderen), real.get("vergelijking", self.groep))
                     if r is not None)

    def onuitgesproken(self, refs: Sequence[Referentie] | None = None) -> tuple[Referentie, ...]:
        """The comparison group's bar among `refs` (default `vergelijk`) where the headline does not state
        it (no real difference): the sentence under the bars names it by the one rule ('Ongeveer even
        veel als in Gent en Kortrijk.')."""
        real = {r.sleutel for r in self.referenties} | ({"vergelijking"} if self.kop_ook else set())
        return tuple(r for r in (self.vergelijk if refs is None else refs)
                     if r.sleutel != "vlaanderen" and r.sleutel not in real)

    @property
    def percentage(self) -> str:
        return fmt.pct(self.share)

    @property
    def slug(self) -> str:
        return f"boodschap-{self.nr}-{self.indicator.replace('_', '-')}"


def plans_for(ws, gebied: Gebied) -> GemeentePlannen | None:
    """The municipality's own plans (by slug or NIS), else the example plans with the sample data."""
    plannen = ws.config.plannen
    for key in (gebied.slug, gebied.nis):
        if key in plannen.gemeenten:
            return plannen.gemeenten[key]
    return example_plans(plannen.voorbeeld, gebied) if ws.dataset.synthetic and plannen.voorbeeld else None


def example_plans(voorbeeld: GemeentePlannen, gebied: Gebied) -> GemeentePlannen:
    """The example plans for one municipality: of the example plans that answer the same indicators
    (variants), the one its NIS code picks, so that two municipalities of the sample data seldom show the
    same plan; their order and the call stay those of the file."""
    variants: dict[tuple, list[Actie]] = {}
    for plan in voorbeeld.plannen:
        variants.setdefault((plan.indicatoren, plan.thema), []).append(plan)
    pick = int(re.sub(r"\D", "", gebied.nis) or 0)
    chosen = [group[pick % len(group)] for group in variants.values()]
    return voorbeeld.model_copy(update={"plannen": chosen, "deelname": example_call(voorbeeld.deelname, gebied)})


def example_marked(plannen: GemeentePlannen) -> bool:
    """The plans are examples: plannen.yaml marks a plan so with '(voorbeeld)' in its text (the one rule
    for the page's banner, the slides' and the poster's small print)."""
    return any("(voorbeeld)" in p.tekst for p in plannen.plannen)


def example_call(deelname: Deelname | None, gebied: Gebied) -> Deelname | None:
    """The example call with the municipality's name in its addresses ('{gemeente}' in plannen.yaml:
    'wonen@{gemeente}.example' becomes 'wonen@lendelede.example'), so a sample address reads as the
    municipality's and, ending in .example, reaches no real one."""
    if deelname is None:
        return None
    name = gebied.slug

    def fill(text: str | None) -> str | None:
        return text.replace("{gemeente}", name) if text else text

    evening = deelname.infoavond
    if evening is not None:
        evening = evening.model_copy(update={"link": fill(evening.link)})
    return deelname.model_copy(update={"platform": fill(deelname.platform), "contact": fill(deelname.contact),
                                       "infoavond": evening})


def choose_messages(ws, gebied: Gebied, most: int | None = None) -> list[Boodschap]:
    """Where the municipality stands out first, then (if configured) the other candidates; never a
    suppressed figure, never more than `most`."""
    config = ws.config
    rules = config.infografiek
    most = most or rules.max
    area = ws.area(gebied)
    candidates = [config.catalogus.by_id[i] for i in rules.kandidaten]
    scope = area.document_scope(candidates, rules.signalen, references=("vlaanderen",))
    found = scope.signals()
    ranked = list(dict.fromkeys(f.indicator for f in found))
    if rules.aanvullen:
        ranked += [i.id for i in candidates if i.id not in ranked]
    flanders = area.reference("vlaanderen")
    min_pp = config.instellingen.statistiek.min_verschil_pp
    references = {key: ref for key in ("vlaanderen", "vergelijking") if (ref := area.reference(key)) is not None}
    own_plans = plans_for(ws, gebied)
    messages: list[Boodschap] = []
    for ind_id in ranked:
        ind = config.catalogus.by_id[ind_id]
        fig = area.figure(ind_id)
        if fig is None or fig.suppressed:
            continue
        if any(same_message(m, ind.thema, fig.share) for m in messages):
            continue  # two messages that say the same: the resident reads it once
        cmp = scope.versus(ind_id, "vlaanderen")
        shown, group = [], None
        for key, ref in references.items():
            other, versus = ref.figure(ind_id), area.versus(ind_id, key)
            if other is None or other.suppressed:
                continue
            diff = versus.diff if versus.real else fig.share - other.share
            found_ref = Referentie(key, ref.gebied.naam, ref.gebied.in_zin, other.share, diff,
                                   plain.fraction(other.share), echt=bool(versus.real), n=other.n,
                                   oordeel=verdict(fig.share, other.share, bool(versus.real), min_pp),
                                   leden=tuple(sorted(g.naam for g in getattr(ref.gebied, "members", ()))),
                                   regel=getattr(ref.gebied, "regel", ""), klasse=getattr(ref.gebied, "klasse", (0, 0)),
                                   provincie=_province_name(ws, ref.gebied))
            if versus.real:
                shown.append(found_ref)
            elif key == "vergelijking":
                group = found_ref  # drawn beside the others, not said
        found_m = Boodschap(
            nr=len(messages) + 1, indicator=ind_id, label=ind.label,
            thema=config.catalogus.themas[ind.thema].titel, gemeente=gebied.naam, share=fig.share, n=fig.n,
            zin_inwoners=ind.zin_inwoners or ind.kernlabel, woorden=plain.fraction(fig.share),
            verschil_vlaanderen=cmp.diff if cmp.real else None,
            woorden_vlaanderen=plain.fraction(flanders.figure(ind_id).share) if cmp.real else None,
            plannen=(), opvallend=ind_id in {f.indicator for f in found},
            kop_inwoners=rules.koppen.get(ind_id, ""),
            share_vlaanderen=flanders.figure(ind_id).share if cmp.real else None,
            thema_id=ind.thema, referenties=tuple(shown), min_pp=min_pp,
            vlaanderen=_flanders(flanders, ind_id, fig.share, cmp, min_pp), groep=group,
            **_other_side(area, ind, rules.afwegingen.get(ind_id), fig.n, references))
        rival = next((i for i, m in enumerate(messages) if same_topic(m, found_m)), None)
        if rival is not None:  # one message per topic: the clearer finding, in the other's place
            if strength(found_m) > strength(messages[rival]):
                messages[rival] = replace(found_m, nr=messages[rival].nr)
            continue
        messages.append(found_m)
        if len(messages) == most:
            break
    pairing = pair_plans([(m.indicator, m.thema_id) for m in messages], own_plans.plannen if own_plans else [])
    # the municipality's one ranked list: every medium takes from it in this order (`by_importance`), and
    # the numbers (the images' file names) follow it
    ranked = by_importance([replace(m, plannen=pairing[m.indicator]) for m in messages]) if messages else []
    return [replace(m, nr=i) for i, m in enumerate(ranked, 1)]


def _province_name(ws, gebied) -> str:
    """The name of the province an area lies in ('West-Vlaanderen'), '' where it has none."""
    nis = getattr(gebied, "provincie", None)
    try:
        return re.sub(r"^[Pp]rovincie ", "", ws.gebieden.get(nis).naam) if nis else ""
    except KeyError:
        return ""


def _other_side(area, ind, afweging, n: float, references: dict | None = None) -> dict[str, Any]:
    """A two-sided choice's other side (infografiek.yaml 'afwegingen'): its words and the share of the
    answers on that side (the pole's half of the answers; a middle answer is neither side), here and in
    each reference area (the bars of the side the headline states first)."""
    if afweging is None or not n or (ind.soort != "afweging" and not afweging.antwoorden):
        return {}
    ids = list(ind.answer_ids)
    half = len(ids) // 2
    left, right = ids[:half], ids[len(ids) - half:]
    # a question of more answers: the other side's answers as configured ('vrijstaand', 'halfopen')
    other = list(afweging.antwoorden) or (left if set(ind.kern) <= set(right) else right)

    def share(a) -> float | None:
        counts = a.answer_counts(ind.id)
        total = sum(float(c) for c in counts.values())
        return sum(float(counts.get(x, 0)) for x in other) / total if total else None

    counts = area.answer_counts(ind.id)
    theirs = tuple((key, s) for key, ref in (references or {}).items() if (s := share(ref)) is not None)
    return {"andere_kant": afweging.andere_kant, "kern_kort": afweging.kern_kort, "anderen": afweging.anderen,
            "andere_share": sum(float(counts.get(a, 0)) for a in other) / n, "andere_shares": theirs}


def same_topic(a: Boodschap, b: Boodschap) -> bool:
    """Whether two messages of one theme are about one subject: a two-sided choice whose own side names
    what the other message's headline says ('kiezen meer groen' beside 'willen meer groen in de buurt').
    A resident reads '18 van de 31 willen meer groen' beside '7 kiezen meer groen' as a contradiction, so
    only one of them reaches resident material (`choose_messages` keeps the clearer finding, `strength`)."""
    if a.thema_id != b.thema_id:
        return False
    for m, o in ((a, b), (b, a)):
        if m.andere_kant and m.kern_kort and m.kern_kort.split(" ", 1)[-1] in (o.kop_inwoners or o.zin_inwoners):
            return True
    return False


def pair_plans(indicators: list[tuple[str, str]], plans: list[Actie]) -> dict[str, tuple[Actie, ...]]:
    """The one pairing of plans with messages (`indicators`: each message's indicator and theme) that
    every medium shows (poster, panels, slides, page, texts): a plan stands beside a message only when it
    names the message's indicator and belongs to its theme (a plan without a theme: to any), and beside
    the first such message only (in the order the messages were chosen), so the same message carries the
    same plan everywhere and no plan answers two findings. A plan that answers none of them goes on the
    closing list."""
    taken: set[int] = set()
    pairing: dict[str, tuple[Actie, ...]] = {}
    for ind_id, thema in indicators:
        pairing[ind_id] = tuple(p for p in plans if ind_id in p.indicatoren and p.thema in (None, thema)
                                and id(p) not in taken)
        taken.update(id(p) for p in pairing[ind_id])
    return pairing


def same_message(chosen: Boodschap, thema: str, share: float) -> bool:
    """Whether a candidate says what a chosen message says: the same theme and the same printed share
    ('4 van de 31 willen in een rijwoning wonen' and '4 van de 30 willen in het centrum wonen' read as one
    finding twice)."""
    return chosen.thema_id == thema and fmt.pct(chosen.share) == fmt.pct(share)


def _flanders(flanders, ind_id: str, share: float, cmp, min_pp: float) -> Referentie | None:
    other = flanders.figure(ind_id) if flanders is not None else None
    if other is None or other.suppressed:
        return None
    return Referentie("vlaanderen", flanders.gebied.naam, flanders.gebied.in_zin, other.share, share - other.share,
                      plain.fraction(other.share), echt=bool(cmp.real), n=other.n,
                      oordeel=verdict(share, other.share, bool(cmp.real), min_pp))


def _data_uri(svg: bytes) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def _say(templates: Path | None, template: str = "_zinnen.html"):
    def say(name: str, *args) -> str:
        return macro(template, name, *args, user_templates=templates)
    return say


WORDS = "woorden/beelden.html"  # the titles and names of the citizen material (not sentences)


def bars_of(b: Boodschap, templates: Path | None = None, kort: bool = False,
            refs: tuple[Referentie, ...] | None = None, basis: bool = True) -> tuple[beelden.Staaf, ...]:
    """The message's bars: the municipality's, then Flanders and the comparison group, named by the
    templates (`kort`: an image or a slide, where a group is named by its members only; without `basis`
    a reference's bar gives no count: an image, whose post text gives them)."""
    word = _say(templates, WORDS)
    pct = b.getoond_percentage
    own = pct if not b.klein else f"{b.getoond_aantal}\u00a0van\u00a0de\u00a0{fmt.count(b.n)} ({pct})"
    return (beelden.Staaf(word("staaf_gemeente", b.gemeente), b.getoond_share, own, eigen=True),
            *(beelden.Staaf(word("staaf_referentie", r, kort), b.getoond_in(r), fmt.pct(b.getoond_in(r)),
                            soort=r.sleutel,
                            basis=word("staaf_basis", fmt.count(r.n)) if r.n and basis else "")
              for r in (b.vergelijk if refs is None else refs)))


IMAGE_WORDS = 70  # an image in a feed is read at a glance: at most this many words on it (a plan of
# twenty words and the sample label included: the plan line always stands)


def image_words(text: str) -> int:
    """The words a reader reads on an image: every token with a letter ('54 %' and '1.495' are read as
    figures, not counted)."""
    return sum(bool(re.search(r"[^\W\d_]", token)) for token in text.split())


def image_plan(b: Boodschap, templates: Path | None = None, stad: bool = False) -> str:
    """An image's one 'Wat doet de gemeente?' line: the plan's text, with 'Dat is niet wat de meeste
    deelnemers kozen.' after a plan against the choice and its reason in short right after it
    (`plan_tegen_kort`; round 17a: without it the line read as the municipality ignoring residents), or
    'Nog geen plan. Wat vindt u?'. Every image has it, in the same place."""
    say, word = _say(templates), _say(templates, WORDS)
    return word("wat_doet_de_gemeente", stad) + " " + (
        b.plannen[0].tekst.strip() + say("plan_tegen_kort", b) if b.plannen else say("geen_plan", stad, True))


def image_of(b: Boodschap, synthetic: bool, templates: Path | None, jaar: int = 2020,
             link: str | None = None, deelname=None, deelnemers: str | None = None,
             stad: bool = False, korte_voet: bool | None = None) -> beelden.Beeld:
    """The message's image, read at a glance in a feed: at most IMAGE_WORDS words (`image_words`), in
    one fixed order: its finding as the headline, the bars with the municipality's number and its n, one
    sentence on what it is compared with (`image_sentence`: every bar by the one rule with its figure,
    and why a gap that only seems one is not certain, in the same sentence), one 'Wat doet de
    gemeente?' line (`image_plan`), where to react, and the sender and the source (`beeld_voet`). Every
    image has that sentence (round 16: images without one, or with only 'Het verschil kan toeval zijn.',
    left readers asking what it was compared with); room is made by the headline of a choice most made
    the other way saying only that side, then by leaving out who chose neither side, then by the
    municipality's bar giving its share alone where the headline gives the count. The rest (the caveat,
    the plan's full reason, the evening) is the post text beside it (teksten.md `beeld_bericht`).
    `deelnemers` and `korte_voet` are kept for callers; the post text names who took part."""
    say, word = _say(templates), _say(templates, WORDS)
    image = beelden.Beeld(b.getoond_share, word("beeld_kop", b), b.getoond_percentage,
                          say("boodschap_cijfer", b), say("boodschap_vergelijking", b), "",
                          word("beeld_voet", word("afzender", b.gemeente, stad), jaar, synthetic), "",
                          bars_of(b, templates, kort=True, refs=b.vergelijk, basis=False),
                          word("beeld_reageer", deelname, link) if deelname else "",
                          image_plan(b, templates, stad))

    def count(i: beelden.Beeld) -> int:
        return sum(image_words(t) for t in (i.kop, i.cijfer, i.zin, i.voet, i.oproep, i.plan,
                                              *(st.tekst for st in i.staven)))

    sentences = image_sentences(b, templates)
    if count(replace(image, zin=sentences[0])) > IMAGE_WORDS:  # what most chose, without the other side's count
        image = replace(image, kop=word("beeld_kop", b, True))
    # still over (round 17a: a plan against the choice with its reason): the municipality's bar gives its
    # share alone where the headline already gives the count ('26 van de 31 deelnemers willen ...' over
    # 'Lendelede: 84 %'): the count is said once
    if count(replace(image, zin=sentences[-1])) > IMAGE_WORDS and b.klein and f"van de {fmt.count(b.n)}" in image.kop:
        image = replace(image, staven=(replace(image.staven[0], waarde=b.getoond_percentage), *image.staven[1:]))
    # still over (round 18: the plan's reason in the same 'De gemeente kiest hiervoor omdat ...' sentence as the
    # page): where the headline gives the count, the sentence's doubt goes without it
    if b.klein and f"van de {fmt.count(b.n)}" in image.kop and (short := say("beeld_vergelijking_kort", b,
                                                                              b.getoond_vergelijk())):
        sentences = (*sentences, short)
    return replace(image, zin=next((s for s in sentences if count(replace(image, zin=s)) <= IMAGE_WORDS),
                                   sentences[-1]))


def image_sentences(b: Boodschap, templates: Path | None = None) -> tuple[str, ...]:
    """An image's sentence under its bars, longest first: what each bar is compared with, with its
    figure and where needed why the gap is not certain (`beeld_vergelijking` in _zinnen.html), then who
    chose neither side of a choice most made the other way (as the card says it), where that fits."""
    say = _say(templates)
    sentence = say("beeld_vergelijking", b, b.getoond_vergelijk())
    if not b.andere_kant_groter:
        return (sentence,)
    neither = say("kant_vergelijking", b, b.getoond_vergelijk(), True).partition(". ")[2]
    return (f"{sentence} {neither}", sentence) if neither else (sentence,)


def short_footnotes(messages: Sequence[Boodschap], templates: Path | None = None) -> bool:
    """One footnote under every image of a series: the short one ('31 inwoners deden in 2020 mee.') on
    all when any image's sentence explains its 'lijkt' and needs the room, else the full caveat on all."""
    return any(explained(m, s := card_sentence(m, False, templates, m.vergelijk), templates) != s
               for m in messages)


def with_doubt(sentence: str, messages: Sequence[Boodschap], templates: Path | None = None) -> str:
    """A sentence under bars that stands alone (an image, a panel) with its medium's one doubt after it
    (`twijfel`), when its bars only seem to differ somewhere (`doubtful`)."""
    doubt = _say(templates)("twijfel", any(m.klein for m in messages)) if doubtful(messages) else ""
    return " ".join(t for t in (sentence, doubt) if t)


def explained(m: Boodschap, sentence: str, templates: Path | None = None) -> str:
    """A slide's or an image's sentence under the bars with what 'lijkt' means right after it, once,
    when it says 'lijkt' (`lijkt_uitleg`): the rule is read where the word is, not in the small print."""
    if not re.search(r"\blijkt\b", sentence):
        return sentence
    return f"{sentence} {_say(templates)('lijkt_uitleg')}"


def slide_of(b: Boodschap, templates: Path | None = None) -> beelden.Dia:
    """A slide's chart: the page's and the panel's bars (`vergelijk`: Flanders and the comparison group),
    its headline kept short enough to leave them room (`slide_heading`)."""
    return beelden.Dia(b.getoond_share, b.getoond_percentage, _say(templates)("boodschap_cijfer", b),
                       bars_of(b, templates, kort=True, refs=b.vergelijk))


def _flat(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


SLIDE_HEADING_LINES = 2  # a slide's headline at 32 pt: at most two lines, read from the back of the room


def slide_heading(m: Boodschap, kop: str, zin: str, templates: Path | None = None) -> tuple[str, str]:
    """A message slide's headline and the sentence under its chart: the first, of ever shorter
    headlines, that stays within two lines at 32 pt (`SLIDE_HEADING_LINES`) and leaves its chart and
    sentence room on the slide: the finding's full headline (`kop`) with its sentence (`zin`, naming
    the bars it does not say), else the poster card's heading, the panel's ('54 % wil ...') or what the
    bars measure ('In een rijwoning of appartement wonen'), each with the card's
    sentence naming every bar it draws."""
    bars = 1 + len(m.vergelijk)
    card = explained(m, card_sentence(m, False, templates, m.vergelijk), templates)
    zin = explained(m, zin, templates)
    options = [(kop, zin), (card_heading(m, False, templates), card),
               (_say(templates)("paneel_kop", m), card), (_say(templates, WORDS)("dia_kop", m), card),
               (_say(templates, WORDS)("onderwerp", m), card),
               (_say(templates, WORDS)("onderwerp_kort", m), card)]
    # every headline but the last gives the finding's one headline number, as every other medium does
    # ('54 % wil ...', with few answers '20 van de 30 willen ...'; _zinnen.html 'wie'), so a slide never
    # says a share in other words than the poster, the panel, the image and the page
    for heading, sentence in options:
        # each headline with its full sentence, else without who chose neither side ('5 van de 30 hebben
        # geen voorkeur.': the plan's slide right after it says both sides' counts), so the explanation
        # of 'lijkt' (`explained`) never costs a slide its count in the title
        # (or who chose another answer: '1 van de 31 kiest een andere woonvorm.')
        neither = re.escape(m.anderen.split(" ", 1)[-1]) if m.anderen else "geen voorkeur"
        for said in dict.fromkeys((sentence, re.sub(rf" [^.]* (?:hebben|heeft|\w+) {neither}\.", "", sentence))):
            if (_lines(heading, SLIDE_MM["heading_pt"], SLIDE_MM["width"], bold=True) <= SLIDE_HEADING_LINES
                    and fits_a_slide(heading, bars, "", False, said)):
                return heading, said
    return options[-1]


def key_message(messages: list[Boodschap]) -> Boodschap:
    """The message that leads (the poster's title and first card, the first slide, the page's title, the
    first image): the strongest meaningful difference, by the rule of the panels (`strongest`). Where the
    one rule (`verdict`) calls no difference meaningful (a small municipality, n about 30), what is certain
    leads: what most participants chose (the largest share its bars show), as a plain fact about the
    participants with no comparison claim (woorden/beelden.html 'kernboodschap'); a doubt is said once
    per medium (`twijfel`), never as the lead. Of those, a message where the municipality's plan goes
    against what participants chose (`plan_tegen`) comes first, because that is what residents should
    react to ('De meeste deelnemers (18 van de 30) kiezen een parkeerplaats aan de deur' beside a plan for
    more green); only without one the largest choice."""
    if any(m.referenties for m in messages):
        return strongest(messages)
    against = [m for m in messages if m.plan_tegen]
    return max(against or messages, key=lambda m: (m.getoond_share, -m.nr))


def doubtful(messages: Sequence[Boodschap]) -> bool:
    """A medium showing these messages says once that a gap may be chance (`twijfel` in _zinnen.html):
    when one of its bars only seems to differ (the one rule's 'onzeker', said 'lijkt meer')."""
    return any(r.oordeel == "onzeker" for m in messages for r in (*m.vergelijk, *m.getoond_vergelijk()))


# How much of an A3 poster (mm of height) its parts take, from the sizes templates/affiche.html sets
# (change them with the template): 398 mm inside the margins and 267 mm wide; the line above (24 pt, its
# lines counted) and the title (56 pt, or 50 or 44 when that leaves room for one more card); the
# footnote; a card: its rule and spacing, its heading (36 pt bold), a bar line per bar (24 pt and the
# bar; the municipality's number 1.35 times that), its plan (24 pt, 10 mm of padding and rule) or
# sentence. Lines are counted by wrapping the words with the font's own widths. The call box: its border
# and padding across and down (chrome), the gap to the QR code, its sizes and its paragraphs' line
# heights and the space under them.
# The gap above the call box and above the footnote is fixed (`call_gap`); the footnote (13 pt, line
# height 1.3) is reserved at the seven lines the samples' longest takes on the page (round 17c: 30 mm
# left Lendelede's plan box touching the call box).
POSTER_GAP_MM = 6
POSTER_FOOT_LINES = 7
POSTER_MM: dict[str, Any] = {
    "room": 398, "width": 267, "line_above": 10.2, "gaps_above": 2, "card": 18, "call_gap": POSTER_GAP_MM,
    "foot": POSTER_GAP_MM + POSTER_FOOT_LINES * 13 * 1.3 * 25.4 / 72,
    "heading_pt": 36, "heading_lead": 1.08, "bar": 13.3, "text_pt": 24, "text_lead": 1.2,
    "plan_inset": 10, "plan_pad": 4, "doubt_pt": 30, "card_gap": 8,
    "oproep": {"width": 267, "chrome_w": 14.8, "chrome_h": 14.8, "gap": 8, "big_pt": 36, "small_pt": 24,
               "adres_rechts": 6, "qr_mm": 52, "label_small": True,
               "p": {"vraag": (1.05, 2), "wanneer": (1.1, 0), "waar": (1.2, 3)}}}
PT_MM = 25.4 / 72
SLIDE_PLANS_AFTER = 2  # a finding's plans on the slide right after it: two at 28 pt fit one slide


@cache
def _font(bold: bool, pt: float):
    from PIL import ImageFont

    name = "Lato-Bold.ttf" if bold else "Lato-Regular.ttf"
    return ImageFont.truetype(str(resources.fonts_dir() / name), size=round(pt * 10))


def _lines(text: str, pt: float, width_mm: float, bold: bool = False) -> int:
    """How many lines `text` takes at `pt` in Lato over `width_mm`, wrapped at spaces."""
    font, room = _font(bold, pt), width_mm / PT_MM * 10  # the font at 10x, in tenths of a point
    lines, current = 1, ""
    for word in text.split():
        attempt = f"{current} {word}" if current else word
        if current and font.getlength(attempt) > room:
            lines, current = lines + 1, word
        else:
            current = attempt
    return lines


POSTER_TITLE_PT = (56, 50, 44)  # the key message's sizes, largest first; never below 44 pt


POSTER_TITLE_LINES = 3  # read at a glance from 2 m


def poster_title(key: Boodschap, templates: Path | None = None) -> tuple[bool, tuple[float, ...]]:
    """Whether the poster's title says how the key message compares, and the sizes (POSTER_TITLE_PT) at
    which it then takes at most POSTER_TITLE_LINES lines: with the comparison where any size allows that,
    else without it (the first card's sentence under the bars says it, `card_sentence`)."""
    word = _say(templates, WORDS)
    # (a title that states no difference has no comparison to leave out)
    for compares in ((True, False) if key.referenties else (True,)):
        title = word("kernboodschap", key, compares)
        sizes = tuple(pt for pt in POSTER_TITLE_PT
                      if _lines(title, pt, POSTER_MM["width"], bold=True) <= POSTER_TITLE_LINES)
        if sizes:
            return compares, sizes
    return not key.referenties, POSTER_TITLE_PT[-1:]


def _title_mm(title: str, line_above: str, pt: float = 56, doubt: str = "") -> float:
    """The line above (`line_above`: about its text, to count its lines), the title and the smaller line
    of doubt under it (`doubt`, kernboodschap_twijfel)."""
    mm = POSTER_MM
    above = mm["line_above"] * _lines(line_above, mm["text_pt"], mm["width"]) + mm["gaps_above"] if line_above else 0
    under = (_lines(doubt, mm["doubt_pt"], mm["width"]) * mm["doubt_pt"] * 1.15 * PT_MM + 3) if doubt else 0
    return above + _lines(title, pt, mm["width"], bold=True) * pt * 1.02 * PT_MM + under


def _card_mm(m: Boodschap, heading: str, text: str, plan: bool, scale: float = 1.0, zin: str = "") -> float:
    """A poster card's height with its texts and bars `scale` times their least size: the heading, the
    bars, the comparison's sentence (`zin`, when the headline does not say it) and the plan or nothing."""
    mm = POSTER_MM
    width = mm["width"] - (mm["plan_inset"] if plan else 0)
    heading_pt, text_pt = mm["heading_pt"] * scale, mm["text_pt"] * scale
    return (mm["card"] + (_lines(heading, heading_pt, mm["width"], bold=True) if heading else 0) * heading_pt
            * mm["heading_lead"] * PT_MM + mm["bar"] * scale * (1 + len(m.vergelijk))
            + (_lines(text, text_pt, width) * text_pt * mm["text_lead"] * PT_MM if text else 0)
            + (_lines(zin, text_pt, mm["width"]) * text_pt * mm["text_lead"] * PT_MM + 2 if zin and plan else 0)
            + (mm["plan_pad"] if plan else 0))


LARGEST_SCALE = 1.6  # texts and bars grow into a page's spare room up to this many times their least size
FILL = 0.94  # of the room the estimate may fill: the rest is spread between the blocks (never a hole)


def fill_scale(height_at: Callable[[float], float], room_mm: float, largest: float = LARGEST_SCALE) -> float:
    """The largest scale (1 to `largest`, in steps of 0.05) at which the content (its height in mm at a
    scale: `height_at`) takes at most FILL of `room_mm`: a page with few figures gets larger texts and
    bars instead of a hole under its last block."""
    best = 1.0
    for step in range(1, round((largest - 1) / 0.05) + 1):
        scale = 1 + step * 0.05
        if height_at(scale) > FILL * room_mm:
            break
        best = scale
    return best


# A message slide (templates/presentatie.html; 254 x 142.9 mm): 122 mm of content, of which the source
# line at the foot keeps 8; the headline (32 pt bold, 1.1: clearly above the bars' labels), the chart
# (beelden.slide_chart_mm), and the plan (24 pt in a box, 'Wat doet de gemeente?' in front) or the
# sentence (24 pt), over 226 mm.
SLIDE_MM: dict[str, Any] = {
    "room": 114, "width": 226, "heading_pt": 32, "heading_lead": 1.1, "heading_gap": 3, "chart_gap": 3,
    "text_pt": 24, "text_lead": 1.25, "plan_pad": 6, "plan_inset": 10, "text_gap": 4}


# The closing slide (presentatie.html '.slot'): its heading (32 pt, one line) over the text column beside the
# QR code (52 mm, its caption under it at 24 pt bold), the 'Daarna' line at 26 pt bold, the rest at 24 pt;
# it keeps a margin above the source line as the message slides do.
CLOSING_MM: dict[str, Any] = {"room": SLIDE_MM["room"] - 3, "heading": 32 * 1.1 * 25.4 / 72 + 3,
                              "text_w": SLIDE_MM["width"] - 52 - 8, "qr": 52, "caption_pt": 24, "gap": 2.5}


def closing_slide_mm(html: str, caption: str | None) -> float:
    """The closing slide's content height: its heading, then the taller of the text beside the code (its
    paragraphs as zin.slot_tekst writes them, `html`) and the code with its caption (None: no code)."""
    mm = CLOSING_MM
    column = 0.0
    for cls, inner in re.findall(r'<p(?: class="(\w+)")?>(.*?)</p>', html, re.S):
        pt, lead, bold = (26, 1.1, True) if cls == "vraag" else (24, 1.25, False)
        column += _lines(plain_text(inner), pt, mm["text_w"], bold) * pt * lead * PT_MM + mm["gap"]
    code = (mm["qr"] + 2 + _lines(caption, mm["caption_pt"], mm["qr"], True) * mm["caption_pt"] * 1.25 * PT_MM
            if caption is not None else 0)
    return mm["heading"] + max(column, code)


def fits_a_slide(heading: str, bars: int, text: str, plan: bool, zin: str = "") -> bool:
    """Whether a message slide with this headline, chart, comparison sentence (`zin`) and text (a plan
    in its box, or nothing) stays on its slide."""
    mm = SLIDE_MM
    width = mm["width"] - (mm["plan_inset"] if plan else 0)
    height = (_lines(heading, mm["heading_pt"], mm["width"], bold=True) * mm["heading_pt"] * mm["heading_lead"]
              * PT_MM + mm["heading_gap"] + beelden.slide_chart_mm(bars) + mm["chart_gap"]
              + (_lines(text, mm["text_pt"], width) * mm["text_pt"] * mm["text_lead"] * PT_MM + mm["text_gap"]
                 if text else 0)
              + (_lines(zin, mm["text_pt"], mm["width"]) * mm["text_pt"] * mm["text_lead"] * PT_MM + mm["text_gap"]
                 if zin else 0)
              + (mm["plan_pad"] if plan else 0))
    return height <= mm["room"]


def poster_messages(messages: list[Boodschap], most: int = 3, room_mm: float | None = None,
                    templates: Path | None = None, title_compares: bool = True) -> list[Boodschap]:
    """The poster's cards: the first messages of the ranked list (`by_importance`) that fit in `room_mm`
    (at most `most`), never skipping one, so the slides (`deck`) and the page show the same messages in
    the same order after them. A non-result ('ongeveer evenveel') ends the cards beside a key finding
    that differs or seems to: that card then stands alone, larger. Every card has its 'Wat doet de
    gemeente?' box: its plan, or that the municipality has none yet (`cards_mm`)."""
    key, *rest = by_importance(messages)
    if room_mm is None:
        return [key, *rest[:most - 1]]
    chosen = [key]
    for m in rest:
        if len(chosen) == most or cards_mm([*chosen, m], templates, title_compares=title_compares) > room_mm:
            break
        if non_result(m) and not non_result(key):
            break
        chosen.append(m)
    return chosen


def by_importance(messages: list[Boodschap]) -> list[Boodschap]:
    """The one order of the findings on every medium (poster cards, slides, panels, page, images): the
    key message first; then a finding whose plan goes against what participants chose (`plan_tegen`:
    what residents most need to react to, so the slides never leave it out); then by strength
    (`strength`: a meaningful difference, the largest first; then one that only seems one; a
    non-result last). Each medium shows a leading part of it: the poster what fits, the slides what
    the deck holds (always the poster's cards), the page and the images all. The strongest finding the
    municipality has no plan for yet (an open question: 'Nog geen plan. Wat vindt u?') follows those
    with a plan against the choice, so the evening's slides ask about one too."""
    key = key_message(messages)
    rest = sorted((m for m in messages if m is not key), key=lambda m: tuple(-x for x in strength(m)))
    against = [m for m in rest if m.plan_tegen]
    open_ = [] if not key.plannen else [m for m in rest if not m.plannen and not m.plan_tegen][:1]
    return [key, *against, *open_, *(m for m in rest if m not in against and m not in open_)]


def non_result(m: Boodschap) -> bool:
    """A message whose figure is about that of Flanders ('ongeveer evenveel', by the one rule): it tells
    a resident less than one that differs or seems to."""
    return not m.referenties and m.oordeel == "gelijk"


def cards_mm(chosen: list[Boodschap], templates: Path | None = None, scale: float = 1.0,
             plans: bool = True, title_compares: bool = True) -> float:
    """The poster's cards' height: each with its 'Wat doet de gemeente?' box (its plan, or that there is
    none yet) when any card has a plan (and `plans`), else with its sentence; the first card's sentence
    as the poster sets it, shorter where the title says how it compares (`title_compares`)."""
    word = _say(templates, WORDS)
    with_plans = plans and any(m.plannen for m in chosen)
    total = 0.0
    for i, m in enumerate(chosen):
        sentence = card_sentence(m, i == 0 and title_compares, templates)
        plan = (m.plannen[0].tekst + _say(templates)("plan_tegen_kort", m)) if m.plannen \
            else _say(templates)("geen_plan", False, True)
        text = word("wat_doet_de_gemeente") + " " + plan if with_plans else sentence
        total += _card_mm(m, card_heading(m, i == 0, templates), text, with_plans, scale, zin=sentence)
    return total + POSTER_MM["card_gap"] * (len(chosen) - 1)  # the fixed gap between cards (affiche.html)


def card_heading(m: Boodschap, first: bool, templates: Path | None = None) -> str:
    """A poster card's heading: its finding as a sentence, as on its panel ('4 op de 10 deelnemers willen
    een deelauto gebruiken'), read from 2 m; how it compares is in its bars and its sentence
    (`card_sentence`). '' for the first card: the title states its finding (`kernboodschap`) and is its heading."""
    if first:
        return ""
    # with few answers a sentence with the bar's count ('12 van de 30 zoeken contact met hun buren'), never
    # a fragment ('Contact met hun buren')
    return _say(templates)("paneel_kop", m) if m.klein else _say(templates, WORDS)("kaart_kop", m)


def card_sentence(m: Boodschap, first: bool, templates: Path | None = None,
                  refs: Sequence[Referentie] | None = None) -> str:
    """The sentence under a message's bars (`refs`: the bars drawn beside the municipality's; the
    same on every medium, `vergelijk`, by default) when its heading does not say how it compares: each bar by
    the one rule ('Meer dan in Vlaanderen, minder dan in Gent en Kortrijk.', 'Dat is ongeveer evenveel als
    in Vlaanderen.'); for the first poster card only a bar its title does not state (the poster never
    says a thing twice)."""
    refs = m.vergelijk if refs is None else tuple(refs)
    word = _say(templates, WORDS)
    unsaid = m.onuitgesproken(refs)
    if first and m.referenties:  # the title states Flanders: only a bar it does not say (without a
        # meaningful difference the title is a plain fact, round 10: the card says how it compares)
        return word("kaart_vergelijking", m, unsaid) if unsaid else ""
    if m.andere_kant_groter:  # the bars show the side most chose: their verdict, about that side
        return _say(templates)("kant_vergelijking", m, m.getoond_vergelijk(refs), True, True)
    if m.referenties:  # every bar it draws, named ('Meer dan in Vlaanderen, minder dan in Gent en Kortrijk.')
        return _say(templates)("kant_zin", m, word("kaart_vergelijking", m, refs))
    return sentence_under_bars(m, templates, refs)


def first_block_sentence(m: Boodschap, templates: Path | None = None) -> str:
    """The sentence under the page's first bars (its heading names only what they measure): every bar
    by the one rule, Flanders too, with a small group named by what it is first ('Meer dan in Vlaanderen,
    ongeveer evenveel als in de andere centrumsteden in deze cijfers (Gent en Kortrijk).': residents asked
    why not Antwerpen), else with why it is the comparison."""
    sentence = card_sentence(m, False, templates, m.vergelijk)
    group = next((r for r in m.vergelijk if r.sleutel == "vergelijking"), None)
    named, first = (_say(templates)("referentie_kort", group) if group else "",
                    _say(templates, WORDS)("groep_eerst", m.vergelijk))
    if named and first and named in sentence:
        return sentence.replace(named, first, 1)
    reason = _say(templates, WORDS)("groep_reden", m.vergelijk)
    return f"{sentence[:-1]}, {reason}." if reason and sentence.endswith(".") else sentence


def sentence_under_bars(m: Boodschap, templates: Path | None = None,
                        refs: Sequence[Referentie] | None = None) -> str:
    """The sentence under a message's bars where its full headline states its real differences (the
    page, a slide): how Flanders compares when the headline does not say it (`beeld_zin`), and the
    comparison group's bar (among `refs`, default `vergelijk`) the headline does not state, by the one
    rule, in the same sentence when its verdict is Flanders' ('Dat lijkt minder dan in Vlaanderen en in
    vergelijkbare gemeenten, maar ...')."""
    if m.andere_kant_groter:  # the bars show the side most chose: their verdict, about that side
        return _say(templates)("kant_vergelijking", m, m.getoond_vergelijk(refs), True)
    unsaid = m.onuitgesproken(refs)
    group = unsaid[0] if len(unsaid) == 1 else None
    if group is not None and m.vlaanderen is not None and not m.referenties and group.oordeel == m.oordeel \
            and (m.oordeel == "gelijk" or (m.oordeel == "onzeker" and (group.diff > 0) == (m.vlaanderen.diff > 0))):
        return _say(templates)("beeld_zin", m, group)  # one sentence for both bars with the same verdict
    extra = _say(templates, WORDS)("kaart_vergelijking", m, unsaid) if unsaid else ""
    return " ".join(t for t in (_say(templates)("beeld_zin", m), extra) if t)


def _call_mm(html: str, sizes: dict, scale: float, width_mm: float) -> float:
    """The height of the call's text (woorden/beelden.html 'oproep_tekst', its paragraphs by class):
    the question and the evening's day large and bold, the rest small, over `width_mm`, each paragraph
    with its line height and the space under it (`sizes`). The line where to react is measured as it
    is set (`_address_mm`)."""
    from html import unescape

    total = 0.0
    for cls, inner in re.findall(r'<p class="(\w+)">(.*?)</p>', html, re.S):
        if cls == "adres" and "<a " in inner:
            total += _address_mm(inner, sizes, scale, width_mm)
            continue
        big = cls in ("vraag", "wanneer")
        pt = (sizes["big_pt"] if big else sizes["small_pt"]) * scale
        label = re.search(r'<span class="label">(.*?)</span>', inner)  # the poster sets it small
        room = width_mm
        if label and sizes["label_small"]:
            inner = inner.replace(label.group(0), "")
            room -= _font(False, sizes["small_pt"] * scale).getlength(unescape(label.group(1)) + " ") / 10 * PT_MM
        text = unescape(re.sub(r"<[^>]+>", "", inner)).strip()
        lead, under = sizes["p"].get(cls, (1.2, 0))
        total += _lines(text, pt, room, bold=big) * pt * lead * PT_MM + under
    return total


def _address_mm(inner: str, sizes: dict, scale: float, width_mm: float) -> float:
    """The line where to react, as the template sets it: 'Reageer tot 31 maart 2027 op' small, then the
    address large and bold (kept whole, `heel`): after the words when they leave it room on their last
    line, else on a line of its own; its example mark small after it, or on the next line where the
    address leaves it no room before the box's right edge (`adres_rechts`, round 17c). Inf when the
    address alone is wider than that (a word that cannot wrap would push the box out)."""
    from html import unescape

    small, big = sizes["small_pt"] * scale, sizes["big_pt"] * scale
    width_mm -= sizes.get("adres_rechts", 0)
    link = re.search(r"<a [^>]*>(.*?)</a>", inner, re.S)
    assert link is not None
    words = unescape(re.sub(r"<[^>]+>", "", inner[:link.start()])).strip()
    mark = unescape(re.sub(r"<[^>]+>", "", inner[link.end():]))
    address = _font(True, big).getlength(unescape(link.group(1))) / 10 * PT_MM
    marked = address + _font(False, small).getlength(mark) / 10 * PT_MM
    if address > width_mm:
        return float("inf")
    small_mm, big_mm = small * 1.2 * PT_MM, big * 1.2 * PT_MM
    lines = _lines(words, small, width_mm) if words else 0
    last = _last_line_mm(words, small, width_mm) if words else width_mm
    space = _font(False, small).getlength(" ") / 10 * PT_MM
    if words and last + space + marked <= width_mm:  # on the words' last line, which the address sets high
        return (lines - 1) * small_mm + big_mm
    if words and last + space + address <= width_mm:  # there, its mark on the next line
        return (lines - 1) * small_mm + big_mm + small_mm
    return lines * small_mm + big_mm + (small_mm if mark.strip() and marked > width_mm else 0)


def _last_line_mm(text: str, pt: float, width_mm: float, bold: bool = False) -> float:
    """How wide the last line of `text` wrapped over `width_mm` is (mm)."""
    font, line = _font(bold, pt), ""
    for word in text.replace("\u00a0", "\u0001").split():
        word = word.replace("\u0001", "\u00a0")
        candidate = f"{line} {word}" if line else word
        if line and font.getlength(candidate) / 10 * PT_MM > width_mm:
            line = word
        else:
            line = candidate
    return font.getlength(line) / 10 * PT_MM


def call_box_mm(html: str, caption: str | None, sizes: dict, scale: float) -> float:
    """The call box's height at a scale: its text beside the QR code and its caption (None: no code), then
    the line where to react across the box (woorden/beelden.html 'oproep': under both), padding and border;
    `sizes` are the template's (POSTER_MM['oproep']). The code's column is as wide as its caption on one
    line where the text beside it keeps room for the evening's day (which does not wrap), else narrower,
    never narrower than the code; the caption then wraps under the code (affiche.html '.oproep figure')."""
    small, qr_mm = sizes["small_pt"] * scale, sizes["qr_mm"] * scale
    inside = sizes["width"] - sizes["chrome_w"]
    address = "".join(re.findall(r'<p class="adres">.*?</p>', html, re.S))
    column = 0.0
    if caption is not None:
        caption_mm = _font(False, small).getlength(caption) / 10 * PT_MM
        column = max(qr_mm, min(caption_mm, inside - sizes["gap"] - _unbroken_mm(html.replace(address, ""),
                                                                                 sizes, scale)))
    width = inside - (column + sizes["gap"] if caption is not None else 0)
    text = _call_mm(html.replace(address, "") if address else html, sizes, scale, width)
    code = qr_mm + _lines(caption, small, column) * small * 1.2 * PT_MM + 2 if caption is not None else 0
    return max(text, code) + _call_mm(address, sizes, scale, inside) + sizes["chrome_h"]


def contact_mm(text: str, scale: float = 1.0) -> float:
    """The poster's contact line under its call (`text`, zin.contact_regel; '' none): its lines at 24 pt
    (whatever the cards' `scale`: one sentence in two lines at most, round 17c) over the box's inside,
    with its space above."""
    if not text:
        return 0.0
    sizes = POSTER_MM["oproep"]
    pt = sizes["small_pt"]
    return _lines(text, pt, sizes["width"] - sizes["chrome_w"]) * pt * 1.2 * PT_MM + 1.5


def plain_text(html: str) -> str:
    """A template's words without their tags, entities resolved, spaces single."""
    from html import unescape

    return " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())


def _unbroken_mm(html: str, sizes: dict, scale: float) -> float:
    """The widest part of the call's text that does not wrap (its `heel` spans: the evening's day), as set."""
    from html import unescape

    widest = 0.0
    for cls, inner in re.findall(r'<p class="(\w+)">(.*?)</p>', html, re.S):
        big = cls in ("vraag", "wanneer")
        font = _font(big, (sizes["big_pt"] if big else sizes["small_pt"]) * scale)
        for part in re.findall(r'<span class="heel">(.*?)</span>', inner, re.S):
            text = unescape(re.sub(r"<[^>]+>", "", part)).strip()
            widest = max(widest, font.getlength(text) / 10 * PT_MM)
    return widest


def call_texts(deelname, link: str | None, templates: Path | None) -> tuple[str, str | None]:
    """The call's text as the templates write it, and the QR code's caption (None without a link)."""
    if deelname is None:
        return "", None
    word = _say(templates, WORDS)
    figure = word("qr_figuur", "qr", link) if link else ""
    caption = re.search(r"<figcaption>(.*?)</figcaption>", figure, re.S)
    return (word("oproep_tekst", deelname, deelname.infoavond, link, True),
            (caption.group(1).strip() if caption else "") if link else None)


def participation_link(deelname) -> str | None:
    """The address a QR code and a button lead to: the platform, else the info evening's page."""
    for text in (deelname.platform if deelname else None,
                 deelname.infoavond.link if deelname and deelname.infoavond else None):
        found = re.search(r"https?://[^\s<>\"')]+", text or "")
        if found:
            return found.group(0)
    return None


def qr_svg(link: str) -> str:
    """A QR code for the link as an SVG data URI (segno; dark modules in the text colour)."""
    import segno

    buffer = io.BytesIO()
    segno.make(link, error="m", micro=False).save(buffer, kind="svg", scale=10, border=2, dark="#1A1A1A",
                                                  xmldecl=False, svgns=True, title=None, desc=None)
    return _data_uri(buffer.getvalue())


WEB_FONT_CHARACTERS = (*range(0x20, 0x7F), *range(0xA0, 0x180), 0x2013, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D,
                       0x201E, 0x2026, 0x20AC, 0x2022, 0x2192, 0x202F)


@cache
def web_fonts() -> tuple[tuple[int, str], ...]:
    """Lato regular and bold as WOFF data URIs, subset to the Latin letters a Dutch page uses. The subset
    (1.6 s for the two faces) is kept in the chart cache (`chart.cached`), keyed by the font file, the
    characters and the fontTools version, so only the first command after an update makes it."""
    from .. import chart
    from ..resources import installed_version

    faces = []
    for weight, name in ((400, "Lato-Regular.ttf"), (700, "Lato-Bold.ttf")):
        path = resources.fonts_dir() / name
        key = (name, hashlib.sha256(path.read_bytes()).hexdigest(), WEB_FONT_CHARACTERS,
               installed_version("fonttools"))
        woff = chart.cached("lettertype-woff", key, lambda path=path: _subset_woff(path))
        faces.append((weight, "data:font/woff;base64," + base64.b64encode(woff).decode("ascii")))
    return tuple(faces)


def _subset_woff(path: Path) -> bytes:
    import logging

    from fontTools import subset

    logging.getLogger("fontTools").setLevel(logging.ERROR)  # Lato's old 'created' date is no news
    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = ["kern", "liga"]
    font = subset.load_font(str(path), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=list(WEB_FONT_CHARACTERS))
    subsetter.subset(font)
    buffer = io.BytesIO()
    subset.save_font(font, buffer, options)
    return buffer.getvalue()


def infographic_context(ws, gebied: Gebied, messages: list[Boodschap], templates: Path | None = None) -> dict:
    own = plans_for(ws, gebied)
    deelname = own.deelname if own else None
    shown = {id(p) for m in messages for p in m.plannen}
    area = ws.area(gebied)
    publishable = partial(_publishable, area)
    all_plans = []
    for p in (own.plannen if own else []):
        if p.indicatoren and not any(publishable(i) for i in p.indicatoren):
            continue  # a plan beside figures we may not show would point at them
        all_plans.append({"tekst": p.tekst, "meerjarenplan": p.meerjarenplan, "bij_boodschap": id(p) in shown,
                          # the message it answers: a plan on the closing list names that finding
                          "bij": next((m for m in messages if any(q is p for q in m.plannen)), None)})
    synthetic = ws.dataset.synthetic
    jaar = ws.config.instellingen.gegevens.peildatum.year
    say, word = _say(templates), _say(templates, WORDS)
    link = participation_link(deelname)
    # the address as the alt texts say it: an example address marked so (plannen.yaml)
    link_shown = f"{link} (voorbeeld)" if link and deelname is not None and deelname.platform_voorbeeld else link
    stad = is_city(ws, gebied)
    items: list[dict] = []
    on_a_slide: set[int] = set()
    on_the_page: set[int] = set()
    for m in by_importance(messages):  # the key message first: the title slide names no finding
        image = image_of(m, synthetic, templates, jaar, link, deelname, fmt.count(ws.respondents(gebied)), stad,
                         short_footnotes(messages, templates))
        alt = say("beeld_alt", m, jaar, synthetic, link_shown)
        # a slide shows a plan no earlier slide showed (one plan answering two messages is said once)
        # and that fits under its chart; else the message's sentence, when that fits
        # the comparison's sentence (the one rule) always stands under the chart when the headline does
        # not say it; the plan beside it when both fit
        zin = sentence_under_bars(m, templates)
        kop = say("boodschap_kop", m)  # the slides' and the page's headline: the finding in a sentence
        # a headline too long to leave its chart room on the slide: the poster card's heading, with the card's
        # sentence saying how it compares under the chart (`slide_heading`)
        dia_kop, dia_zin = slide_heading(m, kop, zin, templates)
        # what the municipality does stands in one place on every finding: on the slide right after it,
        # in large type (its plans, or that it has none yet), never squeezed under one chart and not another
        slide_plan = None
        after_plans = [p for p in m.plannen if id(p) not in on_a_slide][:SLIDE_PLANS_AFTER]
        on_a_slide.update(id(p) for p in after_plans)
        slide_text = bool(dia_zin)
        no_plan = None if m.plannen else "na"
        page_plans = [p for p in m.plannen if id(p) not in on_the_page]  # the page, too, says a plan once
        on_the_page.update(id(p) for p in m.plannen)
        items.append({"b": m, "beeld_spec": image, "kop": kop, "dia_kop": dia_kop, "dia_zin_tekst": dia_zin,
                      "zin": zin,
                      # the page's sentence where the headline says how it compares: every bar named
                      "pagina_zin": "" if zin else card_sentence(m, False, templates, m.vergelijk),
                      # the page's first block sits under the title: it names every bar, and why a group
                      # of two or three is the comparison where its bar is first drawn
                      "pagina_zin_eerste": first_block_sentence(m, templates),
                      # the page's other blocks on a phone: the poster card's short heading (a sentence
                      # with its number in words, at most a few lines at 390 px) and under the bars the
                      # card's sentence naming every bar, so the heading does not say the verdict again
                      "pagina_kop": card_heading(m, False, templates),
                      "pagina_tekst": card_sentence(m, False, templates, m.vergelijk),
                      "alt": alt, "dia_plan": slide_plan,
                      # the post text beside the image (teksten.md): what its few words leave out, how it
                      # compares by the one rule with what 'lijkt' means, and its doubt
                      # (after the headline `kop`, which it follows in the post: what that does not say)
                      "bericht_zin": (told := explained(m, told_plain := zin, templates)),
                      # (once: a sentence that explains its 'lijkt' needs no second doubt)
                      "bericht_twijfel": with_doubt("", [m], templates) if told == told_plain else "",
                      "dia_geen_plan": no_plan,
                      "dia_plannen_na": after_plans,
                      "dia_zin": slide_text, "pagina_plannen": page_plans,
                      "beeld": "",  # drawn below, at the series' sizes
                      "dia": _data_uri(beelden.slide_chart(slide_of(m, templates))),
                      "staven": image.staven, "pagina_staven": bars_of(m, templates),
                      "affiche_staven": bars_of(m, templates, kort=True, refs=m.vergelijk)})
    # one size scale for the series: every image's headline and number at the sizes of its fullest
    kop_pt, cijfer_pt, schaal = beelden.series_sizes([i["beeld_spec"] for i in items])
    for item in items:
        item["beeld_spec"] = replace(item["beeld_spec"], kop_pt=kop_pt, cijfer_pt=cijfer_pt,
                                      schaal=schaal)
        item["beeld"] = _data_uri(beelden.beeld(item["beeld_spec"], "svg"))
        item["staven"] = item["beeld_spec"].staven
    call_html, caption = call_texts(deelname, link, templates)

    contact = plain_text(say("contact_regel", deelname)) if deelname and link else ""

    def call(scale: float) -> float:  # the call's box with its contact line (affiche.html 'contact-regel')
        return (POSTER_MM["call_gap"] + call_box_mm(call_html, caption, POSTER_MM["oproep"], scale)
                + contact_mm(contact, scale) if deelname else 0)

    def doubt(shown: Sequence[Boodschap]) -> str:  # a medium's one doubt (`twijfel`), or ''
        return say("twijfel", any(m.klein for m in shown)) if doubtful(shown) else ""

    def poster_doubt(shown: Sequence[Boodschap]) -> str:
        # with few answers a line under the title; else the small print's rule says what 'lijkt' means
        return doubt(shown) if any(m.klein for m in shown) else ""

    # the title in three lines at most: with how it compares where a size allows, else without it (the
    # first card's sentence then says it)
    title_compares, title_sizes = poster_title(key_message(messages), templates)
    title = word("kernboodschap", key_message(messages), title_compares)
    line_above = word("affiche_bovenregel", fmt.count(ws.respondents(gebied)), gebied.naam, jaar, synthetic)
    # the largest title that leaves room for as many cards as any of its sizes does (each with its plan)
    fits = []
    for title_pt in title_sizes:
        # above the title only the sample data's label; who took part stands in the small print
        room = POSTER_MM["room"] - _title_mm(title, word("verzonnen_cijfers") if synthetic else "", title_pt,
                                             poster_doubt(messages)) \
            - POSTER_MM["foot"]
        fits.append((title_pt, room, poster_messages(messages, room_mm=room - call(1), templates=templates,
                                                     title_compares=title_compares)))
    def with_plans(fit) -> bool:  # the cards with their 'Wat doet de gemeente?', and they fit so
        return any(m.plannen for m in fit[2]) and cards_mm(fit[2], templates,
                                                           title_compares=title_compares) <= fit[1] - call(1)

    # a card with its plan before a card more: readers look for 'Wat doet de gemeente?' on each card; a
    # telling card before a non-result ('ongeveer evenveel'), even under a smaller title
    title_pt, room, on_poster = max(fits, key=lambda fit: (with_plans(fit), sum(not non_result(m) for m in fit[2]),
                                                          len(fit[2]), fit[0]))
    on_wall = {m.indicator for m in panel_messages(messages)}
    on_poster = on_poster[:next((i for i, m in enumerate(on_poster) if m.indicator not in on_wall), len(on_poster))]
    cards_with_plans = with_plans((title_pt, room, on_poster))
    # the slides: the poster's findings, then the next in the order of importance, as many as the deck
    # holds (`deck`), each with its plans beside it; no slide of plans without a finding behind them
    on_slides = deck(items, lambda m: m.indicator in on_wall)
    for item in items:
        item["op_dia"] = any(item is i for i in on_slides)
    cards = [{**next(i for i in items if i["b"] is m), "kaart_kop": card_heading(m, n == 0, templates),
              "kaart_zin": card_sentence(m, n == 0 and title_compares, templates)} for n, m in enumerate(on_poster)]
    # what the cards and the call leave free, they fill with larger texts and bars
    # the closing slide gives the counter too where that keeps its margin above the source line
    closing_loket = closing_slide_mm(say("slot_tekst", deelname, link, deelname.infoavond if deelname else None,
                                         True), caption) <= CLOSING_MM["room"]
    poster_scale = fill_scale(lambda s: cards_mm(on_poster, templates, s, cards_with_plans, title_compares) + call(s),
                              room)
    return {
        "titel": _say(templates, WORDS)("titel", gebied.naam),
        "kernboodschap": on_poster[0],
        # the doubt, once per medium: under the poster's title, under the page's, on the title slide
        "twijfel_affiche": poster_doubt(on_poster),
        "twijfel": doubt(messages),
        # (the title slide's only for a slide that does not explain its 'lijkt' itself, `explained`)
        "twijfel_dia": doubt([i["b"] for i in on_slides if not re.search(r"\blijkt\b", i["dia_zin_tekst"])]),
        "kaarten": cards,
        "kaarten_met_plan": cards_with_plans,
        "slot_loket": closing_loket,
        "poster_kaart_mm": POSTER_MM["card_gap"],
        "poster_oproep_mm": POSTER_MM["call_gap"],
        "schaal": poster_scale,
        "titel_pt": title_pt,
        "titel_vergelijking": title_compares,
        "gemeente": gebied.naam,
        "boodschappen": items,
        "plannen": all_plans,
        "andere_plannen": [p for p in all_plans if not p["bij_boodschap"]],
        # the plans are examples where plannen.yaml marks them so: the sample block's and a sample city's own
        # alike (round 16b: Leuven's page said 'synthetische cijfers' but not 'en voorbeeldplannen')
        "plannen_voorbeeld": synthetic and own is not None and example_marked(own),
        "deelname": deelname,
        "infoavond": deelname.infoavond if deelname else None,
        "deelname_link": link,
        "deelname_link_getoond": link_shown,  # as the alt texts say it ('... (voorbeeld)' for an example)
        "qr": qr_svg(link) if link else None,
        "lettertypen": web_fonts(),
        "deelnemers": fmt.count(ws.respondents(gebied)),
        "synthetisch": synthetic,
        "jaar": jaar,
        "peildatum": fmt.date(ws.config.instellingen.gegevens.peildatum),
        "min_n": fmt.number(ws.config.instellingen.statistiek.min_n),
        "min_pp": ws.config.instellingen.statistiek.min_verschil_pp,
        "klein": any(m.klein for m in messages),
        "versie": __version__,
        "stad": stad,
        # who sends the material, in the footer of every medium with the source line (round 13)
        "afzender": word("afzender", gebied.naam, stad),
        "affiche_bovenregel": line_above,
        "compacter": any("compacter" in (m.kop_inwoners or m.zin_inwoners) for m in messages),
        "groep": comparison_footnote(ws, gebied, messages),
        # who the comparison group is and how many, once near the top of the page (a group of two or
        # three: in the first block's sentence, `first_block_sentence`)
        "groep_uitleg": next((u for m in messages if (u := word("groep_uitleg", m.vergelijk))
                              and not word("groep_reden", m.vergelijk)), ""),
        # the title slide says who the comparison group is, once for every slide (under their charts
        # the comparison's sentence and the plan need the room)
        # (only when a slide draws its bar: `slide_of`)
        "dia_titel_groep": next((u for m in messages if (u := word("groep_uitleg", m.vergelijk, True))), ""),
        # (round 18: and how many took part, in one line under its method line)
        "dia_wie": word("dia_wie", fmt.count(ws.respondents(gebied)), gebied.naam,
                        next((m.vergelijk for m in messages if m.vergelijk), ())),
        # why the poster's bars name two or three municipalities, once in its small print
        "groep_uitleg_affiche": next((u for m in on_poster if (u := word("groep_uitleg", m.vergelijk))), ""),
    }


MAX_SLIDES = 8  # an evening's deck: the title, the findings with their plans, the closing list, the call


def strength(m: Boodschap) -> tuple[int, float]:
    """How strongly a message speaks, to rank it: a meaningful difference (the largest first), then a
    difference that only seems one, then an 'ongeveer evenveel' (the largest share first)."""
    if m.referenties:
        return 2, max(abs(r.diff) for r in m.referenties)
    if m.oordeel == "onzeker" and m.vlaanderen is not None:
        return 1, abs(m.vlaanderen.diff)
    return 0, m.share


def deck(items: list[dict], on_panel: Callable[[Boodschap], bool] = lambda m: True) -> list[dict]:
    """The message slides of a deck of at most MAX_SLIDES: the title slide and the call take theirs; the
    findings with an exhibition panel (`on_panel`) follow in the ranked order (`items`, `by_importance`),
    each with its plans' slide when it has one, until the deck is full: what is said at the evening hangs
    on the wall, and every panel's finding is said (round 14: Leuven's car sharing had a panel and no
    slide). The rest is left to the page and the images."""
    room = MAX_SLIDES - 2
    kept = []
    for item in items:
        cost = 1 + (1 if item["dia_plannen_na"] or item["dia_geen_plan"] == "na" else 0)
        if not on_panel(item["b"]):
            continue
        if cost > room:
            break
        kept.append(item)
        room -= cost
    return kept


def is_city(ws, gebied: Gebied) -> bool:
    """A centrumstad: its material asks 'Wat doet de stad?'."""
    from ..comparison_groups import centrumsteden

    return gebied.slug in centrumsteden(ws)


def comparison_footnote(ws, gebied: Gebied, messages: list[Boodschap]) -> dict | None:
    """The comparison group's name and members, for the footnote that names them once; only when a
    message compares with it."""
    if not any(r.sleutel == "vergelijking" for m in messages for r in m.vergelijk):
        return None
    ref = ws.area(gebied).reference("vergelijking")
    if ref is None:
        return None
    group = ref.gebied
    leden = sorted(g.naam for g in getattr(group, "members", ()))
    if 2 <= len(leden) <= 3:
        return None  # its bar names them ('Gent en Kortrijk')
    return {"naam": group.naam, "leden": leden}


def _publishable(area, ind_id: str) -> bool:
    fig = area.figure(ind_id)
    return fig is not None and not fig.suppressed


# An A1 panel read from three metres holds ONE finding: its headline (the title), the bars, the one
# comparison, what the municipality does and a wide band with the evening, the closing date, a short
# address and a large QR code. The title is set at the largest of these sizes that keeps it to two lines
# over the panel's 534 mm (templates/paneel.html), never below 90 pt.
PANEL_TITLE_PT = (100, 90)  # (120 pt left no room for the key lines at PANEL_KEY_PT and the contact line; round 17a)
PANEL_WIDTH_MM = 534
# Legibility from a distance: a key line's capitals stand at least 1/200 of the reading distance high
# (15 mm at 3 m). Lato's capitals are 0.7165 em, so a panel sets its key lines (the bars' names and
# numbers, the comparison, what the municipality does) at 60 pt or more (15,2 mm); round 17a: at 46 pt
# 'Vlaanderen: 64 %' and the plan could not be read from 3 m (templates/paneel.html).
PANEL_DISTANCE_MM = 3000
LATO_CAP_HEIGHT = 0.7165
PANEL_KEY_PT = math.ceil(PANEL_DISTANCE_MM / 200 / LATO_CAP_HEIGHT / 25.4 * 72)
PANEL_PLANS = 1  # "Wat doet de stad?" under a panel's finding: one plan sentence, read from three metres (round 13)


def panel_title_pt(title: str) -> float:
    """The largest title size that keeps the panel's title to two lines (90 pt when none does)."""
    return next((pt for pt in PANEL_TITLE_PT if _lines(title, pt, PANEL_WIDTH_MM, bold=True) <= 2),
                PANEL_TITLE_PT[-1])


def strongest(messages: list[Boodschap]) -> Boodschap:
    """A theme's strongest message, for its panel: the largest betekenisvol gap (with Flanders or the
    comparison group); without one the largest gap that only seems one (lijkt ... niet zeker); else the
    largest share."""
    real = [m for m in messages if m.referenties]
    if real:
        return max(real, key=lambda m: max(abs(r.diff) for r in m.referenties))
    unsure = [m for m in messages if m.oordeel == "onzeker" and m.vlaanderen is not None]
    if unsure:
        return max(unsure, key=lambda m: abs(m.vlaanderen.diff))  # type: ignore[union-attr]
    return max(messages, key=lambda m: m.share)


PANEL_FINDINGS = 1  # an A1 panel read from three metres: one finding, in few large lines (round 13)


def panel_messages(messages: list[Boodschap]) -> list[Boodschap]:
    """The messages the exhibition panels show, in the ranked order: each theme's first PANEL_FINDINGS
    of the list (`by_importance`), so every poster card and every slide has its panel on the wall."""
    seen: dict[str, int] = {}
    out = []
    for m in by_importance(messages):
        seen[m.thema_id] = seen.get(m.thema_id, 0) + 1
        if seen[m.thema_id] <= PANEL_FINDINGS:
            out.append(m)
    return out


def panels(ws, gebied: Gebied, templates: Path | None = None,
           messages: list[Boodschap] | None = None) -> list[dict]:
    """One exhibition panel per theme that has a message among those the other products show
    (`messages`, else the configured number): the theme's messages of the ranked list (`panel_messages`,
    PANEL_FINDINGS: one since round 13), the first as its title, each with its bars, the one comparison and its own
    plans (pair_plans: at most PANEL_PLANS for a panel's one finding, one each beside a second: never a plan of
    the theme that answers another finding), each as the context a panel adds to the document's."""
    config = ws.config
    messages = messages if messages is not None else choose_messages(ws, gebied)
    say, word = _say(templates), _say(templates, WORDS)
    jaar = config.instellingen.gegevens.peildatum.year
    shown = panel_messages(messages)
    found = []
    for theme_id, theme in config.catalogus.themas.items():
        mine = [m for m in shown if m.thema_id == theme_id]
        if not mine:
            continue
        most = PANEL_PLANS if len(mine) == 1 else 1
        blocks = [{"b": m, "kop": say("paneel_kop", m), "staven": bars_of(m, templates, kort=True),
                   "plannen": list(m.plannen[:most]),  # the message's plans (pair_plans), as on every medium
                   # what 'lijkt' means right after the sentence that says it (`explained`)
                   "zin": explained(m, card_sentence(m, False, templates, m.vergelijk), templates)} for m in mine]
        footnote = comparison_footnote(ws, gebied, mine)
        m = mine[0]
        voet = " ".join(t for t in (
            say("beeld_kanttekening", jaar, False, fmt.count(ws.respondents(gebied)), gebied.naam),
            # (who the group is, short: the page and the poster give how it was chosen; round 13)
            word("groep_uitleg", m.vergelijk, True) or (word("groep_voetnoot", footnote) if footnote else ""),
            word("compacter_uitleg") if any("compacter" in (x.kop_inwoners or x.zin_inwoners) for x in mine) else "",
            word("voorbeeldplannen") + "." if any(b["plannen"] for b in blocks) and ws.dataset.synthetic else "")
            if t)
        first = blocks[0]
        found.append({"thema": {"id": theme_id, "titel": theme.titel, "inleiding": theme.inleiding},
                      "paneel_b": m, "paneel_titel": first["kop"],
                      # a second finding leaves the title its least size
                      "paneel_titel_pt": panel_title_pt(first["kop"]) if len(blocks) == 1 else PANEL_TITLE_PT[-1],
                      "paneel_sleutel_pt": PANEL_KEY_PT,
                      "paneel_staven": first["staven"], "paneel_voet": voet, "paneel_plannen": first["plannen"],
                      "paneel_zin": first["zin"], "paneel_blokken": blocks,
                      # every block says what the municipality does (or that it has no plan yet) where
                      # it has any plan; none does where it has none (as the poster's cards)
                      "paneel_met_plannen": any(x.plannen for x in messages)})
    return found


class InfografiekSpec(BaseModel):
    """Plan section `infografiek`: citizen material for every municipality of the plan."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    max: int | None = Field(default=None, ge=1, le=12)


class InfografiekProduct:
    name: ClassVar[str] = "infografiek"
    plan_key: ClassVar[str] = "infografiek"
    Spec: ClassVar[type[BaseModel]] = InfografiekSpec
    expected_seconds: ClassVar[float] = 3.5

    def load(self) -> None:
        """matplotlib and the page's web fonts, loaded before a batch forks its workers."""
        web_fonts()
        beelden.load()

    def target(self, gemeente: Gebied, max: int | None = None) -> Target:  # noqa: A002 - the plan's key
        return Target(self.name, f"infografiek/{gemeente.slug}", (gemeente.nis,), (("max", max),))

    def targets(self, ws, spec: InfografiekSpec, municipalities: list[Gebied], check) -> list[Target]:
        return [self.target(g, spec.max) for g in municipalities]

    def build(self, ws, target: Target, templates: Path | None = None) -> Document:
        gebied = ws.gebieden.get(target.codes[0])
        messages = choose_messages(ws, gebied, target.param("max"))
        if not messages:
            raise NothingToPublish(
                f"Geen infografiek voor {gebied.naam}: geen enkel cijfer heeft genoeg antwoorden (minstens "
                f"{fmt.number(ws.config.instellingen.statistiek.min_n)}) om te publiceren.")
        context = infographic_context(ws, gebied, messages, templates)
        if getattr(ws, "bevraging", None) is not None:  # a follow-up survey: which one; "meer dan in 2020"
            context.update(ws.bevraging.document_context(ws, gebied, []))
        artifacts = []
        for item in context["boodschappen"]:
            slug, image = item["b"].slug, item["beeld_spec"]
            artifacts += [Artifact(f"{slug}.png", "png", make=partial(beelden.beeld, image, "png")),
                          Artifact(f"{slug}.svg", "svg", make=partial(beelden.beeld, image, "svg"))]
        exhibition = panels(ws, gebied, templates, messages)
        context["panelen"] = [panel["thema"] for panel in exhibition]
        artifacts += [Artifact(f"paneel-{panel['thema']['id']}.pdf", "pdf", "paneel.html", context=panel)
                      for panel in exhibition]
        artifacts += [Artifact("affiche.pdf", "pdf", "affiche.html"),
                      Artifact("presentatie.pdf", "pdf", "presentatie.html"),
                      Artifact("index.html", "html", "infografiek.html"),
                      Artifact("teksten.md", "md", "teksten.md")]
        return Document(target, (gebied.slug, "infografiek"), context, artifacts, title=context["titel"])


PRODUCT = InfografiekProduct()


def command(
    gemeente: GemeenteOpt = None,
    max_: Annotated[Optional[int], typer.Option(
        "--max", metavar="N", help="Hoogstens N boodschappen (standaard uit de configuratie: 6).")] = None,
    data: DataOpt = None,
    config: ConfigOpt = None,
    uit: UitOpt = None,
    sjablonen: SjablonenOpt = None,
    antwoorden: AntwoordenOpt = None,
    koppeling: KoppelingOpt = None,
    marges: MargesOpt = None,
    ongewogen: OngewogenOpt = False,
) -> None:
    from ..errors import InputError

    if max_ is not None and not 1 <= max_ <= 12:
        raise InputError(f"--max moet tussen 1 en 12 liggen (niet {max_}).")
    make_documents(PRODUCT, lambda ws: [PRODUCT.target(ws.municipality(gemeente), max_)], data=data, config=config,
                   uit=uit, sjablonen=sjablonen, follow_up=FollowUp(antwoorden, koppeling, marges, ongewogen))
    # the poster and the slides: several PDFs
