"""Publishing, unpublishing, moving or deleting content makes every cached page stale."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage
from wagtail.models import Locale, Page, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from events.models import Brand, ContentVersion, EventSession, OfficeSettings, Room, Speaker, Venue

# What published pages show besides the pages themselves. Logs, revisions and
# renditions are left out: they change nothing a visitor sees.
SHOWN_ON_PAGES = (
    Page,
    Brand,
    Venue,
    Room,
    Speaker,
    EventSession,
    OfficeSettings,
    AbstractImage,
    AbstractDocument,
    Site,
    Locale,
)


def _bump(**kwargs):
    ContentVersion.bump()


for signal in (page_published, page_unpublished, post_page_move, page_slug_changed):
    signal.connect(_bump, dispatch_uid=f"page-cache-{signal!r}")


@receiver(post_save, dispatch_uid="page-cache-save")
@receiver(post_delete, dispatch_uid="page-cache-delete")
def content_saved(sender, **kwargs):
    # Snippets (a brand's colours, a venue's address) show on published pages at once.
    # Historical models in migrations are other classes and never match.
    if isinstance(sender, type) and issubclass(sender, SHOWN_ON_PAGES) and not kwargs.get("raw"):
        ContentVersion.bump()


@receiver(page_published, dispatch_uid="sync-registration-settings")
def share_registration_settings(sender, instance, **kwargs):
    """An event's registration settings are one, whatever language they were last published in."""
    from events.models import EventPage

    if not isinstance(instance, EventPage):
        return
    shared = {field: getattr(instance, field) for field in EventPage.SHARED_ACROSS_TRANSLATIONS}
    EventPage.objects.filter(translation_key=instance.translation_key).exclude(pk=instance.pk).update(**shared)
