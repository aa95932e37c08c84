"""The demo content, in Simplified Chinese and English.

Everything here is illustrative: the people are fictional, the agendas invented and
the addresses made up to look like real ones. Editions are described relative to the
day the demo was first loaded (see `events.demo.loader`), so the site always has a
past and an upcoming edition of each series.

Keys such as "zhou" or "hicec" link the pieces together; the loader finds existing
objects by their stable Chinese names and slugs, never by these keys.
"""

ZH = "zh-hans"
EN = "en"

COLLECTION_NAME = "演示内容 · Demo content"

OFFICE = {
    "address_zh": "湖南省长沙市岳麓区岳麓大道 218 号（邮编 410006）",
    "address_en": "218 Yuelu Avenue, Yuelu District, Changsha, Hunan 410006, China",
    "phone": "+86 731 8221 9000",
    "email": "events@fao.hunan.gov.cn",
}

OFFICE_LOGO = {
    "title": "湖南省外事办标识 · Hunan Foreign Affairs Office emblem",
    "letters": "FAO",
    "name": "HUNAN FAO",
    "primary": "#8E1A2E",
    "accent": "#EBC35A",
    "motif": "hills",
}

HOME_HERO = {
    "title": "首页横幅：三湘山水 · Home banner: the hills and rivers of Hunan",
    "primary": "#8E1A2E",
    "accent": "#EBC35A",
    "motif": "hills",
    "wordmark": "HUNAN",
    "caption": "Foreign Affairs Office of Hunan Province",
    "chinese": "湖南省人民政府外事办公室",
}

HOME = {
    ZH: {
        "introduction": (
            "湖南省人民政府外事办公室主办的国际交流活动在这里发布：一带一路湘江论坛、湖南国际友城友好交流活动周、"
            "汉语桥世界大学生中文比赛……查看日程、把活动加入日历、在线报名或回复邀请。"
        ),
        "about": (
            "<h2>欢迎来到湖南</h2>"
            "<p>湖南地处中国中部，长江中游，既有岳麓山、洞庭湖和张家界的山水，也有长沙这座开放、年轻的国际化城市。"
            "湖南省人民政府外事办公室负责全省外事、侨务和港澳事务，每年举办和承办多场国际会议、友城交流和人文活动。</p>"
            "<h3>我们为嘉宾提供</h3>"
            "<ul><li>邀请函与在线报名、审核和候补名单</li>"
            "<li>签证邀请函、接送机和酒店安排</li>"
            "<li>多语种口译和会场引导</li>"
            "<li>电子参会凭证与扫码入场</li></ul>"
        ),
        "quote": (
            "湖南之美在山水，更在开放包容的胸怀。我们期待与世界各地的朋友在三湘大地相聚。",
            "周立衡，湖南省人民政府外事办公室主任",
        ),
    },
    EN: {
        "introduction": (
            "International events hosted by the Foreign Affairs Office of Hunan Province: the Xiangjiang Forum on the "
            "Belt and Road, the International Sister-City Friendship Week and the Chinese Bridge competition. Read the "
            "agenda, add an event to your calendar, register or reply to your invitation."
        ),
        "about": (
            "<h2>Welcome to Hunan</h2>"
            "<p>Hunan lies in central China on the middle reaches of the Yangtze. It is the province of Yuelu "
            "Mountain, Dongting Lake and the sandstone peaks of Zhangjiajie, and of Changsha, a young and "
            "outward-looking city. The Foreign Affairs Office of Hunan Provincial People's Government handles "
            "the province's foreign, overseas Chinese and Hong Kong and Macao affairs, and every year hosts "
            "international conferences, sister-city exchanges and cultural events.</p>"
            "<h3>What we arrange for our guests</h3>"
            "<ul><li>Invitations, online registration, approval and waiting lists</li>"
            "<li>Visa invitation letters, airport and station transfers, hotels</li>"
            "<li>Interpreting in many languages and guidance at the venue</li>"
            "<li>Digital passes and QR check-in</li></ul>"
        ),
        "quote": (
            "Hunan is beautiful for its mountains and rivers, and even more for its open and welcoming spirit. "
            "We look forward to meeting friends from all over the world here.",
            "Zhou Liheng, Director-General, Foreign Affairs Office of Hunan Provincial People's Government",
        ),
    },
}

EVENT_INDEX = {
    ZH: "湖南省人民政府外事办公室主办和承办的国际会议、友城交流与人文活动。可以按活动品牌、年份筛选，也可以订阅日历。",
    EN: (
        "International conferences, sister-city exchanges and cultural events hosted by the Foreign Affairs Office "
        "of Hunan Province. Filter by series or year, or subscribe to the calendar."
    ),
}

# The four illustrations drawn for each brand, shared by its editions.
SCENES = {
    "stage": {ZH: "全体大会", EN: "plenary session"},
    "table": {ZH: "签约仪式", EN: "signing ceremony"},
    "lanterns": {ZH: "文化之夜", EN: "cultural evening"},
    "landscape": {ZH: "实地考察", EN: "field visit"},
}

