"""Whatever is typed or forged into the guests' forms: never a 500, never a half-written registration."""

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from registrations.domain.actions import invite_guests
from registrations.models import Person, Question, Registration
from tests.registrations.conftest import make_person

pytestmark = pytest.mark.django_db

FUZZ = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

odd_dates = st.sampled_from(
    ["0000-00-00", "2027-02-30", "2027-13-01", "-1-01-01", "99999-01-01", "2027/09/18", "18.09.2027", "1-1-1", ""]
) | st.dates().map(str)
huge = st.builds(lambda piece, times: piece * times, st.text(min_size=1, max_size=3), st.integers(300, 5_000))
junk = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    huge,
    odd_dates,
    st.integers().map(str),
    st.sampled_from(["yes", "no", "on", "GB", "CN", "halal", "+8613800138000", "a@b.cn", "zh-hans", "en"]),
)
# A field is sent with a junk value, several values, or not at all.
value = st.one_of(junk, st.lists(junk, min_size=2, max_size=3), st.none())


def form_data(fields):
    return st.fixed_dictionaries(dict.fromkeys(fields, value)).map(
        lambda data: {name: v for name, v in data.items() if v is not None}
    )


@pytest.fixture
def questions(config):
    kinds = {
        "note": Question.Kind.TEXT,
        "meal": Question.Kind.CHOICE,
        "topics": Question.Kind.MULTIPLE,
        "arrival": Question.Kind.DATE,
        "visa": Question.Kind.YES_NO,
        "passport": Question.Kind.COUNTRY,
    }
    choices = [{"value": "halal", "zh": "清真", "en": "Halal"}, {"value": "veg", "zh": "素食", "en": "Vegetarian"}]
    for i, (code, kind) in enumerate(kinds.items()):
        Question.objects.create(
            event=config,
            code=code,
            label_zh=code,
            label_en=code,
            kind=kind,
            choices=choices if kind in (Question.Kind.CHOICE, Question.Kind.MULTIPLE) else [],
            required=i % 2 == 1,
        )
    return kinds


@pytest.fixture
def invited(config, guest_category, questions):
    return invite_guests(event=config, people=[make_person(1)], category=guest_category)[0]


def snapshot(registration):
    registration = Registration.objects.select_related("person").get(pk=registration.pk)
    person = registration.person
    return (
        registration.status,
        registration.answers,
        registration.responded_at,
        (person.organisation, person.position, person.email, str(person.phone), person.language),
        Registration.objects.count(),
        Person.objects.count(),
    )


APPLY_FIELDS = [
    "family_name",
    "given_name",
    "romanised_family_name",
    "romanised_given_name",
    "chinese_name",
    "honorific",
    "gender",
    "organisation",
    "position",
    "country",
    "language",
    "email",
    "phone",
    "category",
    "consent",
    "q_note",
    "q_meal",
    "q_topics",
    "q_arrival",
    "q_visa",
    "q_passport",
]


@FUZZ
@given(data=form_data(APPLY_FIELDS), category=st.booleans())
def test_the_application_form_survives_anything(forum_page, config, guest_category, questions, data, category):
    url = f"{forum_page.url}register/"
    if category:
        data["category"] = str(guest_category.pk)
    with transaction.atomic():
        before = (Registration.objects.count(), Person.objects.count())
        response = Client().post(url, data)
        assert response.status_code in (200, 302)
        if response.status_code == 302:
            assert Registration.objects.count() == before[0] + 1
        else:
            assert (Registration.objects.count(), Person.objects.count()) == before
            assert 'class="error-summary" role="alert"' in response.content.decode()
        transaction.set_rollback(True)


@FUZZ
@given(data=form_data(APPLY_FIELDS), email=junk.filter(lambda s: "@" not in s))
def test_an_application_without_a_valid_email_writes_nothing(forum_page, config, guest_category, data, email):
    data.update(email=email, category=str(guest_category.pk), consent="on")
    response = Client().post(f"{forum_page.url}register/", data)
    assert response.status_code == 200
    assert Registration.objects.count() == Person.objects.count() == 0


RSVP_FIELDS = {
    "answer": ["accept", "q_note", "q_meal", "q_topics", "q_arrival", "q_visa", "q_passport"],
    "details": ["organisation", "position", "email", "phone", "language"],
    "substitute": [
        "honorific",
        "family_name",
        "given_name",
        "organisation",
        "position",
        "country",
        "language",
        "email",
    ],
    "offer": [],
}


@st.composite
def rsvp_posts(draw):
    form = draw(st.sampled_from(list(RSVP_FIELDS)))
    data = draw(form_data([f"{form}-{name}" for name in RSVP_FIELDS[form]]))
    # Mostly the form's own action; sometimes another form's, or junk.
    action = draw(st.sampled_from([form, form, form, *RSVP_FIELDS]) | junk)
    return {"action": action, **data}


@FUZZ
@given(data=rsvp_posts())
def test_the_personal_page_survives_anything(invited, data):
    with transaction.atomic():
        before = snapshot(invited)
        response = Client().post(f"/en/rsvp/{invited.token}/", data)
        assert response.status_code in (200, 302)
        if response.status_code == 200:
            assert snapshot(invited) == before
            assert 'class="error-summary" role="alert"' in response.content.decode()
        transaction.set_rollback(True)


@FUZZ
@given(data=rsvp_posts())
def test_after_the_deadline_nothing_is_ever_written(invited, config, data):
    config.rsvp_deadline = timezone.now() - timedelta(days=1)
    config.save()
    before = snapshot(invited)
    response = Client().post(f"/en/rsvp/{invited.token}/", data)
    assert response.status_code in (200, 302)
    assert snapshot(invited) == before


@FUZZ
@given(token=st.text(max_size=200) | huge)
def test_any_forged_token_is_a_404(invited, token):
    client = Client()
    for kind in ("rsvp", "pass"):
        response = client.get(f"/en/{kind}/{quote(token, safe='')}/")
        assert response.status_code == 404
    forged = client.post(f"/en/rsvp/{quote(token, safe='')}/", {"action": "answer", "answer-accept": "yes"})
    assert forged.status_code == 404
