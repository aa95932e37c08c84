"""PDF badges: exact page sizes, names in both scripts, the QR read back by an independent decoder,
the order of a print run, its filters, one reprint at the desk, and who may print."""

import html
import re

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from registrations.checkin.domain.badges import BadgeError, badge_registrations, print_badges, reprint_badge
from registrations.checkin.domain.passes import pass_code, revoke_pass
from registrations.checkin.interfaces.badges import badges_pdf
from registrations.domain.actions import answer_invitation, invite_guests
from registrations.models import EventRole
from tests.checkin.badge_support import *  # noqa: F403
from tests.checkin.badge_support import (
    attend,
    make_person,
    make_staff,
    page_size_mm,
    pdf_page_texts,
    pdf_reader,
    qr_codes_on_page,
)

pytestmark = pytest.mark.django_db
Role = EventRole.Role


def first_lines(content: bytes) -> list[str]:
    """Each page's own-script name: the line after the event's titles."""
    lines = [text.split("\n") for text in pdf_page_texts(content)]
    return [page[page.index("2027 Xiangjiang Forum") + 1] for page in lines]


# --- the PDF -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("size", "millimetres"), [("cr80", (85.6, 54.0)), ("a6", (105.0, 148.0))])
def test_each_badge_is_one_page_of_the_exact_size(config, cast, logo, size, millimetres):
    pdf = badges_pdf(config, list(cast.values()), size=size)
    pages = pdf_reader(pdf).pages
    assert len(pages) == 5
    assert {page_size_mm(page) for page in pages} == {millimetres}


@pytest.mark.parametrize("size", ["cr80", "a6"])
def test_a_badge_has_both_names_organisation_delegation_category_and_title(config, cast, logo, size):
    ivan, mohamed, wang = cast["ivan"], cast["mohamed"], cast["wang"]
    texts = pdf_page_texts(badges_pdf(config, [ivan, mohamed, wang], size=size))
    assert texts[0].split("\n") == [
        "2027一带一路湘江论坛",
        "2027 Xiangjiang Forum",
        "Иван Петров",
        "伊万·彼得罗夫",
        "Московский университет",
        "Moscow delegation",
        "嘉宾 Guest",
    ]
    assert "محمد عبدالله" in texts[1].split("\n")
    assert "穆罕默德" in texts[1].split("\n")
    assert "Cairo University" in texts[1]
    assert "贵宾 VIP" in texts[1]
    # A Chinese name is printed once: it is the own-script name.
    assert texts[2].split("\n")[2:5] == ["王小明", "湖南大学", "Moscow delegation"]


@pytest.mark.parametrize("size", ["cr80", "a6"])
def test_the_printed_qr_decodes_to_the_pass_code(config, cast, logo, size):
    pdf = badges_pdf(config, [cast["mohamed"], cast["anna"]], size=size)
    assert qr_codes_on_page(pdf, 0) == [pass_code(cast["mohamed"])]
    assert qr_codes_on_page(pdf, 1) == [pass_code(cast["anna"])]


def test_the_brand_logo_is_embedded_once_however_many_badges(config, cast, logo):
    pdf = badges_pdf(config, list(cast.values()), size="cr80")
    pages = pdf_reader(pdf).pages
    assert all(page.images for page in pages)  # drawn on every page
    assert len({image.data for page in pages for image in page.images}) == 1  # from one embedded image


def test_without_a_logo_the_brand_name_is_printed(config, cast):
    assert pdf_page_texts(badges_pdf(config, [cast["anna"]]))[0].startswith("一带一路湘江论坛\n")


# --- a print run -----------------------------------------------------------------------------------


def test_a_print_run_by_delegation_then_name_puts_guests_of_no_delegation_last(config, cast):
    names = [r.person.display_name for r in badge_registrations(config=config, order="delegation")]
    assert names == ["محمد عبدالله", "Boris Abramov", "Иван Петров", "王小明", "Anna Brown"]


def test_a_print_run_by_name_sorts_by_the_romanised_family_name(config, cast):
    names = [r.person.display_name for r in badge_registrations(config=config, order="name")]
    assert names == ["محمد عبدالله", "Boris Abramov", "Anna Brown", "Иван Петров", "王小明"]


def test_the_pdf_keeps_the_order_of_the_run(config, cast):
    pdf, count = print_badges(config=config, size="cr80", order="delegation")
    assert count == 5
    assert [line.strip() for line in first_lines(pdf)] == [
        "محمد عبدالله",
        "Boris Abramov",
        "Иван Петров",
        "王小明",
        "Anna Brown",
    ]


