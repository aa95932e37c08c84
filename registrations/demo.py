"""Demo guests: a lived-in directory, delegations and registrations in every state.

Everything goes through the domain functions, as an organizer's clicks would, so the
history, the audit log and the outbox look real. Idempotent: an event that already
has registrations is left alone. Messages are queued only after commit, so a demo
load with the worker running sends them to the console (the local mail backend).
"""

from django.db import transaction

from events.models import EventPage
from registrations.domain import actions
from registrations.domain.events import config_for
from registrations.models import Delegation, Person, Registration

# (family, given, romanised family, romanised given, Chinese name, honorific, country, language,
#  organisation, position, email)
PEOPLE = [
    (
        "王",
        "建国",
        "Wang",
        "Jianguo",
        "",
        "先生",
        "CN",
        "zh-hans",
        "长沙市人民政府",
        "副市长",
        "wang.jianguo@example.cn",
    ),
    ("李", "秀英", "Li", "Xiuying", "", "女士", "CN", "zh-hans", "湖南大学", "教授", "li.xiuying@example.cn"),
    ("欧阳", "明", "Ouyang", "Ming", "", "先生", "SG", "zh-hans", "新加坡湖南商会", "会长", "ouyang.ming@example.sg"),
    (
        "陈",
        "嘉欣",
        "Chan",
        "Ka Yan",
        "",
        "女士",
        "HK",
        "zh-hans",
        "香港贸易发展局",
        "高级经理",
        "chan.kayan@example.hk",
    ),
    ("何", "志伟", "Ho", "Chi Wai", "", "先生", "MO", "zh-hans", "澳门中华总商会", "理事", "ho.chiwai@example.mo"),
    (
        "山田",
        "太郎",
        "Yamada",
        "Taro",
        "山田太郎",
        "Mr",
        "JP",
        "ja",
        "Shiga Prefecture",
        "Director of International Affairs",
        "t.yamada@example.jp",
    ),
    (
        "김",
        "민준",
        "Kim",
        "Minjun",
        "金敏俊",
        "Mr",
        "KR",
        "ko",
        "Gyeongsangbuk-do Provincial Government",
        "Deputy Governor",
        "minjun.kim@example.kr",
    ),
    (
        "Nagy",
        "Katalin",
        "Nagy",
        "Katalin",
        "纳吉·卡塔琳",
        "Dr",
        "HU",
        "hu",
        "Pécs City Council",
        "Councillor",
        "katalin.nagy@example.hu",
    ),
    (
        "Müller",
        "Stefan",
        "Müller",
        "Stefan",
        "米勒",
        "Mr",
        "DE",
        "de",
        "Stadt Kassel",
        "Head of International Relations",
        "s.mueller@example.de",
    ),
    (
        "Dubois",
        "Claire",
        "Dubois",
        "Claire",
        "克莱尔·杜波依斯",
        "Ms",
        "FR",
        "fr",
        "Région Centre-Val de Loire",
        "Chargée de coopération",
        "claire.dubois@example.fr",
    ),
    (
        "García",
        "Lucía",
        "García",
        "Lucía",
        "露西娅·加西亚",
        "Ms",
        "ES",
        "es",
        "Ayuntamiento de Sevilla",
        "Concejala",
        "lucia.garcia@example.es",
    ),
    (
        "Oliveira",
        "Pedro",
        "Oliveira",
        "Pedro",
        "佩德罗",
        "Mr",
        "BR",
        "pt",
        "Prefeitura de Curitiba",
        "Secretário",
        "pedro.oliveira@example.br",
    ),
    (
        "Иванова",
        "Анна",
        "Ivanova",
        "Anna",
        "安娜·伊万诺娃",
        "Ms",
        "RU",
        "ru",
        "Правительство Ульяновской области",
        "Советник",
        "a.ivanova@example.ru",
    ),
    (
        "Al-Mansouri",
        "Fatima",
        "Al-Mansouri",
        "Fatima",
        "法蒂玛",
        "Ms",
        "AE",
        "ar",
        "Dubai Chamber",
        "Director",
        "f.almansouri@example.ae",
    ),
    (
        "Mwangi",
        "Joseph",
        "Mwangi",
        "Joseph",
        "约瑟夫·姆旺吉",
        "Hon.",
        "KE",
        "sw",
        "Nairobi City County",
        "Governor's Adviser",
        "j.mwangi@example.ke",
    ),
    (
        "Okafor",
        "Chiamaka",
        "Okafor",
        "Chiamaka",
        "奇亚玛卡",
        "Dr",
        "NG",
        "en",
        "University of Lagos",
        "Senior Lecturer",
        "c.okafor@example.ng",
    ),
    (
        "Smith",
        "Emily",
        "Smith",
        "Emily",
        "史密斯",
        "Ms",
        "US",
        "en",
        "Maryland Department of Commerce",
        "Trade Director",
        "emily.smith@example.us",
    ),
    (
        "Thompson",
        "James",
        "Thompson",
        "James",
        "汤普森",
        "Mr",
        "GB",
        "en",
        "Reuters",
        "Correspondent",
        "j.thompson@example.co.uk",
    ),
    (
        "Nguyen",
        "Thi Lan",
        "Nguyen",
        "Thi Lan",
        "阮氏兰",
        "Ms",
        "VN",
        "vi",
        "Hanoi University",
        "Student",
        "lan.nguyen@example.vn",
    ),
    (
        "Kowalski",
        "Piotr",
        "Kowalski",
        "Piotr",
        "彼得",
        "Mr",
        "PL",
        "pl",
        "Jagiellonian University",
        "Student",
        "piotr.k@example.pl",
    ),
    (
        "Mensah",
        "Ama",
        "Mensah",
        "Ama",
        "阿玛",
        "Ms",
        "GH",
        "en",
        "University of Ghana",
        "Student",
        "ama.mensah@example.gh",
    ),
    (
        "Rossi",
        "Giulia",
        "Rossi",
        "Giulia",
        "朱莉娅",
        "Ms",
        "IT",
        "it",
        "Università di Bologna",
        "Student",
        "giulia.rossi@example.it",
    ),
    (
        "Sato",
        "Yuki",
        "Sato",
        "Yuki",
        "佐藤由纪",
        "Ms",
        "JP",
        "ja",
        "Kumamoto University",
        "Student",
        "yuki.sato@example.jp",
    ),
    (
        "Hassan",
        "Omar",
        "Hassan",
        "Omar",
        "奥马尔",
        "Mr",
        "EG",
        "ar",
        "Cairo University",
        "Student",
        "omar.hassan@example.eg",
    ),
    ("Petrov", "Dmitri", "Petrov", "Dmitri", "德米特里", "Mr", "RU", "ru", "TASS", "Journalist", "d.petrov@example.ru"),
    (
        "Silva",
        "Mariana",
        "Silva",
        "Mariana",
        "玛丽安娜",
        "Ms",
        "PT",
        "pt",
        "Câmara Municipal do Porto",
        "Vereadora",
        "m.silva@example.pt",
    ),
    ("张", "伟", "Zhang", "Wei", "", "先生", "CN", "zh-hans", "湖南省外事办公室", "处长", "zhang.wei@example.cn"),
    ("刘", "洋", "Liu", "Yang", "", "女士", "CN", "zh-hans", "湖南日报", "记者", "liu.yang@example.cn"),
]

