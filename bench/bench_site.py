"""Times `nhiemvu build` (check, render, MkDocs + Material) on synthetic registers.

    python bench/bench_site.py                 # every shape below, register in Git
    python bench/bench_site.py --tasks 1000 3000 10000 --shapes 0.25:1-5
    python bench/bench_site.py --no-git        # register in a plain folder (no history)
    python bench/bench_site.py --monthly       # documents committed month by month (24 commits)

Target (issues 3 and 8): 10,000 tasks in under 60 s on a 2-core machine on the WORST register
shape — a quarter of the tasks overdue without a reason, and one, a few or many tasks per
document (from about 1,100 to 10,000 document pages) — and linear: the 10,000-task build takes
no more than 12 times the 1,000-task one of the same shape. Each figure is the
wall time of the real command in a subprocess (Python start-up included), with the split
between loading + checking + rendering the Markdown (in-process, measured apart) and the
whole build. By default the synthetic register is committed to a Git repository in one
commit, so that the build's one history pass (document entry dates, last updates, the
"Thay đổi gần đây" page and feed.xml) is measured too, and timed apart. With --monthly the
documents are committed month by month, at the end of their month of issue, so that each page
of the Báo cáo section is read from a different commit (the section's worst case).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

from synth import make_register  # noqa: E402

AS_OF = dt.date(2026, 11, 26)


def commit_register(root: Path) -> None:
    """Commit the whole synthetic register in one commit, dated before the as-of date."""
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Văn thư",
        "GIT_AUTHOR_EMAIL": "vt@example.gov.vn",
        "GIT_COMMITTER_NAME": "Văn thư",
        "GIT_COMMITTER_EMAIL": "vt@example.gov.vn",
        "GIT_AUTHOR_DATE": "2026-11-20T09:00:00+07:00",
        "GIT_COMMITTER_DATE": "2026-11-20T09:00:00+07:00",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    for args in (["init", "-q"], ["add", "register"], ["commit", "-q", "-m", "Sổ theo dõi"]):
        subprocess.run(["git", "-C", str(root), *args], check=True, env=env)


def commit_monthly(root: Path) -> int:
    """Commit the settings, then each month's documents (by issue date) on the 28th of that
    month at 18:00: one commit per month, so every report day has its own snapshot."""
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Văn thư",
        "GIT_AUTHOR_EMAIL": "vt@example.gov.vn",
        "GIT_COMMITTER_NAME": "Văn thư",
        "GIT_COMMITTER_EMAIL": "vt@example.gov.vn",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    by_month: dict[tuple[int, int], list[str]] = {}
    for path in sorted((root / "register" / "documents").rglob("*.yaml")):
        issued = next(
            line.split(":", 1)[1].strip()
            for line in path.read_text(encoding="utf-8").splitlines()
            if line.startswith("issued:")
        )
        day = dt.date.fromisoformat(issued)
        by_month.setdefault((day.year, day.month), []).append(str(path.relative_to(root)))
    subprocess.run(["git", "-C", str(root), "init", "-q"], check=True, env=env)
    months = sorted(by_month)
    for i, (year, month) in enumerate(months):
        when = f"{year}-{month:02d}-28T18:00:00+07:00"
        stamp = {**env, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
        paths = by_month[(year, month)]
        if i == 0:
            paths = paths + [str(p.relative_to(root)) for p in (root / "register").glob("*.yaml")]
        for start in range(0, len(paths), 500):
            subprocess.run(["git", "-C", str(root), "add", "--", *paths[start : start + 500]], check=True, env=stamp)
        subprocess.run(["git", "-C", str(root), "commit", "-q", "-m", f"Văn bản {month}/{year}"], check=True, env=stamp)
    return len(months)


def render_only(register_dir: Path, docs: Path) -> tuple[float, float, float, int]:
    """Seconds to load, check and write the Markdown pages (no MkDocs), of which the history
    pass, then (apart) the Báo cáo section's data and Excel files, and the page count."""
    from generator.history.git import is_git_repo
    from generator.history.log import collect
    from generator.register.check import check_register
    from generator.register.load import load_register
    from generator.site.build import prepare_docs

    start = time.perf_counter()
    register, problems = load_register(register_dir)
    result = check_register(register, problems, AS_OF)
    hist_start = time.perf_counter()
    zone = register.settings.zone
    hist = collect(register.repo_root, register.prefix, zone=zone) if is_git_repo(register.repo_root) else None
    hist_time = time.perf_counter() - hist_start
    prepare_docs(register, result.states, AS_OF, docs, docs.parent / "unused-site", hist)
    total = time.perf_counter() - start
    from generator.site.month_reports import build_section

    rep_start = time.perf_counter()
    build_section(register, result.states, AS_OF, hist)
    return total, hist_time, time.perf_counter() - rep_start, sum(1 for _ in docs.rglob("*.md"))


def full_build(register_dir: Path, site: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-c",
            "from generator.cli import run; run()",
            "build",
            "--register",
            str(register_dir),
            "--site-dir",
            str(site),
            "--as-of",
            AS_OF.isoformat(),
        ],
        check=True,
        cwd=register_dir.parent,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument(
        "--shapes",
        nargs="+",
        default=["0.25:1-1", "0.25:1-5", "0.25:5-10"],
        help="overdue share and tasks per document, e.g. 0.25:1-5",
    )
    parser.add_argument(
        "--git",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="commit the register to Git in one commit (default) or not",
    )
    parser.add_argument(
        "--monthly", action="store_true", help="commit the documents month by month instead of in one commit"
    )
    args = parser.parse_args()
    mode = "month by month" if args.monthly else "one commit" if args.git else "no"
    print(f"CPU cores: {os.cpu_count()}; register in Git: {mode}")
    worst, verdicts = 0.0, []
    with tempfile.TemporaryDirectory(prefix="bench-site-") as tmp:
        for shape in args.shapes:
            share, low, high = _shape(shape)
            print(f"— {share:.0%} overdue, {low}–{high} tasks per document")
            times: dict[int, float] = {}
            for n in args.tasks:
                base = Path(tmp) / f"r{n}-{shape.replace(':', '-')}"
                make_register(base / "register", n, as_of=AS_OF, overdue=share, per_doc=(low, high))
                if args.monthly:
                    commit_monthly(base)
                elif args.git:
                    commit_register(base)
                prep, hist, reports, pages = render_only(base / "register", base / "work" / "docs")
                total = full_build(base / "register", base / "site")
                html = sum(1 for _ in (base / "site").rglob("*.html"))
                times[n] = total
                print(
                    f"{n:>7,} tasks: {pages:,} pages, {html:,} HTML files; load+check+history+"
                    f"Markdown {prep:6.1f} s (history pass {hist:5.2f} s, Báo cáo section {reports:5.2f} s); "
                    f"whole `nhiemvu build` {total:6.1f} s"
                )
            if 1000 in times and 10000 in times:
                ratio = times[10000] / times[1000]
                worst = max(worst, times[10000])
                verdicts.append(times[10000] < 60 and ratio <= 12)
                print(f"  10,000/1,000 = {ratio:.1f} (target <= 12)")
    if verdicts:
        verdict = "OK" if all(verdicts) else "TOO SLOW"
        print(f"worst 10,000-task build {worst:.1f} s (target < 60 s), every ratio <= 12: {verdict}")


def _shape(text: str) -> tuple[float, int, int]:
    share, _, per_doc = text.partition(":")
    low, _, high = per_doc.partition("-")
    return float(share), int(low), int(high or low)


if __name__ == "__main__":
    main()