def test_filters_by_category_and_delegation(config, cast, vip_category, delegations):
    assert badge_registrations(config=config, category=vip_category) == [cast["mohamed"]]
    assert badge_registrations(config=config, delegation=delegations["moscow"], order="name") == [
        cast["ivan"],
        cast["wang"],
    ]
    assert badge_registrations(config=config, ids=[cast["anna"].pk, cast["ivan"].pk]) == [cast["ivan"], cast["anna"]]


def test_only_attending_guests_with_a_valid_pass_are_printed(config, cast, guest_category):
    (declined,) = invite_guests(event=config, people=[make_person(20)], category=guest_category)
    answer_invitation(registration=declined, accept=False)
    invite_guests(event=config, people=[make_person(21)], category=guest_category)  # no answer yet
    revoke_pass(registration=cast["boris"])
    printed = badge_registrations(config=config, order="name")
    assert [r.pk for r in printed] == [cast[k].pk for k in ("mohamed", "anna", "ivan", "wang")]


def test_an_empty_run_is_refused_with_a_reason(config, guest_category):
    with pytest.raises(BadgeError) as refused:
        print_badges(config=config, size="cr80")
    assert refused.value.code == "nothing_to_print"


@pytest.mark.parametrize(("arguments", "code"), [({"size": "a4"}, "bad_size"), ({"order": "age"}, "bad_order")])
def test_bad_choices_are_refused_with_a_code(config, cast, arguments, code):
    with pytest.raises(BadgeError) as refused:
        print_badges(config=config, **{"size": "cr80", **arguments})
    assert refused.value.code == code


def test_a_category_of_another_event_is_refused(config, cast, other_config):
    with pytest.raises(BadgeError) as refused:
        print_badges(config=config, size="cr80", category=other_config.categories.get(code="vip"))
    assert refused.value.code == "other_event"


# --- reprint at the desk -----------------------------------------------------------------------------


def reprints(registration):
    return ModelLogEntry.objects.filter(action="checkin.badge_reprinted", object_id=str(registration.pk))


def test_a_reprint_is_one_badge_and_is_logged(config, cast, superuser):
    pdf = reprint_badge(registration=cast["ivan"], size="a6", by=superuser)
    assert len(pdf_reader(pdf).pages) == 1
    assert qr_codes_on_page(pdf) == [pass_code(cast["ivan"])]
    [entry] = reprints(cast["ivan"])
    assert (entry.user_id, entry.data) == (superuser.pk, {"size": "a6"})


@pytest.mark.parametrize(("change", "code"), [("revoke", "pass_revoked"), ("decline", "not_attending")])
def test_no_reprint_for_a_revoked_pass_or_a_guest_who_does_not_attend(config, guest_category, change, code):
    (registration,) = invite_guests(event=config, people=[make_person(30)], category=guest_category)
    if change == "revoke":
        registration = answer_invitation(registration=registration, accept=True)
        revoke_pass(registration=registration)
    else:
        registration = answer_invitation(registration=registration, accept=False)
    with pytest.raises(BadgeError) as refused:
        reprint_badge(registration=registration, size="cr80")
    assert refused.value.code == code
    assert not reprints(registration).exists()


# --- the back office -----------------------------------------------------------------------------


def print_url(config, **params):
    return reverse("checkin_badges:print", args=[config.pk])


def reprint_url(config, registration):
    return reverse("checkin_badges:reprint", args=[config.pk, registration.pk])


AS_SCRIPT = {"x-requested-with": "XMLHttpRequest"}  # Wagtail answers a refusal with a 403, not a redirect


def as_user(user):
    client = Client(headers=AS_SCRIPT)
    client.force_login(user)
    return client


