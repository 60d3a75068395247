from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "childfirst.audits"
    label = "audits"
    verbose_name = "Inspection-style case audits"
