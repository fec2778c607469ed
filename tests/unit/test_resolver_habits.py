"""Addresses written in a hurry: a grid cell by its number, a building-entrance pair with 号,
the entrance before the building, a spoken word before the number, English word order, a
road with the other suffix. Each is placed where it means, or left short of confident."""

from __future__ import annotations

import pytest

from contracts.placement import PlacementStatus, Precision
from dispatch.domain import AUTO_DISPATCH_MIN_CONFIDENCE
from grid.address import normalise_address
from grid.model import Registry
from grid.resolver import AddressResolver
from gridhub.simulator import demo_registry
from tests.unit.test_resolver_writing import door


@pytest.fixture(scope="module")
def registry() -> Registry:
    return demo_registry()


@pytest.fixture(scope="module")
def resolver(registry: Registry) -> AddressResolver:
    return AddressResolver(registry)


def cell_named(registry: Registry, name: str) -> str:
    return next(c.code for c in registry.cells if c.name == name)


@pytest.mark.parametrize(
    "text",
    ["城区街道利群社区第3网格", "利群社区3网格", "乳山市利群社区三网格", "利群社区第三网格附近"],
)
def test_a_grid_cell_named_by_its_number_is_that_cell(
    resolver: AddressResolver, registry: Registry, text: str
) -> None:
    placement = resolver.resolve(text)
    assert placement.status is PlacementStatus.PLACED, placement.reasons
    assert placement.precision is Precision.CELL
    assert placement.cell == cell_named(registry, "利群社区第3网格")
    assert placement.address_id is None  # never 利群小区3号楼


def test_a_grid_cell_the_community_lacks_leaves_the_community_unsure(
    resolver: AddressResolver,
) -> None:
    placement = resolver.resolve("城区街道利群社区第97网格")
    assert placement.precision is Precision.COMMUNITY
    assert placement.confidence < AUTO_DISPATCH_MIN_CONFIDENCE
    assert any("no grid cell 97" in r for r in placement.reasons)


def test_building_and_entrance_with_hao_after_a_compound(
    resolver: AddressResolver, registry: Registry
) -> None:
    assert normalise_address("静园小区2-1号").text == "静园小区2号楼1单元"
    assert normalise_address("翠竹路12-1号").text == "翠竹路12号"  # a road's sub-door
    placement = resolver.resolve("静园小区2-1号")
    assert placement.address_id == door(registry, "静园小区", building=2, entrance=1).id


def test_an_entrance_the_registry_lacks_is_never_placed_confidently(
    resolver: AddressResolver, registry: Registry
) -> None:
    placement = resolver.resolve("静园小区1号楼9单元")
    assert placement.status is PlacementStatus.PLACED
    assert placement.confidence < AUTO_DISPATCH_MIN_CONFIDENCE
    assert any("not in the registry" in r for r in placement.reasons)


def test_the_entrance_written_before_the_building(
    resolver: AddressResolver, registry: Registry
) -> None:
    placement = resolver.resolve("乳山市静园小区3单元1号楼")
    assert placement.address_id == door(registry, "静园小区", building=1, entrance=3).id


def test_a_spoken_word_before_the_number(resolver: AddressResolver, registry: Registry) -> None:
    for text in ("黄河路那个12号", "城区黄河路这边的12号门口"):
        placement = resolver.resolve(text)
        assert placement.address_id == door(registry, "黄河路", 12).id, placement.reasons


def test_english_word_order_puts_the_number_after_the_road(
    resolver: AddressResolver, registry: Registry
) -> None:
    placement = resolver.resolve("12 Huanghe Rd, Rushan")
    assert placement.address_id == door(registry, "黄河路", 12).id, placement.reasons
    assert placement.confidence < AUTO_DISPATCH_MIN_CONFIDENCE  # read from letters
    flat = resolver.resolve("Bldg 1 Unit 3, Jingyuan Xiaoqu")
    assert flat.address_id == door(registry, "静园小区", building=1, entrance=3).id, flat.reasons


def test_a_road_with_the_other_suffix_before_its_number(
    resolver: AddressResolver, registry: Registry
) -> None:
    placement = resolver.resolve("乳山黄河街12号")
    assert placement.address_id == door(registry, "黄河路", 12).id, placement.reasons
    assert placement.confidence < AUTO_DISPATCH_MIN_CONFIDENCE
    assert any("'黄河街' read as 黄河路" in r for r in placement.reasons)
    # A stem two roads of the township share is not guessed between.
    shared = resolver.resolve("午极镇海景大道52号")
    assert shared.address_id is None


