"""Kinds of incident, which grids report each one and in whose words.

One kind is one real-world problem (a missing manhole cover, open burning, night construction
noise...). Each grid that sees it reports it in its own taxonomy and its own register:

- 数字城管 监督员 (``urban``): terse, standard wording, GB/T 30428.2 部件/事件 classes; classes
  outside the city's table are sent as the standard codes anyway (施工扰民 03/01, 露天焚烧
  01/09, 工地扬尘 03/02);
- 综治网格员 (``pl``): a narrative of what was found and done, community and party names;
- 环保 patrol and 12369 hotline (``env``), online monitoring (``sensor``);
- 市场监管 inspectors (``market``): business name, 统一社会信用代码, what was found;
- a grid worker's phone (``worker``, POST /reports): a line or two;
- citizens through an app or the hotline desk (``citizen``, POST /reports): colloquial,
  dialect words (俺, 咋, 嘛), exclamation, missing punctuation.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Facts = dict[str, Any]


@dataclass(frozen=True)
class Source:
    """Who reports (urban, pl, env_patrol, env_hotline, env_sensor, market, api_worker,
    api_citizen), how often, and in which class: urban 'kind/major/minor', pl 'type[:dispute]',
    env 'kind', market 'violation', api the unified category code."""

    voice: str
    weight: float
    spec: str


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    persistent: bool  # a state that lasts (a pothole) or an occurrence (a fire)
    span_hours: float  # how long after it starts reports still come
    spots: tuple[tuple[str, float], ...]  # where it happens: spot kind, weight
    hours: tuple[int, int]  # when it usually starts (local hours, may wrap midnight)
    sources: tuple[Source, ...]
    facts: Callable[[random.Random], Facts]
    texts: dict[str, tuple[str, ...]] = field(default_factory=dict)
    size: tuple[int, ...] = (1, 1, 2, 2, 2, 3, 3, 4, 5)  # how many reports an incident gets

    def categories(self) -> set[str]:
        """Every category a report of this kind may carry (whatever its facts)."""
        found = set()
        for source in self.sources:
            if "{urban_class}" in source.spec:
                for minor in ("01", "02", "03"):
                    found.add(category_of(Source(source.voice, 0, f"component/01/{minor}")))
            else:
                found.add(category_of(source))
        return found


def category_of(source: Source) -> str:
    """The unified category a source's report will carry (grid/categories.py codes)."""
    if source.voice == "urban":
        kind, major, minor = source.spec.split("/")
        return _URBAN_TABLE.get((kind, major, minor), f"urban.{kind}.{major}{minor}")
    if source.voice == "pl":
        return "political_legal." + source.spec.split(":")[0]
    if source.voice.startswith("env_"):
        return "environment." + source.spec
    if source.voice == "market":
        return "market." + source.spec
    return source.spec


def grid_of(source: Source) -> str:
    return category_of(source).split(".")[0]


# The city's table of urban classes (grid/categories.py) is the hub's; this copy only names
# what the city's 数字城管 system sends, so reports can be grouped by grid in the results.
_URBAN_TABLE = {
    ("component", "01", "01"): "urban.water_manhole_cover",
    ("component", "01", "02"): "urban.sewage_manhole_cover",
    ("component", "01", "03"): "urban.rain_manhole_cover",
    ("component", "02", "01"): "urban.street_light",
    ("component", "02", "10"): "urban.road_damage",
    ("event", "01", "01"): "urban.illegal_construction",
    ("event", "01", "02"): "urban.exposed_garbage",
    ("event", "01", "08"): "urban.sewer_overflow",
    ("event", "05", "01"): "urban.street_vending",
    ("event", "05", "04"): "urban.illegal_parking",
    ("event", "05", "02"): "urban.lane_occupation",
}


def _pick(rng: random.Random, *options: Any) -> Any:
    return rng.choice(options)


SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林宋于姜宫战丛"


def person(rng: random.Random) -> str:
    given = "伟芳娜敏静强磊军洋勇艳杰涛明超秀英华玉兰建国海燕红梅志刚"
    return rng.choice(SURNAMES) + "".join(rng.choice(given) for _ in range(rng.choice((1, 2))))


def plate(rng: random.Random) -> str:
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
    tail = "".join(rng.choice("0123456789" + letters) for _ in range(4))
    return (
        f"鲁K{rng.choice(letters)}{tail}"
        if rng.random() < 0.7
        else f"鲁K{rng.randint(10000, 99999)}"
    )


_SHOP_WORDS = (
    "鑫源",
    "福满园",
    "佳乐",
    "老张",
    "金海",
    "顺发",
    "好运来",
    "家和",
    "海鲜",
    "银滩",
    "兴旺",
    "大众",
    "红星",
    "乐购",
    "惠民",
    "百姓",
    "如意",
    "聚福",
    "东方",
    "小李",
)
_SHOP_TYPES = {
    "food": ("饭店", "家常菜馆", "烧烤店", "快餐店", "包子铺", "海鲜酒楼", "面馆", "熟食店"),
    "shop": ("超市", "便利店", "商店", "小卖部", "副食店", "批发部"),
    "other": ("建材店", "五金店", "药房", "烟酒店", "服装店", "农资店", "保健品店"),
}


