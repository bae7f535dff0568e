"""A register for the commands that write entries (`new`, `add-task`, `progress`, `extend`).

Those commands date entries today (in the register's zone) and the checker refuses dates after
today, so the test document is dated relative to today rather than on fixed days: it is the
same document, with the same overdue task, whenever the tests run.

- `today()` — today in Asia/Ho_Chi_Minh, as the commands see it.
- `dated_register(root, git_repo=True)` — the base register plus `documents/<year>/12-CT-UBND.yaml`
  (tests/data/edit/12-CT-UBND.yaml.tmpl): task 1 class a overdue with a flow-style entry, task 2
  class b with `progress: []`, task 3 class d, comments and a blank line to keep. Returns
  (register directory, the document file, the document's key such as `2026/12-CT-UBND`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from string import Template
from zoneinfo import ZoneInfo

from registerkit import DATA, git, make_register

TEMPLATE = DATA / "edit" / "12-CT-UBND.yaml.tmpl"


def today() -> dt.date:
    return dt.datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()


def days(n: int) -> dt.date:
    return today() + dt.timedelta(days=n)


def dated_register(root: Path, *, git_repo: bool = True) -> tuple[Path, Path, str]:
    register = make_register(root, git_repo=False)
    issued = days(-60)
    text = Template(TEMPLATE.read_text(encoding="utf-8")).safe_substitute(
        issued=issued, early=days(-50), past=days(-10), future=days(30)
    )
    path = register / "documents" / str(issued.year) / "12-CT-UBND.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    if git_repo:
        git(root, "init", "-q", "-b", "main")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "Sổ theo dõi ban đầu")
    return register, path, f"{issued.year}/12-CT-UBND"
