"""A fourth fresh labelled address set for 乳山市 (v4), and one measurement of placement on it.

How it was written: truths are picked from the demo registry with a seeded ``random.Random``
(doors on roads and in villages, buildings and entrances in compounds, villages and
communities), then each truth is written the way people in a Chinese county write an address
in the places they write one: a WeChat group message with its chatter (师傅, 麻烦, @某某) around
the address, a 工单's field layout (事发地址：…；所属街道：…), a grid worker's terse patrol log
(巡查至…发现…), a text typed by speech input with its slips (号 heard as 好, 路 as 陆, 村 as
存, numbers written as words), the full province/city prefix and its variants (山东省威海市乳山市,
威海乳山, the old 乳山县, the post code), a township written without 镇/街道 (夏村 for 夏村镇), a
run of doors (12-16号, 12、14号), a door's annex (12号附1, 12-1号, 12甲号), a spot behind or inside
a door (后院, 胡同里, 院内平房), a compound entrance named by where it is (东单元, 中单元, 西单元),
a village written with its 庄/家/村/格 varied, a street or a row inside a village, an address
partly in pinyin (rushan shi xiacun zhen …), an address broken up by full-width spaces,
``#``, ``/``, ``-``, brackets and line breaks, and addresses in the neighbouring counties
(文登, 荣成, 海阳, 牟平, 环翠). The phrasing tables are new (none is taken from the earlier
sets), and the writing follows the habits, not the matcher: no item was written, kept,
dropped or relabelled by calling the matcher or by reading its code, its rules, its tests or
its other test sets.

Labels come from the registry alone, as a careful human who knows the registry would give
them: the standard address when the door is unambiguous, else the deepest unambiguous place
(village/community or township) at that precision; an item outside the county is "not
placeable". An item whose label the registry leaves ambiguous is dropped, never relabelled: a
village name the county has twice written without its township, a varied spelling that is
another village's name or spelling or sits inside another name, a township stem that runs
into the next name to make another one (南黄 + 庄子园村 holds 南黄庄), a slip or a word of the
chatter around the address that holds a registry name the address does not mean (a name that
is part of the meant one, 南黄 in 南黄岛村, does not count).

Labelling conventions a reader may dispute:

- a run of doors on a road (12-16号, 12至16号, 12号到16号) is labelled as the community every
  door from the first to the last shares, odd and even alike, else the road's township; a list
  (12、14号) as the community the listed doors share, else the township; a run or list of doors
  in a village is the village; a run of buildings in a compound is the compound's community,
  and a run of entrances in one building is that building;
- a door's annex or sub-number (12号附1, 12号之二, 12-1号, 12甲号, 12号附属房) is door 12; 12-1号 is
  read as door 12's annex, never as a run (runs are written with the higher number second);
- a spot behind, inside or above a door (后院, 后身, 胡同里, 院内平房, 跨院, 二楼, 临街门市) is that
  door;
- an entrance named by its side or counted from one (东单元, 西单元, 中单元, 最东头的门洞,
  东数第二个门) is labelled as its building, the registry not saying which way its entrances
  are numbered;
- a village door written with a street or row the registry does not have (X村前街12号, X村二排5号)
  is the village, the door being counted along that street or row, not along the village; a
  village written before a road the registry has, at a door of that road inside the village
  (X村黄河路12号), is that road's door;
- a village written short or varied (宋家庄村 as 宋家庄, 宋家 or 宋庄; 吕格庄 as 吕各庄; 姜家村 as
  姜家庄 or 姜村) is that village when the variant is no other village's name or variant in the
  county (in the township, when the township is written) and sits in no other registry name;
- a patrol log's 门前 or 处 at a door is that door; a stretch of road between two doors
  (12号至20号一段) is labelled as a run; a road alone (沿…巡查, …全线, a WeChat message about
  这段路灯) as the community all its doors lie in, else its township;
- a work order's 所属街道/所属社区 fields always agree with the address and are part of the text;
- speech-input slips (好 for 号, 陆 for 路, 接 for 街, 存 for 村, 阵 for 镇, 搂 for 楼, 如山 for
  乳山) are read as meant; numbers said as words are read as numbers.

Scoring, the placement run and the outcome names are v1's (bench/fresh_addresses.py).

Rule: this set must never be used to tune the matcher; only the aggregate table goes to
docs/benchmarks.md. Per-item misses are written only to the untracked (git-ignored)
var/fresh-addresses-v4/misses.md. Reading them while changing the matcher spends the set.

    python bench/fresh_addresses_v4.py              # measure, write docs/benchmarks.md
    python bench/fresh_addresses_v4.py --no-write   # measure and print only
"""

from __future__ import annotations

import random
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.fresh_addresses import (  # noqa: E402
    ADDRESS,
    COMMUNITY,
    OUTSIDE,
    Item,
    _Index,
    chinese_number,
    collect,
    run_set,
)
from grid.model import Address, AddressUnit, Registry, UnitKind  # noqa: E402

SEED = 20261206
SET_NAME = "fresh-addresses-v4"
SECTION = "fresh-addresses-v4"
MISSES = ROOT / "var" / "fresh-addresses-v4" / "misses.md"
OUTSIDE_HABIT = "neighbour_outside"

Written = tuple[str, str, str]  # text, truth, precision

# Habit -> how many items (the neighbouring counties are ~8% of the whole).
HABITS: dict[str, int] = {
    "wechat_message": 26,
    "work_order": 26,
    "patrol_log": 26,
    "voice_input": 26,
    "long_prefix": 26,
    "township_stem": 24,
    "door_run": 26,
    "sub_number": 26,
    "lane_behind": 24,
    "unit_words": 24,
    "village_spelling": 26,
    "village_street": 24,
    "pinyin_mix": 24,
    "symbols_spacing": 26,
    OUTSIDE_HABIT: 30,
}

# The county, the prefecture and the province: names every in-county text may hold.
COUNTY_NAMES = ("山东省", "威海市", "乳山市", "乳山县")

# -- phrasing tables (v4's own) -------------------------------------------------------------

SURNAMES = "王李张刘孙于姜宫林徐宋丛隋初毕杜衣滕谷"

