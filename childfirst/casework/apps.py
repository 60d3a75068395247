from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "childfirst.casework"
    label = "casework"
    verbose_name = "Children's records and casework"

    def ready(self) -> None:
        from childfirst.casework import checks  # noqa: F401  (registers the checks)
