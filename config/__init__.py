"""Runtime settings for every GridHub process (one prefix: HUB_)."""

from config.settings import HubSettings, load_settings

__all__ = ["HubSettings", "load_settings"]
