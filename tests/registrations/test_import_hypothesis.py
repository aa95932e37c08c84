"""Whatever is uploaded, reading and previewing it ends in a preview or an ImportFileError, never a crash."""

import datetime as dt
import io

import pytest
from django.core.files.base import ContentFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from registrations.domain.imports import ImportPreview, preview_import
from registrations.interfaces.importers import FIELD_NAMES, ImportFileError, propose_mapping, read_sheet
from registrations.models import ImportUpload

pytestmark = pytest.mark.django_db

SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

CELL_CHARACTERS = st.sampled_from(
    list("王小明欧阳娜娜姓名邮箱国家类别中国德国香港嘉宾媒体") + list("AnnaSchmidt@.example-org+86 0123456789")
    + [",", ";", "\t", "\n", "\r", '"', "'", "=", "\x00", "\ufeff", "，", "＠", "１", "·", "\u3000", "é", "😀"]
)  # fmt: skip
HEADER_WORDS = st.sampled_from(
    ["姓名", "姓", "名", "邮箱", "Email", "国家", "Country", "类别", "手机", "代表团", "礼宾级别", ""]
)
cells = st.text(CELL_CHARACTERS, max_size=12)


def preview_of(config, content: bytes, name: str, data) -> ImportPreview | None:
    """Read and preview `content`, as the admin does, with a mapping that is proposed or random."""
    upload = ImportUpload(event=config, file=ContentFile(content, name=name), original_name=name)
    try:
        sheet = read_sheet(content, name=name)
    except ImportFileError as error:
        refused = error
    else:
        refused = None
    if refused is not None:
        assert refused.code
        assert refused.message
        return None
    mapping = propose_mapping(sheet.header)
    if data.draw(st.booleans()):
        mapping = {column: data.draw(st.sampled_from(["", *FIELD_NAMES])) for column in sheet.header}
    preview = preview_import(upload=upload, mapping=mapping)
    for error in preview.errors:
        assert error.row >= 1
        assert isinstance(error.reason, str)
        assert error.reason
    return preview


@SETTINGS
@given(
    content=st.binary(max_size=3000), name=st.sampled_from(["guests.csv", "guests.xlsx", "guests.txt"]), data=st.data()
)
def test_random_bytes_give_a_preview_or_a_file_error(config, content, name, data):
    preview_of(config, content, name, data)


@SETTINGS
@given(
    header=st.lists(HEADER_WORDS | cells, min_size=1, max_size=6),
    rows=st.lists(st.lists(cells, max_size=7), max_size=8),
    delimiter=st.sampled_from([",", ";", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]),
    data=st.data(),
)
def test_csv_like_text_gives_a_preview_or_a_file_error(config, header, rows, delimiter, encoding, data):
    text = "\n".join(delimiter.join(line) for line in [header, *rows])
    try:
        content = text.encode(encoding)
    except UnicodeEncodeError:
        content = text.encode("utf-8")
    preview = preview_of(config, content, "guests.csv", data)
    if preview is not None and preview.rows:
        assert [row.number for row in preview.rows] == sorted(row.number for row in preview.rows)


cell_values = st.one_of(
    st.none(),
    cells.map(lambda text: "".join(ch for ch in text if ch >= " " or ch in "\t\n")),
    st.integers(min_value=-(10**18), max_value=10**18),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)),
    st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2100, 1, 1)),
    st.just("=1/0"),
)


@SETTINGS
@given(
    header=st.lists(HEADER_WORDS | cell_values, min_size=1, max_size=6),
    rows=st.lists(st.lists(cell_values, max_size=7), max_size=8),
    data=st.data(),
)
def test_workbooks_with_any_kind_of_cell_give_a_preview_or_a_file_error(config, header, rows, data):
    workbook = Workbook()
    for row in [header, *rows]:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    preview_of(config, out.getvalue(), "guests.xlsx", data)