# A WeChat group message around a door ({a}); {p} is a surname.
WECHAT_DOOR = (
    "师傅您好，麻烦明天上午过来一趟，地址{a}，到了打电话",
    "@{p}师傅 {a}这家的暖气片漏水了，麻烦抽空来看看",
    "{a}，家里白天没人，麻烦晚上六点以后来",
    "收到，地址是{a}，我这就过去",
    "麻烦问下{a}归哪个网格员管？",
    "各位邻居，{a}外边的井盖丢了，过路的注意点",
    "{p}姐，你说的是不是{a}那家？",
    "师傅我家在{a}，到了喊一声就行，谢谢啦",
    "{a} 麻烦尽快安排，老人在家等着呢",
    "刚才发错了，地址应该是{a}",
    "转发：{a}停水了，啥时候来水？",
    "@所有人 {a}明天下午检修燃气，请留人在家",
)
# A WeChat message about a village as a whole ({v}).
WECHAT_VILLAGE = (
    "{v}这边停电了，有谁知道咋回事吗",
    "有没有{v}的群友？帮忙问问收垃圾的车咋没来",
    "麻烦师傅，{v}的自来水浑了好几天了",
)
# ... and about a road as a whole ({u}).
WECHAT_ROAD = (
    "{u}这段路灯全黑了，谁给反映一下",
    "提醒一下：{u}在修管道，开车绕着走",
)

# A work order's fields: {a} address, {t} township, {c} community, {no} order, {ph} phone,
# {i} the issue.
WORK_ORDER = (
    "工单号：{no}\n事发地址：{a}\n所属街道：{t}\n诉求内容：{i}",
    "事发地址：{a}；所属街道：{t}；联系电话：{ph}",
    "【事发地址】{a}【所属镇街】{t}【问题类型】{i}",
    "地址：{a} | 所属乡镇：{t} | 来源：12345热线",
    "事发地址：{a}\n所属社区：{c}\n办理时限：3个工作日",
    "受理编号{no}；事发地点：{a}；所属街道：{t}；诉求：{i}",
    "事件类别：{i}；事发地址：{a}；所属街道：{t}；所属社区：{c}",
)
WORK_ORDER_VILLAGE = (
    "事发地址：{v}（门牌不详）；所属街道：{t}；诉求内容：{i}",
    "【事发地址】{v}【所属镇街】{t}【备注】具体位置待核实",
)
ISSUES = (
    "路面塌陷",
    "污水外溢",
    "违章搭建",
    "垃圾清运不及时",
    "路灯不亮",
    "占道经营",
    "噪声扰民",
    "树木倒伏",
    "供暖不热",
    "井盖缺失",
)

# A grid worker's patrol log.
PATROL_DOOR = (
    "巡查至{a}，发现{i}，已拍照上报",
    "{hm} 巡查{a} {i} 已劝离",
    "今日巡查：{a}门前{i}，已通知户主整改",
    "巡查至{a}处，发现{i}，待处置",
    "{d}巡查 {a} {i}",
)
PATROL_STRETCH = (
    "巡查至{u}{x}号至{y}号一段，发现{i}",
    "{hm} 巡查{u}{x}-{y}号路段 {i}",
)
PATROL_ROAD = ("沿{u}巡查一遍，{i}多处", "{d}巡查{u}全线，发现{i}")
PATROL_VILLAGE = ("巡查至{v}，村西头{i}", "{hm} 巡查{v} 发现{i} 已上报")
PATROL_COMPOUND = ("入户走访{c}{b}号楼{e}单元，{i}", "巡查至{c}{b}号楼{e}单元门口 {i}")

# Speech input: what a syllable is heard as (only at the end of a word, as a suffix is).
VOICE_SUFFIX = {
    "路": ("陆", "录", "鹿"),
    "街": ("接", "节", "阶"),
    "村": ("存", "寸"),
    "镇": ("阵", "震"),
}
VOICE_NUMBER_WORD = ("好", "浩", "号")
VOICE_COUNTY = ("如山", "汝山", "乳山", "")
VOICE_BEFORE = ("", "", "嗯，", "那个，", "喂你好，", "就是，", "我说一下地址啊，")
VOICE_AFTER = ("", "", "。", "，对，就是这儿", "，你记一下", "。谢谢")

# The province, city and county written in front of the address.
LONG_HEADS = (
    "山东省威海市乳山市",
    "山东威海乳山",
    "威海乳山",
    "威海市乳山市",
    "乳山县",
    "山东省乳山县",
    "中国山东省威海市乳山市",
    "264500 山东省威海市乳山市",
    "山东省威海市乳山",
    "山东省 威海市 乳山市 ",
    "威海市乳山",
    "山东乳山市",
)

# A run of doors along a road or in a village (from the first to the last), a list of doors,
# a run of buildings in a compound, a run of entrances in a building.
RUN_RANGE = (
    "{u}{x}-{y}号",
    "{u}{x}至{y}号",
    "{u}{x}号到{y}号",
    "{u}{x}～{y}号",
    "{u}{x}号至{y}号沿街",
)
RUN_LIST2 = ("{u}{x}、{y}号", "{u}{x}号和{y}号", "{u}{x}号、{y}号两户")
RUN_LIST3 = ("{u}{x}、{y}、{z}号", "{u}{x}号{y}号{z}号")
RUN_BUILDINGS = ("{c}{x}-{y}号楼", "{c}{x}号楼至{y}号楼", "{c}{x}、{y}号楼")
RUN_ENTRANCES = ("{c}{b}号楼{x}-{y}单元", "{c}{b}号楼{x}、{y}单元")

# A door's annex or sub-number.
SUB_FORMS = (
    "{u}{n}号附{k}",
    "{u}{n}号附{k}号",
    "{u}{n}号之{kc}",
    "{u}{n}-{k}号",
    "{u}{n}号-{k}",
    "{u}{n}甲号",
    "{u}{n}号甲",
    "{u}{n}号乙",
    "{u}{n}号附属房",
    "{u}{n}号副{k}号",
)

# A spot behind, inside or above a door.
BEHIND_FORMS = (
    "{u}{n}号后院",
    "{u}{n}号院内平房",
    "{u}{n}号胡同里",
    "{u}{n}号后身",
    "{u}{n}号院内东厢房",
    "{u}{n}号最里头那间",
    "{u}{n}号跨院",
    "{u}{n}号临街门市",
    "{u}{n}号二楼",
    "{u}{n}号后头小屋",
)

