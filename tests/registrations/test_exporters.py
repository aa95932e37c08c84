"""Guest-list export: CSV that Excel opens in Chinese, XLSX with a bold frozen header, answers as labels."""

import codecs
import csv
import io

import pytest
from django.utils import translation
from openpyxl import load_workbook

from registrations.interfaces.exporters import export_registrations
from registrations.interfaces.importers import propose_mapping, read_sheet
from registrations.models import Delegation, Question, Registration, Status
from tests.registrations.conftest import make_person

pytestmark = pytest.mark.django_db

ENGLISH_HEADER = [
    "Name",
    "Name (Latin letters)",
    "Chinese name",
    "Title or honorific",
    "Organisation",
    "Position",
    "Country or region",
    "Email",
    "Phone",
    "Guest category",
    "Status",
    "Delegation",
    "Protocol class",
]


@pytest.fixture
def guests(config, guest_category):
    Question.objects.create(
        event=config,
        code="diet",
        label_zh="饮食要求",
        label_en="Dietary needs",
        kind=Question.Kind.MULTIPLE,
        choices=[
            {"value": "halal", "zh": "清真", "en": "Halal"},
            {"value": "veg", "zh": "素食", "en": "Vegetarian"},
        ],
        sort_order=1,
    )
    Question.objects.create(
        event=config,
        code="visa",
        label_zh="需要签证函",
        label_en="Visa letter",
        kind=Question.Kind.YES_NO,
        sort_order=2,
    )
    hamburg = Delegation.objects.create(event=config, name="汉堡市代表团")
    wang = make_person(
        1,
        family_name="王",
        given_name="小明",
        language="zh-hans",
        country="CN",
        email="wang@example.org",
        phone="+8613812345678",
        organisation="湖南省人民政府",
        position="副省长",
        honorific="阁下",
    )
    anna = make_person(2, family_name="Schmidt", given_name="Anna", chinese_name="施安娜", country="DE")
    Registration.objects.create(
        event=config,
        person=wang,
        category=config.categories.get(code="vip"),
        status=Status.ACCEPTED,
        protocol_class=1,
        answers={"diet": ["halal", "veg"], "visa": False},
    )
    Registration.objects.create(
        event=config,
        person=anna,
        category=guest_category,
        status=Status.INVITED,
        delegation=hamburg,
        protocol_class=2,
        answers={"visa": True},
    )
    return Registration.objects.filter(event=config)


def test_xlsx_has_the_columns_a_bold_frozen_header_and_names_in_chinese(guests):
    content = export_registrations(guests, format="xlsx", language="zh-hans")
    sheet = load_workbook(io.BytesIO(content)).active
    rows = [[cell if cell is not None else "" for cell in row] for row in sheet.iter_rows(values_only=True)]
    with translation.override("zh-hans"):
        invited, accepted = str(Status.INVITED.label), str(Status.ACCEPTED.label)
        no = translation.gettext("No")
        header = [translation.pgettext("a person's", title) for title in ENGLISH_HEADER[:2]]
        header += [translation.gettext(title) for title in ENGLISH_HEADER[2:]]
    assert rows[0] == [*header, "饮食要求", "需要签证函"]
    assert rows[1] == [
        "王小明",
        "Wang Xiaoming",
        "王小明",
        "阁下",
        "湖南省人民政府",
        "副省长",
        "中国",
        "wang@example.org",
        "+8613812345678",
        "贵宾",
        accepted,
        "",
        1,
        "清真; 素食",
        no,
    ]
    assert rows[2][:13] == [
        "Anna Schmidt",
        "Anna Schmidt",
        "施安娜",
        "",
        "",
        "",
        "德国",
        "anna2@example.org",
        "",
        "嘉宾",
        invited,
        "汉堡市代表团",
        2,
    ]
    assert sheet["A1"].font.b is True
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width >= 8
    assert sheet.column_dimensions["E"].width >= len("湖南省人民政府") * 2


def test_xlsx_in_english_has_english_headers_labels_and_answers(guests):
    content = export_registrations(guests, format="xlsx", language="en")
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert list(rows[0]) == [*ENGLISH_HEADER, "Dietary needs", "Visa letter"]
    assert rows[1][6:15] == (
        "China",
        "wang@example.org",
        "+8613812345678",
        "VIP",
        "Accepted",
        None,
        1,
        "Halal; Vegetarian",
        "No",
    )
    assert rows[2][6] == "Germany"
    assert rows[2][9:] == ("Guest", "Invited", "汉堡市代表团", 2, None, "Yes")


def test_csv_starts_with_the_utf8_byte_order_mark_for_excel(guests):
    content = export_registrations(guests, format="csv", language="en")
    assert content.startswith(codecs.BOM_UTF8)
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == [*ENGLISH_HEADER, "Dietary needs", "Visa letter"]
    assert rows[1][:3] == ["王小明", "Wang Xiaoming", "王小明"]
    assert rows[2][-2:] == ["", "Yes"]


def test_cells_that_excel_would_run_as_formulas_stay_text(config, guest_category):
    person = make_person(1, organisation='=HYPERLINK("http://evil.example","x")', position="@SUM(A1)")
    Registration.objects.create(event=config, person=person, category=guest_category, status=Status.INVITED)
    registrations = Registration.objects.filter(event=config)
    rows = list(csv.reader(io.StringIO(export_registrations(registrations, language="en").decode("utf-8-sig"))))
    assert rows[1][4:6] == ['\'=HYPERLINK("http://evil.example","x")', "'@SUM(A1)"]
    sheet = load_workbook(io.BytesIO(export_registrations(registrations, format="xlsx", language="en"))).active
    assert (sheet["E2"].value, sheet["E2"].data_type) == ('=HYPERLINK("http://evil.example","x")', "s")


def test_an_export_imports_again_with_every_column_recognised(guests):
    content = export_registrations(guests, format="csv", language="en")
    mapping = propose_mapping(read_sheet(content).header)
    assert mapping == {
        "Name": "full_name",
        "Name (Latin letters)": "romanised_name",
        "Chinese name": "chinese_name",
        "Title or honorific": "honorific",
        "Organisation": "organisation",
        "Position": "position",
        "Country or region": "country",
        "Email": "email",
        "Phone": "phone",
        "Guest category": "category",
        "Status": "",
        "Delegation": "delegation",
        "Protocol class": "protocol_class",
        "Dietary needs": "",
        "Visa letter": "",
    }


def test_export_takes_a_fixed_number_of_queries(config, guest_category, django_assert_max_num_queries):
    for i in range(60):
        person = make_person(i + 10)
        Registration.objects.create(event=config, person=person, category=guest_category, status=Status.INVITED)
    registrations = Registration.objects.filter(event=config)
    with django_assert_max_num_queries(3):
        content = export_registrations(registrations, format="xlsx", language="en")
    assert len(list(load_workbook(io.BytesIO(content)).active.iter_rows())) == 61


def test_an_unknown_format_is_refused(guests):
    with pytest.raises(ValueError, match="pdf"):
        export_registrations(guests, format="pdf")
