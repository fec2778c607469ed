"""What people write about incidents, per kind of incident and per voice, in three pools.

A *voice* is who writes and through what: a grid's own system (城管 supervisors write terse
class names, 综治 grid workers write a narrative with the risk, 环保 patrols write what they
found and did, the 环保 hotline desk writes "市民来电反映..."), or POST /reports from a grid
worker's phone or a citizen app (colloquial, sometimes angry, sometimes without the object's
proper name).

The pools were written apart and never share a sentence. ``TUNING`` is the text the first
tuning steps (the synonym lexicon, the coefficients, the thresholds) saw. ``DEVELOPMENT`` was
the first held-out pool: run once with the scorer frozen, its figures then led to changes
(and its words to the lexicon), so it is now development data and reported as such.
``HELD_OUT`` was written after that run and frozen before those changes; only the final
benchmark runs read it. Slots: ``{place}`` (the place as the reporter wrote it, shortened),
``{shop}`` (a business name), ``{pollutant}`` (a sensor's pollutant).

Within a voice, sentences are listed in the same order of subject as the other voices of
that kind (a missing cover before a broken one; a shop before a street vendor): an incident
picks one place in that order and every voice follows it, so its reports agree on what it is.
"""

from __future__ import annotations

Pool = dict[tuple[str, str], tuple[str, ...]]

