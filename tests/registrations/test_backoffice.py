"""The back office: guest list, guest page, bulk actions, dashboard, settings, directory, page deletion."""

import datetime as dt
import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from events.models import EventPage
from registrations.domain.actions import answer_invitation, apply, invite_guests
from registrations.domain.backoffice import grant_role
from registrations.domain.events import config_for
from registrations.models import Activity, Delegation, Message, Person, Question, Registration, Status
from tests.conftest import days_from_now
from tests.factories import make_event
from tests.registrations.conftest import make_person

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"registrations_admin:{name}", args=args)


def texts(response):
    """The messages the response leaves for the next page, as plain text."""
    return [strip_tags(str(m.message)).strip() for m in get_messages(response.wsgi_request)]


def in_admin_language(response, text):
    with translation.override(response.wsgi_request.LANGUAGE_CODE):
        return translation.gettext(text)


# Fixtures ----------------------------------------------------------------------------------------


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", "root@example.org", "pw")


@pytest.fixture
def boss(superuser, client):
    client.force_login(superuser)
    return client


@pytest.fixture
def other_config(forum_page, index_pages):
    page = make_event(
        index_pages["zh-hans"],
        brand=forum_page.brand,
        start=days_from_now(90),
        title="2027汉语桥世界大学生中文比赛",
        slug="chinese-bridge-2027",
    )
    return config_for(page)


@pytest.fixture
def approval(config):
    EventPage.objects.filter(pk=config.event_id).update(registration_mode=EventPage.RegistrationMode.APPROVAL)
    config.event.refresh_from_db()
    return config


def make_staff(username, config, role):
    user = get_user_model().objects.create_user(username, f"{username}@example.org", "pw")
    grant_role(user=user, event=config, role=role)
    return user


def invite(config, category, people, by=None):
    return invite_guests(event=config, people=people, category=category, by=by)


@pytest.fixture
def guests(config, guest_category):
    """Four invited guests in several scripts, one of them in a delegation."""
    people = [
        make_person(1, family_name="张", given_name="伟", romanised_family_name="Zhang", romanised_given_name="Wei",
                    language="zh-hans", country="CN", organisation="湖南大学", email="zhang.wei@example.cn"),
        make_person(2, family_name="Smith", given_name="Anna", organisation="Reuters", country="GB"),
        make_person(3, family_name="山田", given_name="太郎", romanised_family_name="Yamada",
                    romanised_given_name="Taro", language="ja", country="JP", organisation="Shiga Prefecture"),
        make_person(4, family_name="Müller", given_name="Stefan", country="DE", organisation="Stadt Kassel"),
    ]  # fmt: skip
    registrations = invite(config, guest_category, people)
    delegation = Delegation.objects.create(event=config, name="滋贺县友好代表团", country="JP")
    Registration.objects.filter(pk=registrations[2].pk).update(delegation=delegation)
    return {r.person.family_name: r for r in registrations}


def listed(response):
    """The registrations on a page of the guest list, in order."""
    return [row.pk for row in response.context["object_list"]]


# Guest list --------------------------------------------------------------------------------------


def test_guest_list_shows_every_column(boss, config, guests):
    press = config.categories.get(code="press")
    Registration.objects.filter(pk=guests["Smith"].pk).update(category=press)
    response = boss.get(url("guests", config.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "张伟" in html
    assert "Zhang Wei" in html
    assert "Reuters" in html
    assert "湖南大学" in html
    assert "滋贺县友好代表团" in html
    assert 'fill="#455A64"' in html  # the press category's colour
    assert "reg-status--invited" in html
    assert len(listed(response)) == 4


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("张伟", ["张"]),
        ("伟", ["张"]),
        ("zhang", ["张"]),
        ("Anna Smith", ["Smith"]),
        ("smith anna", ["Smith"]),
        ("山田太郎", ["山田"]),
        ("Yamada", ["山田"]),
        ("reuters", ["Smith"]),
        ("example.cn", ["张"]),
        ("Kassel", ["Müller"]),
        ("nobody", []),
    ],
)
def test_search_in_any_script(boss, config, guests, query, expected):
    response = boss.get(url("guests", config.pk), {"q": query})
    assert listed(response) == [guests[name].pk for name in expected]


