"""Personal data, pure: the catalogue covers the contracts, docs/privacy.md is generated from
it, and every role sees each field as the catalogue says."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, get_args, get_origin

import pytest
from pydantic import BaseModel

from contracts import native, report
from dispatch.privacy import (
    CATALOGUE,
    CONTACT_ROLES,
    NOT_PERSONAL,
    ROLE_ORDER,
    TYPED_PHONES,
    UNREADABLE,
    apply_at,
    decode_numbers,
    encode_numbers,
    lift_phones,
    lift_report_text,
    markdown_table,
    mask_cut_number,
    mask_name,
    mask_phone,
    mask_phones_in_text,
    personal_values,
    restore_phones,
    seal_document,
    searches_masked_digits,
    shown_case_text,
    shown_event_row,
    shown_row,
    shown_text,
    typed_numbers,
)
from dispatch.roles import Role

DOC = Path(__file__).resolve().parents[2] / "docs" / "privacy.md"
SOUNDS_PERSONAL = re.compile(r"phone|name|email|contact|caller")


def fake_seal(value: str) -> str:
    return "sealed:" + value[::-1]


def fake_open(value: str) -> str | None:
    return value[len("sealed:") :][::-1] if value.startswith("sealed:") else value


def inner_models(annotation: Any, listed: bool = False) -> list[tuple[type[BaseModel], bool]]:
    """The models inside a field's type, and whether each is an item of a list."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [(annotation, listed)]
    is_list = get_origin(annotation) is list
    return [m for arg in get_args(annotation) for m in inner_models(arg, listed or is_list)]


def contract_fields(model: type[BaseModel], prefix: str) -> list[str]:
    """Every field of a model and of the models inside it, as '<Model>.<path>'."""
    found = []
    for name, info in model.model_fields.items():
        path = f"{prefix}.{name}"
        found.append(path)
        for inner, listed in inner_models(info.annotation):
            found += contract_fields(inner, path + ("[]" if listed else ""))
    return found


def test_every_personal_sounding_contract_field_is_named_in_the_catalogue() -> None:
    models = [*[m for v in native.NATIVE_MODELS.values() for m in v.values()]]
    fields = [f for m in models for f in contract_fields(m, m.__name__)]
    fields += contract_fields(report.Reporter, "ReportCreate.reporter")
    named = {source for field in CATALOGUE for source in field.sources} | set(NOT_PERSONAL)
    sounding = [f for f in fields if SOUNDS_PERSONAL.search(f.rsplit(".", 1)[-1])]
    assert "PoliticalLegalEvent.parties[].phone" in sounding  # the walk reaches nested lists
    assert sorted(set(sounding) - named) == []


def test_docs_table_is_the_generated_one() -> None:
    text = DOC.read_text()
    start = text.index("<!-- privacy table: generated from dispatch/privacy.py -->")
    end = text.index("<!-- end of privacy table -->")
    in_docs = text[start:end].split("\n", 1)[1].strip()
    assert in_docs == markdown_table(), (
        "regenerate: python -c 'from dispatch.privacy import *; print(markdown_table())'"
    )


def test_the_table_has_a_column_per_role_and_a_row_per_field() -> None:
    rows = markdown_table().splitlines()
    assert len(rows) == 2 + len(CATALOGUE)
    assert all(role.value in rows[0] for role in Role)
    supervisor = (
        2 + 2 + ROLE_ORDER.index(Role.SUPERVISOR) + 1
    )  # after field, source, report, stored
    parties_phone = next(r for r in rows if "attributes.parties[].phone" in r)
    assert parties_phone.split("|")[supervisor].strip() == "masked"


def test_masks() -> None:
    assert mask_phone("13912345678") == "*******5678"
    assert mask_phone("110") == "110"[-4:]
    assert mask_name("王女士") == "王**"
    assert mask_name("张三") == "张*"


