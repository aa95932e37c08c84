from events.models.cache import ContentVersion
from events.models.pages import EventIndexPage, EventPage, EventSession, HomePage
from events.models.settings import OfficeSettings
from events.models.snippets import Brand, Room, Speaker, Venue

__all__ = [
    "Brand",
    "ContentVersion",
    "EventIndexPage",
    "EventPage",
    "EventSession",
    "HomePage",
    "OfficeSettings",
    "Room",
    "Speaker",
    "Venue",
]
