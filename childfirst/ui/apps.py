from django.apps import AppConfig


class UiConfig(AppConfig):
    name = "childfirst.ui"
    label = "ui"
    verbose_name = "GOV.UK Frontend components"
