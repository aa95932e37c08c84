"""A guest's programme: what they do, where and when, as one list in time order.

`ItineraryItem` is what every part of logistics contributes (sessions, arrival and
departure, transfers, hotel nights, interpreters, seats). Parts outside this module add
their items through the Wagtail hook `logistics_itinerary_items(registration) -> list[ItineraryItem]`.
"""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class ItineraryItem:
    kind: str  # "session", "arrival", "departure", "transfer", "hotel", "interpreter", "seat"...
    start: datetime  # aware
    end: datetime | None
    title: str  # in the active language
    place: str = ""
    detail: str = ""
    uid: str = ""  # stable across languages and edits: the .ics UID