DELEGATIONS = [
    ("庆尚北道友好代表团", "KR", "Andong", "Gyeongsangbuk-do Provincial Government", ["minjun.kim@example.kr"]),
    ("滋贺县友好代表团", "JP", "Otsu", "Shiga Prefecture", ["t.yamada@example.jp", "yuki.sato@example.jp"]),
    ("马里兰州经贸代表团", "US", "Annapolis", "Maryland Department of Commerce", ["emily.smith@example.us"]),
]

# (event slug prefix, email, category code, what happens)
STORIES = {
    "xiangjiang-forum": [
        ("wang.jianguo@example.cn", "vip", "accept"),
        ("minjun.kim@example.kr", "official", "accept"),
        ("t.yamada@example.jp", "official", "accept"),
        ("emily.smith@example.us", "official", "invited"),
        ("katalin.nagy@example.hu", "official", "decline"),
        ("s.mueller@example.de", "guest", "substitute"),
        ("f.almansouri@example.ae", "guest", "invited"),
        ("j.mwangi@example.ke", "vip", "accept"),
        ("j.thompson@example.co.uk", "press", "accept"),
        ("liu.yang@example.cn", "press", "cancel"),
        ("li.xiuying@example.cn", "speaker", "accept"),
    ],
    "sister-city-week": [
        ("claire.dubois@example.fr", "delegation", "apply"),
        ("lucia.garcia@example.es", "delegation", "apply_approve"),
        ("pedro.oliveira@example.br", "delegation", "apply_reject"),
        ("a.ivanova@example.ru", "guest", "apply"),
        ("m.silva@example.pt", "guest", "apply_approve"),
        ("chan.kayan@example.hk", "guest", "apply_approve"),
        ("ho.chiwai@example.mo", "guest", "apply"),
        ("ouyang.ming@example.sg", "vip", "apply_approve"),
    ],
    "chinese-bridge": [
        ("lan.nguyen@example.vn", "contestant", "apply"),
        ("piotr.k@example.pl", "contestant", "apply"),
        ("ama.mensah@example.gh", "contestant", "apply"),
        ("giulia.rossi@example.it", "contestant", "apply"),
        ("yuki.sato@example.jp", "contestant", "apply"),
        ("omar.hassan@example.eg", "contestant", "apply"),
        ("c.okafor@example.ng", "guest", "apply"),
        ("d.petrov@example.ru", "press", "apply"),
    ],
}
# Small enough that the demo shows a full event with a waiting list and an offer.
DEMO_CAPACITY = {"chinese-bridge": 4}


