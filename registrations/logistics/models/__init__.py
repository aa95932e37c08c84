"""Logistics data: travel, vehicles and trips, hotels and rooms, needs, interpreters, passports, seating."""

from registrations.logistics.models.interpreters import Interpreter, InterpreterAssignment, Meeting
from registrations.logistics.models.passports import LetterheadSettings, LetterSettings, PassportData, VisaLetter
from registrations.logistics.models.seating import ProtocolDetails, ProtocolRules, Seat, SeatingPlan, Table

__all__ = [
    "Interpreter",
    "InterpreterAssignment",
    "LetterSettings",
    "LetterheadSettings",
    "Meeting",
    "PassportData",
    "ProtocolDetails",
    "ProtocolRules",
    "Seat",
    "SeatingPlan",
    "Table",
    "VisaLetter",
]
