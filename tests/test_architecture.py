"""The code's own shape: no feature writes another's tables (it calls that feature's services),
and a higher feature extends a lower one through core.hooks signals, never by changing a
collection the lower feature owns."""
import ast
import re
from pathlib import Path

SANCTUARY = Path(__file__).resolve().parents[1] / "sanctuary"
# Calls that change what they are called on: a model's table, or a list, set or dict.
CHANGING = {"append", "extend", "add", "setdefault", "insert", "update", "create", "delete",
            "insert_many", "replace", "delete_by_id", "get_or_create"}


def package_of(path):
    return path.relative_to(SANCTUARY).parts[0]


def imported_package(node, path):
    """The package under sanctuary/ that an `import from` names (resolving relative imports
    from `path`), or None for anything outside sanctuary."""
    if node.level == 0:
        parts = (node.module or "").split(".")
        return parts[1] if parts[0] == "sanctuary" and len(parts) > 1 else None
    here = list(path.relative_to(SANCTUARY).parent.parts)
    base = here[:len(here) - (node.level - 1)] if node.level > 1 else here
    parts = base + (node.module.split(".") if node.module else [])
    return parts[0] if parts else None


def names_imported_from_other_packages(tree, path):
    package = package_of(path)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            other = imported_package(node, path)
            if other is not None and other not in {package, "core", "extensions"}:
                yield from (alias.asname or alias.name for alias in node.names)


def test_no_feature_writes_what_another_feature_owns():
    offending = []
    for path in sorted(SANCTUARY.rglob("*.py")):
        if len(path.relative_to(SANCTUARY).parts) < 2:
            continue  # the wiring layer (create_app, cli, demo) may use every feature
        tree = ast.parse(path.read_text(), filename=str(path))
        borrowed = set(names_imported_from_other_packages(tree, path))
        offending += [
            f"{path.relative_to(SANCTUARY)}:{node.lineno} {node.func.value.id}.{node.func.attr}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name) and node.func.value.id in borrowed
            and node.func.attr in CHANGING
        ]

    assert offending == []


# Features from the lowest up: a template may use what its own feature and those below give.
LAYERS = ["accounts", "awards", "panel", "decisions"]
TEMPLATES = SANCTUARY.parent / "templates"
GLOBAL = re.compile(r'jinja_env\.globals\["(\w+)"\]')
INCLUDE = re.compile(r'{%-?\s*(?:include|import|from|extends)\s+"(\w+)/')


def globals_of(feature):
    return {name for path in (SANCTUARY / feature).rglob("*.py")
            for name in GLOBAL.findall(path.read_text())}


def test_templates_follow_the_python_arrows():
    offending = []
    for at, feature in enumerate(LAYERS):
        higher = LAYERS[at + 1:]
        higher_globals = {name: other for other in higher for name in globals_of(other)}
        for path in sorted((TEMPLATES / feature).rglob("*.html")):
            text = path.read_text()
            offending += [f"{path.relative_to(TEMPLATES)} includes {other}/"
                          for other in INCLUDE.findall(text) if other in higher]
            offending += [f"{path.relative_to(TEMPLATES)} calls {other}'s {name}"
                          for name, other in higher_globals.items()
                          if re.search(rf"\b{name}\(", text)]

    assert offending == []


# Inside a feature, what may import what: models <- queries <- notifications <- services <- views,
# and forms (which only views use) sit on the models. A module never imports a later one.
INNER_ORDER = {"models": 0, "queries": 1, "notifications": 2, "services": 3, "views": 4}
FORMS_MAY_IMPORT = {"models", "queries"}
# Modules below the views never see a request: the acting person comes in as `by=`.
BELOW_THE_VIEWS = {"models", "queries", "notifications", "services"}
REQUEST_STATE = {"request", "session", "g", "current_user"}


def own_modules_imported(path, package):
    """The top-level modules of `package` that the file at `path` imports (relative imports)."""
    folder = list(path.relative_to(SANCTUARY).parts[:-1])
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom) or node.level == 0:
            continue
        target = folder[:len(folder) - node.level + 1] + (node.module or "").split(".")
        target = [part for part in target if part]
        if target[:1] != [package]:
            continue
        if len(target) > 1:
            yield target[1]
        else:  # from .. import services, queries
            yield from (alias.name for alias in node.names)


def test_inside_a_feature_imports_point_one_way():
    offending = []
    for feature in LAYERS:
        for path in sorted((SANCTUARY / feature).rglob("*.py")):
            layer = path.relative_to(SANCTUARY / feature).parts[0].removesuffix(".py")
            for imported in set(own_modules_imported(path, feature)):
                if layer == "forms":
                    wrong = imported in INNER_ORDER and imported not in FORMS_MAY_IMPORT
                elif layer in INNER_ORDER:
                    wrong = (INNER_ORDER.get(imported, -1) > INNER_ORDER[layer]
                             or (imported == "forms" and layer != "views"))
                else:
                    continue
                if wrong:
                    offending.append(f"{feature}/{path.relative_to(SANCTUARY / feature)} "
                                     f"imports {feature}.{imported}")

    assert offending == []


def test_below_the_views_nothing_reads_the_request():
    offending = []
    for feature in LAYERS:
        for name in sorted(BELOW_THE_VIEWS):
            path = SANCTUARY / feature / f"{name}.py"
            if not path.exists():
                continue
            tree = ast.parse(path.read_text(), filename=str(path))
            offending += [
                f"{feature}/{name}.py:{node.lineno} imports {alias.name}"
                for node in ast.walk(tree)
                if isinstance(node, ast.ImportFrom) and node.module in {"flask", "flask_login"}
                for alias in node.names if alias.name in REQUEST_STATE
            ]

    assert offending == []
