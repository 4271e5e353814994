"""Evidence inside paragraphs: clauses with offsets and typed answer candidates (numbers, dates,
names); sentences and normalisation are in :mod:`ingest.text`."""

from __future__ import annotations

import functools
import re
import unicodedata

import jieba
import jieba.posseg as posseg
from babel import Locale

from ingest.text import Sentence, chinese_number, without_bylines

__all__ = [
    "CLOCK",
    "CN_DATE",
    "COMPOUND_SURNAMES",
    "LUNAR_DAY",
    "PLACINGS",
    "RANGE_HEAD",
    "RANGE_TAIL",
    "clauses",
    "clocks_in",
    "countries_in",
    "dates_in",
    "is_one_value",
    "names_in",
    "numbers_in",
    "value_of",
]

# A comma or colon between digits is part of a figure (6,476名; a 61:83 score; 8:30), not a clause break.
# A colon before a figure labels it ("分辨率：3200 x 1440"): label and figure are one clause.
_CLAUSE = re.compile(r"(?:(?<=\d)[,:](?=\d)|[：:](?=\s*\d)|[^，,：:。！？!?；;])+[，,：:。！？!?；;]*[”’」』）)]*")

_CN_NUM = "零一二两三四五六七八九十百千万亿"
# Measure words and units a number may carry. Matched longest first, so "6.05万亿美元" is one
# value and "30余条" keeps its 余.
_UNIT_WORDS = (
    "个半小时 个多小时 个小时 个半月 个多月 多小时 余小时 多分钟 "
    "万余个 万余人 万余件 万余名 万余 余个 余名 余件 余条 余人 余家 余所 余篇 余万 余次 余项 余场 余座 余户 余元 "
    "多个 多名 多件 多条 多人 多家 多所 多篇 多万 多次 多项 "
    "万人次 人次 万人 万件 万个 万户 万辆 万套 万名 万家 万吨 万斤 亿斤 万千瓦 亿千瓦时 千瓦时 千瓦 "
    "万亿美元 亿美元 万美元 美元 万亿元 亿元 万元 元 万亿 亿 万 千 百 人民币 "
    "日元 韩元 欧元 英镑 卢布 港元 港币 澳元 加元 新台币 台币 卢比 法郎 亿欧元 万欧元 亿英镑 万英镑 亿镑 万镑 镑 "
    "个 名 家 所 条 件 项 次 位 人 篇 岁 年 天 亩 户 座 场 台 辆 只 枚 本 册 棵 株 头 套 张 份 架 艘 列 处 栋 间 部 集 届 期 "
    "款 种 类 批 例 剂 吨 斤 公斤 千克 克 平方公里 平方米 公顷 公里 千米 厘米 毫米 米 升 度 "
    "% ％ ‰ 倍 个百分点 百分点 个千分点 千分点 小时 分钟 秒 周 个月 级 分 点 票 张 次方 "
    "公分 公尺 英里 英尺 英寸 海里 马力 磅 立方米 毫升 光年 摄氏度 ℃ 发 颗 粒 匹 支 门 首 层 块 页 章 卷 幅 尊 "
    "克拉 毫克 微克 纳米 微米 平方千米 平方英里 英亩 盎司 加仑 桶 分贝 兆瓦 吉瓦 席 架次 辆次 班 起 顶 "
    "毫安时 毫安 瓦 伏 赫兹 万像素 像素 帧 对"
).split()
# Units written in Latin letters (30km, 182CM, 1750.33km²): whole words only, so "3 million" keeps no "m".
_LATIN_UNITS = r"(?:km²|km2|m²|m2|km|cm|mm|nm|kg|mg|kwh|kw|mw|gw|mhz|ghz|hz|gb|mb|tb|kb|mah|mp|w|m)(?![a-z])"
_UNITS = "|".join(re.escape(u) for u in sorted(set(_UNIT_WORDS), key=len, reverse=True)) + "|" + _LATIN_UNITS
# "4.17亿辆", "3000.3千公顷": a measure word may follow the multiplier 万/亿/千/百 that the unit list
# holds on its own.
# A race time is one figure: "34秒32", "2分05秒31", "1小时23分45秒" (not 34秒 and 32).
# Hundredths after 秒 are two or three digits and end the figure: "每30秒700万美元" is a price per 30秒.
_RACE_TIME = r"\d+小时\d+分(?:钟)?(?:\d+秒(?:\d{2,3}(?![\d万亿千百]))?)?|\d+分\d+秒(?:\d{2,3}(?![\d万亿千百]))?|\d+秒\d{2,3}(?![\d万亿千百])"
# "1亿2千万册", "3万5千人": digits on both sides of a multiplier are one figure.
_MIXED = r"\d+[亿万]\d{1,4}[千百十]万?|\d+亿\d{1,4}万"
# Digits glued to a Latin letter that is no unit name a thing, not a figure: 5G, 3D, 4K, 8Gen2.
NUMBER = re.compile(
    rf"{_RACE_TIME}|(?:{_MIXED}|\d+(?:[.,]\d+)*|[{_CN_NUM}]{{1,6}})(?:\s*(?:{_UNITS})(?:(?<=[万亿千百])(?:{_UNITS}))?|(?![A-Za-z]))",
    re.I,
)
# "400米至800米", "5~32公里": a range is one answer; half of it is a wrong one.
RANGE_TAIL = re.compile(rf"\s*(?:至|到|~|～|-|—|–)\s*(?:约|近)?(?:\d+(?:[.,]\d+)*)(?:\s*(?:{_UNITS}))?", re.I)
# The first end of a range whose second end carries the unit, read back from it: "长约15至20厘米"
# (a span of years, "2020—2022", is no figure).
RANGE_HEAD = re.compile(
    rf"(?<![\d.,])(?!(?:19|20)\d\d\D)\d+(?:[.,]\d+)*\s*(?:{_UNITS})?\s*(?:至|到|~|～|-|—|–)\s*(?:约|近)?$", re.I
)
_UNITS_TAIL = re.compile(rf"(?:{_UNITS})$", re.I)
_LUNAR_DAY = r"(?:大年(?:初[一二三四五六七八九十]|三十)|除夕|(?:正月|腊月)(?:初[一二三四五六七八九十]|十[一二三四五六七八九]?|二十[一二三四五六七八九]?))"
# Web pages space their figures ("定档 12 月 16 日"): a date is the same with or without the spaces.
_ONE_DATE = (
    r"(?:\d{4} ?年 ?)?\d{1,2} ?月 ?(?:\d{1,2} ?日?\s*[-—–~～至到]\s*\d{1,2} ?日|\d{1,2} ?日|上旬|中旬|下旬|初|底)?|"
    # A day of the lunar calendar, as news gives release and travel dates ("定档2023大年初一").
    rf"(?:(?:19|20)\d{{2}} ?年?)?(?:农历)?{_LUNAR_DAY}|"
    r"\d{4} ?年(?:初|底|上半年|下半年|年底|年初)?|\d{4}-\d{1,2}-\d{1,2}|(?:19|20)\d{2}"
    # A bare year is none when something is counted by it ("超过2000个区域", "1980名学生").
    r"(?!\d|\s*(?:[个名人多余万亿千百元米家件次位架辆项条座所种部本册只头台户吨亩%％]|公里|平方))"
)
# A range ("2025年2月至5月", "从9月1日持续至9月7日") is one answer, not two dates.
DATE = re.compile(rf"(?:{_ONE_DATE})(?:\s*(?:(?:持续|延续|一直)?[至到]|直至|—|–|~|-)\s*(?:{_ONE_DATE}))?")


