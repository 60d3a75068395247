from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "childfirst.casework"
    label = "casework"
    verbose_name = "Children's records and casework"
