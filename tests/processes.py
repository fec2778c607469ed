"""Running `gridhub` commands as real processes in tests."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import httpx

T = TypeVar("T")


def hub_env(**settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HUB_")}
    env["HUB_AUTH_SCRYPT_N"] = str(2**14)  # cheap hashes in tests (tests/auth_helpers.py)
    env.update({f"HUB_{k.upper()}": v for k, v in settings.items()})
    env["PYTHONUNBUFFERED"] = "1"
    return env


def fault_env(database_url: str, kafka_bootstrap: str, prefix: str, work: Path) -> dict[str, str]:
    """The settings of the hubs the fault and poison tests run: three partitions, batches of
    100 (several batches in flight when something breaks)."""
    return hub_env(
        database_url=database_url,
        kafka_bootstrap=kafka_bootstrap,
        topic_prefix=prefix,
        data_dir=str(work),
        topic_partitions="3",
        stream_batch_size="100",
    )


class HubProcess:
    def __init__(
        self, args: list[str], env: dict[str, str], log_path: Path, module: str = "gridhub.cli"
    ) -> None:
        self.log_path = log_path
        self._log = open(log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [sys.executable, "-m", module, *args],
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def log_tail(self, lines: int = 40) -> str:
        text = self.log_path.read_text(errors="replace").splitlines()
        return "\n".join(text[-lines:])

    def interrupt(self, timeout: float = 30.0) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout)
        finally:
            self._log.close()

    def ctrl_c(self, timeout: float = 30.0) -> int:
        """Ctrl-C as a terminal sends it: SIGINT to the whole process group."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
        try:
            return self.process.wait(timeout)
        finally:
            self._log.close()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self._log.close()


def run_cli(args: list[str], env: dict[str, str], timeout: float = 120) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "gridhub.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, f"gridhub {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


def wait_for(
    probe: Callable[[], T | None],
    timeout: float = 60.0,
    what: str = "condition",
    processes: tuple[HubProcess, ...] = (),
) -> T:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = probe()
        if value:
            return value
        for p in processes:
            if p.process.poll() is not None:
                raise AssertionError(f"process exited early:\n{p.log_tail()}")
        time.sleep(0.25)
    logs = "\n\n".join(p.log_tail() for p in processes)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}\n{logs}")


def api_up(base_url: str) -> bool:
    try:
        return httpx.get(f"{base_url}/health", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def prepare_hub(env: dict[str, str], *, database: bool = True) -> None:
    """The topics, and (unless the database is a ready copy) the schema and the demo
    registry, as `gridhub up` prepares them."""
    from streams.kafka_admin import ensure_topics, hub_topic_names

    if database:
        run_cli(["db", "upgrade"], env)
        run_cli(["registry", "load", "--no-progress"], env)
    ensure_topics(
        env["HUB_KAFKA_BOOTSTRAP"],
        hub_topic_names(env.get("HUB_TOPIC_PREFIX", "")),
        int(env.get("HUB_TOPIC_PARTITIONS", "4")),
        1,
    )
