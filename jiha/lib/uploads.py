"""Documents people upload: checked by content, named safely, kept out of the public tree.

An upload is accepted only as PDF, JPEG, PNG or XLSX, recognised by its first bytes (and, for
XLSX, by the parts of its zip container), never by its name or the browser's content type. It
is copied to a temporary file in the private storage root while it is counted and hashed, so a
file over the limit is cut off after the limit, not read whole into memory; a refused file
leaves nothing behind. PDFs that carry JavaScript or a launch action are refused. Names are
kept only for display and download: on disk a file is named by a random key.

Example:
    >>> sanitise_filename("../../etc/passwd")
    'passwd'
    >>> sanitise_filename("invoice\\u202egpj.pdf")
    'invoicegpj.pdf'
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import tempfile
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from jiha.lib.errors import AppError

# What is accepted: the kind, its content type and the extension used on download.
KINDS: dict[str, tuple[str, str]] = {
    "pdf": ("application/pdf", ".pdf"),
    "jpeg": ("image/jpeg", ".jpg"),
    "png": ("image/png", ".png"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
}
MAX_NAME_CHARS = 120
CHUNK = 1 << 16
XLSX_WORKBOOK_TYPE = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
XLSX_MACRO_TYPE = b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"
# The zip container is refused when it would inflate beyond this (a zip bomb).
XLSX_MAX_UNCOMPRESSED = 200 * 1024 * 1024
XLSX_MAX_MEMBERS = 10_000
# PDF names that run code or another program when the document is opened or a link followed.
PDF_ACTIVE_NAMES = (b"/javascript", b"/js", b"/launch", b"/richmedia")
PDF_ACTIVE = re.compile(
    rb"(?:" + rb"|".join(re.escape(n) for n in PDF_ACTIVE_NAMES) + rb")(?![a-z0-9])"
)
PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
PDF_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.DOTALL)
# Inflated stream bytes examined at most per PDF (object streams hide /JS in compressed form).
PDF_MAX_INFLATED = 64 * 1024 * 1024


class UploadRefused(AppError):
    status = 422
    code = "upload_refused"


@dataclass(frozen=True, slots=True)
class CheckedUpload:
    """A temporary file that passed every check, ready to be moved into private storage."""

    path: Path
    name: str
    kind: str
    content_type: str
    size: int
    sha256: str

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)


def max_document_bytes() -> int:
    return int(settings.JIHA_DOCUMENT_MAX_BYTES)


def private_root() -> Path:
    """The private storage root (outside the static and media trees), created on first use."""
    root = Path(settings.JIHA_PRIVATE_STORAGE_DIR)
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    return root


def sanitise_filename(name: str) -> str:
    """A display name without a path, control or bidirectional characters, of bounded length.

    The name never reaches the file system (files are stored under a random key); it is
    cleaned so that it cannot mislead on a page or in a Content-Disposition header.
    """
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[/\\]", name)[-1]
    # Cc: controls (NUL, newlines); Cf: format characters (RTL overrides, zero-width).
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C" or ch == " ")
    name = re.sub(r"\s+", " ", name).strip(" .")
    if len(name) > MAX_NAME_CHARS:
        stem, dot, extension = name.rpartition(".")
        if dot and 0 < len(extension) <= 10:
            name = stem[: MAX_NAME_CHARS - len(extension) - 1].rstrip(" .") + "." + extension
        else:
            name = name[:MAX_NAME_CHARS].rstrip(" .")
    return name or "document"


def upload_receive(upload: Any, *, max_bytes: int | None = None) -> CheckedUpload:
    """Copy ``upload`` (a Django ``UploadedFile``) to a private temporary file and check it.

    Raises :class:`UploadRefused` with a message for people, leaving no file behind, when the
    upload is too large, empty, of a kind not accepted, or a PDF with active content.
    """
    limit = max_bytes if max_bytes is not None else max_document_bytes()
    declared = getattr(upload, "size", None)
    if declared is not None and declared > limit:
        raise _too_large(limit)
    name = sanitise_filename(getattr(upload, "name", "") or "")
    path = _copy_counted(upload.chunks(CHUNK), limit)
    try:
        size, sha256 = _size_and_hash(path)
        if size == 0:
            raise UploadRefused(_("The file is empty."), code="upload_empty")
        kind = sniff_kind(path)
        if kind == "pdf":
            refuse_active_pdf(path)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    content_type, extension = KINDS[kind]
    if not name.lower().endswith(extension) and not (
        kind == "jpeg" and name.lower().endswith(".jpeg")
    ):
        name = f"{name.rsplit('.', 1)[0] if '.' in name else name}{extension}"
    return CheckedUpload(path, name, kind, content_type, size, sha256)


def _too_large(limit: int) -> UploadRefused:
    return UploadRefused(
        _("The file is larger than the limit of %(limit)s MB. Send a smaller file.")
        % {"limit": round(limit / 1_048_576, 1)},
        code="upload_too_large",
        status=413,
    )


def _copy_counted(chunks: Iterable[bytes], limit: int) -> Path:
    """Write the chunks to a temporary file, stopping as soon as they pass ``limit`` bytes."""
    incoming = private_root() / "incoming"
    incoming.mkdir(exist_ok=True, mode=0o700)
    handle, raw_path = tempfile.mkstemp(dir=incoming, prefix="upload-")
    path = Path(raw_path)
    written = 0
    try:
        with os.fdopen(handle, "wb") as out:
            for chunk in chunks:
                written += len(chunk)
                if written > limit:
                    raise _too_large(limit)
                out.write(chunk)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


def _size_and_hash(path: Path) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as stream:
        while block := stream.read(CHUNK):
            digest.update(block)
            size += len(block)
    return size, digest.hexdigest()


def sniff_kind(path: Path) -> str:
    """``pdf``, ``jpeg``, ``png`` or ``xlsx`` from the content, else :class:`UploadRefused`."""
    with path.open("rb") as stream:
        head = stream.read(16)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"PK\x03\x04") and _is_xlsx(path):
        return "xlsx"
    raise UploadRefused(
        _(
            "This file is not a PDF, JPEG, PNG or XLSX document (its content was checked, "
            "not its name). Export it to PDF and send it again."
        ),
        code="upload_kind",
    )


def _is_xlsx(path: Path) -> bool:
    """An OOXML workbook: a sound zip, not a bomb, whose content types declare a workbook."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > XLSX_MAX_MEMBERS:
                return False
            if sum(member.file_size for member in members) > XLSX_MAX_UNCOMPRESSED:
                return False
            names = {member.filename for member in members}
            if "[Content_Types].xml" not in names:
                return False
            types = archive.read("[Content_Types].xml")
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, EOFError):
        return False
    if XLSX_MACRO_TYPE in types or any(name.endswith("vbaProject.bin") for name in names):
        raise UploadRefused(
            _("Workbooks with macros are not accepted. Save it as a plain .xlsx workbook."),
            code="upload_macros",
        )
    return XLSX_WORKBOOK_TYPE in types


