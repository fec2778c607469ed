"""How people in a county town write where something is: building blocks for both sets.

Numbers in the forms people type (arabic, Chinese, full-width), the levels they leave out,
the township names they get wrong, homophone slips of a pinyin keyboard, and romanised
spellings from foreign-language phones. Written from how addresses are seen in 12345 tickets,
数字城管 cases and grid workers' reports, not from the hub's matching rules.
"""

from __future__ import annotations

import random

from pypinyin import lazy_pinyin

from bench.independent.places import COUNTY_NAME, PREFECTURE_NAME, PROVINCE_NAME, Atlas, Spot

_DIGITS = "零一二三四五六七八九"
_FULLWIDTH = str.maketrans(
    "0123456789-#ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz ",
    "０１２３４５６７８９－＃ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ"
    "ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ\u3000",
)

# Slips a pinyin keyboard makes: the first candidate of the same syllable, or a near one.
HOMOPHONES: dict[str, str] = {
    "黄": "皇",
    "河": "和",
    "兴": "星",
    "业": "叶",
    "凤": "风",
    "凰": "皇",
    "静": "净",
    "园": "圆",
    "福": "富",
    "祥": "详",
    "阳": "杨",
    "岭": "领",
    "滨": "宾",
    "泉": "全",
    "健": "建",
    "锦": "金",
    "翠": "萃",
    "竹": "筑",
    "松": "嵩",
    "瑞": "锐",
    "华": "化",
    "育": "玉",
    "迎": "营",
    "宾": "滨",
    "永": "勇",
    "望": "旺",
    "春": "纯",
    "晖": "辉",
    "学": "雪",
    "府": "附",
    "青": "清",
    "前": "钱",
    "进": "近",
    "世": "市",
    "纪": "记",
    "复": "富",
    "结": "洁",
    "振": "镇",
    "工": "公",
    "商": "尚",
    "广": "光",
    "场": "厂",
    "朝": "潮",
    "民": "明",
    "建": "健",
    "设": "社",
    "龙": "隆",
    "利": "力",
    "冠": "关",
    "向": "象",
    "腾": "藤",
    "润": "闰",
    "泽": "择",
    "馨": "新",
    "苑": "院",
    "丰": "风",
    "康": "慷",
    "乐": "勒",
    "和": "合",
    "平": "萍",
    "安": "按",
    "海": "每",
    "景": "井",
    "云": "芸",
    "临": "林",
    "银": "银",
    "滩": "摊",
    "人": "仁",
    "柳": "刘",
    "红": "宏",
    "旗": "奇",
    "年": "念",
    "团": "团",
    "花": "华",
    "富": "付",
    "新": "心",
    "庄": "桩",
    "家": "佳",
    "疃": "瞳",
    "埠": "步",
    "崖": "涯",
    "夼": "匡",
    "塂": "港",
    "屯": "村",
}
# Township names as people mistype or half-remember them.
TOWNSHIP_SLIPS: dict[str, tuple[str, ...]] = {
    "城区街道": ("城区街到", "城里街道", "市区"),
    "夏村镇": ("下村镇", "夏村乡"),
    "乳山口镇": ("乳山口", "乳山扣镇"),
    "海阳所镇": ("海洋所镇", "海阳所乡"),
    "白沙滩镇": ("白沙摊镇", "白沙滩乡"),
    "大孤山镇": ("大姑山镇", "大孤山乡"),
    "南黄镇": ("南皇镇", "南簧镇", "南黄乡"),
    "冯家镇": ("冯佳镇", "冯家乡"),
    "下初镇": ("夏初镇", "下初乡"),
    "午极镇": ("五极镇", "午级镇"),
    "育黎镇": ("玉黎镇", "育梨镇"),
    "崖子镇": ("涯子镇", "崖子乡"),
    "诸往镇": ("诸旺镇", "朱往镇"),
    "乳山寨镇": ("乳山宅镇", "乳山寨"),
    "徐家镇": ("许家镇", "徐家乡"),
}


