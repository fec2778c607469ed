"""A third fresh labelled address set for 乳山市 (v3), and one measurement of placement on it.

How it was written: truths are picked from the demo registry with a seeded ``random.Random``
(doors on roads and in villages, buildings and entrances in compounds, villages and
communities, townships, the crossings of two roads), then each truth is written the way people
in a Chinese county write an address: a text typed with a Hong Kong or Taiwan input method
(繁體), a name typed by pinyin and picked as the wrong character of the same sound (同音字), a
village door within its 组/队/村民小组/生产队, a door with a word for where beside it (对面,
隔壁, 斜对过, 往东50米), an outdated or wrong township (乡, 公社 and 大队, a neighbouring
township), a road with its 路/街 dropped or swapped (大道, 大街), building/unit/room
notations in compounds (3-2-501, 3号楼2单元, 3栋2门, 3#), numbers in Chinese numerals, read
out digit by digit or typed full width, a caller's name, phone, date and complaint around the
address, the door number written before the road, two roads and their crossing, texts naming
only a village committee, a compound gate or a township office, a 12345 operator's
transcription of speech (来电人称…, 在…那块儿), and addresses in a neighbouring county written
with road and village names 乳山 has too. The phrasing tables are new (none is taken from the
earlier sets), and the writing follows the habits, not the matcher: no item was written,
kept, dropped or relabelled by calling the matcher or by reading its code, its rules, its
tests or its other test sets. Labels come from the registry alone, as a careful human who
knows the registry would give them: the standard address when the door is unambiguous, else
the deepest unambiguous place (village/community or township) at that precision; an item
outside the county is "not placeable". An item whose label the registry leaves ambiguous (a
swapped character that gives another registry name, a name the county has twice, a road stem
the county has with both 路 and 街 written without its suffix) is dropped, never relabelled.

Scoring, the placement run and the outcome names are v1's (bench/fresh_addresses.py).

Rule: this set must never be used to tune the matcher; only the aggregate table goes to
docs/benchmarks.md. Per-item misses are written only to the untracked (git-ignored)
var/fresh-addresses-v3/misses.md. Reading them while changing the matcher spends the set.

    python bench/fresh_addresses_v3.py              # measure, write docs/benchmarks.md
    python bench/fresh_addresses_v3.py --no-write   # measure and print only
"""

from __future__ import annotations

import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.fresh_addresses import (  # noqa: E402
    ADDRESS,
    COMMUNITY,
    OUTSIDE,
    TOWNSHIP,
    Item,
    _Index,
    chinese_number,
    collect,
    run_set,
)
from grid.model import Address, AddressUnit, Registry, UnitKind  # noqa: E402

SEED = 20261205
SET_NAME = "fresh-addresses-v3"
SECTION = "fresh-addresses-v3"
MISSES = ROOT / "var" / "fresh-addresses-v3" / "misses.md"
OUTSIDE_HABIT = "neighbour_county"

Written = tuple[str, str, str]  # text, truth, precision

# Habit -> how many items (the neighbouring counties are ~9% of the whole).
HABITS: dict[str, int] = {
    "fanti_input": 28,
    "pinyin_slip": 26,
    "team_and_group": 28,
    "beside_a_door": 28,
    "commune_era": 26,
    "road_suffix": 26,
    "flat_notation": 30,
    "spoken_numbers": 26,
    "complaint_wrapper": 28,
    "number_first": 22,
    "crossroads": 24,
    "office_or_gate": 24,
    "hotline_speech": 26,
    OUTSIDE_HABIT: 32,
}

# -- phrasing tables (v3's own) -------------------------------------------------------------

