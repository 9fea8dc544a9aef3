"""Every enabled language is complete for everything that exists."""
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from sanctuary.config import load

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = [code for code in load("/tmp", {"SECRET_KEY": "x"})["LANGUAGES"] if code != "en"]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
                    "-k", "_l", "-k", "_ln:1,2", "--no-location", "-o", str(pot), "."],
                   cwd=ROOT, check=True, capture_output=True)
    with pot.open("rb") as f:
        return {message.id for message in read_po(f) if message.id}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_in_the_code_is_translated(extracted, language):
    with (ROOT / "translations" / language / "LC_MESSAGES" / "messages.po").open("rb") as f:
        catalog = read_po(f)
    translated = {
        message.id for message in catalog
        if message.id and "fuzzy" not in message.flags
        and (all(message.string) if isinstance(message.string, tuple) else message.string)
    }

    assert sorted(extracted - translated, key=str) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_survive_translation(language):
    with (ROOT / "translations" / language / "LC_MESSAGES" / "messages.po").open("rb") as f:
        catalog = read_po(f)

    assert [error for message in catalog for error in message.check(catalog)] == []