# An entrance named by its side: (form, the fewest entrances the building needs).
SIDE_ENTRANCE: tuple[tuple[str, int], ...] = (
    ("{c}{b}号楼东单元", 2),
    ("{c}{b}号楼西单元", 2),
    ("{c}{b}号楼东边那个单元", 2),
    ("{c}{b}号楼西头单元{f}楼", 2),
    ("{c}{b}号楼最东头的门洞", 2),
    ("{c}{b}栋西单元{r}", 2),
    ("{c}{b}号楼中单元", 3),
    ("{c}{b}号楼中间那个单元{r}室", 3),
    ("{c}{b}号楼东数第二个门", 3),
)

# Streets and rows inside a village that the registry does not have.
VILLAGE_LANES = (
    "前街",
    "后街",
    "中街",
    "东大街",
    "西大街",
    "二排",
    "三排",
    "前排",
    "一巷",
    "二巷",
    "东胡同",
    "中心街",
)
VILLAGE_ROAD_FORMS = ("{v}{u}{n}号", "{u}{n}号（{v}）", "{v}，{u}{n}号", "{v} {u}{n}号")

# Pinyin of the characters of road, compound and township names.
PINYIN: dict[str, str] = {
    "下": "xia", "世": "shi", "业": "ye", "东": "dong", "丰": "feng", "临": "lin",
    "乐": "le", "乳": "ru", "云": "yun", "亮": "liang", "人": "ren", "健": "jian",
    "兴": "xing", "冠": "guan", "冯": "feng", "凤": "feng", "凰": "huang", "初": "chu",
    "利": "li", "前": "qian", "区": "qu", "午": "wu", "华": "hua", "南": "nan",
    "口": "kou", "向": "xiang", "和": "he", "商": "shang", "团": "tuan", "园": "yuan",
    "场": "chang", "城": "cheng", "复": "fu", "夏": "xia", "大": "da", "天": "tian",
    "子": "zi", "孤": "gu", "学": "xue", "安": "an", "家": "jia", "宾": "bin",
    "富": "fu", "寨": "zhai", "小": "xiao", "山": "shan", "岭": "ling", "崖": "ya",
    "工": "gong", "平": "ping", "年": "nian", "幸": "xing", "广": "guang", "庆": "qing",
    "府": "fu", "康": "kang", "建": "jian", "往": "wang", "徐": "xu", "怡": "yi",
    "所": "suo", "才": "cai", "振": "zhen", "政": "zheng", "新": "xin", "方": "fang",
    "旗": "qi", "春": "chun", "晖": "hui", "景": "jing", "月": "yue", "望": "wang",
    "朝": "chao", "村": "cun", "松": "song", "极": "ji", "民": "min", "永": "yong",
    "江": "jiang", "沙": "sha", "河": "he", "泉": "quan", "泽": "ze", "浪": "lang",
    "海": "hai", "润": "run", "湾": "wan", "滨": "bin", "滩": "tan", "瑞": "rui",
    "白": "bai", "益": "yi", "碧": "bi", "祥": "xiang", "福": "fu", "竹": "zhu",
    "红": "hong", "纪": "ji", "结": "jie", "绣": "xiu", "群": "qun", "翠": "cui",
    "育": "yu", "胜": "sheng", "腾": "teng", "花": "hua", "苑": "yuan", "西": "xi",
    "观": "guan", "设": "she", "诸": "zhu", "达": "da", "迎": "ying", "进": "jin",
    "通": "tong", "道": "dao", "里": "li", "金": "jin", "银": "yin", "锦": "jin",
    "长": "chang", "阳": "yang", "青": "qing", "静": "jing", "颐": "yi", "馨": "xin",
    "黄": "huang", "黎": "li", "龙": "long",
}  # fmt: skip
PINYIN_SUFFIX = {"路": "Lu", "街": "Jie", "镇": "Zhen", "街道": "Jiedao", "小区": "Xiaoqu"}
PINYIN_COUNTY = ("Rushan Shi", "rushan shi", "Rushan", "RUSHAN", "乳山市", "", "")
PINYIN_NUMBER = ("{n} hao", "{n}hao", "No.{n}", "{n}号", "No. {n}", "{n} Hao")

# Symbols and spacing: {t} township, {u} road or village, {n} door.
SPACED_DOOR = (
    "{t}\u3000{u}\u3000{n}号",
    "{t}/{u}/{n}号",
    "{t}-{u}-{n}号",
    "{u}{n}#",
    "【{t}】{u}{n}号",
    "{u}{n}号（{t}）",
    "({t}){u} {n}号",
    "{t}\n{u}\n{n}号",
    "{t}{u}\u3000{n} 号",
    "{u}（{n}号）",
    "{t}>{u}>{n}号",
    "  {t}{u}{n}号  ",
    "{t}·{u}·{n}号",
    "{t}，，{u}  {n}号",
    "[{u}]{n}号",
)
SPACED_ENTRANCE = (
    "{c}\u3000{b}#楼\u3000{e}单元",
    "{c}[{b}号楼{e}单元]",
    "{c}/{b}号楼/{e}单元",
    "{c}\n{b}号楼{e}单元",
    "{c}（{b}号楼 {e}单元）",
    "{c} {b}# {e}单元",
)