# A label that opens an entry of a list laid out on the page ("　　年度企业家：…王传福　　年度学者：…").
_LABEL = re.compile(r"(?:^|(?<=\s))[^\s，,。；;：:！？!?、“”《》()（）]{2,16}[：:]")


def clauses(sentence: Sentence) -> list[Sentence]:
    """The clauses of ``sentence``, cut at commas, colons and semicolons. In a list laid out as
    labels, each label with what follows it up to the next label is one clause: a name is read
    with its own label ("年度企业家：…王传福"), not the label of the next entry it runs into."""
    labels = [m.start() for m in _LABEL.finditer(sentence.text)]
    if len(labels) < 2:
        return _cut(sentence.text, sentence.start) or [sentence]
    found = _cut(sentence.text[: labels[0]], sentence.start)
    for start, end in zip(labels, labels[1:] + [len(sentence.text)]):
        text = sentence.text[start:end]
        if stripped := text.strip():
            found.append(Sentence(stripped, sentence.start + start + text.index(stripped)))
    return found or [sentence]


def _cut(text: str, offset: int) -> list[Sentence]:
    found = []
    for match in _CLAUSE.finditer(text):
        piece = match.group(0)
        if stripped := piece.strip():
            found.append(Sentence(stripped, offset + match.start() + piece.index(stripped)))
    return found


