"""Writes the hostile workbooks and CSV files that the bounded reader must refuse or read in
milliseconds (tests/reports/test_sheets.py, bench/bench_sheets.py). The files are committed;
re-running this script gives the same bytes.

Run from the repository root: `python tests/data/sheets/make_hostile.py`.

Each workbook is a valid, tiny (about 1.5 KB) .xlsx written by hand, part by part, so that its
sheet XML says exactly what an attacker (or a broken program) would write:
- merged-huge.xlsx: one real cell and one merged range A1:XFD1048576 (17 billion cells);
- far-cell.xlsx: one cell at A1 and one at XFD1048576, with the dimension Excel would declare;
- far-cell-no-dimension.xlsx: the same without a <dimension> element (the size is unknown);
- absurd-dimension.xlsx: a dimension beyond what Excel allows (A1:ZZZZ99999999);
- many-merges.xlsx: a small table whose header is merged, plus 200,000 one-row merges far away;
- zip-bomb.xlsx: a sheet part that declares 2 GB once decompressed.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
STAMP = (2026, 3, 24, 9, 0, 0)

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Báo cáo" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)


def cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def sheet(rows: str, dimension: str | None = None, merges: list[str] = ()) -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    merged = ""
    if merges:
        merged = f'<mergeCells count="{len(merges)}">' + "".join(f'<mergeCell ref="{m}"/>' for m in merges)
        merged += "</mergeCells>"
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{dim}<sheetData>{rows}</sheetData>{merged}</worksheet>"
    )


TABLE = (
    '<row r="1">' + cell("A1", "Mã nhiệm vụ") + cell("B1", "Tình trạng thực hiện") + "</row>"
    '<row r="2">' + cell("A2", "2026/20-KH-UBND#1") + cell("B2", "Đã hoàn thành") + "</row>"
)


def workbook(path: Path, sheet_xml: str, *, declared_size: int | None = None) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in (
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", ROOT_RELS),
            ("xl/workbook.xml", WORKBOOK),
            ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
            ("xl/worksheets/sheet1.xml", sheet_xml),
        ):
            info = zipfile.ZipInfo(name, date_time=STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))
    if declared_size is not None:  # rewrite the sheet's declared size in both zip headers
        data = bytearray(path.read_bytes())
        with zipfile.ZipFile(path) as archive:
            real = archive.getinfo("xl/worksheets/sheet1.xml").file_size
        old, new = real.to_bytes(4, "little"), declared_size.to_bytes(4, "little")
        name = b"xl/worksheets/sheet1.xml"
        for header in (b"PK\x03\x04", b"PK\x01\x02"):
            start = 0
            while (start := data.find(header, start)) >= 0:
                offset = 22 if header == b"PK\x03\x04" else 24
                name_at = 30 if header == b"PK\x03\x04" else 46
                if data[start + name_at : start + name_at + len(name)] == name:
                    assert data[start + offset : start + offset + 4] == old
                    data[start + offset : start + offset + 4] = new
                start += 4
        path.write_bytes(bytes(data))


def main(target: Path = HERE) -> None:
    workbook(target / "merged-huge.xlsx", sheet(TABLE, "A1:B2", ["A1:XFD1048576"]))
    far = TABLE + '<row r="1048576">' + cell("XFD1048576", "x") + "</row>"
    workbook(target / "far-cell.xlsx", sheet(far, "A1:XFD1048576"))
    workbook(target / "far-cell-no-dimension.xlsx", sheet(far))
    workbook(target / "absurd-dimension.xlsx", sheet(TABLE, "A1:ZZZZ99999999"))
    merges = ["A1:A2"] + [f"A{r}:C{r}" for r in range(10, 200_010)]
    workbook(target / "many-merges.xlsx", sheet(TABLE, "A1:B2", merges))
    workbook(target / "zip-bomb.xlsx", sheet(TABLE, "A1:B2"), declared_size=2_000_000_000)
    (target / "wide.csv").write_text("Mã nhiệm vụ;Tình trạng\n2026/20-KH-UBND#1;Đã hoàn thành" + ";x" * 300 + "\n")
    (target / "long-field.csv").write_text('Mã nhiệm vụ,Tình trạng\n"' + "x" * 200_000 + '",Đã hoàn thành\n')


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
