from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "childfirst.operations"
    label = "operations"
    verbose_name = "Operations"
