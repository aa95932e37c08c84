"""Logistics in headless Chromium: a guest sends their travel and finds it on their programme; the guest
pages pass axe-core, the CSP and phone widths in both languages; an organizer takes up a suggested trip
with one click; every logistics screen is screenshot in both languages (tests/artifacts/screenshots/).
"""

import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from events.models import EventPage
from registrations.domain.events import config_for
from registrations.logistics.models import Journey, Trip
from registrations.models import Registration

from .conftest import AXE_JS, LANGUAGES, SCREENSHOTS, VIEWPORTS, open_page_ok
from .test_public_pages import BLOCKING_IMPACTS, CSP_LISTENER, format_violations

pytestmark = pytest.mark.browser

PASSWORD = "a-long-test-password-only-for-this-test"


def forum():
    page = (
        EventPage.objects.live()
        .filter(brand__slug="xiangjiang-forum", locale__language_code="zh-hans", end__gt=timezone.now())
        .order_by("start")
        .first()
    )
    return config_for(page)


def guest(email):
    return Registration.objects.select_related("person").get(event=forum(), person__email=email)


def guest_paths(registration):
    """The personal pages of a guest, in each language."""
    paths = {}
    for language in LANGUAGES:
        with translation.override(language):
            paths[language] = {
                "rsvp": reverse("registrations:rsvp", args=[registration.token]),
                "pass": reverse("registrations:pass", args=[registration.token]),
            }
    return paths


def open_sections(page):
    page.evaluate("document.querySelectorAll('details.lg-guest').forEach((d) => { d.open = true; })")


def test_a_guest_sends_their_arrival_and_finds_it_on_their_programme(demo_site, page):
    li = guest("li.xiuying@example.cn")  # attending, local, no travel yet
    day = timezone.localtime(forum().event.start).date()
    open_page_ok(page, demo_site.url + guest_paths(li)["en"]["rsvp"])
    page.locator("details#travel > summary").click()
    page.select_option("#id_travel-arrival_mode", "train")
    page.fill("#id_travel-arrival_number", "g 1001")
    page.fill("#id_travel-arrival_date", day.isoformat())
    page.fill("#id_travel-arrival_time", "07:42")
    page.select_option("#id_travel-arrival_hub", label="Changsha South Railway Station")
    page.fill("#id_travel-arrival_other_end", "Wuhan")
    page.locator("details#travel button[type=submit]").click()
    page.wait_for_load_state("load")
    assert "Thank you: your travel details are saved." in page.locator(".confirmations").inner_text()
    journey = Journey.objects.get(registration=li)
    assert (journey.number, f"{timezone.localtime(journey.at):%H:%M}", journey.hub.name_en) == (
        "G1001",
        "07:42",
        "Changsha South Railway Station",
    )

    open_page_ok(page, demo_site.url + guest_paths(li)["en"]["pass"])
    programme = page.locator(".lg-itinerary").inner_text()
    assert "Arrival: G1001" in programme
    assert "Changsha South Railway Station" in programme
    link = page.locator(".lg-itinerary a[href$='.ics']").get_attribute("href")
    calendar = page.request.get(demo_site.url + link)
    assert calendar.headers["content-type"] == "text/calendar; charset=utf-8"
    assert "SUMMARY:Arrival: G1001" in calendar.text()


def test_the_guest_pages_pass_axe_and_the_csp_at_both_widths_in_both_languages(demo_site, new_context):
    paths = guest_paths(guest("g.ochieng@example.ke"))  # arrival, pickup, a shared room, departure
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    axe_page = new_context(bypass_csp=True).new_page()
    strict_page = new_context().new_page()
    problems = []
    strict_page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    strict_page.on(
        "response",
        lambda r: r.status >= 400 and not r.url.endswith("favicon.ico") and problems.append(f"{r.status} {r.url}"),
    )
    strict_page.add_init_script(CSP_LISTENER)
    failures, overflow = [], []
    for language, pages in paths.items():
        for name, path in pages.items():
            for width_name, viewport in VIEWPORTS.items():
                where = f"{path} at {width_name}"
                axe_page.set_viewport_size(viewport)
                open_page_ok(axe_page, demo_site.url + path)
                open_sections(axe_page)
                axe_page.add_script_tag(path=str(AXE_JS))
                results = axe_page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
                failures += format_violations(
                    where, [v for v in results["violations"] if v["impact"] in BLOCKING_IMPACTS]
                )

                strict_page.set_viewport_size(viewport)
                open_page_ok(strict_page, demo_site.url + path)
                strict_page.wait_for_load_state("networkidle")
                open_sections(strict_page)
                problems.extend(f"CSP on {where}: {v}" for v in strict_page.evaluate("window.__cspViolations"))
                if strict_page.evaluate("document.documentElement.scrollWidth") > viewport["width"]:
                    overflow.append(where)
                strict_page.screenshot(
                    path=str(SCREENSHOTS / f"logistics-{name}-{language}-{width_name}.png"), full_page=True
                )
    assert not failures, "axe-core found serious or critical violations:\n" + "\n".join(failures)
    assert not problems, "\n".join(problems)
    assert not overflow, f"horizontal overflow: {overflow}"


