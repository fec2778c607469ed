"""Re-seal stored personal data with the first of HUB_PII_KEYS (`gridhub pii reseal`): after a
new key was put first, and once after upgrading a database that kept phones in clear.

Reports (their name and phone columns and the personal fields of their attributes, the
numbers lifted from their free text among them), the reports waiting in the outbox and the
numbers lifted from lifecycle events' reasons and notes (``case_events.typed_phones``, outside
the hash chain) are read in id order, a batch at a time, each batch in its own
transaction; a value the first key seals already is left as it is, so an interrupted run is
simply run again.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, Select, and_, func, or_, select, update

from contracts.common import SEALED_PREFIX
from dispatch.adapters.pii import Sealer
from dispatch.adapters.tables import case_events, outbox, reports
from dispatch.privacy import change_personal

SEALED = SEALED_PREFIX
REPORT_MESSAGES = "report:"  # outbox message ids of reports made through the API


@dataclass
class Resealed:
    reports: int = 0  # rows changed
    outbox: int = 0
    events: int = 0  # lifecycle events whose lifted phone numbers were re-sealed
    looked_at: int = 0


UNSEALED_SHOWN_UP_TO = 1000


def count_unsealed(engine: Engine, up_to: int = UNSEALED_SHOWN_UP_TO) -> int:
    """How many reports keep a reporter's name or phone in clear (written before personal
    data was sealed), counted up to ``up_to``: one pass over two columns, for a warning at
    start (the parties inside ``attributes`` are sealed by the same reseal, and a database
    that has them in clear has its columns in clear too)."""
    clear = or_(
        and_(reports.c.reporter_phone.is_not(None), ~reports.c.reporter_phone.startswith(SEALED)),
        and_(reports.c.reporter_name.is_not(None), ~reports.c.reporter_name.startswith(SEALED)),
    )
    found = select(reports.c.id).where(clear).limit(up_to).subquery()
    with engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(found)) or 0)


def unsealed_warning(engine: Engine) -> str | None:
    """What to tell an operator at start when stored reports hold personal data in clear."""
    count = count_unsealed(engine)
    if not count:
        return None
    many = f"at least {count:,}" if count >= UNSEALED_SHOWN_UP_TO else f"{count:,}"
    return (
        f"{many} stored reports keep a name or phone in clear (written before personal data "
        "was sealed): run `gridhub pii reseal` once to seal them (docs/privacy.md)"
    )


def _count(engine: Engine) -> int:
    with engine.connect() as conn:
        rows = conn.scalar(select(func.count()).select_from(reports)) or 0
        queued = (
            conn.scalar(
                select(func.count())
                .select_from(outbox)
                .where(outbox.c.message_id.startswith(REPORT_MESSAGES))
            )
            or 0
        )
        events = (
            conn.scalar(
                select(func.count())
                .select_from(case_events)
                .where(case_events.c.typed_phones.is_not(None))
            )
            or 0
        )
    return int(rows) + int(queued) + int(events)


def _in_batches(
    engine: Engine,
    page: Callable[[Any, int], Select[Any]],
    first: Any,
    rewrite: Callable[[Connection, Any], bool],
    looked_at: Callable[[int], None],
    batch_size: int,
) -> int:
    """Rows of ``page(after, limit)`` (ordered by id) a batch per transaction, each handed to
    ``rewrite`` (True when it changed the row); how many changed."""
    changed, last = 0, first
    while True:
        with engine.begin() as conn:
            rows = conn.execute(page(last, batch_size)).all()
            changed += sum(rewrite(conn, row) for row in rows)
        if not rows:
            return changed
        last = rows[-1].id
        looked_at(len(rows))


def reseal_all(
    engine: Engine,
    sealer: Sealer,
    progress: Callable[[int, int], None] = lambda done, total: None,
    batch_size: int = 500,
) -> Resealed:
    total = _count(engine)
    done = Resealed()
    progress(0, total)

    def looked_at(rows: int) -> None:
        done.looked_at += rows
        progress(done.looked_at, total)

    def report_rows(after: str, limit: int) -> Select[Any]:
        columns = (reports.c.id, reports.c.reporter_name, reports.c.reporter_phone)
        return (
            select(*columns, reports.c.attributes)
            .where(reports.c.id > after)
            .order_by(reports.c.id)
            .limit(limit)
        )

    def reseal_report(conn: Connection, row: Any) -> bool:
        stored: dict[str, Any] = dict(row._mapping)
        changed = change_personal(stored, sealer.reseal, columns=True)
        if changed == stored:
            return False
        conn.execute(
            update(reports)
            .where(reports.c.id == row.id)
            .values(
                reporter_name=changed["reporter_name"],
                reporter_phone=changed["reporter_phone"],
                attributes=changed["attributes"],
            )
        )
        return True

    def queued_reports(after: int, limit: int) -> Select[Any]:
        return (
            select(outbox.c.id, outbox.c.value)
            .where(outbox.c.message_id.startswith(REPORT_MESSAGES), outbox.c.id > after)
            .order_by(outbox.c.id)
            .limit(limit)
        )

    def reseal_message(conn: Connection, message: Any) -> bool:
        document = json.loads(message.value)
        changed = change_personal(document, sealer.reseal)
        if changed == document:
            return False
        value = json.dumps(changed, ensure_ascii=False, separators=(",", ":"))
        conn.execute(update(outbox).where(outbox.c.id == message.id).values(value=value.encode()))
        return True

    def events_with_numbers(after: str, limit: int) -> Select[Any]:
        return (
            select(case_events.c.id, case_events.c.typed_phones)
            .where(case_events.c.typed_phones.is_not(None), case_events.c.id > after)
            .order_by(case_events.c.id)
            .limit(limit)
        )

    def reseal_event(conn: Connection, event: Any) -> bool:
        resealed = sealer.reseal(event.typed_phones)
        if resealed == event.typed_phones:
            return False
        conn.execute(
            update(case_events).where(case_events.c.id == event.id).values(typed_phones=resealed)
        )
        return True

    done.reports = _in_batches(engine, report_rows, "", reseal_report, looked_at, batch_size)
    done.outbox = _in_batches(engine, queued_reports, 0, reseal_message, looked_at, batch_size)
    done.events = _in_batches(engine, events_with_numbers, "", reseal_event, looked_at, batch_size)
    return done
