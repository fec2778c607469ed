"""What an outsider's probe found, on SQLite and PostgreSQL: input that used to answer 500
(NUL characters, a phone too long for its column, dates out of range, offsets past the
database's integers, LIKE wildcards), the abuse limits (login lockout, body limit, password
policy, re-hashing, idempotency keys per sender, zip bombs) and one rule each for "overdue"
and for "in that area"."""

# ruff: noqa: F811 - the closed-loop tests' `loop` fixtures, imported, are the tests' arguments

from __future__ import annotations

import io
import sqlite3
import zipfile
from pathlib import Path
from urllib.parse import quote_from_bytes

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event, func, select, update

from api.app import create_app
from config import HubSettings
from dispatch.adapters.tables import attachments, cases, outbox, users
from dispatch.roles import Role, User
from tests.auth_helpers import PASSWORD, TEST_SCRYPT_N, add_user
from tests.integration.test_closed_loop import STREET, Loop, loop, shared_loop  # noqa: F401
from tests.integration.test_kpi_api import Hub, hub  # noqa: F401
from tests.services import free_port

NUL = "a\x00b"


def a_report(**changes: object) -> dict[str, object]:
    body: dict[str, object] = {
        "grid": "urban",
        "category": "urban.road_damage",
        "description": "路面坑洼，雨天积水",
        "address_text": "乳山市城区街道胜利街12号",
        "reporter": {"id": "WG0001", "role": "grid_worker", "phone": "13800001234"},
    }
    body.update(changes)
    return body


def field_errors(response: object) -> dict[str, str]:
    body = response.json()  # type: ignore[attr-defined]
    return {e["field"]: e["reason"] for e in body["errors"]}


# -- inputs that answered 500 ---------------------------------------------------------------
@pytest.mark.parametrize("name", ["category", "area", "department", "q"])
@pytest.mark.parametrize("path", ["/cases", "/queue"])
def test_a_nul_in_a_query_parameter_is_a_422_naming_it(
    shared_loop: Loop, path: str, name: str
) -> None:
    loop = shared_loop
    response = loop.client.get(path, params={name: NUL}, headers=loop.as_("admin"))
    assert response.status_code == 422, response.text
    assert "NUL" in field_errors(response)[name]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"description": NUL}, "description"),
        ({"client_request_id": NUL}, "client_request_id"),
        ({"category": "urban.road\x00damage"}, "category"),
        ({"reporter": {"id": "WG1", "role": "grid_worker", "name": NUL}}, "reporter.name"),
    ],
)
def test_a_nul_in_a_body_field_is_a_422_naming_it(
    shared_loop: Loop, changes: dict[str, object], field: str
) -> None:
    loop = shared_loop
    response = loop.client.post("/reports", json=a_report(**changes), headers=loop.as_("admin"))
    assert response.status_code == 422, response.text
    assert "NUL" in field_errors(response)[field]


def test_a_nul_in_a_form_and_in_a_path_is_a_422_too(shared_loop: Loop) -> None:
    loop = shared_loop
    form = loop.client.post("/auth/token", data={"username": NUL, "password": "x"})
    assert form.status_code == 422 and "username" in field_errors(form)
    path = loop.client.get("/cases/a%00b", headers=loop.as_("admin"))
    assert path.status_code == 422 and "path" in field_errors(path)


def multipart(*parts: tuple[bytes, bytes | None, bytes]) -> tuple[bytes, dict[str, str]]:
    """A multipart/form-data body written byte by byte (a client library would escape a NUL
    in a file name): parts of (name, file name or None, value)."""
    boundary = b"gridhub-test-boundary"
    body = b""
    for name, filename, value in parts:
        disposition = b'form-data; name="' + name + b'"'
        if filename is not None:
            disposition += b'; filename="' + filename + b'"'
        body += b"--" + boundary + b"\r\nContent-Disposition: " + disposition + b"\r\n"
        if filename is not None:
            body += b"Content-Type: image/jpeg\r\n"
        body += b"\r\n" + value + b"\r\n"
    body += b"--" + boundary + b"--\r\n"
    return body, {"Content-Type": f"multipart/form-data; boundary={boundary.decode()}"}


def open311_key(loop: Loop) -> bytes:
    client = loop.client.post(
        "/admin/open311-clients", json={"name": "乳山通 APP"}, headers=loop.as_("admin")
    )
    assert client.status_code == 201, client.text
    return str(client.json()["api_key"]).encode()


