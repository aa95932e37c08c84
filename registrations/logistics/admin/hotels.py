"""Hotels: their blocks night by night, one hotel's rooms and guests, giving and changing rooms."""

import datetime as dt

from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.widgets.button import HeaderButton

from registrations.logistics.admin.base import DeleteAction, FormPage, LogisticsPage, as_int, url
from registrations.logistics.domain.hotels import (
    assign_room,
    block_nights,
    change_room,
    delete_block,
    delete_hotel,
    release_room,
    save_block,
    save_hotel,
    stay_nights,
)
from registrations.logistics.interfaces.forms import HotelForm, RoomBlockForm, RoomForm, attending_guests
from registrations.logistics.models import Hotel, Journey, RoomAssignment, RoomBlock


def block_rows(picture, blocks) -> list[dict]:
    """Each block with its nights: rooms given against rooms held."""
    rows = []
    for block in blocks:
        nights = [
            {"night": night, "given": given, "over": given > block.rooms, "full": given == block.rooms}
            for night, given in block_nights(picture, block)
        ]
        rows.append({"block": block, "nights": nights, "over": any(n["over"] for n in nights)})
    return rows


class HotelsView(LogisticsPage):
    template_name = "logistics/admin/hotels.html"
    page_title = gettext_lazy("Hotels")
    header_icon = "home"
    section = "hotels"

    def get_header_buttons(self):
        if not self.can_edit:
            return []
        return [HeaderButton(_("Add a hotel"), url("hotel_add", self.config), icon_name="plus")]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        picture = self.picture
        hotels = {}
        for block in picture.blocks.values():
            hotels.setdefault(block.hotel_id, []).append(block)
        guests = {}
        for room in picture.assignments.values():
            guests.setdefault(room.block.hotel_id, set()).update(room.guest_ids)
        homeless = [w for w in self.warnings if w.code == "no_room"]
        context.update(
            hotels=[
                {
                    "hotel": hotel,
                    "blocks": block_rows(picture, hotels.get(hotel.pk, [])),
                    "guests": len(guests.get(hotel.pk, ())),
                }
                for hotel in Hotel.objects.filter(event=self.config)
            ],
            homeless=len(homeless),
            hotel_url=url("hotel", self.config, 0).removesuffix("0/"),
            block_add_url=url("hotel", self.config, 0).removesuffix("0/"),
            block_url=url("block_edit", self.config, 0).removesuffix("0/"),
        )
        return context


class HotelView(LogisticsPage):
    """One hotel: its blocks night by night, every room with its guests, and who still needs a room."""

    template_name = "logistics/admin/hotel.html"
    header_icon = "home"
    section = "hotels"

    @cached_property
    def hotel(self):
        return get_object_or_404(Hotel, event=self.config, pk=self.kwargs["pk"])

    def get_page_title(self):
        return self.hotel.name

    def get_header_buttons(self):
        buttons = [
            HeaderButton(
                _("Rooming list (.xlsx)"),
                url("export_rooming", self.config) + f"?hotel={self.hotel.pk}",
                icon_name="download",
            )
        ]
        if self.can_edit:
            buttons += [
                HeaderButton(_("Edit the hotel"), url("hotel_edit", self.config, self.hotel.pk), icon_name="edit"),
                HeaderButton(_("Add a room block"), url("block_add", self.config, self.hotel.pk), icon_name="plus"),
            ]
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        picture = self.picture
        blocks = [b for b in picture.blocks.values() if b.hotel_id == self.hotel.pk]
        rooms = sorted(
            (a for a in picture.assignments.values() if a.block.hotel_id == self.hotel.pk),
            key=lambda a: (a.block_id, a.check_in, a.room_number, a.pk),
        )
        homeless = [
            picture.guests[w.registrations[0]] for w in self.warnings if w.code == "no_room" and w.registrations
        ]
        context.update(
            hotel=self.hotel,
            blocks=block_rows(picture, blocks),
            rooms=[
                {
                    "room": room,
                    "guests": [picture.guests[pk] for pk in room.guest_ids],
                    "warned": any(
                        set(w.registrations) & set(room.guest_ids) for w in self.warnings if room.block_id in w.blocks
                    ),
                }
                for room in rooms
            ],
            homeless=homeless,
            room_add_url=url("room_add", self.config),
            room_url=url("room_edit", self.config, 0).removesuffix("0/"),
            block_url=url("block_edit", self.config, 0).removesuffix("0/"),
            guest_url=url("guest", self.config, 0).removesuffix("0/"),
        )
        return context