def test_filter_by_status(boss, config, guests):
    answer_invitation(registration=guests["Smith"], accept=True, by=None)
    answer_invitation(registration=guests["Müller"], accept=False, by=None)
    response = boss.get(url("guests", config.pk), {"status": "accepted"})
    assert listed(response) == [guests["Smith"].pk]
    response = boss.get(url("guests", config.pk), {"status": ["accepted", "declined"], "ordering": "name"})
    assert sorted(listed(response)) == sorted([guests["Smith"].pk, guests["Müller"].pk])


def test_filter_by_category(boss, config, guests):
    vip = config.categories.get(code="vip")
    Registration.objects.filter(pk=guests["张"].pk).update(category=vip)
    response = boss.get(url("guests", config.pk), {"category": vip.pk})
    assert listed(response) == [guests["张"].pk]


def test_filter_by_delegation(boss, config, guests):
    delegation = Delegation.objects.get(event=config)
    response = boss.get(url("guests", config.pk), {"delegation": delegation.pk})
    assert listed(response) == [guests["山田"].pk]


def test_filter_by_country(boss, config, guests):
    response = boss.get(url("guests", config.pk), {"country": "DE"})
    assert listed(response) == [guests["Müller"].pk]
    # Only the countries of the event's guests are offered.
    choices = [code for code, _ in response.context["filters"].form.fields["country"].choices if code]
    assert sorted(choices) == ["CN", "DE", "GB", "JP"]


@pytest.fixture
def questions(config):
    diet = Question.objects.create(
        event=config,
        code="diet",
        label_zh="饮食要求",
        label_en="Dietary needs",
        kind=Question.Kind.CHOICE,
        choices=[{"value": "halal", "zh": "清真", "en": "Halal"}, {"value": "veg", "zh": "素食", "en": "Vegetarian"}],
    )
    topics = Question.objects.create(
        event=config,
        code="topics",
        label_zh="关注议题",
        label_en="Topics",
        kind=Question.Kind.MULTIPLE,
        choices=[{"value": "trade", "zh": "贸易", "en": "Trade"}, {"value": "culture", "zh": "文化", "en": "Culture"}],
    )
    hotel = Question.objects.create(
        event=config, code="hotel", label_zh="需要住宿", label_en="Needs a hotel", kind=Question.Kind.YES_NO
    )
    note = Question.objects.create(event=config, code="note", label_zh="备注", label_en="Note")
    return {"diet": diet, "topics": topics, "hotel": hotel, "note": note}


@pytest.mark.parametrize(
    ("question", "answer", "expected"),
    [
        ("diet", "halal", ["张"]),
        ("diet", "清真", ["张"]),  # a choice's label in Chinese finds its value
        ("diet", "Vegetarian", ["Smith"]),
        ("topics", "culture", ["Smith", "山田"]),
        ("topics", "trade", ["山田"]),
        ("hotel", "yes", ["张", "山田"]),
        ("hotel", "否", ["Smith"]),
        ("note", "wheelchair", ["山田"]),
        ("note", "", ["山田"]),  # answered at all
    ],
)
def test_filter_by_answer(boss, config, guests, questions, question, answer, expected):
    answers = {
        "张": {"diet": "halal", "hotel": True},
        "Smith": {"diet": "veg", "topics": ["culture"], "hotel": False},
        "山田": {"topics": ["trade", "culture"], "hotel": True, "note": "Needs a wheelchair"},
    }
    for name, values in answers.items():
        Registration.objects.filter(pk=guests[name].pk).update(answers=values)
    response = boss.get(
        url("guests", config.pk), {"question": questions[question].pk, "answer": answer, "ordering": "name"}
    )
    assert sorted(listed(response)) == sorted(guests[name].pk for name in expected)


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("name", ["Müller", "Smith", "山田", "张"]),
        ("-name", ["张", "山田", "Smith", "Müller"]),
        ("organisation", ["Smith", "山田", "Müller", "张"]),  # Reuters, Shiga, Stadt Kassel, 湖南大学
        ("country", ["张", "Müller", "Smith", "山田"]),  # CN, DE, GB, JP
        ("delegation", ["山田", "张", "Smith", "Müller"]),  # guests without one last, in the order invited
    ],
)
def test_sortable_columns(boss, config, guests, ordering, expected):
    Person.objects.filter(pk=guests["张"].person_id).update(romanised_family_name="Zhang")
    Person.objects.filter(pk=guests["Müller"].person_id).update(romanised_family_name="Mueller")
    response = boss.get(url("guests", config.pk), {"ordering": ordering})
    names = [Registration.objects.get(pk=pk).person.family_name for pk in listed(response)]
    assert names == expected


