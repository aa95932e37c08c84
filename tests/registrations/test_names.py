import pytest

from registrations.names import full_name, romanise_chinese
from tests.registrations.conftest import make_person

CASES = [
    ({"family": "王", "given": "小明"}, "王小明"),
    ({"family": "欧阳", "given": "娜娜", "language": "zh-hans"}, "欧阳娜娜"),
    ({"family": "山田", "given": "太郎", "language": "ja"}, "山田太郎"),
    ({"family": "김", "given": "민준", "language": "ko"}, "김민준"),
    ({"family": "Nagy", "given": "Katalin", "language": "hu"}, "Nagy Katalin"),
    ({"family": "Nguyen", "given": "Thi Lan", "language": "vi"}, "Nguyen Thi Lan"),
    ({"family": "Smith", "given": "Emily", "language": "en"}, "Emily Smith"),
    ({"family": "Иванова", "given": "Анна", "language": "ru"}, "Анна Иванова"),
    ({"family": "Wang", "given": "Jianguo", "country": "CN"}, "Wang Jianguo"),
    ({"family": "Wang", "given": "Jianguo", "language": "en", "country": "CN"}, "Wang Jianguo"),
    ({"family": "Ouyang", "given": "Ming", "language": "zh-hans", "country": "SG"}, "Ouyang Ming"),
    ({"family": "Kim", "given": "Minjun", "language": "en"}, "Minjun Kim"),
    ({"family": "Madonna", "given": ""}, "Madonna"),
    ({"family": "", "given": "Prince"}, "Prince"),
]


@pytest.mark.parametrize(("parts", "expected"), CASES)
def test_full_name_follows_the_name_s_own_order(parts, expected):
    assert full_name(**parts) == expected


def test_romanise_chinese_as_passports_do():
    assert romanise_chinese("王") == "Wang"
    assert romanise_chinese("小明") == "Xiaoming"
    assert romanise_chinese("Anna") == "Anna"


@pytest.mark.django_db
def test_person_names_for_pages_and_badges():
    person = make_person(
        family_name="王",
        given_name="小明",
        romanised_family_name="",
        romanised_given_name="",
        language="zh-hans",
        country="CN",
    )
    assert person.display_name == "王小明"
    assert person.romanised_name == "Wang Xiaoming"
    assert person.badge_chinese_name == "王小明"
    foreign = make_person(1, chinese_name="史密斯")
    assert foreign.display_name == "Anna1 Smith"
    assert foreign.badge_chinese_name == "史密斯"