# Simplified -> traditional, as a Hong Kong or Taiwan input method writes them. Only
# characters whose traditional form is the usual one in place names.
FANTI: dict[str, str] = {
    "镇": "鎮", "号": "號", "庄": "莊", "东": "東", "区": "區", "楼": "樓", "单": "單",
    "门": "門", "园": "園", "桥": "橋", "沟": "溝", "湾": "灣", "阳": "陽", "关": "關",
    "广": "廣", "华": "華", "兴": "興", "滨": "濱", "龙": "龍", "凤": "鳳", "长": "長",
    "极": "極", "刘": "劉", "陈": "陳", "张": "張", "杨": "楊", "赵": "趙", "孙": "孫",
    "马": "馬", "芦": "蘆", "场": "場", "汉": "漢", "岭": "嶺", "黄": "黃", "钟": "鍾",
    "乔": "喬", "锦": "錦", "绣": "繡", "乐": "樂", "泽": "澤", "临": "臨", "复": "復",
    "进": "進", "纪": "紀", "晖": "暉", "云": "雲", "学": "學", "业": "業", "团": "團",
    "结": "結", "岛": "島", "头": "頭", "后": "後", "邓": "鄧", "许": "許", "郑": "鄭",
    "韩": "韓", "宝": "寶", "盘": "盤", "庙": "廟", "涧": "澗", "县": "縣", "乡": "鄉",
    "组": "組", "队": "隊", "栋": "棟", "对": "對", "边": "邊", "处": "處", "办": "辦",
    "岚": "嵐", "车": "車", "兰": "蘭", "卫": "衛", "顶": "頂", "圣": "聖", "观": "觀",
    "颐": "頤", "腾": "騰", "润": "潤", "静": "靜", "丰": "豐", "贾": "賈", "邹": "鄒",
    "双": "雙", "锅": "鍋", "万": "萬", "册": "冊", "汤": "湯", "鲁": "魯", "铁": "鐵",
    "扫": "掃", "绕": "繞", "驾": "駕", "横": "橫", "滩": "灘", "树": "樹", "岘": "峴",
    "辉": "輝", "卢": "盧", "济": "濟", "洼": "窪", "阴": "陰", "涝": "澇", "矫": "矯",
    "阎": "閻", "转": "轉", "诸": "諸", "庆": "慶", "达": "達", "经": "經", "产": "產",
    "发": "發", "让": "讓", "请": "請", "说": "說", "问": "問", "题": "題", "这": "這",
    "几": "幾", "条": "條", "坏": "壞", "灯": "燈", "电": "電", "话": "話",
}  # fmt: skip
# How the traditional text is put around the address.
FANTI_FORMS = (
    "{a}",
    "{a}",
    "地址：{a}",
    "{a}，麻煩儘快處理",
    "{a}（請聯絡住戶）",
    "現住{a}",
    "{a} 附近路燈壞了",
)

# A character of a name typed by its pinyin and picked wrong (tone aside).
SOUNDALIKE: dict[str, str] = {
    "祥": "翔", "泉": "全", "龙": "隆", "凰": "皇", "临": "林", "滨": "宾", "晖": "辉",
    "健": "建", "松": "嵩", "育": "玉", "才": "材", "宾": "斌", "复": "富", "岭": "领",
    "青": "清", "夏": "厦", "望": "旺", "景": "井", "旗": "棋", "平": "萍", "结": "杰",
    "场": "厂", "业": "叶", "进": "近", "河": "和", "商": "尚", "胜": "圣", "利": "力",
    "绣": "袖", "民": "敏", "阳": "杨", "纪": "记", "家": "佳", "庄": "桩", "疃": "湍",
    "夼": "矿", "沟": "钩", "埠": "部", "泊": "波", "崖": "涯", "屯": "吞", "塂": "江",
    "岚": "兰", "甸": "店", "涧": "剑", "峒": "洞", "岘": "现", "硼": "朋", "庵": "安",
    "岛": "导", "刘": "留", "杨": "阳", "陈": "晨", "张": "章", "赵": "照", "宋": "送",
    "邢": "刑", "潘": "攀", "焉": "烟", "唐": "堂", "蔡": "菜", "韩": "寒", "辛": "新",
}  # fmt: skip
TOWN_SOUNDALIKE: dict[str, str] = {
    "育黎": "玉黎", "诸往": "诸旺", "午极": "五极", "崖子": "涯子", "下初": "夏初",
    "南黄": "南皇", "大孤山": "大姑山", "白沙滩": "白纱滩", "海阳所": "海洋所",
}  # fmt: skip

# A village door within its team or group: (form, has a door).
TEAM_FORMS: tuple[tuple[str, bool], ...] = (
    ("{v}{g}组{n}号", True),
    ("{v}{gc}组{n}号", True),
    ("{v}{gc}队{n}号", True),
    ("{v}第{gc}生产队{n}号", True),
    ("{v}{g}队，门牌{n}号", True),
    ("{v}{n}号（{gc}组）", True),
    ("{v}{g}小组{n}号", True),
    ("{v}第{gc}村民组", False),
    ("{v}{gc}队", False),
    ("{v}{g}组那边", False),
    ("{v}{gc}小队，门牌记不清", False),
)

# A door and where beside it: (form, how many doors either way it can mean; 0 = the door).
BESIDE_FORMS: tuple[tuple[str, int], ...] = (
    ("{u}{n}号对过", 1),
    ("{u}{n}号的对面", 1),
    ("{u}{n}号隔壁", 2),
    ("{u}{n}号挨着的那户", 2),
    ("{u}{n}号斜对过", 3),
    ("{u}{n}号往东50米", 2),
    ("{u}{n}号往北走一百米左右", 4),
    ("{u}{n}号西边两三家", 3),
    ("{u}{n}号门口", 0),
    ("{u}{n}号院里", 0),
    ("{u}{n}号门前", 0),
    ("{u}{n}号屋后", 0),
)
VILLAGE_BESIDE = ("{v}{n}号对门", "{v}{n}号东邻", "{v}{n}号后排", "{v}{n}号前头那家")

