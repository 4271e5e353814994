"""What a question asks: its language, the type of answer it wants, and the terms it hinges on."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, replace

import jieba
import jieba.posseg as posseg

from ingest.text import compact, quoted
from vectorstore import period

from .evidence import COMPOUND_SURNAMES, PLACINGS, countries_in

__all__ = [
    "IN_A_LANGUAGE",
    "QUESTION_WORD",
    "SENTENCE_KINDS",
    "QuestionInfo",
    "analyse",
    "asked_parts",
    "asked_deeds",
    "asked_words",
    "language_of",
    "latin_name",
    "names_focus",
    "names_subject",
    "relative_dates",
    "stated_without_word",
    "states_predicate",
    "unit_pattern",
    "WORKS",
]

jieba.setLogLevel(60)

# Ordered: the first pattern that matches decides the type.
_TYPES_ZH: list[tuple[str, re.Pattern[str]]] = [
    # Questions answered with sentences, not a value: why, how, what happened, what a report says.
    (
        "summary",
        re.compile(r"主要(?:讲|说|报道|介绍|内容)|讲了什么|说了什么|报道了什么|(?:报道|文章|这篇)的?(?:主要)?内容"),
    ),
    ("reason", re.compile(r"为什么|为何|什么原因|原因是什么|目的是什么|为了什么")),
    ("manner", re.compile(r"如何|怎样|怎么|采取了?什么(?:措施|办法|方式|举措)|做了什么|通过什么方式")),
    (
        "date",
        re.compile(
            r"何时|什么时候|哪天|哪一天|哪年|哪一年|几月|几号|几日|什么时间|哪个月|日期|哪一年|何年"
            # "几点到几点" asks a time of day; "哪几点", "几点建议" count points.
            r"|(?<!哪)几点(?=钟|到|至|[开结举起截关]|[？?]|$)"
        ),
    ),
    ("list", re.compile(r"哪些|都有谁|有谁|还有谁|哪[两二三四五六七八九十几]|有什么(?:措施|方式|方法|活动|举措)")),
    (
        "number",
        re.compile(
            r"多少|几[个名家所条件项次人位岁年天篇万亿集期届轮部场台辆架艘座只种批本首款枚块]|几成|多大|多高|多长|多重|多远|百分之几"
            r"|比例|哪一?[集期届轮]|几比几|多少比多少|第几(?=[？?]|$)"
        ),
    ),
    (
        "person",
        re.compile(
            r"谁|哪位|哪个人|什么人|何人|姓名"
            # "枪击案的嫌疑人叫什么名字": the name of someone the question calls by a role.
            r"|(?:人|者|手|员|师|男子|女子|儿子|女儿|妻子|丈夫|主人)(?:的名字)?(?:叫什么(?:名字)?|是什么名字)"
        ),
    ),
    (
        "place",
        re.compile(
            r"哪里|哪儿|什么地[方点]|哪个地点|何地|何处|哪个(?:省|州|市|县|区|国家|地区|城市|地方)|在哪(?![些个一两])"
        ),
    ),
]
# A question put as a noun phrase, as in a search box ("成都大运会开幕时间", "2023年土耳其地震的震级"),
# asks for what its last noun names. People are left out: jieba misses too many names (雷佳音) to
# require one, and a 冠军 may be a team.
_TAIL_KINDS: list[tuple[str, re.Pattern[str]]] = [
    ("reason", re.compile(r"原因$")),
    ("date", re.compile(r"(?:时间|日期|时候|年份)$")),
    ("place", re.compile(r"(?:地点|地址|举办地|举行地|所在地|发生地|场地)$")),
    (
        "number",
        re.compile(
            r"(?:数量|人数|次数|总数|点数|震级|[增涨跌降]幅|增速|(?<![效概])率|(?<![质力能])量|(?<![名])额|"
            r"GDP|生产总值|票房(?:收入)?|收入|人口|工资|价格|票价|房价|面积|年龄|市值)$",
            re.I,
        ),
    ),
]
_TAIL = re.compile(r"(?:是|为)?(?:什么|多少)?[？?。.！!\s]*$")
_TYPES_EN: list[tuple[str, re.Pattern[str]]] = [
    ("summary", re.compile(r"\bwhat (?:is|does) (?:the|this) (?:report|article) (?:about|say)\b", re.I)),
    ("reason", re.compile(r"\bwhy\b", re.I)),
    ("manner", re.compile(r"\bhow (?:did|does|do|is|are|was|were|can)\b", re.I)),
    ("date", re.compile(r"\bwhen\b|\bwhat (?:year|date|day|month)\b", re.I)),
    ("number", re.compile(r"\bhow (?:many|much|long|large|old)\b|\bwhat (?:percentage|number)\b", re.I)),
    ("person", re.compile(r"\bwho(?:m)?\b", re.I)),
    ("place", re.compile(r"\bwhere\b", re.I)),
    ("list", re.compile(r"\bwhich (?:two|three|ones)\b|\bwhat are\b", re.I)),
]
# "高出多少个百分点" asks points, not a count of things.
_UNIT_AFTER = re.compile(
    r"(?:多少|几|哪一?(?=[集期届轮]))(?:个(百分点)|([个名家所条件项次位篇岁年天元亩户座场台辆只人集期届轮部本首册颗棵架艘列席]|票(?![房价数])))"
)
# Units of two or more characters ("多少像素", "多少毫安时"): the figure must be in them.
_UNIT_WORD_AFTER = re.compile(
    r"(?:多少|几)(像素|毫安时|英寸|公里|千米|平方米|平方公里|公顷|千瓦时?|赫兹|公斤|千克|厘米|毫米|毫升)"
)
_COUNT = re.compile(r"哪([两二三四五六七八九十])")
# A count of things at the question's end ("…的三部电影", "前三名是谁"); not 第三部 (one thing), nor
# a yes/no question ("获得了三个冠军吗").
_COUNT_AT_END = re.compile(
    r"(?<!第)([两二三四五六七八九十])[部个名位家所支座项种本首条只][\u4e00-\u9fff]{0,6}(?<![吗呢吧么])[？?]?$"
)
_QUESTION_WORDS = set(
    "什么 多少 哪些 哪个 哪里 哪儿 哪位 哪天 哪年 哪两 哪 谁 几 何时 如何 怎么 怎样 为什么 是否 吗 呢 请问 一共 共 目前 分别 "
    # "主跑道有多长": the question word, not a noun the evidence must state
    "多长 多高 多重 多远 多深 多宽 多厚 多久 多大".split()
)
_NAME_TAGS = {"nr", "nrt", "nrfg", "ns", "nt", "nz"}
# Adverbs no name holds, which jieba's guesser glues to the next word: "在金鹰奖上共获得" → 上共 (ns).
_ADVERB_CHARS = re.compile(r"[共都也还又再已就才均各]")  # not 曾, a surname (曾黎)


# A match's score is what is asked, whatever jieba tags it (比分 is filed as an adverb).
_SCORE_WORDS = frozenset({"比分", "比数"})


def _guessed_round_an_adverb(word: str) -> bool:
    """Whether a word jieba tagged a name is its guess from words around an adverb, not a name its
    dictionary knows (上共 of "金鹰奖上共获得")."""
    return not posseg.dt.word_tag_tab.get(word) and bool(_ADVERB_CHARS.search(word))


# A word in Latin letters in a Chinese question names a product, a company or an event (Incase,
# C919, G20): evidence that never writes it is about something else. Measures and indicators
# written so (GDP, CPI) are what is asked, and reports often write them in Chinese.
_LATIN_NAME = re.compile(r"(?=.*[a-z])[a-z0-9][a-z0-9.\-]+", re.I)
_LATIN_MEASURES = frozenset("gdp gnp cpi ppi pmi m2 vs pk top mvp ceo cfo cto coo".split())
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def latin_name(word: str) -> bool:
    """Whether a word is a name written in Latin letters (Incase, C919), not a measure (GDP, CPI)."""
    return bool(_LATIN_NAME.fullmatch(word)) and word.lower() not in _LATIN_MEASURES


QUESTION_WORD = re.compile(  # what makes a clause ask: 什么, 多少, 谁, 哪…
    r"什么|多少|多[长高重远深宽厚久大]|哪|谁|几|何时|何地|如何|怎么|怎样|为什么|\b(?:what|which|who|when|where|how)\b",
    re.I,
)
_FOCUS = re.compile(
    r"(?:什么|哪个|哪一|哪家|哪所|哪项|哪种|哪类|哪些|哪部|哪条|哪(?![里儿天年位]))([\u4e00-\u9fff]{1,8})"
)
_PERSON_KINDS = r"选手|运动员|球员|队员|球星|棋手|歌手|艺人|明星|嘉宾|作家|科学家|官员|人士|领导人"
# "哪位花样滑冰选手…", "第34分钟头球破门的加纳球员是谁": the kind of person asked for.
_PERSON_TYPE = re.compile(
    rf"(?:哪一?位|哪名)([\u4e00-\u9fff]{{0,6}}?(?:{_PERSON_KINDS}))|((?:{_PERSON_KINDS}))(?=是谁|为谁)"
)
# "哪方面的培养" asks which aspect: the answer (专业能力) is of no kind the evidence names.
_NO_KIND = frozenset({"方面", "层面", "特点", "特征", "特色", "名字", "名称", "地方", "地点"})  # 叫什么名字 asks a name
_TYPE_BEFORE = re.compile(r"(?<!为)(?:什么|哪一?[个位家所项种类些部条名座])$")
_LANGUAGES = frozenset("中文 英文 汉语 英语 日文 日语 法语 德语 俄语 韩语 韩文".split())
# What a word in another language is asked as ("中文释义", "英文名").
IN_A_LANGUAGE = re.compile(r"(?:释义|意思|名称|名字|名|翻译|译名|含义|叫法)")
_CLOSING_QUOTES = set("》」』”\"'")
# Measures jieba files as verbs (身高 v): nouns, and what such a question asks.
_MEASURE_NOUNS = frozenset({"身高", "体重", "身长", "体长", "全长"})
_NOUN_TAGS = {"n", "nz", "nt", "ns", "nr", "ng", "nl", "l"}
# Periods of a year: when a figure is for, never what is asked.
_A_PERIOD = re.compile(r"第?[一二三四1-4]季度|[上下]半年|全年|财年|年度|前三季度|季度")
# A predicate is a common noun (常住人口, 平均工资, 吞吐量): verbs are said in too many ways (建设 is
# said 新建, 建成) to be required word for word.
_PREDICATE_TAGS = {"n", "nl", "ng", "l"}
# Words that say nothing about what is asked: a predicate is never one of these.
_GENERIC = set(
    "是 有 为 的 了 在 年 月 日 号 时 中 个 多 大 次 人 内 上 下 前 后 总 共 约 将 被 把 让 对 与 和 及 "
    "具体 主要 一共 总共 目前 现在 当时 分别 情况 问题 内容 方面 哪些 什么 进行 相关 其中 这个 那个 该 "
    # what a description is asked by: 有什么特点 is answered by what the thing is like
    "特点 特征 特色 "
    # the rest of a question word: 什么时候, 什么地方, 叫什么名字
    "时候 时间 日期 年份 地方 地点 名字 名称 "
    # measures a number answers by being one (运动员数量 -> 44名运动员; 收盘点数 -> 20145.29点)
    "数量 数目 数字 人数 次数 个数 点数 总数 成绩 结果 规模 水平 排名 名次 "
    # the reports themselves: "有文章认为适合C罗的位置是什么" asks what they say, not about them
    "文章 报道 消息 新闻".split()
)
# What follows the word a question asks about: "…的俗名是什么", "…的监制是谁", "…的编号是？".
_ASKED_AFTER = re.compile(r"(?:是|为)(?:什么|谁|哪|多少|几|？|\?|$)")
# …and not a word a description answers (作用, 影响: said in too many ways to be required word for word)
_DESCRIBED = frozenset("作用 影响 意义 原因 目的 用途 功能 含义 由来 区别 好处 危害 后果 变化".split())
# Counts that a verb before them says what of ("死亡人数", "感染人次").
_BARE_COUNTS = frozenset({"人数", "人次", "次数", "数量", "总数"})
# The rest of a question word (什么时候, 什么地方, 分别是多少): words that ask, not say what.
_WH_REST = set(
    "时候 时间 日期 年份 地方 地点 名字 名称 分别 具体 一共 总共 "
    # 哪一届, 哪一年: the measure word of 哪, not a word the evidence need say
    "一届 一年 一天 一次 一场 一位 一名 一个 一种 一部 一家 一所 一款 一项 一队 一方".split()
)
_WH_REST_WORD = re.compile("|".join(sorted(_WH_REST, key=len, reverse=True)))
# What some asked nouns are measured in, whatever the question word: a rate or share is a
# percentage, an amount of money is in 元 (or 美元, 万元, 亿元 …).
_MEASURED_IN = (
    # Not a screen's 分辨率 or 刷新率, an engine's 功率: their figures are pixels, hertz and watts.
    (
        # 研发强度 is R&D spending as a share of revenue, not an amount.
        re.compile(
            r"(?<!分辨|刷新|采样)(?<![功频帧码汇])率|比例|比重|占比|百分之?几|百分比|增速|[增涨跌降]幅|(?:研发|投入)强度"
        ),
        "%",
    ),
    (re.compile(r"震级"), "级"),
    (re.compile(r"多长时间|多少时间|多久"), "时长"),
    # "主跑道有多长": a length; "多长时间" is how long, not how far.
    (re.compile(r"多[长高远深宽厚](?!时间)|长度|高度|身高|全长|海拔|深度|宽度"), "米"),
    (re.compile(r"多重|体重|重量"), "公斤"),
    (re.compile(r"电池容量|电池有?多大"), "毫安时"),  # a phone's battery: 4500mAh, not "一块" of it
    (re.compile(r"年纪|年龄|多大岁数"), "岁"),  # "他多大年纪" is answered in 岁, not with a year
    (re.compile(r"点数|点位"), "点"),  # an index's close is in points, not a percentage
    (
        re.compile(
            r"资金|经费|(?<![名份配限余])额|收入|工资|薪|产值|投资|营收|费用(?!户)|价格|票价|票房|成本|利润|税收|预算|GDP|生产总值|多少钱"
            r"|售价|定价|报价|价钱|市值|估值|价值(?!观)|身价|补贴|补助|奖金|罚款|赔偿|赔款|开支|支出",
            re.I,
        ),
        "元",
    ),
    # A count of people: "运动员数量" is not answered "一次", nor "旅客吞吐量" by a bare "2000".
    (
        re.compile(
            r"人数|人次|人口|(?:运动员|观众|游客|旅客|乘客|选手|球员|员工|学生|代表|队员|志愿者)的?(?:数量|总数|吞吐量|规模)"
        ),
        "人",
    ),
)


def language_of(text: str) -> str:
    return "zh" if re.search(r"[\u4e00-\u9fff]", text) else "en"


@dataclass(frozen=True)
class QuestionInfo:
    text: str
    language: str
    kind: str  # date, list, number, person, place, entity; summary, reason, manner, definition (sentences)
    unit: str | None  # the measure word asked for: 多少名 -> 名
    count: int | None  # how many items a list question wants: 哪两 -> 2
    terms: tuple[str, ...]  # content words of the question
    anchors: tuple[str, ...]  # names, numbers and quoted strings the answer's paragraph must contain
    exact: tuple[str, ...] = ()  # the anchors that must match to the letter (numbers, quotations)
    focus: str | None = None  # the noun a "什么X / 哪个X" question asks about: the answer's head
    ordinal: bool = False  # 第几次 / 哪一集: a place in a sequence (第三次), not a count (两次)
    near: tuple[str, ...] = ()  # terms right next to the question word: the predicate asked about
    # What is asked, as opposed to whom/where/when it is asked about: the content words nearest the
    # question word that are not names or numbers ("2025年北京的常住人口是多少" -> 常住人口). Evidence
    # that shares the names and year but not these does not answer the question.
    predicate: tuple[str, ...] = ()
    defines: str | None = None  # the term a definition question asks about: 什么是冠夫姓 -> 冠夫姓
    # Whom or what the asking clause is about, as its first words name it ("五月艾所生长的地区…" ->
    # 五月艾): a paragraph that never names it is about something else, however well it answers.
    subject: str | None = None
    # One part of a several-part question: the side it asks about ("香港") and the other parts'
    # ("澳门",). A clause that names another part's side and not this one's gives the other's value.
    side: str = ""
    others: tuple[str, ...] = ()

    def asking(self, other: QuestionInfo, **overrides: object) -> QuestionInfo:
        """This question's topic (text, terms, anchors) with what ``other`` asks (kind, unit, count,
        focus, the words around its question word, its predicate): a follow-up appended to an
        earlier question, or one clause of a two-part question."""
        asked = dict(
            kind=other.kind,
            unit=other.unit,
            count=other.count,
            focus=other.focus,
            ordinal=other.ordinal,
            near=other.near,
            predicate=other.predicate,
            defines=other.defines,
        )
        return replace(self, **{**asked, **overrides})  # type: ignore[arg-type]


# Kinds answered with whole sentences of the reports, each cited, rather than a value.
SENTENCE_KINDS = frozenset({"summary", "reason", "manner", "list", "definition"})

# "什么是冠夫姓？", "JAXR是什么？": what a term is, answered by the sentence that says so. "X是什么"
# is a definition only when X is one word, a quoted name, or a place's name ("俄罗斯瓦格纳"): "北京
# 冬奥会口号是什么" and "2023年春晚吉祥物是什么" ask for a value of X, not what X is.
_DEFINITION = re.compile(
    # "百老汇剧院指的是什么": 指 says a definition is asked whatever the term's words
    r"^(?P<refers>[^，,的]{1,30}?)(?:是|所)?指(?:的是)?什么[？?]?$"
    r"|^(?:请问)?什么是(?P<after>.{1,30}?)[？?]?$|^(?P<before>.{1,30}?)是什么[？?]?$"
)
_QUOTED_WHOLE = re.compile(r"[《“「\"].+[》”」\"]")

_CN_DIGITS = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def _quoted(text: str) -> list[str]:
    # A quoted name of 2–40 characters must stand in the evidence as written.
    return [q for q in quoted(text) if 2 <= len(q) <= 40]


# How often (in jieba's dictionary of ~60M words) a word may occur and still name one thing.
_COMMON = 100
# Words that open a clause without naming its subject: a pronoun's referent is in an earlier turn
# or the article, not in the question.
_REFERS = re.compile(r"^(?:该|此|这|那|其|它|他|她|本|当地|当时|上述|后者|前者)")
# The tags a subject's words carry (nouns and names); a time word (五月艾's 五月) only inside one.
_SUBJECT_TAGS = _NOUN_TAGS | {"nrt", "nrfg", "eng", "g", "j"}
# A date or an ordinal before the subject ("2025年度社会工作者…", "首届比赛"): the question's anchors
# hold the year, and an ordinal is not a name.
_LEADING_DATE = re.compile(
    r"^(?:(?:\d{2,4}|[一二三四五六七八九十〇零]{2,4})年度?|\d{1,2}月(?:份)?|\d{1,2}[日号]|第?[一二三四]季度|[Qq][1-4]|上半年|下半年|"
    r"首[届次期轮]|第[一二三四五六七八九十百\d]+[届次期轮]|[至到—\-－~～、]|\s)+"
)


def _subject(text: str, predicate: tuple[str, ...]) -> str | None:
    """The leading run of nouns and names in the clause that holds the question word, after any
    date and up to the predicate ("在中国，假苹婆主要分布在哪些地方" -> 假苹婆), when it names a
    particular thing: a word jieba's dictionary hardly knows (牡蒿, 猴面包树), or a name it split into
    single characters (五月艾 as 五月 + 艾). Common nouns (游戏, 中国经济) are said in too many ways
    to be required; a pronoun ("该漫画…") or a question word first gives None."""
    wh = QUESTION_WORD.search(text)
    if wh is None:
        return None
    start = max(text.rfind(mark, 0, wh.start()) for mark in "，,；;：:") + 1
    # The subject ends at 是 at the latest: jieba glues it to an unknown name (黄华麒是, 冷湖市是).
    clause = _LEADING_DATE.sub("", text[start : wh.start()].strip()).split("是")[0]
    if not clause or _REFERS.match(clause):
        return None
    pairs = list(posseg.cut(clause))
    if 3 <= len(pairs) <= 4 and all(
        re.fullmatch(r"[\u4e00-\u9fff]", pair.word) and pair.flag[0] not in "pmucrdfqyexo" for pair in pairs
    ):
        return clause  # "史|继|偕是谁的儿子": a name jieba knows nothing of, cut into characters
    words: list[tuple[str, str]] = []
    for pair in pairs:
        # The predicate ends the subject (海拔 in "五月艾所生长的地区海拔"), unless jieba took the
        # subject's own first word for it ("青叶莓主要分布在哪些地方" -> 青叶).
        if pair.word in _GENERIC or (words and pair.word in predicate) or len(words) == 4:
            break
        if pair.flag in _SUBJECT_TAGS or latin_name(pair.word) or (pair.flag == "t" and not words):
            words.append((pair.word, pair.flag))
        else:
            break
    subject = "".join(word for word, _ in words)
    frequency = jieba.dt.FREQ
    particular = any(
        frequency.get(word, 0) < _COMMON if len(word) >= 2 or flag == "g" else flag == "nr" and len(words) > 1
        for word, flag in words
    )
    return subject if particular and not _NUMBER.search(subject) else None


_LED_BY = re.compile(r"(?:政府|内阁|当局|政权)$")


def names_subject(question: QuestionInfo, context: str) -> bool:
    """Whether ``context`` (compact text) names the question's subject: as written, or by its last
    two characters and half its character pairs — a name's head is its end, so 纽西兰 is named by
    新西兰 and 五月艾 is not by a date's 五月."""
    if not question.subject:
        return True
    key, folded = compact(question.subject).lower(), context.lower()
    if key in folded:
        return True
    # A government is named by its leader: "阿尔巴内塞政府的外交部长" by "安东尼·阿尔巴内塞…外交部长黄英贤".
    if (led := _LED_BY.sub("", key)) != key and len(led) >= 2 and led in folded:
        return True
    grams = [key[i : i + 2] for i in range(len(key) - 1)]
    if len(grams) < 2 or sum(g in folded for g in grams) * 2 < len(grams):
        return False
    # The head may be said in full where the question abbreviates it: 女单 is 女子单打, 中科院 中国科学院.
    head = grams[-1]
    return (
        head in folded or re.search(f"{re.escape(head[0])}[^，。；,;]{{1,2}}{re.escape(head[1])}", folded) is not None
    )