def shop_name(rng: random.Random, sort: str) -> str:
    return rng.choice(_SHOP_WORDS) + rng.choice(_SHOP_TYPES[sort])


# ------------------------------------------------------------------ shared phrasing

DANGER = (
    "太危险了",
    "晚上根本看不见",
    "老人孩子过路很危险",
    "已经有人差点摔倒",
    "谁来管管啊",
    "电动车骑过去太吓人",
    "好几天了没人管",
    "",
)
CITIZEN_OPEN = (
    "",
    "",
    "你好，",
    "您好，",
    "反映个问题：",
    "投诉：",
    "麻烦管管，",
    "我要投诉，",
    "俺想反映个事，",
    "12345你好，",
)
CITIZEN_CLOSE = (
    "",
    "",
    "。",
    "，请尽快处理！",
    "，谢谢",
    "！！",
    "，希望有关部门重视",
    "，赶紧来人看看",
    "，咋没人管呢",
    "。麻烦了",
)
WORKER_CLOSE = ("", "", "，已拍照", "，现场已拍照留存", "，请相关部门处置", "，已上报", "。")
PL_CLOSE = (
    "",
    "，已做好记录",
    "，需协调相关部门处理",
    "，网格员持续跟进",
    "，已报告社区",
    "，建议转职能部门处置",
)


def _f(**facts: Any) -> Facts:
    return facts


# ------------------------------------------------------------------ the kinds


def _manhole(rng: random.Random) -> Facts:
    cover, urban = _pick(
        rng, ("雨水", "01/03"), ("污水", "01/02"), ("自来水", "01/01"), ("雨水", "01/03")
    )
    return _f(
        cover=cover,
        urban_class=urban,
        state=_pick(rng, "缺失", "破损", "移位", "下沉", "缺失", "松动"),
        state_c=_pick(rng, "没了", "碎了", "被压坏了", "翘起来了", "不见了", "塌下去了"),
        lid=_pick(rng, "井盖", "窨井盖", "检查井盖", "下水道盖子", "井盖子"),
        on=_pick(rng, "人行道上", "机动车道上", "非机动车道", "路口", "公交站旁", "路边"),
        danger=rng.choice(DANGER),
    )


MANHOLE = Kind(
    "manhole_cover",
    "井盖缺失破损",
    True,
    36,
    (("road_door", 6), ("crossing", 2), ("building", 2)),
    (6, 20),
    (
        Source("urban", 4, "component/{urban_class}"),
        Source("pl", 3, "security_hazard"),
        Source("api_citizen", 2, "urban.rain_manhole_cover"),
        Source("api_citizen", 1, "urban.road_damage"),
        Source("api_worker", 1, "political_legal.security_hazard"),
        Source("api_worker", 1, "urban.sewage_manhole_cover"),
    ),
    _manhole,
    {
        "urban": (
            "{cover}井盖{state}",
            "{on}{cover}井盖{state}，存在安全隐患",
            "发现{cover}井盖{state}一处",
            "{cover}检查井井盖{state}，位于{on}",
            "井盖{state}（{cover}）",
        ),
        "pl": (
            "网格员巡查发现{on}有一处井盖{state}，存在安全隐患，已设置临时警示标志",
            "{on}窨井盖{state}，夜间行人经过易发生坠落，属治安隐患",
            "群众反映{on}井盖{state}，网格员现场核实属实，需协调城管部门处理",
            "巡查发现井盖{state}，周边无警示，已安排人员看守",
        ),
        "worker": (
            "{lid}{state}",
            "{on}{lid}{state}，已放置警示锥",
            "井盖{state}，请处置",
            "{cover}井盖{state}",
        ),
        "citizen": (
            "{lid}{state_c}，{danger}",
            "{on}有个{lid}{state_c}了，{danger}",
            "井盖{state_c}！！{danger}",
            "这里{lid}{state_c}好几天了",
            "路上井盖{state_c}了，{danger}",
            "下水道井口敞着，盖子{state_c}，{danger}",
        ),
    },
)


def _pothole(rng: random.Random) -> Facts:
    return _f(
        what=_pick(rng, "坑槽", "坑洼", "塌陷", "破损", "沉陷", "裂缝"),
        size=_pick(
            rng, "约1平方米", "直径半米左右", "长约3米", "一大片", "约2平方米", "三四十公分"
        ),
        on=_pick(rng, "机动车道", "人行道", "路口", "公交站旁", "非机动车道", "路中间"),
        danger=rng.choice(DANGER),
        after=_pick(rng, "下雨后", "昨晚", "这两天", "最近", ""),
    )


POTHOLE = Kind(
    "road_damage",
    "路面坑洼塌陷",
    True,
    48,
    (("road_door", 6), ("crossing", 3), ("village_door", 1)),
    (6, 19),
    (
        Source("urban", 5, "component/02/10"),
        Source("pl", 1, "security_hazard"),
        Source("api_citizen", 4, "urban.road_damage"),
        Source("api_worker", 1, "urban.road_damage"),
    ),
    _pothole,
    {
        "urban": (
            "道路{what}，面积{size}",
            "{on}路面{what}",
            "{on}出现{what}{size}，影响通行",
            "路面{what}",
        ),
        "pl": (
            "{after}{on}路面{what}{size}，存在安全隐患，已拉警戒线",
            "巡查发现道路{what}，车辆通行有隐患",
        ),
        "worker": ("路面{what}{size}", "道路{what}，积水", "{on}{what}"),
        "citizen": (
            "路上有个大坑，{size}，{danger}",
            "马路坏了好大一个坑，电动车差点摔了",
            "{after}路面塌了！下雨全是水看不见",
            "{on}路面坑坑洼洼的，{danger}",
            "这路啥时候修啊，坑太多了",
            "路面{what}了{size}，开车都得绕",
        ),
    },
)