def refuse_active_pdf(path: Path) -> None:
    """Refuse a PDF holding JavaScript (``/JavaScript``, ``/JS``, also as an ``/OpenAction``),
    a ``/Launch`` action or Flash (``/RichMedia``); ClamAV scans what else it may embed.

    The names are looked for in the file as written and inside its compressed streams (object
    streams can hide them), with ``#xx`` escapes in names decoded (``/J#61vaScript``).
    """
    for window in _pdf_texts(path):
        lowered = PDF_NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), window).lower()
        if PDF_ACTIVE.search(lowered):
            raise UploadRefused(
                _(
                    "This PDF contains JavaScript or an action that starts a program, which is "
                    "not accepted. Print it to a new PDF (without scripts) and send it again."
                ),
                code="upload_pdf_active",
            )


def _pdf_texts(path: Path) -> Iterable[bytes]:
    data = path.read_bytes()
    yield data
    inflated = 0
    for match in PDF_STREAM.finditer(data):
        raw = match.group(1)
        try:
            decompressor = zlib.decompressobj()
            text = decompressor.decompress(raw, PDF_MAX_INFLATED - inflated)
        except zlib.error:
            continue
        inflated += len(text)
        yield text
        if inflated >= PDF_MAX_INFLATED:
            return


def store_key() -> str:
    """A random relative path under the private root: the user's name never reaches the disk."""
    key = secrets.token_hex(16)
    return f"documents/{key[:2]}/{key}"


def store_checked(checked: CheckedUpload) -> str:
    """Move a checked upload into private storage; returns its key (relative path)."""
    key = store_key()
    target = private_root() / key
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.replace(checked.path, target)
    target.chmod(0o600)
    return key


def store_bytes(data: bytes, *, prefix: str) -> str:
    """Write generated bytes (a letter, an export) into private storage; returns the key."""
    key = f"{prefix}/{secrets.token_hex(16)}"
    target = private_root() / key
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    target.write_bytes(data)
    target.chmod(0o600)
    return key


def stored_path(key: str) -> Path:
    """The file behind a stored key, refusing any key that would leave the private root."""
    root = private_root().resolve()
    path = (root / key).resolve()
    if root not in path.parents:
        raise AppError(_("This file is not available."), code="not_found", status=404)
    return path


def open_stored(key: str) -> IO[bytes]:
    path = stored_path(key)
    if not path.is_file():
        raise AppError(_("This file is not available."), code="not_found", status=404)
    return path.open("rb")
