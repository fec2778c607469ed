"""Personal data: every personal field the hub's contracts carry, who sees it in clear, how it
is masked for everyone else, and how it is kept at rest. Pure: sealing (encryption) is a
function handed in by dispatch/adapters/pii.py.

The catalogue below is the one place that names personal fields. The code that seals a report
before it is stored or published, and the code that shows a stored report to a user, both walk
the paths written here, so a field added to the catalogue is sealed and masked everywhere at
once; docs/privacy.md's table is generated from it (and a test keeps the two the same).

Paths: dotted keys into a JSON document, ``[]`` for every item of a list
(``attributes.parties[].phone``). ``report_path`` is the field in the unified report
(contracts/report.py, also the value of hub.reports and, inside a placed report, of
hub.placed-reports); ``column_path`` is where the reports table keeps it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from typing import Any

from contracts.common import SEALED_PREFIX
from contracts.lifecycle import CaseEventType
from dispatch.roles import Role

UNREADABLE = "(sealed with a key that is not configured)"
"""Shown instead of a sealed value no configured key opens (HUB_PII_KEYS lost an old key)."""


class Kind(StrEnum):
    PHONE = "phone"
    NAME = "name"
    EMAIL = "e-mail"
    DERIVED_ID = "id derived from a phone or an e-mail"
    MESSAGE = "whole message"  # raw bytes that may hold any of the others
    LIFTED = "numbers lifted from free text"  # the text keeps them masked (TYPED_PHONES)


class AtRest(StrEnum):
    SEALED = "sealed"  # encrypted with the first HUB_PII_KEYS key, in the database and topics
    PSEUDONYM = "keyed digest"  # only an HMAC of it is kept (an id), never the value
    NOT_OURS = "not ours"  # written by a grid's own system onto its own topic
    STAFF = "clear (staff work contact)"  # the registry's roster: the city's own staff


# Those who call people back (dispatchers, a department's handlers) and admins see contacts
# in clear; supervisors audit figures and grid workers see their area's cases: masked.
CONTACT_ROLES = frozenset({Role.DISPATCHER, Role.HANDLER, Role.ADMIN})


@dataclass(frozen=True)
class PersonalField:
    label: str
    kind: Kind
    sources: tuple[str, ...]  # the contract fields it comes from: "<Model>.<path>"
    report_path: str | None  # in the unified report (None: it never gets there)
    column_path: str | None  # in the reports table
    at_rest: AtRest
    clear_to: frozenset[Role]  # roles that see it in clear; the others see it masked

    @cached_property
    def report_steps(self) -> tuple[str, ...]:
        return _steps(self.report_path)

    @cached_property
    def column_steps(self) -> tuple[str, ...]:
        return _steps(self.column_path)


def _steps(path: str | None) -> tuple[str, ...]:
    if not path:
        return ()
    steps: list[str] = []
    for part in path.split("."):
        if part.endswith("[]"):
            steps += [part[:-2], "[]"]
        else:
            steps.append(part)
    return tuple(steps)


CATALOGUE: tuple[PersonalField, ...] = (
    PersonalField(
        "reporter's phone (a 12345 caller's number, a worker's or a citizen's)",
        Kind.PHONE,
        ("HotlineTicket.caller_phone", "ReportCreate.reporter.phone", "Open311 POST phone"),
        "reporter.phone",
        "reporter_phone",
        AtRest.SEALED,
        CONTACT_ROLES,
    ),
    PersonalField(
        "reporter's name",
        Kind.NAME,
        (
            "HotlineTicket.caller_name",
            "ReportCreate.reporter.name",
            "Open311 POST first_name + last_name",
        ),
        "reporter.name",
        "reporter_name",
        AtRest.SEALED,
        CONTACT_ROLES,
    ),
    PersonalField(
        "phone of a party to a dispute (当事人)",
        Kind.PHONE,
        ("PoliticalLegalEvent.parties[].phone",),
        "attributes.parties[].phone",
        "attributes.parties[].phone",
        AtRest.SEALED,
        CONTACT_ROLES,
    ),
    PersonalField(
        "name of a party to a dispute (当事人)",
        Kind.NAME,
        ("PoliticalLegalEvent.parties[].name",),
        "attributes.parties[].name",
        "attributes.parties[].name",
        AtRest.SEALED,
        CONTACT_ROLES,
    ),
    PersonalField(
        "a phone number typed into free text (a description, an address, a reason, a note, "
        "a comment, a photo's caption)",
        Kind.LIFTED,
        (
            "ReportCreate.description, address_text",
            "<grid event>.description",
            "HotlineTicket.summary, address_spoken",
            "Open311 POST description, address_string",
            "case commands' reason, note, comment, evidence[].caption",
        ),
        "attributes.typed_phones",
        "attributes.typed_phones",
        AtRest.SEALED,
        CONTACT_ROLES,
    ),
    PersonalField(
        "a reporter id made from a caller's number or a citizen's e-mail",
        Kind.DERIVED_ID,
        ("HotlineTicket.caller_phone", "Open311 POST email"),
        "reporter.id",
        "reporter_id",
        AtRest.PSEUDONYM,
        frozenset(Role),  # an HMAC with the hub's key: nothing to mask
    ),
    PersonalField(
        "a message the hub could not process (dead letter)",
        Kind.MESSAGE,
        ("DeadLetter.payload_b64",),
        None,
        None,
        AtRest.SEALED,
        frozenset(),
    ),
    PersonalField(
        "a grid worker's name and phone on the registry's roster",
        Kind.PHONE,
        ("workers.csv name, phone (the address registry)",),
        None,
        None,
        AtRest.STAFF,
        frozenset({Role.ADMIN}),  # GET /registry/export; the API shows other roles worker ids
    ),
    PersonalField(
        "the grids' and the hotline's own messages",
        Kind.MESSAGE,
        ("grid.<grid>.events", "grid.hotline.tickets"),
        None,
        None,
        AtRest.NOT_OURS,
        frozenset(),
    ),
)
"""Every personal field, in the order of docs/privacy.md's table."""

