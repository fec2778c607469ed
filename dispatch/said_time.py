"""When did it happen, for a report that gave no time of its own? Pure.

Most sources say when the incident happened. Some only say when it was reported: a citizen's
app report without ``occurred_at``, an Open311 request, a 12345 call (the ticket's time is the
call's). Such a report happened then **or earlier**, and people say how much earlier in their
own words: 「昨晚十点多开始施工」, 「今天早上发现井盖没了」, 「两个小时前」, 「好几天了没人管」.

``when_it_happened`` turns those words into an interval of Beijing time (the reporter's clock)
that de-duplication matches on (dispatch/dedupe.py: the gap between two reports is the gap
between their intervals). Every phrase found widens the interval (「昨晚十点开始，到现在还在吵」
spans the night until now); a phrase that would lie after the report is ignored. Without any
such words the incident happened within ``UNSAID_LOOKBACK`` before the report: a reporter
who says nothing about when mostly reports what is happening or just happened.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from dispatch.sla import BEIJING

# Without words about when, the incident happened at most this long before it was reported.
UNSAID_LOOKBACK = timedelta(hours=3)
# No phrase reaches further back than this ("好几个月了" is a lasting problem, and the stream
# compares reports at most a week apart anyway).
LONGEST_LOOKBACK = timedelta(days=7)

_NUMERALS = {"零": 0, "一": 1, "二": 2, "两": 2, "俩": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "半": 0.5, "几": 3}  # fmt: skip
_NUMBER = r"(?:[0-9０-９]{1,2}|[零一二两俩三四五六七八九十]{1,3}|半|几|十几|一两|两三|三四)"

# Parts of a day, as hours of the local day (past 24: into the next morning).
_PARTS: dict[str, tuple[float, float]] = {
    "凌晨": (0, 6),
    "清晨": (5, 8),
    "清早": (5, 8),
    "一早": (5, 9),
    "早上": (5, 9),
    "早晨": (5, 9),
    "上午": (8, 12),
    "中午": (11, 14),
    "晌午": (11, 14),
    "午后": (12, 16),
    "下午": (12, 18),
    "傍晚": (17, 20),
    "黄昏": (17, 20),
    "晚上": (18, 29),  # 「晚上施工」 goes on past midnight
    "晚间": (18, 29),
    "夜里": (20, 29),
    "夜间": (20, 29),
    "半夜": (23, 29),
    "深夜": (23, 29),
    "后半夜": (0, 5),
    "一夜": (20, 29),
    "整夜": (20, 29),
    "通宵": (20, 29),
    "早": (5, 9),
    "晚": (18, 29),
    "夜": (20, 29),
}
_DAYS = {"大前天": -3, "前天": -2, "昨天": -1, "昨日": -1, "昨儿": -1, "昨": -1,
         "今天": 0, "今日": 0, "今儿": 0, "今": 0, "当天": 0}  # fmt: skip
_DAY = "|".join(sorted(_DAYS, key=len, reverse=True))
_PART = "|".join(sorted(_PARTS, key=len, reverse=True))
_HOUR = r"(?:[0-9０-９]{1,2}|[零一二两三四五六七八九十]{1,3})"
_CLOCK = rf"(?P<hour>{_HOUR})\s*(?:点|时)(?P<half>半|多|左右|许)?(?P<on>以后|之后|后|开始|起)?"

# 「昨天晚上十点多」「今早」「晚上9点」「凌晨两点」「昨天」「10点多」
_DAY_PART_CLOCK = re.compile(rf"(?P<day>{_DAY})?\s*(?P<part>{_PART})?\s*(?:{_CLOCK})?")
# 「两个小时前」「半小时之前」「十几分钟前」「三天前」「一个多小时以前」
_AGO = re.compile(
    rf"(?P<n>{_NUMBER})\s*(?:个)?(?P<more>多)?\s*(?:个)?(?P<unit>小时|钟头|分钟|天|日)(?:之|以)?前"
)
# 「好几天了」「三天了」「这几天」「连续一周」「一个多星期了」「半个月了」
_LASTING = re.compile(
    rf"(?:(?:好|这|连续|持续|已经|都)?(?P<n>{_NUMBER}|好几|好些)\s*(?:个)?多?\s*"
    r"(?P<unit>天|日|晚|夜|星期|礼拜|周|月)(?:了|来|以来|多了)|"
    r"(?:这|近|最近)(?P<few>几|两|些)(?:天|日|晚|夜)|连续(?P<n2>[0-9一二两三四五六七八九十]{1,2})(?:天|晚|夜))"
)
# 「前两天」「前几天」「前些日子」
_DAYS_AGO = re.compile(r"前(?P<n>一|两|几|些)(?:天|日)")
# Happening now, a moment ago, or still going on when reported.
_JUST = re.compile(
    r"刚才|刚刚|方才|就在刚|刚发现|刚看到|正在|现在|此刻|目前|眼下|还在|仍在|仍然|一直|不停|到现在|至今"
)


@dataclass(frozen=True)
class SaidTime:
    """The interval the incident happened in, and the words it was read from."""

    earliest: datetime
    latest: datetime
    words: tuple[str, ...] = ()

    def describe(self) -> str:
        span = f"{_local(self.earliest)} - {_local(self.latest)} Beijing time"
        if not self.words:
            return f"no time of the incident given: matched as {span} (up to the report)"
        said = "、".join(f"「{w}」" for w in self.words)
        return f"no time of the incident given; {said} read as {span}"


def when_it_happened(text: str, reported_at: datetime) -> SaidTime:
    """The interval a report that gave no time of its own happened in (module docstring)."""
    found: list[tuple[datetime, datetime, str]] = []
    for interval in (*_clock_phrases(text, reported_at), *_ago(text, reported_at),
                     *_lasting(text, reported_at), *_days_ago(text, reported_at),
                     *_just(text, reported_at)):  # fmt: skip
        earliest, latest, words = interval
        latest = min(latest, reported_at)
        earliest = max(earliest, reported_at - LONGEST_LOOKBACK)
        if earliest <= latest:  # a phrase after the report ("今晚会施工") says nothing
            found.append((earliest, latest, words))
    if not found:
        return SaidTime(reported_at - UNSAID_LOOKBACK, reported_at)
    return SaidTime(
        earliest=min(e for e, _, _ in found),
        latest=max(latest for _, latest, _ in found),
        words=tuple(dict.fromkeys(w for _, _, w in found)),
    )


def _number(text: str) -> float:
    text = text.translate(_FULL_WIDTH)
    if text.isdigit():
        return float(text)
    if text in ("十几",):
        return 15
    if text in ("一两",):
        return 1.5
    if text in ("两三",):
        return 2.5
    if text in ("三四",):
        return 3.5
    if text in ("好几", "好些"):
        return 4
    if "十" in text:  # 十, 十二, 二十, 二十三
        tens, _, ones = text.partition("十")
        return _NUMERALS.get(tens, 1) * 10 + _NUMERALS.get(ones, 0)
    return float(sum(_NUMERALS.get(c, 0) for c in text))


_FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def _clock_phrases(text: str, reported_at: datetime):
    """Day words, parts of a day and clock times: 「昨天晚上十点多」「今早」「凌晨两点」."""
    local = reported_at.astimezone(BEIJING)
    today = datetime.combine(local.date(), time(0), BEIJING)
    for match in _DAY_PART_CLOCK.finditer(text):
        day, part, hour = match["day"], match["part"], match["hour"]
        if not (day or part or hour):
            continue
        if day == "今" and not part:  # 今 alone is rarely a day (今年, 至今)
            continue
        if part and not (day or hour):
            # A part of the day alone names the kind of incident more than its time
            # (夜间施工, 晚上噪音大; 早就, 夜市): only with a day or a clock is it a time.
            continue
        if hour is not None and not (day or part) and match["half"] is None:
            # A bare 「3点」 may be a list item or a count; only 「3点多」「3点半」 count alone.
            continue
        low, high = _PARTS[part] if part else (0.0, 24.0)
        if hour is not None:
            clock = _number(hour) + (0.5 if match["half"] == "半" else 0.0)
            if clock > 24:
                continue
            clock = _in_part(clock, part)
            if part is None and clock < 12 and today + timedelta(hours=clock + 11.5) <= local:
                clock += 12  # 「两点多」 said at 15:00 is 14:00
            low, high = clock - 0.5, clock + (1.5 if match["half"] == "多" else 1.0)
            if match["on"]:  # 「十一点以后」「十点开始」: from then on, up to the report
                high = 48.0
        if day is not None:
            start = today + timedelta(days=_DAYS[day])
        else:  # the latest such time that began before the report
            start = today if today + timedelta(hours=low) <= local else today - timedelta(days=1)
        yield start + timedelta(hours=low), start + timedelta(hours=high), match[0].strip()


def _in_part(clock: float, part: str | None) -> float:
    """A 12-hour clock read in its part of the day: 晚上十点 is 22:00, 中午一点 13:00, 夜里
    两点 02:00 of the next day, 晚上十二点 midnight."""
    if part is None:
        return clock
    low, high = _PARTS[part]
    for reading in (clock, clock + 12, clock + 24):
        if low - 1 <= reading <= high + 1:
            return reading
    return clock


def _ago(text: str, reported_at: datetime):
    """「两个小时前」「半小时前」「十几分钟前」「三天前」."""
    for match in _AGO.finditer(text):
        n = _number(match["n"]) + (0.5 if match["more"] else 0.0)
        unit = {"小时": 3600.0, "钟头": 3600.0, "分钟": 60.0, "天": 86400.0, "日": 86400.0}
        seconds = n * unit[match["unit"]]
        moment = reported_at - timedelta(seconds=seconds)
        slack = timedelta(seconds=max(seconds * 0.5, 600))
        yield moment - slack, min(moment + slack, reported_at), match[0]


def _lasting(text: str, reported_at: datetime):
    """A problem said to have lasted: 「好几天了」「这几天」「一个多星期了」."""
    for match in _LASTING.finditer(text):
        if match["few"] is not None:
            days = 4.0
        elif match["n2"] is not None:
            days = _number(match["n2"])
        else:
            unit = {"星期": 7, "礼拜": 7, "周": 7, "月": 30}.get(match["unit"], 1)
            days = _number(match["n"]) * unit
        yield reported_at - timedelta(days=days + 0.5), reported_at, match[0]


def _days_ago(text: str, reported_at: datetime):
    """「前两天」「前几天」: a day or a few before the report."""
    for match in _DAYS_AGO.finditer(text):
        days = 1.0 if match["n"] == "一" else 2.0 if match["n"] == "两" else 4.0
        yield reported_at - timedelta(days=days + 1), reported_at - timedelta(days=0.5), match[0]


def _just(text: str, reported_at: datetime):
    """「刚才」「正在」「现在」: happening now or a moment ago."""
    for match in _JUST.finditer(text):
        yield reported_at - timedelta(hours=1), reported_at, match[0]


def _local(moment: datetime) -> str:
    return moment.astimezone(BEIJING).strftime("%m-%d %H:%M")
