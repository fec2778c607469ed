"""Open311 GeoReport v2 as an outside system speaks it (SQLite and PostgreSQL).

Reads go through the independent PyPI client ``georeport`` (it only reads), in JSON and in
XML, over real HTTP; writes are form posts shaped as the spec describes them. A posted report
is put into a case here the way the stream does it (placed by the registry, recorded, its
events projected); tests/e2e/test_open311.py runs the same through the running hub.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
import requests
import xmltodict
from georeport import GeoReport
from sqlalchemy import Engine, select

from api.app import create_app
from config import HubSettings
from contracts.lifecycle import Actor
from contracts.report import IncidentReport
from dispatch.adapters.repository import OutboxRepository
from dispatch.adapters.tables import reports
from dispatch.adapters.uow import SqlUnitOfWork
from dispatch.lifecycle import Command
from dispatch.privacy import is_sealed
from dispatch.services import TopicNames, run_command
from dispatch.sla import SlaPolicy
from grid.adapters import store
from grid.placing import Placer
from tests.auth_helpers import ADMIN, add_user
from tests.factories import small_registry
from tests.live_api import serve
from tests.recording import record
from tests.services import free_port

TOPICS = TopicNames(reports="hub.reports", case_events="hub.case-events")
JURISDICTION = "371083"
DISPATCHER = Actor(id="dispatcher", role="dispatcher")
HANDLER = Actor(id="handler", role="handler")


@dataclass
class Open311:
    base: str  # the server
    engine: Engine
    placer: Placer
    api_key: str
    admin: dict[str, str]

    @property
    def root(self) -> str:
        return f"{self.base}/open311/v2"

    def client(self, fmt: str) -> GeoReport:
        return GeoReport(self.root, jurisdiction=JURISDICTION, output_format=fmt)

    def post(self, fmt: str = "json", **fields: str) -> httpx.Response:
        form = {"api_key": self.api_key, "jurisdiction_id": JURISDICTION} | fields
        return httpx.post(f"{self.root}/requests.{fmt}", data=form)

    def place_posted(self) -> int:
        """What the stream does with the posted reports: place, record, project."""
        now = datetime.now(UTC)
        with self.engine.begin() as conn:
            outbox = OutboxRepository(conn)
            batch = outbox.claim("test", 100, now, timedelta(seconds=30))
            outbox.mark_published([m.id for m in batch if m.id is not None], "test", now)
        placed = [
            self.placer.place(IncidentReport.model_validate_json(m.value), now)
            for m in batch
            if m.topic == TOPICS.reports
        ]
        record(self.engine, placed, now)
        return len(placed)


@pytest.fixture
def hub(engine: Engine, tmp_path: Path) -> Iterator[Open311]:
    registry = small_registry()
    with engine.begin() as conn:
        store.save(conn, registry, datetime.now(UTC))
    add_user(engine, ADMIN)
    settings = HubSettings(
        data_dir=tmp_path, kafka_bootstrap=f"127.0.0.1:{free_port()}", kpi_refresh_seconds=0
    )
    app = create_app(settings, engine, run_relay=False)
    with serve(app) as base:
        token = httpx.post(
            f"{base}/auth/token", data={"username": "admin", "password": "test-password"}
        ).json()["access_token"]
        admin = {"Authorization": f"Bearer {token}"}
        issued = httpx.post(
            f"{base}/admin/open311-clients", json={"name": "乳山通 APP"}, headers=admin
        )
        assert issued.status_code == 201, issued.text
        yield Open311(base, engine, Placer(registry), issued.json()["api_key"], admin)


def an_address(hub: Open311, n: int = 0) -> str:
    address = [a for a in hub.placer.registry.addresses if a.number][n]
    return hub.placer.places.address_text(address)


def test_discovery_and_the_service_list_read_by_an_independent_client(hub: Open311) -> None:
    found = httpx.get(f"{hub.base}/discovery.json").json()
    (endpoint,) = found["endpoints"]
    assert endpoint["url"] == hub.root and endpoint["specification"].endswith("GeoReport_v2")
    xml = xmltodict.parse(httpx.get(f"{hub.base}/open311/discovery.xml").content)
    assert xml["discovery"]["endpoints"]["endpoint"]["url"] == hub.root

    as_json = hub.client("json").get_service_list()
    as_xml = hub.client("xml").get_service_list()
    by_code = {s["service_code"]: s for s in as_json}
    assert [s["service_code"] for s in as_xml] == [s["service_code"] for s in as_json]
    road = by_code["urban.road_damage"]
    assert road["service_name"] == "道路破损" and road["group"] == "城市管理"
    assert "坑洼" in road["keywords"].split(",")
    assert by_code["market.food_safety"]["metadata"] is True
    # Named people's disputes and petitions are the 综治 system's, not published.
    assert not [code for code in by_code if code.startswith("political_legal.")]
    xml_road = next(s for s in as_xml if s["service_code"] == "urban.road_damage")
    assert xml_road["service_name"] == "道路破损" and xml_road["metadata"] == "false"

    definition = hub.client("json").get_service_definition("market.food_safety")
    attributes = {a["code"]: a for a in definition["attributes"]}
    assert attributes["business_name"]["required"] is True
    in_xml = hub.client("xml").get_service_definition("environment.noise")
    assert in_xml["attributes"]["attribute"]["code"] == "time_of_day"
    values = in_xml["attributes"]["attribute"]["values"]["value"]
    assert [v["key"] for v in values] == ["day", "night", "continuous"]


def test_errors_are_the_specs_in_both_formats(hub: Open311) -> None:
    no_key = httpx.post(
        f"{hub.root}/requests.xml", data={"service_code": "urban.road_damage", "lat": "36.9"}
    )
    assert no_key.status_code == 403
    error = xmltodict.parse(no_key.content)["errors"]["error"]
    assert error["code"] == "403" and "api_key" in error["description"]
    wrong = hub.post(
        service_code="urban.road_damage", api_key="not-a-key", lat="36.9", long="121.5"
    )
    assert wrong.status_code == 403 and wrong.json()[0]["code"] == 403
    for fields, words in (
        ({"service_code": "urban.teleporter", "lat": "36.9", "long": "121.5"}, "service_code"),
        ({"service_code": "political_legal.dispute", "lat": "36.9", "long": "121.5"}, "service"),
        ({"service_code": "urban.road_damage"}, "lat and long"),
        ({"service_code": "urban.road_damage", "lat": "91", "long": "121.5"}, "WGS-84"),
        ({"service_code": "urban.road_damage", "address_id": "no-such"}, "address_id"),
        ({"service_code": "market.food_safety", "address_string": "黄河路1号"}, "business_name"),
        ({"service_code": "urban.road_damage", "address_string": "x", "media_url": "ftp://a"},
         "media_url"),
        ({"service_code": "environment.noise", "address_string": "x",
          "attribute[time_of_day]": "noon"}, "time_of_day"),
    ):  # fmt: skip
        answer = hub.post(**fields)
        assert answer.status_code == 400, (fields, answer.text)
        (problem,) = answer.json()
        assert problem["code"] == 400 and words in problem["description"], problem
    missing = httpx.get(f"{hub.root}/requests/no-such-case.xml")
    assert missing.status_code == 404
    assert xmltodict.parse(missing.content)["errors"]["error"]["code"] == "404"
    with pytest.raises(requests.HTTPError):
        hub.client("json").get_service_request("no-such-case")
    elsewhere = httpx.get(f"{hub.root}/services.json", params={"jurisdiction_id": "110101"})
    assert elsewhere.status_code == 404 and "371083" in elsewhere.json()[0]["description"]
    too_long = httpx.get(
        f"{hub.root}/requests.json",
        params={"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-06-01T00:00:00Z"},
    )
    assert too_long.status_code == 400 and "90 days" in too_long.json()[0]["description"]
    assert httpx.get(f"{hub.root}/services.csv").status_code == 404
    as_json_body = httpx.post(f"{hub.root}/requests.json", json={"api_key": hub.api_key})
    assert as_json_body.status_code == 400 and "form" in as_json_body.json()[0]["description"]


def test_a_posted_request_becomes_a_case_read_back_by_the_client(hub: Open311) -> None:
    posted = hub.post(
        "xml",
        service_code="urban.road_damage",
        address_string=an_address(hub),
        description="路面塌陷一个大坑，晚上看不清",
        media_url="https://photos.example/pothole.jpg",
        first_name="女士",
        last_name="王",
        phone="13906311234",
        account_id="wx-7788",
        client_request_id="app-0001",
    )
    assert posted.status_code == 201, posted.text
    answer = xmltodict.parse(posted.content)["service_requests"]["request"]
    token = answer["token"]
    assert answer["account_id"] == "wx-7788" and not answer.get("service_request_id")
    # A retry with the same client_request_id is the same request.
    again = hub.post(
        service_code="urban.road_damage",
        address_string=an_address(hub),
        client_request_id="app-0001",
    )
    assert again.json()[0]["token"] == token
    waiting = httpx.get(f"{hub.root}/tokens/{token}.json").json()
    assert waiting == [{"service_request_id": None, "token": token}]

    assert hub.place_posted() == 1  # the stream's work: placed, recorded, projected
    (by_token,) = httpx.get(f"{hub.root}/tokens/{token}.json").json()
    case_id = by_token["service_request_id"]
    assert case_id
    in_xml = xmltodict.parse(httpx.get(f"{hub.root}/tokens/{token}.xml").content)
    assert in_xml["service_requests"]["request"]["service_request_id"] == case_id

    read = hub.client("json").get_service_request(case_id)
    assert read["status"] == "open" and read["gridhub_state"] in ("reported", "dispatched")
    assert read["service_code"] == "urban.road_damage" and read["agency_responsible"]
    assert read["lat"] and read["long"] and read["address"]
    assert "13906311234" not in str(read) and "王" not in str(read)  # nobody's contact
    read_xml = hub.client("xml").get_service_request(case_id)
    assert read_xml["service_request_id"] == case_id and read_xml["status"] == "open"
    listed = hub.client("json").get_service_requests(status="open")
    assert case_id in [r["service_request_id"] for r in listed]
    assert hub.client("json").get_service_requests(status="closed") == []
    many = hub.client("xml").get_service_requests(service_request_id=case_id)
    assert many["service_request_id"] == case_id  # one request: xmltodict gives the element

    # Its report went the hub's way: the open311 channel, the reporter a citizen.
    case = httpx.get(f"{hub.base}/cases/{case_id}", headers=hub.admin).json()
    (report,) = case["reports"]
    assert report["channel"] == "open311" and report["reporter_role"] == "citizen"


def test_states_read_as_open_or_closed_and_the_poster_rates_a_closed_request(
    hub: Open311,
) -> None:
    token = hub.post(
        service_code="urban.street_light", address_string=an_address(hub, 3), phone="13906310000"
    ).json()[0]["token"]
    hub.place_posted()
    case_id = httpx.get(f"{hub.root}/tokens/{token}.json").json()[0]["service_request_id"]

    def step(command: Command, actor: Actor, **args: object) -> None:
        run_command(
            case_id, command, actor, SqlUnitOfWork(hub.engine), TOPICS, datetime.now(UTC),
            SlaPolicy(), **args,
        )  # fmt: skip

    not_yet = httpx.post(
        f"{hub.root}/requests/{case_id}/rating.json",
        data={"api_key": hub.api_key, "rating": "satisfied"},
    )
    assert not_yet.status_code == 400 and "closed" in not_yet.json()[0]["description"]
    department = httpx.get(f"{hub.base}/cases/{case_id}", headers=hub.admin).json()
    if department["state"] == "reported":
        step(Command.ACCEPT, DISPATCHER)
        step(Command.DISPATCH, DISPATCHER, department_id=department["route"]["department_id"])
    step(Command.SIGN, HANDLER)
    assert hub.client("json").get_service_request(case_id)["gridhub_state"] == "in_progress"
    step(Command.RESOLVE, HANDLER, note="已更换灯泡，问题请拨0631-6651234")
    step(Command.VERIFY, DISPATCHER)
    step(Command.CLOSE, DISPATCHER)
    closed = hub.client("xml").get_service_request(case_id)
    # The reads are public: a number typed into the note is masked (docs/privacy.md).
    assert closed["status"] == "closed"
    assert closed["status_notes"] == "已更换灯泡，问题请拨****-***1234"
    assert closed["gridhub_state_label"] == "已结案" and not closed["expected_datetime"]

    other = httpx.post(
        f"{hub.base}/admin/open311-clients", json={"name": "another app"}, headers=hub.admin
    ).json()
    for key, rating, status_code in (
        (other["api_key"], "satisfied", 403),  # only the app that posted it
        (hub.api_key, "great", 400),
    ):
        refused = httpx.post(
            f"{hub.root}/requests/{case_id}/rating.xml", data={"api_key": key, "rating": rating}
        )
        assert refused.status_code == status_code, refused.text
    rated = httpx.post(
        f"{hub.root}/requests/{case_id}/rating.json",
        data={"api_key": hub.api_key, "rating": "不满意", "comment": "又不亮了"},
    )
    assert rated.status_code == 200, rated.text
    case = httpx.get(f"{hub.base}/cases/{case_id}", headers=hub.admin).json()
    assert case["satisfaction"]["rating"] == "unsatisfied"
    assert case["events"][-1]["actor_role"] == "citizen"

    # An admin switches the application's key off: it can post no more.
    switched = httpx.patch(
        f"{hub.base}/admin/open311-clients/{other['id']}",
        json={"active": False},
        headers=hub.admin,
    )
    assert switched.status_code == 200 and switched.json()["active"] is False
    gone = hub.post(api_key=other["api_key"], service_code="urban.street_light", address_string="x")
    assert gone.status_code == 403
    listed = httpx.get(f"{hub.base}/admin/open311-clients", headers=hub.admin).json()
    assert {c["name"] for c in listed} == {"乳山通 APP", "another app"}
    assert all("api_key" not in c for c in listed)


def test_a_posted_requests_contacts_are_stored_sealed_and_never_read_back(hub: Open311) -> None:
    posted = hub.post(
        service_code="urban.road_damage",
        address_string=an_address(hub, 2),
        description="井盖缺失",
        first_name="女士",
        last_name="王",
        phone="13906311234",
        email="wang@example.cn",
    )
    assert posted.status_code == 201, posted.text
    token = posted.json()[0]["token"]
    with hub.engine.connect() as conn:
        row = conn.execute(
            select(reports.c.reporter_name, reports.c.reporter_phone, reports.c.reporter_id).where(
                reports.c.id == token
            )
        ).one()
    assert is_sealed(row.reporter_phone) and is_sealed(row.reporter_name)
    assert "wang" not in row.reporter_id  # a digest of the e-mail, not the address
    assert hub.place_posted() == 1
    listed = httpx.get(f"{hub.root}/requests.json", params={"jurisdiction_id": JURISDICTION})
    assert listed.status_code == 200 and len(listed.json()) == 1  # the request is listed
    assert "13906311234" not in listed.text and "王女士" not in listed.text


def _documented(document: dict, schema: dict) -> dict:
    """``schema`` with the document's components, so that its $refs resolve."""
    return {**schema, "components": document["components"]}