TUNING: Pool = {
    # -- 井盖 manhole covers ----------------------------------------------------------------
    ("manhole_cover", "urban"): (
        "雨水井盖缺失",
        "{place}检查井盖丢失",
        "污水井盖移位，高出路面",
        "井盖破损，存在安全隐患",
        "井盖塌陷破碎",
    ),
    ("manhole_cover", "political_legal"): (
        "巡查发现{place}门前窨井盖丢失，夜间行人易跌落，存在安全隐患",
        "{place}附近下水道井盖被盗，有老人小孩经过，隐患较大",
        "网格员巡查时发现路边井盖破损，已设置警示标志，需相关部门尽快更换",
    ),
    ("manhole_cover", "api_worker"): (
        "{place}井盖缺失，已拍照",
        "发现一处窨井盖丢失",
        "井盖破损需更换",
    ),
    ("manhole_cover", "api_citizen"): (
        "楼下的井盖没了！！晚上太危险了，谁来管管",
        "马路上井盖丢了一个，黑乎乎一个洞",
        "路边有个井盖碎了，小孩差点踩进去",
    ),
    # -- 路面 potholes and collapses ---------------------------------------------------------
    ("pothole", "urban"): (
        "路面坑洼破损",
        "道路出现坑槽",
        "人行道地砖破损",
        "{place}路面塌陷",
    ),
    ("pothole", "political_legal"): (
        "{place}路面出现塌陷，周边有学校，存在安全隐患",
        "巡查发现道路塌陷约一平方米，已设置警戒",
    ),
    ("pothole", "api_worker"): ("路面坑洼，需修补", "{place}道路破损严重"),
    ("pothole", "api_citizen"): (
        "路上一个大坑，下雨积水看不见，好几个人摔倒了",
        "马路坑坑洼洼的，开车颠死了",
    ),
    # -- 路灯 street lights ------------------------------------------------------------------
    ("street_light", "urban"): ("路灯不亮", "路灯损坏", "{place}路灯熄灭"),
    ("street_light", "political_legal"): ("{place}一带路灯不亮，夜间照明缺失，存在治安隐患",),
    ("street_light", "api_worker"): ("路灯不亮，需维修",),
    ("street_light", "api_citizen"): (
        "我们这条路的路灯晚上都不亮，黑漆漆的",
        "路灯坏了好几天了",
    ),
    # -- 污水 sewage and discharge -----------------------------------------------------------
    ("sewage", "environment.patrol"): (
        "河道排污口有黑色污水排出",
        "现场发现雨水管网混入生活污水，直排河道",
        "排水沟污水外溢，有明显臭味",
    ),
    ("sewage", "environment.hotline"): (
        "市民来电反映{place}附近污水直排河沟，气味难闻",
        "群众举报有人往河里排放污水",
    ),
    ("sewage", "environment.sensor"): (
        "{pollutant} 在线监测数据超标",
        "监测点{pollutant}浓度超过限值",
    ),
    ("sewage", "urban"): ("污水井冒溢", "污水冒溢，路面污水横流", "{place}下水道返水"),
    ("sewage", "api_citizen"): ("下水道往外冒污水，臭死了", "路边臭水沟冒黑水"),
    # -- 倾倒 dumping and exposed garbage ----------------------------------------------------
    ("dumping", "environment.patrol"): (
        "路边倾倒建筑垃圾",
        "空地有人偷倒渣土约两车",
        "河道边堆放大量生活垃圾",
    ),
    ("dumping", "urban"): ("积存建筑垃圾渣土", "垃圾乱堆乱放", "路边暴露垃圾未清运"),
    ("dumping", "api_worker"): ("路边倾倒垃圾",),
    ("dumping", "api_citizen"): (
        "有人往路边倒了一大堆建筑垃圾",
        "空地上垃圾堆成山了，没人管",
    ),
    # -- 焚烧 open burning -------------------------------------------------------------------
    ("open_burning", "environment.patrol"): (
        "空地有露天焚烧垃圾冒黑烟",
        "现场有人焚烧秸秆，烟雾较大",
    ),
    ("open_burning", "environment.hotline"): ("市民来电反映{place}附近有人烧垃圾，烟很大",),
    ("open_burning", "urban"): ("露天焚烧垃圾", "焚烧树叶杂物"),
    ("open_burning", "political_legal"): ("{place}有人焚烧垃圾，靠近柴草垛，存在火灾隐患",),
    ("open_burning", "api_worker"): ("发现露天焚烧一处",),
    ("open_burning", "api_citizen"): (
        "有人在烧垃圾，烟呛得窗户都不敢开",
        "附近冒黑烟，味道很呛",
    ),
    # -- 夜间施工噪声 night construction noise ------------------------------------------------
    ("construction_noise", "environment.hotline"): (
        "市民来电反映{place}附近工地夜间施工噪声扰民",
        "晚上十一点后工地还在打桩，影响休息",
    ),
    ("construction_noise", "environment.patrol"): ("工地夜间施工噪声扰民",),
    ("construction_noise", "urban"): ("施工扰民", "工地夜间违规施工"),
    ("construction_noise", "political_legal"): (
        "{place}居民与附近工地因夜间施工噪音发生纠纷，情绪激动",
        "小区业主与施工方因晚上施工扰民争执",
    ),
    ("construction_noise", "api_citizen"): (
        "工地半夜还在施工，吵得根本睡不着",
        "晚上施工噪音太大了，孩子都被吵醒",
    ),
    # -- 油烟 restaurant fumes ---------------------------------------------------------------
    ("fumes", "environment.patrol"): ("居民反映饭店油烟直排，气味刺鼻", "{shop}油烟扰民"),
    ("fumes", "environment.hotline"): ("来电反映楼下饭店油烟很大",),
    ("fumes", "urban"): ("餐饮油烟扰民",),
    ("fumes", "political_legal"): ("楼上住户与一楼{shop}因油烟问题发生争吵",),
    ("fumes", "api_citizen"): ("楼下饭店油烟呛人，窗户都没法开",),
    # -- 占道 street trading -----------------------------------------------------------------
    ("street_trading", "urban"): (
        "店外占道经营",
        "{shop}出店经营占用人行道",
        "流动摊贩占道摆摊",
    ),
    ("street_trading", "market"): ("{shop}无照经营", "未办理营业执照擅自经营"),
    ("street_trading", "api_citizen"): ("路边摆摊的把人行道都占满了",),
    # -- 食品 food safety --------------------------------------------------------------------
    ("food_safety", "market"): ("售卖过期食品，后厨卫生不达标", "{shop}销售变质肉制品"),
    ("food_safety", "api_citizen"): ("在{shop}买的面包过期了", "吃完{shop}的饭拉肚子"),
    # -- 违建 illegal construction -----------------------------------------------------------
    ("illegal_construction", "urban"): ("私搭乱建", "楼顶违规搭建彩钢房"),
    ("illegal_construction", "political_legal"): ("邻居私自加盖房屋挡住采光，双方发生纠纷",),
    ("illegal_construction", "api_worker"): ("发现违章搭建一处",),
    ("illegal_construction", "api_citizen"): ("楼下住户在公共绿地上盖了个小房子",),
    # -- 停车 illegal parking ----------------------------------------------------------------
    ("illegal_parking", "urban"): ("机动车违章占用人行道停放",),
    ("illegal_parking", "political_legal"): ("因车辆堵门，两户居民发生争执",),
    ("illegal_parking", "api_citizen"): ("车停在人行道上，轮椅过不去",),
    # -- 邻里纠纷 neighbour disputes ---------------------------------------------------------
    ("neighbour_dispute", "political_legal"): (
        "邻里因楼道堆放杂物发生争执，需调解",
        "楼上漏水引发邻里矛盾",
    ),
    ("neighbour_dispute", "api_worker"): ("邻里纠纷，需社区调解",),
    # -- 欠薪 wage arrears -------------------------------------------------------------------
    ("wage_arrears", "political_legal"): (
        "{shop}拖欠工人工资，工人拟集体上访",
        "工人与{shop}老板因工资结算发生纠纷",
    ),
    ("wage_arrears", "api_worker"): ("工地欠薪，工人聚集讨薪",),
    # -- 价格 / 假冒 overcharging and counterfeits ---------------------------------------------
    ("overcharging", "market"): ("未明码标价，结算价格高于标价",),
    ("overcharging", "api_citizen"): ("{shop}结账比标价贵",),
    ("counterfeit", "market"): ("销售疑似假冒品牌白酒",),
    ("counterfeit", "api_citizen"): ("在{shop}买到假酒",),
    # -- 特殊人群 special populations (one grid, one voice) ------------------------------------
    ("special_population", "political_legal"): ("独居老人需定期走访",),
}

