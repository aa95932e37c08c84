"""Visa invitation letters: numbered, bilingual PDFs with the guest's passport data, one by one or in bulk."""
# ruff: noqa: F405

import io
import threading

import pypdfium2
import pytest
from django.db import connection
from django.urls import reverse
from pypdf import PdfReader
from wagtail.models import ModelLogEntry

from registrations.domain.errors import RegistrationError
from registrations.logistics.domain import letters, passports
from registrations.logistics.interfaces import pdf
from registrations.logistics.models import VisaLetter
from tests.logistics.protocol_support import *  # noqa: F403

pytestmark = pytest.mark.django_db


def test_letters_get_consecutive_references_and_guests_without_data_are_refused(config, guest_category):
    first, second, without = guests(config, guest_category, 3)
    give_passport(first)
    give_passport(second, number="X7654321")
    issued, refused = letters.issue_letters(event=config, registrations=[first, second, without])
    prefix = letters.default_prefix(config)
    assert [letter.reference for letter in issued] == [f"{prefix}-0001", f"{prefix}-0002"]
    assert refused == [without]
    again, _ = letters.issue_letters(event=config, registrations=[first])
    assert again[0].reference == f"{prefix}-0003"


def test_the_letter_pdf_is_bilingual_with_the_guests_passport_data(config, guest_category, tmp_path):
    guest = guests(config, guest_category, 1)[0]
    give_passport(guest)
    (letter,), _ = letters.issue_letters(event=config, registrations=[guest])
    content = letters.letters_pdf(event=config, letters=[letter], by=None)
    assert pdf_pages(content) == 1
    text = pdf_text(content)
    wanted = [
        *("中华人民共和国驻外使领馆", "Letter of Invitation", "SMITH ANNA", "K1234567", "护照号码", "Passport No."),
        *("湖南省人民政府外事办公室", "Foreign Affairs Office", letter.reference, "英国 / United Kingdom"),
        *("1981-05-31", "Leeds", "2032-03-01", "费用", "Costs"),
    ]
    for expected in wanted:
        assert expected in text, expected
    image = pypdfium2.PdfDocument(content)[0].render(scale=1).to_pil()
    image.save(tmp_path / "letter.png")
    assert image.size in ((595, 842), (596, 842))  # A4 at 72 dpi
    assert ModelLogEntry.objects.filter(action=passports.READ, object_id=str(guest.pk)).count() == 1


def test_bulk_letters_are_one_pdf_a_page_each(config, guest_category):
    people = guests(config, guest_category, 8)
    for i, guest in enumerate(people):
        give_passport(guest, number=f"P{i:07d}")
    issued, _ = letters.issue_letters(event=config, registrations=people)
    content = letters.letters_pdf(event=config, letters=issued, by=None)
    assert pdf_pages(content) == 8
    text = pdf_text(content)
    assert all(f"P{i:07d}" in text for i in range(8))


def test_a_large_batch_is_laid_out_by_several_processes_and_joined_in_order(config, guest_category, monkeypatch):
    monkeypatch.setattr(pdf, "PARALLEL_FROM", 4)  # a "large" batch of 5, so the test stays quick
    monkeypatch.setenv("PROTOCOL_PDF_PROCESSES", "2")
    people = guests(config, guest_category, 5)
    for i, guest in enumerate(people):
        give_passport(guest, number=f"P{i:07d}")
    issued, _ = letters.issue_letters(event=config, registrations=people)
    content = letters.letters_pdf(event=config, letters=issued, by=None)
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]
    assert len(pages) == 5
    for i, (page, letter) in enumerate(zip(pages, issued, strict=True)):
        assert f"P{i:07d}" in page
        assert letter.reference in page
        assert "中华人民共和国驻外使领馆" in page


def test_after_the_purge_a_letter_can_no_longer_be_printed(config, guest_category):
    guest = guests(config, guest_category, 1)[0]
    give_passport(guest)
    (letter,), _ = letters.issue_letters(event=config, registrations=[guest])
    passports.delete_passport(registration=guest)
    with pytest.raises(RegistrationError) as refused:
        letters.letters_pdf(event=config, letters=[letter], by=None)
    assert refused.value.code == "no_passport_data"