def test_the_openapi_document_describes_the_form_posts_as_they_are_answered(
    hub: Open311,
) -> None:
    import jsonschema

    document = httpx.get(f"{hub.base}/openapi.json").json()
    post = document["paths"]["/open311/v2/{name}"]["post"]
    body = post["requestBody"]["content"]
    assert set(body) == {"application/x-www-form-urlencoded", "multipart/form-data"}
    form = body["application/x-www-form-urlencoded"]["schema"]
    assert set(form["properties"]) == {
        "api_key", "jurisdiction_id", "service_code", "lat", "long", "address_string",
        "address_id", "description", "media_url", "email", "device_id", "account_id",
        "first_name", "last_name", "phone", "client_request_id",
    }  # fmt: skip
    assert set(form["required"]) == {"api_key", "service_code"}
    assert form["additionalProperties"]["type"] == "string"  # attribute[code]
    answers = post["responses"]
    assert {"201", "400", "403", "404", "413", "422", "503"} <= set(answers)
    assert "200" not in answers  # a new request is a 201
    rating = document["paths"]["/open311/v2/requests/{case_id}/{name}"]["post"]
    assert set(rating["requestBody"]["content"]) == set(body)
    rating_form = rating["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert {"api_key", "rating", "comment"} <= set(rating_form["properties"])
    assert "满意" in rating_form["properties"]["rating"]["enum"]

    def check(response: httpx.Response, answers: dict) -> None:
        documented = answers[str(response.status_code)]["content"]
        kind = response.headers["content-type"].split(";")[0]
        assert kind in documented, (response.status_code, kind)
        if kind == "application/json":
            jsonschema.validate(response.json(), _documented(document, documented[kind]["schema"]))

    # A client that knows only the document: every documented field, as each content type.
    fields = {
        "api_key": hub.api_key, "jurisdiction_id": JURISDICTION,
        "service_code": "urban.illegal_parking", "address_string": an_address(hub),
        "description": "消防通道有车", "email": "citizen@example.cn", "first_name": "三",
        "last_name": "张", "phone": "13906311234", "device_id": "phone-1",
        "attribute[plate_number]": "鲁K12345",
    }  # fmt: skip
    assert set(fields) - {"attribute[plate_number]"} <= set(form["properties"])
    posted = httpx.post(f"{hub.root}/requests.json", data=fields | {"client_request_id": "doc-1"})
    assert posted.status_code == 201, posted.text
    check(posted, answers)
    assert posted.json()[0]["token"]
    multipart = {k: (None, v) for k, v in (fields | {"client_request_id": "doc-2"}).items()}
    as_multipart = httpx.post(f"{hub.root}/requests.json", files=multipart)
    assert as_multipart.status_code == 201, as_multipart.text
    check(as_multipart, answers)
    as_xml = httpx.post(f"{hub.root}/requests.xml", data=fields | {"client_request_id": "doc-3"})
    assert as_xml.status_code == 201 and "xml" in as_xml.headers["content-type"]
    check(as_xml, answers)
    # The errors are answered as documented too.
    for wrong, status in (({"api_key": "nope"}, 403), ({"service_code": "no.such"}, 400)):
        refused = httpx.post(f"{hub.root}/requests.json", data=fields | wrong)
        assert refused.status_code == status, refused.text
        check(refused, answers)
    nul = httpx.post(f"{hub.root}/requests.json", files=multipart | {"description": (None, "a\0")})
    assert nul.status_code == 422, nul.text
    check(nul, answers)
    unreadable = httpx.post(
        f"{hub.root}/requests.json",
        content=b"not a form",
        headers={"Content-Type": "multipart/form-data"},  # no boundary
    )
    assert unreadable.status_code == 400, unreadable.text
    check(unreadable, answers)  # the spec's shape, not FastAPI's {"detail"}
    unrated = httpx.post(
        f"{hub.root}/requests/no-such-case/rating.json",
        data={"api_key": hub.api_key, "rating": "满意"},
    )
    assert unrated.status_code == 404
    check(unrated, rating["responses"])
