"""A seventh fresh labelled address set for 乳山市 (v7), and one measurement of placement on it.

How it was written: truths are picked from the demo registry with a seeded ``random.Random``
(doors on roads and in villages, buildings and entrances in compounds, villages, compounds'
communities, townships), then each truth is written the way people in a Chinese county write
or say an address: a caller correcting themselves in yet other words (我再说一遍, 不好意思说错
了, 弄错了, 是…才对, 改一下, 改成, 打错了, 不是…而是…, 搞错了, 记错了; the whole address, the
number alone, the road alone, the building alone, the entrance alone, the township alone), a
name spelled out character by character (黄金的黄，河流的河，路), sometimes without the name
written whole, an elderly caller's hesitant speech that finds the number on the way (那个……
十几号……不对，十二号), numbers written mixed (大写 贰拾叁, 一〇八, 一百12, 三十5, 廿三,
卅五, full-width and half-width digits in one number, circled ③ for a building), speech-to-text
slips in characters the earlier sets did not use (皓/昊 for 号, 碌/麓 for 路, 皆/揭 for 街, 寸
for 村, 圳 for 镇, 篓/蒌 for 楼, 单源/担元 for 单元, 晓区 for 小区, 乳杉 for 乳山, 要 for 幺 and 拐
for 七 in a number read digit by digit), English words and pinyin in new orders (12 hao, #12,
door no., Unit 2 of Building 3, pinyin with Lu/Jie/Hao/Zhen), a handwritten or printed form read
by OCR with look-alike slips (孔 for 乳, 出 for 山, 币 for 市, 略 for 路, 衔 for 街, 忖 for 村, 慎
for 镇, 弓 for 号, 搂 for 楼, 无 for 元, l/O/S/B/Z for 1/0/5/8/2), a 12345 or grid-centre text
message quoting the address (【乳山12345】您反映的…位于…), a place copied from a map app (its
name, then its address line, a link or a distance), a landmark the registry names (a township
government, a village committee, a compound's gate or property office, a community's 居委会),
a time before the address (今天上午10点在…, 12月3号下午…), directions that end at a door
(从…往东走到…12号), two places in one text of which one is where it happened (在黄河路12号出
的事，我住瑞祥路3号), a social-media post (#乳山身边事#, @乳山12345), a door plate read off a
photo (黄河路 / HUANGHE LU / 12), and addresses in the neighbouring counties (文登, 海阳, 牟平,
荣成, 环翠) written in those same ways. The phrasing tables are new (none is taken from the
earlier sets), and the writing follows the habits, not the matcher: no item was written, kept,
dropped or relabelled by calling the matcher or by reading its code, its rules, its tests or
its other test sets.

Labels come from the registry alone, as a careful human who knows the registry would give
them: the standard address when the door is unambiguous, else the deepest unambiguous place
(village/community or township) at that precision; an item outside the county is "not
placeable". An item whose label the registry leaves ambiguous is dropped, never relabelled: a
village name the county has twice written without its township (or twice in one township), a
text (a slip, a spelled-out character, a landmark, the chatter around the address, the other
place of a two-place text) that holds a registry name the address does not mean, an OCR or
speech slip that leaves a name one character away from more than one registry name, a road in
pinyin whose pinyin another road shares, a landmark the registry does not name.

Labelling conventions a reader may dispute (v6's where a habit overlaps, stated again):

- a caller's correction is labelled as the corrected address, whatever registry place the
  wrong one names; what the correction does not repeat carries over from what was said before
  it: the number when only the road is corrected (黄河路12号，不好意思说错了，是新华街 is 新华街
  12号), the road or village when only the number is corrected, the village or road and number
  when only the township is corrected, the entrance when only the building is corrected and
  the building when only the entrance is. 是A才对 and 不是B而是A are A;
- a name spelled out (黄金的黄，河流的河，路) is the name it spells, whether or not the name is
  also written whole; the words of a spelling are never a place of their own;
- an elderly caller's hesitation (那个……, 叫啥来着, 俺想想) changes nothing; a number said and
  then taken back (十几号……不对，十二号; 三十号？不是，是十三号) is the number kept; a number
  left vague (十几号吧，记不清了; 二十几号) is the deepest place every door it can mean shares
  (v1's rule for 左右: the community of doors 10-19 on that road, else the road's township);
- numbers are read as the number they spell: 大写 (贰拾叁 is 23, 壹佰零捌 108), 一〇八 108,
  一百12 112, 三十5 35, 一百五十８ 158, 廿三 23, 卅五 35, 一二八 (digits said one by one) 128,
  full width and half width mixed in one number (１2８ is 128), circled ③ 3, 两 2;
- speech-input slips are read as meant, a slipped suffix by its sound (碌/麓 are 路, 皆/揭 街, 寸
  村, 圳 镇, 皓/昊 号, 篓/蒌 楼, 单源/担元 单元, 晓区 小区, 乳杉 乳山); a number read digit by
  digit with 要 (幺, 1), 两 (2), 拐 (7) and 洞 (0) is that number;
- an OCR slip of a look-alike character is read as the character it resembles when exactly one
  registry name is one character away from what was read (孔山市 is 乳山市, 黄河略 is 黄河路;
  青山略, one character from both 青山路 and 青山街, is never written); a letter read for a
  digit in a number of two digits or more (l2 is 12, 1O8 108, S 5, B 8, Z 2) is that digit;
- a text message's address is the address it quotes; its ticket number, date, department and
  the 12345 in its header are not an address;
- a place copied from a map app is its name line when that is a door, building or entrance and
  the address line under it names only the road, village or compound or the township (v6's
  rule for a shared location); the link and the distance say nothing;
- a landmark is labelled only when the registry names it: a township's government (镇政府,
  人民政府, 街道办事处) is the township, a village's committee (村委会, 村委大院, 大队部, 村党
  群服务中心) the village, a compound's gate, property office, guard room or garage entrance
  the compound's community, a community's 居委会 or 党群服务中心 the community; 门口, 对面,
  东边, 旁边, 后身 near such a landmark do not move it out of that place. The registry names
  no school, clinic or market, so none is written;
- a time or date before the address (今天上午10点, 12月3号下午, 2026年12月9日 14:30) is not part
  of it: 3号 in a date is a day, not a door;
- directions are labelled as where they end (从瑞祥路口往东走到黄河路12号 is 黄河路12号); the
  place they start from is not labelled;
- a text with two places is labelled as the place where the thing happened or is (事发地, 出
  的事, 门口堆了…, 现在在…), never the caller's home, household register or origin (我住,
  户籍地, 从…来的), whichever comes first;
- a social-media post is the address it names; its hashtags and @-names are not places;
- a door plate read off a photo (黄河路 / HUANGHE LU / 12) is the door it shows; the pinyin line
  repeats the name; a compound's plate with a building (and an entrance) is that building (or
  entrance);
- an address in 文登, 海阳, 牟平, 荣成 or 环翠 is not placeable, even when it uses a road,
  village or compound name 乳山 has too, a township name like one of 乳山's, or says it is
  corrected from 乳山, or the caller lives in 乳山.

Scoring, the placement run and the outcome names are v1's (bench/fresh_addresses.py).

Rule: this set must never be used to tune the matcher; only the aggregate table goes to
docs/benchmarks.md. Per-item misses are written only to the untracked (git-ignored)
var/fresh-addresses-v7/misses.md. Reading them while changing the matcher spends the set.

    python bench/fresh_addresses_v7.py              # measure, write docs/benchmarks.md
    python bench/fresh_addresses_v7.py --no-write   # measure and print only
"""

