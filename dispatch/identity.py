"""Stable identities. Derived, not drawn at random, so a replayed event maps to the same rows."""

from __future__ import annotations

import hashlib
import uuid

_NAMESPACE = uuid.UUID("6f1c1c6e-5a7b-4f39-9a43-2f1d1e0b6a10")


def report_id_for(grid: str, source_event_id: str) -> str:
    """One report per (grid, source event id): the same event delivered twice is one report."""
    return str(uuid.uuid5(_NAMESPACE, f"report:{grid}:{source_event_id}"))


def case_id_for(first_report_id: str) -> str:
    """A case opened for a report has an id derived from it: opening it twice is a no-op."""
    return str(uuid.uuid5(_NAMESPACE, f"case:{first_report_id}"))


def case_event_id_for(case_id: str, seq: int) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"case-event:{case_id}:{seq}"))


def scoped_request_id(username: str, client_request_id: str) -> str:
    """The source event id of a report sent with an idempotency key: the key is its sender's
    own, so one user's key never finds another user's report. Readable when it can be."""
    scoped = f"{username}/{client_request_id}"
    if "/" in username or len(scoped) > 200:
        return "key-" + hashlib.sha256(f"{username}\x00{client_request_id}".encode()).hexdigest()
    return scoped