def test_logistics_staff_issue_and_print_letters_in_the_admin(client, config, guest_category, staff):
    people = guests(config, guest_category, 2)
    for guest in people:
        give_passport(guest)
    client.force_login(staff(config, Role.LOGISTICS))
    page = reverse("logistics_protocol:letters", args=[config.pk])
    ids = [g.pk for g in people]
    client.post(page, {"action": "issue", "registration": ids})
    assert VisaLetter.objects.filter(registration__in=ids).count() == 2
    response = client.post(page, {"action": "print", "registration": ids})
    assert response["Content-Type"] == "application/pdf"
    assert pdf_pages(response.content) == 2
    one = VisaLetter.objects.first()
    single = client.get(reverse("logistics_protocol:letter_pdf", args=[config.pk, one.pk]))
    assert one.reference in pdf_text(single.content)


def test_a_letter_withdrawn_in_the_admin_is_never_printed_again(client, config, guest_category, staff):
    guest = guests(config, guest_category, 1)[0]
    give_passport(guest)
    (letter,), _ = letters.issue_letters(event=config, registrations=[guest])
    client.force_login(staff(config, Role.LOGISTICS, language="en"))
    page = reverse("logistics_protocol:letters", args=[config.pk])
    response = client.post(page, {"withdraw": letter.pk}, follow=True)
    letter.refresh_from_db()
    assert letter.revoked_at is not None
    assert ModelLogEntry.objects.filter(action="logistics.letter_withdrawn", object_id=str(guest.pk)).count() == 1
    assert f"Letter {letter.reference} to Anna0 Smith withdrawn: it can no longer be printed." in (
        response.content.decode()
    )
    single = client.get(reverse("logistics_protocol:letter_pdf", args=[config.pk, letter.pk]))
    assert single.status_code == 302  # back to the list, with the reason
    printed = client.post(page, {"action": "print", "registration": [guest.pk]})
    assert printed["Content-Type"] != "application/pdf"
    with pytest.raises(RegistrationError) as refused:
        letters.letters_pdf(event=config, letters=[letter], by=None)
    assert refused.value.code == "withdrawn"


def test_a_letter_of_another_event_cannot_be_withdrawn_through_this_one(client, config, other_config, staff):
    theirs = guests(other_config, other_config.categories.get(code="guest"), 1, start=7)[0]
    give_passport(theirs)
    (letter,), _ = letters.issue_letters(event=other_config, registrations=[theirs])
    client.force_login(staff(config, Role.LOGISTICS))
    page = reverse("logistics_protocol:letters", args=[config.pk])
    response = client.post(page, {"withdraw": letter.pk})
    if response.status_code == 302:  # Django's LocaleMiddleware retries a 404 under the language prefix
        response = client.post(response["Location"], {"withdraw": letter.pk})
    assert response.status_code == 404
    letter.refresh_from_db()
    assert letter.revoked_at is None


def test_letter_settings_with_the_visit_ending_before_it_starts_are_refused(client, config, staff):
    client.force_login(staff(config, Role.LOGISTICS))
    response = client.post(
        reverse("logistics_protocol:letters", args=[config.pk]),
        {
            "action": "settings",
            "settings-costs": "host",
            "settings-visit_start": "2030-01-05",
            "settings-visit_end": "2030-01-01",
        },
    )
    assert response.status_code == 200
    assert "访问结束日期不能早于开始日期。" in response.content.decode()  # the admin speaks Chinese by default


@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="the in-memory SQLite test database cannot take concurrent connections"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_letters_issued_at_the_same_moment_never_share_a_reference(config, guest_category):
    people = guests(config, guest_category, 8)
    for guest in people:
        give_passport(guest)
    barrier = threading.Barrier(8)
    errors = []

    def issue(guest):
        try:
            barrier.wait(timeout=20)
            letters.issue_letters(event=config, registrations=[guest])
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()  # each thread's own connection, or the test database cannot be dropped

    threads = [threading.Thread(target=issue, args=(g,)) for g in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    references = list(VisaLetter.objects.values_list("reference", flat=True))
    assert len(references) == len(set(references)) == 8
