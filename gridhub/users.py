"""Users: create them, and the demo users `gridhub up` seeds (one per role, with its scope)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

from api.security import DEFAULT_N, hash_password
from dispatch.adapters.db import make_engine
from dispatch.adapters.users import UserRepository
from dispatch.roles import Role, User
from grid.model import Registry

DEMO_PASSWORD = "gridhub-demo"  # printed by `gridhub up`; demo data only


DEPARTMENT_HANDLER_PREFIX = "handler."


def demo_users(registry: Registry) -> list[User]:
    """One user per role, scoped to places and departments of the demo registry, and a
    handler for every department of the grids (``handler.<department id>``), so every task
    the demo dispatches has someone to sign for it."""
    county = next(d.code for d in registry.divisions if d.level.value == "county")
    township = next(d for d in registry.divisions if d.level.value == "township")
    worker = next(w for w in registry.workers if w.cell.startswith(township.code))
    return [
        User("admin", Role.ADMIN, "系统管理员"),
        User("dispatcher", Role.DISPATCHER, "市指挥中心调度员", area_code=county),
        User(
            "dispatcher.street", Role.DISPATCHER, f"{township.name}调度员", area_code=township.code
        ),
        User(
            "handler.urban",
            Role.HANDLER,
            f"{township.name}综合行政执法中队",
            department_id=f"{township.code}-urban",
        ),
        User(
            "handler.environment",
            Role.HANDLER,
            f"{township.name}生态环境办公室",
            department_id=f"{township.code}-environment",
        ),
        User("supervisor", Role.SUPERVISOR, "市督查员", area_code=county),
        User(
            "worker",
            Role.GRID_WORKER,
            f"网格员 {worker.name}",
            area_code=worker.cell,
            worker_id=worker.id,
        ),
        *(
            User(f"{DEPARTMENT_HANDLER_PREFIX}{d.id}", Role.HANDLER, d.name, department_id=d.id)
            for d in registry.departments
            if d.grid is not None
        ),
    ]


def add_users(
    database_url: str, users: list[tuple[User, str]], scrypt_n: int = DEFAULT_N
) -> list[str]:
    """Create users that do not exist yet; returns the names created. Users given one
    password in one call share its hash (the demo users, whose password is printed anyway):
    at N=2^17 each hash takes a good part of a second and 128 MiB."""
    engine = make_engine(database_url)
    created = []
    distinct = sorted({password for _, password in users})
    # scrypt lets go of the GIL: two side by side (256 MiB at the default cost).
    with ThreadPoolExecutor(max_workers=2) as pool:
        hashed = dict(
            zip(distinct, pool.map(lambda p: hash_password(p, scrypt_n), distinct), strict=True)
        )
    hashes = [hashed[password] for _, password in users]
    try:
        with engine.begin() as conn:
            repository = UserRepository(conn)
            for (user, _), hashed in zip(users, hashes, strict=True):
                if repository.add(user, hashed, datetime.now(UTC)):
                    created.append(user.username)
    finally:
        engine.dispose()
    return created
