"""The seventh fresh address set itself (bench/fresh_addresses_v7.py): never the matcher's
scores."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from bench.fresh_addresses import COMMUNITY, OUTSIDE, TOWNSHIP, Item
from bench.fresh_addresses_v7 import (
    HABITS,
    NEIGHBOURS,
    OUTSIDE_HABIT,
    SPELT,
    build_set,
    circled,
    daxie,
    spoken_digits,
    zero_digits,
)
from grid.model import Registry
from gridhub.simulator import demo_registry


@pytest.fixture(scope="module")
def registry() -> Registry:
    return demo_registry()


@pytest.fixture(scope="module")
def items(registry: Registry) -> list[Item]:
    return build_set(registry)


def test_size_and_habits(items: list[Item]):
    counts = Counter(item.habit for item in items)
    assert 350 <= len(items) <= 400
    assert set(counts) == set(HABITS)
    assert 14 <= len(HABITS) <= 16
    assert all(20 <= n <= 40 for n in counts.values())
    assert counts == Counter(HABITS)
    required = {
        "caller_correction",
        "dictated_spelling",
        "elderly_speech",
        "mixed_numerals",
        "speech_slips",
        "english_mix",
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


def test_habits_show_themselves(items: list[Item]):
    corrections = (
        "再说一遍", "说错", "弄错", "才对", "改一下", "改成", "打错", "而是", "搞错", "记错",
    )  # fmt: skip
    for item in items:
        text = item.text
        if item.habit == "caller_correction":
            assert any(word in text for word in corrections), item
        if item.habit == "dictated_spelling":
            assert any(said in text for said in SPELT.values()), item
        if item.habit == "elderly_speech":
            assert "……" in text, item
        if item.habit == "mixed_numerals":
            assert re.search(
                r"[０-９壹贰叁肆伍陆柒捌玖拾佰〇廿卅两十百①-⑳]|[一二三四五六七八九]{2}", text
            ), item
        if item.habit == "speech_slips":
            assert re.search(r"[皓昊碌麓皆揭寸圳篓蒌要拐]|单源|担元|晓区|乳杉", text), item
        if item.habit == "english_mix":
            assert re.search(r"[A-Za-z]{2,}", text), item
        if item.habit == "handwritten_ocr":
            assert re.search(r"[孔出币略衔忖慎弓搂无匹杜圧冡诃悔阻责臼褔]|\d?[lOSBZ]\d?", text), (
                item
            )
        if item.habit == "sms_template":
            assert text.startswith("【乳山"), item
        if item.habit == "map_app_copy":
            assert re.search(r"\n|地图|地点名称|距您", text), item
        if item.habit == "with_time_prefix":
            assert re.search(r"[点日号]|傍晚", text.split("，")[0]), item
        if item.habit == "directions_to":
            assert "往" in text and re.search(r"从|顺着|过了", text), item
        if item.habit == "multiple_places":
            assert re.search(r"住|户籍|来的|我家", text), item
        if item.habit == "social_post":
            assert re.search(r"[#@]|【求助】|\[图片\]", text), item
        if item.habit == "doorplate_photo":
            assert "\n" in text or "门牌照片" in text, item


def test_landmarks_are_places_the_registry_names(items: list[Item]):
    for item in items:
        if item.habit == "landmark_only":
            assert item.precision in (COMMUNITY, TOWNSHIP), item
            assert not re.search(r"学校|小学|中学|卫生院|诊所|医院|市场|超市", item.text), item


def test_numbers_as_written():
    assert daxie(23) == "贰拾叁"
    assert daxie(108) == "壹佰零捌"
    assert daxie(15) == "壹拾伍"
    assert daxie(120) == "壹佰贰拾"
    assert zero_digits(108) == "一〇八"
    assert spoken_digits(107) == "要洞拐"
    assert circled(3) == "③"
