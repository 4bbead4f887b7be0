"""The package as built from a fresh checkout: no setuptools warnings, and the wheel holds every data file."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT

PACKAGES = ("quotes", "tui")


def data_files() -> set[str]:
    """Every file of the packages that is not Python source (models, word lists, the stylesheet)."""
    found = set()
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix not in (".py", ".pyc"):
                found.add(path.relative_to(ROOT).as_posix())
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, str]:
    """A wheel built (by the setuptools backend, as pip does) from a copy of the checkout's sources,
    and everything the build printed."""
    source = tmp_path_factory.mktemp("checkout")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for package in PACKAGES:
        shutil.copytree(ROOT / package, source / package, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    dist = tmp_path_factory.mktemp("dist")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # its note is no warning
    result = subprocess.run([sys.executable, "-W", "default", "-c",
                             "import sys; from setuptools import build_meta; print(build_meta.build_wheel(sys.argv[1]))",
                             str(dist)], cwd=source, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    wheel = dist / result.stdout.strip().splitlines()[-1]
    return wheel, result.stdout + result.stderr


def test_building_prints_no_setuptools_warnings(built):
    _, output = built
    warnings = [line for line in output.splitlines()
                if "warning" in line.lower() or "deprecat" in line.lower() or "would be ignored" in line.lower()]
    assert warnings == []


def test_the_wheel_holds_the_models_and_data_files(built):
    wheel, _ = built
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    expected = data_files()
    assert {"quotes/models/resources.json", "quotes/models/en/depparse.pt", "tui/quotes.tcss"} <= expected
    assert expected - names == set()


def test_the_installed_wheel_finds_its_models_and_word_lists(built, tmp_path):
    wheel, _ = built
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", "--target",
                    str(target), str(wheel)], check=True, capture_output=True)
    program = ("import quotes, sys; from quotes import nlp; from quotes.attribution import lexicon, wordlists\n"
               "nlp.check_models(None); assert (nlp.BUNDLED_DIR / 'resources.json').exists()\n"
               "assert wordlists.noun_type('doctor') and lexicon.CUES_FILE.exists()\n"
               "print(quotes.__file__)")
    env = {**os.environ, "PYTHONPATH": str(target)}
    result = subprocess.run([sys.executable, "-c", program], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()).is_relative_to(target)
