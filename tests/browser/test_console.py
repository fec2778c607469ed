"""The whole loop through the console's pages, in a real browser, against a real hub.

A grid worker reports with a photo on a phone-sized page (and once more: "the same problem");
a dispatcher sees the case appear live, merges a duplicate side by side, accepts and dispatches;
the handler signs and resolves with a photo; the worker verifies before/after; the dispatcher
closes; the supervisor's dashboard counts it. No page asks another host for anything.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from shapely.geometry import Polygon

from grid.coords import offset
from grid.places import PlaceIndex
from gridhub.simulator import demo_registry
from tests.browser.conftest import PHONE, Hub
from tests.processes import wait_for

pytestmark = [pytest.mark.browser, pytest.mark.broker, pytest.mark.postgres]


def photo(path: Path, colour: str) -> Path:
    Image.new("RGB", (1024, 768), colour).save(path, "JPEG")
    return path


def worker_spot(hub: Hub) -> tuple[str, float, float]:
    """The demo worker's grid cell and a point in the middle of it."""
    with hub.as_("worker") as http:
        area = http.get("/auth/me").json()["area_code"]
    cell = next(c for c in demo_registry().cells if c.code == area)
    middle = Polygon(cell.ring).centroid
    return cell.code, middle.x, middle.y


def handler_department(hub: Hub) -> str:
    with hub.as_("handler.urban") as http:
        return str(http.get("/auth/me").json()["department_id"])


def shot(page: Any, folder: Path, name: str) -> None:
    page.wait_for_timeout(600)  # charts and photos settle
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def report_through_the_phone(page: Any, description: str, picture: Path) -> None:
    page.goto("/#/w/report")
    page.fill("[data-test=category-search]", "sdlj")  # pinyin initials of 私搭乱建
    page.get_by_role("treeitem", name="私搭乱建").click()
    page.click("[data-test=gps]")
    page.wait_for_selector("[data-test=placement]")
    page.fill("[data-test=description]", description)
    page.set_input_files("[data-test=photos]", str(picture))
    page.wait_for_selector(".photos img")


def case_of_report(hub: Hub, description: str) -> str:
    with hub.as_("worker") as http:

        def probe() -> str | None:
            for report in http.get("/me/reports").json()["items"]:
                if report["description"] == description and report["case_id"]:
                    return str(report["case_id"])
            return None

        return wait_for(probe, 60, f"a case for {description!r}", hub.processes)


