"""GET /health: can the hub take reports (database), and can it deliver them (broker)?"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Request, Response, status
from sqlalchemy import Engine, text

from api.deps import EngineDep, SettingsDep
from api.stream_health import LagCache, broker_answers, live_workers
from config import HubSettings
from dispatch.adapters import views
from streams.lag import total_lag

router = APIRouter(tags=["operations"])


@router.get("/health")
def health(
    request: Request, engine: EngineDep, settings: SettingsDep, response: Response
) -> dict[str, Any]:
    """ok; degraded (with the reasons) when the broker is away, no stream worker reports, too
    many events wait or reports take too long to become cases; down (503) without the
    database."""
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
    checks["broker"] = {"ok": broker_answers(settings), "bootstrap": settings.bootstrap_servers}
    reasons: list[str] = []
    if checks["database"]["ok"]:
        checks["stream"] = _stream_check(engine, settings, request.app.state.lag, reasons)
    if not checks["broker"]["ok"]:
        # Reports are still taken (the outbox keeps them) but not delivered yet.
        reasons.append(f"the broker at {settings.bootstrap_servers} does not answer")
    if not checks["database"]["ok"]:
        response.status_code = status.HTTP_503_SERVICE_UNAVAILABLE
        overall = "down"
        reasons.insert(0, "the database does not answer")
    else:
        overall = "degraded" if reasons else "ok"
    return {"status": overall, "reasons": reasons, "checks": checks}


def _stream_check(
    engine: Engine, settings: HubSettings, lag: LagCache, reasons: list[str]
) -> dict[str, Any]:
    """Is the stream keeping up: live workers, events waiting, recent report -> case p99."""
    workers = live_workers(engine, timedelta(seconds=settings.health_worker_silence_seconds))
    recent = [w.snapshot.get("recent_latency", {}) for w in workers if "record" in w.stages]
    p99 = max((r["p99"] for r in recent if r.get("p99") is not None), default=None)
    reports_in_window = sum(r.get("count", 0) for r in recent)
    lags, lag_error = lag.get()
    waiting = total_lag(lags) if lags is not None else None
    check: dict[str, Any] = {
        "workers": len(workers),
        "events_waiting": waiting,
        "report_to_case_p99_seconds": p99,
        "reports_in_latency_window": reports_in_window,
        "limits": {
            "events_waiting": settings.health_max_lag,
            "report_to_case_p99_seconds": settings.health_max_latency_seconds,
        },
    }
    if lag_error:
        check["lag_error"] = lag_error
    if not workers:
        reasons.append(
            f"no stream worker has reported in {settings.health_worker_silence_seconds:.0f} s"
        )
    if waiting is not None and waiting > settings.health_max_lag:
        reasons.append(
            f"{waiting:,} events wait for the stream (limit {settings.health_max_lag:,})"
        )
    judged = reports_in_window >= settings.health_min_latency_reports
    if judged and p99 is not None and p99 > settings.health_max_latency_seconds:
        reasons.append(
            f"report -> case p99 of the last minute is {p99:.1f} s "
            f"(limit {settings.health_max_latency_seconds:g} s)"
        )
    check["ok"] = not reasons
    return check
