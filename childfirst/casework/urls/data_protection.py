"""URLs of subject access and retention: the export of a child's record
(/children/<reference>/export/), and the records due for erasure (/retention/)."""

from django.urls import path

from childfirst.casework.views import data_protection as views

urlpatterns = [
    path("children/<str:reference>/export/", views.child_export, name="child_export"),
    path("retention/", views.retention, name="retention"),
    path("retention/<str:reference>/erase/", views.erase, name="erase"),
]
