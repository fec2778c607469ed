"""Table definitions. Alembic migrations (dispatch/migrations) create exactly these."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy import (
    false as sa_false,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.types import TypeDecorator

from dispatch.domain import STEP_TIME_COLUMNS
from dispatch.kpi import FACT_COUNTS, FACT_FLAGS, TAGS, TIME_COLUMNS

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


class UtcDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, on SQLite (which drops the zone) too."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


Json = JSON().with_variant(JSONB(), "postgresql")
# Documents only shown, never queried inside (their fields that filters need are columns):
# plain JSON, which PostgreSQL stores as text instead of decomposing like JSONB; cheaper to write.
Document = JSON()
# SQLite only auto-increments a column declared exactly INTEGER PRIMARY KEY.
AutoId = BigInteger().with_variant(Integer(), "sqlite")

cases = Table(
    "cases",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("state", String(32), nullable=False, index=True),
    Column("category", String(100), nullable=False, index=True),
    Column("category_family", String(100), index=True),
    Column("origin_grid", String(40), nullable=False, index=True),
    Column("priority", String(16), nullable=False),
    Column("title", String(200), nullable=False),
    Column("description", Text, nullable=False),
    Column("address_text", Text, nullable=False),
    Column("lon", Float),
    Column("lat", Float),
    Column("crs", String(8)),
    Column("reported_at", UtcDateTime, nullable=False),
    Column("created_at", UtcDateTime, nullable=False, index=True),
    # Indexed: the console's live feed reads the cases changed since a moment.
    Column("updated_at", UtcDateTime, nullable=False, index=True),
    Column("version", Integer, nullable=False, default=1),
    # Where the case is and who must handle it, as the routing stage decided, with the
    # registry version it used. The columns are for filtering; the JSON keeps the reasons.
    Column("place_status", String(16), index=True),
    Column("place_precision", String(16)),
    Column("place_confidence", Float),
    Column("address_id", String(200)),
    Column("cell_code", String(200), index=True),
    Column("community_code", String(200)),
    Column("township_code", String(200), index=True),
    Column("placement", Document),
    Column("route_status", String(16)),
    Column("department_id", String(200), index=True),
    Column("team_id", String(200)),
    Column("time_limit_profile", String(200)),
    Column("auto_dispatch", Boolean),
    Column("registry_version", String(40)),
    Column("route", Document),
    # The closed loop: a timestamp per step, the running deadline, escalation, suspension.
    *(Column(name, UtcDateTime) for name in STEP_TIME_COLUMNS),
    Column("deadline_step", String(20)),
    Column("deadline_at", UtcDateTime, index=True),
    Column("overdue_since", UtcDateTime, index=True),
    Column("escalate_at", UtcDateTime, index=True),
    Column("escalation_level", Integer, nullable=False, server_default="0"),
    Column("escalated_to", String(200)),
    Column("suspended_from", String(32)),
    Column("postponed_hours", Float, nullable=False, server_default="0"),
    Column("pending_postponement_hours", Float),
    Column("merged_into", String(36)),
    Column("resolution", Document),
    Column("last_seq", Integer, nullable=False, server_default="1"),
    Column("last_hash", String(64)),
    # Every area code the case lies in, "/county/township/community/cell/": scopes by LIKE.
    Column("area_path", String(1000), nullable=False, server_default=""),
    # The report the case was opened for (its id derives from it).
    Column("founding_report_id", String(36)),
    # Set by the stream when it opens a case or links a report to it; cleared by the
    # projector once the lifecycle events, their outbox rows and the KPI facts are written.
    Column("projection_pending", Boolean, nullable=False, server_default=sa_false()),
    # In the order the projector reads its queue (CaseRepository.projection_due).
    Index(
        "ix_cases_projection_pending",
        "updated_at",
        "id",
        postgresql_where=text("projection_pending"),
        sqlite_where=text("projection_pending"),
    ),
)

reports = Table(
    "reports",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("grid", String(40), nullable=False),
    Column("source_event_id", String(200), nullable=False),
    Column("channel", String(20), nullable=False),
    Column("category", String(100), nullable=False),
    Column("priority", String(16), nullable=False),
    Column("title", String(200), nullable=False),
    Column("description", Text, nullable=False),
    Column("address_text", Text, nullable=False),
    Column("lon", Float),
    Column("lat", Float),
    Column("crs", String(8)),
    Column("reporter_id", String(200), nullable=False),
    Column("reporter_role", String(20), nullable=False),
    # Sealed (dispatch/privacy.py): "sealed:" and a Fernet token, far longer than the value.
    Column("reporter_name", Text),
    Column("reporter_phone", Text),
    Column("occurred_at", UtcDateTime, nullable=False),
    Column("reported_at", UtcDateTime, nullable=False),
    Column("received_at", UtcDateTime, nullable=False),
    Column("attributes", Json, nullable=False),
    Column("case_id", String(36), ForeignKey("cases.id"), index=True),
    Column("place_status", String(16)),
    Column("cell_code", String(200)),
    # The township it was placed in (also when only that far, or to a village: no cell).
    Column("township_code", String(20)),
    Column("placement", Document),
    Column("route", Document),
    # The de-duplication decision: outcome, case, score, rule and the candidates considered.
    Column("dedupe", Document),
    # When the incident happened, as de-duplication reads it (the sighting's time).
    Column("event_at", UtcDateTime),
    # When the stream put the report into a case (received_at -> recorded_at: the hub's delay).
    Column("recorded_at", UtcDateTime),
    # What de-duplication compares (dispatch/dedupe.py Sighting.as_data()), to reload it.
    Column("sighting", Document),
    # The seq of the lifecycle event that records the report in its case; NULL until the
    # projector wrote it (0: recorded before events were projected).
    Column("link_seq", Integer),
    UniqueConstraint("grid", "source_event_id"),
    # De-duplication loads the reports of a township's cells within a time window.
    Index("ix_reports_cell_code_event_at", "cell_code", "event_at"),
    # ... and a township's reports placed there with no cell.
    Index("ix_reports_township_code_event_at", "township_code", "event_at"),
    Index(
        "ix_reports_unprojected",
        "case_id",
        postgresql_where=text("link_seq IS NULL"),
        sqlite_where=text("link_seq IS NULL"),
    ),
)

case_events = Table(
    "case_events",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("case_id", String(36), ForeignKey("cases.id"), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("event_type", String(40), nullable=False),
    Column("occurred_at", UtcDateTime, nullable=False),
    Column("actor_id", String(200), nullable=False),
    Column("actor_role", String(20), nullable=False),
    Column("from_state", String(32)),
    Column("to_state", String(32), nullable=False),
    Column("reason", Text),
    Column("data", Json, nullable=False),
    Column("request_id", String(200)),  # the client's id for a retried command
    Column("previous_hash", String(64)),
    Column("hash", String(64)),
    # The phone numbers lifted from the reason and the notes (dispatch/privacy.py
    # TYPED_PHONES), sealed: outside the hash chain, so a key rotation re-seals them freely.
    Column("typed_phones", Text),
    UniqueConstraint("case_id", "seq"),
    UniqueConstraint("case_id", "request_id"),
)

duplicate_suggestions = Table(
    "duplicate_suggestions",
    metadata,
    Column("id", AutoId, primary_key=True, autoincrement=True),
    Column("case_id", String(36), ForeignKey("cases.id"), nullable=False, index=True),
    Column("candidate_case_id", String(36), ForeignKey("cases.id"), nullable=False),
    Column("report_id", String(36), nullable=False),
    Column("score", Float, nullable=False),
    Column("decision", Document, nullable=False),
    Column("status", String(16), nullable=False, index=True),  # open, merged, dismissed
    Column("created_at", UtcDateTime, nullable=False),
    Column("decided_at", UtcDateTime),
    Column("decided_by", String(100)),
    UniqueConstraint("case_id", "candidate_case_id"),
)

users = Table(
    "users",
    metadata,
    Column("username", String(100), primary_key=True),
    Column("password_hash", String(300), nullable=False),
    Column("role", String(20), nullable=False),
    Column("display_name", String(200), nullable=False),
    Column("area_code", String(200)),  # scope: a division or grid cell; None with role admin
    Column("department_id", String(200)),  # handlers: the department they act for
    Column("worker_id", String(200)),  # grid workers: their id on the roster and in reports
    Column("active", Boolean, nullable=False, server_default="1"),
    Column("created_at", UtcDateTime, nullable=False),
)

outbox = Table(
    "outbox",
    metadata,
    Column("id", AutoId, primary_key=True, autoincrement=True),
    Column("message_id", String(64), nullable=False, unique=True),
    Column("topic", String(200), nullable=False),
    Column("key", String(200)),
    Column("value", LargeBinary, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("claimed_by", String(64)),
    Column("claim_expires_at", UtcDateTime),
    Column("published_at", UtcDateTime),
    # Only unpublished rows are in it, so the relay's claim stays cheap however many were sent.
    Index(
        "ix_outbox_unpublished",
        "id",
        postgresql_where=text("published_at IS NULL"),
        sqlite_where=text("published_at IS NULL"),
    ),
)

# What each running stream worker last said about itself (streams/status.py): the API's
# /metrics and /health read it, so they speak for every worker.
stream_status = Table(
    "stream_status",
    metadata,
    Column("worker_id", String(100), primary_key=True),
    Column("stages", String(100), nullable=False),
    Column("started_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("snapshot", Document, nullable=False),
)

# The KPI read model: one row per case, what the indicators need (dispatch/kpi.py CaseFacts),
# kept current in the same transaction as every change to the case (dispatch/adapters/facts.py).
case_facts = Table(
    "case_facts",
    metadata,
    Column("case_id", String(36), primary_key=True),
    Column("reported_at", UtcDateTime, nullable=False, index=True),
    Column("grids", String(200), nullable=False, server_default=""),  # sorted, comma-separated
    *(
        Column(name, Integer, nullable=False, server_default="0")
        for name in (*FACT_COUNTS, "last_seq")
    ),
    *(Column(name, Boolean, nullable=False, server_default="0") for name in FACT_FLAGS),
    Column("state", String(32), nullable=False),
    *(Column(name, UtcDateTime) for name in TIME_COLUMNS if name != "reported_at"),
    Column("department", String(200)),
    # Dimensions of the breakdowns.
    *(Column(name, String(200)) for name in TAGS),
    # Where the case lies (dispatch/areas.py): what an area's figures are judged by.
    Column("area_path", String(1000), nullable=False, server_default=""),
    # When the row last changed, by the database's clock: readers fetch what changed since.
    Column("changed_at", UtcDateTime, nullable=False, index=True),
)

# Failed logins per username and per client address, within a window, and until when each
# is locked: in the database, so every API process counts the same attempts.
login_failures = Table(
    "login_failures",
    metadata,
    Column("key", String(300), primary_key=True),  # "account:<username>", "address:<ip>"
    Column("failures", Integer, nullable=False),
    Column("first_failed_at", UtcDateTime, nullable=False),
    Column("locked_until", UtcDateTime),
)

# Photos and documents uploaded with reports and as evidence. The bytes live in a blob store
# (dispatch/adapters/storage.py) under their SHA-256; a row per upload says who uploaded it
# and what it belongs to (a report, or a case as resolution evidence), which decides who may
# see it.
attachments = Table(
    "attachments",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("sha256", String(64), nullable=False, index=True),
    Column("content_type", String(100), nullable=False),
    Column("kind", String(16), nullable=False),  # photo, document
    Column("size", Integer, nullable=False),
    Column("width", Integer),
    Column("height", Integer),
    Column("has_thumbnail", Boolean, nullable=False, server_default="0"),
    Column("filename", String(200)),
    Column("uploaded_by", String(100), nullable=False, index=True),
    Column("uploaded_at", UtcDateTime, nullable=False),
    Column("report_id", String(36), index=True),
    Column("case_id", String(36), index=True),
)

# Switches an admin flips at run time (the demo traffic), read by the processes that obey them.
console_settings = Table(
    "console_settings",
    metadata,
    Column("key", String(100), primary_key=True),
    Column("value", JSON(), nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("updated_by", String(100), nullable=False),
)

# Open311 client applications (a city app, FixMyStreet, a WeChat mini program): each posts
# reports with its own api_key, which an admin issues and can switch off. Only the key's
# SHA-256 is kept; the key is shown once, when it is made.
open311_clients = Table(
    "open311_clients",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("contact", String(200)),
    Column("key_hash", String(64), nullable=False, unique=True),
    Column("key_hint", String(12), nullable=False),  # the key's first characters
    Column("active", Boolean, nullable=False, server_default="1"),
    Column("created_by", String(100), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
)

# Notifications: who wants to be told what (a department's or a user's webhook), each
# notification to deliver (written once per subscription and event: the webhook outbox) and
# every delivery attempt (the delivery log).
webhook_subscriptions = Table(
    "webhook_subscriptions",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("url", String(1000), nullable=False),
    Column("secret", String(200), nullable=False),  # signs every delivery (HMAC-SHA256)
    Column("department_id", String(200), index=True),
    Column("username", String(100), index=True),
    Column("kinds", Document, nullable=False),  # which notifications (dispatch/notifications.py)
    Column("hours_before", Float, nullable=False, server_default="2"),
    Column("active", Boolean, nullable=False, server_default="1"),
    Column("created_by", String(100), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
)

webhook_deliveries = Table(
    "webhook_deliveries",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("subscription_id", String(36), nullable=False, index=True),
    # What it is about, once per subscription: "<kind>:<event id or case:step:deadline>".
    Column("dedupe_key", String(300), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("case_id", String(36), nullable=False),
    Column("payload", Document, nullable=False),
    Column("status", String(16), nullable=False),  # pending, delivered, failed
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("next_attempt_at", UtcDateTime, nullable=False),
    Column("claimed_by", String(64)),
    Column("claim_expires_at", UtcDateTime),
    Column("last_status_code", Integer),
    Column("last_error", String(500)),
    Column("created_at", UtcDateTime, nullable=False),
    Column("delivered_at", UtcDateTime),
    UniqueConstraint("subscription_id", "dedupe_key"),
    # Only deliveries still to make are in it: the sender's look stays cheap.
    Index(
        "ix_webhook_deliveries_due",
        "next_attempt_at",
        postgresql_where=text("status = 'pending'"),
        sqlite_where=text("status = 'pending'"),
    ),
)

webhook_attempts = Table(
    "webhook_attempts",
    metadata,
    Column("id", AutoId, primary_key=True, autoincrement=True),
    Column("delivery_id", String(36), nullable=False, index=True),
    Column("attempt", Integer, nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Column("status_code", Integer),
    Column("error", String(500)),
    Column("duration_ms", Float, nullable=False),
)

# How far each notifier has read the case-events topic, per partition (read again after a
# restart from there; a notification read twice is stored once).
notifier_offsets = Table(
    "notifier_offsets",
    metadata,
    Column("topic", String(200), primary_key=True),
    Column("partition", Integer, primary_key=True),
    Column("next_offset", BigInteger, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)