# Real townships of the neighbouring counties (and the city each county is in).
NEIGHBOURS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("文登区", "文登", "威海市",
     ("环山街道", "文登营镇", "大水泊镇", "张家产镇", "泽库镇", "小观镇")),
    ("荣成市", "荣成", "威海市",
     ("宁津街道", "港湾街道", "俚岛镇", "成山镇", "埠柳镇", "虎山镇")),
    ("海阳市", "烟台海阳", "烟台市",
     ("东村街道", "发城镇", "小纪镇", "行村镇", "朱吴镇", "辛安镇")),
    ("牟平区", "牟平", "烟台市",
     ("武宁街道", "大窑街道", "水道镇", "高陵镇", "王格庄镇", "莒格庄镇")),
    ("环翠区", "环翠", "威海市",
     ("鲸园街道", "竹岛街道", "田村街道", "桥头镇", "草庙子镇")),
)  # fmt: skip
# Streets those counties really have.
NEIGHBOUR_STREETS = {
    "文登区": ("昆嵛路", "米山路"),
    "荣成市": ("成山大道",),
    "环翠区": ("统一路", "新威路", "世昌大道"),
}
NEIGHBOUR_HEADS = ("{city}{county}", "山东省{city}{county}", "{county}", "{short}", "{short}")
NEIGHBOUR_FORMS = (
    "{h}{t}{u}{n}号",
    "{h}{t}{v}{n}号",
    "{h}{t}{v}",
    "师傅麻烦跑一趟，{h}{t}{u}{n}号，到了打电话",
    "事发地址：{h}{t}{v}{n}号；所属街道：{t}",
    "巡查至{h}{t}{u}{n}号附近，发现{i}",
    "{h}{t}{u}{n}-{m}号",
    "{h}{t}{v}{n}号后院",
)


def _cap(syllables: str) -> str:
    return syllables[:1].upper() + syllables[1:]


def pinyin_of(name: str) -> str | None:
    """A road, compound or township name in pinyin (黄河路 -> Huanghe Lu), None when a character
    of it is not in the table."""
    for suffix, word in sorted(PINYIN_SUFFIX.items(), key=lambda kv: -len(kv[0])):
        if name.endswith(suffix):
            stem = name[: -len(suffix)]
            if not stem or any(ch not in PINYIN for ch in stem):
                return None
            return _cap("".join(PINYIN[ch] for ch in stem)) + " " + word
    return None


class _Knows:
    """What the writer knows of the registry beyond v1's index: every name a text could mean
    (village names without their 村 too), which villages are safe to write alone, and which
    road doors lie in a village."""

    def __init__(self, registry: Registry) -> None:
        self.ix = ix = _Index(registry)
        stems = {u.name[:-1] for u in ix.villages if len(u.name) >= 3}
        self.names = sorted(n for n in ix.known_names | stems if len(n) >= 2)
        named = Counter(u.name for u in ix.villages)
        by_township: dict[str, Counter[str]] = defaultdict(Counter)
        for u in ix.villages:
            by_township[u.township][u.name] += 1
        # A village is written alone only when the county has its name once and no other name
        # holds it; with its township when the township has it once.
        self.alone = [
            u
            for u in ix.villages
            if named[u.name] == 1 and not any(u.name in n and n != u.name for n in self.names)
        ]
        self.alone_ids = {u.id for u in self.alone}
        self.with_township = [u for u in ix.villages if by_township[u.township][u.name] == 1]
        self.with_township_ids = {u.id for u in self.with_township}
        self.roads = ix.roads
        self.compounds = ix.compounds
        self.townships = ix.townships
        self.village_of_community = {u.community: u for u in ix.villages}
        # Road doors inside a village's community: (door, village).
        self.road_doors_in_villages: list[tuple[Address, AddressUnit]] = []
        for road in ix.roads:
            for door in ix.doors[road.id]:
                village = self.village_of_community.get(ix.community_of(door))
                if village is not None:
                    self.road_doors_in_villages.append((door, village))
        # The spellings of every village (its stem varied), for the ambiguity of a variant.
        self.spellings = {u.id: village_variants(u.name) for u in ix.villages}

    def township_names(self, code: str) -> tuple[str, ...]:
        division = self.ix.divisions[code]
        return (division.name, *division.aliases)

    def meant(self, unit: AddressUnit | None, *more: str) -> list[str]:
        """The names a text about ``unit`` may hold: the county's, the township's, the unit's,
        its community's, and ``more``."""
        names = [*COUNTY_NAMES, *more]
        if unit is not None:
            names += [unit.name, *unit.aliases, *self.township_names(unit.township)]
            if unit.kind is UnitKind.VILLAGE:
                names.append(unit.name[:-1])
            if unit.community:
                names.append(self.ix.divisions[unit.community].name)
        return names

    def holds_other(self, text: str, meant: Iterable[str]) -> bool:
        """``text`` holds a registry name (two characters or more) that is none of ``meant``
        and sits in none of them."""
        meant = list(meant)
        return any(n in text and not any(n in m for m in meant) for n in self.names)


def village_variants(name: str) -> set[str]:
    """How a village is written short or varied, 村 kept or dropped: 宋家庄村 -> 宋家庄, 宋家,
    宋庄 (and 宋家村, 宋庄村); 吕格庄村 -> 吕各庄; 姜家村 -> 姜家庄, 姜村."""
    stem = name.removesuffix("村")
    if not stem:
        return set()
    stems = {stem}
    if stem.endswith("家庄") and len(stem) >= 3:
        stems.add(stem[:-1])  # X家
        stems.add(stem[:-2] + "庄")  # X庄
    if "格庄" in stem:
        stems.add(stem.replace("格庄", "各庄"))
    if stem.endswith("家") and len(stem) >= 2:
        stems.add(stem + "庄")  # X家庄
        stems.add(stem[:-1])  # X (written X村)
    written: set[str] = set()
    for s in stems:
        if len(s) >= 2:
            written.add(s)
        written.add(s + "村")
    written.discard(name)
    return {w for w in written if len(w) >= 2}


