"""Working offline (R5): the secret register's machine has no network. On a connected machine a
wheelhouse is built (`pip wheel` for nhiemvu itself, `pip download` for what it needs); on the
isolated one nhiemvu installs from that folder alone (`--no-index`, proxies pointing nowhere),
into a fresh virtual environment, and checks the sample secret register. docs/so-mat.md gives
the same steps to the clerk."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv

import pytest
from registerkit import DATA, REPO

# Settings of this machine (an extra index, a folder of wheels) must not help the install.
CLEAN_ENV = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")} | {
    "PIP_CONFIG_FILE": os.devnull,
    "PIP_DISABLE_PIP_VERSION_CHECK": "1",
}
NO_NETWORK = CLEAN_ENV | {  # any attempt to reach a server fails at once
    "http_proxy": "http://127.0.0.1:9",
    "https_proxy": "http://127.0.0.1:9",
    "HTTP_PROXY": "http://127.0.0.1:9",
    "HTTPS_PROXY": "http://127.0.0.1:9",
    "no_proxy": "",
}


def run(args, env, cwd=None) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [str(a) for a in args], env=env, cwd=cwd, capture_output=True, text=True, timeout=900, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def source_copy(target):
    """The repository's files (tracked and new, not ignored): building never writes into it."""
    listed = subprocess.run(
        ["git", "-C", REPO, "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for rel in filter(None, (p.decode() for p in listed)):
        if (REPO / rel).is_file():
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(REPO / rel, target / rel)
    return target


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """nhiemvu installed (not editable) into a fresh virtual environment from a wheelhouse alone."""
    tmp_path = tmp_path_factory.mktemp("cai-dat")
    wheelhouse = tmp_path / "wheelhouse"
    source = source_copy(tmp_path / "nguon")
    # on the connected machine
    run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", wheelhouse, source], CLEAN_ENV)
    wheel = next(wheelhouse.glob("nhiemvu-*.whl"))
    run([sys.executable, "-m", "pip", "download", "--quiet", "--dest", wheelhouse, wheel], CLEAN_ENV)
    shutil.rmtree(source)  # nothing of the source tree may be needed any more
    # on the isolated machine
    env_dir = tmp_path / "moi-truong"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    run([python, "-m", "pip", "install", "--isolated", "--no-index", "--find-links", wheelhouse, "nhiemvu"], NO_NETWORK)
    return env_dir / "bin"


def test_install_from_a_wheelhouse_with_no_network_and_check_a_secret_register(installed, tmp_path):
    nhiemvu = installed / "nhiemvu"
    work = tmp_path / "so-mat"
    shutil.copytree(DATA / "secret" / "register", work / "register")
    checked = run([nhiemvu, "check", "--as-of", "2026-04-20"], NO_NETWORK, cwd=work)
    assert "0 lỗi" in checked.stdout
    run([nhiemvu, "book", "incoming", "--year", "2026", "--format", "xlsx"], NO_NETWORK, cwd=work)
    assert (work / "MAT-so-tai-lieu-mat-den-2026.xlsx").is_file()
    refused = subprocess.run([nhiemvu, "build"], env=NO_NETWORK, cwd=work, capture_output=True, text=True)
    assert refused.returncode == 1 and "sổ mật" in refused.stderr


def test_the_installed_package_builds_the_site_from_any_folder(installed, tmp_path):
    """A register alone — no mkdocs.yml, no site_templates/ beside it — built by the installed
    (non-editable) package from an unrelated folder: the copies shipped in the wheel are used."""
    work = tmp_path / "so-cong-khai"
    shutil.copytree(REPO / "register", work / "register")
    elsewhere = tmp_path / "noi-khac"
    elsewhere.mkdir()
    site = tmp_path / "trang"
    args = ["build", "--register", work / "register", "--site-dir", site, "--as-of", "2026-11-29"]
    built = run([installed / "nhiemvu", *args], NO_NETWORK, cwd=elsewhere)
    assert "216 nhiệm vụ" in built.stdout + built.stderr
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'lang="vi"' in home and "Theo dõi nhiệm vụ" in home
    assert (site / "co-quan" / "index.html").is_file() and (site / "data" / "agencies.json").is_file()
    assert sorted(p.name for p in work.iterdir()) == ["register"], "the build wrote beside the register"
    # `python -m generator` is the same command.
    version = run([installed / "python", "-m", "generator", "--help"], NO_NETWORK, cwd=elsewhere)
    assert "build" in version.stdout
