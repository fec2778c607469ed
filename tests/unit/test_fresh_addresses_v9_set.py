"""The ninth fresh address set itself (bench/fresh_addresses_v9.py): never the matcher's
scores."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from bench import fresh_addresses as v1
from bench import fresh_addresses_v5 as v5
from bench import fresh_addresses_v6 as v6
from bench import fresh_addresses_v7 as v7
from bench import fresh_addresses_v8 as v8
from bench.fresh_addresses import ADDRESS, COMMUNITY, OUTSIDE, TOWNSHIP, Item
from bench.fresh_addresses_v9 import (
    BACK_COMPOUND,
    BACK_NUMBER,
    BACK_ROAD,
    BACK_TOWN,
    BACK_WHOLE,
    HABITS,
    NEIGHBOURS,
    OCR_CHAR,
    OCR_DIGIT,
    OUTSIDE_HABIT,
    build_set,
)
from grid.model import Registry
from gridhub.simulator import demo_registry

# The words the earlier sets' corrections turn on: v9's corrections use none of them.
EARLIER_CORRECTION_WORDS = (
    "不对不对", "说错了", "应该是", "更正", "哦不", "口误", "等等", "纠正", "作废", "改一下",
    "我再说一遍", "弄错了", "打错了", "搞错了", "记错了", "重新说", "哎呀不是", "讲错", "不算",
    "重说", "准确来说", "才对",
)  # fmt: skip


@pytest.fixture(scope="module")
def registry() -> Registry:
    return demo_registry()


@pytest.fixture(scope="module")
def items(registry: Registry) -> list[Item]:
    return build_set(registry)


def _forms(*tables: object) -> set[str]:
    out: set[str] = set()
    for table in tables:
        for entry in table:  # type: ignore[attr-defined]
            out.add(entry[0] if isinstance(entry, tuple) else entry)
    return out


def test_size_and_habits(items: list[Item]):
    counts = Counter(item.habit for item in items)
    assert 350 <= len(items) <= 400
    assert set(counts) == set(HABITS)
    assert 14 <= len(HABITS) <= 16
    assert all(20 <= n <= 40 for n in counts.values())
    assert counts == Counter(HABITS)
    required = {
        "caller_correction",
        "two_places",
        "ocr_handwriting",
        "number_forms",
        "compound_notation",
        OUTSIDE_HABIT,
    }
    assert required <= set(HABITS)
    assert len({item.id for item in items}) == len(items)
    assert len({item.text for item in items}) == len(items)


def test_items_outside_the_county_are_labelled_outside_and_only_they(items: list[Item]):
    for item in items:
        assert (item.habit == OUTSIDE_HABIT) == (item.precision == OUTSIDE), item
    outside = [i for i in items if i.habit == OUTSIDE_HABIT]
    assert 25 <= len(outside) <= 35
    assert 0.05 <= len(outside) / len(items) <= 0.15
    counties = [county for county, *_ in NEIGHBOURS]
    shorts = [short for _, short, *_ in NEIGHBOURS]
    for item in outside:
        assert any(name in item.text for name in (*counties, *shorts)), item
        assert "海阳所" not in item.text, item
    assert {c for c in counties if any(c in i.text for i in outside)} == set(counties)
    # some are written with a correction away from 乳山 or a second place in 乳山
    assert sum("乳山" in i.text for i in outside) >= 4


def test_habits_show_themselves(items: list[Item]):
    fixes = (
        "嗐", "记性", "看看", "看错", "路牌", "说是", "改", "换", "记一下", "口快", "串", "糊涂",
    )  # fmt: skip
    numbers = r"第[一二三四五六七八九十百]|号院|号之1|[廿卅]|\d[十百]|来号|上下|前后|几号"
    for item in items:
        habit, text = item.habit, item.text
        if habit == "caller_correction":
            assert any(word in text for word in fixes), item
        if habit == "two_places":
            assert re.search(r"住|户口|上学|打工|上班|要去|我妈家|姑家|眼下我在|我家", text), item
        if habit == "ocr_handwriting":
            slips = "".join(OCR_CHAR.values()) + "".join(c for v in OCR_DIGIT.values() for c in v)
            assert re.search("[" + re.escape(slips) + "]", text), item
        if habit == "number_forms":
            assert re.search(numbers, text), item
        if habit == "compound_notation":
            assert re.search(r"号楼|\d楼|楼号", text), item
        if habit == "voice_assistant":
            assert re.search(r"小爱同学|天猫精灵|小度小度|小艺|Siri|语音助手", text), item
        if habit == "interview_record":
            assert "问：" in text or "陈述" in text, item
        if habit == "delivery_app":
            assert re.search(r"饿了么|美团|京东|菜鸟|拼多多|多多买菜|骑手", text), item
        if habit == "jiaodong_elder":
            assert re.search(r"俺|今么儿|么事|些人|扎古|忒|邪", text), item
        if habit == "korean_english":
            assert re.search(r"[\uac00-\ud7a3]", text), item
        if habit == "split_messages":
            assert re.search(r"补充|还有|1/2|没发全|追加", text), item
        if habit == "operator_readback":
            assert re.search(r"话务员|核实|您说的是", text), item


def test_the_ocr_look_alikes_are_new():
    earlier = set(v1.LOOKALIKE.items()) | set(v7.OCR_CHAR.items()) | set(v8.OCR_CHAR.items())
    mine = set(OCR_CHAR.items())
    assert not mine & earlier
    assert not {(b, a) for a, b in mine} & earlier
    assert all(len(k) == len(v) == 1 and k != v for k, v in OCR_CHAR.items())
    earlier_digits = set(v7.OCR_DIGIT.items())
    earlier_digits |= {(d, s) for d, signs in v8.OCR_DIGIT.items() for s in signs}
    mine_digits = {(d, s) for d, signs in OCR_DIGIT.items() for s in signs}
    assert not mine_digits & earlier_digits


def test_the_correction_wordings_are_new():
    mine = _forms(BACK_WHOLE, BACK_NUMBER, BACK_ROAD, BACK_TOWN, BACK_COMPOUND)
    earlier = _forms(
        v5.CORRECTION_FORMS,
        v6.FIX_WHOLE, v6.FIX_NUMBER, v6.FIX_ROAD, v6.FIX_TOWN, v6.FIX_COMPOUND,
        v7.MEND_WHOLE, v7.MEND_NUMBER, v7.MEND_ROAD, v7.MEND_TOWN, v7.MEND_COMPOUND,
        v8.FIX_WHOLE, v8.FIX_NUMBER, v8.FIX_ROAD, v8.FIX_TOWN, v8.FIX_COMPOUND,
    )  # fmt: skip
    assert not mine & earlier
    for form in mine:
        assert not any(word in form for word in EARLIER_CORRECTION_WORDS), form


def test_every_kind_of_correction_is_written(items: list[Item]):
    texts = [i.text for i in items if i.habit == "caller_correction"]
    assert any("楼号" in t or re.search(r"是\d+号楼$", t) for t in texts)  # a building
    assert any(re.search(r"\d单元$", t) and "号楼" in t for t in texts)  # an entrance
    assert any(re.search(r"[镇道]的?$|镇换了", t) for t in texts)  # a township
    assert any(re.search(r"[路街]$", t) for t in texts)  # a road


def test_vague_numbers_are_never_one_door(items: list[Item]):
    for item in items:
        if item.habit == "number_forms":
            vague = re.search(r"来号|上下|前后|几号", item.text)
            assert (item.precision in (COMMUNITY, TOWNSHIP)) == bool(vague), item


def test_compound_conventions(registry: Registry, items: list[Item]):
    addresses = {a.id: a for a in registry.addresses}
    for item in items:
        if item.habit == "compound_notation":
            if re.search(r"\d-\d号楼", item.text):
                assert item.precision == COMMUNITY, item
                continue
            assert item.precision == ADDRESS, item
            address = addresses[item.truth]
            side = re.search(r"东侧单元|靠西的单元|最西头|中间|空地", item.text)
            names_entrance = re.search(r"单元|单元门|单元号", item.text) and not side
            assert (address.entrance is not None) == bool(names_entrance), item
        if item.habit == "korean_english" and "동" in item.text:
            address = addresses[item.truth]
            assert (address.entrance is not None) == ("라인" in item.text), item
