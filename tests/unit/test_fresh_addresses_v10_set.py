"""The tenth fresh address set itself (bench/fresh_addresses_v10.py): never the matcher's
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
from bench import fresh_addresses_v9 as v9
from bench.fresh_addresses import ADDRESS, COMMUNITY, OUTSIDE, TOWNSHIP, Item
from bench.fresh_addresses_v10 import (
    COMPOUND_FORMS,
    FIX_COMPOUND,
    FIX_NUMBER,
    FIX_ROAD,
    FIX_TOWN,
    FIX_WHOLE,
    HABITS,
    NEIGHBOURS,
    OCR_CHAR,
    OCR_DIGIT,
    OUTSIDE_HABIT,
    RUSHAN_TOWNSHIP_SLIPS,
    SUZHOU,
    TWO_PLACES,
    build_set,
)
from grid.model import Registry
from gridhub.simulator import demo_registry

# The words the earlier sets' corrections turn on (v5-v8's, then v9's): v10's use none.
EARLIER_CORRECTION_WORDS = (
    "不对", "说错了", "应该是", "更正", "哦不", "口误", "等等", "纠正", "作废", "改一下",
    "我再说一遍", "弄错了", "打错了", "搞错了", "记错了", "重新说", "哎呀不是", "讲错", "不算",
    "重说", "准确来说", "才对",
    "嗐", "记岔", "记性", "单子", "看错", "改过来", "记一下", "头先", "口快", "串了", "糊涂",
    "帮我改", "换了", "路牌",
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


def _of(items: list[Item], habit: str) -> list[Item]:
    return [i for i in items if i.habit == habit]


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


def test_the_habits_are_new():
    earlier = set(v1.HABITS) | set(v5.HABITS) | set(v6.HABITS) | set(v7.HABITS)
    earlier |= set(v8.HABITS) | set(v9.HABITS)
    for module in ("v2", "v3", "v4"):
        earlier |= set(__import__(f"bench.fresh_addresses_{module}", fromlist=["HABITS"]).HABITS)
    required = {"caller_correction", "two_places", "ocr_handwriting", "number_forms"}
    required |= {"compound_notation", OUTSIDE_HABIT}
    new = set(HABITS) - required
    assert 8 <= len(new) <= 10
    assert not new & earlier


def test_items_outside_the_county_are_labelled_outside_and_only_they(items: list[Item]):
    for item in items:
        assert (item.habit == OUTSIDE_HABIT) == (item.precision == OUTSIDE), item
    outside = _of(items, OUTSIDE_HABIT)
    assert 25 <= len(outside) <= 35
    assert 0.05 <= len(outside) / len(items) <= 0.15
    counties = [county for county, *_ in NEIGHBOURS]
    shorts = [short for _, short, *_ in NEIGHBOURS]
    for item in outside:
        assert any(name in item.text for name in (*counties, *shorts)), item
        assert not any(slip in item.text for slip in RUSHAN_TOWNSHIP_SLIPS), item
    assert {c for c in counties if any(c in i.text for i in outside)} == set(counties)
    # some also name 乳山: the caller is from, lives, parked or is registered there
    assert sum("乳山" in i.text for i in outside) >= 5


def test_habits_show_themselves(items: list[Item]):
    slips = "".join(OCR_CHAR.values()) + "".join(c for v in OCR_DIGIT.values() for c in v)
    patterns = {
        "caller_correction": r"脑子|停了|秃噜|打住|弄混|话务员|打回来|转述|邻居|嘀咕|照片|瞅|"
        r"颠倒|补充|妹妹|单元牌|物业|没说准|停顿|老头子|那口子|这么一问|挂断",
        "two_places": r"停在|买完|上回|上次|朋友|二舅|赶|要去|单位|学校|户籍|家住|我住",
        "ocr_handwriting": "[" + re.escape(slips) + "]",
        "number_forms": "[" + SUZHOU[1:] + r"]|（[一二三四五六七八九十百]+号?）|(?<!\d)0\d|"
        r"出头|快到|不到",
        "compound_notation": r"号楼|楼栋",
        "insurance_claim": r"出险|理赔|查勘|报案",
        "court_paper": r"送达|传票|执行|调解书|传唤",
        "school_notice": r"家长|家访|年级|学生|研学|防溺水",
        "dispatch_radio": r"各车|台|调度|呼叫中心|对讲",
        "livestream_comment": r"主播|弹幕|老铁|直播|小心心|蹲",
        "forwarded_sms": r"转发|Fw:|转自|【转】|聊天记录",
        "property_notice": r"物业|业主|温馨提示",
        "spreadsheet_row": r"\t|\||；|／|,|：\S+  ",
        "landmark_dictation": r"红绿灯|小桥|石狮子|收购站|煎饼|槐树|喇叭|麦场|健身|北门",
    }
    for item in items:
        if item.habit in patterns:
            assert re.search(patterns[item.habit], item.text), item


def test_the_ocr_look_alikes_are_new():
    earlier = set(v1.LOOKALIKE.items()) | set(v7.OCR_CHAR.items()) | set(v8.OCR_CHAR.items())
    earlier |= set(v9.OCR_CHAR.items())
    mine = set(OCR_CHAR.items())
    assert not mine & earlier
    assert not {(b, a) for a, b in mine} & earlier
    assert all(len(k) == len(v) == 1 and k != v for k, v in OCR_CHAR.items())
    assert len(set(OCR_CHAR.values())) == len(OCR_CHAR)
    earlier_digits = set(v7.OCR_DIGIT.items())
    for table in (v8.OCR_DIGIT, v9.OCR_DIGIT):
        earlier_digits |= {(d, s) for d, signs in table.items() for s in signs}
    mine_digits = {(d, s) for d, signs in OCR_DIGIT.items() for s in signs}
    assert not mine_digits & earlier_digits
    assert not {s for _, s in mine_digits} & {s for _, s in earlier_digits}


def test_the_correction_and_two_place_wordings_are_new():
    mine = _forms(FIX_WHOLE, FIX_NUMBER, FIX_ROAD, FIX_TOWN, FIX_COMPOUND)
    earlier = _forms(
        v5.CORRECTION_FORMS,
        v6.FIX_WHOLE, v6.FIX_NUMBER, v6.FIX_ROAD, v6.FIX_TOWN, v6.FIX_COMPOUND,
        v7.MEND_WHOLE, v7.MEND_NUMBER, v7.MEND_ROAD, v7.MEND_TOWN, v7.MEND_COMPOUND,
        v8.FIX_WHOLE, v8.FIX_NUMBER, v8.FIX_ROAD, v8.FIX_TOWN, v8.FIX_COMPOUND,
        v9.BACK_WHOLE, v9.BACK_NUMBER, v9.BACK_ROAD, v9.BACK_TOWN, v9.BACK_COMPOUND,
    )  # fmt: skip
    assert not mine & earlier
    for form in mine:
        assert not any(word in form for word in EARLIER_CORRECTION_WORDS), form
    assert not _forms(TWO_PLACES) & _forms(v7.TWO_PLACES, v8.TWO_PLACES, v9.TWO_PLACES)
    assert not _forms(COMPOUND_FORMS) & _forms(v8.COMPOUND_FORMS, v9.COMPOUND_FORMS)


def test_every_kind_of_correction_is_written(items: list[Item]):
    texts = [i.text for i in _of(items, "caller_correction")]
    assert any(re.search(r"\d+号楼(，刚才没说准)?$", t) for t in texts)  # a building
    assert any(re.search(r"\d单元$", t) and "号楼" in t for t in texts)  # an entrance
    assert any(re.search(r"归.+[镇道]$|是.+[镇道]的?$", t) for t in texts)  # a township
    assert any(re.search(r"[路街]$|弄混了$", t) for t in texts)  # a road
    assert any(re.search(r"转述|邻居|那口子|妹妹|老头子|物业", t) for t in texts)  # relayed
    assert any(re.search(r"停了|停顿|瞅一眼|打回来|稍后", t) for t in texts)  # after a pause
    assert any("话务员" in t for t in texts)  # after the operator's question


def test_two_places_come_in_both_orders(items: list[Item]):
    texts = [i.text for i in _of(items, "two_places")]
    first = [form for form, _ in TWO_PLACES if form.startswith("{a}")]
    assert first and len(first) < len(TWO_PLACES)
    kinds = {kind for _, kind in TWO_PLACES}
    assert {"parked", "shop", "earlier", "friend", "relative", "heading", "work"} <= kinds
    assert {"school", "register", "home"} <= kinds
    assert len(texts) == HABITS["two_places"]


def test_number_forms(registry: Registry, items: list[Item]):
    addresses = {a.id: a for a in registry.addresses}
    for item in _of(items, "number_forms"):
        vague = re.search(r"出头|快到|不到", item.text)
        assert (item.precision in (COMMUNITY, TOWNSHIP)) == bool(vague), item
        if vague:
            continue
        number = addresses[item.truth].number
        suzhou = re.search("[" + SUZHOU + "]+", item.text)
        if suzhou:
            read = int("".join(str(SUZHOU.index(c)) for c in suzhou.group()))
            assert read == number, item
        else:
            assert re.search(rf"(?<!\d)0+{number}(?!\d)|{number}号?（", item.text), item


def test_compound_conventions(registry: Registry, items: list[Item]):
    addresses = {a.id: a for a in registry.addresses}
    for item in _of(items, "compound_notation"):
        if "中间" in item.text:
            assert item.precision == COMMUNITY, item
            continue
        assert item.precision == ADDRESS, item
        address = addresses[item.truth]
        assert (address.entrance is not None) == bool(re.search(r"单元", item.text)), item
        assert f"{address.building}号楼" in item.text or f"楼栋：{address.building}" in item.text


def test_the_other_habits_are_doors_or_entrances(registry: Registry, items: list[Item]):
    addresses = {a.id: a for a in registry.addresses}
    others = set(HABITS) - {OUTSIDE_HABIT, "number_forms", "compound_notation"}
    for item in items:
        if item.habit in others:
            assert item.precision == ADDRESS, item
            address = addresses[item.truth]
            if address.number is not None:
                assert str(address.number) in item.text or item.habit in (
                    "ocr_handwriting",
                    "caller_correction",
                ), item
