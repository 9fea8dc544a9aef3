"""How a higher feature extends a lower one (awards <- panel <- decisions): the lower feature
declares a blinker signal in the `hooks` namespace and asks it where it decides; the higher
feature connects a receiver in its `init_app`. The lower feature never imports the higher one,
and a receiver is a plain function of (sender, **keywords), connected once however often
`init_app` runs (blinker keeps one connection per receiver)."""
from dataclasses import dataclass

from blinker import Namespace

hooks = Namespace()


def any_says(signal, sender, **keywords):
    """Whether any receiver answers yes."""
    return any(answer for _receiver, answer in signal.send(sender, **keywords))


def union_of(signal, sender, **keywords):
    """Everything the receivers answer, together (each answers a collection)."""
    return set().union(*(answer or () for _receiver, answer in signal.send(sender, **keywords)))


# ---------------------------------------------------------------------------- the dashboard

# Every feature adds its cards to a person's dashboard (sanctuary/dashboard.py, the wiring layer):
# receiver(user) -> the cards that person should see, each a `Card`.
dashboard_cards = hooks.signal("dashboard-cards")


@dataclass(frozen=True)
class Card:
    """One card on the dashboard: a link and a line about it, or a feature's own fragment
    (`template`, given the person as `user`). Cards show in `order`, lowest first."""

    order: int
    endpoint: str = ""
    title: str = ""
    text: str = ""
    template: str = ""


# ---------------------------------------------------------------------------- parts of pages

# A lower feature's page leaves a named place that higher features fill with fragments of their
# own (`{% for part in parts("awards.status", application=application) %}{% include part %}`):
# receiver(place, **context) -> names of templates to include there, with the page's context.
page_parts = hooks.signal("page-parts")


def parts_for(place, **context):
    return [name for _receiver, names in page_parts.send(place, **context) for name in names or ()]
