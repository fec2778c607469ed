"""Photos and documents: upload one (multipart), read it back and its thumbnail.

An upload is checked by its content (dispatch/attachments.py) before anything is stored:
413 too big, 415 a type the hub does not take, 422 a file that is not what it claims. The
bytes go to the blob store under their SHA-256 (stored once however often uploaded); a row
records who uploaded it. It becomes part of a report (POST /reports ``attachments``) or of a
resolution (POST /cases/{id}/resolve ``evidence``), and then whoever may see that report or
case may see it; until then only its uploader.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import PurePath
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, HTTPException, Request, UploadFile, status
from fastapi.responses import Response

from api.deps import EngineDep, ReadConnDep, SettingsDep, UserDep, require
from api.errors import field_error
from api.routers.reports import attachment_read, attachment_ref, may_see_report
from api.schemas import AttachmentRead
from dispatch.adapters import views
from dispatch.adapters.attachments import AttachmentRepository
from dispatch.adapters.storage import BlobStore, thumbnail_key
from dispatch.attachments import ACCEPTED, UploadRefused, inspect, thumbnail
from dispatch.roles import Role, User, can_see

router = APIRouter(prefix="/attachments", tags=["attachments"])
Uploader = Annotated[
    User, Depends(require(Role.GRID_WORKER, Role.HANDLER, Role.DISPATCHER, Role.ADMIN))
]
# Stored files never change: a browser may keep them, privately, for a day.
CACHE = {"Cache-Control": "private, max-age=86400, immutable", "X-Content-Type-Options": "nosniff"}


def get_store(request: Request) -> BlobStore:
    return request.app.state.blobs  # type: ignore[no-any-return]


StoreDep = Annotated[BlobStore, Depends(get_store)]


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=AttachmentRead,
    responses={413: {"description": "too big"}, 415: {"description": "type not taken"}},
)
def upload(
    file: Annotated[UploadFile, File(description=f"one of: {', '.join(ACCEPTED)}")],
    engine: EngineDep,
    settings: SettingsDep,
    store: StoreDep,
    user: Uploader,
) -> AttachmentRead:
    """Upload a photo (JPEG, PNG, WebP) or a PDF document; answers its id, to send with a
    report or as evidence."""
    data = file.file.read(settings.upload_max_bytes + 1)
    try:
        checked = inspect(
            data, file.content_type, settings.upload_max_bytes, settings.upload_max_pixels
        )
    except UploadRefused as exc:
        raise field_error("file", exc.reason, "body", status_code=exc.status) from exc
    store.put(checked.sha256, data)
    has_thumbnail = False
    if checked.kind == "photo":
        key = thumbnail_key(checked.sha256)
        if not store.exists(key):
            store.put(key, thumbnail(data))
        has_thumbnail = True
    row: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "sha256": checked.sha256,
        "content_type": checked.content_type,
        "kind": checked.kind,
        "size": checked.size,
        "width": checked.width,
        "height": checked.height,
        "has_thumbnail": has_thumbnail,
        "filename": PurePath(file.filename or "").name[:200] or None,
        "uploaded_by": user.username,
        "uploaded_at": datetime.now(UTC),
        "report_id": None,
        "case_id": None,
    }
    with engine.begin() as conn:
        AttachmentRepository(conn).add(row)
    return attachment_read(attachment_ref(row))


def _may_see(conn: Any, row: dict[str, Any], user: User) -> bool:
    if user.role is Role.ADMIN or row["uploaded_by"] == user.username:
        return True
    if row["report_id"]:
        report = views.report_detail(conn, row["report_id"])
        if report is not None and may_see_report(conn, report, user):
            return True
    if row["case_id"]:
        scope = views.case_scope(conn, row["case_id"])
        if scope is not None and can_see(user, scope):
            return True
    return False


def _visible(conn: Any, attachment_id: str, user: User) -> dict[str, Any]:
    row = AttachmentRepository(conn).get(attachment_id)
    if row is None or not _may_see(conn, row, user):
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no attachment {attachment_id}")
    return row


FILE_TYPES = {"image/jpeg", "image/png", "image/webp", "application/pdf"}
BINARY = {"schema": {"type": "string", "format": "binary"}}


@router.get(
    "/{attachment_id}",
    response_class=Response,
    responses={200: {"content": {kind: BINARY for kind in sorted(FILE_TYPES)}}},
)
def download(attachment_id: str, conn: ReadConnDep, user: UserDep, store: StoreDep) -> Response:
    row = _visible(conn, attachment_id, user)
    data = store.get(row["sha256"])
    if data is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="the file is missing from storage")
    return Response(data, media_type=row["content_type"], headers=CACHE)


@router.get(
    "/{attachment_id}/thumbnail",
    response_class=Response,
    responses={200: {"content": {"image/jpeg": BINARY}}},
)
def download_thumbnail(
    attachment_id: str, conn: ReadConnDep, user: UserDep, store: StoreDep
) -> Response:
    row = _visible(conn, attachment_id, user)
    data = store.get(thumbnail_key(row["sha256"])) if row["has_thumbnail"] else None
    if data is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="no thumbnail for this file")
    return Response(data, media_type="image/jpeg", headers=CACHE)


@router.get("/{attachment_id}/meta", response_model=AttachmentRead)
def metadata(attachment_id: str, conn: ReadConnDep, user: UserDep) -> AttachmentRead:
    return attachment_read(attachment_ref(_visible(conn, attachment_id, user)))
