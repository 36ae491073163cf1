from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "renluyen.accounts"
    verbose_name = _("Accounts")


class AxesConfig(AxesAppConfig):
    """django-axes under a Vietnamese name in the admin (its own has none)."""

    verbose_name = _("Sign-in throttling")