# "据美国媒体报道，…哪位…": who reported it is not what is asked, nor a word the evidence must hold.
_ATTRIBUTION = re.compile(r"^据[^，,。？?]{0,16}?(?:报道|消息|介绍|透露|了解)[，,]")


def analyse(question: str) -> QuestionInfo:
    text = unicodedata.normalize("NFKC", question).strip()
    unattributed = _ATTRIBUTION.sub("", text)
    text = unattributed if QUESTION_WORD.search(unattributed) else text
    language = language_of(text)
    kind = "entity"
    for name, pattern in _TYPES_ZH if language == "zh" else _TYPES_EN:
        if pattern.search(text):
            kind = name
            break
    if kind == "entity" and language == "zh":
        tail = _TAIL.sub("", text)
        kind = next((name for name, pattern in _TAIL_KINDS if pattern.search(tail)), kind)
    defines = _defined_term(text) if kind == "entity" and language == "zh" else None
    if defines:
        kind = "definition"
    unit_match = _UNIT_AFTER.search(text) or _UNIT_WORD_AFTER.search(text)
    count_match = _COUNT.search(text) or (_COUNT_AT_END.search(text.strip()) if kind != "number" else None)
    terms: list[str] = []
    common_nouns: set[str] = set()
    anchors: list[str] = _quoted(text)
    at = 0
    pairs = list(posseg.cut(text))
    for index, pair in enumerate(pairs):
        word, flag = pair.word.strip(), pair.flag
        start, at = at, at + len(pair.word)
        if text[start - 1 : start] in _CLOSING_QUOTES and len(word) >= 2 and word[0] in "中里内上":
            word = word[1:]  # "《相逢时节》中演的谁": jieba's 中演 is 中 + 演, no noun to look for
        # "赞助方是谁", "上部叶有什么特点": jieba's 方是 and 叶有 hold the verb. A one-character
        # attribute after 的 ("假苹婆的花是什么样的") keeps jieba's word: 花 alone is found in the
        # neighbours of sentences about the leaves, and 花是 holds the evidence to saying it as asked.
        glued = len(word) >= 2 and word[-1] in "是有" and QUESTION_WORD.match(text, at)
        if glued and not (len(word) == 2 and text[start - 1 : start] == "的"):
            word = word[:-1]
        if len(word) > 2 and word.endswith("得主"):
            word = "得主"  # "最佳新人奖得主": jieba's 奖得主 is the prize's last character and 得主
        if flag == "nt" and word.endswith("部") and text[at : at + 1] == "长":
            # "哪位美国商务部长": jieba's 美国商务部 | 长 is a ministry and a lone 长; the title asked is
            # 商务部长, which the evidence writes before the name ("商务部长雷蒙多").
            country = len(word) > 3 and posseg.dt.word_tag_tab.get(word[:2]) == "ns"
            word, flag = (word[2:] if country else word) + "长", "n"
        elif word == "长" and text[start - 1 : start] == "部":
            continue
        if not word or not re.search(r"\w", word) or word in _QUESTION_WORDS:
            continue
        if flag in {"x", "uj", "ul", "p", "c", "y", "r", "u"} and not _NUMBER.fullmatch(word):
            continue
        if flag == "d" and len(word) < 2:
            continue
        terms.append(word.lower() if language == "en" else word)
        # A rate is a noun whatever jieba tags it (上座率 is filed as a distinguishing word).
        if _A_PERIOD.fullmatch(word):
            pass  # "2022年第四季度净亏损多少": the period says when, not what is asked
        elif (
            flag in _PREDICATE_TAGS
            or (len(word) >= 2 and word.endswith("率"))
            or word in _SCORE_WORDS
            or word in _MEASURE_NOUNS
        ):
            common_nouns.add(word)
        elif flag == "vn" and len(word) >= 2 and QUESTION_WORD.match(text, at):
            # "净亏损多少": a verbal noun right before the question word is what is asked.
            common_nouns.add(word)
        elif flag in {"v", "vn"} and index + 1 < len(pairs) and pairs[index + 1].word in _BARE_COUNTS:
            # "死亡人数是多少": 人数 says nothing (it is any count of people), the verb says whose.
            common_nouns.add(word)
        elif (
            flag == "v"
            and len(word) >= 2
            and index >= 2
            and pairs[index - 1].word in {"人", "名", "位"}
            and pairs[index - 2].word in {"多少", "几"}
        ):
            # "有多少人受伤": the deed after the count says which people are counted (not 死亡人数).
            common_nouns.add(word)
        elif (
            flag in {"v", "vn"}
            and len(word) >= 2
            and word not in _DESCRIBED
            and text[start - 1 : start] == "的"
            and _ASKED_AFTER.match(text, at)
        ):
            # "…的俗名是什么": the word between 的 and 是 is a noun, whatever jieba tags it (俗名 v).
            common_nouns.add(word)
        if language == "zh" and word in PLACINGS:
            common_nouns.add(word)  # jieba's 亚军 (nr) is a place in a contest: what is asked, not a name
        elif language == "zh" and word in COMPOUND_SURNAMES and index + 1 < len(pairs):
            # "耶律|乞奴": a two-character surname jieba tags apart from the given name it files as a noun.
            given = pairs[index + 1].word
            anchors.append(word + given if re.fullmatch(r"[\u4e00-\u9fff]{1,2}", given) else word)
        elif language == "zh" and flag in _NAME_TAGS and len(word) >= 2 and not _guessed_round_an_adverb(word):
            anchors.append(word)
        # "NBA2021-2022赛季": jieba keeps the year on the name.
        name = re.sub(r"(?<=[a-z])(?:19|20)\d{2}$", "", word, flags=re.I)
        if language == "zh" and latin_name(name):
            anchors.append(name)
    common_nouns -= {a[2:] for a in anchors if a[:2] in COMPOUND_SURNAMES}  # 乞奴 of 耶律乞奴 is no noun asked
    if language == "zh":
        anchors += [m.group(0) for m in _NUMBER.finditer(text)]
        # "B站", "A股", "C罗": a letter and the one character jieba cuts from it name one thing.
        anchors += [
            a + b
            for a, b in zip(terms, terms[1:])
            if re.fullmatch(r"[A-Za-z]{1,3}", a) and re.fullmatch(r"[\u4e00-\u9fff]", b) and a + b in text
        ]
        # "哪位帝王的皇后", "在哪个城市": the word after the question word is the answer's type,
        # which the evidence names by its member (北齐孝昭帝, 孟买), not a name it must contain.
        anchors = [a for a in anchors if not _TYPE_BEFORE.search(text[: max(text.find(a), 0)])]
        # "…一词的中文释义是什么": the language of the answer asked, not a word its evidence says.
        anchors = [a for a in anchors if not (a in _LANGUAGES and IN_A_LANGUAGE.match(text, text.find(a) + len(a)))]
    wh = QUESTION_WORD.search(text)
    near = ()
    if wh:
        # "《我们的冬奥》什么时候在全国公映": the words around 什么时候 (the whole question word, its
        # 时候 too) say what is asked, not the title's words nor 时候 itself.
        rest = _WH_REST_WORD.match(text, wh.end())
        end = rest.end() if rest else wh.end()
        window = text[max(0, wh.start() - 4) : end + 4]
        titled = "".join(re.findall(r"《[^》]*》", text))
        # Nor the question word's own pieces (多, 大 of 多大) or words that say nothing (有, 是): "总占地面积
        # 有多大" asks 占地面积, which "现有两个校区" does not say.
        near = tuple(
            t
            for t in terms
            if t in window
            and not (rest and t == rest.group(0))
            and not (titled and t in titled)
            and not any(t in a and t != a for a in anchors if a[:2] in COMPOUND_SURNAMES)  # 乞奴 of 耶律乞奴
            and t not in wh.group(0)
            and not (len(t) == 1 and t in _GENERIC)
        )
    focus = None
    focus_match = _FOCUS.search(text)
    if focus_match:
        # The head noun of the asked-about phrase: 哪家外卖平台工作 -> 平台, 什么基金 -> 基金.
        words = []
        for pair in list(posseg.cut(focus_match.group(1)))[:3]:
            if pair.word in {"的", "之"} or (words and pair.flag not in _NOUN_TAGS):
                break
            words.append(pair)
        nouns = [p.word for p in words if p.flag in _NOUN_TAGS and p.word not in _QUESTION_WORDS | _NO_KIND]
        focus = nouns[-1] if nouns else None
    # The type noun of "哪个平台 / 什么基金" names what kind of thing the answer is (B站 is a 平台
    # without saying so): it is not a predicate the evidence must state.
    # "哪位花样滑冰选手因新冠阳性缺席…": the words after 哪位 that end in a kind of person say
    # what kind of person is asked (花样滑冰选手), not what is asked of them (缺席).
    person_type = _PERSON_TYPE.search(text)
    kind_words = (person_type.group(1) or person_type.group(2)) if person_type else ""
    asked = [t for t in terms if t in common_nouns and not (focus and focus in t) and t not in kind_words]
    predicate = _predicate(text, asked, anchors, wh) if language == "zh" else ()
    # "…的中文名是什么": a name in a language is what the answer is, not a word the evidence writes.
    predicate = tuple(p for p in predicate if not (p[:2] in _LANGUAGES and IN_A_LANGUAGE.fullmatch(p[2:])))
    return QuestionInfo(
        text=text,
        language=language,
        kind=kind,
        unit=next(filter(None, unit_match.groups())) if unit_match else _measured_in(text, kind),
        count=_CN_DIGITS.get(count_match.group(1)) if count_match else None,
        ordinal="第几" in text or bool(re.search(r"哪一?[集期届轮]", text)),
        terms=tuple(dict.fromkeys(terms)),
        anchors=tuple(dict.fromkeys(anchors)),
        focus=focus,
        defines=defines,
        near=near,
        predicate=predicate,
        subject=_subject(text, predicate) if language == "zh" else None,
        exact=tuple(dict.fromkeys(_quoted(text) + [a for a in anchors if _NUMBER.fullmatch(a) or latin_name(a)])),
    )


