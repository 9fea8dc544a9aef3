"""Every place the keyboard can reach shows the same focus style."""
import pytest

# The thick yellow outline that every focused element shows (see app.css).
FOCUS = {"outlineStyle": "solid", "outlineWidth": "3px", "outlineColor": "rgb(255, 221, 0)"}

STYLE_OF_FOCUSED = """() => {
  const e = document.activeElement;
  const style = getComputedStyle(e);
  return {at: [...document.querySelectorAll("*")].indexOf(e),
          tag: e.tagName.toLowerCase() + (e.type ? "[" + e.type + "]" : "")
               + (e.id ? "#" + e.id : ""),
          outlineStyle: style.outlineStyle, outlineWidth: style.outlineWidth,
          outlineColor: style.outlineColor};
}"""


def tab_stops(page, limit=250):
    """The focus style of every element Tab reaches, from the top of the page to the end."""
    page.locator("body").focus()
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        found = page.evaluate(STYLE_OF_FOCUSED)
        if found["tag"] == "body" or (seen and found["at"] == seen[0]["at"]):
            break
        seen.append(found)
    return seen


@pytest.mark.parametrize("url", [
    "/applications/1/learn?lang=en",  # text boxes, a date, buttons, links
    "/panel/applications/3?lang=ar",  # radios, a details summary, text boxes, in Arabic
])
def test_every_tab_stop_shows_the_focus_style(staff_page, url):
    staff_page.goto(url)

    stops = tab_stops(staff_page)

    assert {stop["tag"].split("[")[0] for stop in stops} >= {"a", "button", "textarea"}
    unstyled = [stop for stop in stops
                if {key: stop[key] for key in FOCUS} != FOCUS]
    assert unstyled == []
