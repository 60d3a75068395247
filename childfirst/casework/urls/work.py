"""Assessments, plans and reviews; management oversight; the caseload and team pages."""

from django.urls import path

from childfirst.casework.views import access, work, work_caseload, work_oversight, work_plan
from childfirst.casework.views.work_kinds import KINDS


def _work_urls(kind: str, plural: str) -> list:
    base = f"children/<str:reference>/{plural}"
    extra = {"kind_name": kind}
    return [
        path(f"{base}/new/", work.work_new, extra, name=f"{kind}_new"),
        path(f"{base}/<int:pk>/", work.work_detail, extra, name=kind),
        path(f"{base}/<int:pk>/check/", work.work_check, extra, name=f"{kind}_check"),
        path(f"{base}/<int:pk>/submit/", work.work_submit, extra, name=f"{kind}_submit"),
        # Before the step pattern, which would otherwise take "discard" for a step.
        path(f"{base}/<int:pk>/discard/", work.work_discard, extra, name=f"{kind}_discard"),
        path(f"{base}/<int:pk>/<slug:step>/", work.work_step, extra, name=f"{kind}_step"),
    ]


urlpatterns = [
    path("caseload/", work_caseload.caseload, name="caseload"),
    path("team/", work_caseload.team, name="team"),
    path("team/children/", work_caseload.team_children, name="team_children"),
    path("team/unusual-access/", access.unusual_access, name="unusual_access"),
    path("children/<str:reference>/work/", work.child_work, name="child_work"),
    # The plan's actions come before the generic step pattern they would otherwise match.
    path(
        "children/<str:reference>/plans/<int:pk>/actions/",
        work_plan.plan_actions,
        name="plan_actions",
    ),
    path(
        "children/<str:reference>/plans/<int:pk>/actions/add/",
        work_plan.plan_action_add,
        name="plan_action_add",
    ),
    path(
        "children/<str:reference>/plans/<int:pk>/actions/<int:action_pk>/",
        work_plan.plan_action_change,
        name="plan_action",
    ),
    path(
        "children/<str:reference>/plans/<int:pk>/actions/<int:action_pk>/remove/",
        work_plan.plan_action_remove,
        name="plan_action_remove",
    ),
    *[url for kind in KINDS.values() for url in _work_urls(kind.name, kind.plural)],
    path("oversight/<str:kind_name>/<int:pk>/", work_oversight.oversight_decide, name="oversight"),
]
