"""End to end in headless Chromium: import a guest list, the invitation arrives, the guest accepts.

An organizer uploads an XLSX with a Chinese-name column in the back office, maps and
previews it, and applies it; the invitation email is captured; the guest opens the
personal link from the email and accepts; the organizer's guest list shows the answer.
"""

import re

import openpyxl
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from events.models import EventPage
from registrations.domain.events import config_for
from registrations.models import Registration, Status

from .conftest import open_page_ok

pytestmark = pytest.mark.browser

PASSWORD = "a-long-test-password-only-for-this-test"


def guest_list_xlsx(path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["姓名", "英文姓名", "邮箱", "单位", "国家或地区", "类别", "语言"])
    sheet.append(["欧阳娜娜", "Ouyang Nana", "nana.ouyang@example.org", "中南大学", "中国", "嘉宾", "en"])
    sheet.append(["Emma Schmidt", "", "emma.schmidt@example.de", "Stadt Kassel", "Germany", "guest", "en"])
    book.save(path)
    return path


def test_import_invite_accept_and_see_it_in_the_admin(demo_site, page, tmp_path, django_user_model, settings):
    settings.WAGTAILADMIN_BASE_URL = demo_site.url
    django_user_model.objects.create_superuser("organizer", "organizer@example.org", PASSWORD)
    forum = (
        EventPage.objects.live()
        .filter(brand__slug="xiangjiang-forum", locale__language_code="zh-hans", end__gt=timezone.now())
        .order_by("-start")
        .first()
    )
    config = config_for(forum)
    mail.outbox = []

    # The organizer logs in to the back office.
    open_page_ok(page, demo_site.url + "/admin/login/")
    page.fill("input[name=username]", "organizer")
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/admin/$"))

    # Upload, map (the proposed mapping is right), preview, apply.
    open_page_ok(page, demo_site.url + reverse("registrations_imports:upload", args=[config.pk]))
    page.set_input_files("input[type=file]", str(guest_list_xlsx(tmp_path / "guests.xlsx")))
    page.locator(f"form[action$='/imports/{config.pk}/'] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/mapping/$"))
    page.locator("form[action$='/mapping/'] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/preview/$"))
    assert "欧阳娜娜" in page.content()
    page.locator("form[action$='/apply/'] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/imports/\d+/\d+/$"))

    # Each guest gets an invitation with a personal link.
    invitations = {message.to[0]: message for message in mail.outbox}
    assert set(invitations) == {"nana.ouyang@example.org", "emma.schmidt@example.de"}
    nana = Registration.objects.get(event=config, person__email="nana.ouyang@example.org")
    assert nana.person.family_name == "欧阳"
    assert nana.person.given_name == "娜娜"
    assert nana.status == Status.INVITED
    body = invitations["nana.ouyang@example.org"].body
    link = re.search(r"https?://\S+/en/rsvp/\S+/", body).group(0)
    assert link.endswith(f"/en/rsvp/{nana.token}/")

    # The guest opens the link, in another browser, and accepts.
    guest = page.context.browser.new_page()
    open_page_ok(guest, link)
    assert "欧阳娜娜" in guest.content()
    answer = guest.locator("form:has(input[name=action][value=answer])")
    answer.locator("input[name=answer-accept][value=yes]").check()
    answer.locator("button[type=submit]").click()
    guest.wait_for_load_state()
    nana.refresh_from_db()
    assert nana.status == Status.ACCEPTED
    guest.close()

    # The organizer sees the answer in the guest list.
    open_page_ok(page, demo_site.url + reverse("registrations_admin:guests", args=[config.pk]) + "?q=欧阳娜娜")
    row = page.locator("tr", has_text="欧阳娜娜")
    assert row.count() == 1
    with translation.override("zh-hans"):  # the admin speaks the office's language
        accepted = str(Status.ACCEPTED.label)
    assert accepted in row.inner_text()
