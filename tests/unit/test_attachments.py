"""What an upload must be (dispatch/attachments.py) and the map shapes (grid/mapshapes.py)."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from dispatch.attachments import UploadRefused, inspect, thumbnail
from grid.mapshapes import layer
from tests.factories import small_registry

LIMIT, PIXELS = 1_000_000, 10_000_000


def image(fmt: str, size: tuple[int, int] = (640, 480), mode: str = "RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, "red" if mode != "1" else 0).save(out, fmt)
    return out.getvalue()


@pytest.mark.parametrize(("fmt", "content_type"), [("JPEG", "image/jpeg"), ("PNG", "image/png"),
                                                   ("WEBP", "image/webp")])  # fmt: skip
def test_photos_are_recognised_by_their_content(fmt: str, content_type: str) -> None:
    found = inspect(image(fmt), "application/octet-stream", LIMIT, PIXELS)
    assert (found.content_type, found.kind, found.width, found.height) == (
        content_type, "photo", 640, 480,
    )  # fmt: skip


def test_a_pdf_is_a_document() -> None:
    assert inspect(b"%PDF-1.7\n...", "application/pdf", LIMIT, PIXELS).kind == "document"


@pytest.mark.parametrize(
    ("data", "declared", "status"),
    [
        (b"", "image/jpeg", 422),
        (b"x" * (LIMIT + 1), "image/jpeg", 413),
        (b"plain text", "text/plain", 415),
        (b"plain text", "image/png", 422),
        (image("GIF"), "image/gif", 415),
        (image("PNG", (5000, 4000), "1"), "image/png", 422),
        (image("JPEG")[:200], "image/jpeg", 422),
    ],
)
def test_anything_else_is_refused_with_a_status_that_says_why(
    data: bytes, declared: str, status: int
) -> None:
    with pytest.raises(UploadRefused) as refused:
        inspect(data, declared, LIMIT, PIXELS)
    assert refused.value.status == status


def test_a_thumbnail_is_small_upright_and_keeps_no_metadata() -> None:
    original = Image.new("RGB", (1200, 600), "blue")
    exif = original.getexif()
    exif[0x0112] = 6  # the camera was turned: the picture must be rotated to stand upright
    out = io.BytesIO()
    original.save(out, "JPEG", exif=exif)
    small = Image.open(io.BytesIO(thumbnail(out.getvalue())))
    assert small.format == "JPEG" and small.size == (160, 320)
    assert not small.getexif()


def test_map_layers_cover_every_cell_township_and_road() -> None:
    registry = small_registry()
    cells = layer(registry, "cells")["features"]
    assert {f["properties"]["name"] for f in cells} == {c.code for c in registry.cells}
    (township,) = layer(registry, "townships")["features"]
    assert township["properties"]["label"] == "城区街道"
    roads = layer(registry, "roads")["features"]
    assert len(roads) == sum(1 for u in registry.units if len(u.line) >= 2)
    with pytest.raises(ValueError):
        layer(registry, "tiles")
