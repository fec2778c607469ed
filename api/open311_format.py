"""Open311 answers in both of the spec's formats: JSON as lists and objects, XML with the
spec's element names (services/service, service_requests/request, errors/error ...).

XML is built with the standard library's ElementTree, which escapes text: nothing a client
sent can become markup.
"""

from __future__ import annotations

import json
from typing import Any
from xml.etree import ElementTree

from fastapi.responses import Response

# A list's elements in XML are named after the list (the spec's singular names).
ITEM_NAMES = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
}
MEDIA_TYPES = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _fill(parent: ElementTree.Element, name: str, value: Any) -> None:
    if isinstance(value, dict):
        child = ElementTree.SubElement(parent, name)
        for key, item in value.items():
            _fill(child, key, item)
    elif isinstance(value, list):
        child = ElementTree.SubElement(parent, name)
        item_name = ITEM_NAMES.get(name, "item")
        for item in value:
            _fill(child, item_name, item)
    else:
        ElementTree.SubElement(parent, name).text = _text(value)


def to_xml(root: str, body: Any) -> bytes:
    """``body`` under ``root``: a list becomes repeated items, a dict nested elements."""
    element = ElementTree.Element(root)
    if isinstance(body, list):
        item_name = ITEM_NAMES.get(root, "item")
        for item in body:
            _fill(element, item_name, item)
    else:
        for key, item in body.items():
            _fill(element, key, item)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(
        element, encoding="unicode"
    ).encode("utf-8")


def answer(fmt: str, root: str, body: Any, status_code: int = 200) -> Response:
    """The same answer as JSON or as XML (``root`` names the XML document element)."""
    if fmt == "xml":
        return Response(to_xml(root, body), status_code, media_type=MEDIA_TYPES["xml"])
    content = json.dumps(body, ensure_ascii=False).encode("utf-8")
    return Response(content, status_code, media_type=MEDIA_TYPES["json"])


def errors(fmt: str, status_code: int, description: str) -> Response:
    """The spec's error answer: [{code, description}] (XML: errors/error)."""
    return answer(fmt, "errors", [{"code": status_code, "description": description}], status_code)
