"""HubSettings: every knob of a GridHub process, read from HUB_* environment variables.

Settings are built once by the entry point (`load_settings()`) and passed down; no module
reads the environment at import time.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class HubSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="HUB_", env_file=".env", extra="ignore")

    data_dir: Path = Field(Path("var"), description="Where the embedded defaults keep files.")
    database_url: str | None = Field(
        None, description="SQLAlchemy URL. Unset: a SQLite file in data_dir."
    )

    kafka_bootstrap: str | None = Field(
        None,
        description="host:port[,host:port] of a real Kafka. Unset: spawn the embedded broker.",
    )
    embedded_broker_port: int = Field(19092, ge=1, le=65535)
    topic_prefix: str = Field(
        "", description="Prepended to every topic name, to run several hubs on one cluster."
    )
    topic_partitions: int = Field(4, ge=1)
    topic_replication: int = Field(1, ge=1)

    api_host: str = "127.0.0.1"
    api_port: int = Field(8000, ge=1, le=65535)

    stream_app_id: str = "gridhub-streams"
    stream_batch_size: int = Field(500, ge=1)
    stream_batch_seconds: float = Field(
        0.1,
        gt=0,
        description="The intake agent gathers a batch this long (or until it is full). The "
        "record agent hands a batch to its writer at once when the writer is idle (after "
        "stream_batch_idle_seconds) and, while the writer is busy, when the write ends; this "
        "is the longest its gathered batch waits for a busy writer before it is handed over "
        "anyway. Each batch costs a fixed amount (a transaction, locks, one envelope per "
        "township, a projector run), but since the record batch adapts and the projector reads "
        "only the cases it owes, that cost no longer decides: at 200 events/s on PostgreSQL "
        "0.5 s gave p99 4.6 s, 0.2 s 1.5 s and 0.1 s 1.1 s (docs/benchmarks.md).",
    )
    stream_batch_idle_seconds: float = Field(
        0.05,
        gt=0,
        description="The record agent's short gather: messages are taken this long (or until "
        "a batch is full), and handed to the writer at once if it is idle; while it is busy "
        "they join one batch that goes when the write ends. The lowest latency a report can "
        "get at low rates; capped at stream_batch_seconds.",
    )
    stream_writer_rest_share: float = Field(
        1.0,
        ge=0,
        description="After a write, the record writer rests this share of the write's time "
        "before an idle writer takes the next batch (unless a batch is full): at 200 events/s "
        "on PostgreSQL a writer that started again the moment it ended took the CPU the "
        "database and the projector needed (p99 19 s); short writes mean short rests, so "
        "low rates keep low latency. 0: no rest.",
    )
    # The embedded broker holds the first JoinGroup for the whole rebalance timeout, so
    # short timeouts decide whether a worker is ready in seconds or in half a minute.
    stream_rebalance_timeout: float = Field(5.0, gt=0)
    stream_session_timeout: float = Field(6.0, gt=0)
    stream_heartbeat_interval: float = Field(1.0, gt=0)
    # Faust's own knobs (measured in docs/benchmarks.md, "Tuning Faust").
    stream_buffer_maxsize: int = Field(
        4096, ge=1, description="Messages a stream may prefetch per partition (Faust's default)."
    )
    stream_max_poll_records: int | None = Field(
        None, ge=1, description="Records per fetch from the broker (None: the client's default)."
    )
    stream_producer_linger_ms: int = Field(
        0, ge=0, description="How long the stream's producer waits to fill a batch."
    )
    stream_producer_batch_bytes: int = Field(
        16384, ge=1024, description="The stream producer's batch size in bytes."
    )
    stream_fetch_max_wait_ms: int = Field(
        100,
        ge=1,
        description="How long a fetch may wait for records (Faust fixes it at 1500 ms; the "
        "embedded broker holds every fetch that long).",
    )
    stream_fetch_min_bytes: int = Field(
        1,
        ge=1,
        description="How many bytes a fetch waits for, up to HUB_STREAM_FETCH_MAX_WAIT_MS, "
        "before it is answered (fewer, fuller fetches).",
    )
    stream_gc_gen0: int = Field(
        20_000,
        ge=700,
        description="Allocations between two young-generation collections in a stream "
        "worker and the projector (Python's default 700 spent 13% of the record stage in the "
        "collector; streams/collector.py).",
    )
    stream_commit_interval: float = Field(
        2.8, gt=0, description="Seconds between offset commits (Faust's default)."
    )

    stream_max_in_flight: int = Field(
        2,
        ge=1,
        description="Record batches handed to the writer and not yet acknowledged (a full "
        "batch, or one that waited stream_batch_seconds, may be handed over while an earlier "
        "one is written).",
    )
    stream_stages: str = Field(
        "intake,record",
        description="Which stages this worker runs: intake (normalise, place, route), record "
        "(de-duplicate, open cases) or both; a stage alone is its own consumer group.",
    )
    worker_projector: bool = Field(
        True,
        description="Run the projector (events, outbox relay, KPI facts, overdue sweep) inside "
        "the worker; off when `gridhub projector` runs as its own process.",
    )
    projector_batch_size: int = Field(500, ge=1, description="Cases per projector round.")
    projector_idle_seconds: float = Field(
        0.5, gt=0, description="Longest wait between projector rounds when idle."
    )
    registry_refresh_seconds: float = Field(
        30.0, gt=0, description="How often workers check for a newly activated registry."
    )
    auth_secret: SecretStr | None = Field(
        None,
        description="Signs login tokens; set it (the same) on every API process. Unset: a "
        "random secret kept in the data directory.",
    )
    pii_keys: Annotated[list[SecretStr], NoDecode] = Field(
        default_factory=list,
        description="Keys that seal personal data at rest (Fernet, `gridhub pii new-key`), "
        "comma-separated: the first seals, every one opens (rotation: docs/privacy.md). Set "
        "the same on every process. Unset: a key generated once into data_dir/pii-keys.",
    )
    auth_token_minutes: int = Field(480, ge=1, description="How long a login token lasts.")
    auth_scrypt_n: int = Field(
        2**17,
        ge=2**14,
        le=2**20,
        description="scrypt cost of password hashes (a power of two; r=8, p=1: 128 bytes x N "
        "of memory per hash, 128 MiB at the default). Older hashes are re-hashed at login.",
    )
    auth_hash_concurrency: int = Field(
        2, ge=1, description="Password hashes computed at once per API process (memory bound)."
    )
    auth_password_min_length: int = Field(
        10, ge=8, le=64, description="Shortest password a user may be given (admins too)."
    )
    auth_max_failures_per_account: int = Field(
        5, ge=1, description="Failed logins for one username within the window before it is locked."
    )
    auth_max_failures_per_address: int = Field(
        20,
        ge=1,
        description="Failed logins from one client address within the window before it is blocked.",
    )
    auth_failure_window_seconds: float = Field(
        900.0, gt=0, description="How long failed logins are remembered."
    )
    auth_lockout_seconds: float = Field(
        900.0, gt=0, description="How long a locked username or blocked address must wait."
    )
    api_max_body_bytes: int = Field(
        1024 * 1024,
        ge=1024,
        description="Largest request body, checked before anything is read or authenticated "
        "(uploads have their own limits).",
    )
    registry_import_max_bytes: int = Field(
        200 * 1024 * 1024, ge=1024, description="Largest registry zip an admin may upload."
    )
    registry_import_max_inflated_bytes: int = Field(
        512 * 1024 * 1024,
        ge=1024,
        description="Largest size the files of a registry zip may inflate to (a zip bomb guard).",
    )
    sla_working_hours: bool = Field(
        True, description="Time limits count working hours (Mon-Fri 08:30-12:00, 13:30-17:30)."
    )
    sla_holidays: list[date] = Field(
        default_factory=list, description="Public holidays (no working hours), YYYY-MM-DD."
    )
    sla_extra_workdays: list[date] = Field(
        default_factory=list, description="Weekend days that are worked (调休), YYYY-MM-DD."
    )
    sla_escalate_after_hours: float = Field(
        4.0, gt=0, description="Overdue this long (in the calendar's hours): escalate a level."
    )
    dedupe_enabled: bool = Field(True, description="Merge reports of one incident into one case.")
    dedupe_merge_at: float = Field(
        0.85,
        gt=0,
        le=1,
        description="Score (the probability that two reports are one incident) to merge "
        "automatically; calibrated in docs/dedupe.md.",
    )
    dedupe_suggest_at: float = Field(
        0.45, gt=0, le=1, description="Score to suggest a possible duplicate to a dispatcher."
    )
    dedupe_window_hours: float = Field(
        48.0, gt=0, description="How far apart in event time two reports are compared at all."
    )
    dedupe_lasting_window_hours: float = Field(
        168.0,
        gt=0,
        description="How far apart in event time two reports of a lasting problem (a cover, "
        "a pothole, a heap) are compared while its case is open.",
    )
    dedupe_distance_m: float = Field(
        1000.0, gt=0, description="How far apart two located reports are compared at all."
    )
    overdue_sweep_seconds: float = Field(
        30.0, gt=0, description="How often workers look for overdue cases."
    )
    kpi_refresh_seconds: float = Field(
        2.0, ge=0, description="How stale the KPI API's in-memory facts may get (0: never)."
    )
    kpi_fusion_weights: dict[str, float] = Field(
        default_factory=dict,
        description="Weights of the L2P3 fusion dimensions in the composite score, as JSON "
        '(e.g. {"grid_team": 2}); dimensions not named weigh 1.',
    )
    health_max_lag: int = Field(
        5000, ge=0, description="/health says degraded when more events than this wait."
    )
    health_max_latency_seconds: float = Field(
        5.0,
        gt=0,
        description="/health says degraded when report -> case p99 of the last "
        "minute is above this.",
    )
    health_min_latency_reports: int = Field(
        20,
        ge=1,
        description="The latency limit judges only a minute with at least this many reports "
        "(one slow report at start-up is not a p99; a stalled stream shows as waiting events).",
    )
    health_worker_silence_seconds: float = Field(
        30.0, gt=0, description="A worker that has not reported for this long is gone."
    )
    outbox_batch_size: int = Field(500, ge=1)
    outbox_poll_seconds: float = Field(0.2, gt=0)
    outbox_lease_seconds: float = Field(30.0, gt=0)

    upload_max_bytes: int = Field(
        10 * 1024 * 1024, ge=1024, description="Largest photo or document one may upload."
    )
    upload_max_pixels: int = Field(
        40_000_000, ge=10_000, description="Largest image, in pixels (a decompression bomb guard)."
    )
    attachments_dir: Path | None = Field(
        None, description="Where uploaded files are kept. Unset: data_dir/attachments."
    )
    console_poll_seconds: float = Field(
        1.0, gt=0, description="How often the API looks for changed cases for live screens."
    )

    notifier_enabled: bool = Field(
        True,
        description="Run the notifier (webhook notifications) in the API process; off in "
        "extra API processes if you like (several notifiers deliver each notification once).",
    )
    notify_max_attempts: int = Field(8, ge=1, description="Attempts before a delivery fails.")
    notify_retry_base_seconds: float = Field(
        10.0, gt=0, description="Wait after the first failed attempt; doubled each time."
    )
    notify_retry_max_seconds: float = Field(
        3600.0, gt=0, description="Longest wait between two attempts of one delivery."
    )
    notify_timeout_seconds: float = Field(
        10.0, gt=0, description="How long a receiver may take to answer a delivery."
    )
    notify_sweep_seconds: float = Field(
        30.0, gt=0, description="How often the notifier looks for deadlines coming near."
    )
    open311_contact: str = Field(
        "乳山市社会治理综合指挥中心",
        description="Who answers for the Open311 endpoint (its discovery document says so).",
    )

    log_level: str = "INFO"

    @field_validator("pii_keys", mode="before")
    @classmethod
    def _keys_from_text(cls, value: Any) -> Any:
        if isinstance(value, str):  # from the environment: "key1,key2" (or whitespace)
            return [key for key in value.replace(",", " ").split() if key]
        return value

    @field_validator("topic_prefix")
    @classmethod
    def _prefix_is_topic_safe(cls, value: str) -> str:
        allowed = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        if not set(value) <= allowed:
            raise ValueError("may only contain letters, digits, '.', '_' and '-'")
        return value

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'gridhub.db').resolve()}"

    @property
    def effective_attachments_dir(self) -> Path:
        return self.attachments_dir or self.data_dir / "attachments"

    @property
    def uses_embedded_broker(self) -> bool:
        return not self.kafka_bootstrap

    @property
    def bootstrap_servers(self) -> str:
        return self.kafka_bootstrap or f"127.0.0.1:{self.embedded_broker_port}"

    def topic(self, base_name: str) -> str:
        return f"{self.topic_prefix}{base_name}"


def load_settings(**overrides: object) -> HubSettings:
    """Build the settings once, at start-up (environment, then .env, then overrides)."""
    return HubSettings(**overrides)  # type: ignore[arg-type]
