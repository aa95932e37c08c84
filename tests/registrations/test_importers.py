"""Guest-list import: reading files, proposing the mapping, checking rows, all-or-none apply, admin screens."""

import datetime as dt
import io
import zipfile

import pytest
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from registrations.domain.errors import RegistrationError
from registrations.domain.imports import RowError, apply_import, preview_import
from registrations.interfaces.importers import (
    MAX_FILE_BYTES,
    MAX_ROWS,
    ImportFileError,
    propose_mapping,
    read_sheet,
    resolve_country,
    split_full_name,
)
from registrations.models import Delegation, EventRole, ImportUpload, Message, Person, Registration, Status
from tests.registrations.conftest import make_person


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def xlsx_bytes(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def make_upload(config, content: bytes, name: str = "guests.csv") -> ImportUpload:
    return ImportUpload.objects.create(event=config, file=ContentFile(content, name=name), original_name=name)


# Reading files ------------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8", "utf-8-sig", "utf-16"])
def test_csv_is_read_in_each_encoding_excel_saves(encoding):
    content = "姓,名,邮箱\n王,小明,w@example.org\n".encode(encoding)
    sheet = read_sheet(content, name="guests.csv")
    assert sheet.header == ["姓", "名", "邮箱"]
    assert sheet.rows == [(2, ["王", "小明", "w@example.org"])]


def test_gb18030_with_characters_outside_gbk_is_read():
    content = "姓名,单位\n𠮷野家,长沙市人民政府外事办公室\n".encode("gb18030")
    assert read_sheet(content).rows == [(2, ["𠮷野家", "长沙市人民政府外事办公室"])]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_delimiter_is_sniffed(delimiter):
    text = delimiter.join(["姓名", "单位", "邮箱"]) + "\n" + delimiter.join(["王小明", "湖南大学, 外语学院", "w@x.org"])
    if delimiter == ",":
        text = text.replace("湖南大学, 外语学院", '"湖南大学, 外语学院"')
    sheet = read_sheet(text.encode())
    assert sheet.header == ["姓名", "单位", "邮箱"]
    assert sheet.rows == [(2, ["王小明", "湖南大学, 外语学院", "w@x.org"])]


def test_blank_rows_are_skipped_but_keep_their_numbers():
    sheet = read_sheet(b"\nName,Email\n\nAnna Schmidt,a@example.org\n,\nBo Li,b@example.org\n")
    assert sheet.header_row == 2
    assert [number for number, _values in sheet.rows] == [4, 6]


def test_short_rows_are_padded_and_blank_or_repeated_headers_named_by_letter():
    sheet = read_sheet(b"Name,,Phone,Phone\nAnna\n")
    assert sheet.header == ["Name", "B", "Phone", "Phone (D)"]
    assert sheet.rows == [(2, ["Anna", "", "", ""])]


def test_xlsx_with_chinese_names_keeps_phone_digits_and_writes_dates_as_iso():
    content = xlsx_bytes(
        [
            ["中文姓名", "英文姓名", "手机", "到达日期", "到达时间"],
            ["欧阳娜娜", "OUYANG Nana", 13812345678, dt.date(2027, 9, 18), dt.datetime(2027, 9, 18, 14, 30)],
            ["王小明", "WANG Xiaoming", 1.3812345679e10, dt.datetime(2027, 9, 19), None],
        ]
    )
    sheet = read_sheet(content, name="名单.xlsx")
    assert sheet.header == ["中文姓名", "英文姓名", "手机", "到达日期", "到达时间"]
    assert sheet.rows == [
        (2, ["欧阳娜娜", "OUYANG Nana", "13812345678", "2027-09-18", "2027-09-18 14:30"]),
        (3, ["王小明", "WANG Xiaoming", "13812345679", "2027-09-19", ""]),
    ]


def test_xlsx_reads_the_first_sheet_only():
    workbook = Workbook()
    workbook.active.append(["姓名"])
    workbook.active.append(["王小明"])
    workbook.create_sheet("other").append(["ignored"])
    out = io.BytesIO()
    workbook.save(out)
    assert read_sheet(out.getvalue()).rows == [(2, ["王小明"])]


@pytest.mark.parametrize("content", [b"", b"   \n\r\n", "\ufeff".encode()])
def test_an_empty_file_is_refused(content):
    with pytest.raises(ImportFileError) as refused:
        read_sheet(content)
    assert refused.value.code == "file_empty"


def test_a_header_without_rows_is_refused():
    with pytest.raises(ImportFileError) as refused:
        read_sheet("姓名,邮箱\n".encode())
    assert refused.value.code == "no_rows"


def test_an_empty_workbook_is_refused():
    with pytest.raises(ImportFileError) as refused:
        read_sheet(xlsx_bytes([]), name="empty.xlsx")
    assert refused.value.code == "file_empty"


def test_too_many_rows_are_refused():
    text = "姓名\n" + "王小明\n" * (MAX_ROWS + 1)
    with pytest.raises(ImportFileError) as refused:
        read_sheet(text.encode())
    assert refused.value.code == "too_many_rows"


def test_exactly_the_maximum_of_rows_is_read():
    text = "姓名\n" + "王小明\n" * MAX_ROWS
    assert len(read_sheet(text.encode()).rows) == MAX_ROWS


def test_a_too_large_file_is_refused():
    with pytest.raises(ImportFileError) as refused:
        read_sheet(b"a" * (MAX_FILE_BYTES + 1))
    assert refused.value.code == "file_too_large"


def test_a_zip_that_is_not_a_workbook_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    with pytest.raises(ImportFileError) as refused:
        read_sheet(out.getvalue(), name="guests.xlsx")
    assert refused.value.code == "file_corrupt"


def test_a_truncated_workbook_is_refused():
    content = xlsx_bytes([["姓名"], ["王小明"]])
    with pytest.raises(ImportFileError) as refused:
        read_sheet(content[: len(content) // 2], name="guests.xlsx")
    assert refused.value.code == "file_corrupt"


def test_binary_junk_is_refused():
    with pytest.raises(ImportFileError) as refused:
        read_sheet(bytes(range(256)) * 4, name="guests.csv")
    assert refused.value.code == "file_encoding"


def test_bytes_in_no_known_encoding_are_refused():
    with pytest.raises(ImportFileError) as refused:
        read_sheet(b"name\n\x80\x81\xff\n")
    assert refused.value.code == "file_encoding"


def test_a_field_longer_than_the_csv_module_allows_is_refused():
    with pytest.raises(ImportFileError) as refused:
        read_sheet(b"name\n" + b"x" * 200_000 + b"\n")
    assert refused.value.code == "file_corrupt"


def test_an_old_xls_file_is_refused_with_advice():
    with pytest.raises(ImportFileError) as refused:
        read_sheet(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, name="guests.xls")
    assert refused.value.code == "file_format"


def test_a_file_named_xlsx_that_is_text_is_refused():
    with pytest.raises(ImportFileError) as refused:
        read_sheet(b"name\nAnna\n", name="guests.xlsx")
    assert refused.value.code == "file_corrupt"


# Mapping and values -------------------------------------------------------------------------------


def test_chinese_headers_are_mapped():
    header = [
        "姓",
        "名",
        "中文姓名",
        "工作单位",
        "职务",
        "国家或地区",
        "电子邮件",
        "手机",
        "类别",
        "代表团",
        "性别",
        "备注",
    ]
    assert propose_mapping(header) == {
        "姓": "family_name",
        "名": "given_name",
        "中文姓名": "chinese_name",
        "工作单位": "organisation",
        "职务": "position",
        "国家或地区": "country",
        "电子邮件": "email",
        "手机": "phone",
        "类别": "category",
        "代表团": "delegation",
        "性别": "gender",
        "备注": "notes",
    }


def test_more_chinese_header_words_are_mapped():
    header = ["姓氏", "中文名", "单位", "国家", "邮箱", "电话", "姓名"]
    assert propose_mapping(header) == {
        "姓氏": "family_name",
        "中文名": "chinese_name",
        "单位": "organisation",
        "国家": "country",
        "邮箱": "email",
        "电话": "phone",
        "姓名": "full_name",
    }


def test_english_headers_are_mapped_whatever_their_case_and_punctuation():
    header = ["First Name", "LAST NAME", "Organization", "Job title", "Country", "E-mail", "Mobile", "Category", "Misc"]
    assert propose_mapping(header) == {
        "First Name": "given_name",
        "LAST NAME": "family_name",
        "Organization": "organisation",
        "Job title": "position",
        "Country": "country",
        "E-mail": "email",
        "Mobile": "phone",
        "Category": "category",
        "Misc": "",
    }


def test_headers_with_notes_in_brackets_are_mapped():
    assert propose_mapping(["邮箱（必填）", "Full name *", "Phone (mobile)"]) == {
        "邮箱（必填）": "email",
        "Full name *": "full_name",
        "Phone (mobile)": "phone",
    }


def test_a_field_goes_to_the_first_of_two_columns_only():
    assert propose_mapping(["手机", "电话"]) == {"手机": "phone", "电话": ""}


@pytest.mark.parametrize(
    ("name", "family", "given"),
    [
        ("欧阳娜娜", "欧阳", "娜娜"),
        ("王小明", "王", "小明"),
        ("诸葛亮", "诸葛", "亮"),
        ("司马相如", "司马", "相如"),
        ("王 小明", "王", "小明"),
        ("李白", "李", "白"),
        ("Anna Maria Schmidt", "Schmidt", "Anna Maria"),
        ("Schmidt, Anna Maria", "Schmidt", "Anna Maria"),
        ("WANG Xiaoming", "WANG", "Xiaoming"),
        ("Ludwig van Beethoven", "van Beethoven", "Ludwig"),
        ("Madonna", "Madonna", ""),
        ("让-皮埃尔·拉法兰", "让-皮埃尔·拉法兰", ""),
        ("  ", "", ""),
    ],
)
def test_full_names_are_split(name, family, given):
    assert split_full_name(name) == (family, given)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("德国", "DE"),
        ("Germany", "DE"),
        ("de", "DE"),
        ("DEU", "DE"),
        ("美国", "US"),
        ("United States of America", "US"),
        ("英国", "GB"),
        ("United Kingdom", "GB"),
        ("韩国", "KR"),
        ("South Korea", "KR"),
        ("俄罗斯", "RU"),
        ("中国", "CN"),
        ("香港", "HK"),
        ("中国香港", "HK"),
        ("Hong Kong", "HK"),
        ("澳门", "MO"),
        ("Macao", "MO"),
        ("Macau", "MO"),
        ("台湾", "TW"),
        ("Taiwan", "TW"),
        ("Côte d'Ivoire", "CI"),
        ("Narnia", None),
        ("", None),
    ],
)
def test_countries_are_read_from_codes_and_names_in_both_languages(text, code):
    assert resolve_country(text) == code


# Checking rows ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_invalid_email_is_reported_with_its_row_and_column(config, guest_category):
    text = "姓名,邮箱\n王小明,w@example.org\n李华,not-an-email\n"
    upload = make_upload(config, text.encode())
    with translation.override("en"):
        preview = preview_import(
            upload=upload, mapping=propose_mapping(["姓名", "邮箱"]), default_category=guest_category
        )
    assert preview.errors == [RowError(3, "邮箱", "Not a valid email address.")]
    assert not preview.is_valid


@pytest.mark.django_db
def test_each_bad_value_is_reported_with_row_column_and_reason(config, guest_category):
    text = (
        "Name,Email,Country,Phone,Gender,Category,Protocol class\n"
        "Anna Schmidt,a@example.org,Narnia,12,maybe,unknown,first\n"
        ",b@example.org,DE,,,,\n"
    )
    upload = make_upload(config, text.encode())
    mapping = propose_mapping(read_sheet(text.encode()).header)
    with translation.override("en"):
        errors = preview_import(upload=upload, mapping=mapping, default_category=guest_category).errors
    assert [(e.row, e.column) for e in errors] == [
        (2, "Country"),
        (2, "Phone"),
        (2, "Gender"),
        (2, "Category"),
        (2, "Protocol class"),
        (3, "Name"),
    ]
    assert errors[0].reason == "Unknown country or region “Narnia”."
    assert errors[3].reason == "Unknown guest category “unknown”."
    assert errors[5].reason == "A name is required."


@pytest.mark.django_db
def test_reasons_are_in_the_active_language(config, guest_category):
    upload = make_upload(config, "姓名,邮箱\n王小明,bad\n".encode())
    with translation.override("zh-hans"):
        zh = preview_import(
            upload=upload, mapping={"姓名": "full_name", "邮箱": "email"}, default_category=guest_category
        )
        expected = translation.gettext("Not a valid email address.")
    assert zh.errors == [RowError(2, "邮箱", expected)]


@pytest.mark.django_db
def test_a_mapping_without_a_name_column_is_reported_on_the_header_row(config, guest_category):
    upload = make_upload(config, b"Email\na@example.org\n")
    with translation.override("en"):
        preview = preview_import(upload=upload, mapping={"Email": "email"}, default_category=guest_category)
    assert preview.errors == [RowError(1, "", "Choose the column that holds the guests' names.")]


@pytest.mark.django_db
def test_a_field_mapped_twice_is_reported(config, guest_category):
    upload = make_upload(config, b"Name,Mail,Email\nAnna Schmidt,a@example.org,b@example.org\n")
    mapping = {"Name": "full_name", "Mail": "email", "Email": "email"}
    with translation.override("en"):
        preview = preview_import(upload=upload, mapping=mapping, default_category=guest_category)
    assert preview.errors == [RowError(1, "Email", "Column “Mail” already holds this field.")]


@pytest.mark.django_db
def test_a_duplicate_email_in_the_file_is_an_error_on_the_second_row(config, guest_category):
    text = "姓名,邮箱\n王小明,w@example.org\n李华,l@example.org\n王晓明,W@Example.org\n"
    upload = make_upload(config, text.encode())
    with translation.override("en"):
        preview = preview_import(
            upload=upload, mapping=propose_mapping(["姓名", "邮箱"]), default_category=guest_category
        )
    assert preview.errors == [RowError(4, "邮箱", "The same email is already in row 2.")]


@pytest.mark.django_db
def test_categories_are_found_by_code_and_by_name_in_either_language(config):
    text = "姓名,类别\n王小明,guest\n李华,嘉宾\n张伟,Press\n赵敏,VIP\n"
    upload = make_upload(config, text.encode())
    preview = preview_import(upload=upload, mapping={"姓名": "full_name", "类别": "category"})
    assert preview.errors == []
    assert [row.category.code for row in preview.rows] == ["guest", "guest", "press", "vip"]


@pytest.mark.django_db
def test_a_row_without_category_needs_a_default(config, guest_category):
    text = "姓名,类别\n王小明,\n"
    upload = make_upload(config, text.encode())
    mapping = {"姓名": "full_name", "类别": "category"}
    assert [(e.row, e.column) for e in preview_import(upload=upload, mapping=mapping).errors] == [(2, "类别")]
    with_default = preview_import(upload=upload, mapping=mapping, default_category=guest_category)
    assert with_default.errors == []
    assert with_default.rows[0].category == guest_category


@pytest.mark.django_db
def test_values_are_cleaned_as_people_write_them(config, guest_category):
    text = (
        "姓名,英文姓名,性别,国家,语言,手机,邮箱,礼宾级别\n"
        "欧阳娜娜,OUYANG Nana,女,中国,,138 1234 5678,ＮＡＮＡ＠example.org,２\n"
        "Anna Maria Schmidt,,female,Germany,Deutsch,+49 30 901820,anna@example.de,\n"
    )
    upload = make_upload(config, text.encode())
    preview = preview_import(
        upload=upload, mapping=propose_mapping(read_sheet(text.encode()).header), default_category=guest_category
    )
    assert preview.errors == []
    first, second = (row.values for row in preview.rows)
    assert (first["family_name"], first["given_name"]) == ("欧阳", "娜娜")
    assert (first["romanised_family_name"], first["romanised_given_name"]) == ("OUYANG", "Nana")
    assert (first["gender"], first["country"], first["language"]) == ("female", "CN", "zh-hans")
    assert (first["phone"], first["email"]) == ("+8613812345678", "NANA@example.org")
    assert preview.rows[0].protocol_class == 2
    assert (second["family_name"], second["given_name"], second["language"]) == ("Schmidt", "Anna Maria", "de")
    assert (second["country"], second["phone"]) == ("DE", "+4930901820")


# Applying -------------------------------------------------------------------------------------------


def guest_rows(count, *, bad_row=None):
    lines = ["姓名,英文姓名,单位,国家,邮箱"]
    for i in range(count):
        country = "Narnia" if i + 2 == bad_row else ("德国" if i % 2 else "Germany")
        lines.append(f"王小明{i},WANG Xiaoming{i},湖南大学,{country},guest{i}@example.org")
    return "\n".join(lines) + "\n"


@pytest.mark.django_db
def test_one_bad_row_among_a_hundred_writes_nothing(config, guest_category):
    make_person(1)
    text = guest_rows(100, bad_row=57)
    upload = make_upload(config, text.encode())
    people, registrations, messages = Person.objects.count(), Registration.objects.count(), Message.objects.count()
    with translation.override("en"), pytest.raises(RegistrationError) as refused:
        apply_import(
            upload=upload, mapping=propose_mapping(read_sheet(text.encode()).header), default_category=guest_category
        )
    assert refused.value.code == "import_invalid"
    assert refused.value.detail["errors"] == [RowError(57, "国家", "Unknown country or region “Narnia”.")]
    assert (Person.objects.count(), Registration.objects.count(), Message.objects.count()) == (
        people,
        registrations,
        messages,
    )
    upload.refresh_from_db()
    assert upload.applied_at is None
    assert Delegation.objects.count() == 0


@pytest.mark.django_db
def test_a_clean_file_creates_every_person_and_invites_them(config, guest_category):
    text = guest_rows(100)
    upload = make_upload(config, text.encode())
    result = apply_import(
        upload=upload, mapping=propose_mapping(read_sheet(text.encode()).header), default_category=guest_category
    )
    assert (result.created, result.matched, result.invited) == (100, 0, 100)
    assert Person.objects.count() == 100
    assert set(Registration.objects.values_list("status", "category__code").distinct()) == {(Status.INVITED, "guest")}
    assert Message.objects.filter(kind="invitation").count() == 100
    person = Person.objects.get(email="guest7@example.org")
    assert (person.family_name, person.given_name, person.country.code) == ("王", "小明7", "DE")
    assert (person.romanised_family_name, person.romanised_given_name) == ("WANG", "Xiaoming7")
    upload.refresh_from_db()
    assert upload.applied_at is not None
    assert upload.mapping["result"]["invited"] == 100


@pytest.mark.django_db
def test_without_invite_only_the_directory_grows(config, guest_category):
    text = guest_rows(3)
    upload = make_upload(config, text.encode())
    result = apply_import(
        upload=upload,
        mapping=propose_mapping(read_sheet(text.encode()).header),
        default_category=guest_category,
        invite=False,
    )
    assert (result.created, result.invited) == (3, 0)
    assert (Person.objects.count(), Registration.objects.count(), Message.objects.count()) == (3, 0, 0)


@pytest.mark.django_db
def test_an_existing_person_is_found_by_email_whatever_its_case_and_not_duplicated(config, guest_category):
    anna = make_person(1, organisation="", position="Mayor")
    text = "Name,Email,Organisation,Position\nAnnette Smith,ANNA1@Example.ORG,City of Hamburg,Deputy Mayor\n"
    upload = make_upload(config, text.encode())
    result = apply_import(
        upload=upload, mapping=propose_mapping(read_sheet(text.encode()).header), default_category=guest_category
    )
    assert (result.created, result.matched, result.updated, result.invited) == (0, 1, 1, 1)
    assert Person.objects.count() == 1
    anna.refresh_from_db()
    # Empty fields are filled; what the directory already knew stays.
    assert (anna.given_name, anna.organisation, anna.position) == ("Anna1", "City of Hamburg", "Mayor")
    assert Registration.objects.get().person == anna


@pytest.mark.django_db
def test_a_guest_already_registered_is_left_as_is(config, guest_category):
    anna = make_person(1)
    press = config.categories.get(code="press")
    Registration.objects.create(event=config, person=anna, category=press, status=Status.ACCEPTED)
    text = "Name,Email\nAnna Smith,anna1@example.org\nBo Li,bo@example.org\n"
    upload = make_upload(config, text.encode())
    preview = preview_import(upload=upload, mapping=propose_mapping(["Name", "Email"]), default_category=guest_category)
    assert [(row.existing, row.already_registered) for row in preview.rows] == [(True, True), (False, False)]
    assert [(category.code, count) for category, count in preview.per_category()] == [("guest", 1)]
    result = apply_import(upload=upload, mapping=propose_mapping(["Name", "Email"]), default_category=guest_category)
    assert (result.invited, result.already_registered) == (1, 1)
    assert Registration.objects.get(person=anna).status == Status.ACCEPTED


@pytest.mark.django_db
def test_delegations_are_found_or_created_by_name_and_protocol_class_set(config, guest_category):
    existing = Delegation.objects.create(event=config, name="Hamburg Delegation")
    text = (
        "Name,Email,Delegation,Protocol class\n"
        "Anna Schmidt,a@example.org,hamburg  delegation,1\n"
        "Bo Li,b@example.org,Busan,2\n"
        "Cai Yun,c@example.org,BUSAN,\n"
        "Dan Wu,d@example.org,,\n"
    )
    upload = make_upload(config, text.encode())
    apply_import(
        upload=upload, mapping=propose_mapping(read_sheet(text.encode()).header), default_category=guest_category
    )
    assert Delegation.objects.filter(event=config).count() == 2
    rows = {r.person.email: (r.delegation and r.delegation.name, r.protocol_class) for r in Registration.objects.all()}
    assert rows == {
        "a@example.org": (existing.name, 1),
        "b@example.org": ("Busan", 2),
        "c@example.org": ("Busan", None),
        "d@example.org": (None, None),
    }


@pytest.mark.django_db
def test_an_upload_is_applied_once(config, guest_category):
    text = guest_rows(2)
    upload = make_upload(config, text.encode())
    mapping = propose_mapping(read_sheet(text.encode()).header)
    apply_import(upload=upload, mapping=mapping, default_category=guest_category)
    with pytest.raises(RegistrationError) as refused:
        apply_import(upload=upload, mapping=mapping, default_category=guest_category)
    assert refused.value.code == "import_applied"
    assert Person.objects.count() == 2


@pytest.mark.django_db
def test_a_gb18030_csv_and_an_xlsx_import_end_to_end(config, guest_category):
    gb = make_upload(config, "姓,名,邮箱,手机\n王,小明,w@example.org,13812345678\n".encode("gb18030"))
    apply_import(upload=gb, mapping=propose_mapping(["姓", "名", "邮箱", "手机"]), default_category=guest_category)
    content = xlsx_bytes(
        [["姓名", "中文姓名", "邮箱", "手机"], ["Anna Schmidt", "安娜", "a@example.org", 8613912345678]]
    )
    xl = make_upload(config, content, name="guests.xlsx")
    apply_import(
        upload=xl, mapping=propose_mapping(["姓名", "中文姓名", "邮箱", "手机"]), default_category=guest_category
    )
    wang, anna = Person.objects.get(email="w@example.org"), Person.objects.get(email="a@example.org")
    assert (wang.display_name, str(wang.phone), wang.language) == ("王小明", "+8613812345678", "zh-hans")
    assert (anna.display_name, anna.chinese_name, str(anna.phone)) == ("Anna Schmidt", "安娜", "+8613912345678")


# Admin screens --------------------------------------------------------------------------------------


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.create_superuser("admin", "admin@example.org", "pw")


@pytest.fixture
def staff_user(django_user_model):
    user = django_user_model.objects.create_user("staff", "staff@example.org", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def test_admin_flow_from_upload_to_result(client, admin_user, config, guest_category):
    client.force_login(admin_user)
    upload_url = reverse("registrations_imports:upload", kwargs={"config_id": config.pk})
    assert client.get(upload_url).status_code == 200
    content = xlsx_bytes(
        [["姓名", "邮箱", "类别"], ["王小明", "w@example.org", "嘉宾"], ["Anna Schmidt", "a@example.org", "媒体"]]
    )
    response = client.post(upload_url, {"file": ContentFile(content, name="名单.xlsx")})
    upload = ImportUpload.objects.get()
    assert upload.original_name == "名单.xlsx"
    assert "名单" not in upload.file.name
    mapping_url = reverse("registrations_imports:mapping", kwargs={"config_id": config.pk, "upload_id": upload.pk})
    assert response.status_code == 302
    assert response["Location"] == mapping_url

    page = client.get(mapping_url)
    assert page.status_code == 200
    assert page.context["form"].initial["column_0"] == "full_name"
    assert page.context["form"].initial["column_2"] == "category"
    response = client.post(
        mapping_url, {"column_0": "full_name", "column_1": "email", "column_2": "category", "invite": "on"}
    )
    preview_url = reverse("registrations_imports:preview", kwargs={"config_id": config.pk, "upload_id": upload.pk})
    assert response["Location"] == preview_url

    page = client.get(preview_url)
    assert page.status_code == 200
    preview = page.context["preview"]
    assert (preview.new_people, preview.matched_people, preview.errors) == (2, 0, [])
    assert "王小明" in page.content.decode()

    response = client.post(
        reverse("registrations_imports:apply", kwargs={"config_id": config.pk, "upload_id": upload.pk})
    )
    result_url = reverse("registrations_imports:result", kwargs={"config_id": config.pk, "upload_id": upload.pk})
    assert response["Location"] == result_url
    assert client.get(result_url).status_code == 200
    assert Registration.objects.filter(event=config).count() == 2
    assert sorted(Registration.objects.values_list("category__code", flat=True)) == ["guest", "press"]


def test_admin_preview_lists_every_error_and_offers_no_import(client, admin_user, config, guest_category):
    client.force_login(admin_user)
    upload = make_upload(config, "姓名,邮箱\n王小明,bad\n李华,also-bad\n".encode())
    upload.mapping = {"columns": {"姓名": "full_name", "邮箱": "email"}, "default_category": guest_category.pk}
    upload.save()
    page = client.get(reverse("registrations_imports:preview", kwargs={"config_id": config.pk, "upload_id": upload.pk}))
    assert [(e.row, e.column) for e in page.context["preview"].errors] == [(2, "邮箱"), (3, "邮箱")]
    assert reverse("registrations_imports:apply", kwargs={"config_id": config.pk, "upload_id": upload.pk}) not in (
        page.content.decode()
    )
    response = client.post(
        reverse("registrations_imports:apply", kwargs={"config_id": config.pk, "upload_id": upload.pk})
    )
    assert response.status_code == 302
    assert Person.objects.count() == 0


@pytest.mark.parametrize("content", [b"PK\x03\x04garbage", bytes(range(256)), b""])
def test_admin_upload_of_a_corrupt_file_shows_the_reason(client, admin_user, config, content):
    client.force_login(admin_user)
    url = reverse("registrations_imports:upload", kwargs={"config_id": config.pk})
    response = client.post(url, {"file": ContentFile(content, name="guests.xlsx")})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert ImportUpload.objects.count() == 0


def test_staff_without_a_role_at_the_event_are_refused(client, staff_user, config):
    client.force_login(staff_user)
    EventRole.objects.create(user=staff_user, event=config, role=EventRole.Role.LOGISTICS)
    response = client.get(reverse("registrations_imports:upload", kwargs={"config_id": config.pk}))
    assert response.status_code == 403
    upload = make_upload(config, "姓名\n王小明\n".encode())
    apply_url = reverse("registrations_imports:apply", kwargs={"config_id": config.pk, "upload_id": upload.pk})
    assert client.post(apply_url).status_code == 403
    assert Person.objects.count() == 0


@pytest.mark.parametrize("role", [EventRole.Role.MANAGER, EventRole.Role.REGISTRATION])
def test_managers_and_registration_staff_may_import(client, staff_user, config, role):
    EventRole.objects.create(user=staff_user, event=config, role=role)
    client.force_login(staff_user)
    assert client.get(reverse("registrations_imports:upload", kwargs={"config_id": config.pk})).status_code == 200
    index = client.get(reverse("registrations_imports:index"))
    assert list(index.context["configs"]) == [config]


def test_an_upload_of_another_event_is_not_found(client, admin_user, config, guest_category):
    client.force_login(admin_user)
    upload = make_upload(config, "姓名\n王小明\n".encode())
    url = reverse("registrations_imports:preview", kwargs={"config_id": config.pk + 1000, "upload_id": upload.pk})
    # (The locale middleware sends an admin 404 on to the language-prefixed URL, which 404s too.)
    assert client.get(url, follow=True).status_code == 404
