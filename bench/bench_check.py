"""Times `nhiemvu check` against the bare floor of parsing the same files with CSafeLoader.

    python bench/bench_check.py             # 10,000 tasks
    python bench/bench_check.py --big       # 10,000 and 100,000 tasks (linearity)

Target (issue 2): check within 1.5× of the floor at 10,000 tasks, and linear from 10,000
to 100,000 tasks. Each figure is the best of --repeat runs, in-process (the CLI's
Python start-up is reported apart). Times are CPU time of this process
(time.process_time), so other load on the machine does not skew the ratio.
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from synth import make_register  # noqa: E402

from generator.register.check import check_register  # noqa: E402
from generator.register.load import load_register  # noqa: E402

AS_OF = dt.date(2026, 11, 26)


def floor(register: Path) -> float:
    start = time.process_time()
    for path in sorted(register.rglob("*.yaml")):
        yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
    return time.process_time() - start


def check(register: Path) -> tuple[float, int]:
    start = time.process_time()
    reg, problems = load_register(register, repo_root=register.parent)
    result = check_register(reg, problems, AS_OF)
    return time.process_time() - start, result.errors


def best(func, repeat: int):
    runs = [func() for _ in range(repeat)]
    return min(runs, key=lambda r: r if isinstance(r, float) else r[0])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--big", action="store_true", help="also 100,000 tasks")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sizes = [10_000, 100_000] if args.big else [10_000]
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            register = Path(tmp) / f"r{n}" / "register"
            counts = make_register(register, n)
            f = best(lambda r=register: floor(r), args.repeat)
            c, errors = best(lambda r=register: check(r), args.repeat)
            assert errors == 0, f"synthetic register has {errors} errors"
            results[n] = (f, c)
            print(
                f"{n:>7} tasks, {counts['documents']:>6} files: floor {f:6.2f} s, check {c:6.2f} s, ratio {c / f:4.2f}"
            )
        cli_start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import generator.cli"], capture_output=True, check=False)
        print(f"CLI start-up (import generator.cli, wall clock): {time.perf_counter() - cli_start:.2f} s")
    if len(sizes) == 2:
        (f1, c1), (f2, c2) = results[10_000], results[100_000]
        print(f"10k → 100k: floor ×{f2 / f1:.1f}, check ×{c2 / c1:.1f} (linear is ×10)")


if __name__ == "__main__":
    main()
