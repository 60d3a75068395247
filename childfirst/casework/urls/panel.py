"""URLs of the out-of-court joint decision panel."""

from django.urls import path

from childfirst.casework.views import panel as views

urlpatterns = [
    path("panel/", views.panel, name="panel"),
    path("children/<str:reference>/panel/<int:pk>/", views.panel_pack, name="panel_pack"),
    path(
        "children/<str:reference>/panel/<int:pk>/decision/",
        views.panel_decision,
        name="panel_decision",
    ),
]
