"""Sealing personal data (dispatch/adapters/pii.py): round trip, rotation, wrong keys, reports,
dead letters and the intake's decoders."""

from __future__ import annotations

import json
import stat
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from config import HubSettings
from contracts.common import GridCode
from contracts.deadletter import DeadLetter, FieldError
from contracts.placement import PlacedReport
from contracts.report import IncidentReport, Reporter
from dispatch.adapters.pii import KEY_FILE, PiiKeyError, Sealer, configured_keys
from dispatch.privacy import is_sealed, personal_values
from grid.placing import without_registry
from streams.deadletter import dead_letter
from streams.intake import decoders
from streams.normalise import UnprocessableMessage, normalise
from tests.unit.test_normalise import POLITICAL, TICKET, raw

OLD, NEW = Sealer.new_key(), Sealer.new_key()
NOW = datetime(2026, 12, 3, 2, 0, tzinfo=UTC)


def test_a_sealed_value_opens_to_the_same_text_and_hides_it() -> None:
    sealer = Sealer([NEW])
    sealed = sealer.seal("王女士 13906311234")
    assert is_sealed(sealed) and "1390631" not in sealed
    assert sealer.open(sealed) == "王女士 13906311234"
    assert sealer.seal("13906311234") != sealer.seal("13906311234")  # no equal ciphertexts
    assert sealer.open("13906311234") == "13906311234"  # stored before sealing: as it is


def test_a_sealed_phone_is_a_valid_reporter_phone_on_the_hubs_topics() -> None:
    sealed = Sealer([NEW]).seal("13906311234")
    reporter = Reporter(id="c", role="citizen", name=Sealer([NEW]).seal("王" * 200), phone=sealed)
    assert Reporter.model_validate_json(reporter.model_dump_json()) == reporter


def test_rotation_the_first_key_seals_every_key_opens() -> None:
    before = Sealer([OLD]).seal("13800001111")
    rotated = Sealer([NEW, OLD])
    assert rotated.open(before) == "13800001111"
    resealed = rotated.reseal(before)
    assert Sealer([NEW]).open(resealed) == "13800001111"  # the old key is no longer needed
    assert rotated.reseal(resealed) == resealed  # sealed with the first key: left alone
    assert Sealer([NEW]).open(rotated.reseal("13800001111")) == "13800001111"  # clear: sealed


def test_a_wrong_key_is_a_clear_error_not_a_wrong_value() -> None:
    sealed = Sealer([OLD]).seal("13800001111")
    with pytest.raises(PiiKeyError, match="none of the 1 configured HUB_PII_KEYS opens"):
        Sealer([NEW]).open(sealed)
    assert Sealer([NEW]).open_or_none(sealed) is None
    tampered = sealed[:-6] + ("A" if sealed[-6] != "A" else "B") + sealed[-5:]
    with pytest.raises(PiiKeyError):
        Sealer([OLD]).open(tampered)
    with pytest.raises(PiiKeyError, match="key 2 of 2 is not a Fernet key"):
        Sealer([NEW, "not-a-key"])
    with pytest.raises(PiiKeyError, match="HUB_PII_KEYS"):
        Sealer([])


def test_keys_come_from_the_setting_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUB_PII_KEYS", f"{NEW}, {OLD}")
    settings = HubSettings()
    assert configured_keys(settings) == [NEW, OLD]
    assert NEW not in repr(settings)  # a secret, not printed


def test_without_a_setting_a_key_is_generated_once_into_the_data_dir(tmp_path: Path) -> None:
    settings = HubSettings(data_dir=tmp_path / "var")
    first = configured_keys(settings)
    assert configured_keys(settings) == first and len(first) == 1
    path = tmp_path / "var" / KEY_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert list(path.parent.iterdir()) == [path]  # no draft left behind
    Sealer(first)  # a real key


def test_a_report_is_sealed_field_by_field_and_one_without_personal_data_is_kept() -> None:
    sealer = Sealer([NEW])
    report = IncidentReport.model_validate(
        {
            "report_id": "r1",
            "source": {"grid": "political_legal", "channel": "grid_system", "source_event_id": "e"},
            "category": "political_legal.dispute",
            "title": "t",
            "description": "d",
            "address_text": "a",
            "reporter": {"id": "WG1", "role": "grid_worker", "phone": "13800001111"},
            "occurred_at": NOW,
            "reported_at": NOW,
            "attributes": {"risk_level": "high", "parties": POLITICAL["parties"]},
        }
    )
    sealed = sealer.seal_report(report)
    document = json.loads(sealed.model_dump_json())
    assert all(is_sealed(v) for v in personal_values(document))
    assert len(personal_values(document)) == 3  # the reporter's phone, the party's name, phone
    assert "13800001111" not in sealed.model_dump_json()
    assert sealed.attributes["risk_level"] == "high"
    assert sealer.open(sealed.attributes["parties"][0]["name"]) == "王伟"
    plain = report.model_copy(
        update={"reporter": Reporter(id="WG1", role="grid_worker"), "attributes": {}}
    )
    assert sealer.seal_report(plain) is plain


@pytest.mark.parametrize(
    "grid, document",
    [(GridCode.HOTLINE, TICKET), (GridCode.POLITICAL_LEGAL, POLITICAL)],
)
def test_intake_seals_what_it_normalises_from_a_grid(
    grid: GridCode, document: dict[str, Any]
) -> None:
    sealer = Sealer([NEW])
    decode = decoders({"grid.in": grid}, "hub.reports", sealer.seal_report, sealer.pseudonym)
    report = decode["grid.in"](raw(document))
    placed = without_registry(report, NOW)
    wire = placed.model_dump_json().encode()
    phones = [p["phone"] for p in document.get("parties", [])] + [document.get("caller_phone")]
    for phone in filter(None, phones):
        assert phone.encode() not in wire
    assert PlacedReport.model_validate_json(wire) == placed  # the contract takes it
    again = decode["hub.reports"](report.model_dump_json().encode())
    assert again == report  # a sealed report passes as it is


