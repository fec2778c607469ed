"""The dispatcher's and the handler's other moves through the pages, against a real hub:
search, filters and the map narrowing the queue; reject with a reason; a 409 showing the
moves the case still allows; bulk dispatch; return and re-dispatch; postponement asked and
approved; the supervisor's escalation; split. No page asks another host for anything."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from grid.coords import offset
from tests.browser.conftest import PHONE, Hub
from tests.browser.test_console import case_of_report, handler_department, photo, worker_spot
from tests.processes import wait_for

pytestmark = [pytest.mark.browser, pytest.mark.broker, pytest.mark.postgres]

# Categories no responsibility line dispatches on its own (they wait for a dispatcher), each
# report far from the others and from the other tests' cases, so none is taken for another.
REPORTS = {
    "reject": ("market", "market.price", "超市标价与结算价不一致（动作测试）", 1200),
    "conflict": ("market", "market.food_safety", "早餐摊使用过期食材（动作测试）", 1800),
    "bulk-a": ("market", "market.false_advertising", "门店张贴虚假宣传海报（批量派遣）", 2400),
    "bulk-b": ("political_legal", "political_legal.dispute", "邻里噪声纠纷（批量派遣）", 3000),
    "split": ("political_legal", "political_legal.security_hazard", "楼道堆杂物（拆分）", 3600),
}


def send_reports(hub: Hub) -> dict[str, str]:
    """Every report at once through the API; their cases once the stream has opened them."""
    _, lon, lat = worker_spot(hub)
    with hub.as_("worker") as http:
        for key, (grid, category, description, north) in REPORTS.items():
            there_lon, there_lat = offset(lon, lat, 0, north)
            sent = http.post(
                "/reports",
                json={
                    "grid": grid,
                    "category": category,
                    "description": description,
                    "address_text": f"商业街{north}号",
                    "location": {"lon": there_lon, "lat": there_lat, "crs": "wgs84"},
                    "reporter": {"id": "x", "role": "grid_worker"},
                    "client_request_id": f"browser-actions-{key}",
                },
            )
            assert sent.status_code == 202, sent.text
    return {key: case_of_report(hub, spec[2]) for key, spec in REPORTS.items()}


def command(page: Any, name: str, reason: str | None = None) -> None:
    page.click(f"[data-command={name}]")
    if reason is not None:
        page.fill("[data-test=reason]", reason)
    page.click("[data-test=confirm]")


def rows(page: Any) -> list[str]:
    listed = page.eval_on_selector_all("tr[data-case]", "rs => rs.map(r => r.dataset.case)")
    return [str(case_id) for case_id in listed]


def test_dispatcher_and_handler_moves_through_the_pages(hub: Hub, open_page: Any) -> None:
    ids = send_reports(hub)
    department = handler_department(hub)
    dispatcher = open_page("dispatcher")

    # Search, a category filter and the map narrow the queue.
    dispatcher.goto("/#/d/queue")
    dispatcher.wait_for_selector("[data-test=total]")
    dispatcher.fill("[data-test=search]", "动作测试")
    wait_for(lambda: sorted(rows(dispatcher)) == sorted([ids["reject"], ids["conflict"]]), 20,
             "the search to list the two cases")  # fmt: skip
    dispatcher.select_option("select[aria-label=类别]", "market.price")
    wait_for(lambda: rows(dispatcher) == [ids["reject"]], 20, "the category filter")
    dispatcher.fill("[data-test=search]", "")
    dispatcher.select_option("select[aria-label=类别]", "")
    with hub.as_("dispatcher") as http:
        cell = http.get(f"/cases/{ids['bulk-a']}").json()["cell_code"]
    if cell:  # placed in a cell of the registry: click that cell on the map
        dispatcher.locator("[data-test=cell-map] svg").wait_for()
        dispatcher.wait_for_timeout(500)
        x, y = dispatcher.evaluate(
            """([cell]) => {
                const box = document.querySelector('[data-test=cell-map]');
                const chart = echarts.getInstanceByDom(box);
                const ring = chart.getModel().getComponent('geo').coordinateSystem.getRegion(cell);
                return chart.convertToPixel({ geoIndex: 0 }, ring.getCenter());
            }""",
            [cell],
        )
        dispatcher.locator("[data-test=cell-map]").click(position={"x": x, "y": y})
        dispatcher.wait_for_selector(f"[data-test=cell-filter][data-cell='{cell}']")
        with hub.as_("dispatcher") as http:
            behind = http.get("/queue", params={"area": cell}).json()["total"]
        wait_for(lambda: dispatcher.inner_text("[data-test=total]") == str(behind), 20,
                 "the list to show the cell's cases")  # fmt: skip
        assert ids["bulk-a"] in rows(dispatcher)

    # Reject with a reason: the reason is on the timeline.
    dispatcher.goto(f"/#/case/{ids['reject']}")
    command(dispatcher, "reject", "价格问题已由物价部门另案处理")
    dispatcher.wait_for_selector('.page[data-state="rejected"]')
    dispatcher.wait_for_selector("text=价格问题已由物价部门另案处理")

    # Somebody else accepted the case meanwhile (this page's live feed is cut): accepting
    # again answers 409, and the page says what the case allows now.
    stale = open_page("dispatcher")
    stale.route("**/events/cases*", lambda route: route.abort())
    stale.goto(f"/#/case/{ids['conflict']}")
    stale.reload()
    stale.wait_for_selector("[data-command=accept]")
    with hub.as_("dispatcher") as http:
        accepted = http.post(f"/cases/{ids['conflict']}/accept", json={})
        assert accepted.status_code == 200, accepted.text
    command(stale, "accept")
    toast = stale.locator(".toast .error")
    toast.wait_for()
    assert "已立案" in toast.inner_text() and "派遣" in toast.inner_text()

    # Bulk dispatch two cases to the handler's department.
    dispatcher.goto("/#/d/queue")
    dispatcher.fill("[data-test=search]", "批量派遣")
    wait_for(lambda: sorted(rows(dispatcher)) == sorted([ids["bulk-a"], ids["bulk-b"]]), 20,
             "the two cases to bulk-dispatch")  # fmt: skip
    for case_id in (ids["bulk-a"], ids["bulk-b"]):
        dispatcher.locator(f'tr[data-case="{case_id}"] input[type=checkbox]').check()
    dispatcher.click("[data-test=bulk-dispatch]")
    dispatcher.select_option(".modal select", department)
    dispatcher.click("[data-test=bulk-run]")
    assert dispatcher.locator(".modal .badge.green").nth(1).inner_text().startswith("已派往")
    with hub.as_("dispatcher") as http:
        for case_id in (ids["bulk-a"], ids["bulk-b"]):
            got = http.get(f"/cases/{case_id}").json()
            assert (got["state"], got["department_id"]) == ("dispatched", department)

    # The handler returns one (wrong department) and asks more time for the other.
    handler = open_page("handler.urban")
    handler.goto(f"/#/case/{ids['bulk-b']}")
    command(handler, "return", "不属于本部门职责")
    # Returned, the case is no longer the department's: back to its tasks.
    handler.wait_for_selector(f'tr[data-case="{ids["bulk-a"]}"]')
    assert ids["bulk-b"] not in rows(handler)
    handler.goto(f"/#/case/{ids['bulk-a']}")
    command(handler, "sign")
    handler.wait_for_selector('.page[data-state="in_progress"]')
    command(handler, "request_postponement", "需要联系广告主到场")
    handler.wait_for_selector("[data-test=pending-postponement]")

    # The dispatcher re-dispatches the returned case, approves the postponement, escalates.
    dispatcher.goto(f"/#/case/{ids['bulk-b']}")
    dispatcher.click("[data-command=dispatch]")
    dispatcher.select_option("[data-test=department]", department)
    dispatcher.click("[data-test=confirm]")
    dispatcher.wait_for_selector('.page[data-state="dispatched"]')
    dispatcher.goto("/#/d/postponements")
    dispatcher.locator(f'tr[data-case="{ids["bulk-a"]}"] button:has-text("批准")').click()
    dispatcher.wait_for_selector(f'tr[data-case="{ids["bulk-a"]}"]', state="detached")
    dispatcher.goto(f"/#/case/{ids['bulk-a']}")
    dispatcher.wait_for_selector('.page[data-state="in_progress"]')
    assert dispatcher.locator("[data-command=approve_postponement]").count() == 0
    # Escalation (督办) is the supervisor's.
    supervisor = open_page("supervisor")
    supervisor.goto(f"/#/case/{ids['bulk-a']}")
    command(supervisor, "escalate", "群众多次反映")
    supervisor.wait_for_selector("text=督办 1 级")
    with hub.as_("dispatcher") as http:
        got = http.get(f"/cases/{ids['bulk-a']}").json()
        assert got["pending_postponement_hours"] is None and got["escalation_level"] == 1
        kinds = [e["event_type"] for e in got["events"]]
        assert "postponed" in kinds and "escalated" in kinds

    # Split: a report the worker joined to a case is another matter after all.
    with hub.as_("worker") as http:
        _, lon, lat = worker_spot(hub)
        joined = http.post(
            "/reports",
            json={
                "grid": "political_legal",
                "category": "political_legal.security_hazard",
                "description": "隔壁单元电动车楼道充电",
                "address_text": "隔壁单元",
                "location": {"lon": lon, "lat": lat, "crs": "wgs84"},
                "reporter": {"id": "x", "role": "grid_worker"},
                "client_request_id": "browser-actions-joined",
                "same_as": ids["split"],
            },
        )
        assert joined.status_code == 202, joined.text
    with hub.as_("dispatcher") as http:
        # A report is split off once the stream has placed it (its new case needs a place).

        def placed() -> bool:
            got = http.get(f"/cases/{ids['split']}").json()["reports"]
            return len(got) == 2 and all(r["placement"] for r in got)

        wait_for(placed, 30, "the joined report to be placed", hub.processes)
    dispatcher.goto(f"/#/case/{ids['split']}")
    dispatcher.once("dialog", lambda dialog: dialog.accept("另一单元的另一件事"))
    dispatcher.click("[data-test=split]")
    moved = wait_for(
        lambda: ids["split"] not in (hash_ := dispatcher.evaluate("location.hash")) and hash_,
        20,
        "the page of the new case",
    )
    new_case = str(moved).split("/")[-1]
    with hub.as_("dispatcher") as http:
        assert http.get(f"/cases/{ids['split']}").json()["report_count"] == 1
        split_off = http.get(f"/cases/{new_case}").json()
        assert split_off["description"] == "隔壁单元电动车楼道充电"


def test_a_gps_report_made_with_no_network_is_kept_and_sent_once(
    hub: Hub, open_page: Any, tmp_path: Path
) -> None:
    _, lon, lat = worker_spot(hub)
    worker = open_page(
        "worker",
        PHONE,
        geolocation={"longitude": lon, "latitude": lat},
        permissions=["geolocation"],
        is_mobile=True,
        has_touch=True,
    )
    worker.goto("/#/w/report")
    worker.fill("[data-test=category-search]", "噪声")
    worker.get_by_role("treeitem", name="噪声扰民").click()
    worker.context.set_offline(True)
    # No network: the registry cannot answer, the phone's fix is written down all the same.
    worker.click("[data-test=gps]")
    worker.wait_for_selector("[data-test=point]")
    worker.fill("[data-test=description]", "夜间施工噪声（无网络时上报）")
    worker.set_input_files("[data-test=photos]", str(photo(tmp_path / "d.jpg", "navy")))
    worker.click("[data-test=send]")
    worker.wait_for_selector("[data-test=outbox]")
    worker.context.set_offline(False)
    worker.evaluate("window.dispatchEvent(new Event('online'))")
    worker.wait_for_selector("[data-test=outbox]", state="detached", timeout=30_000)
    with hub.as_("worker") as http:
        mine = http.get("/me/reports").json()["items"]
    sent = [r for r in mine if r["description"] == "夜间施工噪声（无网络时上报）"]
    assert len(sent) == 1 and len(sent[0]["attachments"]) == 1
    assert sent[0]["address_text"].startswith("GPS定位") and sent[0]["lon"] is not None


def click_bar(page: Any, chart: str, index: int) -> None:
    """Click the middle of bar ``index`` of the first series of a chart, as a person would."""
    page.locator(f"[data-test={chart}] svg").wait_for()
    page.wait_for_timeout(500)  # the bars grow in
    box = page.locator(f"[data-test={chart}]")
    x, y = box.evaluate(
        """(el, index) => {
            const layout = echarts.getInstanceByDom(el).getModel().getSeriesByIndex(0)
                .getData().getItemLayout(index);
            return [layout.x + layout.width / 2, layout.y + layout.height / 2];
        }""",
        index,
    )
    box.click(position={"x": x, "y": y})


def test_the_supervisors_figures_open_the_cases_behind_them(hub: Hub, open_page: Any) -> None:
    _, lon, lat = worker_spot(hub)
    far_lon, far_lat = offset(lon, lat, 0, 4200)
    description = "商铺无照经营（看板测试）"
    with hub.as_("worker") as http:
        sent = http.post(
            "/reports",
            json={
                "grid": "market",
                "category": "market.unlicensed_business",
                "description": description,
                "address_text": "商业街4200号",
                "location": {"lon": far_lon, "lat": far_lat, "crs": "wgs84"},
                "reporter": {"id": "x", "role": "grid_worker"},
                "client_request_id": "browser-dashboard-1",
            },
        )
        assert sent.status_code == 202, sent.text
    case_id = case_of_report(hub, description)
    steps = [
        ("dispatcher", "accept", {}),
        ("dispatcher", "dispatch", {"department_id": handler_department(hub)}),
        ("handler.urban", "sign", {}),
        ("handler.urban", "resolve", {"note": "已责令办理执照"}),
        ("dispatcher", "verify", {"passed": True}),
        ("dispatcher", "close", {}),
    ]
    for who, name, body in steps:
        with hub.as_(who) as http:
            done = http.post(f"/cases/{case_id}/{name}", json=body)
            assert done.status_code == 200, (name, done.text)
    with hub.as_("supervisor") as http:

        def counted() -> bool:
            quick = {"closure_from_hours": 0, "closure_to_hours": 24, "measure": "closed"}
            cases = http.get("/kpi/cases", params=quick).json()["cases"]
            return any(c["case_id"] == case_id for c in cases)

        wait_for(counted, 30, "the figures to count the closed case", hub.processes)

    supervisor = open_page("supervisor")
    # The closure-time histogram's first bar (within a day) lists the case.
    supervisor.goto("/#/s/dashboard?period=")
    click_bar(supervisor, "closure-histogram", 0)
    supervisor.wait_for_selector(f'tr:has-text("{case_id[:8]}")')
    assert "结案用时：0–1 天" in supervisor.inner_text("[data-test=kpi-cases-slice]")
    # The ranking, switched from departments to townships, opens a township's cases.
    supervisor.goto("/#/s/dashboard?period=")
    supervisor.locator("[data-test=ranking] svg").wait_for()
    supervisor.locator("select:has(option[value=township])").select_option("township")
    supervisor.wait_for_timeout(800)  # the township rows are read and drawn
    click_bar(supervisor, "ranking", 0)
    supervisor.wait_for_selector("[data-test=kpi-cases-slice]:has-text('区域：')")
    # L2P3: a department's row opens that department's cases.
    supervisor.goto("/#/s/dashboard?period=")
    link = supervisor.locator("[data-test=integration] tr[data-department] a").first
    link.click()
    supervisor.wait_for_selector("[data-test=kpi-cases-slice]:has-text('部门：')")
