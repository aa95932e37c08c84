"""The gate's one decision: every result and reason, force, annul, nonces, offline batches, search."""

import base64
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone
from wagtail.models import ModelLogEntry

from registrations.checkin.domain import gate
from registrations.checkin.domain.gate import GateError, annul, redeem, search, upload_batch
from registrations.checkin.domain.passes import pass_code, reissue_pass, retire_key, revoke_pass, rotate_key
from registrations.checkin.models import CheckinPoint, Pass, Scan
from registrations.models import Status
from tests.checkin.conftest import make_guest, nonce

pytestmark = pytest.mark.django_db


def scan(device, point, code=None, **kwargs):
    kwargs.setdefault("nonce", nonce())
    return redeem(device=device, point=point, code=code, **kwargs)


def tampered(code: str, byte: int) -> str:
    raw = bytearray(base64.b32decode(code + "===="))
    raw[byte] ^= 0x01
    return base64.b32encode(bytes(raw)).decode().rstrip("=")


# --- results and reasons --------------------------------------------------------------------


def test_a_valid_pass_is_admitted_and_recorded(device, point, guest, code):
    outcome = scan(device, point, code, nonce="first")
    assert (outcome.result, outcome.reason, outcome.colour, outcome.message) == ("ok", "", "green", "欢迎。")
    row = Scan.objects.get()
    assert (row.registration, row.point, row.device, row.direction, row.nonce) == (
        guest,
        point,
        device,
        "entry",
        "first",
    )
    assert (row.result, row.forced, row.offline, row.needs_review, row.code) == ("ok", False, False, False, "")


def test_the_second_scan_at_the_same_point_is_already_with_when_and_where(device, point, guest, code):
    first = scan(device, point, code)
    again = scan(device, point, code)
    assert (again.result, again.colour, again.previous) == ("already", "amber", first.scan)
    assert again.scan.previous == first.scan
    assert again.message == f"已于 {timezone.localtime(first.scan.scanned_at):%H:%M} 在北门签到。"
    assert Scan.objects.filter(result="ok").count() == 1


def test_another_point_admits_the_same_pass_again(device, point, config, guest, code):
    hall = CheckinPoint.objects.create(event=config, name_zh="主会场", name_en="Main hall")
    assert scan(device, point, code).result == "ok"
    assert scan(device, hall, code).result == "ok"


def test_a_multiple_entry_point_admits_every_time(device, point, code):
    point.multiple_entry = True
    point.save()
    assert [scan(device, point, code).result for _ in range(3)] == ["ok", "ok", "ok"]


def test_after_going_out_a_guest_comes_back_in_where_entry_after_exit_is_allowed(device, point, exit_point, code):
    assert [scan(device, p, code).result for p in (point, exit_point, point)] == ["ok", "ok", "ok"]
    assert scan(device, point, code).result == "already"  # in, and not gone out since


def test_no_entry_after_exit_where_it_is_off(device, point, exit_point, code):
    point.entry_after_exit = False
    point.save()
    assert scan(device, point, code).result == "ok"
    assert scan(device, exit_point, code).result == "ok"
    refused = scan(device, point, code)
    assert (refused.result, refused.reason, refused.colour) == ("not_admitted", "no_entry", "red")
    assert refused.message == "不可再次入场：该嘉宾已离场。"


def test_a_category_the_point_does_not_admit_is_not_admitted(device, point, config, code):
    point.categories.set([config.categories.get(code="press")])
    outcome = scan(device, point, code)
    assert (outcome.result, outcome.reason) == ("not_admitted", "category")


def test_before_the_point_opens_is_too_early_and_after_it_closes_too_late(device, point, code):
    point.opens = timezone.now() + timedelta(hours=1)
    point.save()
    early = scan(device, point, code)
    assert (early.result, early.reason) == ("not_admitted", "too_early")
    point.opens, point.closes = timezone.now() - timedelta(hours=2), timezone.now() - timedelta(hours=1)
    point.save()
    gate.clear_caches()
    late = scan(device, point, code)
    assert (late.result, late.reason) == ("not_admitted", "too_late")


@pytest.mark.parametrize("status", [Status.INVITED, Status.PENDING, Status.WAITLISTED, Status.OFFERED])
def test_a_guest_who_has_not_confirmed_is_not_admitted(device, point, config, guest_category, status):
    guest = make_guest(config, guest_category, 5, status=status)
    outcome = scan(device, point, pass_code(guest))
    assert (outcome.result, outcome.reason) == ("not_admitted", "not_attending")


@pytest.mark.parametrize("status", [Status.CANCELLED, Status.REPLACED, Status.DECLINED, Status.REJECTED])
def test_a_cancelled_replaced_or_declined_registration_is_revoked(device, point, guest, code, status):
    guest.status = status
    guest.save()
    outcome = scan(device, point, code)
    assert (outcome.result, outcome.reason, outcome.colour) == ("revoked", status, "red")
    assert outcome.scan.registration == guest