def _light(rng: random.Random) -> Facts:
    return _f(
        state=_pick(rng, "不亮", "不亮", "闪烁", "白天常亮", "灯杆倾斜", "灯罩脱落"),
        state_c=_pick(rng, "不亮了", "黑了", "一闪一闪的", "坏了", "全灭了"),
        count=_pick(rng, "一盏", "两盏", "三盏", "一排", "连续几盏", "好几个"),
        days=_pick(rng, "好几天", "一个多星期", "两天", "半个月", ""),
    )


STREET_LIGHT = Kind(
    "street_light",
    "路灯故障",
    True,
    48,
    (("road_door", 6), ("crossing", 2), ("building", 2)),
    (17, 23),
    (
        Source("urban", 4, "component/02/01"),
        Source("api_citizen", 4, "urban.street_light"),
        Source("api_worker", 1, "urban.street_light"),
        Source("pl", 1, "security_hazard"),
    ),
    _light,
    {
        "urban": (
            "路灯{state}",
            "{count}路灯{state}",
            "路灯{state}，需维修",
            "照明设施{state}（{count}）",
        ),
        "pl": (
            "辖区路段{count}路灯{state}，夜间照明不足，存在治安隐患",
            "巡查发现路灯{state}，群众夜间出行不便",
        ),
        "worker": ("路灯{state}", "{count}路灯不亮", "路灯故障"),
        "citizen": (
            "路灯{state_c}{days}了，晚上黑咕隆咚的",
            "{count}路灯都{state_c}，走夜路害怕",
            "路灯坏了{days}，没人修",
            "这边路灯{state_c}，{days}了也没人管",
            "晚上没路灯，太黑了",
        ),
    },
)


def _garbage(rng: random.Random) -> Facts:
    stuff = _pick(
        rng, "生活垃圾", "建筑垃圾", "装修垃圾", "大件家具", "废旧轮胎", "渣土", "生活垃圾"
    )
    return _f(
        stuff=stuff,
        amount=_pick(rng, "一堆", "约两方", "十几袋", "一车", "大量", "好几堆"),
        smell=_pick(rng, "有异味", "招苍蝇", "堆了好几天", "没人清理", ""),
        who=_pick(rng, "不知道谁倒的", "晚上有车来倒的", "附近装修的", "拉渣土的车"),
    )


GARBAGE = Kind(
    "garbage",
    "垃圾乱倒堆放",
    True,
    48,
    (("road_door", 3), ("field", 3), ("village_door", 2), ("building", 1), ("crossing", 1)),
    (6, 20),
    (
        Source("urban", 4, "event/01/02"),
        Source("env_patrol", 2, "dumping"),
        Source("api_citizen", 2, "urban.exposed_garbage"),
        Source("api_citizen", 1, "environment.dumping"),
        Source("api_worker", 1, "urban.exposed_garbage"),
    ),
    _garbage,
    {
        "urban": (
            "暴露垃圾",
            "{stuff}乱堆乱放",
            "{stuff}{amount}，未及时清运",
            "道路旁堆放{stuff}{amount}",
            "积存{stuff}",
        ),
        "env": (
            "巡查发现{stuff}{amount}随意倾倒，{smell}",
            "现场发现倾倒{stuff}约{amount}，疑似夜间偷倒",
            "固废倾倒：{stuff}，量约{amount}",
            "{stuff}非法倾倒点一处，已拍照取证",
        ),
        "worker": ("{stuff}{amount}", "垃圾堆放{smell}", "{stuff}乱倒"),
        "citizen": (
            "这里被倒了{amount}{stuff}，{who}",
            "垃圾堆成山了，{smell}",
            "{stuff}没人清理，{smell}",
            "有人乱倒{stuff}，{who}，管管吧",
            "门口垃圾{smell}，夏天臭死了",
        ),
    },
)


def _burning(rng: random.Random) -> Facts:
    return _f(
        stuff=_pick(rng, "秸秆", "垃圾", "树叶杂草", "塑料废品", "废旧电线", "玉米秸", "垃圾"),
        smoke=_pick(rng, "浓烟滚滚", "黑烟", "烟很大", "白烟", "烟雾弥漫"),
        smell=_pick(rng, "呛得睁不开眼", "一股塑料味", "家里窗户都不敢开", "呛人", ""),
        people=_pick(rng, "现场有人", "现场无人", "一名老人", "两名村民"),
    )


