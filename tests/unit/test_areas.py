"""One rule for "this case lies in that area"."""

from __future__ import annotations

import sqlite3

from dispatch.areas import LIKE_ESCAPE, area_path_pattern, in_area

PATH = "/371083/371083001/371083001001/37108300100101/"


def test_a_case_lies_in_every_level_of_its_path_and_nowhere_else() -> None:
    for area in ("371083", "371083001", "371083001001", "37108300100101"):
        assert in_area(PATH, area)
    for area in ("37108", "3710830010", "371083001001010", "", "%", "_"):
        assert not in_area(PATH, area)
    assert not in_area("", "371083")  # unplaced: in no area


def test_the_sql_pattern_says_what_the_rule_says_wildcards_included() -> None:
    paths = [PATH, "/371083/3710830_1/", "/371083/37108%001/", "/a\\b/", ""]
    areas = ["371083", "371083001", "3710830_1", "37108%001", "%", "_", "a\\b", "3710830%"]
    db = sqlite3.connect(":memory:")
    db.execute("PRAGMA case_sensitive_like = ON")
    for path in paths:
        for area in areas:
            (found,) = db.execute(
                "SELECT ? LIKE ? ESCAPE ?", (path, area_path_pattern(area), LIKE_ESCAPE)
            ).fetchone()
            assert bool(found) == in_area(path, area), (path, area)
