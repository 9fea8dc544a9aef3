"""Real parts the suite needs: skipped on a developer's machine without them, a failure in CI."""
import os

import pytest


def in_ci():
    return os.environ.get("CI", "").lower() == "true"


def missing(what):
    """Skip locally; in CI (CI=true) a missing browser, database or mail server fails the run."""
    if in_ci():
        pytest.fail(f"{what} is missing, and CI=true does not allow skipping it", pytrace=False)
    pytest.skip(f"{what} is missing")