BRANDS = [
    {
        "slug": "xiangjiang-forum",
        "primary": "#9E1B32",
        "accent": "#F0CB6A",
        "motif": "waves",
        "letters": "XJ",
        "wordmark": "XIANGJIANG FORUM",
        "sender_email": "xiangjiangforum@fao.hunan.gov.cn",
        ZH: {
            "name": "一带一路湘江论坛",
            "short_name": "湘江论坛",
            "tagline": "共商 共建 共享 · 从湘江走向世界",
            "about": (
                "<p>一带一路湘江论坛是湖南省人民政府主办的高层次国际交流平台。论坛每年邀请各国政府官员、驻华使节、"
                "国际组织代表、专家学者和企业家齐聚长沙，围绕互联互通、经贸合作、绿色发展与人文交流开展对话，"
                "推动湖南与共建“一带一路”国家的务实合作。</p>"
            ),
            "sender_name": "一带一路湘江论坛组委会",
        },
        EN: {
            "name": "Xiangjiang Forum on the Belt and Road",
            "short_name": "Xiangjiang Forum",
            "tagline": "Consultation, cooperation, shared benefits: from the Xiangjiang to the world",
            "about": (
                "<p>The Xiangjiang Forum on the Belt and Road is a high-level international platform hosted by the "
                "People's Government of Hunan Province. Each year it brings government officials, diplomats, "
                "representatives of international organisations, scholars and business leaders to Changsha for "
                "dialogue on connectivity, trade and investment, green development and people-to-people exchange, "
                "and for practical cooperation between Hunan and the partner countries of the Belt and Road "
                "Initiative.</p>"
            ),
            "sender_name": "Xiangjiang Forum Organising Committee",
        },
    },
    {
        "slug": "sister-city-week",
        "primary": "#0B4F6C",
        "accent": "#F4B860",
        "motif": "rings",
        "letters": "SC",
        "wordmark": "SISTER-CITY WEEK",
        "sender_email": "sistercities@fao.hunan.gov.cn",
        ZH: {
            "name": "湖南国际友城友好交流活动周",
            "short_name": "友城周",
            "tagline": "城市相交 民心相通",
            "about": (
                "<p>湖南已与五大洲数十个国家的省州和城市缔结友好关系。湖南国际友城友好交流活动周每年邀请友城代表团来湘，"
                "开展市长对话、经贸洽谈、教育与青年交流、文化展演和实地考察，让友城合作更深入、更接地气。</p>"
            ),
            "sender_name": "湖南国际友城友好交流活动周组委会",
        },
        EN: {
            "name": "International Sister-City Friendship Week of Hunan",
            "short_name": "Sister-City Week",
            "tagline": "Cities that meet, peoples that understand each other",
            "about": (
                "<p>Hunan has formed friendship ties with provinces, states and cities in dozens of countries on five "
                "continents. Every year the International Sister-City Friendship Week welcomes partner delegations to "
                "Hunan for mayors' dialogues, business matchmaking, education and youth exchanges, cultural "
                "performances and field visits, so that friendship grows into lasting cooperation.</p>"
            ),
            "sender_name": "Sister-City Friendship Week Organising Committee",
        },
    },
    {
        "slug": "chinese-bridge",
        "primary": "#1B5E3B",
        "accent": "#F0D27A",
        "motif": "bridges",
        "letters": "CB",
        "wordmark": "CHINESE BRIDGE",
        "sender_email": "chinesebridge@fao.hunan.gov.cn",
        ZH: {
            "name": "汉语桥世界大学生中文比赛",
            "short_name": "汉语桥",
            "tagline": "学中文 通世界 · 以语言架起友谊之桥",
            "about": (
                "<p>“汉语桥”世界大学生中文比赛是面向各国在校大学生的国际中文赛事。湖南赛区由湖南省人民政府外事办公室"
                "与省内高校联合承办，通过主题演讲、中国国情知识问答和才艺展示选拔优秀选手晋级全球总决赛，"
                "并邀请选手走进湖南、感受湖湘文化。</p>"
            ),
            "sender_name": "汉语桥湖南赛区组委会",
        },
        EN: {
            "name": "Chinese Bridge Chinese Proficiency Competition for Foreign College Students",
            "short_name": "Chinese Bridge",
            "tagline": "Learn Chinese, connect with the world: a bridge of friendship built with words",
            "about": (
                "<p>Chinese Bridge is an international Chinese-language competition for university students from all "
                "over the world. The Hunan division, organised by the Foreign Affairs Office of Hunan Province "
                "together with universities in the province, selects finalists for the global final through speeches, "
                "a quiz on China and talent performances, and invites the contestants to discover Hunan and its "
                "culture.</p>"
            ),
            "sender_name": "Chinese Bridge Hunan Organising Committee",
        },
    },
]

VENUES = [
    {
        "key": "hicec",
        "latitude": "28.229200",
        "longitude": "113.087100",
        ZH: {"name": "湖南国际会展中心", "address": "长沙县湘龙街道会展路 1 号", "city": "长沙"},
        EN: {
            "name": "Hunan International Convention and Exhibition Center",
            "address": "1 Huizhan Road, Xianglong Subdistrict, Changsha County",
            "city": "Changsha",
        },
        "rooms": [
            {"key": "main", "capacity": 1500, ZH: "主会场（A1 馆）", EN: "Main Hall (A1)"},
            {"key": "xiangjiang", "capacity": 400, ZH: "湘江厅", EN: "Xiangjiang Hall"},
            {"key": "yuelu", "capacity": 220, ZH: "岳麓厅", EN: "Yuelu Hall"},
            {"key": "dongting", "capacity": 120, ZH: "洞庭厅", EN: "Dongting Hall"},
            {"key": "vip", "capacity": 40, ZH: "贵宾会见厅", EN: "VIP Reception Room"},
        ],
    },
    {
        "key": "hotel",
        "latitude": "28.205600",
        "longitude": "112.968300",
        ZH: {"name": "湘江国际宾馆", "address": "开福区湘江中路二段 188 号", "city": "长沙"},
        EN: {
            "name": "Xiangjiang International Hotel",
            "address": "188 Xiangjiang Middle Road, Section 2, Kaifu District",
            "city": "Changsha",
        },
        "rooms": [
            {"key": "state", "capacity": 350, ZH: "国宾厅", EN: "State Hall"},
            {"key": "furong", "capacity": 160, ZH: "芙蓉厅", EN: "Furong Hall"},
            {"key": "juzhou", "capacity": 80, ZH: "橘洲厅", EN: "Juzizhou Room"},
            {"key": "press", "capacity": 60, ZH: "新闻发布厅", EN: "Press Briefing Room"},
        ],
    },
    {
        "key": "zjj",
        "latitude": "29.117000",
        "longitude": "110.479300",
        ZH: {"name": "张家界国际会议中心", "address": "永定区迎宾路 9 号", "city": "张家界"},
        EN: {
            "name": "Zhangjiajie International Conference Center",
            "address": "9 Yingbin Road, Yongding District",
            "city": "Zhangjiajie",
        },
        "rooms": [
            {"key": "tianmen", "capacity": 800, ZH: "天门厅", EN: "Tianmen Hall"},
            {"key": "wuling", "capacity": 260, ZH: "武陵厅", EN: "Wuling Hall"},
            {"key": "lishui", "capacity": 120, ZH: "澧水厅", EN: "Lishui Room"},
            {"key": "jinbian", "capacity": 40, ZH: "金鞭厅", EN: "Jinbian Room"},
        ],
    },
]