# -- a village's groups (村民小组): the registry counts a village's doors without them ------
def a_village_door(registry: Registry, number: int = 12) -> tuple[str, str]:
    """A village with a door of that number: (village name, the door's address id)."""
    villages = {u.id: u for u in registry.units if u.kind.value == "village"}
    for address in registry.addresses:
        if address.unit in villages and address.number == number and address.building is None:
            return villages[address.unit].name, address.id
    raise AssertionError("the demo registry has no village with that door")


@pytest.mark.parametrize("group", ["3组", "三组", "第三组", "2队", "二队", "第二村民小组", "5小组"])
def test_a_village_group_is_never_read_as_the_door(
    resolver: AddressResolver, registry: Registry, group: str
) -> None:
    village, door_12 = a_village_door(registry)
    placement = resolver.resolve(f"{village}{group}12号")
    assert placement.address_id == door_12, placement.reasons  # not door 3, 2 or 5
    # Some villages number houses within each group: the door is a guess a person confirms.
    assert placement.confidence < AUTO_DISPATCH_MIN_CONFIDENCE
    assert any("village group" in r for r in placement.reasons)


def test_a_village_group_without_a_door_is_the_village(
    resolver: AddressResolver, registry: Registry
) -> None:
    village, _ = a_village_door(registry)
    placement = resolver.resolve(f"{village}5组")
    assert placement.precision is Precision.COMMUNITY, placement.reasons  # not door 5
    assert placement.address_id is None


def test_a_village_door_without_a_group_stays_confident(
    resolver: AddressResolver, registry: Registry
) -> None:
    village, door_12 = a_village_door(registry)
    placement = resolver.resolve(f"{village}12号")
    assert placement.address_id == door_12
    assert placement.confidence >= AUTO_DISPATCH_MIN_CONFIDENCE


# -- beside a door (12号对面, 旁边, 附近): the door is the reference, the cell may not be --------
def doors_by_cell_change(registry: Registry) -> tuple[str, str]:
    """(a door text whose neighbours within 4 numbers share its cell, one whose do not)."""
    units = {u.id: u for u in registry.units}
    by_unit: dict[str, dict[int, str]] = {}
    for a in registry.addresses:
        if a.number is not None and a.building is None:
            by_unit.setdefault(a.unit, {})[a.number] = a.cell
    same = mixed = None
    for unit, cells in sorted(by_unit.items()):
        for number in sorted(cells):
            around = {cells[n] for n in range(max(1, number - 4), number + 5) if n in cells}
            text = f"{units[unit].name}{number}号"
            if len(around) == 1 and same is None and len(cells) > 9:
                same = text
            if len(around) > 1 and mixed is None:
                mixed = text
        if same and mixed:
            return same, mixed
    raise AssertionError("no such doors in the demo registry")


@pytest.mark.parametrize("word", ["对面", "旁边", "隔壁", "附近", "斜对面"])
def test_beside_a_door_whose_neighbours_share_its_cell_is_that_door(
    resolver: AddressResolver, registry: Registry, word: str
) -> None:
    same, _ = doors_by_cell_change(registry)
    at_door = resolver.resolve(same)
    beside = resolver.resolve(same + word)
    assert beside.address_id == at_door.address_id and beside.cell == at_door.cell
    assert beside.confidence >= AUTO_DISPATCH_MIN_CONFIDENCE
    assert any("near that door" in r for r in beside.reasons)


@pytest.mark.parametrize("word", ["对面", "旁边", "附近"])
def test_beside_a_door_at_a_cell_edge_is_confirmed_by_a_person(
    resolver: AddressResolver, registry: Registry, word: str
) -> None:
    _, mixed = doors_by_cell_change(registry)
    assert resolver.resolve(mixed).confidence >= AUTO_DISPATCH_MIN_CONFIDENCE
    beside = resolver.resolve(mixed + word)
    assert beside.confidence < AUTO_DISPATCH_MIN_CONFIDENCE, beside.reasons
    assert any("more than one grid cell" in r for r in beside.reasons)


# -- traditional characters (繁体): read as the simplified names they are ---------------------
@pytest.mark.parametrize(
    ("traditional", "simplified_text"),
    [
        ("乳山市南黃鎮永安街52號", "乳山市南黄镇永安街52号"),
        ("夏村鎮三甲莊村12號", "夏村镇三甲庄村12号"),
        ("城區街道黃河路12號對面", "城区街道黄河路12号对面"),
    ],
)
def test_an_address_in_traditional_characters_is_placed_as_in_simplified(
    resolver: AddressResolver, traditional: str, simplified_text: str
) -> None:
    expected = resolver.resolve(simplified_text)
    assert expected.address_id is not None
    placement = resolver.resolve(traditional)
    assert placement.address_id == expected.address_id, placement.reasons
    assert placement.confidence == expected.confidence


