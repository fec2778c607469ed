"""Users: create them, and the demo users `gridhub up` seeds (one per role, with its scope)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

from api.security import hash_password
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


def add_users(database_url: str, users: list[tuple[User, str]]) -> list[str]:
    """Create users that do not exist yet; returns the names created."""
    engine = make_engine(database_url)
    created = []
    # scrypt is slow on purpose (~0.1 s each) and lets go of the GIL: hash side by side.
    with ThreadPoolExecutor(max_workers=4) as pool:
        hashes = list(pool.map(hash_password, [password for _, password in users]))
    try:
        with engine.begin() as conn:
            repository = UserRepository(conn)
            for (user, _), hashed in zip(users, hashes, strict=True):
                if repository.add(user, hashed, datetime.now(UTC)):
                    created.append(user.username)
    finally:
        engine.dispose()
    return created
