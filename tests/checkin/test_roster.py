"""The offline roster: what it holds, its size for a large event, and its cache marker."""

import gzip
import json

import pytest

from registrations.checkin.domain.roster import gate_note, marker, roster
from registrations.checkin.models import Pass
from registrations.models import Delegation, Person, Registration, Status
from tests.checkin.conftest import make_guest

pytestmark = pytest.mark.django_db


def test_twenty_thousand_guests_fit_in_two_megabytes_gzipped(config, guest_category):
    delegations = Delegation.objects.bulk_create(
        Delegation(event=config, name=f"代表团 {i:02} Delegation of a Sister City") for i in range(40)
    )
    scripts = [("王", "小明"), ("Smith", "Anna"), ("Иванова", "Мария"), ("Müller", "Stefan"), ("山田", "太郎")]
    people = Person.objects.bulk_create(
        Person(
            family_name=scripts[i % 5][0],
            given_name=f"{scripts[i % 5][1]}{i}",
            chinese_name="" if i % 3 else "王小明",
            language="en",
            email=f"g{i}@example.org",
        )
        for i in range(20_000)
    )
    registrations = Registration.objects.bulk_create(
        Registration(
            event=config, person=p, category=guest_category, delegation=delegations[i % 40], status=Status.CONFIRMED
        )
        for i, p in enumerate(people)
    )
    Pass.objects.bulk_create(
        Pass(registration=r, note="" if i % 10 else "贵宾通道") for i, r in enumerate(registrations)
    )
    found = roster(config=config)
    data = json.loads(gzip.decompress(found.gzipped))
    assert len(data["guests"]) == 20_000
    assert len(found.gzipped) <= 2_000_000
    assert roster(config=config) is not found or roster(config=config).etag == found.etag


def test_a_guest_row_has_the_readme_fields_in_order(config, guest_category):
    from registrations.logistics.models.needs import GuestNeeds

    wang = make_guest(config, guest_category, 2, family_name="王", given_name="小明", language="zh", country="CN")
    wang.delegation = Delegation.objects.create(event=config, name="长沙代表团")
    wang.save()
    Pass.objects.create(registration=wang, note="引导至贵宾室", version=3)
    GuestNeeds.objects.create(registration=wang, access=["wheelchair"], access_note="需坡道")
    data = json.loads(gzip.decompress(roster(config=config).gzipped))
    assert data["guests"] == [
        [wang.pk, 3, "王小明", "王小明", "guest", "长沙代表团", "", "引导至贵宾室; 轮椅通行; 需坡道"]
    ]


def test_the_marker_moves_when_a_guest_changes(config, guest_category, guest):
    before = marker(config)
    guest.person.organisation = "Changsha University"
    guest.person.save()
    assert marker(config) != before


def test_a_long_gate_note_is_cut_to_120_characters():
    note = gate_note("x" * 200, ["wheelchair"], "")
    assert len(note) == 120
    assert note.endswith("…")
    assert gate_note("", ["not-a-need"], "  ") == ""
