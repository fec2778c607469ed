from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import sqlalchemy as sa
from pydantic import ValidationError

from config import HubSettings, load_settings
from streams.app import create_stream_app, limit_fetch_wait


def test_settings_come_from_hub_prefixed_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUB_KAFKA_BOOTSTRAP", "kafka-1:9092,kafka-2:9092")
    monkeypatch.setenv("HUB_TOPIC_PREFIX", "rushan.")
    monkeypatch.setenv("KAFKA_BOOTSTRAP", "ignored:1")
    settings = load_settings()
    assert settings.bootstrap_servers == "kafka-1:9092,kafka-2:9092"
    assert not settings.uses_embedded_broker
    assert settings.topic("hub.reports") == "rushan.hub.reports"


def test_embedded_defaults(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("HUB_KAFKA_BOOTSTRAP", "HUB_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # no .env here
    settings = load_settings(data_dir=tmp_path)
    assert settings.uses_embedded_broker
    assert settings.bootstrap_servers == f"127.0.0.1:{settings.embedded_broker_port}"
    assert settings.effective_database_url == f"sqlite:///{tmp_path / 'gridhub.db'}"


def test_bad_settings_name_the_field(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUB_TOPIC_PREFIX", "bad prefix!")
    with pytest.raises(ValidationError, match="topic_prefix"):
        load_settings()


def test_the_record_stage_gathers_briefly_for_an_idle_writer(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)  # no .env here
    monkeypatch.delenv("HUB_STREAM_BATCH_IDLE_SECONDS", raising=False)
    monkeypatch.delenv("HUB_STREAM_BATCH_SECONDS", raising=False)
    settings = load_settings()
    assert (settings.stream_batch_idle_seconds, settings.stream_batch_seconds) == (0.05, 0.1)
    monkeypatch.setenv("HUB_STREAM_BATCH_IDLE_SECONDS", "0.02")
    assert load_settings().stream_batch_idle_seconds == 0.02
    monkeypatch.setenv("HUB_STREAM_BATCH_IDLE_SECONDS", "0")
    with pytest.raises(ValidationError, match="stream_batch_idle_seconds"):
        load_settings()


def test_the_worker_consumer_fetches_as_the_settings_say() -> None:
    """Faust fixes its consumer's fetch wait; the worker's settings replace it."""

    async def built() -> tuple[int, int]:
        settings = HubSettings(
            database_url="sqlite://",
            kafka_bootstrap="127.0.0.1:1",  # never contacted: the consumer is only built
            stream_fetch_max_wait_ms=123,
            stream_fetch_min_bytes=4096,
        )
        app = create_stream_app(settings, sa.create_engine("sqlite://"))
        consumer = app.consumer._thread._create_worker_consumer(app.transport)  # type: ignore[attr-defined]
        await consumer.stop()  # built, never started: nothing to close but the object
        return consumer._fetch_max_wait_ms, consumer._fetch_min_bytes

    try:
        # On a thread of its own: a browser test may leave a loop running on this one.
        with ThreadPoolExecutor(max_workers=1) as thread:
            assert thread.submit(asyncio.run, built()).result() == (123, 4096)
    finally:
        defaults = HubSettings()
        limit_fetch_wait(defaults.stream_fetch_max_wait_ms, defaults.stream_fetch_min_bytes)
