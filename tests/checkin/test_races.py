"""Many gates at once, with real threads and connections on PostgreSQL: the row lock decides."""

import threading
from datetime import timedelta

import pytest
from django.db import close_old_connections, connection
from django.utils import timezone

from registrations.checkin.domain.gate import redeem, upload_batch
from registrations.checkin.models import Scan

pytestmark = [
    pytest.mark.skipif(
        connection.vendor == "sqlite", reason="the in-memory SQLite test database cannot take concurrent connections"
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def race(n, work):
    """Run work(i) in n threads released together; their results, and any error."""
    barrier = threading.Barrier(n)
    results, errors = [None] * n, []

    def run(i):
        try:
            barrier.wait(timeout=30)
            results[i] = work(i)
        except Exception as exc:  # reported below, never swallowed
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    return results


def test_fifty_gates_scanning_one_pass_at_one_point_admit_it_once(device, point, guest, code):
    outcomes = race(50, lambda i: redeem(device=device, point=point, code=code, nonce=f"gate-{i}").result)
    assert sorted(outcomes).count("ok") == 1
    assert outcomes.count("already") == 49
    assert Scan.objects.filter(registration=guest).count() == 50
    assert Scan.objects.filter(registration=guest, result="ok").count() == 1


def test_the_same_nonce_sent_twenty_times_at_once_is_recorded_once(device, point, guest, code):
    outcomes = race(20, lambda i: redeem(device=device, point=point, code=code, nonce="retry").scan.pk)
    assert len(set(outcomes)) == 1
    assert Scan.objects.count() == 1
    assert Scan.objects.get().result == "ok"


def test_the_same_nonce_of_an_unknown_code_at_once_is_recorded_once(device, point):
    outcomes = race(10, lambda i: redeem(device=device, point=point, code="junk", nonce="same").scan.pk)
    assert len(set(outcomes)) == 1
    assert Scan.objects.count() == 1


def test_online_and_offline_scans_racing_leave_one_check_in(device, point, guest, code):
    earlier = timezone.now() - timedelta(minutes=10)

    def work(i):
        if i % 2:
            return redeem(device=device, point=point, code=code, nonce=f"online-{i}").result
        entry = {"point": point.pk, "nonce": f"offline-{i}", "scanned_at": earlier + timedelta(seconds=i), "code": code}
        return upload_batch(device=device, scans=[entry])[0].outcome.result

    race(20, work)
    assert Scan.objects.count() == 20
    [check_in] = Scan.objects.filter(result="ok")
    assert check_in.nonce == "offline-0"  # the earliest scan wins, whatever order they arrived in
    assert Scan.objects.filter(result="already").count() == 19
