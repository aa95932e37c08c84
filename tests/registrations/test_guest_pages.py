"""The guests' own pages: the personal RSVP page, the public application form and the pass."""

import hashlib
import html as html_lib
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from events.models import EventPage
from registrations.domain.actions import apply, cancel, invite_guests
from registrations.models import Activity, Person, Question, Registration, Status
from tests.factories import make_event
from tests.registrations.conftest import make_person

pytestmark = pytest.mark.django_db


# --- helpers and fixtures ------------------------------------------------------------------


def rsvp_url(registration, language="en"):
    return f"/{language}/rsvp/{registration.token}/"


def pass_url(registration, language="en"):
    return f"/{language}/pass/{registration.token}/"


def text(response):
    """The page's text with tags removed and entities decoded, whitespace collapsed."""
    body = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html_lib.unescape(body).split())


def error_summary(response):
    match = re.search(r'<div class="error-summary" role="alert".*?</div>', response.content.decode(), re.S)
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", match.group(0))).split()) if match else ""


@pytest.fixture
def english_page(forum_page, locales):
    return forum_page.get_translation(locales["en"])


@pytest.fixture
def invited(config, guest_category):
    person = make_person(1, organisation="University of Leeds", position="Lecturer")
    return invite_guests(event=config, people=[person], category=guest_category)[0]


def question(config, code, kind, *, required=False, choices=(), categories=()):
    q = Question.objects.create(
        event=config,
        code=code,
        label_zh=f"问题{code}",
        label_en=f"Question {code}",
        kind=kind,
        choices=list(choices),
        required=required,
    )
    q.categories.set(categories)
    return q


MEALS = [{"value": "halal", "zh": "清真", "en": "Halal"}, {"value": "veg", "zh": "素食", "en": "Vegetarian"}]
TOPICS = [{"value": "trade", "zh": "贸易", "en": "Trade"}, {"value": "culture", "zh": "文化", "en": "Culture"}]


@pytest.fixture
def questions(config):
    return {
        "note": question(config, "note", Question.Kind.TEXT),
        "meal": question(config, "meal", Question.Kind.CHOICE, required=True, choices=MEALS),
        "topics": question(config, "topics", Question.Kind.MULTIPLE, choices=TOPICS),
        "arrival": question(config, "arrival", Question.Kind.DATE),
        "visa": question(config, "visa", Question.Kind.YES_NO),
        "passport": question(config, "passport", Question.Kind.COUNTRY),
    }


def answer(client, registration, accept="yes", **answers):
    data = {"action": "answer", "answer-accept": accept}
    for code, value in answers.items():
        data[f"answer-q_{code}"] = value
    return client.post(rsvp_url(registration), data)


def set_page(config, **fields):
    EventPage.objects.filter(translation_key=config.event.translation_key).update(**fields)
    config.event.refresh_from_db()


APPLICANT = {
    "family_name": "García",
    "given_name": "Lucía",
    "country": "ES",
    "language": "en",
    "email": "lucia@example.es",
    "phone": "+34 912 345 678",
    "consent": "on",
}


def applicant(category, **changes):
    return {**APPLICANT, "category": category.pk, **changes}


def register_url(page):
    return f"{page.url}register/"


# --- the personal page: answering an invitation --------------------------------------------


def test_invited_guest_sees_event_name_and_status_in_english(invited, english_page):
    response = Client().get(rsvp_url(invited))
    assert response.status_code == 200
    page = text(response)
    assert "2027 Xiangjiang Forum" in page
    assert "Dear Anna1 Smith," in page
    assert "Status: Invited" in page
    assert "You are invited" in page
    assert "Will you attend? (required)" in page
    assert response["Cache-Control"] in ("private, no-store", "no-store, private")


def test_chinese_personal_page_shows_the_chinese_event_title(invited):
    response = Client().get(rsvp_url(invited, "zh-hans"))
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in response.content.decode()
    assert "2027一带一路湘江论坛" in text(response)
    assert "2027 Xiangjiang Forum" not in text(response)