_PART_OF_A_NAME = re.compile(r"[A-Za-z] ?$")
_CUT_OFF = re.compile(r"\.(?:\s*$|\s*(?:\.{2,}|…))")


def numbers_in(text: str) -> list[re.Match[str]]:
    """Numbers with their unit; a bare Chinese numeral only counts when it has a unit."""
    out = []
    for match in NUMBER.finditer(text):
        value = match.group(0)
        if text[match.start() - 1 : match.start()] == "[" and text[match.end() : match.end() + 1] == "]":
            continue  # an encyclopedia's footnote ("…当日闭馆。[54]"), not a figure
        if value[0] in _CN_NUM and not re.search(_UNITS_TAIL, value):
            continue
        if (
            _PART_OF_A_NAME.search(text, max(0, match.start() - 2), match.start())
            and (text[match.start() - 1 : match.start()] != " " or re.match(r"[\u4e00-\u9fff]", text[match.end() :]))
            and not re.search(r"[%％‰]$", value)  # "中国GDP3%的增速": a share is a figure after any word
        ):
            continue  # "C919", "PM2.5", "Xiaomi MIX 4支持…": the number is part of a name, not a figure
        if value.strip() in {"一", "两", "十", "百", "千", "万", "亿"}:
            continue
        if (
            _CUT_OFF.match(text, match.end())
            and re.match(r"[\u4e00-\u9fff]", text[match.start() - 1 : match.start()])
            and value[-1].isdigit()  # "同比增长2.6%." ends with its unit: a whole figure
        ):
            continue  # "其中乙省降幅最大，达到9." ends a snippet: the figure is cut off (9.x%)
        out.append(match)
    return out


LUNAR_DAY = re.compile(_LUNAR_DAY)


def dates_in(text: str) -> list[re.Match[str]]:
    return [m for m in DATE.finditer(text) if re.search(rf"\d|{_LUNAR_DAY}", m.group(0))]


_ONE_CLOCK = (
    r"(?:凌晨|早上|早晨|上午|中午|下午|晚上|傍晚|夜间)?\s*"
    r"(?:\d{1,2}\s*[:：]\s*\d{2}|\d{1,2}\s*[时点](?:\s*\d{1,2}\s*分|半|整)?)(?!\d)"
)
# A time of day, or a span of them ("14：00—17:00", "上午9时至11时30分"): one answer, not two.
CLOCK = re.compile(rf"{_ONE_CLOCK}(?:\s*(?:[至到]|—+|–|~|～|-)\s*{_ONE_CLOCK})?")


def clocks_in(text: str) -> list[re.Match[str]]:
    """Times of day: hours a clock shows. A bare "3点" is one only with a part of the day before it
    or what starts or ends then after it ("3点建议" counts points; "25点" is no hour)."""
    return [
        m
        for m in CLOCK.finditer(text)
        if all(int(hour) <= 24 for hour in re.findall(r"(?<![\d:：])(\d{1,2})\s*(?=[:：时点])", m.group(0)))
        and not (re.fullmatch(r"\d{1,2}\s*点", m.group(0)) and not _AT_THE_HOUR.match(text, m.end()))
    ]


_AT_THE_HOUR = re.compile(r"\s*(?:钟|整|正|许|左右|前|后|起|止|开始|结束|举行|截止|开|关|准时)")


