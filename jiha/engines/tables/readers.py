"""Reading CSV uploads into a frame of raw strings, refusing hostile files.

Nothing here guesses a type: every cell comes out as text, exactly as written (spreadsheets are
read by ``spreadsheets.py`` into the same ``RawTable``). A file that cannot be read safely
raises ``FileRefused`` carrying the errors to show.

Example:
    >>> raw = read_csv(b"code;name\\r\\nMA-01;Tanger\\r\\n")
    >>> raw.header, raw.delimiter, raw.frame.rows()
    (['code', 'name'], ';', [(2, 'MA-01', 'Tanger')])
"""

from __future__ import annotations

import csv
import io
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import NoReturn

import numpy as np
import polars as pl

from jiha.engines.tables.report import MAX_VALUE_CHARS, CellError

__all__ = [
    "DELIMITERS",
    "FileRefused",
    "RawTable",
    "decode",
    "detect_delimiter",
    "read_csv",
    "refuse",
]

DELIMITERS = (",", ";", "\t", "|")
ROW = "__row"
BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# C0 control characters other than tab, line feed and carriage return: never in a real table.
CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
HARMLESS_BYTES = bytes(byte for byte in range(256) if CONTROL_BYTES.match(bytes([byte])) is None)
SAMPLE_LINES = 20
# Below this many quote characters, quoted regions are scanned one by one (cheaper than
# locating every delimiter of the file).
QUOTED_REGIONS_COUNTED_ONE_BY_ONE = 20_000
SAMPLE_BYTES = 65_536
# More columns than any real table has: refused before polars allocates them.
MAX_COLUMNS = 1_000


class FileRefused(Exception):  # noqa: N818 - a refusal, not a programming error
    """The file cannot be read as a table; ``errors`` says why, for the user."""

    def __init__(self, errors: list[CellError], total: int | None = None) -> None:
        super().__init__(errors[0].code if errors else "refused")
        self.errors = errors
        self.total = len(errors) if total is None else total


@dataclass(frozen=True, slots=True)
class RawTable:
    """A table as read: header names, and a frame of strings.

    ``frame`` has the row number as a spreadsheet shows it (header = row 1) in ``__row``, then
    one string column per header position, named ``0``, ``1``, … An empty cell is null.
    """

    header: list[str]
    frame: pl.DataFrame
    delimiter: str | None = None
    encoding: str | None = None


def refuse(
    code: str, row: int = 0, column: str = "", value: str = "", **params: object
) -> NoReturn:
    """Raise ``FileRefused`` with a single error (every reader refuses files this way)."""
    pairs = tuple((key, str(val)) for key, val in params.items())
    raise FileRefused([CellError(row, column, value[:MAX_VALUE_CHARS], code, pairs)])


def decode(data: bytes) -> tuple[bytes, str]:
    """Return the data as UTF-8 without BOM and the encoding it was found in.

    Reads UTF-16 when it starts with its BOM (Excel's "Unicode text"), else tries strict
    UTF-8 (a BOM is stripped), then Windows-1252; refuses bytes invalid in both and control
    bytes such as NUL, which mean the file is not text.

    Example:
        >>> decode("Fès;Béni Mellal".encode("cp1252"))
        (b'F\\xc3\\xa8s;B\\xc3\\xa9ni Mellal', 'cp1252')
    """
    encoding = "utf-8"
    if data.startswith(UTF16_BOMS):
        # Excel's "Unicode text" export: UTF-16 with a BOM (tab-separated).
        try:
            return _without_control_bytes(data.decode("utf-16").encode("utf-8")), "utf-16"
        except UnicodeDecodeError as utf16_error:
            _refuse_encoding(data, utf16_error.start)
    if data.startswith(BOM):
        data, encoding = data[len(BOM) :], "utf-8-sig"
    try:
        if not data.isascii():  # ASCII is UTF-8, and isascii() is far cheaper than decoding
            data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        if encoding == "utf-8-sig":
            _refuse_encoding(data, utf8_error.start)
        try:
            data, encoding = data.decode("cp1252").encode("utf-8"), "cp1252"
        except UnicodeDecodeError as cp1252_error:
            _refuse_encoding(data, cp1252_error.start)
    return _without_control_bytes(data), encoding


