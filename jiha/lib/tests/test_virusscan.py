"""The real clamd (tools/clamd-local.sh) finds EICAR and the project's test signature."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.utils import translation

from jiha.lib.virusscan import CLEAN, INFECTED, ScannerUnavailable, scan_file, scanner_answers


# Split so that this source file is not itself reported by a scanner.
@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Messages are checked in English (French is the default language)."""
    with translation.override("en"):
        yield


EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR" + b"-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
TEST_SIGNATURE = b"JIHA-TEST-SIGNATURE-6f1c2d9e" + b"-not-a-virus"


def write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "sample"
    path.write_bytes(data)
    return path


def test_it_reports_eicar_as_infected(clamd_socket: str, tmp_path: Path) -> None:
    verdict = scan_file(write(tmp_path, EICAR))
    assert verdict.state == INFECTED
    assert verdict.signature.startswith("Eicar-Test-Signature")


def test_it_reports_the_project_test_signature_inside_a_pdf(
    clamd_socket: str, tmp_path: Path
) -> None:
    verdict = scan_file(write(tmp_path, b"%PDF-1.4\n% " + TEST_SIGNATURE + b"\n%%EOF\n"))
    assert verdict.state == INFECTED
    assert verdict.signature.startswith("Jiha.Test.Signature")


def test_it_reports_a_plain_pdf_as_clean(clamd_socket: str, tmp_path: Path) -> None:
    assert scan_file(write(tmp_path, b"%PDF-1.4\n%%EOF\n")).state == CLEAN


def test_it_says_the_scanner_is_unavailable_when_clamd_is_down(
    settings: object, tmp_path: Path
) -> None:
    settings.JIHA_CLAMD_SOCKET = tmp_path / "nobody-listens.sock"  # type: ignore[attr-defined]
    assert not scanner_answers()
    with pytest.raises(ScannerUnavailable) as refused:
        scan_file(write(tmp_path, b"%PDF-1.4\n"))
    assert refused.value.status == 503
    assert "virus scanner is not answering" in str(refused.value.message)


@pytest.fixture
def silent_clamd(tmp_path: Path) -> Iterator[Path]:
    """A socket that accepts and reads but never answers: a hanging clamd."""
    path = tmp_path / "hangs.sock"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen(1)
    stop = threading.Event()

    def swallow() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except TimeoutError:
                continue
            connection.settimeout(0.2)
            while not stop.is_set():
                try:
                    if not connection.recv(65536):
                        break
                except TimeoutError:
                    continue
            connection.close()

    thread = threading.Thread(target=swallow, daemon=True)
    thread.start()
    yield path
    stop.set()
    thread.join(2)
    server.close()


def test_it_gives_up_on_a_scan_that_hangs(
    settings: object, tmp_path: Path, silent_clamd: Path
) -> None:
    settings.JIHA_CLAMD_SOCKET = silent_clamd  # type: ignore[attr-defined]
    with pytest.raises(ScannerUnavailable):
        scan_file(write(tmp_path, b"%PDF-1.4\n"), timeout=0.5)
