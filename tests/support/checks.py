"""The checks every page must pass, run together on one load of the page.

A new check (text direction, widths, ...) goes into `page_problems`, so the page walk and every
journey that calls it run it without loading anything again.
"""
from .axe import axe_violations

RIGHT_TO_LEFT = {"ar", "fa", "ur", "ps", "ckb"}


def language_problems(page, lang):
    # One round trip to the browser, not a locator's two (each waits, ~20 ms on every page).
    found = tuple(page.evaluate("() => [document.documentElement.getAttribute('lang'),"
                                " document.documentElement.getAttribute('dir')]"))
    wanted = (lang, "rtl" if lang in RIGHT_TO_LEFT else "ltr")
    return [] if found == wanted else [f"<html lang dir> is {found}, not {wanted}"]


# WCAG's reflow case (400% zoom of a 1280 px window) and its text-resize case (text at 200%).
WIDTHS = (("at 320 px wide", {"width": 320, "height": 800}, ""),
          ("at 1280 px with text at 200%", {"width": 1280, "height": 800}, "200%"))

OVERFLOW = """(fontSize) => {
  const root = document.documentElement;
  root.style.fontSize = fontSize;
  const width = root.clientWidth;
  const scrolls = (e) => ["auto", "scroll", "hidden", "clip"]
    .includes(getComputedStyle(e).overflowX);
  const inScrollBox = (e) => { for (let p = e.parentElement; p && p !== root; p = p.parentElement) {
    if (scrolls(p)) { return true; } } return false; };
  const out = [...document.body.querySelectorAll("*")].filter((e) => {
    const box = e.getBoundingClientRect();
    return box.width > 0 && (box.right > width + 1 || box.left < -1) && !inScrollBox(e)
      && !e.matches(".skip-link, .skip-link *");
  });
  const deepest = out.filter((e) => !out.some((o) => o !== e && e.contains(o)));
  return {excess: root.scrollWidth - width,
          culprits: deepest.slice(0, 3).map((e) => e.tagName.toLowerCase()
            + (e.id ? "#" + e.id : "") + (e.className && e.className.baseVal === undefined
            ? "." + String(e.className).trim().split(/\\s+/).join(".") : "")
            + " " + Math.round(e.getBoundingClientRect().width) + " px")};
}"""


def width_problems(page):
    """Sideways scrolling at either width, with the elements that stick out."""
    problems = []
    viewport = page.viewport_size
    try:
        for label, size, font in WIDTHS:
            page.set_viewport_size(size)
            found = page.evaluate(OVERFLOW, font)
            if found["excess"] > 0:
                problems.append(f"scrolls sideways {label} by {found['excess']} px: "
                                f"{', '.join(found['culprits'])}")
    finally:
        page.evaluate("() => { document.documentElement.style.fontSize = ''; }")
        page.set_viewport_size(viewport)
    return problems


# The walk runs axe in English and Arabic (left to right and right to left), as the standard asks:
# axe is half of a walked page's time, and a third language only puts other words in the same
# templates (the translation tests check those). Every language gets the language and width
# checks, which words do change (Ukrainian's are long).
AXE_LANGUAGES = {"en", "ar"}


def page_problems(page, lang, axe=True):
    """Everything wrong with the page as it is now, in the language it was asked for; `axe`
    False leaves axe out (the walk, in languages other than AXE_LANGUAGES)."""
    return (language_problems(page, lang) + (axe_violations(page) if axe else [])
            + width_problems(page))


def problems_without_javascript(browser, page, languages=("en", "ar")):
    """What every check finds on the page a JavaScript-less browser is on, in each language:
    read again by a browser with JavaScript (axe needs it) holding the same cookies."""
    twin = browser.new_context(base_url=page.url, storage_state=page.context.storage_state())
    found = []
    try:
        reader = twin.new_page()
        for lang in languages:
            reader.goto(f"{page.url.split('#')[0].split('?')[0]}?lang={lang}")
            found += page_problems(reader, lang)
    finally:
        twin.close()
    return found