def test_a_revoked_pass_is_refused(device, point, guest, code):
    revoke_pass(registration=guest, reason="lost")
    outcome = scan(device, point, code)
    assert (outcome.result, outcome.reason, outcome.message) == ("revoked", "pass_revoked", "此通行证已被吊销。")
    fresh = pass_code(guest)  # the new version is refused as well until re-issued
    assert scan(device, point, fresh).reason == "pass_revoked"


def test_a_pass_of_an_older_version_is_refused_once_re_issued(device, point, guest, code):
    reissue_pass(registration=guest)
    outcome = scan(device, point, code)
    assert (outcome.result, outcome.reason) == ("revoked", "old_version")
    assert scan(device, point, pass_code(guest)).result == "ok"


def test_a_tampered_payload_is_unknown_and_forged_and_keeps_the_code(device, point, guest, code):
    altered = tampered(code, 9)  # another registration id
    outcome = scan(device, point, altered)
    assert (outcome.result, outcome.reason, outcome.registration) == ("unknown", "forged", None)
    row = outcome.scan
    assert (row.registration, row.code) == (None, altered)


@pytest.mark.parametrize("text", ["", "hello", "A" * 124, "https://example.org/", "\x00" * 10])
def test_what_is_no_pass_is_unknown_and_malformed(device, point, text):
    outcome = scan(device, point, text)
    assert (outcome.result, outcome.reason) == ("unknown", "malformed")
    assert outcome.scan.code == text.replace("\x00", "")


def test_a_pass_signed_by_a_retired_key_is_unknown(device, point, guest, code):
    old = rotate_key(config=guest.event)
    old = guest.event.signing_keys.get(key_id=1)
    retire_key(key=old)
    gate.clear_caches()
    outcome = scan(device, point, code)
    assert (outcome.result, outcome.reason) == ("unknown", "unknown_key")


def test_a_signed_pass_of_a_registration_that_is_gone_is_unknown(device, point, guest, code):
    Pass.objects.all().delete()
    guest.delete()
    outcome = scan(device, point, code)
    assert (outcome.result, outcome.reason, outcome.scan.registration_id) == ("unknown", "no_registration", None)


def test_a_valid_pass_of_another_event_is_other_event(device, point, other_config):
    stranger = make_guest(other_config, other_config.categories.get(code="guest"), 9)
    outcome = scan(device, point, pass_code(stranger))
    assert (outcome.result, outcome.colour, outcome.registration) == ("other_event", "red", None)
    assert outcome.message == "这是其他活动的通行证。"
    assert outcome.scan.event_id == point.event_id


def test_a_forged_pass_claiming_another_event_is_forged(device, point, other_config):
    stranger = make_guest(other_config, other_config.categories.get(code="guest"), 9)
    assert scan(device, point, tampered(pass_code(stranger), 14)).reason == "forged"


def test_manual_admission_by_registration(device, point, guest):
    outcome = scan(device, point, registration_id=guest.pk)
    assert (outcome.result, outcome.registration) == ("ok", guest)
    assert scan(device, point, registration_id=guest.pk).result == "already"


def test_manual_admission_of_a_guest_of_another_event_is_unknown(device, point, other_config):
    stranger = make_guest(other_config, other_config.categories.get(code="guest"), 9)
    outcome = scan(device, point, registration_id=stranger.pk)
    assert (outcome.result, outcome.reason, outcome.scan.registration) == ("unknown", "no_registration", None)


def test_messages_follow_the_active_language(device, point, code, settings):
    from django.utils.translation import override

    with override("en"):
        assert scan(device, point, code).message == "Welcome."
        assert scan(device, point, code).message.startswith("Already checked in at North gate at ")


# --- force ----------------------------------------------------------------------------------


def test_force_admits_an_already_checked_in_guest_and_is_recorded(device, point, guest, code):
    scan(device, point, code)
    forced = scan(device, point, code, force=True)
    assert (forced.result, forced.scan.forced, forced.scan.reason) == ("ok", True, "")
    assert forced.message == "已由主管放行。"
    entry = ModelLogEntry.objects.get(action="checkin.forced")
    assert entry.data == {"scan": forced.scan.pk, "point": point.pk, "reason": "", "device": device.pk}


def test_force_admits_a_guest_not_admitted_here_keeping_the_reason(device, point, config, code):
    point.categories.set([config.categories.get(code="press")])
    forced = scan(device, point, code, force=True)
    assert (forced.result, forced.scan.forced, forced.scan.reason) == ("ok", True, "category")


