"""Who is told what (dispatch/notifications.py), how it is signed and when it is retried."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from contracts.lifecycle import Actor, CaseEventType, CaseLifecycleEvent
from dispatch.notifications import (
    CaseView,
    NotificationKind,
    Subscription,
    notices_for_deadlines,
    notices_for_event,
    retry_delay,
    signature,
    signature_valid,
)
from dispatch.roles import CaseScope, Role, User

NOW = datetime(2026, 12, 3, 2, 0, tzinfo=UTC)
K = NotificationKind
STREET, COUNTY = "371083001-urban", "371083-urban"
PATH = "/371083/371083001/371083001001/37108300100101/"


def case(department: str | None = STREET, due: datetime | None = None) -> CaseView:
    return CaseView(
        "case-1", "dispatched", "道路破损 · 黄河路12号", "urban.road_damage", "黄河路12号",
        department, "sign", due, CaseScope(PATH, department, frozenset({"WG0001"})),
    )  # fmt: skip


def event(kind: CaseEventType, seq: int = 3, **data: object) -> CaseLifecycleEvent:
    return CaseLifecycleEvent(
        event_id=f"case-1:{seq}",
        case_id="case-1",
        seq=seq,
        event_type=kind,
        occurred_at=NOW,
        actor=Actor(id="dispatcher", role="dispatcher"),
        to_state="dispatched",
        data=data,
    )


EVERYTHING = frozenset(k for k in K if k is not K.TEST)
street = Subscription("s-street", EVERYTHING, department_id=STREET)
county = Subscription("s-county", EVERYTHING, department_id=COUNTY)
only_closed = Subscription("s-closed", frozenset({K.CLOSED}), department_id=STREET)
dispatcher = User("d", Role.DISPATCHER, "d", area_code="371083001")
elsewhere = User("e", Role.DISPATCHER, "e", area_code="371083100")
mine = Subscription("s-mine", EVERYTHING, user=dispatcher)
theirs = Subscription("s-theirs", EVERYTHING, user=elsewhere)
ALL = [street, county, only_closed, mine, theirs]


def told(kind: CaseEventType, view: CaseView | None = None, **data: object) -> set[str]:
    return {n.subscription_id for n in notices_for_event(event(kind, **data), view or case(), ALL)}


def test_each_event_tells_the_departments_it_concerns_and_the_users_who_see_the_case() -> None:
    assert told(CaseEventType.DISPATCHED, department_id=STREET) == {"s-street", "s-mine"}
    # Escalation: the holder and the department it was escalated to.
    assert told(CaseEventType.ESCALATED, to_department_id=COUNTY) == {
        "s-street", "s-county", "s-mine",
    }  # fmt: skip
    assert told(CaseEventType.RESOLVED) == {"s-street", "s-mine"}
    assert told(CaseEventType.CLOSED) == {"s-street", "s-closed", "s-mine"}
    assert told(CaseEventType.OVERDUE) == {"s-street", "s-mine"}
    assert told(CaseEventType.SIGNED) == set()  # no notification follows from signing
    (notice,) = notices_for_event(
        event(CaseEventType.DISPATCHED, department_id=STREET), case(), [street]
    )
    assert notice.kind is K.TASK_ASSIGNED and notice.dedupe_key == "task_assigned:case-1:3"
    assert notice.payload["label"] == "新任务" and notice.payload["case"]["id"] == "case-1"
    assert notice.payload["event"]["data"] == {"department_id": STREET}


def test_a_subscription_is_told_only_what_happens_after_it_was_made() -> None:
    late = Subscription("late", EVERYTHING, department_id=STREET, since=NOW + timedelta(hours=1))
    early = Subscription("early", EVERYTHING, department_id=STREET, since=NOW - timedelta(hours=1))
    found = notices_for_event(event(CaseEventType.RESOLVED), case(), [late, early])
    assert [n.subscription_id for n in found] == ["early"]


def test_deadlines_coming_near_are_told_once_per_step_and_deadline() -> None:
    soon, later = case(due=NOW + timedelta(hours=1)), case(due=NOW + timedelta(hours=5))
    past = case(due=NOW - timedelta(minutes=1))
    subs = [street, Subscription("six", EVERYTHING, department_id=STREET, hours_before=6)]
    found = notices_for_deadlines([soon, later, past], subs, NOW)
    assert sorted((n.subscription_id, n.case_id) for n in found) == [
        ("s-street", "case-1"), ("six", "case-1"), ("six", "case-1"),
    ]  # fmt: skip
    keys = {n.dedupe_key for n in found}
    assert len(keys) == 2  # the two deadlines; one key per case, step and deadline
    assert all(k.startswith("deadline_near:case-1:sign:") for k in keys)


def test_the_signature_is_checked_and_refuses_tampering_and_replays() -> None:
    body = b'{"kind":"task_assigned"}'
    stamp = int(NOW.timestamp())
    header = signature("s3cret-s3cret-s3cret", stamp, body)
    assert header.startswith(f"t={stamp},v1=")
    assert signature_valid("s3cret-s3cret-s3cret", header, body, NOW)
    assert not signature_valid("s3cret-s3cret-s3cret", header, body + b" ", NOW)
    assert not signature_valid("another-secret-value", header, body, NOW)
    assert not signature_valid("s3cret-s3cret-s3cret", header, body, NOW + timedelta(minutes=6))
    assert not signature_valid("s3cret-s3cret-s3cret", "garbage", body, NOW)


def test_retries_back_off_exponentially_up_to_a_cap() -> None:
    delays = [retry_delay(n, 10, 3600).total_seconds() for n in range(1, 11)]
    assert delays[:4] == [10, 20, 40, 80]
    assert delays[-1] == 3600 and delays == sorted(delays)


def test_phones_in_free_text_are_masked_for_a_subscriber_who_does_not_see_contacts() -> None:
    supervisor = User("p", Role.SUPERVISOR, "p", area_code="371083")
    audit = Subscription("s-audit", EVERYTHING, user=supervisor)
    resolved = event(CaseEventType.RESOLVED, note="已修复，回访13800001234")
    notices = {
        n.subscription_id: n.payload for n in notices_for_event(resolved, case(), [*ALL, audit])
    }
    assert notices["s-audit"]["event"]["data"]["note"] == "已修复，回访*******1234"
    for told_in_clear in ("s-street", "s-mine"):  # a department's handlers, a dispatcher
        assert notices[told_in_clear]["event"]["data"]["note"] == "已修复，回访13800001234"