BURNING = Kind(
    "open_burning",
    "露天焚烧",
    False,
    4,
    (("field", 6), ("village_door", 3), ("road_door", 1)),
    (8, 18),
    (
        Source("env_patrol", 3, "smoke"),
        Source("env_hotline", 2, "smoke"),
        Source("urban", 1, "event/01/09"),
        Source("pl", 1, "security_hazard"),
        Source("api_citizen", 3, "environment.smoke"),
        Source("api_worker", 1, "environment.smoke"),
    ),
    _burning,
    {
        "urban": ("露天焚烧{stuff}", "焚烧{stuff}，{smoke}", "发现露天焚烧行为"),
        "env": (
            "巡查发现露天焚烧{stuff}，{smoke}，{people}",
            "有焚烧{stuff}现象，{smoke}，已督促熄灭",
            "群众来电反映有人焚烧{stuff}，{smoke}",
            "焚烧{stuff}产生{smoke}，影响周边空气质量",
            "疑似焚烧{stuff}，冒{smoke}",
        ),
        "pl": (
            "{people}焚烧{stuff}，靠近民房，存在火灾隐患",
            "巡查发现烧{stuff}，已劝导熄灭，防止引发火灾",
        ),
        "worker": ("焚烧{stuff}", "有人烧{stuff}，{smoke}", "冒烟，烧{stuff}"),
        "citizen": (
            "有人烧{stuff}，{smoke}，{smell}",
            "又在烧{stuff}了！{smell}",
            "冒{smoke}，不知道烧的啥，{smell}",
            "烧{stuff}的烟飘过来了，{smell}",
            "着火冒烟了，好像是烧{stuff}",
        ),
    },
)


def _noise(rng: random.Random) -> Facts:
    return _f(
        source=_pick(
            rng, "工地夜间施工", "打桩机", "混凝土浇筑", "挖掘机破碎", "切割钢筋", "渣土车进出"
        ),
        site=_pick(rng, "项目工地", "道路施工", "管网改造工程", "小区二期工地", "拆迁工地"),
        when=_pick(rng, "晚上11点多", "凌晨一点了", "十点以后", "半夜", "每天晚上", "12点多"),
        feel=_pick(rng, "根本睡不着", "孩子明天还要考试", "老人心脏不好", "吵死了", "影响休息"),
    )


NOISE = Kind(
    "construction_noise",
    "夜间施工噪声",
    False,
    5,
    (("road_door", 4), ("building", 4), ("crossing", 2)),
    (22, 2),
    (
        Source("env_hotline", 3, "noise"),
        Source("env_patrol", 1, "noise"),
        Source("urban", 1, "event/03/01"),
        Source("pl", 1, "dispute:neighbourhood"),
        Source("api_citizen", 5, "environment.noise"),
        Source("api_worker", 1, "environment.noise"),
    ),
    _noise,
    {
        "urban": ("施工扰民", "{site}夜间施工扰民", "{source}噪声扰民"),
        "env": (
            "市民来电反映{site}{when}还在施工，噪声扰民",
            "夜间施工噪声：{source}，{when}",
            "12369来电：{site}{source}，{feel}",
            "现场核查{site}夜间作业，未办理夜间施工许可",
        ),
        "pl": (
            "周边居民与{site}施工方因夜间施工噪音发生争执，情绪激动，网格员到场劝解",
            "居民反映{site}{when}施工，多人聚集到工地门口，矛盾有激化苗头",
        ),
        "worker": ("夜间施工噪音", "{site}{when}施工", "{source}扰民"),
        "citizen": (
            "{when}了还在施工，{feel}",
            "工地{source}，{feel}！",
            "{site}天天半夜干活，{feel}",
            "噪音太大了{when}还在干，{feel}",
            "晚上施工扰民，{feel}，管管吧",
            "{when}{source}咣咣的，{feel}",
        ),
    },
)


def _discharge(rng: random.Random) -> Facts:
    return _f(
        colour=_pick(rng, "发黑", "发白", "发红", "泡沫很多", "发臭", "黄绿色"),
        who=_pick(rng, "养殖场", "食品加工厂", "洗车店", "石材厂", "小作坊", "海产品加工厂"),
        water=_pick(rng, "河道", "沟渠", "排水沟", "小河", "雨水沟"),
        fish=_pick(rng, "死了不少鱼", "臭气熏天", "水都变色了", ""),
    )


DISCHARGE = Kind(
    "sewage_discharge",
    "偷排污水",
    False,
    12,
    (("field", 7), ("road_door", 3)),
    (0, 23),
    (
        Source("env_patrol", 4, "illegal_discharge"),
        Source("env_sensor", 2, "threshold_alert"),
        Source("urban", 1, "event/01/08"),
        Source("urban", 1, "component/01/02"),
        Source("api_citizen", 3, "environment.illegal_discharge"),
    ),
    _discharge,
    {
        "urban": ("污水冒溢", "污水外溢至{water}", "污水井冒水，流入{water}"),
        "env": (
            "巡查发现{who}向{water}排放污水，水体{colour}",
            "{water}水体{colour}，疑似{who}偷排",
            "发现暗管排污，污水{colour}，流入{water}",
            "偷排漏排：{who}，排放口位于{water}旁",
        ),
        "citizen": (
            "{water}里的水{colour}了，{fish}",
            "有人往{water}里排污水，{fish}",
            "{who}偷偷排污，{water}{colour}",
            "河水{colour}还臭，{fish}",
        ),
    },
    (1, 2, 2, 3, 3, 4),
)


