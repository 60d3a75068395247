"""Reading a child's records once for a page that shows them in several places.

The record page shows most of what is kept about a child twice: in the summary at the top
(the current care status, accommodation, victims...) and in the chronology below (every
episode, every victim...), and the network both in its own section and in the
chronology. :func:`prefetch_record` reads each of those relations once, onto the child,
and the selectors read them through :func:`related`, which uses what was read if it was
and asks the database (with the same related rows joined) if not. A caller that never
prefetches (a command, the subject access export) gets the same answers.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet, prefetch_related_objects

from childfirst.casework.models import (
    AccommodationEpisode,
    Assessment,
    Child,
    Document,
    EteEpisode,
    Intervention,
    Offence,
    Outcome,
    Plan,
    Review,
    Victim,
)

#: What each relation is read with, here and by :func:`related`.
_WITH: dict[str, tuple[str, ...]] = {
    "interventions": ("outcome__outcome_type", "case_manager", "team"),
    "outcomes": ("outcome_type",),
    "assessments": ("author",),
    "plans": ("author",),
    "reviews": ("author",),
    "accommodation": ("accommodation_type",),
    "ete": ("provision_type",),
    "documents": ("uploaded_by", "removed_by", "intervention__outcome__outcome_type"),
}

_MODELS = {
    "interventions": Intervention,
    "outcomes": Outcome,
    "assessments": Assessment,
    "plans": Plan,
    "reviews": Review,
    "accommodation": AccommodationEpisode,
    "ete": EteEpisode,
    "documents": Document,
}

#: The child's network, only for those who may see it (``permissions.can_see_network``).
NETWORK = ("family", "professionals", "addresses")


def prefetch_record(child: Child, *, network: bool, documents: bool) -> Child:
    """Read onto ``child``, one query a relation, what the record page shows in more than
    one place (the network only with ``network``, the documents only with ``documents``)."""
    offences = Offence.objects.select_related("offence_type")
    lookups: list[Any] = [
        *(
            Prefetch(name, queryset=model.objects.select_related(*_WITH[name]))
            for name, model in _MODELS.items()
            if name != "documents" or documents
        ),
        Prefetch("outcomes__offences", queryset=offences),
        "care_episodes",
        "health_episodes",
        "send_records",
        Prefetch("victims", queryset=Victim.objects.all()),
        Prefetch("victims__offences", queryset=offences),
    ]
    if network:
        lookups += NETWORK
    prefetch_related_objects([child], *lookups)
    return child


def related(child: Child, name: str) -> QuerySet[Any]:
    """The child's records of relation ``name``: those :func:`prefetch_record` read, or a
    query for them, with the same related rows."""
    manager = getattr(child, name)
    if name in getattr(child, "_prefetched_objects_cache", {}):
        return manager.all()
    found = manager.select_related(*_WITH.get(name, ()))
    if name in ("outcomes", "victims"):
        found = found.prefetch_related("offences__offence_type")
    return found
