from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "childfirst.accounts"
    label = "accounts"
    verbose_name = "People and access"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from childfirst.accounts.middleware import start_the_clock

        user_logged_in.connect(start_the_clock, dispatch_uid="childfirst-start-the-clock")
