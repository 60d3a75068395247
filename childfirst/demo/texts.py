"""Short pieces of casework writing for the demo, written to the child where it fits.

Everything here is made up; it is for showing the pages, not a model of good practice,
though it tries to sound like it. What the writing says must agree with the records
(issue 11, item 13: no asylum-seeking child living with parents, no "the child is 12"
for a 17-year-old), so each piece that states a fact says which facts it needs:

``say(text, needs="a b", unless="c")`` is chosen only for a child, an intervention and a
day whose *facts* (a set of short words, below) include every word of ``needs`` and
none of ``unless``; ``adds`` are facts the text makes true (a Muslim child's note makes
``muslim``, a plan's reparation action ``reparation``), and ``clears`` names a field a
manager's return says is missing, left empty while the work stays returned. Every list
has something for any set of facts (or may give nothing, where a blank is fine).

The facts (``facts.py`` works them out from the records; the generator adds its own):

- **the child**: ``uasc`` (an unaccompanied asylum-seeking child), ``ever_looked_after``,
  ``missing`` (goes missing), ``mental_health``, ``camhs`` (getting help and going),
  ``substance``, ``send_need`` (SEN support or an EHCP), ``household_dad`` (dad is part
  of the family home), ``slcn``, ``autistic``, ``muslim``, ``home_language``;
- **on the day**: where the child lives (``with_parent``, ``mum``, ``dad``,
  ``grandmother``, ``family_home``, ``foster``, ``residential``, ``supported``,
  ``temporary``, ``custody``), ``looked_after``, ``cpp`` (a child protection plan),
  ``carer`` (someone the child lives with: ``{carer}``), ``school_age`` or
  ``post_school_age``, ``in_school``, ``mainstream``, ``at_college``, ``not_in_ete``,
  ``age13``, ``secondary_age``, ``adult``;
- **the episode**: ``out_of_court``, ``court_order``, ``community_order``, ``custodial``,
  ``panel``, ``first_outcome`` or ``earlier_outcomes``, ``victim``, ``person_victim``,
  ``violence``, ``violent_before``, ``knife``, ``drugs_supply``, ``exploitation``;
- **the work**: the assessment's risk of serious harm (``rosh_low``, ``rosh_medium``,
  ``rosh_raised`` for high or very high, ``rosh_unrated``) and safety and wellbeing
  (``sw_low``), ``parents_unavailable`` to the assessment; a plan's ``reparation`` and
  ``education_action``; a review's trigger (``significant_change``, ``custody_move``,
  ``end_of_order``), ``no_plan`` yet, ``new_offence`` since the intervention began,
  ``moved`` home; what a
  manager's return says is missing (``no_police_intelligence``, ``missing_not_analysed``).

``{name}`` is the child's first (or preferred) name, ``{worker}`` the case manager's,
``{carer}`` who the child lives with on the day ("Jade's mum", "the foster carer"),
``{order}`` "order" or "intervention", ``{rosh}`` the risk of serious harm in words,
``{since}`` "since the last review" (or, in the first, since the plan or the order began).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Say:
    """One piece of writing (a string, or a tuple for a plan action) and its facts."""

    value: Any
    needs: frozenset[str] = frozenset()
    unless: frozenset[str] = frozenset()
    adds: frozenset[str] = frozenset()
    clears: str = ""
    filled: bool = False  # has {placeholders}

    def fits(self, facts: frozenset[str]) -> bool:
        return self.needs <= facts and not self.unless & facts


def say(value: Any, needs: str = "", unless: str = "", adds: str = "", clears: str = "") -> Say:
    return Say(
        value,
        frozenset(needs.split()),
        frozenset(unless.split()),
        frozenset(adds.split()),
        clears,
        isinstance(value, str) and "{" in value,
    )


def plain(*texts: str) -> tuple[Say, ...]:
    """Writing that states no fact of its own."""
    return tuple(say(t) for t in texts)


class Options(tuple[Say, ...]):
    """A list of writing to choose from, remembering which fit each set of facts (only
    the facts the list mentions count, so there are few sets to remember)."""

    def __new__(cls, *says: Say) -> Options:
        return super().__new__(cls, says)

    def __init__(self, *says: Say) -> None:
        self.mentioned = frozenset().union(*(s.needs | s.unless for s in says))
        self._fitting: dict[frozenset[str], tuple[Say, ...]] = {}

    def fitting(self, facts: frozenset[str]) -> tuple[Say, ...]:
        key = facts & self.mentioned
        found = self._fitting.get(key)
        if found is None:
            found = self._fitting[key] = tuple(s for s in self if s.fits(key))
        return found

    def pick(self, rng: random.Random, facts: frozenset[str]) -> Say | None:
        fitting = self.fitting(facts)
        return fitting[int(rng.random() * len(fitting))] if fitting else None

    def text(self, rng: random.Random, facts: frozenset[str], fmt: dict[str, str]) -> str:
        """One that fits ``facts``, filled in from ``fmt``; blank if none fits."""
        fitting = self.fitting(facts)
        if not fitting:
            return ""
        return fill(fitting[int(rng.random() * len(fitting))], fmt)


def fill(chosen: Say, fmt: dict[str, str]) -> str:
    """A piece of writing with its ``{placeholders}`` filled in from ``fmt``."""
    return chosen.value.format(**fmt) if chosen.filled else chosen.value


PILLAR_ANALYSIS = {
    "desistance": Options(
        say(
            "{name}, you told me the offence happened when you were with older friends and "
            "felt you could not say no. You want to stay in school and get back into football.",
            needs="in_school",
        ),
        say(
            "{name}, you told me the offence happened when you were with older friends and "
            "felt you could not say no. You want to keep your college place and get back "
            "into football.",
            needs="at_college",
        ),
        say(
            "{name}'s offending has been linked to boredom and to spending evenings in the town "
            "centre with a peer group who are also known to the police."
        ),
        say(
            "The offence followed a difficult few months at home. {name} has no previous "
            "outcomes and has shown real regret.",
            needs="first_outcome",
            unless="uasc",
        ),
        say(
            "This is not {name}'s first outcome: the offending has carried on with the same "
            "friends, and {name} says it is hardest to say no when bored.",
            needs="earlier_outcomes",
        ),
        say(
            "{name}, you said you do not want to end up like your older brother. That is a "
            "strong reason to change, and we will build on it together.",
            unless="uasc",
        ),
        say(
            "Cannabis use and not being in education have gone together with {name}'s "
            "offending. {name} wants to get onto the construction course at college.",
            needs="substance not_in_ete",
        ),
        say(
            "{name} has been exploited by adults selling drugs; the offending is best "
            "understood in that context, and the National Referral Mechanism referral is open.",
            needs="drugs_supply",
        ),
        say(
            "{name} came to England alone and has few people to turn to; the offence happened "
            "with older young people {name} met after arriving.",
            needs="uasc",
        ),
    ),
    "safety_and_wellbeing": Options(
        say(
            "{name} is missing from home some evenings and has been seen with adults not known "
            "to the family. Children's social care are aware.",
            needs="missing family_home",
            unless="sw_low custody missing_not_analysed",
        ),
        say(
            "{name} goes missing from the placement some evenings and has been seen with adults "
            "not known to the carers. The social worker is aware.",
            needs="missing looked_after",
            unless="sw_low custody missing_not_analysed",
        ),
        say(
            "{name}, you told me you feel safe at home but not in the area near the station. "
            "We agreed a safety plan for how you get to college.",
            needs="at_college",
        ),
        say(
            "{name}, you told me you feel safe at home but not in the area near the station. "
            "We agreed a safety plan for how you get to school.",
            needs="in_school",
        ),
        say(
            "There are no current safeguarding concerns. {name} is registered with a GP and "
            "the school nurse has seen {name} this term.",
            needs="sw_low in_school",
            unless="cpp missing",
        ),
        say(
            "There are no current safeguarding concerns. {name} is registered with a GP and "
            "has had a health check this year.",
            needs="sw_low",
            unless="cpp missing custody",
        ),
        say(
            "{name} has low mood and has self-harmed in the past; CAMHS have been contacted "
            "and the school's mental health lead is involved.",
            needs="mental_health in_school",
            unless="sw_low",
        ),
        say(
            "{name} has low mood and has self-harmed in the past; CAMHS have been contacted.",
            needs="mental_health",
            unless="sw_low",
        ),
        say("{name} was assaulted last year and still worries about seeing the people involved."),
        say(
            "{name} is on a child protection plan; the youth justice service goes to the core "
            "group meetings.",
            needs="cpp",
        ),
        say(
            "{name} is in custody; staff say {name} is settling on the unit but finds the "
            "evenings hard.",
            needs="custody",
        ),
        say(
            "{name} is looked after by the local authority as an unaccompanied asylum-seeking "
            "child, and worries about the asylum claim.",
            needs="uasc looked_after",
        ),
        say(
            "{name} left care at 18 and lives alone for the first time; the asylum claim is "
            "still a constant worry.",
            needs="uasc adult",
        ),
    ),
    "risk_of_harm": Options(
        say(
            "The risk of serious harm to others is low: the offence was impulsive and {name} "
            "has no history of violence.",
            needs="rosh_low",
            unless="violence violent_before",
        ),
        say(
            "The risk of serious harm to others is low: the violence was out of character and "
            "{name} has shown real regret.",
            needs="rosh_low violence",
            unless="violent_before",
        ),
        say(
            "{name} carried a knife for protection; the risk to others is medium while that "
            "belief remains. The knife crime programme has been offered.",
            needs="knife rosh_medium",
        ),
        say(
            "The victim was a member of staff at school. {name} has written a letter of "
            "apology and the school has agreed a managed return.",
            needs="person_victim violence in_school",
        ),
        say(
            "Risk to others is mainly to {name}'s mother during arguments at home. The "
            "adolescent to parent violence programme has been offered.",
            needs="mum",
        ),
        say(
            "There is a risk to other children from the group {name} spends time with; police "
            "intelligence has been checked and shared at the multi-agency meeting.",
            unless="no_police_intelligence",
        ),
        say(
            "The risk of serious harm to others is {rosh}: the offence involved serious "
            "violence, and the risk is managed with the police through a multi-agency plan.",
            needs="rosh_raised violence",
        ),
        say(
            "The risk of serious harm to others is {rosh} while {name} stays involved with "
            "older people supplying drugs; the police share what they know every month.",
            needs="rosh_raised drugs_supply",
        ),
        say(
            "The risk of serious harm to others is medium: {name} has been violent when angry, "
            "and the emotional regulation work comes first.",
            needs="rosh_medium violence",
        ),
        say(
            "Risk to others is still being assessed; the police have been asked for what they "
            "know.",
            needs="rosh_unrated",
        ),
        say(
            "Risk to others comes mainly from the peer group; {name} is clear about wanting to "
            "stay out of it."
        ),
    ),
}

STRENGTHS = Options(
    say("Good relationship with grandmother; enjoys boxing.", unless="uasc"),
    say("Attends the youth club most weeks and helps with younger children.", unless="custody"),
    say("Wants to be a mechanic; good with hands."),
    say("Honest about what happened; engages well one to one."),
    say("Close to a sibling who is doing well at college.", unless="uasc"),
    say(
        "Has kept a part-time job at the chip shop for six months.",
        needs="age13",
        unless="custody not_in_ete",
    ),
    say("Strong faith and support from the family's mosque.", needs="muslim family_home"),
    say("Talented at music; records tracks with a youth worker.", unless="custody"),
)

PROTECTIVE_FACTORS = Options(
    say("Parent engaged and attending meetings.", unless="uasc parents_unavailable"),
    say("A trusted teacher at school.", needs="in_school"),
    say("Stable placement with a foster carer who advocates for the child.", needs="foster"),
    say("Football club with a coach who has known the child for years.", unless="uasc custody"),
    say("No longer in contact with the peer group involved in the offence."),
    say("A social worker the child trusts and sees every week.", needs="looked_after"),
)

FOUR_PS = {
    "predisposing": Options(
        say(
            "Adverse childhood experiences: domestic abuse at home until age eight.", unless="uasc"
        ),
        say(
            "Speech and language needs not picked up until secondary school.",
            needs="slcn secondary_age",
            unless="uasc",
        ),
        say("Exclusion from primary school; several school moves.", unless="uasc"),
        say("Bereavement: father died two years ago.", unless="uasc household_dad"),
        say(
            "Trauma before and during the journey to England; separated from family.", needs="uasc"
        ),
    ),
    "precipitating": Options(
        say("Argument with parent on the day of the offence.", needs="with_parent"),
        say("Drinking with friends in the park."),
        say("Pressure from older peers to take part."),
        say("Recent permanent exclusion from school.", needs="school_age", unless="mainstream"),
    ),
    "perpetuating": Options(
        say("Not in education; days unstructured.", needs="not_in_ete"),
        say("Continued cannabis use.", needs="substance"),
        say("Debt to older peers."),
        say("Housing insecurity: the family are in temporary accommodation.", needs="temporary"),
    ),
    "protective": Options(
        say("Wants to get into college.", unless="at_college"),
        say(
            "Mum and grandmother want to help and are available.",
            needs="mum",
            unless="parents_unavailable",
        ),
        say("Positive relationship with the case manager."),
        say("Enjoys sport and has a place at the boxing club.", unless="custody"),
    ),
}

SOURCES = Options(
    say(
        "Police case file; school records; interview with the child and mother; children's "
        "social care record.",
        needs="school_age mum",
        unless="parents_unavailable",
    ),
    say(
        "Pre-sentence report interview; CAMHS letter; education welfare officer.",
        needs="court_order mental_health school_age",
    ),
    say(
        "Police intelligence check; child's self-assessment; foster carer.",
        needs="foster",
        unless="no_police_intelligence",
    ),
    say(
        "Interview with the child; referral from the police panel; school attendance data.",
        needs="panel in_school",
    ),
    say(
        "Interview with the child; police case file; the child's social worker.",
        needs="looked_after",
    ),
    say(
        "Interview with the child; police case file; the service's earlier records.",
        needs="earlier_outcomes",
    ),
    say(
        "Interview with the child and {carer}; police case file.",
        needs="carer",
        unless="parents_unavailable",
    ),
    say("Interview with the child; police case file; previous school reports."),
)

CHILD_VIEWS = Options(
    *plain(
        "I know I messed up. I just want to get this over with and get back to normal.",
        "I didn't think it was a big deal at the time, but I get it now.",
        "I want help with my anger because it keeps getting me into trouble.",
        "I don't like talking about it but I'll come to the sessions.",
        "People think I'm bad but I'm not.",
    ),
    say("I want to go to college and do plumbing.", unless="at_college"),
)

PARENT_VIEWS = Options(
    say(
        "Mum is worried about who {name} is spending time with and wants support.",
        needs="mum",
        unless="parents_unavailable",
    ),
    say(
        "Dad says {name} has changed since moving schools and wants the school involved.",
        needs="dad in_school",
        unless="parents_unavailable",
    ),
    say("The foster carer thinks {name} needs help with managing emotions.", needs="foster"),
    say(
        "Grandmother, who {name} lives with, is supportive and will bring {name} to appointments.",
        needs="grandmother",
    ),
    say(
        "Parents were not available to give their views; to follow up at the first review.",
        needs="parents_unavailable",
    ),
    say(
        "{name}'s family visit every week and want {name} home; they will support the release "
        "plan.",
        needs="custody",
        unless="uasc parents_unavailable",
    ),
    say(
        "According to {carer}, {name} is calmer at home but still stays out late.",
        needs="carer",
        unless="custody parents_unavailable",
    ),
    say(
        "{name}'s key worker says {name} is settling in at the supported accommodation and "
        "keeps to the house rules.",
        needs="supported",
    ),
    say(
        "Staff at the residential unit say {name} gets on well with one member of staff and "
        "finds evenings hard.",
        needs="residential",
    ),
    say(
        "{name}'s social worker says {name} is settling in and wants help to trace family abroad.",
        needs="uasc looked_after",
    ),
    say(
        "{name}'s personal adviser from the leaving care team says {name} is managing but money "
        "is tight.",
        needs="ever_looked_after adult",
    ),
)

#: A victim's own needs and wishes (``Victim.notes``), by the victim's facts: ``person`` or
#: ``organisation``, ``shop``, ``damage``, the restorative justice taken up (``rj_direct``,
#: ``rj_indirect``, ``rj_declined``), ``progress_requested``, ``support_given``.
VICTIM_NEEDS = Options(
    say(
        "The victim wants an apology and to know {name} will not come to the shop again.",
        needs="shop",
    ),
    say(
        "The victim does not want to meet {name} but asked to be told how the {order} ends.",
        needs="progress_requested",
        unless="rj_direct",
    ),
    say(
        "The victim is anxious about meeting {name} in the area; a route plan is agreed.",
        needs="person",
    ),
    say("The victim would like to meet {name} in a restorative meeting.", needs="rj_direct"),
    say("The victim wants the damage repaired; reparation work has been arranged.", needs="damage"),
    say("The victim chose a letter of apology rather than a meeting.", needs="rj_indirect"),
    say(
        "The victim did not want restorative justice but asked for support; details of Victim "
        "Support were given.",
        needs="rj_declined support_given",
    ),
)

#: The victim's views on the out-of-court decision, asked before the panel (its pack
#: shows them). Facts: ``person`` or ``organisation``, ``shop``, ``damage``,
#: ``consented`` (to contact with the service), ``rj_<choice>``.
VICTIM_VIEWS = Options(
    say(
        "Would like an apology and to know {name} is getting help; content with an "
        "out-of-court outcome.",
        needs="person consented",
    ),
    say(
        "Wants {name} to understand how frightening it was, and would accept a letter of apology.",
        needs="person rj_indirect",
    ),
    say("Would like to meet {name} with a facilitator.", needs="person rj_direct"),
    say(
        "Told the officer in the case that they want no contact with {name} and no court case.",
        needs="person",
        unless="consented",
    ),
    say(
        "The store manager wants {name} to understand the cost to staff and is open to reparation.",
        needs="shop",
    ),
    say("Wants the damage put right; would welcome reparation.", needs="damage"),
    say(
        "Content for the panel to decide; asked to be told the outcome.",
        needs="organisation",
        unless="shop damage",
    ),
)

#: Why a missed contact led to no warning or breach (the enforcement decision's reason).
NO_ENFORCEMENT_NOTES = {
    "order": (
        "A good reason was given the next day and accepted; no warning.",
        "Rang the same afternoon to say they were unwell; rearranged, no warning.",
    ),
    "voluntary": (
        "Not an order, so no enforcement; the next appointment was confirmed by phone.",
        "Voluntary intervention: no warning; rearranged for the following week.",
    ),
}

#: What the assessment says of the victims' needs and wishes, from the first victim.
VICTIM_NOT_ASKED = "The victim has not been contacted yet; the victim worker is arranging it."
VICTIM_NO_CONTACT = (
    "The victim did not want contact with the service; the views here are from the police file."
)
VICTIM_NOTHING_MORE = "The victim was contacted and has nothing more to ask for at this stage."

#: (objective, action, who) by pillar; ``who`` may name the child, the carer or the case
#: manager.
PLAN_ACTIONS = {
    "desistance": Options(
        say(
            (
                "Get back into education",
                "Meet the education officer and visit the college open day",
                "{name} and the education officer",
            ),
            needs="post_school_age not_in_ete",
            unless="custody",
            adds="education_action",
        ),
        say(
            (
                "Get back into education",
                "Meet the education officer about a school or alternative provision place",
                "{name} and the education officer",
            ),
            needs="school_age not_in_ete",
            unless="custody",
            adds="education_action",
        ),
        say(
            (
                "Understand the effect of the offence on the victim",
                "Complete the victim awareness sessions",
                "{name} and {worker}",
            ),
            needs="victim",
        ),
        say(
            (
                "Find something positive to do in the evenings",
                "Join the boxing club on Tuesdays and Thursdays",
                "{name}, with the youth worker",
            ),
            unless="custody",
        ),
        say(
            (
                "Reduce cannabis use",
                "Weekly sessions with the substance misuse worker",
                "{name} and the substance misuse worker",
            ),
            needs="substance",
        ),
        say(
            (
                "Make amends",
                "Complete 10 hours of reparation at the community garden",
                "{name} and the reparation officer",
            ),
            unless="custody",
            adds="reparation",
        ),
        say(
            (
                "Make the most of education in custody",
                "Go to every education session on the unit",
                "{name} and the education staff",
            ),
            needs="custody",
            adds="education_action",
        ),
        say(
            (
                "Understand what led to the offence",
                "Work through the offence-focused sessions",
                "{name} and {worker}",
            )
        ),
    ),
    "safety_and_wellbeing": Options(
        say(
            (
                "Stay safe in the community",
                "Agree a safety plan for travelling to and from college",
                "{name} and {worker}",
            ),
            needs="at_college",
        ),
        say(
            (
                "Stay safe in the community",
                "Agree a safety plan for travelling to and from school",
                "{name} and {worker}",
            ),
            needs="in_school",
        ),
        say(
            (
                "Get support with low mood",
                "Referral to CAMHS and weekly check-ins",
                "{worker} and the CAMHS practitioner",
            ),
            needs="mental_health",
        ),
        say(
            (
                "Keep safe from exploitation",
                "Share concerns at the multi-agency exploitation meeting",
                "{worker}",
            ),
            needs="exploitation",
        ),
        say(
            (
                "Have somewhere safe and stable to live",
                "Support the family's housing application",
                "{carer} and the family support worker",
            ),
            needs="temporary",
        ),
        say(
            (
                "Keep healthy",
                "Register with a GP and go to the health check",
                "{name} and {worker}",
            ),
            unless="custody",
        ),
        say(
            (
                "Feel settled and supported",
                "Help with the asylum claim and a referral to the Refugee Council's children's "
                "service",
                "{name}, the social worker and {worker}",
            ),
            needs="uasc looked_after",
        ),
        say(
            (
                "Stay safe in custody",
                "Weekly contact with the establishment's caseworker about how {name} is coping",
                "{worker}",
            ),
            needs="custody",
        ),
    ),
    "risk_of_harm": Options(
        say(
            (
                "Keep the victim safe",
                "Respect the agreed exclusion from the victim's street",
                "{name}",
            ),
            needs="person_victim",
            unless="custody",
        ),
        say(
            (
                "Understand the risks of carrying a knife",
                "Complete the knife crime programme",
                "{name} and {worker}",
            ),
            needs="knife",
        ),
        say(
            (
                "Manage anger without violence",
                "Work through the emotional regulation sessions",
                "{name} and the psychology student",
            ),
            needs="violence",
        ),
        say(
            (
                "Keep other people safe at home",
                "Attend the adolescent to parent violence programme with mum",
                "{name}, {carer} and the family practitioner",
            ),
            needs="mum",
            unless="custody",
        ),
        say(
            (
                "Think before acting",
                "Work through the consequential thinking sessions",
                "{name} and {worker}",
            )
        ),
    ),
}

CHILD_VERSION = Options(
    say(
        "I will go to my sessions every week and work on keeping out of trouble. {worker} will "
        "help me get into college.",
        unless="at_college custody",
    ),
    say(
        "My plan is to stay away from the people I was with, go to boxing, and get help with "
        "my sleep and mood.",
        unless="custody",
    ),
    say(
        "I will do my reparation hours and write to the person I hurt. Mum will come to my "
        "reviews.",
        needs="reparation person_victim mum",
    ),
    say(
        "I want to finish my order early for good progress. I'll keep my appointments and tell "
        "{worker} if I'm worried about anything.",
        needs="community_order",
        unless="custody",
    ),
    say("I'll keep my appointments and tell {worker} if something is worrying me."),
    say(
        "I will go to education here, keep out of trouble on the unit and work with {worker} on "
        "where I live when I get out.",
        needs="custody",
    ),
)

CONTINGENCY_SAFETY = Options(
    say(
        "If {name} goes missing, {carer} will report it to the police, and the case manager will "
        "tell social care the same day.",
        needs="carer",
        unless="custody",
    ),
    say(
        "If {name} goes missing, the police are told at once and the case manager tells social "
        "care the same day.",
        unless="custody",
    ),
    say(
        "If {name}'s mood drops, contact the CAMHS duty line; out of hours, the crisis team.",
        needs="mental_health",
        unless="custody",
    ),
    say(
        "If concerns about exploitation increase, convene a strategy meeting.", needs="exploitation"
    ),
    say(
        "If {name} is at risk in custody, the establishment's safeguarding procedures apply and "
        "{worker} is told the same day.",
        needs="custody",
    ),
)

CONTINGENCY_RISK = Options(
    say("If {name} is found with a weapon, arrange an urgent meeting and inform the police."),
    say(
        "If {name} contacts the victim, escalate to the team manager the same day.",
        needs="person_victim",
    ),
    say(
        "If arguments at home become violent, {carer} will use the agreed safety plan and call "
        "the police.",
        needs="family_home",
        unless="custody",
    ),
)

REVIEW_CHANGES = {
    "desistance": Options(
        say(
            "{name} has started at college three days a week and is enjoying it.",
            needs="at_college",
        ),
        say("No new offences. Attendance at sessions has been good.", unless="new_offence"),
        say("{name} has stopped going to the park with the old peer group.", unless="custody"),
        say(
            "Cannabis use is down to weekends, by {name}'s account.",
            needs="substance",
            unless="custody",
        ),
        say(
            "{name} has had a new outcome {since}; we have talked about what led "
            "to it and what has to change.",
            needs="significant_change",
        ),
        say("{name} goes to education on the unit and has had no adjudications.", needs="custody"),
        say(
            "{name} has finished the order; the exit plan covers education and who {name} can "
            "turn to.",
            needs="end_of_order",
        ),
        say("{name} says things are calmer than they were.", unless="significant_change"),
    ),
    "safety": Options(
        say("No missing episodes {since}.", needs="missing"),
        say("The family has moved to a new flat; {name} feels safer.", needs="moved family_home"),
        say("CAMHS have started sessions and {name} says they help.", needs="camhs"),
        say(
            "A missing episode last month; return home interview completed.",
            needs="missing",
            unless="custody",
        ),
        say("No new concerns about {name}'s safety {since}."),
        say(
            "{name} is settling on the unit; no incidents of self-harm or violence.",
            needs="custody",
        ),
    ),
    "risk": Options(
        say("Risk of serious harm remains low.", needs="rosh_low"),
        say("The victim reports no further contact.", needs="person_victim"),
        say(
            "Police intelligence shows no links to the group since the order began.",
            needs="court_order",
        ),
        say(
            "Police intelligence shows no links to the group since the intervention began.",
            needs="out_of_court",
        ),
        say("Risk to others reduced from medium to low.", needs="rosh_medium"),
        say(
            "Risk of serious harm remains {rosh}; the multi-agency plan continues.",
            needs="rosh_raised",
        ),
        say("No new information about risk to others {since}."),
    ),
    "plan": Options(
        say("The plan continues with a focus on education.", unless="end_of_order no_plan"),
        say("Reparation finished; victim work completed; plan updated.", needs="reparation victim"),
        say("Contact stays as it is until the next review.", unless="end_of_order"),
        say(
            "Added support from the speech and language therapist.",
            needs="slcn",
            unless="end_of_order",
        ),
        say(
            "Release plan agreed: where {name} will live, education and the first appointments "
            "after release.",
            needs="custody_move",
        ),
        say(
            "The plan is updated to take in the new outcome.",
            needs="significant_change",
            unless="no_plan",
        ),
        say(
            "The order has ended; nothing further is planned beyond the exit plan.",
            needs="end_of_order",
        ),
    ),
}

#: Notes of attended contacts, by ``Contact.kind``; blanks are contacts with no note.
CONTACT_NOTES = {
    "school_visit": Options(
        say("Met {name} at school with the head of year to go over how lessons are going."),
        say("Joined {name}'s review meeting at school; attendance is getting better."),
    ),
    "text_or_email": Options(
        say("Texted a reminder of the next appointment; {name} replied to confirm."),
        say("Sent {name} the details of the next session by text."),
    ),
    "face_to_face": Options(
        say("Worked on the victim awareness module.", needs="victim"),
        say("Session on keeping safe when travelling."),
        say("Reparation at the community garden."),
        say("Went through the knife crime workbook together.", needs="knife"),
        say("Emotional regulation session."),
        say(
            "Met with the education officer about a college place.",
            needs="post_school_age",
            unless="at_college",
        ),
        say("Met with the education officer about a school place.", needs="school_age not_in_ete"),
        say("Went over the safety plan."),
        say(""),
        say(""),
    ),
    "home_visit": Options(
        say("Home visit: talked with {carer} about how things are going.", needs="carer"),
        say("Home visit: talked with {name} about how things are going."),
        say("Home visit: checked in about school and sleep.", needs="in_school"),
        say("Home visit: checked in about college and sleep.", needs="at_college"),
        say(""),
    ),
    "phone": Options(
        say("Phone call to rearrange the session."),
        say("Phone call: checked in about college and sleep.", needs="at_college"),
        say("Phone call: checked in about school and sleep.", needs="in_school"),
        say(""),
    ),
    "video": Options(
        say("Video call: went through the week and the next session."),
        say("Video call: checked in about college and sleep.", needs="at_college"),
        say(""),
    ),
    "in_custody": Options(
        say("Visit in custody: talked about education on the unit."),
        say("Visit in custody: went through the plans for release."),
        say("Visit in custody, with the establishment's caseworker."),
        say(""),
    ),
}

#: Enforcement notes: the first and second missed appointments, the breach at the third,
#: and any missed after it.
ENFORCEMENT_NOTES = (
    "Warning letter sent; explained at the next session.",
    "Second missed appointment without reason; warning issued.",
    "Breach proceedings started after three unacceptable absences.",
    "Another missed appointment without reason since the breach; warning issued.",
)

#: A manager's comments, by the kind of work and the decision. A comment names no other
#: kind of work than its own.
OVERSIGHT_RETURNED = {
    "assessment": Options(
        say(
            "The analysis of risk of harm to others does not draw on the police intelligence. "
            "Please add it and revisit the risk level.",
            adds="no_police_intelligence",
        ),
        say(
            "The victim's views are not recorded. Please contact the victim worker before "
            "resubmitting.",
            needs="victim",
            clears="victims_needs_and_wishes",
        ),
        say(
            "Safety and wellbeing: the missing episodes are not analysed. Please add them.",
            needs="missing",
            adds="missing_not_analysed",
        ),
        say("Diversity and identity are not considered. Please add how they affect the work."),
        say(
            "The assessment does not use what the school knows. Please ask the school before "
            "resubmitting.",
            needs="in_school",
        ),
        say(
            "The assessment does not weigh up what being looked after means for {name}. Please "
            "speak to the social worker.",
            needs="looked_after",
        ),
    ),
    "plan": Options(
        say(
            "The plan does not say how the child's speech and language needs will be met.",
            needs="slcn",
        ),
        say(
            "Please write the plan to the child, in words they will understand.",
            clears="child_version",
        ),
        say(
            "The contingency plan is missing for keeping other people safe.",
            clears="contingency_risk",
        ),
        say(
            "The plan has no action for education. Please add one with a date.",
            needs="not_in_ete",
            unless="education_action",
        ),
        say("Please make the plan's objectives specific, so that progress can be measured."),
    ),
    "review": Options(
        say("The review does not record {name}'s own views. Please add them."),
        say(
            "The review does not say whether the victim has been kept informed. Please add it.",
            needs="victim",
        ),
        say("The review should say what happens next and who will do it. Please add it."),
        say(
            "The end-of-order review should say what support carries on afterwards. Please add it.",
            needs="end_of_order",
        ),
    ),
}

OVERSIGHT_COUNTERSIGNED = {
    "assessment": Options(
        *plain("", "", "Good analysis, clearly written to the child."),
        say("Agreed; the analysis of risk is clear and well evidenced."),
        say("Agreed; please make sure the victim worker sees this.", needs="victim"),
        say("Countersigned. Good use of the school's information.", needs="in_school"),
    ),
    "plan": Options(
        *plain("", "", "Agreed. Clear actions, each with a date."),
        say("Countersigned; the plan is written to the child."),
        say("Agreed; please make sure the victim worker sees this.", needs="victim"),
    ),
    "review": Options(
        *plain("", "", "Agreed; the changes are clearly recorded."),
        say("Countersigned. Good to see the progress.", unless="significant_change"),
        say("Agreed; please make sure the victim worker sees this review.", needs="victim"),
    ),
}

#: The out-of-court panel's rationale, by decision, from the child's true facts:
#: ``{age}`` on the panel date, ``{previous}`` ("one previous outcome", ...), ``{gravity}``
#: the gravest offence's score; ``low_gravity`` (3 or less), ``victim_agreed`` (a victim
#: asked before the decision who consented), ``injured_victim`` (a victim of an injury
#: offence), ``second_within_a_year`` (one earlier outcome, less than a year before).
PANEL_RATIONALE = {
    "community_resolution": Options(
        say(
            "First outcome, admitted, low gravity; the victim agreed to a community resolution "
            "with reparation. Intervention to address the reasons for the offence.",
            needs="first_outcome low_gravity victim_agreed",
        ),
        say(
            "{name} is {age} with no previous outcomes; a community resolution with support is "
            "proportionate and keeps {name} out of the formal system.",
            needs="first_outcome",
        ),
        say(
            "{name}, aged {age}, admitted the offence and has {previous}; a community resolution "
            "with support was agreed.",
            needs="earlier_outcomes",
        ),
        say(
            "{name} admitted the offence; a community resolution with work on the reasons for "
            "it is proportionate."
        ),
    ),
    "youth_caution": Options(
        say(
            "Second outcome within a year; {name} admitted the offence. A youth caution with a "
            "voluntary programme was agreed.",
            needs="second_within_a_year",
        ),
        say(
            "Gravity score {gravity}; {name} admitted the offence and the panel agreed a youth "
            "caution."
        ),
        say(
            "{name} is {age} and has {previous}; a youth caution with a voluntary programme gives "
            "structure without prosecution.",
            needs="earlier_outcomes",
        ),
        say(
            "{name} is {age} with no previous outcomes, but the offence is too serious for a "
            "community resolution (gravity score {gravity}); a youth caution was agreed.",
            needs="first_outcome",
            unless="low_gravity",
        ),
    ),
    "ycc": Options(
        say(
            "Repeat offending and a victim who was injured; conditions of reparation and a "
            "programme of work give structure without prosecution.",
            needs="earlier_outcomes injured_victim",
        ),
        say(
            "Repeat offending: {name} has {previous}. Conditions of reparation and a programme "
            "of work give structure without prosecution.",
            needs="earlier_outcomes",
        ),
        say(
            "{name} admitted the offence; a youth conditional caution with conditions was agreed "
            "as an alternative to charge."
        ),
        say(
            "The victim was injured; {name} admitted the offence, and a youth conditional caution "
            "with conditions of reparation was agreed as an alternative to charge.",
            needs="injured_victim",
        ),
    ),
}

#: Added when the service's recommendation was not the panel's decision.
PANEL_DIFFERENT = " The service recommended {recommended}; the panel decided on {decided}."
PANEL_DECISION_WORDS = {
    "community_resolution": "a community resolution",
    "youth_caution": "a youth caution",
    "ycc": "a youth conditional caution",
}

#: Why the service recommends an outcome to the panel (the panel pack shows it).
PANEL_RECOMMENDATION_REASON = {
    "community_resolution": (
        "{name} is {age}, with {previous}, and admitted the offence. A community resolution "
        "with voluntary sessions deals with it without a formal record."
    ),
    "youth_caution": (
        "{name} is {age}, with {previous}, and admitted the offence. A youth caution with "
        "voluntary work on what led to it is proportionate to the harm done."
    ),
    "ycc": (
        "{name} is {age}, with {previous}. Conditions (reparation and sessions on the "
        "offence) would address the harm done and give {name} structure."
    ),
}

PANEL_RECOMMENDATION_DIFFERENT = {
    "community_resolution": "youth_caution",
    "youth_caution": "community_resolution",
    "ycc": "youth_caution",
}

#: Identity notes, chosen only where the child's records fit them. Facts of the child
#: (``facts.py``): ``traveller``, ``white_other``, ``racism_plausible`` (not White British
#: or Irish, and known), ``muslim_plausible``, ``send_need``, ``family_home_first`` and
#: ``with_parent_first`` (where the child lived at the first outcome), ``ever_looked_after``,
#: ``age13_first``, ``gender_unsaid`` (prefers not to say).
IDENTITY_NOTES = Options(
    say(
        "Muslim; attends the mosque with family on Fridays.",
        needs="muslim_plausible family_home_first",
        adds="muslim",
    ),
    say(
        "Young carer for a parent with a long-term illness.",
        needs="with_parent_first",
        unless="ever_looked_after",
    ),
    say("Has recently come out as gay to close friends; not to family yet.", needs="age13_first"),
    say("Proud of the family's Traveller heritage.", needs="traveller"),
    say(
        "Born in {country}; moved to England at {moved}. Speaks {language} at home.",
        needs="white_other family_home_first",
        adds="home_language",
    ),
    say("Christian; sings in the church choir."),
    say("Autistic; finds new places and people hard.", needs="send_need", adds="autistic"),
    say("Has experienced racism at school and in the community.", needs="racism_plausible"),
    say("Identifies as non-binary; uses they/them.", unless="gender_unsaid", adds="non_binary"),
)

#: Where a child born in another European country came from, by first name (Polish otherwise).
BORN_ABROAD = {
    **dict.fromkeys(
        ("Andrei", "Matei", "Ionut", "Darius", "Luca", "Ioana", "Daria"), ("Romania", "Romanian")
    ),
    **dict.fromkeys(("Tomas", "Lukas"), ("Lithuania", "Lithuanian")),
}
BORN_IN_POLAND = ("Poland", "Polish")

UASC_NOTE = (
    "Arrived as an unaccompanied asylum-seeking child from {country}; speaks {language} and "
    "some English."
)
UASC_COMMUNICATION = (
    "English is an additional language; {language} interpreter for sessions and meetings."
)

COMMUNICATION_NEEDS = Options(
    say(
        "Speech, language and communication needs: keep sentences short and check understanding.",
        needs="send_need",
        adds="slcn",
    ),
    say("ADHD: short sessions with breaks; movement helps."),
    say("Dyslexia: read written material aloud; use visuals."),
    say("Hearing impairment: face the child when speaking; quiet room.", needs="send_need"),
    say(
        "English is an additional language; interpreter for meetings with parents.",
        needs="home_language with_parent_first",
    ),
    say(
        "Autism: give the session plan in advance; avoid sudden changes.",
        needs="send_need",
        adds="autistic",
    ),
)


@dataclass(frozen=True, slots=True)
class Deed:
    """What an offence was, and who it was against: ``victims`` lists the organisations
    (``ORGANISATION_VICTIMS``) it fits, and ``"person"`` or ``"police"`` for people; none
    for offences with no victim. ``school_age``: it happened at school."""

    text: str
    victims: tuple[str, ...] = ()
    school_age: bool = False


PERSON = ("person",)

OFFENCE_DESCRIPTIONS = {
    "common-assault": (
        Deed("Pushed and punched another child after school.", PERSON, school_age=True),
        Deed("Slapped a peer during an argument at the park.", PERSON),
    ),
    "assault-emergency-worker": (
        Deed("Kicked a police officer during arrest.", ("police",)),
        Deed("Spat at a paramedic while intoxicated.", PERSON),
    ),
    "criminal-damage": (
        Deed("Smashed a bus shelter window with friends.", ("Parish council (bus shelter)",)),
        Deed("Damaged a car's wing mirror and door.", PERSON),
        Deed("Graffiti on the school's sports hall.", ("Secondary school",)),
        Deed("Smashed a window on a bus.", ("Bus operator",)),
        Deed("Broke a window at the community centre.", ("Community centre",)),
        Deed("Damaged the changing rooms at the leisure centre.", ("Leisure centre",)),
        Deed("Kicked in the door of a block of flats.", ("Housing association",)),
    ),
    "theft": (
        Deed("Took a mobile phone from a classmate's bag.", PERSON, school_age=True),
        Deed("Stole a bicycle from outside a shop.", PERSON),
        Deed("Took cash from the till at the station café.", ("Railway station café",)),
        Deed("Took a games console from the youth club.", ("Youth club",)),
        Deed(
            "Took food from the supermarket's delivery cages.", ("Supermarket on the high street",)
        ),
    ),
    "shoplifting": (
        Deed(
            "Took sweets and energy drinks from a shop.",
            ("Local convenience store", "Supermarket on the high street"),
        ),
        Deed("Took make-up from a chemist.", ("Chemist",)),
        Deed("Took a jacket from a clothes shop.", ("Clothes shop in the shopping centre",)),
        Deed("Took trainers from a sports shop.", ("Sports shop in the retail park",)),
    ),
    "public-order-s5": (
        Deed("Shouting and swearing at shop staff.", ("person", "Supermarket on the high street")),
    ),
    "public-order-s4": (
        Deed("Threatened a group of children at the bus station.", PERSON),
        Deed("Threatened staff at the railway station café.", ("Railway station café",)),
        Deed("Threatened youth workers at the youth club.", ("Youth club",)),
    ),
    "possession-cannabis": (Deed("Found with a small amount of cannabis in the park."),),
    "possession-bladed-article": (Deed("Found with a kitchen knife in the town centre."),),
    "robbery": (
        Deed("With two others, took another child's phone and jacket by threats.", PERSON),
    ),
    "assault-abh": (Deed("Punched another child, breaking their nose.", PERSON),),
    "supply-class-a": (
        Deed("Found with wraps of crack cocaine and two phones at a train station."),
    ),
    "taking-vehicle": (Deed("Took a neighbour's moped without consent.", PERSON),),
}

PLACED_BY_OTHER_AUTHORITIES = (
    "London Borough of Croydon",
    "London Borough of Lewisham",
    "Medway Council",
    "Brighton and Hove City Council",
    "Surrey County Council",
    "London Borough of Bexley",
)

HOME_AUTHORITY = "Weald and Downs County Council"
SERVICE_NAME = "Weald and Downs Youth Justice Service"

#: Locality teams, each with the districts it covers (made-up places).
TEAMS = (
    ("North locality", ("Hartford", "Eastmere", "Sheldon Marsh")),
    ("South locality", ("Ashbury", "Folksworth", "Romley")),
    ("East locality", ("Canterfield", "Thanetby", "Doverley")),
    ("West locality", ("Maidwell", "Tonbury", "Sevenbridge")),
    ("Central locality", ("Kingsmead", "Oakham Cross")),
    ("Coastal locality", ("Seabrook", "Harwick Bay")),
    ("Valley locality", ("Meadowford", "Lydden Vale")),
    ("Riverside locality", ("Wharton", "Millbridge")),
    ("Downs locality", ("Chalkhill", "Finchdean")),
    ("Weald locality", ("Ashdown Green", "Crowfield")),
    ("Marsh locality", ("Romney End", "Newchurch")),
    ("Forest locality", ("Bedgebury", "Hawkhurst Common")),
)
