"""The award certificate (PDF, made by core.pdf in the shipped fonts) and logo (SVG, and PNG
from it with cairosvg). The logo draws its letters as paths taken from core's font files, so it
needs no installed font either."""
import functools
from pathlib import Path

from flask import render_template
from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.pens.transformPen import TransformPen
from fontTools.ttLib import TTFont
from markupsafe import Markup

from ..core.i18n import KNOWN_LANGUAGES, in_language
from ..core.pdf import FONTS, render_pdf

STYLESHEET = Path(__file__).resolve().parent / "certificate.css"


def certificate_pdf(award, *, second_language=None):
    """A one-page certificate in English and, when given, in the organisation's language too."""
    with in_language("en"):
        english = Markup(render_template("awards/_certificate_text.html", award=award))
    other = None
    if second_language:
        with in_language(second_language):
            other = Markup(render_template("awards/_certificate_text.html", award=award))
    return render_pdf(
        "awards/certificate.html", stylesheet=STYLESHEET, award=award, english=english,
        other=other, other_language=second_language,
        other_direction=KNOWN_LANGUAGES[second_language].direction if second_language else "ltr")


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
