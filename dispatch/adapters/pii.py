"""Sealing personal data with Fernet (the ``cryptography`` library): AES-128-CBC with an
HMAC-SHA256 over every token, so a value sealed with another key, or altered, is refused rather
than read wrong.

Keys come from HUB_PII_KEYS (a list: the first key seals, every key opens, which is how keys
are rotated: docs/privacy.md). With no key configured, a key is generated once into the data
directory (``pii-keys``), with a warning: fine for ``make run``, never for production, where
every process needs the same keys.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from config import HubSettings
from contracts.common import SEALED_PREFIX
from contracts.report import IncidentReport
from dispatch.privacy import (
    REPORT_TEXT_FIELDS,
    TYPED_PHONES,
    decode_numbers,
    encode_numbers,
    is_sealed,
    lift_phones,
    lift_report_text,
    seal_document,
)

log = logging.getLogger(__name__)

KEY_FILE = "pii-keys"


class PiiKeyError(Exception):
    """A sealed value that none of the configured keys opens, or a key that is not a key."""


class Sealer:
    """Seals and opens personal values. The first key seals; every key opens."""

    def __init__(self, keys: Sequence[str | bytes]) -> None:
        if not keys:
            raise PiiKeyError("no key to seal personal data with: set HUB_PII_KEYS")
        fernets = []
        for position, key in enumerate(keys, start=1):
            try:
                fernets.append(Fernet(key))
            except (ValueError, TypeError) as exc:
                raise PiiKeyError(
                    f"HUB_PII_KEYS key {position} of {len(keys)} is not a Fernet key "
                    "(32 bytes, url-safe base64: make one with `gridhub pii new-key`)"
                ) from exc
        self._fernet = MultiFernet(fernets)
        self._primary = fernets[0]
        self.key_count = len(fernets)
        first = keys[0].encode() if isinstance(keys[0], str) else keys[0]
        self._pseudonym_key = hashlib.sha256(b"gridhub pseudonym\0" + first).digest()

    @staticmethod
    def new_key() -> str:
        return Fernet.generate_key().decode()

    # -- single values --------------------------------------------------------------------
    def seal(self, value: str) -> str:
        return SEALED_PREFIX + self._fernet.encrypt(value.encode()).decode()

    def open(self, value: str) -> str:
        """The clear text of a sealed value; a value stored before sealing passes as it is."""
        if not is_sealed(value):
            return value
        try:
            return self._fernet.decrypt(value[len(SEALED_PREFIX) :].encode()).decode()
        except InvalidToken as exc:
            raise PiiKeyError(
                f"a sealed value none of the {self.key_count} configured HUB_PII_KEYS opens "
                "(sealed with a key no longer listed, or altered)"
            ) from exc

    def open_or_none(self, value: str) -> str | None:
        try:
            return self.open(value)
        except PiiKeyError as exc:
            log.warning("%s", exc)
            return None

    def _opens(self, value: object) -> bool:
        if not is_sealed(value):
            return False
        try:
            self.open(str(value))
        except PiiKeyError:
            return False
        return True

    def reseal(self, value: str) -> str:
        """Sealed with the first key: a clear value sealed, an older key's value re-sealed,
        a value the first key seals already left as it is (a second run has nothing to do)."""
        if not is_sealed(value):
            return self.seal(value)
        token = value[len(SEALED_PREFIX) :].encode()
        try:
            self._primary.decrypt(token)
            return value
        except InvalidToken:
            pass
        try:
            token = self._fernet.rotate(token)
        except InvalidToken as exc:
            raise PiiKeyError("a sealed value none of the configured keys opens") from exc
        return SEALED_PREFIX + token.decode()

    def pseudonym(self, value: str) -> str:
        """A keyed digest (HMAC-SHA256, 16 hex digits) for an id derived from personal data:
        the same value gives the same id while the first key stays first, and nobody without
        the key can find the value by trying candidates."""
        mac = hmac.new(self._pseudonym_key, value.encode(), hashlib.sha256)
        return mac.hexdigest()[:16]

    # -- whole messages -------------------------------------------------------------------
    def seal_bytes(self, data: bytes) -> str:
        """A Fernet token (url-safe base64 text) of ``data``: how dead letters keep a message."""
        return self._fernet.encrypt(data).decode()

    def open_bytes(self, token: str) -> bytes:
        try:
            return self._fernet.decrypt(token.encode())
        except InvalidToken as exc:
            raise PiiKeyError("a sealed message none of the configured keys opens") from exc

    # -- reports --------------------------------------------------------------------------
    def seal_report(self, report: IncidentReport) -> IncidentReport:
        """The report with every personal field of dispatch/privacy.py sealed, and the phone
        numbers typed into its free text masked there and kept sealed in
        ``attributes.typed_phones`` (itself when it carries none, which is most grid
        reports)."""
        reporter = report.reporter
        texts, lifted = lift_report_text(
            {name: getattr(report, name) for name in REPORT_TEXT_FIELDS}
        )
        attributes = report.attributes
        if lifted:
            existing = attributes.get(TYPED_PHONES)
            kept = decode_numbers(self.open_or_none(existing)) if is_sealed(existing) else []
            attributes = attributes | {
                TYPED_PHONES: encode_numbers(kept + [n for n in lifted if n not in kept])
            }
        elif TYPED_PHONES in attributes and not self._opens(attributes[TYPED_PHONES]):
            # Only the hub writes this field, sealed with its keys: another came from a client.
            attributes = {k: v for k, v in attributes.items() if k != TYPED_PHONES}
        document = {
            "reporter": {"name": reporter.name, "phone": reporter.phone},
            "attributes": attributes,
        }
        sealed = seal_document(document, self.seal)
        if (
            not lifted
            and sealed["reporter"] is document["reporter"]
            and sealed["attributes"] is report.attributes
        ):
            return report
        return report.model_copy(
            update={
                **(texts if lifted else {}),
                "reporter": reporter.model_copy(update=sealed["reporter"]),
                "attributes": sealed["attributes"],
            }
        )

    def lift_text(self, texts: Mapping[str, Any]) -> tuple[dict[str, Any], str | None]:
        """Free text given to a command (a reason, a note, a comment, the captions of a list
        of photos) with its phone numbers masked, and those numbers sealed to keep beside its
        event (None when there are none)."""
        lifted: list[str] = []

        def lift(value: Any) -> Any:
            if isinstance(value, str):
                return lift_phones(value, lifted)
            if isinstance(value, list):
                return [
                    item | {"caption": lift_phones(item["caption"], lifted)}
                    if isinstance(item, dict) and isinstance(item.get("caption"), str)
                    else item
                    for item in value
                ]
            return value

        masked = {name: lift(value) for name, value in texts.items()}
        return masked, self.seal(encode_numbers(lifted)) if lifted else None


def _key_file_keys(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text().splitlines() if line.strip()]


def configured_keys(settings: HubSettings) -> list[str]:
    """HUB_PII_KEYS, or the data directory's generated key (made on first use, with a
    warning)."""
    if settings.pii_keys:
        return [key.get_secret_value() for key in settings.pii_keys]
    path = settings.data_dir / KEY_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written aside, then linked into place: a process starting at the same moment finds
        # either no file or a whole one, and the first link wins.
        draft = path.with_name(f"{KEY_FILE}.{os.getpid()}.new")
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(Sealer.new_key() + "\n")
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        else:
            log.warning(
                "HUB_PII_KEYS is not set: personal data is sealed with a key generated into "
                "%s. Keep that file with the database; in production set HUB_PII_KEYS (the "
                "same on every process) instead (docs/privacy.md).",
                path,
            )
        finally:
            draft.unlink(missing_ok=True)
    keys = _key_file_keys(path)
    if not keys:
        raise PiiKeyError(f"{path} holds no key (delete it to have one generated)")
    return keys


def sealer_from_settings(settings: HubSettings) -> Sealer:
    return Sealer(configured_keys(settings))
