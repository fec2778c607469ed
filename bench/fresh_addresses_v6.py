"""A sixth fresh labelled address set for 乳山市 (v6), and one measurement of placement on it.

How it was written: truths are picked from the demo registry with a seeded ``random.Random``
(doors on roads and in villages, buildings and entrances in compounds, villages, compounds'
communities, townships, the crossings of two roads), then each truth is written the way people
in a Chinese county write or say an address: a caller correcting themselves (口误, 我说错了,
不是…是…, 是…不是…, 哦不, 等等, 刚才说的不对, 更正一下, 纠正, 应该在…; the whole address, the
number alone, the road alone, the township alone, a building or an entrance alone), an
address written smallest first with or without separators (502室，2单元，3号楼，X小区，X社区，
X镇，乳山市; 12号黄河路城区街道乳山市), English words and pinyin in the address (No., Rd, Road,
St, Street, Ave, Bldg, Block, Unit, Rm, Room, Apt, Village, Community, Town, Rushan, Weihai,
Shandong), numbers written mixed (full-width and half-width digits in one number, Chinese
numerals beside digits, 两 for 2, 〇 for 0, 廿 for twenty, 一百零八号, 一百12号), speech-to-text
slips (号 heard as 毫/浩/豪, 路 as 露/禄, 街 as 阶, 村 as 春, 镇 as 振, 楼 as 喽/娄, 单元 as
单员/单原, 小区 as 小渠; numbers read digit by digit with 幺 for 1, 两 for 2, 洞 for 0), a police
record (…派出所辖区…号门前), a bus stop (X村站, X小区站, X镇政府站, the crossing of two roads,
a stop at a door), a shared location ([位置]乳山市…), an address form's fields (省/市/区县/
街道/详细地址, some blank), a name dictated with its characters spelled out (黄河的黄，河水的
河), words written short (城区 as 城, 夏村镇 as 夏村, 社区 as 社, 小区 dropped, 号楼 as #), the
address said twice, once in part, an elderly caller's speech (那个那个……就是黄河路那个十二号),
the parts of an address run together with odd separators (/, >, ·, _, ｜, 【】), and addresses in
the neighbouring counties (文登, 海阳, 牟平, 荣成, 环翠). The phrasing tables are new (none is
taken from the earlier sets), and the writing follows the habits, not the matcher: no item was
written, kept, dropped or relabelled by calling the matcher or by reading its code, its rules,
its tests or its other test sets.

Labels come from the registry alone, as a careful human who knows the registry would give
them: the standard address when the door is unambiguous, else the deepest unambiguous place
(village/community or township) at that precision; an item outside the county is "not
placeable". An item whose label the registry leaves ambiguous is dropped, never relabelled: a
village name the county has twice written without its township (or twice in one township), a
village or compound written short whose short name is inside another registry name, a text
(a slip, a spelled-out character, a bus line, the chatter around the address) that holds a
registry name the address does not mean, a road written in pinyin or with Ave whose stem the
county has on more than one road or inside another name, a bus stop at a crossing that may
lie outside its township.

Labelling conventions a reader may dispute (v5's where a habit overlaps, stated again):

- a caller's correction is labelled as the corrected address, whatever registry place the
  wrong one names; what the correction does not repeat carries over from what was said
  before it: the number when only the road is corrected (黄河路12号，哦不，是新华街 is 新华街
  12号), the road or village when only the number is corrected, the village and number when
  only the township is corrected, the building when only the entrance is corrected and the
  entrance when only the building is. 是A，不是B is A;
- an address written from the smallest part up (502室，2单元，3号楼，X小区，X社区，X镇，乳山市;
  12号黄河路城区街道乳山市) is the entrance or door it names; the community of a compound
  written in that run does not change it;
- English words: No. is 号, Rd/Road 路, St/Street 街, Ave (avenue) the one road of that stem,
  Bldg/Block 号楼, Unit 单元, Rm/Room/Apt a room (so, with an entrance, that entrance; without
  one, the building, the registry not saying which entrance a room is in; at a door on a road,
  that door), Village 村, Community 社区, Town 镇; a road in pinyin (Huanghe Rd) is written only
  when its stem names one road of the county and sits in no other name; X Community Block 3
  Unit 2 is compound X's building 3, entrance 2, as v1 reads X社区3号楼 (each compound is the
  whole of its community);
- numbers are read as the number they spell: full width and half width mixed in one number
  (１2８号), Chinese numerals beside digits (三号楼2单元, 一百12号 is 112, 三十5号
  is 35), 两 for 2 (两号楼),
  〇 for 0 (一〇八号), 廿 for twenty (廿三号 is 23, 廿号 is 20);
- speech-input slips are read as meant, a slipped suffix by its sound (露/禄 are 路, 阶 is 街,
  春 is 村, 振 is 镇), 毫/浩/豪 are 号, 喽/娄 are 楼, 单员/单原 are 单元, 小渠 is 小区; a number
  read digit by digit with 幺 (1), 两 (2) and 洞 (0) is that number (幺洞八 is 108);
- a police record's 门前, 门口, 院内, 家中 and 门前路段 are the door; 楼道内 and 单元门口 the
  entrance; 楼下 the building (v5's rule for a shop under a building); the 派出所 named is the
  township's own;
- a bus stop is labelled as v5 labels landmarks: a stop named after a village (X村站, X站) is
  the village, after a township government (X镇政府站, 城区办事处站) the township, after a
  compound (X小区站, X小区门口公交站) the compound's community; a stop at the crossing of two
  roads is the community whose grid cells hold every point within 150 m of the crossing, else
  the township when all those points lie in it, else the item is dropped; a stop at a door's
  gate (黄河路12号门口公交站) is that door, as v5 reads a shop at a door; the bus line named (坐5
  路) does not change the label;
- a shared location is the most precise address it holds: its title (黄河路12号) when the
  line under it names only the road, village or compound; X村附近 shared is the village;
- an address form's fields are read together; a blank field (空, /, 无, 请选择) says nothing; a
  form with its township filled and its 详细地址 blank is the township; a 村 field and a door
  number in 详细地址 is that village's door;
- a name dictated with its characters (黄色的黄，河水的河) is the name it spells; the spelling is
  never a place of its own;
- a township written short (城 or 城区 for 城区街道, 夏村 for 夏村镇) is that township, 乳山城 is
  城区街道; a village written without 村 is that village when no other name holds the short
  name; a compound without 小区 (政通3#2单元), or with 社 for 社区 (政通社3号楼), is that
  compound; 3# is 3号楼, 2单 is 2单元, and 3#2 (no 单元) is building 3, entrance 2;
- an address said twice, once in part (黄河路12号，再说一遍，12号), is the fuller one, the part
  agreeing with it;
- an elderly caller's fillers (那个那个, 就是那个啥, 俺家, 门口有棵树, 几单元来着) do not change
  the address named;
- odd separators (/, >, ·, _, ｜, 【】, -, commas) between the parts are read as no separator,
  and a number in brackets after a road or village (黄河路（12）) is its door;
- a village door is the village's door of that number (the registry counting doors along the
  village), a compound entrance written with a room (3号楼2单元502室) is that entrance;
- an address in 文登, 海阳, 牟平, 荣成 or 环翠 is not placeable, even when it uses a road,
  village or compound name 乳山 has too, says it is not 乳山, or corrects a 乳山 address to it.

Scoring, the placement run and the outcome names are v1's (bench/fresh_addresses.py).

Rule: this set must never be used to tune the matcher; only the aggregate table goes to
docs/benchmarks.md. Per-item misses are written only to the untracked (git-ignored)
var/fresh-addresses-v6/misses.md. Reading them while changing the matcher spends the set.

    python bench/fresh_addresses_v6.py              # measure, write docs/benchmarks.md
    python bench/fresh_addresses_v6.py --no-write   # measure and print only
"""

from __future__ import annotations

import math
import random
import sys
from collections import Counter
from collections.abc import Iterable
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