# An outdated way of naming a township, before a village or a road.
COMMUNE_TOWN = ("{s}乡", "原{s}乡", "{s}公社", "乳山县{s}乡", "老{s}乡")
BRIGADE_FORMS = ("{t}{b}大队{n}号", "{t}{b}大队", "{t}{b}大队{gc}小队")

# Road suffixes a road is written with instead of its own.
SUFFIX_SWAPS = {"路": ("街", "大街", "大道", "道"), "街": ("路", "大道", "大街", "道")}

# Buildings, entrances and rooms in a compound: (form, has an entrance).
FLAT_FORMS: tuple[tuple[str, bool], ...] = (
    ("{c}{b}-{e}-{r}", True),
    ("{c}{b}-{e}-{r}室", True),
    ("{c}{b}号楼{e}单元{r}", True),
    ("{c}{b}号楼{e}单元{r}户", True),
    ("{c}{b}栋{e}门", True),
    ("{c}{b}栋{e}单元{fl}楼", True),
    ("{c}{b}#{e}单元", True),
    ("{c}{bc}号楼{ec}单元", True),
    ("{c}{b}幢{e}单元{r}室", True),
    ("{c}第{bc}栋{ec}单元", True),
    ("{c}{b}号楼", False),
    ("{c}{b}栋楼下", False),
    ("{c}{b}#楼", False),
    ("{c}{bc}号楼底下", False),
)
COMPOUND_NAMES = ("{s}小区", "{s}花园", "{s}社区", "{t}{s}小区")

SURNAMES = "王李张刘陈杨赵孙于姜宫林徐宋丛隋初车"
HONORIFIC = ("先生", "女士", "大爷", "阿姨", "师傅", "大姐")
COMPLAINT_BEFORE = (
    "{p}{h}（{ph}）反映：",
    "投诉人{p}{h}，电话{ph}，地址",
    "{d} 市民{p}{h}来电，",
    "【12345工单】{d} 事发地点：",
    "诉求人：{p}{h} 联系方式：{ph} 地点：",
    "{d}{p}{h}投诉",
    "网格员{p}{h}上报：",
)
COMPLAINT_AFTER = (
    "",
    "，下水道堵了",
    "门口垃圾没人清",
    " 噪音扰民，晚上十点以后还在施工",
    "，路灯坏了一个多月",
    "，希望尽快派人看看",
    "（已多次反映）",
    " 占道经营",
)

HOTLINE_DOOR = (
    "来电人称其家住{t}{u}，门牌号{cn}号",
    "来电人称：{t}{u}{n}号，家里水管冻裂了",
    "市民称在{t}{u}{n}号那块儿",
    "来电人说是{t}{u}{cn}号那一片",
    "来电人反映{t}{u}{n}号门前有积水，具体位置以现场为准",
)
HOTLINE_AREA = (
    "来电人称在{t}{u}那块儿，门牌不清楚",
    "市民来电，说是{t}{u}附近，具体没说",
    "来电人表示在{t}{u}那一片，没说几号",
)

OFFICE_VILLAGE = ("{s}村委会", "{v}村委大院门口", "{v}村部", "{v}两委办公室", "{v}村头小卖部那儿")
OFFICE_COMPOUND = ("{c}北门", "{c}物业办公室", "{c}大门口", "{c}居委会", "{c}停车场")
OFFICE_TOWNSHIP = (
    "{t}政府门口",
    "{t}卫生院",
    "{t}派出所对面",
    "{t}中心小学",
    "{t}大集上",
    "{t}汽车站",
    "{t}敬老院",
)
OFFICE_CITY = ("城区街道办事处", "城区办事处门口", "城区街道卫生服务中心")

CROSS_FORMS = (
    "{a}与{b}交叉口",
    "{a}和{b}路口",
    "{a}{b}交汇处",
    "{a}/{b}",
    "{a}、{b}十字路口",
    "{a}跟{b}交界那里",
    "{a}{b}口",
    "{a}与{b}交叉口东北角",
)

COUNTY_HEADS = ("", "", "", "乳山市", "乳山", "威海市乳山市", "山东省威海市乳山市", "威海乳山")

