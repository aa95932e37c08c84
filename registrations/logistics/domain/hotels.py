"""Hotels, room blocks and who sleeps where, on which nights; and what does not add up.

A block may be over-assigned (the hotel may find a room more): that is flagged, not refused.
What cannot be true is refused: a room outside its block's nights, more guests than beds, one
guest in two rooms on the same night.
"""

import datetime as dt

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from registrations.domain.errors import RegistrationError
from registrations.logistics.domain.travel import GuestName, LogisticsWarning, Picture, check_fields, save_named
from registrations.logistics.models import Hotel, Journey, RoomAssignment, RoomBlock, RoomGuest
from registrations.logistics.models.hotels import nights_between
from registrations.models import ATTENDING, EventConfig, Registration

HOTEL_FIELDS = (
    "name_zh",
    "name_en",
    "address_zh",
    "address_en",
    "phone",
    "contact_name",
    "contact_email",
    "notes",
    "sort_order",
)
BLOCK_FIELDS = ("room_type_zh", "room_type_en", "occupancy", "check_in", "check_out", "rooms", "notes")
# A guest who lands before this hour sleeps the night before in their room: it is booked from then.
EARLY_ARRIVAL_HOUR = 6


def day(night: dt.date) -> str:
    return f"{night:%m-%d}"


def stay_nights(arrival: Journey, departure: Journey) -> list[dt.date]:
    """The nights a guest is in town: from the night they arrive to the night before they leave."""
    landing = timezone.localtime(arrival.at)
    first = landing.date() - dt.timedelta(days=1 if landing.hour < EARLY_ARRIVAL_HOUR else 0)
    return nights_between(first, timezone.localtime(departure.at).date())


# Hotels and blocks ---------------------------------------------------------------------------


@transaction.atomic
def save_hotel(*, event: EventConfig, hotel: Hotel | None = None, by=None, **fields) -> Hotel:
    check_fields(fields, HOTEL_FIELDS, "save_hotel")
    duplicate = _("The event already has a hotel of this name.")
    return save_named(Hotel, event=event, obj=hotel, by=by, fields=fields, unique="name_zh", duplicate=duplicate)


@transaction.atomic
def delete_hotel(*, hotel: Hotel, by=None) -> None:
    if RoomAssignment.objects.filter(block__hotel=hotel).exists() or hotel.trips.exists():
        raise RegistrationError(
            "hotel_in_use",
            _("Guests have rooms at %(hotel)s or trips go there: it cannot be removed.") % {"hotel": hotel.name},
        )
    log(instance=hotel, action="wagtail.delete", user=by)
    hotel.delete()


@transaction.atomic
def save_block(*, hotel: Hotel, block: RoomBlock | None = None, by=None, **fields) -> RoomBlock:
    """Hold rooms in a hotel, or change a block; its rooms already given must still fit."""
    check_fields(fields, BLOCK_FIELDS, "save_block")
    if block is not None:
        block = RoomBlock.objects.select_for_update().get(pk=block.pk)
        if block.hotel_id != hotel.pk:
            raise RegistrationError("wrong_event", _("This belongs to another event."))
    block = block or RoomBlock(hotel=hotel)
    creating = block.pk is None
    for name, value in fields.items():
        setattr(block, name, value)
    if block.check_out <= block.check_in:
        raise RegistrationError("no_nights", _("Check-out must be after the first night."))
    if not creating:
        outside = block.assignments.filter(check_in__lt=block.check_in) | block.assignments.filter(
            check_out__gt=block.check_out
        )
        if outside.exists():
            raise RegistrationError(
                "rooms_outside_block", _("Some rooms of this block are given for nights outside these dates.")
            )
        crowded = RoomGuest.objects.filter(assignment__block=block).values("assignment").order_by()
        if crowded.annotate(n=Count("pk")).filter(n__gt=block.occupancy).exists():
            raise RegistrationError(
                "rooms_too_small", _("Some rooms of this block already have more guests than that.")
            )
    block.save()
    log(instance=block, action="wagtail.create" if creating else "wagtail.edit", user=by)
    return block


