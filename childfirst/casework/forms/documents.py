"""Forms for documents on a child's record: uploading one, and removing it.

They validate and render; they never save. The file is checked here (so every problem
shows at once, and the person chooses the file again only once) and again by
``services.documents.add_document``, which decides.
"""

from __future__ import annotations

from typing import Any

from django import forms

from childfirst.casework import files
from childfirst.casework.forms.records import RecordForm
from childfirst.casework.models import Document, max_document_bytes
from childfirst.casework.selectors.choices import open_intervention
from childfirst.ui.forms import text_area


class DocumentForm(RecordForm):
    """Upload a document: the file (the GOV.UK file upload), then what it is."""

    messages = {
        "title": "Enter a title for the document",
        "category": "Select what kind of document it is",
        "date": "Enter the date of the document",
    }
    file = forms.FileField(
        label="Upload a file",
        widget=forms.FileInput(attrs={"accept": files.ACCEPT_ATTRIBUTE}),
        error_messages={
            "required": "Select a file to upload",
            "empty": files.EMPTY,
            "invalid": "The selected file could not be read: choose it again",
            "missing": "Select a file to upload",
        },
    )

    class Meta(RecordForm.Meta):
        model = Document
        fields = ["title", "category", "date", "intervention"]
        labels = {
            "title": "Title",
            "category": "What kind of document is it?",
            "date": "Date of the document",
            "intervention": "Which intervention is it for? (optional)",
        }
        help_texts = {
            "title": "For example, 'Pre-sentence report for the youth court'",
            "date": "The date written on it, or when it was made. For example, 27 3 2024",
        }
        widgets = {"category": forms.RadioSelect}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(["file", "title", "category", "date", "intervention"])
        self.fields["file"].help_text = (
            f"{files.ACCEPTED_IN_WORDS[:1].upper()}{files.ACCEPTED_IN_WORDS[1:]}, "
            f"{files.format_size(max_document_bytes())} or smaller"
        )
        field = self.fields["intervention"]
        field.queryset = self.child.interventions.select_related("outcome__outcome_type")
        field.empty_label = "Not for an intervention"
        if not self.is_bound:
            current = open_intervention(self.child)
            if current is not None:
                self.suggest("intervention", current.pk)

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload:
            try:
                files.check_upload(upload, max_document_bytes())
            except files.NotAccepted as refused:
                raise forms.ValidationError(str(refused)) from None
            upload.seek(0)
        return upload


class DocumentRemovalForm(forms.Form):
    """Why a document is being removed (the file is kept)."""

    reason = text_area(
        "Why are you removing this document?",
        "For example, it was added to the wrong child's record. The history keeps the reason.",
        rows=4,
        required=True,
        message="Say why the document is being removed",
    )
