"""JSON Schema files for every wire model and one AsyncAPI document for every topic.

The files under contracts/schemas/ and contracts/asyncapi.json are generated from the models
and checked in, so producers in other languages can read them; a test fails when they drift.
Regenerate with `gridhub contracts export`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from contracts.native import NATIVE_MODELS
from contracts.topics import ALL_TOPICS, TopicSpec

CONTRACTS_DIR = Path(__file__).parent
SCHEMA_DIR = CONTRACTS_DIR / "schemas"
ASYNCAPI_PATH = CONTRACTS_DIR / "asyncapi.json"


def _schema_file_name(model: type[BaseModel]) -> str:
    version = model.model_fields["schema_version"].default
    return f"{model.__name__}.v{version}.json"


def _all_models() -> list[type[BaseModel]]:
    models: dict[str, type[BaseModel]] = {}
    for versions in NATIVE_MODELS.values():
        for model in versions.values():
            models[_schema_file_name(model)] = model
    for spec in ALL_TOPICS:
        models[_schema_file_name(spec.value_model)] = spec.value_model
    return [models[name] for name in sorted(models)]


def build_schemas() -> dict[str, dict[str, Any]]:
    """File name -> JSON Schema (draft 2020-12) of every wire model."""
    out: dict[str, dict[str, Any]] = {}
    for model in _all_models():
        schema = model.model_json_schema(mode="validation")
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = f"https://gridhub.dev/contracts/{_schema_file_name(model)}"
        out[_schema_file_name(model)] = schema
    return out


def _channel(spec: TopicSpec) -> dict[str, Any]:
    message_name = spec.value_model.__name__
    return {
        "address": spec.name,
        "description": spec.description,
        "messages": {message_name: {"$ref": f"#/components/messages/{message_name}"}},
        "bindings": {"kafka": {"key": {"type": "string", "description": spec.key}}},
    }


def build_asyncapi() -> dict[str, Any]:
    channels = {spec.name: _channel(spec) for spec in ALL_TOPICS}
    messages: dict[str, Any] = {}
    for spec in ALL_TOPICS:
        name = spec.value_model.__name__
        messages[name] = {
            "name": name,
            "contentType": "application/json",
            "payload": {"$ref": f"schemas/{_schema_file_name(spec.value_model)}"},
            "bindings": {"kafka": {"key": {"type": "string", "description": spec.key}}},
        }
    operations = {
        f"receive-{spec.name}": {
            "action": "receive",
            "channel": {"$ref": f"#/channels/{spec.name}"},
        }
        for spec in ALL_TOPICS
    }
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "GridHub event hub",
            "version": "1.0.0",
            "description": (
                "Topics of the integrated grid governance hub. Topic names may carry a "
                "deployment prefix (HUB_TOPIC_PREFIX)."
            ),
        },
        "defaultContentType": "application/json",
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages},
    }


def render(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def expected_files() -> dict[Path, str]:
    files = {SCHEMA_DIR / name: render(schema) for name, schema in build_schemas().items()}
    files[ASYNCAPI_PATH] = render(build_asyncapi())
    return files


def write_all() -> list[Path]:
    SCHEMA_DIR.mkdir(exist_ok=True)
    written = []
    for path, text in expected_files().items():
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