def test_guest_list_pages_by_fifty(boss, config, guest_category):
    people = Person.objects.bulk_create(
        Person(family_name="Guest", given_name=f"{i:03}", email=f"g{i}@example.org") for i in range(55)
    )
    invite(config, guest_category, people)
    first = boss.get(url("guests", config.pk))
    second = boss.get(url("guests", config.pk), {"p": 2})
    assert len(first.context["object_list"]) == 50
    assert len(second.context["object_list"]) == 5
    assert first.context["paginator"].count == 55


def _many_guests(config, category, count, offset=0):
    people = Person.objects.bulk_create(
        Person(
            family_name=f"姓{i}",
            given_name="名",
            romanised_family_name=f"Xing{i}",
            email=f"p{i}@example.org",
            country="CN",
            organisation=f"Org {i}",
        )
        for i in range(offset, offset + count)
    )
    registrations = invite(config, category, people)
    delegation = Delegation.objects.create(event=config, name=f"Delegation {offset}")
    Registration.objects.filter(pk__in=[r.pk for r in registrations[::2]]).update(
        delegation=delegation, responded_at=timezone.now()
    )


def test_guest_list_runs_a_constant_number_of_queries(boss, config, guest_category, django_assert_num_queries):
    _many_guests(config, guest_category, 5)
    boss.get(url("guests", config.pk))  # warm caches (content types, site root paths)
    with CaptureQueriesContext(connection) as few:
        assert boss.get(url("guests", config.pk)).status_code == 200
    _many_guests(config, guest_category, 55, offset=5)
    with django_assert_num_queries(len(few.captured_queries)):
        response = boss.get(url("guests", config.pk))
    assert len(response.context["object_list"]) == 50
    # Filtered and searched pages too.
    with CaptureQueriesContext(connection) as filtered:
        boss.get(url("guests", config.pk), {"q": "姓", "status": "invited", "country": "CN"})
    _many_guests(config, guest_category, 20, offset=100)
    with django_assert_num_queries(len(filtered.captured_queries)):
        boss.get(url("guests", config.pk), {"q": "姓", "status": "invited", "country": "CN"})


# Bulk actions ------------------------------------------------------------------------------------


def bulk(client, config, action, registrations, **extra):
    data = {"action": action, "registration": [r.pk for r in registrations], **extra}
    return client.post(url("guests_bulk", config.pk), data)


def status_of(registration):
    return Registration.objects.get(pk=registration.pk).status


def test_bulk_remind_reminds_those_who_have_not_answered(boss, superuser, config, guests):
    answer_invitation(registration=guests["Smith"], accept=True, by=None)
    response = bulk(boss, config, "remind", [guests["张"], guests["Smith"]])
    assert response.status_code == 302
    assert Activity.objects.filter(kind=Activity.Kind.REMINDED, by=superuser).count() == 1
    assert Message.objects.filter(kind="reminder").count() == 1
    success, refused = texts(response)
    assert "1" in success
    assert "Smith" in refused
    assert "张伟" not in refused


@pytest.fixture
def applicants(approval, guest_category):
    return [apply(event=approval, person=make_person(10 + i), category=guest_category) for i in range(3)]