from __future__ import annotations

import random
import sys
from collections import Counter
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
    chinese_number,
    collect,
    run_set,
)
from bench.fresh_addresses_v6 import _Places  # noqa: E402
from grid.model import Address, AddressUnit, Registry, UnitKind  # noqa: E402

SEED = 20261209
SET_NAME = "fresh-addresses-v7"
SECTION = "fresh-addresses-v7"
MISSES = ROOT / "var" / "fresh-addresses-v7" / "misses.md"
OUTSIDE_HABIT = "neighbour_outside"

Written = tuple[str, str, str]  # text, truth, precision

# Habit -> how many items (the neighbouring counties are ~8% of the whole).
HABITS: dict[str, int] = {
    "caller_correction": 28,
    "dictated_spelling": 24,
    "elderly_speech": 24,
    "mixed_numerals": 26,
    "speech_slips": 24,
    "english_mix": 24,
    "handwritten_ocr": 24,
    "sms_template": 22,
    "map_app_copy": 22,
    "landmark_only": 22,
    "with_time_prefix": 22,
    "directions_to": 22,
    "multiple_places": 24,
    "social_post": 22,
    "doorplate_photo": 22,
    OUTSIDE_HABIT: 30,
}

# -- phrasing tables (v7's own) -------------------------------------------------------------

WIDE = str.maketrans("0123456789", "０１２３４５６７８９")
CN = "零一二三四五六七八九"
DAXIE = "零壹贰叁肆伍陆柒捌玖"
CIRCLE_ZERO = "〇一二三四五六七八九"
SPOKEN_DIGIT = "洞要两三四五六拐八九"  # read one by one: 0 洞, 1 幺 heard as 要, 2 两, 7 拐
SURNAMES = "曲车邢战谭隋乔姚柳鞠"
HONOURS = ("大哥", "大姐", "老人家", "小伙", "阿姨", "同志")
ISSUES = ("路灯不亮", "井盖缺失", "垃圾没人清", "污水外溢", "占道经营", "噪音扰民", "树枝折断")
DIRECTIONS = ("东", "西", "南", "北", "东北", "西南")

# A caller correcting themselves: {w} what was said wrong, {a} the address meant.
MEND_WHOLE = (
    "{w}，我再说一遍，是{a}",
    "{w}，不好意思说错了，{a}",
    "{w}，弄错了弄错了，是{a}",
    "是{a}才对，刚才说成{w}了",
    "{w}，改一下，改成{a}",
    "地址打错了，{w}是错的，{a}",
    "不是{w}，而是{a}",
    "{w}？搞错了，重新说：{a}",
    "{w}——记错了，{a}",
)
# Only the number: {u} the road or village, {x} the wrong number, {n} the right one.
MEND_NUMBER = (
    "{u}{x}号，我再说一遍，{n}号",
    "{u}{x}号，不好意思说错了，是{n}号",
    "{u}{x}号打错了，是{n}号",
    "{u}，是{n}号才对，刚才说的{x}号",
    "{u}{x}号，改一下，门牌{n}号",
    "{u}不是{x}号而是{n}号",
    "{u}{x}号，弄错了，{nc}号",
    "{u}{x}号，号码记错了，应该改成{n}号",
)
# Only the road (the number carries over): {w} the wrong road, {u} the right one.
MEND_ROAD = (
    "{w}{n}号，不好意思说错了，是{u}",
    "{w}{n}号，路名打错了，改成{u}",
    "不是{w}而是{u}，门牌还是{n}号",
    "{w}{n}号，我再说一遍路名：{u}",
    "是{u}才对，{n}号，刚才说成{w}了",
)
# Only the township: {w} the wrong township, {t} the right one.
MEND_TOWN = (
    "{w}{u}{n}号，镇打错了，是{t}",
    "不是{w}而是{t}，{u}{n}号",
    "{w}的{u}{n}号，我再说一遍，{t}的",
    "{u}{n}号，属于{w}……搞错了，属于{t}",
)
# A building or an entrance: (form, what is corrected).
MEND_COMPOUND: tuple[tuple[str, str], ...] = (
    ("{c}{x}号楼{e}单元，楼号打错了，是{b}号楼", "building"),
    ("{c}{x}号楼{e}单元，不好意思，{b}号楼才对", "building"),
    ("{c}不是{x}号楼而是{b}号楼，{e}单元", "building"),
    ("{c}{b}号楼{x}单元，改一下，{e}单元", "entrance"),
    ("{c}{b}号楼{x}单元——弄错了，是{e}单元", "entrance"),
    ("{c}{b}号楼，单元我再说一遍，{e}单元，不是{x}单元", "entrance"),
)

# A character as it is spelled out on the phone (v7's words).
SPELT = {
    "黄": "黄金的黄", "河": "河流的河", "翠": "翠鸟的翠", "竹": "竹林的竹", "锦": "锦鲤的锦",
    "绣": "刺绣的绣", "青": "青春的青", "年": "年轻的年", "富": "富贵的富", "民": "民族的民",
    "银": "银行的银", "滩": "海滩的滩", "白": "白天的白", "云": "云朵的云", "学": "学校的学",
    "府": "府上的府", "广": "广州的广", "场": "场地的场", "团": "团长的团", "结": "结婚的结",
    "永": "永久的永", "安": "安心的安", "胜": "胜负的胜", "利": "顺利的利", "兴": "兴旺的兴",
    "业": "事业的业", "康": "小康的康", "新": "新年的新", "华": "华丽的华", "花": "花朵的花",
    "园": "花园的园", "振": "振兴的振", "海": "海洋的海", "滨": "滨海的滨", "夏": "夏季的夏",
    "育": "体育的育", "才": "才能的才", "迎": "迎接的迎", "宾": "来宾的宾", "红": "红花的红",
    "旗": "国旗的旗", "和": "和谐的和", "平": "平原的平", "工": "工厂的工", "建": "建筑的建",
    "设": "设备的设", "商": "商量的商", "乐": "音乐的乐", "龙": "恐龙的龙", "泉": "温泉的泉",
    "朝": "朝气的朝", "阳": "阳光的阳", "福": "福气的福", "临": "光临的临", "复": "复杂的复",
    "前": "前面的前", "进": "进步的进", "长": "长城的长", "江": "江湖的江", "世": "世上的世",
    "纪": "纪念的纪", "瑞": "祥瑞的瑞", "祥": "祥云的祥", "望": "看望的望", "凤": "凤尾的凤",
    "凰": "皇字加个几字框的凰", "健": "健身的健", "春": "春节的春", "晖": "光辉的辉换日字旁的晖",
    "景": "景色的景", "松": "松鼠的松", "金": "金鱼的金", "岭": "岭南的岭", "幸": "幸运的幸",
    "人": "大人的人", "山": "山水的山", "丰": "丰富的丰", "亮": "亮光的亮", "冠": "冠军的冠",
    "向": "向日葵的向", "天": "天气的天", "大": "大人的大", "庆": "庆祝的庆", "怡": "怡然的怡",
    "政": "政策的政", "方": "方便的方", "月": "月饼的月", "泽": "光泽的泽", "浪": "波浪的浪",
    "润": "湿润的润", "湾": "台湾的湾", "益": "有益的益", "碧": "碧玉的碧", "群": "合群的群",
    "苑": "御苑的苑", "观": "参观的观", "腾": "腾飞的腾", "达": "发达的达", "西": "西瓜的西",
    "馨": "温馨的馨", "通": "通知的通", "里": "公里的里", "静": "静止的静", "颐": "颐养的颐",
    "东": "东方的东", "南": "南方的南", "北": "北京的北", "上": "上面的上", "下": "下面的下",
    "家": "大家的家", "庄": "庄稼的庄", "沟": "山沟的沟", "疃": "土字旁一个儿童的童",
    "夼": "上面大下面川", "埠": "商埠的埠", "泊": "停泊的泊", "石": "石榴的石", "口": "口袋的口",
    "王": "国王的王", "李": "李子的李", "张": "张开的张", "刘": "刘备的刘", "陈": "陈旧的陈",
    "杨": "杨树的杨", "赵": "赵钱孙李的赵", "孙": "孙子的孙", "于": "于是的于", "姜": "姜汤的姜",
    "宫": "宫廷的宫", "林": "森林的林", "徐": "徐徐的徐", "宋": "宋词的宋", "丛": "丛林的丛",
    "初": "初中的初", "邹": "邹姓的邹", "崔": "姓崔的崔", "马": "马上的马", "唐": "唐诗的唐",
    "曹": "曹姓的曹", "韩": "韩信的韩", "董": "古董的董", "蔡": "蔡姓的蔡", "郑": "郑重的郑",
    "胡": "胡子的胡", "吴": "吴国的吴", "冯": "冯姓的冯", "潘": "潘姓的潘", "肖": "生肖的肖",
    "邵": "邵姓的邵", "高": "高低的高", "官": "官员的官", "格": "格子的格", "甲": "甲乙的甲",
    "水": "喝水的水", "头": "头发的头", "村": "农村的村", "寨": "山寨的寨", "屯": "屯田的屯",
    "峰": "山峰的峰", "桃": "桃花的桃", "果": "水果的果", "树": "大树的树", "湘": "湖南湘的湘",
    "港": "港口的港", "岛": "海岛的岛", "明": "明天的明", "葛": "葛根的葛", "英": "英雄的英",
}  # fmt: skip
SPELL_FORMS = (
    "{spell}，{suffix}，{rest}",  # the name never written whole
    "{name}{rest}，{spell}",
    "{name}，我拼一下：{spell}，{rest}",
    "门牌{rest}，名字是{name}，{spell}",
    "{name}的{ch}是{said}，{rest}",
)