_DOTS = {"·", "•", "・", "‧"}
# Words that follow a name without being part of it (约翰·麦克阿瑟教授).
_TITLES = set(
    "教授 先生 女士 博士 总统 主席 总理 首相 部长 市长 议长 党魁 党首 领袖 候选人 导演 演员 教练 主教练 队长 作家 记者 医生 夫人 等 表示 说 "
    "饰演 扮演 出演 主演 执导 担任 当选 宣布 获得 宣誓 就职 "
    # what stands before a name or after it in sports and business news ("捷克名将玛尔凯塔·万卓索娃")
    "名将 老将 小将 新星 球员 球迷 国脚 主帅 商人 晋级 战胜 击败".split()
)
_NAME_PART_TAGS = {"nr", "nrt", "nrfg", "nz", "ns", "n", "j", "ng", "nt"}
# Characters of the standard transliteration of foreign names (新华社译名): an undotted foreign name
# (谢尔巴科娃, 梅德韦杰夫) is cut by jieba into pieces made only of these, one of them tagged a name.
_TRANSLITERATION = set(
    "阿埃艾安昂奥巴拜班邦贝本比彼毕宾波伯博布查达戴丹道德迪蒂丁杜多厄恩法菲费芬佛弗福夫盖冈戈格古圭哈"
    "汉豪赫亨基吉加贾杰卡凯坎科克肯库奎拉莱兰朗劳勒雷里利莉列林琳隆卢鲁伦罗洛迈曼梅蒙米莫姆穆纳娜内尼"
    "涅努诺欧帕佩皮珀普奇齐契乔切萨塞桑瑟森沙莎舍什斯索塔泰坦特提廷图托瓦韦维沃乌西希谢休雅亚耶伊尤约"
    "泽扎詹茨娃尔龙马霍威哥康钦琴策若丘赖缪兹祖茹孔昆廖汀"
)


# jieba tags some events as people (世锦赛): a name ending so is an event's.
_EVENT = re.compile(r"..(?:赛|杯|节|展|奖|会)$")


# Common words jieba's dictionary files as people's names (its most frequent two-character "nr"
# entries that news writes as plain words): "并祝贺澳大利亚工党赢得大选" names no 祝贺, "以6-2大胜对手"
# no 大胜.
_FILED_AS_NAMES = frozenset(
    "祝贺 祝福 文明 明白 阳光 道德 卫星 荣誉 明星 顾问 智慧 光荣 权威 友谊 高峰 高潮 洪水 顾客 公正 光辉 "
    "安静 谢谢 宝贝 白领 红旗 康复 保健 宝贵 吉祥 范畴 周转 修正 诸如 宁可 大胜 晋级 "
    # Counted as names most often in a sample of news passages (RGB's corpus), yet common words:
    "滑雪 滑冰 冬奥 青少年 二十大 本赛季 上赛季 全宇宙 贡献率 连胜 高水平 华裔 同比增加 温馨 夏粮 惠民 "
    "许可证 宣言 贺信 余震 默契 高清 孤儿 荣获 荣耀 东道主 容纳 贺岁 智能化 安保 简章 在世 养老 远高于 科普 "
    "卓越 荣幸 续航 三连冠 卫冕 满贯 吉祥物 双奥 熊猫".split()
)

# What a word jieba guesses to be a person ends in when it names a place of work instead.
_INSTITUTIONS = ("台", "馆", "院", "局", "厅", "站", "中心", "公司", "集团", "大学", "银行")


@functools.cache
def _countries() -> re.Pattern[str]:
    """Country names as CLDR writes them in Chinese (simplified and traditional): jieba tags streets
    and buses (新桥, 巴士) as places too, so a place tag does not say "a country"."""
    names = {
        name
        for locale in ("zh", "zh_Hant")
        for code, name in Locale.parse(locale).territories.items()
        if code.isalpha() and len(name) >= 2
    }
    return re.compile("|".join(sorted(map(re.escape, names), key=len, reverse=True)))


def countries_in(text: str) -> list[str]:
    """The country names in ``text``, in order."""
    return _countries().findall(text)


# "《不期而至》中阮真真由谁饰演": jieba glues the 中 (in the work) to the name after it (中阮). Cut as if
# a comma stood there, unless 中 begins a common word (《人民日报》中国版; 中阮, an instrument, is rare).
_IN_A_WORK = re.compile(r"(?<=》)中(?=[\u4e00-\u9fff])")


def _in_a_work(match: re.Match[str]) -> str:
    following = match.string[match.start() : match.start() + 2]
    jieba.dt.check_initialized()
    return match.group(0) if jieba.dt.FREQ.get(following, 0) >= 100 else "，"


