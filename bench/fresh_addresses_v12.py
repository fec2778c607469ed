"""A twelfth fresh labelled address set for 乳山市 (v12), and one measurement of placement on it.

How it was written: truths are picked from the demo registry with a seeded ``random.Random``
(doors on roads and in villages, buildings and entrances in compounds, villages), then each
truth is written the way people in a Chinese county write or say an address: a caller correcting
themselves in words the earlier sets did not use (呸, 岔劈了, 笔误, 应为, a message marked
已撤回 and sent again, 俺姥姥家, 记成对门, counted from the wrong end, a household register book
(户口本) or the plate on the gate (门牌) looked at, relayed by a daughter-in-law, a delivery
rider, a women's director or an old partner; the whole address, the number, the road, the
township, the building, the entrance), two or three places in one text of which one is the
incident's and the others are where the caller rents, their parents-in-law's or parents' home,
the building site they work at, their shop, where a parcel should go, the bus stop they got on
at, a wedding they were going to, where they walk in the morning, a contact address, or other
witnesses' places (in both orders), OCR and handwriting slips with look-alikes no earlier set
used (柿 for 市, 洛 for 路, 術 for 街, 树 for 村, 真 for 镇, 叧 for 号, 褛 for 楼, 単 for 单, 允
for 元, 祸 for 福, …; 丨, ʒ, ƽ, ㄱ and ȣ for 1, 3, 5, 7 and 8), door numbers in forms no earlier
set used (negative circled ⓬号, ⒓号 with a full stop, ㈤号 and ㊄号 in ideographs, double
circled ⓹号; and, as a vague number, two neighbouring doors said together: 二十五六号,
十七八号), compound notations no earlier set used (Roman Ⅲ号楼, 2单元电表箱, 单元门雨棚, 声控灯,
单元外的坡道; 楼顶水箱, 门前充电桩, 后窗底下, 楼前晾衣杆; 3号楼、5号楼、6号楼这一排,
大门口到3号楼那段), a 12345 satisfaction callback's transcript (满意度回访), a volunteer
patrol's group message (红袖标巡逻), a market inspector's on-site record (现场检查笔录), a
sanitation worker's voice memo, a school parents' group post (家长群), a residents' or village
committee's bulletin (简报, 温馨提示, 工作动态), a dashcam clip's description (行车记录仪), a
farmer's report of a field, orchard or greenhouse by its village, a fisherman's report near the
shore by its village, an OA system export with English field names (location, addr_text,
site_address, Subject), and addresses in the neighbouring counties (文登, 海阳, 牟平, 荣成,
环翠) written with road, village and compound names 乳山 has too, many naming 乳山 in another
role (a 乳山 landlord, a daughter married away from 乳山, a drive from 乳山, land on the border
with 乳山, 不是乳山那个). The phrasing tables are new (none is taken from the earlier sets), and
the writing follows the habits, not the matcher: no item was written, kept, dropped or
relabelled by calling the matcher or by reading its code, its rules, its tests or its other test
sets.

Labels come from the registry alone, as a careful human who knows the registry would give
them: the standard address when the door is unambiguous, else the deepest unambiguous place
(village/community or township) at that precision; an item outside the county is "not
placeable". An item whose label the registry leaves ambiguous is dropped, never relabelled: a
village name the county has twice written without its township (or twice in one township), a
text (the frame, the other places of a two-place text, the wrong place of a correction, a shop
name) that holds a registry name the address does not mean, an OCR slip that leaves a name one
character away from more than one registry name (or that is a registry name itself, or sits
inside another one).

Labelling conventions a reader may dispute (the earlier sets' where a habit overlaps, stated
again):

- a correction is labelled as the corrected address, whatever registry place the wrong one
  names; what it does not repeat carries over from what was said before it (the number when
  only the road is corrected, the road or village when only the number is, the road or village
  and the number when only the township is, the entrance when only the building is and the
  building when only the entrance is). A correction relayed by someone else (a daughter-in-law,
  a delivery rider, a women's director, an old partner), read off a register book or the gate's
  plate, written as 笔误，应为, or sent again after a message marked 已撤回 is taken as the
  caller's, and the recalled message says nothing;
- a text with two or three places is labelled as the place where the thing happened or is,
  never where the caller rents or lives, a parent's or parent-in-law's home, a building site,
  a shop, a parcel address, a bus stop got on at, a wedding's place, a morning walk's place, a
  contact address or another witness's place, whichever comes first;
- an OCR or handwriting slip of a look-alike character is read as the character it resembles
  when exactly one registry name is one character away from what was read (乳山柿 is 乳山市,
  黄河洛12叧 is 黄河路12号); a sign read for a digit in a number of two digits or more (1丨 is
  11, 1ʒ is 13, ƽ2 is 52, 2ㄱ is 27, 1ȣ is 18) is that digit;
- negative circled (⓬), full-stop (⒓), parenthesised or circled ideograph (㈤, ㊄) and double
  circled (⓹) numbers are the number; two neighbouring doors said together (二十五六号 is 25 or
  26, 十七八号 17 or 18) are labelled as the community both doors share, else the road's
  township, and in a village the village;
- in a compound a Roman numeral building (Ⅲ号楼) is that building; a spot inside or at an
  entrance (电表箱, 单元门雨棚, 声控灯, 单元外的坡道) is that entrance; a spot at a building
  (楼顶水箱, 门前充电桩, 后窗底下, 楼前晾衣杆) is the building; a row of several buildings
  (3号楼、5号楼、6号楼这一排) or the way from the gate to a building is the compound's community;
- a farmer's field, orchard or greenhouse and a fisherman's shore, beach, pier or farming
  water named by its village (村北岭上, 南洼, 前海沿, 东边码头) is that village, even when the
  owner's door is written (X村12号俺二叔家的果园): the field is not at the door;
- a callback's, a patrol's, an inspection's, a memo's, a bulletin's, a clip's or an export's own
  numbers (order and ticket numbers, issue numbers, times and dates, seconds, speeds, file
  names) are not door numbers; the township an OA export names in a field of its own is the
  address's township; a bulletin's committee is the community of the door it reports;
- an address in 文登, 海阳, 牟平, 荣成 or 环翠 is not placeable, even when it uses a road, village
  or compound name 乳山 has too, or says the landlord, the caller or the owner is from 乳山, the
  drive started in 乳山, the land borders 乳山, it is not the 乳山 road of that name, or it
  corrects itself away from 乳山.

Scoring, the placement run and the outcome names are v1's (bench/fresh_addresses.py).

Rule: this set must never be used to tune the matcher; only the aggregate table goes to
docs/benchmarks.md. Per-item misses are written only to the untracked (git-ignored)
var/fresh-addresses-v12/misses.md. Reading them while changing the matcher spends the set.

    python bench/fresh_addresses_v12.py              # measure, write docs/benchmarks.md
    python bench/fresh_addresses_v12.py --no-write   # measure and print only
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.fresh_addresses import OUTSIDE, Item, chinese_number, collect, run_set  # noqa: E402
from bench.fresh_addresses_v10 import _Writer as _Helpers  # noqa: E402
from grid.model import AddressUnit, Registry, UnitKind  # noqa: E402

SEED = 20261214
SET_NAME = "fresh-addresses-v12"
SECTION = "fresh-addresses-v12"
MISSES = ROOT / "var" / "fresh-addresses-v12" / "misses.md"
OUTSIDE_HABIT = "neighbour_outside"

Written = tuple[str, str, str]  # text, truth, precision

# Habit -> how many items (the neighbouring counties are ~8% of the whole).
HABITS: dict[str, int] = {
    "caller_correction": 28,
    "two_places": 28,
    "ocr_handwriting": 24,
    "number_forms": 24,
    "compound_notation": 24,
    "satisfaction_callback": 22,
    "patrol_group": 22,
    "market_inspection": 22,
    "sanitation_memo": 22,
    "parent_group": 22,
    "residents_bulletin": 22,
    "dashcam_clip": 22,
    "field_orchard": 22,
    "shore_fishing": 22,
    "oa_export": 22,
    OUTSIDE_HABIT: 30,
}

# -- phrasing tables (v12's own) ------------------------------------------------------------

ISSUES = (
    "下水道反味熏得慌", "电线杆子歪了", "有人往沟里倒泔水", "墙皮掉下来砸着车了",
    "一堆装修垃圾没人拉", "自来水管冻裂了", "有条大狗没拴见人就扑", "路面塌了个窟窿",
    "广告牌晃悠快掉了", "流浪猫死在路边",
)  # fmt: skip

# A caller correcting themselves: {w} what was said wrong, {a} the address meant.
FIX_WHOLE = (
    "{w}，呸呸，是{a}",
    "{w}，岔劈了，{a}",
    "{w}（笔误，应为{a}）",
    "{w}\n[该消息已撤回]\n重发：{a}",
    "{w}——呀，那是俺姥姥家，俺家是{a}",
    "{w}……我翻出户口本看了看，是{a}",
    "俺儿媳妇在边上说：{w}是老宅子，现在住{a}",
    "{w}，俺老伴戳俺一下，说是{a}",
    "外卖小哥帮着说的，{w}那是隔壁，要找的是{a}",
)
# Only the number: (form, kind). {u} the road or village, {x} the wrong number, {n} the right.
FIX_NUMBER: tuple[tuple[str, str], ...] = (
    ("{u}{x}号，呸，{n}号", "any"),
    ("{u}{x}号（笔误，应为{n}号）", "any"),
    ("{u}{x}号\n[该消息已撤回]\n重发：{u}{n}号", "any"),
    ("{u}{x}号，岔劈了，{n}号", "any"),
    ("{u}{x}号……出门看了眼门牌，{n}号", "any"),
    ("{u}{x}号——呀，俺记成对门了，俺家{nc}号", "any"),
)
# Only the road (the number carries over): {w} the wrong road, {u} the right one.
FIX_ROAD = (
    "{w}{n}号，呸，路名是{u}",
    "{w}{n}号（笔误，路名应为{u}）",
    "{w}{n}号，岔劈了，是{u}",
    "{w}{n}号，外卖小哥说那块叫{u}",
    "{w}{n}号\n[该消息已撤回]\n路是{u}",
)
# Only the township: {w} the wrong township, {t} the right one.
FIX_TOWN = (
    "{w}{u}{n}号，呸，归{t}",
    "{w}{u}{n}号（笔误，镇街应为{t}）",
    "{w}{u}{n}号，岔劈了，那是{t}地面",
    "{w}{u}{n}号，妇女主任插话：那是{t}的",
    "{w}{u}{n}号\n[该消息已撤回]\n镇街：{t}",
)
# A building or an entrance: (form, what is corrected).
FIX_COMPOUND: tuple[tuple[str, str], ...] = (
    ("{c}{x}号楼{e}单元，呸，{b}号楼", "building"),
    ("{c}{x}号楼{e}单元（笔误，应为{b}号楼）", "building"),
    ("{c}{x}号楼{e}单元，儿媳妇说不是这栋，是{b}号楼", "building"),
    ("{c}{b}号楼{x}单元，岔劈了，{e}单元", "entrance"),
    ("{c}{b}号楼{x}单元\n[该消息已撤回]\n{e}单元", "entrance"),
    ("{c}{b}号楼{x}单元，俺从东头数的，该从西头数，{e}单元", "entrance"),
)

# Two or three places: (form, what the other places are). {a} where it happened, {b} and {c2}
# the others.
TWO_PLACES: tuple[tuple[str, str], ...] = (
    ("{a}{i}。本人租住{b}", "rent"),
    ("婆家在{b}，娘家在{c2}，我回娘家路上经过{a}，{i}", "inlaws_parents"),
    ("在{b}工地干活，收工往回走，{a}{i}", "site"),
    ("{a}{i}——说明一下，我不住那，住{b}", "home"),
    ("早上在{b}遛弯，拐到{a}看见{i}", "walk"),
    ("快递寄到{b}就行，反映的事在{a}：{i}", "parcel"),
    ("从{b}坐公交，到{a}下车看见{i}", "bus"),
    ("去{b}喝喜酒，路过{a}，{i}", "wedding"),
    ("{a}{i}，我是在{b}开超市的，进货路过", "shop"),
    ("{a}{i}；联系地址（非事发地）：{b}", "contact"),
    ("我爹住{b}，我住{c2}，都没事，是{a}{i}", "parents_home"),
    ("{a}{i}（{b}的老于和{c2}的老丛一块看见的）", "witnesses"),
    ("租的房子在{b}，刚从那搬走，{a}{i}", "rent"),
)
ON_A_ROAD = ("site", "shop")  # a building site and a supermarket are on a road

# OCR of a handwritten form or a photo: look-alike characters and digits no earlier set used.
OCR_CHAR = {
    "市": "柿", "路": "洛", "街": "術", "村": "树", "镇": "真", "号": "叧", "楼": "褛",
    "单": "単", "元": "允", "福": "祸", "康": "庸", "瑞": "耑", "旗": "族", "春": "奏",
    "观": "欢", "政": "攻", "翠": "翌", "锦": "帛", "河": "泂", "滩": "潍", "碧": "璧",
    "怡": "治", "益": "盎", "静": "靖", "富": "冨", "青": "靑", "永": "氷", "团": "囡",
    "银": "根", "晖": "晕", "景": "暑", "世": "丗", "场": "肠", "设": "役", "华": "晔",
    "崖": "睚", "寨": "察", "黎": "黏", "孤": "呱", "往": "徃", "诸": "储",
    "午": "乍", "极": "圾", "口": "ロ", "大": "犬", "区": "巨", "城": "诚", "沙": "抄",
}  # fmt: skip
OCR_DIGIT = {"1": ("丨",), "3": ("ʒ",), "5": ("ƽ",), "7": ("ㄱ",), "8": ("ȣ",)}
OCR_FORMS = (
    "网格巡查本（手写）识别：{a}",
    "【文字识别】{a}",
    "复印件看不太清：{a}",
    "截图转文字：{a}",
    "信访件地址栏（手写）：{a}",
    "老账本上抄的：{a}",
)

# Numbers in new forms. {u} the road or village, {s} the number as written.
NEGATIVE = "".join(chr(0x2776 + k) for k in range(10)) + "".join(
    chr(0x24EB + k) for k in range(10)
)  # ❶..❿, ⓫..⓴: 1..20
STOPPED = "".join(chr(0x2488 + k) for k in range(20))  # ⒈..⒛: 1..20
PAREN_IDEO = "".join(chr(0x3220 + k) for k in range(10))  # ㈠..㈩: 1..10
CIRCLED_IDEO = "".join(chr(0x3280 + k) for k in range(10))  # ㊀..㊉: 1..10
DOUBLE_CIRCLED = "".join(chr(0x24F5 + k) for k in range(10))  # ⓵..⓾: 1..10
NUMBER_SIGNS = {
    "negative": NEGATIVE,
    "stopped": STOPPED,
    "paren_ideo": PAREN_IDEO,
    "circled_ideo": CIRCLED_IDEO,
    "double_circled": DOUBLE_CIRCLED,
}
NUMBER_FRAMES = ("{u}{s}号", "门牌号{u}{s}号", "{u}{s}号跟前", "{u}{s}号，{i}", "找{u}{s}号")
# Two neighbouring doors said together: {p} the pair in words (二十五六).
PAIR_FRAMES = ("{u}{p}号", "{u}，{p}号那两家", "{u}{p}号那儿{i}")

# Compound notations: (form, what it names). {b}/{e} digits, {r} the building in Roman.
ROMAN = "".join(chr(0x2160 + k) for k in range(12))  # Ⅰ..Ⅻ: 1..12
COMPOUND_FORMS: tuple[tuple[str, str], ...] = (
    ("{c}{r}号楼{e}单元", "roman"),
    ("{c}{r}号楼", "roman_building"),
    ("{c}{b}号楼{e}单元电表箱", "entrance"),
    ("{c}{b}号楼{e}单元单元门雨棚", "entrance"),
    ("{c}{b}号楼{e}单元的声控灯", "entrance"),
    ("{c}{b}号楼{e}单元外的坡道", "entrance"),
    ("{c}{b}号楼楼顶水箱", "building"),
    ("{c}{b}号楼门前充电桩", "building"),
    ("{c}{b}号楼后窗底下", "building"),
    ("{c}{b}号楼楼前晾衣杆", "building"),
    ("{c}{b}号楼、{b2}号楼、{b3}号楼这一排", "row"),
    ("{c}大门口到{b}号楼那段", "row"),
)

# A 12345 satisfaction callback: {a} the address, {k} an order number.
CALLBACK = (
    "【满意度回访】工单{k}\n回访员：您好，您反映{a}{i}，处理结果满意吗？\n市民：满意，弄好了",
    "回访录音整理：市民称{a}的问题现场已处理，评价：基本满意",
    "回访员：是{a}吧？\n市民：对对，就那儿。\n回访员：{i}那事现在还那样吗？\n市民：不了",
    "回访（不满意）：{a}{i}，说是修了，去看还是老样子，要求重新派",
    "12345回访单｜事发地：{a}｜处理情况：已办结｜群众评价：满意",
)
# A volunteer patrol's group message: {a} the address, {nm} a volunteer, {m} minutes.
PATROL = (
    "【红袖标义务巡逻】今晚19:{m}巡到{a}，{i}，照片发群里了，@网格员 看一下",
    "巡逻打卡✔ {a} 20:{m} 发现：{i}",
    "平安志愿者{nm}：{a}这块{i}，明早谁值班去瞅一眼",
    "夜巡记录：{a}，{i}，已提醒住户",
)
# A market inspector's on-site record: {a} the address, {sh} a shop, {mi} what was found.
MARKET = (
    "现场检查笔录\n检查地点：{a}\n被检查人：{sh}\n检查情况：{mi}",
    "市场监管巡查：{a}{sh}，{mi}，责令当场整改",
    "执法记录：{sh}（经营地址：{a}），{mi}",
    "检查时间：12月{d}日 10:{m}　检查地址：{a}　当事人：{sh}店主{nm}",
)
SHOPS = ("老鞠水饺馆", "鑫达五金店", "顺心便利店", "小宫烧烤", "哥俩修车铺", "阿香麻辣烫")
MARKET_ISSUES = ("店外占道经营", "无证照经营", "过期食品没下架", "油烟直排", "液化气罐放在后厨")
# A sanitation worker's voice memo: {a} the address (its number sometimes said in words).
SWEEPER = (
    "[语音转文字 0:{s}] 喂，俺是扫大街的，{a}这块{i}，谁管管",
    "（环卫工语音）俺在{a}扫到这儿，{i}，垃圾车进不来",
    "[语音] 班长，{a}门口{i}，俺一个人弄不动",
    "环卫语音留言：{a}，{i}，俺先拍了照",
)
# A school parents' group post: {a} the address, {p} a child.
PARENTS = (
    "【家长群】各位家长，放学路上{a}{i}，接孩子绕着点走",
    "@所有人 {p}妈妈：{a}门口{i}，孩子们别往那跑",
    "家长群转发：今早送孩子发现{a}{i}，已经打了12345",
    "{p}爸爸：{a}那边{i}，有没有家长一块去反映",
)
CHILDREN = ("乐乐", "朵朵", "豆豆", "果果", "天天")
# A residents' or village committee's bulletin: {m} the community, {cm} its committee.
BULLETIN = (
    "【{m}{cm}简报】本周{a}{i}，已协调处理",
    "{m}{cm}温馨提示：{a}附近{i}，请大家出行注意",
    "{cm}通报（{m}）：{a}{i}一事已上报",
    "{m}{cm}第{k}期工作动态：走访{a}，{i}",
)
# A dashcam clip's description: {a} the address.
DASHCAM = (
    "行车记录仪 2026/12/{d} 07:{m}:{s} 经过{a}，右侧{i}",
    "【视频说明】记录仪画面第{s}秒，{a}门前{i}",
    "dashcam_{k}.mp4：车开到{a}，{i}，有录像",
    "行车记录仪截图：{a}，车速{v}km/h，{i}",
)
# A farmer's field or orchard by its village: {v} the village, {n} the owner's door.
FIELD = (
    "俺家苹果园在{v}北边岭上，{fi}",
    "{v}村西那片花生地，{fi}",
    "{v}南洼的大棚，{fi}",
    "{v}东山坡上的樱桃园，{fi}",
    "承包的地在{v}后头，{fi}",
    "{v}{n}号俺二叔家的果园（在村外），{fi}",
)
FIELD_ISSUES = (
    "有人偷摘果子", "地头倒了一大堆建筑垃圾", "大棚叫风掀了", "浇地的水渠堵了",
    "有人在地边烧荒", "野猪把地拱了",
)  # fmt: skip
# A fisherman's report near the shore by its village: {v} the village.
SHORE = (
    "{v}前海沿，{si}",
    "{v}东边码头，{si}",
    "俺在{v}海边下网，{si}",
    "{v}外头养殖区，离岸不远，{si}",
    "{v}往南那片海滩，{si}",
)
SHORE_ISSUES = (
    "冲上来一头死海豚", "有人夜里电鱼", "浮球漂了一岸", "礁石上有人叫潮水困住了",
    "油污漂到岸边", "渔网缠住小船的螺旋桨",
)  # fmt: skip
# Coastal townships (乳山口, 海阳所, 白沙滩, 徐家): where a village has a shore.
COASTAL = ("371083101", "371083102", "371083103", "371083113")
# An OA system export with English field names: {a} the address, {t} its township.
OA_FORMS = (
    "[OA导出] title: 事件上报 | location: {a} | town: {t} | status: 待办 | created_at: 2026-12-{d}",
    "event_id,category,address,handler\n{k},市容环境,{a},{nm}",
    '{{"ticket": "{k}", "addr_text": "{a}", "desc": "{i}", "source": "12345"}}',
    "Subject: 网格事件 {k}\nAddress: {a}\nDescription: {i}\nAssignee: {t}",
    "flow_node=镇街承办; site_address={a}; issue={i}; due=2026-12-{d}",
)

# Real places of the neighbouring counties: (county, short, city, townships).
NEIGHBOURS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("文登区", "文登", "威海市", ("米山镇", "界石镇", "葛家镇", "张家产镇", "高村镇")),
    ("海阳市", "海阳", "烟台市", ("留格庄镇", "盘石店镇", "郭城镇", "徐家店镇", "小纪镇")),
    ("牟平区", "牟平", "烟台市", ("大窑街道", "龙泉镇", "玉林店镇", "水道镇", "高陵镇")),
    ("荣成市", "荣成", "威海市", ("俚岛镇", "成山镇", "埠柳镇", "夏庄镇", "寻山街道")),
    ("环翠区", "环翠", "威海市", ("鲸园街道", "竹岛街道", "田和街道", "羊亭镇", "张村镇")),
)  # fmt: skip
NEIGHBOUR_FORMS = (
    "【满意度回访】{county}{t}{u}{n}号的事已转{short}办理，市民是乳山过去的",
    "【红袖标义务巡逻】乳山来支援的志愿者巡到{short}{t}{u}{n}号，{i}",
    "现场检查笔录 检查地点：{county}{t}{u}{n}号 当事人：乳山籍，{nm}",
    "[语音] 俺从乳山过去打工，在{short}{t}{u}扫到{n}号，{i}",
    "我是乳山{home}的，闺女嫁到{county}{t}{v}，她家{nv}号门口{i}",
    "{county}{t}{v}{nv}号，跟乳山交界那块，{i}",
    "{county}{t}{c}{b}号楼{e}单元电表箱，房东是乳山人",
    "行车记录仪：从乳山开往{short}，在{county}{t}{u}{n}号附近{i}",
    "[OA导出] location: {city}{county}{t}{u}{n}号 | reporter_org: 乳山市某单位",
    "俺家果园在{short}{t}{v}北边岭上，俺是乳山过去承包的",
    "{short}{t}{u}{n}号（不是乳山那个{u}）",
    "乳山{u}{n}号，呸，是{short}{t}的{u}{n}号",
    "{county}{t}{v}前海沿，{i}",
    "【家长群】{short}{t}{c}{b}号楼门口{i}，孩子在那边上学",
    "{city}{county}{t}{u}{n}号，{i}",
)
# Township names 乳山 has that a neighbour text must not spell out by accident.
RUSHAN_TOWNSHIP_SLIPS = ("海阳所", "乳山口", "乳山寨")


class _Writer(_Helpers):
    """v10's helpers (v9's places, doors and the check that a text holds no other registry
    name; v10's names, digits and plain doors); v12's habits."""

    # -- small helpers ------------------------------------------------------------------
    def _two(self) -> str:
        return f"{self.rng.randint(1, 28):02d}"

    def _minutes(self) -> str:
        return f"{self.rng.randint(0, 59):02d}"

    def _coastal(self) -> tuple[AddressUnit, str]:
        """A village of a coastal township, written alone when that is safe."""
        rng = self.rng
        if rng.random() < 0.45:
            unit = rng.choice([u for u in self.p.alone if u.township in COASTAL])
            return unit, unit.name
        unit = rng.choice([u for u in self.p.in_town if u.township in COASTAL])
        return unit, self._town(unit.township) + unit.name

    def _spoken(self) -> tuple[AddressUnit, str, str]:
        """A door or an entrance; a door's number sometimes said in words."""
        unit, door, address = self._address(entrance=0.25)
        if door.number is not None and self.rng.random() < 0.4:
            where = address.removesuffix(f"{door.number}号")
            address = f"{where}{chinese_number(door.number)}号"
        return unit, door.id, address

    # -- habits -------------------------------------------------------------------------
    def caller_correction(self) -> Written | None:
        rng = self.rng
        roll = rng.random()
        if roll < 0.25:  # the whole address
            unit, right = self._place()
            door = self._door(unit)
            other, wrong = self._place()
            if other.id == unit.id:
                return None
            wrong_door = self._door(other)
            text = self._pick(FIX_WHOLE).format(
                w=f"{wrong}{wrong_door.number}号", a=f"{right}{door.number}号"
            )
            return self._written(text, unit, door.id, *self.p.meant(other))
        if roll < 0.45:  # the number alone
            unit, where = self._place()
            form, _ = rng.choice(FIX_NUMBER)
            door = self._door(unit, low=3)
            n = door.number or 0
            x = n + rng.choice((-2, -1, 1, 2, 10))
            if x == n or x < 1:
                return None
            text = form.format(u=where, x=x, n=n, nc=chinese_number(n))
            return self._written(text, unit, door.id)
        if roll < 0.6:  # the road alone: the number carries over
            unit = rng.choice(self.p.roads)
            other = rng.choice([u for u in self.p.roads if u.id != unit.id])
            door = self._door(unit)
            text = self._pick(FIX_ROAD).format(w=other.name, u=unit.name, n=door.number)
            return self._written(text, unit, door.id, other.name)
        if roll < 0.75:  # the township alone: the road or village and number carry over
            unit = rng.choice(self.p.roads) if rng.random() < 0.4 else rng.choice(self.p.in_town)
            wrong = rng.choice([t for t in self.p.townships if t.code != unit.township])
            door = self._door(unit)
            text = self._pick(FIX_TOWN).format(
                w=wrong.name, t=self._town(unit.township), u=unit.name, n=door.number
            )
            return self._written(text, unit, door.id, wrong.name, *wrong.aliases)
        unit, door = self._entrance()
        form, fixed = rng.choice(FIX_COMPOUND)
        b, e = door.building or 0, door.entrance or 0
        if fixed == "entrance":
            others = [x for x in self._entrances_of(unit, b) if x != e]
        else:  # the wrong building must have this entrance too, or the caller misspoke twice
            others = [
                a.building
                for a in self.ix.doors[unit.id]
                if a.entrance == e and a.building is not None and a.building != b
            ]
        if not others:
            return None
        text = form.format(c=self._compound_name(unit), b=b, e=e, x=rng.choice(others))
        return self._written(text, unit, door.id)

    def two_places(self) -> Written | None:
        unit, door, address = self._address()
        other, _, elsewhere = self._address()
        third, _, further = self._address()
        form, kind = self.rng.choice(TWO_PLACES)
        if other.id == unit.id or third.id in (unit.id, other.id):
            return None
        if kind in ON_A_ROAD and other.kind is not UnitKind.ROAD:
            return None
        text = form.format(a=address, b=elsewhere, c2=further, i=self._pick(ISSUES))
        more = [*self.p.meant(other)]
        if "{c2}" in form:
            more += self.p.meant(third)
        return self._written(text, unit, door.id, *more)

    def ocr_handwriting(self) -> Written | None:
        rng = self.rng
        # The parts of the address, each (text, the registry name it is, or "").
        if rng.random() < 0.3:
            unit, door = self._entrance()
            name = self._compound_name(unit)
            parts = [
                (name, name),
                (str(door.building), ""),
                ("号", ""),
                ("楼", ""),
                (str(door.entrance), ""),
                ("单", ""),
                ("元", ""),
            ]
        else:
            unit = rng.choice(self.p.roads) if rng.random() < 0.5 else rng.choice(self.p.in_town)
            door = self._door(unit, low=10)
            parts = [(unit.name, unit.name), (str(door.number), ""), ("号", "")]
            needs_town = unit.kind is UnitKind.VILLAGE and unit.id not in self.p.alone_ids
            if needs_town or rng.random() < 0.4:
                town = self._town(unit.township)
                parts.insert(0, (town, town))
        if rng.random() < 0.5:
            parts.insert(0, ("乳山市", "乳山市"))
        spots = [i for i, (text, _) in enumerate(parts) if not text.isdigit() or len(text) >= 2]
        chosen = set(rng.sample(spots, k=min(len(spots), rng.choice((1, 1, 2)))))
        slips = 0
        out: list[str] = []
        for i, (text, name) in enumerate(parts):
            if i not in chosen:
                out.append(text)
                continue
            if text.isdigit():
                places = [j for j, d in enumerate(text) if d in OCR_DIGIT]
                if places:
                    k = rng.choice(places)
                    text = text[:k] + rng.choice(OCR_DIGIT[text[k]]) + text[k + 1 :]
                    slips += 1
                out.append(text)
                continue
            places = [j for j, ch in enumerate(text) if ch in OCR_CHAR]
            if places:
                k = rng.choice(places)
                slipped = text[:k] + OCR_CHAR[text[k]] + text[k + 1 :]
                if name and not self._unique_near(slipped, name):
                    return None
                text = slipped
                slips += 1
            out.append(text)
        if slips == 0:
            return None
        text = self._pick(OCR_FORMS).format(a="".join(out))
        return self._written(text, unit, door.id)

    def number_forms(self) -> Written | None:
        rng = self.rng
        unit, where = self._place(road=0.65)
        if rng.random() < 0.3:  # two neighbouring doors said together
            top = self._top(unit)
            lows = [x for x in range(11, min(top, 99)) if 1 <= x % 10 <= 8]
            if not lows:
                return None
            low = rng.choice(lows)
            tens, ones = divmod(low, 10)
            head = "十" if tens == 1 else chinese_number(tens * 10)
            pair = head + chinese_number(ones) + chinese_number(ones + 1)
            text = self._pick(PAIR_FRAMES).format(u=where, p=pair, i=self._pick(ISSUES))
            return self._vague_ok(text, unit, [low, low + 1])
        style = rng.choice(tuple(NUMBER_SIGNS))
        signs = NUMBER_SIGNS[style]
        door = self._door(unit, high=len(signs))
        spelt = signs[(door.number or 1) - 1]
        text = self._pick(NUMBER_FRAMES).format(u=where, s=spelt, i=self._pick(ISSUES))
        return self._written(text, unit, door.id)

    def compound_notation(self) -> Written | None:
        rng = self.rng
        form, kind = rng.choice(COMPOUND_FORMS)
        if kind in ("entrance", "roman"):
            unit, door = self._entrance()
        else:
            unit, door = self._building()
        b = door.building or 0
        e = door.entrance or 0
        name = self._compound_name(unit)
        if kind.startswith("roman") and not 1 <= b <= len(ROMAN):
            return None
        if kind == "row":
            buildings = sorted({a.building for a in self.ix.doors[unit.id] if a.building})
            others = [x for x in buildings if x != b]
            if len(others) < 2:
                return None
            b2, b3 = sorted(rng.sample(others, 2))
            text = form.format(c=name, b=b, b2=b2, b3=b3)
            return self._written(text, unit, unit.community or "")
        r = ROMAN[b - 1] if 1 <= b <= len(ROMAN) else ""
        text = form.format(c=name, b=b, e=e, r=r)
        return self._written(text, unit, door.id)

    def satisfaction_callback(self) -> Written | None:
        unit, door, address = self._address(entrance=0.25)
        text = self._pick(CALLBACK).format(
            a=address, i=self._pick(ISSUES), k=f"2026120{self.rng.randint(1, 9)}{self._digits(5)}"
        )
        return self._written(text, unit, door.id)

    def patrol_group(self) -> Written | None:
        unit, door, address = self._address(entrance=0.25)
        text = self._pick(PATROL).format(
            a=address, i=self._pick(ISSUES), m=self._minutes(), nm=self._name()
        )
        return self._written(text, unit, door.id)

    def market_inspection(self) -> Written | None:
        unit, door, address = self._plain()
        text = self._pick(MARKET).format(
            a=address,
            sh=self._pick(SHOPS),
            mi=self._pick(MARKET_ISSUES),
            d=self.rng.randint(1, 28),
            m=self._minutes(),
            nm=self._name(),
        )
        return self._written(text, unit, door.id)

    def sanitation_memo(self) -> Written | None:
        unit, truth, address = self._spoken()
        text = self._pick(SWEEPER).format(
            a=address, i=self._pick(ISSUES), s=f"{self.rng.randint(5, 59):02d}"
        )
        return self._written(text, unit, truth)

    def parent_group(self) -> Written | None:
        unit, door, address = self._address(entrance=0.3)
        text = self._pick(PARENTS).format(a=address, i=self._pick(ISSUES), p=self._pick(CHILDREN))
        return self._written(text, unit, door.id)

    def residents_bulletin(self) -> Written | None:
        unit, door, address = self._address(entrance=0.35)
        community = self.ix.divisions[self.ix.community_of(door)].name
        committee = "村委会" if community.endswith("村") else "居委会"
        text = self._pick(BULLETIN).format(
            a=address, i=self._pick(ISSUES), m=community, cm=committee, k=self.rng.randint(3, 48)
        )
        return self._written(text, unit, door.id, community)

    def dashcam_clip(self) -> Written | None:
        rng = self.rng
        unit, door, address = self._plain()
        text = self._pick(DASHCAM).format(
            a=address,
            i=self._pick(ISSUES),
            d=self._two(),
            m=self._minutes(),
            s=f"{rng.randint(0, 59):02d}",
            k=f"2026120{rng.randint(1, 9)}_{self._digits(6)}",
            v=rng.randint(20, 60),
        )
        return self._written(text, unit, door.id)

    def field_orchard(self) -> Written | None:
        unit, where = self._village()
        door = self._door(unit)
        text = self._pick(FIELD).format(v=where, n=door.number, fi=self._pick(FIELD_ISSUES))
        return self._written(text, unit, unit.community or "")

    def shore_fishing(self) -> Written | None:
        unit, where = self._coastal()
        text = self._pick(SHORE).format(v=where, si=self._pick(SHORE_ISSUES))
        return self._written(text, unit, unit.community or "")

    def oa_export(self) -> Written | None:
        rng = self.rng
        unit, door, address = self._address(entrance=0.3)
        text = self._pick(OA_FORMS).format(
            a=address,
            t=self._town(unit.township),
            i=self._pick(ISSUES),
            d=self._two(),
            k=f"GH{rng.randint(10, 99)}{self._digits(6)}",
            nm=self._name(),
        )
        return self._written(text, unit, door.id)

    def neighbour_outside(self) -> Written | None:
        rng = self.rng
        county, short, city, townships = rng.choice(NEIGHBOURS)
        _, _, home = self._address(entrance=0.2)
        text = self._pick(NEIGHBOUR_FORMS).format(
            county=county,
            short=short,
            city=city,
            t=self._pick(townships),
            u=rng.choice(self.p.roads).name,  # a road name 乳山 has too
            v=rng.choice(self.ix.villages).name,  # a village name 乳山 has too
            c=rng.choice(self.p.compounds).name,  # a compound name 乳山 has too
            n=rng.randint(1, 150),
            nv=rng.randint(1, 60),
            b=rng.randint(1, 8),
            e=rng.randint(1, 3),
            home=home,
            nm=self._name(),
            i=self._pick(ISSUES),
        )
        if any(slip in text for slip in RUSHAN_TOWNSHIP_SLIPS):
            return None
        return text, "", OUTSIDE


