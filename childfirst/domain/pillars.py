"""The three pillars every stage of casework is organised around.

HM Inspectorate of Probation asks the same three questions of assessment,
planning, implementation and delivery, and reviewing (seed ``002_…``, the key
question tables): does the work support the child's desistance, keep the child
safe, and keep other people safe?
"""

from __future__ import annotations

from enum import StrEnum


class Pillar(StrEnum):
    """One of the three questions asked at every stage of the work."""

    DESISTANCE = "desistance"
    SAFETY_AND_WELLBEING = "safety_and_wellbeing"
    RISK_OF_HARM = "risk_of_harm"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Pillar.DESISTANCE: "Desistance",
    Pillar.SAFETY_AND_WELLBEING: "Safety and wellbeing",
    Pillar.RISK_OF_HARM: "Risk of harm to others",
}
