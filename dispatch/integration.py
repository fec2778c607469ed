"""Grid-integration level (L2P3 多网格融合水平), judged from what flowed through the hub. Pure.

For each line department (a grid's department under the joint command centre, with its
township branches), eight fusion dimensions are judged over its cases of a period. Each
dimension is a share of its cases or reports, or a count, against a threshold, and shows the
figures it was judged on. A department that meets all eight is fully merged (多网格合一).
Star level after the city's indicator table: 4 departments fully merged = 4 stars, more than 5
= 5 stars; below 4 there is no star level. The composite score weighs the dimensions
(configurable) and averages the departments.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from dispatch.kpi import FactColumns


class Dimension(StrEnum):
    GRID_DIVISION = "grid_division"  # 划分网格
    COMMAND = "command"  # 指挥体系
    INFORMATION_SYSTEM = "information_system"  # 信息系统
    GRID_TEAM = "grid_team"  # 网格队伍
    WORKFLOW = "workflow"  # 工作流程
    HOTLINE = "hotline"  # 热线资源
    BASE_DATA = "base_data"  # 基础数据
    HANDLED_ITEMS = "handled_items"  # 办理事项


@dataclass(frozen=True)
class Rule:
    title: str
    measured: str  # what is counted, in words (shown with the evidence)
    threshold: float  # a share to reach, or (count rules) a number of reports
    count_rule: bool = False


RULES: dict[Dimension, Rule] = {
    Dimension.GRID_DIVISION: Rule(
        "划分网格", "its cases placed in a cell of the unified grid / its cases", 0.9
    ),
    Dimension.COMMAND: Rule(
        "指挥体系", "its accepted cases dispatched through the hub / its accepted cases", 0.9
    ),
    Dimension.INFORMATION_SYSTEM: Rule(
        "信息系统",
        "reports delivered to the hub by its grid's own system (native topic)",
        1,
        count_rule=True,
    ),
    Dimension.GRID_TEAM: Rule(
        "网格队伍",
        "reports made by workers on the unified roster / reports made by people of the grids "
        "(not the public, not sensors)",
        0.5,
    ),
    Dimension.WORKFLOW: Rule(
        "工作流程", "dispatched cases it signed for in the hub / its dispatched cases", 0.9
    ),
    Dimension.HOTLINE: Rule(
        "热线资源",
        "reports that came through a hotline (12345 tickets, a grid's own hotline) in its cases",
        1,
        count_rule=True,
    ),
    Dimension.BASE_DATA: Rule(
        "基础数据", "reports placed by the unified address registry / its reports", 0.9
    ),
    Dimension.HANDLED_ITEMS: Rule(
        "办理事项", "cases routed by the unified responsibility list / its cases", 0.9
    ),
}
DEFAULT_WEIGHTS: dict[str, float] = {d.value: 1.0 for d in Dimension}


@dataclass(frozen=True)
class Judgement:
    dimension: Dimension
    title: str
    measured: str
    numerator: int
    denominator: int | None  # None: a count rule
    value: float | None  # the share (or the count); None: nothing to judge on
    threshold: float
    met: bool


@dataclass(frozen=True)
class DepartmentLevel:
    department: str
    grid: str | None
    cases: int
    dimensions: list[Judgement]
    fully_merged: bool
    score: float  # 0..100, weighted share of dimensions met


@dataclass(frozen=True)
class IntegrationLevel:
    departments: list[DepartmentLevel]
    fully_merged: int
    star_level: int  # 0: below the four-star level
    composite_score: float | None  # mean of the departments' scores
    weights: dict[str, float]


def star_level(fully_merged: int) -> int:
    if fully_merged > 5:
        return 5
    if fully_merged >= 4:
        return 4
    return 0


def line_departments(departments: Iterable[tuple[str, str | None, str | None]]) -> dict[str, str]:
    """Each department -> its line department: the highest ancestor of the same grid.
    ``departments``: (id, grid, parent). Departments without a grid (the command centre)
    are nobody's line."""
    info = {dep_id: (grid, parent) for dep_id, grid, parent in departments}
    line: dict[str, str] = {}
    for dep_id, (grid, _) in info.items():
        if grid is None:
            continue
        top, seen = dep_id, {dep_id}
        while True:
            parent = info.get(top, (None, None))[1]
            if parent is None or parent in seen or info.get(parent, (None, None))[0] != grid:
                break
            top = parent
            seen.add(parent)
        line[dep_id] = top
    return line


