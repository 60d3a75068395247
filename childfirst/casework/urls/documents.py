"""URLs of documents on a child's record (under /children/<reference>/documents/)."""

from django.urls import path

from childfirst.casework.views import documents as views

urlpatterns = [
    path("children/<str:reference>/documents/", views.document_list, name="documents"),
    path("children/<str:reference>/documents/new/", views.document_new, name="document_new"),
    path("children/<str:reference>/documents/<int:pk>/", views.document_page, name="document"),
    path(
        "children/<str:reference>/documents/<int:pk>/download/",
        views.document_download,
        name="document_download",
    ),
    path(
        "children/<str:reference>/documents/<int:pk>/remove/",
        views.document_remove,
        name="document_remove",
    ),
]
