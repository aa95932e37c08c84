"""Reading guest lists: CSV (UTF-8, UTF-8 with BOM, GB18030, UTF-16) and XLSX, into rows of text.

Also the parts of an import that need no database: proposing which column holds which
field from the header, splitting full names, and reading countries, languages, genders
and phone numbers the way people write them in a spreadsheet.

Every problem with the file itself raises `ImportFileError`, never anything else:
whatever bytes are uploaded, the caller gets a clear message.
"""

import codecs
import csv
import datetime as dt
import io
import math
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

import phonenumbers
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from phonenumber_field.phonenumber import PhoneNumber

from registrations import names
from registrations.domain.errors import RegistrationError

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 100
# An XLSX is a zip: refuse one whose parts unpack to more than this (a "zip bomb").
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
# Blank rows in between are allowed, but not a sheet that runs on for a million of them.
MAX_PHYSICAL_ROWS = 2 * MAX_ROWS + 1000

DELIMITERS = (",", ";", "\t")


class ImportFileError(RegistrationError):
    """The uploaded file cannot be read as a guest list; the message says why, for the user."""


@dataclass
class Sheet:
    """A guest list as text: the header and the data rows, each numbered as the spreadsheet shows it."""

    header: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    header_row: int = 1

    def samples(self, count: int = 3) -> dict[str, list[str]]:
        """The first few non-empty values of each column, to help whoever maps the columns."""
        found = {name: [] for name in self.header}
        for _number, values in self.rows[:200]:
            for name, value in zip(self.header, values, strict=True):
                if value and len(found[name]) < count:
                    found[name].append(value)
        return found


# Reading files ------------------------------------------------------------------------------


def read_upload(upload) -> Sheet:
    """Read the file of an `ImportUpload` (saved or not)."""
    try:
        upload.file.open("rb")
        try:
            content = upload.file.read(MAX_FILE_BYTES + 1)
        finally:
            upload.file.close()
    except (OSError, ValueError) as exc:
        raise ImportFileError("file_missing", _("The uploaded file can no longer be read.")) from exc
    return read_sheet(content, name=upload.original_name or upload.file.name)