def names_in(text: str, tags: frozenset[str] = frozenset({"nr", "nrfg", "nrt"})) -> list[tuple[str, int]]:
    """(name, offset) of the words jieba tags as names (people by default). A foreign name written
    in Chinese joins its parts with a middle dot, and jieba cuts and tags its parts at random: a
    tagged part stands for the whole dotted name (德劳帕迪 of 德劳帕迪·穆尔穆). A byline's names
    (（记者赵雪彤、王春燕）) are the reporters', never an answer: they are not found."""
    tokens, position = [], 0
    plain = without_bylines(text)
    # A name inside a title (《你好，李焕英》) names the work, not someone the text speaks of; a clause
    # cut from a sentence may hold only one end of the title ("李焕英》获优秀影片奖").
    titles = [(m.start() - 1, m.end()) for m in re.finditer(r"^[^《》]{1,40}》|《[^《》]{1,40}(?:》|$)", plain)]
    for pair in posseg.cut(_IN_A_WORK.sub(_in_a_work, plain)):
        tokens.append((pair.word, pair.flag, position))
        position += len(pair.word)

    def part(i: int) -> bool:
        word, flag, _ = tokens[i]
        return (
            flag in _NAME_PART_TAGS
            and word not in _TITLES
            and word not in PLACINGS
            and bool(re.fullmatch(r"[\u4e00-\u9fff]{1,4}", word))
        )

    def piece(i: int) -> bool:
        """A part of a dotted name's part: short (麦克|阿瑟), or transliteration however long (萨多|夫斯基)."""
        return part(i) and (len(tokens[i][0]) <= 2 or _transliterated(tokens[i][0]))

    def end_of(i: int) -> int:
        return tokens[i][2] + len(tokens[i][0])

    found: list[tuple[str, int]] = []
    taken = 0  # where the last name found ends, when it took a character of the next word
    for i, (word, flag, _) in enumerate(tokens):
        if tokens[i][2] < taken:
            continue
        # "萨|巴伦|卡": jieba may tag only a foreign name's first character a name.
        first_of_a_foreign_name = (
            len(word) == 1
            and flag.startswith("nr")
            and word in _TRANSLITERATION
            and i + 1 < len(tokens)
            and _transliterated(tokens[i + 1][0])
            and len(tokens[i + 1][0]) >= 2
        )
        # "最佳男主角是雷|佳音《人世间》": a surname jieba tags alone, then a word of one or two
        # characters that ends where the clause does, is a name it cut in two.
        surname_cut = (
            len(word) == 1
            and flag == "nr"
            and word in _SURNAMES
            and i + 1 < len(tokens)
            and re.fullmatch(r"[\u4e00-\u9fff]{1,2}", tokens[i + 1][0])
            and tokens[i + 1][1] not in _NOT_A_GIVEN_NAME
            and (i == 0 or _BEFORE_A_NAME.search(tokens[i - 1][0]))
            and (
                i + 2 == len(tokens)
                or _AFTER_A_NAME.match(tokens[i + 2][0])
                # "与陈|芋汐|搭档": the name of one who does the deed after it
                or (tokens[i + 2][1] in {"v", "t"} and len(tokens[i + 2][0]) >= 2)
            )
        )
        if (
            flag not in tags
            or (len(word) < 2 and not first_of_a_foreign_name and not surname_cut)
            or word in _FILED_AS_NAMES
            or (flag.startswith("nr") and len(word) >= 3 and word.endswith(_INSTITUTIONS))  # 天文台 is no one
            or (flag == "nr" and (_EVENT.search(word) or word in PLACINGS or _PLACED.search(word)))
            or _heads_a_title(tokens, i)
            or _won(tokens, i)
            or any(start < tokens[i][2] < end for start, end in titles)
        ):
            continue
        first, last = i, i + 1 if surname_cut else i
        if _REGNAL.fullmatch(word):
            # "伊丽莎白|二世", "斐|迪南|二世": a regnal number is the end of the name before it, never a name.
            while (
                first >= 1
                and (
                    tokens[first - 1][1].startswith("nr") or all(ch in _TRANSLITERATION for ch in tokens[first - 1][0])
                )
                and re.fullmatch(r"[\u4e00-\u9fff]+", tokens[first - 1][0])
                and tokens[i][2] - tokens[first - 1][2] <= 8
            ):
                first -= 1
            if first == i:
                continue
        # "塔·万|卓索娃": what stands between a dot and the part jieba tagged is the name's too.
        if first >= 2 and tokens[first - 2][0] in _DOTS and re.fullmatch(r"[\u4e00-\u9fff]{1,2}", tokens[first - 1][0]):
            first -= 1
        # Outward across each dot, then over the pieces of the part beyond it (麦克|阿瑟, 萨多|夫斯基).
        while first >= 2 and tokens[first - 1][0] in _DOTS and part(first - 2):
            first -= 2
            while first >= 1 and piece(first - 1) and i - first < 6:
                first -= 1
        while last + 2 < len(tokens) and tokens[last + 1][0] in _DOTS and part(last + 2):
            last += 2
            while last + 1 < len(tokens) and piece(last + 1) and last - i < 6:
                last += 1
        if first == last and all(ch in _TRANSLITERATION for ch in word):
            # An undotted foreign name: the neighbouring pieces that are transliteration too.
            while first >= 1 and _transliterated(tokens[first - 1][0]) and end_of(last) - tokens[first - 1][2] <= 8:
                first -= 1
            while (
                last + 1 < len(tokens)
                and _transliterated(tokens[last + 1][0])
                and end_of(last + 1) - tokens[first][2] <= 8
            ):
                last += 1
        if (
            first == last == i
            and len(word) == 2
            and word.endswith("氏")
            and i >= 1
            and tokens[i - 1][0] in _SURNAMES
            and tokens[i - 1][1] == "nr"
        ):
            first -= 1  # "其妻姚|里氏": a married woman's two surnames, jieba tags apart
        elif (
            first == last == i
            and word in COMPOUND_SURNAMES
            and i + 1 < len(tokens)
            and re.fullmatch(r"[\u4e00-\u9fff]{1,2}", tokens[i + 1][0])
            and tokens[i + 1][1] not in _NOT_A_GIVEN_NAME
        ):
            last += 1  # "耶律|金山", "欧阳|修": a two-character surname jieba tags apart from the name
        elif (
            first == last == i
            and len(word) == 2
            and i + 1 < len(tokens)
            and len(tokens[i + 1][0]) == 1
            and (
                tokens[i + 1][1] in _BOUND_MORPHEMES
                # "总制片人唐海|岩、导演": a surname's name, then one more character tagged a name
                or (
                    tokens[i + 1][1] == "nr"
                    and word[0] in _SURNAMES
                    and (i + 2 == len(tokens) or _AFTER_A_NAME.match(tokens[i + 2][0]))
                )
            )
            and tokens[i + 1][0] not in "摄供讯图文"  # "郭克摄": a photo's credit
        ):
            last += 1  # "罗致|焕": a character that is no word on its own ends the name jieba cut short
        start, end = tokens[first][2], end_of(last)
        if (
            first == last == i
            and len(word) == 2
            and word[0] in _SURNAMES
            and i + 1 < len(tokens)
            and re.fullmatch(r"[\u4e00-\u9fff]任", tokens[i + 1][0])
            and tokens[i + 1][1] == "n"
        ):
            end += 1  # "唐海|岩任总制片人": jieba glues the name's last character to 任
        elif (
            end - start >= 3
            and all(ch in _TRANSLITERATION for ch in text[start:end])
            and last + 1 < len(tokens)
            and len(tokens[last + 1][0]) == 2
            and tokens[last + 1][0][0] in _TRANSLITERATION
            and tokens[last + 1][0][1] in _AFTER_A_FOREIGN_NAME
        ):
            end += 1  # "扎涅|夫斯|卡后进入": jieba glues a foreign name's last character to the word after
            taken = end
        # Any overlap: a piece walked back from a later part ("种子|玛丽·鲍兹科") may start before it.
        if overlapping := [(name, at) for name, at in found if at < end and start < at + len(name)]:
            if any(at + len(name) >= end for name, at in overlapping):
                continue  # a part of a dotted name already found whole
            # "马尔凯塔" was found before the part beyond its dot ("·万卓索娃"): the whole replaces it.
            found = [f for f in found if f not in overlapping]
        if "nr" in tags and (
            _FIRM_AFTER.match(plain, end)
            or (_AT.search(plain, 0, start) and _HELD.match(plain, end))
            or _PLACE_AFTER.match(plain, end)
        ):
            # jieba files 比亚迪 and 伯明翰 as people: "比亚迪股份有限公司" is a firm, "在伯明翰收官" a place.
            continue
        if len(name := text[start:end]) == 3 and name[1] == "之" and name[0] not in _SURNAMES:
            continue  # "在南海之滨": 海之滨 is a shore, not a name like 王之涣
        if flag.startswith("nr") and _countries().fullmatch(text[start:end]):
            continue  # "萨尔瓦多总统布克尔": jieba tags a country's name as a foreign person's
        found.append((text[start:end], start))
    return found


