"""A PostgreSQL cluster of one's own, to stop and restart under a running hub.

``initdb`` on a temporary directory, a free port, ``pg_ctl`` to start, stop and restart it:
never the machine's shared server, which other work depends on. The binaries are found
under /usr/lib/postgresql/<version>/bin (Debian and Ubuntu) or on PATH. PostgreSQL refuses
to run as root: as root, the cluster runs as the ``postgres`` user.

Used by the database-restart fault test and bench/faults.py.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType

import sqlalchemy as sa


class ClusterUnavailable(RuntimeError):
    """PostgreSQL's server binaries are here but a cluster could not be made or started."""


def server_binaries() -> Path | None:
    """The directory holding initdb, pg_ctl and postgres (the newest version), or None."""
    wanted = ("initdb", "pg_ctl", "postgres")
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"),
        key=lambda p: [int(x) if x.isdigit() else 0 for x in Path(p).parent.name.split(".")],
        reverse=True,
    )
    on_path = shutil.which("pg_ctl")
    candidates = [Path(p) for p in found] + ([Path(on_path).parent] if on_path else [])
    for directory in candidates:
        if all((directory / name).is_file() for name in wanted):
            return directory
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PostgresCluster:
    def __init__(self, binaries: Path, port: int | None = None) -> None:
        self.binaries = binaries
        self.port = port or _free_port()
        self.root = Path(tempfile.mkdtemp(prefix="gridhub-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self._user: tuple[int, int] | None = None
        if os.geteuid() == 0:
            try:
                account = pwd.getpwnam("postgres")
            except KeyError as exc:
                shutil.rmtree(self.root, ignore_errors=True)
                raise ClusterUnavailable(
                    "running as root and there is no 'postgres' user to run PostgreSQL as"
                ) from exc
            self._user = (account.pw_uid, account.pw_gid)
            os.chown(self.root, *self._user)

    @property
    def admin_url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str, timeout: float = 60) -> None:
        user = {"user": self._user[0], "group": self._user[1]} if self._user else {}
        done = subprocess.run(
            [str(self.binaries / args[0]), *args[1:]],
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=self.root,
            env={**os.environ, "LC_ALL": "C"},
            **user,  # type: ignore[arg-type]
        )
        if done.returncode != 0:
            raise ClusterUnavailable(
                f"{args[0]} {args[1] if len(args) > 1 else ''} failed "
                f"({done.returncode}): {(done.stderr or done.stdout).strip()[-500:]}"
            )

    def create(self) -> PostgresCluster:
        self._run(
            "initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
            "--no-sync", "--no-instructions",
        )  # fmt: skip
        return self.start()

    def start(self) -> PostgresCluster:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.root}"
            " -c fsync=off -c max_connections=60"
        )
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w",
                  "-t", "60", "start")  # fmt: skip
        return self

    def stop(self, mode: str = "fast") -> None:
        """Stop the server. ``fast`` ends every session (their transactions roll back) and
        shuts down cleanly; ``immediate`` is a crash, recovered at the next start."""
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop")

    def restart(self, down_seconds: float = 2.0, mode: str = "fast") -> None:
        """Stop, stay down a moment (clients see the connection refused), start again."""
        self.stop(mode)
        time.sleep(down_seconds)
        self.start()

    def create_database(self, name: str) -> str:
        admin = sa.create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as conn:
                conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        finally:
            admin.dispose()
        return self.url(name)

    def destroy(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self.stop("immediate")
        except ClusterUnavailable:
            pass
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> PostgresCluster:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.destroy()
