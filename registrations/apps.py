from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistrationsConfig(AppConfig):
    name = "registrations"
    verbose_name = _("Registrations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # A task object takes its class from the backend configured when it is made; made here,
        # at start-up, it never depends on which request or test first imported the module.
        from registrations import tasks  # noqa: F401
