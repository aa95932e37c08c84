"""Logistics data: travel, vehicles and trips, hotels and rooms, needs, interpreters, passports, seating."""

from registrations.logistics.models.hotels import Hotel, RoomAssignment, RoomBlock, RoomGuest
from registrations.logistics.models.needs import Access, Diet, GuestNeeds, Meal
from registrations.logistics.models.transfers import TransferSettings, Trip, TripPassenger, Vehicle
from registrations.logistics.models.travel import Hub, Journey

__all__ = [
    "Access",
    "Diet",
    "GuestNeeds",
    "Hotel",
    "Hub",
    "Journey",
    "Meal",
    "RoomAssignment",
    "RoomBlock",
    "RoomGuest",
    "TransferSettings",
    "Trip",
    "TripPassenger",
    "Vehicle",
]
