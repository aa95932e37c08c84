"""The check-in HTTP API: the README's contract, authentication, languages and error bodies."""

import gzip
import json
from datetime import timedelta

import pytest
from django.utils import timezone

from registrations.checkin.domain.devices import create_device, revoke_device
from registrations.checkin.domain.passes import pass_code, revoke_pass
from registrations.checkin.models import CheckinPoint, Device, Pass, Scan
from registrations.models import Status
from tests.checkin.conftest import Api, make_guest, nonce

pytestmark = pytest.mark.django_db


def test_redeem_admits_once_and_says_when_and_where_the_second_time(api, point, guest, code):
    status, first = api.post("redeem", {"code": code, "point": point.pk, "nonce": "a"})
    assert status == 200
    assert (first["result"], first["colour"], first["reason"], first["message"]) == ("ok", "green", None, "Welcome.")
    assert first["guest"] == {
        "registration": guest.pk,
        "name": "Anna1 Smith",
        "chinese_name": "",
        "organisation": "",
        "category": {"code": "guest", "name": guest.category.name_en, "colour": guest.category.colour},
        "delegation": "",
        "seat": "",
        "note": "",
        "status": "confirmed",
    }
    assert first["scan"] == {
        "id": Scan.objects.get().pk,
        "at": first["scan"]["at"],
        "point": point.pk,
        "direction": "entry",
        "forced": False,
        "offline": False,
        "annulled": False,
    }
    assert (first["previous"], first["duplicate"], first["repeat"]) == (None, False, False)
    status, second = api.post("redeem", {"code": code, "point": point.pk, "nonce": "b"})
    assert (second["result"], second["colour"]) == ("already", "amber")
    assert second["previous"] == {"at": first["scan"]["at"], "point": point.pk, "point_name": "North gate"}
    assert second["message"].startswith("Already checked in at North gate at ")


def test_the_same_nonce_twice_over_http_counts_once(api, point, code):
    _, first = api.post("redeem", {"code": code, "point": point.pk, "nonce": "same"})
    _, again = api.post("redeem", {"code": code, "point": point.pk, "nonce": "same"})
    assert (again["scan"]["id"], again["result"], again["repeat"]) == (first["scan"]["id"], "ok", True)
    assert Scan.objects.count() == 1


def test_the_guest_shows_the_chinese_name_delegation_seat_and_gate_note(api, point, config, guest_category):
    from registrations.logistics.models.needs import GuestNeeds
    from registrations.models import Delegation

    wang = make_guest(config, guest_category, 2, family_name="王", given_name="小明", language="zh", country="CN")
    wang.delegation = Delegation.objects.create(event=config, name="长沙代表团")
    wang.save()
    Pass.objects.create(registration=wang, note="引导至贵宾室")
    GuestNeeds.objects.create(registration=wang, access=["wheelchair"])
    api.language = "zh-hans"
    _, body = api.post("redeem", {"code": pass_code(wang), "point": point.pk, "nonce": nonce()})
    guest = body["guest"]
    assert (guest["name"], guest["chinese_name"], guest["delegation"]) == ("王小明", "王小明", "长沙代表团")
    assert guest["note"].startswith("引导至贵宾室; ")
    assert body["message"] == "欢迎。"


def test_manual_redeem_by_registration(api, point, guest):
    status, body = api.post("redeem", {"registration": guest.pk, "point": point.pk, "nonce": nonce()})
    assert (status, body["result"], body["guest"]["registration"]) == (200, "ok", guest.pk)


def test_refusals_over_http_are_red_with_a_reason(api, point, guest, code):
    revoke_pass(registration=guest)
    _, revoked = api.post("redeem", {"code": code, "point": point.pk, "nonce": nonce()})
    _, unknown = api.post("redeem", {"code": "HELLO", "point": point.pk, "nonce": nonce()})
    assert (revoked["result"], revoked["reason"], revoked["colour"]) == ("revoked", "pass_revoked", "red")
    assert (unknown["result"], unknown["reason"], unknown["colour"], unknown["guest"]) == (
        "unknown",
        "malformed",
        "red",
        None,
    )
    assert unknown["message"] == "This is not a pass of this system."


