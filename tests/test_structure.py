"""The suite's own shape: what tests share lives in tests/support/ and tests/factories.py, and no
test module imports another, so a helper is found in one place and a test file can move freely."""
import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def imported_modules(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            yield ("." * node.level) + node.module
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)


def test_no_test_module_imports_another_test_module():
    offending = [
        (str(path.relative_to(TESTS)), module)
        for path in sorted(TESTS.rglob("*.py"))
        for module in imported_modules(path)
        if module.split(".")[-1].startswith("test_") or module in {"tests.conftest", ".conftest"}
    ]

    assert offending == []
