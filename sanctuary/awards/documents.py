"""The award certificate (PDF, weasyprint) and logo (SVG, and PNG from it with cairosvg). Both use
only the Noto fonts shipped in fonts/, never fonts that happen to be installed: the certificate
names them in @font-face rules covering every script the app supports, and the logo draws its
letters as paths taken from the font files."""
import functools
from pathlib import Path

from flask import render_template
from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.pens.transformPen import TransformPen
from fontTools.ttLib import TTFont
from markupsafe import Markup

from ..core.i18n import KNOWN_LANGUAGES, in_language

FONTS = Path(__file__).resolve().parent / "fonts"
STYLESHEET = Path(__file__).resolve().parent / "certificate.css"
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


def certificate_pdf(award, *, second_language=None):
    """A one-page certificate in English and, when given, in the organisation's language too."""
    # Imported here: weasyprint loads pango, which only certificates need.
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = "".join(f'@font-face {{ font-family: "{family}"; '
                    f'src: url("{(FONTS / file).as_uri()}"); '
                    f"font-weight: {weight}; }}\n" for family, file, weight in FONT_FACES)
    fonts += f"html {{ font-family: {FONT_STACK}; }}\n"
    with in_language("en"):
        english = Markup(render_template("awards/_certificate_text.html", award=award))
    other = None
    if second_language:
        with in_language(second_language):
            other = Markup(render_template("awards/_certificate_text.html", award=award))
    html = render_template(
        "awards/certificate.html", award=award, english=english, other=other,
        other_language=second_language,
        other_direction=KNOWN_LANGUAGES[second_language].direction if second_language else "ltr")
    # @font-face rules outside the document only count with a FontConfiguration.
    font_config = FontConfiguration()
    return HTML(string=html, base_url=str(FONTS)).write_pdf(
        stylesheets=[CSS(filename=str(STYLESHEET)), CSS(string=fonts, font_config=font_config)],
        font_config=font_config)


@functools.cache
def _font(file):
    return TTFont(FONTS / file)


def _text_path(text, *, size, x, y, file="NotoSans-Bold.ttf"):
    """SVG path data of `text` set in the font, centred on x with its baseline at y."""
    font = _font(file)
    glyphs = font.getGlyphSet()
    cmap = font.getBestCmap()
    scale = size / font["head"].unitsPerEm
    names = [cmap.get(ord(ch), ".notdef") for ch in text]
    width = sum(glyphs[name].width for name in names) * scale
    pen = SVGPathPen(glyphs)
    cursor = x - width / 2
    for name in names:
        glyphs[name].draw(TransformPen(pen, (scale, 0, 0, -scale, cursor, y)))
        cursor += glyphs[name].width * scale
    return pen.getCommands()


def logo_svg(year):
    """The award logo with its year: a round badge, its letters drawn as paths."""
    return render_template("awards/logo.svg", year=year,
                           top=_text_path("SANCTUARY", size=30, x=150, y=118),
                           middle=_text_path("AWARD", size=30, x=150, y=156),
                           bottom=_text_path(str(year), size=34, x=150, y=212),
                           place=_text_path("LEWISHAM", size=14, x=150, y=78,
                                            file="NotoSans-Regular.ttf"))


def logo_png(year, width=600):
    import cairosvg  # loads cairo, which only the PNG logo needs

    return cairosvg.svg2png(bytestring=logo_svg(year).encode(), output_width=width)