def test_apply_at_copies_what_it_changes_and_shares_the_rest() -> None:
    document: dict[str, Any] = {
        "attributes": {"parties": [{"name": "甲", "phone": "1"}, {"name": "乙"}], "x": [1]}
    }
    changed = apply_at(document, ("attributes", "parties", "[]", "phone"), lambda v: v + "!")
    assert changed["attributes"]["parties"] == [{"name": "甲", "phone": "1!"}, {"name": "乙"}]
    assert document["attributes"]["parties"][0]["phone"] == "1"  # the input is untouched
    assert changed["attributes"]["x"] is document["attributes"]["x"]
    assert apply_at({"a": None}, ("a", "b"), str.upper) == {"a": None}
    assert apply_at({"a": "not a list"}, ("a", "[]"), str.upper) == {"a": "not a list"}


def dispute_report() -> dict[str, Any]:
    return {
        "reporter": {"id": "WG1", "name": "李四", "phone": "13800001111"},
        "attributes": {
            "risk_level": "high",
            "parties": [
                {"name": "张三", "role": "applicant", "phone": "13912345678"},
                {"name": "王五", "role": "respondent", "phone": None},
            ],
        },
    }


def test_sealing_reaches_every_personal_value_once() -> None:
    sealed = seal_document(dispute_report(), fake_seal)
    values = personal_values(sealed)
    assert sorted(values) == sorted(
        fake_seal(v) for v in ("李四", "13800001111", "张三", "13912345678", "王五")
    )
    assert seal_document(sealed, fake_seal) == sealed  # sealed values are not sealed again
    assert sealed["attributes"]["risk_level"] == "high"
    assert sealed["reporter"]["id"] == "WG1"


def stored_row() -> dict[str, Any]:
    document = seal_document(dispute_report(), fake_seal)
    return {
        "id": "r1",
        "reporter_name": document["reporter"]["name"],
        "reporter_phone": document["reporter"]["phone"],
        "attributes": document["attributes"],
    }


@pytest.mark.parametrize("role", list(Role))
def test_each_role_sees_contacts_as_the_catalogue_says(role: Role) -> None:
    shown = shown_row(stored_row(), role, fake_open)
    applicant = shown["attributes"]["parties"][0]
    if role in CONTACT_ROLES:
        assert (shown["reporter_phone"], shown["reporter_name"]) == ("13800001111", "李四")
        assert (applicant["phone"], applicant["name"]) == ("13912345678", "张三")
    else:
        assert (shown["reporter_phone"], shown["reporter_name"]) == ("*******1111", "李*")
        assert (applicant["phone"], applicant["name"]) == ("*******5678", "张*")
    assert shown["attributes"]["parties"][1]["phone"] is None


def test_values_stored_in_clear_are_masked_too() -> None:
    row = {"reporter_name": None, "reporter_phone": "13912345678", "attributes": {}}
    assert shown_row(row, Role.SUPERVISOR, fake_open)["reporter_phone"] == "*******5678"


def test_a_value_no_key_opens_is_shown_as_unreadable_to_everyone() -> None:
    row = {"reporter_name": None, "reporter_phone": "sealed:xyz", "attributes": {}}
    for role in Role:
        assert shown_row(row, role, lambda v: None)["reporter_phone"] == UNREADABLE


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("请联系13800001234处理", "请联系*******1234处理"),
        ("138-0000-1234", "***-****-1234"),
        ("手机 138 0000 1234。", "手机 *** **** 1234。"),
        ("+86 13800001234", "+** *******1234"),
        ("8613800001234", "*********1234"),
        ("电话0631-6651234", "电话****-***1234"),
        ("（0631）6651234", "（****）***1234"),
        ("(010) 87654321", "(***) ****4321"),
        ("１３８００００１２３４", "*******１２３４"),  # full-width digits
        ("两个号码13800001234、15900005678", "两个号码*******1234、*******5678"),
        ("电话6651234", "电话***1234"),  # a local number after a word that announces one
        ("联系方式：66512345", "联系方式：****2345"),
        ("请拨打 6651234", "请拨打 ***1234"),
        ("Tel:6651234", "Tel:***1234"),
        ("电话: 2345678", "电话: ***5678"),
        ("电话：　2345678", "电话：　***5678"),
        ("座机号2345678", "座机号***5678"),
        ("Tel. 2345678", "Tel. ***5678"),
    ],
)
def test_phone_numbers_typed_into_text_are_masked(typed: str, shown: str) -> None:
    assert mask_phones_in_text(typed) == shown


