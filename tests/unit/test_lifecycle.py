"""The closed loop's rules: every state x every command, deadlines, the audit chain, roles."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from contracts.lifecycle import Actor
from dispatch.audit import GENESIS, verify_chain
from dispatch.domain import Case, InvalidCommand
from dispatch.lifecycle import (
    FINAL,
    TRANSITIONS,
    CaseState,
    Command,
    IllegalTransition,
    allowed_commands,
    usable_commands,
)
from dispatch.roles import COMMAND_ROLES, CaseScope, Role, User, can_see, may_issue
from dispatch.sla import BEIJING, SlaPolicy, Step, WorkCalendar
from gridhub.simulator import TrafficGenerator
from streams.normalise import normalise
from tests.factories import placed

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # Monday 10:00 in Beijing
SLA = SlaPolicy()
DISPATCHER = Actor(id="d1", role="dispatcher")

# Arguments each command needs to be valid (so only the state decides).
ARGS: dict[Command, dict[str, object]] = {
    Command.REJECT: {"reason": "not ours"},
    Command.MERGE: {"into": "another-case"},
    Command.DISPATCH: {"department_id": "371083001-urban"},
    Command.RETURN: {"reason": "wrong department"},
    Command.RESOLVE: {"note": "fixed"},
    Command.FAIL_VERIFICATION: {"reason": "still broken"},
    Command.REOPEN: {"reason": "came back"},
    Command.SUSPEND: {"reason": "waiting for budget"},
    Command.REQUEST_POSTPONEMENT: {"reason": "parts on order", "hours": 16},
    Command.ESCALATE: {"reason": "too slow"},
    Command.RATE: {"rating": "basically_satisfied", "comment": "修好了，但拖了几天"},
}
# How to bring a fresh case into each state.
PATHS: dict[CaseState, list[Command]] = {
    CaseState.REPORTED: [],
    CaseState.ACCEPTED: [Command.ACCEPT],
    CaseState.REJECTED: [Command.REJECT],
    CaseState.MERGED: [Command.MERGE],
    CaseState.DISPATCHED: [Command.ACCEPT, Command.DISPATCH],
    CaseState.RETURNED: [Command.ACCEPT, Command.DISPATCH, Command.RETURN],
    CaseState.IN_PROGRESS: [Command.ACCEPT, Command.DISPATCH, Command.SIGN],
    CaseState.RESOLVED: [Command.ACCEPT, Command.DISPATCH, Command.SIGN, Command.RESOLVE],
    CaseState.REWORK: [
        Command.ACCEPT, Command.DISPATCH, Command.SIGN, Command.RESOLVE,
        Command.FAIL_VERIFICATION,
    ],
    CaseState.VERIFIED: [
        Command.ACCEPT, Command.DISPATCH, Command.SIGN, Command.RESOLVE, Command.VERIFY,
    ],
    CaseState.CLOSED: [
        Command.ACCEPT, Command.DISPATCH, Command.SIGN, Command.RESOLVE, Command.VERIFY,
        Command.CLOSE,
    ],
    CaseState.SUSPENDED: [Command.ACCEPT, Command.SUSPEND],
}  # fmt: skip


def new_case() -> Case:
    message = TrafficGenerator(seed=3).next_message()
    return Case.open_for(placed(normalise(message.grid, message.value)), NOW, SLA)


def case_in(state: CaseState) -> Case:
    case = new_case()
    for command in PATHS[state]:
        case.handle(command, DISPATCHER, NOW, SLA, **ARGS.get(command, {}))  # type: ignore[arg-type]
    assert case.state is state
    return case


def test_every_state_has_a_path_and_every_command_is_in_the_table() -> None:
    assert set(PATHS) == set(CaseState)
    assert {command for _, command in TRANSITIONS} | {Command.RESUME} == set(Command)


@pytest.mark.parametrize("state", list(CaseState))
@pytest.mark.parametrize("command", list(Command))
def test_every_state_and_every_command(state: CaseState, command: Command) -> None:
    case = case_in(state)
    allowed = command in allowed_commands(state)
    if allowed and command in (Command.APPROVE_POSTPONEMENT, Command.DENY_POSTPONEMENT):
        # Deciding needs a request waiting first.
        case.handle(Command.REQUEST_POSTPONEMENT, DISPATCHER, NOW, SLA, reason="r", hours=8)
    before = case.last_seq
    if not allowed:
        with pytest.raises(IllegalTransition) as raised:
            case.handle(command, DISPATCHER, NOW, SLA, **ARGS.get(command, {}))  # type: ignore[arg-type]
        assert raised.value.state is state
        assert raised.value.allowed == allowed_commands(state)
        assert case.state is state and case.last_seq == before  # nothing changed
        return
    event = case.handle(command, DISPATCHER, NOW, SLA, **ARGS.get(command, {}))  # type: ignore[arg-type]
    # A suspended case resumes where it was: these paths suspend it while accepted.
    expected = CaseState.ACCEPTED if command is Command.RESUME else TRANSITIONS[(state, command)]
    assert case.state is expected
    assert event.seq == before + 1 and event.from_state == state.value
    assert event.to_state == case.state.value and event.actor == DISPATCHER


def test_final_states_allow_nothing() -> None:
    for state in FINAL:
        assert allowed_commands(state) == []


def test_the_main_path_stamps_every_step_and_runs_the_right_clock() -> None:
    case = new_case()
    assert (case.deadline_step, case.deadline_at) == (Step.ACCEPT.value, case.deadline_at)
    expected_clock = {
        Command.ACCEPT: Step.DISPATCH,
        Command.DISPATCH: Step.SIGN,
        Command.SIGN: Step.RESOLVE,
        Command.RESOLVE: Step.VERIFY,
        Command.VERIFY: None,
        Command.CLOSE: None,
    }
    moment = NOW
    for command, step in expected_clock.items():
        moment += timedelta(minutes=10)
        case.handle(command, DISPATCHER, moment, SLA, **ARGS.get(command, {}))  # type: ignore[arg-type]
        assert case.deadline_step == (step.value if step else None)
    assert case.state is CaseState.CLOSED
    for column in ("accepted_at", "dispatched_at", "signed_at", "resolved_at", "verified_at"):
        assert case.step_times[column] < case.step_times["closed_at"]


@pytest.mark.parametrize(
    ("command", "args", "field"),
    [
        (Command.REJECT, {}, "reason"),
        (Command.REJECT, {"reason": "  "}, "reason"),
        (Command.MERGE, {}, "into"),
        (Command.DISPATCH, {}, "department_id"),
    ],
)
def test_commands_without_their_arguments_are_refused(
    command: Command, args: dict[str, str], field: str
) -> None:
    case = case_in(CaseState.ACCEPTED if command is Command.DISPATCH else CaseState.REPORTED)
    with pytest.raises(InvalidCommand) as raised:
        case.handle(command, DISPATCHER, NOW, SLA, **args)  # type: ignore[arg-type]
    assert raised.value.field == field


def test_a_case_cannot_merge_into_itself() -> None:
    case = new_case()
    with pytest.raises(InvalidCommand):
        case.handle(Command.MERGE, DISPATCHER, NOW, SLA, into=case.id)


def test_return_and_redispatch_clear_and_set_the_department() -> None:
    case = case_in(CaseState.DISPATCHED)
    case.handle(Command.RETURN, DISPATCHER, NOW, SLA, reason="not ours")
    assert case.department_id is None and case.deadline_step == Step.DISPATCH.value
    case.handle(Command.DISPATCH, DISPATCHER, NOW, SLA, department_id="371083-urban")
    assert case.department_id == "371083-urban" and case.state is CaseState.DISPATCHED


def test_a_return_drops_the_old_departments_postponement_request() -> None:
    case = case_in(CaseState.IN_PROGRESS)
    case.handle(Command.REQUEST_POSTPONEMENT, DISPATCHER, NOW, SLA, reason="parts", hours=8)
    case.handle(Command.RETURN, DISPATCHER, NOW, SLA, reason="not ours")
    assert case.pending_postponement_hours is None


def test_overdue_counts_from_the_deadline_and_escalation_is_scheduled() -> None:
    case = case_in(CaseState.DISPATCHED)
    assert case.deadline_at is not None
    late = case.deadline_at + timedelta(days=3)
    case.handle(Command.MARK_OVERDUE, Actor(id="gridhub", role="system"), late, SLA)
    assert case.overdue_since == case.deadline_at
    assert case.escalate_at == SLA.escalation_due(case.deadline_at)
    case.handle(Command.ESCALATE, DISPATCHER, late, SLA, reason="slow", to_department_id="x")
    assert case.escalate_at == SLA.escalation_due(late)
    case.handle(Command.RETURN, DISPATCHER, late, SLA, reason="wrong")
    case.handle(Command.DISPATCH, DISPATCHER, late, SLA, department_id="371083-urban")
    assert (case.escalation_level, case.escalated_to, case.escalate_at) == (0, None, None)


def test_the_accept_clock_starts_when_the_report_was_made() -> None:
    case = new_case()
    due = SLA.deadline(
        CaseState.REPORTED, min(case.reported_at, NOW), case.time_limit_profile, case.priority
    )[1]
    assert case.deadline_at == due


def test_postponement_moves_the_deadline_and_needs_a_request() -> None:
    case = case_in(CaseState.IN_PROGRESS)
    with pytest.raises(InvalidCommand):
        case.handle(Command.APPROVE_POSTPONEMENT, DISPATCHER, NOW, SLA)
    due = case.deadline_at
    assert due is not None
    case.handle(Command.REQUEST_POSTPONEMENT, DISPATCHER, NOW, SLA, reason="parts", hours=15)
    with pytest.raises(InvalidCommand):  # one request at a time
        case.handle(Command.REQUEST_POSTPONEMENT, DISPATCHER, NOW, SLA, reason="x", hours=1)
    case.handle(Command.APPROVE_POSTPONEMENT, DISPATCHER, NOW, SLA)
    assert case.deadline_at == SLA.calendar.add_hours(due, 15)
    assert case.postponed_hours == 15 and case.pending_postponement_hours is None


def test_suspend_and_resume_return_to_the_same_state_with_a_fresh_clock() -> None:
    case = case_in(CaseState.IN_PROGRESS)
    case.handle(Command.SUSPEND, DISPATCHER, NOW, SLA, reason="waiting")
    assert case.deadline_at is None and case.suspended_from is CaseState.IN_PROGRESS
    later = NOW + timedelta(days=7)
    case.handle(Command.RESUME, DISPATCHER, later, SLA)
    assert case.state is CaseState.IN_PROGRESS and case.suspended_from is None
    assert case.deadline_at is not None and case.deadline_at > later


def test_overdue_is_marked_once_per_step() -> None:
    case = case_in(CaseState.DISPATCHED)
    case.handle(Command.MARK_OVERDUE, Actor(id="gridhub", role="system"), NOW, SLA)
    with pytest.raises(InvalidCommand):
        case.handle(Command.MARK_OVERDUE, Actor(id="gridhub", role="system"), NOW, SLA)
    case.handle(Command.SIGN, DISPATCHER, NOW, SLA)  # the next step: a new clock
    assert case.overdue_since is None


def test_urgent_priority_halves_the_limits_and_profiles_differ() -> None:
    standard = SLA.limit_hours(Step.RESOLVE, "standard", "normal")
    assert SLA.limit_hours(Step.RESOLVE, "standard", "urgent") == standard / 2
    assert SLA.limit_hours(Step.RESOLVE, "urgent", "normal") < standard
    assert SLA.limit_hours(Step.RESOLVE, "complex", "normal") > standard
    assert SLA.limit_hours(Step.RESOLVE, "no-such-profile", "normal") == standard


def test_working_hours_skip_nights_lunch_weekends_and_holidays() -> None:
    calendar = WorkCalendar()
    friday_4pm = datetime(2026, 11, 20, 16, 0, tzinfo=BEIJING)
    assert calendar.add_hours(friday_4pm, 2) == datetime(2026, 11, 23, 9, 0, tzinfo=BEIJING)
    before_lunch = datetime(2026, 11, 23, 11, 30, tzinfo=BEIJING)
    assert calendar.add_hours(before_lunch, 1) == datetime(2026, 11, 23, 14, 0, tzinfo=BEIJING)
    holiday = WorkCalendar(holidays=frozenset({date(2026, 11, 23)}))
    assert holiday.add_hours(friday_4pm, 2) == datetime(2026, 11, 24, 9, 0, tzinfo=BEIJING)
    makeup = WorkCalendar(extra_workdays=frozenset({date(2026, 11, 21)}))  # a Saturday
    assert makeup.add_hours(friday_4pm, 2) == datetime(2026, 11, 21, 9, 0, tzinfo=BEIJING)
    around_the_clock = WorkCalendar(working_hours=False)
    assert around_the_clock.add_hours(friday_4pm, 2) == friday_4pm + timedelta(hours=2)


def test_the_audit_chain_holds_and_any_change_breaks_it() -> None:
    case = case_in(CaseState.RESOLVED)
    events = case.pending_events
    triples = [(e, e.previous_hash or "", e.hash or "") for e in events]
    assert events[0].previous_hash == GENESIS
    assert verify_chain(triples).intact
    tampered = list(triples)
    event, previous, digest = tampered[2]
    tampered[2] = (event.model_copy(update={"reason": "edited later"}), previous, digest)
    check = verify_chain(tampered)
    assert not check.intact and check.broken_at_seq == 3
    dropped = triples[:1] + triples[2:]
    assert not verify_chain(dropped).intact


def test_roles_may_issue_only_their_commands() -> None:
    worker = User("w", Role.GRID_WORKER, "w", area_code="37108300100101", worker_id="WG1")
    handler = User("h", Role.HANDLER, "h", department_id="371083001-urban")
    assert may_issue(worker, Command.VERIFY) and not may_issue(worker, Command.ACCEPT)
    assert may_issue(handler, Command.SIGN) and not may_issue(handler, Command.DISPATCH)
    worker_commands = (Command.VERIFY, Command.FAIL_VERIFICATION, Command.RATE)
    assert all(Role.GRID_WORKER not in roles or c in worker_commands
               for c, roles in COMMAND_ROLES.items())  # fmt: skip
    assert COMMAND_ROLES[Command.MARK_OVERDUE] == frozenset()


def test_scope_rules() -> None:
    path = "/371083/371083001/371083001001/37108300100101/"
    case = CaseScope(path, "371083001-urban", frozenset({"WG9"}))
    assert can_see(User("a", Role.ADMIN, "a"), case)
    assert can_see(User("d", Role.DISPATCHER, "d", area_code="371083"), case)
    assert can_see(User("d", Role.DISPATCHER, "d", area_code="371083001"), case)
    assert not can_see(User("d", Role.DISPATCHER, "d", area_code="371083100"), case)
    # A code that is a prefix of another code is not its parent.
    assert not can_see(User("d", Role.DISPATCHER, "d", area_code="37108300"), case)
    assert can_see(User("h", Role.HANDLER, "h", department_id="371083001-urban"), case)
    assert not can_see(User("h", Role.HANDLER, "h", department_id="371083-urban"), case)
    assert can_see(User("w", Role.GRID_WORKER, "w", area_code="371083100", worker_id="WG9"), case)
    assert not can_see(
        User("w", Role.GRID_WORKER, "w", area_code="371083100", worker_id="WG1"), case
    )
    unplaced = CaseScope("", None, frozenset())  # waits for any dispatcher to place it
    assert can_see(User("d", Role.DISPATCHER, "d", area_code="371083100"), unplaced)
    assert not can_see(User("h", Role.HANDLER, "h", department_id="371083-urban"), unplaced)
    assert not can_see(
        User("w", Role.GRID_WORKER, "w", area_code="371083", worker_id="X"), unplaced
    )


def test_a_closed_case_is_rated_and_a_rating_must_be_one_of_the_three() -> None:
    case = case_in(CaseState.CLOSED)
    event = case.handle(Command.RATE, DISPATCHER, NOW, SLA, rating="不满意", comment=" 没修好 ")
    assert event is not None and event.event_type.value == "rated"
    assert event.data["rating"] == "unsatisfied" and event.data["comment"] == "没修好"
    assert case.state is CaseState.CLOSED and case.deadline_at is None  # no clock after 结案
    with pytest.raises(InvalidCommand) as wrong:
        case.handle(Command.RATE, DISPATCHER, NOW, SLA, rating="很好")
    assert wrong.value.field == "rating"
    # 不满意 does not reopen by itself: a dispatcher decides, with a reason.
    case.handle(Command.REOPEN, DISPATCHER, NOW, SLA, reason="回访不满意")
    assert case.state is CaseState.REWORK


def test_a_postponement_is_decided_only_while_one_waits_and_asked_only_while_none_does() -> None:
    quiet = usable_commands(CaseState.IN_PROGRESS, postponement_waiting=False)
    assert Command.REQUEST_POSTPONEMENT in quiet
    assert not {Command.APPROVE_POSTPONEMENT, Command.DENY_POSTPONEMENT} & set(quiet)
    waiting = usable_commands(CaseState.IN_PROGRESS, postponement_waiting=True)
    assert {Command.APPROVE_POSTPONEMENT, Command.DENY_POSTPONEMENT} <= set(waiting)
    assert Command.REQUEST_POSTPONEMENT not in waiting
    others = set(allowed_commands(CaseState.IN_PROGRESS)) - {
        Command.REQUEST_POSTPONEMENT,
        Command.APPROVE_POSTPONEMENT,
        Command.DENY_POSTPONEMENT,
    }
    assert others <= set(quiet) and others <= set(waiting)
