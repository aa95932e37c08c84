from django.db import models
from django.utils.translation import gettext_lazy as _


class Message(models.Model):
    """One email in the outbox, with its delivery status."""

    class Kind(models.TextChoices):
        INVITATION = "invitation", _("Invitation")
        REMINDER = "reminder", _("Reminder")
        RECEIVED = "received", _("Application received")
        CONFIRMATION = "confirmation", _("Confirmation")
        REJECTION = "rejection", _("Rejection")
        WAITLISTED = "waitlisted", _("Waiting list")
        OFFER = "offer", _("Place offered")
        DECLINED = "declined", _("Decline acknowledged")
        CANCELLED = "cancelled", _("Cancellation")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    registration = models.ForeignKey(
        "registrations.Registration", on_delete=models.CASCADE, related_name="messages", null=True
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    language = models.CharField(_("language"), max_length=10)
    sender = models.CharField(_("from"), max_length=300)
    recipient = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)
    # When a worker last took the message to send it: an attempt with no outcome long after
    # this was cut short by a dying worker, and the outbox sweep makes it again.
    claimed_at = models.DateTimeField(_("last attempt started"), null=True, blank=True)
    # When a failed message is to be tried again; empty once it is sent or given up.
    retry_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.subject} → {self.recipient}"


class MessageTemplate(models.Model):
    """An organizer's own wording for one kind of message, per brand and language.

    Placeholders: {name}, {event}, {start}, {venue}, {link}, {deadline}, {sender}.
    Without a template of its own, a message uses the built-in wording.
    """

    brand = models.ForeignKey(
        "events.Brand", verbose_name=_("brand"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Message.Kind.choices)
    language = models.CharField(_("language"), max_length=10, choices=[("zh-hans", "中文"), ("en", "English")])
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"))

    class Meta:
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")
        constraints = [
            models.UniqueConstraint(fields=["brand", "kind", "language"], name="one_template_per_brand_kind_language")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.language}"


class OutboxSweep(models.Model):
    """When the outbox sweep (registrations.tasks.sweep_outbox) next runs: a single row, so that
    however many processes ask for a sweep, one task at a time is waiting for it."""

    due_at = models.DateTimeField(null=True)

    class Meta:
        verbose_name = _("outbox sweep")

    def __str__(self):
        return f"outbox sweep due {self.due_at}"