def a_photo() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 48), "orange").save(out, "JPEG")
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "filename", "value", "field", "reason"),
    [
        (b"file", b"a\x00b.jpg", b"", "file", "NUL"),  # the photo is added below
        (b"note", None, b"a\x00b", "note", "NUL"),
        (b"note", None, b"\xff\xfe", "note", "UTF-8"),
        (b"note", None, "路面".encode("gbk"), "note", "UTF-8"),
        (b"a\x00b", None, b"x", "a\\0b", "NUL"),
    ],
)
def test_a_nul_or_invalid_text_in_a_multipart_upload_is_a_422_naming_it(
    loop: Loop, name: bytes, filename: bytes | None, value: bytes, field: str, reason: str
) -> None:
    parts = [(name, filename, value or a_photo())]
    if name != b"file":
        parts.append((b"file", b"photo.jpg", a_photo()))
    body, headers = multipart(*parts)
    response = loop.client.post("/attachments", content=body, headers=loop.as_("worker") | headers)
    assert response.status_code == 422, response.text
    assert reason in field_errors(response)[field]
    assert response.json()["errors"][0]["in"] == "body"


def test_a_photo_with_plain_text_fields_is_still_taken(loop: Loop) -> None:
    body, headers = multipart(
        (b"note", None, "路面塌陷 ok".encode()), (b"file", "照片.jpg".encode(), a_photo())
    )
    response = loop.client.post("/attachments", content=body, headers=loop.as_("worker") | headers)
    assert response.status_code == 201, response.text
    with loop.engine.connect() as conn:
        assert conn.scalar(select(attachments.c.filename)) == "照片.jpg"


def test_a_nul_in_a_multipart_login_is_a_422(loop: Loop) -> None:
    body, headers = multipart((b"username", None, b"admin\x00"), (b"password", None, b"x"))
    response = loop.client.post("/auth/token", content=body, headers=headers)
    assert response.status_code == 422, response.text
    assert "NUL" in field_errors(response)["username"]


@pytest.mark.parametrize(
    ("name", "value", "reason"),
    [
        (b"description", b"\xe8\xb7\xaf\x00\xe9\x9d\xa2", "NUL"),
        (b"attribute[plate_number]", b"\xe9\xb2\x81K\x0012345", "NUL"),
        (b"address_string", b"\xc8\xe9\xc9\xbd", "UTF-8"),  # 乳山 in GBK
        (b"last_name", b"\xed\xa0\x80", "UTF-8"),  # a UTF-16 surrogate written as UTF-8
    ],
)
@pytest.mark.parametrize("kind", ["multipart", "urlencoded"])
def test_a_nul_or_invalid_text_in_an_open311_post_is_a_422_naming_it(
    loop: Loop, kind: str, name: bytes, value: bytes, reason: str
) -> None:
    fields = {
        b"api_key": open311_key(loop),
        b"service_code": b"urban.illegal_parking",
        b"address_string": "乳山市城区街道胜利街12号".encode(),
    }
    fields[name] = value
    if kind == "multipart":
        body, headers = multipart(*((k, None, v) for k, v in fields.items()))
    else:
        body = b"&".join(quote_from_bytes(k).encode() + b"=" + quote_from_bytes(v).encode()
                         for k, v in fields.items())  # fmt: skip
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
    response = loop.client.post("/open311/v2/requests.json", content=body, headers=headers)
    assert response.status_code == 422, response.text
    assert reason in field_errors(response)[name.decode()]
    with loop.engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(outbox)) == 0


def test_a_phone_longer_than_its_column_is_a_422(shared_loop: Loop) -> None:
    loop = shared_loop
    phone = "+" + "1" * 20  # the contract's pattern allows it; the column holds 20
    reporter = {"id": "WG1", "role": "citizen", "phone": phone}
    response = loop.client.post(
        "/reports", json=a_report(reporter=reporter), headers=loop.as_("admin")
    )
    assert response.status_code == 422, response.text
    assert "20" in field_errors(response)["reporter.phone"]


@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-05:00"])
def test_a_date_out_of_range_is_a_422(shared_loop: Loop, moment: str) -> None:
    loop = shared_loop
    response = loop.client.post(
        "/reports", json=a_report(occurred_at=moment), headers=loop.as_("admin")
    )
    assert response.status_code == 422, response.text
    assert "occurred_at" in field_errors(response)


