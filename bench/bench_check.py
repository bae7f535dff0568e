"""Times `nhiemvu check` against the bare floor of parsing the same files with CSafeLoader.

    python bench/bench_check.py                 # 10,000 tasks, every register shape
    python bench/bench_check.py --big           # and 100,000 tasks (linearity)
    python bench/bench_check.py --repeat 5

Budget (issue 8): the whole command — start-up, loading, every rule, and the JSON output of
every warning — within 1.5× the floor, on the WORST of these register shapes at 10,000 tasks:
no overdue task and a quarter of the tasks overdue without a reason (each a warning printed),
with few, some and many tasks per document (so from about 1,100 to 10,000 files a year).

Both sides are measured the same way: a separate process, its CPU time (user + system, from
the operating system's accounting of the child). CPU time rather than wall time, so that other
load on the machine does not skew the ratio; the two run back to back --repeat times and the
ratio is the median of those pairs (the table also shows each side's best time).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from synth import make_register  # noqa: E402

AS_OF = "2026-11-26"
BUDGET = 1.5
SHAPES = [  # (overdue share, tasks per document from–to)
    (0.0, (1, 1)),
    (0.0, (1, 5)),
    (0.0, (5, 10)),
    (0.25, (1, 1)),
    (0.25, (1, 5)),
    (0.25, (5, 10)),
]
FLOOR = (
    "import pathlib, yaml\n"
    "for p in sorted(pathlib.Path('register').rglob('*.yaml')):\n"
    "    yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader)\n"
)


def child_cpu(cmd: list[str], cwd: Path) -> float:
    """CPU seconds (user + system) the command's process used."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def nhiemvu() -> list[str]:
    exe = Path(sys.executable).with_name("nhiemvu")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "generator"]


def measure(root: Path, repeat: int) -> tuple[float, float, float]:
    """(floor, check, ratio): the best CPU time of each and the median ratio of runs made back
    to back, so that a slow spell of the machine weighs on both sides of a ratio alike."""
    check_cmd = [*nhiemvu(), "check", "--register", "register", "--as-of", AS_OF, "--format", "json"]
    floors, checks = [], []
    for _ in range(repeat):
        floors.append(child_cpu([sys.executable, "-c", FLOOR], root))
        checks.append(child_cpu(check_cmd, root))
    return min(floors), min(checks), statistics.median(c / f for c, f in zip(checks, floors, strict=True))


def compile_package() -> None:
    """Write the package's bytecode, as an installed package has it (pip compiles on install).
    Without it a machine with PYTHONDONTWRITEBYTECODE set (this one) compiles every module of
    the tool on every run, and the floor has nothing comparable to compile."""
    import generator

    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(generator.__file__).parent)], check=True)


def main() -> None:
    compile_package()
    parser = argparse.ArgumentParser()
    parser.add_argument("--big", action="store_true", help="also 100,000 tasks (linearity)")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--tasks", type=int, default=10_000)
    args = parser.parse_args()
    worst = 0.0
    print(f"{'tasks':>7} {'overdue':>7} {'per doc':>8} {'files':>6}  {'floor':>7}  {'check':>7}  ratio")
    with tempfile.TemporaryDirectory() as tmp:
        for share, per_doc in SHAPES:
            root = Path(tmp) / f"r-{share}-{per_doc[0]}-{per_doc[1]}"
            counts = make_register(root / "register", args.tasks, overdue=share, per_doc=per_doc)
            floor, check, ratio = measure(root, args.repeat)
            worst = max(worst, ratio)
            print(
                f"{counts['tasks']:>7} {share:>7.0%} {per_doc[0]:>3}–{per_doc[1]:<4} {counts['documents']:>6}  "
                f"{floor:6.2f}s  {check:6.2f}s  {ratio:4.2f}"
            )
        print(f"worst ratio {worst:.2f} (budget {BUDGET}): {'within' if worst <= BUDGET else 'OVER'} budget")
        if args.big:
            sizes = {}
            for n in (10_000, 100_000):
                root = Path(tmp) / f"big-{n}"
                make_register(root / "register", n, overdue=0.25)
                sizes[n] = measure(root, 1)[:2]
            (f1, c1), (f2, c2) = sizes[10_000], sizes[100_000]
            print(f"10k → 100k (25% overdue): floor ×{f2 / f1:.1f}, check ×{c2 / c1:.1f} (linear is ×10)")


if __name__ == "__main__":
    main()