def test_force_never_admits_unknown_forged_revoked_or_another_event(device, point, guest, code, other_config):
    stranger = make_guest(other_config, other_config.categories.get(code="guest"), 9)
    assert scan(device, point, "nonsense", force=True).result == "unknown"
    assert scan(device, point, tampered(code, 9), force=True).result == "unknown"
    assert scan(device, point, pass_code(stranger), force=True).result == "other_event"
    revoke_pass(registration=guest)
    assert scan(device, point, code, force=True).result == "revoked"
    assert not Scan.objects.filter(forced=True).exists()


# --- nonces ---------------------------------------------------------------------------------


def test_the_same_nonce_again_returns_the_first_answer_and_counts_once(device, point, guest, code):
    first = scan(device, point, code, nonce="retry")
    again = scan(device, point, code, nonce="retry")
    assert (again.scan.pk, again.result, again.repeat, first.repeat) == (first.scan.pk, "ok", True, False)
    assert Scan.objects.count() == 1


def test_a_repeated_nonce_of_an_unknown_code_is_recorded_once(device, point):
    assert scan(device, point, "x", nonce="n").scan.pk == scan(device, point, "x", nonce="n").scan.pk
    assert Scan.objects.count() == 1


@pytest.mark.parametrize("bad", ["", "   ", "x" * 65, "a\x00b", None, 7])
def test_a_scan_without_a_proper_nonce_is_refused_and_nothing_recorded(device, point, code, bad):
    with pytest.raises(GateError) as refused:
        redeem(device=device, point=point, code=code, nonce=bad)
    assert refused.value.code == "bad_nonce"
    assert not Scan.objects.exists()


def test_a_point_of_another_event_is_refused(device, code, other_config):
    elsewhere = CheckinPoint.objects.create(event=other_config, name_zh="南门", name_en="South gate")
    with pytest.raises(GateError) as refused:
        scan(device, elsewhere, code)
    assert refused.value.code == "unknown_point"


def test_point_for_respects_a_device_scoped_to_one_point(config, point, exit_point):
    from registrations.checkin.domain.devices import create_device

    scoped, _token = create_device(config=config, name="Exit phone", point=exit_point)
    assert gate.point_for(device=scoped, point_id=exit_point.pk) == exit_point
    with pytest.raises(GateError) as refused:
        gate.point_for(device=scoped, point_id=point.pk)
    assert refused.value.code == "forbidden_point"
    with pytest.raises(GateError) as refused:
        gate.point_for(device=scoped, point_id="nope")
    assert refused.value.code == "bad_point"


# --- annul ----------------------------------------------------------------------------------


def test_annulling_a_check_in_lets_the_guest_in_again(device, point, guest, code):
    first = scan(device, point, code)
    annulled = annul(scan=first.scan, device=device)
    assert annulled.annulled_at is not None
    assert annulled.annulled_by_device == device
    assert scan(device, point, code).result == "ok"
    assert ModelLogEntry.objects.filter(action="checkin.annulled").count() == 1


@override_settings(CHECKIN_ANNUL_MINUTES=5)
def test_annulling_after_the_window_is_refused(device, point, code):
    first = scan(device, point, code)
    Scan.objects.filter(pk=first.scan.pk).update(recorded_at=timezone.now() - timedelta(minutes=5, seconds=1))
    with pytest.raises(GateError) as refused:
        annul(scan=first.scan, device=device)
    assert (refused.value.code, refused.value.message) == ("too_late", "签到只能在 5 分钟内撤销。")
    assert Scan.objects.get().annulled_at is None


@override_settings(CHECKIN_ANNUL_MINUTES=5)
def test_annulling_just_inside_the_window_works(device, point, code):
    first = scan(device, point, code)
    Scan.objects.filter(pk=first.scan.pk).update(recorded_at=timezone.now() - timedelta(minutes=4, seconds=50))
    assert annul(scan=first.scan, device=device).annulled_at is not None


def test_annulling_twice_a_refusal_or_another_events_scan_is_refused(device, point, code, other_config):
    from registrations.checkin.domain.devices import create_device

    first = scan(device, point, code)
    refused_scan = scan(device, point, "nonsense").scan
    annul(scan=first.scan, device=device)
    codes = []
    for target, by in ((first.scan, device), (refused_scan, device)):
        with pytest.raises(GateError) as refused:
            annul(scan=target, device=by)
        codes.append(refused.value.code)
    stranger, _token = create_device(config=other_config, name="Elsewhere")
    with pytest.raises(GateError) as refused:
        annul(scan=refused_scan, device=stranger)
    codes.append(refused.value.code)
    assert codes == ["already_annulled", "not_ok", "other_event"]


# --- offline batches ------------------------------------------------------------------------


def offline(point, at, code=None, **extra):
    return {"point": point.pk, "nonce": nonce(), "scanned_at": at, "code": code, **extra}