def _sensor(rng: random.Random) -> Facts:
    pollutant, unit, limit = _pick(
        rng,
        ("COD", "mg/L", 50.0),
        ("NH3-N", "mg/L", 5.0),
        ("TP", "mg/L", 0.5),
        ("SO2", "mg/m3", 35.0),
        ("NOx", "mg/m3", 50.0),
        ("颗粒物", "mg/m3", 10.0),
    )
    return _f(
        pollutant=pollutant,
        unit=unit,
        limit=limit,
        company=_pick(
            rng, "污水处理厂", "水产加工公司", "热电厂", "食品有限公司", "化工有限公司", "印染厂"
        ),
        ratio=rng.uniform(1.2, 4.0),
    )


SENSOR = Kind(
    "monitoring_exceedance",
    "在线监测超标",
    False,
    4,
    (("road_door", 5), ("field", 5)),
    (0, 23),
    (
        Source("env_sensor", 8, "threshold_alert"),
        Source("env_patrol", 1, "illegal_discharge"),
    ),
    _sensor,
    {
        "env": (
            "现场核查{company}{pollutant}超标原因，排口有异常排放",
            "对{company}开展超标核查，已采样送检",
        ),
    },
    (2, 2, 3, 3, 4, 5),
)


def _odour(rng: random.Random) -> Facts:
    return _f(
        source=_pick(rng, "养猪场", "养鸡场", "垃圾中转站", "化工厂", "饭店油烟", "鱼粉厂"),
        smell=_pick(rng, "臭味", "刺鼻气味", "酸臭味", "焦糊味", "油烟味", "腥臭味"),
        when=_pick(rng, "一到晚上", "这几天", "今天早上", "下午开始", "一刮南风"),
    )


ODOUR = Kind(
    "odour",
    "异味扰民",
    False,
    6,
    (("field", 5), ("road_door", 3), ("building", 2)),
    (7, 22),
    (
        Source("env_patrol", 2, "odour"),
        Source("env_hotline", 2, "odour"),
        Source("api_citizen", 4, "environment.odour"),
        Source("pl", 1, "dispute:neighbourhood"),
    ),
    _odour,
    {
        "env": (
            "群众反映{source}散发{smell}",
            "巡查闻到明显{smell}，来源疑似{source}",
            "{source}异味扰民，{when}尤其严重",
            "12369来电：{when}有{smell}，怀疑是{source}",
        ),
        "pl": (
            "周边村民与{source}因异味问题产生矛盾，多次到村委反映",
            "居民对{source}{smell}意见很大，有集体上访苗头",
        ),
        "citizen": (
            "{when}就有一股{smell}，熏得头疼",
            "{source}太臭了，{when}窗户都不敢开",
            "{smell}太重了，是不是{source}排的",
            "空气里一股{smell}，{when}最严重",
        ),
    },
)


def _stall(rng: random.Random) -> Facts:
    return _f(
        what=_pick(rng, "水果摊", "烧烤摊", "早餐摊", "卖菜的", "服装摊", "小吃车", "海鲜摊"),
        how=_pick(rng, "占用人行道", "占用盲道", "占道", "店外经营", "占用非机动车道"),
        many=_pick(rng, "好几个", "一个", "一排", "三四个"),
    )


STALL = Kind(
    "lane_occupation",
    "占道经营",
    False,
    6,
    (("road_door", 5), ("crossing", 3), ("building", 2)),
    (6, 20),
    (
        Source("urban", 3, "event/05/02"),
        Source("urban", 2, "event/05/01"),
        Source("market", 1, "unlicensed_business"),
        Source("api_citizen", 3, "urban.lane_occupation"),
        Source("api_worker", 1, "urban.street_vending"),
    ),
    _stall,
    {
        "urban": (
            "占道经营",
            "{what}{how}",
            "流动摊贩{how}",
            "店外经营（{what}）",
            "{many}{what}{how}",
        ),
        "market": (
            "{what}无营业执照经营，{how}",
            "检查发现流动{what}未办理营业执照",
            "无照经营（{what}）",
        ),
        "worker": ("{what}{how}", "占道经营，{many}摊位", "流动摊点{how}"),
        "citizen": (
            "{many}{what}把人行道都占了，走都走不过去",
            "门口{what}{how}，管管吧",
            "{what}占道，车都开不过去",
            "天天有{what}在这摆摊",
        ),
    },
)


def _parking(rng: random.Random) -> Facts:
    return _f(
        car=_pick(rng, "白色轿车", "黑色SUV", "货车", "面包车", "三轮车", "红色轿车", "银色轿车"),
        plate=plate(rng),
        block=_pick(
            rng, "占用消防通道", "堵住出入口", "停在人行道上", "占用盲道", "双排停车", "堵着大门"
        ),
        hours=_pick(rng, "一上午了", "两个多小时", "从早上就停着", "一直没挪", ""),
    )


