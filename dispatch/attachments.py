"""What an uploaded photo or document must be, and its thumbnail. Pure: bytes in, facts out.

A file is judged by its content, never by the name or the type the client claims: photos are
JPEG, PNG or WebP images that decode, within a size and a pixel limit; documents are PDF.
Anything else is refused with the field and the reason, before anything is stored.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

PHOTO_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
DOCUMENT_TYPES = {"application/pdf"}
ACCEPTED = sorted({*PHOTO_TYPES.values(), *DOCUMENT_TYPES})
THUMBNAIL_EDGE = 320  # pixels, the longer side: enough for a list on a phone


class UploadRefused(ValueError):
    """A file the hub does not take; ``status`` is the HTTP status that says why."""

    def __init__(self, reason: str, status: int) -> None:
        super().__init__(reason)
        self.reason, self.status = reason, status


@dataclass(frozen=True)
class Inspected:
    sha256: str
    content_type: str
    kind: str  # photo, document
    size: int
    width: int | None = None
    height: int | None = None


def inspect(data: bytes, declared_type: str | None, max_bytes: int, max_pixels: int) -> Inspected:
    """Check an upload; raises UploadRefused (413 too big, 415 a type not taken, 422 a file
    that claims to be an image and is not one, or an empty or oversized image)."""
    if not data:
        raise UploadRefused("the file is empty", 422)
    if len(data) > max_bytes:
        raise UploadRefused(f"larger than the limit of {max_bytes} bytes", 413)
    digest = hashlib.sha256(data).hexdigest()
    if data.startswith(b"%PDF-"):
        return Inspected(digest, "application/pdf", "document", len(data))
    image_format, width, height = _image_facts(data, declared_type, max_pixels)
    return Inspected(digest, PHOTO_TYPES[image_format], "photo", len(data), width, height)


def _image_facts(data: bytes, declared_type: str | None, max_pixels: int) -> tuple[str, int, int]:
    claims_image = (declared_type or "").startswith("image/")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                image_format, (width, height) = image.format or "", image.size
                if width * height > max_pixels:
                    raise UploadRefused(
                        f"{width}x{height} pixels is more than the limit of {max_pixels}", 422
                    )
                if image_format not in PHOTO_TYPES:
                    raise UploadRefused(
                        f"{image_format} images are not taken; send one of {', '.join(ACCEPTED)}",
                        415,
                    )
                image.load()  # decode it all: a truncated or corrupt file fails here
    except UploadRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise UploadRefused(f"too many pixels ({exc})", 422) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        if claims_image:
            raise UploadRefused(f"not a readable image ({type(exc).__name__})", 422) from exc
        raise UploadRefused(
            f"not a photo or a document the hub takes; send one of {', '.join(ACCEPTED)}", 415
        ) from exc
    return image_format, width, height


def thumbnail(data: bytes, edge: int = THUMBNAIL_EDGE) -> bytes:
    """A JPEG no larger than ``edge`` on its longer side, turned upright as the camera held
    it; it keeps no metadata (no GPS position from the phone's EXIF)."""
    with Image.open(io.BytesIO(data)) as image:
        upright = ImageOps.exif_transpose(image)
        upright.thumbnail((edge, edge))
        if upright.mode not in ("RGB", "L"):
            upright = upright.convert("RGB")
        out = io.BytesIO()
        upright.save(out, "JPEG", quality=80, optimize=True)
        return out.getvalue()
