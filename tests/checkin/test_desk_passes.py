"""Passes at the desk: finding a guest in any script, their pass and scans, revoking and re-issuing."""

import pytest
from django.urls import NoReverseMatch, reverse
from wagtail.models import ModelLogEntry

from registrations.checkin.admin.base import url_if_installed
from registrations.checkin.domain.passes import pass_code, revoke_pass
from registrations.checkin.models import Pass, Scan
from tests.checkin.desk_support import (  # noqa: F401
    AS_SCRIPT,
    desk,
    event,
    guest,
    is_not_found,
    other_event,
    point,
    scan,
    url,
    viewer,
)
from tests.conftest import shanghai
from tests.registrations.test_backoffice import texts

pytestmark = pytest.mark.django_db


@pytest.fixture
def zhang(event):  # noqa: F811
    return guest(
        event, "vip", family_name="张", given_name="伟", romanised_family_name="Zhang", romanised_given_name="Wei",
        language="zh-hans", country="CN",
    )  # fmt: skip


@pytest.fixture
def anna(event):  # noqa: F811
    return guest(event, family_name="Müller", given_name="Anna", country="DE", language="de")


@pytest.mark.parametrize("query", ["张伟", "张", "zhang wei", "Wei Zhang"])
def test_a_guest_is_found_by_name_in_any_script(desk, event, zhang, anna, query):  # noqa: F811
    response = desk.get(url("passes", event), {"q": query})
    assert [row["guest"] for row in response.context["results"]] == [zhang]
    assert f'href="{url("pass", event, zhang.pk)}"' in response.content.decode()


def test_each_result_says_its_pass_version_and_state(desk, event, zhang, anna):  # noqa: F811
    revoke_pass(registration=anna, reason="lost")
    response = desk.get(url("passes", event), {"q": "Anna"}, HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert "Version 2, revoked" in html
    plain = desk.get(url("passes", event), {"q": "张伟"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Version 1, valid" in plain


def test_guests_of_another_event_are_not_found(desk, event, other_event, zhang):  # noqa: F811
    guest(other_event, family_name="Smith", given_name="Outsider")
    response = desk.get(url("passes", event), {"q": "Outsider"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.context["results"] == []
    assert "No guest of this event matches “Outsider”." in response.content.decode()


def test_the_pass_page_shows_the_version_the_state_and_the_last_scans(desk, event, zhang):  # noqa: F811
    gate = point(event, "Main gate")
    first = scan(zhang, gate, shanghai(2027, 5, 10, 9, 0))
    second = scan(zhang, gate, shanghai(2027, 5, 10, 9, 5), result=Scan.Result.ALREADY)
    response = desk.get(url("pass", event, zhang.pk), HTTP_ACCEPT_LANGUAGE="en")
    assert response.context["page_title"] == "张伟"
    assert list(response.context["scans"]) == [second, first]
    html = response.content.decode()
    assert "Version 1, valid" in html
    assert "05-10 09:05:00" in html
    assert "Already checked in" in html
    assert "Revoke the pass" in html


def test_revoking_needs_a_reason_and_then_the_pass_is_refused(desk, event, zhang):  # noqa: F811
    old_code = pass_code(zhang)
    bad = desk.post(url("pass_revoke", event, zhang.pk), {"reason": "   "}, HTTP_ACCEPT_LANGUAGE="en")
    assert bad.status_code == 200
    assert bad.context["revoke_form"].errors["reason"] == ["This field is required."]
    assert not Pass.objects.filter(registration=zhang, revoked_at__isnull=False).exists()
    done = desk.post(url("pass_revoke", event, zhang.pk), {"reason": "Phone stolen"}, HTTP_ACCEPT_LANGUAGE="en")
    assert done.status_code == 302
    assert done.url == url("pass", event, zhang.pk)
    assert texts(done)[-1] == "The pass of 张伟 is revoked."
    current = Pass.objects.get(registration=zhang)
    assert (current.version, current.revoked_reason) == (2, "Phone stolen")
    assert current.revoked_at
    assert pass_code(zhang) != old_code
    assert [e.action for e in ModelLogEntry.objects.for_instance(zhang)][:1] == ["checkin.pass_revoked"]
    page = desk.get(url("pass", event, zhang.pk), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Version 2, revoked" in page
    assert "Phone stolen" in page
    assert "Issue a new pass" in page


def test_reissuing_makes_a_new_version_and_lifts_a_revocation(desk, event, zhang):  # noqa: F811
    revoke_pass(registration=zhang, reason="lost")
    done = desk.post(url("pass_reissue", event, zhang.pk), HTTP_ACCEPT_LANGUAGE="en")
    assert texts(done) == ["A new pass (version 3) is issued to 张伟; the old one is refused."]
    current = Pass.objects.get(registration=zhang)
    assert (current.version, current.revoked_at, current.revoked_reason) == (3, None, "")


def test_badge_links_appear_only_once_the_badges_are_installed(desk, event, zhang):  # noqa: F811
    try:
        reprint = reverse("checkin_badges:reprint", args=[event.pk, zhang.pk])
    except NoReverseMatch:
        reprint = None
    assert url_if_installed("checkin_badges:reprint", event.pk, zhang.pk) == reprint
    html = desk.get(url("pass", event, zhang.pk), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert ("Reprint the badge" in html) is (reprint is not None)
    assert url_if_installed("no_such_part:view", 1) is None


def test_another_events_guest_is_not_found_here(desk, event, other_event):  # noqa: F811
    theirs = guest(other_event)
    assert is_not_found(desk.get(url("pass", event, theirs.pk)), desk)
    assert is_not_found(desk.post(url("pass_revoke", event, theirs.pk), {"reason": "x"}), desk)
    assert not Pass.objects.filter(registration=theirs).exists()


def test_who_may_only_look_sees_the_pass_but_cannot_revoke_or_reissue(viewer, event, zhang):  # noqa: F811
    html = viewer.get(url("pass", event, zhang.pk), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Version 1, valid" in html
    assert "Revoke the pass" not in html
    assert "Re-issue" not in html
    assert viewer.post(url("pass_revoke", event, zhang.pk), {"reason": "x"}, headers=AS_SCRIPT).status_code == 403
    assert viewer.post(url("pass_reissue", event, zhang.pk), headers=AS_SCRIPT).status_code == 403
    assert not Pass.objects.filter(registration=zhang).exclude(version=1).exists()
