"""Registrations: the guest directory, registrations, delegations, messages."""

from registrations.models.messages import Message, MessageTemplate, OutboxSweep
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
from registrations.models.staff import EventRole, ImportUpload

__all__ = [
    "ATTENDING",
    "HOLDING_PLACE",
    "Activity",
    "Category",
    "Delegation",
    "EventConfig",
    "EventRole",
    "ImportUpload",
    "Message",
    "MessageTemplate",
    "OutboxSweep",
    "Person",
    "Question",
    "Registration",
    "Status",
]