@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-05:00"])
def test_an_open311_date_out_of_range_is_the_specs_400(shared_loop: Loop, moment: str) -> None:
    loop = shared_loop
    response = loop.client.get("/open311/v2/requests.json", params={"start_date": moment})
    assert response.status_code == 400, response.text
    assert "start_date is out of range" in response.json()[0]["description"]


@pytest.mark.parametrize(
    ("path", "who"),
    [("/cases", "admin"), ("/queue", "admin"), ("/overdue", "admin"), ("/kpi/cases", "admin")],
)
def test_an_offset_past_the_database_integers_is_a_422(
    shared_loop: Loop, path: str, who: str
) -> None:
    loop = shared_loop
    response = loop.client.get(path, params={"offset": 2**63}, headers=loop.as_(who))
    assert response.status_code == 422, response.text
    assert "offset" in field_errors(response)


def test_days_whose_next_day_does_not_exist_are_a_422(shared_loop: Loop) -> None:
    loop = shared_loop
    for path, name in (("/cases", "reported_to"), ("/kpi/summary", "end")):
        response = loop.client.get(path, params={name: "9999-12-31"}, headers=loop.as_("admin"))
        assert response.status_code == 422, (path, response.text)
        assert name in field_errors(response)


def test_like_wildcards_in_an_area_match_only_themselves(loop: Loop) -> None:
    loop.report(1)
    admin = loop.as_("admin")
    assert loop.client.get("/cases", params={"area": STREET}, headers=admin).json()["total"] == 1
    for pattern in ("%", "_", "3710830%", "37108300_"):
        page = loop.client.get("/cases", params={"area": pattern}, headers=admin).json()
        assert page["total"] == 0, pattern


