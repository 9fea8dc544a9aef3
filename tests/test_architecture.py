"""The code's own shape: no feature writes another's tables (it calls that feature's services),
and a higher feature extends a lower one through core.hooks signals, never by changing a
collection the lower feature owns."""
import ast
from pathlib import Path

SANCTUARY = Path(__file__).resolve().parents[1] / "sanctuary"
# Calls that change what they are called on: a model's table, or a list, set or dict.
CHANGING = {"append", "extend", "add", "setdefault", "insert", "update", "create", "delete",
            "insert_many", "replace", "delete_by_id", "get_or_create"}


def package_of(path):
    return path.relative_to(SANCTUARY).parts[0]


def names_imported_from_other_packages(tree, package):
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 2 and node.module:
            other = node.module.split(".")[0]
            if other not in {package, "core", "extensions"}:
                yield from (alias.asname or alias.name for alias in node.names)


def test_no_feature_writes_what_another_feature_owns():
    offending = []
    for path in sorted(SANCTUARY.rglob("*.py")):
        if len(path.relative_to(SANCTUARY).parts) < 2:
            continue  # the wiring layer (create_app, cli, demo) may use every feature
        tree = ast.parse(path.read_text(), filename=str(path))
        borrowed = set(names_imported_from_other_packages(tree, package_of(path)))
        offending += [
            f"{path.relative_to(SANCTUARY)}:{node.lineno} {node.func.value.id}.{node.func.attr}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name) and node.func.value.id in borrowed
            and node.func.attr in CHANGING
        ]

    assert offending == []
