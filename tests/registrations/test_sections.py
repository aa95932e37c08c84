"""Other apps add parts to the guests' pages through hooks (registrations.sections)."""

import pytest
from django import forms
from django.test import Client
from wagtail import hooks

from registrations.domain.actions import answer_invitation, invite_guests
from registrations.domain.errors import RegistrationError
from registrations.sections import GuestSection, PassSection
from tests.registrations.conftest import make_person
from tests.registrations.test_guest_pages import error_summary, pass_url, rsvp_url, text

pytestmark = pytest.mark.django_db


class ArrivalForm(forms.Form):
    flight = forms.CharField(max_length=10)

    def __init__(self, data=None, *, registration, prefix, greeting=""):
        super().__init__(data, prefix=prefix)
        self.greeting = greeting


def save_flight(registration, form):
    if form.cleaned_data["flight"] == "XX000":
        raise RegistrationError("no_such_flight", "There is no such flight.")
    registration.answers = {**registration.answers, "flight": form.cleaned_data["flight"]}
    registration.save(update_fields=["answers"])
    return f"Flight {form.cleaned_data['flight']} saved."


ARRIVAL = GuestSection(
    action="arrival",
    template="tests/arrival_section.html",
    form_class=ArrivalForm,
    perform=save_flight,
    available=lambda registration: registration.status != "declined",
    form_kwargs=lambda registration: {"greeting": f"Hello {registration.person.given_name}"},
)


@pytest.fixture
def arrival_section():
    with hooks.register_temporarily("registrations_guest_sections", lambda: [ARRIVAL]):
        yield ARRIVAL


@pytest.fixture
def invited(config, guest_category):
    return invite_guests(event=config, people=[make_person(1)], category=guest_category)[0]


def test_a_section_is_shown_with_its_form(invited, arrival_section):
    page = text(Client().get(rsvp_url(invited)))
    assert "Your arrival · Hello Anna1" in page


def test_a_valid_section_form_calls_its_action_and_says_so(invited, arrival_section):
    client = Client()
    response = client.post(rsvp_url(invited), {"action": "arrival", "arrival-flight": "CA1234"}, follow=True)
    invited.refresh_from_db()
    assert invited.answers == {"flight": "CA1234"}
    assert "Flight CA1234 saved." in text(response)


def test_an_invalid_section_form_writes_nothing_and_shows_the_error(invited, arrival_section):
    response = Client().post(rsvp_url(invited), {"action": "arrival", "arrival-flight": "CA12345678901"})
    invited.refresh_from_db()
    assert invited.answers == {}
    assert "Ensure this value has at most 10 characters (it has 13)." in error_summary(response)


def test_a_refused_section_action_is_shown_on_the_form(invited, arrival_section):
    response = Client().post(rsvp_url(invited), {"action": "arrival", "arrival-flight": "XX000"})
    invited.refresh_from_db()
    assert invited.answers == {}
    assert "There is no such flight." in error_summary(response)


def test_an_unavailable_section_is_hidden_and_refused(invited, arrival_section):
    answer_invitation(registration=invited, accept=False)
    client = Client()
    assert "Your arrival" not in text(client.get(rsvp_url(invited)))
    response = client.post(rsvp_url(invited), {"action": "arrival", "arrival-flight": "CA1234"})
    invited.refresh_from_db()
    assert "flight" not in invited.answers
    assert "This is not available any more." in error_summary(response)


def test_pass_sections_appear_on_the_card_and_below_it(invited):
    answer_invitation(registration=invited, accept=True)
    card = PassSection(
        template="tests/pass_section.html", context=lambda r, request: {"text": f"QR for {r.pk}"}, place="card"
    )
    after = PassSection(template="tests/pass_section.html", context=lambda r, request: {"text": "Itinerary"})
    with hooks.register_temporarily("registrations_pass_sections", lambda: [after, card]):
        html = Client().get(pass_url(invited)).content.decode()
    card_at, itinerary_at, card_end = (
        html.index(f"QR for {invited.pk}"),
        html.index("Itinerary"),
        html.index("</article>"),
    )
    assert card_at < card_end < itinerary_at