def read_sheet(content: bytes, *, name: str = "") -> Sheet:
    """Read a CSV or XLSX file into a `Sheet`; the format is told from the content, not the name."""
    if len(content) > MAX_FILE_BYTES:
        raise ImportFileError(
            "file_too_large",
            _("The file is larger than %(size)d MB. Split it into smaller files.")
            % {"size": MAX_FILE_BYTES // (1024 * 1024)},
        )
    if not content.strip():
        raise ImportFileError("file_empty", _("The file is empty."))
    if content.startswith(b"PK\x03\x04"):
        return _read_xlsx(content)
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(
            "file_format",
            _("This is an old Excel (.xls) or a password-protected file. Save it as .xlsx or CSV and upload it again."),
        )
    if name.lower().endswith((".xlsx", ".xlsm")):
        raise ImportFileError("file_corrupt", _("This file is not a valid Excel workbook."))
    return _read_csv(content)


def decode_text(content: bytes) -> str:
    """The text of a CSV file, whichever encoding Excel or another program saved it in."""
    if content.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"  # Excel's "Unicode text"
    else:
        encoding = None
    if encoding:
        try:
            return content.decode(encoding)
        except UnicodeDecodeError as exc:
            raise _undecodable() from exc
    if b"\x00" in content:
        raise _undecodable()
    for encoding in ("utf-8", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _undecodable()


def _undecodable() -> ImportFileError:
    return ImportFileError(
        "file_encoding",
        _("The file is neither an Excel workbook nor text in UTF-8 or GB18030. Save it as .xlsx or CSV (UTF-8)."),
    )


def sniff_delimiter(text: str) -> str:
    """Comma, semicolon or tab: whichever splits the header line into the most columns."""
    for line in text[:65536].splitlines():
        if line.strip():
            counts = {d: _width(line, d) for d in DELIMITERS}
            best = max(DELIMITERS, key=lambda d: counts[d])  # ties go to the comma, listed first
            return best if counts[best] > 1 else ","
    return ","


def _width(line: str, delimiter: str) -> int:
    try:
        return len(next(csv.reader([line], delimiter=delimiter), []))
    except csv.Error:  # e.g. a field longer than the csv module allows: not this delimiter
        return 0


def _read_csv(content: bytes) -> Sheet:
    text = decode_text(content)
    if "\x00" in text:
        raise _undecodable()
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return _collect(list(row) for row in reader)
    except csv.Error as exc:
        raise ImportFileError(
            "file_corrupt",
            _("Row %(row)d of the file cannot be read: %(reason)s") % {"row": reader.line_num, "reason": exc},
        ) from exc


def _read_xlsx(content: bytes) -> Sheet:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise _not_a_workbook() from exc
    if unpacked > MAX_UNPACKED_BYTES:
        raise ImportFileError(
            "file_too_large", _("This workbook is too large once unpacked. Split it into smaller files.")
        )
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises anything from KeyError to XML errors on a damaged file
        raise _not_a_workbook() from exc
    try:
        if not workbook.worksheets:
            raise ImportFileError("file_empty", _("The workbook has no sheets."))
        sheet = workbook.worksheets[0]
        if hasattr(sheet, "reset_dimensions"):
            # The size a workbook declares may be wrong (or a million rows): read what is there.
            sheet.reset_dimensions()
        # Without a declared size, each row comes as long as its last filled cell, not padded.
        rows = ([cell_text(value) for value in row[: MAX_COLUMNS + 1]] for row in sheet.iter_rows(values_only=True))
        return _collect(rows)
    except ImportFileError:
        raise
    except Exception as exc:  # a damaged sheet can fail half-way through, in many ways
        raise _not_a_workbook() from exc
    finally:
        workbook.close()


def _not_a_workbook() -> ImportFileError:
    return ImportFileError(
        "file_corrupt", _("This file is damaged or not an Excel workbook. Save it again as .xlsx or CSV.")
    )


def cell_text(value) -> str:
    """A spreadsheet cell as the text a person reads in it: 13812345678, not 1.3812345678E10."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        if value.is_integer():
            return str(int(value))
        text = repr(value)
        return format(Decimal(text), "f") if "e" in text else text
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value.is_finite() else ""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes" if value.second == 0 else "seconds")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return str(value).strip()


def _collect(rows) -> Sheet:
    """The first non-empty row is the header; blank rows are skipped but keep their numbers."""
    header = None
    header_row = 0
    data = []
    for number, raw in enumerate(rows, start=1):
        if number > MAX_PHYSICAL_ROWS:
            raise _too_many_rows()
        values = [value.strip() for value in raw]
        while values and not values[-1]:
            values.pop()
        if not values:
            continue
        if header is None:
            if len(values) > MAX_COLUMNS:
                raise ImportFileError(
                    "too_many_columns",
                    _("The file has more than %(count)d columns.") % {"count": MAX_COLUMNS},
                )
            header, header_row = _unique_header(values), number
            continue
        if len(data) >= MAX_ROWS:
            raise _too_many_rows()
        width = len(header)
        data.append((number, (values + [""] * width)[:width]))
    if header is None:
        raise ImportFileError("file_empty", _("The file is empty: the first row should name the columns."))
    if not data:
        raise ImportFileError("no_rows", _("The file has a header row but no guests below it."))
    return Sheet(header=header, rows=data, header_row=header_row)


def _too_many_rows() -> ImportFileError:
    return ImportFileError(
        "too_many_rows",
        _("The file has more than %(count)d rows. Split it into smaller files.") % {"count": MAX_ROWS},
    )


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _unique_header(values: list[str]) -> list[str]:
    """Column names as the user sees them; a blank or repeated one is told apart by its column letter."""
    header, seen = [], set()
    for index, value in enumerate(values):
        name = " ".join(value.split())[:100]
        if not name or name in seen:
            name = f"{name} ({column_letter(index)})" if name else column_letter(index)
        seen.add(name)
        header.append(name)
    return header


# Fields and the proposed mapping --------------------------------------------------------------

# What a column can hold. `full_name` and `romanised_name` are split into family and given names.
FIELDS = [
    ("full_name", pgettext_lazy("a person's", "Name")),
    ("family_name", gettext_lazy("Family name")),
    ("given_name", gettext_lazy("Given name")),
    ("romanised_name", pgettext_lazy("a person's", "Name (Latin letters)")),
    ("romanised_family_name", gettext_lazy("Family name (Latin letters)")),
    ("romanised_given_name", gettext_lazy("Given name (Latin letters)")),
    ("chinese_name", gettext_lazy("Chinese name")),
    ("honorific", gettext_lazy("Title or honorific")),
    ("gender", gettext_lazy("Gender")),
    ("organisation", gettext_lazy("Organisation")),
    ("position", gettext_lazy("Position")),
    ("country", gettext_lazy("Country or region")),
    ("language", gettext_lazy("Preferred language")),
    ("email", gettext_lazy("Email")),
    ("phone", gettext_lazy("Phone")),
    ("notes", gettext_lazy("Notes")),
    ("category", gettext_lazy("Guest category")),
    ("delegation", gettext_lazy("Delegation")),
    ("protocol_class", gettext_lazy("Protocol class")),
]
FIELD_NAMES = [name for name, _label in FIELDS]
NAME_FIELDS = {"full_name", "family_name", "romanised_name", "romanised_family_name", "chinese_name"}

# Header words people use, in both languages (compared after `header_key`).
SYNONYMS = {
    "full_name": "姓名 全名 嘉宾姓名 来宾姓名 人员姓名 name fullname displayname guestname participantname",
    "family_name": "姓 姓氏 familyname surname lastname family last",
    "given_name": "名 名字 givenname firstname forename given first",
    "romanised_name": (
        "英文名 英文姓名 拼音姓名 姓名拼音 拼音 姓名英文 护照姓名 romanisedname romanizedname englishname "
        "nameinenglish latinname pinyin pinyinname passportname nameinpinyin namelatinletters"
    ),
    "romanised_family_name": (
        "姓拼音 拼音姓 英文姓 姓英文 姓氏拼音 姓氏英文 romanisedfamilyname romanizedfamilyname familynamelatin "
        "familynamepinyin surnamepinyin surnameenglish familynameenglish lastnameenglish familynamelatinletters"
    ),
    "romanised_given_name": (
        "名拼音 拼音名 名英文 romanisedgivenname romanizedgivenname givennamelatin givennamepinyin "
        "firstnamepinyin givennameenglish firstnameenglish givennamelatinletters"
    ),
    "chinese_name": "中文名 中文姓名 中文名字 汉字姓名 chinesename nameinchinese",
    "honorific": "称谓 称呼 尊称 敬称 title honorific salutation prefix formofaddress titleorhonorific",
    "gender": "性别 gender sex",
    "organisation": (
        "单位 工作单位 所在单位 单位名称 机构 机构名称 组织 公司 学校 院校 所在院校 organisation organization "
        "company institution affiliation employer org university"
    ),
    "position": "职务 职位 职称 头衔 岗位 position jobtitle job function designation post",
    "country": (
        "国家 国家或地区 国家地区 国家和地区 国别 国籍 country countryorregion countryregion nationality "
        "countryterritory"
    ),
    "language": "语言 语种 首选语言 工作语言 language preferredlanguage lang",
    "email": "邮箱 电子邮件 电子邮箱 邮件 邮箱地址 电子邮件地址 email mail emailaddress",
    "phone": (
        "电话 手机 手机号 手机号码 联系电话 电话号码 联系方式 移动电话 phone mobile telephone tel cellphone "
        "phonenumber mobilephone mobilenumber cell"
    ),
    "notes": "备注 说明 附注 notes note remarks remark comments comment",
    "category": "类别 嘉宾类别 类型 身份 分类 人员类别 category guestcategory type guesttype",
    "delegation": "代表团 团组 所属代表团 代表团名称 delegation group delegationname",
    "protocol_class": "礼宾级别 礼宾等级 级别 礼宾 protocolclass protocol protocollevel precedence rank",
}


def header_key(text: str) -> str:
    """A header or value as compared: no case, accents, spaces or punctuation; full-width folded."""
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", str(text)))
    text = unicodedata.normalize("NFC", "".join(ch for ch in text if not unicodedata.combining(ch)))
    return re.sub(r"[\W_]+", "", text.casefold())


@lru_cache(maxsize=1)
def _header_index() -> dict[str, str]:
    index = {}
    for name, words in SYNONYMS.items():
        for word in words.split():
            index.setdefault(header_key(word), name)
    # Our own labels, in both languages, so an exported list imports again.
    for language in ("zh-hans", "en"):
        with translation.override(language):
            for name, label in FIELDS:
                index.setdefault(header_key(label), name)
    return index


def propose_mapping(header: list[str]) -> dict[str, str]:
    """For each column, the field it most likely holds ("" for none); each field goes to one column."""
    index = _header_index()
    mapping, taken = {}, set()
    for column in header:
        key = header_key(column)
        name = index.get(key)
        if name is None:
            # "邮箱（必填）", "Email (work)": try again without what is in brackets or after a star.
            bare = re.sub(r"[(（\[【].*?[)）\]】]|\*", "", column)
            name = index.get(header_key(bare))
        if name and name not in taken:
            mapping[column] = name
            taken.add(name)
        else:
            mapping[column] = ""
    return mapping


# Reading values ---------------------------------------------------------------------------------

COMPOUND_SURNAMES = {
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙",
    "夏侯", "令狐", "司徒", "宇文", "轩辕", "端木", "独孤", "南宫", "西门", "申屠",
    "歐陽", "諸葛", "東方", "長孫", "司馬",
}  # fmt: skip
NAME_PARTICLES = {
    "van",
    "von",
    "der",
    "den",
    "de",
    "la",
    "le",
    "du",
    "da",
    "di",
    "del",
    "dos",
    "das",
    "bin",
    "al",
    "ter",
}
NAME_DOTS = "·•・‧．"


def split_full_name(text: str) -> tuple[str, str]:
    """(family name, given name) of a name written in one cell.

    Chinese script: the first character is the family name, two for a compound surname
    (欧阳娜娜 → 欧阳 + 娜娜); a space, when there is one, separates them. A transliterated
    name with a middle dot (让-皮埃尔·拉法兰) stays whole in the family name, so it is
    shown exactly as written. Latin script: "Family, Given"; else a word in capitals is the
    family name (WANG Xiaoming); else the last word, with particles (Ludwig van Beethoven).
    """
    text = " ".join((text or "").split())
    if not text:
        return "", ""
    if names.is_cjk(text):
        if any(dot in text for dot in NAME_DOTS):
            return text, ""
        if " " in text:
            family, given = text.split(" ", 1)
            return family, given.replace(" ", "")
        size = 2 if len(text) > 2 and text[:2] in COMPOUND_SURNAMES else 1
        return text[:size], text[size:]
    if "," in text:
        family, given = (part.strip() for part in text.split(",", 1))
        return family, given
    words = text.split(" ")
    if len(words) == 1:
        return words[0], ""
    capitals = [i for i, word in enumerate(words) if len(word) > 1 and word.isupper()]
    if len(capitals) == 1 and len(capitals) < len(words):
        i = capitals[0]
        return words[i], " ".join(words[:i] + words[i + 1 :])
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in NAME_PARTICLES:
        start -= 1
    return " ".join(words[start:]), " ".join(words[:start])


COUNTRY_ALIASES = {
    "CN": "中国 中华人民共和国 中国大陆 中国内地 内地 大陆 china prc peoplesrepublicofchina mainlandchina chn",
    "HK": "香港 中国香港 香港特区 香港特别行政区 中国香港特别行政区 hongkong hongkongsar hongkongchina hk",
    "MO": "澳门 中国澳门 澳门特区 澳门特别行政区 中国澳门特别行政区 macao macau macaosar macausar macaochina",
    "TW": "台湾 臺灣 中国台湾 台湾地区 中国台湾地区 taiwan taiwanchina taiwanregion",
    "US": "美国 美利坚合众国 usa us unitedstates america unitedstatesofamerica",
    "GB": "英国 大不列颠及北爱尔兰联合王国 uk unitedkingdom greatbritain britain",
    "KR": "韩国 大韩民国 southkorea korea republicofkorea",
    "KP": "朝鲜 northkorea dprk",
    "RU": "俄罗斯 俄罗斯联邦 russia russianfederation",
    "TR": "土耳其 turkey turkiye",
    "CZ": "捷克 czechrepublic czechia",
    "VN": "越南 vietnam",
    "LA": "老挝 laos",
    "IR": "伊朗 iran",
    "SY": "叙利亚 syria",
    "AE": "阿联酋 阿拉伯联合酋长国 uae",
    "NL": "荷兰 netherlands holland",
    "CI": "科特迪瓦 ivorycoast",
}


@lru_cache(maxsize=1)
def _country_index() -> dict[str, str]:
    from django_countries import countries
    from django_countries.data import COUNTRIES

    index = {}
    for code, words in COUNTRY_ALIASES.items():
        for word in words.split():
            index.setdefault(header_key(word), code)
    for code, name in COUNTRIES.items():
        index.setdefault(header_key(name), code)
    for language in ("zh-hans", "en"):
        with translation.override(language):
            for country in countries:
                index.setdefault(header_key(country.name), country.code)
            for code, name in getattr(countries, "COMMON_NAMES", {}).items():
                index.setdefault(header_key(name), code)
            for code, old_names in getattr(countries, "OLD_NAMES", {}).items():
                for name in old_names if isinstance(old_names, list | tuple) else [old_names]:
                    index.setdefault(header_key(name), code)
    for code in COUNTRIES:
        index.setdefault(header_key(code), code)
        alpha3 = countries.alpha3(code)
        if alpha3:
            index.setdefault(header_key(alpha3), code)
    return index


@lru_cache(maxsize=4096)
def resolve_country(text: str) -> str | None:
    """The ISO code of a country or region written as a code or a name in English or Chinese."""
    return _country_index().get(header_key(text)) if text else None


LANGUAGE_ALIASES = {
    "zh-hans": "中文 汉语 普通话 简体中文 中文简体 华语 chinese mandarin zh zhcn zhhans simplifiedchinese",
    "zh-hant": "繁体中文 中文繁体 繁體中文 zhtw zhhk zhhant traditionalchinese",
    "en": "英语 英文 english en",
}


@lru_cache(maxsize=1)
def _language_index() -> dict[str, str]:
    from django.conf.locale import LANG_INFO

    index = {}
    for code, words in LANGUAGE_ALIASES.items():
        for word in words.split():
            index.setdefault(header_key(word), code)
    for code, info in LANG_INFO.items():
        target = info.get("fallback", [code])[0]
        index.setdefault(header_key(code), target)
        if "name" in info:
            index.setdefault(header_key(info["name"]), target)
            index.setdefault(header_key(info["name_local"]), target)
            with translation.override("zh-hans"):
                index.setdefault(header_key(translation.gettext(info["name"])), target)
    return index


@lru_cache(maxsize=1024)
def resolve_language(text: str) -> str | None:
    """A language code (zh-hans, en, fr...) from a code or a language's name in English or Chinese."""
    if not text:
        return None
    found = _language_index().get(header_key(text))
    if found:
        return found
    code = unicodedata.normalize("NFKC", text).strip().lower().replace("_", "-")
    return code if re.fullmatch(r"[a-z]{2,3}(-[a-z0-9]{2,4})?", code) else None


GENDERS = {
    "male": "男 男性 先生 m male man mr",
    "female": "女 女性 女士 f female woman ms mrs",
    "other": "其他 其它 other x diverse nonbinary",
}
_GENDER_INDEX = {header_key(word): value for value, words in GENDERS.items() for word in words.split()}


@lru_cache(maxsize=1024)
def resolve_gender(text: str) -> str | None:
    return _GENDER_INDEX.get(header_key(text)) if text else None


_CHINESE_MOBILE = re.compile(r"1[3-9]\d(?:[ -]?\d){8}")


def parse_phone(text: str, *, region: str = "") -> PhoneNumber | None:
    """The phone number (its str() is E.164: +8613812345678), or None when it is not a valid number.

    Without a country code it is read as a number of the guest's country, else as a
    Chinese one (foreign guests often give the mobile number they use in China).
    """
    text = unicodedata.normalize("NFKC", text or "").strip()
    if not text:
        return None
    local = getattr(settings, "PHONENUMBER_DEFAULT_REGION", None) or "CN"
    regions = [region or local, local]
    if _CHINESE_MOBILE.fullmatch(text):
        regions.reverse()  # no other country writes its numbers like 138 1234 5678: spare a failed parse
    for candidate in dict.fromkeys(regions):
        try:
            number = PhoneNumber.from_string(text, region=candidate)
        except phonenumbers.NumberParseException:
            return None
        if number.is_valid():
            return number
    return None