NOT_PERSONAL: dict[str, str] = {
    "MarketEvent.business_name": "a business's registered name, public in the credit register",
}
"""Contract fields whose names sound personal but are not, and why (a test checks that every
field named like a name, phone, e-mail or contact is either here or in the catalogue)."""

SEALED_IN_REPORTS = tuple(f for f in CATALOGUE if f.at_rest is AtRest.SEALED and f.report_path)


def sees_in_clear(role: Role, field: PersonalField) -> bool:
    return role in field.clear_to


def mask_phone(phone: str) -> str:
    """Only the last four digits: enough to tell two numbers apart on the phone."""
    return "*" * max(len(phone) - 4, 0) + phone[-4:]


def mask_name(name: str) -> str:
    """The first character (the surname, in Chinese) and a star for every other one."""
    return name[:1] + "*" * max(len(name) - 1, 0)


# A phone number as people type it into text: a mobile (1[3-9] and 9 digits, optionally +86,
# spaced or dashed 3-4-4) or a landline with its area code (0 and 2-3 digits, optionally in
# brackets, then 7-8 digits). Not part of a longer run of digits (ids, codes, amounts); full-
# width digits count (\d is Unicode).
PHONE_IN_TEXT = re.compile(
    r"(?<!\d)(?:"
    r"(?:[+＋]?[8８][6６][-\s－]?)?[1１][3-9３-９]\d(?:[-\s－]?\d{4}){2}"
    r"|(?:[0０]\d{2,3}|[(（][0０]\d{2,3}[)）])[-\s－]?\d{7,8}"
    r")(?!\d)"
)
# A local number without its area code (7-8 digits, not starting with 0 or 1) counts only
# right after a word that says a number follows (电话, 手机号: , 请拨打 ...): alone, seven
# digits are as often an amount, an order or a code. The word stays, the number is masked.
LOCAL_NUMBER_AFTER_A_WORD = re.compile(
    r"(?P<word>(?:电话|手机|座机|热线|致电|拨打|回电|来电|联系方式|联系电话|联系"
    r"|(?<![A-Za-z])tel)(?:号码|号)?[\s:：.。是为]{0,3})"
    r"(?P<number>[2-9２-９]\d{6,7})(?!\d)",
    re.IGNORECASE,
)


def mask_number(number: str) -> str:
    """A phone number as typed with its digits starred but the last four, its separators kept
    (``138-0000-1234`` -> ``***-****-1234``)."""
    digits = [i for i, c in enumerate(number) if c.isdigit()]
    hidden = set(digits[:-4])
    return "".join("*" if i in hidden else c for i, c in enumerate(number))


def _each_number(text: str, change: Callable[[str], str]) -> str:
    """``text`` with ``change`` applied to every phone number in it (PHONE_IN_TEXT, then
    LOCAL_NUMBER_AFTER_A_WORD on what is left)."""
    if not any(c.isdigit() for c in text):
        return text
    text = PHONE_IN_TEXT.sub(lambda match: change(match.group(0)), text)
    return LOCAL_NUMBER_AFTER_A_WORD.sub(
        lambda match: match.group("word") + change(match.group("number")), text
    )