PARKING = Kind(
    "illegal_parking",
    "违章停车",
    False,
    3,
    (("road_door", 5), ("building", 3), ("crossing", 2)),
    (7, 21),
    (
        Source("urban", 4, "event/05/04"),
        Source("api_citizen", 4, "urban.illegal_parking"),
        Source("pl", 1, "security_hazard"),
    ),
    _parking,
    {
        "urban": (
            "机动车{block}",
            "{car}{block}",
            "违章停车，车牌{plate}",
            "{car}（{plate}）{block}",
        ),
        "pl": (
            "{car}{block}，一旦发生火情消防车无法通行，存在安全隐患",
            "巡查发现车辆{plate}{block}，已联系车主未果",
        ),
        "citizen": (
            "{car}{block}，{hours}",
            "车牌{plate}{block}，{hours}，打电话也不接",
            "有车{block}，{hours}",
            "{plate}这辆车{block}",
            "谁家的{car}{block}啊，{hours}",
        ),
    },
)


def _building(rng: random.Random) -> Facts:
    return _f(
        what=_pick(rng, "彩钢板房", "砖混结构房屋", "阳光房", "院墙外扩", "楼顶加层", "简易棚"),
        size=_pick(rng, "约20平方米", "两层", "三十多平", "约50平方米", "十几平"),
        stage=_pick(rng, "正在施工", "已经建好", "刚打地基", "连夜施工"),
        harm=_pick(rng, "挡住了采光", "占了公共通道", "影响邻居出行", "存在安全隐患"),
    )


BUILDING = Kind(
    "illegal_construction",
    "私搭乱建",
    True,
    72,
    (("building", 4), ("village_door", 4), ("road_door", 2)),
    (7, 18),
    (
        Source("urban", 4, "event/01/01"),
        Source("pl", 2, "dispute:neighbourhood"),
        Source("api_citizen", 3, "urban.illegal_construction"),
        Source("api_worker", 1, "urban.illegal_construction"),
    ),
    _building,
    {
        "urban": ("私搭乱建", "违法建设{what}{size}", "{stage}{what}，疑似违建", "私自搭建{what}"),
        "pl": (
            "邻里因一方私自搭建{what}{harm}发生纠纷，网格员调解中",
            "村民反映邻居{stage}{what}，{harm}，双方争吵",
        ),
        "worker": ("违建{what}{stage}", "私搭{what}{size}", "违章建筑"),
        "citizen": (
            "有人{stage}盖{what}，{harm}",
            "私搭乱建{what}，{harm}，没人管吗",
            "楼上{stage}{what}，违建",
            "邻居盖了个{what}{size}，{harm}",
        ),
    },
)


def _food(rng: random.Random) -> Facts:
    return _f(
        shop=shop_name(rng, "food" if rng.random() < 0.6 else "shop"),
        problem=_pick(
            rng,
            "销售过期食品",
            "后厨卫生脏乱",
            "从业人员无健康证",
            "散装食品无标签",
            "疑似使用回收油",
            "销售变质肉品",
        ),
        item=_pick(rng, "酸奶", "火腿肠", "面包", "熟食", "海鲜", "饮料", "月饼"),
        sick=_pick(rng, "吃完拉肚子", "全家肚子疼", "孩子吃了吐了", "发现有虫子", "味道不对"),
    )


FOOD = Kind(
    "food_safety",
    "食品安全",
    True,
    48,
    (("road_door", 6), ("village_door", 2), ("building", 2)),
    (8, 20),
    (
        Source("market", 5, "food_safety"),
        Source("market", 1, "unlicensed_business"),
        Source("api_citizen", 4, "market.food_safety"),
    ),
    _food,
    {
        "market": (
            "检查发现{shop}{problem}，已责令整改",
            "对{shop}进行检查，发现{problem}（{item}）",
            "{problem}，涉事主体{shop}",
            "接投诉核查{shop}，{problem}，已立案调查",
            "{shop}未取得食品经营许可证从事经营",
        ),
        "citizen": (
            "在{shop}买的{item}{sick}，{problem}",
            "{shop}卖的{item}过期了，{sick}",
            "{shop}{problem}，太恶心了",
            "投诉{shop}，{item}{sick}",
        ),
    },
)


def _price(rng: random.Random) -> Facts:
    return _f(
        shop=shop_name(rng, rng.choice(("food", "shop", "other"))),
        problem=_pick(
            rng, "未明码标价", "标价与结算价不一致", "哄抬价格", "收费不公示", "价格欺诈"
        ),
        item=_pick(rng, "海鲜", "鸡蛋", "猪肉", "口罩", "烟酒", "蔬菜"),
        amount=_pick(rng, "多收了20元", "贵了一倍", "每斤多算5块", "结账多收30多"),
    )


PRICE = Kind(
    "price",
    "价格违法",
    True,
    48,
    (("road_door", 7), ("building", 3)),
    (8, 20),
    (Source("market", 4, "price"), Source("api_citizen", 4, "market.price")),
    _price,
    {
        "market": (
            "{shop}{problem}",
            "检查发现{shop}{item}{problem}",
            "价格违法：{shop}{problem}，已调查取证",
        ),
        "citizen": (
            "{shop}买{item}{amount}，{problem}",
            "{shop}{problem}，{amount}",
            "{item}{amount}，{shop}坑人",
            "投诉{shop}乱收费，{amount}",
        ),
    },
)