@transaction.atomic
def delete_block(*, block: RoomBlock, by=None) -> None:
    if block.assignments.exists():
        raise RegistrationError("block_in_use", _("Guests have rooms in this block: release them first."))
    log(instance=block, action="wagtail.delete", user=by)
    block.delete()


# Rooms ---------------------------------------------------------------------------------------


def _place(assignment, *, block, registrations, check_in, check_out, room_number, notes, by) -> RoomAssignment:
    block = RoomBlock.objects.select_related("hotel").get(pk=block.pk)
    ids = sorted({r.pk for r in registrations})
    if not ids:
        raise RegistrationError("no_guests", _("Choose the guest or guests for this room."))
    if len(ids) > block.occupancy:
        raise RegistrationError(
            "room_too_small",
            _("A %(room)s takes %(count)d guests at most.") % {"room": block.room_type, "count": block.occupancy},
        )
    # Locked in id order, so two organizers giving rooms to the same guests wait for each other.
    locked = Registration.objects.select_for_update(of=("self",)).filter(pk__in=ids)
    guests = list(locked.select_related("person").order_by("pk"))
    if len(guests) != len(ids) or any(r.event_id != block.hotel.event_id for r in guests):
        raise RegistrationError("wrong_event", _("This belongs to another event."))
    absent = [r for r in guests if r.status not in ATTENDING]
    if absent:
        names = _(", ").join(r.person.display_name for r in absent)
        raise RegistrationError("not_attending", _("Not attending: %(names)s.") % {"names": names})
    if check_out <= check_in:
        raise RegistrationError("no_nights", _("Check-out must be after check-in."))
    if check_in < block.check_in or check_out > block.check_out:
        raise RegistrationError(
            "outside_block",
            _("This block has rooms from %(first)s to %(last)s only: extend the block first.")
            % {"first": block.check_in.isoformat(), "last": block.check_out.isoformat()},
        )
    elsewhere = RoomGuest.objects.filter(
        registration__in=guests, assignment__check_in__lt=check_out, assignment__check_out__gt=check_in
    ).select_related("registration__person", "assignment__block__hotel")
    if assignment is not None:
        elsewhere = elsewhere.exclude(assignment=assignment)
    clash = elsewhere.first()
    if clash is not None:
        raise RegistrationError(
            "already_has_room",
            _("%(name)s already has a room at %(hotel)s for some of these nights.")
            % {"name": clash.registration.person.display_name, "hotel": clash.assignment.block.hotel.name},
        )
    creating = assignment is None
    assignment = assignment or RoomAssignment(block=block)
    before = set() if creating else set(assignment.guests.values_list("registration_id", flat=True))
    assignment.block = block
    assignment.check_in, assignment.check_out = check_in, check_out
    assignment.room_number, assignment.notes = room_number, notes
    assignment.save()
    removed = sorted(before - set(ids))
    RoomGuest.objects.filter(assignment=assignment, registration_id__in=removed).delete()
    RoomGuest.objects.bulk_create(
        RoomGuest(assignment=assignment, registration=r) for r in guests if r.pk not in before
    )
    log(instance=assignment, action="wagtail.create" if creating else "wagtail.edit", user=by)
    for registration in Registration.objects.filter(pk__in=removed):
        log(instance=registration, action="logistics.room", user=by, data={"released": assignment.pk})
    for registration in guests:
        log(
            instance=registration,
            action="logistics.room",
            user=by,
            data={
                "room": assignment.pk,
                "hotel": block.hotel_id,
                "nights": [check_in.isoformat(), check_out.isoformat()],
            },
        )
    return assignment


@transaction.atomic
def assign_room(
    *, block: RoomBlock, registrations, check_in: dt.date, check_out: dt.date, room_number="", notes="", by=None
) -> RoomAssignment:
    """Give one room of a block, for some of its nights, to one guest or to guests who share it."""
    return _place(
        None,
        block=block,
        registrations=registrations,
        check_in=check_in,
        check_out=check_out,
        room_number=room_number,
        notes=notes,
        by=by,
    )


