"""The unit of work: one database transaction, the repositories that share it."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy import Connection, Engine

from dispatch.adapters.db import WRITE
from dispatch.adapters.facts import FactsProjection
from dispatch.adapters.repository import (
    CaseEventRepository,
    CaseRepository,
    OutboxRepository,
    ReportRepository,
    SuggestionRepository,
)


class SqlUnitOfWork:
    """`with uow: ...; uow.commit()`. Leaving the block without commit rolls back."""

    reports: ReportRepository
    cases: CaseRepository
    case_events: CaseEventRepository
    outbox: OutboxRepository
    suggestions: SuggestionRepository

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._conn: Connection | None = None

    def __enter__(self) -> SqlUnitOfWork:
        conn = self._engine.connect().execution_options(**WRITE)
        conn.begin()
        self._conn = conn
        self.reports = ReportRepository(conn)
        self.cases = CaseRepository(conn)
        self.case_events = CaseEventRepository(conn)
        self.outbox = OutboxRepository(conn)
        self.suggestions = SuggestionRepository(conn)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        conn = self._conn
        self._conn = None
        if conn is None:
            return
        try:
            if conn.in_transaction():
                conn.rollback()
        finally:
            conn.close()

    def commit(self) -> None:
        if self._conn is None:
            raise RuntimeError("commit outside of `with uow:`")
        # The KPI read model changes in the same transaction as the cases it describes.
        if self.case_events.appended:
            FactsProjection(self._conn).apply(self.case_events.appended)
            self.case_events.appended = []
        self._conn.commit()

    def rollback(self) -> None:
        if self._conn is not None:
            self._conn.rollback()