SEED = 20261208
SET_NAME = "fresh-addresses-v6"
SECTION = "fresh-addresses-v6"
MISSES = ROOT / "var" / "fresh-addresses-v6" / "misses.md"
OUTSIDE_HABIT = "neighbour_outside"

Written = tuple[str, str, str]  # text, truth, precision

# Habit -> how many items (the neighbouring counties are ~8% of the whole).
HABITS: dict[str, int] = {
    "caller_correction": 28,
    "reverse_order": 26,
    "english_mix": 26,
    "numbers_mixed": 26,
    "speech_slips": 26,
    "police_record": 24,
    "bus_stop": 22,
    "wechat_location_share": 24,
    "form_fields": 24,
    "dictated_with_spelling": 24,
    "abbreviation": 24,
    "repeated_address": 24,
    "elderly_speech": 24,
    "odd_separators": 22,
    OUTSIDE_HABIT: 30,
}

# The county, the prefecture and the province: names every in-county text may hold.
COUNTY_NAMES = ("山东省", "威海市", "乳山市", "乳山县")

# -- phrasing tables (v6's own) -------------------------------------------------------------

WIDE = str.maketrans("0123456789", "０１２３４５６７８９")
CN_DIGIT = "零一二三四五六七八九"
RADIO_DIGIT = "洞幺两三四五六七八九"  # read digit by digit: 0 洞, 1 幺, 2 两
CIRCLE_DIGIT = "〇一二三四五六七八九"  # written digit by digit with 〇 for 0
SURNAMES = "于丛宫姜隋孙刘林王张毕初邹杨"
TITLES = ("先生", "女士", "大爷", "大娘", "老师", "师傅")

# A caller correcting themselves: {w} what was said wrong, {a} the address meant.
FIX_WHOLE = (
    "{w}，口误，是{a}",
    "{w}，我说错了，{a}",
    "不是{w}，是{a}",
    "是{a}，不是{w}",
    "{w}，哦不，{a}",
    "{w}……等等，是{a}",
    "刚才说的{w}不对，是{a}",
    "更正一下，地址是{a}，不是{w}",
    "纠正：{w}应为{a}",
    "{w}，不对，应该在{a}",
    "前面报的{w}作废，应该是{a}",
)
# Only the number corrected: {u} the road or village, {x} the wrong number, {n} the right one.
FIX_NUMBER = (
    "{u}{x}号，口误，{n}号",
    "{u}，不是{x}号，是{n}号",
    "{u}{n}号，不是{x}号",
    "{u}{x}号……等等，{n}号",
    "{u}{x}号，哦不，{nc}号",
    "{u}{x}号，我说错了，应该是{n}号",
    "{u}{x}号，更正一下，门牌是{n}号",
    "{u}{x}号，纠正：门牌号{n}",
)
# Only the road corrected (the number carries over): {w} the wrong road, {u} the right one.
FIX_ROAD = (
    "{w}{n}号，哦不，是{u}",
    "{w}，不对，{u}，{n}号",
    "是{u}不是{w}，{n}号",
    "{w}{n}号，口误，路名是{u}",
    "{w}{n}号……等等，是{u}的",
    "纠正一下，不是{w}，是{u}{n}号",
    "{w}{n}号，刚才说的路不对，应该在{u}",
)
# Only the township corrected: {w} the wrong township, {t} the right one.
FIX_TOWN = (
    "{w}{u}{n}号，口误，是{t}的",
    "{w}，哦不，{t}，{u}{n}号",
    "不是{w}，是{t}，{u}{n}号",
    "{w}{u}{n}号，我说错了，镇是{t}",
    "{u}{n}号，在{w}……等等，在{t}",
)
# A building or an entrance corrected: (form, what is corrected).
FIX_COMPOUND: tuple[tuple[str, str], ...] = (
    ("{c}{b}号楼{x}单元，口误，{e}单元", "entrance"),
    ("{c}{b}号楼{x}单元……等等，是{e}单元", "entrance"),
    ("{c}{b}号楼，不是{x}单元，是{e}单元", "entrance"),
    ("{c}{x}号楼{e}单元，哦不，{b}号楼", "building"),
    ("{c}，是{b}号楼{e}单元，不是{x}号楼", "building"),
    ("更正一下：{c}{b}号楼{e}单元（之前说成{x}号楼了）", "building"),
)

# Smallest first: the separators between the parts.
REVERSE_SEPARATORS = ("", "，", " ", "、", "/", " - ", ",")

# English and pinyin.
ROAD_PINYIN = {
    "翠竹": "Cuizhu", "锦绣": "Jinxiu", "青年": "Qingnian", "富民": "Fumin", "银滩": "Yintan",
    "人民": "Renmin", "白云": "Baiyun", "学府": "Xuefu", "广场": "Guangchang", "团结": "Tuanjie",
    "永安": "Yong'an", "胜利": "Shengli", "兴业": "Xingye", "黄河": "Huanghe", "安康": "Ankang",
    "新华": "Xinhua", "花园": "Huayuan", "振兴": "Zhenxing", "海滨": "Haibin", "华夏": "Huaxia",
    "育才": "Yucai", "迎宾": "Yingbin", "红旗": "Hongqi", "和平": "Heping", "工业": "Gongye",
    "建设": "Jianshe", "商业": "Shangye",
}  # fmt: skip
TOWN_PINYIN = {
    "夏村": "Xiacun", "乳山口": "Rushankou", "海阳所": "Haiyangsuo", "白沙滩": "Baishatan",
    "大孤山": "Dagushan", "南黄": "Nanhuang", "冯家": "Fengjia", "下初": "Xiachu", "午极": "Wuji",
    "育黎": "Yuli", "崖子": "Yazi", "诸往": "Zhuwang", "乳山寨": "Rushanzhai", "徐家": "Xujia",
}  # fmt: skip
ROAD_SUFFIX_EN = {"路": ("Rd", "Road", "Rd."), "街": ("St", "Street", "St.")}
ENGLISH_PINYIN = (
    "No.{n} {p} {s}, {town}Rushan",
    "{n} {p} {s}, {town}Rushan, Weihai, Shandong",
    "{p} {s} No.{n}, {town}Rushan City",
    "Room {r}, No.{n} {p} {s}, Rushan",
    "{p} Ave No.{n}, {town}Rushan",
    "{p} Avenue {n}号",
)
ENGLISH_CN_ROAD = (
    "Rushan {t}{u} {n}号",
    "{u}{n}号, {town}Rushan, Weihai",
    "Weihai Rushan {u} No. {n}",
    "Shandong Weihai Rushan, {u}, No.{n}",
    "{u}{n}号 Rm {r}",
)
ENGLISH_VILLAGE = (
    "{v} Village No.{n}, {town}Rushan",
    "No. {n}, {v} Village, {town}Weihai",
    "{v} Village {n}号",
)
ENGLISH_ENTRANCE = (
    "{c} Bldg.{b} Unit {e} Apt {r}",
    "Apt. {r}, Unit {e}, Block {b}, {c}, Rushan",
    "{c}{b}号楼 Unit{e} Rm.{r}",
    "{s} Community Block {b} Unit {e}",
    "Room {r} Unit {e} Bldg {b} {c} Rushan Weihai",
)
ENGLISH_BUILDING = ("{c} Bldg {b}", "Block {b}, {c}, Rushan", "{c} Bldg {b} Rm {r}")

# Speech to text: how a syllable is written when heard.
HEARD_HAO = ("毫", "浩", "豪", "号")
HEARD_SUFFIX = {"路": ("露", "禄"), "街": ("阶",), "村": ("春",)}
HEARD_LOU = ("喽", "娄", "楼")
HEARD_DANYUAN = ("单员", "单原", "单元")
SPEECH_OPENINGS = ("", "", "喂，你好，", "我跟你说啊，", "那个地址是", "记一下啊，", "是这样，")
SPEECH_CLOSINGS = ("", "", "。", "，你们快来看看", "，听见了吧", "，就这个地方")