def test_simplified_text_is_left_as_it_is() -> None:
    text = "乳山市南黄镇永安街52号乾隆"
    assert normalise_address(text).text.startswith("乳山市南黄镇永安街52号")
    assert "乾隆" in normalise_address(text).text


def test_a_door_written_first_with_a_word_before_it_or_the_road_after_a_break() -> None:
    resolver = AddressResolver(demo_registry())
    expected = resolver.resolve("城区街道黄河路12号").address_id
    for text in ("门牌12号 城区黄河路", "No.12 黄河路", "12号，黄河路", "12号（城区黄河路）"):
        placement = resolver.resolve(text)
        assert placement.address_id == expected, (text, placement.reasons)
        assert any("written before the name" in r for r in placement.reasons)
    for text in ("3#楼", "12号", "5号院", "1组12号"):  # not a door written first
        assert not any("written before" in r for r in resolver.resolve(text).reasons), text


def test_a_commune_and_its_brigade_are_the_township_and_village_they_became() -> None:
    resolver = AddressResolver(demo_registry())
    door = resolver.resolve("诸往人民公社垛疃大队3号")
    assert door.address == "乳山市诸往镇垛疃村3号"
    village = resolver.resolve("诸往公社垛疃大队")
    assert village.precision == "community" and village.community == door.community
    assert resolver.resolve("城管执法大队门口").community is None  # no 公社: not a brigade


@pytest.mark.parametrize(
    "text",
    ["黄河路12-16号", "黄河路12至16号", "黄河路12号到16号", "黄河路12、14号", "黄河路12和14号"],
)
def test_a_run_or_a_list_of_doors_keeps_its_first_door_as_the_reference(
    resolver: AddressResolver, text: str
) -> None:
    placement = resolver.resolve(text)
    assert placement.address == "乳山市城区街道黄河路12号", placement.reasons
    assert any("door 12号 is the reference" in r for r in placement.reasons)
    assert normalise_address(text).doors_written[0] == 12
    assert len(normalise_address(text).doors_written) > 1


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("静园小区3号楼1、2单元", "乳山市城区街道静园社区静园小区3号楼1单元"),
        ("静园小区3号楼1和2单元", "乳山市城区街道静园社区静园小区3号楼1单元"),
        ("静园小区3、5号楼", "乳山市城区街道静园社区静园小区3号楼"),
        ("静园小区3号、5号楼2单元", "乳山市城区街道静园社区静园小区3号楼2单元"),
    ],
)
def test_a_list_of_buildings_or_entrances_keeps_its_first_and_never_glues_them(
    resolver: AddressResolver, text: str, address: str
) -> None:
    placement = resolver.resolve(text)
    assert placement.address == address, placement.reasons
    assert normalise_address(text).doors_written == ()  # buildings and entrances, not doors
    assert any("is the reference" in note for note in normalise_address(text).notes)


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("黄河路12号，2单元501室", "黄河路12号2单元501室"),
        ("华夏街82号，501室", "华夏街82号501室"),
        ("黄河路12号及3楼", "黄河路12号及3楼"),
        ("静园小区3号，2单元", "静园小区3号2单元"),
        ("静园小区12号和2单元", "静园小区12号和2单元"),
    ],
)
def test_a_door_then_an_entrance_or_a_room_is_no_list(text: str, read: str) -> None:
    assert normalise_address(text).text == read


def test_a_list_of_doors_before_a_building_word_is_still_doors() -> None:
    read = normalise_address("黄河路12和14号楼下")
    assert read.text.startswith("黄河路12号楼")
    assert read.doors_written == (12, 14)