# An elderly caller hesitating: {u} a road, {t} its township, {n} the number kept, {x} a number
# taken back, {v} a village.
HESITANT_ROAD = (
    "那个……就是……那个路……{u}……十几号……不对，{n}号",
    "嗯……{t}……那条路叫……叫啥来着……{u}，对，{u}，门牌是……{n}，{n}号",
    "俺想想啊……{u}……{x}号？不是，是{n}号，{n}号没错",
    "就……就在那个{u}边上……门牌……哎，{n}号，俺孙子告诉我的",
    "那个……你知道{t}不？……{u}……{n}号吧……对，就是{n}号",
    "喂？喂……听得见不……{u}，{u}的{n}号……你记上了吗",
)
HESITANT_VAGUE = (
    "那个……{u}……{range}号吧，记不清了",
    "就是{t}那个{u}……门牌……{range}号，具体哪号俺忘了",
)
HESITANT_VILLAGE = (
    "俺……俺是{t}的……{v}……家是{n}号……",
    "那个庄……叫{v}……在{t}……门牌，门牌……{x}……不对不对，{n}号",
    "{t}……嗯……{t}那个{v}……俺家{n}号，院里有口井",
    "我说话慢你别急啊……{t}，{v}，{n}号，就这",
)
HESITANT_COMPOUND = (
    "那个……{c}……几号楼来着……{b}号楼……单元是……{e}单元吧……对，{e}单元",
    "俺在{c}……{b}号楼……哎呀那个单元……{e}单元，{e}",
    "就是……{c}那个……不是，{b}号楼，{e}单元，俺闺女家",
)

# Numbers written mixed: {u} the road or village, {s} the number as written.
NUMBER_FORMS = ("{u}{s}号", "{u}的{s}号", "{u}，门牌号码{s}", "{u}{s}号门前", "门牌：{u}{s}号")
NUMBER_COMPOUND = (
    "{c}{b}号楼{e}单元",
    "{c}第{b}幢{e}单元",
    "{c}{b}栋{e}单元",
    "{c}，{b}号楼，{e}单元",
)

# Speech-to-text slips v7 uses (the earlier sets used others).
SLIP_HAO = ("皓", "昊", "号")
SLIP_SUFFIX = {"路": ("碌", "麓"), "街": ("皆", "揭"), "村": ("寸",)}
SLIP_LOU = ("篓", "蒌", "楼")
SLIP_UNIT = ("单源", "担元", "单元")
SLIP_COUNTY = ("乳杉", "乳杉市", "", "", "乳山")
SLIP_BEFORE = ("", "", "哎你好，", "就是说，", "我这边地址是", "嗯，记下，")
SLIP_AFTER = ("", "", "。", "，能听清不", "，尽快啊", "，谢谢了")

# English and pinyin, new orders.
PINYIN = {
    "翠": "cui", "竹": "zhu", "幸": "xing", "福": "fu", "康": "kang", "乐": "le", "滨": "bin",
    "河": "he", "龙": "long", "泉": "quan", "锦": "jin", "绣": "xiu", "青": "qing", "年": "nian",
    "富": "fu", "民": "min", "朝": "chao", "阳": "yang", "银": "yin", "滩": "tan", "人": "ren",
    "白": "bai", "云": "yun", "临": "lin", "学": "xue", "府": "fu", "山": "shan", "广": "guang",
    "场": "chang", "复": "fu", "兴": "xing", "团": "tuan", "结": "jie", "前": "qian", "进": "jin",
    "长": "chang", "江": "jiang", "永": "yong", "安": "an", "世": "shi", "纪": "ji",
    "胜": "sheng", "利": "li", "瑞": "rui", "祥": "xiang", "望": "wang", "海": "hai",
    "黄": "huang", "凤": "feng", "凰": "huang", "新": "xin", "华": "hua", "花": "hua",
    "园": "yuan", "健": "jian", "振": "zhen", "春": "chun", "晖": "hui", "景": "jing",
    "松": "song", "育": "yu", "才": "cai", "迎": "ying", "宾": "bin", "红": "hong", "旗": "qi",
    "和": "he", "平": "ping", "工": "gong", "业": "ye", "金": "jin", "岭": "ling", "建": "jian",
    "设": "she", "商": "shang", "夏": "xia", "村": "cun", "乳": "ru", "口": "kou", "所": "suo",
    "沙": "sha", "大": "da", "孤": "gu", "南": "nan", "冯": "feng", "家": "jia", "下": "xia",
    "初": "chu", "午": "wu", "极": "ji", "黎": "li", "崖": "ya", "子": "zi", "诸": "zhu",
    "往": "wang", "寨": "zhai", "徐": "xu", "城": "cheng", "区": "qu",
}  # fmt: skip
SUFFIX_PINYIN = {"路": "Lu", "街": "Jie"}
ROAD_ENGLISH = (
    "{n} hao, {u}, Rushan",
    "#{n} {u}, {t}, Rushan",
    "{u} #{n} (Rushan City)",
    "addr: {u}{n}号 (Rushan City, Shandong Prov.)",
    "{t}, {u}, door no. {n}",
    "{u}{n}号 near the gate, Rushan",
)
ROAD_PINYIN = (
    "{p} {l} {n} Hao, Rushan",
    "{n}, {p} {l}, {town}Rushan",
    "{u} ({p} {l}) {n}号",
    "Rushan Shi {p} {l} {n}hao",
    "{p}{l} No{n}",
)
VILLAGE_ENGLISH = (
    "house {n}, {v}, {t}",
    "{v} house no.{n}, {t} town, Rushan",
    "{t}{v}, Door {n}",
)
ENTRANCE_ENGLISH = (
    "Unit {e} of Building {b}, {c}",
    "{c}, building {b}, unit {e}, Rushan City",
    "{c} {b}栋{e} unit",
    "Flat {r}, {c}{b}号楼{e}单元",
    "{c}{b}号楼, unit No.{e}",
)

