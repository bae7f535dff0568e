"""Times `nhiemvu build` (check, render, MkDocs + Material) on synthetic registers.

    python bench/bench_site.py                 # 1,000 and 10,000 tasks
    python bench/bench_site.py --tasks 1000 3000 10000

Target (issue 3): 10,000 tasks in under 60 s on a 2-core machine, and linear: the
10,000-task build takes no more than 12 times the 1,000-task one. Each figure is the
wall time of the real command in a subprocess (Python start-up included), with the split
between loading + checking + rendering the Markdown (in-process, measured apart) and the
whole build.
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


def render_only(register_dir: Path, docs: Path) -> tuple[float, int]:
    """Seconds to load, check and write the Markdown pages (no MkDocs), and the page count."""
    from generator.check import check_register
    from generator.load import load_register
    from generator.site import prepare_docs

    start = time.perf_counter()
    register, problems = load_register(register_dir)
    result = check_register(register, problems, AS_OF)
    prepare_docs(register, result.states, AS_OF, docs, docs.parent / "unused-site")
    return time.perf_counter() - start, sum(1 for _ in docs.rglob("*.md"))


def full_build(register_dir: Path, site: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", "from generator.cli import run; run()", "build",
         "--register", str(register_dir), "--site-dir", str(site), "--as-of", AS_OF.isoformat()],
        check=True, cwd=register_dir.parent, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, nargs="+", default=[1000, 10000])
    args = parser.parse_args()
    print(f"CPU cores: {os.cpu_count()}")
    times: dict[int, float] = {}
    with tempfile.TemporaryDirectory(prefix="bench-site-") as tmp:
        for n in args.tasks:
            base = Path(tmp) / f"r{n}"
            make_register(base / "register", n, as_of=AS_OF)
            prep, pages = render_only(base / "register", base / "work" / "docs")
            total = full_build(base / "register", base / "site")
            html = sum(1 for _ in (base / "site").rglob("*.html"))
            times[n] = total
            print(f"{n:>7,} tasks: {pages:,} pages, {html:,} HTML files; load+check+Markdown "
                  f"{prep:6.1f} s; whole `nhiemvu build` {total:6.1f} s")
    if 1000 in times and 10000 in times:
        ratio = times[10000] / times[1000]
        verdict = "OK" if times[10000] < 60 and ratio <= 12 else "TOO SLOW"
        print(f"10,000 tasks: {times[10000]:.1f} s (target < 60 s); ratio 10,000/1,000 = "
              f"{ratio:.1f} (target <= 12): {verdict}")


if __name__ == "__main__":
    main()
