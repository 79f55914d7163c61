"""Issue 11 attempt (helper xlsx): the columnar reader against python-calamine on generated
workbooks and the repo fixtures. Run from the repo root: .venv/bin/python bench/xlsx_columnar_diff.py"""
import io, random, datetime as dt, glob
import openpyxl
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from jiha.engines.tables import spreadsheets as sp, sheetxml
from jiha.engines.tables.readers import FileRefused
orig = sp._columnar_table
used = []
def spy(*a, **k):
    r = orig(*a, **k); used.append(r is not None); return r
def read(data, fast):
    sp._columnar_table = spy if fast else (lambda *a, **k: None)
    try:
        t = sp.read_xlsx(data, filename="b.xlsx")
        return ("ok", t.header, t.frame.rows())
    except FileRefused as e:
        return ("refused", [(x.row, x.code, x.params) for x in e.errors])
def book(rows, write_only=False):
    b = openpyxl.Workbook(write_only=write_only)
    ws = b.create_sheet("data") if write_only else b.active
    for r in rows: ws.append(r)
    out = io.BytesIO(); b.save(out); return out.getvalue()
rng = random.Random(7)
pool = [1, 0, -3, 12.5, 0.30000000000000004, 1e-07, 1e20, 123456789012345678, 2.5e-300, True, False,
        "douze", "12", "true", "a & b <c> \"q\" 'x'", "line\nbreak", "  spaced  ", "tab\there", "_x000D_ esc",
        "é ü 中文 🙂", "", None, "#N/A", "=not formula", ">", "a>b", dt.date(2024, 2, 1), dt.datetime(2024, 2, 1, 13, 5)]
bad = 0; n = 0
for trial in range(60):
    width = rng.randint(1, 6)
    rows = [[f"h{i}" for i in range(width)]] + [[rng.choice(pool) for _ in range(rng.randint(0, width + (trial % 5 == 0)))] for _ in range(rng.randint(0, 30))]
    if trial % 7 == 0: rows = [[c for c in r if not isinstance(c, (dt.date,))] for r in rows]
    for wo in (False, True):
        data = book(rows, wo); n += 1
        a, b = read(data, True), read(data, False)
        if a != b:
            bad += 1
            if bad <= 3: print("DIFF", trial, wo, rows[:3], a[:2] if a[0]=='refused' else a[2][:3], b[:2] if b[0]=='refused' else b[2][:3])
print("workbooks", n, "differences", bad, "columnar used", sum(used), "of", len(used))
used.clear()
for path in glob.glob("tests/hostile/*.xlsx") + glob.glob("jiha/**/*.xlsx", recursive=True):
    data = open(path, "rb").read()
    a, b = read(data, True), read(data, False)
    print(path, "same" if a == b else "DIFF", a[0], used[-1:] )
