"""A thirteenth fresh labelled address set for 乳山市 (v13), and one measurement of placement on it.

How it was written: truths are picked from the demo registry with a seeded ``random.Random``
(doors on roads and in villages, entrances in compounds, villages), then each truth is written
the way people in a Chinese county write or say an address, with the weight on the hardest
habits: two or three places in one text, of which one is the incident's and the others belong
to people or things (where the caller rents, a mother-in-law's or parents-in-law's home, the
caller's home, household register, work or child's school, a shop the caller runs, a parcel's
or contact address, where the car was left, a destination or an origin, a witness's address, a
previous report's place, where the caller is now, the clinic someone was taken to), in every
order (the incident's place first, last or in the middle), with the incident's description
right after its place or in a sentence of its own; a caller correcting themselves in words no
earlier set used (不不不, 错啦, 收回, a silence of some seconds, a call that dropped and was
rung back, a check on the next day, a grid worker, a granddaughter or a building steward
relaying; the whole address, the number, the road, the township, the building, the entrance);
addresses in the neighbouring counties (文登, 海阳, 牟平, 荣成, 环翠) written with road, village
and compound names 乳山 has too, many naming 乳山 in another role (where the caller comes from
or lives, a 鲁K plate, a 乳山 bride or grandmother, goods hauled from 乳山, a correction away
from 乳山); ordinary single-place reports as grid workers and citizens write them every day,
with numbers that are not doors (floors, dates, times, parking spaces, stall numbers, counts,
phone tails, bus lines) and other counties named in passing without placing anything there
(海阳饭店, 文登的车, 往荣成方向, 司机是海阳人); and five kinds of writing no earlier set had: a
grid worker's household visit record (入户走访), a flood-season patrol record (防汛巡查), a
report of a long-abandoned vehicle (僵尸车) with its plate, a report of a wedding, funeral or
banquet spilling onto the street (红白事), and a lift entrapment, fault or maintenance notice
(电梯) in a compound. The phrasing tables are new (none is taken from the earlier sets), and
the writing follows the habits, not the matcher: no item was written, kept, dropped or
relabelled by calling the matcher or by reading its code, its rules, its tests or its other
test sets.

Labels come from the registry alone, as a careful human who knows the registry would give
them: the standard address when the door is unambiguous, else the deepest unambiguous place
(village/community) at that precision; an item outside the county is "not placeable". An
item whose label the registry leaves ambiguous is dropped, never relabelled: a village name the
county has twice written without its township (or twice in one township), a text (the frame,
the other places of a two-place text, the wrong place of a correction, a name, a shop or a
plate) that holds a registry name the address does not mean.

Labelling conventions a reader may dispute (the earlier sets' where a habit overlaps, stated
again):

- a text with two or three places is labelled as the place where the thing happened or is,
  wherever it stands in the text (first, last or between the others) and whether its
  description follows it at once or in a sentence of its own; never where the caller rents,
  lives, is registered, works, runs a shop, sends children to school, left the car, set out
  from or is heading to, nor an in-law's home, a parcel's or contact address, a witness's
  address, a previous report's place, where the caller is now, or the clinic someone was
  taken to;
- a correction is labelled as the corrected address, whatever registry place the wrong one
  names; what it does not repeat carries over from what was said before it (the number when
  only the road is corrected, the road or village when only the number is, the road or village
  and the number when only the township is, the entrance when only the building is and the
  building when only the entrance is). A correction relayed by someone else (a grid worker, a
  granddaughter, a building steward), made after a silence, after a dropped call was rung
  back, or on the next day is taken as the caller's;
- an address in 文登, 海阳, 牟平, 荣成 or 环翠 is not placeable, even when it uses a road, village
  or compound name 乳山 has too, or says the caller is from or lives in 乳山, the car carries a
  鲁K plate (all of 威海 does) or is a 乳山 car, the bride, the grandmother or the householder
  is from 乳山, the goods came from 乳山, it is not the 乳山 village of that name, or it
  corrects itself away from 乳山;
- in a report's frame, floors (3楼), dates (12月18号, 18日), times, parking spaces (B2-15号车位),
  stall numbers (17号摊位), counts, ages, phone tails, bus lines (5路), plates, lift
  registration codes and rainfall or water depths are not door numbers, even when written
  with 号; a door's own number is the one written right after its road or village;
- a neighbouring county named in passing (a restaurant called 海阳饭店 at the door, a car from
  文登, a lorry heading towards 荣成, a driver from 海阳, a crew from 环翠, a vegetable van from
  牟平) places nothing there: the report is labelled as its one 乳山 place;
- a flood patrol's low ground named by its village with no door (X村低洼地带) is that village;
  a lift notice names the entrance the lift serves (its floors are not doors); a household
  visit, an abandoned vehicle and a wedding or funeral are labelled as the door or entrance
  written.

Scoring, the placement run and the outcome names are v1's (bench/fresh_addresses.py).

Rule: this set must never be used to tune the matcher; only the aggregate table goes to
docs/benchmarks.md. Per-item misses are written only to the untracked (git-ignored)
var/fresh-addresses-v13/misses.md. Reading them while changing the matcher spends the set.

    python bench/fresh_addresses_v13.py              # measure, write docs/benchmarks.md
    python bench/fresh_addresses_v13.py --no-write   # measure and print only
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
from grid.model import Registry  # noqa: E402

SEED = 20261215
SET_NAME = "fresh-addresses-v13"
SECTION = "fresh-addresses-v13"
MISSES = ROOT / "var" / "fresh-addresses-v13" / "misses.md"
OUTSIDE_HABIT = "neighbour_outside"

Written = tuple[str, str, str]  # text, truth, precision

# Habit -> how many items (the neighbouring counties are ~12% of the whole).
HABITS: dict[str, int] = {
    "two_places": 60,
    "caller_correction": 40,
    "plain_reports": 60,
    "household_visit": 24,
    "flood_patrol": 24,
    "abandoned_vehicle": 24,
    "red_white_event": 24,
    "lift_notice": 24,
    OUTSIDE_HABIT: 40,
}

# -- phrasing tables (v13's own) ------------------------------------------------------------

ISSUES = (
    "马路牙子叫大车压碎了", "窨井往外冒黑水", "有人半夜往沟里撒农药瓶子", "电线耷拉到人头高",
    "围墙裂了道大缝", "一窝马蜂挂在房檐下", "路边的消防栓漏水", "有人私搭了个铁皮棚子",
    "猪圈的粪水淌到路上", "树杈子压在电线上",
)  # fmt: skip

# Two or three places: (form, what the other places are). {a} where it happened, {i} what
# happened, {b} and {c2} the other places.
TWO_PLACES: tuple[tuple[str, str], ...] = (
    ("{a}{i}。打电话的是租{b}房子的，不是那片的住户", "rent"),
    ("俺丈母娘家在{b}，今儿去走亲戚，经过{a}，看见{i}", "inlaws"),
    ("俺在{b}上班，下了班回{c2}，走到{a}那儿{i}", "work_home"),
    ("在{a}看见{i}，这会儿人已经到{b}了", "now"),
    ("孩子在{b}念书，接孩子那会儿在{a}看见的：{i}", "school"),
    ("{a}。说的就是那儿，{i}。俺自己在{b}开修车铺", "shop"),
    ("快递单上的地址是{b}，别往那派；出事的是{a}，{i}", "parcel"),
    ("俺从{b}出来，{a}{i}，俺这会儿在{c2}等车", "origin_now"),
    ("联系地址写{b}就行。事发地{a}。{i}", "contact"),
    ("{a}{i}，{b}的老姜也看见了，他能作证", "witness"),
    ("{b}那单上礼拜办结了，新的一单：{a}{i}", "earlier"),
    ("人送到{b}的诊所去了，伤着人的地方是{a}，{i}", "hospital"),
    ("俺公婆住{b}，俺住{c2}，{a}{i}，跟两家都不沾边", "inlaws_home"),
    ("户口落在{b}，租的房在{c2}，反映的是{a}，那儿{i}", "register_rent"),
    ("往{b}送货，打{c2}出发的，{a}{i}", "destination_origin"),
    ("{a}{i}。俺不住那儿，俺家{b}，单位在{c2}", "home_work"),
    ("俺家{b}，{a}{i}，俺对象在{c2}上班，是她先瞧见的", "home_work"),
    ("打{b}来，在{a}停了停，看见{i}，要上{c2}去", "origin_destination"),
    ("今天去{b}交材料，回来路过{a}。{i}", "destination"),
    ("{a}{i}，请回电；俺的收货地址是{b}", "parcel"),
    ("车撂在{b}了，俺在{a}下的车。{i}", "car"),
    ("俺是{b}的，{a}{i}，{c2}的小宫跟俺一块看着的", "home_witness"),
)

# A caller correcting themselves: {w} what was said wrong, {a} the address meant.
FIX_WHOLE = (
    "{w}，不不不，{a}",
    "{w}……（沉默了十几秒）……{a}，刚才脑袋一懵",
    "{w}，错啦错啦，{a}",
    "网格员小姜帮着转：大娘先报的{w}，那是她娘家，她家在{a}",
    "{w}\n（次日补充）昨天留的地址不准，实际是{a}",
    "{w}，收回收回，{a}",
    "俺孙女接过电话说：奶奶报的{w}是老黄历了，现在住{a}",
    "{w}\n（通话中断，回拨后）来电人：地址是{a}",
)
# Only the number. {u} the road or village, {x} the wrong number, {n} the right one.
FIX_NUMBER = (
    "{u}{x}号，不不不，{n}号",
    "{u}{x}号……（沉默了一会儿）……{n}号",
    "{u}{x}号，收回，{n}号",
    "{u}{x}号，错啦，{nc}号",
    "{u}{x}号\n（通话中断，回拨后）来电人称是{n}号",
    "{u}{x}号，俺孙女看了一眼快递面单，{n}号",
)
# Only the road (the number carries over): {w} the wrong road, {u} the right one.
FIX_ROAD = (
    "{w}{n}号，不不不，路叫{u}",
    "{w}{n}号，错啦，{u}",
    "{w}{n}号……（沉默了一会儿）……是{u}，那条路俺老叫混",
    "{w}{n}号\n（次日补充）路名实为{u}",
    "网格员小姜转：他讲的{w}{n}号，路名其实是{u}",
)
# Only the township: {w} the wrong township, {t} the right one.
FIX_TOWN = (
    "{w}{u}{n}号，不不不，{t}",
    "{w}{u}{n}号，错啦，那地方属{t}管",
    "{w}{u}{n}号\n（通话中断，回拨后）镇街是{t}",
    "{w}{u}{n}号……（沉默了一会儿）……{t}的",
    "网格员小姜转：大爷讲的{w}，他家{u}{n}号归{t}",
)
# A building or an entrance: (form, what is corrected).
FIX_COMPOUND: tuple[tuple[str, str], ...] = (
    ("{c}{x}号楼{e}单元，不不不，{b}号楼", "building"),
    ("{c}{x}号楼{e}单元\n（次日补充）楼号实为{b}号楼", "building"),
    ("{c}{x}号楼{e}单元，楼长在旁边说，是{b}号楼", "building"),
    ("{c}{b}号楼{x}单元，错啦，{e}单元", "entrance"),
    ("{c}{b}号楼{x}单元……（沉默了一会儿）……{e}单元", "entrance"),
    ("{c}{b}号楼{x}单元\n（通话中断，回拨后）是{e}单元", "entrance"),
)

# Ordinary single-place reports: {a} the address; the other fields are numbers that are not
# doors ({f} floor, {d} day, {h} hour, {mi} minute, {p} parking space, {st} stall, {k} count,
# {tail} phone tail, {bus} bus line) or another county named in passing.
PLAIN = (
    "{a}，{f}楼楼道灯坏了{k}天了",
    "{a}门口下水井盖丢了，12月{d}号下午发现的",
    "{a}地下车库B2-{p}号车位顶上渗水",
    "{a}门前早市，{st}号摊位把鱼摊摆到了马路上",
    "{a}路灯不亮，晚上{h}点以后漆黑一片",
    "{a}门口堆着{k}袋装修垃圾",
    "{a}，{i}，联系人手机尾号{tail}",
    "{a}门口的{bus}路公交站牌叫车撞歪了",
    "{a}开的海阳饭店，后厨油烟直排",
    "{a}门口停了辆文登的车，{k}天没挪窝",
    "{a}门前，往荣成方向去的渣土车掉了一地土",
    "{a}，撞了护栏的司机是海阳人，车拖走了，护栏还倒着",
    "{a}门口，牟平来的卖菜车天天占道",
    "{a}，{h}点{mi}分有人在路边烧纸，烟很大",
    "{d}日早上{h}点巡查：{a}，{i}",
    "{a}{i}，已经打了{k}回电话了",
    "{a}，{f}楼住户往楼下扔垃圾",
    "{a}门前{k}棵树叫风刮倒了",
    "{a}，{i}，说是环翠来的施工队干的",
    "{a}{i}，尾号{tail}的大姐反映的",
    "今天{h}:{mi}，{a}，{i}",
    "{a}，坐{bus}路车的老人说{i}",
)
NEIGHBOUR_NAMES = ("海阳", "文登", "荣成", "牟平", "环翠")

# A grid worker's household visit: {a} the address, {k}/{k2} counts, {age} an age.
HOUSEHOLD = (
    "入户走访｜户主：{nm}｜住址：{a}｜在家人口：{k}人｜备注：{i}",
    "走访{a}，户里{k}口人，老人{k2}个，反映{i}",
    "【入户排查】{a}，独居老人，今年{age}岁，{i}",
    "网格员走访：{a}，联系电话尾号{tail}，{i}",
    "第{k}户：{a}，租户{k2}人，已登记",
)
# A flood-season patrol: {a} the address, {cm} a depth, {mm} rainfall, {fi} what was found.
FLOOD = (
    "防汛巡查：{a}门前积水约{cm}厘米深，{fi}",
    "【汛期隐患】{a}，今天雨量{mm}毫米，{fi}",
    "{h}:{mi} 防汛值班：{a}地下室进水，已调{k}台水泵",
    "防汛巡查记录：{a}，{fi}，巡查人{nm}",
)
FLOOD_VILLAGE = (
    "{v}低洼地带{k}户进水，{fi}",
    "防汛巡查：{v}南边河道水涨了{cm}公分，{fi}",
)
FLOOD_ISSUES = ("下水口堵了排不出去", "墙根塌了个口子", "院墙泡倒了一段", "沙袋不够用")
# An abandoned vehicle: {a} the address, {pl} a plate.
ABANDONED = (
    "僵尸车：{pl}，停在{a}门口{k}个多月了",
    "{a}跟前一辆没牌的面包车，轮胎瘪了{k}个，好几年没人动",
    "【长期占道车辆】车牌：{pl}｜位置：{a}｜停放时长：约{k}天",
    "{a}，{pl}天天停人行道上，车主电话尾号{tail}",
    "{a}门口那辆{pl}落满了灰，{k}年没挪过",
)
# A wedding, funeral or banquet on the street: {a} the address, {d} a day.
RED_WHITE = (
    "{a}{nm}家12月{d}号办喜事，门口搭大棚占了半条路",
    "{a}老人过世，{d}号出殡，灵棚搭到了路上",
    "{a}办满月酒，摆了{k}桌，车停得满街都是",
    "{a}，明天（{d}号）嫁闺女，放鞭炮的碎纸没人扫",
    "{a}乔迁请客，{k}辆车堵在门口",
    "白事：{a}，{d}号起灵，吹鼓手从早上{h}点吹到天黑",
)
# A lift in a compound: {c} the compound, {b}/{e} building and entrance, {f} a floor.
LIFT = (
    "{c}{b}号楼{e}单元电梯困人，卡在{f}楼和{f1}楼中间，里头{k}个人",
    "电梯维保通知：{c}{b}号楼{e}单元电梯{d}日{h}:00-{h2}:00停运检修",
    "{c}{b}号楼{e}单元的电梯，注册代码3710{code}，年检过期了",
    "【电梯报修】{c}{b}号楼{e}单元，{f}楼厅门关不上",
    "{c}{b}号楼{e}单元电梯{f}楼的按钮不好使，老人上不去楼",
)

# Real places of the neighbouring counties: (county, short, city, townships).
NEIGHBOURS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("文登区", "文登", "威海市", ("龙山街道", "泽头镇", "侯家镇", "宋村镇", "大水泊镇")),
    ("海阳市", "海阳", "烟台市", ("东村街道", "方圆街道", "朱吴镇", "发城镇", "二十里店镇")),
    ("牟平区", "牟平", "烟台市", ("宁海街道", "武宁街道", "姜格庄街道", "观水镇", "莒格庄镇")),
    ("荣成市", "荣成", "威海市", ("崖头街道", "港湾街道", "石岛管理区", "人和镇", "上庄镇")),
    ("环翠区", "环翠", "威海市", ("孙家疃街道", "环翠楼街道", "皇冠街道", "桥头镇", "嵩山街道")),
)  # fmt: skip
NEIGHBOUR_FORMS = (
    "我是乳山人，在{county}{t}{u}{n}号这儿打工，门口{i}",
    "俺老家乳山{home}，现在住{short}{t}{v}{nv}号，俺家门口{i}",
    "{pl}的车停在{county}{t}{u}{n}号门口{k}天了",
    "{short}{t}{c}{b}号楼{e}单元电梯困人，被困的是个乳山老太太",
    "乳山{u}{n}号——错啦，不在乳山，在{county}{t}，也叫{u}，{n}号",
    "从乳山拉货到{short}，卸货的地方是{county}{t}{v}{nv}号，{i}",
    "{city}{county}{t}{v}{nv}号，户主是打乳山嫁过去的",
    "{short}{t}{u}{n}号门前积水，乳山过去的网格员帮着报的",
    "{county}{t}{v}{nv}号办喜事占道，娶的是乳山媳妇",
    "车牌{pl}，乳山的车，在{county}{t}{u}{n}号叫人剐了",
    "不是乳山的{v}，是{short}{t}的{v}，{nv}号{i}",
    "乳山{home}的老于说，他{short}的亲戚家{county}{t}{u}{n}号{i}",
    "入户走访：户主（乳山籍）住{county}{t}{c}{b}号楼{e}单元，在家{k}人",
    "{short}{t}{u}{n}号{i}，我从乳山回来的路上看见的",
    "{county}{t}{v}{nv}号{i}，俺姥娘是乳山人，托俺问问",
    "{city}{county}{t}{u}{n}号跟前，{i}",
    "僵尸车：{pl}，在{short}{t}{u}{n}号跟前，车主说是乳山的",
    "乳山{v}，不不不，是{county}{t}{v}，{nv}号",
)
# Township names 乳山 has that a neighbour text must not spell out by accident.
RUSHAN_TOWNSHIP_SLIPS = ("海阳所", "乳山口", "乳山寨")
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"


class _Writer(_Helpers):
    """v10's helpers (v9's places, doors and the check that a text holds no other registry
    name; v10's names, digits and plain doors); v13's habits."""

    # -- small helpers ------------------------------------------------------------------
    def _int(self, low: int, high: int) -> int:
        return self.rng.randint(low, high)

    def _minutes(self) -> str:
        return f"{self._int(0, 59):02d}"

    def _plate(self) -> str:
        rng = self.rng
        head = rng.choice(("鲁K", "鲁K", "鲁K", "鲁F", "鲁Y"))
        body = rng.choice(PLATE_LETTERS) + "".join(rng.choices("0123456789" + "ABCDEFGH", k=4))
        return head + rng.choice(("", "·")) + body

    def _numbers(self) -> dict[str, object]:
        """Numbers a report's frame carries that are not doors."""
        h = self._int(6, 21)
        f = self._int(2, 17)
        return {
            "f": f,
            "f1": f + 1,
            "d": self._int(1, 28),
            "h": h,
            "h2": min(h + self._int(2, 4), 23),
            "mi": self._minutes(),
            "p": self._int(10, 260),
            "st": self._int(3, 48),
            "k": self._int(2, 9),
            "k2": self._int(1, 3),
            "age": self._int(68, 93),
            "tail": self._digits(4),
            "bus": self._int(1, 12),
            "cm": self._int(15, 60),
            "mm": self._int(40, 180),
            "code": self._digits(8),
            "pl": self._plate(),
            "nm": self._name(),
        }

    # -- habits -------------------------------------------------------------------------
    def two_places(self) -> Written | None:
        unit, door, address = self._address(entrance=0.2)
        other, _, elsewhere = self._address(entrance=0.25)
        third, _, further = self._address(entrance=0.25)
        form, _ = self.rng.choice(TWO_PLACES)
        if other.id == unit.id or third.id in (unit.id, other.id):
            return None
        text = form.format(a=address, b=elsewhere, c2=further, i=self._pick(ISSUES))
        more = [*self.p.meant(other)]
        if "{c2}" in form:
            more += self.p.meant(third)
        return self._written(text, unit, door.id, *more)

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
            door = self._door(unit, low=3)
            n = door.number or 0
            x = n + rng.choice((-2, -1, 1, 2, 10))
            if x == n or x < 1:
                return None
            text = self._pick(FIX_NUMBER).format(u=where, x=x, n=n, nc=chinese_number(n))
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

    def plain_reports(self) -> Written | None:
        unit, door, address = self._address(entrance=0.25)
        text = self._pick(PLAIN).format(a=address, i=self._pick(ISSUES), **self._numbers())
        return self._written(text, unit, door.id)

    def household_visit(self) -> Written | None:
        unit, door, address = self._address(entrance=0.3)
        text = self._pick(HOUSEHOLD).format(a=address, i=self._pick(ISSUES), **self._numbers())
        return self._written(text, unit, door.id)

    def flood_patrol(self) -> Written | None:
        if self.rng.random() < 0.2:  # low ground or a river named by its village
            unit, where = self._village()
            text = self._pick(FLOOD_VILLAGE).format(
                v=where, fi=self._pick(FLOOD_ISSUES), **self._numbers()
            )
            return self._written(text, unit, unit.community or "")
        unit, door, address = self._address(entrance=0.2)
        text = self._pick(FLOOD).format(a=address, fi=self._pick(FLOOD_ISSUES), **self._numbers())
        return self._written(text, unit, door.id)

    def abandoned_vehicle(self) -> Written | None:
        unit, door, address = self._address(entrance=0.2)
        text = self._pick(ABANDONED).format(a=address, **self._numbers())
        return self._written(text, unit, door.id)

    def red_white_event(self) -> Written | None:
        unit, door, address = self._address(entrance=0.1)
        text = self._pick(RED_WHITE).format(a=address, **self._numbers())
        return self._written(text, unit, door.id)

    def lift_notice(self) -> Written | None:
        unit, door = self._entrance()
        text = self._pick(LIFT).format(
            c=self._compound_name(unit), b=door.building, e=door.entrance, **self._numbers()
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
            n=self._int(1, 150),
            nv=self._int(1, 60),
            b=self._int(1, 8),
            e=self._int(1, 3),
            home=home,
            i=self._pick(ISSUES),
            **{k: v for k, v in self._numbers().items() if k in ("k", "pl")},
        )
        if any(slip in text for slip in RUSHAN_TOWNSHIP_SLIPS):
            return None
        return text, "", OUTSIDE


