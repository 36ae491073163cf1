"""Evidence files of the progress log: checked by their content, stored outside the web
root by a random name, served only through the policy, never run.

- What a file is comes from its first bytes, never its name or the browser's content type:
  a photo (JPEG, PNG, WebP or GIF) is opened by Pillow, checked and re-encoded, so what is
  stored is a plain image Pillow wrote (no script, no trailing payload, no location in its
  metadata); a PDF must start with the PDF header and end with its end-of-file marker.
  Anything else (an .exe renamed .jpg, HTML, SVG) is refused.
- At most MAX_BYTES (5 MB) as uploaded.
- Stored under settings.EVIDENCE_DIR as <32 random hex digits>.<jpg|png|pdf>; the uploaded
  name is kept only as text to show, never as part of a path.
- Served with the content type of what was stored, `X-Content-Type-Options: nosniff`, a
  sandboxing Content-Security-Policy, and a made-up file name; PDFs as a download.
"""

import io
import os
import re
import secrets
import warnings
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from renluyen.core.errors import DomainError
from renluyen.core.text import clean
from renluyen.progress.models import FileKind
from renluyen.registrations.rules import Problem

MAX_BYTES = 5 * 1024 * 1024
# A photo from a phone is 12-50 megapixels; more is refused before it is decoded.
MAX_PIXELS = 60_000_000
# Stored photos are scaled down to this many pixels on the longer side.
MAX_SIDE = 2560
IMAGE_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
_NAME = re.compile(r"[0-9a-f]{32}\.(jpg|png|pdf)")
CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png", "pdf": "application/pdf"}


@dataclass
class Stored:
    name: str
    kind: str
    size: int
    original_name: str


def _refuse(message: str):
    raise DomainError(message, problems=[Problem(message, "file")])


def _sniff(head: bytes) -> str | None:
    """ "image" or "pdf" by the file's first bytes, or None."""
    if head.startswith(b"%PDF-"):
        return FileKind.PDF
    if (
        head.startswith(b"\xff\xd8\xff")
        or head.startswith(b"\x89PNG\r\n\x1a\n")
        or head.startswith((b"GIF87a", b"GIF89a"))
        or (head.startswith(b"RIFF") and head[8:12] == b"WEBP")
    ):
        return FileKind.IMAGE
    return None


def read_upload(upload) -> bytes:
    """The upload's bytes, refused above MAX_BYTES without reading more than that."""
    if upload.size is not None and upload.size > MAX_BYTES:
        _too_big()
    data = bytearray()
    for chunk in upload.chunks():
        data += chunk
        if len(data) > MAX_BYTES:
            _too_big()
    return bytes(data)


def _too_big():
    _refuse(_("The file is larger than 5 MB. Send a smaller photo or PDF, or a link."))


def checked(data: bytes) -> tuple[str, str, bytes]:
    """(kind, extension, bytes to store) for an acceptable file; DomainError otherwise."""
    kind = _sniff(data[:16])
    if kind == FileKind.PDF:
        if b"%%EOF" not in data[-2048:]:
            _refuse(_("This PDF is incomplete or damaged; save it again and send it."))
        return kind, "pdf", data
    if kind == FileKind.IMAGE:
        return kind, *_reencoded(data)
    _refuse(
        _(
            "Only a photo (JPEG, PNG, WebP) or a PDF can be attached; this file is neither "
            "(its content was checked, not its name)."
        )
    )


def _reencoded(data: bytes) -> tuple[str, bytes]:
    unreadable = _("This photo cannot be read; take it again or save it as JPEG.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format not in IMAGE_FORMATS:
                    _refuse(unreadable)
                width, height = probe.size
                if width * height > MAX_PIXELS:
                    _refuse(_("This photo has too many pixels; send a smaller one."))
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.seek(0)
                image.load()
                image = ImageOps.exif_transpose(image)
                image.thumbnail((MAX_SIDE, MAX_SIDE))
                out = io.BytesIO()
                if image.mode in ("RGBA", "LA", "P"):
                    image.convert("RGBA").save(out, format="PNG", optimize=True)
                    return "png", out.getvalue()
                image.convert("RGB").save(out, format="JPEG", quality=85)
                return "jpg", out.getvalue()
    except DomainError:
        raise
    except Exception:  # Pillow raises many kinds of errors on damaged or hostile files.
        _refuse(unreadable)


def original_name(upload) -> str:
    """The uploaded name to show: its last part only, cleaned, at most 255 characters."""
    name = clean(getattr(upload, "name", "") or "")
    name = re.split(r"[\\/]", name)[-1].strip(". ")
    return name[:255]


def root() -> Path:
    return Path(settings.EVIDENCE_DIR)


def path_of(name: str) -> Path:
    """Where a stored file is; only names this module made are accepted."""
    if not _NAME.fullmatch(name or ""):
        raise Http404
    return root() / name[:2] / name


def store(upload) -> Stored:
    """Check `upload` and write it under EVIDENCE_DIR; DomainError when refused."""
    data = read_upload(upload)
    kind, extension, content = checked(data)
    name = f"{secrets.token_hex(16)}.{extension}"
    path = path_of(name)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o750)
    # O_EXCL: never overwrite (a random name repeating is a bug, not a collision to hide).
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o640)
    with os.fdopen(fd, "wb") as out:
        out.write(content)
    return Stored(name=name, kind=kind, size=len(content), original_name=original_name(upload))


def delete(name: str) -> None:
    if name:
        try:
            path_of(name).unlink(missing_ok=True)
        except Http404:
            pass


def response(entry) -> FileResponse:
    """The stored file of `entry` as a response a browser shows (photos) or downloads
    (PDFs) and never runs. The caller has checked the policy."""
    path = path_of(entry.file_name)
    if not path.is_file():
        raise Http404
    extension = entry.file_name.rsplit(".", 1)[1]
    response = FileResponse(
        path.open("rb"),
        content_type=CONTENT_TYPES[extension],
        as_attachment=extension == "pdf",
        filename=f"minh-chung-{entry.pk}.{extension}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-store"
    return response
