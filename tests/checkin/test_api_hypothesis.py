"""Whatever JSON is thrown at redeem and batch: never a 500, and only well-formed scans are recorded."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from registrations.checkin.models import Scan

pytestmark = pytest.mark.django_db

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=80),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=200),
    st.sampled_from(["", "\x00", "2027-09-18T09:00:00", "2027-13-40T99:00", "Z", "A" * 124, "1", "-1"]),
)
anything = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)
KEYS = ["code", "registration", "point", "nonce", "force", "scanned_at"]


def scan_like(point_id, code):
    # Real values mixed with junk, so that some requests get past the first checks.
    good = {"code": code, "point": point_id, "nonce": "n", "force": False, "scanned_at": "2026-01-01T00:00:00Z"}
    return st.dictionaries(st.sampled_from(KEYS), st.one_of(anything, st.sampled_from(list(good.values()))), max_size=6)


def _post(api, path, body):
    response = api.client.post(f"/api/checkin/{path}/", body, content_type="application/json", headers=api.headers())
    assert response.status_code in (200, 400, 403, 404), response.content[:300]
    data = response.json()
    if response.status_code != 200:
        assert set(data) == {"error", "message", "fields"}
        assert data["message"]
    return data


@FUZZ
@given(data=st.data())
def test_random_json_at_redeem_never_fails(api, point, code, data):
    body = data.draw(st.one_of(anything, scan_like(point.pk, code)))
    before = Scan.objects.count()
    result = _post(api, "redeem", json.dumps(body))
    if "result" in result:
        assert Scan.objects.count() in (before, before + 1)
    else:
        assert Scan.objects.count() == before


@FUZZ
@given(data=st.data())
def test_random_json_at_batch_never_fails(api, point, code, data):
    scans = data.draw(st.one_of(anything, st.lists(st.one_of(anything, scan_like(point.pk, code)), max_size=5)))
    body = data.draw(st.sampled_from([{"scans": scans}, scans]))
    result = _post(api, "batch", json.dumps(body))
    if "results" in result and isinstance(scans, list):
        assert len(result["results"]) == len(scans)


@FUZZ
@given(raw=st.binary(max_size=300))
def test_random_bytes_at_redeem_are_400(api, raw):
    response = api.client.post("/api/checkin/redeem/", raw, content_type="application/json", headers=api.headers())
    assert response.status_code == 400
    assert response.json()["error"] in ("malformed", "invalid")