def _judge(dimension: Dimension, numerator: int, denominator: int | None) -> Judgement:
    rule = RULES[dimension]
    if rule.count_rule:
        value: float | None = float(numerator)
        met = numerator >= rule.threshold
    else:
        value = numerator / denominator if denominator else None
        met = value is not None and value >= rule.threshold
    return Judgement(
        dimension, rule.title, rule.measured, numerator, denominator, value, rule.threshold, met
    )


def judge_department(
    columns: FactColumns, rows: np.ndarray, department: str, grid: str | None,
    weights: Mapping[str, float],
) -> DepartmentLevel:  # fmt: skip
    """The eight dimensions over one department's cases of the period (merged ones aside)."""
    t, c, f = columns.times, columns.counts, columns.flags
    r = rows[~f["merged"][rows]]
    cases = int(r.size)
    reports = int(c["report_count"][r].sum())
    accepted = ~np.isnan(t["accepted_at"][r])
    dispatched = ~np.isnan(t["dispatched_at"][r])
    signed = dispatched & ~np.isnan(t["signed_at"][r])
    placed_cell = columns.dims["cell"][r] != columns.labels["cell"].code(None)
    judgements = [
        _judge(Dimension.GRID_DIVISION, int(placed_cell.sum()), cases),
        _judge(Dimension.COMMAND, int((accepted & dispatched).sum()), int(accepted.sum())),
        _judge(Dimension.INFORMATION_SYSTEM, int(c["system_reports"][r].sum()), None),
        _judge(
            Dimension.GRID_TEAM, int(c["roster_reports"][r].sum()), int(c["staff_reports"][r].sum())
        ),
        _judge(Dimension.WORKFLOW, int(signed.sum()), int(dispatched.sum())),
        _judge(Dimension.HOTLINE, int(c["hotline_reports"][r].sum()), None),
        _judge(Dimension.BASE_DATA, int(c["placed_reports"][r].sum()), reports),
        _judge(Dimension.HANDLED_ITEMS, int(f["routed"][r].sum()), cases),
    ]
    total = sum(weights.get(d.value, 0.0) for d in Dimension) or 1.0
    score = 100 * sum(weights.get(j.dimension.value, 0.0) for j in judgements if j.met) / total
    return DepartmentLevel(
        department, grid, cases, judgements, all(j.met for j in judgements), round(score, 2)
    )


def integration_level(
    columns: FactColumns,
    rows: np.ndarray,
    line_of: Mapping[str, str],
    grid_of: Mapping[str, str | None],
    weights: Mapping[str, float] | None = None,
) -> IntegrationLevel:
    """L2P3 over the cases ``rows`` (a period, an area): per line department, its cases being
    those of the department and its branches."""
    weights = dict(weights or DEFAULT_WEIGHTS)
    labels = columns.labels["department"].labels
    codes = columns.dims["department"][rows]
    line_codes = np.array([line_of.get(label, "") for label in labels] + [""], dtype=object)
    lines_of_rows = line_codes[codes] if labels else np.array([], dtype=object)
    levels = [
        judge_department(columns, rows[lines_of_rows == line], line, grid_of.get(line), weights)
        for line in sorted(set(line_of.values()))
    ]
    merged = sum(1 for level in levels if level.fully_merged)
    judged = [level.score for level in levels if level.cases]
    return IntegrationLevel(
        levels,
        merged,
        star_level(merged),
        round(sum(judged) / len(judged), 2) if judged else None,
        weights,
    )
