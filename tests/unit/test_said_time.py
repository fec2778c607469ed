"""When a report that gave no time of its own happened, read from its words
(dispatch/said_time.py), and how de-duplication matches on that interval."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial

import pytest

from contracts.placement import PlacedReport
from dispatch.dedupe import (
    Candidate,
    Outcome,
    Sighting,
    decide,
    gap_seconds,
    reach_m,
    score,
    sighting_of,
    window_hours,
)
from dispatch.dedupe_index import OpenCaseIndex
from dispatch.said_time import LONGEST_LOOKBACK, UNSAID_LOOKBACK, when_it_happened
from dispatch.sla import BEIJING
from tests.unit.sightings import POLICY, sighting
from tests.unit.test_dedupe import placed_report

MORNING = datetime(2026, 12, 3, 8, 30, tzinfo=BEIJING)  # a Thursday morning


def local(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=BEIJING)


@pytest.mark.parametrize(
    ("words", "earliest", "latest"),
    [
        ("昨晚十点多开始施工", local(2, 21, 30), local(3, 8, 30)),  # from then on
        ("昨天晚上十点多工地还在打桩", local(2, 21, 30), local(3, 8, 30)),  # still going
        ("昨晚十点多有人烧垃圾", local(2, 21, 30), local(2, 23, 30)),
        ("今天早上发现井盖没了", local(3, 5), local(3, 8, 30)),
        ("凌晨两点还有车在卸渣土", local(3, 1, 30), local(3, 3)),  # 还有 is not 还在
        ("夜里两点", local(3, 1, 30), local(3, 3)),
        ("晚上12点", local(2, 23, 30), local(3, 1)),
        ("中午一点左右", local(2, 12, 30), local(2, 14)),  # before noon: yesterday's
        ("下午三点", local(2, 14, 30), local(2, 16)),
        ("两点多", local(3, 1, 30), local(3, 3, 30)),  # 14:00 is still to come
        ("两个小时前有人在烧东西", local(3, 5, 30), local(3, 7, 30)),
        ("一个多小时前", local(3, 6, 15), local(3, 7, 45)),
        ("十几分钟前", local(3, 8, 5), local(3, 8, 25)),
        ("前两天就坏了", None, None),
        ("昨天", local(2, 0), local(3, 0)),
        ("好几天了没人管", MORNING - timedelta(days=3.5), MORNING),
    ],
)
def test_time_words_become_an_interval_of_beijing_time(
    words: str, earliest: datetime | None, latest: datetime | None
) -> None:
    said = when_it_happened(words, MORNING)
    if earliest is None:  # 前两天: a day or two before, not today
        assert said.words == ("前两天",)
        assert said.latest <= MORNING - timedelta(hours=12)
        assert MORNING - timedelta(days=3) <= said.earliest < said.latest
        return
    assert (said.earliest, said.latest) == (earliest, latest), said.describe()
    assert said.words and said.words[0] in words


def test_without_time_words_it_happened_shortly_before_the_report() -> None:
    for words in ("路灯不亮", "早就坏了", "三点", "今晚会施工", "夜间施工噪声扰民", "晚上噪音大"):
        said = when_it_happened(words, MORNING)
        assert (said.earliest, said.latest, said.words) == (
            MORNING - UNSAID_LOOKBACK, MORNING, ()
        ), words  # fmt: skip
        assert "no time of the incident given" in said.describe()


def test_no_phrase_reaches_after_the_report_or_too_far_back() -> None:
    said = when_it_happened("今天下午三点开始", MORNING)  # still to come: says nothing
    assert said.words == ()
    said = when_it_happened("这个问题半年多了", MORNING)
    assert said.earliest >= MORNING - LONGEST_LOOKBACK and said.latest == MORNING


def test_the_interval_is_the_hull_of_every_phrase() -> None:
    said = when_it_happened("昨晚十点多有人烧垃圾，到现在还在冒烟", MORNING)
    assert (said.earliest, said.latest) == (local(2, 21, 30), MORNING)
    assert "「昨晚十点多」" in said.describe()


# -- de-duplication on the interval ------------------------------------------------------------
def api_report(
    source: str, category: str, text: str, occurred: datetime, sent: datetime, *, stated: bool
) -> PlacedReport:
    return placed_report(source, "environment", category, text, occurred, sent, stated=stated)


def test_a_next_morning_report_of_last_nights_noise_joins_the_nights_case() -> None:
    night = sighting_of(
        api_report("app-n1", "environment.noise", "工地夜间施工噪声扰民", local(2, 23),
                   local(2, 23, 5), stated=True)
    )  # fmt: skip
    words = "昨晚十一点多工地一直在打桩，吵得睡不着"
    morning = sighting_of(
        api_report("app-n2", "environment.noise", words, MORNING, MORNING, stated=False)
    )
    assert morning.earliest == local(2, 22, 30) and morning.at == MORNING
    assert morning.received_at == MORNING  # the SLA clock still starts when it was reported
    assert gap_seconds(morning, night) == 0
    decision = decide(morning, [Candidate("case-night", night)], POLICY)
    assert decision.outcome is Outcome.MERGED
    assert any("「昨晚十一点多」" in note for note in decision.notes)
    # The same words with the morning stated as the time of the incident: 9.5 hours after
    # the night's report, which night noise's time evidence counts against.
    stated = sighting_of(
        api_report("app-n3", "environment.noise", words, MORNING, MORNING, stated=True)
    )
    assert stated.earliest is None
    assert score(stated, night, POLICY)["time"] < 0.5 < score(morning, night, POLICY)["time"]


def test_the_open_case_index_finds_entries_through_the_interval() -> None:
    index = OpenCaseIndex(partial(reach_m, policy=POLICY), partial(window_hours, policy=POLICY))
    old = sighting("environment.noise", "工地夜间施工噪声", hours=-10)
    index.add("case-old", old)
    point_now = sighting("environment.noise", "工地施工太吵")
    window = timedelta(hours=5)
    assert index.around(point_now, window) == []
    reaching_back = sighting("environment.noise", "工地施工太吵", earliest=point_now.at - window)
    assert [c.case_id for c in index.around(reaching_back, window)] == ["case-old"]


def test_the_interval_survives_being_stored() -> None:
    stored = sighting("environment.noise", "吵", earliest=MORNING - timedelta(hours=9))
    assert Sighting.from_data(stored.as_data()) == stored
    data = stored.as_data()
    del data["earliest"]  # stored before the field existed
    assert Sighting.from_data(data).earliest is None