def test_a_locked_sqlite_database_is_a_503_with_retry_after(tmp_path: Path) -> None:
    from dispatch.adapters.db import make_engine
    from dispatch.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'hub.db'}"
    upgrade(url)
    engine = make_engine(url)

    @event.listens_for(engine, "connect")
    def _impatient(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.execute("PRAGMA busy_timeout=50")

    add_user(engine, User("admin", Role.ADMIN, "admin"))
    settings = HubSettings(data_dir=tmp_path, kafka_bootstrap=f"127.0.0.1:{free_port()}")
    with TestClient(create_app(settings, engine, run_relay=False)) as client:
        token = client.post("/auth/token", data={"username": "admin", "password": PASSWORD})
        headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
        holder = sqlite3.connect(tmp_path / "hub.db", isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
        try:
            response = client.post("/reports", json=a_report(), headers=headers)
        finally:
            holder.execute("ROLLBACK")
            holder.close()
    engine.dispose()
    assert response.status_code == 503, response.text
    assert int(response.headers["Retry-After"]) >= 1


# -- abuse limits -----------------------------------------------------------------------------
def test_a_body_over_the_limit_is_refused_before_it_is_read_or_authenticated(
    shared_loop: Loop,
) -> None:
    loop = shared_loop
    limit = loop.client.app.state.settings.api_max_body_bytes  # type: ignore[attr-defined]
    big = b"{" + b" " * limit + b"}"
    # No token at all: the size is judged first.
    response = loop.client.post(
        "/reports", content=big, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413, response.text
    assert str(limit) in field_errors(response)["body"]

    def chunks():  # no Content-Length: counted as it arrives
        for _ in range(limit // 65536 + 2):
            yield b" " * 65536

    streamed = loop.client.post(
        "/reports", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert streamed.status_code == 413
    # A multipart body is counted as the endpoint reads it: still a 413, not a 400.
    form = loop.client.post(
        "/auth/token",
        content=chunks(),
        headers={"Content-Type": "multipart/form-data; boundary=gridhub"},
    )
    assert form.status_code == 413, form.text


def test_failed_logins_lock_the_account_and_then_the_right_password_waits_too(
    loop: Loop,
) -> None:
    settings = loop.client.app.state.settings  # type: ignore[attr-defined]
    for _ in range(settings.auth_max_failures_per_account):
        wrong = loop.client.post("/auth/token", data={"username": "admin", "password": "nope"})
        assert wrong.status_code == 401
    right = loop.client.post("/auth/token", data={"username": "admin", "password": PASSWORD})
    assert right.status_code == 429, right.text
    assert 1 <= int(right.headers["Retry-After"]) <= settings.auth_lockout_seconds
    # Another account from the same address still logs in (below the address's limit).
    other = loop.client.post("/auth/token", data={"username": "street", "password": PASSWORD})
    assert other.status_code == 200
    # Unknown names are counted like known ones: the answer tells nothing about who exists.
    for _ in range(settings.auth_max_failures_per_account):
        loop.client.post("/auth/token", data={"username": "nobody", "password": "nope"})
    assert (
        loop.client.post("/auth/token", data={"username": "nobody", "password": "nope"}).status_code
        == 429
    )


def test_failed_logins_from_one_address_block_it(engine: Engine, tmp_path: Path) -> None:
    settings = HubSettings(
        data_dir=tmp_path,
        kafka_bootstrap=f"127.0.0.1:{free_port()}",
        auth_max_failures_per_address=3,
    )
    add_user(engine, User("admin", Role.ADMIN, "admin"))
    with TestClient(create_app(settings, engine, run_relay=False)) as client:
        for name in ("a1", "a2", "a3"):  # three accounts, one failure each
            assert (
                client.post("/auth/token", data={"username": name, "password": "x"}).status_code
                == 401
            )
        blocked = client.post("/auth/token", data={"username": "admin", "password": PASSWORD})
        assert blocked.status_code == 429 and "Retry-After" in blocked.headers


def test_a_good_login_clears_the_account_count(loop: Loop) -> None:
    settings = loop.client.app.state.settings  # type: ignore[attr-defined]
    for _ in range(3):  # 12 failures: below the address limit, never 5 in a row
        for password in ("nope",) * (settings.auth_max_failures_per_account - 1) + (PASSWORD,):
            loop.client.post("/auth/token", data={"username": "street", "password": password})
    assert (
        loop.client.post(
            "/auth/token", data={"username": "street", "password": PASSWORD}
        ).status_code
        == 200
    )


@pytest.mark.parametrize(
    ("password", "says"),
    [
        ("a", "at least"),
        ("short", "at least"),
        ("1234567890", "run"),
        ("qwertyuiop", "run"),
        ("password123", "common"),
        ("aaaaaaaaaaaa", "different characters"),
        ("new.admin-2026!", "username"),
    ],
)
def test_a_trivial_password_is_refused_for_admins_too(loop: Loop, password: str, says: str) -> None:
    body = {"username": "new.admin", "password": password, "role": "admin"}
    response = loop.client.post("/users", json=body, headers=loop.as_("admin"))
    assert response.status_code == 422, response.text
    assert says in field_errors(response)["password"]
    change = loop.client.patch(
        "/users/street",
        json={"password": password.replace("new.admin", "street")},
        headers=loop.as_("admin"),
    )
    assert change.status_code == 422
    assert (
        loop.client.post(
            "/users", json=body | {"password": "correct horse battery"}, headers=loop.as_("admin")
        ).status_code
        == 201
    )


def test_a_weaker_hash_is_replaced_at_the_next_good_login(engine: Engine, tmp_path: Path) -> None:
    stronger = TEST_SCRYPT_N * 2
    settings = HubSettings(
        data_dir=tmp_path, kafka_bootstrap=f"127.0.0.1:{free_port()}", auth_scrypt_n=stronger
    )
    add_user(engine, User("admin", Role.ADMIN, "admin"))  # hashed at TEST_SCRYPT_N

    def stored() -> str:
        with engine.connect() as conn:
            return conn.scalar(select(users.c.password_hash).where(users.c.username == "admin"))

    before = stored()
    assert before.split("$")[1] == str(TEST_SCRYPT_N)
    with TestClient(create_app(settings, engine, run_relay=False)) as client:
        wrong = client.post("/auth/token", data={"username": "admin", "password": "nope"})
        assert wrong.status_code == 401 and stored() == before  # only a good login re-hashes
        assert (
            client.post("/auth/token", data={"username": "admin", "password": PASSWORD}).status_code
            == 200
        )
        assert stored().split("$")[1] == str(stronger)
        again = client.post("/auth/token", data={"username": "admin", "password": PASSWORD})
        assert again.status_code == 200


def test_an_idempotency_key_is_its_senders_own(loop: Loop) -> None:
    key = "phone-42-0001"
    worker = loop.client.post(
        "/reports", json=a_report(client_request_id=key), headers=loop.as_("worker")
    )
    admin = loop.client.post(
        "/reports",
        json=a_report(client_request_id=key, description="另一处：井盖缺失"),
        headers=loop.as_("admin"),
    )
    assert (worker.status_code, admin.status_code) == (202, 202), admin.text
    assert worker.json()["report_id"] != admin.json()["report_id"]
    mine = loop.client.get(admin.json()["links"]["self"], headers=loop.as_("admin")).json()
    assert mine["description"] == "另一处：井盖缺失"
    retry = loop.client.post(
        "/reports", json=a_report(client_request_id=key), headers=loop.as_("worker")
    )
    assert retry.status_code == 200 and retry.json()["report_id"] == worker.json()["report_id"]


def _bomb(inflated: int) -> bytes:
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("addresses.csv", "w") as member,
    ):
        block = b"0" * (1 << 20)
        for _ in range(inflated // len(block)):
            member.write(block)
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_with_the_reason_before_it_inflates(
    engine: Engine, tmp_path: Path
) -> None:
    settings = HubSettings(
        data_dir=tmp_path,
        kafka_bootstrap=f"127.0.0.1:{free_port()}",
        registry_import_max_inflated_bytes=8 * 1024 * 1024,
    )
    add_user(engine, User("admin", Role.ADMIN, "admin"))
    bomb = _bomb(64 * 1024 * 1024)
    assert len(bomb) < 200_000
    with TestClient(create_app(settings, engine, run_relay=False)) as client:
        token = client.post("/auth/token", data={"username": "admin", "password": PASSWORD})
        headers = {
            "Authorization": f"Bearer {token.json()['access_token']}",
            "Content-Type": "application/zip",
        }
        response = client.post("/registry/import", content=bomb, headers=headers)
        assert response.status_code == 413, response.text
        assert "inflate to more than 8388608 bytes" in field_errors(response)["body"]
        anonymous = client.post(
            "/registry/import", content=bomb, headers={"Content-Type": "application/zip"}
        )
        assert anonymous.status_code == 401


# -- one definition each ----------------------------------------------------------------------
def test_overdue_is_one_thing_for_the_kpi_and_the_overdue_list(hub: Hub) -> None:
    # Illegal construction is 'complex', calendar hours here: 立案 within 4 h, 派遣 within 4 h.
    waiting = hub.report("waiting", 5, 1)  # its acceptance due an hour ago
    hub.report("fresh", 1, 2)  # due in three hours
    accepted = hub.report("accepted", 30, 3)
    hub.do("street", accepted, "accept", reason="属实")  # late, but dispatch is due in 4 h
    listed = hub.get("supervisor", "/overdue")
    assert [c["id"] for c in listed["items"]] == [waiting]
    figures = hub.get("supervisor", "/kpi/summary")
    assert figures["indicators"]["open_overdue"] == listed["total"] == 1
    behind = hub.get("supervisor", "/kpi/cases", measure="open_overdue")
    assert [c["case_id"] for c in behind["cases"]] == [waiting]
    # Waiting past its acceptance deadline counts against on-time acceptance, as a late
    # acceptance would: none of the two was on time.
    assert figures["indicators"]["on_time_acceptance"] == 0.0
    # The accepted one can no longer close on time: it counts against on-time closure.
    assert figures["indicators"]["open_late"] == 1
    maps = hub.client.get("/cases/areas", headers=hub.headers["supervisor"]).json()
    assert sum(a["overdue"] for a in maps) == 1


def test_a_case_the_communitys_supervisor_sees_is_in_the_communitys_list(hub: Hub) -> None:
    case_id = hub.report("here", 1, 1)
    with hub.engine.connect() as conn:
        path = conn.scalar(select(cases.c.area_path).where(cases.c.id == case_id))
    community = [code for code in path.split("/") if code][2]
    # A registry numbers its cells as it likes: the cell code need not start with the
    # community's. The path is what says where a case lies.
    with hub.engine.begin() as conn:
        conn.execute(update(cases).where(cases.c.id == case_id).values(cell_code="C-17"))
    viewer = hub.headers["community"]
    assert hub.client.get(f"/cases/{case_id}", headers=viewer).status_code == 200
    for who in ("community", "admin"):
        page = hub.get(who, "/cases", area=community)
        assert [c["id"] for c in page["items"]] == [case_id], who
    assert hub.get("admin", "/kpi/summary", area=community)["indicators"]["cases"] == 1
    assert hub.get("community", "/kpi/summary")["indicators"]["cases"] == 1
