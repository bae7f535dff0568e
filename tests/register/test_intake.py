"""Intake of submissions (R11): the 3-working-day limit on the Vietnamese calendar, loading
and checking `register/intake/<YYYY>/*.yaml`."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import jsonschema
import pytest
import yaml
from registerkit import DATA as TEST_DATA
from registerkit import REPO

from generator.register.load import load_intake, load_register
from generator.register.model import IntakeItem
from generator.register.rules import Context, run_register_rules
from generator.register.status import intake_deadline, intake_state, intake_states
from generator.register.workdays import WorkCalendar

DATA = TEST_DATA / "intake"
REGISTER = DATA / "register"
SCHEMA = REPO / "generator" / "schemas" / "intake.schema.json"


def check_intake(items, register, calendar, as_of):
    """The intake rules' findings for `items` (the rules run over register.intake)."""
    register.intake = list(items)
    found = run_register_rules(Context(register, as_of, calendar))
    return sorted((p for p in found if p.code.startswith("intake-")), key=lambda p: p.sort_key())


@pytest.fixture(scope="module")
def register():
    reg, problems = load_register(REGISTER)
    assert not [p for p in problems if p.severity == "error"], problems
    return reg


@pytest.fixture(scope="module")
def calendar(register):
    return WorkCalendar.from_data(register.calendar)


@pytest.fixture(scope="module")
def items():
    found, problems = load_intake(REGISTER)
    assert problems == []
    return {i.number: i for i in found}


def item(received, lead="none", **extra):
    return IntakeItem("1/TTr-STC", "Đề nghị", "STC", received, lead, "TH", **extra)


# ---------------------------------------------------------------- the limit


def test_received_on_the_last_working_day_before_tet_2026_is_due_after_the_break(calendar):
    friday = dt.date(2026, 2, 13)
    assert calendar.is_working_day(friday)
    for day in range(14, 23):  # weekend, Tết 16–20/02, weekend
        assert not calendar.is_working_day(dt.date(2026, 2, day))
    due = intake_deadline(item(friday), calendar)
    assert due == dt.date(2026, 2, 25)  # Mon 23, Tue 24, Wed 25
    assert calendar.working_days_between(friday, due) == 3
    assert intake_state(item(friday), calendar, dt.date(2026, 2, 25)).status == "waiting"
    late = intake_state(item(friday), calendar, dt.date(2026, 2, 26))
    assert late.status == "overdue" and late.working_days_late == 1


def test_worked_saturday_shortens_the_limit(calendar):
    thursday = dt.date(2026, 1, 8)
    assert intake_deadline(item(thursday), calendar) == dt.date(2026, 1, 12)  # Fri 9, Sat 10, Mon 12
    without_swap = WorkCalendar()
    assert intake_deadline(item(thursday), without_swap) == dt.date(2026, 1, 13)


def test_extra_day_off_lengthens_the_limit(calendar):
    new_years_eve = dt.date(2025, 12, 31)
    assert intake_deadline(item(new_years_eve), calendar) == dt.date(2026, 1, 7)  # 1/1 and 2/1 off
    assert intake_deadline(item(new_years_eve), WorkCalendar()) == dt.date(2026, 1, 6)


def test_pressing_is_due_the_same_day_and_regulation_has_no_limit(calendar):
    assert intake_deadline(item(dt.date(2026, 3, 2), "pressing"), calendar) == dt.date(2026, 3, 2)
    assert intake_deadline(item(dt.date(2026, 3, 2), "regulation"), calendar) is None
    state = intake_state(item(dt.date(2026, 3, 2), "regulation"), calendar, dt.date(2026, 9, 1))
    assert state.status == "filed" and not state.late


def test_states_of_the_sample_items(items, calendar):
    at = dt.date(2026, 3, 25)
    states = {s.item.number: s for s in intake_states(items.values(), calendar, at)}
    assert states["215/TTr-SNNMT"].status == "assigned"  # 24/02, within the limit of 25/02
    assert states["12/TTr-SYT"].status == "overdue"
    assert states["01/TTr-STC"].status == "assigned_late"  # 13/01, limit 12/01 (worked Saturday)
    assert states["450/TTr-SYT"].status == "assigned"  # 07/01, limit 07/01 (02/01 off)
    assert states["02/TTr-STC"].status == "filed"
    assert states["03/BC-UBND"].status == "unreported"
    # an assignment dated after the as-of date does not count yet
    early = intake_state(items["215/TTr-SNNMT"], calendar, dt.date(2026, 2, 23))
    assert early.status == "waiting"


# ---------------------------------------------------------------- check


def test_check_reports_overdue_and_unreported_as_warnings(items, register, calendar):
    problems = check_intake(items.values(), register, calendar, dt.date(2026, 3, 25))
    by_code = {}
    for p in problems:
        by_code.setdefault(p.code, []).append(p)
    assert set(by_code) == {"intake-overdue", "intake-unreported"}
    overdue = by_code["intake-overdue"][0]
    assert overdue.severity == "warning"
    assert overdue.file == "tests/data/intake/register/intake/2026/12-TTr-SYT.yaml"
    assert overdue.line == 6  # the `lead:` line, which sets the obligation
    assert "25/02/2026" in overdue.message and "assignment" in overdue.hint
    assert by_code["intake-unreported"][0].severity == "warning"
    assert "reported" in by_code["intake-unreported"][0].hint


def test_nothing_is_overdue_before_the_limit(items, register, calendar):
    problems = check_intake(items.values(), register, calendar, dt.date(2026, 2, 25))
    assert not [p for p in problems if p.code == "intake-overdue"]