def test_a_run_across_grid_cells_is_confirmed_by_a_person(resolver: AddressResolver) -> None:
    one_cell = resolver.resolve("黄河路12-16号")
    long_run = resolver.resolve("黄河路2至60号")
    assert one_cell.confidence >= AUTO_DISPATCH_MIN_CONFIDENCE
    assert long_run.address == "乳山市城区街道黄河路2号"
    assert long_run.confidence < AUTO_DISPATCH_MIN_CONFIDENCE
    assert any("more than one grid cell" in r for r in long_run.reasons)
    # A sub-door (the second number smaller) and a building-entrance pair are not runs.
    assert normalise_address("翠竹路12-1号").doors_written == ()
    assert normalise_address("静园小区1-3").doors_written == ()


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("黄河路十二好", "乳山市城区街道黄河路12号"),
        ("黄河路12浩", "乳山市城区街道黄河路12号"),
        ("黄河路幺二号", "乳山市城区街道黄河路12号"),
        ("黄河路幺零八号", "乳山市城区街道黄河路108号"),
        ("静园小区3好搂2单圆", "乳山市城区街道静园社区静园小区3号楼2单元"),
        ("黄河陆12号", "乳山市城区街道黄河路12号"),
        ("黄河路幺洞八号", "乳山市城区街道黄河路108号"),
        ("黄河路一百12号", "乳山市城区街道黄河路112号"),
        ("黄河路三十5号", "乳山市城区街道黄河路35号"),
        ("黄河路廿三号", "乳山市城区街道黄河路23号"),
        ("黄河的黄，河水的河，路12号", "乳山市城区街道黄河路12号"),
        ("瑞雪的瑞、吉祥的祥，路29号", "乳山市城区街道瑞祥路29号"),
    ],
)
def test_speech_input_slips_are_read_as_meant(
    resolver: AddressResolver, text: str, address: str
) -> None:
    assert resolver.resolve(text).address == address


def test_a_slip_word_away_from_a_number_is_left_alone() -> None:
    assert normalise_address("好运来超市黄河路12号").text.startswith("好运来超市")
    assert normalise_address("静园小区3号楼2和3单元").doors_written == ()


@pytest.mark.parametrize(
    "text",
    [
        "黄河路12号，说错了，是瑞祥路29号",
        "不是黄河路12号，是瑞祥路29号",
        "是瑞祥路29号，不是黄河路12号",
        "瑞祥路31号，哦不对，是29号",
        "更正：瑞祥路29号",
        "瑞祥路31号，哦不对，是29号",
        "黄河路12号，口误，瑞祥路29号",
        "黄河路12号 等等 应该在瑞祥路29号",
        "黄河路29号，哦不，是瑞祥路",  # only the road corrected: the number carries over
    ],
)
def test_a_callers_correction_is_what_they_corrected_to(
    resolver: AddressResolver, text: str
) -> None:
    placement = resolver.resolve(text)
    assert placement.address == "乳山市城区街道瑞祥路29号", placement.reasons
    assert any("a correction read" in r for r in placement.reasons)
    # Read from a correction, never confident: a person confirms before dispatch.
    assert placement.confidence < AUTO_DISPATCH_MIN_CONFIDENCE


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("瑞祥路31号，我再说一遍，29号", "乳山市城区街道瑞祥路29号"),
        ("黄河路29号，我再说一遍路名：瑞祥路", "乳山市城区街道瑞祥路29号"),
        ("黄河路29号，不好意思说错了，是瑞祥路", "乳山市城区街道瑞祥路29号"),
        ("瑞祥路31号，号码记错了，应该改成29号", "乳山市城区街道瑞祥路29号"),
        ("瑞祥路31号，改一下，门牌29号", "乳山市城区街道瑞祥路29号"),
        ("瑞祥路，是29号才对，刚才说的31号", "乳山市城区街道瑞祥路29号"),
        ("是瑞祥路才对，29号，刚才说成黄河路了", "乳山市城区街道瑞祥路29号"),
        ("地址打错了，黄河路12号是错的，瑞祥路29号", "乳山市城区街道瑞祥路29号"),
        ("瑞祥路不是31号而是29号", "乳山市城区街道瑞祥路29号"),
        ("不是黄河路而是瑞祥路，门牌还是29号", "乳山市城区街道瑞祥路29号"),
        ("瑞祥路……三十一号？不是，是二十九号，二十九号没错", "乳山市城区街道瑞祥路29号"),
        ("静园小区5号楼2单元，不好意思，3号楼才对", "乳山市城区街道静园社区静园小区3号楼2单元"),
        ("静园小区3号楼1单元，改一下，2单元", "乳山市城区街道静园社区静园小区3号楼2单元"),
        ("静园小区5号楼，说错了，3号", "乳山市城区街道静园社区静园小区3号楼"),
    ],
)
def test_a_correction_in_other_words_keeps_what_it_does_not_repeat(
    resolver: AddressResolver, text: str, address: str
) -> None:
    placement = resolver.resolve(text)
    assert placement.address == address, placement.reasons
    assert placement.confidence < AUTO_DISPATCH_MIN_CONFIDENCE


