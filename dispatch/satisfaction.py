"""Satisfaction follow-up (满意度回访): how a reporter rates the outcome of a closed case. Pure.

After 结案 the reporter (a caller, through the 12345 operator's call back or an Open311 app;
for a grid's report, the grid worker) says whether the problem is solved: 满意, 基本满意 or
不满意, with a comment. Every rating is a lifecycle event on the case (``rated``); the latest
counts. 不满意 does not reopen the case by itself: a dispatcher decides (the ``reopen``
command), and the figures show how many unsatisfied cases wait for that decision.
"""

from __future__ import annotations

from enum import StrEnum


class Rating(StrEnum):
    SATISFIED = "satisfied"  # 满意
    BASICALLY_SATISFIED = "basically_satisfied"  # 基本满意
    UNSATISFIED = "unsatisfied"  # 不满意


RATING_LABELS: dict[Rating, str] = {
    Rating.SATISFIED: "满意",
    Rating.BASICALLY_SATISFIED: "基本满意",
    Rating.UNSATISFIED: "不满意",
}
# How the read model keeps the latest rating of a case: 0 is "not rated".
RATING_CODES: dict[Rating, int] = {
    Rating.UNSATISFIED: 1,
    Rating.BASICALLY_SATISFIED: 2,
    Rating.SATISFIED: 3,
}
# 满意率 counts 满意 and 基本满意 as satisfied (the usual 12345 rule).
SATISFIED_FROM_CODE = RATING_CODES[Rating.BASICALLY_SATISFIED]
MAX_COMMENT = 2000


def rating_of(value: str) -> Rating:
    """The rating a client sent, by its code or its Chinese word; ValueError otherwise."""
    for rating, label in RATING_LABELS.items():
        if value in (rating.value, label):
            return rating
    known = ", ".join(f"{r.value} ({label})" for r, label in RATING_LABELS.items())
    raise ValueError(f"unknown rating {value!r}; one of {known}")
