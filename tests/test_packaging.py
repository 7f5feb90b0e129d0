"""The wheel ships ui/ and resources/ inside the package, and the installed app finds them there.

Builds the wheel as a user's pip would (hatchling from the package index), installs it into a
fresh virtual environment and asks coprod_desktop.paths, from outside the checkout, where its
files are.
"""

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path, PurePosixPath

import pytest

REPO = Path(__file__).resolve().parent.parent
SCHEMA = REPO / "coprod_desktop" / "store" / "schema"

pytestmark = pytest.mark.slow

# Run inside the fresh environment: where its site-packages and scripts are, and where the
# installed package finds its files.
PROBE = """
import json, sys, sysconfig
from coprod_desktop import paths as locations
resources = json.loads(sys.argv[1])
print(json.dumps({
    "purelib": sysconfig.get_paths()["purelib"],
    "scripts": sysconfig.get_paths()["scripts"],
    "package": locations.__file__,
    "resources": [str(locations.resource_path(*parts)) for parts in resources],
    "ui_readme": str(locations.ui_path("README.md")),
}))
"""


def _run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        args,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(
            f"{args} failed with exit code {result.returncode}\n"
            f"--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}",
            pytrace=False,
        )
    return result.stdout


def _checkout_resource_files() -> list[PurePosixPath]:
    return sorted(
        PurePosixPath(path.relative_to(REPO / "resources").as_posix())
        for path in (REPO / "resources").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    )


def _inside(path: str | Path, folder: str | Path) -> bool:
    return Path(path).resolve().is_relative_to(Path(folder).resolve())


def test_wheel_installs_with_ui_and_resources_inside_the_package(tmp_path):
    # Build the wheel from outside the checkout.
    wheel_dir = tmp_path / "wheel"
    _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(wheel_dir), str(REPO)],
        cwd=tmp_path,
    )
    (wheel,) = wheel_dir.glob("coprod_desktop-*.whl")

    with zipfile.ZipFile(wheel) as archive:
        names = {name for name in archive.namelist() if not name.endswith("/")}
    assert "coprod_desktop/ui/README.md" in names
    assert "coprod_desktop/paths.py" in names
    # The frozen DDL of every file format (store/schema/vN.sql): without it no audit opens.
    frozen_ddl = {f"coprod_desktop/store/schema/{p.name}" for p in SCHEMA.glob("v*.sql")}
    assert frozen_ddl and frozen_ddl <= names, sorted(frozen_ddl - names)
    shipped_resources = sorted(
        PurePosixPath(name).relative_to("coprod_desktop/resources")
        for name in names
        if name.startswith("coprod_desktop/resources/")
    )
    assert shipped_resources, "the wheel has no files under coprod_desktop/resources/"
    missing = set(_checkout_resource_files()) - set(shipped_resources)
    assert not missing, f"files under resources/ left out of the wheel: {sorted(missing)}"
    assert not [name for name in names if name.split("/")[0] in {"tests", "ui", "resources"}]

    # Install it, without dependencies, into a fresh environment that cannot see this one.
    env_dir = tmp_path / "env"
    _run([sys.executable, "-m", "venv", str(env_dir)], cwd=tmp_path)
    python = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    _run([str(python), "-m", "pip", "install", "--no-deps", str(wheel)], cwd=tmp_path)

    # Ask the installed package where its files are, from a folder outside the checkout, in
    # isolated mode (-I: no PYTHONPATH, no user site-packages, no current folder on sys.path).
    clean_env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME"}}
    resources = [list(parts.parts) for parts in shipped_resources]
    found = json.loads(
        _run(
            [str(python), "-I", "-c", PROBE, json.dumps(resources)],
            cwd=tmp_path,
            env=clean_env,
        )
    )

    site_packages = Path(found["purelib"])
    assert _inside(site_packages, env_dir)
    assert _inside(found["package"], site_packages)
    if not _inside(tmp_path, REPO):
        assert not _inside(found["package"], REPO)
    installed_resources = site_packages / "coprod_desktop" / "resources"
    assert len(found["resources"]) == len(resources)
    for path in found["resources"]:
        assert _inside(path, installed_resources), path
        assert Path(path).is_file(), path
    ui_readme = site_packages / "coprod_desktop" / "ui" / "README.md"
    assert Path(found["ui_readme"]).resolve() == ui_readme.resolve()
    assert Path(found["ui_readme"]).is_file()

    script_name = "coprod-desktop.exe" if os.name == "nt" else "coprod-desktop"
    script = Path(found["scripts"]) / script_name
    assert _inside(script, env_dir)
    assert script.is_file(), f"console script {script} was not installed"
