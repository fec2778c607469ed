"""Time limits (时限): how long each step of the loop may take, and when it is due.

Pure. A limit depends on the case's time-limit profile (from the responsibility list: standard,
urgent, complex) and its priority (urgent halves every limit). Limits count working hours
(Monday to Friday, 08:30-12:00 and 13:30-17:30 Beijing time, minus public holidays, plus the
weekend days declared as working days) or calendar hours, as configured.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from enum import StrEnum

from dispatch.lifecycle import CaseState

BEIJING = timezone(timedelta(hours=8))


class Step(StrEnum):
    ACCEPT = "accept"  # 立案
    DISPATCH = "dispatch"  # 派遣
    SIGN = "sign"  # 签收
    RESOLVE = "resolve"  # 处置
    VERIFY = "verify"  # 核查


# The step a case in a state is waiting for; states not listed have no clock running.
STEP_OF_STATE: dict[CaseState, Step] = {
    CaseState.REPORTED: Step.ACCEPT,
    CaseState.ACCEPTED: Step.DISPATCH,
    CaseState.RETURNED: Step.DISPATCH,
    CaseState.DISPATCHED: Step.SIGN,
    CaseState.REWORK: Step.SIGN,
    CaseState.IN_PROGRESS: Step.RESOLVE,
    CaseState.RESOLVED: Step.VERIFY,
}

# States whose step has a clock running (suspended, verified and ended cases have none).
CLOCK_RUNNING = frozenset(STEP_OF_STATE)


def is_overdue(state: str, deadline_at: datetime | None, now: datetime) -> bool:
    """超期, the one definition (GET /overdue, the maps, the KPI's open_overdue): the step a
    case waits for has a clock running, and its deadline has passed. Whether the overdue sweep
    has marked it yet (``overdue_since``) does not matter."""
    return state in CLOCK_RUNNING and deadline_at is not None and deadline_at < now


# Hours per step, by time-limit profile.
DEFAULT_LIMITS: dict[str, dict[Step, float]] = {
    "standard": {Step.ACCEPT: 2, Step.DISPATCH: 2, Step.SIGN: 4, Step.RESOLVE: 40, Step.VERIFY: 8},
    "urgent": {Step.ACCEPT: 0.5, Step.DISPATCH: 0.5, Step.SIGN: 1, Step.RESOLVE: 8, Step.VERIFY: 2},
    "complex": {Step.ACCEPT: 4, Step.DISPATCH: 4, Step.SIGN: 8, Step.RESOLVE: 120, Step.VERIFY: 16},
}
URGENT_FACTOR = 0.5
WORKING_PERIODS = ((time(8, 30), time(12, 0)), (time(13, 30), time(17, 30)))


@dataclass(frozen=True)
class WorkCalendar:
    working_hours: bool = True  # False: calendar hours, around the clock
    holidays: frozenset[date] = frozenset()
    extra_workdays: frozenset[date] = frozenset()  # weekend days worked (调休)

    def is_workday(self, day: date) -> bool:
        if day in self.extra_workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def add_hours(self, start: datetime, hours: float) -> datetime:
        """The moment ``hours`` of (working) time after ``start``."""
        if not self.working_hours:
            return start + timedelta(hours=hours)
        remaining = timedelta(hours=hours)
        moment = start.astimezone(BEIJING)
        for _ in range(3660):  # ten years of days at most: a guard, never reached in practice
            day = moment.date()
            if self.is_workday(day):
                for opens, closes in WORKING_PERIODS:
                    period_start = datetime.combine(day, opens, BEIJING)
                    period_end = datetime.combine(day, closes, BEIJING)
                    begin = max(moment, period_start)
                    if begin >= period_end:
                        continue
                    available = period_end - begin
                    if remaining <= available:
                        return (begin + remaining).astimezone(start.tzinfo)
                    remaining -= available
                    moment = period_end
            moment = datetime.combine(day + timedelta(days=1), time(0), BEIJING)
        raise ValueError("no working time found within ten years: check the calendar")


@dataclass(frozen=True)
class SlaPolicy:
    calendar: WorkCalendar = field(default_factory=WorkCalendar)
    limits: dict[str, dict[Step, float]] = field(default_factory=lambda: DEFAULT_LIMITS)
    escalate_after_hours: float = 4.0  # overdue this long (in the calendar's hours): escalate
    max_escalations: int = 2

    def limit_hours(self, step: Step, profile: str | None, priority: str) -> float:
        table = self.limits.get(profile or "standard", self.limits["standard"])
        hours = table[step]
        return hours * URGENT_FACTOR if priority == "urgent" else hours

    def deadline(
        self, state: CaseState, since: datetime, profile: str | None, priority: str
    ) -> tuple[Step | None, datetime | None]:
        """The step a case in ``state`` waits for, and when it is due (None: no clock)."""
        step = STEP_OF_STATE.get(state)
        if step is None:
            return None, None
        return step, self.calendar.add_hours(since, self.limit_hours(step, profile, priority))

    def escalation_due(self, overdue_since: datetime) -> datetime:
        return self.calendar.add_hours(overdue_since, self.escalate_after_hours)


def configured_policy(
    working_hours: bool,
    holidays: list[date],
    extra_workdays: list[date],
    escalate_after_hours: float,
) -> SlaPolicy:
    calendar = WorkCalendar(working_hours, frozenset(holidays), frozenset(extra_workdays))
    return SlaPolicy(calendar=calendar, escalate_after_hours=escalate_after_hours)