_REGNAL = re.compile(r"[一二三四五六七八九十]{1,3}世")
# The commonest single-character surnames (a surname jieba tags a name on its own).
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    # less common, and no everyday word on their own (not 时, 成, 安, 关, 路, 华 …)
    "隋戚乔庞樊殷施洪翟颜倪温季俞章鲁葛伍申尤毕聂丛焦柳邢岳梅庄辛祝左涂谷祁舒耿牟卜詹苗凌费纪靳盛童欧甄"
    "项曲裴席卫屈鲍霍翁甘柏柯阮桂闵柴冉辜饶刁瞿褚娄敖苑迟滕郎鄢"
)
_AFTER_A_FOREIGN_NAME = frozenset("后等的在和与说称也是为则以将已曾")
COMPOUND_SURNAMES = frozenset("欧阳 司马 诸葛 上官 耶律 完颜 慕容 皇甫 长孙 宇文 司徒 夏侯 令狐 独孤 公孙 拓跋".split())
_NOT_A_GIVEN_NAME = frozenset({"v", "vn", "p", "c", "u", "uj", "ul", "m", "q", "f", "r", "d", "x", "t"})
# What stands before a name: a copula, a conjunction, a mark, or a role ("金牌得主隋|文静").
_BEFORE_A_NAME = re.compile(
    r"^(?:是|为|由|和|与|及|、|，|,|：|:|“|\s+)$"
    r"|(?:得主|冠军|亚军|季军|选手|运动员|演员|导演|主席|书记|市长|部长|教练|队长|主持人|歌手|作家|队)$"
)
_AFTER_A_NAME = re.compile(r"^(?:《|》|、|，|,|。|；|;|和|与|及|等|的|是|在|（|\(|”|\s)")


