"""Text similarity in Chinese incident language: synonyms, place words, concepts."""

from __future__ import annotations

from dispatch.incident_text import (
    LEXICON,
    clash,
    concept_names,
    concepts_of,
    similarity,
    terms,
    without_place,
)


def alike(a: str, b: str) -> float:
    return similarity(terms(a), terms(b))


def test_synonyms_name_one_concept() -> None:
    for word in ("井盖", "窨井盖", "检查井"):
        assert concept_names(terms(f"{word}丢失")) == ["井盖", "缺失"]
    for text in ("焚烧垃圾", "有人在烧东西", "冒烟了"):
        assert "焚烧" in concept_names(terms(text)), text
    assert concept_names(terms("噪音")) == concept_names(terms("噪声")) == ["噪声"]
    assert "扰民" in concept_names(terms("施工扰民"))


def test_the_longest_word_wins() -> None:
    assert concept_names(terms("烧烤店")) == ["饭店"]  # a restaurant, not burning
    assert "油烟" in concept_names(terms("油烟很大")) and "焚烧" not in concept_names(
        terms("油烟很大")
    )


def test_paraphrases_are_alike_and_other_problems_are_not() -> None:
    assert alike("窨井盖丢失", "雨水井盖缺失") > 0.9
    assert alike("工地夜间施工噪声扰民", "晚上施工噪音太大了") > 0.5
    assert alike("路灯不亮", "路面坑洼破损") == 0.0
    assert alike("路灯不亮", "路灯不亮") == 1.0


def test_place_words_say_where_not_what() -> None:
    text = without_place("黄河路12号门前路灯不亮", "乳山市城区街道黄河路12号")
    assert "黄河路" not in text and "路灯不亮" in text
    light = without_place("黄河路12号门前路灯不亮", "黄河路12号")
    hole = without_place("黄河路12号门前路面塌陷", "黄河路12号")
    assert alike(light, hole) == 0.0  # the same door does not make them alike


def test_words_both_categories_say_anyway_do_not_count() -> None:
    a, b = terms("邻里纠纷需调解"), terms("因车辆堵门两户发生纠纷")
    assert similarity(a, b) > similarity(a, b, ignore=frozenset({"纠纷"}))
    assert concepts_of("矛盾纠纷") == frozenset({"纠纷"})


def test_naming_different_things_is_a_clash_unless_it_is_the_categories_own_name() -> None:
    assert clash(terms("井盖缺失"), terms("路面出现大坑")) is not None
    assert clash(terms("窨井盖丢失"), terms("井盖破损")) is None
    assert clash(terms("路灯不亮"), terms("有点问题")) is None  # says nothing: no clash
    licence, stall = terms("未办理营业执照擅自经营"), terms("店外占道经营")
    assert clash(licence, stall) is not None
    assert clash(licence, stall, frozenset({"无照"}), frozenset({"占道"})) is None


def test_every_lexicon_word_names_one_concept() -> None:
    words = [w for _, ws in LEXICON.values() for w in ws]
    assert len(words) == len(set(words))
