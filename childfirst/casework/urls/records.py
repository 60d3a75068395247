"""URLs of the child's record: search, the record and its history, and the forms that
add and change each thing recorded about the child (all under /children/)."""

from django.urls import path

from childfirst.casework.urls.data_protection import urlpatterns as data_protection_urls
from childfirst.casework.urls.documents import urlpatterns as document_urls
from childfirst.casework.views import access as access_views
from childfirst.casework.views import records as views

urlpatterns = [
    path("children/", views.search, name="search"),
    path("children/new/", views.child_new, name="child_new"),
    path("children/<str:reference>/", views.child_record, name="child"),
    path("children/<str:reference>/edit/", views.child_edit, name="child_edit"),
    path("children/<str:reference>/history/", views.child_history, name="history"),
    path("children/<str:reference>/restriction/", views.restriction, name="restriction"),
    path("children/<str:reference>/seen-by/", access_views.seen_by, name="seen_by"),
    path(
        "children/<str:reference>/contacts/<int:contact_pk>/enforcement/new/",
        views.enforcement_new,
        name="enforcement_new",
    ),
    path(
        "children/<str:reference>/enforcement/<int:pk>/edit/",
        views.enforcement_edit,
        name="enforcement_edit",
    ),
    path(
        "children/<str:reference>/appointments/<int:pk>/record/",
        views.appointment_record,
        name="appointment_record",
    ),
    path(
        "children/<str:reference>/appointments/<int:pk>/cancel/",
        views.appointment_cancel,
        name="appointment_cancel",
    ),
]

for kind in views.RECORD_KINDS.values():
    urlpatterns += [
        path(
            f"children/<str:reference>/{kind.slug}/new/",
            views.record_new,
            {"kind": kind.slug},
            name=f"{kind.name}_new",
        ),
        path(
            f"children/<str:reference>/{kind.slug}/<int:pk>/edit/",
            views.record_edit,
            {"kind": kind.slug},
            name=f"{kind.name}_edit",
        ),
    ]

# The child's documents (``urls/documents.py``), subject access and retention.
urlpatterns += document_urls + data_protection_urls
