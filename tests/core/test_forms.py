import datetime

import pytest
from werkzeug.datastructures import MultiDict

from sanctuary.core.forms import DateInputField, Form


class DateForm(Form):
    class Meta:
        csrf = False

    due = DateInputField("Due date")
    needed = DateInputField("Start date", required_message="Enter the start date")


def typed(app, waiting=False, **boxes):
    """The form as posted with these boxes (due_day="27"...), validated."""
    with app.test_request_context(method="POST"):
        form = DateForm(formdata=MultiDict({name.replace("_", "-"): value
                                            for name, value in boxes.items()}))
        form.due.waiting = waiting
        form.validate()
        return form


def test_a_date_is_read_from_its_day_month_and_year(app):
    form = typed(app, due_day="27", due_month="3", due_year="2027", needed_day=" 1 ",
                 needed_month="12", needed_year="2026")

    assert (form.due.data, form.needed.data) == (datetime.date(2027, 3, 27),
                                                 datetime.date(2026, 12, 1))
    assert form.errors == {}


def test_digits_typed_on_an_arabic_keyboard_are_numbers_too(app):
    form = typed(app, due_day="٢٧", due_month="٣", due_year="٢٠٢٧", needed_day="1",
                 needed_month="1", needed_year="2027")

    assert form.due.data == datetime.date(2027, 3, 27)


@pytest.mark.parametrize(("boxes", "message", "marked"), [
    ({"due_day": "27"}, "Due date must include a month and year", ("month", "year")),
    ({"due_day": "27", "due_year": "2027"}, "Due date must include a month", ("month",)),
    ({"due_month": "3"}, "Due date must include a day and year", ("day", "year")),
    ({"due_day": "27", "due_month": "3", "due_year": "27"},
     "Due date must include a year with 4 numbers, for example 2027", ("year",)),
    ({"due_day": "31", "due_month": "13", "due_year": "2027"}, "Due date must be a real date",
     ("month",)),
    ({"due_day": "29", "due_month": "2", "due_year": "2027"}, "Due date must be a real date",
     ("day",)),
    ({"due_day": "first", "due_month": "March", "due_year": "2027"},
     "Due date must be a real date", ("day", "month")),
])
def test_a_wrong_date_says_what_is_wrong_and_marks_those_boxes(app, boxes, message, marked):
    form = typed(app, needed_day="1", needed_month="1", needed_year="2027", **boxes)

    assert form.due.errors == [message]
    assert form.due.error_parts == marked
    assert form.due.error_anchor == f"due-{marked[0]}"
    assert form.due.data is None
    assert [form.due.parts[p] for p in ("day", "month", "year")] == [
        boxes.get(f"due_{p}", "") for p in ("day", "month", "year")]  # as typed, to show again


def test_an_empty_date_is_allowed_unless_it_is_required(app):
    form = typed(app, due_day="", due_month="", due_year="", needed_day="", needed_month="",
                 needed_year="")

    assert form.due.errors == [] and form.due.data is None
    assert form.needed.errors == ["Enter the start date"]
    assert form.needed.error_parts == ("day", "month", "year")
    assert form.needed.error_anchor == "needed-day"


def test_while_waiting_a_half_typed_date_is_no_error_and_no_date(app):
    form = typed(app, waiting=True, due_day="2", due_month="", due_year="",
                 needed_day="1", needed_month="1", needed_year="2027")

    assert form.errors == {}
    assert form.due.data is None and form.due.incomplete
    assert form.due.parts == {"day": "2", "month": "", "year": ""}


def test_a_saved_date_fills_the_boxes(app):
    with app.test_request_context():
        form = DateForm(formdata=None, data={"due": datetime.date(2027, 3, 7)})

    assert form.due.parts == {"day": "7", "month": "3", "year": "2027"}
    assert form.needed.parts == {"day": "", "month": "", "year": ""}


def test_a_whole_number_field_names_text_that_is_not_a_number_in_the_pages_words(app):
    from werkzeug.datastructures import MultiDict

    from sanctuary.core.forms import Form, WholeNumberField

    class Places(Form):
        places = WholeNumberField("Places", invalid_message="Enter a whole number, like 2")

    with app.test_request_context():
        typed = {value: Places(formdata=MultiDict({"places": value}), meta={"csrf": False})
                 for value in ("two", "1.5", "3")}
        checked = {value: (form.validate(), form.places.errors, form.places.data)
                   for value, form in typed.items()}

    assert checked == {"two": (False, ["Enter a whole number, like 2"], None),
                       "1.5": (False, ["Enter a whole number, like 2"], None),
                       "3": (True, [], 3)}