def test_accepting_takes_a_place_and_confirms(invited):
    client = Client()
    response = answer(client, invited, "yes", meal="halal")
    assert response.status_code == 302
    assert response["Location"] == rsvp_url(invited)
    invited.refresh_from_db()
    assert invited.status == Status.ACCEPTED
    assert invited.responded_at is not None
    page = text(client.get(response["Location"]))
    assert "Thank you for accepting. We look forward to welcoming you." in page
    assert "You have accepted the invitation" in page
    assert "Show my pass" in page


def test_declining_needs_no_answers_to_required_questions(invited, questions):
    client = Client()
    response = answer(client, invited, "no")
    assert response.status_code == 302
    invited.refresh_from_db()
    assert invited.status == Status.DECLINED
    assert "You have declined the invitation. Thank you for letting us know." in text(client.get(rsvp_url(invited)))


def test_every_kind_of_question_is_answered_and_stored(invited, questions):
    response = answer(
        Client(),
        invited,
        "yes",
        note="Arriving late",
        meal="veg",
        topics=["trade", "culture"],
        arrival="2027-09-18",
        visa="yes",
        passport="GB",
    )
    assert response.status_code == 302
    invited.refresh_from_db()
    assert invited.status == Status.ACCEPTED
    assert invited.answers == {
        "note": "Arriving late",
        "meal": "veg",
        "topics": ["trade", "culture"],
        "arrival": "2027-09-18",
        "visa": True,
        "passport": "GB",
    }


def test_a_yes_no_question_answered_no_is_kept_as_false(invited, questions):
    answer(Client(), invited, "yes", meal="halal", visa="no")
    invited.refresh_from_db()
    assert invited.answers == {"meal": "halal", "visa": False}


def test_the_form_shows_earlier_answers(invited, questions):
    answer(Client(), invited, "yes", meal="veg", arrival="2027-09-18", visa="no")
    html = Client().get(rsvp_url(invited)).content.decode()
    assert re.search(r'<input type="radio" name="answer-q_meal" value="veg"[^>]* checked', html)
    assert re.search(r'name="answer-q_arrival" value="2027-09-18"', html)
    assert re.search(r'<input type="radio" name="answer-q_visa" value="no"[^>]* checked', html)


def test_accepting_without_a_required_answer_is_refused(invited, questions):
    response = answer(Client(), invited, "yes")
    assert response.status_code == 200
    assert "Question meal: This field is required." in error_summary(response)
    assert 'aria-invalid="true" id="id_answer-q_meal_0"' in response.content.decode()
    invited.refresh_from_db()
    assert invited.status == Status.INVITED
    assert invited.answers == {}


def test_an_invalid_choice_is_refused(invited, questions):
    response = answer(Client(), invited, "yes", meal="beef", topics=["trade", "sports"])
    assert response.status_code == 200
    summary = error_summary(response)
    assert "Question meal: Select a valid choice. beef is not one of the available choices." in summary
    assert "Question topics: Select a valid choice. sports is not one of the available choices." in summary
    invited.refresh_from_db()
    assert (invited.status, invited.answers) == (Status.INVITED, {})


def test_an_impossible_date_is_refused(invited, questions):
    response = answer(Client(), invited, "yes", meal="halal", arrival="2027-02-30")
    assert "Question arrival: Enter a valid date." in error_summary(response)
    invited.refresh_from_db()
    assert invited.status == Status.INVITED


def test_a_missing_answer_to_will_you_attend_is_refused(invited):
    response = Client().post(rsvp_url(invited), {"action": "answer"})
    assert "Will you attend?: This field is required." in error_summary(response)
    invited.refresh_from_db()
    assert invited.status == Status.INVITED


