"""PDF documents: any feature's template, in every script the app ships fonts for, set in those
fonts and no other."""
import os
import subprocess
import sys
from pathlib import Path

from sanctuary.core.pdf import render_pdf
from tests.support.files import pdf_text_and_fonts, shipped_fonts

ROOT = Path(__file__).resolve().parents[2]
DOCUMENT = ('<html><body><p>{{ english }}</p><p lang="ar" dir="rtl">{{ arabic }}</p>'
            '<p lang="ti">{{ tigrinya }}</p><p lang="ta"><b>{{ tamil }}</b></p></body></html>')
WORDS = dict(english="Welcome", arabic="مرحبا بكم", tigrinya="እንቋዕ ብደሓን መጻእኩም",
             tamil="வணக்கம்")
EXPECTED_TEXT = "Welcome\nمرحبا بكم\nእንቋዕ ብደሓን መጻእኩም\nவணக்கம்"
EXPECTED_FONTS = {"NotoSans-Regular", "NotoNaskhArabic-Regular", "NotoSansEthiopic-Regular",
                  "NotoSansTamil-Bold"}


def test_a_document_in_arabic_tigrinya_and_tamil_embeds_only_the_shipped_fonts(app):
    with app.test_request_context():
        pdf = render_pdf(app.jinja_env.from_string(DOCUMENT), **WORDS)

    pages, extracted, fonts = pdf_text_and_fonts(pdf)
    assert (pages, extracted) == (1, EXPECTED_TEXT)
    assert {name for name, _ in fonts} == EXPECTED_FONTS
    assert fonts <= shipped_fonts()


def test_a_document_needs_no_installed_font(tmp_path):
    """With fontconfig pointed at an empty configuration, every script is still set, in the
    shipped fonts."""
    config = tmp_path / "fonts.conf"
    config.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">'
                      f'<fontconfig><cachedir>{tmp_path}/cache</cachedir></fontconfig>')
    script = (
        "import sys\n"
        "from sanctuary import create_app\n"
        "from sanctuary.core.pdf import render_pdf\n"
        "app = create_app()\n"
        "with app.test_request_context():\n"
        f"    template = app.jinja_env.from_string({DOCUMENT!r})\n"
        f"    sys.stdout.buffer.write(render_pdf(template, **{WORDS!r}))\n")
    env = {**os.environ, "FONTCONFIG_FILE": str(config), "SANCTUARY_ENV": "development",
           "SANCTUARY_INSTANCE_PATH": str(tmp_path)}
    pdf = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, check=True,
                         capture_output=True).stdout

    _, extracted, fonts = pdf_text_and_fonts(pdf)
    assert extracted == EXPECTED_TEXT
    assert {name for name, _ in fonts} == EXPECTED_FONTS
    assert fonts <= shipped_fonts()


def test_a_document_is_laid_out_by_its_stylesheet(app, tmp_path):
    stylesheet = tmp_path / "document.css"
    stylesheet.write_text("p { font-weight: 700; }")

    with app.test_request_context():
        pdf = render_pdf(app.jinja_env.from_string("<p>{{ english }}</p>"),
                         stylesheet=stylesheet, english="Welcome")

    _, extracted, fonts = pdf_text_and_fonts(pdf)
    assert extracted == "Welcome"
    assert {name for name, _ in fonts} == {"NotoSans-Bold"}