@pytest.mark.parametrize(
    ("text", "address"),
    [
        # A part said again alone after the address, with words the rules do not know.
        ("瑞祥路31号，前面那个号码作废，29号", "乳山市城区街道瑞祥路29号"),
        ("黄河路29号，准确来说是瑞祥路", "乳山市城区街道瑞祥路29号"),
        ("黄河路29号，刚刚那个路名不算，是瑞祥路", "乳山市城区街道瑞祥路29号"),
        ("静园小区5号楼2单元，准确来说是3号楼", "乳山市城区街道静园社区静园小区3号楼2单元"),
        ("静园小区3号楼1单元，那个单元不作数，2单元", "乳山市城区街道静园社区静园小区3号楼2单元"),
        ("静园小区5号楼2单元，哎呀不是5号楼，是3号楼", "乳山市城区街道静园社区静园小区3号楼2单元"),
        ("瑞祥路31号，哎呀不是31号，29号", "乳山市城区街道瑞祥路29号"),
        ("更正：地址应为瑞祥路29号（原登记瑞祥路31号有误）", "乳山市城区街道瑞祥路29号"),
        ("黄河路12号，哦不是，瑞祥路29号", "乳山市城区街道瑞祥路29号"),
    ],
)
def test_a_part_said_again_alone_is_a_correction(
    resolver: AddressResolver, text: str, address: str
) -> None:
    placement = resolver.resolve(text)
    assert placement.address == address, placement.reasons
    assert placement.confidence < AUTO_DISPATCH_MIN_CONFIDENCE


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("瑞祥路31号，等会儿我出去看看……门牌上是29号", "乳山市城区街道瑞祥路29号"),
        (
            "静园小区3号楼1单元，我看错了，单元门上写的是2单元",
            "乳山市城区街道静园社区静园小区3号楼2单元",
        ),
        ("静园小区3号楼\n补充：是2单元", "乳山市城区街道静园社区静园小区3号楼2单元"),
        ("12号（1/2）\n在城区街道黄河路（2/2）", "乳山市城区街道黄河路12号"),
        ("静园小区，2区3号楼2单元", "乳山市城区街道静园社区静园小区3号楼2单元"),
    ],
)
def test_afterthoughts_split_messages_and_zones(
    resolver: AddressResolver, text: str, address: str
) -> None:
    assert resolver.resolve(text).address == address, resolver.resolve(text).reasons


def test_a_clause_that_only_ends_like_a_road_is_no_road() -> None:
    assert normalise_address("黄河路12号，大树倒了挡路").text.startswith("黄河路12号")
    assert "滨河街" in normalise_address("来电人称其家住夏村镇滨河街，门牌号九十三号").text


def test_a_part_of_a_new_kind_or_a_road_nearby_is_no_correction() -> None:
    assert normalise_address("黄河路12号，2单元").text == "黄河路12号2单元"
    assert normalise_address("黄河路12号，旁边是兴业街").text == "黄河路12号旁边是兴业街"
    assert not normalise_address("黄河路12号，2单元").corrected


def test_a_correction_away_from_here_is_outside(resolver: AddressResolver) -> None:
    placement = resolver.resolve("乳山黄河路12号，哎呀不是乳山，是文登区张家产镇的黄河路")
    assert placement.status is PlacementStatus.UNPLACED


def test_a_corrected_township_keeps_the_road_and_number() -> None:
    assert normalise_address("冯家镇的翠竹路29号，我再说一遍，夏村镇的").text == "夏村镇翠竹路29号"
    assert normalise_address("翠竹路29号，属于冯家镇……搞错了，属于夏村镇").text == (
        "夏村镇翠竹路29号"
    )


def test_a_negation_alone_keeps_another_county_outside(resolver: AddressResolver) -> None:
    placement = resolver.resolve("不是乳山的，是文登区黄河路12号")
    assert placement.status is PlacementStatus.UNPLACED


@pytest.mark.parametrize(
    ("text", "address"),
    [
        (
            "501室2单元3号楼静园小区静园社区城区街道乳山市",
            "乳山市城区街道静园社区静园小区3号楼2单元",
        ),
        ("2单元3号楼静园小区", "乳山市城区街道静园社区静园小区3号楼2单元"),
        ("29号瑞祥路城区街道乳山市", "乳山市城区街道瑞祥路29号"),
        ("29号夏村镇翠竹路", "乳山市夏村镇翠竹路29号"),
    ],
)
def test_an_address_in_reverse_order_is_read_smallest_first(
    resolver: AddressResolver, text: str, address: str
) -> None:
    assert resolver.resolve(text).address == address


def test_a_dashed_pair_after_a_compound_is_building_and_entrance_not_a_run(
    resolver: AddressResolver,
) -> None:
    placement = resolver.resolve("白沙滩镇益天1-2号")
    assert placement.address is not None and placement.address.endswith("1号楼2单元")
    assert normalise_address("白沙滩镇益天1-2号").doors_written == ()