def errors(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


@pytest.mark.parametrize(
    ("role", "allowed"),
    [(Role.MANAGER, True), (Role.REGISTRATION, True), (Role.CHECKIN, True), (Role.LOGISTICS, False)],
)
def test_who_may_print_badges(config, cast, role, allowed):
    client = as_user(make_staff("clerk", config, role))
    form = client.get(print_url(config))
    run = client.get(print_url(config), {"size": "cr80", "order": "name"})
    reprint = client.get(reprint_url(config, cast["anna"]))
    if allowed:
        assert form.status_code == 200
        assert (run.status_code, run["Content-Type"]) == (200, "application/pdf")
        assert len(pdf_reader(run.content).pages) == 5
        assert (reprint.status_code, reprint["Content-Type"]) == (200, "application/pdf")
        assert reprints(cast["anna"]).count() == 1
    else:
        assert (form.status_code, run.status_code, reprint.status_code) == (403, 403, 403)
        assert not reprints(cast["anna"]).exists()


def test_staff_of_another_event_are_refused(config, cast, other_config):
    client = as_user(make_staff("elsewhere", other_config, Role.MANAGER))
    assert client.get(print_url(config)).status_code == 403
    assert client.get(print_url(config), {"size": "cr80"}).status_code == 403
    assert client.get(reprint_url(config, cast["anna"])).status_code == 403
    assert not reprints(cast["anna"]).exists()


def test_a_guest_of_another_event_is_not_found_under_this_one(config, other_config, superuser):
    other = attend(other_config, other_config.categories.get(code="guest"), make_person(40))
    assert as_user(superuser).get(reprint_url(config, other), follow=True).status_code == 404
    assert not reprints(other).exists()


def test_in_a_browser_a_refusal_goes_to_the_admin_home_with_a_message(config, cast):
    client = Client()
    client.force_login(make_staff("porter", config, Role.LOGISTICS))
    response = client.get(print_url(config), {"size": "cr80"}, follow=True)
    assert response.redirect_chain[-1][0] == "/admin/"
    assert response["Content-Type"].startswith("text/html")


def test_a_visitor_who_is_not_logged_in_is_sent_to_the_login(config):
    response = Client().get(print_url(config), {"size": "cr80"})
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_the_form_offers_the_events_categories_and_delegations(config, cast, superuser):
    page = as_user(superuser).get(print_url(config)).content.decode()
    assert '<option value="cr80" selected>' in page
    assert "Moscow delegation" in page
    assert "Cairo delegation" in page


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"size": "a4"}, "请选择胸卡尺寸：CR80 卡片或 A6。"),
        ({"size": "cr80", "order": "age"}, "请按代表团或按姓名排序胸卡。"),
        ({"size": "cr80", "category": "abc"}, "请选择本活动的一个类别。"),
        ({"size": "cr80", "delegation": "999999"}, "请选择本活动的一个代表团。"),
        ({"size": "cr80", "registration": "1;DROP"}, "无法读取所选嘉宾，请在嘉宾名单中重新选择。"),
    ],
)
def test_bad_parameters_give_the_form_back_with_a_clear_message(config, cast, superuser, params, message):
    response = as_user(superuser).get(print_url(config), {"order": "name", **params})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert message in errors(response)


def test_a_category_of_another_event_is_not_offered_nor_accepted(config, cast, superuser, other_config):
    other_vip = other_config.categories.get(code="vip")
    response = as_user(superuser).get(print_url(config), {"size": "cr80", "order": "name", "category": other_vip.pk})
    assert response.status_code == 400
    assert "请选择本活动的一个类别。" in errors(response)


def test_an_empty_run_says_so_in_english_for_an_english_admin(config, superuser):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(superuser)
    profile.preferred_language = "en"
    profile.save()
    response = as_user(superuser).get(print_url(config), {"size": "a6", "order": "name"})
    assert response.status_code == 400
    assert "No attending guest with a valid pass matches this choice." in errors(response)


def test_the_selection_of_the_guest_list_is_printed_alone(config, cast, superuser):
    response = as_user(superuser).get(
        print_url(config), {"size": "cr80", "order": "name", "registration": [cast["wang"].pk, cast["anna"].pk]}
    )
    assert response.status_code == 200
    assert [line.strip() for line in first_lines(response.content)] == ["Anna Brown", "王小明"]


def test_a_refused_reprint_goes_back_with_the_reason(config, cast, superuser):
    revoke_pass(registration=cast["wang"])
    client = as_user(superuser)
    response = client.get(reprint_url(config, cast["wang"]), follow=True)
    assert response.redirect_chain[0][0] == reverse("registrations_admin:guest", args=[config.pk, cast["wang"].pk])
    assert "该嘉宾的参会证已作废：请先重新签发参会证，再打印胸卡。" in errors(response)
    bad_size = client.post(reprint_url(config, cast["anna"]), {"size": "a4"}, follow=True)
    assert "请选择胸卡尺寸：CR80 卡片或 A6。" in errors(bad_size)
    assert not reprints(cast["wang"]).exists()
    assert not reprints(cast["anna"]).exists()


def test_the_reprint_is_in_the_guests_audit_log_with_its_label(config, cast, superuser):
    as_user(superuser).post(reprint_url(config, cast["ivan"]), {"size": "cr80"})
    [entry] = reprints(cast["ivan"])
    assert str(entry.message) == "胸卡已补打"
