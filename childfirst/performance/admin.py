from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from childfirst.performance.models import PopulationEstimate


@admin.register(PopulationEstimate)
class PopulationEstimateAdmin(SimpleHistoryAdmin):
    list_display = ["year", "children_10_17", "source"]
    ordering = ["-year"]
