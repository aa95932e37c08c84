"""The demo content loads completely, in both languages, and loading it again changes nothing."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from events.models import Brand, EventPage, EventSession, OfficeSettings, Room, Speaker, Venue

pytestmark = pytest.mark.django_db

COUNTED = [Page, Revision, get_image_model(), Brand, Venue, Room, Speaker, EventSession, EventPage, OfficeSettings]
BRANDS = ["xiangjiang-forum", "sister-city-week", "chinese-bridge"]


def counts():
    return {model.__name__: model.objects.count() for model in COUNTED} | {"User": get_user_model().objects.count()}


def load_demo(password_file):
    out = StringIO()
    call_command("load_demo", password_file=password_file, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(settings, tmp_path):
    """The demo loaded once, with media and the admin password kept in a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    password_file = tmp_path / "local" / "admin-password"
    return {"output": load_demo(password_file), "password_file": password_file}


def test_second_run_creates_nothing(demo):
    before = counts()
    output = load_demo(demo["password_file"])
    assert counts() == before
    assert "nothing created" in output
    assert before["Brand"] == 6
    assert before["EventPage"] == 12
    assert before["Image"] >= 20


def test_admin_password_is_random_stored_printed_and_renewed_when_lost(demo):
    password = demo["password_file"].read_text().strip()
    assert len(password) >= 20
    assert get_user_model().objects.get(username="admin").check_password(password)
    assert f"user: admin  password: {password}" in demo["output"]
    assert f"user: admin  password: {password}" in load_demo(demo["password_file"])

    demo["password_file"].unlink()
    output = load_demo(demo["password_file"])
    new = demo["password_file"].read_text().strip()
    assert new != password
    assert f"user: admin  password: {new}" in output
    assert get_user_model().objects.get(username="admin").check_password(new)


def test_demo_content(demo):
    check_editions()
    check_english_sessions()
    check_venue_rooms()
    check_guests()


def check_guests():
    """A lived-in system: guests in every state, delegations, a waiting list with an offer."""
    from registrations.demo import DELEGATIONS
    from registrations.models import Delegation, Registration, Status

    assert set(Registration.objects.values_list("status", flat=True)) == set(Status.values)
    assert set(Delegation.objects.values_list("name", flat=True)) == {name for name, *_ in DELEGATIONS}
    waiting = Registration.objects.filter(status=Status.WAITLISTED).order_by("waitlist_position")
    assert list(waiting.values_list("waitlist_position", flat=True)) == [2, 3, 4]


def check_editions():
    """Each brand has a past and an upcoming edition in both languages, with sessions."""
    now = timezone.now()
    for slug in BRANDS:
        brands = Brand.objects.filter(slug=slug)
        assert {b.locale.language_code for b in brands} == {"zh-hans", "en"}
        assert len({b.translation_key for b in brands}) == 1
        zh_brand = brands.get(locale__language_code="zh-hans")
        for language in ("zh-hans", "en"):
            editions = EventPage.objects.live().filter(brand=zh_brand, locale__language_code=language)
            past = [e for e in editions if e.end < now]
            upcoming = [e for e in editions if e.start > now]
            assert len(past) == 1, (slug, language)
            assert len(upcoming) == 1, (slug, language)
            for edition in past + upcoming:
                assert edition.edition_year == timezone.localtime(edition.start).year
                sessions = list(edition.sessions.all())
                assert 5 <= len(sessions) <= 10
                assert all(s.locale.language_code == language for s in sessions)
                assert all(edition.start <= s.start <= s.end <= edition.end for s in sessions)


def check_english_sessions():
    for en in EventPage.objects.filter(locale__language_code="en"):
        zh = EventPage.objects.get(translation_key=en.translation_key, locale__language_code="zh-hans")
        assert en.title != zh.title
        zh_titles = {s.translation_key: s.title for s in zh.sessions.all()}
        en_sessions = list(en.sessions.all())
        assert {s.translation_key for s in en_sessions} == set(zh_titles)
        assert all(s.title != zh_titles[s.translation_key] for s in en_sessions)


def check_venue_rooms():
    for zh in Venue.objects.filter(locale__language_code="zh-hans"):
        en = Venue.objects.get(translation_key=zh.translation_key, locale__language_code="en")
        zh_rooms = {r.translation_key: r for r in zh.rooms.all()}
        en_rooms = {r.translation_key: r for r in en.rooms.all()}
        assert 3 <= len(zh_rooms) <= 5
        assert set(zh_rooms) == set(en_rooms)
        for key, room in en_rooms.items():
            assert room.locale.language_code == "en"
            assert room.name != zh_rooms[key].name
            assert room.capacity == zh_rooms[key].capacity


def test_demo_pages_render(demo, client):
    urls = ["/zh-hans/", "/en/", "/zh-hans/events/", "/en/events/", "/zh-hans/events/calendar.ics"]
    for url in urls:
        assert client.get(url).status_code == 200, url
    for page in EventPage.objects.live():
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        html = response.content.decode()
        assert page.title in html
        # Sessions point at the Chinese rooms; the page shows them in its own language.
        for session in page.sessions.exclude(room=None):
            assert session.room.get_translation(page.locale).name in html
        calendar = client.get(page.url + "calendar.ics")
        assert calendar.status_code == 200, page.url
        assert calendar["Content-Type"].startswith("text/calendar")
