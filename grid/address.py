"""Address text normalisation: the messy text of a report, made comparable with the registry.

Pure. What it does, in order, and why:
1. NFKC: full-width digits and letters (１２号) become ASCII (12号); traditional characters
   become simplified (南黃鎮 -> 南黄镇, OpenCC's t2s: phrase by phrase, so 乾 stays in 乾隆).
2. Chinese numerals become digits only where they are numbers, that is right before a
   house-number or distance suffix (十二号, 三号楼, 二单元, 五十米); 幸福一村 stays as it is.
3. Offset phrases (路口东50米, 往北约100米, 以东50米) are taken out and kept as a direction and
   a distance; a corner of a crossing (路口西北角) is 10 m each way.
4. An intersection (A与B路口, A和B交叉口) is recognised, so the matcher looks for two roads; a
   crossing word alone (A B路口, A B交口) is noted too: the matcher decides whether two roads
   are named.
5. Numbers joined by dashes are read before the dashes go: 3-2-501 is building, entrance and
   room; 12-1号 after a road or village a door's sub-door; 1-3 (no 号), or 3-4号 after any
   other name (碧海苑3-4号), building and entrance (on a road, the door). An entrance written
   before its building (4单元4号楼) is put after it; spoken words before a number
   (华夏街那个82号) are left out.
6. Punctuation and spaces go; '#' as in 3#楼 means 号.
7. A village's group (三甲庄村3组12号, 5队, 第二村民小组) is taken out and kept: the registry
   counts a village's doors without groups, so the group's number is never a door.
8. A caller's correction (说错了，是瑞祥路29号; 是31号，不是29号; 3号楼才对; 改一下，4单元)
   keeps what was corrected to and what it does not repeat, where the caller lives or came
   from (我家是…; 从…来的) is left out when another place is named, and an address in
   reverse order (501室2单元3号楼静园小区静园社区) has its numbers put after its first road,
   village or compound.
8b. A word that puts the incident beside a door rather than at it (12号对面, 8号旁边, 隔壁,
   附近) is noted, so the matcher does not take the door for the place.
9. A door number read off a form with a letter for a digit (1O9号, l3号) is that number.
   Speech input's slips next to a number are read as meant (十二好 -> 12号, 幺零八号 and
   幺洞八号 -> 108号, 3好搂2单圆 -> 3号楼2单元), a number said partly in words (一百12号 ->
   112号, 三十5号, 廿三号) as the number, a name spelled out character by character
   (黄河的黄，河水的河，路 -> 黄河路) as the name, and a run or a list of doors (12-16号,
   12至16号, 12、14号) keeps its first door as the reference, with the doors written kept
   for the matcher.
Landmark fillers (附近, 对面, 门口 ...) are left in: real names contain them (车门口村), so
they are only dropped from stretches of text that no registry name matched (strip_fillers).
Aliases (乳山 / 乳山市, 城区 / 城区街道) are not rewritten here: the registry knows them and
the matcher looks them up.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import cn2an
import opencc

NUMBER_SUFFIXES = (
    "号楼", "号院", "号", "栋", "幢", "座", "单元", "室", "户", "层", "楼", "米", "网格",
)  # fmt: skip
_CN_DIGITS = "零〇一二两三四五六七八九十百千"
# Speech input: what a phone writes for what was said. 幺 is 1 read out digit by digit
# (幺零八号); 号 comes out as 好/浩/耗/豪/毫 after a number, 楼 as 搂/喽/娄, 单元 as 单圆/单员.
# Only next to a number, where no name is (好运来超市 keeps its 好).
_SPOKEN_ONE = re.compile(f"幺(?=[{_CN_DIGITS}幺]*(?:{'|'.join(NUMBER_SUFFIXES)}|好|浩|耗|豪|毫))")
# 要 (a slip for 幺) after a name's end and 拐 (7) after another digit, in a number read digit
# by digit (东珠塂村要三号 is 13号, 黄河路幺拐号 17号): 我要三号楼, 拐角, 左拐三号楼 and
# 街道要三号前 are left as they are.
_SPOKEN_DIGIT_SLIP = re.compile(
    f"(?:(?<=[{_CN_DIGITS}幺村庄屯路街巷寸揭皆])要|(?<=[{_CN_DIGITS}幺])拐)"
    f"(?=[{_CN_DIGITS}幺要拐]*(?:{'|'.join(NUMBER_SUFFIXES)}|好|浩|耗|豪|毫|昊|皓|灏))"
)
_SPOKEN_HAO = re.compile(f"(?<=[\\d{_CN_DIGITS}])(?:好|浩|耗|豪|毫|昊|皓|灏)")
_SPOKEN_LOU = re.compile("(?<=[\\d号])[搂喽娄篓蒌]")
_SPOKEN_UNIT = re.compile("(?<=\\d)(?:单[圆员原园源]|担元|丹元)")
# A street's or village's suffix slipped to a word of the same sound right before the door
# number (兴业皆83号, 河北寸13号; a road's 路 slipped the matcher finds by its pinyin); 晓区
# is always 小区.
_SPOKEN_SUFFIX = re.compile(
    f"(?<=[\\u4e00-\\u9fff])([皆揭]|[存寸忖])(?=[\\d{_CN_DIGITS}幺]+号(?!楼))"
)
_SUFFIX_MEANT = {**dict.fromkeys("皆揭", "街"), **dict.fromkeys("存寸忖", "村")}
_CN_ANY = re.compile(f"[{_CN_DIGITS}]")
# A door number read off a form or typed in a hurry with a letter for a digit (1O9号, l3号,
# 2s号): O, θ and D are 0, l, I, i and | 1, Z 2, З 3, Ч 4, S and s 5, G 6, B 8, q 9. Only O, l,
# I, i and the like may open the number (B12号, D3号 are a shop's and a stall's, and a bar
# before a number is a separator, 府前路|56号). Only a short run of digits and such letters,
# at least one a digit, right before 号 and not part of a word (No.12号 keeps its No).
_OCR_NUMBER = re.compile(
    r"(?<![A-Za-z\s])(?=[OolIiθЗЧ]*\d)[0-9OolIiθЗЧ](?:[0-9OolIiθЗЧ]|(?<=\d)[|ZSsBDGq]){1,3}"
    r"(?=号(?!楼))"
)
_OCR_DIGITS = str.maketrans("OolIi|ZSsBDGqθЗЧ", "0011112558069034")
_OCR_LETTER = re.compile("[OolIi|ZSsBDGqθЗЧ]")
_NUMBER_IN_WORDS_TOO = re.compile(f"(\\d{{1,4}})\\s*[（(]\\s*[{_CN_DIGITS}]+\\s*[)）]")
_PART_COUNTER = re.compile(r"[（(]\s*\d{1,2}\s*/\s*\d{1,2}\s*[)）]")
# A compound's zone or phase before a building (3区6号楼, 二期5号楼): the registry numbers
# a compound's buildings without them.
_ZONE = re.compile(
    f"(?<=[\\u4e00-\\u9fff，,\\s])[\\d{_CN_DIGITS}]+(?:区|期)(?=[\\d{_CN_DIGITS}]+(?:号楼|栋|幢|座))"
)
_OCR_HAO = re.compile(r"(?<=[\dOolIi|ZSsBDGqθЗЧ])[亏兮](?![损本钱了])")
# A number said partly in words and partly in digits (一百12号, 三十5号): the words give the
# hundreds or tens, the digits the rest. 廿 and 卅 are twenty and thirty; 洞 is a spoken 0.
_MIXED_NUMBER = re.compile(f"([{_CN_DIGITS}]*[十百千])(\\d{{1,3}})(?=号|栋|幢|座|单元|室|楼)")
_OLD_TENS = str.maketrans({"廿": "二十", "卅": "三十"})
# Digits with the units said in words (1百3十1号, 2十3号, 1百零8号): the number they spell.
_DIGITS_WITH_UNITS = re.compile(r"(?<!\d)((?:\d[千百十]零?)+\d?)(?=号|栋|幢|座|单元|室|楼)")
_UNIT_VALUE = {"千": 1000, "百": 100, "十": 10}
_SPOKEN_ZERO = re.compile(f"(?<=[{_CN_DIGITS}幺])洞|洞(?=[{_CN_DIGITS}幺])")
# A name spelled out character by character (黄河的黄，河水的河，路): each "X的Y" where Y is a
# character of X stands for Y.
_SPELLED = re.compile(r"([\u4e00-\u9fff]{1,4})的([\u4e00-\u9fff])[，,、\s]*")
# The name written whole, then one of its characters spelled (杜家村的家是大家的家; 郑家村的郑
# 是郑重的郑): the spelling goes, the name stays.
_SPELLED_AFTER = re.compile(r"的([\u4e00-\u9fff])是([\u4e00-\u9fff]{1,3}?)的\1[，,、\s]*")
_CN_NUMBER = re.compile(f"([{_CN_DIGITS}]+)(?=(?:{'|'.join(NUMBER_SUFFIXES)}))")
_DIRECTIONS = {
    "东": (1.0, 0.0),
    "西": (-1.0, 0.0),
    "南": (0.0, -1.0),
    "北": (0.0, 1.0),
    "东南": (0.7071, -0.7071),
    "东北": (0.7071, 0.7071),
    "西南": (-0.7071, -0.7071),
    "西北": (-0.7071, 0.7071),
}
_OFFSET = re.compile(
    r"(?:往|向|朝|以)?(东南|东北|西南|西北|东|西|南|北)(?:侧|边|面|方向)?(?:约|大约)?"
    r"(\d+(?:\.\d+)?)(?:米|m|M|公尺)(?:处|左右)?"
)
_CORNER = re.compile(r"(东南|东北|西南|西北)(?:角|拐角)")
CORNER_M = 10.0  # a corner of a crossing: this far east/west and north/south of it
_INTERSECTION = re.compile(
    r"(?:与|和|同|跟|交)(?=.+?(?:十字路口|交叉路口|交叉口|路口|交汇处|交界处))"
)
_INTERSECTION_WORDS = re.compile(r"十字路口|交叉路口|交叉口|交汇口|交汇处|交界处|交口|路口|街口")
# Numbers joined by dashes, read before the dashes go with the other punctuation:
# 3-2-501 is building 3, entrance 2, room 501; 12-1号 is door 12's sub-door 1 (附号), placed
# at door 12 (a run, 12-14号, is read before: _DOOR_RUN).
_DASH = "-—–~～"
_BUILDING_ENTRANCE_ROOM = re.compile(f"(\\d+)[{_DASH}](\\d+)[{_DASH}](\\d+)(?:室|号)?")
_ANY_DASH = re.compile(f"[{_DASH}]")
_DOOR_AND_SUB = re.compile(f"(\\d+)[{_DASH}](\\d+)号")
# A list of doors (12、14号, 12和14号, 12号、14号): the first is the reference door, as for
# a run (12-16号); the note says which doors were written.
_DOOR_LIST = re.compile(r"(\d+)号?((?:(?:、|,|，|和|及|与)\d+号?)+)(?=号|$|[^\d楼栋幢座单室])")
# A list of buildings, entrances, floors or rooms (3、5号楼, 1、2单元, 2和3层): the first is the
# reference, as for doors; read before doors, so the list's numbers are never glued together
# (1、2单元 is not entrance 12) nor taken for doors.
_UNIT_LIST = re.compile(
    r"(?<!\d)(\d{1,4})(号?)((?:(?:、|和|及|与)\d{1,4}号?)+)(号楼|楼|栋|幢|座|单元|层|室)"
)
# A run of doors after a road or a village (12至16号, 12号到16号, 12~16号, 12-16号): the first
# is the reference door. 12-1号 (the second number smaller) is a sub-door, not a run.
_DOOR_RUN = re.compile(f"(\\d+)号?(?:至|到|[{_DASH}])(\\d+)号(?![楼院])")
LONGEST_RUN = 200  # doors; a longer 'run' is not one (a typo, a year)
# Two numbers and no 号: building and entrance (静园小区1-3), as people write them.
_BUILDING_ENTRANCE = re.compile(f"(\\d+)[{_DASH}](\\d+)(?![{_DASH}\\d号])")
_FILLERS = re.compile(r"^(?:位于|在)|附近|旁边|对面|门口|周边|一带|沿线|处")
# Spoken words between a name and its number (华夏街那个82号): not part of either.
_SPOKEN_BEFORE_NUMBER = re.compile(r"(?:那个|这个|那边的?|这边的?|那里的?|这里的?|那儿的?)(?=\d)")
# The entrance written before its building (4单元4号楼): put back in the usual order.
# The door written first, with a word before it or the road after a break: 门牌12号 城区黄河路,
# No.9 官地村, 29号（育黎华夏街）. Read once the punctuation is gone: the rest must hold no
# other number (3号楼2单元 and 1组12号 are not this).
_DOOR_FIRST = re.compile(
    r"^(?:门牌号?|门号|no\.?)?(\d{1,4})号?(?![号楼院门栋幢座单\d])(?P<rest>[\u4e00-\u9fff]\D+)$",
    re.IGNORECASE,
)
# The whole address in reverse order, smallest first (501室2单元3号楼静园小区静园社区城区街道,
# 29号瑞祥路城区街道乳山市): the numbers go right after the first road, village or compound
# name, building before entrance before room.
_NUMBERS_FIRST = re.compile(
    r"^(?P<numbers>(?:\d{1,4}(?:号楼|号院|号|栋|幢|座|单元|室|户|层|楼))+)(?P<rest>[\u4e00-\u9fff]\D*)$"
)
_NUMBER_PARTS = re.compile(r"(\d{1,4})(号楼|号院|号|栋|幢|座|单元|室|户|层|楼)")
_NUMBER_ORDER = {"号": 0, "号院": 0, "号楼": 1, "栋": 1, "幢": 1, "座": 1, "楼": 1, "单元": 2,
                 "层": 3, "室": 4, "户": 4}  # fmt: skip
_PLACE_END = re.compile(
    r"小区|花园|家园|公寓|大道|大街|路|街(?!道)|巷|村(?![镇乡])|庄(?![镇乡])|屯"
)
# A caller who corrects what they said: 说错了，是瑞祥路29号; 是31号，不是29号;
# 不是黄河路，是长江路.
# What comes after the last correction word is the address; a number alone replaces the last
# number said before it; what follows 不是 up to the next 是 or break is what it is not.
_CORRECTION = re.compile(
    r"(?:我|俺)?(?:说错了|说错|搞错了|搞混了|写错了|记错了|打错了|弄错了|讲错了|说反了|口误"
    r"|不对|错[了啦喽咯]|更正|纠正|应该是|应该在|应为|准确地说|确切地说|准确说|准确来说|其实是|改为|改成|改一下"
    r"|重新说|重说|再说一遍|改过来|看错了|记岔了|说岔了|打住|重来|弄混了|说?秃噜(?:嘴)?了?|哦不对|噢不对|哦不|噢不|不不|等等|等一下)"
)
# What is left at the end of what was said before a correction: a courtesy, a filler, the
# word for what is being corrected (黄河路12号，不好意思，号码…).
_SAID_TAIL = re.compile(
    r"(?:[，,。；;!！?？、….\s啊呀哦噢嗯]|不好意思|对不起|抱歉|哎呀|哎|唉|号码|门牌号|门牌|地址"
    r"|路名|名字|属于|我|俺)+$"
)
_SPOKEN_BEFORE_NUMBER_IN_CORRECTION = re.compile(r"(?:门牌)?(?:还是|仍是|仍然是|也是)(?=\d)")
# What the caller says was wrong, in the forms that name it outright: 刚才说的129号, 刚才说成
# 广场街了, 冯家镇瑞祥街57号是错的, (原登记…15号有误). Left out, as what follows 不是 is, when
# it names a place or a number and a place is left.
_SAID_WRONG = re.compile(
    r"(?:刚才|刚刚|前面|之前)(?:说的|说成|讲的|讲成|写的|写成)[^，,。；;!！]*"
    r"|[^，,。；;!！(（]*(?:是错的|有误(?!会))"
)
# What the caller says is right: 3号楼才对, 是复兴街才对: a correction to what it names.
_SAID_RIGHT = re.compile(r"是?([^，,。；;!！]+?)才对")
# 二十三号？不是，是三十二号; 哎呀不是乳山，是文登区…; 哦不是，大孤山镇…: 不是 before a break
# (and what it names, then 是) takes back what came before.
_NO_IT_IS = re.compile(r"不是[^，,。；;!！]{0,12}?[，,、\s]+(?=是)|不是[，,、\s]+")
# Someone beside the caller puts it right (我儿子在旁边说是…, 我妹妹讲是…); 据说是, 物业说是
# report, they correct nothing.
_RELAYED = re.compile(
    r"(?:旁边|[爸妈姑姨舅叔婶奶爷姥哥姐弟妹儿女]{1,2}|老伴|孩子|媳妇|对象)[^，,。；;!！]{0,6}?"
    r"(?:说|讲)(?:的)?是"
)
# Words that introduce what is corrected (门牌45号, 路名：青山路, 属于海阳所镇).
_CORRECTED_LABEL = re.compile(r"^(?:门牌号码|门牌号|门牌|号码|路名|地址|名字|属于)[是为:：]?")
_ONE_NUMBER = re.compile(f"([\\d{_CN_DIGITS}]+)(号楼|号院|号(?!码)|栋|幢|座|单元|室|层|楼)")
_NUMBER_KIND = {"号": "door", "号院": "door", "号楼": "building", "栋": "building",
                "幢": "building", "座": "building", "楼": "building", "单元": "entrance",
                "层": "floor", "室": "room"}  # fmt: skip
# The parts of a text (between breaks or brackets): for a part said again after the address,
# and for the parts that name a place.
_CLAUSE_BREAK = re.compile(r"(?:[，,。；;!！?？\n…—（）()]|\.{2,})+")
# A part that is only numbers of a door or a compound, alone or after words that lead to
# them (准确来说是4号楼, 门牌上是121号, 哎呀, 25号).
_NUMBERS_ALONE = re.compile(
    f"^(?P<lead>[^\\d{_CN_DIGITS}路街巷村庄屯区园苑楼号镇乡]{{0,12}}?)"
    f"(?P<numbers>(?:[\\d{_CN_DIGITS}]+(?:号楼|号院|号|栋|幢|座|单元|室|层|楼))+)$"
)
# Words before a number that make it another thing, not the address said again: a neighbour,
# a second place, an old plate, a parking space or a stall, a pole, a date, a count.
_NOT_SAID_AGAIN = re.compile(
    r"对面|隔壁|旁边|附近|靠近|挨着|边上|后面|前面|里面|后边|前边|还有|以及|原|即|第|老门牌|车位|摊位"
    r"|车库|地下室|杆|月|日|时间|预计|共|院内"
    r"|电话|尾号|楼下|楼上|层|车牌|牌照|车号|[A-Za-z]"
)
# A part that names a road alone after 是 (准确来说是青年路, 不算，是人民街).
_ROAD_ALONE = re.compile(r"是((?:(?![了着过在])[\u4e00-\u9fff]){1,12}?(?:大道|大街|路|街|巷))$")
# A road alone as a part (…路名不是福临路，海景街): a correction only after a 不是.
_BARE_ROAD = re.compile(r"^([\u4e00-\u9fff]{1,6}?(?:大道|大街|路|街|巷))$")
_NEARNESS = re.compile(r"旁边|对面|附近|靠近|挨着|边上|隔壁|路口|交叉|拐角|东边|西边|南边|北边")
# The road and its door at the start of an address (新华街143号): what a road alone replaces.
_ROAD_THEN_DOOR = re.compile(r"^[^\d]*?(?:大道|大街|路|街|巷)((?:\d+号)(?!楼))")
_CN_OR_DIGIT = re.compile(f"[\\d{_CN_DIGITS}]")
# A township alone (夏村镇的, 属于城区街道): the correction of the township only.
_ONLY_TOWNSHIP = re.compile(r"^[\u4e00-\u9fff]{2,5}(?:镇|街道|乡)的?$")
_A_TOWNSHIP = re.compile(r"(?:(?![的于在是属和与市])[\u4e00-\u9fff]){2,4}?(?:镇|街道|乡)的?")
# The numbers at the end of what was said first (12号, 3号楼2单元): a correction that names
# only another road or compound keeps them (黄河路12号，哦不，是新华街 means 新华街12号).
_TRAILING_NUMBERS = re.compile(r"(?:\d+(?:号楼|号院|号|栋|幢|座|单元|室|户|层|楼))+$")
# A number of a door or a compound, and a place named by its name (a village, a compound, a
# road; not 路面, 路灯, 村民, 路边, 街道: words that only hold a place's ending).
_A_NUMBER_TEXT = f"[\\d{_CN_DIGITS}]+(?:号楼|号院|号|栋|幢|座|单元)"
_A_NAMED_PLACE_TEXT = (
    r"[\u4e00-\u9fff]{2,}(?:村|庄|屯|小区|花园|家园|社区|公寓)(?![民委里边口头])"
    r"|[\u4e00-\u9fff]{2,}(?:路|街|大道)(?![面灯边口上旁道])"
)
_A_NUMBER = re.compile(_A_NUMBER_TEXT)
_A_NAMED_PLACE = re.compile(_A_NAMED_PLACE_TEXT)
_AN_ADDRESS = re.compile(f"{_A_NUMBER_TEXT}|{_A_NAMED_PLACE_TEXT}")
_COUNTY_NAMED = re.compile(r"乳山|[\u4e00-\u9fff]{2}(?:市|县|区)")
# Where the reporter lives, works or studies, said beside where it happened (在黄河路12号，我住
# 瑞祥路29号; 黄河路12号（来电人住瑞祥路29号）; 单位在…; 我姑家是…): not the incident's place,
# unless nothing else is named. 施工单位在… is where the incident is.
_HOME = re.compile(
    r"(?:(?:我|本人|来电人|报告人|举报人|反映人|报警人|投诉人|当事人)(?:家)?"
    r"(?:住址[是为:：]?|住在|家住|住|家在|户籍在|户口在)|我家(?:是|在)|家住|户籍在|户口在"
    r"|(?:(?<![\u4e00-\u9fff])|(?<=[我的]))(?:工作)?(?:单位|公司)(?:在|地址[是为:：]?)"
    r"|上班在|替?住在"
    r"|(?:[爸妈姑姨舅叔婶奶爷姥哥姐弟妹儿女婆娘岳公]{1,2}|亲戚|朋友|同事|老人|她|他)家(?:是|在|住)"
    r"|(?<=[，,])住(?:在)?(?=[^，,。；;!！()（）]*(?:号|单元))"
    r"|(?:我|俺|本人)在(?=[^，,。；;!！()（）]*住)"
    r"|(?:我|本人|来电人)?人?在(?=[^，,。；;!！()（）]*?(?:上班|工作|上学|读书)))"
    r"[^，,。；;!！()（）]*"
)
# Where the caller came from (从冯家镇西棘子园村40号来的; 从乳山过来，往西走到…) and who the
# caller is (我是乳山人; 乳山回来的车): the journey's start or a person, not where it happened,
# unless nothing else is named.
_ORIGIN = re.compile(
    r"从[^，,。；;!！()（）]*?(?:过来的?|来的|出发的?)|[\u4e00-\u9fff]{2,3}回来的"
    r"|我是[\u4e00-\u9fff]{2,4}人(?=[，,。；;!！]|$)"
)
# A part that places the caller, not the incident: the caller's own words (我, 报事人)
# without a word of seeing, reporting or of what happened, or the caller's register,
# destination, car, whereabouts or last report (户籍地…, 正往…赶, 我要去的是…, 我的车停在…,
# 现在在…, 上回我报的是…).
# Words of what happened (a burst pipe, a dead cat, smoke, a quarrel): the part of a text
# that holds them, or that comes right before them, is where it happened. None of these
# characters is in a place name here.
_WHAT_HAPPENED = (
    r"臭|熏|吵|烧|扑|偷|抢|闪|砸|撞|刮|坑|窟窿|歪|死|咬|乱|违|占|塌|裂|漏|堵|冒|溢|坏|破|断|缺|掉"
    r"|丢|被|摔|脏|污|火|烟|味|噪|积水|垃圾|没人|不亮|鼓包|松动|脱落|泄漏|打架|私搭|私拉"
)
_HAPPENED = re.compile(_WHAT_HAPPENED)
_CALLER_WORD = re.compile(
    r"我|俺|本人|来电人|报事人|报警人|报告人|投诉人|反映人|当事人|发现人|亲戚|朋友|邻居|家属"
)
_CALLERS_PLACE = re.compile(
    r"户籍地|户籍|户口|现居|常住|住址|单位|上回|上次|之前报|以前报|要去|正往|赶往|去往"
    r"|停在|搁在|放在|现在在|现在人在|从[^，,。；;!！]*?出来|租的|租住|寄到|快递|联系地址|非事发地"
    r"|(?:号|单元|号楼)的(?:老|小|大)?[\u4e00-\u9fff]{1,3}?(?:和|一块|一起|也)"
)
_SEEN_OR_REPORTED = re.compile(
    r"反映|看见|看到|发现(?!人)|碰上|碰到|遇到|遇见|举报|投诉|报警|出事|发生|" + _WHAT_HAPPENED
)
# An operator's question and the caller's answer (话务员：是X吗？来电人：…Y): an answer that
# names a place is the address, one that does not (对, 是的) confirms the question's.
_OPERATOR_ASKED = re.compile(r"(?:话务员|接线员|坐席|客服)[:：]")
_CALLER_ANSWERS = re.compile(r"(?:来电人|市民|群众|居民|报事人)[:：]")
# Words that say the numbered place after them is where it happened (但是事情在…, 现在要反映的
# 是…, 上班路上看见…): what came before them, when it names a place too, is someone's home,
# work or whereabouts.
_INCIDENT_HERE = re.compile(
    r"(?:事情|事儿|问题|事发|出事)(?:是|就)?(?:在|地点|地址|发生在)[:：是]?"
    r"|要?反映的?(?:是|问题在|事在|事是)|看见|看到|发现(?!人)"
)
# 问题不在她家，在广场街16号: what it is not at, then the place where it is.
_NOT_AT = re.compile(
    r"(?<=问题|事情|事儿|地方)不在[^，,。；;!！]{0,12}[，,]\s*"
    r"(?=在[^，,。；;!！]*?(?:路|街|村|庄|小区|花园|号))"
)
_NOT_THIS = re.compile(r"不是[^，,。；;!！]*?(?=[，,。；;!！]|而是|是|$)")
# A door number said in digits or words (12号, 十二号, 十几号): the one a correction replaces.
_SAID_NUMBER = re.compile(f"[\\d{_CN_DIGITS}]+号")
_LAST_SAID_NUMBER = re.compile(f"[\\d{_CN_DIGITS}几]+(?=号(?![楼院码]))")
# A commune and its brigade (诸往公社垛疃大队, 冯家人民公社) are the township and the village
# they became in 1984; read only where the text says 公社 (a 交警大队 is no village).
_COMMUNE = re.compile(r"(?:人民)?公社")
_BRIGADE = re.compile(r"(?:生产)?大队")
_ENTRANCE_FIRST = re.compile(r"(\d+)单元(\d+)(号楼|栋|幢|座)")
# A dashed pair with 号 after a name that is not a road's or a village's (碧海苑3-4号): a
# compound's building and entrance; after 路/街/村 ... it is a door's sub-door or a run.
_DOOR_NAME_ENDINGS = "路街巷道村庄屯"
# A village's group (村民小组, 生产队) after the village's name: 3组, 第三组, 二队, 5小组.
_VILLAGE_GROUP = re.compile(
    f"(?<=[村庄屯寨])第?(\\d+|[{_CN_DIGITS}]+)(?:村民)?(?:小组|组|队|社)(?!区|团|织|长)"
)
# Beside a door, not at it: 12号对面, 8号楼旁边, 5号隔壁, 3号附近, 7号斜对过.
_BESIDE_A_DOOR = re.compile(
    r"\d(?:号楼|号院|号|栋|幢|座)(斜对面|对面|斜对过|对过|旁边|隔壁|边上|附近|周边|一带|后面|后边|背后)"
)
# '.' is kept until the offset phrase is read (东12.5米), then dropped.
_PUNCTUATION = str.maketrans(
    "", "", " \t\r\n,;:!?，。；：！？、·•/\\|_()[]{}<>（）【】《》「」『』\"'“”‘’`~-—–"
)


@dataclass(frozen=True, slots=True)
class NormalisedAddress:
    text: str
    notes: tuple[str, ...] = ()
    offset_east_m: float = 0.0
    offset_north_m: float = 0.0
    intersection: bool = False  # two names joined by 与/和/跟/同 before a crossing word
    crossing_word: bool = False  # a crossing word (路口, 交叉口, 交口 ...) anywhere
    village_group: int | None = None  # 3 for 三甲庄村3组: no door number
    beside: str | None = None  # 对面 for 黄河路12号对面: near the door, not at it
    doors_written: tuple[int, ...] = ()  # 12, 14 for 12、14号; 12 .. 16 for 12-16号
    corrected: bool = False  # read from a caller's correction (说错了，是…): never confident


@lru_cache(maxsize=1)
def _to_simplified() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def simplified(text: str) -> str:
    """Traditional characters as simplified (a registry name is normalised the same way, so
    a name that has one still matches)."""
    return _to_simplified().convert(text) if not text.isascii() else text


@lru_cache(maxsize=4096)
def _cn_to_int(numeral: str) -> str:
    try:
        return str(int(cn2an.cn2an(numeral, "smart")))
    except (ValueError, KeyError):
        return numeral


def digits_for_numerals(text: str) -> str:
    """十二号 -> 12号, 三号楼二单元 -> 3号楼2单元; 幸福一村 is left alone."""
    return _CN_NUMBER.sub(lambda m: _cn_to_int(m.group(1)), text)


def normalise_address(raw: str) -> NormalisedAddress:
    text = simplified(unicodedata.normalize("NFKC", raw).strip())
    text = text.replace("#", "号").replace("号号", "号")
    notes: list[str] = []
    if "(" in text or "（" in text:  # 5（五）号: the number with its words in brackets
        text = _NUMBER_IN_WORDS_TOO.sub(r"\1", text)
    if "/" in text:  # a message sent in parts (1/2, 2/2): the counters are no numbers
        text = _PART_COUNTER.sub("，", text)
    if "区" in text or "期" in text:
        zone = _ZONE.search(text)
        if zone is not None:
            notes.append(f"zone or phase {zone.group(0)!r} left out: the registry has none")
            text = _ZONE.sub("", text)
    if "亏" in text or "兮" in text:  # 号 read off a form as 亏 or 兮 after the number
        text = _OCR_HAO.sub("号", text)
    if _OCR_LETTER.search(text) and _OCR_NUMBER.search(text):
        text = _OCR_NUMBER.sub(lambda m: _read_ocr_number(m, notes), text)
    text = _read_speech_slips(text, notes)
    if "的" in text:
        text = _read_spelled(_without_spelling(text, notes), notes)
    text = _read_mixed_numbers(text, notes)
    text, corrected = _read_correction(text, notes)
    if _OPERATOR_ASKED.search(text):
        text = _callers_answer(text, notes)
    # Two places need two parts of the text or two numbers; most addresses have neither.
    if _CLAUSE_BREAK.search(text) or len(_A_NUMBER.findall(text)) > 1:
        if _INCIDENT_HERE.search(text):
            text = _where_it_happened(text, notes)
        if _HOME.search(text) or _ORIGIN.search(text):
            text = _without_home(text, notes)
        if _CALLER_WORD.search(text) or _CALLERS_PLACE.search(text):
            text = _without_callers_places(text, notes)
    doors_written: list[int] = []
    if _UNIT_LIST.search(text):
        text = _UNIT_LIST.sub(lambda m: _first_unit_of_list(m, notes), text)
    if _DOOR_LIST.search(text):
        text = _DOOR_LIST.sub(lambda m: _first_of_list(m, notes, doors_written), text)
    if run := _DOOR_RUN.search(text):
        first, last = int(run.group(1)), int(run.group(2))
        # Only after a road's or a village's name: 碧海苑3-4号 is building 3, entrance 4.
        after_a_door_name = run.start() > 0 and text[run.start() - 1] in _DOOR_NAME_ENDINGS
        if after_a_door_name and first < last <= first + LONGEST_RUN:
            doors_written[:] = range(first, last + 1)
            notes.append(f"doors {first}号 to {last}号 written: door {first}号 is the reference")
            text = f"{text[: run.start()]}{first}号{text[run.end() :]}"
    if _ANY_DASH.search(text):
        text, notes = _read_dashed_numbers(text, notes)
    text = text.translate(_PUNCTUATION)
    if "公社" in text:
        text = _BRIGADE.sub("村", _COMMUNE.sub("镇", text))
        notes.append("commune and brigade read as the township and village they became")
    first = _DOOR_FIRST.match(text)
    reverse = _NUMBERS_FIRST.match(text) if first is None else None
    if first is not None:
        notes.append(f"door {first.group(1)}号 written before the name")
        text = _after_the_first_name(first.group("rest"), f"{first.group(1)}号")
    elif reverse is not None and _PLACE_END.search(reverse.group("rest")):
        parts = sorted(_NUMBER_PARTS.findall(reverse.group("numbers")),
                       key=lambda part: _NUMBER_ORDER[part[1]])  # fmt: skip
        numbers = "".join(f"{number}{word}" for number, word in parts)
        notes.append(f"numbers written before the names, smallest first: read as {numbers}")
        text = _after_the_first_name(reverse.group("rest"), numbers)
    village_group = None
    group = _VILLAGE_GROUP.search(text)
    if group:
        number = _cn_to_int(group.group(1))  # digits stay as they are
        village_group = int(number) if number.isdigit() else None
        notes.append(f"village group {group.group(0)!r} left out: the registry has no groups")
        text = text[: group.start()] + text[group.end() :]
    if _CN_ANY.search(text):
        converted = digits_for_numerals(text)
        if converted != text:
            notes.append("chinese numerals read as numbers")
            text = converted
    spoken = _SPOKEN_BEFORE_NUMBER.search(text)
    if spoken:
        notes.append(f"spoken word {spoken.group(0)!r} before the number left out")
        text = _SPOKEN_BEFORE_NUMBER.sub("", text)
    if "单元" in text:
        reordered = _ENTRANCE_FIRST.sub(r"\2\3\1单元", text)
        if reordered != text:
            notes.append("entrance written before its building: read as building, entrance")
            text = reordered
    east = north = 0.0
    match = _OFFSET.search(text)
    if match:
        dx, dy = _DIRECTIONS[match.group(1)]
        metres = float(match.group(2))
        east, north = dx * metres, dy * metres
        notes.append(f"offset phrase {match.group(0)!r} read as {metres:g} m {match.group(1)}")
        text = text[: match.start()] + text[match.end() :]
    elif "角" in text:
        corner = _CORNER.search(text)
        if corner:
            dx, dy = _DIRECTIONS[corner.group(1)]
            east, north = CORNER_M * (1 if dx > 0 else -1), CORNER_M * (1 if dy > 0 else -1)
            notes.append(f"corner {corner.group(0)!r} read as {CORNER_M:g} m each way")
            text = text[: corner.start()] + text[corner.end() :]
    text = text.replace(".", "")
    # The words stay in the text: real names contain them (和平路, 路口村); the matcher
    # looks for two roads when this is set.
    crossing_word = bool(_INTERSECTION_WORDS.search(text))
    intersection = crossing_word and bool(_INTERSECTION.search(text))
    if intersection:
        notes.append("intersection of two roads")
    beside = _BESIDE_A_DOOR.search(text)
    return NormalisedAddress(
        text,
        tuple(notes),
        east,
        north,
        intersection,
        crossing_word,
        village_group,
        beside.group(1) if beside else None,
        tuple(doors_written),
        corrected,
    )


def _after_the_first_name(rest: str, numbers: str) -> str:
    """The numbers right after the first road, village or compound of ``rest`` (what follows
    it, a community or a township written after, keeps its place)."""
    name = _PLACE_END.search(rest)
    if name is None:
        return f"{rest}{numbers}"
    return f"{rest[: name.end()]}{numbers}{rest[name.end() :]}"


def _where_it_happened(text: str, notes: list[str]) -> str:
    """The place after words that say it is where it happened, when a place is named before
    them too (家住A，反映B的问题; 我现在在乳山，但是事情在B)."""
    for marker in _INCIDENT_HERE.finditer(text):
        before, after = text[: marker.start()], text[marker.end() :]
        if after.startswith(("往", "向")) or "方向" in after:
            continue  # 看到有人往静园小区方向跑了: where they went, not where it is
        if (
            _A_NAMED_PLACE.search(after)
            and _A_NUMBER.search(after)
            and (_AN_ADDRESS.search(before) or _COUNTY_NAMED.search(before))
        ):
            notes.append(f"the place after {marker.group(0)!r} is where it happened")
            return after
    return text


def _callers_answer(text: str, notes: list[str]) -> str:
    answers = list(_CALLER_ANSWERS.finditer(text))
    if not answers:
        return text
    answer = text[answers[-1].end() :]
    if not (_A_NAMED_PLACE.search(answer) and _AN_ADDRESS.search(answer)):
        return text
    notes.append(f"the caller's answer to the operator's question: {answer!r}")
    return answer


def _without_callers_places(text: str, notes: list[str]) -> str:
    """Of the parts of a text that name a numbered place, those that place the caller
    (``_CALLERS_PLACE``, or the caller's words without a word of seeing, reporting or of what
    happened) are left out when another part names one; then, of those left, the ones where
    nothing is said to happen when others say it (``_happened_there``)."""
    clauses = [c for c in _CLAUSE_BREAK.split(text) if c]
    placed = [c for c in clauses if _A_NAMED_PLACE.search(c) and _A_NUMBER.search(c)]
    if len(placed) < 2:
        return text

    def seen_there(i: int) -> bool:
        """A word of seeing in the clause, or opening the next (我走着到…，看到…)."""
        following = clauses[i + 1] if i + 1 < len(clauses) else ""
        return bool(_SEEN_OR_REPORTED.search(clauses[i]) or _SEEN_OR_REPORTED.match(following))

    callers = [
        c
        for i, c in enumerate(clauses)
        if c in placed
        and (_CALLERS_PLACE.search(c) or (_CALLER_WORD.search(c) and not seen_there(i)))
    ]
    if not callers or len(callers) == len(placed):
        callers = []
    rest = [c for c in placed if c not in callers]
    happened = [c for i, c in enumerate(clauses) if c in rest and _happened_there(clauses, i)]
    # Of the places left, the ones with what happened in them or right after them.
    elsewhere = [c for c in rest if c not in happened] if 0 < len(happened) < len(rest) else []
    if callers:
        notes.append("the caller's own place left out: " + "; ".join(map(repr, callers)))
    if elsewhere:
        notes.append("a place where nothing happened left out: " + "; ".join(map(repr, elsewhere)))
    if not (callers or elsewhere):
        return text
    return "，".join(c for c in clauses if c not in callers and c not in elsewhere)


def _happened_there(clauses: list[str], i: int) -> bool:
    """What happened is said in this part of the text (past its place), or opens the next
    part when that names no place of its own."""
    here = _A_NAMED_PLACE.sub("", clauses[i])
    if _HAPPENED.search(here):
        return True
    following = clauses[i + 1] if i + 1 < len(clauses) else ""
    return bool(_HAPPENED.search(following) and not _A_NUMBER.search(following))


def _without_home(text: str, notes: list[str]) -> str:
    for said, what in (
        (_HOME, "where the caller lives, works or studies"),
        (_ORIGIN, "where the caller came from"),
    ):
        found = said.search(text)
        if found is None:
            continue
        rest = text[: found.start()] + text[found.end() :]
        if not _A_NAMED_PLACE.search(rest):
            continue  # only it is named: 我家住瑞祥路29号，门口有坑 is at the home
        notes.append(f"{what} ({found.group(0)!r}) left out")
        text = rest
    return text


def _read_correction(text: str, notes: list[str]) -> tuple[str, bool]:
    """A caller's correction: the text as corrected, and whether a correction was read.

    In this order: what the caller says was wrong is left out (刚才说的129号, X是错的, X有误)
    and what they say is right marked (3号楼才对), when it names a place or a number; 不在A，
    在B and 不是A take A back; then, after the last run of correction words (说错了, 改一下,
    我妹妹在旁边讲是), what follows replaces what it names in what was said before it (a
    number, a building, an entrance, a road, a township, or the whole address); with no such
    word, a part said again alone after the address (``_repeated_part``). Nothing is read as
    a correction unless what it keeps still names a place or a number."""
    work = text
    if "是错的" in work or "有误" in work or "刚" in work or "前面" in work or "之前" in work:
        left = _SAID_WRONG.sub(lambda m: "" if _AN_ADDRESS.search(m.group(0)) else m.group(0), work)
        if left != work and _A_NAMED_PLACE.search(left):
            work = left
    if "才对" in work:
        work = _SAID_RIGHT.sub(
            lambda m: f"更正{m.group(1)}" if _AN_ADDRESS.search(m.group(1)) else m.group(0), work
        )
    if "不在" in work:
        work = _NOT_AT.sub("", work)
    negated = "不是" in work
    if negated:
        work = _NOT_THIS.sub("", _NO_IT_IS.sub("更正", work)).replace("而是", "，")
    marks = list(_CORRECTION.finditer(work))
    relayed = _RELAYED.search(work)
    if relayed is not None and _A_NAMED_PLACE.search(work[: relayed.start()]):
        marks = sorted([*marks, relayed], key=lambda m: m.start())
    taken_back = work != text  # something said was taken back in words
    if marks:
        corrected = _after_correction_words(work, marks)
        if corrected is None:
            return text, False
    elif _CLAUSE_BREAK.search(work):
        corrected, replaced = _repeated_part(work, negated)
        if not (replaced or taken_back):
            if corrected != text:
                notes.append(f"an afterthought added: {corrected!r}")
            return corrected, False
    else:
        corrected = work
    if corrected == text or not _AN_ADDRESS.search(corrected):
        return text, False
    corrected = _SPOKEN_BEFORE_NUMBER_IN_CORRECTION.sub("", corrected)
    corrected = corrected.strip("，,。；;!！ ").removeprefix("而是").removeprefix("是")
    notes.append(f"a correction read: {corrected!r}")
    return corrected, True


def _after_correction_words(work: str, marks: list[re.Match[str]]) -> str | None:
    """What the last run of correction words makes of what was said before it; None when
    what follows them names no place, no number and no township (说是明天修, 我再说一遍，
    门口有坑: no correction)."""
    # A run of correction words (号码记错了，应该改成) is one correction: what was said ends
    # before the first of them.
    start = marks[-1].start()
    for mark in reversed(marks[:-1]):
        between = work[mark.end() : start]
        if _CN_OR_DIGIT.search(between) or _PLACE_END.search(between):
            break
        start = mark.start()
    before, after = work[:start], work[marks[-1].end() :]
    after = _CORRECTED_LABEL.sub("", after.lstrip("，,：:；; 是为")).lstrip("：: 是为")
    after = _SPOKEN_BEFORE_NUMBER_IN_CORRECTION.sub("", after)
    said = _SAID_TAIL.sub("", before)
    kept = after.rstrip("，,。；;!！?？ ")
    alone = _NUMBERS_ALONE.match(kept)
    township = _ONLY_TOWNSHIP.match(kept)
    if not (alone or township or _AN_ADDRESS.search(kept)):
        return None
    number = _SAID_NUMBER.match(after)
    if alone and not (number and _LAST_SAID_NUMBER.search(said)):
        return _with_numbers_replaced(said, alone.group("numbers"))
    if number is not None and _LAST_SAID_NUMBER.search(said):
        last = list(_LAST_SAID_NUMBER.finditer(said))[-1]
        return f"{said[: last.start()]}{number.group(0)[:-1]}{said[last.end() :]}"
    if township:
        return kept.removesuffix("的") + _SAID_TAIL.sub("", _A_TOWNSHIP.sub("", said, count=1))
    if not _SAID_NUMBER.search(after):
        numbers = _TRAILING_NUMBERS.search(said)
        return kept + (numbers.group(0) if numbers else "")
    return after


def _repeated_part(text: str, negated: bool = False) -> tuple[str, bool]:
    """A correction with no word for it: after the address, a part of a kind it already has,
    said alone or after words that lead to it (府前小区1号楼2单元，哎呀，是4号楼; 世纪路35号，
    …作废，36号; 新华街143号，准确来说是青年路) is that part said again. A part of a new kind
    after such words adds to the address (3号楼，补充：是2单元); said alone (12号，2单元) the text
    reads on as it is. A number after words that make it another thing (对面14号, 车位35号,
    上个月28号) and a road near it (旁边是兴业街) are neither. The text, and whether a part was
    said again."""
    clauses = _CLAUSE_BREAK.split(text)
    first = next((i for i, c in enumerate(clauses) if _ONE_NUMBER.search(c)), None)
    if first is None or first == len(clauses) - 1:
        return text, False
    address = clauses[first]
    said_kinds = _kinds_of(address, address)
    replaced = added = False
    kept: list[str] = []
    for clause in clauses[first + 1 :]:
        numbers = _NUMBERS_ALONE.match(clause)
        if numbers is not None and not _NOT_SAID_AGAIN.search(numbers.group("lead")):
            kinds = _kinds_of(numbers.group("numbers"), address)
            if kinds and kinds <= said_kinds:
                address, replaced = _with_numbers_replaced(address, numbers.group("numbers")), True
                continue
            if kinds and numbers.group("lead") and "floor" not in kinds:
                address, added = _with_numbers_replaced(address, numbers.group("numbers")), True
                said_kinds |= kinds
                continue
        road = _ROAD_ALONE.search(clause) or (_BARE_ROAD.match(clause) if negated else None)
        door = _ROAD_THEN_DOOR.search(address)
        if road is not None and door is not None and not _NEARNESS.search(clause):
            address = f"{road.group(1)}{door.group(1)}{address[door.end() :]}"
            replaced = True
            continue
        kept.append(clause)
    if not (replaced or added):
        return text, False
    return "，".join(c for c in [*clauses[:first], address, *kept] if c), replaced


def _kinds_of(numbers: str, address: str) -> set[str]:
    """The kinds of the numbers written (door, building, entrance, floor, room); 5楼 after an
    address with a building or a door in it is a floor, not a building."""
    in_a_building = any(
        _NUMBER_KIND[unit] in ("building", "door") and unit != "楼"
        for _, unit in _ONE_NUMBER.findall(address)
    )
    return {
        "floor" if unit == "楼" and in_a_building else _NUMBER_KIND[unit]
        for _, unit in _ONE_NUMBER.findall(numbers)
    }


def _with_numbers_replaced(said: str, numbers: str) -> str:
    """What was said, with each number the correction names (3号楼, 4单元, 45号) put in place
    of the one of its kind said before; a kind not said before is added after it."""
    text = said
    for number, unit in _ONE_NUMBER.findall(numbers):
        kind = _NUMBER_KIND[unit]
        found = [m for m in _ONE_NUMBER.finditer(text) if _NUMBER_KIND[m.group(2)] == kind]
        if not found and kind == "door":  # 3号楼，说错了，5号: the building said again
            found = [
                m for m in _ONE_NUMBER.finditer(text) if _NUMBER_KIND[m.group(2)] == "building"
            ]
            unit = found[-1].group(2) if found else unit
        if found:
            last = found[-1]
            text = f"{text[: last.start()]}{number}{unit}{text[last.end() :]}"
        else:
            text = f"{text}{number}{unit}"
    return text


def _without_spelling(text: str, notes: list[str]) -> str:
    def one(match: re.Match[str]) -> str:
        character, word = match.group(1), match.group(2)
        named = match.string[max(0, match.start() - 4) : match.start()]
        return "，" if character in named and character in f"{word}{character}" else match.group(0)

    read = _SPELLED_AFTER.sub(one, text)
    if read != text:
        notes.append(f"a character of the name spelled after it left out: {read!r}")
    return read


def _read_spelled(text: str, notes: list[str]) -> str:
    def one(match: re.Match[str]) -> str:
        said, character = match.group(1), match.group(2)
        return character if character in said else match.group(0)

    read = _SPELLED.sub(one, text)
    if read != text:
        notes.append(f"a name spelled out character by character read as {read!r}")
    return read


def _read_mixed_numbers(text: str, notes: list[str]) -> str:
    def one(match: re.Match[str]) -> str:
        words, digits = match.group(1), match.group(2)
        place = {"十": 10, "百": 100, "千": 1000}[words[-1]]
        head = _cn_to_int(words)
        if not head.isdigit() or int(digits) >= place:
            return match.group(0)
        return str(int(head) + int(digits))

    tens = text.translate(_OLD_TENS) if "廿" in text or "卅" in text else text
    read = _MIXED_NUMBER.sub(one, _DIGITS_WITH_UNITS.sub(_spelled_with_units, tens))
    if read != text:
        notes.append(f"a number said in words and digits read as {read!r}")
    return read


def _spelled_with_units(match: re.Match[str]) -> str:
    """1百3十1 -> 131; left as written unless its units fall (1十3百 is no number)."""
    said = match.group(1).replace("零", "")
    total, last_unit = 0, 10_000
    for digit, unit in re.findall(r"(\d)([千百十])", said):
        if _UNIT_VALUE[unit] >= last_unit:
            return match.group(0)
        total, last_unit = total + int(digit) * _UNIT_VALUE[unit], _UNIT_VALUE[unit]
    ones = int(said[-1]) if said[-1].isdigit() else 0
    return str(total + ones)


def _read_ocr_number(match: re.Match[str], notes: list[str]) -> str:
    read = match.group(0).translate(_OCR_DIGITS)
    if read != match.group(0):
        notes.append(f"letters in a door number read as digits: {match.group(0)!r} -> {read!r}")
    return read


def _read_speech_slips(text: str, notes: list[str]) -> str:
    read = _SPOKEN_ZERO.sub("零", text)
    if "要" in read or "拐" in read:
        read = _SPOKEN_DIGIT_SLIP.sub(lambda m: "一" if m.group(0) == "要" else "七", read)
    read = _SPOKEN_ONE.sub("一", read)
    read = _SPOKEN_HAO.sub("号", read)
    read = _SPOKEN_LOU.sub("楼", read)
    read = _SPOKEN_UNIT.sub("单元", read)
    read = _SPOKEN_SUFFIX.sub(lambda m: _SUFFIX_MEANT[m.group(1)], read).replace("晓区", "小区")
    if read != text:
        notes.append(f"speech-input slips read as meant: {read!r}")
    return read


def _first_of_list(match: re.Match[str], notes: list[str], doors: list[int]) -> str:
    first = match.group(1)
    rest = re.findall(r"\d+", match.group(2))
    followed = match.string[match.end()] if match.end() < len(match.string) else "号"
    if "号" not in match.group(0) and followed != "号":
        return match.group(0)  # not a list of doors (3和4单元 reads on as it is)
    notes.append(f"doors {first}、{'、'.join(rest)}号 written: door {first}号 is the reference")
    doors[:] = [int(first), *map(int, rest)]
    # The 号 that ends the list stays where it is when it was left after it (12和14号楼).
    return first if match.string.startswith("号", match.end()) else f"{first}号"


def _first_unit_of_list(match: re.Match[str], notes: list[str]) -> str:
    """Only numbers of one kind make a list: 3、5号楼 and 3号、5号楼 are buildings, 1、2单元
    entrances; 12号及3楼 (a door and a floor) and 12号和2单元 are not lists. A comma is never
    a separator here: 12号，2单元 is door 12, entrance 2."""
    first, numbered, rest, unit = match.groups()
    if unit in ("单元", "层", "室") and (numbered or "号" in rest):
        return match.group(0)
    if unit in ("楼", "栋", "幢", "座"):
        if numbered and not rest.endswith("号"):
            return match.group(0)
        if rest.endswith("号"):
            unit = "号" + unit
    start = match.start()
    if unit == "号楼" and start > 0 and match.string[start - 1] in _DOOR_NAME_ENDINGS:
        return match.group(0)  # 黄河路12和14号楼下: doors of a road, read as a list of doors
    listed = "、".join(re.findall(r"\d+", rest))
    notes.append(f"{first}、{listed} written before {unit}: {first}{unit} is the reference")
    return f"{first}{unit}"


def _read_dashed_numbers(text: str, notes: list[str]) -> tuple[str, list[str]]:
    def building(match: re.Match[str]) -> str:
        notes.append(f"{match.group(0)!r} read as building, entrance and room")
        return f"{match.group(1)}号楼{match.group(2)}单元{match.group(3)}室"

    def door(match: re.Match[str]) -> str:
        before = match.string[match.start() - 1] if match.start() > 0 else ""
        if "\u4e00" <= before <= "\u9fff" and before not in _DOOR_NAME_ENDINGS:
            return building_entrance(match)
        notes.append(f"{match.group(0)!r} read as door {match.group(1)}号")
        return f"{match.group(1)}号"

    def building_entrance(match: re.Match[str]) -> str:
        notes.append(f"{match.group(0)!r} read as building {match.group(1)}, entrance "
                     f"{match.group(2)}")  # fmt: skip
        return f"{match.group(1)}号楼{match.group(2)}单元"

    text = _BUILDING_ENTRANCE_ROOM.sub(building, text)
    text = _DOOR_AND_SUB.sub(door, text)
    return _BUILDING_ENTRANCE.sub(building_entrance, text), notes


def strip_fillers(span: str) -> str:
    """Landmark and filler words out of a stretch of text no registry name matched."""
    return _FILLERS.sub("", _INTERSECTION_WORDS.sub("", span))
