"""A labelled set of addresses written the way people in 乳山 write them, for the resolver.

Independent of the project's own noisy-address generator (grid/noise.py), which the resolver
was tuned on: nothing here imports it, the phrasings, typo tables, numeral writer, metre
offsets, road crossings, point-in-cell test and GCJ-02/BD-09 forward transforms are written
afresh from how addresses are really written (grid workers' phones, hotline tickets,
citizens' web forms), and the expected answers come from the registry's data, never from
the resolver. Each item says what a careful dispatcher would conclude from the text (and
point): the standard address, the grid cells the place can be in, the community or
township when the text cannot say more, "unplaced" when it names no place we know, or
"not placed" when it contradicts itself and a person must look.

The set is split into a tuning part and a held-out part by a hash of the item's subject
(the road, village or compound it is about, or the pair of roads), so the held-out part
never shares a place name with the tuning part. Only the tuning part's failures are ever
printed (bench/addresses.py); the held-out part is reported as figures only.

    python bench/address_set.py          # rewrites bench/data/addresses/*.jsonl
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pypinyin import lazy_pinyin  # noqa: E402  (label fairness checks only)

from grid.demo import build_demo_registry  # noqa: E402
from grid.model import Address, AddressUnit, Division, Level, Registry, UnitKind  # noqa: E402

SET_NAME = "addresses-v1"
SEED = 13
PER_KIND = 64
TUNING_PERCENT = 40
JSON: dict[str, Any] = {"ensure_ascii": False}
DATA = ROOT / "bench" / "data" / "addresses"
PARTS = ("tuning", "heldout")
# A placement this sure is dispatched without a person looking (dispatch/domain.py):
# a wrong answer at or above it is "confidently wrong".
CONFIDENT = 0.9

# -- hand-written tables -----------------------------------------------------------------
# Pinyin as people type it on signs and in English forms (no tones), written by hand.
ROAD_PINYIN = {
    "兴业": "xingye", "黄河": "huanghe", "瑞祥": "ruixiang", "凤凰": "fenghuang",
    "安康": "ankang", "新华": "xinhua", "花园": "huayuan", "青山": "qingshan",
    "翠竹": "cuizhu", "幸福": "xingfu", "康乐": "kangle", "滨河": "binhe",
    "龙泉": "longquan", "锦绣": "jinxiu", "青年": "qingnian", "富民": "fumin",
    "朝阳": "chaoyang", "银滩": "yintan", "人民": "renmin", "白云": "baiyun",
    "福临": "fulin", "学府": "xuefu", "广场": "guangchang", "复兴": "fuxing",
    "团结": "tuanjie", "前进": "qianjin", "长江": "changjiang", "永安": "yongan",
    "世纪": "shiji", "胜利": "shengli", "望海": "wanghai", "健康": "jiankang",
    "府前": "fuqian", "振兴": "zhenxing", "春晖": "chunhui", "海景": "haijing",
    "海滨": "haibin", "华夏": "huaxia", "松山": "songshan", "育才": "yucai",
    "迎宾": "yingbin", "红旗": "hongqi", "和平": "heping", "工业": "gongye",
    "金岭": "jinling", "建设": "jianshe", "商业": "shangye",
}  # fmt: skip
TOWNSHIP_PINYIN = {
    "城区街道": "chengqu", "夏村镇": "xiacun", "乳山口镇": "rushankou",
    "海阳所镇": "haiyangsuo", "白沙滩镇": "baishatan", "大孤山镇": "dagushan",
    "南黄镇": "nanhuang", "冯家镇": "fengjia", "下初镇": "xiachu", "午极镇": "wuji",
    "育黎镇": "yuli", "崖子镇": "yazi", "诸往镇": "zhuwang", "乳山寨镇": "rushanzhai",
    "徐家镇": "xujia",
}  # fmt: skip
VILLAGE_PINYIN = {
    "南台子村": "nantaizi", "东家村": "dongjia", "岚子村": "lanzi", "打磨村": "damo",
    "官地村": "guandi", "小青岛村": "xiaoqingdao", "河口村": "hekou",
    "旗杆石村": "qiganshi", "金港村": "jingang", "杜家岛村": "dujiadao",
    "水头村": "shuitou", "八里甸村": "balidian", "果园村": "guoyuan", "靠山村": "kaoshan",
    "归仁村": "guiren", "湾头村": "wantou", "卧龙村": "wolong", "盘石村": "panshi",
    "枣林村": "zaolin", "铁山村": "tieshan", "马陵村": "maling", "玉皇台村": "yuhuangtai",
    "芦根滩村": "lugentan", "马场村": "machang", "光明顶村": "guangmingding",
    "大浩口村": "dahaokou", "曲水村": "qushui", "白石村": "baishi", "塔庄村": "tazhuang",
    "车道村": "chedao", "巫山村": "wushan", "日照庄村": "rizhaozhuang",
    "东诸往村": "dongzhuwang", "白沙滩村": "baishatan", "崖子村": "yazi",
}  # fmt: skip
COMPOUND_PINYIN = {
    "静园": "jingyuan", "东里": "dongli", "利群": "liqun", "华冠": "huaguan",
    "向阳": "xiangyang", "富大": "fuda", "府苑": "fuyuan", "怡园": "yiyuan",
    "河滨": "hebin", "润泽": "runze", "祥和": "xianghe", "腾达": "tengda",
    "金丰": "jinfeng", "龙山": "longshan", "政通": "zhengtong", "东方": "dongfang",
    "大庆": "daqing", "月亮湾": "yueliangwan", "白浪湾": "bailangwan", "益天": "yitian",
    "碧海苑": "bihaiyuan", "观海苑": "guanhaiyuan", "颐和": "yihe",
}  # fmt: skip

# What a pinyin keyboard offers for the same syllable (toneless), written for the
# characters of 乳山's names: the first candidate a hurried typist takes instead.
SAME_SOUND = {
    "家": "加嘉夹", "庄": "装桩妆", "村": "存寸", "镇": "真阵震", "街": "接节阶",
    "路": "露陆鹿", "河": "合何", "黄": "皇璜煌", "南": "难男", "台": "抬苔太",
    "子": "紫字", "永": "勇泳涌", "安": "按岸案", "长": "常场", "江": "将疆",
    "山": "衫删杉", "海": "害嗨", "王": "汪网往", "李": "里理礼", "张": "章彰",
    "刘": "留流柳", "宋": "送颂", "孙": "损", "姜": "将疆僵", "崔": "催翠脆",
    "徐": "许需", "马": "码玛", "赵": "照召兆", "陈": "沉晨臣", "杨": "阳羊洋",
    "于": "余鱼雨", "高": "糕搞", "格": "隔革阁", "泊": "波博", "夼": "矿框况",
    "疃": "团湍", "埠": "部步布", "塂": "讲奖", "岭": "领令", "沟": "钩构",
    "口": "扣寇", "东": "冬懂", "西": "希溪息", "北": "备贝", "前": "钱潜",
    "后": "厚候", "上": "尚伤", "下": "夏吓", "大": "达", "小": "晓肖",
    "新": "心辛欣", "石": "时实", "头": "投透", "兴": "星行", "屯": "吞",
    "寨": "债", "崖": "牙芽", "甲": "假价", "林": "临淋", "龙": "隆笼",
    "凤": "奉缝", "凰": "皇黄", "祥": "详翔", "康": "抗慷", "乐": "勒",
    "竹": "珠猪", "泉": "全权", "锦": "紧谨", "绣": "秀袖", "滩": "摊谈",
    "朝": "潮巢", "阳": "杨洋", "民": "敏明", "云": "运允", "福": "付府",
    "临": "林淋", "学": "雪", "府": "付腐", "广": "光", "场": "厂长",
    "复": "付副", "团": "湍", "结": "接节", "进": "近尽", "世": "市事",
    "纪": "记计", "胜": "圣盛", "利": "力例", "望": "旺忘", "健": "建件",
    "振": "镇震", "春": "纯", "晖": "辉灰", "景": "井警", "滨": "宾彬",
    "华": "花滑", "夏": "下吓", "松": "送宋", "育": "玉预", "才": "材财",
    "迎": "营赢", "宾": "滨彬", "红": "洪宏", "旗": "棋齐", "和": "合何",
    "平": "坪评", "工": "公功", "业": "叶夜", "金": "今斤", "建": "健见",
    "设": "社射", "商": "伤尚", "园": "元圆", "静": "净敬", "里": "理李",
    "群": "裙", "冠": "关观", "向": "项像", "富": "付负", "苑": "院愿",
    "怡": "宜移", "润": "顺", "泽": "则择", "腾": "疼藤", "达": "答",
    "丰": "峰风", "政": "正证", "通": "同", "庆": "青清", "亮": "量",
    "湾": "弯完", "浪": "狼", "益": "易意", "天": "田", "碧": "必毕",
    "观": "关官", "颐": "宜疑", "堡": "宝保", "洼": "挖娃", "曲": "区渠",
    "峒": "洞动", "浩": "好号", "圈": "全泉", "硼": "朋棚", "岛": "导倒",
    "港": "岗", "泓": "宏洪", "庵": "安按", "店": "电点", "寺": "四似",
    "斜": "鞋协", "珠": "猪朱", "孔": "恐", "曹": "草槽", "潘": "盘攀",
    "蔡": "菜彩", "韩": "寒含", "董": "懂动", "邹": "走", "唐": "糖堂",
    "焉": "烟淹", "冯": "逢", "初": "出除", "午": "五武", "极": "急及",
    "黎": "离梨", "诸": "朱珠", "往": "王网", "所": "锁索", "孤": "姑",
}  # fmt: skip
# Characters a handwriting keyboard confuses with a similar-looking one.
LOOKALIKE = {
    "夼": "夸", "疃": "瞳", "埠": "阜", "塂": "岗", "岭": "玲", "崖": "涯",
    "滩": "摊", "泓": "弘", "峒": "洞", "硼": "棚", "庵": "奄", "泊": "伯",
    "崮": "固", "砦": "柴", "岚": "风", "圈": "卷", "刁": "习", "册": "删",
    "庄": "压", "村": "材", "沟": "钩", "洼": "佳", "甸": "句", "屯": "吨",
    "峰": "锋", "坪": "评", "寨": "赛", "岛": "鸟", "湾": "弯", "港": "巷",
    "徐": "途", "姜": "差", "崔": "催", "赵": "起", "邹": "绉", "潘": "播",
    "晖": "辉", "绣": "锈", "凰": "皇", "府": "俯", "祥": "样", "滨": "宾",
    "康": "唐", "锦": "棉", "园": "圆", "苑": "宛", "馨": "磬", "颐": "顾",
}  # fmt: skip
COUNTY_PREFIXES = ("", "", "", "乳山市", "乳山市", "乳山", "山东省威海市乳山市", "威海市乳山市",
                   "威海乳山", "山东乳山", "山东省乳山市")  # fmt: skip
DOOR_TAILS = ("楼下", "门口", "门前", "对面", "对过", "旁边", "东侧", "西边", "后面",
              "楼前", "院里", "附近", "南面空地", "北侧人行道", "门外", "路边", "东邻",
              "西侧胡同")  # fmt: skip
LANDMARK_TAILS = ("超市门口", "对面饭店", "东边的垃圾箱", "附近", "东侧约20米",
                  "门前人行道", "楼下的井盖", "往北30米", "西邻的小卖部", "斜对面", "后院",
                  "门口的路灯杆")  # fmt: skip
PREFIX_WORDS = ("地址：", "事发地址：", "事发地点:", "位置：", "地点 ", "在", "位于", "具体位置：",
                "发生地：", "地址:")  # fmt: skip
VILLAGE_SPOTS = ("村委会", "村委", "村民委员会", "东头", "村口", "小广场", "北边的河沟", "后山",
                 "卫生室", "西头大湾", "南边路上", "村委大院")  # fmt: skip
COMPOUND_SPOTS = ("东门", "北门口", "院内", "物业", "地下车库", "南门外", "西门岗亭", "小广场")
TOWNSHIP_SPOTS = ("政府", "驻地", "人民政府门口", "大集", "派出所", "汽车站", "政府大院")
CHATTER = (
    "不知道", "路边", "就在我家楼下", "小区门口", "村里", "马路上", "市场东边", "学校附近",
    "不清楚具体位置", "见照片", "同上", "无", "暂无", "河边", "山上", "工地", "公交站旁",
    "菜市场", "人民医院门口", "新华书店", "幸福超市", "青山绿水", "和平饭店", "东方红小学",
    "长江边", "金岭矿区", "前面路口", "在我们村东头", "单位院里", "火车站",
)  # fmt: skip
OTHER_COUNTIES = ("威海市文登区", "文登区", "文登", "海阳市", "山东省海阳市", "荣成市",
                  "威海市荣成市", "烟台市牟平区", "牟平区", "威海市环翠区", "环翠区",
                  "莱阳市")  # fmt: skip
SHOPS = ("利群超市", "家家悦超市", "兴旺五金店", "老王烧烤", "中国邮政储蓄银行", "顺丰快递点",
         "大众浴池", "新华书店", "鑫源饭店", "百姓大药房")  # fmt: skip
COUNTY_ONLY = ("乳山市", "山东省威海市乳山市", "乳山", "威海市乳山市", "乳山市内", "乳山境内",
               "山东乳山")  # fmt: skip
OTHER_STREETS = ("龙山路", "成山大道", "新华路", "文化路", "峰山路", "海港路", "米山路", "昆嵛路")
FULL_WIDTH_OFFSET = 0xFEE0
_CN_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1-199 as people write them in words (十二, 一百零三, 一百一十)."""
    if n < 10:
        return _CN_DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        head = "十" if tens == 1 else _CN_DIGITS[tens] + "十"
        return head + (_CN_DIGITS[ones] if ones else "")
    rest = n - 100 * (n // 100)
    head = _CN_DIGITS[n // 100] + "百"
    if rest == 0:
        return head
    if rest < 10:
        return head + "零" + _CN_DIGITS[rest]
    tens, ones = divmod(rest, 10)
    return head + _CN_DIGITS[tens] + "十" + (_CN_DIGITS[ones] if ones else "")


def full_width(text: str) -> str:
    return "".join(
        chr(ord(c) + FULL_WIDTH_OFFSET) if c.isascii() and (c.isalnum() or c in "#-") else c
        for c in text
    )


# -- geometry, written here so the labels do not lean on the code under test -----------------
_EARTH = 6378137.0
_KRASOVSKY = 6378245.0
_ECC = 0.00669342162296594323


def move(lon: float, lat: float, east: float, north: float) -> tuple[float, float]:
    d_lat = math.degrees(north / _EARTH)
    d_lon = math.degrees(east / (_EARTH * math.cos(math.radians(lat))))
    return lon + d_lon, lat + d_lat


def to_gcj02(lon: float, lat: float) -> tuple[float, float]:
    """WGS-84 -> GCJ-02, the published closed form (what every phone map applies)."""
    x, y = lon - 105.0, lat - 35.0
    d_lat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    d_lat += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2 / 3
    d_lat += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2 / 3
    d_lat += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2 / 3
    d_lon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    d_lon += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2 / 3
    d_lon += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2 / 3
    d_lon += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2 / 3
    rad = math.radians(lat)
    magic = 1 - _ECC * math.sin(rad) ** 2
    d_lat = d_lat * 180.0 / ((_KRASOVSKY * (1 - _ECC)) / (magic * math.sqrt(magic)) * math.pi)
    d_lon = d_lon * 180.0 / (_KRASOVSKY / math.sqrt(magic) * math.cos(rad) * math.pi)
    return lon + d_lon, lat + d_lat


def to_bd09(lon: float, lat: float) -> tuple[float, float]:
    """WGS-84 -> BD-09 (Baidu): GCJ-02 and Baidu's own closed-form shift on top."""
    x, y = to_gcj02(lon, lat)
    x_pi = math.pi * 3000.0 / 180.0
    z = math.sqrt(x * x + y * y) + 0.00002 * math.sin(y * x_pi)
    theta = math.atan2(y, x) + 0.000003 * math.cos(x * x_pi)
    return z * math.cos(theta) + 0.0065, z * math.sin(theta) + 0.006


def crossing(a: AddressUnit, b: AddressUnit) -> tuple[float, float] | None:
    (x1, y1), (x2, y2) = a.line[0], a.line[-1]
    (x3, y3), (x4, y4) = b.line[0], b.line[-1]
    den = (x1 - x2) * (y3 - y4) - (y1 - y2) * (x3 - x4)
    if den == 0:
        return None
    t = ((x1 - x3) * (y3 - y4) - (y1 - y3) * (x3 - x4)) / den
    u = -((x1 - x2) * (y1 - y3) - (y1 - y2) * (x1 - x3)) / den
    if not (0 <= t <= 1 and 0 <= u <= 1):
        return None
    return x1 + t * (x2 - x1), y1 + t * (y2 - y1)


def edit_distance(a: str, b: str) -> int:
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        previous, row[0] = row[0], i
        for j, cb in enumerate(b, start=1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (ca != cb))
    return row[-1]


# -- the items -------------------------------------------------------------------------
@dataclass
class Item:
    kind: str
    subject: str
    text: str | None
    expect: dict[str, Any]
    meant: str
    lon: float | None = None
    lat: float | None = None
    crs: str = "wgs84"
    id: str = ""
    part: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def part_of(subject: str) -> str:
    digest = hashlib.sha256(f"{SET_NAME}:{subject}".encode()).hexdigest()
    return "tuning" if int(digest[:8], 16) % 100 < TUNING_PERCENT else "heldout"


class World:
    """The demo registry, seen from the labeller's side: names, doors, places."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.divisions: dict[str, Division] = {d.code: d for d in registry.divisions}
        self.units: dict[str, AddressUnit] = {u.id: u for u in registry.units}
        self.cell_box = {
            c.code: (
                min(p[0] for p in c.ring),
                min(p[1] for p in c.ring),
                max(p[0] for p in c.ring),
                max(p[1] for p in c.ring),
            )
            for c in sorted(registry.cells, key=lambda c: c.code)
        }
        self.cell_community = {c.code: c.community for c in registry.cells}
        self.doors: dict[str, list[Address]] = defaultdict(list)
        for a in registry.addresses:
            self.doors[a.unit].append(a)
        self.roads = [u for u in registry.units if u.kind is UnitKind.ROAD]
        self.villages = [u for u in registry.units if u.kind is UnitKind.VILLAGE]
        self.compounds = [u for u in registry.units if u.kind is UnitKind.COMPOUND]
        self.townships = [d for d in registry.divisions if d.level is Level.TOWNSHIP]
        self.name_count = Counter(u.name for u in registry.units)
        self.township_alias = {alias for d in self.townships for alias in (d.name, *d.aliases)} | {
            d.name.removesuffix("镇").removesuffix("街道") for d in self.townships
        }
        self.road_stems: dict[str, list[AddressUnit]] = defaultdict(list)
        for road in self.roads:
            self.road_stems[road.name[:-1]].append(road)
        self.all_names = {u.name for u in registry.units} | {
            a for u in registry.units for a in u.aliases
        }
        self.all_names |= {d.name for d in registry.divisions} | {
            a for d in registry.divisions for a in d.aliases
        }
        self.pinyin = {u.id: "".join(lazy_pinyin(u.name)) for u in registry.units}

    # places
    def township(self, unit: AddressUnit) -> Division:
        return self.divisions[unit.township]

    def short(self, township: Division) -> str:
        return township.name.removesuffix("街道").removesuffix("镇")

    def community_at(self, address: Address) -> Division:
        return self.divisions[self.cell_community[address.cell]]

    def cells_near(self, lon: float, lat: float, metres: float) -> list[str]:
        """Cells within ``metres`` of the point (the cell it is in first)."""
        inside, near = [], []
        for code, (w, s, e, n) in self.cell_box.items():
            dx = max(w - lon, 0.0, lon - e) * _EARTH * math.cos(math.radians(lat)) * math.pi / 180
            dy = max(s - lat, 0.0, lat - n) * _EARTH * math.pi / 180
            if dx == 0 and dy == 0:
                inside.append(code)
            elif math.hypot(dx, dy) <= metres:
                near.append(code)
        return inside[:1] + sorted(set(inside[1:] + near))

    def cell_clear_of_edges(self, lon: float, lat: float, metres: float = 3.0) -> str | None:
        """The cell of a point not within ``metres`` of another cell, else None."""
        cells = self.cells_near(lon, lat, metres)
        return cells[0] if len(cells) == 1 else None

    # names
    def unique(self, unit: AddressUnit) -> bool:
        return self.name_count[unit.name] == 1

    def unique_in_township(self, unit: AddressUnit) -> bool:
        same = [u for u in self.registry.units if u.township == unit.township]
        return sum(1 for u in same if u.name == unit.name) == 1

    def in_scope(self, unit: AddressUnit, township_named: bool) -> list[AddressUnit]:
        if township_named:
            return [u for u in self.registry.units if u.township == unit.township]
        return list(self.registry.units)

    def meant(self, address: Address) -> str:
        unit = self.units[address.unit]
        text = f"{self.township(unit).name}{unit.name}"
        if address.number is not None:
            text += f"{address.number}号"
        if address.building is not None:
            text += f"{address.building}号楼"
        if address.entrance is not None:
            text += f"{address.entrance}单元"
        return text


def numbers_text(address: Address) -> str:
    text = ""
    if address.number is not None:
        text += f"{address.number}号"
    if address.building is not None:
        text += f"{address.building}号楼"
    if address.entrance is not None:
        text += f"{address.entrance}单元"
    return text


Writer = Callable[[World, random.Random], Item | None]
WRITERS: dict[str, Writer] = {}


def writer(kind: str) -> Callable[[Writer], Writer]:
    def register(function: Writer) -> Writer:
        WRITERS[kind] = function
        return function

    return register


def _address_item(kind: str, world: World, address: Address, text: str, **extra: Any) -> Item:
    expect = {"address": address.id, "cell": address.cell}
    return Item(kind, address.unit, text, expect, world.meant(address), **extra)


def _pick_unit(world: World, rng: random.Random, weights: tuple[int, int, int]) -> AddressUnit:
    """A road, village or compound its township's name settles (not one of two 桃村)."""
    while True:
        kind = rng.choices(["road", "village", "compound"], weights)[0]
        pool = {"road": world.roads, "village": world.villages, "compound": world.compounds}[kind]
        unit = rng.choice(pool)
        if world.unique_in_township(unit):
            return unit


def _township_text(world: World, rng: random.Random, unit: AddressUnit, need: bool) -> str:
    township = world.township(unit)
    choices = [township.name, township.name, world.short(township)]
    if not need:
        choices.append("")
    return rng.choice(choices)


def _numbered(world: World, rng: random.Random, unit: AddressUnit) -> Address:
    doors = world.doors[unit.id]
    if unit.kind is UnitKind.COMPOUND:
        with_entrance = [d for d in doors if d.entrance is not None]
        return rng.choice(with_entrance if rng.random() < 0.75 else doors)
    return rng.choice(doors)


# -- the kinds of writing ----------------------------------------------------------------
@writer("plain")
def plain(world: World, rng: random.Random) -> Item | None:
    unit = _pick_unit(world, rng, (35, 40, 25))
    address = _numbered(world, rng, unit)
    township = _township_text(world, rng, unit, need=not world.unique(unit))
    community = ""
    if unit.kind is UnitKind.COMPOUND and rng.random() < 0.5:
        community = world.divisions[unit.community or ""].name
    text = f"{rng.choice(COUNTY_PREFIXES)}{township}{community}{unit.name}{numbers_text(address)}"
    return _address_item("plain", world, address, text)


@writer("village_road")
def village_road(world: World, rng: random.Random) -> Item | None:
    road = rng.choice(world.roads)
    address = rng.choice(world.doors[road.id])
    area = world.community_at(address)
    township = _township_text(world, rng, road, need=False)
    text = f"{rng.choice(COUNTY_PREFIXES)}{township}{area.name}{road.name}{address.number}号"
    return _address_item("village_road", world, address, text)


def _stem_is_clear(world: World, road: AddressUnit) -> bool:
    """A road's name without 路/街 still names only it in its township, and is no other
    name of the township (a village, its stem, the township itself)."""
    stem = road.name[:-1]
    same = [r for r in world.road_stems[stem] if r.township == road.township]
    if len(same) != 1 or stem in world.township_alias:
        return False
    return not any(
        u.township == road.township and (u.name == stem or u.name.startswith(stem))
        for u in world.villages + world.compounds
    )


@writer("village_road_stem")
def village_road_stem(world: World, rng: random.Random) -> Item | None:
    road = rng.choice(world.roads)
    if not _stem_is_clear(world, road):
        return None
    address = rng.choice(world.doors[road.id])
    area = world.community_at(address)
    # Without the township, the village or the stem must settle it on its own.
    settled = len(world.road_stems[road.name[:-1]]) == 1 or (
        sum(1 for d in world.divisions.values() if d.name == area.name) == 1
    )
    township = _township_text(world, rng, road, need=not settled)
    number = rng.choice((f"{address.number}号", f"{address.number}号", f"{address.number}"))
    text = f"{rng.choice(COUNTY_PREFIXES)}{township}{area.name}{road.name[:-1]}{number}"
    return _address_item("village_road_stem", world, address, text)


@writer("road_stem")
def road_stem(world: World, rng: random.Random) -> Item | None:
    road = rng.choice(world.roads)
    if not _stem_is_clear(world, road):
        return None
    county_wide = len(world.road_stems[road.name[:-1]]) == 1
    address = rng.choice(world.doors[road.id])
    township = _township_text(world, rng, road, need=not county_wide)
    tail = rng.choice(("号", "号", " 号", "号门口", "号院"))
    text = f"{rng.choice(COUNTY_PREFIXES)}{township}{road.name[:-1]}{address.number}{tail}"
    return _address_item("road_stem", world, address, text)


@writer("stem_ambiguous")
def stem_ambiguous(world: World, rng: random.Random) -> Item | None:
    """A road name without its suffix that fits two roads: no door can be chosen."""
    stem = rng.choice(sorted(s for s, roads in world.road_stems.items() if len(roads) > 1))
    roads = world.road_stems[stem]
    number = rng.randint(1, 150)
    townships = {r.township for r in roads}
    if len(townships) == 1:
        township = world.divisions[roads[0].township]
        if rng.random() < 0.5:
            village = rng.choice([v for v in world.villages if v.township == township.code])
            text = f"{rng.choice(COUNTY_PREFIXES)}{township.name}{village.name}{stem}{number}号"
            return Item(
                "stem_ambiguous", f"stem:{stem}", text,
                {"community": village.community}, f"{village.name}, {stem}路 or {stem}街",
            )  # fmt: skip
        text = f"{rng.choice(COUNTY_PREFIXES)}{township.name}{stem}{number}号"
        return Item(
            "stem_ambiguous", f"stem:{stem}", text, {"township": township.code},
            f"{township.name}, {stem}路 or {stem}街",
        )  # fmt: skip
    text = f"{rng.choice(COUNTY_PREFIXES)}{stem}{number}号"
    names = "/".join(f"{world.divisions[r.township].name}{r.name}" for r in roads)
    return Item("stem_ambiguous", f"stem:{stem}", text, {"unplaced": True}, names)


@writer("number_first")
def number_first(world: World, rng: random.Random) -> Item | None:
    road = rng.choice(world.roads)
    address = rng.choice(world.doors[road.id])
    township = _township_text(world, rng, road, need=False)
    form = rng.choice(("{n}号{r}", "{t}{n}号{r}", "{c}{n}号{r}", "{n}号 {r}", "{n}号，{r}"))
    text = form.format(n=address.number, r=road.name, t=township, c=rng.choice(COUNTY_PREFIXES))
    return _address_item("number_first", world, address, text)


@writer("no_hao")
def no_hao(world: World, rng: random.Random) -> Item | None:
    unit = _pick_unit(world, rng, (55, 45, 0))
    address = rng.choice(world.doors[unit.id])
    township = _township_text(world, rng, unit, need=not world.unique(unit))
    tail = rng.choice(("", "", " ", "处", "附近"))
    text = f"{rng.choice(COUNTY_PREFIXES)}{township}{unit.name}{address.number}{tail}"
    return _address_item("no_hao", world, address, text)


@writer("door_tail")
def door_tail(world: World, rng: random.Random) -> Item | None:
    unit = _pick_unit(world, rng, (45, 35, 20))
    township = _township_text(world, rng, unit, need=not world.unique(unit))
    if unit.kind is UnitKind.COMPOUND:
        building = rng.choice([d for d in world.doors[unit.id] if d.entrance is None])
        tail = rng.choice(("楼下", "楼前", "楼门口", "楼东侧", "楼后面", "楼西头"))
        text = f"{township}{unit.name}{building.building}号{tail}"
        return _address_item("door_tail", world, building, text)
    address = rng.choice(world.doors[unit.id])
    text = f"{township}{unit.name}{address.number}号{rng.choice(DOOR_TAILS)}"
    return _address_item("door_tail", world, address, text)


def _compound_door(world: World, rng: random.Random, entrance: bool = True) -> Address:
    unit = rng.choice(world.compounds)
    doors = [d for d in world.doors[unit.id] if (d.entrance is not None) == entrance]
    return rng.choice(doors)


def _compound_prefix(world: World, rng: random.Random, unit: AddressUnit) -> str:
    township = rng.choice((world.township(unit).name, world.short(world.township(unit)), ""))
    return f"{rng.choice(COUNTY_PREFIXES)}{township}"


@writer("compound_dash")
def compound_dash(world: World, rng: random.Random) -> Item | None:
    address = _compound_door(world, rng)
    unit = world.units[address.unit]
    b, e = address.building, address.entrance
    room = f"{rng.randint(1, 6)}0{rng.randint(1, 3)}"
    form = rng.choice(("{b}-{e}", "{b}-{e}", "{b}-{e}-{r}", "{b}－{e}", "{b}-{e} {r}", "{b}—{e}"))
    text = f"{_compound_prefix(world, rng, unit)}{unit.name}{form.format(b=b, e=e, r=room)}"
    return _address_item("compound_dash", world, address, text)


@writer("compound_forms")
def compound_forms(world: World, rng: random.Random) -> Item | None:
    if rng.random() < 0.25:
        address = _compound_door(world, rng, entrance=False)
        b = address.building
        form = rng.choice(("{b}号楼", "{b}栋", "{b}幢", "{b}#楼", "{b}#", "{cb}号楼", "{b}号楼"))
        numbers = form.format(b=b, cb=cn_number(b or 0))
    else:
        address = _compound_door(world, rng)
        b, e = address.building, address.entrance
        form = rng.choice((
            "{b}号楼{e}单元", "{b}栋{e}单元", "{b}幢{e}单元", "{b}#楼{e}单元", "{b}#{e}单元",
            "{b}号楼{ce}单元", "{cb}号楼{ce}单元", "{b}楼{e}单元", "{b}号楼{e}单元{r}室",
            "{b}号楼{e}单元{f}楼", "{b}栋{e}单元{r}",
        ))  # fmt: skip
        numbers = form.format(
            b=b, e=e, cb=cn_number(b or 0), ce=cn_number(e or 0),
            r=f"{rng.randint(1, 6)}0{rng.randint(1, 2)}", f=rng.randint(1, 6),
        )  # fmt: skip
    unit = world.units[address.unit]
    text = f"{_compound_prefix(world, rng, unit)}{unit.name}{numbers}"
    return _address_item("compound_forms", world, address, text)


@writer("compound_colloquial")
def compound_colloquial(world: World, rng: random.Random) -> Item | None:
    """号 for a building, as people say it (3号2单元 is building 3, entrance 2)."""
    if rng.random() < 0.3:
        address = _compound_door(world, rng, entrance=False)
        numbers = rng.choice((f"{address.building}号", f"{address.building}号那栋楼"))
    else:
        address = _compound_door(world, rng)
        b, e = address.building, address.entrance
        numbers = rng.choice(
            (f"{b}号{e}单元", f"{b}号{e}单元", f"{b}号的{e}单元", f"{b}号{e}单元{e}0{b}")
        )
    unit = world.units[address.unit]
    text = f"{_compound_prefix(world, rng, unit)}{unit.name}{numbers}"
    return _address_item("compound_colloquial", world, address, text)


def _compound_stem_clear(world: World, unit: AddressUnit) -> bool:
    stem = unit.name.removesuffix("小区")
    return (
        stem not in world.road_stems
        and stem not in world.township_alias
        and not any(v.name.startswith(stem) for v in world.villages)
    )


@writer("compound_names")
def compound_names(world: World, rng: random.Random) -> Item | None:
    address = _compound_door(world, rng, entrance=rng.random() < 0.7)
    unit = world.units[address.unit]
    stem = unit.name.removesuffix("小区")
    names = [f"{stem}花园", world.divisions[unit.community or ""].name]
    if _compound_stem_clear(world, unit):
        names.append(stem)
    name = rng.choice(names)
    text = f"{_compound_prefix(world, rng, unit)}{name}{numbers_text(address)}"
    return _address_item("compound_names", world, address, text)


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:]


@writer("pinyin")
def pinyin(world: World, rng: random.Random) -> Item | None:
    choice = rng.random()
    if choice < 0.55:
        road = rng.choice(world.roads)
        stem = road.name[:-1]
        py = ROAD_PINYIN[stem]
        same = [r for r in world.roads if ROAD_PINYIN[r.name[:-1]] == py]
        if sum(1 for r in same if r.name[-1] == road.name[-1]) != 1:
            return None
        address = rng.choice(world.doors[road.id])
        n = address.number
        suffix_cn, suffix_en = ("lu", "Road") if road.name.endswith("路") else ("jie", "Street")
        short_en = "Rd" if suffix_en == "Road" else "St"
        town = TOWNSHIP_PINYIN[world.township(road).name]
        form = rng.choice((
            "{py} {s} {n} hao", "{Py} {E} No.{n}", "No.{n} {Py} {e}", "{PY}{S}{n}HAO",
            "{py}{s}{n}hao", "{Town} {py} {s} {n} hao", "Rushan {Py} {s} {n}hao",
            "{Py} {e}, No. {n}", "{py} {s} {n}号", "{Py}{s} {n} hao",
        ))  # fmt: skip
        text = form.format(
            py=py,
            Py=_cap(py),
            PY=py.upper(),
            s=suffix_cn,
            S=suffix_cn.upper(),
            E=suffix_en,
            e=short_en,
            n=n,
            Town=_cap(town),
        )
        return _address_item("pinyin", world, address, text)
    if choice < 0.85:
        name = rng.choice(sorted(VILLAGE_PINYIN))
        villages = [v for v in world.villages if v.name == name]
        if len(villages) != 1:
            return None
        village = villages[0]
        py = VILLAGE_PINYIN[name]
        if sum(1 for v in world.villages if world.pinyin[v.id] == world.pinyin[village.id]) != 1:
            return None
        address = rng.choice(world.doors[village.id])
        town = TOWNSHIP_PINYIN[world.township(village).name]
        form = rng.choice((
            "{py} cun {n} hao", "{Py} Village No.{n}", "{Town} Town {Py} Village {n}",
            "{py}cun{n}hao", "{town} zhen {py} cun {n} hao", "{Py}cun {n}号",
        ))  # fmt: skip
        text = form.format(py=py, Py=_cap(py), n=address.number, town=town, Town=_cap(town))
        return _address_item("pinyin", world, address, text)
    unit = rng.choice(world.compounds)
    stem = unit.name.removesuffix("小区")
    if stem not in COMPOUND_PINYIN:
        return None
    address = rng.choice([d for d in world.doors[unit.id] if d.entrance is not None])
    py = COMPOUND_PINYIN[stem]
    form = rng.choice((
        "{py} xiaoqu {b} hao lou {e} danyuan", "{Py} Xiaoqu Building {b} Unit {e}",
        "{py}xiaoqu {b}-{e}", "{Py} xiaoqu {b}号楼{e}单元",
    ))  # fmt: skip
    text = form.format(py=py, Py=_cap(py), b=address.building, e=address.entrance)
    return _address_item("pinyin", world, address, text)


def _crossing_pairs(world: World) -> list[tuple[AddressUnit, AddressUnit, tuple[float, float]]]:
    pairs = []
    for i, a in enumerate(world.roads):
        for b in world.roads[i + 1 :]:
            if a.township == b.township and (point := crossing(a, b)) is not None:
                pairs.append((a, b, point))
    return pairs


def _intersection_item(
    kind: str, world: World, rng: random.Random, forms: tuple[str, ...], moves: bool
) -> Item | None:
    a, b, point = rng.choice(_crossing_pairs(world))
    if rng.random() < 0.5:
        a, b = b, a
    form = rng.choice(forms)
    offsets = {"东": (1, 0), "西": (-1, 0), "南": (0, -1), "北": (0, 1)}
    expected_point, radius, tail = point, 3.0, ""
    if moves:
        if rng.random() < 0.25:
            corner = rng.choice(("东北", "东南", "西北", "西南"))
            dx, dy = offsets[corner[0]][0], offsets[corner[1]][1]
            expected_point, radius = move(*point, 12 * dx, 12 * dy), 15.0
            tail = f"{corner}角"
        else:
            side = rng.choice(sorted(offsets))
            metres = rng.choice((20, 30, 50, 80, 100, 150))
            dx, dy = offsets[side]
            expected_point = move(*point, dx * metres, dy * metres)
            tail = rng.choice((
                f"往{side}{metres}米", f"{side}侧约{metres}米", f"向{side}{metres}米",
                f"{side}{metres}米处", f"{side}边{cn_number(metres)}米",
            ))  # fmt: skip
    cells = world.cells_near(*expected_point, radius)
    if not cells:
        return None
    township = rng.choice(("", "", world.township(a).name, world.short(world.township(a))))
    text = township + form.format(a=a.name, b=b.name) + tail
    subject = "pair:" + "|".join(sorted((a.id, b.id)))
    return Item(kind, subject, text, {"cells": cells}, f"{a.name} x {b.name} {tail}".strip())


@writer("intersection")
def intersection(world: World, rng: random.Random) -> Item | None:
    forms = ("{a}与{b}路口", "{a}和{b}交叉口", "{a}与{b}十字路口", "{a}跟{b}交汇处",
             "{a}同{b}路口", "{a}和{b}路口")  # fmt: skip
    return _intersection_item("intersection", world, rng, forms, moves=False)


@writer("intersection_bare")
def intersection_bare(world: World, rng: random.Random) -> Item | None:
    forms = ("{a}{b}路口", "{a}{b}交叉口", "{a}、{b}路口", "{a}/{b}", "{a}{b}十字路口",
             "{a}与{b}", "{a}{b}交口", "{a}-{b}路口", "{a}，{b}交叉路口", "{a}{b}口")  # fmt: skip
    return _intersection_item("intersection_bare", world, rng, forms, moves=False)


@writer("intersection_offset")
def intersection_offset(world: World, rng: random.Random) -> Item | None:
    forms = ("{a}与{b}路口", "{a}{b}路口", "{a}和{b}交叉口", "{a}{b}十字路口")
    return _intersection_item("intersection_offset", world, rng, forms, moves=True)


@writer("cross_township_roads")
def cross_township_roads(world: World, rng: random.Random) -> Item | None:
    a, b = rng.sample(world.roads, 2)
    if a.township == b.township:
        return None
    form = rng.choice(("{a}与{b}路口", "{a}{b}路口", "{a}和{b}交叉口", "{a}{b}十字路口"))
    text = form.format(a=a.name, b=b.name)
    subject = "pair:" + "|".join(sorted((a.id, b.id)))
    meant = f"{a.name} ({world.township(a).name}) x {b.name} ({world.township(b).name})"
    return Item("cross_township_roads", subject, text, {"not_placed": True}, meant)


def _name_typo(
    world: World, rng: random.Random, unit: AddressUnit, table: dict[str, str]
) -> str | None:
    name = unit.name
    protect = 2 if unit.kind is UnitKind.COMPOUND else 1
    positions = [i for i, ch in enumerate(name[:-protect]) if ch in table]
    if rng.random() < 0.1 and name[-1] in table:
        positions = [len(name) - 1]
    if not positions:
        return None
    i = rng.choice(positions)
    typo = name[:i] + rng.choice(table[name[i]]) + name[i + 1 :]
    if typo in world.all_names:
        return None
    return typo


def _typo_is_fair(
    world: World, unit: AddressUnit, typo: str, scope: list[AddressUnit], same_sound: bool
) -> bool:
    """A person could still tell which name was meant: no other name in scope sounds the
    same (pinyin keyboards) or is as close in writing."""
    mine = edit_distance(typo, unit.name)
    sound = "".join(lazy_pinyin(typo))
    for other in scope:
        if other.name == unit.name:
            continue
        if same_sound and world.pinyin[other.id] == sound:
            return False
        if edit_distance(typo, other.name) <= mine:
            return False
    return True


def _typo_item(kind: str, world: World, rng: random.Random, table: dict[str, str]) -> Item | None:
    unit = _pick_unit(world, rng, (30, 55, 15))
    typo = _name_typo(world, rng, unit, table)
    if typo is None:
        return None
    named = rng.random() < 0.65 or not world.unique(unit)
    if not world.unique_in_township(unit):
        return None
    if not _typo_is_fair(world, unit, typo, world.in_scope(unit, named), table is SAME_SOUND):
        return None
    address = _numbered(world, rng, unit)
    township = _township_text(world, rng, unit, need=True) if named else ""
    text = f"{rng.choice(COUNTY_PREFIXES)}{township}{typo}{numbers_text(address)}"
    return _address_item(kind, world, address, text)


@writer("typo_same_sound")
def typo_same_sound(world: World, rng: random.Random) -> Item | None:
    return _typo_item("typo_same_sound", world, rng, SAME_SOUND)


@writer("typo_lookalike")
def typo_lookalike(world: World, rng: random.Random) -> Item | None:
    return _typo_item("typo_lookalike", world, rng, LOOKALIKE)


@writer("typo_township")
def typo_township(world: World, rng: random.Random) -> Item | None:
    unit = _pick_unit(world, rng, (30, 55, 15))
    if not world.unique_in_township(unit):
        return None
    township = world.township(unit)
    stem = world.short(township)
    positions = [i for i, ch in enumerate(stem) if ch in SAME_SOUND]
    if not positions:
        return None
    i = rng.choice(positions)
    typo = stem[:i] + rng.choice(SAME_SOUND[stem[i]]) + stem[i + 1 :]
    suffix = township.name[len(stem) :]
    if typo + suffix in world.all_names or typo in world.all_names:
        return None
    # Fair: the road, village or compound named is the only one of its name in the county,
    # so the misspelt township cannot mislead a reader.
    if not world.unique(unit):
        return None
    address = _numbered(world, rng, unit)
    text = f"{rng.choice(COUNTY_PREFIXES)}{typo}{suffix}{unit.name}{numbers_text(address)}"
    return _address_item("typo_township", world, address, text)


@writer("dropped_char")
def dropped_char(world: World, rng: random.Random) -> Item | None:
    unit = rng.choice([v for v in world.villages if len(v.name) >= 4])
    if not world.unique_in_township(unit):
        return None
    i = rng.randrange(1, len(unit.name) - 1)
    typo = unit.name[:i] + unit.name[i + 1 :]
    if typo in world.all_names:
        return None
    scope = world.in_scope(unit, True)
    if any(edit_distance(typo, u.name) <= 1 for u in scope if u.name != unit.name):
        return None
    address = rng.choice(world.doors[unit.id])
    township = _township_text(world, rng, unit, need=True)
    text = f"{rng.choice(COUNTY_PREFIXES)}{township}{typo}{address.number}号"
    return _address_item("dropped_char", world, address, text)


@writer("village_no_cun")
def village_no_cun(world: World, rng: random.Random) -> Item | None:
    """村 left off (南台子12号), as villagers say their village's name."""
    unit = rng.choice(world.villages)
    stem = unit.name.removesuffix("村")
    if len(stem) < 2 or stem in world.township_alias or stem in world.road_stems:
        return None
    if stem in world.all_names or not world.unique_in_township(unit):
        return None
    named = rng.random() < 0.6 or not world.unique(unit)
    scope = world.in_scope(unit, named)
    if any(u.name != unit.name and u.name.startswith(stem) for u in scope):
        return None
    address = rng.choice(world.doors[unit.id])
    township = _township_text(world, rng, unit, need=True) if named else ""
    number = rng.choice((f"{address.number}号", f"{address.number}号", f"{address.number}"))
    text = f"{rng.choice(COUNTY_PREFIXES)}{township}{stem}{number}"
    return _address_item("village_no_cun", world, address, text)


@writer("short_levels")
def short_levels(world: World, rng: random.Random) -> Item | None:
    unit = _pick_unit(world, rng, (40, 45, 15))
    if not world.unique_in_township(unit):
        return None
    township = world.township(unit)
    short = world.short(township)
    county = rng.choice(("乳山", "威海乳山", "乳山市", "", "山东乳山"))
    office = f"{short}办事处" if township.name.endswith("街道") else short
    office = rng.choice((short, short, office))
    address = _numbered(world, rng, unit)
    text = f"{county}{office}{unit.name}{numbers_text(address)}"
    return _address_item("short_levels", world, address, text)


@writer("unit_only")
def unit_only(world: World, rng: random.Random) -> Item | None:
    unit = _pick_unit(world, rng, (40, 45, 15))
    if not world.unique(unit):
        return None
    address = _numbered(world, rng, unit)
    return _address_item("unit_only", world, address, f"{unit.name}{numbers_text(address)}")


@writer("full_width")
def full_width_kind(world: World, rng: random.Random) -> Item | None:
    unit = _pick_unit(world, rng, (40, 35, 25))
    address = _numbered(world, rng, unit)
    township = _township_text(world, rng, unit, need=not world.unique(unit))
    numbers = numbers_text(address)
    if unit.kind is UnitKind.COMPOUND and address.entrance is not None and rng.random() < 0.4:
        numbers = f"{address.building}#{address.entrance}单元"
    text = f"{rng.choice(COUNTY_PREFIXES)}{township}{unit.name}{full_width(numbers)}"
    if rng.random() < 0.3:
        text = rng.choice(("　", "")) + text + rng.choice(("　", ""))
    return _address_item("full_width", world, address, text)


@writer("chinese_numerals")
def chinese_numerals(world: World, rng: random.Random) -> Item | None:
    unit = _pick_unit(world, rng, (40, 35, 25))
    address = _numbered(world, rng, unit)
    township = _township_text(world, rng, unit, need=not world.unique(unit))
    if address.number is not None:
        numbers = f"{cn_number(address.number)}号"
    else:
        numbers = f"{cn_number(address.building or 0)}号楼"
        if address.entrance is not None:
            numbers += f"{cn_number(address.entrance)}单元"
    text = f"{rng.choice(COUNTY_PREFIXES)}{township}{unit.name}{numbers}"
    return _address_item("chinese_numerals", world, address, text)


@writer("spacing_punct")
def spacing_punct(world: World, rng: random.Random) -> Item | None:
    unit = _pick_unit(world, rng, (40, 40, 20))
    address = _numbered(world, rng, unit)
    township = world.township(unit).name
    numbers = numbers_text(address)
    form = rng.choice((
        "乳山市 {t} {u} {n}", "{t}，{u}{n}", "（{t}）{u}{n}", "{t}{u}{n}。", "{t} {u} {n}",
        "{t}{u}{spaced}", "【{t}】{u}{n}", "{t}-{u}-{n}", "乳山市{t}\n{u}{n}", "{t}、{u}、{n}",
        "“{t}{u}{n}”", "{t}/{u}{n}",
    ))  # fmt: skip
    spaced = numbers.replace("号", " 号").replace("单元", " 单元")
    text = form.format(t=township, u=unit.name, n=numbers, spaced=spaced)
    return _address_item("spacing_punct", world, address, text)


@writer("prefix_words")
def prefix_words(world: World, rng: random.Random) -> Item | None:
    unit = _pick_unit(world, rng, (40, 40, 20))
    address = _numbered(world, rng, unit)
    township = _township_text(world, rng, unit, need=not world.unique(unit))
    tail = rng.choice(("", "", "", "处"))
    text = f"{rng.choice(PREFIX_WORDS)}{rng.choice(COUNTY_PREFIXES)}{township}{unit.name}"
    text += numbers_text(address) + tail
    return _address_item("prefix_words", world, address, text)


@writer("landmark_tail")
def landmark_tail(world: World, rng: random.Random) -> Item | None:
    unit = _pick_unit(world, rng, (55, 45, 0))
    address = rng.choice(world.doors[unit.id])
    township = _township_text(world, rng, unit, need=not world.unique(unit))
    text = f"{township}{unit.name}{address.number}号{rng.choice(LANDMARK_TAILS)}"
    return _address_item("landmark_tail", world, address, text)


@writer("door_suffix")
def door_suffix(world: World, rng: random.Random) -> Item | None:
    unit = _pick_unit(world, rng, (60, 40, 0))
    doors = world.doors[unit.id]
    address = rng.choice(doors[:-2])
    n = address.number
    township = _township_text(world, rng, unit, need=not world.unique(unit))
    numbers = rng.choice((
        f"{n}号院", f"{n}号门市", f"{n}-1号", f"{n}号之一", f"{n}-{n + 2}号", f"{n}号附1号",
        f"{n}号-2", f"{n}号内",
    ))  # fmt: skip
    return _address_item("door_suffix", world, address, f"{township}{unit.name}{numbers}")


@writer("room_floor")
def room_floor(world: World, rng: random.Random) -> Item | None:
    address = _compound_door(world, rng)
    unit = world.units[address.unit]
    b, e = address.building, address.entrance
    floor = rng.randint(1, 6)
    room = f"{floor}0{rng.randint(1, 2)}"
    numbers = rng.choice((
        f"{b}号楼{e}单元{room}", f"{b}号楼{e}单元{room}室", f"{b}-{e}-{room}",
        f"{b}号楼{e}单元{floor}层", f"{b}号楼{e}单元{floor}楼东户", f"{b}号楼{e}单元{room}户",
        f"{b}栋{e}单元{room}", f"{b}号楼{e}单元{floor}楼",
    ))  # fmt: skip
    text = f"{_compound_prefix(world, rng, unit)}{unit.name}{numbers}"
    return _address_item("room_floor", world, address, text)


@writer("village_landmark")
def village_landmark(world: World, rng: random.Random) -> Item | None:
    unit = rng.choice(world.villages)
    if not world.unique_in_township(unit):
        return None
    township = _township_text(world, rng, unit, need=not world.unique(unit))
    text = f"{rng.choice(COUNTY_PREFIXES)}{township}{unit.name}{rng.choice(VILLAGE_SPOTS)}"
    meant = f"{world.township(unit).name}{unit.name}"
    return Item("village_landmark", unit.id, text, {"community": unit.community}, meant)


@writer("compound_landmark")
def compound_landmark(world: World, rng: random.Random) -> Item | None:
    unit = rng.choice(world.compounds)
    name = rng.choice((unit.name, unit.name, *unit.aliases))
    text = f"{_compound_prefix(world, rng, unit)}{name}{rng.choice(COMPOUND_SPOTS)}"
    return Item("compound_landmark", unit.id, text, {"community": unit.community}, unit.name)


@writer("township_landmark")
def township_landmark(world: World, rng: random.Random) -> Item | None:
    township = rng.choice(world.townships)
    name = rng.choice((township.name, world.short(township)))
    text = f"{rng.choice(COUNTY_PREFIXES)}{name}{rng.choice(TOWNSHIP_SPOTS)}"
    return Item(
        "township_landmark", f"township:{township.code}", text, {"township": township.code},
        township.name,
    )  # fmt: skip


def _shared_villages(world: World) -> list[AddressUnit]:
    return [v for v in world.villages if not world.unique(v) and world.unique_in_township(v)]


@writer("shared_name_township")
def shared_name_township(world: World, rng: random.Random) -> Item | None:
    unit = rng.choice(_shared_villages(world))
    address = rng.choice(world.doors[unit.id])
    township = _township_text(world, rng, unit, need=True)
    text = f"{rng.choice(COUNTY_PREFIXES)}{township}{unit.name}{address.number}号"
    return _address_item("shared_name_township", world, address, text)


@writer("shared_name_alone")
def shared_name_alone(world: World, rng: random.Random) -> Item | None:
    unit = rng.choice(_shared_villages(world))
    number = rng.randint(1, 20)
    text = f"{rng.choice(COUNTY_PREFIXES)}{unit.name}{number}号"
    where = "/".join(
        world.divisions[v.township].name for v in world.villages if v.name == unit.name
    )
    return Item("shared_name_alone", unit.id, text, {"unplaced": True}, f"{unit.name} in {where}")


@writer("missing_door")
def missing_door(world: World, rng: random.Random) -> Item | None:
    unit = _pick_unit(world, rng, (40, 40, 20))
    if not world.unique_in_township(unit):
        return None
    township = _township_text(world, rng, unit, need=not world.unique(unit))
    if unit.kind is UnitKind.COMPOUND:
        top = max(d.building or 0 for d in world.doors[unit.id])
        numbers = f"{top + rng.randint(2, 9)}号楼"
    else:
        top = max(d.number or 0 for d in world.doors[unit.id])
        numbers = f"{top + rng.randint(5, 300)}号"
    text = f"{township}{unit.name}{numbers}"
    if unit.kind is UnitKind.ROAD:
        expect = {"township": unit.township}
    else:
        expect = {"community": unit.community}
    return Item("missing_door", unit.id, text, expect, f"{unit.name}, no such door")


@writer("wrong_township")
def wrong_township(world: World, rng: random.Random) -> Item | None:
    unit = _pick_unit(world, rng, (50, 50, 0))
    if not world.unique(unit):
        return None
    other = rng.choice([t for t in world.townships if t.code != unit.township])
    address = rng.choice(world.doors[unit.id])
    name = rng.choice((other.name, world.short(other)))
    text = f"{rng.choice(COUNTY_PREFIXES)}{name}{unit.name}{address.number}号"
    # The county's only place of that name, with its door: the township is the slip, and a
    # dispatcher places it there (the resolver does, never confidently).
    return _address_item("wrong_township", world, address, text)


@writer("other_county")
def other_county(world: World, rng: random.Random) -> Item | None:
    county = rng.choice(OTHER_COUNTIES)
    if rng.random() < 0.5:
        road = rng.choice(world.roads)
        street, subject = road.name, road.id
    else:
        street = rng.choice(OTHER_STREETS)
        subject = f"street:{street}"
    text = f"{county}{street}{rng.randint(1, 120)}号"
    return Item("other_county", subject, text, {"unplaced": True}, f"outside 乳山市: {county}")


@writer("road_section")
def road_section(world: World, rng: random.Random) -> Item | None:
    """A road's section or side before the door (黄河路东段12号, 黄河路北侧12号)."""
    road = rng.choice(world.roads)
    address = rng.choice(world.doors[road.id])
    township = _township_text(world, rng, road, need=False)
    section = rng.choice(("东段", "西段", "南段", "北段", "中段", "北侧", "南侧", "路东", "路北"))
    text = f"{rng.choice(COUNTY_PREFIXES)}{township}{road.name}{section}{address.number}号"
    return _address_item("road_section", world, address, text)


@writer("poi_brackets")
def poi_brackets(world: World, rng: random.Random) -> Item | None:
    """A shop or office with its address in brackets, as phone maps write it."""
    unit = _pick_unit(world, rng, (60, 40, 0))
    address = rng.choice(world.doors[unit.id])
    township = _township_text(world, rng, unit, need=not world.unique(unit))
    shop = rng.choice(SHOPS)
    where = f"{township}{unit.name}{address.number}号"
    text = rng.choice((f"{shop}({where}店)", f"{where}({shop})", f"{shop}（{where}）"))
    return _address_item("poi_brackets", world, address, text)


@writer("village_inner_street")
def village_inner_street(world: World, rng: random.Random) -> Item | None:
    """A lane inside a village (前街, 东胡同): the registry numbers the village's doors, not
    its lanes, so which door is meant cannot be told; the village can."""
    unit = rng.choice(world.villages)
    if not world.unique_in_township(unit):
        return None
    township = _township_text(world, rng, unit, need=not world.unique(unit))
    lane = rng.choice(("前街", "后街", "东街", "中心街", "东胡同", "西胡同", "南街"))
    text = f"{rng.choice(COUNTY_PREFIXES)}{township}{unit.name}{lane}{rng.randint(1, 40)}号"
    meant = f"{world.township(unit).name}{unit.name}, a lane inside it"
    return Item("village_inner_street", unit.id, text, {"community": unit.community}, meant)


@writer("county_only")
def county_only(world: World, rng: random.Random) -> Item | None:
    text = rng.choice(COUNTY_ONLY)
    return Item("county_only", f"county:{text}", text, {"unplaced": True}, "the whole county")


@writer("chatter")
def chatter(world: World, rng: random.Random) -> Item | None:
    text = rng.choice(CHATTER)
    return Item("chatter", f"chatter:{text}", text, {"unplaced": True}, "no place")


def _phone_point(
    world: World, rng: random.Random, lon: float, lat: float, metres: float
) -> tuple[float, float]:
    angle = rng.uniform(0, 2 * math.pi)
    distance = rng.uniform(0, metres)
    return move(lon, lat, distance * math.cos(angle), distance * math.sin(angle))


def _point_item(kind: str, world: World, rng: random.Random, crs: str) -> Item | None:
    unit = _pick_unit(world, rng, (40, 40, 20))
    address = rng.choice(world.doors[unit.id])
    lon, lat = _phone_point(world, rng, address.lon, address.lat, 25.0)
    cell = world.cell_clear_of_edges(lon, lat)
    if cell is None:
        return None
    shown = to_gcj02(lon, lat) if crs == "gcj02" else to_bd09(lon, lat)
    return Item(
        kind, unit.id, None, {"cells": [cell]}, f"near {world.meant(address)}",
        lon=round(shown[0], 6), lat=round(shown[1], 6), crs=crs,
    )  # fmt: skip


@writer("point_gcj02")
def point_gcj02(world: World, rng: random.Random) -> Item | None:
    return _point_item("point_gcj02", world, rng, "gcj02")


@writer("point_bd09")
def point_bd09(world: World, rng: random.Random) -> Item | None:
    return _point_item("point_bd09", world, rng, "bd09")


@writer("text_and_point")
def text_and_point(world: World, rng: random.Random) -> Item | None:
    base = rng.choice((plain, unit_only, no_hao, door_tail, compound_forms, village_road))
    item = base(world, rng)
    if item is None or "address" not in item.expect:
        return None
    address = next(a for a in world.doors[item.subject] if a.id == item.expect["address"])
    lon, lat = to_gcj02(*_phone_point(world, rng, address.lon, address.lat, 60.0))
    return Item(
        "text_and_point", item.subject, item.text, item.expect, item.meant,
        lon=round(lon, 6), lat=round(lat, 6), crs="gcj02",
    )  # fmt: skip


@writer("vague_text_and_point")
def vague_text_and_point(world: World, rng: random.Random) -> Item | None:
    item = _point_item("vague_text_and_point", world, rng, "gcj02")
    if item is None:
        return None
    item.text = rng.choice(("路边", "我家楼下", "小区门口", "马路上", "这里", "见定位", "在这"))
    return item


@writer("shared_name_point")
def shared_name_point(world: World, rng: random.Random) -> Item | None:
    unit = rng.choice(_shared_villages(world))
    address = rng.choice(world.doors[unit.id])
    lon, lat = to_gcj02(*_phone_point(world, rng, address.lon, address.lat, 20.0))
    item = _address_item(
        "shared_name_point", world, address, f"{unit.name}{address.number}号",
        lon=round(lon, 6), lat=round(lat, 6), crs="gcj02",
    )  # fmt: skip
    return item


@writer("village_and_point")
def village_and_point(world: World, rng: random.Random) -> Item | None:
    unit = rng.choice(world.villages)
    if not world.unique(unit):
        return None
    address = rng.choice(world.doors[unit.id])
    lon, lat = _phone_point(world, rng, address.lon, address.lat, 30.0)
    cell = world.cell_clear_of_edges(lon, lat)
    if cell is None or world.cell_community[cell] != unit.community:
        return None
    shown = to_gcj02(lon, lat)
    text = f"{unit.name}{rng.choice(VILLAGE_SPOTS)}"
    return Item(
        "village_and_point", unit.id, text, {"cells": [cell]}, f"{unit.name}, at the point",
        lon=round(shown[0], 6), lat=round(shown[1], 6), crs="gcj02",
    )  # fmt: skip


# -- building and reading the set --------------------------------------------------------
def build(registry: Registry, per_kind: int = PER_KIND, seed: int = SEED) -> list[Item]:
    world = World(registry)
    items: list[Item] = []
    for kind, write in WRITERS.items():
        rng = random.Random(f"{seed}:{kind}")
        seen: set[tuple[Any, ...]] = set()
        made, attempts = 0, 0
        while made < per_kind and attempts < per_kind * 200:
            attempts += 1
            item = write(world, rng)
            if item is None:
                continue
            key = (item.text, item.lon, item.lat)
            if key in seen:
                continue
            seen.add(key)
            made += 1
            item.id = f"{kind}-{made:03d}"
            item.part = part_of(item.subject)
            items.append(item)
    return items


def write(items: list[Item], registry: Registry) -> None:
    DATA.mkdir(parents=True, exist_ok=True)
    for part in PARTS:
        rows = [
            json.dumps({k: v for k, v in asdict(i).items() if v not in ({}, None)}, **JSON)
            for i in items
            if i.part == part
        ]
        (DATA / f"{part}.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    manifest = {
        "set": SET_NAME,
        "registry_version": registry.version,
        "seed": SEED,
        "per_kind": PER_KIND,
        "tuning_percent": TUNING_PERCENT,
        "counts": {p: sum(1 for i in items if i.part == p) for p in PARTS},
        "kinds": sorted(WRITERS),
    }
    (DATA / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )


def load(part: str) -> list[dict[str, Any]]:
    lines = (DATA / f"{part}.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def manifest() -> dict[str, Any]:
    return json.loads((DATA / "manifest.json").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Verdict:
    correct: bool
    confidently_wrong: bool


def judge(item: dict[str, Any], placement: Any) -> Verdict:
    """Top-1: is the one answer the right one? If not, was a wrong place given with
    confidence? The grid cell of the right door, or one touching it, given by a phone's
    point when the text could not be read, is imprecise, not wrong."""
    expect = item["expect"]
    status = str(placement.status)
    placed = status == "placed"
    if "address" in expect:
        correct = placement.address_id == expect["address"]
        imprecise = placement.address_id is None and expect["cell"] in placement.nearby_cells
    elif "cells" in expect:
        correct = placed and placement.cell in expect["cells"]
        imprecise = False
    elif "community" in expect:
        correct = (
            status == "partial"
            and str(placement.precision) == "community"
            and placement.community == expect["community"]
        )
        imprecise = False
    elif "township" in expect:
        correct = (
            status == "partial"
            and str(placement.precision) == "township"
            and placement.township == expect["township"]
        )
        imprecise = False
    elif expect.get("unplaced"):
        correct = status == "unplaced"
        imprecise = False
    else:
        correct = not placed
        imprecise = False
    wrong = not correct and not imprecise
    return Verdict(correct, wrong and placed and placement.confidence >= CONFIDENT)


def items_of(kind_filter: str | None = None, part: str = "tuning") -> Iterator[dict[str, Any]]:
    for item in load(part):
        if kind_filter is None or item["kind"] == kind_filter:
            yield item


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.parse_args()
    registry = build_demo_registry()
    items = build(registry)
    write(items, registry)
    counts = Counter((i.kind, i.part) for i in items)
    for kind in WRITERS:
        print(f"{kind:24}", "  ".join(f"{p} {counts[(kind, p)]:3}" for p in PARTS))
    sizes = Counter(i.part for i in items)
    print(f"total {len(items)}: " + ", ".join(f"{p} {sizes[p]}" for p in PARTS))


if __name__ == "__main__":
    main()
