"""A synthetic register of any size, valid under every rule, for benchmarks.

    python bench/synth.py OUT_DIR --tasks 10000 [--overdue 0.25] [--per-doc 1 5]

Documents of 1 to 5 tasks by default (about 3,300 files for 10,000 tasks; `--per-doc A B`
changes how many documents a year the register holds), spread over 2025–2026, with extensions,
progress entries and every classification. `--overdue S` makes that share of the tasks overdue
without a reason (each one a warning that `check` prints), and none of the others overdue;
without it, overdue tasks come as the random progress makes them, mostly explained.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
from pathlib import Path

AGENCIES = [(f"SO_{i:02d}", f"Sở thử nghiệm số {i}", "department") for i in range(1, 21)]
AGENCIES += [(f"XA_{i:03d}", f"UBND xã thử nghiệm {i}", "locality") for i in range(1, 81)]
DIVISIONS = [
    ("TH", "Phòng Tổng hợp"),
    ("KT", "Phòng Kinh tế"),
    ("VX", "Phòng Văn hóa - Xã hội"),
    ("NC", "Phòng Nội chính"),
    ("HCTC", "Phòng Hành chính - Tổ chức"),
]
TYPES = ["QĐ", "CT", "KH", "TB"]
START = dt.date(2025, 1, 2)


def _agencies() -> str:
    lines = []
    for code, name, kind in AGENCIES:
        lines += [f"- code: {code}", f"  name: {name}", f"  kind: {kind}"]
    for code, name in DIVISIONS:
        lines += [f"- code: {code}", f"  name: {name}", "  kind: office_division"]
    return "\n".join(lines) + "\n"


def _overdue_task(rng: random.Random, tid: int, issued: dt.date, as_of: dt.date) -> list[str]:
    """A task past its deadline at `as_of`, still in progress, with no delay reason."""
    deadline = issued + dt.timedelta(days=rng.randint(1, max(1, (as_of - issued).days - 1)))
    lines = [
        f"  - id: {tid}",
        f"    content: Nhiệm vụ thử nghiệm số {tid} chưa hoàn thành, đã quá thời hạn thực hiện.",
        f"    assignee: {rng.choice(AGENCIES)[0]}",
        f"    monitor: {rng.choice(DIVISIONS)[0]}",
        f"    classification: QC45_{rng.choice('ab')}",
        f"    deadline: {deadline}",
    ]
    if rng.random() < 0.7:
        day = issued + dt.timedelta(days=rng.randint(0, (deadline - issued).days))
        lines += ["    progress:", f"      - {{date: {day}, status: in_progress, note: Đang triển khai.}}"]
    return lines


def _task(rng: random.Random, tid: int, issued: dt.date, as_of: dt.date, on_time: bool = False) -> list[str]:
    letter = rng.choice("aabbcd")
    lines = [
        f"  - id: {tid}",
        f"    content: Nhiệm vụ thử nghiệm số {tid} về triển khai kế hoạch, báo cáo kết quả thực hiện.",
        f"    assignee: {rng.choice(AGENCIES)[0]}",
        f"    coordinators: [{rng.choice(AGENCIES)[0]}]",
        f"    monitor: {rng.choice(DIVISIONS)[0]}",
        f"    classification: QC45_{letter}",
    ]
    deadline = None
    if letter in "ab":
        deadline = issued + dt.timedelta(days=rng.randint(10, 120))
        lines.append(f"    deadline: {deadline}")
        if rng.random() < 0.2:
            ext_date = min(deadline, as_of)
            ext_date = max(ext_date, issued)
            deadline = deadline + dt.timedelta(days=30)
            lines += ["    extensions:", f"      - {{deadline: {deadline}, document: 99/UBND-TH, date: {ext_date}}}"]
    lines.append("    progress:")
    day = issued
    entries = rng.randint(0, 4)
    if on_time and deadline is not None and deadline < as_of:
        # open past its deadline otherwise: done on the deadline instead
        done = f"{{date: {deadline}, status: done, note: Hoàn thành." + (
            f", report: {tid}/BC-{rng.choice(AGENCIES)[0].replace('_', '')}}}" if letter == "a" else "}"
        )
        return lines + [f"      - {done}"]
    if entries == 0:
        lines[-1] = "    progress: []"
    for i in range(entries):
        day = day + dt.timedelta(days=rng.randint(1, 40))
        if day > as_of:
            if i == 0:
                lines[-1] = "    progress: []"
            break
        last = i == entries - 1
        status = "done" if last and rng.random() < 0.6 else "in_progress"
        entry = f"      - {{date: {day}, status: {status}, note: Đã triển khai bước {i + 1}."
        if status == "done" and letter in "ac":
            entry += f", report: {tid}/BC-{rng.choice(AGENCIES)[0].replace('_', '')}"
        if deadline and day > deadline and status != "done":
            entry += ", delay_reason: Chờ ý kiến của các cơ quan liên quan."
        lines.append(entry + "}")
    return lines


def make_register(
    out: Path,
    n_tasks: int,
    seed: int = 1,
    as_of: dt.date = dt.date(2026, 11, 26),
    *,
    overdue: float | None = None,
    per_doc: tuple[int, int] = (1, 5),
) -> dict:
    """Write a register with about `n_tasks` tasks under `out` (replaced). Returns counts.

    `overdue`: the share of tasks made overdue without a reason, the others kept from being
    overdue (None: as the random progress makes them). `per_doc`: tasks per document, from–to."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    (out / "documents").mkdir(parents=True)
    (out / "register.yaml").write_text(
        "office: Văn phòng UBND tỉnh Thử nghiệm\nprovince: Thử nghiệm\ntimezone: Asia/Ho_Chi_Minh\n"
        "audience: public\nsample_data: true\n",
        encoding="utf-8",
    )
    (out / "agencies.yaml").write_text(_agencies(), encoding="utf-8")
    (out / "signers.yaml").write_text(
        "- code: CT\n  name: Người ký thử nghiệm\n  title: Chủ tịch UBND tỉnh\n", encoding="utf-8"
    )
    (out / "calendar.yaml").write_text("days_off: []\nworking_days: []\n", encoding="utf-8")
    tasks = docs = late = 0
    numbers: dict[int, int] = {}
    span = (as_of - START).days
    while tasks < n_tasks:
        issued = START + dt.timedelta(days=rng.randint(0, span - 5))
        numbers[issued.year] = numbers.get(issued.year, 0) + 1
        n = numbers[issued.year]
        kind = rng.choice(TYPES)
        number = f"{n:02d}/{kind}-UBND"
        count = min(rng.randint(*per_doc), n_tasks - tasks)
        lines = [
            f"number: {number}",
            f"title: Văn bản thử nghiệm số {n} năm {issued.year} về tăng cường trách nhiệm thực hiện nhiệm vụ",
            f"issued: {issued}",
            "signer: CT",
            "urgency: normal",
            "secrecy: none",
            "tasks:",
        ]
        for tid in range(1, count + 1):
            if overdue is not None and (as_of - issued).days > 2 and rng.random() < overdue:
                lines += _overdue_task(rng, tid, issued, as_of)
                late += 1
            else:
                lines += _task(rng, tid, issued, as_of, on_time=overdue is not None)
        slug = number.replace("/", "-").replace("Đ", "D")
        folder = out / "documents" / str(issued.year)
        folder.mkdir(exist_ok=True)
        (folder / f"{slug}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        tasks += count
        docs += 1
    return {"documents": docs, "tasks": tasks, "overdue_made": late}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--overdue", type=float, default=None, help="share of tasks overdue without a reason")
    parser.add_argument("--per-doc", type=int, nargs=2, default=(1, 5), metavar=("FROM", "TO"))
    args = parser.parse_args()
    print(make_register(args.out, args.tasks, overdue=args.overdue, per_doc=tuple(args.per_doc)))