@pytest.mark.parametrize(
    "text",
    [
        "身份证370000199001011234",  # a longer run of digits
        "统一社会信用代码91371083MA3C12345X",
        "订单20261203001，2026-12-03 13:45",
        "黄河路12号，价格139元，6651234",  # no area code, no word announcing it
        "罚款6651234元",
        "Hotel 8888888",  # no number word, only its letters
        "订单号码2345678",
        "电话1234567",  # a local number starts with 2-9
        "网格37108300100101",
        "12800001234",  # 12 is no mobile prefix
    ],
)
def test_numbers_that_are_not_phones_are_left_alone(text: str) -> None:
    assert mask_phones_in_text(text) == text


@pytest.mark.parametrize("role", list(Role))
def test_free_text_of_a_row_is_masked_for_roles_that_do_not_see_contacts(role: Role) -> None:
    row = {
        "description": "漏水，联系13800001234",
        "resolution": {"note": "回访0631-6651234", "evidence": [{"url": "https://f.example/a"}]},
        "category": "urban.road_damage",
        "reporter_phone": None,
    }
    shown = shown_text(row, role, ("description", "resolution"))
    if role in CONTACT_ROLES:
        assert shown == row
    else:
        assert shown["description"] == "漏水，联系*******1234"
        assert shown["resolution"]["note"] == "回访****-***1234"
        assert shown["resolution"]["evidence"] is row["resolution"]["evidence"]  # shared
    assert row["description"] == "漏水，联系13800001234"  # the input is never changed
    assert shown_text(row, None, ("description",))["description"].endswith("*******1234")


def test_a_stored_reports_free_text_is_masked_with_its_personal_fields() -> None:
    row = {"description": "电话13800001234", "address_text": "黄河路12号 13800001234"}
    for role in (Role.SUPERVISOR, Role.GRID_WORKER):
        shown = shown_row(row, role, lambda v: v)
        assert "13800001234" not in str(shown)
    assert shown_row(row, Role.DISPATCHER, lambda v: v) == row


@pytest.mark.parametrize(
    ("query", "probes"),
    [
        ("13800001234", True),
        ("138 0000", True),
        ("1380  0000  1234", True),  # words of four digits each, still one number
        ("0631-66512", True),
        ("1234", False),  # a masked number shows its last four digits anyway
        ("黄河路93号", False),
        ("静园小区1-3", False),
        ("井盖", False),
    ],
)
def test_searches_of_more_digits_than_a_mask_shows_are_for_roles_that_see_them(
    query: str, probes: bool
) -> None:
    for role in Role:
        assert searches_masked_digits(query, role) is (probes and role not in CONTACT_ROLES)


def test_numbers_are_lifted_out_of_text_once_each_and_put_back_exactly() -> None:
    text = "请联系138 0000 1234或（0631）6651234，再打138 0000 1234；工号20261234"
    lifted: list[str] = []
    masked = lift_phones(text, lifted)
    assert lifted == ["138 0000 1234", "（0631）6651234"]
    assert masked == "请联系*** **** 1234或（****）***1234，再打*** **** 1234；工号20261234"
    assert masked == mask_phones_in_text(text)  # what every other role is shown
    assert restore_phones(masked, lifted) == text
    assert restore_phones(masked, lifted[:1]) != text  # only the numbers given come back
    assert lift_phones("黄河路12号", lifted) == "黄河路12号" and len(lifted) == 2


def test_a_lifted_list_that_is_not_a_list_of_phones_restores_nothing() -> None:
    kept = ["13800001234", "6651234", "（0631）6651234", "+86 138-0000-1234"]
    assert decode_numbers(encode_numbers(kept)) == kept
    for bad in (None, "", "not json", '{"a": 1}', '["hello", 5]', UNREADABLE):
        assert decode_numbers(bad) == []