class HotelFormPage(FormPage):
    page_title = gettext_lazy("Hotel")
    section = "hotels"
    form_class = HotelForm

    def get_page_title(self):
        return self.object.name if self.object else _("Add a hotel")

    def get_queryset(self):
        return Hotel.objects.filter(event=self.config)

    def save(self, form):
        return save_hotel(event=self.config, hotel=self.object, by=self.request.user, **form.cleaned_data)

    def success_url(self, obj):
        return url("hotel", self.config, obj.pk)

    def delete_url(self):
        return url("hotel_delete", self.config, self.object.pk)


class HotelDelete(DeleteAction):
    def get_queryset(self):
        return Hotel.objects.filter(event=self.config)

    def delete(self, obj):
        delete_hotel(hotel=obj, by=self.request.user)

    def success_url(self, obj):
        return url("hotels", self.config)


class BlockFormPage(FormPage):
    """A new block of rooms in a hotel (`hotel` in the URL), or a block changed (`pk`)."""

    page_title = gettext_lazy("Room block")
    section = "hotels"
    form_class = RoomBlockForm

    def get_queryset(self):
        return RoomBlock.objects.filter(hotel__event=self.config).select_related("hotel")

    @cached_property
    def hotel(self):
        if self.object is not None:
            return self.object.hotel
        return get_object_or_404(Hotel, event=self.config, pk=self.kwargs["hotel"])

    def get_page_title(self):
        return f"{self.hotel.name} · {self.object.room_type if self.object else _('Add a room block')}"

    def save(self, form):
        return save_block(hotel=self.hotel, block=self.object, by=self.request.user, **form.cleaned_data)

    def success_url(self, obj):
        return url("hotel", self.config, self.hotel.pk)

    def cancel_url(self):
        return url("hotel", self.config, self.hotel.pk)

    def delete_url(self):
        return url("block_delete", self.config, self.object.pk)


class BlockDelete(DeleteAction):
    def get_queryset(self):
        return RoomBlock.objects.filter(hotel__event=self.config)

    def delete(self, obj):
        delete_block(block=obj, by=self.request.user)

    def success_url(self, obj):
        return url("hotel", self.config, obj.hotel_id)


class RoomFormPage(FormPage):
    """Give a room (?guest= and ?block= prefill it), or change one: its block, nights, number and guests."""

    page_title = gettext_lazy("Room")
    section = "hotels"
    template_name = "logistics/admin/room_form.html"

    def get_queryset(self):
        return RoomAssignment.objects.filter(block__hotel__event=self.config).select_related("block__hotel")

    def get_page_title(self):
        return _("Change a room") if self.object else _("Give a room")

    def initial(self) -> dict:
        room = self.object
        if room is not None:
            guests = list(room.guests.order_by("pk").values_list("registration_id", flat=True))
            return {
                "block": room.block_id,
                "check_in": room.check_in,
                "check_out": room.check_out,
                "room_number": room.room_number,
                "notes": room.notes,
                **{f"guest_{i}": pk for i, pk in enumerate(guests)},
            }
        initial = {}
        block = RoomBlock.objects.filter(hotel__event=self.config, pk=as_int(self.request.GET.get("block"))).first()
        if block is not None:
            initial.update(block=block.pk, check_in=block.check_in, check_out=block.check_out)
        guest = as_int(self.request.GET.get("guest"))
        if guest in self.picture.guests:
            initial["guest_0"] = guest
            arrival = self.picture.journey(guest, Journey.Direction.ARRIVAL)
            departure = self.picture.journey(guest, Journey.Direction.DEPARTURE)
            nights = stay_nights(arrival, departure) if arrival and departure else []
            if nights:
                initial.update(check_in=nights[0], check_out=nights[-1] + dt.timedelta(days=1))
        return initial

    def get_form(self, data=None):
        return RoomForm(data, event=self.config, initial=self.initial(), guests=attending_guests(self.config))

    def save(self, form):
        room = form.room()
        if self.object is None:
            return assign_room(block=form.cleaned_data["block"], by=self.request.user, **room)
        return change_room(assignment=self.object, block=form.cleaned_data["block"], by=self.request.user, **room)

    def saved_message(self, obj):
        return _("Room saved: %(hotel)s, %(nights)d nights.") % {
            "hotel": obj.block.hotel.name,
            "nights": len(obj.nights),
        }

    def success_url(self, obj):
        return url("hotel", self.config, obj.block.hotel_id)

    def cancel_url(self):
        return url("hotel", self.config, self.object.block.hotel_id) if self.object else url("hotels", self.config)

    def delete_url(self):
        return url("room_release", self.config, self.object.pk)


class RoomRelease(DeleteAction):
    def get_queryset(self):
        return RoomAssignment.objects.filter(block__hotel__event=self.config).select_related("block")

    def delete(self, obj):
        release_room(assignment=obj, by=self.request.user)

    def success_url(self, obj):
        return url("hotel", self.config, obj.block.hotel_id)