DEVELOPMENT: Pool = {
    ("manhole_cover", "urban"): (
        "窨井盖缺失，已设置临时围挡",
        "雨水篦子被盗",
        "井盖松动，车辆碾压有响声",
        "井盖断裂下陷",
        "{place}人行道上井盖破损",
    ),
    ("manhole_cover", "political_legal"): (
        "辖区{place}处井盖缺失，居民反映晚上看不清，担心有人掉下去",
        "{place}井口无盖，已用锥桶围挡，请城管部门处置",
        "排查安全隐患：路口检查井盖碎裂，已通知物业临时遮挡",
    ),
    ("manhole_cover", "api_worker"): (
        "{place}雨水井盖不见了",
        "井盖翘起，易绊倒行人",
        "检查井盖碎了一角",
    ),
    ("manhole_cover", "api_citizen"): (
        "这里的下水井盖被偷了，快来处理一下吧",
        "{place}有个井口敞着，非常危险",
        "井盖坏了好几天了，电动车经过颠得厉害",
    ),
    ("pothole", "urban"): (
        "车行道沉陷开裂",
        "路面破损，雨后积水",
        "机动车道出现大坑",
        "{place}便道砖松动缺失",
    ),
    ("pothole", "political_legal"): (
        "辖区道路出现深坑，夜间骑车易摔倒，存在隐患",
        "{place}路面下沉开裂，群众担心塌方",
    ),
    ("pothole", "api_worker"): ("机动车道有一个大坑", "路面塌了一块"),
    ("pothole", "api_citizen"): ("这段路烂得不行，全是坑", "{place}门口路面塌陷了，赶紧修吧"),
    ("street_light", "urban"): ("灯杆倾斜，灯头损坏", "路灯夜间不亮，连续多盏", "照明灯具故障"),
    ("street_light", "political_legal"): ("巷道路灯坏了很久，晚上漆黑，居民担心安全",),
    ("street_light", "api_worker"): ("两盏路灯熄灭",),
    ("street_light", "api_citizen"): (
        "晚上回家路上一片黑，路灯一直没修",
        "{place}的路灯一闪一闪的，后来干脆不亮了",
    ),
    ("sewage", "environment.patrol"): (
        "排口发现灰黑色废水外排",
        "沟渠内污水横流，水体发黑发臭",
        "疑似企业偷排废水进入雨水井",
    ),
    ("sewage", "environment.hotline"): (
        "来电人称{place}下水道往外冒脏水，臭气熏天",
        "热线转办：河边排水口流黑水",
    ),
    ("sewage", "environment.sensor"): (
        "{pollutant} 自动监测小时均值超标",
        "在线监测设备报警：{pollutant}超标",
    ),
    ("sewage", "urban"): ("污水管道堵塞外溢", "检查井污水漫溢至路面", "雨污管网冒水，有异味"),
    ("sewage", "api_citizen"): ("{place}井里往外冒脏水，流了一路", "小区外排水沟的水又黑又臭"),
    ("dumping", "environment.patrol"): (
        "现场发现装修垃圾随意倾倒",
        "沟边被倾倒固体废物",
        "有车辆夜间偷倒建筑废料",
    ),
    ("dumping", "urban"): ("道路旁积存渣土未清运", "绿化带内有堆积垃圾", "垃圾满溢未及时清理"),
    ("dumping", "api_worker"): ("发现渣土倾倒点一处",),
    ("dumping", "api_citizen"): (
        "{place}旁边被人倒了好多装修垃圾",
        "垃圾好几天没人拉走，味道很大",
    ),
    ("open_burning", "environment.patrol"): (
        "田间地头焚烧树叶杂草，浓烟",
        "发现露天焚烧废旧轮胎，黑烟滚滚",
    ),
    ("open_burning", "environment.hotline"): ("群众举报附近冒浓烟，疑似焚烧废品",),
    ("open_burning", "urban"): ("有人在路边烧垃圾", "焚烧废弃物冒烟"),
    ("open_burning", "political_legal"): ("村民在院外烧荒，火势不小，有引发火灾风险",),
    ("open_burning", "api_worker"): ("有人烧秸秆，已劝阻",),
    ("open_burning", "api_citizen"): (
        "楼后面有人烧东西，满屋子烟味",
        "{place}那边一直在冒烟，好像在烧塑料",
    ),
    ("construction_noise", "environment.hotline"): (
        "来电称工地深夜施工，机器轰鸣无法入睡",
        "群众投诉夜间混凝土浇筑噪音大",
    ),
    ("construction_noise", "environment.patrol"): ("夜间施工未办理许可，噪声超标",),
    ("construction_noise", "urban"): ("建筑工地夜间作业扰民", "夜间施工噪音扰民"),
    ("construction_noise", "political_legal"): (
        "居民多次找工地理论夜间施工吵闹问题，双方矛盾激化",
        "因工地半夜施工，十余名居民到项目部讨说法",
    ),
    ("construction_noise", "api_citizen"): (
        "都十二点了还在打桩，还让不让人睡觉",
        "{place}旁边工地天天晚上施工，太扰民了",
    ),
    ("fumes", "environment.patrol"): ("餐馆排烟口正对居民窗户，油烟味重", "烧烤店油烟未经净化排放"),
    ("fumes", "environment.hotline"): ("市民举报{shop}排放油烟，异味严重",),
    ("fumes", "urban"): ("店铺油烟污染",),
    ("fumes", "political_legal"): ("居民与餐馆老板因排烟扰民多次发生口角",),
    ("fumes", "api_citizen"): ("{shop}的油烟都飘到我家里了，受不了",),
    ("street_trading", "urban"): ("商户占道摆放货物", "门店越门经营", "游商沿街叫卖，占用车行道"),
    ("street_trading", "market"): ("经营者无法出示营业执照", "流动摊点无证经营食品"),
    ("street_trading", "api_citizen"): ("{place}门口小摊越摆越多，行人只能走马路",),
    ("food_safety", "market"): ("冷柜内食品超过保质期", "后厨脏乱，从业人员无健康证"),
    ("food_safety", "api_citizen"): ("{shop}卖的熟食有异味", "饭店后厨太脏了，苍蝇到处飞"),
    ("illegal_construction", "urban"): ("院外私自搭建棚子", "违章搭建占用公共绿地"),
    ("illegal_construction", "political_legal"): ("因邻居违建影响通行，两户多次争吵",),
    ("illegal_construction", "api_worker"): ("楼顶加盖违建",),
    ("illegal_construction", "api_citizen"): ("{place}有人私自扩建院墙",),
    ("illegal_parking", "urban"): ("车辆乱停乱放堵塞消防通道",),
    ("illegal_parking", "political_legal"): ("停车位纠纷，双方情绪激动",),
    ("illegal_parking", "api_citizen"): ("有辆车堵在门口好几天了",),
    ("neighbour_dispute", "political_legal"): ("两户因宅基地边界发生争吵", "邻居养狗扰民引发纠纷"),
    ("neighbour_dispute", "api_worker"): ("邻里矛盾，已上门调解",),
    ("wage_arrears", "political_legal"): (
        "十余名农民工讨要工资，有聚集苗头",
        "劳资双方因欠薪争执",
    ),
    ("wage_arrears", "api_worker"): ("{shop}拖欠员工工资三个月",),
    ("overcharging", "market"): ("商品标价与实收价格不符",),
    ("overcharging", "api_citizen"): ("{shop}乱收费，价格和标的不一样",),
    ("counterfeit", "market"): ("店内销售仿冒名牌服装",),
    ("counterfeit", "api_citizen"): ("{shop}卖的名牌鞋是假的",),
    ("special_population", "political_legal"): ("社区矫正对象近期情绪不稳",),
}


