"""A tenth fresh labelled address set for 乳山市 (v10), and one measurement of placement on it.

How it was written: truths are picked from the demo registry with a seeded ``random.Random``
(doors on roads and in villages, buildings and entrances in compounds), then each truth is
written the way people in a Chinese county write or say an address: a caller correcting
themselves in words the earlier sets did not use (哎哟我这脑子, 说秃噜嘴了, 打住，重来,
我把地方弄混了, 数颠倒了, 你等下我出去瞅一眼; after a pause, after the operator's question,
after calling back, and relayed by a neighbour, a spouse, a sister, a grid worker or the
property office; the whole address, the number, the road, the township, the building, the
entrance), two places in one text of which one is where the caller parked, a shop they were in,
a friend's or an uncle's house, where they were heading, their workplace, their child's school,
their household register, their home or the place of an earlier report (in both orders), OCR and
handwriting slips with look-alikes no earlier set used (巾 for 市, 咯 for 路, 朴 for 村, 滇 for
镇, 丂 for 号, 偻 for 楼, 亓 for 元, 庒 for 庄, 匠 for 区, …; θ, З, Ч, $ and T for 0, 3, 4, 5
and 7), door numbers in forms no earlier set used (苏州码子 〡〢号, a number with its words in
brackets 12（十二）号, a number padded with zeros 0012号; and, as a vague number, 十号出头,
快到五十号了), compound notations no earlier set used (3号楼第二个单元, 3号楼（2单元）,
3号楼2单元口, 3号楼2单元楼顶/地下室/电梯里, fields 楼栋：3 单元：2 小区：…, 3号楼西山墙,
3号楼楼前, 3号楼跟5号楼中间), an insurance claim's 出险地点, a court's or a police station's
paper (送达地址, 传票, 住所地), a school's notice to parents, a taxi or bus dispatcher's radio
call, a livestream comment, a text forwarded several times with its prefixes (转发：转发：, Fw:,
转自…：), a property manager's notice, a spreadsheet row or a form pasted with its fields in the
wrong order, an address dictated with landmarks before the door, and addresses in the
neighbouring counties (文登, 海阳, 牟平, 荣成, 环翠) written with road, village and compound
names 乳山 has too, in the same habits, some naming 乳山 as well. The phrasing tables are new
(none is taken from the earlier sets), and the writing follows the habits, not the matcher: no
item was written, kept, dropped or relabelled by calling the matcher or by reading its code, its
rules, its tests or its other test sets.

Labels come from the registry alone, as a careful human who knows the registry would give
them: the standard address when the door is unambiguous, else the deepest unambiguous place
(village/community or township) at that precision; an item outside the county is "not
placeable". An item whose label the registry leaves ambiguous is dropped, never relabelled: a
village name the county has twice written without its township (or twice in one township), a
text (the frame, the landmarks, the other place of a two-place text, the wrong place of a
correction) that holds a registry name the address does not mean, an OCR slip that leaves a
name one character away from more than one registry name (or that is a registry name itself, or
sits inside another one).

Labelling conventions a reader may dispute (the earlier sets' where a habit overlaps, stated
again):

- a correction is labelled as the corrected address, whatever registry place the wrong one
  names; what it does not repeat carries over from what was said before it (the number when
  only the road is corrected, the road or village when only the number is, the road or village
  and the number when only the township is, the entrance when only the building is and the
  building when only the entrance is). A correction relayed by someone else (a spouse, a
  neighbour, a grid worker, the property office) or given after a pause, a call-back or the
  operator's question is taken as the caller's; 数颠倒了 takes the second number as said (the
  caller gives it), not the first one reversed by the reader;
- a text with two places is labelled as the place where the thing happened or is, never where
  the caller parked, shopped, works, lives or is registered, a friend's or relative's house,
  where they were heading, their child's school, or an earlier report's place, whichever comes
  first;
- an OCR or handwriting slip of a look-alike character is read as the character it resembles
  when exactly one registry name is one character away from what was read (乳山巾 is 乳山市,
  黄河咯12丂 is 黄河路12号); a sign read for a digit in a number of two digits or more (1θ8 is
  108, 1З is 13, 2Ч is 24, 1$ is 15, 1T is 17) is that digit;
- 苏州码子 are read digit by digit (〡〢 is 12, 〡〇〨 is 108); a number with its words in brackets
  (12（十二）号, 12号（十二号）) is that number; a zero-padded number (0012号, 012号) is the number
  without its zeros; 十号出头 is 11-13 and 快到五十号了 is 47-49, each labelled as the community
  every door it can mean shares, else the road's township, and in a village the village;
- in a compound: 第二个单元 is entrance 2 (the registry's numbering taken as the order a resident
  counts in); 3号楼（2单元） is building 3 entrance 2; a spot inside an entrance (单元口, 楼顶,
  地下室, 电梯, 楼梯, 门禁) is that entrance; a spot at a building (西山墙, 楼前, 车棚 behind it,
  the whole building's owners) is the building; a spot between two buildings of one compound is
  the compound's community; fields in any order (楼栋：3 单元：2 小区：…) are read by their names;
  a room after an entrance changes nothing;
- a claim number, a case number, an amount, a bus line, a phone number's last digits, a
  sender's number, a row number and a grade in a school notice are not door numbers;
- an insurance claim's 出险地点, a court paper's 送达地址 or 住所地, a school's 家访 or 集合
  address, a dispatcher's pick-up point and a property notice's building are the address; the
  institution's own name (乳山市人民法院, a township's 派出所) says nothing about it;
- a forwarded text's prefixes (转发：, Fw:, 转自…：, 【转】) and a livestream's chatter (主播, 老铁,
  双击, gift notes) say nothing about the place;
- a spreadsheet row or a form is read by its headers, whatever their order (门牌号 / 路名 / 镇街);
- landmarks dictated before a door (a traffic light, a shop, a tree, a gate's colour) only lead
  to it: the door is the label;
- an address in 文登, 海阳, 牟平, 荣成 or 环翠 is not placeable, even when it uses a road, village
  or compound name 乳山 has too, or says the caller is from, lives in, parked in or is
  registered in 乳山, or corrects itself away from 乳山.

Scoring, the placement run and the outcome names are v1's (bench/fresh_addresses.py).

Rule: this set must never be used to tune the matcher; only the aggregate table goes to
docs/benchmarks.md. Per-item misses are written only to the untracked (git-ignored)
var/fresh-addresses-v10/misses.md. Reading them while changing the matcher spends the set.

    python bench/fresh_addresses_v10.py              # measure, write docs/benchmarks.md
    python bench/fresh_addresses_v10.py --no-write   # measure and print only
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.fresh_addresses import OUTSIDE, Item, chinese_number, collect, run_set  # noqa: E402
from bench.fresh_addresses_v9 import _Writer as _Helpers  # noqa: E402
from grid.model import Address, AddressUnit, Registry, UnitKind  # noqa: E402

SEED = 20261212
SET_NAME = "fresh-addresses-v10"
SECTION = "fresh-addresses-v10"
MISSES = ROOT / "var" / "fresh-addresses-v10" / "misses.md"
OUTSIDE_HABIT = "neighbour_outside"

Written = tuple[str, str, str]  # text, truth, precision

# Habit -> how many items (the neighbouring counties are ~8% of the whole).
HABITS: dict[str, int] = {
    "caller_correction": 30,
    "two_places": 30,
    "ocr_handwriting": 24,
    "number_forms": 26,
    "compound_notation": 26,
    "insurance_claim": 22,
    "court_paper": 22,
    "school_notice": 22,
    "dispatch_radio": 22,
    "livestream_comment": 22,
    "forwarded_sms": 22,
    "property_notice": 22,
    "spreadsheet_row": 24,
    "landmark_dictation": 24,
    OUTSIDE_HABIT: 30,
}

# -- phrasing tables (v10's own) ------------------------------------------------------------

ISSUES = (
    "下水道堵了往外返水", "电线杆歪了", "有人往沟里倒油漆", "路牙石塌了", "流浪狗咬人",
    "纸箱子把楼道堵死了", "有人半夜烧纸", "广告牌快掉下来了", "自来水管冻裂了", "沥青路面鼓包",
)  # fmt: skip

# A caller correcting themselves: {w} what was said wrong, {a} the address meant.
FIX_WHOLE = (
    "{w}，哎哟我这脑子，是{a}",
    "{w}……（停了一会儿）……想起来了，是{a}",
    "{w}，说秃噜嘴了，{a}",
    "{w}——打住，重来：{a}",
    "{w}，我把地方弄混了，{a}",
    "话务员：是{w}吗？\n来电人：哦，那不是，{a}",
    "话务员：您确定是{w}？来电人：你这么一问……{a}，{a}没跑",
    "（来电人挂断后又打回来）刚才报的{w}不准，是{a}",
    "网格员转述：群众一开始讲{w}，后来改口，{a}",
    "我邻居托我报的，他先说{w}，刚又发微信过来，是{a}",
    "{w}，我家那口子在边上嘀咕，说是{a}",
    "{w}，嗯……翻了翻手机里拍的门牌照片，是{a}",
)
# Only the number: (form, kind). {u} the road or village, {x} the wrong number, {n} the right.
FIX_NUMBER: tuple[tuple[str, str], ...] = (
    ("{u}{x}号，哎哟我这脑子，{n}号", "any"),
    ("{u}{x}号……你等下，我出去瞅一眼……{n}号", "any"),
    ("{u}{x}号。\n话务员：{x}号是吧？\n来电人：{n}号，{nc}", "any"),
    ("{u}{x}号，说秃噜嘴了，{n}号", "any"),
    ("{u}{x}号，我家老头子说不是{x}，是{nc}号", "any"),
    ("{u}{x}号，数颠倒了，{n}号", "reversed"),
    ("{u}{x}号（来电人稍后补充：门牌看清了，是{n}号）", "any"),
)
# Only the road (the number carries over): {w} the wrong road, {u} the right one.
FIX_ROAD = (
    "{w}{n}号，哎哟我这脑子，路名是{u}",
    "{w}{n}号……（停顿）……路名不是{w}，{u}",
    "话务员：{w}{n}号？\n来电人：{u}，{u}，我把两条路弄混了",
    "邻居转告：刚才报的{w}{n}号路名不准，是{u}",
    "{w}{n}号，说秃噜嘴了，{u}",
)
# Only the township: {w} the wrong township, {t} the right one.
FIX_TOWN = (
    "{w}{u}{n}号，哎哟我这脑子，那片归{t}",
    "{w}{u}{n}号。\n话务员：{w}有这个地方？\n来电人：噢，是{t}的",
    "{w}的{u}{n}号，我妹妹在旁边讲是{t}",
    "{u}{n}号（{w}），弄混了，{t}",
    "{w}{u}{n}号，打住，镇是{t}",
)
# A building or an entrance: (form, what is corrected).
FIX_COMPOUND: tuple[tuple[str, str], ...] = (
    ("{c}{x}号楼{e}单元，哎哟我这脑子，{b}号楼", "building"),
    ("{c}{x}号楼{e}单元。\n话务员：几号楼？\n来电人：{b}号楼，刚才没说准", "building"),
    ("{c}{x}号楼{e}单元，物业的小王说是{b}号楼", "building"),
    ("{c}{b}号楼{x}单元，我下楼看了眼单元牌，{e}单元", "entrance"),
    ("{c}{b}号楼{x}单元，物业说是{e}单元", "entrance"),
    ("{c}{b}号楼{x}单元，说秃噜嘴了，{e}单元", "entrance"),
)

# Two places: (form, what the other place is). {a} where it happened, {b} the other place.
TWO_PLACES: tuple[tuple[str, str], ...] = (
    ("我车停在{b}，走过来的时候在{a}看见{i}", "parked"),
    ("{a}{i}。我的车停在{b}，跟这事没关系", "parked"),
    ("刚在{b}那家店买完东西，出来往回走，{a}{i}", "shop"),
    ("上回我报的是{b}那个事，这回是{a}，{i}", "earlier"),
    ("{a}{i}——上次反映的{b}那个已经修好了，谢谢", "earlier"),
    ("我朋友住{b}，我从他家出来，路过{a}发现{i}", "friend"),
    ("{a}{i}，我是从{b}我二舅家过来的时候看到的", "relative"),
    ("正往{b}赶，半道上{a}{i}", "heading"),
    ("{a}{i}，我要去的是{b}，顺路看见的", "heading"),
    ("{a}{i}，报事人工作单位地址：{b}", "work"),
    ("孩子学校在{b}，今早送完孩子回来，{a}{i}", "school"),
    ("户籍地{b}，现居别处，反映{a}{i}", "register"),
    ("{a}{i}；来电人家住{b}", "home"),
    ("我住{b}，这事不在我们那，是{a}那块{i}", "home"),
)
ON_A_ROAD = ("shop", "work", "school")  # a shop, a workplace or a school is on a road

# OCR of a handwritten form or a photo: look-alike characters and digits no earlier set used.
OCR_CHAR = {
    "市": "巾", "路": "咯", "村": "朴", "镇": "滇", "号": "丂", "楼": "偻", "元": "亓",
    "庄": "庒", "区": "匠", "福": "辐", "康": "慷", "滨": "槟", "河": "呵", "锦": "棉",
    "绣": "诱", "青": "菁", "朝": "期", "银": "跟", "滩": "难", "人": "八", "白": "日",
    "云": "芸", "府": "俯", "场": "杨", "兴": "关", "团": "囤", "结": "桔", "前": "剪",
    "进": "迸", "永": "求", "安": "妥", "纪": "妃", "胜": "腥", "瑞": "揣", "祥": "佯",
    "黄": "寅", "新": "靳", "华": "桦", "花": "苍", "健": "腱", "振": "娠", "春": "眷",
    "晖": "珲", "海": "侮", "景": "璟", "松": "讼", "育": "肓", "迎": "逆", "平": "半",
    "工": "エ", "建": "廷", "金": "余", "岭": "伶", "龙": "庞", "泗": "驷", "格": "胳",
    "甲": "由", "周": "凋", "官": "宦", "崖": "涯", "寨": "赛", "井": "并", "孤": "弧",
    "黎": "犁", "诸": "诺", "往": "注", "徐": "徒", "极": "汲", "政": "故", "庆": "厌",
    "湾": "弯", "浪": "琅", "益": "盆", "碧": "壁", "苑": "范", "观": "规", "颐": "顾",
    "群": "裙", "向": "尚", "怡": "冶", "园": "圆", "润": "闰", "泽": "译", "腾": "藤",
    "达": "迭", "馨": "罄", "静": "睁",
}  # fmt: skip
OCR_DIGIT = {"0": ("θ",), "3": ("З",), "4": ("Ч",), "5": ("$",), "7": ("T",)}
OCR_FORMS = (
    "截图文字提取：{a}",
    "[图片识别] 地址：{a}",
    "快递面单识别→{a}",
    "PDF转文本：{a}",
    "文字识别（可能有误）{a}",
    "手写信访件誊录：{a}",
    "复印件辨认：{a}",
)

# Numbers in new forms. {u} the road or village, {s} the number as written.
SUZHOU = "〇〡〢〣〤〥〦〧〨〩"  # 苏州码子, digit by digit
NUMBER_FRAMES = ("{u}{s}", "地点：{u}{s}", "{u}{s}那里", "{u}、{s}", "{u}{s}，{i}")
# Vague numbers: (form, how it is read). {r} the round number in words.
VAGUE_NUMBERS: tuple[tuple[str, str], ...] = (
    ("{u}{r}号出头", "over"),
    ("{u}，{r}号出头那几家", "over"),
    ("{u}快到{r}号了", "under"),
    ("{u}，还不到{r}号，差几个门", "under"),
)

# Compound notations: (form, what it names). {b}/{e} digits, {ec} the entrance in words.
COMPOUND_FORMS: tuple[tuple[str, str], ...] = (
    ("{c}{b}号楼第{ec}个单元", "entrance"),
    ("{c}{b}号楼（{e}单元）", "entrance"),
    ("{c}{b}号楼{e}单元口", "entrance"),
    ("{c}{b}号楼{e}单元楼顶", "entrance"),
    ("{c}{b}号楼{e}单元地下室", "entrance"),
    ("{c}{b}号楼{e}单元电梯里", "entrance"),
    ("{c}{b}号楼{e}单元{f}楼到{f2}楼的楼梯", "entrance"),
    ("楼栋：{b} 单元：{e} 小区：{c}", "entrance"),
    ("{c}{b}号楼{e}单元门禁", "entrance"),
    ("{c}{b}号楼西山墙", "building"),
    ("{c}{b}号楼楼前", "building"),
    ("{c}{b}号楼后边的车棚", "building"),
    ("{c}{b}号楼整栋", "building"),
    ("{c}{b}号楼跟{b2}号楼中间", "between"),
)

# An insurance claim: {a} the address, {k} a claim number, {m} an amount, {d} a day.
CLAIMS = (
    "【车险报案】出险地点：{a}；出险经过：倒车时剐蹭路边石墩",
    "报案号RA{k} 出险时间：12月{d}日 出险地点：{a}",
    "家财险理赔申请 受损标的地址：{a}，损失原因：水管爆裂，估损{m}元",
    "查勘员：已到达现场（{a}），正在拍照定损",
    "理赔材料：事故发生于{a}，报案人{n}，联系电话{p}",
    "出险地址 {a} / 出险原因 暴雨 / 估损金额 {m}元",
)
# A court's or a police station's paper: {a} the address, {k} a case number, {n} a name.
COURT = (
    "送达地址确认书：受送达人{n}，送达地址{a}",
    "传票 案号（2026）鲁1083民初{k}号 被告住址：{a}",
    "执行通知书 被执行人住所地：{a}",
    "公告送达：因无法直接送达，现向住{a}的{n}公告送达起诉状副本",
    "民事调解书（节选）：原告{n}，住{a}",
    "派出所传唤通知：请{n}（住{a}）于明日上午到所接受询问",
)
# A school's notice to parents: {a} the address, {n} a pupil, {g} a grade.
SCHOOL = (
    "家长您好：本周家访安排，{n}同学家（{a}），周三下午",
    "【放学接送点调整】即日起{g}年级接送点改到{a}门口",
    "学生信息登记 家庭住址：{a} 监护人：{n}家长",
    "致家长的一封信：近期{a}门前施工，请提醒孩子绕行",
    "班级群通知：研学集合地点改在{a}，7:30准时出发",
    "防溺水排查：{a}院里有个蓄水池，请家长看管好孩子",
)
PUPILS = ("小宇", "欣怡", "浩然", "子涵", "一诺")
# A taxi or bus dispatcher's radio: {a} the address, {k} a bus line, {q} four tail digits.
RADIO = (
    "各车注意各车注意，{a}有乘客叫车，哪位师傅顺路请回答",
    "二号台收到，我在{a}，这儿{i}，请求调度",
    "调度调度，{k}路车在{a}这儿被堵住了，{i}",
    "台里台里，{a}门口有人招手，哪个车近去一趟",
    "呼叫中心：{a}，乘客尾号{q}，五分钟到",
    "对讲：师傅们注意，{a}那块{i}，绕着走",
)
# A livestream comment: {a} the address, {i} the issue.
LIVESTREAM = (
    "主播主播，{a}{i}，快去看看",
    "[弹幕] 我家就在{a}！！{i}好久了",
    "老铁们，{a}{i}，双击让更多人看到",
    "@主播 这不是{a}吗？{i}",
    "直播间评论：{a}有没有人管管，{i}",
    "（送出小心心×3）{a}{i}",
    "坐标：{a}，{i}，蹲一个回复",
)
# A text forwarded several times: {a} the address, {i} the issue, {n}/{n2} senders.
FORWARDED = (
    "转发：转发：【网格通知】{a}{i}，请核实",
    "Fw: Fw: 地址{a}，{i}",
    "转自妈妈：转自三姨：{a}{i}，谁认识管事的",
    "【转】【转】{a}{i}，扩散！",
    "----- 转发的短信 -----\n发件人：1069{q}\n{a}{i}",
    "转发{n}的消息 >> 转发{n2}的消息 >> {a}{i}",
    "[聊天记录] {n}：{a}{i}\n{n2}：收到，转给网格员了",
)
# A property manager's notice: {c} the compound, {b}/{e} building and entrance, {r} a room.
PROPERTY_ENTRANCE = (
    "【物业通知】因管道检修，{c}{b}号楼{e}单元明天上午停水，请各位业主提前储水",
    "温馨提示：{c}{b}号楼{e}单元电梯年检，暂停使用一天",
    "{c}物业服务中心公告：{b}号楼{e}单元楼道杂物请于本周内清理",
    "{c}物业：{b}号楼{e}单元门禁故障，已报修",
    "{c}{b}号楼{e}单元{r}室业主：您家空调外机滴水影响楼下，请尽快处理——物业",
)
PROPERTY_BUILDING = (
    "致{c}{b}号楼全体业主：楼顶防水施工，请勿上楼顶",
    "{c}物业提醒：{b}号楼外墙保温层脱落，楼下请勿停车",
)
# A spreadsheet row or a form with its fields in the wrong order.
ROW_DOOR = (
    "门牌号\t路名\t镇街\n{n}\t{u}\t{t}",
    "序号 | 事件 | 门牌 | 街路巷 | 镇\n{k} | {i} | {n} | {u} | {t}",
    "镇（街道）：{t}；门牌：{n}；街路巷：{u}",
    "镇\t门牌\t路\n{t}\t{n}\t{u}",
)
ROW_VILLAGE = (
    "门牌：{n}  村（社区）：{v}  镇（街道）：{t}",
    "序号,门牌号,村名,镇名\n{k},{n},{v},{t}",
    "户号 {n} ／ 所在村 {v} ／ 乡镇 {t}",
)
ROW_ENTRANCE = ("单元：{e}；楼号：{b}；小区：{c}", "单元\t楼\t小区\n{e}\t{b}\t{c}")
# Landmarks dictated before the door: {u} the road, {n} the number, {v} a village.
LANDMARK_ROAD = (
    "{u}上，过了红绿灯往前，路{side}有个小卖部，小卖部再往前第二家，{n}号",
    "{u}那个小桥下来，右手边，蓝色大铁门，{n}号",
    "{u}{n}号，门口有俩石狮子，隔壁是个洗车的",
    "沿着{u}一直走，看见一个废品收购站，收购站过去就是，门牌{n}号",
    "{u}，有个卖煎饼的摊子，摊子后面那家，{n}号",
)
LANDMARK_VILLAGE = (
    "{v}，进村第一个路口往里拐，门口有棵大槐树，{n}号",
    "{v}，村委大喇叭底下往{side}数第三家，{n}号",
    "{v}，挨着麦场的那户，红瓦房，{n}号",
)
LANDMARK_COMPOUND = (
    "{c}，进大门直走，过了健身器材，{b}号楼{e}单元",
    "{c}，从北门进去左手第二排，{b}号楼{e}单元",
)
SIDES = ("东", "西", "南", "北")

# Real places of the neighbouring counties: (county, short, city, townships).
NEIGHBOURS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("文登区", "文登", "威海市", ("龙山街道", "环山街道", "米山镇", "张家产镇", "泽库镇")),
    ("海阳市", "海阳", "烟台市", ("方圆街道", "东村街道", "留格庄镇", "发城镇", "小纪镇")),
    ("牟平区", "牟平", "烟台市", ("宁海街道", "大窑街道", "姜格庄街道", "水道镇", "高陵镇")),
    ("荣成市", "荣成", "威海市", ("崖头街道", "城西街道", "宁津街道", "俚岛镇", "成山镇")),
    ("环翠区", "环翠", "威海市", ("环翠楼街道", "竹岛街道", "鲸园街道", "张村镇", "桥头镇")),
)  # fmt: skip
NEIGHBOUR_FORMS = (
    "【车险报案】出险地点：{county}{t}{u}{n}号",
    "{short}{t}{v}{nv}号，我是乳山人，来走亲戚碰上的，{i}",
    "各车注意，{county}{t}{u}{n}号有人叫车，乳山回来的车顺路捎一下",
    "主播，{short}{t}{c}{b}号楼{e}单元{i}，不是乳山那个{c}",
    "转发：转发：{city}{county}{t}{u}{n}号{i}",
    "送达地址：{county}{t}{v}{nv}号（户籍地：乳山市{home}）",
    "{county}{t}{c}物业：{b}号楼{e}单元明天停水",
    "门牌号\t路名\t区县\n{n}\t{u}\t{county}",
    "{short}{t}{u}上，过了红绿灯第二家，{n}号",
    "乳山市{u}{n}号，哎哟我这脑子，是{short}的{u}，不在乳山",
    "话务员：是乳山的{u}吗？\n来电人：不是，{county}{t}的，{n}号",
    "我车停在乳山市{home}，出事是在{county}{t}{u}{n}号，{i}",
    "截图文字提取：{county}{t}{v}{nv}号",
    "家访地址：{county}{t}{v}{nv}号（孩子在乳山上学）",
    "传票 被告住址：{city}{county}{t}{c}{b}号楼{e}单元",
)
# Township names 乳山 has that a neighbour text must not spell out by accident.
RUSHAN_TOWNSHIP_SLIPS = ("海阳所", "乳山口", "乳山寨")


class _Writer(_Helpers):
    """v9's helpers (places, doors, the check that a text holds no other registry name);
    v10's habits."""

    # -- small helpers ------------------------------------------------------------------
    def _name(self) -> str:
        return self._pick(("于", "丛", "宫", "姜", "隋", "车", "曲", "鞠")) + self._pick(
            ("某", "女士", "先生", "某某")
        )

    def _digits(self, k: int) -> str:
        return "".join(self.rng.choices("0123456789", k=k))

    def _plain(self) -> tuple[AddressUnit, Address, str]:
        """A door on a road or in a village written plainly (no compound)."""
        unit, where = self._place()
        door = self._door(unit)
        return unit, door, f"{where}{door.number}号"

    def _vague_ok(self, text: str, unit: AddressUnit, numbers: list[int]) -> Written | None:
        truth, precision = self._vague(unit, numbers)
        return (text, truth, precision) if self._ok(text, unit) else None

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
            form, kind = rng.choice(FIX_NUMBER)
            if kind == "reversed":
                door = self._door(unit, low=12)
                n = door.number or 0
                x = int(str(n)[::-1])
                if n >= 100 or n % 10 == 0 or x == n or x not in self._numbers(unit):
                    return None
            else:
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

    def _numbers(self, unit: AddressUnit) -> set[int]:
        return {a.number for a in self.ix.doors[unit.id] if a.number is not None}

    def two_places(self) -> Written | None:
        unit, door, address = self._address()
        other, _, elsewhere = self._address()
        form, kind = self.rng.choice(TWO_PLACES)
        if other.id == unit.id or (kind in ON_A_ROAD and other.kind is not UnitKind.ROAD):
            return None
        text = form.format(a=address, b=elsewhere, i=self._pick(ISSUES))
        return self._written(text, unit, door.id, *self.p.meant(other))

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
            rounds = [x for x in range(10, 160, 10) if x + 3 <= top and x != 100]
            if not rounds:
                return None
            r = rng.choice(rounds)
            numbers = list(range(r + 1, r + 4)) if kind == "over" else list(range(r - 3, r))
            text = form.format(u=where, r=chinese_number(r))
            return self._vague_ok(text, unit, numbers)
        style = rng.choice(("suzhou", "suzhou", "bracket", "bracket", "zero"))
        door = self._door(unit, low=2 if style == "zero" else 1)
        n = door.number or 0
        if style == "suzhou":
            spelt = "".join(SUZHOU[int(d)] for d in str(n)) + "号"
        elif style == "bracket":
            spelt = self._pick((f"{n}（{chinese_number(n)}）号", f"{n}号（{chinese_number(n)}号）"))
        else:
            spelt = self._pick((f"{n:04d}号", f"{n:03d}号", f"门牌{n:04d}"))
            if spelt.startswith(str(n)):  # no zero in front: not this form
                return None
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
        f = rng.randint(1, 5)
        text = form.format(c=name, b=b, e=e, ec=chinese_number(e), f=f, f2=f + 1)
        return self._written(text, unit, door.id)

    def insurance_claim(self) -> Written | None:
        unit, door, address = self._address(entrance=0.2)
        text = self._pick(CLAIMS).format(
            a=address,
            k=f"{self._digits(4)}2026{self._digits(6)}",
            m=self.rng.choice((800, 1500, 3200, 6000, 12000)),
            d=self.rng.randint(1, 28),
            n=self._name(),
            p=self._masked(),
        )
        return self._written(text, unit, door.id)

    def court_paper(self) -> Written | None:
        unit, door, address = self._address(entrance=0.2)
        text = self._pick(COURT).format(a=address, k=self.rng.randint(100, 4999), n=self._name())
        return self._written(text, unit, door.id)

    def school_notice(self) -> Written | None:
        unit, door, address = self._address(entrance=0.3)
        text = self._pick(SCHOOL).format(a=address, n=self._pick(PUPILS), g=self.rng.randint(1, 6))
        return self._written(text, unit, door.id)

    def dispatch_radio(self) -> Written | None:
        unit, door, address = self._plain()
        text = self._pick(RADIO).format(
            a=address, i=self._pick(ISSUES), k=self.rng.randint(1, 12), q=self._digits(4)
        )
        return self._written(text, unit, door.id)

    def livestream_comment(self) -> Written | None:
        unit, door, address = self._address(entrance=0.2)
        return self._written(
            self._pick(LIVESTREAM).format(a=address, i=self._pick(ISSUES)), unit, door.id
        )

    def forwarded_sms(self) -> Written | None:
        unit, door, address = self._address(entrance=0.2)
        n, n2 = self._name(), self._name()
        if n == n2:
            return None
        text = self._pick(FORWARDED).format(
            a=address, i=self._pick(ISSUES), n=n, n2=n2, q=self._digits(8)
        )
        return self._written(text, unit, door.id)

    def property_notice(self) -> Written | None:
        if self.rng.random() < 0.25:
            unit, door = self._building()
            form = self._pick(PROPERTY_BUILDING)
        else:
            unit, door = self._entrance()
            form = self._pick(PROPERTY_ENTRANCE)
        text = form.format(
            c=self._compound_name(unit), b=door.building, e=door.entrance, r=self._room()
        )
        return self._written(text, unit, door.id)

    def spreadsheet_row(self) -> Written | None:
        rng = self.rng
        roll = rng.random()
        k = rng.randint(1, 40)
        if roll < 0.2:
            unit, door = self._entrance()
            text = self._pick(ROW_ENTRANCE).format(
                c=self._compound_name(unit), b=door.building, e=door.entrance
            )
            return self._written(text, unit, door.id)
        if roll < 0.55:
            unit = rng.choice(self.p.in_town)
            door = self._door(unit)
            text = self._pick(ROW_VILLAGE).format(
                n=door.number, v=unit.name, t=self._town(unit.township), k=k
            )
            return self._written(text, unit, door.id)
        unit = rng.choice(self.p.roads)
        door = self._door(unit)
        text = self._pick(ROW_DOOR).format(
            n=door.number, u=unit.name, t=self._town(unit.township), k=k, i=self._pick(ISSUES)
        )
        return self._written(text, unit, door.id)

    def landmark_dictation(self) -> Written | None:
        rng = self.rng
        roll = rng.random()
        side = self._pick(SIDES)
        if roll < 0.15:
            unit, door = self._entrance()
            text = self._pick(LANDMARK_COMPOUND).format(
                c=self._compound_name(unit), b=door.building, e=door.entrance
            )
            return self._written(text, unit, door.id)
        if roll < 0.45:
            unit, where = self._village()
            door = self._door(unit)
            text = self._pick(LANDMARK_VILLAGE).format(v=where, n=door.number, side=side)
            return self._written(text, unit, door.id)
        unit, where = self._road()
        door = self._door(unit)
        text = self._pick(LANDMARK_ROAD).format(u=where, n=door.number, side=side)
        return self._written(text, unit, door.id)

    def neighbour_outside(self) -> Written | None:
        rng = self.rng
        county, short, city, townships = rng.choice(NEIGHBOURS)
        _, _, home = self._address(entrance=0.2)
        n, nv = rng.randint(1, 150), rng.randint(1, 60)
        text = self._pick(NEIGHBOUR_FORMS).format(
            county=county,
            short=short,
            city=city,
            t=self._pick(townships),
            u=rng.choice(self.p.roads).name,  # a road name 乳山 has too
            v=rng.choice(self.ix.villages).name,  # a village name 乳山 has too
            c=rng.choice(self.p.compounds).name,  # a compound name 乳山 has too
            n=n,
            nv=nv,
            b=rng.randint(1, 8),
            e=rng.randint(1, 3),
            home=home,
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
        "## Address placement on a tenth fresh set (v10)",
        "",
        "Command: `python bench/fresh_addresses_v10.py`",
        "",
        f"Run: {run}, CPython {sys.version.split()[0]}. Set `{SET_NAME}`"
        f" (bench/fresh_addresses_v10.py, seed {SEED}), generated from demo registry"
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
        " number, the road, the township, a building or an entrance in new words (哎哟我这脑子,"
        " 说秃噜嘴了, 打住，重来, 我把地方弄混了, 数颠倒了), after a pause, a call-back or the"
        " operator's question, or relayed by a spouse, a neighbour, a grid worker or the"
        " property office; two_places, where it happened and where the caller parked, shopped,"
        " works, lives or is registered, a friend's or an uncle's house, where they were"
        " heading, their child's school or an earlier report's place, in both orders;"
        " ocr_handwriting, OCR look-alikes no earlier set used (巾 for 市, 咯 for 路, 朴 for 村,"
        " 滇 for 镇, 丂 for 号, 偻 for 楼, 亓 for 元, 庒 for 庄 and more; θ, З, Ч, $, T for"
        " digits); number_forms, 苏州码子 (〡〢号), 12（十二）号, 0012号, and vague 十号出头,"
        " 快到五十号了; compound_notation, 3号楼第二个单元, 3号楼（2单元）, 2单元口, 2单元楼顶,"
        " 地下室, 电梯里, 楼梯, fields 楼栋：3 单元：2 小区：…, 西山墙, 楼前, 车棚, 整栋, and"
        " 3号楼跟5号楼中间; insurance_claim, a claim's 出险地点; court_paper, a court's or police"
        " station's 送达地址, 传票, 住所地; school_notice, a school's notice to parents;"
        " dispatch_radio, a taxi or bus dispatcher's radio call; livestream_comment, a"
        " livestream comment; forwarded_sms, a text forwarded several times with its prefixes;"
        " property_notice, a property manager's notice; spreadsheet_row, a spreadsheet row or"
        " form with its fields in the wrong order; landmark_dictation, landmarks dictated before"
        " the door; neighbour_outside, an address in 文登/海阳/牟平/荣成/环翠 with a road, village"
        " or compound name 乳山 has too, in the same habits, some naming 乳山 as well.",
        "",
        "Labels a reader may dispute: a correction is the corrected address, and what it does"
        " not repeat carries over from what was said before (a corrected road keeps the"
        " number, a corrected township the road or village and number, a corrected building"
        " the entrance, a corrected entrance the building); a correction relayed by someone"
        " else, or given after a pause, a call-back or the operator's question, is taken as the"
        " caller's, and after 数颠倒了 the number said second is the door; of two places, the"
        " label is where it happened, never where the caller parked, shopped, works, lives or"
        " is registered, a friend's or relative's house, the destination, the school or an"
        " earlier report's place; an OCR slip is read as meant only when exactly one registry"
        " name is one character from what was read, and a sign for a digit (1θ8, 1З, 2Ч, 1$,"
        " 1T) is that digit; 苏州码子 are read digit by digit, a number with its words in"
        " brackets is that number, 0012号 is 12; 十号出头 is 11-13 and 快到五十号了 47-49, each"
        " the community every door it can mean shares, else the road's township, and in a"
        " village the village; in a compound 第二个单元 is entrance 2 (the registry's numbering"
        " taken as a resident's count), a spot inside an entrance (单元口, 楼顶, 地下室, 电梯,"
        " 楼梯, 门禁) is the entrance, a spot at a building (西山墙, 楼前, 车棚, the whole"
        " building) is the building, a spot between two buildings is the compound's community,"
        " and fields are read by their names in any order; claim and case numbers, amounts,"
        " bus lines, tail digits, sender numbers, row numbers and grades are not door numbers;"
        " an institution's own name (乳山市人民法院, a 派出所), forwarding prefixes and"
        " livestream chatter say nothing about the place; a spreadsheet row is read by its"
        " headers; landmarks before a door only lead to it; an address in a neighbouring county"
        " is not placeable, even with a 乳山 name, or when the caller is from, lives, parked or"
        " is registered in 乳山, or corrects it away from 乳山.",
        "",
    ]


def main(argv: list[str] | None = None) -> None:
    run_set(
        argv, __doc__ or "", build_set, _prose, section=SECTION, misses=MISSES,
        set_name=SET_NAME, habits=HABITS, outside=OUTSIDE_HABIT,
    )  # fmt: skip


if __name__ == "__main__":
    main()
