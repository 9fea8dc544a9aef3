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


def imported_from(path, node):
    """The dotted parts, below sanctuary, of the module an ImportFrom takes names from (None for
    a module outside sanctuary)."""
    parts = path.relative_to(SANCTUARY).with_suffix("").parts
    if node.level:
        here = parts[:-1]  # the package the module is in (an __init__ is its own package)
        base = here[:len(here) - node.level + 1]
        return (*base, *(node.module.split(".") if node.module else ()))
    if node.module and node.module.startswith("sanctuary."):
        return tuple(node.module.split(".")[1:])
    return None


def names_imported_from_other_packages(tree, package, path):
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            target = imported_from(path, node)
            if target and target[0] not in {package, "core", "extensions"}:
                yield from (alias.asname or alias.name for alias in node.names)


def test_no_feature_writes_what_another_feature_owns():
    offending = []
    for path in sorted(SANCTUARY.rglob("*.py")):
        if len(path.relative_to(SANCTUARY).parts) < 2:
            continue  # the wiring layer (create_app, cli, demo) may use every feature
        tree = ast.parse(path.read_text(), filename=str(path))
        borrowed = set(names_imported_from_other_packages(tree, package_of(path), path))
        offending += [
            f"{path.relative_to(SANCTUARY)}:{node.lineno} {node.func.value.id}.{node.func.attr}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name) and node.func.value.id in borrowed
            and node.func.attr in CHANGING
        ]

    assert offending == []


# Features from the lowest up: a template may use what its own feature and those below give.
# Schools sit beside panel and decisions, above awards (MAY_USE says what each imports).
LAYERS = ["accounts", "awards", "panel", "decisions", "schools", "checks"]
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


# Inside a feature: models <- queries <- services <- views, forms <- views; notifications (the
# emails) are sent by services. What each kind of module may import of its own feature; a module
# of no kind (accounts/access.py, decisions/documents.py) is not checked.
MAY_IMPORT = {
    "models": set(),
    "queries": {"models"},
    "notifications": {"models", "queries"},
    "forms": {"models"},
    "services": {"models", "queries", "notifications"},
    "views": {"models", "queries", "services", "forms"},
}


def own_kinds_imported(path):
    """(line, kind) for each module of its own feature that the module at `path` imports."""
    feature = package_of(path)
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.ImportFrom):
            target = imported_from(path, node)
            if target and target[0] == feature:
                for name in [target[1]] if len(target) > 1 else [a.name for a in node.names]:
                    yield node.lineno, name


def test_inside_a_feature_modules_import_down_the_arrows():
    offending = []
    for path in sorted(SANCTUARY.rglob("*.py")):
        parts = path.relative_to(SANCTUARY).with_suffix("").parts
        if len(parts) < 2 or parts[0] == "core":
            continue
        kind = parts[1]
        if kind not in MAY_IMPORT:
            continue
        offending += [f"{path.relative_to(SANCTUARY)}:{line} {kind} imports {other}"
                      for line, other in own_kinds_imported(path)
                      if other in MAY_IMPORT and other != kind
                      and other not in MAY_IMPORT[kind]]

    assert offending == []


# Modules below the views never see a request: the acting person comes in as `by=`.
BELOW_THE_VIEWS = {"models", "queries", "notifications", "services"}
REQUEST_STATE = {"request", "session", "g", "current_user"}


def test_below_the_views_nothing_reads_the_request():
    offending = []
    for feature in LAYERS:
        for path in sorted((SANCTUARY / feature).rglob("*.py")):
            if path.relative_to(SANCTUARY / feature).parts[0].removesuffix(".py") \
                    not in BELOW_THE_VIEWS:
                continue
            tree = ast.parse(path.read_text(), filename=str(path))
            offending += [
                f"{path.relative_to(SANCTUARY)}:{node.lineno} imports {alias.name}"
                for node in ast.walk(tree)
                if isinstance(node, ast.ImportFrom) and node.module in {"flask", "flask_login"}
                for alias in node.names if alias.name in REQUEST_STATE
            ]

    assert offending == []


# What each package may import of the others: core none; each feature the ones below it; admin
# sits beside the features. The wiring layer (sanctuary/*.py) may import everything.
MAY_USE = {
    "core": set(),
    "accounts": {"core"},
    "awards": {"core", "accounts"},
    "panel": {"core", "accounts", "awards"},
    "decisions": {"core", "accounts", "awards", "panel"},
    "schools": {"core", "accounts", "awards"},
    "checks": {"core", "accounts"},
    "admin": {"core", "accounts"},
}


def test_packages_import_only_the_packages_below_them():
    packages = {path.name for path in SANCTUARY.iterdir()
                if path.is_dir() and (path / "__init__.py").exists()}
    assert packages == set(MAY_USE)  # a new package says where it sits
    offending = []
    for path in sorted(SANCTUARY.rglob("*.py")):
        parts = path.relative_to(SANCTUARY).parts
        if len(parts) < 2:
            continue
        package = parts[0]
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.ImportFrom):
                target = imported_from(path, node)
                if target and target[0] in MAY_USE and target[0] != package \
                        and target[0] not in MAY_USE[package]:
                    offending.append(f"{path.relative_to(SANCTUARY)}:{node.lineno} "
                                     f"imports {'.'.join(target)}")

    assert offending == []


# Every feature package has the same parts, each a module or (past about 300 lines) a package
# of topic modules; and no module of a feature passes about 300 lines.
SHAPE = ("models", "queries", "services", "notifications", "forms")
LONGEST = 310


def test_every_feature_package_has_the_same_shape_and_short_files():
    missing = [f"{feature}/{part}" for feature in LAYERS for part in SHAPE
               if not (SANCTUARY / feature / f"{part}.py").exists()
               and not (SANCTUARY / feature / part / "__init__.py").exists()]
    missing += [f"{feature}/views/" for feature in LAYERS
                if not (SANCTUARY / feature / "views" / "__init__.py").exists()]
    long = [f"{path.relative_to(SANCTUARY)}: {length} lines"
            for feature in LAYERS for path in sorted((SANCTUARY / feature).rglob("*.py"))
            if (length := len(path.read_text().splitlines())) > LONGEST]

    assert missing == []
    assert long == []
