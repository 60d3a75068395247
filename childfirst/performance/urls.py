from django.urls import path

from childfirst.performance import views

app_name = "performance"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("indicators/", views.indicators, name="indicators"),
    path(
        "indicators/<str:period>/<slug:measure>/children/",
        views.indicator_children,
        name="indicator_children",
    ),
    # Before the KPI pages; a file name is not a slug, so neither pattern takes the other's.
    path("<str:period>/return.xlsx", views.return_download, {"fmt": "xlsx"}, name="return_xlsx"),
    path("<str:period>/return.csv", views.return_download, {"fmt": "csv"}, name="return_csv"),
    # Before the KPI pages, so "quality" is not read as a KPI's code.
    path("<str:quarter>/quality/", views.quality, name="quality"),
    path("<str:quarter>/<slug:code>/", views.kpi_detail, name="kpi"),
    path("<str:quarter>/<slug:code>/children/", views.kpi_children, name="children"),
]
