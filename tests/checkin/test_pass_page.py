"""The QR pass on the guest's pass page: inline SVG and a PNG under the personal token, for an
attending guest with a valid pass only; a revoked pass says so instead."""

import re

import pytest
from django.test import Client

from registrations.checkin.domain.passes import pass_code, reissue_pass, revoke_pass
from registrations.domain.actions import answer_invitation, invite_guests
from tests.checkin.badge_support import *  # noqa: F403
from tests.checkin.badge_support import make_person, qr_codes_in_png, qr_codes_on_page
from tests.registrations.test_guest_pages import pass_url, text

pytestmark = pytest.mark.django_db

SVG = re.compile(r'<div class="pass-qr__code" role="img" aria-label="[^"]+">(<svg .*?</svg>)</div>', re.S)


def png_url(registration, language="en"):
    return f"/{language}/pass/{registration.token}/pass.png"


@pytest.fixture
def invited(config, guest_category):
    (registration,) = invite_guests(event=config, people=[make_person(1)], category=guest_category)
    return registration


@pytest.fixture
def accepted(invited):
    return answer_invitation(registration=invited, accept=True)


def svg_of(response) -> str:
    found = SVG.findall(response.content.decode())
    assert len(found) == 1
    return found[0]


def svg_decodes_to(svg: str) -> list[str]:
    """The page's SVG drawn by WeasyPrint and read back by zxing-cpp: what a phone camera would see."""
    from weasyprint import HTML

    pdf = HTML(string=f'<html><body style="margin:2cm"><div style="width:6cm;height:6cm">{svg}</div></body></html>')
    return qr_codes_on_page(pdf.write_pdf(), scale=3)


def test_an_attending_guest_sees_the_qr_of_their_pass_and_it_decodes_to_the_code(accepted):
    response = Client().get(pass_url(accepted))
    assert response.status_code == 200
    svg = svg_of(response)
    assert 'shape-rendering="crispEdges"' in svg
    assert svg_decodes_to(svg) == [pass_code(accepted)]
    page = text(response)
    assert "Show this code at the entrance, on your phone or printed." in page
    assert f'href="{png_url(accepted)}" download="pass.png"' in response.content.decode()
    assert "withdrawn" not in page


def test_the_png_decodes_to_the_same_code(accepted):
    response = Client().get(png_url(accepted))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'inline; filename="pass.png"'
    assert response["Cache-Control"] in ("private, no-store", "no-store, private")
    assert qr_codes_in_png(response.content) == [pass_code(accepted)]


def test_the_chinese_page_shows_the_qr_with_chinese_words(accepted):
    response = Client().get(pass_url(accepted, "zh-hans"))
    assert svg_decodes_to(svg_of(response)) == [pass_code(accepted)]
    page = text(response)
    assert "入场时请出示此二维码（手机显示或打印均可）。" in page
    assert "下载二维码（PNG）" in page


def test_a_declined_guest_has_no_qr_and_no_png(invited):
    declined = answer_invitation(registration=invited, accept=False)
    response = Client().get(pass_url(declined))
    assert "pass-qr" not in response.content.decode()
    assert "<svg" not in response.content.decode().split('class="pass__band"')[0]
    assert Client().get(png_url(declined)).status_code == 404


def test_an_invited_guest_who_has_not_answered_has_no_png(invited):
    assert Client().get(png_url(invited)).status_code == 404


def test_a_revoked_pass_shows_a_message_instead_of_the_qr(accepted):
    revoke_pass(registration=accepted, reason="lost phone")
    response = Client().get(pass_url(accepted))
    assert response.status_code == 200
    assert SVG.findall(response.content.decode()) == []
    assert (
        "This pass has been withdrawn: it no longer opens the gates. Please contact the organizers for a new one."
        in text(response)
    )
    assert Client().get(png_url(accepted)).status_code == 404
    chinese = text(Client().get(pass_url(accepted, "zh-hans")))
    assert "此参会证已作废，不能再用于入场。请联系主办方重新办理。" in chinese


def test_a_reissued_pass_shows_the_new_code(accepted):
    old = pass_code(accepted)
    revoke_pass(registration=accepted)
    reissue_pass(registration=accepted)
    new = pass_code(accepted)
    assert new != old
    assert qr_codes_in_png(Client().get(png_url(accepted)).content) == [new]


@pytest.mark.parametrize("token", ["not-a-token", "A" * 5000, "%00"])
def test_an_unknown_token_gives_the_ordinary_404(accepted, token):
    client = Client()
    bad = client.get(f"/en/pass/{token}/pass.png")
    missing = client.get("/en/nothing-here/")
    assert bad.status_code == missing.status_code == 404
    assert bad.content.decode().replace(f"pass/{token}/pass.png", "X") == missing.content.decode().replace(
        "nothing-here/", "X"
    )