# Fictional people. `portrait` says whether a placeholder picture is drawn for them.
SPEAKERS = [
    {
        "key": "zhou",
        "initials": "ZL",
        "portrait": True,
        ZH: {
            "name": "周立衡",
            "position": "湖南省人民政府外事办公室主任",
            "biography": "<p>长期从事地方外事和国际交流工作，曾在省商务部门和驻外机构任职，主持推动湖南与多个国家的省州建立友好关系。</p>",
        },
        EN: {
            "name": "Zhou Liheng",
            "position": "Director-General, Foreign Affairs Office of Hunan Provincial People's Government",
            "biography": (
                "<p>Has spent most of his career in subnational diplomacy and international exchange, with posts in "
                "the provincial commerce department and abroad, and has led Hunan's work in forming friendship ties "
                "with provinces and states in many countries.</p>"
            ),
        },
    },
    {
        "key": "ouyang",
        "initials": "OX",
        "portrait": True,
        ZH: {
            "name": "欧阳晓岚",
            "position": "湖南省人民政府外事办公室副主任",
            "biography": "<p>分管友好城市、礼宾和国际会议工作，多次参与组织大型国际会议的接待与保障。</p>",
        },
        EN: {
            "name": "Ouyang Xiaolan",
            "position": "Deputy Director-General, Foreign Affairs Office of Hunan Provincial People's Government",
            "biography": (
                "<p>Oversees sister-city relations, protocol and international conferences, and has organised the "
                "hosting of many large international meetings.</p>"
            ),
        },
    },
    {
        "key": "chen",
        "initials": "CJ",
        "portrait": True,
        ZH: {
            "name": "陈嘉明",
            "position": "中南大学国际问题研究中心教授",
            "biography": "<p>研究方向为区域经济合作与国际物流通道，多次参与“一带一路”相关政策咨询，著述涉及内陆开放型经济。</p>",
        },
        EN: {
            "name": "Chen Jiaming",
            "position": "Professor, Centre for International Studies, Central South University",
            "biography": (
                "<p>Works on regional economic cooperation and international logistics corridors, advises on Belt "
                "and Road policy and writes on the open economy of China's inland provinces.</p>"
            ),
        },
    },
    {
        "key": "lin",
        "initials": "LX",
        "portrait": True,
        ZH: {
            "name": "林雪芬",
            "position": "湖南师范大学国际中文教育学院院长、教授",
            "biography": "<p>从事国际中文教育近三十年，曾在海外大学任教，多次担任“汉语桥”比赛评委会主席。</p>",
        },
        EN: {
            "name": "Lin Xuefen",
            "position": "Professor and Dean, School of International Chinese Language Education, Hunan Normal University",
            "biography": (
                "<p>Has taught Chinese to international students for nearly thirty years, including at universities "
                "abroad, and has chaired the jury of the Chinese Bridge competition several times.</p>"
            ),
        },
    },
    {
        "key": "okafor",
        "initials": "AO",
        "portrait": True,
        ZH: {
            "name": "阿玛拉·奥卡福",
            "position": "非中经贸合作理事会高级顾问、前驻华大使",
            "biography": "<p>外交生涯逾二十五年，曾常驻北京，长期关注非中贸易、基础设施和农业合作。</p>",
        },
        EN: {
            "name": "Amara Okafor",
            "position": "Senior Adviser, Africa–China Business Council; former ambassador to China",
            "biography": (
                "<p>A diplomat for more than twenty-five years, including a posting in Beijing, with a long-standing "
                "interest in Africa–China trade, infrastructure and agricultural cooperation.</p>"
            ),
        },
    },
    {
        "key": "berger",
        "initials": "MB",
        "portrait": True,
        ZH: {
            "name": "马蒂亚斯·贝格",
            "position": "欧洲友好城市联合会秘书长",
            "biography": "<p>致力于中欧地方合作二十余年，推动多对中欧友好城市在职业教育、绿色能源和物流领域开展合作。</p>",
        },
        EN: {
            "name": "Matthias Berger",
            "position": "Secretary-General, European Federation of Twinned Cities",
            "biography": (
                "<p>Has worked on Europe–China subnational cooperation for over twenty years, helping twinned cities "
                "cooperate in vocational training, green energy and logistics.</p>"
            ),
        },
    },
    {
        "key": "watanabe",
        "initials": "KW",
        "portrait": False,
        ZH: {
            "name": "渡边健二",
            "position": "日本滋贺县国际交流协会理事长",
            "biography": "<p>多次率团访问湖南，推动滋贺县与湖南省在环境保护、湖泊治理和青少年交流方面的合作。</p>",
        },
        EN: {
            "name": "Kenji Watanabe",
            "position": "Chair, Shiga Prefecture International Association, Japan",
            "biography": (
                "<p>Has led many delegations to Hunan and promoted cooperation between Shiga and Hunan in "
                "environmental protection, lake management and youth exchange.</p>"
            ),
        },
    },
    {
        "key": "leclerc",
        "initials": "SL",
        "portrait": False,
        ZH: {
            "name": "苏菲·勒克莱尔",
            "position": "法国里昂第三大学中文系主任",
            "biography": "<p>汉学家，研究中国当代文学与翻译，长期担任“汉语桥”欧洲赛区评委。</p>",
        },
        EN: {
            "name": "Sophie Leclerc",
            "position": "Head of Chinese Studies, Jean Moulin University Lyon 3, France",
            "biography": (
                "<p>A sinologist working on contemporary Chinese literature and translation, and a long-serving "
                "judge of the Chinese Bridge competition in Europe.</p>"
            ),
        },
    },
    {
        "key": "nguyen",
        "initials": "NH",
        "portrait": False,
        ZH: {
            "name": "阮氏秋香",
            "position": "越南河内国家大学外语大学研究生，“汉语桥”湖南赛区往届冠军",
            "biography": "<p>在长沙留学期间开始学习湘方言和湘剧唱腔，毕业后从事中越文化交流工作。</p>",
        },
        EN: {
            "name": "Nguyen Thi Thu Huong",
            "position": (
                "Graduate student, University of Languages and International Studies, Vietnam National University, "
                "Hanoi; former Chinese Bridge Hunan champion"
            ),
            "biography": (
                "<p>Took up the Xiang dialect and Xiang opera singing while studying in Changsha, and now works in "
                "Vietnam–China cultural exchange.</p>"
            ),
        },
    },
    {
        "key": "tan",
        "initials": "TW",
        "portrait": False,
        ZH: {
            "name": "谭文静",
            "position": "湖南广播电视台主持人",
            "biography": "<p>主持多档国际文化交流节目，曾担任多届湖南国际活动的双语主持人。</p>",
        },
        EN: {
            "name": "Tan Wenjing",
            "position": "Presenter, Hunan Broadcasting System",
            "biography": (
                "<p>Presents several programmes on international cultural exchange and has been the bilingual host of "
                "many of Hunan's international events.</p>"
            ),
        },
    },
]

