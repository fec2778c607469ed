"""How alike two incident descriptions are, in Chinese incident language. Pure.

Two people describe one missing manhole cover as 窨井盖丢失 and 雨水井盖被盗; one partial
string ratio calls that unlike, and calls 黄河路12号门前路灯不亮 and 黄河路12号门前路面塌陷
alike because both name the same door. So a description is first reduced to what it says
about the incident:

1. **Normalised**: full-width to half-width (NFKC), lower case, no punctuation or spaces.
2. **Place words removed**: any run of two or more characters that also occurs in the
   report's address text (the door, the street, the village) says where, not what.
3. **Concepts**: the words of the lexicon below are replaced by the concept they name
   (井盖, 窨井盖 and 检查井 are all 井盖; 焚烧, 烧 and 冒烟 name burning and smoke; 噪音 and
   噪声 are noise, 扰民 is its complaint). The longest word wins (烧烤 is a restaurant, not
   burning; 油烟 is fumes, not smoke). Filler (市民来电反映, 巡查发现, 存在, 需) is dropped.
4. **Character bigrams** of whatever is left carry what the lexicon does not know (a shop's
   name, 楼道, 采光), at a lower weight than a concept.

Similarity is the weighted Dice overlap of the two sets of concepts and bigrams: 1 for the
same content, 0 for nothing in common. A concept weighs by how much it says about the
incident (井盖 3, 破损 1).

Sources of the lexicon: the category labels of the four taxonomies (grid/categories.py), the
synonyms named when cross-grid matching was specified (井盖/窨井盖/检查井, 焚烧/烧/冒烟,
噪音/噪声/扰民), the pollutants a monitoring station names (COD, 氨氮, 总磷), 烧烤 (a
restaurant, so that 烧 can mean burning) and the tuning and development parts of the
labelled scenarios (bench/scenarios); never the held-out part (tests/unit/test_scenarios.py
checks that no word comes only from it).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache

CONCEPT_MARK = "\u2063"  # an invisible separator: concept tokens never form bigrams
BIGRAM_WEIGHT = 0.5

# concept: (weight, words that name it)
LEXICON: dict[str, tuple[float, tuple[str, ...]]] = {
    # objects
    "井盖": (3.0, ("井盖", "窨井盖", "检查井盖", "检查井", "窨井", "下水道井盖", "下水井盖",
                   "污水井盖", "雨水井盖", "上水井盖", "雨水篦子", "篦子", "井口")),
    "路灯": (3.0, ("路灯", "照明", "灯杆", "灯头", "灯具")),
    "路面": (1.0, ("路面", "道路", "马路", "人行道", "地砖", "路上", "车行道", "机动车道",
                   "便道砖", "便道")),
    "下水道": (1.0, ("下水道", "管网", "雨污管网", "管道", "排水沟", "水沟", "排水口")),
    "河道": (1.0, ("河道", "河沟", "河里", "河边", "沟渠", "水体")),
    "垃圾": (2.0, ("垃圾", "生活垃圾", "建筑垃圾", "装修垃圾", "渣土", "杂物", "固废",
                   "固体废物", "建筑废料", "废料", "废弃物", "废品")),
    "工地": (2.0, ("施工", "工地", "建筑工地", "施工方", "打桩", "浇筑", "混凝土", "作业",
                   "项目部", "机器")),
    "饭店": (1.5, ("饭店", "餐饮", "餐馆", "烧烤", "后厨")),
    "违建": (3.0, ("私搭乱建", "违章搭建", "违规搭建", "违建", "搭建", "加盖",
                   "扩建", "彩钢房", "棚子", "盖了")),
    "停车": (3.0, ("停车", "停车位", "车位", "停放", "车停", "违章停车", "乱停乱放", "堵门",
                   "堵在门口", "消防通道")),
    "人群": (2.0, ("特殊人群", "独居老人", "走访", "社区矫正", "矫正")),
    # what is wrong
    "缺失": (2.0, ("缺失", "丢失", "丢了", "被盗", "被偷", "没了", "不见了", "无盖", "敞着",
                   "移位")),
    "破损": (0.5, ("破损", "损坏", "破碎", "碎了", "碎裂", "断裂", "坏了", "松动", "翘起",
                   "开裂", "故障")),
    "坑": (2.5, ("坑洼", "坑坑洼洼", "坑槽", "大坑", "深坑", "坑", "塌陷", "沉陷", "下沉",
                 "塌方", "塌了", "洞")),
    "不亮": (2.5, ("不亮", "熄灭", "黑漆漆", "漆黑", "一片黑", "一闪一闪")),
    "污水": (3.0, ("污水", "黑水", "臭水", "脏水", "废水", "生活污水", "发黑发臭")),
    "冒溢": (2.0, ("冒溢", "外溢", "漫溢", "返水", "冒水", "往外冒", "冒")),
    "排放": (2.0, ("排放", "直排", "外排", "排出", "排污口", "排口", "排污", "偷排", "漏排")),
    "监测": (2.0, ("在线监测", "自动监测", "监测设备", "监测", "超标", "超过限值", "浓度",
                   "小时均值", "报警")),
    # What a monitoring station measures: water (GB 3838) or air (GB 3095). A water alert
    # and an air alert are two episodes whatever else they share (``clash``).
    "水质": (2.0, ("cod", "化学需氧量", "氨氮", "nh3", "tp", "总磷", "总氮", "溶解氧", "入河排污口",
                   "排污口水质")),
    "空气": (2.0, ("pm10", "pm2.5", "pm25", "颗粒物", "二氧化硫", "so2", "二氧化氮", "no2",
                   "臭氧", "空气微站", "空气质量", "空气站")),
    "倾倒": (2.5, ("倾倒", "随意倾倒", "偷倒", "倒了", "堆放", "乱堆", "乱放", "堆成山", "堆积",
                   "满溢", "积存", "暴露", "未清运", "没人拉走")),
    "焚烧": (3.0, ("焚烧", "露天焚烧", "烧垃圾", "烧荒", "烧秸秆", "烧", "冒黑烟", "黑烟",
                   "黑烟滚滚", "浓烟", "冒烟", "烟雾", "烟味", "烟")),
    "火灾": (1.5, ("火灾", "火势", "柴草垛")),
    "秸秆": (1.0, ("秸秆", "树叶", "杂草")),
    "噪声": (3.0, ("噪声", "噪音", "吵闹", "轰鸣", "吵")),
    "扰民": (1.0, ("扰民", "影响休息", "睡不着", "无法入睡", "睡觉", "吵醒")),
    "夜间": (1.0, ("夜间", "晚上", "半夜", "深夜", "十一点", "十二点")),
    "异味": (2.0, ("异味", "气味", "臭味", "臭气", "臭气熏天", "发臭", "刺鼻", "难闻", "臭",
                   "臭气浓度", "硫化氢", "h2s",
                   "呛")),
    "油烟": (3.0, ("油烟", "餐饮油烟", "排烟", "排烟口")),
    "占道": (3.0, ("占道", "占道经营", "出店经营", "越门经营", "店外", "占用人行道", "摆摊",
                   "摆放货物", "摊贩", "流动摊贩", "摊点", "小摊", "游商", "叫卖", "占满")),
    "无照": (3.0, ("无照", "无照经营", "无证", "无证经营", "营业执照", "未办理营业执照")),
    "食品": (3.0, ("食品", "食品安全", "过期", "保质期", "变质", "肉制品", "熟食", "面包",
                   "拉肚子", "卫生", "健康证", "苍蝇")),
    "价格": (3.0, ("价格", "价格违法", "标价", "明码标价", "实收", "结账", "收费", "乱收费",
                   "贵")),
    "假冒": (3.0, ("假冒", "假冒伪劣", "伪劣", "仿冒", "假酒", "假的", "名牌", "品牌",
                   "虚假广告")),
    "纠纷": (1.0, ("纠纷", "矛盾纠纷", "矛盾", "矛盾激化", "争执", "争吵", "吵架", "口角",
                   "调解", "理论", "讨说法")),
    # 讨薪 is what the gathering is about: wages, so a petition over wages and the wage
    # dispute behind it share 欠薪.
    "上访": (3.0, ("上访", "信访", "信访风险", "集体上访", "聚集")),
    "欠薪": (3.0, ("欠薪", "拖欠", "工资", "讨要工资", "劳资", "讨薪")),
    # Fire safety, the other half of 治安隐患 beside covers and lanes: a wire run out of a
    # window to charge a scooter is not a missing cover at the same building.
    "消防": (3.0, ("消防", "消防隐患", "消防安全", "消防设施", "灭火器", "飞线", "私拉电线",
                   "私拉乱接", "拉电线", "充电", "液化气", "煤气罐", "易燃")),
    "邻里": (0.5, ("邻里", "邻居", "住户", "两户")),
    "隐患": (0.5, ("隐患", "安全隐患", "治安隐患", "危险", "跌落", "摔倒")),
}  # fmt: skip

# Words that say who reported, how, or that something must be done: not what happened.
FILLER = (
    "市民来电反映", "来电反映", "来电人称", "来电称", "热线转办", "群众举报", "群众投诉",
    "巡查发现", "网格员", "巡查", "排查", "举报", "投诉", "反映",
    "市民", "群众", "现场", "发现", "有人", "一处", "附近", "门前", "路边", "已", "需",
    "相关部门", "尽快", "存在", "较大", "很大", "严重", "一个", "好几", "好几天", "谁来管管",
    "了", "的", "在", "有", "都", "还", "太", "很", "我们", "这条",
)  # fmt: skip

# Concepts that name *what* the incident is (a cover, a light, burning, noise, dumping, a
# stall), as opposed to where (a building site, a restaurant, rubbish, the road) or how bad:
# two descriptions naming different ones describe two things.
SPECIFIC = frozenset(c for c, (weight, _) in LEXICON.items() if weight >= 2.5)

MEDIA = frozenset({CONCEPT_MARK + "水质", CONCEPT_MARK + "空气"})

_CONCEPT_OF: dict[str, str] = {}
for _concept, (_weight, _words) in LEXICON.items():
    for _word in _words:
        if _CONCEPT_OF.setdefault(_word, _concept) != _concept:
            raise ValueError(f"lexicon word {_word!r} names two concepts")
_FILLER = set(FILLER) - set(_CONCEPT_OF)
_TOKEN = re.compile(
    "|".join(re.escape(w) for w in sorted({*_CONCEPT_OF, *_FILLER}, key=len, reverse=True))
)
_NOT_TEXT = re.compile(r"[\W_]+", re.UNICODE)


def normalise(text: str) -> str:
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return _NOT_TEXT.sub("", text.lower())


def without_place(description: str, *places: str) -> str:
    """The description without the runs of two or more characters it shares with the
    place texts (the reporter's address text, the standard address)."""
    text = normalise(description)
    known = [normalise(p) for p in places if p]
    if not known:
        return text
    kept: list[str] = []
    i = 0
    while i < len(text):
        longest = 0
        for place in known:
            j = i + 2
            while j <= len(text) and text[i:j] in place:
                j += 1
            longest = max(longest, j - 1 - i)
        if longest >= 2:
            i += longest
        else:
            kept.append(text[i])
            i += 1
    return "".join(kept)


@dataclass(frozen=True)
class Terms:
    """What a description says: its concepts and the bigrams of the rest, weighted."""

    weights: Mapping[str, float]
    firm: frozenset[str] = frozenset()  # concepts named by a word, not one character

    @cached_property
    def concepts(self) -> frozenset[str]:
        return frozenset(t for t in self.weights if t.startswith(CONCEPT_MARK))

    @cached_property
    def total(self) -> float:
        return sum(self.weights.values())

    @cached_property
    def things(self) -> frozenset[str]:
        """The specific concepts it names (``SPECIFIC``) by a whole word: a single character
        (烟, 吵, 坑) counts for similarity but is too ambiguous to say what the thing is
        (排烟 is a restaurant's flue, not smoke from burning)."""
        return self.firm & SPECIFIC


@lru_cache(maxsize=50_000)
def terms(text: str) -> Terms:
    """Concepts and leftover bigrams of an (already place-free or raw) description (cached:
    grids' systems and phones send the same phrases again and again; a Terms is never
    changed once built)."""
    text = normalise(text)
    weights: dict[str, float] = {}
    firm: set[str] = set()  # concepts named by a word of two or more characters
    rest: list[str] = []

    def flush() -> None:
        chunk = "".join(rest)
        for k in range(len(chunk) - 1):
            weights[chunk[k : k + 2]] = BIGRAM_WEIGHT
        rest.clear()

    i = 0
    while i < len(text):
        found = _TOKEN.match(text, i)
        if found is None:
            rest.append(text[i])
            i += 1
            continue
        flush()
        word = found.group(0)
        concept = _CONCEPT_OF.get(word)
        if concept is not None:
            weights[CONCEPT_MARK + concept] = LEXICON[concept][0]
            if len(word) >= 2:
                firm.add(concept)
        i = found.end()
    flush()
    return Terms(weights, frozenset(firm))


def similarity(a: Terms, b: Terms, ignore: frozenset[str] = frozenset()) -> float:
    """Weighted Dice overlap: 1 for the same content, 0 for nothing in common. Concepts in
    ``ignore`` do not count (what both categories' names say: two disputes both say 纠纷)."""
    first, second = a.weights, b.weights
    skip = [CONCEPT_MARK + c for c in ignore] if ignore else []
    total_a = a.total - sum(first.get(t, 0.0) for t in skip)
    total_b = b.total - sum(second.get(t, 0.0) for t in skip)
    if total_a <= 0 or total_b <= 0:
        return 0.0
    shared = sum(first[t] for t in first.keys() & second.keys())
    shared -= sum(first[t] for t in skip if t in first and t in second)
    return 2 * shared / (total_a + total_b)


def concepts_of(text: str) -> frozenset[str]:
    """Every concept a text names (for a category's name: what its reports all say)."""
    return frozenset(c.removeprefix(CONCEPT_MARK) for c in terms(text).concepts)


def concept_names(found: Terms) -> list[str]:
    """The concepts a description names, for explaining a decision."""
    return sorted(c.removeprefix(CONCEPT_MARK) for c in found.concepts)


def specific(found: Terms) -> frozenset[str]:
    return found.things


def clash(
    a: Terms, b: Terms, own_a: frozenset[str] = frozenset(), own_b: frozenset[str] = frozenset()
) -> tuple[frozenset[str], frozenset[str]] | None:
    """The things each description names when they name different things and share none
    (井盖 / 坑), else None. Not a clash when each only names what its own category is called
    (``own_a``, ``own_b``: 无照经营 and 占道经营 describe one stall from two grids; the
    categories' affinity already says how often)."""
    media = (a.concepts & MEDIA, b.concepts & MEDIA)
    if media[0] and media[1] and not media[0] & media[1]:
        return tuple(frozenset(c.removeprefix(CONCEPT_MARK) for c in m) for m in media)  # type: ignore[return-value]
    first, second = specific(a), specific(b)
    if not first or not second or first & second:
        return None
    if first <= own_a and second <= own_b:
        return None
    return first, second


# -- what the words say about where ------------------------------------------------------------
# A report placed only to a village or a township has no point; its words may still pin the
# spot: a licence plate, a door number, a named shop or site, the side of the village. These
# are its *marks*: two reports that share one are at the same spot, whatever the registry
# could make of their addresses.
_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_PLATE = re.compile(rf"[{_PROVINCES}][A-Z][A-Z0-9]{{5,6}}(?![A-Z0-9])")
_DOOR_NUMBER = re.compile(r"(?<!\d)(\d{1,4})号(?!楼)")
_DOOR_STREET = re.compile(r"[\u4e00-\u9fff]{0,5}?[\u4e00-\u9fff](?<=[路街巷道村庄屯])$")
# Premises and sites people name as where it is (a shop, a farm, a transfer station). The
# longest kind wins (养猪场 before 场 would, 烧烤店 before 店).
PREMISES = (
    "商店", "超市", "便利店", "小卖部", "小卖铺", "饭店", "饭馆", "餐馆", "餐厅", "酒店", "宾馆",
    "旅馆", "药店", "药房", "诊所", "卫生室", "公司", "加工厂", "工厂", "作坊", "养殖场",
    "养猪场", "养鸡场", "猪场", "鸡场", "鱼粉厂", "砖厂", "修理厂", "化工厂", "厂", "工地",
    "中转站", "加油站", "收购站", "废品站", "小学", "中学", "学校", "幼儿园", "菜市场", "市场",
    "烧烤店", "烧烤摊", "浴池", "网吧", "洗车店", "汽修店", "仓库", "果园", "大棚", "鱼塘",
    "小吃部",
    "店",
)  # fmt: skip
_PREMISES = re.compile("|".join(sorted(map(re.escape, PREMISES), key=len, reverse=True)))
_NAME_BEFORE = re.compile(r"[\u4e00-\u9fff]{1,4}$")  # up to four characters of its name
# Words before a premises that are not its name (这家超市, 村里的饭店).
_NOT_A_NAME = re.compile(
    r"(一家|这家|那家|有家|一个|这个|那个|有个|附近|门口|旁边|对面|隔壁|里面|村里|路边|左右"
    r"|那边|这边|那里|这里|米|的|个|家)$"
)
# What a premises trades in is part of its kind, not its name: 顺发建材店 is 顺发's 建材店,
# and two 建材店 of one township are not one shop; 垃圾中转站 has no name at all.
TRADES = (
    "建材", "五金", "水果", "蔬菜", "服装", "家电", "电器", "手机", "烟酒", "粮油", "日用",
    "百货", "食品", "副食", "垃圾", "废品", "汽车", "电动车", "装饰", "家具", "理发", "美容",
    "美发", "足疗", "洗浴", "快递", "物流", "养殖", "加工", "化工", "塑料", "木材", "钢材",
    "石材", "水泥", "农资", "化肥", "饲料", "烧烤", "小吃", "火锅", "早餐", "海鲜", "鱼粉",
    # What food premises sell: 如意快餐店 and 好运来快餐店 share 快餐, not a name.
    "快餐", "餐饮", "奶茶", "面包", "蛋糕", "糕点", "熟食", "卤味", "冷饮", "茶叶", "酒水",
    "水产", "冻品", "调料", "猪肉", "牛肉", "羊肉", "鲜肉", "母婴", "眼镜", "药品",
    # What a site builds is its kind too: 建筑工地 and 施工工地 name no site.
    "建筑", "施工",
)  # fmt: skip
_TRADE_AT_END = re.compile("(" + "|".join(TRADES) + ")$")
# Words that end what comes before a premises' name (投诉家和超市, 在家和商店买的): its name
# starts after the last of them, so 投诉超市 and 我要投诉超市 name no shop.
_BEFORE_A_NAME = re.compile(
    "|".join(
        sorted(
            {
                *FILLER, "投诉", "反映", "举报", "检查", "巡查", "我要", "这家", "那家", "一家",
                "有家", "这个", "那个", "一个", "有个", "对面", "旁边", "门口", "隔壁", "村里",
                "里面", "左右", "米", "在", "到", "去", "买", "卖", "对", "给", "从", "与", "跟",
                "向", "往", "是", "个", "俺", "我", "你", "说", "被",
                # 门牌不详工地, 地址不详的饭店: a place the reporter could not name.
                "不详", "不清", "不明",
                # 有臭味猪场, 一股怪味工厂: what it smells of, not its name.
                "臭味", "异味", "气味", "怪味", "味道",
                # 一到晚上就臭 啥厂子: a question, not a name.
                "啥", "什么", "哪个", "哪家", "就",
            },
            key=len,
            reverse=True,
        )
    )
)  # fmt: skip
# Kinds of premises a village or community rarely has two of (a farm, a factory, a transfer
# station, a school): named by kind alone, they are a landmark of the place. Shops, stalls,
# building sites, orchards are many: by kind alone they say nothing.
LANDMARK_KINDS = (
    "养殖场", "养猪场", "养鸡场", "猪场", "鸡场", "厂", "中转站", "加油站", "收购站", "废品站",
    "小学", "中学", "学校", "幼儿园", "市场", "仓库", "浴池",
)  # fmt: skip
# The side of a village or compound (村东头, 村外西边, 小区北侧); not a name that starts with a
# direction (the 东 of 村东耿家村 begins another village's name).
_SIDE = re.compile(
    r"(?:村|庄|屯|社区|小区)(?:村外|外|的)?([东西南北])(?![\u4e00-\u9fff]{0,3}(?:村|庄|屯|社区|小区))"
)
OPPOSITE = {"东": "西", "西": "东", "南": "北", "北": "南"}
# Spots every village has one of and everyone names the same way: its entrance (村口, where
# the road comes in and the rubbish point and the notice board stand) and its committee's
# yard (村委, 村委会, 村部) when named as where it is (村委旁边, not 到村委反映). Both named,
# they are one spot of the village, whatever the kind of problem; 村东口 and 村西口 are two.
VILLAGE_SPOTS = {
    "村口": "村口",
    "村委会": "村委",
    "村委大院": "村委",
    "村委": "村委",
    "村部": "村委",
}
_VILLAGE_SPOT = re.compile(
    r"村口|(?:村委大院|村委会|村委|村部)(?=旁|附近|门口|门前|对面|前|后|边|院|里|[东西南北]|$)"
)
NAMED_TAIL = 2  # characters of a premises' name two reports must share to name the same one
# What many names end with: 东里小区's and 西馨苑小区's 工地 share 小区, not a name.
GENERIC_NAME_ENDINGS = ("小区", "花园", "家园", "社区", "公寓", "大厦", "广场", "新村", "村")


@dataclass(frozen=True)
class Marks:
    """What pins a report's spot in its words (see ``marks``)."""

    plates: frozenset[str] = frozenset()
    doors: frozenset[str] = frozenset()  # 永安街52
    premises: frozenset[tuple[str, str]] = frozenset()  # (name, kind): (家和, 商店), ("", 果园)
    sides: frozenset[str] = frozenset()  # the side of the village or compound: 东, 西 ...
    roads: frozenset[str] = frozenset()  # the roads it names: 瑞祥路, 区凤凰街

    def __bool__(self) -> bool:
        return bool(self.plates or self.doors or self.premises or self.sides or self.roads)

    def as_data(self) -> list[str]:
        return sorted(
            [f"plate:{p}" for p in self.plates]
            + [f"door:{d}" for d in self.doors]
            + [f"premises:{n}|{k}" for n, k in self.premises]
            + [f"side:{s}" for s in self.sides]
            + [f"road:{r}" for r in self.roads]
        )

    @classmethod
    def from_data(cls, data: list[str] | None) -> Marks:
        found: dict[str, set[object]] = {"plate": set(), "door": set(), "premises": set()}
        sides: set[str] = set()
        roads: set[str] = set()
        for item in data or ():
            kind, _, value = item.partition(":")
            if kind == "road":
                roads.add(value)
            elif kind == "premises":
                name, _, what = value.partition("|")
                found["premises"].add((name, what))
            elif kind == "side":
                sides.add(value)
            elif kind in found:
                found[kind].add(value)
        return cls(
            frozenset(found["plate"]),  # type: ignore[arg-type]
            frozenset(found["door"]),  # type: ignore[arg-type]
            frozenset(found["premises"]),  # type: ignore[arg-type]
            frozenset(sides),
            frozenset(roads),
        )


# A road named in words: two or three characters before 路/街/大道/大街 (not 街道, a
# subdistrict); compared by their common tail (``ROAD_TAIL``), as the text may run a
# township into it (城区瑞祥路, 街道瑞祥路).
_ROAD = re.compile(r"[\u4e00-\u9fff]{2,3}?(?:大道|大街|路|街)(?![道办])")
ROAD_TAIL = 3  # 瑞祥路: a stem of two characters and the suffix


@lru_cache(maxsize=50_000)
def marks(*texts: str) -> Marks:
    """The marks in a report's description and address text."""
    plates: set[str] = set()
    doors: set[str] = set()
    premises: set[tuple[str, str]] = set()
    sides: set[str] = set()
    roads: set[str] = set()
    for raw in texts:
        if not raw:
            continue
        text = normalise(raw).upper()
        plates.update(_PLATE.findall(text))
        plain = text.lower()
        for number in _DOOR_NUMBER.finditer(plain):
            street = _DOOR_STREET.search(plain, max(0, number.start() - 6), number.start())
            if street:
                doors.add(f"{street.group(0)}{int(number.group(1))}")
        for found in _PREMISES.finditer(plain):
            kind = found.group(0)
            named = _NAME_BEFORE.search(plain, max(0, found.start() - 4), found.start())
            name = named.group(0) if named else ""
            cut = [m.end() for m in _BEFORE_A_NAME.finditer(name)]
            name = name[cut[-1] :] if cut else name
            while (shorter := _NOT_A_NAME.sub("", name)) != name:
                name = shorter
            while trade := _TRADE_AT_END.search(name):
                name, kind = name[: trade.start()], trade.group(1) + kind
            premises.add((name, kind))
        sides.update(_SIDE.findall(plain))
        roads.update(_ROAD.findall(plain))
        premises.update(("", VILLAGE_SPOTS[m.group(0)]) for m in _VILLAGE_SPOT.finditer(plain))
    return Marks(
        frozenset(plates), frozenset(doors), frozenset(premises), frozenset(sides), frozenset(roads)
    )


@dataclass(frozen=True)
class SharedMarks:
    """What two reports' marks say together: the strongest mark both carry (``spot``: a
    plate, a door or a named premises; ``kind``: only the same kind of premises, one a
    village rarely has two of (``LANDMARK_KINDS``: its 垃圾中转站, its 养猪场); ``side``: the
    same side of the village), and whether they put the reports on opposite sides."""

    spot: str | None = None
    kind: str | None = None
    side: str | None = None
    opposite: tuple[str, str] | None = None
    road: str | None = None  # a road both name (no door needed)
    # The spot is one every village has (its 村口, its 村委): one spot only within one
    # village, while a township's 村口 are as many as its villages.
    in_any_village: bool = False
    named: str | None = None  # a shop or a car both name, even where a door is the spot


def shared_marks(a: Marks, b: Marks) -> SharedMarks:
    spot = kind = side = None
    opposite = None
    road = _same_road(a.roads, b.roads)
    # Both name a road and not the same one: a shop name they share is a chain's two
    # branches (杨记超市 on 黄河路 and on 花园街), not one premises.
    other_roads = bool(a.roads and b.roads and road is None)
    named, kind = (None, None) if other_roads else _same_premises(a.premises, b.premises)
    if both := sorted(a.plates & b.plates):
        spot = named = both[0]
    elif both := sorted(_same_doors(a.doors, b.doors)):
        spot = both[0] + "号"
    else:
        spot = named
    if a.sides and b.sides:
        if both := sorted(a.sides & b.sides):
            side = both[0]
        else:
            first, second = sorted(a.sides)[0], sorted(b.sides)[0]
            if OPPOSITE[first] == second:
                opposite = (first, second)
    in_any_village = False
    if spot is None and opposite is None:
        village = sorted({k for n, k in a.premises if not n} & {k for n, k in b.premises if not n})
        if spots := [k for k in village if k in VILLAGE_SPOTS.values()]:
            spot, in_any_village = spots[0], True
    return SharedMarks(spot, kind, side, opposite, road, in_any_village, named)


def _same_premises(
    first: frozenset[tuple[str, str]], second: frozenset[tuple[str, str]]
) -> tuple[str | None, str | None]:
    """A premises both name by name (福顺超市), else None; and a landmark kind both name
    (养鸡场) when no name is shared."""
    kind = None
    for name_a, kind_a in sorted(first):
        for name_b, kind_b in sorted(second):
            if kind_a != kind_b:
                continue
            tail = _common_tail(name_a, name_b)
            if len(tail) >= NAMED_TAIL and not tail.endswith(GENERIC_NAME_ENDINGS):
                return tail + kind_a, None
            if kind_a.endswith(LANDMARK_KINDS):
                kind = kind or kind_a
    return None, kind


def named_apart(a: Marks, b: Marks) -> bool:
    """Both name premises by name (张记农资店, 朱记粮油店) and no name is shared: two shops."""
    first = [name for name, _ in a.premises if len(name) >= NAMED_TAIL]
    second = [name for name, _ in b.premises if len(name) >= NAMED_TAIL]
    if not first or not second:
        return False
    return all(len(_common_tail(x, y)) < NAMED_TAIL for x in first for y in second)


def _same_road(first: frozenset[str], second: frozenset[str]) -> str | None:
    """A road both name, by the tail its names share (城区瑞祥路 and 瑞祥路29号's 瑞祥路)."""
    found = sorted(
        tail for a in first for b in second if len(tail := _common_tail(a, b)) >= ROAD_TAIL
    )
    return found[0] if found else None


def _same_doors(first: frozenset[str], second: frozenset[str]) -> set[str]:
    """Doors both name; a name written shorter (永安52, 永安街52) still matches by its tail."""
    if not first or not second:
        return set()
    found = set(first & second)
    for a in first:
        for b in second:
            if a != b and (a.endswith(b) or b.endswith(a)) and min(len(a), len(b)) >= 3:
                found.add(min(a, b, key=len))
    return found


def _common_tail(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return a[len(a) - n :]