def test_a_dead_letter_keeps_the_message_sealed() -> None:
    sealer = Sealer([NEW])
    original = raw(TICKET | {"urgent": "very"})
    letter = dead_letter(
        topic="grid.hotline.tickets",
        partition=0,
        offset=1,
        key=b"k",
        value=original,
        error=UnprocessableMessage("validate", "urgent: not a boolean"),
        now=NOW,
        seal=sealer.seal_bytes,
    )
    wire = letter.model_dump_json()
    assert TICKET["caller_phone"] not in wire
    again = DeadLetter.model_validate_json(wire)
    assert again.payload_sealed and sealer.open_bytes(again.payload_b64) == original
    with pytest.raises(PiiKeyError):
        Sealer([OLD]).open_bytes(again.payload_b64)


def test_a_dead_letters_reason_never_quotes_a_phone_number_in_clear() -> None:
    error = UnprocessableMessage(
        "persist",
        "could not be recorded: DataError: value '13800001234' too long",
        [FieldError.of("attributes.13800001234", "13800001234 is not allowed")],
    )
    letter = dead_letter(
        topic="hub.placed-reports",
        partition=0,
        offset=1,
        key=None,
        value=b"{}",
        error=error,
        now=NOW,
        seal=Sealer([NEW]).seal_bytes,
    )
    assert "13800001234" not in letter.model_dump_json()
    assert "*******1234" in letter.reason and "*******1234" in letter.errors[0].reason


def test_a_callers_id_is_a_keyed_digest_of_the_number() -> None:
    phone = str(TICKET["caller_phone"])
    plain = normalise(GridCode.HOTLINE, raw(TICKET)).reporter.id
    keyed = normalise(GridCode.HOTLINE, raw(TICKET), Sealer([NEW]).pseudonym).reporter.id
    again = normalise(GridCode.HOTLINE, raw(TICKET), Sealer([NEW, OLD]).pseudonym).reporter.id
    other = normalise(GridCode.HOTLINE, raw(TICKET), Sealer([OLD]).pseudonym).reporter.id
    assert keyed.startswith("12345-caller-") and keyed == again  # stable under one first key
    assert keyed not in (plain, other)
    assert phone not in keyed


@pytest.mark.parametrize(
    "phone, problem",
    [("12", "a phone number"), ("1" * 22, "a phone number"), ("sealed:<a>", "not a sealed value")],
)
def test_a_bad_phone_is_refused_naming_the_field(phone: str, problem: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Reporter(id="c", role="citizen", phone=phone)
    (error,) = caught.value.errors()
    assert error["loc"] == ("phone",) and problem in error["msg"]


def test_numbers_typed_into_a_reports_text_are_masked_and_sealed_beside_it() -> None:
    sealer = Sealer([NEW])
    report = IncidentReport.model_validate(
        {
            "report_id": "r2",
            "source": {"grid": "urban", "channel": "api", "source_event_id": "e2"},
            "category": "urban.x",
            "title": "占道 13800001111",
            "description": "店主电话13800001111，物业0631-6651234",
            "address_text": "黄河路12号",
            "reporter": {"id": "WG1", "role": "grid_worker"},
            "occurred_at": NOW,
            "reported_at": NOW,
            "attributes": {"typed_phones": "13999999999"},  # a client's, not the hub's: dropped
        }
    )
    sealed = sealer.seal_report(report)
    wire = sealed.model_dump_json()
    assert "13800001111" not in wire and "6651234" not in wire and "13999999999" not in wire
    assert sealed.title == "占道 *******1111"
    assert sealed.description == "店主电话*******1111，物业****-***1234"
    assert json.loads(sealer.open(sealed.attributes["typed_phones"])) == [
        "13800001111",
        "0631-6651234",
    ]
    assert sealer.seal_report(sealed) is sealed  # the intake passes the API's report as it is
    assert IncidentReport.model_validate_json(wire) == sealed  # the contract takes it
    client_only = report.model_copy(update={"title": "t", "description": "d"})
    assert "typed_phones" not in sealer.seal_report(client_only).attributes
    forged = client_only.model_copy(
        update={"attributes": {"typed_phones": Sealer([OLD]).seal('["13999999999"]')}}
    )
    assert "typed_phones" not in sealer.seal_report(forged).attributes  # no key of ours opens it


def test_a_commands_text_and_its_photos_captions_are_lifted_together() -> None:
    sealer = Sealer([NEW])
    evidence = [{"id": "a1", "caption": "现场，业主13800001111"}, {"id": "a2"}]
    masked, sealed = sealer.lift_text(
        {"reason": None, "note": "回访0631-6651234", "evidence": evidence}
    )
    assert masked["note"] == "回访****-***1234" and masked["reason"] is None
    assert masked["evidence"] == [{"id": "a1", "caption": "现场，业主*******1111"}, {"id": "a2"}]
    assert sealed is not None
    assert json.loads(sealer.open(sealed)) == ["0631-6651234", "13800001111"]
    assert sealer.lift_text({"note": "已处理"}) == ({"note": "已处理"}, None)


def test_a_reason_quoting_a_value_masks_a_number_before_cutting_it() -> None:
    from streams.normalise import _shown

    shown = _shown("x" * 70 + "13800001234")
    assert "138" not in shown and len(shown) <= 80
