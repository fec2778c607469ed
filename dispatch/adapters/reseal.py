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

from sqlalchemy import Engine, and_, func, or_, select, update

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


def reseal_all(
    engine: Engine,
    sealer: Sealer,
    progress: Callable[[int, int], None] = lambda done, total: None,
    batch_size: int = 500,
) -> Resealed:
    total = _count(engine)
    done = Resealed()
    progress(0, total)
    columns = (reports.c.id, reports.c.reporter_name, reports.c.reporter_phone)
    last = ""
    while True:
        with engine.begin() as conn:
            rows = conn.execute(
                select(*columns, reports.c.attributes)
                .where(reports.c.id > last)
                .order_by(reports.c.id)
                .limit(batch_size)
            ).all()
            for row in rows:
                stored: dict[str, Any] = dict(row._mapping)
                changed = change_personal(stored, sealer.reseal, columns=True)
                if changed != stored:
                    conn.execute(
                        update(reports)
                        .where(reports.c.id == row.id)
                        .values(
                            reporter_name=changed["reporter_name"],
                            reporter_phone=changed["reporter_phone"],
                            attributes=changed["attributes"],
                        )
                    )
                    done.reports += 1
        if not rows:
            break
        last = rows[-1].id
        done.looked_at += len(rows)
        progress(done.looked_at, total)
    last_id = 0
    while True:
        with engine.begin() as conn:
            messages = conn.execute(
                select(outbox.c.id, outbox.c.value)
                .where(outbox.c.message_id.startswith(REPORT_MESSAGES), outbox.c.id > last_id)
                .order_by(outbox.c.id)
                .limit(batch_size)
            ).all()
            for message in messages:
                document = json.loads(message.value)
                changed = change_personal(document, sealer.reseal)
                if changed != document:
                    value = json.dumps(changed, ensure_ascii=False, separators=(",", ":"))
                    conn.execute(
                        update(outbox).where(outbox.c.id == message.id).values(value=value.encode())
                    )
                    done.outbox += 1
        if not messages:
            break
        last_id = messages[-1].id
        done.looked_at += len(messages)
        progress(done.looked_at, total)
    last = ""
    while True:
        with engine.begin() as conn:
            kept = conn.execute(
                select(case_events.c.id, case_events.c.typed_phones)
                .where(case_events.c.typed_phones.is_not(None), case_events.c.id > last)
                .order_by(case_events.c.id)
                .limit(batch_size)
            ).all()
            for event in kept:
                resealed = sealer.reseal(event.typed_phones)
                if resealed != event.typed_phones:
                    conn.execute(
                        update(case_events)
                        .where(case_events.c.id == event.id)
                        .values(typed_phones=resealed)
                    )
                    done.events += 1
        if not kept:
            break
        last = kept[-1].id
        done.looked_at += len(kept)
        progress(done.looked_at, total)
    return done