# Written after the first held-out run, and frozen before any change to the scorer that
# followed it; nothing was tuned on it.
HELD_OUT: Pool = {
    ("manhole_cover", "urban"): (
        "井盖丢失，井口裸露",
        "{place}窨井无盖",
        "井盖下沉，与路面高差明显",
        "井盖破裂，有碎块掉落井内",
        "井座损坏，井盖晃动",
    ),
    ("manhole_cover", "political_legal"): (
        "走访中群众反映{place}路边井盖不翼而飞，放学时段学生较多，易发生跌落",
        "{place}有一处井盖丢失，网格员已用石块和树枝临时标示，请尽快补装",
        "巡查见人行道井盖裂成两半，已拉警戒线，提醒过往行人绕行",
    ),
    ("manhole_cover", "api_worker"): (
        "井盖被偷，已围挡",
        "{place}井盖缺了一块，需补装",
        "井盖压碎了，要换新的",
    ),
    ("manhole_cover", "api_citizen"): (
        "门口马路上的井盖被人偷走了，晚上骑车的人看不见",
        "{place}井盖没有了，我家孩子差点掉下去，太吓人了",
        "井盖一踩就翻，碎了半边，麻烦派人来看看",
    ),
    ("pothole", "urban"): (
        "道路塌陷形成深坑",
        "沥青路面破损坑洼",
        "{place}人行道面砖缺失",
        "车行道龟裂下沉",
    ),
    ("pothole", "political_legal"): (
        "{place}马路中间塌出一个坑，已放置警示桶，存在交通安全隐患",
        "群众反映路面坑洼积水，老人夜间行走容易崴脚",
    ),
    ("pothole", "api_worker"): ("道路塌陷，已设警示", "路面坑槽多处，需修补"),
    ("pothole", "api_citizen"): (
        "这条路塌了个大坑，汽车都绕着走",
        "{place}前面的路坑坑洼洼，电动车摔了好几个",
    ),
    ("street_light", "urban"): ("{place}路灯不亮已有数日", "路灯灯具损坏不亮", "整排路灯夜间不亮"),
    ("street_light", "political_legal"): ("{place}路灯长期不亮，夜里行人稀少，群众担心治安问题",),
    ("street_light", "api_worker"): ("路灯坏了，晚上不亮",),
    ("street_light", "api_citizen"): (
        "小区门口的路灯坏了一个多星期了，晚上走路心里发毛",
        "路灯晚上不亮，黑咕隆咚的，赶紧修修吧",
    ),
    ("sewage", "environment.patrol"): (
        "排污口排放发黑污水，现场有刺鼻气味",
        "检查发现管道向河内直排生活污水",
        "沟内污水漫出，周边恶臭",
    ),
    ("sewage", "environment.hotline"): (
        "市民来电：{place}附近河里的水发黑发臭，怀疑有人偷排",
        "来电反映下水道污水冒出来流到路上",
    ),
    ("sewage", "environment.sensor"): (
        "{pollutant}监测值超过排放标准",
        "自动站{pollutant}浓度超标报警",
    ),
    ("sewage", "urban"): ("污水管道外溢", "{place}污水井往外冒水", "下水道堵塞污水漫溢"),
    ("sewage", "api_citizen"): (
        "{place}的下水道往外冒黑水，整条街都是臭味",
        "河沟里的水又黑又臭，还冒泡，是不是有人排污",
    ),
    ("dumping", "environment.patrol"): (
        "发现建筑渣土被随意倾倒",
        "路旁有偷倒的拆迁垃圾约三车",
        "沟渠边堆积大量生活垃圾",
    ),
    ("dumping", "urban"): ("渣土乱倒", "垃圾堆积未清运", "道路两侧暴露垃圾"),
    ("dumping", "api_worker"): ("发现一处建筑垃圾乱倒",),
    ("dumping", "api_citizen"): (
        "半夜有车来倒建筑垃圾，堆得像小山一样",
        "{place}垃圾堆了好几天没人清，臭气熏天",
    ),
    ("open_burning", "environment.patrol"): (
        "现场发现露天焚烧杂物，浓烟较大，已责令熄灭",
        "农田内焚烧秸秆，烟尘弥漫",
    ),
    ("open_burning", "environment.hotline"): ("来电反映{place}附近有人焚烧垃圾，烟雾很大",),
    ("open_burning", "urban"): ("露天焚烧杂物", "焚烧落叶"),
    ("open_burning", "political_legal"): ("{place}村民焚烧垃圾，紧邻民房，有火灾风险",),
    ("open_burning", "api_worker"): ("有人焚烧垃圾，已制止",),
    ("open_burning", "api_citizen"): (
        "外面有人在烧东西，黑烟滚滚，呛得人喘不过气",
        "{place}那边冒了好大的烟，不知道烧的什么，味道很难闻",
    ),
    ("construction_noise", "environment.hotline"): (
        "市民来电反映{place}附近工地深夜施工，噪声严重影响睡眠",
        "来电投诉工地凌晨还在打桩，吵得没法休息",
    ),
    ("construction_noise", "environment.patrol"): ("夜间查处工地违规施工，噪声扰民",),
    ("construction_noise", "urban"): ("工地夜间施工噪音扰民", "夜间违规施工扰民"),
    ("construction_noise", "political_legal"): (
        "{place}部分居民因工地夜间施工噪音问题与施工单位发生争执",
        "居民因工地晚上施工吵闹，聚集到工地门口要求停工",
    ),
    ("construction_noise", "api_citizen"): (
        "旁边工地天天晚上施工到半夜，噪音大得受不了",
        "{place}工地深夜还在干活，机器响个不停，根本睡不着觉",
    ),
    ("fumes", "environment.patrol"): ("饭店油烟未经处理直接排放", "{shop}油烟排放扰民"),
    ("fumes", "environment.hotline"): ("市民来电投诉{shop}油烟很重，影响居民生活",),
    ("fumes", "urban"): ("饭店油烟污染扰民",),
    ("fumes", "political_legal"): ("居民与楼下{shop}因油烟扰民问题产生矛盾",),
    ("fumes", "api_citizen"): ("楼下{shop}的油烟天天往我家窗户里钻",),
    ("street_trading", "urban"): (
        "{shop}店外占道摆放商品",
        "商铺出店经营占用人行道",
        "流动摊贩在路边摆摊",
    ),
    ("street_trading", "market"): ("{shop}未取得营业执照经营", "流动摊点无照经营"),
    ("street_trading", "api_citizen"): ("{place}人行道上全是摆摊的，根本没法走路",),
    ("food_safety", "market"): ("检查发现{shop}销售过期食品", "{shop}后厨卫生条件差"),
    ("food_safety", "api_citizen"): (
        "在{shop}买的东西过期了还在卖",
        "{shop}厨房太脏了，吃了以后肚子疼",
    ),
    ("illegal_construction", "urban"): ("私自搭建违章建筑", "屋顶私搭乱建"),
    ("illegal_construction", "political_legal"): ("邻居私搭乱建挡住通道，两家因此发生纠纷",),
    ("illegal_construction", "api_worker"): ("发现违章建筑一处",),
    ("illegal_construction", "api_citizen"): ("{place}有人在空地上偷偷盖房子",),
    ("illegal_parking", "urban"): ("车辆违规停放占用人行道",),
    ("illegal_parking", "political_legal"): ("两户居民因停车问题发生口角",),
    ("illegal_parking", "api_citizen"): ("{place}人行道上停满了车，行人没法走",),
    ("neighbour_dispute", "political_legal"): (
        "邻里因公共楼道堆放杂物发生纠纷",
        "上下楼因漏水问题发生矛盾",
    ),
    ("neighbour_dispute", "api_worker"): ("邻里纠纷，正在协调",),
    ("wage_arrears", "political_legal"): (
        "{shop}拖欠工资，多名工人准备集体上访",
        "员工与{shop}因工资问题发生纠纷",
    ),
    ("wage_arrears", "api_worker"): ("{shop}欠薪，工人聚集讨要工资",),
    ("overcharging", "market"): ("商品实际售价高于标价",),
    ("overcharging", "api_citizen"): ("在{shop}买东西结账价格和标价不一样",),
    ("counterfeit", "market"): ("{shop}销售假冒名牌商品",),
    ("counterfeit", "api_citizen"): ("{shop}卖的是假货",),
    ("special_population", "political_legal"): ("对辖区独居老人进行定期走访",),
}

POOLS: dict[str, Pool] = {"tuning": TUNING, "development": DEVELOPMENT, "heldout": HELD_OUT}
