"""The API the console needs, on SQLite and PostgreSQL: uploads, reports with photos and
"same problem", filters, search and order of the lists, map counts, nearby cases, the live
feed, users and the demo switch, and the console's own pages."""

# ruff: noqa: F811 - the closed-loop tests' `loop` fixture, imported, is each test's argument

from __future__ import annotations

import io
import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import func, select, update

from contracts.report import IncidentReport
from dispatch.adapters.tables import attachments, cases, outbox
from dispatch.identity import case_id_for
from tests.auth_helpers import PASSWORD
from tests.integration.test_closed_loop import STREET, T0, TOPICS, Loop, loop  # noqa: F401
from tests.recording import record

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def jpeg(width: int = 800, height: int = 600, colour: str = "orange") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "JPEG")
    return out.getvalue()


def upload(
    loop: Loop, who: str, data: bytes, name: str = "photo.jpg", kind: str = "image/jpeg"
) -> Any:
    return loop.client.post(
        "/attachments", files={"file": (name, data, kind)}, headers=loop.as_(who)
    )


def stored_files(loop: Loop) -> list[str]:
    root = loop.client.app.state.settings.effective_attachments_dir  # type: ignore[attr-defined]
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


def record_api_reports(loop: Loop) -> list[str]:
    """What the stream does with reports made through the API: place them and record them."""
    with loop.engine.connect() as conn:
        values = conn.scalars(select(outbox.c.value).where(outbox.c.topic == TOPICS.reports))
        reports = [IncidentReport.model_validate_json(v) for v in values]
    placed = [loop.placer.place(r, T0) for r in reports]
    record(loop.engine, placed, T0)
    return [case_id_for(r.report_id) for r in reports]


def worker_report(loop: Loop, number: int, **changes: object) -> dict[str, Any]:
    address = [a for a in loop.placer.registry.addresses if a.number][number]
    body: dict[str, Any] = {
        "grid": "urban",
        "category": "urban.road_damage",
        "description": "路面坑洼，雨天积水",
        "address_text": loop.placer.places.address_text(address),
        "location": {"lon": address.lon, "lat": address.lat, "crs": "wgs84"},
        "reporter": {"id": "anyone", "role": "grid_worker"},
        "client_request_id": f"phone-{number}",
    }
    body.update(changes)
    return body


# -- uploads --------------------------------------------------------------------------------
def test_a_photo_is_stored_once_by_its_hash_with_a_thumbnail(loop: Loop) -> None:
    data = jpeg()
    first = upload(loop, "worker", data)
    assert first.status_code == 201, first.text
    photo = first.json()
    assert photo["kind"] == "photo" and photo["content_type"] == "image/jpeg"
    assert (photo["width"], photo["height"]) == (800, 600)
    assert photo["sha256"] == __import__("hashlib").sha256(data).hexdigest()
    again = upload(loop, "worker", data, name="same.jpg").json()
    assert again["id"] != photo["id"] and again["sha256"] == photo["sha256"]
    assert stored_files(loop) == sorted([photo["sha256"], f"{photo['sha256']}.thumb.jpg"])

    got = loop.client.get(photo["url"], headers=loop.as_("worker"))
    assert got.status_code == 200 and got.content == data
    thumb = loop.client.get(photo["thumbnail_url"], headers=loop.as_("worker"))
    with Image.open(io.BytesIO(thumb.content)) as small:
        assert small.format == "JPEG" and max(small.size) == 320
    # Not attached to anything yet: only its uploader sees it.
    assert loop.client.get(photo["url"], headers=loop.as_("street")).status_code == 404
    pdf = upload(loop, "urban", b"%PDF-1.4\n%test\n", name="report.pdf", kind="application/pdf")
    assert pdf.status_code == 201 and pdf.json()["kind"] == "document"
    assert pdf.json()["thumbnail_url"] is None