def build_set(registry: Registry, seed: int = SEED) -> list[Item]:
    """The whole set, the same for the same registry and seed."""
    return collect(_Writer(registry, seed), HABITS)


def _prose(registry: Registry, items: list[Item], habits: Counter[str], run: str) -> list[str]:
    return [
        "## Address placement on a thirteenth fresh set (v13)",
        "",
        "Command: `python bench/fresh_addresses_v13.py`",
        "",
        f"Run: {run}, CPython {sys.version.split()[0]}. Set `{SET_NAME}`"
        f" (bench/fresh_addresses_v13.py, seed {SEED}), generated from demo registry"
        f" {registry.version}: {len(items)} items, {len(habits)} kinds of writing,"
        f" {habits[OUTSIDE_HABIT]} of them outside the county. Weighted to the hardest habits"
        " (two or three places in one text, corrections, neighbouring counties with 乳山's"
        " names, everyday reports with numbers that are not doors). New phrasing tables,"
        " written from how people in a Chinese county write or say addresses, never by calling"
        " the matcher or reading it; labels come from the registry alone, and an item whose"
        " label the registry leaves ambiguous was dropped, never relabelled. Each text is"
        " placed through `Placer.place` as a citizen's report with no point, and scored as the"
        " v1 set is (bench/fresh_addresses.py). It must never be used to tune the matcher, and"
        " per-item misses stay out of the repository.",
        "",
        "Kinds of writing: two_places, two or three places in one text, the incident's and"
        " where the caller rents, lives, is registered, works, runs a shop or has a child at"
        " school, an in-law's home, a parcel's or contact address, where the car was left, a"
        " destination or origin, a witness's address, a previous report's place, where the"
        " caller is now or the clinic someone was taken to, with the incident's place first,"
        " last or in the middle and its description right after it or in a sentence of its"
        " own; caller_correction, the whole address, the number, the road, the township, a"
        " building or an entrance corrected in new words (不不不, 错啦, 收回, after a silence,"
        " after a dropped call was rung back, on the next day, relayed by a grid worker, a"
        " granddaughter or a building steward); plain_reports, ordinary single-place reports"
        " with floors, dates, times, parking spaces, stall numbers, counts, phone tails and bus"
        " lines that are not doors, and other counties named in passing (海阳饭店, 文登的车,"
        " 往荣成方向, 司机是海阳人); household_visit, a grid worker's household visit record;"
        " flood_patrol, a flood-season patrol record, a few naming a village's low ground or"
        " river; abandoned_vehicle, a long-abandoned vehicle with its plate; red_white_event, a"
        " wedding, funeral or banquet spilling onto the street; lift_notice, a lift entrapment,"
        " fault or maintenance notice in a compound; neighbour_outside, an address in"
        " 文登/海阳/牟平/荣成/环翠 with a road, village or compound name 乳山 has too, many naming"
        " 乳山 in another role (the caller's origin or home, a 鲁K plate, a 乳山 car, bride,"
        " grandmother or householder, goods from 乳山, a correction away from 乳山).",
        "",
        "Labels a reader may dispute: of two or three places, the label is where it happened,"
        " wherever it stands and whether its description follows at once or in a sentence of"
        " its own, never where the caller rents, lives, is registered, works, runs a shop or"
        " sends a child to school, an in-law's home, a parcel's or contact address, where the"
        " car was left, a destination or origin, a witness's address, a previous report's"
        " place, where the caller is now or a clinic; a correction is the corrected address,"
        " and what it does not repeat carries over from what was said before (a corrected"
        " road keeps the number, a corrected township the road or village and number, a"
        " corrected building the entrance, a corrected entrance the building); a correction"
        " relayed by someone else, made after a silence, after a dropped call or on the next"
        " day is taken as the caller's; an address in a neighbouring county is not placeable,"
        " even with a 乳山 name, a 鲁K plate or a 乳山 car, a caller, bride, grandmother or"
        " householder from 乳山, goods from 乳山, or a correction away from 乳山; floors, dates"
        " (even 18号), times, parking spaces and stall numbers written with 号, counts, ages,"
        " phone tails, bus lines, plates, lift codes, depths and rainfall are not door numbers;"
        " a neighbouring county named in passing (海阳饭店 at the door, a car from 文登, a lorry"
        " towards 荣成, a driver from 海阳) places nothing there, and the report is its one"
        " 乳山 place; a village's low ground or river with no door is the village; a lift"
        " notice is the entrance the lift serves.",
        "",
    ]


def main(argv: list[str] | None = None) -> None:
    run_set(
        argv, __doc__ or "", build_set, _prose, section=SECTION, misses=MISSES,
        set_name=SET_NAME, habits=HABITS, outside=OUTSIDE_HABIT,
    )  # fmt: skip


if __name__ == "__main__":
    main()
