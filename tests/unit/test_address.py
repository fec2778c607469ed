"""Address text normalisation (grid/address.py): pure string work, no registry lookups."""

from __future__ import annotations

import pytest

from grid.address import digits_for_numerals, normalise_address, strip_fillers
from gridhub.simulator import demo_registry


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("１２号", "12号"),
        ("胜利街１２号", "胜利街12号"),
        ("胜利街　１２号", "胜利街12号"),  # ideographic space
        ("３＃楼", "3号楼"),  # full-width '#'
        ("Ａ座", "A座"),
    ],
)
def test_full_width_characters_become_ascii(raw: str, expected: str) -> None:
    assert normalise_address(raw).text == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("十二号", "12号"),
        ("三号楼二单元", "3号楼2单元"),
        ("二十一号楼三单元", "21号楼3单元"),
        ("十号院", "10号院"),
        ("两单元", "2单元"),
        ("一千零一号", "1001号"),
        ("五十米", "50米"),
        ("五栋", "5栋"),
    ],
)
def test_chinese_numerals_before_a_number_suffix_become_digits(raw: str, expected: str) -> None:
    assert digits_for_numerals(raw) == expected
    normalised = normalise_address(raw)
    if "米" not in raw:
        assert normalised.text == expected
    assert "chinese numerals read as numbers" in normalised.notes


@pytest.mark.parametrize(
    "name",
    ["幸福一村", "三甲庄村", "二龙口村", "八里甸村", "九龙圈村", "十里村", "六村", "一中"],
)
def test_numerals_inside_names_stay(name: str) -> None:
    assert digits_for_numerals(name) == name
    normalised = normalise_address(name)
    assert normalised.text == name
    assert normalised.notes == ()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("幸福一村十二号", "幸福一村12号"),
        ("三甲庄村三号", "三甲庄村3号"),
        ("六村五号", "六村5号"),
        ("幸福一村三号楼二单元", "幸福一村3号楼2单元"),
    ],
)
def test_only_the_number_of_a_name_and_number_is_converted(raw: str, expected: str) -> None:
    assert normalise_address(raw).text == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("3#楼", "3号楼"), ("12#", "12号"), ("12#楼2单元", "12号楼2单元"), ("12号#", "12号")],
)
def test_hash_reads_as_hao(raw: str, expected: str) -> None:
    assert normalise_address(raw).text == expected


def test_punctuation_and_spaces_go() -> None:
    raw = "（乳山市， 城区街道 - 胜利街、12号）"
    assert normalise_address(raw).text == "乳山市城区街道胜利街12号"


@pytest.mark.parametrize(
    ("raw", "text", "east", "north"),
    [
        ("胜利街12号东50米", "胜利街12号", 50.0, 0.0),
        ("胜利街12号西侧30米", "胜利街12号", -30.0, 0.0),
        ("胜利街12号往北约100米", "胜利街12号", 0.0, 100.0),
        ("胜利街12号往北约一百米", "胜利街12号", 0.0, 100.0),
        ("胜利街12号南边二十米", "胜利街12号", 0.0, -20.0),
        ("胜利街12号向西约30米处", "胜利街12号", -30.0, 0.0),
        ("胜利街12号东50m", "胜利街12号", 50.0, 0.0),
        ("胜利街12号东北50米", "胜利街12号", 35.355, 35.355),
    ],
)
def test_offset_phrases_are_extracted_and_removed(
    raw: str, text: str, east: float, north: float
) -> None:
    normalised = normalise_address(raw)
    assert normalised.text == text
    assert normalised.offset_east_m == pytest.approx(east, abs=0.01)
    assert normalised.offset_north_m == pytest.approx(north, abs=0.01)
    assert any(note.startswith("offset phrase") for note in normalised.notes)


@pytest.mark.parametrize(
    ("raw", "east", "north"),
    [("胜利街12号西12.5米", -12.5, 0.0), ("胜利街12号北约0.5米", 0.0, 0.5)],
    ids=["west-12.5m", "north-0.5m"],
)
def test_a_decimal_distance_keeps_its_decimal_point(raw: str, east: float, north: float) -> None:
    # The offset pattern reads decimals; the point must survive until it is read.
    normalised = normalise_address(raw)
    assert normalised.text == "胜利街12号"
    assert normalised.offset_east_m == pytest.approx(east, abs=0.01)
    assert normalised.offset_north_m == pytest.approx(north, abs=0.01)