def _fraud(rng: random.Random) -> Facts:
    return _f(
        shop=shop_name(rng, "other"),
        product=_pick(
            rng, "保健品", "假冒名牌白酒", "三无化妆品", "假化肥", "劣质电动车电池", "假冒品牌服装"
        ),
        claim=_pick(rng, "能治高血压", "包治百病", "免费领鸡蛋", "假一赔十", "进口正品"),
        who=_pick(rng, "老年人", "村里老人", "我妈", "周边群众"),
    )


FRAUD = Kind(
    "fraud",
    "假冒伪劣虚假宣传",
    True,
    72,
    (("road_door", 5), ("village_door", 5)),
    (8, 18),
    (
        Source("market", 3, "counterfeit"),
        Source("market", 2, "false_advertising"),
        Source("api_citizen", 2, "market.false_advertising"),
        Source("api_citizen", 1, "market.counterfeit"),
        Source("api_worker", 1, "market.false_advertising"),
    ),
    _fraud,
    {
        "market": (
            "{shop}销售{product}，涉嫌假冒",
            "对{shop}检查发现{product}无合格证明",
            "{shop}宣传{product}{claim}，涉嫌虚假宣传",
            "会销现场宣传{product}{claim}",
        ),
        "worker": ("有人搞会销卖{product}，宣称{claim}", "{product}虚假宣传，骗{who}"),
        "citizen": (
            "{shop}卖{product}说{claim}，骗{who}的钱",
            "有人开讲座卖{product}，{claim}，{who}都去了",
            "买的{product}是假的，{shop}不给退",
        ),
    },
)


def _dispute(rng: random.Random) -> Facts:
    return _f(
        cause=_pick(
            rng,
            "楼上漏水",
            "宅基地边界",
            "占用公共楼道",
            "养狗扰民",
            "装修噪音",
            "排水沟堵塞",
            "树木遮挡",
        ),
        a=person(rng),
        b=person(rng),
        heat=_pick(rng, "发生口角", "推搡", "情绪激动", "多次争吵", "扬言要动手"),
    )


DISPUTE = Kind(
    "neighbour_dispute",
    "邻里纠纷",
    True,
    24,
    (("building", 6), ("village_door", 4)),
    (8, 21),
    (
        Source("pl", 5, "dispute:neighbourhood"),
        Source("api_citizen", 2, "political_legal.dispute"),
        Source("api_worker", 2, "political_legal.dispute"),
    ),
    _dispute,
    {
        "pl": (
            "{a}与{b}因{cause}问题{heat}，网格员已介入调解",
            "邻里纠纷：{a}、{b}两户因{cause}{heat}",
            "{cause}引发邻里矛盾，当事人{a}{heat}，需进一步调处",
            "居民{a}反映与{b}因{cause}产生纠纷",
        ),
        "worker": (
            "{a}和{b}因{cause}吵架",
            "邻里纠纷，{cause}，已调解",
            "{cause}纠纷回访，{a}情绪仍激动",
        ),
        "citizen": (
            "我家和邻居因为{cause}闹矛盾，{heat}，请社区来调解",
            "邻居{cause}，说了不听还{heat}",
            "{cause}的事找过好几次了，没人解决",
        ),
    },
    (1, 1, 2, 2, 3),
)


def _wages(rng: random.Random) -> Facts:
    return _f(
        company=rng.choice(("鑫达", "宏远", "海建", "金盛", "利华"))
        + rng.choice(("建筑公司", "工程队", "劳务公司")),
        workers=_pick(rng, "十几名", "二十多名", "七八个", "三十余名"),
        amount=_pick(rng, "约30万元", "20多万", "半年工资", "十几万"),
        action=_pick(rng, "聚集讨薪", "扬言去北京上访", "拉横幅", "堵工地大门", "情绪激动"),
        boss=person(rng),
    )


WAGES = Kind(
    "wage_arrears",
    "欠薪讨薪",
    True,
    24,
    (("road_door", 6), ("building", 4)),
    (8, 17),
    (
        Source("pl", 3, "petition_risk"),
        Source("pl", 2, "dispute:labour"),
        Source("api_citizen", 2, "political_legal.dispute"),
        Source("api_worker", 1, "political_legal.petition_risk"),
    ),
    _wages,
    {
        "pl": (
            "{company}拖欠{workers}农民工工资{amount}，工人{action}，有信访苗头",
            "劳资纠纷：{workers}工人因{company}欠薪{action}，负责人{boss}未到场",
            "{workers}农民工{action}，诉求{company}支付工资{amount}",
        ),
        "worker": ("{workers}工人{action}，{company}欠薪", "讨薪，{company}，{amount}"),
        "citizen": (
            "{company}欠我们{amount}工资不给，老板{boss}跑了",
            "我们{workers}工人干了活拿不到钱，{company}不管",
            "欠薪{amount}，找{company}好几次了",
        ),
    },
    (1, 2, 2, 3, 3),
)


def _hazard(rng: random.Random) -> Facts:
    return _f(
        what=_pick(
            rng,
            "电动车楼道充电",
            "飞线充电",
            "楼道堆放杂物",
            "液化气罐违规使用",
            "消防栓损坏",
            "安全出口锁闭",
        ),
        count=_pick(rng, "三四辆", "一辆", "好几户", "多处"),
        fear=_pick(rng, "万一着火跑都跑不出去", "晚上充一宿", "说了也不听", ""),
    )