@pytest.mark.parametrize(
    ("data", "kind", "status", "says"),
    [
        (b"hello, this is text", "text/plain", 415, "not a photo or a document"),
        (b"\xff\xd8\xff\xe0 not really a jpeg", "image/jpeg", 422, "not a readable image"),
        (b"", "image/jpeg", 422, "empty"),
        (jpeg()[:300], "image/jpeg", 422, "not a readable image"),
        ("gif", "image/gif", 415, "GIF images are not taken"),
        ("big", "image/jpeg", 413, "larger than the limit"),
        ("pixels", "image/png", 422, "pixels"),
    ],
)
def test_a_bad_upload_is_refused_with_the_reason_and_nothing_is_stored(
    loop: Loop, data: bytes | str, kind: str, status: int, says: str
) -> None:
    settings = loop.client.app.state.settings  # type: ignore[attr-defined]
    if data == "gif":
        out = io.BytesIO()
        Image.new("RGB", (10, 10)).save(out, "GIF")
        data = out.getvalue()
    elif data == "big":
        data = b"\xff" * (settings.upload_max_bytes + 1)
    elif data == "pixels":
        out = io.BytesIO()
        Image.new("1", (8000, 6000)).save(out, "PNG")  # 48 megapixels, a few kB
        data = out.getvalue()
    assert isinstance(data, bytes)
    response = upload(loop, "worker", data, kind=kind)
    assert response.status_code == status, response.text
    error = response.json()["errors"][0]
    assert error["field"] == "file" and says in error["reason"]
    assert stored_files(loop) == []
    with loop.engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(attachments)) == 0


def test_uploading_needs_a_file_and_a_role_that_sends_files(loop: Loop) -> None:
    missing = loop.client.post("/attachments", headers=loop.as_("worker"))
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "file"
    assert upload(loop, "supervisor", jpeg()).status_code == 403


# -- reports with photos, "same problem", my reports ------------------------------------------
def test_a_report_carries_its_photos_to_whoever_may_see_its_case(loop: Loop) -> None:
    photo = upload(loop, "worker", jpeg()).json()
    foreign = upload(loop, "urban", jpeg(colour="blue")).json()
    refused = loop.client.post(
        "/reports",
        json=worker_report(loop, 1, attachments=[photo["id"], foreign["id"]]),
        headers=loop.as_("worker"),
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "attachments.1"

    body = worker_report(loop, 1, attachments=[photo["id"]])
    sent = loop.client.post("/reports", json=body, headers=loop.as_("worker"))
    assert sent.status_code == 202, sent.text
    (case_id,) = record_api_reports(loop)
    case = loop.client.get(f"/cases/{case_id}", headers=loop.as_("street")).json()
    shown = case["reports"][0]["attachments"]
    assert [a["id"] for a in shown] == [photo["id"]]
    assert loop.client.get(shown[0]["thumbnail_url"], headers=loop.as_("street")).status_code == 200
    assert loop.client.get(shown[0]["url"], headers=loop.as_("elsewhere")).status_code == 404

    mine = loop.client.get("/me/reports", headers=loop.as_("worker")).json()["items"]
    assert mine[0]["case_id"] == case_id and mine[0]["case_state"] == case["state"]
    assert mine[0]["attachments"][0]["id"] == photo["id"]


def test_this_is_the_same_problem_adds_the_report_to_the_open_case(loop: Loop) -> None:
    building = {"category": "urban.illegal_construction"}  # waits for a dispatcher
    loop.client.post(
        "/reports", json=worker_report(loop, 2, **building), headers=loop.as_("worker")
    )
    (case_id,) = record_api_reports(loop)
    address = [a for a in loop.placer.registry.addresses if a.number][2]
    nearby = loop.client.get(
        "/cases/nearby",
        params={"category": "urban.illegal_construction", "lon": address.lon, "lat": address.lat},
        headers=loop.as_("worker"),
    )
    assert nearby.status_code == 200, nearby.text
    found = nearby.json()
    assert [c["id"] for c in found] == [case_id]  # the same kind, a metre away
    assert found[0]["distance_m"] < 5
    other_kind = loop.client.get(
        "/cases/nearby",
        params={"category": "urban.road_damage", "lon": address.lon, "lat": address.lat},
        headers=loop.as_("worker"),
    ).json()
    assert other_kind == []

    same = worker_report(loop, 2, client_request_id="phone-same-1", same_as=case_id, **building)
    for expected in (202, 200):  # a retry is the same report, linked once
        answer = loop.client.post("/reports", json=same, headers=loop.as_("worker"))
        assert answer.status_code == expected, answer.text
        assert answer.json()["case_id"] == case_id
    case = loop.client.get(f"/cases/{case_id}", headers=loop.as_("street")).json()
    assert case["report_count"] == 2
    linked = [e for e in case["events"] if e["event_type"] == "report_linked"]
    assert len(linked) == 1 and linked[0]["data"]["dedupe"]["rule"] == "reporter_same_problem"
    # The stream later places the report; it opens no case of its own.
    assert record_api_reports(loop)
    with loop.engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(cases)) == 1

    loop.do("street", case_id, "reject", reason="不属实")
    late = worker_report(loop, 2, client_request_id="phone-same-2", same_as=case_id)
    refused = loop.client.post("/reports", json=late, headers=loop.as_("worker"))
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "same_as"
    hidden = worker_report(loop, 2, client_request_id="phone-same-3", same_as="no-such-case")
    answer = loop.client.post("/reports", json=hidden, headers=loop.as_("worker"))
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "same_as"