# A police record: {ts} the township's short name, {a} the address, {p} a person.
POLICE_DOOR = (
    "{ts}派出所辖区{a}门前",
    "警情地址：{a}（{ts}派出所）",
    "经民警现场核实，事发地为{t}{a}门口",
    "接警：{a}院内，报警人{p}",
    "{ts}所辖区，{a}门前路段",
    "出警地点：乳山市{t}{a}",
    "110转警：{a}家中，{p}报警",
    "报警人{p}称其在{a}门前被剐蹭",
)
POLICE_ENTRANCE = (
    "{ts}派出所辖区{c}{b}号楼{e}单元楼道内",
    "警情地址：{c}{b}号楼{e}单元{r}室",
    "出警至{c}{b}号楼{e}单元门口，报警人{p}",
)
POLICE_BUILDING = ("{ts}派出所辖区{c}{b}号楼下", "民警到场，现场位于{c}{b}号楼楼下空地")

# A bus stop: {x} the stop's name, {k} a bus line.
STOP_FORMS = (
    "{x}站站牌旁",
    "公交{x}站候车亭",
    "坐{k}路到{x}站，站台边上",
    "{x}站下车那儿",
    "{x}公交站台",
)
STOP_CROSSING = ("{a}{b}路口站", "{a}与{b}交叉口公交站", "{a}{b}站站台，就在路口")
STOP_DOOR = ("{u}{n}号门口公交站", "{u}{n}号门前的站牌", "{u}{n}号门口那个公交站台")

# A shared location: {title} the place's name, {line} the address line under it.
SHARED = (
    "[位置]{full}",
    "[位置] {title}\n{line}",
    "我在这儿[位置]{title}",
    "【位置】{title}｜{line}",
    "发来一个位置：{title}（{line}）",
    "[位置共享] {title} 距你{km}km",
)
SHARED_NEAR = ("[位置]{t}{v}附近", "【位置】{v}附近｜乳山市{t}")

# An address form.
FORM_LAYOUTS = (
    "省：{prov}；市：{city}；区县：{county}；街道：{town}；详细地址：{detail}",
    "所在地区：{prov} {city} {county} {town}\n详细地址：{detail}",
    "省份:{prov} 城市:{city} 区/县:{county} 乡镇/街道:{town} 地址:{detail}",
    "【省】{prov}【市】{city}【区县】{county}【镇街】{town}【详址】{detail}",
    "省 {prov}\n市 {city}\n县 {county}\n乡镇 {town}\n门牌 {detail}",
)
FORM_VILLAGE = "乡镇：{town}  村：{v}  详细地址：{n}号"
FORM_BLANKS = ("", "（空）", "/", "无", "请选择")

# Characters as they are spelled out on the phone.
CHAR_SAID = {
    "黄": "黄色的黄", "河": "河水的河", "翠": "翠绿的翠", "竹": "竹子的竹", "锦": "锦旗的锦",
    "绣": "绣花的绣", "青": "青草的青", "年": "过年的年", "富": "富裕的富", "民": "人民的民",
    "银": "金银的银", "滩": "沙滩的滩", "白": "白色的白", "云": "白云的云", "学": "学习的学",
    "府": "政府的府", "广": "广告的广", "场": "操场的场", "团": "团体的团", "结": "结实的结",
    "永": "永远的永", "安": "安全的安", "胜": "胜利的胜", "利": "利益的利", "兴": "高兴的兴",
    "业": "作业的业", "康": "健康的康", "新": "新旧的新", "华": "中华的华", "花": "开花的花",
    "园": "公园的园", "振": "振作的振", "海": "大海的海", "滨": "海滨的滨", "夏": "夏天的夏",
    "育": "教育的育", "才": "人才的才", "迎": "欢迎的迎", "宾": "宾馆的宾", "红": "红色的红",
    "旗": "红旗的旗", "和": "和气的和", "平": "平安的平", "工": "工人的工", "建": "建设的建",
    "设": "设计的设", "商": "商店的商", "乐": "快乐的乐", "龙": "龙凤的龙", "泉": "泉水的泉",
    "朝": "朝霞的朝", "阳": "太阳的阳", "福": "幸福的福", "临": "临时的临", "复": "复习的复",
    "前": "前后的前", "进": "进出的进", "长": "长短的长", "江": "长江的江", "世": "世界的世",
    "纪": "纪律的纪", "瑞": "瑞雪的瑞", "祥": "吉祥的祥", "望": "希望的望", "凤": "凤凰的凤",
    "凰": "凤凰的凰", "健": "健康的健", "春": "春天的春", "晖": "日字旁的晖", "景": "风景的景",
    "松": "松树的松", "金": "金子的金", "岭": "山岭的岭", "张": "弓长张", "李": "木子李",
    "陈": "耳东陈", "胡": "古月胡", "吴": "口天吴", "杨": "木易杨", "林": "双木林",
    "徐": "双人徐", "王": "三横王", "赵": "走肖赵", "孙": "子小孙", "刘": "文刀刘",
    "郑": "关耳郑", "宋": "宋朝的宋", "姜": "生姜的姜", "于": "干钩于", "宫": "宫殿的宫",
    "冯": "两点水一个马", "潘": "三点水一个番", "肖": "小月肖", "邵": "召耳邵", "马": "马车的马",
    "唐": "唐朝的唐", "曹": "曹操的曹", "韩": "韩国的韩", "董": "董事长的董", "蔡": "蔡伦的蔡",
    "邹": "邹忌的邹", "崔": "山字头的崔", "庄": "村庄的庄", "家": "家里的家", "沟": "水沟的沟",
    "疃": "土字旁一个童", "夼": "大字底下一个川", "泊": "湖泊的泊", "埠": "土字旁一个阜",
    "东": "东西的东", "西": "东西的西", "南": "南北的南", "北": "南北的北", "上": "上下的上",
    "下": "上下的下", "石": "石头的石", "山": "高山的山", "口": "门口的口", "台": "台阶的台",
    "政": "政治的政", "通": "交通的通", "方": "方向的方", "庆": "国庆的庆", "月": "月亮的月",
    "亮": "月亮的亮", "湾": "海湾的湾", "浪": "浪花的浪", "益": "利益的益", "天": "天空的天",
    "碧": "碧绿的碧", "苑": "草字头一个怨字底", "观": "观看的观", "颐": "颐和园的颐",
    "里": "里外的里", "群": "群众的群", "冠": "冠军的冠", "向": "方向的向", "大": "大小的大",
    "怡": "心旷神怡的怡", "润": "滋润的润", "泽": "沼泽的泽", "腾": "奔腾的腾", "达": "到达的达",
    "馨": "温馨的馨", "丰": "丰收的丰", "静": "安静的静",
}  # fmt: skip
SPELL_FORMS = (
    "{name}，{spell}，{rest}",
    "{spell}，{name}{rest}",
    "{name}{rest}（{spell}）",
    "{name}啊，{spell}，对，{rest}",
    "地址是{name}——{spell}——{rest}",
)

# Words written short.
SHORT_ROAD = ("{ts}{u}{n}", "{ts}·{u}{n}号", "乳山{ts}{u}{n}号", "{ts} {u}{n}")
SHORT_VILLAGE = ("{ts}{v}{n}号", "{ts}{v}{n}", "{ts}镇{v}{n}号")
SHORT_COMPOUND = ("{s}{b}#{e}单元", "{s}社{b}号楼{e}单元", "{s}{b}号{e}单", "{ts}{s}{b}#{e}")

# Said twice: {a} in full, {p} in part.
TWICE = (
    "{a}，{a}",
    "{a}（{p}）",
    "{a}，再说一遍，{p}",
    "地址{a}……对，{p}",
    "{a}。{p}，{p}",
    "{a}，我重复一下：{p}",
    "{p}，{a}",
)

