"""The stream's policies, built from the settings in one place."""

from __future__ import annotations

from config import HubSettings
from dispatch.dedupe import DedupePolicy
from dispatch.sla import SlaPolicy, configured_policy


def dedupe_policy(settings: HubSettings) -> DedupePolicy | None:
    """De-duplication as configured, or None when it is switched off."""
    if not settings.dedupe_enabled:
        return None
    if settings.dedupe_suggest_at > settings.dedupe_merge_at:
        raise ValueError(
            f"HUB_DEDUPE_SUGGEST_AT ({settings.dedupe_suggest_at}) must not exceed "
            f"HUB_DEDUPE_MERGE_AT ({settings.dedupe_merge_at})"
        )
    return DedupePolicy(
        merge_at=settings.dedupe_merge_at,
        suggest_at=settings.dedupe_suggest_at,
        window_hours=settings.dedupe_window_hours,
        lasting_window_hours=settings.dedupe_lasting_window_hours,
        distance_limit_m=settings.dedupe_distance_m,
    )


def sla_policy(settings: HubSettings) -> SlaPolicy:
    return configured_policy(
        settings.sla_working_hours,
        settings.sla_holidays,
        settings.sla_extra_workdays,
        settings.sla_escalate_after_hours,
    )