# OCR of look-alike characters and digits.
OCR_CHAR = {
    "乳": "孔", "山": "出", "市": "币", "路": "略", "街": "衔", "村": "忖", "镇": "慎",
    "号": "弓", "楼": "搂", "元": "无", "区": "匹", "社": "杜", "庄": "圧", "家": "冡",
    "河": "诃", "海": "悔", "阳": "阻", "青": "责", "白": "臼", "福": "褔",
}  # fmt: skip
OCR_DIGIT = {"1": "l", "0": "O", "5": "S", "8": "B", "2": "Z"}
OCR_FORMS = ("{a}", "地址：{a}", "住址 {a}", "事发地点:{a}", "{a}（手写，字迹潦草）", "|{a}|")

# A text message: {a} the address, {i} the issue, {wo} a ticket number, {d} a date, {ts} the
# township's short name.
SMS_FORMS = (
    "【乳山12345】您反映的{i}问题，位于{a}，已转{ts}办理，请保持电话畅通。",
    "【乳山市政务服务热线】尊敬的市民：您于{d}反映的“{a}{i}”诉求已受理，工单号{wo}。",
    "【乳山市综合治理中心】网格事件提醒：{a}，{i}，请于24小时内处置。",
    "【乳山12345】您好，您反映的{a}{i}一事已办结，请对办理结果评价，回复1满意2不满意。",
    "【乳山城市管理】您上报的位置（{a}）已派单，编号{wo}，退订回T",
)

# A map app's copy: {title} the place's name, {line} its address line.
MAP_FORMS = (
    "{title}\n{line}",
    "{title}\n地址：{line}\n电话：暂无",
    "【高德地图】{title}\n{line}\n点击链接直接打开：https://surl.amap.com/{code}",
    "{title} | {line} | 距您{km}公里",
    "百度地图：{title}，{line}，复制此条信息打开",
    "地点名称：{title}；详细地址：{line}",
)

# Landmarks the registry names.
TOWN_MARKS = ("{tn}政府门口", "{tn}政府大院对面", "{tn}人民政府东边", "{tn}政府后身")
STREET_MARKS = ("城区街道办事处门前", "城区办事处院里", "城区街道办事处旁边")
VILLAGE_MARKS = (
    "{v}委会门口",
    "{v}委大院",
    "{v}大队部旁边",
    "{v}党群服务中心",
    "{v}委会前面的空地",
)
COMPOUND_MARKS = ("{c}南大门", "{c}物业服务中心门口", "{c}地下车库入口", "{c}门卫室旁边")
COMMUNITY_MARKS = ("{m}居委会", "{m}党群服务中心门前", "{m}居委会办公楼")

# A time before the address.
TIME_FORMS = (
    "今天上午{h}点在{a}",
    "昨晚{h}点多，{a}",
    "{mo}月{d}号下午三点左右，{a}",
    "2026年{mo}月{d}日 {h}:{mi} {a}",
    "凌晨两点左右在{a}",
    "上周五傍晚，{a}",
    "刚才（{h}点{mi}分）{a}",
    "今早{h}点半路过{a}时发现",
)

# Directions ending at the address: {f} where they start, {dir} a direction, {m} metres.
DIRECTION_FORMS = (
    "从{f}往{dir}走到{a}",
    "从{f}出来往{dir}，一直走到{a}就是",
    "顺着{f}往{dir}走大约{m}米，到{a}",
    "过了{f}再往{dir}拐，{a}",
    "{a}，从{f}过来往{dir}走",
    "你从{f}那儿往{dir}，第二个路口，{a}",
)

# Two places, the incident's {a} and the caller's {b}.
TWO_PLACES = (
    "在{a}出的事，我住{b}",
    "事发地点{a}，报警人住址{b}",
    "我家是{b}，但是问题在{a}",
    "{a}（反映人住{b}）",
    "户籍地：{b}；事发地：{a}",
    "我住{b}，{a}门口堆了很多垃圾",
    "从{b}来的，现在人在{a}",
    "{b}的住户反映{a}有人占道",
)

# A social-media post.
POST_FORMS = (
    "#乳山身边事# {a}的井盖丢了，有没有人管管 @乳山发布",
    "【求助】{a}这儿路灯坏了好几天了[图片][图片]",
    "有人知道{a}门口这堆垃圾啥时候清吗？#乳山#",
    "转发扩散！{a}下水道堵了 @乳山12345",
    "{a}，又在半夜施工，吵得睡不着觉 #乳山生活圈#",
    "@乳山12345 {a}的路面塌了个坑，快来看看吧",
)

# A door plate read off a photo: {u} the road, {p} its pinyin in capitals, {n} the number.
PLATE_ROAD = (
    "{u}\n{p}\n{n}",
    "{u} {n}号\n{p} {n}",
    "乳山市{t}\n{u}{n}号",
    "{u}\n{n}\nRUSHAN",
    "门牌照片识别：{u} {n}号 {p}",
)
PLATE_VILLAGE = ("{t}{v}\n{n}号", "{v}\n{n}", "乳山市{t}{v}\n{n}号")
PLATE_COMPOUND = ("{c}\n{b}号楼", "{b}号楼\n{c}", "{c}\n{b}号楼{e}单元", "{b}号楼 {e}单元\n{c}")

# Real places of the neighbouring counties: (county, short, city, townships).
NEIGHBOURS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("文登区", "文登", "威海市", ("天福街道", "米山镇", "界石镇", "宋村镇", "高村镇", "葛家镇")),
    ("海阳市", "海阳", "烟台市", ("凤城街道", "盘石店镇", "郭城镇", "二十里店镇", "徐家店镇")),
    ("牟平区", "牟平", "烟台市", ("文化街道", "龙泉镇", "玉林店镇", "观水镇", "莒格庄镇")),
    ("荣成市", "荣成", "威海市", ("人和镇", "港西镇", "上庄镇", "虎山镇", "滕家镇")),
    ("环翠区", "环翠", "威海市", ("孙家疃街道", "羊亭镇", "温泉镇", "嵩山街道")),
)
NEIGHBOUR_FORMS = (
    "【{short}12345】您反映的{i}问题，位于{county}{t}{u}{n}号",
    "{u}{n}号\n山东省{city}{county}{t}{u}{n}号",
    "今天上午{h}点在{county}{t}{v}{n}号",
    "从乳山过来，往{dir}走到{county}{t}{u}{n}号",
    "我住乳山，出事的地方在{county}{t}{u}{n}号",
    "不好意思说错了，不是乳山，是{county}{t}{u}{n}号",
    "{county}{t}{v}委会门口",
    "{u}{n}号，{short}的，不是乳山的",
    "{county}{t}\n{u}{n}号",
    "#{short}身边事# {county}{t}{u}{n}号的井盖丢了",
    "那个……{short}……{t}……{v}……{nc}号",
    "Unit {e} of Building {b}, {c}, {county}",
    "{county}{t}{u}{wide}号",
    "地址：{county}{t}{c}{b}号楼{e}单元",
)