# An elderly caller.
ELDER_ROAD = (
    "那个那个……就是{u}那个{n}号",
    "俺家就在{t}，那个{u}，{u}那个，{n}号，对",
    "你说那个{u}啊，{n}号，就是{n}号那家",
    "就是那个啥……{u}，嗯，{n}号，门口有棵树",
    "哎呀我这脑子，{u}，{u}{n}号",
    "那个……在{u}上，{n}号，俺儿子家",
)
ELDER_VILLAGE = (
    "俺们庄是{t}的{v}，门牌是{n}号",
    "就是那个{t}，{t}那个{v}，{n}号",
    "那个那个，{t}{v}，俺住{v}{n}号",
    "{t}{v}……俺家门牌，{n}号，是{n}号",
)
ELDER_COMPOUND = (
    "就是那个啥，{c}，{c}那个{b}号楼，{e}单元",
    "俺闺女家，{c}{b}号楼，几单元来着……{e}单元",
    "那个那个{c}，{b}号楼{e}单元，俺在楼底下等着",
)

# Odd separators.
SEPARATED_TOWN = (
    "乳山市/{t}/{u}/{n}号",
    "{t}>{u}>{n}号",
    "{t}-{u}-{n}",
    "{t}｜{u}｜{n}号",
    "{t},{u},{n}号",
    "【{t}】{u}【{n}号】",
    "乳山市 - {t} - {u} - {n}号",
)
SEPARATED_BARE = ("{u}·{n}号", "{u}_{n}号", "{u}（{n}）")
SEPARATED_COMPOUND = (
    "{c}/{b}号楼/{e}单元",
    "{c}_{b}栋_{e}单元",
    "{c}>{b}号楼>{e}单元",
    "{t}·{c}·{b}号楼·{e}单元",
    "{c}｜{b}号楼｜{e}单元",
)

# Real townships of the neighbouring counties: (county, short, city, townships).
NEIGHBOURS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    (
        "文登区",
        "文登",
        "威海市",
        ("环山街道", "龙山街道", "文登营镇", "大水泊镇", "张家产镇", "泽库镇", "侯家镇", "小观镇"),
    ),
    (
        "海阳市",
        "海阳",
        "烟台市",
        ("东村街道", "方圆街道", "留格庄镇", "发城镇", "小纪镇", "行村镇", "辛安镇", "朱吴镇"),
    ),
    (
        "牟平区",
        "牟平",
        "烟台市",
        ("宁海街道", "武宁街道", "大窑街道", "姜格庄街道", "水道镇", "王格庄镇", "高陵镇"),
    ),
    ("荣成市", "荣成", "威海市", ("崖头街道", "宁津街道", "港湾街道", "俚岛镇", "成山镇")),
    ("环翠区", "环翠", "威海市", ("鲸园街道", "竹岛街道", "张村镇", "桥头镇")),
)
NEIGHBOUR_FORMS = (
    "[位置]山东省{city}{county}{t}{u}{n}号",
    "省：山东省；市：{city}；区县：{county}；街道：{t}；详细地址：{u}{n}号",
    "{ts}派出所辖区{u}{n}号门前（{county}）",
    "{n}号{u}{t}{county}{city}",
    "No.{n} {u}, {t}, {county}",
    "那个那个……俺家在{county}{t}，{v}，{nc}号",
    "{county}{t}{v}站站牌旁",
    "{county}{t}{u}{n}毫",
    "{u}{n}号，口误，是{county}{t}{u}{n}号",
    "不是乳山，是{county}{t}{v}{n}号",
    "{county}{t}{v}{n}号，{county}{t}{v}{n}号",
    "{county}/{t}/{u}/{n}号",
    "{short}{t}{u}{nc}号",
    "{short}{t}，{c}{b}号楼{e}单元",
    "{u}，{spell}，{n}号，{short}{t}的",
)


def radio_digits(n: int) -> str:
    """A number read digit by digit, 0 as 洞, 1 as 幺, 2 as 两: 108 -> 幺洞八, 20 -> 两洞."""
    return "".join(RADIO_DIGIT[int(d)] for d in str(n))


def circle_digits(n: int) -> str:
    """A number written digit by digit in Chinese with 〇 for 0: 108 -> 一〇八."""
    return "".join(CIRCLE_DIGIT[int(d)] for d in str(n))


class _Places:
    """What the writer knows of the registry beyond v1's index: every name a text could mean,
    which villages and compounds are safe to write alone or short, and the grid cells, for
    bus stops at a crossing."""

    def __init__(self, registry: Registry) -> None:
        self.ix = ix = _Index(registry)
        stems = {u.name[:-1] for u in ix.villages if len(u.name) >= 3 and u.name.endswith("村")}
        self.names = sorted(n for n in ix.known_names | stems if len(n) >= 2)
        named = Counter(u.name for u in ix.villages)
        per_township = Counter((u.township, u.name) for u in ix.villages)
        # A village is written alone only when the county has its name once and no other name
        # holds it; with its township when the township has it once.
        self.alone = [
            u
            for u in ix.villages
            if named[u.name] == 1 and not any(u.name in n and n != u.name for n in self.names)
        ]
        self.alone_ids = {u.id for u in self.alone}
        self.in_town = [u for u in ix.villages if per_township[(u.township, u.name)] == 1]
        # A village written without 村: only when no name but its own holds the short name.
        self.short_villages = [
            u
            for u in self.in_town
            if len(u.name) >= 3
            and u.name.endswith("村")
            and not any(u.name[:-1] in n and n != u.name for n in ix.known_names)
        ]
        self.roads = ix.roads
        self.townships = ix.townships
        self.compounds = ix.compounds
        # A compound written without 小区: only when no name but its own holds the stem.
        self.short_compounds = [
            u
            for u in ix.compounds
            if not any(
                u.name.removesuffix("小区") in n
                and n not in (u.name, *u.aliases, ix.divisions[u.community or ""].name)
                for n in ix.known_names
            )
        ]
        # Roads whose stem names one road only and sits in no other name (for pinyin, Ave).
        self.stem_roads = [u for u in ix.unique_stem_roads if u.name[:-1] in ROAD_PINYIN]
        self.boxes: list[tuple[float, float, float, float, str]] = []
        for cell in registry.cells:
            lons = [p[0] for p in cell.ring]
            lats = [p[1] for p in cell.ring]
            self.boxes.append((min(lons), min(lats), max(lons), max(lats), cell.community))

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

    def community_at(self, lon: float, lat: float) -> str | None:
        for west, south, east, north, community in self.boxes:
            if west <= lon <= east and south <= lat <= north:
                return community
        return None

    def communities_within(self, lon: float, lat: float, radius_m: float) -> set[str | None]:
        """The communities of the point and of points on three rings around it."""
        found = {self.community_at(lon, lat)}
        for ring in (radius_m / 3, 2 * radius_m / 3, radius_m):
            for k in range(24):
                angle = 2 * math.pi * k / 24
                found.add(
                    self.community_at(
                        lon + ring * math.cos(angle) / 89_000,
                        lat + ring * math.sin(angle) / 111_000,
                    )
                )
        return found