def test_bulk_approve_confirms_pending_and_reports_the_others(boss, superuser, config, applicants, guests):
    response = bulk(boss, config, "approve", [*applicants[:2], guests["张"]])
    assert [status_of(r) for r in applicants] == [Status.CONFIRMED, Status.CONFIRMED, Status.PENDING]
    assert status_of(guests["张"]) == Status.INVITED
    success, error = texts(response)
    assert "2" in success
    assert "张伟" in error  # refused guest by guest, with the domain's reason
    assert ModelLogEntry.objects.filter(action="registrations.status", user=superuser).count() == 2


def test_bulk_reject(boss, config, applicants):
    bulk(boss, config, "reject", applicants[:1])
    assert [status_of(r) for r in applicants] == [Status.REJECTED, Status.PENDING, Status.PENDING]
    assert Message.objects.filter(kind="rejection", registration=applicants[0]).count() == 1


def test_bulk_cancel_reports_registrations_no_longer_active(boss, config, guests):
    answer_invitation(registration=guests["Müller"], accept=False, by=None)
    response = bulk(boss, config, "cancel", [guests["张"], guests["Müller"]])
    assert status_of(guests["张"]) == Status.CANCELLED
    assert status_of(guests["Müller"]) == Status.DECLINED
    assert len(texts(response)) == 2


def test_bulk_change_category(boss, config, guests):
    vip = config.categories.get(code="vip")
    response = bulk(boss, config, "category", [guests["张"], guests["Smith"]], category=vip.pk)
    assert sorted(Registration.objects.filter(category=vip).values_list("pk", flat=True)) == sorted(
        [guests["张"].pk, guests["Smith"].pk]
    )
    assert response.status_code == 302


def test_bulk_change_category_refuses_another_events_category(boss, config, other_config, guests):
    foreign = other_config.categories.get(code="vip")
    response = bulk(boss, config, "category", [guests["张"]], category=foreign.pk)
    assert Registration.objects.get(pk=guests["张"].pk).category.code == "guest"
    assert len(texts(response)) == 1


def test_bulk_action_ignores_guests_of_another_event(boss, config, other_config, guests):
    stranger = invite(other_config, other_config.categories.get(code="guest"), [make_person(99)])[0]
    bulk(boss, config, "cancel", [stranger, guests["张"]])
    assert status_of(stranger) == Status.INVITED
    assert status_of(guests["张"]) == Status.CANCELLED


def test_bulk_action_without_selection_warns(boss, config, guests):
    response = bulk(boss, config, "approve", [])
    assert response.status_code == 302
    assert len(texts(response)) == 1


def test_bulk_action_returns_to_the_filtered_list(boss, config, guests):
    next_url = url("guests", config.pk) + "?status=invited"
    response = bulk(boss, config, "remind", [guests["张"]], next=next_url)
    assert response["Location"] == next_url


def test_bulk_action_needs_csrf(superuser, config, guests):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(superuser)
    response = bulk(client, config, "cancel", [guests["张"]])
    assert response.status_code == 403
    assert status_of(guests["张"]) == Status.INVITED


