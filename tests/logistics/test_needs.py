"""Dietary and access needs, meals, and the kitchen's totals for each meal."""

import pytest
from wagtail.models import ModelLogEntry

from registrations.domain.actions import cancel
from registrations.domain.errors import RegistrationError
from registrations.logistics.domain.needs import kitchen_totals, save_needs, sessions_with_meals, set_meals
from registrations.logistics.domain.travel import Picture, save_travel
from registrations.logistics.models import GuestNeeds, Meal
from tests.logistics.conftest import at, attending, journey

pytestmark = pytest.mark.django_db


@pytest.fixture
def agenda(event, forum_page):
    """Three sessions on the first day, 09:00, 10:00 and 11:00: the last one a lunch."""
    from events.models import EventSession

    for i in range(3):
        EventSession.objects.create(
            page=forum_page, locale=forum_page.locale, title=f"议程{i + 1}", start=at(event, 0, f"{9 + i:02d}:00"),
            end=at(event, 0, f"{9 + i:02d}:50"), sort_order=i,
        )  # fmt: skip
    sessions = list(forum_page.sessions.order_by("start"))
    set_meals(event=event, kinds={sessions[2].translation_key: Meal.Kind.LUNCH})
    return sessions


def test_needs_are_saved_in_the_lists_order_and_logged_without_their_content(event):
    guest = attending(event, 1)
    needs = save_needs(registration=guest, diet=["vegan", "halal", "vegan"], allergies="花生", access=["wheelchair"])
    assert (needs.diet, needs.allergies, needs.access) == (["halal", "vegan"], "花生", ["wheelchair"])
    assert needs.diet_labels == ["清真", "纯素"]
    entry = ModelLogEntry.objects.get(action="logistics.needs", object_id=str(guest.pk))
    assert entry.data == {"fields": ["access", "allergies", "diet"]}


def test_unknown_needs_are_refused(event):
    guest = attending(event, 1)
    with pytest.raises(RegistrationError) as error:
        save_needs(registration=guest, diet=["paleo"])
    assert error.value.code == "unknown_need"
    assert not GuestNeeds.objects.exists()


def test_meals_are_marked_and_unmarked_by_session(event, agenda):
    assert [s.meal for s in sessions_with_meals(event)] == ["", "", "lunch"]
    changed = set_meals(event=event, kinds={agenda[0].translation_key: "breakfast", agenda[2].translation_key: ""})
    assert changed == 2
    assert [s.meal for s in sessions_with_meals(event)] == ["breakfast", "", ""]


def test_a_session_of_another_event_or_an_unknown_meal_is_refused(event, agenda):
    import uuid

    for kinds, code in (
        ({uuid.uuid4(): "lunch"}, "unknown_session"),
        ({agenda[0].translation_key: "brunch"}, "unknown_meal"),
    ):
        with pytest.raises(RegistrationError) as error:
            set_meals(event=event, kinds=kinds)
        assert error.value.code == code
    assert Meal.objects.count() == 1


def test_kitchen_totals_count_who_is_there_and_what_they_eat(event, agenda, airport):
    halal = attending(event, 1)
    save_needs(registration=halal, diet=["halal", "no_alcohol"], allergies="花生")
    vegan = attending(event, 2)
    save_needs(registration=vegan, diet=["vegan"], access=["wheelchair"])
    attending(event, 3)  # no needs, no travel: counted
    late = attending(event, 4)  # lands after lunch
    save_travel(registration=late, arrival=journey(at(event, 0, "13:00"), airport), departure=None)
    early = attending(event, 5)  # leaves before lunch ends
    save_travel(registration=early, arrival=None, departure=journey(at(event, 0, "11:30"), airport))
    gone = attending(event, 6)
    save_needs(registration=gone, diet=["kosher"])
    cancel(registration=gone)
    (lunch,) = kitchen_totals(Picture.load(event))
    assert lunch.session.pk == agenda[2].pk
    assert lunch.guests == 3
    assert {code: n for code, n in lunch.diets.items() if n} == {"halal": 1, "no_alcohol": 1, "vegan": 1}
    assert {code: n for code, n in lunch.access.items() if n} == {"wheelchair": 1}
    assert [(r.pk, text) for r, text in lunch.allergies] == [(halal.pk, "花生")]
    assert sorted(r.pk for r in lunch.special) == sorted([halal.pk, vegan.pk])
