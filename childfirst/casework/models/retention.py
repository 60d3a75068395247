"""The deletion log: one row for each child's record erased under the retention rule.

It keeps what an inspector or the data protection officer needs to see that a record
was erased, when, by whom and under which rule, and nothing about the child: the
service's reference (which identifies no one outside the service), the rule and the
day the record became due, and how many rows of each kind went. No name, no date of
birth, no text from the record.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

__all__ = ["DeletionLogEntry"]


class DeletionLogEntry(models.Model):
    """A child's record erased: which reference, under which rule, who and when."""

    reference = models.CharField(max_length=20, db_index=True)
    rule = models.CharField(max_length=300, help_text="The retention rule, as it was applied")
    due_on = models.DateField("Due for erasure on")
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    erased_at = models.DateTimeField(auto_now_add=True)
    rows = models.JSONField(
        "Rows erased", default=dict, help_text="How many rows of each kind went, by kind"
    )

    class Meta:
        ordering = ["-erased_at", "-pk"]
        verbose_name = "deletion log entry"
        verbose_name_plural = "deletion log"

    def __str__(self) -> str:
        return f"{self.reference} erased on {self.erased_at:%Y-%m-%d}"
