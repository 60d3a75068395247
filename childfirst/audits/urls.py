from django.urls import path

from childfirst.audits import views, views_exports

app_name = "audits"

urlpatterns = [
    path("", views.audit_list, name="list"),
    path("new/", views.audit_new, name="new"),
    path("compare/", views_exports.compare, name="compare"),
    path("<int:pk>/", views.audit_detail, name="detail"),
    path("<int:pk>/population/", views.population, name="population"),
    path("<int:pk>/redraw/", views.redraw, name="redraw"),
    path("<int:pk>/start/", views.start, name="start"),
    path("<int:pk>/allocate/", views.allocate, name="allocate"),
    path("<int:pk>/cases/<int:case>/", views.case, name="case"),
    path("<int:pk>/cases/<int:case>/finish/", views.finish, name="finish"),
    path("<int:pk>/cases/<int:case>/<str:standard>/", views.answer, name="answer"),
    path("<int:pk>/moderation/", views.moderation, name="moderation"),
    path(
        "<int:pk>/moderation/<int:case>/<str:standard>/<int:question>/",
        views.settle,
        name="settle",
    ),
    path("<int:pk>/ratings/<str:standard>/", views.rate, name="rate"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/results/print/", views_exports.results_print, name="results_print"),
    path("<int:pk>/results.pdf", views_exports.results_pdf, name="results_pdf"),
    path("<int:pk>/results.xlsx", views_exports.results_xlsx, name="results_xlsx"),
]