def _defined_term(text: str) -> str | None:
    """The term a definition question asks about, or None."""
    match = _DEFINITION.match(text)
    if match is None:
        return None
    term = match.group("after") or match.group("before") or match.group("refers")
    if match.group("before"):
        words = [(pair.word, pair.flag) for pair in posseg.cut(term)]
        named_place = len(words) == 2 and words[0][1] == "ns" and words[1][1] in {"nr", "nz", "nt"}
        if re.search(r"\d|的", term) or not (len(words) == 1 or _QUOTED_WHOLE.fullmatch(term) or named_place):
            return None
    return term.strip("《》“”「」\"' ") or None


# A unit asked for stands for its family: 个 is the general measure word ("多少个车站" is answered
# "共设10座车站"), a length asked in 米 may be given in 公里, a weight in 千克 or 吨.
_UNIT_FAMILIES = {
    # 2个月 and 3个百分点 are a time and a change, not a count of things (219席 is one of seats).
    "个": "个(?!多?月|小时|钟头|星期|工作日|百分点|季度)|[座家所只条台辆艘架处间栋幢支款种名位项席]",
    "%": "%|‰|百分之",  # a birth rate is given per mille
    "米": "米|公里|[kcm]?m(?![a-z])|英尺|英里",
    "公斤": "公斤|千克|克|吨|斤|磅|kg",
    "毫安时": "毫安时?|[mM][aA][hH]",
    "人": "人|名|位",
    # "多少名运动员" in "运动员接近3000人（最终2920人）": people are counted in any of the three.
    "名": "名|人|位",
    "位": "位|人|名",
    # Sums are written without 元 as often as with it ("三天票房突破40亿"): a figure that ends in 亿
    # or 万 stands for them (1.16亿首 counts songs).
    "元": "元|人民币|[英欧]?镑|卢布|卢比|日圆|韩圆|(?:亿|万)$",  # 元 covers 美元, 欧元, 日元
    "时长": "小时|分钟|秒|天|日|周|星期|月|年",  # how long: "5个半小时", never the 95 of "95后"
}