class _Writer:
    def __init__(self, registry: Registry, seed: int) -> None:
        self.rng = random.Random(seed)
        self.k = _Knows(registry)
        self.ix = self.k.ix

    # -- small helpers ------------------------------------------------------------------
    def _pick(self, options: tuple[str, ...] | list[str]) -> str:
        return self.rng.choice(options)

    def _phone(self) -> str:
        return "1" + self.rng.choice("35789") + "".join(self.rng.choices("0123456789", k=9))

    def _order_no(self) -> str:
        return f"RS2026{self.rng.randint(1, 12):02d}{self.rng.randint(1, 9999):04d}"

    def _day(self) -> str:
        month, day = self.rng.randint(1, 12), self.rng.randint(1, 28)
        return self._pick((f"{month}月{day}日", f"{month}/{day}", f"2026.{month}.{day} "))

    def _clock(self) -> str:
        return f"{self.rng.randint(7, 17)}:{self.rng.choice(('00', '15', '30', '45'))}"

    def _door(self, unit: AddressUnit, low: int = 1) -> Address:
        return self.ix.door(self.rng, unit, low)

    def _town_name(self, code: str) -> str:
        return self.ix.divisions[code].name

    def _road(self, town: bool | None = None) -> tuple[AddressUnit, str]:
        """A road and how it is written: with its township (full name) or without."""
        unit = self.rng.choice(self.k.roads)
        if town is None:
            town = self.rng.random() < 0.5
        return unit, (self._town_name(unit.township) if town else "") + unit.name

    def _village(self, town: bool | None = None) -> tuple[AddressUnit, str]:
        """A village and how it is written: alone when that is safe, else with its township."""
        if town is not True and self.rng.random() < 0.45:
            unit = self.rng.choice(self.k.alone)
            return unit, unit.name
        unit = self.rng.choice(self.k.with_township)
        return unit, self._town_name(unit.township) + unit.name

    def _place(self) -> tuple[AddressUnit, str]:
        return self._road() if self.rng.random() < 0.55 else self._village()

    def _compound_name(self, unit: AddressUnit, town: bool = False) -> str:
        name = self._pick((unit.name, unit.name, *unit.aliases))
        return (self._town_name(unit.township) if town else "") + name

    def _entrance(self) -> tuple[AddressUnit, Address]:
        unit = self.rng.choice(self.k.compounds)
        doors = [a for a in self.ix.doors[unit.id] if a.entrance is not None]
        return unit, self.rng.choice(doors)

    def _ok(self, text: str, unit: AddressUnit | None, *more: str) -> bool:
        return not self.k.holds_other(text, self.k.meant(unit, *more))

    def _door_or_place(self) -> tuple[AddressUnit, Address, str]:
        """A door on a road, in a village or an entrance in a compound, written plainly."""
        roll = self.rng.random()
        if roll < 0.45:
            unit, where = self._road()
        elif roll < 0.8:
            unit, where = self._village()
        else:
            unit, door = self._entrance()
            address = f"{self._compound_name(unit)}{door.building}号楼{door.entrance}单元"
            return unit, door, address
        door = self._door(unit)
        return unit, door, f"{where}{door.number}号"

    # -- habits -------------------------------------------------------------------------
    def wechat_message(self) -> Written | None:
        roll = self.rng.random()
        if roll < 0.12:
            unit, where = self._village()
            text = self._pick(WECHAT_VILLAGE).format(v=where)
            truth, precision = unit.community or "", COMMUNITY
        elif roll < 0.2:
            unit, where = self._road()
            text = self._pick(WECHAT_ROAD).format(u=where)
            truth, precision = self.ix.road_only_truth(unit)
        else:
            unit, door, address = self._door_or_place()
            text = self._pick(WECHAT_DOOR).format(a=address, p=self._pick(SURNAMES))
            truth, precision = door.id, ADDRESS
        return (text, truth, precision) if self._ok(text, unit) else None

    def work_order(self) -> Written | None:
        issue = self._pick(ISSUES)
        if self.rng.random() < 0.15:
            unit = self.rng.choice(self.k.with_township)
            town = self._town_name(unit.township)
            text = self._pick(WORK_ORDER_VILLAGE).format(v=unit.name, t=town, i=issue)
            return (text, unit.community or "", COMMUNITY) if self._ok(text, unit) else None
        roll = self.rng.random()
        if roll < 0.45:
            unit, where = self._road(town=self.rng.random() < 0.3)
            door = self._door(unit)
            address = f"{where}{door.number}号"
        elif roll < 0.8:
            unit = self.rng.choice(self.k.with_township)
            door = self._door(unit)
            address = f"{unit.name}{door.number}号"  # the township is in its own field
        else:
            unit, door = self._entrance()
            address = f"{self._compound_name(unit)}{door.building}号楼{door.entrance}单元"
        community = self.ix.divisions[self.ix.community_of(door)].name
        form = self._pick(WORK_ORDER)
        if "{t}" not in form and unit.kind is UnitKind.VILLAGE and unit.id not in self.k.alone_ids:
            return None  # a village the county has twice needs its township
        text = form.format(
            a=address,
            t=self._town_name(unit.township),
            c=community,
            no=self._order_no(),
            ph=self._phone(),
            i=issue,
        )
        return (text, door.id, ADDRESS) if self._ok(text, unit, community) else None

    def patrol_log(self) -> Written | None:
        issue = self._pick(ISSUES)
        hm, day = self._clock(), self._day()
        roll = self.rng.random()
        if roll < 0.5:
            unit, where = self._place()
            door = self._door(unit)
            text = self._pick(PATROL_DOOR).format(
                a=f"{where}{door.number}号", i=issue, hm=hm, d=day
            )
            truth, precision = door.id, ADDRESS
        elif roll < 0.62:
            unit, where = self._road()
            x = self.rng.randint(1, 150)
            y = x + self.rng.choice((4, 6, 8, 10))
            text = self._pick(PATROL_STRETCH).format(u=where, x=x, y=y, i=issue, hm=hm)
            truth, precision = self.ix.road_door_truth(unit, range(x, y + 1))
        elif roll < 0.7:
            unit, where = self._road()
            text = self._pick(PATROL_ROAD).format(u=where, i=issue, d=day)
            truth, precision = self.ix.road_only_truth(unit)
        elif roll < 0.85:
            unit, where = self._village()
            text = self._pick(PATROL_VILLAGE).format(v=where, i=issue, hm=hm)
            truth, precision = unit.community or "", COMMUNITY
        else:
            unit, door = self._entrance()
            text = self._pick(PATROL_COMPOUND).format(
                c=self._compound_name(unit), b=door.building, e=door.entrance, i=issue
            )
            truth, precision = door.id, ADDRESS
        return (text, truth, precision) if self._ok(text, unit) else None

    def voice_input(self) -> Written | None:
        """Speech input: a suffix heard as another character of its sound, 号 as 好, numbers
        as words; at least one slip an eye would notice."""
        rng = self.rng
        county = self._pick(VOICE_COUNTY)
        if rng.random() < 0.2:  # numbers as words, 楼 or 单元 perhaps misheard too
            unit, door = self._entrance()
            lou = self._pick(("楼", "搂"))
            danyuan = self._pick(("单元", "单元", "单员", "担元"))
            address = (
                f"{self._compound_name(unit)}{chinese_number(door.building or 0)}号{lou}"
                f"{chinese_number(door.entrance or 0)}{danyuan}"
            )
            slipped = True
        else:
            if rng.random() < 0.5:
                unit = rng.choice(self.k.roads)
                parts = [self._town_name(unit.township) if rng.random() < 0.5 else "", unit.name]
            else:
                unit = rng.choice(self.k.with_township)
                parts = [self._town_name(unit.township), unit.name]
            door = self._door(unit)
            heard = []
            slipped = False
            for part in parts:
                if part[-1:] in VOICE_SUFFIX and rng.random() < 0.5:
                    part = part[:-1] + self._pick(VOICE_SUFFIX[part[-1]])
                    slipped = True
                heard.append(part)
            n = door.number or 0
            number = chinese_number(n) if rng.random() < 0.6 else str(n)
            word = self._pick(VOICE_NUMBER_WORD)
            slipped = slipped or word != "号" or not number.isdigit()
            address = "".join(heard) + number + word
        slipped = slipped or county in ("如山", "汝山")
        if not slipped:
            return None
        text = self._pick(VOICE_BEFORE) + county + address + self._pick(VOICE_AFTER)
        return (text, door.id, ADDRESS) if self._ok(text, unit) else None

    def long_prefix(self) -> Written | None:
        head = self._pick(LONG_HEADS)
        roll = self.rng.random()
        if roll < 0.45:
            unit = self.rng.choice(self.k.roads)
            door = self._door(unit)
            address = f"{unit.name}{door.number}号"
        elif roll < 0.8:
            unit = self.rng.choice(self.k.with_township)
            door = self._door(unit)
            address = f"{unit.name}{door.number}号"
        else:
            unit, door = self._entrance()
            address = f"{self._compound_name(unit)}{door.building}号楼{door.entrance}单元"
        town = self._town_name(unit.township)
        if unit.kind is UnitKind.ROAD and self.rng.random() < 0.3:
            town = ""
        text = f"{head}{town}{address}"
        return (text, door.id, ADDRESS) if self._ok(text, unit) else None

    def township_stem(self) -> Written | None:
        township = self.rng.choice(self.k.townships)
        stem = township.aliases[0]  # 夏村, 乳山口, 城区
        roll = self.rng.random()
        joint = self._pick(("", "", "", " ", "的"))
        if roll < 0.4:
            roads = [u for u in self.k.roads if u.township == township.code]
            unit = self.rng.choice(roads)
            door = self._door(unit)
            number = self._pick((f"{door.number}号", f"{door.number}号", f"{door.number}"))
            text = f"{stem}{joint}{unit.name}{number}"
            truth, precision = door.id, ADDRESS
        elif roll < 0.85:
            villages = [u for u in self.k.with_township if u.township == township.code]
            unit = self.rng.choice(villages)
            door = self._door(unit)
            if self.rng.random() < 0.8:
                text = f"{stem}{joint}{unit.name}{door.number}号"
                truth, precision = door.id, ADDRESS
            else:
                text = f"{stem}{joint}{unit.name}"
                truth, precision = unit.community or "", COMMUNITY
        else:
            compounds = [u for u in self.k.compounds if u.township == township.code]
            if not compounds:
                return None
            unit = self.rng.choice(compounds)
            door = self.rng.choice([a for a in self.ix.doors[unit.id] if a.entrance is not None])
            text = f"{stem}{joint}{unit.name}{door.building}号楼{door.entrance}单元"
            truth, precision = door.id, ADDRESS
        # The stem must not run into the name after it to make another (南黄 + 庄子园村).
        return (text, truth, precision) if self._ok(text, unit) else None

    def door_run(self) -> Written | None:
        roll = self.rng.random()
        if roll < 0.55:
            unit, where = self._road()
            truth_of = self.ix.road_door_truth
        elif roll < 0.8:
            unit, where = self._village()

            def truth_of(u: AddressUnit, _numbers: Iterable[int]) -> tuple[str, str]:
                return u.community or "", COMMUNITY
        else:
            return self._compound_run()
        top = max(a.number or 0 for a in self.ix.doors[unit.id])
        kind = self.rng.random()
        if kind < 0.55:
            x = self.rng.randint(1, top - 8)
            y = x + self.rng.choice((2, 3, 4, 6, 8))
            text = self._pick(RUN_RANGE).format(u=where, x=x, y=y)
            numbers: list[int] = list(range(x, y + 1))
        elif kind < 0.8:
            x = self.rng.randint(1, top - 4)
            y = x + self.rng.choice((1, 2, 2))
            text = self._pick(RUN_LIST2).format(u=where, x=x, y=y)
            numbers = [x, y]
        else:
            x = self.rng.randint(1, top - 4)
            numbers = [x, x + 2, x + 4]
            text = self._pick(RUN_LIST3).format(u=where, x=x, y=x + 2, z=x + 4)
        truth, precision = truth_of(unit, numbers)
        return (text, truth, precision) if self._ok(text, unit) else None

    def _compound_run(self) -> Written | None:
        unit = self.rng.choice(self.k.compounds)
        name = self._compound_name(unit, town=self.rng.random() < 0.3)
        doors = self.ix.doors[unit.id]
        if self.rng.random() < 0.6:
            buildings = sorted({a.building for a in doors if a.building is not None})
            x = self.rng.choice(buildings[:-1])
            y = self.rng.choice([b for b in buildings if b > x])
            text = self._pick(RUN_BUILDINGS).format(c=name, x=x, y=y)
            return (text, unit.community or "", COMMUNITY) if self._ok(text, unit) else None
        building = self.rng.choice(
            [a for a in doors if a.entrance is None and a.building is not None]
        )
        entrances = sorted(
            a.entrance for a in doors if a.building == building.building and a.entrance
        )
        if len(entrances) < 2:
            return None
        x = self.rng.choice(entrances[:-1])
        y = self.rng.choice([e for e in entrances if e > x])
        text = self._pick(RUN_ENTRANCES).format(c=name, b=building.building, x=x, y=y)
        return (text, building.id, ADDRESS) if self._ok(text, unit) else None

    def sub_number(self) -> Written | None:
        unit, where = self._place()
        door = self._door(unit, low=10)  # 12-1号 must not read as a run
        k = self.rng.randint(1, 3)
        form = self._pick(SUB_FORMS)
        text = form.format(u=where, n=door.number, k=k, kc=chinese_number(k))
        return (text, door.id, ADDRESS) if self._ok(text, unit) else None

    def lane_behind(self) -> Written | None:
        unit, where = self._place()
        door = self._door(unit)
        text = self._pick(BEHIND_FORMS).format(u=where, n=door.number)
        return (text, door.id, ADDRESS) if self._ok(text, unit) else None

    def unit_words(self) -> Written | None:
        unit = self.rng.choice(self.k.compounds)
        form, fewest = self.rng.choice(SIDE_ENTRANCE)
        doors = self.ix.doors[unit.id]
        buildings = [
            a
            for a in doors
            if a.entrance is None
            and a.building is not None
            and sum(1 for b in doors if b.building == a.building and b.entrance) >= fewest
        ]
        if not buildings:
            return None
        building = self.rng.choice(buildings)
        floor = self.rng.randint(1, 6)
        text = form.format(
            c=self._compound_name(unit, town=self.rng.random() < 0.25),
            b=building.building,
            f=floor,
            r=f"{floor}0{self.rng.randint(1, 2)}",
        )
        return (text, building.id, ADDRESS) if self._ok(text, unit) else None

    def village_spelling(self) -> Written | None:
        unit = self.rng.choice(self.ix.villages)
        options = sorted(self.k.spellings[unit.id])
        varied = [w for w in options if w.removesuffix("村") != unit.name[:-1]]
        if varied and self.rng.random() < 0.7:
            options = varied  # 庄/家/格 varied, not only 村 dropped
        if not options:
            return None
        written = self.rng.choice(options)
        with_town = self.rng.random() < 0.6
        if with_town:
            scope = [u for u in self.ix.villages if u.township == unit.township]
        else:
            scope = self.ix.villages
        # The variant must name this village only: no other village in scope is written so
        # or is called so, and no other registry name holds it or sits in it.
        meaning = [u for u in scope if written == u.name or written in self.k.spellings[u.id]]
        if meaning != [unit]:
            return None
        own = {unit.name, unit.name[:-1]}
        if any(written in n and n not in own for n in self.k.names):
            return None
        if self.k.holds_other(written, self.k.meant(unit)):
            return None
        town = self._town_name(unit.township) if with_town else ""
        if with_town and self.rng.random() < 0.3:
            town = self.ix.divisions[unit.township].aliases[0]
        door = self._door(unit)
        if self.rng.random() < 0.8:
            form = self._pick(("{t}{w}{n}号", "{t}{w}{n}号", "{t}{w} {n}号", "{t}{w}{n}"))
            text = form.format(t=town, w=written, n=door.number)
            truth, precision = door.id, ADDRESS
        else:
            text = self._pick(("{t}{w}", "{t}{w}那边")).format(t=town, w=written)
            truth, precision = unit.community or "", COMMUNITY
        return (text, truth, precision) if self._ok(text, unit, written) else None

    def village_street(self) -> Written | None:
        if self.rng.random() < 0.4:
            door, village = self.rng.choice(self.k.road_doors_in_villages)
            if village.id in self.k.alone_ids and self.rng.random() < 0.5:
                where = village.name
            elif village.id in self.k.with_township_ids:
                where = self._town_name(village.township) + village.name
            else:
                return None
            road = self.ix.units[door.unit]
            form = self._pick(VILLAGE_ROAD_FORMS)
            text = form.format(v=where, u=road.name, n=door.number)
            ok = self._ok(text, village, road.name)
            return (text, door.id, ADDRESS) if ok else None
        unit, where = self._village()
        lane = self._pick(VILLAGE_LANES)
        n = self.rng.randint(1, 30)
        text = self._pick(("{v}{l}{n}号", "{v}{l}{n}号", "{v}{l}{n}号院", "{v}{l}")).format(
            v=where, l=lane, n=n
        )
        return (text, unit.community or "", COMMUNITY) if self._ok(text, unit) else None

    def pinyin_mix(self) -> Written | None:
        rng = self.rng
        county = self._pick(PINYIN_COUNTY)
        roll = rng.random()
        if roll < 0.5:
            unit = rng.choice(self.k.roads)
            town = self._town_written(unit.township, blank=True)
            door = self._door(unit)
            road = pinyin_of(unit.name) if rng.random() < 0.6 else unit.name
            if road is None:
                return None
            if rng.random() < 0.3:
                road = road.lower()
            number = self._pick(PINYIN_NUMBER).format(n=door.number)
            parts = [county, town, road, number]
        elif roll < 0.8:
            unit = rng.choice(self.k.with_township)
            town = self._town_written(unit.township, blank=False)
            door = self._door(unit)
            number = self._pick(PINYIN_NUMBER).format(n=door.number)
            parts = [county, town, unit.name, number]
        else:
            unit, door = self._entrance()
            stem = pinyin_of(unit.name)
            if stem is None:
                return None
            name = self._pick((stem, stem.replace("Xiaoqu", "Huayuan"), unit.name))
            tail = self._pick(
                (
                    "{b} hao lou {e} danyuan",
                    "{b}hao lou {e}danyuan",
                    "Building {b} Unit {e}",
                    "{b}号楼{e}单元",
                )
            ).format(b=door.building, e=door.entrance)
            parts = [county, name, tail]
        text = " ".join(p for p in parts if p)
        romanised = [bool(p) and p.isascii() and any(c.isalpha() for c in p) for p in parts]
        if sum(romanised) < 2 or not any(romanised[1:-1]):
            return None  # two parts romanised, the township, road or compound among them
        return (text, door.id, ADDRESS) if self._ok(text, unit) else None

    def _town_written(self, code: str, blank: bool) -> str:
        division = self.ix.divisions[code]
        romanised = pinyin_of(division.name) or ""
        stem_romanised = romanised.rsplit(" ", 1)[0]
        options = [romanised, romanised.lower(), stem_romanised, division.name]
        if blank:
            options.append("")
        return self.rng.choice(options)

    def symbols_spacing(self) -> Written | None:
        if self.rng.random() < 0.25:
            unit, door = self._entrance()
            text = self._pick(SPACED_ENTRANCE).format(
                c=self._compound_name(unit), b=door.building, e=door.entrance
            )
            return (text, door.id, ADDRESS) if self._ok(text, unit) else None
        if self.rng.random() < 0.55:
            unit = self.rng.choice(self.k.roads)
        else:
            unit = self.rng.choice(self.k.with_township)
        form = self._pick(SPACED_DOOR)
        if "{t}" not in form and unit.kind is UnitKind.VILLAGE and unit.id not in self.k.alone_ids:
            return None  # a village the county has twice needs its township
        door = self._door(unit)
        text = form.format(t=self._town_name(unit.township), u=unit.name, n=door.number)
        return (text, door.id, ADDRESS) if self._ok(text, unit) else None

    def neighbour_outside(self) -> Written | None:
        county, short, city, townships = self.rng.choice(NEIGHBOURS)
        head = self._pick(NEIGHBOUR_HEADS).format(city=city, county=county, short=short)
        town = self._pick(townships)
        form = self._pick(NEIGHBOUR_FORMS)
        streets = NEIGHBOUR_STREETS.get(county, ())
        if "{u}" in form and streets and self.rng.random() < 0.35:
            road = self._pick(streets)  # the county's own street, in its town centre
            town = ""
        else:
            road = self.rng.choice(self.k.roads).name  # a road name 乳山 has too
        village = self.rng.choice(self.ix.villages).name  # a village name 乳山 has too
        n = self.rng.randint(1, 150)
        text = form.format(h=head, t=town, u=road, v=village, n=n, m=n + 4, i=self._pick(ISSUES))
        return text, "", OUTSIDE


