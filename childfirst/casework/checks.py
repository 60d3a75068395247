"""Checks Django runs at start-up (``childfirst check``, ``runserver``, ``migrate``):
documents' files must never be where a URL can reach them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import Error, register

from childfirst.casework.models import document_root


def _served_folders() -> list[Path]:
    """Every folder whose files the site serves by URL: the static files (collected and
    found) and, if one is set, the media root."""
    folders = [settings.STATIC_ROOT, getattr(settings, "MEDIA_ROOT", "")]
    for entry in getattr(settings, "STATICFILES_DIRS", []):
        folders.append(entry[1] if isinstance(entry, list | tuple) else entry)
    return [Path(folder).resolve() for folder in folders if folder]


@register()
def documents_are_not_served(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """``CHILDFIRST_DOCUMENT_ROOT`` is inside no folder served by URL, and holds none."""
    root = document_root().resolve()
    return [
        Error(
            f"CHILDFIRST_DOCUMENT_ROOT ({root}) overlaps {folder}, whose files are served "
            "to anyone by URL",
            hint="Keep documents in a folder of their own, outside the static and media "
            "files: they are sent only by the permission-checked download page",
            id="casework.E001",
        )
        for folder in _served_folders()
        if root == folder or folder in root.parents or root in folder.parents
    ]