def test_questions_for_another_category_are_not_asked(invited, config, questions):
    question(config, "press_card", Question.Kind.TEXT, required=True, categories=[config.categories.get(code="press")])
    html = Client().get(rsvp_url(invited)).content.decode()
    assert "answer-q_press_card" not in html
    assert "answer-q_meal" in html
    assert answer(Client(), invited, "yes", meal="halal").status_code == 302


def test_opening_the_page_is_recorded_once_a_day(invited):
    client = Client()
    client.get(rsvp_url(invited))
    client.get(rsvp_url(invited))
    assert invited.activities.filter(kind=Activity.Kind.OPENED).count() == 1


# --- details and substitutes -----------------------------------------------------------------


def test_guest_corrects_their_details(invited):
    response = Client().post(
        rsvp_url(invited),
        {
            "action": "details",
            "details-organisation": "University of York",
            "details-position": "Professor",
            "details-email": "anna.smith@york.example",
            "details-phone": "+44 20 7946 0958",
            "details-language": "zh-hans",
        },
    )
    assert response.status_code == 302
    person = Person.objects.get(pk=invited.person_id)
    assert (person.organisation, person.position, person.email, str(person.phone), person.language) == (
        "University of York",
        "Professor",
        "anna.smith@york.example",
        "+442079460958",
        "zh-hans",
    )
    activity = invited.activities.get(kind=Activity.Kind.DETAILS)
    assert activity.detail == {"fields": ["email", "language", "organisation", "phone", "position"]}


def test_an_invalid_phone_number_changes_nothing(invited):
    response = Client().post(
        rsvp_url(invited),
        {
            "action": "details",
            "details-organisation": "Elsewhere",
            "details-email": "anna1@example.org",
            "details-phone": "12",
            "details-language": "en",
        },
    )
    assert response.status_code == 200
    assert "Phone: Enter a valid phone number" in error_summary(response)
    assert Person.objects.get(pk=invited.person_id).organisation == "University of Leeds"
    assert not invited.activities.filter(kind=Activity.Kind.DETAILS).exists()


SUBSTITUTE = {
    "action": "substitute",
    "substitute-honorific": "Dr",
    "substitute-family_name": "Müller",
    "substitute-given_name": "Jonas",
    "substitute-organisation": "Universität Heidelberg",
    "substitute-country": "DE",
    "substitute-language": "en",
    "substitute-email": "jonas@example.de",
}


def test_guest_nominates_a_substitute(invited):
    client = Client()
    response = client.post(rsvp_url(invited), SUBSTITUTE)
    assert response.status_code == 302
    invited.refresh_from_db()
    assert invited.status == Status.REPLACED
    replacement = Registration.objects.get(substitute_for=invited)
    assert replacement.status == Status.PENDING
    assert replacement.category_id == invited.category_id
    assert replacement.person.display_name == "Jonas Müller"
    assert replacement.person.email == "jonas@example.de"
    assert replacement.person.country.code == "DE"
    page = text(client.get(rsvp_url(invited)))
    assert "Thank you. Jonas Müller has been proposed to attend in your place; the organizers will confirm." in page
    assert "You have proposed a substitute" in page
    assert "Send my answer" not in page


def test_a_substitute_already_registered_is_refused_and_nothing_changes(invited, config, guest_category):
    apply(event=config, person=make_person(2, email="Jonas@Example.de"), category=guest_category)
    people = Person.objects.count()
    response = Client().post(rsvp_url(invited), SUBSTITUTE)
    assert response.status_code == 200
    assert "This person is already registered for the event." in error_summary(response)
    invited.refresh_from_db()
    assert invited.status == Status.INVITED
    assert Person.objects.count() == people
    assert not Registration.objects.filter(substitute_for=invited).exists()


def test_a_guest_cannot_name_themselves_as_substitute(invited):
    response = Client().post(rsvp_url(invited), {**SUBSTITUTE, "substitute-email": "ANNA1@example.org"})
    assert "Their email: Please give your substitute's own email address." in error_summary(response)
    invited.refresh_from_db()
    assert invited.status == Status.INVITED


