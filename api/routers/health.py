"""GET /health: can the hub take reports (database), and can it deliver them (broker)?"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response, status
from sqlalchemy import text

from api.deps import EngineDep, SettingsDep
from dispatch.adapters import views
from streams.embedded_broker import port_is_open

router = APIRouter(tags=["operations"])


@router.get("/health")
def health(engine: EngineDep, settings: SettingsDep, response: Response) -> dict[str, Any]:
    checks: dict[str, Any] = {}
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            checks["database"] = {
                "ok": True,
                "outbox_pending": views.counts(conn)["outbox_pending"],
            }
    except Exception as exc:  # any failure here means "not healthy", reported, not raised
        checks["database"] = {"ok": False, "error": str(exc).splitlines()[0]}
    reachable = [
        hp
        for hp in settings.bootstrap_servers.split(",")
        if port_is_open(hp.rsplit(":", 1)[0], int(hp.rsplit(":", 1)[1]), timeout=0.5)
    ]
    checks["broker"] = {"ok": bool(reachable), "bootstrap": settings.bootstrap_servers}
    if not checks["database"]["ok"]:
        response.status_code = status.HTTP_503_SERVICE_UNAVAILABLE
        overall = "down"
    elif not checks["broker"]["ok"]:
        # Reports are still taken (the outbox keeps them) but not delivered yet.
        overall = "degraded"
    else:
        overall = "ok"
    return {"status": overall, "checks": checks}