def daxie(n: int) -> str:
    """1..999 in the financial numerals: 23 -> 贰拾叁, 108 -> 壹佰零捌, 15 -> 壹拾伍."""
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = DAXIE[hundreds] + "佰" if hundreds else ""
    if tens:
        out += DAXIE[tens] + "拾"
    elif hundreds and ones:
        out += "零"
    if ones:
        out += DAXIE[ones]
    return out


def zero_digits(n: int) -> str:
    """Digit by digit in Chinese with 〇 for 0: 108 -> 一〇八, 128 -> 一二八."""
    return "".join(CIRCLE_ZERO[int(d)] for d in str(n))


def spoken_digits(n: int) -> str:
    """Digit by digit as heard: 17 -> 要拐, 102 -> 要洞两."""
    return "".join(SPOKEN_DIGIT[int(d)] for d in str(n))


def circled(n: int) -> str:
    """1..20 as a circled digit: 3 -> ③."""
    return chr(0x2460 + n - 1)


class _Writer:
    def __init__(self, registry: Registry, seed: int) -> None:
        self.rng = random.Random(seed)
        self.p = _Places(registry)
        self.ix = self.p.ix
        # Every name an OCR slip could be read back to.
        self.all_names = sorted(n for n in self.ix.known_names if len(n) >= 2)

    # -- small helpers ------------------------------------------------------------------
    def _pick(self, options: tuple[str, ...] | list[str]) -> str:
        return self.rng.choice(options)

    def _person(self) -> str:
        return self._pick(tuple(SURNAMES)) + self._pick(HONOURS)

    def _door(self, unit: AddressUnit, low: int = 1) -> Address:
        return self.ix.door(self.rng, unit, low)

    def _town(self, code: str) -> str:
        return self.ix.divisions[code].name

    def _town_short(self, code: str) -> str:
        return self.ix.divisions[code].aliases[0]

    def _village(self, alone: float = 0.45) -> tuple[AddressUnit, str]:
        """A village and how it is written: alone when that is safe, else with its township."""
        if self.rng.random() < alone:
            unit = self.rng.choice(self.p.alone)
            return unit, unit.name
        unit = self.rng.choice(self.p.in_town)
        return unit, self._town(unit.township) + unit.name

    def _road(self, town: float = 0.4) -> tuple[AddressUnit, str]:
        unit = self.rng.choice(self.p.roads)
        prefix = self._town(unit.township) if self.rng.random() < town else ""
        return unit, prefix + unit.name

    def _place(self, road: float = 0.55) -> tuple[AddressUnit, str]:
        return self._road() if self.rng.random() < road else self._village()

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

    def _address(self, entrance: float = 0.25) -> tuple[AddressUnit, Address, str]:
        """A door on a road or in a village, or a compound's entrance, as written plainly."""
        if self.rng.random() < entrance:
            unit, door = self._entrance()
            return unit, door, f"{self._compound_name(unit)}{door.building}号楼{door.entrance}单元"
        unit, where = self._place()
        door = self._door(unit)
        return unit, door, f"{where}{door.number}号"

    def _said(self, n: int) -> str:
        return chinese_number(n) if self.rng.random() < 0.5 else str(n)

    def _room(self) -> str:
        return f"{self.rng.randint(1, 9)}0{self.rng.randint(1, 4)}"

    def _ok(self, text: str, unit: AddressUnit | None, *more: str) -> bool:
        return not self.p.holds_other(text, self.p.meant(unit, *more))

    def _written(self, text: str, unit: AddressUnit, truth: str, *more: str) -> Written | None:
        precision = ADDRESS if truth in self.ix.addresses else COMMUNITY
        return (text, truth, precision) if self._ok(text, unit, *more) else None

    def _reads_back(self, slipped: str, meant: str) -> bool:
        """``slipped`` is one character from ``meant`` and from no other registry name."""
        if slipped in self.ix.known_names:
            return False
        near = {
            n
            for n in self.all_names
            if len(n) == len(slipped) and sum(a != b for a, b in zip(n, slipped, strict=True)) <= 1
        }
        return near == {meant}

    # -- habits -------------------------------------------------------------------------
    def caller_correction(self) -> Written | None:
        rng = self.rng
        roll = rng.random()
        if roll < 0.28:  # the whole address
            unit, right = self._place()
            door = self._door(unit)
            other, wrong = self._place()
            if other.id == unit.id:
                return None
            wrong_door = self._door(other)
            text = self._pick(MEND_WHOLE).format(
                w=f"{wrong}{wrong_door.number}号", a=f"{right}{door.number}号"
            )
            return self._written(text, unit, door.id, *self.p.meant(other))
        if roll < 0.5:  # the number alone
            unit, where = self._place()
            door = self._door(unit, low=3)
            n = door.number or 0
            x = n + rng.choice((-2, -1, 1, 10)) if n > 2 else n + 1
            if x == n or x < 1:
                return None
            text = self._pick(MEND_NUMBER).format(u=where, x=x, n=n, nc=chinese_number(n))
            return self._written(text, unit, door.id)
        if roll < 0.67:  # the road alone: the number carries over
            unit = rng.choice(self.p.roads)
            other = rng.choice([u for u in self.p.roads if u.id != unit.id])
            door = self._door(unit)
            text = self._pick(MEND_ROAD).format(w=other.name, u=unit.name, n=door.number)
            return self._written(text, unit, door.id, other.name)
        if roll < 0.82:  # the township alone: the road or village and number carry over
            unit = rng.choice(self.p.roads) if rng.random() < 0.4 else rng.choice(self.p.in_town)
            wrong = rng.choice([t for t in self.p.townships if t.code != unit.township])
            door = self._door(unit)
            text = self._pick(MEND_TOWN).format(
                w=wrong.name, t=self._town(unit.township), u=unit.name, n=door.number
            )
            return self._written(text, unit, door.id, wrong.name, *wrong.aliases)
        unit, door = self._entrance()
        form, fixed = rng.choice(MEND_COMPOUND)
        b, e = door.building or 0, door.entrance or 0
        if fixed == "entrance":
            others = [
                a.entrance
                for a in self.ix.doors[unit.id]
                if a.building == b and a.entrance is not None and a.entrance != e
            ]
        else:  # the wrong building must have this entrance too, or the caller misspoke twice
            others = [
                a.building
                for a in self.ix.doors[unit.id]
                if a.entrance == e and a.building is not None and a.building != b
            ]
        if not others:
            return None
        x = rng.choice(others)
        text = form.format(c=self._compound_name(unit), b=b, e=e, x=x)
        return self._written(text, unit, door.id)

    def dictated_spelling(self) -> Written | None:
        rng = self.rng
        roll = rng.random()
        if roll < 0.45:
            unit = rng.choice(self.p.roads)
            stem, suffix = unit.name[:-1], unit.name[-1]
            door = self._door(unit)
            rest = f"{self._said(door.number or 0)}号"
            prefix = self._town(unit.township) if rng.random() < 0.3 else ""
        elif roll < 0.8:
            unit = rng.choice(self.p.in_town)
            stem, suffix = (unit.name[:-1], "村") if unit.name.endswith("村") else (unit.name, "")
            door = self._door(unit)
            rest = f"{self._said(door.number or 0)}号"
            prefix = ""
            if unit.id not in self.p.alone_ids or rng.random() < 0.3:
                prefix = self._town(unit.township)
        else:
            unit, door = self._entrance()
            stem, suffix = unit.name.removesuffix("小区"), "小区"
            rest = f"{door.building}号楼{door.entrance}单元"
            prefix = ""
        name = prefix + unit.name
        form = self._pick(SPELL_FORMS)
        chars = [ch for ch in dict.fromkeys(stem) if ch in SPELT]
        if not chars:
            return None
        if form.startswith("{spell}，{suffix}"):
            if not suffix or any(ch not in SPELT for ch in stem):
                return None
            spell = "，".join(SPELT[ch] for ch in stem)
            text = (
                prefix
                + ("，" if prefix else "")
                + form.format(spell=spell, suffix=suffix, rest=rest)
            )
        else:
            picked = rng.sample(chars, k=min(len(chars), rng.choice((1, 2))))
            picked.sort(key=stem.index)
            spell = "，".join(SPELT[ch] for ch in picked)
            ch = picked[0]
            text = form.format(name=name, spell=spell, rest=rest, ch=ch, said=SPELT[ch])
        return self._written(text, unit, door.id)

    def elderly_speech(self) -> Written | None:
        rng = self.rng
        roll = rng.random()
        if roll < 0.2:
            unit, door = self._entrance()
            text = self._pick(HESITANT_COMPOUND).format(
                c=self._compound_name(unit),
                b=self._said(door.building or 0),
                e=self._said(door.entrance or 0),
            )
            return self._written(text, unit, door.id)
        if roll < 0.32:  # a number left vague: every door it can mean
            unit = rng.choice(self.p.roads)
            tens = rng.choice((1, 2, 3))
            said = {1: "十几", 2: "二十几", 3: "三十几"}[tens]
            truth, precision = self.ix.road_door_truth(unit, range(tens * 10, tens * 10 + 10))
            text = self._pick(HESITANT_VAGUE).format(
                u=unit.name, t=self._town(unit.township), range=said
            )
            return (text, truth, precision) if self._ok(text, unit) else None
        if roll < 0.65:
            unit = rng.choice(self.p.roads)
            form = self._pick(HESITANT_ROAD)
            door = self._door(unit, low=10 if "十几" in form else 3)
            n = door.number or 0
            if "十几" in form and n >= 20:
                wanted = rng.randint(10, 19)
                door = next(a for a in self.ix.doors[unit.id] if a.number == wanted)
                n = door.number or 0
            digits = str(n)
            x = int(digits[::-1]) if len(digits) == 2 and digits[1] != "0" else n + 10
            if x == n:
                x = n + 1
            text = form.format(
                u=unit.name, t=self._town(unit.township), n=self._said(n), x=self._said(x)
            )
            return self._written(text, unit, door.id)
        unit = rng.choice(self.p.in_town)
        door = self._door(unit, low=2)
        n = door.number or 0
        town = self._pick((self._town(unit.township), self._town_short(unit.township)))
        text = self._pick(HESITANT_VILLAGE).format(
            t=town, v=unit.name, n=self._said(n), x=self._said(n + 1)
        )
        return self._written(text, unit, door.id)

    def mixed_numerals(self) -> Written | None:
        rng = self.rng
        if rng.random() < 0.3:
            unit, door = self._entrance()
            b, e = door.building or 0, door.entrance or 0
            bs = [daxie(b), circled(b), str(b).translate(WIDE)]
            es = [daxie(e), circled(e), str(e).translate(WIDE), CN[e]]
            if b == 2:
                bs.append("两")
            if e == 2:
                es.append("两")
            text = self._pick(NUMBER_COMPOUND).format(
                c=self._compound_name(unit), b=self._pick(bs), e=self._pick(es)
            )
            return self._written(text, unit, door.id)
        unit, where = self._place()
        door = self._door(unit, low=10)
        n = door.number or 0
        digits = str(n)
        said = [daxie(n)]
        if "0" in digits and n >= 100:
            said.append(zero_digits(n))
        if 110 <= n <= 199:
            said.append(f"一百{n - 100}")
        if n >= 100 and "0" not in digits:
            said.append(zero_digits(n))  # 一二八
        if 10 < n < 100 and n % 10:
            said.append(chinese_number(n - n % 10) + str(n % 10))  # 三十5
        if 21 <= n <= 29:
            said.append("廿" + CN[n - 20])
        if 31 <= n <= 39:
            said.append("卅" + self._pick((CN[n - 30], str(n - 30))))
        if n >= 100 and n % 10:
            said.append(
                chinese_number(n - n % 10) + "零" * (n % 100 < 10) + str(n % 10).translate(WIDE)
            )
        mixed = "".join(d.translate(WIDE) if rng.random() < 0.5 else d for d in digits)
        if mixed not in (digits, digits.translate(WIDE)):
            said.append(mixed)
        text = self._pick(NUMBER_FORMS).format(u=where, s=self._pick(said))
        return self._written(text, unit, door.id)

    def speech_slips(self) -> Written | None:
        rng = self.rng
        slipped = False
        if rng.random() < 0.25:
            unit, door = self._entrance()
            name = self._compound_name(unit)
            if name.endswith("小区") and rng.random() < 0.5:
                name = name.removesuffix("小区") + "晓区"
                slipped = True
            hao, lou, danyuan = self._pick(SLIP_HAO), self._pick(SLIP_LOU), self._pick(SLIP_UNIT)
            b, e = door.building or 0, door.entrance or 0
            said_b = spoken_digits(b) if rng.random() < 0.4 else chinese_number(b)
            address = f"{name}{said_b}{hao}{lou}{e}{danyuan}"
            slipped = slipped or hao != "号" or lou != "楼" or danyuan != "单元"
            slipped = slipped or any(ch in said_b for ch in "要拐")
        else:
            if rng.random() < 0.55:
                unit = rng.choice(self.p.roads)
                town = self._town(unit.township) if rng.random() < 0.5 else ""
            else:
                unit = rng.choice(self.p.in_town)
                town = self._town(unit.township)
            name = unit.name
            if town.endswith("镇") and rng.random() < 0.4:
                town = town[:-1] + "圳"
                slipped = True
            if name[-1] in SLIP_SUFFIX and rng.random() < 0.6:
                name = name[:-1] + self._pick(SLIP_SUFFIX[name[-1]])
                slipped = True
            door = self._door(unit)
            n = door.number or 0
            roll = rng.random()
            said = spoken_digits(n) if roll < 0.45 else chinese_number(n) if roll < 0.7 else str(n)
            hao = self._pick(SLIP_HAO)
            slipped = slipped or hao != "号" or any(ch in said for ch in "要拐")
            address = town + name + said + hao
        county = self._pick(SLIP_COUNTY)
        slipped = slipped or county.startswith("乳杉")
        if not slipped:
            return None
        text = self._pick(SLIP_BEFORE) + county + address + self._pick(SLIP_AFTER)
        return self._written(text, unit, door.id)

    def _pinyin(self, name: str) -> str | None:
        if any(ch not in PINYIN for ch in name):
            return None
        return "".join(PINYIN[ch] for ch in name).capitalize()

    def english_mix(self) -> Written | None:
        rng = self.rng
        roll = rng.random()
        if roll < 0.22:
            unit, door = self._entrance()
            text = self._pick(ENTRANCE_ENGLISH).format(
                c=self._compound_name(unit), b=door.building, e=door.entrance, r=self._room()
            )
            return self._written(text, unit, door.id)
        if roll < 0.4:
            unit = self.rng.choice(self.p.in_town)
            door = self._door(unit)
            text = self._pick(VILLAGE_ENGLISH).format(
                v=unit.name, t=self._town(unit.township), n=door.number
            )
            return self._written(text, unit, door.id)
        unit = rng.choice(self.p.roads)
        door = self._door(unit)
        if roll < 0.7:
            pinyin = self._pinyin(unit.name[:-1])
            full = {
                (self._pinyin(u.name[:-1]), u.name[-1]) for u in self.p.roads if u.id != unit.id
            }
            if pinyin is None or (pinyin, unit.name[-1]) in full:
                return None
            town_p = self._pinyin(self._town_short(unit.township))
            town = ""
            if town_p and rng.random() < 0.6:
                town = f"{town_p} {'Jiedao' if town_p == 'Chengqu' else 'Zhen'}, "
            text = self._pick(ROAD_PINYIN).format(
                p=pinyin, l=SUFFIX_PINYIN[unit.name[-1]], n=door.number, u=unit.name, town=town
            )
            return self._written(text, unit, door.id)
        text = self._pick(ROAD_ENGLISH).format(
            u=unit.name, n=door.number, t=self._town(unit.township)
        )
        return self._written(text, unit, door.id)

    def handwritten_ocr(self) -> Written | None:
        rng = self.rng
        # The parts of the address, each (text, the registry name it is, or "").
        if rng.random() < 0.25:
            unit, door = self._entrance()
            parts = [
                (unit.name, unit.name),
                (f"{door.building}", ""),
                ("号楼", ""),
                (f"{door.entrance}", ""),
                ("单元", ""),
            ]
        else:
            unit = rng.choice(self.p.roads) if rng.random() < 0.55 else rng.choice(self.p.in_town)
            door = self._door(unit, low=10)
            parts = [(unit.name, unit.name), (str(door.number), ""), ("号", "")]
            needs_town = unit.kind is UnitKind.VILLAGE and unit.id not in self.p.alone_ids
            if needs_town or rng.random() < 0.5:
                town = self._town(unit.township)
                parts.insert(0, (town, town))
        if rng.random() < 0.6:
            parts.insert(0, ("乳山市", "乳山市"))
        slips = 0
        out: list[str] = []
        order = list(range(len(parts)))
        rng.shuffle(order)
        chosen = set(order[: rng.choice((1, 1, 2))])
        for i, (text, name) in enumerate(parts):
            if i not in chosen:
                out.append(text)
                continue
            if text.isdigit():
                if len(text) >= 2 and any(d in OCR_DIGIT for d in text):
                    k = rng.choice([j for j, d in enumerate(text) if d in OCR_DIGIT])
                    text = text[:k] + OCR_DIGIT[text[k]] + text[k + 1 :]
                    slips += 1
                out.append(text)
                continue
            spots = [j for j, ch in enumerate(text) if ch in OCR_CHAR and OCR_CHAR[ch] != ch]
            if spots:
                k = rng.choice(spots)
                slipped = text[:k] + OCR_CHAR[text[k]] + text[k + 1 :]
                if name and not self._reads_back(slipped, name):
                    return None
                text = slipped
                slips += 1
            out.append(text)
        if slips == 0:
            return None
        text = self._pick(OCR_FORMS).format(a="".join(out))
        return self._written(text, unit, door.id)

    def sms_template(self) -> Written | None:
        rng = self.rng
        unit, door, address = self._address()
        text = self._pick(SMS_FORMS).format(
            a=address,
            i=self._pick(ISSUES),
            ts=self._town_short(unit.township),
            d=f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日",
            wo=f"2026{rng.randint(10, 12)}{rng.randint(10, 28)}{rng.randint(1000, 9999)}",
        )
        return self._written(text, unit, door.id)

    def map_app_copy(self) -> Written | None:
        rng = self.rng
        roll = rng.random()
        if roll < 0.35:
            unit, door = self._entrance() if rng.random() < 0.7 else self._building()
            title = f"{self._compound_name(unit)}-{door.building}号楼"
            if door.entrance is not None:
                title += f"{door.entrance}单元"
        else:
            unit = rng.choice(self.p.roads) if rng.random() < 0.6 else rng.choice(self.p.in_town)
            door = self._door(unit)
            title = f"{unit.name}{door.number}号"
            if unit.kind is UnitKind.VILLAGE and unit.id not in self.p.alone_ids:
                title = self._town(unit.township) + title
        town = self._town(unit.township)
        line = self._pick(
            (
                f"山东省威海市乳山市{town}{unit.name}",
                f"乳山市{town}",
                f"威海市乳山市{town}{unit.name}附近",
                f"山东省威海市乳山市{town}{title.removeprefix(town)}",
            )
        )
        code = "".join(rng.choices("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz", k=8))
        text = self._pick(MAP_FORMS).format(
            title=title, line=line, code=code, km=f"{rng.randint(0, 12)}.{rng.randint(1, 9)}"
        )
        return self._written(text, unit, door.id)

    def landmark_only(self) -> Written | None:
        rng = self.rng
        roll = rng.random()
        if roll < 0.25:
            township = rng.choice(self.p.townships)
            if township.name.endswith("街道"):
                text = self._pick(STREET_MARKS)
            else:
                text = self._pick(TOWN_MARKS).format(tn=township.name)
            meant = self.p.meant(None, *self.p.township_names(township.code))
            return None if self.p.holds_other(text, meant) else (text, township.code, TOWNSHIP)
        if roll < 0.6:
            unit, written = self._village()
            if not written.endswith("村"):
                return None
            text = self._pick(VILLAGE_MARKS).format(v=written)
            return self._written(text, unit, unit.community or "")
        unit = rng.choice(self.p.compounds)
        if roll < 0.85:
            text = self._pick(COMPOUND_MARKS).format(c=self._compound_name(unit))
        else:
            text = self._pick(COMMUNITY_MARKS).format(
                m=self.ix.divisions[unit.community or ""].name
            )
        return self._written(text, unit, unit.community or "")

    def with_time_prefix(self) -> Written | None:
        rng = self.rng
        unit, door, address = self._address()
        text = self._pick(TIME_FORMS).format(
            a=address,
            h=rng.randint(6, 11),
            mi=f"{rng.randint(0, 59):02d}",
            mo=rng.randint(1, 12),
            d=rng.randint(1, 28),
        )
        return self._written(text, unit, door.id)

    def directions_to(self) -> Written | None:
        rng = self.rng
        unit, door, address = self._address(entrance=0.15)
        roll = rng.random()
        if roll < 0.5:
            start = rng.choice([u for u in self.p.roads if u.id != unit.id])
            f = start.name + self._pick(("路口", ""))
            more = [start.name]
        elif roll < 0.8:
            start, f = self._village(alone=1.0)
            if start.id == unit.id:
                return None
            more = [start.name, start.name[:-1]]
        else:
            start = rng.choice([u for u in self.p.compounds if u.id != unit.id])
            f = start.name + self._pick(("大门", "", "北门"))
            more = [start.name]
        text = self._pick(DIRECTION_FORMS).format(
            f=f, dir=self._pick(DIRECTIONS), m=rng.choice((50, 100, 200, 300)), a=address
        )
        return self._written(text, unit, door.id, *more)

    def multiple_places(self) -> Written | None:
        unit, door, address = self._address()
        other, _, home = self._address()
        if other.id == unit.id:
            return None
        text = self._pick(TWO_PLACES).format(a=address, b=home)
        return self._written(text, unit, door.id, *self.p.meant(other))

    def social_post(self) -> Written | None:
        unit, door, address = self._address()
        text = self._pick(POST_FORMS).format(a=address)
        return self._written(text, unit, door.id)

    def doorplate_photo(self) -> Written | None:
        rng = self.rng
        roll = rng.random()
        if roll < 0.5:
            unit = rng.choice(self.p.roads)
            door = self._door(unit)
            pinyin = self._pinyin(unit.name[:-1])
            form = self._pick(PLATE_ROAD)
            if "{p}" in form and pinyin is None:
                return None
            text = form.format(
                u=unit.name,
                n=door.number,
                t=self._town(unit.township),
                p=f"{(pinyin or '').upper()} {SUFFIX_PINYIN[unit.name[-1]].upper()}",
            )
            return self._written(text, unit, door.id)
        if roll < 0.75:
            unit = rng.choice(self.p.in_town)
            door = self._door(unit)
            form = self._pick(PLATE_VILLAGE)
            if "{t}" not in form and unit.id not in self.p.alone_ids:
                return None
            text = form.format(t=self._town(unit.township), v=unit.name, n=door.number)
            return self._written(text, unit, door.id)
        form = self._pick(PLATE_COMPOUND)
        unit, door = self._entrance() if "{e}" in form else self._building()
        text = form.format(c=self._compound_name(unit), b=door.building, e=door.entrance)
        return self._written(text, unit, door.id)

    def neighbour_outside(self) -> Written | None:
        rng = self.rng
        county, short, city, townships = rng.choice(NEIGHBOURS)
        n = rng.randint(1, 150)
        text = self._pick(NEIGHBOUR_FORMS).format(
            county=county,
            short=short,
            city=city,
            t=self._pick(townships),
            u=rng.choice(self.p.roads).name,  # a road name 乳山 has too
            v=rng.choice(self.ix.villages).name,  # a village name 乳山 has too
            c=rng.choice(self.p.compounds).name,  # a compound name 乳山 has too
            n=n,
            nc=chinese_number(n),
            wide=str(n).translate(WIDE),
            b=rng.randint(1, 8),
            e=rng.randint(1, 3),
            h=rng.randint(6, 11),
            i=self._pick(ISSUES),
            dir=self._pick(DIRECTIONS),
        )
        if "海阳所" in text:
            return None
        return text, "", OUTSIDE