def in_language(context, demo_site, language):
    """A browser context whose admin speaks `language` (Django's language cookie comes before the browser's)."""
    context.add_cookies([{"name": "django_language", "value": language, "url": demo_site.url}])
    return context


def log_in(page, demo_site, django_user_model):
    django_user_model.objects.create_superuser("organizer", "organizer@example.org", PASSWORD)
    open_page_ok(page, demo_site.url + "/admin/login/")
    page.fill("input[name=username]", "organizer")
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/admin/$"))


def test_an_organizer_turns_a_suggestion_into_a_trip_with_one_click(demo_site, new_context, django_user_model):
    config = forum()
    stranded = guest("s.phommachanh@example.la")  # the demo leaves him without a pickup
    page = in_language(new_context(), demo_site, "en").new_page()
    log_in(page, demo_site, django_user_model)
    day = timezone.localtime(Journey.objects.get(registration=stranded, direction="arrival").at).date()
    open_page_ok(page, demo_site.url + reverse("logistics_admin:transfers", args=[config.pk]) + f"?day={day}")
    card = page.locator(".lg-suggestion", has_text=stranded.person.display_name)
    card.locator("button[type=submit]").click()
    page.wait_for_load_state("load")
    trip = Trip.objects.get(passengers__registration=stranded, direction="arrival")
    assert f"Trip {trip.reference} planned with 1 passengers." in page.content()
    assert page.locator(".lg-suggestion", has_text=stranded.person.display_name).count() == 0


ADMIN_SCREENS = [
    ("board", None),
    ("warnings", None),
    ("travel", None),
    ("guest", "guest"),
    ("transfers", None),
    ("trip", "trip"),
    ("trip_edit", "trip"),
    ("vehicles", None),
    ("vehicle_edit", "vehicle"),
    ("hotels", None),
    ("hotel", "hotel"),
    ("block_edit", "block"),
    ("room_edit", "room"),
    ("room_add", None),
    ("needs", None),
    ("exports", None),
    ("setup", None),
]


def test_every_logistics_screen_in_both_languages(demo_site, new_context, django_user_model):
    """Screenshots of each screen, in Chinese and English, each answering 200 without a script error."""
    config = forum()
    ochieng = guest("g.ochieng@example.ke")
    room = ochieng.room_stays.select_related("assignment__block").get().assignment
    objects = {
        "guest": ochieng,
        "trip": Trip.objects.filter(event=config).order_by("pk").first(),
        "vehicle": config.vehicles.order_by("pk").first(),
        "hotel": room.block.hotel,
        "block": room.block,
        "room": room,
    }
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    for language in LANGUAGES:
        page = in_language(new_context(), demo_site, language).new_page()
        page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
        if language == "zh-hans":
            log_in(page, demo_site, django_user_model)
        else:
            open_page_ok(page, demo_site.url + "/admin/login/")
            page.fill("input[name=username]", "organizer")
            page.fill("input[name=password]", PASSWORD)
            page.locator("form button[type=submit]").first.click()
            page.wait_for_url(re.compile(r"/admin/$"))
        for name, about in ADMIN_SCREENS:
            args = [config.pk] + ([objects[about].pk] if about else [])
            open_page_ok(page, demo_site.url + reverse(f"logistics_admin:{name}", args=args))
            assert page.locator("html").get_attribute("lang").lower().startswith(language[:2]), name
            page.screenshot(path=str(SCREENSHOTS / f"logistics-admin-{name}-{language}.png"), full_page=True)
    assert not problems, "\n".join(problems)
