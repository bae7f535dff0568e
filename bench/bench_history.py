"""Benchmark of the one-pass history reader (generator.history.collect).

Builds a synthetic register repository with `git fast-import`: 3,300 files (3,295 documents
of 3 tasks each plus the settings files) added in one commit, then commits that each append
progress entries to 1–3 documents, 2,000 commits in all. Times the pass at 500, 1,000 and
2,000 commits (branches of the same history) to show the growth is linear in commits.

    python bench/bench_history.py [--out bench/out]
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

DOCS = 3_295
COMMITS = 2_000
POINTS = (1, 500, 1_000, 2_000)
SETTINGS = {
    "register/register.yaml": "office: Văn phòng UBND tỉnh\ntimezone: Asia/Ho_Chi_Minh\n",
    "register/agencies.yaml": "- code: TH\n  name: Phòng Tổng hợp\n  kind: office_division\n",
    "register/signers.yaml": "- code: CT\n  name: Nguyễn Văn A\n",
    "register/calendar.yaml": "days_off: []\nworking_days: []\n",
    "README.md": "bench\n",
}


def document(n: int, progress: list[list[str]]) -> str:
    year = 2020 + n % 6
    lines = [
        f"number: {n}/UBND-TH",
        f"title: Văn bản số {n} về việc thực hiện nhiệm vụ",
        f"issued: {year}-03-02",
        "signer: CT",
        "urgency: normal",
        "secrecy: none",
        "tasks:",
    ]
    for t in range(3):
        lines += [
            f"  - id: {t + 1}",
            f"    content: Nhiệm vụ {t + 1} của văn bản {n}.",
            "    assignee: STC",
            "    monitor: TH",
            "    classification: QC45_b",
            f"    deadline: {year}-12-31",
        ]
        if progress[t]:
            lines.append("    progress:")
            for day in progress[t]:
                lines += [f"      - date: {day}", "        status: in_progress", "        note: Đang thực hiện."]
    return "\n".join(lines) + "\n"


def path_of(n: int) -> str:
    return f"register/documents/{2020 + n % 6}/{n}-UBND-TH.yaml"


def build(repo: Path, seed: int = 7) -> None:
    rng = random.Random(seed)
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    progress = {n: [[], [], []] for n in range(1, DOCS + 1)}
    out: list[bytes] = []

    def data(text: str) -> None:
        raw = text.encode("utf-8")
        out.append(f"data {len(raw)}\n".encode() + raw + b"\n")

    when = 1_600_000_000
    for c in range(1, COMMITS + 1):
        when += 3_600
        out.append(f"commit refs/heads/main\nmark :{c}\n".encode())
        out.append(f"author Văn thư <vt@example.gov.vn> {when} +0700\n".encode())
        out.append(f"committer Văn thư <vt@example.gov.vn> {when} +0700\n".encode())
        data(f"Commit {c}")
        if c > 1:
            out.append(f"from :{c - 1}\n".encode())
        if c == 1:
            for path, text in SETTINGS.items():
                out.append(f"M 100644 inline {path}\n".encode())
                data(text)
            changed = range(1, DOCS + 1)
        else:
            changed = rng.sample(range(1, DOCS + 1), rng.randint(1, 3))
            for n in changed:
                progress[n][rng.randrange(3)].append(f"2026-{1 + c % 12:02d}-{1 + c % 28:02d}")
        for n in changed:
            out.append(f"M 100644 inline {path_of(n)}\n".encode())
            data(document(n, progress[n]))
        out.append(b"\n")
        if c in POINTS:
            out.append(f"reset refs/heads/c{c}\nfrom :{c}\n\n".encode())
    subprocess.run(["git", "-C", str(repo), "fast-import", "--quiet"], input=b"".join(out), check=True)
    subprocess.run(["git", "-C", str(repo), "checkout", "-q", "main"], check=True)


def best_of(n: int, run):
    """Best wall time of n runs (and the last result): less noise than one run."""
    best, result = float("inf"), None
    for _ in range(n):
        t0 = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - t0)
    return best, result


def main() -> None:
    from generator.history import log as history

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="keep the synthetic repository here")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="nhiemvu-bench-"))
    repo = args.keep or work / "repo"
    try:
        start = time.perf_counter()
        build(repo)
        files = len(
            subprocess.run(
                ["git", "-C", str(repo), "ls-files"], capture_output=True, text=True, check=True
            ).stdout.splitlines()
        )
        print(f"synthetic repository: {files} files, {COMMITS} commits, built in {time.perf_counter() - start:.1f} s")
        print(f"{'commits':>8} {'full pass (s)':>14} {'files only (s)':>15} {'ms/commit after the first':>26}")
        rows = []
        for point in POINTS:
            subprocess.run(["git", "-C", str(repo), "symbolic-ref", "HEAD", f"refs/heads/c{point}"], check=True)
            history.collect(repo, "register")  # warm the page cache
            full, hist = best_of(5, lambda: history.collect(repo, "register"))
            files_only, _ = best_of(5, lambda: history.collect(repo, "register", tasks=False))
            assert hist.commits == point and len(hist.documents) == DOCS and len(hist.tasks) == 3 * DOCS
            rows.append((point, full, files_only))
        base = rows[0]
        for point, full, files_only in rows:
            per = (full - base[1]) / (point - base[0]) * 1000 if point != base[0] else 0.0
            print(f"{point:>8} {full:>14.2f} {files_only:>15.2f} {per:>26.2f}")
        print("The first commit adds all 3,300 files (a fixed cost); the cost per later commit should")
        print("stay flat from row to row: that is linear growth with commits.")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