# Real townships of the neighbouring counties, some named like places in 乳山.
NEIGHBOURS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("文登区", ("龙山街道", "天福街道", "米山镇", "宋村镇", "高村镇", "泽头镇", "侯家镇")),
    ("荣成市", ("崖头街道", "石岛管理区", "上庄镇", "人和镇", "港西镇", "夏庄镇", "大疃镇")),
    ("海阳市", ("凤城街道", "方圆街道", "徐家店镇", "盘石店镇", "留格庄镇", "郭城镇")),
    ("牟平区", ("宁海街道", "文化街道", "姜格庄街道", "龙泉镇", "玉林店镇", "观水镇")),
    ("环翠区", ("孙家疃街道", "张村镇", "羊亭镇", "温泉镇")),
)
NEIGHBOUR_HEADS = ("威海市{c}", "{c}", "山东省威海市{c}", "{c}")
NEIGHBOUR_SHORT = {"文登区": "文登", "荣成市": "荣成", "海阳市": "海阳", "牟平区": "牟平"}
NEIGHBOUR_PREFECTURE = {"海阳市": "烟台市", "牟平区": "烟台市"}
NEIGHBOUR_FORMS = (
    "{h}{t}{u}{n}号",
    "{h}{t}{u}{n}号",
    "{h}{t}{u}",
    "{h}{t}{u}{n}号门口",
    "{h}{t}，{u}{n}号",
    "{h}{t}{v}{n}号",
    "{h}{t}{v}",
)


def _fullwidth(text: str) -> str:
    return text.translate(str.maketrans("0123456789-#", "０１２３４５６７８９－＃"))


def _spelled(n: int) -> str:
    """A door read out digit by digit, 1 as 幺 the way numbers are said on the phone."""
    return "".join("零幺二三四五六七八九"[int(d)] for d in str(n))


def to_fanti(text: str) -> str:
    return "".join(FANTI.get(ch, ch) for ch in text)


class _Places:
    """What the writer knows of the registry, beyond v1's index: safe names and geometry."""

    def __init__(self, registry: Registry) -> None:
        self.ix = _Index(registry)
        ix = self.ix
        self.names = sorted(ix.known_names)
        village_names = Counter(u.name for u in ix.villages)
        by_township: dict[str, Counter[str]] = defaultdict(Counter)
        for u in ix.villages:
            by_township[u.township][u.name] += 1
        # A village is written by its name alone only when that name is the county's only one
        # and no other name contains it; with its township when the township has it once.
        self.alone = [
            u
            for u in ix.villages
            if village_names[u.name] == 1 and self._contained_once(u.name) and ix.doors[u.id]
        ]
        self.with_township = [
            u for u in ix.villages if by_township[u.township][u.name] == 1 and ix.doors[u.id]
        ]
        self.roads = ix.roads
        stems = Counter(u.name[:-1] for u in ix.roads)
        # Roads whose stem alone names them: one road has it and no other name contains it.
        self.stem_roads = [
            u
            for u in ix.roads
            if stems[u.name[:-1]] == 1
            and not any(u.name[:-1] in n for n in ix.known_names if n != u.name)
        ]
        self.compounds = ix.compounds
        self.townships = ix.townships
        self.city_centre = next(t.code for t in ix.townships if t.name.endswith("街道"))
        # Community boxes, from their cells, for the crossings.
        boxes: dict[str, list[float]] = {}
        for cell in registry.cells:
            lons = [p[0] for p in cell.ring]
            lats = [p[1] for p in cell.ring]
            box = boxes.setdefault(cell.community, [min(lons), min(lats), max(lons), max(lats)])
            box[0], box[1] = min(box[0], *lons), min(box[1], *lats)
            box[2], box[3] = max(box[2], *lons), max(box[3], *lats)
        self.community_boxes = boxes

    def _contained_once(self, name: str) -> bool:
        return sum(1 for n in self.names if name in n) == 1

    def free_of_names(self, written: str) -> bool:
        """No registry name is ``written``, and ``written`` is inside no registry name."""
        return not any(written in n for n in self.names)

    def holds_another(self, written: str, meant: str) -> bool:
        """``written`` holds a registry name (of two characters or more) ``meant`` does not."""
        return any(len(n) >= 2 and n in written and n not in meant for n in self.names)

    def township_forms(self, code: str) -> tuple[str, ...]:
        division = self.ix.divisions[code]
        return (division.name, *division.aliases[:1])

    def stem(self, code: str) -> str:
        return self.ix.township_stem(code)

    def community_at(self, lon: float, lat: float, margin_m: float = 150.0) -> str | None:
        """The community whose box holds the point with ``margin_m`` to spare, else None."""
        margin_lat = margin_m / 111_000
        margin_lon = margin_m / 89_000
        for code, (w, s, e, n) in self.community_boxes.items():
            if w + margin_lon <= lon <= e - margin_lon and s + margin_lat <= lat <= n - margin_lat:
                return code
        return None


