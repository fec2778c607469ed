"""A real hub for the browser tests (broker, PostgreSQL, a stream worker and the API as
processes) and Debian's chromium driven by Playwright, with every request a page makes
recorded so a test can prove none left for another host."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from gridhub.users import DEMO_PASSWORD
from tests.processes import HubProcess, api_up, hub_env, run_cli, wait_for
from tests.services import free_port, fresh_database, services_required

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 360, "height": 740}
DESK = {"width": 1366, "height": 900}

pytestmark = [pytest.mark.browser, pytest.mark.broker, pytest.mark.postgres]


def _unavailable(reason: str) -> None:
    if services_required():
        pytest.fail(f"browser tests need it (HUB_REQUIRE_SERVICES=1): {reason}")
    pytest.skip(reason)


@dataclass
class Hub:
    base_url: str
    processes: tuple[HubProcess, ...]
    tokens: dict[str, str] = field(default_factory=dict)

    def as_(self, username: str) -> httpx.Client:
        if username not in self.tokens:
            answer = httpx.post(
                f"{self.base_url}/auth/token",
                data={"username": username, "password": DEMO_PASSWORD},
                timeout=10,
            )
            self.tokens[username] = answer.json()["access_token"]
        return httpx.Client(
            base_url=self.base_url,
            headers={"Authorization": f"Bearer {self.tokens[username]}"},
            timeout=10,
        )


@pytest.fixture(scope="session")
def hub(
    postgres_server_url: str,
    hub_template: str,
    kafka_bootstrap: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Hub]:
    work: Path = tmp_path_factory.mktemp("browser-hub")
    port = free_port()
    with fresh_database(postgres_server_url, hub_template) as database_url:
        env = hub_env(
            database_url=database_url,
            kafka_bootstrap=kafka_bootstrap,
            topic_prefix=f"browser{port}.",
            data_dir=str(work),
            api_port=str(port),
            topic_partitions="2",
            console_poll_seconds="0.5",
        )
        run_cli(["users", "demo"], env)
        worker = HubProcess(["worker"], env, work / "worker.log")
        api = HubProcess(["api"], env, work / "api.log")
        hub = Hub(f"http://127.0.0.1:{port}", (worker, api))
        try:
            wait_for(lambda: api_up(hub.base_url), 60, "the API", hub.processes)
            yield hub
        finally:
            worker.stop()
            api.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright for Python is not installed")
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        _unavailable(f"no chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class Requests:
    """Every request the pages of a test made."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def foreign(self, base_url: str) -> list[str]:
        home = urlsplit(base_url).netloc
        return [
            u
            for u in self.urls
            if not u.startswith(("data:", "blob:")) and urlsplit(u).netloc != home
        ]


@pytest.fixture
def requests_made(hub: Hub) -> Iterator[Requests]:
    made = Requests()
    yield made
    # Whatever else a test checks: no page of it asked another host for anything.
    assert made.urls, "no request was recorded"
    assert made.foreign(hub.base_url) == []


@pytest.fixture
def open_page(browser: Any, hub: Hub, requests_made: Requests) -> Iterator[Any]:
    """open_page(user, size, **context options): a logged-in page of its own context."""
    contexts = []

    def open_(username: str | None, viewport: dict[str, int] = DESK, **options: Any) -> Any:
        context = browser.new_context(
            viewport=viewport, base_url=hub.base_url, locale="zh-CN", **options
        )
        context.on("request", lambda request: requests_made.urls.append(request.url))
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.goto("/")
        if username is not None:
            page.fill("#username", username)
            page.fill("#password", DEMO_PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_selector("header.topbar")
        return page

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the pages' screenshots go: HUB_TEST_SCREENSHOTS (`make screenshots` sets
    docs/screenshots), else a temporary folder."""
    chosen = os.environ.get("HUB_TEST_SCREENSHOTS")
    folder = Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder
