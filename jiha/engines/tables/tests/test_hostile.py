"""Random hostile bytes never crash the validator: every outcome is a report."""

from __future__ import annotations

import io
import random
import zipfile

import pytest

from jiha.engines.tables import CODES, validate

SCHEMA = {
    "fields": [
        {"name": "code", "constraints": {"required": True}},
        {"name": "name"},
        {"name": "jobs", "type": "integer", "constraints": {"minimum": 0}},
    ],
    "primaryKey": "code",
}
ALPHABET = [b"code", b"name", b"jobs", b",", b";", b"\t", b"|", b'"', b'""', b"\n", b"\r\n", b"\r"]
ALPHABET += [b"MA-01", b"-5", b"12", b"\xc3\xa9", b"\xe9", b"\x81", b"\x00", b" ", b"=1+1", b""]


def noise(seed: int) -> bytes:
    rng = random.Random(seed)  # noqa: S311 - test data
    return b"code,name,jobs\n" * rng.randint(0, 1) + b"".join(
        rng.choice(ALPHABET) for _ in range(rng.randint(0, 200))
    )


@pytest.mark.parametrize("seed", range(300))
def test_it_turns_any_csv_bytes_into_a_report(seed: int) -> None:
    report = validate(noise(seed), SCHEMA, filename="noise.csv")

    assert all(error.code in CODES and error.message("ar") for error in report.errors)
    assert report.valid == (report.error_count == 0)
    if report.valid:
        assert report.table.height == report.row_count


@pytest.mark.parametrize("seed", range(40))
def test_it_turns_any_zip_into_a_report(seed: int) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", noise(seed))
        archive.writestr("xl/worksheets/sheet1.xml", noise(seed + 1))
    data = buffer.getvalue()
    cut = data[: random.Random(seed).randint(0, len(data))]  # noqa: S311 - test data

    for sample in (data, cut):
        report = validate(sample, SCHEMA, filename="noise.xlsx")
        assert not report.valid and report.errors[0].code == "not-xlsx"