class _Writer:
    def __init__(self, registry: Registry, seed: int) -> None:
        self.rng = random.Random(seed)
        self.p = _Places(registry)
        self.ix = self.p.ix
        self.crossings: Counter[tuple[str, str]] = Counter()

    # -- small helpers ------------------------------------------------------------------
    def _person(self) -> str:
        return self.rng.choice(SURNAMES)

    def _phone(self) -> str:
        return "1" + self.rng.choice("3578") + "".join(self.rng.choices("0123456789", k=9))

    def _date(self) -> str:
        month, day = self.rng.randint(1, 12), self.rng.randint(1, 28)
        return self.rng.choice(
            (f"{month}月{day}日", f"2026-{month:02d}-{day:02d}", f"{month}.{day}", "今天上午")
        )

    def _head(self) -> str:
        return self.rng.choice(COUNTY_HEADS)

    def _town(self, code: str, blank: bool = True) -> str:
        forms = (*self.p.township_forms(code), *(("",) if blank else ()))
        return self.rng.choice(forms)

    def _door(self, unit: AddressUnit) -> Address:
        return self.ix.door(self.rng, unit)

    def _village(self, township_needed: bool = False) -> tuple[AddressUnit, str]:
        """A village and how it is named: alone when that is safe, else with its township."""
        if not township_needed and self.rng.random() < 0.5:
            unit = self.rng.choice(self.p.alone)
            return unit, unit.name
        unit = self.rng.choice(self.p.with_township)
        return unit, self._town(unit.township, blank=False) + unit.name

    def _road(self) -> tuple[AddressUnit, str]:
        unit = self.rng.choice(self.p.roads)
        return unit, self._town(unit.township) + unit.name

    def _compound_door(self, entrance: bool) -> tuple[AddressUnit, Address]:
        unit = self.rng.choice(self.p.compounds)
        doors = [
            a
            for a in self.ix.doors[unit.id]
            if a.building is not None and (a.entrance is not None) == entrance
        ]
        return unit, self.rng.choice(doors)

    def _compound_name(self, unit: AddressUnit) -> str:
        stem = unit.name.removesuffix("小区")
        town = self._town(unit.township, blank=False)
        return self.rng.choice(COMPOUND_NAMES).format(s=stem, t=town)

    # -- habits -------------------------------------------------------------------------
    def fanti_input(self) -> Written | None:
        kind = self.rng.random()
        if kind < 0.4:
            unit, where = self._road()
            door = self._door(unit)
            address = f"{self._head()}{where}{door.number}号"
        elif kind < 0.75:
            unit, where = self._village()
            door = self._door(unit)
            address = f"{self._head()}{where}{door.number}号"
        else:
            unit, door = self._compound_door(entrance=True)
            name = self._compound_name(unit)
            address = f"{name}{door.building}號樓{door.entrance}單元"
        if to_fanti(unit.name) == unit.name:
            return None  # the name itself would not look traditional
        text = self.rng.choice(FANTI_FORMS).format(a=to_fanti(address))
        return text, door.id, ADDRESS

    def pinyin_slip(self) -> Written | None:
        if self.rng.random() < 0.2:  # the township typed wrong, the place named right
            if self.rng.random() < 0.5:
                unit = self.rng.choice(self.p.roads)
            else:
                unit = self.rng.choice(self.p.alone)  # named once: the slip cannot mislead
            stem = self.p.stem(unit.township)
            if stem not in TOWN_SOUNDALIKE or stem in unit.name:
                return None
            slipped = TOWN_SOUNDALIKE[stem]
            if not self.p.free_of_names(slipped):
                return None
            door = self._door(unit)
            return f"{slipped}镇{unit.name}{door.number}号", door.id, ADDRESS
        if self.rng.random() < 0.5:
            unit, where = self._road()
        else:
            unit, where = self._village()
        name = unit.name
        spots = [i for i, ch in enumerate(name[:-1]) if ch in SOUNDALIKE]
        if not spots:
            return None
        i = self.rng.choice(spots)
        slipped = name[:i] + SOUNDALIKE[name[i]] + name[i + 1 :]
        # Drop when the slip gives a registry name, a stem another name holds, or holds
        # another place's name (东珠塂 -> 东珠江 holds 江村).
        if not self.p.free_of_names(slipped) or not self.p.free_of_names(slipped[:-1]):
            return None
        if self.p.holds_another(slipped, name):
            return None
        door = self._door(unit)
        number = self.rng.choice((f"{door.number}号", f"{door.number}号", f"{door.number}"))
        return where.replace(name, slipped) + number, door.id, ADDRESS

    def team_and_group(self) -> Written | None:
        unit, where = self._village()
        if self.rng.random() < 0.25:
            where = self._head() + where
        form, has_door = self.rng.choice(TEAM_FORMS)
        group = self.rng.randint(1, 9)
        door = self._door(unit)
        text = form.format(v=where, g=group, gc=chinese_number(group), n=door.number)
        if has_door:
            return text, door.id, ADDRESS
        return text, unit.community or "", COMMUNITY

    def beside_a_door(self) -> Written | None:
        if self.rng.random() < 0.25:
            unit, where = self._village()
            door = self._door(unit)
            text = self.rng.choice(VILLAGE_BESIDE).format(v=where, n=door.number)
            return text, unit.community or "", COMMUNITY
        unit, where = self._road()
        door = self._door(unit)
        form, reach = self.rng.choice(BESIDE_FORMS)
        text = form.format(u=where, n=door.number)
        if reach == 0:
            return text, door.id, ADDRESS
        n = door.number or 0
        truth, precision = self.ix.road_door_truth(unit, range(n - reach, n + reach + 1))
        return text, truth, precision

    def commune_era(self) -> Written | None:
        kind = self.rng.random()
        if kind < 0.35:  # a brigade (大队) of a commune: the village without its 村
            unit = self.rng.choice(self.p.with_township)
            brigade = unit.name.removesuffix("村")
            if len(brigade) < 2 or unit.township == self.p.city_centre:
                return None  # the town centre never was a commune
            # The short name must name only this village in its township.
            same_town = [
                u.name for u in self.ix.villages if u.township == unit.township and u is not unit
            ]
            if any(brigade in n for n in same_town):
                return None
            town = self.p.stem(unit.township) + "公社"
            door = self._door(unit)
            form = self.rng.choice(BRIGADE_FORMS)
            team = chinese_number(self.rng.randint(1, 8))
            text = form.format(t=town, b=brigade, n=door.number, gc=team)
            if "{n}" in form:
                return text, door.id, ADDRESS
            return text, unit.community or "", COMMUNITY
        if kind < 0.7:  # an old township form before a village or road it really has
            if self.rng.random() < 0.5:
                unit = self.rng.choice(self.p.with_township)
            else:
                unit = self.rng.choice(self.p.roads)
            stem = self.p.stem(unit.township)
            if unit.township == self.p.city_centre:
                return None  # the town centre never was a 乡 or a 公社
            town = self.rng.choice(COMMUNE_TOWN).format(s=stem)
            door = self._door(unit)
            return f"{town}{unit.name}{door.number}号", door.id, ADDRESS
        # a wrong (neighbouring) township before a road or a village the county has once
        if self.rng.random() < 0.5:
            unit = self.rng.choice(self.p.stem_roads)
        else:
            unit = self.rng.choice(self.p.alone)
        wrong = self.rng.choice([t for t in self.p.townships if t.code != unit.township])
        # Drop when the wrong township has a place sharing the name's stem.
        stem = unit.name[:-1]
        if any(u.township == wrong.code and stem in u.name for u in self.ix.registry.units):
            return None
        door = self._door(unit)
        town = self.rng.choice((wrong.name, wrong.aliases[0]))
        return f"{town}{unit.name}{door.number}号", door.id, ADDRESS

    def road_suffix(self) -> Written | None:
        unit = self.rng.choice(self.p.stem_roads)
        stem, suffix = unit.name[:-1], unit.name[-1]
        door = self._door(unit)
        town = self._town(unit.township)
        if self.rng.random() < 0.4:
            written = stem  # the suffix dropped
        else:
            written = stem + self.rng.choice(SUFFIX_SWAPS[suffix])
            if written in self.ix.known_names:
                return None  # the swap gives another road
        form = self.rng.choice(("{t}{w}{n}号", "{t}{w}{n}号", "{t}{w} {n}号", "{t}{w}{n}"))
        return form.format(t=town, w=written, n=door.number), door.id, ADDRESS

    def flat_notation(self) -> Written | None:
        with_entrance = self.rng.random() < 0.7
        form, has_entrance = self.rng.choice([f for f in FLAT_FORMS if f[1] == with_entrance])
        unit, door = self._compound_door(entrance=has_entrance)
        building = door.building or 0
        entrance = door.entrance or 0
        floor = self.rng.randint(1, 6)
        room = f"{floor}0{self.rng.randint(1, 2)}"
        text = form.format(
            c=self._compound_name(unit),
            b=building,
            e=entrance,
            bc=chinese_number(building),
            ec=chinese_number(entrance),
            r=room,
            fl=floor,
        )
        return text, door.id, ADDRESS

    def spoken_numbers(self) -> Written | None:
        if self.rng.random() < 0.6:
            unit, where = self._road()
        else:
            unit, where = self._village()
        door = self._door(unit)
        n = door.number or 0
        way = self.rng.random()
        if way < 0.35:
            number = chinese_number(n) + "号"
        elif way < 0.55 and n >= 10:
            number = _spelled(n) + "号"
        elif way < 0.8:
            number = _fullwidth(str(n)) + self.rng.choice(("号", "號", ""))
        else:
            number = "第" + chinese_number(n) + "号"
        return self._head() + where + number, door.id, ADDRESS

    def complaint_wrapper(self) -> Written | None:
        kind = self.rng.random()
        if kind < 0.45:
            unit, where = self._road()
            door = self._door(unit)
            address = f"{where}{door.number}号"
        elif kind < 0.8:
            unit, where = self._village()
            door = self._door(unit)
            address = f"{where}{door.number}号"
        else:
            unit, door = self._compound_door(entrance=True)
            address = f"{self._compound_name(unit)}{door.building}号楼{door.entrance}单元"
        before = self.rng.choice(COMPLAINT_BEFORE).format(
            p=self._person(), h=self.rng.choice(HONORIFIC), ph=self._phone(), d=self._date()
        )
        after = self.rng.choice(COMPLAINT_AFTER)
        return f"{before}{self._head()}{address}{after}", door.id, ADDRESS

    def number_first(self) -> Written | None:
        if self.rng.random() < 0.65:
            unit, where = self._road()
        else:
            unit, where = self._village()
        door = self._door(unit)
        form = self.rng.choice(
            (
                "{n}号{w}",
                "{n}号，{w}",
                "门牌{n}号 {w}",
                "{n}号 在{w}",
                "{n}号（{w}）",
                "No.{n} {w}",
                "{n}号——{w}",
            )
        )
        return form.format(n=door.number, w=where), door.id, ADDRESS

    def crossroads(self) -> Written | None:
        township = self.rng.choice(self.p.townships).code
        roads = [u for u in self.p.roads if u.township == township]
        across = [u for u in roads if u.line[0][1] == u.line[1][1]]  # east-west
        along = [u for u in roads if u.line[0][0] == u.line[1][0]]  # north-south
        if not across or not along:
            return None
        east_west, north_south = self.rng.choice(across), self.rng.choice(along)
        if self.crossings[(east_west.id, north_south.id)] >= 2:
            return None  # a crossing written at most twice
        self.crossings[(east_west.id, north_south.id)] += 1
        community = self.p.community_at(north_south.line[0][0], east_west.line[0][1])
        a, b = (east_west, north_south) if self.rng.random() < 0.5 else (north_south, east_west)
        form = self.rng.choice(CROSS_FORMS)
        name_a, name_b = a.name, b.name
        if form == "{a}{b}口" or (form == "{a}{b}交汇处" and self.rng.random() < 0.5):
            # The first road's suffix is left out when two are run together.
            if a not in self.p.stem_roads:
                return None
            name_a = a.name[:-1]
        text = self._town(township) + form.format(a=name_a, b=name_b)
        if community is None:
            return text, township, TOWNSHIP
        return text, community, COMMUNITY

    def office_or_gate(self) -> Written | None:
        kind = self.rng.random()
        if kind < 0.4:
            unit, where = self._village()
            form = self.rng.choice(OFFICE_VILLAGE)
            text = form.format(v=where, s=where.removesuffix("村"))
            return text, unit.community or "", COMMUNITY
        if kind < 0.65:
            unit = self.rng.choice(self.p.compounds)
            text = self.rng.choice(OFFICE_COMPOUND).format(c=self._compound_name(unit))
            return text, unit.community or "", COMMUNITY
        township = self.rng.choice(self.p.townships)
        if township.code == self.p.city_centre:
            return self.rng.choice(OFFICE_CITY), township.code, TOWNSHIP
        stem = township.aliases[0]
        # The stem alone is kept only when no village or other place shares it.
        own = {township.name, *township.aliases}
        town = township.name
        if self.rng.random() < 0.4 and not any(stem in n for n in self.p.names if n not in own):
            town = stem
        return self.rng.choice(OFFICE_TOWNSHIP).format(t=town), township.code, TOWNSHIP

    def hotline_speech(self) -> Written | None:
        if self.rng.random() < 0.6:
            unit = self.rng.choice(self.p.with_township + self.p.roads)
        else:
            unit = self.rng.choice(self.p.roads)
        town = self._town(unit.township, blank=unit.kind is UnitKind.ROAD)
        door = self._door(unit)
        n = door.number or 0
        roll = self.rng.random()
        if roll < 0.55:
            form = self.rng.choice(HOTLINE_DOOR)
            text = form.format(t=town, u=unit.name, n=n, cn=chinese_number(n))
            if "那块儿" in form or "那一片" in form:  # around the door, not the door
                if unit.kind is UnitKind.VILLAGE:
                    return text, unit.community or "", COMMUNITY
                truth, precision = self.ix.road_door_truth(unit, range(n - 3, n + 4))
                return text, truth, precision
            return text, door.id, ADDRESS
        form = self.rng.choice(HOTLINE_AREA)
        text = form.format(t=town, u=unit.name)
        if unit.kind is UnitKind.VILLAGE:
            return text, unit.community or "", COMMUNITY
        truth, precision = self.ix.road_only_truth(unit)
        return text, truth, precision

    def neighbour_county(self) -> Written | None:
        county, townships = self.rng.choice(NEIGHBOURS)
        head = self.rng.choice(NEIGHBOUR_HEADS).format(c=county)
        if county in NEIGHBOUR_SHORT and self.rng.random() < 0.3:
            head = NEIGHBOUR_SHORT[county]
        if county in NEIGHBOUR_PREFECTURE and head.startswith("威海市"):
            head = head.replace("威海市", NEIGHBOUR_PREFECTURE[county])
        if county in NEIGHBOUR_PREFECTURE and head.startswith("山东省威海市"):
            head = head.replace("威海市", NEIGHBOUR_PREFECTURE[county])
        town = self.rng.choice(townships)
        road = self.rng.choice(self.p.roads).name  # a road name 乳山 has too
        village = self.rng.choice(self.ix.villages).name  # a village name 乳山 has too
        text = self.rng.choice(NEIGHBOUR_FORMS).format(
            h=head, t=town, u=road, v=village, n=self.rng.randint(1, 120)
        )
        return text, "", OUTSIDE