# --- the deadline ------------------------------------------------------------------------------


@pytest.fixture
def deadline_passed(config, invited):
    config.rsvp_deadline = timezone.now() - timedelta(hours=1)
    config.save()
    invited.refresh_from_db()
    return invited


def test_after_the_deadline_the_page_says_so_and_shows_no_form(deadline_passed):
    response = Client().get(rsvp_url(deadline_passed))
    html = response.content.decode()
    assert response.status_code == 200
    assert "The deadline for answering this invitation has passed." in text(response)
    assert "<form" not in html


@pytest.mark.parametrize(
    "data",
    [
        {"action": "answer", "answer-accept": "yes"},
        {"action": "answer"},
        {"action": "details", "details-email": "new@example.org", "details-language": "en"},
        SUBSTITUTE,
    ],
)
def test_after_the_deadline_answers_are_refused_and_nothing_changes(deadline_passed, data):
    people = Person.objects.count()
    response = Client().post(rsvp_url(deadline_passed), data)
    assert response.status_code == 200
    assert error_summary(response) == "There is a problem The deadline for answering this invitation has passed."
    registration = Registration.objects.get(pk=deadline_passed.pk)
    assert (registration.status, registration.answers) == (Status.INVITED, {})
    assert registration.person.email == "anna1@example.org"
    assert Person.objects.count() == people
    assert Registration.objects.count() == 1


# --- a place offered from the waiting list ------------------------------------------------------


@pytest.fixture
def offered(config, guest_category):
    set_page(config, capacity=1)
    holder = apply(event=config, person=make_person(1), category=guest_category)
    waiting = apply(event=config, person=make_person(2), category=guest_category)
    cancel(registration=holder)
    waiting.refresh_from_db()
    assert waiting.status == Status.OFFERED
    return waiting


def test_a_guest_accepts_the_place_offered(offered):
    client = Client()
    page = text(client.get(rsvp_url(offered)))
    assert "A place is free for you" in page
    assert "Accept the place" in page
    response = client.post(rsvp_url(offered), {"action": "offer"})
    assert response.status_code == 302
    offered.refresh_from_db()
    assert offered.status == Status.CONFIRMED
    assert "Your place is confirmed. We look forward to welcoming you." in text(client.get(rsvp_url(offered)))


def test_an_expired_offer_cannot_be_taken(offered):
    Registration.objects.filter(pk=offered.pk).update(offer_expires_at=timezone.now() - timedelta(minutes=1))
    client = Client()
    assert "Accept the place" not in text(client.get(rsvp_url(offered)))
    response = client.post(rsvp_url(offered), {"action": "offer"})
    assert response.status_code == 200
    assert "The offer of a place has expired." in error_summary(response)
    offered.refresh_from_db()
    assert offered.status == Status.OFFERED


def test_posting_an_action_that_is_not_offered_is_refused(invited):
    response = Client().post(rsvp_url(invited), {"action": "offer"})
    assert "There is no place on offer for this registration." in error_summary(response)
    invited.refresh_from_db()
    assert invited.status == Status.INVITED


def test_an_unknown_action_changes_nothing(invited):
    response = Client().post(rsvp_url(invited), {"action": "delete-everything"})
    assert response.status_code == 302
    invited.refresh_from_db()
    assert invited.status == Status.INVITED


# --- personal links that are not ------------------------------------------------------------------


def _same_404(client, path, token_part):
    bad = client.get(path)
    missing = client.get("/en/nothing-here/")
    assert bad.status_code == missing.status_code == 404
    assert bad.content.decode().replace(token_part, "X/") == missing.content.decode().replace("nothing-here/", "X/")


@pytest.mark.parametrize("kind", ["rsvp", "pass"])
def test_an_unknown_token_is_the_ordinary_404(invited, kind):
    _same_404(Client(), f"/en/{kind}/not-a-token/", f"{kind}/not-a-token/")