def unit_pattern(unit: str) -> str:
    """The regular expression a figure in ``unit`` (or its family; "元/%" is either) matches."""
    families = "|".join(_UNIT_FAMILIES.get(one, re.escape(one)) for one in unit.split("/"))
    return f"(?:{families})"  # a group: callers put words before it


def _measured_in(text: str, kind: str) -> str | None:
    if kind != "number":
        return None
    if _SHARE_OF.search(text):
        return "%"  # "不得超过标准体重的多少": a share of the weight, not a weight
    unit = next((unit for pattern, unit in _MEASURED_IN if pattern.search(text)), None)
    if unit and unit != "%" and _CHANGE_OR_SHARE.search(text):
        # "游戏收入下降了多少" is answered "下降6%" as often as by the amount in 元.
        return f"{unit}/%"
    return unit


# "X的多少" asks what share of X; "增长了多少" and "贡献了多少营收" are said in % as often as in the
# measure's own unit.
_SHARE_OF = re.compile(r"的多少[？?]?$")
_CHANGE_OR_SHARE = re.compile(
    r"(?:增长|增加|上涨|上升|提高|下降|下跌|下滑|减少|降低|回落|增|涨|降|跌|贡献|占|[加涨降减]薪)了?(?:约|大约|近)?多少"
)


