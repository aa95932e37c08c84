from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EventRole(models.Model):
    """A staff member's role at one event. Staff see nothing of events they hold no role at."""

    class Role(models.TextChoices):
        MANAGER = "manager", _("Event manager")
        REGISTRATION = "registration", _("Registration staff")
        LOGISTICS = "logistics", _("Logistics staff")
        CHECKIN = "checkin", _("Check-in staff")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_roles")
    event = models.ForeignKey("registrations.EventConfig", on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("event role")
        verbose_name_plural = _("event roles")
        constraints = [models.UniqueConstraint(fields=["user", "event", "role"], name="one_role_per_user_event")]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.event}"


class ImportUpload(models.Model):
    """A guest list file between upload and import: kept for the mapping and preview steps."""

    event = models.ForeignKey("registrations.EventConfig", on_delete=models.CASCADE, related_name="imports")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    file = models.FileField(upload_to="imports/%Y/%m/")
    original_name = models.CharField(max_length=255)
    mapping = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("guest list upload")
        verbose_name_plural = _("guest list uploads")

    def __str__(self):
        return self.original_name
