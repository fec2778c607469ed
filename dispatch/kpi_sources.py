"""Where a report came from, as the indicators count it. Pure: one rule, used by the KPI read
model's projection (dispatch/adapters/facts.py) and by the history generator (gridhub/history.py),
so the two can never count the same report differently.

A report is counted as
- **placed** when the registry placed it exactly (placement status ``placed``);
- **system** when a governance grid's own system delivered it through its native topic (the
  L2P3 信息系统 dimension); the 12345 hotline's system has a dimension of its own;
- **roster** when its reporter is a worker on the unified roster (网格队伍), whichever grid the
  worker belongs to: the roster is one for all grids (全科网格员), so a political-legal worker's
  report of a broken manhole cover counts; a citizen never does, whatever id they were given;
- **hotline** when it came through a hotline: a 12345 ticket, or a grid's own system relaying a
  call to its departmental hotline (the environment grid's 12369 calls arrive with the
  reporter id ``hotline``) (热线资源);
- **public** when the public made it: every hotline report and every citizen's report (an
  Open311 app, a citizen app through POST /reports);
- **staff** when a person of the grids made it (a worker, an inspector, a supervisor): not the
  public and not a sensor. The 网格队伍 dimension asks how many of those are on the roster;
  a sensor's alert or a citizen's call says nothing about whether the team is merged.
"""

from __future__ import annotations

from collections.abc import Container, Iterable
from dataclasses import dataclass, field

from contracts.common import GridCode
from contracts.report import Channel

# The id a grid's adapter gives a reporter who called the grid's own hotline (streams/normalise.py).
HOTLINE_REPORTER_ID = "hotline"


@dataclass(frozen=True)
class ReportOrigin:
    """What the rule reads of one report (its columns in the reports table)."""

    grid: str
    channel: str
    reporter_id: str
    reporter_role: str
    place_status: str | None = None


@dataclass(frozen=True)
class Kinds:
    placed: bool
    system: bool
    roster: bool
    hotline: bool
    public: bool
    staff: bool


def kinds_of(report: ReportOrigin, roster: Container[str]) -> Kinds:
    """How one report counts. ``roster``: the worker ids on the active registry's roster."""
    citizen = report.reporter_role == "citizen"
    hotline = report.grid == GridCode.HOTLINE.value or report.reporter_id == HOTLINE_REPORTER_ID
    return Kinds(
        placed=report.place_status == "placed",
        system=report.channel == Channel.GRID_SYSTEM.value
        and report.grid != GridCode.HOTLINE.value,
        roster=not citizen and report.reporter_id in roster,
        hotline=hotline,
        public=hotline or citizen,
        staff=not (hotline or citizen) and report.reporter_role != "sensor",
    )


@dataclass
class ReportCounts:
    """The counts of one case's reports that the read model keeps (dispatch/kpi.py CaseFacts)."""

    grids: set[str] = field(default_factory=set)
    reports: int = 0
    placed: int = 0
    system: int = 0
    roster: int = 0
    hotline: int = 0
    public: int = 0
    staff: int = 0

    def add(self, report: ReportOrigin, roster: Container[str]) -> None:
        kinds = kinds_of(report, roster)
        self.grids.add(report.grid)
        self.reports += 1
        self.placed += kinds.placed
        self.system += kinds.system
        self.roster += kinds.roster
        self.hotline += kinds.hotline
        self.public += kinds.public
        self.staff += kinds.staff


def count_reports(reports: Iterable[ReportOrigin], roster: Container[str]) -> ReportCounts:
    counts = ReportCounts()
    for report in reports:
        counts.add(report, roster)
    return counts