# Registration rules of each series.
REGISTRATION = {
    "xiangjiang-forum": {"mode": "invitation", "capacity": 1200},
    "sister-city-week": {"mode": "approval", "capacity": 400},
    "chinese-bridge": {"mode": "open", "capacity": 300},
}


def session(*, day, start, end, room, speakers, zh, en, zh_desc="", en_desc=""):
    return {
        "day": day,
        "start": start,
        "end": end,
        "room": room,
        "speakers": speakers,
        ZH: {"title": zh, "description": zh_desc},
        EN: {"title": en, "description": en_desc},
    }


# Each series has a current edition (starting `lead_days` or a few days more after the
# first load, on `weekday`, 0 = Monday) and a past one `weeks_back` weeks earlier.
# Titles and texts may use {year}.
EDITIONS = [
    # --- Xiangjiang Forum -----------------------------------------------------------
    {
        "brand": "xiangjiang-forum",
        "role": "current",
        "lead_days": 45,
        "weekday": 3,
        "venue": "hicec",
        ZH: {
            "title": "{year}一带一路湘江论坛",
            "summary": (
                "{year}一带一路湘江论坛以“绿色互联 共享未来”为主题，邀请共建国家政府代表、驻华使节、专家学者和企业家齐聚长沙，"
                "共商内陆开放、中非经贸、绿色能源和国际物流合作。"
            ),
        },
        EN: {
            "title": "Xiangjiang Forum on the Belt and Road {year}",
            "summary": (
                "Under the theme “Green connectivity for a shared future”, the {year} Xiangjiang Forum brings government "
                "representatives, diplomats, scholars and business leaders from partner countries to Changsha to discuss "
                "inland opening-up, China–Africa trade, green energy and international logistics."
            ),
        },
        "body": [
            (
                "rich_text",
                {
                    ZH: (
                        "<h2>论坛概况</h2>"
                        "<p>本届论坛为期两天，设开幕式暨主旨演讲、全体大会、三场平行论坛、圆桌对话和合作项目签约仪式，"
                        "并组织代表考察中国（湖南）自由贸易试验区长沙片区。</p>"
                        "<p>论坛期间将发布湖南与共建“一带一路”国家的合作项目清单，并举办中非经贸合作对接活动，"
                        "为各国企业提供面对面洽谈的机会。</p>"
                        "<h3>参会须知</h3>"
                        "<ul><li>本届论坛实行邀请制，受邀嘉宾请通过个人链接确认出席并填写抵离信息。</li>"
                        "<li>需要签证邀请函的外宾，请在开幕前 30 天提交护照信息。</li>"
                        "<li>全体大会提供中、英、法、俄、阿拉伯语同声传译。</li>"
                        "<li>凭电子参会凭证（二维码）入场，请随身携带护照或身份证件。</li></ul>"
                    ),
                    EN: (
                        "<h2>About this edition</h2>"
                        "<p>Over two days the forum holds an opening ceremony with keynote speeches, a plenary session, three "
                        "parallel forums, a round table and a signing ceremony for cooperation projects, and takes "
                        "participants on a visit to the Changsha Area of the China (Hunan) Pilot Free Trade Zone.</p>"
                        "<p>A list of cooperation projects between Hunan and partner countries will be published during "
                        "the forum, and a China–Africa business matchmaking session gives companies the chance to meet "
                        "face to face.</p>"
                        "<h3>Practical information</h3>"
                        "<ul><li>Attendance is by invitation. Invited guests confirm through their personal link and "
                        "give their arrival and departure details there.</li>"
                        "<li>Guests who need a visa invitation letter should send their passport details at least 30 "
                        "days before the opening.</li>"
                        "<li>The plenary is interpreted simultaneously into Chinese, English, French, Russian and "
                        "Arabic.</li>"
                        "<li>Entry is with the digital pass (QR code); please bring your passport or ID card.</li></ul>"
                    ),
                },
            ),
            (
                "quote",
                {
                    ZH: (
                        "湘江北去，通江达海。湖南愿与各方一道，把“一带一路”合作的蓝图变成看得见、摸得着的项目。",
                        "周立衡，湖南省人民政府外事办公室主任",
                    ),
                    EN: (
                        "The Xiangjiang flows north to the Yangtze and on to the sea. Hunan wants to work with all its "
                        "partners to turn the blueprint of Belt and Road cooperation into projects people can see and touch.",
                        "Zhou Liheng, Director-General, Foreign Affairs Office of Hunan Provincial People's Government",
                    ),
                },
            ),
            ("speakers", {"speakers": ["zhou", "okafor", "chen", "berger"], ZH: "主要嘉宾", EN: "Featured speakers"}),
            (
                "image",
                {
                    "scene": "stage",
                    ZH: ("论坛全体大会会场示意图", "全体大会在湖南国际会展中心主会场举行（示意图）"),
                    EN: (
                        "Illustration of the forum's plenary hall",
                        "The plenary takes place in the Main Hall of the Hunan International Convention and Exhibition "
                        "Center (illustration)",
                    ),
                },
            ),
        ],
        "sessions": [
            session(
                day=0,
                start="09:00",
                end="10:00",
                room="main",
                speakers=["zhou", "okafor"],
                zh="开幕式暨主旨演讲",
                en="Opening ceremony and keynote speeches",
                zh_desc="<p>湖南省人民政府领导致辞，中外嘉宾发表主旨演讲。请于 08:30 前入场。</p>",
                en_desc="<p>Welcome address by the leadership of the Hunan Provincial People's Government, followed by keynote "
                "speeches. Please be seated by 08:30.</p>",
            ),
            session(
                day=0,
                start="10:30",
                end="12:00",
                room="main",
                speakers=["chen", "berger"],
                zh="全体大会：高质量共建“一带一路”与内陆开放",
                en="Plenary: High-quality Belt and Road cooperation and inland opening-up",
            ),
            session(
                day=0,
                start="14:00",
                end="15:45",
                room="xiangjiang",
                speakers=["okafor", "ouyang"],
                zh="平行论坛一：中非经贸合作与产业链对接",
                en="Parallel forum I: China–Africa trade and supply-chain partnerships",
            ),
            session(
                day=0,
                start="14:00",
                end="15:45",
                room="yuelu",
                speakers=["chen"],
                zh="平行论坛二：绿色能源与智能制造",
                en="Parallel forum II: Green energy and smart manufacturing",
            ),
            session(
                day=0,
                start="16:00",
                end="17:30",
                room="dongting",
                speakers=["watanabe", "berger"],
                zh="平行论坛三：地方合作与友好城市",
                en="Parallel forum III: Subnational cooperation and sister cities",
            ),
            session(
                day=1,
                start="09:00",
                end="10:30",
                room="xiangjiang",
                speakers=["berger", "chen"],
                zh="圆桌对话：中欧班列与国际物流通道",
                en="Round table: The China–Europe Railway Express and international logistics corridors",
            ),
            session(
                day=1,
                start="10:45",
                end="12:00",
                room="main",
                speakers=["ouyang"],
                zh="合作项目签约仪式",
                en="Signing ceremony for cooperation projects",
            ),
            session(
                day=1,
                start="14:00",
                end="16:30",
                room=None,
                speakers=[],
                zh="考察：中国（湖南）自由贸易试验区长沙片区",
                en="Site visit: Changsha Area of the China (Hunan) Pilot Free Trade Zone",
                zh_desc="<p>统一乘车前往，请于 13:30 在会展中心北门集合。</p>",
                en_desc="<p>Coaches leave from the north gate of the exhibition centre at 13:30.</p>",
            ),
            session(
                day=1, start="16:45", end="17:30", room="main", speakers=["zhou"], zh="闭幕式", en="Closing session"
            ),
        ],
    },
    {
        "brand": "xiangjiang-forum",
        "role": "past",
        "weeks_back": 57,
        "venue": "hicec",
        ZH: {
            "title": "{year}一带一路湘江论坛",
            "summary": (
                "{year}一带一路湘江论坛以“开放合作 互利共赢”为主题，来自三十多个国家和国际组织的代表在长沙围绕贸易畅通、"
                "产能合作和人文交流深入对话，达成一批务实合作成果。"
            ),
        },
        EN: {
            "title": "Xiangjiang Forum on the Belt and Road {year}",
            "summary": (
                "Under the theme “Open cooperation for mutual benefit”, representatives of more than thirty countries and "
                "international organisations met in Changsha in {year} to talk about trade, industrial cooperation and "
                "people-to-people exchange, and agreed on a series of practical projects."
            ),
        },
        "body": [
            (
                "rich_text",
                {
                    ZH: (
                        "<h2>论坛回顾</h2>"
                        "<p>两天的会期里，与会代表出席了开幕式、主旨演讲、两场分论坛和中非经贸合作对接会，"
                        "围绕跨境电商、农产品贸易、职业教育和青年交流提出了多项合作建议。</p>"
                        "<p>闭幕式上发布了论坛成果清单，涵盖物流通道建设、境外经贸合作区和人才培养等领域的合作项目。</p>"
                    ),
                    EN: (
                        "<h2>Looking back</h2>"
                        "<p>Over two days, participants attended the opening ceremony, keynote speeches, two breakout "
                        "sessions and a China–Africa business matchmaking session, and put forward proposals on "
                        "cross-border e-commerce, agricultural trade, vocational education and youth exchange.</p>"
                        "<p>The closing ceremony presented the forum's list of outcomes, with projects on logistics "
                        "corridors, overseas economic and trade cooperation zones and training.</p>"
                    ),
                },
            ),
            (
                "image",
                {
                    "scene": "table",
                    ZH: ("签约仪式示意图", "合作项目签约仪式（示意图）"),
                    EN: (
                        "Illustration of the signing ceremony",
                        "Signing ceremony for cooperation projects (illustration)",
                    ),
                },
            ),
            (
                "quote",
                {
                    ZH: ("在长沙，我看到了内陆省份同样可以站在开放的最前沿。", "阿玛拉·奥卡福，前驻华大使"),
                    EN: (
                        "In Changsha I saw that an inland province can stand at the very front of opening-up.",
                        "Amara Okafor, former ambassador to China",
                    ),
                },
            ),
            (
                "gallery",
                {"scenes": ["stage", "table", "lanterns"], ZH: "现场图集", EN: "Gallery"},
            ),
        ],
        "sessions": [
            session(
                day=0, start="09:00", end="10:00", room="main", speakers=["zhou"], zh="开幕式", en="Opening ceremony"
            ),
            session(
                day=0,
                start="10:15",
                end="12:00",
                room="main",
                speakers=["okafor", "chen"],
                zh="主旨演讲：开放合作与共同发展",
                en="Keynote session: Open cooperation and shared development",
            ),
            session(
                day=0,
                start="14:00",
                end="15:30",
                room="xiangjiang",
                speakers=["chen"],
                zh="分论坛：贸易畅通与跨境电商",
                en="Breakout: Unimpeded trade and cross-border e-commerce",
            ),
            session(
                day=0,
                start="15:45",
                end="17:30",
                room="yuelu",
                speakers=["lin", "watanabe"],
                zh="分论坛：人文交流与青年合作",
                en="Breakout: People-to-people exchange and youth cooperation",
            ),
            session(
                day=1,
                start="09:00",
                end="11:30",
                room="dongting",
                speakers=["okafor", "ouyang"],
                zh="中非经贸合作对接会",
                en="China–Africa business matchmaking",
            ),
            session(
                day=1,
                start="14:00",
                end="17:30",
                room="main",
                speakers=["zhou", "ouyang"],
                zh="成果发布暨闭幕式",
                en="Presentation of outcomes and closing ceremony",
            ),
        ],
    },
    # --- Sister-City Week -----------------------------------------------------------
    {
        "brand": "sister-city-week",
        "role": "current",
        "lead_days": 75,
        "weekday": 0,
        "venue": "hotel",
        ZH: {
            "title": "{year}湖南国际友城友好交流活动周",
            "summary": (
                "来自亚洲、欧洲、非洲和美洲的友城代表团齐聚长沙，通过市长圆桌会、合作项目洽谈、青年交流和文化展演，"
                "共同规划友城合作的下一个阶段。"
            ),
        },
        EN: {
            "title": "International Sister-City Friendship Week of Hunan {year}",
            "summary": (
                "Delegations from sister provinces and cities in Asia, Europe, Africa and the Americas meet in Changsha "
                "for a mayors' round table, project matchmaking, youth exchanges and cultural performances, and plan "
                "the next stage of their partnership with Hunan."
            ),
        },
        "body": [
            (
                "rich_text",
                {
                    ZH: (
                        "<h2>友城携手 共创未来</h2>"
                        "<p>本届活动周为期五天，以“友城携手 共创未来”为主题。友城代表将出席市长圆桌会，"
                        "与湖南企业和高校面对面洽谈，走进韶山和湘潭的产业园区与乡村，并在“友城之夜”与长沙市民同台演出。</p>"
                        "<h3>报名方式</h3>"
                        "<p>友城代表团成员、在湘外国友人和相关机构代表均可在线报名，主办方审核后发送确认邮件和电子参会凭证。"
                        "名额有限，额满后进入候补名单。</p>"
                    ),
                    EN: (
                        "<h2>Sister cities, shared futures</h2>"
                        "<p>This five-day week takes “Sister cities, shared futures” as its theme. Partner delegations "
                        "join a mayors' round table, meet Hunan companies and universities, visit industrial parks and "
                        "villages in Shaoshan and Xiangtan, and take the stage with Changsha residents at the "
                        "sister-city gala evening.</p>"
                        "<h3>How to take part</h3>"
                        "<p>Members of partner delegations, foreign residents of Hunan and representatives of partner "
                        "organisations can apply online. The organisers review each application and send a "
                        "confirmation email with a digital pass. Places are limited; once they are taken, applicants "
                        "join the waiting list.</p>"
                    ),
                },
            ),
            ("speakers", {"speakers": ["zhou", "watanabe", "berger", "lin"], ZH: "出席嘉宾", EN: "Speakers"}),
            (
                "quote",
                {
                    ZH: (
                        "四十多年来，滋贺与湖南的友谊一直由普通人的往来延续：教师、学生、农民和渔民。",
                        "渡边健二，日本滋贺县国际交流协会理事长",
                    ),
                    EN: (
                        "For more than forty years the friendship between Shiga and Hunan has been carried by ordinary "
                        "people: teachers, students, farmers and fishermen.",
                        "Kenji Watanabe, Chair, Shiga Prefecture International Association",
                    ),
                },
            ),
            (
                "image",
                {
                    "scene": "lanterns",
                    ZH: ("友城之夜舞台示意图", "友城之夜文艺晚会（示意图）"),
                    EN: ("Illustration of the gala evening stage", "The sister-city gala evening (illustration)"),
                },
            ),
        ],
        "sessions": [
            session(
                day=0,
                start="09:30",
                end="11:00",
                room="state",
                speakers=["zhou", "watanabe", "berger"],
                zh="开幕式暨友城市长圆桌会",
                en="Opening ceremony and mayors' round table",
            ),
            session(
                day=0,
                start="14:30",
                end="17:00",
                room="furong",
                speakers=["ouyang"],
                zh="友城合作项目洽谈会",
                en="Sister-city project matchmaking",
                zh_desc="<p>按经贸、教育、文旅和农业分组洽谈，请提前在报名表中选择意向领域。</p>",
                en_desc="<p>Meetings are grouped into trade, education, culture and tourism, and agriculture; please choose "
                "your fields of interest when you apply.</p>",
            ),
            session(
                day=1,
                start="09:00",
                end="12:00",
                room="furong",
                speakers=["lin", "leclerc"],
                zh="教育与青年交流论坛",
                en="Forum on education and youth exchange",
            ),
            session(
                day=2,
                start="08:30",
                end="17:30",
                room=None,
                speakers=[],
                zh="友城代表团考察：韶山、湘潭",
                en="Delegation visit to Shaoshan and Xiangtan",
                zh_desc="<p>参观产业园区和乡村振兴示范村。08:00 在宾馆大堂集合，午餐在当地安排。</p>",
                en_desc="<p>Visits to industrial parks and a model village of rural revitalisation. Meet in the hotel lobby at "
                "08:00; lunch is provided on the way.</p>",
            ),
            session(
                day=3,
                start="10:00",
                end="11:30",
                room="juzhou",
                speakers=["tan"],
                zh="“友城看湖南”图片展开幕",
                en="Opening of the photo exhibition “Hunan through our sister cities' eyes”",
            ),
            session(
                day=3,
                start="19:00",
                end="21:00",
                room="state",
                speakers=["tan"],
                zh="友城之夜文艺晚会",
                en="Sister-city gala evening",
            ),
            session(
                day=4,
                start="15:00",
                end="17:30",
                room="state",
                speakers=["zhou", "ouyang"],
                zh="合作备忘录签署仪式暨闭幕式",
                en="Signing of memoranda of cooperation and closing ceremony",
            ),
        ],
    },
    {
        "brand": "sister-city-week",
        "role": "past",
        "weeks_back": 61,
        "venue": "zjj",
        ZH: {
            "title": "{year}湖南国际友城友好交流活动周",
            "summary": (
                "{year}友城活动周在张家界举办，以生态旅游和文化交流为重点，友城代表在武陵源的山水之间共商旅游合作、"
                "生态保护和青少年交往。"
            ),
        },
        EN: {
            "title": "International Sister-City Friendship Week of Hunan {year}",
            "summary": (
                "Held in Zhangjiajie, the {year} Sister-City Week focused on eco-tourism and culture: among the peaks of "
                "Wulingyuan, partner delegations discussed tourism cooperation, conservation and exchanges between "
                "young people."
            ),
        },
        "body": [
            (
                "rich_text",
                {
                    ZH: (
                        "<h2>山水为媒 友谊长青</h2>"
                        "<p>来自多个国家的友城代表在张家界度过了难忘的四天。旅游合作推介会上，湖南与友城签署了互送客源、"
                        "联合营销的合作意向；生态保护圆桌会则围绕世界自然遗产地的管理经验展开交流。</p>"
                    ),
                    EN: (
                        "<h2>Friendship among the mountains</h2>"
                        "<p>Partner delegations from many countries spent four memorable days in Zhangjiajie. At the "
                        "tourism showcase, Hunan and its sister cities agreed to promote travel between them and to "
                        "market their destinations together; the conservation round table compared notes on managing "
                        "World Natural Heritage sites.</p>"
                    ),
                },
            ),
            (
                "image",
                {
                    "scene": "landscape",
                    ZH: ("武陵源山峰示意图", "代表团考察武陵源世界自然遗产（示意图）"),
                    EN: (
                        "Illustration of the Wulingyuan peaks",
                        "Delegates at the Wulingyuan World Natural Heritage site (illustration)",
                    ),
                },
            ),
            ("gallery", {"scenes": ["landscape", "lanterns", "table"], ZH: "活动图集", EN: "Gallery"}),
        ],
        "sessions": [
            session(
                day=0,
                start="09:30",
                end="11:00",
                room="tianmen",
                speakers=["zhou", "watanabe"],
                zh="开幕式",
                en="Opening ceremony",
            ),
            session(
                day=0,
                start="14:30",
                end="17:00",
                room="wuling",
                speakers=["ouyang", "berger"],
                zh="友城旅游合作推介会",
                en="Tourism cooperation showcase",
            ),
            session(
                day=1,
                start="08:30",
                end="17:30",
                room=None,
                speakers=[],
                zh="武陵源世界自然遗产考察",
                en="Field visit to the Wulingyuan World Natural Heritage site",
                zh_desc="<p>山区步行较多，请穿舒适的鞋子并携带雨具。</p>",
                en_desc="<p>There is a fair amount of walking in the mountains: wear comfortable shoes and bring rain gear.</p>",
            ),
            session(
                day=2,
                start="09:00",
                end="11:30",
                room="lishui",
                speakers=["berger", "chen"],
                zh="生态保护与可持续发展圆桌会",
                en="Round table: Conservation and sustainable development",
            ),
            session(
                day=2,
                start="19:00",
                end="21:00",
                room="tianmen",
                speakers=["tan"],
                zh="土家族民俗文化之夜",
                en="Tujia folk culture evening",
            ),
            session(
                day=3,
                start="09:30",
                end="11:30",
                room="tianmen",
                speakers=["zhou", "ouyang"],
                zh="闭幕式暨友城合作成果发布",
                en="Closing ceremony and presentation of outcomes",
            ),
        ],
    },
    # --- Chinese Bridge -------------------------------------------------------------
    {
        "brand": "chinese-bridge",
        "role": "current",
        "lead_days": 100,
        "weekday": 2,
        "venue": "zjj",
        ZH: {
            "title": "{year}汉语桥世界大学生中文比赛湖南赛区",
            "summary": (
                "来自二十多个国家的在华留学生和海外大学生在张家界同台竞技，以主题演讲、中国国情知识问答和才艺展示比拼中文能力，"
                "优胜者将代表湖南赛区晋级全球总决赛。"
            ),
        },
        EN: {
            "title": "Chinese Bridge {year}: Hunan Division",
            "summary": (
                "International students in China and university students from abroad, from more than twenty countries, "
                "compete in Zhangjiajie with speeches, a quiz on China and talent performances. The winners go on to "
                "the global final for the Hunan division."
            ),
        },
        "body": [
            (
                "rich_text",
                {
                    ZH: (
                        "<h2>天下一家</h2>"
                        "<p>本届比赛以“天下一家”为主题，分为主题演讲、中国国情知识问答和才艺展示三个环节，"
                        "由中外评委共同打分。比赛期间，选手们还将走进土家族村寨，体验西兰卡普织锦技艺。</p>"
                        "<h3>参赛条件</h3>"
                        "<ul><li>18 至 30 岁、非中国国籍的在校大学生；</li>"
                        "<li>母语非汉语，未曾获得往届全球总决赛前三名；</li>"
                        "<li>在线报名并提交一段三分钟的中文自我介绍视频。</li></ul>"
                    ),
                    EN: (
                        "<h2>One world, one family</h2>"
                        "<p>This year's theme is “One world, one family”. The competition has three rounds, a speech, a "
                        "quiz on China and a talent performance, each marked by a jury of Chinese and international "
                        "judges. Contestants will also visit a Tujia village and try their hand at Xilankapu brocade "
                        "weaving.</p>"
                        "<h3>Who can enter</h3>"
                        "<ul><li>University students aged 18 to 30 who are not Chinese citizens;</li>"
                        "<li>whose first language is not Chinese and who have not finished in the top three of a "
                        "previous global final;</li>"
                        "<li>who register online with a three-minute video introducing themselves in Chinese.</li></ul>"
                    ),
                },
            ),
            ("speakers", {"speakers": ["lin", "leclerc", "nguyen", "tan"], ZH: "评委与主持人", EN: "Judges and host"}),
            (
                "quote",
                {
                    ZH: ("学一门语言，就是多打开一扇看世界的窗。", "林雪芬，湖南师范大学国际中文教育学院院长"),
                    EN: (
                        "Learning a language opens one more window on the world.",
                        "Lin Xuefen, Dean, School of International Chinese Language Education, Hunan Normal University",
                    ),
                },
            ),
            ("gallery", {"scenes": ["stage", "lanterns", "landscape"], ZH: "往届风采", EN: "Previous editions"}),
        ],
        "sessions": [
            session(
                day=0,
                start="09:00",
                end="09:45",
                room="tianmen",
                speakers=["lin", "tan"],
                zh="开幕式",
                en="Opening ceremony",
            ),
            session(
                day=0,
                start="10:00",
                end="12:00",
                room="tianmen",
                speakers=["lin", "leclerc"],
                zh="主题演讲比赛（第一组）",
                en="Speech round, group A",
                zh_desc="<p>每位选手演讲三分钟，随后回答评委提问。</p>",
                en_desc="<p>Each contestant speaks for three minutes, then answers the judges' questions.</p>",
            ),
            session(
                day=0,
                start="14:00",
                end="17:00",
                room="tianmen",
                speakers=["lin", "leclerc"],
                zh="主题演讲比赛（第二组）",
                en="Speech round, group B",
            ),
            session(
                day=1,
                start="09:00",
                end="11:30",
                room="wuling",
                speakers=["tan"],
                zh="中国国情知识问答",
                en="Quiz on China",
            ),
            session(
                day=1,
                start="14:00",
                end="17:00",
                room="tianmen",
                speakers=["tan", "nguyen"],
                zh="才艺展示",
                en="Talent show",
            ),
            session(
                day=2,
                start="09:00",
                end="11:30",
                room="lishui",
                speakers=[],
                zh="文化体验：土家织锦西兰卡普工作坊",
                en="Cultural workshop: Tujia Xilankapu brocade weaving",
            ),
            session(
                day=2,
                start="14:30",
                end="17:30",
                room="tianmen",
                speakers=["lin", "leclerc", "nguyen", "tan"],
                zh="总决赛暨颁奖典礼",
                en="Final and award ceremony",
            ),
        ],
    },
    {
        "brand": "chinese-bridge",
        "role": "past",
        "weeks_back": 62,
        "venue": "hotel",
        ZH: {
            "title": "{year}汉语桥世界大学生中文比赛湖南赛区",
            "summary": "{year}年湖南赛区比赛在长沙举行，十六名决赛选手用流利的中文讲述了自己与湖南的故事。",
        },
        EN: {
            "title": "Chinese Bridge {year}: Hunan Division",
            "summary": (
                "The {year} Hunan division was held in Changsha, where sixteen finalists told their own stories of "
                "Hunan in fluent Chinese."
            ),
        },
        "body": [
            (
                "rich_text",
                {
                    ZH: (
                        "<h2>比赛回顾</h2>"
                        "<p>十六名决赛选手来自亚洲、非洲、欧洲和拉丁美洲。有人讲述在湘西支教的经历，有人用长沙话表演快板，"
                        "还有人把《岳阳楼记》改编成了说唱。评委们说，这是近年来水平最整齐的一届。</p>"
                    ),
                    EN: (
                        "<h2>Looking back</h2>"
                        "<p>The sixteen finalists came from Asia, Africa, Europe and Latin America. One spoke about "
                        "volunteering as a teacher in western Hunan, one performed clapper talk in the Changsha dialect, "
                        "and one turned a Song dynasty essay into a rap. The judges called it the most even field in "
                        "years.</p>"
                    ),
                },
            ),
            (
                "image",
                {
                    "scene": "stage",
                    ZH: ("决赛舞台示意图", "决赛暨颁奖典礼（示意图）"),
                    EN: ("Illustration of the final's stage", "The final and award ceremony (illustration)"),
                },
            ),
            (
                "quote",
                {
                    ZH: ("站在台上的那一刻，我觉得长沙已经是我的第二个家。", "阮氏秋香，往届湖南赛区冠军"),
                    EN: (
                        "The moment I stood on that stage, I felt Changsha had become my second home.",
                        "Nguyen Thi Thu Huong, former Hunan division champion",
                    ),
                },
            ),
        ],
        "sessions": [
            session(
                day=0, start="09:00", end="09:30", room="state", speakers=["lin"], zh="开幕式", en="Opening ceremony"
            ),
            session(
                day=0,
                start="09:30",
                end="12:00",
                room="state",
                speakers=["lin", "leclerc"],
                zh="复赛：主题演讲",
                en="Semi-final: speeches",
            ),
            session(
                day=0,
                start="14:00",
                end="17:00",
                room="furong",
                speakers=["tan"],
                zh="复赛：知识问答与才艺展示",
                en="Semi-final: quiz and talent show",
            ),
            session(
                day=1,
                start="09:00",
                end="11:30",
                room=None,
                speakers=[],
                zh="文化体验：走进岳麓书院",
                en="Cultural visit: Yuelu Academy",
                zh_desc="<p>在千年学府岳麓书院了解湖湘文化。</p>",
                en_desc="<p>An introduction to Hunan's intellectual tradition at the thousand-year-old Yuelu Academy.</p>",
            ),
            session(
                day=1,
                start="14:30",
                end="17:30",
                room="state",
                speakers=["lin", "leclerc", "nguyen", "tan"],
                zh="决赛暨颁奖典礼",
                en="Final and award ceremony",
            ),
        ],
    },
]
