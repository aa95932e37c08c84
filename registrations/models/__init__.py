"""Registrations: the guest directory, registrations, delegations, messages."""

from registrations.models.messages import Message
from registrations.models.people import Person
from registrations.models.registrations import (
    ATTENDING,
    HOLDING_PLACE,
    Activity,
    Delegation,
    Registration,
    Status,
)
from registrations.models.setup import Category, EventConfig, Question

__all__ = [
    "ATTENDING",
    "HOLDING_PLACE",
    "Activity",
    "Category",
    "Delegation",
    "EventConfig",
    "Message",
    "Person",
    "Question",
    "Registration",
    "Status",
]