def test_resolving_with_an_uploaded_photo_shows_it_to_the_verifier(loop: Loop) -> None:
    case_id = loop.report(6)
    loop.do("street", case_id, "accept")
    loop.do("street", case_id, "dispatch", department_id=f"{STREET}-urban")
    loop.do("urban", case_id, "sign")
    after = upload(loop, "urban", jpeg(colour="green")).json()
    resolved = loop.do(
        "urban",
        case_id,
        "resolve",
        note="已修复",
        evidence=[{"attachment_id": after["id"], "caption": "修复后"}],
    )
    (evidence,) = resolved["resolution"]["evidence"]
    assert evidence["attachment_id"] == after["id"] and evidence["caption"] == "修复后"
    assert loop.client.get(evidence["url"], headers=loop.as_("worker")).status_code == 200
    both = loop.client.post(
        f"/cases/{case_id}/resolve",
        json={"note": "x", "evidence": [{"url": "https://a.example/x.jpg", "attachment_id": "y"}]},
        headers=loop.as_("urban"),
    )
    assert both.status_code == 422


# -- lists: filters, search, order, map counts ------------------------------------------------
def test_the_queue_puts_the_most_pressing_first_and_filters_and_searches(loop: Loop) -> None:
    early, late, urgent = loop.report(7), loop.report(8), loop.report(9)
    with loop.engine.begin() as conn:
        for minute, (case_id, hours, priority) in enumerate(
            ((early, 1, "normal"), (late, 5, "normal"), (urgent, 5, "urgent"))
        ):
            conn.execute(
                update(cases)
                .where(cases.c.id == case_id)
                .values(
                    deadline_at=T0 + timedelta(hours=hours),
                    priority=priority,
                    created_at=T0 + timedelta(minutes=minute),
                )
            )
        conn.execute(update(cases).where(cases.c.id == late).values(title="黄河路井盖缺失"))
    queue = loop.client.get("/queue", headers=loop.as_("street")).json()
    assert [c["id"] for c in queue["items"]] == [early, urgent, late]
    newest = loop.client.get("/cases", params={"sort": "oldest"}, headers=loop.as_("street"))
    assert newest.json()["items"][0]["id"] == early

    def ids(**params: object) -> list[str]:
        got = loop.client.get("/cases", params=params, headers=loop.as_("street"))
        assert got.status_code == 200, got.text
        return sorted(c["id"] for c in got.json()["items"])

    assert ids(q="井盖 黄河路") == [late]
    assert ids(q=late[:8]) == [late]
    assert ids(priority="urgent") == [urgent]
    assert ids(state=["reported", "accepted"]) == sorted([early, late, urgent])
    assert ids(source="grid_system") == []
    assert ids(source="api") == sorted([early, late, urgent])  # the loop's reports came by API
    day = T0.astimezone(UTC).date()
    assert ids(reported_from=day.isoformat(), reported_to=day.isoformat()) == sorted(
        [early, late, urgent]
    )
    assert ids(reported_from=(day + timedelta(days=1)).isoformat()) == []
    backwards = loop.client.get(
        "/cases", params={"reported_from": "2026-12-02", "reported_to": "2026-12-01"},
        headers=loop.as_("street"),
    )  # fmt: skip
    assert backwards.status_code == 422
    assert backwards.json()["errors"][0]["field"] == "reported_to"
    cell = loop.client.get(f"/cases/{early}", headers=loop.as_("street")).json()["cell_code"]
    assert early in ids(area=cell)

    counts = loop.client.get("/cases/areas", headers=loop.as_("street")).json()
    assert sum(c["open"] for c in counts) == 3 and any(c["code"] == cell for c in counts)
    by_township = loop.client.get(
        "/cases/areas", params={"level": "township"}, headers=loop.as_("street")
    ).json()
    # Reported on T0, days ago: their acceptance deadlines have passed (dispatch/sla.py
    # is_overdue), whether or not the overdue sweep ran.
    assert by_township == [{"code": STREET, "open": 3, "overdue": 3}]
    assert loop.client.get("/cases/areas", headers=loop.as_("elsewhere")).json() == []


