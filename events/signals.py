"""Publishing, unpublishing, moving or deleting content makes every cached page stale."""

from django.apps import apps
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.images.models import AbstractRendition
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from events.models import ContentVersion

CONTENT_APPS = {"events", "wagtailcore", "wagtailimages", "wagtaildocs"}


def _bump(**kwargs):
    ContentVersion.bump()


for signal in (page_published, page_unpublished, post_page_move, page_slug_changed):
    signal.connect(_bump, dispatch_uid=f"page-cache-{signal!r}")


@receiver(post_save, dispatch_uid="page-cache-save")
@receiver(post_delete, dispatch_uid="page-cache-delete")
def content_saved(sender, **kwargs):
    # Snippets (a brand's colours, a venue's address) show on published pages at once.
    # Historical models in migrations live in another registry and must not be counted.
    if (
        sender._meta.apps is apps
        and sender._meta.app_label in CONTENT_APPS
        and sender is not ContentVersion
        # Renditions are made while pages render; they change nothing that is shown.
        and not issubclass(sender, AbstractRendition)
        and not kwargs.get("raw")
    ):
        ContentVersion.bump()


@receiver(page_published, dispatch_uid="sync-registration-settings")
def share_registration_settings(sender, instance, **kwargs):
    """An event's registration settings are one, whatever language they were last published in."""
    from events.models import EventPage

    if not isinstance(instance, EventPage):
        return
    shared = {field: getattr(instance, field) for field in EventPage.SHARED_ACROSS_TRANSLATIONS}
    EventPage.objects.filter(translation_key=instance.translation_key).exclude(pk=instance.pk).update(**shared)