def test_a_report_keeps_its_lifted_numbers_for_the_roles_that_call_back() -> None:
    document = {"title": "井盖缺失", "description": "电话13800001234", "address_text": "黄河路12号"}
    masked, lifted = lift_report_text(document)
    assert masked["description"] == "电话*******1234" and lifted == ["13800001234"]
    row = masked | {"attributes": {TYPED_PHONES: "sealed:x", "risk": 1}}

    def opened(value: str) -> str | None:
        return encode_numbers(lifted) if value == "sealed:x" else value

    for role in Role:
        shown = shown_row(row, role, opened)
        assert shown["attributes"] == {"risk": 1}  # the sealed list is never shown
        expected = document["description"] if role in CONTACT_ROLES else masked["description"]
        assert shown["description"] == expected, role
    assert shown_row(row, Role.ADMIN, lambda v: None)["description"] == "电话*******1234"


def test_an_events_lifted_numbers_come_back_into_its_reason_and_notes() -> None:
    row = {
        "reason": "已联系*******1234",
        "data": {"note": "回访*** **** 5678", "n": 3},
        TYPED_PHONES: "sealed:y",
    }
    numbers = encode_numbers(["13800001234", "139 0000 5678"])

    def opened(value: str) -> str | None:
        return numbers if value == "sealed:y" else None

    clear = shown_event_row(row, Role.HANDLER, opened)
    assert clear == {"reason": "已联系13800001234", "data": {"note": "回访139 0000 5678", "n": 3}}
    masked = shown_event_row(row, Role.SUPERVISOR, opened)
    assert masked == {"reason": "已联系*******1234", "data": {"note": "回访*** **** 5678", "n": 3}}
    assert typed_numbers(row, opened) == ["13800001234", "139 0000 5678"]


def test_a_number_is_put_back_only_where_it_stands_alone() -> None:
    lifted: list[str] = []
    masked = lift_phones("电话7771234，或13800001234", lifted)
    assert masked == "电话***1234，或*******1234"
    assert restore_phones(masked, lifted) == "电话7771234，或13800001234"
    assert restore_phones("或*******1234", ["7771234"]) == "或*******1234"  # not its tail


def test_a_title_cut_inside_a_number_stars_the_digits_it_kept() -> None:
    address = "黄" * 185 + "联系13800001234"  # the title keeps 联系13800001
    document = {"title": ("违建 · " + address)[:200], "description": "d", "address_text": address}
    masked, lifted = lift_report_text(document)
    assert lifted == ["13800001234"]
    assert masked["title"].endswith("联系********") and "138" not in masked["title"]
    assert mask_cut_number("黄河路12号", lifted) == "黄河路12号"
    assert mask_cut_number("黄河路13", lifted) == "黄河路13"  # two digits tell nothing


def test_a_case_gets_back_its_founding_reports_numbers_and_its_last_resolves_only() -> None:
    case = {
        "founding_report_id": "r1",
        "title": "t",
        "description": "电话*******1234",
        "address_text": "a",
        "resolution": {"note": "回访***5678"},
    }
    reports = [
        {"id": "r2", "attributes": {TYPED_PHONES: "r2"}},
        {"id": "r1", "attributes": {TYPED_PHONES: "r1"}},
    ]
    events = [
        {"event_type": "resolved", TYPED_PHONES: "e1"},
        {"event_type": "resolved", TYPED_PHONES: "e2"},
    ]
    sealed = {
        "r1": encode_numbers(["13800001234"]),
        "r2": encode_numbers(["13900001234"]),
        "e1": encode_numbers(["7775678"]),
        "e2": encode_numbers(["6665678"]),
    }
    shown = shown_case_text(case, reports, events, Role.DISPATCHER, sealed.get)
    assert shown["description"] == "电话13800001234"
    assert shown["resolution"] == {"note": "回访6665678"}
    masked = shown_case_text(case, reports, events, Role.SUPERVISOR, sealed.get)
    assert masked["description"] == "电话*******1234"
