"""Labelled enums: a value, its translated label and hint, written once."""
from flask_babel import force_locale, lazy_gettext as _l

from sanctuary.core.labels import Labelled


class Colour(Labelled):
    RED = "red", _l("Draft")
    BLUE = "blue", _l("Submitted"), _l("Under review")


def test_a_labelled_enum_is_its_value_and_carries_its_label_and_hint():
    assert Colour("blue") is Colour.BLUE
    assert Colour.BLUE == "blue"
    assert (str(Colour.BLUE.label), str(Colour.BLUE.hint)) == ("Submitted", "Under review")
    assert Colour.RED.hint is None


def test_labels_are_translated_when_shown(app):
    with app.test_request_context(), force_locale("uk"):
        assert [(choice.value, str(choice.label)) for choice in Colour.choices()] == [
            ("red", "Чернетка"), ("blue", "Подано")]
