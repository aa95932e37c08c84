"""Visa invitation letters as PDF: bilingual (Chinese, then English), one page per guest.

A batch is one PDF. A small one is one WeasyPrint document; a large one (hundreds of
letters) is cut into chunks laid out in parallel and joined (interfaces.pdf.render_rows_pdf).
The stylesheet, fonts, and the letterhead and seal images are loaded once per process.
"""

from django.utils import timezone
from django.utils.translation import override

from events.models import OfficeSettings
from registrations.logistics.interfaces.pdf import image_data_uri, render_rows_pdf
from registrations.logistics.models import LetterheadSettings, LetterSettings

COSTS = {
    LetterSettings.Costs.HOST: (
        "被邀请人在华期间的食宿、交通等费用由邀请方承担。",
        "The inviting office bears the invitee's board, lodging and local transport in China.",
    ),
    LetterSettings.Costs.GUEST: (
        "被邀请人来华的全部费用由其本人或派遣单位自理。",
        "All costs of the visit are borne by the invitee or the sending organisation.",
    ),
    LetterSettings.Costs.SHARED: (
        "被邀请人在华期间的食宿费用由邀请方承担，国际旅费由其本人或派遣单位自理。",
        "The inviting office bears board and lodging in China; international travel is borne by the invitee "
        "or the sending organisation.",
    ),
}
SEX = {"F": ("女", "Female"), "M": ("男", "Male"), "X": ("未注明", "Unspecified")}


def _country(code) -> tuple[str, str]:
    with override("zh-hans"):
        zh = str(code.name)
    with override("en"):
        en = str(code.name)
    return zh, en


def _dates(day) -> tuple[str, str]:
    """A date as the Chinese and the English text of the letter write it."""
    months = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December")  # fmt: skip
    return f"{day.year}年{day.month}月{day.day}日", f"{day.day} {months[day.month - 1]} {day.year}"


def letter_context(*, event, letters, passports) -> dict:
    office = OfficeSettings.load()
    letterhead = LetterheadSettings.load()
    rows = []
    for letter in letters:
        passport = passports[letter.registration_id]
        person = letter.registration.person
        rows.append(
            {
                "letter": letter,
                "passport": passport,
                "person": person,
                "nationality": _country(passport.nationality),
                "sex": SEX.get(passport.sex, ("", "")),
                "costs": COSTS.get(letter.costs, COSTS[LetterSettings.Costs.SHARED]),
                "issued": _dates(timezone.localdate(letter.issued_at) if letter.issued_at else timezone.localdate()),
                "visit_start": _dates(letter.visit_start),
                "visit_end": _dates(letter.visit_end),
            }
        )
    return {
        "office": office,
        "letterhead": letterhead,
        "letterhead_src": image_data_uri(letterhead.letterhead),
        "seal_src": image_data_uri(letterhead.seal),
        "event": event,
        "rows": rows,
    }


def render_letters(*, event, letters, passports) -> bytes:
    return render_rows_pdf(
        "logistics/protocol/pdf/letters.html",
        letter_context(event=event, letters=letters, passports=passports),
        stylesheet="letters.css",
    )