class _Writer:
    def __init__(self, registry: Registry, seed: int) -> None:
        self.rng = random.Random(seed)
        self.p = _Places(registry)
        self.ix = self.p.ix

    # -- small helpers ------------------------------------------------------------------
    def _pick(self, options: tuple[str, ...] | list[str]) -> str:
        return self.rng.choice(options)

    def _person(self) -> str:
        return self._pick(tuple(SURNAMES)) + self._pick(TITLES)

    def _door(self, unit: AddressUnit, low: int = 1) -> Address:
        return self.ix.door(self.rng, unit, low)

    def _town(self, code: str) -> str:
        return self.ix.divisions[code].name

    def _town_short(self, code: str) -> str:
        return self.ix.divisions[code].aliases[0]  # 夏村, 城区

    def _road(self, town: float = 0.5) -> tuple[AddressUnit, str]:
        unit = self.rng.choice(self.p.roads)
        prefix = self._town(unit.township) if self.rng.random() < town else ""
        return unit, prefix + unit.name

    def _village(self, alone: float = 0.45) -> tuple[AddressUnit, str]:
        """A village and how it is written: alone when that is safe, else with its township."""
        if self.rng.random() < alone:
            unit = self.rng.choice(self.p.alone)
            return unit, unit.name
        unit = self.rng.choice(self.p.in_town)
        return unit, self._town(unit.township) + unit.name

    def _road_or_village(self, road: float) -> AddressUnit:
        """A road (probability ``road``) or a village its township names once."""
        if self.rng.random() < road:
            return self.rng.choice(self.p.roads)
        return self.rng.choice(self.p.in_town)

    def _place(self) -> tuple[AddressUnit, str]:
        return self._road() if self.rng.random() < 0.55 else self._village()

    def _compound_name(self, unit: AddressUnit) -> str:
        return self._pick((unit.name, unit.name, *unit.aliases))

    def _entrance(self) -> tuple[AddressUnit, Address]:
        unit = self.rng.choice(self.p.compounds)
        doors = [a for a in self.ix.doors[unit.id] if a.entrance is not None]
        return unit, self.rng.choice(doors)

    def _building(self) -> tuple[AddressUnit, Address]:
        unit = self.rng.choice(self.p.compounds)
        doors = [a for a in self.ix.doors[unit.id] if a.entrance is None]
        return unit, self.rng.choice(doors)

    def _find(self, unit: AddressUnit, building: int, entrance: int | None) -> Address | None:
        for a in self.ix.doors[unit.id]:
            if a.building == building and a.entrance == entrance:
                return a
        return None

    def _room(self) -> str:
        return f"{self.rng.randint(1, 12)}0{self.rng.randint(1, 3)}"

    def _said(self, n: int) -> str:
        return chinese_number(n) if self.rng.random() < 0.6 else str(n)

    def _ok(self, text: str, unit: AddressUnit | None, *more: str) -> bool:
        return not self.p.holds_other(text, self.p.meant(unit, *more))

    def _written(self, text: str, unit: AddressUnit, truth: str, *more: str) -> Written | None:
        """``text`` labelled ``truth`` (a door, or the community of a village or compound),
        unless it holds a registry name it does not mean."""
        precision = ADDRESS if truth in self.ix.addresses else COMMUNITY
        return (text, truth, precision) if self._ok(text, unit, *more) else None

    # -- habits -------------------------------------------------------------------------
    def caller_correction(self) -> Written | None:
        rng = self.rng
        roll = rng.random()
        if roll < 0.3:  # the whole address
            form = self._pick(FIX_WHOLE)
            unit, right = self._place()
            door = self._door(unit)
            other, wrong = self._place()
            if other.id == unit.id:
                return None
            wrong_door = self._door(other)
            text = form.format(w=f"{wrong}{wrong_door.number}号", a=f"{right}{door.number}号")
            return self._written(text, unit, door.id, *self.p.meant(other))
        if roll < 0.55:  # the number alone
            unit, where = self._place()
            door = self._door(unit, low=10)
            n = door.number or 0
            digits = str(n)
            x = int(digits[::-1]) if len(set(digits)) > 1 and digits[-1] != "0" else n + 2
            if x == n:
                return None
            text = self._pick(FIX_NUMBER).format(u=where, x=x, n=n, nc=chinese_number(n))
            return self._written(text, unit, door.id)
        if roll < 0.72:  # the road alone: the number carries over
            unit = rng.choice(self.p.roads)
            other = rng.choice([u for u in self.p.roads if u.id != unit.id])
            door = self._door(unit)
            text = self._pick(FIX_ROAD).format(w=other.name, u=unit.name, n=door.number)
            return self._written(text, unit, door.id, other.name)
        if roll < 0.85:  # the township alone: the village or road and number carry over
            unit = self._road_or_village(0.4)
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
            entrances = [a.entrance for a in self.ix.doors[unit.id] if a.building == b]
            others = [x for x in entrances if x is not None and x != e]
        else:
            others = sorted({a.building for a in self.ix.doors[unit.id] if a.building != b})
        others = [x for x in others if x is not None]
        if not others:
            return None
        x = rng.choice(others)
        text = form.format(c=self._compound_name(unit), b=b, e=e, x=x)
        return self._written(text, unit, door.id)

    def reverse_order(self) -> Written | None:
        rng = self.rng
        sep = self._pick(REVERSE_SEPARATORS)
        roll = rng.random()
        if roll < 0.4:
            unit, door = self._entrance()
            room = self._room()
            parts = []
            if rng.random() < 0.6:
                parts.append(room + ("室" if sep == "" or rng.random() < 0.6 else ""))
            parts += [f"{door.entrance}单元", f"{door.building}号楼", self._compound_name(unit)]
        elif roll < 0.5:
            unit, door = self._building()
            parts = [f"{door.building}号楼", self._compound_name(unit)]
        else:
            unit = self._road_or_village(0.55)
            door = self._door(unit)
            parts = [f"{door.number}号", unit.name]
        if unit.kind is UnitKind.COMPOUND and rng.random() < 0.5:
            parts.append(self.ix.divisions[unit.community or ""].name)
        needs_town = unit.kind is UnitKind.VILLAGE and unit.id not in self.p.alone_ids
        if needs_town or rng.random() < 0.75:
            parts.append(self._town(unit.township))
        parts += ["乳山市", "威海市", "山东省"][: rng.choice((0, 1, 1, 1, 2, 3))]
        text = sep.join(parts)
        return self._written(text, unit, door.id)

    def english_mix(self) -> Written | None:
        rng = self.rng
        roll = rng.random()

        def town_en(code: str) -> str:
            short = self._town_short(code)
            return f"{TOWN_PINYIN[short]} Town, " if short in TOWN_PINYIN else ""

        if roll < 0.22:
            unit, door = self._entrance()
            form = self._pick(ENGLISH_ENTRANCE)
            if "{s}" in form and unit not in self.p.short_compounds:
                return None
            text = form.format(
                c=self._compound_name(unit),
                s=unit.name.removesuffix("小区"),
                b=door.building,
                e=door.entrance,
                r=self._room(),
            )
            return self._written(text, unit, door.id)
        if roll < 0.3:
            unit, door = self._building()
            text = self._pick(ENGLISH_BUILDING).format(
                c=self._compound_name(unit), b=door.building, r=self._room()
            )
            return self._written(text, unit, door.id)
        if roll < 0.48:
            if rng.random() < 0.5:
                unit = rng.choice(self.p.short_villages)
                written = unit.name[:-1]
            else:
                unit = rng.choice(self.p.in_town)
                written = unit.name.removesuffix("村") if len(unit.name) >= 3 else unit.name
                if written != unit.name and unit not in self.p.short_villages:
                    written = unit.name
            door = self._door(unit)
            town = town_en(unit.township)
            if not town and unit.id not in self.p.alone_ids:
                town = self._town(unit.township) + ", "
            form = self._pick(ENGLISH_VILLAGE)
            if "{town}" not in form and unit.id not in self.p.alone_ids:
                written = self._town(unit.township) + written
            text = form.format(v=written, n=door.number, town=town)
            return self._written(text, unit, door.id)
        if roll < 0.75:
            unit = rng.choice(self.p.stem_roads)
            door = self._door(unit)
            stem = unit.name[:-1]
            text = self._pick(ENGLISH_PINYIN).format(
                n=door.number,
                p=ROAD_PINYIN[stem],
                s=self._pick(ROAD_SUFFIX_EN[unit.name[-1]]),
                town=town_en(unit.township),
                r=self._room(),
            )
            return self._written(text, unit, door.id)
        unit = rng.choice(self.p.roads)
        door = self._door(unit)
        town = self._town(unit.township) if rng.random() < 0.4 else ""
        text = self._pick(ENGLISH_CN_ROAD).format(
            t=town, u=unit.name, n=door.number, town=town_en(unit.township), r=self._room()
        )
        return self._written(text, unit, door.id)

    def numbers_mixed(self) -> Written | None:
        rng = self.rng
        if rng.random() < 0.35:
            unit, door = self._entrance()
            b, e = door.building or 0, door.entrance or 0
            options: list[str] = []
            if b == 2:
                options += ["{c}两号楼{e}单元", "{c}两号楼{ec}单元"]
            if e == 2:
                options += ["{c}{b}号楼两单元", "{c}{bc}号楼两单元"]
            options += [
                "{c}{bc}号楼{ew}单元{rc}室",
                "{c}第{bw}栋{ec}单元",
                "{c}{bc}号楼{e}单元{rw}",
                "{c}{bw}号楼{ec}单元",
            ]
            room = self._room()
            text = self._pick(options).format(
                c=self._compound_name(unit),
                b=b,
                e=e,
                bc=chinese_number(b),
                ec=chinese_number(e),
                bw=str(b).translate(WIDE),
                ew=str(e).translate(WIDE),
                rc=circle_digits(int(room)),
                rw=room[0].translate(WIDE) + room[1:],
            )
            return self._written(text, unit, door.id)
        unit, where = self._place()
        door = self._door(unit, low=10)
        n = door.number or 0
        digits = str(n)
        said: list[str] = []
        if "0" in digits:
            said += [circle_digits(n), digits.replace("0", "〇")]
        if 20 <= n <= 29:
            ones = n - 20
            said += ["廿" + (CN_DIGIT[ones] if ones else ""), "廿" + (str(ones) if ones else "")]
        if n >= 100:
            rest = n - 100
            said.append(chinese_number(n))
            if rest >= 10:
                said.append(f"一百{rest}")
            elif rest:
                said.append(f"一百零{str(rest).translate(WIDE)}")
        if 10 < n < 100 and n % 10:
            said.append(chinese_number(n - n % 10) + str(n % 10))  # 三十5
        mixed = "".join(d.translate(WIDE) if rng.random() < 0.5 else d for d in digits)
        if mixed not in (digits, digits.translate(WIDE)):
            said.append(mixed)
        written = self._pick(said or [digits[0].translate(WIDE) + digits[1:]])
        form = self._pick(("{u}{s}号", "{u}{s}号", "{u}第{s}号", "{u}门牌{s}号"))
        text = form.format(u=where, s=written)
        return self._written(text, unit, door.id)

    def speech_slips(self) -> Written | None:
        rng = self.rng
        slipped = False

        def number(n: int) -> str:
            roll = rng.random()
            if roll < 0.4:
                return radio_digits(n)
            if roll < 0.7:
                return chinese_number(n)
            return str(n)

        if rng.random() < 0.28:
            unit, door = self._entrance()
            name = self._compound_name(unit)
            if name.endswith("小区") and rng.random() < 0.5:
                name = name.removesuffix("小区") + "小渠"
                slipped = True
            hao, lou, danyuan = (
                self._pick(HEARD_HAO),
                self._pick(HEARD_LOU),
                self._pick(HEARD_DANYUAN),
            )
            b, e = door.building or 0, door.entrance or 0
            said_b = radio_digits(b) if rng.random() < 0.4 else chinese_number(b)
            said_e = radio_digits(e) if rng.random() < 0.4 else str(e)
            address = f"{name}{said_b}{hao}{lou}{said_e}{danyuan}"
            slipped = slipped or hao != "号" or lou != "楼" or danyuan != "单元"
            slipped = slipped or any(ch in said_b + said_e for ch in "幺两洞")
        else:
            if rng.random() < 0.55:
                unit = rng.choice(self.p.roads)
                town = self._town(unit.township) if rng.random() < 0.5 else ""
            elif rng.random() < 0.4:
                unit = rng.choice(self.p.alone)
                town = ""
            else:
                unit = rng.choice(self.p.in_town)
                town = self._town(unit.township)
            name = unit.name
            if town.endswith("镇") and not name.startswith("振") and rng.random() < 0.5:
                town = town[:-1] + "振"
                slipped = True
            if name[-1] in HEARD_SUFFIX and rng.random() < 0.6:
                name = name[:-1] + self._pick(HEARD_SUFFIX[name[-1]])
                slipped = True
            door = self._door(unit)
            said = number(door.number or 0)
            hao = self._pick(HEARD_HAO)
            slipped = slipped or hao != "号" or any(ch in said for ch in "幺两洞")
            address = town + name + said + hao
        if not slipped:
            return None
        county = self._pick(("", "", "乳山", "乳山市"))
        text = self._pick(SPEECH_OPENINGS) + county + address + self._pick(SPEECH_CLOSINGS)
        return self._written(text, unit, door.id)

    def police_record(self) -> Written | None:
        rng = self.rng
        roll = rng.random()
        person = self._person()
        if roll < 0.2:
            unit, door = self._entrance()
            text = self._pick(POLICE_ENTRANCE).format(
                ts=self._town_short(unit.township),
                c=self._compound_name(unit),
                b=door.building,
                e=door.entrance,
                r=self._room(),
                p=person,
            )
            return self._written(text, unit, door.id)
        if roll < 0.3:
            unit, door = self._building()
            text = self._pick(POLICE_BUILDING).format(
                ts=self._town_short(unit.township), c=self._compound_name(unit), b=door.building
            )
            return self._written(text, unit, door.id)
        form = self._pick(POLICE_DOOR)
        unit = self._road_or_village(0.55)
        door = self._door(unit)
        named_town = "{ts}" in form or "{t}" in form
        town = ""
        if unit.kind is UnitKind.VILLAGE and unit.id not in self.p.alone_ids and not named_town:
            town = self._town(unit.township)
        text = form.format(
            ts=self._town_short(unit.township),
            t=self._town(unit.township),
            a=f"{town}{unit.name}{door.number}号",
            p=person,
        )
        return self._written(text, unit, door.id)

    def bus_stop(self) -> Written | None:
        rng = self.rng
        roll = rng.random()
        line = str(rng.randint(1, 30))
        if roll < 0.3:  # a village
            if rng.random() < 0.4 and self.p.short_villages:
                unit = rng.choice(self.p.short_villages)
                name = unit.name[:-1]
            else:
                unit = rng.choice(self.p.in_town)
                name = unit.name
            if unit.id not in self.p.alone_ids:
                name = self._town_short(unit.township) + name
            text = self._pick(STOP_FORMS).format(x=name, k=line)
            return self._written(text, unit, unit.community or "")
        if roll < 0.45:  # a township government
            township = rng.choice(self.p.townships)
            name = township.name + "政府"
            if township.name.endswith("街道"):
                name = "城区办事处"
            text = self._pick(STOP_FORMS).format(x=name, k=line)
            meant = self.p.meant(None, *self.p.township_names(township.code))
            return None if self.p.holds_other(text, meant) else (text, township.code, TOWNSHIP)
        if roll < 0.6:  # a compound
            unit = rng.choice(self.p.compounds)
            name = self._compound_name(unit)
            if rng.random() < 0.4:
                name += "门口"
            text = self._pick(STOP_FORMS).format(x=name, k=line)
            return self._written(text, unit, unit.community or "")
        if roll < 0.82:
            return self._stop_at_crossing()
        unit = rng.choice(self.p.roads)
        door = self._door(unit)
        text = self._pick(STOP_DOOR).format(u=unit.name, n=door.number)
        return self._written(text, unit, door.id)

    def _stop_at_crossing(self) -> Written | None:
        township = self.rng.choice(self.p.townships).code
        roads = [u for u in self.p.roads if u.township == township]
        across = [u for u in roads if u.line[0][1] == u.line[-1][1]]  # east-west
        along = [u for u in roads if u.line[0][0] == u.line[-1][0]]  # north-south
        if not across or not along:
            return None
        ew, ns = self.rng.choice(across), self.rng.choice(along)
        lon, lat = ns.line[0][0], ew.line[0][1]
        west, east = sorted((ew.line[0][0], ew.line[-1][0]))
        south, north = sorted((ns.line[0][1], ns.line[-1][1]))
        if not (west <= lon <= east and south <= lat <= north):
            return None  # the two roads do not cross
        found = self.p.communities_within(lon, lat, 150)
        if len(found) == 1 and None not in found:
            truth, precision = found.pop() or "", COMMUNITY
        elif None not in found and all((c or "")[:9] == township for c in found):
            truth, precision = township, TOWNSHIP
        else:
            return None  # the stop may lie outside its township
        a, b = (ew, ns) if self.rng.random() < 0.5 else (ns, ew)
        text = self._pick(STOP_CROSSING).format(a=a.name, b=b.name)
        return (text, truth, precision) if self._ok(text, a, b.name) else None

    def wechat_location_share(self) -> Written | None:
        rng = self.rng
        roll = rng.random()
        if roll < 0.12:
            unit = rng.choice(self.p.in_town)
            town = self._town(unit.township)
            name = unit.name
            text = self._pick(SHARED_NEAR).format(t=town, v=name)
            return self._written(text, unit, unit.community or "")
        if roll < 0.4:
            if rng.random() < 0.8:
                unit, door = self._entrance()
                title = f"{self._compound_name(unit)}{door.building}号楼{door.entrance}单元"
            else:
                unit, door = self._building()
                title = f"{self._compound_name(unit)}{door.building}号楼"
            place = unit.name
        else:
            unit = self._road_or_village(0.6)
            door = self._door(unit)
            title = f"{unit.name}{door.number}号"
            if unit.kind is UnitKind.VILLAGE and unit.id not in self.p.alone_ids:
                title = self._town(unit.township) + title
            place = unit.name
        town = self._town(unit.township)
        line = self._pick(
            (f"山东省威海市乳山市{town}{place}", f"乳山市{town}{place}", f"威海市乳山市{town}")
        )
        text = self._pick(SHARED).format(
            full=f"乳山市{town}{title.removeprefix(town)}",
            title=title,
            line=line,
            km=f"{rng.randint(1, 9)}.{rng.randint(0, 9)}",
        )
        return self._written(text, unit, door.id)

    def form_fields(self) -> Written | None:
        rng = self.rng

        def value(full: str, short: str) -> str:
            roll = rng.random()
            if roll < 0.25:
                return self._pick(FORM_BLANKS)
            return full if roll < 0.7 else short

        prov, city, county = (
            value("山东省", "山东"),
            value("威海市", "威海"),
            value("乳山市", "乳山"),
        )
        roll = rng.random()
        if roll < 0.15:  # the village in a field of its own
            unit = rng.choice(self.p.in_town)
            door = self._door(unit)
            text = FORM_VILLAGE.format(town=self._town(unit.township), v=unit.name, n=door.number)
            if rng.random() < 0.5:
                text = f"所在地区：{prov}{city}{county}  " + text
            return self._written(text, unit, door.id)
        layout = self._pick(FORM_LAYOUTS)
        if roll < 0.3:  # the detail left blank: the township
            township = rng.choice(self.p.townships)
            text = layout.format(
                prov=prov, city=city, county=county, town=township.name,
                detail=self._pick(FORM_BLANKS),
            )  # fmt: skip
            meant = self.p.meant(None, *self.p.township_names(township.code))
            return None if self.p.holds_other(text, meant) else (text, township.code, TOWNSHIP)
        if roll < 0.55:
            unit, door = self._entrance()
            detail = f"{self._compound_name(unit)}{door.building}号楼{door.entrance}单元"
            if rng.random() < 0.5:
                detail += f"{self._room()}室"
            blank_ok = True
        elif roll < 0.8:
            unit = rng.choice(self.p.roads)
            door = self._door(unit)
            detail = f"{unit.name}{door.number}号"
            blank_ok = True
        else:
            unit = rng.choice(self.p.in_town)
            door = self._door(unit)
            detail = f"{unit.name}{door.number}号"
            blank_ok = unit.id in self.p.alone_ids
        town = self._town(unit.township)
        if blank_ok and rng.random() < 0.3:
            town = self._pick(FORM_BLANKS)
        text = layout.format(prov=prov, city=city, county=county, town=town, detail=detail)
        return self._written(text, unit, door.id)

    def dictated_with_spelling(self) -> Written | None:
        rng = self.rng
        roll = rng.random()
        if roll < 0.45:
            unit = rng.choice(self.p.roads)
            name = unit.name
            stem = name[:-1]
            door = self._door(unit)
            rest = f"{self._said(door.number or 0)}号"
            prefix = self._town(unit.township) if rng.random() < 0.3 else ""
        elif roll < 0.8:
            unit = rng.choice(self.p.in_town)
            name = unit.name
            stem = name[:-1] if name.endswith("村") else name
            door = self._door(unit)
            rest = f"{self._said(door.number or 0)}号"
            prefix = ""
            if unit.id not in self.p.alone_ids or rng.random() < 0.4:
                prefix = self._town(unit.township)
        else:
            unit, door = self._entrance()
            name = self._compound_name(unit)
            stem = unit.name.removesuffix("小区")
            rest = f"{door.building}号楼{door.entrance}单元"
        chars = [ch for ch in dict.fromkeys(stem) if ch in CHAR_SAID]
        if not chars:
            return None
        spelled = rng.sample(chars, k=min(len(chars), rng.choice((1, 2, 2))))
        spelled.sort(key=stem.index)
        spell = "，".join(CHAR_SAID[ch] for ch in spelled)
        if unit.kind is UnitKind.COMPOUND:
            prefix = ""
        text = self._pick(SPELL_FORMS).format(name=prefix + name, spell=spell, rest=rest)
        return self._written(text, unit, door.id)

    def abbreviation(self) -> Written | None:
        rng = self.rng

        def short_town(code: str) -> str:
            short = self._town_short(code)
            return self._pick(("城", "城", "乳山城")) if short == "城区" else short

        roll = rng.random()
        if roll < 0.35:
            unit = rng.choice(self.p.roads)
            door = self._door(unit)
            form = self._pick(SHORT_ROAD)
            ts = short_town(unit.township)
            if form.startswith("乳山") and ts.startswith("乳山"):
                form = form.removeprefix("乳山")
            text = form.format(ts=ts, u=unit.name, n=door.number)
            return self._written(text, unit, door.id, "乳山城")
        if roll < 0.65:
            unit = rng.choice(self.p.short_villages)
            door = self._door(unit)
            form = self._pick(SHORT_VILLAGE)
            ts = self._town_short(unit.township)
            if "镇" in form and not self._town(unit.township).endswith("镇"):
                form = form.replace("{ts}镇", "{ts}")
            text = form.format(ts=ts, v=unit.name[:-1], n=door.number)
            return self._written(text, unit, door.id)
        unit = rng.choice(self.p.short_compounds)
        doors = [a for a in self.ix.doors[unit.id] if a.entrance is not None]
        door = rng.choice(doors)
        text = self._pick(SHORT_COMPOUND).format(
            s=unit.name.removesuffix("小区"),
            b=door.building,
            e=door.entrance,
            ts=short_town(unit.township),
        )
        return self._written(text, unit, door.id, "乳山城")

    def repeated_address(self) -> Written | None:
        rng = self.rng
        roll = rng.random()
        if roll < 0.3:
            unit, door = self._entrance()
            name = self._compound_name(unit)
            b, e = door.building, door.entrance
            full = f"{name}{b}号楼{e}单元"
            if rng.random() < 0.3:
                full = self._town(unit.township) + full
            parts = [f"{b}号楼{e}单元", f"{name}{b}号楼{e}单元", f"{e}单元", f"{b}号楼{e}单元"]
        elif roll < 0.65:
            unit, where = self._road(town=0.5)
            door = self._door(unit)
            full = f"{where}{door.number}号"
            parts = [f"{unit.name}{door.number}号", f"{door.number}号", unit.name]
        else:
            unit, where = self._village()
            door = self._door(unit)
            full = f"{where}{door.number}号"
            parts = [f"{unit.name}{door.number}号", f"{door.number}号"]
            if unit in self.p.short_villages and unit.id in self.p.alone_ids:
                parts.append(f"{unit.name[:-1]}{door.number}号")
            if unit.id not in self.p.alone_ids:
                parts[0] = where + f"{door.number}号"
        form = self._pick(TWICE)
        part = self._pick(parts)
        if form.startswith("{p}") and part[0].isdigit():
            return None  # a bare number first is not yet an address
        text = form.format(a=full, p=part)
        return self._written(text, unit, door.id)

    def elderly_speech(self) -> Written | None:
        rng = self.rng
        roll = rng.random()
        if roll < 0.2:
            unit, door = self._entrance()
            text = self._pick(ELDER_COMPOUND).format(
                c=self._compound_name(unit),
                b=self._said(door.building or 0),
                e=self._said(door.entrance or 0),
            )
            return self._written(text, unit, door.id)
        if roll < 0.6:
            unit = rng.choice(self.p.roads)
            door = self._door(unit)
            said = self._said(door.number or 0)
            text = self._pick(ELDER_ROAD).format(t=self._town(unit.township), u=unit.name, n=said)
            return self._written(text, unit, door.id)
        unit = rng.choice(self.p.in_town)
        door = self._door(unit)
        said = self._said(door.number or 0)
        name = unit.name
        if unit in self.p.short_villages and rng.random() < 0.4:
            name = name[:-1]
        town = self._pick((self._town(unit.township), self._town_short(unit.township)))
        text = self._pick(ELDER_VILLAGE).format(t=town, v=name, n=said)
        return self._written(text, unit, door.id)

    def odd_separators(self) -> Written | None:
        rng = self.rng
        if rng.random() < 0.25:
            unit, door = self._entrance()
            text = self._pick(SEPARATED_COMPOUND).format(
                t=self._town(unit.township),
                c=self._compound_name(unit),
                b=door.building,
                e=door.entrance,
            )
            return self._written(text, unit, door.id)
        if rng.random() < 0.7:
            unit = rng.choice(self.p.roads) if rng.random() < 0.6 else rng.choice(self.p.in_town)
            door = self._door(unit)
            town = self._pick((self._town(unit.township), self._town_short(unit.township)))
            text = self._pick(SEPARATED_TOWN).format(t=town, u=unit.name, n=door.number)
            return self._written(text, unit, door.id)
        unit = rng.choice(self.p.roads) if rng.random() < 0.6 else rng.choice(self.p.alone)
        door = self._door(unit)
        text = self._pick(SEPARATED_BARE).format(u=unit.name, n=door.number)
        return self._written(text, unit, door.id)

    def neighbour_outside(self) -> Written | None:
        rng = self.rng
        county, short, city, townships = rng.choice(NEIGHBOURS)
        town = self._pick(townships)
        town_short = town.removesuffix("街道").removesuffix("镇")
        road = rng.choice(self.p.roads).name  # a road name 乳山 has too
        village = rng.choice(self.ix.villages).name  # a village name 乳山 has too
        compound = rng.choice(self.p.compounds).name  # a compound name 乳山 has too
        n = rng.randint(1, 150)
        chars = [ch for ch in road[:-1] if ch in CHAR_SAID]
        text = self._pick(NEIGHBOUR_FORMS).format(
            county=county,
            short=short,
            city=city,
            t=town,
            ts=town_short,
            u=road,
            v=village,
            c=compound,
            n=n,
            nc=chinese_number(n),
            b=rng.randint(1, 8),
            e=rng.randint(1, 3),
            spell="，".join(CHAR_SAID[ch] for ch in chars[:1]),
        )
        if "海阳所" in text or "，，" in text:
            return None
        return text, "", OUTSIDE