_PERSON_TITLES = frozenset(
    "演员 歌手 导演 编剧 记者 主持人 作家 教练 主教练 队长 运动员 选手 球员 总统 主席 总理 首相 部长 市长 教授 院士".split()
)


def _predicate(text: str, terms: list[str], anchors: list[str], wh: re.Match[str] | None) -> tuple[str, ...]:
    """The nouns nearest the question word on each side, in its clause, that are not names,
    numbers or generic words: what the question asks about."""
    clause_start = max(text.rfind(mark, 0, wh.start()) for mark in "，,；;") + 1 if wh else 0
    clause_end = (
        min((i for i in (text.find(mark, wh.end()) for mark in "，,；;？?") if i >= 0), default=len(text))
        if wh
        else len(text)
    )
    names = set(anchors)
    # A quoted string names something (an article, a programme): its words are that name, which
    # must stand in the evidence as written anyway, not what is asked about it.
    quoted_names = _quoted(text)
    content = [
        t
        for t in terms
        if len(t) >= 2
        and t not in names
        and t not in _GENERIC
        and not _NUMBER.fullmatch(t)
        and t in text
        and not any(t in name for name in quoted_names)
        # A title before a name ("演员李君峰在…中扮演谁") says who that is, not what is asked.
        and not (t in _PERSON_TITLES and any(text.startswith(name, text.find(t) + len(t)) for name in names))
    ]
    if not content:
        return ()
    if wh is None:
        return (content[-1],)
    # A noun after the question word is what is asked ("驿站有多少名工作人员" -> 工作人员; the noun
    # before it is the topic); with none after, the noun before is ("常住人口是多少").
    after = [t for t in content if wh.end() <= text.find(t) < clause_end]
    if after:
        return (after[0],)
    before = [t for t in content if clause_start <= text.find(t) < wh.start()]
    if before:
        return (before[-1],)
    return (min(content, key=lambda t: abs(text.find(t) - wh.start())),)


