from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "childfirst.accounts"
    label = "accounts"
    verbose_name = "People and access"