def test_the_whole_loop_through_the_pages(
    hub: Hub, open_page: Any, screenshots: Path, tmp_path: Path
) -> None:
    _, lon, lat = worker_spot(hub)
    dispatcher = open_page("dispatcher")
    dispatcher.goto("/#/d/queue")
    dispatcher.wait_for_selector("[data-test=total]")
    dispatcher.evaluate("window.__notReloaded = true")
    worker = open_page(
        "worker",
        PHONE,
        geolocation={"longitude": lon, "latitude": lat},
        permissions=["geolocation"],
        is_mobile=True,
        has_touch=True,
    )

    # 1. The worker reports with a photo.
    first_photo = photo(tmp_path / "a.jpg", "gray")
    report_through_the_phone(worker, "楼顶私自加盖彩钢房约二十平方米", first_photo)
    shot(worker, screenshots, "worker-report")
    worker.click("[data-test=send]")
    worker.wait_for_selector("[data-test=my-report]")
    first = case_of_report(hub, "楼顶私自加盖彩钢房约二十平方米")

    # 2. The dispatcher sees it appear without reloading.
    dispatcher.wait_for_selector(f'tr[data-case="{first}"]', timeout=30_000)
    assert dispatcher.evaluate("window.__notReloaded") is True
    shot(dispatcher, screenshots, "dispatcher-queue")

    # 3. The worker reports it again: the page offers the open case nearby, "the same problem".
    report_through_the_phone(worker, "同一处彩钢房，仍在施工", photo(tmp_path / "b.jpg", "silver"))
    worker.click("[data-test=send]")
    worker.wait_for_selector("[data-test=nearby-case]")
    shot(worker, screenshots, "worker-nearby-duplicates")
    worker.click("[data-test=same-problem]")
    worker.wait_for_selector("[data-test=my-report]")
    with hub.as_("dispatcher") as http:
        assert http.get(f"/cases/{first}").json()["report_count"] == 2
    shot(worker, screenshots, "worker-my-reports")

    # 4. A report of the same building from 400 m away opened a case of its own: the
    #    dispatcher compares the two side by side and merges it.
    far_lon, far_lat = offset(lon, lat, 400, 0)
    with hub.as_("worker") as http:
        sent = http.post(
            "/reports",
            json={
                "grid": "urban",
                "category": "urban.illegal_construction",
                "description": "村东头有人在加盖房子",
                "address_text": "村东头",
                "location": {"lon": far_lon, "lat": far_lat, "crs": "wgs84"},
                "reporter": {"id": "x", "role": "grid_worker"},
                "client_request_id": "browser-far-1",
            },
        )
        assert sent.status_code == 202, sent.text
    second = case_of_report(hub, "村东头有人在加盖房子")
    assert second != first
    dispatcher.goto(f"/#/case/{second}")
    dispatcher.click("[data-command=merge]")
    dispatcher.get_by_role("button", name="对比").first.click()
    dispatcher.wait_for_selector("[data-test=compare-side] >> nth=1")
    shot(dispatcher, screenshots, "dispatcher-merge-side-by-side")
    dispatcher.click("[data-test=merge-left-into-right]")
    dispatcher.wait_for_selector(f'[data-case="{first}"]')
    with hub.as_("dispatcher") as http:
        assert http.get(f"/cases/{second}").json()["state"] == "merged"
        assert http.get(f"/cases/{first}").json()["report_count"] == 3

    # 5. Accept, and dispatch to the township's office rather than the suggested bureau.
    dispatcher.goto(f"/#/case/{first}")
    dispatcher.click("[data-command=accept]")
    dispatcher.click("[data-test=confirm]")
    dispatcher.wait_for_selector('[data-state="accepted"]')
    dispatcher.click("[data-command=dispatch]")
    dispatcher.select_option("[data-test=department]", handler_department(hub))
    dispatcher.click("[data-test=confirm]")
    dispatcher.wait_for_selector('[data-state="dispatched"]')
    shot(dispatcher, screenshots, "case-page")

    # 6. The handler signs and resolves with a photo.
    handler = open_page("handler.urban")
    handler.goto("/#/h/tasks")
    handler.wait_for_selector(f'tr[data-case="{first}"]')
    shot(handler, screenshots, "handler-tasks")
    handler.click(f'tr[data-case="{first}"]')
    handler.click("[data-command=sign]")
    handler.click("[data-test=confirm]")
    handler.wait_for_selector('[data-state="in_progress"]')
    handler.click("[data-command=resolve]")
    handler.fill("[data-test=note]", "已责令拆除彩钢房，现场恢复原状")
    handler.set_input_files("[data-test=evidence]", str(photo(tmp_path / "after.jpg", "green")))
    handler.click("[data-test=confirm]")
    handler.wait_for_selector('[data-state="resolved"]')

    # 7. The worker verifies, before and after photos side by side.
    worker.goto("/#/w/verify")
    task = worker.locator(f'[data-test=verify-task][data-case="{first}"]')
    task.locator('[data-photos="处置后照片"] img').wait_for()
    assert task.locator('[data-photos="处置前照片"] img').count() == 2  # both phone reports
    shot(worker, screenshots, "worker-verification")
    task.locator("[data-test=verify-pass]").click()
    worker.wait_for_selector(f'[data-test=verify-task][data-case="{first}"]', state="detached")

    # 8. The dispatcher, still on the case's page, sees it verified (live) and closes it; the
    #    timeline's audit chain holds.
    dispatcher.wait_for_selector('[data-state="verified"]')
    dispatcher.click("[data-command=close]")
    dispatcher.click("[data-test=confirm]")
    dispatcher.wait_for_selector('[data-state="closed"]')
    dispatcher.wait_for_selector('[data-chain="intact"]')

    # 9. The supervisor's dashboard counts it, and the figure opens the case behind it.
    supervisor = open_page("supervisor")
    supervisor.goto("/#/s/dashboard?period=")

    def closed_count() -> bool:
        supervisor.reload()
        supervisor.wait_for_selector("[data-figure=closure_rate] .value")
        return supervisor.inner_text("[data-figure=closure_rate] .value") != "—"

    wait_for(closed_count, 30, "the dashboard to count the closed case", hub.processes)
    supervisor.wait_for_selector("[data-test=integration]")
    shot(supervisor, screenshots, "supervisor-dashboard")
    supervisor.click("[data-figure=closure_rate] a")
    supervisor.wait_for_selector(f'tr:has-text("{first[:8]}")')