def test_tokens_are_compared_exactly(invited):
    client = Client()
    changed = invited.token.swapcase()
    assert changed != invited.token
    for token in (changed, invited.token[:-1], invited.token + "x", f" {invited.token}"):
        assert client.get(f"/en/rsvp/{token}/").status_code == 404
        assert client.post(f"/en/rsvp/{token}/", {"action": "answer", "answer-accept": "yes"}).status_code == 404
    invited.refresh_from_db()
    assert invited.status == Status.INVITED


def test_an_overlong_token_is_the_ordinary_404(invited):
    token = "A" * 5000
    _same_404(Client(), f"/en/rsvp/{token}/", f"rsvp/{token}/")


# --- the pass ---------------------------------------------------------------------------------------


def test_confirmed_guest_gets_a_pass_with_their_reference(invited, config):
    Person.objects.filter(pk=invited.person_id).update(chinese_name="史安娜")
    answer(Client(), invited, "yes")
    response = Client().get(pass_url(invited))
    assert response.status_code == 200
    page = text(response)
    reference = hashlib.sha256(invited.token.encode()).hexdigest()[:8].upper()
    assert f"Reference {reference}" in page
    assert "Anna1 Smith 史安娜" in page
    assert "Category Guest" in page
    assert "2027 Xiangjiang Forum" in page
    assert "Please bring this pass and your passport or identity card" in page
    assert "will appear here" not in page
    html = response.content.decode()
    assert 'fill="#6A1B9A"' in html
    assert f'href="{config.event.get_translation(english_locale(config)).url}calendar.ics"' in html
    assert response["Cache-Control"] in ("private, no-store", "no-store, private")


def english_locale(config):
    from wagtail.models import Locale

    return Locale.objects.get(language_code="en")


def test_no_pass_before_the_invitation_is_accepted(invited):
    page = text(Client().get(pass_url(invited)))
    assert "There is no pass for this registration yet" in page
    assert "Reference" not in page
    assert f'href="{rsvp_url(invited)}"' in Client().get(pass_url(invited)).content.decode()


def test_the_pass_page_of_a_waitlisted_guest_gives_their_place_in_line(config, guest_category):
    set_page(config, capacity=1)
    registrations = [apply(event=config, person=make_person(i), category=guest_category) for i in range(4)]
    cancel(registration=registrations[2])  # the first in line gives up: the others move up
    page = text(Client().get(pass_url(registrations[3])))
    assert "You are on the waiting list" in page
    assert "You are number 2 in line." in page


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (Status.PENDING, "Awaiting the organizers' approval"),
        (Status.DECLINED, "You have declined the invitation"),
        (Status.CANCELLED, "Your registration has been cancelled"),
        (Status.REJECTED, "Your registration could not be accepted"),
    ],
)
def test_the_pass_page_explains_other_statuses(invited, status, expected):
    Registration.objects.filter(pk=invited.pk).update(status=status)
    page = text(Client().get(pass_url(invited)))
    assert expected in page
    assert "Go to my personal page" in page


# --- the application form ------------------------------------------------------------------------


def test_the_form_is_private_and_never_cached(forum_page, english_page):
    response = Client().get(register_url(english_page))
    assert response.status_code == 200
    assert response["Cache-Control"] in ("private, no-store", "no-store, private")
    assert "X-Page-Cache" not in response
    again = Client().get(register_url(english_page))
    assert "X-Page-Cache" not in again


def test_the_form_is_in_english_on_the_english_site(english_page):
    response = Client().get(register_url(english_page))
    page = text(response)
    assert "2027 Xiangjiang Forum" in page
    assert "Family name (required)" in page
    assert "Email (required)" in page
    assert "I am attending as (required)" in page
    html = response.content.decode()
    assert " style=" not in html
    assert "<style" not in html
    assert "<script" not in html


def test_the_chinese_form_shows_the_chinese_event_title(forum_page):
    response = Client().get(register_url(forum_page))
    assert response.status_code == 200
    assert "2027一带一路湘江论坛" in text(response)


def test_only_public_categories_are_offered(english_page, config):
    html = Client().get(register_url(english_page)).content.decode()
    offered = re.findall(r'name="category" value="(\d+)"', html)
    assert sorted(int(pk) for pk in offered) == sorted(
        config.categories.filter(code__in=["guest", "press", "contestant"]).values_list("pk", flat=True)
    )


def test_applying_to_an_open_event_confirms_the_place(english_page, config, guest_category):
    client = Client()
    response = client.post(register_url(english_page), applicant(guest_category))
    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == rsvp_url(registration)
    assert registration.status == Status.CONFIRMED
    person = registration.person
    assert (person.display_name, person.email, str(person.phone), person.country.code) == (
        "Lucía García",
        "lucia@example.es",
        "+34912345678",
        "ES",
    )
    assert registration.activities.filter(kind=Activity.Kind.DETAILS, detail__consent="data_processing").exists()
    page = text(client.get(response["Location"]))
    assert "Thank you for registering. Your place is confirmed." in page
    assert "Your place is confirmed" in page


def test_applying_with_approval_awaits_the_organizers(english_page, config, guest_category):
    set_page(config, registration_mode=EventPage.RegistrationMode.APPROVAL)
    client = Client()
    response = client.post(register_url(english_page), applicant(guest_category))
    assert Registration.objects.get().status == Status.PENDING
    page = text(client.get(response["Location"]))
    assert "Awaiting the organizers' approval" in page


def test_applying_to_a_full_event_joins_the_waiting_list(english_page, config, guest_category):
    set_page(config, capacity=1)
    apply(event=config, person=make_person(1), category=guest_category)
    client = Client()
    response = client.post(register_url(english_page), applicant(guest_category))
    registration = Registration.objects.get(person__email="lucia@example.es")
    assert registration.status == Status.WAITLISTED
    page = text(client.get(response["Location"]))
    assert "You are on the waiting list" in page
    assert "You are number 1 in line." in page


def test_applying_twice_is_refused_and_the_directory_entry_is_kept(english_page, config, guest_category):
    existing = make_person(5, email="Lucia@Example.es", organisation="Original")
    apply(event=config, person=existing, category=guest_category)
    response = Client().post(register_url(english_page), applicant(guest_category, organisation="Changed"))
    assert response.status_code == 200
    assert "This person is already registered for the event." in error_summary(response)
    assert Registration.objects.count() == 1
    assert Person.objects.count() == 1
    assert Person.objects.get().organisation == "Original"


def test_a_known_person_is_matched_by_email_in_any_case(english_page, guest_category):
    existing = make_person(7, email="Lucia@Example.ES")
    response = Client().post(register_url(english_page), applicant(guest_category))
    assert response.status_code == 302
    assert Registration.objects.get().person == existing
    assert Person.objects.count() == 1


def test_applying_after_registration_closed_is_refused(english_page, config, guest_category):
    set_page(config, registration_closes=timezone.now() - timedelta(hours=1))
    client = Client()
    assert "Registration for this event has closed." in text(client.get(register_url(english_page)))
    response = client.post(register_url(english_page), applicant(guest_category))
    assert response.status_code == 200
    assert "Registration for this event has closed." in error_summary(response)
    assert Registration.objects.count() == Person.objects.count() == 0


def test_applying_before_registration_opens_is_refused(english_page, config, guest_category):
    set_page(config, registration_opens=timezone.now() + timedelta(days=1))
    response = Client().post(register_url(english_page), applicant(guest_category))
    assert "Registration has not opened yet." in error_summary(response)
    assert Registration.objects.count() == Person.objects.count() == 0