def build_set(registry: Registry, seed: int = SEED) -> list[Item]:
    """The whole set, the same for the same registry and seed."""
    return collect(_Writer(registry, seed), HABITS)


def _prose(registry: Registry, items: list[Item], habits: Counter[str], run: str) -> list[str]:
    return [
        "## Address placement on a seventh fresh set (v7)",
        "",
        "Command: `python bench/fresh_addresses_v7.py`",
        "",
        f"Run: {run}, CPython {sys.version.split()[0]}. Set `{SET_NAME}`"
        f" (bench/fresh_addresses_v7.py, seed {SEED}), generated from demo registry"
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
        " number, the road, the township, a building or an entrance in new words (我再说一遍,"
        " 不好意思说错了, 弄错了, 是…才对, 改一下, 打错了, 不是…而是…, 搞错了, 记错了);"
        " dictated_spelling, a name spelled character by character (黄金的黄，河流的河，路),"
        " sometimes never written whole; elderly_speech, hesitant speech that finds the number"
        " on the way (那个……十几号……不对，十二号) or leaves it vague; mixed_numerals, 大写"
        " (贰拾叁), 一〇八, 一二八, 一百12, 三十5, 廿三, 卅五, full-width digits mixed"
        " in, circled ③; speech_slips, 皓/昊 for 号, 碌/麓 for 路, 皆/揭 for 街, 寸 for 村, 圳"
        " for 镇, 篓/蒌 for 楼, 单源/担元 for 单元, 晓区 for 小区, 乳杉 for 乳山, 要 and 拐 in"
        " numbers read digit by digit; english_mix, English words and pinyin in new orders"
        " (12 hao, #12, door no., Unit 2 of Building 3, Huanghe Lu 12 Hao); handwritten_ocr,"
        " look-alike OCR slips (孔 for 乳, 出 for 山, 币 for 市, 略 for 路, 衔 for 街, 忖 for"
        " 村, 弓 for 号, l/O/S/B/Z for digits); sms_template, a 12345 or grid-centre text"
        " message quoting the address; map_app_copy, a place's name and address line copied"
        " from a map app; landmark_only, a township government, village committee, compound"
        " gate or community 居委会; with_time_prefix, a time or date before the address;"
        " directions_to, directions ending at a door; multiple_places, the incident's place"
        " and the caller's home in one text; social_post, a social-media post with hashtags"
        " and @-names; doorplate_photo, a door plate read off a photo (黄河路 / HUANGHE LU /"
        " 12); neighbour_outside, an address in 文登/海阳/牟平/荣成/环翠 written in those same"
        " ways, mostly with a road, village or compound name 乳山 has too.",
        "",
        "Labels a reader may dispute: a correction is the corrected address, and what it does"
        " not repeat carries over from what was said before (黄河路12号，不好意思说错了，是"
        " 新华街 is 新华街12号; a corrected township keeps the road or village and number; a"
        " corrected building keeps the entrance, a corrected entrance the building); 是A才对"
        " and 不是B而是A are A; a spelled name is the name, its spelling words never a place;"
        " hesitation changes nothing, a number taken back is replaced by the one kept, and a"
        " number left vague (十几号) is the community every door it can mean lies in, else the"
        " road's township; numbers are the number they spell (贰拾叁 23, 一〇八 108, 一二八"
        " 128, 一百12 112, 三十5 35, 廿三 23, 卅五 35, ③ 3); speech and OCR slips are read as"
        " meant, an OCR slip only when exactly one registry name is one character from what"
        " was read, and a letter for a digit (l2, 1O8) is that digit; a text message's or"
        " post's ticket numbers, dates, hashtags and @-names are not addresses; a map copy is"
        " its name line when that is a door, building or entrance; a landmark is labelled"
        " only when the registry names it (a township government the township, a village"
        " committee the village, a compound's gate or property office the compound's"
        " community, a 居委会 its community), and the registry names no school, clinic or"
        " market, so none was written; a date's 3号 is a day, not a door; directions are where"
        " they end; of two places, the label is where it happened, never the caller's home or"
        " household register; a door plate is the door, building or entrance it shows; an"
        " address in a neighbouring county is not placeable, even when it says it is"
        " corrected from 乳山 or the caller lives in 乳山.",
        "",
    ]


def main(argv: list[str] | None = None) -> None:
    run_set(
        argv, __doc__ or "", build_set, _prose, section=SECTION, misses=MISSES,
        set_name=SET_NAME, habits=HABITS, outside=OUTSIDE_HABIT,
    )  # fmt: skip


if __name__ == "__main__":
    main()
