"""Times the reports area on a synthetic register (bench/synth.py): monthly compilation and its
Markdown, Excel and Word views, and reconciliation of an agency's spreadsheet.

    python bench/bench_reports.py                 # 10,000 tasks
    python bench/bench_reports.py --tasks 30000   # three years' worth

Targets: everything linear in tasks; the monthly report of a 10,000-task year in all three
formats within a few seconds of CPU; reconciliation of a 1,000-row spreadsheet under a second.
Times are CPU time of this process (time.process_time), best of --repeat runs.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from synth import make_register  # noqa: E402

from generator.register.load import load_register  # noqa: E402
from generator.register.status import compute_states  # noqa: E402
from generator.reports.docx import render_docx  # noqa: E402
from generator.reports.monthly import monthly_report, render_markdown  # noqa: E402
from generator.reports.reconcile import read_agency_report, reconcile  # noqa: E402
from generator.reports.xlsx import render_xlsx  # noqa: E402


def best(func, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.process_time()
        result = func()
        times.append(time.process_time() - start)
    return min(times), result


def run(n_tasks: int, repeat: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        make_register(root / "register", n_tasks)
        register, _ = load_register(root / "register", repo_root=root)
        as_of = dt.date(2026, 10, 25)
        states = compute_states(register, as_of)
        t_compile, report = best(lambda: monthly_report(states, register, 2026, 10, as_of=as_of), repeat)
        t_md, _ = best(lambda: render_markdown(report), repeat)
        t_xlsx, xlsx = best(lambda: render_xlsx(report), repeat)
        t_docx, docx = best(lambda: render_docx(report), repeat)
        agency = max({s.task.assignee for s in states}, key=lambda a: sum(s.task.assignee == a for s in states))
        path = root / "agency.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            out = csv.writer(fh, delimiter=";")
            out.writerow(["Mã nhiệm vụ", "Tình trạng", "Ngày hoàn thành"])
            for s in states:
                if s.task.assignee == agency:
                    out.writerow([s.id, "Đã hoàn thành", "15/10/2026"])
        rows = sum(1 for _ in path.open(encoding="utf-8-sig")) - 1
        t_rec, _ = best(lambda: reconcile(read_agency_report(path), states, register, agency, as_of), repeat)
        print(
            f"{n_tasks:>7} tasks | report {len(report.tasks)} tasks, {len(report.overdue)} overdue | "
            f"compile {t_compile:.2f}s md {t_md:.2f}s xlsx {t_xlsx:.2f}s ({len(xlsx) // 1024} KiB) "
            f"docx {t_docx:.2f}s ({len(docx) // 1024} KiB) | reconcile {rows} rows {t_rec:.2f}s"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, nargs="*", default=[10_000])
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    for n in args.tasks:
        run(n, args.repeat)


if __name__ == "__main__":
    main()
