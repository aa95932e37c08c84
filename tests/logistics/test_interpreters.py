"""Interpreters: the roster, assignments, and the two warnings, each shown when the data conflicts and not otherwise."""
# ruff: noqa: F405

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from registrations.domain.errors import RegistrationError
from registrations.logistics.domain import interpreters
from registrations.logistics.interfaces import protocol_exports
from registrations.logistics.models import Interpreter
from tests.logistics.protocol_support import *  # noqa: F403

pytestmark = pytest.mark.django_db


def codes(config):
    return sorted(w.code for w in interpreters.warnings_for(config))


@pytest.fixture
def li(config):
    return interpreters.save_interpreter(event=config, name="Li Na", pairs=["zh-en", "ru<->zh"])


def test_language_pairs_are_read_in_any_usual_spelling():
    assert interpreters.parse_pairs("zh-en, RU<->zh、zh/ja") == ["en-zh", "ja-zh", "ru-zh"]
    with translation.override("en"), pytest.raises(RegistrationError) as refused:
        interpreters.parse_pairs("zh-en, chinese")
    assert refused.value.message == "“chinese” is not a language pair such as zh-en."


def test_overlapping_assignments_of_one_interpreter_are_a_double_booking(config, li, sessions):
    first, _second = sessions
    meeting = interpreters.save_meeting(
        event=config,
        title="Bilateral",
        start=first.start + timedelta(minutes=30),
        end=first.end + timedelta(minutes=30),
    )
    interpreters.assign_interpreter(interpreter=li, language_pair="zh-en", session=first)
    assert codes(config) == []
    interpreters.assign_interpreter(interpreter=li, language_pair="zh-en", meeting=meeting)
    (warning,) = interpreters.warnings_for(config)
    assert warning.code == "double_booked"
    with translation.override("en"):
        assert interpreters.double_bookings(config)[0].message == (
            f"Li Na is booked twice at once: {first.title} and Bilateral."
        )


def test_back_to_back_assignments_and_two_interpreters_are_not_a_double_booking(config, li, sessions):
    first, second = sessions
    other = interpreters.save_interpreter(event=config, name="Wang Fang", pairs=["zh-en"])
    interpreters.assign_interpreter(interpreter=li, language_pair="zh-en", session=first)
    interpreters.assign_interpreter(interpreter=li, language_pair="zh-en", session=second)  # starts after first ends
    interpreters.assign_interpreter(interpreter=other, language_pair="zh-en", session=first)
    assert codes(config) == []


def test_a_delegations_interpreter_at_that_delegations_meeting_is_not_double_booked(config, guest_category, li):
    member = guests(config, guest_category, 1, country="RU", language="ru")[0]
    russia = delegation(config, "俄罗斯代表团", "RU", [member])
    page = config.event
    meeting = interpreters.save_meeting(
        event=config, title="会见", start=page.start, end=page.start + timedelta(hours=1), delegation=russia
    )
    interpreters.assign_interpreter(interpreter=li, language_pair="zh-ru", delegation=russia)
    interpreters.assign_interpreter(interpreter=li, language_pair="zh-ru", meeting=meeting)
    assert codes(config) == []


def test_a_delegation_without_an_interpreter_for_its_language_is_flagged_until_one_is_assigned(
    config, guest_category, li
):
    members = guests(config, guest_category, 2, country="RU", language="ru")
    russia = delegation(config, "俄罗斯代表团", "RU", members)
    with translation.override("en"):
        (warning,) = interpreters.warnings_for(config)
        assert (warning.code, warning.delegation) == ("no_interpreter", russia)
        assert warning.message == "俄罗斯代表团 needs Russian: no interpreter for Chinese and Russian is assigned."
    interpreters.assign_interpreter(interpreter=li, language_pair="zh-en", delegation=russia)
    assert codes(config) == ["no_interpreter"]  # English does not help a Russian delegation
    interpreters.assign_interpreter(interpreter=li, language_pair="zh-ru", delegation=russia)
    assert codes(config) == []


def test_a_delegation_is_judged_by_its_countrys_language_when_members_give_none(config):
    delegation(config, "法国代表团", "FR")
    delegation(config, "香港代表团", "HK")
    (warning,) = interpreters.warnings_for(config)
    assert warning.delegation.name == "法国代表团"


def test_an_interpreter_cannot_be_assigned_outside_their_languages_or_their_event(config, other_config, li, sessions):
    with pytest.raises(RegistrationError) as wrong_pair:
        interpreters.assign_interpreter(interpreter=li, language_pair="zh-ja", session=sessions[0])
    assert wrong_pair.value.code == "language_pair"
    foreign = interpreters.save_interpreter(event=other_config, name="Other", pairs=["zh-en"])
    with pytest.raises(RegistrationError) as wrong_event:
        interpreters.assign_interpreter(interpreter=foreign, language_pair="zh-en", session=sessions[0])
    assert wrong_event.value.code == "wrong_event"
    assert not li.assignments.exists()


def test_the_schedule_export_has_one_row_per_assignment_in_time_order(config, guest_category, li, sessions):
    first, second = sessions
    guest = guests(config, guest_category, 1)[0]
    interpreters.assign_interpreter(interpreter=li, language_pair="zh-en", session=second)
    interpreters.assign_interpreter(interpreter=li, language_pair="zh-en", session=first, principal=guest)
    rows = list(load_workbook(io.BytesIO(protocol_exports.interpreter_schedule(config, language="en"))).active.values)
    assert rows[0] == ("Date", "From", "Until", "Interpreter", "Phone", "Languages", "Assignment", "Kind", "Place",
                       "Delegation", "Interprets for")  # fmt: skip
    assert [row[6] for row in rows[1:]] == [first.title, second.title]
    assert rows[1][5] == "Chinese↔English"
    assert rows[1][10] == "Anna0 Smith"


def test_adding_an_interpreter_with_bad_pairs_in_the_admin_says_why_and_saves_nothing(client, config, staff):
    client.force_login(staff(config, Role.LOGISTICS))
    response = client.post(
        reverse("logistics_protocol:interpreters", args=[config.pk]),
        {
            "action": "interpreter",
            "interpreter-name": "Li Na",
            "interpreter-pairs": "zh-klingon",
            "interpreter-phone": "12",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "“zh-klingon” is not a language pair such as zh-en." in html or "不是有效的语言对" in html
    assert not Interpreter.objects.exists()


def test_the_interpreters_screen_takes_a_constant_number_of_queries(
    client, config, li, sessions, staff, django_assert_max_num_queries
):
    client.force_login(staff(config, Role.LOGISTICS))
    page = reverse("logistics_protocol:interpreters", args=[config.pk])
    for i in range(30):
        extra = interpreters.save_interpreter(event=config, name=f"I{i}", pairs=["zh-en"])
        interpreters.assign_interpreter(interpreter=extra, language_pair="zh-en", session=sessions[i % 2])
    with django_assert_max_num_queries(45):
        assert client.get(page).status_code == 200
