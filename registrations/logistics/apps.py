from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LogisticsConfig(AppConfig):
    name = "registrations.logistics"
    label = "logistics"
    verbose_name = _("Logistics")
    default_auto_field = "django.db.models.BigAutoField"
