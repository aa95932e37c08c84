"""The check-in HTTP API: the README's contract, authentication, languages and error bodies."""

import pytest

pytestmark = pytest.mark.django_db


def test_redeem_admits_once_and_says_when_and_where_the_second_time(api, point, guest, code):
    status, first = api.post("redeem", {"code": code, "point": point.pk, "nonce": "a"})
    assert status == 200
    assert (first["result"], first["colour"], first["reason"], first["message"]) == ("ok", "green", None, "Welcome.")
    assert first["guest"]["registration"] == guest.pk
    assert first["guest"]["name"] == "Anna1 Smith"
    assert first["scan"]["point"] == point.pk
    assert first["scan"]["forced"] is False
    status, second = api.post("redeem", {"code": code, "point": point.pk, "nonce": "b"})
    assert (second["result"], second["colour"]) == ("already", "amber")
    assert second["previous"]["point"] == point.pk
    assert second["previous"]["at"] == first["scan"]["at"]
    assert second["message"].startswith("Already checked in at North gate at ")
