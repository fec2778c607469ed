"""The Case aggregate. Pure: no database, no broker, no clock of its own.

A case moves only through ``handle``: the transition table (dispatch/lifecycle.py) decides
whether the command is allowed, the SLA policy (dispatch/sla.py) sets the next deadline, and
every move is recorded as a lifecycle event with its actor, role, time and reason, chained to
the previous event by hash (dispatch/audit.py). Commands are imperative, events past tense.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from contracts.lifecycle import Actor, CaseEventType, CaseLifecycleEvent
from contracts.placement import PlacedReport, Placement, PlacementStatus, Route
from contracts.report import Priority
from dispatch.audit import GENESIS, event_hash
from dispatch.identity import case_event_id_for, case_id_for
from dispatch.lifecycle import (
    EVENT_OF,
    CaseState,
    Command,
    IllegalTransition,
    next_state,
)
from dispatch.satisfaction import MAX_COMMENT, rating_of
from dispatch.sla import SlaPolicy

SYSTEM = Actor(id="gridhub", role="system")
AUTO_DISPATCH_MIN_CONFIDENCE = 0.9

# The timestamp each command sets on the case (the latest time that step happened).
STEP_TIME: dict[Command, str] = {
    Command.ACCEPT: "accepted_at",
    Command.REJECT: "rejected_at",
    Command.MERGE: "merged_at",
    Command.DISPATCH: "dispatched_at",
    Command.SIGN: "signed_at",
    Command.RETURN: "returned_at",
    Command.RESOLVE: "resolved_at",
    Command.VERIFY: "verified_at",
    Command.FAIL_VERIFICATION: "verification_failed_at",
    Command.CLOSE: "closed_at",
    Command.REOPEN: "reopened_at",
    Command.SUSPEND: "suspended_at",
    Command.RESUME: "resumed_at",
    Command.REQUEST_POSTPONEMENT: "postponement_requested_at",
    Command.APPROVE_POSTPONEMENT: "postponed_at",
    Command.ESCALATE: "escalated_at",
}
STEP_TIME_COLUMNS = tuple(dict.fromkeys(STEP_TIME.values()))
# Commands that must say why.
NEEDS_REASON = {
    Command.REJECT,
    Command.RETURN,
    Command.FAIL_VERIFICATION,
    Command.SUSPEND,
    Command.REOPEN,
    Command.REQUEST_POSTPONEMENT,
    Command.ESCALATE,
}


class InvalidCommand(ValueError):
    """A command with a missing or wrong argument (the API answers 422 naming the field)."""

    def __init__(self, field_name: str, reason: str) -> None:
        super().__init__(f"{field_name}: {reason}")
        self.field, self.reason = field_name, reason


@dataclass
class Case:
    id: str
    state: CaseState
    category: str
    origin_grid: str
    priority: Priority
    title: str
    description: str
    address_text: str
    lon: float | None
    lat: float | None
    crs: str | None
    reported_at: datetime
    created_at: datetime
    report_ids: list[str] = field(default_factory=list)
    placement: Placement | None = None  # where, as the registry placed the first report
    route: Route | None = None  # who must handle it, by the responsibility list
    department_id: str | None = None
    team_id: str | None = None
    time_limit_profile: str | None = None
    step_times: dict[str, datetime] = field(default_factory=dict)
    deadline_step: str | None = None
    deadline_at: datetime | None = None
    overdue_since: datetime | None = None
    escalate_at: datetime | None = None  # when the system escalates it, if still overdue
    escalation_level: int = 0
    escalated_to: str | None = None
    suspended_from: CaseState | None = None
    postponed_hours: float = 0.0
    pending_postponement_hours: float | None = None
    merged_into: str | None = None
    resolution: dict[str, Any] | None = None
    version: int = 0  # rows written so far (optimistic locking); 0: not stored yet
    last_seq: int = 0
    last_hash: str = GENESIS
    # Lifecycle events raised by this aggregate and not yet stored.
    pending_events: list[CaseLifecycleEvent] = field(default_factory=list, repr=False)
    # False while the stream opens a case: the state moves, but its events are written later
    # by the projector, which replays the same steps (dispatch/projection.py).
    recording: bool = field(default=True, repr=False)

    # -- opening -----------------------------------------------------------------------
    @classmethod
    def open_for(
        cls,
        placed: PlacedReport,
        now: datetime,
        sla: SlaPolicy | None = None,
        *,
        recording: bool = True,
    ) -> Case:
        """Open a new case for a report nobody has reported before (信息收集).

        The case takes the report's place and route; an unplaced or unrouted one is still
        opened, and its placement says why, for the dispatcher to settle. ``recording=False``
        moves the case without building its events (the stream's hot path; the projector
        replays the same steps with recording on).
        """
        report, placement, route = placed.report, placed.placement, placed.route
        location = report.location
        case = cls(
            id=case_id_for(report.report_id),
            state=CaseState.REPORTED,
            category=report.category,
            origin_grid=report.source.grid.value,
            priority=report.priority,
            title=report.title,
            description=report.description,
            address_text=report.address_text,
            lon=location.lon if location else None,
            lat=location.lat if location else None,
            crs=location.crs.value if location else None,
            reported_at=report.reported_at,
            created_at=now,
            report_ids=[report.report_id],
            placement=placement,
            route=route,
            time_limit_profile=route.time_limit_profile,
            recording=recording,
        )
        # The clock for 立案 starts when the report was made, not when the hub got to it.
        case._set_deadline(sla or SlaPolicy(), min(report.reported_at, now))
        case._record(
            CaseEventType.REPORTED,
            SYSTEM,
            now,
            from_state=None,
            data={
                "report_id": report.report_id,
                "grid": report.source.grid.value,
                "channel": report.source.channel.value,
                "category": report.category,
                "place_status": placement.status.value,
                "cell": placement.cell,
                "route_status": route.status.value,
                "department_id": route.department_id,
                "registry_version": placement.registry_version,
                "deadline_at": case.deadline_at.isoformat() if case.deadline_at else None,
            },
        )
        return case

    def auto_dispatch(self, now: datetime, sla: SlaPolicy) -> bool:
        """Accept and dispatch without a human when routing is sure and the category allows it."""
        placement, route = self.placement, self.route
        if (
            placement is None
            or route is None
            or not route.auto_dispatch
            or route.department_id is None
            or placement.status is not PlacementStatus.PLACED
            or placement.confidence < AUTO_DISPATCH_MIN_CONFIDENCE
            or self.state is not CaseState.REPORTED
        ):
            return False
        why = f"auto-dispatch: {route.reason} (confidence {placement.confidence:.2f})"
        self.handle(Command.ACCEPT, SYSTEM, now, sla, reason=why)
        self.handle(
            Command.DISPATCH,
            SYSTEM,
            now,
            sla,
            reason=why,
            department_id=route.department_id,
            team_id=route.team_id,
        )
        return True

    # -- commands ----------------------------------------------------------------------
    def handle(
        self,
        command: Command,
        actor: Actor,
        now: datetime,
        sla: SlaPolicy,
        *,
        reason: str | None = None,
        request_id: str | None = None,
        **args: Any,
    ) -> CaseLifecycleEvent | None:
        """Apply one command: check it, move the case, record the event. Raises
        IllegalTransition (wrong state) or InvalidCommand (wrong arguments)."""
        target = next_state(self.state, command, self.suspended_from)
        if command in NEEDS_REASON and not (reason and reason.strip()):
            raise InvalidCommand("reason", f"{command.value} needs a reason")
        data = self._apply(command, now, sla, args)
        previous = self.state
        if command is Command.SUSPEND:
            self.suspended_from = previous
        if command is Command.RESUME:
            self.suspended_from = None
        self.state = target
        if command in STEP_TIME:
            self.step_times[STEP_TIME[command]] = now
        if target is not previous or command is Command.RESUME:
            self._set_deadline(sla, now)
        if request_id:
            data["request_id"] = request_id
        data["deadline_at"] = self.deadline_at.isoformat() if self.deadline_at else None
        return self._record(EVENT_OF[command], actor, now, previous, data, reason)

    def link_report(
        self, report_id: str, grid: str, decision: dict[str, Any], now: datetime
    ) -> CaseLifecycleEvent | None:
        """Another report of the same incident joined the case (a de-duplication merge)."""
        if self.state in (CaseState.MERGED, CaseState.REJECTED):
            raise InvalidCommand("case_id", f"case {self.id} is {self.state.value}")
        if report_id not in self.report_ids:
            self.report_ids.append(report_id)
        data = {"report_id": report_id, "grid": grid, "dedupe": decision}
        return self._record(CaseEventType.REPORT_LINKED, SYSTEM, now, self.state, data)

    def split_report(
        self, report_id: str, new_case_id: str, actor: Actor, now: datetime, reason: str | None
    ) -> CaseLifecycleEvent | None:
        """A dispatcher takes a report that is not this incident out into a case of its own."""
        if report_id not in self.report_ids:
            raise InvalidCommand("report_id", f"report {report_id} is not in case {self.id}")
        if new_case_id == self.id or len(self.report_ids) < 2:
            raise InvalidCommand("report_id", "the case's founding report cannot be split off")
        if not (reason and reason.strip()):
            raise InvalidCommand("reason", "split needs a reason")
        self.report_ids.remove(report_id)
        data = {"report_id": report_id, "new_case_id": new_case_id}
        return self._record(CaseEventType.REPORT_SPLIT, actor, now, self.state, data, reason)

    def handle_linked(
        self, merged_case: str, report_ids: list[str], actor: Actor, now: datetime
    ) -> CaseLifecycleEvent | None:
        """Another case was merged into this one: its reports now belong here."""
        if self.state in (CaseState.MERGED, CaseState.REJECTED):
            raise InvalidCommand("into", f"case {self.id} is {self.state.value}")
        self.report_ids += [r for r in report_ids if r not in self.report_ids]
        data = {"merged_case": merged_case, "report_ids": report_ids}
        return self._record(CaseEventType.REPORT_LINKED, actor, now, self.state, data)

    def _apply(
        self, command: Command, now: datetime, sla: SlaPolicy, args: dict[str, Any]
    ) -> dict[str, Any]:
        """Command-specific checks and effects; returns what the event records."""
        if command is Command.DISPATCH:
            department = args.get("department_id")
            if not department:
                raise InvalidCommand("department_id", "dispatch needs a department")
            self.department_id, self.team_id = department, args.get("team_id")
            # A new holder: escalation starts again from it.
            self.escalation_level, self.escalated_to = 0, None
            return {"department_id": department, "team_id": self.team_id}
        if command is Command.RETURN:
            data = {"department_id": self.department_id}
            self.department_id, self.team_id = None, None
            self.pending_postponement_hours = None  # the old department's request lapses
            return data
        if command is Command.MERGE:
            into = args.get("into")
            if not into or into == self.id:
                raise InvalidCommand("into", "merge needs another case's id")
            self.merged_into = into
            return {"into": into}
        if command is Command.RESOLVE:
            note = (args.get("note") or "").strip()
            if not note:
                raise InvalidCommand("note", "resolving needs a note of what was done")
            evidence = list(args.get("evidence") or [])
            self.resolution = {"note": note, "evidence": evidence, "at": now.isoformat()}
            return {"note": note, "evidence": evidence}
        if command is Command.REQUEST_POSTPONEMENT:
            hours = float(args.get("hours") or 0)
            if hours <= 0:
                raise InvalidCommand("hours", "a postponement needs a positive number of hours")
            if self.pending_postponement_hours is not None:
                raise InvalidCommand("hours", "a postponement request is already waiting")
            self.pending_postponement_hours = hours
            return {"hours": hours}
        if command in (Command.APPROVE_POSTPONEMENT, Command.DENY_POSTPONEMENT):
            hours = self.pending_postponement_hours
            if hours is None:
                raise InvalidCommand("postponement", "no postponement request is waiting")
            self.pending_postponement_hours = None
            if command is Command.APPROVE_POSTPONEMENT:
                self.postponed_hours += hours  # the total granted, for the record
                if self.deadline_at is not None:  # the resolving deadline, and only it
                    self.deadline_at = sla.calendar.add_hours(self.deadline_at, hours)
                    if self.overdue_since is not None and self.deadline_at > now:
                        self.overdue_since = self.escalate_at = None
            return {"hours": hours}
        if command is Command.ESCALATE:
            self.escalation_level += 1
            self.escalated_to = args.get("to_department_id") or self.escalated_to
            if self.overdue_since is not None:  # the next automatic level, if still overdue
                self.escalate_at = sla.escalation_due(now)
            return {"level": self.escalation_level, "to_department_id": self.escalated_to}
        if command is Command.MARK_OVERDUE:
            if self.overdue_since is not None:
                raise InvalidCommand("state", "already marked overdue for this step")
            # Overdue from the moment the deadline passed, however late the sweep noticed.
            self.overdue_since = min(self.deadline_at or now, now)
            self.escalate_at = sla.escalation_due(self.overdue_since)
            return {"step": self.deadline_step}
        if command is Command.RATE:
            raw = args.get("rating")
            try:
                rating = rating_of(str(raw or ""))
            except ValueError as exc:
                raise InvalidCommand("rating", str(exc)) from exc
            comment = (args.get("comment") or "").strip()
            if len(comment) > MAX_COMMENT:
                raise InvalidCommand("comment", f"at most {MAX_COMMENT} characters")
            data: dict[str, Any] = {"rating": rating.value, "comment": comment or None}
            if args.get("report_id"):
                data["report_id"] = args["report_id"]  # whose rating, when a reporter's
            if args.get("via"):
                data["via"] = args["via"]  # api, open311, hotline call back
            return data
        if command is Command.REOPEN:
            self.resolution = None
        return {}

    def _set_deadline(self, sla: SlaPolicy, since: datetime) -> None:
        step, due = sla.deadline(self.state, since, self.time_limit_profile, self.priority.value)
        self.deadline_step = step.value if step else None
        self.deadline_at = due
        self.overdue_since = self.escalate_at = None

    def _record(
        self,
        event_type: CaseEventType,
        actor: Actor,
        now: datetime,
        from_state: CaseState | None,
        data: dict[str, Any],
        reason: str | None = None,
    ) -> CaseLifecycleEvent | None:
        if not self.recording:
            return None
        seq = self.last_seq + 1
        event = CaseLifecycleEvent(
            event_id=case_event_id_for(self.id, seq),
            case_id=self.id,
            seq=seq,
            event_type=event_type,
            occurred_at=now,
            actor=actor,
            from_state=from_state.value if from_state else None,
            to_state=self.state.value,
            reason=reason,
            data=data,
        )
        digest = event_hash(event, self.last_hash)
        event = event.model_copy(update={"previous_hash": self.last_hash, "hash": digest})
        self.pending_events.append(event)
        self.last_seq, self.last_hash = seq, digest
        return event


__all__ = ["SYSTEM", "Case", "CaseState", "Command", "IllegalTransition", "InvalidCommand"]