def test_an_invitation_only_event_has_no_form(english_page, config, guest_category):
    form = Client().get(register_url(english_page))
    assert form.status_code == 200
    set_page(config, registration_mode=EventPage.RegistrationMode.INVITATION)
    assert Client().get(register_url(english_page)).status_code == 404
    assert Client().post(register_url(english_page), applicant(guest_category)).status_code == 404
    assert Registration.objects.count() == Person.objects.count() == 0


def test_a_page_that_is_no_event_has_no_form(index_pages, homes, forum_page):
    assert Client().get(f"{index_pages['en'].url}register/").status_code == 404
    assert Client().get("/en/register/").status_code == 404
    assert Client().get(f"{index_pages['en'].url}no-such-event/register/").status_code == 404


def test_a_vip_category_cannot_be_chosen_on_the_public_form(english_page, config):
    vip = config.categories.get(code="vip")
    response = Client().post(register_url(english_page), applicant(vip))
    assert "I am attending as: Select a valid choice." in error_summary(response)
    assert Registration.objects.count() == 0


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"consent": ""}, "Consent: Please agree to the use of your details, or we cannot register you."),
        ({"email": "not-an-email"}, "Email: Enter a valid email address."),
        ({"email": ""}, "Email: This field is required."),
        ({"family_name": "   "}, "Family name: This field is required."),
        ({"phone": "+1 555"}, "Phone: Enter a valid phone number"),
        ({"country": "XX"}, "Country or region: Select a valid choice."),
        ({"family_name": "x" * 101}, "Family name: Ensure this value has at most 100 characters (it has 101)."),
    ],
)
def test_invalid_applications_write_nothing(english_page, guest_category, changes, expected):
    response = Client().post(register_url(english_page), applicant(guest_category, **changes))
    assert response.status_code == 200
    assert expected in error_summary(response)
    assert Registration.objects.count() == Person.objects.count() == 0


def test_questions_of_a_chosen_category_must_be_answered(english_page, config, guest_category):
    press = config.categories.get(code="press")
    question(config, "press_card", Question.Kind.TEXT, required=True, categories=[press])
    assert "Only for: Press" in text(Client().get(register_url(english_page)))
    as_guest = Client().post(register_url(english_page), applicant(guest_category))
    assert as_guest.status_code == 302
    response = Client().post(register_url(english_page), applicant(press, email="press@example.org"))
    assert "Question press_card: This field is required." in error_summary(response)
    ok = Client().post(register_url(english_page), applicant(press, email="press@example.org", q_press_card="P-77"))
    assert ok.status_code == 302
    assert Registration.objects.get(person__email="press@example.org").answers == {"press_card": "P-77"}
    assert Registration.objects.get(person__email="lucia@example.es").answers == {}


# --- the register button on the event page -----------------------------------------------------------


def render_button(page, language="en"):
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override(language):
        return render_to_string("registrations/includes/register_button.html", {"page": page}).strip()


def test_the_register_button_shows_while_registration_is_open(english_page, config):
    assert render_button(english_page) == (
        f'<a class="button register-button" href="{english_page.url}register/">Register</a>'
    )
    EventPage.objects.filter(pk=english_page.pk).update(registration_closes=timezone.now() - timedelta(minutes=1))
    english_page.refresh_from_db()
    assert render_button(english_page) == ""


def test_no_register_button_for_invitation_only_events(index_pages, forum_page):
    page = make_event(index_pages["zh-hans"], brand=forum_page.brand, start=forum_page.start, slug="by-invitation")
    assert page.registration_mode == EventPage.RegistrationMode.INVITATION
    assert render_button(page) == ""


@pytest.mark.parametrize("token", ["abc%00def", "%00", "a" * 65, "abc%20def", "%E7%8E%8B"])
def test_a_token_that_cannot_be_one_is_the_ordinary_404(invited, token):
    """Never a query with it: PostgreSQL refuses NUL in a string and would answer with a 500."""
    for kind in ("rsvp", "pass"):
        response = Client().get(f"/en/{kind}/{token}/")
        assert response.status_code == 404
        assert "Page not found" in text(response)