def test_a_handlers_tasks_come_by_deadline(loop: Loop) -> None:
    first, second = loop.report(12), loop.report(13)
    for case_id in (first, second):
        loop.do("street", case_id, "accept")
        loop.do("street", case_id, "dispatch", department_id=f"{STREET}-urban")
    with loop.engine.begin() as conn:
        conn.execute(
            update(cases).where(cases.c.id == second).values(deadline_at=T0 - timedelta(hours=1))
        )
    tasks = loop.client.get("/tasks", headers=loop.as_("urban")).json()
    assert [c["id"] for c in tasks["items"]] == [second, first]
    resolved = loop.client.get("/tasks", params={"state": "resolved"}, headers=loop.as_("urban"))
    assert resolved.json()["total"] == 0


def test_a_case_offers_a_postponement_decision_only_while_a_request_waits(loop: Loop) -> None:
    case_id = loop.report(17)
    loop.do("street", case_id, "accept")
    loop.do("street", case_id, "dispatch", department_id=f"{STREET}-urban")
    signed = loop.do("urban", case_id, "sign")
    assert "request_postponement" in signed["allowed_commands"]

    def offered(who: str) -> list[str]:
        got = loop.client.get(f"/cases/{case_id}", headers=loop.as_(who)).json()
        return list(got["allowed_commands"])

    assert "approve_postponement" not in offered("street")
    asked = loop.do("urban", case_id, "postponement", hours=8, reason="等待配件")
    assert "request_postponement" not in asked["allowed_commands"]
    assert {"approve_postponement", "deny_postponement"} <= set(offered("street"))
    loop.do("street", case_id, "approve-postponement")
    assert not {"approve_postponement", "deny_postponement"} & set(offered("street"))
    assert "request_postponement" in offered("urban")


# -- live feed --------------------------------------------------------------------------------
def sse_events(text: str) -> list[dict[str, Any]]:
    return [json.loads(m) for m in re.findall(r"^data: (.*)$", text, flags=re.MULTILINE)]


def test_the_live_feed_sends_each_caller_the_changes_it_may_see(loop: Loop) -> None:
    before = datetime.now(UTC) - timedelta(seconds=1)
    case_id = loop.report(14)
    with loop.engine.begin() as conn:  # the stream recorded it "at T0": it changed now
        now = datetime.now(UTC)
        conn.execute(update(cases).where(cases.c.id == case_id).values(updated_at=now))
    loop.do("street", case_id, "accept")
    params = {"since": before.isoformat(), "timeout": 1.5}
    seen = loop.client.get("/events/cases", params=params, headers=loop.as_("street"))
    assert seen.headers["content-type"].startswith("text/event-stream")
    changes = [c for c in sse_events(seen.text) if c["id"] == case_id]
    assert changes and changes[-1]["state"] == "accepted"
    other = loop.client.get("/events/cases", params=params, headers=loop.as_("elsewhere"))
    assert [c for c in sse_events(other.text) if c["id"] == case_id] == []
    assert loop.client.get("/events/cases", params=params).status_code == 401


# -- users and the demo switch ----------------------------------------------------------------
def test_an_admin_adds_changes_and_disables_users(loop: Loop) -> None:
    admin = loop.as_("admin")
    body = {"username": "new.handler", "password": "a-long-password", "role": "handler",
            "display_name": "新处置员", "department_id": f"{STREET}-urban"}  # fmt: skip
    created = loop.client.post("/users", json=body, headers=admin)
    assert created.status_code == 201, created.text
    assert loop.client.post("/users", json=body, headers=admin).status_code == 409
    wrong = loop.client.post(
        "/users", json=body | {"username": "x", "department_id": "nowhere"}, headers=admin
    )
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "department_id"
    no_area = loop.client.post(
        "/users", json={**body, "username": "y", "role": "dispatcher"}, headers=admin
    )
    assert no_area.status_code == 422 and no_area.json()["errors"][0]["field"] == "area_code"
    token = loop.client.post(
        "/auth/token", data={"username": "new.handler", "password": "a-long-password"}
    )
    assert token.status_code == 200

    moved = loop.client.patch(
        "/users/new.handler",
        json={"role": "dispatcher", "area_code": STREET, "department_id": ""},
        headers=admin,
    )
    assert moved.status_code == 200, moved.text
    assert moved.json()["role"] == "dispatcher" and moved.json()["department_id"] is None
    off = loop.client.patch("/users/new.handler", json={"active": False}, headers=admin)
    assert off.json()["active"] is False
    again = loop.client.post(
        "/auth/token", data={"username": "new.handler", "password": "a-long-password"}
    )
    assert again.status_code == 401
    listed = {u["username"]: u for u in loop.client.get("/users", headers=admin).json()}
    assert listed["new.handler"]["active"] is False and "password_hash" not in listed["admin"]
    itself = loop.client.patch("/users/admin", json={"active": False}, headers=admin)
    assert itself.status_code == 422
    assert loop.client.get("/users", headers=loop.as_("street")).status_code == 403
    assert PASSWORD  # the fixture's users log in with it


