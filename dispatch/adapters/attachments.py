"""Attachment rows: who uploaded which file, and what it belongs to. Never commits."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, select, update

from dispatch.adapters.tables import attachments


class AttachmentRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add(self, row: dict[str, Any]) -> None:
        self._conn.execute(attachments.insert().values(**row))

    def get(self, attachment_id: str) -> dict[str, Any] | None:
        row = self._conn.execute(
            select(attachments).where(attachments.c.id == attachment_id)
        ).first()
        return dict(row._mapping) if row else None

    def many(self, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        if not ids:
            return {}
        rows = self._conn.execute(select(attachments).where(attachments.c.id.in_(list(ids))))
        return {r.id: dict(r._mapping) for r in rows}

    def link_report(self, ids: Sequence[str], report_id: str) -> None:
        """Attach uploads to the report they were sent with (the first report keeps them)."""
        if ids:
            self._conn.execute(
                update(attachments)
                .where(attachments.c.id.in_(list(ids)), attachments.c.report_id.is_(None))
                .values(report_id=report_id)
            )

    def link_case(self, ids: Sequence[str], case_id: str) -> None:
        """Attach uploads to a case as its resolution evidence."""
        if ids:
            self._conn.execute(
                update(attachments)
                .where(attachments.c.id.in_(list(ids)), attachments.c.case_id.is_(None))
                .values(case_id=case_id)
            )