def test_words_that_only_look_like_spelling_or_numbers_stay() -> None:
    assert normalise_address("我们的黄河路12号").text.startswith("我们的黄河路")
    assert "12号" in normalise_address("黄河路十2号").text
    assert normalise_address("黄河路三十15号").text == "黄河路三十15号"  # not a number


def test_a_number_corrected_in_words_replaces_the_one_said_in_words(
    resolver: AddressResolver,
) -> None:
    placement = resolver.resolve("那个那个就是瑞祥路那个十几号，不对，二十九号")
    assert placement.address == "乳山市城区街道瑞祥路29号", placement.reasons


@pytest.mark.parametrize(
    "text",
    [
        "在黄河路12号，我住瑞祥路29号",
        "我家住瑞祥路29号，黄河路12号有个坑",
        "黄河路12号（来电人住瑞祥路29号）",
    ],
)
def test_where_the_reporter_lives_is_not_where_it_happened(
    resolver: AddressResolver, text: str
) -> None:
    assert resolver.resolve(text).address == "乳山市城区街道黄河路12号"


@pytest.mark.parametrize(
    "text",
    [
        "我家是瑞祥路29号，但是问题在黄河路12号",
        "从瑞祥路29号来的，现在人在黄河路12号",
        "事发地点黄河路12号，报警人住址瑞祥路29号",
    ],
)
def test_where_the_caller_lives_or_came_from_is_not_where_it_happened(
    resolver: AddressResolver, text: str
) -> None:
    assert resolver.resolve(text).address == "乳山市城区街道黄河路12号"


@pytest.mark.parametrize(
    "text",
    [
        "家住瑞祥路29号，反映黄河路12号自来水管爆了的问题",
        "户籍在瑞祥路29号，现在要反映的是黄河路12号下水道返味",
        "单位在瑞祥路29号，上班路上看见黄河路12号雨水篦子堵了",
        "我人在瑞祥路29号上班，黄河路12号路灯一直闪，家里老人打电话说的",
    ],
)
def test_home_work_or_register_beside_where_it_happened(
    resolver: AddressResolver, text: str
) -> None:
    assert resolver.resolve(text).address == "乳山市城区街道黄河路12号"


@pytest.mark.parametrize(
    "text",
    [
        "我姑家是瑞祥路29号，问题不在她家，在黄河路12号",
        "黄河路12号井盖翘起来了（我上班在瑞祥路29号）",
        "我在瑞祥路29号住，今天去黄河路12号办事，看到污水往路上流",
        "我是替住在瑞祥路29号的老母亲打的电话，黄河路12号窨井冒水",
    ],
)
def test_a_relatives_home_or_a_workplace_is_not_where_it_happened(
    resolver: AddressResolver, text: str
) -> None:
    assert resolver.resolve(text).address == "乳山市城区街道黄河路12号"


@pytest.mark.parametrize(
    "text",
    [
        "黄河路12号自来水管冻裂了，我要去的是瑞祥路29号，顺路看见的",
        "黄河路12号路牙石塌了，报事人工作单位地址：瑞祥路29号",
        "黄河路12号沥青路面鼓包。我的车停在瑞祥路29号，跟这事没关系",
        "上回我报的是瑞祥路29号那个事，这回是黄河路12号，沥青路面鼓包",
        "户籍地瑞祥路29号，现居别处，反映黄河路12号有人往沟里倒油漆",
        "正往瑞祥路29号赶，半道上黄河路12号流浪狗咬人",
        "黄河路12号路牙石塌了——上次反映的瑞祥路29号那个已经修好了，谢谢",
        "话务员：您确定是瑞祥路29号？来电人：你这么一问……黄河路12号，黄河路12号没跑",
    ],
)
def test_the_callers_own_places_are_not_where_it_happened(
    resolver: AddressResolver, text: str
) -> None:
    assert resolver.resolve(text).address == "乳山市城区街道黄河路12号"


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("瑞祥路31号（来电人稍后补充：门牌看清了，是29号）", "乳山市城区街道瑞祥路29号"),
        ("黄河路29号……（停顿）……路名不是黄河路，瑞祥路", "乳山市城区街道瑞祥路29号"),
        ("黄河路29号，说秃噜嘴了，瑞祥路", "乳山市城区街道瑞祥路29号"),
        ("黄河路29号，错啦，瑞祥路", "乳山市城区街道瑞祥路29号"),
        ("黄河路12号——打住，重来：瑞祥路29号", "乳山市城区街道瑞祥路29号"),
        ("瑞祥路29号，我妹妹在旁边讲是城区街道", "乳山市城区街道瑞祥路29号"),
        ("瑞祥路29（二十九）号", "乳山市城区街道瑞祥路29号"),
        ("乳山市瑞祥路2Ч号", "乳山市城区街道瑞祥路24号"),
        ("乳山市瑞祥路2s号", "乳山市城区街道瑞祥路25号"),
        ("乳山市瑞祥路i7兮", "乳山市城区街道瑞祥路17号"),
    ],
)
def test_corrections_in_passing_and_numbers_written_twice(
    resolver: AddressResolver, text: str, address: str
) -> None:
    assert resolver.resolve(text).address == address, resolver.resolve(text).reasons


