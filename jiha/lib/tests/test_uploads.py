"""Documents are accepted by content only, named safely; refused files leave nothing."""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from jiha.lib import uploads
from jiha.lib.uploads import UploadRefused, sanitise_filename, upload_receive


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Messages are checked in English (French is the default language)."""
    with translation.override("en"):
        yield


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 64
WINDOWS_EXE = b"MZ\x90\x00" + b"\x00" * 64


def xlsx_bytes(*, content_type: str | None = None, macro: bool = False) -> bytes:
    main = (
        content_type or "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            f'<Types><Override PartName="/xl/workbook.xml" ContentType="{main}"/></Types>',
        )
        archive.writestr("xl/workbook.xml", "<workbook/>")
        if macro:
            archive.writestr("xl/vbaProject.bin", b"\x00")
    return buffer.getvalue()


def leftovers(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]


@pytest.fixture
def root(private_storage: Path) -> Path:
    return private_storage


@pytest.mark.parametrize(
    ("data", "kind"),
    [(PDF, "pdf"), (PNG, "png"), (JPEG, "jpeg"), (xlsx_bytes(), "xlsx")],
)
def test_it_accepts_the_four_kinds_by_content(root: Path, data: bytes, kind: str) -> None:
    checked = upload_receive(SimpleUploadedFile("whatever.bin", data))
    assert checked.kind == kind
    assert checked.size == len(data)
    assert checked.content_type == uploads.KINDS[kind][0]
    assert checked.name == "whatever" + uploads.KINDS[kind][1]
    assert checked.path.is_file() and root in checked.path.parents
    checked.discard()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("report.pdf", ELF),
        ("report.pdf", WINDOWS_EXE),
        ("table.xlsx", b"PK\x03\x04 not really a zip"),
        (
            "notes.docx",
            xlsx_bytes(
                content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
            ),
        ),
        ("page.pdf", b"<html><script>alert(1)</script></html>"),
    ],
)
def test_it_refuses_other_kinds_whatever_their_name(root: Path, name: str, data: bytes) -> None:
    with pytest.raises(UploadRefused) as refused:
        upload_receive(SimpleUploadedFile(name, data, content_type="application/pdf"))
    assert refused.value.code == "upload_kind"
    assert "PDF, JPEG, PNG or XLSX" in str(refused.value.message)
    assert leftovers(root) == []


def test_it_refuses_a_macro_workbook(root: Path) -> None:
    with pytest.raises(UploadRefused) as refused:
        upload_receive(SimpleUploadedFile("table.xlsx", xlsx_bytes(macro=True)))
    assert refused.value.code == "upload_macros"
    assert leftovers(root) == []


@pytest.mark.parametrize(
    "body",
    [
        b"/OpenAction << /S /JavaScript /JS (app.alert('x')) >>",
        b"/AA << /O << /S /JS (this.exportDataObject()) >> >>",
        b"/OpenAction << /S /Launch /F (cmd.exe) >>",
        b"/OpenAction << /S /J#61vaScript /J#53 (x) >>",  # names written with #xx escapes
    ],
)
def test_it_refuses_a_pdf_with_javascript_or_launch(root: Path, body: bytes) -> None:
    data = PDF.replace(b"/Type /Catalog", b"/Type /Catalog " + body)
    with pytest.raises(UploadRefused) as refused:
        upload_receive(SimpleUploadedFile("form.pdf", data))
    assert refused.value.code == "upload_pdf_active"
    assert "JavaScript" in str(refused.value.message)
    assert leftovers(root) == []


def test_it_finds_javascript_hidden_in_a_compressed_object_stream(root: Path) -> None:
    hidden = zlib.compress(b"2 0 obj << /S /JavaScript /JS (app.alert(1)) >> endobj")
    data = PDF + b"3 0 obj << /Type /ObjStm /Filter /FlateDecode >>\nstream\n"
    data += hidden + b"\nendstream\nendobj\n"
    with pytest.raises(UploadRefused):
        upload_receive(SimpleUploadedFile("form.pdf", data))


def test_it_accepts_a_pdf_whose_text_only_mentions_javascript_words(root: Path) -> None:
    data = PDF.replace(b"/Type /Catalog", b"/Type /Catalog /JSONData (x) /Launched (y)")
    assert upload_receive(SimpleUploadedFile("ok.pdf", data)).kind == "pdf"


def test_it_refuses_a_declared_200_mb_file_without_reading_it(root: Path) -> None:
    class Huge(SimpleUploadedFile):
        def chunks(self, chunk_size: int | None = None) -> Iterator[bytes]:
            raise AssertionError("a file declared too large must not be read")

    upload = Huge("big.pdf", b"")
    upload.size = 200 * 1024 * 1024
    with pytest.raises(UploadRefused) as refused:
        upload_receive(upload)
    assert refused.value.status == 413
    assert "20.0 MB" in str(refused.value.message)
    assert leftovers(root) == []


def test_it_stops_reading_a_stream_that_lies_about_its_size(root: Path, settings: object) -> None:
    read: list[int] = []

    class Liar(SimpleUploadedFile):
        def chunks(self, chunk_size: int | None = None) -> Iterator[bytes]:
            for _ in range(200 * 16):  # 200 MB in 64 KiB chunks, never all in memory
                read.append(1)
                yield b"%PDF" + b"\x00" * (65536 - 4)

    upload = Liar("big.pdf", b"")
    upload.size = 10
    with pytest.raises(UploadRefused) as refused:
        upload_receive(upload, max_bytes=1024 * 1024)
    assert refused.value.code == "upload_too_large"
    assert len(read) == 17  # stopped just past 1 MB
    assert leftovers(root) == []


def test_it_refuses_an_empty_file(root: Path) -> None:
    with pytest.raises(UploadRefused) as refused:
        upload_receive(SimpleUploadedFile("empty.pdf", b""))
    assert refused.value.code == "upload_empty"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\system32\\cmd.exe", "cmd.exe"),
        ("a\x00b.pdf", "ab.pdf"),
        ("invoice\u202egpj.exe", "invoicegpj.exe"),
        ("\u200b\u200f..", "document"),
        ("", "document"),
        ("line\r\nbreak.pdf", "linebreak.pdf"),
        ("عقد التكوين.pdf", "عقد التكوين.pdf"),
    ],
)
def test_it_sanitises_names(raw: str, clean: str) -> None:
    assert sanitise_filename(raw) == clean


def test_it_shortens_very_long_names_keeping_the_extension() -> None:
    name = sanitise_filename("x" * 5000 + ".pdf")
    assert len(name) == uploads.MAX_NAME_CHARS
    assert name.endswith("xxx.pdf")


def test_it_never_uses_the_given_name_on_disk(root: Path) -> None:
    checked = upload_receive(SimpleUploadedFile("../../etc/passwd", PDF))
    key = uploads.store_checked(checked)
    assert "passwd" not in key and ".." not in key
    stored = uploads.stored_path(key)
    assert stored.read_bytes() == PDF and root.resolve() in stored.parents
    assert checked.name == "passwd.pdf"


def test_it_refuses_a_stored_key_outside_the_private_root(root: Path) -> None:
    with pytest.raises(uploads.AppError):
        uploads.stored_path("../../etc/passwd")