def _without_control_bytes(data: bytes) -> bytes:
    offset = _first_control_byte(data)
    if offset is not None:
        _refuse_encoding(data, offset)
    return data


def _first_control_byte(data: bytes) -> int | None:
    """Offset of the first control byte (NUL, …) other than tab, CR and LF."""
    # bytes.translate deletes every harmless byte in one C pass: what is left is the problem.
    if not data.translate(None, HARMLESS_BYTES):
        return None
    found = CONTROL_BYTES.search(data)
    return found.start() if found else None


def _refuse_encoding(data: bytes, offset: int) -> NoReturn:
    row = data.count(b"\n", 0, offset) + 1
    refuse("encoding", row=row, byte=f"{data[offset]:02X}", offset=offset)


def detect_delimiter(data: bytes) -> str:
    """Pick the delimiter among , ; tab | from the first lines (comma for a single column).

    The delimiter found the same number of times on every sampled line wins; ties go to the
    one found most often in the header.

    Example:
        >>> detect_delimiter(b"a|b|c\\n1|2,5|3\\n"), detect_delimiter(b"a\\n1\\n")
        ('|', ',')
    """
    text = data[:SAMPLE_BYTES].decode("utf-8", errors="ignore")
    lines = [line for line in text.split("\n")[:SAMPLE_LINES] if line.strip()]
    if len(lines) > 1 and len(data) > SAMPLE_BYTES:
        lines = lines[:-1]  # the last sampled line may be cut
    unquoted = [re.sub(r'"[^"]*"', "", line) for line in lines]
    best, best_score = ",", (False, 0)
    for delimiter in DELIMITERS:
        counts = [line.count(delimiter) for line in unquoted]
        if not counts or counts[0] == 0:
            continue
        score = (len(set(counts)) == 1, counts[0])
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_csv(data: bytes, *, max_errors: int = 1000) -> RawTable:
    """Read CSV bytes into a ``RawTable``; refuse a file whose rows have different lengths.

    Example:
        >>> read_csv(b"a,b\\n1,2\\n3\\n")
        Traceback (most recent call last):
        ...
        jiha.engines.tables.readers.FileRefused: row-length
    """
    parsed = None if data.startswith(UTF16_BOMS) else _read_utf8(data)
    if parsed is None:
        text, encoding = decode(data)
        body, skipped = _body(text)
        delimiter = detect_delimiter(body)
        parsed = _Parsed(body, skipped, delimiter, encoding, *_parse_csv(body, delimiter))
    return _raw_table(parsed, max_errors)


@dataclass(frozen=True, slots=True)
class _Parsed:
    body: bytes
    skipped: int
    delimiter: str
    encoding: str
    frame: pl.DataFrame
    field_counts: np.ndarray
    blank: np.ndarray


def _read_utf8(data: bytes) -> _Parsed | None:
    """The fast path: most uploads are UTF-8.

    polars parses in the background while the bytes are checked, and as it refuses invalid
    UTF-8, a successful parse also proves the encoding. ``None`` sends the file to the slow
    path (another encoding, or rows longer than the header), which explains what is wrong.
    """
    has_bom = data.startswith(BOM)
    body, skipped = _body(data[len(BOM) :] if has_bom else data)
    delimiter = detect_delimiter(body)
    with ThreadPoolExecutor(max_workers=1) as pool:
        early = pool.submit(_polars_csv, body, delimiter, truncate=False)
        _without_control_bytes(data)
        outside = _unquoted_delimiters(body, delimiter)
        frame = early.result()
    if frame is None:
        return None
    encoding = "utf-8-sig" if has_bom else "utf-8"
    return _Parsed(body, skipped, delimiter, encoding, *_parse_csv(body, delimiter, frame, outside))


