"""Writes for the out-of-court joint decision panel: recording its joint decision.

The service convention (``docs/architecture.md``): keyword-only, one transaction, the
permission check first (``permissions.can_record_panel_decision``: the police panel
member or youth justice staff who may change the child's record), a refusal raises
:class:`~childfirst.casework.errors.CaseworkError` with its errors by field and changes
nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils import timezone

from childfirst.accounts.models import User
from childfirst.casework.bounds import long_date
from childfirst.casework.errors import CaseworkError, NotAllowed
from childfirst.casework.models import Intervention
from childfirst.casework.permissions import can_record_panel_decision
from childfirst.casework.services.records import _save

#: What the joint decision records; all but ``panel_members`` are required.
DECISION_FIELDS = (
    "panel_date",
    "panel_gravity_score",
    "panel_decision",
    "panel_rationale",
    "panel_police_member",
    "panel_yjs_member",
    "panel_members",
)
REQUIRED = {
    "panel_date": "Enter the date of the panel",
    "panel_gravity_score": "Select the NPCC gravity score",
    "panel_decision": "Select the panel's decision",
    "panel_rationale": "Enter the rationale for the panel's decision",
    "panel_police_member": "Enter the name of the police decision maker",
    "panel_yjs_member": "Enter the name of the youth justice service member",
}


def record_panel_decision(
    *, actor: User, referral: Intervention, data: Mapping[str, Any]
) -> Intervention:
    """Record (or correct) the panel's joint decision on ``referral``."""
    if not can_record_panel_decision(actor, referral):
        raise NotAllowed("You cannot record the decision on this referral")
    unknown = set(data) - set(DECISION_FIELDS)
    if unknown:
        raise TypeError(f"Not part of the joint decision: {', '.join(sorted(unknown))}")
    values = {name: data.get(name) for name in DECISION_FIELDS}
    for name in ("panel_rationale", "panel_police_member", "panel_yjs_member", "panel_members"):
        values[name] = (values[name] or "").strip()
    errors = {name: message for name, message in REQUIRED.items() if not values[name]}
    day = values["panel_date"]
    today = timezone.localdate()
    if day and day > today:
        errors["panel_date"] = (
            f"The date of the panel must be today or in the past: the decision is recorded "
            f"once the panel has met (today is {long_date(today)})"
        )
    if errors:
        raise CaseworkError(fields=errors)
    return _save(referral, actor, values)