@pytest.mark.parametrize(
    "text",
    [
        "租的房子在瑞祥路29号，刚从那搬走，黄河路12号电线杆子歪了",
        "快递寄到瑞祥路29号就行，反映的事在黄河路12号：一堆装修垃圾没人拉",
        "黄河路12号下水道反味熏得慌；联系地址（非事发地）：瑞祥路29号",
        "黄河路12号流浪猫死在路边（瑞祥路29号的老于和瑞祥路31号的老丛一块看见的）",
        "黄河路12号路面塌了个窟窿——说明一下，我不住那，住瑞祥路29号",
        "我在黄河路12号摔倒了，送到瑞祥路29号",
        "我家黄河路12号漏水，物业在瑞祥路29号",
    ],
)
def test_the_place_where_something_happened_wins(resolver: AddressResolver, text: str) -> None:
    assert resolver.resolve(text).address == "乳山市城区街道黄河路12号"


@pytest.mark.parametrize(
    "text",
    [
        "黄河路12号马路中间一个大坑，发现人住址：瑞祥路29号",
        "车搁在瑞祥路29号了，我走着到黄河路12号，看到马路中间一个大坑",
        "黄河路12号楼道灯坏了（我家瑞祥路29号，单位瑞祥路31号，都不是出事的地方）",
    ],
)
def test_the_finders_home_a_parked_car_and_the_way_there(
    resolver: AddressResolver, text: str
) -> None:
    assert resolver.resolve(text).address == "乳山市城区街道黄河路12号"


@pytest.mark.parametrize(
    "text",
    [
        "文登区泽头镇静园小区2号楼2单元储藏室，业主是乳山的",
        "【水印相机】文登区小观镇静园小区2号楼 | 拍摄人：乳山网格员",
        "乳山黄河路29号，说差了，是牟平莒格庄镇的黄河路",
    ],
)
def test_the_county_written_right_before_the_place_is_its_county(
    resolver: AddressResolver, text: str
) -> None:
    assert resolver.resolve(text).status is PlacementStatus.UNPLACED


def test_a_callers_home_in_another_county_stays_there(resolver: AddressResolver) -> None:
    placement = resolver.resolve("那个那个……俺家在荣成市港湾街道，中尚山村，二十四号")
    assert placement.status is PlacementStatus.UNPLACED
    placement = resolver.resolve("海阳市东村街道松山路18号有人叫车，乳山回来的车顺路捎一下")
    assert placement.status is PlacementStatus.UNPLACED


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # A floor, a neighbour, a date, a parking space or a stall is no door said again.
        ("静园小区3号楼，5楼", "静园小区3号楼"),
        ("静园小区3号楼2单元，18楼", "静园小区3号楼2单元"),
        ("黄河路12号，对面14号", "黄河路12号"),
        ("黄河路12号，还有14号", "黄河路12号"),
        ("黄河路12号，上个月28号", "黄河路12号"),
        ("黄河路12号，车位35号", "黄河路12号"),
        ("黄河路12号，停着车牌鲁K O12号", "黄河路12号"),
        ("静园小区5号楼，紧挨着6号楼", "静园小区5号楼"),
        # Words that only sound like a correction, with no place after them.
        ("黄河路12号，说是明天修", "黄河路12号"),
        ("黄河路12号，物业说是明天修", "黄河路12号"),
        ("黄河路12号，应为下水道堵塞", "黄河路12号"),
        ("黄河路12号，我再说一遍，门口有坑", "黄河路12号"),
        ("黄河路12号，你们应该管一管才对", "黄河路12号"),
        ("黄河路12号，是不是，你们管不管", "黄河路12号"),
        ("黄河路12号的红绿灯是错的", "黄河路12号"),
        ("我刚才说的地址是黄河路12号", "黄河路12号"),
        ("黄河路12号，数据有误", "黄河路12号"),
        # The incident's place, not the caller's or a direction of travel.
        ("施工单位在黄河路12号夜间施工，我住瑞祥路29号", "黄河路12号"),
        ("我在黄河路12号被人打了，现在在瑞祥路29号医院", "黄河路12号"),
        ("黄河路12号门口，看到有人往静园小区方向跑了", "黄河路12号"),
        # Letters and spoken words that are no slipped digit.
        ("黄河路12号商铺B12号", "黄河路12号"),
        ("静园小区进门左拐三号楼", "3号楼"),
        ("静园小区台阶3号楼", "台阶3号楼"),
    ],
)
def test_ordinary_texts_keep_their_place(text: str, kept: str) -> None:
    normalised = normalise_address(text)
    assert kept in normalised.text, normalised
    assert not normalised.corrected, normalised