def _body(text: bytes) -> tuple[bytes, int]:
    """The text from the header on, and how many blank lines came before it."""
    if not text or text.isspace():  # not text.strip(): that would copy the whole file
        refuse("empty-file")
    # Blank lines before the header are skipped, but still count in the row numbers.
    body = text.lstrip(b"\r\n")
    header_end = body.find(b"\n")
    header = body[: header_end if header_end >= 0 else len(body)]
    width = max(header.count(delimiter.encode()) for delimiter in DELIMITERS) + 1
    if width > MAX_COLUMNS:
        refuse("too-many-columns", row=1, found=width, limit=MAX_COLUMNS)
    return body, text[: len(text) - len(body)].count(b"\n")


def _raw_table(parsed: _Parsed, max_errors: int) -> RawTable:
    expected = int(parsed.field_counts[0])
    bad_rows = np.flatnonzero((parsed.field_counts != expected) & ~parsed.blank)
    if bad_rows.size:
        raise FileRefused(
            [
                CellError(
                    int(index) + 1 + parsed.skipped,
                    "",
                    "",
                    "row-length",
                    (("expected", str(expected)), ("found", str(int(parsed.field_counts[index])))),
                )
                for index in bad_rows[:max_errors]
            ],
            total=int(bad_rows.size),
        )
    frame = parsed.frame
    header = [str(name or "").strip() for name in frame.row(0)]
    frame = frame.with_row_index(ROW, offset=1 + parsed.skipped)
    keep = ~parsed.blank
    keep[0] = False  # the header
    frame = frame.filter(pl.Series(keep)).with_columns(pl.col(ROW).cast(pl.Int64))
    frame.columns = [ROW, *(str(index) for index in range(len(header)))]
    return RawTable(header, frame, delimiter=parsed.delimiter, encoding=parsed.encoding)


def _parse_csv(
    data: bytes,
    delimiter: str,
    frame: pl.DataFrame | None = None,
    outside_delimiters: int | None = None,
) -> tuple[pl.DataFrame, np.ndarray, np.ndarray]:
    """Parse with polars, and count the fields of every record to catch ragged rows.

    polars pads short rows, so the field counts are checked separately on the raw bytes. A
    cheap proof covers most files: polars refuses rows longer than the header, so if the file
    holds exactly (header fields - 1) unquoted delimiters per row, no row is shorter either.
    Otherwise every record is counted, to name the ragged rows. ``frame`` and
    ``outside_delimiters`` may come already computed.
    """
    if frame is None:
        frame = _polars_csv(data, delimiter, truncate=False)
    if frame is not None and not _has_empty_rows(frame):
        if outside_delimiters is None:
            outside_delimiters = _unquoted_delimiters(data, delimiter)
        if outside_delimiters == (frame.width - 1) * frame.height:
            return frame, np.full(frame.height, frame.width), np.zeros(frame.height, bool)
    counts, blank = _field_counts(data, delimiter)
    frame = _polars_csv(data, delimiter, truncate=True)
    if frame is not None and frame.height == counts.size:
        return frame, counts, blank
    # polars and the counts disagree (stray quotes inside unquoted fields): the csv module
    # reads such files the lenient way spreadsheets write them.
    return _parse_csv_slowly(data, delimiter)


def _polars_csv(data: bytes, delimiter: str, *, truncate: bool) -> pl.DataFrame | None:
    try:
        return pl.read_csv(
            data,
            has_header=False,
            infer_schema=False,
            separator=delimiter,
            quote_char='"',
            empty_string_is_null=True,
            null_values=[""],  # a quoted empty field too
            truncate_ragged_lines=truncate,
        )
    except pl.exceptions.PolarsError:
        return None


