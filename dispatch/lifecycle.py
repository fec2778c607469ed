"""The closed loop as one explicit transition table: which command may move a case from which
state, and where to. Pure: no database, no clock.

    reported --accept--> accepted --dispatch--> dispatched --sign--> in_progress
    in_progress --resolve--> resolved --verify--> verified --close--> closed
    reported --reject--> rejected;  reported/accepted --merge--> merged
    resolved --fail_verification--> rework --sign--> in_progress          (返工)
    dispatched/in_progress --return--> returned --dispatch--> dispatched    (退回, re-dispatch)
    open --suspend--> suspended --resume--> the state it was suspended from (挂账)
    closed --reopen--> rework                                              (the handler again)
    closed --rate--> closed                          (满意度回访; 不满意: a dispatcher may reopen)
    in_progress: request/approve/deny postponement; escalate, mark overdue: no state change.

A move the table does not hold raises IllegalTransition, which names the current state and
the commands that are allowed there (the API answers 409 with both).
"""

from __future__ import annotations

from enum import StrEnum

from contracts.lifecycle import CaseEventType


class CaseState(StrEnum):
    REPORTED = "reported"  # 信息收集: waiting for 立案
    ACCEPTED = "accepted"  # 立案: waiting for 派遣
    REJECTED = "rejected"  # 不予立案 (final)
    MERGED = "merged"  # a duplicate of another case (final)
    DISPATCHED = "dispatched"  # 派遣: waiting for the department to sign
    RETURNED = "returned"  # 退回: wrong department, back to the dispatcher
    IN_PROGRESS = "in_progress"  # 签收: the department is on it
    REWORK = "rework"  # 返工: verification failed or reopened, back to the department
    RESOLVED = "resolved"  # 处置反馈: waiting for 核查
    VERIFIED = "verified"  # 核查通过: waiting for 结案
    CLOSED = "closed"  # 结案
    SUSPENDED = "suspended"  # 挂账: parked, with a reason


class Command(StrEnum):
    ACCEPT = "accept"
    REJECT = "reject"
    MERGE = "merge"
    DISPATCH = "dispatch"
    SIGN = "sign"
    RETURN = "return"
    RESOLVE = "resolve"
    VERIFY = "verify"
    FAIL_VERIFICATION = "fail_verification"
    CLOSE = "close"
    REOPEN = "reopen"
    SUSPEND = "suspend"
    RESUME = "resume"
    REQUEST_POSTPONEMENT = "request_postponement"
    APPROVE_POSTPONEMENT = "approve_postponement"
    DENY_POSTPONEMENT = "deny_postponement"
    ESCALATE = "escalate"
    MARK_OVERDUE = "mark_overdue"
    RATE = "rate"


S, C = CaseState, Command
FINAL = frozenset({S.REJECTED, S.MERGED})
OPEN = frozenset(set(S) - FINAL - {S.CLOSED})
WORKING = frozenset({S.DISPATCHED, S.IN_PROGRESS, S.REWORK})  # the department holds it
WAITING_FOR_DISPATCHER = frozenset({S.REPORTED, S.ACCEPTED, S.RETURNED})  # 立案, 派遣, re-dispatch

