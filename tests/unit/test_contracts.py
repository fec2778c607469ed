from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from contracts.export import ASYNCAPI_PATH, build_asyncapi, expected_files
from contracts.native import (
    EnvironmentEvent,
    HotlineTicket,
    MarketEvent,
    PoliticalLegalEvent,
    UrbanEvent,
    is_valid_uscc,
    uscc_check_char,
)
from contracts.topics import ALL_TOPICS, NATIVE_TOPICS
from gridhub.simulator import TrafficGenerator


def test_checked_in_schemas_match_the_models() -> None:
    drifted = [
        str(path)
        for path, text in expected_files().items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]
    assert drifted == [], f"regenerate with `gridhub contracts export`: {drifted}"


def test_asyncapi_lists_every_topic_with_key_and_an_existing_schema() -> None:
    document = json.loads(ASYNCAPI_PATH.read_text(encoding="utf-8"))
    assert document == build_asyncapi()
    assert set(document["channels"]) == {spec.name for spec in ALL_TOPICS}
    for spec in ALL_TOPICS:
        channel = document["channels"][spec.name]
        assert channel["bindings"]["kafka"]["key"]["description"] == spec.key
        (message_ref,) = channel["messages"].values()
        message = document["components"]["messages"][message_ref["$ref"].rsplit("/", 1)[1]]
        schema_path = ASYNCAPI_PATH.parent / message["payload"]["$ref"]
        assert schema_path.exists()
        assert json.loads(schema_path.read_text())["title"] == spec.value_model.__name__


def test_topic_names_are_unique() -> None:
    names = [spec.name for spec in ALL_TOPICS]
    assert len(names) == len(set(names))
    assert len(NATIVE_TOPICS) == 5  # the four grids and the 12345 hotline


@pytest.mark.parametrize(
    "code, valid",
    [
        ("91350100M000100Y43", True),  # the example printed in GB 32100
        ("91350100M000100Y44", False),  # wrong check character
        ("91350100M000100Y4", False),  # too short
        ("91350100M0001O0Y43", False),  # 'O' is not in the alphabet
    ],
)
def test_uscc_check_character(code: str, valid: bool) -> None:
    assert is_valid_uscc(code) is valid


def test_uscc_check_char_of_generated_codes_validates() -> None:
    body = "92371083MA3C12345"
    assert is_valid_uscc(body + uscc_check_char(body))


def test_every_simulated_native_event_is_valid() -> None:
    generator = TrafficGenerator(seed=3)
    models = {
        "political_legal": PoliticalLegalEvent,
        "environment": EnvironmentEvent,
        "market": MarketEvent,
        "urban": UrbanEvent,
        "hotline": HotlineTicket,
    }
    seen = set()
    for _ in range(400):
        message = generator.next_message()
        models[message.grid.value].model_validate_json(message.value)
        seen.add(message.grid.value)
    assert seen == set(models)


def _urban(**changes: object) -> dict[str, object]:
    base: dict[str, object] = {
        "schema_version": 1,
        "task_no": "CG-1",
        "case_kind": "component",
        "major_class": "01",
        "minor_class": "02",
        "component_code": "3710830102000123",
        "description": "井盖缺失",
        "address": "乳山市城区街道胜利街12号",
        "supervisor_id": "JD001",
        "report_time": "2026-11-21T09:00:00+08:00",
    }
    base.update(changes)
    return base


def test_urban_component_needs_a_matching_component_code() -> None:
    UrbanEvent.model_validate(_urban())
    with pytest.raises(ValidationError, match="must carry component_code"):
        UrbanEvent.model_validate(_urban(component_code=None))
    with pytest.raises(ValidationError, match="does not match"):
        UrbanEvent.model_validate(_urban(component_code="3710830201000123"))


def test_unknown_fields_are_refused() -> None:
    with pytest.raises(ValidationError, match="extra"):
        UrbanEvent.model_validate(_urban(colour="red"))


def test_environment_sensor_alert_must_name_sensor_and_pollutant() -> None:
    with pytest.raises(ValidationError, match="sensor_id and pollutant"):
        EnvironmentEvent.model_validate(
            {
                "schema_version": 1,
                "alert_id": "HB-1",
                "kind": "threshold_alert",
                "source": "sensor",
                "description": "超标",
                "site": "乳山市夏村镇",
                "detected_time": "2026-11-21T09:00:00+08:00",
            }
        )


def test_market_event_refuses_a_bad_credit_code() -> None:
    with pytest.raises(ValidationError, match="统一社会信用代码"):
        MarketEvent.model_validate(
            {
                "schema_version": 1,
                "case_ref": "SJ-1",
                "violation": "price",
                "business_name": "某超市",
                "uscc": "91350100M000100Y44",
                "details": "未明码标价",
                "premises_address": "乳山市城区街道商业街3号",
                "inspector_no": "SC001",
                "found_at": "2026-11-21T09:00:00+08:00",
            }
        )