def build_set(registry: Registry, seed: int = SEED) -> list[Item]:
    """The whole set, the same for the same registry and seed."""
    return collect(_Writer(registry, seed), HABITS)


def _prose(registry: Registry, items: list[Item], habits: Counter[str], run: str) -> list[str]:
    return [
        "## Address placement on a twelfth fresh set (v12)",
        "",
        "Command: `python bench/fresh_addresses_v12.py`",
        "",
        f"Run: {run}, CPython {sys.version.split()[0]}. Set `{SET_NAME}`"
        f" (bench/fresh_addresses_v12.py, seed {SEED}), generated from demo registry"
        f" {registry.version}: {len(items)} items, {len(habits)} kinds of writing,"
        f" {habits[OUTSIDE_HABIT]} of them outside the county. New phrasing tables, written"
        " from how people in a Chinese county write or say addresses, never by calling the"
        " matcher or reading it; labels come from the registry alone, and an item whose label"
        " the registry leaves ambiguous was dropped, never relabelled. Each text is placed"
        " through `Placer.place` as a citizen's report with no point, and scored as the v1 set"
        " is (bench/fresh_addresses.py). It must never be used to tune the matcher, and"
        " per-item misses stay out of the repository.",
        "",
        "Kinds of writing: caller_correction, a caller correcting the whole address, the number,"
        " the road, the township, a building or an entrance in new words (呸, 岔劈了, 笔误，应为,"
        " 记成对门, 俺姥姥家, a message marked 已撤回 and sent again), after looking at the"
        " household register book or the gate's plate, or relayed by a daughter-in-law, a"
        " delivery rider, a women's director or an old partner; two_places, two or three places"
        " in one text, the incident's and where the caller rents or lives, a parent's or"
        " parent-in-law's home, a building site, a shop, a parcel address, a bus stop, a wedding,"
        " a morning walk, a contact address or other witnesses' places, in both orders;"
        " ocr_handwriting, OCR look-alikes no earlier set used (柿 for 市, 洛 for 路, 術 for 街,"
        " 树 for 村, 真 for 镇, 叧 for 号, 褛 for 楼, 単 for 单, 允 for 元, 祸 for 福 and more;"
        " 丨, ʒ, ƽ, ㄱ, ȣ for digits); number_forms, negative circled ⓬号, ⒓号, ㈤号, ㊄号,"
        " double circled ⓹号, and two neighbouring doors said together (二十五六号, 十七八号);"
        " compound_notation, Roman Ⅲ号楼, 2单元电表箱, 单元门雨棚, 声控灯, 单元外的坡道,"
        " 楼顶水箱, 门前充电桩, 后窗底下, 楼前晾衣杆, a row of buildings and the way from the"
        " gate to a building; satisfaction_callback, a 12345 satisfaction callback's transcript;"
        " patrol_group, a volunteer patrol's group message; market_inspection, a market"
        " inspector's on-site record; sanitation_memo, a sanitation worker's voice memo, the"
        " number sometimes said in words; parent_group, a school parents' group post;"
        " residents_bulletin, a residents' or village committee's bulletin; dashcam_clip, a"
        " dashcam clip's description; field_orchard, a farmer's field, orchard or greenhouse by"
        " its village; shore_fishing, a fisherman's report near the shore by its village in a"
        " coastal township; oa_export, an OA system export with English field names;"
        " neighbour_outside, an address in 文登/海阳/牟平/荣成/环翠 with a road, village or"
        " compound name 乳山 has too, many naming 乳山 in another role (a 乳山 landlord or owner,"
        " a daughter married away, a drive from 乳山, land on the border, 不是乳山那个).",
        "",
        "Labels a reader may dispute: a correction is the corrected address, and what it does"
        " not repeat carries over from what was said before (a corrected road keeps the"
        " number, a corrected township the road or village and number, a corrected building"
        " the entrance, a corrected entrance the building); a correction relayed by someone"
        " else, read off a register book or a plate, written as 笔误，应为, or sent again after a"
        " recalled message is taken as the caller's, and the recalled message says nothing; of"
        " two or three places, the label is where it happened, never where the caller rents or"
        " lives, a parent's or parent-in-law's home, a site, a shop, a parcel address, a bus"
        " stop, a wedding, a walk, a contact address or another witness's place; an OCR slip"
        " is read as meant only when exactly one registry name is one character from what was"
        " read, and a sign for a digit (1丨, 1ʒ, ƽ2, 2ㄱ, 1ȣ) is that digit; negative circled,"
        " full-stop, ideograph and double circled numbers are the number; two neighbouring"
        " doors said together (二十五六号) are the community both share, else the road's"
        " township, and in a village the village; in a compound a Roman numeral building is"
        " that building, a spot inside or at an entrance (电表箱, 雨棚, 声控灯, 坡道) is the"
        " entrance, a spot at a building (水箱, 充电桩, 后窗, 晾衣杆) is the building, and a row"
        " of buildings or the way from the gate to one is the compound's community; a field,"
        " orchard, greenhouse, shore, beach, pier or farming water named by its village is that"
        " village, even with the owner's door written; order, ticket, issue, file and speed"
        " numbers, dates, times and seconds are not door numbers; an OA export's own township"
        " field is the address's township, and a bulletin's committee is the community of the"
        " door it reports; an address in a neighbouring county is not placeable, even with a"
        " 乳山 name, or when the landlord, caller or owner is from 乳山, the drive started in"
        " 乳山, the land borders 乳山, it says it is not the 乳山 road, or it corrects itself away"
        " from 乳山.",
        "",
    ]


def main(argv: list[str] | None = None) -> None:
    run_set(
        argv, __doc__ or "", build_set, _prose, section=SECTION, misses=MISSES,
        set_name=SET_NAME, habits=HABITS, outside=OUTSIDE_HABIT,
    )  # fmt: skip


if __name__ == "__main__":
    main()
