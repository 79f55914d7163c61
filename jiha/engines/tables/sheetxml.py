"""A columnar reader of plain XLSX sheet XML, with python-calamine as the fallback.

python-calamine builds a Python object per cell; on a 200,000 x 10 sheet that and its own XML
parse are most of an upload's validation time. This reader hands the sheet XML to polars'
multi-threaded CSV reader with ``<`` as the line end, so every XML tag becomes one row
("tag attributes>text"), and rebuilds the cells from those rows with column expressions: no
Python object per cell. See ``docs/decisions/0036-columnar-xlsx-reader.md``.

It covers what spreadsheet programs write for plain data: numbers (any notation Rust and
polars both parse), booleans, shared strings (rich text runs and phonetic runs included),
inline strings, ``t="str"`` and error values, cells and rows with or without their ``r``
reference, sparse rows, XML entities and ``_xHHHH_`` escapes. Anything else returns ``None``
and the caller reads the sheet with python-calamine: a number cell whose style may be a date
or time format, ``t="d"`` cells, rich text inline strings, formulas (refused by the caller),
namespace prefixes, single-quoted attributes, control characters, a carriage return, or any
tag it does not know. A differential test compares both readers on generated workbooks.

Example:
    >>> cells = sheet_cells(b'<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr">'
    ...     b'<is><t>id</t></is></c><c r="B1"><v>1.5</v></c></row></sheetData></worksheet>',
    ...     shared_strings=[], date_styles=set())
    >>> cells.rows()
    [(1, 1, 1, 'id', None), (1, 2, 2, '1.5', 1.5)]
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import polars as pl
from defusedxml import ElementTree

__all__ = ["BOOLEAN", "NUMBER", "TEXT", "Cells", "date_styles", "shared_strings", "sheet_cells"]

TEXT, NUMBER, BOOLEAN = 1, 2, 3
# Bytes no well-formed XML 1.0 document holds: used as the CSV separator; their presence (or
# a carriage return, which polars would strip before a line end) sends the sheet to calamine.
SEPARATOR = "\x1f"
UNSUPPORTED_BYTES = (b"\x1f", b"\r", b"\x00")
ENTITY = re.compile(r"&(?:(amp|lt|gt|quot|apos)|#([0-9]+)|#x([0-9A-Fa-f]+));")
NAMED_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
EXCEL_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
# Built-in number formats that are not dates or times (ECMA-376 18.8.30): General, numbers,
# percentages, fractions, scientific, accounting, text. Every other id may be a date.
PLAIN_FORMATS = frozenset({*range(0, 14), *range(37, 45), 48, 49})
DATE_LETTERS = re.compile(r"[dmyhsDMYHSeEgGbBaA]")
QUOTED_OR_BRACKETED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')


class Unsupported(Exception):
    """The sheet uses something this reader does not cover: read it with calamine."""


@dataclass(frozen=True, slots=True)
class Cells:
    """The non-empty cells of a sheet: sheet row and column (from 1), kind, text, number.

    ``text`` is a text cell's text, a number's digits as written, ``"1"``/``"0"`` for a
    boolean; ``number`` is set for numbers only.
    """

    frame: pl.DataFrame

    def rows(self) -> list[tuple[int, int, int, str, float | None]]:
        return [tuple(row) for row in self.frame.iter_rows()]


def sheet_cells(
    xml: bytes, *, shared_strings: list[str] | None, date_styles: set[int]
) -> Cells | None:
    """The cells of a worksheet part, or ``None`` if calamine must read it."""
    try:
        return _sheet_cells(xml, shared_strings, date_styles)
    except (Unsupported, pl.exceptions.PolarsError, ValueError):
        return None


def _lines(xml: bytes, start: int, end: int, *, closing: bool = True) -> pl.DataFrame:
    """One row (``token``) per tag between ``start`` and ``end``: "name attributes>text";
    without the closing tags (``/c>``) unless ``closing``."""
    if any(byte in xml for byte in UNSUPPORTED_BYTES):
        raise Unsupported
    return pl.read_csv(
        xml[start:end],
        has_header=False,
        separator=SEPARATOR,
        eol_char="<",
        quote_char=None,
        comment_prefix=None if closing else "/",
        schema={"token": pl.String},
    )


def _tokens(xml: bytes, start: int, end: int) -> pl.LazyFrame:
    """``_lines`` split into the tag (name and attributes) and the text after it."""
    parts = pl.col("token").str.splitn(">", 2)
    return (
        _lines(xml, start, end)
        .lazy()
        .select(
            parts.struct.field("field_0").alias("tag"),
            parts.struct.field("field_1").fill_null("").alias("text"),
        )
    )


CELL, VALUE, ROW_TAG, TEXT_TAG, SKIP, OTHER = range(6)
ATTRIBUTE_NAMES = (" s=", " t=")
CLOSERS = (">", "/>", " >", " />")
ANY_CELL = r'^c(?:\s+[rst]\s*=\s*"[^"]*")*\s*/?>\s*$'


def _kinds(token: pl.Expr, *, exact: bool) -> pl.Expr:
    """What each tag is; ``exact`` also recognises the rare forms (``c>``, ``t ...>``)."""
    starts = token.str.starts_with
    kind = (
        pl.when(starts("/") | starts("is>"))
        .then(SKIP)
        .when(starts("c "))
        .then(CELL)
        .when(starts("v>"))
        .then(VALUE)
        .when(starts("t>"))
        .then(TEXT_TAG)
        .when(starts("row "))
        .then(ROW_TAG)
    )
    if exact:
        kind = (
            kind.when(starts("c>") | starts("c/>"))
            .then(CELL)
            .when(starts("t ") | starts("t/>"))
            .then(TEXT_TAG)
            .when(starts("row>") | starts("row/>"))
            .then(ROW_TAG)
        )
    return kind.otherwise(OTHER).cast(pl.Int8)


def _sheet_cells(
    xml: bytes, shared_strings: list[str] | None, date_styles: set[int]
) -> Cells | None:
    data = xml.find(b"<sheetData>")
    end = xml.rfind(b"</sheetData>")
    start = xml.find(b"<", data + 1) + 1
    if data < 0 or end < start or any(byte in xml for byte in UNSUPPORTED_BYTES):
        raise Unsupported
    # Two halves cut at a row, read on two threads (polars works without the GIL).
    cut = xml.find(b"<row", start + (end - start) // 2, end)
    bounds = [(start, cut), (cut + 1, end)] if cut > 0 else [(start, end)]

    def read(bound: tuple[int, int]) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame | None]:
        part_cells, part_rows = _part(xml, *bound)
        if part_cells["column"].null_count() or part_cells["row"].null_count():
            return part_cells, part_rows, None
        return part_cells, part_rows, _typed(part_cells, shared_strings, date_styles)

    with ThreadPoolExecutor(max_workers=len(bounds)) as pool:
        parts = list(pool.map(read, bounds))
    typed = [frame for _, _, frame in parts if frame is not None]
    if len(typed) == len(parts):
        return Cells(pl.concat(typed))
    cells = pl.concat(
        part_cells.with_columns(pl.col("row_ordinal") + offset)
        for (part_cells, _, _), offset in zip(
            parts, itertools.accumulate([0] + [rows.height for _, rows, _ in parts]), strict=False
        )
    )
    cells = _positions(cells, pl.concat([part_rows for _, part_rows, _ in parts]))
    return Cells(_typed(cells, shared_strings, date_styles))


def _part(xml: bytes, start: int, end: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The cells of rows between ``start`` and ``end`` (row and column null where the cell
    has no reference), and the row tags."""
    token = pl.col("token")
    lines = _lines(xml, start, end, closing=False)
    kinds = lines.select(_kinds(token, exact=False)).to_series()
    if (kinds == OTHER).any():
        kinds = lines.select(_kinds(token, exact=True)).to_series()
        if (kinds == OTHER).any():
            raise Unsupported  # formulas, rich text, unknown markup: calamine (and the scan)
    kind = pl.col("kind")
    frame = (
        lines.with_columns(kinds.alias("kind"))
        .lazy()
        .filter(kind != SKIP)
        .with_columns(
            row_ordinal=(kind == ROW_TAG).cum_sum(),
            next_kind=kind.shift(-1),
            next_text=token.shift(-1),
        )
        .collect()
    )
    cells = frame.filter(kind == CELL).with_columns(
        token.str.contains("/>", literal=True).alias("closed")
    )
    has_value = ~pl.col("closed") & pl.col("next_kind").is_in([VALUE, TEXT_TAG]).fill_null(False)
    cells = cells.with_columns(has_value.alias("has_value"))
    if cells["has_value"].sum() != frame["kind"].is_in([VALUE, TEXT_TAG]).sum():
        raise Unsupported  # a value outside a cell, or a cell with two
    cells = cells.with_columns(_value_text(cells))
    fields = cells["token"].str.split_exact('"', 6).struct.unnest()
    f = [fields[f"field_{index}"] for index in range(7)]
    common = (f[0] == "c r=") & (
        (f[2].is_in(CLOSERS) & f[3].is_null())
        | (f[2].is_in(ATTRIBUTE_NAMES) & f[4].is_in(CLOSERS) & f[5].is_null())
        | (
            f[2].is_in(ATTRIBUTE_NAMES)
            & f[4].is_in(ATTRIBUTE_NAMES)
            & (f[2] != f[4])
            & f[6].is_in(CLOSERS)
        )
    )
    if common.fill_null(False).all():
        attributes = pl.DataFrame(
            {"reference": f[1], "style": _attribute(f, " s="), "type": _attribute(f, " t=")}
        )
    else:
        attributes = _any_order(cells["token"])
    reference = attributes["reference"]
    letters = reference.str.strip_chars_end("0123456789")
    columns = {text: _column_number(text) for text in letters.unique().drop_nulls().to_list()}
    cells = cells.with_columns(
        letters.replace_strict(columns, default=None, return_dtype=pl.Int64).alias("column"),
        reference.str.strip_chars_start("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        .cast(pl.Int64, strict=False)
        .alias("row"),
        attributes["type"].fill_null("n").alias("type"),
        attributes["style"].cast(pl.Int64, strict=False).fill_null(0).alias("style"),
    )
    return cells, frame.filter(kind == ROW_TAG).select("token")


def _attribute(f: list[pl.Series], name: str) -> pl.Series:
    """The value of attribute ``name`` (second or third in the tag), null if absent."""
    frame = pl.DataFrame({"n2": f[2], "v2": f[3], "n4": f[4], "v4": f[5]})
    return frame.select(
        pl.when(pl.col("n2") == name)
        .then(pl.col("v2"))
        .when(pl.col("n4") == name)
        .then(pl.col("v4"))
        .alias(name)
    ).to_series()


def _value_text(cells: pl.DataFrame) -> pl.Series:
    """Each cell's value as written (entities not yet decoded), null without one."""
    after = pl.col("next_text")
    text = (
        pl.when(~pl.col("has_value"))
        .then(None)
        .when(after.str.starts_with("t ") | after.str.starts_with("t/>"))
        .then(after.str.splitn(">", 2).struct.field("field_1").fill_null(""))
        .otherwise(after.str.slice(2))
    )
    return cells.select(text.alias("value"))["value"]


def _any_order(tags: pl.Series) -> pl.DataFrame:
    """Cell tags in any form: attributes r, s, t in any order, each optional."""
    if not tags.str.contains(ANY_CELL).all():
        raise Unsupported  # other attributes (cm, vm, ph...) or single quotes
    return pl.DataFrame(
        {
            "reference": tags.str.extract(r'\sr\s*=\s*"([A-Z]{1,3}[0-9]+)"', 1),
            "style": tags.str.extract(r'\ss\s*=\s*"([0-9]+)"', 1),
            "type": tags.str.extract(r'\st\s*=\s*"([^"]*)"', 1),
        }
    )


def _positions(cells: pl.DataFrame, rows: pl.DataFrame) -> pl.DataFrame:
    """Cells without a reference: the row element's number (its ``r``, else the previous
    row's plus one) and the previous cell's column plus one (1 for a row's first cell)."""
    if not rows.height or cells["row_ordinal"].min() == 0:
        raise Unsupported  # a cell outside any row
    ordinal = pl.int_range(1, pl.len() + 1)
    given = pl.col("token").str.extract(r'^row\b[^>]*?\sr\s*=\s*"([0-9]+)"', 1).cast(pl.Int64)
    known = pl.when(given.is_not_null()).then(ordinal)
    numbers = rows.select(
        given.forward_fill().fill_null(0) + ordinal - known.forward_fill().fill_null(0)
    ).to_series()
    index = pl.int_range(pl.len())
    row_start = pl.col("row_ordinal") != pl.col("row_ordinal").shift(1).fill_null(-1)
    given_column = pl.col("column").is_not_null()
    anchor_column = pl.when(given_column).then("column").when(row_start).then(0)
    anchor_index = pl.when(given_column).then(index).when(row_start).then(index - 1)
    return cells.with_columns(
        pl.coalesce("row", pl.lit(numbers).gather(pl.col("row_ordinal") - 1)).alias("row"),
        (anchor_column.forward_fill() + index - anchor_index.forward_fill()).alias("column"),
    )


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _typed(
    cells: pl.DataFrame, shared_strings: list[str] | None, date_styles: set[int]
) -> pl.DataFrame:
    """Each cell's kind and text from its type attribute and value."""
    cell_type = pl.col("type")
    kinds = set(cells["type"].unique().to_list())
    if not kinds <= {"n", "s", "str", "inlineStr", "b", "e"}:
        raise Unsupported  # t="d" (ISO dates) and anything unknown
    cells = cells.filter("has_value")
    expected = pl.when(cell_type == "inlineStr").then(TEXT_TAG).otherwise(VALUE)
    if cells.select((pl.col("next_kind") != expected).any()).item():
        raise Unsupported
    if date_styles and cells.filter(cell_type == "n")["style"].is_in(list(date_styles)).any():
        raise Unsupported  # dates and times: calamine converts them
    # Shared strings were decoded with their table; an index has nothing to decode.
    text = pl.lit(_decoded(cells["value"], cells["type"]))
    if "s" in kinds:
        if shared_strings is None:
            raise Unsupported
        table = pl.Series("shared", shared_strings, dtype=pl.String)
        index = pl.when(cell_type == "s").then(pl.col("value").cast(pl.Int64, strict=False))
        indexes = cells.select(index.alias("i"))["i"]
        if ((indexes < 0) | (indexes >= table.len())).any() or (
            indexes.null_count() != (cells["type"] != "s").sum()
        ):
            raise Unsupported
        shared = table.gather(indexes.fill_null(0))
        text = pl.when(cell_type == "s").then(pl.lit(shared)).otherwise(text)
    decoded = cells.select(text.alias("text"))["text"]
    boolean = cells["type"] == "b"
    if not cells.filter(boolean)["value"].is_in(["0", "1"]).all():
        raise Unsupported
    frame = pl.DataFrame(
        {"row": cells["row"], "column": cells["column"], "type": cells["type"], "text": decoded}
    ).select(
        "row",
        "column",
        pl.when(cell_type == "n")
        .then(NUMBER)
        .when(cell_type == "b")
        .then(BOOLEAN)
        .otherwise(TEXT)
        .cast(pl.Int8)
        .alias("kind"),
        "text",
        pl.when(cell_type == "n")
        .then(pl.col("text").cast(pl.Float64, strict=False))
        .alias("number"),
    )
    if frame.filter((pl.col("kind") == NUMBER) & pl.col("number").is_null()).height:
        raise Unsupported  # a number polars does not parse as Rust would
    return frame.filter(pl.col("text") != "")


def _decoded(texts: pl.Series, types: pl.Series) -> pl.Series:
    """XML entities decoded everywhere, ``_xHHHH_`` escapes in strings (as calamine does)."""
    needs = texts.str.contains("&", literal=True) | (
        texts.str.contains("_x", literal=True) & (types != "n")
    )
    where = needs.arg_true()
    if not where.len():
        return texts
    fixed = [
        _unescape(text, escapes=kind != "n")
        for text, kind in zip(texts.gather(where), types.gather(where), strict=True)
    ]
    return texts.scatter(where, pl.Series(fixed, dtype=pl.String))


def _unescape(text: str, *, escapes: bool) -> str:
    if "&" in text:
        if re.search(r"&(?!(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);)", text):
            raise Unsupported  # an undeclared entity
        text = ENTITY.sub(_entity, text)
    return EXCEL_ESCAPE.sub(lambda match: chr(int(match.group(1), 16)), text) if escapes else text


def _entity(match: re.Match[str]) -> str:
    named, decimal, hexadecimal = match.groups()
    if named:
        return NAMED_ENTITIES[named]
    return chr(int(decimal) if decimal else int(hexadecimal, 16))


def shared_strings(xml: bytes) -> list[str] | None:
    """The shared strings table: each item's runs joined, phonetic runs left out."""
    start = xml.find(b"<sst")
    if start < 0:
        return None
    try:
        tokens = _tokens(xml, start + 1, len(xml)).collect()
    except (Unsupported, pl.exceptions.PolarsError):
        return None
    tag = pl.col("tag")
    name = tag.str.extract(r"^(/?[A-Za-z]+)", 1)
    frame = tokens.with_columns(name.alias("name"))
    if frame["tag"].str.contains(r"^/?[A-Za-z]+:").any():
        return None  # namespace prefixes
    is_item = pl.col("name") == "si"
    frame = frame.with_columns(
        item=is_item.cum_sum(),
        phonetic=(pl.col("name") == "rPh").cum_sum() - (pl.col("name") == "/rPh").cum_sum(),
    )
    items = frame.filter(is_item).height
    texts = (
        frame.filter((pl.col("name") == "t") & (pl.col("phonetic") == 0))
        .with_columns(
            pl.when(tag.str.ends_with("/")).then(pl.lit("")).otherwise("text").alias("text")
        )
        .group_by("item", maintain_order=True)
        .agg(pl.col("text").str.join(""))
    )
    table = pl.DataFrame({"item": pl.int_range(1, items + 1, eager=True, dtype=pl.UInt32)})
    joined = table.join(
        texts.with_columns(pl.col("item").cast(pl.UInt32)),
        on="item",
        how="left",
        maintain_order="left",
    )
    decoded = _decoded(joined["text"].fill_null(""), pl.Series(["s"] * items))
    return decoded.to_list()


def date_styles(xml: bytes | None) -> set[int]:
    """The cell styles (``s``) whose number format may be a date or a time."""
    if xml is None:
        return set()
    root = ElementTree.fromstring(xml)
    custom = {
        int(element.get("numFmtId", "0")): element.get("formatCode", "")
        for element in root.iter()
        if element.tag.rsplit("}", 1)[-1] == "numFmt"
    }
    styles: set[int] = set()
    for container in root.iter():
        if container.tag.rsplit("}", 1)[-1] != "cellXfs":
            continue
        for index, xf in enumerate(_children(container, "xf")):
            format_id = int(xf.get("numFmtId", "0"))
            if _may_be_date(format_id, custom.get(format_id)):
                styles.add(index)
    return styles


def _children(element: Any, local: str) -> Iterable[Any]:
    return [child for child in element if child.tag.rsplit("}", 1)[-1] == local]


def _may_be_date(format_id: int, code: str | None) -> bool:
    if code is None:
        return format_id not in PLAIN_FORMATS
    return DATE_LETTERS.search(QUOTED_OR_BRACKETED.sub("", code)) is not None
