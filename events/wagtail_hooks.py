from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from events.models import Brand, Speaker, Venue


class BrandViewSet(SnippetViewSet):
    model = Brand
    icon = "pick"
    list_display = ["name", "short_name", "slug", "sender_email"]
    search_fields = ["name", "short_name"]


class VenueViewSet(SnippetViewSet):
    model = Venue
    icon = "site"
    list_display = ["name", "city", "address"]
    list_filter = ["city"]
    search_fields = ["name", "city", "address"]


class SpeakerViewSet(SnippetViewSet):
    model = Speaker
    icon = "user"
    list_display = ["name", "position"]
    search_fields = ["name", "position"]


class EventSetupGroup(SnippetViewSetGroup):
    items = (BrandViewSet, VenueViewSet, SpeakerViewSet)
    menu_icon = "calendar"
    menu_label = _("Event set-up")
    menu_name = "event-setup"


register_snippet(EventSetupGroup)