def _unquoted_delimiters(data: bytes, delimiter: str) -> int:
    """How many delimiters sit outside quotes (after an even number of quote characters)."""
    raw = np.frombuffer(data, dtype=np.uint8)
    total = int(np.count_nonzero(raw == ord(delimiter)))
    if b'"' not in data:
        return total
    quotes = np.flatnonzero(raw == 34)
    if quotes.size % 2:
        return -1  # unbalanced quotes: let the record-by-record count explain
    pairs = zip(quotes[::2].tolist(), quotes[1::2].tolist(), strict=True)
    if quotes.size <= QUOTED_REGIONS_COUNTED_ONE_BY_ONE:
        separator = delimiter.encode()
        return total - sum(data.count(separator, start, end) for start, end in pairs)
    delimiters = np.flatnonzero(raw == ord(delimiter))
    quoted = np.searchsorted(delimiters, quotes[1::2]) - np.searchsorted(delimiters, quotes[::2])
    return int(delimiters.size - quoted.sum())


def _has_empty_rows(frame: pl.DataFrame) -> bool:
    """Whether some row is all empty: a blank line, or only delimiters (counted the slow way)."""
    first_empty = frame.to_series(0).is_null()
    if not first_empty.any():
        return False
    return bool(
        frame.filter(first_empty).select(pl.all_horizontal(pl.all().is_null()).any()).item()
    )


def _field_counts(data: bytes, delimiter: str) -> tuple[np.ndarray, np.ndarray]:
    """Number of fields of every record, and which records are blank lines, vectorised."""
    if b'"' not in data:
        # No quoting: a record is a line. polars splits and counts in parallel.
        lines = pl.read_csv(
            data,
            has_header=False,
            separator="\x1f",  # a control byte, refused before this point: one column
            quote_char=None,
            infer_schema=False,
            empty_string_is_null=False,
        ).to_series()
        counts = lines.str.count_matches(delimiter, literal=True) + 1
        blank = lines.str.len_bytes() == 0
        return counts.to_numpy(), blank.to_numpy()
    return _quoted_field_counts(data, delimiter)


def _quoted_field_counts(data: bytes, delimiter: str) -> tuple[np.ndarray, np.ndarray]:
    """Field counts when quotes may hide delimiters and line feeds.

    A delimiter or line feed counts only outside quotes, that is after an even number of
    quote characters (an escaped quote ``""`` adds two, so it keeps the parity).
    """
    raw = np.frombuffer(data, dtype=np.uint8)
    quotes = np.flatnonzero(raw == 34)
    line_feeds = np.flatnonzero(raw == 10)
    delimiters = np.flatnonzero(raw == ord(delimiter))
    line_feeds = line_feeds[np.searchsorted(quotes, line_feeds) % 2 == 0]
    delimiters = delimiters[np.searchsorted(quotes, delimiters) % 2 == 0]
    ends = line_feeds if data.endswith(b"\n") else np.append(line_feeds, raw.size)
    starts = np.concatenate(([0], ends[:-1] + 1))
    counts = np.searchsorted(delimiters, ends) - np.searchsorted(delimiters, starts) + 1
    length = ends - starts
    carriage_return = np.zeros(starts.size, dtype=bool)
    inside = starts < raw.size
    carriage_return[inside] = raw[starts[inside]] == 13
    blank = (length == 0) | ((length == 1) & carriage_return)
    return counts, blank


def _parse_csv_slowly(data: bytes, delimiter: str) -> tuple[pl.DataFrame, np.ndarray, np.ndarray]:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline=""), delimiter=delimiter))
    counts = np.array([max(len(row), 1) for row in rows], dtype=np.int64)
    blank = np.array([not row for row in rows], dtype=bool)
    width = len(rows[0]) if rows else 0
    padded = [(row + [""] * width)[:width] for row in rows]
    columns = {str(i): [row[i] or None for row in padded] for i in range(width)}
    return pl.DataFrame(columns, schema=dict.fromkeys(columns, pl.String)), counts, blank