def chinese_number(n: int) -> str:
    """12 -> 十二, 105 -> 一百零五, 20 -> 二十, 110 -> 一百一十 (as people write it)."""
    if n < 0:
        raise ValueError(n)
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        head = _DIGITS[n // 100] + "百"
        if rest == 0:
            return head
        if rest < 10:
            return head + "零" + _DIGITS[rest]
        tens = _DIGITS[rest // 10] + "十" + (_DIGITS[rest % 10] if rest % 10 else "")
        return head + tens
    return "".join(_DIGITS[int(d)] for d in str(n))


def fullwidth(text: str) -> str:
    return text.translate(_FULLWIDTH)


def number(n: int, form: str) -> str:
    if form == "chinese":
        return chinese_number(n)
    if form == "fullwidth":
        return fullwidth(str(n))
    return str(n)


def typo_in(name: str, rng: random.Random) -> str | None:
    """The name with one character replaced by a homophone, or None if none applies."""
    spots = [i for i, ch in enumerate(name) if HOMOPHONES.get(ch, ch) != ch]
    if not spots:
        return None
    i = rng.choice(spots)
    return name[:i] + HOMOPHONES[name[i]] + name[i + 1 :]


def county_prefix(rng: random.Random, weights: tuple[int, ...] = (1, 2, 3, 4, 2, 5)) -> str:
    """How much of 山东省威海市乳山市 a writer puts in front (often nothing)."""
    options = (
        f"{PROVINCE_NAME}{PREFECTURE_NAME}{COUNTY_NAME}",
        f"{PREFECTURE_NAME}{COUNTY_NAME}",
        COUNTY_NAME,
        "乳山",
        "威海乳山",
        "",
    )
    return rng.choices(options, weights=weights)[0]


def township_text(atlas: Atlas, code: str, rng: random.Random, style: str = "any") -> str:
    name = atlas.township_name[code]
    stem = name.removesuffix("街道").removesuffix("镇")
    if style == "full":
        return name
    if style == "stem":
        return stem
    if style == "none":
        return ""
    if style == "slip":
        return rng.choice(TOWNSHIP_SLIPS[name])
    return rng.choices((name, stem, ""), weights=(5, 3, 3))[0]


def community_text(atlas: Atlas, code: str) -> str:
    return atlas.community_name[code]


def romanised(name: str, rng: random.Random) -> str:
    """A Chinese name as a foreign-language phone or a visitor spells it."""
    syllables = lazy_pinyin(name)
    style = rng.randrange(4)
    if style == 0:  # Huanghe
        return "".join(syllables).capitalize()
    if style == 1:  # Huang He
        return " ".join(s.capitalize() for s in syllables)
    if style == 2:  # huanghe
        return "".join(syllables)
    return "".join(syllables).upper()


_ROAD_WORD = {"路": ("Lu", "Road", "Rd", "lu"), "街": ("Jie", "Street", "St", "jie")}


def romanised_road(road: str, rng: random.Random) -> tuple[str, str]:
    """(stem spelled, suffix spelled): 黄河路 -> ('Huanghe', 'Road')."""
    return romanised(road[:-1], rng), rng.choice(_ROAD_WORD[road[-1]])


def door_phrase(rng: random.Random) -> str:
    """What people add after a door number to say 'at, next to, across from'."""
    return rng.choice(
        (
            "门前",
            "门口",
            "对面",
            "旁边",
            "附近",
            "东侧",
            "西侧",
            "南侧",
            "北侧",
            "门前人行道",
            "东边约20米",
            "往西一点",
            "西侧30米左右",
            "北侧人行道上",
            "门口路边",
            "楼下",
            "后面",
            "斜对过",
            "路边",
            "门前绿化带",
        )
    )


def spoken(text: str, rng: random.Random) -> str:
    """A hotline operator's or a caller's wrapping of an address."""
    return rng.choice(
        (
            "来电人反映：{a}",
            "市民来电称，在{a}",
            "{a}这个位置",
            "就在{a}那块儿",
            "地址是{a}",
            "俺在{a}这边",
            "位置：{a}（来电人口述）",
            "{a}，具体位置来电人说不清",
            "反映地点{a}",
        )
    ).format(a=text)


def spot_text(atlas: Atlas, spot: Spot, rng: random.Random, *, formal: bool = False) -> str:
    """A plain, correct rendering of a spot, with the county and township levels optional."""
    head = county_prefix(rng, (5, 2, 3, 1, 0, 0) if formal else (1, 2, 3, 4, 2, 5))
    town = township_text(atlas, spot.township, rng, "full" if formal else "any")
    if spot.kind == "road_door":
        return f"{head}{town}{spot.unit}{spot.number}号"
    if spot.kind in ("building", "entrance"):
        text = f"{head}{town}{spot.unit}{spot.building}号楼"
        return text + (f"{spot.entrance}单元" if spot.entrance else "")
    if spot.kind == "village_door":
        return f"{head}{town}{spot.unit}{spot.number}号"
    if spot.kind == "crossing":
        return f"{head}{town}{spot.unit}与{spot.cross_road}交叉口"
    if spot.kind == "field":
        return f"{head}{town}{spot.unit}{spot.bearing}侧约{spot.metres}米"
    raise ValueError(spot.kind)
