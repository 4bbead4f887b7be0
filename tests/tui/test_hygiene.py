"""The core package `quotes/` never imports textual (only `tui/` does)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def textual_imports(source: str) -> list[str]:
    """Modules named textual or textual.* that a Python source imports (statically or via importlib)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)
              and isinstance(node.args[0].value, str)
              and getattr(node.func, "attr", getattr(node.func, "id", None)) in ("import_module", "__import__")):
            names = [node.args[0].value]
        found += [name for name in names if name == "textual" or name.startswith("textual.")]
    return found


def test_the_scanner_finds_every_form_of_textual_import():
    source = ("import textual\nfrom textual.app import App\nimport os, textual.widgets as w\n"
              "import importlib\nimportlib.import_module('textual.screen')\n__import__('textual')\n"
              "import textual_fastdatatable\nfrom .textual import x\n")
    assert textual_imports(source) == ["textual", "textual.app", "textual.widgets", "textual.screen", "textual"]


def test_no_module_under_quotes_imports_textual():
    files = sorted((ROOT / "quotes").rglob("*.py"))
    assert len(files) > 10 and ROOT / "quotes" / "queries.py" in files
    offenders = {str(f.relative_to(ROOT)): textual_imports(f.read_text(encoding="utf-8")) for f in files}
    assert {name: found for name, found in offenders.items() if found} == {}


def test_importing_the_core_and_the_cli_loads_no_textual():
    code = ("import sys, quotes.store, quotes.queries, quotes.corrections, quotes.cli; "
            "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
