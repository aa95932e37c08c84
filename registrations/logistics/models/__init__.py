"""Logistics data: travel, vehicles and trips, hotels and rooms, needs, interpreters, passports, seating."""

from registrations.logistics.models.hotels import Hotel, RoomAssignment, RoomBlock, RoomGuest
from registrations.logistics.models.interpreters import Interpreter, InterpreterAssignment, Meeting
from registrations.logistics.models.needs import Access, Diet, GuestNeeds, Meal
from registrations.logistics.models.passports import LetterheadSettings, LetterSettings, PassportData, VisaLetter
from registrations.logistics.models.seating import ProtocolDetails, ProtocolRules, Seat, SeatingPlan, Table
from registrations.logistics.models.transfers import TransferSettings, Trip, TripPassenger, Vehicle
from registrations.logistics.models.travel import Hub, Journey

__all__ = [
    "Access",
    "Diet",
    "GuestNeeds",
    "Hotel",
    "Hub",
    "Interpreter",
    "InterpreterAssignment",
    "Journey",
    "LetterSettings",
    "LetterheadSettings",
    "Meal",
    "Meeting",
    "PassportData",
    "ProtocolDetails",
    "ProtocolRules",
    "RoomAssignment",
    "RoomBlock",
    "RoomGuest",
    "Seat",
    "SeatingPlan",
    "Table",
    "TransferSettings",
    "Trip",
    "TripPassenger",
    "Vehicle",
    "VisaLetter",
]