def test_a_report_placed_on_the_map_and_sent_without_network_is_kept_and_sent_once(
    hub: Hub, open_page: Any, tmp_path: Path
) -> None:
    cell, _, _ = worker_spot(hub)
    registry = demo_registry()
    door = next(a for a in registry.addresses if a.cell == cell)
    standard = PlaceIndex(registry).address_text(door)  # e.g. ...东里小区1号楼
    worker = open_page("worker", PHONE)
    with hub.as_("worker") as http:
        before = http.get("/me/reports").json()["total"]
    worker.goto("/#/w/report")
    worker.fill("[data-test=category-search]", "私搭")
    worker.get_by_role("treeitem", name="私搭乱建").click()
    # Tap the map of the township's cells: the point is placed in a cell.
    worker.click("[data-test=tap-map]")
    worker.locator("[data-test=cell-map] svg").wait_for()
    worker.wait_for_timeout(500)
    worker.locator("[data-test=cell-map]").click()
    worker.wait_for_selector("[data-test=placement]")
    # Or type the address: the registry suggests the standard one as one types.
    worker.fill("[data-test=address]", standard[3:])  # without the county's name
    worker.wait_for_selector(f"[data-test=suggestion]:has-text('{standard}')")
    worker.click("[data-test=suggestion] div")
    assert worker.input_value("[data-test=address]") == standard
    worker.fill("[data-test=description]", "路边违建工棚（离线上报）")
    worker.set_input_files("[data-test=photos]", str(photo(tmp_path / "c.jpg", "brown")))
    worker.context.set_offline(True)
    worker.click("[data-test=send]")
    worker.wait_for_selector("[data-test=outbox]")
    assert "待发送 1" in worker.inner_text("[data-test=pending]")
    worker.context.set_offline(False)
    worker.evaluate("window.dispatchEvent(new Event('online'))")
    worker.wait_for_selector("[data-test=outbox]", state="detached", timeout=30_000)
    with hub.as_("worker") as http:
        mine = http.get("/me/reports").json()
        assert mine["total"] == before + 1  # sent once, with its photo
        sent = next(r for r in mine["items"] if r["description"] == "路边违建工棚（离线上报）")
        assert len(sent["attachments"]) == 1
        assert sent["address_text"] == standard and sent["lon"] is not None


def test_admin_pages_and_the_api_documentation(hub: Hub, open_page: Any, screenshots: Path) -> None:
    admin = open_page("admin")
    admin.goto("/#/a/users")
    admin.click("[data-test=add-user]")
    admin.fill("[data-test=new-username]", "browser.dispatcher")
    admin.fill(".modal input[type=password]", "a-long-password")
    admin.select_option(".modal select", "dispatcher")
    admin.fill(".modal input[placeholder='如 371083001']", "371083001")
    admin.click("[data-test=save-user]")
    admin.wait_for_selector('tr[data-user="browser.dispatcher"]')
    shot(admin, screenshots, "admin-users")
    admin.goto("/#/a/registry")
    admin.wait_for_selector("[data-test=registry-version]")
    shot(admin, screenshots, "admin-registry")
    admin.goto("/#/a/demo")
    admin.wait_for_selector("[data-test=demo-state]")
    admin.click("[data-test=demo-toggle]")
    admin.wait_for_selector("[data-test=demo-state]:has-text('暂停')")
    with hub.as_("admin") as http:
        assert http.get("/admin/demo").json()["traffic"] is False
        http.put("/admin/demo", json={"traffic": True})

    docs = open_page(None)
    docs.goto("/docs")
    docs.wait_for_selector(".swagger-ui .information-container")
    assert "GridHub" in docs.inner_text(".swagger-ui .information-container")
    shot(docs, screenshots, "api-docs-swagger-ui")
    docs.goto("/redoc")
    docs.wait_for_selector("h1:has-text('GridHub')", timeout=30_000)