def mask_phones_in_text(text: str) -> str:
    """Every phone number in ``text`` masked (``请联系138-0000-1234`` ->
    ``请联系***-****-1234``)."""
    return _each_number(text, mask_number)


def lift_phones(text: str, lifted: list[str]) -> str:
    """``text`` masked, each number found appended to ``lifted`` as typed (once): the hub
    stores and publishes masked text and keeps the numbers sealed beside it (TYPED_PHONES)."""

    def lift(number: str) -> str:
        if number not in lifted:
            lifted.append(number)
        return mask_number(number)

    return _each_number(text, lift)


def mask_cut_number(text: str, numbers: Sequence[str]) -> str:
    """``text`` cut short (a title made of a label and an address, cut at its bound) with the
    digits of a number the cut split at its end starred: no recogniser sees a number in
    ``联系138``, yet they are its first digits."""
    for number in numbers:
        for length in range(len(number) - 1, 2, -1):  # two digits tell nothing
            head = number[:length]
            if text.endswith(head):
                before = text[: -len(head)]
                if not before or not before[-1].isdigit():
                    return before + "".join("*" if c.isdigit() else c for c in head)
    return text


def restore_phones(text: str, numbers: Sequence[str]) -> str:
    """``text`` with the masked form of each of ``numbers`` put back as typed (for the roles
    that see contacts), where it stands alone (not inside a longer run of digits or stars:
    ``***1234`` is the end of ``*******1234``), longest first. Two numbers masked alike (same
    separators, same last four digits) in one text would both show the first."""
    if "*" not in text:
        return text
    for number in sorted(numbers, key=len, reverse=True):
        masked = re.compile(rf"(?<![\d*＊]){re.escape(mask_number(number))}(?!\d)")
        text = masked.sub(lambda _, number=number: number, text)  # type: ignore[misc]
    return text


def restore_all_text(document: Any, numbers: Sequence[str]) -> Any:
    """``document`` (JSON) with ``restore_phones`` applied to every string in it."""
    if not numbers:
        return document
    if isinstance(document, str):
        return restore_phones(document, numbers)
    if isinstance(document, list):
        return [restore_all_text(item, numbers) for item in document]
    if isinstance(document, dict):
        return {key: restore_all_text(value, numbers) for key, value in document.items()}
    return document


TYPED_PHONES = "typed_phones"
"""Where a report keeps the numbers lifted from its free text: ``attributes.typed_phones``, a
JSON list of the numbers as typed, sealed like every personal field (so `gridhub pii reseal`
re-seals it); a lifecycle event keeps its own in the column ``case_events.typed_phones``,
outside the hash chain."""

REPORT_TEXT_FIELDS = ("title", "description", "address_text")
"""A unified report's free text: masked before the hub stores or publishes it."""


