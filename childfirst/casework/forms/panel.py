"""The joint decision panel's form: the decision the police and the service make together.

It validates and renders; ``services.panel.record_panel_decision`` saves (and checks,
again, everything the decision needs).
"""

from __future__ import annotations

from typing import Any

from django import forms

from childfirst.casework.models import Intervention
from childfirst.casework.services.panel import DECISION_FIELDS, REQUIRED
from childfirst.ui.forms import GovukModelForm


class PanelDecisionForm(GovukModelForm):
    messages = REQUIRED
    sections = [
        ("", ["panel_date", "panel_gravity_score", "panel_decision", "panel_rationale"]),
        ("Who decided", ["panel_police_member", "panel_yjs_member", "panel_members"]),
    ]

    class Meta(GovukModelForm.Meta):
        model = Intervention
        fields = list(DECISION_FIELDS)
        labels = {
            "panel_date": "Date of the panel",
            "panel_gravity_score": "NPCC gravity score",
            "panel_decision": "The panel's decision",
            "panel_rationale": "Rationale",
            "panel_police_member": "Police decision maker",
            "panel_yjs_member": "Youth justice service member",
            "panel_members": "Anyone else at the panel (optional)",
        }
        help_texts = {
            "panel_gravity_score": (
                "The final score on the NPCC Child Gravity Matrix (October 2023), after "
                "aggravating and mitigating factors"
            ),
            "panel_rationale": (
                "Why the panel decided as it did; say why if the decision departs from what "
                "the gravity score normally leads to"
            ),
            "panel_police_member": "Name and rank, or role",
            "panel_yjs_member": "Name and role",
            "panel_members": "One a line, with their role",
        }
        widgets = {
            "panel_gravity_score": forms.RadioSelect,
            "panel_decision": forms.RadioSelect,
            "panel_rationale": forms.Textarea(attrs={"rows": 5}),
            "panel_members": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in REQUIRED:
            self.fields[name].required = True
        for name in ("panel_gravity_score", "panel_decision"):
            field = self.fields[name]
            field.choices = [c for c in field.choices if c[0] not in ("", None)]
