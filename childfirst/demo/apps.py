from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "childfirst.demo"
    label = "demo"
    verbose_name = "Demo service"
