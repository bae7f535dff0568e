"""Times the one bounded spreadsheet reader (generator/reports/sheets.py) on hostile files: the
1.5 KB workbooks of tests/data/sheets/ (one merged range over the whole sheet, one cell at
XFD1048576 with and without a declared size, a size beyond Excel's, a zip bomb, 200,000 merged
ranges) and CSV files too wide or with a field too long; then a sound 10,000-row register.

    python bench/bench_sheets.py

Target: every hostile file refused or read in well under a second, with a few MB of memory
(before this reader, reconcile ran past 30 s and took gigabytes on the first two). Reported:
wall time (best of --repeat) and the peak memory traced by tracemalloc on a separate run.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_import import make_workbook  # noqa: E402

from generator.errors import InputError  # noqa: E402
from generator.reports.sheets import read_book  # noqa: E402

HOSTILE = Path(__file__).resolve().parent.parent / "tests" / "data" / "sheets"


def read(path: Path) -> str:
    try:
        book = read_book(path)
    except InputError as exc:
        return "từ chối: " + exc.message
    return f"đọc {sum(len(g.rows) for g in book.grids)} dòng, {sum(len(g.merges) for g in book.grids)} vùng gộp"


def measure(path: Path, repeat: int) -> tuple[float, int, str]:
    times = []
    outcome = ""
    for _ in range(repeat):
        start = time.perf_counter()
        outcome = read(path)
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    read(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return min(times), peak, outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    read(HOSTILE / "merged-huge.xlsx")  # imports (openpyxl) out of the measure
    files = sorted(p for p in HOSTILE.iterdir() if p.suffix in (".xlsx", ".csv"))
    with tempfile.TemporaryDirectory() as tmp:
        sound = Path(tmp) / "so-theo-doi-10000.xlsx"
        make_workbook(sound, 10_000)
        for path in files + [sound]:
            seconds, peak, outcome = measure(path, args.repeat)
            print(
                f"{path.name:<28} {path.stat().st_size / 1024:>8.1f} KiB  {seconds * 1000:>7.0f} ms  "
                f"{peak / 1_048_576:>6.1f} MB  {outcome[:90]}"
            )


if __name__ == "__main__":
    main()