def test_the_demo_switch(loop: Loop) -> None:
    admin = loop.as_("admin")
    assert loop.client.get("/admin/demo", headers=admin).json()["traffic"] is True
    off = loop.client.put("/admin/demo", json={"traffic": False}, headers=admin).json()
    assert off["traffic"] is False and off["updated_by"] == "admin"
    assert loop.client.get("/admin/demo", headers=admin).json()["traffic"] is False
    assert loop.client.put("/admin/demo", json={"traffic": True}, headers=admin).json()["traffic"]
    refused = loop.client.put("/admin/demo", json={"traffic": False}, headers=loop.as_("street"))
    assert refused.status_code == 403


def test_duplicate_suggestions_show_both_cases(loop: Loop) -> None:
    from dispatch.adapters.tables import duplicate_suggestions

    first, second = loop.report(15), loop.report(16)
    with loop.engine.begin() as conn:
        conn.execute(
            duplicate_suggestions.insert().values(
                case_id=second,
                candidate_case_id=first,
                report_id="r",
                score=0.6,
                decision={"parts": {}},
                status="open",
                created_at=T0,
            )
        )
    items = loop.client.get("/queue/duplicates", headers=loop.as_("street")).json()["items"]
    assert items[0]["candidate_case_id"] == first
    assert items[0]["candidate_title"] == "违建" and items[0]["candidate_address_text"]


# -- the console's pages ------------------------------------------------------------------------
def test_the_console_and_the_docs_are_served_with_a_same_origin_policy(loop: Loop) -> None:
    for path in ("/", "/docs", "/redoc"):
        page = loop.client.get(path)
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        policy = page.headers["content-security-policy"]
        assert "default-src 'self'" in policy and "connect-src 'self'" in policy
        for link in re.findall(r'(?:src|href)="([^"]+)"', page.text):
            assert link.startswith("/"), (path, link)  # nothing from another host
            assert loop.client.get(link).status_code == 200, link
    assert loop.client.get("/openapi.json").status_code == 200


def test_the_reference_data_and_the_map_come_from_the_registry(loop: Loop) -> None:
    admin = loop.as_("admin")
    reference = loop.client.get("/console/reference", headers=admin).json()
    labels = {c["code"]: c for c in reference["categories"]}
    assert labels["urban.road_damage"]["label"] == "道路破损"
    assert labels["urban.road_damage"]["initials"] == "dlps"
    assert reference["places"][STREET]["name"] == "城区街道"
    cells = loop.client.get("/console/map/cells.geojson", headers=admin).json()
    assert {f["properties"]["name"] for f in cells["features"]} == set(reference["cells"])
    townships = loop.client.get("/console/map/townships.geojson", headers=admin).json()
    assert [f["properties"]["label"] for f in townships["features"]] == ["城区街道"]
    roads = loop.client.get("/console/map/roads.geojson", headers=admin).json()
    assert roads["features"] and roads["features"][0]["geometry"]["type"] == "LineString"
    assert loop.client.get("/console/map/tiles.geojson", headers=admin).status_code == 404
    assert loop.client.get("/console/reference").status_code == 401


def test_the_live_feed_masks_phones_in_free_text_for_roles_that_do_not_see_contacts(
    loop: Loop,
) -> None:
    before = datetime.now(UTC) - timedelta(seconds=1)
    case_id = loop.report(15)
    with loop.engine.begin() as conn:  # a place typed with a number in it, as some are
        conn.execute(
            update(cases)
            .where(cases.c.id == case_id)
            .values(updated_at=datetime.now(UTC), address_text="黄河路口 联系13800001234")
        )
    params = {"since": before.isoformat(), "timeout": 1.5}

    def told(name: str) -> str:
        answer = loop.client.get("/events/cases", params=params, headers=loop.as_(name))
        changes = [c for c in sse_events(answer.text) if c["id"] == case_id]
        assert changes, name
        return json.dumps(changes, ensure_ascii=False)

    assert "13800001234" in told("street")
    supervisor = told("supervisor")
    assert "13800001234" not in supervisor and "*******1234" in supervisor