# A measure is stated by a figure in its own unit (体重 by "约只有8公斤重"), and a category by one of
# its members (季节 by 秋季, 职务 by "现任…", 职业 by 歌手): the sentence says it without the word.
# Only words whose unit or members name them alone are here; 人口 or 工资 must be said as such.
_STATED_BY = {
    word: re.compile(pattern)
    for words, pattern in (
        ("体重 重量", r"\d\s*(?:公斤|千克|克|吨|斤)|\d[^，。；]{0,3}重"),
        ("电池容量", r"\d\s*(?:毫安|[mM][aA][hH])"),
        ("比分 比数", r"\d\s*[:：比\-－]\s*\d"),  # "以38：35赢得比赛" says the 比分
        ("长度 全长 身长 体长", r"长[^，。；\d]{0,3}\d|\d\s*(?:米|公里|千米|厘米|毫米)"),
        ("高度", r"高[^，。；\d]{0,3}\d|\d\s*(?:米|厘米)"),
        # A person's height is said as one (1.85米, 1米85, 185厘米), not by a race's 500米.
        ("身高", r"身高|个子|(?<![\d.])(?:[12]\.\d{1,2}\s*米|[12]米\d{1,2}|1\d{2}\s*厘米)"),
        ("季节", r"[春夏秋冬][季天]"),
        # An event's short name is its long one too: 男单 is "男子单人滑", "男子单打".
        ("男单", r"男子单"),
        ("女单", r"女子单"),
        ("男双", r"男子双"),
        ("女双", r"女子双"),
        ("混双", r"混合双"),
        # A match is lost or won in many words: "以0比2不敌王蓝" says whom she 输给.
        ("输给 败给 负于 不敌", r"不敌|负于|败给|输给|输掉|落败|告负|憾负"),
        ("击败 战胜 打败 打赢", r"击败|战胜|打败|打赢|胜|赢|淘汰|力克|横扫|逆转"),
        # "同比下降12%" states the 降幅 asked, "增长5%" the 增幅.
        ("降幅 跌幅 减幅", r"(?:下降|下跌|下滑|减少|降低|回落|缩减|跌)[^，。；\d]{0,4}\d"),
        ("增幅 涨幅", r"(?:增长|增加|上涨|上升|提高|增|涨)[^，。；\d]{0,4}\d"),
        ("角色", r"饰演|扮演|出演|饰"),
        ("饰演 扮演", r"饰演|扮演|饰"),  # "龚彪（秦昊饰）" says who 饰演 him  # "他在剧中饰演一位老民警"
        # "由哪家企业承建" is answered "由中交一公局承建": a firm is named as a 公司, 集团, 局 or 厂.
        ("企业", r"公司|集团|局|厂|银行"),
        ("职务 官职 职位", r"(?:担|出|现|曾|历|升|改|调|兼|转|再|连|留|接)任|任命|任职|(?:^|[，,；;年月])任"),
        (
            "职业",
            r"歌手|演员|作家|导演|运动员|教师|医生|记者|律师|画家|诗人|商人|工程师|科学家|音乐家|主持人|模特|编剧|球员",
        ),
        # "进口电影占全年票房总量达37.9%" states the share asked.
        ("比重 占比", r"占[^，,。；;]{0,24}?\d+(?:\.\d+)?[%％]"),
        # "多大比例的经济体" is answered "84%的经济体": a share of something is a proportion.
        ("比例", r"占[^，,。；;]{0,24}?\d+(?:\.\d+)?[%％]|\d[%％]的"),
        ("出生地 出生地点", r"出生于|生于|出生在|出身于"),
        ("孩子 子女 儿女", r"子女|儿子|女儿|儿女|育有|[一二两三四五六七八九十\d]+[子女]"),
        # A title is won in many words ("2021赛季捧起美网冠军"), or said by naming its holder
        # ("2021年美网女单冠军拉杜卡努"): either says when she 获得 it; "获得第几名" is said by the placing
        # itself ("追到第五名").
        (
            "获得 夺得 赢得 得主 获得者 获奖者",
            r"获|夺|赢|摘得|捧起|拿下|问鼎|加冕|折桂|称雄|登顶|冠军|得主|第\s*[\d一二三四五六七八九十]+\s*名",
        ),
        # "阿尔卡拉斯终结德约科维奇连胜纪录夺冠" says who is 冠军.
        ("冠军", r"冠军|夺冠|折桂|问鼎|加冕|称王|登顶"),
        # A goal is scored in many words: "古德温一脚爆射破门" says who 打进 it.
        ("打进 攻进 踢进 攻入", r"打进|攻进|踢进|攻入|进球|破门|建功|入网|攻破|梅开二度|帽子戏法"),
        # A move between employers: "前往英特尔担任新职位" says which company he 加入.
        ("加入 加盟 入职", r"加入|加盟|入职|跳槽|转投|投奔|前往|效力|转会"),
        # An opening in other words: "于9月22日在悉尼正式拉开战幕" says when it 开幕.
        ("开幕 揭幕", r"开幕|揭幕|拉开(?:战幕|帷幕|大幕|序幕)|开赛|开战"),
        # A release date set or first shown: "定档7月22日", "公映时间是…", "7月22日开播".
        ("上映 公映", r"上映|定档|公映|首映|开播|首播"),
        # A post passed on: "由尹力接任" says who 接替 him.
        ("接替 接任 继任 接棒", r"接替|接任|继任|接棒|接过"),
    )
    for word in words.split()
}