def test_bulk_export_selected_as_xlsx(boss, config, guests):
    response = bulk(boss, config, "export", [guests["张"], guests["Smith"]], format="xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(names) == sorted([guests["张"].person.display_name, guests["Smith"].person.display_name])


def test_export_all_matching_as_csv(boss, config, guests):
    response = boss.get(url("guests_export", config.pk), {"format": "csv", "country": "JP"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.csv"')
    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 2  # the header and the one guest from Japan
    assert "山田" in lines[1]


# Inviting from the directory -------------------------------------------------------------------


def test_invite_from_the_directory_lists_only_people_not_registered(boss, config, guests):
    newcomer = make_person(50, family_name="Dubois", given_name="Claire", country="FR")
    response = boss.get(url("invite", config.pk))
    assert [p.pk for p in response.context["object_list"]] == [newcomer.pk]


def test_invite_from_the_directory(boss, superuser, config, guests):
    newcomers = [make_person(50 + i, family_name="Dubois", given_name=f"C{i}") for i in range(2)]
    vip = config.categories.get(code="vip")
    response = boss.post(
        url("invite", config.pk),
        {"person": [p.pk for p in newcomers] + [guests["张"].person_id], "category": vip.pk},
    )
    assert response.status_code == 302
    invited = Registration.objects.filter(person__in=newcomers)
    assert [(r.status, r.category_id) for r in invited] == [(Status.INVITED, vip.pk)] * 2
    assert Message.objects.filter(kind="invitation", registration__in=invited).count() == 2
    assert Activity.objects.filter(kind=Activity.Kind.INVITED, by=superuser).count() == 2
    assert len(texts(response)) == 2  # 2 invited; 1 already registered


def test_invite_search_in_chinese(boss, config):
    wang = make_person(60, family_name="王", given_name="建国", language="zh-hans")
    make_person(61, family_name="Smith", given_name="John")
    response = boss.get(url("invite", config.pk), {"q": "王建国"})
    assert [p.pk for p in response.context["object_list"]] == [wang.pk]


# Guest page ------------------------------------------------------------------------------------


def test_guest_page_shows_details_history_log_and_messages(boss, superuser, config, guests, questions):
    registration = guests["张"]
    Registration.objects.filter(pk=registration.pk).update(answers={"diet": "halal", "topics": ["trade"]})
    answer_invitation(registration=registration, accept=True, by=superuser)
    Message.objects.filter(registration=registration, kind="invitation").update(
        status=Message.Status.FAILED, attempts=3, last_error="550 mailbox unavailable"
    )
    response = boss.get(url("guest", config.pk, registration.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "张伟" in html
    assert "湖南大学" in html
    assert "清真" in html
    assert "贸易" in html
    kinds = [row["activity"].kind for row in response.context["activities"]]
    assert kinds == [Activity.Kind.CREATED, Activity.Kind.INVITED, Activity.Kind.ANSWERED]
    assert "550 mailbox unavailable" in html
    assert [e.action for e in response.context["log_entries"]] == ["registrations.answered", "registrations.created"]
    assert "root" in html  # who answered on the guest's behalf


def test_record_an_answer_on_the_guests_behalf(boss, superuser, config, guests):
    response = boss.post(url("guest_action", config.pk, guests["张"].pk), {"action": "accept"})
    assert response.status_code == 302
    assert status_of(guests["张"]) == Status.ACCEPTED
    answered = Activity.objects.get(registration=guests["张"], kind=Activity.Kind.ANSWERED)
    assert answered.by == superuser


def test_record_a_decline_even_after_the_deadline(boss, config, guests):
    config.rsvp_deadline = timezone.now() - dt.timedelta(days=1)
    config.save()
    boss.post(url("guest_action", config.pk, guests["Smith"].pk), {"action": "decline"})
    assert status_of(guests["Smith"]) == Status.DECLINED


def test_guest_actions_approve_reject_cancel_and_category(boss, config, applicants):
    first, second, third = applicants
    boss.post(url("guest_action", config.pk, first.pk), {"action": "approve"})
    boss.post(url("guest_action", config.pk, second.pk), {"action": "reject"})
    boss.post(url("guest_action", config.pk, third.pk), {"action": "cancel"})
    press = config.categories.get(code="press")
    boss.post(url("guest_action", config.pk, first.pk), {"action": "category", "category": press.pk})
    assert [status_of(r) for r in applicants] == [Status.CONFIRMED, Status.REJECTED, Status.CANCELLED]
    assert Registration.objects.get(pk=first.pk).category == press


def test_a_refused_guest_action_is_a_message_not_an_error(boss, config, guests):
    response = boss.post(url("guest_action", config.pk, guests["张"].pk), {"action": "approve"})
    assert response.status_code == 302
    reason = in_admin_language(response, "Only registrations awaiting approval can be approved or rejected.")
    assert texts(response) == [f"张伟: {reason}"]


def test_guest_of_another_event_is_not_found_under_this_event(boss, config, other_config):
    stranger = invite(other_config, other_config.categories.get(code="guest"), [make_person(99)])[0]
    # (The locale middleware turns an admin 404 into a redirect to the same path under /zh-hans/.)
    assert boss.get(url("guest", config.pk, stranger.pk), follow=True).status_code == 404
    assert boss.post(url("guest_action", config.pk, stranger.pk), {"action": "cancel"}, follow=True).status_code == 404
    assert status_of(stranger) == Status.INVITED


# Audit log ---------------------------------------------------------------------------------------


def test_approving_in_the_admin_is_logged_with_the_user_and_shown_in_site_history(boss, superuser, config, applicants):
    boss.post(url("guest_action", config.pk, applicants[0].pk), {"action": "approve"})
    entry = ModelLogEntry.objects.get(action="registrations.status", object_id=str(applicants[0].pk))
    assert entry.user == superuser
    assert entry.data == {"status": "confirmed"}
    report = boss.get(reverse("wagtailadmin_reports:site_history"))
    assert report.status_code == 200
    assert entry in report.context["object_list"]


# Dashboard ---------------------------------------------------------------------------------------


def test_dashboard_counts_by_status_and_category(boss, config, guests):
    answer_invitation(registration=guests["张"], accept=True, by=None)
    answer_invitation(registration=guests["Smith"], accept=False, by=None)
    vip = config.categories.get(code="vip")
    vip.quota = 5
    vip.save()
    Registration.objects.filter(pk=guests["张"].pk).update(category=vip)
    Message.objects.filter(registration=guests["Smith"]).update(status=Message.Status.FAILED)
    response = boss.get(url("dashboard", config.pk))
    assert response.status_code == 200
    figures = response.context["figures"]
    assert figures["total"] == 4
    assert [(row["status"], row["count"]) for row in figures["statuses"]] == [
        ("invited", 2),
        ("accepted", 1),
        ("declined", 1),
    ]
    by_category = {row["category"].code: (row["total"], row["holding"], row["quota"]) for row in figures["categories"]}
    assert by_category["vip"] == (1, 1, 5)
    assert by_category["guest"] == (3, 0, None)
    assert by_category["press"] == (0, 0, None)
    assert figures["failed_messages"] == 2  # the invitation and the decline acknowledgement
    html = response.content.decode()
    assert url("messages", config.pk) + "?status=failed" in html


def test_dashboard_chart_data_is_cumulative_answers_per_day(boss, config, guests, guest_category):
    tz = timezone.get_current_timezone()
    day = dt.datetime(2027, 3, 1, 10, tzinfo=tz)
    answer_invitation(registration=guests["张"], accept=True, by=None)
    answer_invitation(registration=guests["Smith"], accept=False, by=None)
    answer_invitation(registration=guests["山田"], accept=True, by=None)
    Registration.objects.filter(pk=guests["张"].pk).update(responded_at=day)
    Registration.objects.filter(pk=guests["Smith"].pk).update(responded_at=day + dt.timedelta(days=1))
    # 23:30 in Changsha is still 3 March there, though 15:30 UTC.
    Registration.objects.filter(pk=guests["山田"].pk).update(
        responded_at=day.replace(hour=23, minute=30) + dt.timedelta(days=2)
    )
    applicant = apply(event=config, person=make_person(30), category=guest_category)
    Registration.objects.filter(pk=applicant.pk).update(created_at=day + dt.timedelta(days=1))
    response = boss.get(url("dashboard", config.pk))
    assert response.context["chart"]["labels"] == ["2027-03-01", "2027-03-02", "2027-03-03"]
    data = {d["key"]: d["data"] for d in response.context["chart"]["datasets"]}
    assert data == {"accepted": [1, 1, 2], "declined": [0, 1, 1], "applied": [0, 1, 1]}
    html = response.content.decode()
    embedded = html.split('<script id="reg-responses-data" type="application/json">')[1].split("</script>")[0]
    assert json.loads(embedded) == json.loads(json.dumps(response.context["chart"]))
    assert "vendor/chart.js/chart.umd.min.js" in html
    assert "registrations/admin/dashboard.js" in html


def test_dashboard_without_answers_has_no_chart(boss, config):
    response = boss.get(url("dashboard", config.pk))
    assert response.context["chart"]["labels"] == []
    assert "reg-responses-data" not in response.content.decode()


def test_messages_list_filters_failed(boss, config, guests):
    Message.objects.filter(registration=guests["Smith"]).update(status=Message.Status.FAILED, last_error="bounced")
    response = boss.get(url("messages", config.pk), {"status": "failed"})
    assert [m.registration_id for m in response.context["object_list"]] == [guests["Smith"].pk]
    assert "bounced" in response.content.decode()


# Events, menu and home page ----------------------------------------------------------------------


def test_events_page_lists_events_with_links(boss, config, other_config, guests):
    response = boss.get(url("events"))
    rows = {row["config"].pk: row for row in response.context["events"]}
    assert set(rows) == {config.pk, other_config.pk}
    assert rows[config.pk]["config"].guests == 4
    assert url("dashboard", config.pk) in response.content.decode()


def test_superuser_sets_up_registrations_for_an_event_without_them(boss, forum_page, config, index_pages):
    page = make_event(index_pages["zh-hans"], brand=forum_page.brand, start=days_from_now(120), slug="week-2027")
    listed_pages = boss.get(url("events")).context["unset_pages"]
    assert [p.pk for p in listed_pages] == [page.pk]
    response = boss.post(url("setup", page.pk))
    created = EventPage.objects.get(pk=page.pk).registration_config
    assert response["Location"] == url("settings", created.pk)
    assert created.categories.count() == 8


def test_admin_menu_and_home_panel_list_the_users_events(boss, config, guests):
    home = boss.get(reverse("wagtailadmin_home"))
    html = home.content.decode()
    assert 'id="registrations-events-section"' in html
    assert url("guests", config.pk) in html  # in the panel and in the menu's data
    assert "registrations-event-" in html


# Settings ----------------------------------------------------------------------------------------


def management_data(prefix, forms):
    data = {f"{prefix}-TOTAL_FORMS": len(forms), f"{prefix}-INITIAL_FORMS": sum(1 for f in forms if f.get("id"))}
    data.update({f"{prefix}-MIN_NUM_FORMS": 0, f"{prefix}-MAX_NUM_FORMS": 1000})
    for i, form in enumerate(forms):
        data.update({f"{prefix}-{i}-{key}": value for key, value in form.items()})
    return data


def settings_post(config, *, categories=None, questions=(), **rules):
    existing = [
        {
            "id": c.pk,
            "code": c.code,
            "name_zh": c.name_zh,
            "name_en": c.name_en,
            "colour": c.colour,
            "quota": c.quota or "",
            "sort_order": c.sort_order,
        }
        for c in config.categories.all()
    ]
    data = {"rsvp_deadline": "", "offer_hours": 48, **rules}
    data.update(management_data("categories", categories if categories is not None else existing))
    data.update(management_data("questions", list(questions)))
    return data


def test_settings_save_rules_categories_and_questions(boss, superuser, config):
    categories = settings_post(config)
    data = settings_post(
        config,
        categories=[
            *[
                {k.split("-", 2)[2]: v for k, v in categories.items() if k.startswith(f"categories-{i}-")}
                for i in range(8)
            ],
            {"code": "youth", "name_zh": "青年代表", "name_en": "Youth delegate", "colour": "#123456", "quota": 20},
        ],
        questions=[
            {
                "code": "diet",
                "label_zh": "饮食要求",
                "label_en": "Dietary needs",
                "kind": "choice",
                "choices": json.dumps([{"value": "halal", "zh": "清真", "en": "Halal"}]),
                "sort_order": 0,
            }
        ],
        offer_hours=24,
        changes_need_approval="on",
        rsvp_deadline="2027-04-01 18:00",
    )
    response = boss.post(url("settings", config.pk), data)
    assert response.status_code == 302, [
        (response.context[name].errors, getattr(response.context[name], "non_form_errors", list)())
        for name in ("form", "categories", "questions")
    ]
    config.refresh_from_db()
    assert (config.offer_hours, config.changes_need_approval) == (24, True)
    assert config.rsvp_deadline == dt.datetime(2027, 4, 1, 18, tzinfo=timezone.get_current_timezone())
    youth = config.categories.get(code="youth")
    assert (youth.name_en, youth.colour, youth.quota) == ("Youth delegate", "#123456", 20)
    assert config.questions.get().choice_pairs() == [("halal", "清真")]
    assert ModelLogEntry.objects.filter(action="wagtail.edit", user=superuser).exists()


def test_settings_refuse_a_choice_question_without_choices(boss, config):
    data = settings_post(
        config,
        questions=[{"code": "diet", "label_zh": "饮食", "label_en": "Diet", "kind": "choice", "choices": "[]"}],
    )
    response = boss.post(url("settings", config.pk), data)
    assert response.status_code == 200
    assert not config.questions.exists()


def test_settings_refuse_deleting_a_category_with_guests(boss, config, guests):
    data = settings_post(config)
    guest_index = next(i for i in range(8) if data[f"categories-{i}-code"] == "guest")
    data[f"categories-{guest_index}-DELETE"] = "on"
    response = boss.post(url("settings", config.pk), data)
    assert response.status_code == 200
    assert config.categories.filter(code="guest").exists()


def test_manager_gives_and_removes_a_role(boss, config):
    clerk = get_user_model().objects.create_user("clerk", "clerk@example.org", "pw")
    boss.post(url("staff", config.pk), {"user": clerk.pk, "role": "registration"})
    event_role = config.roles.get(user=clerk)
    assert event_role.role == "registration"
    assert list(clerk.groups.values_list("name", flat=True)) == ["Registration staff"]
    boss.post(url("staff", config.pk), {"remove": event_role.pk})
    assert not config.roles.filter(user=clerk).exists()
    assert not clerk.groups.exists()


# Directory ---------------------------------------------------------------------------------------


def test_directory_search_in_chinese_and_latin(boss):
    wang = make_person(70, family_name="王", given_name="建国", romanised_family_name="Wang", language="zh-hans")
    smith = make_person(71, family_name="Smith", given_name="John")
    assert [p.pk for p in boss.get(reverse("directory:index"), {"q": "建国"}).context["object_list"]] == [wang.pk]
    assert [p.pk for p in boss.get(reverse("directory:index"), {"q": "john smith"}).context["object_list"]] == [
        smith.pk
    ]


def test_directory_keeps_people_who_are_registered(boss, guests):
    person = guests["张"].person
    response = boss.post(reverse("directory:delete", args=[person.pk]))
    assert response.status_code == 302
    assert Person.objects.filter(pk=person.pk).exists()


# Deleting events ---------------------------------------------------------------------------------


def test_deleting_an_event_with_registrations_is_refused(boss, forum_page, config, guests):
    response = boss.post(reverse("wagtailadmin_pages:delete", args=[forum_page.pk]))
    assert response.status_code == 302
    assert EventPage.objects.filter(pk=forum_page.pk).exists()
    assert "4" in texts(response)[0]


def test_deleting_a_translation_of_an_event_with_registrations_is_refused(boss, forum_page, config, guests, locales):
    english = forum_page.get_translation(locales["en"])
    response = boss.post(reverse("wagtailadmin_pages:delete", args=[english.pk]))
    assert response.status_code == 302
    assert EventPage.objects.filter(pk=english.pk).exists()


def test_deleting_the_index_above_an_event_with_registrations_is_refused(boss, forum_page, config, guests):
    index = forum_page.get_parent()
    response = boss.post(reverse("wagtailadmin_pages:delete", args=[index.pk]))
    assert response.status_code == 302
    assert EventPage.objects.filter(pk=forum_page.pk).exists()


def test_bulk_deleting_an_event_with_registrations_is_refused(boss, forum_page, config, guests):
    bulk_url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"]) + f"?id={forum_page.pk}"
    response = boss.post(bulk_url)
    assert response.status_code == 302
    assert EventPage.objects.filter(pk=forum_page.pk).exists()


def test_deleting_an_event_without_registrations_is_allowed(boss, forum_page, other_config):
    page = other_config.event
    response = boss.post(reverse("wagtailadmin_pages:delete", args=[page.pk]))
    assert response.status_code == 302
    assert not EventPage.objects.filter(pk=page.pk).exists()
