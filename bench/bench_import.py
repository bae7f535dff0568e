"""Times `nhiemvu import` on a register kept in Excel: 10,000 task rows (about 3,300 documents,
the number only on the first row of each document, dates as date cells and as text, agencies and
signers by name) into the shipped register's agencies and signers, with no documents yet.

    python bench/bench_import.py                # 10,000 rows
    python bench/bench_import.py --rows 30000   # three years' worth

Target: seconds, not minutes. Reported: writing the workbook (not part of the import), reading
it (bounded streaming reader), planning every row (names to codes, documents), and checking and
writing the documents (every rule over the whole register, then one file per document) — CPU
time of this process for each step (time.process_time, steady on a busy machine), and of the
whole command through the CLI.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from openpyxl import Workbook  # noqa: E402

from generator.register.edit import write_checked  # noqa: E402
from generator.register.load import load_register  # noqa: E402
from generator.reports.import_register import import_register, open_sheet  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
HEADER = [
    "STT",
    "Số, ký hiệu văn bản",
    "Ngày ban hành",
    "Trích yếu",
    "Người ký",
    "Nội dung nhiệm vụ",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Phòng theo dõi",
    "Phân loại",
    "Thời hạn",
    "Tình hình thực hiện",
    "Ngày hoàn thành",
    "Ghi chú",
]
AGENCIES = ["Sở Tài chính", "Sở Xây dựng", "Sở Y tế", "Sở Nội vụ", "Công an tỉnh", "Sở Nông nghiệp và Môi trường"]
DIVISIONS = ["Phòng Tổng hợp", "TH", "Phòng Kinh tế", "VX", "Phòng Nội chính"]
SIGNERS = ["Lê Quang Thịnh", "Nguyễn Đình Hưng", "Phan Ngọc Sơn", "Trần Thị Kim Loan"]
TYPES = ["QĐ", "QD", "CT", "KH", "TB"]


def make_workbook(path: Path, rows: int, seed: int = 7) -> int:
    """A register of `rows` task rows in 2026; returns the number of documents."""
    rng = random.Random(seed)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Sổ theo dõi")
    ws.append(["SỔ THEO DÕI NHIỆM VỤ DO UBND TỈNH, CHỦ TỊCH UBND TỈNH GIAO NĂM 2026"])
    ws.append([])
    ws.append(HEADER)
    ws.append([f"({i})" for i in range(1, len(HEADER) + 1)])
    written, number, documents = 0, 0, 0
    while written < rows:
        number += 1
        documents += 1
        issued = dt.date(2026, 1, 5) + dt.timedelta(days=rng.randint(0, 150))
        kind = rng.choice(TYPES)
        cell = f"{number:02d}/{kind}-UBND"
        if rng.random() < 0.3:
            cell = f"Văn bản số {cell} ngày {issued.day}/{issued.month}/{issued.year}"
        signer = rng.choice(SIGNERS)
        for task in range(min(rng.randint(1, 5), rows - written)):
            letter = rng.choice("abcd")
            deadline = issued + dt.timedelta(days=rng.randint(20, 200)) if letter in "ab" else "Thường xuyên"
            done = rng.random() < 0.3 and letter in "bd"
            first = task == 0
            ws.append(
                [
                    written + 1,
                    cell if first else None,
                    (issued if rng.random() < 0.5 else f"{issued:%d/%m/%Y}") if first and "ngày" not in cell else None,
                    f"Về việc triển khai nhiệm vụ số {number} năm 2026" if first else None,
                    signer if first else None,
                    f"Triển khai kế hoạch thử nghiệm số {written + 1}, báo cáo kết quả thực hiện.",
                    rng.choice(AGENCIES),
                    rng.choice(AGENCIES) if rng.random() < 0.3 else None,
                    rng.choice(DIVISIONS),
                    rng.choice([f"QC45_{letter}", f"QC45 {letter}", f"QC45{letter}"]),
                    deadline,
                    "Đã hoàn thành" if done else rng.choice(["Đang thực hiện", "Chưa thực hiện", None]),
                    issued + dt.timedelta(days=10) if done else None,
                    None,
                ]
            )
            written += 1
    wb.save(path)
    return documents


def run(rows: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        register_dir = root / "register"
        register_dir.mkdir()
        for name in ("register.yaml", "agencies.yaml", "signers.yaml", "calendar.yaml"):
            shutil.copyfile(REPO / "register" / name, register_dir / name)
        path = root / "so-theo-doi.xlsx"
        start = time.process_time()
        documents = make_workbook(path, rows)
        t_make = time.process_time() - start
        register, _ = load_register(register_dir)
        as_of = dt.date(2026, 11, 25)
        start = time.process_time()
        sheet = open_sheet(path)
        t_read = time.process_time() - start
        start = time.process_time()
        result = import_register(sheet, register, as_of)
        t_plan = time.process_time() - start
        start = time.process_time()
        checked = write_checked(register_dir, {p.path: p.text for p in result.documents if p.state == "new"}, as_of)
        t_write = time.process_time() - start
        imported = len(result.by("imported"))
        print(
            f"{rows:>7} rows, {documents} documents ({path.stat().st_size // 1024} KiB, made in {t_make:.1f}s) | "
            f"read {t_read:.2f}s, plan {t_plan:.2f}s, check + write {t_write:.2f}s = "
            f"{t_read + t_plan + t_write:.2f}s | {imported} tasks imported, {len(checked.written)} files written, "
            f"{len(result.by('refused'))} rows refused"
        )
        shutil.rmtree(register_dir / "documents")
        start = time.process_time()
        from click.testing import CliRunner

        from generator.cli import main as cli

        done = CliRunner().invoke(cli, ["import", str(path), "--register", str(register_dir), "--as-of", "2026-11-25"])
        print(f"{'':>7} the whole command (nhiemvu import): {time.process_time() - start:.2f}s, exit {done.exit_code}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="*", default=[10_000])
    args = parser.parse_args()
    for n in args.rows:
        run(n)


if __name__ == "__main__":
    main()