def stated_without_word(word: str, folded: str) -> bool:
    """Whether ``folded`` (compact text) states the measure or category ``word`` by its unit or a
    member instead of by the word itself (长度 by "长约15至20厘米")."""
    stated = _STATED_BY.get(word)
    # "由哪家单位承建" is said by "由中交一公局承建": a body by its member's ending (a work is not said
    # by any title in the text).
    return (stated is not None and bool(stated.search(folded))) or (
        word in _BODIES and any(end in folded for end in _MEMBERS[word])
    )


def asked_deeds(question: QuestionInfo) -> list[str]:
    """The deed a date question asks the date of: the words after 什么时候 ("什么时候开始起运" → 起运),
    or [] for a question that asks no date."""
    wh = QUESTION_WORD.search(question.text) if question.kind == "date" else None
    return [t for t in question.near if len(t) >= 2 and question.text.find(t) > wh.start()] if wh else []


def asked_words(question: QuestionInfo) -> list[str]:
    """The words beside the question word that say what is asked (阻碍转译, 作用, 兴建, 简称), without
    names, the subject, question words or the rest of one (什么时候's 时候)."""
    names = {*question.anchors, question.subject, question.defines}
    return [
        t for t in question.near if len(t) >= 2 and t not in names and t not in _WH_REST and not QUESTION_WORD.search(t)
    ]