# jieba's tags for a character that is only ever part of a word (焕 "vg"): after a two-character
# name, it is the name's third character.
_BOUND_MORPHEMES = frozenset({"ag", "ng", "tg", "vg"})
_FIRM_AFTER = re.compile(r"(?:股份|有限|控股)*(?:公司|集团|银行|汽车|科技)")
_AT = re.compile(r"[在于][\u4e00-\u9fff]{0,4}$")  # "在英国伯明翰举行"
# "WTA250克利夫兰站女单决赛", "伯明翰市": a tour's stop or a city, not a person (站 as a person's verb:
# "王一站在领奖台上").
_PLACE_AFTER = re.compile(r"(?:站(?![在着起上出了立到])|市(?!长|委)|州(?!长)|赛区|分站)")
_HELD = re.compile(r"\s*(?:举行|举办|召开|收官|落幕|闭幕|开幕|揭幕|开赛|进行|落下帷幕)")


def _heads_a_title(tokens: list[tuple[str, str, int]], i: int) -> bool:
    """Whether the word jieba tagged a name at ``tokens[i]`` is a common word its dictionary files
    as a name (大满贯, 青少年, 亚瑟 of the brand 亚瑟士) and begins a longer noun there: "大满贯冠军",
    "亚瑟士青少年网球巡回赛" name a title and a contest, not a person. Names the dictionary does not
    know are never read so."""
    if not jieba.dt.FREQ.get(tokens[i][0]):
        return False
    following = ""
    for word, flag, _ in tokens[i + 1 : i + 5]:
        if flag not in ("n", "nz", "vn", "nr", "nrt"):
            break
        following += word
        if _TITLE_OR_EVENT.search(following):
            return True
    return False


def _won(tokens: list[tuple[str, str, int]], i: int) -> bool:
    """Whether the word jieba tagged a name at ``tokens[i]`` is a common word its dictionary files
    as a name, right after a verb that wins a title ("夺得大满贯的网球运动员"): what is won there is a
    title, not a person."""
    return i > 0 and tokens[i - 1][0] in _WINS and bool(jieba.dt.FREQ.get(tokens[i][0]))


_WINS = frozenset({"夺得", "摘得", "斩获", "问鼎", "赢得", "夺取", "捧起", "收获"})