@transaction.atomic
def change_room(
    *,
    assignment: RoomAssignment,
    registrations,
    check_in: dt.date,
    check_out: dt.date,
    room_number="",
    notes="",
    block: RoomBlock | None = None,
    by=None,
) -> RoomAssignment:
    """Change a room's guests, nights, number or notes; or move it to another block of the event."""
    assignment = RoomAssignment.objects.select_for_update().select_related("block__hotel").get(pk=assignment.pk)
    block = block or assignment.block
    if block.hotel.event_id != assignment.block.hotel.event_id:
        raise RegistrationError("wrong_event", _("This belongs to another event."))
    return _place(
        assignment,
        block=block,
        registrations=registrations,
        check_in=check_in,
        check_out=check_out,
        room_number=room_number,
        notes=notes,
        by=by,
    )


@transaction.atomic
def release_room(*, assignment: RoomAssignment, by=None) -> None:
    guests = list(Registration.objects.filter(room_stays__assignment=assignment))
    log(instance=assignment, action="wagtail.delete", user=by, data={"guests": [r.pk for r in guests]})
    for registration in guests:
        log(instance=registration, action="logistics.room", user=by, data={"released": assignment.pk})
    assignment.delete()


# What the hotels show ------------------------------------------------------------------------


def block_nights(picture: Picture, block: RoomBlock) -> list[tuple[dt.date, int]]:
    """Each night of a block with how many of its rooms are given for it."""
    counts = dict.fromkeys(block.nights, 0)
    for assignment in picture.assignments.values():
        if assignment.block_id == block.pk:
            for night in assignment.nights:
                if night in counts:
                    counts[night] += 1
    return list(counts.items())


def hotel_warnings(picture: Picture) -> list[LogisticsWarning]:
    """Blocks over-assigned on some night, stays not covered by rooms, guests without a room."""
    warnings = []
    for block in picture.blocks.values():
        over = [(night, n) for night, n in block_nights(picture, block) if n > block.rooms]
        if over:
            warnings.append(
                LogisticsWarning(
                    "block_over_assigned",
                    _("%(hotel)s, %(room)s: %(count)d rooms given for the %(rooms)d held, on the nights of %(nights)s.")
                    % {
                        "hotel": block.hotel.name,
                        "room": block.room_type,
                        "count": max(n for _night, n in over),
                        "rooms": block.rooms,
                        "nights": _(", ").join(day(night) for night, _n in over),
                    },
                    blocks=(block.pk,),
                    severity="error",
                )
            )
    for assignment in picture.assignments.values():
        for registration_id in assignment.guest_ids:
            if not picture.attending(registration_id):
                warnings.append(
                    LogisticsWarning(
                        "not_attending_in_room",
                        _("%(name)s is no longer attending but still has a room at %(hotel)s.")
                        % {
                            "name": picture.guests[registration_id].person.display_name,
                            "hotel": assignment.block.hotel.name,
                        },
                        registrations=(registration_id,),
                        blocks=(assignment.block_id,),
                    )
                )
    for registration_id, registration in picture.guests.items():
        if not picture.attending(registration_id):
            continue
        rooms = picture.rooms_of(registration_id)
        name = GuestName(registration.person)
        if not rooms:
            if picture.needs_room(registration_id):
                warnings.append(
                    LogisticsWarning(
                        "no_room",
                        _("%(name)s needs a room and has none.") % {"name": name},
                        registrations=(registration_id,),
                    )
                )
            continue
        arrival = picture.journey(registration_id, Journey.Direction.ARRIVAL)
        departure = picture.journey(registration_id, Journey.Direction.DEPARTURE)
        if arrival is None or departure is None:
            continue
        booked = {night for room in rooms for night in room.nights}
        missing = [night for night in stay_nights(arrival, departure) if night not in booked]
        if missing:
            warnings.append(
                LogisticsWarning(
                    "stay_not_covered",
                    _("%(name)s stays the nights of %(stay)s but has no room for the nights of %(missing)s.")
                    % {
                        "name": name,
                        "stay": _stay_text(stay_nights(arrival, departure)),
                        "missing": _(", ").join(day(night) for night in missing),
                    },
                    registrations=(registration_id,),
                    blocks=tuple(sorted({room.block_id for room in rooms})),
                )
            )
    return warnings


def _stay_text(nights: list[dt.date]) -> str:
    if not nights:
        return "—"
    return day(nights[0]) if len(nights) == 1 else f"{day(nights[0])}–{day(nights[-1])}"
