"""The static build (`make static`, which `make test` runs): pages name its hashed files, so a
test that reads them, and the live server, need it there and current."""
import hashlib
import json
import re

import pytest

from .live import ROOT

STATIC = ROOT / "static"
BUILT = re.compile(r"(\.br|\.gz|-[0-9a-f]{32}\.[^/]+)$")


def static_manifest():
    """{source name: hashed name} for every file in static/; fails the test if the build is
    missing or older than a source."""
    path = STATIC / "cache_manifest.json"
    if not path.exists():
        pytest.fail("static/ is not built: run `make static` (make test and make run do)")
    manifest = json.loads(path.read_text())
    sources = sorted(str(file.relative_to(STATIC)) for file in STATIC.rglob("*")
                     if file.is_file() and file.name != path.name and not BUILT.search(file.name))
    stale = [name for name in sources
             if hashlib.md5((STATIC / name).read_bytes()).hexdigest() not in manifest.get(name, "")]
    if stale:
        pytest.fail(f"static/ was built before {', '.join(stale)} changed: run `make static`")
    return manifest