def build_set(registry: Registry, seed: int = SEED) -> list[Item]:
    """The whole set, the same for the same registry and seed."""
    return collect(_Writer(registry, seed), HABITS)


def _prose(registry: Registry, items: list[Item], habits: Counter[str], run: str) -> list[str]:
    return [
        "## Address placement on a third fresh set (v3)",
        "",
        "Command: `python bench/fresh_addresses_v3.py`",
        "",
        f"Run: {run}, CPython {sys.version.split()[0]}. Set `{SET_NAME}`"
        f" (bench/fresh_addresses_v3.py, seed {SEED}), generated from demo registry"
        f" {registry.version}: {len(items)} items, {len(habits)} kinds of writing,"
        f" {habits[OUTSIDE_HABIT]} of them outside the county. New phrasing tables, written"
        " from how people in a Chinese county write addresses, never by calling the matcher or"
        " reading it; labels come from the registry alone, and an item whose label the"
        " registry leaves ambiguous was dropped, never relabelled. Each text is placed through"
        " `Placer.place` as a citizen's report with no point, and scored as the v1 set is"
        " (bench/fresh_addresses.py). It must never be used to tune the matcher, and per-item"
        " misses stay out of the repository.",
        "",
        "Kinds of writing: fanti_input, the address in traditional characters (鎮, 號, 莊,"
        " 東, 區, 樓) as a Hong Kong or Taiwan input method writes it; pinyin_slip, one"
        " character of a road, village or township name typed by its pinyin and picked wrong"
        " (瑞翔, 姜佳村, 五极镇); team_and_group, a village door within its 组/队/生产队/村民组,"
        " or the group alone; beside_a_door, a door and where beside it (对过, 隔壁, 斜对过,"
        " 往东50米, 门口, 院里); commune_era, 乡/公社/大队 names and a wrong township before a"
        " road or village the county has once; road_suffix, a road with 路/街 dropped or"
        " swapped (大道, 大街, 道); flat_notation, building/unit/room notations (3-2-501,"
        " 3号楼2单元, 3栋2门, 3#楼); spoken_numbers, door numbers in Chinese numerals, read"
        " digit by digit (幺零八) or full width; complaint_wrapper, a caller's name, phone,"
        " date and complaint around the address; number_first, the door before the road or"
        " village (12号，黄河路); crossroads, two roads and their crossing (与/和/交叉口/口);"
        " office_or_gate, a village committee, a compound gate or a township office only;"
        " hotline_speech, a 12345 operator's transcription (来电人称…, 在…那块儿);"
        " neighbour_county, an address in 文登/荣成/海阳/牟平/环翠 written with a road or"
        " village name 乳山 has too.",
        "",
        "Labels a reader may dispute: a village door within a group (X村3组12号) is labelled"
        " as the village's door of that number, the registry having no groups, and a group"
        " alone as the village; a door with a word for beside it (对过, 隔壁, 斜对过, 往东50米,"
        " 那块儿) is labelled as the community every door it can mean shares (the neighbouring"
        " one to four doors either way), else the road's township, while 门口/院里/门前/屋后 is"
        " the door itself; a village door beside another (对门, 东邻) is the village; a room"
        " or a floor is labelled as its entrance, 3-2-501 read as building-entrance-room; a"
        " compound's gate, office or car park is its community; a crossing of two roads is the"
        " community its point lies in, at least 150 m inside it, else the township; a"
        " township's office, clinic, school, market or bus station is the township; a 大队 of a"
        " commune is the village of that name in that township; a wrong township before a road"
        " or village the county has once is labelled as that door; a slipped character is"
        " labelled as the place meant when the slip makes, holds or sits in no other registry"
        " name.",
        "",
    ]


def main(argv: list[str] | None = None) -> None:
    run_set(
        argv, __doc__ or "", build_set, _prose, section=SECTION, misses=MISSES,
        set_name=SET_NAME, habits=HABITS, outside=OUTSIDE_HABIT,
    )  # fmt: skip


if __name__ == "__main__":
    main()
