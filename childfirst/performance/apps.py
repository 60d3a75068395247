from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "childfirst.performance"
    label = "performance"
    verbose_name = "National KPIs and indicators"

    def ready(self) -> None:
        from childfirst.performance import signals

        signals.connect()