def test_check_finds_unknown_codes_and_impossible_dates(register, calendar):
    names = ("unknown-codes.yaml", "assignment-before-receipt.yaml")
    files = {f"register/intake/2026/{name}": (DATA / "bad" / name).read_bytes() for name in names}
    found, problems = load_intake(files)
    assert problems == [] and len(found) == 2
    codes = sorted(p.code for p in check_intake(found, register, calendar, dt.date(2026, 3, 25)))
    assert codes == ["intake-date-order", "intake-monitor", "intake-unknown-agency"]


# ---------------------------------------------------------------- loading


@pytest.mark.parametrize(
    ("name", "code", "line"),
    [
        ("unknown-lead.yaml", "bad-value", 5),
        ("missing-received.yaml", "missing-key", 1),
        ("date-as-text.yaml", "date-format", 4),
        ("misspelt-key.yaml", "unknown-key", 4),
        ("broken.yaml", "yaml-syntax", 2),  # the parser notices at the end of the file
    ],
)
def test_bad_files_are_reported_with_their_line(name, code, line):
    rel = f"register/intake/2026/{name}"
    found, problems = load_intake({rel: (DATA / "bad" / name).read_bytes()})
    assert [(p.code, p.file) for p in problems] == [(code, rel)], problems
    assert problems[0].line == line and problems[0].severity == "error"
    assert problems[0].message  # Vietnamese text from the shared schema walker
    if code != "unknown-key":
        assert found == []


def test_misplaced_files_and_wrong_year_folder():
    good = (REGISTER / "intake" / "2026" / "02-TTr-STC.yaml").read_bytes()
    found, problems = load_intake(
        {
            "register/intake/02-TTr-STC.yaml": good,  # no year folder
            "register/intake/2025/02-TTr-STC.yaml": good,  # received in 2026
            "register/intake/2026/notes.txt": b"ghi chu",
        }
    )
    assert sorted((p.code, p.file) for p in problems) == [
        ("intake-path", "register/intake/02-TTr-STC.yaml"),
        ("intake-path", "register/intake/2025/02-TTr-STC.yaml"),
        ("intake-path", "register/intake/2026/notes.txt"),
    ]
    assert len(found) == 1  # the wrongly filed one is still read and checked


def test_duplicate_submission_is_an_error():
    data = (REGISTER / "intake" / "2026" / "02-TTr-STC.yaml").read_bytes()
    _, problems = load_intake({"register/intake/2026/a.yaml": data, "register/intake/2026/b.yaml": data})
    assert [p.code for p in problems] == ["intake-duplicate"]


def test_directory_and_mapping_give_the_same_items(tmp_path):
    from_dir, _ = load_intake(REGISTER)
    files = {
        f"register/{p.relative_to(REGISTER).as_posix()}": p.read_bytes()
        for p in sorted(REGISTER.rglob("intake/*/*.yaml"))
    }
    from_map, _ = load_intake(files)
    strip = [(i.number, i.received, i.lead, i.assignment_date) for i in from_dir]
    assert strip == [(i.number, i.received, i.lead, i.assignment_date) for i in from_map]
    assert len(from_dir) == 6
    # no intake folder: nothing, and no complaint (the folder is optional)
    empty = tmp_path / "register"
    empty.mkdir()
    assert load_intake(empty) == ([], [])


def test_symbolic_links_are_not_followed(tmp_path):
    register_dir = tmp_path / "register"
    shutil.copytree(REGISTER, register_dir)
    secret = tmp_path / "outside.yaml"
    secret.write_bytes((REGISTER / "intake" / "2026" / "02-TTr-STC.yaml").read_bytes())
    (register_dir / "intake" / "2026" / "link.yaml").symlink_to(secret)
    found, _ = load_intake(register_dir, repo_root=tmp_path)
    assert all(not i.file.endswith("link.yaml") for i in found)


def test_shipped_schema_accepts_the_samples_and_rejects_the_bad_ones():
    schema = json.loads(SCHEMA.read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())

    def as_json(path):  # dates as ISO strings, as an editor sees them
        return json.loads(json.dumps(yaml.safe_load(path.read_text("utf-8")), default=str))

    for path in REGISTER.rglob("intake/*/*.yaml"):
        assert not list(validator.iter_errors(as_json(path))), path
    for name in ("unknown-lead.yaml", "missing-received.yaml", "misspelt-key.yaml"):
        assert list(validator.iter_errors(as_json(DATA / "bad" / name))), name


def test_assignment_on_a_file_only_submission_is_a_warning(register, calendar):
    filed = item(dt.date(2026, 3, 2), "regulation", assignment="20/UBND-TH")
    found = check_intake([filed], register, calendar, dt.date(2026, 3, 25))
    assert [(p.code, p.severity) for p in found] == [("intake-assignment-unneeded", "warning")]


def test_samples_for_the_shipped_register():
    """tests/data/intake/shipped/ is meant to be copied into the shipped register/intake/."""
    shipped, problems = load_register(REPO / "register")
    assert not [p for p in problems if p.severity == "error"]
    found, problems = load_intake(DATA / "shipped" / "register")
    assert problems == [] and len(found) == 5
    calendar = WorkCalendar.from_data(shipped.calendar)
    at = dt.date(2026, 11, 25)
    states = {s.item.number: s for s in intake_states(found, calendar, at)}
    assert states["412/TTr-SYT"].deadline == dt.date(2026, 11, 25)  # 24/11 is a day off
    assert states["388/TTr-SXD"].status == "overdue"
    assert states["215/TTr-SNNMT"].deadline == dt.date(2026, 2, 25)
    codes = [(p.code, p.file.rsplit("/", 1)[-1]) for p in check_intake(found, shipped, calendar, at)]
    assert codes == [("intake-overdue", "388-TTr-SXD.yaml")]