def test_a_batch_is_decided_in_time_order_and_later_duplicates_are_flagged(device, point, guest, code):
    t0 = timezone.now() - timedelta(minutes=30)
    late, early = offline(point, t0 + timedelta(minutes=2), code), offline(point, t0, code)
    items = upload_batch(device=device, scans=[late, early])
    assert [(i.nonce, i.outcome.result, i.outcome.duplicate) for i in items] == [
        (late["nonce"], "already", True),
        (early["nonce"], "ok", False),
    ]
    assert Scan.objects.get(nonce=late["nonce"]).previous == Scan.objects.get(nonce=early["nonce"])
    assert Scan.objects.filter(offline=True).count() == 2


def test_an_offline_scan_earlier_than_an_online_check_in_becomes_the_check_in(device, point, guest, code):
    online = scan(device, point, code)
    earlier = offline(point, online.scan.scanned_at - timedelta(minutes=10), code)
    [item] = upload_batch(device=device, scans=[earlier])
    assert (item.outcome.result, item.outcome.duplicate) == ("ok", False)
    online.scan.refresh_from_db()
    assert (online.scan.result, online.scan.needs_review, online.scan.previous) == (
        "already",
        True,
        item.outcome.scan,
    )
    assert Scan.objects.filter(registration=guest, result="ok").count() == 1


def test_an_offline_exit_between_two_entries_keeps_both_entries(device, point, exit_point, code):
    t0 = timezone.now() - timedelta(hours=1)
    items = upload_batch(
        device=device,
        scans=[offline(point, t0, code), offline(point, t0 + timedelta(minutes=20), code)],
    )
    assert [i.outcome.result for i in items] == ["ok", "already"]
    [out] = upload_batch(device=device, scans=[offline(exit_point, t0 + timedelta(minutes=10), code)])
    assert out.outcome.result == "ok"


def test_the_same_nonce_uploaded_twice_counts_once(device, point, code):
    entry = offline(point, timezone.now() - timedelta(minutes=3), code)
    first = upload_batch(device=device, scans=[entry])
    second = upload_batch(device=device, scans=[entry, dict(entry)])
    assert first[0].outcome.scan.pk == second[0].outcome.scan.pk == second[1].outcome.scan.pk
    assert second[0].outcome.repeat
    assert Scan.objects.count() == 1


def test_a_bad_scan_in_a_batch_loses_no_other(device, point, code, guest):
    t = timezone.now() - timedelta(minutes=3)
    items = upload_batch(
        device=device,
        scans=[{"point": 999999, "nonce": "a", "scanned_at": t, "code": code}, offline(point, t, code)],
    )
    assert (items[0].error.code, items[0].outcome) == ("unknown_point", None)
    assert items[1].outcome.result == "ok"


def test_an_offline_scan_from_the_future_is_taken_as_now(device, point, code):
    [item] = upload_batch(device=device, scans=[offline(point, timezone.now() + timedelta(days=1), code)])
    assert item.outcome.scan.scanned_at <= timezone.now()


def test_every_offline_scan_is_recorded_refusals_included(device, point, guest, code):
    t = timezone.now() - timedelta(minutes=5)
    scans = [offline(point, t + timedelta(seconds=i), c) for i, c in enumerate([code, "junk", code, code])]
    items = upload_batch(device=device, scans=scans)
    assert [i.outcome.result for i in items] == ["ok", "unknown", "already", "already"]
    assert Scan.objects.count() == 4
    assert list(Scan.objects.filter(needs_review=True).values_list("nonce", flat=True).order_by("nonce")) == sorted(
        [scans[2]["nonce"], scans[3]["nonce"]]
    )


# --- search ---------------------------------------------------------------------------------


def test_search_finds_names_in_any_script_with_the_last_check_in(device, point, config, guest_category, guest):
    wang = make_guest(config, guest_category, 2, family_name="王", given_name="小明", language="zh", country="CN")
    ivanov = make_guest(config, guest_category, 3, family_name="Иванов", given_name="Пётр", country="RU")
    scan(device, point, registration_id=wang.pk)
    assert [r.pk for r, _last in search(config=config, query="王小明")] == [wang.pk]
    assert [r.pk for r, _last in search(config=config, query="Иванов Пётр")] == [ivanov.pk]
    assert [r.pk for r, _last in search(config=config, query="smith anna1")] == [guest.pk]
    [(found, last)] = search(config=config, query="小明")
    assert (found, last.point) == (wang, point)
    assert search(config=config, query="   ") == []


def test_search_gives_twenty_at_most_and_only_this_event(config, guest_category, other_config):
    for i in range(25):
        make_guest(config, guest_category, 100 + i)
    make_guest(other_config, other_config.categories.get(code="guest"), 200)
    found = search(config=config, query="Smith")
    assert len(found) == 20
    assert {r.event_id for r, _last in found} == {config.pk}