def load_registrations() -> int:
    """Create the demo guests of each upcoming edition that has none yet; return how many."""
    people = {p.email: p for p in _people()}
    created = 0
    for slug, stories in STORIES.items():
        page = (
            EventPage.objects.filter(brand__slug=slug, locale__language_code="zh-hans", end__gte=_now())
            .order_by("start")
            .first()
        )
        if page is None:
            continue
        config = config_for(page)
        if Registration.objects.filter(event=config).exists():
            continue
        with transaction.atomic():
            if slug in DEMO_CAPACITY:
                EventPage.objects.filter(translation_key=page.translation_key).update(capacity=DEMO_CAPACITY[slug])
                config.event.refresh_from_db()
            created += _tell(config, stories, people)
            _delegations(config, people)
    return created


def _now():
    from django.utils import timezone

    return timezone.now()


def _people():
    for family, given, rfamily, rgiven, chinese, honorific, country, language, org, position, email in PEOPLE:
        person, _ = Person.objects.get_or_create(
            email=email,
            defaults={
                "family_name": family,
                "given_name": given,
                "romanised_family_name": rfamily,
                "romanised_given_name": rgiven,
                "chinese_name": chinese,
                "honorific": honorific,
                "country": country,
                "language": language,
                "organisation": org,
                "position": position,
            },
        )
        yield person


def _tell(config, stories, people) -> int:
    categories = {c.code: c for c in config.categories.all()}
    page = config.event
    for email, code, story in stories:
        person, category = people[email], categories[code]
        if story.startswith("apply"):
            if page.registration_mode == page.RegistrationMode.INVITATION:
                continue
            registration = actions.apply(event=config, person=person, category=category)
            if story == "apply_approve" and registration.status == "pending":
                actions.decide(registration=registration, approve=True)
            elif story == "apply_reject" and registration.status == "pending":
                actions.decide(registration=registration, approve=False)
            continue
        (registration,) = actions.invite_guests(event=config, people=[person], category=category)
        if story in ("accept", "cancel"):
            actions.answer_invitation(registration=registration, accept=True)
        if story == "decline":
            actions.answer_invitation(registration=registration, accept=False)
        if story == "cancel":
            actions.cancel(registration=registration)
        if story == "substitute":
            stand_in, _ = Person.objects.get_or_create(
                email="a.becker@example.de",
                defaults={
                    "family_name": "Becker",
                    "given_name": "Anja",
                    "country": "DE",
                    "language": "de",
                    "organisation": "Stadt Kassel",
                    "position": "Deputy Head of International Relations",
                },
            )
            actions.nominate_substitute(registration=registration, substitute=stand_in)
    if page.brand.slug == "chinese-bridge":
        # One contestant withdraws: the first on the waiting list is offered the place.
        first = Registration.objects.filter(event=config, status="confirmed").order_by("pk").first()
        if first:
            actions.cancel(registration=first)
    return Registration.objects.filter(event=config).count()


def _delegations(config, people):
    for name, country, city, partner, emails in DELEGATIONS:
        members = Registration.objects.filter(event=config, person__email__in=emails)
        if not members.exists():
            continue
        delegation = Delegation.objects.create(
            event=config,
            name=name,
            country=country,
            city=city,
            partner_organisation=partner,
            head=members.first(),
            liaison=members.last(),
        )
        members.update(delegation=delegation)