def states_predicate(question: QuestionInfo, text: str) -> bool:
    """Whether ``text`` states what ``question`` asks: its predicate words occur, each either whole
    or by half of its character bigrams (增长率 is stated by "增长18.4%"), or, for a few measures and
    categories, by their unit or a member (``_STATED_BY``)."""
    if not question.predicate:
        return True
    folded = compact(text)

    def present(word: str) -> bool:
        word = word.lower()
        if word in folded or stated_without_word(word, folded):
            return True
        grams = [word[i : i + 2] for i in range(len(word) - 1)]
        return len(grams) >= 2 and sum(g in folded for g in grams) / len(grams) >= 0.5

    return all(present(w) for w in question.predicate)


def asked_parts(question: QuestionInfo) -> list[QuestionInfo]:
    """A question that asks two things in two clauses ("有多少人报名，同比增长多少？") as one
    QuestionInfo per asked clause: the topic (terms, anchors) stays the whole question's, what is
    asked (kind, unit, predicate) is the clause's. A single ask gives an empty list."""
    if question.language != "zh":
        return []
    clauses = [c for c in re.split(r"[，,；;]", question.text) if QUESTION_WORD.search(c)]
    if len(clauses) < 2:
        return []
    parts = []
    for clause in clauses:
        own = analyse(clause)
        parts.append(question.asking(own, kind=own.kind if own.kind != "entity" else question.kind, text=clause))
    return parts


# Words that date a question relative to when it is asked. A news archive has no "now": they are
# read against the newest report that answers (vectorstore.period does the arithmetic).
_RELATIVE = re.compile(
    r"今年|去年|前年|本月|这个月|上个月|上月|今天|昨天|本周|上周|\b(?:this|last) (?:year|month|week)\b|\btoday\b|\byesterday\b",
    re.I,
)


def relative_dates(text: str, reference: dt.date) -> list[tuple[str, str]]:
    """Each relative date of ``text`` with the days it names counted from ``reference``:
    ("今年", "2026年"), ("上个月", "2025年12月"), ("last year", "2025")."""
    found = []
    for match in dict.fromkeys(m.group(0) for m in _RELATIVE.finditer(text)):
        first, last = period(match, today=reference)
        chinese = language_of(text) == "zh"
        if first.month == 1 and first.day == 1 and (last.month, last.day) == (12, 31):
            said = f"{first.year}年" if chinese else str(first.year)
        elif first.day == 1 and last.month == first.month and (last + dt.timedelta(days=1)).day == 1:
            said = f"{first.year}年{first.month}月" if chinese else first.strftime("%B %Y")
        elif first == last:
            said = f"{first.year}年{first.month}月{first.day}日" if chinese else first.isoformat()
        else:
            said = f"{first.month}月{first.day}日至{last.month}月{last.day}日" if chinese else f"{first} to {last}"
        found.append((match, said))
    return found


# What a "哪部/哪本/哪首" question asks for: works, which reports name by their titles.
WORKS = frozenset(
    ("电影", "影片", "电视剧", "剧集", "剧", "作品", "小说", "书", "图书", "歌曲", "专辑", "节目", "纪录片", "动画片")
)
# Bodies a member's ending names without the word ("由中交一公局承建" says which 单位).
_BODIES = frozenset({"部门", "机构", "单位"})
# Category nouns whose members do not repeat them: a 部门 is a 城建办 or a 民政局.
_MEMBERS = {
    "部门": ("局", "办", "委", "部", "厅", "处", "署", "室", "科", "中心"),
    "机构": ("局", "办", "委", "部", "厅", "处", "署", "院", "所", "中心", "协会", "委员会"),
    "单位": ("局", "办", "委", "部", "厅", "处", "署", "院", "所", "中心", "学校", "公司", "厂"),
    # A work is named by its title in 《》 ("《流浪地球2》拿下首日票房冠军" for "哪部电影").
    **dict.fromkeys(WORKS, ("《",)),
}


def names_focus(question: QuestionInfo, text: str, whole: bool = False) -> bool:
    """Whether ``text`` can name what a "哪个X" question asks for: it shares a character with X
    (哪家平台 → …平台, 哪所大学 → …大学; with ``whole``, it has X itself), or, for a category whose
    members do not repeat it, has a member's ending (哪个部门 → 镇城建办)."""
    if not question.focus:
        return True
    named = question.focus in text if whole else bool(set(question.focus) & set(text))
    if named or any(ending in text for ending in _MEMBERS.get(question.focus, ())):
        return True
    if stated_without_word(question.focus, compact(text)):
        return True  # 职务 by "一直连任国民议会议员"
    # A country is named by its name ("是一位葡萄牙F1赛车手" for "哪个国家的赛车手").
    return question.focus in NAMED_PLACES and bool(countries_in(text))


NAMED_PLACES = frozenset({"国家", "国籍"})