def build_set(registry: Registry, seed: int = SEED) -> list[Item]:
    """The whole set, the same for the same registry and seed."""
    return collect(_Writer(registry, seed), HABITS)


def _prose(registry: Registry, items: list[Item], habits: Counter[str], run: str) -> list[str]:
    return [
        "## Address placement on a fourth fresh set (v4)",
        "",
        "Command: `python bench/fresh_addresses_v4.py`",
        "",
        f"Run: {run}, CPython {sys.version.split()[0]}. Set `{SET_NAME}`"
        f" (bench/fresh_addresses_v4.py, seed {SEED}), generated from demo registry"
        f" {registry.version}: {len(items)} items, {len(habits)} kinds of writing,"
        f" {habits[OUTSIDE_HABIT]} of them outside the county. New phrasing tables, written"
        " from how people in a Chinese county write addresses, never by calling the matcher or"
        " reading it; labels come from the registry alone, and an item whose label the"
        " registry leaves ambiguous was dropped, never relabelled. Each text is placed through"
        " `Placer.place` as a citizen's report with no point, and scored as the v1 set is"
        " (bench/fresh_addresses.py). It must never be used to tune the matcher, and per-item"
        " misses stay out of the repository.",
        "",
        "Kinds of writing: wechat_message, a WeChat group message with its chatter (师傅,"
        " 麻烦, @某某) around the address; work_order, a 工单's fields (事发地址：…；所属街道：…;"
        " 所属社区); patrol_log, a grid worker's terse log (巡查至…发现…, a stretch of road, a"
        " road or a village); voice_input, speech input's slips (好 for 号, 陆 for 路, 接 for 街,"
        " 存 for 村, 阵 for 镇, 如山 for 乳山) and numbers as words; long_prefix, the province,"
        " city and county in front (山东省威海市乳山市, 威海乳山, 乳山县, 264500); township_stem,"
        " a township without 镇/街道 (夏村翠竹路12号); door_run, a run or list of doors"
        " (12-16号, 12、14号) or buildings; sub_number, a door's annex (12号附1, 12号之二,"
        " 12-1号, 12甲号); lane_behind, a spot behind, inside or above a door (后院, 胡同里,"
        " 院内平房, 二楼); unit_words, an entrance named by its side (东单元, 中单元, 西单元);"
        " village_spelling, a village with 村 dropped or 庄/家/格 varied (宋家庄 as 宋家 or 宋庄,"
        " 吕格庄 as 吕各庄); village_street, a street or row inside a village, or a road the"
        " registry has through it; pinyin_mix, the county, township, road or compound in"
        " pinyin (rushan shi xiacun zhen …); symbols_spacing, full-width spaces, #, /, -,"
        " brackets and line breaks inside the address; neighbour_outside, an address in"
        " 文登/荣成/海阳/牟平/环翠, mostly written with a road or village name 乳山 has too.",
        "",
        "Labels a reader may dispute: a run of doors on a road (12-16号) is the community"
        " every door from the first to the last shares, odd and even alike, else the road's"
        " township, and a list (12、14号) the community the listed doors share, else the"
        " township; a run in a village is the village, a run of buildings the compound's"
        " community and a run of entrances their building; an annex or sub-number (12号附1,"
        " 12-1号, 12甲号) is door 12, 12-1号 never being read as a run; a spot behind, inside or"
        " above a door (后院, 胡同里, 院内平房, 二楼, 临街门市) is the door; an entrance named by"
        " its side or counted from one (东单元, 中单元, 最东头的门洞, 东数第二个门) is its"
        " building, the registry not saying which way entrances are numbered; a village door"
        " on a street or row the registry does not have (X村前街12号, X村二排5号) is the"
        " village, while a village before a registry road at a door of that road inside it"
        " (X村黄河路12号) is the road's door; a varied village"
        " spelling is the village when it is no other village's name or variant (in the"
        " written township, if any) and sits in no other registry name; a patrol log's stretch"
        " (12号至20号一段) is labelled as a run and a road alone (沿…巡查, 这段路灯…) as the"
        " community all its doors lie in, else its township; speech-input slips are read as"
        " meant; a work order's 所属街道/所属社区 fields always agree with its address.",
        "",
    ]


def main(argv: list[str] | None = None) -> None:
    run_set(
        argv, __doc__ or "", build_set, _prose, section=SECTION, misses=MISSES,
        set_name=SET_NAME, habits=HABITS, outside=OUTSIDE_HABIT,
    )  # fmt: skip


if __name__ == "__main__":
    main()
