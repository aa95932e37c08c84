"""How a person's name is written: the one place that decides it.

Chinese, Japanese, Korean, Vietnamese and Hungarian names put the family name first;
others put the given name first. What a name is follows its script, or the person's
country or region, or their language (a Chinese guest who prefers English still has
a Chinese name). Names in Han, Kana or Hangul script are written without a
space; Latin and other scripts with one.
"""

import re

FAMILY_FIRST_LANGUAGES = {"zh", "ja", "ko", "hu", "vi"}
FAMILY_FIRST_COUNTRIES = {"CN", "HK", "MO", "TW", "JP", "KR", "KP", "HU", "VN"}
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def is_cjk(text: str) -> bool:
    return bool(text) and bool(_CJK.search(text))


def family_name_first(*, family: str, given: str, language: str = "", country: str = "") -> bool:
    if is_cjk(family) or is_cjk(given):
        return True
    return (country or "").upper() in FAMILY_FIRST_COUNTRIES or (language or "").split("-")[0].lower() in (
        FAMILY_FIRST_LANGUAGES
    )


def full_name(*, family: str, given: str, language: str = "", country: str = "") -> str:
    family, given = (family or "").strip(), (given or "").strip()
    if not family or not given:
        return family or given
    if family_name_first(family=family, given=given, language=language, country=country):
        separator = "" if is_cjk(family) and is_cjk(given) else " "
        return f"{family}{separator}{given}"
    return f"{given} {family}"


def romanise_chinese(text: str) -> str:
    """Hanyu pinyin without tones, as passports write Chinese names: 王小明 → Wang Xiaoming."""
    from pypinyin import lazy_pinyin

    if not is_cjk(text):
        return text
    return "".join(lazy_pinyin(text)).capitalize()