# --- authentication and scope ---------------------------------------------------------------


@pytest.mark.parametrize("header", [None, "", "Bearer", "Bearer nope", "Basic abc", "Bearer " + "x" * 200])
def test_no_or_a_wrong_token_is_401(client, point, header):
    headers = {"Accept-Language": "en"} | ({"Authorization": header} if header is not None else {})
    response = client.get("/api/checkin/setup/", headers=headers)
    assert response.status_code == 401
    assert response.json() == {
        "error": "unauthorized",
        "message": "This device is not (or no longer) allowed in.",
        "fields": {},
    }
    assert response["WWW-Authenticate"] == 'Bearer realm="checkin"'


def test_a_revoked_device_is_401(client, device, token, point):
    revoke_device(device=device)
    status, body = Api(client, token).get("setup")
    assert (status, body["error"]) == (401, "unauthorized")


def test_an_expired_device_is_401(client, config, point):
    device, token = create_device(config=config, name="Temp", expires_at=timezone.now() + timedelta(hours=1))
    assert Api(client, token).get("setup")[0] == 200
    Device.objects.filter(pk=device.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    from registrations.checkin import api as api_module

    api_module._devices.clear()
    assert Api(client, token).get("setup")[0] == 401


def test_a_device_scoped_to_one_point_may_not_use_another(client, config, point, exit_point, code):
    _device, token = create_device(config=config, name="Exit phone", point=exit_point)
    scoped = Api(client, token)
    status, body = scoped.post("redeem", {"code": code, "point": point.pk, "nonce": nonce()})
    assert (status, body["error"], body["message"]) == (
        403,
        "forbidden_point",
        "This device may not be used at this check-in point.",
    )
    assert scoped.post("redeem", {"code": code, "point": exit_point.pk, "nonce": nonce()})[1]["result"] == "ok"
    assert [p["id"] for p in scoped.get("setup")[1]["points"]] == [exit_point.pk]
    assert not Scan.objects.filter(point=point).exists()


def test_an_unknown_point_or_one_of_another_event_is_404(api, code, other_config):
    elsewhere = CheckinPoint.objects.create(event=other_config, name_zh="南门", name_en="South gate")
    for point_id in (999999, elsewhere.pk):
        status, body = api.post("redeem", {"code": code, "point": point_id, "nonce": nonce()})
        assert (status, body["error"]) == (404, "unknown_point")
    assert not Scan.objects.exists()


def test_last_seen_is_written_at_most_once_a_minute(api, device, point, django_assert_num_queries):
    api.get("setup")
    device.refresh_from_db()
    seen = device.last_seen_at
    assert seen is not None
    api.get("setup")
    device.refresh_from_db()
    assert device.last_seen_at == seen


# --- languages and error bodies -------------------------------------------------------------


def test_accept_language_picks_the_language_of_messages(client, token, point, code):
    zh = Api(client, token, language="zh-CN,zh;q=0.9,en;q=0.5")
    message = zh.post("redeem", {"code": "x", "point": point.pk, "nonce": nonce()})[1]["message"]
    assert message == "这不是本系统的通行证。"
    en = Api(client, token, language="en-GB,en;q=0.9")
    assert en.post("redeem", {"code": "x", "point": point.pk, "nonce": nonce()})[1]["message"] == (
        "This is not a pass of this system."
    )
    other = Api(client, token, language="fr")
    assert other.post("redeem", {}, raw="{")[1]["message"] == "请求不是有效的 JSON。"


@pytest.mark.parametrize(
    ("raw", "error"),
    [
        ("{", "malformed"),
        ("[]", "malformed"),
        ('"text"', "malformed"),
        ("[" * 100000 + "]" * 100000, "too_large"),
        ("\xff\xfe", "malformed"),
    ],
)
def test_malformed_bodies_are_400_with_a_code(api, point, raw, error):
    status, body = api.post("redeem", None, raw=raw)
    assert (status, body["error"]) == (400, error)
    assert not Scan.objects.exists()


def test_deep_nesting_within_the_size_limit_is_malformed_not_a_crash(api):
    status, body = api.post("batch", None, raw="[" * 5000 + "]" * 5000)
    assert (status, body["error"]) == (400, "malformed")


def test_wrong_types_say_which_fields(api, point):
    status, body = api.post("redeem", {"code": 5, "point": "one", "nonce": "", "force": "yes"})
    assert status == 400
    assert body["error"] == "invalid"
    assert body["message"] == "Some fields are missing or wrong."
    assert set(body["fields"]) == {"code", "point", "nonce", "force"}
    assert body["fields"]["nonce"] == "Each scan needs a nonce of 1 to 64 characters."


@pytest.mark.parametrize("registration", [True, 0, -1, 2**64, "5", 1.5])
def test_a_bad_registration_id_is_400(api, point, registration):
    status, body = api.post("redeem", {"registration": registration, "point": point.pk, "nonce": nonce()})
    assert (status, body["error"], list(body["fields"])) == (400, "invalid", ["registration"])


def test_a_wrong_method_is_405_with_a_json_body(api):
    response = api.client.get("/api/checkin/redeem/", headers=api.headers())
    assert response.status_code == 405
    assert response.json()["error"] == "method_not_allowed"
    assert response["Allow"] == "POST"


def test_csrf_is_not_needed(client, token, point, code):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    body = json.dumps({"code": code, "point": point.pk, "nonce": nonce()})
    response = strict.post(
        "/api/checkin/redeem/", body, content_type="application/json", headers={"Authorization": f"Bearer {token}"}
    )
    assert (response.status_code, response.json()["result"]) == (200, "ok")


# --- setup, keys ---------------------------------------------------------------------------


def test_setup_lists_the_device_event_and_points(api, device, config, point, exit_point):
    point.categories.set([config.categories.get(code="press")])
    status, body = api.get("setup")
    assert status == 200
    assert body["device"] == {"id": device.pk, "name": "Gate phone 1"}
    assert body["event"]["id"] == config.pk
    assert body["event"]["title"] == "2027 Xiangjiang Forum"
    assert [(p["id"], p["name"], p["direction"], p["categories"]) for p in body["points"]] == [
        (point.pk, "North gate", "entry", ["press"]),
        (exit_point.pk, "North exit", "exit", None),
    ]
    assert body["points"][0] | {"categories": None} == {
        "id": point.pk,
        "name": "North gate",
        "name_zh": "北门",
        "name_en": "North gate",
        "direction": "entry",
        "session": None,
        "categories": None,
        "opens": None,
        "closes": None,
        "multiple_entry": False,
        "entry_after_exit": True,
    }


def test_keys_verify_the_events_passes_and_leave_retired_ones_out(api, config, guest):
    from registrations.checkin.domain.passes import read_code, retire_key, rotate_key, verify

    code = pass_code(guest)
    status, body = api.get("keys")
    assert status == 200
    [key] = body["keys"]
    assert (body["event"], key["id"], key["active"]) == (config.pk, 1, True)
    assert verify(*read_code(code)[1:], key["public_key"])
    rotate_key(config=config)
    retire_key(key=config.signing_keys.get(key_id=1))
    assert [(k["id"], k["active"]) for k in api.get("keys")[1]["keys"]] == [(2, True)]


# --- annul ---------------------------------------------------------------------------------


def test_annul_undoes_a_check_in(api, point, code):
    _, first = api.post("redeem", {"code": code, "point": point.pk, "nonce": nonce()})
    status, body = api.post("annul", {"scan": first["scan"]["id"]})
    assert (status, body["result"], body["scan"]["annulled"], body["message"]) == (
        200,
        "annulled",
        True,
        "Check-in undone.",
    )
    status, again = api.post("annul", {"scan": first["scan"]["id"]})
    assert (status, again["error"]) == (400, "already_annulled")
    assert api.post("redeem", {"code": code, "point": point.pk, "nonce": nonce()})[1]["result"] == "ok"


def test_annul_out_of_the_window_unknown_or_bad_scans_are_refused(api, point, code, other_config):
    _, first = api.post("redeem", {"code": code, "point": point.pk, "nonce": nonce()})
    Scan.objects.update(recorded_at=timezone.now() - timedelta(minutes=6))
    assert api.post("annul", {"scan": first["scan"]["id"]})[1]["error"] == "too_late"
    assert api.post("annul", {"scan": 987654})[0:1] == (404,)
    assert api.post("annul", {"scan": "x"})[1]["fields"] == {"scan": "Choose a scan."}
    elsewhere = CheckinPoint.objects.create(event=other_config, name_zh="南门", name_en="South gate")
    stranger = Scan.objects.create(
        event=other_config, point=elsewhere, direction="entry", nonce="z", result="ok", scanned_at=timezone.now()
    )
    status, body = api.post("annul", {"scan": stranger.pk})
    assert (status, body["error"]) == (404, "no_scan")
    assert Scan.objects.filter(annulled_at__isnull=False).count() == 0


# --- search --------------------------------------------------------------------------------


def test_search_by_name_gives_the_last_scan(api, point, config, guest_category, guest):
    wang = make_guest(config, guest_category, 2, family_name="王", given_name="小明", language="zh", country="CN")
    api.post("redeem", {"registration": wang.pk, "point": point.pk, "nonce": nonce()})
    status, body = api.get("search", q="王小明")
    assert status == 200
    [found] = body["results"]
    assert (found["registration"], found["name"], found["status"]) == (wang.pk, "王小明", "confirmed")
    assert (found["last_scan"]["point"], found["last_scan"]["direction"]) == (point.pk, "entry")
    assert api.get("search", q="Smith")[1]["results"][0]["last_scan"] is None
    status, empty = api.get("search", q=" ")
    assert (status, empty["error"], list(empty["fields"])) == (400, "invalid", ["q"])
    assert api.get("search", q="a\x00b") == (200, {"results": []})


# --- batch --------------------------------------------------------------------------------


def test_batch_merges_by_time_and_marks_duplicates(api, point, guest, code):
    t0 = timezone.now() - timedelta(minutes=20)
    scans = [
        {"code": code, "point": point.pk, "nonce": "late", "scanned_at": (t0 + timedelta(minutes=5)).isoformat()},
        {"code": code, "point": point.pk, "nonce": "early", "scanned_at": t0.isoformat()},
        {"code": code, "point": point.pk, "nonce": "early", "scanned_at": t0.isoformat()},
        # local time without an offset: the server's time zone (Asia/Shanghai)
        {
            "registration": guest.pk,
            "point": point.pk,
            "nonce": "manual",
            "scanned_at": timezone.localtime(t0 + timedelta(minutes=1)).isoformat()[:19],
        },
    ]
    status, body = api.post("batch", {"scans": scans})
    assert status == 200
    assert [(r["nonce"], r["result"], r["duplicate"]) for r in body["results"]] == [
        ("late", "already", True),
        ("early", "ok", False),
        ("early", "ok", False),
        ("manual", "already", True),
    ]
    assert Scan.objects.count() == 3
    assert body["results"][1]["scan"]["offline"] is True


def test_batch_reports_bad_scans_one_by_one_and_keeps_the_good(api, point, code):
    t = timezone.now().isoformat()
    scans = [
        "junk",
        {"code": code, "point": point.pk, "nonce": "no-time"},
        {"code": code, "point": 424242, "nonce": "no-point", "scanned_at": t},
        {"code": code, "point": point.pk, "nonce": "good", "scanned_at": t},
    ]
    status, body = api.post("batch", {"scans": scans})
    assert status == 200
    assert [(r["nonce"], r.get("error"), r.get("result")) for r in body["results"]] == [
        (None, "invalid", None),
        ("no-time", "invalid", None),
        ("no-point", "unknown_point", None),
        ("good", None, "ok"),
    ]
    assert body["results"][1]["fields"] == {"scanned_at": "Give the time of the scan (ISO 8601)."}
    assert list(Scan.objects.values_list("nonce", flat=True)) == ["good"]


@pytest.mark.parametrize("scans", [None, "x", {}, [{}] * 1001])
def test_a_batch_that_is_no_list_or_too_long_is_400(api, scans):
    status, body = api.post("batch", {"scans": scans})
    assert (status, body["error"], list(body["fields"])) == (400, "invalid", ["scans"])


# --- roster --------------------------------------------------------------------------------


def test_the_roster_lists_attending_guests_revoked_ones_and_check_ins(api, client, token, config, point, guest):
    cancelled = make_guest(config, guest.category, 2, status=Status.CANCELLED)
    invited = make_guest(config, guest.category, 3, status=Status.INVITED)
    lost = make_guest(config, guest.category, 4)
    revoke_pass(registration=lost)
    api.post("redeem", {"registration": guest.pk, "point": point.pk, "nonce": nonce()})
    response = client.get("/api/checkin/roster/", headers=api.headers(**{"Accept-Encoding": "gzip"}))
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    data = json.loads(gzip.decompress(response.content))
    assert data["event"] == config.pk
    assert [g[:5] for g in data["guests"]] == [
        [guest.pk, 1, "Anna1 Smith", "", "guest"],
        [lost.pk, 2, "Anna4 Smith", "", "guest"],
    ]
    assert data["revoked"] == [cancelled.pk, lost.pk]
    assert invited.pk not in [g[0] for g in data["guests"]]
    [[registration, point_id, direction, _at]] = data["checkins"]
    assert (registration, point_id, direction) == (guest.pk, point.pk, "entry")
    assert data["categories"]["guest"]["colour"] == guest.category.colour
    assert "generated_at" in data


def test_the_roster_answers_304_while_nothing_changed_and_a_new_etag_after(api, client, point, guest):
    first = client.get("/api/checkin/roster/", headers=api.headers())
    etag = first["ETag"]
    assert json.loads(first.content)["guests"][0][0] == guest.pk  # not gzipped when not asked for
    again = client.get("/api/checkin/roster/", headers=api.headers(**{"If-None-Match": etag}))
    assert (again.status_code, again.content, again["ETag"]) == (304, b"", etag)
    api.post("redeem", {"registration": guest.pk, "point": point.pk, "nonce": nonce()})
    from registrations.checkin.domain import roster

    still = client.get("/api/checkin/roster/", headers=api.headers(**{"If-None-Match": etag}))
    assert still.status_code == 304  # each process reads the marker at most every 3 seconds
    roster._markers.clear()  # ... 3 seconds later
    changed = client.get("/api/checkin/roster/", headers=api.headers(**{"If-None-Match": etag}))
    assert changed.status_code == 200
    assert changed["ETag"] != etag


# --- the hot path --------------------------------------------------------------------------


def test_redeem_takes_few_queries(api, point, guest, code, django_assert_num_queries):
    api.get("setup")  # the device and the points are cached from now on
    api.post("redeem", {"code": pass_code(make_guest(guest.event, guest.category, 7)), "point": point.pk, "nonce": "w"})
    # savepoint, guest with its pass locked, earlier check-ins, insert, release (no seating plan: no seat query)
    with django_assert_num_queries(5):
        _, body = api.post("redeem", {"code": code, "point": point.pk, "nonce": nonce()})
    assert body["result"] == "ok"


def test_the_seat_comes_from_the_main_seating_plan(api, point, config, guest, code):
    from registrations.logistics.models.seating import Seat, SeatingPlan, Table

    plan = SeatingPlan.objects.create(event=config, title="欢迎宴会", is_main=True)
    table = Table.objects.create(plan=plan, number=3)
    Seat.objects.create(plan=plan, table=table, number=5, registration=guest)
    _, body = api.post("redeem", {"code": code, "point": point.pk, "nonce": nonce()})
    assert body["guest"]["seat"] == "Table 3 · Seat 5"
    _, found = api.get("search", q="Anna1")
    assert found["results"][0]["seat"] == "Table 3 · Seat 5"


@pytest.mark.parametrize("path", ["/api/checkin/", "/api/checkin/nothing/", "/api/checkin/redeem/extra"])
def test_an_unknown_api_path_is_a_json_404_in_the_callers_language(client, path):
    response = client.get(path, headers={"accept-language": "en"})
    assert (response.status_code, response["Content-Type"]) == (404, "application/json")
    assert response.json() == {"error": "not_found", "message": "There is no such check-in API call.", "fields": {}}
    chinese = client.get(path, headers={"accept-language": "zh-CN"})
    assert (chinese.status_code, chinese.json()["message"]) == (404, "没有这个签到接口调用。")