# What a name never heads: a title (冠军, 得主) or a contest (锦标赛, 杯, 奖). A person does head
# a concert or a show (周杰伦演唱会, 齐白石画展): 会 and 展 are not here.
_TITLE_OR_EVENT = re.compile(r"(?:冠军|亚军|季军|得主|赛|杯|奖)$")
# Places in a contest, which jieba's dictionary tags as a name (亚军).
PLACINGS = frozenset({"冠军", "亚军", "季军", "殿军"})
_PLACED = re.compile(r"..(?:冠军|亚军|季军|得主)$")  # 奥运冠军, filed as a name, is a title


def _transliterated(word: str) -> bool:
    return len(word) <= 3 and all(ch in _TRANSLITERATION for ch in word)


_MULTIPLIERS = (("万亿", 1e12), ("亿", 1e8), ("万", 1e4))
_YEAR_DIGITS = dict(zip("〇零一二三四五六七八九", "00123456789"))
# A date written in Chinese numerals ("一九六一年九月十日", "九月十日"), as encyclopaedias and some
# reports write it: DATE reads only digits.
CN_DATE = re.compile(
    r"[〇零一二三四五六七八九]{4}年(?:[一二三四五六七八九十]{1,2}月(?:[一二三四五六七八九十]{1,3}[日号])?)?"
    r"|(?<![一二三四五六七八九十])[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}[日号]"
)


def _dates_in_digits(text: str) -> str:
    """Chinese-numeral dates written with digits: 一九六一年九月十日 -> 1961年9月10日 (a year digit by
    digit, a month or day as a number)."""
    text = re.sub(r"([〇零一二三四五六七八九]{4})(?=年)", lambda m: "".join(_YEAR_DIGITS[c] for c in m.group(1)), text)
    text = re.sub(
        r"(?<![一二三四五六七八九十])([一二三四五六七八九十]{1,2})(?=月)",
        lambda m: str(chinese_number(m.group(1))),
        text,
    )
    return re.sub(r"(?<=月)([一二三四五六七八九十]{1,3})(?=[日号])", lambda m: str(chinese_number(m.group(1))), text)


def is_one_value(text: str) -> bool:
    """Whether ``text`` gives one figure or date: alone with a short unit ("3条跑道", "1961年9月十日",
    "69670人/平方公里") or said of something ("报名人数为223.6万人"); not a phrase that holds a number
    ("70公斤级抓举、挺举、总成绩三项世界纪录", "…表现的一次重要考核")."""
    folded = _dates_in_digits(unicodedata.normalize("NFKC", text).strip())
    found = [*dates_in(folded), *numbers_in(folded)]
    if not found:
        return False
    value = max(found, key=lambda m: m.end() - m.start())
    if any(m.end() <= value.start() or m.start() >= value.end() for m in found):
        return False  # two values
    head, tail = folded[: value.start()], folded[value.end() :]
    if re.search(r"[，,、；;。]", head + tail) or len(tail.strip()) > 6:
        return False
    return not head.strip() or bool(
        re.search(
            r"(?:为|是|达|有|约|共|计|第|达到|超过|逾|[:：]|(?:增长|增加|减少|下降|上涨|下跌|提高|降低|上升)了?)\s*$",
            head,
        )
    )


def value_of(text: str) -> tuple[str, float | tuple[int | None, int, int]] | None:
    """A date or number as a comparable value, however it is written: ("date", (None, month,
    day)) for 2022-12-9, 2022/12/9, 2022年12月9日, ("number", x) for 70000, 7万, 三, 第三次,
    ("percent", x) for 2.6%. None for anything else."""
    folded = _dates_in_digits(unicodedata.normalize("NFKC", text).strip())
    date = re.search(r"(?:(\d{4})\s*[-/.年]\s*)?(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", folded)
    if date and (date.group(1) or "月" in folded):
        return ("date", (None, int(date.group(2)), int(date.group(3))))  # years checked by grounding
    number = re.search(r"(\d+(?:,\d{3})*(?:\.\d+)?)", folded)
    if number:
        value = float(number.group(1).replace(",", ""))
        rest = folded[number.end() :]
    else:
        chinese = re.search(r"[零一二两三四五六七八九十百千]+", folded)
        if not chinese:
            return None
        value = float(chinese_number(chinese.group(0)))
        rest = folded[chinese.end() :]
    for word, factor in _MULTIPLIERS:
        if rest.startswith(word):
            value *= factor
            break
    return ("percent" if rest.lstrip().startswith("%") else "number", round(value, 6))