def lift_report_text(document: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """A unified report (JSON) with the numbers in its free text masked, and those numbers."""
    lifted: list[str] = []
    result = dict(document)
    for name in ("description", "address_text", "title"):  # the title is made of the others
        value = result.get(name)
        if isinstance(value, str):
            result[name] = lift_phones(value, lifted)
    if isinstance(result.get("title"), str):
        result["title"] = mask_cut_number(result["title"], lifted)
    return result, lifted


def encode_numbers(numbers: Sequence[str]) -> str:
    return json.dumps(list(numbers), ensure_ascii=False)


_LOOKS_LIKE_A_NUMBER = re.compile(r"[+＋(（]?\d[\d\s()（）\-－]{5,24}")


def decode_numbers(value: str | None) -> list[str]:
    """The numbers of an opened TYPED_PHONES value; anything else (altered, unreadable, not
    ours) is no numbers, and the text stays masked."""
    if not value:
        return []
    try:
        numbers = json.loads(value)
    except ValueError:
        return []
    if not isinstance(numbers, list):
        return []
    return [n for n in numbers if isinstance(n, str) and _LOOKS_LIKE_A_NUMBER.fullmatch(n)]


# Masked text shows a number's last four digits: a search of five or more digits in a row
# (with any separators: a search splits on spaces and each word matches alone) could find
# which case holds a number the caller sees masked (in text stored before numbers were
# lifted out), digit by digit. Such searches are for the roles that see text in clear.
DIGITS_BEYOND_A_MASK = re.compile(r"\d(?:[-\s－]*\d){4,}")


def searches_masked_digits(query: str, role: Role | None) -> bool:
    """Whether a text search by ``role`` could reveal digits that role sees masked."""
    return not text_in_clear(role) and DIGITS_BEYOND_A_MASK.search(query) is not None


def mask_all_text(document: Any) -> Any:
    """``document`` (JSON) with every phone number in every string masked; parts without
    one are shared, a document with none comes back as itself."""
    if isinstance(document, str):
        return mask_phones_in_text(document)
    if isinstance(document, list):
        items = [mask_all_text(item) for item in document]
        return document if all(a is b for a, b in zip(items, document, strict=True)) else items
    if isinstance(document, dict):
        values = {key: mask_all_text(value) for key, value in document.items()}
        same = all(values[key] is value for key, value in document.items())
        return document if same else values
    return document


FREE_TEXT_COLUMNS = ("title", "description", "address_text")
"""Free text of a report or a case row (what a person typed, or a title made of it)."""
RESOLVED_EVENT = CaseEventType.RESOLVED.value
FREE_TEXT_EVENT_FIELDS = ("reason", "data")
"""Free text of a stored lifecycle event: the reason, and the strings in its data (a note,
a comment, a reason given to a command)."""


def text_in_clear(role: Role | None) -> bool:
    """Whether ``role`` sees phone numbers typed into free text as typed: the roles that see
    contacts in clear (CONTACT_ROLES); anyone else, and the public (None), masked."""
    return role in CONTACT_ROLES


def shown_text(
    row: Mapping[str, Any], role: Role | None, fields: tuple[str, ...]
) -> dict[str, Any]:
    """``row`` with the phone numbers in its free-text ``fields`` masked unless ``role`` sees
    them in clear. A field may hold a string or JSON (every string in it is masked)."""
    if text_in_clear(role):
        return dict(row)
    return {k: mask_all_text(v) if k in fields else v for k, v in row.items()}


MASKS: dict[Kind, Callable[[str], str]] = {
    Kind.PHONE: mask_phone,
    Kind.NAME: mask_name,
    Kind.EMAIL: lambda value: "***",
    Kind.DERIVED_ID: lambda value: value,
    Kind.MESSAGE: lambda value: "***",
    Kind.LIFTED: lambda value: "***",
}


def is_sealed(value: object) -> bool:
    return isinstance(value, str) and value.startswith(SEALED_PREFIX)


def apply_at(document: Any, steps: tuple[str, ...], change: Callable[[str], str]) -> Any:
    """``document`` with ``change`` applied to every string at ``steps``; the parts it changes
    are copied, the rest is shared (the input is never modified, and a document with nothing
    at ``steps`` comes back as itself). Absent or null fields and values of another shape are
    left alone."""
    if not steps:
        return change(document) if isinstance(document, str) else document
    head, rest = steps[0], steps[1:]
    if head == "[]":
        if not isinstance(document, list):
            return document
        items = [apply_at(item, rest, change) for item in document]
        same = all(new is old for new, old in zip(items, document, strict=True))
        return document if same else items
    if not isinstance(document, dict):
        return document
    child = document.get(head)
    if child is None:
        return document
    new_child = apply_at(child, rest, change)
    if new_child is child:
        return document
    changed = dict(document)
    changed[head] = new_child
    return changed


def change_personal(
    document: Mapping[str, Any], change: Callable[[str], str], *, columns: bool = False
) -> dict[str, Any]:
    """A unified report as JSON (or a reports row, ``columns``) with ``change`` applied to
    every personal value it holds."""
    result: Any = document
    for field in SEALED_IN_REPORTS:
        result = apply_at(result, field.column_steps if columns else field.report_steps, change)
    return dict(result)


def seal_document(
    document: Mapping[str, Any], seal: Callable[[str], str], *, columns: bool = False
) -> dict[str, Any]:
    """The personal values of a report (or row) sealed. Values already sealed are kept (a
    report the API sealed passes the stream again)."""
    return change_personal(
        document, lambda value: value if is_sealed(value) else seal(value), columns=columns
    )


def personal_values(document: Mapping[str, Any], *, columns: bool = False) -> list[str]:
    """The personal values of a report (or row) as they are: what tests look at."""
    found: list[str] = []

    def keep(value: str) -> str:
        found.append(value)
        return value

    change_personal(document, keep, columns=columns)
    return found


def shown_row(
    row: Mapping[str, Any], role: Role, open_value: Callable[[str], str | None]
) -> dict[str, Any]:
    """A stored report row as ``role`` may see it: each personal field opened, then in clear
    for the roles the catalogue names and masked for the others. ``open_value`` gives a sealed
    value's clear text (a value stored before sealing passes unchanged), None if no configured
    key opens it. The numbers lifted from the free text go back into it for the roles that
    see contacts; the sealed list itself is never shown."""
    result: Any = row
    for field in SEALED_IN_REPORTS:
        if field.kind is Kind.LIFTED:
            continue
        clear = sees_in_clear(role, field)
        mask = MASKS[field.kind]

        def show(value: str, clear: bool = clear, mask: Callable[[str], str] = mask) -> str:
            opened = open_value(value)
            if opened is None:
                return UNREADABLE
            return opened if clear else mask(opened)

        result = apply_at(result, field.column_steps, show)
    result = dict(result)
    attributes = result.get("attributes")
    if isinstance(attributes, dict) and TYPED_PHONES in attributes:
        attributes = dict(attributes)
        sealed = attributes.pop(TYPED_PHONES)
        result["attributes"] = attributes
        if text_in_clear(role) and isinstance(sealed, str):
            numbers = decode_numbers(open_value(sealed))
            for name in FREE_TEXT_COLUMNS:
                if isinstance(result.get(name), str):
                    result[name] = restore_phones(result[name], numbers)
    return shown_text(result, role, FREE_TEXT_COLUMNS)


def shown_event_row(
    row: Mapping[str, Any], role: Role | None, open_value: Callable[[str], str | None]
) -> dict[str, Any]:
    """A stored lifecycle event as ``role`` may see it: the numbers lifted from its reason and
    notes put back for the roles that see contacts, masked for the others; the sealed list
    itself is never shown."""
    numbers = typed_numbers(row, open_value) if text_in_clear(role) else []
    shown = {k: v for k, v in row.items() if k != TYPED_PHONES}
    for name in FREE_TEXT_EVENT_FIELDS:
        if numbers and name in shown:
            shown[name] = restore_all_text(shown[name], numbers)
    return shown_text(shown, role, FREE_TEXT_EVENT_FIELDS)


def shown_case_text(
    case: Mapping[str, Any],
    report_rows: Sequence[Mapping[str, Any]],
    event_rows: Sequence[Mapping[str, Any]],
    role: Role | None,
    open_value: Callable[[str], str | None],
) -> dict[str, Any]:
    """A case row's free text as ``role`` may see it. The case's title, description and
    address are its founding report's, so only that report's numbers go back into them; its
    resolution is the last resolve's note and captions, so only that event's."""
    shown = dict(case)
    if text_in_clear(role):
        founding = [r for r in report_rows if r["id"] == case.get("founding_report_id")]
        own = typed_numbers((founding or list(report_rows[:1]) or [{}])[0], open_value)
        for name in FREE_TEXT_COLUMNS:
            shown[name] = restore_all_text(shown[name], own)
        resolved = [e for e in event_rows if e["event_type"] == RESOLVED_EVENT]
        if resolved:
            numbers = typed_numbers(resolved[-1], open_value)
            shown["resolution"] = restore_all_text(shown["resolution"], numbers)
    return shown_text(shown, role, (*FREE_TEXT_COLUMNS, "resolution"))


def typed_numbers(row: Mapping[str, Any], open_value: Callable[[str], str | None]) -> list[str]:
    """The numbers lifted from a stored report's free text (``attributes.typed_phones``) or a
    lifecycle event's (the ``typed_phones`` column), opened; none if there are none."""
    sealed = row.get(TYPED_PHONES)
    if sealed is None:
        attributes = row.get("attributes")
        sealed = attributes.get(TYPED_PHONES) if isinstance(attributes, dict) else None
    return decode_numbers(open_value(sealed)) if isinstance(sealed, str) else []


ROLE_ORDER = (Role.GRID_WORKER, Role.DISPATCHER, Role.HANDLER, Role.SUPERVISOR, Role.ADMIN)


def markdown_table() -> str:
    """docs/privacy.md's table of personal fields and who sees them (generated from here)."""
    head = ["field", "comes from", "in the unified report", "stored", *ROLE_ORDER]
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for field in CATALOGUE:
        hidden = "masked" if field.report_path else "never shown"
        seen = ["clear" if role in field.clear_to else hidden for role in ROLE_ORDER]
        cells = [
            field.label,
            ", ".join(f"`{s}`" for s in field.sources),
            f"`{field.report_path}`" if field.report_path else "-",
            field.at_rest.value
            + (f" (`reports.{field.column_path}`)" if field.column_path else ""),
            *seen,
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


if __name__ == "__main__":  # python -m dispatch.privacy: the table for docs/privacy.md
    print(markdown_table())