@pytest.mark.parametrize("raw", ["胜利街12号", "东风路12号", "东村5号", "北京路", "胜利街50号楼"])
def test_no_offset_without_a_distance(raw: str) -> None:
    normalised = normalise_address(raw)
    assert normalised.text == raw
    assert (normalised.offset_east_m, normalised.offset_north_m) == (0.0, 0.0)


@pytest.mark.parametrize(
    "raw",
    [
        "府前路与胜利街路口",
        "府前路和胜利街交叉口",
        "府前路与胜利街十字路口",
        "府前路跟胜利街交汇处",
        "和平路与胜利街路口",
    ],
)
def test_an_intersection_is_recognised_and_keeps_both_names(raw: str) -> None:
    normalised = normalise_address(raw)
    assert normalised.intersection is True
    assert normalised.text == raw
    assert "intersection of two roads" in normalised.notes


def test_an_intersection_with_an_offset() -> None:
    normalised = normalise_address("府前路与胜利街路口东50米")
    assert normalised.intersection is True
    assert normalised.text == "府前路与胜利街路口"
    assert "府前路" in normalised.text and "胜利街" in normalised.text
    assert (normalised.offset_east_m, normalised.offset_north_m) == (50.0, 0.0)


@pytest.mark.parametrize("raw", ["和平路", "和平路12号", "路口村5号", "府前路", "泰和路3号"])
def test_a_single_name_is_not_an_intersection(raw: str) -> None:
    normalised = normalise_address(raw)
    assert normalised.intersection is False
    assert normalised.text == raw


@pytest.mark.parametrize("raw", ["车门口村", "车门口村12号", "胜利街12号门口", "胜利街附近"])
def test_fillers_stay_in_the_normalised_text(raw: str) -> None:
    assert normalise_address(raw).text == raw


@pytest.mark.parametrize(
    ("span", "expected"),
    [
        ("附近", ""),
        ("在胜利街对面", "胜利街"),
        ("位于小区门口", "小区"),
        ("十字路口旁边", ""),
        ("商店", "商店"),
    ],
)
def test_strip_fillers(span: str, expected: str) -> None:
    assert strip_fillers(span) == expected


def test_normalising_is_idempotent() -> None:
    for raw in ("乳山市城区街道胜利街十二号东五十米", "３＃楼二单元", "府前路与胜利街路口"):
        once = normalise_address(raw).text
        assert normalise_address(once).text == once


def test_every_registry_name_normalises_to_itself() -> None:
    registry = demo_registry()
    names = [n for d in registry.divisions for n in (d.name, *d.aliases)]
    names += [n for u in registry.units for n in (u.name, *u.aliases)]
    assert "车门口村" in names  # a real name containing a filler word
    changed = {
        name: normalise_address(name).text for name in names if normalise_address(name).text != name
    }
    assert changed == {}
    read_as_crossings = [name for name in names if normalise_address(name).intersection]
    assert read_as_crossings == []


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("静园小区1-3", "静园小区1号楼3单元"),
        ("静园小区1—3", "静园小区1号楼3单元"),
        ("静园小区2-1 603", "静园小区2号楼1单元603"),
        ("东里小区3-2-501", "东里小区3号楼2单元501室"),
        ("翠竹路12-1号", "翠竹路12号"),
    ],
)
def test_two_dashed_numbers_without_hao_are_building_and_entrance(raw: str, text: str) -> None:
    # Before, the dash went with the punctuation and 1-3 became 13.
    assert normalise_address(raw).text == text


@pytest.mark.parametrize(
    ("raw", "east", "north"),
    [
        ("黄河路与兴业街路口西北角", -10.0, 10.0),
        ("黄河路兴业街路口东南角", 10.0, -10.0),
        ("黄河路12号以东50米", 50.0, 0.0),
    ],
)
def test_corners_and_yi_dong_are_offsets(raw: str, east: float, north: float) -> None:
    normalised = normalise_address(raw)
    assert (normalised.offset_east_m, normalised.offset_north_m) == (east, north)
    assert "角" not in normalised.text and "以东" not in normalised.text


@pytest.mark.parametrize(
    ("raw", "intersection", "crossing_word"),
    [
        ("黄河路与兴业街路口", True, True),
        ("黄河路兴业街路口", False, True),
        ("黄河路兴业街交口", False, True),
        ("世纪街前进街口", False, True),
        ("黄河路12号", False, False),
    ],
)
def test_a_crossing_word_is_noted_without_a_joining_word(
    raw: str, intersection: bool, crossing_word: bool
) -> None:
    # The matcher decides whether two roads are named; the normaliser only notes the word.
    normalised = normalise_address(raw)
    assert (normalised.intersection, normalised.crossing_word) == (intersection, crossing_word)