HAZARD = Kind(
    "fire_hazard",
    "消防治安隐患",
    True,
    48,
    (("building", 6), ("road_door", 2), ("village_door", 2)),
    (8, 22),
    (
        Source("pl", 5, "security_hazard"),
        Source("api_citizen", 3, "political_legal.security_hazard"),
        Source("api_worker", 2, "political_legal.security_hazard"),
    ),
    _hazard,
    {
        "pl": (
            "巡查发现{what}{count}，存在消防安全隐患，已督促整改",
            "{what}问题突出，已告知物业并跟踪整改",
            "消防隐患：{what}，涉及{count}",
        ),
        "worker": ("{what}{count}", "{what}，已劝导", "隐患：{what}"),
        "citizen": (
            "楼道里{what}，{fear}",
            "{count}{what}，{fear}，管管吧",
            "{what}太危险了，{fear}",
        ),
    },
)


def _special(rng: random.Random) -> Facts:
    return _f(
        who=_pick(rng, "精神障碍患者", "社区矫正对象", "独居老人", "严重精神障碍患者"),
        name=person(rng),
        what=_pick(rng, "情绪激动摔砸物品", "走失", "连续三天未见", "在楼道大声喊叫", "拒绝服药"),
    )


SPECIAL = Kind(
    "special_population",
    "特殊人群",
    True,
    24,
    (("building", 6), ("village_door", 4)),
    (7, 21),
    (
        Source("pl", 6, "special_population"),
        Source("api_worker", 2, "political_legal.special_population"),
        Source("api_citizen", 1, "political_legal.security_hazard"),
    ),
    _special,
    {
        "pl": (
            "{who}{name}{what}，已联系监护人",
            "走访发现{who}{name}{what}，需重点关注",
            "{name}（{who}）{what}，已报告社区",
        ),
        "worker": ("{who}{name}{what}", "{name}{what}，已上报"),
        "citizen": (
            "邻居家那个{who}{what}，家里人也管不了，挺吓人",
            "我们这有个{who}{what}，请社区关注一下",
            "{name}又{what}，大家都害怕",
        ),
    },
    (1, 1, 1, 2, 2),
)


def _sewer(rng: random.Random) -> Facts:
    return _f(
        cause=_pick(rng, "下水道堵塞", "化粪池满溢", "污水管道破裂", "污水井堵了"),
        smell=_pick(rng, "臭气熏天", "味道很大", "没法走路", "流了一地"),
        since=_pick(rng, "从早上开始", "两天了", "昨天晚上开始", "一直"),
    )


SEWER = Kind(
    "sewer_overflow",
    "污水冒溢",
    False,
    12,
    (("road_door", 5), ("building", 3), ("crossing", 2)),
    (6, 22),
    (
        Source("urban", 3, "event/01/08"),
        Source("urban", 1, "component/01/02"),
        Source("env_hotline", 1, "odour"),
        Source("api_citizen", 3, "urban.sewer_overflow"),
        Source("api_worker", 1, "urban.sewer_overflow"),
    ),
    _sewer,
    {
        "urban": ("污水冒溢", "{cause}，污水外溢", "污水井冒水，{smell}"),
        "env": ("群众反映{cause}，污水{smell}", "污水外溢产生异味，{since}"),
        "worker": ("污水冒溢，{cause}", "{cause}，{smell}"),
        "citizen": (
            "{cause}了，{smell}，{since}",
            "下水道冒水，{smell}",
            "路上全是污水，{since}，{smell}",
            "污水{smell}，{cause}",
        ),
    },
)


KINDS: tuple[Kind, ...] = (
    MANHOLE,
    POTHOLE,
    STREET_LIGHT,
    GARBAGE,
    BURNING,
    NOISE,
    DISCHARGE,
    SENSOR,
    ODOUR,
    STALL,
    PARKING,
    BUILDING,
    FOOD,
    PRICE,
    FRAUD,
    DISPUTE,
    WAGES,
    HAZARD,
    SPECIAL,
    SEWER,
)
KIND_BY_CODE = {k.code: k for k in KINDS}

# Kinds whose occurrences are separate incidents even at one place: a fire, a parked car, a
# monitoring episode, a day's stall. (A pothole reported again days later is the same hole.)
RECURRING = ("open_burning", "monitoring_exceedance", "lane_occupation", "illegal_parking")
# Two different problems at one place in one afternoon: never one incident.
OTHER_KIND_PAIRS = (
    ("street_light", "illegal_parking"),
    ("manhole_cover", "garbage"),
    ("food_safety", "lane_occupation"),
    ("construction_noise", "garbage"),
    ("road_damage", "street_light"),
    ("price", "illegal_parking"),
    ("sewer_overflow", "illegal_parking"),
    ("special_population", "fire_hazard"),
    ("illegal_construction", "illegal_parking"),
    ("manhole_cover", "street_light"),
)
# Kinds whose reports are often written in stock words: the same words at another place.
STOCK_WORDED = (
    "street_light",
    "manhole_cover",
    "garbage",
    "open_burning",
    "construction_noise",
    "road_damage",
    "lane_occupation",
    "sewer_overflow",
)
