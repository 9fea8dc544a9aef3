"""The checks every page must pass, run together on one load of the page.

A new check (text direction, widths, ...) goes into `page_problems`, so the page walk and every
journey that calls it run it without loading anything again.
"""
from .axe import axe_violations

RIGHT_TO_LEFT = {"ar", "fa", "ur", "ps", "ckb"}


def language_problems(page, lang):
    html = page.locator("html")
    found = (html.get_attribute("lang"), html.get_attribute("dir"))
    wanted = (lang, "rtl" if lang in RIGHT_TO_LEFT else "ltr")
    return [] if found == wanted else [f"<html lang dir> is {found}, not {wanted}"]


def page_problems(page, lang):
    """Everything wrong with the page as it is now, in the language it was asked for."""
    return language_problems(page, lang) + axe_violations(page)