# (state, command) -> next state. Commands that do not move the case map to the same state.
TRANSITIONS: dict[tuple[CaseState, Command], CaseState] = {
    (S.REPORTED, C.ACCEPT): S.ACCEPTED,
    (S.REPORTED, C.REJECT): S.REJECTED,
    (S.REPORTED, C.MERGE): S.MERGED,
    (S.ACCEPTED, C.MERGE): S.MERGED,
    (S.ACCEPTED, C.DISPATCH): S.DISPATCHED,
    (S.RETURNED, C.DISPATCH): S.DISPATCHED,
    (S.DISPATCHED, C.SIGN): S.IN_PROGRESS,
    (S.REWORK, C.SIGN): S.IN_PROGRESS,
    (S.DISPATCHED, C.RETURN): S.RETURNED,
    (S.IN_PROGRESS, C.RETURN): S.RETURNED,
    (S.IN_PROGRESS, C.RESOLVE): S.RESOLVED,
    (S.RESOLVED, C.VERIFY): S.VERIFIED,
    (S.RESOLVED, C.FAIL_VERIFICATION): S.REWORK,
    (S.VERIFIED, C.CLOSE): S.CLOSED,
    (S.CLOSED, C.REOPEN): S.REWORK,
    (S.CLOSED, C.RATE): S.CLOSED,
    **{(state, C.SUSPEND): S.SUSPENDED for state in OPEN - {S.SUSPENDED}},
    # Postponement (延期) extends the resolving time, so it is asked for while resolving.
    (S.IN_PROGRESS, C.REQUEST_POSTPONEMENT): S.IN_PROGRESS,
    (S.IN_PROGRESS, C.APPROVE_POSTPONEMENT): S.IN_PROGRESS,
    (S.IN_PROGRESS, C.DENY_POSTPONEMENT): S.IN_PROGRESS,
    **{(state, C.ESCALATE): state for state in OPEN},
    **{(state, C.MARK_OVERDUE): state for state in OPEN - {S.SUSPENDED}},
}
# RESUME goes back to where the case was suspended from: the aggregate knows that state.
RESUMABLE = frozenset({S.SUSPENDED})

EVENT_OF: dict[Command, CaseEventType] = {
    C.ACCEPT: CaseEventType.ACCEPTED,
    C.REJECT: CaseEventType.REJECTED,
    C.MERGE: CaseEventType.MERGED,
    C.DISPATCH: CaseEventType.DISPATCHED,
    C.SIGN: CaseEventType.SIGNED,
    C.RETURN: CaseEventType.RETURNED,
    C.RESOLVE: CaseEventType.RESOLVED,
    C.VERIFY: CaseEventType.VERIFIED,
    C.FAIL_VERIFICATION: CaseEventType.VERIFICATION_FAILED,
    C.CLOSE: CaseEventType.CLOSED,
    C.REOPEN: CaseEventType.REOPENED,
    C.SUSPEND: CaseEventType.SUSPENDED,
    C.RESUME: CaseEventType.RESUMED,
    C.REQUEST_POSTPONEMENT: CaseEventType.POSTPONEMENT_REQUESTED,
    C.APPROVE_POSTPONEMENT: CaseEventType.POSTPONED,
    C.DENY_POSTPONEMENT: CaseEventType.POSTPONEMENT_DENIED,
    C.ESCALATE: CaseEventType.ESCALATED,
    C.MARK_OVERDUE: CaseEventType.OVERDUE,
    C.RATE: CaseEventType.RATED,
}


class IllegalTransition(Exception):
    """A command the case's current state does not allow."""

    def __init__(self, state: CaseState, command: Command, allowed: list[Command]) -> None:
        super().__init__(f"cannot {command.value} a case that is {state.value}")
        self.state, self.command, self.allowed = state, command, allowed


def allowed_commands(state: CaseState) -> list[Command]:
    allowed = [command for (s, command) in TRANSITIONS if s is state]
    if state in RESUMABLE:
        allowed.append(C.RESUME)
    return allowed


POSTPONEMENT_DECISIONS = frozenset({C.APPROVE_POSTPONEMENT, C.DENY_POSTPONEMENT})


def usable_commands(state: CaseState, *, postponement_waiting: bool) -> list[Command]:
    """The state's commands less those the case itself rules out now: a postponement is
    approved or denied only while one waits, and asked for only while none does."""
    ruled_out = {C.REQUEST_POSTPONEMENT} if postponement_waiting else POSTPONEMENT_DECISIONS
    return [command for command in allowed_commands(state) if command not in ruled_out]


def next_state(state: CaseState, command: Command, suspended_from: CaseState | None) -> CaseState:
    if command is C.RESUME and state in RESUMABLE and suspended_from is not None:
        return suspended_from
    target = TRANSITIONS.get((state, command))
    if target is None:
        raise IllegalTransition(state, command, allowed_commands(state))
    return target