def build_set(registry: Registry, seed: int = SEED) -> list[Item]:
    """The whole set, the same for the same registry and seed."""
    return collect(_Writer(registry, seed), HABITS)


def _prose(registry: Registry, items: list[Item], habits: Counter[str], run: str) -> list[str]:
    return [
        "## Address placement on a sixth fresh set (v6)",
        "",
        "Command: `python bench/fresh_addresses_v6.py`",
        "",
        f"Run: {run}, CPython {sys.version.split()[0]}. Set `{SET_NAME}`"
        f" (bench/fresh_addresses_v6.py, seed {SEED}), generated from demo registry"
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
        " number, the road, the township, a building or an entrance (口误, 我说错了, 不是…是…,"
        " 是…不是…, 哦不, 等等, 刚才说的不对, 更正一下, 纠正, 应该在…); reverse_order, from the"
        " room or door up to the county, with and without separators; english_mix, English"
        " words and pinyin (No., Rd, Street, Ave, Bldg, Block, Unit, Rm, Apt, Village,"
        " Community, Town, Rushan, Weihai, Shandong); numbers_mixed, full-width and half-width"
        " digits in one number, Chinese numerals beside digits, 两, 〇, 廿, 一百零八;"
        " speech_slips, 毫/浩/豪 for 号, 露/禄 for 路, 阶 for 街, 春 for 村, 振 for 镇, 喽/娄"
        " for 楼, 单员/单原 for 单元, 小渠 for 小区, numbers read with 幺, 两 and 洞;"
        " police_record, a police record (…派出所辖区…号门前); bus_stop, a bus stop named after"
        " a village, a township government, a compound, a crossing or at a door;"
        " wechat_location_share, a shared location ([位置]乳山市…); form_fields, an address"
        " form's fields, some blank; dictated_with_spelling, a name spelled character by"
        " character (黄色的黄，河水的河); abbreviation, 城 for 城区, 夏村 for 夏村镇, 社 for 社区,"
        " 小区 and 村 dropped, # for 号楼; repeated_address, the address twice, once in part;"
        " elderly_speech, an elderly caller's fillers (那个那个……就是…那个十二号);"
        " odd_separators, the parts joined by /, >, ·, _, ｜, 【】; neighbour_outside, an"
        " address in 文登/海阳/牟平/荣成/环翠, mostly with a road, village or compound name"
        " 乳山 has too.",
        "",
        "Labels a reader may dispute: a correction is the corrected address, and what it does"
        " not repeat carries over from what was said before (黄河路12号，哦不，是新华街 is"
        " 新华街12号; a corrected township keeps the village and number; a corrected entrance"
        " keeps the building); 是A，不是B is A; an address from the smallest part up is the"
        " entrance or door it names; No. is 号, Rd/Road 路, St/Street 街, Ave the one road of"
        " that stem, Bldg/Block 号楼, Unit 单元, Rm/Room/Apt a room (with an entrance, that"
        " entrance; without, the building; at a road door, the door), Village 村, Community"
        " 社区 and X Community Block 3 the compound's building, as v1 reads X社区3号楼; a road"
        " in pinyin only when its stem names one road; numbers are the number they spell"
        " (一百12号 is 112, 廿三 23, 一〇八 108, 两 2); speech slips are read as meant, 幺洞八"
        " is 108; a police record's 门前/门口/院内/家中 are the door, 楼道内 the entrance, 楼下"
        " the building; a bus stop named after a village is the village, after a township"
        " government the township, after a compound the compound's community, at a crossing"
        " the community whose cells hold every point within 150 m of it (else the township,"
        " else dropped), at a door's gate the door; a shared location is its most precise"
        " address, X村附近 the village; a form's blank fields say nothing, and a form with the"
        " township but no detail is the township; a spelled name is the name; 城/乳山城 is"
        " 城区街道, a short village or compound name is the village or compound when no other"
        " name holds it, 3# is 3号楼 and 3#2 building 3, entrance 2; an address said twice is"
        " the fuller one; fillers change nothing; a number in brackets after a road is its"
        " door; an address in a neighbouring county is not placeable, even when it says it is"
        " not 乳山 or corrects a 乳山 address to it.",
        "",
    ]


def main(argv: list[str] | None = None) -> None:
    run_set(
        argv, __doc__ or "", build_set, _prose, section=SECTION, misses=MISSES,
        set_name=SET_NAME, habits=HABITS, outside=OUTSIDE_HABIT,
    )  # fmt: skip


if __name__ == "__main__":
    main()
