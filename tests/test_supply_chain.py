"""The supply chain: every pinned package carries its hashes, `make` installs with hash checking
on, and pip refuses a file whose hash does not match (shown offline, on a wheel made here)."""

from __future__ import annotations

import base64
import hashlib
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)")


def _requirements(name: str) -> dict[str, list[str]]:
    """Each pinned package of a requirements file, with its hashes."""
    pins: dict[str, list[str]] = {}
    current = ""
    for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
        match = PIN.match(line)
        if match:
            current = match.group(1)
            pins[current] = []
        pins.setdefault(current, []).extend(re.findall(r"--hash=sha256:([0-9a-f]{64})", line))
    pins.pop("", None)
    return pins


@pytest.mark.parametrize("name", sorted(p.name for p in ROOT.glob("requirements*.txt")), ids=str)
def test_every_pin_has_its_hashes(name: str) -> None:
    pins = _requirements(name)
    assert len(pins) > 3
    assert [package for package, hashes in pins.items() if not hashes] == []


def test_the_tools_that_lock_and_audit_are_pinned_themselves() -> None:
    tools = _requirements("requirements-tools.txt")
    assert {"pip-tools", "pip-audit"} <= set(tools)
    pinned = (ROOT / "requirements-tools.in").read_text(encoding="utf-8")
    assert re.search(r"^pip-tools==\S+$", pinned, re.M)
    assert re.search(r"^pip-audit==\S+$", pinned, re.M)


def test_every_top_level_requirement_is_locked() -> None:
    locked = {_normal(name) for name in _requirements("requirements.txt")}
    wanted = [
        _normal(re.split(r"[<>=!~ ;\[#]", line, maxsplit=1)[0])
        for line in (ROOT / "requirements.in").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert [name for name in wanted if name not in locked] == []


def _make_dry_run(target: str) -> str:
    """What `make` would run for a target; run from `make test`, the outer make's flags (which
    print "Entering directory" lines) are left out."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("MAKE")}
    result = subprocess.run(
        ["make", "--no-print-directory", "-n", "-B", target],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return result.stdout


def test_make_installs_with_hash_checking_on() -> None:
    commands = _make_dry_run(".venv/.ready")
    installs = [line for line in commands.splitlines() if " -r requirements" in line]
    assert installs and all("--require-hashes" in line for line in installs), commands


def test_make_mutation_installs_the_projects_own_pins_with_hash_checking_on() -> None:
    # mutmut runs the project's tests, so its environment holds the very pins of
    # requirements.txt (requirements-mutation.in constrains itself to them), plus mutmut.
    commands = _make_dry_run(".mutation/.ready")
    installs = [line for line in commands.splitlines() if " -r requirements" in line]
    assert installs and all("--require-hashes" in line for line in installs), commands
    project, mutation = (
        _requirements("requirements.txt"),
        _requirements("requirements-mutation.txt"),
    )
    assert "mutmut" in mutation
    assert {name: mutation.get(name) for name in project} == project
    assert "mutation" not in _make_dry_run("test")


def test_make_audit_runs_pip_audit_on_the_locked_requirements() -> None:
    commands = _make_dry_run("audit").splitlines()
    assert any("--require-hashes -r requirements-tools.txt" in line for line in commands)
    assert commands[-1].endswith(
        "pip-audit --strict --require-hashes --disable-pip -r requirements.txt"
    )


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _wheel(folder: Path) -> Path:
    """A minimal, valid wheel of a package `tamper-demo` 1.0, made by hand: no network."""
    path = folder / "tamper_demo-1.0-py3-none-any.whl"
    files = {
        "tamper_demo/__init__.py": b"VALUE = 1\n",
        "tamper_demo-1.0.dist-info/METADATA": b"Metadata-Version: 2.1\nName: tamper-demo\nVersion: 1.0\n",
        "tamper_demo-1.0.dist-info/WHEEL": b"Wheel-Version: 1.0\nGenerator: tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = ""
    for name, data in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record += f"{name},sha256={digest},{len(data)}\n"
    record += "tamper_demo-1.0.dist-info/RECORD,,\n"
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
        archive.writestr("tamper_demo-1.0.dist-info/RECORD", record)
    return path


def _install(folder: Path, digest: str) -> subprocess.CompletedProcess[str]:
    requirements = folder / "requirements.txt"
    requirements.write_text(f"tamper-demo==1.0 --hash=sha256:{digest}\n", encoding="utf-8")
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--disable-pip-version-check",
            "--no-index",
            "--find-links",
            str(folder),
            "--require-hashes",
            "--no-deps",
            "--target",
            str(folder / "installed"),
            "-r",
            str(requirements),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={"PATH": "/usr/bin:/bin", "PIP_CONFIG_FILE": "/dev/null"},
    )


def test_pip_refuses_a_file_whose_hash_was_tampered_with(tmp_path: Path) -> None:
    wheel = _wheel(tmp_path)
    good = hashlib.sha256(wheel.read_bytes()).hexdigest()
    # The file a mirror or an attacker swapped in: same name, one byte different.
    tampered = f"{int(good[0], 16) ^ 1:x}{good[1:]}"
    refused = _install(tmp_path, tampered)
    assert refused.returncode != 0
    assert "THESE PACKAGES DO NOT MATCH THE HASHES" in refused.stderr
    assert not (tmp_path / "installed" / "tamper_demo").exists()
    # ... and the same file with its true hash installs: the refusal was the hash's doing.
    accepted = _install(tmp_path, good)
    assert accepted.returncode == 0, accepted.stderr
    assert (tmp_path / "installed" / "tamper_demo" / "__init__.py").is_file()