def test_a_single_place_with_the_callers_words_stays() -> None:
    assert normalise_address("来电人说是黄河路12号").text == "来电人说是黄河路12号"
    assert not normalise_address("来电人说是黄河路12号").corrected


def test_another_county_named_after_this_one_is_where_it_is(resolver: AddressResolver) -> None:
    text = "乳山黄河路12号……瞧我这记性，是荣成市桃园街道的黄河路12号"
    assert resolver.resolve(text).status is PlacementStatus.UNPLACED


def test_where_it_happened_in_another_county_is_outside(resolver: AddressResolver) -> None:
    placement = resolver.resolve("我现在在乳山，但是事情在荣成市宁津街道黄河路12号")
    assert placement.status is PlacementStatus.UNPLACED


@pytest.mark.parametrize(
    "text",
    [
        "来电人反映城区街道兴业街77号附近下水道冒水",
        "黄河路12号，看见路面有坑",  # 路面, 路灯, 村民, 路边: no place of their own
        "黄河路12号发现路灯不亮",
        "在黄河路12号看到村民在烧秸秆",
        "我住黄河路12号，路边有坑",
    ],
)
def test_words_that_only_hold_a_places_ending_leave_the_place(text: str) -> None:
    assert "黄河路12号" in normalise_address(text).text or "兴业街77号" in text


def test_a_journey_from_here_to_another_county_ends_there(resolver: AddressResolver) -> None:
    placement = resolver.resolve("从乳山过来，往西走到荣成市滕家镇黄河路12号")
    assert placement.status is PlacementStatus.UNPLACED


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("乳山市黄河路1O8号", "乳山市城区街道黄河路108号"),
        ("黄河路l2号", "乳山市城区街道黄河路12号"),
        ("黄河路2Z号", "乳山市城区街道黄河路22号"),
        ("黄河路1q号", "乳山市城区街道黄河路19号"),
        ("黄河路2D号", "乳山市城区街道黄河路20号"),
        ("黄河路2|号", "乳山市城区街道黄河路21号"),
        ("黄河路2|亏", "乳山市城区街道黄河路21号"),
        ("黄河路1百3十1号", "乳山市城区街道黄河路131号"),
        ("黄河路2十3号", "乳山市城区街道黄河路23号"),
        ("黄河路1百零8号", "乳山市城区街道黄河路108号"),
    ],
)
def test_a_letter_read_for_a_digit_in_a_door_number_is_the_digit(
    resolver: AddressResolver, text: str, address: str
) -> None:
    assert resolver.resolve(text).address == address


def test_letters_that_are_not_a_slipped_digit_stay() -> None:
    assert normalise_address("No.12号").text == "No12号"
    assert normalise_address("黄河路B2栋").text == "黄河路B2栋"
    assert normalise_address("A3号").text == "A3号"
    assert normalise_address("下初镇｜府前路｜56号").text == "下初镇府前路56号"  # a separator


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("瑞祥路的瑞是瑞雪的瑞，29号", "乳山市城区街道瑞祥路29号"),
        ("静园晓区三昊篓2单源", "乳山市城区街道静园社区静园小区3号楼2单元"),
        ("黄河路幺拐号", "乳山市城区街道黄河路17号"),
        ("兴业皆十二皓", "乳山市城区街道兴业街12号"),
    ],
)
def test_more_of_speech_input_and_spelling_is_read_as_meant(
    resolver: AddressResolver, text: str, address: str
) -> None:
    assert resolver.resolve(text).address == address, resolver.resolve(text).reasons


def test_spoken_digit_slips_need_a_number_around_them() -> None:
    assert normalise_address("黄河路拐角").text == "黄河路拐角"
    assert normalise_address("我要三号楼").text == "我要3号楼"


def test_the_home_alone_is_the_place(resolver: AddressResolver) -> None:
    assert resolver.resolve("我家住瑞祥路29号，门口有坑").address == "乳山市城区街道瑞祥路29号"
