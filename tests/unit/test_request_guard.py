"""The request guard: body limits before anything is read or authenticated, NUL characters
named where they are."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

import pytest
from fastapi import Depends, FastAPI, Header, HTTPException, Request
from fastapi.testclient import TestClient
from pydantic import BaseModel

from api import errors
from api.guard import BodyLimits, RequestGuard, bad_text_in_form, nul_in_json

LIMIT = 2048


def authenticated(authorization: Annotated[str | None, Header()] = None) -> None:
    if authorization != "Bearer ok":
        raise HTTPException(401, detail="log in first")


class Body(BaseModel):
    text: str


@pytest.fixture
def client() -> Iterator[TestClient]:
    app = FastAPI()
    errors.install(app)
    reads: list[int] = []

    @app.post("/echo", dependencies=[Depends(authenticated)])
    def echo(body: Body) -> dict[str, str]:
        return {"text": body.text}

    @app.post("/upload", dependencies=[Depends(authenticated)])
    async def upload(request: Request) -> dict[str, int]:
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
        reads.append(size)
        return {"size": size}

    @app.get("/find")
    def find(q: str = "") -> dict[str, str]:
        return {"q": q}

    app.add_middleware(RequestGuard, limits=BodyLimits(LIMIT, {("POST", "/upload"): 4 * LIMIT}))
    with TestClient(app) as test_client:
        test_client.reads = reads  # type: ignore[attr-defined]
        yield test_client


def test_a_declared_size_over_the_limit_is_a_413_before_authentication(client: TestClient) -> None:
    response = client.post(
        "/echo", content=b"x" * (LIMIT + 1), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413  # not 401: the size is judged first
    assert response.json()["errors"] == [
        {"field": "body", "reason": f"larger than {LIMIT} bytes", "in": "body"}
    ]


def test_an_undeclared_size_is_counted_as_it_arrives(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(10):
            yield b"y" * 1024

    auth = {"Authorization": "Bearer ok"}
    response = client.post("/upload", content=chunks(), headers=auth)
    assert response.status_code == 413 and response.json()["errors"][0]["field"] == "body"
    small = client.post("/upload", content=b"z" * (3 * LIMIT), headers=auth)
    assert small.status_code == 200 and small.json() == {"size": 3 * LIMIT}


def test_a_nul_anywhere_is_a_422_naming_where(client: TestClient) -> None:
    auth = {"Authorization": "Bearer ok"}
    body = client.post("/echo", json={"text": "a\x00b"}, headers=auth)
    assert body.status_code == 422
    assert body.json()["errors"] == [
        {"field": "text", "reason": "must not contain NUL characters", "in": "body"}
    ]
    query = client.get("/find", params={"q": "\x00"})
    assert query.status_code == 422 and query.json()["errors"][0]["field"] == "q"
    path = client.get("/find%00")
    assert path.status_code == 422 and path.json()["errors"][0]["in"] == "path"
    # "%00" spelled out in text, or an escaped backslash before u0000, is not a NUL.
    assert client.get("/find", params={"q": "%00"}).json() == {"q": "%00"}
    fine = client.post("/echo", json={"text": "\\u0000 in words"}, headers=auth)
    assert fine.status_code == 200 and fine.json() == {"text": "\\u0000 in words"}


def test_nul_paths_in_nested_json() -> None:
    assert nul_in_json({"a": [{"b": "ok"}, {"c": "x\x00"}]}) == "a.1.c"
    assert nul_in_json({"a": ["fine"]}) is None
    assert nul_in_json("\x00") == "body"


def test_a_lone_surrogate_is_a_422_and_a_pair_is_text(client: TestClient) -> None:
    auth = {"Authorization": "Bearer ok", "Content-Type": "application/json"}
    lone = client.post("/echo", content=b'{"text": "a\\ud800b"}', headers=auth)
    assert lone.status_code == 422
    assert lone.json()["errors"][0]["field"] == "text"
    assert "surrogate" in lone.json()["errors"][0]["reason"]
    pair = client.post("/echo", content=b'{"text": "\\ud83d\\ude00"}', headers=auth)
    assert pair.status_code == 200 and pair.json() == {"text": "\U0001f600"}


def _form_chunks(value: bytes, size: int) -> Iterator[bytes]:
    body = (
        b'--b\r\nContent-Disposition: form-data; name="note"\r\n\r\n' + value + b"\r\n"
        b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.bin"\r\n'
        b"Content-Type: application/octet-stream\r\n\r\n\x00\xff\xfe binary\r\n--b--\r\n"
    )
    for start in range(0, len(body), size):
        yield body[start : start + size]


@pytest.mark.parametrize("size", [1, 7, 4096])
def test_multipart_text_is_judged_as_it_streams_and_files_are_not(size: int) -> None:
    seen: list[str] = []
    app = FastAPI()
    errors.install(app)

    @app.post("/form")
    async def form(request: Request) -> dict[str, str]:
        got = await request.form()
        seen.append(str(got["note"]))
        return {"note": str(got["note"])}

    app.add_middleware(RequestGuard, limits=BodyLimits(LIMIT))
    kind = {"Content-Type": "multipart/form-data; boundary=b"}
    with TestClient(app) as client:
        # A character split between chunks is one character; a file's bytes are not text.
        fine = client.post("/form", content=_form_chunks("路面 ok".encode(), size), headers=kind)
        assert fine.status_code == 200 and fine.json() == {"note": "路面 ok"}
        for value, reason in ((b"a\x00b", "NUL"), ("路面".encode("gbk"), "UTF-8")):
            refused = client.post("/form", content=_form_chunks(value, size), headers=kind)
            assert refused.status_code == 422, refused.text
            (error,) = refused.json()["errors"]
            assert error["field"] == "note" and reason in error["reason"]
    assert seen == ["路面 ok"]  # the endpoint never saw the refused ones


def test_bad_text_in_a_form_names_the_field() -> None:
    assert bad_text_in_form(b"a=1&note=%E8%B7") == ("note", "must be UTF-8 text")
    assert bad_text_in_form(b"a=1&n%00=x") == ("n\\0", "must not contain NUL characters")
    assert bad_text_in_form(b"a=%E8%B7%AF%E9%9D%A2+ok&b=%25FF") is None
