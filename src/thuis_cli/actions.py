"""Which next step a department gets for a finding: the decisions made with `diensten.yaml` `acties`.

Config holds the actions as data (`config_departments.DienstActie`: who, instrument, deliverable, moment, audience
and when it applies); this module chooses among them. A finding is seen as a `Situation` (indicator,
direction, what it was compared with, which group of participants), every action that fits gets a
score, and one brief never gives the same action twice: a later finding gets its next best, or none.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .config_catalogue import Indicator

from .config_departments import Dienst, DienstActie, Doelgroep, Vergelijkingssoort

# Who an action may be aimed at, by the group a finding is about. Tenants cannot renovate or sell a
# house they rent: a finding about tenants gets actions for tenants, for their landlords or for everyone,
# never an owner-only instrument; a finding about owners never gets one for tenants or landlords.
AUDIENCES: dict[str, frozenset[Doelgroep]] = {
    "eigendom:huurder": frozenset({"huurders", "verhuurders", "iedereen"}),
    "eigendom:eigenaar": frozenset({"eigenaars", "iedereen"}),
}
EVERYONE: frozenset[Doelgroep] = frozenset({"iedereen", "eigenaars", "huurders", "verhuurders"})


@dataclass(frozen=True)
class Situation:
    """A finding as the actions see it: `comparison` is the reference key ('vergelijking',
    'vlaanderen', 'provincie'), 'groep' for a group against the other participants, or 'niveau';
    `group` is 'totaal' or 'dimension:value'."""

    indicator: Indicator
    direction: int
    comparison: Vergelijkingssoort
    group: str = "totaal"
    # for a difference with the comparison group: the municipality lies betekenisvol on the *other* side of
    # Flanders (below the other centrumsteden, above Flanders): then the gap is relative only
    opposite_flanders: bool = False
    # the groups of participants that differ betekenisvol from the other participants on the same question
    # in the other direction ('Binnen uw gemeente': the municipality below, its 65-plussers above)
    other_way: frozenset[str] = frozenset()
    # the groups of participants whose printed share lies on the finding's side of the other participants' (the
    # municipality below, its 65-plussers below the others too): a reason that names a group needs it here
    same_way: frozenset[str] = frozenset()

    @property
    def audiences(self) -> frozenset[Doelgroep]:
        return AUDIENCES.get(self.group, EVERYONE)


def score(action: DienstActie, situation: Situation) -> int:
    """How well an action fits a situation; 0: not at all. A condition the action names must hold
    (direction, comparison, group, indicator or theme, and its audience must suit the group); a gap with
    the comparison group that lies the other way against Flanders takes only an action for that comparison. Among
    those that fit, the most specific wins: a named group first (its value before its whole
    dimension), then the indicator before the theme before any, then a named comparison. An action for
    a group of participants going the other way within the municipality (`binnen`) fits only when one
    does, and then comes before all others: a step never argues from a majority a group contradicts."""
    w, ind = action.wanneer, situation.indicator
    if action.voor not in situation.audiences:
        return 0
    if w.richting is not None and (w.richting == "hoger") != (situation.direction > 0):
        return 0
    if w.vergelijking is not None and w.vergelijking != situation.comparison:
        return 0
    # Advice for one question that names no comparison reads a direction as absolute ('too few want this
    # here'): it never follows a gap with the comparison group that Flanders shows the other way round;
    # an action written for the comparison group does, and so does a general one (a discussion of the
    # result) (docs/methode.md, 'Volgende stappen').
    if w.vergelijking is None and w.indicator is not None and situation.opposite_flanders:
        return 0
    if w.binnen is not None and w.binnen not in situation.other_way:
        return 0
    if w.steunt_op is not None and w.steunt_op not in situation.same_way:
        return 0
    group = 0
    if w.binnen is not None:  # a step that takes the group going the other way into account comes first
        group = 3
    if w.groep is not None:
        dimension = situation.group.split(":", 1)[0]
        if w.groep == situation.group:
            group = 2
        elif ":" not in w.groep and situation.group != "totaal" and w.groep == dimension:
            group = 1
        else:
            return 0
    if w.indicator is not None:
        target = 3 if w.indicator == ind.id else 0
    elif w.thema is not None:
        target = 2 if w.thema == ind.thema else 0
    else:
        target = 1
    if not target:
        return 0
    return group * 100 + target * 10 + (1 if w.vergelijking is not None else 0)


def ranked(dienst: Dienst, situation: Situation) -> list[DienstActie]:
    """Every action of the department that fits, best first (in the order of diensten.yaml on a tie)."""
    scored = [(score(a, situation), i, a) for i, a in enumerate(dienst.acties)]
    return [a for s, _i, a in sorted(scored, key=lambda t: (-t[0], t[1])) if s > 0]


def action_for(dienst: Dienst, situation: Situation) -> DienstActie | None:
    """The best-fitting action for one finding on its own."""
    found = ranked(dienst, situation)
    return found[0] if found else None


def identity(action: DienstActie) -> tuple[str, str, str, str]:
    """What makes two actions the same step for a reader: who, instrument, deliverable and moment."""
    return (action.wie.casefold(), action.instrument.casefold(), action.resultaat.casefold(),
            action.moment.casefold())


def lead(action: DienstActie) -> str:
    """Who leads a step: the role its 'wie' names first ('de mobiliteitsambtenaar (trekker), met de dienst
    omgeving' is led by the mobiliteitsambtenaar)."""
    return action.wie.split(",", 1)[0].replace("(trekker)", "").strip().casefold()


def family(action: DienstActie) -> tuple[str, str, str]:
    """Two steps of one family read as the same step twice: the same instrument in the same hands about the same
    topic ('de dienst omgeving · Gecoro · kwaliteit van compacte woningen', once for compact homes and again for
    smaller homes). Without a named topic (`onderwerp`) the action's own deliverable stands for it."""
    return action.instrument.casefold(), lead(action), (action.onderwerp or action.resultaat).casefold()


def own_lead(dienst: Dienst) -> str:
    """The department's own role: the lead most of its actions name."""
    leads = Counter(lead(a) for a in dienst.acties)
    return leads.most_common(1)[0][0] if leads else ""


def choose(dienst: Dienst, situations: Iterable[Situation], share: bool = False) -> list[DienstActie | None]:
    """An action per finding, in the order of the findings. One brief never gives the same step twice, nor two
    steps of one family (`family`): a finding whose best action is taken gets its next best, or none; with
    `share`, a finding whose best action belongs to a family an earlier step holds gets that earlier step
    itself (the brief prints 'zie stap 1' instead of a second conversation in the same hands). The first
    step is the department's own whenever an action it leads fits the first finding, and another role leads
    at most one step."""
    used: set[tuple[str, str, str, str]] = set()
    families: set[tuple[str, str, str]] = set()
    own = own_lead(dienst)
    led_by_others = 0
    chosen: list[DienstActie | None] = []
    for i, situation in enumerate(situations):
        fits = ranked(dienst, situation)
        earlier = next((a for a in chosen if a is not None and fits and family(a) == family(fits[0])), None)
        if share and earlier is not None:
            chosen.append(earlier)
            continue
        free = [a for a in fits if identity(a) not in used and family(a) not in families]
        if led_by_others:
            free = [a for a in free if lead(a) == own]
        mine = [a for a in free if lead(a) == own]
        action = mine[0] if i == 0 and mine else next(iter(free), None)
        if action is not None:
            used.add(identity(action))
            families.add(family(action))
            led_by_others += lead(action) != own
        chosen.append(action)
    return chosen


def lead_department(diensten: Mapping[str, Dienst], indicator: str) -> str | None:
    """Which department leads the step on a finding about `indicator`, in every brief of one municipality: the
    department whose core topic (`Dienst.kern`) it is; when several departments hold it as a core topic, the first
    in diensten.yaml. None when it is no department's core topic: then each brief keeps its own step
    (docs/methode.md, 'De volgende stap')."""
    return next((dienst_id for dienst_id, dienst in diensten.items() if indicator in dienst.kern), None)
