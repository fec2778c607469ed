"""An eleventh fresh labelled address set for 乳山市 (v11), and one measurement of placement on it.

How it was written: truths are picked from the demo registry with a seeded ``random.Random``
(doors on roads and in villages, buildings and entrances in compounds), then each truth is
written the way people in a Chinese county write or say an address: a caller correcting
themselves in words the earlier sets did not use (说差了, 跑偏了, 瞎说了, 我这嘴, a follow-up
message 以此条为准, a water bill or a house deed looked up after a pause, the operator's
question about what is nearby; relayed by a grandson, a security guard, a partner or a village
accountant; the whole address, the number, the road, the township, the building, the
entrance), two or three places in one text of which one is the incident's and the others are
the caller's home, household register, workplace, a child's kindergarten, where the car was
left, where they set out from, where they were going, an earlier report, a daughter's or a
friend's place or where they are now (in both orders), OCR and handwriting slips with
look-alikes no earlier set used (帀 for 市, 珞 for 路, 衡 for 街, 杓 for 村, 稹 for 镇, 兮 for 号,
蒌 for 楼, 亢 for 元, 应 for 庄, 叵 for 区, …; i, o, z, s and б for 1, 0, 2, 5 and 6), door
numbers in forms no earlier set used (circled ⑫号, bracketed ⑿号, 一百单八号; and, as a vague
number, 三十多号, 四十挂零), compound notations no earlier set used (3号楼2单元储藏室, 负一层,
一楼大厅, 信报箱, 门前台阶, 楼3，单元2, 进第二单元; 3号楼南面停车位, 楼下花坛, 外墙空调架;
3号楼和5号楼之间的甬路), a village committee's notice board (村务公开栏), a WeChat group
solitaire (接龙), a QR-code report form (扫码上报), a 12345 work order's transfer history
(流转记录), a photo's caption or watermark, a hand-drawn map's legend (图例), a lost-and-found
post (寻物启事, 失物招领), a utility repair ticket (供电, 供水, 燃气报修), a village loudspeaker's
broadcast script (广播稿), and addresses in the neighbouring counties (文登, 海阳, 牟平, 荣成, 环翠)
written with road, village and compound names 乳山 has too, many naming 乳山 in another role
(where the caller is from, lives or works, a car from 乳山 with 鲁K plates, a 乳山 person). The
phrasing tables are new (none is taken from the earlier sets), and the writing follows the
habits, not the matcher: no item was written, kept, dropped or relabelled by calling the matcher
or by reading its code, its rules, its tests or its other test sets.

Labels come from the registry alone, as a careful human who knows the registry would give
them: the standard address when the door is unambiguous, else the deepest unambiguous place
(village/community or township) at that precision; an item outside the county is "not
placeable". An item whose label the registry leaves ambiguous is dropped, never relabelled: a
village name the county has twice written without its township (or twice in one township), a
text (the frame, the other places of a two-place text, the wrong place of a correction, the
wrong township of a transfer history) that holds a registry name the address does not mean, an
OCR slip that leaves a name one character away from more than one registry name (or that is a
registry name itself, or sits inside another one).

Labelling conventions a reader may dispute (the earlier sets' where a habit overlaps, stated
again):

- a correction is labelled as the corrected address, whatever registry place the wrong one
  names; what it does not repeat carries over from what was said before it (the number when
  only the road is corrected, the road or village when only the number is, the road or village
  and the number when only the township is, the entrance when only the building is and the
  building when only the entrance is). A correction relayed by someone else (a grandson, a
  security guard, a partner, a village accountant), given after a pause or the operator's
  question, or sent as a follow-up message (以此条为准) is taken as the caller's;
- a text with two or three places is labelled as the place where the thing happened or is,
  never the caller's home, register, workplace, a child's kindergarten, where the car was left,
  where they set out from or were going, an earlier report's place, a relative's or friend's
  place or where they are now, whichever comes first;
- an OCR or handwriting slip of a look-alike character is read as the character it resembles
  when exactly one registry name is one character away from what was read (乳山帀 is 乳山市,
  黄河珞12兮 is 黄河路12号); a sign read for a digit in a number of two digits or more (1i is 11,
  1o8 is 108, 2z is 22, 1s is 15, 1б is 16) is that digit;
- circled and bracketed numbers (⑫号, ⑿号) are the number; 一百单八号 is 108 (单 for 零); 三十多号
  is 31-39 and 四十挂零 41-43, each labelled as the community every door it can mean shares, else
  the road's township, and in a village the village;
- in a compound a spot inside or at an entrance (储藏室, 负一层, 一楼大厅, 信报箱, 门前台阶) is that
  entrance; 楼3，单元2 is building 3 entrance 2; 进第二单元 is entrance 2 (the registry's numbering
  taken as the order a resident counts in); a spot at a building (南面停车位, 楼下花坛, 外墙空调架)
  is the building; a spot between two buildings of one compound (之间的甬路) is the compound's
  community;
- a notice board's, a solitaire's, a form's, a work order's, a photo's, a map's, a post's, a
  ticket's or a broadcast's own numbers (row numbers, 接龙 numbers, order numbers, dates and
  times, file names, legend marks, phone numbers, 户号, 表号, amounts) are not door numbers;
- a 12345 transfer history that sends the order to a wrong township before it is returned and
  sent on (退回, 非本辖区) names the address's own place by its address: the wrong township says
  nothing about it; the departments it passes (热线, 执法, 住建) say nothing either;
- a village notice board or broadcast that names its own village once and then the door (本村,
  俺村) is that village's door; a hand-drawn map's legend mark for the incident (★, 红圈) is the
  address written beside it;
- an address in 文登, 海阳, 牟平, 荣成 or 环翠 is not placeable, even when it uses a road, village
  or compound name 乳山 has too, or says the caller is from, lives or works in 乳山, drives a car
  from 乳山, is a 乳山 person, or corrects itself away from 乳山.

Scoring, the placement run and the outcome names are v1's (bench/fresh_addresses.py).

Rule: this set must never be used to tune the matcher; only the aggregate table goes to
docs/benchmarks.md. Per-item misses are written only to the untracked (git-ignored)
var/fresh-addresses-v11/misses.md. Reading them while changing the matcher spends the set.

    python bench/fresh_addresses_v11.py              # measure, write docs/benchmarks.md
    python bench/fresh_addresses_v11.py --no-write   # measure and print only
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
from grid.model import Registry, UnitKind  # noqa: E402

SEED = 20261213
SET_NAME = "fresh-addresses-v11"
SECTION = "fresh-addresses-v11"
MISSES = ROOT / "var" / "fresh-addresses-v11" / "misses.md"
OUTSIDE_HABIT = "neighbour_outside"

Written = tuple[str, str, str]  # text, truth, precision

# Habit -> how many items (the neighbouring counties are ~8% of the whole).
HABITS: dict[str, int] = {
    "caller_correction": 30,
    "two_places": 30,
    "ocr_handwriting": 24,
    "number_forms": 24,
    "compound_notation": 24,
    "notice_board": 22,
    "solitaire_chain": 22,
    "qr_report_form": 22,
    "order_transfer_history": 22,
    "photo_caption": 22,
    "map_legend": 22,
    "lost_and_found": 22,
    "utility_repair": 24,
    "loudspeaker_broadcast": 22,
    OUTSIDE_HABIT: 30,
}

# -- phrasing tables (v11's own) ------------------------------------------------------------

ISSUES = (
    "化粪池满了往外冒", "路灯一到晚上就闪", "有人在路边烧秸秆", "雨水篦子被盖住了",
    "树倒了横在路上", "楼道灯坏了一个多月", "有人私拉电线充电", "马路中间一个大坑",
    "垃圾好几天没人收", "铁栏杆断了露着茬",
)  # fmt: skip

# A caller correcting themselves: {w} what was said wrong, {a} the address meant.
FIX_WHOLE = (
    "{w}，嘿，说差了，{a}",
    "{w}……（电话那头翻东西）……找着房本了，上面写的{a}",
    "话务员：{w}附近有什么标志性的？\n来电人：啊？那我说差了，是{a}",
    "{w}\n（五分钟后追加）上一条地址有误，以此条为准：{a}",
    "{w}，跑偏了跑偏了，{a}",
    "{w}，我这嘴啊，{a}",
    "我替俺爹打的，他讲{w}，我一核对，是{a}",
    "{w}，瞎说了瞎说了，是{a}",
    "村会计在边上帮着说：她讲的{w}是老地方，现在住{a}",
    "微信补发：刚说的{w}有误，正确地址{a}",
)
# Only the number: (form, kind). {u} the road or village, {x} the wrong number, {n} the right.
FIX_NUMBER: tuple[tuple[str, str], ...] = (
    ("{u}{x}号，说差了，{n}号", "any"),
    ("{u}{x}号……（翻了翻水费条）……条上是{n}号", "any"),
    ("{u}{x}号。\n话务员：{x}号门口有啥？\n来电人：噢那是邻家，俺家{n}号", "any"),
    ("{u}{x}号\n（追加）门牌号有误，以此条为准：{n}号", "any"),
    ("{u}{x}号，我孙子跟我讲是{nc}号", "any"),
    ("{u}{x}号，跑偏了，{n}号", "any"),
)
# Only the road (the number carries over): {w} the wrong road, {u} the right one.
FIX_ROAD = (
    "{w}{n}号，说差了，路是{u}",
    "{w}{n}号……（想了一会儿）……那条路叫{u}",
    "{w}{n}号。\n话务员：{w}是东西向那条吗？\n来电人：噢，我说的是{u}，瞎说了",
    "我对象转达：刚报的{w}{n}号路名有误，是{u}",
    "{w}{n}号\n（追加）路名写差了，{u}",
)
# Only the township: {w} the wrong township, {t} the right one.
FIX_TOWN = (
    "{w}{u}{n}号，说差了，属{t}",
    "{w}{u}{n}号……（隔了一会儿）……不归{w}管，是{t}",
    "{w}{u}{n}号。\n话务员：{w}那边有{u}吗？\n来电人：噢，瞎说了，{t}的",
    "{w}{u}{n}号\n（追加）镇街写差了，{t}",
    "{w}{u}{n}号，我这嘴，{t}的",
)
# A building or an entrance: (form, what is corrected).
FIX_COMPOUND: tuple[tuple[str, str], ...] = (
    ("{c}{x}号楼{e}单元，说差了，{b}号楼", "building"),
    ("{c}{x}号楼{e}单元，保安大哥说是{b}号楼", "building"),
    ("{c}{x}号楼{e}单元\n（追加）楼号有误，{b}号楼", "building"),
    ("{c}{b}号楼{x}单元，跑偏了，{e}单元", "entrance"),
    ("{c}{b}号楼{x}单元。\n话务员：{x}单元是吧？\n来电人：瞎说了，{e}单元", "entrance"),
    ("{c}{b}号楼{x}单元\n（追加）单元号有误，{e}单元", "entrance"),
)

# Two or three places: (form, what the other places are). {a} where it happened, {b} and {c2}
# the others.
TWO_PLACES: tuple[tuple[str, str], ...] = (
    ("我是从{b}出发的，开到{a}发现{i}", "origin"),
    ("{a}{i}。（报事人常住{b}）", "home"),
    ("俺闺女家在{b}，俺去看她，半路上{a}{i}", "relative"),
    ("户籍：{b}\n事发地：{a}\n情况：{i}", "register"),
    ("车搁在{b}了，我走着到{a}，看到{i}", "car"),
    ("我现在人在{b}，是刚才路过{a}时看到的{i}", "now"),
    ("上个月在{b}报过一回别的事，这次是{a}{i}", "earlier"),
    ("{a}{i}，之前那单（{b}）不用管了", "earlier"),
    ("单位在{b}，午休出来溜达，{a}{i}", "work"),
    ("孩子幼儿园在{b}，{a}{i}", "school"),
    ("要去{b}办事，导航领着走了{a}，{i}", "heading"),
    ("{a}{i}，发现人住址：{b}", "home"),
    ("朋友在{b}开饭店，我从那回来，{a}{i}", "friend"),
    ("我家在{b}，户口还在{c2}，今天在{a}看见{i}", "home_register"),
    ("从{b}出来，要去{c2}，路过{a}，{i}", "origin_heading"),
    ("{a}{i}（我家{b}，单位{c2}，都不是出事的地方）", "home_work"),
)
ON_A_ROAD = ("work", "school", "friend")  # a workplace, a kindergarten or a restaurant

# OCR of a handwritten form or a photo: look-alike characters and digits no earlier set used.
OCR_CHAR = {
    "市": "帀", "路": "珞", "街": "衡", "村": "杓", "镇": "稹", "号": "兮", "楼": "蒌",
    "元": "亢", "庄": "应", "区": "叵", "河": "柯", "海": "晦", "城": "域", "福": "蝠",
    "康": "糠", "胜": "姓", "春": "椿", "凤": "冈", "祥": "庠", "瑞": "惴", "华": "哗",
    "政": "玫", "丰": "韦", "利": "俐", "松": "忪", "龙": "垄", "江": "汇", "金": "佥",
    "岭": "龄", "红": "缸", "旗": "祺", "朝": "韩", "疃": "幢", "沟": "佝", "甲": "田",
    "诸": "猪", "极": "级", "崖": "岸", "沙": "纱",
}  # fmt: skip
OCR_DIGIT = {"1": ("i",), "0": ("o",), "2": ("z",), "5": ("s",), "6": ("б",)}
OCR_FORMS = (
    "扫描件识读：{a}",
    "[拍照翻译] {a}",
    "登记簿抄录（字迹潦草）：{a}",
    "照片转文字 → {a}",
    "手机识图：{a}",
    "来信地址（手写）：{a}",
    "旧台账影印：{a}",
)

# Numbers in new forms. {u} the road or village, {s} the number as written.
CIRCLED = (
    "".join(chr(0x2460 + k) for k in range(20))
    + "".join(chr(0x3251 + k) for k in range(15))
    + "".join(chr(0x32B1 + k) for k in range(15))
)  # ①..⑳, ㉑..㉟, ㊱..㊿: 1..50
BRACKETED = "".join(chr(0x2474 + k) for k in range(20))  # ⑴..⒇: 1..20
NUMBER_FRAMES = ("{u}{s}", "门牌：{u}{s}", "{u}{s}门口", "{u}，{s}，{i}", "就{u}{s}这块")
# Vague numbers: (form, how it is read). {r} the round number in words.
VAGUE_NUMBERS: tuple[tuple[str, str], ...] = (
    ("{u}{r}多号", "many"),
    ("{u}，{r}多号那一溜", "many"),
    ("{u}{r}挂零", "few"),
    ("{u}门牌{r}挂零那几家", "few"),
)

# Compound notations: (form, what it names). {b}/{e} digits, {ec} the entrance in words.
COMPOUND_FORMS: tuple[tuple[str, str], ...] = (
    ("{c}{b}号楼{e}单元储藏室", "entrance"),
    ("{c}{b}号楼{e}单元负一层", "entrance"),
    ("{c}{b}号楼{e}单元一楼大厅", "entrance"),
    ("{c}{b}号楼{e}单元信报箱", "entrance"),
    ("{c}{b}号楼{e}单元门前台阶", "entrance"),
    ("{c}，楼{b}，单元{e}", "entrance"),
    ("{c}{b}号楼，进第{ec}单元", "entrance"),
    ("{c}{b}号楼南面停车位", "building"),
    ("{c}{b}号楼楼下花坛", "building"),
    ("{c}{b}号楼外墙空调架", "building"),
    ("{c}{b}号楼和{b2}号楼之间的甬路", "between"),
)

# A village committee's notice board: {a} the address, {v} the village, {n} the door.
BOARD_VILLAGE = (
    "【{v}村务公开栏】本村{n}号门前柴草堆占道，限三日内清理。{v}村民委员会",
    "{v}村委会公告：近期本村{n}号附近{i}，请村民注意安全",
    "村务公开：{v}{n}号危房改造已验收，特此公示",
)
BOARD_ANY = (
    "公示栏张贴：{a}{i}，已报镇里，请勿围观",
    "【告示】{a}门前禁止堆放杂物，违者清走。",
    "宣传栏通知：{a}{i}，维修期间绕行",
)
# A WeChat group solitaire: {a} the address, {i} the issue, names.
SOLITAIRE = (
    "#接龙\n{a}{i}，同意联名上报的接龙\n1. {n1}\n2. {n2} +1\n3. {n3} 同上",
    "#接龙 清理{a}门前积雪 志愿者报名\n1. {n1} 带铁锨\n2. {n2}",
    "接龙：{a}{i}，受影响的住户报一下\n1. {n1}家\n2. {n2}家\n3. {n3}家",
    "#接龙\n例：姓名+意见\n问题地点：{a}\n1. {n1} 赶紧修\n2. {n2} 同意",
)
SOLITAIRE_NAMES = ("老于", "宫姐", "丛师傅", "隋大哥", "姜婶", "鞠老师", "车哥", "曲姨")
# A QR-code report form: {a} the address, {t} the township, {i} the issue, {d}/{m} a time.
QR_FORM = (
    "【扫码上报】问题类型：市容环境\n问题位置：{a}\n问题描述：{i}\n提交时间：2026-12-{d} 08:{m}",
    "扫一扫随手拍·提交成功\n位置（手动填写）：{a}\n描述：{i}\n定位：未授权",
    "二维码报事单｜地点：{a}｜事项：{i}｜匿名：是",
    "码上报 · 事发地址：{a} · 是否紧急：否 · {i}",
)
QR_FORM_TOWN = (
    "【扫码上报】所在镇街：{t}\n详细地址：{u}{n}号\n问题描述：{i}",
    "扫码表单 镇街：{t} 地址：{u}{n}号 类型：道路设施",
)
# A 12345 work order's transfer history: {a} the address, {t} the right township, {w} a wrong
# one, {k} an order number.
TRANSFER = (
    "工单{k}\n流转记录：12345热线受理→派{t}→{t}签收\n事发地址：{a}\n诉求：{i}",
    "【工单流转】{k} 市热线→综合执法局→退回（职责不符）→{t}\n地址：{a}",
    "工单{k}：{a}{i}\n12-0{d} 09:1{m} 派发{w}\n12-0{d} 10:4{m} {w}退回：非本辖区\n"
    "12-0{d} 11:0{m} 改派{t}",
    "流转：热线→住建局→{t}（承办）｜事发地点：{a}｜工单号{k}",
)
# A photo's caption or a camera watermark: {a} the address, {n} a worker.
CAPTION = (
    "IMG_202612{d}_09{m}33.jpg 拍摄地点：{a}",
    "【水印相机】2026.12.{d} 09:{m} | {a} | 网格员{n}",
    "（图）{a}{i}，随手拍",
    "照片说明：{a}，{i}，拍于12月{d}日",
    "配图：{a}现场，{i}",
)
# A hand-drawn map's legend: {a} the address.
LEGEND = (
    "手绘示意图 图例：★ 事发点（{a}）  △ 村委  ○ 水井",
    "示意图说明：红圈处为{a}，箭头为进村方向",
    "图例：● 问题点位——{a}；—— 道路；≈ 河沟",
    "草图标注：✕ = {a}（{i}）",
)
# A lost-and-found post: {a} the address, {p} a masked phone.
LOST_FOUND = (
    "寻物启事：本人于12月{d}日在{a}附近丢失黑色钱包一个，拾到者请联系{p}，必有重谢",
    "失物招领：今早在{a}门口捡到一串钥匙，失主请联系{p}",
    "寻狗启事！{a}走丢一只黄色土狗，脖子上有红绳，有线索请打{p}",
    "【捡到】{a}路边一辆儿童自行车，谁家的来认领",
    "寻人：老人于{a}附近走失，穿蓝棉袄，联系{p}",
)
# A utility repair ticket: {a} the address, {k} an account or meter number.
REPAIR = (
    "【供电报修】用户地址：{a} 户号：{k} 故障：整户停电",
    "燃气抢修工单 地址：{a} 表号：{k} 现象：有燃气味",
    "自来水报修 {a} 水表井冒水 用户编号{k}",
    "95598工单 报修地址：{a}，{i}",
    "供暖报修：{a}，暖气片不热，户号{k}",
)
# A village loudspeaker's broadcast script: {v} the village, {n} the door, {a} an address.
BROADCAST_VILLAGE = (
    "喂喂，各位村民注意了，{v}广播：咱村{n}号门口{i}，路过的注意点",
    "俺村广播：谁家的车停在{v}{n}号门前了，赶紧挪挪",
    "村委广播稿：{v}{n}号附近{i}，有情况找村委",
)
BROADCAST_ANY = (
    "广播通知：{a}{i}，请过往群众注意安全，重复一遍，{a}",
    "大伙注意，{a}那里{i}，小孩别往那去",
)

# Real places of the neighbouring counties: (county, short, city, townships).
NEIGHBOURS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("文登区", "文登", "威海市", ("大水泊镇", "侯家镇", "泽头镇", "小观镇", "文登营镇")),
    ("海阳市", "海阳", "烟台市", ("朱吴镇", "二十里店镇", "行村镇", "大阎家镇", "凤城街道")),
    ("牟平区", "牟平", "烟台市", ("武宁街道", "莒格庄镇", "养马岛街道", "文化街道", "观水镇")),
    ("荣成市", "荣成", "威海市", ("人和镇", "港西镇", "上庄镇", "滕家镇", "虎山镇")),
    ("环翠区", "环翠", "威海市", ("孙家疃街道", "皇冠街道", "嵩山街道", "温泉镇", "桥头镇")),
)  # fmt: skip
NEIGHBOUR_FORMS = (
    "我是乳山人，在{county}{t}{u}{n}号{i}",
    "鲁K牌照的乳山车，停在{short}{t}{u}{n}号，{i}",
    "{county}{t}{v}{nv}号{i}，俺娘家是乳山的",
    "【{v}村务公开栏】{short}{t}{v}{nv}号门前柴草堆占道",
    "#接龙\n{county}{t}{c}{b}号楼{e}单元{i}\n1. 乳山来的{nm}\n2. 老于",
    "【扫码上报】问题位置：{short}{t}{u}{n}号\n所属区县：{county}",
    "工单流转：乳山市12345→转{city}{county}12345（非本市辖区）\n地址：{county}{t}{u}{n}号",
    "【水印相机】{county}{t}{c}{b}号楼 | 拍摄人：乳山网格员",
    "图例：★ 事发点（{short}{t}{v}{nv}号），我从乳山{home}过去画的",
    "寻物启事：乳山人在{county}{t}{u}{n}号附近丢失钱包",
    "【供电报修】用户地址：{city}{county}{t}{u}{n}号",
    "乳山{u}{n}号，说差了，是{short}{t}的{u}",
    "我家在乳山市{home}，单位在{county}{t}{u}{n}号，单位门口{i}",
    "{county}{t}{c}{b}号楼{e}单元储藏室，业主是乳山的",
    "广播通知：{short}{t}{v}{nv}号{i}（乳山{home}的亲戚捎的话）",
)
# Township names 乳山 has that a neighbour text must not spell out by accident.
RUSHAN_TOWNSHIP_SLIPS = ("海阳所", "乳山口", "乳山寨")


class _Writer(_Helpers):
    """v10's helpers (v9's places, doors and the check that a text holds no other registry
    name; v10's names, digits and plain doors); v11's habits."""

    # -- small helpers ------------------------------------------------------------------
    def _solitaire_names(self) -> tuple[str, str, str]:
        n1, n2, n3 = self.rng.sample(SOLITAIRE_NAMES, 3)
        return n1, n2, n3

    def _two(self) -> str:
        return f"{self.rng.randint(1, 28):02d}"

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
        top = self._top(unit)
        if rng.random() < 0.3:  # a vague number
            form, kind = rng.choice(VAGUE_NUMBERS)
            span = 9 if kind == "many" else 3
            rounds = [x for x in range(20, 160, 10) if x + span <= top and x != 100]
            if not rounds:
                return None
            r = rng.choice(rounds)
            numbers = list(range(r + 1, r + span + 1))
            text = form.format(u=where, r=chinese_number(r))
            return self._vague_ok(text, unit, numbers)
        style = rng.choice(("circled", "circled", "bracketed", "dan", "dan"))
        if style == "circled":
            door = self._door(unit, high=50)
            spelt = CIRCLED[(door.number or 1) - 1] + "号"
        elif style == "bracketed":
            door = self._door(unit, high=20)
            spelt = BRACKETED[(door.number or 1) - 1] + "号"
        else:
            doors = [
                a
                for a in self.ix.doors[unit.id]
                if a.number and a.number > 100 and 1 <= a.number % 100 <= 9
            ]
            if not doors:
                return None
            door = rng.choice(doors)
            n = door.number or 0
            spelt = f"{chinese_number(n // 100 * 100)}单{chinese_number(n % 100)}号"
        text = self._pick(NUMBER_FRAMES).format(u=where, s=spelt, i=self._pick(ISSUES))
        return self._written(text, unit, door.id)

    def compound_notation(self) -> Written | None:
        rng = self.rng
        form, kind = rng.choice(COMPOUND_FORMS)
        if kind == "entrance":
            unit, door = self._entrance()
        else:
            unit, door = self._building()
        b = door.building or 0
        e = door.entrance or 0
        name = self._compound_name(unit)
        buildings = sorted({a.building for a in self.ix.doors[unit.id] if a.building})
        if kind == "between":
            others = [x for x in buildings if x != b]
            if not others:
                return None
            text = form.format(c=name, b=b, b2=rng.choice(others))
            return self._written(text, unit, unit.community or "")
        text = form.format(c=name, b=b, e=e, ec=chinese_number(e))
        return self._written(text, unit, door.id)

    def notice_board(self) -> Written | None:
        if self.rng.random() < 0.5:
            unit, where = self._village()
            door = self._door(unit)
            text = self._pick(BOARD_VILLAGE).format(v=where, n=door.number, i=self._pick(ISSUES))
            return self._written(text, unit, door.id)
        unit, door, address = self._address(entrance=0.3)
        return self._written(
            self._pick(BOARD_ANY).format(a=address, i=self._pick(ISSUES)), unit, door.id
        )

    def solitaire_chain(self) -> Written | None:
        unit, door, address = self._address(entrance=0.3)
        n1, n2, n3 = self._solitaire_names()
        text = self._pick(SOLITAIRE).format(a=address, i=self._pick(ISSUES), n1=n1, n2=n2, n3=n3)
        return self._written(text, unit, door.id)

    def qr_report_form(self) -> Written | None:
        rng = self.rng
        if rng.random() < 0.3:
            unit = rng.choice(self.p.roads) if rng.random() < 0.5 else rng.choice(self.p.in_town)
            door = self._door(unit)
            text = self._pick(QR_FORM_TOWN).format(
                t=self._town(unit.township), u=unit.name, n=door.number, i=self._pick(ISSUES)
            )
            return self._written(text, unit, door.id)
        unit, door, address = self._address(entrance=0.25)
        text = self._pick(QR_FORM).format(
            a=address, i=self._pick(ISSUES), d=self._two(), m=f"{rng.randint(0, 59):02d}"
        )
        return self._written(text, unit, door.id)

    def order_transfer_history(self) -> Written | None:
        rng = self.rng
        unit, door, address = self._address(entrance=0.2)
        wrong = rng.choice([t for t in self.p.townships if t.code != unit.township])
        text = self._pick(TRANSFER).format(
            a=address,
            t=self._town(unit.township),
            w=wrong.name,
            k=f"RS2026120{rng.randint(1, 9)}{self._digits(4)}",
            i=self._pick(ISSUES),
            d=rng.randint(1, 9),
            m=rng.randint(0, 9),
        )
        return self._written(text, unit, door.id, wrong.name, *wrong.aliases)

    def photo_caption(self) -> Written | None:
        unit, door, address = self._address(entrance=0.25)
        text = self._pick(CAPTION).format(
            a=address,
            i=self._pick(ISSUES),
            n=self._name(),
            d=self._two(),
            m=f"{self.rng.randint(0, 59):02d}",
        )
        return self._written(text, unit, door.id)

    def map_legend(self) -> Written | None:
        unit, door, address = self._address(entrance=0.2)
        return self._written(
            self._pick(LEGEND).format(a=address, i=self._pick(ISSUES)), unit, door.id
        )

    def lost_and_found(self) -> Written | None:
        unit, door, address = self._address(entrance=0.2)
        text = self._pick(LOST_FOUND).format(a=address, p=self._masked(), d=self.rng.randint(1, 28))
        return self._written(text, unit, door.id)

    def utility_repair(self) -> Written | None:
        unit, door, address = self._address(entrance=0.35)
        text = self._pick(REPAIR).format(a=address, k=self._digits(10), i=self._pick(ISSUES))
        return self._written(text, unit, door.id)

    def loudspeaker_broadcast(self) -> Written | None:
        if self.rng.random() < 0.6:
            unit, where = self._village()
            door = self._door(unit)
            text = self._pick(BROADCAST_VILLAGE).format(
                v=where, n=door.number, i=self._pick(ISSUES)
            )
            return self._written(text, unit, door.id)
        unit, door, address = self._plain()
        return self._written(
            self._pick(BROADCAST_ANY).format(a=address, i=self._pick(ISSUES)), unit, door.id
        )

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
        "## Address placement on an eleventh fresh set (v11)",
        "",
        "Command: `python bench/fresh_addresses_v11.py`",
        "",
        f"Run: {run}, CPython {sys.version.split()[0]}. Set `{SET_NAME}`"
        f" (bench/fresh_addresses_v11.py, seed {SEED}), generated from demo registry"
        f" {registry.version}: {len(items)} items, {len(habits)} kinds of writing,"
        f" {habits[OUTSIDE_HABIT]} of them outside the county. New phrasing tables, written"
        " from how people in a Chinese county write or say addresses, never by calling the"
        " matcher or reading it; labels come from the registry alone, and an item whose label"
        " the registry leaves ambiguous was dropped, never relabelled. Each text is placed"
        " through `Placer.place` as a citizen's report with no point, and scored as the v1 set"
        " is (bench/fresh_addresses.py). It must never be used to tune the matcher, and"
        " per-item misses stay out of the repository.",
        "",
        "Kinds of writing: caller_correction, a caller correcting the whole address, the"
        " number, the road, the township, a building or an entrance in new words (说差了,"
        " 跑偏了, 瞎说了, 我这嘴, 以此条为准), after a pause (a house deed or a water bill looked"
        " up), after the operator's question, in a follow-up message, or relayed by a grandson,"
        " a security guard, a partner or a village accountant; two_places, two or three places"
        " in one text, the incident's and the caller's origin, home, register, workplace,"
        " child's kindergarten, car, destination, an earlier report's, a daughter's or a"
        " friend's place, or where the caller is now, in both orders; ocr_handwriting, OCR"
        " look-alikes no earlier set used (帀 for 市, 珞 for 路, 衡 for 街, 杓 for 村, 稹 for 镇,"
        " 兮 for 号, 蒌 for 楼, 亢 for 元, 应 for 庄, 叵 for 区 and more; i, o, z, s, б for"
        " digits); number_forms, circled ⑫号, bracketed ⑿号, 一百单八号, and vague 三十多号,"
        " 四十挂零; compound_notation, 2单元储藏室, 负一层, 一楼大厅, 信报箱, 门前台阶,"
        " 楼3，单元2, 进第二单元, 南面停车位, 楼下花坛, 外墙空调架, and 3号楼和5号楼之间的甬路;"
        " notice_board, a village committee's notice board or a public notice; solitaire_chain,"
        " a WeChat group 接龙; qr_report_form, a QR-code report form; order_transfer_history, a"
        " 12345 work order with its transfer history; photo_caption, a photo's caption or a"
        " camera watermark; map_legend, a hand-drawn map's legend; lost_and_found, a"
        " lost-and-found post; utility_repair, a power, water, gas or heating repair ticket;"
        " loudspeaker_broadcast, a village loudspeaker's broadcast script; neighbour_outside, an"
        " address in 文登/海阳/牟平/荣成/环翠 with a road, village or compound name 乳山 has too,"
        " many naming 乳山 in another role (the caller's origin, home or work, a 鲁K car from"
        " 乳山, a 乳山 person).",
        "",
        "Labels a reader may dispute: a correction is the corrected address, and what it does"
        " not repeat carries over from what was said before (a corrected road keeps the"
        " number, a corrected township the road or village and number, a corrected building"
        " the entrance, a corrected entrance the building); a correction relayed by someone"
        " else, given after a pause or the operator's question, or sent as a follow-up message"
        " is taken as the caller's; of two or three places, the label is where it happened,"
        " never the caller's home, register, workplace, kindergarten, car, origin, destination,"
        " an earlier report's, a relative's or friend's place or where they are now; an OCR"
        " slip is read as meant only when exactly one registry name is one character from what"
        " was read, and a sign for a digit (1i, 1o8, 2z, 1s, 1б) is that digit; circled and"
        " bracketed numbers are the number, 一百单八号 is 108, 三十多号 is 31-39 and 四十挂零"
        " 41-43, each the community every door it can mean shares, else the road's township,"
        " and in a village the village; in a compound a spot inside or at an entrance"
        " (储藏室, 负一层, 一楼大厅, 信报箱, 门前台阶) is the entrance, 楼3，单元2 is building 3"
        " entrance 2, 进第二单元 is entrance 2 (the registry's numbering taken as a resident's"
        " count), a spot at a building (停车位, 花坛, 空调架) is the building, and a spot"
        " between two buildings is the compound's community; row, 接龙, order, file, legend,"
        " phone, account and meter numbers, dates and times are not door numbers; a 12345"
        " transfer history that first sends the order to a wrong township is labelled by its"
        " address, and the departments it passes say nothing; a village notice or broadcast"
        " that names its village and then 本村/咱村/俺村 and a door is that village's door; a"
        " map legend's mark is the address beside it; an address in a neighbouring county is"
        " not placeable, even with a 乳山 name, or when the caller is from, lives or works in"
        " 乳山, drives a car from 乳山, is a 乳山 person, or corrects it away from 乳山.",
        "",
    ]


def main(argv: list[str] | None = None) -> None:
    run_set(
        argv, __doc__ or "", build_set, _prose, section=SECTION, misses=MISSES,
        set_name=SET_NAME, habits=HABITS, outside=OUTSIDE_HABIT,
    )  # fmt: skip


if __name__ == "__main__":
    main()
