"""PDF documents (weasyprint) set only in the Noto fonts shipped in fonts/, never in fonts that
happen to be installed: @font-face rules name them under the app's own family names, covering
every script the app supports, so that any feature's document reads the same on every machine."""
from pathlib import Path

from flask import render_template

FONTS = Path(__file__).resolve().parent / "fonts"
# (family, file, weight): Latin, Cyrillic, Greek and Vietnamese; Arabic script (Arabic, Farsi,
# Urdu, Pashto, Sorani); Ge'ez (Tigrinya); Tamil. The family names are the app's own, so that
# no installed font can stand in for them.
FONT_FACES = [
    ("Sanctuary Latin", "NotoSans-Regular.ttf", 400),
    ("Sanctuary Latin", "NotoSans-Bold.ttf", 700),
    ("Sanctuary Arabic", "NotoNaskhArabic-Regular.ttf", 400),
    ("Sanctuary Arabic", "NotoNaskhArabic-Bold.ttf", 700),
    ("Sanctuary Ethiopic", "NotoSansEthiopic-Regular.ttf", 400),
    ("Sanctuary Ethiopic", "NotoSansEthiopic-Bold.ttf", 700),
    ("Sanctuary Tamil", "NotoSansTamil-Regular.ttf", 400),
    ("Sanctuary Tamil", "NotoSansTamil-Bold.ttf", 700),
]
FONT_STACK = ", ".join(f'"{family}"' for family in dict.fromkeys(f for f, _, _ in FONT_FACES))


def font_rules():
    """The stylesheet that sets a document in the shipped fonts."""
    rules = "".join(f'@font-face {{ font-family: "{family}"; '
                    f'src: url("{(FONTS / file).as_uri()}"); '
                    f"font-weight: {weight}; }}\n" for family, file, weight in FONT_FACES)
    return rules + f"html {{ font-family: {FONT_STACK}; }}\n"


def render_pdf(template, *, stylesheet=None, **context):
    """The PDF of `template` rendered with `context`, laid out by `stylesheet` (a CSS file's path)
    and set in the shipped fonts."""
    # Imported here: weasyprint loads pango, which only documents need.
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    html = render_template(template, **context)
    # @font-face rules outside the document only count with a FontConfiguration.
    font_config = FontConfiguration()
    stylesheets = [CSS(filename=str(stylesheet))] if stylesheet else []
    stylesheets.append(CSS(string=font_rules(), font_config=font_config))
    return HTML(string=html, base_url=str(FONTS)).write_pdf(stylesheets=stylesheets,
                                                            font_config=font_config)
